//! The good-practice library: writing, review, search that understands Polish, open data.

use domain::accounts::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};

fn practice(title: &str, summary: &str, body: &str, municipality: &str) -> Value {
    json!({"title": title, "municipality": municipality, "summary": summary, "body": body,
           "topics": ["grupy nieformalne", "Młodzież"], "instrument": "microgrants", "year": 2024,
           "contact_name": "Anna Nowak", "contact_email": "anna@gmina.pl"})
}

async fn create(app: &TestApp, token: &str, body: &Value) -> String {
    let r = app.post_json("/api/v1/practices", body, Some(token)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "submitted");
    v["id"].as_str().unwrap().to_string()
}

async fn publish(app: &TestApp, token: &str, id: &str) {
    let r = app
        .post_json(
            &format!("/api/v1/practices/{id}/publish"),
            &json!({}),
            Some(token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "published");
}

async fn search(app: &TestApp, query: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/practices/search?{query}"), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    r.json().await.unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// Two published practices and one only submitted; returns (microgrants, fund, unpublished).
async fn library(app: &TestApp) -> (String, String, String, String) {
    let officer = app
        .staff(
            "urzednik@piotrkow.pl",
            Role::Officer,
            Some("piotrkow-trybunalski"),
        )
        .await;
    let metro = app.staff("metropolia@gzm.pl", Role::Metropolis, None).await;
    let a = create(
        app,
        &officer,
        &practice(
            "Mikrogranty w Piotrkowie",
            "Przyznaliśmy 40 mikrograntów grupom nieformalnym.",
            "Grupy nieformalne dostały wsparcie organizacji patronackiej.",
            "piotrkow-trybunalski",
        ),
    )
    .await;
    let mut fund = practice(
        "Fundusz sąsiedzki",
        "Rada Działalności Pożytku Publicznego zaopiniowała fundusz sąsiedzki.",
        "Mieszkańcy osiedli wybierali projekty.",
        "katowice",
    );
    fund["instrument"] = json!("neighbourhood_fund");
    fund["topics"] = json!(["sąsiedztwo"]);
    fund["year"] = json!(2023);
    let b = create(app, &metro, &fund).await;
    let c = create(
        app,
        &officer,
        &practice(
            "Inkubator mikrograntów",
            "Jeszcze nieopublikowane mikrogranty.",
            "Opis.",
            "piotrkow-trybunalski",
        ),
    )
    .await;
    publish(app, &metro, &a).await;
    let later = domain::time::Clock::now(app.clock.as_ref()) + jiff::SignedDuration::from_hours(1);
    app.clock.set(later);
    publish(app, &metro, &b).await;
    (a, b, c, officer)
}

#[tokio::test]
async fn inflected_and_unaccented_queries_find_published_practices() {
    let app = spawn_app().await;
    let (a, b, c, _) = library(&app).await;

    let r = search(&app, "q=mikrogranty%20dla%20grup%20nieformalnych").await;
    assert_eq!(ids(&r), vec![a.clone()]);
    assert_eq!(r["total"], 1);
    let snippet = r["items"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>mikrograntów</mark>"), "{snippet}");
    assert!(snippet.contains("<mark>grupom</mark>"), "{snippet}");
    assert!(r["items"][0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(r["items"][0]["municipality"], "piotrkow-trybunalski");

    assert_eq!(
        ids(&search(&app, "q=fundusz%20sasiedzki").await),
        vec![b.clone()]
    );
    assert_eq!(
        ids(&search(&app, "q=rada%20pozytku").await),
        vec![b.clone()]
    );
    assert_eq!(ids(&search(&app, "q=MIKROGRANTOW").await), vec![a.clone()]);
    // The submitted one is never found.
    assert!(!ids(&search(&app, "q=inkubator").await).contains(&c));
}

#[tokio::test]
async fn filters_narrow_the_results() {
    let app = spawn_app().await;
    let (a, b, _, _) = library(&app).await;
    assert_eq!(
        ids(&search(&app, "municipality=katowice").await),
        vec![b.clone()]
    );
    assert_eq!(
        ids(&search(&app, "instrument=microgrants").await),
        vec![a.clone()]
    );
    assert_eq!(
        ids(&search(&app, "topic=m%C5%82odzie%C5%BC").await),
        vec![a.clone()]
    );
    assert_eq!(ids(&search(&app, "year=2023").await), vec![b.clone()]);
    assert_eq!(
        search(&app, "q=fundusz&municipality=piotrkow-trybunalski").await["total"],
        0
    );
    // Empty query: newest first, everything published.
    let all = search(&app, "q=").await;
    assert_eq!(ids(&all), vec![b.clone(), a.clone()]);
    assert_eq!(all["items"][0]["score"], 0.0);
    let paged = search(&app, "limit=1&offset=1").await;
    assert_eq!(ids(&paged), vec![a.clone()]);
    assert_eq!(paged["total"], 2);
}

#[tokio::test]
async fn odd_queries_get_sensible_answers() {
    let app = spawn_app().await;
    let (_, _, _, _) = library(&app).await;
    assert_eq!(search(&app, "q=xqzzv%20bleh").await["total"], 0);
    assert_eq!(search(&app, "q=i%20w%20na%20si%C4%99").await["total"], 2);
    assert_eq!(search(&app, "q=%22%20OR%20*%20NEAR(").await["total"], 0);
    let long = "mikrogranty%20".repeat(800);
    let started = std::time::Instant::now();
    let r = search(&app, &format!("q={long}")).await;
    assert_eq!(r["total"], 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    for bad in [
        "limit=abc",
        "limit=0",
        "limit=-1",
        "limit=1000",
        "offset=x",
        "year=dwa",
        "instrument=lottery",
        "municipality=atlantyda",
    ] {
        let r = app
            .get(&format!("/api/v1/practices/search?{bad}"), None)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let p = problem(r).await;
        assert_eq!(fields(&p).len(), 1, "{bad}");
    }
}

#[tokio::test]
async fn only_officers_and_the_metropolis_write_and_only_the_metropolis_publishes() {
    let app = spawn_app().await;
    let (_, token) = app.resident("mieszkaniec@example.pl").await;
    let officer = app
        .staff(
            "urzednik@piotrkow.pl",
            Role::Officer,
            Some("piotrkow-trybunalski"),
        )
        .await;
    let body = practice(
        "Rada seniorów",
        "Streszczenie.",
        "Opis.",
        "piotrkow-trybunalski",
    );
    let r = app
        .post_json("/api/v1/practices", &body, Some(&token))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app.post_json("/api/v1/practices", &body, None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // An officer of Piotrków cannot write for Katowice.
    let mut other = body.clone();
    other["municipality"] = json!("katowice");
    let r = app
        .post_json("/api/v1/practices", &other, Some(&officer))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Invalid input names the fields.
    let r = app
        .post_json(
            "/api/v1/practices",
            &json!({"municipality": "piotrkow-trybunalski", "instrument": "lottery"}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let f = fields(&problem(r).await);
    assert!(
        f.contains(&"title".to_string()) && f.contains(&"instrument".to_string()),
        "{f:?}"
    );

    let id = create(&app, &officer, &body).await;
    // Not visible to others before publication.
    assert_eq!(
        app.get(&format!("/api/v1/practices/{id}"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/practices/{id}"), Some(&token))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/practices/{id}"), Some(&officer))
            .await
            .status(),
        StatusCode::OK
    );
    // The officer may not publish.
    let r = app
        .post_json(
            &format!("/api/v1/practices/{id}/publish"),
            &json!({}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_json(
            &format!("/api/v1/practices/{id}/publish"),
            &json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let metro = app.staff("metropolia@gzm.pl", Role::Metropolis, None).await;
    let r = app
        .post_json(
            &format!("/api/v1/practices/{id}/return"),
            &json!({"comment": ""}),
            Some(&metro),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_json(
            &format!("/api/v1/practices/{id}/return"),
            &json!({"comment": "Dodaj liczby."}),
            Some(&metro),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "returned");
    assert_eq!(v["review_comment"], "Dodaj liczby.");
    let r = app
        .post_json(
            &format!("/api/v1/practices/{id}/publish"),
            &json!({}),
            Some(&metro),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // The officer corrects and resubmits; the metropolis publishes.
    let mut fixed = body.clone();
    fixed["results"] = json!("Powstało 5 rad osiedlowych seniorów.");
    fixed["draft"] = json!(false);
    let r = app
        .send_json(
            reqwest::Method::PATCH,
            &format!("/api/v1/practices/{id}"),
            &fixed,
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "submitted");
    publish(&app, &metro, &id).await;
    let v: Value = app
        .get(&format!("/api/v1/practices/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "published");
    assert_eq!(v["published_by"], "Urzędnik Testowy");
    assert!(v["published_at"].is_string());
    assert_eq!(ids(&search(&app, "q=seniorom").await), vec![id.clone()]);
    // History lives in the audit log.
    let history = store::audit::for_subject(&app.db, "practice", &id)
        .await
        .unwrap();
    let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "practice.submit",
            "practice.return",
            "practice.submit",
            "practice.publish"
        ]
    );
}

#[tokio::test]
async fn drafts_and_exports() {
    let app = spawn_app().await;
    let (a, b, _, officer) = library(&app).await;
    let r = app
        .post_json("/api/v1/practices", &json!({"title": "Szkic praktyki", "municipality": "piotrkow-trybunalski", "draft": true}), Some(&officer))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "draft");
    let json: Value = app
        .get("/api/v1/practices/export.json", None)
        .await
        .json()
        .await
        .unwrap();
    let exported: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(exported, vec![b.clone(), a.clone()]);
    let r = app.get("/api/v1/practices/export.csv", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(text.contains("Fundusz sąsiedzki"));
    assert!(!text.contains("Szkic praktyki"));
    assert_eq!(text.lines().count(), 3);
}

/// Search results are cached per server, but a publication is seen by the very next search:
/// the same query before and after gives the new answer.
#[tokio::test]
async fn the_next_search_sees_a_publication() {
    let app = spawn_app().await;
    let (a, _b, c, _officer) = library(&app).await;
    let metro = app.login("metropolia@gzm.pl", "haslo-urzednika-123").await;

    // Asked twice (the second answer may come from the cache): the submitted one is not there.
    for _ in 0..2 {
        let r = search(&app, "q=mikrogranty").await;
        assert_eq!(ids(&r), vec![a.clone()]);
        assert_eq!(r["total"], 1);
    }
    publish(&app, &metro, &c).await;
    let r = search(&app, "q=mikrogranty").await;
    assert_eq!(r["total"], 2);
    let found = ids(&r);
    assert!(found.contains(&a) && found.contains(&c), "{found:?}");
}

/// On SQLite searches rank in memory (`store::practices::ranker`), with FTS5's bm25 formula and
/// counts: the totals, the practices and their order and scores are those of the database's
/// ranking, for every kind of query, filter and page. After a publication the stale copy is not
/// used: the next search still finds the new practice, and so does the rebuilt copy.
#[tokio::test]
async fn ranking_in_memory_agrees_with_the_database_and_follows_publications() {
    use store::practices::{Filters, SearchPaths, ranker, search_with};
    let app = crate::helpers::spawn_app_with(true).await;
    let db = &app.db;
    let built = ranker::warm(db).await.unwrap();
    if db.backend() == store::Backend::Postgres {
        // PostgreSQL ranks in the database only (`ts_rank`, shared by every app server).
        assert_eq!(built, 0);
        return;
    }
    assert!(built >= 10, "the demo library is in memory: {built}");
    let munis = store::municipalities::list(db).await.unwrap();
    let katowice = munis
        .iter()
        .find(|m| m.slug == "katowice")
        .unwrap()
        .id
        .clone();
    let filters = |m: Option<&str>, topic: Option<&str>, instrument: Option<&str>, year| Filters {
        municipality_id: m.map(str::to_string),
        topic: topic.map(str::to_string),
        instrument: instrument.map(str::to_string),
        year,
    };
    let none = filters(None, None, None, None);
    let cases = [
        ("mikrogranty dla grup nieformalnych", none.clone()),
        ("fundusz sasiedzki", none.clone()),
        ("rada pozytku publicznego", none.clone()),
        ("seniorom", none.clone()),
        ("organizacje pozarządowe seniorzy", none.clone()),
        (
            "program współpracy",
            filters(None, None, Some("consultation"), None),
        ),
        (
            "grupy nieformalne",
            filters(Some(&katowice), None, None, None),
        ),
        (
            "młodzież",
            filters(None, Some("młodzież"), None, Some(2023)),
        ),
        ("", filters(None, None, None, Some(2024))),
        ("i w na się", none.clone()),
        ("xqzzv bleh", none.clone()),
    ];
    let paths = |memory| SearchPaths {
        result_cache: false,
        memory_ranking: memory,
    };
    let page = |p: &store::practices::SearchPage| -> Vec<(String, f64)> {
        p.hits
            .iter()
            .map(|h| (h.practice.id.clone(), h.score))
            .collect()
    };
    let mut compared = 0;
    for (q, f) in &cases {
        for (limit, offset) in [(100, 0), (3, 0), (3, 2)] {
            let mem = search_with(db, q, f, limit, offset, paths(true))
                .await
                .unwrap();
            let sql = search_with(db, q, f, limit, offset, paths(false))
                .await
                .unwrap();
            assert_eq!(mem.total, sql.total, "{q:?}");
            let (a, b) = (page(&mem), page(&sql));
            assert_eq!(a.len(), b.len(), "{q:?}");
            let last = a.last().map(|x| x.1);
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x.1, y.1, "{q:?} {limit}/{offset}: scores");
                // The database's LIMIT cuts a tie at the page's end in no particular order.
                if limit == 100 || Some(x.1) != last {
                    assert_eq!(x.0, y.0, "{q:?} {limit}/{offset}: order");
                }
            }
            compared += a.len();
        }
    }
    assert!(compared > 40, "{compared}");

    // A new publication: the copy in memory is stale and not used.
    let (a, _b, _c, _officer) = library(&app).await;
    let found = search_with(db, "mikrogranty", &none, 100, 0, paths(true))
        .await
        .unwrap();
    assert!(found.hits.iter().any(|h| h.practice.id == a));
    assert_eq!(ranker::warm(db).await.unwrap(), built + 2);
    let again = search_with(db, "mikrogranty", &none, 100, 0, paths(true))
        .await
        .unwrap();
    let sql = search_with(db, "mikrogranty", &none, 100, 0, paths(false))
        .await
        .unwrap();
    assert_eq!(page(&again), page(&sql));
    assert!(again.hits.iter().any(|h| h.practice.id == a));
}
