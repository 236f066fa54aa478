//! Interface texts in Fluent files (`locales/pl`, `locales/en`), Polish first.

use std::borrow::Cow;
use std::collections::HashMap;

use domain::Lang;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "pl",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static PL: LanguageIdentifier = langid!("pl");
static EN: LanguageIdentifier = langid!("en");

fn id(lang: Lang) -> &'static LanguageIdentifier {
    match lang {
        Lang::Pl => &PL,
        Lang::En => &EN,
    }
}

/// The text of `key` in `lang` (falls back to Polish, then to the key itself).
pub fn t(lang: Lang, key: &str) -> String {
    LOCALES
        .try_lookup(id(lang), key)
        .unwrap_or_else(|| key.to_string())
}

/// The text of `key` with named arguments (numbers choose Polish plural forms).
pub fn t_args(lang: Lang, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
        .collect();
    LOCALES
        .try_lookup_with_args(id(lang), key, &map)
        .unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_and_english_texts_exist() {
        assert_eq!(t(Lang::Pl, "nav-login"), "Zaloguj się");
        assert_eq!(t(Lang::En, "nav-login"), "Log in");
        assert_eq!(t(Lang::Pl, "no-such-key"), "no-such-key");
    }

    #[test]
    fn polish_plurals() {
        let n = |n: i64| t_args(Lang::Pl, "organisations-count", &[("count", n.into())]);
        assert_eq!(n(1), "1 organizacja");
        assert_eq!(n(3), "3 organizacje");
        assert_eq!(n(5), "5 organizacji");
        assert_eq!(n(22), "22 organizacje");
    }

    #[test]
    fn every_polish_key_has_an_english_text() {
        let pl = include_str!("../locales/pl/main.ftl");
        let en = include_str!("../locales/en/main.ftl");
        let keys = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap_or("").trim().to_string())
                .collect()
        };
        let en_keys = keys(en);
        for list in [keys(pl), en_keys.clone()] {
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "a key is defined twice");
        }
        for k in keys(pl) {
            assert!(en_keys.contains(&k), "missing English text for {k}");
        }
    }
}
