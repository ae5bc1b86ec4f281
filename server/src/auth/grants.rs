//! From the staff authority's token to grants: the configured rules (or, in demo mode, the
//! simulator's demo groups) pick the roles a person's app roles and groups carry.

use super::oidc::StaffIdentity;
use crate::config::GrantRule;
use app::auth::{Grant, Role};
use sqlx::PgPool;
use std::collections::HashMap;

/// The grants `identity`'s claims carry under `rules`. Account names that name no account
/// are skipped with a warning (a rule naming only unknown accounts grants nothing).
pub async fn mapped_grants(
    pool: &PgPool,
    rules: &[GrantRule],
    identity: &StaffIdentity,
) -> Result<Vec<Grant>, sqlx::Error> {
    let matching: Vec<&GrantRule> = rules
        .iter()
        .filter(|rule| {
            rule.app_role
                .as_ref()
                .is_some_and(|role| identity.roles.contains(role))
                || rule.group.is_some_and(|group| identity.groups.contains(&group))
        })
        .collect();
    if matching.is_empty() {
        return Ok(Vec::new());
    }
    let accounts: HashMap<String, uuid::Uuid> = sqlx::query!("SELECT id, name FROM partner_accounts")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|row| (row.name.to_lowercase(), row.id))
        .collect();
    let mut grants = Vec::new();
    for rule in matching {
        if rule.accounts.is_empty() {
            grants.push(Grant {
                role: rule.role,
                account: None,
            });
        }
        for name in &rule.accounts {
            match accounts.get(&name.to_lowercase()) {
                Some(id) => grants.push(Grant {
                    role: rule.role,
                    account: Some(*id),
                }),
                None => {
                    tracing::warn!(account = %name, role = rule.role.as_str(), "auth.grant names an account that does not exist")
                }
            }
        }
    }
    Ok(grants)
}

/// The demo staff's groups as rules: each group grants its member's role, on the one account
/// the group is for or on every account.
pub fn demo_rules(sim: &sim::Sim) -> Vec<GrantRule> {
    sim.staff
        .users
        .iter()
        .flat_map(|user| {
            let role = user
                .roles
                .iter()
                .find_map(|role| Role::parse(&role.trim_start_matches("Switchboard.").to_lowercase()));
            user.groups.iter().filter_map(move |(group, _)| {
                Some(GrantRule {
                    app_role: None,
                    group: Some(*group),
                    role: role?,
                    accounts: user.scope.iter().cloned().collect(),
                })
            })
        })
        .collect()
}
