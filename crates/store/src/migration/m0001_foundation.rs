//! The foundation: municipalities, accounts, sessions, organisations, the audit log.

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
                .table("metropolises")
                .col(string("id").primary_key())
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(text_null("description"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("municipalities")
                .col(string("id").primary_key())
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(string_null("teryt"))
                .col(string_null("voivodeship"))
                .col(string_null("metropolis_id"))
                .col(text_null("description"))
                .col(string_null("office_name"))
                .col(text_null("office_address"))
                .col(text_null("office_hours"))
                .col(string_null("office_email"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk("municipalities", "metropolis_id", "metropolises"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("users")
                .col(string("id").primary_key())
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(boolean("disabled").default(false))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("role_assignments")
                .col(string("id").primary_key())
                .col(string("user_id"))
                .col(string("role"))
                .col(string_null("municipality_id"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk("role_assignments", "user_id", "users"))
                .foreign_key(&mut fk(
                    "role_assignments",
                    "municipality_id",
                    "municipalities",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("role_assignments", &["user_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(text("data"))
                .col(big_integer("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions", &["expires_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(string("id").primary_key())
                .col(string_uniq("token_hash"))
                .col(string("user_id"))
                .col(big_integer("created_at"))
                .col(big_integer("expires_at"))
                .foreign_key(&mut fk("api_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("login_throttle")
                .col(string("email").primary_key())
                .col(integer("failures"))
                .col(big_integer("window_started_at"))
                .col(big_integer_null("locked_until"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("organisations")
                .col(string("id").primary_key())
                .col(string("kind"))
                .col(string("name"))
                .col(string("municipality_id"))
                .col(string_null("krs"))
                .col(string_null("nip"))
                .col(string_null("regon"))
                .col(string_null("patron_organisation_id"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "organisations",
                    "municipality_id",
                    "municipalities",
                ))
                .foreign_key(&mut fk("organisations", "created_by", "users"))
                .foreign_key(&mut fk(
                    "organisations",
                    "patron_organisation_id",
                    "organisations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("organisations", &["municipality_id", "krs"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("organisation_members")
                .col(string("id").primary_key())
                .col(string("organisation_id"))
                .col(integer("position"))
                .col(string("name"))
                .col(boolean("adult"))
                .col(boolean("is_leader"))
                .foreign_key(&mut fk(
                    "organisation_members",
                    "organisation_id",
                    "organisations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("organisation_members", &["organisation_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("organisation_representatives")
                .col(string("id").primary_key())
                .col(string("organisation_id"))
                .col(string("user_id"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk(
                    "organisation_representatives",
                    "organisation_id",
                    "organisations",
                ))
                .foreign_key(&mut fk("organisation_representatives", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "organisation_representatives",
            &["organisation_id", "user_id"],
            true,
        ))
        .await?;
        m.create_index(index("organisation_representatives", &["user_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_integer("seq").primary_key())
                .col(big_integer("at"))
                .col(string_null("actor_user_id"))
                .col(string_null("municipality_id"))
                .col(string("action"))
                .col(string("subject_type"))
                .col(string_null("subject_id"))
                .col(text("details"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", &["subject_type", "subject_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("audit_head")
                .col(integer("id").primary_key())
                .col(big_integer("seq"))
                .col(string("hash"))
                .to_owned(),
        )
        .await?;
        let insert = Query::insert()
            .into_table("audit_head")
            .columns(["id", "seq", "hash"])
            .values_panic([1.into(), 0i64.into(), crate::audit::GENESIS.into()])
            .to_owned();
        m.exec_stmt(insert).await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "the foundation migration cannot be reverted; restore a backup instead".into(),
        ))
    }
}
