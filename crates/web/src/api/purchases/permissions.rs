//! Who may do what with micro-purchases: every check of the feature, in one place, denied by
//! default.
//!
//! | action | who |
//! |---|---|
//! | read the catalogue, the public yearly list, the yearly summary | anyone |
//! | manage the catalogue, record a purchase, accept/reject results, record payment, list and export everything | the municipality's officers |
//! | read one purchase, its protocol | the municipality's officers and the supplier's representatives |
//! | report the outcomes achieved | the supplier's representatives |

use domain::accounts::Role;
use store::accounts::User;
use store::purchases::PurchaseView;

/// Manage the catalogue and the purchases of a municipality.
pub fn can_manage(user: &User, municipality_id: &str) -> bool {
    user.has_role_in(Role::Officer, municipality_id)
}

/// See one purchase (its report, decision, payment and protocol).
pub fn can_see(user: Option<&User>, p: &PurchaseView) -> bool {
    user.is_some_and(|u| can_manage(u, &p.purchase.municipality_id) || is_supplier(u, p))
}

/// Report the outcomes achieved.
pub fn can_report(user: &User, p: &PurchaseView) -> bool {
    is_supplier(user, p)
}

fn is_supplier(user: &User, p: &PurchaseView) -> bool {
    p.supplier_representative_ids.contains(&user.id)
}
