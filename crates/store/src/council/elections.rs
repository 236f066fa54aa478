//! Elections of the council's NGO members: NGOs nominate candidates, then each eligible NGO casts
//! one ballot through one of its representatives; results are counted with ties shown, and the
//! officer seats the elected.
//!
//! One NGO, one ballot: the unique index on `(election_id, organisation_id)` decides when many
//! representatives of one NGO vote at the same moment; the losers get a `409`, never a `500`.

use std::collections::HashMap;

use domain::council::{
    ElectionPhase, Function, ResultRow, SeatKind, Standing, ValidMember, check_ballot,
    election_results,
};
use domain::time::to_micros;
use jiff::Timestamp;
use jiff::civil::Date;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::json;

use super::entities::{
    council, council_ballot, council_ballot_mark, council_candidate, council_election,
};
use super::{MemberLinks, audit_entry, date, insert_member, ngo_of};
use crate::entities::organisation;
use crate::error::is_unique_violation;
use crate::ids::new_id;
use crate::small_grants::warsaw_date;
use crate::{Db, StoreError};
pub use council_candidate::Model as Candidate;
pub use council_election::Model as Election;

/// What a new election needs.
#[derive(Clone, Debug)]
pub struct NewElection {
    pub title: String,
    /// How many NGO seats are filled.
    pub seats: i32,
    /// N: how many candidates one NGO may nominate.
    pub candidates_per_ngo: i32,
    /// K: how many candidates one ballot may mark.
    pub votes_per_ballot: i32,
    /// The last day of nominations (Warsaw).
    pub nominations_until: Date,
    /// The last day of voting (Warsaw).
    pub voting_until: Date,
}

/// A candidate with the nominating NGO and the votes counted.
#[derive(Clone, Debug)]
pub struct CandidateView {
    pub candidate: Candidate,
    pub organisation_name: String,
    pub votes: u32,
}

/// An election with its candidates, ballots and (once closed) results.
#[derive(Clone, Debug)]
pub struct ElectionView {
    pub election: Election,
    pub phase: ElectionPhase,
    pub municipality_id: String,
    pub council_name: String,
    pub candidates: Vec<CandidateView>,
    /// NGOs that have cast their ballot.
    pub voted_organisations: Vec<String>,
    /// Results, most votes first (only when closed).
    pub results: Option<Vec<ResultRow<String>>>,
    pub nominations_until: Date,
    pub voting_until: Date,
}

impl ElectionView {
    pub fn standing_of(&self, candidate_id: &str) -> Option<Standing> {
        self.results
            .as_ref()
            .and_then(|r| r.iter().find(|x| x.candidate == candidate_id))
            .map(|r| r.standing)
    }
}

fn phase_of(e: &Election) -> Result<ElectionPhase, StoreError> {
    ElectionPhase::parse(&e.phase)
        .ok_or_else(|| StoreError::Other(anyhow::anyhow!("election {} has a bad phase", e.id)))
}

/// Creates an election of a council (phase: nominations). `422` when voting ends before
/// nominations. Audited as `council_election.create`.
pub async fn create(
    db: &Db,
    council_id: &str,
    e: &NewElection,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    if e.voting_until < e.nominations_until {
        return Err(StoreError::invalid(
            "voting_until",
            "Głosowanie nie może się skończyć przed końcem zgłaszania kandydatów.",
            "Voting cannot end before nominations do.",
        ));
    }
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let c = council::Entity::find_by_id(council_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let id = new_id();
    council_election::ActiveModel {
        id: Set(id.clone()),
        council_id: Set(council_id.to_string()),
        title: Set(e.title.clone()),
        seats: Set(e.seats),
        candidates_per_ngo: Set(e.candidates_per_ngo),
        votes_per_ballot: Set(e.votes_per_ballot),
        phase: Set(ElectionPhase::Nominations.as_str().to_string()),
        nominations_until: Set(e.nominations_until.to_string()),
        voting_until: Set(e.voting_until.to_string()),
        created_by: Set(actor.to_string()),
        created_at: Set(now_us),
        updated_at: Set(now_us),
        closed_at: Set(None),
        closed_by: Set(None),
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_election.create",
        "council_election",
        &id,
        json!({"council_id": council_id, "title": e.title, "seats": e.seats,
               "candidates_per_ngo": e.candidates_per_ngo, "votes_per_ballot": e.votes_per_ballot,
               "nominations_until": e.nominations_until.to_string(), "voting_until": e.voting_until.to_string()}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The elections of a council, newest first.
pub async fn of_council(db: &Db, council_id: &str) -> Result<Vec<Election>, StoreError> {
    Ok(council_election::Entity::find()
        .filter(council_election::Column::CouncilId.eq(council_id))
        .order_by_desc(council_election::Column::CreatedAt)
        .all(db.read())
        .await?)
}

/// An election with candidates and, once closed, results.
pub async fn get(db: &Db, id: &str) -> Result<Option<ElectionView>, StoreError> {
    let conn = db.read();
    let Some(e) = council_election::Entity::find_by_id(id.to_string())
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let c = council::Entity::find_by_id(e.council_id.clone())
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let candidates = council_candidate::Entity::find()
        .filter(council_candidate::Column::ElectionId.eq(id))
        .order_by_asc(council_candidate::Column::CreatedAt)
        .order_by_asc(council_candidate::Column::Id)
        .all(conn)
        .await?;
    let ballots = council_ballot::Entity::find()
        .filter(council_ballot::Column::ElectionId.eq(id))
        .order_by_asc(council_ballot::Column::CastAt)
        .all(conn)
        .await?;
    let ballot_ids: Vec<String> = ballots.iter().map(|b| b.id.clone()).collect();
    let mut counts: HashMap<String, u32> = HashMap::new();
    for mark in council_ballot_mark::Entity::find()
        .filter(council_ballot_mark::Column::BallotId.is_in(ballot_ids))
        .all(conn)
        .await?
    {
        *counts.entry(mark.candidate_id).or_default() += 1;
    }
    let org_ids: Vec<String> = candidates
        .iter()
        .map(|c| c.organisation_id.clone())
        .collect();
    let orgs: HashMap<String, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(org_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let phase = phase_of(&e)?;
    let candidates: Vec<CandidateView> = candidates
        .into_iter()
        .map(|c| CandidateView {
            organisation_name: orgs.get(&c.organisation_id).cloned().unwrap_or_default(),
            votes: counts.get(&c.id).copied().unwrap_or(0),
            candidate: c,
        })
        .collect();
    let results = (phase == ElectionPhase::Closed).then(|| {
        let pairs: Vec<(String, u32)> = candidates
            .iter()
            .map(|c| (c.candidate.id.clone(), c.votes))
            .collect();
        election_results(&pairs, u32::try_from(e.seats).unwrap_or(0))
    });
    Ok(Some(ElectionView {
        phase,
        municipality_id: c.municipality_id,
        council_name: c.name,
        candidates,
        voted_organisations: ballots.into_iter().map(|b| b.organisation_id).collect(),
        results,
        nominations_until: date(&e.nominations_until)?,
        voting_until: date(&e.voting_until)?,
        election: e,
    }))
}

async fn lock(txn: &DatabaseTransaction, id: &str) -> Result<(Election, String), StoreError> {
    let e = council_election::Entity::find_by_id(id.to_string())
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let c = council::Entity::find_by_id(e.council_id.clone())
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok((e, c.municipality_id))
}

fn wrong_phase(pl: &str, en: &str) -> StoreError {
    StoreError::conflict("phase", pl, en)
}

/// An NGO of the municipality nominates a candidate. `409` outside the nomination period or
/// over the NGO's limit of N candidates; `422` for an organisation that cannot take part.
/// Audited as `council_election.nominate`.
pub async fn nominate(
    db: &Db,
    election_id: &str,
    organisation_id: &str,
    name: &str,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    let (e, municipality_id) = lock(&txn, election_id).await?;
    let until = date(&e.nominations_until)?;
    if phase_of(&e)? != ElectionPhase::Nominations || today > until {
        return Err(wrong_phase(
            &format!(
                "Zgłaszanie kandydatów zakończyło się ({}).",
                domain::time::format_date(until, domain::Lang::Pl)
            ),
            &format!(
                "Nominations are closed ({}).",
                domain::time::format_date(until, domain::Lang::En)
            ),
        ));
    }
    ngo_of(&txn, organisation_id, &municipality_id, "organisation_id").await?;
    let already = council_candidate::Entity::find()
        .filter(council_candidate::Column::ElectionId.eq(election_id))
        .filter(council_candidate::Column::OrganisationId.eq(organisation_id))
        .count(&txn)
        .await?;
    if already >= u64::try_from(e.candidates_per_ngo).unwrap_or(0) {
        return Err(StoreError::conflict(
            "organisation_id",
            &format!(
                "Jedna organizacja może zgłosić najwyżej {} {}; ta organizacja już to zrobiła.",
                e.candidates_per_ngo,
                domain::lang::polish_plural(
                    u64::try_from(e.candidates_per_ngo).unwrap_or(0),
                    "kandydata",
                    "kandydatów",
                    "kandydatów"
                )
            ),
            &format!(
                "One organisation may nominate at most {} candidate(s); this one already has.",
                e.candidates_per_ngo
            ),
        ));
    }
    let id = new_id();
    council_candidate::ActiveModel {
        id: Set(id.clone()),
        election_id: Set(election_id.to_string()),
        organisation_id: Set(organisation_id.to_string()),
        name: Set(name.to_string()),
        nominated_by: Set(actor.to_string()),
        created_at: Set(now_us),
        member_id: Set(None),
    }
    .insert(&txn)
    .await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &municipality_id,
        "council_election.nominate",
        "council_election",
        election_id,
        json!({"candidate_id": id, "name": name, "organisation_id": organisation_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Ends nominations and opens voting. `409` unless in nominations or without candidates.
/// Audited as `council_election.open_voting`.
pub async fn open_voting(
    db: &Db,
    election_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let (e, municipality_id) = lock(&txn, election_id).await?;
    if phase_of(&e)? != ElectionPhase::Nominations {
        return Err(wrong_phase(
            "Głosowanie można otworzyć tylko po okresie zgłaszania kandydatów.",
            "Voting can be opened only after nominations.",
        ));
    }
    let candidates = council_candidate::Entity::find()
        .filter(council_candidate::Column::ElectionId.eq(election_id))
        .count(&txn)
        .await?;
    if candidates == 0 {
        return Err(wrong_phase(
            "Nikt nie został zgłoszony — nie ma na kogo głosować.",
            "Nobody has been nominated — there is no one to vote for.",
        ));
    }
    let mut am: council_election::ActiveModel = e.clone().into();
    am.phase = Set(ElectionPhase::Voting.as_str().to_string());
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &municipality_id,
        "council_election.open_voting",
        "council_election",
        election_id,
        json!({"candidates": candidates}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An NGO casts its one ballot through a representative. `409` outside voting or when the NGO
/// has already voted (also when another representative of it votes at the same moment);
/// `422` for a bad ballot or an organisation that cannot vote. Audited as
/// `council_election.ballot` (which NGO voted, who cast it and how many marks; the counts are
/// public in the results).
pub async fn cast_ballot(
    db: &Db,
    election_id: &str,
    organisation_id: &str,
    candidate_ids: &[String],
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let today = warsaw_date(now);
    let txn = db.begin().await?;
    // No row lock here: representatives of different NGOs vote in parallel; the unique index
    // serialises the same NGO.
    let e = council_election::Entity::find_by_id(election_id.to_string())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let c = council::Entity::find_by_id(e.council_id.clone())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let until = date(&e.voting_until)?;
    if phase_of(&e)? != ElectionPhase::Voting || today > until {
        return Err(wrong_phase(
            "Głosowanie w tych wyborach nie trwa.",
            "Voting in this election is not open.",
        ));
    }
    ngo_of(&txn, organisation_id, &c.municipality_id, "organisation_id").await?;
    let allowed: Vec<String> = council_candidate::Entity::find()
        .filter(council_candidate::Column::ElectionId.eq(election_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    check_ballot(
        candidate_ids,
        &allowed,
        u32::try_from(e.votes_per_ballot).unwrap_or(0),
    )
    .map_err(|e| StoreError::Invalid(vec![e]))?;
    let existing = council_ballot::Entity::find()
        .filter(council_ballot::Column::ElectionId.eq(election_id))
        .filter(council_ballot::Column::OrganisationId.eq(organisation_id))
        .one(&txn)
        .await?;
    if existing.is_some() {
        return Err(already_voted());
    }
    let id = new_id();
    let inserted = council_ballot::ActiveModel {
        id: Set(id.clone()),
        election_id: Set(election_id.to_string()),
        organisation_id: Set(organisation_id.to_string()),
        cast_by: Set(actor.to_string()),
        cast_at: Set(now_us),
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(already_voted()),
        Err(e) => return Err(e.into()),
    }
    for cid in candidate_ids {
        council_ballot_mark::ActiveModel {
            id: Set(new_id()),
            ballot_id: Set(id.clone()),
            candidate_id: Set(cid.clone()),
        }
        .insert(&txn)
        .await?;
    }
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_election.ballot",
        "council_election",
        election_id,
        json!({"ballot_id": id, "organisation_id": organisation_id, "marks": candidate_ids.len()}),
    )
    .await?;
    match txn.commit().await {
        Ok(()) => Ok(id),
        Err(e) if is_unique_violation(&e) => Err(already_voted()),
        Err(e) => Err(e.into()),
    }
}

fn already_voted() -> StoreError {
    StoreError::conflict(
        "organisation_id",
        "Ta organizacja już oddała głos w tych wyborach. Jedna organizacja ma jeden głos, niezależnie od liczby przedstawicieli.",
        "This organisation has already voted in this election. One organisation has one ballot, however many representatives it has.",
    )
}

/// Closes voting: the results (with ties) are published. `409` unless voting. Audited as
/// `council_election.close` with the counts.
pub async fn close(
    db: &Db,
    election_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let (e, municipality_id) = lock(&txn, election_id).await?;
    if phase_of(&e)? != ElectionPhase::Voting {
        return Err(wrong_phase(
            "Zamknąć można tylko trwające głosowanie.",
            "Only an open vote can be closed.",
        ));
    }
    let ballots = council_ballot::Entity::find()
        .filter(council_ballot::Column::ElectionId.eq(election_id))
        .count(&txn)
        .await?;
    let mut am: council_election::ActiveModel = e.clone().into();
    am.phase = Set(ElectionPhase::Closed.as_str().to_string());
    am.closed_at = Set(Some(now_us));
    am.closed_by = Set(Some(actor.to_string()));
    am.updated_at = Set(now_us);
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &municipality_id,
        "council_election.close",
        "council_election",
        election_id,
        json!({"ballots": ballots}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Seats an elected candidate (or one the officer chose among those tied) as an NGO member of
/// the council. `409` unless the election is closed, the candidate was elected or tied, and
/// not seated yet. Audited as `council.member_add` and `council_election.seat`.
pub async fn seat(
    db: &Db,
    candidate_id: &str,
    actor: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let now_us = to_micros(now);
    let cand = council_candidate::Entity::find_by_id(candidate_id.to_string())
        .one(db.read())
        .await?
        .ok_or(StoreError::NotFound)?;
    let view = get(db, &cand.election_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    match view.standing_of(candidate_id) {
        Some(Standing::Elected | Standing::Tie) => {}
        Some(Standing::NotElected) => {
            return Err(StoreError::conflict(
                "candidate_id",
                "Ten kandydat nie został wybrany.",
                "This candidate was not elected.",
            ));
        }
        None => {
            return Err(wrong_phase(
                "Wyniki wyborów nie są jeszcze znane — najpierw zamknij głosowanie.",
                "The results are not known yet — close the vote first.",
            ));
        }
    }
    let txn = db.begin().await?;
    let c = super::lock_council(&txn, &view.election.council_id).await?;
    let cand = council_candidate::Entity::find_by_id(candidate_id.to_string())
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if cand.member_id.is_some() {
        return Err(StoreError::conflict(
            "candidate_id",
            "Ten kandydat jest już członkiem rady.",
            "This candidate is already a member of the council.",
        ));
    }
    let member = ValidMember {
        name: cand.name.clone(),
        seat_kind: SeatKind::Ngo,
        function: Function::Member,
        joined_on: None,
    };
    let links = MemberLinks {
        organisation_id: Some(cand.organisation_id.clone()),
        user_id: None,
    };
    let member_id = insert_member(&txn, &c, &member, &links, None, actor, now).await?;
    let mut am: council_candidate::ActiveModel = cand.clone().into();
    am.member_id = Set(Some(member_id.clone()));
    am.update(&txn).await?;
    audit_entry(
        &txn,
        now_us,
        actor,
        &c.municipality_id,
        "council_election.seat",
        "council_election",
        &cand.election_id,
        json!({"candidate_id": candidate_id, "member_id": member_id}),
    )
    .await?;
    txn.commit().await?;
    Ok(member_id)
}
