//! Demo consultations and cooperation programmes for Piotrków Trybunalski: the 2026 programme
//! adopted, the 2027 programme in an open consultation with two public comments, and a closed
//! consultation of a draft resolution whose comments wait for the officer's answers and report.
//! Loaded with the rest of the demo (an empty database only).

use domain::consultations::{ProgrammeStatus, ValidConsultation};
use jiff::{SignedDuration, Timestamp};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::programmes::{self, ProgrammeInput};
use crate::entities::{organisation, user};
use crate::{Db, StoreError};

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

async fn user_id(db: &Db, email: &str) -> Result<String, StoreError> {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db.read())
        .await?
        .map(|u| u.id)
        .ok_or(StoreError::NotFound)
}

async fn organisation_id(db: &Db, name: &str) -> Result<Option<String>, StoreError> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(db.read())
        .await?
        .map(|o| o.id))
}

/// Loads the demo consultations and programmes of `municipality_id`.
pub async fn load(db: &Db, municipality_id: &str, now: Timestamp) -> Result<(), StoreError> {
    let officer = user_id(db, "urzednik@piotrkow.demo").await?;
    let resident = user_id(db, "mieszkanka@wspolnie.demo").await?;
    let foundation = organisation_id(db, "Fundacja Sąsiedzka „Razem”").await?;
    let association = organisation_id(db, "Stowarzyszenie Przyjaciół Starego Miasta").await?;

    // The 2026 programme, adopted on time.
    let y2026 = programmes::create(
        db,
        municipality_id,
        2026,
        &ProgrammeInput {
            title: "Roczny program współpracy Miasta Piotrkowa Trybunalskiego z organizacjami pozarządowymi na rok 2026".into(),
            document_text: Some("§ 1. Celem głównym programu jest rozwój współpracy miasta z organizacjami pozarządowymi w zaspokajaniu potrzeb mieszkańców.\n§ 2. Priorytety: aktywność sąsiedzka, seniorzy, kultura i sport dzieci i młodzieży.\n§ 3. Formy współpracy: otwarte konkursy ofert, małe granty (art. 19a), mikrogranty, inicjatywa lokalna, konsultacje.\n§ 4. Planowana wysokość środków: 1 200 000 zł.".into()),
            consultation_id: None,
            council_opinion_ref: Some("Opinia Rady Działalności Pożytku Publicznego nr 4/2025 z 28 października 2025 r.".into()),
            status: Some(ProgrammeStatus::Consulted),
        },
        None,
        &officer,
        now,
    )
    .await?;
    let adopted_on = jiff::civil::date(2025, 11, 20);
    if adopted_on <= crate::small_grants::warsaw_date(now) {
        programmes::adopt(
            db,
            &y2026,
            adopted_on,
            Some("Uchwała nr XV/210/25 Rady Miasta z 20 listopada 2025 r."),
            &officer,
            now,
        )
        .await?;
    }

    // The 2027 programme, open for comments.
    let open = super::create(
        db,
        municipality_id,
        &ValidConsultation {
            title: "Konsultacje projektu programu współpracy na rok 2027".into(),
            description: "Zapraszamy organizacje pozarządowe i mieszkańców do zgłaszania uwag do projektu rocznego programu współpracy Miasta z organizacjami pozarządowymi na rok 2027. Projekt omówimy także na spotkaniu w Mediatece 800-lecia.".into(),
            document_text: Some("Projekt programu współpracy na rok 2027\n§ 1. Cel główny: wzmacnianie aktywności obywatelskiej mieszkańców i organizacji.\n§ 2. Priorytety: fundusz sąsiedzki (mikrogranty 100 000 zł), wsparcie grup nieformalnych w Biurze Aktywności Lokalnej, seniorzy, edukacja ekologiczna.\n§ 3. Planowana wysokość środków: 1 350 000 zł.".into()),
            opens_at: now - days(5),
            closes_at: now + days(14),
        },
        None,
        &officer,
        now - days(6),
    )
    .await?;
    super::publish(db, &open, &officer, now - days(6)).await?;
    super::comment(
        db,
        &open,
        "Prosimy o zwiększenie puli mikrograntów do 150 000 zł — w tym roku zabrakło środków dla sześciu dobrze ocenionych inicjatyw.",
        true,
        foundation.as_deref(),
        &resident,
        now - days(3),
    )
    .await?;
    super::comment(
        db,
        &open,
        "Warto dopisać do priorytetów zajęcia dla nastolatków na osiedlach — popołudniami nie mają dokąd pójść.",
        true,
        None,
        &resident,
        now - days(2),
    )
    .await?;
    programmes::create(
        db,
        municipality_id,
        2027,
        &ProgrammeInput {
            title: "Roczny program współpracy Miasta Piotrkowa Trybunalskiego z organizacjami pozarządowymi na rok 2027 (projekt)".into(),
            document_text: None,
            consultation_id: Some(open),
            council_opinion_ref: None,
            status: Some(ProgrammeStatus::Draft),
        },
        None,
        &officer,
        now,
    )
    .await?;

    // A closed consultation waiting for answers and the report.
    let closed = super::create(
        db,
        municipality_id,
        &ValidConsultation {
            title: "Konsultacje projektu uchwały o inicjatywie lokalnej".into(),
            description: "Projekt uchwały określającej tryb i kryteria oceny wniosków o realizację zadania publicznego w ramach inicjatywy lokalnej.".into(),
            document_text: Some("§ 1. Wniosek o realizację inicjatywy lokalnej może złożyć grupa mieszkańców bezpośrednio lub za pośrednictwem organizacji pozarządowej.\n§ 2. Wnioski rozpatruje się w ciągu 30 dni.".into()),
            opens_at: now - days(30),
            closes_at: now - days(2),
        },
        None,
        &officer,
        now - days(31),
    )
    .await?;
    super::publish(db, &closed, &officer, now - days(31)).await?;
    super::comment(
        db,
        &closed,
        "Termin 30 dni jest za długi dla drobnych inicjatyw sąsiedzkich; proponujemy 14 dni.",
        true,
        association.as_deref(),
        &resident,
        now - days(20),
    )
    .await?;
    super::comment(
        db,
        &closed,
        "Proszę o możliwość składania wniosku także w formie papierowej w Biurze Aktywności Lokalnej.",
        false,
        None,
        &resident,
        now - days(10),
    )
    .await?;
    Ok(())
}
