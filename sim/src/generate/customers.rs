//! Customers of one account: company, profiles, users, subscriptions and budget.

use super::naming::{Namer, person, slug};
use super::places::{culture, phone, places, street_line, streets};
use super::subscriptions::generate_subscriptions;
use crate::config::SimConfig;
use crate::dice::Dice;
use crate::model::{
    AccountData, AccountInfo, Address, BillingProfile, Catalog, Customer, CustomerUser, Reseller, UserState,
};
use std::borrow::Cow;
use time::{Duration, OffsetDateTime};

/// How big a customer is: drives seat counts and the number of users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Small,
    Medium,
    Large,
}

pub fn generate_customers(
    config: &SimConfig,
    catalog: &Catalog,
    info: &AccountInfo,
    data: &mut AccountData,
    now: OffsetDateTime,
) {
    let mut namer = Namer::new();
    data.customers.reserve_exact(config.customers_per_account);
    data.customer_index.reserve(config.customers_per_account);
    for index in 0..config.customers_per_account {
        let mut dice = Dice::new(config.seed, &format!("customer-{}", info.index), index as u64);
        let customer = generate_customer(&mut dice, &mut namer, config, catalog, info, &data.resellers, now);
        data.push_customer(customer);
    }
}

fn generate_customer(
    dice: &mut Dice,
    namer: &mut Namer,
    config: &SimConfig,
    catalog: &Catalog,
    info: &AccountInfo,
    resellers: &[Reseller],
    now: OffsetDateTime,
) -> Customer {
    let country = if info.markets.len() == 1 || dice.chance(0.7) {
        info.markets[0]
    } else {
        *dice.pick(&info.markets)
    };
    let (city, state, postal_code, area) = *dice.pick(places(country));
    let company_name = namer.company(dice, info.cloud, country, city);
    let domain = namer.domain(&company_name, info.cloud.initial_domain_suffix());
    let vanity = format!(
        "{}.{}",
        domain.split('.').next().unwrap_or("example"),
        vanity_tld(country)
    );
    let (first_name, last_name) = person(dice, country);
    let phone_number = phone(country, area, &dice.digits(8));
    let street = *dice.pick::<&str>(streets(country));
    let address = Address {
        country: Cow::Borrowed(country),
        region: state.map(Cow::Borrowed),
        city: Cow::Borrowed(city),
        state: state
            .filter(|_| matches!(country, "US" | "CA"))
            .map(Cow::Borrowed),
        address_line1: street_line(country, street, dice.range(1, 400)),
        address_line2: None,
        postal_code: Cow::Borrowed(postal_code),
        first_name: Some(Cow::Borrowed(first_name)),
        last_name: Some(Cow::Borrowed(last_name)),
        phone_number: Some(phone_number),
    };
    let (culture, language) = culture(country);
    let size = match dice.range(0, 10) {
        0..=5 => Size::Small,
        6..=8 => Size::Medium,
        _ => Size::Large,
    };
    let created_at =
        now - Duration::days(dice.range(20, 1500) as i64) - Duration::minutes(dice.range(0, 1440) as i64);
    let reseller = (!resellers.is_empty() && dice.chance(0.25)).then(|| dice.pick(resellers).clone());
    let id = dice.uuid();
    let mut customer = Customer {
        id,
        commerce_id: dice.uuid(),
        company_name: company_name.clone(),
        domain: domain.clone(),
        company_address: None,
        company_email: format!("info@{vanity}"),
        billing: BillingProfile {
            id: dice.uuid(),
            first_name: Some(Cow::Borrowed(first_name)),
            last_name: Some(Cow::Borrowed(last_name)),
            email: format!("{}.{}@{vanity}", slug(first_name), slug(last_name)),
            culture: culture.to_owned(),
            language: language.to_owned(),
            company_name,
            default_address: address,
            version: 1,
        },
        relationship: "reseller",
        allow_delegated_access: dice.chance(0.95),
        associated_partner_id: reseller.as_ref().map(|reseller| reseller.tenant_id),
        created_at,
        subscriptions: Vec::new(),
        orders: Vec::new(),
        users: generate_users(dice, size, country, &domain, now),
        budget: None,
    };
    generate_subscriptions(
        dice,
        config,
        catalog,
        info,
        &mut customer,
        size,
        reseller.as_ref(),
        now,
    );
    customer.budget = budget(dice, config.seed, info, &customer, now);
    customer
}

/// About half of the customers with Azure get a monthly budget: a third of those are already
/// over it this billing period, a fifth are close, the rest comfortably under.
fn budget(
    dice: &mut Dice,
    seed: u64,
    info: &AccountInfo,
    customer: &Customer,
    now: OffsetDateTime,
) -> Option<f64> {
    if !customer
        .subscriptions
        .iter()
        .any(|subscription| subscription.is_azure())
        || !dice.chance(0.5)
    {
        return None;
    }
    let (period_start, _) = crate::usage::billing_period(now, info.billing_day);
    let spend = |from: OffsetDateTime| -> f64 {
        customer
            .subscriptions
            .iter()
            .map(|subscription| crate::usage::cost_between(seed, subscription, from, now, info.currency))
            .sum()
    };
    let month_to_date = spend(period_start);
    let budget = match dice.range(0, 15) {
        0..=4 => month_to_date * dice.float(0.5, 0.9),
        5..=7 => month_to_date * dice.float(1.05, 1.3),
        _ => spend(now - Duration::days(30)) * dice.float(1.2, 2.0),
    };
    Some(((budget / 10.0).ceil() * 10.0).max(10.0))
}

fn generate_users(
    dice: &mut Dice,
    size: Size,
    country: &'static str,
    domain: &str,
    now: OffsetDateTime,
) -> Vec<CustomerUser> {
    let count = match size {
        Size::Small => dice.range(2, 5),
        Size::Medium => dice.range(3, 7),
        Size::Large => dice.range(5, 10),
    };
    let mut users = vec![CustomerUser {
        id: dice.uuid(),
        user_principal_name: format!("admin@{domain}"),
        first_name: Cow::Borrowed("Admin"),
        last_name: Cow::Borrowed("Account"),
        display_name: "Admin Account".to_owned(),
        usage_location: Cow::Borrowed(country),
        phone_number: None,
        state: UserState::Active,
        soft_deleted_at: None,
    }];
    for _ in 1..count {
        let (first, last) = person(dice, country);
        let upn = format!("{}.{}@{domain}", slug(first), slug(last));
        if users.iter().any(|user| user.user_principal_name == upn) {
            continue;
        }
        let deleted = dice.chance(0.08);
        users.push(CustomerUser {
            id: dice.uuid(),
            user_principal_name: upn,
            display_name: format!("{first} {last}"),
            first_name: Cow::Borrowed(first),
            last_name: Cow::Borrowed(last),
            usage_location: Cow::Borrowed(country),
            phone_number: None,
            state: if deleted {
                UserState::Inactive
            } else {
                UserState::Active
            },
            soft_deleted_at: deleted.then(|| now - Duration::days(dice.range(1, 25) as i64)),
        });
    }
    users
}

fn vanity_tld(country: &str) -> &'static str {
    match country {
        "DE" => "de",
        "AT" => "at",
        "CN" => "com.cn",
        "GB" => "co.uk",
        "CA" => "ca",
        "FR" => "fr",
        "NL" => "nl",
        _ => "com",
    }
}
