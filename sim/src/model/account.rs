use super::{AuditRecord, Customer, Invoice, ServiceRequest};
use crate::cloud::Cloud;
use std::collections::HashMap;
use uuid::Uuid;

/// What never changes about a partner account: identity, app registration, market.
#[derive(Debug, Clone)]
pub struct AccountInfo {
    pub index: usize,
    pub name: String,
    pub cloud: Cloud,
    /// The partner's Entra tenant; tokens carry it as `tid`.
    pub tenant_id: Uuid,
    pub domain: String,
    /// The partner's Partner Center app registration (client credentials).
    pub client_id: Uuid,
    pub client_secret: String,
    pub mpn_id: String,
    pub country: &'static str,
    pub currency: &'static str,
    pub markets: Vec<&'static str>,
    /// Day of the month the partner's billing cycle starts (contract §3.11).
    pub billing_day: u8,
    /// An App+User refresh token, as the Secure Application Model consent would have stored.
    pub consented_refresh_token: String,
}

/// An indirect reseller the (indirect provider) partner works with (PRT-10).
#[derive(Debug, Clone)]
pub struct Reseller {
    pub tenant_id: Uuid,
    pub name: String,
    pub mpn_id: String,
    pub location: &'static str,
}

/// A stored answer to a mutating request, replayed when the same MS-RequestId comes again.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: u16,
    pub body: bytes::Bytes,
}

/// Everything about an account that changes.
#[derive(Debug, Default)]
pub struct AccountData {
    /// In creation order; listings page through this order.
    pub customers: Vec<Customer>,
    pub customer_index: HashMap<Uuid, usize>,
    pub resellers: Vec<Reseller>,
    pub invoices: Vec<Invoice>,
    pub service_requests: Vec<ServiceRequest>,
    pub audit: Vec<AuditRecord>,
    /// Keyed by (MS-RequestId, method, path).
    pub idempotency: HashMap<(String, String, String), StoredResponse>,
}

impl AccountData {
    pub fn customer(&self, id: Uuid) -> Option<&Customer> {
        self.customer_index.get(&id).map(|&index| &self.customers[index])
    }

    pub fn customer_mut(&mut self, id: Uuid) -> Option<&mut Customer> {
        self.customer_index
            .get(&id)
            .map(|&index| &mut self.customers[index])
    }

    /// Adds a customer at the end of the listing order.
    pub fn push_customer(&mut self, customer: Customer) {
        self.customer_index.insert(customer.id, self.customers.len());
        self.customers.push(customer);
    }

    pub fn reseller_by_mpn(&self, mpn_id: &str) -> Option<&Reseller> {
        self.resellers.iter().find(|reseller| reseller.mpn_id == mpn_id)
    }
}
