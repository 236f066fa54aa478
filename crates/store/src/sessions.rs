//! Server-side sessions in the database (the web layer adapts these to tower-sessions).
//! A session row holds its data as JSON and its expiry; the id lives only in the cookie.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entities::session;
use crate::{Db, StoreError};

/// A stored session: its JSON data and expiry (microseconds since the epoch).
#[derive(Clone, Debug)]
pub struct StoredSession {
    pub data: String,
    pub expires_at: i64,
}

/// Loads a session that has not expired at `now_us`.
pub async fn load(db: &Db, id: &str, now_us: i64) -> Result<Option<StoredSession>, StoreError> {
    Ok(session::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
        .filter(|s| s.expires_at > now_us)
        .map(|s| StoredSession {
            data: s.data,
            expires_at: s.expires_at,
        }))
}

/// Inserts or replaces a session.
pub async fn save(db: &Db, id: &str, data: String, expires_at: i64) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    session::Entity::insert(session::ActiveModel {
        id: Set(id.to_string()),
        data: Set(data),
        expires_at: Set(expires_at),
    })
    .on_conflict(
        OnConflict::column(session::Column::Id)
            .update_columns([session::Column::Data, session::Column::ExpiresAt])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Inserts a new session; `false` when the id is already taken (the caller picks another).
pub async fn create(db: &Db, id: &str, data: String, expires_at: i64) -> Result<bool, StoreError> {
    let txn = db.begin().await?;
    if session::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    session::Entity::insert(session::ActiveModel {
        id: Set(id.to_string()),
        data: Set(data),
        expires_at: Set(expires_at),
    })
    .exec(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Deletes a session (logout, id rotation).
pub async fn delete(db: &Db, id: &str) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    session::Entity::delete_by_id(id.to_string())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes every session expired at `now_us`; returns how many.
pub async fn delete_expired(db: &Db, now_us: i64) -> Result<u64, StoreError> {
    let txn = db.begin().await?;
    let res = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now_us))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(res.rows_affected)
}
