//! The Public Benefit Council (Rada Działalności Pożytku Publicznego, UDPP art. 41e–41i).
//!
//! - **Request**: NGOs of the municipality sign a joint request; once [`REQUEST_MIN_NGOS`] (5)
//!   distinct NGOs have signed, the mayor must create the council within
//!   [`CREATE_WITHIN_MONTHS`] (2) calendar months of that day ([`creation_deadline`], Warsaw dates).
//! - **Composition**: seats of NGO representatives, councillors and officials; the NGOs hold at
//!   least half of all seats ([`check_composition`]); a term of [`DEFAULT_TERM_YEARS`] years unless
//!   the municipality's resolution says otherwise ([`term_end`]).
//! - **Elections** of NGO members: each NGO nominates up to N candidates, then casts one ballot
//!   with up to K candidates; results are counted with ties shown ([`election_results`]).
//! - **Opinions**: [`OPINION_DAYS`] (14) days from delivery; silence means the council waived
//!   its opinion ([`OpinionState`]).
//! - **Resolutions**: members vote for, against or abstain; [`tally`] applies the quorum and the
//!   majority rule ([`VoteRules`]).
//!
//! The iCalendar export of meetings is in [`ical`].

pub mod ical;

use jiff::Span;
use jiff::civil::Date;

use crate::lang::{Lang, Localized};
use crate::validation::{FieldError, TextProblem, optional_text, required_text};

/// How many distinct NGOs must sign the request (art. 41e ust. 2).
pub const REQUEST_MIN_NGOS: usize = 5;
/// Within how many months of the request the council must be created.
pub const CREATE_WITHIN_MONTHS: i64 = 2;
/// The usual term of the council, in years (configurable per council).
pub const DEFAULT_TERM_YEARS: i16 = 3;
/// The longest term accepted, in years.
pub const MAX_TERM_YEARS: i16 = 5;
/// Days the council has to give an opinion (calendar days from delivery).
pub const OPINION_DAYS: u32 = 14;
/// How many candidates one NGO may nominate when the election does not say.
pub const DEFAULT_CANDIDATES_PER_NGO: i32 = 1;
/// How many candidates a ballot may mark when the election does not say.
pub const DEFAULT_VOTES_PER_BALLOT: i32 = 3;
/// The longest title (council, meeting, resolution, opinion request, election).
pub const TITLE_MAX_CHARS: usize = 300;
/// The longest long text (agenda, minutes, resolution text, document).
pub const TEXT_MAX_CHARS: usize = 50_000;
/// The longest name or reason.
pub const NAME_MAX_CHARS: usize = 200;

/// The last day to create the council after the request reached 5 NGOs on `reached_on`:
/// the same day two calendar months later (the last day of the month when that day does not
/// exist: 31 December → 28/29 February).
pub fn creation_deadline(reached_on: Date) -> Date {
    reached_on
        .checked_add(Span::new().months(CREATE_WITHIN_MONTHS))
        .unwrap_or(reached_on)
}

/// The last day of a term of `years` years starting on `start` (the day before the anniversary).
pub fn term_end(start: Date, years: i16) -> Date {
    start
        .checked_add(Span::new().years(i64::from(years)))
        .and_then(|d| d.yesterday())
        .unwrap_or(start)
}

/// The last day for an opinion on a document delivered on `delivered_on` (14 calendar days
/// later; the day of delivery is not counted).
pub fn opinion_deadline(delivered_on: Date) -> Date {
    delivered_on
        .checked_add(Span::new().days(i64::from(OPINION_DAYS)))
        .unwrap_or(delivered_on)
}

/// The kind of a seat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeatKind {
    /// A representative of an NGO (or of an entity of art. 3 ust. 3).
    Ngo,
    /// A member of the municipal council (radny).
    Councillor,
    /// A representative of the mayor (urzędnik).
    Official,
}

impl SeatKind {
    /// Every kind.
    pub const ALL: [SeatKind; 3] = [SeatKind::Ngo, SeatKind::Councillor, SeatKind::Official];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            SeatKind::Ngo => "ngo",
            SeatKind::Councillor => "councillor",
            SeatKind::Official => "official",
        }
    }

    /// Reads a code from [`SeatKind::as_str`].
    pub fn parse(s: &str) -> Option<SeatKind> {
        SeatKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The kind in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (SeatKind::Ngo, Lang::Pl) => "przedstawiciel organizacji pozarządowej",
            (SeatKind::Ngo, Lang::En) => "NGO representative",
            (SeatKind::Councillor, Lang::Pl) => "radny",
            (SeatKind::Councillor, Lang::En) => "councillor",
            (SeatKind::Official, Lang::Pl) => "przedstawiciel burmistrza (urzędnik)",
            (SeatKind::Official, Lang::En) => "official (mayor's representative)",
        }
    }
}

/// A member's function in the council.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Function {
    /// Przewodniczący.
    Chair,
    /// Wiceprzewodniczący.
    ViceChair,
    /// Sekretarz: may record votes at a meeting.
    Secretary,
    /// An ordinary member.
    Member,
}

impl Function {
    /// Every function.
    pub const ALL: [Function; 4] = [
        Function::Chair,
        Function::ViceChair,
        Function::Secretary,
        Function::Member,
    ];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Function::Chair => "chair",
            Function::ViceChair => "vice_chair",
            Function::Secretary => "secretary",
            Function::Member => "member",
        }
    }

    /// Reads a code from [`Function::as_str`].
    pub fn parse(s: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The function in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Function::Chair, Lang::Pl) => "przewodniczący",
            (Function::Chair, Lang::En) => "chair",
            (Function::ViceChair, Lang::Pl) => "wiceprzewodniczący",
            (Function::ViceChair, Lang::En) => "vice-chair",
            (Function::Secretary, Lang::Pl) => "sekretarz",
            (Function::Secretary, Lang::En) => "secretary",
            (Function::Member, Lang::Pl) => "członek",
            (Function::Member, Lang::En) => "member",
        }
    }

    /// Whether only one member at a time may hold it.
    pub fn is_unique(self) -> bool {
        self != Function::Member
    }
}

/// The NGO seats against all seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Composition {
    /// Seats of NGO representatives.
    pub ngo: u32,
    /// All seats.
    pub total: u32,
}

impl Composition {
    /// How many NGO seats must be added (each one also adds a seat) for the NGOs to hold at
    /// least half: `total − 2 × ngo`, or 0.
    pub fn missing_ngo_seats(self) -> u32 {
        self.total.saturating_sub(self.ngo.saturating_mul(2))
    }

    /// Whether the NGOs hold at least half of the seats (and there is at least one seat).
    pub fn is_valid(self) -> bool {
        self.total > 0 && self.missing_ngo_seats() == 0
    }
}

/// Why a council cannot be constituted with its members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompositionProblem {
    /// No members at all.
    Empty,
    /// NGO seats are fewer than half of all seats.
    TooFewNgoSeats(Composition),
}

impl Localized for CompositionProblem {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CompositionProblem::Empty, Lang::Pl) => {
                "Rada nie ma jeszcze członków — dodaj członków przed jej powołaniem.".to_owned()
            }
            (CompositionProblem::Empty, Lang::En) => {
                "The council has no members yet — add members before constituting it.".to_owned()
            }
            (CompositionProblem::TooFewNgoSeats(c), Lang::Pl) => format!(
                "Przedstawiciele organizacji pozarządowych muszą stanowić co najmniej połowę składu rady (art. 41e ust. 3 ustawy o działalności pożytku publicznego). Obecnie mają {} z {} miejsc; brakuje {} {}.",
                c.ngo,
                c.total,
                c.missing_ngo_seats(),
                crate::lang::polish_plural(
                    u64::from(c.missing_ngo_seats()),
                    "miejsca dla organizacji",
                    "miejsc dla organizacji",
                    "miejsc dla organizacji"
                )
            ),
            (CompositionProblem::TooFewNgoSeats(c), Lang::En) => format!(
                "NGO representatives must hold at least half of the council's seats (art. 41e(3) of the Act on public benefit activity). They now hold {} of {} seats; {} more NGO seat(s) needed.",
                c.ngo,
                c.total,
                c.missing_ngo_seats()
            ),
        }
    }
}

/// Checks the rule that NGO seats are at least half of all seats.
pub fn check_composition(c: Composition) -> Result<(), CompositionProblem> {
    if c.total == 0 {
        Err(CompositionProblem::Empty)
    } else if c.is_valid() {
        Ok(())
    } else {
        Err(CompositionProblem::TooFewNgoSeats(c))
    }
}

/// A member's vote on a resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Choice {
    /// Za.
    For,
    /// Przeciw.
    Against,
    /// Wstrzymuję się.
    Abstain,
}

impl Choice {
    /// Every choice.
    pub const ALL: [Choice; 3] = [Choice::For, Choice::Against, Choice::Abstain];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Choice::For => "for",
            Choice::Against => "against",
            Choice::Abstain => "abstain",
        }
    }

    /// Reads a code from [`Choice::as_str`].
    pub fn parse(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The choice in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Choice::For, Lang::Pl) => "za",
            (Choice::For, Lang::En) => "for",
            (Choice::Against, Lang::Pl) => "przeciw",
            (Choice::Against, Lang::En) => "against",
            (Choice::Abstain, Lang::Pl) => "wstrzymuje się",
            (Choice::Abstain, Lang::En) => "abstains",
        }
    }
}

/// When enough members took part for a vote to count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quorum {
    /// More than half of the members voted (the default).
    MoreThanHalf,
    /// At least a third of the members voted.
    OneThird,
    /// Any number of votes counts.
    None,
}

impl Quorum {
    /// Every rule.
    pub const ALL: [Quorum; 3] = [Quorum::MoreThanHalf, Quorum::OneThird, Quorum::None];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Quorum::MoreThanHalf => "more_than_half",
            Quorum::OneThird => "one_third",
            Quorum::None => "none",
        }
    }

    /// Reads a code from [`Quorum::as_str`].
    pub fn parse(s: &str) -> Option<Quorum> {
        Quorum::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Whether `voted` of `members` is a quorum.
    pub fn reached(self, voted: u32, members: u32) -> bool {
        match self {
            Quorum::MoreThanHalf => voted * 2 > members,
            Quorum::OneThird => voted > 0 && voted * 3 >= members,
            Quorum::None => true,
        }
    }

    /// The rule in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Quorum::MoreThanHalf, Lang::Pl) => "głosuje więcej niż połowa członków",
            (Quorum::MoreThanHalf, Lang::En) => "more than half of the members vote",
            (Quorum::OneThird, Lang::Pl) => "głosuje co najmniej jedna trzecia członków",
            (Quorum::OneThird, Lang::En) => "at least a third of the members vote",
            (Quorum::None, Lang::Pl) => "bez kworum",
            (Quorum::None, Lang::En) => "no quorum required",
        }
    }
}

/// When a resolution is adopted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Majority {
    /// More votes for than against (the default: simple majority of votes cast).
    Simple,
    /// More votes for than half of all votes cast (abstentions count as cast).
    Absolute,
    /// At least two thirds of the votes cast are for.
    TwoThirds,
}

impl Majority {
    /// Every rule.
    pub const ALL: [Majority; 3] = [Majority::Simple, Majority::Absolute, Majority::TwoThirds];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::Absolute => "absolute",
            Majority::TwoThirds => "two_thirds",
        }
    }

    /// Reads a code from [`Majority::as_str`].
    pub fn parse(s: &str) -> Option<Majority> {
        Majority::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Whether the counts adopt the resolution.
    pub fn adopts(self, votes_for: u32, against: u32, abstain: u32) -> bool {
        let cast = votes_for + against + abstain;
        match self {
            Majority::Simple => votes_for > against,
            Majority::Absolute => votes_for * 2 > cast,
            Majority::TwoThirds => cast > 0 && votes_for * 3 >= cast * 2,
        }
    }

    /// The rule in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Majority::Simple, Lang::Pl) => "zwykła większość głosów (więcej „za” niż „przeciw”)",
            (Majority::Simple, Lang::En) => "simple majority (more for than against)",
            (Majority::Absolute, Lang::Pl) => {
                "bezwzględna większość głosów (więcej „za” niż połowa oddanych)"
            }
            (Majority::Absolute, Lang::En) => "absolute majority (for > half of votes cast)",
            (Majority::TwoThirds, Lang::Pl) => "większość 2/3 głosów oddanych",
            (Majority::TwoThirds, Lang::En) => "two-thirds of votes cast",
        }
    }
}

/// The quorum and majority a vote is counted with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteRules {
    /// The quorum.
    pub quorum: Quorum,
    /// The majority.
    pub majority: Majority,
}

impl Default for VoteRules {
    fn default() -> Self {
        VoteRules {
            quorum: Quorum::MoreThanHalf,
            majority: Majority::Simple,
        }
    }
}

/// How a closed vote ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Adopted.
    Adopted,
    /// Not adopted.
    Rejected,
    /// Too few members voted: nothing was decided.
    NoQuorum,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 3] = [Outcome::Adopted, Outcome::Rejected, Outcome::NoQuorum];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::Rejected => "rejected",
            Outcome::NoQuorum => "quorum_not_reached",
        }
    }

    /// Reads a code from [`Outcome::as_str`].
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The outcome in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Outcome::Adopted, Lang::Pl) => "uchwała podjęta",
            (Outcome::Adopted, Lang::En) => "adopted",
            (Outcome::Rejected, Lang::Pl) => "uchwała nie została podjęta",
            (Outcome::Rejected, Lang::En) => "not adopted",
            (Outcome::NoQuorum, Lang::Pl) => "brak kworum — głosowanie nieważne",
            (Outcome::NoQuorum, Lang::En) => "quorum not reached",
        }
    }
}

/// The counts of a vote and its outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// Members of the council when the vote closed.
    pub members: u32,
    /// Votes for.
    pub votes_for: u32,
    /// Votes against.
    pub against: u32,
    /// Abstentions.
    pub abstain: u32,
    /// Whether the quorum was reached.
    pub quorum_reached: bool,
    /// The outcome.
    pub outcome: Outcome,
}

impl Tally {
    /// Members who voted (abstentions included).
    pub fn voted(&self) -> u32 {
        self.votes_for + self.against + self.abstain
    }
}

/// Counts the votes of a council of `members` members under `rules`.
pub fn tally(members: u32, votes: &[Choice], rules: VoteRules) -> Tally {
    let count = |c: Choice| u32::try_from(votes.iter().filter(|v| **v == c).count()).unwrap_or(0);
    let (votes_for, against, abstain) = (
        count(Choice::For),
        count(Choice::Against),
        count(Choice::Abstain),
    );
    let voted = votes_for + against + abstain;
    let quorum_reached = rules.quorum.reached(voted, members);
    let outcome = if !quorum_reached {
        Outcome::NoQuorum
    } else if rules.majority.adopts(votes_for, against, abstain) {
        Outcome::Adopted
    } else {
        Outcome::Rejected
    };
    Tally {
        members,
        votes_for,
        against,
        abstain,
        quorum_reached,
        outcome,
    }
}

/// Where an opinion request stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpinionState {
    /// Waiting for the council's opinion; the deadline has not passed.
    Pending,
    /// The council adopted its opinion in time.
    Given,
    /// 14 days passed without an opinion: the council waived it.
    Waived,
}

impl OpinionState {
    /// Where a request delivered with `deadline` stands on `today`, given the Warsaw date the
    /// council adopted its opinion, if it did.
    pub fn on(deadline: Date, adopted_on: Option<Date>, today: Date) -> OpinionState {
        match adopted_on {
            Some(d) if d <= deadline => OpinionState::Given,
            _ if today > deadline => OpinionState::Waived,
            _ => OpinionState::Pending,
        }
    }

    /// The code sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            OpinionState::Pending => "pending",
            OpinionState::Given => "given",
            OpinionState::Waived => "waived",
        }
    }

    /// The state in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OpinionState::Pending, Lang::Pl) => "czeka na opinię rady",
            (OpinionState::Pending, Lang::En) => "waiting for the council's opinion",
            (OpinionState::Given, Lang::Pl) => "opinia wydana",
            (OpinionState::Given, Lang::En) => "opinion given",
            (OpinionState::Waived, Lang::Pl) => {
                "odstąpiono od wyrażenia opinii (brak opinii w ciągu 14 dni)"
            }
            (OpinionState::Waived, Lang::En) => "waived (no opinion within 14 days)",
        }
    }
}

/// The phase of an election of NGO members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionPhase {
    /// NGOs nominate candidates.
    Nominations,
    /// Eligible NGOs cast one ballot each.
    Voting,
    /// Voting is over; the results are published.
    Closed,
}

impl ElectionPhase {
    /// Every phase.
    pub const ALL: [ElectionPhase; 3] = [
        ElectionPhase::Nominations,
        ElectionPhase::Voting,
        ElectionPhase::Closed,
    ];

    /// The code stored and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionPhase::Nominations => "nominations",
            ElectionPhase::Voting => "voting",
            ElectionPhase::Closed => "closed",
        }
    }

    /// Reads a code from [`ElectionPhase::as_str`].
    pub fn parse(s: &str) -> Option<ElectionPhase> {
        ElectionPhase::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }

    /// The phase in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ElectionPhase::Nominations, Lang::Pl) => "zgłaszanie kandydatów",
            (ElectionPhase::Nominations, Lang::En) => "nominations",
            (ElectionPhase::Voting, Lang::Pl) => "głosowanie organizacji",
            (ElectionPhase::Voting, Lang::En) => "voting",
            (ElectionPhase::Closed, Lang::Pl) => "zakończone — wyniki opublikowane",
            (ElectionPhase::Closed, Lang::En) => "closed — results published",
        }
    }
}

/// Where a candidate stands in the results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Within the seats.
    Elected,
    /// Tied with others for the last seat(s): not broken here, the municipality's rules decide.
    Tie,
    /// Outside the seats.
    NotElected,
}

impl Standing {
    /// The code sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Elected => "elected",
            Standing::Tie => "tie",
            Standing::NotElected => "not_elected",
        }
    }

    /// The standing in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Standing::Elected, Lang::Pl) => "wybrany",
            (Standing::Elected, Lang::En) => "elected",
            (Standing::Tie, Lang::Pl) => "remis o ostatnie miejsce — do rozstrzygnięcia",
            (Standing::Tie, Lang::En) => "tie for the last seat — to be resolved",
            (Standing::NotElected, Lang::Pl) => "niewybrany",
            (Standing::NotElected, Lang::En) => "not elected",
        }
    }
}

/// One line of the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultRow<Id> {
    /// The candidate.
    pub candidate: Id,
    /// Ballots that marked the candidate.
    pub votes: u32,
    /// 1 for the most votes; equal votes share a rank.
    pub rank: u32,
    /// Whether another candidate has the same number of votes.
    pub tied: bool,
    /// Within the seats, tied for the last seats, or outside.
    pub standing: Standing,
}

/// Counts the votes of `candidates` for `seats` seats, most votes first (equal votes keep the
/// order of `candidates`). Candidates tied at the boundary of the seats are all [`Standing::Tie`]:
/// a tie is shown, never broken silently.
pub fn election_results<Id: Clone + PartialEq>(
    candidates: &[(Id, u32)],
    seats: u32,
) -> Vec<ResultRow<Id>> {
    let mut sorted: Vec<(usize, &(Id, u32))> = candidates.iter().enumerate().collect();
    sorted.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(sorted.len());
    for (_, (id, votes)) in &sorted {
        let higher =
            u32::try_from(sorted.iter().filter(|(_, c)| c.1 > *votes).count()).unwrap_or(0);
        let equal =
            u32::try_from(sorted.iter().filter(|(_, c)| c.1 == *votes).count()).unwrap_or(0);
        let standing = if higher + equal <= seats {
            Standing::Elected
        } else if higher < seats {
            Standing::Tie
        } else {
            Standing::NotElected
        };
        out.push(ResultRow {
            candidate: id.clone(),
            votes: *votes,
            rank: higher + 1,
            tied: equal > 1,
            standing,
        });
    }
    out
}

/// Checks a ballot: 1 to `max` distinct candidates, each one of `allowed`. Errors under
/// `candidate_ids`.
pub fn check_ballot<Id: PartialEq>(
    chosen: &[Id],
    allowed: &[Id],
    max: u32,
) -> Result<(), FieldError> {
    let field = "candidate_ids";
    if chosen.is_empty() {
        return Err(FieldError::with_messages(
            field,
            "Zaznacz co najmniej jednego kandydata.",
            "Mark at least one candidate.",
        ));
    }
    if chosen.len() > max as usize {
        return Err(FieldError::with_messages(
            field,
            format!(
                "Na karcie można zaznaczyć najwyżej {max} kandydatów; zaznaczono {}.",
                chosen.len()
            ),
            format!(
                "A ballot may mark at most {max} candidates; {} were marked.",
                chosen.len()
            ),
        ));
    }
    for (i, c) in chosen.iter().enumerate() {
        if chosen[..i].contains(c) {
            return Err(FieldError::with_messages(
                field,
                "Każdego kandydata można zaznaczyć tylko raz.",
                "Each candidate can be marked only once.",
            ));
        }
        if !allowed.contains(c) {
            return Err(FieldError::with_messages(
                field,
                "Na karcie jest osoba, która nie kandyduje w tych wyborach.",
                "The ballot marks someone who is not a candidate in this election.",
            ));
        }
    }
    Ok(())
}

fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
) -> Option<String> {
    required_text(value, max)
        .map_err(|e| errors.push(FieldError::new(field, &e)))
        .ok()
}

fn optional_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
) -> Option<String> {
    match optional_text(Some(value), max) {
        Ok(v) => v,
        Err(e) => {
            errors.push(FieldError::new(field, &e));
            None
        }
    }
}

/// Reads a whole number in `min..=max` under `field`; blank gives `default`.
pub fn read_count(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    default: i32,
    min: i32,
    max: i32,
) -> i32 {
    let v = value.trim();
    if v.is_empty() {
        return default;
    }
    match v.parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            errors.push(FieldError::with_messages(
                field,
                format!("Podaj liczbę całkowitą od {min} do {max}."),
                format!("Enter a whole number from {min} to {max}."),
            ));
            default
        }
    }
}

/// A member as typed, before checks.
#[derive(Clone, Debug, Default)]
pub struct MemberDraft {
    /// The person's name (shown publicly).
    pub name: String,
    /// `ngo`, `councillor` or `official`.
    pub seat_kind: String,
    /// `chair`, `vice_chair`, `secretary` or `member` (blank: member).
    pub function: String,
    /// The day the member joins (`YYYY-MM-DD`; blank: today).
    pub joined_on: String,
}

/// A checked member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMember {
    /// The name.
    pub name: String,
    /// The seat.
    pub seat_kind: SeatKind,
    /// The function.
    pub function: Function,
    /// The day the member joins, if given.
    pub joined_on: Option<Date>,
}

/// Checks a member: name, seat kind, function, optional date.
pub fn validate_member(d: &MemberDraft) -> Result<ValidMember, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = text_field(&mut errors, "name", &d.name, NAME_MAX_CHARS);
    let seat_kind = SeatKind::parse(&d.seat_kind);
    if seat_kind.is_none() {
        errors.push(FieldError::with_messages(
            "seat_kind",
            "Wybierz rodzaj miejsca: organizacja pozarządowa, radny albo urzędnik.",
            "Choose the kind of seat: NGO, councillor or official.",
        ));
    }
    let function = if d.function.trim().is_empty() {
        Some(Function::Member)
    } else {
        Function::parse(&d.function)
    };
    if function.is_none() {
        errors.push(FieldError::with_messages(
            "function",
            "Wybierz funkcję: przewodniczący, wiceprzewodniczący, sekretarz albo członek.",
            "Choose the function: chair, vice-chair, secretary or member.",
        ));
    }
    let joined_on = read_optional_date(&mut errors, "joined_on", &d.joined_on);
    match (name, seat_kind, function) {
        (Some(name), Some(seat_kind), Some(function)) if errors.is_empty() => Ok(ValidMember {
            name,
            seat_kind,
            function,
            joined_on,
        }),
        _ => Err(errors),
    }
}

/// Reads an optional `YYYY-MM-DD` date under `field`.
pub fn read_optional_date(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<Date> {
    if value.trim().is_empty() {
        return None;
    }
    match crate::time::parse_date(value) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(FieldError::new(field, &e));
            None
        }
    }
}

/// A reason of leaving, checked: required, at most 200 characters.
pub fn validate_reason(reason: &str) -> Result<String, FieldError> {
    required_text(reason, NAME_MAX_CHARS).map_err(|e| match e {
        TextProblem::Required => FieldError::with_messages(
            "reason",
            "Podaj powód odejścia (np. rezygnacja, odwołanie przez organizację).",
            "Give the reason for leaving (e.g. resignation, recalled by the organisation).",
        ),
        other => FieldError::new("reason", &other),
    })
}

/// Checks a required title (field `title`) and an optional or required long text.
pub fn validate_title_text(
    title: &str,
    text_field_name: &str,
    text: &str,
    text_required: bool,
) -> Result<(String, Option<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = text_field(&mut errors, "title", title, TITLE_MAX_CHARS);
    let text = if text_required {
        text_field(&mut errors, text_field_name, text, TEXT_MAX_CHARS)
    } else {
        optional_field(&mut errors, text_field_name, text, TEXT_MAX_CHARS)
    };
    match title {
        Some(t) if errors.is_empty() => Ok((t, text)),
        _ => Err(errors),
    }
}

/// Checks an optional long text under `field`.
pub fn validate_long_text(field: &str, text: &str) -> Result<Option<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let v = optional_field(&mut errors, field, text, TEXT_MAX_CHARS);
    if errors.is_empty() {
        Ok(v)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
