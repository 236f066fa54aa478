//! Good-practice extras: the analysed title and summary terms that "similar practices" compare
//! (`practices.similar_terms`, filled for published practices), and the platform's thematic
//! meetings with the practices presented at them. Attachments use the shared `files` table
//! (`owner_type` `practice` or `meeting`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use super::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("practices")
                .add_column(text("similar_terms").default(""))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("practice_meetings")
                .col(string("id").primary_key())
                .col(string("title"))
                .col(big_integer("starts_at"))
                .col(text("place"))
                .col(string_null("online_url"))
                .col(text("description"))
                .col(text("links"))
                .col(string("status"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(string_null("published_by"))
                .col(big_integer_null("published_at"))
                .foreign_key(&mut fk("practice_meetings", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("practice_meetings", &["status", "starts_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("practice_meeting_practices")
                .col(string("meeting_id"))
                .col(string("practice_id"))
                .col(integer("position"))
                .primary_key(Index::create().col("meeting_id").col("practice_id"))
                .foreign_key(&mut fk(
                    "practice_meeting_practices",
                    "meeting_id",
                    "practice_meetings",
                ))
                .foreign_key(&mut fk(
                    "practice_meeting_practices",
                    "practice_id",
                    "practices",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("practice_meeting_practices", &["practice_id"], false))
            .await?;
        // Published practices get their terms now; later ones when they are published.
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, title, summary FROM practices WHERE status = 'published'",
            ))
            .await?;
        let sql = match backend {
            DbBackend::Postgres => "UPDATE practices SET similar_terms = $1 WHERE id = $2",
            _ => "UPDATE practices SET similar_terms = ? WHERE id = ?",
        };
        for r in rows {
            let id: String = r.try_get("", "id")?;
            let title: String = r.try_get("", "title")?;
            let summary: String = r.try_get("", "summary")?;
            let terms = crate::practices::similar_terms(&title, &summary);
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [Value::from(terms), Value::from(id)],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("restore a backup instead".into()))
    }
}
