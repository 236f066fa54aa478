//! Field errors shown next to form fields, and checks for free-text fields.

use serde::Serialize;

use crate::lang::{Lang, Localized, polish_plural};

/// What is wrong with one field of a form or an API request, in both languages.
///
/// `field` names the field as the form does (`"name"`, `"members[2].name"`), so the
/// interface can show the message next to it and an API client can point at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name in the form or the request body.
    pub field: String,
    /// The message in Polish.
    pub message_pl: String,
    /// The message in English.
    pub message_en: String,
}

impl FieldError {
    /// An error for `field`, worded by `problem` in both languages.
    pub fn new<P: Localized + ?Sized>(field: impl Into<String>, problem: &P) -> Self {
        FieldError {
            field: field.into(),
            message_pl: problem.message(Lang::Pl),
            message_en: problem.message(Lang::En),
        }
    }

    /// An error for `field` with messages written out by hand.
    pub fn with_messages(
        field: impl Into<String>,
        message_pl: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        FieldError {
            field: field.into(),
            message_pl: message_pl.into(),
            message_en: message_en.into(),
        }
    }

    /// The message in the reader's language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Pl => &self.message_pl,
            Lang::En => &self.message_en,
        }
    }
}

impl Localized for FieldError {
    fn message(&self, lang: Lang) -> String {
        FieldError::message(self, lang).to_owned()
    }
}

/// What is wrong with a free-text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextProblem {
    /// The field is empty or holds only spaces.
    #[error("This field is required.")]
    Required,
    /// The text has more characters than allowed.
    #[error("The text is too long: at most {max} characters.")]
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// The text has fewer characters than required.
    #[error("The text is too short: at least {min} characters.")]
    TooShort {
        /// The fewest characters allowed.
        min: usize,
    },
    /// The text holds invisible control characters (other than new lines and tabs).
    #[error("The text contains invisible control characters; please remove them.")]
    ControlCharacters,
}

impl Localized for TextProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TextProblem::Required, Lang::Pl) => "To pole jest wymagane.".to_owned(),
            (TextProblem::TooLong { max }, Lang::Pl) => format!(
                "Tekst jest za długi: może mieć najwyżej {max} {}.",
                polish_plural(*max as u64, "znak", "znaki", "znaków")
            ),
            (TextProblem::TooShort { min }, Lang::Pl) => format!(
                "Tekst jest za krótki: musi mieć co najmniej {min} {}.",
                polish_plural(*min as u64, "znak", "znaki", "znaków")
            ),
            (TextProblem::ControlCharacters, Lang::Pl) => {
                "Tekst zawiera niewidoczne znaki sterujące (np. wklejone z innego programu) — usuń je."
                    .to_owned()
            }
            (problem, Lang::En) => problem.to_string(),
        }
    }
}

/// Checks a required text field: trims surrounding whitespace, refuses an empty value,
/// control characters other than new lines and tabs, and more than `max_chars`
/// characters (counted as characters, not bytes: „zażółć” is 6). Returns the trimmed text.
pub fn required_text(value: &str, max_chars: usize) -> Result<String, TextProblem> {
    bounded_text(value, 1, max_chars)
}

/// Checks an optional text field: `None` or a blank value means "not given" and gives
/// `Ok(None)`; anything else is checked like [`required_text`].
pub fn optional_text(value: Option<&str>, max_chars: usize) -> Result<Option<String>, TextProblem> {
    match value {
        Some(v) if !v.trim().is_empty() => required_text(v, max_chars).map(Some),
        _ => Ok(None),
    }
}

/// Like [`required_text`], but also refuses texts shorter than `min_chars` characters
/// (after trimming). A `min_chars` of 0 or 1 only refuses an empty value.
pub fn bounded_text(
    value: &str,
    min_chars: usize,
    max_chars: usize,
) -> Result<String, TextProblem> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(TextProblem::Required);
    }
    if trimmed.chars().any(is_forbidden_control) {
        return Err(TextProblem::ControlCharacters);
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(TextProblem::TooLong { max: max_chars });
    }
    if chars < min_chars {
        return Err(TextProblem::TooShort { min: min_chars });
    }
    Ok(trimmed.to_owned())
}

/// Control characters a person cannot see or type on purpose; new lines and tabs are fine.
pub(crate) fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn required_text_trims() {
        assert_eq!(
            required_text("  Klub Seniora \n", 50),
            Ok("Klub Seniora".to_owned())
        );
    }

    #[test]
    fn required_text_refuses_blank() {
        assert_eq!(required_text("", 10), Err(TextProblem::Required));
        assert_eq!(required_text(" \t\n ", 10), Err(TextProblem::Required));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(required_text("zażółć", 6), Ok("zażółć".to_owned()));
        assert_eq!(
            required_text("zażółć", 5),
            Err(TextProblem::TooLong { max: 5 })
        );
    }

    #[test]
    fn control_characters_are_refused_but_new_lines_kept() {
        assert_eq!(
            required_text("a\u{0}b", 10),
            Err(TextProblem::ControlCharacters)
        );
        assert_eq!(
            required_text("a\u{1b}[31m", 10),
            Err(TextProblem::ControlCharacters)
        );
        assert_eq!(required_text("a\r\n\tb", 10), Ok("a\r\n\tb".to_owned()));
    }

    #[test]
    fn optional_text_treats_blank_as_absent() {
        assert_eq!(optional_text(None, 10), Ok(None));
        assert_eq!(optional_text(Some("   "), 10), Ok(None));
        assert_eq!(optional_text(Some(" x "), 10), Ok(Some("x".to_owned())));
        assert_eq!(
            optional_text(Some("abc"), 2),
            Err(TextProblem::TooLong { max: 2 })
        );
    }

    #[test]
    fn bounded_text_checks_minimum() {
        assert_eq!(
            bounded_text(" ab ", 3, 10),
            Err(TextProblem::TooShort { min: 3 })
        );
        assert_eq!(bounded_text("abc", 3, 10), Ok("abc".to_owned()));
    }

    #[test]
    fn messages_in_both_languages() {
        let e = FieldError::new("title", &TextProblem::TooLong { max: 200 });
        assert_eq!(e.field, "title");
        assert_eq!(
            e.message(Lang::Pl),
            "Tekst jest za długi: może mieć najwyżej 200 znaków."
        );
        assert_eq!(
            e.message(Lang::En),
            "The text is too long: at most 200 characters."
        );
        let e = FieldError::new("x", &TextProblem::TooShort { min: 2 });
        assert!(e.message_pl.contains("2 znaki"), "{}", e.message_pl);
        assert_eq!(
            FieldError::new("x", &TextProblem::Required).message_pl,
            "To pole jest wymagane."
        );
    }

    #[test]
    fn field_error_is_localized_itself() {
        let e = FieldError::with_messages("a", "po polsku", "in English");
        assert_eq!(Localized::message(&e, Lang::En), "in English");
        let again = FieldError::new("b", &e);
        assert_eq!(again.message_pl, "po polsku");
    }

    proptest! {
        #[test]
        fn accepted_text_is_trimmed_and_within_limit(s in "\\PC{0,40}", max in 1usize..30) {
            if let Ok(t) = required_text(&s, max) {
                prop_assert_eq!(t.trim(), t.as_str());
                prop_assert!(!t.is_empty());
                prop_assert!(t.chars().count() <= max);
            }
        }
    }
}
