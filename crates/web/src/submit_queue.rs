//! Group commit for submissions. At a deadline hundreds of applicants press "submit" in the same
//! second; on SQLite every commit is an fsync, so one transaction per submission caps throughput
//! at the disk's fsync rate. Submissions are queued to one task that takes everything waiting,
//! runs each in its own savepoint inside one transaction and commits once: one fsync for the
//! whole batch. A submission that breaks a rule rolls back only its savepoint. Every receipt is
//! sent only after the commit, so nothing acknowledged can be lost. The receive time (not the
//! time the batch runs) is what is checked against the deadline and written on the receipt.

use jiff::Timestamp;
use store::grants::{Prepared, Receipt};
use store::sea_orm::TransactionTrait;
use tokio::sync::{mpsc, oneshot};

use crate::AppState;
use crate::error::ApiError;

/// What a queued submission carries.
enum Work {
    /// Read and checked by the handler: the writer only guards and writes it.
    Prepared(Prepared),
    /// Everything is read and checked inside the writer.
    Full {
        application_id: String,
        user_id: String,
    },
}

/// A committed receipt; `fresh` is false when the draft had changed after the handler read it,
/// so the handler's copy of the application is not what was submitted.
pub struct Submitted {
    pub receipt: Receipt,
    pub fresh: bool,
}

struct Job {
    work: Work,
    received_at: Timestamp,
    reply: oneshot::Sender<Result<Submitted, ApiError>>,
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
        let writer = async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                run_batch(&db, std::mem::take(&mut batch)).await;
            }
        };
        // The writer runs on a thread of its own: on the server's runtime every one of its round
        // trips to the database would wait behind hundreds of request tasks at a deadline.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        match runtime {
            Ok(rt) => {
                let spawned = std::thread::Builder::new()
                    .name("submit-writer".into())
                    .spawn(move || rt.block_on(writer));
                if let Err(e) = spawned {
                    tracing::error!("cannot start the submission writer thread: {e}");
                }
            }
            Err(e) => {
                tracing::warn!("submission writer on the shared runtime: {e}");
                tokio::spawn(writer);
            }
        }
        SubmitQueue { tx }
    }
}

fn fail_all(jobs: Vec<Job>, e: &dyn std::fmt::Display) {
    for j in jobs {
        let _ = j.reply.send(Err(ApiError::Internal(e.to_string())));
    }
}

async fn run_batch(db: &store::Db, jobs: Vec<Job>) {
    let started = std::time::Instant::now();
    let size = jobs.len();
    // SQLite: the prepared submissions in one transaction on the plain writer connection,
    // answered as soon as it is committed; what is left (drafts changed since they were checked,
    // full submissions) goes through the ORM's transaction below, one savepoint each.
    let synced = {
        let prepared: Vec<&Prepared> = jobs.iter().filter_map(prepared_of).collect();
        store::grants::submit_prepared_sync(db, &prepared)
    };
    if let Some(done) = synced {
        let fast = done.unwrap_or_else(|e| {
            tracing::warn!("batch submission retried one by one: {e}");
            Vec::new()
        });
        let committed = started.elapsed();
        let mut fast = fast.into_iter();
        let mut rest = Vec::new();
        for j in jobs {
            let receipt = match &j.work {
                Work::Prepared(_) => fast.next().flatten(),
                Work::Full { .. } => None,
            };
            match receipt {
                Some(receipt) => {
                    let _ = j.reply.send(Ok(Submitted {
                        receipt,
                        fresh: true,
                    }));
                }
                None => rest.push(j),
            }
        }
        tracing::debug!(
            size,
            rest = rest.len(),
            commit_us = committed.as_micros() as u64,
            "submission batch (sqlite)"
        );
        if !rest.is_empty() {
            run_in_txn(db, rest, false).await;
        }
        return;
    }
    run_in_txn(db, jobs, true).await;
}

fn prepared_of(j: &Job) -> Option<&Prepared> {
    match &j.work {
        Work::Prepared(p) => Some(p),
        Work::Full { .. } => None,
    }
}

/// The batch in one ORM transaction: with `fast`, the prepared submissions first, all together;
/// then, each in its own savepoint, the full ones and the prepared ones whose draft changed after
/// they were checked (all of them without `fast`).
async fn run_in_txn(db: &store::Db, jobs: Vec<Job>, fast: bool) {
    let started = std::time::Instant::now();
    let size = jobs.len();
    let txn = match db.begin().await {
        Ok(t) => t,
        Err(e) => return fail_all(jobs, &e),
    };
    let prepared: Vec<&Prepared> = jobs.iter().filter_map(prepared_of).collect();
    // In a savepoint: if the batch statement fails, every submission is retried on its own.
    let fast = if !fast {
        vec![None; prepared.len()]
    } else {
        match txn.begin().await {
            Ok(sp) => match store::grants::submit_prepared_in(&sp, &prepared).await {
                Ok(r) => match sp.commit().await {
                    Ok(()) => r,
                    Err(e) => return fail_all(jobs, &e),
                },
                Err(e) => {
                    tracing::warn!("batch submission retried one by one: {e}");
                    if let Err(e) = sp.rollback().await {
                        return fail_all(jobs, &e);
                    }
                    vec![None; prepared.len()]
                }
            },
            Err(e) => return fail_all(jobs, &e),
        }
    };
    let mut fast = fast.into_iter();
    let mut outcomes = Vec::with_capacity(jobs.len());
    for j in &jobs {
        let (application_id, user_id) = match &j.work {
            Work::Prepared(p) => match fast.next().flatten() {
                Some(receipt) => {
                    outcomes.push(Ok(Submitted {
                        receipt,
                        fresh: true,
                    }));
                    continue;
                }
                None => (&p.application_id, &p.actor_id),
            },
            Work::Full {
                application_id,
                user_id,
            } => (application_id, user_id),
        };
        let outcome = match txn.begin().await {
            Ok(sp) => {
                match store::grants::submit_in(&sp, application_id, user_id, j.received_at).await {
                    Ok(receipt) => match sp.commit().await {
                        Ok(()) => Ok(Submitted {
                            receipt,
                            fresh: false,
                        }),
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
    let written = started.elapsed();
    let committed = txn.commit().await;
    tracing::debug!(
        size,
        write_us = written.as_micros() as u64,
        commit_us = (started.elapsed() - written).as_micros() as u64,
        "submission batch"
    );
    match committed {
        Ok(()) => {
            for (j, o) in jobs.into_iter().zip(outcomes) {
                let _ = j.reply.send(o);
            }
        }
        Err(e) => fail_all(jobs, &e),
    }
}

async fn enqueue(
    state: &AppState,
    work: Work,
    received_at: Timestamp,
) -> Result<Submitted, ApiError> {
    let (reply, rx) = oneshot::channel();
    let job = Job {
        work,
        received_at,
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

/// Submits an application through the queue and waits for its committed receipt; everything is
/// read and checked by the writer.
pub async fn submit(
    state: &AppState,
    application_id: &str,
    user_id: &str,
) -> Result<Receipt, ApiError> {
    let work = Work::Full {
        application_id: application_id.to_string(),
        user_id: user_id.to_string(),
    };
    Ok(enqueue(state, work, state.now()).await?.receipt)
}

/// Submits a submission the caller has read and checked (see `store::grants::precheck`), received
/// at `p.received_at`, and waits for its committed receipt.
pub async fn submit_prepared(state: &AppState, p: Prepared) -> Result<Submitted, ApiError> {
    let at = p.received_at;
    enqueue(state, Work::Prepared(p), at).await
}
