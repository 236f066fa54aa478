//! The Public Benefit Council: the NGOs' request and its 2-month deadline, the half-NGO rule,
//! elections (one NGO, one ballot — also under 20 simultaneous representatives; ties shown),
//! opinions waived after 14 days, resolutions with quorum and published per-member votes, and
//! who may do what.

use domain::accounts::{Email, PersonName, Role};
use domain::time::Clock;
use jiff::{SignedDuration, Timestamp};
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::sea_orm::{ActiveModelTrait, Set};

use crate::helpers::{TestApp, problem, spawn_app, spawn_app_at};

const SLUG: &str = "piotrkow-trybunalski";

/// Creates an account directly (one password hash for the whole test) and an API token.
async fn account(app: &TestApp, hash: &str, email: &str, name: &str) -> (String, String) {
    let now = app.clock.now();
    let id = store::accounts::create_user(
        &app.db,
        &Email::parse(email).expect("email"),
        &PersonName::parse(name).expect("name"),
        hash.to_string(),
        None,
        now,
    )
    .await
    .expect("user");
    let token = store::accounts::create_api_token(&app.db, &id, now)
        .await
        .expect("token");
    (id, token)
}

fn hash() -> String {
    store::passwords::hash("haslo-testowe-rady-123").expect("hash")
}

/// Makes `user_id` one more representative of `organisation_id`.
async fn add_representative(app: &TestApp, organisation_id: &str, user_id: &str) {
    store::entities::organisation_representative::ActiveModel {
        id: Set(store::ids::new_id()),
        organisation_id: Set(organisation_id.to_string()),
        user_id: Set(user_id.to_string()),
        created_at: Set(0),
    }
    .insert(app.db.read())
    .await
    .expect("representative");
}

/// `n` NGOs, each with its own representative: `(organisation id, token)`.
async fn ngos(app: &TestApp, hash: &str, prefix: &str, n: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for i in 0..n {
        let (_, token) = account(
            app,
            hash,
            &format!("{prefix}{i}@ngo.test"),
            &format!("Przedstawicielka {i}"),
        )
        .await;
        let krs = format!("{:010}", 7_000_000 + i + prefix.len() * 1000);
        let id = app
            .ngo(&token, &format!("Stowarzyszenie {prefix} {i}"), &krs)
            .await;
        out.push((id, token));
    }
    out
}

async fn json_of(r: reqwest::Response, expected: StatusCode) -> Value {
    let status = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(status, expected, "{body}");
    serde_json::from_str(&body).expect("json")
}

async fn officer(app: &TestApp) -> String {
    app.staff("urzednik@rada.test", Role::Officer, Some(SLUG))
        .await
}

async fn create_council(app: &TestApp, officer: &str) -> String {
    let r = app
        .post_json(
            "/api/v1/councils",
            &json!({"municipality": SLUG, "term_start": "2027-01-01"}),
            Some(officer),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    assert_eq!(body["term"]["years"], 3);
    assert_eq!(body["term"]["end"], "2029-12-31");
    assert_eq!(body["status"], "forming");
    body["id"].as_str().expect("id").to_string()
}

async fn add_member(app: &TestApp, officer: &str, council: &str, body: Value) -> Value {
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &body,
            Some(officer),
        )
        .await;
    json_of(r, StatusCode::CREATED).await
}

/// A constituted council of `ngo` NGO members and `other` officials; members named in
/// `accounts` get those user ids (index → user id).
async fn constituted_council(
    app: &TestApp,
    officer: &str,
    ngo: usize,
    other: usize,
    accounts: &[(usize, &str, &str)],
) -> (String, Vec<String>) {
    let council = create_council(app, officer).await;
    for i in 0..ngo + other {
        let mut body = json!({
            "name": format!("Członek {i}"),
            "seat_kind": if i < ngo { "ngo" } else { "official" },
        });
        if let Some((_, uid, function)) = accounts.iter().find(|(n, _, _)| *n == i) {
            body["user_id"] = json!(uid);
            body["function"] = json!(function);
        }
        add_member(app, officer, &council, body).await;
    }
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/constitute"),
            &json!({}),
            Some(officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["status"], "constituted");
    let ids = body["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_string())
        .collect();
    (council, ids)
}

#[tokio::test]
async fn a_request_signed_by_five_ngos_gives_the_municipality_two_months() {
    // 23:30 in Warsaw on 15 March is already 16 March nowhere but 22:30 UTC of the 15th.
    let at: Timestamp = "2027-03-15T22:30:00Z".parse().expect("ts");
    let (app, _clock) = spawn_app_at(at).await;
    let h = hash();
    let orgs = ngos(&app, &h, "wniosek", 6).await;
    let path = format!("/api/v1/councils/requests/{SLUG}/signatures");
    for (i, (org, token)) in orgs.iter().take(4).enumerate() {
        let r = app
            .post_json(&path, &json!({"organisation_id": org}), Some(token))
            .await;
        let body = json_of(r, StatusCode::CREATED).await;
        assert_eq!(body["count"], i + 1);
        assert_eq!(body["create_by"], Value::Null, "no deadline before 5 NGOs");
    }
    // One NGO, one signature.
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[0].0}),
            Some(&orgs[0].1),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    assert!(
        p["detail"].as_str().unwrap_or("").contains("już podpisała"),
        "{p}"
    );
    // Signing for an NGO one does not represent.
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[4].0}),
            Some(&orgs[0].1),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_json(&path, &json!({"organisation_id": orgs[4].0}), None)
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[4].0}),
            Some(&orgs[4].1),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    assert_eq!(body["count"], 5);
    assert_eq!(body["missing"], 0);
    assert_eq!(body["reached_on"], "2027-03-15");
    assert_eq!(body["create_by"], "2027-05-15");
    // A sixth signature does not move the deadline.
    app.clock.advance(SignedDuration::from_hours(48));
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[5].0}),
            Some(&orgs[5].1),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    assert_eq!(body["count"], 6);
    assert_eq!(body["create_by"], "2027-05-15");
    let body = json_of(
        app.get(&format!("/api/v1/councils/requests/{SLUG}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["signatures"].as_array().map(Vec::len), Some(6));
    // The page shows the deadline.
    let html = app
        .client
        .get(app.url(&format!("/{SLUG}/rada/wniosek")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("15.05.2027"), "{html}");
}

#[tokio::test]
async fn a_council_with_fewer_than_half_ngo_seats_cannot_be_constituted() {
    let app = spawn_app().await;
    let officer = officer(&app).await;
    let council = create_council(&app, &officer).await;
    for (i, kind) in ["ngo", "ngo", "official", "official", "councillor"]
        .iter()
        .enumerate()
    {
        add_member(
            &app,
            &officer,
            &council,
            json!({"name": format!("Osoba {i}"), "seat_kind": kind}),
        )
        .await;
    }
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/constitute"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    let detail = p["detail"].as_str().unwrap_or("");
    assert!(detail.contains("co najmniej połowę składu"), "{detail}");
    assert!(detail.contains("2 z 5"), "{detail}");
    assert!(detail.contains("brakuje 1"), "{detail}");
    let body = json_of(
        app.get(&format!("/api/v1/councils/{council}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["status"], "forming");
    assert_eq!(body["composition"]["missing_ngo_seats"], 1);
    assert_eq!(body["composition"]["valid"], false);
    // The page states the rule and what is missing.
    let html = app
        .client
        .get(app.url(&format!("/{SLUG}/rada")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("co najmniej połowę"), "{html}");
    // One more NGO seat makes it 3 of 6.
    add_member(
        &app,
        &officer,
        &council,
        json!({"name": "Osoba 5", "seat_kind": "ngo", "function": "chair"}),
    )
    .await;
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/constitute"),
            &json!({}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["status"], "constituted");
    assert_eq!(body["composition"]["ngo_seats"], 3);
    assert_eq!(body["composition"]["seats"], 6);
    // Once constituted, a non-NGO member that breaks the rule is refused too.
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &json!({"name": "Radna", "seat_kind": "councillor"}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A second chair is refused.
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &json!({"name": "Drugi", "seat_kind": "ngo", "function": "chair"}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // A member leaves and is replaced; the history is kept.
    let member = body["members"]
        .as_array()
        .and_then(|m| m.iter().find(|x| x["name"] == "Osoba 0"))
        .expect("member")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/members/{member}/leave"),
            &json!({"left_on": "2027-06-30", "reason": "rezygnacja",
                    "replacement": {"name": "Następczyni", "seat_kind": "ngo"}}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["former_members"][0]["name"], "Osoba 0");
    assert_eq!(body["former_members"][0]["leave_reason"], "rezygnacja");
    assert_eq!(body["former_members"][0]["left_on"], "2027-06-30");
    let successor = body["members"]
        .as_array()
        .and_then(|m| m.iter().find(|x| x["name"] == "Następczyni"))
        .expect("successor");
    assert_eq!(successor["replaces"], member.as_str());
    assert_eq!(successor["joined_on"], "2027-07-01");
}

/// A council, an election with 3 candidates of 3 NGOs (N = 1, K = `k`, `seats`), voting open.
async fn election(
    app: &TestApp,
    h: &str,
    officer: &str,
    seats: i32,
    k: i32,
) -> (String, Vec<(String, String)>, Vec<String>) {
    let council = create_council(app, officer).await;
    let today = store::small_grants::warsaw_date(app.clock.now());
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/elections"),
            &json!({"title": "Wybory przedstawicieli organizacji", "seats": seats,
                    "candidates_per_ngo": 1, "votes_per_ballot": k,
                    "nominations_until": today.to_string(), "voting_until": today.to_string()}),
            Some(officer),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    let id = body["id"].as_str().expect("id").to_string();
    let orgs = ngos(app, h, "wybory", 4).await;
    let mut candidates = Vec::new();
    for (i, (org, token)) in orgs.iter().take(3).enumerate() {
        let r = app
            .post_json(
                &format!("/api/v1/councils/elections/{id}/candidates"),
                &json!({"organisation_id": org, "name": format!("Kandydat {i}")}),
                Some(token),
            )
            .await;
        let body = json_of(r, StatusCode::CREATED).await;
        candidates.push(
            body["candidates"][i]["id"]
                .as_str()
                .expect("candidate")
                .to_string(),
        );
    }
    // N = 1: a second candidate of the same NGO is refused.
    let r = app
        .post_json(
            &format!("/api/v1/councils/elections/{id}/candidates"),
            &json!({"organisation_id": orgs[0].0, "name": "Ktoś jeszcze"}),
            Some(&orgs[0].1),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = app
        .post_json(
            &format!("/api/v1/councils/elections/{id}/voting"),
            &json!({}),
            Some(officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["phase"], "voting");
    (id, orgs, candidates)
}

#[tokio::test]
async fn one_ngo_casts_one_ballot() {
    let app = spawn_app().await;
    let h = hash();
    let officer = officer(&app).await;
    let (id, orgs, candidates) = election(&app, &h, &officer, 2, 2).await;
    let path = format!("/api/v1/councils/elections/{id}/ballots");
    // Too many marks.
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[3].0, "candidate_ids": candidates}),
            Some(&orgs[3].1),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[3].0, "candidate_ids": [candidates[0]]}),
            Some(&orgs[3].1),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    assert_eq!(body["ballots_cast"], 1);
    assert_eq!(
        body["candidates"][0]["votes"],
        Value::Null,
        "no counts before closing"
    );
    // Another representative of the same NGO.
    let (uid, token) = account(&app, &h, "druga@ngo.test", "Druga Przedstawicielka").await;
    add_representative(&app, &orgs[3].0, &uid).await;
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[3].0, "candidate_ids": [candidates[1]]}),
            Some(&token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = problem(r).await;
    assert!(
        p["detail"]
            .as_str()
            .unwrap_or("")
            .contains("już oddała głos"),
        "{p}"
    );
    // Someone who represents no NGO.
    let (_, stranger) = account(&app, &h, "obcy@test.test", "Obcy").await;
    let r = app
        .post_json(
            &path,
            &json!({"organisation_id": orgs[2].0, "candidate_ids": [candidates[1]]}),
            Some(&stranger),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn twenty_representatives_voting_at_once_count_as_one_ballot() {
    let app = spawn_app().await;
    let h = hash();
    let officer = officer(&app).await;
    let (id, orgs, candidates) = election(&app, &h, &officer, 1, 1).await;
    let org = orgs[3].0.clone();
    let mut tokens = vec![orgs[3].1.clone()];
    for i in 1..20 {
        let (uid, token) = account(&app, &h, &format!("rep{i}@tlum.test"), "Przedstawiciel").await;
        add_representative(&app, &org, &uid).await;
        tokens.push(token);
    }
    let path = app.url(&format!("/api/v1/councils/elections/{id}/ballots"));
    let mut set = tokio::task::JoinSet::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let client = app.client.clone();
        let path = path.clone();
        let body = json!({"organisation_id": org, "candidate_ids": [candidates[i % 3]]});
        set.spawn(async move {
            client
                .post(&path)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("request")
                .status()
        });
    }
    let mut statuses = Vec::new();
    while let Some(s) = set.join_next().await {
        statuses.push(s.expect("task"));
    }
    let created = statuses
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    let conflict = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, conflict), (1, 19), "{statuses:?}");
    let r = app
        .post_json(
            &format!("/api/v1/councils/elections/{id}/close"),
            &json!({}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["ballots_cast"], 1);
    let total: u64 = body["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["votes"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, 1, "{body}");
}

#[tokio::test]
async fn a_tie_is_shown_in_the_results_and_the_elected_are_seated() {
    let app = spawn_app().await;
    let h = hash();
    let officer = officer(&app).await;
    let (id, orgs, candidates) = election(&app, &h, &officer, 2, 1).await;
    let path = format!("/api/v1/councils/elections/{id}/ballots");
    // Candidate 0: 2 votes; candidates 1 and 2: 1 vote each for the second seat.
    for (org, c) in [(0, 0), (1, 0), (2, 1), (3, 2)] {
        let r = app
            .post_json(
                &path,
                &json!({"organisation_id": orgs[org].0, "candidate_ids": [candidates[c]]}),
                Some(&orgs[org].1),
            )
            .await;
        json_of(r, StatusCode::CREATED).await;
    }
    let r = app
        .post_json(
            &format!("/api/v1/councils/elections/{id}/close"),
            &json!({}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    let rows = body["candidates"].as_array().expect("rows");
    assert_eq!(rows[0]["id"], candidates[0].as_str());
    assert_eq!(rows[0]["votes"], 2);
    assert_eq!(rows[0]["standing"], "elected");
    for row in &rows[1..] {
        assert_eq!(row["votes"], 1);
        assert_eq!(row["rank"], 2);
        assert_eq!(row["tied"], true);
        assert_eq!(row["standing"], "tie");
    }
    // Public page shows the tie in words.
    let html = app
        .client
        .get(app.url(&format!("/rada/wybory/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("remis"), "{html}");
    // The officer seats the elected candidate.
    let r = app
        .post_json(
            &format!(
                "/api/v1/councils/elections/{id}/candidates/{}/seat",
                candidates[0]
            ),
            &json!({}),
            Some(&officer),
        )
        .await;
    let council = json_of(r, StatusCode::CREATED).await;
    assert!(
        council["members"]
            .as_array()
            .expect("members")
            .iter()
            .any(|m| m["name"] == "Kandydat 0" && m["seat_kind"] == "ngo"),
        "{council}"
    );
    let r = app
        .post_json(
            &format!(
                "/api/v1/councils/elections/{id}/candidates/{}/seat",
                candidates[0]
            ),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_opinion_not_given_within_14_days_is_waived() {
    let at: Timestamp = "2027-03-01T09:00:00Z".parse().expect("ts");
    let (app, clock) = spawn_app_at(at).await;
    let officer = officer(&app).await;
    let (council, _) = constituted_council(&app, &officer, 2, 1, &[]).await;
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/opinions"),
            &json!({"title": "Projekt programu współpracy na 2028 r.", "document": "https://bip.example/program-2028"}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    let id = body["id"].as_str().expect("id").to_string();
    assert_eq!(body["deadline"], "2027-03-15");
    assert_eq!(body["status"], "pending");
    clock.advance(SignedDuration::from_hours(24 * 14));
    let body = json_of(
        app.get(&format!("/api/v1/councils/opinions/{id}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["status"], "pending", "the 14th day still counts");
    clock.advance(SignedDuration::from_hours(24));
    let r = app
        .client
        .get(app.url(&format!("/api/v1/councils/opinions/{id}")))
        .header("accept-language", "en")
        .send()
        .await
        .expect("request");
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["status"], "waived");
    assert_eq!(body["status_label"], "waived (no opinion within 14 days)");
    let body = json_of(
        app.get(&format!("/api/v1/councils/{council}"), None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["opinions"][0]["status"], "waived");
}

#[tokio::test]
async fn an_opinion_adopted_in_time_is_given() {
    let h = hash();
    let at: Timestamp = "2027-03-01T09:00:00Z".parse().expect("ts");
    let (app, clock) = spawn_app_at(at).await;
    let officer = officer(&app).await;
    let (uid, _) = account(&app, &h, "sekretarz@rada.test", "Sekretarz").await;
    let (council, members) =
        constituted_council(&app, &officer, 2, 1, &[(0, &uid, "secretary")]).await;
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/opinions"),
            &json!({"title": "Uchwała w sprawie konsultacji", "document": "Tekst projektu"}),
            Some(&officer),
        )
        .await;
    let opinion = json_of(r, StatusCode::CREATED).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/resolutions"),
            &json!({"title": "Opinia o projekcie", "text": "Rada opiniuje pozytywnie.", "opinion_request_id": opinion}),
            Some(&officer),
        )
        .await;
    let rid = json_of(r, StatusCode::CREATED).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    for m in &members {
        let r = app
            .post_json(
                &format!("/api/v1/councils/resolutions/{rid}/votes"),
                &json!({"choice": "for", "member_id": m}),
                Some(&officer),
            )
            .await;
        json_of(r, StatusCode::OK).await;
    }
    clock.advance(SignedDuration::from_hours(24 * 10));
    json_of(
        app.post_json(
            &format!("/api/v1/councils/resolutions/{rid}/close"),
            &json!({}),
            Some(&officer),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    clock.advance(SignedDuration::from_hours(24 * 30));
    let body = json_of(
        app.get(&format!("/api/v1/councils/opinions/{opinion}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["status"], "given");
    assert_eq!(body["resolution_id"], rid.as_str());
}

#[tokio::test]
async fn quorum_not_reached_is_a_result() {
    let app = spawn_app().await;
    let officer = officer(&app).await;
    let (council, members) = constituted_council(&app, &officer, 3, 2, &[]).await;
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/resolutions"),
            &json!({"title": "Uchwała nr 1", "text": "Treść uchwały."}),
            Some(&officer),
        )
        .await;
    let rid = json_of(r, StatusCode::CREATED).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    for m in &members[..2] {
        let r = app
            .post_json(
                &format!("/api/v1/councils/resolutions/{rid}/votes"),
                &json!({"choice": "for", "member_id": m}),
                Some(&officer),
            )
            .await;
        json_of(r, StatusCode::OK).await;
    }
    let r = app
        .post_json(
            &format!("/api/v1/councils/resolutions/{rid}/close"),
            &json!({}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["status"], "closed");
    assert_eq!(body["result"]["outcome"], "quorum_not_reached");
    assert_eq!(body["result"]["quorum_reached"], false);
    assert_eq!(body["result"]["members"], 5);
    assert_eq!(body["result"]["voted"], 2);
    // Closed: no more votes.
    let r = app
        .post_json(
            &format!("/api/v1/councils/resolutions/{rid}/votes"),
            &json!({"choice": "for", "member_id": members[2]}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn members_vote_themselves_and_per_member_votes_are_published() {
    let app = spawn_app().await;
    let h = hash();
    let officer = officer(&app).await;
    let (anna, anna_token) = account(&app, &h, "anna@rada.test", "Anna").await;
    let (bogdan, bogdan_token) = account(&app, &h, "bogdan@rada.test", "Bogdan").await;
    let (sec, sec_token) = account(&app, &h, "sekretarz@rada.test", "Sekretarz").await;
    let (council, members) = constituted_council(
        &app,
        &officer,
        2,
        2,
        &[
            (0, &anna, "chair"),
            (1, &bogdan, "member"),
            (2, &sec, "secretary"),
        ],
    )
    .await;
    // Linking an account gives it the Council role in the municipality.
    let me = json_of(
        app.get("/api/v1/me", Some(&anna_token)).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        me["roles"]
            .as_array()
            .expect("roles")
            .iter()
            .any(|r| r["role"] == "council" && r["municipality"] == SLUG),
        "{me}"
    );
    // The secretary opens the vote.
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/resolutions"),
            &json!({"title": "Uchwała w sprawie regulaminu", "text": "Rada przyjmuje regulamin."}),
            Some(&sec_token),
        )
        .await;
    let rid = json_of(r, StatusCode::CREATED).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let vote = |token: String, body: Value| {
        let app = &app;
        let rid = rid.clone();
        async move {
            app.post_json(
                &format!("/api/v1/councils/resolutions/{rid}/votes"),
                &body,
                Some(&token),
            )
            .await
        }
    };
    json_of(
        vote(anna_token.clone(), json!({"choice": "for"})).await,
        StatusCode::OK,
    )
    .await;
    json_of(
        vote(bogdan_token.clone(), json!({"choice": "against"})).await,
        StatusCode::OK,
    )
    .await;
    // Bogdan changes his mind while the vote is open.
    json_of(
        vote(bogdan_token.clone(), json!({"choice": "abstain"})).await,
        StatusCode::OK,
    )
    .await;
    // A member cannot vote for someone else.
    let r = vote(
        bogdan_token.clone(),
        json!({"choice": "for", "member_id": members.last()}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The secretary records the fourth member's vote at the meeting.
    let fourth = members
        .iter()
        .find(|m| {
            let m = m.as_str();
            // not linked to any of the three accounts: the last official
            m == members[3]
        })
        .expect("member")
        .clone();
    json_of(
        vote(
            sec_token.clone(),
            json!({"choice": "for", "member_id": fourth}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Before closing the public does not see who voted how.
    let body = json_of(
        app.get(&format!("/api/v1/councils/resolutions/{rid}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["votes"].as_array().map(Vec::len), Some(0));
    assert_eq!(body["votes_cast"], 3);
    json_of(
        app.post_json(
            &format!("/api/v1/councils/resolutions/{rid}/close"),
            &json!({}),
            Some(&sec_token),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let body = json_of(
        app.get(&format!("/api/v1/councils/resolutions/{rid}"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["result"]["outcome"], "adopted");
    assert_eq!(body["result"]["votes_for"], 2);
    assert_eq!(body["result"]["abstentions"], 1);
    assert_eq!(body["text"], "Rada przyjmuje regulamin.");
    let votes = body["votes"].as_array().expect("votes");
    assert_eq!(votes.len(), 3);
    let choice_of = |name: &str| {
        votes
            .iter()
            .find(|v| v["name"] == name)
            .map(|v| v["choice"].clone())
    };
    assert_eq!(choice_of("Członek 1"), Some(json!("abstain")));
    assert_eq!(choice_of("Członek 0"), Some(json!("for")));
    assert_eq!(choice_of("Członek 3"), Some(json!("for")));
    // And on the public page.
    let html = app
        .client
        .get(app.url(&format!("/rada/uchwaly/{rid}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("Członek 1") && html.contains("wstrzymuje się"),
        "{html}"
    );
}

#[tokio::test]
async fn who_may_do_what() {
    let app = spawn_app().await;
    let h = hash();
    let officer = officer(&app).await;
    let (_, resident) = account(&app, &h, "mieszkaniec@test.test", "Mieszkaniec").await;
    let katowice = app
        .staff("urzednik@katowice.test", Role::Officer, Some("katowice"))
        .await;
    // Not logged in: 401.
    let r = app
        .post_json(
            "/api/v1/councils",
            &json!({"municipality": SLUG, "term_start": "2027-01-01"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Logged in without the role, or an officer of another municipality: 403.
    for token in [&resident, &katowice] {
        let r = app
            .post_json(
                "/api/v1/councils",
                &json!({"municipality": SLUG, "term_start": "2027-01-01"}),
                Some(token),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let (council, members) = constituted_council(&app, &officer, 2, 1, &[]).await;
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/members"),
            &json!({"name": "X", "seat_kind": "ngo"}),
            Some(&resident),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/resolutions"),
            &json!({"title": "T", "text": "X"}),
            Some(&resident),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/resolutions"),
            &json!({"title": "Uchwała", "text": "Treść"}),
            Some(&officer),
        )
        .await;
    let rid = json_of(r, StatusCode::CREATED).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    // Not a member: cannot vote, neither as oneself nor for a member.
    for body in [
        json!({"choice": "for"}),
        json!({"choice": "for", "member_id": members[0]}),
    ] {
        let r = app
            .post_json(
                &format!("/api/v1/councils/resolutions/{rid}/votes"),
                &body,
                Some(&resident),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let r = app
        .post_json(
            &format!("/api/v1/councils/resolutions/{rid}/votes"),
            &json!({"choice": "maybe", "member_id": members[0]}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_json(
            &format!("/api/v1/councils/resolutions/{rid}/close"),
            &json!({}),
            Some(&resident),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Unknown things: 404.
    for path in [
        "/api/v1/councils/01h0000000000000000000000z",
        "/api/v1/councils/nonsense",
        "/api/v1/councils/resolutions/01h0000000000000000000000z",
        "/api/v1/councils/meetings/nope",
        "/api/v1/councils/elections/nope",
        "/api/v1/councils/opinions/nope",
        "/api/v1/councils/requests/no-such-town",
    ] {
        assert_eq!(
            app.get(path, None).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let r = app
        .post_json(
            "/api/v1/councils/resolutions/01h0000000000000000000000z/votes",
            &json!({"choice": "for"}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Malformed and invalid input.
    let r = app
        .post_json(
            "/api/v1/councils",
            &json!({"municipality": SLUG, "term_start": "2027-02-30", "term_years": 9}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    let fields = crate::helpers::fields(&p);
    assert!(
        fields.contains(&"term_start".to_string()) && fields.contains(&"term_years".to_string()),
        "{p}"
    );
}

#[tokio::test]
async fn meetings_have_calendar_files_in_warsaw_time() {
    let app = spawn_app().await;
    let officer = officer(&app).await;
    let (council, members) = constituted_council(&app, &officer, 2, 1, &[]).await;
    let r = app
        .post_json(
            &format!("/api/v1/councils/{council}/meetings"),
            &json!({"title": "Posiedzenie nr 1, inauguracyjne", "starts_at": "2027-06-10T17:00:00+02:00",
                    "location": "Mediateka; sala 2", "agenda": "1. Otwarcie\n2. Wybór prezydium"}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::CREATED).await;
    let id = body["id"].as_str().expect("id").to_string();
    assert_eq!(body["ends_at"], "2027-06-10T19:00:00+02:00");
    let r = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/councils/meetings/{id}/attendance"),
            &json!({"present": [members[0], members[1]]}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["attendance"].as_array().map(Vec::len), Some(3));
    let r = app
        .post_json(
            &format!("/api/v1/councils/meetings/{id}/minutes"),
            &json!({"minutes": "Rada wybrała prezydium.", "next_meeting_at": "2027-09-09T17:00:00+02:00"}),
            Some(&officer),
        )
        .await;
    let body = json_of(r, StatusCode::OK).await;
    assert_eq!(body["minutes"], "Rada wybrała prezydium.");
    assert_eq!(body["next_meeting_at"], "2027-09-09T17:00:00+02:00");
    assert!(body["metadata"]["published_at"].is_string());
    let r = app
        .get(
            &format!("/api/v1/councils/meetings/{id}/calendar.ics"),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/calendar")
    );
    let ics = r.text().await.expect("ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(
        ics.contains("DTSTART;TZID=Europe/Warsaw:20270610T170000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("SUMMARY:Posiedzenie nr 1\\, inauguracyjne\r\n"),
        "{ics}"
    );
    assert!(ics.contains("LOCATION:Mediateka\\; sala 2\r\n"), "{ics}");
    let all = app
        .get(&format!("/api/v1/councils/{council}/calendar.ics"), None)
        .await
        .text()
        .await
        .expect("ics");
    assert_eq!(all.matches("BEGIN:VEVENT\r\n").count(), 1);
    // A member who is not on this council cannot be marked present.
    let r = app
        .send_json(
            reqwest::Method::PUT,
            &format!("/api/v1/councils/meetings/{id}/attendance"),
            &json!({"present": ["01h0000000000000000000000z"]}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_council_api_is_documented_under_its_tag() {
    let app = spawn_app().await;
    let doc = json_of(app.get("/api/v1/openapi.json", None).await, StatusCode::OK).await;
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/councils", "post"),
        ("/councils/{id}", "get"),
        ("/councils/requests/{municipality}/signatures", "post"),
        ("/councils/{id}/constitute", "post"),
        ("/councils/elections/{id}/ballots", "post"),
        ("/councils/meetings/{id}/calendar.ics", "get"),
        ("/councils/opinions/{id}", "get"),
        ("/councils/resolutions/{id}/votes", "post"),
        ("/councils/resolutions/{id}/close", "post"),
    ] {
        let op = &paths[path][method];
        assert!(op.is_object(), "{method} {path} missing");
        assert_eq!(op["tags"][0], "councils", "{method} {path}");
    }
}
