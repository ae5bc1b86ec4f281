//! Account-wide history: indirect resellers, past invoices, service requests, activity log.

use super::naming::person;
use super::words::SERVICE_REQUESTS;
use crate::billing::{Period, license_charges, usage_charges};
use crate::cloud::{Capability, Cloud};
use crate::dice::Dice;
use crate::model::audit::AuditValue;
use crate::model::{
    AccountData, AccountInfo, AuditRecord, Catalog, Invoice, Reseller, ServiceNote, ServiceRequest,
    SubscriptionStatus,
};
use crate::usage::{add_months, billing_period};
use time::{Duration, OffsetDateTime};

/// Months of past invoices each account has.
const INVOICE_MONTHS: i32 = 6;
/// How far back the activity log goes (contract AUD-01).
pub const AUDIT_RETENTION_DAYS: i64 = 90;

pub fn resellers(seed: u64, info: &AccountInfo) -> Vec<Reseller> {
    let names: &[(&str, &'static str)] = match info.cloud {
        Cloud::Global if info.index == 0 => &[
            ("First Up Consultants", "US"),
            ("ReleCloud", "CA"),
            ("Proseware", "US"),
            ("Lamna Healthcare IT", "GB"),
        ],
        Cloud::Global => &[("Trey Research", "GB"), ("Wingtip Toys IT", "US")],
        Cloud::China => &[
            ("Shanghai Yunhe Partners", "CN"),
            ("Beijing Zhongke IT Services", "CN"),
        ],
        Cloud::UsGov => &[("Liberty Federal IT", "US")],
        Cloud::Germany => &[("Wingtip Systemhaus", "DE")],
    };
    let mut dice = Dice::new(seed, "resellers", info.index as u64);
    names
        .iter()
        .map(|(name, location)| Reseller {
            tenant_id: dice.uuid(),
            name: (*name).to_owned(),
            mpn_id: dice.digits(7),
            location,
        })
        .collect()
}

/// The last six monthly invoices, totals computed exactly as their line items are.
pub fn generate_invoices(
    seed: u64,
    catalog: &Catalog,
    info: &AccountInfo,
    data: &mut AccountData,
    now: OffsetDateTime,
) {
    let mut dice = Dice::new(seed, "invoices", info.index as u64);
    let (current_start, _) = billing_period(now, info.billing_day);
    let mut invoices = Vec::new();
    for months_back in (1..=INVOICE_MONTHS).rev() {
        let period = Period {
            start: add_months(current_start, -months_back),
            end: add_months(current_start, 1 - months_back),
        };
        let license_total: f64 = license_charges(catalog, info, data, period)
            .map(|charge| charge.amount)
            .sum();
        let usage_total: f64 = usage_charges(seed, info, data, period)
            .map(|charge| charge.amount)
            .sum();
        let mut invoice = Invoice {
            id: format!("{}{}{}", dice.letters(1), dice.digits(6), dice.letters(3)),
            period_start: period.start,
            period_end: period.end,
            license_total,
            usage_total,
            paid_amount: 0.0,
            currency: info.currency,
        };
        if months_back > 2 {
            invoice.paid_amount = -invoice.total_charges();
        }
        invoices.push(invoice);
    }
    data.invoices = invoices;
}

pub fn generate_service_requests(seed: u64, info: &AccountInfo, data: &mut AccountData, now: OffsetDateTime) {
    if !info.cloud.supports(Capability::ServiceRequests) {
        return;
    }
    let mut dice = Dice::new(seed, "service-requests", info.index as u64);
    let topics = crate::http::support::SUPPORT_TOPICS;
    for (title, severity, topic_name) in SERVICE_REQUESTS {
        let topic = topics
            .iter()
            .find(|topic| topic.1 == topic_name)
            .unwrap_or(&topics[0]);
        let created_at = now - Duration::hours(dice.range(2, 24 * 45) as i64);
        let status = *dice.pick(&["open", "open", "attention_needed", "closed"]);
        let customer = (!data.customers.is_empty() && dice.chance(0.5))
            .then(|| data.customers[dice.range(0, data.customers.len() as u64) as usize].id);
        let (first, last) = person(&mut dice, info.country);
        let notes = (0..dice.range(0, 3))
            .map(|note| ServiceNote {
                created_by: if note % 2 == 0 {
                    "Microsoft Support".to_owned()
                } else {
                    format!("{first} {last}")
                },
                created_at: created_at + Duration::hours(4 + 20 * note as i64),
                text: if note % 2 == 0 {
                    "We are looking into this and will update you within one business day.".to_owned()
                } else {
                    "Attached the correlation id from the failing call.".to_owned()
                },
            })
            .filter(|note| note.created_at <= now)
            .collect::<Vec<_>>();
        let modified_at = notes.last().map_or(created_at, |note| note.created_at).min(now);
        data.service_requests.push(ServiceRequest {
            id: dice.digits(15),
            title: title.to_owned(),
            description: format!(
                "{title}. Reported by {first} {last} for the partner account {}.",
                info.name
            ),
            severity: severity.to_owned(),
            support_topic_id: topic.0,
            support_topic_name: topic.1.to_owned(),
            status: status.to_owned(),
            customer_id: customer,
            contact_name: (first.to_owned(), last.to_owned()),
            contact_email: format!("{}.{}@{}", first.to_lowercase(), last.to_lowercase(), info.domain),
            created_at,
            modified_at,
            closed_at: (status == "closed").then_some(modified_at),
            notes,
            country: info.country.to_owned(),
        });
    }
}

/// Activity of the last 90 days: customers added, orders placed, subscriptions suspended.
pub fn generate_audit(seed: u64, info: &AccountInfo, data: &mut AccountData, now: OffsetDateTime) {
    let mut dice = Dice::new(seed, "audit", info.index as u64);
    let since = now - Duration::days(AUDIT_RETENTION_DAYS);
    let actor = format!("admin@{}", info.domain);
    // Names and customizedData of generated records are derived from the resource when read.
    let mut records = Vec::new();
    for customer in &data.customers {
        let mut record = |operation_type, resource_type, at: OffsetDateTime, new_value: AuditValue| {
            if at >= since && at <= now {
                records.push(AuditRecord {
                    id: dice.uuid(),
                    customer_id: Some(customer.id),
                    customer_name: None,
                    user_principal_name: actor.clone(),
                    application_id: info.client_id.to_string(),
                    resource_type,
                    old_value: None,
                    new_value: Some(new_value),
                    operation_type,
                    operation_date: at,
                    correlation_id: dice.uuid(),
                    customized_data: Vec::new(),
                });
            }
        };
        record(
            "add_customer",
            "customer",
            customer.created_at,
            AuditValue::Customer(customer.id),
        );
        for subscription in &customer.subscriptions {
            let order = AuditValue::Order {
                customer: customer.id,
                order: subscription.order_id,
            };
            record("create_order", "order", subscription.created_at, order);
            if subscription.status == SubscriptionStatus::Suspended
                && let Some((suspended_at, _)) = subscription.inactive_periods.last()
            {
                let value = AuditValue::Subscription {
                    customer: customer.id,
                    subscription: subscription.id,
                };
                record("update_subscription", "subscription", *suspended_at, value);
            }
        }
    }
    records.sort_by_key(|record| record.operation_date);
    data.audit = records;
}
