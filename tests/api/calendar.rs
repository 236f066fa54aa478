//! The statutory calendar: `GET /api/v1/calendar/add-working-days` and `/kalendarz`.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, fields, problem, spawn_app};

async fn add(app: &TestApp, from: &str, days: &str) -> String {
    let r = app
        .get(
            &format!("/api/v1/calendar/add-working-days?from={from}&days={days}"),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "from={from} days={days}");
    let v: Value = r.json().await.unwrap();
    v["date"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn working_days_skip_easter_in_several_years() {
    let app = spawn_app().await;
    // (Thursday before Easter, 2 working days later = the Tuesday after Easter Monday)
    for (thursday, tuesday) in [
        ("2024-03-28", "2024-04-02"), // Easter 31 March 2024
        ("2025-04-17", "2025-04-22"), // Easter 20 April 2025
        ("2026-04-02", "2026-04-07"), // Easter 5 April 2026
        ("2027-03-25", "2027-03-30"), // Easter 28 March 2027
        ("2038-04-22", "2038-04-27"), // Easter 25 April 2038 (the latest possible date)
        ("2008-03-20", "2008-03-25"), // Easter 23 March 2008 (almost the earliest)
    ] {
        assert_eq!(add(&app, thursday, "2").await, tuesday, "from {thursday}");
    }
}

#[tokio::test]
async fn corpus_christi_and_other_easter_dependent_days_are_skipped() {
    let app = spawn_app().await;
    // Corpus Christi: Thursday 4 June 2026, 27 May 2027, 19 June 2025.
    assert_eq!(add(&app, "2026-06-03", "1").await, "2026-06-05");
    assert_eq!(add(&app, "2027-05-26", "1").await, "2027-05-28");
    assert_eq!(add(&app, "2025-06-18", "1").await, "2025-06-20");
    // Pentecost is a Sunday: it changes nothing.
    assert_eq!(add(&app, "2026-05-22", "1").await, "2026-05-25");
}

#[tokio::test]
async fn fixed_holidays_including_christmas_eve_since_2025() {
    let app = spawn_app().await;
    // 2024: 24 December (Tuesday) was still a working day.
    assert_eq!(add(&app, "2024-12-23", "1").await, "2024-12-24");
    // 2025: 24, 25, 26 December are days off; then the weekend.
    assert_eq!(add(&app, "2025-12-23", "1").await, "2025-12-29");
    // 6 January is a holiday from 2011 only.
    assert_eq!(add(&app, "2010-01-05", "1").await, "2010-01-06");
    assert_eq!(add(&app, "2027-01-05", "1").await, "2027-01-07");
    // 12 November 2018 was a one-off day off; 11 November 2018 was a Sunday.
    assert_eq!(add(&app, "2018-11-09", "1").await, "2018-11-13");
    // 1 and 3 May 2027 (Saturday and Monday).
    assert_eq!(add(&app, "2027-04-30", "1").await, "2027-05-04");
}

#[tokio::test]
async fn the_day_itself_is_not_counted_and_zero_days_is_the_same_day() {
    let app = spawn_app().await;
    assert_eq!(
        add(&app, "2027-03-05", "1").await,
        "2027-03-08",
        "Friday → Monday"
    );
    assert_eq!(add(&app, "2027-03-06", "0").await, "2027-03-06");
    assert_eq!(add(&app, "2027-03-01", "7").await, "2027-03-10");
    let r = app
        .get(
            "/api/v1/calendar/add-working-days?from=2026-04-02&days=2",
            None,
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["holidays_skipped"][0]["date"], "2026-04-06");
    assert_eq!(v["holidays_skipped"][0]["name"], "Poniedziałek Wielkanocny");
}

#[tokio::test]
async fn bad_questions_are_field_errors_in_the_callers_language() {
    let app = spawn_app().await;
    for (query, field) in [
        ("from=2027-02-30&days=1", "from"),
        ("from=30.03.2027&days=1", "from"),
        ("from=1999-12-31&days=1", "from"),
        ("from=2101-01-01&days=1", "from"),
        ("from=2027-03-01&days=-1", "days"),
        ("from=2027-03-01&days=1.5", "days"),
        ("from=2027-03-01&days=siedem", "days"),
        ("from=2027-03-01&days=10001", "days"),
        ("from=2027-03-01&days=99999999999999999999", "days"),
        ("from=2100-12-28&days=5", "days"),
        ("days=1", "from"),
        ("from=2027-03-01", "days"),
    ] {
        let r = app
            .get(&format!("/api/v1/calendar/add-working-days?{query}"), None)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        let p = problem(r).await;
        assert_eq!(fields(&p), vec![field], "{query}: {p}");
    }
    let r = app
        .get("/api/v1/calendar/add-working-days?from=x&days=-2", None)
        .await;
    let p = problem(r).await;
    assert_eq!(fields(&p), vec!["from", "days"]);
    assert!(
        p["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("ujemna")
    );
    let r = app
        .client
        .get(app.url("/api/v1/calendar/add-working-days?from=2027-03-01&days=-2"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let p = problem(r).await;
    assert_eq!(p["errors"][0]["message"], "The number cannot be negative.");
}

#[tokio::test]
async fn the_holidays_of_a_year() {
    let app = spawn_app().await;
    let r = app.get("/api/v1/calendar/holidays?year=2027", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let days: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .collect();
    assert_eq!(days.len(), 14);
    assert!(days.contains(&"2027-03-29"), "Easter Monday 2027");
    assert!(days.contains(&"2027-05-27"), "Corpus Christi 2027");
    assert!(days.contains(&"2027-12-24"));
    let r = app.get("/api/v1/calendar/holidays?year=1999", None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_public_calendar_page_answers_without_javascript() {
    let app = spawn_app().await;
    let r = app.get("/kalendarz", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<form method=\"get\" action=\"/kalendarz\""),
        "{html}"
    );
    let r = app
        .get("/kalendarz?od=2026-04-02&dni=2&rok=2026", None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("07.04.2026"), "the answer");
    assert!(html.contains("Poniedziałek Wielkanocny"));
    assert!(html.contains("Boże Ciało"), "the year's holidays");
    assert!(html.contains("04.06.2026"));
    let r = app.get("/kalendarz?od=2026-02-30&dni=-1", None).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("Popraw błędy w formularzu"), "{html}");
    assert!(html.contains("Taki dzień nie istnieje"));
    assert!(html.contains("nie może być ujemna"));
}

#[tokio::test]
async fn openapi_documents_the_calendar_purchases_and_small_grants() {
    let app = spawn_app().await;
    let doc: Value = app
        .get("/api/v1/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/calendar/add-working-days", "get"),
        ("/calendar/holidays", "get"),
        ("/purchases/kinds", "get"),
        ("/purchases/kinds", "post"),
        ("/purchases/kinds/{id}", "patch"),
        ("/purchases", "post"),
        ("/purchases", "get"),
        ("/purchases/public", "get"),
        ("/purchases/summary", "get"),
        ("/purchases/export.csv", "get"),
        ("/purchases/export.xlsx", "get"),
        ("/purchases/{id}", "get"),
        ("/purchases/{id}/report", "post"),
        ("/purchases/{id}/acceptance", "post"),
        ("/purchases/{id}/payment", "post"),
        ("/small-grants/pools/{municipality}/{year}", "get"),
        ("/small-grants/pools/{municipality}/{year}", "put"),
        ("/small-grants", "post"),
        ("/small-grants", "get"),
        ("/small-grants/{id}", "get"),
        ("/small-grants/{id}/publish", "post"),
        ("/small-grants/{id}/comments", "post"),
        ("/small-grants/{id}/decision", "post"),
        ("/small-grants/{id}/agreement.pdf", "get"),
        ("/purchases/{id}/protocol.pdf", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    let create = &paths["/purchases"]["post"]["responses"];
    assert!(
        create["409"]["description"]
            .as_str()
            .unwrap()
            .contains("130 000,00")
    );
}
