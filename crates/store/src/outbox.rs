//! The outbox: e-mails written in the same transaction as the change they tell about, sent by the
//! worker afterwards (so an acknowledged action never loses its confirmation, and a mail server
//! outage never loses an action). Without an SMTP server the mails stay readable in the mailbox
//! page of the demo/development mode.

use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::grants::entities::outbox;
use crate::ids::new_id;
use crate::{Db, StoreError};

pub use outbox::Model as Mail;

/// Queues an e-mail inside the caller's transaction.
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    recipient: &str,
    subject: &str,
    body: &str,
    now_us: i64,
) -> Result<(), StoreError> {
    let am = outbox::ActiveModel {
        id: Set(new_id()),
        recipient: Set(recipient.to_string()),
        subject: Set(subject.to_string()),
        body: Set(body.to_string()),
        created_at: Set(now_us),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
    };
    outbox::Entity::insert(am)
        .exec_without_returning(txn)
        .await?;
    Ok(())
}

/// Queues many e-mails `(recipient, subject, body)` in the caller's transaction, a few hundred
/// rows per statement.
pub async fn enqueue_all(
    txn: &impl crate::exec::Exec,
    mails: &[(&str, String, String, i64)],
) -> Result<(), StoreError> {
    const COLS: usize = 6;
    let backend = txn.backend();
    for chunk in mails.chunks(crate::rows::chunk_rows(COLS)) {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * COLS);
        for (recipient, subject, body, at) in chunk {
            values.extend([
                new_id().into(),
                recipient.to_string().into(),
                subject.clone().into(),
                body.clone().into(),
                (*at).into(),
                0i32.into(),
            ]);
        }
        let sql = format!(
            "INSERT INTO outbox (id, recipient, subject, body, created_at, attempts) VALUES {}",
            crate::rows::placeholders(backend, chunk.len(), COLS, 1)
        );
        txn.exec(&sql, values).await?;
    }
    Ok(())
}

/// Mails not sent yet, oldest first.
pub async fn pending(db: &Db, limit: u64) -> Result<Vec<Mail>, StoreError> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::Attempts.lt(10))
        .order_by_asc(outbox::Column::CreatedAt)
        .limit(limit)
        .all(db.read())
        .await?)
}

/// Marks a mail delivered (or records a failed attempt).
pub async fn mark(db: &Db, id: &str, now_us: i64, error: Option<String>) -> Result<(), StoreError> {
    let txn = db.begin().await?;
    if let Some(m) = outbox::Entity::find_by_id(id.to_string()).one(&txn).await? {
        let attempts = m.attempts + 1;
        let mut am: outbox::ActiveModel = m.into();
        am.attempts = Set(attempts);
        if error.is_none() {
            am.sent_at = Set(Some(now_us));
        }
        am.last_error = Set(error);
        am.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks many mails delivered in one transaction (one commit instead of one per mail, which
/// matters when the outbox shares the single writer with a surge of submissions).
pub async fn mark_sent(db: &Db, ids: &[String], now_us: i64) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::SentAt,
            sea_orm::sea_query::Expr::value(now_us),
        )
        .col_expr(
            outbox::Column::Attempts,
            sea_orm::sea_query::Expr::col(outbox::Column::Attempts).add(1),
        )
        .col_expr(
            outbox::Column::LastError,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.is_in(ids.iter().cloned()))
        .filter(outbox::Column::SentAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The mails sent to one address, newest first (the demo mailbox).
pub async fn mailbox(db: &Db, recipient: &str) -> Result<Vec<Mail>, StoreError> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(recipient))
        .order_by_desc(outbox::Column::CreatedAt)
        .limit(200)
        .all(db.read())
        .await?)
}
