//! Microgrant pages: public calls, results and funded initiatives; the applicant's form and
//! receipt; the officer's management; the evaluator's declarations and score sheets.

pub(crate) mod application;
pub(crate) mod office;
pub(crate) mod public;

use domain::{Grosze, Lang};

/// Money for pages: "5 000,00 zł".
pub fn zl(g: i64) -> String {
    Grosze::from_grosze(g).unwrap_or(Grosze::ZERO).to_polish()
}

/// A call's phase label.
pub fn phase_label(phase: &str, lang: Lang) -> String {
    crate::i18n::t(lang, &format!("mg-phase-{phase}"))
}

/// An outcome label.
pub fn outcome_label(outcome: &str, lang: Lang) -> String {
    crate::i18n::t(lang, &format!("mg-outcome-{outcome}"))
}

/// A YYYY-MM-DD date in the page's format.
pub fn date(d: &Option<String>, lang: Lang) -> String {
    d.as_deref()
        .and_then(|s| s.parse().ok())
        .map(|d| domain::time::format_date(d, lang))
        .unwrap_or_else(|| "—".into())
}
