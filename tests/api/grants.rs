//! Microgrants end to end through the API: programme → call → applications → formal check →
//! committee with declarations → scores → results → agreement (PDF) → report → public list.

use domain::accounts::Role;
use domain::time::Clock;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};

const P: &str = "piotrkow-trybunalski";

async fn json_of(r: reqwest::Response) -> Value {
    r.json().await.expect("json")
}

async fn id_of(app: &TestApp, token: &str) -> String {
    json_of(app.get("/api/v1/me", Some(token)).await).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An officer's programme and a published call open now, closing in a day.
async fn open_call(app: &TestApp, officer: &str, budget: &str) -> (String, Value) {
    let r = app
        .post_json(&format!("/api/v1/municipalities/{P}/programmes"), &json!({"name": "Mikrogranty 2027", "kind": "microgrants", "year": 2027, "budget": "100000.00"}), Some(officer))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let programme = json_of(r).await;
    let now = app.clock.now();
    let opens = domain::time::to_rfc3339_warsaw(now - jiff::SignedDuration::from_hours(1));
    let closes = domain::time::to_rfc3339_warsaw(now + jiff::SignedDuration::from_hours(24));
    let r = app
        .post_json(
            &format!("/api/v1/programmes/{}/calls", programme["id"].as_str().unwrap()),
            &json!({"title": "Runda wiosenna", "rules": "Regulamin naboru", "opens_at": opens, "closes_at": closes,
                    "min_grant": "500.00", "max_grant": "5000.00", "budget": budget,
                    "applicant_kinds": ["ngo", "informal_group"],
                    "criteria": [{"name": "Potrzeba lokalna", "max_points": 10}, {"name": "Zaangażowanie mieszkańców", "max_points": 10}],
                    "min_evaluators": 2, "min_average_percent": 50}),
            Some(officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    let call = json_of(r).await;
    assert_eq!(call["status"], "draft");
    let id = call["id"].as_str().unwrap().to_string();
    let r = app
        .post_json(
            &format!("/api/v1/calls/{id}/publish"),
            &json!({}),
            Some(officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let call = json_of(r).await;
    assert_eq!(call["status"], "published");
    assert_eq!(call["phase"], "open");
    (id, call)
}

async fn informal_group(app: &TestApp, token: &str, name: &str) -> String {
    let r = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": name, "municipality": P,
                    "members": [{"name": "A", "adult": true}, {"name": "B", "adult": true}, {"name": "C", "adult": true}]}),
            Some(token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    json_of(r).await["id"].as_str().unwrap().to_string()
}

/// A complete application for an organisation; returns its id.
async fn apply(
    app: &TestApp,
    token: &str,
    call: &str,
    org: &str,
    title: &str,
    amount: &str,
) -> String {
    let r = app
        .post_json(
            &format!("/api/v1/calls/{call}/applications"),
            &json!({"organisation_id": org, "title": title, "summary": "Sąsiedzi razem", "start_date": "2027-05-01", "end_date": "2027-06-30",
                    "requested_amount": amount, "budget_lines": [{"name": "Całość", "amount": amount}],
                    "own_contribution": {"money": "100.00", "in_kind": "0", "volunteer_hours": 40},
                    "bank_account": "PL61109010140000071219812874"}),
            Some(token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "{:?}", r.text().await);
    json_of(r).await["id"].as_str().unwrap().to_string()
}

async fn submit(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/applications/{id}/submit"),
        &json!({}),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn a_call_budget_cannot_exceed_what_the_programme_has_left() {
    let app = spawn_app().await;
    let officer = app.staff("urz@p.pl", Role::Officer, Some(P)).await;
    let (_, call) = open_call(&app, &officer, "90000.00").await;
    let r = app
        .post_json(
            &format!("/api/v1/programmes/{}/calls", call["programme_id"].as_str().unwrap()),
            &json!({"title": "Druga runda", "opens_at": "2027-09-01T08:00:00+02:00", "closes_at": "2027-09-30T23:59:59+02:00",
                    "min_grant": "500", "max_grant": "5000", "budget": "10000.01", "applicant_kinds": ["ngo"],
                    "criteria": [{"name": "Potrzeba", "max_points": 10}], "min_evaluators": 1, "min_average_percent": 0}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(fields(&p), vec!["budget"]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10\u{a0}000,00"),
        "{p}"
    );
    let resident = app.resident("nieurzednik@p.pl").await.1;
    let r = app
        .post_json(
            &format!("/api/v1/municipalities/{P}/programmes"),
            &json!({"name": "X", "kind": "microgrants", "year": 2027, "budget": "1.00"}),
            Some(&resident),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("/api/v1/municipalities/{P}/programmes"),
            &json!({"name": "X", "kind": "microgrants", "year": 2027, "budget": 100.5}),
            Some(&officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a float amount is refused"
    );
}

#[tokio::test]
async fn submission_rules_receipts_and_the_deadline() {
    let app = spawn_app().await;
    let officer = app.staff("urz@p.pl", Role::Officer, Some(P)).await;
    let (call, _) = open_call(&app, &officer, "10000.00").await;
    let (_, rep) = app.resident("rep@p.pl").await;
    let org = app.ngo(&rep, "Fundacja Wnioskująca", "0000100200").await;

    let r = app
        .post_json(
            &format!("/api/v1/calls/{call}/applications"),
            &json!({"organisation_id": org, "title": "Szkic"}),
            Some(&rep),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let draft = json_of(r).await;
    assert_eq!(draft["status"], "draft");
    let id = draft["id"].as_str().unwrap().to_string();

    let again = app
        .post_json(
            &format!("/api/v1/calls/{call}/applications"),
            &json!({"organisation_id": org}),
            Some(&rep),
        )
        .await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "one application per organisation and call"
    );

    let r = app
        .send_json(Method::PATCH, &format!("/api/v1/applications/{id}"),
            &json!({"summary": "Warsztaty", "start_date": "2027-05-01", "end_date": "2027-04-01", "requested_amount": "6000.00",
                    "budget_lines": [{"name": "Sala", "amount": "1000.00"}]}), Some(&rep))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = submit(&app, &rep, &id).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut f = fields(&problem(r).await);
    f.sort();
    assert_eq!(f, vec!["budget_lines", "end_date", "requested_amount"]);
    // The submit route checks the token together with its reads: a wrong or missing token is
    // 401 (before any 404), an unknown application with a good token 404.
    assert_eq!(
        submit(&app, "not-a-token", &id).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        submit(&app, "not-a-token", "nonsense").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = app
        .post_json(
            &format!("/api/v1/applications/{id}/submit"),
            &json!({}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        submit(&app, &rep, "nonsense").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        submit(&app, &rep, &store::ids::new_id()).await.status(),
        StatusCode::NOT_FOUND
    );

    let r = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/applications/{id}"),
            &json!({"requested_amount": "1,5"}),
            Some(&rep),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["requested_amount"]);

    let r = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/applications/{id}"),
            &json!({"end_date": "2027-06-30", "requested_amount": "1000.00"}),
            Some(&rep),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = submit(&app, &rep, &id).await;
    assert_eq!(r.status(), StatusCode::OK);
    let receipt = json_of(r).await;
    assert_eq!(receipt["status"], "submitted");
    let number = receipt["confirmation_number"].as_str().unwrap().to_string();
    assert!(
        receipt["submitted_at"].as_str().unwrap().ends_with(":00")
            || receipt["submitted_at"].as_str().unwrap().contains('+')
    );
    let again = json_of(submit(&app, &rep, &id).await).await;
    assert_eq!(
        again["confirmation_number"],
        number.as_str(),
        "repeating submit returns the same receipt"
    );
    assert_eq!(again["submitted_at"], receipt["submitted_at"]);
    let r = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/applications/{id}"),
            &json!({"title": "Zmiana"}),
            Some(&rep),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "no changes once submitted"
    );

    let mail = store::outbox::mailbox(&app.db, "rep@p.pl").await.unwrap();
    assert!(
        mail.iter().any(|m| m.subject.contains(&number)),
        "confirmation e-mail queued"
    );

    // Visibility: the applicant and the officer see it; a stranger does not.
    let stranger = app.resident("obcy@p.pl").await.1;
    assert_eq!(
        app.get(&format!("/api/v1/applications/{id}"), Some(&stranger))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/applications/{id}"), Some(&officer))
            .await
            .status(),
        StatusCode::OK
    );

    // A second applicant misses the deadline: from the closing instant on, submission is refused.
    let (_, late) = app.resident("spozniony@p.pl").await;
    let late_org = informal_group(&app, &late, "Spóźnieni").await;
    let late_id = apply(&app, &late, &call, &late_org, "Za późno", "800.00").await;
    app.clock.advance(jiff::SignedDuration::from_hours(24));
    let r = submit(&app, &late, &late_id).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("czasu warszawskiego"),
        "{p}"
    );
    let r = app.get(&format!("/api/v1/calls/{call}"), None).await;
    assert_eq!(json_of(r).await["phase"], "closed");
}

#[tokio::test]
async fn the_whole_cycle_from_call_to_settled_initiative() {
    let app = spawn_app().await;
    let officer = app.staff("bal@p.pl", Role::Officer, Some(P)).await;
    let ev1 = app.staff("ocena1@p.pl", Role::Evaluator, Some(P)).await;
    let ev2 = app.staff("ocena2@p.pl", Role::Evaluator, Some(P)).await;
    let ev3 = app.staff("ocena3@p.pl", Role::Evaluator, Some(P)).await;
    let outsider = app
        .staff("ocena@katowice.pl", Role::Evaluator, Some("katowice"))
        .await;
    let (call, call_json) = open_call(&app, &officer, "5000.00").await;
    let criteria: Vec<String> = call_json["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();

    let (_, a_tok) = app.resident("a@p.pl").await;
    let a_org = app.ngo(&a_tok, "Stowarzyszenie A", "0000300400").await;
    let (_, b_tok) = app.resident("b@p.pl").await;
    let b_org = informal_group(&app, &b_tok, "Grupa B").await;
    let (_, c_tok) = app.resident("c@p.pl").await;
    let c_org = app.ngo(&c_tok, "Fundacja C", "0000500600").await;
    let a = apply(&app, &a_tok, &call, &a_org, "Ogród społeczny", "3000.00").await;
    let b = apply(&app, &b_tok, &call, &b_org, "Kino plenerowe", "3000.00").await;
    let c = apply(&app, &c_tok, &call, &c_org, "Festyn", "1000.00").await;
    for (tok, id) in [(&a_tok, &a), (&b_tok, &b), (&c_tok, &c)] {
        assert_eq!(submit(&app, tok, id).await.status(), StatusCode::OK);
    }
    let r = app
        .post_json(
            &format!("/api/v1/calls/{call}/results"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "results cannot be computed while the call is open"
    );

    // Committee: only evaluators of this municipality.
    let ids = [
        id_of(&app, &ev1).await,
        id_of(&app, &ev2).await,
        id_of(&app, &ev3).await,
    ];
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calls/{call}/committee"),
            &json!({"members": [ids[0], id_of(&app, &outsider).await]}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/calls/{call}/committee"),
            &json!({"members": ids}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["members"].as_array().unwrap().len(), 3);

    // Formal check: C fails with a reason the applicant sees.
    app.clock.advance(jiff::SignedDuration::from_hours(25));
    for (id, result, reason) in [
        (&a, "passed", ""),
        (&b, "passed", ""),
        (&c, "failed", "Brak podpisu lidera"),
    ] {
        let r = app
            .post_json(
                &format!("/api/v1/applications/{id}/formal-check"),
                &json!({"result": result, "reason": reason}),
                Some(&officer),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let seen_by_c = json_of(
        app.get(&format!("/api/v1/applications/{c}"), Some(&c_tok))
            .await,
    )
    .await;
    assert_eq!(seen_by_c["formal_result"], "failed");
    assert_eq!(seen_by_c["formal_reason"], "Brak podpisu lidera");

    // Declarations gate reading and scoring.
    let sheet = |p1: i64, p2: i64| json!({"scores": [{"criterion_id": criteria[0], "points": p1}, {"criterion_id": criteria[1], "points": p2}], "comment": "Uzasadnienie"});
    assert_eq!(
        app.get(&format!("/api/v1/applications/{a}"), Some(&ev1))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &sheet(8, 8),
            Some(&ev1),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "no score without a declaration"
    );
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &sheet(8, 8),
            Some(&outsider),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "not on the committee");
    let r = app
        .post_json(
            &format!("/api/v1/applications/{a}/declaration"),
            &json!({"conflict": true}),
            Some(&ev3),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.get(&format!("/api/v1/applications/{a}"), Some(&ev3))
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "a member with a conflict never sees it"
    );
    assert_eq!(
        app.send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &sheet(1, 1),
            Some(&ev3)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    for ev in [&ev1, &ev2] {
        for id in [&a, &b, &c] {
            let r = app
                .post_json(
                    &format!("/api/v1/applications/{id}/declaration"),
                    &json!({"conflict": false}),
                    Some(ev),
                )
                .await;
            assert_eq!(r.status(), StatusCode::OK);
        }
    }
    assert_eq!(
        app.get(&format!("/api/v1/applications/{a}"), Some(&ev1))
            .await
            .status(),
        StatusCode::OK
    );
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &sheet(11, 5),
            Some(&ev1),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "points above the maximum"
    );
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &json!({"scores": [{"criterion_id": criteria[0], "points": 5}]}),
            Some(&ev1),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a criterion missing"
    );
    let r = app
        .send_json(
            Method::PUT,
            &format!("/api/v1/applications/{c}/scores"),
            &sheet(5, 5),
            Some(&ev1),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "formally failed applications are not scored"
    );
    assert_eq!(
        app.send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &sheet(9, 9),
            Some(&ev1)
        )
        .await
        .status(),
        StatusCode::OK
    );
    let r = app
        .post_json(
            &format!("/api/v1/calls/{call}/results"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "score sheets missing");
    // A: (18 + 14)/2 = 16; B: (16 + 16)/2 = 16, submitted later → A first.
    assert_eq!(
        app.send_json(
            Method::PUT,
            &format!("/api/v1/applications/{a}/scores"),
            &sheet(7, 7),
            Some(&ev2)
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.send_json(
            Method::PUT,
            &format!("/api/v1/applications/{b}/scores"),
            &sheet(8, 8),
            Some(&ev1)
        )
        .await
        .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.send_json(
            Method::PUT,
            &format!("/api/v1/applications/{b}/scores"),
            &sheet(8, 8),
            Some(&ev2)
        )
        .await
        .status(),
        StatusCode::OK
    );

    assert_eq!(
        app.get(&format!("/api/v1/calls/{call}/results"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "not public before publication"
    );
    let r = app
        .post_json(
            &format!("/api/v1/calls/{call}/results"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let preview = json_of(r).await;
    assert_eq!(preview["status"], "computed");
    let r = app
        .post_json(
            &format!("/api/v1/calls/{call}/results/publish"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let results = json_of(
        app.get(&format!("/api/v1/calls/{call}/results"), None)
            .await,
    )
    .await;
    assert_eq!(results["budget"], "5000.00");
    assert_eq!(results["awarded_total"], "3000.00");
    let e = results["entries"].as_array().unwrap();
    assert_eq!(e.len(), 3);
    assert_eq!(
        (
            e[0]["application_id"].as_str().unwrap(),
            e[0]["rank"].as_i64(),
            e[0]["outcome"].as_str().unwrap()
        ),
        (a.as_str(), Some(1), "funded")
    );
    assert_eq!(e[0]["average_points"], 16.0);
    assert_eq!(e[0]["awarded_amount"], "3000.00");
    assert_eq!(
        (
            e[1]["application_id"].as_str().unwrap(),
            e[1]["outcome"].as_str().unwrap()
        ),
        (b.as_str(), "reserve")
    );
    assert_eq!(e[1]["awarded_amount"], "0.00");
    assert_eq!(e[1]["applicant_name"], "Grupa B");
    assert!(
        !results.to_string().contains("\"A\""),
        "no members' names in public results"
    );
    assert_eq!(
        (e[2]["rank"].is_null(), e[2]["outcome"].as_str().unwrap()),
        (true, "rejected")
    );

    // Agreement with an accessible PDF, signed; report; settlement.
    let r = app
        .post_json(
            &format!("/api/v1/applications/{b}/agreement"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "only funded applications get agreements"
    );
    let r = app
        .post_json(
            &format!("/api/v1/applications/{a}/agreement"),
            &json!({"bank_account": "PL 61 1090 1014 0000 0712 1981 2874"}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let ag = json_of(r).await;
    assert_eq!(ag["amount"], "3000.00");
    assert_eq!(ag["report_due"], "2027-07-30");
    assert_eq!(ag["return_due"], "2027-07-15");
    let r = app
        .post_json(
            &format!("/api/v1/applications/{a}/reports"),
            &json!({"narrative": "x", "results_achieved": "y"}),
            Some(&a_tok),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "no report before signing");
    let pdf = app
        .get(
            &format!("/api/v1/applications/{a}/agreement.pdf"),
            Some(&a_tok),
        )
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    crate::helpers::assert_pdf_text(
        &bytes,
        &[
            "Umowa nr",
            "Stowarzyszenie A",
            "3 000,00 zł",
            "Piotrków Trybunalski",
            "sprawozdanie",
        ],
    );
    let r = app
        .post_json(
            &format!("/api/v1/applications/{a}/agreement/sign"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(json_of(r).await["status"], "signed");
    let funded = json_of(
        app.get(
            &format!("/api/v1/municipalities/{P}/funded-initiatives"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(funded[0]["status"], "in_progress");

    let r = app
        .post_json(&format!("/api/v1/applications/{a}/reports"),
            &json!({"narrative": "Posadziliśmy 40 krzewów", "results_achieved": "40 krzewów, 25 osób (plan: 30 krzewów)",
                    "costs": [{"name": "Całość", "planned": "3000.00", "actual": "2900.00"}], "amount_returned": "100.00",
                    "files": [{"filename": "zdjecie.png", "content_type": "image/png", "content_base64": "iVBORw0KGgo="}]}),
            Some(&a_tok))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let report = json_of(r).await;
    assert_eq!(report["amount_spent"], "2900.00");
    let report_id = report["id"].as_str().unwrap();
    let r = app
        .post_json(
            &format!("/api/v1/reports/{report_id}/request-corrections"),
            &json!({"comment": ""}),
            Some(&officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "corrections need a comment"
    );
    let r = app
        .post_json(
            &format!("/api/v1/reports/{report_id}/accept"),
            &json!({"comment": "Dziękujemy"}),
            Some(&a_tok),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("/api/v1/reports/{report_id}/accept"),
            &json!({"comment": "Dziękujemy"}),
            Some(&officer),
        )
        .await;
    assert_eq!(json_of(r).await["status"], "accepted");
    let funded = json_of(
        app.get(
            &format!("/api/v1/municipalities/{P}/funded-initiatives"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(funded.as_array().unwrap().len(), 1);
    assert_eq!(funded[0]["status"], "settled");
    assert_eq!(funded[0]["applicant_name"], "Stowarzyszenie A");

    // Every decision is in the audit log, and the chain holds.
    let entries = store::audit::for_subject(&app.db, "application", &a)
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    for needed in [
        "application.submit",
        "application.formal_check",
        "application.declaration",
        "application.score",
        "agreement.create",
        "agreement.sign",
        "report.submit",
        "report.accept",
    ] {
        assert!(
            actions.contains(&needed),
            "{needed} not audited: {actions:?}"
        );
    }
    let call_entries = store::audit::for_subject(&app.db, "call", &call)
        .await
        .unwrap();
    let call_actions: Vec<&str> = call_entries.iter().map(|e| e.action.as_str()).collect();
    for needed in [
        "call.create",
        "call.publish",
        "call.committee",
        "call.results.compute",
        "call.results.publish",
    ] {
        assert!(
            call_actions.contains(&needed),
            "{needed} not audited: {call_actions:?}"
        );
    }
    assert!(matches!(
        store::audit::verify(&app.db).await.unwrap(),
        store::audit::Verification::Intact { .. }
    ));

    // Exports for officers only.
    let csv = app
        .get(
            &format!("/api/v1/calls/{call}/exports/results.csv"),
            Some(&officer),
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let body = csv.bytes().await.unwrap();
    assert!(body.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel");
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains("Miejsce;Wnioskodawca;")
            && text.contains("Stowarzyszenie A;Ogród społeczny;16.00;3000.00;3000.00;funded"),
        "{text}"
    );
    let xlsx = app
        .get(
            &format!("/api/v1/calls/{call}/exports/applications.xlsx"),
            Some(&officer),
        )
        .await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(
        xlsx.bytes().await.unwrap().starts_with(b"PK"),
        "an XLSX is a zip"
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/calls/{call}/exports/results.csv"),
            Some(&a_tok)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
}

/// A surge through the group commit: many applicants submit at once, one of them five times over.
/// Every receipt has its own consecutive number, a repeat gets the same receipt, each submission
/// has one audit entry and one e-mail, and the audit chain stays intact.
#[tokio::test]
async fn concurrent_submissions_get_consecutive_numbers_and_one_receipt_each() {
    let app = spawn_app().await;
    let officer = app.staff("urz@p.pl", Role::Officer, Some(P)).await;
    let (call, _) = open_call(&app, &officer, "100000.00").await;
    let mut drafts = Vec::new();
    for i in 0..12 {
        let (_, rep) = app.resident(&format!("rep{i}@p.pl")).await;
        let org = app
            .ngo(
                &rep,
                &format!("Stowarzyszenie {i}"),
                &format!("00001002{i:02}"),
            )
            .await;
        let id = apply(
            &app,
            &rep,
            &call,
            &org,
            &format!("Inicjatywa {i}"),
            "1000.00",
        )
        .await;
        drafts.push((rep, id));
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (k, (rep, id)) in drafts.iter().enumerate() {
        let times = if k == 0 { 5 } else { 1 };
        for _ in 0..times {
            let (client, url, rep, id) = (
                app.client.clone(),
                format!("{}/api/v1/applications/{id}/submit", app.addr),
                rep.clone(),
                id.clone(),
            );
            tasks.spawn(async move {
                let r = client
                    .post(url)
                    .bearer_auth(rep)
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                let v: Value = r.json().await.unwrap();
                assert_eq!(v["status"], "submitted");
                assert_eq!(v["id"], id.as_str());
                (id, v["confirmation_number"].as_str().unwrap().to_string())
            });
        }
    }
    let mut by_app: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    while let Some(r) = tasks.join_next().await {
        let (id, number) = r.unwrap();
        by_app.entry(id).or_default().insert(number);
    }
    assert_eq!(by_app.len(), 12);
    let mut counters: Vec<u32> = by_app
        .values()
        .map(|numbers| {
            assert_eq!(
                numbers.len(),
                1,
                "a repeated submit returns the same receipt"
            );
            let n = numbers.iter().next().unwrap();
            n.rsplit('-').next().unwrap().parse().unwrap()
        })
        .collect();
    counters.sort();
    assert_eq!(counters, (1..=12).collect::<Vec<u32>>());
    // GET shows what the receipt said.
    let (rep, id) = &drafts[3];
    let v = json_of(
        app.get(&format!("/api/v1/applications/{id}"), Some(rep))
            .await,
    )
    .await;
    assert_eq!(
        v["confirmation_number"].as_str().unwrap(),
        by_app[id].iter().next().unwrap()
    );
    assert!(matches!(
        store::audit::verify(&app.db).await.unwrap(),
        store::audit::Verification::Intact { .. }
    ));
    use store::sea_orm::{ConnectionTrait, Statement};
    let count = |sql: &str| {
        let sql = sql.to_string();
        let db = app.db.clone();
        async move {
            let row = db
                .read()
                .query_one_raw(Statement::from_string(
                    db.read().get_database_backend(),
                    sql,
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.submit'").await,
        12
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Potwierdzenie złożenia wniosku%'")
            .await,
        12
    );
    // A draft changed after it was checked is not written by the prepared path.
    let (rep, org) = {
        let (_, rep) = app.resident("late@p.pl").await;
        let org = app.ngo(&rep, "Fundacja Późna", "0000100299").await;
        (rep, org)
    };
    let id = apply(&app, &rep, &call, &org, "Zmieniona", "1000.00").await;
    let me = id_of(&app, &rep).await;
    let facts = store::grants::submission_facts(&app.db, &id, &me)
        .await
        .unwrap()
        .unwrap();
    assert!(facts.is_representative);
    // On SQLite these facts come from the plain read connections (`store::lite`): the same
    // models as the ORM's own read.
    let view = store::grants::application_view(app.db.read(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(facts.view.application, view.application);
    assert_eq!(facts.view.budget_lines, view.budget_lines);
    assert!(!view.budget_lines.is_empty());
    assert_eq!(facts.view.call.call, view.call.call);
    assert_eq!(facts.view.call.programme, view.call.programme);
    assert_eq!(facts.view.call.municipality, view.call.municipality);
    assert_eq!(facts.view.organisation, view.organisation);
    let mut stale = store::grants::Prepared::new(&facts.view, &me, "late@p.pl", app.clock.now());
    stale.read_version -= 1;
    let txn = app.db.begin().await.unwrap();
    let out = store::grants::submit_prepared_in(&txn, &[&stale])
        .await
        .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(out, vec![None]);
    // The same on SQLite's plain writer connection (PostgreSQL has none: `None`).
    match store::grants::submit_prepared_sync(&app.db, &[&stale]) {
        Some(r) => assert_eq!(r.unwrap(), vec![None]),
        None => assert_eq!(app.db.backend(), store::Backend::Postgres),
    }
    let v = json_of(
        app.get(&format!("/api/v1/applications/{id}"), Some(&rep))
            .await,
    )
    .await;
    assert_eq!(v["status"], "draft");
    let r = submit(&app, &rep, &id).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        json_of(r).await["confirmation_number"]
            .as_str()
            .unwrap()
            .ends_with("-0013")
    );
}
