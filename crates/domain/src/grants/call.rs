//! A call (nabór) for microgrant applications: its window, limits and criteria.

use jiff::Timestamp;

use crate::money::Grosze;
use crate::organisations::OrganisationKind;
use crate::validation::{FieldError, required_text};

/// Where a call is in its life, as the public sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallPhase {
    /// Published, but applications cannot be submitted yet.
    Upcoming,
    /// Applications can be submitted: `opens_at <= now < closes_at`.
    Open,
    /// The deadline has passed; evaluation is under way.
    Closed,
    /// Results are published.
    Results,
}

impl CallPhase {
    /// Code used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            CallPhase::Upcoming => "upcoming",
            CallPhase::Open => "open",
            CallPhase::Closed => "closed",
            CallPhase::Results => "results",
        }
    }
}

/// The phase at `now`. The closing instant itself is already closed.
pub fn phase(
    now: Timestamp,
    opens_at: Timestamp,
    closes_at: Timestamp,
    results_published: bool,
) -> CallPhase {
    if results_published {
        CallPhase::Results
    } else if now < opens_at {
        CallPhase::Upcoming
    } else if now < closes_at {
        CallPhase::Open
    } else {
        CallPhase::Closed
    }
}

/// A criterion as entered.
#[derive(Clone, Debug, Default)]
pub struct CriterionInput {
    pub name: String,
    pub max_points: Option<i64>,
}

/// A call as entered (already parsed from JSON or a form; amounts and instants may be missing).
#[derive(Clone, Debug, Default)]
pub struct CallInput {
    pub title: String,
    pub rules: String,
    pub opens_at: Option<Timestamp>,
    pub closes_at: Option<Timestamp>,
    pub min_grant: Option<Grosze>,
    pub max_grant: Option<Grosze>,
    pub budget: Option<Grosze>,
    pub applicant_kinds: Vec<String>,
    pub criteria: Vec<CriterionInput>,
    pub min_evaluators: Option<i64>,
    pub min_average_percent: Option<i64>,
}

/// A valid criterion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCriterion {
    pub name: String,
    pub max_points: u32,
}

/// A call whose every rule holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidCall {
    pub title: String,
    pub rules: String,
    pub opens_at: Timestamp,
    pub closes_at: Timestamp,
    pub min_grant: Grosze,
    pub max_grant: Grosze,
    pub budget: Grosze,
    pub applicant_kinds: Vec<OrganisationKind>,
    pub criteria: Vec<ValidCriterion>,
    pub min_evaluators: u32,
    pub min_average_percent: u32,
}

impl ValidCall {
    /// The highest total a score sheet can reach.
    pub fn max_total(&self) -> u32 {
        self.criteria.iter().map(|c| c.max_points).sum()
    }
}

fn required(field: &str) -> FieldError {
    FieldError::with_messages(field, "To pole jest wymagane.", "This field is required.")
}

/// Checks a call; `programme_left` is what the programme's budget still has for new calls.
pub fn validate_call(
    input: &CallInput,
    programme_left: Grosze,
) -> Result<ValidCall, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = required_text(&input.title, 300)
        .map_err(|e| errors.push(FieldError::new("title", &e)))
        .ok();
    let rules = input.rules.trim().to_string();
    if rules.chars().count() > 50_000 {
        errors.push(FieldError::with_messages(
            "rules",
            "Regulamin może mieć najwyżej 50 000 znaków.",
            "The rules may have at most 50,000 characters.",
        ));
    }
    if input.opens_at.is_none() {
        errors.push(required("opens_at"));
    }
    if input.closes_at.is_none() {
        errors.push(required("closes_at"));
    }
    if let (Some(o), Some(c)) = (input.opens_at, input.closes_at)
        && c <= o
    {
        errors.push(FieldError::with_messages(
            "closes_at",
            "Termin zamknięcia naboru musi być późniejszy niż jego otwarcie.",
            "The call must close after it opens.",
        ));
    }
    for (field, v) in [
        ("min_grant", input.min_grant),
        ("max_grant", input.max_grant),
        ("budget", input.budget),
    ] {
        match v {
            None => errors.push(required(field)),
            Some(g) if g == Grosze::ZERO => errors.push(FieldError::with_messages(
                field,
                "Kwota musi być większa od zera.",
                "The amount must be greater than zero.",
            )),
            _ => {}
        }
    }
    if let (Some(min), Some(max)) = (input.min_grant, input.max_grant)
        && min > max
    {
        errors.push(FieldError::with_messages(
            "max_grant",
            "Maksymalna kwota dotacji nie może być mniejsza niż minimalna.",
            "The maximum grant cannot be lower than the minimum grant.",
        ));
    }
    if let (Some(max), Some(budget)) = (input.max_grant, input.budget)
        && max > budget
    {
        errors.push(FieldError::with_messages(
            "max_grant",
            "Maksymalna kwota dotacji nie może przekraczać budżetu naboru.",
            "The maximum grant cannot exceed the call's budget.",
        ));
    }
    if let Some(budget) = input.budget
        && budget > programme_left
    {
        errors.push(FieldError::with_messages(
            "budget",
            format!(
                "Budżet naboru przekracza to, co zostało w programie ({}).",
                programme_left.to_polish()
            ),
            format!(
                "The call's budget exceeds what the programme has left ({}).",
                programme_left.to_polish()
            ),
        ));
    }
    let mut kinds = Vec::new();
    for k in &input.applicant_kinds {
        match OrganisationKind::parse(k) {
            Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
            Some(_) => {}
            None => errors.push(FieldError::with_messages(
                "applicant_kinds",
                "Dozwolone rodzaje wnioskodawców to „ngo” i „informal_group”.",
                "Allowed applicant kinds are \"ngo\" and \"informal_group\".",
            )),
        }
    }
    if input.applicant_kinds.is_empty() {
        errors.push(FieldError::with_messages(
            "applicant_kinds",
            "Wybierz, kto może składać wnioski.",
            "Choose who may apply.",
        ));
    }
    let mut criteria = Vec::new();
    if input.criteria.is_empty() {
        errors.push(FieldError::with_messages(
            "criteria",
            "Podaj co najmniej jedno kryterium oceny.",
            "Give at least one scoring criterion.",
        ));
    }
    for (i, c) in input.criteria.iter().enumerate() {
        let name = required_text(&c.name, 300)
            .map_err(|e| errors.push(FieldError::new(format!("criteria[{i}].name"), &e)))
            .ok();
        let max = match c.max_points {
            Some(p) if (1..=100).contains(&p) => Some(p as u32),
            _ => {
                errors.push(FieldError::with_messages(
                    format!("criteria[{i}].max_points"),
                    "Maksymalna liczba punktów to liczba całkowita od 1 do 100.",
                    "Maximum points must be a whole number from 1 to 100.",
                ));
                None
            }
        };
        if let (Some(name), Some(max_points)) = (name, max) {
            criteria.push(ValidCriterion { name, max_points });
        }
    }
    let min_evaluators = match input.min_evaluators {
        Some(n) if (1..=20).contains(&n) => n as u32,
        _ => {
            errors.push(FieldError::with_messages(
                "min_evaluators",
                "Minimalna liczba oceniających to liczba od 1 do 20.",
                "The minimum number of evaluators is a number from 1 to 20.",
            ));
            0
        }
    };
    let min_average_percent = match input.min_average_percent {
        Some(n) if (0..=100).contains(&n) => n as u32,
        _ => {
            errors.push(FieldError::with_messages(
                "min_average_percent",
                "Próg punktowy to procent od 0 do 100.",
                "The score threshold is a percentage from 0 to 100.",
            ));
            0
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    match (
        title,
        input.opens_at,
        input.closes_at,
        input.min_grant,
        input.max_grant,
        input.budget,
    ) {
        (
            Some(title),
            Some(opens_at),
            Some(closes_at),
            Some(min_grant),
            Some(max_grant),
            Some(budget),
        ) => Ok(ValidCall {
            title,
            rules,
            opens_at,
            closes_at,
            min_grant,
            max_grant,
            budget,
            applicant_kinds: kinds,
            criteria,
            min_evaluators,
            min_average_percent,
        }),
        _ => Err(vec![required("title")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zl(z: i64) -> Option<Grosze> {
        Grosze::from_zloty(z)
    }

    fn input() -> CallInput {
        CallInput {
            title: "Mikrogranty 2027 — runda wiosenna".into(),
            rules: "Regulamin".into(),
            opens_at: Some("2027-03-01T08:00:00+01:00".parse().unwrap()),
            closes_at: Some("2027-03-31T23:59:59+02:00".parse().unwrap()),
            min_grant: zl(500),
            max_grant: zl(5000),
            budget: zl(50_000),
            applicant_kinds: vec!["ngo".into(), "informal_group".into()],
            criteria: vec![
                CriterionInput {
                    name: "Potrzeba lokalna".into(),
                    max_points: Some(10),
                },
                CriterionInput {
                    name: "Zaangażowanie mieszkańców".into(),
                    max_points: Some(10),
                },
            ],
            min_evaluators: Some(2),
            min_average_percent: Some(60),
        }
    }

    #[test]
    fn a_good_call_is_valid_and_knows_its_max_total() {
        let c = validate_call(&input(), Grosze::from_zloty(100_000).unwrap()).unwrap();
        assert_eq!(c.max_total(), 20);
        assert_eq!(c.applicant_kinds.len(), 2);
    }

    #[test]
    fn the_budget_cannot_exceed_what_the_programme_has_left() {
        let e = validate_call(&input(), Grosze::from_zloty(49_999).unwrap()).unwrap_err();
        assert_eq!(e[0].field, "budget");
        assert!(e[0].message_pl.contains("49"));
    }

    #[test]
    fn every_problem_is_reported() {
        let mut i = input();
        i.title = " ".into();
        i.closes_at = i.opens_at;
        i.min_grant = zl(6000);
        i.applicant_kinds = vec!["company".into()];
        i.criteria[1].max_points = Some(0);
        i.min_evaluators = Some(0);
        i.min_average_percent = Some(101);
        let fields: Vec<String> = validate_call(&i, Grosze::from_zloty(100_000).unwrap())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        for f in [
            "title",
            "closes_at",
            "max_grant",
            "applicant_kinds",
            "criteria[1].max_points",
            "min_evaluators",
            "min_average_percent",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn phases_follow_the_window_and_the_closing_instant_is_closed() {
        let o: Timestamp = "2027-03-01T07:00:00Z".parse().unwrap();
        let c: Timestamp = "2027-03-31T21:59:59Z".parse().unwrap();
        assert_eq!(
            phase("2027-02-28T00:00:00Z".parse().unwrap(), o, c, false),
            CallPhase::Upcoming
        );
        assert_eq!(phase(o, o, c, false), CallPhase::Open);
        assert_eq!(phase(c, o, c, false), CallPhase::Closed);
        assert_eq!(phase(c, o, c, true), CallPhase::Results);
    }
}
