//! The partner's indirect resellers (PRT-10).

use super::Ctx;
use super::body::QueryParams;
use super::envelope::{collection, ok};
use super::error::{PcError, PcResult};
use axum::extract::RawQuery;
use axum::response::Response;
use serde_json::json;

pub async fn list(ctx: Ctx, RawQuery(raw): RawQuery) -> PcResult<Response> {
    ctx.require_app_user()?;
    let query = QueryParams::new(raw.as_deref());
    let kind = query
        .get("relationship_type")
        .unwrap_or_default()
        .to_lowercase()
        .replace('_', "");
    let items = match kind.as_str() {
        "isindirectcloudsolutionproviderof" => ctx.read().resellers.iter().map(|reseller| json!({
            "id": reseller.tenant_id, "name": reseller.name, "relationshipType": "is_indirect_cloud_solution_provider_of",
            "state": "Active", "mpnId": reseller.mpn_id, "location": reseller.location,
            "attributes": { "objectType": "PartnerRelationship" },
        })).collect(),
        "isindirectresellerof" => Vec::new(),
        _ => return Err(PcError::invalid("relationship_type must be IsIndirectCloudSolutionProviderOf or IsIndirectResellerOf.")),
    };
    Ok(ok(collection(
        items,
        &format!(
            "/relationships?relationship_type={}",
            query.get("relationship_type").unwrap_or_default()
        ),
        None,
    )))
}
