//! Group commit for submissions. At a deadline hundreds of applicants press "submit" in the same
//! second; on SQLite every commit is an fsync, so one transaction per submission caps throughput
//! at the disk's fsync rate. Submissions are queued to one task that takes everything waiting,
//! runs each in its own savepoint inside one transaction and commits once: one fsync for the
//! whole batch. A submission that breaks a rule rolls back only its savepoint. Every receipt is
//! sent only after the commit, so nothing acknowledged can be lost. The receive time (not the
//! time the batch runs) is what is checked against the deadline and written on the receipt.

use jiff::Timestamp;
use store::grants::Receipt;
use store::sea_orm::TransactionTrait;
use tokio::sync::{mpsc, oneshot};

use crate::AppState;
use crate::error::ApiError;

struct Job {
    application_id: String,
    user_id: String,
    received_at: Timestamp,
    reply: oneshot::Sender<Result<Receipt, ApiError>>,
}

/// The sending side; cloned into the application state.
#[derive(Clone, Debug)]
pub struct SubmitQueue {
    tx: mpsc::Sender<Job>,
}

/// Most submissions committed together.
const MAX_BATCH: usize = 256;

impl SubmitQueue {
    /// Starts the batching task for `db`.
    pub fn start(db: store::Db) -> SubmitQueue {
        let (tx, mut rx) = mpsc::channel::<Job>(4096);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                run_batch(&db, std::mem::take(&mut batch)).await;
            }
        });
        SubmitQueue { tx }
    }
}

async fn run_batch(db: &store::Db, jobs: Vec<Job>) {
    let txn = match db.begin().await {
        Ok(t) => t,
        Err(e) => {
            for j in jobs {
                let _ = j.reply.send(Err(ApiError::Internal(e.to_string())));
            }
            return;
        }
    };
    let mut outcomes = Vec::with_capacity(jobs.len());
    for j in &jobs {
        let outcome = match txn.begin().await {
            Ok(sp) => {
                match store::grants::submit_in(&sp, &j.application_id, &j.user_id, j.received_at)
                    .await
                {
                    Ok(r) => match sp.commit().await {
                        Ok(()) => Ok(r),
                        Err(e) => Err(ApiError::Internal(e.to_string())),
                    },
                    Err(e) => {
                        let _ = sp.rollback().await;
                        Err(ApiError::from(e))
                    }
                }
            }
            Err(e) => Err(ApiError::Internal(e.to_string())),
        };
        outcomes.push(outcome);
    }
    match txn.commit().await {
        Ok(()) => {
            for (j, o) in jobs.into_iter().zip(outcomes) {
                let _ = j.reply.send(o);
            }
        }
        Err(e) => {
            for j in jobs {
                let _ = j.reply.send(Err(ApiError::Internal(e.to_string())));
            }
        }
    }
}

/// Submits an application through the queue and waits for its committed receipt.
pub async fn submit(
    state: &AppState,
    application_id: &str,
    user_id: &str,
) -> Result<Receipt, ApiError> {
    let (reply, rx) = oneshot::channel();
    let job = Job {
        application_id: application_id.to_string(),
        user_id: user_id.to_string(),
        received_at: state.now(),
        reply,
    };
    state
        .submit_queue
        .tx
        .send(job)
        .await
        .map_err(|_| ApiError::Internal("submission queue stopped".into()))?;
    rx.await
        .map_err(|_| ApiError::Internal("submission queue dropped a job".into()))?
}
