//! The customer's users (USR-02, cached): who can sign in to the customer's tenant, for a
//! helpdesk agent checking a caller's account.

use crate::customers::CustomerUserRow;
use leptos::prelude::*;

/// The users by name, with their sign-in name, usage location and directory sync.
#[component]
pub fn UsersPanel(users: Vec<CustomerUserRow>, read: bool) -> impl IntoView {
    let count = users.len();
    let body = if users.is_empty() {
        let message = if read {
            "This customer has no active users."
        } else {
            "Users have not been read yet."
        };
        view! { <p class="muted">{message}</p> }.into_any()
    } else {
        view! {
            <table class="data-table users-table">
                <caption class="visually-hidden">"Users, by name"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Sign-in name"</th>
                        <th scope="col">"Usage location"</th>
                        <th scope="col">"Directory sync"</th>
                    </tr>
                </thead>
                <tbody>
                    {users
                        .into_iter()
                        .map(|user| {
                            let synced = match (&user.last_directory_sync, user.user_domain_type.as_deref()) {
                                (Some(moment), _) => moment.relative(),
                                (None, Some("federated")) => "federated".to_owned(),
                                (None, _) => "cloud only".to_owned(),
                            };
                            view! {
                                <tr data-user=user.id.to_string()>
                                    <td>{user.display_name}</td>
                                    <td>
                                        <code>{user.user_principal_name}</code>
                                    </td>
                                    <td>{user.usage_location.unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{synced}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="panel" aria-labelledby="users-title">
            <h2 id="users-title">{format!("Users ({count})")}</h2>
            {body}
        </section>
    }
}
