//! Small grants outside a competition (art. 19a): the pool, the limits of an offer, and the
//! statutory clock (publication within 7 working days, 7 days of comments, then the decision),
//! driven by a fixed clock.

use std::sync::Arc;

use domain::accounts::Role;
use domain::time::FixedClock;
use jiff::Timestamp;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app_at};

const PIOTRKOW: &str = "piotrkow-trybunalski";

fn at(s: &str) -> Timestamp {
    s.parse().expect("instant")
}

struct Setup {
    app: TestApp,
    clock: Arc<FixedClock>,
    officer: String,
    ngo_token: String,
    ngo_id: String,
}

/// Monday 1 March 2027, 10:00 in Warsaw; the 2027 pool is 100 000 zł of 500 000 zł planned.
async fn setup() -> Setup {
    let (app, clock) = spawn_app_at(at("2027-03-01T09:00:00Z")).await;
    let officer = app
        .staff("bal@piotrkow.example", Role::Officer, Some(PIOTRKOW))
        .await;
    let r = put_pool(&app, &officer, "2027", "500000.00", "100000.00").await;
    assert_eq!(r.status(), StatusCode::OK);
    let (_, ngo_token) = app.resident("prezeska@stowarzyszenie.example").await;
    let ngo_id = app
        .ngo(&ngo_token, "Stowarzyszenie Potańcówka", "0000333444")
        .await;
    Setup {
        app,
        clock,
        officer,
        ngo_token,
        ngo_id,
    }
}

async fn put_pool(
    app: &TestApp,
    token: &str,
    year: &str,
    planned: &str,
    amount: &str,
) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/small-grants/pools/{PIOTRKOW}/{year}")))
        .bearer_auth(token)
        .json(&json!({"planned_ngo_grants": planned, "amount": amount}))
        .send()
        .await
        .unwrap()
}

fn offer(org: &str, amount: &str, start: &str, end: &str) -> Value {
    json!({
        "organisation_id": org,
        "municipality": PIOTRKOW,
        "title": "Potańcówka sąsiedzka",
        "description": "Trzy spotkania z muzyką na żywo dla seniorów i ich wnuków.",
        "start_date": start,
        "end_date": end,
        "amount": amount,
        "budget_lines": [{"name": "Zespół muzyczny i poczęstunek", "amount": amount}],
        "expected_results": ["3 potańcówki", "120 uczestników"],
    })
}

async fn submit(s: &Setup, body: &Value) -> reqwest::Response {
    s.app
        .post_json("/api/v1/small-grants", body, Some(&s.ngo_token))
        .await
}

async fn submitted(s: &Setup, amount: &str) -> Value {
    let r = submit(s, &offer(&s.ngo_id, amount, "2027-05-01", "2027-06-30")).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{amount}");
    r.json().await.unwrap()
}

#[tokio::test]
async fn the_pool_is_at_most_20_percent_of_planned_ngo_grants() {
    let s = setup().await;
    let r = put_pool(&s.app, &s.officer, "2028", "500000.00", "100000.01").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(fields(&p), vec!["amount"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("20%"));
    let r = put_pool(&s.app, &s.officer, "1999", "1.00", "0.00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = put_pool(&s.app, &s.ngo_token, "2028", "500000.00", "1.00").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let pool: Value = s
        .app
        .get(&format!("/api/v1/small-grants/pools/{PIOTRKOW}/2027"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pool["amount"], "100000.00");
    assert_eq!(pool["max_amount"], "100000.00");
    assert_eq!(pool["remaining"], "100000.00");
    submitted(&s, "8000.00").await;
    let r = put_pool(&s.app, &s.officer, "2027", "500000.00", "7999.99").await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "below what offers already take"
    );
    let pool: Value = s
        .app
        .get(&format!("/api/v1/small-grants/pools/{PIOTRKOW}/2027"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pool["committed"], "8000.00");
    assert_eq!(pool["remaining"], "92000.00");
    let r = s
        .app
        .get(&format!("/api/v1/small-grants/pools/{PIOTRKOW}/2031"), None)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn ten_thousand_is_allowed_and_one_grosz_more_refused() {
    let s = setup().await;
    let r = submit(
        &s,
        &offer(&s.ngo_id, "10000.01", "2027-05-01", "2027-05-31"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(fields(&p), vec!["amount"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10\u{a0}000,00\u{a0}zł")
    );
    let o = submitted(&s, "10000.00").await;
    assert_eq!(o["status"], "submitted");
    assert_eq!(o["amount"], "10000.00");
}

#[tokio::test]
async fn day_90_is_allowed_and_day_91_refused_counting_both_ends() {
    let s = setup().await;
    // 1 May – 29 July 2027: 31 + 30 + 29 = 90 days.
    let r = submit(&s, &offer(&s.ngo_id, "1000.00", "2027-05-01", "2027-07-29")).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let o: Value = r.json().await.unwrap();
    assert_eq!(o["task_days"], 90);
    let r = submit(&s, &offer(&s.ngo_id, "1000.00", "2027-05-01", "2027-07-30")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(fields(&p), vec!["end_date"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("91 dni")
    );
}

#[tokio::test]
async fn an_organisation_gets_at_most_20_000_a_year_and_offers_must_fit_the_pool() {
    let s = setup().await;
    submitted(&s, "10000.00").await;
    submitted(&s, "10000.00").await;
    let r = submit(&s, &offer(&s.ngo_id, "0.01", "2027-05-01", "2027-05-02")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains("20\u{a0}000,00\u{a0}zł"), "{detail}");
    assert!(detail.contains("2027"), "{detail}");
    // Another year is another limit — but that year has no pool yet.
    let r = submit(&s, &offer(&s.ngo_id, "100.00", "2028-05-01", "2028-05-02")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        problem(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("puli")
    );

    // A small pool: 25 000 zł; 20 000 zł already taken by the first NGO.
    let r = put_pool(&s.app, &s.officer, "2027", "125000.00", "25000.00").await;
    assert_eq!(r.status(), StatusCode::OK);
    let (_, other) = s.app.resident("druga@fundacja.example").await;
    let other_id = s.app.ngo(&other, "Fundacja Druga", "0000555666").await;
    let r = s
        .app
        .post_json(
            "/api/v1/small-grants",
            &offer(&other_id, "5000.01", "2027-05-01", "2027-05-02"),
            Some(&other),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let detail = problem(r).await["detail"].as_str().unwrap().to_string();
    assert!(detail.contains("zostało 5\u{a0}000,00\u{a0}zł"), "{detail}");
    let r = s
        .app
        .post_json(
            "/api/v1/small-grants",
            &offer(&other_id, "5000.00", "2027-05-01", "2027-05-02"),
            Some(&other),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn only_representatives_of_an_ngo_submit() {
    let s = setup().await;
    let (_, stranger) = s.app.resident("obcy@example.pl").await;
    let r = s
        .app
        .post_json(
            "/api/v1/small-grants",
            &offer(&s.ngo_id, "100.00", "2027-05-01", "2027-05-02"),
            Some(&stranger),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Sąsiedzi", "municipality": PIOTRKOW,
                    "members": [{"name": "Anna Nowak", "adult": true}, {"name": "Jan Kowal", "adult": true},
                                {"name": "Ewa Lis", "adult": true}]}),
            Some(&stranger),
        )
        .await;
    let group: Value = r.json().await.unwrap();
    let r = s
        .app
        .post_json(
            "/api/v1/small-grants",
            &offer(
                group["id"].as_str().unwrap(),
                "100.00",
                "2027-05-01",
                "2027-05-02",
            ),
            Some(&stranger),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["organisation_id"]);
    let r = s
        .app
        .post_json(
            "/api/v1/small-grants",
            &json!({"municipality": PIOTRKOW}),
            Some(&s.ngo_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&problem(r).await),
        vec![
            "organisation_id",
            "title",
            "description",
            "start_date",
            "end_date",
            "amount",
            "budget_lines",
            "expected_results"
        ]
    );
}

#[tokio::test]
async fn publication_after_the_seventh_working_day_is_refused() {
    let s = setup().await;
    let o = submitted(&s, "5000.00").await;
    // Arrived Monday 1 March 2027: 2, 3, 4, 5, 8, 9, 10 March are the 7 working days.
    assert_eq!(o["schedule"]["received_on"], "2027-03-01");
    assert_eq!(o["schedule"]["publish_by"], "2027-03-10");
    s.clock.set(at("2027-03-11T08:00:00Z"));
    let r = s
        .app
        .post_json(
            &format!("/api/v1/small-grants/{}/publish", o["id"].as_str().unwrap()),
            &json!({}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let detail = problem(r).await["detail"].as_str().unwrap().to_string();
    assert!(detail.contains("10.03.2027"), "{detail}");
}

#[tokio::test]
async fn the_deadline_skips_easter() {
    let (app, _clock) = spawn_app_at(at("2027-03-25T11:00:00Z")).await;
    let officer = app
        .staff("b@p.example", Role::Officer, Some(PIOTRKOW))
        .await;
    put_pool(&app, &officer, "2027", "500000.00", "100000.00").await;
    let (_, token) = app.resident("r@p.example").await;
    let org = app.ngo(&token, "Fundacja Wielkanocna", "0000777888").await;
    let r = app
        .post_json(
            "/api/v1/small-grants",
            &offer(&org, "100.00", "2027-05-01", "2027-05-02"),
            Some(&token),
        )
        .await;
    let o: Value = r.json().await.unwrap();
    // Thursday 25 March 2027; Easter Monday 29 March: 26, 30, 31 March, 1, 2, 5, 6 April.
    assert_eq!(o["schedule"]["publish_by"], "2027-04-06");
}

#[tokio::test]
async fn an_offer_is_published_commented_for_seven_days_then_decided() {
    let s = setup().await;
    let o = submitted(&s, "8000.00").await;
    let id = o["id"].as_str().unwrap().to_string();
    let path = |p: &str| format!("/api/v1/small-grants/{id}{p}");

    // Before publication only the NGO and the officers see it.
    assert_eq!(
        s.app.get(&path(""), None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.app.get(&path(""), Some(&s.ngo_token)).await.status(),
        StatusCode::OK
    );
    let (_, neighbour) = s.app.resident("sasiadka@example.pl").await;
    let r = s
        .app
        .post_json(
            &path("/comments"),
            &json!({"body": "Świetny pomysł"}),
            Some(&neighbour),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "not visible yet");
    let r = s
        .app
        .post_json(
            &path("/comments"),
            &json!({"body": "Za wcześnie"}),
            Some(&s.ngo_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "not published yet");
    let r = s
        .app
        .post_json(
            &path("/decision"),
            &json!({"result": "granted"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "a grant needs publication first"
    );
    let r = s.app.get(&path("/agreement.pdf"), Some(&s.officer)).await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "no agreement before the grant"
    );
    let r = s
        .app
        .post_json(&path("/publish"), &json!({}), Some(&s.ngo_token))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Published on the last allowed day, Wednesday 10 March.
    s.clock.set(at("2027-03-10T15:00:00Z"));
    let r = s
        .app
        .post_json(&path("/publish"), &json!({}), Some(&s.officer))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "published");
    assert_eq!(v["schedule"]["published_on"], "2027-03-10");
    assert_eq!(v["schedule"]["comments_until"], "2027-03-17");
    assert_eq!(v["schedule"]["decision_from"], "2027-03-18");
    assert_eq!(v["comments_open"], true);
    let r = s
        .app
        .post_json(&path("/publish"), &json!({}), Some(&s.officer))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "published once");

    // Public now; anyone logged in may comment.
    assert_eq!(s.app.get(&path(""), None).await.status(), StatusCode::OK);
    let r = s
        .app
        .post_json(
            &path("/comments"),
            &json!({"body": "Świetny pomysł!"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = s
        .app
        .post_json(&path("/comments"), &json!({"body": "  "}), Some(&neighbour))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = s
        .app
        .post_json(
            &path("/comments"),
            &json!({"body": "Świetny pomysł! Proszę o godziny popołudniowe."}),
            Some(&neighbour),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["author_name"], "Maria Testowa");
    let list: Value = s
        .app
        .get(
            &format!("/api/v1/small-grants?municipality={PIOTRKOW}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        list[0]["comments"].as_array().unwrap().len(),
        0,
        "lists carry no comments"
    );
    let public: Value = s.app.get(&path(""), None).await.json().await.unwrap();
    assert_eq!(
        public["comments"][0]["body"],
        "Świetny pomysł! Proszę o godziny popołudniowe."
    );
    assert_eq!(public["comments"][0]["author_name"], "Maria Testowa");
    assert_eq!(public["agreement_url"], Value::Null);

    // The last day of comments: Wednesday 17 March, 23:30 in Warsaw.
    s.clock.set(at("2027-03-17T22:30:00Z"));
    let r = s
        .app
        .post_json(
            &path("/comments"),
            &json!({"body": "Ostatnia uwaga."}),
            Some(&neighbour),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .app
        .post_json(
            &path("/decision"),
            &json!({"result": "granted"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        problem(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("18.03.2027")
    );

    // Thursday 18 March: comments closed, decision open.
    s.clock.set(at("2027-03-17T23:30:00Z"));
    let r = s
        .app
        .post_json(
            &path("/comments"),
            &json!({"body": "Za późno."}),
            Some(&neighbour),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        problem(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("17.03.2027")
    );
    let r = s
        .app
        .post_json(
            &path("/decision"),
            &json!({"result": "refused"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["reason"]);
    let r = s
        .app
        .post_json(
            &path("/decision"),
            &json!({"result": "granted"}),
            Some(&neighbour),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .app
        .post_json(
            &path("/decision"),
            &json!({"result": "granted"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "granted");
    assert_eq!(
        v["agreement_url"],
        format!("/api/v1/small-grants/{id}/agreement.pdf")
    );
    let r = s
        .app
        .post_json(
            &path("/decision"),
            &json!({"result": "refused", "reason": "x"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "decided once");
    let public: Value = s.app.get(&path(""), None).await.json().await.unwrap();
    assert_eq!(
        public["agreement_url"],
        Value::Null,
        "the agreement is not public"
    );
    let r = s.app.get(&path("/agreement.pdf"), Some(&s.ngo_token)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    crate::helpers::assert_pdf_text(
        &pdf,
        &[
            "o realizację zadania publicznego",
            "art. 19a",
            "Stowarzyszenie Potańcówka",
            "Potańcówka sąsiedzka",
            "8 000,00 zł",
            "10.03.2027",
            "17.03.2027",
            "Zespół muzyczny i poczęstunek",
            "120 uczestników",
            "do dnia 30.07.2027",
            "Za Zleceniobiorcę",
        ],
    );
    assert_eq!(
        s.app
            .get(&path("/agreement.pdf"), Some(&neighbour))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.app.get(&path("/agreement.pdf"), None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let actions: Vec<String> = store::audit::for_subject(&s.app.db, "small_grant", &id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "small_grant.submit",
            "small_grant.publish",
            "small_grant.comment",
            "small_grant.comment",
            "small_grant.grant"
        ]
    );
}

#[tokio::test]
async fn an_offer_refused_before_publication_stays_private_and_frees_the_pool() {
    let s = setup().await;
    let o = submitted(&s, "9000.00").await;
    let id = o["id"].as_str().unwrap();
    let r = s
        .app
        .post_json(
            &format!("/api/v1/small-grants/{id}/decision"),
            &json!({"result": "refused", "reason": "Zadanie nie ma charakteru lokalnego."}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "refused");
    assert_eq!(v["decision_reason"], "Zadanie nie ma charakteru lokalnego.");
    assert_eq!(
        s.app
            .get(&format!("/api/v1/small-grants/{id}"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let pool: Value = s
        .app
        .get(&format!("/api/v1/small-grants/pools/{PIOTRKOW}/2027"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pool["committed"], "0.00");
    // The organisation may now ask again up to its limit.
    submitted(&s, "10000.00").await;
    submitted(&s, "10000.00").await;
}

#[tokio::test]
async fn purchases_and_small_grants_survive_a_backup_and_a_restore() {
    let s = setup().await;
    let o = submitted(&s, "8000.00").await;
    let id = o["id"].as_str().unwrap().to_string();
    let r = s
        .app
        .post_json(
            &format!("/api/v1/small-grants/{id}/publish"),
            &json!({}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .app
        .post_json(
            &format!("/api/v1/small-grants/{id}/comments"),
            &json!({"body": "Popieram."}),
            Some(&s.ngo_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .app
        .post_json(
            "/api/v1/purchases/kinds",
            &json!({"municipality": PIOTRKOW, "code": "AN", "name": "Animacja sąsiedzka"}),
            Some(&s.officer),
        )
        .await;
    let kind: Value = r.json().await.unwrap();
    let r = s
        .app
        .post_json(
            "/api/v1/purchases",
            &json!({"municipality": PIOTRKOW, "buying_unit": "Urząd Miasta", "kind_id": kind["id"],
                    "supplier_id": s.ngo_id, "supplier_activity": "business", "net": "1000.00",
                    "gross": "1230.00", "ordered_on": "2027-03-01", "start_date": "2027-03-02",
                    "end_date": "2027-03-31", "outcomes": ["4 spotkania"]}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let purchase: Value = r.json().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kopia.jsonl");
    store::backup::backup(&s.app.db, &file).await.unwrap();
    let (target, _keep) = crate::helpers::fresh_database().await;
    let restored = store::Db::connect(&target).await.unwrap();
    restored.migrate().await.unwrap();
    store::backup::restore(&restored, &file).await.unwrap();

    let offer = store::small_grants::get(&restored, &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(offer.offer.title, "Potańcówka sąsiedzka");
    assert_eq!(offer.budget_lines.len(), 1);
    assert_eq!(offer.comments[0].body, "Popieram.");
    assert_eq!(
        offer.schedule.comments_until,
        Some(jiff::civil::date(2027, 3, 8))
    );
    let p = store::purchases::get(&restored, purchase["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.year_sum, domain::Grosze::parse("1000.00").unwrap());
    assert_eq!(p.outcomes, ["4 spotkania"]);
    let pool = store::small_grants::pool(&restored, &offer.offer.municipality_id, 2027)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pool.committed, domain::Grosze::parse("8000.00").unwrap());
    assert!(matches!(
        store::audit::verify(&restored).await.unwrap(),
        store::audit::Verification::Intact { .. }
    ));
}
