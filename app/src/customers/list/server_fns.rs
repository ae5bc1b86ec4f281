use super::{CustomerListPage, CustomerListQuery};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the customers of every account the person may see, through `query`'s filters.
#[server(prefix = "/api", endpoint = "customers/list")]
pub async fn list_customers(
    #[server(default)] query: CustomerListQuery,
) -> Result<CustomerListPage, AppError> {
    let visible = crate::auth::access::visible(crate::auth::Permission::Read).await?;
    let filter = query
        .parse()
        .map_err(|error| crate::error::with_http_status(error.into()))?;
    let pool = crate::database::pool()?;
    let (mut rows, total) = super::queries::page(&pool, &visible, &filter, super::PAGE_SIZE + 1).await?;
    let more = rows.len() as i64 > super::PAGE_SIZE;
    rows.truncate(super::PAGE_SIZE as usize);
    let next = more
        .then(|| rows.last().map(|row| row.cursor().encode()))
        .flatten();
    Ok(CustomerListPage { rows, total, next })
}
