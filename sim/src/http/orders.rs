//! Orders: create (ORD-01, ORD-02 with an indirect reseller of record), list (ORD-03), get (ORD-04).

use super::body::parse;
use super::envelope::{collection, created, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param, refined};
use crate::dice::stable_hash;
use crate::generate::FAR_FUTURE;
use crate::model::{Order, OrderLineItem, ProvisioningStatus, Subscription, SubscriptionStatus};
use crate::usage::{add_months, start_of_day};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use time::Duration;
use uuid::Uuid;

/// Most subscriptions one customer may have (error 800066).
const MAX_SUBSCRIPTIONS: usize = 250;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct LineItemRequest {
    lineitemnumber: Option<i64>,
    offerid: Option<String>,
    subscriptionid: Option<Value>,
    parentsubscriptionid: Option<String>,
    friendlyname: Option<String>,
    quantity: Option<i64>,
    partneridonrecord: Option<String>,
    links: Option<Value>,
    attributes: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct OrderRequest {
    id: Option<Value>,
    referencecustomerid: Option<String>,
    billingcycle: Option<String>,
    lineitems: Option<Vec<LineItemRequest>>,
    creationdate: Option<Value>,
    status: Option<Value>,
    links: Option<Value>,
    attributes: Option<Value>,
}

pub async fn create(ctx: Ctx, params: Params, body: Bytes) -> PcResult<Response> {
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let request: OrderRequest = parse(&body)?;
    let reference = request
        .referencecustomerid
        .as_deref()
        .ok_or_else(|| PcError::invalid("referenceCustomerId is required."))?;
    if super::guid("referenceCustomerId", reference)? != customer_id {
        return Err(PcError::invalid(
            "referenceCustomerId must be the customer in the request path.",
        ));
    }
    let billing_cycle = match request.billingcycle.as_deref().map(str::to_lowercase).as_deref() {
        None | Some("unknown" | "monthly") => "monthly",
        Some("annual") => "annual",
        Some(other) => {
            return Err(PcError::invalid(format!(
                "Billing cycle '{other}' is not available; use monthly or annual."
            )));
        }
    };
    let items = request.lineitems.unwrap_or_default();
    if items.is_empty() {
        return Err(PcError::invalid("An order needs at least one line item."));
    }
    let mut numbers: Vec<i64> = items
        .iter()
        .map(|item| item.lineitemnumber.unwrap_or(-1))
        .collect();
    numbers.sort_unstable();
    if numbers != (0..items.len() as i64).collect::<Vec<_>>() {
        return Err(
            PcError::invalid("Line Item number should be from 0 to number of line items count.")
                .with_code(800_071),
        );
    }
    let indirect = items.iter().any(|item| item.partneridonrecord.is_some());
    if indirect {
        ctx.require_app_user()?;
    }
    let info = ctx.info().clone();
    let now = ctx.now();
    let mut data = ctx.write();
    let resellers = data.resellers.clone();
    let customer = data
        .customer_mut(customer_id)
        .ok_or_else(|| PcError::not_found(60_003, "Tenant not found"))?;
    if customer.subscriptions.len() + items.len() > MAX_SUBSCRIPTIONS {
        return Err(PcError::new(
            StatusCode::FORBIDDEN,
            800_066,
            "The desired number of subscriptions exceeded the maximum number of subscriptions allowed per customer.",
        ));
    }
    let order_id = Uuid::new_v4();
    let mut sorted = items;
    sorted.sort_by_key(|item| item.lineitemnumber);
    let mut new_subscriptions: Vec<Subscription> = Vec::new();
    let mut line_items = Vec::new();
    for item in &sorted {
        let offer_id = item
            .offerid
            .as_deref()
            .ok_or_else(|| PcError::invalid("Every line item needs an offerId."))?;
        let offer = ctx.sim.catalog.find(info.cloud, offer_id).ok_or_else(|| {
            PcError::invalid(format!(
                "Offer {offer_id} is not available in the specified country."
            ))
            .with_code(800_070)
        })?;
        let azure = offer.is_usage_based();
        let quantity = match (azure, item.quantity) {
            (true, None | Some(1)) => 1,
            (true, Some(_)) => {
                return Err(
                    PcError::invalid("Usage-based offers take no quantity (quantity is 1).").with_code(2002),
                );
            }
            (false, None) => return Err(PcError::invalid("quantity is required for licence-based offers.")),
            (false, Some(quantity))
                if quantity < i64::from(offer.minimum_quantity)
                    || quantity > i64::from(offer.maximum_quantity) =>
            {
                return Err(PcError::invalid(format!(
                    "Subscription quantity is not within minimum and maximum allowed quantity ({} to {}).",
                    offer.minimum_quantity, offer.maximum_quantity
                ))
                .with_code(2002));
            }
            (false, Some(quantity)) => quantity as u32,
        };
        let partner_id = match item.partneridonrecord.as_deref() {
            None => None,
            Some(mpn) if mpn == info.mpn_id => {
                return Err(PcError::invalid(
                    "partnerIdOnRecord must be the indirect reseller's MPN id, never your own.",
                )
                .with_code(800_016));
            }
            Some(mpn) => Some(
                resellers
                    .iter()
                    .find(|reseller| reseller.mpn_id == mpn)
                    .map(|reseller| reseller.mpn_id.clone())
                    .ok_or_else(|| PcError::not_found(800_015, format!("MPN Id {mpn} is not found.")))?,
            ),
        };
        let parent_id = if offer.is_add_on {
            let candidates: Vec<&Subscription> = customer
                .subscriptions
                .iter()
                .chain(new_subscriptions.iter())
                .filter(|subscription| {
                    offer
                        .prerequisites
                        .iter()
                        .any(|id| subscription.offer_id.eq_ignore_ascii_case(id))
                })
                .filter(|subscription| subscription.status == SubscriptionStatus::Active)
                .collect();
            let parent = match item.parentsubscriptionid.as_deref() {
                Some(text) => {
                    let wanted = super::guid("parentSubscriptionId", text)?;
                    candidates
                        .into_iter()
                        .find(|subscription| subscription.id == wanted)
                }
                None => candidates.into_iter().next(),
            };
            Some(
                parent
                    .ok_or_else(|| {
                        PcError::invalid(format!(
                            "{} is an add-on and needs an active subscription to one of: {}.",
                            offer.name,
                            offer.prerequisites.join(", ")
                        ))
                    })?
                    .id,
            )
        } else {
            None
        };
        let id = Uuid::new_v4();
        let ordinal = customer.orders.len() * 16 + line_items.len();
        let fails = stable_hash(&[
            &ctx.sim.config.seed.to_le_bytes(),
            customer_id.as_bytes(),
            offer.id.as_bytes(),
            &ordinal.to_le_bytes(),
        ])
        .is_multiple_of(10);
        let friendly_name = item
            .friendlyname
            .clone()
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| offer.name.to_owned());
        new_subscriptions.push(Subscription {
            id,
            offer_id: offer.id,
            offer_name: offer.name,
            nickname: (friendly_name != offer.name).then(|| friendly_name.clone()),
            quantity,
            unit_type: if azure { "Usage-based" } else { "Licenses" },
            parent_id,
            created_at: now,
            effective_start: start_of_day(now),
            commitment_end: if azure {
                FAR_FUTURE
            } else {
                add_months(start_of_day(now), 12)
            },
            status: SubscriptionStatus::Active,
            auto_renew: !azure,
            billing_type: if azure { "usage" } else { "license" },
            billing_cycle: if azure { "monthly" } else { billing_cycle },
            partner_id: partner_id.clone(),
            order_id,
            version: 1,
            suspension_reasons: Vec::new(),
            sku_id: Uuid::new_v4(),
            provisioned_at: now + Duration::seconds(ctx.sim.config.provisioning_delay_seconds as i64),
            provisioning_outcome: if fails {
                ProvisioningStatus::Failed
            } else {
                ProvisioningStatus::Success
            },
            inactive_periods: Vec::new(),
            usage_factor: 1.0,
            usage_since: start_of_day(now),
        });
        line_items.push(OrderLineItem {
            number: line_items.len() as u32,
            offer_id: offer.id,
            subscription_id: id,
            friendly_name,
            quantity,
            partner_id_on_record: partner_id,
        });
    }
    let order = Order {
        id: order_id,
        created_at: now,
        billing_cycle,
        line_items,
        version: 1,
    };
    let body = order.to_json(customer_id);
    let customized = order
        .line_items
        .iter()
        .flat_map(|item| {
            [
                (
                    format!("SubscriptionId-{}", item.number),
                    item.subscription_id.to_string(),
                ),
                (format!("Quantity-{}", item.number), item.quantity.to_string()),
            ]
        })
        .chain([("OrderId".to_owned(), order_id.to_string())])
        .collect();
    customer.subscriptions.extend(new_subscriptions);
    customer.orders.push(order);
    let target = (customer.id, customer.company_name.clone());
    ctx.audit(
        &mut data,
        Some(target),
        "create_order",
        "order",
        None,
        Some(&body),
        customized,
    );
    Ok(refined(created(body), if indirect { "ORD-02" } else { "ORD-01" }))
}

pub async fn list(ctx: Ctx, params: Params) -> PcResult<Response> {
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    ctx.with_customer(customer_id, |customer| {
        let items = customer
            .orders()
            .iter()
            .map(|order| order.to_json(customer_id))
            .collect();
        Ok(ok(collection(
            items,
            &format!("/customers/{customer_id}/orders"),
            None,
        )))
    })
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let order_id = super::guid("order id", param(&params, "order_id"))?;
    ctx.with_customer(customer_id, |customer| {
        let order = customer
            .orders()
            .into_iter()
            .find(|order| order.id == order_id)
            .ok_or_else(|| PcError::not_found(20_000, "Order Id not found"))?;
        Ok(ok(order.to_json(customer_id)))
    })
}
