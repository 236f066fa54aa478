//! Micro-purchases of social services (the catalogue of kinds, purchases, the yearly sum per kind)
//! and small grants outside a competition (pools, offers, budget lines, public comments).
//!
//! Dates without a time (order day, task days, statutory deadlines) are `YYYY-MM-DD` text, which
//! sorts correctly and reads the same on both backends; instants are microseconds (UTC).

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
                .table("purchase_kinds")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(string("code"))
                .col(text("name"))
                .col(boolean("active").default(true))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "purchase_kinds",
                    "municipality_id",
                    "municipalities",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("purchase_kinds", &["municipality_id", "code"], true))
            .await?;
        // One row per kind and financial year: the running net sum, and the row a purchase locks
        // so that concurrent purchases of one kind are checked against the threshold one by one.
        m.create_table(
            Table::create()
                .table("purchase_kind_years")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(string("kind_id"))
                .col(integer("year"))
                .col(big_integer("net_total"))
                .col(integer("purchase_count"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "purchase_kind_years",
                    "municipality_id",
                    "municipalities",
                ))
                .foreign_key(&mut fk("purchase_kind_years", "kind_id", "purchase_kinds"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("purchase_kind_years", &["kind_id", "year"], true))
            .await?;
        m.create_index(index(
            "purchase_kind_years",
            &["municipality_id", "year"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("purchases")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(string("kind_id"))
                .col(string("supplier_id"))
                .col(text("buying_unit"))
                .col(string("supplier_activity"))
                .col(big_integer("net"))
                .col(big_integer("gross"))
                .col(integer("financial_year"))
                .col(string("ordered_on"))
                .col(string("start_date"))
                .col(string("end_date"))
                .col(text("outcomes"))
                .col(string("status"))
                .col(text_null("threshold_justification"))
                .col(text_null("achieved"))
                .col(text_null("report_comment"))
                .col(big_integer_null("reported_at"))
                .col(string_null("reported_by"))
                .col(big_integer_null("decided_at"))
                .col(string_null("decided_by"))
                .col(text_null("decision_note"))
                .col(string_null("paid_on"))
                .col(string("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("purchases", "municipality_id", "municipalities"))
                .foreign_key(&mut fk("purchases", "kind_id", "purchase_kinds"))
                .foreign_key(&mut fk("purchases", "supplier_id", "organisations"))
                .foreign_key(&mut fk("purchases", "reported_by", "users"))
                .foreign_key(&mut fk("purchases", "decided_by", "users"))
                .foreign_key(&mut fk("purchases", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "purchases",
            &["municipality_id", "financial_year"],
            false,
        ))
        .await?;
        m.create_index(index("purchases", &["supplier_id"], false))
            .await?;

        // The pool row of a municipality and year is also what an offer locks, so that
        // concurrent offers are checked against the pool and the per-organisation limit in turn.
        m.create_table(
            Table::create()
                .table("small_grant_pools")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(integer("year"))
                .col(big_integer("planned_ngo_grants"))
                .col(big_integer("amount"))
                .col(string("updated_by"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk(
                    "small_grant_pools",
                    "municipality_id",
                    "municipalities",
                ))
                .foreign_key(&mut fk("small_grant_pools", "updated_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "small_grant_pools",
            &["municipality_id", "year"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("small_grants")
                .col(string("id").primary_key())
                .col(string("municipality_id"))
                .col(string("organisation_id"))
                .col(string("submitted_by"))
                .col(text("title"))
                .col(text("description"))
                .col(string("start_date"))
                .col(string("end_date"))
                .col(big_integer("amount"))
                .col(integer("year"))
                .col(text("expected_results"))
                .col(string("status"))
                .col(big_integer("received_at"))
                .col(string("received_on"))
                .col(string("publish_by"))
                .col(big_integer_null("published_at"))
                .col(string_null("published_on"))
                .col(string_null("comments_until"))
                .col(big_integer_null("decided_at"))
                .col(string_null("decided_by"))
                .col(text_null("decision_reason"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .foreign_key(&mut fk("small_grants", "municipality_id", "municipalities"))
                .foreign_key(&mut fk("small_grants", "organisation_id", "organisations"))
                .foreign_key(&mut fk("small_grants", "submitted_by", "users"))
                .foreign_key(&mut fk("small_grants", "decided_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("small_grants", &["municipality_id", "year"], false))
            .await?;
        m.create_index(index("small_grants", &["organisation_id", "year"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("small_grant_budget_lines")
                .col(string("id").primary_key())
                .col(string("small_grant_id"))
                .col(integer("position"))
                .col(text("name"))
                .col(big_integer("amount"))
                .foreign_key(&mut fk(
                    "small_grant_budget_lines",
                    "small_grant_id",
                    "small_grants",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "small_grant_budget_lines",
            &["small_grant_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("small_grant_comments")
                .col(string("id").primary_key())
                .col(string("small_grant_id"))
                .col(string("author_user_id"))
                .col(text("body"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk(
                    "small_grant_comments",
                    "small_grant_id",
                    "small_grants",
                ))
                .foreign_key(&mut fk("small_grant_comments", "author_user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("small_grant_comments", &["small_grant_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "small_grant_comments",
            "small_grant_budget_lines",
            "small_grants",
            "small_grant_pools",
            "purchases",
            "purchase_kind_years",
            "purchase_kinds",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
