//! Integration tests: the real server on a random port against a real database — a fresh SQLite
//! file by default, or a fresh PostgreSQL database when `WSPOLNIE_TEST_DATABASE_URL` is set.

mod accounts;
mod calendar;
mod cli;
mod consultations;
mod council;
mod grants;
mod helpers;
mod openapi;
mod organisations;
mod pages;
mod practice_extras;
mod practices;
mod purchases;
mod small_grants;
