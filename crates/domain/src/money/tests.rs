use super::*;
use proptest::prelude::*;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, F64Deserializer, I64Deserializer};

fn zl(g: i64) -> Grosze {
    Grosze::from_grosze(g).expect("test amounts are non-negative")
}

/// Shows what the value serializes to, via serde's `Serializer` for `fmt::Formatter`.
struct Serialized<T>(T);

impl<T: Serialize> fmt::Display for Serialized<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.serialize(f)
    }
}

#[test]
fn constructors() {
    assert_eq!(Grosze::from_grosze(-1), None);
    assert_eq!(Grosze::from_grosze(0), Some(Grosze::ZERO));
    assert_eq!(
        Grosze::from_zloty(5000).map(Grosze::as_grosze),
        Some(500_000)
    );
    assert_eq!(Grosze::from_zloty(-5), None);
    assert_eq!(Grosze::from_zloty(i64::MAX), None);
    assert_eq!(Grosze::default(), Grosze::ZERO);
}

#[test]
fn parse_accepts_the_api_form() {
    assert_eq!(Grosze::parse("5000.00"), Ok(zl(500_000)));
    assert_eq!(Grosze::parse("12.5"), Ok(zl(1250)));
    assert_eq!(Grosze::parse("12.05"), Ok(zl(1205)));
    assert_eq!(Grosze::parse("7"), Ok(zl(700)));
    assert_eq!(Grosze::parse("0"), Ok(Grosze::ZERO));
    assert_eq!(Grosze::parse("0.01"), Ok(zl(1)));
    assert_eq!("99.99".parse::<Grosze>(), Ok(zl(9999)));
}

#[test]
fn parse_refuses_everything_else() {
    assert_eq!(Grosze::parse(""), Err(MoneyError::Empty));
    assert_eq!(Grosze::parse("-1"), Err(MoneyError::Negative));
    assert_eq!(Grosze::parse("-0.50"), Err(MoneyError::Negative));
    assert_eq!(Grosze::parse("1.234"), Err(MoneyError::TooManyDecimals));
    for bad in [
        " 5", "5 ", "1,5", "1e3", "+5", "0x10", ".5", "5.", "-", "--1", "1.2.3", "5 000", "zł",
        "NaN", "inf", "١٢", "5.0a",
    ] {
        assert_eq!(Grosze::parse(bad), Err(MoneyError::NotANumber), "{bad:?}");
    }
}

#[test]
fn parse_refuses_absurd_amounts() {
    assert_eq!(
        Grosze::parse("1000000000000.00"),
        Ok(zl(100_000_000_000_000))
    );
    assert_eq!(Grosze::parse("1000000000000.01"), Err(MoneyError::TooLarge));
    assert_eq!(Grosze::parse("1000000000001"), Err(MoneyError::TooLarge));
    assert_eq!(
        Grosze::parse("99999999999999999999999"),
        Err(MoneyError::TooLarge)
    );
    assert_eq!(Grosze::parse("0000000000000000000000007.5"), Ok(zl(750)));
}

#[test]
fn parse_form_reads_what_people_type() {
    assert_eq!(Grosze::parse_form("5 000,50 zł"), Ok(zl(500_050)));
    assert_eq!(Grosze::parse_form("5\u{a0}000,50\u{a0}zł"), Ok(zl(500_050)));
    assert_eq!(
        Grosze::parse_form("1\u{202f}250\u{202f}000"),
        Ok(zl(125_000_000))
    );
    assert_eq!(Grosze::parse_form("  5000  "), Ok(zl(500_000)));
    assert_eq!(Grosze::parse_form("5000.5"), Ok(zl(500_050)));
    assert_eq!(Grosze::parse_form("12,5"), Ok(zl(1250)));
    assert_eq!(Grosze::parse_form("250,- zł"), Ok(zl(25_000)));
    assert_eq!(Grosze::parse_form("250 ZŁ"), Ok(zl(25_000)));
    assert_eq!(Grosze::parse_form("250zl"), Ok(zl(25_000)));
    assert_eq!(Grosze::parse_form("1 000 000 PLN"), Ok(zl(100_000_000)));
}

#[test]
fn parse_form_refuses_unclear_input() {
    assert_eq!(Grosze::parse_form(""), Err(MoneyError::Empty));
    assert_eq!(Grosze::parse_form("   zł"), Err(MoneyError::Empty));
    assert_eq!(Grosze::parse_form("-5 zł"), Err(MoneyError::Negative));
    assert_eq!(
        Grosze::parse_form("5,123"),
        Err(MoneyError::TooManyDecimals)
    );
    for bad in [
        "5 00",
        "50 00,00",
        "5  000",
        "1.234,00",
        "1,234.00",
        "5,",
        ",50",
        "abc",
        "1e3",
        "+5",
        "5 000 zł zł",
        "pięć",
        "5,5a",
    ] {
        assert_eq!(
            Grosze::parse_form(bad),
            Err(MoneyError::Unreadable),
            "{bad:?}"
        );
    }
}

#[test]
fn arithmetic_never_goes_negative_or_wraps() {
    let a = zl(500);
    let b = zl(200);
    assert_eq!(a.checked_add(b), Some(zl(700)));
    assert_eq!(a.checked_sub(b), Some(zl(300)));
    assert_eq!(b.checked_sub(a), None);
    assert_eq!(b.saturating_sub(a), Grosze::ZERO);
    assert_eq!(zl(i64::MAX).checked_add(zl(1)), None);
    assert_eq!(Grosze::checked_sum([a, b, b]), Some(zl(900)));
    assert_eq!(zl(3500).checked_mul(12), Some(zl(42_000)));
    assert_eq!(zl(i64::MAX).checked_mul(2), None);
    assert_eq!(Grosze::checked_sum([]), Some(Grosze::ZERO));
    assert_eq!(Grosze::checked_sum([zl(i64::MAX), zl(1)]), None);
}

#[test]
fn display_is_the_api_form() {
    assert_eq!(zl(500_000).to_string(), "5000.00");
    assert_eq!(zl(5).to_string(), "0.05");
    assert_eq!(zl(1250).to_string(), "12.50");
    assert_eq!(zl(i64::MAX).to_string(), "92233720368547758.07");
}

#[test]
fn polish_form_uses_no_break_spaces() {
    assert_eq!(zl(500_000).to_polish(), "5\u{a0}000,00\u{a0}zł");
    assert_eq!(zl(0).to_polish(), "0,00\u{a0}zł");
    assert_eq!(zl(99_999).to_polish(), "999,99\u{a0}zł");
    assert_eq!(
        zl(123_456_789).to_polish(),
        "1\u{a0}234\u{a0}567,89\u{a0}zł"
    );
    assert_eq!(zl(10_000_000).to_polish(), "100\u{a0}000,00\u{a0}zł");
}

#[test]
fn serializes_as_a_string() {
    assert_eq!(Serialized(zl(500_000)).to_string(), "5000.00");
}

#[test]
fn deserializes_only_from_strings() {
    let ok: Result<Grosze, ValueError> = Grosze::deserialize("5000.00".into_deserializer());
    assert_eq!(ok, Ok(zl(500_000)));

    let bad: Result<Grosze, ValueError> = Grosze::deserialize("5000,00".into_deserializer());
    let message = bad.expect_err("comma is not the API form").to_string();
    assert!(message.contains("5000.00"), "{message}");

    let number: Result<Grosze, ValueError> = Grosze::deserialize(I64Deserializer::new(5000));
    let message = number.expect_err("numbers are refused").to_string();
    assert!(message.contains("amounts are strings"), "{message}");

    let float: Result<Grosze, ValueError> = Grosze::deserialize(F64Deserializer::new(0.1));
    assert!(float.is_err());
}

#[test]
fn messages_in_both_languages() {
    assert_eq!(
        MoneyError::NotANumber.message(Lang::Pl),
        "Kwota musi mieć postać 5000.00 (kropka, najwyżej dwa miejsca po przecinku)."
    );
    for e in [
        MoneyError::Empty,
        MoneyError::NotANumber,
        MoneyError::Unreadable,
        MoneyError::Negative,
        MoneyError::TooManyDecimals,
        MoneyError::TooLarge,
    ] {
        assert_ne!(e.message(Lang::Pl), e.message(Lang::En));
        assert!(e.message(Lang::En).ends_with('.'));
    }
}

fn amounts() -> impl Strategy<Value = Grosze> {
    (0..=MAX_PARSED_GROSZE).prop_map(zl)
}

proptest! {
    #[test]
    fn display_parses_back(g in amounts()) {
        prop_assert_eq!(Grosze::parse(&g.to_string()), Ok(g));
        prop_assert_eq!(Grosze::parse_form(&g.to_string()), Ok(g));
    }

    #[test]
    fn polish_form_parses_back(g in amounts()) {
        prop_assert_eq!(Grosze::parse_form(&g.to_polish()), Ok(g));
    }

    #[test]
    fn parse_never_panics_and_is_never_negative(s in "\\PC{0,24}") {
        if let Ok(g) = Grosze::parse(&s) {
            prop_assert!(g.as_grosze() >= 0);
        }
        if let Ok(g) = Grosze::parse_form(&s) {
            prop_assert!(g.as_grosze() >= 0);
        }
    }

    #[test]
    fn sub_then_add_restores(a in amounts(), b in amounts()) {
        match a.checked_sub(b) {
            Some(d) => prop_assert_eq!(d.checked_add(b), Some(a)),
            None => prop_assert!(b > a),
        }
    }
}
