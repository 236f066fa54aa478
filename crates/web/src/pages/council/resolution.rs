//! `/rada/uchwaly/{id}`: a resolution — its text, the member's own vote, the secretary's or
//! officer's record of a member's vote, closing, and the published result with every vote.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::council::{Choice as VoteChoice, SeatKind};
use store::council::work::ResolutionView;

use super::{Choice, HistoryRow, Metadata, Posted, history, not_found, refusal};
use crate::AppState;
use crate::api::council::{
    self as actions, can_record, load_council, load_resolution, own_member, sees_open_votes,
};
use crate::auth::Visitor;
use crate::pages::{Chrome, FormErrors, PageError, require_user, when};

pub struct VoteRow {
    pub name: String,
    pub seat: String,
    pub choice: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "council/resolution.html")]
pub struct ResolutionPage {
    c: Chrome,
    r: ResolutionView,
    slug: String,
    municipality_name: String,
    open: bool,
    rules: String,
    outcome: Option<String>,
    votes_for: u32,
    against: u32,
    abstain: u32,
    members: u32,
    voted: u32,
    votes: Vec<VoteRow>,
    show_votes: bool,
    /// The visitor's own vote so far.
    my_vote: Option<String>,
    can_vote: bool,
    recorder: bool,
    member_choices: Vec<Choice>,
    vote_choices: Vec<Choice>,
    meta: Metadata,
    history: Vec<HistoryRow>,
    errors: FormErrors,
    posted: Posted,
}

impl ResolutionPage {
    fn v(&self, key: &str) -> String {
        self.posted.get(key)
    }
    fn shows(&self, which: &str) -> bool {
        self.posted.which == which && !self.errors.is_empty()
    }
}

async fn page(
    state: &AppState,
    v: &Visitor,
    r: ResolutionView,
    errors: FormErrors,
    posted: Posted,
) -> Result<ResolutionPage, PageError> {
    let lang = v.lang;
    let c = load_council(state, &r.resolution.council_id)
        .await
        .map_err(not_found(lang))?;
    let user = v.user.as_ref();
    let recorder = user.is_some_and(|u| can_record(u, &c));
    let own = user
        .and_then(|u| own_member(u, &c))
        .map(|m| m.member.id.clone());
    let open = r.is_open();
    let show_votes = !open || sees_open_votes(user, &c);
    let k = &r.resolution;
    let mut chrome = if user.is_some() {
        Chrome::form(v, "council-resolution-title").await
    } else {
        Chrome::new(v, "council-resolution-title").await
    };
    chrome.title = k.title.clone();
    if !errors.is_empty() {
        chrome.title = format!("{}: {}", chrome.t("form-has-errors-title"), chrome.title);
    }
    let t = r.tally;
    Ok(ResolutionPage {
        slug: c.municipality_slug.clone(),
        municipality_name: c.municipality_name.clone(),
        open,
        rules: format!(
            "{}: {}; {}: {}",
            crate::i18n::t(lang, "council-quorum"),
            r.rules.quorum.label(lang),
            crate::i18n::t(lang, "council-majority"),
            r.rules.majority.label(lang)
        ),
        outcome: t.map(|t| t.outcome.label(lang).to_string()),
        votes_for: t.map(|t| t.votes_for).unwrap_or(0),
        against: t.map(|t| t.against).unwrap_or(0),
        abstain: t.map(|t| t.abstain).unwrap_or(0),
        members: t.map(|t| t.members).unwrap_or(0),
        voted: t.map(|t| t.voted()).unwrap_or(0),
        votes: r
            .votes
            .iter()
            .filter(|x| show_votes || own.as_deref() == Some(x.member_id.as_str()))
            .map(|x| VoteRow {
                name: x.member_name.clone(),
                seat: SeatKind::parse(&x.seat_kind)
                    .map(|k| k.label(lang).to_string())
                    .unwrap_or_default(),
                choice: x.choice.label(lang).to_string(),
            })
            .collect(),
        show_votes,
        my_vote: own.as_ref().and_then(|id| {
            r.votes
                .iter()
                .find(|x| &x.member_id == id)
                .map(|x| x.choice.label(lang).to_string())
        }),
        can_vote: open && own.is_some(),
        recorder,
        member_choices: c
            .current()
            .map(|m| Choice {
                value: m.member.id.clone(),
                label: m.member.name.clone(),
            })
            .collect(),
        vote_choices: VoteChoice::ALL
            .iter()
            .map(|x| Choice {
                value: x.as_str().to_string(),
                label: x.label(lang).to_string(),
            })
            .collect(),
        meta: Metadata {
            prepared_by: r.opened_by_name.clone(),
            published_by: r.closed_by_name.clone(),
            created: when(k.opened_at, lang),
            published: k.closed_at.map(|t| when(t, lang)),
            updated: when(k.updated_at, lang),
        },
        history: history(state, "council_resolution", &k.id, lang).await?,
        c: chrome,
        errors,
        posted,
        r,
    })
}

/// `/rada/uchwaly/{id}`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<ResolutionPage, PageError> {
    let r = load_resolution(&state, &id)
        .await
        .map_err(not_found(v.lang))?;
    page(&state, &v, r, FormErrors::default(), Posted::default()).await
}

/// A member votes, or the secretary/officer records a member's vote (`vote.member_id`).
pub async fn vote(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let r = load_resolution(&state, &id)
        .await
        .map_err(not_found(v.lang))?;
    let c = load_council(&state, &r.resolution.council_id)
        .await
        .map_err(not_found(v.lang))?;
    let which = if pairs.iter().any(|(k, _)| k == "record.member_id") {
        "record"
    } else {
        "vote"
    };
    let posted = Posted::new(which, pairs);
    let member = (which == "record").then(|| posted.get("record.member_id"));
    if which == "record" && member.as_deref().is_some_and(|m| m.trim().is_empty()) {
        let err = crate::error::ApiError::Invalid(vec![domain::FieldError::with_messages(
            "member_id",
            "Wybierz członka rady, którego głos zapisujesz.",
            "Choose the member whose vote you record.",
        )]);
        let (status, errors) = refusal(err, which, v.lang)?;
        let page = page(&state, &v, r, errors, posted).await?;
        return Ok((status, page).into_response());
    }
    let choice = posted.get(&format!("{which}.choice"));
    match actions::vote(&state, &user, &c, &r, &choice, member.as_deref()).await {
        Ok(()) => Ok(Redirect::to(&format!("/rada/uchwaly/{id}?zapisano=1")).into_response()),
        Err(err) => {
            let (status, errors) = refusal(err, which, v.lang)?;
            let r = load_resolution(&state, &id)
                .await
                .map_err(not_found(v.lang))?;
            let page = page(&state, &v, r, errors, posted).await?;
            Ok((status, page).into_response())
        }
    }
}

/// Closes the vote.
pub async fn close(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let r = load_resolution(&state, &id)
        .await
        .map_err(not_found(v.lang))?;
    let c = load_council(&state, &r.resolution.council_id)
        .await
        .map_err(not_found(v.lang))?;
    match actions::close_resolution(&state, &user, &c, &r).await {
        Ok(()) => Ok(Redirect::to(&format!("/rada/uchwaly/{id}")).into_response()),
        Err(err) => {
            let (status, errors) = refusal(err, "close", v.lang)?;
            let page = page(&state, &v, r, errors, Posted::new("close", vec![])).await?;
            Ok((status, page).into_response())
        }
    }
}
