//! The interface languages and messages that exist in both of them.

use serde::{Deserialize, Serialize};

/// A language the interface speaks. Polish is the default: the platform serves Polish
/// municipalities, and English is offered to people who do not read Polish.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Polish (`pl`), the default.
    #[default]
    Pl,
    /// English (`en`).
    En,
}

impl Lang {
    /// Every supported language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Pl, Lang::En];

    /// The ISO 639-1 code: `"pl"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::En => "en",
        }
    }

    /// Reads a language code such as `"pl"`, `"EN"`, `"en-GB"` or `"pl_PL"`.
    /// Returns `None` for a language the interface does not speak.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let primary = s.split(['-', '_']).next().unwrap_or(s);
        if primary.eq_ignore_ascii_case("pl") {
            Some(Lang::Pl)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks the language from an HTTP `Accept-Language` header: the supported tag with
    /// the highest `q` wins (ties keep the header's order); tags with `q=0` are refused.
    /// Falls back to Polish when nothing in the header is supported.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let mut quality = Some(1000);
            for param in parts {
                let param = param.trim();
                if let Some(q) = param
                    .strip_prefix("q=")
                    .or_else(|| param.strip_prefix("Q="))
                {
                    quality = parse_quality(q.trim());
                }
            }
            let (Some(quality), Some(lang)) = (quality, Lang::parse(tag)) else {
                continue;
            };
            if quality == 0 {
                continue;
            }
            if best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang).unwrap_or_default()
    }
}

/// Reads an HTTP quality value (`0`, `0.5`, `1.000`) as thousandths; `None` when malformed.
fn parse_quality(q: &str) -> Option<u16> {
    let (whole, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths: u16 = match whole {
        "0" => 0,
        "1" => 1000,
        _ => return None,
    };
    let mut scale = 100;
    for b in frac.bytes() {
        thousandths += u16::from(b - b'0') * scale;
        scale /= 10;
    }
    (thousandths <= 1000).then_some(thousandths)
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Something that can explain itself to a person, in Polish and in English.
///
/// Every error a user can cause implements this, so the interface can show
/// the message in the reader's language.
pub trait Localized {
    /// The message in the given language, as a full sentence a non-lawyer understands.
    fn message(&self, lang: Lang) -> String;
}

/// Picks the right Polish plural form for a count: `one` for 1 (`1 znak`),
/// `few` for 2–4, 22–24, 32–34… (`3 znaki`), `many` for the rest (`5 znaków`, `12 znaków`).
pub fn polish_plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        return one;
    }
    let last = n % 10;
    let last_two = n % 100;
    if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        few
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Pl);
    }

    #[test]
    fn parse_accepts_case_and_regions() {
        assert_eq!(Lang::parse("PL"), Some(Lang::Pl));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("pl-PL"), Some(Lang::Pl));
        assert_eq!(Lang::parse("en_us"), Some(Lang::En));
        assert_eq!(Lang::parse(" en "), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse("eng"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn accept_language_follows_quality() {
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,pl;q=0.8"),
            Lang::En
        );
        assert_eq!(
            Lang::from_accept_language("pl-PL,pl;q=0.9,en;q=0.8"),
            Lang::Pl
        );
        assert_eq!(
            Lang::from_accept_language("de;q=1, en;q=0.5, pl;q=0.7"),
            Lang::Pl
        );
        assert_eq!(
            Lang::from_accept_language("de, fr;q=0.9, en;q=0.1"),
            Lang::En
        );
        assert_eq!(Lang::from_accept_language("en;q=0, pl;q=0.2"), Lang::Pl);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Pl);
    }

    #[test]
    fn accept_language_defaults_to_polish() {
        assert_eq!(Lang::from_accept_language(""), Lang::Pl);
        assert_eq!(Lang::from_accept_language("*"), Lang::Pl);
        assert_eq!(Lang::from_accept_language("de-DE, fr"), Lang::Pl);
        assert_eq!(Lang::from_accept_language(";;;,,,q=x"), Lang::Pl);
    }

    #[test]
    fn accept_language_ignores_malformed_quality() {
        assert_eq!(Lang::from_accept_language("en;q=abc, pl;q=0.1"), Lang::Pl);
        assert_eq!(Lang::from_accept_language("en;q=2, pl;q=0.1"), Lang::Pl);
        assert_eq!(Lang::from_accept_language("pl;q=0.5, en;q=0.501"), Lang::En);
    }

    #[test]
    fn polish_plurals() {
        let form = |n| polish_plural(n, "znak", "znaki", "znaków");
        assert_eq!(form(0), "znaków");
        assert_eq!(form(1), "znak");
        assert_eq!(form(2), "znaki");
        assert_eq!(form(4), "znaki");
        assert_eq!(form(5), "znaków");
        assert_eq!(form(12), "znaków");
        assert_eq!(form(14), "znaków");
        assert_eq!(form(22), "znaki");
        assert_eq!(form(200), "znaków");
        assert_eq!(form(1024), "znaki");
    }

    proptest::proptest! {
        #[test]
        fn accept_language_never_panics(header in ".{0,80}") {
            let _ = Lang::from_accept_language(&header);
        }
    }
}
