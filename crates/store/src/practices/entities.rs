//! SeaORM entities of good practices and thematic meetings (instants: i64 microseconds; `topics` and `links`: JSON arrays).

pub mod practice {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "practices")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub summary: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        #[sea_orm(column_type = "Text")]
        pub results: String,
        #[sea_orm(column_type = "Text")]
        pub costs: String,
        pub instrument: Option<String>,
        /// JSON array of the tags as written.
        #[sea_orm(column_type = "Text")]
        pub topics: String,
        /// `|tag|tag|` in lowercase, for filtering.
        #[sea_orm(column_type = "Text")]
        pub topic_keys: String,
        pub year: Option<i32>,
        #[sea_orm(column_type = "Text")]
        pub partners: String,
        pub contact_name: String,
        pub contact_email: String,
        /// JSON array of links.
        #[sea_orm(column_type = "Text")]
        pub links: String,
        pub status: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub review_comment: Option<String>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
        pub submitted_at: Option<i64>,
        pub published_by: Option<String>,
        pub published_at: Option<i64>,
        /// The analysed terms of a published practice, space-separated (empty otherwise).
        #[sea_orm(column_type = "Text")]
        pub search_tokens: String,
        /// The analysed terms of the title and summary of a published practice, space-separated
        /// (what "similar practices" compares; empty otherwise).
        #[sea_orm(column_type = "Text")]
        #[serde(default)]
        pub similar_terms: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod meeting {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "practice_meetings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub title: String,
        pub starts_at: i64,
        #[sea_orm(column_type = "Text")]
        pub place: String,
        pub online_url: Option<String>,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        /// JSON array of `{url, label}`.
        #[sea_orm(column_type = "Text")]
        pub links: String,
        pub status: String,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
        pub published_by: Option<String>,
        pub published_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod meeting_practice {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "practice_meeting_practices")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub meeting_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub practice_id: String,
        pub position: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
