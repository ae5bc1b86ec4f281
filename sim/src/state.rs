//! The running simulator: configuration, clock, keys and every account's state.

use crate::clock::Clock;
use crate::config::SimConfig;
use crate::faults::{Counters, FaultState};
use crate::identity::{Grants, Keys, StaffDirectory};
use crate::model::{AccountData, AccountInfo, Catalog};
use std::sync::{Mutex, RwLock};
use uuid::Uuid;

/// One partner account: fixed identity, mutable data, its faults and its request counters.
pub struct Account {
    pub info: AccountInfo,
    pub data: RwLock<AccountData>,
    pub faults: Mutex<FaultState>,
    pub counters: Mutex<Counters>,
}

/// Shared by every handler (behind an `Arc`).
pub struct Sim {
    pub config: SimConfig,
    /// `http://127.0.0.1:PORT`, where this simulator serves.
    pub base_url: String,
    pub clock: Clock,
    pub catalog: Catalog,
    pub keys: std::sync::Arc<Keys>,
    pub staff: StaffDirectory,
    pub grants: Mutex<Grants>,
    pub accounts: Vec<Account>,
}

impl Sim {
    pub fn account_by_tenant(&self, tenant_id: Uuid) -> Option<&Account> {
        self.accounts
            .iter()
            .find(|account| account.info.tenant_id == tenant_id)
    }

    /// The account that owns customer `id`, if any does.
    pub fn owner_of_customer(&self, id: Uuid) -> Option<usize> {
        self.accounts.iter().position(|account| {
            account
                .data
                .read()
                .expect("account data lock is never poisoned")
                .customer_index
                .contains_key(&id)
        })
    }

    /// Partner Center REST base URL of `account` in this simulator: append `/v1/...`.
    pub fn api_base_url(&self, info: &AccountInfo) -> String {
        format!("{}/pc/{}", self.base_url, info.cloud.api_host())
    }

    /// The authority (`{authority}/{tenant}/...`) of `info`'s cloud in this simulator.
    pub fn authority_url(&self, info: &AccountInfo) -> String {
        format!("{}/login/{}", self.base_url, info.cloud.as_str())
    }
}
