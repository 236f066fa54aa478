use domain::Grosze;
use domain::grants::{Outcome, report_due, return_due};
use domain::time::to_micros;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use super::entities::{agreement, application, call, file, report};
use super::{application_view, outcome_of};
use crate::audit::{self, NewEntry};
use crate::entities::{organisation, organisation_representative, user};
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use agreement::Model as Agreement;
pub use file::Model as StoredFile;
pub use report::Model as Report;

/// Creates the agreement of a funded application (idempotent): amount awarded, the grantee's
/// bank account, report due 30 days after the end, unspent money returned within 15 days.
/// `409` unless results are published and the application is funded. Audited.
pub async fn create_agreement(
    db: &Db,
    application_id: &str,
    bank_account: &domain::ids::PolishIban,
    actor: &str,
    now: Timestamp,
) -> Result<Agreement, StoreError> {
    if let Some(a) = agreement_of(db, application_id).await? {
        return Ok(a);
    }
    let Some((Outcome::Funded, amount)) = outcome_of(db, application_id).await? else {
        return Err(StoreError::conflict(
            "status",
            "Umowę można przygotować tylko dla wniosku, który otrzymał dofinansowanie w opublikowanych wynikach.",
            "An agreement can be prepared only for an application funded in published results.",
        ));
    };
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let v = application_view(&txn, application_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let end = v
        .end()
        .unwrap_or_else(|| domain::time::today_warsaw(&domain::time::SystemClock));
    let year = v.call.programme.year;
    let n = agreement::Entity::find().count(&txn).await? + 1;
    let number = format!("{n}/{year}/MG");
    let model = agreement::ActiveModel {
        id: Set(new_id()),
        application_id: Set(application_id.to_string()),
        number: Set(number.clone()),
        status: Set("draft".into()),
        amount: Set(amount),
        bank_account: Set(bank_account.as_str().to_string()),
        report_due: Set(report_due(end).to_string()),
        return_due: Set(return_due(end).to_string()),
        created_at: Set(now_us),
        signed_at: Set(None),
        reminder_sent: Set(false),
    }
    .insert(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&v.application.municipality_id),
            action: "agreement.create",
            subject_type: "application",
            subject_id: Some(application_id),
            details: json!({"number": number, "amount": Grosze::from_grosze(amount).map(|g| g.to_string())}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn agreement_of(db: &Db, application_id: &str) -> Result<Option<Agreement>, StoreError> {
    Ok(agreement::Entity::find()
        .filter(agreement::Column::ApplicationId.eq(application_id))
        .one(db.read())
        .await?)
}

/// Records that the agreement was signed (idempotent). Audited.
pub async fn sign_agreement(
    db: &Db,
    application_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Agreement, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let a = agreement::Entity::find()
        .filter(agreement::Column::ApplicationId.eq(application_id))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            StoreError::conflict(
                "status",
                "Najpierw przygotuj umowę.",
                "Prepare the agreement first.",
            )
        })?;
    if a.status == "signed" {
        return Ok(a);
    }
    let app = application::Entity::find_by_id(application_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am: agreement::ActiveModel = a.into();
    am.status = Set("signed".into());
    am.signed_at = Set(Some(now_us));
    let a = am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&app.municipality_id),
            action: "agreement.sign",
            subject_type: "application",
            subject_id: Some(application_id),
            details: json!({"number": a.number}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

/// What the grantee reports.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub narrative: String,
    pub results_achieved: String,
    /// Actual costs per budget line: `(line name, planned, actual)`.
    pub costs: Vec<(String, Grosze, Grosze)>,
    pub amount_returned: Grosze,
    /// Photos or documents: `(file name, content type, bytes)`.
    pub files: Vec<(String, String, Vec<u8>)>,
}

/// Files a grantee may attach, and how large.
pub const ALLOWED_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png", "image/webp"];
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Submits the final report. `409` unless the agreement is signed, or while a report awaits a
/// decision or after one was accepted. Audited; the officers get nothing by e-mail (they see it
/// in their list), the representative gets a confirmation.
pub async fn submit_report(
    db: &Db,
    application_id: &str,
    input: &ReportInput,
    actor: &str,
    now: Timestamp,
) -> Result<Report, StoreError> {
    let now_us = to_micros(now);
    let mut errors = Vec::new();
    if input.narrative.trim().is_empty() {
        errors.push(domain::FieldError::with_messages(
            "narrative",
            "Opisz, co się wydarzyło.",
            "Describe what happened.",
        ));
    }
    if input.results_achieved.trim().is_empty() {
        errors.push(domain::FieldError::with_messages(
            "results_achieved",
            "Opisz osiągnięte rezultaty w porównaniu z planowanymi.",
            "Describe the results achieved against the planned ones.",
        ));
    }
    for (i, (name, ct, bytes)) in input.files.iter().enumerate() {
        if !ALLOWED_TYPES.contains(&ct.as_str()) {
            errors.push(domain::FieldError::with_messages(
                format!("files[{i}]"),
                format!("Plik „{name}”: dozwolone są PDF, JPEG, PNG i WebP."),
                format!("File \"{name}\": PDF, JPEG, PNG and WebP are allowed."),
            ));
        }
        if bytes.len() > MAX_FILE_BYTES {
            errors.push(domain::FieldError::with_messages(
                format!("files[{i}]"),
                format!("Plik „{name}” jest większy niż 5 MB."),
                format!("File \"{name}\" is larger than 5 MB."),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    let txn = db.begin().await?;
    let ag = agreement::Entity::find()
        .filter(agreement::Column::ApplicationId.eq(application_id))
        .one(&txn)
        .await?;
    if ag.as_ref().map(|a| a.status.as_str()) != Some("signed") {
        return Err(StoreError::conflict(
            "status",
            "Sprawozdanie można złożyć po podpisaniu umowy.",
            "The report can be submitted once the agreement is signed.",
        ));
    }
    let open = report::Entity::find()
        .filter(report::Column::ApplicationId.eq(application_id))
        .filter(report::Column::Status.is_in(["submitted", "accepted"]))
        .one(&txn)
        .await?;
    if let Some(r) = open {
        return Err(if r.status == "accepted" {
            StoreError::conflict(
                "status",
                "Sprawozdanie zostało już przyjęte.",
                "The report has already been accepted.",
            )
        } else {
            StoreError::conflict(
                "status",
                "Poprzednie sprawozdanie czeka na decyzję urzędu.",
                "The previous report is awaiting the office's decision.",
            )
        });
    }
    let spent = Grosze::checked_sum(input.costs.iter().map(|c| c.2)).unwrap_or(Grosze::ZERO);
    let costs =
        json!(input
        .costs
        .iter()
        .map(|(n, p, a)| json!({"name": n, "planned": p.to_string(), "actual": a.to_string()}))
        .collect::<Vec<_>>());
    let app = application::Entity::find_by_id(application_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let r = report::ActiveModel {
        id: Set(new_id()),
        application_id: Set(application_id.to_string()),
        status: Set("submitted".into()),
        narrative: Set(input.narrative.trim().to_string()),
        results_achieved: Set(input.results_achieved.trim().to_string()),
        costs: Set(costs.to_string()),
        amount_spent: Set(spent.as_grosze()),
        amount_returned: Set(input.amount_returned.as_grosze()),
        officer_comment: Set(None),
        submitted_at: Set(now_us),
        decided_at: Set(None),
    }
    .insert(&txn)
    .await?;
    for (name, ct, bytes) in &input.files {
        file::ActiveModel {
            id: Set(new_id()),
            owner_type: Set("report".into()),
            owner_id: Set(r.id.clone()),
            filename: Set(name.clone()),
            content_type: Set(ct.clone()),
            size: Set(bytes.len() as i64),
            content: Set(bytes.clone()),
            uploaded_by: Set(actor.to_string()),
            created_at: Set(now_us),
        }
        .insert(&txn)
        .await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&app.municipality_id),
            action: "report.submit",
            subject_type: "application",
            subject_id: Some(application_id),
            details: json!({"report_id": r.id, "spent": spent.to_string(), "returned": input.amount_returned.to_string(), "files": input.files.len()}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(r)
}

/// Reports of an application, newest first.
pub async fn reports_of(db: &Db, application_id: &str) -> Result<Vec<Report>, StoreError> {
    Ok(report::Entity::find()
        .filter(report::Column::ApplicationId.eq(application_id))
        .order_by_desc(report::Column::SubmittedAt)
        .all(db.read())
        .await?)
}

pub async fn report(db: &Db, id: &str) -> Result<Option<Report>, StoreError> {
    Ok(report::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

/// Files attached to a report (without their bytes).
pub async fn files_of(
    db: &Db,
    owner_type: &str,
    owner_id: &str,
) -> Result<Vec<(String, String, String, i64)>, StoreError> {
    Ok(file::Entity::find()
        .filter(file::Column::OwnerType.eq(owner_type))
        .filter(file::Column::OwnerId.eq(owner_id))
        .all(db.read())
        .await?
        .into_iter()
        .map(|f| (f.id, f.filename, f.content_type, f.size))
        .collect())
}

pub async fn stored_file(db: &Db, id: &str) -> Result<Option<StoredFile>, StoreError> {
    Ok(file::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

/// Accepts a report (settles the grant) or asks for corrections, with a comment. `409` unless it
/// awaits a decision. The representatives are told by e-mail. Audited.
pub async fn decide_report(
    db: &Db,
    report_id: &str,
    accept: bool,
    comment: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Report, StoreError> {
    if !accept && comment.trim().is_empty() {
        return Err(StoreError::invalid(
            "comment",
            "Napisz, co trzeba poprawić.",
            "Say what needs correcting.",
        ));
    }
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let r = report::Entity::find_by_id(report_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if r.status != "submitted" {
        return Err(StoreError::conflict(
            "status",
            "O tym sprawozdaniu już zdecydowano.",
            "This report has already been decided.",
        ));
    }
    let app = application::Entity::find_by_id(r.application_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let status = if accept { "accepted" } else { "corrections" };
    let mut am: report::ActiveModel = r.into();
    am.status = Set(status.into());
    am.officer_comment = Set(Some(comment.trim().to_string()).filter(|c| !c.is_empty()));
    am.decided_at = Set(Some(now_us));
    let r = am.update(&txn).await?;
    let reps = organisation_representative::Entity::find()
        .filter(organisation_representative::Column::OrganisationId.eq(app.organisation_id.clone()))
        .all(&txn)
        .await?;
    for rep in reps {
        if let Some(u) = user::Entity::find_by_id(rep.user_id).one(&txn).await? {
            let (subject, body) = if accept {
                (
                    format!("Sprawozdanie przyjęte: {}", app.title),
                    format!(
                        "Dzień dobry,\n\nsprawozdanie z inicjatywy „{}” zostało przyjęte. Dotacja jest rozliczona.\n{}\n\n— wspólnie",
                        app.title,
                        comment.trim()
                    ),
                )
            } else {
                (
                    format!("Sprawozdanie do poprawy: {}", app.title),
                    format!(
                        "Dzień dobry,\n\nurząd prosi o poprawienie sprawozdania z inicjatywy „{}”:\n\n{}\n\n— wspólnie",
                        app.title,
                        comment.trim()
                    ),
                )
            };
            crate::outbox::enqueue(&txn, &u.email, &subject, &body, now_us).await?;
        }
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&app.municipality_id),
            action: if accept {
                "report.accept"
            } else {
                "report.corrections"
            },
            subject_type: "application",
            subject_id: Some(&app.id),
            details: json!({"report_id": report_id, "comment": comment}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(r)
}

/// Where a funded initiative stands, for the public list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InitiativeStatus {
    /// Funded; agreement not signed yet.
    Awarded,
    InProgress,
    Reported,
    Settled,
}

impl InitiativeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InitiativeStatus::Awarded => "awarded",
            InitiativeStatus::InProgress => "in_progress",
            InitiativeStatus::Reported => "reported",
            InitiativeStatus::Settled => "settled",
        }
    }
}

/// One funded initiative on the public list (no personal data: the applicant's name only).
#[derive(Clone, Debug)]
pub struct FundedInitiative {
    pub application_id: String,
    pub call_title: String,
    pub applicant_name: String,
    pub title: String,
    pub summary: String,
    pub amount: i64,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: InitiativeStatus,
}

/// Every funded initiative in a municipality's published results.
pub async fn funded_initiatives(
    db: &Db,
    municipality_id: &str,
) -> Result<Vec<FundedInitiative>, StoreError> {
    let calls = call::Entity::find()
        .filter(call::Column::MunicipalityId.eq(municipality_id))
        .filter(call::Column::ResultsStatus.eq("published"))
        .order_by_desc(call::Column::ClosesAt)
        .all(db.read())
        .await?;
    let mut out = Vec::new();
    for c in calls {
        for line in super::results(db, &c.id).await?.entries {
            if line.outcome != Outcome::Funded {
                continue;
            }
            let Some(a) = application::Entity::find_by_id(line.application_id.clone())
                .one(db.read())
                .await?
            else {
                continue;
            };
            let ag = agreement_of(db, &a.id).await?;
            let reports = reports_of(db, &a.id).await?;
            let status = if reports.iter().any(|r| r.status == "accepted") {
                InitiativeStatus::Settled
            } else if reports.iter().any(|r| r.status == "submitted") {
                InitiativeStatus::Reported
            } else if ag.is_some_and(|a| a.status == "signed") {
                InitiativeStatus::InProgress
            } else {
                InitiativeStatus::Awarded
            };
            out.push(FundedInitiative {
                application_id: a.id,
                call_title: c.title.clone(),
                applicant_name: line.applicant_name,
                title: a.title,
                summary: a.summary,
                amount: line.awarded_amount,
                start_date: a.start_date,
                end_date: a.end_date,
                status,
            });
        }
    }
    Ok(out)
}

/// Queues a reminder for every signed agreement whose report is due within `days_before` days of
/// `today` and not yet submitted; each agreement is reminded once. Returns how many were queued.
pub async fn queue_report_reminders(
    db: &Db,
    today: Date,
    days_before: i64,
    now: Timestamp,
) -> Result<usize, StoreError> {
    let now_us = to_micros(now);
    let due = agreement::Entity::find()
        .filter(agreement::Column::Status.eq("signed"))
        .filter(agreement::Column::ReminderSent.eq(false))
        .all(db.read())
        .await?;
    let mut queued = 0;
    for a in due {
        let Ok(report_due) = a.report_due.parse::<Date>() else {
            continue;
        };
        let days_left = (report_due - today).get_days() as i64;
        if days_left > days_before || !reports_of(db, &a.application_id).await?.is_empty() {
            continue;
        }
        let Some(app) = application::Entity::find_by_id(a.application_id.clone())
            .one(db.read())
            .await?
        else {
            continue;
        };
        let txn = db.begin().await?;
        let reps = organisation_representative::Entity::find()
            .filter(
                organisation_representative::Column::OrganisationId.eq(app.organisation_id.clone()),
            )
            .all(&txn)
            .await?;
        for rep in reps {
            if let Some(u) = user::Entity::find_by_id(rep.user_id).one(&txn).await? {
                crate::outbox::enqueue(
                    &txn,
                    &u.email,
                    &format!("Przypomnienie: sprawozdanie do {}", domain::time::format_date(report_due, domain::Lang::Pl)),
                    &format!(
                        "Dzień dobry,\n\nsprawozdanie końcowe z inicjatywy „{}” (umowa {}) trzeba złożyć do {}.\n\
                         Niewykorzystane środki zwraca się do {}.\n\n— wspólnie",
                        app.title,
                        a.number,
                        domain::time::format_date(report_due, domain::Lang::Pl),
                        a.return_due
                    ),
                    now_us,
                )
                .await?;
            }
        }
        let number = a.number.clone();
        let mut am: agreement::ActiveModel = a.into();
        am.reminder_sent = Set(true);
        am.update(&txn).await?;
        audit::append(
            &txn,
            now_us,
            NewEntry {
                actor_user_id: None,
                municipality_id: Some(&app.municipality_id),
                action: "agreement.reminder",
                subject_type: "application",
                subject_id: Some(&app.id),
                details: json!({"number": number}),
            },
        )
        .await?;
        txn.commit().await?;
        queued += 1;
    }
    Ok(queued)
}

/// The organisations' names by id (for lists).
pub async fn organisation_name(db: &Db, id: &str) -> Result<String, StoreError> {
    Ok(organisation::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
        .map(|o| o.name)
        .unwrap_or_default())
}
