//! `/rada/wybory/{id}`: an election of NGO members — candidates, the nomination form, the NGO's
//! ballot, the results with ties, and the officer's steps.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::council::{ElectionPhase, Standing};
use domain::organisations::OrganisationKind;
use domain::time::format_date;
use store::council::elections::ElectionView;

use super::{Choice, HistoryRow, Posted, history, not_found, refusal};
use crate::AppState;
use crate::api::council::{self as actions, is_officer, load_election};
use crate::auth::Visitor;
use crate::pages::{Chrome, FormErrors, PageError, require_user};

pub struct CandidateRow {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub votes: u32,
    pub rank: u32,
    pub standing: String,
    pub tie: bool,
    pub can_seat: bool,
    pub seated: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "council/election.html")]
pub struct ElectionPage {
    c: Chrome,
    e: ElectionView,
    slug: String,
    municipality_name: String,
    phase: String,
    nominations_until: String,
    voting_until: String,
    candidates: Vec<CandidateRow>,
    has_tie: bool,
    nominating: bool,
    voting: bool,
    closed: bool,
    logged_in: bool,
    login_href: String,
    /// NGOs of the visitor that may nominate or vote (not yet voted).
    organisations: Vec<Choice>,
    officer: bool,
    errors: FormErrors,
    posted: Posted,
    history: Vec<HistoryRow>,
}

impl ElectionPage {
    fn v(&self, key: &str) -> String {
        self.posted.get(key)
    }
    fn shows(&self, which: &str) -> bool {
        self.posted.which == which && !self.errors.is_empty()
    }
    fn marked(&self, id: &str) -> bool {
        self.posted
            .all("ballot.candidate_ids")
            .iter()
            .any(|x| x == id)
    }
}

async fn page(
    state: &AppState,
    v: &Visitor,
    e: ElectionView,
    errors: FormErrors,
    posted: Posted,
) -> Result<ElectionPage, PageError> {
    let lang = v.lang;
    let m = store::municipalities::by_id(&state.db, &e.municipality_id)
        .await?
        .ok_or(PageError::NotFound(lang))?;
    let officer = v.user.as_ref().is_some_and(|u| is_officer(u, &m.id));
    let voting = e.phase == ElectionPhase::Voting;
    let organisations = match &v.user {
        Some(u) => store::organisations::of_user(&state.db, &u.id)
            .await?
            .into_iter()
            .filter(|o| o.kind == OrganisationKind::Ngo.as_str() && o.municipality_id == m.id)
            .filter(|o| !voting || !e.voted_organisations.contains(&o.id))
            .map(|o| Choice {
                value: o.id,
                label: o.name,
            })
            .collect(),
        None => Vec::new(),
    };
    let closed = e.phase == ElectionPhase::Closed;
    let mut candidates: Vec<CandidateRow> = e
        .candidates
        .iter()
        .map(|c| {
            let row = e
                .results
                .as_ref()
                .and_then(|r| r.iter().find(|x| x.candidate == c.candidate.id));
            let standing = row.map(|r| r.standing);
            CandidateRow {
                id: c.candidate.id.clone(),
                name: c.candidate.name.clone(),
                organisation: c.organisation_name.clone(),
                votes: c.votes,
                rank: row.map(|r| r.rank).unwrap_or(0),
                standing: standing
                    .map(|s| s.label(lang).to_string())
                    .unwrap_or_default(),
                tie: standing == Some(Standing::Tie),
                can_seat: officer
                    && c.candidate.member_id.is_none()
                    && matches!(standing, Some(Standing::Elected | Standing::Tie)),
                seated: c.candidate.member_id.is_some(),
            }
        })
        .collect();
    if closed {
        candidates.sort_by_key(|a| a.rank);
    }
    let mut c = if v.user.is_some() {
        Chrome::form(v, "council-election-title").await
    } else {
        Chrome::new(v, "council-election-title").await
    };
    c.title = e.election.title.clone();
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(ElectionPage {
        c,
        slug: m.slug.clone(),
        municipality_name: m.name.clone(),
        phase: e.phase.label(lang).to_string(),
        nominations_until: format_date(e.nominations_until, lang),
        voting_until: format_date(e.voting_until, lang),
        has_tie: candidates.iter().any(|c| c.tie),
        candidates,
        nominating: e.phase == ElectionPhase::Nominations,
        voting,
        closed,
        logged_in: v.user.is_some(),
        login_href: format!("/logowanie?powrot=/rada/wybory/{}", e.election.id),
        organisations,
        officer,
        errors,
        posted,
        history: history(state, "council_election", &e.election.id, lang).await?,
        e,
    })
}

/// `/rada/wybory/{id}`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<ElectionPage, PageError> {
    let e = load_election(&state, &id)
        .await
        .map_err(not_found(v.lang))?;
    page(&state, &v, e, FormErrors::default(), Posted::default()).await
}

async fn act<F, Fut>(
    state: AppState,
    v: Visitor,
    id: String,
    which: &str,
    pairs: Vec<(String, String)>,
    action: F,
) -> Result<Response, PageError>
where
    F: FnOnce(AppState, store::accounts::User, ElectionView, Posted) -> Fut,
    Fut: std::future::Future<Output = Result<(), crate::error::ApiError>>,
{
    let user = require_user(&v)?.clone();
    let e = load_election(&state, &id)
        .await
        .map_err(not_found(v.lang))?;
    let posted = Posted::new(which, pairs);
    let typed = Posted::new(which, posted.pairs.clone());
    match action(state.clone(), user, e, posted).await {
        Ok(()) => Ok(Redirect::to(&format!("/rada/wybory/{id}")).into_response()),
        Err(err) => {
            let (status, errors) = refusal(err, which, v.lang)?;
            let e = load_election(&state, &id)
                .await
                .map_err(not_found(v.lang))?;
            let page = page(&state, &v, e, errors, typed).await?;
            Ok((status, page).into_response())
        }
    }
}

/// An NGO nominates a candidate.
pub async fn nominate(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        id,
        "nominate",
        pairs,
        |state, user, e, p| async move {
            actions::nominate(
                &state,
                &user,
                &e,
                &p.get("nominate.organisation_id"),
                &p.get("nominate.name"),
            )
            .await
            .map(|_| ())
        },
    )
    .await
}

/// An NGO casts its ballot.
pub async fn ballot(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        id,
        "ballot",
        pairs,
        |state, user, e, p| async move {
            let org = p.get("ballot.organisation_id");
            if org.trim().is_empty() {
                return Err(crate::error::ApiError::Invalid(vec![
                    domain::FieldError::with_messages(
                        "organisation_id",
                        "Wybierz organizację, w której imieniu głosujesz.",
                        "Choose the organisation you vote for.",
                    ),
                ]));
            }
            actions::cast_ballot(&state, &user, &e, &org, &p.all("ballot.candidate_ids"))
                .await
                .map(|_| ())
        },
    )
    .await
}

/// The officer opens voting or closes it.
pub async fn advance(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        id,
        "step",
        pairs,
        |state, user, e, p| async move {
            let step = if p.get("step") == "voting" {
                "voting"
            } else {
                "close"
            };
            actions::advance_election(&state, &user, &e, step).await
        },
    )
    .await
}

/// The officer seats an elected candidate.
pub async fn seat(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        id,
        "seat",
        pairs,
        |state, user, e, p| async move {
            actions::seat_candidate(&state, &user, &e, &p.get("candidate_id"))
                .await
                .map(|_| ())
        },
    )
    .await
}
