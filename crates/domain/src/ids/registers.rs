//! Identifiers of organisations and places: NIP, REGON, KRS and TERYT.

use super::{IdError, IdKind, check_digits, compact, string_id, weighted_sum};

const NIP_WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];
const REGON9_WEIGHTS: [u32; 8] = [8, 9, 2, 3, 4, 5, 6, 7];
const REGON14_WEIGHTS: [u32; 13] = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];

/// A tax identification number (NIP): 10 digits, the last one a check digit.
/// Input may carry the EU prefix `PL` and the usual dashes (`PL 123-456-32-18`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nip(String);

impl Nip {
    /// Checks a NIP as typed; see [`IdError`] for what can be wrong.
    pub fn parse(input: &str) -> Result<Nip, IdError> {
        let kind = IdKind::Nip;
        let s = compact(input);
        let s = match s.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("PL") => &s[2..],
            _ => s.as_str(),
        };
        let digits = check_digits(kind, s, &[10])?;
        if digits.iter().all(|d| *d == 0) {
            return Err(IdError::AllZeros { kind });
        }
        if nip_check_digit(&digits[..9]) != Some(digits[9]) {
            return Err(IdError::Checksum { kind });
        }
        Ok(Nip(s.to_owned()))
    }
}
string_id!(Nip);

/// The NIP check digit for the first nine digits; `None` when the sum gives 10,
/// which means no valid NIP starts with these digits.
fn nip_check_digit(first_nine: &[u32]) -> Option<u32> {
    let check = weighted_sum(first_nine, &NIP_WEIGHTS) % 11;
    (check != 10).then_some(check)
}

/// A statistical number (REGON): 9 digits for an entity, or 14 for one of its local
/// units, whose first 9 digits are the entity's REGON.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Regon(String);

impl Regon {
    /// Checks a 9- or 14-digit REGON as typed.
    pub fn parse(input: &str) -> Result<Regon, IdError> {
        let kind = IdKind::Regon;
        let s = compact(input);
        let digits = check_digits(kind, &s, &[9, 14])?;
        if digits.iter().all(|d| *d == 0) {
            return Err(IdError::AllZeros { kind });
        }
        let valid = regon_check_digit(&digits[..8], &REGON9_WEIGHTS) == digits[8]
            && (digits.len() == 9
                || regon_check_digit(&digits[..13], &REGON14_WEIGHTS) == digits[13]);
        if !valid {
            return Err(IdError::Checksum { kind });
        }
        Ok(Regon(s))
    }

    /// Whether this is the 14-digit REGON of a local unit.
    pub fn is_local_unit(&self) -> bool {
        self.0.len() == 14
    }

    /// The 9-digit REGON of the entity (for a local unit, its parent's).
    pub fn entity(&self) -> &str {
        self.0.get(..9).unwrap_or(&self.0)
    }
}
string_id!(Regon);

/// The REGON check digit: weighted sum modulo 11, with 10 counting as 0.
fn regon_check_digit(digits: &[u32], weights: &[u32]) -> u32 {
    (weighted_sum(digits, weights) % 11) % 10
}

/// A number in the National Court Register (KRS): 10 digits, no checksum.
/// People often drop the leading zeros; [`Krs::parse`] does not guess them back.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Krs(String);

impl Krs {
    /// Checks a KRS number as typed: exactly 10 digits, not all zeros.
    pub fn parse(input: &str) -> Result<Krs, IdError> {
        let kind = IdKind::Krs;
        let s = compact(input);
        let digits = check_digits(kind, &s, &[10])?;
        if digits.iter().all(|d| *d == 0) {
            return Err(IdError::AllZeros { kind });
        }
        Ok(Krs(s))
    }
}
string_id!(Krs);

/// The 7-digit TERYT code of a municipality (gmina): voivodeship (2 digits),
/// county (2), municipality (2) and municipality type (1).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Teryt(String);

impl Teryt {
    /// Checks a TERYT municipality code as typed: exactly 7 digits, not all zeros.
    pub fn parse(input: &str) -> Result<Teryt, IdError> {
        let kind = IdKind::Teryt;
        let s = compact(input);
        let digits = check_digits(kind, &s, &[7])?;
        if digits.iter().all(|d| *d == 0) {
            return Err(IdError::AllZeros { kind });
        }
        Ok(Teryt(s))
    }

    /// The 2-digit code of the voivodeship (e.g. `"10"` for łódzkie).
    pub fn voivodeship(&self) -> &str {
        self.0.get(..2).unwrap_or_default()
    }
}
string_id!(Teryt);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Localized};
    use proptest::prelude::*;

    fn digits_of(s: &str) -> Vec<u32> {
        s.bytes().map(|b| u32::from(b - b'0')).collect()
    }

    fn to_string(digits: &[u32]) -> String {
        digits.iter().map(|d| char::from(b'0' + *d as u8)).collect()
    }

    /// A valid NIP built from nine digits, if the checksum allows one.
    fn make_nip(first_nine: &[u32]) -> Option<String> {
        let check = nip_check_digit(first_nine)?;
        let mut d = first_nine.to_vec();
        d.push(check);
        Some(to_string(&d))
    }

    fn make_regon9(first_eight: &[u32]) -> String {
        let mut d = first_eight.to_vec();
        d.push(regon_check_digit(first_eight, &REGON9_WEIGHTS));
        to_string(&d)
    }

    fn make_regon14(regon9: &str, unit: &[u32]) -> String {
        let mut d = digits_of(regon9);
        d.extend_from_slice(unit);
        d.push(regon_check_digit(&d, &REGON14_WEIGHTS));
        to_string(&d)
    }

    // Computed with the functions above and written out, so a change to them shows up.
    const VALID_NIP: &str = "1234563218";
    const VALID_REGON9: &str = "123456785";
    const VALID_REGON14: &str = "12345678512347";

    #[test]
    fn example_constants_match_the_checksums() {
        assert_eq!(
            make_nip(&digits_of("123456321")).as_deref(),
            Some(VALID_NIP)
        );
        assert_eq!(make_regon9(&digits_of("12345678")), VALID_REGON9);
        assert_eq!(
            make_regon14(VALID_REGON9, &digits_of("1234")),
            VALID_REGON14
        );
    }

    #[test]
    fn nip_accepts_usual_notations() {
        for input in [
            VALID_NIP,
            "123-456-32-18",
            "123-45-63-218",
            " 123 456 32 18 ",
            "PL1234563218",
            "pl 123-456-32-18",
        ] {
            let nip = Nip::parse(input).expect(input);
            assert_eq!(nip.as_str(), VALID_NIP);
            assert_eq!(nip.to_string(), VALID_NIP);
        }
    }

    #[test]
    fn nip_rejections_say_what_is_wrong() {
        assert_eq!(
            Nip::parse("123456321").map_err(|e| e.message(Lang::Pl)),
            Err("NIP musi mieć 10 cyfr, podano 9.".to_owned())
        );
        assert_eq!(
            Nip::parse("1234563219").map_err(|e| e.message(Lang::Pl)),
            Err("NIP ma błędną cyfrę kontrolną — sprawdź, czy nie ma literówki.".to_owned())
        );
        assert_eq!(
            Nip::parse("12345632I8"),
            Err(IdError::NotDigits {
                kind: IdKind::Nip,
                found: 'I'
            })
        );
        assert_eq!(Nip::parse(" "), Err(IdError::Empty { kind: IdKind::Nip }));
        assert_eq!(
            Nip::parse("0000000000"),
            Err(IdError::AllZeros { kind: IdKind::Nip })
        );
        assert_eq!(
            Nip::parse("DE1234563218"),
            Err(IdError::NotDigits {
                kind: IdKind::Nip,
                found: 'D'
            })
        );
    }

    #[test]
    fn nip_whose_checksum_gives_ten_is_invalid() {
        // 123456708 gives a weighted sum of 175 ≡ 10 (mod 11): no check digit can fit.
        let first_nine = digits_of("123456708");
        assert_eq!(nip_check_digit(&first_nine), None);
        for last in 0..10 {
            let candidate = format!("123456708{last}");
            assert_eq!(
                Nip::parse(&candidate),
                Err(IdError::Checksum { kind: IdKind::Nip })
            );
        }
    }

    #[test]
    fn regon_both_lengths() {
        let r9 = Regon::parse("123-456-785").expect("valid REGON-9");
        assert_eq!(r9.as_str(), VALID_REGON9);
        assert!(!r9.is_local_unit());
        let r14 = Regon::parse(VALID_REGON14).expect("valid REGON-14");
        assert!(r14.is_local_unit());
        assert_eq!(r14.entity(), VALID_REGON9);
        assert_eq!(
            Regon::parse("1234567850").map_err(|e| e.message(Lang::Pl)),
            Err("REGON musi mieć 9 albo 14 cyfr, podano 10.".to_owned())
        );
    }

    #[test]
    fn regon14_needs_a_valid_regon9_inside() {
        // Break the REGON-9 part but fix the 14-digit check digit: still refused.
        let broken9 = "123456786";
        let r14 = make_regon14(broken9, &digits_of("1234"));
        assert_eq!(
            Regon::parse(&r14),
            Err(IdError::Checksum {
                kind: IdKind::Regon
            })
        );
    }

    #[test]
    fn krs_is_ten_digits_without_checksum() {
        assert_eq!(
            Krs::parse("0000123456").map(|k| k.to_string()),
            Ok("0000123456".to_owned())
        );
        assert_eq!(
            Krs::parse("123456").map_err(|e| e.message(Lang::Pl)),
            Err("Numer KRS musi mieć 10 cyfr, podano 6.".to_owned())
        );
        assert_eq!(
            Krs::parse("0000000000"),
            Err(IdError::AllZeros { kind: IdKind::Krs })
        );
        assert!(Krs::parse("KRS0000123456").is_err());
    }

    #[test]
    fn teryt_is_seven_digits() {
        let t = Teryt::parse("1062011").expect("Piotrków Trybunalski");
        assert_eq!(t.voivodeship(), "10");
        assert_eq!(
            Teryt::parse("106201").map_err(|e| e.message(Lang::En)),
            Err("The TERYT code must have 7 digits; 6 given.".to_owned())
        );
    }

    #[test]
    fn serde_uses_the_compact_string() {
        use serde::Deserialize;
        use serde::de::IntoDeserializer;
        use serde::de::value::Error;
        let nip: Result<Nip, Error> = Nip::deserialize("123-456-32-18".into_deserializer());
        assert_eq!(nip.map(|n| n.to_string()), Ok(VALID_NIP.to_owned()));
        let bad: Result<Nip, Error> = Nip::deserialize("1234563219".into_deserializer());
        assert!(bad.is_err());
    }

    proptest! {
        #[test]
        fn generated_nips_pass_and_one_changed_digit_fails(
            first in proptest::collection::vec(0u32..10, 9),
            pos in 0usize..10,
            delta in 1u32..10,
        ) {
            let Some(nip) = make_nip(&first) else { return Ok(()); };
            prop_assume!(nip.bytes().any(|b| b != b'0'));
            prop_assert_eq!(Nip::parse(&nip).map(|n| n.to_string()), Ok(nip.clone()));
            let mut digits = digits_of(&nip);
            digits[pos] = (digits[pos] + delta) % 10;
            // Weights 6 5 7 2 3 4 5 6 7 (and 1 for the check digit) are all coprime
            // with 11, so changing one digit always changes the sum modulo 11.
            prop_assert!(Nip::parse(&to_string(&digits)).is_err());
        }

        #[test]
        fn generated_regons_pass_and_one_changed_digit_fails(
            first in proptest::collection::vec(0u32..10, 8),
            unit in proptest::collection::vec(0u32..10, 4),
            pos in 0usize..9,
            delta in 1u32..10,
        ) {
            let r9 = make_regon9(&first);
            prop_assume!(r9.bytes().any(|b| b != b'0'));
            prop_assert!(Regon::parse(&r9).is_ok());
            let r14 = make_regon14(&r9, &unit);
            prop_assert!(Regon::parse(&r14).is_ok());
            let mut digits = digits_of(&r9);
            digits[pos] = (digits[pos] + delta) % 10;
            let changed = to_string(&digits);
            // Remainders 10 and 0 share the check digit 0, so when one change moves the
            // remainder between them, the checksum cannot notice. Everything else fails.
            let r_old = weighted_sum(&digits_of(&r9)[..8], &REGON9_WEIGHTS) % 11;
            let r_new = weighted_sum(&digits[..8], &REGON9_WEIGHTS) % 11;
            let blind_spot = pos < 8 && r_old.is_multiple_of(10) && r_new.is_multiple_of(10) && changed != "000000000";
            prop_assert_eq!(Regon::parse(&changed).is_ok(), blind_spot);
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}") {
            let _ = (Nip::parse(&s), Regon::parse(&s), Krs::parse(&s), Teryt::parse(&s));
        }
    }
}
