//! Good-practice extras: attachments checked by their content, similar practices, a
//! municipality's practices, the Atom feed, thematic meetings, and odd searches on the page.

use domain::accounts::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";

fn practice(
    title: &str,
    municipality: &str,
    instrument: &str,
    topics: &[&str],
    summary: &str,
) -> Value {
    json!({"title": title, "municipality": municipality, "summary": summary,
           "body": "Opis działań.", "topics": topics, "instrument": instrument, "year": 2024,
           "contact_name": "Anna Nowak", "contact_email": "anna@gmina.pl"})
}

async fn create(app: &TestApp, token: &str, body: &Value) -> String {
    let r = app.post_json("/api/v1/practices", body, Some(token)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
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
}

/// Moves the clock a minute on, so publication times differ.
fn tick(app: &TestApp) {
    let later = domain::time::Clock::now(app.clock.as_ref()) + jiff::SignedDuration::from_mins(1);
    app.clock.set(later);
}

/// A multipart body with one file in the field `file`: (content type, body).
fn multipart(filename: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "wspolnieTestBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    filename: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let (ct, body) = multipart(filename, bytes);
    let mut req = app
        .client
        .post(app.url(path))
        .header("content-type", ct)
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.expect("request")
}

struct People {
    officer: String,
    other_officer: String,
    metro: String,
    resident: String,
}

async fn people(app: &TestApp) -> People {
    People {
        officer: app
            .staff("urzednik@katowice.pl", Role::Officer, Some("katowice"))
            .await,
        other_officer: app
            .staff(
                "urzednik@piotrkow.pl",
                Role::Officer,
                Some("piotrkow-trybunalski"),
            )
            .await,
        metro: app.staff("metropolia@gzm.pl", Role::Metropolis, None).await,
        resident: app.resident("mieszkaniec@example.pl").await.1,
    }
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_public_only_after_publication() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let mut body = practice(
        "Inkubator grup nieformalnych",
        "katowice",
        "incubator",
        &["grupy nieformalne"],
        "Sale i doradztwo dla grup mieszkańców.",
    );
    body["links"] = json!([{"url": "https://katowice.example/inkubator", "label": "Strona inkubatora"}, "https://katowice.example/regulamin"]);
    let id = create(&app, &p.officer, &body).await;
    let base = format!("/api/v1/practices/{id}/attachments");

    // The name says PDF, the content is HTML: refused.
    let r = upload(
        &app,
        &base,
        Some(&p.officer),
        "raport.pdf",
        b"<html><script>alert(1)</script>",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let pr = problem(r).await;
    assert_eq!(fields(&pr), vec!["file"]);
    assert!(
        pr["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("raport.pdf")
    );
    // An empty file and one over 10 MB are refused too.
    let r = upload(&app, &base, Some(&p.officer), "pusty.pdf", b"").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let r = upload(&app, &base, Some(&p.officer), "duzy.pdf", &big).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let pr = problem(r).await;
    assert!(
        pr["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10 MB"),
        "{pr}"
    );
    // Not multipart at all: a 400 problem, not a server error.
    let r = app
        .post_json(&base, &json!({"file": "x"}), Some(&p.officer))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    problem(r).await;

    // Who may not add.
    assert_eq!(
        upload(&app, &base, None, "a.pdf", PDF).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        upload(&app, &base, Some(&p.resident), "a.pdf", PDF)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        upload(&app, &base, Some(&p.other_officer), "a.pdf", PDF)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // A PNG named .exe is stored as the PNG it is; a PDF keeps its Polish name.
    let r = upload(&app, &base, Some(&p.officer), "zdjęcie.exe", PNG).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let png: Value = r.json().await.unwrap();
    assert_eq!(png["content_type"], "image/png");
    assert_eq!(png["filename"], "zdjęcie.exe.png");
    let r = upload(
        &app,
        &base,
        Some(&p.officer),
        "Sprawozdanie końcowe.pdf",
        PDF,
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let pdf: Value = r.json().await.unwrap();
    let pdf_url = pdf["url"].as_str().unwrap().to_string();
    assert_eq!(pdf_url, format!("{base}/{}", pdf["id"].as_str().unwrap()));
    assert_eq!(pdf["size"], PDF.len());

    // Before publication: the author sees it, nobody else.
    let r = app.get(&pdf_url, Some(&p.officer)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        cd,
        "attachment; filename=\"Sprawozdanie koncowe.pdf\"; filename*=UTF-8''Sprawozdanie%20ko%C5%84cowe.pdf"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        app.get(&pdf_url, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&pdf_url, Some(&p.resident)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/praktyki/{id}/zalaczniki/{}", pdf["id"].as_str().unwrap()),
            None
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );

    publish(&app, &p.metro, &id).await;
    let v: Value = app
        .get(&format!("/api/v1/practices/{id}"), None)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<_> = v["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["filename"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["zdjęcie.exe.png", "Sprawozdanie końcowe.pdf"]);
    assert_eq!(
        v["links"][0],
        json!({"url": "https://katowice.example/inkubator", "label": "Strona inkubatora"})
    );
    assert_eq!(
        v["links"][1],
        json!({"url": "https://katowice.example/regulamin", "label": ""})
    );
    let r = app.get(&pdf_url, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    let r = app
        .get(
            &format!("/praktyki/{id}/zalaczniki/{}", png["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    let page = app
        .get(&format!("/praktyki/{id}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Sprawozdanie końcowe.pdf"), "{page}");
    assert!(page.contains(">Strona inkubatora</a>"));

    // At most ten per practice.
    for i in 0..8 {
        let r = upload(
            &app,
            &base,
            Some(&p.officer),
            &format!("zdjecie-{i}.png"),
            PNG,
        )
        .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = upload(&app, &base, Some(&p.officer), "jedenasty.png", PNG).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    problem(r).await;
    // Removing one makes room; the removed one is gone.
    let r = app
        .client
        .delete(app.url(&pdf_url))
        .bearer_auth(&p.resident)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .client
        .delete(app.url(&pdf_url))
        .bearer_auth(&p.officer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&pdf_url, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        upload(&app, &base, Some(&p.metro), "nowy.pdf", PDF)
            .await
            .status(),
        StatusCode::CREATED
    );

    let actions: Vec<String> = store::audit::for_subject(&app.db, "practice", &id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "practice.attach").count(),
        11
    );
    assert_eq!(
        actions.iter().filter(|a| *a == "practice.detach").count(),
        1
    );
}

#[tokio::test]
async fn similar_practices_share_topics_instrument_and_words() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let a = create(
        &app,
        &p.metro,
        &practice(
            "Mikrogranty dla grup nieformalnych",
            "piotrkow-trybunalski",
            "microgrants",
            &["grupy nieformalne", "Młodzież"],
            "Małe granty dla grup sąsiadów bez osobowości prawnej.",
        ),
    )
    .await;
    let b = create(
        &app,
        &p.metro,
        &practice(
            "Mikrogranty w Katowicach",
            "katowice",
            "microgrants",
            &["Grupy nieformalne"],
            "Grupy nieformalne dostały mikrogranty.",
        ),
    )
    .await;
    let c = create(
        &app,
        &p.metro,
        &practice(
            "Rada seniorów",
            "piotrkow-trybunalski",
            "council",
            &["seniorzy"],
            "Posiedzenia odbywają się co kwartał w ratuszu.",
        ),
    )
    .await;
    let d = create(
        &app,
        &p.metro,
        &practice(
            "Wakacje na podwórku",
            "katowice",
            "other",
            &["młodzież"],
            "Zajęcia latem prowadzone przez animatorów.",
        ),
    )
    .await;
    let unpublished = create(
        &app,
        &p.metro,
        &practice(
            "Mikrogranty dla grup nieformalnych — druga edycja",
            "katowice",
            "microgrants",
            &["grupy nieformalne", "młodzież"],
            "Małe granty dla grup sąsiadów.",
        ),
    )
    .await;
    for id in [&a, &b, &c, &d] {
        publish(&app, &p.metro, id).await;
        tick(&app);
    }
    let r = app
        .get(&format!("/api/v1/practices/{a}/similar"), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let items = v["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    // Itself, the unrelated council and the unpublished one never appear.
    assert_eq!(ids, vec![b.as_str(), d.as_str()]);
    assert!(!ids.contains(&c.as_str()) && !ids.contains(&unpublished.as_str()));
    assert_eq!(items[0]["shared_topics"], json!(["grupy nieformalne"]));
    assert_eq!(items[0]["same_instrument"], true);
    assert!(
        items[0]["shared_terms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().starts_with("mikrogran")),
        "{}",
        items[0]
    );
    assert_eq!(items[1]["shared_topics"], json!(["Młodzież"]));
    assert_eq!(items[1]["same_instrument"], false);
    assert!(items[0]["score"].as_f64().unwrap() > items[1]["score"].as_f64().unwrap());
    // The same answer every time; the limit is honoured and checked.
    let again: Value = app
        .get(&format!("/api/v1/practices/{a}/similar"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, v);
    let one: Value = app
        .get(&format!("/api/v1/practices/{a}/similar?limit=1"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    assert_eq!(one["items"][0]["id"], b.as_str());
    for bad in ["limit=0", "limit=21", "limit=abc", "limit=-1"] {
        let r = app
            .get(&format!("/api/v1/practices/{a}/similar?{bad}"), None)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(fields(&problem(r).await), vec!["limit"]);
    }
    // An unpublished practice: not for the public; its author sees published similar ones.
    assert_eq!(
        app.get(&format!("/api/v1/practices/{unpublished}/similar"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let mine: Value = app
        .get(
            &format!("/api/v1/practices/{unpublished}/similar"),
            Some(&p.metro),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["id"], a.as_str());
    // The practice page shows them.
    let page = app
        .get(&format!("/praktyki/{a}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Podobne praktyki"));
    assert!(page.contains(&format!("href=\"/praktyki/{b}\"")));
    assert!(!page.contains(&format!("href=\"/praktyki/{c}\"")));
    // Publishing the other one changes the library: the next page sees it at once (this
    // process's similarity index is rebuilt under the new search token), first: it shares both
    // topics and the instrument.
    publish(&app, &p.metro, &unpublished).await;
    let after: Value = app
        .get(&format!("/api/v1/practices/{a}/similar"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["items"][0]["id"], unpublished.as_str());
    assert_eq!(
        after["items"][0]["shared_topics"],
        json!(["grupy nieformalne", "Młodzież"])
    );
}

#[tokio::test]
async fn a_municipality_lists_its_published_practices() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let published = create(
        &app,
        &p.officer,
        &practice(
            "Fundusz sąsiedzki w Katowicach",
            "katowice",
            "neighbourhood_fund",
            &[],
            "Mieszkańcy wybierają projekty.",
        ),
    )
    .await;
    publish(&app, &p.metro, &published).await;
    create(
        &app,
        &p.officer,
        &practice(
            "Budżet dla seniorów (w weryfikacji)",
            "katowice",
            "other",
            &[],
            "Jeszcze nie.",
        ),
    )
    .await;
    let elsewhere = create(
        &app,
        &p.other_officer,
        &practice(
            "Mikrozakupy w Gliwicach",
            "piotrkow-trybunalski",
            "micro_purchase",
            &[],
            "Zakupy usług.",
        ),
    )
    .await;
    publish(&app, &p.metro, &elsewhere).await;

    let r = app.get("/katowice/praktyki", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("Fundusz sąsiedzki w Katowicach"));
    assert!(page.contains("Znaleziono 1 praktykę."));
    assert!(!page.contains("Budżet dla seniorów"));
    assert!(!page.contains("Mikrozakupy w Gliwicach"));
    let other = app
        .get("/piotrkow-trybunalski/praktyki", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        other.contains("Mikrozakupy w Gliwicach")
            && !other.contains("Fundusz sąsiedzki w Katowicach")
    );
    // An odd offset shows the first page; an unknown municipality is a 404 page.
    assert_eq!(
        app.get("/katowice/praktyki?offset=abc", None)
            .await
            .status(),
        StatusCode::OK
    );
    let empty_app = spawn_app().await;
    let empty = empty_app
        .get("/katowice/praktyki", None)
        .await
        .text()
        .await
        .unwrap();
    assert!(empty.contains("nie opublikowała jeszcze"));
    assert_eq!(
        app.get("/atlantyda/praktyki", None).await.status(),
        StatusCode::NOT_FOUND
    );
    // The municipality's page links to it.
    let m = app.get("/katowice", None).await.text().await.unwrap();
    assert!(m.contains("href=\"/katowice/praktyki\""));
}

#[tokio::test]
async fn the_atom_feed_parses_and_starts_with_the_newest() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let mut ids = Vec::new();
    for i in 0..51 {
        let title = format!("Praktyka nr {i} <b> & „cudzysłów”");
        let id = create(
            &app,
            &p.officer,
            &practice(
                &title,
                "katowice",
                "other",
                &["R&D"],
                "Streszczenie & <opis>.",
            ),
        )
        .await;
        publish(&app, &p.metro, &id).await;
        tick(&app);
        ids.push(id);
    }
    create(
        &app,
        &p.officer,
        &practice("Nieopublikowana", "katowice", "other", &[], "x"),
    )
    .await;
    let r = app.get("/praktyki/atom.xml", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = r.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    for name in ["id", "title", "updated"] {
        assert!(
            child(feed, name)
                .and_then(|n| n.text())
                .is_some_and(|t| !t.is_empty()),
            "{name}"
        );
    }
    let updated = child(feed, "updated").unwrap().text().unwrap();
    assert!(updated.parse::<jiff::Timestamp>().is_ok(), "{updated}");
    let self_link = feed
        .children()
        .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"))
        .expect("rel=self");
    assert!(
        self_link
            .attribute("href")
            .unwrap()
            .ends_with("/praktyki/atom.xml")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 50);
    let first = entries[0];
    assert_eq!(
        child(first, "title").unwrap().text(),
        Some("Praktyka nr 50 <b> & „cudzysłów”")
    );
    assert!(
        child(first, "id")
            .unwrap()
            .text()
            .unwrap()
            .ends_with(&format!("/praktyki/{}", ids[50]))
    );
    for name in ["updated", "published"] {
        let t = child(first, name).unwrap().text().unwrap();
        assert!(t.parse::<jiff::Timestamp>().is_ok(), "{name} {t}");
    }
    assert_eq!(
        child(first, "summary").unwrap().text(),
        Some("Streszczenie & <opis>.")
    );
    let author = child(first, "author").unwrap();
    assert_eq!(child(author, "name").unwrap().text(), Some("Katowice"));
    let link = child(first, "link").unwrap();
    assert!(
        link.attribute("href")
            .unwrap()
            .ends_with(&format!("/praktyki/{}", ids[50]))
    );
    // The oldest of 51 is left out; unpublished ones never appear.
    assert!(!xml.contains(&ids[0]));
    assert!(!xml.contains("Nieopublikowana"));
    // The search page announces the feed.
    let page = app.get("/praktyki", None).await.text().await.unwrap();
    assert!(
        page.contains("<link rel=\"alternate\" type=\"application/atom+xml\""),
        "{page}"
    );
}

#[tokio::test]
async fn the_feed_of_an_empty_library_is_valid() {
    let app = spawn_app().await;
    let xml = app
        .get("/praktyki/atom.xml", None)
        .await
        .text()
        .await
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert_eq!(
        doc.root_element()
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .count(),
        0
    );
}

/// The first Atom child element called `name`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| {
        c.tag_name().name() == name
            && c.tag_name().namespace() == Some("http://www.w3.org/2005/Atom")
    })
}

fn meeting(title: &str) -> Value {
    json!({"title": title, "starts_at": "2027-03-04T10:00:00+01:00", "place": "Katowice, ul. Barbary 21a",
           "online_url": "https://spotkania.example/jak-nie-dotacje",
           "description": "Gminy pokazują, co zamiast dotacji.",
           "links": [{"url": "https://spotkania.example/prezentacje", "label": "Prezentacje"}]})
}

#[tokio::test]
async fn the_metropolis_records_meetings_and_links_practices() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let a = create(
        &app,
        &p.officer,
        &practice(
            "Fundusz sąsiedzki",
            "katowice",
            "neighbourhood_fund",
            &[],
            "Mieszkańcy wybierają.",
        ),
    )
    .await;
    let b = create(
        &app,
        &p.other_officer,
        &practice(
            "Mikrozakupy usług",
            "piotrkow-trybunalski",
            "micro_purchase",
            &[],
            "Zakupy od NGO.",
        ),
    )
    .await;
    let draft = create(
        &app,
        &p.officer,
        &practice("Jeszcze w weryfikacji", "katowice", "other", &[], "x"),
    )
    .await;
    publish(&app, &p.metro, &a).await;
    publish(&app, &p.metro, &b).await;

    // Only the metropolis (and admins) record meetings.
    let body = meeting("Jak nie dotacje, to co?");
    assert_eq!(
        app.post_json("/api/v1/meetings", &body, None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_json("/api/v1/meetings", &body, Some(&p.officer))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_json("/api/v1/meetings", &body, Some(&p.resident))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = app
        .post_json(
            "/api/v1/meetings",
            &json!({"starts_at": "jutro"}),
            Some(&p.metro),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&problem(r).await),
        vec!["title", "starts_at", "place"]
    );

    let r = app
        .post_json("/api/v1/meetings", &body, Some(&p.metro))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let m: Value = r.json().await.unwrap();
    assert_eq!(m["status"], "draft");
    assert_eq!(m["starts_at"], "2027-03-04T10:00:00+01:00");
    assert_eq!(m["links"][0]["label"], "Prezentacje");
    let id = m["id"].as_str().unwrap().to_string();
    let url = format!("/api/v1/meetings/{id}");

    // A draft is the metropolis's only.
    assert_eq!(app.get(&url, None).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&url, Some(&p.officer)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&url, Some(&p.metro)).await.status(), StatusCode::OK);
    let public: Value = app
        .get("/api/v1/meetings", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public, json!([]));
    let all: Value = app
        .get("/api/v1/meetings", Some(&p.metro))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all[0]["id"], id.as_str());
    assert_eq!(
        app.get(&format!("/spotkania/{id}"), None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/meetings?limit=0", None).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Linking practices: published ones only, in the given order.
    let r = app
        .send_json(
            reqwest::Method::PUT,
            &format!("{url}/practices"),
            &json!({"practice_ids": [a, draft]}),
            Some(&p.metro),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["practice_ids[1]"]);
    let r = app
        .send_json(
            reqwest::Method::PUT,
            &format!("{url}/practices"),
            &json!({"practice_ids": [b, a, b]}),
            Some(&p.metro),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let linked: Vec<_> = v["practices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(linked, vec![b.as_str(), a.as_str()]);
    let r = app
        .send_json(
            reqwest::Method::PUT,
            &format!("{url}/practices"),
            &json!({"practice_ids": [a]}),
            Some(&p.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Changing and publishing.
    let mut changed = meeting("Jak nie dotacje, to co? Mikrozakupy i fundusze");
    changed["place"] = json!("");
    let r = app
        .send_json(reqwest::Method::PATCH, &url, &changed, Some(&p.metro))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["place"], "");
    let r = app
        .post_json(&format!("{url}/publish"), &json!({}), Some(&p.officer))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .post_json(&format!("{url}/publish"), &json!({}), Some(&p.metro))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "published");
    assert_eq!(v["published_by"], "Urzędnik Testowy");
    let r = app
        .post_json(&format!("{url}/publish"), &json!({}), Some(&p.metro))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Published: visible, but still not the officers' to change.
    let r = app
        .send_json(reqwest::Method::PATCH, &url, &changed, Some(&p.officer))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Materials as attachments.
    let r = upload(
        &app,
        &format!("{url}/attachments"),
        Some(&p.officer),
        "slajdy.pdf",
        PDF,
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = upload(
        &app,
        &format!("{url}/attachments"),
        Some(&p.metro),
        "slajdy.txt",
        b"hello",
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = upload(
        &app,
        &format!("{url}/attachments"),
        Some(&p.metro),
        "Slajdy ze spotkania.pdf",
        PDF,
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let att: Value = r.json().await.unwrap();
    let r = app.get(att["url"].as_str().unwrap(), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");

    // Anyone reads it; the practice knows where it was presented.
    let v: Value = app.get(&url, None).await.json().await.unwrap();
    assert_eq!(v["title"], "Jak nie dotacje, to co? Mikrozakupy i fundusze");
    assert_eq!(v["attachments"][0]["filename"], "Slajdy ze spotkania.pdf");
    assert_eq!(v["practices"][0]["municipality"], "piotrkow-trybunalski");
    assert_eq!(v["practices"][1]["municipality_name"], "Katowice");
    let pr: Value = app
        .get(&format!("/api/v1/practices/{a}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pr["meetings"][0]["id"], id.as_str());
    let page = app
        .get(&format!("/praktyki/{a}"), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Prezentowana na spotkaniach"));
    assert!(page.contains(&format!("href=\"/spotkania/{id}\"")));
    let list = app.get("/spotkania", None).await.text().await.unwrap();
    assert!(list.contains("Jak nie dotacje, to co? Mikrozakupy i fundusze"));
    let r = app.get(&format!("/spotkania/{id}"), None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("Fundusz sąsiedzki") && page.contains("Mikrozakupy usług"));
    assert!(page.contains("Slajdy ze spotkania.pdf"));
    assert!(page.contains("Metryczka"));

    let actions: Vec<String> = store::audit::for_subject(&app.db, "meeting", &id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        vec![
            "meeting.create",
            "meeting.practices",
            "meeting.update",
            "meeting.publish",
            "meeting.attach"
        ]
    );
}

#[tokio::test]
async fn odd_searches_get_a_page_not_an_error() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let id = create(
        &app,
        &p.officer,
        &practice(
            "Mikrogranty dla młodzieży",
            "katowice",
            "microgrants",
            &[],
            "Granty.",
        ),
    )
    .await;
    publish(&app, &p.metro, &id).await;
    // One 10 000-character "word" is noise and is ignored (newest first); 10 000 characters of
    // unknown words find nothing.
    let long = "a".repeat(10_000);
    let long_words = "xqzzv%20".repeat(10_000 / 6);
    let cases = [
        ("", "Znaleziono 1 praktykę."),
        ("xqzzvbleh", "Znaleziono 0 praktyk."),
        ("i%20w%20na%20si%C4%99%20oraz", "Znaleziono 1 praktykę."),
        ("%22%20OR%20*%20NEAR(", "Znaleziono 0 praktyk."),
        (long.as_str(), "Znaleziono 1 praktykę."),
        (long_words.as_str(), "Znaleziono 0 praktyk."),
    ];
    for (q, expected) in cases {
        let r = app.get(&format!("/praktyki?q={q}"), None).await;
        assert_eq!(r.status(), StatusCode::OK, "{}", &q[..q.len().min(20)]);
        let page = r.text().await.unwrap();
        assert!(
            page.contains(expected),
            "{}: {expected}",
            &q[..q.len().min(20)]
        );
    }
    // 10 000 characters of real words through the API: cut, still found, quickly.
    let words = "mikrogranty%20".repeat(10_000 / 12);
    let started = std::time::Instant::now();
    let r = app
        .get(&format!("/api/v1/practices/search?q={words}"), None)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap()["total"], 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    // Bad filters on the page are shown as errors on a normal page.
    let r = app.get("/praktyki?year=dwa&instrument=loteria", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Popraw błędy w formularzu")
    );
}

/// A cookie-keeping client that does not follow redirects, like a browser without JavaScript.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn csrf(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").expect("a CSRF field") + 20;
    html[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn the_form_saves_as_you_go_and_takes_attachments() {
    let app = spawn_app().await;
    let p = people(&app).await;
    let c = browser();
    let html = c
        .get(app.url("/logowanie"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(app.url("/logowanie"))
        .form(&[
            ("_csrf", csrf(&html).as_str()),
            ("email", "urzednik@katowice.pl"),
            ("password", "haslo-urzednika-123"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let html = c
        .get(app.url("/praktyki/nowa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-autosave"));
    let token = csrf(&html);
    let save = |title: &'static str| {
        vec![
            ("_csrf", token.clone()),
            ("title", title.to_string()),
            ("municipality", "katowice".to_string()),
            ("action", "save".to_string()),
        ]
    };
    // A background save of a title too short to keep: refused quietly, nothing stored.
    let r = c
        .post(app.url("/praktyki/nowa"))
        .form(&save("Sz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = c
        .post(app.url("/praktyki/nowa"))
        .form(&save("Szkic w trakcie"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let next = r.headers()["x-autosave-action"]
        .to_str()
        .unwrap()
        .to_string();
    let id = next
        .strip_prefix("/praktyki/")
        .and_then(|s| s.strip_suffix("/edycja"))
        .expect("edit address")
        .to_string();
    // The next saves change the same draft.
    let r = c
        .post(app.url(&next))
        .form(&save("Szkic w trakcie pisania"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let drafts = store::practices::of_municipalities(
        &app.db,
        &[store::municipalities::by_slug(&app.db, "katowice")
            .await
            .unwrap()
            .unwrap()
            .id],
    )
    .await
    .unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].title, "Szkic w trakcie pisania");
    assert_eq!(drafts[0].status, "draft");

    // Attachments on the edit form: multipart with the CSRF token in the address.
    let edit = c
        .get(app.url(&next))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(edit.contains("data-autosave") && edit.contains("Dodaj załącznik"));
    let (ct, body) = multipart("notatka.pdf", b"just text");
    let r = c
        .post(app.url(&format!("/praktyki/{id}/zalaczniki")))
        .header("content-type", ct.clone())
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF token");
    let r = c
        .post(app.url(&format!("/praktyki/{id}/zalaczniki?_csrf={token}")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("<title>Błąd:"), "{page}");
    assert!(page.contains("href=\"#f-file\""));
    assert!(page.contains("notatka.pdf"));
    let (ct, body) = multipart("Protokół.pdf", PDF);
    let r = c
        .post(app.url(&format!("/praktyki/{id}/zalaczniki?_csrf={token}")))
        .header("content-type", ct)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let edit = c
        .get(app.url(&next))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(edit.contains("Protokół.pdf"));
    // The author downloads it; nobody else before publication.
    let href_at = edit.find(&format!("/praktyki/{id}/zalaczniki/")).unwrap();
    let href: String = edit[href_at..].split('"').next().unwrap().to_string();
    let r = c.get(app.url(&href)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(app.get(&href, None).await.status(), StatusCode::NOT_FOUND);

    // Submitted for review: changes are deliberate, no more saving as you go.
    let mut full = practice(
        "Szkic w trakcie pisania",
        "katowice",
        "other",
        &[],
        "Streszczenie.",
    );
    full["draft"] = json!(false);
    let r = app
        .send_json(
            reqwest::Method::PATCH,
            &format!("/api/v1/practices/{id}"),
            &full,
            Some(&p.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let edit = c
        .get(app.url(&next))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!edit.contains("data-autosave"));
}
