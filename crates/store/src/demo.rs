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
        description: "członek Rady Działalności Pożytku Publicznego, Piotrków Trybunalski (głosuje nad uchwałami ze swojego konta)",
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
    let group_id = organisations::create(
        db,
        &group,
        &piotrkow.id,
        Some(&foundation_id),
        &resident_id,
        now,
    )
    .await?;
    load_microgrants(
        db,
        &piotrkow.id,
        &resident_id,
        &foundation_id,
        &group_id,
        now,
    )
    .await?;
    crate::practices::demo::load(db, now).await?;
    load_council(db, &piotrkow.id, &foundation_id, now).await?;
    crate::consultations::demo::load(db, &piotrkow.id, now).await?;
    Ok(Some(out))
}

fn days(n: i64) -> jiff::SignedDuration {
    jiff::SignedDuration::from_hours(24 * n)
}

/// A microgrant programme of 100 000 zł with a finished round (results published, agreements,
/// one settled) and an open round, so every page of the cycle has something to show.
async fn load_microgrants(
    db: &Db,
    municipality_id: &str,
    resident_id: &str,
    foundation_id: &str,
    group_id: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    use crate::grants::{self, ApplicationFields};
    use domain::Grosze;
    use domain::grants::{CallInput, CriterionInput, validate_call};
    let officer = crate::accounts::find_login(db, "urzednik@piotrkow.demo")
        .await?
        .ok_or(StoreError::NotFound)?
        .id;
    let evaluator = crate::accounts::find_login(db, "oceniajaca@piotrkow.demo")
        .await?
        .ok_or(StoreError::NotFound)?
        .id;
    let zl = |z: i64| Grosze::from_zloty(z).unwrap_or(Grosze::ZERO);
    let year = now.to_zoned(domain::time::warsaw()).year() as i32;
    let programme = grants::create_programme(
        db,
        municipality_id,
        &format!("Mikrogranty {year}"),
        "microgrants",
        year,
        zl(100_000),
        &officer,
        now,
    )
    .await?;
    let criteria = || {
        vec![
            CriterionInput {
                name: "Odpowiedź na lokalną potrzebę".into(),
                max_points: Some(10),
            },
            CriterionInput {
                name: "Zaangażowanie mieszkańców".into(),
                max_points: Some(10),
            },
            CriterionInput {
                name: "Realny plan i rozsądne koszty".into(),
                max_points: Some(10),
            },
        ]
    };
    let call_input = |title: &str, opens: Timestamp, closes: Timestamp, budget: i64| {
        CallInput {
        title: title.into(),
        rules: "Mikrogranty od 500 do 5 000 zł na inicjatywy organizacji pozarządowych i grup nieformalnych (co najmniej 3 pełnoletnie osoby). Wnioski ocenia komisja według opublikowanych kryteriów; dofinansowanie otrzymują wnioski w kolejności rankingu do wyczerpania budżetu. Sprawozdanie składa się w ciągu 30 dni od zakończenia inicjatywy.".into(),
        opens_at: Some(opens),
        closes_at: Some(closes),
        min_grant: Some(zl(500)),
        max_grant: Some(zl(5000)),
        budget: Some(zl(budget)),
        applicant_kinds: vec!["ngo".into(), "informal_group".into()],
        criteria: criteria(),
        min_evaluators: Some(1),
        min_average_percent: Some(50),
    }
    };
    let invalid = |e: Vec<domain::FieldError>| StoreError::Invalid(e);
    // Round 1: finished.
    let past = validate_call(
        &call_input(
            "Inicjatywy sąsiedzkie — runda wiosenna",
            now - days(90),
            now - days(60),
            8000,
        ),
        zl(100_000),
    )
    .map_err(invalid)?;
    let call1 = grants::create_call(db, &programme, &past, &officer, now - days(95)).await?;
    grants::publish_call(db, &call1, &officer, now - days(95)).await?;
    let fields = |title: &str, summary: &str, amount: i64| ApplicationFields {
        title: Some(title.into()),
        summary: Some(summary.into()),
        place: Some("Piotrków Trybunalski".into()),
        need: Some("Mieszkańcy chcą się poznać i wspólnie zadbać o okolicę.".into()),
        target_group: Some("Sąsiedzi, rodziny z dziećmi, seniorzy".into()),
        activities: Some("Przygotowanie, spotkanie, podsumowanie.".into()),
        expected_results: Some("2 spotkania, 60 uczestników".into()),
        start_date: (now - days(50))
            .to_zoned(domain::time::warsaw())
            .date()
            .into(),
        end_date: (now - days(20))
            .to_zoned(domain::time::warsaw())
            .date()
            .into(),
        requested_amount: Some(zl(amount)),
        budget_lines: Some(vec![
            ("Materiały".into(), Some(zl(amount / 2))),
            ("Poczęstunek".into(), Some(zl(amount - amount / 2))),
        ]),
        own_money: Some(zl(0)),
        own_in_kind: Some(zl(300)),
        own_volunteer_hours: Some(40),
        bank_account: Some("PL61109010140000071219812874".into()),
    };
    let a1 = grants::create_application(
        db,
        &call1,
        group_id,
        resident_id,
        &fields(
            "Podwórko pełne zieleni",
            "Sadzimy krzewy i budujemy ławki na wspólnym podwórku.",
            4000,
        ),
        now - days(80),
    )
    .await?;
    let a2 = grants::create_application(
        db,
        &call1,
        foundation_id,
        resident_id,
        &fields(
            "Sąsiedzkie kino letnie",
            "Trzy seanse filmowe pod gołym niebem dla całego osiedla.",
            3000,
        ),
        now - days(79),
    )
    .await?;
    for a in [&a1, &a2] {
        let txn = db.begin().await?;
        grants::submit_in(&txn, a, resident_id, now - days(70)).await?;
        txn.commit().await?;
        grants::formal_check(db, a, true, "", &officer, now - days(58)).await?;
    }
    grants::set_committee(
        db,
        &call1,
        std::slice::from_ref(&evaluator),
        &officer,
        now - days(58),
    )
    .await?;
    let cv = grants::call_view(db.read(), &call1)
        .await?
        .ok_or(StoreError::NotFound)?;
    for (a, pts) in [(&a1, [9, 9, 8]), (&a2, [7, 8, 8])] {
        grants::declare(db, a, &evaluator, false, now - days(57)).await?;
        let map = cv
            .criteria
            .iter()
            .zip(pts)
            .map(|(c, p)| (c.id.clone(), p))
            .collect();
        grants::save_scores(
            db,
            a,
            &evaluator,
            &map,
            "Dobrze opisana potrzeba i realny budżet.",
            now - days(57),
        )
        .await?;
    }
    grants::compute_results(db, &call1, &officer, now - days(55)).await?;
    grants::publish_results(db, &call1, &officer, now - days(55)).await?;
    let iban = domain::ids::PolishIban::parse("PL61109010140000071219812874")
        .map_err(|_| StoreError::NotFound)?;
    for a in [&a1, &a2] {
        grants::create_agreement(db, a, &iban, &officer, now - days(54)).await?;
        grants::sign_agreement(db, a, &officer, now - days(52)).await?;
    }
    let report = grants::submit_report(
        db,
        &a1,
        &grants::ReportInput {
            narrative: "Posadziliśmy 40 krzewów i zbudowaliśmy 3 ławki.".into(),
            results_achieved: "2 spotkania (plan: 2), 72 uczestników (plan: 60)".into(),
            costs: vec![
                ("Materiały".into(), zl(2000), zl(1950)),
                ("Poczęstunek".into(), zl(2000), zl(2000)),
            ],
            amount_returned: zl(50),
            files: vec![],
        },
        resident_id,
        now - days(10),
    )
    .await?;
    grants::decide_report(
        db,
        &report.id,
        true,
        "Dziękujemy za rzetelne sprawozdanie.",
        &officer,
        now - days(5),
    )
    .await?;
    // Round 2: open now.
    let open = validate_call(
        &call_input(
            "Inicjatywy sąsiedzkie — runda jesienna",
            now - days(5),
            now + days(25),
            20_000,
        ),
        zl(92_000),
    )
    .map_err(invalid)?;
    let call2 = grants::create_call(db, &programme, &open, &officer, now - days(6)).await?;
    grants::publish_call(db, &call2, &officer, now - days(6)).await?;
    grants::set_committee(db, &call2, &[evaluator], &officer, now - days(6)).await?;
    Ok(())
}

/// The Public Benefit Council of Piotrków: constituted with 3 NGO seats of 5 (the demo council
/// account sits as a councillor), a past meeting with attendance and published minutes, the
/// next meeting, an adopted resolution with every member's vote and a pending opinion request.
async fn load_council(
    db: &Db,
    municipality_id: &str,
    foundation_id: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    use crate::council::{self, MemberLinks, NewCouncil, work};
    use domain::council::{Choice, Function, SeatKind, ValidMember, VoteRules};
    let officer = crate::accounts::find_login(db, "urzednik@piotrkow.demo")
        .await?
        .ok_or(StoreError::NotFound)?
        .id;
    let councillor = crate::accounts::find_login(db, "rada@piotrkow.demo")
        .await?
        .ok_or(StoreError::NotFound)?
        .id;
    let start = (now - days(60)).to_zoned(domain::time::warsaw()).date();
    let id = council::create_council(
        db,
        municipality_id,
        &NewCouncil {
            name: "Rada Działalności Pożytku Publicznego Miasta Piotrkowa Trybunalskiego".into(),
            term_years: domain::council::DEFAULT_TERM_YEARS,
            term_start: start,
            rules: VoteRules::default(),
        },
        &officer,
        now - days(60),
    )
    .await?;
    type Person<'a> = (
        &'a str,
        SeatKind,
        Function,
        Option<&'a str>,
        Option<&'a str>,
    );
    let people: [Person; 5] = [
        (
            "Maria Nowak",
            SeatKind::Ngo,
            Function::Chair,
            Some(foundation_id),
            None,
        ),
        (
            "Tomasz Wiśniewski",
            SeatKind::Ngo,
            Function::ViceChair,
            None,
            None,
        ),
        (
            "Ewa Zielińska",
            SeatKind::Ngo,
            Function::Secretary,
            None,
            None,
        ),
        (
            "Rafał Radny",
            SeatKind::Councillor,
            Function::Member,
            None,
            Some(&councillor),
        ),
        (
            "Jan Urzędnik",
            SeatKind::Official,
            Function::Member,
            None,
            None,
        ),
    ];
    let mut members = Vec::new();
    for (name, seat_kind, function, org, user) in people {
        let m = ValidMember {
            name: name.into(),
            seat_kind,
            function,
            joined_on: Some(start),
        };
        let links = MemberLinks {
            organisation_id: org.map(str::to_string),
            user_id: user.map(str::to_string),
        };
        members.push(council::add_member(db, &id, &m, &links, &officer, now - days(59)).await?);
    }
    council::constitute(db, &id, &officer, now - days(58)).await?;
    let starts = now - days(30);
    let meeting = work::create_meeting(
        db,
        &id,
        &work::NewMeeting {
            title: "I posiedzenie Rady".into(),
            starts_at: starts,
            ends_at: starts + jiff::SignedDuration::from_hours(2),
            location: "Mediateka 800-lecia, sala konferencyjna".into(),
            agenda: "1. Otwarcie posiedzenia\n2. Wybór prezydium\n3. Uchwalenie regulaminu rady\n4. Sprawy różne".into(),
            documents: Some("Projekt regulaminu rady\nhttps://bip.example/piotrkow/rada/regulamin".into()),
        },
        &officer,
        now - days(40),
    )
    .await?;
    work::set_attendance(db, &meeting, &members[..4], &officer, starts).await?;
    let resolution = work::open_resolution(
        db,
        &id,
        &work::NewResolution {
            title: "Uchwała nr 1/2026 w sprawie regulaminu Rady".into(),
            body: "Rada Działalności Pożytku Publicznego przyjmuje regulamin swojej pracy w brzmieniu stanowiącym załącznik do uchwały.".into(),
            meeting_id: Some(meeting.clone()),
            opinion_request_id: None,
            rules: None,
        },
        &officer,
        starts,
    )
    .await?;
    for (m, choice) in
        members[..4]
            .iter()
            .zip([Choice::For, Choice::For, Choice::For, Choice::Abstain])
    {
        work::cast_vote(db, &resolution, m, choice, &officer, starts).await?;
    }
    work::close_resolution(
        db,
        &resolution,
        &officer,
        starts + jiff::SignedDuration::from_hours(1),
    )
    .await?;
    work::publish_minutes(
        db,
        &meeting,
        "Rada wybrała prezydium (przewodnicząca Maria Nowak) i przyjęła regulamin (3 głosy za, 1 wstrzymujący się).",
        Some(now + days(30)),
        &officer,
        now - days(28),
    )
    .await?;
    work::request_opinion(
        db,
        &id,
        "Projekt programu współpracy z organizacjami pozarządowymi na przyszły rok",
        "Projekt programu do zaopiniowania: https://bip.example/piotrkow/program-wspolpracy",
        &officer,
        now - days(3),
    )
    .await?;
    Ok(())
}
