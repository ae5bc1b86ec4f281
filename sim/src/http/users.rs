//! Customer users: create (USR-01), list (USR-02, deleted ones with USR-06), get (USR-03),
//! update / restore / reset password (USR-04, USR-07, USR-08), soft delete (USR-05).

use super::body::{Filter, QueryParams, parse};
use super::envelope::{collection, empty, ok};
use super::error::{PcError, PcResult};
use super::{Ctx, Params, param, refined};
use crate::cloud::Capability;
use crate::model::{CustomerUser, UserState};
use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PasswordProfile {
    password: Option<String>,
    forcechangepassword: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read-only properties of the full resource are accepted and ignored
struct UserRequest {
    id: Option<Value>,
    usagelocation: Option<String>,
    userprincipalname: Option<String>,
    firstname: Option<String>,
    lastname: Option<String>,
    displayname: Option<String>,
    passwordprofile: Option<PasswordProfile>,
    phonenumber: Option<String>,
    immutableid: Option<Value>,
    state: Option<String>,
    userdomaintype: Option<Value>,
    lastdirectorysynctime: Option<Value>,
    softdeletiontime: Option<Value>,
    links: Option<Value>,
    attributes: Option<Value>,
}

fn check_password(password: &str) -> PcResult<()> {
    let classes = [
        password.chars().any(char::is_lowercase),
        password.chars().any(char::is_uppercase),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if password.chars().count() < 8 || classes.iter().filter(|present| **present).count() < 3 {
        return Err(PcError::invalid(
            "The password must have at least 8 characters from three of: lower case, upper case, digits, symbols.",
        ));
    }
    Ok(())
}

pub async fn list(ctx: Ctx, params: Params, RawQuery(query): RawQuery) -> PcResult<Response> {
    ctx.require_app_user()?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let query = QueryParams::new(query.as_deref());
    let wanted = match query.get("filter") {
        None => UserState::Active,
        Some(text) => {
            let filter = Filter::parse(text)?;
            if !filter.field.eq_ignore_ascii_case("UserState")
                || !filter.operator_is("equals")
                || !filter.value_text().eq_ignore_ascii_case("inactive")
            {
                return Err(PcError::invalid(
                    r#"Users can only be filtered with {"Field":"UserState","Value":"Inactive","Operator":"equals"}."#,
                ));
            }
            UserState::Inactive
        }
    };
    let size = query.number("size", 1, 1000)?.unwrap_or(1000) as usize;
    let now = ctx.now();
    ctx.with_customer(customer_id, |customer| {
        let items = customer
            .users
            .iter()
            .filter(|user| user.state == wanted && !user.is_purged(now))
            .take(size)
            .map(|user| user.to_json(customer_id))
            .collect();
        Ok(ok(collection(
            items,
            &format!("/customers/{customer_id}/users"),
            None,
        )))
    })
}

fn find_user<'a>(
    users: &'a [CustomerUser],
    text: &str,
    now: time::OffsetDateTime,
) -> PcResult<&'a CustomerUser> {
    let id = super::guid("user id", text)?;
    users
        .iter()
        .find(|user| user.id == id && !user.is_purged(now))
        .ok_or_else(|| PcError::not_found(60_002, "User object Id is not found"))
}

pub async fn get(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let now = ctx.now();
    ctx.with_customer(customer_id, |customer| {
        Ok(ok(
            find_user(&customer.users, param(&params, "user_id"), now)?.to_json(customer_id)
        ))
    })
}

pub async fn create(ctx: Ctx, params: Params, body: Bytes) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::CreateCustomerUsers)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let request: UserRequest = parse(&body)?;
    let required = |value: &Option<String>, name: &str| {
        value
            .clone()
            .filter(|text| !text.trim().is_empty())
            .ok_or_else(|| PcError::invalid(format!("{name} is required.")))
    };
    let upn = required(&request.userprincipalname, "userPrincipalName")?.to_lowercase();
    let usage_location = required(&request.usagelocation, "usageLocation")?.to_uppercase();
    if usage_location.len() != 2 {
        return Err(PcError::invalid(
            "usageLocation must be a two-letter country code.",
        ));
    }
    let display_name = required(&request.displayname, "displayName")?;
    let profile = request
        .passwordprofile
        .ok_or_else(|| PcError::invalid("passwordProfile is required."))?;
    let password = profile
        .password
        .clone()
        .ok_or_else(|| PcError::invalid("passwordProfile.password is required."))?;
    check_password(&password)?;
    let mut data = ctx.write();
    let customer = data
        .customer_mut(customer_id)
        .ok_or_else(|| PcError::not_found(60_003, "Tenant not found"))?;
    if !upn.ends_with(&format!("@{}", customer.domain)) {
        return Err(PcError::invalid(format!(
            "userPrincipalName must be in the customer's domain {}.",
            customer.domain
        )));
    }
    if customer
        .users
        .iter()
        .any(|user| user.user_principal_name.eq_ignore_ascii_case(&upn))
    {
        return Err(PcError::new(
            StatusCode::CONFLICT,
            3000,
            format!("A user with userPrincipalName {upn} already exists."),
        ));
    }
    let user = CustomerUser {
        id: Uuid::new_v4(),
        user_principal_name: upn,
        first_name: request.firstname.unwrap_or_default().into(),
        last_name: request.lastname.unwrap_or_default().into(),
        display_name,
        usage_location: usage_location.into(),
        phone_number: request.phonenumber,
        state: UserState::Active,
        soft_deleted_at: None,
    };
    let mut body = user.to_json(customer_id);
    body["passwordProfile"] =
        json!({ "password": password, "forceChangePassword": profile.forcechangepassword.unwrap_or(true) });
    body["lastDirectorySyncTime"] = Value::Null;
    body["softDeletionTime"] = Value::Null;
    let new_value = user.to_json(customer_id);
    customer.users.push(user);
    let target = (customer.id, customer.company_name.clone());
    ctx.audit(
        &mut data,
        Some(target),
        "create_customer_user",
        "customer_user",
        None,
        Some(&new_value),
        Vec::new(),
    );
    Ok(ok(body))
}

pub async fn update(ctx: Ctx, params: Params, body: Bytes) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::CreateCustomerUsers)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let request: UserRequest = parse(&body)?;
    if request.passwordprofile.is_some() {
        ctx.require(Capability::ResetUserPasswords)?;
    }
    let now = ctx.now();
    let mut data = ctx.write();
    let customer = data
        .customer_mut(customer_id)
        .ok_or_else(|| PcError::not_found(60_003, "Tenant not found"))?;
    let id = find_user(&customer.users, param(&params, "user_id"), now)?.id;
    let user = customer
        .users
        .iter_mut()
        .find(|user| user.id == id)
        .expect("found above");
    let old_value = user.to_json(customer_id);
    let (operation, operation_type) = if request
        .state
        .as_deref()
        .is_some_and(|state| state.eq_ignore_ascii_case("active"))
        && user.state == UserState::Inactive
    {
        user.state = UserState::Active;
        user.soft_deleted_at = None;
        ("USR-07", "restore_customer_user")
    } else if let Some(profile) = &request.passwordprofile {
        check_password(profile.password.as_deref().unwrap_or_default())?;
        ("USR-08", "reset_customer_user_password")
    } else {
        if user.state == UserState::Inactive {
            return Err(PcError::invalid(
                "A deleted user must be restored (state active) before it can be changed.",
            ));
        }
        if let Some(location) = &request.usagelocation {
            user.usage_location = location.to_uppercase().into();
        }
        if let Some(name) = request.displayname.clone().filter(|name| !name.trim().is_empty()) {
            user.display_name = name;
        }
        if let Some(first) = request.firstname.clone() {
            user.first_name = first.into();
        }
        if let Some(last) = request.lastname.clone() {
            user.last_name = last.into();
        }
        ("USR-04", "update_customer_user")
    };
    let mut body = user.to_json(customer_id);
    if let Some(profile) = request.passwordprofile {
        body["passwordProfile"] = json!({ "password": profile.password, "forceChangePassword": profile.forcechangepassword.unwrap_or(true) });
    }
    let new_value = user.to_json(customer_id);
    let target = (customer.id, customer.company_name.clone());
    ctx.audit(
        &mut data,
        Some(target),
        operation_type,
        "customer_user",
        Some(&old_value),
        Some(&new_value),
        Vec::new(),
    );
    Ok(refined(ok(body), operation))
}

pub async fn delete(ctx: Ctx, params: Params) -> PcResult<Response> {
    ctx.require_app_user()?;
    ctx.require(Capability::CreateCustomerUsers)?;
    let customer_id = ctx.customer_id(param(&params, "customer_id"))?;
    let now = ctx.now();
    let mut data = ctx.write();
    let customer = data
        .customer_mut(customer_id)
        .ok_or_else(|| PcError::not_found(60_003, "Tenant not found"))?;
    let id = find_user(&customer.users, param(&params, "user_id"), now)?.id;
    let user = customer
        .users
        .iter_mut()
        .find(|user| user.id == id)
        .expect("found above");
    let old_value = user.to_json(customer_id);
    user.state = UserState::Inactive;
    user.soft_deleted_at = Some(now);
    let target = (customer.id, customer.company_name.clone());
    ctx.audit(
        &mut data,
        Some(target),
        "delete_customer_user",
        "customer_user",
        Some(&old_value),
        None,
        Vec::new(),
    );
    Ok(empty(StatusCode::NO_CONTENT))
}
