//! Users, their roles per municipality, API tokens and the login-failure throttle.

use domain::accounts::{Email, PersonName, Role};
use domain::time::to_micros;
use jiff::{SignedDuration, Timestamp};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::audit::{self, NewEntry};
use crate::entities::{api_token, login_throttle, role_assignment, user};
use crate::error::is_unique_violation;
use crate::ids::{new_id, new_secret};
use crate::{Db, StoreError};

/// How many failed logins within [`THROTTLE_WINDOW`] lock an account.
pub const MAX_FAILURES: i32 = 5;
/// The window in which failures are counted, and how long the lock lasts.
pub const THROTTLE_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// How long an API token is valid.
pub const TOKEN_TTL: SignedDuration = SignedDuration::from_hours(24 * 30);

/// A role a user holds, in a municipality or platform-wide (`municipality_slug: None`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RoleGrant {
    pub role: Role,
    pub municipality_id: Option<String>,
    pub municipality_slug: Option<String>,
    pub municipality_name: Option<String>,
}

/// A user with the roles they hold.
#[derive(Clone, Debug, serde::Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub roles: Vec<RoleGrant>,
}

impl User {
    /// Whether the user holds `role` in the municipality (platform-wide grants count everywhere;
    /// an admin grant in a municipality counts for every role there).
    pub fn has_role_in(&self, role: Role, municipality_id: &str) -> bool {
        self.roles.iter().any(|g| {
            (g.role == role || g.role == Role::Admin)
                && g.municipality_id
                    .as_deref()
                    .is_none_or(|m| m == municipality_id)
        })
    }

    /// Whether the user holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }

    /// Whether the user is a platform-wide administrator.
    pub fn is_platform_admin(&self) -> bool {
        self.roles
            .iter()
            .any(|g| g.role == Role::Admin && g.municipality_id.is_none())
    }
}

/// What login needs to know about an account.
#[derive(Clone, Debug)]
pub struct LoginRecord {
    pub id: String,
    pub password_hash: String,
    pub disabled: bool,
}

/// Creates an account. `409` when the e-mail is taken. Audited as `user.create`.
pub async fn create_user(
    db: &Db,
    email: &Email,
    name: &PersonName,
    password_hash: String,
    actor: Option<&str>,
    now: Timestamp,
) -> Result<String, StoreError> {
    let txn = db.begin().await?;
    let id = new_id();
    let res = user::ActiveModel {
        id: Set(id.clone()),
        email: Set(email.as_str().to_string()),
        name: Set(name.as_str().to_string()),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(to_micros(now)),
    }
    .insert(&txn)
    .await;
    match res {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::conflict(
                "email",
                "Konto z tym adresem e-mail już istnieje. Zaloguj się albo użyj innego adresu.",
                "An account with this e-mail address already exists. Log in or use another address.",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    audit::append(
        &txn,
        to_micros(now),
        NewEntry {
            actor_user_id: actor.or(Some(&id)),
            municipality_id: None,
            action: "user.create",
            subject_type: "user",
            subject_id: Some(&id),
            details: json!({"email": email.as_str(), "name": name.as_str()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Grants a role (idempotent). Audited as `role.grant`.
pub async fn grant_role(
    db: &Db,
    user_id: &str,
    role: Role,
    municipality_id: Option<&str>,
    actor: Option<&str>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    let mut existing = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(role.as_str()));
    existing = match municipality_id {
        Some(m) => existing.filter(role_assignment::Column::MunicipalityId.eq(m)),
        None => existing.filter(role_assignment::Column::MunicipalityId.is_null()),
    };
    if existing.one(&txn).await?.is_some() {
        return Ok(());
    }
    role_assignment::ActiveModel {
        id: Set(new_id()),
        user_id: Set(user_id.to_string()),
        role: Set(role.as_str().to_string()),
        municipality_id: Set(municipality_id.map(str::to_string)),
        created_at: Set(to_micros(now)),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        to_micros(now),
        NewEntry {
            actor_user_id: actor,
            municipality_id,
            action: "role.grant",
            subject_type: "user",
            subject_id: Some(user_id),
            details: json!({"role": role.as_str(), "municipality_id": municipality_id}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The login record for an e-mail, if such an account exists.
pub async fn find_login(db: &Db, email: &str) -> Result<Option<LoginRecord>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db.read())
        .await?
        .map(|u| LoginRecord {
            id: u.id,
            password_hash: u.password_hash,
            disabled: u.disabled,
        }))
}

/// A user with their roles, or `None`.
pub async fn find_user(
    conn: &impl ConnectionTrait,
    user_id: &str,
) -> Result<Option<User>, StoreError> {
    let Some(u) = user::Entity::find_by_id(user_id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if u.disabled {
        return Ok(None);
    }
    with_roles(conn, u.id, u.email, u.name).await.map(Some)
}

/// The user with their roles, read in one query (joined with the municipalities).
async fn with_roles(
    conn: &impl ConnectionTrait,
    id: String,
    email: String,
    name: String,
) -> Result<User, StoreError> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT r.role, r.municipality_id, m.slug, m.name FROM role_assignments r \
             LEFT JOIN municipalities m ON m.id = r.municipality_id \
             WHERE r.user_id = $1 ORDER BY r.created_at"
        }
        _ => {
            "SELECT r.role, r.municipality_id, m.slug, m.name FROM role_assignments r \
             LEFT JOIN municipalities m ON m.id = r.municipality_id \
             WHERE r.user_id = ? ORDER BY r.created_at"
        }
    };
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            sql,
            [id.clone().into()],
        ))
        .await?;
    let mut roles = Vec::with_capacity(rows.len());
    for r in &rows {
        roles.extend(role_at(r, 0)?);
    }
    Ok(User {
        id,
        email,
        name,
        roles,
    })
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Issues a bearer token for the API; only its SHA-256 is stored. Audited as `user.token`.
pub async fn create_api_token(
    db: &Db,
    user_id: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let token = format!("wsp_{}", new_secret(32));
    let expires = now.checked_add(TOKEN_TTL).unwrap_or(now);
    let txn = db.begin().await?;
    api_token::ActiveModel {
        id: Set(new_id()),
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id.to_string()),
        created_at: Set(to_micros(now)),
        expires_at: Set(to_micros(expires)),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        to_micros(now),
        NewEntry {
            actor_user_id: Some(user_id),
            municipality_id: None,
            action: "user.login",
            subject_type: "user",
            subject_id: Some(user_id),
            details: json!({"channel": "api"}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}

/// The user a bearer token belongs to, if it is valid and not expired.
pub async fn user_by_token(
    db: &Db,
    token: &str,
    now: Timestamp,
) -> Result<Option<User>, StoreError> {
    // One query: the token's user and their roles (one row per role, or one row of NULLs).
    if let Some(lite) = db.lite() {
        let hash = token_hash(token);
        return lite.read(|c| user_by_token_hash_on(c, &hash, now));
    }
    let conn = db.read();
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT u.id, u.email, u.name, r.role, r.municipality_id, m.slug, m.name \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             LEFT JOIN role_assignments r ON r.user_id = u.id \
             LEFT JOIN municipalities m ON m.id = r.municipality_id \
             WHERE t.token_hash = $1 AND t.expires_at > $2 AND NOT u.disabled \
             ORDER BY r.created_at"
        }
        _ => {
            "SELECT u.id, u.email, u.name, r.role, r.municipality_id, m.slug, m.name \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             LEFT JOIN role_assignments r ON r.user_id = u.id \
             LEFT JOIN municipalities m ON m.id = r.municipality_id \
             WHERE t.token_hash = ? AND t.expires_at > ? AND NOT u.disabled \
             ORDER BY r.created_at"
        }
    };
    let rows = conn
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            sql,
            [token_hash(token).into(), to_micros(now).into()],
        ))
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut user = User {
        id: first.try_get_by_index(0)?,
        email: first.try_get_by_index(1)?,
        name: first.try_get_by_index(2)?,
        roles: Vec::with_capacity(rows.len()),
    };
    for r in &rows {
        user.roles.extend(role_at(r, 3)?);
    }
    Ok(Some(user))
}

/// SQLite: [`user_by_token`] on a plain connection inside the caller's read transaction, by the
/// token's hash.
pub(crate) fn user_by_token_hash_on(
    c: &rusqlite::Connection,
    hash: &str,
    now: Timestamp,
) -> Result<Option<User>, StoreError> {
    let rows = crate::lite::query(
        c,
        "SELECT u.id, u.email, u.name, r.role, r.municipality_id, m.slug, m.name \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         LEFT JOIN role_assignments r ON r.user_id = u.id \
         LEFT JOIN municipalities m ON m.id = r.municipality_id \
         WHERE t.token_hash = ?1 AND t.expires_at > ?2 AND NOT u.disabled \
         ORDER BY r.created_at",
        (hash, to_micros(now)),
        |r| {
            let get = |i| crate::lite::text(r, i);
            Ok((
                [get(0)?, get(1)?, get(2)?],
                [get(3)?, get(4)?, get(5)?, get(6)?],
            ))
        },
    )?;
    let mut rows = rows.into_iter();
    let Some(([Some(id), Some(email), Some(name)], first_role)) = rows.next() else {
        return Ok(None);
    };
    let mut user = User {
        id,
        email,
        name,
        roles: Vec::with_capacity(rows.len() + 1),
    };
    for [role, municipality_id, slug, mname] in
        std::iter::once(first_role).chain(rows.map(|(_, r)| r))
    {
        if let Some(role) = role.as_deref().and_then(Role::parse) {
            user.roles.push(RoleGrant {
                role,
                municipality_id,
                municipality_slug: slug,
                municipality_name: mname,
            });
        }
    }
    Ok(Some(user))
}

/// The role grant in the columns `role, municipality_id, slug, name` starting at `at`; `None`
/// for a row without a role (a LEFT JOIN's NULLs) or with a role this version does not know.
fn role_at(r: &sea_orm::QueryResult, at: usize) -> Result<Option<RoleGrant>, StoreError> {
    let role: Option<String> = r.try_get_by_index(at)?;
    let Some(role) = role.as_deref().and_then(Role::parse) else {
        return Ok(None);
    };
    Ok(Some(RoleGrant {
        role,
        municipality_id: r.try_get_by_index(at + 1)?,
        municipality_slug: r.try_get_by_index(at + 2)?,
        municipality_name: r.try_get_by_index(at + 3)?,
    }))
}

/// Until when logins for this e-mail are refused, if they are.
pub async fn locked_until(
    db: &Db,
    email: &str,
    now: Timestamp,
) -> Result<Option<Timestamp>, StoreError> {
    let row = login_throttle::Entity::find_by_id(email.to_string())
        .one(db.read())
        .await?;
    Ok(row
        .and_then(|r| r.locked_until)
        .filter(|&until| until > to_micros(now))
        .map(domain::time::from_micros))
}

/// Counts a failed login; the [`MAX_FAILURES`]-th failure within the window locks the e-mail
/// for [`THROTTLE_WINDOW`]. Works for unknown e-mails too, so the answer reveals nothing.
pub async fn record_login_failure(
    db: &Db,
    email: &str,
    now: Timestamp,
) -> Result<Option<Timestamp>, StoreError> {
    let now_us = to_micros(now);
    let window_us = THROTTLE_WINDOW.as_micros() as i64;
    let txn = db.begin().await?;
    let row = login_throttle::Entity::find_by_id(email.to_string())
        .one(&txn)
        .await?;
    let (failures, started) = match &row {
        Some(r) if now_us - r.window_started_at < window_us => {
            (r.failures + 1, r.window_started_at)
        }
        _ => (1, now_us),
    };
    let locked = (failures >= MAX_FAILURES).then_some(now_us + window_us);
    let model = login_throttle::ActiveModel {
        email: Set(email.to_string()),
        failures: Set(if locked.is_some() { 0 } else { failures }),
        window_started_at: Set(if locked.is_some() { now_us } else { started }),
        locked_until: Set(locked),
    };
    if row.is_some() {
        model.update(&txn).await?;
    } else {
        model.insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(locked.map(domain::time::from_micros))
}

/// Forgets failures after a successful login.
pub async fn clear_login_failures(db: &Db, email: &str) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    login_throttle::Entity::delete_by_id(email.to_string())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Records an interactive login (`user.login`, channel `web`).
pub async fn record_login(db: &Db, user_id: &str, now: Timestamp) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    audit::append(
        &txn,
        to_micros(now),
        NewEntry {
            actor_user_id: Some(user_id),
            municipality_id: None,
            action: "user.login",
            subject_type: "user",
            subject_id: Some(user_id),
            details: json!({"channel": "web"}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Users holding one of `roles` in a municipality: `(id, name)`, by name.
pub async fn users_with_role(
    db: &Db,
    municipality_id: &str,
    roles: &[Role],
) -> Result<Vec<(String, String)>, StoreError> {
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let grants = role_assignment::Entity::find()
        .filter(role_assignment::Column::MunicipalityId.eq(municipality_id))
        .filter(role_assignment::Column::Role.is_in(names))
        .all(db.read())
        .await?;
    let mut out: Vec<(String, String)> = Vec::new();
    for g in grants {
        if out.iter().any(|(id, _)| id == &g.user_id) {
            continue;
        }
        if let Some(u) = user::Entity::find_by_id(g.user_id.clone())
            .one(db.read())
            .await?
        {
            out.push((u.id, u.name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}
