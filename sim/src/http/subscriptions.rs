//! Subscriptions: list (SUB-01, by order SUB-03, by MPN id SUB-04), get (SUB-02), PATCH
//! nickname / suspend / reactivate / quantity (SUB-05, SUB-06, SUB-07), provisioning (SUB-08).

use super::body::{QueryParams, parse};
use super::envelope::{collection, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param, refined};
use crate::model::{Subscription, SubscriptionStatus, etag};
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

pub async fn list(ctx: Ctx, params: Params, RawQuery(query): RawQuery) -> PcResult<Response> {
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let query = QueryParams::new(query.as_deref());
    let order = query
        .get("orderId")
        .map(|text| super::guid("order_id", text))
        .transpose()?;
    let mpn = query.get("mpnId").map(str::to_owned);
    ctx.with_customer(customer_id, |customer| {
        let country = customer.billing.default_address.country.clone();
        let items = customer
            .subscriptions
            .iter()
            .filter(|subscription| order.is_none_or(|order| subscription.order_id == order))
            .filter(|subscription| {
                mpn.as_ref()
                    .is_none_or(|mpn| subscription.partner_id.as_ref() == Some(mpn))
            })
            .map(|subscription| subscription.to_json(customer_id, &country))
            .collect();
        Ok(ok(collection(
            items,
            &format!("/customers/{customer_id}/subscriptions"),
            None,
        )))
    })
}

fn find<'a>(customer: &'a crate::model::Customer, text: &str) -> PcResult<&'a Subscription> {
    let id = super::guid("subscription id", text)?;
    customer
        .subscription(id)
        .ok_or_else(|| PcError::not_found(20_003, format!("Subscription with id {id} not found.")))
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    ctx.with_customer(customer_id, |customer| {
        let subscription = find(customer, param(&params, "subscription_id"))?;
        Ok(ok(
            subscription.to_json(customer_id, &customer.billing.default_address.country)
        ))
    })
}

pub async fn provisioning_status(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let now = ctx.now();
    ctx.with_customer(customer_id, |customer| {
        Ok(ok(
            find(customer, param(&params, "subscription_id"))?.provisioning_json(now)
        ))
    })
}

/// A PATCH body: the full resource (as the docs ask) or only the changed properties.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct SubscriptionPatch {
    id: Option<Value>,
    offerid: Option<Value>,
    offername: Option<Value>,
    entitlementid: Option<Value>,
    friendlyname: Option<String>,
    quantity: Option<i64>,
    unittype: Option<Value>,
    parentsubscriptionid: Option<Value>,
    creationdate: Option<Value>,
    effectivestartdate: Option<Value>,
    commitmentenddate: Option<Value>,
    status: Option<String>,
    autorenewenabled: Option<bool>,
    billingtype: Option<Value>,
    billingcycle: Option<Value>,
    istrial: Option<Value>,
    partnerid: Option<Value>,
    contracttype: Option<Value>,
    suspensionreasons: Option<Vec<String>>,
    orderid: Option<Value>,
    links: Option<Value>,
    attributes: Option<super::customers_new::Attributes>,
}

pub async fn update(ctx: Ctx, params: Params, headers: HeaderMap, body: Bytes) -> PcResult<Response> {
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let patch: SubscriptionPatch = parse(&body)?;
    let given_etag = headers
        .get("if-match")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            patch
                .attributes
                .as_ref()
                .and_then(|attributes| attributes.etag.clone())
        });
    let now = ctx.now();
    let mut data = ctx.write();
    let customer = data
        .customer_mut(customer_id)
        .ok_or_else(|| PcError::not_found(60_003, "Tenant not found"))?;
    let id = super::guid("subscription id", param(&params, "subscription_id"))?;
    let parent_status = customer
        .subscription(id)
        .and_then(|subscription| subscription.parent_id)
        .and_then(|parent| customer.subscription(parent))
        .map(|parent| parent.status);
    let country = customer.billing.default_address.country.clone();
    let offer_limits = customer
        .subscription(id)
        .and_then(|subscription| ctx.sim.catalog.find(ctx.info().cloud, subscription.offer_id))
        .map(|offer| (offer.minimum_quantity, offer.maximum_quantity));
    let subscription = customer
        .subscription_mut(id)
        .ok_or_else(|| PcError::not_found(20_003, format!("Subscription with id {id} not found.")))?;
    if let Some(given) = given_etag
        && !etag::matches(&given, &subscription.etag())
    {
        return Err(PcError::new(
            StatusCode::BAD_REQUEST,
            2055,
            "Etag is no longer valid",
        ));
    }
    if subscription.status == SubscriptionStatus::Deleted {
        return Err(PcError::new(
            StatusCode::BAD_REQUEST,
            2011,
            format!("Subscription with id {id} and deleted status cannot be updated."),
        ));
    }
    let wanted_status = match patch.status.as_deref().map(str::to_lowercase).as_deref() {
        None => None,
        Some("active") => Some(SubscriptionStatus::Active),
        Some("suspended") => Some(SubscriptionStatus::Suspended),
        Some(other) if other == subscription.status.as_str() => None,
        Some(other) => {
            return Err(PcError::new(
                StatusCode::BAD_REQUEST,
                800_096,
                format!("Cannot update the status for this subscription to '{other}'."),
            ));
        }
    }
    .filter(|status| *status != subscription.status);
    let nickname = patch
        .friendlyname
        .filter(|name| name != subscription.friendly_name());
    let quantity = patch
        .quantity
        .filter(|quantity| *quantity != i64::from(subscription.quantity));
    let auto_renew = patch
        .autorenewenabled
        .filter(|value| *value != subscription.auto_renew);
    if subscription.status == SubscriptionStatus::Expired && wanted_status.is_some() {
        return Err(PcError::new(
            StatusCode::BAD_REQUEST,
            800_096,
            "Cannot update the status for this subscription: it has expired.",
        ));
    }
    if wanted_status == Some(SubscriptionStatus::Active)
        && parent_status.is_some_and(|status| status != SubscriptionStatus::Active)
    {
        return Err(PcError::new(
            StatusCode::CONFLICT,
            27_009,
            "Cannot enable a child subscription, when the parent subscription is not Active",
        ));
    }
    let suspended_after = wanted_status.unwrap_or(subscription.status) == SubscriptionStatus::Suspended;
    if quantity.is_some() && suspended_after {
        return Err(PcError::new(
            StatusCode::BAD_REQUEST,
            2001,
            "Subscription quantity cannot be increased or decreased while subscription is being suspended",
        ));
    }
    if (nickname.is_some() || auto_renew.is_some()) && suspended_after {
        return Err(PcError::new(
            StatusCode::BAD_REQUEST,
            800_091,
            "Cannot update a subscription with suspended status",
        ));
    }
    if let Some(quantity) = quantity {
        let (minimum, maximum) = offer_limits.unwrap_or((1, 1));
        if subscription.is_azure() || quantity < i64::from(minimum) || quantity > i64::from(maximum) {
            return Err(PcError::new(
                StatusCode::BAD_REQUEST,
                2002,
                format!(
                    "Subscription quantity is not within minimum and maximum allowed quantity ({minimum} to {maximum})."
                ),
            ));
        }
    }
    if let Some(name) = &nickname
        && (name.trim().is_empty() || name.chars().count() > 255)
    {
        return Err(PcError::invalid("friendlyName must have 1 to 255 characters."));
    }
    let old_value = subscription.to_json(customer_id, &country);
    let requested = patch.status.as_deref().map(str::to_lowercase);
    let others_change = nickname.is_some() || quantity.is_some() || auto_renew.is_some();
    let operation = match (wanted_status, requested.as_deref()) {
        (Some(SubscriptionStatus::Suspended), _) => "SUB-06",
        (Some(_), _) => "SUB-07",
        (None, _) if others_change => "SUB-05",
        (None, Some("suspended")) => "SUB-06",
        (None, Some("active")) => "SUB-07",
        (None, _) => "SUB-05",
    };
    match wanted_status {
        Some(SubscriptionStatus::Suspended) => {
            subscription.status = SubscriptionStatus::Suspended;
            subscription.inactive_periods.push((now, None));
            subscription.suspension_reasons = patch.suspensionreasons.unwrap_or_default();
        }
        Some(_) => {
            subscription.status = SubscriptionStatus::Active;
            if let Some(open) = subscription
                .inactive_periods
                .iter_mut()
                .rev()
                .find(|(_, end)| end.is_none())
            {
                open.1 = Some(now);
            }
            subscription.suspension_reasons.clear();
        }
        None => {}
    }
    let changed = wanted_status.is_some() || others_change;
    if let Some(name) = nickname {
        subscription.nickname = Some(name);
    }
    if let Some(quantity) = quantity {
        subscription.quantity = quantity as u32;
    }
    if let Some(value) = auto_renew {
        subscription.auto_renew = value;
    }
    if changed {
        subscription.version += 1;
    }
    let new_value = subscription.to_json(customer_id, &country);
    let subscription_id = subscription.id.to_string();
    let status = subscription.status.as_str().to_owned();
    let target = (customer.id, customer.company_name.clone());
    if changed {
        ctx.audit(
            &mut data,
            Some(target),
            "update_subscription",
            "subscription",
            Some(&old_value),
            Some(&new_value),
            vec![
                ("SubscriptionId".into(), subscription_id),
                ("Status".into(), status),
            ],
        );
    }
    Ok(refined(ok(new_value), operation))
}
