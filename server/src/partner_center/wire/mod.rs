//! Typed request and response bodies of the Partner Center contract, parsed the way real
//! responses require: property names in any case, lenient numbers, dates and error codes.

mod audit;
mod case_insensitive;
mod customers;
mod envelope;
mod lenient;
mod offers;
mod orders;
mod subscriptions;
mod usage;
mod users;

pub use audit::AuditRecord;
pub use case_insensitive::{from_slice, from_value};
pub use customers::{Address, BillingProfile, CompanyProfile, Customer};
pub use envelope::{Attributes, Collection, CollectionLinks, ErrorBody, Link, LinkHeader, ThrottleBody};
pub use lenient::{ErrorCode, Timestamp, integer, normalize_id, optional_integer};
pub use offers::{Offer, OfferCategory};
pub use orders::{Order, OrderLineItem};
pub use subscriptions::{ProvisioningState, ProvisioningStatus, Subscription, SubscriptionStatus};
pub use usage::{Meter, OfferTerm, RateCard, SpendingBudget, UtilizationRecord, UtilizationResource};
pub use users::CustomerUser;
