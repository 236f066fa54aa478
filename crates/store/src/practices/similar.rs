//! "Similar practices": published practices that share topics, the instrument or words of the
//! title and summary with a given one. Scores are computed here, the same way on both databases,
//! and the order is fully determined (score, then newest, then id).

use std::collections::{HashMap, HashSet};

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

struct Candidate {
    id: String,
    instrument: Option<String>,
    topic_keys: Vec<String>,
    terms: HashSet<String>,
    published_at: i64,
}

fn topic_keys(s: &str) -> Vec<String> {
    s.split('|')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Up to `limit` published practices most similar to `of` (never `of` itself), best first.
/// Each shared topic counts [`TOPIC_WEIGHT`], the same instrument [`INSTRUMENT_WEIGHT`], and
/// each shared title/summary term its rarity among published practices (`ln(1 + N/df)`), so
/// that words every practice uses count little. Practices sharing nothing are left out.
pub async fn similar(
    db: &Db,
    of: &practice::Model,
    limit: u64,
) -> Result<Vec<SimilarHit>, StoreError> {
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
    let terms_of = |title: &str, summary: &str, stored: &str| -> HashSet<String> {
        // Practices restored from an older backup have no stored terms yet.
        let owned;
        let s = if stored.is_empty() {
            owned = similar_terms(title, summary);
            owned.as_str()
        } else {
            stored
        };
        s.split_whitespace().map(str::to_string).collect()
    };
    let candidates: Vec<Candidate> = rows
        .into_iter()
        .map(
            |(id, title, instrument, keys, summary, stored, published_at)| Candidate {
                terms: terms_of(&title, &summary, &stored),
                id,
                instrument,
                topic_keys: topic_keys(&keys),
                published_at: published_at.unwrap_or(0),
            },
        )
        .collect();
    let mine_terms = terms_of(&of.title, &of.summary, &of.similar_terms);
    let mine_topics = topic_keys(&of.topic_keys);
    let n = candidates.len().max(1) as f64;
    let mut df: HashMap<&str, usize> = HashMap::new();
    for c in &candidates {
        for t in &c.terms {
            if mine_terms.contains(t) {
                *df.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let mut scored: Vec<Scored> = Vec::new();
    for c in &candidates {
        if c.id == of.id {
            continue;
        }
        let shared_topics: Vec<String> = mine_topics
            .iter()
            .filter(|t| c.topic_keys.contains(t))
            .cloned()
            .collect();
        let same_instrument = of.instrument.is_some() && c.instrument == of.instrument;
        let mut shared_terms: Vec<String> = c
            .terms
            .iter()
            .filter(|t| mine_terms.contains(*t))
            .cloned()
            .collect();
        shared_terms.sort();
        let term_score: f64 = shared_terms
            .iter()
            .map(|t| (1.0 + n / *df.get(t.as_str()).unwrap_or(&1) as f64).ln())
            .sum();
        let score = TOPIC_WEIGHT * shared_topics.len() as f64
            + if same_instrument {
                INSTRUMENT_WEIGHT
            } else {
                0.0
            }
            + term_score;
        if score <= 0.0 {
            continue;
        }
        let score = (score * 1000.0).round() / 1000.0;
        scored.push(Scored {
            score,
            published_at: c.published_at,
            id: c.id.clone(),
            shared_topics,
            same_instrument,
            shared_terms,
        });
    }
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
