//! Deadline-surge benchmark (not a test): how many submissions per second the real server takes
//! at a deadline, and at what latency, next to the raw ceiling of this machine measured in the
//! same run. See `bench/README.md`.
//!
//! ```text
//! cargo build --release --bin wspolnie -p wspolnie-bench-surge
//! cargo run --release -p wspolnie-bench-surge -- [--clients 64,256] [--applications 2000]
//! ```

mod app;
mod raw;
mod server;
mod stats;
mod storepath;
mod wire;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;

use crate::app::{Api, HttpClient, Kind, MUNICIPALITY};
use crate::server::Server;
use crate::stats::{Run, loadavg, print_table};

/// The goal: at the highest client level the application path reaches this share of the raw
/// group-commit ceiling…
const GOAL_SHARE: f64 = 0.5;
/// …with its 99th percentile latency under this many milliseconds.
const GOAL_P99_MS: f64 = 50.0;
/// The name of the plain-connection group-commit run.
const RAW_PLAIN: &str = "raw: group commit (plain)";
/// The client level at which the goal is judged.
const GOAL_CLIENTS: usize = 256;

#[derive(Parser)]
#[command(
    about = "Deadline-surge benchmark of wspólnie's submissions on SQLite (synchronous=FULL)"
)]
struct Args {
    /// Concurrent clients, one measured level each.
    #[arg(long, value_delimiter = ',', default_value = "64,256")]
    clients: Vec<usize>,
    /// Submissions per level (drafts prepared first, each from its own NGO).
    #[arg(long, default_value_t = 2000)]
    applications: usize,
    /// The release binary to benchmark.
    #[arg(long, env = "WSPOLNIE_BIN", default_value = "target/release/wspolnie")]
    bin: PathBuf,
    /// Stop sending new submissions in a level after this many seconds.
    #[arg(long, default_value_t = 120)]
    time_cap: u64,
    /// Residents who represent the NGOs (each logs in once).
    #[arg(long, default_value_t = 8)]
    residents: usize,
    /// Where the temporary database files go (the disk whose fsync is measured).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Leave out the diagnostic runs (reads-only GETs and the store path without HTTP), which
    /// double the set-up.
    #[arg(long)]
    no_diagnostics: bool,
    /// Write the server's log (stderr; its level from `WSPOLNIE_LOG`) here instead of into the
    /// temporary directory, which is removed at the end.
    #[arg(long)]
    server_log: Option<PathBuf>,
    /// Experiment: add an index on applications (call_id, status) to the server's database
    /// before it starts (the confirmation number counts the call's submitted applications).
    #[arg(long)]
    with_status_index: bool,
    /// The HTTP client of the measured requests: `wire` (minimal, one thread of its own, like
    /// wrk) or `reqwest` (what the figures before 2026-12-06 used).
    #[arg(long, value_enum, default_value = "wire")]
    client: HttpClient,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.clients.is_empty() || args.applications == 0 || args.residents == 0 {
        bail!("--clients, --applications and --residents must not be empty or zero");
    }
    let bin = std::path::absolute(&args.bin)?;
    if !bin.is_file() {
        bail!(
            "no server binary at {}: build it with `cargo build --release --bin wspolnie` or set WSPOLNIE_BIN",
            bin.display()
        );
    }
    let dir = match &args.dir {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    let cap = Duration::from_secs(args.time_cap);
    let n = args.applications;
    println!("wspólnie deadline-surge benchmark");
    println!("  server binary  {}", bin.display());
    println!("  database dir   {}", dir.path().display());
    println!(
        "  cores {}, load average {} (other work on the machine skews the figures)",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        loadavg()
    );
    println!(
        "  {n} submissions per level, clients {:?}, time cap {}s per run, HTTP client {:?}",
        args.clients, args.time_cap, args.client
    );

    // 1. The raw ceiling, before the server exists (nothing else writes to the disk).
    println!("\nraw ceiling (same SQLite settings, only the rows a submission writes)…");
    let raw_db = raw::RawDb::create(dir.path(), 3 * n * args.clients.len()).await?;
    let mut raw_runs = Vec::new();
    for &c in &args.clients {
        let r = raw::run(&raw_db, c, n, 1, false, cap, "raw: one commit each").await?;
        println!("  {c:>4} clients, one commit each: {:.0}/s", r.rate());
        raw_runs.push(r);
        let r = raw::run(&raw_db, c, n, 256, false, cap, "raw: group commit (sqlx)").await?;
        println!("  {c:>4} clients, group commit, sqlx:  {:.0}/s", r.rate());
        raw_runs.push(r);
        let r = raw::run(&raw_db, c, n, 256, true, cap, RAW_PLAIN).await?;
        println!("  {c:>4} clients, group commit, plain: {:.0}/s", r.rate());
        raw_runs.push(r);
    }
    raw_db.close().await;

    // 2. The application path.
    let url = format!("sqlite://{}", dir.path().join("wspolnie.db").display());
    println!("\napplication (wspolnie serve, {url})…");
    server::cli(
        &bin,
        &url,
        &[
            "municipality",
            "add",
            "--slug",
            MUNICIPALITY,
            "--name",
            "Piotrków Trybunalski",
            "--teryt",
            "1062011",
        ],
        "",
    )?;
    let officer_password = "haslo-urzednika-surge-123";
    server::cli(
        &bin,
        &url,
        &[
            "user",
            "add",
            "--email",
            "urzednik@surge.test",
            "--name",
            "Urzędnik Testowy",
            "--role",
            "officer",
            "--municipality",
            MUNICIPALITY,
        ],
        officer_password,
    )?;
    if args.with_status_index {
        use store::sea_orm::ConnectionTrait;
        let db = store::Db::connect(&url).await?;
        db.read()
            .execute_unprepared(
                "CREATE INDEX IF NOT EXISTS ix_bench_applications_call_id_status \
                 ON applications (call_id, status)",
            )
            .await?;
        db.close().await;
        println!("  experiment: index on applications (call_id, status) added");
    }
    let mut srv = Server::start(
        &bin,
        &url,
        args.server_log
            .clone()
            .unwrap_or_else(|| dir.path().join("server.log")),
    )?;
    let api = Api {
        client: Api::client()?,
        base: srv.base.clone(),
    };
    srv.wait_ready(&api.client).await?;
    let officer = api.login("urzednik@surge.test", officer_password).await?;
    let residents = api.residents(args.residents).await?;
    let tokens: Vec<String> = residents.iter().map(|(_, t)| t.clone()).collect();
    let mut app_runs = Vec::new();
    let mut diag_runs: Vec<Vec<Run>> = Vec::new();
    let mut store_drafts = Vec::new();
    for (level, &c) in args.clients.iter().enumerate() {
        let t = Instant::now();
        let call = api.open_call(&officer, &format!("{c} klientów")).await?;
        let drafts = api
            .drafts(&tokens, &call, n, 2_000_000 * (level + 1))
            .await
            .context("preparing drafts")?;
        if !args.no_diagnostics {
            let call = api
                .open_call(&officer, &format!("{c} klientów, bez HTTP"))
                .await?;
            let d = api
                .drafts(&tokens, &call, n, 2_000_000 * (level + 1) + 1_000_000)
                .await
                .context("preparing drafts")?;
            store_drafts.push(
                d.into_iter()
                    .map(|(who, id)| (id, residents[who].0.clone()))
                    .collect::<Vec<_>>(),
            );
        }
        println!(
            "  {c:>4} clients: drafts prepared in {:.1}s; load average {}",
            t.elapsed().as_secs_f64(),
            loadavg()
        );
        let r = app::surge(
            &api,
            &tokens,
            &drafts,
            c,
            cap,
            srv.pid(),
            Kind::Submit,
            args.client,
        )
        .await?;
        println!(
            "  {c:>4} clients: {:.0}/s, p99 {:.1} ms; server CPU {:.2}s, bench client CPU {:.2}s over {:.2}s",
            r.rate(),
            r.pct(99.0),
            r.cpu.unwrap_or(f64::NAN),
            r.client_cpu.unwrap_or(f64::NAN),
            r.wall.as_secs_f64()
        );
        app_runs.push(r);
        let mut diags = Vec::new();
        if !args.no_diagnostics {
            for (kind, label) in [(Kind::Get, "GET only"), (Kind::Health, "GET /healthz")] {
                let r = app::surge(&api, &tokens, &drafts, c, cap, srv.pid(), kind, args.client)
                    .await?;
                println!(
                    "  {c:>4} clients, {label}: {:.0}/s, p99 {:.1} ms",
                    r.rate(),
                    r.pct(99.0)
                );
                diags.push(r);
            }
        }
        diag_runs.push(diags);
    }
    drop(srv);
    let mut store_runs = Vec::new();
    for (d, &c) in store_drafts.into_iter().zip(&args.clients) {
        let r = storepath::run(&url, d, c, cap).await?;
        println!(
            "  {c:>4} clients, store path without HTTP: {:.0}/s, p99 {:.1} ms",
            r.rate(),
            r.pct(99.0)
        );
        store_runs.push(r);
    }

    // 3. The table and the verdict.
    let mut rows: Vec<Run> = Vec::new();
    let mut app_runs = app_runs.into_iter();
    let mut diag_runs = diag_runs.into_iter();
    let mut store_runs = store_runs.into_iter();
    let mut raw_iter = raw_runs.into_iter();
    let mut verdicts = Vec::new();
    for &c in &args.clients {
        let unbatched = raw_iter.next().context("raw run")?;
        let orm = raw_iter.next().context("raw run")?;
        let plain = raw_iter.next().context("raw run")?;
        let app = app_runs.next().context("app run")?;
        // The ceiling is the faster of the two group-commit programs.
        let ceiling = orm.rate().max(plain.rate());
        verdicts.push((
            c,
            app.rate() / ceiling,
            app.pct(99.0),
            ceiling / unbatched.rate(),
        ));
        rows.extend([unbatched, orm, plain]);
        rows.extend(store_runs.next());
        rows.push(app);
        rows.extend(diag_runs.next().into_iter().flatten());
    }
    print_table(&rows);
    println!(
        "\n(CPU ms/subm: for raw and store runs this bench process's CPU, for HTTP runs the server process's; {} cores.)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    let mut goal_checked = false;
    for (c, share, p99, group_gain) in verdicts {
        println!(
            "{c:>4} clients: app/raw(best group commit) = {share:.2}, app p99 = {p99:.1} ms; group commit gives {group_gain:.1}x over one commit each"
        );
        if c == GOAL_CLIENTS {
            goal_checked = true;
            let met = share >= GOAL_SHARE && p99 < GOAL_P99_MS;
            println!(
                "GOAL (≥ {GOAL_SHARE} of raw and p99 < {GOAL_P99_MS} ms at {GOAL_CLIENTS} clients): {}",
                if met { "MET" } else { "NOT MET" }
            );
        }
    }
    if !goal_checked {
        println!("GOAL not judged: run with --clients including {GOAL_CLIENTS}");
    }
    println!("load average at the end: {}", loadavg());
    Ok(())
}
