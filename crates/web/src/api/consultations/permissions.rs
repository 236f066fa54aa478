//! Who may do what with consultations and cooperation programmes, denied by default.
//!
//! | action | who |
//! |---|---|
//! | read a published consultation, its public comments, its published report and CSV | anyone |
//! | comment while it is open (as themselves or for an NGO they represent) | anyone logged in |
//! | read a draft, every comment with its author, create, edit, publish, answer, publish the report | the municipality's officers |
//! | read programmes, their deadlines, documents and reports | anyone |
//! | create and edit programmes, record adoption and the report | the municipality's officers |

use domain::accounts::Role;
use store::accounts::User;
use store::consultations::ConsultationView;

/// Manage the consultations and programmes of a municipality.
pub fn can_manage(user: &User, municipality_id: &str) -> bool {
    user.has_role_in(Role::Officer, municipality_id)
}

/// See a consultation: anyone once published; a draft only its municipality's officers.
pub fn can_see(user: Option<&User>, c: &ConsultationView) -> bool {
    c.is_public() || user.is_some_and(|u| can_manage(u, &c.c.municipality_id))
}

/// See every comment with its author's identity, public or not.
pub fn can_see_all_comments(user: Option<&User>, c: &ConsultationView) -> bool {
    user.is_some_and(|u| can_manage(u, &c.c.municipality_id))
}
