//! Login, logout and registration pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::FieldError;
use serde::Deserialize;

use super::{Chrome, FormErrors, PageError};
use crate::api::accounts::{register as create_account, validate_account};
use crate::auth::{LoginError, USER_KEY, Visitor, authenticate};
use crate::error::ApiError;
use crate::{AppState, csrf};

pub struct DemoLine {
    pub email: &'static str,
    pub description: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    c: Chrome,
    errors: FormErrors,
    email: String,
    back: String,
    demo: Vec<DemoLine>,
    demo_password: &'static str,
}

#[derive(Deserialize)]
pub struct BackQuery {
    powrot: Option<String>,
}

/// A safe local path to go back to after login.
fn safe_back(p: Option<String>) -> String {
    p.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/moje-organizacje".into())
}

async fn login_page(
    state: &AppState,
    v: &Visitor,
    errors: Vec<FieldError>,
    email: String,
    back: String,
) -> LoginPage {
    let demo = if state.config.demo {
        store::demo::demo_accounts()
            .map(|a| DemoLine {
                email: a.email,
                description: a.description,
            })
            .collect()
    } else {
        Vec::new()
    };
    LoginPage {
        c: Chrome::form(v, "login-title").await,
        errors: FormErrors::new(&errors, v.lang),
        email,
        back,
        demo,
        demo_password: store::demo::DEMO_PASSWORD,
    }
}

pub async fn login_form(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<BackQuery>,
) -> Response {
    if v.user.is_some() {
        return Redirect::to(&safe_back(q.powrot)).into_response();
    }
    login_page(&state, &v, vec![], String::new(), safe_back(q.powrot))
        .await
        .into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    powrot: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<LoginForm>,
) -> Result<Response, PageError> {
    let back = safe_back(f.powrot);
    let mut errors = Vec::new();
    if f.email.trim().is_empty() {
        errors.push(FieldError {
            field: "email".into(),
            message_pl: "Podaj adres e-mail.".into(),
            message_en: "Enter your e-mail address.".into(),
        });
    }
    if f.password.is_empty() {
        errors.push(FieldError {
            field: "password".into(),
            message_pl: "Podaj hasło.".into(),
            message_en: "Enter your password.".into(),
        });
    }
    if errors.is_empty() {
        match authenticate(&state, &f.email, &f.password).await {
            Ok(user_id) => {
                v.session
                    .cycle_id()
                    .await
                    .map_err(|e| PageError::Internal(e.to_string()))?;
                v.session
                    .insert(USER_KEY, &user_id)
                    .await
                    .map_err(|e| PageError::Internal(e.to_string()))?;
                csrf::rotate(&v.session).await;
                store::accounts::record_login(&state.db, &user_id, state.now()).await?;
                return Ok(Redirect::to(&back).into_response());
            }
            Err(LoginError::Invalid) => errors.push(FieldError {
                field: "email".into(),
                message_pl: "Nieprawidłowy adres e-mail lub hasło.".into(),
                message_en: "Wrong e-mail address or password.".into(),
            }),
            Err(LoginError::Locked(until)) => {
                let pl = domain::time::format_warsaw(until, domain::Lang::Pl);
                let en = domain::time::format_warsaw(until, domain::Lang::En);
                errors.push(FieldError {
                    field: "email".into(),
                    message_pl: format!(
                        "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie po {pl}."
                    ),
                    message_en: format!("Too many failed login attempts. Try again after {en}."),
                });
            }
            Err(LoginError::Internal(why)) => return Err(PageError::Internal(why)),
        }
    }
    let mut page = login_page(&state, &v, errors, f.email.trim().to_string(), back).await;
    page.c.title = format!("{}: {}", page.c.t("form-has-errors-title"), page.c.title);
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub async fn logout(v: Visitor) -> Result<Redirect, PageError> {
    v.session
        .flush()
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(Redirect::to("/"))
}

#[derive(Template, WebTemplate)]
#[template(path = "register.html")]
pub struct RegisterPage {
    c: Chrome,
    errors: FormErrors,
    name: String,
    email: String,
}

pub async fn register_form(v: Visitor) -> Response {
    if v.user.is_some() {
        return Redirect::to("/moje-organizacje").into_response();
    }
    RegisterPage {
        c: Chrome::form(&v, "register-title").await,
        errors: FormErrors::default(),
        name: String::new(),
        email: String::new(),
    }
    .into_response()
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_repeat: String,
}

pub async fn register(
    State(state): State<AppState>,
    v: Visitor,
    Form(f): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let mut errors = match validate_account(Some(&f.email), Some(&f.password), Some(&f.name)) {
        Ok(account) if f.password == f.password_repeat => {
            match create_account(&state, account).await {
                Ok(user_id) => {
                    v.session
                        .cycle_id()
                        .await
                        .map_err(|e| PageError::Internal(e.to_string()))?;
                    v.session
                        .insert(USER_KEY, &user_id)
                        .await
                        .map_err(|e| PageError::Internal(e.to_string()))?;
                    csrf::rotate(&v.session).await;
                    return Ok(Redirect::to("/moje-organizacje?witaj=1").into_response());
                }
                Err(ApiError::Conflict(e)) => vec![e],
                Err(ApiError::Invalid(e)) => e,
                Err(other) => return Err(PageError::Internal(format!("{other:?}"))),
            }
        }
        Ok(_) => vec![],
        Err(e) => e,
    };
    if f.password != f.password_repeat {
        errors.push(FieldError {
            field: "password_repeat".into(),
            message_pl: "Hasła nie są takie same.".into(),
            message_en: "The passwords do not match.".into(),
        });
    }
    let mut c = Chrome::form(&v, "register-title").await;
    c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    Ok((
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        RegisterPage {
            c,
            errors: FormErrors::new(&errors, v.lang),
            name: f.name,
            email: f.email,
        },
    )
        .into_response())
}
