//! The platform's thematic meetings: the list (`/spotkania`), a meeting's page with its
//! materials and the practices presented, and the metropolis's form to record one.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::practices::PracticeLink;
use domain::practices::meetings::{MeetingDraft, validate_meeting};
use store::practices::attachments::Owner;
use store::practices::meetings::Meeting;

use super::practices::{AttachmentRow, HistoryRow, attachment_rows, when};
use super::{Chrome, FormErrors, PageError, require_user};
use crate::AppState;
use crate::api::meetings::{presented, visible_meeting};
use crate::api::practice_extras::{add_attachment, download, read_upload};
use crate::api::practices::can_review;
use crate::auth::Visitor;
use crate::error::ApiError;

pub struct ListRow {
    pub id: String,
    pub title: String,
    pub when: String,
    pub place: String,
    pub draft: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/meetings.html")]
pub struct ListPage {
    c: Chrome,
    rows: Vec<ListRow>,
    may_write: bool,
}

fn place_label(m: &Meeting, lang: domain::Lang) -> String {
    let online = crate::i18n::t(lang, "gp-meeting-online");
    match (m.place.is_empty(), m.online_url.is_some()) {
        (false, true) => format!("{} + {online}", m.place),
        (false, false) => m.place.clone(),
        _ => online,
    }
}

/// `/spotkania`: published meetings (and drafts for the metropolis), latest first.
pub async fn list(State(state): State<AppState>, v: Visitor) -> Result<ListPage, PageError> {
    let may_write = v.user.as_ref().is_some_and(can_review);
    let rows = store::practices::meetings::list(&state.db, may_write, 200, 0)
        .await?
        .into_iter()
        .map(|m| ListRow {
            when: when(m.starts_at, v.lang),
            place: place_label(&m, v.lang),
            draft: (!m.is_published()).then(|| m.status().label(v.lang).to_string()),
            id: m.id,
            title: m.title,
        })
        .collect();
    Ok(ListPage {
        c: Chrome::new(&v, "gp-meetings-title").await,
        rows,
        may_write,
    })
}

pub struct PracticeRow {
    pub id: String,
    pub title: String,
    pub municipality: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/meeting.html")]
pub struct ShowPage {
    c: Chrome,
    m: Meeting,
    starts: String,
    place: String,
    status_label: String,
    links: Vec<PracticeLink>,
    attachments: Vec<AttachmentRow>,
    practices: Vec<PracticeRow>,
    author: String,
    publisher: Option<String>,
    created: String,
    published: Option<String>,
    updated: String,
    history: Vec<HistoryRow>,
    may_write: bool,
}

/// `/spotkania/{id}`: a meeting with its materials, the practices presented and its metadata.
pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<ShowPage, PageError> {
    let m = visible_meeting(&state, v.user.as_ref(), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let practices = presented(&state, &m.id)
        .await
        .map_err(|e| PageError::Internal(format!("{e:?}")))?
        .into_iter()
        .map(|p| PracticeRow {
            id: p.id,
            title: p.title,
            municipality: p.municipality_name,
        })
        .collect();
    let mut people = vec![m.created_by.as_str()];
    if let Some(p) = &m.published_by {
        people.push(p);
    }
    let names = store::practices::meetings::names(&state.db, &people).await?;
    let history = store::audit::for_subject(&state.db, "meeting", &m.id)
        .await?
        .into_iter()
        .map(|e| HistoryRow {
            at: when(e.at, v.lang),
            what: crate::i18n::t(
                v.lang,
                &format!("gp-history-{}", e.action.replace('.', "-")),
            ),
        })
        .collect();
    let attachments = attachment_rows(
        &state,
        Owner::Meeting(&m.id),
        &format!("/spotkania/{}/materialy", m.id),
        v.lang,
    )
    .await?;
    let may_write = v.user.as_ref().is_some_and(can_review);
    let c = if may_write {
        Chrome::form(&v, "gp-meetings-title").await
    } else {
        Chrome::new(&v, "gp-meetings-title").await
    };
    Ok(ShowPage {
        c: c.retitled(m.title.clone()),
        starts: when(m.starts_at, v.lang),
        place: place_label(&m, v.lang),
        status_label: m.status().label(v.lang).to_string(),
        links: m.link_list(),
        attachments,
        practices,
        author: names.get(&m.created_by).cloned().unwrap_or_default(),
        publisher: m.published_by.as_ref().and_then(|p| names.get(p).cloned()),
        created: when(m.created_at, v.lang),
        published: m.published_at.map(|x| when(x, v.lang)),
        updated: when(m.updated_at, v.lang),
        history,
        may_write,
        m,
    })
}

/// A meeting's material (as visible as the meeting).
pub async fn file(
    State(state): State<AppState>,
    v: Visitor,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let m = visible_meeting(&state, v.user.as_ref(), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    if !store::ids::looks_like_id(&aid) {
        return Err(PageError::NotFound(v.lang));
    }
    let f = store::practices::attachments::get(&state.db, Owner::Meeting(&id), &aid)
        .await?
        .ok_or(PageError::NotFound(v.lang))?;
    Ok(download(f, m.is_published()))
}

/// What the meeting form shows (also after errors, with what was typed).
#[derive(Default, Clone)]
pub struct MeetingForm {
    pub title: String,
    pub starts_at: String,
    pub place: String,
    pub online_url: String,
    pub description: String,
    pub links: String,
    /// Ids of the practices ticked.
    pub practices: Vec<String>,
}

impl MeetingForm {
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, val)| val.clone())
                .unwrap_or_default()
        };
        MeetingForm {
            title: get("title"),
            starts_at: get("starts_at"),
            place: get("place"),
            online_url: get("online_url"),
            description: get("description"),
            links: get("links"),
            practices: pairs
                .iter()
                .filter(|(k, _)| k == "practice")
                .map(|(_, v)| v.clone())
                .collect(),
        }
    }

    fn from_meeting(m: &Meeting, practices: Vec<String>) -> Self {
        let local = domain::time::from_micros(m.starts_at)
            .to_zoned(domain::time::warsaw())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string();
        MeetingForm {
            title: m.title.clone(),
            starts_at: local,
            place: m.place.clone(),
            online_url: m.online_url.clone().unwrap_or_default(),
            description: m.description.clone(),
            links: m
                .link_list()
                .iter()
                .map(PracticeLink::to_line)
                .collect::<Vec<_>>()
                .join("\n"),
            practices,
        }
    }

    fn draft(&self) -> MeetingDraft {
        MeetingDraft {
            title: self.title.clone(),
            starts_at: self.starts_at.clone(),
            place: self.place.clone(),
            online_url: self.online_url.clone(),
            description: self.description.clone(),
            links: self.links.lines().map(PracticeLink::from_line).collect(),
        }
    }
}

pub struct PracticeChoice {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "practices/meeting_form.html")]
pub struct FormPage {
    c: Chrome,
    f: MeetingForm,
    errors: FormErrors,
    action: String,
    choices: Vec<PracticeChoice>,
    /// The meeting being edited (materials are added to a saved meeting).
    meeting_id: Option<String>,
    published: bool,
    attachments: Vec<AttachmentRow>,
}

async fn choices(state: &AppState, ticked: &[String]) -> Result<Vec<PracticeChoice>, PageError> {
    Ok(store::practices::newest_published(&state.db, Some(500))
        .await?
        .into_iter()
        .map(|v| PracticeChoice {
            checked: ticked.contains(&v.practice.id),
            label: format!("{} ({})", v.practice.title, v.municipality.name),
            id: v.practice.id,
        })
        .collect())
}

fn require_reviewer(v: &Visitor) -> Result<store::accounts::User, PageError> {
    let user = require_user(v)?.clone();
    if !can_review(&user) {
        return Err(PageError::NotFound(v.lang));
    }
    Ok(user)
}

/// `/spotkania/nowe`: the metropolis records a meeting.
pub async fn new_form(State(state): State<AppState>, v: Visitor) -> Result<Response, PageError> {
    require_reviewer(&v)?;
    Ok(FormPage {
        c: Chrome::form(&v, "gp-meeting-new").await,
        f: MeetingForm::default(),
        errors: FormErrors::default(),
        action: "/spotkania/nowe".into(),
        choices: choices(&state, &[]).await?,
        meeting_id: None,
        published: false,
        attachments: vec![],
    }
    .into_response())
}

async fn rerender(
    state: &AppState,
    v: &Visitor,
    f: MeetingForm,
    err: ApiError,
    meeting: Option<&Meeting>,
) -> Result<Response, PageError> {
    let errors = match err {
        ApiError::Invalid(e) => e,
        ApiError::Conflict(e) => vec![e],
        ApiError::Forbidden | ApiError::NotFound => return Err(PageError::NotFound(v.lang)),
        other => return Err(PageError::Internal(format!("{other:?}"))),
    };
    let key = if meeting.is_some() {
        "gp-meeting-edit"
    } else {
        "gp-meeting-new"
    };
    let c = Chrome::form(v, key).await;
    let title = format!("{} {}", c.t("error-prefix"), c.title);
    let attachments = match meeting {
        Some(m) => {
            attachment_rows(
                state,
                Owner::Meeting(&m.id),
                &format!("/spotkania/{}/materialy", m.id),
                v.lang,
            )
            .await?
        }
        None => vec![],
    };
    let page = FormPage {
        c: c.retitled(title),
        choices: choices(state, &f.practices).await?,
        errors: FormErrors::new(&errors, v.lang),
        action: meeting
            .map(|m| format!("/spotkania/{}/edycja", m.id))
            .unwrap_or_else(|| "/spotkania/nowe".into()),
        meeting_id: meeting.map(|m| m.id.clone()),
        published: meeting.is_some_and(Meeting::is_published),
        attachments,
        f,
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn wants_publish(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "action" && v == "publish")
}

pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_reviewer(&v)?;
    let f = MeetingForm::from_pairs(&pairs);
    let valid = match validate_meeting(&f.draft()) {
        Ok(valid) => valid,
        Err(e) => return rerender(&state, &v, f, ApiError::Invalid(e), None).await,
    };
    let m = store::practices::meetings::create(
        &state.db,
        &valid,
        wants_publish(&pairs),
        &user.id,
        state.now(),
    )
    .await?;
    if let Err(e) = store::practices::meetings::set_practices(
        &state.db,
        &m.id,
        &f.practices,
        &user.id,
        state.now(),
    )
    .await
    {
        return rerender(&state, &v, f, e.into(), Some(&m)).await;
    }
    Ok(Redirect::to(&format!("/spotkania/{}", m.id)).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let user = require_reviewer(&v)?;
    let m = visible_meeting(&state, Some(&user), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let ticked = store::practices::meetings::practices_of(&state.db, &m.id).await?;
    Ok(FormPage {
        c: Chrome::form(&v, "gp-meeting-edit").await,
        choices: choices(&state, &ticked).await?,
        f: MeetingForm::from_meeting(&m, ticked),
        errors: FormErrors::default(),
        action: format!("/spotkania/{id}/edycja"),
        attachments: attachment_rows(
            &state,
            Owner::Meeting(&m.id),
            &format!("/spotkania/{}/materialy", m.id),
            v.lang,
        )
        .await?,
        meeting_id: Some(m.id.clone()),
        published: m.is_published(),
    }
    .into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_reviewer(&v)?;
    let m = visible_meeting(&state, Some(&user), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let f = MeetingForm::from_pairs(&pairs);
    let valid = match validate_meeting(&f.draft()) {
        Ok(valid) => valid,
        Err(e) => return rerender(&state, &v, f, ApiError::Invalid(e), Some(&m)).await,
    };
    if let Err(e) = store::practices::meetings::set_practices(
        &state.db,
        &id,
        &f.practices,
        &user.id,
        state.now(),
    )
    .await
    {
        return rerender(&state, &v, f, e.into(), Some(&m)).await;
    }
    store::practices::meetings::update(&state.db, &id, &valid, &user.id, state.now()).await?;
    if wants_publish(&pairs) && !m.is_published() {
        store::practices::meetings::publish(&state.db, &id, &user.id, state.now()).await?;
    }
    Ok(Redirect::to(&format!("/spotkania/{id}")).into_response())
}

/// Adds a material to a meeting (multipart; CSRF token in the query).
pub async fn upload(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let user = require_reviewer(&v)?;
    let m = visible_meeting(&state, Some(&user), &id)
        .await
        .map_err(|_| PageError::NotFound(v.lang))?;
    let result = match read_upload(&mut mp).await {
        Ok((name, bytes)) => add_attachment(&state, &user, Owner::Meeting(&id), &name, bytes)
            .await
            .map(|_| ()),
        Err(e) => Err(ApiError::Invalid(vec![e])),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/spotkania/{id}/edycja#materialy")).into_response()),
        Err(err) => {
            let ticked = store::practices::meetings::practices_of(&state.db, &m.id).await?;
            rerender(
                &state,
                &v,
                MeetingForm::from_meeting(&m, ticked),
                err,
                Some(&m),
            )
            .await
        }
    }
}
