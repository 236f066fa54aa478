use domain::grants::{Candidate, Outcome, allocate};
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

use super::entities::{application, call, result, score_sheet};
use super::{call_view, g};
use crate::audit::{self, NewEntry};
use crate::entities::organisation;
use crate::{Db, StoreError};

/// One line of the published results.
#[derive(Clone, Debug)]
pub struct ResultLine {
    pub rank: Option<i32>,
    pub application_id: String,
    /// For an informal group only its name: never members' personal data.
    pub applicant_name: String,
    pub title: String,
    pub average_hundredths: i64,
    pub requested_amount: i64,
    pub awarded_amount: i64,
    pub outcome: Outcome,
}

/// The results of a call.
#[derive(Clone, Debug)]
pub struct ResultsView {
    pub budget: i64,
    pub awarded_total: i64,
    pub status: String,
    pub entries: Vec<ResultLine>,
}

/// Computes the ranking and allocation (a preview until published). `409` while the call is open
/// or before it opened, while a submitted application awaits its formal check, or while an
/// application that passed has fewer score sheets than the call requires. Audited.
pub async fn compute_results(
    db: &Db,
    call_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<ResultsView, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = call_view(&txn, call_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if now < c.closes_at() {
        return Err(StoreError::conflict(
            "call",
            "Wyniki można obliczyć dopiero po zamknięciu naboru.",
            "Results can be computed only after the call closes.",
        ));
    }
    if c.results_published() {
        return Err(StoreError::conflict(
            "call",
            "Wyniki zostały już opublikowane.",
            "The results have already been published.",
        ));
    }
    let apps = application::Entity::find()
        .filter(application::Column::CallId.eq(call_id))
        .filter(application::Column::Status.eq("submitted"))
        .all(&txn)
        .await?;
    let unchecked: Vec<&str> = apps
        .iter()
        .filter(|a| a.formal_result.is_none())
        .map(|a| a.confirmation_number.as_deref().unwrap_or(""))
        .collect();
    if !unchecked.is_empty() {
        return Err(StoreError::conflict(
            "call",
            &format!("Wnioski bez oceny formalnej: {}.", unchecked.join(", ")),
            &format!(
                "Applications awaiting the formal check: {}.",
                unchecked.join(", ")
            ),
        ));
    }
    let mut candidates = Vec::new();
    let mut missing = Vec::new();
    for a in &apps {
        let passed = a.formal_result.as_deref() == Some("passed");
        let sheets = score_sheet::Entity::find()
            .filter(score_sheet::Column::ApplicationId.eq(a.id.clone()))
            .all(&txn)
            .await?;
        if passed && (sheets.len() as i32) < c.call.min_evaluators {
            missing.push(format!(
                "{} ({}/{})",
                a.confirmation_number.as_deref().unwrap_or(&a.id),
                sheets.len(),
                c.call.min_evaluators
            ));
        }
        candidates.push(Candidate {
            application_id: a.id.clone(),
            submitted_at: a.submitted_at.unwrap_or(i64::MAX),
            formal_passed: passed,
            sheet_totals: sheets.iter().map(|s| s.total.max(0) as u32).collect(),
            requested: g(a.requested_amount.unwrap_or(0)),
        });
    }
    if !missing.is_empty() {
        return Err(StoreError::conflict(
            "call",
            &format!("Za mało kart oceny: {}.", missing.join(", ")),
            &format!("Not enough score sheets: {}.", missing.join(", ")),
        ));
    }
    let r = allocate(
        g(c.call.budget),
        c.max_total(),
        c.call.min_average_percent.max(0) as u32,
        &candidates,
    );
    result::Entity::delete_many()
        .filter(result::Column::CallId.eq(call_id))
        .exec(&txn)
        .await?;
    for e in &r.entries {
        result::ActiveModel {
            id: Set(crate::ids::new_id()),
            call_id: Set(call_id.to_string()),
            application_id: Set(e.application_id.clone()),
            rank: Set(e.rank.map(|r| r as i32)),
            average_hundredths: Set(e.average_hundredths),
            awarded_amount: Set(e.awarded.as_grosze()),
            outcome: Set(e.outcome.as_str().to_string()),
        }
        .insert(&txn)
        .await?;
    }
    let mut am: call::ActiveModel = c.call.clone().into();
    am.results_status = Set("computed".into());
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&c.call.municipality_id),
            action: "call.results.compute",
            subject_type: "call",
            subject_id: Some(call_id),
            details: json!({
                "awarded_total": r.awarded_total.to_string(),
                "entries": r.entries.iter().map(|e| json!({"application_id": e.application_id, "rank": e.rank, "outcome": e.outcome.as_str(), "awarded": e.awarded.to_string()})).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    results(db, call_id).await
}

/// Publishes computed results. `409` when they are not computed. Audited.
pub async fn publish_results(
    db: &Db,
    call_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = call::Entity::find_by_id(call_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    match c.results_status.as_str() {
        "published" => return Ok(()),
        "computed" => {}
        _ => {
            return Err(StoreError::conflict(
                "call",
                "Najpierw oblicz wyniki (podgląd), potem je opublikuj.",
                "Compute the results (preview) first, then publish them.",
            ));
        }
    }
    let municipality_id = c.municipality_id.clone();
    let mut am: call::ActiveModel = c.into();
    am.results_status = Set("published".into());
    am.results_published_at = Set(Some(now_us));
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "call.results.publish",
            subject_type: "call",
            subject_id: Some(call_id),
            details: json!({}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The stored results of a call (preview or published), ranked first, rejected last.
pub async fn results(db: &Db, call_id: &str) -> Result<ResultsView, StoreError> {
    let c = call::Entity::find_by_id(call_id.to_string())
        .one(db.read())
        .await?
        .ok_or(StoreError::NotFound)?;
    let rows = result::Entity::find()
        .filter(result::Column::CallId.eq(call_id))
        .order_by_asc(result::Column::Rank)
        .all(db.read())
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(a) = application::Entity::find_by_id(r.application_id.clone())
            .one(db.read())
            .await?
        else {
            continue;
        };
        let org = organisation::Entity::find_by_id(a.organisation_id.clone())
            .one(db.read())
            .await?
            .map(|o| o.name)
            .unwrap_or_default();
        entries.push(ResultLine {
            rank: r.rank,
            application_id: r.application_id,
            applicant_name: org,
            title: a.title,
            average_hundredths: r.average_hundredths,
            requested_amount: a.requested_amount.unwrap_or(0),
            awarded_amount: r.awarded_amount,
            outcome: Outcome::parse(&r.outcome).unwrap_or(Outcome::NotFunded),
        });
    }
    entries.sort_by_key(|e| (e.rank.is_none(), e.rank));
    let awarded_total = entries.iter().map(|e| e.awarded_amount).sum();
    Ok(ResultsView {
        budget: c.budget,
        awarded_total,
        status: c.results_status,
        entries,
    })
}

/// The outcome of one application once results are published.
pub async fn outcome_of(
    db: &Db,
    application_id: &str,
) -> Result<Option<(Outcome, i64)>, StoreError> {
    let Some(r) = result::Entity::find()
        .filter(result::Column::ApplicationId.eq(application_id))
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    let published = call::Entity::find_by_id(r.call_id.clone())
        .one(db.read())
        .await?
        .is_some_and(|c| c.results_status == "published");
    Ok(published.then(|| {
        (
            Outcome::parse(&r.outcome).unwrap_or(Outcome::NotFunded),
            r.awarded_amount,
        )
    }))
}
