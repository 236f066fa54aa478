//! SeaORM entities of microgrants (instants: i64 microseconds; money: i64 grosze; dates: "YYYY-MM-DD").

pub mod programme {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "programmes")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub name: String,
        pub kind: String,
        pub year: i32,
        pub budget: i64,
        pub created_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod call {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "calls")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub programme_id: String,
        pub municipality_id: String,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub rules: String,
        pub opens_at: i64,
        pub closes_at: i64,
        pub min_grant: i64,
        pub max_grant: i64,
        pub budget: i64,
        pub applicant_kinds: String,
        pub min_evaluators: i32,
        pub min_average_percent: i32,
        pub status: String,
        pub results_status: String,
        pub created_at: i64,
        pub published_at: Option<i64>,
        pub results_published_at: Option<i64>,
        /// Applications submitted so far: the last confirmation number given.
        #[serde(default)]
        pub submitted_count: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod criterion {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "criteria")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub call_id: String,
        pub position: i32,
        pub name: String,
        pub max_points: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod application {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "applications")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub call_id: String,
        pub organisation_id: String,
        pub municipality_id: String,
        pub created_by: String,
        pub status: String,
        pub formal_result: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub formal_reason: Option<String>,
        pub title: String,
        #[sea_orm(column_type = "Text")]
        pub summary: String,
        #[sea_orm(column_type = "Text")]
        pub place: String,
        #[sea_orm(column_type = "Text")]
        pub need: String,
        #[sea_orm(column_type = "Text")]
        pub target_group: String,
        #[sea_orm(column_type = "Text")]
        pub activities: String,
        #[sea_orm(column_type = "Text")]
        pub expected_results: String,
        pub start_date: Option<String>,
        pub end_date: Option<String>,
        pub requested_amount: Option<i64>,
        pub own_money: i64,
        pub own_in_kind: i64,
        pub own_volunteer_hours: i32,
        pub bank_account: Option<String>,
        pub confirmation_number: Option<String>,
        pub submitted_at: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod budget_line {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "budget_lines")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub application_id: String,
        pub position: i32,
        pub name: String,
        pub amount: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod committee_member {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "committee_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub call_id: String,
        pub user_id: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod declaration {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "declarations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub application_id: String,
        pub user_id: String,
        pub conflict: bool,
        pub declared_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod score_sheet {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "score_sheets")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub application_id: String,
        pub user_id: String,
        #[sea_orm(column_type = "Text")]
        pub comment: String,
        pub total: i32,
        #[sea_orm(column_type = "Text")]
        pub points: String,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod result {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "results")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub call_id: String,
        pub application_id: String,
        pub rank: Option<i32>,
        pub average_hundredths: i64,
        pub awarded_amount: i64,
        pub outcome: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod agreement {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "agreements")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub application_id: String,
        pub number: String,
        pub status: String,
        pub amount: i64,
        pub bank_account: String,
        pub report_due: String,
        pub return_due: String,
        pub created_at: i64,
        pub signed_at: Option<i64>,
        pub reminder_sent: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod report {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "reports")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub application_id: String,
        pub status: String,
        #[sea_orm(column_type = "Text")]
        pub narrative: String,
        #[sea_orm(column_type = "Text")]
        pub results_achieved: String,
        #[sea_orm(column_type = "Text")]
        pub costs: String,
        pub amount_spent: i64,
        pub amount_returned: i64,
        #[sea_orm(column_type = "Text", nullable)]
        pub officer_comment: Option<String>,
        pub submitted_at: i64,
        pub decided_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod file {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "files")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub owner_type: String,
        pub owner_id: String,
        pub filename: String,
        pub content_type: String,
        pub size: i64,
        #[sea_orm(column_type = "Blob")]
        pub content: Vec<u8>,
        pub uploaded_by: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod outbox {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub recipient: String,
        pub subject: String,
        #[sea_orm(column_type = "Text")]
        pub body: String,
        pub created_at: i64,
        pub sent_at: Option<i64>,
        pub attempts: i32,
        #[sea_orm(column_type = "Text", nullable)]
        pub last_error: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
