use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{fields, problem, spawn_app};

#[tokio::test]
async fn a_resident_registers_logs_in_and_sees_themselves() {
    let app = spawn_app().await;
    let (id, token) = app.resident("maria@example.pl").await;
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], id.as_str());
    assert_eq!(me["email"], "maria@example.pl");
    assert_eq!(me["roles"], json!([]));
}

#[tokio::test]
async fn login_answers_the_same_for_unknown_email_and_wrong_password() {
    let app = spawn_app().await;
    app.resident("jan@example.pl").await;
    let wrong_pw = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "jan@example.pl", "password": "zle-haslo-12345"}),
            None,
        )
        .await;
    assert_eq!(wrong_pw.status(), StatusCode::UNAUTHORIZED);
    let a = problem(wrong_pw).await;
    let unknown = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "nikt@example.pl", "password": "zle-haslo-12345"}),
            None,
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let b = problem(unknown).await;
    assert_eq!(a["detail"], b["detail"]);
    assert_eq!(a["detail"], "Nieprawidłowy adres e-mail lub hasło.");
}

#[tokio::test]
async fn five_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    app.resident("ola@example.pl").await;
    for _ in 0..4 {
        let r = app
            .post_json(
                "/api/v1/auth/login",
                &json!({"email": "ola@example.pl", "password": "nie-to-haslo-1"}),
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let fifth = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "ola@example.pl", "password": "nie-to-haslo-1"}),
            None,
        )
        .await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    let right = app
        .post_json(
            "/api/v1/auth/login",
            &json!({"email": "ola@example.pl", "password": "bardzo-tajne-haslo"}),
            None,
        )
        .await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    let p = problem(right).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("Spróbuj ponownie po"),
        "{p}"
    );
}

#[tokio::test]
async fn registration_validates_and_refuses_a_taken_email() {
    let app = spawn_app().await;
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": "zly-adres", "password": "krotkie", "name": ""}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    let f = fields(&p);
    assert!(
        f.contains(&"email".to_string())
            && f.contains(&"password".to_string())
            && f.contains(&"name".to_string()),
        "{p}"
    );
    app.resident("ewa@example.pl").await;
    let again = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": "EWA@example.pl", "password": "inne-dlugie-haslo", "name": "Ewa"}),
            None,
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    problem(again).await;
}

#[tokio::test]
async fn english_messages_with_accept_language() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&json!({"email": "a@b.pl", "password": "short", "name": "A"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(p["title"], "Invalid input");
    let msg = p["errors"][0]["message"].as_str().unwrap();
    assert!(msg.contains("12"), "{msg}");
}

#[tokio::test]
async fn malformed_json_is_400_wrong_types_422_unknown_routes_404() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    problem(r).await;
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"email": 12, "password": "x", "name": "y"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["email".to_string()]);
    let r = app.get("/api/v1/nie-ma-takiej-trasy", None).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    problem(r).await;
    let r = app.get("/api/v1/me", Some("wsp_falszywy")).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    problem(r).await;
    let r = app.get("/api/v1/me", None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn municipalities_are_listed_with_teryt() {
    let app = spawn_app().await;
    let list: Value = app
        .get("/api/v1/municipalities", None)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Katowice", "Piotrków Trybunalski"]);
    assert_eq!(list[1]["teryt"], "1062011");
    assert_eq!(list[1]["slug"], "piotrkow-trybunalski");
}

#[tokio::test]
async fn staff_roles_are_per_municipality_in_me() {
    let app = spawn_app().await;
    let token = app
        .staff(
            "urzednik@piotrkow.pl",
            domain::accounts::Role::Officer,
            Some("piotrkow-trybunalski"),
        )
        .await;
    let me: Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["roles"],
        json!([{"role": "officer", "municipality": "piotrkow-trybunalski"}])
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz", None).await.status(), StatusCode::OK);
}
