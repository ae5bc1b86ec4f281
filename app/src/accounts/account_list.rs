use super::PartnerAccountSummary;
use leptos::prelude::*;

/// A table of partner accounts: name, cloud, tenant and state.
#[component]
pub fn AccountList(accounts: Vec<PartnerAccountSummary>) -> impl IntoView {
    view! {
        <table class="data-table">
            <caption>"Connected Partner Center accounts"</caption>
            <thead>
                <tr>
                    <th scope="col">"Account"</th>
                    <th scope="col">"Cloud"</th>
                    <th scope="col">"Partner tenant"</th>
                    <th scope="col">"State"</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|account| {
                        view! {
                            <tr>
                                <th scope="row">{account.name}</th>
                                <td>{account.cloud.label()}</td>
                                <td class="mono">{account.tenant_id.to_string()}</td>
                                <td>{if account.enabled { "Enabled" } else { "Disabled" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
