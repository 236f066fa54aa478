//! The raw ceiling of this machine: no HTTP, no ORM reads, no rules — only the rows a submission
//! writes, committed to a SQLite file opened exactly like the server opens its own
//! (`store::Db::connect`: WAL, `synchronous=FULL`, one writer connection, `BEGIN IMMEDIATE`).
//!
//! Per submission: an UPDATE of an application-sized row, an INSERT of an audit-log-sized row and
//! an INSERT of an outbox-sized row. `clients` tasks hand their submissions to one writer task,
//! which either commits each on its own (one fsync per submission) or, like the server's
//! submission queue, takes everything waiting and commits it as one transaction (group commit).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use store::Db;
use store::sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, Value};
use tokio::sync::{mpsc, oneshot};

use crate::stats::{Run, cpu_seconds};

const SCHEMA: &str = "
CREATE TABLE applications (
    id TEXT PRIMARY KEY NOT NULL,
    call_id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT,
    place TEXT,
    need TEXT,
    target_group TEXT,
    activities TEXT,
    expected_results TEXT,
    requested_amount INTEGER,
    bank_account TEXT,
    confirmation_number TEXT,
    submitted_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX applications_call_org ON applications (call_id, organisation_id);
CREATE UNIQUE INDEX applications_number ON applications (confirmation_number);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    at INTEGER NOT NULL,
    actor_user_id TEXT,
    municipality_id TEXT,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_recipient ON outbox (recipient);
CREATE INDEX outbox_sent_at ON outbox (sent_at);
";

/// A 26-character id like the store's.
fn id(prefix: char, i: usize) -> String {
    format!("{prefix}{i:025}")
}

fn now_us() -> i64 {
    domain::time::to_micros(jiff::Timestamp::now())
}

/// The raw database: a fresh file with `rows` draft applications.
pub struct RawDb {
    db: Db,
    path: std::path::PathBuf,
    next_row: AtomicUsize,
    rows: usize,
}

impl RawDb {
    pub async fn create(dir: &Path, rows: usize) -> anyhow::Result<RawDb> {
        let path = dir.join("raw-ceiling.db");
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&url)
            .await
            .with_context(|| format!("open {url}"))?;
        let txn = db.begin().await?;
        txn.execute_unprepared(SCHEMA).await?;
        let text = "Sąsiedzi razem: warsztaty, spotkania i wspólne sprzątanie podwórka. ".repeat(4);
        for i in 0..rows {
            let now = now_us();
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Sqlite,
                "INSERT INTO applications (id, call_id, organisation_id, municipality_id, status, \
                 title, summary, place, need, target_group, activities, expected_results, \
                 requested_amount, bank_account, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, 500000, \
                 'PL61109010140000071219812874', ?, ?)",
                [
                    id('a', i).into(),
                    id('c', i / 2000).into(),
                    id('o', i).into(),
                    id('m', 1).into(),
                    format!("Wniosek {i}: Sąsiedzi razem").into(),
                    text.clone().into(),
                    "Piotrków Trybunalski, ul. Słowackiego".into(),
                    text.clone().into(),
                    "Mieszkańcy osiedla, seniorzy i dzieci".into(),
                    text.clone().into(),
                    text.clone().into(),
                    now.into(),
                    now.into(),
                ],
            ))
            .await?;
        }
        txn.commit().await?;
        Ok(RawDb {
            db,
            path,
            next_row: AtomicUsize::new(0),
            rows,
        })
    }

    /// Takes `n` fresh draft rows for one run.
    fn take(&self, n: usize) -> anyhow::Result<usize> {
        let first = self.next_row.fetch_add(n, Ordering::SeqCst);
        anyhow::ensure!(first + n <= self.rows, "raw database has too few rows");
        Ok(first)
    }

    pub async fn close(self) {
        self.db.close().await;
    }
}

/// The rows of one submission, written inside `txn`.
async fn write_submission(txn: &DatabaseTransaction, row: usize) -> Result<(), String> {
    let now = now_us();
    let number = format!("2027-RAW-{row:06}");
    let app = id('a', row);
    let run = |sql: &'static str, values: Vec<Value>| {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            sql,
            values,
        ))
    };
    let updated = run(
        "UPDATE applications SET status = 'submitted', confirmation_number = ?, \
         submitted_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
        vec![
            number.clone().into(),
            now.into(),
            now.into(),
            app.clone().into(),
        ],
    )
    .await
    .map_err(|e| e.to_string())?;
    if updated.rows_affected() != 1 {
        return Err(format!("application {app} was not a draft"));
    }
    run(
        "INSERT INTO audit_log (at, actor_user_id, municipality_id, action, subject_type, \
         subject_id, details, prev_hash, hash) VALUES (?, ?, ?, 'application.submit', \
         'application', ?, ?, ?, ?)",
        vec![
            now.into(),
            id('u', row % 8).into(),
            id('m', 1).into(),
            app.into(),
            format!("{{\"confirmation_number\":\"{number}\"}}").into(),
            format!("{:064x}", row).into(),
            format!("{:064x}", row + 1).into(),
        ],
    )
    .await
    .map_err(|e| e.to_string())?;
    run(
        "INSERT INTO outbox (id, recipient, subject, body, created_at) VALUES (?, ?, ?, ?, ?)",
        vec![
            id('x', row).into(),
            format!("wnioskodawca{}@surge.test", row % 8).into(),
            format!("Potwierdzenie złożenia wniosku {number}").into(),
            format!(
                "Dzień dobry,\n\nwniosek „Wniosek {row}: Sąsiedzi razem” w naborze „Mikrogranty \
                 2027” został złożony {now} (czas serwera, Warszawa).\nNumer potwierdzenia: \
                 {number}\n\nZachowaj tę wiadomość.\n\n— wspólnie, Piotrków Trybunalski"
            )
            .into(),
            now.into(),
        ],
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

struct Job {
    row: usize,
    reply: oneshot::Sender<Result<(), String>>,
}

/// The single writer: commits up to `max_batch` queued submissions per transaction; returns
/// how many transactions it committed.
async fn writer(db: Db, mut rx: mpsc::Receiver<Job>, max_batch: usize) -> usize {
    let mut commits = 0;
    let mut batch = Vec::with_capacity(max_batch);
    while rx.recv_many(&mut batch, max_batch).await > 0 {
        let jobs = std::mem::take(&mut batch);
        let result = async {
            let txn = db.begin().await.map_err(|e| e.to_string())?;
            for j in &jobs {
                write_submission(&txn, j.row).await?;
            }
            txn.commit().await.map_err(|e| e.to_string())
        }
        .await;
        commits += 1;
        for j in jobs {
            let _ = j.reply.send(result.clone());
        }
    }
    commits
}

/// The rows of one submission on a plain SQLite connection (cached prepared statements).
fn write_submission_plain(c: &rusqlite::Connection, row: usize) -> Result<(), String> {
    let now = now_us();
    let number = format!("2027-RAW-{row:06}");
    let app = id('a', row);
    let e = |e: rusqlite::Error| e.to_string();
    let updated = c
        .prepare_cached(
            "UPDATE applications SET status = 'submitted', confirmation_number = ?, \
             submitted_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
        )
        .map_err(e)?
        .execute(rusqlite::params![number, now, now, app])
        .map_err(e)?;
    if updated != 1 {
        return Err(format!("application {app} was not a draft"));
    }
    c.prepare_cached(
        "INSERT INTO audit_log (at, actor_user_id, municipality_id, action, subject_type, \
         subject_id, details, prev_hash, hash) VALUES (?, ?, ?, 'application.submit', \
         'application', ?, ?, ?, ?)",
    )
    .map_err(e)?
    .execute(rusqlite::params![
        now,
        id('u', row % 8),
        id('m', 1),
        app,
        format!("{{\"confirmation_number\":\"{number}\"}}"),
        format!("{:064x}", row),
        format!("{:064x}", row + 1),
    ])
    .map_err(e)?;
    c.prepare_cached(
        "INSERT INTO outbox (id, recipient, subject, body, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .map_err(e)?
    .execute(rusqlite::params![
        id('x', row),
        format!("wnioskodawca{}@surge.test", row % 8),
        format!("Potwierdzenie złożenia wniosku {number}"),
        format!(
            "Dzień dobry,\n\nwniosek „Wniosek {row}: Sąsiedzi razem” w naborze „Mikrogranty \
             2027” został złożony {now} (czas serwera, Warszawa).\nNumer potwierdzenia: \
             {number}\n\nZachowaj tę wiadomość.\n\n— wspólnie, Piotrków Trybunalski"
        ),
        now,
    ])
    .map_err(e)?;
    Ok(())
}

/// The plain writer: a thread of its own with a plain SQLite connection (no async hand-overs),
/// committing up to `max_batch` queued submissions per transaction.
fn writer_plain(
    path: std::path::PathBuf,
    mut rx: mpsc::Receiver<Job>,
    max_batch: usize,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut conn = match rusqlite::Connection::open(&path).and_then(|c| {
            c.busy_timeout(Duration::from_secs(10))?;
            c.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                 PRAGMA wal_autocheckpoint = 0;",
            )?;
            Ok(c)
        }) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("  raw plain writer: cannot open {}: {e}", path.display());
                return 0;
            }
        };
        let mut commits = 0;
        while let Some(first) = rx.blocking_recv() {
            let mut jobs = vec![first];
            while jobs.len() < max_batch {
                match rx.try_recv() {
                    Ok(j) => jobs.push(j),
                    Err(_) => break,
                }
            }
            let result = (|| {
                let txn = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| e.to_string())?;
                for j in &jobs {
                    write_submission_plain(&txn, j.row)?;
                }
                txn.commit().map_err(|e| e.to_string())
            })();
            commits += 1;
            for j in jobs {
                let _ = j.reply.send(result.clone());
            }
        }
        commits
    })
}

/// One raw run: `n` submissions from `clients` concurrent tasks; `max_batch` 1 means one
/// transaction (one fsync) per submission.
pub async fn run(
    raw: &RawDb,
    clients: usize,
    n: usize,
    max_batch: usize,
    plain: bool,
    cap: Duration,
    path: &'static str,
) -> anyhow::Result<Run> {
    let first = raw.take(n)?;
    let (tx, rx) = mpsc::channel::<Job>(4096);
    enum Writer {
        Orm(tokio::task::JoinHandle<usize>),
        Plain(std::thread::JoinHandle<usize>),
    }
    let writer = if plain {
        Writer::Plain(writer_plain(raw.path.clone(), rx, max_batch))
    } else {
        Writer::Orm(tokio::spawn(writer(raw.db.clone(), rx, max_batch)))
    };
    let next = Arc::new(AtomicUsize::new(0));
    let capped = Arc::new(AtomicBool::new(false));
    let cpu0 = cpu_seconds(None);
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let tx = tx.clone();
        let next = next.clone();
        let capped = capped.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                if start.elapsed() > cap {
                    capped.store(true, Ordering::Relaxed);
                    break;
                }
                let t0 = Instant::now();
                let (reply, answer) = oneshot::channel();
                if tx
                    .send(Job {
                        row: first + i,
                        reply,
                    })
                    .await
                    .is_err()
                {
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
    let mut latencies = Vec::with_capacity(n);
    let mut errors = Vec::new();
    for t in tasks {
        let (l, e) = t.await?;
        latencies.extend(l);
        errors.extend(e);
    }
    let wall = start.elapsed();
    let commits = match writer {
        Writer::Orm(h) => h.await?,
        Writer::Plain(h) => tokio::task::spawn_blocking(move || h.join())
            .await?
            .map_err(|_| anyhow::anyhow!("the plain writer panicked"))?,
    };
    let cpu = match (cpu0, cpu_seconds(None)) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    if let Some(e) = errors.first() {
        eprintln!("  raw run: {} errors, first: {e}", errors.len());
    }
    Ok(Run {
        clients,
        path,
        ok: latencies.len(),
        errors: errors.len(),
        wall,
        latencies,
        cpu,
        client_cpu: None,
        capped: capped.load(Ordering::Relaxed),
        commits: Some(commits),
    })
}
