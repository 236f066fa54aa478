use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn utc(s: &str) -> Timestamp {
    s.parse().expect("test timestamps are valid")
}

#[test]
fn warsaw_comes_from_the_bundled_database() {
    assert_eq!(warsaw().iana_name(), Some("Europe/Warsaw"));
}

#[test]
fn the_fallback_rules_match_the_database_in_2027() {
    let posix = TimeZone::posix(WARSAW_POSIX).expect("valid POSIX TZ string");
    for instant in [
        "2027-01-15T12:00:00Z",
        "2027-03-28T00:59:59Z",
        "2027-03-28T01:00:00Z",
        "2027-07-01T12:00:00Z",
        "2027-10-31T00:59:59Z",
        "2027-10-31T01:00:00Z",
    ] {
        let ts = utc(instant);
        assert_eq!(
            posix.to_offset(ts),
            warsaw().to_offset(ts),
            "offset differs at {instant}"
        );
    }
}

#[test]
fn micros_round_trip_and_clamp() {
    let ts = utc("2027-03-31T21:59:59.123456Z");
    assert_eq!(from_micros(to_micros(ts)), ts);
    assert_eq!(from_micros(i64::MAX), Timestamp::MAX);
    assert_eq!(from_micros(i64::MIN), Timestamp::MIN);
    assert_eq!(from_micros(0), Timestamp::UNIX_EPOCH);
}

#[test]
fn formats_in_warsaw_time() {
    let closing = utc("2027-03-31T21:59:00Z");
    assert_eq!(format_warsaw(closing, Lang::Pl), "31.03.2027, 23:59");
    assert_eq!(format_warsaw(closing, Lang::En), "31 Mar 2027, 23:59");
    let winter = utc("2027-01-05T08:05:00Z");
    assert_eq!(format_warsaw(winter, Lang::Pl), "05.01.2027, 09:05");
    assert_eq!(format_warsaw(winter, Lang::En), "5 Jan 2027, 09:05");
}

#[test]
fn formats_dates() {
    assert_eq!(format_date(date(2027, 3, 31), Lang::Pl), "31.03.2027");
    assert_eq!(format_date(date(2027, 3, 31), Lang::En), "31 Mar 2027");
    assert_eq!(format_date(date(2027, 12, 1), Lang::En), "1 Dec 2027");
    assert_eq!(format_date(date(2027, 12, 1), Lang::Pl), "01.12.2027");
}

#[test]
fn parses_form_wall_time_as_warsaw() {
    let expected = utc("2027-03-31T21:59:00Z");
    assert_eq!(parse_warsaw_local("2027-03-31T23:59"), Ok(expected));
    assert_eq!(parse_warsaw_local("2027-03-31 23:59"), Ok(expected));
    assert_eq!(parse_warsaw_local(" 2027-03-31T23:59:00 "), Ok(expected));
    assert_eq!(
        parse_warsaw_local("2027-03-31T23:59:59"),
        Ok(utc("2027-03-31T21:59:59Z"))
    );
    assert_eq!(
        parse_warsaw_local("2027-01-31T23:59"),
        Ok(utc("2027-01-31T22:59:00Z"))
    );
}

#[test]
fn refuses_malformed_wall_time() {
    for bad in [
        "",
        "2027-03-31",
        "2027-03-31T",
        "2027-03-31T23",
        "2027-03-31T23:59Z",
        "2027-03-31T23:59+02:00",
        "2027-03-31T23:59:59.5",
        "2027-03-31T24:00",
        "2027-03-31T23:60",
        "2027-03-31T2:59",
        "2027-03-31X23:59",
        "31.03.2027 23:59",
        "2027-03-31T23-59",
        "2027-03-31T23:59-59",
        "2027-03-31T+3:59",
        "2027-03-31T23:ąą",
    ] {
        assert_eq!(
            parse_warsaw_local(bad),
            Err(TimeError::NotADateTime),
            "{bad:?}"
        );
    }
    assert_eq!(
        parse_warsaw_local("2027-02-30T10:00"),
        Err(TimeError::NoSuchDate)
    );
}

#[test]
fn spring_forward_gap_is_an_error() {
    // Sunday 28 March 2027: 02:00 CET becomes 03:00 CEST.
    assert_eq!(
        parse_warsaw_local("2027-03-28T01:59"),
        Ok(utc("2027-03-28T00:59:00Z"))
    );
    assert_eq!(
        parse_warsaw_local("2027-03-28T02:00"),
        Err(TimeError::SkippedByDst)
    );
    assert_eq!(
        parse_warsaw_local("2027-03-28T02:59:59"),
        Err(TimeError::SkippedByDst)
    );
    assert_eq!(
        parse_warsaw_local("2027-03-28T03:00"),
        Ok(utc("2027-03-28T01:00:00Z"))
    );
    let message = TimeError::SkippedByDst.message(Lang::Pl);
    assert!(message.contains("nie istnieje"), "{message}");
}

#[test]
fn autumn_fold_takes_the_earlier_instant() {
    // Sunday 31 October 2027: 03:00 CEST becomes 02:00 CET, so 02:xx happens twice.
    assert_eq!(
        parse_warsaw_local("2027-10-31T01:59"),
        Ok(utc("2027-10-30T23:59:00Z"))
    );
    assert_eq!(
        parse_warsaw_local("2027-10-31T02:30"),
        Ok(utc("2027-10-31T00:30:00Z"))
    );
    assert_eq!(
        parse_warsaw_local("2027-10-31T03:00"),
        Ok(utc("2027-10-31T02:00:00Z"))
    );
    // Both instants of the fold are shown with the same wall time.
    assert_eq!(
        format_warsaw(utc("2027-10-31T00:30:00Z"), Lang::Pl),
        "31.10.2027, 02:30"
    );
    assert_eq!(
        format_warsaw(utc("2027-10-31T01:30:00Z"), Lang::Pl),
        "31.10.2027, 02:30"
    );
}

#[test]
fn rfc3339_requires_an_offset() {
    assert_eq!(
        parse_rfc3339("2027-03-31T23:59:59+02:00"),
        Ok(utc("2027-03-31T21:59:59Z"))
    );
    assert_eq!(
        parse_rfc3339("2027-03-31T21:59:59Z"),
        Ok(utc("2027-03-31T21:59:59Z"))
    );
    for bad in ["2027-03-31T23:59:59", "2027-03-31", "", "tomorrow"] {
        assert_eq!(parse_rfc3339(bad), Err(TimeError::NotRfc3339), "{bad:?}");
    }
}

#[test]
fn rfc3339_output_is_in_warsaw_time() {
    assert_eq!(
        to_rfc3339_warsaw(utc("2027-03-31T21:59:59Z")),
        "2027-03-31T23:59:59+02:00"
    );
    assert_eq!(
        to_rfc3339_warsaw(utc("2027-12-24T17:00:00.75Z")),
        "2027-12-24T18:00:00+01:00"
    );
}

#[test]
fn parses_dates_strictly() {
    assert_eq!(parse_date("2027-03-31"), Ok(date(2027, 3, 31)));
    assert_eq!(parse_date("2028-02-29"), Ok(date(2028, 2, 29)));
    assert_eq!(parse_date("2027-02-29"), Err(TimeError::NoSuchDate));
    assert_eq!(parse_date("2027-04-31"), Err(TimeError::NoSuchDate));
    for bad in [
        "2027-3-31",
        "31.03.2027",
        "2027/03/31",
        "2027-03-31T10:00",
        "20270331",
        "",
        "+027-03-31",
        "2027-0a-31",
    ] {
        assert_eq!(parse_date(bad), Err(TimeError::NotADate), "{bad:?}");
    }
}

#[test]
fn fixed_clock_moves_only_when_told() {
    let clock = FixedClock::new(utc("2027-03-31T21:00:00Z"));
    assert_eq!(clock.now(), utc("2027-03-31T21:00:00Z"));
    assert_eq!(today_warsaw(&clock), date(2027, 3, 31));
    clock.advance(SignedDuration::from_mins(90));
    assert_eq!(clock.now(), utc("2027-03-31T22:30:00Z"));
    // 00:30 on 1 April in Warsaw, still 31 March in UTC.
    assert_eq!(today_warsaw(&clock), date(2027, 4, 1));
    clock.set(utc("2027-01-01T00:00:00Z"));
    assert_eq!(clock.now(), utc("2027-01-01T00:00:00Z"));
    clock.advance(SignedDuration::MIN);
    assert_eq!(clock.now(), Timestamp::MIN);
}

#[test]
fn system_clock_is_a_clock() {
    let clock: &dyn Clock = &SystemClock;
    assert!(clock.now() > utc("2024-01-01T00:00:00Z"));
}

#[test]
fn messages_in_both_languages() {
    assert_eq!(
        TimeError::NotADate.message(Lang::Pl),
        "Podaj datę w postaci 2027-03-31 (rok-miesiąc-dzień)."
    );
    assert_eq!(
        TimeError::NotADate.message(Lang::En),
        "Enter the date as 2027-03-31 (year-month-day)."
    );
}

fn instants_2000_to_2100() -> impl Strategy<Value = Timestamp> {
    (946_684_800i64..4_133_980_800).prop_map(|s| from_micros(s * 1_000_000))
}

proptest! {
    #[test]
    fn rfc3339_round_trips(ts in instants_2000_to_2100()) {
        prop_assert_eq!(parse_rfc3339(&to_rfc3339_warsaw(ts)), Ok(ts));
    }

    #[test]
    fn wall_time_round_trips_except_the_second_pass_of_a_fold(ts in instants_2000_to_2100()) {
        let local = ts.to_zoned(warsaw()).datetime();
        let typed = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            local.year(), local.month(), local.day(),
            local.hour(), local.minute(), local.second()
        );
        let parsed = parse_warsaw_local(&typed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let hour_earlier = ts.checked_sub(SignedDuration::from_hours(1))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(
            parsed == ts || (parsed == hour_earlier && local.hour() == 2 && local.month() == 10),
            "{typed} parsed as {parsed}, expected {ts}"
        );
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,30}") {
        let _ = (parse_warsaw_local(&s), parse_rfc3339(&s), parse_date(&s));
    }
}
