//! Microgrants: programmes, calls, criteria, applications, evaluation, results, agreements,
//! reports, files; and the outbox for e-mails.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("programmes")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(string("name"))
                .col(string("kind"))
                .col(integer("year"))
                .col(big_integer("budget"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk("programmes", "municipality_id", "municipalities"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("calls")
                .col(string("id").primary_key())
                .col(string("programme_id"))
                .col(string("municipality_id"))
                .col(string("title"))
                .col(text("rules"))
                .col(big_integer("opens_at"))
                .col(big_integer("closes_at"))
                .col(big_integer("min_grant"))
                .col(big_integer("max_grant"))
                .col(big_integer("budget"))
                .col(string("applicant_kinds"))
                .col(integer("min_evaluators"))
                .col(integer("min_average_percent"))
                .col(string("status"))
                .col(string("results_status"))
                .col(big_integer("created_at"))
                .col(big_integer_null("published_at"))
                .col(big_integer_null("results_published_at"))
                .foreign_key(&mut fk("calls", "programme_id", "programmes"))
                .foreign_key(&mut fk("calls", "municipality_id", "municipalities"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("calls", &["municipality_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("criteria")
                .col(string("id").primary_key())
                .col(string("call_id"))
                .col(integer("position"))
                .col(string("name"))
                .col(integer("max_points"))
                .foreign_key(&mut fk("criteria", "call_id", "calls"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("applications")
                .col(string("id").primary_key())
                .col(string("call_id"))
                .col(string("organisation_id"))
                .col(string("municipality_id"))
                .col(string("created_by"))
                .col(string("status"))
                .col(string_null("formal_result"))
                .col(text_null("formal_reason"))
                .col(string("title"))
                .col(text("summary"))
                .col(text("place"))
                .col(text("need"))
                .col(text("target_group"))
                .col(text("activities"))
                .col(text("expected_results"))
                .col(string_null("start_date"))
                .col(string_null("end_date"))
                .col(big_integer_null("requested_amount"))
                .col(big_integer("own_money"))
                .col(big_integer("own_in_kind"))
                .col(integer("own_volunteer_hours"))
                .col(string_null("bank_account"))
                .col(string_null("confirmation_number"))
                .col(big_integer_null("submitted_at"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("applications", "call_id", "calls"))
                .foreign_key(&mut fk("applications", "organisation_id", "organisations"))
                .foreign_key(&mut fk("applications", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("applications", &["call_id", "organisation_id"], true))
            .await?;
        m.create_index(index("applications", &["confirmation_number"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("budget_lines")
                .col(string("id").primary_key())
                .col(string("application_id"))
                .col(integer("position"))
                .col(string("name"))
                .col(big_integer_null("amount"))
                .foreign_key(&mut fk("budget_lines", "application_id", "applications"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("budget_lines", &["application_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("committee_members")
                .col(string("id").primary_key())
                .col(string("call_id"))
                .col(string("user_id"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk("committee_members", "call_id", "calls"))
                .foreign_key(&mut fk("committee_members", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("committee_members", &["call_id", "user_id"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("declarations")
                .col(string("id").primary_key())
                .col(string("application_id"))
                .col(string("user_id"))
                .col(boolean("conflict"))
                .col(big_integer("declared_at"))
                .foreign_key(&mut fk("declarations", "application_id", "applications"))
                .foreign_key(&mut fk("declarations", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("declarations", &["application_id", "user_id"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("score_sheets")
                .col(string("id").primary_key())
                .col(string("application_id"))
                .col(string("user_id"))
                .col(text("comment"))
                .col(integer("total"))
                .col(text("points"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("score_sheets", "application_id", "applications"))
                .foreign_key(&mut fk("score_sheets", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("score_sheets", &["application_id", "user_id"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("results")
                .col(string("id").primary_key())
                .col(string("call_id"))
                .col(string("application_id"))
                .col(integer_null("rank"))
                .col(big_integer("average_hundredths"))
                .col(big_integer("awarded_amount"))
                .col(string("outcome"))
                .foreign_key(&mut fk("results", "call_id", "calls"))
                .foreign_key(&mut fk("results", "application_id", "applications"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("results", &["call_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("agreements")
                .col(string("id").primary_key())
                .col(string_uniq("application_id"))
                .col(string("number"))
                .col(string("status"))
                .col(big_integer("amount"))
                .col(string("bank_account"))
                .col(string("report_due"))
                .col(string("return_due"))
                .col(big_integer("created_at"))
                .col(big_integer_null("signed_at"))
                .col(boolean("reminder_sent").default(false))
                .foreign_key(&mut fk("agreements", "application_id", "applications"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("reports")
                .col(string("id").primary_key())
                .col(string("application_id"))
                .col(string("status"))
                .col(text("narrative"))
                .col(text("results_achieved"))
                .col(text("costs"))
                .col(big_integer("amount_spent"))
                .col(big_integer("amount_returned"))
                .col(text_null("officer_comment"))
                .col(big_integer("submitted_at"))
                .col(big_integer_null("decided_at"))
                .foreign_key(&mut fk("reports", "application_id", "applications"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("reports", &["application_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("files")
                .col(string("id").primary_key())
                .col(string("owner_type"))
                .col(string("owner_id"))
                .col(string("filename"))
                .col(string("content_type"))
                .col(big_integer("size"))
                .col(blob("content"))
                .col(string("uploaded_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("files", &["owner_type", "owner_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("outbox")
                .col(string("id").primary_key())
                .col(string("recipient"))
                .col(string("subject"))
                .col(text("body"))
                .col(big_integer("created_at"))
                .col(big_integer_null("sent_at"))
                .col(integer("attempts"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox", &["recipient"], false))
            .await?;
        m.create_index(index("outbox", &["sent_at"], false)).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("restore a backup instead".into()))
    }
}
