//! A customer's subscriptions and the orders that created them, with realistic states:
//! mostly active, some suspended, deleted, expired, still provisioning or failed.

use super::customers::Size;
use crate::config::SimConfig;
use crate::dice::Dice;
use crate::model::{
    AccountInfo, Catalog, Customer, Offer, ProvisioningStatus, Reseller, Subscription, SubscriptionStatus,
};
use crate::usage::{add_months, start_of_day};
use time::{Duration, OffsetDateTime, macros::datetime};

/// Azure subscriptions never end on their own (contract SUB-02 example).
pub const FAR_FUTURE: OffsetDateTime = datetime!(9999-12-10 0:00 UTC);

#[allow(clippy::too_many_arguments)]
pub fn generate_subscriptions(
    dice: &mut Dice,
    config: &SimConfig,
    catalog: &Catalog,
    info: &AccountInfo,
    customer: &mut Customer,
    size: Size,
    reseller: Option<&Reseller>,
    now: OffsetDateTime,
) {
    let offers: Vec<&Offer> = catalog.offers(info.cloud).collect();
    let bases: Vec<&Offer> = offers
        .iter()
        .copied()
        .filter(|offer| !offer.is_add_on && !offer.is_usage_based())
        .collect();
    let azure = offers.iter().copied().find(|offer| offer.is_usage_based());
    let average = config.subscriptions_per_customer.max(1) as u64;
    let count = dice.range((average / 2).max(1), average + average / 2 + 1) as usize;

    let mut chosen: Vec<&Offer> = vec![*dice.pick(&bases)];
    if let Some(azure) = azure.filter(|_| count > 1 && dice.chance(0.45)) {
        chosen.push(azure);
    }
    while chosen.len() < count {
        let add_ons: Vec<&Offer> = offers
            .iter()
            .copied()
            .filter(|offer| offer.is_add_on && !chosen.iter().any(|c| c.id == offer.id))
            .filter(|offer| {
                offer
                    .prerequisites
                    .iter()
                    .any(|id| chosen.iter().any(|c| c.id == *id))
            })
            .collect();
        let more_bases: Vec<&Offer> = bases
            .iter()
            .copied()
            .filter(|offer| !chosen.iter().any(|c| c.id == offer.id))
            .collect();
        let next = if !add_ons.is_empty() && (more_bases.is_empty() || dice.chance(0.3)) {
            *dice.pick(&add_ons)
        } else if !more_bases.is_empty() {
            *dice.pick(&more_bases)
        } else {
            break;
        };
        chosen.push(next);
    }

    for offer in chosen {
        let parent = offer.is_add_on.then(|| {
            customer
                .subscriptions
                .iter()
                .find(|subscription| offer.prerequisites.contains(&subscription.offer_id))
                .map(|subscription| (subscription.id, subscription.quantity, subscription.status))
        });
        let subscription = new_subscription(
            dice,
            config,
            offer,
            customer.created_at,
            size,
            parent.flatten(),
            reseller,
            now,
        );
        customer.subscriptions.push(subscription);
    }
}

#[allow(clippy::too_many_arguments)]
fn new_subscription(
    dice: &mut Dice,
    config: &SimConfig,
    offer: &Offer,
    customer_since: OffsetDateTime,
    size: Size,
    parent: Option<(uuid::Uuid, u32, SubscriptionStatus)>,
    reseller: Option<&Reseller>,
    now: OffsetDateTime,
) -> Subscription {
    let age_days = (now - customer_since).whole_days().max(1) as u64;
    let mut created_at = customer_since + Duration::days(dice.range(0, age_days.min(300)) as i64);
    let azure = offer.is_usage_based();
    let quantity = if azure {
        1
    } else {
        let wanted = match size {
            Size::Small => dice.range(3, 25),
            Size::Medium => dice.range(25, 250),
            Size::Large => dice.range(250, 2000),
        } as u32;
        let capped = parent.map_or(wanted, |(_, parent_quantity, _)| wanted.min(parent_quantity));
        capped.clamp(offer.minimum_quantity, offer.maximum_quantity)
    };
    let roll = dice.range(0, 100);
    let mut status = SubscriptionStatus::Active;
    let mut inactive_periods = Vec::new();
    let mut provisioned_at = created_at + Duration::minutes(2);
    let mut outcome = ProvisioningStatus::Success;
    let mut commitment_end = FAR_FUTURE;
    let mut auto_renew = !azure;
    if !azure {
        let start = start_of_day(created_at);
        let mut end = add_months(start, 12);
        while end <= now {
            end = add_months(end, 12);
        }
        commitment_end = end;
    }
    match roll {
        0..=4 => {
            status = SubscriptionStatus::Suspended;
            inactive_periods.push((now - Duration::days(dice.range(1, 60) as i64), None));
        }
        5..=7 => {
            status = SubscriptionStatus::Deleted;
            auto_renew = false;
            inactive_periods.push((now - Duration::days(dice.range(5, 200) as i64), None));
        }
        8..=9 if !azure => {
            status = SubscriptionStatus::Expired;
            auto_renew = false;
            commitment_end = start_of_day(now - Duration::days(dice.range(1, 90) as i64));
            inactive_periods.push((commitment_end, None));
        }
        10..=12 => {
            // Ordered moments ago: provisioning still running (a few will fail).
            created_at = now - Duration::minutes(dice.range(1, 20) as i64);
            provisioned_at = OffsetDateTime::now_utc()
                + Duration::seconds(
                    config.provisioning_delay_seconds.max(60) as i64 + dice.range(0, 600) as i64,
                );
            outcome = if dice.chance(0.2) {
                ProvisioningStatus::Failed
            } else {
                ProvisioningStatus::Success
            };
        }
        13 => outcome = ProvisioningStatus::Failed,
        _ => {}
    }
    if let Some((_, _, parent_status)) = parent
        && parent_status == SubscriptionStatus::Suspended
        && status == SubscriptionStatus::Active
    {
        // An add-on is suspended with its parent.
        status = SubscriptionStatus::Suspended;
        inactive_periods.push((now - Duration::days(1), None));
    }
    if created_at > now {
        created_at = now - Duration::hours(1);
    }
    let nickname = match dice.range(0, 8) {
        0 if azure => Some("Production".to_owned()),
        1 if azure => Some("Dev/Test".to_owned()),
        2 if !azure => Some(format!("{} (head office)", offer.name)),
        _ => None,
    };
    let billing_cycle = if azure || dice.chance(0.7) {
        "monthly"
    } else {
        "annual"
    };
    Subscription {
        id: dice.uuid(),
        offer_id: offer.id,
        offer_name: offer.name,
        nickname,
        quantity,
        unit_type: if azure { "Usage-based" } else { "Licenses" },
        parent_id: parent.map(|(id, _, _)| id),
        created_at,
        effective_start: start_of_day(created_at),
        commitment_end,
        status,
        auto_renew,
        billing_type: if azure { "usage" } else { "license" },
        billing_cycle,
        partner_id: reseller.map(|reseller| reseller.mpn_id.clone()),
        order_id: dice.uuid(),
        version: 1,
        suspension_reasons: Vec::new(),
        sku_id: dice.uuid(),
        provisioned_at,
        provisioning_outcome: outcome,
        inactive_periods,
        usage_factor: *dice.pick(&[0.15, 0.4, 1.0, 2.5, 6.0]) * dice.float(0.8, 1.25),
        usage_since: start_of_day(created_at)
            .max(start_of_day(now) - Duration::days(i64::from(config.usage_days))),
    }
}
