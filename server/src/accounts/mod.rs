//! The Partner Center accounts this instance serves: from settings, or the simulator's in demo
//! mode, registered in the database with one client each.

mod backend;
mod definition;
mod demo;
mod registry;
pub mod sealing;
mod stored;

pub use backend::ServerAccounts;
pub use definition::AccountDefinition;
pub use demo::{Demo, simulated_accounts};
pub use registry::{Account, Registry};
pub use stored::StoredAccount;
