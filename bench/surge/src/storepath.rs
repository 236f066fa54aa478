//! Diagnostic: the server's database work for a submission without HTTP. The server is stopped;
//! this process opens its file with `store::Db::connect` and does what the submit handler and
//! the server's submission queue (`crates/web/src/submit_queue.rs`) do: each client task reads
//! the user and the submission's facts from the read pool and checks them
//! (`store::grants::submission_facts` + `precheck`), then queues the prepared submission; one
//! writer takes everything queued and writes it with `store::grants::submit_prepared_sync` (SQLite; `submit_prepared_in` otherwise) in one
//! transaction, one commit, answers after the commit. What it leaves out: the HTTP layer and the
//! hashing of the bearer token.

use std::sync::Arc;
use std::time::{Duration, Instant};

use store::Db;
use store::grants::Prepared;
use tokio::sync::{mpsc, oneshot};

use crate::stats::{Dispenser, Run, cpu_seconds};

struct Job {
    prepared: Prepared,
    reply: oneshot::Sender<Result<(), String>>,
}

const MAX_BATCH: usize = 256;

async fn writer(db: Db, mut rx: mpsc::Receiver<Job>) -> usize {
    let mut commits = 0;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let jobs = std::mem::take(&mut batch);
        // SQLite: the server's path, the plain writer connection (blocks this task's thread, as
        // it blocks the server's writer thread).
        let prepared: Vec<&Prepared> = jobs.iter().map(|j| &j.prepared).collect();
        if let Some(done) = store::grants::submit_prepared_sync(&db, &prepared) {
            commits += 1;
            let outcomes: Vec<Result<(), String>> = match done {
                Ok(o) => o
                    .into_iter()
                    .map(|r| r.map(|_| ()).ok_or_else(|| "draft changed".to_string()))
                    .collect(),
                Err(e) => vec![Err(e.to_string()); jobs.len()],
            };
            drop(prepared);
            for (j, o) in jobs.into_iter().zip(outcomes) {
                let _ = j.reply.send(o);
            }
            continue;
        }
        drop(prepared);
        let txn = match db.begin().await {
            Ok(t) => t,
            Err(e) => {
                for j in jobs {
                    let _ = j.reply.send(Err(e.to_string()));
                }
                continue;
            }
        };
        let prepared: Vec<&Prepared> = jobs.iter().map(|j| &j.prepared).collect();
        let outcomes = match store::grants::submit_prepared_in(&txn, &prepared).await {
            Ok(o) => o
                .into_iter()
                .map(|r| r.map(|_| ()).ok_or_else(|| "draft changed".to_string()))
                .collect(),
            Err(e) => vec![Err(e.to_string()); jobs.len()],
        };
        let committed = txn.commit().await.map_err(|e| e.to_string());
        commits += 1;
        for (j, o) in jobs.into_iter().zip(outcomes) {
            let _ = j.reply.send(committed.clone().and(o));
        }
    }
    commits
}

/// The handler's side: the user, the facts, the checks.
async fn prepare(db: &Db, application_id: &str, user_id: &str) -> Result<Prepared, String> {
    let user = store::accounts::find_user(db.read(), user_id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no such user")?;
    let facts = store::grants::submission_facts(db, application_id, user_id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("no such application")?;
    if !facts.is_representative {
        return Err("not a representative".into());
    }
    let now = jiff::Timestamp::now();
    if store::grants::precheck(&facts.view, facts.adult_members, now)
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err("submitted already".into());
    }
    Ok(Prepared::new(&facts.view, &user.id, &user.email, now))
}

/// Submits `drafts` (`(application id, representative's user id)`) from `clients` tasks.
pub async fn run(
    url: &str,
    drafts: Vec<(String, String)>,
    clients: usize,
    cap: Duration,
) -> anyhow::Result<Run> {
    let db = Db::connect(url).await?;
    let (tx, rx) = mpsc::channel::<Job>(4096);
    let writer = tokio::spawn(writer(db.clone(), rx));
    let drafts = Arc::new(drafts);
    let cpu0 = cpu_seconds(None);
    let work = Arc::new(Dispenser::new(drafts.len(), cap));
    let start = work.start();
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (tx, drafts, work, db) = (tx.clone(), drafts.clone(), work.clone(), db.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = Vec::new();
            while let Some(i) = work.next() {
                let (application_id, user_id) = drafts[i].clone();
                let t0 = Instant::now();
                let prepared = match prepare(&db, &application_id, &user_id).await {
                    Ok(p) => p,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                let (reply, answer) = oneshot::channel();
                let job = Job { prepared, reply };
                if tx.send(job).await.is_err() {
                    errors.push("writer stopped".to_string());
                    break;
                }
                match answer.await {
                    Ok(Ok(())) => lat.push(t0.elapsed()),
                    Ok(Err(e)) => errors.push(e),
                    Err(_) => errors.push("writer dropped a job".into()),
                }
            }
            (lat, errors)
        }));
    }
    drop(tx);
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for t in tasks {
        let (l, e) = t.await?;
        latencies.extend(l);
        errors.extend(e);
    }
    let wall = start.elapsed();
    let commits = writer.await?;
    let cpu = cpu0.zip(cpu_seconds(None)).map(|(a, b)| b - a);
    db.close().await;
    if let Some(e) = errors.first() {
        eprintln!("  store path: {} errors, first: {e}", errors.len());
    }
    Ok(Run {
        clients,
        path: "diag: store, no HTTP",
        ok: latencies.len(),
        errors: errors.len(),
        wall,
        latencies,
        cpu,
        client_cpu: None,
        capped: work.capped(),
        commits: Some(commits),
    })
}
