//! `/{slug}/rada`: the public register of the council with the officers' forms, and
//! `/{slug}/rada/wniosek`: the NGOs' joint request.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Lang;
use domain::council::{ElectionPhase, Function, Majority, OpinionState, Outcome, Quorum, SeatKind};
use domain::organisations::OrganisationKind;
use domain::time::format_date;
use store::council::CouncilView;
use store::municipalities::Municipality;

use super::{Choice, HistoryRow, Metadata, Posted, history, refusal};
use crate::AppState;
use crate::api::council::{
    self as actions, CouncilForm, ElectionForm, MeetingForm, MemberForm, ResolutionForm, TimeInput,
    can_record, current_council, is_officer,
};
use crate::api::purchases::export::attachment;
use crate::auth::Visitor;
use crate::pages::purchases::municipality;
use crate::pages::{Chrome, FormErrors, PageError, require_user, when};

pub struct MemberRow {
    pub name: String,
    pub seat: String,
    pub function: String,
    pub organisation: String,
    pub joined: String,
    pub left: String,
    pub reason: String,
}

pub struct LinkRow {
    pub href: String,
    pub title: String,
    pub detail: String,
}

pub struct CompositionFacts {
    pub ngo: u32,
    pub total: u32,
    pub missing: u32,
    pub valid: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "council/register.html")]
pub struct RegisterPage {
    c: Chrome,
    m: Municipality,
    has_council: bool,
    name: String,
    status: String,
    constituted: bool,
    term: String,
    rules: String,
    composition: CompositionFacts,
    members: Vec<MemberRow>,
    former: Vec<MemberRow>,
    meetings: Vec<LinkRow>,
    resolutions: Vec<LinkRow>,
    opinions: Vec<LinkRow>,
    elections: Vec<LinkRow>,
    request_count: usize,
    request_deadline: Option<String>,
    officer: bool,
    recorder: bool,
    meta: Option<Metadata>,
    history: Vec<HistoryRow>,
    organisations: Vec<Choice>,
    current_members: Vec<Choice>,
    meeting_choices: Vec<Choice>,
    opinion_choices: Vec<Choice>,
    seat_kinds: Vec<Choice>,
    functions: Vec<Choice>,
    quorums: Vec<Choice>,
    majorities: Vec<Choice>,
    errors: FormErrors,
    posted: Posted,
    saved: bool,
}

impl RegisterPage {
    fn v(&self, key: &str) -> String {
        self.posted.get(key)
    }
    fn shows(&self, which: &str) -> bool {
        self.posted.which == which && !self.errors.is_empty()
    }
}

fn choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<Choice> {
    all.iter()
        .map(|x| Choice {
            value: code(*x).to_string(),
            label: label(*x),
        })
        .collect()
}

fn member_row(m: &store::council::MemberView, lang: Lang) -> MemberRow {
    MemberRow {
        name: m.member.name.clone(),
        seat: m.seat_kind.label(lang).to_string(),
        function: m.function.label(lang).to_string(),
        organisation: m.organisation_name.clone().unwrap_or_default(),
        joined: format_date(m.joined_on, lang),
        left: m.left_on.map(|d| format_date(d, lang)).unwrap_or_default(),
        reason: m.member.leave_reason.clone().unwrap_or_default(),
    }
}

async fn register_page(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    errors: FormErrors,
    posted: Posted,
    saved: bool,
) -> Result<RegisterPage, PageError> {
    let lang = v.lang;
    let user = v.user.as_ref();
    let council = current_council(state, &m)
        .await
        .map_err(super::not_found(lang))?;
    let request = store::council::request(&state.db, &m.id).await?;
    let officer = user.is_some_and(|u| is_officer(u, &m.id));
    let recorder = match (&council, user) {
        (Some(c), Some(u)) => can_record(u, c),
        _ => false,
    };
    let organisations = if officer {
        store::organisations::ngos_in(&state.db, &m.id)
            .await?
            .into_iter()
            .map(|o| Choice {
                value: o.id,
                label: o.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let title = format!("{} — {}", crate::i18n::t(lang, "council-title"), m.name);
    let mut c = if officer || recorder {
        let mut c = Chrome::form(v, "council-title").await;
        c.title = title;
        c
    } else {
        Chrome::titled(v, title).await
    };
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    let mut page = RegisterPage {
        c,
        has_council: council.is_some(),
        name: String::new(),
        status: String::new(),
        constituted: false,
        term: String::new(),
        rules: String::new(),
        composition: CompositionFacts {
            ngo: 0,
            total: 0,
            missing: 0,
            valid: false,
        },
        members: Vec::new(),
        former: Vec::new(),
        meetings: Vec::new(),
        resolutions: Vec::new(),
        opinions: Vec::new(),
        elections: Vec::new(),
        request_count: request.signatures.len(),
        request_deadline: request.create_by.map(|d| format_date(d, lang)),
        officer,
        recorder,
        meta: None,
        history: Vec::new(),
        organisations,
        current_members: Vec::new(),
        meeting_choices: Vec::new(),
        opinion_choices: Vec::new(),
        seat_kinds: choices(&SeatKind::ALL, SeatKind::as_str, |k| {
            k.label(lang).to_string()
        }),
        functions: choices(&Function::ALL, Function::as_str, |k| {
            k.label(lang).to_string()
        }),
        quorums: choices(&Quorum::ALL, Quorum::as_str, |k| k.label(lang).to_string()),
        majorities: choices(&Majority::ALL, Majority::as_str, |k| {
            k.label(lang).to_string()
        }),
        errors,
        posted,
        saved,
        m,
    };
    if let Some(cv) = council {
        fill(state, &mut page, &cv, lang).await?;
    }
    Ok(page)
}

async fn fill(
    state: &AppState,
    page: &mut RegisterPage,
    cv: &CouncilView,
    lang: Lang,
) -> Result<(), PageError> {
    let k = &cv.council;
    let reg = crate::api::council::register::register_of(state, cv)
        .await
        .map_err(super::not_found(lang))?;
    let comp = cv.composition();
    page.name = k.name.clone();
    page.constituted = cv.is_constituted();
    page.status = crate::i18n::t(
        lang,
        if page.constituted {
            "council-status-constituted"
        } else {
            "council-status-forming"
        },
    );
    page.term = format!(
        "{} – {} ({} {})",
        format_date(cv.term_start, lang),
        format_date(cv.term_end, lang),
        k.term_years,
        crate::i18n::t(lang, "council-years")
    );
    page.rules = format!(
        "{}: {}; {}: {}",
        crate::i18n::t(lang, "council-quorum"),
        cv.rules.quorum.label(lang),
        crate::i18n::t(lang, "council-majority"),
        cv.rules.majority.label(lang)
    );
    page.composition = CompositionFacts {
        ngo: comp.ngo,
        total: comp.total,
        missing: comp.missing_ngo_seats(),
        valid: comp.is_valid(),
    };
    page.members = cv.current().map(|m| member_row(m, lang)).collect();
    page.former = cv
        .members
        .iter()
        .filter(|m| !m.is_current())
        .map(|m| member_row(m, lang))
        .collect();
    page.current_members = cv
        .current()
        .map(|m| Choice {
            value: m.member.id.clone(),
            label: m.member.name.clone(),
        })
        .collect();
    page.meetings = reg
        .meetings
        .iter()
        .map(|x| LinkRow {
            href: format!("/rada/posiedzenia/{}", x.id),
            title: x.title.clone(),
            detail: format!(
                "{}{}",
                when(x.starts_at, lang),
                if x.minutes_published_at.is_some() {
                    format!(" — {}", crate::i18n::t(lang, "council-minutes-published"))
                } else {
                    String::new()
                }
            ),
        })
        .collect();
    page.meeting_choices = reg
        .meetings
        .iter()
        .map(|x| Choice {
            value: x.id.clone(),
            label: format!("{} ({})", x.title, when(x.starts_at, lang)),
        })
        .collect();
    page.resolutions = reg
        .resolutions
        .iter()
        .map(|r| LinkRow {
            href: format!("/rada/uchwaly/{}", r.id),
            title: r.title.clone(),
            detail: match r.outcome.as_deref().and_then(Outcome::parse) {
                Some(o) => o.label(lang).to_string(),
                None => crate::i18n::t(lang, "council-voting-open"),
            },
        })
        .collect();
    page.opinions = reg
        .opinions
        .iter()
        .map(|o| LinkRow {
            href: o
                .opinion
                .as_ref()
                .map(|(rid, _)| format!("/rada/uchwaly/{rid}"))
                .unwrap_or_default(),
            title: o.request.title.clone(),
            detail: format!(
                "{} {}, {} {} — {}",
                crate::i18n::t(lang, "council-delivered"),
                format_date(o.delivered_on, lang),
                crate::i18n::t(lang, "council-deadline"),
                format_date(o.deadline, lang),
                o.state.label(lang)
            ),
        })
        .collect();
    page.opinion_choices = reg
        .opinions
        .iter()
        .filter(|o| o.state == OpinionState::Pending)
        .map(|o| Choice {
            value: o.request.id.clone(),
            label: o.request.title.clone(),
        })
        .collect();
    page.elections = reg
        .elections
        .iter()
        .map(|e| LinkRow {
            href: format!("/rada/wybory/{}", e.id),
            title: e.title.clone(),
            detail: ElectionPhase::parse(&e.phase)
                .map(|p| p.label(lang).to_string())
                .unwrap_or_default(),
        })
        .collect();
    page.meta = Some(Metadata {
        prepared_by: cv.created_by_name.clone(),
        published_by: cv.constituted_by_name.clone(),
        created: when(k.created_at, lang),
        published: k.constituted_at.map(|t| when(t, lang)),
        updated: when(k.updated_at, lang),
    });
    page.history = history(state, "council", &k.id, lang).await?;
    Ok(())
}

/// `/{slug}/rada`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<RegisterPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    register_page(
        &state,
        &v,
        m,
        FormErrors::default(),
        Posted::default(),
        q.contains_key("zapisano"),
    )
    .await
}

/// Runs an officer action posted from the register page and answers with a redirect, or the
/// page again with the form's errors.
async fn act<F, Fut>(
    state: AppState,
    v: Visitor,
    slug: String,
    which: &str,
    pairs: Vec<(String, String)>,
    action: F,
) -> Result<Response, PageError>
where
    F: FnOnce(AppState, store::accounts::User, Municipality, Option<CouncilView>, Posted) -> Fut,
    Fut: std::future::Future<Output = Result<String, crate::error::ApiError>>,
{
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let council = current_council(&state, &m)
        .await
        .map_err(super::not_found(v.lang))?;
    let posted = Posted::new(which, pairs);
    let typed = Posted::new(which, posted.pairs.clone());
    match action(state.clone(), user, m.clone(), council, posted).await {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(err) => {
            let (status, errors) = refusal(err, which, v.lang)?;
            let page = register_page(&state, &v, m, errors, typed, false).await?;
            Ok((status, page).into_response())
        }
    }
}

fn need(c: Option<CouncilView>) -> Result<CouncilView, crate::error::ApiError> {
    c.ok_or(crate::error::ApiError::NotFound)
}

fn saved(slug: &str) -> String {
    format!("/{slug}/rada?zapisano=1")
}

/// Creates the council (officers).
pub async fn create_council(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let back = saved(&slug);
    act(
        state,
        v,
        slug,
        "council",
        pairs,
        |state, user, m, _, p| async move {
            let f = CouncilForm {
                name: p.get("council.name"),
                term_years: p.get("council.term_years"),
                term_start: p.get("council.term_start"),
                quorum: p.get("council.quorum"),
                majority: p.get("council.majority"),
            };
            actions::create_council(&state, &user, &m, &f)
                .await
                .map(|_| back)
        },
    )
    .await
}

fn member_form(p: &Posted, prefix: &str) -> MemberForm {
    MemberForm {
        name: p.get(&format!("{prefix}.name")),
        seat_kind: p.get(&format!("{prefix}.seat_kind")),
        function: p.get(&format!("{prefix}.function")),
        organisation_id: p.get(&format!("{prefix}.organisation_id")),
        user_id: String::new(),
        user_email: p.get(&format!("{prefix}.user_email")),
        joined_on: p.get(&format!("{prefix}.joined_on")),
    }
}

/// Adds a member (officers).
pub async fn add_member(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let back = format!("/{slug}/rada?zapisano=1#sklad");
    act(
        state,
        v,
        slug,
        "member",
        pairs,
        |state, user, _, c, p| async move {
            let c = need(c)?;
            actions::add_member(&state, &user, &c, &member_form(&p, "member"))
                .await
                .map(|_| back)
        },
    )
    .await
}

/// Records that a member left, with an optional replacement (officers).
pub async fn leave(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let back = format!("/{slug}/rada?zapisano=1#sklad");
    act(
        state,
        v,
        slug,
        "leave",
        pairs,
        |state, user, _, c, p| async move {
            let c = need(c)?;
            let replacement = member_form(&p, "leave.replacement");
            let has_replacement = !replacement.name.trim().is_empty();
            actions::leave_member(
                &state,
                &user,
                &c,
                &p.get("leave.member_id"),
                &p.get("leave.left_on"),
                &p.get("leave.reason"),
                has_replacement.then_some(&replacement),
            )
            .await
            .map(|_| back)
        },
    )
    .await
}

/// Constitutes the council (officers); refused below half NGO seats.
pub async fn constitute(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let back = saved(&slug);
    act(
        state,
        v,
        slug,
        "constitute",
        pairs,
        |state, user, _, c, _| async move {
            let c = need(c)?;
            actions::constitute(&state, &user, &c).await.map(|_| back)
        },
    )
    .await
}

/// Schedules a meeting (officers, the secretary).
pub async fn create_meeting(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        slug,
        "meeting",
        pairs,
        |state, user, _, c, p| async move {
            let c = need(c)?;
            let f = MeetingForm {
                title: p.get("meeting.title"),
                starts_at: p.get("meeting.starts_at"),
                ends_at: p.get("meeting.ends_at"),
                location: p.get("meeting.location"),
                agenda: p.get("meeting.agenda"),
                documents: p.get("meeting.documents"),
            };
            actions::create_meeting(&state, &user, &c, &f, TimeInput::Form)
                .await
                .map(|id| format!("/rada/posiedzenia/{id}"))
        },
    )
    .await
}

/// Sends a document for the council's opinion (officers).
pub async fn request_opinion(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let back = format!("/{slug}/rada?zapisano=1#opinie");
    act(
        state,
        v,
        slug,
        "opinion",
        pairs,
        |state, user, _, c, p| async move {
            let c = need(c)?;
            actions::request_opinion(
                &state,
                &user,
                &c,
                &p.get("opinion.title"),
                &p.get("opinion.document"),
            )
            .await
            .map(|_| back)
        },
    )
    .await
}

/// Puts a resolution to the vote (officers, the secretary).
pub async fn open_resolution(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        slug,
        "resolution",
        pairs,
        |state, user, _, c, p| async move {
            let c = need(c)?;
            let f = ResolutionForm {
                title: p.get("resolution.title"),
                text: p.get("resolution.text"),
                meeting_id: p.get("resolution.meeting_id"),
                opinion_request_id: p.get("resolution.opinion_request_id"),
                quorum: String::new(),
                majority: String::new(),
            };
            actions::open_resolution(&state, &user, &c, &f)
                .await
                .map(|id| format!("/rada/uchwaly/{id}"))
        },
    )
    .await
}

/// Creates an election of NGO members (officers).
pub async fn create_election(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        slug,
        "election",
        pairs,
        |state, user, _, c, p| async move {
            let c = need(c)?;
            let f = ElectionForm {
                title: p.get("election.title"),
                seats: p.get("election.seats"),
                candidates_per_ngo: p.get("election.candidates_per_ngo"),
                votes_per_ballot: p.get("election.votes_per_ballot"),
                nominations_until: p.get("election.nominations_until"),
                voting_until: p.get("election.voting_until"),
            };
            actions::create_election(&state, &user, &c, &f)
                .await
                .map(|id| format!("/rada/wybory/{id}"))
        },
    )
    .await
}

/// `/{slug}/rada/kalendarz.ics`: every meeting of the current council.
pub async fn calendar_file(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    let c = current_council(&state, &m)
        .await
        .map_err(super::not_found(v.lang))?
        .ok_or(PageError::NotFound(v.lang))?;
    let body = crate::api::council::work::council_ics(&state, &c)
        .await
        .map_err(super::not_found(v.lang))?;
    Ok(attachment(
        body.into_bytes(),
        crate::api::council::work::ICS,
        &format!("rada-{}.ics", m.slug),
    ))
}

// ---- the request ------------------------------------------------------------------------------

pub struct SignatureRow {
    pub organisation: String,
    pub when: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "council/request.html")]
pub struct RequestPage {
    c: Chrome,
    m: Municipality,
    signatures: Vec<SignatureRow>,
    count: usize,
    missing: usize,
    reached_on: Option<String>,
    create_by: Option<String>,
    logged_in: bool,
    login_href: String,
    organisations: Vec<Choice>,
    errors: FormErrors,
    posted: Posted,
    signed: bool,
}

impl RequestPage {
    fn selected(&self, id: &str) -> bool {
        self.posted.get("sign.organisation_id") == id
    }
}

async fn request_view(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    errors: FormErrors,
    posted: Posted,
    signed: bool,
) -> Result<RequestPage, PageError> {
    let lang = v.lang;
    let r = store::council::request(&state.db, &m.id).await?;
    let organisations = match &v.user {
        Some(u) => store::organisations::of_user(&state.db, &u.id)
            .await?
            .into_iter()
            .filter(|o| {
                o.kind == OrganisationKind::Ngo.as_str()
                    && o.municipality_id == m.id
                    && !r.signatures.iter().any(|s| s.organisation_id == o.id)
            })
            .map(|o| Choice {
                value: o.id,
                label: o.name,
            })
            .collect(),
        None => Vec::new(),
    };
    let title = format!(
        "{} — {}",
        crate::i18n::t(lang, "council-request-title"),
        m.name
    );
    let mut c = if v.user.is_some() {
        let mut c = Chrome::form(v, "council-request-title").await;
        c.title = title;
        c
    } else {
        Chrome::titled(v, title).await
    };
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(RequestPage {
        c,
        count: r.signatures.len(),
        missing: r.missing(),
        signatures: r
            .signatures
            .iter()
            .map(|s| SignatureRow {
                organisation: s.organisation_name.clone(),
                when: when(s.signed_at, lang),
            })
            .collect(),
        reached_on: r.reached_on.map(|d| format_date(d, lang)),
        create_by: r.create_by.map(|d| format_date(d, lang)),
        logged_in: v.user.is_some(),
        login_href: format!("/logowanie?powrot=/{}/rada/wniosek", m.slug),
        organisations,
        errors,
        posted,
        signed,
        m,
    })
}

/// `/{slug}/rada/wniosek`.
pub async fn request_page(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<RequestPage, PageError> {
    let m = municipality(&state, &v, &slug).await?;
    request_view(
        &state,
        &v,
        m,
        FormErrors::default(),
        Posted::default(),
        q.contains_key("podpisano"),
    )
    .await
}

/// An NGO's representative signs the request.
pub async fn sign(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let posted = Posted::new("sign", pairs);
    let org = posted.get("sign.organisation_id");
    match actions::sign_request(&state, &user, &m, &org).await {
        Ok(_) => Ok(Redirect::to(&format!("/{slug}/rada/wniosek?podpisano=1")).into_response()),
        Err(crate::error::ApiError::Forbidden) => {
            let err = crate::error::ApiError::Invalid(vec![domain::FieldError::with_messages(
                "organisation_id",
                "Wybierz organizację, którą reprezentujesz.",
                "Choose an organisation you represent.",
            )]);
            let (status, errors) = refusal(err, "sign", v.lang)?;
            let page = request_view(&state, &v, m, errors, posted, false).await?;
            Ok((status, page).into_response())
        }
        Err(err) => {
            let (status, errors) = refusal(err, "sign", v.lang)?;
            let page = request_view(&state, &v, m, errors, posted, false).await?;
            Ok((status, page).into_response())
        }
    }
}
