use std::sync::Arc;

use domain::accounts::{Email, PersonName, Role};
use domain::time::{Clock, FixedClock};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};
use store::Db;

/// A running server and its database.
pub struct TestApp {
    pub addr: String,
    /// The server's clock: starts at the real now; tests move it to cross deadlines.
    pub clock: Arc<FixedClock>,
    pub db: Db,
    pub database_url: String,
    pub client: Client,
    _dir: Option<tempfile::TempDir>,
}

/// A database URL for one test: a new SQLite file, or a new PostgreSQL database.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("WSPOLNIE_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            use store::sea_orm::{ConnectionTrait, Database};
            let name = format!("wsp_test_{}", store::ids::new_id());
            let admin = Database::connect(&admin_url)
                .await
                .expect("connect to PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&admin_url);
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/test.db", dir.path().display());
            (url, Some(dir))
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(false).await
}

/// Starts the app; with `demo` the demo data is loaded first.
pub async fn spawn_app_with(demo: bool) -> TestApp {
    let (database_url, dir) = fresh_database().await;
    let db = Db::connect(&database_url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let fixed = Arc::new(FixedClock::new(jiff::Timestamp::now()));
    let clock: Arc<dyn Clock> = fixed.clone();
    if demo {
        store::demo::load_if_empty(&db, clock.now())
            .await
            .expect("demo data");
    } else {
        seed_municipalities(&db).await;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = format!("http://{}", listener.local_addr().expect("addr"));
    let state = web::state(
        db.clone(),
        clock,
        web::Config {
            secure_cookies: false,
            demo,
        },
    );
    tokio::spawn(web::serve(listener, state, std::future::pending()));
    TestApp {
        addr,
        clock: fixed,
        db,
        database_url,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        _dir: dir,
    }
}

/// Starts the app with its clock set to `now` (statutory clocks); the test moves it on.
pub async fn spawn_app_at(now: jiff::Timestamp) -> (TestApp, Arc<FixedClock>) {
    let app = spawn_app().await;
    app.clock.set(now);
    let clock = app.clock.clone();
    (app, clock)
}

async fn seed_municipalities(db: &Db) {
    let now = jiff::Timestamp::now();
    store::municipalities::create(
        db,
        "piotrkow-trybunalski",
        "Piotrków Trybunalski",
        Some("1062011"),
        now,
    )
    .await
    .expect("municipality");
    store::municipalities::create(db, "katowice", "Katowice", Some("2469011"), now)
        .await
        .expect("municipality");
}

/// A valid NIP built from a 9-digit prefix (the prefix must not give a check digit of 10).
pub fn nip(prefix: &str) -> String {
    let w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
    let sum: u32 = prefix
        .bytes()
        .zip(w)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{prefix}{}", sum % 11)
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    pub async fn post_json(&self, path: &str, body: &Value, token: Option<&str>) -> Response {
        self.send_json(reqwest::Method::POST, path, body, token)
            .await
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
        token: Option<&str>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    /// Registers a resident through the API and logs in; returns `(user id, token)`.
    pub async fn resident(&self, email: &str) -> (String, String) {
        let r = self
            .post_json(
                "/api/v1/accounts",
                &json!({"email": email, "password": "bardzo-tajne-haslo", "name": "Maria Testowa"}),
                None,
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap_or_default()
        );
        let id = r.json::<Value>().await.expect("json")["id"]
            .as_str()
            .expect("id")
            .to_string();
        (id, self.login(email, "bardzo-tajne-haslo").await)
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let r = self
            .post_json(
                "/api/v1/auth/login",
                &json!({"email": email, "password": password}),
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json::<Value>().await.expect("json")["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// Creates a staff account directly in the store and logs in; returns the token.
    pub async fn staff(&self, email: &str, role: Role, municipality: Option<&str>) -> String {
        let now = self.clock.now();
        let hash = store::passwords::hash("haslo-urzednika-123").expect("hash");
        let id = store::accounts::create_user(
            &self.db,
            &Email::parse(email).expect("email"),
            &PersonName::parse("Urzędnik Testowy").expect("name"),
            hash,
            None,
            now,
        )
        .await
        .expect("user");
        let m = match municipality {
            Some(slug) => Some(
                store::municipalities::by_slug(&self.db, slug)
                    .await
                    .expect("lookup")
                    .expect("municipality")
                    .id,
            ),
            None => None,
        };
        store::accounts::grant_role(&self.db, &id, role, m.as_deref(), None, now)
            .await
            .expect("role");
        self.login(email, "haslo-urzednika-123").await
    }

    /// Registers an NGO through the API; returns its id.
    pub async fn ngo(&self, token: &str, name: &str, krs: &str) -> String {
        let r = self
            .post_json(
                "/api/v1/organisations",
                &json!({"kind": "ngo", "name": name, "municipality": "piotrkow-trybunalski", "krs": krs}),
                Some(token),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<Value>().await.expect("json")["id"]
            .as_str()
            .expect("id")
            .to_string()
    }
}

/// The problem document of a response, asserting its content type.
pub async fn problem(r: Response) -> Value {
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        ct.starts_with("application/problem+json"),
        "content type {ct}"
    );
    r.json().await.expect("problem json")
}

/// The field names in a problem's `errors`.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks that a PDF's extracted text (poppler's `pdftotext`) contains every phrase.
pub fn assert_pdf_text(bytes: &[u8], phrases: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = match std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            eprintln!("pdftotext not installed: PDF text not checked");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for p in phrases {
        assert!(text.contains(p), "PDF text lacks {p:?}: {text}");
    }
}
