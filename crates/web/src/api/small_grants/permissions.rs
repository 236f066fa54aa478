//! Who may do what with small grants: every check of the feature, in one place, denied by default.
//!
//! | action | who |
//! |---|---|
//! | read a published offer and its comments, the list of published offers, a pool | anyone |
//! | comment on a published offer during its comment period | anyone logged in |
//! | submit an offer | a representative of the NGO |
//! | read an offer before publication, its agreement | its NGO's representatives and the municipality's officers |
//! | set the pool, publish, decide, see every offer | the municipality's officers |

use domain::accounts::Role;
use store::accounts::User;
use store::small_grants::OfferView;

/// Set the pool, publish and decide offers of a municipality.
pub fn can_manage(user: &User, municipality_id: &str) -> bool {
    user.has_role_in(Role::Officer, municipality_id)
}

/// Whether the user represents the offer's organisation.
pub fn is_applicant(user: &User, o: &OfferView) -> bool {
    o.representative_ids.contains(&user.id)
}

/// See an offer: anyone once published; before that its applicants and the officers.
pub fn can_see(user: Option<&User>, o: &OfferView) -> bool {
    o.is_public()
        || user.is_some_and(|u| is_applicant(u, o) || can_manage(u, &o.offer.municipality_id))
}

/// See the agreement of a granted offer.
pub fn can_see_agreement(user: Option<&User>, o: &OfferView) -> bool {
    user.is_some_and(|u| is_applicant(u, o) || can_manage(u, &o.offer.municipality_id))
}

/// Submit an offer for an organisation: its representatives.
pub fn can_submit_for(user: &User, representative_ids: &[String]) -> bool {
    representative_ids.contains(&user.id)
}
