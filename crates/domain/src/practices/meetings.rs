//! Thematic meetings of the platform (e.g. „Jak nie dotacje, to co?”): the metropolis invites
//! municipalities, presents practices and publishes the materials afterwards.

use jiff::Timestamp;

use super::{PracticeLink, validate_links};
use crate::Lang;
use crate::validation::FieldError;

/// Whether a meeting is visible to everyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingStatus {
    /// Being prepared; only the metropolis and admins see it.
    Draft,
    /// Public.
    Published,
}

impl MeetingStatus {
    /// The stored and API code.
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Draft => "draft",
            MeetingStatus::Published => "published",
        }
    }

    /// The status of a stored code.
    pub fn parse(code: &str) -> Option<MeetingStatus> {
        match code.trim() {
            "draft" => Some(MeetingStatus::Draft),
            "published" => Some(MeetingStatus::Published),
            _ => None,
        }
    }

    /// The name shown to people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (MeetingStatus::Draft, Lang::Pl) => "Szkic",
            (MeetingStatus::Draft, Lang::En) => "Draft",
            (MeetingStatus::Published, Lang::Pl) => "Opublikowane",
            (MeetingStatus::Published, Lang::En) => "Published",
        }
    }
}

/// A meeting as typed (everything as text until checked).
#[derive(Clone, Debug, Default)]
pub struct MeetingDraft {
    /// Title.
    pub title: String,
    /// When it starts: RFC 3339 (`2027-03-04T10:00:00+01:00`) or Warsaw local time
    /// (`2027-03-04T10:00`, as a `datetime-local` field sends it).
    pub starts_at: String,
    /// Where it takes place (empty for an online-only meeting).
    pub place: String,
    /// The address of the online meeting, if any.
    pub online_url: String,
    /// What it is about.
    pub description: String,
    /// Materials as links.
    pub links: Vec<PracticeLink>,
}

/// A checked meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMeeting {
    /// Title (single spaces, 3–200 characters).
    pub title: String,
    /// When it starts.
    pub starts_at: Timestamp,
    /// Where (may be empty when online).
    pub place: String,
    /// The online meeting's address.
    pub online_url: Option<String>,
    /// What it is about.
    pub description: String,
    /// Materials as links.
    pub links: Vec<PracticeLink>,
}

fn err(field: &str, pl: &str, en: &str) -> FieldError {
    FieldError::with_messages(field, pl, en)
}

/// Checks a meeting: a title (3–200 characters), a start, and a place or an online address.
pub fn validate_meeting(d: &MeetingDraft) -> Result<ValidMeeting, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = d.title.split_whitespace().collect::<Vec<_>>().join(" ");
    match title.chars().count() {
        0..=2 => errors.push(err(
            "title",
            "Podaj tytuł spotkania (co najmniej 3 znaki).",
            "Give the meeting a title (at least 3 characters).",
        )),
        201.. => errors.push(err(
            "title",
            "Tytuł może mieć najwyżej 200 znaków.",
            "The title may have at most 200 characters.",
        )),
        _ => {}
    }
    let raw = d.starts_at.trim();
    let starts_at = if raw.is_empty() {
        errors.push(err(
            "starts_at",
            "Podaj datę i godzinę spotkania.",
            "Give the meeting's date and time.",
        ));
        None
    } else {
        match crate::time::parse_rfc3339(raw).or_else(|_| crate::time::parse_warsaw_local(raw)) {
            Ok(t) => Some(t),
            Err(_) => {
                errors.push(err(
                    "starts_at",
                    "Podaj datę i godzinę, np. 2027-03-04T10:00.",
                    "Give a date and time, e.g. 2027-03-04T10:00.",
                ));
                None
            }
        }
    };
    let place = d.place.split_whitespace().collect::<Vec<_>>().join(" ");
    if place.chars().count() > 300 {
        errors.push(err(
            "place",
            "Miejsce może mieć najwyżej 300 znaków.",
            "The place may have at most 300 characters.",
        ));
    }
    let online = d.online_url.trim();
    let online_url = if online.is_empty() {
        None
    } else {
        match validate_links(
            "online_url",
            &[PracticeLink {
                url: online.to_string(),
                label: String::new(),
            }],
        ) {
            Ok(mut v) => v.pop().map(|l| l.url),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    if place.is_empty() && online.is_empty() {
        errors.push(err(
            "place",
            "Podaj miejsce spotkania albo adres spotkania online.",
            "Give the meeting's place or its online address.",
        ));
    }
    let description = d.description.trim().to_string();
    if description.chars().count() > 20_000 {
        errors.push(err(
            "description",
            "Opis może mieć najwyżej 20000 znaków.",
            "The description may have at most 20000 characters.",
        ));
    }
    let links = validate_links("links", &d.links).unwrap_or_else(|e| {
        errors.push(e);
        Vec::new()
    });
    match starts_at {
        Some(starts_at) if errors.is_empty() => Ok(ValidMeeting {
            title,
            starts_at,
            place,
            online_url,
            description,
            links,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> MeetingDraft {
        MeetingDraft {
            title: "  Jak nie dotacje,   to co? ".into(),
            starts_at: "2027-03-04T10:00".into(),
            place: "Katowice, ul. Barbary 21a".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_meeting_needs_a_title_a_start_and_a_place_or_an_address() {
        let v = validate_meeting(&draft()).unwrap();
        assert_eq!(v.title, "Jak nie dotacje, to co?");
        assert_eq!(
            crate::time::to_rfc3339_warsaw(v.starts_at),
            "2027-03-04T10:00:00+01:00"
        );
        let mut online = draft();
        online.place = String::new();
        online.online_url = "https://spotkania.gzm.example/jak-nie-dotacje".into();
        online.starts_at = "2027-03-04T10:00:00+01:00".into();
        assert!(validate_meeting(&online).is_ok());
        let errs = validate_meeting(&MeetingDraft::default()).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["title", "starts_at", "place"]);
        let mut bad = draft();
        bad.starts_at = "jutro".into();
        bad.online_url = "javascript:alert(1)".into();
        let fields: Vec<_> = validate_meeting(&bad)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["starts_at", "online_url"]);
    }
}
