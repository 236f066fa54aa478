//! `/councils…`: the Public Benefit Council (Rada Działalności Pożytku Publicznego) — the NGOs'
//! joint request, the council's composition and term, elections of NGO members, meetings with
//! iCalendar files, opinion requests and resolutions with members' votes.
//!
//! The actions below are shared by the API handlers and the pages, so both check the same
//! permissions and rules. Who may do what:
//!
//! | action | who |
//! |---|---|
//! | read the register (councils, members, meetings, minutes, opinions, resolutions, elections) | anyone |
//! | sign the request, nominate, cast the NGO's ballot | a representative of an NGO of the municipality |
//! | create a council, members, constitute, elections, opinion requests, seat the elected | the municipality's officers |
//! | meetings (agenda, attendance, minutes), open and close resolutions, record a member's vote | officers and the council's secretary |
//! | vote on a resolution from one's own account | a current member linked to the account (role Council in the municipality) |
//! | see per-member votes before the vote is closed | officers and the secretary (each member sees their own) |

pub mod elections;
pub mod out;
pub mod register;
pub mod work;

use domain::FieldError;
use domain::accounts::Role;
use domain::council::{
    Choice, DEFAULT_CANDIDATES_PER_NGO, DEFAULT_TERM_YEARS, DEFAULT_VOTES_PER_BALLOT, Function,
    MAX_TERM_YEARS, Majority, MemberDraft, Quorum, VoteRules, read_count, validate_member,
    validate_reason, validate_title_text,
};
use domain::time::{parse_date, parse_rfc3339, parse_warsaw_local};
use jiff::Timestamp;
use store::accounts::User;
use store::council::elections::ElectionView;
use store::council::work::{MeetingView, NewMeeting, NewResolution, ResolutionView};
use store::council::{CouncilView, MemberLinks, NewCouncil, RequestView};
use store::municipalities::Municipality;

use crate::AppState;
use crate::error::ApiError;

// ---- permissions ------------------------------------------------------------------------------

/// The municipality's officers (and admins) run the council's paperwork.
pub fn is_officer(user: &User, municipality_id: &str) -> bool {
    user.has_role_in(Role::Officer, municipality_id)
}

/// The current secretary of the council, from their own account.
pub fn is_secretary(user: &User, c: &CouncilView) -> bool {
    c.member_of_user(&user.id)
        .is_some_and(|m| m.function == Function::Secretary)
}

/// Meetings, resolutions, recording votes: officers and the secretary.
pub fn can_record(user: &User, c: &CouncilView) -> bool {
    is_officer(user, &c.council.municipality_id) || is_secretary(user, c)
}

/// The member a user votes as: a current member linked to the account, holding the Council
/// role in the municipality.
pub fn own_member<'a>(user: &User, c: &'a CouncilView) -> Option<&'a store::council::MemberView> {
    if !user.has_role_in(Role::Council, &c.council.municipality_id) {
        return None;
    }
    c.member_of_user(&user.id)
}

/// Whether the user represents the organisation; `422` for an unknown one, `403` for one the
/// user does not represent.
async fn check_representative(
    state: &AppState,
    user: &User,
    organisation_id: &str,
) -> Result<(), ApiError> {
    let org = if store::ids::looks_like_id(organisation_id) {
        store::organisations::get(&state.db, organisation_id).await?
    } else {
        None
    };
    match org {
        None => Err(ApiError::Invalid(vec![FieldError::with_messages(
            "organisation_id",
            "Wybierz organizację, którą reprezentujesz.",
            "Choose an organisation you represent.",
        )])),
        Some(o) if !o.representative_ids.contains(&user.id) => Err(ApiError::Forbidden),
        Some(_) => Ok(()),
    }
}

// ---- loading ---------------------------------------------------------------------------------

/// A council by id; `404` otherwise.
pub async fn load_council(state: &AppState, id: &str) -> Result<CouncilView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    store::council::get_council(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// An election by id; `404` otherwise.
pub async fn load_election(state: &AppState, id: &str) -> Result<ElectionView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    store::council::elections::get(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A meeting by id; `404` otherwise.
pub async fn load_meeting(state: &AppState, id: &str) -> Result<MeetingView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    store::council::work::get_meeting(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A resolution by id; `404` otherwise.
pub async fn load_resolution(state: &AppState, id: &str) -> Result<ResolutionView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    store::council::work::get_resolution(&state.db, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The municipality's current council: the one with the latest term.
pub async fn current_council(
    state: &AppState,
    m: &Municipality,
) -> Result<Option<CouncilView>, ApiError> {
    match store::council::councils_of(&state.db, &m.id).await?.first() {
        Some(c) => Ok(store::council::get_council(&state.db, &c.id).await?),
        None => Ok(None),
    }
}

pub fn today(state: &AppState) -> jiff::civil::Date {
    store::small_grants::warsaw_date(state.now())
}

// ---- actions ----------------------------------------------------------------------------------

/// How instants are typed: RFC 3339 over the API, Warsaw wall time in forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeInput {
    Api,
    Form,
}

fn read_instant(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    input: TimeInput,
    required: bool,
) -> Option<Timestamp> {
    if value.trim().is_empty() {
        if required {
            errors.push(FieldError::with_messages(
                field,
                "Podaj datę i godzinę.",
                "Enter the date and time.",
            ));
        }
        return None;
    }
    let parsed = match input {
        TimeInput::Api => parse_rfc3339(value),
        TimeInput::Form => parse_warsaw_local(value),
    };
    parsed
        .map_err(|e| errors.push(FieldError::new(field, &e)))
        .ok()
}

fn read_required_date(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
) -> Option<jiff::civil::Date> {
    if value.trim().is_empty() {
        errors.push(FieldError::with_messages(
            field,
            "Podaj datę (RRRR-MM-DD).",
            "Enter the date (YYYY-MM-DD).",
        ));
        return None;
    }
    parse_date(value)
        .map_err(|e| errors.push(FieldError::new(field, &e)))
        .ok()
}

fn read_rules(errors: &mut Vec<FieldError>, quorum: &str, majority: &str) -> Option<VoteRules> {
    let q = if quorum.trim().is_empty() {
        None
    } else {
        let q = Quorum::parse(quorum);
        if q.is_none() {
            errors.push(FieldError::with_messages(
                "quorum",
                "Kworum: more_than_half, one_third albo none.",
                "Quorum: more_than_half, one_third or none.",
            ));
        }
        q
    };
    let m = if majority.trim().is_empty() {
        None
    } else {
        let m = Majority::parse(majority);
        if m.is_none() {
            errors.push(FieldError::with_messages(
                "majority",
                "Większość: simple, absolute albo two_thirds.",
                "Majority: simple, absolute or two_thirds.",
            ));
        }
        m
    };
    if q.is_none() && m.is_none() {
        return None;
    }
    let d = VoteRules::default();
    Some(VoteRules {
        quorum: q.unwrap_or(d.quorum),
        majority: m.unwrap_or(d.majority),
    })
}

/// A council as typed.
#[derive(Clone, Debug, Default)]
pub struct CouncilForm {
    pub name: String,
    pub term_years: String,
    pub term_start: String,
    pub quorum: String,
    pub majority: String,
}

/// Creates a council for an officer.
pub async fn create_council(
    state: &AppState,
    user: &User,
    m: &Municipality,
    f: &CouncilForm,
) -> Result<String, ApiError> {
    if !is_officer(user, &m.id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let name = if f.name.trim().is_empty() {
        format!("Rada Działalności Pożytku Publicznego — {}", m.name)
    } else {
        domain::validation::required_text(&f.name, domain::council::TITLE_MAX_CHARS)
            .map_err(|e| errors.push(FieldError::new("name", &e)))
            .unwrap_or_default()
    };
    let years = read_count(
        &mut errors,
        "term_years",
        &f.term_years,
        i32::from(DEFAULT_TERM_YEARS),
        1,
        i32::from(MAX_TERM_YEARS),
    );
    let start = read_required_date(&mut errors, "term_start", &f.term_start);
    let rules = read_rules(&mut errors, &f.quorum, &f.majority).unwrap_or_default();
    match start {
        Some(term_start) if errors.is_empty() => Ok(store::council::create_council(
            &state.db,
            &m.id,
            &NewCouncil {
                name,
                term_years: i16::try_from(years).unwrap_or(DEFAULT_TERM_YEARS),
                term_start,
                rules,
            },
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// An NGO's representative signs the joint request for it.
pub async fn sign_request(
    state: &AppState,
    user: &User,
    m: &Municipality,
    organisation_id: &str,
) -> Result<RequestView, ApiError> {
    check_representative(state, user, organisation_id).await?;
    Ok(
        store::council::sign_request(&state.db, &m.id, organisation_id, &user.id, state.now())
            .await?,
    )
}

/// A member as typed (the account is named by e-mail in forms, by id or e-mail over the API).
#[derive(Clone, Debug, Default)]
pub struct MemberForm {
    pub name: String,
    pub seat_kind: String,
    pub function: String,
    pub organisation_id: String,
    pub user_id: String,
    pub user_email: String,
    pub joined_on: String,
}

async fn read_member(
    state: &AppState,
    f: &MemberForm,
    prefix: &str,
) -> Result<(domain::council::ValidMember, MemberLinks), ApiError> {
    let mut errors = Vec::new();
    let valid = validate_member(&MemberDraft {
        name: f.name.clone(),
        seat_kind: f.seat_kind.clone(),
        function: f.function.clone(),
        joined_on: f.joined_on.clone(),
    })
    .map_err(|mut e| errors.append(&mut e))
    .ok();
    let organisation_id = Some(f.organisation_id.trim().to_string()).filter(|s| !s.is_empty());
    if let Some(o) = &organisation_id
        && !store::ids::looks_like_id(o)
    {
        errors.push(FieldError::with_messages(
            "organisation_id",
            "Nie ma takiej organizacji.",
            "There is no such organisation.",
        ));
    }
    let mut user_id = Some(f.user_id.trim().to_string()).filter(|s| !s.is_empty());
    if user_id.is_none() && !f.user_email.trim().is_empty() {
        let found = match domain::accounts::Email::parse(&f.user_email) {
            Ok(e) => store::accounts::find_login(&state.db, e.as_str()).await?,
            Err(_) => None,
        };
        match found {
            Some(r) => user_id = Some(r.id),
            None => errors.push(FieldError::with_messages(
                "user_email",
                "Nie ma konta z tym adresem e-mail. Członek może najpierw założyć konto.",
                "There is no account with this e-mail address. The member can register first.",
            )),
        }
    }
    let errors: Vec<FieldError> = errors
        .into_iter()
        .map(|mut e| {
            e.field = format!("{prefix}{}", e.field);
            e
        })
        .collect();
    match valid {
        Some(v) if errors.is_empty() => Ok((
            v,
            MemberLinks {
                organisation_id,
                user_id,
            },
        )),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Adds a member (officers).
pub async fn add_member(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    f: &MemberForm,
) -> Result<String, ApiError> {
    if !is_officer(user, &c.council.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let (m, links) = read_member(state, f, "").await?;
    Ok(
        store::council::add_member(&state.db, &c.council.id, &m, &links, &user.id, state.now())
            .await?,
    )
}

/// Records that a member left, with an optional replacement (officers).
pub async fn leave_member(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    member_id: &str,
    left_on: &str,
    reason: &str,
    replacement: Option<&MemberForm>,
) -> Result<Option<String>, ApiError> {
    if !is_officer(user, &c.council.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    if !c.members.iter().any(|m| m.member.id == member_id) {
        return Err(ApiError::NotFound);
    }
    let mut errors = Vec::new();
    let left = read_required_date(&mut errors, "left_on", left_on);
    let reason = validate_reason(reason).map_err(|e| errors.push(e)).ok();
    let replacement = match replacement {
        Some(f) => match read_member(state, f, "replacement.").await {
            Ok(r) => Some(r),
            Err(ApiError::Invalid(mut e)) => {
                errors.append(&mut e);
                None
            }
            Err(other) => return Err(other),
        },
        None => None,
    };
    match (left, reason) {
        (Some(left), Some(reason)) if errors.is_empty() => Ok(store::council::leave_member(
            &state.db,
            &c.council.id,
            member_id,
            left,
            &reason,
            replacement.as_ref().map(|(m, l)| (m, l)),
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Constitutes the council (officers); `409` below half NGO seats.
pub async fn constitute(state: &AppState, user: &User, c: &CouncilView) -> Result<(), ApiError> {
    if !is_officer(user, &c.council.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok(store::council::constitute(&state.db, &c.council.id, &user.id, state.now()).await?)
}

/// An election as typed.
#[derive(Clone, Debug, Default)]
pub struct ElectionForm {
    pub title: String,
    pub seats: String,
    pub candidates_per_ngo: String,
    pub votes_per_ballot: String,
    pub nominations_until: String,
    pub voting_until: String,
}

/// Creates an election (officers).
pub async fn create_election(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    f: &ElectionForm,
) -> Result<String, ApiError> {
    if !is_officer(user, &c.council.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let title = domain::validation::required_text(&f.title, domain::council::TITLE_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("title", &e)))
        .ok();
    if f.seats.trim().is_empty() {
        errors.push(FieldError::with_messages(
            "seats",
            "Podaj, ile miejsc dla organizacji obsadzają wybory.",
            "Give how many NGO seats the election fills.",
        ));
    }
    let seats = read_count(&mut errors, "seats", &f.seats, 1, 1, 100);
    let n = read_count(
        &mut errors,
        "candidates_per_ngo",
        &f.candidates_per_ngo,
        DEFAULT_CANDIDATES_PER_NGO,
        1,
        20,
    );
    let k = read_count(
        &mut errors,
        "votes_per_ballot",
        &f.votes_per_ballot,
        DEFAULT_VOTES_PER_BALLOT,
        1,
        100,
    );
    let nom = read_required_date(&mut errors, "nominations_until", &f.nominations_until);
    let vot = read_required_date(&mut errors, "voting_until", &f.voting_until);
    match (title, nom, vot) {
        (Some(title), Some(nominations_until), Some(voting_until)) if errors.is_empty() => {
            Ok(store::council::elections::create(
                &state.db,
                &c.council.id,
                &store::council::elections::NewElection {
                    title,
                    seats,
                    candidates_per_ngo: n,
                    votes_per_ballot: k,
                    nominations_until,
                    voting_until,
                },
                &user.id,
                state.now(),
            )
            .await?)
        }
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// An NGO's representative nominates a candidate.
pub async fn nominate(
    state: &AppState,
    user: &User,
    e: &ElectionView,
    organisation_id: &str,
    name: &str,
) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let name = domain::validation::required_text(name, domain::council::NAME_MAX_CHARS)
        .map_err(|err| errors.push(FieldError::new("name", &err)))
        .ok();
    match check_representative(state, user, organisation_id).await {
        Ok(()) => {}
        Err(ApiError::Invalid(mut e)) => errors.append(&mut e),
        Err(other) => return Err(other),
    }
    match name {
        Some(name) if errors.is_empty() => Ok(store::council::elections::nominate(
            &state.db,
            &e.election.id,
            organisation_id,
            &name,
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Moves an election on (officers): `voting` opens voting, `close` publishes the results.
pub async fn advance_election(
    state: &AppState,
    user: &User,
    e: &ElectionView,
    step: &str,
) -> Result<(), ApiError> {
    if !is_officer(user, &e.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    match step {
        "voting" => Ok(store::council::elections::open_voting(
            &state.db,
            &e.election.id,
            &user.id,
            state.now(),
        )
        .await?),
        _ => Ok(
            store::council::elections::close(&state.db, &e.election.id, &user.id, state.now())
                .await?,
        ),
    }
}

/// An NGO's representative casts the NGO's one ballot.
pub async fn cast_ballot(
    state: &AppState,
    user: &User,
    e: &ElectionView,
    organisation_id: &str,
    candidate_ids: &[String],
) -> Result<String, ApiError> {
    check_representative(state, user, organisation_id).await?;
    Ok(store::council::elections::cast_ballot(
        &state.db,
        &e.election.id,
        organisation_id,
        candidate_ids,
        &user.id,
        state.now(),
    )
    .await?)
}

/// Seats an elected candidate as an NGO member (officers).
pub async fn seat_candidate(
    state: &AppState,
    user: &User,
    e: &ElectionView,
    candidate_id: &str,
) -> Result<String, ApiError> {
    if !is_officer(user, &e.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    if !e.candidates.iter().any(|c| c.candidate.id == candidate_id) {
        return Err(ApiError::NotFound);
    }
    Ok(store::council::elections::seat(&state.db, candidate_id, &user.id, state.now()).await?)
}

/// A meeting as typed.
#[derive(Clone, Debug, Default)]
pub struct MeetingForm {
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub location: String,
    pub agenda: String,
    pub documents: String,
}

/// Schedules a meeting (officers, secretary). Without an end, it lasts two hours.
pub async fn create_meeting(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    f: &MeetingForm,
    input: TimeInput,
) -> Result<String, ApiError> {
    if !can_record(user, c) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let texts = validate_title_text(&f.title, "agenda", &f.agenda, true)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    let location = domain::validation::required_text(&f.location, domain::council::TITLE_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("location", &e)))
        .ok();
    let documents = domain::council::validate_long_text("documents", &f.documents)
        .map_err(|mut e| errors.append(&mut e))
        .ok()
        .flatten();
    let starts = read_instant(&mut errors, "starts_at", &f.starts_at, input, true);
    let ends = read_instant(&mut errors, "ends_at", &f.ends_at, input, false);
    match (texts, location, starts) {
        (Some((title, agenda)), Some(location), Some(starts_at)) if errors.is_empty() => {
            let ends_at = ends.unwrap_or_else(|| starts_at + jiff::SignedDuration::from_hours(2));
            Ok(store::council::work::create_meeting(
                &state.db,
                &c.council.id,
                &NewMeeting {
                    title,
                    starts_at,
                    ends_at,
                    location,
                    agenda: agenda.unwrap_or_default(),
                    documents,
                },
                &user.id,
                state.now(),
            )
            .await?)
        }
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Records attendance (officers, secretary).
pub async fn set_attendance(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    m: &MeetingView,
    present: &[String],
) -> Result<(), ApiError> {
    if !can_record(user, c) {
        return Err(ApiError::Forbidden);
    }
    Ok(store::council::work::set_attendance(
        &state.db,
        &m.meeting.id,
        present,
        &user.id,
        state.now(),
    )
    .await?)
}

/// Publishes the minutes and the next meeting's date (officers, secretary).
pub async fn publish_minutes(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    m: &MeetingView,
    minutes: &str,
    next_meeting_at: &str,
    input: TimeInput,
) -> Result<(), ApiError> {
    if !can_record(user, c) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let minutes = domain::validation::required_text(minutes, domain::council::TEXT_MAX_CHARS)
        .map_err(|e| errors.push(FieldError::new("minutes", &e)))
        .ok();
    let next = read_instant(
        &mut errors,
        "next_meeting_at",
        next_meeting_at,
        input,
        false,
    );
    match minutes {
        Some(minutes) if errors.is_empty() => Ok(store::council::work::publish_minutes(
            &state.db,
            &m.meeting.id,
            &minutes,
            next,
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// Sends a document for the council's opinion (officers).
pub async fn request_opinion(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    title: &str,
    document: &str,
) -> Result<String, ApiError> {
    if !is_officer(user, &c.council.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let (title, document) =
        validate_title_text(title, "document", document, true).map_err(ApiError::Invalid)?;
    Ok(store::council::work::request_opinion(
        &state.db,
        &c.council.id,
        &title,
        &document.unwrap_or_default(),
        &user.id,
        state.now(),
    )
    .await?)
}

/// A resolution as typed.
#[derive(Clone, Debug, Default)]
pub struct ResolutionForm {
    pub title: String,
    pub text: String,
    pub meeting_id: String,
    pub opinion_request_id: String,
    pub quorum: String,
    pub majority: String,
}

/// Puts a resolution to the vote (officers, secretary).
pub async fn open_resolution(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    f: &ResolutionForm,
) -> Result<String, ApiError> {
    if !can_record(user, c) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let texts = validate_title_text(&f.title, "text", &f.text, true)
        .map_err(|mut e| errors.append(&mut e))
        .ok();
    let rules = read_rules(&mut errors, &f.quorum, &f.majority);
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    match texts {
        Some((title, body)) if errors.is_empty() => Ok(store::council::work::open_resolution(
            &state.db,
            &c.council.id,
            &NewResolution {
                title,
                body: body.unwrap_or_default(),
                meeting_id: opt(&f.meeting_id),
                opinion_request_id: opt(&f.opinion_request_id),
                rules,
            },
            &user.id,
            state.now(),
        )
        .await?),
        _ => Err(ApiError::Invalid(errors)),
    }
}

/// A vote: a member from their own account, or the secretary/officer for a named member.
pub async fn vote(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    r: &ResolutionView,
    choice: &str,
    member_id: Option<&str>,
) -> Result<(), ApiError> {
    let own = own_member(user, c).map(|m| m.member.id.clone());
    let member_id = match member_id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(m) if Some(m) == own.as_deref() => m.to_string(),
        Some(m) if can_record(user, c) => m.to_string(),
        Some(_) => return Err(ApiError::Forbidden),
        None => own.ok_or(ApiError::Forbidden)?,
    };
    let choice = Choice::parse(choice).ok_or_else(|| {
        ApiError::Invalid(vec![FieldError::with_messages(
            "choice",
            "Wybierz: za (for), przeciw (against) albo wstrzymuję się (abstain).",
            "Choose: for, against or abstain.",
        )])
    })?;
    Ok(store::council::work::cast_vote(
        &state.db,
        &r.resolution.id,
        &member_id,
        choice,
        &user.id,
        state.now(),
    )
    .await?)
}

/// Closes a vote and counts it (officers, secretary).
pub async fn close_resolution(
    state: &AppState,
    user: &User,
    c: &CouncilView,
    r: &ResolutionView,
) -> Result<(), ApiError> {
    if !can_record(user, c) {
        return Err(ApiError::Forbidden);
    }
    store::council::work::close_resolution(&state.db, &r.resolution.id, &user.id, state.now())
        .await?;
    Ok(())
}

/// Whether the user may see per-member votes of an open resolution.
pub fn sees_open_votes(user: Option<&User>, c: &CouncilView) -> bool {
    user.is_some_and(|u| can_record(u, c))
}
