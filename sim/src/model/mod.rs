//! The simulated Partner Center state: one `AccountData` per partner account.

pub mod account;
pub mod address;
pub mod audit;
pub mod catalog;
pub mod customer;
pub mod etag;
pub mod invoice;
mod offer_table;
pub mod order;
pub mod service_request;
pub mod subscription;
pub mod user;

pub use account::{AccountData, AccountInfo, Reseller};
pub use address::{Address, Text};
pub use audit::AuditRecord;
pub use catalog::{Catalog, Offer};
pub use customer::{BillingProfile, Customer};
pub use invoice::Invoice;
pub use order::{Order, OrderLineItem};
pub use service_request::{ServiceNote, ServiceRequest};
pub use subscription::{ProvisioningStatus, Subscription, SubscriptionStatus};
pub use user::{CustomerUser, UserState};
