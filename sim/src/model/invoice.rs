use crate::clock::format_utc;
use crate::http::envelope::link;
use crate::model::catalog::currency_symbol;
use serde_json::{Value, json};
use time::OffsetDateTime;

/// A monthly partner invoice (INV-01). Its line items are computed from the subscriptions and
/// usage of its billing period, so they always add up to `total_charges`.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub id: String,
    pub period_start: OffsetDateTime,
    /// Exclusive end of the billing period; the invoice is dated the day after the last day.
    pub period_end: OffsetDateTime,
    pub license_total: f64,
    pub usage_total: f64,
    pub paid_amount: f64,
    pub currency: &'static str,
}

impl Invoice {
    pub fn total_charges(&self) -> f64 {
        ((self.license_total + self.usage_total) * 100.0).round() / 100.0
    }

    /// The wire form; `with_pdf_link` only for INV-01 (a list item has none).
    pub fn to_json(&self, with_pdf_link: bool) -> Value {
        let detail = |item_type: &str, provider: &str, path: &str| {
            json!({
                "invoiceLineItemType": item_type,
                "billingProvider": provider,
                "links": { "self": link(&format!("/invoices/{}/lineitems/{path}", self.id)) },
                "attributes": { "objectType": "InvoiceDetail" },
            })
        };
        let mut value = json!({
            "id": self.id,
            "invoiceDate": format_utc(self.period_end),
            "billingPeriodStartDate": format_utc(self.period_start),
            "billingPeriodEndDate": format_utc(self.period_end - time::Duration::seconds(1)),
            "totalCharges": self.total_charges(),
            "paidAmount": self.paid_amount,
            "currencyCode": self.currency,
            "currencySymbol": currency_symbol(self.currency),
            "invoiceType": "recurring",
            "documentType": "Invoice",
            "invoiceDetails": [
                detail("billing_line_items", "office", "Office/BillingLineItems"),
                detail("usage_line_items", "azure", "Azure/UsageLineItems"),
            ],
            "links": { "self": link(&format!("/invoices/{}", self.id)) },
            "attributes": { "objectType": "Invoice" },
        });
        if with_pdf_link {
            value["pdfDownloadLink"] = json!(format!("/invoices/{}/documents/statement", self.id));
        }
        value
    }
}
