//! Portable backups: every table's rows as JSON lines, read in one consistent snapshot while the
//! server keeps running, restorable into SQLite or PostgreSQL (so a backup is also the way to move
//! a deployment from the embedded database to PostgreSQL).

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, IsolationLevel,
    TransactionTrait,
};
use serde_json::{Value, json};

use crate::consultations::entities::{
    consultation, consultation_comment, cooperation_programme, cooperation_reminder,
};
use crate::council::entities::{
    council, council_attendance, council_ballot, council_ballot_mark, council_candidate,
    council_election, council_meeting, council_member, council_opinion_request, council_request,
    council_request_signature, council_resolution, council_vote,
};
use crate::entities::*;
use crate::grants::entities::{
    agreement, application, budget_line, call, committee_member, criterion, declaration, file,
    outbox, programme, report, result, score_sheet,
};
use crate::practices::entities::{meeting, meeting_practice, practice};
use crate::purchases::entities::{purchase, purchase_kind, purchase_kind_year};
use crate::small_grants::entities::{
    small_grant, small_grant_budget_line, small_grant_comment, small_grant_pool,
};
use crate::{Backend, Db, StoreError};

const FORMAT: &str = "wspolnie-backup";
const VERSION: u32 = 1;

/// Tables in an order that satisfies foreign keys when inserting (reverse it to delete).
macro_rules! for_each_table {
    ($m:ident) => {
        $m!(metropolis, "metropolises");
        $m!(municipality, "municipalities");
        $m!(user, "users");
        $m!(role_assignment, "role_assignments");
        $m!(api_token, "api_tokens");
        $m!(organisation, "organisations");
        $m!(organisation_member, "organisation_members");
        $m!(organisation_representative, "organisation_representatives");
        $m!(programme, "programmes");
        $m!(call, "calls");
        $m!(criterion, "criteria");
        $m!(application, "applications");
        $m!(budget_line, "budget_lines");
        $m!(committee_member, "committee_members");
        $m!(declaration, "declarations");
        $m!(score_sheet, "score_sheets");
        $m!(result, "results");
        $m!(agreement, "agreements");
        $m!(report, "reports");
        $m!(file, "files");
        $m!(outbox, "outbox");
        $m!(purchase_kind, "purchase_kinds");
        $m!(purchase_kind_year, "purchase_kind_years");
        $m!(purchase, "purchases");
        $m!(small_grant_pool, "small_grant_pools");
        $m!(small_grant, "small_grants");
        $m!(small_grant_budget_line, "small_grant_budget_lines");
        $m!(small_grant_comment, "small_grant_comments");
        $m!(practice, "practices");
        $m!(council_request, "council_requests");
        $m!(council_request_signature, "council_request_signatures");
        $m!(council, "councils");
        $m!(council_member, "council_members");
        $m!(council_election, "council_elections");
        $m!(council_candidate, "council_candidates");
        $m!(council_ballot, "council_ballots");
        $m!(council_ballot_mark, "council_ballot_marks");
        $m!(council_meeting, "council_meetings");
        $m!(council_attendance, "council_attendance");
        $m!(council_opinion_request, "council_opinion_requests");
        $m!(council_resolution, "council_resolutions");
        $m!(council_vote, "council_votes");
        $m!(consultation, "consultations");
        $m!(consultation_comment, "consultation_comments");
        $m!(cooperation_programme, "cooperation_programmes");
        $m!(cooperation_reminder, "cooperation_reminders");
        $m!(meeting, "practice_meetings");
        $m!(meeting_practice, "practice_meeting_practices");
        $m!(audit_entry, "audit_log");
    };
}

/// What a backup or restore moved.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub tables: usize,
    pub rows: usize,
}

/// Writes a consistent copy of the database to `path` (via a temporary file renamed at the end).
pub async fn backup(db: &Db, path: &Path) -> Result<Summary, StoreError> {
    let txn = match db.backend() {
        Backend::Postgres => {
            db.read()
                .begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?
        }
        Backend::Sqlite => db.read().begin().await?,
    };
    let tmp = path.with_extension("partial");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut out = BufWriter::new(file);
    let mut summary = Summary::default();
    let header = json!({"format": FORMAT, "version": VERSION,
        "created_at": jiff::Timestamp::now().to_string()});
    writeln!(out, "{header}").map_err(io)?;
    macro_rules! dump {
        ($module:ident, $table:literal) => {
            let rows = $module::Entity::find().all(&txn).await?;
            summary.tables += 1;
            for row in rows {
                let line = json!({"table": $table, "row": row});
                writeln!(out, "{line}").map_err(io)?;
                summary.rows += 1;
            }
        };
    }
    for_each_table!(dump);
    let head = audit_head::Entity::find_by_id(1).one(&txn).await?;
    writeln!(out, "{}", json!({"table": "audit_head", "row": head})).map_err(io)?;
    txn.commit().await?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(summary)
}

/// Replaces the whole content of the database with the backup at `path`, in one transaction:
/// either everything is restored or nothing changes.
pub async fn restore(db: &Db, path: &Path) -> Result<Summary, StoreError> {
    let file = std::fs::File::open(path).map_err(io)?;
    let mut lines = BufReader::new(file).lines();
    let header: Value =
        serde_json::from_str(&lines.next().ok_or_else(|| bad("empty file"))?.map_err(io)?)
            .map_err(|e| bad(&e.to_string()))?;
    if header["format"] != FORMAT || header["version"] != VERSION {
        return Err(bad("not a wspólnie backup of a supported version"));
    }
    let mut by_table: std::collections::HashMap<String, Vec<Value>> = Default::default();
    for line in lines {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let mut v: Value = serde_json::from_str(&line).map_err(|e| bad(&e.to_string()))?;
        let table = v["table"]
            .as_str()
            .ok_or_else(|| bad("line without a table"))?
            .to_string();
        by_table.entry(table).or_default().push(v["row"].take());
    }
    let txn = db.begin().await?;
    let mut summary = Summary::default();
    let mut names: Vec<&str> = Vec::new();
    macro_rules! name {
        ($module:ident, $table:literal) => {
            names.push($table);
        };
    }
    for_each_table!(name);
    txn.execute_unprepared("DELETE FROM sessions").await?;
    txn.execute_unprepared("DELETE FROM login_throttle").await?;
    for table in names.iter().rev() {
        txn.execute_unprepared(&format!("DELETE FROM {table}"))
            .await?;
    }
    macro_rules! load {
        ($module:ident, $table:literal) => {
            let rows = by_table.remove($table).unwrap_or_default();
            let mut models = Vec::with_capacity(rows.len());
            for r in rows {
                let m: $module::Model =
                    serde_json::from_value(r).map_err(|e| bad(&e.to_string()))?;
                models.push(m);
            }
            sort_for_insert(&mut models);
            summary.tables += 1;
            summary.rows += models.len();
            insert_all::<$module::Entity, _>(&txn, models).await?;
        };
    }
    for_each_table!(load);
    // What search can find changed: no server may trust results cached before the restore.
    crate::practices::cache::bump(&txn).await?;
    if let Some(head) = by_table.remove("audit_head").and_then(|mut v| v.pop()) {
        let head: audit_head::Model =
            serde_json::from_value(head).map_err(|e| bad(&e.to_string()))?;
        audit_head::Entity::update(audit_head::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(1),
            seq: sea_orm::ActiveValue::Set(head.seq),
            hash: sea_orm::ActiveValue::Set(head.hash),
        })
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(summary)
}

/// Rows that point at a patron organisation go after the rows without one (patrons are NGOs,
/// which never have a patron themselves).
fn sort_for_insert<T: serde::Serialize>(models: &mut [T]) {
    models.sort_by_key(|m| {
        let v = serde_json::to_value(m).unwrap_or(Value::Null);
        u8::from(!v["patron_organisation_id"].is_null())
    });
}

async fn insert_all<E, M>(txn: &DatabaseTransaction, models: Vec<M>) -> Result<(), StoreError>
where
    E: EntityTrait<Model = M>,
    M: IntoActiveModel<E::ActiveModel> + sea_orm::ModelTrait + Clone,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    for chunk in models.chunks(200) {
        let actives: Vec<E::ActiveModel> = chunk
            .iter()
            .cloned()
            .map(|m| m.into_active_model())
            .collect();
        E::insert_many(actives).exec_without_returning(txn).await?;
    }
    Ok(())
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Other(anyhow::anyhow!("backup file: {e}"))
}

fn bad(why: &str) -> StoreError {
    StoreError::Other(anyhow::anyhow!("invalid backup file: {why}"))
}
