//! Query parameters read by hand, so that a bad date or a negative count is a `422` problem
//! document with a field error (as `api-v1.md` promises) instead of axum's plain-text rejection.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::FieldError;

use crate::error::ApiError;

/// The most items one list page returns.
pub const MAX_LIMIT: u32 = 500;
/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 100;

/// The query string as name/value pairs (malformed percent-encoding is a `422`).
#[derive(Clone, Debug, Default)]
pub struct ApiQuery(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for ApiQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        ApiQuery::parse(parts.uri.query().unwrap_or(""))
    }
}

impl ApiQuery {
    /// Reads a raw query string.
    pub fn parse(raw: &str) -> Result<ApiQuery, ApiError> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .map(ApiQuery)
            .map_err(|_| {
                ApiError::Invalid(vec![FieldError::with_messages(
                    "",
                    "Nie udało się odczytać parametrów zapytania.",
                    "The query string could not be read.",
                )])
            })
    }

    /// The value of `name`, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// A required parameter.
    pub fn required(&self, name: &str) -> Result<&str, FieldError> {
        self.get(name).ok_or_else(|| {
            FieldError::with_messages(
                name,
                "Ten parametr jest wymagany.",
                "This parameter is required.",
            )
        })
    }

    /// A whole number in `0..=max`, or `default` when absent.
    pub fn count(&self, name: &str, default: u32, max: u32) -> Result<u32, FieldError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => parse_count(name, v, max),
        }
    }

    /// A year between 2000 and 2100, or `default` when absent.
    pub fn year(&self, name: &str, default: i16) -> Result<i16, FieldError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => parse_year(name, v),
        }
    }

    /// `limit` (1..=500, default 100) and `offset` (default 0), with every problem collected.
    pub fn page(&self, errors: &mut Vec<FieldError>) -> (usize, usize) {
        let limit = self
            .count("limit", DEFAULT_LIMIT, MAX_LIMIT)
            .and_then(|l| {
                if l == 0 {
                    Err(FieldError::with_messages(
                        "limit",
                        "Limit musi być większy od zera.",
                        "The limit must be more than zero.",
                    ))
                } else {
                    Ok(l)
                }
            })
            .map_err(|e| errors.push(e))
            .unwrap_or(DEFAULT_LIMIT);
        let offset = self
            .count("offset", 0, u32::MAX)
            .map_err(|e| errors.push(e))
            .unwrap_or(0);
        (limit as usize, offset as usize)
    }
}

/// A whole number of at most `max`; a negative number, a fraction or anything else is refused
/// with a message that says which.
pub fn parse_count(name: &str, v: &str, max: u32) -> Result<u32, FieldError> {
    let v = v.trim();
    if let Some(rest) = v.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(FieldError::with_messages(
            name,
            "Liczba nie może być ujemna.",
            "The number cannot be negative.",
        ));
    }
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::with_messages(
            name,
            "Podaj liczbę całkowitą (same cyfry), np. 7.",
            "Give a whole number (digits only), e.g. 7.",
        ));
    }
    match v.parse::<u64>() {
        Ok(n) if n <= u64::from(max) => Ok(n as u32),
        _ => Err(FieldError::with_messages(
            name,
            format!("Za duża liczba: najwyżej {max}."),
            format!("Too large: at most {max}."),
        )),
    }
}

/// A year the calendar knows (2000–2100).
pub fn parse_year(name: &str, v: &str) -> Result<i16, FieldError> {
    let (first, last) = (domain::calendar::FIRST_YEAR, domain::calendar::LAST_YEAR);
    v.trim()
        .parse::<i16>()
        .ok()
        .filter(|y| (first..=last).contains(y))
        .ok_or_else(|| {
            FieldError::with_messages(
                name,
                format!("Podaj rok od {first} do {last}."),
                format!("Give a year from {first} to {last}."),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_refuse_negative_fractional_and_huge_numbers() {
        assert_eq!(parse_count("days", "7", 100), Ok(7));
        assert_eq!(parse_count("days", "0", 100), Ok(0));
        assert!(
            parse_count("days", "-3", 100)
                .unwrap_err()
                .message_en
                .contains("negative")
        );
        assert!(
            parse_count("days", "1.5", 100)
                .unwrap_err()
                .message_en
                .contains("whole")
        );
        assert!(parse_count("days", "", 100).is_err());
        assert!(
            parse_count("days", "101", 100)
                .unwrap_err()
                .message_en
                .contains("at most 100")
        );
        assert!(parse_count("days", "99999999999999999999999", 100).is_err());
    }

    #[test]
    fn years_stay_in_the_calendar() {
        assert_eq!(parse_year("year", "2026"), Ok(2026));
        assert!(parse_year("year", "1999").is_err());
        assert!(parse_year("year", "2101").is_err());
        assert!(parse_year("year", "dwa").is_err());
    }

    #[test]
    fn pages_collect_errors() {
        let q = ApiQuery::parse("limit=0&offset=-1").unwrap();
        let mut errors = Vec::new();
        assert_eq!(q.page(&mut errors), (DEFAULT_LIMIT as usize, 0));
        assert_eq!(errors.len(), 2);
    }
}
