//! What a billing period charges: licences of the subscriptions that were live in it, and the
//! Azure usage metered in it. Invoice totals and invoice line items (INV-03) both come from
//! here, so they always add up.

use crate::clock::format_utc;
use crate::model::catalog::unit_price;
use crate::model::{AccountData, AccountInfo, Catalog, Customer, Subscription};
use crate::usage::{METERS, quantity_between};
use serde_json::{Value, json};
use time::OffsetDateTime;

/// A billing period `[start, end)`.
#[derive(Debug, Clone, Copy)]
pub struct Period {
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
}

/// Whether a licence subscription is billed for `period`: ordered before it ended, and not
/// suspended, deleted or expired for the whole of it.
fn billed_in(subscription: &Subscription, period: Period) -> bool {
    !subscription.is_azure()
        && subscription.created_at < period.end
        && !subscription
            .inactive_periods
            .iter()
            .any(|(from, to)| *from <= period.start && to.is_none_or(|to| to >= period.end))
}

/// One licence line: a subscription's seats for the period.
pub struct LicenseCharge<'a> {
    pub customer: &'a Customer,
    pub subscription: &'a Subscription,
    pub unit_price: f64,
    pub amount: f64,
}

/// Every licence charge of `period`, customer by customer.
pub fn license_charges<'a>(
    catalog: &'a Catalog,
    info: &'a AccountInfo,
    data: &'a AccountData,
    period: Period,
) -> impl Iterator<Item = LicenseCharge<'a>> + 'a {
    data.customers.iter().flat_map(move |customer| {
        customer
            .subscriptions
            .iter()
            .filter(move |subscription| billed_in(subscription, period))
            .map(move |subscription| {
                let price = catalog
                    .find(info.cloud, subscription.offer_id)
                    .map_or(0.0, |offer| unit_price(offer, info.currency));
                LicenseCharge {
                    customer,
                    subscription,
                    unit_price: price,
                    amount: cents(price * f64::from(subscription.quantity)),
                }
            })
    })
}

/// One usage line: a meter of an Azure subscription over the period.
pub struct UsageCharge<'a> {
    pub customer: &'a Customer,
    pub subscription: &'a Subscription,
    pub meter: usize,
    pub quantity: f64,
    pub unit_price: f64,
    pub amount: f64,
}

/// Every usage charge of `period` (meters with no usage are left out).
pub fn usage_charges<'a>(
    seed: u64,
    info: &'a AccountInfo,
    data: &'a AccountData,
    period: Period,
) -> impl Iterator<Item = UsageCharge<'a>> + 'a {
    let rate = crate::model::catalog::exchange_rate(info.currency);
    data.customers.iter().flat_map(move |customer| {
        customer
            .subscriptions
            .iter()
            .filter(|subscription| subscription.is_azure())
            .flat_map(move |subscription| {
                (0..METERS.len()).filter_map(move |meter| {
                    let quantity = quantity_between(seed, subscription, meter, period.start, period.end);
                    let unit_price = METERS[meter].usd_rate * rate;
                    (quantity > 0.0).then(|| UsageCharge {
                        customer,
                        subscription,
                        meter,
                        quantity,
                        unit_price,
                        amount: cents(quantity * unit_price),
                    })
                })
            })
    })
}

/// The indirect reseller's MPN id as a number, or -1 without one (as the reconciliation file has it).
fn tier2_mpn_id(subscription: &Subscription) -> i64 {
    subscription
        .partner_id
        .as_deref()
        .and_then(|mpn| mpn.parse().ok())
        .unwrap_or(-1)
}

fn cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

impl LicenseCharge<'_> {
    /// A `LicenseBasedLineItem` (INV-03, billing provider `office`).
    pub fn to_json(&self, info: &AccountInfo, invoice_period: Period) -> Value {
        let subscription = self.subscription;
        json!({
            "partnerId": info.tenant_id,
            "customerId": self.customer.id,
            "customerName": self.customer.company_name,
            "mpnId": info.mpn_id,
            "tier2MpnId": tier2_mpn_id(subscription),
            "orderId": subscription.order_id,
            "subscriptionId": subscription.id,
            "syndicationPartnerSubscriptionNumber": subscription.sku_id.simple().to_string()[..12].to_uppercase(),
            "offerId": subscription.offer_id,
            "durableOfferId": subscription.offer_id,
            "offerName": subscription.offer_name.to_uppercase(),
            "subscriptionStartDate": format_utc(subscription.effective_start),
            "subscriptionEndDate": format_utc(subscription.commitment_end),
            "chargeStartDate": format_utc(invoice_period.start),
            "chargeEndDate": format_utc(invoice_period.end - time::Duration::days(1)),
            "chargeType": "CYCLE FEE",
            "unitPrice": self.unit_price,
            "quantity": subscription.quantity,
            "amount": self.amount,
            "totalOtherDiscount": 0.0,
            "subtotal": self.amount,
            "tax": 0.0,
            "totalForCustomer": self.amount,
            "currency": info.currency,
            "invoiceLineItemType": "billing_line_items",
            "billingProvider": "office",
            "attributes": { "objectType": "LicenseBasedLineItem" },
        })
    }
}

impl UsageCharge<'_> {
    /// A `UsageBasedLineItem` (INV-03, billing provider `azure`), reconciliation-file arithmetic.
    pub fn to_json(&self, info: &AccountInfo, invoice_id: &str, period: Period) -> Value {
        let meter = &METERS[self.meter];
        let subscription = self.subscription;
        json!({
            "partnerId": info.tenant_id,
            "partnerName": info.name,
            "partnerBillableAccountId": format!("{}-{}", info.mpn_id, info.country),
            "customerName": self.customer.company_name,
            "customerId": self.customer.id,
            "domainName": self.customer.domain,
            "mpnId": info.mpn_id,
            "tier2MpnId": tier2_mpn_id(subscription),
            "invoiceNumber": invoice_id,
            "chargeStartDate": format_utc(period.start),
            "chargeEndDate": format_utc(period.end - time::Duration::days(1)),
            "subscriptionId": subscription.id,
            "subscriptionName": subscription.friendly_name(),
            "subscriptionDescription": subscription.offer_name,
            "orderId": subscription.order_id,
            "serviceName": meter.category,
            "serviceType": meter.subcategory,
            "resourceGuid": meter.id,
            "resourceName": meter.name,
            "region": meter.region,
            "sku": meter.subcategory,
            "detailLineItemId": self.meter,
            "consumedQuantity": self.quantity,
            "includedQuantity": 0.0,
            "overageQuantity": self.quantity,
            "listPrice": self.unit_price,
            "preTaxCharges": self.amount,
            "taxAmount": 0.0,
            "postTaxTotal": self.amount,
            "currency": info.currency,
            "preTaxEffectiveRate": self.unit_price,
            "postTaxEffectiveRate": self.unit_price,
            "chargeType": "Access usage fee for current cycle",
            "billingCycleType": "Monthly",
            "consumptionPrice": self.amount,
            "consumptionDiscount": 0.0,
            "unit": meter.unit,
            "invoiceLineItemType": "usage_line_items",
            "billingProvider": "azure",
            "attributes": { "objectType": "UsageBasedLineItem" },
        })
    }
}
