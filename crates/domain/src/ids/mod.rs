//! Polish identifiers, each checked the way the issuing register checks it.
//!
//! Every type has `parse(&str)`, which ignores spaces and dashes that people type
//! (`"123-456-32-18"`, `"PL61 1090 …"`), `as_str()` with the compact form,
//! [`Display`](std::fmt::Display), and serde support as a string.

mod iban;
mod pesel;
mod registers;

pub use iban::PolishIban;
pub use pesel::Pesel;
pub use registers::{Krs, Nip, Regon, Teryt};

use crate::lang::{Lang, Localized};

/// Which identifier a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// Tax identification number (Numer Identyfikacji Podatkowej).
    Nip,
    /// Statistical number of a business or organisation (REGON).
    Regon,
    /// Number in the National Court Register (Krajowy Rejestr Sądowy).
    Krs,
    /// Personal identification number (PESEL).
    Pesel,
    /// Polish bank account number in IBAN form.
    Iban,
    /// Code of a municipality in the TERYT register.
    Teryt,
}

impl IdKind {
    /// How the identifier is called at the start of a sentence.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IdKind::Nip, _) => "NIP",
            (IdKind::Regon, _) => "REGON",
            (IdKind::Krs, Lang::Pl) => "Numer KRS",
            (IdKind::Krs, Lang::En) => "The KRS number",
            (IdKind::Pesel, _) => "PESEL",
            (IdKind::Iban, Lang::Pl) => "Numer konta",
            (IdKind::Iban, Lang::En) => "The bank account number",
            (IdKind::Teryt, Lang::Pl) => "Kod TERYT",
            (IdKind::Teryt, Lang::En) => "The TERYT code",
        }
    }

    /// How many digits the identifier has, as a phrase.
    fn expected_digits(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (IdKind::Nip | IdKind::Krs, Lang::Pl) => "10 cyfr",
            (IdKind::Nip | IdKind::Krs, Lang::En) => "10 digits",
            (IdKind::Regon, Lang::Pl) => "9 albo 14 cyfr",
            (IdKind::Regon, Lang::En) => "9 or 14 digits",
            (IdKind::Pesel, Lang::Pl) => "11 cyfr",
            (IdKind::Pesel, Lang::En) => "11 digits",
            (IdKind::Iban, Lang::Pl) => "26 cyfr (nie licząc liter „PL”)",
            (IdKind::Iban, Lang::En) => "26 digits (not counting the letters \"PL\")",
            (IdKind::Teryt, Lang::Pl) => "7 cyfr",
            (IdKind::Teryt, Lang::En) => "7 digits",
        }
    }
}

/// Why a text is not a valid identifier. Every message names the identifier.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was given.
    #[error("{} is empty.", kind.label(Lang::En))]
    Empty {
        /// Which identifier.
        kind: IdKind,
    },
    /// A character other than a digit (after removing spaces and dashes).
    #[error("{} may contain only digits; \"{found}\" is not allowed.", kind.label(Lang::En))]
    NotDigits {
        /// Which identifier.
        kind: IdKind,
        /// The first character that is not a digit.
        found: char,
    },
    /// The wrong number of digits.
    #[error("{} must have {}; {given} given.", kind.label(Lang::En), kind.expected_digits(Lang::En))]
    WrongLength {
        /// Which identifier.
        kind: IdKind,
        /// How many digits were given.
        given: usize,
    },
    /// Only zeros: the checksum may pass, but no such number is ever issued.
    #[error("{} cannot consist of zeros only.", kind.label(Lang::En))]
    AllZeros {
        /// Which identifier.
        kind: IdKind,
    },
    /// The check digit does not match: almost always a typo.
    #[error("{} has a wrong check digit; please check it for a typo.", kind.label(Lang::En))]
    Checksum {
        /// Which identifier.
        kind: IdKind,
    },
    /// The birth date encoded in a PESEL does not exist.
    #[error("PESEL encodes a birth date that does not exist; please check the first six digits.")]
    PeselBirthDate,
    /// An IBAN of another country.
    #[error(
        "The bank account number must be Polish (start with PL); it starts with \"{country}\"."
    )]
    NotPolishIban {
        /// The two characters the account number starts with.
        country: String,
    },
}

impl IdError {
    /// Which identifier the error is about.
    pub fn kind(&self) -> IdKind {
        match self {
            IdError::Empty { kind }
            | IdError::NotDigits { kind, .. }
            | IdError::WrongLength { kind, .. }
            | IdError::AllZeros { kind }
            | IdError::Checksum { kind } => *kind,
            IdError::PeselBirthDate => IdKind::Pesel,
            IdError::NotPolishIban { .. } => IdKind::Iban,
        }
    }
}

impl Localized for IdError {
    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let name = self.kind().label(Lang::Pl);
        match self {
            IdError::Empty { .. } => format!("{name} jest pusty — wpisz go."),
            IdError::NotDigits { found, .. } => {
                format!("{name} może zawierać tylko cyfry — znak „{found}” jest niedozwolony.")
            }
            IdError::WrongLength { kind, given } => {
                format!(
                    "{name} musi mieć {}, podano {given}.",
                    kind.expected_digits(Lang::Pl)
                )
            }
            IdError::AllZeros { .. } => format!("{name} nie może składać się z samych zer."),
            IdError::Checksum { kind: IdKind::Iban } => {
                format!("{name} ma błędne cyfry kontrolne — sprawdź, czy nie ma literówki.")
            }
            IdError::Checksum { .. } => {
                format!("{name} ma błędną cyfrę kontrolną — sprawdź, czy nie ma literówki.")
            }
            IdError::PeselBirthDate => "PESEL zawiera datę urodzenia, która nie istnieje — \
                 sprawdź pierwsze sześć cyfr."
                .to_owned(),
            IdError::NotPolishIban { country } => {
                format!(
                    "{name} musi być polski (zaczynać się od PL), a zaczyna się od „{country}”."
                )
            }
        }
    }
}

/// Removes what people type between digits: whitespace (including no-break spaces) and dashes.
fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}'))
        .collect()
}

/// Checks that `s` is non-empty, holds only ASCII digits, and has one of the `lengths`.
fn check_digits(kind: IdKind, s: &str, lengths: &[usize]) -> Result<Vec<u32>, IdError> {
    if s.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if let Some(found) = s.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdError::NotDigits { kind, found });
    }
    let digits: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
    if !lengths.contains(&digits.len()) {
        return Err(IdError::WrongLength {
            kind,
            given: digits.len(),
        });
    }
    Ok(digits)
}

/// The sum of digits times weights (the shorter of the two decides the length).
fn weighted_sum(digits: &[u32], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(d, w)| d * w).sum()
}

/// Implements `as_str`, `Display`, `AsRef<str>`, `FromStr` and serde (as a string) for an
/// identifier newtype with a `parse(&str) -> Result<Self, IdError>` constructor.
macro_rules! string_id {
    ($name:ident) => {
        impl $name {
            /// The identifier in its compact form, digits only (IBAN: `PL` and digits).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::ids::IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
use string_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_drops_spaces_and_dashes() {
        assert_eq!(compact(" 123-456 32\u{a0}18\t"), "1234563218");
        assert_eq!(compact("12–34"), "1234");
    }

    #[test]
    fn messages_name_the_identifier() {
        let e = IdError::WrongLength {
            kind: IdKind::Nip,
            given: 9,
        };
        assert_eq!(e.message(Lang::Pl), "NIP musi mieć 10 cyfr, podano 9.");
        assert_eq!(e.message(Lang::En), "NIP must have 10 digits; 9 given.");
        let e = IdError::Checksum { kind: IdKind::Nip };
        assert_eq!(
            e.message(Lang::Pl),
            "NIP ma błędną cyfrę kontrolną — sprawdź, czy nie ma literówki."
        );
        let e = IdError::NotDigits {
            kind: IdKind::Regon,
            found: 'O',
        };
        assert_eq!(
            e.message(Lang::Pl),
            "REGON może zawierać tylko cyfry — znak „O” jest niedozwolony."
        );
        let e = IdError::WrongLength {
            kind: IdKind::Iban,
            given: 25,
        };
        assert!(
            e.message(Lang::Pl)
                .starts_with("Numer konta musi mieć 26 cyfr")
        );
        assert_eq!(e.kind(), IdKind::Iban);
        assert_eq!(IdError::PeselBirthDate.kind(), IdKind::Pesel);
    }
}
