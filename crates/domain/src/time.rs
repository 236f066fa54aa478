//! Time: instants are stored in UTC; people see and type Europe/Warsaw wall time.
//!
//! A call closing "31 March 23:59" closes at that instant in Warsaw, whatever the
//! server's own time zone; what counts is when the server received a submission.

use std::fmt;
use std::sync::Mutex;

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

use crate::lang::{Lang, Localized};

/// Polish time rules as a POSIX TZ string: CET, and CEST from the last Sunday of March
/// 02:00 to the last Sunday of October 03:00. Used only if the bundled database fails.
const WARSAW_POSIX: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The Europe/Warsaw time zone from the time zone database bundled into the binary.
/// Never panics: should the database be unusable, falls back to the current Polish
/// rules (CET/CEST), and as a last resort to a fixed UTC+1.
pub fn warsaw() -> TimeZone {
    TimeZone::get("Europe/Warsaw")
        .or_else(|_| TimeZone::posix(WARSAW_POSIX))
        .unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(1)))
}

/// The instant as microseconds since 1970-01-01 UTC, for storage.
pub fn to_micros(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

/// The instant for microseconds since 1970-01-01 UTC; values beyond the supported range
/// (years −9999 to 9999) are clamped to its ends instead of failing.
pub fn from_micros(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(if us < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// Date and time in Warsaw for people: `31.03.2027, 23:59` in Polish,
/// `31 Mar 2027, 23:59` in English.
pub fn format_warsaw(ts: Timestamp, lang: Lang) -> String {
    let local = ts.to_zoned(warsaw()).datetime();
    format!(
        "{}, {:02}:{:02}",
        format_date(local.date(), lang),
        local.hour(),
        local.minute()
    )
}

/// A date for people: `31.03.2027` in Polish, `31 Mar 2027` in English.
pub fn format_date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Pl => format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year()),
        Lang::En => {
            let month = usize::try_from(d.month() - 1)
                .ok()
                .and_then(|i| MONTHS_EN.get(i))
                .unwrap_or(&"");
            format!("{} {month} {:04}", d.day(), d.year())
        }
    }
}

/// Reads Warsaw wall time as typed in a form (`2027-03-31T23:59`, `2027-03-31T23:59:59`
/// or `2027-03-31 23:59`, as an HTML `datetime-local` field sends it).
///
/// A time skipped when clocks go forward (last Sunday of March, 02:00–02:59) is an
/// error; a time that happens twice when clocks go back (last Sunday of October,
/// 02:00–02:59) means the first of the two.
pub fn parse_warsaw_local(s: &str) -> Result<Timestamp, TimeError> {
    let s = s.trim();
    let Some(dt) = parse_local_datetime(s) else {
        // Say "no such day" for 2027-02-30T10:00 rather than "wrong format".
        return match s.get(..10).map(parse_date) {
            Some(Err(TimeError::NoSuchDate)) => Err(TimeError::NoSuchDate),
            _ => Err(TimeError::NotADateTime),
        };
    };
    let ambiguous = warsaw().to_ambiguous_timestamp(dt);
    if let AmbiguousOffset::Gap { .. } = ambiguous.offset() {
        return Err(TimeError::SkippedByDst);
    }
    ambiguous.earlier().map_err(|_| TimeError::OutOfRange)
}

/// `YYYY-MM-DD`, then `T` or a space, then `HH:MM` with optional `:SS`.
fn parse_local_datetime(s: &str) -> Option<DateTime> {
    let (date, rest) = s.split_at_checked(10)?;
    let date = parse_date(date).ok()?;
    let time = rest.strip_prefix(['T', 't', ' '])?;
    let field = |range: std::ops::Range<usize>| -> Option<i8> {
        i8::try_from(number(time.get(range)?)?).ok()
    };
    let colon_at = |i: usize| time.get(i..=i) == Some(":");
    let second = match time.len() {
        5 => 0,
        8 if colon_at(5) => field(6..8)?,
        _ => return None,
    };
    if !colon_at(2) {
        return None;
    }
    DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        field(0..2)?,
        field(3..5)?,
        second,
        0,
    )
    .ok()
}

/// A fixed-width run of ASCII digits as a number.
fn number(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads an RFC 3339 instant from an API client, which must carry an offset or `Z`
/// (`2027-03-31T23:59:59+02:00`, `2027-03-31T21:59:59Z`).
pub fn parse_rfc3339(s: &str) -> Result<Timestamp, TimeError> {
    s.trim()
        .parse::<Timestamp>()
        .map_err(|_| TimeError::NotRfc3339)
}

/// The instant as RFC 3339 in Warsaw time, to the second: `2027-03-31T23:59:59+02:00`.
pub fn to_rfc3339_warsaw(ts: Timestamp) -> String {
    let zoned = ts.to_zoned(warsaw());
    let dt = zoned.datetime();
    let offset = zoned.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.unsigned_abs();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        offset / 3600,
        offset / 60 % 60
    )
}

/// Reads a date as `YYYY-MM-DD` (what an HTML `date` field sends), and nothing else.
pub fn parse_date(s: &str) -> Result<Date, TimeError> {
    let s = s.trim();
    if s.len() != 10 || s.get(4..5) != Some("-") || s.get(7..8) != Some("-") {
        return Err(TimeError::NotADate);
    }
    let part = |range: std::ops::Range<usize>| s.get(range).and_then(number);
    let (Some(y), Some(m), Some(d)) = (part(0..4), part(5..7), part(8..10)) else {
        return Err(TimeError::NotADate);
    };
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(y), i8::try_from(m), i8::try_from(d)) else {
        return Err(TimeError::NotADate);
    };
    Date::new(y, m, d).map_err(|_| TimeError::NoSuchDate)
}

/// Where "now" comes from. Production uses [`SystemClock`]; tests of statutory
/// clocks use [`FixedClock`] and move it by hand.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The server's real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until told otherwise, for tests.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<Timestamp>,
}

impl FixedClock {
    /// A clock showing `ts`.
    pub fn new(ts: Timestamp) -> Self {
        FixedClock {
            now: Mutex::new(ts),
        }
    }

    /// Sets the clock to `ts`.
    pub fn set(&self, ts: Timestamp) {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = ts;
    }

    /// Moves the clock by `by` (backwards if negative), stopping at the ends of time.
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let moved = now.checked_add(by).unwrap_or(if by.is_negative() {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        *now = moved;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self
            .now
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Today's date in Warsaw by the given clock.
pub fn today_warsaw(clock: &dyn Clock) -> Date {
    clock.now().to_zoned(warsaw()).date()
}

/// Why a date or time could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Not in the form `2027-03-31T23:59`.
    #[error("Enter the date and time as 2027-03-31 23:59.")]
    NotADateTime,
    /// Not in the form `2027-03-31`.
    #[error("Enter the date as 2027-03-31 (year-month-day).")]
    NotADate,
    /// The form is right, but there is no such day (e.g. 31 April).
    #[error("There is no such day in the calendar.")]
    NoSuchDate,
    /// The wall time does not exist in Poland: clocks jump from 02:00 to 03:00.
    #[error(
        "This time does not exist in Poland: on that night the clocks jump from 02:00 to 03:00. Choose another time."
    )]
    SkippedByDst,
    /// Not an RFC 3339 instant with an offset.
    #[error("Expected an RFC 3339 date and time with an offset, e.g. 2027-03-31T23:59:59+02:00.")]
    NotRfc3339,
    /// Outside the range of dates the platform handles.
    #[error("The date is outside the supported range.")]
    OutOfRange,
}

impl Localized for TimeError {
    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            TimeError::NotADateTime => "Podaj datę i godzinę w postaci 2027-03-31 23:59.",
            TimeError::NotADate => "Podaj datę w postaci 2027-03-31 (rok-miesiąc-dzień).",
            TimeError::NoSuchDate => "Taki dzień nie istnieje w kalendarzu.",
            TimeError::SkippedByDst => {
                "Ta godzina nie istnieje w Polsce: tej nocy zegarki przestawia się z 02:00 na 03:00. \
                 Wybierz inną godzinę."
            }
            TimeError::NotRfc3339 => {
                "Oczekiwano daty i godziny RFC 3339 ze strefą, np. 2027-03-31T23:59:59+02:00."
            }
            TimeError::OutOfRange => "Data jest poza obsługiwanym zakresem.",
        }
        .to_owned()
    }
}

#[cfg(test)]
mod tests;
