//! Who is asking: login (shared by pages and API), the page context built from the session and
//! the API user from a bearer token. Permission checks live with each feature.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use domain::Lang;
use domain::accounts::Email;
use store::accounts::{self, User};
use tower_sessions::Session;

use crate::AppState;
use crate::error::ApiError;

/// Session key of the logged-in user's id.
pub const USER_KEY: &str = "user_id";

/// Why a login did not succeed.
#[derive(Debug)]
pub enum LoginError {
    /// Wrong e-mail or password (one answer for both).
    Invalid,
    /// Too many failures: refused until then.
    Locked(jiff::Timestamp),
    Internal(String),
}

impl From<LoginError> for ApiError {
    fn from(e: LoginError) -> Self {
        match e {
            LoginError::Invalid => ApiError::BadCredentials,
            LoginError::Locked(until) => ApiError::Throttled(until),
            LoginError::Internal(why) => ApiError::Internal(why),
        }
    }
}

/// Checks an e-mail/password pair with the throttle. Unknown e-mails cost the same argon2 work
/// as known ones and count failures the same way, so answers reveal nothing.
pub async fn authenticate(
    state: &AppState,
    email: &str,
    password: &str,
) -> Result<String, LoginError> {
    let internal = |e: store::StoreError| LoginError::Internal(e.to_string());
    let now = state.now();
    let normalized = Email::parse(email)
        .map(|e| e.as_str().to_string())
        .unwrap_or_else(|_| email.trim().to_lowercase());
    if let Some(until) = accounts::locked_until(&state.db, &normalized, now)
        .await
        .map_err(internal)?
    {
        return Err(LoginError::Locked(until));
    }
    let record = accounts::find_login(&state.db, &normalized)
        .await
        .map_err(internal)?;
    let stored = record
        .as_ref()
        .map(|r| r.password_hash.clone())
        .unwrap_or_else(|| store::passwords::dummy_hash().to_string());
    let pw = password.to_string();
    let matches = tokio::task::spawn_blocking(move || store::passwords::verify(&pw, &stored))
        .await
        .map_err(|e| LoginError::Internal(e.to_string()))?;
    match record {
        Some(r) if matches && !r.disabled => {
            accounts::clear_login_failures(&state.db, &normalized)
                .await
                .map_err(internal)?;
            Ok(r.id)
        }
        _ => {
            let locked = accounts::record_login_failure(&state.db, &normalized, now)
                .await
                .map_err(internal)?;
            match locked {
                Some(until) => Err(LoginError::Locked(until)),
                None => Err(LoginError::Invalid),
            }
        }
    }
}

/// The language of a page request: the `lang` cookie, else Polish.
pub fn page_lang(headers: &HeaderMap) -> Lang {
    cookie(headers, "lang")
        .and_then(|v| Lang::parse(&v))
        .unwrap_or_default()
}

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Everything a page handler needs about the visitor.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub lang: Lang,
    pub user: Option<User>,
    pub session: Session,
    /// Path and query of this request (for the language switch and login redirects).
    pub path: String,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = crate::pages::PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| crate::pages::PageError::Internal("session layer missing".into()))?;
        let lang = page_lang(&parts.headers);
        let user_id: Option<String> = session.get(USER_KEY).await.ok().flatten();
        let user = match user_id {
            Some(id) => accounts::find_user(state.db.read(), &id)
                .await
                .map_err(|e| crate::pages::PageError::Internal(e.to_string()))?,
            None => None,
        };
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        Ok(Visitor {
            lang,
            user,
            session,
            path,
        })
    }
}

/// The API caller, from `Authorization: Bearer <token>`; `401` without a valid token.
#[derive(Clone, Debug)]
pub struct ApiUser(pub User);

/// The API caller if a valid token was sent.
#[derive(Clone, Debug)]
pub struct MaybeApiUser(pub Option<User>);

/// The token of an `Authorization: Bearer` header; `Ok(None)` without the header, `401` for
/// another scheme.
fn bearer_token(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(|t| Some(t.trim()))
        .ok_or(ApiError::Unauthorized)
}

async fn bearer_user(parts: &Parts, state: &AppState) -> Result<Option<User>, ApiError> {
    let Some(token) = bearer_token(parts)? else {
        return Ok(None);
    };
    let user = accounts::user_by_token(&state.db, token, state.now()).await?;
    user.map(Some).ok_or(ApiError::Unauthorized)
}

/// The bearer token as sent, not yet checked (`401` without one): for a handler that checks it
/// together with its own reads (see `store::grants::submitter_and_facts`). The handler must
/// answer `401` when the token turns out not to be valid.
#[derive(Clone, Debug)]
pub struct BearerToken(pub String);

impl FromRequestParts<AppState> for BearerToken {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        bearer_token(parts)?
            .map(|t| BearerToken(t.to_string()))
            .ok_or(ApiError::Unauthorized)
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        bearer_user(parts, state)
            .await?
            .map(ApiUser)
            .ok_or(ApiError::Unauthorized)
    }
}

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        bearer_user(parts, state).await.map(MaybeApiUser)
    }
}
