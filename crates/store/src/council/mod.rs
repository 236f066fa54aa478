//! The Public Benefit Council: the NGOs' joint request, councils and their members (with the
//! history of who left and who replaced them). Elections are in [`elections`]; meetings, opinion
//! requests and resolutions in [`work`].
//!
//! Every change is one write transaction with its audit entry. Rules come from
//! [`domain::council`]; Warsaw dates from the injected `now`.

pub mod elections;
pub mod entities;
pub mod work;

use std::collections::HashMap;

use domain::FieldError;
use domain::accounts::Role;
use domain::council::{
    Composition, Function, REQUEST_MIN_NGOS, SeatKind, ValidMember, VoteRules, check_composition,
    creation_deadline, term_end,
};
use domain::organisations::OrganisationKind;
use domain::time::{parse_date, to_micros};
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use crate::audit::{self, NewEntry};
use crate::entities::{municipality, organisation, role_assignment, user};
use crate::error::is_unique_violation;
use crate::ids::new_id;
use crate::small_grants::warsaw_date;
use crate::{Db, StoreError};
pub use entities::council::Model as Council;
pub use entities::council_member::Model as Member;
pub use entities::council_request::Model as Request;
use entities::{council, council_member, council_request, council_request_signature};

/// `forming`: members are being appointed; `constituted`: the council works.
pub const STATUS_FORMING: &str = "forming";
/// The council has been constituted with a valid composition.
pub const STATUS_CONSTITUTED: &str = "constituted";

pub(crate) fn date(s: &str) -> Result<Date, StoreError> {
    parse_date(s).map_err(|_| StoreError::Other(anyhow::anyhow!("stored date {s:?} is invalid")))
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn audit_entry(
    txn: &DatabaseTransaction,
    now_us: i64,
    actor: &str,
    municipality_id: &str,
    action: &str,
    subject_type: &str,
    subject_id: &str,
    details: serde_json::Value,
) -> Result<(), StoreError> {
    audit::append(
        txn,
        now_us,
        NewEntry {
            actor_user_id: Some(actor),
            municipality_id: Some(municipality_id),
            action,
            subject_type,
            subject_id: Some(subject_id),
            details,
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn user_names(
    conn: &impl ConnectionTrait,
    ids: Vec<String>,
) -> Result<HashMap<String, String>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// An NGO of the municipality, or a 422 under `field`.
pub(crate) async fn ngo_of(
    conn: &impl ConnectionTrait,
    organisation_id: &str,
    municipality_id: &str,
    field: &str,
) -> Result<organisation::Model, StoreError> {
    let org = organisation::Entity::find_by_id(organisation_id.to_string())
        .one(conn)
        .await?;
    match org {
        Some(o)
            if o.kind == OrganisationKind::Ngo.as_str() && o.municipality_id == municipality_id =>
        {
            Ok(o)
        }
        Some(o) if o.municipality_id != municipality_id => Err(StoreError::invalid(
            field,
            "Ta organizacja działa w innej gminie; w sprawach rady tej gminy mogą działać tylko organizacje pozarządowe z tej gminy.",
            "This organisation belongs to another municipality; only NGOs of this municipality take part in its council's matters.",
        )),
        Some(_) => Err(StoreError::invalid(
            field,
            "W sprawach rady działają organizacje pozarządowe; grupa nieformalna nie może tu podpisywać, zgłaszać kandydatów ani głosować.",
            "Only NGOs take part in council matters; an informal group cannot sign, nominate or vote here.",
        )),
        None => Err(StoreError::invalid(
            field,
            "Wybierz organizację, którą reprezentujesz.",
            "Choose an organisation you represent.",
        )),
    }
}

// ---- the request -------------------------------------------------------------------------------

/// A signature under the request.
#[derive(Clone, Debug)]
pub struct SignatureView {
    pub organisation_id: String,
    pub organisation_name: String,
    pub signed_at: i64,
}

/// The joint request of a municipality's NGOs and what follows from it.
#[derive(Clone, Debug, Default)]
pub struct RequestView {
    pub signatures: Vec<SignatureView>,
    /// The day the 5th distinct NGO signed.
    pub reached_on: Option<Date>,
    /// The last day to create the council (2 months from `reached_on`).
    pub create_by: Option<Date>,
    pub updated_at: Option<i64>,
}

impl RequestView {
    /// How many more NGOs must sign.
    pub fn missing(&self) -> usize {
        REQUEST_MIN_NGOS.saturating_sub(self.signatures.len())
    }
}

/// The request of a municipality (empty when nobody has signed).
pub async fn request(db: &Db, municipality_id: &str) -> Result<RequestView, StoreError> {
    let conn = db.read();
    let Some(r) = council_request::Entity::find()
        .filter(council_request::Column::MunicipalityId.eq(municipality_id))
        .one(conn)
        .await?
    else {
        return Ok(RequestView::default());
    };
    let sigs = council_request_signature::Entity::find()
        .filter(council_request_signature::Column::RequestId.eq(&r.id))
        .order_by_asc(council_request_signature::Column::SignedAt)
        .order_by_asc(council_request_signature::Column::Id)
        .all(conn)
        .await?;
    let org_ids: Vec<String> = sigs.iter().map(|s| s.organisation_id.clone()).collect();
    let names: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(RequestView {
        signatures: sigs
            .into_iter()
            .map(|s| SignatureView {
                organisation_name: names.get(&s.organisation_id).cloned().unwrap_or_default(),
                organisation_id: s.organisation_id,
                signed_at: s.signed_at,
            })
            .collect(),
        reached_on: r.reached_on.as_deref().map(date).transpose()?,
        create_by: r.create_by.as_deref().map(date).transpose()?,
        updated_at: Some(r.updated_at),
    })
}

/// An NGO of the municipality signs the joint request (its representative acts for it). `422`
/// unless it is an NGO of this municipality; `409` when it has already signed. When the 5th
/// distinct NGO signs, the deadline of 2 months is fixed. Audited as `council_request.sign`
/// (and `council_request.reached`).
pub async fn sign_request(
    db: &Db,
    municipality_id: &str,
    organisation_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<RequestView, StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    let org = ngo_of(&txn, organisation_id, municipality_id, "organisation_id").await?;
    // The request row is locked so that two NGOs signing as 5th and 6th at the same moment
    // count in turn (the deadline is fixed once).
    let existing = council_request::Entity::find()
        .filter(council_request::Column::MunicipalityId.eq(municipality_id))
        .lock_exclusive()
        .one(&txn)
        .await?;
    let req = match existing {
        Some(r) => r,
        None => {
            let inserted = council_request::ActiveModel {
                id: Set(new_id()),
                municipality_id: Set(municipality_id.to_string()),
                reached_at: Set(None),
                reached_on: Set(None),
                create_by: Set(None),
                created_at: Set(now_us),
                updated_at: Set(now_us),
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(r) => r,
                Err(e) if is_unique_violation(&e) => return Err(busy()),
                Err(e) => return Err(e.into()),
            }
        }
    };
    let already = council_request_signature::Entity::find()
        .filter(council_request_signature::Column::RequestId.eq(&req.id))
        .filter(council_request_signature::Column::OrganisationId.eq(organisation_id))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(already_signed());
    }
    let inserted = council_request_signature::ActiveModel {
        id: Set(new_id()),
        request_id: Set(req.id.clone()),
        organisation_id: Set(organisation_id.to_string()),
        signed_by: Set(actor.to_string()),
        signed_at: Set(now_us),
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(already_signed()),
        Err(e) => return Err(e.into()),
    }
    let count = council_request_signature::Entity::find()
        .filter(council_request_signature::Column::RequestId.eq(&req.id))
        .count(&txn)
        .await?;
    let reached_now = req.reached_at.is_none() && count as usize >= REQUEST_MIN_NGOS;
    let mut am: council_request::ActiveModel = req.clone().into();
    am.updated_at = Set(now_us);
    if reached_now {
        am.reached_at = Set(Some(now_us));
        am.reached_on = Set(Some(today.to_string()));
        am.create_by = Set(Some(creation_deadline(today).to_string()));
    }
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        municipality_id,
        "council_request.sign",
        "council_request",
        &req.id,
        json!({"organisation_id": organisation_id, "organisation_name": org.name, "signatures": count}),
    )
    .await?;
    if reached_now {
        audit_entry(
            &txn,
            now_us,
            actor,
            municipality_id,
            "council_request.reached",
            "council_request",
            &req.id,
            json!({"reached_on": today.to_string(), "create_by": creation_deadline(today).to_string()}),
        )
        .await?;
    }
    txn.commit().await?;
    request(db, municipality_id).await
}

fn already_signed() -> StoreError {
    StoreError::conflict(
        "organisation_id",
        "Ta organizacja już podpisała wniosek o utworzenie rady; jedna organizacja składa jeden podpis.",
        "This organisation has already signed the request; one organisation signs once.",
    )
}

fn busy() -> StoreError {
    StoreError::conflict(
        "",
        "W tej chwili ktoś inny zapisuje tę samą sprawę. Spróbuj ponownie.",
        "Someone else is saving the same matter right now. Please try again.",
    )
}

// ---- councils and members ------------------------------------------------------------------------

/// A member with the names the register shows.
#[derive(Clone, Debug)]
pub struct MemberView {
    pub member: Member,
    pub seat_kind: SeatKind,
    pub function: Function,
    pub organisation_name: Option<String>,
    pub joined_on: Date,
    pub left_on: Option<Date>,
}

impl MemberView {
    /// Whether the member still sits on the council.
    pub fn is_current(&self) -> bool {
        self.left_on.is_none()
    }
}

/// A council with its members (current and former) and the names of who did what.
#[derive(Clone, Debug)]
pub struct CouncilView {
    pub council: Council,
    pub municipality_slug: String,
    pub municipality_name: String,
    pub term_start: Date,
    pub term_end: Date,
    pub rules: VoteRules,
    pub members: Vec<MemberView>,
    pub created_by_name: String,
    pub updated_by_name: String,
    pub constituted_by_name: Option<String>,
}

impl CouncilView {
    pub fn is_constituted(&self) -> bool {
        self.council.status == STATUS_CONSTITUTED
    }

    /// Current members.
    pub fn current(&self) -> impl Iterator<Item = &MemberView> {
        self.members.iter().filter(|m| m.is_current())
    }

    /// NGO seats against all current seats.
    pub fn composition(&self) -> Composition {
        composition_of(self.members.iter().map(|m| &m.member))
    }

    /// The current member linked to a user account, if any.
    pub fn member_of_user(&self, user_id: &str) -> Option<&MemberView> {
        self.current()
            .find(|m| m.member.user_id.as_deref() == Some(user_id))
    }
}

fn composition_of<'a>(members: impl Iterator<Item = &'a Member>) -> Composition {
    let current: Vec<&Member> = members.filter(|m| m.left_on.is_none()).collect();
    Composition {
        ngo: u32::try_from(
            current
                .iter()
                .filter(|m| m.seat_kind == SeatKind::Ngo.as_str())
                .count(),
        )
        .unwrap_or(0),
        total: u32::try_from(current.len()).unwrap_or(0),
    }
}

fn rules_of(c: &Council) -> VoteRules {
    VoteRules {
        quorum: domain::council::Quorum::parse(&c.quorum)
            .unwrap_or(domain::council::Quorum::MoreThanHalf),
        majority: domain::council::Majority::parse(&c.majority)
            .unwrap_or(domain::council::Majority::Simple),
    }
}

/// What a new council needs.
#[derive(Clone, Debug)]
pub struct NewCouncil {
    pub name: String,
    pub term_years: i16,
    pub term_start: Date,
    pub rules: VoteRules,
}

/// Creates a council (status `forming`) for a term. Audited as `council.create`.
pub async fn create_council(
    db: &Db,
    municipality_id: &str,
    c: &NewCouncil,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let id = new_id();
    let end = term_end(c.term_start, c.term_years);
    let txn = db.begin().await?;
    council::ActiveModel {
        id: Set(id.clone()),
        municipality_id: Set(municipality_id.to_string()),
        name: Set(c.name.clone()),
        term_years: Set(i32::from(c.term_years)),
        term_start: Set(c.term_start.to_string()),
        term_end: Set(end.to_string()),
        status: Set(STATUS_FORMING.to_string()),
        quorum: Set(c.rules.quorum.as_str().to_string()),
        majority: Set(c.rules.majority.as_str().to_string()),
        constituted_at: Set(None),
        constituted_by: Set(None),
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
        municipality_id,
        "council.create",
        "council",
        &id,
        json!({"name": c.name, "term_years": c.term_years, "term_start": c.term_start.to_string(),
               "term_end": end.to_string(), "quorum": c.rules.quorum.as_str(), "majority": c.rules.majority.as_str()}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The councils of a municipality, the newest term first.
pub async fn councils_of(db: &Db, municipality_id: &str) -> Result<Vec<Council>, StoreError> {
    Ok(council::Entity::find()
        .filter(council::Column::MunicipalityId.eq(municipality_id))
        .order_by_desc(council::Column::TermStart)
        .order_by_desc(council::Column::CreatedAt)
        .all(db.read())
        .await?)
}

/// A council with its members.
pub async fn get_council(db: &Db, id: &str) -> Result<Option<CouncilView>, StoreError> {
    let conn = db.read();
    let Some(c) = council::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let m = municipality::Entity::find_by_id(c.municipality_id.clone())
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("council {id} without municipality")))?;
    let rows = council_member::Entity::find()
        .filter(council_member::Column::CouncilId.eq(id))
        .order_by_asc(council_member::Column::CreatedAt)
        .order_by_asc(council_member::Column::Id)
        .all(conn)
        .await?;
    let org_ids: Vec<String> = rows
        .iter()
        .filter_map(|r| r.organisation_id.clone())
        .collect();
    let orgs: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut members = Vec::with_capacity(rows.len());
    for r in rows {
        members.push(member_view(r, &orgs)?);
    }
    // Chair, vice-chair, secretary first; then by seat kind and name.
    members.sort_by_key(|m| {
        (
            Function::ALL.iter().position(|f| *f == m.function),
            SeatKind::ALL.iter().position(|k| *k == m.seat_kind),
            m.member.name.clone(),
        )
    });
    let mut ids = vec![c.created_by.clone(), c.updated_by.clone()];
    ids.extend(c.constituted_by.clone());
    let names = user_names(conn, ids).await?;
    Ok(Some(CouncilView {
        term_start: date(&c.term_start)?,
        term_end: date(&c.term_end)?,
        rules: rules_of(&c),
        members,
        created_by_name: names.get(&c.created_by).cloned().unwrap_or_default(),
        updated_by_name: names.get(&c.updated_by).cloned().unwrap_or_default(),
        constituted_by_name: c
            .constituted_by
            .as_ref()
            .and_then(|u| names.get(u).cloned()),
        municipality_slug: m.slug,
        municipality_name: m.name,
        council: c,
    }))
}

fn member_view(r: Member, orgs: &HashMap<String, String>) -> Result<MemberView, StoreError> {
    let broken = || StoreError::Other(anyhow::anyhow!("member {} is inconsistent", r.id));
    Ok(MemberView {
        seat_kind: SeatKind::parse(&r.seat_kind).ok_or_else(broken)?,
        function: Function::parse(&r.function).ok_or_else(broken)?,
        organisation_name: r
            .organisation_id
            .as_ref()
            .and_then(|o| orgs.get(o).cloned()),
        joined_on: date(&r.joined_on)?,
        left_on: r.left_on.as_deref().map(date).transpose()?,
        member: r,
    })
}

async fn lock_council(txn: &DatabaseTransaction, id: &str) -> Result<Council, StoreError> {
    council::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)
}

async fn current_members(
    conn: &impl ConnectionTrait,
    council_id: &str,
) -> Result<Vec<Member>, StoreError> {
    Ok(council_member::Entity::find()
        .filter(council_member::Column::CouncilId.eq(council_id))
        .filter(council_member::Column::LeftOn.is_null())
        .all(conn)
        .await?)
}

/// Who a new member is linked to.
#[derive(Clone, Debug, Default)]
pub struct MemberLinks {
    /// The NGO an NGO member represents.
    pub organisation_id: Option<String>,
    /// The user account the member votes from (gets the Council role in the municipality).
    pub user_id: Option<String>,
}

/// Inserts a member inside `txn` after checking links and the unique functions; grants the
/// Council role to a linked account.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_member(
    txn: &DatabaseTransaction,
    c: &Council,
    m: &ValidMember,
    links: &MemberLinks,
    replaces: Option<&str>,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let current = current_members(txn, &c.id).await?;
    if m.function.is_unique()
        && let Some(holder) = current
            .iter()
            .find(|x| x.function == m.function.as_str() && Some(x.id.as_str()) != replaces)
    {
        return Err(StoreError::conflict(
            "function",
            &format!(
                "Funkcję „{}” pełni już {}. Najpierw odnotuj odejście tej osoby albo wybierz inną funkcję.",
                m.function.label(domain::Lang::Pl),
                holder.name
            ),
            &format!(
                "{} already holds the function “{}”. Record their leaving first or choose another function.",
                holder.name,
                m.function.label(domain::Lang::En)
            ),
        ));
    }
    if let Some(org) = &links.organisation_id {
        ngo_of(txn, org, &c.municipality_id, "organisation_id").await?;
    }
    if let Some(u) = &links.user_id {
        if user::Entity::find_by_id(u.clone())
            .one(txn)
            .await?
            .is_none()
        {
            return Err(StoreError::invalid(
                "user_id",
                "Nie ma takiego konta użytkownika.",
                "There is no such user account.",
            ));
        }
        if current
            .iter()
            .any(|x| x.user_id.as_deref() == Some(u.as_str()) && Some(x.id.as_str()) != replaces)
        {
            return Err(StoreError::conflict(
                "user_id",
                "To konto jest już połączone z innym członkiem tej rady.",
                "This account is already linked to another member of this council.",
            ));
        }
        grant_council_role(txn, u, &c.municipality_id, actor, now_us).await?;
    }
    if c.status == STATUS_CONSTITUTED {
        let after = composition_of(
            current
                .iter()
                .filter(|x| Some(x.id.as_str()) != replaces)
                .chain(std::iter::once(&Member {
                    id: String::new(),
                    council_id: c.id.clone(),
                    name: m.name.clone(),
                    seat_kind: m.seat_kind.as_str().to_string(),
                    function: m.function.as_str().to_string(),
                    organisation_id: None,
                    user_id: None,
                    joined_on: String::new(),
                    left_on: None,
                    leave_reason: None,
                    replaces_id: None,
                    created_by: String::new(),
                    created_at: 0,
                    updated_at: 0,
                })),
        );
        check_composition(after)
            .map_err(|p| StoreError::Conflict(FieldError::new("seat_kind", &p)))?;
    }
    let id = new_id();
    let joined = m.joined_on.unwrap_or(today);
    council_member::ActiveModel {
        id: Set(id.clone()),
        council_id: Set(c.id.clone()),
        name: Set(m.name.clone()),
        seat_kind: Set(m.seat_kind.as_str().to_string()),
        function: Set(m.function.as_str().to_string()),
        organisation_id: Set(links.organisation_id.clone()),
        user_id: Set(links.user_id.clone()),
        joined_on: Set(joined.to_string()),
        left_on: Set(None),
        leave_reason: Set(None),
        replaces_id: Set(replaces.map(str::to_string)),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_at: Set(now_us),
    }
    .insert(txn)
    .await?;
    touch(txn, c, actor, now_us).await?;
    audit_entry(
        txn,
        now_us,
        actor,
        &c.municipality_id,
        "council.member_add",
        "council",
        &c.id,
        json!({"member_id": id, "name": m.name, "seat_kind": m.seat_kind.as_str(),
               "function": m.function.as_str(), "organisation_id": links.organisation_id,
               "user_id": links.user_id, "joined_on": joined.to_string(), "replaces": replaces}),
    )
    .await?;
    Ok(id)
}

async fn touch(
    txn: &DatabaseTransaction,
    c: &Council,
    actor: &str,
    now_us: i64,
) -> Result<(), StoreError> {
    let mut am: council::ActiveModel = c.clone().into();
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(txn).await?;
    Ok(())
}

async fn grant_council_role(
    txn: &DatabaseTransaction,
    user_id: &str,
    municipality_id: &str,
    actor: &str,
    now_us: i64,
) -> Result<(), StoreError> {
    let exists = role_assignment::Entity::find()
        .filter(role_assignment::Column::UserId.eq(user_id))
        .filter(role_assignment::Column::Role.eq(Role::Council.as_str()))
        .filter(role_assignment::Column::MunicipalityId.eq(municipality_id))
        .one(txn)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    role_assignment::ActiveModel {
        id: Set(new_id()),
        user_id: Set(user_id.to_string()),
        role: Set(Role::Council.as_str().to_string()),
        municipality_id: Set(Some(municipality_id.to_string())),
        created_at: Set(now_us),
    }
    .insert(txn)
    .await?;
    audit_entry(
        txn,
        now_us,
        actor,
        municipality_id,
        "role.grant",
        "user",
        user_id,
        json!({"role": Role::Council.as_str(), "municipality_id": municipality_id}),
    )
    .await
}

/// Adds a member. `409` when a unique function is taken, or when a constituted council would
/// fall below half NGO seats; `422` for a bad link. Audited as `council.member_add`.
pub async fn add_member(
    db: &Db,
    council_id: &str,
    m: &ValidMember,
    links: &MemberLinks,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let txn = db.begin().await?;
    let c = lock_council(&txn, council_id).await?;
    let id = insert_member(&txn, &c, m, links, None, actor, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// Records that a member left on `left_on` for `reason`, with an optional replacement that
/// takes the seat from the next day or its own date. History is kept: the row stays with its
/// dates. `409` when the member has already left. Audited as `council.member_leave`.
#[allow(clippy::too_many_arguments)]
pub async fn leave_member(
    db: &Db,
    council_id: &str,
    member_id: &str,
    left_on: Date,
    reason: &str,
    replacement: Option<(&ValidMember, &MemberLinks)>,
    actor: &str,
    now: Timestamp,
) -> Result<Option<String>, StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = lock_council(&txn, council_id).await?;
    let m = council_member::Entity::find_by_id(member_id.to_string())
        .one(&txn)
        .await?
        .filter(|m| m.council_id == council_id)
        .ok_or(StoreError::NotFound)?;
    if m.left_on.is_some() {
        return Err(StoreError::conflict(
            "member_id",
            "Odejście tego członka zostało już odnotowane.",
            "This member's leaving has already been recorded.",
        ));
    }
    if left_on < date(&m.joined_on)? {
        return Err(StoreError::invalid(
            "left_on",
            "Data odejścia nie może być wcześniejsza niż data dołączenia do rady.",
            "The leaving date cannot be before the day the member joined.",
        ));
    }
    let new_id = match replacement {
        Some((r, links)) => {
            let mut r = r.clone();
            if r.joined_on.is_none() {
                r.joined_on = left_on.tomorrow().ok();
            }
            Some(insert_member(&txn, &c, &r, links, Some(member_id), actor, now).await?)
        }
        None => None,
    };
    let mut am: council_member::ActiveModel = m.clone().into();
    am.left_on = Set(Some(left_on.to_string()));
    am.leave_reason = Set(Some(reason.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    touch(&txn, &c, actor, now_us).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council.member_leave",
        "council",
        council_id,
        json!({"member_id": member_id, "name": m.name, "left_on": left_on.to_string(),
               "reason": reason, "replaced_by": new_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(new_id)
}

/// Constitutes the council. `409` with the rule and the missing NGO seats when NGO
/// representatives are fewer than half of the members, or when already constituted. Audited
/// as `council.constitute`.
pub async fn constitute(
    db: &Db,
    council_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = lock_council(&txn, council_id).await?;
    if c.status == STATUS_CONSTITUTED {
        return Err(StoreError::conflict(
            "status",
            "Rada została już powołana.",
            "The council has already been constituted.",
        ));
    }
    let members = current_members(&txn, council_id).await?;
    let comp = composition_of(members.iter());
    check_composition(comp).map_err(|p| StoreError::Conflict(FieldError::new("members", &p)))?;
    let mut am: council::ActiveModel = c.clone().into();
    am.status = Set(STATUS_CONSTITUTED.to_string());
    am.constituted_at = Set(Some(now_us));
    am.constituted_by = Set(Some(actor.to_string()));
    am.updated_by = Set(actor.to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council.constitute",
        "council",
        council_id,
        json!({"ngo_seats": comp.ngo, "seats": comp.total}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The council's audit trail, oldest first: `(instant, action)`.
pub async fn history(db: &Db, council_id: &str) -> Result<Vec<(i64, String)>, StoreError> {
    Ok(crate::audit::for_subject(db, "council", council_id)
        .await?
        .into_iter()
        .map(|e| (e.at, e.action))
        .collect())
}
