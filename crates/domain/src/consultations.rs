//! Public consultations (konsultacje społeczne) and the annual cooperation programme cycle
//! (program współpracy, art. 5a of the Act on public benefit activity and volunteering).
//!
//! A consultation of a document is prepared by an officer as a **draft**, then **published**;
//! whether it is upcoming, open or closed follows from its dates and the clock, never from a
//! stored flag. Comments are accepted from the instant it opens up to, but not including, the
//! instant it closes (Warsaw time; what counts is when the server received the comment). After
//! it closes the officer answers every comment and publishes the summary report.
//!
//! The programme for year Y must be adopted by the municipal council **by 30 November of Y−1**;
//! the report on year Y must be published **by 31 May of Y+1** (both days included: the deadline
//! is met on the day itself and missed from the next day on).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::lang::{Lang, Localized};
use crate::time::{format_date, format_warsaw, parse_rfc3339, parse_warsaw_local};
use crate::validation::{FieldError, optional_text, required_text};

/// The longest title.
pub const TITLE_MAX_CHARS: usize = 300;
/// The longest description or document text.
pub const TEXT_MAX_CHARS: usize = 100_000;
/// The longest comment or answer.
pub const COMMENT_MAX_CHARS: usize = 10_000;
/// The longest reference to the council's opinion.
pub const REF_MAX_CHARS: usize = 1_000;
/// Days before a statutory deadline on which the officers are reminded.
pub const REMINDER_DAYS: [i64; 2] = [30, 7];
/// A deadline this close (in days) counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;
/// Types of an uploaded document.
pub const DOCUMENT_TYPES: &[&str] = &[
    "application/pdf",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
];
/// The largest uploaded document.
pub const DOCUMENT_MAX_BYTES: usize = 5 * 1024 * 1024;

/// Whether a consultation is still being prepared or has been published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsultationStatus {
    /// Seen only by the municipality's officers.
    Draft,
    /// Public; open or closed by its dates.
    Published,
}

impl ConsultationStatus {
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationStatus::Draft => "draft",
            ConsultationStatus::Published => "published",
        }
    }

    /// Reads a stored code.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(ConsultationStatus::Draft),
            "published" => Some(ConsultationStatus::Published),
            _ => None,
        }
    }
}

/// Where a consultation stands at a given instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Not published yet.
    Draft,
    /// Published, before its opening instant.
    Upcoming,
    /// Accepting comments.
    Open,
    /// Closed; the answers and the report are being prepared.
    Closed,
    /// Closed and the report is published.
    Reported,
}

impl Phase {
    /// The code sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Upcoming => "upcoming",
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Reported => "reported",
        }
    }

    /// The phase in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Phase::Draft, Lang::Pl) => "szkic (niepublikowany)",
            (Phase::Draft, Lang::En) => "draft (not published)",
            (Phase::Upcoming, Lang::Pl) => "zapowiedziane — jeszcze nie przyjmuje uwag",
            (Phase::Upcoming, Lang::En) => "announced — not accepting comments yet",
            (Phase::Open, Lang::Pl) => "trwa — przyjmuje uwagi",
            (Phase::Open, Lang::En) => "open — accepting comments",
            (Phase::Closed, Lang::Pl) => "zakończone — trwa przygotowanie raportu",
            (Phase::Closed, Lang::En) => "closed — the report is being prepared",
            (Phase::Reported, Lang::Pl) => "zakończone — raport opublikowany",
            (Phase::Reported, Lang::En) => "closed — report published",
        }
    }
}

/// The phase of a consultation at `now`: opening and closing are instants; comments are taken
/// from `opens_at` (inclusive) to `closes_at` (exclusive).
pub fn phase(
    status: ConsultationStatus,
    opens_at: Timestamp,
    closes_at: Timestamp,
    report_published: bool,
    now: Timestamp,
) -> Phase {
    match status {
        ConsultationStatus::Draft => Phase::Draft,
        ConsultationStatus::Published if now < opens_at => Phase::Upcoming,
        ConsultationStatus::Published if now < closes_at => Phase::Open,
        ConsultationStatus::Published if report_published => Phase::Reported,
        ConsultationStatus::Published => Phase::Closed,
    }
}

/// Why a comment is refused at this instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowProblem {
    /// Not published.
    NotPublished,
    /// Before the opening instant.
    NotYetOpen {
        /// When it opens.
        opens_at: Timestamp,
    },
    /// From the closing instant on.
    Closed {
        /// When it closed.
        closes_at: Timestamp,
    },
}

impl Localized for WindowProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WindowProblem::NotPublished, Lang::Pl) => {
                "Konsultacje nie zostały jeszcze opublikowane.".into()
            }
            (WindowProblem::NotPublished, Lang::En) => {
                "The consultation has not been published yet.".into()
            }
            (WindowProblem::NotYetOpen { opens_at }, Lang::Pl) => format!(
                "Konsultacje jeszcze się nie rozpoczęły: uwagi można zgłaszać od {} (czas polski).",
                format_warsaw(*opens_at, Lang::Pl)
            ),
            (WindowProblem::NotYetOpen { opens_at }, Lang::En) => format!(
                "The consultation has not started yet: comments are accepted from {} (Polish time).",
                format_warsaw(*opens_at, Lang::En)
            ),
            (WindowProblem::Closed { closes_at }, Lang::Pl) => format!(
                "Konsultacje zakończyły się {} (czas polski); uwag nie można już zgłaszać.",
                format_warsaw(*closes_at, Lang::Pl)
            ),
            (WindowProblem::Closed { closes_at }, Lang::En) => format!(
                "The consultation closed on {} (Polish time); comments are no longer accepted.",
                format_warsaw(*closes_at, Lang::En)
            ),
        }
    }
}

/// Checks that a comment arriving at `now` is within the consultation's window.
pub fn check_comment_window(
    status: ConsultationStatus,
    opens_at: Timestamp,
    closes_at: Timestamp,
    now: Timestamp,
) -> Result<(), WindowProblem> {
    match phase(status, opens_at, closes_at, false, now) {
        Phase::Draft => Err(WindowProblem::NotPublished),
        Phase::Upcoming => Err(WindowProblem::NotYetOpen { opens_at }),
        Phase::Open => Ok(()),
        Phase::Closed | Phase::Reported => Err(WindowProblem::Closed { closes_at }),
    }
}

/// The officer's answer to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// Taken into account.
    Accepted,
    /// Taken into account in part.
    Partly,
    /// Not taken into account.
    Rejected,
}

impl Answer {
    /// Every answer.
    pub const ALL: [Answer; 3] = [Answer::Accepted, Answer::Partly, Answer::Rejected];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::Partly => "partly",
            Answer::Rejected => "rejected",
        }
    }

    /// Reads a code.
    pub fn parse(s: &str) -> Option<Self> {
        Answer::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }

    /// The answer in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Answer::Accepted, Lang::Pl) => "uwzględniona",
            (Answer::Accepted, Lang::En) => "accepted",
            (Answer::Partly, Lang::Pl) => "uwzględniona częściowo",
            (Answer::Partly, Lang::En) => "partly accepted",
            (Answer::Rejected, Lang::Pl) => "nieuwzględniona",
            (Answer::Rejected, Lang::En) => "rejected",
        }
    }
}

/// Reads an answer with its justification (both required).
pub fn validate_answer(answer: &str, text: &str) -> Result<(Answer, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let a = Answer::parse(answer);
    if a.is_none() {
        errors.push(FieldError::with_messages(
            "answer",
            "Wybierz: uwzględniona, uwzględniona częściowo albo nieuwzględniona.",
            "Choose: accepted, partly accepted or rejected.",
        ));
    }
    let t = required_text(text, COMMENT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("text", &e)))
        .ok();
    match (a, t) {
        (Some(a), Some(t)) if errors.is_empty() => Ok((a, t)),
        _ => Err(errors),
    }
}

/// Checks a comment: 1 to 10 000 characters.
pub fn validate_comment(body: &str) -> Result<String, FieldError> {
    required_text(body, COMMENT_MAX_CHARS).map_err(|e| FieldError::new("body", &e))
}

/// How the dates were typed: RFC 3339 in the API, Warsaw wall time in a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateInput {
    /// `2027-03-31T23:59:59+02:00`.
    Api,
    /// `2027-03-31T23:59` (Warsaw).
    Form,
}

/// A consultation as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsultationDraft {
    /// Title.
    pub title: String,
    /// What is consulted, with whom, how.
    pub description: String,
    /// The document's text, if it is given as text.
    pub document_text: String,
    /// Opening instant.
    pub opens_at: String,
    /// Closing instant.
    pub closes_at: String,
}

/// A consultation that passed [`validate_consultation`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidConsultation {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The document as text.
    pub document_text: Option<String>,
    /// Opening instant.
    pub opens_at: Timestamp,
    /// Closing instant (after the opening).
    pub closes_at: Timestamp,
}

fn read_instant(
    field: &str,
    value: &str,
    input: DateInput,
    errors: &mut Vec<FieldError>,
) -> Option<Timestamp> {
    let parsed = match input {
        DateInput::Api => parse_rfc3339(value),
        DateInput::Form => parse_warsaw_local(value),
    };
    parsed
        .map_err(|e| errors.push(FieldError::new(field, &e)))
        .ok()
}

/// Checks a consultation and reports every problem at once (`title`, `description`,
/// `document_text`, `opens_at`, `closes_at`).
pub fn validate_consultation(
    d: &ConsultationDraft,
    input: DateInput,
) -> Result<ValidConsultation, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = required_text(&d.title, TITLE_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("title", &e)))
        .ok();
    let description = required_text(&d.description, TEXT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("description", &e)))
        .ok();
    let document_text = optional_text(Some(&d.document_text), TEXT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("document_text", &e)))
        .ok()
        .flatten();
    let opens_at = read_instant("opens_at", &d.opens_at, input, &mut errors);
    let closes_at = read_instant("closes_at", &d.closes_at, input, &mut errors);
    if let (Some(o), Some(c)) = (opens_at, closes_at)
        && c <= o
    {
        errors.push(FieldError::with_messages(
            "closes_at",
            "Koniec konsultacji musi być późniejszy niż ich początek.",
            "The consultation must close after it opens.",
        ));
    }
    match (title, description, opens_at, closes_at) {
        (Some(title), Some(description), Some(opens_at), Some(closes_at)) if errors.is_empty() => {
            Ok(ValidConsultation {
                title,
                description,
                document_text,
                opens_at,
                closes_at,
            })
        }
        _ => Err(errors),
    }
}

/// Checks an uploaded document: PDF, ODT or DOCX, at most 5 MB, not empty.
pub fn check_document(
    field: &str,
    filename: &str,
    content_type: &str,
    size: usize,
) -> Result<(), FieldError> {
    if !DOCUMENT_TYPES.contains(&content_type) {
        return Err(FieldError::with_messages(
            field,
            format!("Plik „{filename}”: dozwolone są dokumenty PDF, ODT i DOCX."),
            format!("File \"{filename}\": PDF, ODT and DOCX documents are allowed."),
        ));
    }
    if size == 0 {
        return Err(FieldError::with_messages(
            field,
            format!("Plik „{filename}” jest pusty."),
            format!("File \"{filename}\" is empty."),
        ));
    }
    if size > DOCUMENT_MAX_BYTES {
        return Err(FieldError::with_messages(
            field,
            format!("Plik „{filename}” jest większy niż 5 MB."),
            format!("File \"{filename}\" is larger than 5 MB."),
        ));
    }
    Ok(())
}

// ---- the cooperation programme ----------------------------------------------------------------

/// Where a programme stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProgrammeStatus {
    /// Being drafted.
    Draft,
    /// Consulted with NGOs; waiting for the council's resolution.
    Consulted,
    /// Adopted by the municipal council.
    Adopted,
}

impl ProgrammeStatus {
    /// Every status.
    pub const ALL: [ProgrammeStatus; 3] = [
        ProgrammeStatus::Draft,
        ProgrammeStatus::Consulted,
        ProgrammeStatus::Adopted,
    ];

    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            ProgrammeStatus::Draft => "draft",
            ProgrammeStatus::Consulted => "consulted",
            ProgrammeStatus::Adopted => "adopted",
        }
    }

    /// Reads a code.
    pub fn parse(s: &str) -> Option<Self> {
        ProgrammeStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s.trim())
    }

    /// The status in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ProgrammeStatus::Draft, Lang::Pl) => "projekt",
            (ProgrammeStatus::Draft, Lang::En) => "draft",
            (ProgrammeStatus::Consulted, Lang::Pl) => "po konsultacjach",
            (ProgrammeStatus::Consulted, Lang::En) => "consulted",
            (ProgrammeStatus::Adopted, Lang::Pl) => "uchwalony",
            (ProgrammeStatus::Adopted, Lang::En) => "adopted",
        }
    }
}

/// The last day on which the programme for `year` may be adopted: 30 November of the year before.
pub fn adoption_deadline(year: i16) -> Date {
    Date::new(year.saturating_sub(1), 11, 30).unwrap_or(Date::MIN)
}

/// The last day on which the report on `year` may be published: 31 May of the year after.
pub fn report_deadline(year: i16) -> Date {
    Date::new(year.saturating_add(1), 5, 31).unwrap_or(Date::MAX)
}

/// Which statutory deadline of the cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeadlineKind {
    /// The council adopts the programme for the year.
    Adoption,
    /// The report on the year is published.
    Report,
}

impl DeadlineKind {
    /// The code used in the API and for reminders.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Adoption => "adoption",
            DeadlineKind::Report => "report",
        }
    }

    /// The deadline for the programme year.
    pub fn deadline(self, year: i16) -> Date {
        match self {
            DeadlineKind::Adoption => adoption_deadline(year),
            DeadlineKind::Report => report_deadline(year),
        }
    }
}

/// How a deadline stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineState {
    /// Done on `on`; `late` when after the deadline.
    Done {
        /// The day it was done.
        on: Date,
        /// Done after the deadline.
        late: bool,
    },
    /// Not done; more than 30 days left.
    Upcoming {
        /// Days left (the deadline day itself still counts as on time).
        days_left: i64,
    },
    /// Not done; 30 days or fewer left (0 on the deadline day).
    DueSoon {
        /// Days left.
        days_left: i64,
    },
    /// Not done and the deadline has passed.
    Overdue {
        /// Days since the deadline.
        days_late: i64,
    },
}

impl DeadlineState {
    /// The code sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineState::Done { late: false, .. } => "done",
            DeadlineState::Done { late: true, .. } => "done_late",
            DeadlineState::Upcoming { .. } => "upcoming",
            DeadlineState::DueSoon { .. } => "due_soon",
            DeadlineState::Overdue { .. } => "overdue",
        }
    }

    /// The state in words, with the number of days.
    pub fn describe(self, lang: Lang) -> String {
        match (self, lang) {
            (DeadlineState::Done { on, late: false }, Lang::Pl) => {
                format!("wykonane w terminie ({})", format_date(on, lang))
            }
            (DeadlineState::Done { on, late: false }, Lang::En) => {
                format!("done on time ({})", format_date(on, lang))
            }
            (DeadlineState::Done { on, late: true }, Lang::Pl) => {
                format!("wykonane po terminie ({})", format_date(on, lang))
            }
            (DeadlineState::Done { on, late: true }, Lang::En) => {
                format!("done late ({})", format_date(on, lang))
            }
            (DeadlineState::Upcoming { days_left }, Lang::Pl) => {
                format!("do zrobienia — zostało {days_left} dni")
            }
            (DeadlineState::Upcoming { days_left }, Lang::En) => {
                format!("to do — {days_left} days left")
            }
            (DeadlineState::DueSoon { days_left: 0 }, Lang::Pl) => {
                "pilne — termin upływa dziś".into()
            }
            (DeadlineState::DueSoon { days_left: 0 }, Lang::En) => "urgent — due today".into(),
            (DeadlineState::DueSoon { days_left }, Lang::Pl) => {
                format!("pilne — zostało {days_left} dni")
            }
            (DeadlineState::DueSoon { days_left }, Lang::En) => {
                format!("urgent — {days_left} days left")
            }
            (DeadlineState::Overdue { days_late }, Lang::Pl) => {
                format!("po terminie — spóźnienie {days_late} dni")
            }
            (DeadlineState::Overdue { days_late }, Lang::En) => {
                format!("overdue — {days_late} days late")
            }
        }
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to - from).get_days())
}

/// How a deadline stands on `today`, given the day it was done (if it was).
pub fn deadline_state(deadline: Date, done_on: Option<Date>, today: Date) -> DeadlineState {
    if let Some(on) = done_on {
        return DeadlineState::Done {
            on,
            late: on > deadline,
        };
    }
    let left = days_between(today, deadline);
    if left < 0 {
        DeadlineState::Overdue { days_late: -left }
    } else if left <= DUE_SOON_DAYS {
        DeadlineState::DueSoon { days_left: left }
    } else {
        DeadlineState::Upcoming { days_left: left }
    }
}

/// The reminder due on `today` for a deadline not yet met: 7 from seven days before the deadline
/// to the deadline day, 30 from thirty days before; `None` further away or after the deadline.
pub fn reminder_due(deadline: Date, today: Date) -> Option<i64> {
    let left = days_between(today, deadline);
    if left < 0 {
        return None;
    }
    REMINDER_DAYS.iter().copied().filter(|d| left <= *d).min()
}

/// The programme years whose deadlines matter on `today`: the adoption of next year's
/// programme, and the report on last year.
pub fn current_cycle(today: Date) -> [(DeadlineKind, i16); 2] {
    let y = today.year();
    [
        (DeadlineKind::Adoption, y.saturating_add(1)),
        (DeadlineKind::Report, y.saturating_sub(1)),
    ]
}

/// Checks the year of a programme: 2000 to 2100.
pub fn validate_year(field: &str, year: i64) -> Result<i16, FieldError> {
    if (2000..=2100).contains(&year) {
        Ok(year as i16)
    } else {
        Err(FieldError::with_messages(
            field,
            "Podaj rok programu między 2000 a 2100.",
            "Give the programme's year between 2000 and 2100.",
        ))
    }
}

/// Checks the council opinion reference: optional text up to 1000 characters.
pub fn validate_reference(value: Option<&str>) -> Result<Option<String>, FieldError> {
    optional_text(value, REF_MAX_CHARS).map_err(|e| FieldError::new("council_opinion_ref", &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("instant")
    }

    #[test]
    fn comments_are_accepted_from_the_opening_instant_up_to_but_not_at_the_closing_instant() {
        let o = ts("2027-10-01T08:00:00Z");
        let c = ts("2027-10-15T21:59:59Z");
        let p = ConsultationStatus::Published;
        assert_eq!(
            check_comment_window(p, o, c, ts("2027-10-01T07:59:59Z")),
            Err(WindowProblem::NotYetOpen { opens_at: o })
        );
        assert_eq!(check_comment_window(p, o, c, o), Ok(()));
        assert_eq!(
            check_comment_window(p, o, c, ts("2027-10-15T21:59:58Z")),
            Ok(())
        );
        assert_eq!(
            check_comment_window(p, o, c, c),
            Err(WindowProblem::Closed { closes_at: c })
        );
        assert_eq!(
            check_comment_window(ConsultationStatus::Draft, o, c, ts("2027-10-05T10:00:00Z")),
            Err(WindowProblem::NotPublished)
        );
    }

    #[test]
    fn the_refusal_names_the_deadline_in_warsaw_time() {
        let c = ts("2027-10-15T21:59:00Z");
        let msg = WindowProblem::Closed { closes_at: c }.message(Lang::Pl);
        assert!(msg.contains("15.10.2027, 23:59"), "{msg}");
        let o = ts("2027-01-10T07:00:00Z");
        let msg = WindowProblem::NotYetOpen { opens_at: o }.message(Lang::En);
        assert!(msg.contains("10 Jan 2027, 08:00"), "{msg}");
    }

    #[test]
    fn the_phase_follows_the_clock_and_the_report() {
        let o = ts("2027-10-01T08:00:00Z");
        let c = ts("2027-10-15T08:00:00Z");
        let p = ConsultationStatus::Published;
        let at = |s: &str, r: bool| phase(p, o, c, r, ts(s));
        assert_eq!(at("2027-09-30T00:00:00Z", false), Phase::Upcoming);
        assert_eq!(at("2027-10-02T00:00:00Z", false), Phase::Open);
        assert_eq!(at("2027-10-15T08:00:00Z", false), Phase::Closed);
        assert_eq!(at("2027-10-16T00:00:00Z", true), Phase::Reported);
        assert_eq!(
            phase(ConsultationStatus::Draft, o, c, false, o),
            Phase::Draft
        );
    }

    #[test]
    fn a_consultation_must_close_after_it_opens() {
        let d = ConsultationDraft {
            title: "Program współpracy na 2027".into(),
            description: "Konsultacje projektu programu.".into(),
            document_text: String::new(),
            opens_at: "2027-10-01T08:00".into(),
            closes_at: "2027-10-01T08:00".into(),
        };
        let e = validate_consultation(&d, DateInput::Form).unwrap_err();
        assert_eq!(e[0].field, "closes_at");
        let ok = validate_consultation(
            &ConsultationDraft {
                closes_at: "2027-10-15T23:59".into(),
                ..d.clone()
            },
            DateInput::Form,
        )
        .expect("valid");
        // 23:59 on 15 October in Warsaw is 21:59 UTC (summer time).
        assert_eq!(ok.closes_at, ts("2027-10-15T21:59:00Z"));
        assert_eq!(ok.document_text, None);
        let e = validate_consultation(
            &ConsultationDraft {
                title: " ".into(),
                opens_at: "jutro".into(),
                ..d
            },
            DateInput::Api,
        )
        .unwrap_err();
        let f: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, ["title", "opens_at", "closes_at"]);
    }

    #[test]
    fn answers_need_a_kind_and_a_justification() {
        assert_eq!(
            validate_answer("partly", " Częściowo, bo budżet. "),
            Ok((Answer::Partly, "Częściowo, bo budżet.".into()))
        );
        let e = validate_answer("maybe", "").unwrap_err();
        let f: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, ["answer", "text"]);
    }

    #[test]
    fn the_programme_for_a_year_is_due_by_30_november_of_the_year_before() {
        assert_eq!(adoption_deadline(2027), date(2026, 11, 30));
        assert_eq!(report_deadline(2026), date(2027, 5, 31));
        let d = adoption_deadline(2027);
        assert_eq!(
            deadline_state(d, None, date(2026, 10, 30)),
            DeadlineState::Upcoming { days_left: 31 }
        );
        assert_eq!(
            deadline_state(d, None, date(2026, 10, 31)),
            DeadlineState::DueSoon { days_left: 30 }
        );
        assert_eq!(
            deadline_state(d, None, date(2026, 11, 30)),
            DeadlineState::DueSoon { days_left: 0 }
        );
        assert_eq!(
            deadline_state(d, None, date(2026, 12, 1)),
            DeadlineState::Overdue { days_late: 1 }
        );
        assert_eq!(
            deadline_state(d, Some(date(2026, 11, 30)), date(2026, 12, 5)),
            DeadlineState::Done {
                on: date(2026, 11, 30),
                late: false
            }
        );
        assert_eq!(
            deadline_state(d, Some(date(2026, 12, 1)), date(2026, 12, 5)).as_str(),
            "done_late"
        );
    }

    #[test]
    fn the_report_on_a_year_is_due_by_31_may_of_the_year_after() {
        let d = report_deadline(2026);
        assert_eq!(
            deadline_state(d, None, date(2027, 5, 31)),
            DeadlineState::DueSoon { days_left: 0 }
        );
        assert_eq!(
            deadline_state(d, None, date(2027, 6, 1)),
            DeadlineState::Overdue { days_late: 1 }
        );
        assert_eq!(
            deadline_state(d, None, date(2027, 4, 30)),
            DeadlineState::Upcoming { days_left: 31 }
        );
    }

    #[test]
    fn reminders_come_30_and_7_days_before_and_not_after_the_deadline() {
        let d = date(2026, 11, 30);
        assert_eq!(reminder_due(d, date(2026, 10, 30)), None);
        assert_eq!(reminder_due(d, date(2026, 10, 31)), Some(30));
        assert_eq!(reminder_due(d, date(2026, 11, 22)), Some(30));
        assert_eq!(reminder_due(d, date(2026, 11, 23)), Some(7));
        assert_eq!(reminder_due(d, date(2026, 11, 30)), Some(7));
        assert_eq!(reminder_due(d, date(2026, 12, 1)), None);
    }

    #[test]
    fn the_cycle_of_a_day_is_next_years_programme_and_last_years_report() {
        assert_eq!(
            current_cycle(date(2026, 12, 5)),
            [(DeadlineKind::Adoption, 2027), (DeadlineKind::Report, 2025)]
        );
    }

    #[test]
    fn documents_are_pdf_odt_or_docx_up_to_5_mb() {
        assert!(check_document("document", "a.pdf", "application/pdf", 10).is_ok());
        assert!(check_document("document", "a.exe", "application/x-msdownload", 10).is_err());
        assert!(check_document("document", "a.pdf", "application/pdf", 0).is_err());
        assert!(
            check_document(
                "document",
                "a.pdf",
                "application/pdf",
                DOCUMENT_MAX_BYTES + 1
            )
            .is_err()
        );
    }
}
