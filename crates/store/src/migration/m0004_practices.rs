//! Good practices and their full-text index: an FTS5 table kept in step by triggers on SQLite,
//! a generated `tsvector('simple')` column with a GIN index on PostgreSQL. Both index the
//! `search_tokens` column, which holds the terms of `search-pl`'s analyser (empty unless published).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use super::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("practices")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(string("title"))
                .col(text("summary"))
                .col(text("body"))
                .col(text("results"))
                .col(text("costs"))
                .col(string_null("instrument"))
                .col(text("topics"))
                .col(text("topic_keys"))
                .col(integer_null("year"))
                .col(text("partners"))
                .col(string("contact_name"))
                .col(string("contact_email"))
                .col(text("links"))
                .col(string("status"))
                .col(text_null("review_comment"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(big_integer_null("submitted_at"))
                .col(string_null("published_by"))
                .col(big_integer_null("published_at"))
                .col(text("search_tokens"))
                .foreign_key(&mut fk("practices", "municipality_id", "municipalities"))
                .foreign_key(&mut fk("practices", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("practices", &["status", "published_at"], false))
            .await?;
        m.create_index(index("practices", &["municipality_id"], false))
            .await?;
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Sqlite => {
                for sql in [
                    "CREATE VIRTUAL TABLE practices_fts USING fts5(id UNINDEXED, tokens, tokenize = 'unicode61 remove_diacritics 0')",
                    "CREATE TRIGGER practices_fts_insert AFTER INSERT ON practices BEGIN \
                       INSERT INTO practices_fts(id, tokens) VALUES (new.id, new.search_tokens); END",
                    "CREATE TRIGGER practices_fts_update AFTER UPDATE OF search_tokens ON practices BEGIN \
                       DELETE FROM practices_fts WHERE id = old.id; \
                       INSERT INTO practices_fts(id, tokens) VALUES (new.id, new.search_tokens); END",
                    "CREATE TRIGGER practices_fts_delete AFTER DELETE ON practices BEGIN \
                       DELETE FROM practices_fts WHERE id = old.id; END",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            DbBackend::Postgres => {
                for sql in [
                    "ALTER TABLE practices ADD COLUMN search_vector tsvector \
                       GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED",
                    "CREATE INDEX ix_practices_search_vector ON practices USING GIN (search_vector)",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            other => {
                return Err(DbErr::Migration(format!("unsupported backend {other:?}")));
            }
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("restore a backup instead".into()))
    }
}
