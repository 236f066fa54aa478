//! Microgrants API: programmes, calls, applications, evaluation, results, agreements, reports.
//! Who may do what is decided here, in one place, denied by default.

pub(crate) mod agreements;
pub(crate) mod applications;
pub(crate) mod evaluation;
pub(crate) mod exports;
pub(crate) mod programmes;
pub(crate) mod results;

use domain::accounts::Role;
use domain::{FieldError, Grosze};
use jiff::Timestamp;
use jiff::civil::Date;
use store::accounts::User;
use store::grants::{ApplicationView, CallView};

use crate::AppState;
use crate::error::ApiError;

/// Officers (and admins) of the municipality manage its programmes, calls and decisions.
pub fn is_officer(user: &User, municipality_id: &str) -> bool {
    user.has_role_in(Role::Officer, municipality_id) || user.is_platform_admin()
}

/// Whether the user represents the organisation.
pub async fn is_representative(
    state: &AppState,
    organisation_id: &str,
    user: &User,
) -> Result<bool, ApiError> {
    Ok(store::organisations::get(&state.db, organisation_id)
        .await?
        .is_some_and(|o| o.representative_ids.contains(&user.id)))
}

/// Who may read an application: its representatives, the municipality's officers, and committee
/// members who declared no conflict of interest for it. Everyone else gets `404`.
pub async fn can_read_application(
    state: &AppState,
    v: &ApplicationView,
    user: &User,
) -> Result<bool, ApiError> {
    if is_officer(user, &v.application.municipality_id)
        || is_representative(state, &v.organisation.id, user).await?
    {
        return Ok(true);
    }
    if v.is_submitted()
        && store::grants::is_committee_member(&state.db, &v.call.call.id, &user.id).await?
        && store::grants::declaration_of(&state.db, &v.application.id, &user.id).await?
            == Some(false)
    {
        return Ok(true);
    }
    Ok(false)
}

/// A call, visible to anyone once published and to its officers while a draft.
pub async fn visible_call(
    state: &AppState,
    id: &str,
    user: Option<&User>,
) -> Result<CallView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let c = store::grants::call_view(state.db.read(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if c.is_published() || user.is_some_and(|u| is_officer(u, &c.call.municipality_id)) {
        Ok(c)
    } else {
        Err(ApiError::NotFound)
    }
}

/// An application the user may read, else `404`.
pub async fn readable_application(
    state: &AppState,
    id: &str,
    user: &User,
) -> Result<ApplicationView, ApiError> {
    if !store::ids::looks_like_id(id) {
        return Err(ApiError::NotFound);
    }
    let v = store::grants::application_view(state.db.read(), id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if can_read_application(state, &v, user).await? {
        Ok(v)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Collects field errors while parsing input values.
#[derive(Default)]
pub struct Parse {
    pub errors: Vec<FieldError>,
}

impl Parse {
    pub fn money(&mut self, field: &str, v: Option<&str>) -> Option<Grosze> {
        let v = v?;
        Grosze::parse(v)
            .map_err(|e| self.errors.push(FieldError::new(field, &e)))
            .ok()
    }

    pub fn money_form(&mut self, field: &str, v: &str) -> Option<Grosze> {
        if v.trim().is_empty() {
            return None;
        }
        Grosze::parse_form(v)
            .map_err(|e| self.errors.push(FieldError::new(field, &e)))
            .ok()
    }

    pub fn date(&mut self, field: &str, v: Option<&str>) -> Option<Date> {
        let v = v.filter(|s| !s.trim().is_empty())?;
        domain::time::parse_date(v.trim())
            .map_err(|e| self.errors.push(FieldError::new(field, &e)))
            .ok()
    }

    pub fn instant(&mut self, field: &str, v: Option<&str>) -> Option<Timestamp> {
        let v = v.filter(|s| !s.trim().is_empty())?;
        domain::time::parse_rfc3339(v.trim())
            .map_err(|e| self.errors.push(FieldError::new(field, &e)))
            .ok()
    }

    pub fn local_instant(&mut self, field: &str, v: &str) -> Option<Timestamp> {
        if v.trim().is_empty() {
            return None;
        }
        domain::time::parse_warsaw_local(v.trim())
            .map_err(|e| self.errors.push(FieldError::new(field, &e)))
            .ok()
    }

    pub fn text(&mut self, field: &str, v: Option<&str>, max: usize) -> Option<String> {
        let v = v?;
        if v.chars().count() > max {
            self.errors.push(FieldError::with_messages(
                field,
                format!("Tekst może mieć najwyżej {max} znaków."),
                format!("The text may have at most {max} characters."),
            ));
            return None;
        }
        Some(v.to_string())
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(self.errors))
        }
    }
}

/// Amounts in responses: two decimals.
pub fn amount(g: i64) -> String {
    Grosze::from_grosze(g).unwrap_or(Grosze::ZERO).to_string()
}

/// Instants in responses: RFC 3339 in Warsaw time.
pub fn instant(us: i64) -> String {
    domain::time::to_rfc3339_warsaw(domain::time::from_micros(us))
}
