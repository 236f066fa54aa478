//! Public consultations (a document, its window, comments and answers, the report) and the
//! annual cooperation programme cycle (programmes per municipality and year, their adoption and
//! the report on the year, reminders already sent). Uploaded documents live in `files`
//! (owner types `consultation`, `cooperation_programme`, `cooperation_report`).

use super::{fk, index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("consultations")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(text("title"))
                .col(text("description"))
                .col(text_null("document_text"))
                .col(string_null("document_file_id"))
                .col(big_integer("opens_at"))
                .col(big_integer("closes_at"))
                .col(string("status"))
                .col(big_integer_null("published_at"))
                .col(string_null("published_by"))
                .col(text_null("report_summary"))
                .col(big_integer_null("report_published_at"))
                .col(string_null("report_published_by"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(string("updated_by"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "consultations",
                    "municipality_id",
                    "municipalities",
                ))
                .foreign_key(&mut fk("consultations", "created_by", "users"))
                .foreign_key(&mut fk("consultations", "updated_by", "users"))
                .foreign_key(&mut fk("consultations", "published_by", "users"))
                .foreign_key(&mut fk("consultations", "report_published_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "consultations",
            &["municipality_id", "opens_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("consultation_comments")
                .col(string("id").primary_key())
                .col(string("consultation_id"))
                .col(string("author_user_id"))
                .col(string_null("organisation_id"))
                .col(boolean("is_public"))
                .col(text("body"))
                .col(big_integer("created_at"))
                .col(string_null("answer"))
                .col(text_null("answer_text"))
                .col(big_integer_null("answered_at"))
                .col(string_null("answered_by"))
                .foreign_key(&mut fk(
                    "consultation_comments",
                    "consultation_id",
                    "consultations",
                ))
                .foreign_key(&mut fk("consultation_comments", "author_user_id", "users"))
                .foreign_key(&mut fk(
                    "consultation_comments",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("consultation_comments", "answered_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("consultation_comments", &["consultation_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("cooperation_programmes")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(integer("year"))
                .col(text("title"))
                .col(text_null("document_text"))
                .col(string_null("document_file_id"))
                .col(string("status"))
                .col(string_null("adopted_on"))
                .col(text_null("resolution_ref"))
                .col(string_null("consultation_id"))
                .col(text_null("council_opinion_ref"))
                .col(text_null("report_text"))
                .col(string_null("report_file_id"))
                .col(string_null("report_published_on"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(string("updated_by"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "cooperation_programmes",
                    "municipality_id",
                    "municipalities",
                ))
                .foreign_key(&mut fk(
                    "cooperation_programmes",
                    "consultation_id",
                    "consultations",
                ))
                .foreign_key(&mut fk("cooperation_programmes", "created_by", "users"))
                .foreign_key(&mut fk("cooperation_programmes", "updated_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "cooperation_programmes",
            &["municipality_id", "year"],
            true,
        ))
        .await?;
        // One row per reminder sent: the unique index makes the reminder idempotent.
        m.create_table(
            Table::create()
                .table("cooperation_reminders")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(integer("year"))
                .col(string("kind"))
                .col(big_integer("sent_at"))
                .foreign_key(&mut fk(
                    "cooperation_reminders",
                    "municipality_id",
                    "municipalities",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "cooperation_reminders",
            &["municipality_id", "year", "kind"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "cooperation_reminders",
            "cooperation_programmes",
            "consultation_comments",
            "consultations",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
