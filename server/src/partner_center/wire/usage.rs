//! Azure utilization records (USE-01), the rate card that prices them (PRICE-01) and a
//! customer's monthly spending budget (BUD-01).

use super::lenient::Timestamp;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UtilizationRecord {
    pub usage_start_time: Timestamp,
    pub usage_end_time: Timestamp,
    pub resource: UtilizationResource,
    pub quantity: f64,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UtilizationResource {
    /// The meter id, as on the rate card.
    pub id: String,
    pub name: Option<String>,
    pub category: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateCard {
    pub currency: String,
    #[serde(default)]
    pub meters: Vec<Meter>,
    #[serde(default)]
    pub offer_terms: Vec<OfferTerm>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meter {
    pub id: String,
    pub name: Option<String>,
    pub category: Option<String>,
    pub unit: Option<String>,
    /// Unit price from each quantity threshold on (`"0"` = from the first unit).
    #[serde(default)]
    pub rates: BTreeMap<String, f64>,
    #[serde(default)]
    pub included_quantity: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferTerm {
    pub name: Option<String>,
    #[serde(default)]
    pub discount: f64,
    #[serde(default)]
    pub excluded_meter_ids: Vec<String>,
}

/// BUD-01's body; no budget = `amount` absent or null.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpendingBudget {
    pub amount: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_center::wire::from_slice;

    #[test]
    fn the_seed_rate_card_and_utilization_examples_parse() {
        let card = br#"{"locale":"en-US","currency":"USD","isTaxIncluded":false,"meters":[{"id":"4b836326-7e19-46e6-8bce-1b19bb6cd91e",
          "name":"Unlimited Data - 1 Gbps","rates":{"0":7395.0},"tags":[],"category":"Networking","subcategory":"ExpressRoute",
          "region":"Zone 2","unit":"Connections","includedQuantity":0.0,"effectiveDate":"2015-09-01T00:00:00Z"}],
          "offerTerms":[{"name":"Overage discount","discount":0.15,"excludedMeterIds":["53cc0061-0fe2-4249-bf62-e1008c811f5c"],
          "effectiveDate":"2014-01-01T00:00:00"}],"attributes":{"objectType":"AzureRateCard"}}"#;
        let card: RateCard = from_slice(card).unwrap();
        assert_eq!(card.meters[0].rates["0"], 7395.0);
        assert_eq!(card.offer_terms[0].discount, 0.15);

        let record =
            br#"{"usageStartTime":"2015-11-30T16:00:00-08:00","usageEndTime":"2015-12-01T16:00:00-08:00",
          "resource":{"id":"505db374-df8a-44df-9d8c-13c14b61dee1","name":"Standard Small App Service Hours",
          "category":"Azure App Service","subcategory":""},"quantity":2.0,"unit":"Hours","infoFields":{},
          "attributes":{"objectType":"AzureUtilizationRecord"}}"#;
        let record: UtilizationRecord = from_slice(record).unwrap();
        assert_eq!(record.quantity, 2.0);
        assert_eq!(record.usage_start_time.0.hour(), 0);
    }

    #[test]
    fn a_missing_budget_is_none() {
        let budget: SpendingBudget =
            from_slice(br#"{"attributes":{"objectType":"SpendingBudget"}}"#).unwrap();
        assert_eq!(budget.amount, None);
        let budget: SpendingBudget = from_slice(br#"{"Amount":100}"#).unwrap();
        assert_eq!(budget.amount, Some(100.0));
    }
}
