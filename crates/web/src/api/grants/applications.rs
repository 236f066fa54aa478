//! `/calls/{id}/applications`, `/applications/{id}` (+ submit, formal check).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::grants::{ApplicationFields, ApplicationView, TEXT_MAX};
use utoipa::ToSchema;

use super::{
    Parse, amount, instant, is_officer, is_representative, readable_application, visible_call,
};
use crate::AppState;
use crate::auth::{ApiUser, BearerToken};
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Deserialize, Serialize, ToSchema, Clone)]
pub struct BudgetLineIn {
    pub name: Option<String>,
    /// "1500.00"
    pub amount: Option<String>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct OwnContributionIn {
    pub money: Option<String>,
    pub in_kind: Option<String>,
    pub volunteer_hours: Option<i64>,
}

#[derive(Deserialize, ToSchema, Default)]
pub struct ApplicationIn {
    /// Required when creating.
    pub organisation_id: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub place: Option<String>,
    pub need: Option<String>,
    pub target_group: Option<String>,
    pub activities: Option<String>,
    pub expected_results: Option<String>,
    /// YYYY-MM-DD
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub requested_amount: Option<String>,
    pub budget_lines: Option<Vec<BudgetLineIn>>,
    pub own_contribution: Option<OwnContributionIn>,
    /// Polish IBAN for the agreement (optional in the application).
    pub bank_account: Option<String>,
}

/// Parses the fields of an application; every format problem is a field error.
pub fn parse_fields(input: &ApplicationIn, p: &mut Parse) -> ApplicationFields {
    let own = input.own_contribution.as_ref();
    let hours = own.and_then(|o| o.volunteer_hours);
    if hours.is_some_and(|h| !(0..=100_000).contains(&h)) {
        p.errors.push(domain::FieldError::with_messages(
            "own_contribution.volunteer_hours",
            "Liczba godzin wolontariatu to liczba od 0 do 100 000.",
            "Volunteer hours must be a number from 0 to 100,000.",
        ));
    }
    let bank_account = match input.bank_account.as_deref().map(str::trim) {
        Some("") => Some(String::new()),
        Some(b) => domain::ids::PolishIban::parse(b)
            .map(|i| i.as_str().to_string())
            .map_err(|e| p.errors.push(domain::FieldError::new("bank_account", &e)))
            .ok(),
        None => None,
    };
    ApplicationFields {
        title: p.text("title", input.title.as_deref(), 300),
        summary: p.text("summary", input.summary.as_deref(), TEXT_MAX),
        place: p.text("place", input.place.as_deref(), 1000),
        need: p.text("need", input.need.as_deref(), TEXT_MAX),
        target_group: p.text("target_group", input.target_group.as_deref(), TEXT_MAX),
        activities: p.text("activities", input.activities.as_deref(), TEXT_MAX),
        expected_results: p.text(
            "expected_results",
            input.expected_results.as_deref(),
            TEXT_MAX,
        ),
        start_date: p.date("start_date", input.start_date.as_deref()),
        end_date: p.date("end_date", input.end_date.as_deref()),
        requested_amount: p.money("requested_amount", input.requested_amount.as_deref()),
        budget_lines: input.budget_lines.as_ref().map(|lines| {
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let name = l.name.clone().unwrap_or_default();
                    if name.chars().count() > 300 {
                        p.errors.push(domain::FieldError::with_messages(
                            format!("budget_lines[{i}].name"),
                            "Nazwa pozycji może mieć do 300 znaków.",
                            "A line name may have up to 300 characters.",
                        ));
                    }
                    (
                        name,
                        p.money(&format!("budget_lines[{i}].amount"), l.amount.as_deref()),
                    )
                })
                .collect()
        }),
        own_money: p.money(
            "own_contribution.money",
            own.and_then(|o| o.money.as_deref()),
        ),
        own_in_kind: p.money(
            "own_contribution.in_kind",
            own.and_then(|o| o.in_kind.as_deref()),
        ),
        own_volunteer_hours: hours
            .filter(|h| (0..=100_000).contains(h))
            .map(|h| h as i32),
        bank_account,
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineOut {
    pub name: String,
    pub amount: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OwnContributionOut {
    pub money: String,
    pub in_kind: String,
    pub volunteer_hours: i32,
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationOut {
    pub id: String,
    pub call_id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    /// `draft` or `submitted`.
    pub status: String,
    /// `passed`, `failed` or null while not checked.
    pub formal_result: Option<String>,
    pub formal_reason: Option<String>,
    pub title: String,
    pub summary: String,
    pub place: String,
    pub need: String,
    pub target_group: String,
    pub activities: String,
    pub expected_results: String,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub requested_amount: Option<String>,
    pub budget_lines: Vec<BudgetLineOut>,
    pub budget_total: String,
    pub own_contribution: OwnContributionOut,
    pub bank_account: Option<String>,
    pub confirmation_number: Option<String>,
    pub submitted_at: Option<String>,
}

pub fn application_out(v: &ApplicationView) -> ApplicationOut {
    let a = &v.application;
    ApplicationOut {
        id: a.id.clone(),
        call_id: a.call_id.clone(),
        organisation_id: a.organisation_id.clone(),
        organisation_name: v.organisation.name.clone(),
        status: a.status.clone(),
        formal_result: a.formal_result.clone(),
        formal_reason: a.formal_reason.clone(),
        title: a.title.clone(),
        summary: a.summary.clone(),
        place: a.place.clone(),
        need: a.need.clone(),
        target_group: a.target_group.clone(),
        activities: a.activities.clone(),
        expected_results: a.expected_results.clone(),
        start_date: a.start_date.clone(),
        end_date: a.end_date.clone(),
        requested_amount: a.requested_amount.map(amount),
        budget_lines: v
            .budget_lines
            .iter()
            .map(|l| BudgetLineOut {
                name: l.name.clone(),
                amount: l.amount.map(amount),
            })
            .collect(),
        budget_total: v.budget_total().to_string(),
        own_contribution: OwnContributionOut {
            money: amount(a.own_money),
            in_kind: amount(a.own_in_kind),
            volunteer_hours: a.own_volunteer_hours,
        },
        bank_account: a.bank_account.clone(),
        confirmation_number: a.confirmation_number.clone(),
        submitted_at: a.submitted_at.map(instant),
    }
}

/// Starts a draft for an organisation the user represents (shared with the page).
pub async fn start_application(
    state: &AppState,
    user: &User,
    call_id: &str,
    organisation_id: Option<&str>,
    fields: &ApplicationFields,
) -> Result<String, ApiError> {
    visible_call(state, call_id, Some(user)).await?;
    let Some(org_id) = organisation_id.filter(|o| store::ids::looks_like_id(o)) else {
        return Err(ApiError::Invalid(vec![domain::FieldError::with_messages(
            "organisation_id",
            "Wybierz organizację lub grupę, w której imieniu składasz wniosek.",
            "Choose the organisation or group you apply for.",
        )]));
    };
    if !is_representative(state, org_id, user).await? {
        return Err(ApiError::Forbidden);
    }
    Ok(
        store::grants::create_application(
            &state.db,
            call_id,
            org_id,
            &user.id,
            fields,
            state.now(),
        )
        .await?,
    )
}

/// Start a draft application (drafts may be incomplete).
#[utoipa::path(post, path = "/calls/{id}/applications", tag = "microgrants", request_body = ApplicationIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 201, body = ApplicationOut), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(call_id): Path<String>,
    ApiJson(input): ApiJson<ApplicationIn>,
) -> Result<(StatusCode, Json<ApplicationOut>), ApiError> {
    let mut p = Parse::default();
    let fields = parse_fields(&input, &mut p);
    p.finish()?;
    let id = start_application(
        &state,
        &user,
        &call_id,
        input.organisation_id.as_deref(),
        &fields,
    )
    .await?;
    let v = store::grants::application_view(state.db.read(), &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(application_out(&v))))
}

/// The application if the user represents its applicant (only they may change or submit it).
pub async fn own_application(
    state: &AppState,
    id: &str,
    user: &User,
) -> Result<ApplicationView, ApiError> {
    let v = readable_application(state, id, user).await?;
    if !is_representative(state, &v.organisation.id, user).await? {
        return Err(ApiError::Forbidden);
    }
    Ok(v)
}

/// Update a draft; `409` once submitted.
#[utoipa::path(patch, path = "/applications/{id}", tag = "microgrants", request_body = ApplicationIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ApplicationOut), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ApplicationIn>,
) -> Result<Json<ApplicationOut>, ApiError> {
    own_application(&state, &id, &user).await?;
    let mut p = Parse::default();
    let fields = parse_fields(&input, &mut p);
    p.finish()?;
    store::grants::update_application(&state.db, &id, &fields, state.now()).await?;
    let v = store::grants::application_view(state.db.read(), &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(application_out(&v)))
}

/// Submit: returns the receipt (the same on repetition). `409` outside the window, `422` when a
/// rule of the call is broken.
#[utoipa::path(post, path = "/applications/{id}/submit", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ApplicationOut), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn submit(
    State(state): State<AppState>,
    BearerToken(token): BearerToken,
    Path(id): Path<String>,
) -> Result<Json<ApplicationOut>, ApiError> {
    if !store::ids::looks_like_id(&id) {
        // 401 before 404, as for every other route.
        store::accounts::user_by_token(&state.db, &token, state.now())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        return Err(ApiError::NotFound);
    }
    // One read of the caller and of what submitting needs; the checks run here, on the many
    // request tasks, so the single writer only guards and writes (see `submit_queue`).
    let (user, facts) = store::grants::submitter_and_facts(&state.db, &token, &id, state.now())
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let facts = facts.ok_or(ApiError::NotFound)?;
    if !facts.is_representative {
        // 404 or 403, exactly as for reading it.
        own_application(&state, &id, &user).await?;
        return Err(ApiError::Forbidden);
    }
    let received_at = state.now();
    let mut v = facts.view;
    if store::grants::precheck(&v, facts.adult_members, received_at)?.is_some() {
        return Ok(Json(application_out(&v)));
    }
    let prepared = store::grants::Prepared::new(&v, &user.id, user.email.as_str(), received_at);
    let done = crate::submit_queue::submit_prepared(&state, prepared).await?;
    if done.fresh {
        let at = domain::time::to_micros(done.receipt.submitted_at);
        v.application.status = "submitted".into();
        v.application.confirmation_number = Some(done.receipt.confirmation_number);
        v.application.submitted_at = Some(at);
        v.application.updated_at = at;
    } else {
        v = store::grants::application_view(state.db.read(), &id)
            .await?
            .ok_or(ApiError::NotFound)?;
    }
    Ok(Json(application_out(&v)))
}

/// An application: its representatives, the municipality's officers, committee members who
/// declared no conflict for it; `404` for everyone else.
#[utoipa::path(get, path = "/applications/{id}", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = ApplicationOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ApplicationOut>, ApiError> {
    let v = readable_application(&state, &id, &user).await?;
    Ok(Json(application_out(&v)))
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationSummary {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub title: String,
    pub status: String,
    pub formal_result: Option<String>,
    pub requested_amount: Option<String>,
    pub confirmation_number: Option<String>,
    pub submitted_at: Option<String>,
}

/// Every application of a call with its status (officers).
#[utoipa::path(get, path = "/calls/{id}/applications", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = Vec<ApplicationSummary>), (status = 403, body = Problem)))]
pub async fn list_for_call(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<ApplicationSummary>>, ApiError> {
    let c = visible_call(&state, &id, Some(&user)).await?;
    if !is_officer(&user, &c.call.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let apps = store::grants::applications_of_call(&state.db, &id).await?;
    Ok(Json(
        apps.into_iter()
            .map(|(a, o)| ApplicationSummary {
                id: a.id,
                organisation_id: o.id,
                organisation_name: o.name,
                title: a.title,
                status: a.status,
                formal_result: a.formal_result,
                requested_amount: a.requested_amount.map(amount),
                confirmation_number: a.confirmation_number,
                submitted_at: a.submitted_at.map(instant),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct FormalCheckIn {
    /// `passed` or `failed`.
    pub result: Option<String>,
    /// Shown to the applicant; required when failed.
    pub reason: Option<String>,
}

/// Validates and records a formal check (shared with the page).
pub async fn do_formal_check(
    state: &AppState,
    user: &User,
    id: &str,
    result: Option<&str>,
    reason: &str,
) -> Result<(), ApiError> {
    let v = readable_application(state, id, user).await?;
    if !is_officer(user, &v.application.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let passed = match result {
        Some("passed") => true,
        Some("failed") => false,
        _ => {
            return Err(ApiError::Invalid(vec![domain::FieldError::with_messages(
                "result",
                "Wynik oceny formalnej to „passed” (pozytywna) albo „failed” (negatywna).",
                "The result is \"passed\" or \"failed\".",
            )]));
        }
    };
    if !passed && reason.trim().is_empty() {
        return Err(ApiError::Invalid(vec![domain::FieldError::with_messages(
            "reason",
            "Podaj powód negatywnej oceny formalnej — zobaczy go wnioskodawca.",
            "Give the reason for the failed check — the applicant will see it.",
        )]));
    }
    if reason.chars().count() > TEXT_MAX {
        return Err(ApiError::Invalid(vec![domain::FieldError::with_messages(
            "reason",
            "Uzasadnienie jest za długie.",
            "The reason is too long.",
        )]));
    }
    store::grants::formal_check(&state.db, id, passed, reason, &user.id, state.now()).await?;
    Ok(())
}

/// Record the formal check (reason visible to the applicant). `409` if not submitted.
#[utoipa::path(post, path = "/applications/{id}/formal-check", tag = "microgrants", request_body = FormalCheckIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ApplicationOut), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn formal_check(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<FormalCheckIn>,
) -> Result<Json<ApplicationOut>, ApiError> {
    do_formal_check(
        &state,
        &user,
        &id,
        input.result.as_deref(),
        input.reason.as_deref().unwrap_or(""),
    )
    .await?;
    let v = store::grants::application_view(state.db.read(), &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(application_out(&v)))
}
