//! The previous search, measured in the same run: the SQL of the commit before m0012 (all query
//! terms OR'ed; the count and the ranked page each join the full-text index to `practices` by id
//! and filter there), then the same page load and snippets as the store's search. On SQLite it
//! runs on `baseline_fts`, built like the previous `practices_fts` (FTS5 with the id stored, one
//! row per practice); on PostgreSQL on the same `search_vector` (its GIN index is unchanged).

use std::collections::HashMap;

use store::practices::Filters;
use store::practices::entities::practice;
use store::sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement, Value,
};
use store::{Backend, Db};

/// Builds `baseline_fts` on SQLite (nothing to do on PostgreSQL).
pub async fn prepare(db: &Db) -> anyhow::Result<()> {
    if db.backend() != Backend::Sqlite {
        return Ok(());
    }
    let txn = db.begin().await?;
    for sql in [
        "DROP TABLE IF EXISTS baseline_fts",
        "CREATE VIRTUAL TABLE baseline_fts USING fts5(id UNINDEXED, tokens, tokenize = 'unicode61 remove_diacritics 0')",
        "INSERT INTO baseline_fts(id, tokens) SELECT id, CASE WHEN instr(search_tokens, char(10)) > 0 \
           THEN substr(search_tokens, 1, instr(search_tokens, char(10)) - 1) ELSE search_tokens END FROM practices",
    ] {
        txn.execute_unprepared(sql).await?;
    }
    txn.commit().await?;
    Ok(())
}

struct Params {
    backend: DbBackend,
    values: Vec<Value>,
}

impl Params {
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

/// The previous `store::practices::search` (first page); returns the total.
pub async fn search(db: &Db, query: &str, filters: &Filters, limit: u64) -> anyhow::Result<u64> {
    let terms = search_pl::query_terms(query);
    let backend = db.db_backend();
    let mut p = Params {
        backend,
        values: Vec::new(),
    };
    let (from, score, matched) = if terms.is_empty() {
        ("practices p".to_string(), "0.0".to_string(), String::new())
    } else {
        match db.backend() {
            Backend::Sqlite => {
                let q = terms
                    .iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                (
                    "baseline_fts f JOIN practices p ON p.id = f.id".to_string(),
                    "-bm25(baseline_fts)".to_string(),
                    format!("baseline_fts MATCH {} AND ", p.push(q)),
                )
            }
            Backend::Postgres => {
                let ph = p.push(terms.join(" | "));
                (
                    format!("practices p, to_tsquery('simple', {ph}) q"),
                    "ts_rank(p.search_vector, q)".to_string(),
                    "p.search_vector @@ q AND ".to_string(),
                )
            }
        }
    };
    let wh = format!("{matched}{}", filter_sql(&mut p, filters));
    let row = db
        .read()
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT COUNT(*) AS n FROM {from} WHERE {wh}"),
            p.values.clone(),
        ))
        .await?;
    let total: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    let order = if terms.is_empty() {
        "p.published_at DESC, p.id"
    } else {
        "score DESC, p.published_at DESC, p.id"
    };
    let lim = p.push(limit as i64);
    let off = p.push(0_i64);
    let real = if backend == DbBackend::Sqlite {
        "REAL"
    } else {
        "DOUBLE PRECISION"
    };
    let sql = format!(
        "SELECT p.id AS id, CAST({score} AS {real}) AS score FROM {from} WHERE {wh} \
         ORDER BY {order} LIMIT {lim} OFFSET {off}"
    );
    let rows = db
        .read()
        .query_all_raw(Statement::from_sql_and_values(backend, sql, p.values))
        .await?;
    let mut ids = Vec::new();
    for r in rows {
        ids.push(r.try_get::<String>("", "id")?);
    }
    // The same page load and snippets as the store's search.
    let practices: HashMap<String, practice::Model> = practice::Entity::find()
        .filter(practice::Column::Id.is_in(ids.clone()))
        .all(db.read())
        .await?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    let munis = store::municipalities::list(db).await?;
    let mut n = 0;
    for id in &ids {
        if let Some(p) = practices.get(id) {
            n += search_pl::snippet(&p.snippet_source(), &terms, 30).len();
        }
    }
    std::hint::black_box((n, munis.len()));
    Ok(total.max(0) as u64)
}
