use super::*;
use jiff::civil::date;
use proptest::prelude::*;

#[test]
fn easter_dates_match_the_published_tables() {
    let known = [
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2011, date(2011, 4, 24)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2100, date(2100, 3, 28)),
    ];
    for (year, easter) in known {
        assert_eq!(easter_sunday(year), easter, "Easter {year}");
    }
}

#[test]
fn easter_is_always_a_sunday_between_22_march_and_25_april() {
    for year in FIRST_YEAR..=LAST_YEAR {
        let e = easter_sunday(year);
        assert_eq!(e.weekday(), Weekday::Sunday, "{e}");
        assert!(e >= date(year, 3, 22) && e <= date(year, 4, 25), "{e}");
    }
}

#[test]
fn easter_outside_the_gregorian_range_is_clamped_not_a_panic() {
    assert_eq!(easter_sunday(i16::MAX).year(), 9999);
    assert_eq!(easter_sunday(i16::MIN).year(), 1583);
}

#[test]
fn moveable_feasts_of_2026() {
    assert_eq!(holiday_name(date(2026, 4, 5)), Some("Wielkanoc"));
    assert_eq!(
        holiday_name(date(2026, 4, 6)),
        Some("Poniedziałek Wielkanocny")
    );
    assert!(is_public_holiday(date(2026, 5, 24)), "Pentecost 2026");
    assert_eq!(holiday_name(date(2026, 6, 4)), Some("Boże Ciało"));
    assert_eq!(
        holiday_name_in(date(2026, 6, 4), Lang::En),
        Some("Corpus Christi")
    );
    assert!(!is_working_day(date(2026, 6, 4)));
    assert!(is_working_day(date(2026, 6, 5)));
}

#[test]
fn christmas_eve_is_a_holiday_from_2025() {
    assert!(!is_public_holiday(date(2024, 12, 24)));
    assert!(is_working_day(date(2024, 12, 24)));
    assert_eq!(
        holiday_name(date(2025, 12, 24)),
        Some("Wigilia Bożego Narodzenia")
    );
    assert!(!is_working_day(date(2025, 12, 24)));
}

#[test]
fn epiphany_is_a_holiday_from_2011() {
    assert!(!is_public_holiday(date(2010, 1, 6)));
    assert!(is_working_day(date(2010, 1, 6)), "a Wednesday in 2010");
    assert_eq!(holiday_name(date(2011, 1, 6)), Some("Święto Trzech Króli"));
}

#[test]
fn centenary_of_independence_was_a_one_off() {
    assert!(is_public_holiday(date(2018, 11, 12)));
    assert!(!is_public_holiday(date(2019, 11, 12)));
    assert!(!is_public_holiday(date(2017, 11, 12)));
}

#[test]
fn holiday_list_for_2025_is_complete_and_sorted() {
    let days: Vec<Date> = public_holidays(2025).into_iter().map(|(d, _)| d).collect();
    assert_eq!(
        days,
        vec![
            date(2025, 1, 1),
            date(2025, 1, 6),
            date(2025, 4, 20),
            date(2025, 4, 21),
            date(2025, 5, 1),
            date(2025, 5, 3),
            date(2025, 6, 8),
            date(2025, 6, 19),
            date(2025, 8, 15),
            date(2025, 11, 1),
            date(2025, 11, 11),
            date(2025, 12, 24),
            date(2025, 12, 25),
            date(2025, 12, 26),
        ]
    );
    assert_eq!(public_holidays(2010).len(), 12);
    assert_eq!(public_holidays(2018).len(), 14);
}

#[test]
fn the_list_and_the_daily_check_agree_for_every_day() {
    let mut day = date(FIRST_YEAR, 1, 1);
    let mut holidays = Vec::new();
    while day.year() <= LAST_YEAR {
        if let Some(name) = holiday_name(day) {
            holidays.push((day, name));
        }
        day = day.tomorrow().expect("well inside jiff's range");
    }
    let listed: Vec<(Date, &str)> = (FIRST_YEAR..=LAST_YEAR).flat_map(public_holidays).collect();
    assert_eq!(holidays, listed);
}

#[test]
fn working_days_skip_weekends() {
    assert!(is_working_day(date(2027, 3, 31)), "Wednesday");
    assert!(!is_working_day(date(2027, 4, 3)), "Saturday");
    assert!(!is_working_day(date(2027, 4, 4)), "Sunday");
}

#[test]
fn adding_working_days_across_easter() {
    // Thursday 2 April 2026; Easter is 5 April, Easter Monday 6 April.
    let from = date(2026, 4, 2);
    assert_eq!(add_working_days(from, 0), Ok(from));
    assert_eq!(add_working_days(from, 1), Ok(date(2026, 4, 3)));
    assert_eq!(add_working_days(from, 2), Ok(date(2026, 4, 7)));
    assert_eq!(add_working_days(from, 7), Ok(date(2026, 4, 14)));
}

#[test]
fn adding_working_days_across_christmas() {
    // 2025: 24, 25 and 26 December are all days off, then a weekend.
    assert_eq!(
        add_working_days(date(2025, 12, 23), 1),
        Ok(date(2025, 12, 29))
    );
    // 2024: 24 December was still a working day.
    assert_eq!(
        add_working_days(date(2024, 12, 23), 1),
        Ok(date(2024, 12, 24))
    );
    assert_eq!(
        add_working_days(date(2024, 12, 23), 2),
        Ok(date(2024, 12, 27))
    );
    // Over New Year and Epiphany 2026 (Tuesday): 31 Dec, 2 Jan, 5 Jan, 7 Jan.
    assert_eq!(
        add_working_days(date(2025, 12, 30), 4),
        Ok(date(2026, 1, 7))
    );
}

#[test]
fn small_grant_offer_is_published_within_seven_working_days() {
    // Friday 30 April 2027; 3 May is a Monday holiday.
    assert_eq!(
        add_working_days(date(2027, 4, 30), 7),
        Ok(date(2027, 5, 12))
    );
}

#[test]
fn counting_from_a_day_off_starts_the_next_working_day() {
    // Saturday 1 May 2027 + 1 working day: Sunday 2 May and Monday 3 May are off.
    assert_eq!(add_working_days(date(2027, 5, 1), 1), Ok(date(2027, 5, 4)));
}

#[test]
fn limits() {
    assert_eq!(
        add_working_days(date(2027, 1, 1), MAX_DAYS + 1),
        Err(CalendarError::TooManyDays { max: MAX_DAYS })
    );
    assert_eq!(
        add_working_days(date(2100, 12, 30), 5),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(
        add_working_days(date(1999, 12, 31), 1),
        Err(CalendarError::OutOfRange)
    );
    assert!(add_working_days(date(2000, 1, 1), MAX_DAYS).is_ok());
    assert_eq!(
        add_calendar_days(date(2027, 3, 10), 21),
        Ok(date(2027, 3, 31))
    );
    assert_eq!(
        add_calendar_days(date(2027, 3, 10), 0),
        Ok(date(2027, 3, 10))
    );
    assert_eq!(
        add_calendar_days(date(2100, 12, 31), 1),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(
        add_calendar_days(date(2027, 1, 1), u32::MAX),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(
        CalendarError::TooManyDays { max: 10_000 }.message(Lang::Pl),
        "Za dużo dni: najwyżej 10000."
    );
}

fn dates_2000_to_2090() -> impl Strategy<Value = Date> {
    (0i64..(90 * 365)).prop_map(|n| {
        date(2000, 1, 1)
            .checked_add(Span::new().days(n))
            .unwrap_or(date(2000, 1, 1))
    })
}

proptest! {
    #[test]
    fn result_is_a_later_working_day_with_exactly_n_working_days_between(
        from in dates_2000_to_2090(),
        days in 1u32..400,
    ) {
        let to = add_working_days(from, days).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(to > from);
        prop_assert!(is_working_day(to));
        let mut count = 0;
        let mut d = from;
        while d < to {
            d = d.tomorrow().map_err(|e| TestCaseError::fail(e.to_string()))?;
            if is_working_day(d) {
                count += 1;
            }
        }
        prop_assert_eq!(count, days);
    }

    #[test]
    fn calendar_days_match_jiff(from in dates_2000_to_2090(), days in 0u32..3000) {
        let to = add_calendar_days(from, days).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(from.until(to).map(|s| s.get_days()).ok(), Some(days as i32));
    }
}
