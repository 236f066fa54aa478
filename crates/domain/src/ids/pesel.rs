//! PESEL, the Polish personal identification number.

use std::fmt;

use jiff::civil::Date;

use super::{IdError, IdKind, check_digits, compact, string_id, weighted_sum};

const PESEL_WEIGHTS: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

/// A PESEL number: 11 digits encoding the birth date, with a check digit.
///
/// It is personal data: never publish it, never log it. `Debug` prints `Pesel(***)`;
/// `Display` and [`Pesel::as_str`] give the number, for showing it to its owner only.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Pesel(String);

impl Pesel {
    /// Checks a PESEL as typed: 11 digits, a correct check digit, and a birth date
    /// that exists (the month carries the century: +80 for the 1800s, +0 for the
    /// 1900s, +20 for the 2000s, +40 for the 2100s, +60 for the 2200s).
    pub fn parse(input: &str) -> Result<Pesel, IdError> {
        let kind = IdKind::Pesel;
        let s = compact(input);
        let digits = check_digits(kind, &s, &[11])?;
        if pesel_check_digit(&digits[..10]) != digits[10] {
            return Err(IdError::Checksum { kind });
        }
        decode_birth_date(&digits).ok_or(IdError::PeselBirthDate)?;
        Ok(Pesel(s))
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> Date {
        let digits: Vec<u32> = self.0.bytes().map(|b| u32::from(b - b'0')).collect();
        // `parse` has checked the date, so the fallback is never used.
        decode_birth_date(&digits).unwrap_or(Date::MIN)
    }
}
string_id!(Pesel);

impl fmt::Debug for Pesel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pesel(***)")
    }
}

/// The check digit for the first ten digits.
fn pesel_check_digit(first_ten: &[u32]) -> u32 {
    (10 - weighted_sum(first_ten, &PESEL_WEIGHTS) % 10) % 10
}

/// Reads the birth date from the first six digits (YYMMDD with the century in the month).
fn decode_birth_date(digits: &[u32]) -> Option<Date> {
    let yy = digits.first()? * 10 + digits.get(1)?;
    let mm = digits.get(2)? * 10 + digits.get(3)?;
    let dd = digits.get(4)? * 10 + digits.get(5)?;
    let (century, month) = match mm {
        1..=12 => (1900, mm),
        21..=32 => (2000, mm - 20),
        41..=52 => (2100, mm - 40),
        61..=72 => (2200, mm - 60),
        81..=92 => (1800, mm - 80),
        _ => return None,
    };
    let year = i16::try_from(century + yy).ok()?;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(dd).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Localized};
    use jiff::civil::date;
    use proptest::prelude::*;

    /// A valid PESEL for a birth date and a 4-digit serial (sex in the last of them).
    fn make_pesel(birth: Date, serial: u32) -> String {
        let year = i32::from(birth.year());
        let month = u32::try_from(birth.month()).unwrap_or(0);
        let day = u32::try_from(birth.day()).unwrap_or(0);
        let month_code = match year {
            1800..=1899 => month + 80,
            1900..=1999 => month,
            2000..=2099 => month + 20,
            2100..=2199 => month + 40,
            _ => month + 60,
        };
        let first_ten = format!(
            "{:02}{:02}{:02}{:04}",
            year % 100,
            month_code,
            day,
            serial % 10_000
        );
        let digits: Vec<u32> = first_ten.bytes().map(|b| u32::from(b - b'0')).collect();
        format!("{first_ten}{}", pesel_check_digit(&digits))
    }

    // Computed with `make_pesel` and written out: born 14 July 1990, and 29 Feb 2004.
    const BORN_1990: &str = "90071412345";
    const BORN_2004: &str = "04222900014";

    #[test]
    fn example_constants_match_the_checksum() {
        assert_eq!(make_pesel(date(1990, 7, 14), 1234), BORN_1990);
        assert_eq!(make_pesel(date(2004, 2, 29), 1), BORN_2004);
    }

    #[test]
    fn decodes_the_birth_date_and_century() {
        let p = Pesel::parse(BORN_1990).expect("valid");
        assert_eq!(p.birth_date(), date(1990, 7, 14));
        let p = Pesel::parse("042229 00014").expect("valid, with a space");
        assert_eq!(p.birth_date(), date(2004, 2, 29));
        for birth in [date(1850, 1, 31), date(2150, 12, 1), date(2250, 6, 30)] {
            let p = Pesel::parse(&make_pesel(birth, 42)).expect("valid");
            assert_eq!(p.birth_date(), birth);
        }
    }

    #[test]
    fn refuses_dates_that_do_not_exist() {
        // 30 February 1990, with a correct check digit.
        let first_ten = "9002300001";
        let digits: Vec<u32> = first_ten.bytes().map(|b| u32::from(b - b'0')).collect();
        let pesel = format!("{first_ten}{}", pesel_check_digit(&digits));
        assert_eq!(Pesel::parse(&pesel), Err(IdError::PeselBirthDate));
        // Month 13 is not a month in any century.
        let first_ten = "9013010001";
        let digits: Vec<u32> = first_ten.bytes().map(|b| u32::from(b - b'0')).collect();
        let pesel = format!("{first_ten}{}", pesel_check_digit(&digits));
        assert_eq!(Pesel::parse(&pesel), Err(IdError::PeselBirthDate));
        // 29 February 2100 does not exist (not a leap year).
        let first_ten = "0042290001";
        let digits: Vec<u32> = first_ten.bytes().map(|b| u32::from(b - b'0')).collect();
        let pesel = format!("{first_ten}{}", pesel_check_digit(&digits));
        assert_eq!(Pesel::parse(&pesel), Err(IdError::PeselBirthDate));
    }

    #[test]
    fn refuses_bad_checksum_and_length() {
        assert_eq!(
            Pesel::parse("90071412340").map_err(|e| e.message(Lang::Pl)),
            Err("PESEL ma błędną cyfrę kontrolną — sprawdź, czy nie ma literówki.".to_owned())
        );
        assert_eq!(
            Pesel::parse("9007141234").map_err(|e| e.message(Lang::Pl)),
            Err("PESEL musi mieć 11 cyfr, podano 10.".to_owned())
        );
    }

    #[test]
    fn debug_hides_the_number() {
        let p = Pesel::parse(BORN_1990).expect("valid");
        assert_eq!(format!("{p:?}"), "Pesel(***)");
        assert_eq!(format!("{:?}", Some(&p)), "Some(Pesel(***))");
        assert_eq!(p.as_str(), BORN_1990);
    }

    proptest! {
        #[test]
        fn generated_pesels_pass_and_one_changed_digit_fails(
            days in 0i32..(400 * 365),
            serial in 0u32..10_000,
            pos in 0usize..11,
            delta in 1u32..10,
        ) {
            let birth = date(1850, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let pesel = make_pesel(birth, serial);
            let parsed = Pesel::parse(&pesel).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed.birth_date(), birth);
            let mut digits: Vec<u32> = pesel.bytes().map(|b| u32::from(b - b'0')).collect();
            digits[pos] = (digits[pos] + delta) % 10;
            let changed: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
            // Weights 1 3 7 9 are coprime with 10, so one changed digit changes the sum's
            // last digit and the check digit no longer fits.
            prop_assert!(Pesel::parse(&changed).is_err());
        }
    }
}
