//! The Partner Center client: HTTP and the contract (`partner-center-api.md`), nothing about
//! Switchboard's tables. One [`PartnerCenter`] per account, each with its cloud's endpoints,
//! its own tokens, rate budget, `Retry-After` gate and circuit breaker.

mod breaker;
mod client;
pub mod endpoints;
mod error;
mod exchange;
mod health;
pub mod operations;
mod request;
mod stats;
mod throttle;
mod tokens;
pub mod wire;

pub use breaker::BreakerSettings;
pub use client::{ClientSettings, PartnerCenter, RetrySettings};
pub use endpoints::{Endpoints, InvalidEndpoint};
pub use error::{ApiErrorKind, CallInfo, PcError, TransportKind};
pub use operations::Page;
pub use request::{Cursor, Reply, Request};
pub use stats::{CallCounts, CallStats};
pub use throttle::{RateSettings, family};
pub use tokens::{Credentials, TokenKind};
