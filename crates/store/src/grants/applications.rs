use domain::Grosze;
use domain::grants::{ApplicationDraft, BudgetLine, SubmissionRules, check_submission};
use domain::organisations::OrganisationKind;
use domain::time::{from_micros, to_micros};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

use super::entities::{application, budget_line, call};
use super::{CallView, call_view, g};
use crate::audit::{self, NewEntry};
use crate::entities::{organisation, organisation_member, user};
use crate::error::is_unique_violation;
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use application::Model as Application;
pub use budget_line::Model as BudgetLineRow;

/// Longest free text in an application field.
pub const TEXT_MAX: usize = 10_000;

/// The fields of an application as sent; `None` leaves a field unchanged (PATCH) or empty (create).
#[derive(Clone, Debug, Default)]
pub struct ApplicationFields {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub place: Option<String>,
    pub need: Option<String>,
    pub target_group: Option<String>,
    pub activities: Option<String>,
    pub expected_results: Option<String>,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub requested_amount: Option<Grosze>,
    pub budget_lines: Option<Vec<(String, Option<Grosze>)>>,
    pub own_money: Option<Grosze>,
    pub own_in_kind: Option<Grosze>,
    pub own_volunteer_hours: Option<i32>,
    pub bank_account: Option<String>,
}

/// An application with its lines, call and applicant.
#[derive(Clone, Debug)]
pub struct ApplicationView {
    pub application: Application,
    pub budget_lines: Vec<BudgetLineRow>,
    pub call: CallView,
    pub organisation: organisation::Model,
}

impl ApplicationView {
    pub fn is_submitted(&self) -> bool {
        self.application.status == "submitted"
    }
    pub fn start(&self) -> Option<Date> {
        self.application
            .start_date
            .as_deref()
            .and_then(|d| d.parse().ok())
    }
    pub fn end(&self) -> Option<Date> {
        self.application
            .end_date
            .as_deref()
            .and_then(|d| d.parse().ok())
    }
    pub fn budget_total(&self) -> Grosze {
        Grosze::checked_sum(self.budget_lines.iter().map(|l| g(l.amount.unwrap_or(0))))
            .unwrap_or(Grosze::ZERO)
    }
}

/// The receipt of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub confirmation_number: String,
    pub submitted_at: Timestamp,
}

fn apply_fields(am: &mut application::ActiveModel, f: &ApplicationFields) {
    let t = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string());
    if let Some(v) = t(&f.title) {
        am.title = Set(v);
    }
    if let Some(v) = t(&f.summary) {
        am.summary = Set(v);
    }
    if let Some(v) = t(&f.place) {
        am.place = Set(v);
    }
    if let Some(v) = t(&f.need) {
        am.need = Set(v);
    }
    if let Some(v) = t(&f.target_group) {
        am.target_group = Set(v);
    }
    if let Some(v) = t(&f.activities) {
        am.activities = Set(v);
    }
    if let Some(v) = t(&f.expected_results) {
        am.expected_results = Set(v);
    }
    if let Some(d) = f.start_date {
        am.start_date = Set(Some(d.to_string()));
    }
    if let Some(d) = f.end_date {
        am.end_date = Set(Some(d.to_string()));
    }
    if let Some(a) = f.requested_amount {
        am.requested_amount = Set(Some(a.as_grosze()));
    }
    if let Some(a) = f.own_money {
        am.own_money = Set(a.as_grosze());
    }
    if let Some(a) = f.own_in_kind {
        am.own_in_kind = Set(a.as_grosze());
    }
    if let Some(h) = f.own_volunteer_hours {
        am.own_volunteer_hours = Set(h);
    }
    if let Some(b) = &f.bank_account {
        am.bank_account = Set(Some(b.clone()).filter(|s| !s.is_empty()));
    }
}

async fn replace_lines(
    txn: &impl ConnectionTrait,
    application_id: &str,
    lines: &[(String, Option<Grosze>)],
) -> Result<(), StoreError> {
    budget_line::Entity::delete_many()
        .filter(budget_line::Column::ApplicationId.eq(application_id))
        .exec(txn)
        .await?;
    for (i, (name, amount)) in lines.iter().enumerate() {
        budget_line::ActiveModel {
            id: Set(new_id()),
            application_id: Set(application_id.to_string()),
            position: Set(i as i32),
            name: Set(name.trim().to_string()),
            amount: Set(amount.map(|a| a.as_grosze())),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

fn deadline_conflict(c: &CallView) -> StoreError {
    let pl = domain::time::format_warsaw(c.closes_at(), domain::Lang::Pl);
    let en = domain::time::format_warsaw(c.closes_at(), domain::Lang::En);
    StoreError::conflict(
        "call",
        &format!(
            "Nabór został zamknięty {pl} (czasu warszawskiego). Wniosków nie można już składać ani zmieniać."
        ),
        &format!(
            "The call closed on {en} (Warsaw time). Applications can no longer be submitted or changed."
        ),
    )
}

/// Creates a draft application of an organisation in a published call (one per organisation and
/// call: a second is `409`). Audited.
pub async fn create_application(
    db: &Db,
    call_id: &str,
    organisation_id: &str,
    actor: &str,
    f: &ApplicationFields,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = call_view(&txn, call_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if !c.is_published() {
        return Err(StoreError::NotFound);
    }
    if now >= c.closes_at() {
        return Err(deadline_conflict(&c));
    }
    let org = organisation::Entity::find_by_id(organisation_id.to_string())
        .one(&txn)
        .await?
        .ok_or_else(|| {
            StoreError::invalid(
                "organisation_id",
                "Nie ma takiej organizacji.",
                "No such organisation.",
            )
        })?;
    let id = new_id();
    let mut am = application::ActiveModel {
        id: Set(id.clone()),
        call_id: Set(call_id.to_string()),
        organisation_id: Set(org.id.clone()),
        municipality_id: Set(c.call.municipality_id.clone()),
        created_by: Set(actor.to_string()),
        status: Set("draft".into()),
        formal_result: Set(None),
        formal_reason: Set(None),
        title: Set(String::new()),
        summary: Set(String::new()),
        place: Set(String::new()),
        need: Set(String::new()),
        target_group: Set(String::new()),
        activities: Set(String::new()),
        expected_results: Set(String::new()),
        start_date: Set(None),
        end_date: Set(None),
        requested_amount: Set(None),
        own_money: Set(0),
        own_in_kind: Set(0),
        own_volunteer_hours: Set(0),
        bank_account: Set(None),
        confirmation_number: Set(None),
        submitted_at: Set(None),
        created_at: Set(now_us),
        updated_at: Set(now_us),
    };
    apply_fields(&mut am, f);
    match am.insert(&txn).await {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::conflict(
                "organisation_id",
                "Ta organizacja złożyła już wniosek w tym naborze. Jedna organizacja może złożyć jeden wniosek.",
                "This organisation already has an application in this call. One application per organisation.",
            ));
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(lines) = &f.budget_lines {
        replace_lines(&txn, &id, lines).await?;
    }
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&c.call.municipality_id),
            action: "application.create",
            subject_type: "application",
            subject_id: Some(&id),
            details: json!({"call_id": call_id, "organisation_id": organisation_id}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Saves changes to a draft; `409` once submitted or after the deadline. Not audited: a draft is
/// the applicant's working copy; the submission is the decision that counts.
pub async fn update_application(
    db: &Db,
    id: &str,
    f: &ApplicationFields,
    now: Timestamp,
) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    let a = application::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if a.status != "draft" {
        return Err(StoreError::conflict(
            "status",
            "Wniosek został już złożony i nie można go zmieniać.",
            "The application has been submitted and can no longer be changed.",
        ));
    }
    let c = call_view(&txn, &a.call_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    if now >= c.closes_at() {
        return Err(deadline_conflict(&c));
    }
    let mut am: application::ActiveModel = a.into();
    apply_fields(&mut am, f);
    am.updated_at = Set(to_micros(now));
    am.update(&txn).await?;
    if let Some(lines) = &f.budget_lines {
        replace_lines(&txn, id, lines).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// An application with everything its page needs.
pub async fn application_view(
    conn: &impl ConnectionTrait,
    id: &str,
) -> Result<Option<ApplicationView>, StoreError> {
    let Some(a) = application::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let lines = budget_line::Entity::find()
        .filter(budget_line::Column::ApplicationId.eq(id))
        .order_by_asc(budget_line::Column::Position)
        .all(conn)
        .await?;
    let c = call_view(conn, &a.call_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let org = organisation::Entity::find_by_id(a.organisation_id.clone())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(Some(ApplicationView {
        application: a,
        budget_lines: lines,
        call: c,
        organisation: org,
    }))
}

fn draft_of(v: &ApplicationView) -> ApplicationDraft {
    ApplicationDraft {
        title: v.application.title.clone(),
        summary: v.application.summary.clone(),
        start_date: v.start(),
        end_date: v.end(),
        requested_amount: v.application.requested_amount.map(g),
        budget_lines: v
            .budget_lines
            .iter()
            .map(|l| BudgetLine {
                name: l.name.clone(),
                amount: l.amount.and_then(Grosze::from_grosze),
            })
            .collect(),
    }
}

/// What the submit path reads before it queues a submission: the application (its call without
/// the criteria, which submitting does not need), whether the user represents the applicant and
/// how many adult members the applicant has.
#[derive(Clone, Debug)]
pub struct SubmissionFacts {
    pub view: ApplicationView,
    pub is_representative: bool,
    pub adult_members: usize,
}

/// `t.col AS pre_col, …` for every column of an entity.
fn aliased<C: sea_orm::Iterable + sea_orm::IdenStatic>(table: &str, pre: &str) -> String {
    C::iter()
        .map(|c| format!("{table}.{0} AS {pre}{0}", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one query behind [`submission_facts`], built once per backend.
fn facts_sql(backend: sea_orm::DbBackend) -> &'static str {
    use std::sync::OnceLock;
    static SQLITE: OnceLock<String> = OnceLock::new();
    static PG: OnceLock<String> = OnceLock::new();
    let (cell, user, id) = match backend {
        sea_orm::DbBackend::Postgres => (&PG, "$1", "$2"),
        _ => (&SQLITE, "?1", "?2"),
    };
    cell.get_or_init(|| {
        format!(
            "SELECT {}, {}, {}, {}, {}, \
             (SELECT COUNT(*) FROM organisation_representatives r \
              WHERE r.organisation_id = a.organisation_id AND r.user_id = {user}) AS reps, \
             (SELECT COUNT(*) FROM organisation_members om \
              WHERE om.organisation_id = a.organisation_id AND om.adult) AS adults \
             FROM applications a JOIN calls c ON c.id = a.call_id \
             JOIN programmes p ON p.id = c.programme_id \
             JOIN municipalities m ON m.id = c.municipality_id \
             JOIN organisations o ON o.id = a.organisation_id WHERE a.id = {id}",
            aliased::<application::Column>("a", "a_"),
            aliased::<call::Column>("c", "c_"),
            aliased::<super::entities::programme::Column>("p", "p_"),
            aliased::<crate::entities::municipality::Column>("m", "m_"),
            aliased::<organisation::Column>("o", "o_"),
        )
    })
}

/// Reads [`SubmissionFacts`] in two queries (the joined rows, the budget lines); `None` for an
/// unknown application.
pub async fn submission_facts(
    db: &Db,
    id: &str,
    user_id: &str,
) -> Result<Option<SubmissionFacts>, StoreError> {
    use sea_orm::FromQueryResult;
    if let Some(lite) = db.lite() {
        return lite.read(|c| submission_facts_lite(c, id, user_id));
    }
    let conn = db.read();
    let backend = conn.get_database_backend();
    let Some(row) = conn
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            facts_sql(backend),
            [user_id.into(), id.into()],
        ))
        .await?
    else {
        return Ok(None);
    };
    let lines = budget_line::Entity::find()
        .filter(budget_line::Column::ApplicationId.eq(id))
        .order_by_asc(budget_line::Column::Position)
        .all(conn)
        .await?;
    let reps: i64 = row.try_get("", "reps")?;
    let adults: i64 = row.try_get("", "adults")?;
    Ok(Some(SubmissionFacts {
        view: ApplicationView {
            application: application::Model::from_query_result(&row, "a_")?,
            budget_lines: lines,
            call: CallView {
                call: call::Model::from_query_result(&row, "c_")?,
                criteria: Vec::new(),
                programme: super::entities::programme::Model::from_query_result(&row, "p_")?,
                municipality: crate::entities::municipality::Model::from_query_result(&row, "m_")?,
            },
            organisation: organisation::Model::from_query_result(&row, "o_")?,
        },
        is_representative: reps > 0,
        adult_members: adults.max(0) as usize,
    }))
}

/// The caller of a submission and its [`SubmissionFacts`], from the bearer token: `None` when
/// the token is not valid (expired, revoked, a disabled account), else the user and the facts
/// (`None` for an unknown application). On SQLite both reads share one read transaction on one
/// plain connection (one snapshot, one pool checkout) — the hottest path at a deadline.
pub async fn submitter_and_facts(
    db: &Db,
    token: &str,
    id: &str,
    now: Timestamp,
) -> Result<Option<(crate::accounts::User, Option<SubmissionFacts>)>, StoreError> {
    if let Some(lite) = db.lite() {
        let hash = crate::accounts::token_hash(token);
        return lite.read(|c| {
            let Some(user) = crate::accounts::user_by_token_hash_on(c, &hash, now)? else {
                return Ok(None);
            };
            let facts = submission_facts_lite(c, id, &user.id)?;
            Ok(Some((user, facts)))
        });
    }
    let Some(user) = crate::accounts::user_by_token(db, token, now).await? else {
        return Ok(None);
    };
    let facts = submission_facts(db, id, &user.id).await?;
    Ok(Some((user, facts)))
}

/// [`submission_facts`] on a plain SQLite connection (see `crate::lite`): the same query, the
/// same models.
fn submission_facts_lite(
    c: &rusqlite::Connection,
    id: &str,
    user_id: &str,
) -> Result<Option<SubmissionFacts>, StoreError> {
    use super::entities::programme;
    use crate::entities::municipality;
    use crate::lite::{model_at, query};
    let rows = query(
        c,
        facts_sql(sea_orm::DbBackend::Sqlite),
        (user_id, id),
        |r| {
            let (a, i) = model_at::<application::Entity>(r, 0)?;
            let (cl, i) = model_at::<call::Entity>(r, i)?;
            let (p, i) = model_at::<programme::Entity>(r, i)?;
            let (m, i) = model_at::<municipality::Entity>(r, i)?;
            let (o, i) = model_at::<organisation::Entity>(r, i)?;
            let count = |i| -> Result<i64, StoreError> {
                r.get::<_, i64>(i)
                    .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("sqlite: {e}"))))
            };
            Ok((a, cl, p, m, o, count(i)?, count(i + 1)?))
        },
    )?;
    let Some((application, call, programme, municipality, organisation, reps, adults)) =
        rows.into_iter().next()
    else {
        return Ok(None);
    };
    let lines_sql = {
        use std::sync::OnceLock;
        static SQL: OnceLock<String> = OnceLock::new();
        SQL.get_or_init(|| {
            format!(
                "SELECT {} FROM budget_lines b WHERE b.application_id = ?1 ORDER BY b.position",
                aliased::<budget_line::Column>("b", "b_")
            )
        })
    };
    let budget_lines = query(c, lines_sql, [id], |r| {
        Ok(model_at::<budget_line::Entity>(r, 0)?.0)
    })?;
    Ok(Some(SubmissionFacts {
        view: ApplicationView {
            application,
            budget_lines,
            call: CallView {
                call,
                criteria: Vec::new(),
                programme,
                municipality,
            },
            organisation,
        },
        is_representative: reps > 0,
        adult_members: adults.max(0) as usize,
    }))
}

/// The checks of a submission received at `now`: the receipt if it was submitted already, an
/// error if the window is closed or a rule of the call is broken, `None` if it may go on.
pub fn precheck(
    v: &ApplicationView,
    adult_members: usize,
    now: Timestamp,
) -> Result<Option<Receipt>, StoreError> {
    if let (Some(n), Some(at)) = (
        &v.application.confirmation_number,
        v.application.submitted_at,
    ) {
        return Ok(Some(Receipt {
            confirmation_number: n.clone(),
            submitted_at: from_micros(at),
        }));
    }
    let c = &v.call;
    if now < c.opens_at() {
        let pl = domain::time::format_warsaw(c.opens_at(), domain::Lang::Pl);
        let en = domain::time::format_warsaw(c.opens_at(), domain::Lang::En);
        return Err(StoreError::conflict(
            "call",
            &format!(
                "Nabór otwiera się {pl} (czasu warszawskiego). Wniosek można złożyć od tej chwili."
            ),
            &format!("The call opens on {en} (Warsaw time). You can submit from then on."),
        ));
    }
    if now >= c.closes_at() {
        return Err(deadline_conflict(c));
    }
    let kind = OrganisationKind::parse(&v.organisation.kind).unwrap_or(OrganisationKind::Ngo);
    let errors = check_submission(
        &draft_of(v),
        &SubmissionRules {
            min_grant: g(c.call.min_grant),
            max_grant: g(c.call.max_grant),
            applicant_kinds: c.applicant_kinds(),
            applicant_kind: kind,
            adult_members,
        },
    );
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    Ok(None)
}

fn confirmation_number(year: i32, call_id: &str, n: i64) -> String {
    let suffix = call_id.get(20..).unwrap_or(call_id).to_uppercase();
    format!("{year}-{suffix}-{n:04}")
}

fn confirmation_mail(
    number: &str,
    title: &str,
    call: &str,
    municipality: &str,
    now: Timestamp,
) -> (String, String) {
    let when = domain::time::format_warsaw(now, domain::Lang::Pl);
    (
        format!("Potwierdzenie złożenia wniosku {number}"),
        format!(
            "Dzień dobry,\n\nwniosek „{title}” w naborze „{call}” został złożony {when} (czas serwera, Warszawa).\n\
             Numer potwierdzenia: {number}\n\nZachowaj tę wiadomość.\n\n— wspólnie, {municipality}"
        ),
    )
}

/// Submits a draft inside `txn` (the caller commits): checks the window in the server's time,
/// every rule of the call, numbers the receipt and queues the confirmation e-mail. Repeating it
/// returns the same receipt.
pub async fn submit_in(
    txn: &impl ConnectionTrait,
    id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Receipt, StoreError> {
    let v = application_view(txn, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    let adults = organisation_member::Entity::find()
        .filter(organisation_member::Column::OrganisationId.eq(v.organisation.id.clone()))
        .filter(organisation_member::Column::Adult.eq(true))
        .count(txn)
        .await? as usize;
    if let Some(r) = precheck(&v, adults, now)? {
        return Ok(r);
    }
    let c = &v.call;
    let now_us = to_micros(now);
    let backend = txn.get_database_backend();
    let counter = txn
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DbBackend::Postgres => {
                    "UPDATE calls SET submitted_count = submitted_count + 1 WHERE id = $1 \
                     RETURNING submitted_count"
                }
                _ => {
                    "UPDATE calls SET submitted_count = submitted_count + 1 WHERE id = ? \
                     RETURNING submitted_count"
                }
            },
            [c.call.id.clone().into()],
        ))
        .await?
        .ok_or(StoreError::NotFound)?;
    let n: i32 = counter.try_get("", "submitted_count")?;
    let number = confirmation_number(c.programme.year, &c.call.id, n.into());
    let municipality_id = v.application.municipality_id.clone();
    let title = v.application.title.clone();
    let (subject, body) =
        confirmation_mail(&number, &title, &c.call.title, &c.municipality.name, now);
    let mut am: application::ActiveModel = v.application.into();
    am.status = Set("submitted".into());
    am.confirmation_number = Set(Some(number.clone()));
    am.submitted_at = Set(Some(now_us));
    am.updated_at = Set(now_us);
    am.update(txn).await?;
    audit::append(
        txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "application.submit",
            subject_type: "application",
            subject_id: Some(id),
            details: json!({"confirmation_number": number}),
        },
    )
    .await?;
    if let Some(u) = user::Entity::find_by_id(actor.to_string()).one(txn).await? {
        crate::outbox::enqueue(txn, &u.email, &subject, &body, now_us).await?;
    }
    Ok(Receipt {
        confirmation_number: number,
        submitted_at: now,
    })
}

/// A submission whose facts were read and checked before it was queued (see [`precheck`]): the
/// writer only has to make sure nothing changed since and write it.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub application_id: String,
    /// The draft's `updated_at` when it was read and checked.
    pub read_version: i64,
    pub call_id: String,
    pub year: i32,
    pub municipality_id: String,
    pub municipality_name: String,
    pub title: String,
    pub call_title: String,
    pub actor_id: String,
    pub actor_email: String,
    pub received_at: Timestamp,
}

impl Prepared {
    pub fn new(
        v: &ApplicationView,
        actor_id: &str,
        actor_email: &str,
        received_at: Timestamp,
    ) -> Prepared {
        Prepared {
            application_id: v.application.id.clone(),
            read_version: v.application.updated_at,
            call_id: v.call.call.id.clone(),
            year: v.call.programme.year,
            municipality_id: v.application.municipality_id.clone(),
            municipality_name: v.call.municipality.name.clone(),
            title: v.application.title.clone(),
            call_title: v.call.call.title.clone(),
            actor_id: actor_id.to_string(),
            actor_email: actor_email.to_string(),
            received_at,
        }
    }
}

/// Writes prepared submissions inside `txn` (the caller commits) in a fixed handful of
/// statements whatever the batch's size: one read of the batch's drafts and calls (locked on
/// PostgreSQL), then per table one multi-row statement — the guarded UPDATE of the applications
/// (still a draft, unchanged since it was checked, call still open at its receive time), the audit
/// entries, the e-mails — and the call counters and the audit head once. `None` for a submission
/// whose draft changed in between (or that comes twice in the batch): the caller runs the full
/// [`submit_in`] for it.
pub async fn submit_prepared_in(
    txn: &impl crate::exec::Exec,
    jobs: &[&Prepared],
) -> Result<Vec<Option<Receipt>>, StoreError> {
    use crate::exec::{Col, get};
    use std::collections::{HashMap, HashSet};
    let backend = txn.backend();
    let pg = backend == sea_orm::DbBackend::Postgres;
    let mut out: Vec<Option<Receipt>> = Vec::with_capacity(jobs.len());
    if jobs.is_empty() {
        return Ok(out);
    }
    let mut cursor = audit::Cursor::claim(txn).await?;

    // 1. What the guard needs, for every draft of the batch.
    struct Current {
        status: String,
        updated_at: i64,
        closes_at: i64,
        submitted_count: i64,
        call_id: String,
    }
    let mut current: HashMap<String, Current> = HashMap::with_capacity(jobs.len());
    let ids: Vec<&str> = {
        let mut seen = HashSet::with_capacity(jobs.len());
        jobs.iter()
            .map(|j| j.application_id.as_str())
            .filter(|id| seen.insert(*id))
            .collect()
    };
    for chunk in ids.chunks(crate::rows::chunk_rows(1)) {
        let list = crate::rows::placeholders(backend, chunk.len(), 1, 1);
        let sql = format!(
            "SELECT a.id, a.status, a.updated_at, a.call_id, c.closes_at, c.submitted_count \
             FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.id IN ({}){}",
            list.replace(['(', ')'], ""),
            if pg { " FOR UPDATE" } else { "" }
        );
        let rows = txn
            .rows(
                &sql,
                chunk
                    .iter()
                    .map(|id| sea_orm::Value::from(id.to_string()))
                    .collect(),
                &[
                    Col::Text,
                    Col::Text,
                    Col::I64,
                    Col::Text,
                    Col::I64,
                    Col::I32,
                ],
            )
            .await?;
        for r in rows {
            let count: i32 = get(&r, 5)?;
            current.insert(
                get(&r, 0)?,
                Current {
                    status: get(&r, 1)?,
                    updated_at: get(&r, 2)?,
                    call_id: get(&r, 3)?,
                    closes_at: get(&r, 4)?,
                    submitted_count: count.into(),
                },
            );
        }
    }

    // 2. The guard and the numbers, in the batch's order.
    // call id -> (count read, count now)
    let mut counters: HashMap<String, (i64, i64)> = HashMap::new();
    let mut taken: HashSet<&str> = HashSet::with_capacity(jobs.len());
    let mut updates: Vec<(&Prepared, String, i64)> = Vec::with_capacity(jobs.len());
    for j in jobs {
        let at = to_micros(j.received_at);
        let ok = current.get(&j.application_id).is_some_and(|c| {
            c.status == "draft"
                && c.updated_at == j.read_version
                && c.closes_at > at
                && c.call_id == j.call_id
        }) && taken.insert(j.application_id.as_str());
        if !ok {
            out.push(None);
            continue;
        }
        let read = current[&j.application_id].submitted_count;
        let entry = counters.entry(j.call_id.clone()).or_insert((read, read));
        entry.1 += 1;
        let number = confirmation_number(j.year, &j.call_id, entry.1);
        out.push(Some(Receipt {
            confirmation_number: number.clone(),
            submitted_at: j.received_at,
        }));
        updates.push((j, number, at));
    }
    if updates.is_empty() {
        return Ok(out);
    }

    // 3. The applications: one UPDATE … FROM (VALUES …) per chunk; the guard is repeated in it.
    for chunk in updates.chunks(crate::rows::chunk_rows(4)) {
        let sql = format!(
            "UPDATE applications SET status = 'submitted', confirmation_number = v.column2, \
             submitted_at = v.column3, updated_at = v.column3 FROM (VALUES {}) AS v \
             WHERE applications.id = v.column1 AND applications.status = 'draft' \
             AND applications.updated_at = v.column4",
            crate::rows::placeholders(backend, chunk.len(), 4, 1)
        );
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 4);
        for (j, number, at) in chunk {
            values.extend([
                j.application_id.clone().into(),
                number.clone().into(),
                (*at).into(),
                j.read_version.into(),
            ]);
        }
        let done = txn.exec(&sql, values).await?;
        if done != chunk.len() as u64 {
            // Cannot happen inside the writer's transaction (the rows were read, and on
            // PostgreSQL locked, above); the caller rolls the batch back and retries each alone.
            return Err(StoreError::Db(sea_orm::DbErr::Custom(format!(
                "batch submission updated {done} of {} drafts",
                chunk.len()
            ))));
        }
    }

    // 4. The audit entries and the e-mails.
    let entries: Vec<(i64, NewEntry<'_>)> = updates
        .iter()
        .map(|(j, number, at)| {
            (
                *at,
                NewEntry {
                    actor_user_id: Some(&j.actor_id),
                    municipality_id: Some(&j.municipality_id),
                    action: "application.submit",
                    subject_type: "application",
                    subject_id: Some(&j.application_id),
                    details: json!({"confirmation_number": number}),
                },
            )
        })
        .collect();
    cursor.insert_all(txn, &entries).await?;
    let mails: Vec<(&str, String, String, i64)> = updates
        .iter()
        .map(|(j, number, at)| {
            let (subject, body) = confirmation_mail(
                number,
                &j.title,
                &j.call_title,
                &j.municipality_name,
                j.received_at,
            );
            (j.actor_email.as_str(), subject, body, *at)
        })
        .collect();
    crate::outbox::enqueue_all(txn, &mails).await?;

    // 5. The counters and the audit head.
    for (call_id, (read, now)) in counters {
        if read != now {
            txn.exec(
                if pg {
                    "UPDATE calls SET submitted_count = $1 WHERE id = $2"
                } else {
                    "UPDATE calls SET submitted_count = ? WHERE id = ?"
                },
                vec![(now as i32).into(), call_id.into()],
            )
            .await?;
        }
    }
    cursor.flush(txn).await?;
    Ok(out)
}

/// SQLite: [`submit_prepared_in`] in a transaction of its own on the plain writer connection
/// (see `crate::lite`), committed before it returns — statements without a hand-over to another
/// thread, so the batch does not wait for the scheduler between them. Blocks the calling thread
/// (the submission writer's). `None` on PostgreSQL: there the caller uses its own transaction.
pub fn submit_prepared_sync(
    db: &Db,
    jobs: &[&Prepared],
) -> Option<Result<Vec<Option<Receipt>>, StoreError>> {
    let lite = db.lite()?;
    Some(
        lite.write(|conn| {
            crate::lite::ready(submit_prepared_in(&crate::exec::LiteTx(conn), jobs))?
        }),
    )
}

/// Submits in its own transaction; the receipt exists only after the commit.
pub async fn submit(db: &Db, id: &str, actor: &str, now: Timestamp) -> Result<Receipt, StoreError> {
    let txn = db.begin().await?;
    let r = submit_in(&txn, id, actor, now).await?;
    txn.commit().await?;
    Ok(r)
}

/// Applications of a call (drafts included, for officers), by submission time.
pub async fn applications_of_call(
    db: &Db,
    call_id: &str,
) -> Result<Vec<(Application, organisation::Model)>, StoreError> {
    let apps = application::Entity::find()
        .filter(application::Column::CallId.eq(call_id))
        .order_by_asc(application::Column::SubmittedAt)
        .order_by_asc(application::Column::CreatedAt)
        .all(db.read())
        .await?;
    with_orgs(db, apps).await
}

/// Applications of the organisations a user represents, newest first.
pub async fn applications_of_user(
    db: &Db,
    user_id: &str,
) -> Result<Vec<(Application, organisation::Model)>, StoreError> {
    let orgs: Vec<String> = crate::organisations::of_user(db, user_id)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    if orgs.is_empty() {
        return Ok(Vec::new());
    }
    let apps = application::Entity::find()
        .filter(application::Column::OrganisationId.is_in(orgs))
        .order_by_desc(application::Column::CreatedAt)
        .all(db.read())
        .await?;
    with_orgs(db, apps).await
}

/// Pairs applications with their organisations (one query for all organisations).
async fn with_orgs(
    db: &Db,
    apps: Vec<Application>,
) -> Result<Vec<(Application, organisation::Model)>, StoreError> {
    let ids: Vec<String> = apps.iter().map(|a| a.organisation_id.clone()).collect();
    let orgs = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db.read())
        .await?;
    Ok(apps
        .into_iter()
        .filter_map(|a| {
            let o = orgs.iter().find(|o| o.id == a.organisation_id)?.clone();
            Some((a, o))
        })
        .collect())
}

/// Records the formal check of a submitted application; `409` if it is not submitted. Audited.
pub async fn formal_check(
    db: &Db,
    id: &str,
    passed: bool,
    reason: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let a = application::Entity::find_by_id(id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if a.status != "submitted" {
        return Err(StoreError::conflict(
            "status",
            "Ocenę formalną można przeprowadzić tylko dla złożonego wniosku.",
            "Only a submitted application can be checked formally.",
        ));
    }
    let results_status = call::Entity::find_by_id(a.call_id.clone())
        .one(&txn)
        .await?
        .map(|c| c.results_status)
        .unwrap_or_default();
    if results_status == "published" {
        return Err(StoreError::conflict(
            "status",
            "Wyniki naboru zostały opublikowane; ocena formalna jest zamknięta.",
            "The call's results are published; the formal check is closed.",
        ));
    }
    let before = a.formal_result.clone();
    let municipality_id = a.municipality_id.clone();
    let mut am: application::ActiveModel = a.into();
    let result = if passed { "passed" } else { "failed" };
    am.formal_result = Set(Some(result.into()));
    am.formal_reason = Set(Some(reason.trim().to_string()).filter(|r| !r.is_empty()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&municipality_id),
            action: "application.formal_check",
            subject_type: "application",
            subject_id: Some(id),
            details: json!({"before": before, "after": result, "reason": reason}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
