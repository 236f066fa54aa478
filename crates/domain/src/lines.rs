//! Short lists typed one item per line: the outcomes a purchase pays for ("20 workshops,
//! 15 participants each"), the results a small grant promises, the outcomes a supplier reports.

use crate::lang::{Lang, Localized, polish_plural};
use crate::validation::{FieldError, bounded_text};

/// What is wrong with a list of lines as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinesProblem {
    /// No line was given.
    #[error("Give at least one item.")]
    Empty,
    /// More lines than allowed.
    #[error("At most {max} items.")]
    TooMany {
        /// The most lines allowed.
        max: usize,
    },
}

impl Localized for LinesProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (LinesProblem::Empty, Lang::Pl) => "Podaj co najmniej jedną pozycję.".to_owned(),
            (LinesProblem::TooMany { max }, Lang::Pl) => format!(
                "Najwyżej {max} {}.",
                polish_plural(*max as u64, "pozycja", "pozycje", "pozycji")
            ),
            (p, Lang::En) => p.to_string(),
        }
    }
}

/// Splits text typed into a textarea into lines, trimming each and dropping blank ones.
pub fn split_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Checks a list of items: blank items are dropped; at least one and at most `max_lines`
/// remain, each at most `max_chars` characters without control characters. Errors name
/// `field` for the list and `field[i]` for one item (`i` counts the items as given).
pub fn check_lines(
    field: &str,
    items: &[String],
    max_lines: usize,
    max_chars: usize,
) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if item.trim().is_empty() {
            continue;
        }
        match bounded_text(item, 1, max_chars) {
            Ok(t) => out.push(t),
            Err(e) => errors.push(FieldError::new(format!("{field}[{i}]"), &e)),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(field, &LinesProblem::Empty));
    } else if out.len() > max_lines {
        errors.push(FieldError::new(
            field,
            &LinesProblem::TooMany { max: max_lines },
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_and_trims_lines() {
        assert_eq!(
            split_lines(" 20 warsztatów \r\n\n 15 uczestników\n  "),
            vec!["20 warsztatów".to_owned(), "15 uczestników".to_owned()]
        );
    }

    #[test]
    fn needs_at_least_one_item() {
        let e = check_lines("outcomes", &["  ".into()], 5, 50).unwrap_err();
        assert_eq!(e[0].field, "outcomes");
        assert_eq!(e[0].message_pl, "Podaj co najmniej jedną pozycję.");
    }

    #[test]
    fn names_the_item_that_is_too_long() {
        let e = check_lines("outcomes", &["ok".into(), "x".repeat(51)], 5, 50).unwrap_err();
        assert_eq!(e[0].field, "outcomes[1]");
    }

    #[test]
    fn refuses_too_many_items() {
        let items: Vec<String> = (0..4).map(|i| format!("item {i}")).collect();
        let e = check_lines("results", &items, 3, 50).unwrap_err();
        assert_eq!(e[0].message_pl, "Najwyżej 3 pozycje.");
        assert_eq!(e[0].message_en, "At most 3 items.");
    }

    proptest! {
        #[test]
        fn accepted_lists_are_trimmed_and_bounded(items in proptest::collection::vec("\\PC{0,12}", 0..8)) {
            if let Ok(lines) = check_lines("x", &items, 5, 10) {
                prop_assert!(!lines.is_empty() && lines.len() <= 5);
                for l in lines {
                    prop_assert_eq!(l.trim(), l.as_str());
                    prop_assert!(!l.is_empty() && l.chars().count() <= 10);
                }
            }
        }
    }
}
