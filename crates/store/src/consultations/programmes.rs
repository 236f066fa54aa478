//! The annual cooperation programme cycle: one programme per municipality and year, its link to
//! the consultation and to the council's opinion, its adoption, the report on the year, the
//! statutory deadlines computed from the clock and the reminders sent to the officers.

use domain::accounts::Role;
use domain::consultations::{
    DeadlineKind, DeadlineState, ProgrammeStatus, current_cycle, deadline_state, reminder_due,
};
use domain::time::{format_date, parse_date, to_micros};
use domain::{FieldError, Lang};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use super::entities::{consultation, cooperation_programme, cooperation_reminder};
use super::{DocumentInfo, NewDocument, document_info, store_document, user_names};
use crate::audit::{self, NewEntry};
use crate::entities::{municipality, role_assignment, user};
use crate::ids::new_id;
use crate::{Db, StoreError};
pub use cooperation_programme::Model as Programme;

/// What an officer types about a programme (checked fields).
#[derive(Clone, Debug, Default)]
pub struct ProgrammeInput {
    pub title: String,
    pub document_text: Option<String>,
    pub consultation_id: Option<String>,
    pub council_opinion_ref: Option<String>,
    /// `draft` or `consulted` (adoption is recorded separately).
    pub status: Option<ProgrammeStatus>,
}

/// One statutory deadline of a programme year, as it stands on a day.
#[derive(Clone, Debug)]
pub struct DeadlineFacts {
    pub kind: DeadlineKind,
    pub year: i16,
    pub deadline: Date,
    pub state: DeadlineState,
    /// The programme record, when there is one.
    pub programme_id: Option<String>,
}

/// A programme with its names, documents and deadlines.
#[derive(Clone, Debug)]
pub struct ProgrammeView {
    pub p: Programme,
    pub status: ProgrammeStatus,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub created_by_name: String,
    pub updated_by_name: String,
    pub consultation_title: Option<String>,
    pub document: Option<DocumentInfo>,
    pub report_document: Option<DocumentInfo>,
    pub adoption: DeadlineFacts,
    pub report: DeadlineFacts,
}

fn stored_date(s: Option<&str>) -> Option<Date> {
    s.and_then(|d| parse_date(d).ok())
}

fn year_of(p: &Programme) -> i16 {
    i16::try_from(p.year).unwrap_or(i16::MAX)
}

fn facts(kind: DeadlineKind, year: i16, p: Option<&Programme>, today: Date) -> DeadlineFacts {
    let done = p.and_then(|p| match kind {
        DeadlineKind::Adoption => stored_date(p.adopted_on.as_deref()),
        DeadlineKind::Report => stored_date(p.report_published_on.as_deref()),
    });
    let deadline = kind.deadline(year);
    DeadlineFacts {
        kind,
        year,
        deadline,
        state: deadline_state(deadline, done, today),
        programme_id: p.map(|p| p.id.clone()),
    }
}

fn status_of(p: &Programme) -> Result<ProgrammeStatus, StoreError> {
    ProgrammeStatus::parse(&p.status)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("programme {} has a bad status", p.id)))
}

/// Checks that a linked consultation exists in the same municipality.
async fn check_consultation(
    txn: &DatabaseTransaction,
    municipality_id: &str,
    consultation_id: Option<&str>,
) -> Result<(), StoreError> {
    let Some(id) = consultation_id else {
        return Ok(());
    };
    let found = consultation::Entity::find_by_id(id.to_string())
        .filter(consultation::Column::MunicipalityId.eq(municipality_id))
        .one(txn)
        .await?
        .is_some();
    if found {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "consultation_id",
            "Nie ma takich konsultacji w tej gminie.",
            "There is no such consultation in this municipality.",
        ))
    }
}

/// Creates the programme for a year. `409` when the municipality already has one for that year.
/// Audited as `cooperation_programme.create`.
pub async fn create(
    db: &Db,
    municipality_id: &str,
    year: i16,
    input: &ProgrammeInput,
    doc: Option<&NewDocument>,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let id = new_id();
    let txn = db.begin().await?;
    let exists = cooperation_programme::Entity::find()
        .filter(cooperation_programme::Column::MunicipalityId.eq(municipality_id))
        .filter(cooperation_programme::Column::Year.eq(i32::from(year)))
        .one(&txn)
        .await?
        .is_some();
    let taken = || {
        StoreError::conflict(
            "year",
            &format!("Program współpracy na rok {year} już istnieje; popraw istniejący."),
            &format!("The cooperation programme for {year} already exists; edit it instead."),
        )
    };
    if exists {
        return Err(taken());
    }
    check_consultation(&txn, municipality_id, input.consultation_id.as_deref()).await?;
    let file_id = match doc {
        Some(d) => {
            Some(store_document(&txn, "cooperation_programme", &id, d, actor, now_us).await?)
        }
        None => None,
    };
    let status = input.status.unwrap_or(ProgrammeStatus::Draft);
    let inserted = cooperation_programme::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        year: Set(i32::from(year)),
        title: Set(input.title.clone()),
        document_text: Set(input.document_text.clone()),
        document_file_id: Set(file_id),
        status: Set(status.as_str().to_string()),
        adopted_on: Set(None),
        resolution_ref: Set(None),
        consultation_id: Set(input.consultation_id.clone()),
        council_opinion_ref: Set(input.council_opinion_ref.clone()),
        report_text: Set(None),
        report_file_id: Set(None),
        report_published_on: Set(None),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_by: Set(actor.to_string()),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if crate::error::is_unique_violation(&e) => return Err(taken()),
        Err(e) => return Err(e.into()),
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "cooperation_programme.create",
            subject_type: "cooperation_programme",
            subject_id: Some(&id),
            details: json!({
                "year": year,
                "title": input.title,
                "status": status.as_str(),
                "consultation_id": input.consultation_id,
                "council_opinion_ref": input.council_opinion_ref,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn lock(txn: &DatabaseTransaction, id: &str) -> Result<Programme, StoreError> {
    cooperation_programme::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Changes a programme's title, document, links and (before adoption) its status between
/// draft and consulted. `409` when asked to change the status of an adopted programme.
/// Audited as `cooperation_programme.update` with before and after.
pub async fn update(
    db: &Db,
    id: &str,
    input: &ProgrammeInput,
    doc: Option<&NewDocument>,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let p = lock(&txn, id).await?;
    let current = status_of(&p)?;
    let status = match (current, input.status) {
        (ProgrammeStatus::Adopted, Some(s)) if s != ProgrammeStatus::Adopted => {
            return Err(StoreError::conflict(
                "status",
                "Program jest już uchwalony; jego status się nie zmienia.",
                "The programme is adopted; its status no longer changes.",
            ));
        }
        (_, Some(ProgrammeStatus::Adopted)) if current != ProgrammeStatus::Adopted => {
            return Err(StoreError::invalid(
                "status",
                "Uchwalenie programu zapisz w sekcji „Uchwalenie” (z datą uchwały).",
                "Record the adoption in the \"Adoption\" section (with the resolution's date).",
            ));
        }
        (_, Some(s)) => s,
        (c, None) => c,
    };
    check_consultation(&txn, &p.municipality_id, input.consultation_id.as_deref()).await?;
    let before = json!({
        "title": p.title,
        "status": p.status,
        "consultation_id": p.consultation_id,
        "council_opinion_ref": p.council_opinion_ref,
    });
    let file_id = match doc {
        Some(d) => Some(store_document(&txn, "cooperation_programme", id, d, actor, now_us).await?),
        None => p.document_file_id.clone(),
    };
    let municipality_id = p.municipality_id.clone();
    let mut am: cooperation_programme::ActiveModel = p.into();
    am.title = Set(input.title.clone());
    am.document_text = Set(input.document_text.clone());
    am.document_file_id = Set(file_id);
    am.status = Set(status.as_str().to_string());
    am.consultation_id = Set(input.consultation_id.clone());
    am.council_opinion_ref = Set(input.council_opinion_ref.clone());
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "cooperation_programme.update",
            subject_type: "cooperation_programme",
            subject_id: Some(id),
            details: json!({
                "before": before,
                "after": {
                    "title": input.title,
                    "status": status.as_str(),
                    "consultation_id": input.consultation_id,
                    "council_opinion_ref": input.council_opinion_ref,
                },
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records the council's adoption of the programme on `adopted_on` (not in the future).
/// `409` when already adopted. Audited as `cooperation_programme.adopt`, noting whether the
/// statutory deadline (30 November of the year before) was met.
pub async fn adopt(
    db: &Db,
    id: &str,
    adopted_on: Date,
    resolution_ref: Option<&str>,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let today = crate::small_grants::warsaw_date(now);
    if adopted_on > today {
        return Err(StoreError::invalid(
            "adopted_on",
            "Data uchwalenia nie może być w przyszłości.",
            "The adoption date cannot be in the future.",
        ));
    }
    let txn = db.begin().await?;
    let p = lock(&txn, id).await?;
    if status_of(&p)? == ProgrammeStatus::Adopted {
        return Err(StoreError::conflict(
            "adopted_on",
            "Uchwalenie tego programu jest już zapisane.",
            "The adoption of this programme is already recorded.",
        ));
    }
    let deadline = DeadlineKind::Adoption.deadline(year_of(&p));
    let municipality_id = p.municipality_id.clone();
    let mut am: cooperation_programme::ActiveModel = p.into();
    am.status = Set(ProgrammeStatus::Adopted.as_str().to_string());
    am.adopted_on = Set(Some(adopted_on.to_string()));
    am.resolution_ref = Set(resolution_ref.map(str::to_string));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "cooperation_programme.adopt",
            subject_type: "cooperation_programme",
            subject_id: Some(id),
            details: json!({
                "adopted_on": adopted_on.to_string(),
                "deadline": deadline.to_string(),
                "on_time": adopted_on <= deadline,
                "resolution_ref": resolution_ref,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records the published report on the programme's year (text and/or document), published on
/// `published_on`: not in the future and not before the year is over (`422`). `409` when a
/// report is already recorded. Audited as `cooperation_programme.report`.
#[allow(clippy::too_many_arguments)]
pub async fn record_report(
    db: &Db,
    id: &str,
    published_on: Date,
    report_text: Option<&str>,
    doc: Option<&NewDocument>,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let today = crate::small_grants::warsaw_date(now);
    let txn = db.begin().await?;
    let p = lock(&txn, id).await?;
    let year = year_of(&p);
    if published_on > today {
        return Err(StoreError::invalid(
            "published_on",
            "Data publikacji sprawozdania nie może być w przyszłości.",
            "The report's publication date cannot be in the future.",
        ));
    }
    if published_on.year() <= year {
        return Err(StoreError::invalid(
            "published_on",
            &format!(
                "Sprawozdanie z realizacji programu na rok {year} publikuje się po zakończeniu roku, najpóźniej do {}.",
                format_date(DeadlineKind::Report.deadline(year), Lang::Pl)
            ),
            &format!(
                "The report on the {year} programme is published after the year ends, by {} at the latest.",
                format_date(DeadlineKind::Report.deadline(year), Lang::En)
            ),
        ));
    }
    if p.report_published_on.is_some() {
        return Err(StoreError::conflict(
            "published_on",
            "Sprawozdanie z realizacji tego programu jest już zapisane.",
            "The report on this programme is already recorded.",
        ));
    }
    if report_text.is_none() && doc.is_none() {
        return Err(StoreError::invalid(
            "report_text",
            "Dołącz treść sprawozdania albo plik.",
            "Give the report's text or attach a file.",
        ));
    }
    let file_id = match doc {
        Some(d) => Some(store_document(&txn, "cooperation_report", id, d, actor, now_us).await?),
        None => None,
    };
    let deadline = DeadlineKind::Report.deadline(year);
    let municipality_id = p.municipality_id.clone();
    let mut am: cooperation_programme::ActiveModel = p.into();
    am.report_text = Set(report_text.map(str::to_string));
    am.report_file_id = Set(file_id.clone());
    am.report_published_on = Set(Some(published_on.to_string()));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "cooperation_programme.report",
            subject_type: "cooperation_programme",
            subject_id: Some(id),
            details: json!({
                "published_on": published_on.to_string(),
                "deadline": deadline.to_string(),
                "on_time": published_on <= deadline,
                "report_file_id": file_id,
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A programme with its deadlines on `today`.
pub async fn get(db: &Db, id: &str, today: Date) -> Result<Option<ProgrammeView>, StoreError> {
    let Some(p) = cooperation_programme::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    let mut v = views(db, vec![p], today).await?;
    let Some(mut view) = v.pop() else {
        return Ok(None);
    };
    view.document = document_info(db, view.p.document_file_id.as_deref()).await?;
    view.report_document = document_info(db, view.p.report_file_id.as_deref()).await?;
    Ok(Some(view))
}

/// A municipality's programmes, latest year first.
pub async fn list(
    db: &Db,
    municipality_id: &str,
    today: Date,
) -> Result<Vec<ProgrammeView>, StoreError> {
    let rows = cooperation_programme::Entity::find()
        .filter(cooperation_programme::Column::MunicipalityId.eq(municipality_id))
        .order_by_desc(cooperation_programme::Column::Year)
        .all(db.read())
        .await?;
    views(db, rows, today).await
}

async fn views(
    db: &Db,
    rows: Vec<Programme>,
    today: Date,
) -> Result<Vec<ProgrammeView>, StoreError> {
    let conn = db.read();
    let m_ids: Vec<String> = rows.iter().map(|p| p.municipality_id.clone()).collect();
    let municipalities: std::collections::HashMap<String, (String, String)> =
        municipality::Entity::find()
            .filter(municipality::Column::Id.is_in(m_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|m| (m.id, (m.slug, m.name)))
            .collect();
    let c_ids: Vec<String> = rows
        .iter()
        .filter_map(|p| p.consultation_id.clone())
        .collect();
    let titles: std::collections::HashMap<String, String> = consultation::Entity::find()
        .filter(consultation::Column::Id.is_in(c_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let mut people = Vec::new();
    for p in &rows {
        people.push(p.created_by.clone());
        people.push(p.updated_by.clone());
    }
    let names = user_names(db, people).await?;
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let (municipality_slug, municipality_name) = municipalities
            .get(&p.municipality_id)
            .cloned()
            .ok_or_else(|| StoreError::Other(anyhow::anyhow!("programme {} orphaned", p.id)))?;
        let year = year_of(&p);
        out.push(ProgrammeView {
            status: status_of(&p)?,
            municipality_slug,
            municipality_name,
            created_by_name: names.get(&p.created_by).cloned().unwrap_or_default(),
            updated_by_name: names.get(&p.updated_by).cloned().unwrap_or_default(),
            consultation_title: p
                .consultation_id
                .as_ref()
                .and_then(|c| titles.get(c).cloned()),
            document: None,
            report_document: None,
            adoption: facts(DeadlineKind::Adoption, year, Some(&p), today),
            report: facts(DeadlineKind::Report, year, Some(&p), today),
            p,
        });
    }
    Ok(out)
}

/// The deadlines of the current cycle on `today`: the adoption of next year's programme and the
/// report on last year's, whether or not a programme record exists.
pub async fn cycle(
    db: &Db,
    municipality_id: &str,
    today: Date,
) -> Result<Vec<DeadlineFacts>, StoreError> {
    let mut out = Vec::new();
    for (kind, year) in current_cycle(today) {
        let p = cooperation_programme::Entity::find()
            .filter(cooperation_programme::Column::MunicipalityId.eq(municipality_id))
            .filter(cooperation_programme::Column::Year.eq(i32::from(year)))
            .one(db.read())
            .await?;
        out.push(facts(kind, year, p.as_ref(), today));
    }
    Ok(out)
}

/// Queues reminders of the current cycle's deadlines to every municipality's officers, 30 and
/// 7 days before each deadline not yet met. Idempotent per municipality, year and kind: the
/// reminder row is inserted in the same transaction as the mails, under a unique index.
/// Returns how many reminders were queued.
pub async fn queue_reminders(db: &Db, today: Date, now: Timestamp) -> Result<usize, StoreError> {
    let now_us = to_micros(now);
    let officers = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::Officer.as_str()))
        .filter(role_assignment::Column::MunicipalityId.is_not_null())
        .all(db.read())
        .await?;
    let mut by_municipality: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in officers {
        if let Some(m) = r.municipality_id {
            by_municipality.entry(m).or_default().push(r.user_id);
        }
    }
    let mut queued = 0;
    for (municipality_id, user_ids) in by_municipality {
        for f in cycle(db, &municipality_id, today).await? {
            if matches!(f.state, DeadlineState::Done { .. }) {
                continue;
            }
            let Some(days) = reminder_due(f.deadline, today) else {
                continue;
            };
            let kind = format!("{}-{days}", f.kind.as_str());
            let txn = db.begin().await?;
            let already = cooperation_reminder::Entity::find()
                .filter(cooperation_reminder::Column::MunicipalityId.eq(&municipality_id))
                .filter(cooperation_reminder::Column::Year.eq(i32::from(f.year)))
                .filter(cooperation_reminder::Column::Kind.eq(&kind))
                .one(&txn)
                .await?
                .is_some();
            if already {
                continue;
            }
            let inserted = cooperation_reminder::ActiveModel {
                id: Set(new_id()),
                municipality_id: Set(municipality_id.clone()),
                year: Set(i32::from(f.year)),
                kind: Set(kind.clone()),
                sent_at: Set(now_us),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(_) => {}
                // Another worker sent it at the same moment.
                Err(e) if crate::error::is_unique_violation(&e) => continue,
                Err(e) => return Err(e.into()),
            }
            let deadline = format_date(f.deadline, Lang::Pl);
            let (subject, what) = match f.kind {
                DeadlineKind::Adoption => (
                    format!(
                        "Przypomnienie: program współpracy na {} — uchwalenie do {deadline}",
                        f.year
                    ),
                    format!(
                        "rada gminy musi uchwalić roczny program współpracy z organizacjami pozarządowymi na rok {} najpóźniej {deadline} (art. 5a ustawy o działalności pożytku publicznego i o wolontariacie), po konsultacjach z organizacjami.",
                        f.year
                    ),
                ),
                DeadlineKind::Report => (
                    format!(
                        "Przypomnienie: sprawozdanie z programu współpracy za {} — do {deadline}",
                        f.year
                    ),
                    format!(
                        "sprawozdanie z realizacji programu współpracy za rok {} trzeba opublikować najpóźniej {deadline} (art. 5a ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie).",
                        f.year
                    ),
                ),
            };
            for uid in &user_ids {
                if let Some(u) = user::Entity::find_by_id(uid.clone()).one(&txn).await? {
                    crate::outbox::enqueue(
                        &txn,
                        &u.email,
                        &subject,
                        &format!(
                            "Dzień dobry,\n\n{what}\nDo terminu zostało dni: {}.\n\n— wspólnie",
                            (f.deadline - today).get_days()
                        ),
                        now_us,
                    )
                    .await?;
                }
            }
            audit::append(
                &txn,
                now_us,
                NewEntry {
                    actor_user_id: None,
                    municipality_id: Some(&municipality_id),
                    action: "cooperation_programme.reminder",
                    subject_type: "cooperation_programme",
                    subject_id: f.programme_id.as_deref(),
                    details: json!({"year": f.year, "kind": kind, "deadline": f.deadline.to_string(), "officers": user_ids.len()}),
                },
            )
            .await?;
            txn.commit().await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// A field error about the year, for the web layer.
pub fn year_error(year: &str) -> FieldError {
    FieldError::with_messages(
        "year",
        format!("„{year}” nie jest rokiem; podaj rok programu, np. 2027."),
        format!("\"{year}\" is not a year; give the programme's year, e.g. 2027."),
    )
}
