//! The rules of wspólnie: pure types and checks, with no I/O, no async and no framework types.
//!
//! Once you hold one of these values, it is valid: every type with rules has a `parse`
//! constructor that says, in Polish and in English, what is wrong with bad input.
//!
//! - [`lang`]: the two interface languages and the [`Localized`] trait for messages;
//! - [`validation`]: [`FieldError`] and checks for free-text fields;
//! - [`money`]: amounts in whole grosze ([`Grosze`]), never floats;
//! - [`ids`]: Polish identifiers (NIP, REGON, KRS, PESEL, IBAN, TERYT) with their checksums;
//! - [`time`]: instants in UTC, shown and entered in Europe/Warsaw time, and a testable clock;
//! - [`calendar`]: the Polish working-day calendar for statutory deadlines;
//! - [`accounts`]: e-mail addresses, passwords, people's names and roles;
//! - [`organisations`]: NGOs and informal groups that apply for grants;
//! - [`lines`]: short lists typed one item per line (outcomes, expected results);
//! - [`purchases`]: micro-purchases of social services and the procurement threshold;
//! - [`small_grants`]: small grants outside a competition (art. 19a) and their limits and clock.
//! - [`practices`]: good practices shared between municipalities.
//! - [`council`]: the Public Benefit Council: request, composition, elections, opinions, votes.
//! - [`consultations`]: public consultations and the annual cooperation programme cycle.

#![warn(missing_docs)]

pub mod accounts;
pub mod calendar;
pub mod consultations;
pub mod council;
#[allow(missing_docs)]
pub mod grants;
pub mod ids;
pub mod lang;
pub mod lines;
pub mod money;
pub mod organisations;
pub mod practices;
pub mod purchases;
pub mod small_grants;
pub mod time;
pub mod validation;

pub use lang::{Lang, Localized};
pub use money::Grosze;
pub use validation::FieldError;
