//! Exports of a year's purchases for officers: CSV the way Polish spreadsheets open it (UTF-8
//! with a byte-order mark, `;` between fields, decimal comma) and XLSX (a list and a summary
//! sheet, amounts as numbers).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use domain::purchases::{THRESHOLD_NET, percent_of_threshold};
use domain::{Grosze, Lang};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use store::municipalities::Municipality;
use store::purchases::{KindYear, PurchaseView};

use super::permissions::can_manage;
use super::{municipality, read_year};
use crate::AppState;
use crate::api::query::ApiQuery;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};

/// The byte-order mark that tells spreadsheets the file is UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The column headings, in the reader's language.
fn headings(lang: Lang) -> [&'static str; 16] {
    match lang {
        Lang::Pl => [
            "Rok budżetowy",
            "Data zamówienia",
            "Jednostka zamawiająca",
            "Kod rodzaju usługi",
            "Rodzaj usługi",
            "Wykonawca",
            "Oświadczenie wykonawcy",
            "Wartość netto (zł)",
            "Wartość brutto (zł)",
            "Suma netto rodzaju w roku (zł)",
            "Rezultaty zamówione",
            "Rezultaty osiągnięte",
            "Status",
            "Data płatności",
            "Uzasadnienie przekroczenia progu",
            "Identyfikator",
        ],
        Lang::En => [
            "Financial year",
            "Order date",
            "Buying unit",
            "Kind code",
            "Kind of service",
            "Supplier",
            "Supplier's declaration",
            "Net value (PLN)",
            "Gross value (PLN)",
            "Kind's net sum in the year (PLN)",
            "Expected outcomes",
            "Achieved outcomes",
            "Status",
            "Payment date",
            "Threshold justification",
            "Id",
        ],
    }
}

/// An amount with a decimal comma and no grouping (`5000,00`), as Polish spreadsheets read it.
fn decimal_comma(g: Grosze) -> String {
    g.to_string().replace('.', ",")
}

fn text_row(v: &PurchaseView, lang: Lang) -> [String; 16] {
    let p = &v.purchase;
    [
        p.financial_year.to_string(),
        v.ordered_on.to_string(),
        p.buying_unit.clone(),
        v.kind.code.clone(),
        v.kind.name.clone(),
        v.supplier_name.clone(),
        v.activity.label(lang).to_string(),
        decimal_comma(v.net),
        decimal_comma(v.gross),
        decimal_comma(v.year_sum),
        v.outcomes.join("\n"),
        v.achieved
            .as_ref()
            .map(|a| a.join("\n"))
            .unwrap_or_default(),
        v.status.label(lang).to_string(),
        v.paid_on.map(|d| d.to_string()).unwrap_or_default(),
        p.threshold_justification.clone().unwrap_or_default(),
        p.id.clone(),
    ]
}

/// The purchases as CSV: UTF-8 with a BOM, `;` separated, fields quoted when needed.
pub fn to_csv(rows: &[PurchaseView], lang: Lang) -> Result<Vec<u8>, ApiError> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let fail = |e: csv::Error| ApiError::Internal(format!("csv: {e}"));
    w.write_record(headings(lang)).map_err(fail)?;
    for v in rows {
        w.write_record(text_row(v, lang)).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| ApiError::Internal(format!("csv: {e}")))
}

/// The purchases and the yearly summary as an XLSX workbook.
pub fn to_xlsx(
    rows: &[PurchaseView],
    summary: &[KindYear],
    year: i16,
    lang: Lang,
) -> Result<Vec<u8>, ApiError> {
    build_xlsx(rows, summary, year, lang).map_err(|e| ApiError::Internal(format!("xlsx: {e}")))
}

fn zl(g: Grosze) -> f64 {
    // Exact for every amount below 2^53 grosze (90 trillion zł).
    g.as_grosze() as f64 / 100.0
}

fn build_xlsx(
    rows: &[PurchaseView],
    summary: &[KindYear],
    year: i16,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0.00");
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(match lang {
        Lang::Pl => format!("Mikrozakupy {year}"),
        Lang::En => format!("Purchases {year}"),
    })?;
    for (c, h) in headings(lang).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, v) in rows.iter().enumerate() {
        let r = (i + 1) as u32;
        let t = text_row(v, lang);
        for (c, cell) in t.iter().enumerate() {
            let c16 = c as u16;
            match c {
                0 => sheet.write_number(r, c16, f64::from(v.purchase.financial_year))?,
                7 => sheet.write_number_with_format(r, c16, zl(v.net), &money)?,
                8 => sheet.write_number_with_format(r, c16, zl(v.gross), &money)?,
                9 => sheet.write_number_with_format(r, c16, zl(v.year_sum), &money)?,
                10 | 11 | 14 => sheet.write_string_with_format(r, c16, cell, &wrap)?,
                _ => sheet.write_string(r, c16, cell)?,
            };
        }
    }
    let widths = [
        10, 12, 30, 14, 30, 30, 24, 14, 14, 16, 40, 40, 24, 12, 40, 28,
    ];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let s = book.add_worksheet();
    s.set_name(match lang {
        Lang::Pl => "Podsumowanie",
        Lang::En => "Summary",
    })?;
    let head: [&str; 5] = match lang {
        Lang::Pl => [
            "Kod rodzaju usługi",
            "Rodzaj usługi",
            "Liczba zakupów",
            "Suma netto (zł)",
            "% progu 130 000 zł",
        ],
        Lang::En => [
            "Kind code",
            "Kind of service",
            "Purchases",
            "Net sum (PLN)",
            "% of the 130,000 PLN threshold",
        ],
    };
    for (c, h) in head.iter().enumerate() {
        s.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, k) in summary.iter().enumerate() {
        let r = (i + 1) as u32;
        s.write_string(r, 0, &k.kind.code)?;
        s.write_string(r, 1, &k.kind.name)?;
        s.write_number(r, 2, f64::from(k.purchase_count))?;
        s.write_number_with_format(r, 3, zl(k.net_total), &money)?;
        s.write_number(r, 4, percent_of_threshold(k.net_total) as f64)?;
    }
    let r = (summary.len() + 2) as u32;
    s.write_string(
        r,
        0,
        match lang {
            Lang::Pl => "Próg stosowania ustawy Pzp (netto)",
            Lang::En => "Public Procurement Law threshold (net)",
        },
    )?;
    s.write_number_with_format(r, 3, zl(THRESHOLD_NET), &money)?;
    for (c, w) in [16, 40, 14, 16, 18].iter().enumerate() {
        s.set_column_width(c as u16, *w)?;
    }
    book.save_to_buffer()
}

/// A file download.
pub fn attachment(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// The MIME type of XLSX.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The MIME type of CSV in UTF-8.
pub const CSV: &str = "text/csv; charset=utf-8";

/// The file name of an export: `mikrozakupy-{slug}-{year}.{ext}`.
pub fn filename(m: &Municipality, year: i16, ext: &str) -> String {
    format!("mikrozakupy-{}-{year}.{ext}", m.slug)
}

/// A municipality's purchases of a year for an export, after the permission check.
async fn export_rows(
    state: &AppState,
    user: &store::accounts::User,
    q: &ApiQuery,
) -> Result<(Municipality, i16, Vec<PurchaseView>), ApiError> {
    let m = municipality(state, q.get("municipality")).await?;
    if !can_manage(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let year = read_year(state, q, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let rows = store::purchases::list(&state.db, &m.id, year).await?;
    Ok((m, year, rows))
}

/// A year's purchases as CSV (UTF-8 with BOM, `;` separated, decimal comma) — officers.
#[utoipa::path(get, path = "/purchases/export.csv", tag = "purchases", security(("bearer" = [])),
    params(("municipality" = String, Query), ("year" = Option<i16>, Query)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn export_csv(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    q: ApiQuery,
) -> Result<Response, ApiError> {
    let (m, year, rows) = export_rows(&state, &user, &q).await?;
    let bytes = to_csv(&rows, crate::api::request_lang(&headers))?;
    Ok(attachment(bytes, CSV, &filename(&m, year, "csv")))
}

/// A year's purchases and the per-kind summary as XLSX — officers.
#[utoipa::path(get, path = "/purchases/export.xlsx", tag = "purchases", security(("bearer" = [])),
    params(("municipality" = String, Query), ("year" = Option<i16>, Query)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn export_xlsx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    headers: axum::http::HeaderMap,
    q: ApiQuery,
) -> Result<Response, ApiError> {
    let (m, year, rows) = export_rows(&state, &user, &q).await?;
    let summary = store::purchases::summary(&state.db, &m.id, year).await?;
    let bytes = to_xlsx(&rows, &summary, year, crate::api::request_lang(&headers))?;
    Ok(attachment(bytes, XLSX, &filename(&m, year, "xlsx")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_use_a_decimal_comma() {
        assert_eq!(
            decimal_comma(Grosze::parse("129999.99").unwrap()),
            "129999,99"
        );
    }

    #[test]
    fn an_empty_csv_has_the_bom_and_the_headings() {
        let bytes = to_csv(&[], Lang::Pl).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with("Rok budżetowy;Data zamówienia;"), "{text}");
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn an_empty_workbook_is_a_zip() {
        let bytes = to_xlsx(&[], &[], 2026, Lang::Pl).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
