use super::{Grants, Permission, load_current_staff};
use crate::components::{Loading, set_http_status};
use leptos::either::Either;
use leptos::prelude::*;

/// Shows `children` to people who hold `permission` on at least one account; everyone else
/// sees which roles the area needs and the roles they have (status 403). The server checks
/// every server function anyway; this spares people a page of refusals.
#[component]
pub fn RequirePermission(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let staff = load_current_staff();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                let access = staff.0.await?;
                Ok::<
                    _,
                    crate::AppError,
                >(
                    if access.grants.allows_anywhere(permission) {
                        Either::Left(children.read_value()())
                    } else {
                        set_http_status(403);
                        Either::Right(view! { <NeedsRole permission grants=access.grants /> })
                    },
                )
            })}
        </Suspense>
    }
}

#[component]
fn NeedsRole(permission: Permission, grants: Grants) -> impl IntoView {
    let yours: Vec<String> = grants
        .0
        .iter()
        .map(|grant| match grant.account {
            None => format!("{} on every account", grant.role.as_str()),
            Some(_) => format!("{} on one account", grant.role.as_str()),
        })
        .collect();
    view! {
        <section class="error-view" role="alert" aria-labelledby="needs-role-title">
            <h1 id="needs-role-title">"Not part of your role"</h1>
            <p>{format!("{} on at least one account.", permission.missing(None).trim_end_matches('.'))}</p>
            <p>
                {if yours.is_empty() {
                    "You have no role on any partner account yet.".to_owned()
                } else {
                    format!("Your roles: {}.", yours.join(", "))
                }}
            </p>
            <p>"An administrator grants roles under Admin → Roles."</p>
            <p>
                <a href="/">"Back to the dashboard"</a>
            </p>
        </section>
    }
}
