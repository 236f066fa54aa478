//! Persistence of wspólnie: one database (embedded SQLite or PostgreSQL), its migrations,
//! the repositories of each feature, the hash-chained audit log and portable backups.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod consultations;
pub mod council;
mod db;
pub mod demo;
pub mod entities;
mod error;
pub mod exec;
pub mod grants;
pub mod ids;
mod lite;
mod migration;
pub mod municipalities;
pub mod organisations;
pub mod outbox;
pub mod passwords;
pub mod practices;
pub mod purchases;
mod rows;
pub mod sessions;
pub mod small_grants;

pub use db::{Backend, Db, default_database_url};
pub use error::StoreError;
pub use sea_orm;
