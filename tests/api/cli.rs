//! The administrator's commands against the same database as a running server.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::json;
use store::sea_orm::ConnectionTrait;

use crate::helpers::{fresh_database, spawn_app};

fn wspolnie(database_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wspolnie"))
        .arg("--database-url")
        .arg(database_url)
        .args(args)
        .env("WSPOLNIE_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wspolnie");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

#[tokio::test]
async fn user_add_reads_the_password_from_stdin_and_grants_the_role() {
    let app = spawn_app().await;
    let out = wspolnie(
        &app.database_url,
        &[
            "user",
            "add",
            "--email",
            "Nowa.Urzedniczka@Piotrkow.pl",
            "--name",
            "Nowa Urzędniczka",
            "--role",
            "officer",
            "--municipality",
            "piotrkow-trybunalski",
        ],
        Some("haslo-z-wejscia-123\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = app
        .login("nowa.urzedniczka@piotrkow.pl", "haslo-z-wejscia-123")
        .await;
    let me: serde_json::Value = app
        .get("/api/v1/me", Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["roles"],
        json!([{"role": "officer", "municipality": "piotrkow-trybunalski"}])
    );

    let bad = wspolnie(
        &app.database_url,
        &[
            "user", "add", "--email", "x@y.pl", "--name", "X", "--role", "officer",
        ],
        Some("haslo-z-wejscia-123"),
    );
    assert!(!bad.status.success(), "an officer needs a municipality");
    let short = wspolnie(
        &app.database_url,
        &[
            "user", "add", "--email", "x@y.pl", "--name", "X", "--role", "admin",
        ],
        Some("krotkie"),
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("12"));
}

#[tokio::test]
async fn backup_while_serving_then_restore_into_an_empty_database() {
    let app = spawn_app().await;
    let (_, token) = app.resident("kopia@example.pl").await;
    let ngo = app.ngo(&token, "Fundacja Kopii", "0000321321").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kopia.jsonl");
    let out = wspolnie(&app.database_url, &["backup", file.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (target, _keep) = fresh_database().await;
    let out = wspolnie(&target, &["restore", file.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = store::Db::connect(&target).await.unwrap();
    let view = store::organisations::get(&restored, &ngo)
        .await
        .unwrap()
        .expect("restored organisation");
    assert_eq!(view.organisation.name, "Fundacja Kopii");
    assert!(
        store::accounts::find_login(&restored, "kopia@example.pl")
            .await
            .unwrap()
            .is_some()
    );
    assert!(matches!(
        store::audit::verify(&restored).await.unwrap(),
        store::audit::Verification::Intact { .. }
    ));
    let verify = wspolnie(&target, &["audit", "verify"], None);
    assert!(verify.status.success());
}

#[tokio::test]
async fn audit_verify_detects_a_changed_and_a_deleted_entry() {
    let app = spawn_app().await;
    let (_, token) = app.resident("slad@example.pl").await;
    app.ngo(&token, "Ślad", "0000777666").await;
    let ok = wspolnie(&app.database_url, &["audit", "verify"], None);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact"));

    app.db
        .read()
        .execute_unprepared("UPDATE audit_log SET details = '{\"name\":\"podmieniona\"}' WHERE action = 'organisation.create'")
        .await
        .unwrap();
    let tampered = wspolnie(&app.database_url, &["audit", "verify"], None);
    assert!(!tampered.status.success());
    assert!(String::from_utf8_lossy(&tampered.stderr).contains("changed"));

    let app = spawn_app().await;
    let (_, token) = app.resident("slad2@example.pl").await;
    app.ngo(&token, "Ślad 2", "0000777665").await;
    app.db
        .read()
        .execute_unprepared("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
        .await
        .unwrap();
    let deleted = wspolnie(&app.database_url, &["audit", "verify"], None);
    assert!(
        !deleted.status.success(),
        "deleting the newest entry is detected"
    );
    let app = spawn_app().await;
    app.resident("slad3@example.pl").await;
    app.resident("slad4@example.pl").await;
    app.db
        .read()
        .execute_unprepared("DELETE FROM audit_log WHERE seq = 2")
        .await
        .unwrap();
    let gap = wspolnie(&app.database_url, &["audit", "verify"], None);
    assert!(!gap.status.success(), "a gap is detected");
    assert_eq!(app.get("/healthz", None).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn serve_demo_starts_on_an_empty_database() {
    let (url, _keep) = fresh_database().await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_wspolnie"))
        .args([
            "serve",
            "--demo",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            &url,
        ])
        .env("WSPOLNIE_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..600 {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            && r.status() == StatusCode::OK
        {
            ready = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let list: serde_json::Value = client
        .get(format!("http://127.0.0.1:{port}/api/v1/municipalities"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().ok();
    let out = child.wait_with_output().unwrap();
    assert!(ready);
    assert_eq!(list.as_array().unwrap().len(), 5);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("urzednik@piotrkow.demo") && printed.contains(store::demo::DEMO_PASSWORD),
        "{printed}"
    );
}
