use super::types::CustomerHit;
use crate::error::AppError;
use leptos::prelude::*;

/// The customers matching `q` on every account the signed-in person may see, best first.
#[server(prefix = "/api", endpoint = "customers/search")]
pub async fn search_customers(q: String) -> Result<Vec<CustomerHit>, AppError> {
    let visible = crate::auth::access::visible(crate::auth::Permission::Read).await?;
    let term = super::types::SearchTerm::parse(&q).map_err(|message| {
        crate::error::with_http_status(AppError::Invalid {
            field: "q".to_owned(),
            message,
        })
    })?;
    let pool = crate::database::pool()?;
    Ok(super::queries::search(&pool, &visible, &term, super::types::SEARCH_LIMIT).await?)
}
