//! SQL for the customer page: the customer, its profiles, domains, subscriptions and users.

use super::types::{
    AccountBrief, BillingProfile, CustomerProfile, CustomerUserRow, Freshness, SubscriptionRow,
    SuspensionNote,
};
use crate::accounts::{AccountHealth, Cloud};
use crate::auth::access::Authorized;
use crate::sync::Moment;
use sqlx::PgPool;
use time::OffsetDateTime;
use uuid::Uuid;

/// The customer of the authorized account, its account and how fresh each part is; `None` if
/// the account has no such customer (any more).
pub async fn profile(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
) -> Result<Option<(AccountBrief, CustomerProfile, Freshness)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT a.id AS account_id, a.name AS account_name, a.cloud AS "cloud: Cloud",
                  a.health AS "health: AccountHealth", a.health_detail,
                  c.id, c.commerce_id, c.company_name, c.domain, c.relationship, c.reseller_id,
                  c.allow_delegated_access, c.email, c.country, c.company_address, c.billing_first_name,
                  c.billing_last_name, c.billing_email, c.billing_company_name, c.billing_culture,
                  c.billing_language, c.billing_address, c.billing_profile_id,
                  c.synced_at, c.profile_synced_at, c.subscriptions_synced_at, c.orders_synced_at,
                  c.users_synced_at, now() AS "now!"
           FROM customers c JOIN partner_accounts a ON a.id = c.account_id
           WHERE c.account_id = $1 AND c.id = $2"#,
        authorized.account(),
        customer
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let moment = |at: OffsetDateTime| Moment::at(at, row.now);
    let billing = row.billing_profile_id.as_ref().map(|_| BillingProfile {
        contact: [
            row.billing_first_name.as_deref(),
            row.billing_last_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" "),
        email: row.billing_email.clone(),
        company_name: row.billing_company_name.clone(),
        culture: row.billing_culture.clone(),
        language: row.billing_language.clone(),
        address: address_lines(row.billing_address.as_ref()),
    });
    let account = AccountBrief {
        id: row.account_id,
        name: row.account_name,
        cloud: row.cloud,
        health: row.health,
        health_detail: row.health_detail,
    };
    let freshness = Freshness {
        customer: moment(row.synced_at),
        profile: row.profile_synced_at.map(moment),
        subscriptions: row.subscriptions_synced_at.map(moment),
        orders: row.orders_synced_at.map(moment),
        users: row.users_synced_at.map(moment),
    };
    let profile = CustomerProfile {
        id: row.id,
        commerce_id: row.commerce_id,
        company_name: row.company_name,
        domain: row.domain,
        relationship: row.relationship,
        reseller_id: row.reseller_id,
        allow_delegated_access: row.allow_delegated_access,
        email: row.email,
        country: row.country,
        address: address_lines(row.company_address.as_ref()),
        billing,
    };
    Ok(Some((account, profile, freshness)))
}

/// The customer's active users, by name.
pub async fn users(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
) -> Result<Vec<CustomerUserRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id, display_name, user_principal_name, usage_location, user_domain_type,
                  last_directory_sync_at, now() AS "now!"
           FROM customer_users WHERE account_id = $1 AND customer_id = $2
           ORDER BY lower(display_name), lower(user_principal_name)"#,
        authorized.account(),
        customer
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| CustomerUserRow {
            id: row.id,
            display_name: row.display_name,
            user_principal_name: row.user_principal_name,
            usage_location: row.usage_location,
            user_domain_type: row.user_domain_type,
            last_directory_sync: row.last_directory_sync_at.map(|at| Moment::at(at, row.now)),
        })
        .collect())
}

/// Every domain of the customer: the primary one first, then the others by name.
pub async fn domains(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT domain AS "domain!" FROM (
               SELECT c.domain, 0 AS primary_first FROM customers c WHERE c.account_id = $1 AND c.id = $2
               UNION
               SELECT d.domain, 1 FROM customer_domains d WHERE d.account_id = $1 AND d.customer_id = $2
           ) all_domains
           GROUP BY domain ORDER BY min(primary_first), domain"#,
        authorized.account(),
        customer
    )
    .fetch_all(pool)
    .await
}

/// The customer's subscriptions: add-ons under their parents, by offer name.
pub async fn subscriptions(
    pool: &PgPool,
    authorized: &Authorized,
    customer: Uuid,
) -> Result<Vec<SubscriptionRow>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT s.id, s.offer_id, s.offer_name, s.friendly_name, s.quantity, s.unit_type, s.status,
                  s.billing_type, s.billing_cycle, s.is_trial, s.auto_renew, s.commitment_end_date,
                  s.provisioning_status, s.suspension_reasons, s.parent_subscription_id, s.synced_at, now() AS "now!",
                  s.etag, p.status AS "parent_status?", c.kind AS "last_kind?", c.requested_by_name AS "changed_by?",
                  c.reason_code AS "reason_code?", c.reason_text, c.finished_at AS "changed_at?"
           FROM subscriptions s
           LEFT JOIN subscriptions p ON p.account_id = s.account_id AND p.id = s.parent_subscription_id
           LEFT JOIN LATERAL (
               SELECT kind, requested_by_name, reason_code, reason_text, finished_at FROM subscription_commands
               WHERE account_id = s.account_id AND subscription_id = s.id AND state = 'done' AND kind <> 'rename'
               ORDER BY finished_at DESC LIMIT 1
           ) c ON s.status = 'suspended'
           WHERE s.account_id = $1 AND s.customer_id = $2
           ORDER BY coalesce(p.offer_name, p.offer_id, s.offer_name, s.offer_id), coalesce(p.id, s.id),
                    s.parent_subscription_id IS NOT NULL, s.offer_name, s.id"#,
        authorized.account(),
        customer
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| SubscriptionRow {
            id: row.id,
            offer_id: row.offer_id,
            offer_name: row.offer_name,
            nickname: row.friendly_name,
            quantity: row.quantity,
            unit_type: row.unit_type,
            status: row.status,
            billing_type: row.billing_type,
            billing_cycle: row.billing_cycle,
            is_trial: row.is_trial.unwrap_or(false),
            auto_renew: row.auto_renew,
            // Partner Center's "no end" is 9999-12-31.
            term_end: row
                .commitment_end_date
                .filter(|end| end.year() < 9999)
                .map(|end| end.date().to_string()),
            provisioning_status: row.provisioning_status,
            suspension_reasons: row.suspension_reasons,
            parent_id: row.parent_subscription_id,
            parent_status: row.parent_status,
            etag: row.etag,
            suspension: match (row.last_kind.as_deref(), row.changed_by, row.changed_at) {
                (Some("suspend"), Some(by), Some(at)) => Some(SuspensionNote {
                    by,
                    reason: crate::subscriptions::describe_reason(
                        row.reason_code.as_deref(),
                        row.reason_text,
                    ),
                    since: Moment::at(at, row.now),
                }),
                _ => None,
            },
            synced: Moment::at(row.synced_at, row.now),
        })
        .collect())
}

/// An address (contract §CUST-01 `Address`) as the lines of an envelope.
fn address_lines(address: Option<&serde_json::Value>) -> Vec<String> {
    let Some(address) = address else { return Vec::new() };
    let field = |name: &str| {
        address
            .as_object()
            .and_then(|object| object.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)))
            .and_then(|(_, value)| value.as_str())
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    let town = [field("postalCode"), field("city"), field("state")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [
        field("addressLine1"),
        field("addressLine2"),
        field("addressLine3"),
    ]
    .into_iter()
    .flatten()
    .map(str::to_owned)
    .chain((!town.is_empty()).then_some(town))
    .chain(field("country").map(str::to_owned))
    .collect()
}
