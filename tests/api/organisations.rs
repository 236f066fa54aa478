use domain::accounts::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{fields, nip, problem, spawn_app};

#[tokio::test]
async fn an_ngo_is_registered_and_its_creator_represents_it() {
    let app = spawn_app().await;
    let (_, token) = app.resident("fundacja@example.pl").await;
    let r = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "ngo", "name": "Fundacja Testowa", "municipality": "piotrkow-trybunalski",
                    "krs": "0000123456", "nip": nip("771234567"), "regon": "101234560"}),
            Some(&token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let o: Value = r.json().await.unwrap();
    assert_eq!(o["kind"], "ngo");
    assert_eq!(o["krs"], "0000123456");
    assert_eq!(o["municipality"], "piotrkow-trybunalski");
    assert_eq!(o["is_representative"], true);
    let mine: Value = app
        .get("/api/v1/me/organisations", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["id"], o["id"]);
    let public: Value = app
        .get(
            &format!("/api/v1/organisations/{}", o["id"].as_str().unwrap()),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["name"], "Fundacja Testowa");
    assert_eq!(public["is_representative"], false);
}

#[tokio::test]
async fn bad_identifiers_and_an_ngo_without_krs_are_field_errors() {
    let app = spawn_app().await;
    let (_, token) = app.resident("zle@example.pl").await;
    let r = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "ngo", "name": "Zła", "municipality": "piotrkow-trybunalski",
                    "nip": "1234567890", "regon": "123456789"}),
            Some(&token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    let mut f = fields(&p);
    f.sort();
    assert_eq!(f, vec!["krs", "nip", "regon"], "{p}");
    let nip_msg = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "nip")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(nip_msg.contains("NIP"), "{nip_msg}");
    let count = store::organisations::of_user(&app.db, &app_user_id(&app, &token).await)
        .await
        .unwrap();
    assert!(count.is_empty(), "nothing is saved on a refused request");
}

async fn app_user_id(app: &crate::helpers::TestApp, token: &str) -> String {
    let me: Value = app
        .get("/api/v1/me", Some(token))
        .await
        .json()
        .await
        .unwrap();
    me["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_informal_group_needs_three_adults() {
    let app = spawn_app().await;
    let (_, token) = app.resident("grupa@example.pl").await;
    let two = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Sąsiedzi", "municipality": "piotrkow-trybunalski",
                    "members": [{"name": "Anna", "adult": true}, {"name": "Piotr", "adult": true}, {"name": "Kasia", "adult": false}]}),
            Some(&token),
        )
        .await;
    assert_eq!(two.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(two).await;
    assert_eq!(fields(&p), vec!["members"]);
    assert!(
        p["errors"][0]["message"].as_str().unwrap().contains('3'),
        "{p}"
    );

    let three = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Sąsiedzi", "municipality": "piotrkow-trybunalski",
                    "members": [{"name": "Anna", "adult": true}, {"name": "Piotr", "adult": true}, {"name": "Zofia", "adult": true}]}),
            Some(&token),
        )
        .await;
    assert_eq!(three.status(), StatusCode::CREATED);
    let g: Value = three.json().await.unwrap();
    assert_eq!(g["member_count"], 3);
    assert_eq!(
        g["members"][0],
        json!({"name": "Anna", "adult": true, "leader": true})
    );
}

#[tokio::test]
async fn members_names_are_visible_only_to_representatives_and_officers() {
    let app = spawn_app().await;
    let (_, rep) = app.resident("lider@example.pl").await;
    let (_, other) = app.resident("obcy@example.pl").await;
    let officer = app
        .staff(
            "bal@piotrkow.pl",
            Role::Officer,
            Some("piotrkow-trybunalski"),
        )
        .await;
    let foreign_officer = app
        .staff("urz@katowice.pl", Role::Officer, Some("katowice"))
        .await;
    let r = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Podwórko", "municipality": "piotrkow-trybunalski",
                    "members": [{"name": "Anna Nowak", "adult": true}, {"name": "Jan Kowalski", "adult": true}, {"name": "Ola Wiśniewska", "adult": true}]}),
            Some(&rep),
        )
        .await;
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/v1/organisations/{id}");
    for (token, sees) in [
        (Some(&rep), true),
        (Some(&officer), true),
        (Some(&other), false),
        (Some(&foreign_officer), false),
        (None, false),
    ] {
        let body: Value = app
            .get(&path, token.map(|s| s.as_str()))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["members"].is_array(), sees, "{body}");
        assert_eq!(body["member_count"], 3);
        assert_eq!(body.to_string().contains("Kowalski"), sees);
    }
}

#[tokio::test]
async fn a_group_may_have_a_patron_ngo_of_the_same_municipality() {
    let app = spawn_app().await;
    let (_, token) = app.resident("patron@example.pl").await;
    let ngo = app.ngo(&token, "Fundacja Patronacka", "0000111222").await;
    let members = json!([{"name": "A", "adult": true}, {"name": "B", "adult": true}, {"name": "C", "adult": true}]);
    let ok = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Grupa z patronem", "municipality": "piotrkow-trybunalski",
                    "members": members, "patron_organisation_id": ngo}),
            Some(&token),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    assert_eq!(
        ok.json::<Value>().await.unwrap()["patron_name"],
        "Fundacja Patronacka"
    );
    let elsewhere = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Grupa z Katowic", "municipality": "katowice",
                    "members": members, "patron_organisation_id": ngo}),
            Some(&token),
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&problem(elsewhere).await),
        vec!["patron_organisation_id"]
    );
}

#[tokio::test]
async fn the_same_krs_twice_in_a_municipality_is_a_conflict() {
    let app = spawn_app().await;
    let (_, token) = app.resident("krs@example.pl").await;
    app.ngo(&token, "Pierwsza", "0000999888").await;
    let r = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "ngo", "name": "Druga", "municipality": "piotrkow-trybunalski", "krs": "0000999888"}),
            Some(&token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    problem(r).await;
}

#[tokio::test]
async fn registering_needs_login_and_unknown_ids_are_404() {
    let app = spawn_app().await;
    let r = app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "ngo", "name": "X"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/v1/organisations/nie-ma", None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/organisations/{}", store::ids::new_id()),
            None
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_registration_is_in_the_audit_log_and_the_chain_verifies() {
    let app = spawn_app().await;
    let (_, token) = app.resident("audyt@example.pl").await;
    let id = app.ngo(&token, "Audytowana", "0000555444").await;
    let entries = store::audit::for_subject(&app.db, "organisation", &id)
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "organisation.create");
    assert!(entries[0].details.contains("Audytowana"));
    match store::audit::verify(&app.db).await.unwrap() {
        store::audit::Verification::Intact { entries } => assert!(entries >= 4, "{entries}"),
        other => panic!("{other:?}"),
    }
}
