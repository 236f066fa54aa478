//! Good practices: what a municipality did that others can learn from, described by its officer,
//! checked and published by the metropolis.

pub mod attachments;
pub mod meetings;

use crate::Lang;
use crate::accounts::Email;
use crate::validation::FieldError;

/// A link shown with a practice or a meeting: the address and what it leads to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PracticeLink {
    /// `http://` or `https://` address.
    pub url: String,
    /// What the link leads to (may be empty: the address is shown instead).
    pub label: String,
}

impl PracticeLink {
    /// Reads one line of the links field: the address, then (after a space) its description,
    /// e.g. `https://gliwice.eu/regulamin Regulamin zamówień`.
    pub fn from_line(line: &str) -> PracticeLink {
        let line = line.trim();
        match line.split_once(char::is_whitespace) {
            Some((url, label)) => PracticeLink {
                url: url.to_string(),
                label: label.trim().to_string(),
            },
            None => PracticeLink {
                url: line.to_string(),
                label: String::new(),
            },
        }
    }

    /// The line the form shows for this link (the inverse of [`PracticeLink::from_line`]).
    pub fn to_line(&self) -> String {
        if self.label.is_empty() {
            self.url.clone()
        } else {
            format!("{} {}", self.url, self.label)
        }
    }

    /// What a reader sees: the label, or the address when there is none.
    pub fn text(&self) -> &str {
        if self.label.is_empty() {
            &self.url
        } else {
            &self.label
        }
    }
}

/// Checks links (at most 20; http/https addresses without spaces, up to 500 characters;
/// labels up to 200 characters). Empty addresses are skipped.
pub fn validate_links(
    field: &str,
    links: &[PracticeLink],
) -> Result<Vec<PracticeLink>, FieldError> {
    let mut out = Vec::new();
    for l in links {
        let url = l.url.trim();
        let label = l.label.split_whitespace().collect::<Vec<_>>().join(" ");
        if url.is_empty() {
            if label.is_empty() {
                continue;
            }
            return Err(err(
                field,
                "Każdy odnośnik musi mieć adres zaczynający się od https:// lub http://.",
                "Every link needs an address starting with https:// or http://.",
            ));
        }
        let scheme_ok = url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            || url
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
        if !scheme_ok
            || url.chars().any(|c| c.is_whitespace() || c.is_control())
            || url.len() > 500
            || url.len() <= 8
        {
            return Err(err(
                field,
                "Każdy odnośnik musi zaczynać się od https:// lub http://.",
                "Every link must start with https:// or http://.",
            ));
        }
        if label.chars().count() > 200 {
            return Err(err(
                field,
                "Opis odnośnika może mieć najwyżej 200 znaków.",
                "A link's description may have at most 200 characters.",
            ));
        }
        if out.len() == 20 {
            return Err(err(
                field,
                "Podaj najwyżej 20 odnośników.",
                "Give at most 20 links.",
            ));
        }
        out.push(PracticeLink {
            url: url.to_string(),
            label,
        });
    }
    Ok(out)
}

/// How the practice was funded or organised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instrument {
    /// Mikrogranty.
    Microgrants,
    /// Fundusz sąsiedzki.
    NeighbourhoodFund,
    /// Mały grant (art. 19a).
    SmallGrant,
    /// Otwarty konkurs ofert.
    OpenCompetition,
    /// Inicjatywa lokalna.
    LocalInitiative,
    /// Mikrozakup / zamówienie poniżej progu.
    MicroPurchase,
    /// Regranting.
    Regranting,
    /// Inkubator.
    Incubator,
    /// Rada (np. rada działalności pożytku publicznego).
    Council,
    /// Konsultacje.
    Consultation,
    /// Inne.
    Other,
}

impl Instrument {
    /// Every instrument, in the order forms list them.
    pub const ALL: [Instrument; 11] = [
        Instrument::Microgrants,
        Instrument::NeighbourhoodFund,
        Instrument::SmallGrant,
        Instrument::OpenCompetition,
        Instrument::LocalInitiative,
        Instrument::MicroPurchase,
        Instrument::Regranting,
        Instrument::Incubator,
        Instrument::Council,
        Instrument::Consultation,
        Instrument::Other,
    ];

    /// The API code (`microgrants`, `neighbourhood_fund`, …).
    pub fn code(self) -> &'static str {
        match self {
            Instrument::Microgrants => "microgrants",
            Instrument::NeighbourhoodFund => "neighbourhood_fund",
            Instrument::SmallGrant => "small_grant",
            Instrument::OpenCompetition => "open_competition",
            Instrument::LocalInitiative => "local_initiative",
            Instrument::MicroPurchase => "micro_purchase",
            Instrument::Regranting => "regranting",
            Instrument::Incubator => "incubator",
            Instrument::Council => "council",
            Instrument::Consultation => "consultation",
            Instrument::Other => "other",
        }
    }

    /// The instrument of an API code.
    pub fn parse(code: &str) -> Option<Instrument> {
        Self::ALL.into_iter().find(|i| i.code() == code.trim())
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Instrument::Microgrants, Lang::Pl) => "Mikrogranty",
            (Instrument::Microgrants, Lang::En) => "Microgrants",
            (Instrument::NeighbourhoodFund, Lang::Pl) => "Fundusz sąsiedzki",
            (Instrument::NeighbourhoodFund, Lang::En) => "Neighbourhood fund",
            (Instrument::SmallGrant, Lang::Pl) => "Mały grant",
            (Instrument::SmallGrant, Lang::En) => "Small grant",
            (Instrument::OpenCompetition, Lang::Pl) => "Otwarty konkurs ofert",
            (Instrument::OpenCompetition, Lang::En) => "Open competition",
            (Instrument::LocalInitiative, Lang::Pl) => "Inicjatywa lokalna",
            (Instrument::LocalInitiative, Lang::En) => "Local initiative",
            (Instrument::MicroPurchase, Lang::Pl) => "Mikrozakup",
            (Instrument::MicroPurchase, Lang::En) => "Micro-purchase",
            (Instrument::Regranting, Lang::Pl) => "Regranting",
            (Instrument::Regranting, Lang::En) => "Regranting",
            (Instrument::Incubator, Lang::Pl) => "Inkubator",
            (Instrument::Incubator, Lang::En) => "Incubator",
            (Instrument::Council, Lang::Pl) => "Rada",
            (Instrument::Council, Lang::En) => "Council",
            (Instrument::Consultation, Lang::Pl) => "Konsultacje",
            (Instrument::Consultation, Lang::En) => "Consultation",
            (Instrument::Other, Lang::Pl) => "Inne",
            (Instrument::Other, Lang::En) => "Other",
        }
    }
}

/// Where a practice is in its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PracticeStatus {
    /// Being written; seen only by its municipality and the metropolis.
    Draft,
    /// Waiting for the metropolis.
    Submitted,
    /// Sent back with a comment.
    Returned,
    /// Public.
    Published,
}

impl PracticeStatus {
    /// The stored and API code.
    pub fn code(self) -> &'static str {
        match self {
            PracticeStatus::Draft => "draft",
            PracticeStatus::Submitted => "submitted",
            PracticeStatus::Returned => "returned",
            PracticeStatus::Published => "published",
        }
    }

    /// The status of a stored code.
    pub fn parse(code: &str) -> Option<PracticeStatus> {
        [
            PracticeStatus::Draft,
            PracticeStatus::Submitted,
            PracticeStatus::Returned,
            PracticeStatus::Published,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (PracticeStatus::Draft, Lang::Pl) => "Szkic",
            (PracticeStatus::Draft, Lang::En) => "Draft",
            (PracticeStatus::Submitted, Lang::Pl) => "Przekazana do weryfikacji",
            (PracticeStatus::Submitted, Lang::En) => "Submitted for review",
            (PracticeStatus::Returned, Lang::Pl) => "Zwrócona do poprawy",
            (PracticeStatus::Returned, Lang::En) => "Returned for changes",
            (PracticeStatus::Published, Lang::Pl) => "Opublikowana",
            (PracticeStatus::Published, Lang::En) => "Published",
        }
    }
}

/// A practice as typed into the form or the API (everything optional until checked).
#[derive(Clone, Debug, Default)]
pub struct PracticeDraft {
    /// Title.
    pub title: String,
    /// Short summary (a few sentences).
    pub summary: String,
    /// The problem, what was done.
    pub body: String,
    /// Results with figures.
    pub results: String,
    /// Costs and funding.
    pub costs: String,
    /// Instrument code.
    pub instrument: String,
    /// Free tags.
    pub topics: Vec<String>,
    /// Year (as typed).
    pub year: String,
    /// Partners.
    pub partners: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact e-mail.
    pub contact_email: String,
    /// Links with their descriptions.
    pub links: Vec<PracticeLink>,
}

/// A checked practice: a draft that may be saved (`complete == false`) or one ready for review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPractice {
    /// Title (trimmed, 3–200 characters).
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Problem and what was done.
    pub body: String,
    /// Results.
    pub results: String,
    /// Costs.
    pub costs: String,
    /// Instrument, when chosen.
    pub instrument: Option<Instrument>,
    /// Distinct trimmed tags (at most 10, each up to 40 characters).
    pub topics: Vec<String>,
    /// Year, when given.
    pub year: Option<i32>,
    /// Partners.
    pub partners: String,
    /// Contact person.
    pub contact_name: String,
    /// Contact e-mail (lowercase).
    pub contact_email: String,
    /// Links (http/https) with descriptions.
    pub links: Vec<PracticeLink>,
}

fn err(field: &str, pl: &str, en: &str) -> FieldError {
    FieldError::with_messages(field, pl, en)
}

/// Checks a practice. With `complete` (submitting for review) the summary, description,
/// instrument, year and contact are required; a draft needs only a title.
pub fn validate_practice(
    d: &PracticeDraft,
    complete: bool,
) -> Result<ValidPractice, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = d.title.trim().to_string();
    let n = title.chars().count();
    if n < 3 {
        errors.push(err(
            "title",
            "Podaj tytuł praktyki (co najmniej 3 znaki).",
            "Give the practice a title (at least 3 characters).",
        ));
    } else if n > 200 {
        errors.push(err(
            "title",
            "Tytuł może mieć najwyżej 200 znaków.",
            "The title may have at most 200 characters.",
        ));
    }
    let long = |field: &str, v: &str, max: usize, errors: &mut Vec<FieldError>| {
        if v.chars().count() > max {
            errors.push(err(
                field,
                &format!("Ten tekst może mieć najwyżej {max} znaków."),
                &format!("This text may have at most {max} characters."),
            ));
        }
        v.trim().to_string()
    };
    let summary = long("summary", &d.summary, 2_000, &mut errors);
    let body = long("body", &d.body, 50_000, &mut errors);
    let results = long("results", &d.results, 20_000, &mut errors);
    let costs = long("costs", &d.costs, 10_000, &mut errors);
    let partners = long("partners", &d.partners, 2_000, &mut errors);
    let contact_name = long("contact_name", &d.contact_name, 200, &mut errors);
    if complete && summary.is_empty() {
        errors.push(err(
            "summary",
            "Napisz krótkie streszczenie.",
            "Write a short summary.",
        ));
    }
    if complete && body.is_empty() {
        errors.push(err(
            "body",
            "Opisz problem i to, co zrobiono.",
            "Describe the problem and what was done.",
        ));
    }
    let instrument = match d.instrument.trim() {
        "" => {
            if complete {
                errors.push(err(
                    "instrument",
                    "Wybierz instrument.",
                    "Choose an instrument.",
                ));
            }
            None
        }
        code => match Instrument::parse(code) {
            Some(i) => Some(i),
            None => {
                errors.push(err(
                    "instrument",
                    "Wybierz instrument z listy.",
                    "Choose an instrument from the list.",
                ));
                None
            }
        },
    };
    let year = match d.year.trim() {
        "" => {
            if complete {
                errors.push(err(
                    "year",
                    "Podaj rok realizacji.",
                    "Give the year it was carried out.",
                ));
            }
            None
        }
        y => match y.parse::<i32>() {
            Ok(y) if (1990..=2100).contains(&y) => Some(y),
            _ => {
                errors.push(err(
                    "year",
                    "Podaj rok jako liczbę, np. 2024.",
                    "Give the year as a number, e.g. 2024.",
                ));
                None
            }
        },
    };
    let mut topics: Vec<String> = Vec::new();
    for t in &d.topics {
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() || topics.iter().any(|x| x.to_lowercase() == t.to_lowercase()) {
            continue;
        }
        if t.chars().count() > 40 || topics.len() == 10 {
            errors.push(err(
                "topics",
                "Podaj najwyżej 10 tematów, każdy do 40 znaków.",
                "Give at most 10 topics of up to 40 characters each.",
            ));
            break;
        }
        topics.push(t);
    }
    let contact_email = match d.contact_email.trim() {
        "" => {
            if complete {
                errors.push(err(
                    "contact_email",
                    "Podaj adres e-mail osoby do kontaktu.",
                    "Give the contact person's e-mail address.",
                ));
            }
            String::new()
        }
        e => match Email::parse(e) {
            Ok(e) => e.as_str().to_string(),
            Err(_) => {
                errors.push(err(
                    "contact_email",
                    "Podaj poprawny adres e-mail, np. jan@gmina.pl.",
                    "Give a valid e-mail address, e.g. jan@gmina.pl.",
                ));
                String::new()
            }
        },
    };
    if complete && contact_name.is_empty() {
        errors.push(err(
            "contact_name",
            "Podaj imię i nazwisko osoby do kontaktu.",
            "Give the contact person's name.",
        ));
    }
    let links = validate_links("links", &d.links).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidPractice {
        title,
        summary,
        body,
        results,
        costs,
        instrument,
        topics,
        year,
        partners,
        contact_name,
        contact_email,
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> PracticeDraft {
        PracticeDraft {
            title: "Fundusz sąsiedzki".into(),
            summary: "Mieszkańcy decydują.".into(),
            body: "Opis.".into(),
            instrument: "neighbourhood_fund".into(),
            year: "2024".into(),
            contact_name: "Anna Nowak".into(),
            contact_email: "Anna@Gmina.pl".into(),
            topics: vec![
                "sąsiedztwo".into(),
                " Sąsiedztwo ".into(),
                "młodzież".into(),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_practice_is_valid_and_normalised() {
        let v = validate_practice(&full(), true).unwrap();
        assert_eq!(v.instrument, Some(Instrument::NeighbourhoodFund));
        assert_eq!(v.year, Some(2024));
        assert_eq!(v.contact_email, "anna@gmina.pl");
        assert_eq!(v.topics, vec!["sąsiedztwo", "młodzież"]);
    }

    #[test]
    fn a_draft_needs_only_a_title() {
        let d = PracticeDraft {
            title: "Rada seniorów".into(),
            ..Default::default()
        };
        assert!(validate_practice(&d, false).is_ok());
        let errs = validate_practice(&d, true).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "summary",
                "body",
                "instrument",
                "year",
                "contact_email",
                "contact_name"
            ]
        );
    }

    #[test]
    fn bad_values_are_named() {
        let mut d = full();
        d.instrument = "lottery".into();
        d.year = "dwa tysiące".into();
        d.contact_email = "nie-email".into();
        d.links = vec![PracticeLink::from_line("javascript:alert(1)")];
        let errs = validate_practice(&d, false).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["instrument", "year", "contact_email", "links"]);
    }

    #[test]
    fn links_carry_their_descriptions() {
        let l = PracticeLink::from_line("  https://gliwice.eu/regulamin   Regulamin  zamówień ");
        assert_eq!(l.url, "https://gliwice.eu/regulamin");
        assert_eq!(l.label, "Regulamin  zamówień");
        let v = validate_links("links", &[l, PracticeLink::from_line("")]).unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].label, "Regulamin zamówień");
        assert_eq!(
            v[0].to_line(),
            "https://gliwice.eu/regulamin Regulamin zamówień"
        );
        assert_eq!(
            PracticeLink::from_line("http://a.pl/x").text(),
            "http://a.pl/x"
        );
        for bad in [
            "ftp://a.pl",
            "https://",
            "javascript:alert(1)",
            "https://a.pl/\u{7}",
        ] {
            assert!(
                validate_links("links", &[PracticeLink::from_line(bad)]).is_err(),
                "{bad}"
            );
        }
        let many: Vec<_> = (0..21)
            .map(|i| PracticeLink::from_line(&format!("https://a.pl/{i}")))
            .collect();
        assert!(validate_links("links", &many).is_err());
    }

    #[test]
    fn instrument_codes_round_trip() {
        for i in Instrument::ALL {
            assert_eq!(Instrument::parse(i.code()), Some(i));
        }
    }
}
