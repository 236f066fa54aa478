//! Microgrants: programmes, calls, applications, evaluation, results, agreements and reports.
//! Every function that changes something writes its audit entry in the same transaction.

mod agreements;
mod applications;
pub mod entities;
mod evaluation;
mod programmes;
mod results;

pub use agreements::*;
pub use applications::*;
pub use evaluation::*;
pub use programmes::*;
pub use results::*;

use domain::Grosze;

/// Money column → [`Grosze`] (negative values never get written; treat them as zero).
pub(crate) fn g(v: i64) -> Grosze {
    Grosze::from_grosze(v).unwrap_or(Grosze::ZERO)
}
