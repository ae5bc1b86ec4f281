//! What a Partner Center handler knows about its call: the account the token belongs to,
//! the kind of token, and the correlation id. The gateway builds it after authentication.

use super::error::{PcError, PcResult};
use crate::cloud::Capability;
use crate::identity::{TokenInfo, TokenKind};
use crate::model::audit::{AuditValue, pascal_case_json};
use crate::model::{AccountData, AccountInfo, AuditRecord, Customer};
use crate::state::{Account, Sim};
use axum::http::StatusCode;
use serde_json::Value;
use std::sync::{Arc, RwLockReadGuard, RwLockWriteGuard};
use time::OffsetDateTime;
use uuid::Uuid;

/// One authenticated Partner Center call.
#[derive(Clone)]
pub struct CallContext {
    pub sim: Arc<Sim>,
    pub account: usize,
    pub token: TokenInfo,
    pub correlation_id: Uuid,
    pub operation: &'static str,
}

impl CallContext {
    pub fn account(&self) -> &Account {
        &self.sim.accounts[self.account]
    }

    pub fn info(&self) -> &AccountInfo {
        &self.account().info
    }

    pub fn read(&self) -> RwLockReadGuard<'_, AccountData> {
        self.account()
            .data
            .read()
            .expect("account data lock is never poisoned")
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, AccountData> {
        self.account()
            .data
            .write()
            .expect("account data lock is never poisoned")
    }

    pub fn now(&self) -> OffsetDateTime {
        self.sim.clock.now()
    }

    /// Refuses App+User-only operations called with an app-only token (contract §1.2).
    pub fn require_app_user(&self) -> PcResult<()> {
        if self.sim.config.enforce_app_user && self.token.kind == TokenKind::App {
            return Err(PcError::access_denied(format!(
                "{} requires App+User authentication; an app-only token was presented",
                self.operation
            )));
        }
        Ok(())
    }

    /// Refuses what the account's cloud cannot do (contract §1.1).
    pub fn require(&self, capability: Capability) -> PcResult<()> {
        let cloud = self.info().cloud;
        if cloud.supports(capability) {
            Ok(())
        } else {
            Err(PcError::unsupported(cloud.refusal(capability)))
        }
    }

    /// Parses a customer id from a path and checks this partner owns it: 404 if nobody does,
    /// 403 / 20002 if another partner does.
    pub fn customer_id(&self, text: &str) -> PcResult<Uuid> {
        let id = parse_guid("customer id", text)?;
        if self.read().customer_index.contains_key(&id) {
            return Ok(id);
        }
        match self.sim.owner_of_customer(id) {
            Some(_) => Err(PcError::no_relationship(
                &self.info().tenant_id.to_string(),
                &id.to_string(),
            )),
            None => Err(PcError::not_found(60_003, format!("Tenant not found: {id}"))),
        }
    }

    /// Runs `read` on customer `id` (already checked by `customer_id`).
    pub fn with_customer<R>(&self, id: Uuid, read: impl FnOnce(&Customer) -> PcResult<R>) -> PcResult<R> {
        let data = self.read();
        let customer = data
            .customer(id)
            .ok_or_else(|| PcError::not_found(60_003, format!("Tenant not found: {id}")))?;
        read(customer)
    }

    /// Who is acting, as the activity log names them.
    pub fn actor(&self) -> String {
        self.token
            .user
            .clone()
            .unwrap_or_else(|| format!("app:{}", self.token.app_id))
    }

    /// Appends an activity log record (contract AUD-01: one per mutation).
    #[allow(clippy::too_many_arguments)]
    pub fn audit(
        &self,
        data: &mut AccountData,
        customer: Option<(Uuid, String)>,
        operation_type: &'static str,
        resource_type: &'static str,
        old_value: Option<&Value>,
        new_value: Option<&Value>,
        customized_data: Vec<(String, String)>,
    ) {
        let (customer_id, customer_name) = customer.unzip();
        data.audit.push(AuditRecord {
            id: Uuid::new_v4(),
            customer_id,
            customer_name,
            user_principal_name: self.actor(),
            application_id: self.token.app_id.clone(),
            resource_type,
            old_value: old_value.map(pascal_case_json),
            new_value: new_value.map(|value| AuditValue::Text(pascal_case_json(value))),
            operation_type,
            operation_date: self.now(),
            correlation_id: self.correlation_id,
            customized_data,
        });
    }
}

/// Parses a GUID from a path or body, or answers 400 naming what was wrong.
pub fn parse_guid(what: &str, text: &str) -> PcResult<Uuid> {
    Uuid::parse_str(text.trim()).map_err(|_| {
        PcError::new(
            StatusCode::BAD_REQUEST,
            3000,
            format!(
                "The {what} '{}' is not a valid GUID.",
                text.chars().take(64).collect::<String>()
            ),
        )
    })
}
