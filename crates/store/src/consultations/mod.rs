//! Public consultations of documents: an officer prepares and publishes one; logged-in people
//! comment (on their own or an NGO's behalf, publicly or not) while it is open; after it closes
//! the officer answers every comment and publishes the report. The window is checked inside the
//! write transaction against the instant the server received the comment.
//!
//! The annual cooperation programme cycle is in [`programmes`].

pub mod demo;
pub mod entities;
pub mod programmes;

use std::collections::HashMap;

use domain::FieldError;
use domain::consultations::{
    Answer, ConsultationStatus, Phase, ValidConsultation, check_comment_window, phase,
};
use domain::time::{from_micros, to_micros};
use jiff::Timestamp;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use crate::audit::{self, NewEntry};
use crate::entities::{municipality, organisation, organisation_representative, user};
use crate::grants::entities::file;
use crate::ids::new_id;
use crate::{Db, StoreError};
pub use entities::consultation::Model as Consultation;
pub use entities::consultation_comment::Model as Comment;
use entities::{consultation, consultation_comment};

/// An uploaded document (already checked for type and size).
#[derive(Clone, Debug)]
pub struct NewDocument {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A stored document without its bytes.
#[derive(Clone, Debug)]
pub struct DocumentInfo {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// A comment with the names it is shown with.
#[derive(Clone, Debug)]
pub struct CommentView {
    pub comment: Comment,
    /// The author's display name (never shown publicly for a non-public comment).
    pub author_name: String,
    /// The NGO's name when made on its behalf.
    pub organisation_name: Option<String>,
    pub answer: Option<Answer>,
}

impl CommentView {
    /// The name shown next to a public comment: the NGO's name, else the author's.
    pub fn public_name(&self) -> String {
        self.organisation_name
            .clone()
            .unwrap_or_else(|| self.author_name.clone())
    }
}

/// A consultation with everything its page and the API show.
#[derive(Clone, Debug)]
pub struct ConsultationView {
    pub c: Consultation,
    pub status: ConsultationStatus,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub created_by_name: String,
    pub published_by_name: Option<String>,
    pub report_published_by_name: Option<String>,
    pub document: Option<DocumentInfo>,
    /// Every comment, oldest first (filter with [`ConsultationView::public_comments`]).
    pub comments: Vec<CommentView>,
}

impl ConsultationView {
    /// The phase at `now`.
    pub fn phase(&self, now: Timestamp) -> Phase {
        phase(
            self.status,
            from_micros(self.c.opens_at),
            from_micros(self.c.closes_at),
            self.c.report_published_at.is_some(),
            now,
        )
    }

    /// Whether the public may see it.
    pub fn is_public(&self) -> bool {
        self.status == ConsultationStatus::Published
    }

    /// The comments marked public.
    pub fn public_comments(&self) -> impl Iterator<Item = &CommentView> {
        self.comments.iter().filter(|c| c.comment.is_public)
    }

    /// How many comments still lack an answer.
    pub fn unanswered(&self) -> usize {
        self.comments
            .iter()
            .filter(|c| c.comment.answer.is_none())
            .count()
    }
}

fn status_of(c: &Consultation) -> Result<ConsultationStatus, StoreError> {
    ConsultationStatus::parse(&c.status)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("consultation {} has a bad status", c.id)))
}

/// Stores an uploaded document owned by `owner_type`/`owner_id`; returns its id.
pub(crate) async fn store_document(
    txn: &impl ConnectionTrait,
    owner_type: &str,
    owner_id: &str,
    doc: &NewDocument,
    actor: &str,
    now_us: i64,
) -> Result<String, StoreError> {
    let id = new_id();
    file::ActiveModel {
        id: Set(id.clone()),
        owner_type: Set(owner_type.to_string()),
        owner_id: Set(owner_id.to_string()),
        filename: Set(doc.filename.clone()),
        content_type: Set(doc.content_type.clone()),
        size: Set(i64::try_from(doc.bytes.len()).unwrap_or(i64::MAX)),
        content: Set(doc.bytes.clone()),
        uploaded_by: Set(actor.to_string()),
        created_at: Set(now_us),
    }
    .insert(txn)
    .await?;
    Ok(id)
}

/// A stored document with its bytes, if it belongs to `owner_type`/`owner_id`.
pub async fn document(
    db: &Db,
    owner_type: &str,
    owner_id: &str,
    file_id: &str,
) -> Result<Option<file::Model>, StoreError> {
    Ok(file::Entity::find_by_id(file_id.to_string())
        .filter(file::Column::OwnerType.eq(owner_type))
        .filter(file::Column::OwnerId.eq(owner_id))
        .one(db.read())
        .await?)
}

pub(crate) async fn document_info(
    db: &Db,
    file_id: Option<&str>,
) -> Result<Option<DocumentInfo>, StoreError> {
    let Some(id) = file_id else {
        return Ok(None);
    };
    // Only the columns needed: the bytes stay in the database.
    let row = file::Entity::find_by_id(id.to_string())
        .select_only()
        .column(file::Column::Id)
        .column(file::Column::Filename)
        .column(file::Column::ContentType)
        .column(file::Column::Size)
        .into_tuple::<(String, String, String, i64)>()
        .one(db.read())
        .await?;
    Ok(row.map(|(id, filename, content_type, size)| DocumentInfo {
        id,
        filename,
        content_type,
        size,
    }))
}

fn summary_json(v: &ValidConsultation) -> serde_json::Value {
    json!({
        "title": v.title,
        "opens_at": to_micros(v.opens_at),
        "closes_at": to_micros(v.closes_at),
        "document_text": v.document_text.is_some(),
    })
}

/// Creates a draft consultation. Audited as `consultation.create`.
pub async fn create(
    db: &Db,
    municipality_id: &str,
    v: &ValidConsultation,
    doc: Option<&NewDocument>,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let id = new_id();
    let txn = db.begin().await?;
    let file_id = match doc {
        Some(d) => Some(store_document(&txn, "consultation", &id, d, actor, now_us).await?),
        None => None,
    };
    consultation::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        title: Set(v.title.clone()),
        description: Set(v.description.clone()),
        document_text: Set(v.document_text.clone()),
        document_file_id: Set(file_id.clone()),
        opens_at: Set(to_micros(v.opens_at)),
        closes_at: Set(to_micros(v.closes_at)),
        status: Set(ConsultationStatus::Draft.as_str().to_string()),
        published_at: Set(None),
        published_by: Set(None),
        report_summary: Set(None),
        report_published_at: Set(None),
        report_published_by: Set(None),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_by: Set(actor.to_string()),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "consultation.create",
            subject_type: "consultation",
            subject_id: Some(&id),
            details: json!({"after": summary_json(v), "document_file_id": file_id}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn lock(txn: &DatabaseTransaction, id: &str) -> Result<Consultation, StoreError> {
    consultation::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Changes a consultation: any time while a draft; once published, only before it opens (the
/// terms of a running consultation do not change). `409` otherwise. Audited as
/// `consultation.update` with before and after.
pub async fn update(
    db: &Db,
    id: &str,
    v: &ValidConsultation,
    doc: Option<&NewDocument>,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = lock(&txn, id).await?;
    if status_of(&c)? == ConsultationStatus::Published && now_us >= c.opens_at {
        return Err(StoreError::conflict(
            "status",
            "Konsultacje już się rozpoczęły; ich treści i terminów nie można zmieniać.",
            "The consultation has started; its text and dates can no longer be changed.",
        ));
    }
    if status_of(&c)? == ConsultationStatus::Published && to_micros(v.closes_at) <= now_us {
        return Err(StoreError::invalid(
            "closes_at",
            "Opublikowane konsultacje muszą kończyć się w przyszłości.",
            "A published consultation must close in the future.",
        ));
    }
    let before = json!({
        "title": c.title,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "document_text": c.document_text.is_some(),
    });
    let file_id = match doc {
        Some(d) => Some(store_document(&txn, "consultation", id, d, actor, now_us).await?),
        None => c.document_file_id.clone(),
    };
    let municipality_id = c.municipality_id.clone();
    let mut am: consultation::ActiveModel = c.into();
    am.title = Set(v.title.clone());
    am.description = Set(v.description.clone());
    am.document_text = Set(v.document_text.clone());
    am.document_file_id = Set(file_id.clone());
    am.opens_at = Set(to_micros(v.opens_at));
    am.closes_at = Set(to_micros(v.closes_at));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "consultation.update",
            subject_type: "consultation",
            subject_id: Some(id),
            details: json!({"before": before, "after": summary_json(v), "document_file_id": file_id}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes a draft. `409` when already published or when it would already be closed.
/// Audited as `consultation.publish`.
pub async fn publish(db: &Db, id: &str, actor: &str, now: Timestamp) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = lock(&txn, id).await?;
    if status_of(&c)? != ConsultationStatus::Draft {
        return Err(StoreError::conflict(
            "status",
            "Konsultacje są już opublikowane.",
            "The consultation is already published.",
        ));
    }
    if c.closes_at <= now_us {
        return Err(StoreError::conflict(
            "closes_at",
            "Termin zakończenia konsultacji już minął; zmień daty przed publikacją.",
            "The closing date has passed; change the dates before publishing.",
        ));
    }
    let municipality_id = c.municipality_id.clone();
    let (opens_at, closes_at) = (c.opens_at, c.closes_at);
    let mut am: consultation::ActiveModel = c.into();
    am.status = Set(ConsultationStatus::Published.as_str().to_string());
    am.published_at = Set(Some(now_us));
    am.published_by = Set(Some(actor.to_string()));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "consultation.publish",
            subject_type: "consultation",
            subject_id: Some(id),
            details: json!({"opens_at": opens_at, "closes_at": closes_at}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a comment received at `now`. `409` (field `body`) outside the window, naming the
/// opening or closing instant; `422` (field `organisation_id`) when the author does not represent
/// the NGO. Audited as `consultation.comment`.
#[allow(clippy::too_many_arguments)]
pub async fn comment(
    db: &Db,
    id: &str,
    body: &str,
    is_public: bool,
    organisation_id: Option<&str>,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = consultation::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    check_comment_window(
        status_of(&c)?,
        from_micros(c.opens_at),
        from_micros(c.closes_at),
        now,
    )
    .map_err(|p| StoreError::Conflict(FieldError::new("body", &p)))?;
    if let Some(org) = organisation_id {
        let represents = organisation_representative::Entity::find()
            .filter(organisation_representative::Column::OrganisationId.eq(org))
            .filter(organisation_representative::Column::UserId.eq(actor))
            .one(&txn)
            .await?
            .is_some();
        if !represents {
            return Err(StoreError::invalid(
                "organisation_id",
                "Możesz zgłosić uwagę w imieniu organizacji tylko wtedy, gdy ją reprezentujesz.",
                "You can comment on behalf of an organisation only if you represent it.",
            ));
        }
    }
    let comment_id = new_id();
    consultation_comment::ActiveModel {
        id: Set(comment_id.clone()),
        consultation_id: Set(id.to_string()),
        author_user_id: Set(actor.to_string()),
        organisation_id: Set(organisation_id.map(str::to_string)),
        is_public: Set(is_public),
        body: Set(body.to_string()),
        created_at: Set(now_us),
        answer: Set(None),
        answer_text: Set(None),
        answered_at: Set(None),
        answered_by: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&c.municipality_id),
            action: "consultation.comment",
            subject_type: "consultation",
            subject_id: Some(id),
            details: json!({"comment_id": comment_id, "public": is_public, "organisation_id": organisation_id}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(comment_id)
}

/// The officer answers a comment (again, to correct it, until the report is published).
/// `409` while the consultation is open or once its report is published; `404` for a comment
/// of another consultation. Audited as `consultation.answer`.
pub async fn answer(
    db: &Db,
    id: &str,
    comment_id: &str,
    a: Answer,
    text: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = lock(&txn, id).await?;
    let cm = consultation_comment::Entity::find_by_id(comment_id.to_string())
        .filter(consultation_comment::Column::ConsultationId.eq(id))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    match phase(
        status_of(&c)?,
        from_micros(c.opens_at),
        from_micros(c.closes_at),
        c.report_published_at.is_some(),
        now,
    ) {
        Phase::Closed => {}
        Phase::Reported => {
            return Err(StoreError::conflict(
                "answer",
                "Raport z konsultacji jest już opublikowany; odpowiedzi nie można zmieniać.",
                "The consultation report is published; answers can no longer change.",
            ));
        }
        _ => {
            return Err(StoreError::conflict(
                "answer",
                &format!(
                    "Na uwagi odpowiada się po zakończeniu konsultacji ({}).",
                    domain::time::format_warsaw(from_micros(c.closes_at), domain::Lang::Pl)
                ),
                &format!(
                    "Comments are answered after the consultation closes ({}).",
                    domain::time::format_warsaw(from_micros(c.closes_at), domain::Lang::En)
                ),
            ));
        }
    }
    let previous = cm.answer.clone();
    let mut am: consultation_comment::ActiveModel = cm.into();
    am.answer = Set(Some(a.as_str().to_string()));
    am.answer_text = Set(Some(text.to_string()));
    am.answered_at = Set(Some(now_us));
    am.answered_by = Set(Some(actor.to_string()));
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&c.municipality_id),
            action: "consultation.answer",
            subject_type: "consultation",
            subject_id: Some(id),
            details: json!({"comment_id": comment_id, "answer": a.as_str(), "previous": previous}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes the report: `409` before the consultation closes, while a comment has no answer,
/// or when already published. Audited as `consultation.report`.
pub async fn publish_report(
    db: &Db,
    id: &str,
    summary: Option<&str>,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = lock(&txn, id).await?;
    match phase(
        status_of(&c)?,
        from_micros(c.opens_at),
        from_micros(c.closes_at),
        c.report_published_at.is_some(),
        now,
    ) {
        Phase::Closed => {}
        Phase::Reported => {
            return Err(StoreError::conflict(
                "status",
                "Raport z konsultacji jest już opublikowany.",
                "The consultation report is already published.",
            ));
        }
        _ => {
            return Err(StoreError::conflict(
                "status",
                &format!(
                    "Raport można opublikować po zakończeniu konsultacji ({}).",
                    domain::time::format_warsaw(from_micros(c.closes_at), domain::Lang::Pl)
                ),
                &format!(
                    "The report can be published after the consultation closes ({}).",
                    domain::time::format_warsaw(from_micros(c.closes_at), domain::Lang::En)
                ),
            ));
        }
    }
    let unanswered = consultation_comment::Entity::find()
        .filter(consultation_comment::Column::ConsultationId.eq(id))
        .filter(consultation_comment::Column::Answer.is_null())
        .all(&txn)
        .await?
        .len();
    if unanswered > 0 {
        return Err(StoreError::conflict(
            "status",
            &format!(
                "Przed publikacją raportu odpowiedz na wszystkie uwagi; bez odpowiedzi: {unanswered}."
            ),
            &format!(
                "Answer every comment before publishing the report; unanswered: {unanswered}."
            ),
        ));
    }
    let municipality_id = c.municipality_id.clone();
    let mut am: consultation::ActiveModel = c.into();
    am.report_summary = Set(summary.map(str::to_string));
    am.report_published_at = Set(Some(now_us));
    am.report_published_by = Set(Some(actor.to_string()));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "consultation.report",
            subject_type: "consultation",
            subject_id: Some(id),
            details: json!({"summary": summary.is_some()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A consultation with its comments and names.
pub async fn get(db: &Db, id: &str) -> Result<Option<ConsultationView>, StoreError> {
    let Some(c) = consultation::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    let mut v = views(db, vec![c]).await?;
    let Some(mut view) = v.pop() else {
        return Ok(None);
    };
    attach_comments(db, std::slice::from_mut(&mut view)).await?;
    view.document = document_info(db, view.c.document_file_id.as_deref()).await?;
    Ok(Some(view))
}

pub(crate) async fn user_names(
    db: &Db,
    ids: Vec<String>,
) -> Result<HashMap<String, String>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db.read())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// A municipality's consultations, latest opening first, with their comments (documents are
/// not looked up).
pub async fn list(db: &Db, municipality_id: &str) -> Result<Vec<ConsultationView>, StoreError> {
    let rows = consultation::Entity::find()
        .filter(consultation::Column::MunicipalityId.eq(municipality_id))
        .order_by_desc(consultation::Column::OpensAt)
        .all(db.read())
        .await?;
    let mut out = views(db, rows).await?;
    attach_comments(db, &mut out).await?;
    Ok(out)
}

/// Loads the comments of the given consultations (one query for the comments, one for the
/// authors' names, one for the NGOs' names).
async fn attach_comments(db: &Db, views: &mut [ConsultationView]) -> Result<(), StoreError> {
    let conn = db.read();
    let ids: Vec<String> = views.iter().map(|v| v.c.id.clone()).collect();
    let comments = consultation_comment::Entity::find()
        .filter(consultation_comment::Column::ConsultationId.is_in(ids))
        .order_by_asc(consultation_comment::Column::CreatedAt)
        .order_by_asc(consultation_comment::Column::Id)
        .all(conn)
        .await?;
    let names = user_names(
        db,
        comments.iter().map(|c| c.author_user_id.clone()).collect(),
    )
    .await?;
    let org_ids: Vec<String> = comments
        .iter()
        .filter_map(|c| c.organisation_id.clone())
        .collect();
    let orgs: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut by_consultation: HashMap<String, Vec<CommentView>> = HashMap::new();
    for c in comments {
        by_consultation
            .entry(c.consultation_id.clone())
            .or_default()
            .push(CommentView {
                author_name: names.get(&c.author_user_id).cloned().unwrap_or_default(),
                organisation_name: c
                    .organisation_id
                    .as_ref()
                    .and_then(|o| orgs.get(o).cloned()),
                answer: c.answer.as_deref().and_then(Answer::parse),
                comment: c,
            });
    }
    for v in views.iter_mut() {
        v.comments = by_consultation.remove(&v.c.id).unwrap_or_default();
    }
    Ok(())
}

async fn views(db: &Db, rows: Vec<Consultation>) -> Result<Vec<ConsultationView>, StoreError> {
    let conn = db.read();
    let m_ids: Vec<String> = rows.iter().map(|c| c.municipality_id.clone()).collect();
    let municipalities: HashMap<String, (String, String)> = municipality::Entity::find()
        .filter(municipality::Column::Id.is_in(m_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.slug, m.name)))
        .collect();
    let mut people = Vec::new();
    for c in &rows {
        people.push(c.created_by.clone());
        people.extend(c.published_by.clone());
        people.extend(c.report_published_by.clone());
    }
    let names = user_names(db, people).await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let (municipality_slug, municipality_name) = municipalities
            .get(&c.municipality_id)
            .cloned()
            .ok_or_else(|| StoreError::Other(anyhow::anyhow!("consultation {} orphaned", c.id)))?;
        out.push(ConsultationView {
            status: status_of(&c)?,
            municipality_slug,
            municipality_name,
            created_by_name: names.get(&c.created_by).cloned().unwrap_or_default(),
            published_by_name: c.published_by.as_ref().and_then(|u| names.get(u).cloned()),
            report_published_by_name: c
                .report_published_by
                .as_ref()
                .and_then(|u| names.get(u).cloned()),
            document: None,
            comments: Vec::new(),
            c,
        });
    }
    Ok(out)
}
