//! Agreements (`/applications/{id}/agreement…`) and reports (`/applications/{id}/reports`,
//! `/reports/{id}/…`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use domain::Grosze;
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::grants::{Agreement, ApplicationView, Report, ReportInput};
use utoipa::ToSchema;

use super::{Parse, amount, instant, is_officer, is_representative, readable_application};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, ApiJson, Problem};

#[derive(Serialize, ToSchema)]
pub struct AgreementOut {
    pub application_id: String,
    pub number: String,
    /// `draft` or `signed`.
    pub status: String,
    pub amount: String,
    pub bank_account: String,
    /// YYYY-MM-DD: end of the initiative + 30 days.
    pub report_due: String,
    /// YYYY-MM-DD: unspent money returned by then (end + 15 days).
    pub return_due: String,
    pub signed_at: Option<String>,
    /// Where to download the accessible PDF.
    pub pdf: String,
}

pub fn agreement_out(a: &Agreement) -> AgreementOut {
    AgreementOut {
        application_id: a.application_id.clone(),
        number: a.number.clone(),
        status: a.status.clone(),
        amount: amount(a.amount),
        bank_account: a.bank_account.clone(),
        report_due: a.report_due.clone(),
        return_due: a.return_due.clone(),
        signed_at: a.signed_at.map(instant),
        pdf: format!("/api/v1/applications/{}/agreement.pdf", a.application_id),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AgreementIn {
    /// The grantee's Polish IBAN; defaults to the one in the application.
    pub bank_account: Option<String>,
}

/// Prepares the agreement (officer), shared with the page.
pub async fn prepare(
    state: &AppState,
    user: &User,
    id: &str,
    bank_account: Option<&str>,
) -> Result<Agreement, ApiError> {
    let v = readable_application(state, id, user).await?;
    if !is_officer(user, &v.application.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let raw = bank_account
        .filter(|b| !b.trim().is_empty())
        .map(str::to_string)
        .or(v.application.bank_account.clone())
        .unwrap_or_default();
    let iban = domain::ids::PolishIban::parse(&raw)
        .map_err(|e| ApiError::Invalid(vec![domain::FieldError::new("bank_account", &e)]))?;
    Ok(store::grants::create_agreement(&state.db, id, &iban, &user.id, state.now()).await?)
}

/// Prepare the agreement of a funded application (officer). `409` unless funded in published results.
#[utoipa::path(post, path = "/applications/{id}/agreement", tag = "microgrants", request_body = AgreementIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 201, body = AgreementOut), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AgreementIn>,
) -> Result<(StatusCode, Json<AgreementOut>), ApiError> {
    let a = prepare(&state, &user, &id, input.bank_account.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(agreement_out(&a))))
}

/// The agreement of an application (its representatives and officers).
#[utoipa::path(get, path = "/applications/{id}/agreement", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = AgreementOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<AgreementOut>, ApiError> {
    readable_application(&state, &id, &user).await?;
    let a = store::grants::agreement_of(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(agreement_out(&a)))
}

/// Record that the agreement was signed (officer).
#[utoipa::path(post, path = "/applications/{id}/agreement/sign", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = AgreementOut), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<AgreementOut>, ApiError> {
    let v = readable_application(&state, &id, &user).await?;
    if !is_officer(&user, &v.application.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let a = store::grants::sign_agreement(&state.db, &id, &user.id, state.now()).await?;
    Ok(Json(agreement_out(&a)))
}

/// The agreement as a document: parties, title, amount, dates, bank account, deadlines.
pub fn agreement_document(
    v: &ApplicationView,
    a: &Agreement,
    members_leader: Option<&str>,
) -> pdf::Document {
    use pdf::Block::*;
    let m = &v.call.municipality;
    let org = &v.organisation;
    let zl = |g: i64| Grosze::from_grosze(g).unwrap_or(Grosze::ZERO).to_polish();
    let date = |d: &str| {
        d.parse()
            .map(|d| domain::time::format_date(d, domain::Lang::Pl))
            .unwrap_or_else(|_| d.to_string())
    };
    let mut party = vec![("Nazwa".to_string(), org.name.clone())];
    if let Some(k) = &org.krs {
        party.push(("KRS".into(), k.clone()));
    }
    if let Some(n) = &org.nip {
        party.push(("NIP".into(), n.clone()));
    }
    if org.kind == "informal_group" {
        party.push(("Forma".into(), "grupa nieformalna".into()));
        if let Some(l) = members_leader {
            party.push(("Reprezentowana przez lidera".into(), l.to_string()));
        }
    }
    let iban = domain::ids::PolishIban::parse(&a.bank_account)
        .map(|i| i.formatted())
        .unwrap_or_else(|_| a.bank_account.clone());
    let start = v
        .application
        .start_date
        .as_deref()
        .map(date)
        .unwrap_or_default();
    let end = v
        .application
        .end_date
        .as_deref()
        .map(date)
        .unwrap_or_default();
    pdf::Document {
        title: format!("Umowa nr {} o dofinansowanie inicjatywy", a.number),
        lang: "pl".into(),
        author: format!("Gmina {}", m.name),
        subject: Some(v.application.title.clone()),
        blocks: vec![
            Heading { level: 1, text: format!("Umowa nr {} o dofinansowanie inicjatywy lokalnej", a.number) },
            Paragraph(format!("zawarta w ramach programu „{}”, nabór „{}”, pomiędzy:", v.call.programme.name, v.call.call.title)),
            Heading { level: 2, text: "Strony".into() },
            Fields(vec![("Gmina".into(), m.name.clone()), ("TERYT".into(), m.teryt.clone().unwrap_or_default())]),
            Paragraph("zwaną dalej „Gminą”, a".into()),
            Fields(party),
            Paragraph("zwaną dalej „Realizatorem”.".into()),
            Heading { level: 2, text: "§ 1. Przedmiot umowy".into() },
            Paragraph(format!(
                "Gmina przekazuje Realizatorowi dofinansowanie na realizację inicjatywy „{}” (wniosek nr {}), opisanej we wniosku stanowiącym załącznik do umowy.",
                v.application.title,
                v.application.confirmation_number.clone().unwrap_or_default()
            )),
            Heading { level: 2, text: "§ 2. Kwota i sposób przekazania".into() },
            Fields(vec![
                ("Kwota dofinansowania".into(), zl(a.amount)),
                ("Rachunek bankowy".into(), iban),
            ]),
            Paragraph("Gmina przekaże kwotę na wskazany rachunek w terminie 14 dni od podpisania umowy.".into()),
            Heading { level: 2, text: "§ 3. Termin realizacji".into() },
            Fields(vec![("Rozpoczęcie".into(), start), ("Zakończenie".into(), end)]),
            Heading { level: 2, text: "§ 4. Budżet".into() },
            Table {
                headers: vec!["Pozycja".into(), "Kwota".into()],
                rows: v.budget_lines.iter().map(|l| vec![l.name.clone(), zl(l.amount.unwrap_or(0))]).collect(),
            },
            Heading { level: 2, text: "§ 5. Rezultaty".into() },
            Paragraph(if v.application.expected_results.is_empty() { "Zgodnie z wnioskiem.".into() } else { v.application.expected_results.clone() }),
            Heading { level: 2, text: "§ 6. Sprawozdanie i rozliczenie".into() },
            List(vec![
                format!("Realizator składa sprawozdanie końcowe przez platformę wspólnie do dnia {}.", date(&a.report_due)),
                format!("Niewykorzystaną część dofinansowania Realizator zwraca na rachunek Gminy do dnia {}.", date(&a.return_due)),
                "Sprawozdanie zawiera opis działań, osiągnięte rezultaty w porównaniu z planowanymi, koszty według pozycji budżetu oraz dokumentację (np. zdjęcia).".into(),
            ]),
            Heading { level: 2, text: "§ 7. Postanowienia końcowe".into() },
            Paragraph("Umowę sporządzono w formie elektronicznej. Zmiany umowy wymagają formy pisemnej lub elektronicznej pod rygorem nieważności.".into()),
            Signatures(vec!["Za Gminę".into(), "Za Realizatora".into()]),
        ],
    }
}

/// Renders the agreement PDF off the async threads.
pub async fn agreement_pdf(
    state: &AppState,
    v: &ApplicationView,
    a: &Agreement,
) -> Result<Vec<u8>, ApiError> {
    let leader = store::organisations::get(&state.db, &v.organisation.id)
        .await?
        .and_then(|o| o.members.into_iter().find(|m| m.is_leader).map(|m| m.name));
    let doc = agreement_document(v, a, leader.as_deref());
    tokio::task::spawn_blocking(move || pdf::render(&doc))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// A PDF response that downloads with a sensible file name.
pub fn pdf_response(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The agreement as an accessible PDF (tagged, PDF/UA-1).
#[utoipa::path(get, path = "/applications/{id}/agreement.pdf", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, content_type = "application/pdf", description = "PDF"), (status = 404, body = Problem)))]
pub async fn pdf(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = readable_application(&state, &id, &user).await?;
    let a = store::grants::agreement_of(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let bytes = agreement_pdf(&state, &v, &a).await?;
    Ok(pdf_response(
        bytes,
        &format!("umowa-{}.pdf", a.number.replace('/', "-")),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CostIn {
    pub name: Option<String>,
    pub planned: Option<String>,
    pub actual: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct FileIn {
    pub filename: Option<String>,
    /// `application/pdf`, `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: Option<String>,
    /// The file's bytes in base64 (at most 5 MB).
    pub content_base64: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ReportIn {
    /// What happened.
    pub narrative: Option<String>,
    /// Results achieved against the planned ones.
    pub results_achieved: Option<String>,
    pub costs: Option<Vec<CostIn>>,
    pub amount_returned: Option<String>,
    pub files: Option<Vec<FileIn>>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub id: String,
    pub application_id: String,
    /// `submitted`, `accepted` or `corrections`.
    pub status: String,
    pub narrative: String,
    pub results_achieved: String,
    pub costs: serde_json::Value,
    pub amount_spent: String,
    pub amount_returned: String,
    pub officer_comment: Option<String>,
    pub submitted_at: String,
    pub decided_at: Option<String>,
}

pub fn report_out(r: &Report) -> ReportOut {
    ReportOut {
        id: r.id.clone(),
        application_id: r.application_id.clone(),
        status: r.status.clone(),
        narrative: r.narrative.clone(),
        results_achieved: r.results_achieved.clone(),
        costs: serde_json::from_str(&r.costs).unwrap_or(serde_json::Value::Null),
        amount_spent: amount(r.amount_spent),
        amount_returned: amount(r.amount_returned),
        officer_comment: r.officer_comment.clone(),
        submitted_at: instant(r.submitted_at),
        decided_at: r.decided_at.map(instant),
    }
}

/// Submits a report for an application the user represents (shared with the page).
pub async fn submit_report(
    state: &AppState,
    user: &User,
    id: &str,
    input: ReportInput,
) -> Result<Report, ApiError> {
    let v = readable_application(state, id, user).await?;
    if !is_representative(state, &v.organisation.id, user).await? {
        return Err(ApiError::Forbidden);
    }
    Ok(store::grants::submit_report(&state.db, id, &input, &user.id, state.now()).await?)
}

/// Submit the final report (representative). `409` before the agreement is signed.
#[utoipa::path(post, path = "/applications/{id}/reports", tag = "microgrants", request_body = ReportIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 201, body = ReportOut), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReportIn>,
) -> Result<(StatusCode, Json<ReportOut>), ApiError> {
    let mut p = Parse::default();
    let mut costs = Vec::new();
    for (i, c) in input.costs.unwrap_or_default().into_iter().enumerate() {
        let planned = p
            .money(&format!("costs[{i}].planned"), c.planned.as_deref())
            .unwrap_or(Grosze::ZERO);
        let actual = p
            .money(&format!("costs[{i}].actual"), c.actual.as_deref())
            .unwrap_or(Grosze::ZERO);
        costs.push((c.name.unwrap_or_default(), planned, actual));
    }
    let amount_returned = p
        .money("amount_returned", input.amount_returned.as_deref())
        .unwrap_or(Grosze::ZERO);
    let mut files = Vec::new();
    for (i, f) in input.files.unwrap_or_default().into_iter().enumerate() {
        match base64::engine::general_purpose::STANDARD.decode(f.content_base64.unwrap_or_default())
        {
            Ok(bytes) => files.push((
                f.filename.unwrap_or_else(|| format!("plik-{}", i + 1)),
                f.content_type.unwrap_or_default(),
                bytes,
            )),
            Err(_) => p.errors.push(domain::FieldError::with_messages(
                format!("files[{i}]"),
                "Zawartość pliku musi być w base64.",
                "The file content must be base64.",
            )),
        }
    }
    let narrative = p
        .text("narrative", input.narrative.as_deref(), 20_000)
        .unwrap_or_default();
    let results_achieved = p
        .text(
            "results_achieved",
            input.results_achieved.as_deref(),
            20_000,
        )
        .unwrap_or_default();
    p.finish()?;
    let r = submit_report(
        &state,
        &user,
        &id,
        ReportInput {
            narrative,
            results_achieved,
            costs,
            amount_returned,
            files,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(report_out(&r))))
}

/// Reports of an application (its representatives and officers), newest first.
#[utoipa::path(get, path = "/applications/{id}/reports", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, body = Vec<ReportOut>), (status = 404, body = Problem)))]
pub async fn list_reports(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<ReportOut>>, ApiError> {
    readable_application(&state, &id, &user).await?;
    Ok(Json(
        store::grants::reports_of(&state.db, &id)
            .await?
            .iter()
            .map(report_out)
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionIn {
    pub comment: Option<String>,
}

/// Accepts or returns a report (officer), shared with the page.
pub async fn decide(
    state: &AppState,
    user: &User,
    report_id: &str,
    accept: bool,
    comment: &str,
) -> Result<Report, ApiError> {
    if !store::ids::looks_like_id(report_id) {
        return Err(ApiError::NotFound);
    }
    let r = store::grants::report(&state.db, report_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let v = readable_application(state, &r.application_id, user).await?;
    if !is_officer(user, &v.application.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(
        store::grants::decide_report(&state.db, report_id, accept, comment, &user.id, state.now())
            .await?,
    )
}

/// Accept the report: the grant is settled.
#[utoipa::path(post, path = "/reports/{id}/accept", tag = "microgrants", request_body = DecisionIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ReportOut), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn accept(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionIn>,
) -> Result<Json<ReportOut>, ApiError> {
    let r = decide(
        &state,
        &user,
        &id,
        true,
        input.comment.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(report_out(&r)))
}

/// Ask for corrections (the comment says what to correct).
#[utoipa::path(post, path = "/reports/{id}/request-corrections", tag = "microgrants", request_body = DecisionIn,
    params(("id" = String, Path)), security(("bearer" = [])),
    responses((status = 200, body = ReportOut), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn request_corrections(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionIn>,
) -> Result<Json<ReportOut>, ApiError> {
    let r = decide(
        &state,
        &user,
        &id,
        false,
        input.comment.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(report_out(&r)))
}
