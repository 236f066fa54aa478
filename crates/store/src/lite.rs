//! The hot reads of a deadline surge on SQLite without sqlx's connection threads.
//!
//! sqlx runs every SQLite connection on a thread of its own and hands each statement and each row
//! across a channel; on a busy two-core server every such hand-over waits for the scheduler and
//! costs about a tenth of a millisecond of CPU in system calls. For the few reads that every
//! submission makes (the bearer token, the facts of the application) this module keeps a small
//! pool of plain SQLite connections (`rusqlite`, the same bundled SQLite library) that run the
//! statement right on the calling task: a cached prepared statement, microseconds. The
//! connections are read-only (`query_only`), so every write still goes through the one writer.
//! PostgreSQL has no such path: its reads stay on the sqlx pool.

use std::sync::Mutex;

use rusqlite::types::ValueRef;
use sea_orm::sea_query::ColumnType;
use sea_orm::{ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, Iterable, TryIntoModel, Value};

use crate::StoreError;

/// Idle connections kept; more are opened when needed and closed after use.
const KEEP_IDLE: usize = 8;

/// A pool of read-only SQLite connections to one file.
pub(crate) struct LitePool {
    path: String,
    idle: Mutex<Vec<rusqlite::Connection>>,
    /// The submission writer's own connection (opened on first use).
    writer: Mutex<Option<rusqlite::Connection>>,
    /// Set by `Db::close`: the checkpoint thread stops.
    closed: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for LitePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LitePool")
            .field("path", &self.path)
            .finish()
    }
}

pub(crate) fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("sqlite: {e}")))
}

impl LitePool {
    pub(crate) fn new(path: String) -> LitePool {
        LitePool {
            path,
            idle: Mutex::new(Vec::new()),
            writer: Mutex::new(None),
            closed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn open(&self) -> Result<rusqlite::Connection, StoreError> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(db_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(db_err)?;
        conn.execute_batch(
            "PRAGMA query_only = ON; PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -8192;",
        )
        .map_err(db_err)?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(conn)
    }

    /// Runs `f` on an idle connection (or a new one) inside one read transaction, on the
    /// calling thread.
    pub(crate) fn read<R>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let taken = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match taken {
            Some(c) => c,
            None => self.open()?,
        };
        // BEGIN and COMMIT as cached statements (`Connection::transaction` parses them anew on
        // every call). A read transaction only holds a snapshot: its COMMIT ends it, even after
        // `f` failed.
        let out = (|| {
            let run = |sql: &str| conn.prepare_cached(sql).and_then(|mut s| s.execute([]));
            run("BEGIN").map_err(db_err)?;
            let r = f(&conn);
            let end = run("COMMIT");
            let r = r?;
            end.map_err(db_err)?;
            Ok(r)
        })();
        // A connection whose statement failed is closed rather than reused.
        if out.is_ok()
            && let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP_IDLE
        {
            idle.push(conn);
        }
        out
    }

    fn open_writer(&self) -> Result<rusqlite::Connection, StoreError> {
        let conn = rusqlite::Connection::open(&self.path).map_err(db_err)?;
        // When the ORM's writer (the outbox worker, any other write) holds the lock, retry every
        // 100 µs for up to 10 s: SQLite's own busy timeout sleeps 1, 2, 5, 10… up to 100 ms
        // between tries, which a surge would feel as a stall of every waiting submission.
        fn busy(tries: i32) -> bool {
            std::thread::sleep(std::time::Duration::from_micros(100));
            tries < 100_000
        }
        conn.busy_handler(Some(busy)).map_err(db_err)?;
        // As the sqlx writer: every commit durable, and no checkpoint in the commit; statement
        // journals (each multi-row statement of a batch keeps one to undo itself) in memory
        // rather than in a temporary file written with a system call per page.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -8192; \
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(db_err)?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(conn)
    }

    /// Runs `f` in a write transaction (`BEGIN IMMEDIATE`) on the writer's own connection and
    /// commits it; rolls back if `f` fails. Blocks the calling thread (the submission writer's).
    pub(crate) fn write<R>(
        &self,
        f: impl FnOnce(&rusqlite::Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut guard = self
            .writer
            .lock()
            .map_err(|_| StoreError::Db(DbErr::Custom("sqlite writer poisoned".into())))?;
        let conn = match guard.take() {
            Some(c) => c,
            None => self.open_writer()?,
        };
        let mut conn = conn;
        let out = (|| {
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db_err)?;
            let r = f(&tx)?;
            tx.commit().map_err(db_err)?;
            Ok(r)
        })();
        // After a failure the connection is closed (a fresh one next time).
        if out.is_ok() {
            *guard = Some(conn);
        }
        out
    }

    /// Closes the idle connections.
    pub(crate) fn close(&self) {
        self.closed
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut idle) = self.idle.lock() {
            idle.clear();
        }
        if let Ok(mut w) = self.writer.lock() {
            w.take();
        }
    }
}

/// How often the background checkpoint runs.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Starts the thread that moves the WAL into the database file (`PRAGMA wal_checkpoint(PASSIVE)`)
/// every [`CHECKPOINT_EVERY`], for as long as `pool` (the `Db`) lives. The writer connection has
/// its automatic checkpoint switched off, so no submission's commit waits for a checkpoint (with
/// `synchronous=FULL` that is a copy and an fsync of the database file, 10 ms and more); a passive
/// checkpoint runs next to the writer instead of in its way.
pub(crate) fn start_checkpointer(pool: &std::sync::Arc<LitePool>) {
    let weak = std::sync::Arc::downgrade(pool);
    let path = pool.path.clone();
    let spawned = std::thread::Builder::new()
        .name("wal-checkpoint".into())
        .spawn(move || {
            let mut conn: Option<rusqlite::Connection> = None;
            loop {
                std::thread::sleep(CHECKPOINT_EVERY);
                match weak.upgrade() {
                    Some(p) if !p.closed.load(std::sync::atomic::Ordering::Relaxed) => {}
                    _ => return,
                }
                if conn.is_none() {
                    match rusqlite::Connection::open(&path) {
                        Ok(c) => {
                            let _ = c.busy_timeout(std::time::Duration::from_secs(5));
                            conn = Some(c);
                        }
                        Err(e) => {
                            tracing::warn!("checkpoint: cannot open {path}: {e}");
                            continue;
                        }
                    }
                }
                if let Some(c) = &conn
                    && let Err(e) = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                {
                    tracing::warn!("checkpoint of {path} failed: {e}");
                    conn = None;
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the checkpoint thread: {e}");
    }
}

/// The output of a future that never waits (one on a [`crate::exec::LiteTx`], whose statements run
/// synchronously), polled once on the calling thread.
pub(crate) fn ready<F: std::future::Future>(f: F) -> Result<F::Output, StoreError> {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => Ok(v),
        std::task::Poll::Pending => Err(StoreError::Db(DbErr::Custom(
            "a synchronous SQLite statement waited".into(),
        ))),
    }
}

/// Runs a cached statement with `params` and maps its rows.
pub(crate) fn query<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: impl rusqlite::Params,
    mut map: impl FnMut(&rusqlite::Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql).map_err(db_err)?;
    let mut rows = stmt.query(params).map_err(db_err)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        out.push(map(row)?);
    }
    Ok(out)
}

/// The text in column `i` (`None` for NULL).
pub(crate) fn text(row: &rusqlite::Row<'_>, i: usize) -> Result<Option<String>, StoreError> {
    row.get::<_, Option<String>>(i).map_err(db_err)
}

/// The value in column `i` as the `Value` variant that `ty` is stored in.
fn value(row: &rusqlite::Row<'_>, i: usize, ty: &ColumnType) -> Result<Value, StoreError> {
    let v = row.get_ref(i).map_err(db_err)?;
    let bad = || {
        StoreError::Db(DbErr::Custom(format!(
            "sqlite: column {i} holds {:?}, not {ty:?}",
            v.data_type()
        )))
    };
    Ok(match ty {
        ColumnType::Integer | ColumnType::SmallInteger | ColumnType::TinyInteger => match v {
            ValueRef::Null => Value::Int(None),
            ValueRef::Integer(n) => Value::Int(Some(i32::try_from(n).map_err(|_| bad())?)),
            _ => return Err(bad()),
        },
        ColumnType::BigInteger => match v {
            ValueRef::Null => Value::BigInt(None),
            ValueRef::Integer(n) => Value::BigInt(Some(n)),
            _ => return Err(bad()),
        },
        ColumnType::Boolean => match v {
            ValueRef::Null => Value::Bool(None),
            ValueRef::Integer(n) => Value::Bool(Some(n != 0)),
            _ => return Err(bad()),
        },
        ColumnType::Double | ColumnType::Float => match v {
            ValueRef::Null => Value::Double(None),
            ValueRef::Real(x) => Value::Double(Some(x)),
            ValueRef::Integer(n) => Value::Double(Some(n as f64)),
            _ => return Err(bad()),
        },
        ColumnType::Blob | ColumnType::Binary(_) | ColumnType::VarBinary(_) => match v {
            ValueRef::Null => Value::Bytes(None),
            ValueRef::Blob(b) => Value::Bytes(Some(b.to_vec())),
            _ => return Err(bad()),
        },
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => match v {
            ValueRef::Null => Value::String(None),
            ValueRef::Text(t) => {
                Value::String(Some(std::str::from_utf8(t).map_err(|_| bad())?.to_string()))
            }
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    })
}

/// The model of `E` in the row's columns from `start` on, in the entity's column order (as
/// `SELECT` lists them); returns the model and the index after its last column.
pub(crate) fn model_at<E>(
    row: &rusqlite::Row<'_>,
    start: usize,
) -> Result<(E::Model, usize), StoreError>
where
    E: EntityTrait,
    E::ActiveModel: ActiveModelTrait<Entity = E> + TryIntoModel<E::Model>,
{
    let mut am = <E::ActiveModel as ActiveModelTrait>::default();
    let mut i = start;
    for col in E::Column::iter() {
        let v = value(row, i, col.def().get_column_type())?;
        am.try_set(col, v)?;
        i += 1;
    }
    Ok((am.try_into_model()?, i))
}

/// The columns of `E` in its column order, quoted, comma-separated: the `SELECT` list that
/// [`model_at`] reads.
pub(crate) fn column_list<E: EntityTrait>() -> String {
    use sea_orm::IdenStatic;
    E::Column::iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}
