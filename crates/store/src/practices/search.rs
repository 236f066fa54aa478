//! The two backend-specific pieces of practice search: matching analysed terms against the
//! full-text index and ranking. Everything else (analysis, filters, snippets) is shared.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::{Backend, Db, StoreError};

/// Filters applied together with the text query (all optional).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub municipality_id: Option<String>,
    pub instrument: Option<String>,
    /// Lowercase topic key.
    pub topic: Option<String>,
    pub year: Option<i32>,
}

/// Placeholders in the dialect of the backend, with their values.
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

/// One page of matching published practice ids with their scores (higher is better), and the
/// total number of matches. With no terms: every published practice that passes the filters,
/// newest first, score 0.
pub async fn find(
    db: &Db,
    terms: &[String],
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<(String, f64)>), StoreError> {
    let backend = db.db_backend();
    let mut p = Params {
        backend,
        values: Vec::new(),
    };
    // Terms come from the analyser: letters and digits only, so they are safe inside a query
    // string; quoting still keeps FTS5 from reading one as an operator (e.g. "or", "near").
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
                    "practices_fts f JOIN practices p ON p.id = f.id".to_string(),
                    "-bm25(practices_fts)".to_string(),
                    format!("practices_fts MATCH {} AND ", p.push(q)),
                )
            }
            Backend::Postgres => {
                let q = terms.join(" | ");
                let ph = p.push(q);
                (
                    format!("practices p, to_tsquery('simple', {ph}) q"),
                    "ts_rank(p.search_vector, q)".to_string(),
                    "p.search_vector @@ q AND ".to_string(),
                )
            }
        }
    };
    let filters = filter_sql(&mut p, filters);
    // The match condition comes first: its placeholder was pushed first (SQLite's `?` are
    // positional).
    let wh = format!("{matched}{filters}");
    let count_sql = format!("SELECT COUNT(*) AS n FROM {from} WHERE {wh}");
    let row = db
        .read()
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            &count_sql,
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
    let off = p.push(offset as i64);
    let sql = format!(
        "SELECT p.id AS id, CAST({score} AS DOUBLE PRECISION) AS score FROM {from} WHERE {wh} \
         ORDER BY {order} LIMIT {lim} OFFSET {off}"
    );
    let sql = if backend == DbBackend::Sqlite {
        sql.replace("DOUBLE PRECISION", "REAL")
    } else {
        sql
    };
    let rows = db
        .read()
        .query_all_raw(Statement::from_sql_and_values(backend, &sql, p.values))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let id: String = r.try_get("", "id")?;
        let score: f64 = r.try_get("", "score")?;
        out.push((id, score));
    }
    Ok((total.max(0) as u64, out))
}
