//! The two backend-specific pieces of practice search: matching analysed terms against the
//! full-text index and ranking. Everything else (analysis, snippets) is shared.
//!
//! `search_tokens` of a published practice holds its analysed terms, then a line of filter
//! tokens ([`facet_line`]); it is empty otherwise.
//!
//! - SQLite: `practices_fts` is a contentless FTS5 table keyed by the practice's rowid that holds
//!   published practices only (triggers of m0012 keep it in step): column `tokens` for the terms,
//!   `facets` for the filter tokens, so filters are part of the MATCH and the LIMIT is applied
//!   inside the index query (bm25 with weight 0 on `facets`); only the page's rows are joined.
//! - PostgreSQL: `search_vector` is `to_tsvector('simple', <first line>)` with a GIN index; the
//!   count comes with the page (`COUNT(*) OVER ()`), filters are plain indexed columns.
//!
//! Both ask first for practices that have every query word (in any of its forms) and fall back to
//! any word when fewer than [`AND_MIN`] have them all.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, Value};

use crate::{Backend, Db, StoreError};

/// With fewer practices than this having every query word, the search takes any word instead.
pub const AND_MIN: u64 = 10;

/// Filters applied together with the text query (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    pub municipality_id: Option<String>,
    pub instrument: Option<String>,
    /// Lowercase topic key.
    pub topic: Option<String>,
    pub year: Option<i32>,
}

fn hex_token(prefix: char, value: &str) -> String {
    format!("{prefix}{}", hex::encode(value.as_bytes()))
}

/// The filter tokens of one practice: municipality, instrument, each topic key, year (hex of the
/// value after a one-letter prefix, so any value is one token and never meets a query term).
pub(crate) fn facet_line(
    municipality_id: &str,
    instrument: Option<&str>,
    topic_keys: &str,
    year: Option<i32>,
) -> String {
    let mut out = vec![hex_token('m', municipality_id)];
    if let Some(i) = instrument {
        out.push(hex_token('i', i));
    }
    for t in topic_keys.split('|').filter(|t| !t.is_empty()) {
        out.push(hex_token('t', t));
    }
    if let Some(y) = year {
        out.push(hex_token('y', &y.to_string()));
    }
    out.join(" ")
}

pub(crate) fn filter_tokens(f: &Filters) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(m) = &f.municipality_id {
        out.push(hex_token('m', m));
    }
    if let Some(i) = &f.instrument {
        out.push(hex_token('i', i));
    }
    if let Some(t) = &f.topic {
        out.push(hex_token('t', t));
    }
    if let Some(y) = f.year {
        out.push(hex_token('y', &y.to_string()));
    }
    out
}

/// Placeholders in the dialect of the backend, with their values.
struct Params {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Params {
    fn new(backend: DbBackend) -> Params {
        Params {
            backend,
            values: Vec::new(),
        }
    }
    fn push(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_string(),
        }
    }
}

fn filter_sql(p: &mut Params, f: &Filters) -> String {
    let mut sql = String::from("p.status = 'published'");
    if let Some(m) = &f.municipality_id {
        sql.push_str(&format!(" AND p.municipality_id = {}", p.push(m.clone())));
    }
    if let Some(i) = &f.instrument {
        sql.push_str(&format!(" AND p.instrument = {}", p.push(i.clone())));
    }
    if let Some(t) = &f.topic {
        sql.push_str(&format!(
            " AND p.topic_keys LIKE {}",
            p.push(format!("%|{t}|%"))
        ));
    }
    if let Some(y) = f.year {
        sql.push_str(&format!(" AND p.year = {}", p.push(y)));
    }
    sql
}

/// Whether every word is asked for (groups AND'ed) or any (all terms OR'ed).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    All,
    Any,
}

/// The FTS5 query: the terms in column `tokens`, each filter token in column `facets`. Terms come
/// from the analyser (letters and digits only); quoting still keeps FTS5 from reading one as an
/// operator (e.g. "or", "near").
fn fts5_query(groups: &[Vec<String>], facets: &[String], mode: Mode) -> String {
    let quote = |t: &String| format!("\"{t}\"");
    let mut parts = Vec::new();
    if !groups.is_empty() {
        let inner = match mode {
            Mode::Any => groups
                .iter()
                .flatten()
                .map(quote)
                .collect::<Vec<_>>()
                .join(" OR "),
            Mode::All => groups
                .iter()
                .map(|g| format!("({})", g.iter().map(quote).collect::<Vec<_>>().join(" OR ")))
                .collect::<Vec<_>>()
                .join(" AND "),
        };
        parts.push(format!("tokens : ({inner})"));
    }
    for f in facets {
        parts.push(format!("facets : \"{f}\""));
    }
    parts.join(" AND ")
}

/// The `to_tsquery('simple', …)` text of the terms.
fn tsquery(groups: &[Vec<String>], mode: Mode) -> String {
    match mode {
        Mode::Any => groups
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" | "),
        Mode::All => groups
            .iter()
            .map(|g| format!("({})", g.join(" | ")))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

fn ids_and_scores(rows: Vec<QueryResult>) -> Result<Vec<(String, f64)>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("", "id")?;
        let score: f64 = r.try_get("", "score")?;
        out.push((id, score));
    }
    Ok(out)
}

async fn count(db: &Db, sql: &str, values: Vec<Value>) -> Result<u64, StoreError> {
    let row = db
        .read()
        .query_one_raw(Statement::from_sql_and_values(db.db_backend(), sql, values))
        .await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(n.max(0) as u64)
}

/// One page of matching published practice ids with their scores (higher is better), and the
/// total number of matches. `groups` are the query's terms grouped by word
/// ([`search_pl::query_groups`]). With no terms: every published practice that passes the
/// filters, newest first, score 0.
pub async fn find(
    db: &Db,
    groups: &[Vec<String>],
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<(String, f64)>), StoreError> {
    match db.backend() {
        Backend::Sqlite => find_sqlite(db, groups, filters, limit, offset).await,
        Backend::Postgres => find_postgres(db, groups, filters, limit, offset).await,
    }
}

async fn find_sqlite(
    db: &Db,
    groups: &[Vec<String>],
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<(String, f64)>), StoreError> {
    let backend = db.db_backend();
    let facets = filter_tokens(filters);
    if groups.is_empty() {
        if facets.is_empty() {
            return newest(db, filters, limit, offset).await;
        }
        // Filters only: the index finds the rows, newest first.
        let q = fts5_query(&[], &facets, Mode::Any);
        let total = count(
            db,
            "SELECT COUNT(*) AS n FROM practices_fts WHERE practices_fts MATCH ?",
            vec![q.clone().into()],
        )
        .await?;
        let rows = db
            .read()
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                "SELECT p.id AS id, 0.0 AS score FROM practices_fts f \
                 JOIN practices p ON p.rowid = f.rowid \
                 WHERE practices_fts MATCH ? AND p.status = 'published' \
                 ORDER BY p.published_at DESC, p.id LIMIT ? OFFSET ?",
                vec![q.into(), (limit as i64).into(), (offset as i64).into()],
            ))
            .await?;
        return Ok((total, ids_and_scores(rows)?));
    }
    let mut mode = if groups.len() > 1 {
        Mode::All
    } else {
        Mode::Any
    };
    let mut q = fts5_query(groups, &facets, mode);
    let count_sql = "SELECT COUNT(*) AS n FROM practices_fts WHERE practices_fts MATCH ?";
    let mut total = count(db, count_sql, vec![q.clone().into()]).await?;
    if mode == Mode::All && total < AND_MIN {
        mode = Mode::Any;
        q = fts5_query(groups, &facets, mode);
        total = count(db, count_sql, vec![q.clone().into()]).await?;
    }
    if total <= offset {
        return Ok((total, Vec::new()));
    }
    let rows = db
        .read()
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            // bm25 is 0 (FTS5 uses 1e-6) for a term in half the practices or more, which
            // happens in a small library; a match still shows a score above 0.
            "SELECT p.id AS id, MAX(-r.rank, 0.001) AS score FROM \
               (SELECT rowid, bm25(practices_fts, 1.0, 0.0) AS rank FROM practices_fts \
                WHERE practices_fts MATCH ? ORDER BY bm25(practices_fts, 1.0, 0.0) \
                LIMIT ? OFFSET ?) r \
             JOIN practices p ON p.rowid = r.rowid \
             WHERE p.status = 'published' \
             ORDER BY r.rank, p.published_at DESC, p.id",
            vec![q.into(), (limit as i64).into(), (offset as i64).into()],
        ))
        .await?;
    Ok((total, ids_and_scores(rows)?))
}

/// Published practices passing the filters, newest first (no query words).
async fn newest(
    db: &Db,
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<(String, f64)>), StoreError> {
    let backend = db.db_backend();
    let mut p = Params::new(backend);
    let wh = filter_sql(&mut p, filters);
    let total = count(
        db,
        &format!("SELECT COUNT(*) AS n FROM practices p WHERE {wh}"),
        p.values.clone(),
    )
    .await?;
    let lim = p.push(limit as i64);
    let off = p.push(offset as i64);
    let rows = db
        .read()
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT p.id AS id, CAST(0.0 AS {real}) AS score FROM practices p WHERE {wh} \
                 ORDER BY p.published_at DESC, p.id LIMIT {lim} OFFSET {off}",
                real = real(backend)
            ),
            p.values,
        ))
        .await?;
    Ok((total, ids_and_scores(rows)?))
}

fn real(backend: DbBackend) -> &'static str {
    if backend == DbBackend::Postgres {
        "DOUBLE PRECISION"
    } else {
        "REAL"
    }
}

async fn find_postgres(
    db: &Db,
    groups: &[Vec<String>],
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<(String, f64)>), StoreError> {
    if groups.is_empty() {
        return newest(db, filters, limit, offset).await;
    }
    let mut mode = if groups.len() > 1 {
        Mode::All
    } else {
        Mode::Any
    };
    loop {
        let mut p = Params::new(DbBackend::Postgres);
        let ph = p.push(tsquery(groups, mode));
        let wh = filter_sql(&mut p, filters);
        let from = format!("practices p, to_tsquery('simple', {ph}) q");
        let cond = format!("p.search_vector @@ q AND {wh}");
        let count_values = p.values.clone();
        let lim = p.push(limit as i64);
        let off = p.push(offset as i64);
        // The count comes with the page: one pass over the matches.
        let sql = format!(
            "SELECT p.id AS id, CAST(ts_rank(p.search_vector, q) AS DOUBLE PRECISION) AS score, \
             COUNT(*) OVER () AS n FROM {from} WHERE {cond} \
             ORDER BY score DESC, p.published_at DESC, p.id LIMIT {lim} OFFSET {off}"
        );
        let rows = db
            .read()
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                &sql,
                p.values,
            ))
            .await?;
        let total = match rows.first() {
            Some(r) => r.try_get::<i64>("", "n")?.max(0) as u64,
            // Past the last page (or nothing): count separately.
            None => {
                count(
                    db,
                    &format!("SELECT COUNT(*) AS n FROM {from} WHERE {cond}"),
                    count_values,
                )
                .await?
            }
        };
        if mode == Mode::All && total < AND_MIN {
            mode = Mode::Any;
            continue;
        }
        return Ok((total, ids_and_scores(rows)?));
    }
}

/// Recomputes `search_tokens` (terms and filter tokens) of every published practice, in
/// transactions of `batch` practices; the full-text index follows (triggers on SQLite, the
/// generated column on PostgreSQL). For a change of the analyser or of the index layout, and for
/// `bench/search`, which indexes a generated library with it. Returns how many were indexed.
pub async fn reindex_published(db: &Db, batch: u64) -> Result<u64, StoreError> {
    let names = municipality_names(db.read()).await?;
    let mut after = String::new();
    let mut done = 0;
    loop {
        let txn = db.begin().await?;
        let step = reindex_batch(&txn, &names, &after, batch).await?;
        txn.commit().await?;
        match step {
            Some((last, n)) => {
                after = last;
                done += n;
            }
            None => {
                let txn = db.begin().await?;
                super::cache::bump(&txn).await?;
                txn.commit().await?;
                return Ok(done);
            }
        }
    }
}

/// [`reindex_published`] on one connection (inside a migration).
pub(crate) async fn reindex_on<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    let names = municipality_names(conn).await?;
    let mut after = String::new();
    while let Some((last, _)) = reindex_batch(conn, &names, &after, 500).await? {
        after = last;
    }
    Ok(())
}

async fn municipality_names<C: ConnectionTrait>(
    conn: &C,
) -> Result<std::collections::HashMap<String, String>, DbErr> {
    use sea_orm::EntityTrait;
    Ok(crate::entities::municipality::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect())
}

/// Indexes the next `batch` published practices after id `after`; their count and the last id,
/// or `None` when there are no more.
async fn reindex_batch<C: ConnectionTrait>(
    conn: &C,
    names: &std::collections::HashMap<String, String>,
    after: &str,
    batch: u64,
) -> Result<Option<(String, u64)>, DbErr> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

    use super::entities::practice;

    let page = practice::Entity::find()
        .filter(practice::Column::Status.eq("published"))
        .filter(practice::Column::Id.gt(after.to_string()))
        .order_by_asc(practice::Column::Id)
        .limit(batch.max(1))
        .all(conn)
        .await?;
    let Some(last) = page.last().map(|p| p.id.clone()) else {
        return Ok(None);
    };
    let n = page.len() as u64;
    for p in page {
        let name = names.get(&p.municipality_id).map_or("", String::as_str);
        let tokens = super::index_terms(&p, name);
        if tokens != p.search_tokens {
            practice::Entity::update_many()
                .col_expr(practice::Column::SearchTokens, Expr::value(tokens))
                .filter(practice::Column::Id.eq(p.id))
                .exec(conn)
                .await?;
        }
    }
    Ok(Some((last, n)))
}
