//! The Polish working-day calendar, for statutory deadlines such as "7 working days".
//!
//! Working days exclude Saturdays, Sundays and public holidays (Act of 18 January 1951
//! on days free from work, as amended). The rules here are right for 2000–2100.

use jiff::Span;
use jiff::civil::{Date, Weekday};

use crate::lang::{Lang, Localized};

/// The first year the calendar knows.
pub const FIRST_YEAR: i16 = 2000;
/// The last year the calendar knows.
pub const LAST_YEAR: i16 = 2100;
/// The longest count [`add_working_days`] accepts: about 40 years of working days.
pub const MAX_DAYS: u32 = 10_000;

/// When a holiday falls.
#[derive(Clone, Copy)]
enum When {
    /// The same month and day every year.
    Fixed(i8, i8),
    /// This many days after Easter Sunday.
    AfterEaster(i64),
}

/// A public holiday and the years in which it is a day off.
struct Holiday {
    when: When,
    name_pl: &'static str,
    name_en: &'static str,
    from_year: i16,
    to_year: i16,
}

const fn holiday(when: When, name_pl: &'static str, name_en: &'static str) -> Holiday {
    Holiday {
        when,
        name_pl,
        name_en,
        from_year: i16::MIN,
        to_year: i16::MAX,
    }
}

const HOLIDAYS: [Holiday; 15] = [
    holiday(When::Fixed(1, 1), "Nowy Rok", "New Year's Day"),
    Holiday {
        from_year: 2011,
        ..holiday(When::Fixed(1, 6), "Święto Trzech Króli", "Epiphany")
    },
    holiday(When::AfterEaster(0), "Wielkanoc", "Easter Sunday"),
    holiday(
        When::AfterEaster(1),
        "Poniedziałek Wielkanocny",
        "Easter Monday",
    ),
    holiday(When::Fixed(5, 1), "Święto Pracy", "Labour Day"),
    holiday(
        When::Fixed(5, 3),
        "Święto Konstytucji 3 Maja",
        "Constitution Day",
    ),
    holiday(
        When::AfterEaster(49),
        "Zielone Świątki (Zesłanie Ducha Świętego)",
        "Pentecost Sunday",
    ),
    holiday(When::AfterEaster(60), "Boże Ciało", "Corpus Christi"),
    holiday(
        When::Fixed(8, 15),
        "Wniebowzięcie Najświętszej Maryi Panny",
        "Assumption Day",
    ),
    holiday(When::Fixed(11, 1), "Wszystkich Świętych", "All Saints' Day"),
    holiday(
        When::Fixed(11, 11),
        "Narodowe Święto Niepodległości",
        "Independence Day",
    ),
    Holiday {
        from_year: 2018,
        to_year: 2018,
        ..holiday(
            When::Fixed(11, 12),
            "Dzień wolny z okazji 100. rocznicy odzyskania niepodległości",
            "Day off for the centenary of independence",
        )
    },
    Holiday {
        from_year: 2025,
        ..holiday(
            When::Fixed(12, 24),
            "Wigilia Bożego Narodzenia",
            "Christmas Eve",
        )
    },
    holiday(
        When::Fixed(12, 25),
        "Boże Narodzenie (pierwszy dzień)",
        "Christmas Day",
    ),
    holiday(
        When::Fixed(12, 26),
        "Boże Narodzenie (drugi dzień)",
        "Second Day of Christmas",
    ),
];

impl Holiday {
    /// The date of this holiday in `year`, if it is a day off that year.
    fn date_in(&self, year: i16, easter: Date) -> Option<Date> {
        if year < self.from_year || year > self.to_year {
            return None;
        }
        match self.when {
            When::Fixed(month, day) => Date::new(year, month, day).ok(),
            When::AfterEaster(days) => easter.checked_add(Span::new().days(days)).ok(),
        }
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus).
/// Years before 1583 or after 9999 are clamped to that range.
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year.clamp(1583, 9999));
    let a = y % 19;
    let (b, c) = (y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Always 22 March ..= 25 April of a year jiff supports; the fallback is unreachable.
    Date::new(y as i16, month as i8, day as i8).unwrap_or(Date::MIN)
}

/// The public holidays of `year`, sorted by date, with their Polish names.
/// Includes the Sunday holidays (Easter, Pentecost), which change no working days.
pub fn public_holidays(year: i16) -> Vec<(Date, &'static str)> {
    let easter = easter_sunday(year);
    let mut days: Vec<(Date, &'static str)> = HOLIDAYS
        .iter()
        .filter_map(|h| Some((h.date_in(year, easter)?, h.name_pl)))
        .collect();
    days.sort_by_key(|(date, _)| *date);
    days
}

fn holiday_on(d: Date) -> Option<&'static Holiday> {
    let easter = easter_sunday(d.year());
    HOLIDAYS
        .iter()
        .find(|h| h.date_in(d.year(), easter) == Some(d))
}

/// Whether `d` is a public holiday in Poland.
pub fn is_public_holiday(d: Date) -> bool {
    holiday_on(d).is_some()
}

/// The Polish name of the public holiday on `d`, if there is one.
pub fn holiday_name(d: Date) -> Option<&'static str> {
    holiday_on(d).map(|h| h.name_pl)
}

/// The name of the public holiday on `d` in the reader's language, if there is one.
pub fn holiday_name_in(d: Date, lang: Lang) -> Option<&'static str> {
    holiday_on(d).map(|h| match lang {
        Lang::Pl => h.name_pl,
        Lang::En => h.name_en,
    })
}

/// Whether offices work on `d`: not a Saturday, Sunday or public holiday.
pub fn is_working_day(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday) && !is_public_holiday(d)
}

fn in_range(d: Date) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&d.year())
}

/// The `days`-th working day after `from`, as statutory deadlines count: the day of the
/// event itself is not counted. `days = 0` gives `from` itself.
///
/// Fails if `days` exceeds [`MAX_DAYS`] or a date falls outside 2000–2100.
pub fn add_working_days(from: Date, days: u32) -> Result<Date, CalendarError> {
    if days > MAX_DAYS {
        return Err(CalendarError::TooManyDays { max: MAX_DAYS });
    }
    if !in_range(from) {
        return Err(CalendarError::OutOfRange);
    }
    let mut date = from;
    let mut counted = 0;
    while counted < days {
        date = date
            .tomorrow()
            .ok()
            .filter(|d| in_range(*d))
            .ok_or(CalendarError::OutOfRange)?;
        if is_working_day(date) {
            counted += 1;
        }
    }
    Ok(date)
}

/// The date `days` calendar days after `from` (`days = 0` gives `from`).
/// Fails if either date falls outside 2000–2100.
pub fn add_calendar_days(from: Date, days: u32) -> Result<Date, CalendarError> {
    if !in_range(from) {
        return Err(CalendarError::OutOfRange);
    }
    // 2000–2100 spans fewer than 37 000 days; anything longer cannot stay in range.
    if days > 37_000 {
        return Err(CalendarError::OutOfRange);
    }
    from.checked_add(Span::new().days(i64::from(days)))
        .ok()
        .filter(|d| in_range(*d))
        .ok_or(CalendarError::OutOfRange)
}

/// Why a deadline could not be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date falls outside the years the calendar knows.
    #[error("The date falls outside the years 2000–2100 that the calendar covers.")]
    OutOfRange,
    /// The number of days is implausibly large.
    #[error("Too many days: at most {max}.")]
    TooManyDays {
        /// The largest number accepted.
        max: u32,
    },
}

impl Localized for CalendarError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CalendarError::OutOfRange, Lang::Pl) => {
                "Data wypada poza latami 2000–2100, które obejmuje kalendarz.".to_owned()
            }
            (CalendarError::TooManyDays { max }, Lang::Pl) => {
                format!("Za dużo dni: najwyżej {max}.")
            }
            (e, Lang::En) => e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
