//! Crash safety at a deadline: the real binary is killed with SIGKILL in the middle of a surge of
//! submissions, started again on the same database, and every submission that got a receipt
//! (HTTP 200 with a confirmation number) before the kill must be there, unchanged, with its
//! audit entry and confirmation e-mail, and the audit chain must verify.
//!
//! On SQLite (the default) this is the durability of `synchronous=FULL` with receipts sent only
//! after the group commit. With `WSPOLNIE_TEST_DATABASE_URL` set it runs the same against a fresh
//! PostgreSQL database: then only the server process dies (the database server keeps running),
//! which still proves no receipt is sent before its transaction commits.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::accounts::{Email, PersonName, Role};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use store::Db;

const P: &str = "piotrkow-trybunalski";
const DRAFTS: usize = 300;
const CLIENTS: usize = 32;
/// Receipts to collect before the kill.
const KILL_AFTER: usize = 100;
const RESIDENTS: usize = 4;
const PASSWORD: &str = "bardzo-tajne-haslo";
const OFFICER_PASSWORD: &str = "haslo-urzednika-123";

/// A `wspolnie serve` child process; SIGKILLed when dropped (so a failing test leaves none).
struct Server {
    /// Shared so that a client task can SIGKILL it mid-surge; `None` once killed.
    child: Arc<Mutex<Option<Child>>>,
    base: String,
    log: PathBuf,
}

impl Server {
    fn start(database_url: &str, log: &Path) -> Server {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("server log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_wspolnie"))
            .args([
                "--database-url",
                database_url,
                "serve",
                "--addr",
                "127.0.0.1:0",
            ])
            .env_remove("DATABASE_URL")
            .env_remove("WSPOLNIE_ADDR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .expect("start the server");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the listening address, then keeps draining stdout so the server never blocks.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line.split("listening on ").nth(1)
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(b) => b,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the server did not start; log:\n{}",
                    std::fs::read_to_string(log).unwrap_or_default()
                );
            }
        };
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "loopback only: {base}"
        );
        Server {
            child: Arc::new(Mutex::new(Some(child))),
            base,
            log: log.to_path_buf(),
        }
    }

    /// Polls `/readyz` until 200 (no fixed sleeps), failing if the process exits.
    async fn wait_ready(&mut self, client: &Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let exited = match self.child.lock().expect("lock").as_mut() {
                Some(c) => c.try_wait().expect("try_wait"),
                None => panic!("the server was killed"),
            };
            if let Some(status) = exited {
                panic!(
                    "the server exited ({status}); log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if let Ok(r) = client.get(format!("{}/readyz", self.base)).send().await
                && r.status() == StatusCode::OK
            {
                return;
            }
            assert!(Instant::now() < deadline, "server not ready after 30 s");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// SIGKILLs the server (std's `Child::kill` is SIGKILL on Unix) and reaps it; false if it was
/// already gone.
fn sigkill(child: &Mutex<Option<Child>>) -> bool {
    let Some(mut c) = child.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return false;
    };
    let _ = c.kill();
    let _ = c.wait();
    true
}

impl Drop for Server {
    fn drop(&mut self) {
        sigkill(&self.child);
    }
}

/// A fresh database: a SQLite file in `dir`, or a new PostgreSQL database.
async fn fresh_database(dir: &Path) -> String {
    match std::env::var("WSPOLNIE_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            use store::sea_orm::{ConnectionTrait, Database};
            let name = format!("wsp_crash_{}", store::ids::new_id());
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
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}/crash.db", dir.display()),
    }
}

async fn post(client: &Client, base: &str, path: &str, body: Value, token: Option<&str>) -> Value {
    let mut req = client.post(format!("{base}/api/v1{path}")).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.expect("request");
    let status = r.status();
    let text = r.text().await.expect("body");
    assert!(status.is_success(), "POST {path}: {status}: {text}");
    serde_json::from_str(&text).expect("json")
}

async fn login(client: &Client, base: &str, email: &str, password: &str) -> String {
    post(
        client,
        base,
        "/auth/login",
        json!({"email": email, "password": password}),
        None,
    )
    .await["token"]
        .as_str()
        .expect("token")
        .to_string()
}

/// A receipt as the applicant got it.
#[derive(Debug)]
struct Receipt {
    application_id: String,
    who: usize,
    confirmation_number: String,
    submitted_at: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_receipt_survives_a_sigkill_in_the_middle_of_a_surge() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("server.log");
    let url = fresh_database(dir.path()).await;
    let backend = if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };

    // The municipality and its officer, straight in the store, before the server starts.
    {
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let now = jiff::Timestamp::now();
        let m = store::municipalities::create(&db, P, "Piotrków Trybunalski", Some("1062011"), now)
            .await
            .expect("municipality");
        let hash = store::passwords::hash(OFFICER_PASSWORD).expect("hash");
        let officer = store::accounts::create_user(
            &db,
            &Email::parse("urzednik@crash.test").expect("email"),
            &PersonName::parse("Urzędnik Testowy").expect("name"),
            hash,
            None,
            now,
        )
        .await
        .expect("officer");
        store::accounts::grant_role(&db, &officer, Role::Officer, Some(&m), None, now)
            .await
            .expect("role");
        db.close().await;
    }

    let client = Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut server = Server::start(&url, &log);
    server.wait_ready(&client).await;
    let base = server.base.clone();

    // A published call and DRAFTS complete drafts, each from its own NGO.
    let officer = login(&client, &base, "urzednik@crash.test", OFFICER_PASSWORD).await;
    let programme = post(&client, &base, &format!("/municipalities/{P}/programmes"),
        json!({"name": "Mikrogranty 2027", "kind": "microgrants", "year": 2027, "budget": "100000.00"}), Some(&officer)).await;
    let now = jiff::Timestamp::now();
    let call = post(&client, &base, &format!("/programmes/{}/calls", programme["id"].as_str().expect("id")),
        json!({"title": "Runda wiosenna", "rules": "Regulamin naboru",
               "opens_at": domain::time::to_rfc3339_warsaw(now - jiff::SignedDuration::from_hours(1)),
               "closes_at": domain::time::to_rfc3339_warsaw(now + jiff::SignedDuration::from_hours(24)),
               "min_grant": "500.00", "max_grant": "5000.00", "budget": "100000.00",
               "applicant_kinds": ["ngo"], "criteria": [{"name": "Potrzeba lokalna", "max_points": 10}],
               "min_evaluators": 1, "min_average_percent": 50}), Some(&officer)).await;
    let call = call["id"].as_str().expect("call id").to_string();
    post(
        &client,
        &base,
        &format!("/calls/{call}/publish"),
        json!({}),
        Some(&officer),
    )
    .await;
    let mut tokens = Vec::new();
    for i in 0..RESIDENTS {
        let email = format!("wnioskodawca{i}@crash.test");
        post(
            &client,
            &base,
            "/accounts",
            json!({"email": email, "password": PASSWORD, "name": format!("Anna Wnioskująca {i}")}),
            None,
        )
        .await;
        tokens.push(login(&client, &base, &email, PASSWORD).await);
    }
    let tokens = Arc::new(tokens);
    let next = Arc::new(AtomicUsize::new(0));
    let mut setup = Vec::new();
    for _ in 0..8 {
        let (client, base, call, tokens, next) = (
            client.clone(),
            base.clone(),
            call.clone(),
            tokens.clone(),
            next.clone(),
        );
        setup.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= DRAFTS {
                    return out;
                }
                let who = i % RESIDENTS;
                let org = post(&client, &base, "/organisations",
                    json!({"kind": "ngo", "name": format!("Stowarzyszenie nr {i}"), "municipality": P,
                           "krs": format!("{:010}", 1_000_000 + i)}), Some(&tokens[who])).await;
                let app = post(&client, &base, &format!("/calls/{call}/applications"),
                    json!({"organisation_id": org["id"], "title": format!("Sąsiedzi razem {i}"), "summary": "Warsztaty",
                           "start_date": "2027-05-01", "end_date": "2027-06-30",
                           "requested_amount": "1000.00", "budget_lines": [{"name": "Całość", "amount": "1000.00"}],
                           "own_contribution": {"money": "100.00", "in_kind": "0", "volunteer_hours": 40},
                           "bank_account": "PL61109010140000071219812874"}), Some(&tokens[who])).await;
                out.push((who, app["id"].as_str().expect("application id").to_string()));
            }
        }));
    }
    let mut drafts = Vec::with_capacity(DRAFTS);
    for t in setup {
        drafts.extend(t.await.expect("setup task"));
    }
    assert_eq!(drafts.len(), DRAFTS);
    let drafts = Arc::new(drafts);
    let prepared = started.elapsed();

    // The surge: CLIENTS concurrent applicants; the task that gets receipt number KILL_AFTER
    // SIGKILLs the server while the others are in flight.
    let receipts = Arc::new(Mutex::new(Vec::<Receipt>::new()));
    let next = Arc::new(AtomicUsize::new(0));
    let mut surge = Vec::new();
    for _ in 0..CLIENTS {
        let (client, base, tokens, drafts, next, receipts, child) = (
            client.clone(),
            base.clone(),
            tokens.clone(),
            drafts.clone(),
            next.clone(),
            receipts.clone(),
            server.child.clone(),
        );
        surge.push(tokio::spawn(async move {
            let mut failures = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= drafts.len() {
                    return failures;
                }
                let (who, id) = &drafts[i];
                let r = client
                    .post(format!("{base}/api/v1/applications/{id}/submit"))
                    .bearer_auth(&tokens[*who])
                    .json(&json!({}))
                    .send()
                    .await;
                // Only a 200 whose body arrived whole counts as a receipt.
                let body = match r {
                    Ok(r) if r.status() == StatusCode::OK => r.json::<Value>().await.ok(),
                    Ok(r) => panic!("submit answered {} before the kill", r.status()),
                    Err(_) => None,
                };
                let Some(v) = body else {
                    failures += 1;
                    continue;
                };
                assert_eq!(v["status"], "submitted", "{v}");
                let receipt = Receipt {
                    application_id: id.clone(),
                    who: *who,
                    confirmation_number: v["confirmation_number"]
                        .as_str()
                        .expect("number")
                        .to_string(),
                    submitted_at: v["submitted_at"].as_str().expect("time").to_string(),
                };
                let count = {
                    let mut all = receipts.lock().expect("lock");
                    all.push(receipt);
                    all.len()
                };
                if count == KILL_AFTER {
                    assert!(sigkill(&child), "killed once");
                }
            }
        }));
    }
    let mut failed = 0;
    for t in surge {
        failed += t.await.expect("surge task");
    }
    // Every request was answered (a receipt) or failed (the kill); the kill happened.
    assert!(
        server.child.lock().expect("lock").is_none(),
        "the server was not killed"
    );
    drop(server);
    let receipts = std::mem::take(&mut *receipts.lock().expect("lock"));
    assert_eq!(receipts.len() + failed, DRAFTS);
    assert!(receipts.len() >= KILL_AFTER);
    assert!(
        receipts.len() < DRAFTS,
        "every submission got a receipt: the kill did not land in the middle of the surge"
    );
    let surge_done = started.elapsed();

    // Restart on the same database and check every receipt through the API.
    let mut server = Server::start(&url, &log);
    server.wait_ready(&client).await;
    let base = server.base.clone();
    for r in &receipts {
        let res = client
            .get(format!("{base}/api/v1/applications/{}", r.application_id))
            .bearer_auth(&tokens[r.who])
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), StatusCode::OK);
        let v: Value = res.json().await.expect("json");
        assert_eq!(v["status"], "submitted", "{r:?} after restart: {v}");
        assert_eq!(
            v["confirmation_number"],
            r.confirmation_number.as_str(),
            "{r:?}"
        );
        assert_eq!(v["submitted_at"], r.submitted_at.as_str(), "{r:?}");
    }

    // And in the store: the rows, the audit entries, the e-mails, the chain.
    let db = Db::connect(&url).await.expect("connect");
    let mut submitted_numbers = std::collections::HashSet::new();
    let mut committed = std::collections::HashMap::new();
    for (_, id) in drafts.iter() {
        let v = store::grants::application_view(db.read(), id)
            .await
            .expect("read")
            .expect("application exists");
        if v.application.status == "submitted" {
            let n = v.application.confirmation_number.clone().expect("number");
            assert!(
                submitted_numbers.insert(n.clone()),
                "confirmation numbers are unique"
            );
            committed.insert(id.clone(), n);
        }
    }
    for r in &receipts {
        assert!(
            submitted_numbers.contains(&r.confirmation_number),
            "{r:?} is not in the database"
        );
        let a = store::grants::application_view(db.read(), &r.application_id)
            .await
            .expect("read")
            .expect("application");
        let at = domain::time::from_micros(a.application.submitted_at.expect("submitted_at"));
        assert_eq!(domain::time::to_rfc3339_warsaw(at), r.submitted_at, "{r:?}");
    }
    // Every submitted application (receipted or committed just before the kill) is whole:
    // its audit entry and its confirmation e-mail were committed with it.
    let entries = audit_submissions(&db).await;
    assert_eq!(
        entries,
        submitted_numbers.len(),
        "one audit entry per submitted application"
    );
    let mut mails = 0;
    for i in 0..RESIDENTS {
        mails += store::outbox::mailbox(&db, &format!("wnioskodawca{i}@crash.test"))
            .await
            .expect("mailbox")
            .iter()
            .filter(|m| {
                submitted_numbers
                    .iter()
                    .any(|n| m.subject.ends_with(n.as_str()))
            })
            .count();
    }
    assert_eq!(
        mails,
        submitted_numbers.len(),
        "one confirmation e-mail per submitted application"
    );
    match store::audit::verify(&db).await.expect("verify") {
        store::audit::Verification::Intact { .. } => {}
        broken => panic!("audit log broken after the crash: {broken:?}"),
    }

    // The server works after the crash: the rest can be submitted, receipts repeat unchanged.
    for r in receipts.iter().take(5) {
        let v = post(
            &client,
            &base,
            &format!("/applications/{}/submit", r.application_id),
            json!({}),
            Some(&tokens[r.who]),
        )
        .await;
        assert_eq!(v["confirmation_number"], r.confirmation_number.as_str());
        assert_eq!(v["submitted_at"], r.submitted_at.as_str());
    }
    let received: std::collections::HashSet<&str> =
        receipts.iter().map(|r| r.application_id.as_str()).collect();
    if let Some((who, id)) = drafts
        .iter()
        .find(|(_, id)| !received.contains(id.as_str()))
    {
        let v = post(
            &client,
            &base,
            &format!("/applications/{id}/submit"),
            json!({}),
            Some(&tokens[*who]),
        )
        .await;
        assert_eq!(v["status"], "submitted");
        let number = v["confirmation_number"].as_str().expect("number");
        match committed.get(id) {
            // Committed just before the kill, its receipt lost on the way: the same number.
            Some(n) => assert_eq!(number, n),
            None => assert!(!submitted_numbers.contains(number), "a fresh number"),
        }
    }
    db.close().await;
    drop(server);
    println!(
        "{backend}: {} receipts before SIGKILL, {failed} submissions cut off, {} committed in all; \
         drafts ready at {:.1}s, surge and kill at {:.1}s, checked at {:.1}s",
        receipts.len(),
        submitted_numbers.len(),
        prepared.as_secs_f64(),
        surge_done.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "bounded in time"
    );
}

/// How many `application.submit` entries the audit log holds.
async fn audit_submissions(db: &Db) -> usize {
    use store::sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    store::entities::audit_entry::Entity::find()
        .filter(store::entities::audit_entry::Column::Action.eq("application.submit"))
        .count(db.read())
        .await
        .expect("count") as usize
}
