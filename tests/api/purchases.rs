//! Micro-purchases of social services: the catalogue, the 130 000,00 zł net threshold (also under
//! concurrent requests), acceptance by results, payment, the public list, the summary, exports.

use domain::accounts::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, fields, problem, spawn_app};

const PIOTRKOW: &str = "piotrkow-trybunalski";

/// An officer of Piotrków, a kind of service, and an NGO (with its representative's token).
struct Setup {
    app: TestApp,
    officer: String,
    kind_id: String,
    supplier_token: String,
    supplier_id: String,
}

async fn setup() -> Setup {
    let app = spawn_app().await;
    let officer = app
        .staff("bal@piotrkow.example", Role::Officer, Some(PIOTRKOW))
        .await;
    let r = app
        .post_json(
            "/api/v1/purchases/kinds",
            &json!({"municipality": PIOTRKOW, "code": "ws-sen", "name": "Warsztaty dla seniorów"}),
            Some(&officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let kind: Value = r.json().await.unwrap();
    assert_eq!(kind["code"], "WS-SEN");
    let (_, supplier_token) = app.resident("prezes@fundacja.example").await;
    let supplier_id = app
        .ngo(&supplier_token, "Fundacja Srebrny Wiek", "0000111222")
        .await;
    Setup {
        app,
        officer,
        kind_id: kind["id"].as_str().unwrap().to_string(),
        supplier_token,
        supplier_id,
    }
}

fn purchase_body(s: &Setup, net: &str) -> Value {
    json!({
        "municipality": PIOTRKOW,
        "buying_unit": "Miejski Ośrodek Pomocy Społecznej",
        "kind_id": s.kind_id,
        "supplier_id": s.supplier_id,
        "supplier_activity": "paid_statutory",
        "net": net,
        "gross": net,
        "ordered_on": "2026-03-02",
        "start_date": "2026-03-09",
        "end_date": "2026-06-30",
        "outcomes": ["20 warsztatów po 15 uczestników", "raport z ankiet uczestników"],
    })
}

async fn buy(s: &Setup, body: &Value) -> reqwest::Response {
    s.app
        .post_json("/api/v1/purchases", body, Some(&s.officer))
        .await
}

async fn bought(s: &Setup, net: &str) -> Value {
    let r = buy(s, &purchase_body(s, net)).await;
    assert_eq!(r.status(), StatusCode::CREATED, "net {net}");
    r.json().await.unwrap()
}

async fn audit_actions(app: &TestApp, subject: &str) -> Vec<(String, Value)> {
    store::audit::for_subject(&app.db, "purchase", subject)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, serde_json::from_str(&e.details).unwrap()))
        .collect()
}

#[tokio::test]
async fn officers_keep_a_catalogue_of_kinds_that_anyone_can_read() {
    let s = setup().await;
    let r = s
        .app
        .post_json(
            "/api/v1/purchases/kinds",
            &json!({"municipality": PIOTRKOW, "code": "WS-SEN", "name": "Inne"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "codes are unique, case-insensitively"
    );
    let r = s
        .app
        .post_json(
            "/api/v1/purchases/kinds",
            &json!({"municipality": PIOTRKOW, "code": "zły kod!", "name": ""}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["code", "name"]);
    let r = s
        .app
        .post_json(
            "/api/v1/purchases/kinds",
            &json!({"municipality": PIOTRKOW, "code": "AN", "name": "Animacja sąsiedzka"}),
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a resident");
    let katowice = s
        .app
        .staff("urzednik@katowice.example", Role::Officer, Some("katowice"))
        .await;
    let r = s
        .app
        .post_json(
            "/api/v1/purchases/kinds",
            &json!({"municipality": PIOTRKOW, "code": "AN", "name": "Animacja"}),
            Some(&katowice),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "another municipality's officer"
    );

    let r = s
        .app
        .client
        .patch(s.app.url(&format!("/api/v1/purchases/kinds/{}", s.kind_id)))
        .bearer_auth(&s.officer)
        .json(&json!({"name": "Warsztaty dla seniorów 60+", "active": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let list: Value = s
        .app
        .get(
            "/api/v1/purchases/kinds?municipality=piotrkow-trybunalski",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["name"], "Warsztaty dla seniorów 60+");
    assert_eq!(list[0]["active"], false);
    // An inactive kind cannot be chosen.
    let r = buy(&s, &purchase_body(&s, "1000.00")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["kind_id"]);
    let audit = store::audit::for_subject(&s.app.db, "purchase_kind", &s.kind_id)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["purchase_kind.create", "purchase_kind.update"]);
}

#[tokio::test]
async fn a_purchase_records_the_declaration_outcomes_and_the_running_yearly_sum() {
    let s = setup().await;
    let p = bought(&s, "5000.00").await;
    assert_eq!(p["status"], "ordered");
    assert_eq!(p["supplier"]["name"], "Fundacja Srebrny Wiek");
    assert_eq!(p["supplier_activity"], "paid_statutory");
    assert_eq!(p["kind"]["code"], "WS-SEN");
    assert_eq!(p["outcomes"][0], "20 warsztatów po 15 uczestników");
    assert_eq!(p["threshold"]["financial_year"], 2026);
    assert_eq!(p["threshold"]["year_sum_net"], "5000.00");
    assert_eq!(p["threshold"]["threshold_net"], "130000.00");
    assert_eq!(p["threshold"]["level"], "below");
    assert_eq!(p["threshold"]["warning"], Value::Null);
    assert_eq!(p["payment"]["status"], "unpaid");
    let second = bought(&s, "7000.50").await;
    assert_eq!(second["threshold"]["year_sum_net"], "12000.50");
    // Every purchase shows the kind's current sum.
    let first: Value = s
        .app
        .get(
            &format!("/api/v1/purchases/{}", p["id"].as_str().unwrap()),
            Some(&s.officer),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["threshold"]["year_sum_net"], "12000.50");
    // Another financial year starts from zero.
    let mut next_year = purchase_body(&s, "1000.00");
    next_year["ordered_on"] = json!("2027-01-04");
    let r = buy(&s, &next_year).await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["threshold"]["financial_year"], 2027);
    assert_eq!(v["threshold"]["year_sum_net"], "1000.00");
    let audit = audit_actions(&s.app, p["id"].as_str().unwrap()).await;
    assert_eq!(audit[0].0, "purchase.create");
    assert_eq!(audit[0].1["year_sum_after"], "5000.00");
    assert_eq!(audit[0].1["supplier_activity"], "paid_statutory");
}

#[tokio::test]
async fn the_threshold_allows_129_999_99_and_refuses_130_000_00_unless_justified() {
    let s = setup().await;
    bought(&s, "100000.00").await;
    let p = bought(&s, "29999.99").await;
    assert_eq!(p["threshold"]["year_sum_net"], "129999.99");
    assert_eq!(p["threshold"]["level"], "warning");
    assert_eq!(p["threshold"]["percent"], 99);
    let warning = p["threshold"]["warning"].as_str().unwrap();
    assert!(warning.contains("129\u{a0}999,99\u{a0}zł"), "{warning}");

    let r = buy(&s, &purchase_body(&s, "0.01")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let pr = problem(r).await;
    assert_eq!(fields(&pr), vec!["justification"]);
    let detail = pr["detail"].as_str().unwrap();
    assert!(
        detail.contains("129\u{a0}999,99\u{a0}zł"),
        "current sum: {detail}"
    );
    assert!(
        detail.contains("130\u{a0}000,00\u{a0}zł"),
        "threshold: {detail}"
    );
    assert!(detail.contains("WS-SEN"), "{detail}");

    // English on request.
    let r = s
        .app
        .client
        .post(s.app.url("/api/v1/purchases"))
        .bearer_auth(&s.officer)
        .header("Accept-Language", "en")
        .json(&purchase_body(&s, "0.01"))
        .send()
        .await
        .unwrap();
    let pr = problem(r).await;
    assert!(
        pr["detail"]
            .as_str()
            .unwrap()
            .starts_with("Purchase refused")
    );

    // A justification too short is a field error; a real one lets the purchase through.
    let mut body = purchase_body(&s, "0.01");
    body["justification"] = json!("inne");
    let r = buy(&s, &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let why = "Warsztaty komputerowe dla seniorów to usługa szkoleniowa, nie animacyjna: inny przedmiot i inni wykonawcy na rynku.";
    body["justification"] = json!(why);
    let r = buy(&s, &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["threshold"]["year_sum_net"], "130000.00");
    assert_eq!(p["threshold"]["level"], "reached");
    assert_eq!(p["threshold_justification"], why);
    let audit = audit_actions(&s.app, p["id"].as_str().unwrap()).await;
    assert_eq!(
        audit[0].1["threshold_justification"], why,
        "the justification is audited"
    );
    assert_eq!(audit[0].1["year_sum_before"], "129999.99");
    let summary: Value = s
        .app
        .get(
            "/api/v1/purchases/summary?municipality=piotrkow-trybunalski&year=2026",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["kinds"][0]["net_total"], "130000.00");
    assert_eq!(summary["kinds"][0]["purchase_count"], 3);
    assert_eq!(summary["kinds"][0]["level"], "reached");
}

#[tokio::test]
async fn one_purchase_of_exactly_130_000_is_refused_and_the_warning_starts_at_104_000() {
    let s = setup().await;
    let r = buy(&s, &purchase_body(&s, "130000.00")).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let p = bought(&s, "103999.99").await;
    assert_eq!(p["threshold"]["level"], "below");
    assert_eq!(p["threshold"]["warning"], Value::Null);
    let p = bought(&s, "0.01").await;
    assert_eq!(p["threshold"]["level"], "warning");
    assert_eq!(p["threshold"]["percent"], 80);
    assert!(p["threshold"]["warning"].as_str().unwrap().contains("80%"));
}

#[tokio::test]
async fn concurrent_purchases_cannot_together_cross_the_threshold() {
    let s = setup().await;
    bought(&s, "100000.00").await;
    // 29 999,99 zł left below the threshold: of ten purchases of 5 000 zł sent at the same
    // moment, exactly five fit (125 000 zł); the sixth would make 130 000 zł.
    let body = purchase_body(&s, "5000.00");
    let handles: Vec<_> = (0..10)
        .map(|_| {
            let request = s
                .app
                .client
                .post(s.app.url("/api/v1/purchases"))
                .bearer_auth(&s.officer)
                .json(&body);
            tokio::spawn(async move { request.send().await.expect("request") })
        })
        .collect();
    let mut created = 0;
    let mut refused = 0;
    for h in handles {
        let r = h.await.expect("task");
        match r.status() {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => refused += 1,
            other => panic!("unexpected {other}: {}", r.text().await.unwrap_or_default()),
        }
    }
    assert_eq!((created, refused), (5, 5));
    let summary: Value = s
        .app
        .get(
            "/api/v1/purchases/summary?municipality=piotrkow-trybunalski&year=2026",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["kinds"][0]["net_total"], "125000.00");
    assert_eq!(summary["kinds"][0]["purchase_count"], 6);
    // The running sum agrees with the purchases themselves.
    let all: Value = s
        .app
        .get(
            "/api/v1/purchases?municipality=piotrkow-trybunalski&year=2026",
            Some(&s.officer),
        )
        .await
        .json()
        .await
        .unwrap();
    let sum: i64 = all
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            domain::Grosze::parse(p["net"].as_str().unwrap())
                .unwrap()
                .as_grosze()
        })
        .sum();
    assert_eq!(sum, 12_500_000);
    assert!(matches!(
        store::audit::verify(&s.app.db).await.unwrap(),
        store::audit::Verification::Intact { .. }
    ));
}

#[tokio::test]
async fn two_purchases_at_the_same_moment_only_one_fits() {
    let s = setup().await;
    bought(&s, "100000.00").await;
    let body = purchase_body(&s, "20000.00");
    let (a, b) = tokio::join!(buy(&s, &body), buy(&s, &body));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
}

#[tokio::test]
async fn invalid_purchases_name_every_field() {
    let s = setup().await;
    let (_, leader) = s.app.resident("lider@grupa.example").await;
    let r = s
        .app
        .post_json(
            "/api/v1/organisations",
            &json!({"kind": "informal_group", "name": "Sąsiedzi", "municipality": PIOTRKOW,
                    "members": [{"name": "Anna Nowak", "adult": true}, {"name": "Jan Kowal", "adult": true},
                                {"name": "Ewa Lis", "adult": true}]}),
            Some(&leader),
        )
        .await;
    let group: Value = r.json().await.unwrap();
    let mut body = purchase_body(&s, "1000.00");
    body["supplier_id"] = group["id"].clone();
    body["supplier_activity"] = json!(null);
    body["gross"] = json!("999.99");
    body["end_date"] = json!("2026-03-01");
    body["outcomes"] = json!([" "]);
    let r = buy(&s, &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = problem(r).await;
    assert_eq!(
        fields(&p),
        vec![
            "supplier_id",
            "supplier_activity",
            "gross",
            "end_date",
            "outcomes"
        ],
        "{p}"
    );
    // Amounts are strings: a JSON number is refused.
    let mut body = purchase_body(&s, "1000.00");
    body["net"] = json!(1000.0);
    let r = buy(&s, &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["net"]);
    let r = s
        .app
        .get(
            "/api/v1/purchases?municipality=piotrkow-trybunalski&year=20x6",
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["year"]);
    let r = s
        .app
        .get("/api/v1/purchases/summary?municipality=nie-ma", None)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_officers_and_the_supplier_see_a_purchase() {
    let s = setup().await;
    let p = bought(&s, "5000.00").await;
    let path = format!("/api/v1/purchases/{}", p["id"].as_str().unwrap());
    assert_eq!(s.app.get(&path, None).await.status(), StatusCode::NOT_FOUND);
    let (_, stranger) = s.app.resident("ktos@example.pl").await;
    assert_eq!(
        s.app.get(&path, Some(&stranger)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.app.get(&path, Some(&s.supplier_token)).await.status(),
        StatusCode::OK
    );
    let r = s
        .app
        .post_json(
            "/api/v1/purchases",
            &purchase_body(&s, "1.00"),
            Some(&stranger),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .app
        .get(
            "/api/v1/purchases?municipality=piotrkow-trybunalski",
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .app
        .get(
            "/api/v1/purchases/export.csv?municipality=piotrkow-trybunalski",
            Some(&stranger),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn results_are_reported_rejected_reported_again_accepted_and_paid() {
    let s = setup().await;
    let p = bought(&s, "5000.00").await;
    let id = p["id"].as_str().unwrap();
    let path = |action: &str| format!("/api/v1/purchases/{id}/{action}");

    let r = s
        .app
        .post_json(
            &path("payment"),
            &json!({"paid_on": "2026-07-01"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "nothing to pay before acceptance"
    );
    let r = s
        .app
        .post_json(
            &path("acceptance"),
            &json!({"result": "accepted"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "nothing reported yet");
    let r = s.app.get(&path("protocol.pdf"), Some(&s.officer)).await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "no protocol before acceptance"
    );
    let r = s
        .app
        .post_json(
            &path("report"),
            &json!({"achieved": ["20 warsztatów", "raport"]}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "only the supplier reports"
    );
    let r = s
        .app
        .post_json(
            &path("report"),
            &json!({"achieved": ["20 warsztatów"]}),
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["achieved"]);
    let r = s
        .app
        .post_json(
            &path("report"),
            &json!({"achieved": ["18 warsztatów po 15 uczestników", "raport"], "comment": "Dwa warsztaty odwołane z powodu choroby prowadzącej."}),
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "reported");
    assert_eq!(
        v["report"]["achieved"][0],
        "18 warsztatów po 15 uczestników"
    );
    let r = s
        .app
        .post_json(
            &path("report"),
            &json!({"achieved": ["a", "b"]}),
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "already reported");

    let r = s
        .app
        .post_json(
            &path("acceptance"),
            &json!({"result": "rejected"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&problem(r).await), vec!["reason"]);
    let r = s
        .app
        .post_json(
            &path("acceptance"),
            &json!({"result": "rejected", "reason": "Brak list obecności z warsztatów."}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["decision"]["note"], "Brak list obecności z warsztatów.");
    assert_eq!(v["protocol_url"], Value::Null);

    let r = s
        .app
        .post_json(
            &path("report"),
            &json!({"achieved": ["18 warsztatów po 15 uczestników (listy obecności w załączeniu)", "raport"]}),
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .app
        .post_json(
            &path("acceptance"),
            &json!({"result": "accepted", "reason": "Rezultaty osiągnięte w 90%."}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "accepted");
    assert_eq!(
        v["protocol_url"],
        format!("/api/v1/purchases/{id}/protocol.pdf")
    );

    // The acceptance protocol: an accessible PDF with Polish text, for the officer and the
    // supplier only.
    let r = s
        .app
        .get(&path("protocol.pdf"), Some(&s.supplier_token))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    crate::helpers::assert_pdf_text(
        &pdf,
        &[
            "Protokół odbioru usługi społecznej",
            "Fundacja Srebrny Wiek",
            "WS-SEN — Warsztaty dla seniorów",
            "18 warsztatów po 15 uczestników (listy obecności w załączeniu)",
            "Rezultaty osiągnięte w 90%.",
            "odpłatna działalność pożytku publicznego",
            "Za Zamawiającego",
        ],
    );
    let (_, stranger) = s.app.resident("ciekawski@example.pl").await;
    assert_eq!(
        s.app
            .get(&path("protocol.pdf"), Some(&stranger))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let r = s
        .app
        .post_json(
            &path("payment"),
            &json!({"paid_on": "2999-01-01"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not in the future"
    );
    let r = s
        .app
        .post_json(
            &path("payment"),
            &json!({"paid_on": "2026-07-01"}),
            Some(&s.supplier_token),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = s
        .app
        .post_json(
            &path("payment"),
            &json!({"paid_on": "2026-07-01"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["payment"],
        json!({"status": "paid", "paid_on": "2026-07-01"})
    );
    let r = s
        .app
        .post_json(
            &path("payment"),
            &json!({"paid_on": "2026-07-01"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "repeating changes nothing");
    let r = s
        .app
        .post_json(
            &path("payment"),
            &json!({"paid_on": "2026-07-02"}),
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    let actions: Vec<String> = audit_actions(&s.app, id)
        .await
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    assert_eq!(
        actions,
        [
            "purchase.create",
            "purchase.report",
            "purchase.reject",
            "purchase.report",
            "purchase.accept",
            "purchase.payment"
        ]
    );
}

#[tokio::test]
async fn the_public_list_and_the_exports() {
    let s = setup().await;
    bought(&s, "5000.00").await;
    bought(&s, "1234.56").await;
    let list: Value = s
        .app
        .get(
            "/api/v1/purchases/public?municipality=piotrkow-trybunalski&year=2026",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["supplier"], "Fundacja Srebrny Wiek");
    assert_eq!(list[0]["kind_code"], "WS-SEN");
    assert_eq!(list[1]["net"], "1234.56");
    assert_eq!(list[0]["outcomes"][0], "20 warsztatów po 15 uczestników");
    assert!(list[0].get("threshold_justification").is_none());
    let page: Value = s
        .app
        .get(
            "/api/v1/purchases/public?municipality=piotrkow-trybunalski&year=2026&limit=1&offset=1",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0]["net"], "1234.56");

    let r = s
        .app
        .get(
            "/api/v1/purchases/export.csv?municipality=piotrkow-trybunalski&year=2026",
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("mikrozakupy-piotrkow-trybunalski-2026.csv")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut lines = text.split("\r\n");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("Rok budżetowy;Data zamówienia;Jednostka zamawiająca;")
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("2026;2026-03-02;Miejski Ośrodek Pomocy Społecznej;WS-SEN;Warsztaty dla seniorów;Fundacja Srebrny Wiek;odpłatna działalność pożytku publicznego;5000,00;5000,00;6234,56;"), "{row}");

    let r = s
        .app
        .get(
            "/api/v1/purchases/export.xlsx?municipality=piotrkow-trybunalski&year=2026",
            Some(&s.officer),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
    assert!(bytes.len() > 4000);
}

#[tokio::test]
async fn the_officers_pages_refuse_a_form_without_its_csrf_token_and_show_the_threshold_refusal() {
    let s = setup().await;
    bought(&s, "125000.00").await;
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = c
        .get(s.app.url("/logowanie"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = |html: &str| {
        let at = html.find("name=\"_csrf\" value=\"").expect("a CSRF field") + 20;
        html[at..].split('"').next().unwrap().to_string()
    };
    let r = c
        .post(s.app.url("/logowanie"))
        .form(&[
            ("_csrf", csrf(&html).as_str()),
            ("email", "bal@piotrkow.example"),
            ("password", "haslo-urzednika-123"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c
        .post(s.app.url("/piotrkow-trybunalski/mikrozakupy/rodzaje"))
        .form(&[("code", "X1"), ("name", "Bez tokenu")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = c
        .get(s.app.url("/piotrkow-trybunalski/mikrozakupy/nowy"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(s.app.url("/piotrkow-trybunalski/mikrozakupy/nowy"))
        .form(&[
            ("_csrf", csrf(&html).as_str()),
            ("buying_unit", "MOPS"),
            ("kind_id", s.kind_id.as_str()),
            ("supplier_id", s.supplier_id.as_str()),
            ("supplier_activity", "business"),
            ("net", "5 000,00 zł"),
            ("gross", "6 150"),
            ("ordered_on", "2026-05-04"),
            ("start_date", "2026-05-04"),
            ("end_date", "2026-05-29"),
            ("outcomes", "4 warsztaty\n\n"),
            ("justification", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let html = r.text().await.unwrap();
    assert!(html.contains("Popraw błędy w formularzu"));
    assert!(
        html.contains("wynosi 125\u{a0}000,00\u{a0}zł"),
        "the current sum"
    );
    assert!(html.contains("href=\"#f-justification\""));
    assert!(
        html.contains("value=\"5 000,00 zł\""),
        "what was typed is kept"
    );
}
