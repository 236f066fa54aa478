//! Amounts of money in Polish złoty, kept as whole grosze (1 zł = 100 gr), never as floats.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::lang::{Lang, Localized};

/// The largest amount the platform accepts when reading text: one trillion złoty.
/// Far above any municipal budget, so reaching it means a typo or an attack.
const MAX_PARSED_GROSZE: i64 = 1_000_000_000_000 * 100;

/// An amount of money in grosze; never negative.
///
/// Shown to people as `5 000,00 zł` ([`Grosze::to_polish`]); exchanged with API
/// clients as the string `"5000.00"` ([`Display`](fmt::Display), serde).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Grosze(i64);

/// Why a text could not be read as an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was given.
    #[error("Enter an amount.")]
    Empty,
    /// The text is not in the API form `5000.00`.
    #[error("The amount must look like 5000.00 (a dot and at most two decimal places).")]
    NotANumber,
    /// The text typed into a form could not be read as an amount.
    #[error("We could not read the amount. Type it like 5000, 5000.50 or 5 000,50 zł.")]
    Unreadable,
    /// The amount is below zero.
    #[error("The amount cannot be negative.")]
    Negative,
    /// More than two digits after the decimal separator.
    #[error("The amount can have at most two decimal places (grosze).")]
    TooManyDecimals,
    /// More than the platform's cap of one trillion złoty.
    #[error("The amount is too large: at most 1,000,000,000,000 zł.")]
    TooLarge,
}

impl Localized for MoneyError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Pl => match self {
                MoneyError::Empty => "Podaj kwotę.",
                MoneyError::NotANumber => {
                    "Kwota musi mieć postać 5000.00 (kropka, najwyżej dwa miejsca po przecinku)."
                }
                MoneyError::Unreadable => {
                    "Nie udało się odczytać kwoty. Wpisz ją np. tak: 5000, 5000,50 albo 5 000,50 zł."
                }
                MoneyError::Negative => "Kwota nie może być ujemna.",
                MoneyError::TooManyDecimals => {
                    "Kwota może mieć najwyżej dwa miejsca po przecinku (grosze)."
                }
                MoneyError::TooLarge => "Kwota jest za duża: najwyżej 1 000 000 000 000 zł.",
            }
            .to_owned(),
        }
    }
}

impl Grosze {
    /// Nothing: 0,00 zł.
    pub const ZERO: Grosze = Grosze(0);

    /// An amount given in grosze; `None` if negative.
    pub fn from_grosze(g: i64) -> Option<Grosze> {
        (g >= 0).then_some(Grosze(g))
    }

    /// A fixed amount for constants such as statutory limits
    /// (`Grosze::from_const(13_000_000)` is 130 000,00 zł); a negative value does not compile.
    pub const fn from_const(g: i64) -> Grosze {
        assert!(g >= 0, "amounts are never negative");
        Grosze(g)
    }

    /// An amount given in whole złoty; `None` if negative or too large to hold.
    pub fn from_zloty(z: i64) -> Option<Grosze> {
        z.checked_mul(100).and_then(Grosze::from_grosze)
    }

    /// The amount in grosze.
    pub fn as_grosze(self) -> i64 {
        self.0
    }

    /// Reads the API form: digits, optionally a dot and one or two decimals
    /// (`"5000.00"`, `"12.5"`, `"7"`). Nothing else is accepted: no spaces, signs,
    /// commas, exponents or a bare dot (`".5"`, `"5."`).
    pub fn parse(s: &str) -> Result<Grosze, MoneyError> {
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if let Some(rest) = s.strip_prefix('-') {
            return match Grosze::parse(rest) {
                Ok(_) => Err(MoneyError::Negative),
                Err(_) => Err(MoneyError::NotANumber),
            };
        }
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() || !all_digits(whole) || (s.contains('.') && frac.is_empty()) {
            return Err(MoneyError::NotANumber);
        }
        if !all_digits(frac) {
            return Err(MoneyError::NotANumber);
        }
        from_digits(whole, frac)
    }

    /// Reads what people type into a Polish form: everything [`Grosze::parse`] accepts, and
    /// also a decimal comma, spaces (including no-break spaces) between groups of three
    /// digits, a trailing `zł`/`zl`/`PLN`, and the `,-` of whole złoty:
    /// `"5 000,50 zł"`, `"1 500"`, `"250,- zł"`.
    pub fn parse_form(s: &str) -> Result<Grosze, MoneyError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let lower = s.to_lowercase();
        let mut s = lower.as_str();
        for currency in ["zł", "zl", "pln"] {
            if let Some(rest) = s.strip_suffix(currency) {
                s = rest.trim_end();
                break;
            }
        }
        if let Some(rest) = s.strip_suffix(",-").or_else(|| s.strip_suffix(",--")) {
            s = rest.trim_end();
        }
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if let Some(rest) = s.strip_prefix('-') {
            return match Grosze::parse_form(rest) {
                Ok(_) => Err(MoneyError::Negative),
                Err(_) => Err(MoneyError::Unreadable),
            };
        }
        let mut separators = s.match_indices([',', '.']);
        let (whole, frac, has_separator) = match (separators.next(), separators.next()) {
            (None, _) => (s, "", false),
            (Some((i, _)), None) => (&s[..i], &s[i + 1..], true),
            (Some(_), Some(_)) => return Err(MoneyError::Unreadable),
        };
        let whole = join_thousands(whole).ok_or(MoneyError::Unreadable)?;
        if whole.is_empty() || !all_digits(&whole) || (has_separator && frac.is_empty()) {
            return Err(MoneyError::Unreadable);
        }
        if !all_digits(frac) {
            return Err(MoneyError::Unreadable);
        }
        from_digits(&whole, frac)
    }

    /// The sum, or `None` if it would not fit.
    pub fn checked_add(self, other: Grosze) -> Option<Grosze> {
        self.0.checked_add(other.0).map(Grosze)
    }

    /// The difference, or `None` if `other` is larger (amounts are never negative).
    pub fn checked_sub(self, other: Grosze) -> Option<Grosze> {
        self.0.checked_sub(other.0).and_then(Grosze::from_grosze)
    }

    /// The difference, or zero if `other` is larger: "what is left of the budget".
    pub fn saturating_sub(self, other: Grosze) -> Grosze {
        self.checked_sub(other).unwrap_or(Grosze::ZERO)
    }

    /// The amount times `factor` (e.g. volunteer hours × hourly rate), or `None` if it
    /// would not fit.
    pub fn checked_mul(self, factor: u32) -> Option<Grosze> {
        self.0.checked_mul(i64::from(factor)).map(Grosze)
    }

    /// The sum of all amounts, or `None` if it would not fit.
    pub fn checked_sum<I: IntoIterator<Item = Grosze>>(amounts: I) -> Option<Grosze> {
        amounts
            .into_iter()
            .try_fold(Grosze::ZERO, |sum, amount| sum.checked_add(amount))
    }

    /// The amount as Polish readers expect it: `5 000,00 zł`, with no-break spaces
    /// (U+00A0) between groups of thousands and before `zł`, so it never wraps.
    pub fn to_polish(self) -> String {
        let whole = (self.0 / 100).to_string();
        let mut out = String::with_capacity(whole.len() * 2 + 8);
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push('\u{a0}');
            }
            out.push(digit);
        }
        out.push_str(&format!(",{:02}\u{a0}zł", self.0 % 100));
        out
    }
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// Joins `5 000 000` into `5000000`, accepting spaces only between groups of three digits.
fn join_thousands(whole: &str) -> Option<String> {
    let is_space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}');
    if !whole.contains(is_space) {
        return Some(whole.to_owned());
    }
    let mut joined = String::with_capacity(whole.len());
    for (i, group) in whole.split(is_space).enumerate() {
        let ok_len = if i == 0 {
            (1..=3).contains(&group.len())
        } else {
            group.len() == 3
        };
        if !ok_len || !all_digits(group) {
            return None;
        }
        joined.push_str(group);
    }
    Some(joined)
}

/// Builds an amount from ASCII digit strings before and after the decimal separator.
fn from_digits(whole: &str, frac: &str) -> Result<Grosze, MoneyError> {
    if !all_digits(whole) || !all_digits(frac) {
        return Err(MoneyError::NotANumber);
    }
    if frac.len() > 2 {
        return Err(MoneyError::TooManyDecimals);
    }
    let mut grosze: i64 = 0;
    for b in whole.bytes() {
        grosze = grosze
            .checked_mul(10)
            .and_then(|g| g.checked_add(i64::from(b - b'0')))
            .filter(|g| *g <= MAX_PARSED_GROSZE / 100)
            .ok_or(MoneyError::TooLarge)?;
    }
    grosze *= 100;
    let mut scale = 10;
    for b in frac.bytes() {
        grosze += i64::from(b - b'0') * scale;
        scale /= 10;
    }
    if grosze > MAX_PARSED_GROSZE {
        return Err(MoneyError::TooLarge);
    }
    Ok(Grosze(grosze))
}

impl fmt::Display for Grosze {
    /// The API form: `5000.00`, always two decimals, no separators.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl std::str::FromStr for Grosze {
    type Err = MoneyError;

    /// Same as [`Grosze::parse`] (the strict API form).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Grosze::parse(s)
    }
}

impl Serialize for Grosze {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Grosze {
    /// Accepts only a string in the API form; a JSON number is refused, because floats
    /// lose grosze (0.1 + 0.2 ≠ 0.3).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(GroszeVisitor)
    }
}

struct GroszeVisitor;

impl Visitor<'_> for GroszeVisitor {
    type Value = Grosze;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a string such as \"5000.00\" (amounts are strings, not numbers)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Grosze, E> {
        Grosze::parse(v).map_err(|e| E::custom(format!("invalid amount {v:?}: {e}")))
    }
}

#[cfg(test)]
mod tests;
