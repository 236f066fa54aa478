//! The append-only audit log. Every state-changing action writes one entry in the same
//! transaction as the change. Each entry carries the SHA-256 of its content and of the previous
//! entry's hash, so editing or deleting any entry breaks the chain that [`verify`] walks.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder, Value};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use crate::entities::audit_entry;
use crate::exec::{Col, Exec, get};
use crate::{Db, StoreError};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One decision or change to record.
#[derive(Clone, Debug)]
pub struct NewEntry<'a> {
    /// Who did it (`None` for the system or the CLI).
    pub actor_user_id: Option<&'a str>,
    /// In which municipality it happened, if any.
    pub municipality_id: Option<&'a str>,
    /// What was done, e.g. `organisation.create`, `user.login`.
    pub action: &'a str,
    /// What kind of thing it was done to, e.g. `organisation`.
    pub subject_type: &'a str,
    pub subject_id: Option<&'a str>,
    /// Before/after or other facts that matter, as JSON.
    pub details: Json,
}

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: i64,
    actor: Option<&str>,
    municipality: Option<&str>,
    action: &str,
    subject_type: &str,
    subject_id: Option<&str>,
    details: &str,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        &seq.to_string(),
        &at.to_string(),
        actor.unwrap_or("\u{0}"),
        municipality.unwrap_or("\u{0}"),
        action,
        subject_type,
        subject_id.unwrap_or("\u{0}"),
        details,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Appends an entry inside the caller's transaction. Claims the next sequence number by updating
/// the single `audit_head` row first, which serialises concurrent appenders on both backends.
pub async fn append(
    txn: &impl ConnectionTrait,
    at_micros: i64,
    e: NewEntry<'_>,
) -> Result<i64, DbErr> {
    let mut cursor = Cursor::claim_next(txn).await?;
    let seq = cursor.insert(txn, at_micros, e).await?;
    cursor.flush(txn).await?;
    Ok(seq)
}

/// The head of the chain held in memory while one transaction appends many entries (the group
/// commit of submissions): the head row is claimed (and so locked) once, each entry costs one
/// INSERT, and [`Cursor::flush`] writes the head back before the commit. Nobody else can append
/// in between: the claim holds the head row's lock (PostgreSQL) or the single writer (SQLite).
#[derive(Debug)]
pub struct Cursor {
    seq: i64,
    hash: String,
    /// The sequence number the claim already wrote to the head (see `claim_next`).
    claimed: i64,
}

impl Cursor {
    /// Locks the head row and reads it.
    pub async fn claim(txn: &impl Exec) -> Result<Cursor, DbErr> {
        Self::claim_with(
            txn,
            "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash",
        )
        .await
    }

    /// Like [`Cursor::claim`], but already moves the head's number on by one, which keeps the
    /// single `append` at three statements.
    async fn claim_next(txn: &impl Exec) -> Result<Cursor, DbErr> {
        let mut c = Self::claim_with(
            txn,
            "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
        )
        .await?;
        c.seq -= 1;
        Ok(c)
    }

    async fn claim_with(txn: &impl Exec, sql: &str) -> Result<Cursor, DbErr> {
        let rows = txn.rows(sql, Vec::new(), &[Col::I64, Col::Text]).await?;
        let row = rows
            .first()
            .ok_or_else(|| DbErr::Custom("audit_head row is missing".into()))?;
        let seq: i64 = get(row, 0)?;
        let hash: String = get(row, 1)?;
        Ok(Cursor {
            seq,
            hash,
            claimed: seq,
        })
    }

    /// Inserts the next entry of the chain; returns its sequence number.
    pub async fn insert(
        &mut self,
        txn: &impl Exec,
        at_micros: i64,
        e: NewEntry<'_>,
    ) -> Result<i64, DbErr> {
        self.insert_all(txn, &[(at_micros, e)]).await?;
        Ok(self.seq)
    }

    /// Inserts the next entries of the chain, at most a few hundred rows per statement (a
    /// batch costs a round trip or two instead of one per entry).
    pub async fn insert_all(
        &mut self,
        txn: &impl Exec,
        entries: &[(i64, NewEntry<'_>)],
    ) -> Result<(), DbErr> {
        const COLS: usize = 10;
        let backend = txn.backend();
        let opt = |v: Option<&str>| -> Value { v.map(str::to_string).into() };
        for chunk in entries.chunks(crate::rows::chunk_rows(COLS)) {
            let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * COLS);
            for (at_micros, e) in chunk {
                let seq = self.seq + 1;
                let details = e.details.to_string();
                let hash = entry_hash(
                    &self.hash,
                    seq,
                    *at_micros,
                    e.actor_user_id,
                    e.municipality_id,
                    e.action,
                    e.subject_type,
                    e.subject_id,
                    &details,
                );
                values.extend([
                    seq.into(),
                    (*at_micros).into(),
                    opt(e.actor_user_id),
                    opt(e.municipality_id),
                    e.action.into(),
                    e.subject_type.into(),
                    opt(e.subject_id),
                    details.into(),
                    std::mem::replace(&mut self.hash, hash.clone()).into(),
                    hash.into(),
                ]);
                self.seq = seq;
            }
            let sql = format!(
                "INSERT INTO audit_log (seq, at, actor_user_id, municipality_id, action, \
                 subject_type, subject_id, details, prev_hash, hash) VALUES {}",
                crate::rows::placeholders(backend, chunk.len(), COLS, 1)
            );
            txn.exec(&sql, values).await?;
        }
        Ok(())
    }

    /// Writes the head back (one UPDATE); call before the commit, after the last insert.
    pub async fn flush(&mut self, txn: &impl Exec) -> Result<(), DbErr> {
        let backend = txn.backend();
        let (sql, values): (&str, Vec<Value>) = match (backend, self.seq == self.claimed) {
            (sea_orm::DbBackend::Postgres, true) => (
                "UPDATE audit_head SET hash = $1 WHERE id = 1",
                vec![self.hash.clone().into()],
            ),
            (sea_orm::DbBackend::Postgres, false) => (
                "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1",
                vec![self.seq.into(), self.hash.clone().into()],
            ),
            (_, true) => (
                "UPDATE audit_head SET hash = ? WHERE id = 1",
                vec![self.hash.clone().into()],
            ),
            (_, false) => (
                "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
                vec![self.seq.into(), self.hash.clone().into()],
            ),
        };
        txn.exec(sql, values).await?;
        self.claimed = self.seq;
        Ok(())
    }
}

/// What [`verify`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every entry is intact and none is missing.
    Intact { entries: i64 },
    /// The first broken place: which sequence number and why.
    Broken { seq: i64, reason: String },
}

/// Walks the whole log in order and checks every hash, link and sequence number, and that the
/// head points at the last entry (so deleting the newest entries is detected too).
pub async fn verify(db: &Db) -> Result<Verification, StoreError> {
    let entries = audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Seq)
        .all(db.read())
        .await?;
    let mut prev = GENESIS.to_string();
    let mut expected_seq = 1;
    for e in &entries {
        if e.seq != expected_seq {
            return Ok(Verification::Broken {
                seq: expected_seq,
                reason: format!("entry {expected_seq} is missing (next found: {})", e.seq),
            });
        }
        if e.prev_hash != prev {
            return Ok(Verification::Broken {
                seq: e.seq,
                reason: "link to the previous entry does not match".into(),
            });
        }
        let h = entry_hash(
            &e.prev_hash,
            e.seq,
            e.at,
            e.actor_user_id.as_deref(),
            e.municipality_id.as_deref(),
            &e.action,
            &e.subject_type,
            e.subject_id.as_deref(),
            &e.details,
        );
        if h != e.hash {
            return Ok(Verification::Broken {
                seq: e.seq,
                reason: "content was changed after it was written".into(),
            });
        }
        prev = e.hash.clone();
        expected_seq += 1;
    }
    let head = crate::entities::audit_head::Entity::find_by_id(1)
        .one(db.read())
        .await?
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("audit_head row is missing")))?;
    if head.seq != expected_seq - 1 || head.hash != prev {
        return Ok(Verification::Broken {
            seq: head.seq,
            reason: format!(
                "the log ends at entry {} but {} entries were written",
                expected_seq - 1,
                head.seq
            ),
        });
    }
    Ok(Verification::Intact {
        entries: expected_seq - 1,
    })
}

/// The newest entries about one subject (for "history" blocks on pages).
pub async fn for_subject(
    db: &Db,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<audit_entry::Model>, StoreError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectType.eq(subject_type))
        .filter(audit_entry::Column::SubjectId.eq(subject_id))
        .order_by_asc(audit_entry::Column::Seq)
        .all(db.read())
        .await?)
}
