//! A one-row table whose token changes with every change to what practice search can find
//! (publish, edit, return, restore, reindex). Each app server keeps a small cache of search
//! results and trusts it only while the token it read is the token stored with the results, so
//! servers stay stateless and a change is seen by the next search on every server.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("search_generation")
                .if_not_exists()
                .col(integer("id").primary_key())
                .col(string("token"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("INSERT INTO search_generation (id, token) VALUES (1, 'initial')")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("search_generation").to_owned())
            .await
    }
}
