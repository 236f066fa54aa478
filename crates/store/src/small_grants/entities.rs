//! Tables of small grants (art. 19a): yearly pools, offers, their budget lines and public
//! comments. Amounts are grosze; dates are `YYYY-MM-DD`; instants are microseconds (UTC).

pub mod small_grant_pool {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// A municipality's small-grant pool for a year (and the row locked while an offer is
    /// checked against the limits).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "small_grant_pools")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub year: i32,
        /// The grants the municipality plans for NGO tasks that year.
        pub planned_ngo_grants: i64,
        /// The pool: at most 20 % of the planned grants.
        pub amount: i64,
        pub updated_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod small_grant {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "small_grants")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub organisation_id: String,
        pub submitted_by: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        pub start_date: String,
        pub end_date: String,
        pub amount: i64,
        /// The calendar year the offer counts towards (the year its task starts).
        pub year: i32,
        /// A JSON array of strings.
        #[sea_orm(column_type = "Text")]
        pub expected_results: String,
        /// `submitted`, `published`, `granted` or `refused`.
        pub status: String,
        pub received_at: i64,
        pub received_on: String,
        pub publish_by: String,
        pub published_at: Option<i64>,
        pub published_on: Option<String>,
        pub comments_until: Option<String>,
        pub decided_at: Option<i64>,
        pub decided_by: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub decision_reason: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod small_grant_budget_line {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "small_grant_budget_lines")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub small_grant_id: String,
        pub position: i32,
        #[sea_orm(column_type = "Text")]
        pub name: String,
        pub amount: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod small_grant_comment {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "small_grant_comments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub small_grant_id: String,
        pub author_user_id: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
