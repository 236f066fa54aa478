//! Micro-purchases of social services: the municipality's catalogue of kinds of service, purchases
//! from NGOs checked against the procurement threshold, acceptance by results and payment.
//!
//! The threshold check and the insert happen in one write transaction that first locks the
//! `(kind, financial year)` row of `purchase_kind_years` (`SELECT … FOR UPDATE` on PostgreSQL;
//! SQLite has one writer, and every write transaction starts with `BEGIN IMMEDIATE`). Two
//! purchases of one kind submitted at the same moment are therefore checked one after the other,
//! and cannot together take the sum to the threshold.

pub mod entities;

use std::collections::HashMap;

use domain::purchases::{
    Acceptance, PurchaseStatus, SupplierActivity, ThresholdCheck, ThresholdRefusal, ValidKind,
    ValidPurchase, ValidReport, check_threshold,
};
use domain::time::{parse_date, to_micros};
use domain::{FieldError, Grosze};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::json;

use crate::audit::{self, NewEntry};
use crate::entities::{municipality, organisation, organisation_representative};
use crate::error::is_unique_violation;
use crate::ids::new_id;
use crate::{Db, StoreError};
pub use entities::purchase::Model as Purchase;
pub use entities::purchase_kind::Model as Kind;
use entities::{purchase, purchase_kind, purchase_kind_year};

/// A purchase with everything its page, the API and the exports show.
#[derive(Clone, Debug)]
pub struct PurchaseView {
    pub purchase: Purchase,
    pub status: PurchaseStatus,
    pub activity: SupplierActivity,
    pub kind: Kind,
    pub supplier_name: String,
    pub supplier_representative_ids: Vec<String>,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub net: Grosze,
    pub gross: Grosze,
    pub ordered_on: Date,
    pub start_date: Date,
    pub end_date: Date,
    pub paid_on: Option<Date>,
    pub outcomes: Vec<String>,
    pub achieved: Option<Vec<String>>,
    /// The net sum of the kind's purchases in the purchase's financial year, now.
    pub year_sum: Grosze,
}

impl PurchaseView {
    /// The kind as people read it: "code — name".
    pub fn kind_label(&self) -> String {
        kind_label(&self.kind)
    }
}

/// "code — name".
pub fn kind_label(k: &Kind) -> String {
    format!("{} — {}", k.code, k.name)
}

/// A kind of service with its sum in one financial year.
#[derive(Clone, Debug)]
pub struct KindYear {
    pub kind: Kind,
    pub net_total: Grosze,
    pub purchase_count: i32,
}

/// What creating a purchase did to the kind's yearly sum.
#[derive(Clone, Debug)]
pub struct CreatedPurchase {
    pub id: String,
    pub check: ThresholdCheck,
    /// Whether the purchase reached the threshold and was accepted on the officer's justification.
    pub justified: bool,
}

fn money(g: i64) -> Grosze {
    Grosze::from_grosze(g).unwrap_or(Grosze::ZERO)
}

fn date(s: &str) -> Result<Date, StoreError> {
    parse_date(s).map_err(|_| StoreError::Other(anyhow::anyhow!("stored date {s:?} is invalid")))
}

fn lines(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn to_json(lines: &[String]) -> String {
    serde_json::Value::from(lines.to_vec()).to_string()
}

// ---- the catalogue ---------------------------------------------------------------------------

/// The municipality's kinds of service by code; inactive ones only when asked for.
pub async fn kinds(
    db: &Db,
    municipality_id: &str,
    include_inactive: bool,
) -> Result<Vec<Kind>, StoreError> {
    let mut q = purchase_kind::Entity::find()
        .filter(purchase_kind::Column::MunicipalityId.eq(municipality_id));
    if !include_inactive {
        q = q.filter(purchase_kind::Column::Active.eq(true));
    }
    Ok(q.order_by_asc(purchase_kind::Column::Code)
        .all(db.read())
        .await?)
}

/// A kind of service by id.
pub async fn kind(db: &Db, id: &str) -> Result<Option<Kind>, StoreError> {
    Ok(purchase_kind::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?)
}

/// Adds a kind of service to the catalogue. `409` when the code is taken in the municipality.
/// Audited as `purchase_kind.create`.
pub async fn create_kind(
    db: &Db,
    municipality_id: &str,
    k: &ValidKind,
    actor: &str,
    now: Timestamp,
) -> Result<Kind, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let id = new_id();
    let res = purchase_kind::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        code: Set(k.code.clone()),
        name: Set(k.name.clone()),
        active: Set(true),
        created_at: Set(now_us),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await;
    let kind = match res {
        Ok(kind) => kind,
        Err(e) if is_unique_violation(&e) => {
            return Err(StoreError::conflict(
                "code",
                &format!(
                    "Rodzaj usługi o kodzie {} już jest w katalogu gminy.",
                    k.code
                ),
                &format!(
                    "A kind of service with the code {} is already in the catalogue.",
                    k.code
                ),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "purchase_kind.create",
            subject_type: "purchase_kind",
            subject_id: Some(&id),
            details: json!({"code": k.code, "name": k.name}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(kind)
}

/// Renames a kind or (de)activates it. Audited as `purchase_kind.update` with before and after.
pub async fn update_kind(
    db: &Db,
    id: &str,
    name: Option<String>,
    active: Option<bool>,
    actor: &str,
    now: Timestamp,
) -> Result<Kind, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let before = purchase_kind::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am: purchase_kind::ActiveModel = before.clone().into();
    if let Some(n) = &name {
        am.name = Set(n.clone());
    }
    if let Some(a) = active {
        am.active = Set(a);
    }
    am.updated_at = Set(now_us);
    let after = am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&before.municipality_id),
            action: "purchase_kind.update",
            subject_type: "purchase_kind",
            subject_id: Some(id),
            details: json!({
                "before": {"name": before.name, "active": before.active},
                "after": {"name": after.name, "active": after.active},
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The kind `kind_id` if it is an active kind of the municipality, else a field error.
pub async fn check_kind(db: &Db, municipality_id: &str, kind_id: &str) -> Result<Kind, StoreError> {
    let found = purchase_kind::Entity::find_by_id(kind_id.to_string())
        .one(db.read())
        .await?;
    usable_kind(found, municipality_id).map_err(|e| StoreError::Invalid(vec![e]))
}

fn usable_kind(found: Option<Kind>, municipality_id: &str) -> Result<Kind, FieldError> {
    match found {
        Some(k) if k.municipality_id == municipality_id && k.active => Ok(k),
        _ => Err(FieldError::with_messages(
            "kind_id",
            "Wybierz rodzaj usługi z aktywnego katalogu gminy.",
            "Choose a kind of service from the municipality's active catalogue.",
        )),
    }
}

/// The organisation `supplier_id` if it is an NGO of the platform, else a field error.
pub async fn check_supplier(db: &Db, supplier_id: &str) -> Result<organisation::Model, StoreError> {
    let found = organisation::Entity::find_by_id(supplier_id.to_string())
        .one(db.read())
        .await?;
    usable_supplier(found).map_err(|e| StoreError::Invalid(vec![e]))
}

fn usable_supplier(found: Option<organisation::Model>) -> Result<organisation::Model, FieldError> {
    match found {
        Some(o) if o.kind == domain::organisations::OrganisationKind::Ngo.as_str() => Ok(o),
        _ => Err(FieldError::with_messages(
            "supplier_id",
            "Wykonawcą mikrozakupu może być organizacja pozarządowa zarejestrowana na platformie (nie grupa nieformalna: nie może wystawić rachunku).",
            "The supplier must be an NGO registered on the platform (not an informal group: it cannot invoice).",
        )),
    }
}

// ---- purchases ------------------------------------------------------------------------------

/// Records a purchase after checking it against the threshold, in one transaction that locks the
/// kind's yearly sum. `409` when the sum would reach 130 000,00 zł and no justification was
/// given (the message names the current sum and the threshold); `422` for an unknown or inactive
/// kind, or a supplier that is not an NGO. Audited as `purchase.create` with the sums before and
/// after and, when the threshold was reached, the officer's justification.
pub async fn create(
    db: &Db,
    municipality_id: &str,
    kind_id: &str,
    supplier_id: &str,
    p: &ValidPurchase,
    actor: &str,
    now: Timestamp,
) -> Result<CreatedPurchase, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let kind = purchase_kind::Entity::find_by_id(kind_id.to_string())
        .one(&txn)
        .await?;
    let kind = usable_kind(kind, municipality_id);
    let supplier = organisation::Entity::find_by_id(supplier_id.to_string())
        .one(&txn)
        .await?;
    let supplier = usable_supplier(supplier);
    let (kind, supplier) = match (kind, supplier) {
        (Ok(k), Ok(s)) => (k, s),
        (k, s) => {
            return Err(StoreError::Invalid(
                [k.err(), s.err()].into_iter().flatten().collect(),
            ));
        }
    };
    let year = i32::from(p.financial_year);
    let tally = lock_kind_year(&txn, municipality_id, &kind.id, year, now_us).await?;
    let check = check_threshold(money(tally.net_total), p.net);
    let justified = check.refused();
    if check.refused() && p.justification.is_none() {
        let refusal = ThresholdRefusal {
            kind: kind_label(&kind),
            year: p.financial_year,
            check,
        };
        return Err(StoreError::Conflict(FieldError::new(
            "justification",
            &refusal,
        )));
    }
    let id = new_id();
    purchase::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        kind_id: Set(kind.id.clone()),
        supplier_id: Set(supplier.id.clone()),
        buying_unit: Set(p.buying_unit.clone()),
        supplier_activity: Set(p.supplier_activity.as_str().to_string()),
        net: Set(p.net.as_grosze()),
        gross: Set(p.gross.as_grosze()),
        financial_year: Set(year),
        ordered_on: Set(p.ordered_on.to_string()),
        start_date: Set(p.start_date.to_string()),
        end_date: Set(p.end_date.to_string()),
        outcomes: Set(to_json(&p.outcomes)),
        status: Set(PurchaseStatus::Ordered.as_str().to_string()),
        threshold_justification: Set(p.justification.clone().filter(|_| justified)),
        achieved: Set(None),
        report_comment: Set(None),
        reported_at: Set(None),
        reported_by: Set(None),
        decided_at: Set(None),
        decided_by: Set(None),
        decision_note: Set(None),
        paid_on: Set(None),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    purchase_kind_year::ActiveModel {
        id: Set(tally.id.clone()),
        net_total: Set(check.sum_after.as_grosze()),
        purchase_count: Set(tally.purchase_count + 1),
        updated_at: Set(now_us),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action: "purchase.create",
            subject_type: "purchase",
            subject_id: Some(&id),
            details: json!({
                "kind": kind_label(&kind),
                "supplier_id": supplier.id,
                "supplier": supplier.name,
                "supplier_activity": p.supplier_activity.as_str(),
                "net": p.net.to_string(),
                "gross": p.gross.to_string(),
                "financial_year": p.financial_year,
                "year_sum_before": check.current.to_string(),
                "year_sum_after": check.sum_after.to_string(),
                "threshold_level": check.level.as_str(),
                "threshold_justification": p.justification.as_ref().filter(|_| justified),
            }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(CreatedPurchase {
        id,
        check,
        justified,
    })
}

/// Makes sure the `(kind, year)` row exists and locks it for the rest of the transaction.
async fn lock_kind_year(
    txn: &DatabaseTransaction,
    municipality_id: &str,
    kind_id: &str,
    year: i32,
    now_us: i64,
) -> Result<purchase_kind_year::Model, StoreError> {
    let row = purchase_kind_year::ActiveModel {
        id: Set(new_id()),
        municipality_id: Set(municipality_id.to_string()),
        kind_id: Set(kind_id.to_string()),
        year: Set(year),
        net_total: Set(0),
        purchase_count: Set(0),
        updated_at: Set(now_us),
    };
    purchase_kind_year::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                purchase_kind_year::Column::KindId,
                purchase_kind_year::Column::Year,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    // FOR UPDATE on PostgreSQL (waits for a concurrent purchase of the kind to commit, then reads
    // its sum); SQLite ignores the clause: its writer is already exclusive.
    purchase_kind_year::Entity::find()
        .filter(purchase_kind_year::Column::KindId.eq(kind_id))
        .filter(purchase_kind_year::Column::Year.eq(year))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("kind-year row vanished")))
}

/// A purchase with its kind, supplier and the kind's yearly sum.
pub async fn get(db: &Db, id: &str) -> Result<Option<PurchaseView>, StoreError> {
    let Some(p) = purchase::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    Ok(views(db, vec![p]).await?.pop())
}

/// The purchases of a municipality in a financial year, by order date then creation.
pub async fn list(
    db: &Db,
    municipality_id: &str,
    year: i16,
) -> Result<Vec<PurchaseView>, StoreError> {
    let rows = purchase::Entity::find()
        .filter(purchase::Column::MunicipalityId.eq(municipality_id))
        .filter(purchase::Column::FinancialYear.eq(i32::from(year)))
        .order_by_asc(purchase::Column::OrderedOn)
        .order_by_asc(purchase::Column::CreatedAt)
        .all(db.read())
        .await?;
    views(db, rows).await
}

async fn views(db: &Db, rows: Vec<Purchase>) -> Result<Vec<PurchaseView>, StoreError> {
    let conn = db.read();
    let ids = |f: fn(&Purchase) -> &String| -> Vec<String> {
        let mut v: Vec<String> = rows.iter().map(|p| f(p).clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let kinds: HashMap<String, Kind> = purchase_kind::Entity::find()
        .filter(purchase_kind::Column::Id.is_in(ids(|p| &p.kind_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|k| (k.id.clone(), k))
        .collect();
    let supplier_ids = ids(|p| &p.supplier_id);
    let suppliers: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(supplier_ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut reps: HashMap<String, Vec<String>> = HashMap::new();
    for r in organisation_representative::Entity::find()
        .filter(organisation_representative::Column::OrganisationId.is_in(supplier_ids))
        .all(conn)
        .await?
    {
        reps.entry(r.organisation_id).or_default().push(r.user_id);
    }
    let municipalities: HashMap<String, (String, String)> = municipality::Entity::find()
        .filter(municipality::Column::Id.is_in(ids(|p| &p.municipality_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.slug, m.name)))
        .collect();
    let sums: HashMap<(String, i32), i64> = purchase_kind_year::Entity::find()
        .filter(purchase_kind_year::Column::KindId.is_in(ids(|p| &p.kind_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| ((s.kind_id, s.year), s.net_total))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let broken = || StoreError::Other(anyhow::anyhow!("purchase {} is inconsistent", p.id));
        let kind = kinds.get(&p.kind_id).cloned().ok_or_else(broken)?;
        let (municipality_slug, municipality_name) = municipalities
            .get(&p.municipality_id)
            .cloned()
            .ok_or_else(broken)?;
        out.push(PurchaseView {
            status: PurchaseStatus::parse(&p.status).ok_or_else(broken)?,
            activity: SupplierActivity::parse(&p.supplier_activity).ok_or_else(broken)?,
            supplier_name: suppliers.get(&p.supplier_id).cloned().unwrap_or_default(),
            supplier_representative_ids: reps.get(&p.supplier_id).cloned().unwrap_or_default(),
            municipality_slug,
            municipality_name,
            net: money(p.net),
            gross: money(p.gross),
            ordered_on: date(&p.ordered_on)?,
            start_date: date(&p.start_date)?,
            end_date: date(&p.end_date)?,
            paid_on: p.paid_on.as_deref().map(date).transpose()?,
            outcomes: lines(&p.outcomes),
            achieved: p.achieved.as_deref().map(lines),
            year_sum: money(
                sums.get(&(p.kind_id.clone(), p.financial_year))
                    .copied()
                    .unwrap_or(0),
            ),
            kind,
            purchase: p,
        });
    }
    Ok(out)
}

/// Every kind of the municipality (active, or with purchases that year) with its sum in `year`.
pub async fn summary(
    db: &Db,
    municipality_id: &str,
    year: i16,
) -> Result<Vec<KindYear>, StoreError> {
    let sums: HashMap<String, purchase_kind_year::Model> = purchase_kind_year::Entity::find()
        .filter(purchase_kind_year::Column::MunicipalityId.eq(municipality_id))
        .filter(purchase_kind_year::Column::Year.eq(i32::from(year)))
        .all(db.read())
        .await?
        .into_iter()
        .map(|s| (s.kind_id.clone(), s))
        .collect();
    Ok(kinds(db, municipality_id, true)
        .await?
        .into_iter()
        .filter_map(|kind| {
            let s = sums.get(&kind.id);
            let count = s.map_or(0, |s| s.purchase_count);
            (kind.active || count > 0).then(|| KindYear {
                net_total: money(s.map_or(0, |s| s.net_total)),
                purchase_count: count,
                kind,
            })
        })
        .collect())
}

/// The financial years in which the municipality has purchases, newest first.
pub async fn years(db: &Db, municipality_id: &str) -> Result<Vec<i16>, StoreError> {
    let mut years: Vec<i16> = purchase_kind_year::Entity::find()
        .filter(purchase_kind_year::Column::MunicipalityId.eq(municipality_id))
        .filter(purchase_kind_year::Column::PurchaseCount.gt(0))
        .all(db.read())
        .await?
        .into_iter()
        .filter_map(|s| i16::try_from(s.year).ok())
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    Ok(years)
}

async fn lock_purchase(txn: &DatabaseTransaction, id: &str) -> Result<Purchase, StoreError> {
    purchase::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

fn status_of(p: &Purchase) -> Result<PurchaseStatus, StoreError> {
    PurchaseStatus::parse(&p.status)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("purchase {} has a bad status", p.id)))
}

/// The supplier reports the outcomes achieved. `409` unless the purchase is ordered or its last
/// report was rejected. Audited as `purchase.report`.
pub async fn report(
    db: &Db,
    id: &str,
    r: &ValidReport,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let p = lock_purchase(&txn, id).await?;
    if !status_of(&p)?.can_report() {
        return Err(StoreError::conflict(
            "status",
            "Sprawozdanie z rezultatów zostało już złożone; czeka na decyzję urzędu albo zakup jest odebrany.",
            "The results report has already been submitted; it waits for the office's decision or the purchase is accepted.",
        ));
    }
    let mut am: purchase::ActiveModel = p.clone().into();
    am.status = Set(PurchaseStatus::Reported.as_str().to_string());
    am.achieved = Set(Some(to_json(&r.achieved)));
    am.report_comment = Set(r.comment.clone());
    am.reported_at = Set(Some(now_us));
    am.reported_by = Set(Some(actor.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&p.municipality_id),
            action: "purchase.report",
            subject_type: "purchase",
            subject_id: Some(id),
            details: json!({"achieved": r.achieved, "comment": r.comment, "previous_status": p.status}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The officer accepts the results (the protocol can then be generated) or rejects them with
/// reasons. `409` unless results were reported. Audited as `purchase.accept` / `purchase.reject`.
pub async fn decide(
    db: &Db,
    id: &str,
    a: &Acceptance,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let p = lock_purchase(&txn, id).await?;
    if !status_of(&p)?.can_decide() {
        return Err(StoreError::conflict(
            "status",
            "Odebrać albo odmówić odbioru można dopiero po złożeniu sprawozdania z rezultatów przez wykonawcę.",
            "Results can be accepted or rejected only after the supplier has reported them.",
        ));
    }
    let (status, note, action) = match a {
        Acceptance::Accepted { note } => {
            (PurchaseStatus::Accepted, note.clone(), "purchase.accept")
        }
        Acceptance::Rejected { reason } => (
            PurchaseStatus::Rejected,
            Some(reason.clone()),
            "purchase.reject",
        ),
    };
    let mut am: purchase::ActiveModel = p.clone().into();
    am.status = Set(status.as_str().to_string());
    am.decision_note = Set(note.clone());
    am.decided_at = Set(Some(now_us));
    am.decided_by = Set(Some(actor.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&p.municipality_id),
            action,
            subject_type: "purchase",
            subject_id: Some(id),
            details: json!({"note": note}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records that an accepted purchase was paid on `paid_on`. `409` unless accepted, or when it is
/// already recorded as paid on another day (the same day again changes nothing). Audited as
/// `purchase.payment`.
pub async fn record_payment(
    db: &Db,
    id: &str,
    paid_on: Date,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let p = lock_purchase(&txn, id).await?;
    if !status_of(&p)?.can_pay() {
        return Err(StoreError::conflict(
            "status",
            "Płatność można odnotować dopiero po odbiorze rezultatów.",
            "Payment can be recorded only after the results were accepted.",
        ));
    }
    let day = paid_on.to_string();
    match p.paid_on.as_deref() {
        Some(d) if d == day => return Ok(()),
        Some(d) => {
            return Err(StoreError::conflict(
                "paid_on",
                &format!("Płatność została już odnotowana z datą {d}."),
                &format!("The payment is already recorded as made on {d}."),
            ));
        }
        None => {}
    }
    if date(&p.ordered_on)? > paid_on {
        return Err(StoreError::invalid(
            "paid_on",
            "Data płatności nie może być wcześniejsza niż data zamówienia.",
            "The payment date cannot be before the order date.",
        ));
    }
    let mut am: purchase::ActiveModel = p.clone().into();
    am.paid_on = Set(Some(day.clone()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit::append(
        &txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(&p.municipality_id),
            action: "purchase.payment",
            subject_type: "purchase",
            subject_id: Some(id),
            details: json!({"paid_on": day}),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
