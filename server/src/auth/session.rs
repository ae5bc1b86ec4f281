//! Staff sessions: kept in Postgres (they survive restarts and serve every instance), named
//! by a `__Host-` cookie that is Secure, HttpOnly and SameSite=Lax (the sign-in callback is a
//! cross-site top-level GET, which Strict would arrive without). A session ends after the idle
//! timeout or at the absolute lifetime counted from sign-in, whichever comes first; both are
//! checked here on the server, by the clock of `Auth` (the store's own expiry, at the idle
//! timeout, only clears abandoned sessions away).

use super::oidc::{PendingLogin, StaffIdentity};
use crate::config::AuthSettings;
use time::OffsetDateTime;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

/// The session cookie's name.
pub const COOKIE: &str = "__Host-switchboard";

/// Session keys.
const STAFF: &str = "staff";
const LOGIN: &str = "login";

/// Who is signed in to a session, and since when.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SignedIn {
    /// This sign-in's row in `staff_sessions` (nil for sessions older than that table).
    #[serde(default)]
    pub sign_in_id: uuid::Uuid,
    pub identity: StaffIdentity,
    #[serde(with = "time::serde::rfc3339")]
    pub signed_in_at: OffsetDateTime,
    /// The last request of this session.
    #[serde(with = "time::serde::rfc3339")]
    pub last_seen_at: OffsetDateTime,
}

/// A sign-in under way: what `/auth/callback` checks, and the page to return to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LoginInProgress {
    pub pending: PendingLogin,
    pub return_to: String,
}

/// The Postgres session store (its table comes with the migrations), with a task that deletes
/// expired sessions every few minutes.
pub fn store(pool: &sqlx::PgPool) -> PostgresStore {
    let store = PostgresStore::new(pool.clone());
    let sweeper = store.clone();
    let pool = pool.clone();
    tokio::spawn(async move {
        use tower_sessions::ExpiredDeletion;
        let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            every.tick().await;
            if let Err(error) = sweeper.delete_expired().await {
                tracing::warn!(error = %error, "could not delete expired sessions; trying again later");
            }
            if let Err(error) = super::sign_ins::sweep(&pool).await {
                tracing::warn!(error = %error, "could not forget old sign-ins; trying again later");
            }
        }
    });
    store
}

pub fn layer(store: PostgresStore, settings: &AuthSettings) -> SessionManagerLayer<PostgresStore> {
    SessionManagerLayer::new(store)
        .with_name(COOKIE)
        .with_secure(settings.secure_cookie)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        // `signed_in` records a signed-in session's requests (to the minute), which saves it
        // and so renews this deadline; static files and health checks never touch the store.
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            settings.idle_timeout_minutes as i64,
        )))
}

/// The signed-in staff member, if the session has one that is neither idle past the timeout
/// nor past its absolute lifetime (a session past either is ended here), and when the session
/// was seen before. Marks the session as seen now (to the minute).
pub async fn signed_in(
    session: &Session,
    settings: &AuthSettings,
    now: OffsetDateTime,
) -> Result<Option<(SignedIn, OffsetDateTime)>, tower_sessions::session::Error> {
    let Some(mut staff) = session.get::<SignedIn>(STAFF).await? else {
        return Ok(None);
    };
    let idle = time::Duration::minutes(settings.idle_timeout_minutes as i64);
    let lifetime = time::Duration::hours(settings.absolute_lifetime_hours as i64);
    if now >= staff.last_seen_at + idle || now >= staff.signed_in_at + lifetime {
        session.flush().await?;
        return Ok(None);
    }
    // Recorded to the minute: a busy page (the Sync page refreshes every 2 s) does not write
    // its session on every request. The idle limit is therefore kept to within a minute.
    let previous = staff.last_seen_at;
    if super::sign_ins::is_due(previous, now) {
        staff.last_seen_at = now;
        session.insert(STAFF, &staff).await?;
    }
    Ok(Some((staff, previous)))
}

/// Starts a session for `identity` under a new session id (the pre-login id is discarded;
/// the callback has already taken the sign-in under way out of it).
/// Returns the new session's store id, for the list of active sessions.
pub async fn sign_in(
    session: &Session,
    sign_in_id: uuid::Uuid,
    identity: StaffIdentity,
    now: OffsetDateTime,
) -> Result<String, tower_sessions::session::Error> {
    session.cycle_id().await?;
    session
        .insert(
            STAFF,
            SignedIn {
                sign_in_id,
                identity,
                signed_in_at: now,
                last_seen_at: now,
            },
        )
        .await?;
    // Saved now rather than after the response, so the new id is known.
    session.save().await?;
    Ok(session.id().map(|id| id.to_string()).unwrap_or_default())
}

pub async fn start_login(
    session: &Session,
    login: LoginInProgress,
) -> Result<(), tower_sessions::session::Error> {
    session.insert(LOGIN, login).await
}

/// Takes the sign-in under way (it can be completed once).
pub async fn take_login(
    session: &Session,
) -> Result<Option<LoginInProgress>, tower_sessions::session::Error> {
    session.remove(LOGIN).await
}
