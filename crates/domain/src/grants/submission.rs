//! What an application must satisfy when it is submitted (drafts may be incomplete).

use jiff::civil::Date;

use crate::money::Grosze;
use crate::organisations::{MIN_ADULT_MEMBERS, OrganisationKind};
use crate::validation::FieldError;

/// A line of the application's budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetLine {
    pub name: String,
    pub amount: Option<Grosze>,
}

/// The parts of an application the submission rules look at.
#[derive(Clone, Debug, Default)]
pub struct ApplicationDraft {
    pub title: String,
    pub summary: String,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub requested_amount: Option<Grosze>,
    pub budget_lines: Vec<BudgetLine>,
}

/// The call's rules and the applicant's facts that submission is checked against.
#[derive(Clone, Debug)]
pub struct SubmissionRules {
    pub min_grant: Grosze,
    pub max_grant: Grosze,
    pub applicant_kinds: Vec<OrganisationKind>,
    pub applicant_kind: OrganisationKind,
    /// Adult members of the applying group (only checked for informal groups).
    pub adult_members: usize,
}

/// Every reason the draft cannot be submitted (empty when it can).
pub fn check_submission(d: &ApplicationDraft, r: &SubmissionRules) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if d.title.trim().is_empty() {
        errors.push(FieldError::with_messages(
            "title",
            "Podaj tytuł inicjatywy.",
            "Give the initiative's title.",
        ));
    }
    if d.summary.trim().is_empty() {
        errors.push(FieldError::with_messages(
            "summary",
            "Opisz krótko, co chcecie zrobić.",
            "Describe briefly what you want to do.",
        ));
    }
    match (d.start_date, d.end_date) {
        (None, _) => errors.push(FieldError::with_messages(
            "start_date",
            "Podaj datę rozpoczęcia.",
            "Give the start date.",
        )),
        (_, None) => errors.push(FieldError::with_messages(
            "end_date",
            "Podaj datę zakończenia.",
            "Give the end date.",
        )),
        (Some(s), Some(e)) if e < s => errors.push(FieldError::with_messages(
            "end_date",
            "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia.",
            "The end date cannot be before the start date.",
        )),
        _ => {}
    }
    match d.requested_amount {
        None => errors.push(FieldError::with_messages(
            "requested_amount",
            "Podaj wnioskowaną kwotę.",
            "Give the requested amount.",
        )),
        Some(a) if a < r.min_grant || a > r.max_grant => errors.push(FieldError::with_messages(
            "requested_amount",
            format!(
                "Wnioskowana kwota musi mieścić się w przedziale od {} do {}.",
                r.min_grant.to_polish(),
                r.max_grant.to_polish()
            ),
            format!(
                "The requested amount must be between {} and {}.",
                r.min_grant.to_polish(),
                r.max_grant.to_polish()
            ),
        )),
        _ => {}
    }
    if d.budget_lines.is_empty() {
        errors.push(FieldError::with_messages(
            "budget_lines",
            "Dodaj co najmniej jedną pozycję budżetu.",
            "Add at least one budget line.",
        ));
    }
    let mut sum = Some(Grosze::ZERO);
    for (i, line) in d.budget_lines.iter().enumerate() {
        if line.name.trim().is_empty() {
            errors.push(FieldError::with_messages(
                format!("budget_lines[{i}].name"),
                "Nazwij pozycję budżetu.",
                "Name the budget line.",
            ));
        }
        match line.amount {
            Some(a) => sum = sum.and_then(|s| s.checked_add(a)),
            None => errors.push(FieldError::with_messages(
                format!("budget_lines[{i}].amount"),
                "Podaj kwotę pozycji budżetu.",
                "Give the budget line's amount.",
            )),
        }
    }
    if let (Some(sum), Some(requested)) = (sum, d.requested_amount)
        && !d.budget_lines.is_empty()
        && sum != requested
    {
        errors.push(FieldError::with_messages(
            "budget_lines",
            format!(
                "Pozycje budżetu sumują się do {}, a wnioskowana kwota to {}. Kwoty muszą być równe.",
                sum.to_polish(),
                requested.to_polish()
            ),
            format!(
                "The budget lines add up to {} but the requested amount is {}. They must be equal.",
                sum.to_polish(),
                requested.to_polish()
            ),
        ));
    }
    if !r.applicant_kinds.contains(&r.applicant_kind) {
        errors.push(FieldError::with_messages(
            "organisation_id",
            format!(
                "W tym naborze wniosków nie może składać {}.",
                match r.applicant_kind {
                    OrganisationKind::Ngo => "organizacja pozarządowa",
                    OrganisationKind::InformalGroup => "grupa nieformalna",
                }
            ),
            format!(
                "An applicant of this kind ({}) may not apply in this call.",
                r.applicant_kind.as_str()
            ),
        ));
    }
    if r.applicant_kind == OrganisationKind::InformalGroup && r.adult_members < MIN_ADULT_MEMBERS {
        errors.push(FieldError::with_messages(
            "organisation_id",
            format!(
                "Grupa nieformalna musi mieć co najmniej {MIN_ADULT_MEMBERS} pełnoletnie osoby (ma {}).",
                r.adult_members
            ),
            format!(
                "An informal group needs at least {MIN_ADULT_MEMBERS} adult members (it has {}).",
                r.adult_members
            ),
        ));
    }
    errors
}

/// The final report is due 30 days after the end of the initiative.
pub fn report_due(end: Date) -> Date {
    end.checked_add(jiff::Span::new().days(30)).unwrap_or(end)
}

/// Unspent money is returned within 15 days after the end of the initiative.
pub fn return_due(end: Date) -> Date {
    end.checked_add(jiff::Span::new().days(15)).unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn zl(z: i64) -> Option<Grosze> {
        Grosze::from_zloty(z)
    }

    fn rules() -> SubmissionRules {
        SubmissionRules {
            min_grant: Grosze::from_zloty(500).unwrap(),
            max_grant: Grosze::from_zloty(5000).unwrap(),
            applicant_kinds: vec![OrganisationKind::Ngo, OrganisationKind::InformalGroup],
            applicant_kind: OrganisationKind::InformalGroup,
            adult_members: 3,
        }
    }

    fn draft() -> ApplicationDraft {
        ApplicationDraft {
            title: "Piknik sąsiedzki".into(),
            summary: "Wspólne sprzątanie i piknik".into(),
            start_date: Some(date(2027, 5, 1)),
            end_date: Some(date(2027, 6, 30)),
            requested_amount: zl(3000),
            budget_lines: vec![
                BudgetLine {
                    name: "Materiały".into(),
                    amount: zl(1000),
                },
                BudgetLine {
                    name: "Catering".into(),
                    amount: zl(2000),
                },
            ],
        }
    }

    #[test]
    fn a_complete_draft_passes() {
        assert!(check_submission(&draft(), &rules()).is_empty());
    }

    #[test]
    fn bounds_of_the_amount_are_inclusive() {
        let mut d = draft();
        for (amount, ok) in [
            (49_999, false),
            (50_000, true),
            (500_000, true),
            (500_001, false),
        ] {
            d.requested_amount = Grosze::from_grosze(amount);
            d.budget_lines = vec![BudgetLine {
                name: "Całość".into(),
                amount: Grosze::from_grosze(amount),
            }];
            assert_eq!(check_submission(&d, &rules()).is_empty(), ok, "{amount}");
        }
    }

    #[test]
    fn lines_must_sum_to_the_request_end_not_before_start_and_kind_allowed() {
        let mut d = draft();
        d.budget_lines[1].amount = zl(1999);
        d.end_date = Some(date(2027, 4, 30));
        let mut r = rules();
        r.applicant_kinds = vec![OrganisationKind::Ngo];
        r.adult_members = 2;
        let fields: Vec<String> = check_submission(&d, &r)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![
                "end_date",
                "budget_lines",
                "organisation_id",
                "organisation_id"
            ]
        );
    }

    #[test]
    fn deadlines_after_the_end() {
        assert_eq!(report_due(date(2027, 6, 30)), date(2027, 7, 30));
        assert_eq!(return_due(date(2027, 6, 30)), date(2027, 7, 15));
    }
}
