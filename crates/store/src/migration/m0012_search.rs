//! Faster practice search. SQLite: `practices_fts` becomes a contentless FTS5 table keyed by the
//! practice's rowid that holds published practices only, with the filter tokens in a second
//! column (`facets`), so a search is one index query with its LIMIT inside and a join of the page
//! only. PostgreSQL: `search_vector` indexes only the terms line of `search_tokens` (the second
//! line holds the filter tokens). Then every published practice is indexed again, with its
//! filter tokens.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The terms line of `search_tokens` (SQLite expression over `new.`).
const TERMS: &str = "CASE WHEN instr(new.search_tokens, char(10)) > 0 \
     THEN substr(new.search_tokens, 1, instr(new.search_tokens, char(10)) - 1) \
     ELSE new.search_tokens END";
/// The filter-token line of `search_tokens`.
const FACETS: &str = "CASE WHEN instr(new.search_tokens, char(10)) > 0 \
     THEN substr(new.search_tokens, instr(new.search_tokens, char(10)) + 1) ELSE '' END";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let mut sqls: Vec<String> = Vec::new();
        match backend {
            DbBackend::Sqlite => {
                sqls.extend(
                    [
                        "DROP TRIGGER IF EXISTS practices_fts_insert",
                        "DROP TRIGGER IF EXISTS practices_fts_update",
                        "DROP TRIGGER IF EXISTS practices_fts_delete",
                        "DROP TABLE IF EXISTS practices_fts",
                        "CREATE VIRTUAL TABLE practices_fts USING fts5(tokens, facets, \
                           content = '', contentless_delete = 1, \
                           tokenize = 'unicode61 remove_diacritics 0')",
                    ]
                    .map(String::from),
                );
                sqls.push(format!(
                    "CREATE TRIGGER practices_fts_insert AFTER INSERT ON practices \
                     WHEN new.status = 'published' BEGIN \
                       INSERT INTO practices_fts(rowid, tokens, facets) \
                       VALUES (new.rowid, {TERMS}, {FACETS}); END"
                ));
                sqls.push(format!(
                    "CREATE TRIGGER practices_fts_update AFTER UPDATE OF search_tokens, status \
                     ON practices BEGIN \
                       DELETE FROM practices_fts WHERE rowid = old.rowid; \
                       INSERT INTO practices_fts(rowid, tokens, facets) \
                       SELECT new.rowid, {TERMS}, {FACETS} WHERE new.status = 'published'; END"
                ));
                sqls.push(
                    "CREATE TRIGGER practices_fts_delete AFTER DELETE ON practices BEGIN \
                       DELETE FROM practices_fts WHERE rowid = old.rowid; END"
                        .into(),
                );
                // Published practices enter the new index (their filter tokens follow below).
                sqls.push(format!(
                    "INSERT INTO practices_fts(rowid, tokens, facets) \
                     SELECT new.rowid, {TERMS}, {FACETS} FROM practices new \
                     WHERE new.status = 'published'"
                ));
            }
            DbBackend::Postgres => {
                sqls.extend(
                    [
                        "ALTER TABLE practices DROP COLUMN IF EXISTS search_vector",
                        "ALTER TABLE practices ADD COLUMN search_vector tsvector \
                           GENERATED ALWAYS AS \
                           (to_tsvector('simple', split_part(search_tokens, E'\\n', 1))) STORED",
                        "CREATE INDEX ix_practices_search_vector ON practices \
                           USING GIN (search_vector)",
                    ]
                    .map(String::from),
                );
            }
            other => {
                return Err(DbErr::Migration(format!("unsupported backend {other:?}")));
            }
        }
        for sql in sqls {
            db.execute_unprepared(&sql).await?;
        }
        crate::practices::reindex_on(db).await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("restore a backup instead".into()))
    }
}
