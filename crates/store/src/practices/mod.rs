//! Good practices: written by municipalities' officers, reviewed and published by the metropolis,
//! searched by anyone. Every change writes its audit entry in the same transaction; the audit log
//! is the practice's change history. Publishing (and editing a published practice) refreshes the
//! analysed terms in `search_tokens`, which the full-text index follows.

pub mod attachments;
pub mod cache;
pub mod demo;
pub mod entities;
pub mod meetings;
pub mod ranker;
mod search;
pub(crate) mod similar;

use std::collections::HashMap;

use domain::practices::{PracticeLink, PracticeStatus, ValidPractice};
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

pub use entities::practice::Model as Practice;
pub(crate) use search::reindex_on;
pub use search::{Filters, reindex_published};
pub use similar::{SimilarHit, similar};

use crate::audit::{self, NewEntry};
use crate::entities::{municipality, user};
use crate::ids::new_id;
use crate::{Db, StoreError};
use entities::practice;

impl Practice {
    pub fn status(&self) -> PracticeStatus {
        PracticeStatus::parse(&self.status).unwrap_or(PracticeStatus::Draft)
    }
    pub fn is_published(&self) -> bool {
        self.status() == PracticeStatus::Published
    }
    pub fn topic_list(&self) -> Vec<String> {
        serde_json::from_str(&self.topics).unwrap_or_default()
    }
    pub fn link_list(&self) -> Vec<PracticeLink> {
        links_from_json(&self.links)
    }
    /// The text shown in snippets: summary, description, results.
    pub fn snippet_source(&self) -> String {
        format!("{}\n{}\n{}", self.summary, self.body, self.results)
    }
}

/// A practice with the names its page shows.
#[derive(Clone, Debug)]
pub struct PracticeView {
    pub practice: Practice,
    pub municipality: municipality::Model,
    pub author_name: String,
    pub publisher_name: Option<String>,
}

/// The lowercase key a topic is filtered by.
pub fn topic_key(topic: &str) -> String {
    topic
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['|', '%', '_'], "")
}

/// Links stored as JSON: `[{"url", "label"}]`, or plain addresses as stored before labels.
pub fn links_from_json(json: &str) -> Vec<PracticeLink> {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(json) else {
        return Vec::new();
    };
    values
        .into_iter()
        .filter_map(|v| match v {
            serde_json::Value::String(url) => Some(PracticeLink {
                url,
                label: String::new(),
            }),
            serde_json::Value::Object(o) => Some(PracticeLink {
                url: o.get("url")?.as_str()?.to_string(),
                label: o
                    .get("label")
                    .and_then(|l| l.as_str())
                    .unwrap_or_default()
                    .to_string(),
            }),
            _ => None,
        })
        .collect()
}

/// Links as stored.
pub fn links_to_json(links: &[PracticeLink]) -> String {
    serde_json::Value::Array(
        links
            .iter()
            .map(|l| json!({"url": l.url, "label": l.label}))
            .collect(),
    )
    .to_string()
}

/// The distinct analysed terms of a title and summary, sorted, space-separated (what "similar
/// practices" compares).
pub fn similar_terms(title: &str, summary: &str) -> String {
    let mut terms = search_pl::analyze(&format!("{title} {summary}"));
    terms.sort();
    terms.dedup();
    terms.join(" ")
}

/// The analysed terms of a practice, space-separated, then a line of its filter tokens (what the
/// full-text index holds; see `search.rs`).
fn index_terms(p: &Practice, municipality_name: &str) -> String {
    let topics = p.topic_list().join(" ");
    let text = format!(
        "{} {} {} {} {} {} {} {}",
        p.title, p.title, p.summary, p.body, p.results, p.costs, p.partners, topics
    );
    let mut terms = search_pl::analyze(&text);
    terms.extend(search_pl::analyze(municipality_name));
    let facets = search::facet_line(
        &p.municipality_id,
        p.instrument.as_deref(),
        &p.topic_keys,
        p.year,
    );
    format!("{}\n{facets}", terms.join(" "))
}

fn apply(am: &mut practice::ActiveModel, v: &ValidPractice) {
    am.title = Set(v.title.clone());
    am.summary = Set(v.summary.clone());
    am.body = Set(v.body.clone());
    am.results = Set(v.results.clone());
    am.costs = Set(v.costs.clone());
    am.instrument = Set(v.instrument.map(|i| i.code().to_string()));
    am.topics = Set(serde_json::to_string(&v.topics).unwrap_or_else(|_| "[]".into()));
    am.topic_keys = Set(if v.topics.is_empty() {
        String::new()
    } else {
        format!(
            "|{}|",
            v.topics
                .iter()
                .map(|t| topic_key(t))
                .collect::<Vec<_>>()
                .join("|")
        )
    });
    am.year = Set(v.year);
    am.partners = Set(v.partners.clone());
    am.contact_name = Set(v.contact_name.clone());
    am.contact_email = Set(v.contact_email.clone());
    am.links = Set(links_to_json(&v.links));
}

/// Saves a new practice of `municipality_id`: a draft, or submitted for review. Audited.
pub async fn create(
    db: &Db,
    v: &ValidPractice,
    municipality_id: &str,
    submit: bool,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let id = new_id();
    let status = if submit {
        PracticeStatus::Submitted
    } else {
        PracticeStatus::Draft
    };
    let mut am = practice::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        status: Set(status.code().to_string()),
        review_comment: Set(None),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_at: Set(now_us),
        submitted_at: Set(submit.then_some(now_us)),
        published_by: Set(None),
        published_at: Set(None),
        search_tokens: Set(String::new()),
        similar_terms: Set(String::new()),
        ..Default::default()
    };
    apply(&mut am, v);
    let txn = db.begin().await?;
    am.insert(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: if submit {
                "practice.submit"
            } else {
                "practice.create"
            },
            subject_type: "practice",
            subject_id: Some(&id),
            details: json!({"title": v.title, "status": status.code()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Changes a practice's content; with `submit`, a draft or returned practice goes to review.
/// A published practice stays published and its index entry follows. Audited.
pub async fn update(
    db: &Db,
    id: &str,
    v: &ValidPractice,
    submit: bool,
    actor: &str,
    now: Timestamp,
) -> Result<Practice, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let current = practice::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let status = current.status();
    let municipality_id = current.municipality_id.clone();
    let mut am = current.into_active_model();
    apply(&mut am, v);
    am.updated_at = Set(now_us);
    let mut new_status = status;
    if submit && matches!(status, PracticeStatus::Draft | PracticeStatus::Returned) {
        new_status = PracticeStatus::Submitted;
        am.status = Set(new_status.code().to_string());
        am.submitted_at = Set(Some(now_us));
    }
    let mut saved = am.update(&txn).await?;
    if saved.is_published() {
        let m = municipality::Entity::find_by_id(municipality_id.clone())
            .one(&txn)
            .await?
            .map(|m| m.name)
            .unwrap_or_default();
        let mut am = saved.clone().into_active_model();
        am.search_tokens = Set(index_terms(&saved, &m));
        am.similar_terms = Set(similar_terms(&saved.title, &saved.summary));
        saved = am.update(&txn).await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: if new_status != status {
                "practice.submit"
            } else {
                "practice.update"
            },
            subject_type: "practice",
            subject_id: Some(id),
            details: json!({"title": v.title, "status": new_status.code()}),
        },
    )
    .await?;
    cache::bump(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes a submitted practice and puts it in the search index. 409 unless submitted.
pub async fn publish(
    db: &Db,
    id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Practice, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let current = practice::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.status() != PracticeStatus::Submitted {
        return Err(StoreError::conflict(
            "status",
            "Opublikować można tylko praktykę przekazaną do weryfikacji.",
            "Only a practice submitted for review can be published.",
        ));
    }
    let m = municipality::Entity::find_by_id(current.municipality_id.clone())
        .one(&txn)
        .await?
        .map(|m| m.name)
        .unwrap_or_default();
    let mut am = current.clone().into_active_model();
    am.status = Set(PracticeStatus::Published.code().to_string());
    am.published_at = Set(Some(now_us));
    am.published_by = Set(Some(actor.to_string()));
    am.review_comment = Set(None);
    am.updated_at = Set(now_us);
    let mut published = current.clone();
    published.status = PracticeStatus::Published.code().to_string();
    am.search_tokens = Set(index_terms(&published, &m));
    am.similar_terms = Set(similar_terms(&published.title, &published.summary));
    let saved = am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&saved.municipality_id),
            action: "practice.publish",
            subject_type: "practice",
            subject_id: Some(id),
            details: json!({"title": saved.title}),
        },
    )
    .await?;
    cache::bump(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Sends a submitted practice back to its municipality with a comment. 409 unless submitted.
pub async fn return_for_changes(
    db: &Db,
    id: &str,
    comment: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Practice, StoreError> {
    let comment = comment.trim();
    if comment.is_empty() || comment.chars().count() > 5_000 {
        return Err(StoreError::invalid(
            "comment",
            "Napisz, co trzeba poprawić (do 5000 znaków).",
            "Say what needs changing (up to 5000 characters).",
        ));
    }
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let current = practice::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.status() != PracticeStatus::Submitted {
        return Err(StoreError::conflict(
            "status",
            "Zwrócić można tylko praktykę przekazaną do weryfikacji.",
            "Only a practice submitted for review can be returned.",
        ));
    }
    let mut am = current.into_active_model();
    am.status = Set(PracticeStatus::Returned.code().to_string());
    am.review_comment = Set(Some(comment.to_string()));
    am.updated_at = Set(now_us);
    let saved = am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&saved.municipality_id),
            action: "practice.return",
            subject_type: "practice",
            subject_id: Some(id),
            details: json!({"comment": comment}),
        },
    )
    .await?;
    cache::bump(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn user_names(db: &Db, ids: &[&str]) -> Result<HashMap<String, String>, StoreError> {
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db.read())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// A practice with its municipality and people's names.
pub async fn get(db: &Db, id: &str) -> Result<Option<PracticeView>, StoreError> {
    let Some(p) = practice::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    let m = municipality::Entity::find_by_id(p.municipality_id.clone())
        .one(db.read())
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut people = vec![p.created_by.as_str()];
    if let Some(x) = &p.published_by {
        people.push(x);
    }
    let names = user_names(db, &people).await?;
    Ok(Some(PracticeView {
        author_name: names.get(&p.created_by).cloned().unwrap_or_default(),
        publisher_name: p.published_by.as_ref().and_then(|x| names.get(x).cloned()),
        practice: p,
        municipality: m,
    }))
}

/// Practices waiting for the metropolis, oldest first.
pub async fn review_queue(db: &Db) -> Result<Vec<Practice>, StoreError> {
    Ok(practice::Entity::find()
        .filter(practice::Column::Status.eq(PracticeStatus::Submitted.code()))
        .order_by_asc(practice::Column::SubmittedAt)
        .all(db.read())
        .await?)
}

/// Practices of municipalities (all statuses), newest change first; for officers' lists.
pub async fn of_municipalities(db: &Db, ids: &[String]) -> Result<Vec<Practice>, StoreError> {
    Ok(practice::Entity::find()
        .filter(practice::Column::MunicipalityId.is_in(ids.to_vec()))
        .order_by_desc(practice::Column::UpdatedAt)
        .all(db.read())
        .await?)
}

/// Every published practice, newest first (open-data export).
pub async fn all_published(db: &Db) -> Result<Vec<PracticeView>, StoreError> {
    newest_published(db, None).await
}

/// The newest published practices (all with `None`), newest first, ties by id.
pub async fn newest_published(
    db: &Db,
    limit: Option<u64>,
) -> Result<Vec<PracticeView>, StoreError> {
    let ps = practice::Entity::find()
        .filter(practice::Column::Status.eq(PracticeStatus::Published.code()))
        .order_by_desc(practice::Column::PublishedAt)
        .order_by_asc(practice::Column::Id)
        .limit(limit)
        .all(db.read())
        .await?;
    views(db, ps).await
}

/// Practices with their municipalities and people's names (missing municipalities skipped).
pub async fn views(db: &Db, ps: Vec<Practice>) -> Result<Vec<PracticeView>, StoreError> {
    let munis: HashMap<String, municipality::Model> = municipality::Entity::find()
        .all(db.read())
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    let mut people: Vec<&str> = ps.iter().map(|p| p.created_by.as_str()).collect();
    people.extend(ps.iter().filter_map(|p| p.published_by.as_deref()));
    let names = user_names(db, &people).await?;
    Ok(ps
        .into_iter()
        .filter_map(|p| {
            let m = munis.get(&p.municipality_id)?.clone();
            Some(PracticeView {
                author_name: names.get(&p.created_by).cloned().unwrap_or_default(),
                publisher_name: p.published_by.as_ref().and_then(|x| names.get(x).cloned()),
                practice: p,
                municipality: m,
            })
        })
        .collect())
}

/// One search result.
#[derive(Clone, Debug)]
pub struct Hit {
    /// The practice, without its analysed terms (`search_tokens` and `similar_terms` are empty).
    pub practice: Practice,
    pub municipality: municipality::Model,
    /// HTML: escaped text with matched words in `<mark>`.
    pub snippet: String,
    pub score: f64,
}

/// One page of search results.
#[derive(Clone, Debug)]
pub struct SearchPage {
    pub total: u64,
    pub hits: Vec<Hit>,
    /// The query's analysed terms (empty: newest first).
    pub terms: Vec<String>,
}

/// Which parts of a search run: all of them in the product; benchmarks and tests switch some
/// off to measure or compare them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchPaths {
    /// This process's cache of result pages (`cache`).
    pub result_cache: bool,
    /// Ranking in memory where the backend has it (`ranker`, SQLite); else FTS5 ranks.
    pub memory_ranking: bool,
}

impl SearchPaths {
    /// Everything on: what the API and pages use.
    pub const PRODUCT: SearchPaths = SearchPaths {
        result_cache: true,
        memory_ranking: true,
    };
}

/// Searches published practices: the query is analysed like the texts (any query is fine:
/// empty or stopwords only list the newest, nonsense finds nothing, long ones are cut).
pub async fn search(
    db: &Db,
    query: &str,
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<SearchPage, StoreError> {
    search_with(db, query, filters, limit, offset, SearchPaths::PRODUCT).await
}

/// [`search`] without this process's result cache: every call ranks (for benchmarks and
/// diagnostics).
pub async fn search_uncached(
    db: &Db,
    query: &str,
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<SearchPage, StoreError> {
    let paths = SearchPaths {
        result_cache: false,
        memory_ranking: true,
    };
    search_with(db, query, filters, limit, offset, paths).await
}

/// [`search`] with the chosen parts.
pub async fn search_with(
    db: &Db,
    query: &str,
    filters: &Filters,
    limit: u64,
    offset: u64,
    paths: SearchPaths,
) -> Result<SearchPage, StoreError> {
    let groups = search_pl::query_groups(query);
    let token = current_token(db).await?;
    let key = cache::Key::new(&groups, filters, limit, offset);
    if paths.result_cache
        && let Some(page) = db.search_cache().get(&token, &key)
    {
        return Ok((*page).clone());
    }
    let index = if paths.memory_ranking {
        ranker::for_token(db, &token)
    } else {
        None
    };
    let page = match index {
        Some(index) => in_memory(db, index, groups, filters, limit, offset).await?,
        None => rank_and_fetch(db, groups, filters, limit, offset).await?,
    };
    if paths.result_cache {
        db.search_cache()
            .put(&token, key, std::sync::Arc::new(page.clone()));
    }
    Ok(page)
}

/// A search ranked in memory (SQLite): ranking and the page's reads are plain work that never
/// waits, so it runs on the ranking threads (one per core, first come first served). The
/// runtime's own threads stay free to take requests as they come, and the result cache answers
/// without waiting behind a queue of ranking.
async fn in_memory(
    db: &Db,
    index: std::sync::Arc<ranker::Index>,
    groups: Vec<Vec<String>>,
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<SearchPage, StoreError> {
    let job = {
        let db = db.clone();
        let filters = filters.clone();
        // The groups come back for the rare query the index leaves to the database.
        move || {
            let page = ranked_page(&db, &index, &groups, &filters, limit, offset);
            (page, groups)
        }
    };
    let (done, groups) = ranker::on_ranking_thread(job)
        .await
        .ok_or_else(|| StoreError::Db(sea_orm::DbErr::Custom("search: ranking failed".into())))?;
    match done? {
        Some(page) => Ok(page),
        // A query the index leaves to the database.
        None => rank_and_fetch(db, groups, filters, limit, offset).await,
    }
}

/// [`rank_and_fetch`] with the index, synchronously on SQLite; `None` when the index leaves the
/// query to the database.
fn ranked_page(
    db: &Db,
    index: &ranker::Index,
    groups: &[Vec<String>],
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<Option<SearchPage>, StoreError> {
    let Some(lite) = db.lite() else {
        return Ok(None);
    };
    let Some((total, found)) = index.find(groups, filters, limit, offset) else {
        return Ok(None);
    };
    let ids: Vec<String> = found.iter().map(|(id, _)| id.clone()).collect();
    let rows = lite.read(|c| page_rows_on(c, &ids))?;
    Ok(Some(assemble(groups.concat(), total, found, rows)))
}

/// The current `search_generation` token (a plain read connection on SQLite).
async fn current_token(db: &Db) -> Result<String, StoreError> {
    if let Some(lite) = db.lite() {
        return lite.read(cache::token_on);
    }
    Ok(cache::token(db.read()).await?)
}

/// Ranks in the database, then reads the page's practices and makes the snippets.
async fn rank_and_fetch(
    db: &Db,
    groups: Vec<Vec<String>>,
    filters: &Filters,
    limit: u64,
    offset: u64,
) -> Result<SearchPage, StoreError> {
    let terms: Vec<String> = groups.concat();
    let (total, found) = search::find(db, &groups, filters, limit, offset).await?;
    let ids: Vec<String> = found.iter().map(|(id, _)| id.clone()).collect();
    let rows = page_rows(db, ids).await?;
    Ok(assemble(terms, total, found, rows))
}

/// The page of `found` (ids and scores, best first) from their rows, with snippets.
fn assemble(
    terms: Vec<String>,
    total: u64,
    found: Vec<(String, f64)>,
    (mut practices, munis): PageRows,
) -> SearchPage {
    let mut hits = Vec::with_capacity(found.len());
    let mut snippets = search_pl::Snippets::new(&terms);
    for (id, score) in found {
        let Some(p) = practices.remove(&id) else {
            continue;
        };
        let Some(m) = munis.get(&p.municipality_id).cloned() else {
            continue;
        };
        hits.push(Hit {
            snippet: snippets.snippet(&p.snippet_source(), 30),
            score: (score * 1000.0).round() / 1000.0,
            practice: p,
            municipality: m,
        });
    }
    SearchPage { total, hits, terms }
}

type PageRows = (
    HashMap<String, Practice>,
    HashMap<String, municipality::Model>,
);

/// The practices `ids` and municipalities (on SQLite, on a plain read connection, only theirs).
async fn page_rows(db: &Db, ids: Vec<String>) -> Result<PageRows, StoreError> {
    if let Some(lite) = db.lite() {
        return lite.read(|c| page_rows_on(c, &ids));
    }
    let practices = practice::Entity::find()
        .filter(practice::Column::Id.is_in(ids))
        .all(db.read())
        .await?
        .into_iter()
        .map(|mut p| {
            p.search_tokens.clear();
            p.similar_terms.clear();
            (p.id.clone(), p)
        })
        .collect();
    let munis = municipality::Entity::find()
        .all(db.read())
        .await?
        .into_iter()
        .map(|m| (m.id.clone(), m))
        .collect();
    Ok((practices, munis))
}

/// The number of published practices.
pub async fn published_count(db: &Db) -> Result<u64, StoreError> {
    Ok(practice::Entity::find()
        .filter(practice::Column::Status.eq(PracticeStatus::Published.code()))
        .count(db.read())
        .await?)
}

/// The practices `ids` and their municipalities on a plain SQLite connection.
fn page_rows_on(c: &rusqlite::Connection, ids: &[String]) -> Result<PageRows, StoreError> {
    // The analysed terms are for the index, not for the page: left out.
    static COLUMNS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (practice_columns, muni_columns) = COLUMNS.get_or_init(|| {
        (
            crate::lite::column_list::<practice::Entity>()
                .replace("\"search_tokens\"", "''")
                .replace("\"similar_terms\"", "''"),
            crate::lite::column_list::<municipality::Entity>(),
        )
    });
    let mut practices = HashMap::new();
    if !ids.is_empty() {
        let sql = format!(
            "SELECT {practice_columns} FROM practices WHERE id IN ({})",
            vec!["?"; ids.len()].join(", ")
        );
        let rows = crate::lite::query(c, &sql, rusqlite::params_from_iter(ids), |r| {
            Ok(crate::lite::model_at::<practice::Entity>(r, 0)?.0)
        })?;
        practices.extend(rows.into_iter().map(|p| (p.id.clone(), p)));
    }
    // Only the municipalities of these practices.
    let mut wanted: Vec<&str> = practices
        .values()
        .map(|p| p.municipality_id.as_str())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut munis = HashMap::new();
    if !wanted.is_empty() {
        let sql = format!(
            "SELECT {muni_columns} FROM municipalities WHERE id IN ({})",
            vec!["?"; wanted.len()].join(", ")
        );
        let rows = crate::lite::query(c, &sql, rusqlite::params_from_iter(&wanted), |r| {
            Ok(crate::lite::model_at::<municipality::Entity>(r, 0)?.0)
        })?;
        munis.extend(rows.into_iter().map(|m| (m.id.clone(), m)));
    }
    Ok((practices, munis))
}
