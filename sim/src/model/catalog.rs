//! The offers each cloud sells (OFFR-01/02). Prices are list prices in USD per licence per month
//! (usage-based Azure has none); other currencies use fixed exchange rates.

use super::offer_table::AZURE_CATEGORY;
use crate::cloud::Cloud;
use crate::http::envelope::link;
use serde_json::{Value, json};

/// An offer partners can order.
#[derive(Debug, Clone)]
pub struct Offer {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub minimum_quantity: u32,
    pub maximum_quantity: u32,
    pub is_add_on: bool,
    /// Offers one of which a customer must already have (add-ons).
    pub prerequisites: &'static [&'static str],
    pub category: (&'static str, &'static str),
    pub product: (&'static str, &'static str),
    pub usd_monthly_price: f64,
}

/// The offers of every cloud.
#[derive(Debug, Clone)]
pub struct Catalog {
    offers: Vec<(Cloud, Offer)>,
}

impl Default for Catalog {
    fn default() -> Self {
        Catalog {
            offers: super::offer_table::offers(),
        }
    }
}

impl Catalog {
    /// The offers of `cloud`, in catalog order.
    pub fn offers(&self, cloud: Cloud) -> impl Iterator<Item = &Offer> {
        self.offers
            .iter()
            .filter(move |(offer_cloud, _)| *offer_cloud == cloud)
            .map(|(_, offer)| offer)
    }

    /// One offer of `cloud` by id (offer ids are case-insensitive GUIDs or `MS-AZR-…`).
    pub fn find(&self, cloud: Cloud, id: &str) -> Option<&Offer> {
        self.offers(cloud).find(|offer| offer.id.eq_ignore_ascii_case(id))
    }
}

/// Monthly list price of one unit of `offer` in `currency`.
pub fn unit_price(offer: &Offer, currency: &str) -> f64 {
    (offer.usd_monthly_price * exchange_rate(currency) * 100.0).round() / 100.0
}

/// How many units of `currency` one US dollar buys (fixed, for reproducible prices).
pub fn exchange_rate(currency: &str) -> f64 {
    match currency {
        "EUR" => 0.93,
        "GBP" => 0.79,
        "CAD" => 1.36,
        "CNY" => 7.2,
        _ => 1.0,
    }
}

/// The symbol shown next to amounts in `currency`.
pub fn currency_symbol(currency: &str) -> &'static str {
    match currency {
        "EUR" => "€",
        "GBP" => "£",
        "CNY" => "¥",
        "CAD" => "C$",
        _ => "$",
    }
}

impl Offer {
    pub fn is_usage_based(&self) -> bool {
        self.category == AZURE_CATEGORY
    }

    /// The wire form (OFFR-01) for `country`.
    pub fn to_json(&self, country: &str, rank: usize) -> Value {
        let (billing, unit) = if self.is_usage_based() {
            ("usage", "Usage-based")
        } else {
            ("license", "Licenses")
        };
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "minimumQuantity": self.minimum_quantity,
            "maximumQuantity": self.maximum_quantity,
            "rank": rank,
            "uri": format!("/offers/{}", self.id),
            "locale": "en-US",
            "country": country,
            "category": {
                "id": self.category.0, "name": self.category.1, "rank": 10, "locale": "en-US", "country": country,
                "attributes": { "objectType": "OfferCategory" },
            },
            "prerequisiteOffers": self.prerequisites,
            "isAddOn": self.is_add_on,
            "hasAddOns": false,
            "isAvailableForPurchase": true,
            "billing": billing,
            "supportedBillingCycles": if self.is_usage_based() { vec!["monthly"] } else { vec!["monthly", "annual"] },
            "isAutoRenewable": !self.is_usage_based(),
            "isTrial": false,
            "product": { "id": self.product.0, "name": self.product.1, "unit": unit },
            "unitType": unit,
            "links": { "learnMore": link(&format!("https://go.microsoft.com/fwlink/?LinkId=offer-{}", self.id)) },
            "attributes": { "objectType": "Offer" },
        })
    }
}
