//! Tables of consultations and of the cooperation programme cycle. Instants are microseconds
//! (UTC); dates are `YYYY-MM-DD`.

pub mod consultation {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "consultations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub description: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub document_text: Option<String>,
        /// The uploaded document in `files`.
        pub document_file_id: Option<String>,
        pub opens_at: i64,
        pub closes_at: i64,
        /// `draft` or `published`.
        pub status: String,
        pub published_at: Option<i64>,
        pub published_by: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub report_summary: Option<String>,
        pub report_published_at: Option<i64>,
        pub report_published_by: Option<String>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_by: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod consultation_comment {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "consultation_comments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub consultation_id: String,
        pub author_user_id: String,
        /// The NGO on whose behalf the comment was made.
        pub organisation_id: Option<String>,
        /// Shown publicly with the author's name (or the NGO's); otherwise only to officers.
        pub is_public: bool,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: i64,
        /// `accepted`, `partly` or `rejected`.
        pub answer: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub answer_text: Option<String>,
        pub answered_at: Option<i64>,
        pub answered_by: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cooperation_programme {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "cooperation_programmes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub year: i32,
        #[sea_orm(column_type = "Text")]
        pub title: String,
        #[sea_orm(column_type = "Text", nullable)]
        pub document_text: Option<String>,
        pub document_file_id: Option<String>,
        /// `draft`, `consulted` or `adopted`.
        pub status: String,
        pub adopted_on: Option<String>,
        /// The council's resolution (number or link).
        #[sea_orm(column_type = "Text", nullable)]
        pub resolution_ref: Option<String>,
        pub consultation_id: Option<String>,
        /// The Public Benefit Council's opinion: a free reference or URL.
        #[sea_orm(column_type = "Text", nullable)]
        pub council_opinion_ref: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub report_text: Option<String>,
        pub report_file_id: Option<String>,
        pub report_published_on: Option<String>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_by: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod cooperation_reminder {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "cooperation_reminders")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub year: i32,
        /// `adoption-30`, `adoption-7`, `report-30`, `report-7`.
        pub kind: String,
        pub sent_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
