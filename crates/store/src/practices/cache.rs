//! A small cache of practice-search results, per process.
//!
//! Ranking a common word over a large library scores every practice that contains it; people
//! search for the same few things again and again. The cache keeps the pages of recent searches
//! (ranked practices with their snippets) with the token of `search_generation` they were
//! computed under. Every change to what search can find (publish, edit, return, restore,
//! reindex) writes a new token in the same transaction, and every search reads the token first
//! (one primary-key read): pages computed under another token are never used, so every app server
//! sees a change with its next search and none of them needs to be told. (A municipality's name
//! is part of a cached page; nothing renames a municipality today — whatever will must write a
//! new token too.)

use std::collections::HashMap;
use std::sync::Mutex;

use sea_orm::{ConnectionTrait, DbErr, Statement};

use super::search::Filters;

/// Most searches kept; when full the cache starts again (cheap, and fair to a changing mix).
const CAPACITY: usize = 512;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    groups: Vec<Vec<String>>,
    filters: Filters,
    limit: u64,
    offset: u64,
}

impl Key {
    pub(crate) fn new(groups: &[Vec<String>], filters: &Filters, limit: u64, offset: u64) -> Key {
        Key {
            groups: groups.to_vec(),
            filters: filters.clone(),
            limit,
            offset,
        }
    }
}

/// A page of results as the search returned it.
pub(crate) type Ranked = std::sync::Arc<super::SearchPage>;

#[derive(Debug, Default)]
pub struct SearchCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    token: String,
    pages: HashMap<Key, Ranked>,
}

impl SearchCache {
    /// The page computed under `token`, if any.
    pub(crate) fn get(&self, token: &str, key: &Key) -> Option<Ranked> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.token != token {
            return None;
        }
        inner.pages.get(key).cloned()
    }

    /// Keeps a page computed after reading `token`.
    pub(crate) fn put(&self, token: &str, key: Key, page: Ranked) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.token != token {
            inner.token = token.to_string();
            inner.pages.clear();
        }
        if inner.pages.len() >= CAPACITY {
            inner.pages.clear();
        }
        inner.pages.insert(key, page);
    }
}

/// The current token (read before searching).
pub(crate) async fn token<C: ConnectionTrait>(conn: &C) -> Result<String, DbErr> {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT token FROM search_generation WHERE id = 1",
        ))
        .await?;
    match row {
        Some(r) => r.try_get("", "token"),
        None => Ok(String::new()),
    }
}

/// [`token`] on a plain SQLite connection (see `crate::lite`).
pub(crate) fn token_on(c: &rusqlite::Connection) -> Result<String, crate::StoreError> {
    Ok(crate::lite::query(
        c,
        "SELECT token FROM search_generation WHERE id = 1",
        (),
        |r| Ok(crate::lite::text(r, 0)?.unwrap_or_default()),
    )?
    .pop()
    .unwrap_or_default())
}

/// Writes a new token: call it in the transaction that changes what search can find.
pub(crate) async fn bump<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => "UPDATE search_generation SET token = $1 WHERE id = 1",
        _ => "UPDATE search_generation SET token = ? WHERE id = 1",
    };
    conn.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [crate::ids::new_id().into()],
    ))
    .await?;
    Ok(())
}
