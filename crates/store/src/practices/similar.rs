//! "Similar practices": published practices that share topics, the instrument or words of the
//! title and summary with a given one. Scores are computed here, the same way on both databases,
//! and the order is fully determined (score, then newest, then id).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use domain::practices::PracticeStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::entities::practice;
use super::{PracticeView, similar_terms, views};
use crate::{Db, StoreError};

/// Points for each shared topic.
pub const TOPIC_WEIGHT: f64 = 3.0;
/// Points for the same instrument.
pub const INSTRUMENT_WEIGHT: f64 = 2.0;

/// A similar practice and why.
#[derive(Clone, Debug)]
pub struct SimilarHit {
    pub view: PracticeView,
    /// Higher is more similar (rounded to three decimals).
    pub score: f64,
    pub shared_topics: Vec<String>,
    pub same_instrument: bool,
    /// Shared analysed terms of titles and summaries, sorted.
    pub shared_terms: Vec<String>,
}

/// id, title, instrument, topic keys, summary, stored terms, published at.
type CandidateRow = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<i64>,
);

struct Scored {
    score: f64,
    published_at: i64,
    id: String,
    shared_topics: Vec<String>,
    same_instrument: bool,
    shared_terms: Vec<String>,
}

fn topic_keys(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The terms of a practice's title and summary as stored, or analysed now for practices restored
/// from an older backup, which have no stored terms yet.
fn terms_of(title: &str, summary: &str, stored: &str) -> HashSet<String> {
    let owned;
    let s = if stored.is_empty() {
        owned = similar_terms(title, summary);
        owned.as_str()
    } else {
        stored
    };
    s.split_whitespace().map(str::to_string).collect()
}

/// What "similar" needs of one generation of the published library, per process: for every
/// term, topic and instrument the practices that have it. Derived state like the search cache:
/// built from the database after reading the `search_generation` token and used only while
/// that token is the current one, so a publish or an edit anywhere is seen by the next page.
#[derive(Debug)]
pub(crate) struct SimilarIndex {
    token: String,
    /// Per document number: id and publication time.
    docs: Vec<(String, i64)>,
    terms: HashMap<Box<str>, Vec<u32>>,
    topics: HashMap<Box<str>, Vec<u32>>,
    instruments: HashMap<Box<str>, Vec<u32>>,
}

impl SimilarIndex {
    fn build(token: String, rows: Vec<CandidateRow>) -> SimilarIndex {
        let mut index = SimilarIndex {
            token,
            docs: Vec::with_capacity(rows.len()),
            terms: HashMap::new(),
            topics: HashMap::new(),
            instruments: HashMap::new(),
        };
        for (d, (id, title, instrument, keys, summary, stored, published_at)) in
            rows.into_iter().enumerate()
        {
            let d = d as u32;
            for t in terms_of(&title, &summary, &stored) {
                index.terms.entry(t.into()).or_default().push(d);
            }
            let mut keys = topic_keys(&keys);
            keys.sort_unstable();
            keys.dedup();
            for k in keys {
                index.topics.entry(k.into()).or_default().push(d);
            }
            if let Some(i) = instrument {
                index.instruments.entry(i.into()).or_default().push(d);
            }
            index.docs.push((id, published_at.unwrap_or(0)));
        }
        index
    }
}

/// This process's [`SimilarIndex`] (the last one built).
#[derive(Debug, Default)]
pub struct SimilarCache {
    current: std::sync::Mutex<Option<Arc<SimilarIndex>>>,
    /// One build at a time: pages that miss together wait for it instead of each reading the
    /// whole library.
    building: tokio::sync::Mutex<()>,
}

impl SimilarCache {
    fn get(&self, token: &str) -> Option<Arc<SimilarIndex>> {
        let cur = self.current.lock().unwrap_or_else(|e| e.into_inner());
        cur.as_ref().filter(|i| i.token == token).cloned()
    }

    fn set(&self, index: Arc<SimilarIndex>) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(index);
    }
}

/// The index of the current library: this process's copy, or a new one.
async fn index(db: &Db) -> Result<Arc<SimilarIndex>, StoreError> {
    // The token first: rows read after it may be newer than it, never older.
    let token = super::current_token(db).await?;
    if let Some(i) = db.similar_cache().get(&token) {
        return Ok(i);
    }
    let _building = db.similar_cache().building.lock().await;
    if let Some(i) = db.similar_cache().get(&token) {
        return Ok(i);
    }
    let rows: Vec<CandidateRow> = practice::Entity::find()
        .select_only()
        .columns([
            practice::Column::Id,
            practice::Column::Title,
            practice::Column::Instrument,
            practice::Column::TopicKeys,
            practice::Column::Summary,
            practice::Column::SimilarTerms,
            practice::Column::PublishedAt,
        ])
        .filter(practice::Column::Status.eq(PracticeStatus::Published.code()))
        .into_tuple()
        .all(db.read())
        .await?;
    let index = Arc::new(SimilarIndex::build(token, rows));
    db.similar_cache().set(index.clone());
    Ok(index)
}

/// Up to `limit` published practices most similar to `of` (never `of` itself), best first.
/// Each shared topic counts [`TOPIC_WEIGHT`], the same instrument [`INSTRUMENT_WEIGHT`], and
/// each shared title/summary term its rarity among published practices (`ln(1 + N/df)`), so
/// that words every practice uses count little. Practices sharing nothing are left out. Only
/// the practices that share something are visited (an index of terms, topics and instruments),
/// with plain numbers per practice; the details are worked out for the page's few.
pub async fn similar(
    db: &Db,
    of: &practice::Model,
    limit: u64,
) -> Result<Vec<SimilarHit>, StoreError> {
    let index = index(db).await?;
    let mut mine_terms: Vec<String> = terms_of(&of.title, &of.summary, &of.similar_terms)
        .into_iter()
        .collect();
    // Sums in the order of the sorted terms, as the shared terms are listed.
    mine_terms.sort_unstable();
    let mine_topics = topic_keys(&of.topic_keys);
    let n_docs = index.docs.len();
    let n = n_docs.max(1) as f64;
    let empty: &[u32] = &[];
    let topic_docs: Vec<&[u32]> = mine_topics
        .iter()
        .map(|t| index.topics.get(t.as_str()).map_or(empty, Vec::as_slice))
        .collect();
    let instrument_docs = of
        .instrument
        .as_ref()
        .and_then(|i| index.instruments.get(i.as_str()))
        .map_or(empty, Vec::as_slice);
    let term_docs: Vec<(&str, &[u32], f64)> = mine_terms
        .iter()
        .filter_map(|t| {
            let docs = index.terms.get(t.as_str())?;
            Some((
                t.as_str(),
                docs.as_slice(),
                (1.0 + n / docs.len() as f64).ln(),
            ))
        })
        .collect();
    // Per practice: topics shared, the same instrument, the terms' rarities summed.
    let mut topics = vec![0u16; n_docs];
    let mut instrument = vec![false; n_docs];
    let mut terms = vec![0.0f64; n_docs];
    let mut touched: Vec<u32> = Vec::new();
    let mut touch = |d: u32, topics: &[u16], instrument: &[bool], terms: &[f64]| {
        let i = d as usize;
        if topics[i] == 0 && !instrument[i] && terms[i] == 0.0 {
            touched.push(d);
        }
    };
    for docs in &topic_docs {
        for &d in *docs {
            touch(d, &topics, &instrument, &terms);
            topics[d as usize] += 1;
        }
    }
    for &d in instrument_docs {
        touch(d, &topics, &instrument, &terms);
        instrument[d as usize] = true;
    }
    for (_, docs, rarity) in &term_docs {
        for &d in *docs {
            touch(d, &topics, &instrument, &terms);
            terms[d as usize] += rarity;
        }
    }
    let mut ranked: Vec<(f64, i64, u32)> = Vec::with_capacity(touched.len());
    for &d in &touched {
        let i = d as usize;
        if index.docs[i].0 == of.id {
            continue;
        }
        let score = TOPIC_WEIGHT * f64::from(topics[i])
            + if instrument[i] {
                INSTRUMENT_WEIGHT
            } else {
                0.0
            }
            + terms[i];
        if score <= 0.0 {
            continue;
        }
        ranked.push(((score * 1000.0).round() / 1000.0, index.docs[i].1, d));
    }
    let order = |a: &(f64, i64, u32), b: &(f64, i64, u32)| {
        b.0.total_cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| index.docs[a.2 as usize].0.cmp(&index.docs[b.2 as usize].0))
    };
    let keep = (limit as usize).min(ranked.len());
    if keep > 0 && keep < ranked.len() {
        ranked.select_nth_unstable_by(keep - 1, order);
        ranked.truncate(keep);
    } else {
        ranked.truncate(keep);
    }
    let has = |docs: &[u32], d: u32| docs.binary_search(&d).is_ok();
    let mut scored: Vec<Scored> = ranked
        .into_iter()
        .map(|(score, published_at, d)| Scored {
            score,
            published_at,
            id: index.docs[d as usize].0.clone(),
            shared_topics: mine_topics
                .iter()
                .zip(&topic_docs)
                .filter(|(_, docs)| has(docs, d))
                .map(|(t, _)| t.clone())
                .collect(),
            same_instrument: instrument[d as usize],
            shared_terms: term_docs
                .iter()
                .filter(|(_, docs, _)| has(docs, d))
                .map(|(t, _, _)| t.to_string())
                .collect(),
        })
        .collect();
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.published_at.cmp(&a.published_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    scored.truncate(limit as usize);
    let ids: Vec<String> = scored.iter().map(|s| s.id.clone()).collect();
    let mut by_id: HashMap<String, PracticeView> = views(
        db,
        practice::Entity::find()
            .filter(practice::Column::Id.is_in(ids))
            .all(db.read())
            .await?,
    )
    .await?
    .into_iter()
    .map(|v| (v.practice.id.clone(), v))
    .collect();
    Ok(scored
        .into_iter()
        .filter_map(|s| {
            Some(SimilarHit {
                view: by_id.remove(&s.id)?,
                score: s.score,
                shared_topics: s.shared_topics,
                same_instrument: s.same_instrument,
                shared_terms: s.shared_terms,
            })
        })
        .collect())
}
