//! The council at work: meetings (agenda, documents, attendance, minutes, next meeting), opinion
//! requests from the municipality (14 days; silence waives the opinion), resolutions and the
//! members' votes (for, against, abstain), closed with the quorum and majority rules.

use std::collections::HashMap;

use domain::council::{
    Choice, Majority, OpinionState, Outcome, Quorum, Tally, VoteRules, opinion_deadline, tally,
};
use domain::time::to_micros;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::entities::{
    council, council_attendance, council_meeting, council_member, council_opinion_request,
    council_resolution, council_vote,
};
use super::{STATUS_CONSTITUTED, audit_entry, current_members, date, user_names};
use crate::error::is_unique_violation;
use crate::ids::new_id;
use crate::small_grants::warsaw_date;
use crate::{Db, StoreError};
pub use council_meeting::Model as Meeting;
pub use council_opinion_request::Model as OpinionRequest;
pub use council_resolution::Model as Resolution;

/// `voting`: members vote; `closed`: the result is counted and published.
pub const RESOLUTION_VOTING: &str = "voting";
/// The vote is closed.
pub const RESOLUTION_CLOSED: &str = "closed";

async fn council_of(db: &Db, id: &str) -> Result<council::Model, StoreError> {
    council::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
        .ok_or(StoreError::NotFound)
}

// ---- meetings -----------------------------------------------------------------------------------

/// What a new meeting needs.
#[derive(Clone, Debug)]
pub struct NewMeeting {
    pub title: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub location: String,
    pub agenda: String,
    /// Documents: titles and links, one per line.
    pub documents: Option<String>,
}

/// A meeting with attendance and the names of who prepared and published it.
#[derive(Clone, Debug)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub municipality_id: String,
    pub council_name: String,
    /// `(member id, name, present)` for every member recorded.
    pub attendance: Vec<(String, String, bool)>,
    pub created_by_name: String,
    pub updated_by_name: String,
    pub minutes_published_by_name: Option<String>,
}

/// Schedules a meeting. `422` when it ends before it starts. Audited as `council_meeting.create`.
pub async fn create_meeting(
    db: &Db,
    council_id: &str,
    m: &NewMeeting,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    if m.ends_at <= m.starts_at {
        return Err(StoreError::invalid(
            "ends_at",
            "Koniec posiedzenia musi być później niż jego początek.",
            "The meeting must end after it starts.",
        ));
    }
    let c = council_of(db, council_id).await?;
    let now_us = to_micros(now);
    let id = new_id();
    let txn = db.begin().await?;
    council_meeting::ActiveModel {
        id: Set(id.clone()),
        council_id: Set(council_id.to_string()),
        title: Set(m.title.clone()),
        starts_at: Set(to_micros(m.starts_at)),
        ends_at: Set(to_micros(m.ends_at)),
        location: Set(m.location.clone()),
        agenda: Set(m.agenda.clone()),
        documents: Set(m.documents.clone()),
        minutes: Set(None),
        minutes_published_at: Set(None),
        minutes_published_by: Set(None),
        next_meeting_at: Set(None),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_by: Set(actor.to_string()),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_meeting.create",
        "council_meeting",
        &id,
        json!({"council_id": council_id, "title": m.title, "starts_at": to_micros(m.starts_at),
               "location": m.location}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The meetings of a council, by start.
pub async fn meetings_of(db: &Db, council_id: &str) -> Result<Vec<Meeting>, StoreError> {
    Ok(council_meeting::Entity::find()
        .filter(council_meeting::Column::CouncilId.eq(council_id))
        .order_by_asc(council_meeting::Column::StartsAt)
        .all(db.read())
        .await?)
}

/// A meeting with attendance.
pub async fn get_meeting(db: &Db, id: &str) -> Result<Option<MeetingView>, StoreError> {
    let conn = db.read();
    let Some(m) = council_meeting::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let c = council_of(db, &m.council_id).await?;
    let rows = council_attendance::Entity::find()
        .filter(council_attendance::Column::MeetingId.eq(id))
        .all(conn)
        .await?;
    let member_ids: Vec<String> = rows.iter().map(|r| r.member_id.clone()).collect();
    let names: HashMap<String, String> = council_member::Entity::find()
        .filter(council_member::Column::Id.is_in(member_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let mut attendance: Vec<(String, String, bool)> = rows
        .into_iter()
        .map(|r| {
            let name = names.get(&r.member_id).cloned().unwrap_or_default();
            (r.member_id, name, r.present)
        })
        .collect();
    attendance.sort_by(|a, b| a.1.cmp(&b.1));
    let mut ids = vec![m.created_by.clone(), m.updated_by.clone()];
    ids.extend(m.minutes_published_by.clone());
    let users = user_names(conn, ids).await?;
    Ok(Some(MeetingView {
        municipality_id: c.municipality_id,
        council_name: c.name,
        attendance,
        created_by_name: users.get(&m.created_by).cloned().unwrap_or_default(),
        updated_by_name: users.get(&m.updated_by).cloned().unwrap_or_default(),
        minutes_published_by_name: m
            .minutes_published_by
            .as_ref()
            .and_then(|u| users.get(u).cloned()),
        meeting: m,
    }))
}

/// Records who attended: every current member is marked present or absent. `422` for an id
/// that is not a current member. Audited as `council_meeting.attendance`.
pub async fn set_attendance(
    db: &Db,
    meeting_id: &str,
    present: &[String],
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let m = council_meeting::Entity::find_by_id(meeting_id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let c = council::Entity::find_by_id(m.council_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let members = current_members(&txn, &m.council_id).await?;
    if let Some(bad) = present
        .iter()
        .find(|p| !members.iter().any(|x| &x.id == *p))
    {
        return Err(StoreError::invalid(
            "present",
            &format!("{bad} nie jest obecnie członkiem tej rady."),
            &format!("{bad} is not a current member of this council."),
        ));
    }
    council_attendance::Entity::delete_many()
        .filter(council_attendance::Column::MeetingId.eq(meeting_id))
        .exec(&txn)
        .await?;
    for x in &members {
        council_attendance::ActiveModel {
            id: Set(new_id()),
            meeting_id: Set(meeting_id.to_string()),
            member_id: Set(x.id.clone()),
            present: Set(present.contains(&x.id)),
        }
        .insert(&txn)
        .await?;
    }
    let mut am: council_meeting::ActiveModel = m.clone().into();
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_meeting.attendance",
        "council_meeting",
        meeting_id,
        json!({"present": present, "members": members.len()}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes (or corrects) the minutes and sets the next meeting's date. Audited as
/// `council_meeting.minutes`.
pub async fn publish_minutes(
    db: &Db,
    meeting_id: &str,
    minutes: &str,
    next_meeting_at: Option<Timestamp>,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let m = council_meeting::Entity::find_by_id(meeting_id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let c = council::Entity::find_by_id(m.council_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut am: council_meeting::ActiveModel = m.clone().into();
    am.minutes = Set(Some(minutes.to_string()));
    if m.minutes_published_at.is_none() {
        am.minutes_published_at = Set(Some(now_us));
        am.minutes_published_by = Set(Some(actor.to_string()));
    }
    am.next_meeting_at = Set(next_meeting_at.map(to_micros));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_meeting.minutes",
        "council_meeting",
        meeting_id,
        json!({"corrected": m.minutes_published_at.is_some(), "next_meeting_at": next_meeting_at.map(to_micros)}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- opinions -----------------------------------------------------------------------------------

/// An opinion request with its state on a given day.
#[derive(Clone, Debug)]
pub struct OpinionView {
    pub request: OpinionRequest,
    pub delivered_on: Date,
    pub deadline: Date,
    /// The adopted resolution that is the council's opinion, with its Warsaw date.
    pub opinion: Option<(String, Date)>,
    pub state: OpinionState,
    pub requested_by_name: String,
}

/// The municipality sends a document for the council's opinion, delivered `now`; the deadline
/// is 14 days later. Audited as `council_opinion.request`.
pub async fn request_opinion(
    db: &Db,
    council_id: &str,
    title: &str,
    document: &str,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let c = council_of(db, council_id).await?;
    let now_us = to_micros(now);
    let delivered_on = warsaw_date(now);
    let deadline = opinion_deadline(delivered_on);
    let id = new_id();
    let txn = db.begin().await?;
    council_opinion_request::ActiveModel {
        id: Set(id.clone()),
        council_id: Set(council_id.to_string()),
        title: Set(title.to_string()),
        document: Set(document.to_string()),
        delivered_at: Set(now_us),
        delivered_on: Set(delivered_on.to_string()),
        deadline: Set(deadline.to_string()),
        requested_by: Set(actor.to_string()),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_opinion.request",
        "council_opinion",
        &id,
        json!({"council_id": council_id, "title": title, "delivered_on": delivered_on.to_string(),
               "deadline": deadline.to_string()}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

async fn opinion_views(
    db: &Db,
    rows: Vec<OpinionRequest>,
    today: Date,
) -> Result<Vec<OpinionView>, StoreError> {
    let conn = db.read();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let adopted: Vec<Resolution> = council_resolution::Entity::find()
        .filter(council_resolution::Column::OpinionRequestId.is_in(ids))
        .filter(council_resolution::Column::Outcome.eq(Outcome::Adopted.as_str()))
        .order_by_asc(council_resolution::Column::ClosedAt)
        .all(conn)
        .await?;
    let users = user_names(conn, rows.iter().map(|r| r.requested_by.clone()).collect()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let deadline = date(&r.deadline)?;
        let opinion = match adopted
            .iter()
            .find(|x| x.opinion_request_id.as_deref() == Some(r.id.as_str()))
        {
            Some(x) => Some((
                x.id.clone(),
                x.closed_on
                    .as_deref()
                    .map(date)
                    .transpose()?
                    .unwrap_or(today),
            )),
            None => None,
        };
        out.push(OpinionView {
            state: OpinionState::on(deadline, opinion.as_ref().map(|o| o.1), today),
            delivered_on: date(&r.delivered_on)?,
            deadline,
            opinion,
            requested_by_name: users.get(&r.requested_by).cloned().unwrap_or_default(),
            request: r,
        });
    }
    Ok(out)
}

/// The opinion requests of a council, newest first, with their state on `today`.
pub async fn opinions_of(
    db: &Db,
    council_id: &str,
    today: Date,
) -> Result<Vec<OpinionView>, StoreError> {
    let rows = council_opinion_request::Entity::find()
        .filter(council_opinion_request::Column::CouncilId.eq(council_id))
        .order_by_desc(council_opinion_request::Column::DeliveredAt)
        .all(db.read())
        .await?;
    opinion_views(db, rows, today).await
}

/// One opinion request with its state on `today`.
pub async fn get_opinion(
    db: &Db,
    id: &str,
    today: Date,
) -> Result<Option<OpinionView>, StoreError> {
    let Some(r) = council_opinion_request::Entity::find_by_id(id.to_string())
        .one(db.read())
        .await?
    else {
        return Ok(None);
    };
    Ok(opinion_views(db, vec![r], today).await?.pop())
}

// ---- resolutions and votes ----------------------------------------------------------------------

/// What a new resolution needs.
#[derive(Clone, Debug)]
pub struct NewResolution {
    pub title: String,
    pub body: String,
    pub meeting_id: Option<String>,
    pub opinion_request_id: Option<String>,
    /// The council's rules unless given.
    pub rules: Option<VoteRules>,
}

/// A member's vote, for the published list.
#[derive(Clone, Debug)]
pub struct VoteView {
    pub member_id: String,
    pub member_name: String,
    pub seat_kind: String,
    pub choice: Choice,
    /// Who entered it (the member, or the secretary/officer at a meeting).
    pub cast_by: String,
}

/// A resolution with its votes.
#[derive(Clone, Debug)]
pub struct ResolutionView {
    pub resolution: Resolution,
    pub municipality_id: String,
    pub council_name: String,
    pub rules: VoteRules,
    pub votes: Vec<VoteView>,
    /// The counted result once closed.
    pub tally: Option<Tally>,
    pub opened_by_name: String,
    pub closed_by_name: Option<String>,
}

impl ResolutionView {
    pub fn is_open(&self) -> bool {
        self.resolution.status == RESOLUTION_VOTING
    }
}

/// Puts a resolution to the vote. `409` unless the council is constituted; `422` when the
/// meeting or opinion request is not this council's. Audited as `council_resolution.open`.
pub async fn open_resolution(
    db: &Db,
    council_id: &str,
    r: &NewResolution,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let c = council_of(db, council_id).await?;
    if c.status != STATUS_CONSTITUTED {
        return Err(StoreError::conflict(
            "status",
            "Rada nie została jeszcze powołana — nie może podejmować uchwał.",
            "The council has not been constituted yet — it cannot adopt resolutions.",
        ));
    }
    if let Some(mid) = &r.meeting_id {
        let ok = council_meeting::Entity::find_by_id(mid.clone())
            .one(db.read())
            .await?
            .is_some_and(|m| m.council_id == council_id);
        if !ok {
            return Err(StoreError::invalid(
                "meeting_id",
                "Nie ma takiego posiedzenia tej rady.",
                "This council has no such meeting.",
            ));
        }
    }
    if let Some(oid) = &r.opinion_request_id {
        let ok = council_opinion_request::Entity::find_by_id(oid.clone())
            .one(db.read())
            .await?
            .is_some_and(|m| m.council_id == council_id);
        if !ok {
            return Err(StoreError::invalid(
                "opinion_request_id",
                "Nie ma takiego wniosku o opinię skierowanego do tej rady.",
                "This council has no such opinion request.",
            ));
        }
    }
    let rules = r.rules.unwrap_or(VoteRules {
        quorum: Quorum::parse(&c.quorum).unwrap_or(Quorum::MoreThanHalf),
        majority: Majority::parse(&c.majority).unwrap_or(Majority::Simple),
    });
    let now_us = to_micros(now);
    let id = new_id();
    let txn = db.begin().await?;
    council_resolution::ActiveModel {
        id: Set(id.clone()),
        council_id: Set(council_id.to_string()),
        meeting_id: Set(r.meeting_id.clone()),
        opinion_request_id: Set(r.opinion_request_id.clone()),
        title: Set(r.title.clone()),
        body: Set(r.body.clone()),
        status: Set(RESOLUTION_VOTING.to_string()),
        quorum: Set(rules.quorum.as_str().to_string()),
        majority: Set(rules.majority.as_str().to_string()),
        members_count: Set(None),
        votes_for: Set(None),
        votes_against: Set(None),
        votes_abstain: Set(None),
        outcome: Set(None),
        opened_by: Set(actor.to_string()),
        opened_at: Set(now_us),
        closed_by: Set(None),
        closed_at: Set(None),
        closed_on: Set(None),
        updated_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_resolution.open",
        "council_resolution",
        &id,
        json!({"council_id": council_id, "title": r.title, "meeting_id": r.meeting_id,
               "opinion_request_id": r.opinion_request_id, "quorum": rules.quorum.as_str(),
               "majority": rules.majority.as_str()}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The resolutions of a council, newest first.
pub async fn resolutions_of(db: &Db, council_id: &str) -> Result<Vec<Resolution>, StoreError> {
    Ok(council_resolution::Entity::find()
        .filter(council_resolution::Column::CouncilId.eq(council_id))
        .order_by_desc(council_resolution::Column::OpenedAt)
        .all(db.read())
        .await?)
}

/// A resolution with its votes (the caller decides who may see them before closing).
pub async fn get_resolution(db: &Db, id: &str) -> Result<Option<ResolutionView>, StoreError> {
    let conn = db.read();
    let Some(r) = council_resolution::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let c = council_of(db, &r.council_id).await?;
    let votes = council_vote::Entity::find()
        .filter(council_vote::Column::ResolutionId.eq(id))
        .all(conn)
        .await?;
    let member_ids: Vec<String> = votes.iter().map(|v| v.member_id.clone()).collect();
    let members: HashMap<String, (String, String)> = council_member::Entity::find()
        .filter(council_member::Column::Id.is_in(member_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.name, m.seat_kind)))
        .collect();
    let mut votes: Vec<VoteView> = votes
        .into_iter()
        .filter_map(|v| {
            let (name, kind) = members.get(&v.member_id).cloned()?;
            Some(VoteView {
                member_id: v.member_id,
                member_name: name,
                seat_kind: kind,
                choice: Choice::parse(&v.choice)?,
                cast_by: v.cast_by,
            })
        })
        .collect();
    votes.sort_by(|a, b| a.member_name.cmp(&b.member_name));
    let rules = VoteRules {
        quorum: Quorum::parse(&r.quorum).unwrap_or(Quorum::MoreThanHalf),
        majority: Majority::parse(&r.majority).unwrap_or(Majority::Simple),
    };
    let tally = match (
        r.outcome.as_deref().and_then(Outcome::parse),
        r.members_count,
        r.votes_for,
        r.votes_against,
        r.votes_abstain,
    ) {
        (Some(outcome), Some(members), Some(f), Some(a), Some(x)) => {
            let u = |n: i32| u32::try_from(n).unwrap_or(0);
            Some(Tally {
                members: u(members),
                votes_for: u(f),
                against: u(a),
                abstain: u(x),
                quorum_reached: outcome != Outcome::NoQuorum,
                outcome,
            })
        }
        _ => None,
    };
    let mut ids = vec![r.opened_by.clone()];
    ids.extend(r.closed_by.clone());
    let users = user_names(conn, ids).await?;
    Ok(Some(ResolutionView {
        municipality_id: c.municipality_id,
        council_name: c.name,
        rules,
        votes,
        tally,
        opened_by_name: users.get(&r.opened_by).cloned().unwrap_or_default(),
        closed_by_name: r.closed_by.as_ref().and_then(|u| users.get(u).cloned()),
        resolution: r,
    }))
}

/// Records a member's vote (a member changes it by voting again while the vote is open).
/// `409` once closed; `422` when `member_id` is not a current member. Audited as
/// `council_resolution.vote` with who entered it.
pub async fn cast_vote(
    db: &Db,
    resolution_id: &str,
    member_id: &str,
    choice: Choice,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let r = council_resolution::Entity::find_by_id(resolution_id.to_string())
        .lock_shared()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if r.status != RESOLUTION_VOTING {
        return Err(closed());
    }
    let c = council::Entity::find_by_id(r.council_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let member = council_member::Entity::find_by_id(member_id.to_string())
        .one(&txn)
        .await?
        .filter(|m| m.council_id == r.council_id && m.left_on.is_none())
        .ok_or_else(|| {
            StoreError::invalid(
                "member_id",
                "Ta osoba nie jest obecnie członkiem rady.",
                "This person is not a current member of the council.",
            )
        })?;
    let existing = council_vote::Entity::find()
        .filter(council_vote::Column::ResolutionId.eq(resolution_id))
        .filter(council_vote::Column::MemberId.eq(member_id))
        .one(&txn)
        .await?;
    let previous = existing.as_ref().map(|v| v.choice.clone());
    match existing {
        Some(v) => {
            let mut am: council_vote::ActiveModel = v.into();
            am.choice = Set(choice.as_str().to_string());
            am.cast_by = Set(actor.to_string());
            am.cast_at = Set(now_us);
            am.update(&txn).await?;
        }
        None => {
            let inserted = council_vote::ActiveModel {
                id: Set(new_id()),
                resolution_id: Set(resolution_id.to_string()),
                member_id: Set(member_id.to_string()),
                choice: Set(choice.as_str().to_string()),
                cast_by: Set(actor.to_string()),
                cast_at: Set(now_us),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(_) => {}
                Err(e) if is_unique_violation(&e) => {
                    return Err(StoreError::conflict(
                        "choice",
                        "Głos tego członka właśnie został zapisany. Odśwież stronę.",
                        "This member's vote has just been recorded. Reload the page.",
                    ));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_resolution.vote",
        "council_resolution",
        resolution_id,
        json!({"member_id": member_id, "member_name": member.name, "choice": choice.as_str(),
               "previous": previous, "recorded_by_other": member.user_id.as_deref() != Some(actor)}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn closed() -> StoreError {
    StoreError::conflict(
        "status",
        "Głosowanie nad tą uchwałą zostało już zamknięte.",
        "Voting on this resolution has been closed.",
    )
}

/// Closes the vote: counts the votes of current members against the number of current members
/// under the resolution's rules ("quorum not reached" is a result). `409` once closed. Audited
/// as `council_resolution.close` with the counts.
pub async fn close_resolution(
    db: &Db,
    resolution_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<Tally, StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    let r = council_resolution::Entity::find_by_id(resolution_id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if r.status != RESOLUTION_VOTING {
        return Err(closed());
    }
    let c = council::Entity::find_by_id(r.council_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let members = current_members(&txn, &r.council_id).await?;
    let choices: Vec<Choice> = council_vote::Entity::find()
        .filter(council_vote::Column::ResolutionId.eq(resolution_id))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|v| members.iter().any(|m| m.id == v.member_id))
        .filter_map(|v| Choice::parse(&v.choice))
        .collect();
    let rules = VoteRules {
        quorum: Quorum::parse(&r.quorum).unwrap_or(Quorum::MoreThanHalf),
        majority: Majority::parse(&r.majority).unwrap_or(Majority::Simple),
    };
    let t = tally(u32::try_from(members.len()).unwrap_or(0), &choices, rules);
    let i = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let mut am: council_resolution::ActiveModel = r.clone().into();
    am.status = Set(RESOLUTION_CLOSED.to_string());
    am.members_count = Set(Some(i(t.members)));
    am.votes_for = Set(Some(i(t.votes_for)));
    am.votes_against = Set(Some(i(t.against)));
    am.votes_abstain = Set(Some(i(t.abstain)));
    am.outcome = Set(Some(t.outcome.as_str().to_string()));
    am.closed_by = Set(Some(actor.to_string()));
    am.closed_at = Set(Some(now_us));
    am.closed_on = Set(Some(today.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_resolution.close",
        "council_resolution",
        resolution_id,
        json!({"members": t.members, "for": t.votes_for, "against": t.against,
               "abstain": t.abstain, "outcome": t.outcome.as_str()}),
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}
