//! Demo data for `serve --demo`: Piotrków Trybunalski with its Local Activity Office, the GZM
//! metropolis with member municipalities, demo NGOs, an informal group and staff accounts.
//! Loaded only into an empty database. Every organisation and person here is fictional.

use domain::accounts::{Email, Password, PersonName, Role};
use domain::organisations::{MemberDraft, OrganisationDraft, validate_organisation};
use domain::time::to_micros;
use jiff::Timestamp;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

use crate::entities::{metropolis, municipality};
use crate::ids::new_id;
use crate::{Db, StoreError, accounts, organisations, passwords};

/// The password of every demo account (demo mode only; printed at start-up and in the README).
pub const DEMO_PASSWORD: &str = "Demo-Wspolnie-2027";

/// One demo account: e-mail and what it is for.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub email: &'static str,
    pub description: &'static str,
}

struct Place {
    slug: &'static str,
    name: &'static str,
    teryt: &'static str,
    voivodeship: &'static str,
    gzm: bool,
    description: &'static str,
}

const PLACES: &[Place] = &[
    Place {
        slug: "piotrkow-trybunalski",
        name: "Piotrków Trybunalski",
        teryt: "1062011",
        voivodeship: "łódzkie",
        gzm: false,
        description: "Miasto na prawach powiatu. Biuro Aktywności Lokalnej w Mediatece 800-lecia wspiera organizacje pozarządowe i grupy nieformalne; w przygotowaniu fundusz mikrograntów 100 000 zł i Rada Działalności Pożytku Publicznego.",
    },
    Place {
        slug: "katowice",
        name: "Katowice",
        teryt: "2469011",
        voivodeship: "śląskie",
        gzm: true,
        description: "Miasto członkowskie Górnośląsko-Zagłębiowskiej Metropolii.",
    },
    Place {
        slug: "gliwice",
        name: "Gliwice",
        teryt: "2466011",
        voivodeship: "śląskie",
        gzm: true,
        description: "Miasto członkowskie Górnośląsko-Zagłębiowskiej Metropolii.",
    },
    Place {
        slug: "sosnowiec",
        name: "Sosnowiec",
        teryt: "2475011",
        voivodeship: "śląskie",
        gzm: true,
        description: "Miasto członkowskie Górnośląsko-Zagłębiowskiej Metropolii.",
    },
    Place {
        slug: "bytom",
        name: "Bytom",
        teryt: "2462011",
        voivodeship: "śląskie",
        gzm: true,
        description: "Miasto członkowskie Górnośląsko-Zagłębiowskiej Metropolii.",
    },
];

struct DemoPerson {
    email: &'static str,
    name: &'static str,
    role: Option<Role>,
    place: Option<&'static str>,
    description: &'static str,
}

const ACCOUNTS: &[DemoPerson] = &[
    DemoPerson {
        email: "admin@wspolnie.demo",
        name: "Administratorka Platformy",
        role: Some(Role::Admin),
        place: None,
        description: "administrator platformy",
    },
    DemoPerson {
        email: "urzednik@piotrkow.demo",
        name: "Jan Urzędnik (BAL Piotrków)",
        role: Some(Role::Officer),
        place: Some("piotrkow-trybunalski"),
        description: "urzędnik Biura Aktywności Lokalnej, Piotrków Trybunalski",
    },
    DemoPerson {
        email: "oceniajaca@piotrkow.demo",
        name: "Ewa Oceniająca",
        role: Some(Role::Evaluator),
        place: Some("piotrkow-trybunalski"),
        description: "członkini komisji oceniającej, Piotrków Trybunalski",
    },
    DemoPerson {
        email: "rada@piotrkow.demo",
        name: "Rafał Radny",
        role: Some(Role::Council),
        place: Some("piotrkow-trybunalski"),
        description: "członek Rady Działalności Pożytku Publicznego, Piotrków Trybunalski",
    },
    DemoPerson {
        email: "urzednik@katowice.demo",
        name: "Katarzyna Urzędniczka",
        role: Some(Role::Officer),
        place: Some("katowice"),
        description: "urzędniczka, Katowice",
    },
    DemoPerson {
        email: "metropolia@gzm.demo",
        name: "Marek Metropolitalny",
        role: Some(Role::Metropolis),
        place: None,
        description: "koordynator Platformy Dobrych Praktyk GZM",
    },
    DemoPerson {
        email: "mieszkanka@wspolnie.demo",
        name: "Anna Mieszkanka",
        role: None,
        place: None,
        description: "mieszkanka: przedstawicielka fundacji, stowarzyszenia i grupy nieformalnej",
    },
];

/// E-mails and descriptions of the demo accounts, for the login page in demo mode.
pub fn demo_accounts() -> impl Iterator<Item = DemoAccount> {
    ACCOUNTS.iter().map(|p| DemoAccount {
        email: p.email,
        description: p.description,
    })
}

/// Loads the demo data if the database has no municipality and no user yet. Returns the demo
/// accounts when it loaded them, `None` when the database was not empty.
pub async fn load_if_empty(
    db: &Db,
    now: Timestamp,
) -> Result<Option<Vec<DemoAccount>>, StoreError> {
    let users = crate::entities::user::Entity::find()
        .count(db.read())
        .await?;
    let places = municipality::Entity::find().count(db.read()).await?;
    if users > 0 || places > 0 {
        return Ok(None);
    }
    let now_us = to_micros(now);
    let txn = db.begin().await?;
    let gzm_id = new_id();
    metropolis::ActiveModel {
        id: Set(gzm_id.clone()),
        slug: Set("gzm".into()),
        name: Set("Górnośląsko-Zagłębiowska Metropolia".into()),
        description: Set(Some(
            "Związek metropolitalny 41 gmin; prowadzi Platformę Dobrych Praktyk.".into(),
        )),
        created_at: Set(now_us),
    }
    .insert(&txn)
    .await?;
    for p in PLACES {
        let piotrkow = p.slug == "piotrkow-trybunalski";
        municipality::ActiveModel {
            id: Set(new_id()),
            slug: Set(p.slug.into()),
            name: Set(p.name.into()),
            teryt: Set(Some(p.teryt.into())),
            voivodeship: Set(Some(p.voivodeship.into())),
            metropolis_id: Set(p.gzm.then(|| gzm_id.clone())),
            description: Set(Some(p.description.into())),
            office_name: Set(piotrkow.then(|| "Biuro Aktywności Lokalnej".into())),
            office_address: Set(
                piotrkow.then(|| "Mediateka 800-lecia, Piotrków Trybunalski".into())
            ),
            office_hours: Set(
                piotrkow.then(|| "poniedziałek–piątek 8:00–16:00, czwartek do 18:00".into())
            ),
            office_email: Set(piotrkow.then(|| "bal@piotrkow.demo".into())),
            created_at: Set(now_us),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;

    let hash = {
        let pw = Password::parse(DEMO_PASSWORD).map_err(|_| anyhow::anyhow!("demo password"))?;
        let pw = pw.expose().to_string();
        tokio::task::spawn_blocking(move || passwords::hash(&pw))
            .await
            .map_err(|e| anyhow::anyhow!(e))??
    };
    let mut out = Vec::new();
    let mut resident_id = String::new();
    for p in ACCOUNTS {
        let email_v = Email::parse(p.email).map_err(|_| anyhow::anyhow!("demo email"))?;
        let name_v = PersonName::parse(p.name).map_err(|_| anyhow::anyhow!("demo name"))?;
        let id = accounts::create_user(db, &email_v, &name_v, hash.clone(), None, now).await?;
        if let Some(role) = p.role {
            let m = match p.place {
                Some(slug) => crate::municipalities::by_slug(db, slug)
                    .await?
                    .map(|m| m.id),
                None => None,
            };
            accounts::grant_role(db, &id, role, m.as_deref(), None, now).await?;
        } else {
            resident_id = id;
        }
        out.push(DemoAccount {
            email: p.email,
            description: p.description,
        });
    }

    let piotrkow = crate::municipalities::by_slug(db, "piotrkow-trybunalski")
        .await?
        .ok_or(StoreError::NotFound)?;
    let ngo = |name: &str, krs: &str, nip: &str, regon: &str| OrganisationDraft {
        kind: Some("ngo".into()),
        name: Some(name.into()),
        krs: Some(krs.into()),
        nip: Some(nip.into()),
        regon: Some(regon.into()),
        members: vec![],
    };
    let foundation = validate_organisation(&ngo(
        "Fundacja Sąsiedzka „Razem”",
        "0000712345",
        "7712345673",
        "101234560",
    ))
    .map_err(|e| anyhow::anyhow!("demo NGO: {e:?}"))?;
    let foundation_id =
        organisations::create(db, &foundation, &piotrkow.id, None, &resident_id, now).await?;
    let association = validate_organisation(&ngo(
        "Stowarzyszenie Przyjaciół Starego Miasta",
        "0000654321",
        "7712987650",
        "106543218",
    ))
    .map_err(|e| anyhow::anyhow!("demo NGO: {e:?}"))?;
    organisations::create(db, &association, &piotrkow.id, None, &resident_id, now).await?;
    let group = validate_organisation(&OrganisationDraft {
        kind: Some("informal_group".into()),
        name: Some("Sąsiedzi z Podwórka przy Słowackiego".into()),
        krs: None,
        nip: None,
        regon: None,
        members: ["Anna Mieszkanka", "Piotr Sąsiad", "Zofia Działkowa"]
            .iter()
            .map(|n| MemberDraft {
                name: (*n).into(),
                adult: true,
            })
            .collect(),
    })
    .map_err(|e| anyhow::anyhow!("demo group: {e:?}"))?;
    organisations::create(
        db,
        &group,
        &piotrkow.id,
        Some(&foundation_id),
        &resident_id,
        now,
    )
    .await?;
    Ok(Some(out))
}
