use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::migration::Migrator;

/// Connections of the PostgreSQL pool (reads and writes).
const PG_POOL: u32 = 40;
/// Connections of the SQLite read pool (the write pool has one).
///
/// Four: on a small server more connections only add threads (sqlx runs one per connection)
/// that wait for the same cores; measured with `bench/surge`, 16 gave 25 % fewer submissions/s.
const SQLITE_READ_POOL: u32 = 4;

/// The database used when nothing else is configured: an embedded SQLite file.
pub fn default_database_url() -> &'static str {
    "sqlite://data/wspolnie.db"
}

/// Which database engine is behind a [`Db`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The application's database: a pool for reads and a pool for writes.
///
/// On SQLite the write pool has exactly one connection and every write transaction starts with
/// `BEGIN IMMEDIATE`, so concurrent writers queue in the process instead of failing with
/// `SQLITE_BUSY`; readers never wait for writers (WAL). On PostgreSQL both are the same pool.
#[derive(Clone, Debug)]
pub struct Db {
    read: DatabaseConnection,
    write: DatabaseConnection,
    backend: Backend,
    /// Recent practice-search results of this process (see `practices::cache`).
    search_cache: std::sync::Arc<crate::practices::cache::SearchCache>,
    /// This process's index for "similar practices" (see `practices::similar`).
    similar: std::sync::Arc<crate::practices::similar::SimilarCache>,
    /// SQLite only: plain read-only connections for the reads of every submission (see `lite`).
    lite: Option<std::sync::Arc<crate::lite::LitePool>>,
    /// SQLite only: the in-memory ranking of practice searches (see `practices::ranker`);
    /// `WSPOLNIE_SEARCH_MEMORY=off` leaves ranking to FTS5.
    ranker: Option<std::sync::Arc<crate::practices::ranker::Ranker>>,
}

impl Db {
    /// This process's cache of practice-search results.
    pub(crate) fn search_cache(&self) -> &crate::practices::cache::SearchCache {
        &self.search_cache
    }

    /// This process's index for "similar practices".
    pub(crate) fn similar_cache(&self) -> &crate::practices::similar::SimilarCache {
        &self.similar
    }

    /// The read-only SQLite connections that run on the calling task; `None` on PostgreSQL.
    pub(crate) fn lite(&self) -> Option<&crate::lite::LitePool> {
        self.lite.as_deref()
    }

    /// The in-memory ranking of practice searches; `None` on PostgreSQL or when switched off.
    pub(crate) fn ranker(&self) -> Option<&crate::practices::ranker::Ranker> {
        self.ranker.as_deref()
    }

    /// Connects to `url` (`sqlite://path/file.db` or `postgres://…`). For SQLite the file and its
    /// directory are created when missing; WAL with `synchronous=FULL` makes every acknowledged
    /// commit survive a crash or power loss.
    pub async fn connect(url: &str) -> Result<Db, DbErr> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut opt = ConnectOptions::new(url.to_string());
            // Enough for 32 concurrent searches plus the writers (PostgreSQL allows 100 by
            // default); connections open on demand.
            opt.max_connections(PG_POOL)
                .min_connections(1)
                .acquire_timeout(Duration::from_secs(30))
                .sqlx_logging(false);
            let conn = Database::connect(opt).await?;
            return Ok(Db {
                read: conn.clone(),
                write: conn,
                backend: Backend::Postgres,
                search_cache: Default::default(),
                similar: Default::default(),
                lite: None,
                ranker: None,
            });
        }
        let path = sqlite_path(url).ok_or_else(|| {
            DbErr::Custom(format!(
                "unsupported database URL {url:?}: use sqlite://path/file.db or postgres://…"
            ))
        })?;
        if let Some(dir) = std::path::Path::new(&path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
        let full = format!("sqlite://{path}?mode=rwc");
        let read = Self::sqlite_pool(&full, SQLITE_READ_POOL, false).await?;
        let write = Self::sqlite_pool(&full, 1, true).await?;
        let lite = std::sync::Arc::new(crate::lite::LitePool::new(path));
        crate::lite::start_checkpointer(&lite);
        Ok(Db {
            read,
            write,
            backend: Backend::Sqlite,
            search_cache: Default::default(),
            similar: Default::default(),
            lite: Some(lite),
            ranker: memory_ranking().then(Default::default),
        })
    }

    /// A pool of `size` connections; the writer's has no automatic checkpoint (a background
    /// thread checkpoints, see `lite::start_checkpointer`).
    async fn sqlite_pool(url: &str, size: u32, writer: bool) -> Result<DatabaseConnection, DbErr> {
        let mut opt = ConnectOptions::new(url.to_string());
        opt.max_connections(size)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(move |o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Reads (search above all) come from memory-mapped pages and a larger page
                    // cache instead of a read() system call per page.
                    .pragma("mmap_size", "268435456")
                    .pragma("cache_size", "-32768")
                    .pragma("wal_autocheckpoint", if writer { "0" } else { "1000" })
                    // Statement journals and sorts in memory, not in temporary files.
                    .pragma("temp_store", "MEMORY")
            });
        Database::connect(opt).await
    }

    /// Applies every pending migration (idempotent; runs at every start).
    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.write, None).await
    }

    /// The connection for reads outside a transaction.
    pub fn read(&self) -> &DatabaseConnection {
        &self.read
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite). Nothing is acknowledged to a user
    /// before its `commit()` returns.
    pub async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        let options = TransactionOptions {
            sqlite_transaction_mode: (self.backend == Backend::Sqlite)
                .then_some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.write.begin_with_options(options).await
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// SeaORM's backend tag, for raw statements.
    pub fn db_backend(&self) -> DbBackend {
        self.read.get_database_backend()
    }

    /// Whether the database answers (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.read.execute_unprepared("SELECT 1").await.is_ok()
    }

    /// Closes both pools (flushes SQLite's WAL on the last connection).
    pub async fn close(self) {
        if let Some(lite) = &self.lite {
            lite.close();
        }
        let _ = self.read.close().await;
        let _ = self.write.close().await;
    }
}

/// Whether practice searches may rank in memory (`WSPOLNIE_SEARCH_MEMORY` is not `off`/`0`).
fn memory_ranking() -> bool {
    !matches!(
        std::env::var("WSPOLNIE_SEARCH_MEMORY").as_deref(),
        Ok("off" | "0" | "false")
    )
}

/// The file path inside a `sqlite:` URL, without query parameters.
fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn sqlite_urls() {
        assert_eq!(
            sqlite_path("sqlite://data/wspolnie.db").as_deref(),
            Some("data/wspolnie.db")
        );
        assert_eq!(
            sqlite_path("sqlite:///tmp/x.db?mode=rwc").as_deref(),
            Some("/tmp/x.db")
        );
        assert_eq!(sqlite_path("mysql://x"), None);
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
