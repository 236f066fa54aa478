//! `/purchases…`: micro-purchases of social services — the catalogue of kinds, purchases checked
//! against the 130 000,00 zł net threshold, acceptance by results, payment, the public yearly
//! list, the yearly summary and exports.
//!
//! A purchase that would take its kind's yearly sum to the threshold is refused with **409**
//! (it conflicts with the purchases already recorded, not with its own fields; the same request
//! succeeds again once the sum allows it or with a `justification`). The problem's field is
//! `justification`, the one that would let it through.

pub mod export;
pub mod permissions;
pub mod protocol;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::purchases::{
    MoneyInput, PurchaseDraft, THRESHOLD_NET, ThresholdLevel, ThresholdWarning, WARNING_FROM,
    percent_of_threshold, validate_acceptance, validate_kind, validate_purchase, validate_report,
};
use domain::time::{from_micros, to_rfc3339_warsaw, today_warsaw};
use domain::{FieldError, Grosze, Lang, Localized};
use serde::{Deserialize, Serialize};
use store::accounts::User;
use store::municipalities::Municipality;
use store::purchases::{Kind, KindYear, PurchaseView};
use utoipa::ToSchema;

use super::query::ApiQuery;
use crate::AppState;
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, ApiJson, Problem};
use permissions::{can_manage, can_report, can_see};

// ---- shared helpers (also used by the pages) ------------------------------------------------

/// The municipality named by `slug`; `404` when there is none.
pub async fn municipality(state: &AppState, slug: Option<&str>) -> Result<Municipality, ApiError> {
    let slug = slug
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ApiError::Invalid(vec![FieldError::with_messages(
                "municipality",
                "Podaj gminę (jej identyfikator, np. piotrkow-trybunalski).",
                "Give the municipality (its slug, e.g. piotrkow-trybunalski).",
            )])
        })?;
    store::municipalities::by_slug(&state.db, slug)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A purchase the user may see; `404` otherwise (also for ids that cannot exist).
pub async fn visible_purchase(
    state: &AppState,
    user: Option<&User>,
    id: &str,
) -> Result<PurchaseView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let view = store::purchases::get(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if can_see(user, &view) {
        Ok(view)
    } else {
        Err(ApiError::NotFound)
    }
}

/// The threshold warning for a kind's yearly sum, from 80 % of the threshold on.
pub fn threshold_note(kind: &Kind, year: i16, sum: Grosze, lang: Lang) -> Option<String> {
    (ThresholdLevel::of(sum) != ThresholdLevel::Below).then(|| {
        ThresholdWarning {
            kind: store::purchases::kind_label(kind),
            year,
            sum,
        }
        .message(lang)
    })
}

/// What a purchase form or request carries besides the draft: the kind and the supplier.
pub struct PurchaseRefs<'a> {
    pub kind_id: &'a str,
    pub supplier_id: &'a str,
}

/// Checks and records a purchase for an officer of `m` (shared by the API and the form):
/// `403` for anyone else, `422` with every field problem, `409` at the threshold.
pub async fn record_purchase(
    state: &AppState,
    user: &User,
    m: &Municipality,
    draft: &PurchaseDraft,
    refs: PurchaseRefs<'_>,
    input: MoneyInput,
) -> Result<store::purchases::CreatedPurchase, ApiError> {
    if !can_manage(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let valid = validate_purchase(draft, input)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    let required = |field: &str, pl: &str, en: &str| FieldError::with_messages(field, pl, en);
    if refs.kind_id.trim().is_empty() {
        errors.push(required(
            "kind_id",
            "Wybierz rodzaj usługi z katalogu gminy.",
            "Choose a kind of service from the municipality's catalogue.",
        ));
    } else if let Err(store::StoreError::Invalid(mut e)) =
        store::purchases::check_kind(&state.db, &m.id, refs.kind_id.trim()).await
    {
        errors.append(&mut e);
    }
    if refs.supplier_id.trim().is_empty() {
        errors.push(required(
            "supplier_id",
            "Wybierz wykonawcę — organizację pozarządową.",
            "Choose the supplier — an NGO.",
        ));
    } else if let Err(store::StoreError::Invalid(mut e)) =
        store::purchases::check_supplier(&state.db, refs.supplier_id.trim()).await
    {
        errors.append(&mut e);
    }
    match valid {
        Some(v) if errors.is_empty() => Ok(store::purchases::create(
            &state.db,
            &m.id,
            refs.kind_id.trim(),
            refs.supplier_id.trim(),
            &v,
            &user.id,
            state.now(),
        )
        .await?),
        _ => {
            errors.sort_by_key(|e| field_order(&e.field));
            Err(ApiError::Invalid(errors))
        }
    }
}

/// The order of fields on the form, so the error summary reads top to bottom.
fn field_order(field: &str) -> usize {
    const ORDER: [&str; 12] = [
        "buying_unit",
        "kind_id",
        "supplier_id",
        "supplier_activity",
        "net",
        "gross",
        "ordered_on",
        "start_date",
        "end_date",
        "outcomes",
        "justification",
        "",
    ];
    ORDER
        .iter()
        .position(|f| field == *f || field.starts_with(&format!("{f}[")))
        .unwrap_or(ORDER.len())
}

/// Reads a payment date: `YYYY-MM-DD`, not in the future.
pub fn read_paid_on(state: &AppState, value: &str) -> Result<jiff::civil::Date, ApiError> {
    let mut errors = Vec::new();
    let d = domain::purchases::read_date(
        "paid_on",
        value,
        "datę płatności",
        "the payment date",
        &mut errors,
    );
    match d {
        Some(d) if d > today_warsaw(state.clock.as_ref()) => {
            Err(ApiError::Invalid(vec![FieldError::with_messages(
                "paid_on",
                "Data płatności nie może być z przyszłości.",
                "The payment date cannot be in the future.",
            )]))
        }
        Some(d) => Ok(d),
        None => Err(ApiError::Invalid(errors)),
    }
}

// ---- what the API sends -----------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct KindOut {
    pub id: String,
    /// The municipality's slug.
    pub municipality: String,
    pub code: String,
    pub name: String,
    /// Inactive kinds cannot be chosen for new purchases.
    pub active: bool,
}

impl KindOut {
    fn new(k: Kind, municipality: &str) -> Self {
        KindOut {
            id: k.id,
            municipality: municipality.to_string(),
            code: k.code,
            name: k.name,
            active: k.active,
        }
    }
}

/// The kind's yearly net sum against the threshold.
#[derive(Serialize, ToSchema)]
pub struct ThresholdOut {
    pub financial_year: i16,
    /// Net sum of the kind's purchases in the year, this purchase included.
    pub year_sum_net: String,
    /// `"130000.00"`.
    pub threshold_net: String,
    /// `"104000.00"`: from here on the officer is warned.
    pub warning_from_net: String,
    /// Whole per cent of the threshold, rounded down.
    pub percent: i64,
    /// `below`, `warning` (80 % or more) or `reached`.
    pub level: String,
    /// The warning in the caller's language, from 80 % on.
    pub warning: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct KindRef {
    pub id: String,
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    /// One line per expected outcome, in order.
    pub achieved: Vec<String>,
    pub comment: Option<String>,
    pub reported_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionOut {
    /// `accepted` or `rejected`.
    pub result: String,
    /// The acceptance note or the reasons for rejection.
    pub note: Option<String>,
    pub decided_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentOut {
    /// `unpaid` or `paid`.
    pub status: String,
    pub paid_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PurchaseOut {
    pub id: String,
    /// The municipality's slug.
    pub municipality: String,
    pub buying_unit: String,
    pub kind: KindRef,
    pub supplier: NamedRef,
    /// `paid_statutory` or `business`: what the supplier declared.
    pub supplier_activity: String,
    pub net: String,
    pub gross: String,
    pub ordered_on: String,
    pub start_date: String,
    pub end_date: String,
    /// Expected outcomes.
    pub outcomes: Vec<String>,
    /// `ordered`, `reported`, `accepted` or `rejected`.
    pub status: String,
    pub threshold: ThresholdOut,
    /// Set when this purchase reached the threshold and was accepted on the officer's
    /// justification.
    pub threshold_justification: Option<String>,
    pub report: Option<ReportOut>,
    pub decision: Option<DecisionOut>,
    pub payment: PaymentOut,
    /// The acceptance protocol (PDF), once accepted.
    pub protocol_url: Option<String>,
    pub created_at: String,
}

fn instant(us: Option<i64>) -> Option<String> {
    us.map(|us| to_rfc3339_warsaw(from_micros(us)))
}

impl PurchaseOut {
    pub fn from_view(v: &PurchaseView, lang: Lang) -> Self {
        let p = &v.purchase;
        let year = i16::try_from(p.financial_year).unwrap_or_default();
        let decided = matches!(
            v.status,
            domain::purchases::PurchaseStatus::Accepted
                | domain::purchases::PurchaseStatus::Rejected
        );
        PurchaseOut {
            id: p.id.clone(),
            municipality: v.municipality_slug.clone(),
            buying_unit: p.buying_unit.clone(),
            kind: KindRef {
                id: v.kind.id.clone(),
                code: v.kind.code.clone(),
                name: v.kind.name.clone(),
            },
            supplier: NamedRef {
                id: p.supplier_id.clone(),
                name: v.supplier_name.clone(),
            },
            supplier_activity: v.activity.as_str().to_string(),
            net: v.net.to_string(),
            gross: v.gross.to_string(),
            ordered_on: v.ordered_on.to_string(),
            start_date: v.start_date.to_string(),
            end_date: v.end_date.to_string(),
            outcomes: v.outcomes.clone(),
            status: v.status.as_str().to_string(),
            threshold: ThresholdOut {
                financial_year: year,
                year_sum_net: v.year_sum.to_string(),
                threshold_net: THRESHOLD_NET.to_string(),
                warning_from_net: WARNING_FROM.to_string(),
                percent: percent_of_threshold(v.year_sum),
                level: ThresholdLevel::of(v.year_sum).as_str().to_string(),
                warning: threshold_note(&v.kind, year, v.year_sum, lang),
            },
            threshold_justification: p.threshold_justification.clone(),
            report: v.achieved.as_ref().map(|a| ReportOut {
                achieved: a.clone(),
                comment: p.report_comment.clone(),
                reported_at: instant(p.reported_at),
            }),
            decision: decided.then(|| DecisionOut {
                result: v.status.as_str().to_string(),
                note: p.decision_note.clone(),
                decided_at: instant(p.decided_at),
            }),
            payment: PaymentOut {
                status: if v.paid_on.is_some() {
                    "paid"
                } else {
                    "unpaid"
                }
                .to_string(),
                paid_on: v.paid_on.map(|d| d.to_string()),
            },
            protocol_url: (v.status == domain::purchases::PurchaseStatus::Accepted)
                .then(|| format!("/api/v1/purchases/{}/protocol.pdf", p.id)),
            created_at: to_rfc3339_warsaw(from_micros(p.created_at)),
        }
    }
}

/// One row of the public yearly list: who supplied what, for how much, with what outcomes.
#[derive(Serialize, ToSchema)]
pub struct PublicPurchaseOut {
    pub supplier: String,
    pub kind_code: String,
    pub kind_name: String,
    pub buying_unit: String,
    pub net: String,
    pub gross: String,
    pub ordered_on: String,
    pub outcomes: Vec<String>,
    /// `ordered`, `reported`, `accepted` or `rejected`.
    pub status: String,
}

impl From<&PurchaseView> for PublicPurchaseOut {
    fn from(v: &PurchaseView) -> Self {
        PublicPurchaseOut {
            supplier: v.supplier_name.clone(),
            kind_code: v.kind.code.clone(),
            kind_name: v.kind.name.clone(),
            buying_unit: v.purchase.buying_unit.clone(),
            net: v.net.to_string(),
            gross: v.gross.to_string(),
            ordered_on: v.ordered_on.to_string(),
            outcomes: v.outcomes.clone(),
            status: v.status.as_str().to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KindSumOut {
    pub kind: KindRef,
    pub active: bool,
    pub net_total: String,
    pub purchase_count: i32,
    pub percent: i64,
    /// `below`, `warning` or `reached`.
    pub level: String,
}

impl From<&KindYear> for KindSumOut {
    fn from(k: &KindYear) -> Self {
        KindSumOut {
            kind: KindRef {
                id: k.kind.id.clone(),
                code: k.kind.code.clone(),
                name: k.kind.name.clone(),
            },
            active: k.kind.active,
            net_total: k.net_total.to_string(),
            purchase_count: k.purchase_count,
            percent: percent_of_threshold(k.net_total),
            level: ThresholdLevel::of(k.net_total).as_str().to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SummaryOut {
    pub municipality: String,
    pub financial_year: i16,
    pub threshold_net: String,
    pub warning_from_net: String,
    pub kinds: Vec<KindSumOut>,
}

// ---- what the API reads ---------------------------------------------------------------------

#[derive(Deserialize, ToSchema)]
pub struct KindIn {
    /// The municipality's slug.
    pub municipality: Option<String>,
    /// 1–30 characters: letters, digits, `.`, `-`, `_`, `/`; stored in capitals.
    pub code: Option<String>,
    pub name: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct KindPatch {
    pub name: Option<String>,
    pub active: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct PurchaseIn {
    /// The municipality's slug.
    pub municipality: Option<String>,
    pub buying_unit: Option<String>,
    pub kind_id: Option<String>,
    /// An NGO of the platform.
    pub supplier_id: Option<String>,
    /// `paid_statutory` or `business`: the supplier's declaration that it runs paid activity.
    pub supplier_activity: Option<String>,
    /// Net value, e.g. `"5000.00"`.
    pub net: Option<String>,
    pub gross: Option<String>,
    /// Order date (`YYYY-MM-DD`); its year is the financial year.
    pub ordered_on: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// Expected outcomes, e.g. `["20 warsztatów po 15 uczestników"]`.
    pub outcomes: Option<Vec<String>>,
    /// Why this purchase is not of the same kind; needed only when it would take the kind's
    /// yearly sum to 130 000,00 zł or more (at least 30 characters; kept in the audit log).
    pub justification: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ReportIn {
    /// What was achieved, one line per expected outcome in the same order.
    pub achieved: Option<Vec<String>>,
    pub comment: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptanceIn {
    /// `accepted` or `rejected`.
    pub result: Option<String>,
    /// Required for `rejected`; an optional note for `accepted` (printed in the protocol).
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct PaymentIn {
    /// `YYYY-MM-DD`, not in the future.
    pub paid_on: Option<String>,
}

// ---- handlers ---------------------------------------------------------------------------------

/// The municipality's catalogue of kinds of social services (active and inactive).
#[utoipa::path(get, path = "/purchases/kinds", tag = "purchases",
    params(("municipality" = String, Query, description = "The municipality's slug")),
    responses((status = 200, body = Vec<KindOut>), (status = 404, body = Problem)))]
pub async fn list_kinds(
    State(state): State<AppState>,
    q: ApiQuery,
) -> Result<Json<Vec<KindOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let kinds = store::purchases::kinds(&state.db, &m.id, true).await?;
    Ok(Json(
        kinds
            .into_iter()
            .map(|k| KindOut::new(k, &m.slug))
            .collect(),
    ))
}

/// Adds a kind of social service to the municipality's catalogue.
#[utoipa::path(post, path = "/purchases/kinds", tag = "purchases", request_body = KindIn,
    security(("bearer" = [])),
    responses(
        (status = 201, body = KindOut),
        (status = 403, description = "Not an officer of the municipality", body = Problem),
        (status = 409, description = "The code is taken", body = Problem),
        (status = 422, body = Problem),
    ))]
pub async fn create_kind(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<KindIn>,
) -> Result<(StatusCode, Json<KindOut>), ApiError> {
    let m = municipality(&state, input.municipality.as_deref()).await?;
    let kind = add_kind(
        &state,
        &user,
        &m,
        input.code.as_deref().unwrap_or(""),
        input.name.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(KindOut::new(kind, &m.slug))))
}

/// Adds a kind for an officer of `m` (shared with the catalogue page).
pub async fn add_kind(
    state: &AppState,
    user: &User,
    m: &Municipality,
    code: &str,
    name: &str,
) -> Result<Kind, ApiError> {
    if !can_manage(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let valid = validate_kind(code, name).map_err(ApiError::Invalid)?;
    Ok(store::purchases::create_kind(&state.db, &m.id, &valid, &user.id, state.now()).await?)
}

/// Renames a kind of service or (de)activates it.
#[utoipa::path(patch, path = "/purchases/kinds/{id}", tag = "purchases", request_body = KindPatch,
    security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = KindOut), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_kind(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<KindPatch>,
) -> Result<Json<KindOut>, ApiError> {
    if !store::ids::looks_like_id(&id) {
        return Err(ApiError::NotFound);
    }
    let kind = store::purchases::kind(&state.db, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !can_manage(&user, &kind.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let name = match input.name.as_deref() {
        Some(n) => Some(
            domain::validation::required_text(n, domain::purchases::KIND_NAME_MAX_CHARS)
                .map_err(|e| ApiError::Invalid(vec![FieldError::new("name", &e)]))?,
        ),
        None => None,
    };
    let kind =
        store::purchases::update_kind(&state.db, &id, name, input.active, &user.id, state.now())
            .await?;
    let m = store::municipalities::by_id(&state.db, &kind.municipality_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(KindOut::new(kind, &m.slug)))
}

/// Records a micro-purchase. Refused with **409** when it would take the net sum of its kind's
/// purchases in the financial year to 130 000,00 zł or more, unless `justification` says why it
/// is not of the same kind; the answer's `threshold.warning` is set from 80 % of the threshold.
#[utoipa::path(post, path = "/purchases", tag = "purchases", request_body = PurchaseIn,
    security(("bearer" = [])),
    responses(
        (status = 201, body = PurchaseOut),
        (status = 403, description = "Not an officer of the municipality", body = Problem),
        (status = 409, description = "The kind's yearly net sum would reach 130 000,00 zł (the message gives the current sum and the threshold)", body = Problem),
        (status = 422, description = "Invalid fields; a supplier that is not an NGO; no paid-activity declaration", body = Problem),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    ApiJson(input): ApiJson<PurchaseIn>,
) -> Result<(StatusCode, Json<PurchaseOut>), ApiError> {
    let m = municipality(&state, input.municipality.as_deref()).await?;
    let s = |v: Option<String>| v.unwrap_or_default();
    let draft = PurchaseDraft {
        buying_unit: s(input.buying_unit),
        supplier_activity: s(input.supplier_activity),
        net: s(input.net),
        gross: s(input.gross),
        ordered_on: s(input.ordered_on),
        start_date: s(input.start_date),
        end_date: s(input.end_date),
        outcomes: input.outcomes.unwrap_or_default(),
        justification: input.justification,
    };
    let kind_id = input.kind_id.unwrap_or_default();
    let supplier_id = input.supplier_id.unwrap_or_default();
    let created = record_purchase(
        &state,
        &user,
        &m,
        &draft,
        PurchaseRefs {
            kind_id: &kind_id,
            supplier_id: &supplier_id,
        },
        MoneyInput::Api,
    )
    .await?;
    let view = visible_purchase(&state, Some(&user), &created.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(PurchaseOut::from_view(&view, super::request_lang(&headers))),
    ))
}

/// A purchase: for the municipality's officers and the supplier's representatives.
#[utoipa::path(get, path = "/purchases/{id}", tag = "purchases", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = PurchaseOut), (status = 404, body = Problem)))]
pub async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<PurchaseOut>, ApiError> {
    let view = visible_purchase(&state, user.as_ref(), &id).await?;
    Ok(Json(PurchaseOut::from_view(
        &view,
        super::request_lang(&headers),
    )))
}

/// Every purchase of a municipality in a financial year (officers).
#[utoipa::path(get, path = "/purchases", tag = "purchases", security(("bearer" = [])),
    params(
        ("municipality" = String, Query),
        ("year" = Option<i16>, Query, description = "Financial year; default: this year"),
        ("limit" = Option<u32>, Query), ("offset" = Option<u32>, Query),
    ),
    responses((status = 200, body = Vec<PurchaseOut>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    q: ApiQuery,
) -> Result<Json<Vec<PurchaseOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    if !can_manage(&user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let year = read_year(&state, &q, &mut errors);
    let (limit, offset) = q.page(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let lang = super::request_lang(&headers);
    let rows = store::purchases::list(&state.db, &m.id, year).await?;
    Ok(Json(
        rows.iter()
            .skip(offset)
            .take(limit)
            .map(|v| PurchaseOut::from_view(v, lang))
            .collect(),
    ))
}

/// The `year` parameter, this year (Warsaw) by default.
pub fn read_year(state: &AppState, q: &ApiQuery, errors: &mut Vec<FieldError>) -> i16 {
    let this_year = today_warsaw(state.clock.as_ref()).year();
    q.year("year", this_year)
        .map_err(|e| errors.push(e))
        .unwrap_or(this_year)
}

/// The public yearly list of purchases from NGOs: supplier, kind, value, outcomes.
#[utoipa::path(get, path = "/purchases/public", tag = "purchases",
    params(("municipality" = String, Query), ("year" = Option<i16>, Query),
        ("limit" = Option<u32>, Query), ("offset" = Option<u32>, Query)),
    responses((status = 200, body = Vec<PublicPurchaseOut>), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn public_list(
    State(state): State<AppState>,
    q: ApiQuery,
) -> Result<Json<Vec<PublicPurchaseOut>>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let mut errors = Vec::new();
    let year = read_year(&state, &q, &mut errors);
    let (limit, offset) = q.page(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let rows = store::purchases::list(&state.db, &m.id, year).await?;
    Ok(Json(
        rows.iter()
            .skip(offset)
            .take(limit)
            .map(PublicPurchaseOut::from)
            .collect(),
    ))
}

/// The yearly summary: every kind's net sum against the threshold.
#[utoipa::path(get, path = "/purchases/summary", tag = "purchases",
    params(("municipality" = String, Query), ("year" = Option<i16>, Query)),
    responses((status = 200, body = SummaryOut), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn summary(
    State(state): State<AppState>,
    q: ApiQuery,
) -> Result<Json<SummaryOut>, ApiError> {
    let m = municipality(&state, q.get("municipality")).await?;
    let mut errors = Vec::new();
    let year = read_year(&state, &q, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let kinds = store::purchases::summary(&state.db, &m.id, year).await?;
    Ok(Json(SummaryOut {
        municipality: m.slug,
        financial_year: year,
        threshold_net: THRESHOLD_NET.to_string(),
        warning_from_net: WARNING_FROM.to_string(),
        kinds: kinds.iter().map(KindSumOut::from).collect(),
    }))
}

/// The supplier's representative reports the outcomes achieved (again after a rejection).
#[utoipa::path(post, path = "/purchases/{id}/report", tag = "purchases", request_body = ReportIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = PurchaseOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Already reported or accepted", body = Problem), (status = 422, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReportIn>,
) -> Result<Json<PurchaseOut>, ApiError> {
    let view = visible_purchase(&state, Some(&user), &id).await?;
    submit_report(
        &state,
        &user,
        &view,
        &input.achieved.unwrap_or_default(),
        input.comment.as_deref(),
    )
    .await?;
    let view = visible_purchase(&state, Some(&user), &id).await?;
    Ok(Json(PurchaseOut::from_view(
        &view,
        super::request_lang(&headers),
    )))
}

/// Checks and stores a results report (shared with the purchase page).
pub async fn submit_report(
    state: &AppState,
    user: &User,
    view: &PurchaseView,
    achieved: &[String],
    comment: Option<&str>,
) -> Result<(), ApiError> {
    if !can_report(user, view) {
        return Err(ApiError::Forbidden);
    }
    let r = validate_report(view.outcomes.len(), achieved, comment).map_err(ApiError::Invalid)?;
    Ok(store::purchases::report(&state.db, &view.purchase.id, &r, &user.id, state.now()).await?)
}

/// The officer accepts the results (the protocol PDF becomes available) or rejects them with
/// reasons.
#[utoipa::path(post, path = "/purchases/{id}/acceptance", tag = "purchases", request_body = AcceptanceIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = PurchaseOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "No results reported yet, or already decided", body = Problem), (status = 422, body = Problem)))]
pub async fn acceptance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AcceptanceIn>,
) -> Result<Json<PurchaseOut>, ApiError> {
    let view = visible_purchase(&state, Some(&user), &id).await?;
    decide(
        &state,
        &user,
        &view,
        input.result.as_deref(),
        input.reason.as_deref(),
    )
    .await?;
    let view = visible_purchase(&state, Some(&user), &id).await?;
    Ok(Json(PurchaseOut::from_view(
        &view,
        super::request_lang(&headers),
    )))
}

/// Checks and stores the officer's decision (shared with the purchase page).
pub async fn decide(
    state: &AppState,
    user: &User,
    view: &PurchaseView,
    result: Option<&str>,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    if !can_manage(user, &view.purchase.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let a = validate_acceptance(result, reason).map_err(ApiError::Invalid)?;
    Ok(store::purchases::decide(&state.db, &view.purchase.id, &a, &user.id, state.now()).await?)
}

/// Records that an accepted purchase was paid.
#[utoipa::path(post, path = "/purchases/{id}/payment", tag = "purchases", request_body = PaymentIn,
    security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = PurchaseOut), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Not accepted yet, or already paid on another day", body = Problem), (status = 422, body = Problem)))]
pub async fn payment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PaymentIn>,
) -> Result<Json<PurchaseOut>, ApiError> {
    let view = visible_purchase(&state, Some(&user), &id).await?;
    pay(&state, &user, &view, input.paid_on.as_deref().unwrap_or("")).await?;
    let view = visible_purchase(&state, Some(&user), &id).await?;
    Ok(Json(PurchaseOut::from_view(
        &view,
        super::request_lang(&headers),
    )))
}

/// Checks and records a payment (shared with the purchase page).
pub async fn pay(
    state: &AppState,
    user: &User,
    view: &PurchaseView,
    paid_on: &str,
) -> Result<(), ApiError> {
    if !can_manage(user, &view.purchase.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let day = read_paid_on(state, paid_on)?;
    Ok(
        store::purchases::record_payment(&state.db, &view.purchase.id, day, &user.id, state.now())
            .await?,
    )
}
