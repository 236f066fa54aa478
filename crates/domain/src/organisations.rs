//! Who applies for grants: non-governmental organisations and informal groups of residents.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::accounts::PersonName;
use crate::ids::{Krs, Nip, Regon};
use crate::lang::{Lang, Localized, polish_plural};
use crate::validation::{FieldError, required_text};

/// The longest name of an organisation or group.
pub const ORGANISATION_NAME_MAX_CHARS: usize = 300;
/// How many adults an informal group needs at least.
pub const MIN_ADULT_MEMBERS: usize = 3;

/// What kind of body applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A registered non-governmental organisation (association, foundation…), in the KRS.
    Ngo,
    /// At least three adults acting together, with no legal personality and one adult leader.
    InformalGroup,
}

impl OrganisationKind {
    /// Both kinds.
    pub const ALL: [OrganisationKind; 2] = [OrganisationKind::Ngo, OrganisationKind::InformalGroup];

    /// The code stored and sent over the API: `"ngo"` or `"informal_group"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Ngo => "ngo",
            OrganisationKind::InformalGroup => "informal_group",
        }
    }

    /// Reads a code produced by [`OrganisationKind::as_str`] (case and spaces ignored).
    pub fn parse(s: &str) -> Option<OrganisationKind> {
        let s = s.trim();
        OrganisationKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// The kind's name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OrganisationKind::Ngo, Lang::Pl) => "organizacja pozarządowa",
            (OrganisationKind::Ngo, Lang::En) => "non-governmental organisation",
            (OrganisationKind::InformalGroup, Lang::Pl) => "grupa nieformalna",
            (OrganisationKind::InformalGroup, Lang::En) => "informal group",
        }
    }
}

impl fmt::Display for OrganisationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member of an informal group as typed into the form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MemberDraft {
    /// The member's name.
    pub name: String,
    /// Whether the member is an adult (18 or older), as declared.
    pub adult: bool,
}

/// An organisation or group as typed into the form, before any checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OrganisationDraft {
    /// `"ngo"` or `"informal_group"`.
    pub kind: Option<String>,
    /// The name of the organisation or the group.
    pub name: Option<String>,
    /// KRS number: required for an NGO, refused for an informal group.
    pub krs: Option<String>,
    /// NIP, optional.
    pub nip: Option<String>,
    /// REGON, optional.
    pub regon: Option<String>,
    /// Members of an informal group, the leader first among the adults; ignored for an NGO.
    #[serde(default)]
    pub members: Vec<MemberDraft>,
}

/// A checked member of an informal group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    /// The member's name.
    pub name: PersonName,
    /// Whether the member is an adult, as declared.
    pub adult: bool,
}

/// An organisation or group that passed every check in [`validate_organisation`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValidOrganisation {
    /// NGO or informal group.
    pub kind: OrganisationKind,
    /// The name, trimmed.
    pub name: String,
    /// KRS number: always present for an NGO, never for an informal group.
    pub krs: Option<Krs>,
    /// NIP, if given.
    pub nip: Option<Nip>,
    /// REGON, if given.
    pub regon: Option<Regon>,
    /// For an informal group, its members in the order given, at least three of them adults;
    /// the first adult is the group's leader. Empty for an NGO.
    pub members: Vec<Member>,
}

impl ValidOrganisation {
    /// The leader of an informal group: its first adult member. `None` for an NGO.
    pub fn leader(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.adult)
    }
}

/// What is wrong with an organisation as a whole (beyond single identifiers and texts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OrganisationProblem {
    /// The kind was not chosen.
    #[error("Choose the kind: a non-governmental organisation or an informal group.")]
    KindMissing,
    /// The kind is not one the platform knows.
    #[error("Unknown kind; choose a non-governmental organisation or an informal group.")]
    KindUnknown,
    /// An NGO without a KRS number.
    #[error("A non-governmental organisation must give its KRS number.")]
    KrsRequired,
    /// An informal group with a KRS number: groups in the KRS are organisations.
    #[error(
        "An informal group has no KRS number. If you are registered in the KRS, choose \"non-governmental organisation\"."
    )]
    KrsForInformalGroup,
    /// An informal group with fewer adult members than required.
    #[error("An informal group needs at least {required} adult members; {given} given.")]
    TooFewAdults {
        /// How many adults were listed.
        given: usize,
        /// How many are needed.
        required: usize,
    },
}

impl Localized for OrganisationProblem {
    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            OrganisationProblem::KindMissing => {
                "Wybierz rodzaj: organizacja pozarządowa albo grupa nieformalna.".to_owned()
            }
            OrganisationProblem::KindUnknown => {
                "Nieznany rodzaj — wybierz organizację pozarządową albo grupę nieformalną."
                    .to_owned()
            }
            OrganisationProblem::KrsRequired => {
                "Organizacja pozarządowa musi podać numer KRS.".to_owned()
            }
            OrganisationProblem::KrsForInformalGroup => {
                "Grupa nieformalna nie ma numeru KRS. Jeśli jesteście wpisani do KRS, \
                 wybierz rodzaj „organizacja pozarządowa”."
                    .to_owned()
            }
            OrganisationProblem::TooFewAdults { given, required } => {
                let adults = polish_plural(
                    *required as u64,
                    "pełnoletnią osobę",
                    "pełnoletnie osoby",
                    "pełnoletnich osób",
                );
                let given = match given {
                    0 => "nie podano żadnej".to_owned(),
                    n => format!("podano {n}"),
                };
                format!("Grupa nieformalna musi mieć co najmniej {required} {adults} — {given}.")
            }
        }
    }
}

/// `Some(trimmed)` for a value that is given and not blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks an organisation or group and reports every problem at once, each under its
/// field: `kind`, `name`, `krs`, `nip`, `regon`, `members` and `members[i].name`.
///
/// - An NGO must give a KRS number; its `members` are ignored.
/// - An informal group gives no KRS number and lists at least three adults; every
///   member needs a name. The first adult member is the group's leader.
/// - NIP and REGON are optional for both; a blank value counts as not given.
pub fn validate_organisation(d: &OrganisationDraft) -> Result<ValidOrganisation, Vec<FieldError>> {
    let mut errors = Vec::new();

    let kind = match given(&d.kind) {
        None => {
            errors.push(FieldError::new("kind", &OrganisationProblem::KindMissing));
            None
        }
        Some(code) => {
            let kind = OrganisationKind::parse(code);
            if kind.is_none() {
                errors.push(FieldError::new("kind", &OrganisationProblem::KindUnknown));
            }
            kind
        }
    };

    let name = required_text(d.name.as_deref().unwrap_or(""), ORGANISATION_NAME_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("name", &e)))
        .ok();

    let krs = match (given(&d.krs), kind) {
        (None, Some(OrganisationKind::Ngo)) => {
            errors.push(FieldError::new("krs", &OrganisationProblem::KrsRequired));
            None
        }
        (Some(_), Some(OrganisationKind::InformalGroup)) => {
            errors.push(FieldError::new(
                "krs",
                &OrganisationProblem::KrsForInformalGroup,
            ));
            None
        }
        (None, _) => None,
        (Some(s), _) => Krs::parse(s)
            .map_err(|e| errors.push(FieldError::new("krs", &e)))
            .ok(),
    };
    let nip = given(&d.nip).and_then(|s| {
        Nip::parse(s)
            .map_err(|e| errors.push(FieldError::new("nip", &e)))
            .ok()
    });
    let regon = given(&d.regon).and_then(|s| {
        Regon::parse(s)
            .map_err(|e| errors.push(FieldError::new("regon", &e)))
            .ok()
    });

    let members = match kind {
        Some(OrganisationKind::InformalGroup) => check_members(&d.members, &mut errors),
        _ => Vec::new(),
    };

    match (kind, name) {
        (Some(kind), Some(name)) if errors.is_empty() => Ok(ValidOrganisation {
            kind,
            name,
            krs,
            nip,
            regon,
            members,
        }),
        _ => Err(errors),
    }
}

/// Checks the members of an informal group: every name, and enough adults.
fn check_members(drafts: &[MemberDraft], errors: &mut Vec<FieldError>) -> Vec<Member> {
    let mut members = Vec::with_capacity(drafts.len());
    for (i, draft) in drafts.iter().enumerate() {
        match PersonName::parse(&draft.name) {
            Ok(name) => members.push(Member {
                name,
                adult: draft.adult,
            }),
            Err(e) => errors.push(FieldError::new(format!("members[{i}].name"), &e)),
        }
    }
    let adults = drafts.iter().filter(|m| m.adult).count();
    if adults < MIN_ADULT_MEMBERS {
        errors.push(FieldError::new(
            "members",
            &OrganisationProblem::TooFewAdults {
                given: adults,
                required: MIN_ADULT_MEMBERS,
            },
        ));
    }
    members
}

#[cfg(test)]
mod tests;
