//! The application path: set-up through the API, then the surge of
//! `POST /api/v1/applications/{id}/submit` from many concurrent clients.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::Client;
use serde_json::{Value, json};

use crate::stats::{Dispenser, Run, cpu_seconds};

pub const MUNICIPALITY: &str = "piotrkow-trybunalski";
const PASSWORD: &str = "bardzo-tajne-haslo-surge";

/// A JSON API client for one server.
#[derive(Clone)]
pub struct Api {
    pub client: Client,
    pub base: String,
}

impl Api {
    /// A keep-alive client that talks to loopback only (no proxy from the environment).
    pub fn client() -> anyhow::Result<Client> {
        Ok(Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()?)
    }

    /// POST `body` to `path`; the JSON answer when the status is 2xx, an error otherwise.
    pub async fn post(
        &self,
        path: &str,
        body: &Value,
        token: Option<&str>,
    ) -> anyhow::Result<Value> {
        let mut req = self
            .client
            .post(format!("{}/api/v1{path}", self.base))
            .json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.with_context(|| format!("POST {path}"))?;
        let status = r.status();
        let text = r.text().await?;
        if !status.is_success() {
            bail!("POST {path}: {status}: {text}");
        }
        Ok(serde_json::from_str(&text)?)
    }

    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let v = self
            .post(
                "/auth/login",
                &json!({"email": email, "password": password}),
                None,
            )
            .await?;
        Ok(v["token"].as_str().context("token")?.to_string())
    }

    /// Registers `count` residents and logs each in once; returns their `(user id, token)`.
    pub async fn residents(&self, count: usize) -> anyhow::Result<Vec<(String, String)>> {
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let email = format!("wnioskodawca{i}@surge.test");
            let user = self
                .post(
                    "/accounts",
                    &json!({"email": email, "password": PASSWORD, "name": format!("Anna Wnioskująca {i}")}),
                    None,
                )
                .await?;
            let id = user["id"].as_str().context("user id")?.to_string();
            out.push((id, self.login(&email, PASSWORD).await?));
        }
        Ok(out)
    }

    /// A published call open from an hour ago until tomorrow, in a programme of its own.
    pub async fn open_call(&self, officer: &str, label: &str) -> anyhow::Result<String> {
        let programme = self
            .post(
                &format!("/municipalities/{MUNICIPALITY}/programmes"),
                &json!({"name": format!("Mikrogranty 2027 – {label}"), "kind": "microgrants", "year": 2027, "budget": "100000.00"}),
                Some(officer),
            )
            .await?;
        let programme = programme["id"].as_str().context("programme id")?;
        let now = jiff::Timestamp::now();
        let opens = domain::time::to_rfc3339_warsaw(now - jiff::SignedDuration::from_hours(1));
        let closes = domain::time::to_rfc3339_warsaw(now + jiff::SignedDuration::from_hours(24));
        let call = self
            .post(
                &format!("/programmes/{programme}/calls"),
                &json!({"title": format!("Nabór {label}"), "rules": "Regulamin naboru", "opens_at": opens, "closes_at": closes,
                        "min_grant": "500.00", "max_grant": "5000.00", "budget": "100000.00",
                        "applicant_kinds": ["ngo", "informal_group"],
                        "criteria": [{"name": "Potrzeba lokalna", "max_points": 10}],
                        "min_evaluators": 1, "min_average_percent": 50}),
                Some(officer),
            )
            .await?;
        let call = call["id"].as_str().context("call id")?.to_string();
        self.post(&format!("/calls/{call}/publish"), &json!({}), Some(officer))
            .await?;
        Ok(call)
    }

    /// `n` complete drafts in `call`, each from its own NGO (one application per organisation
    /// and call), the NGOs spread over the residents. KRS numbers start at `krs_base`.
    /// Returns `(index of the resident's token, application id)`.
    pub async fn drafts(
        &self,
        tokens: &[String],
        call: &str,
        n: usize,
        krs_base: usize,
    ) -> anyhow::Result<Vec<(usize, String)>> {
        let next = Arc::new(AtomicUsize::new(0));
        let tokens = Arc::new(tokens.to_vec());
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (api, next, tokens, call) =
                (self.clone(), next.clone(), tokens.clone(), call.to_string());
            tasks.push(tokio::spawn(async move {
                let mut out = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return anyhow::Ok(out);
                    }
                    let who = i % tokens.len();
                    let token = Some(tokens[who].as_str());
                    let org = api
                        .post(
                            "/organisations",
                            &json!({"kind": "ngo", "name": format!("Stowarzyszenie Sąsiedzkie nr {}", krs_base + i),
                                    "municipality": MUNICIPALITY, "krs": format!("{:010}", krs_base + i)}),
                            token,
                        )
                        .await?;
                    let org = org["id"].as_str().context("organisation id")?;
                    let app = api
                        .post(
                            &format!("/calls/{call}/applications"),
                            &json!({"organisation_id": org, "title": format!("Sąsiedzi razem {i}"), "summary": "Warsztaty i sprzątanie podwórka",
                                    "start_date": "2027-05-01", "end_date": "2027-06-30",
                                    "requested_amount": "1000.00", "budget_lines": [{"name": "Całość", "amount": "1000.00"}],
                                    "own_contribution": {"money": "100.00", "in_kind": "0", "volunteer_hours": 40},
                                    "bank_account": "PL61109010140000071219812874"}),
                            token,
                        )
                        .await?;
                    out.push((who, app["id"].as_str().context("application id")?.to_string()));
                }
            }));
        }
        let mut all = Vec::with_capacity(n);
        for t in tasks {
            all.extend(t.await??);
        }
        Ok(all)
    }
}

/// What each request of a run does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `POST /applications/{id}/submit`: the measured path.
    Submit,
    /// `GET /applications/{id}` of a submitted application: HTTP, bearer lookup and the same
    /// reads the submit handler does before queueing, nothing written (a diagnostic).
    Get,
    /// `GET /healthz`: the HTTP stack alone (no database, no token), the floor of any request.
    Health,
}

/// Which HTTP client fires the measured requests.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum HttpClient {
    /// The minimal keep-alive client of `wire.rs`, all connections on one thread of their own.
    Wire,
    /// `reqwest` on the bench's multi-thread runtime (what the figures before 2026-12-06 used).
    Reqwest,
}

/// What one client task measured: latencies and confirmation numbers of the good answers, and
/// the errors.
#[derive(Default)]
struct Outcomes {
    latencies: Vec<Duration>,
    numbers: Vec<String>,
    errors: Vec<String>,
}

impl Outcomes {
    /// Records a request sent at `t0` and what came of it.
    fn record(&mut self, t0: Instant, outcome: Result<String, String>) {
        match outcome {
            Ok(number) => {
                self.latencies.push(t0.elapsed());
                self.numbers.push(number);
            }
            Err(e) => self.errors.push(e),
        }
    }
}

/// Waits for every client task.
async fn join_all(tasks: Vec<tokio::task::JoinHandle<Outcomes>>) -> anyhow::Result<Vec<Outcomes>> {
    let mut all = Vec::with_capacity(tasks.len());
    for t in tasks {
        all.push(t.await?);
    }
    Ok(all)
}

/// The confirmation number of a good answer (a submitted application), or why it is not one.
fn receipt(kind: Kind, status: u16, body: &[u8]) -> Result<String, String> {
    use crate::wire::json_str;
    if !(200..300).contains(&status) {
        return Err(format!("{status}: {}", String::from_utf8_lossy(body)));
    }
    if kind == Kind::Health {
        return if body == b"ok" {
            Ok(String::new())
        } else {
            Err(format!("{status}: {}", String::from_utf8_lossy(body)))
        };
    }
    match (
        json_str(body, "status"),
        json_str(body, "confirmation_number"),
    ) {
        (Some("submitted"), Some(number)) => Ok(number.to_string()),
        _ => Err(format!(
            "{status} without a receipt: {}",
            String::from_utf8_lossy(body)
        )),
    }
}

/// Fires one request per draft from `clients` concurrent tasks and measures each.
#[allow(clippy::too_many_arguments)]
pub async fn surge(
    api: &Api,
    tokens: &[String],
    drafts: &[(usize, String)],
    clients: usize,
    cap: Duration,
    server_pid: u32,
    kind: Kind,
    client: HttpClient,
) -> anyhow::Result<Run> {
    let n = drafts.len();
    let drafts = Arc::new(drafts.to_vec());
    let tokens = Arc::new(tokens.to_vec());
    let server0 = cpu_seconds(Some(server_pid));
    let self0 = cpu_seconds(None);
    let work = Arc::new(Dispenser::new(n, cap));
    let start = work.start();
    let outcomes: Vec<Outcomes> = match client {
        HttpClient::Reqwest => {
            let mut tasks = Vec::with_capacity(clients);
            for _ in 0..clients {
                let (api, drafts, tokens, work) =
                    (api.clone(), drafts.clone(), tokens.clone(), work.clone());
                tasks.push(tokio::spawn(async move {
                    let mut out = Outcomes::default();
                    while let Some(i) = work.next() {
                        let (who, id) = &drafts[i];
                        let t0 = Instant::now();
                        let req = match kind {
                            Kind::Submit => api
                                .client
                                .post(format!("{}/api/v1/applications/{id}/submit", api.base))
                                .json(&json!({})),
                            Kind::Get => api
                                .client
                                .get(format!("{}/api/v1/applications/{id}", api.base)),
                            Kind::Health => api.client.get(format!("{}/healthz", api.base)),
                        };
                        let outcome = match req.bearer_auth(&tokens[*who]).send().await {
                            Ok(r) => {
                                let status = r.status().as_u16();
                                match r.bytes().await {
                                    Ok(body) => receipt(kind, status, &body),
                                    Err(e) => Err(e.to_string()),
                                }
                            }
                            Err(e) => Err(e.to_string()),
                        };
                        out.record(t0, outcome);
                    }
                    out
                }));
            }
            join_all(tasks).await?
        }
        HttpClient::Wire => {
            let addr: std::net::SocketAddr = api
                .base
                .trim_start_matches("http://")
                .parse()
                .context("server address")?;
            let (drafts, tokens, work) = (drafts.clone(), tokens.clone(), work.clone());
            let thread = std::thread::spawn(move || -> anyhow::Result<Vec<Outcomes>> {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    let mut tasks = Vec::with_capacity(clients);
                    for _ in 0..clients {
                        let (drafts, tokens, work) = (drafts.clone(), tokens.clone(), work.clone());
                        tasks.push(tokio::spawn(async move {
                            let mut conn = crate::wire::Conn::new(addr);
                            let mut out = Outcomes::default();
                            let mut path = String::with_capacity(96);
                            while let Some(i) = work.next() {
                                let (who, id) = &drafts[i];
                                path.clear();
                                path.push_str("/api/v1/applications/");
                                path.push_str(id);
                                let t0 = Instant::now();
                                let sent = match kind {
                                    Kind::Submit => {
                                        path.push_str("/submit");
                                        conn.send("POST", &path, &tokens[*who], b"{}").await
                                    }
                                    Kind::Get => conn.send("GET", &path, &tokens[*who], b"").await,
                                    Kind::Health => conn.send("GET", "/healthz", "-", b"").await,
                                };
                                let outcome = match sent {
                                    Ok(a) => receipt(kind, a.status, a.body),
                                    Err(e) => Err(e.to_string()),
                                };
                                out.record(t0, outcome);
                            }
                            out
                        }));
                    }
                    join_all(tasks).await
                })
            });
            tokio::task::spawn_blocking(move || thread.join())
                .await?
                .map_err(|_| anyhow::anyhow!("the client thread panicked"))??
        }
    };
    let mut latencies = Vec::with_capacity(n);
    let mut numbers = HashSet::with_capacity(n);
    let mut errors = Vec::new();
    for o in outcomes {
        latencies.extend(o.latencies);
        numbers.extend(o.numbers);
        errors.extend(o.errors);
    }
    let wall = start.elapsed();
    let diff = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| b - a);
    let cpu = diff(server0, cpu_seconds(Some(server_pid)));
    let client_cpu = diff(self0, cpu_seconds(None));
    if kind == Kind::Submit && numbers.len() != latencies.len() {
        bail!(
            "{} receipts but only {} distinct confirmation numbers",
            latencies.len(),
            numbers.len()
        );
    }
    if let Some(e) = errors.first() {
        eprintln!("  app run: {} errors, first: {e}", errors.len());
    }
    Ok(Run {
        clients,
        path: match kind {
            Kind::Submit => "app: HTTP submit",
            Kind::Get => "diag: HTTP GET (reads)",
            Kind::Health => "diag: HTTP GET /healthz",
        },
        ok: latencies.len(),
        errors: errors.len(),
        wall,
        latencies,
        cpu,
        client_cpu,
        capped: work.capped(),
        commits: None,
    })
}
