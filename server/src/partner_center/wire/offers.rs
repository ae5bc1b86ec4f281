//! Offers of a market (OFFR-01, OFFR-02).

use super::lenient::optional_integer;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[serde(default, deserialize_with = "optional_integer")]
    pub minimum_quantity: Option<i64>,
    #[serde(default, deserialize_with = "optional_integer")]
    pub maximum_quantity: Option<i64>,
    pub category: Option<OfferCategory>,
    #[serde(default)]
    pub prerequisite_offers: Vec<String>,
    #[serde(default)]
    pub is_add_on: bool,
    pub is_available_for_purchase: Option<bool>,
    /// `none`, `usage`, `license`.
    pub billing: Option<String>,
    pub is_auto_renewable: Option<bool>,
    pub unit_type: Option<String>,
    #[serde(default)]
    pub supported_billing_cycles: Vec<String>,
    pub is_trial: Option<bool>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferCategory {
    pub id: Option<String>,
    pub name: Option<String>,
}
