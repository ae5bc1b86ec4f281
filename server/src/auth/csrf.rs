//! Cross-site request forgery: a state-changing request (anything but GET, HEAD, OPTIONS)
//! that a browser says comes from another site (`Sec-Fetch-Site`) or whose `Origin` is not the
//! portal's own is refused with 403 and audited. Clients that send neither header are not
//! browsers and carry no ambient cookies, so they pass (SameSite=Lax is the second wall).

use crate::state::AppState;
use app::audit::{AuditEntry, Outcome, queries::record};
use app::auth::Staff;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn refuse_cross_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let Some(why) = cross_site(request.headers(), &state.auth.public_url) else {
        return next.run(request).await;
    };
    let staff = request.extensions().get::<Staff>();
    let entry = AuditEntry::new(
        "auth.cross_site_request",
        staff.map(|staff| (staff.id, staff.name.as_str())),
        Outcome::Denied,
    )
    .detail(format!("{} {}: {why}", request.method(), request.uri().path()));
    if let Err(error) = record(&state.pool, &entry).await {
        tracing::error!(error = %error, "could not write the audit log");
    }
    tracing::warn!(method = %request.method(), path = request.uri().path(), why, "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        "Refused: this request came from another site.",
    )
        .into_response()
}

/// Why the request looks cross-site, if it does.
fn cross_site(headers: &HeaderMap, public_url: &url::Url) -> Option<String> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("unreadable");
        if site != "same-origin" && site != "none" {
            return Some(format!("Sec-Fetch-Site: {site}"));
        }
    }
    let origin = headers.get(header::ORIGIN)?;
    let origin = origin.to_str().unwrap_or("unreadable");
    let own = public_url.origin().ascii_serialization();
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok());
    let same_host =
        host.is_some_and(|host| origin == format!("http://{host}") || origin == format!("https://{host}"));
    (origin != own && !same_host).then(|| format!("Origin: {origin}"))
}

#[cfg(test)]
mod tests {
    use super::cross_site;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_the_portal_itself_may_change_things() {
        let own = url::Url::parse("https://portal.example").unwrap();
        let allowed = [
            vec![],
            vec![
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://portal.example"),
            ],
            vec![("sec-fetch-site", "none")],
            vec![("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")],
        ];
        for case in allowed {
            assert_eq!(cross_site(&headers(&case), &own), None, "{case:?}");
        }
        let refused = [
            vec![("sec-fetch-site", "cross-site")],
            vec![("sec-fetch-site", "same-site")],
            vec![("origin", "https://evil.example")],
            vec![("origin", "null")],
            vec![
                ("origin", "https://portal.example.evil.example"),
                ("host", "portal.example"),
            ],
        ];
        for case in refused {
            assert!(cross_site(&headers(&case), &own).is_some(), "{case:?}");
        }
    }
}
