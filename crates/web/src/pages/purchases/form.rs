//! The officer's form for a new micro-purchase. At the threshold it comes back with the refusal
//! (current sum and threshold) attached to the justification field.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::lines::split_lines;
use domain::purchases::{MoneyInput, PurchaseDraft, SupplierActivity};
use store::municipalities::Municipality;

use super::{field, form_refusal, municipality};
use crate::AppState;
use crate::api::purchases::permissions::can_manage;
use crate::api::purchases::{PurchaseRefs, record_purchase};
use crate::auth::Visitor;
use crate::pages::{Chrome, FormErrors, PageError, require_user};

pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Choice>,
}

/// What the form shows (again after errors, as typed).
#[derive(Default)]
pub struct Values {
    pub buying_unit: String,
    pub kind_id: String,
    pub supplier_id: String,
    pub supplier_activity: String,
    pub net: String,
    pub gross: String,
    pub ordered_on: String,
    pub start_date: String,
    pub end_date: String,
    pub outcomes: String,
    pub justification: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "purchase_form.html")]
pub struct FormPage {
    c: Chrome,
    m: Municipality,
    errors: FormErrors,
    f: Values,
    kinds: Vec<Choice>,
    suppliers: Vec<ChoiceGroup>,
    activities: Vec<Choice>,
}

impl FormPage {
    fn kind_selected(&self, id: &str) -> bool {
        self.f.kind_id == id
    }
    fn supplier_selected(&self, id: &str) -> bool {
        self.f.supplier_id == id
    }
}

async fn form_page(
    state: &AppState,
    v: &Visitor,
    m: Municipality,
    f: Values,
    errors: FormErrors,
) -> Result<FormPage, PageError> {
    let kinds = store::purchases::kinds(&state.db, &m.id, false)
        .await?
        .into_iter()
        .map(|k| Choice {
            label: store::purchases::kind_label(&k),
            value: k.id,
        })
        .collect();
    let mut suppliers = Vec::new();
    for place in store::municipalities::list(&state.db).await? {
        let ngos = store::organisations::ngos_in(&state.db, &place.id).await?;
        if !ngos.is_empty() {
            suppliers.push(ChoiceGroup {
                label: place.name,
                choices: ngos
                    .into_iter()
                    .map(|o| Choice {
                        value: o.id,
                        label: o.name,
                    })
                    .collect(),
            });
        }
    }
    let activities = SupplierActivity::ALL
        .into_iter()
        .map(|a| Choice {
            value: a.as_str().to_string(),
            label: a.label(v.lang).to_string(),
        })
        .collect();
    let mut c = Chrome::form(v, "purchase-new-title").await;
    if !errors.is_empty() {
        c.title = format!("{}: {}", c.t("form-has-errors-title"), c.title);
    }
    Ok(FormPage {
        c,
        m,
        errors,
        f,
        kinds,
        suppliers,
        activities,
    })
}

/// `/{slug}/mikrozakupy/nowy`: the empty form, for officers.
pub async fn new_form(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
) -> Result<FormPage, PageError> {
    let user = require_user(&v)?;
    let m = municipality(&state, &v, &slug).await?;
    if !can_manage(user, &m.id) {
        return Err(PageError::NotFound(v.lang));
    }
    let today = domain::time::today_warsaw(state.clock.as_ref()).to_string();
    let f = Values {
        ordered_on: today,
        ..Default::default()
    };
    form_page(&state, &v, m, f, FormErrors::default()).await
}

/// Records the purchase, or shows the form again with every problem.
pub async fn create(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let user = require_user(&v)?.clone();
    let m = municipality(&state, &v, &slug).await?;
    let get = |k: &str| field(&pairs, k);
    let f = Values {
        buying_unit: get("buying_unit"),
        kind_id: get("kind_id"),
        supplier_id: get("supplier_id"),
        supplier_activity: get("supplier_activity"),
        net: get("net"),
        gross: get("gross"),
        ordered_on: get("ordered_on"),
        start_date: get("start_date"),
        end_date: get("end_date"),
        outcomes: get("outcomes"),
        justification: get("justification"),
    };
    let draft = PurchaseDraft {
        buying_unit: f.buying_unit.clone(),
        supplier_activity: f.supplier_activity.clone(),
        net: f.net.clone(),
        gross: f.gross.clone(),
        ordered_on: f.ordered_on.clone(),
        start_date: f.start_date.clone(),
        end_date: f.end_date.clone(),
        outcomes: split_lines(&f.outcomes),
        justification: Some(f.justification.clone()),
    };
    let refs = PurchaseRefs {
        kind_id: &f.kind_id,
        supplier_id: &f.supplier_id,
    };
    match record_purchase(&state, &user, &m, &draft, refs, MoneyInput::Form).await {
        Ok(created) => {
            Ok(Redirect::to(&format!("/mikrozakupy/{}?zapisano=1", created.id)).into_response())
        }
        Err(err) => {
            let (status, errors) = form_refusal(err, v.lang, &["outcomes"])?;
            let page = form_page(&state, &v, m, f, errors).await?;
            Ok((status, page).into_response())
        }
    }
}
