//! `/municipalities`.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::ApiError;

#[derive(Serialize, ToSchema)]
pub struct MunicipalityOut {
    pub id: String,
    /// The `/{slug}` of its pages.
    pub slug: String,
    pub name: String,
    /// TERYT code (7 digits).
    pub teryt: Option<String>,
}

/// Every municipality on the platform.
#[utoipa::path(get, path = "/municipalities", tag = "municipalities",
    responses((status = 200, body = Vec<MunicipalityOut>)))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<MunicipalityOut>>, ApiError> {
    let all = store::municipalities::list(&state.db).await?;
    Ok(Json(
        all.into_iter()
            .map(|m| MunicipalityOut {
                id: m.id,
                slug: m.slug,
                name: m.name,
                teryt: m.teryt,
            })
            .collect(),
    ))
}
