//! `/auth/login`, `/accounts`, `/me`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::FieldError;
use domain::accounts::{Email, Password, PersonName};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use utoipa::ToSchema;

use super::Created;
use super::organisations::OrganisationOut;
use crate::AppState;
use crate::auth::{ApiUser, authenticate};
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Deserialize, ToSchema)]
pub struct LoginIn {
    pub email: String,
    pub password: String,
}

/// A role the user holds; `municipality` is a slug, or null for platform-wide roles.
#[derive(Serialize, ToSchema)]
pub struct RoleOut {
    /// `admin`, `officer`, `evaluator`, `council` or `metropolis`.
    pub role: String,
    pub municipality: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    pub id: String,
    pub email: String,
    pub name: String,
    pub roles: Vec<RoleOut>,
}

impl From<&User> for UserOut {
    fn from(u: &User) -> Self {
        UserOut {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.name.clone(),
            roles: u
                .roles
                .iter()
                .map(|g| RoleOut {
                    role: g.role.as_str().to_string(),
                    municipality: g.municipality_slug.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LoginOut {
    /// Send as `Authorization: Bearer <token>`; valid for 30 days.
    pub token: String,
    pub user: UserOut,
}

/// Log in and receive a bearer token.
#[utoipa::path(post, path = "/auth/login", tag = "accounts", request_body = LoginIn,
    responses(
        (status = 200, body = LoginOut),
        (status = 401, description = "Wrong e-mail or password (one message for both)", body = Problem),
        (status = 429, description = "Too many failed attempts for this e-mail", body = Problem),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<LoginIn>,
) -> Result<Json<LoginOut>, ApiError> {
    let user_id = authenticate(&state, &input.email, &input.password).await?;
    let token = store::accounts::create_api_token(&state.db, &user_id, state.now()).await?;
    let user = store::accounts::find_user(state.db.read(), &user_id)
        .await?
        .ok_or(ApiError::BadCredentials)?;
    Ok(Json(LoginOut {
        token,
        user: UserOut::from(&user),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct AccountIn {
    pub email: Option<String>,
    /// At least 12 characters.
    pub password: Option<String>,
    pub name: Option<String>,
}

/// Validated registration input, shared with the registration page.
pub struct NewAccount {
    pub email: Email,
    pub password: Password,
    pub name: PersonName,
}

/// Checks registration fields and collects every problem.
pub fn validate_account(
    email: Option<&str>,
    password: Option<&str>,
    name: Option<&str>,
) -> Result<NewAccount, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = Email::parse(email.unwrap_or(""))
        .map_err(|e| errors.push(FieldError::new("email", &e)))
        .ok();
    let password = Password::parse(password.unwrap_or(""))
        .map_err(|e| errors.push(FieldError::new("password", &e)))
        .ok();
    let name = PersonName::parse(name.unwrap_or(""))
        .map_err(|e| errors.push(FieldError::new("name", &e)))
        .ok();
    match (email, password, name) {
        (Some(email), Some(password), Some(name)) if errors.is_empty() => Ok(NewAccount {
            email,
            password,
            name,
        }),
        _ => Err(errors),
    }
}

/// Creates a resident's account after hashing the password off the async threads.
pub async fn register(state: &AppState, a: NewAccount) -> Result<String, ApiError> {
    let pw = a.password.expose().to_string();
    let hash = tokio::task::spawn_blocking(move || store::passwords::hash(&pw))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(store::accounts::create_user(&state.db, &a.email, &a.name, hash, None, state.now()).await?)
}

/// Register a resident's account.
#[utoipa::path(post, path = "/accounts", tag = "accounts", request_body = AccountIn,
    responses(
        (status = 201, body = Created),
        (status = 409, description = "E-mail already taken", body = Problem),
        (status = 422, description = "Bad e-mail, password under 12 characters, missing name", body = Problem),
    ))]
pub async fn create_account(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<AccountIn>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let account = validate_account(
        input.email.as_deref(),
        input.password.as_deref(),
        input.name.as_deref(),
    )
    .map_err(ApiError::Invalid)?;
    let id = register(&state, account).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The logged-in user with roles.
#[utoipa::path(get, path = "/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = UserOut), (status = 401, body = Problem)))]
pub async fn me(ApiUser(user): ApiUser) -> Json<UserOut> {
    Json(UserOut::from(&user))
}

/// The organisations the logged-in user represents.
#[utoipa::path(get, path = "/me/organisations", tag = "organisations", security(("bearer" = [])),
    responses((status = 200, body = Vec<OrganisationOut>), (status = 401, body = Problem)))]
pub async fn my_organisations(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<OrganisationOut>>, ApiError> {
    let orgs = store::organisations::of_user(&state.db, &user.id).await?;
    let mut out = Vec::with_capacity(orgs.len());
    for o in orgs {
        if let Some(view) = store::organisations::get(&state.db, &o.id).await? {
            out.push(OrganisationOut::from_view(&view, Some(&user)));
        }
    }
    Ok(Json(out))
}
