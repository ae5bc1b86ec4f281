//! Compares the cache with the simulator's own data, row by row: what a clean sync must hold.

use sim::model::{Customer, Subscription};
use sqlx::PgPool;
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
struct CustomerRow {
    id: Uuid,
    company_name: String,
    domain: String,
    relationship: Option<String>,
    reseller_id: Option<String>,
    email: Option<String>,
    country: Option<String>,
    city: Option<String>,
    billing_email: Option<String>,
    billing_culture: Option<String>,
    billing_company_name: Option<String>,
    billing_first_name: Option<String>,
    billing_etag: Option<String>,
    allow_delegated_access: Option<bool>,
    domains: Vec<String>,
}

#[derive(Debug, PartialEq, sqlx::FromRow)]
struct SubscriptionRow {
    customer_id: Uuid,
    id: Uuid,
    offer_id: String,
    friendly_name: Option<String>,
    quantity: i32,
    status: String,
    billing_type: Option<String>,
    billing_cycle: Option<String>,
    auto_renew: Option<bool>,
    parent_subscription_id: Option<Uuid>,
    order_id: Option<String>,
    partner_id: Option<String>,
    etag: Option<String>,
    commitment_end_date: Option<OffsetDateTime>,
    effective_start_date: Option<OffsetDateTime>,
    provisioning_status: Option<String>,
}

/// Asserts the cache of every simulated account equals the simulator's data.
pub async fn assert_cache_equals_simulator(pool: &PgPool, sim: &sim::Sim, spend_days: i64) {
    let now = sim.clock.now();
    for account in &sim.accounts {
        let info = &account.info;
        let id: Uuid = sqlx::query_scalar("SELECT id FROM partner_accounts WHERE tenant_id = $1")
            .bind(info.tenant_id)
            .fetch_one(pool)
            .await
            .expect("the account is registered");
        let data = account.data.read().expect("simulator data").customers.clone();
        assert_customers(pool, id, &data, &info.name).await;
        let names = data.iter().map(|customer| customer.company_name.as_str());
        super::search_words::assert_dictionary(pool, id, names, &info.name).await;
        let customers = data
            .iter()
            .map(|customer| (customer.id, customer.company_name.as_str()));
        super::search_words::assert_customer_words(pool, id, customers, &info.name).await;
        assert_subscriptions(pool, id, &data, now, &info.name).await;
        assert_orders(pool, id, &data, &info.name).await;
        super::cached_users::assert_users(pool, id, &data, now, &info.name).await;
        if info.cloud.supports(sim::Capability::SpendingBudgets) {
            assert_budgets(pool, id, &data, &info.name).await;
            assert_spend(pool, id, &data, sim.config.seed, info.currency, now, spend_days).await;
        }
        let offers: i64 = sqlx::query_scalar("SELECT count(*) FROM offers WHERE account_id = $1")
            .bind(id)
            .fetch_one(pool)
            .await
            .unwrap();
        let markets = info.markets.len() as i64;
        assert_eq!(
            offers,
            sim.catalog.offers(info.cloud).count() as i64 * markets,
            "{}: offers",
            info.name
        );
    }
}

async fn assert_customers(pool: &PgPool, account: Uuid, data: &[Customer], name: &str) {
    let rows: Vec<CustomerRow> = sqlx::query_as(
        "SELECT c.id, c.company_name, c.domain, c.relationship, c.reseller_id, c.email, c.country,
                c.company_address->>'city' AS city, c.billing_email, c.billing_culture, c.billing_company_name,
                c.billing_first_name, c.billing_etag, c.allow_delegated_access,
                array(SELECT d.domain FROM customer_domains d WHERE d.account_id = c.account_id AND d.customer_id = c.id ORDER BY 1) AS domains
         FROM customers c WHERE c.account_id = $1 ORDER BY c.id",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .expect("customers read");
    let mut expected: Vec<&Customer> = data.iter().collect();
    expected.sort_by_key(|customer| customer.id);
    assert_eq!(rows.len(), expected.len(), "{name}: customer count");
    for (row, customer) in rows.iter().zip(expected) {
        let company_address = customer
            .company_address
            .as_deref()
            .unwrap_or(&customer.billing.default_address);
        assert_eq!(row.id, customer.id, "{name}");
        assert_eq!(row.company_name, customer.company_name, "{name}");
        assert_eq!(row.domain, customer.domain, "{name}");
        assert_eq!(row.relationship.as_deref(), Some(customer.relationship), "{name}");
        assert_eq!(
            row.reseller_id,
            customer.associated_partner_id.map(|id| id.to_string()),
            "{name}"
        );
        assert_eq!(
            row.email.as_deref(),
            Some(customer.company_email.as_str()),
            "{name}"
        );
        assert_eq!(
            row.country.as_deref(),
            Some(company_address.country.as_ref()),
            "{name}"
        );
        assert_eq!(row.city.as_deref(), Some(company_address.city.as_ref()), "{name}");
        let billing = &customer.billing;
        assert_eq!(
            row.billing_email.as_deref(),
            Some(billing.email.as_str()),
            "{name}"
        );
        assert_eq!(
            row.billing_culture.as_deref(),
            Some(billing.culture.as_str()),
            "{name}"
        );
        assert_eq!(
            row.billing_company_name.as_deref(),
            Some(billing.company_name.as_str()),
            "{name}"
        );
        assert_eq!(
            row.billing_first_name.as_deref(),
            billing.first_name.as_deref(),
            "{name}"
        );
        assert_eq!(
            row.billing_etag.as_deref(),
            Some(customer.billing_etag().as_str()),
            "{name}"
        );
        assert_eq!(
            row.allow_delegated_access,
            Some(customer.allow_delegated_access),
            "{name}"
        );
        assert_eq!(row.domains, vec![customer.domain.to_lowercase()], "{name}");
    }
}

async fn assert_subscriptions(
    pool: &PgPool,
    account: Uuid,
    data: &[Customer],
    now: OffsetDateTime,
    name: &str,
) {
    let rows: Vec<SubscriptionRow> = sqlx::query_as(
        "SELECT customer_id, id, offer_id, friendly_name, quantity, status, billing_type, billing_cycle, auto_renew,
                parent_subscription_id, order_id, partner_id, etag, commitment_end_date, effective_start_date,
                provisioning_status
         FROM subscriptions WHERE account_id = $1 ORDER BY id",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .expect("subscriptions read");
    let mut expected: Vec<(Uuid, &Subscription)> = data
        .iter()
        .flat_map(|customer| {
            customer
                .subscriptions
                .iter()
                .map(move |subscription| (customer.id, subscription))
        })
        .collect();
    expected.sort_by_key(|(_, subscription)| subscription.id);
    assert_eq!(rows.len(), expected.len(), "{name}: subscription count");
    for (row, (customer, subscription)) in rows.iter().zip(expected) {
        let recent = now - subscription.created_at < Duration::days(30);
        let checked = subscription.status.as_str() != "deleted"
            && (recent || subscription.status.as_str() == "pending");
        let want = SubscriptionRow {
            customer_id: customer,
            id: subscription.id,
            offer_id: subscription.offer_id.to_owned(),
            friendly_name: Some(subscription.friendly_name().to_owned()),
            quantity: subscription.quantity as i32,
            status: subscription.status.as_str().to_owned(),
            billing_type: Some(subscription.billing_type.to_owned()),
            billing_cycle: Some(subscription.billing_cycle.to_owned()),
            auto_renew: Some(subscription.auto_renew),
            parent_subscription_id: subscription.parent_id,
            order_id: Some(subscription.order_id.to_string()),
            partner_id: subscription.partner_id.clone(),
            etag: Some(subscription.etag()),
            commitment_end_date: Some(subscription.commitment_end),
            effective_start_date: Some(subscription.effective_start),
            provisioning_status: checked.then(|| subscription.provisioning_status(now).as_str().to_owned()),
        };
        assert_eq!(row, &want, "{name}");
    }
}

async fn assert_orders(pool: &PgPool, account: Uuid, data: &[Customer], name: &str) {
    let rows: Vec<(Uuid, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT o.customer_id, o.id, o.billing_cycle,
                (SELECT count(*) FROM order_line_items l WHERE l.account_id = o.account_id AND l.order_id = o.id)
         FROM orders o WHERE o.account_id = $1 ORDER BY o.customer_id, o.id",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .expect("orders read");
    let mut expected: Vec<(Uuid, String, Option<String>, i64)> = data
        .iter()
        .flat_map(|customer| {
            customer.orders().into_iter().map(move |order| {
                (
                    customer.id,
                    order.id.to_string(),
                    Some(order.billing_cycle.to_owned()),
                    order.line_items.len() as i64,
                )
            })
        })
        .collect();
    expected.sort();
    assert_eq!(rows, expected, "{name}: orders and their line item counts");
    let lines: Vec<(String, i32, Option<Uuid>, Option<i32>)> = sqlx::query_as(
        "SELECT order_id, line_item_number, subscription_id, quantity FROM order_line_items
         WHERE account_id = $1 ORDER BY order_id, line_item_number",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .unwrap();
    let mut expected_lines: Vec<(String, i32, Option<Uuid>, Option<i32>)> = data
        .iter()
        .flat_map(Customer::orders)
        .flat_map(|order| {
            order
                .line_items
                .iter()
                .map(move |line| {
                    (
                        order.id.to_string(),
                        line.number as i32,
                        Some(line.subscription_id),
                        Some(line.quantity as i32),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    expected_lines.sort();
    assert_eq!(lines, expected_lines, "{name}: order line items");
}

async fn assert_budgets(pool: &PgPool, account: Uuid, data: &[Customer], name: &str) {
    let rows: BTreeMap<Uuid, Option<f64>> = sqlx::query_as::<_, (Uuid, Option<f64>)>(
        "SELECT customer_id, amount::float8 FROM budgets WHERE account_id = $1",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let expected: BTreeMap<Uuid, Option<f64>> = data
        .iter()
        .map(|customer| (customer.id, customer.budget))
        .collect();
    assert_eq!(rows, expected, "{name}: budgets");
}

#[allow(clippy::too_many_arguments)]
async fn assert_spend(
    pool: &PgPool,
    account: Uuid,
    data: &[Customer],
    seed: u64,
    currency: &str,
    now: OffsetDateTime,
    days: i64,
) {
    let rows: BTreeMap<(Uuid, time::Date), f64> = sqlx::query_as::<_, (Uuid, time::Date, f64)>(
        "SELECT subscription_id, day, amount::float8 FROM daily_spend WHERE account_id = $1",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .map(|(subscription, day, amount)| ((subscription, day), amount))
    .collect();
    let today = sim::usage::start_of_day(now);
    let mut compared = 0;
    for subscription in data
        .iter()
        .flat_map(|customer| &customer.subscriptions)
        .filter(|s| s.is_azure())
    {
        // Whole days only: today's usage is still accruing.
        for back in 1..days {
            let day = today - Duration::days(back);
            let expected =
                sim::usage::cost_between(seed, subscription, day, day + Duration::days(1), currency);
            let cached = rows.get(&(subscription.id, day.date())).copied().unwrap_or(0.0);
            assert!(
                (cached - expected).abs() <= 0.011,
                "spend of {} on {}: cached {cached}, simulator {expected}",
                subscription.id,
                day.date()
            );
            compared += usize::from(expected > 0.0);
        }
    }
    assert!(compared > 0, "some Azure usage was compared");
}
