//! `/rada/posiedzenia/{id}`: a meeting — agenda, documents, attendance, minutes, next meeting,
//! the calendar file, and the forms of officers and the secretary.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use store::council::work::MeetingView;

use super::{Choice, HistoryRow, Metadata, Posted, history, not_found, refusal};
use crate::AppState;
use crate::api::council::{self as actions, TimeInput, can_record, load_council, load_meeting};
use crate::api::purchases::export::attachment;
use crate::auth::Visitor;
use crate::pages::{Chrome, FormErrors, PageError, require_user, when};

pub struct AttendanceRow {
    pub name: String,
    pub present: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "council/meeting.html")]
pub struct MeetingPage {
    c: Chrome,
    mv: MeetingView,
    slug: String,
    municipality_name: String,
    starts: String,
    ends: String,
    next: Option<String>,
    documents: Vec<String>,
    attendance: Vec<AttendanceRow>,
    recorder: bool,
    members: Vec<Choice>,
    present_ids: Vec<String>,
    meta: Metadata,
    history: Vec<HistoryRow>,
    errors: FormErrors,
    posted: Posted,
}

impl MeetingPage {
    fn v(&self, key: &str) -> String {
        self.posted.get(key)
    }
    fn shows(&self, which: &str) -> bool {
        self.posted.which == which && !self.errors.is_empty()
    }
    fn is_present(&self, id: &str) -> bool {
        if self.posted.which == "attendance" {
            self.posted
                .all("attendance.present")
                .iter()
                .any(|x| x == id)
        } else {
            self.present_ids.iter().any(|x| x == id)
        }
    }
    fn is_link(s: &str) -> bool {
        s.starts_with("https://") || s.starts_with("http://")
    }
}

fn local_input(us: Option<i64>) -> String {
    us.map(|us| {
        let dt = domain::time::from_micros(us)
            .to_zoned(domain::time::warsaw())
            .datetime();
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute()
        )
    })
    .unwrap_or_default()
}

async fn page(
    state: &AppState,
    v: &Visitor,
    mv: MeetingView,
    errors: FormErrors,
    posted: Posted,
) -> Result<MeetingPage, PageError> {
    let lang = v.lang;
    let c = load_council(state, &mv.meeting.council_id)
        .await
        .map_err(not_found(lang))?;
    let recorder = v.user.as_ref().is_some_and(|u| can_record(u, &c));
    let k = &mv.meeting;
    let mut chrome = if recorder {
        Chrome::form(v, "council-meeting-title").await
    } else {
        Chrome::new(v, "council-meeting-title").await
    };
    chrome.title = k.title.clone();
    if !errors.is_empty() {
        chrome.title = format!("{}: {}", chrome.t("form-has-errors-title"), chrome.title);
    }
    let mut posted = posted;
    if posted.which.is_empty() {
        posted.pairs = vec![
            (
                "minutes.minutes".into(),
                k.minutes.clone().unwrap_or_default(),
            ),
            (
                "minutes.next_meeting_at".into(),
                local_input(k.next_meeting_at),
            ),
        ];
    }
    Ok(MeetingPage {
        slug: c.municipality_slug.clone(),
        municipality_name: c.municipality_name.clone(),
        starts: when(k.starts_at, lang),
        ends: when(k.ends_at, lang),
        next: k.next_meeting_at.map(|t| when(t, lang)),
        documents: k
            .documents
            .as_deref()
            .map(domain::lines::split_lines)
            .unwrap_or_default(),
        attendance: mv
            .attendance
            .iter()
            .map(|(_, name, present)| AttendanceRow {
                name: name.clone(),
                present: *present,
            })
            .collect(),
        recorder,
        members: c
            .current()
            .map(|m| Choice {
                value: m.member.id.clone(),
                label: m.member.name.clone(),
            })
            .collect(),
        present_ids: mv
            .attendance
            .iter()
            .filter(|a| a.2)
            .map(|a| a.0.clone())
            .collect(),
        meta: Metadata {
            prepared_by: mv.created_by_name.clone(),
            published_by: mv.minutes_published_by_name.clone(),
            created: when(k.created_at, lang),
            published: k.minutes_published_at.map(|t| when(t, lang)),
            updated: when(k.updated_at, lang),
        },
        history: history(state, "council_meeting", &k.id, lang).await?,
        c: chrome,
        errors,
        posted,
        mv,
    })
}

/// `/rada/posiedzenia/{id}`.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<MeetingPage, PageError> {
    let m = load_meeting(&state, &id).await.map_err(not_found(v.lang))?;
    page(&state, &v, m, FormErrors::default(), Posted::default()).await
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
    F: FnOnce(
        AppState,
        store::accounts::User,
        store::council::CouncilView,
        MeetingView,
        Posted,
    ) -> Fut,
    Fut: std::future::Future<Output = Result<(), crate::error::ApiError>>,
{
    let user = require_user(&v)?.clone();
    let m = load_meeting(&state, &id).await.map_err(not_found(v.lang))?;
    let c = load_council(&state, &m.meeting.council_id)
        .await
        .map_err(not_found(v.lang))?;
    let posted = Posted::new(which, pairs);
    let typed = Posted::new(which, posted.pairs.clone());
    match action(state.clone(), user, c, m, posted).await {
        Ok(()) => Ok(Redirect::to(&format!("/rada/posiedzenia/{id}")).into_response()),
        Err(err) => {
            let (status, errors) = refusal(err, which, v.lang)?;
            let m = load_meeting(&state, &id).await.map_err(not_found(v.lang))?;
            let page = page(&state, &v, m, errors, typed).await?;
            Ok((status, page).into_response())
        }
    }
}

/// Records attendance.
pub async fn attendance(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        id,
        "attendance",
        pairs,
        |state, user, c, m, p| async move {
            actions::set_attendance(&state, &user, &c, &m, &p.all("attendance.present")).await
        },
    )
    .await
}

/// Publishes the minutes.
pub async fn minutes(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    act(
        state,
        v,
        id,
        "minutes",
        pairs,
        |state, user, c, m, p| async move {
            actions::publish_minutes(
                &state,
                &user,
                &c,
                &m,
                &p.get("minutes.minutes"),
                &p.get("minutes.next_meeting_at"),
                TimeInput::Form,
            )
            .await
        },
    )
    .await
}

/// `/rada/posiedzenia/{id}/kalendarz.ics`.
pub async fn calendar_file(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let m = load_meeting(&state, &id).await.map_err(not_found(v.lang))?;
    let body = domain::council::ical::calendar(
        &m.council_name,
        &[crate::api::council::work::event(&m.meeting)],
        state.now(),
    );
    Ok(attachment(
        body.into_bytes(),
        crate::api::council::work::ICS,
        &format!("posiedzenie-{}.ics", m.meeting.id),
    ))
}
