//! The agreement of a granted small grant: an accessible (tagged PDF/UA-1) document with the
//! parties, the task, the statutory dates of the procedure, the amount and budget, the results
//! and the report deadline.

use axum::extract::{Path, State};
use axum::response::Response;
use domain::Lang;
use domain::calendar::add_calendar_days;
use domain::small_grants::{OfferStatus, task_days};
use domain::time::{format_date, format_warsaw, from_micros};
use store::small_grants::OfferView;

use super::permissions::can_see_agreement;
use super::visible_offer;
use crate::AppState;
use crate::api::purchases::export::attachment;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};

/// Days after the end of the task within which the organisation reports.
pub const REPORT_DAYS: u32 = 30;

/// The agreement's number: `MG/{year}/{first 8 characters of the offer's id}`.
pub fn agreement_number(o: &OfferView) -> String {
    let short: String = o.offer.id.chars().take(8).collect();
    format!("MG/{}/{}", o.offer.year, short.to_uppercase())
}

/// The organisation's registry numbers.
pub struct Registry {
    pub krs: Option<String>,
    pub nip: Option<String>,
}

/// The agreement as a document (Polish: it is a legal document of the municipality).
pub fn agreement_document(o: &OfferView, registry: &Registry) -> pdf::Document {
    use pdf::Block::*;
    let pl = Lang::Pl;
    let s = &o.schedule;
    let date = |d: Option<jiff::civil::Date>| d.map(|d| format_date(d, pl)).unwrap_or_default();
    let number = agreement_number(o);
    let mut organisation = vec![("Nazwa".to_string(), o.organisation_name.clone())];
    if let Some(k) = &registry.krs {
        organisation.push(("KRS".into(), k.clone()));
    }
    if let Some(n) = &registry.nip {
        organisation.push(("NIP".into(), n.clone()));
    }
    let report_due = add_calendar_days(o.end_date, REPORT_DAYS)
        .map(|d| format_date(d, pl))
        .unwrap_or_default();
    let decided = o
        .offer
        .decided_at
        .map(|us| format_warsaw(from_micros(us), pl))
        .unwrap_or_default();
    pdf::Document {
        title: format!("Umowa nr {number} — mały grant: {}", o.offer.title),
        lang: "pl".into(),
        author: format!("Gmina {}", o.municipality_name),
        subject: Some("Umowa o realizację zadania publicznego w trybie art. 19a".into()),
        blocks: vec![
            Heading {
                level: 1,
                text: format!("Umowa nr {number} o realizację zadania publicznego"),
            },
            Paragraph(format!(
                "zawarta w trybie art. 19a ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku \
                 publicznego i o wolontariacie (mały grant, z pominięciem otwartego konkursu ofert), \
                 po decyzji z dnia {decided}, pomiędzy:"
            )),
            Heading {
                level: 2,
                text: "Strony".into(),
            },
            Fields(vec![("Gmina".into(), o.municipality_name.clone())]),
            Paragraph("zwaną dalej „Zleceniodawcą”, a".into()),
            Fields(organisation),
            Paragraph("zwaną dalej „Zleceniobiorcą”.".into()),
            Heading {
                level: 2,
                text: "§ 1. Przedmiot umowy".into(),
            },
            Paragraph(format!(
                "Zleceniodawca zleca Zleceniobiorcy realizację zadania publicznego „{}”, opisanego \
                 w uproszczonej ofercie, a Zleceniobiorca zobowiązuje się je wykonać.",
                o.offer.title
            )),
            Paragraph(o.offer.description.clone()),
            Heading {
                level: 2,
                text: "§ 2. Przebieg trybu art. 19a".into(),
            },
            Fields(vec![
                (
                    "Oferta wpłynęła".into(),
                    format_warsaw(from_micros(o.offer.received_at), pl),
                ),
                (
                    "Termin publikacji (7 dni roboczych)".into(),
                    format_date(s.publish_by, pl),
                ),
                ("Oferta opublikowana".into(), date(s.published_on)),
                ("Uwagi przyjmowano do".into(), date(s.comments_until)),
                ("Zgłoszone uwagi".into(), o.comments.len().to_string()),
            ]),
            Heading {
                level: 2,
                text: "§ 3. Termin realizacji".into(),
            },
            Fields(vec![
                ("Rozpoczęcie".into(), format_date(o.start_date, pl)),
                ("Zakończenie".into(), format_date(o.end_date, pl)),
                (
                    "Liczba dni".into(),
                    task_days(o.start_date, o.end_date).to_string(),
                ),
            ]),
            Heading {
                level: 2,
                text: "§ 4. Dotacja".into(),
            },
            Fields(vec![("Kwota dotacji".into(), o.amount.to_polish())]),
            Table {
                headers: vec!["Pozycja budżetu".into(), "Kwota".into()],
                rows: o
                    .budget_lines
                    .iter()
                    .map(|l| vec![l.name.clone(), l.amount.to_polish()])
                    .collect(),
            },
            Heading {
                level: 2,
                text: "§ 5. Rezultaty".into(),
            },
            List(o.expected_results.clone()),
            Heading {
                level: 2,
                text: "§ 6. Sprawozdanie".into(),
            },
            Paragraph(format!(
                "Zleceniobiorca składa sprawozdanie z wykonania zadania w terminie {REPORT_DAYS} dni \
                 od dnia jego zakończenia, tj. do dnia {report_due}, i zwraca niewykorzystaną część \
                 dotacji."
            )),
            Heading {
                level: 2,
                text: "§ 7. Postanowienia końcowe".into(),
            },
            Paragraph(
                "Umowę sporządzono w formie elektronicznej. Zmiany umowy wymagają formy pisemnej lub \
                 elektronicznej pod rygorem nieważności."
                    .into(),
            ),
            Signatures(vec!["Za Zleceniodawcę".into(), "Za Zleceniobiorcę".into()]),
        ],
    }
}

/// Renders the agreement of a granted offer off the async threads. `409` unless granted.
pub async fn agreement_pdf(state: &AppState, o: &OfferView) -> Result<Vec<u8>, ApiError> {
    if o.status != OfferStatus::Granted {
        return Err(ApiError::Conflict(domain::FieldError::with_messages(
            "status",
            "Umowa powstaje po przyznaniu małego grantu.",
            "The agreement exists once the small grant is awarded.",
        )));
    }
    let org = store::organisations::get(&state.db, &o.offer.organisation_id).await?;
    let registry = Registry {
        krs: org.as_ref().and_then(|x| x.organisation.krs.clone()),
        nip: org.as_ref().and_then(|x| x.organisation.nip.clone()),
    };
    let doc = agreement_document(o, &registry);
    tokio::task::spawn_blocking(move || pdf::render(&doc))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// The file name of an agreement.
pub fn agreement_filename(o: &OfferView) -> String {
    format!("umowa-{}.pdf", agreement_number(o).replace('/', "-"))
}

/// The agreement of a granted small grant as an accessible PDF (tagged, PDF/UA-1) — for the
/// organisation's representatives and the municipality's officers.
#[utoipa::path(get, path = "/small-grants/{id}/agreement.pdf", tag = "small-grants", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "PDF"),
        (status = 404, body = Problem),
        (status = 409, description = "Not granted", body = Problem)))]
pub async fn agreement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let o = visible_offer(&state, Some(&user), &id).await?;
    if !can_see_agreement(Some(&user), &o) {
        return Err(ApiError::NotFound);
    }
    let bytes = agreement_pdf(&state, &o).await?;
    Ok(attachment(
        bytes,
        "application/pdf",
        &agreement_filename(&o),
    ))
}
