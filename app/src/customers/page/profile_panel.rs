use crate::accounts::AccountHealth;
use crate::customers::{AccountBrief, CustomerProfile, Freshness};
use crate::sync::Moment;
use leptos::prelude::*;

/// Company and billing profile, domains and relationship.
#[component]
pub fn ProfilePanel(profile: CustomerProfile, domains: Vec<String>) -> impl IntoView {
    let relationship = match (&profile.reseller_id, profile.relationship.as_deref()) {
        (Some(reseller), _) => format!("Through indirect reseller {reseller}"),
        (None, Some("none") | None) => "Direct".to_owned(),
        (None, Some(other)) => format!("Direct ({other})"),
    };
    let delegated = match profile.allow_delegated_access {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not read yet",
    };
    let billing = profile.billing.map(|billing| {
        view! {
            <h3>"Billing profile"</h3>
            <dl class="facts">
                <dt>"Contact"</dt>
                <dd>{billing.contact}</dd>
                <dt>"Email"</dt>
                <dd>{billing.email.unwrap_or_default()}</dd>
                <dt>"Company"</dt>
                <dd>{billing.company_name.unwrap_or_default()}</dd>
                <dt>"Language"</dt>
                <dd>
                    {[billing.language, billing.culture]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ")}
                </dd>
                <dt>"Address"</dt>
                <dd>{address(billing.address)}</dd>
            </dl>
        }
    });
    view! {
        <section class="panel" aria-labelledby="profile-title">
            <h2 id="profile-title">"Company"</h2>
            <dl class="facts">
                <dt>"Customer (tenant) id"</dt>
                <dd>
                    <code>{profile.id.to_string()}</code>
                </dd>
                <dt>"Relationship"</dt>
                <dd>{relationship}</dd>
                <dt>"Delegated admin access"</dt>
                <dd>{delegated}</dd>
                <dt>"Email"</dt>
                <dd>{profile.email.unwrap_or_default()}</dd>
                <dt>"Address"</dt>
                <dd>{address(profile.address)}</dd>
                <dt>"Domains"</dt>
                <dd>
                    <ul class="plain-list domains">
                        {domains.into_iter().map(|domain| view! { <li>{domain}</li> }).collect_view()}
                    </ul>
                </dd>
            </dl>
            {billing}
        </section>
    }
}

fn address(lines: Vec<String>) -> impl IntoView {
    if lines.is_empty() {
        return view! { <span class="muted">"Not read yet"</span> }.into_any();
    }
    view! {
        <address>
            {lines
                .into_iter()
                .map(|line| {
                    view! {
                        <span>{line}</span>
                        <br />
                    }
                })
                .collect_view()}
        </address>
    }
    .into_any()
}

/// The owning account's health and when each part of this customer was last read.
#[component]
pub fn FreshnessPanel(account: AccountBrief, freshness: Freshness) -> impl IntoView {
    let healthy = account.health == AccountHealth::Ok;
    let row = |label: &'static str, moment: Option<Moment>| {
        let shown = moment.map_or_else(|| "not read yet".to_owned(), |moment| moment.relative());
        view! {
            <dt>{label}</dt>
            <dd>{shown}</dd>
        }
    };
    view! {
        <section class="panel" aria-labelledby="freshness-title">
            <h2 id="freshness-title">"Freshness"</h2>
            <p class="health-line" data-health=account.health.as_str()>
                <span class="health-dot" aria-hidden="true"></span>
                {format!("{} ({}): {}", account.name, account.cloud.label(), account.health.label())}
            </p>
            {(!healthy).then(|| account.health_detail.map(|detail| view! { <p class="muted">{detail}</p> }))}
            <dl class="facts">
                {row("Customer", Some(freshness.customer))} {row("Profiles and domains", freshness.profile)}
                {row("Subscriptions", freshness.subscriptions)} {row("Orders", freshness.orders)}
                {row("Users", freshness.users)}
            </dl>
            <p class="muted">"Everything here is read from Switchboard's copy of Partner Center."</p>
        </section>
    }
}
