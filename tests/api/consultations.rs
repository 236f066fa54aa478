//! Public consultations and the cooperation programme cycle, driven by a fixed clock: the comment
//! window (409 before it opens and from the closing instant on), public and non-public comments,
//! answers and the report (JSON and CSV), permissions, the programme's statutory deadlines across
//! 30 November and 31 May, and the reminders to the officers (queued once).

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

/// Registers a person with a chosen display name; returns `(id, token)`.
async fn person(app: &TestApp, email: &str, name: &str) -> (String, String) {
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": email, "password": "bardzo-tajne-haslo", "name": name}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (id, app.login(email, "bardzo-tajne-haslo").await)
}

struct Setup {
    app: TestApp,
    clock: Arc<FixedClock>,
    officer: String,
    id: String,
}

/// 20 September 2027; a published consultation open from 1 October 08:00 to 15 October 23:59
/// (Warsaw, summer time).
async fn setup() -> Setup {
    let (app, clock) = spawn_app_at(at("2027-09-20T10:00:00Z")).await;
    let officer = app
        .staff("bal@piotrkow.example", Role::Officer, Some(PIOTRKOW))
        .await;
    let r = app
        .post_json(
            &format!("/api/v1/municipalities/{PIOTRKOW}/consultations"),
            &json!({
                "title": "Program współpracy na rok 2028",
                "description": "Konsultacje projektu programu współpracy z organizacjami.",
                "document_text": "§ 1. Cel główny programu.",
                "opens_at": "2027-10-01T08:00:00+02:00",
                "closes_at": "2027-10-15T23:59:00+02:00",
            }),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c: Value = r.json().await.unwrap();
    assert_eq!(c["status"], "draft");
    assert_eq!(c["phase"], "draft");
    let id = c["id"].as_str().unwrap().to_string();
    Setup {
        app,
        clock,
        officer,
        id,
    }
}

async fn publish(s: &Setup) {
    let r = s
        .app
        .post_json(
            &format!("/api/v1/consultations/{}/publish", s.id),
            &json!({}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["phase"], "upcoming");
}

async fn comment(s: &Setup, token: &str, body: Value) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/consultations/{}/comments", s.id),
            &body,
            Some(token),
        )
        .await
}

#[tokio::test]
async fn comments_are_refused_before_the_opening_and_from_the_closing_instant_on() {
    let s = setup().await;
    publish(&s).await;
    let (_, resident) = person(&s.app, "jan@example.test", "Jan Kowalski").await;
    let body = json!({"body": "Proszę o więcej środków na seniorów.", "public": true});

    s.clock.set(at("2027-10-01T05:59:59Z"));
    let r = comment(&s, &resident, body.clone()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    assert!(
        p["detail"].as_str().unwrap().contains("01.10.2027, 08:00"),
        "{p}"
    );

    s.clock.set(at("2027-10-01T06:00:00Z"));
    let r = comment(&s, &resident, body.clone()).await;
    assert_eq!(r.status(), StatusCode::CREATED);

    s.clock.set(at("2027-10-15T21:58:59Z"));
    assert_eq!(
        comment(&s, &resident, body.clone()).await.status(),
        StatusCode::CREATED
    );

    s.clock.set(at("2027-10-15T21:59:00Z"));
    let r = comment(&s, &resident, body.clone()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    assert!(
        p["detail"].as_str().unwrap().contains("15.10.2027, 23:59"),
        "{p}"
    );
    let r = s
        .app
        .client
        .post(
            s.app
                .url(&format!("/api/v1/consultations/{}/comments", s.id)),
        )
        .bearer_auth(&resident)
        .header("Accept-Language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        problem(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("15 Oct 2027, 23:59")
    );

    let c: Value = s
        .app
        .get(&format!("/api/v1/consultations/{}", s.id), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["phase"], "closed");
    assert_eq!(c["comment_count"], 2);

    // An empty comment is a 422 with a field error, not a 409.
    s.clock.set(at("2027-10-05T10:00:00Z"));
    let r = comment(&s, &resident, json!({"body": "  "})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["body"]);
}

#[tokio::test]
async fn a_non_public_comment_is_hidden_from_the_public_and_anonymous_in_the_report() {
    let s = setup().await;
    publish(&s).await;
    let (_, rep) = person(&s.app, "prezes@fundacja.example", "Barbara Prezes").await;
    let ngo = s.app.ngo(&rep, "Fundacja Tęcza", "0000111222").await;
    let (_, shy) = person(&s.app, "cicha@example.test", "Zofia Dyskretna").await;
    s.clock.set(at("2027-10-02T10:00:00Z"));

    let r = comment(
        &s,
        &rep,
        json!({"body": "Więcej konkursów dla seniorów.", "public": true, "organisation_id": ngo}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let public_id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = comment(
        &s,
        &shy,
        json!({"body": "Nie podoba mi się sposób oceny ofert.", "public": false}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let hidden_id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // On behalf of an NGO one does not represent: refused.
    let r = comment(
        &s,
        &shy,
        json!({"body": "Uwaga", "public": true, "organisation_id": ngo}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["organisation_id"]);

    // The public sees only the public comment, under the NGO's name.
    let c: Value = s
        .app
        .get(&format!("/api/v1/consultations/{}", s.id), None)
        .await
        .json()
        .await
        .unwrap();
    let comments = c["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["author"], "Fundacja Tęcza");
    assert_eq!(comments[0]["body"], "Więcej konkursów dla seniorów.");
    let text = c.to_string();
    assert!(!text.contains("Nie podoba mi się"));
    assert!(!text.contains("Zofia Dyskretna"));
    // The list says the same.
    let list: Value = s
        .app
        .get(
            &format!("/api/v1/consultations?municipality={PIOTRKOW}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["comment_count"], 2);
    assert_eq!(list[0]["comments"].as_array().unwrap().len(), 1);
    assert!(!list.to_string().contains("Nie podoba mi się"));
    // The public page too.
    let html = s
        .app
        .get(&format!("/{PIOTRKOW}/konsultacje/{}", s.id), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Więcej konkursów dla seniorów."));
    assert!(!html.contains("Nie podoba mi się"));

    // The officer sees both with their authors.
    let all: Value = s
        .app
        .get(
            &format!("/api/v1/consultations/{}/comments", s.id),
            Some(&s.officer),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[1]["author"], "Zofia Dyskretna");
    assert_eq!(all[1]["public"], false);

    // No answers and no report while it is open.
    let answer = |cid: &str, a: &str| {
        let url = format!("/api/v1/consultations/{}/comments/{cid}/answer", s.id);
        let body = json!({"answer": a, "text": "Uwzględniamy w § 3."});
        let app = &s.app;
        let token = s.officer.clone();
        async move {
            app.send_json(reqwest::Method::PUT, &url, &body, Some(&token))
                .await
        }
    };
    assert_eq!(
        answer(&public_id, "accepted").await.status(),
        StatusCode::CONFLICT
    );
    let report = |token: Option<String>| {
        let url = format!("/api/v1/consultations/{}/report/publish", s.id);
        let app = &s.app;
        async move {
            app.post_json(&url, &json!({"summary": "Dziękujemy."}), token.as_deref())
                .await
        }
    };
    let r = report(Some(s.officer.clone())).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        problem(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("15.10.2027, 23:59")
    );
    assert_eq!(
        s.app
            .get(&format!("/api/v1/consultations/{}/report", s.id), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // After the close: the report needs every answer.
    s.clock.set(at("2027-10-16T08:00:00Z"));
    assert_eq!(
        answer(&public_id, "accepted").await.status(),
        StatusCode::OK
    );
    let r = report(Some(s.officer.clone())).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        problem(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("bez odpowiedzi: 1")
    );
    let r = answer(&hidden_id, "maybe").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["answer"]);
    assert_eq!(
        answer(&hidden_id, "rejected").await.status(),
        StatusCode::OK
    );
    // A resident cannot publish the report.
    assert_eq!(
        report(Some(rep.clone())).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(report(None).await.status(), StatusCode::UNAUTHORIZED);
    let r = report(Some(s.officer.clone())).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["phase"], "reported");
    assert_eq!(
        report(Some(s.officer.clone())).await.status(),
        StatusCode::CONFLICT
    );
    // Answers are final once the report is out.
    assert_eq!(
        answer(&hidden_id, "partly").await.status(),
        StatusCode::CONFLICT
    );

    let rep_json: Value = s
        .app
        .get(&format!("/api/v1/consultations/{}/report", s.id), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rep_json["accepted"], 1);
    assert_eq!(rep_json["rejected"], 1);
    let rows = rep_json["comments"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["author"], "Fundacja Tęcza");
    assert_eq!(rows[1]["author"], Value::Null);
    assert_eq!(rows[1]["body"], "Nie podoba mi się sposób oceny ofert.");
    assert_eq!(rows[1]["answer"], "rejected");
    assert!(!rep_json.to_string().contains("Zofia Dyskretna"));

    let r = s
        .app
        .get(&format!("/api/v1/consultations/{}/report.csv", s.id), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(csv.starts_with(
        "Lp.;Data zgłoszenia;Zgłaszający;Treść uwagi;Rozstrzygnięcie;Uzasadnienie\r\n"
    ));
    assert!(csv.contains("Nie podoba mi się sposób oceny ofert."));
    assert!(csv.contains("Fundacja Tęcza"));
    assert!(csv.contains("nieuwzględniona"));
    assert!(!csv.contains("Zofia Dyskretna"));

    // Every decision is in the audit log.
    let actions: Vec<String> = store::audit::for_subject(&s.app.db, "consultation", &s.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "consultation.create",
        "consultation.publish",
        "consultation.comment",
        "consultation.answer",
        "consultation.report",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited");
    }
}

#[tokio::test]
async fn who_may_do_what_with_a_consultation() {
    let s = setup().await;
    let url = format!("/api/v1/consultations/{}", s.id);
    let (_, resident) = person(&s.app, "ktos@example.test", "Ktoś Ciekawy").await;
    let katowice = s
        .app
        .staff("urzad@katowice.example", Role::Officer, Some("katowice"))
        .await;
    let create_body = json!({
        "title": "Uchwała", "description": "Opis",
        "opens_at": "2027-10-01T08:00:00+02:00", "closes_at": "2027-10-02T08:00:00+02:00",
    });
    let create_url = format!("/api/v1/municipalities/{PIOTRKOW}/consultations");
    assert_eq!(
        s.app
            .post_json(&create_url, &create_body, None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.app
            .post_json(&create_url, &create_body, Some(&resident))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.app
            .post_json(&create_url, &create_body, Some(&katowice))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = s
        .app
        .post_json(
            &create_url,
            &json!({"title": "", "description": "Opis", "opens_at": "jutro", "closes_at": "2027-10-02T08:00:00+02:00"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["title", "opens_at"]);
    let r = s
        .app
        .post_json(
            &create_url,
            &json!({"title": "T", "description": "Opis", "opens_at": "2027-10-01T08:00:00+02:00", "closes_at": "2027-10-02T08:00:00+02:00",
                    "document": {"filename": "wirus.exe", "content_type": "application/x-msdownload", "content_base64": "TVqQ"}}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["document"]);

    // A draft is visible only to the municipality's officers.
    assert_eq!(s.app.get(&url, None).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        s.app.get(&url, Some(&resident)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.app.get(&url, Some(&katowice)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.app.get(&url, Some(&s.officer)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        s.app
            .post_json(&format!("{url}/publish"), &json!({}), Some(&katowice))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.app
            .get("/api/v1/consultations/00000000000000000000000000", None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let list: Value = s
        .app
        .get(
            &format!("/api/v1/consultations?municipality={PIOTRKOW}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 0);

    publish(&s).await;
    assert_eq!(s.app.get(&url, None).await.status(), StatusCode::OK);
    assert_eq!(
        s.app
            .post_json(&format!("{url}/comments"), &json!({"body": "x"}), None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.app
            .get(&format!("{url}/comments"), Some(&resident))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.app
            .send_json(
                reqwest::Method::PATCH,
                &url,
                &json!({"title": "Nowy"}),
                Some(&resident)
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // Before it opens the officer may still change it; afterwards not.
    let r = s
        .app
        .send_json(
            reqwest::Method::PATCH,
            &url,
            &json!({"title": "Program współpracy na rok 2028 (poprawiony)"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<Value>().await.unwrap()["title"],
        "Program współpracy na rok 2028 (poprawiony)"
    );
    s.clock.set(at("2027-10-02T10:00:00Z"));
    assert_eq!(
        s.app
            .send_json(
                reqwest::Method::PATCH,
                &url,
                &json!({"title": "Inny"}),
                Some(&s.officer)
            )
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

async fn deadlines(app: &TestApp) -> Vec<Value> {
    app.get(
        &format!("/api/v1/municipalities/{PIOTRKOW}/cooperation-deadlines"),
        None,
    )
    .await
    .json::<Vec<Value>>()
    .await
    .unwrap()
}

#[tokio::test]
async fn programme_deadlines_move_across_30_november_and_31_may() {
    // 30 October 2026: 31 days before the 2027 programme must be adopted.
    let (app, clock) = spawn_app_at(at("2026-10-30T11:00:00Z")).await;
    let officer = app
        .staff("bal@piotrkow.example", Role::Officer, Some(PIOTRKOW))
        .await;
    let (_, resident) = person(&app, "mieszkaniec@example.test", "Adam Mieszkaniec").await;
    let create = |year: i64, token: &str| {
        let app = &app;
        let token = token.to_string();
        async move {
            app.post_json(
                &format!("/api/v1/municipalities/{PIOTRKOW}/cooperation-programmes"),
                &json!({"year": year, "title": format!("Program współpracy na rok {year}"),
                        "council_opinion_ref": "https://bip.example/opinia-rdpp-7-2026"}),
                Some(&token),
            )
            .await
        }
    };
    assert_eq!(
        create(2027, &resident).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = create(2027, &officer).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await.unwrap();
    let id = p["id"].as_str().unwrap().to_string();
    assert_eq!(p["status"], "draft");
    assert_eq!(p["adoption"]["deadline"], "2026-11-30");
    assert_eq!(p["adoption"]["state"], "upcoming");
    assert_eq!(p["adoption"]["days_left"], 31);
    assert_eq!(p["report"]["deadline"], "2028-05-31");
    assert_eq!(
        p["council_opinion_ref"],
        "https://bip.example/opinia-rdpp-7-2026"
    );
    assert_eq!(create(2027, &officer).await.status(), StatusCode::CONFLICT);

    let d = deadlines(&app).await;
    assert_eq!(d[0]["kind"], "adoption");
    assert_eq!(d[0]["year"], 2027);
    assert_eq!(d[0]["state"], "upcoming");
    assert_eq!(d[1]["kind"], "report");
    assert_eq!(d[1]["year"], 2025);
    assert_eq!(d[1]["state"], "overdue");

    clock.set(at("2026-10-31T11:00:00Z"));
    let d = deadlines(&app).await;
    assert_eq!(d[0]["state"], "due_soon");
    assert_eq!(d[0]["days_left"], 30);
    clock.set(at("2026-11-30T22:59:59Z")); // 23:59:59 in Warsaw, still 30 November
    assert_eq!(deadlines(&app).await[0]["days_left"], 0);
    clock.set(at("2026-11-30T23:00:00Z")); // midnight in Warsaw: 1 December
    let d = deadlines(&app).await;
    assert_eq!(d[0]["state"], "overdue");
    assert_eq!(d[0]["days_late"], 1);

    // Adoption: not in the future; recorded once; late here. (A month later the token expired.)
    let officer = app
        .login("bal@piotrkow.example", "haslo-urzednika-123")
        .await;
    let adopt = |day: &str| {
        let app = &app;
        let url = format!("/api/v1/cooperation-programmes/{id}/adoption");
        let body = json!({"adopted_on": day, "resolution_ref": "Uchwała nr XX/1/26"});
        let officer = officer.clone();
        async move { app.post_json(&url, &body, Some(&officer)).await }
    };
    let r = adopt("2026-12-05").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["adopted_on"]);
    let r = adopt("2026-12-01").await;
    assert_eq!(r.status(), StatusCode::OK);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["status"], "adopted");
    assert_eq!(p["adoption"]["state"], "done_late");
    assert_eq!(adopt("2026-12-01").await.status(), StatusCode::CONFLICT);
    assert_eq!(deadlines(&app).await[0]["state"], "done_late");

    // The report on 2026 is due by 31 May 2027.
    let r = create(2026, &officer).await;
    let id26 = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let report = |day: &str, token: &str| {
        let app = &app;
        let url = format!("/api/v1/cooperation-programmes/{id26}/report");
        let body =
            json!({"published_on": day, "report_text": "Sprawozdanie: 42 zadania, 1,1 mln zł."});
        let token = token.to_string();
        async move { app.post_json(&url, &body, Some(&token)).await }
    };
    // Within the year itself: refused.
    let r = report("2026-12-01", &officer).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["published_on"]);
    clock.set(at("2027-05-31T12:00:00Z"));
    let d = deadlines(&app).await;
    assert_eq!(d[1]["year"], 2026);
    assert_eq!(d[1]["state"], "due_soon");
    assert_eq!(d[1]["days_left"], 0);
    clock.set(at("2027-06-01T08:00:00Z"));
    let d = deadlines(&app).await;
    assert_eq!(d[1]["state"], "overdue");
    assert_eq!(d[1]["days_late"], 1);
    let officer = app
        .login("bal@piotrkow.example", "haslo-urzednika-123")
        .await;
    let r = report("2027-05-31", &officer).await;
    assert_eq!(r.status(), StatusCode::OK);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["report"]["state"], "done");
    assert_eq!(p["report_published_on"], "2027-05-31");
    assert_eq!(deadlines(&app).await[1]["state"], "done");
    assert_eq!(
        report("2027-06-01", &officer).await.status(),
        StatusCode::CONFLICT
    );

    // The public list and the page show both programmes.
    let list: Value = app
        .get(
            &format!("/api/v1/cooperation-programmes?municipality={PIOTRKOW}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["year"], 2027);
    assert_eq!(list[1]["year"], 2026);
    let html = app
        .get(&format!("/{PIOTRKOW}/program-wspolpracy"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Program współpracy na rok 2027"));
    assert!(html.contains("wykonane w terminie (31.05.2027)"));
    let actions: Vec<String> = store::audit::for_subject(&app.db, "cooperation_programme", &id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "cooperation_programme.create",
            "cooperation_programme.adopt"
        ]
    );
}

async fn reminders_to(app: &TestApp, email: &str) -> Vec<String> {
    // The worker may queue them too (it runs with the same clock); give it a moment.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    store::outbox::mailbox(&app.db, email)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .filter(|s| s.contains("program"))
        .collect()
}

#[tokio::test]
async fn reminders_go_to_the_officers_30_and_7_days_before_each_deadline_once() {
    let (app, clock) = spawn_app_at(at("2026-10-30T10:00:00Z")).await;
    app.staff("bal@piotrkow.example", Role::Officer, Some(PIOTRKOW))
        .await;
    app.staff("urzad@katowice.example", Role::Officer, Some("katowice"))
        .await;
    let queue = || {
        let db = app.db.clone();
        let now = domain::time::Clock::now(clock.as_ref());
        async move {
            let today = store::small_grants::warsaw_date(now);
            store::consultations::programmes::queue_reminders(&db, today, now)
                .await
                .unwrap()
        }
    };
    queue().await;
    assert!(reminders_to(&app, "bal@piotrkow.example").await.is_empty());

    clock.set(at("2026-10-31T10:00:00Z"));
    queue().await;
    queue().await;
    let mails = reminders_to(&app, "bal@piotrkow.example").await;
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(mails[0].contains("program współpracy na 2027"), "{mails:?}");
    assert!(mails[0].contains("30.11.2026"));
    assert_eq!(reminders_to(&app, "urzad@katowice.example").await.len(), 1);

    clock.set(at("2026-11-20T10:00:00Z"));
    queue().await;
    assert_eq!(reminders_to(&app, "bal@piotrkow.example").await.len(), 1);
    clock.set(at("2026-11-23T10:00:00Z"));
    queue().await;
    queue().await;
    assert_eq!(reminders_to(&app, "bal@piotrkow.example").await.len(), 2);
    clock.set(at("2026-12-01T10:00:00Z"));
    queue().await;
    assert_eq!(reminders_to(&app, "bal@piotrkow.example").await.len(), 2);

    // The report on 2026: 30 days before 31 May 2027.
    clock.set(at("2027-05-01T10:00:00Z"));
    queue().await;
    queue().await;
    let mails = reminders_to(&app, "bal@piotrkow.example").await;
    assert_eq!(mails.len(), 3, "{mails:?}");
    assert!(mails[0].contains("sprawozdanie z programu współpracy za 2026"));
    // Katowice records its 2026 report: no 7-day reminder there.
    let officer_k = app
        .login("urzad@katowice.example", "haslo-urzednika-123")
        .await;
    let r = app
        .post_json(
            "/api/v1/municipalities/katowice/cooperation-programmes",
            &json!({"year": 2026, "title": "Program 2026"}),
            Some(&officer_k),
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post_json(
            &format!("/api/v1/cooperation-programmes/{id}/report"),
            &json!({"published_on": "2027-05-01", "report_text": "Sprawozdanie."}),
            Some(&officer_k),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    clock.set(at("2027-05-25T10:00:00Z"));
    queue().await;
    assert_eq!(reminders_to(&app, "bal@piotrkow.example").await.len(), 4);
    assert_eq!(reminders_to(&app, "urzad@katowice.example").await.len(), 3);
}
