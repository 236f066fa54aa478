//! Demo good practices (texts written for this project; people, figures and e-mails are
//! fictional). The same texts are part of the search evaluation corpus in `bench/search-eval`.

use domain::practices::meetings::{MeetingDraft, validate_meeting};
use domain::practices::{PracticeDraft, PracticeLink, validate_practice};
use jiff::Timestamp;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

use crate::entities::user;
use crate::{Db, StoreError};

/// The demo practices as JSON (also read by the evaluation).
pub const DEMO_PRACTICES_JSON: &str = include_str!("demo_practices.json");

/// One demo practice as written in the data file.
#[derive(Clone, Debug, Deserialize)]
pub struct DemoPractice {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub results: String,
    pub costs: String,
    pub instrument: String,
    pub topics: Vec<String>,
    pub year: i32,
    pub partners: String,
    pub contact_name: String,
    pub contact_email: String,
}

impl DemoPractice {
    pub fn draft(&self) -> PracticeDraft {
        PracticeDraft {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            results: self.results.clone(),
            costs: self.costs.clone(),
            instrument: self.instrument.clone(),
            topics: self.topics.clone(),
            year: self.year.to_string(),
            partners: self.partners.clone(),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
            links: vec![],
        }
    }
}

/// The demo practices.
pub fn demo_practices() -> Vec<DemoPractice> {
    serde_json::from_str(DEMO_PRACTICES_JSON).unwrap_or_default()
}

/// Submits and publishes the demo practices (the metropolis coordinator publishes; the last one
/// stays in the review queue so the queue has something to show).
pub async fn load(db: &Db, now: Timestamp) -> Result<(), StoreError> {
    let Some(coordinator) = user::Entity::find()
        .filter(user::Column::Email.eq("metropolia@gzm.demo"))
        .one(db.read())
        .await?
    else {
        return Ok(());
    };
    let all = demo_practices();
    let n = all.len();
    let mut published = Vec::new();
    for (i, p) in all.into_iter().enumerate() {
        let Some(m) = crate::municipalities::by_slug(db, &p.slug).await? else {
            continue;
        };
        let v = validate_practice(&p.draft(), true)
            .map_err(|e| anyhow::anyhow!("demo practice {:?}: {e:?}", p.title))?;
        let at = now - jiff::SignedDuration::from_hours(24 * (n - i) as i64);
        let id = super::create(db, &v, &m.id, true, &coordinator.id, at).await?;
        if i + 1 < n {
            super::publish(db, &id, &coordinator.id, at).await?;
            published.push((p.instrument.clone(), id));
        }
    }
    load_meeting(db, &coordinator.id, &published, now).await
}

/// The thematic meeting „Jak nie dotacje, to co?”, held online and in Katowice yesterday,
/// where the micro-purchases of Gliwice and the neighbourhood fund of Sosnowiec were presented.
async fn load_meeting(
    db: &Db,
    coordinator: &str,
    published: &[(String, String)],
    now: Timestamp,
) -> Result<(), StoreError> {
    let pick = |instrument: &str| {
        published
            .iter()
            .find(|(i, _)| i == instrument)
            .map(|(_, id)| id.clone())
    };
    let presented: Vec<String> = [pick("micro_purchase"), pick("neighbourhood_fund")]
        .into_iter()
        .flatten()
        .collect();
    let held = now - jiff::SignedDuration::from_hours(24);
    let draft = MeetingDraft {
        title: "Jak nie dotacje, to co? Mikrozakupy i fundusze sąsiedzkie".into(),
        starts_at: domain::time::to_rfc3339_warsaw(held),
        place: "Katowice, sala konferencyjna Metropolii (i online)".into(),
        online_url: "https://spotkania.gzm.demo/jak-nie-dotacje".into(),
        description: "Spotkanie tematyczne Platformy Dobrych Praktyk dla urzędników gmin metropolii. \
            Gliwice pokazały, jak kupują drobne usługi społeczne od organizacji pozarządowych w trybie \
            mikrozakupów, a Sosnowiec — jak mieszkańcy osiedli sami wybierają projekty funduszu \
            sąsiedzkiego. W dyskusji: kiedy zamiast dotacji lepiej kupić usługę, a kiedy dać \
            pieniądze grupie sąsiadów."
            .into(),
        links: vec![PracticeLink {
            url: "https://spotkania.gzm.demo/jak-nie-dotacje/prezentacje".into(),
            label: "Prezentacje ze spotkania".into(),
        }],
    };
    let v = validate_meeting(&draft).map_err(|e| anyhow::anyhow!("demo meeting: {e:?}"))?;
    let m = super::meetings::create(db, &v, true, coordinator, held).await?;
    super::meetings::set_practices(db, &m.id, &presented, coordinator, held).await?;
    Ok(())
}
