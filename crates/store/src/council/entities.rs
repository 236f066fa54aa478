//! Tables of the Public Benefit Council. Dates are `YYYY-MM-DD`; instants are microseconds (UTC).
pub mod council_request {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// The NGOs' joint request to create the council (one per municipality).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub reached_at: Option<i64>,
        pub reached_on: Option<String>,
        pub create_by: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_request_signature {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// One NGO's signature under the request.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_request_signatures")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub request_id: String,
        pub organisation_id: String,
        pub signed_by: String,
        pub signed_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A council of one term.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "councils")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        #[sea_orm(column_type = "Text")]
        pub name: String,
        pub term_years: i32,
        pub term_start: String,
        pub term_end: String,
        pub status: String,
        pub quorum: String,
        pub majority: String,
        pub constituted_at: Option<i64>,
        pub constituted_by: Option<String>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_by: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_member {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A seat holder; leaving keeps the row (history).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub council_id: String,
        #[sea_orm(column_type = "Text")]
        pub name: String,
        pub seat_kind: String,
        pub function: String,
        pub organisation_id: Option<String>,
        pub user_id: Option<String>,
        pub joined_on: String,
        pub left_on: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub leave_reason: Option<String>,
        pub replaces_id: Option<String>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_election {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// An election of NGO members.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_elections")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub council_id: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        pub seats: i32,
        pub candidates_per_ngo: i32,
        pub votes_per_ballot: i32,
        pub phase: String,
        pub nominations_until: String,
        pub voting_until: String,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
        pub closed_at: Option<i64>,
        pub closed_by: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_candidate {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A candidate nominated by an NGO.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_candidates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub election_id: String,
        pub organisation_id: String,
        #[sea_orm(column_type = "Text")]
        pub name: String,
        pub nominated_by: String,
        pub created_at: i64,
        pub member_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_ballot {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// The one ballot of an NGO in an election.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_ballots")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub election_id: String,
        pub organisation_id: String,
        pub cast_by: String,
        pub cast_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_ballot_mark {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A candidate marked on a ballot.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_ballot_marks")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub ballot_id: String,
        pub candidate_id: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_meeting {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A meeting with agenda, documents and minutes.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_meetings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub council_id: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        pub starts_at: i64,
        pub ends_at: i64,
        #[sea_orm(column_type = "Text")]
        pub location: String,
        #[sea_orm(column_type = "Text")]
        pub agenda: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub documents: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub minutes: Option<String>,
        pub minutes_published_at: Option<i64>,
        pub minutes_published_by: Option<String>,
        pub next_meeting_at: Option<i64>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_by: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_attendance {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// Whether a member attended a meeting.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_attendance")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub meeting_id: String,
        pub member_id: String,
        pub present: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_opinion_request {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A document sent to the council for its opinion.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_opinion_requests")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub council_id: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub document: String,
        pub delivered_at: i64,
        pub delivered_on: String,
        pub deadline: String,
        pub requested_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_resolution {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A resolution put to the vote.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_resolutions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub council_id: String,
        pub meeting_id: Option<String>,
        pub opinion_request_id: Option<String>,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub status: String,
        pub quorum: String,
        pub majority: String,
        pub members_count: Option<i32>,
        pub votes_for: Option<i32>,
        pub votes_against: Option<i32>,
        pub votes_abstain: Option<i32>,
        pub outcome: Option<String>,
        pub opened_by: String,
        pub opened_at: i64,
        pub closed_by: Option<String>,
        pub closed_at: Option<i64>,
        pub closed_on: Option<String>,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod council_vote {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A member's vote on a resolution.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "council_votes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub resolution_id: String,
        pub member_id: String,
        pub choice: String,
        pub cast_by: String,
        pub cast_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
