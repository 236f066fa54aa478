//! Small grants outside a competition (małe granty, art. 19a of the Act on public benefit
//! activity and volunteering): an NGO submits a simplified offer; the municipality may fund a
//! local task without an open competition, within strict limits:
//!
//! - at most [`MAX_AMOUNT`] (10 000,00 zł) per grant: 10 000,00 zł is allowed, 10 000,01 zł refused;
//! - a task of at most [`MAX_TASK_DAYS`] (90) days, counted by [`task_days`]: **both the first
//!   and the last day of the task count**, so a task from 1 January to 31 March 2027 lasts
//!   90 days and is allowed, one ending on 1 April lasts 91 days and is refused;
//! - at most [`MAX_PER_ORGANISATION_YEAR`] (20 000,00 zł) to one organisation from the same
//!   municipality in one calendar year;
//! - all small grants of a year at most [`POOL_MAX_PERCENT`] (20 %) of the grants the
//!   municipality plans for NGO tasks that year (the municipality sets its pool within that).
//!
//! Limits that depend on other offers (per organisation, the pool) count every offer of the
//! year that is not refused — submitted, published or granted — so that offers waiting for a
//! decision cannot together overshoot. An offer belongs to the calendar year in which its
//! task starts.
//!
//! The clock ([`Schedule`]): the offer is published no later than [`PUBLISH_WITHIN_WORKING_DAYS`]
//! working days after the day it arrived (the day of arrival is not counted, as in Polish
//! procedure; the working-day calendar is [`crate::calendar`]); it stays open to comments for
//! [`COMMENT_DAYS`] **calendar** days after the day of publication (the day of publication is
//! not counted either; comments are accepted from the moment of publication to the end of the
//! seventh day after it, Warsaw time); the decision comes from the day after that.
//! The Act says "within 7 working days, for 7 days": it names working days for the first
//! period only, so the second is read as calendar days.

use jiff::civil::Date;

use crate::calendar::{CalendarError, add_calendar_days, add_working_days};
use crate::lang::{Lang, Localized};
use crate::lines::check_lines;
use crate::money::Grosze;
use crate::purchases::{MoneyInput, read_amount, read_date};
use crate::validation::{FieldError, TextProblem, optional_text, required_text};

/// The largest small grant: 10 000,00 zł.
pub const MAX_AMOUNT: Grosze = Grosze::from_const(1_000_000);
/// The longest task, in days (first and last day included).
pub const MAX_TASK_DAYS: i64 = 90;
/// The most one organisation may receive in small grants from one municipality in a calendar year.
pub const MAX_PER_ORGANISATION_YEAR: Grosze = Grosze::from_const(2_000_000);
/// The pool of small grants may be at most this share (per cent) of the planned NGO grants.
pub const POOL_MAX_PERCENT: i64 = 20;
/// The offer is published within this many working days of arrival.
pub const PUBLISH_WITHIN_WORKING_DAYS: u32 = 7;
/// The offer stays open to comments for this many calendar days after publication.
pub const COMMENT_DAYS: u32 = 7;

/// The longest title of a task.
pub const TITLE_MAX_CHARS: usize = 300;
/// The longest description of a task.
pub const DESCRIPTION_MAX_CHARS: usize = 10_000;
/// How many budget lines an offer may have.
pub const MAX_BUDGET_LINES: usize = 30;
/// How many expected results an offer may list.
pub const MAX_RESULTS: usize = 30;
/// The longest result line, budget line name or place.
pub const LINE_MAX_CHARS: usize = 300;
/// The longest comment or reason.
pub const COMMENT_MAX_CHARS: usize = 4000;

/// How many days a task from `start` to `end` lasts: both days count, so a one-day task
/// lasts 1 day. Zero or negative when `end` is before `start`.
pub fn task_days(start: Date, end: Date) -> i64 {
    start.duration_until(end).as_secs() / 86_400 + 1
}

/// The most a municipality may put in its small-grant pool: 20 % of the planned NGO grants,
/// rounded down to the grosz.
pub fn max_pool(planned_ngo_grants: Grosze) -> Grosze {
    let max = i128::from(planned_ngo_grants.as_grosze()) * i128::from(POOL_MAX_PERCENT) / 100;
    Grosze::from_grosze(i64::try_from(max).unwrap_or(i64::MAX)).unwrap_or(Grosze::ZERO)
}

/// Why an offer or a pool was refused at one of the limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitProblem {
    /// The amount is above 10 000,00 zł.
    AmountTooHigh {
        /// The amount asked for.
        amount: Grosze,
    },
    /// The amount is zero.
    AmountZero,
    /// The task lasts more than 90 days.
    TooLong {
        /// How many days it lasts.
        days: i64,
    },
    /// The end is before the start.
    EndBeforeStart,
    /// The organisation would get more than 20 000,00 zł from the municipality in the year.
    OrganisationYear {
        /// The calendar year.
        year: i16,
        /// What it already has or asked for (not refused).
        already: Grosze,
        /// This offer's amount.
        amount: Grosze,
    },
    /// The municipality has not set its pool for the year.
    NoPool {
        /// The calendar year.
        year: i16,
    },
    /// The offer does not fit in what is left of the pool.
    PoolExceeded {
        /// The calendar year.
        year: i16,
        /// The pool.
        pool: Grosze,
        /// Offers not refused so far.
        committed: Grosze,
        /// This offer's amount.
        amount: Grosze,
    },
    /// The pool is above 20 % of the planned NGO grants.
    PoolAboveShare {
        /// The planned grants for NGO tasks.
        planned: Grosze,
        /// The pool asked for.
        pool: Grosze,
    },
    /// The pool would be below what offers already take from it.
    PoolBelowCommitted {
        /// The pool asked for.
        pool: Grosze,
        /// Offers not refused so far.
        committed: Grosze,
    },
}

impl Localized for LimitProblem {
    fn message(&self, lang: Lang) -> String {
        let pl = lang == Lang::Pl;
        let max = MAX_AMOUNT.to_polish();
        let org_max = MAX_PER_ORGANISATION_YEAR.to_polish();
        match self {
            LimitProblem::AmountTooHigh { amount } => {
                let amount = amount.to_polish();
                if pl {
                    format!(
                        "Mały grant może wynieść najwyżej {max} (art. 19a ustawy o działalności pożytku publicznego i o wolontariacie); podano {amount}."
                    )
                } else {
                    format!(
                        "A small grant can be at most {max} (art. 19a of the Act on public benefit activity and volunteering); {amount} was given."
                    )
                }
            }
            LimitProblem::AmountZero => if pl {
                "Kwota małego grantu musi być większa od zera."
            } else {
                "The amount of a small grant must be more than zero."
            }
            .to_owned(),
            LimitProblem::TooLong { days } => {
                if pl {
                    format!(
                        "Zadanie może trwać najwyżej {MAX_TASK_DAYS} dni (liczą się dzień rozpoczęcia i dzień zakończenia); podane daty to {days} dni."
                    )
                } else {
                    format!(
                        "The task can last at most {MAX_TASK_DAYS} days (the first and the last day both count); the dates given make {days} days."
                    )
                }
            }
            LimitProblem::EndBeforeStart => if pl {
                "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia."
            } else {
                "The end date cannot be before the start date."
            }
            .to_owned(),
            LimitProblem::OrganisationYear {
                year,
                already,
                amount,
            } => {
                let after = already.checked_add(*amount).unwrap_or(*already).to_polish();
                let (already, amount) = (already.to_polish(), amount.to_polish());
                if pl {
                    format!(
                        "Organizacja ma już w roku {year} małe granty od tej gminy (przyznane lub czekające na decyzję) na {already}; z tą ofertą ({amount}) byłoby to {after}, a jedna organizacja może otrzymać najwyżej {org_max} w roku kalendarzowym."
                    )
                } else {
                    format!(
                        "In {year} the organisation already has small grants from this municipality (granted or awaiting a decision) of {already}; with this offer ({amount}) it would be {after}, and one organisation can receive at most {org_max} in a calendar year."
                    )
                }
            }
            LimitProblem::NoPool { year } => {
                if pl {
                    format!(
                        "Gmina nie ustaliła jeszcze puli małych grantów na rok {year}, więc nie może przyjmować ofert."
                    )
                } else {
                    format!(
                        "The municipality has not set its small-grant pool for {year} yet, so it cannot accept offers."
                    )
                }
            }
            LimitProblem::PoolExceeded {
                year,
                pool,
                committed,
                amount,
            } => {
                let left = pool.saturating_sub(*committed).to_polish();
                let (pool, committed, amount) =
                    (pool.to_polish(), committed.to_polish(), amount.to_polish());
                if pl {
                    format!(
                        "Pula małych grantów gminy na rok {year} to {pool}; oferty przyznane lub czekające na decyzję zajmują {committed}, zostało {left} — za mało na {amount}."
                    )
                } else {
                    format!(
                        "The municipality's small-grant pool for {year} is {pool}; offers granted or awaiting a decision take {committed}, {left} is left — not enough for {amount}."
                    )
                }
            }
            LimitProblem::PoolAboveShare { planned, pool } => {
                let most = max_pool(*planned).to_polish();
                let (planned, pool) = (planned.to_polish(), pool.to_polish());
                if pl {
                    format!(
                        "Pula małych grantów ({pool}) nie może przekroczyć {POOL_MAX_PERCENT}% dotacji planowanych na zadania organizacji pozarządowych ({planned}), czyli {most}."
                    )
                } else {
                    format!(
                        "The small-grant pool ({pool}) cannot exceed {POOL_MAX_PERCENT}% of the grants planned for NGO tasks ({planned}), that is {most}."
                    )
                }
            }
            LimitProblem::PoolBelowCommitted { pool, committed } => {
                let (pool, committed) = (pool.to_polish(), committed.to_polish());
                if pl {
                    format!(
                        "Pula ({pool}) nie może być mniejsza niż kwota ofert przyznanych lub czekających na decyzję ({committed})."
                    )
                } else {
                    format!(
                        "The pool ({pool}) cannot be less than the offers granted or awaiting a decision ({committed})."
                    )
                }
            }
        }
    }
}

/// Checks the amount of one grant: more than zero and at most 10 000,00 zł.
pub fn check_amount(amount: Grosze) -> Result<(), LimitProblem> {
    if amount == Grosze::ZERO {
        Err(LimitProblem::AmountZero)
    } else if amount > MAX_AMOUNT {
        Err(LimitProblem::AmountTooHigh { amount })
    } else {
        Ok(())
    }
}

/// Checks the task's dates: the end not before the start, at most 90 days with both counted.
pub fn check_duration(start: Date, end: Date) -> Result<(), LimitProblem> {
    let days = task_days(start, end);
    if days < 1 {
        Err(LimitProblem::EndBeforeStart)
    } else if days > MAX_TASK_DAYS {
        Err(LimitProblem::TooLong { days })
    } else {
        Ok(())
    }
}

/// Checks the organisation's yearly limit: `already` (offers of the year not refused) plus
/// `amount` may be at most 20 000,00 zł.
pub fn check_organisation_year(
    year: i16,
    already: Grosze,
    amount: Grosze,
) -> Result<(), LimitProblem> {
    match already.checked_add(amount) {
        Some(total) if total <= MAX_PER_ORGANISATION_YEAR => Ok(()),
        _ => Err(LimitProblem::OrganisationYear {
            year,
            already,
            amount,
        }),
    }
}

/// Checks that an offer fits in the pool: `committed` (offers of the year not refused) plus
/// `amount` may be at most the pool; without a pool nothing fits.
pub fn check_pool(
    year: i16,
    pool: Option<Grosze>,
    committed: Grosze,
    amount: Grosze,
) -> Result<(), LimitProblem> {
    let Some(pool) = pool else {
        return Err(LimitProblem::NoPool { year });
    };
    match committed.checked_add(amount) {
        Some(total) if total <= pool => Ok(()),
        _ => Err(LimitProblem::PoolExceeded {
            year,
            pool,
            committed,
            amount,
        }),
    }
}

/// Checks a pool setting: at most 20 % of the planned NGO grants, and not below what offers
/// already take from it.
pub fn check_pool_setting(
    planned: Grosze,
    pool: Grosze,
    committed: Grosze,
) -> Result<(), LimitProblem> {
    if pool > max_pool(planned) {
        Err(LimitProblem::PoolAboveShare { planned, pool })
    } else if pool < committed {
        Err(LimitProblem::PoolBelowCommitted { pool, committed })
    } else {
        Ok(())
    }
}

/// The statutory dates of one offer, all computed with the one working-day calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The day the offer arrived (Warsaw date of receipt).
    pub received_on: Date,
    /// The last day on which it may be published: 7 working days after arrival.
    pub publish_by: Date,
    /// The day it was published, once it is.
    pub published_on: Option<Date>,
    /// The last day of the comment period: 7 calendar days after publication.
    pub comments_until: Option<Date>,
    /// The first day on which the officer may decide.
    pub decision_from: Option<Date>,
}

impl Schedule {
    /// The schedule of an offer that arrived on `received_on` and was published on
    /// `published_on` (if it was).
    pub fn new(received_on: Date, published_on: Option<Date>) -> Result<Schedule, CalendarError> {
        let publish_by = add_working_days(received_on, PUBLISH_WITHIN_WORKING_DAYS)?;
        let comments_until = published_on
            .map(|p| add_calendar_days(p, COMMENT_DAYS))
            .transpose()?;
        let decision_from = comments_until
            .map(|c| add_calendar_days(c, 1))
            .transpose()?;
        Ok(Schedule {
            received_on,
            publish_by,
            published_on,
            comments_until,
            decision_from,
        })
    }

    /// Whether the offer may still be published on `today`.
    pub fn may_publish_on(&self, today: Date) -> bool {
        self.published_on.is_none() && today >= self.received_on && today <= self.publish_by
    }

    /// Whether comments are accepted on `today`.
    pub fn comments_open_on(&self, today: Date) -> bool {
        match (self.published_on, self.comments_until) {
            (Some(p), Some(until)) => today >= p && today <= until,
            _ => false,
        }
    }

    /// Whether the officer may decide on `today` (after the comment period).
    pub fn may_decide_on(&self, today: Date) -> bool {
        self.decision_from.is_some_and(|d| today >= d)
    }
}

/// Where an offer stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OfferStatus {
    /// Arrived; the officer has not published it yet.
    Submitted,
    /// Found worthwhile and published; open to comments, then waiting for the decision.
    Published,
    /// Granted: the agreement can be generated.
    Granted,
    /// Refused (before publication, or after the comment period) with a reason.
    Refused,
}

impl OfferStatus {
    /// Every status.
    pub const ALL: [OfferStatus; 4] = [
        OfferStatus::Submitted,
        OfferStatus::Published,
        OfferStatus::Granted,
        OfferStatus::Refused,
    ];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            OfferStatus::Submitted => "submitted",
            OfferStatus::Published => "published",
            OfferStatus::Granted => "granted",
            OfferStatus::Refused => "refused",
        }
    }

    /// Reads a code from [`OfferStatus::as_str`].
    pub fn parse(s: &str) -> Option<OfferStatus> {
        OfferStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The status in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OfferStatus::Submitted, Lang::Pl) => "złożona — czeka na ocenę celowości i publikację",
            (OfferStatus::Submitted, Lang::En) => {
                "submitted — waiting for assessment and publication"
            }
            (OfferStatus::Published, Lang::Pl) => "opublikowana — uwagi, potem decyzja",
            (OfferStatus::Published, Lang::En) => "published — comments, then the decision",
            (OfferStatus::Granted, Lang::Pl) => "grant przyznany",
            (OfferStatus::Granted, Lang::En) => "grant awarded",
            (OfferStatus::Refused, Lang::Pl) => "odmowa",
            (OfferStatus::Refused, Lang::En) => "refused",
        }
    }

    /// Whether the offer counts against the limits (everything but a refusal).
    pub fn counts_against_limits(self) -> bool {
        self != OfferStatus::Refused
    }

    /// Whether the public may see the offer (it has been published).
    pub fn is_public(self, was_published: bool) -> bool {
        match self {
            OfferStatus::Published | OfferStatus::Granted => true,
            OfferStatus::Refused => was_published,
            OfferStatus::Submitted => false,
        }
    }
}

/// A budget line as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BudgetLineDraft {
    /// What the money is for.
    pub name: String,
    /// How much.
    pub amount: String,
}

/// A checked budget line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BudgetLine {
    /// What the money is for.
    pub name: String,
    /// How much.
    pub amount: Grosze,
}

/// A simplified offer as typed, before checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferDraft {
    /// The task's title.
    pub title: String,
    /// What will be done, for whom, where.
    pub description: String,
    /// First day of the task (`YYYY-MM-DD`).
    pub start_date: String,
    /// Last day of the task.
    pub end_date: String,
    /// The amount asked for.
    pub amount: String,
    /// The budget; blank lines (no name, no amount) are ignored.
    pub budget_lines: Vec<BudgetLineDraft>,
    /// Expected results, one per item.
    pub expected_results: Vec<String>,
}

/// An offer that passed [`validate_offer`]: within the per-grant limits. The limits that
/// depend on other offers are checked when it is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOffer {
    /// The task's title.
    pub title: String,
    /// The description.
    pub description: String,
    /// First day.
    pub start_date: Date,
    /// Last day.
    pub end_date: Date,
    /// The amount (at most 10 000,00 zł).
    pub amount: Grosze,
    /// The budget, summing to the amount.
    pub budget_lines: Vec<BudgetLine>,
    /// Expected results.
    pub expected_results: Vec<String>,
}

impl ValidOffer {
    /// The calendar year the offer counts towards: the year its task starts.
    pub fn year(&self) -> i16 {
        self.start_date.year()
    }
}

/// Checks an offer and reports every problem at once, under `title`, `description`,
/// `start_date`, `end_date`, `amount`, `budget_lines`, `budget_lines[i].name`,
/// `budget_lines[i].amount`, `expected_results` and `expected_results[i]`.
pub fn validate_offer(d: &OfferDraft, input: MoneyInput) -> Result<ValidOffer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = required_text(&d.title, TITLE_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("title", &e)))
        .ok();
    let description = required_text(&d.description, DESCRIPTION_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("description", &e)))
        .ok();
    let start_date = read_date(
        "start_date",
        &d.start_date,
        "datę rozpoczęcia zadania",
        "the task's start date",
        &mut errors,
    );
    let end_date = read_date(
        "end_date",
        &d.end_date,
        "datę zakończenia zadania",
        "the task's end date",
        &mut errors,
    );
    if let (Some(s), Some(e)) = (start_date, end_date)
        && let Err(p) = check_duration(s, e)
    {
        errors.push(FieldError::new("end_date", &p));
    }
    let amount = read_amount("amount", &d.amount, input, &mut errors);
    if let Some(a) = amount
        && let Err(p) = check_amount(a)
    {
        errors.push(FieldError::new("amount", &p));
    }
    let budget_lines = check_budget(&d.budget_lines, amount, input, &mut errors);
    let expected_results = check_lines(
        "expected_results",
        &d.expected_results,
        MAX_RESULTS,
        LINE_MAX_CHARS,
    )
    .map_err(|mut e| errors.append(&mut e))
    .ok();
    match (
        title,
        description,
        start_date,
        end_date,
        amount,
        expected_results,
    ) {
        (
            Some(title),
            Some(description),
            Some(start_date),
            Some(end_date),
            Some(amount),
            Some(expected_results),
        ) if errors.is_empty() => Ok(ValidOffer {
            title,
            description,
            start_date,
            end_date,
            amount,
            budget_lines,
            expected_results,
        }),
        _ => Err(errors),
    }
}

fn check_budget(
    drafts: &[BudgetLineDraft],
    amount: Option<Grosze>,
    input: MoneyInput,
    errors: &mut Vec<FieldError>,
) -> Vec<BudgetLine> {
    let mut lines = Vec::new();
    let mut sum = Some(Grosze::ZERO);
    let mut complete = true;
    for (i, l) in drafts.iter().enumerate() {
        if l.name.trim().is_empty() && l.amount.trim().is_empty() {
            continue;
        }
        let name = required_text(&l.name, LINE_MAX_CHARS)
            .map_err(|e| errors.push(FieldError::new(format!("budget_lines[{i}].name"), &e)))
            .ok();
        let a = read_amount(
            &format!("budget_lines[{i}].amount"),
            &l.amount,
            input,
            errors,
        );
        match (name, a) {
            (Some(name), Some(a)) => {
                sum = sum.and_then(|s| s.checked_add(a));
                lines.push(BudgetLine { name, amount: a });
            }
            _ => complete = false,
        }
    }
    if lines.is_empty() && complete {
        errors.push(FieldError::with_messages(
            "budget_lines",
            "Dodaj co najmniej jedną pozycję budżetu.",
            "Add at least one budget line.",
        ));
    } else if lines.len() > MAX_BUDGET_LINES {
        errors.push(FieldError::with_messages(
            "budget_lines",
            format!("Budżet może mieć najwyżej {MAX_BUDGET_LINES} pozycji."),
            format!("The budget can have at most {MAX_BUDGET_LINES} lines."),
        ));
    } else if let (true, Some(sum), Some(amount)) = (complete, sum, amount)
        && sum != amount
    {
        errors.push(FieldError::with_messages(
            "budget_lines",
            format!(
                "Pozycje budżetu sumują się do {}, a wnioskowana kwota to {}. Kwoty muszą być równe.",
                sum.to_polish(),
                amount.to_polish()
            ),
            format!(
                "The budget lines add up to {} but the amount asked for is {}. They must be equal.",
                sum.to_polish(),
                amount.to_polish()
            ),
        ));
    }
    lines
}

/// The officer's decision on an offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Granted; an optional note.
    Granted {
        /// A note for the file.
        note: Option<String>,
    },
    /// Refused, with the reason the organisation reads.
    Refused {
        /// Why.
        reason: String,
    },
}

/// Reads a decision: `result` is `granted` or `refused`; a refusal needs a `reason`.
pub fn validate_decision(
    result: Option<&str>,
    reason: Option<&str>,
) -> Result<Decision, Vec<FieldError>> {
    match result.map(str::trim) {
        Some("granted") => optional_text(reason, COMMENT_MAX_CHARS)
            .map(|note| Decision::Granted { note })
            .map_err(|e| vec![FieldError::new("reason", &e)]),
        Some("refused") => match required_text(reason.unwrap_or(""), COMMENT_MAX_CHARS) {
            Ok(reason) => Ok(Decision::Refused { reason }),
            Err(TextProblem::Required) => Err(vec![FieldError::with_messages(
                "reason",
                "Podaj powód odmowy — organizacja go zobaczy.",
                "Give the reason for the refusal — the organisation will see it.",
            )]),
            Err(e) => Err(vec![FieldError::new("reason", &e)]),
        },
        _ => Err(vec![FieldError::with_messages(
            "result",
            "Wybierz: przyznanie grantu (granted) albo odmowa (refused).",
            "Choose: granted or refused.",
        )]),
    }
}

/// Checks a comment on a published offer: 1 to 4000 characters.
pub fn validate_comment(body: &str) -> Result<String, FieldError> {
    required_text(body, COMMENT_MAX_CHARS).map_err(|e| FieldError::new("body", &e))
}

#[cfg(test)]
mod tests;
