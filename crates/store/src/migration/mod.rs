//! Schema migrations, one set for SQLite and PostgreSQL (sea-query builds the dialect).

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_grants;
mod m0003_purchases;
mod m0004_practices;
mod m0008_submission_counter;
mod m0009_council;
mod m0010_consultations;
mod m0011_practice_extras;
mod m0012_search;
mod m0013_search_generation;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_grants::Migration),
            Box::new(m0003_purchases::Migration),
            Box::new(m0004_practices::Migration),
            Box::new(m0008_submission_counter::Migration),
            Box::new(m0009_council::Migration),
            Box::new(m0010_consultations::Migration),
            Box::new(m0011_practice_extras::Migration),
            Box::new(m0012_search::Migration),
            Box::new(m0013_search_generation::Migration),
        ]
    }
}

/// A foreign key from `table.column` to `target.id`.
pub(crate) fn fk(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table.to_string(), column.to_string())
        .to(target.to_string(), "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

pub(crate) fn index(table: &str, cols: &[&str], unique: bool) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(format!("ix_{table}_{}", cols.join("_")))
        .table(table.to_string())
        .if_not_exists();
    for c in cols {
        idx.col(ToString::to_string(c));
    }
    if unique {
        idx.unique();
    }
    idx.to_owned()
}
