use super::{AddGrant, Permission, PersonGrants, RevokeGrant, Role, list_grants};
use crate::accounts::{PartnerAccountSummary, list_partner_accounts};
use crate::components::{ActionOutcome, BackToAdmin, Loading, PageHeader, outcome_of};
use leptos::prelude::*;

/// `/admin/grants`: everyone who has signed in and their roles per account; admins add grants
/// and revoke any (a revoked grant does not come back at the next sign-in).
#[component]
pub fn GrantsPage() -> impl IntoView {
    let add = ServerAction::<AddGrant>::new();
    let revoke = ServerAction::<RevokeGrant>::new();
    let people = Resource::new(
        move || (add.version().get(), revoke.version().get()),
        |_| list_grants(),
    );
    let accounts = Resource::new(|| (), |_| list_partner_accounts(Some(Permission::Administer)));
    let added = outcome_of(add, "Grant added.");
    let revoked = outcome_of(revoke, "Grant revoked.");
    view! {
        <PageHeader
            title="Roles"
            summary="Who may do what on which partner account. Grants from sign-in follow the staff's app roles and groups; revoked grants stay revoked."
        />
        <BackToAdmin />
        <ActionOutcome outcome=added />
        <ActionOutcome outcome=revoked />
        <Transition fallback=|| {
            view! { <Loading /> }
        }>
            {move || Suspend::new(async move {
                let people = people.await?;
                let accounts = accounts.await.unwrap_or_default();
                Ok::<
                    _,
                    crate::AppError,
                >(
                    view! {
                        <AddGrantForm add people=people.clone() accounts />
                        <GrantsTable people revoke />
                    },
                )
            })}
        </Transition>
    }
}

#[component]
fn AddGrantForm(
    add: ServerAction<AddGrant>,
    people: Vec<PersonGrants>,
    accounts: Vec<PartnerAccountSummary>,
) -> impl IntoView {
    view! {
        <ActionForm action=add attr:class="inline-form" attr:aria-label="Add a grant">
            <label>
                "Person" <select name="staff" required>
                    {people
                        .into_iter()
                        .map(|person| {
                            view! {
                                <option value=person
                                    .staff_id
                                    .to_string()>{format!("{} ({})", person.name, person.username)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Role" <select name="role" required>
                    {Role::ALL
                        .into_iter()
                        .map(|role| view! { <option value=role.as_str()>{role.as_str()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Account" <select name="account">
                    <option value="">"Every account"</option>
                    {accounts
                        .into_iter()
                        .map(|account| {
                            view! { <option value=account.id.to_string()>{account.name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="button" disabled=move || add.pending().get()>
                "Add grant"
            </button>
        </ActionForm>
    }
}

#[component]
fn GrantsTable(people: Vec<PersonGrants>, revoke: ServerAction<RevokeGrant>) -> impl IntoView {
    view! {
        <table class="data-table grants-table">
            <caption>"People who have signed in, and their grants"</caption>
            <thead>
                <tr>
                    <th scope="col">"Person"</th>
                    <th scope="col">"Grants"</th>
                </tr>
            </thead>
            <tbody>
                {people
                    .into_iter()
                    .map(|person| {
                        let empty = person.grants.is_empty();
                        view! {
                            <tr data-person=person.username.clone()>
                                <th scope="row">
                                    {person.name.clone()} <br />
                                    <span class="muted">{person.username.clone()}</span>
                                </th>
                                <td>
                                    <ul class="grant-list">
                                        {person
                                            .grants
                                            .into_iter()
                                            .map(|grant| {
                                                let scope = grant
                                                    .account_name
                                                    .clone()
                                                    .unwrap_or_else(|| "every account".to_owned());
                                                let origin = match grant.granted_by.clone() {
                                                    Some(by) => format!("granted by {by}"),
                                                    None => format!("from {}", grant.source),
                                                };
                                                let label = format!(
                                                    "Revoke {} on {scope} from {}",
                                                    grant.role.as_str(),
                                                    person.name,
                                                );
                                                view! {
                                                    <li data-grant=format!("{}:{scope}", grant.role.as_str())>
                                                        <strong>{grant.role.as_str()}</strong>
                                                        {format!(" on {scope} ")}
                                                        <span class="muted">{origin}</span>
                                                        <ActionForm action=revoke attr:class="inline-form">
                                                            <input
                                                                type="hidden"
                                                                name="grant"
                                                                value=grant.id.to_string()
                                                            />
                                                            <button type="submit" class="button-link" aria-label=label>
                                                                "Revoke"
                                                            </button>
                                                        </ActionForm>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    {empty
                                        .then(|| {
                                            view! { <p class="muted">"No role: sees nothing."</p> }
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
