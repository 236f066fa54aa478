//! Exports for officers: applications and results as CSV (UTF-8 with BOM, `;`, for Excel) and XLSX.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{amount, instant, is_officer, visible_call};
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};

/// A table to export.
pub struct Sheet {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// CSV for Polish Excel: BOM, semicolons, CRLF.
pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(&sheet.headers)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        for r in &sheet.rows {
            w.write_record(r)
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        }
        w.flush().map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(out)
}

/// An XLSX workbook with one sheet, bold headers, frozen header row.
pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet.name).map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
        ws.set_column_width(c as u16, 22).map_err(err)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

fn download(bytes: Vec<u8>, content_type: &'static str, filename: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn applications_sheet(state: &AppState, call_id: &str) -> Result<Sheet, ApiError> {
    let apps = store::grants::applications_of_call(&state.db, call_id).await?;
    Ok(Sheet {
        name: "Wnioski",
        headers: vec![
            "Numer",
            "Wnioskodawca",
            "Rodzaj",
            "Tytuł",
            "Status",
            "Ocena formalna",
            "Uzasadnienie",
            "Wnioskowana kwota",
            "Złożono",
        ],
        rows: apps
            .into_iter()
            .map(|(a, o)| {
                vec![
                    a.confirmation_number.unwrap_or_default(),
                    o.name,
                    o.kind,
                    a.title,
                    a.status,
                    a.formal_result.unwrap_or_default(),
                    a.formal_reason.unwrap_or_default(),
                    a.requested_amount.map(amount).unwrap_or_default(),
                    a.submitted_at.map(instant).unwrap_or_default(),
                ]
            })
            .collect(),
    })
}

pub async fn results_sheet(state: &AppState, call_id: &str) -> Result<Sheet, ApiError> {
    let r = store::grants::results(&state.db, call_id).await?;
    Ok(Sheet {
        name: "Wyniki",
        headers: vec![
            "Miejsce",
            "Wnioskodawca",
            "Tytuł",
            "Średnia punktów",
            "Wnioskowana kwota",
            "Przyznana kwota",
            "Wynik",
        ],
        rows: r
            .entries
            .into_iter()
            .map(|e| {
                vec![
                    e.rank.map(|r| r.to_string()).unwrap_or_default(),
                    e.applicant_name,
                    e.title,
                    format!("{:.2}", e.average_hundredths as f64 / 100.0),
                    amount(e.requested_amount),
                    amount(e.awarded_amount),
                    e.outcome.as_str().to_string(),
                ]
            })
            .collect(),
    })
}

async fn officer_call(
    state: &AppState,
    user: &store::accounts::User,
    id: &str,
) -> Result<(), ApiError> {
    let c = visible_call(state, id, Some(user)).await?;
    if !is_officer(user, &c.call.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(())
}

/// Applications of a call as CSV (officers).
#[utoipa::path(get, path = "/calls/{id}/exports/applications.csv", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, content_type = "text/csv", description = "CSV"), (status = 403, body = Problem)))]
pub async fn applications_csv(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    officer_call(&state, &user, &id).await?;
    Ok(download(
        to_csv(&applications_sheet(&state, &id).await?)?,
        CSV,
        "wnioski.csv".into(),
    ))
}

/// Applications of a call as XLSX (officers).
#[utoipa::path(get, path = "/calls/{id}/exports/applications.xlsx", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "XLSX"), (status = 403, body = Problem)))]
pub async fn applications_xlsx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    officer_call(&state, &user, &id).await?;
    Ok(download(
        to_xlsx(&applications_sheet(&state, &id).await?)?,
        XLSX,
        "wnioski.xlsx".into(),
    ))
}

/// Results of a call as CSV (officers).
#[utoipa::path(get, path = "/calls/{id}/exports/results.csv", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, content_type = "text/csv", description = "CSV"), (status = 403, body = Problem)))]
pub async fn results_csv(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    officer_call(&state, &user, &id).await?;
    Ok(download(
        to_csv(&results_sheet(&state, &id).await?)?,
        CSV,
        "wyniki.csv".into(),
    ))
}

/// Results of a call as XLSX (officers).
#[utoipa::path(get, path = "/calls/{id}/exports/results.xlsx", tag = "microgrants", params(("id" = String, Path)),
    security(("bearer" = [])), responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "XLSX"), (status = 403, body = Problem)))]
pub async fn results_xlsx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    officer_call(&state, &user, &id).await?;
    Ok(download(
        to_xlsx(&results_sheet(&state, &id).await?)?,
        XLSX,
        "wyniki.xlsx".into(),
    ))
}
