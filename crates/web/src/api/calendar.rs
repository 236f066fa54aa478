//! `/calendar`: the statutory working-day calendar that every clock of the platform uses.

use axum::Json;
use domain::calendar::{self, CalendarError, MAX_DAYS};
use domain::time::parse_date;
use domain::{FieldError, Lang};
use jiff::civil::Date;
use serde::Serialize;
use utoipa::ToSchema;

use super::query::{ApiQuery, parse_count, parse_year};
use crate::error::{ApiError, Problem};

/// The answer of `add-working-days`.
#[derive(Serialize, ToSchema)]
pub struct WorkingDaysOut {
    /// The `days`-th working day after `from` (`YYYY-MM-DD`).
    pub date: String,
    pub from: String,
    pub days: u32,
    /// The days off between `from` (exclusive) and `date` (inclusive) that were skipped
    /// because they are public holidays falling on a weekday.
    pub holidays_skipped: Vec<HolidayOut>,
}

/// A public holiday.
#[derive(Serialize, ToSchema)]
pub struct HolidayOut {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Its Polish name.
    pub name: String,
    /// Its English name.
    pub name_en: String,
}

/// What a calendar question gave, checked: the start day and the count.
pub struct WorkingDaysQuestion {
    pub from: Date,
    pub days: u32,
}

/// Reads `from` (`YYYY-MM-DD`, 2000–2100) and `days` (0–10 000), collecting every problem.
pub fn read_question(
    from: Option<&str>,
    days: Option<&str>,
) -> Result<WorkingDaysQuestion, Vec<FieldError>> {
    let mut errors = Vec::new();
    let from = match from.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            errors.push(FieldError::with_messages(
                "from",
                "Podaj datę początkową w postaci 2027-03-31.",
                "Give the start date as 2027-03-31.",
            ));
            None
        }
        Some(s) => match parse_date(s) {
            Ok(d) if (calendar::FIRST_YEAR..=calendar::LAST_YEAR).contains(&d.year()) => Some(d),
            Ok(_) => {
                errors.push(FieldError::new("from", &CalendarError::OutOfRange));
                None
            }
            Err(e) => {
                errors.push(FieldError::new("from", &e));
                None
            }
        },
    };
    let days = match days.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            errors.push(FieldError::with_messages(
                "days",
                "Podaj liczbę dni roboczych (0 lub więcej).",
                "Give the number of working days (0 or more).",
            ));
            None
        }
        Some(s) => parse_count("days", s, MAX_DAYS)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    match (from, days) {
        (Some(from), Some(days)) if errors.is_empty() => Ok(WorkingDaysQuestion { from, days }),
        _ => Err(errors),
    }
}

/// Answers a checked question; a result past 2100 is a field error on `days`.
pub fn answer(q: &WorkingDaysQuestion) -> Result<WorkingDaysOut, Vec<FieldError>> {
    let date = calendar::add_working_days(q.from, q.days)
        .map_err(|e| vec![FieldError::new("days", &e)])?;
    let mut skipped = Vec::new();
    let mut d = q.from;
    while d < date {
        let Ok(next) = d.tomorrow() else { break };
        d = next;
        if !matches!(
            d.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        ) && let Some(out) = holiday_out(d)
        {
            skipped.push(out);
        }
    }
    Ok(WorkingDaysOut {
        date: date.to_string(),
        from: q.from.to_string(),
        days: q.days,
        holidays_skipped: skipped,
    })
}

fn holiday_out(d: Date) -> Option<HolidayOut> {
    Some(HolidayOut {
        date: d.to_string(),
        name: calendar::holiday_name_in(d, Lang::Pl)?.to_string(),
        name_en: calendar::holiday_name_in(d, Lang::En)?.to_string(),
    })
}

/// The public holidays of a year, in date order.
pub fn holidays_of(year: i16) -> Vec<HolidayOut> {
    calendar::public_holidays(year)
        .into_iter()
        .filter_map(|(d, _)| holiday_out(d))
        .collect()
}

/// The `days`-th working day after `from`. The day of `from` itself is not counted (as in Polish
/// procedure), so `days=1` from a Friday is the next Monday, and `days=0` is `from` itself.
/// Working days exclude Saturdays, Sundays and Polish public holidays (24 December since 2025).
#[utoipa::path(get, path = "/calendar/add-working-days", tag = "calendar",
    params(
        ("from" = String, Query, description = "Start date, YYYY-MM-DD (2000–2100)"),
        ("days" = u32, Query, description = "Working days to add, 0–10000"),
    ),
    responses(
        (status = 200, body = WorkingDaysOut),
        (status = 422, description = "A bad date, a negative, fractional or absurd count, a date outside 2000–2100", body = Problem),
    ))]
pub async fn add_working_days(q: ApiQuery) -> Result<Json<WorkingDaysOut>, ApiError> {
    let question = read_question(q.get("from"), q.get("days")).map_err(ApiError::Invalid)?;
    Ok(Json(answer(&question).map_err(ApiError::Invalid)?))
}

/// The Polish public holidays of a year (2000–2100), including the Sunday ones.
#[utoipa::path(get, path = "/calendar/holidays", tag = "calendar",
    params(("year" = i16, Query, description = "2000–2100")),
    responses((status = 200, body = Vec<HolidayOut>), (status = 422, body = Problem)))]
pub async fn holidays(q: ApiQuery) -> Result<Json<Vec<HolidayOut>>, ApiError> {
    let year = q
        .required("year")
        .and_then(|y| parse_year("year", y))
        .map_err(|e| ApiError::Invalid(vec![e]))?;
    Ok(Json(holidays_of(year)))
}
