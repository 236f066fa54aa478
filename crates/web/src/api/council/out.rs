//! What the council API sends.

use domain::Lang;
use domain::council::{Composition, ElectionPhase};
use domain::time::{from_micros, to_rfc3339_warsaw};
use serde::Serialize;
use store::accounts::User;
use store::council::elections::{Election, ElectionView};
use store::council::work::{MeetingView, OpinionView, Resolution, ResolutionView};
use store::council::{CouncilView, MemberView, RequestView};
use utoipa::ToSchema;

use super::sees_open_votes;

fn instant(us: i64) -> String {
    to_rfc3339_warsaw(from_micros(us))
}

#[derive(Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct SignatureOut {
    pub organisation: OrganisationRef,
    pub signed_at: String,
}

/// The joint request of the municipality's NGOs to create the council.
#[derive(Serialize, ToSchema)]
pub struct RequestOut {
    pub municipality: String,
    pub signatures: Vec<SignatureOut>,
    /// Distinct NGOs that signed.
    pub count: usize,
    /// NGOs needed (5).
    pub required: usize,
    /// How many more must sign.
    pub missing: usize,
    /// The day the 5th NGO signed (Warsaw), if it happened.
    pub reached_on: Option<String>,
    /// The last day for the municipality to create the council: 2 months from `reached_on`.
    pub create_by: Option<String>,
}

impl RequestOut {
    pub fn new(r: &RequestView, municipality: &str) -> Self {
        RequestOut {
            municipality: municipality.to_string(),
            signatures: r
                .signatures
                .iter()
                .map(|s| SignatureOut {
                    organisation: OrganisationRef {
                        id: s.organisation_id.clone(),
                        name: s.organisation_name.clone(),
                    },
                    signed_at: instant(s.signed_at),
                })
                .collect(),
            count: r.signatures.len(),
            required: domain::council::REQUEST_MIN_NGOS,
            missing: r.missing(),
            reached_on: r.reached_on.map(|d| d.to_string()),
            create_by: r.create_by.map(|d| d.to_string()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    pub id: String,
    pub name: String,
    /// `ngo`, `councillor` or `official`.
    pub seat_kind: String,
    /// `chair`, `vice_chair`, `secretary` or `member`.
    pub function: String,
    pub organisation: Option<OrganisationRef>,
    /// Whether the member votes from their own account.
    pub has_account: bool,
    pub joined_on: String,
    pub left_on: Option<String>,
    pub leave_reason: Option<String>,
    /// The member this one replaced.
    pub replaces: Option<String>,
}

impl MemberOut {
    pub fn new(m: &MemberView) -> Self {
        MemberOut {
            id: m.member.id.clone(),
            name: m.member.name.clone(),
            seat_kind: m.seat_kind.as_str().to_string(),
            function: m.function.as_str().to_string(),
            organisation: m.member.organisation_id.as_ref().map(|id| OrganisationRef {
                id: id.clone(),
                name: m.organisation_name.clone().unwrap_or_default(),
            }),
            has_account: m.member.user_id.is_some(),
            joined_on: m.joined_on.to_string(),
            left_on: m.left_on.map(|d| d.to_string()),
            leave_reason: m.member.leave_reason.clone(),
            replaces: m.member.replaces_id.clone(),
        }
    }
}

/// NGO seats against all seats, with the rule.
#[derive(Serialize, ToSchema)]
pub struct CompositionOut {
    pub ngo_seats: u32,
    pub seats: u32,
    /// NGO seats to add for the NGOs to hold at least half.
    pub missing_ngo_seats: u32,
    /// Whether the composition meets the rule.
    pub valid: bool,
    pub rule: String,
}

impl CompositionOut {
    pub fn new(c: Composition, lang: Lang) -> Self {
        CompositionOut {
            ngo_seats: c.ngo,
            seats: c.total,
            missing_ngo_seats: c.missing_ngo_seats(),
            valid: c.is_valid(),
            rule: crate::i18n::t(lang, "council-rule-half"),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RulesOut {
    /// `more_than_half`, `one_third` or `none`.
    pub quorum: String,
    /// `simple`, `absolute` or `two_thirds`.
    pub majority: String,
}

/// Who prepared and published a record and when it changed (BIP metadata).
#[derive(Serialize, ToSchema)]
pub struct MetadataOut {
    pub prepared_by: String,
    pub published_by: Option<String>,
    pub created_at: String,
    pub published_at: Option<String>,
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingSummary {
    pub id: String,
    pub title: String,
    pub starts_at: String,
    pub minutes_published: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ResolutionSummary {
    pub id: String,
    pub title: String,
    /// `voting` or `closed`.
    pub status: String,
    pub outcome: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ElectionSummary {
    pub id: String,
    pub title: String,
    pub phase: String,
}

#[derive(Serialize, ToSchema)]
pub struct TermOut {
    pub years: i32,
    pub start: String,
    pub end: String,
}

/// A council with its composition, term and register.
#[derive(Serialize, ToSchema)]
pub struct CouncilOut {
    pub id: String,
    pub municipality: String,
    pub name: String,
    /// `forming` or `constituted`.
    pub status: String,
    pub term: TermOut,
    pub rules: RulesOut,
    pub composition: CompositionOut,
    /// Current members.
    pub members: Vec<MemberOut>,
    /// Members who left (history).
    pub former_members: Vec<MemberOut>,
    pub constituted_at: Option<String>,
    pub meetings: Vec<MeetingSummary>,
    pub resolutions: Vec<ResolutionSummary>,
    pub opinions: Vec<OpinionOut>,
    pub elections: Vec<ElectionSummary>,
    pub calendar_url: String,
    pub metadata: MetadataOut,
}

/// What a council's register lists besides members.
pub struct Register {
    pub meetings: Vec<store::council::work::Meeting>,
    pub resolutions: Vec<Resolution>,
    pub opinions: Vec<OpinionView>,
    pub elections: Vec<Election>,
}

impl CouncilOut {
    pub fn new(c: &CouncilView, reg: &Register, lang: Lang) -> Self {
        let k = &c.council;
        CouncilOut {
            id: k.id.clone(),
            municipality: c.municipality_slug.clone(),
            name: k.name.clone(),
            status: k.status.clone(),
            term: TermOut {
                years: k.term_years,
                start: c.term_start.to_string(),
                end: c.term_end.to_string(),
            },
            rules: RulesOut {
                quorum: c.rules.quorum.as_str().to_string(),
                majority: c.rules.majority.as_str().to_string(),
            },
            composition: CompositionOut::new(c.composition(), lang),
            members: c.current().map(MemberOut::new).collect(),
            former_members: c
                .members
                .iter()
                .filter(|m| !m.is_current())
                .map(MemberOut::new)
                .collect(),
            constituted_at: k.constituted_at.map(instant),
            meetings: reg
                .meetings
                .iter()
                .map(|m| MeetingSummary {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    starts_at: instant(m.starts_at),
                    minutes_published: m.minutes_published_at.is_some(),
                })
                .collect(),
            resolutions: reg
                .resolutions
                .iter()
                .map(|r| ResolutionSummary {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    status: r.status.clone(),
                    outcome: r.outcome.clone(),
                })
                .collect(),
            opinions: reg
                .opinions
                .iter()
                .map(|o| OpinionOut::new(o, lang))
                .collect(),
            elections: reg
                .elections
                .iter()
                .map(|e| ElectionSummary {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    phase: e.phase.clone(),
                })
                .collect(),
            calendar_url: format!("/api/v1/councils/{}/calendar.ics", k.id),
            metadata: MetadataOut {
                prepared_by: c.created_by_name.clone(),
                published_by: c.constituted_by_name.clone(),
                created_at: instant(k.created_at),
                published_at: k.constituted_at.map(instant),
                updated_at: instant(k.updated_at),
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CandidateOut {
    pub id: String,
    pub name: String,
    /// The NGO that nominated the candidate.
    pub organisation: OrganisationRef,
    /// Ballots marking the candidate (once the results are published).
    pub votes: Option<u32>,
    /// 1 for the most votes; equal votes share a rank (once published).
    pub rank: Option<u32>,
    /// Another candidate has the same number of votes.
    pub tied: Option<bool>,
    /// `elected`, `tie` (for the last seats: not broken automatically) or `not_elected`.
    pub standing: Option<String>,
    /// The council member the candidate became, once seated.
    pub member_id: Option<String>,
}

/// An election of NGO members.
#[derive(Serialize, ToSchema)]
pub struct ElectionOut {
    pub id: String,
    pub council_id: String,
    pub title: String,
    /// `nominations`, `voting` or `closed`.
    pub phase: String,
    pub seats: i32,
    /// N: candidates one NGO may nominate.
    pub candidates_per_ngo: i32,
    /// K: candidates one ballot may mark.
    pub votes_per_ballot: i32,
    pub nominations_until: String,
    pub voting_until: String,
    /// NGOs that have voted (one ballot each).
    pub ballots_cast: usize,
    /// Candidates; once closed, ordered by votes with ranks and ties.
    pub candidates: Vec<CandidateOut>,
    pub results_published: bool,
}

impl ElectionOut {
    pub fn new(e: &ElectionView) -> Self {
        let k = &e.election;
        let closed = e.phase == ElectionPhase::Closed;
        let candidate = |c: &store::council::elections::CandidateView| {
            let row = e
                .results
                .as_ref()
                .and_then(|r| r.iter().find(|x| x.candidate == c.candidate.id));
            CandidateOut {
                id: c.candidate.id.clone(),
                name: c.candidate.name.clone(),
                organisation: OrganisationRef {
                    id: c.candidate.organisation_id.clone(),
                    name: c.organisation_name.clone(),
                },
                votes: closed.then_some(c.votes),
                rank: row.map(|r| r.rank),
                tied: row.map(|r| r.tied),
                standing: row.map(|r| r.standing.as_str().to_string()),
                member_id: c.candidate.member_id.clone(),
            }
        };
        let candidates = match &e.results {
            Some(rows) => rows
                .iter()
                .filter_map(|r| e.candidates.iter().find(|c| c.candidate.id == r.candidate))
                .map(candidate)
                .collect(),
            None => e.candidates.iter().map(candidate).collect(),
        };
        ElectionOut {
            id: k.id.clone(),
            council_id: k.council_id.clone(),
            title: k.title.clone(),
            phase: k.phase.clone(),
            seats: k.seats,
            candidates_per_ngo: k.candidates_per_ngo,
            votes_per_ballot: k.votes_per_ballot,
            nominations_until: e.nominations_until.to_string(),
            voting_until: e.voting_until.to_string(),
            ballots_cast: e.voted_organisations.len(),
            candidates,
            results_published: closed,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceOut {
    pub member_id: String,
    pub name: String,
    pub present: bool,
}

/// A meeting with its agenda, documents, attendance and minutes.
#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    pub id: String,
    pub council_id: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub location: String,
    pub agenda: String,
    /// Titles and links, one per line.
    pub documents: Option<String>,
    pub attendance: Vec<AttendanceOut>,
    /// Published minutes.
    pub minutes: Option<String>,
    pub next_meeting_at: Option<String>,
    pub calendar_url: String,
    pub metadata: MetadataOut,
}

impl MeetingOut {
    pub fn new(m: &MeetingView) -> Self {
        let k = &m.meeting;
        MeetingOut {
            id: k.id.clone(),
            council_id: k.council_id.clone(),
            title: k.title.clone(),
            starts_at: instant(k.starts_at),
            ends_at: instant(k.ends_at),
            location: k.location.clone(),
            agenda: k.agenda.clone(),
            documents: k.documents.clone(),
            attendance: m
                .attendance
                .iter()
                .map(|(id, name, present)| AttendanceOut {
                    member_id: id.clone(),
                    name: name.clone(),
                    present: *present,
                })
                .collect(),
            minutes: k.minutes.clone(),
            next_meeting_at: k.next_meeting_at.map(instant),
            calendar_url: format!("/api/v1/councils/meetings/{}/calendar.ics", k.id),
            metadata: MetadataOut {
                prepared_by: m.created_by_name.clone(),
                published_by: m.minutes_published_by_name.clone(),
                created_at: instant(k.created_at),
                published_at: k.minutes_published_at.map(instant),
                updated_at: instant(k.updated_at),
            },
        }
    }
}

/// A document sent to the council for its opinion.
#[derive(Serialize, ToSchema)]
pub struct OpinionOut {
    pub id: String,
    pub council_id: String,
    pub title: String,
    pub document: String,
    pub delivered_at: String,
    pub delivered_on: String,
    /// 14 days after delivery.
    pub deadline: String,
    /// `pending`, `given` or `waived` (no opinion within 14 days), computed today.
    pub status: String,
    pub status_label: String,
    /// The adopted resolution that is the council's opinion.
    pub resolution_id: Option<String>,
}

impl OpinionOut {
    pub fn new(o: &OpinionView, lang: Lang) -> Self {
        OpinionOut {
            id: o.request.id.clone(),
            council_id: o.request.council_id.clone(),
            title: o.request.title.clone(),
            document: o.request.document.clone(),
            delivered_at: instant(o.request.delivered_at),
            delivered_on: o.delivered_on.to_string(),
            deadline: o.deadline.to_string(),
            status: o.state.as_str().to_string(),
            status_label: o.state.label(lang).to_string(),
            resolution_id: o.opinion.as_ref().map(|x| x.0.clone()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VoteOut {
    pub member_id: String,
    pub name: String,
    pub seat_kind: String,
    /// `for`, `against` or `abstain`.
    pub choice: String,
}

/// The counted result of a closed vote.
#[derive(Serialize, ToSchema)]
pub struct ResultOut {
    pub members: u32,
    pub votes_for: u32,
    pub votes_against: u32,
    pub abstentions: u32,
    pub voted: u32,
    pub quorum_reached: bool,
    /// `adopted`, `rejected` or `quorum_not_reached`.
    pub outcome: String,
    pub outcome_label: String,
}

/// A resolution with its text, result and per-member votes.
#[derive(Serialize, ToSchema)]
pub struct ResolutionOut {
    pub id: String,
    pub council_id: String,
    pub meeting_id: Option<String>,
    pub opinion_request_id: Option<String>,
    pub title: String,
    pub text: String,
    /// `voting` or `closed`.
    pub status: String,
    pub rules: RulesOut,
    pub result: Option<ResultOut>,
    /// Per-member votes: public once closed; before that for officers and the secretary
    /// (a member sees their own).
    pub votes: Vec<VoteOut>,
    /// How many members have voted so far.
    pub votes_cast: usize,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub metadata: MetadataOut,
}

impl ResolutionOut {
    pub fn new(r: &ResolutionView, c: &CouncilView, user: Option<&User>, lang: Lang) -> Self {
        let k = &r.resolution;
        let all = !r.is_open() || sees_open_votes(user, c);
        let own = user
            .and_then(|u| c.member_of_user(&u.id))
            .map(|m| m.member.id.clone());
        ResolutionOut {
            id: k.id.clone(),
            council_id: k.council_id.clone(),
            meeting_id: k.meeting_id.clone(),
            opinion_request_id: k.opinion_request_id.clone(),
            title: k.title.clone(),
            text: k.body.clone(),
            status: k.status.clone(),
            rules: RulesOut {
                quorum: r.rules.quorum.as_str().to_string(),
                majority: r.rules.majority.as_str().to_string(),
            },
            result: r.tally.map(|t| ResultOut {
                members: t.members,
                votes_for: t.votes_for,
                votes_against: t.against,
                abstentions: t.abstain,
                voted: t.voted(),
                quorum_reached: t.quorum_reached,
                outcome: t.outcome.as_str().to_string(),
                outcome_label: t.outcome.label(lang).to_string(),
            }),
            votes: r
                .votes
                .iter()
                .filter(|v| all || own.as_deref() == Some(v.member_id.as_str()))
                .map(|v| VoteOut {
                    member_id: v.member_id.clone(),
                    name: v.member_name.clone(),
                    seat_kind: v.seat_kind.clone(),
                    choice: v.choice.as_str().to_string(),
                })
                .collect(),
            votes_cast: r.votes.len(),
            opened_at: instant(k.opened_at),
            closed_at: k.closed_at.map(instant),
            metadata: MetadataOut {
                prepared_by: r.opened_by_name.clone(),
                published_by: r.closed_by_name.clone(),
                created_at: instant(k.opened_at),
                published_at: k.closed_at.map(instant),
                updated_at: instant(k.updated_at),
            },
        }
    }
}
