//! The acceptance protocol of a micro-purchase: a short, accessible (tagged PDF/UA-1) document
//! with the parties, the order, expected against achieved outcomes and the officer's findings.

use axum::extract::{Path, State};
use axum::response::Response;
use domain::Lang;
use domain::purchases::{PurchaseStatus, THRESHOLD_NET};
use domain::time::{format_date, format_warsaw, from_micros};
use store::purchases::PurchaseView;

use super::export::attachment;
use super::visible_purchase;
use crate::AppState;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};

/// Who took part, as the protocol names them.
pub struct ProtocolParties {
    /// The supplier's KRS number, if known.
    pub supplier_krs: Option<String>,
    /// The supplier's NIP, if known.
    pub supplier_nip: Option<String>,
    /// The officer who accepted the results.
    pub officer_name: String,
}

/// The protocol as a document (Polish: it is an official record of the municipality).
pub fn protocol_document(v: &PurchaseView, parties: &ProtocolParties) -> pdf::Document {
    use pdf::Block::*;
    let pl = Lang::Pl;
    let p = &v.purchase;
    let accepted_at = p
        .decided_at
        .map(|us| format_warsaw(from_micros(us), pl))
        .unwrap_or_default();
    let mut supplier = vec![("Nazwa".to_string(), v.supplier_name.clone())];
    if let Some(k) = &parties.supplier_krs {
        supplier.push(("KRS".into(), k.clone()));
    }
    if let Some(n) = &parties.supplier_nip {
        supplier.push(("NIP".into(), n.clone()));
    }
    supplier.push((
        "Oświadczenie wykonawcy".into(),
        format!("prowadzi {}", v.activity.label(pl)),
    ));
    let achieved = v.achieved.clone().unwrap_or_default();
    let rows = v
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, expected)| {
            vec![
                format!("{}.", i + 1),
                expected.clone(),
                achieved.get(i).cloned().unwrap_or_default(),
            ]
        })
        .collect();
    let mut blocks = vec![
        Heading {
            level: 1,
            text: "Protokół odbioru usługi społecznej (mikrozakup)".into(),
        },
        Paragraph(format!(
            "Sporządzony {accepted_at} na platformie wspólnie. Odbiór rezultatów usługi zamówionej \
             poniżej progu stosowania ustawy Prawo zamówień publicznych ({} netto).",
            THRESHOLD_NET.to_polish()
        )),
        Heading {
            level: 2,
            text: "Zamawiający".into(),
        },
        Fields(vec![
            ("Gmina".into(), v.municipality_name.clone()),
            ("Jednostka zamawiająca".into(), p.buying_unit.clone()),
            ("Odbioru dokonał(a)".into(), parties.officer_name.clone()),
        ]),
        Heading {
            level: 2,
            text: "Wykonawca".into(),
        },
        Fields(supplier),
        Heading {
            level: 2,
            text: "Przedmiot zamówienia".into(),
        },
        Fields(vec![
            ("Rodzaj usługi".into(), v.kind_label()),
            ("Data zamówienia".into(), format_date(v.ordered_on, pl)),
            (
                "Okres realizacji".into(),
                format!(
                    "{} – {}",
                    format_date(v.start_date, pl),
                    format_date(v.end_date, pl)
                ),
            ),
            ("Wartość netto".into(), v.net.to_polish()),
            ("Wartość brutto".into(), v.gross.to_polish()),
            ("Rok budżetowy".into(), p.financial_year.to_string()),
            (
                "Suma netto zakupów tego rodzaju w roku".into(),
                v.year_sum.to_polish(),
            ),
        ]),
        Heading {
            level: 2,
            text: "Rezultaty".into(),
        },
        Table {
            headers: vec![
                "Lp.".into(),
                "Rezultat zamówiony".into(),
                "Rezultat osiągnięty (sprawozdanie wykonawcy)".into(),
            ],
            rows,
        },
    ];
    if let Some(c) = &p.report_comment {
        blocks.push(Paragraph(format!("Uwagi wykonawcy: {c}")));
    }
    if let Some(j) = &p.threshold_justification {
        blocks.push(Paragraph(format!(
            "Zakup przyjęto ponad próg sumy zakupów tego rodzaju na podstawie uzasadnienia, że nie \
             jest usługą tego samego rodzaju: {j}"
        )));
    }
    blocks.push(Heading {
        level: 2,
        text: "Ustalenia".into(),
    });
    blocks.push(Paragraph(match &p.decision_note {
        Some(note) => format!("Zamawiający odbiera rezultaty usługi. Uwagi: {note}"),
        None => "Zamawiający odbiera rezultaty usługi bez zastrzeżeń.".into(),
    }));
    blocks.push(Paragraph(format!(
        "Protokół jest podstawą zapłaty wynagrodzenia w wysokości {} brutto.",
        v.gross.to_polish()
    )));
    blocks.push(Signatures(vec![
        "Za Zamawiającego".into(),
        "Za Wykonawcę".into(),
    ]));
    pdf::Document {
        title: format!("Protokół odbioru: {} — {}", v.kind.name, v.supplier_name),
        lang: "pl".into(),
        author: format!("Gmina {}", v.municipality_name),
        subject: Some(format!(
            "Mikrozakup usługi społecznej, {} netto",
            v.net.to_polish()
        )),
        blocks,
    }
}

/// Renders the protocol of an accepted purchase, off the async threads. `409` before
/// acceptance.
pub async fn protocol_pdf(state: &AppState, v: &PurchaseView) -> Result<Vec<u8>, ApiError> {
    if v.status != PurchaseStatus::Accepted {
        return Err(ApiError::Conflict(domain::FieldError::with_messages(
            "status",
            "Protokół odbioru powstaje po odebraniu rezultatów przez urząd.",
            "The acceptance protocol exists once the office has accepted the results.",
        )));
    }
    let org = store::organisations::get(&state.db, &v.purchase.supplier_id).await?;
    let officer_name = match &v.purchase.decided_by {
        Some(id) => store::accounts::find_user(state.db.read(), id)
            .await?
            .map(|u| u.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let parties = ProtocolParties {
        supplier_krs: org.as_ref().and_then(|o| o.organisation.krs.clone()),
        supplier_nip: org.as_ref().and_then(|o| o.organisation.nip.clone()),
        officer_name,
    };
    let doc = protocol_document(v, &parties);
    tokio::task::spawn_blocking(move || pdf::render(&doc))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))
}

/// The file name of a protocol.
pub fn protocol_filename(v: &PurchaseView) -> String {
    format!("protokol-odbioru-{}.pdf", v.purchase.id)
}

/// The acceptance protocol of an accepted purchase as an accessible PDF (tagged, PDF/UA-1) —
/// for the municipality's officers and the supplier's representatives.
#[utoipa::path(get, path = "/purchases/{id}/protocol.pdf", tag = "purchases", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "PDF"),
        (status = 404, body = Problem),
        (status = 409, description = "Results not accepted yet", body = Problem)))]
pub async fn protocol(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let v = visible_purchase(&state, Some(&user), &id).await?;
    let bytes = protocol_pdf(&state, &v).await?;
    Ok(attachment(bytes, "application/pdf", &protocol_filename(&v)))
}
