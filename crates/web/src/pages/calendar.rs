//! `/kalendarz`: the statutory calendar for everyone — the N-th working day after a date and the
//! public holidays of a year, with a plain GET form.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use domain::Lang;
use domain::time::{format_date, parse_date, today_warsaw};
use jiff::civil::{Date, Weekday};

use super::{Chrome, FormErrors};
use crate::AppState;
use crate::api::calendar::{HolidayOut, WorkingDaysOut, answer, holidays_of, read_question};
use crate::api::query::parse_year;
use crate::auth::Visitor;
use crate::i18n;

/// The calendar's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/kalendarz", get(show))
}

/// A weekday's name in the reader's language.
pub fn weekday_name(d: Date, lang: Lang) -> &'static str {
    let i = match d.weekday() {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    };
    match lang {
        Lang::Pl => [
            "poniedziałek",
            "wtorek",
            "środa",
            "czwartek",
            "piątek",
            "sobota",
            "niedziela",
        ][i],
        Lang::En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
    }
}

/// A date with its weekday: `07.04.2026 (wtorek)`.
pub fn day_label(d: Date, lang: Lang) -> String {
    format!("{} ({})", format_date(d, lang), weekday_name(d, lang))
}

pub struct HolidayRow {
    pub date: String,
    pub weekday: String,
    pub name: String,
}

pub struct Answer {
    pub sentence: String,
    pub skipped: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    c: Chrome,
    errors: FormErrors,
    from: String,
    days: String,
    year: i16,
    answer: Option<Answer>,
    holidays: Vec<HolidayRow>,
}

fn holiday_row(h: &HolidayOut, lang: Lang) -> Option<HolidayRow> {
    let d = parse_date(&h.date).ok()?;
    Some(HolidayRow {
        date: format_date(d, lang),
        weekday: weekday_name(d, lang).to_string(),
        name: match lang {
            Lang::Pl => h.name.clone(),
            Lang::En => h.name_en.clone(),
        },
    })
}

fn sentence(a: &WorkingDaysOut, lang: Lang) -> Option<Answer> {
    let from = parse_date(&a.from).ok()?;
    let date = parse_date(&a.date).ok()?;
    let sentence = i18n::t_args(
        lang,
        "calendar-answer-sentence",
        &[
            ("days", i64::from(a.days).into()),
            ("from", day_label(from, lang).into()),
            ("date", day_label(date, lang).into()),
        ],
    );
    let skipped = a
        .holidays_skipped
        .iter()
        .filter_map(|h| {
            let row = holiday_row(h, lang)?;
            Some(format!("{} — {}", row.date, row.name))
        })
        .collect();
    Some(Answer { sentence, skipped })
}

/// The calendar page: answers `?od=YYYY-MM-DD&dni=N` and lists the holidays of `?rok=`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<HashMap<String, String>>,
) -> CalendarPage {
    let lang = v.lang;
    let from = q
        .get("od")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let days = q
        .get("dni")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let mut errors = Vec::new();
    let mut answer_out = None;
    let mut default_year = today_warsaw(state.clock.as_ref()).year();
    if !from.is_empty() || !days.is_empty() {
        match read_question(Some(&from), Some(&days)).and_then(|question| {
            default_year = question.from.year();
            answer(&question)
        }) {
            Ok(a) => answer_out = sentence(&a, lang),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let year = match q.get("rok").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => default_year,
        Some(y) => parse_year("year", y)
            .map_err(|e| errors.push(e))
            .unwrap_or(default_year),
    };
    let holidays = holidays_of(year)
        .iter()
        .filter_map(|h| holiday_row(h, lang))
        .collect();
    let mut c = Chrome::new(&v, "calendar-title").await;
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    CalendarPage {
        c,
        errors: FormErrors::new(&errors, lang),
        from,
        days,
        year,
        answer: answer_out,
        holidays,
    }
}
