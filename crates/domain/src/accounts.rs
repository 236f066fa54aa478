//! People who sign in: e-mail addresses, passwords, names and roles.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Localized, polish_plural};
use crate::validation::{TextProblem, required_text};

/// The longest e-mail address allowed (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
/// The shortest password allowed.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The longest password allowed; long enough for any passphrase, short enough to hash cheaply.
pub const PASSWORD_MAX_CHARS: usize = 1024;
/// The longest name of a person.
pub const PERSON_NAME_MAX_CHARS: usize = 200;

/// An e-mail address, trimmed and lower-cased, so the same person always has the same address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Checks an address as typed: one `@`, something before it, and a domain with a dot
    /// after it; no spaces or control characters; at most 254 characters.
    pub fn parse(input: &str) -> Result<Email, AccountError> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(AccountError::EmailRequired);
        }
        if s.chars().count() > EMAIL_MAX_CHARS {
            return Err(AccountError::EmailTooLong {
                max: EMAIL_MAX_CHARS,
            });
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(AccountError::EmailSpaces);
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(AccountError::EmailNoAt);
        };
        if domain.contains('@') {
            return Err(AccountError::EmailManyAts);
        }
        if local.is_empty() {
            return Err(AccountError::EmailNoLocalPart);
        }
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if !domain_ok {
            return Err(AccountError::EmailBadDomain);
        }
        Ok(Email(s))
    }

    /// The address, lower-cased.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Email::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A password as typed, before hashing: 12 to 1024 characters, anything allowed
/// (spaces too: passphrases are welcome). Never printed: `Debug` shows `Password(***)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks the length of a new password. Leading and trailing spaces are kept:
    /// they are part of what the person typed.
    pub fn parse(input: &str) -> Result<Password, AccountError> {
        let chars = input.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(AccountError::PasswordTooShort {
                min: PASSWORD_MIN_CHARS,
                given: chars,
            });
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(AccountError::PasswordTooLong {
                max: PASSWORD_MAX_CHARS,
            });
        }
        Ok(Password(input.to_owned()))
    }

    /// The password itself, to hash it. Do not store, log or show it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A person's name as they give it (one field, any form), at most 200 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// Checks a name: required, trimmed, at most 200 characters, no control characters.
    pub fn parse(input: &str) -> Result<PersonName, AccountError> {
        required_text(input, PERSON_NAME_MAX_CHARS)
            .map(PersonName)
            .map_err(AccountError::Name)
    }

    /// The name, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PersonName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        PersonName::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// What a staff account may do. Residents and organisations need no role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the platform: accounts, settings.
    Admin,
    /// An officer of the municipality (e.g. the Local Activity Office): runs programmes
    /// and calls, checks applications, signs agreements, settles reports.
    Officer,
    /// A member of an evaluation committee: declares impartiality, then scores applications.
    Evaluator,
    /// A member of the Public Benefit Council: votes on opinions and resolutions.
    Council,
    /// Staff of the metropolis: curates the shared library of good practices.
    Metropolis,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Officer,
        Role::Evaluator,
        Role::Council,
        Role::Metropolis,
    ];

    /// The code stored and sent over the API: `"admin"`, `"officer"`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Evaluator => "evaluator",
            Role::Council => "council",
            Role::Metropolis => "metropolis",
        }
    }

    /// Reads a code produced by [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The role's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Pl) => "administrator",
            (Role::Admin, Lang::En) => "administrator",
            (Role::Officer, Lang::Pl) => "urzędnik",
            (Role::Officer, Lang::En) => "officer",
            (Role::Evaluator, Lang::Pl) => "członek komisji oceniającej",
            (Role::Evaluator, Lang::En) => "evaluation committee member",
            (Role::Council, Lang::Pl) => "członek Rady Pożytku",
            (Role::Council, Lang::En) => "Public Benefit Council member",
            (Role::Metropolis, Lang::Pl) => "metropolia",
            (Role::Metropolis, Lang::En) => "metropolis",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with an e-mail address, a password or a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// No e-mail address was given.
    #[error("Enter an e-mail address.")]
    EmailRequired,
    /// The address is too long.
    #[error("The e-mail address is too long: at most {max} characters.")]
    EmailTooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// Spaces or invisible characters inside the address.
    #[error("An e-mail address cannot contain spaces or invisible characters.")]
    EmailSpaces,
    /// No `@`.
    #[error("An e-mail address needs an \"@\", e.g. anna@example.pl.")]
    EmailNoAt,
    /// More than one `@`.
    #[error("An e-mail address has exactly one \"@\"; please enter a single address.")]
    EmailManyAts,
    /// Nothing before the `@`.
    #[error("Something is missing before the \"@\", e.g. anna@example.pl.")]
    EmailNoLocalPart,
    /// The part after `@` is not a domain name.
    #[error("The part after \"@\" must be a domain such as example.pl.")]
    EmailBadDomain,
    /// The password is too short.
    #[error("The password must have at least {min} characters ({given} given).")]
    PasswordTooShort {
        /// The fewest characters allowed.
        min: usize,
        /// How many characters were given.
        given: usize,
    },
    /// The password is too long.
    #[error("The password can have at most {max} characters.")]
    PasswordTooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// The name is missing, too long or holds control characters.
    #[error("{0}")]
    Name(TextProblem),
}

impl Localized for AccountError {
    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            AccountError::EmailRequired => "Podaj adres e-mail.".to_owned(),
            AccountError::EmailTooLong { max } => {
                format!("Adres e-mail jest za długi: najwyżej {max} znaków.")
            }
            AccountError::EmailSpaces => {
                "Adres e-mail nie może zawierać spacji ani niewidocznych znaków.".to_owned()
            }
            AccountError::EmailNoAt => {
                "W adresie e-mail brakuje znaku „@”, np. anna@przyklad.pl.".to_owned()
            }
            AccountError::EmailManyAts => {
                "Adres e-mail może mieć tylko jeden znak „@” — wpisz jeden adres.".to_owned()
            }
            AccountError::EmailNoLocalPart => {
                "Przed znakiem „@” czegoś brakuje, np. anna@przyklad.pl.".to_owned()
            }
            AccountError::EmailBadDomain => {
                "Po znaku „@” musi być nazwa domeny, np. przyklad.pl.".to_owned()
            }
            AccountError::PasswordTooShort { min, given } => format!(
                "Hasło musi mieć co najmniej {min} {} (wpisano {given}). \
                 Dobre hasło to kilka zwykłych słów, np. „zielony rower nad Pilicą”.",
                polish_plural(*min as u64, "znak", "znaki", "znaków")
            ),
            AccountError::PasswordTooLong { max } => {
                format!(
                    "Hasło może mieć najwyżej {max} {}.",
                    polish_plural(*max as u64, "znak", "znaki", "znaków")
                )
            }
            AccountError::Name(problem) => problem.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        let e = Email::parse("  Anna.Kowalska@Example.PL ").expect("valid");
        assert_eq!(e.as_str(), "anna.kowalska@example.pl");
        assert_eq!(e.to_string(), "anna.kowalska@example.pl");
        assert!(Email::parse("bal@biblioteka.piotrkow.pl").is_ok());
        assert!(Email::parse("a+tag@xn--dobre-praktyki.pl").is_ok());
    }

    #[test]
    fn email_rejections_say_what_is_wrong() {
        let cases = [
            ("", AccountError::EmailRequired),
            ("   ", AccountError::EmailRequired),
            ("anna.example.pl", AccountError::EmailNoAt),
            ("anna@@example.pl", AccountError::EmailManyAts),
            ("a@b@example.pl", AccountError::EmailManyAts),
            ("@example.pl", AccountError::EmailNoLocalPart),
            ("anna@localhost", AccountError::EmailBadDomain),
            ("anna@", AccountError::EmailBadDomain),
            ("anna@.pl", AccountError::EmailBadDomain),
            ("anna@example.", AccountError::EmailBadDomain),
            ("anna@example..pl", AccountError::EmailBadDomain),
            ("anna kowalska@example.pl", AccountError::EmailSpaces),
            ("anna@exa mple.pl", AccountError::EmailSpaces),
            ("anna@example.pl\u{0}", AccountError::EmailSpaces),
        ];
        for (input, expected) in cases {
            assert_eq!(Email::parse(input), Err(expected), "{input:?}");
        }
        let long = format!("{}@example.pl", "a".repeat(244));
        assert_eq!(
            Email::parse(&long),
            Err(AccountError::EmailTooLong { max: 254 })
        );
        let just_fits = format!("{}@example.pl", "a".repeat(243));
        assert!(Email::parse(&just_fits).is_ok());
    }

    #[test]
    fn password_length_counts_characters() {
        assert!(Password::parse("zażółć gęślą").is_ok(), "12 characters");
        assert_eq!(
            Password::parse("zażółćgęśl"),
            Err(AccountError::PasswordTooShort { min: 12, given: 10 })
        );
        assert!(Password::parse(&"x".repeat(1024)).is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(1025)),
            Err(AccountError::PasswordTooLong { max: 1024 })
        );
        let p = Password::parse("  spaces kept  ").expect("valid");
        assert_eq!(p.expose(), "  spaces kept  ");
    }

    #[test]
    fn password_is_never_printed() {
        let p = Password::parse("correct horse battery staple").expect("valid");
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert!(!format!("{:?}", Some(&p)).contains("horse"));
    }

    #[test]
    fn person_name() {
        assert_eq!(
            PersonName::parse("  Anna Kowalska ").map(|n| n.to_string()),
            Ok("Anna Kowalska".to_owned())
        );
        assert_eq!(
            PersonName::parse(" "),
            Err(AccountError::Name(TextProblem::Required))
        );
        assert_eq!(
            PersonName::parse(&"ą".repeat(201)),
            Err(AccountError::Name(TextProblem::TooLong { max: 200 }))
        );
        assert_eq!(
            PersonName::parse(" ").map_err(|e| e.message(Lang::Pl)),
            Err("To pole jest wymagane.".to_owned())
        );
    }

    #[test]
    fn roles_round_trip_and_have_labels() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert!(!role.label(Lang::Pl).is_empty());
        }
        assert_eq!(Role::parse("Admin"), None);
        assert_eq!(Role::parse("mayor"), None);
        assert_eq!(
            Role::Evaluator.label(Lang::Pl),
            "członek komisji oceniającej"
        );
        assert_eq!(Role::Council.label(Lang::Pl), "członek Rady Pożytku");
    }

    #[test]
    fn messages_in_both_languages() {
        let e = AccountError::PasswordTooShort { min: 12, given: 5 };
        assert!(
            e.message(Lang::Pl)
                .starts_with("Hasło musi mieć co najmniej 12 znaków (wpisano 5).")
        );
        assert_eq!(
            e.message(Lang::En),
            "The password must have at least 12 characters (5 given)."
        );
        assert_eq!(
            AccountError::EmailNoAt.message(Lang::Pl),
            "W adresie e-mail brakuje znaku „@”, np. anna@przyklad.pl."
        );
    }

    proptest! {
        #[test]
        fn parsed_emails_are_normalised(s in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(e.as_str(), e.as_str().trim());
                prop_assert_eq!(e.as_str().matches('@').count(), 1);
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            }
        }

        #[test]
        fn simple_addresses_are_accepted(local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
            let address = format!("{local}@{domain}");
            prop_assert_eq!(Email::parse(&address).map(|e| e.to_string()), Ok(address));
        }
    }
}
