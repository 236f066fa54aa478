//! A per-call counter of submitted applications: the confirmation number is taken from it
//! instead of counting the call's submitted applications inside the single writer (a count that
//! grows with every submission of a deadline surge).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("calls")
                .add_column(integer("submitted_count").default(0))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE calls SET submitted_count = (SELECT COUNT(*) FROM applications a \
                 WHERE a.call_id = calls.id AND a.confirmation_number IS NOT NULL)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("calls")
                .drop_column("submitted_count")
                .to_owned(),
        )
        .await
    }
}
