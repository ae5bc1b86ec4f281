//! A customer's monthly Azure spending budget (BUD-01, BUD-02): a soft limit, never enforced.

use super::body::parse;
use super::envelope::{link, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param};
use crate::cloud::Capability;
use axum::body::Bytes;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

fn budget_json(customer_id: Uuid, amount: Option<f64>) -> Value {
    json!({
        "amount": amount,
        "usageSpendingBudget": amount,
        "attributes": { "objectType": "SpendingBudget" },
        "links": { "self": link(&format!("/customers/{customer_id}/usagebudget")) },
    })
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require(Capability::SpendingBudgets)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    ctx.with_customer(customer_id, |customer| {
        Ok(ok(budget_json(customer_id, customer.budget)))
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct BudgetRequest {
    amount: Option<f64>,
    /// The seed's spelling (contract Appendix C #7).
    ammount: Option<f64>,
    usagespendingbudget: Option<Value>,
    links: Option<Value>,
    attributes: Option<Value>,
}

pub async fn update(ctx: Ctx, params: Params, body: Bytes) -> PcResult<Response> {
    ctx.require(Capability::SpendingBudgets)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let request: BudgetRequest = parse(&body)?;
    let amount = request.amount.or(request.ammount);
    if amount.is_some_and(|amount| !amount.is_finite() || !(0.0..=1e12).contains(&amount)) {
        return Err(PcError::invalid("The budget amount must be zero or more."));
    }
    let amount = amount.map(|amount| (amount * 100.0).round() / 100.0);
    let mut data = ctx.write();
    let customer = data
        .customer_mut(customer_id)
        .ok_or_else(|| PcError::not_found(60_003, "Tenant not found"))?;
    let old_value = budget_json(customer_id, customer.budget);
    customer.budget = amount;
    let new_value = budget_json(customer_id, amount);
    let target = (customer.id, customer.company_name.clone());
    ctx.audit(
        &mut data,
        Some(target),
        "update_customer_spending_budget",
        "customer",
        Some(&old_value),
        Some(&new_value),
        Vec::new(),
    );
    Ok(ok(new_value))
}
