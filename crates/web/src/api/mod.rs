//! The JSON API under `/api/v1` (contract: `shared/docs/api-v1.md`). Every route is declared with
//! `#[utoipa::path]` and collected here, so `/api/v1/openapi.json` documents what exists.

pub(crate) mod accounts;
pub(crate) mod calendar;
pub(crate) mod consultations;
pub(crate) mod council;
pub(crate) mod grants;
pub(crate) mod meetings;
mod municipalities;
pub(crate) mod organisations;
pub(crate) mod practice_extras;
pub(crate) mod practices;
pub(crate) mod purchases;
pub(crate) mod query;
pub(crate) mod small_grants;

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use domain::Lang;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::{ApiError, Unrendered};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "wspólnie API",
        version = "1.0.0",
        description = "API platformy współpracy samorządu z organizacjami pozarządowymi, grupami nieformalnymi i mieszkańcami. Kwoty jako napisy \"5000.00\"; chwile w RFC 3339; błędy jako application/problem+json (RFC 9457). Komunikaty po polsku, po angielsku z nagłówkiem Accept-Language: en.",
        license(name = "AGPL-3.0-or-later")
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    tags(
        (name = "accounts", description = "Konta, logowanie, role"),
        (name = "municipalities", description = "Gminy"),
        (name = "organisations", description = "Organizacje pozarządowe i grupy nieformalne"),
        (name = "calendar", description = "Kalendarz ustawowy: dni robocze i święta"),
        (name = "purchases", description = "Mikrozakupy usług społecznych (próg 130 000 zł netto)"),
        (name = "small-grants", description = "Małe granty poza konkursem (art. 19a)"),
        (name = "microgrants", description = "Mikrogranty: programy, nabory, wnioski, ocena, wyniki, umowy, sprawozdania"),
        (name = "practices", description = "Platforma Dobrych Praktyk: opisy, weryfikacja, wyszukiwanie, otwarte dane"),
        (name = "councils", description = "Rada Działalności Pożytku Publicznego: wniosek organizacji, skład i kadencja, wybory, posiedzenia, opinie, uchwały i głosowania"),
        (name = "consultations", description = "Konsultacje społeczne dokumentów: uwagi, odpowiedzi, raport"),
        (name = "cooperation-programmes", description = "Roczny program współpracy z organizacjami (art. 5a): uchwalenie do 30 listopada, sprawozdanie do 31 maja"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(accounts::login))
        .routes(routes!(accounts::create_account))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::my_organisations))
        .routes(routes!(municipalities::list))
        .routes(routes!(organisations::create))
        .routes(routes!(organisations::get_one))
        .routes(routes!(calendar::add_working_days))
        .routes(routes!(calendar::holidays))
        .routes(routes!(purchases::list_kinds, purchases::create_kind))
        .routes(routes!(purchases::update_kind))
        .routes(routes!(purchases::create, purchases::list))
        .routes(routes!(purchases::public_list))
        .routes(routes!(purchases::summary))
        .routes(routes!(purchases::export::export_csv))
        .routes(routes!(purchases::export::export_xlsx))
        .routes(routes!(purchases::get_one))
        .routes(routes!(purchases::report))
        .routes(routes!(purchases::acceptance))
        .routes(routes!(purchases::payment))
        .routes(routes!(purchases::protocol::protocol))
        .routes(routes!(small_grants::get_pool, small_grants::put_pool))
        .routes(routes!(small_grants::create, small_grants::list))
        .routes(routes!(small_grants::get_one))
        .routes(routes!(small_grants::publish))
        .routes(routes!(small_grants::comment))
        .routes(routes!(small_grants::decision))
        .routes(routes!(small_grants::agreement::agreement))
        .routes(routes!(grants::programmes::create_programme))
        .routes(routes!(grants::programmes::create_call))
        .routes(routes!(grants::programmes::publish))
        .routes(routes!(grants::programmes::list))
        .routes(routes!(grants::programmes::get_one))
        .routes(routes!(
            grants::applications::create,
            grants::applications::list_for_call
        ))
        .routes(routes!(
            grants::applications::update,
            grants::applications::get_one
        ))
        .routes(routes!(grants::applications::submit))
        .routes(routes!(grants::applications::formal_check))
        .routes(routes!(grants::evaluation::set_committee))
        .routes(routes!(grants::evaluation::declare))
        .routes(routes!(grants::evaluation::score))
        .routes(routes!(
            grants::results::compute,
            grants::results::get_results
        ))
        .routes(routes!(grants::results::publish))
        .routes(routes!(grants::results::funded))
        .routes(routes!(
            grants::agreements::create,
            grants::agreements::get_one
        ))
        .routes(routes!(grants::agreements::sign))
        .routes(routes!(grants::agreements::pdf))
        .routes(routes!(
            grants::agreements::create_report,
            grants::agreements::list_reports
        ))
        .routes(routes!(grants::agreements::accept))
        .routes(routes!(grants::agreements::request_corrections))
        .routes(routes!(grants::exports::applications_csv))
        .routes(routes!(grants::exports::applications_xlsx))
        .routes(routes!(grants::exports::results_csv))
        .routes(routes!(grants::exports::results_xlsx))
        .routes(routes!(practices::create))
        .routes(routes!(practices::search))
        .routes(routes!(practices::export_csv))
        .routes(routes!(practices::export_json))
        .routes(routes!(practices::get_one, practices::update))
        .routes(routes!(practices::publish))
        .routes(routes!(practices::return_for_changes))
        .routes(routes!(council::register::list, council::register::create))
        .routes(routes!(council::register::get_request))
        .routes(routes!(council::register::sign))
        .routes(routes!(council::register::get_one))
        .routes(routes!(council::register::create_member))
        .routes(routes!(council::register::leave))
        .routes(routes!(council::register::constitute_council))
        .routes(routes!(council::work::council_calendar))
        .routes(routes!(council::elections::create))
        .routes(routes!(council::elections::get_one))
        .routes(routes!(council::elections::candidate))
        .routes(routes!(council::elections::open_voting))
        .routes(routes!(council::elections::ballot))
        .routes(routes!(council::elections::close))
        .routes(routes!(council::elections::seat))
        .routes(routes!(council::work::create))
        .routes(routes!(council::work::get_meeting))
        .routes(routes!(council::work::attendance))
        .routes(routes!(council::work::minutes))
        .routes(routes!(council::work::meeting_ics))
        .routes(routes!(council::work::create_opinion))
        .routes(routes!(council::work::get_opinion))
        .routes(routes!(council::work::create_resolution))
        .routes(routes!(council::work::get_resolution))
        .routes(routes!(council::work::cast))
        .routes(routes!(council::work::close))
        .routes(routes!(consultations::create))
        .routes(routes!(consultations::list))
        .routes(routes!(consultations::get_one, consultations::update))
        .routes(routes!(consultations::publish))
        .routes(routes!(
            consultations::comment,
            consultations::list_comments
        ))
        .routes(routes!(consultations::answer))
        .routes(routes!(consultations::publish_report_handler))
        .routes(routes!(consultations::report))
        .routes(routes!(consultations::report_csv_handler))
        .routes(routes!(consultations::document))
        .routes(routes!(consultations::programmes::create))
        .routes(routes!(consultations::programmes::list))
        .routes(routes!(consultations::programmes::deadlines))
        .routes(routes!(
            consultations::programmes::get_one,
            consultations::programmes::update
        ))
        .routes(routes!(consultations::programmes::adoption))
        .routes(routes!(consultations::programmes::report))
        .routes(routes!(consultations::programmes::document))
        .routes(routes!(consultations::programmes::report_document))
        .routes(with_upload_limit(routes!(practice_extras::upload)))
        .routes(routes!(
            practice_extras::download_attachment,
            practice_extras::delete_attachment
        ))
        .routes(routes!(practice_extras::similar))
        .routes(routes!(meetings::create, meetings::list))
        .routes(routes!(meetings::get_one, meetings::update))
        .routes(routes!(meetings::publish))
        .routes(routes!(meetings::set_practices))
        .routes(with_upload_limit(routes!(meetings::upload)))
        .routes(routes!(meetings::download_attachment))
}

/// An upload route accepts bodies up to the pages' upload limit (a 10 MB attachment with its
/// multipart envelope); the attachment's own limit is checked as a field error.
fn with_upload_limit(
    r: utoipa_axum::router::UtoipaMethodRouter<AppState>,
) -> utoipa_axum::router::UtoipaMethodRouter<AppState> {
    let (schemas, paths, method_router) = r;
    (
        schemas,
        paths,
        method_router.layer(axum::extract::DefaultBodyLimit::max(
            crate::pages::UPLOAD_LIMIT,
        )),
    )
}

/// The OpenAPI document of every API route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// The API router (mounted at `/api/v1`).
pub fn router(_state: AppState) -> Router<AppState> {
    let (router, doc) = api_routes().split_for_parts();
    let doc = std::sync::Arc::new(doc);
    router
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(|| async { ApiError::NotFound })
        .layer(axum::middleware::from_fn(localize))
}

/// The language of an API request: `Accept-Language` (English when it asks for it), else Polish.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Renders every [`ApiError`] as a problem document in the caller's language, and turns axum's
/// own plain-text rejections (bad path or query) into problem documents too.
pub async fn localize(req: Request, next: Next) -> Response {
    let lang = request_lang(req.headers());
    let resp = next.run(req).await;
    if let Some(Unrendered(err)) = resp.extensions().get::<Unrendered>().cloned() {
        return err.into_problem(lang);
    }
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.starts_with("application/json") || ct.starts_with("application/problem+json")
        });
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let err = match status.as_u16() {
            404 | 405 => ApiError::NotFound,
            413 => ApiError::Malformed("request body too large".into()),
            400 | 415 => ApiError::Malformed(format!("HTTP {status}")),
            422 => ApiError::Invalid(vec![domain::FieldError {
                field: String::new(),
                message_pl: "Nieprawidłowe parametry żądania.".into(),
                message_en: "Invalid request parameters.".into(),
            }]),
            _ if status.is_server_error() => ApiError::Internal(format!("HTTP {status}")),
            _ => return resp,
        };
        return err.into_problem(lang).into_response();
    }
    resp
}

/// `201 Created` with `{id}`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: String,
}
