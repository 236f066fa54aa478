use domain::FieldError;

/// What can go wrong in a repository call, in terms the web layer can answer with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input broke a rule; the web answers `422` with these field errors.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The thing does not exist (or must not be revealed); the web answers `404`.
    #[error("not found")]
    NotFound,
    /// The action conflicts with the current state; the web answers `409` with this message.
    #[error("conflict: {}", .0.message_pl)]
    Conflict(FieldError),
    /// The database failed; logged, answered as `500`.
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// Anything else unexpected (serialisation, hashing).
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl StoreError {
    /// A conflict with one message in both languages; `field` names what it is about.
    pub fn conflict(field: &str, pl: &str, en: &str) -> Self {
        StoreError::Conflict(FieldError {
            field: field.to_string(),
            message_pl: pl.to_string(),
            message_en: en.to_string(),
        })
    }

    /// A single field error.
    pub fn invalid(field: &str, pl: &str, en: &str) -> Self {
        StoreError::Invalid(vec![FieldError {
            field: field.to_string(),
            message_pl: pl.to_string(),
            message_en: en.to_string(),
        }])
    }
}

/// Whether a database error is a unique-constraint violation (both backends).
pub(crate) fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
