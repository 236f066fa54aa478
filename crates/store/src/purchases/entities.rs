//! Tables of micro-purchases: the catalogue of kinds of service, the running yearly sum per kind,
//! and the purchases. Amounts are grosze; dates are `YYYY-MM-DD`; instants are microseconds (UTC).

pub mod purchase_kind {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "purchase_kinds")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        /// Upper-case code, unique in the municipality.
        pub code: String,
        #[sea_orm(column_type = "Text")]
        pub name: String,
        /// Inactive kinds stay on old purchases but cannot be chosen for new ones.
        pub active: bool,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod purchase_kind_year {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    /// The net sum of a kind's purchases in one financial year (and the row locked while a
    /// purchase of that kind is checked against the threshold).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "purchase_kind_years")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub kind_id: String,
        pub year: i32,
        pub net_total: i64,
        pub purchase_count: i32,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod purchase {
    use sea_orm::entity::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
    #[sea_orm(table_name = "purchases")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub municipality_id: String,
        pub kind_id: String,
        /// The NGO that supplies the service.
        pub supplier_id: String,
        #[sea_orm(column_type = "Text")]
        pub buying_unit: String,
        /// `paid_statutory` or `business`, as declared by the supplier.
        pub supplier_activity: String,
        pub net: i64,
        pub gross: i64,
        pub financial_year: i32,
        pub ordered_on: String,
        pub start_date: String,
        pub end_date: String,
        /// Expected outcomes: a JSON array of strings.
        #[sea_orm(column_type = "Text")]
        pub outcomes: String,
        /// `ordered`, `reported`, `accepted` or `rejected`.
        pub status: String,
        /// Why the purchase is not of the same kind, when it took the sum to the threshold.
        #[sea_orm(column_type = "Text", nullable)]
        pub threshold_justification: Option<String>,
        /// Outcomes achieved, one per expected outcome: a JSON array of strings.
        #[sea_orm(column_type = "Text", nullable)]
        pub achieved: Option<String>,
        #[sea_orm(column_type = "Text", nullable)]
        pub report_comment: Option<String>,
        pub reported_at: Option<i64>,
        pub reported_by: Option<String>,
        pub decided_at: Option<i64>,
        pub decided_by: Option<String>,
        /// The note of an acceptance or the reasons of a rejection.
        #[sea_orm(column_type = "Text", nullable)]
        pub decision_note: Option<String>,
        /// The day it was paid; `None` while unpaid.
        pub paid_on: Option<String>,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
