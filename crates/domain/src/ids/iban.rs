//! Polish bank account numbers (NRB) in IBAN form.

use super::{IdError, IdKind, check_digits, compact, string_id};

/// A Polish bank account number: `PL`, two check digits and 24 digits of the account
/// (NRB), checked with the ISO 13616 mod-97 rule. Grants are paid to it.
///
/// [`PolishIban::as_str`] gives the compact `PL61109010140000071219812874`;
/// [`PolishIban::formatted`] gives `PL61 1090 1014 0000 0712 1981 2874` for reading.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolishIban(String);

impl PolishIban {
    /// Checks an account number as typed: with or without the leading `PL`, with any
    /// spaces or dashes, in upper or lower case.
    pub fn parse(input: &str) -> Result<PolishIban, IdError> {
        let kind = IdKind::Iban;
        let s = compact(input).to_uppercase();
        let digits_part = match s.get(..2) {
            Some("PL") => &s[2..],
            Some(prefix) if prefix.chars().all(|c| c.is_ascii_alphabetic()) => {
                return Err(IdError::NotPolishIban {
                    country: prefix.to_owned(),
                });
            }
            _ => s.as_str(),
        };
        let digits = check_digits(kind, digits_part, &[26])?;
        if mod97(&digits) != 1 {
            return Err(IdError::Checksum { kind });
        }
        Ok(PolishIban(format!("PL{digits_part}")))
    }

    /// The number in groups of four for reading: `PL61 1090 1014 0000 0712 1981 2874`.
    pub fn formatted(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 7);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i.is_multiple_of(4) {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }

    /// The 26 digits without `PL` (the domestic NRB form).
    pub fn nrb(&self) -> &str {
        self.0.get(2..).unwrap_or_default()
    }
}
string_id!(PolishIban);

/// The IBAN remainder for `PL` + 26 digits: the account part, then `PL` as 25 21,
/// then the check digits, read as one big number modulo 97.
fn mod97(digits: &[u32]) -> u32 {
    let (check, account) = digits.split_at(2.min(digits.len()));
    account
        .iter()
        .chain(&[2, 5, 2, 1])
        .chain(check)
        .fold(0, |rem, d| (rem * 10 + d) % 97)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Localized};
    use proptest::prelude::*;

    /// A valid Polish IBAN for a 24-digit account number.
    fn make_iban(account: &[u32]) -> String {
        let mut digits = vec![0, 0];
        digits.extend_from_slice(account);
        let check = 98 - mod97(&digits);
        let account: String = account
            .iter()
            .map(|d| char::from(b'0' + *d as u8))
            .collect();
        format!("PL{check:02}{account}")
    }

    // Computed with `make_iban` and written out; it is also the usual textbook example.
    const VALID: &str = "PL61109010140000071219812874";

    #[test]
    fn example_constant_matches_the_checksum() {
        let account: Vec<u32> = "109010140000071219812874"
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .collect();
        assert_eq!(make_iban(&account), VALID);
    }

    #[test]
    fn accepts_usual_notations() {
        for input in [
            VALID,
            "PL61 1090 1014 0000 0712 1981 2874",
            "pl61 1090 1014 0000 0712 1981 2874",
            "61 1090 1014 0000 0712 1981 2874",
            "61109010140000071219812874",
            " 61-1090-1014-0000-0712-1981-2874 ",
        ] {
            let iban = PolishIban::parse(input).expect(input);
            assert_eq!(iban.as_str(), VALID);
        }
    }

    #[test]
    fn formats_in_groups_of_four() {
        let iban = PolishIban::parse(VALID).expect("valid");
        assert_eq!(iban.formatted(), "PL61 1090 1014 0000 0712 1981 2874");
        assert_eq!(iban.nrb(), "61109010140000071219812874");
        assert_eq!(iban.to_string(), VALID);
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        assert_eq!(
            PolishIban::parse("PL62 1090 1014 0000 0712 1981 2874")
                .map_err(|e| e.message(Lang::Pl)),
            Err(
                "Numer konta ma błędne cyfry kontrolne — sprawdź, czy nie ma literówki.".to_owned()
            )
        );
        assert_eq!(
            PolishIban::parse("DE89 3704 0044 0532 0130 00"),
            Err(IdError::NotPolishIban {
                country: "DE".to_owned()
            })
        );
        assert_eq!(
            PolishIban::parse("PL61 1090 1014 0000 0712 1981 287"),
            Err(IdError::WrongLength {
                kind: IdKind::Iban,
                given: 25
            })
        );
        assert!(PolishIban::parse("PL").is_err());
        assert!(PolishIban::parse("P").is_err());
        assert!(PolishIban::parse("ą").is_err());
    }

    proptest! {
        #[test]
        fn generated_ibans_pass_and_one_changed_digit_fails(
            account in proptest::collection::vec(0u32..10, 24),
            pos in 2usize..28,
            delta in 1u32..10,
        ) {
            let iban = make_iban(&account);
            let parsed = PolishIban::parse(&iban).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed.as_str(), iban.as_str());
            let mut chars: Vec<u8> = iban.into_bytes();
            chars[pos] = b'0' + (u32::from(chars[pos] - b'0') + delta) as u8 % 10;
            let changed = String::from_utf8(chars).map_err(|e| TestCaseError::fail(e.to_string()))?;
            // mod 97 catches every single-digit error.
            prop_assert!(PolishIban::parse(&changed).is_err());
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,40}") {
            let _ = PolishIban::parse(&s);
        }
    }
}
