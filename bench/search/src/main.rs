//! Search benchmark (not a test): generates a library of Polish good practices, indexes it through
//! the store's own code (`store::practices::reindex_published`: the analyser, `search_tokens`,
//! the triggers or generated column of the full-text index), then measures
//! `store::practices::search` (analysis, index query, page, snippets) at several concurrency
//! levels on SQLite (file, WAL) and PostgreSQL, next to the previous search (the SQL of the
//! commit before m0012: terms OR'ed, the index joined to `practices` by id for the count and the
//! ranking, on an index table built like the old one) measured in the same run. See
//! `bench/README.md`.
//!
//! ```text
//! cargo run --release -p wspolnie-bench-search -- [--practices 100000] [--clients 1,32] [--queries 2000]
//! ```

mod baseline;
mod library;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use rand::SeedableRng;
use rand::rngs::StdRng;
use store::Db;
use store::practices::Filters;
use store::practices::entities::practice;
use store::sea_orm::{ActiveValue::Set, EntityTrait};

/// The goal of the issue: p99 under this many milliseconds…
const GOAL_P99_MS: f64 = 20.0;
/// …at this many clients, on SQLite.
const GOAL_CLIENTS: usize = 32;
/// Results per page (the API's default).
const PAGE: u64 = 20;

#[derive(Parser)]
#[command(about = "Search benchmark of wspólnie's good-practice library (SQLite and PostgreSQL)")]
struct Args {
    /// Practices to generate (all published).
    #[arg(long, default_value_t = 100_000)]
    practices: usize,
    /// Concurrent clients, one measured level each.
    #[arg(long, value_delimiter = ',', default_value = "1,32")]
    clients: Vec<usize>,
    /// Searches per level and path.
    #[arg(long, default_value_t = 2000)]
    queries: usize,
    /// PostgreSQL server (a superuser URL; a new database is created and dropped). Without it
    /// `scripts/pg-start.sh` is run (PGPORT chooses the port).
    #[arg(long, env = "WSPOLNIE_BENCH_PG_URL")]
    pg_url: Option<String>,
    /// Leave out PostgreSQL.
    #[arg(long)]
    no_pg: bool,
    /// Leave out SQLite.
    #[arg(long)]
    no_sqlite: bool,
    /// Also time every query of the mix alone (result cache off, 20 runs each).
    #[arg(long)]
    per_query: bool,
    /// Leave out the previous search (the baseline).
    #[arg(long)]
    no_baseline: bool,
    /// Only these paths (product, uncached, database, baseline); all of them by default.
    #[arg(long, value_delimiter = ',')]
    paths: Vec<String>,
    /// Keep the SQLite file of an earlier run in `--dir` and search it as it is (no new practices,
    /// no reindex); without it the file is replaced.
    #[arg(long)]
    reuse: bool,
    /// Where the SQLite file goes.
    #[arg(long)]
    dir: Option<std::path::PathBuf>,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

/// One query of the mix.
#[derive(Clone)]
pub struct Query {
    pub kind: &'static str,
    pub text: String,
    pub filters: Filters,
}

fn mix(places: &[library::Place]) -> Vec<Query> {
    let q = |kind: &'static str, text: &str| Query {
        kind,
        text: text.to_string(),
        filters: Filters::default(),
    };
    let mut out = Vec::new();
    for t in [
        "mikrograntów",
        "seniorom",
        "inkubatorze",
        "dotacjami",
        "warsztatach",
        "uchodźcom",
        "festynie",
        "regrantingu",
    ] {
        out.push(q("single inflected word", t));
    }
    for t in [
        "fundusz sąsiedzki dla mieszkańców",
        "warsztaty dla seniorów",
        "otwarty konkurs ofert na sport",
        "organizacje pozarządowe i grupy nieformalne",
        "adaptacja do zmian klimatu zieleń miejska",
        "szkolenia dla wolontariuszy",
        "rozliczenie dotacji przez stowarzyszenie",
        "plac zabaw dla dzieci na osiedlu",
    ] {
        out.push(q("multi-word", t));
    }
    for t in [
        "mikrograntow",
        "fundusz sasiedzki",
        "zamowienia spoleczne",
        "mlodziez",
        "rada dzialalnosci pozytku publicznego",
        "osoby z niepelnosprawnosciami",
        "spoldzielnia socjalna",
        "sciezki rowerowe",
    ] {
        out.push(q("no diacritics", t));
    }
    let place = |i: usize| places[i % places.len()].id.clone();
    let filtered = [
        (
            "seniorzy",
            Filters {
                municipality_id: Some(place(3)),
                ..Default::default()
            },
        ),
        (
            "mikrogranty",
            Filters {
                year: Some(2022),
                ..Default::default()
            },
        ),
        (
            "warsztaty",
            Filters {
                topic: Some("młodzież".into()),
                ..Default::default()
            },
        ),
        (
            "dotacje",
            Filters {
                instrument: Some("open_competition".into()),
                ..Default::default()
            },
        ),
        (
            "projekt",
            Filters {
                municipality_id: Some(place(7)),
                year: Some(2020),
                ..Default::default()
            },
        ),
        (
            "klimat zieleń",
            Filters {
                topic: Some("klimat".into()),
                ..Default::default()
            },
        ),
        (
            "",
            Filters {
                municipality_id: Some(place(11)),
                ..Default::default()
            },
        ),
        (
            "festyn",
            Filters {
                instrument: Some("neighbourhood_fund".into()),
                year: Some(2024),
                ..Default::default()
            },
        ),
    ];
    for (t, f) in filtered {
        out.push(Query {
            kind: "with filters",
            text: t.to_string(),
            filters: f,
        });
    }
    for t in library::RARE.iter().step_by(12).take(8) {
        out.push(q("rare word", t));
    }
    for t in [
        "gmina",
        "mieszkańców",
        "projekt",
        "miasta",
        "projekt gminy dla mieszkańców",
        "gmina miasto projekt roku",
        "organizacji",
        "dla",
    ] {
        out.push(q("very common words", t));
    }
    out
}

/// Which search a run measures.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Path {
    Product,
    Uncached,
    InDatabase,
    Baseline,
}

impl Path {
    fn key(self) -> &'static str {
        match self {
            Path::Product => "product",
            Path::Uncached => "uncached",
            Path::InDatabase => "database",
            Path::Baseline => "baseline",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Path::Product => "search (this commit)",
            Path::Uncached => "search, result cache off (ranked in memory)",
            Path::InDatabase => "search, result cache off, ranked by the database",
            Path::Baseline => "baseline: previous search",
        }
    }
}

async fn one(db: &Db, path: Path, q: &Query) -> anyhow::Result<u64> {
    Ok(match path {
        Path::Product => {
            let page = store::practices::search(db, &q.text, &q.filters, PAGE, 0).await?;
            std::hint::black_box(&page.hits);
            page.total
        }
        Path::Uncached => {
            let page = store::practices::search_uncached(db, &q.text, &q.filters, PAGE, 0).await?;
            std::hint::black_box(&page.hits);
            page.total
        }
        Path::InDatabase => {
            let page = in_database(db, q).await?;
            std::hint::black_box(&page.hits);
            page.total
        }
        Path::Baseline => baseline::search(db, &q.text, &q.filters, PAGE).await?,
    })
}

/// The search with both the result cache and the in-memory ranking off.
async fn in_database(db: &Db, q: &Query) -> anyhow::Result<store::practices::SearchPage> {
    let paths = store::practices::SearchPaths {
        result_cache: false,
        memory_ranking: false,
    };
    Ok(store::practices::search_with(db, &q.text, &q.filters, PAGE, 0, paths).await?)
}

/// Resident memory of this process in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

struct Level {
    clients: usize,
    per_sec: f64,
    all: Vec<f64>,
    by_kind: BTreeMap<&'static str, Vec<f64>>,
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

async fn measure(
    db: &Db,
    path: Path,
    queries: &Arc<Vec<Query>>,
    clients: usize,
    total: usize,
) -> anyhow::Result<Level> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let db = db.clone();
        let next = next.clone();
        let queries = queries.clone();
        tasks.push(tokio::spawn(async move {
            let mut out: Vec<(&'static str, f64)> = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                // A fixed stride through the mix, so every level asks the same queries.
                let q = &queries[(i * 7) % queries.len()];
                let t = Instant::now();
                // A client waits for its turn like a request does in the server: searches that
                // never wait (plain SQLite reads, ranking in memory) would otherwise keep their
                // thread from one search to the next and hide the queue of the others.
                tokio::task::yield_now().await;
                one(&db, path, q).await?;
                out.push((q.kind, t.elapsed().as_secs_f64() * 1000.0));
            }
            anyhow::Ok(out)
        }));
    }
    let mut all = Vec::with_capacity(total);
    let mut by_kind: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    for t in tasks {
        for (kind, ms) in t.await?? {
            all.push(ms);
            by_kind.entry(kind).or_default().push(ms);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    for v in by_kind.values_mut() {
        v.sort_by(f64::total_cmp);
    }
    Ok(Level {
        clients,
        per_sec: all.len() as f64 / secs,
        all,
        by_kind,
    })
}

/// The municipalities the generated practices belong to.
async fn places_of(db: &Db) -> anyhow::Result<Vec<library::Place>> {
    let places: Vec<library::Place> = store::municipalities::list(db)
        .await?
        .into_iter()
        .map(|m| library::Place {
            id: m.id,
            name: m.name,
        })
        .collect();
    if places.is_empty() {
        bail!("no municipalities after loading the demo data");
    }
    Ok(places)
}

async fn seed(db: &Db, n: usize, seed: u64) -> anyhow::Result<(Vec<library::Place>, Duration)> {
    let now = jiff::Timestamp::now();
    store::demo::load_if_empty(db, now).await?;
    let places = places_of(db).await?;
    let author = <store::entities::user::Entity as EntityTrait>::find()
        .one(db.read())
        .await?
        .context("no user after loading the demo data")?
        .id;
    let mut rng = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let base_us = 1_500_000_000_000_000_i64;
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(500);
        let mut rows = Vec::with_capacity(batch);
        for k in 0..batch {
            let g = library::practice(&mut rng, &places);
            let at = base_us + ((done + k) as i64) * 1_000_000;
            let keys: Vec<String> = g
                .topics
                .iter()
                .map(|t| store::practices::topic_key(t))
                .collect();
            let similar = store::practices::similar_terms(&g.title, &g.summary);
            rows.push(practice::ActiveModel {
                id: Set(store::ids::new_id()),
                similar_terms: Set(similar),
                municipality_id: Set(places[g.place].id.clone()),
                title: Set(g.title),
                summary: Set(g.summary),
                body: Set(g.body),
                results: Set(g.results),
                costs: Set(g.costs),
                instrument: Set(g.instrument.map(str::to_string)),
                topics: Set(format!(
                    "[{}]",
                    g.topics
                        .iter()
                        .map(|t| format!("\"{t}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                )),
                topic_keys: Set(format!("|{}|", keys.join("|"))),
                year: Set(Some(g.year)),
                partners: Set(g.partners),
                contact_name: Set("Anna Nowak".into()),
                contact_email: Set("anna@gmina.example.pl".into()),
                links: Set("[]".into()),
                status: Set("published".into()),
                review_comment: Set(None),
                created_by: Set(author.clone()),
                created_at: Set(at),
                updated_at: Set(at),
                submitted_at: Set(Some(at)),
                published_by: Set(Some(author.clone())),
                published_at: Set(Some(at)),
                search_tokens: Set(String::new()),
            });
        }
        let txn = db.begin().await?;
        practice::Entity::insert_many(rows).exec(&txn).await?;
        txn.commit().await?;
        done += batch;
    }
    Ok((places, started.elapsed()))
}

fn print_levels(backend: &str, path: Path, levels: &[Level]) {
    for l in levels {
        println!(
            "| {backend} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} |",
            path.name(),
            l.clients,
            l.per_sec,
            pct(&l.all, 0.5),
            pct(&l.all, 0.9),
            pct(&l.all, 0.99),
            l.all.last().copied().unwrap_or(f64::NAN),
        );
    }
}

async fn run_backend(
    backend: &str,
    url: &str,
    args: &Args,
) -> anyhow::Result<BTreeMap<(Path, usize), (f64, f64)>> {
    eprintln!("[{backend}] connecting, migrating");
    let db = Db::connect(url).await?;
    db.migrate().await?;
    let kept = if args.reuse && backend == "SQLite" {
        store::practices::published_count(&db).await?
    } else {
        0
    };
    let places = if kept > 0 {
        println!("\n### {backend}: {kept} practices of an earlier run (--reuse)");
        places_of(&db).await?
    } else {
        eprintln!(
            "[{backend}] generating and inserting {} practices",
            args.practices
        );
        let (places, insert_time) = seed(&db, args.practices, args.seed).await?;
        eprintln!("[{backend}] indexing");
        let started = Instant::now();
        let indexed = store::practices::reindex_published(&db, 500).await?;
        let index_time = started.elapsed();
        println!(
            "\n### {backend}: {} practices inserted in {:.1} s; indexed {indexed} (analyser + search_tokens + full-text index) in {:.1} s = {:.0} practices/s",
            args.practices,
            insert_time.as_secs_f64(),
            index_time.as_secs_f64(),
            indexed as f64 / index_time.as_secs_f64()
        );
        places
    };
    if !args.no_baseline {
        let started = Instant::now();
        baseline::prepare(&db).await?;
        println!(
            "baseline index (the previous layout) built in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    let rss = rss_mib();
    let started = Instant::now();
    let in_memory = store::practices::ranker::warm(&db).await?;
    if in_memory > 0 {
        let took = started.elapsed().as_secs_f64();
        let (_, terms, postings, bytes) = store::practices::ranker::size(&db).unwrap_or_default();
        println!(
            "in-memory ranking index of {in_memory} practices built in {took:.2} s: {terms} terms, {postings} postings, about {:.0} MiB (resident memory of the process +{:.0} MiB)",
            bytes as f64 / 1048576.0,
            rss_mib() - rss
        );
    }
    let queries = Arc::new(mix(&places));
    // The two rankings must agree: same total, same practices in the same order.
    let mut same = 0;
    for q in queries.iter() {
        let a = one_page(&db, q, true).await?;
        let b = one_page(&db, q, false).await?;
        if same_page(&a, &b) {
            same += 1;
        } else {
            eprintln!(
                "[{backend}] rankings differ for {:?}: {a:?} / {b:?}",
                q.text
            );
        }
    }
    println!(
        "in memory and in the database: {same} of {} queries give the same total and page (ties at the page's end may differ: FTS5 cuts them in any order)",
        queries.len()
    );
    // Warm-up: every query once on each path; the totals show what the mix asks.
    println!("\n| query | kind | total (this commit) | total (baseline) |\n|---|---|---:|---:|");
    for q in queries.iter() {
        let a = one(&db, Path::Product, q).await?;
        let b = if args.no_baseline {
            "–".to_string()
        } else {
            one(&db, Path::Baseline, q).await?.to_string()
        };
        let mut f = Vec::new();
        if q.filters.municipality_id.is_some() {
            f.push("municipality");
        }
        if let Some(t) = &q.filters.topic {
            f.push(if t.is_empty() { "" } else { "topic" });
        }
        if q.filters.instrument.is_some() {
            f.push("instrument");
        }
        if q.filters.year.is_some() {
            f.push("year");
        }
        let filt = if f.is_empty() {
            String::new()
        } else {
            format!(" [{}]", f.join("+"))
        };
        println!("| {:?}{filt} | {} | {a} | {b} |", q.text, q.kind);
    }
    // "Similar practices" on a practice page: the first page after a change builds the index,
    // the next ones use it.
    {
        let page = store::practices::search(&db, "gmina", &Filters::default(), PAGE, 0).await?;
        let started = Instant::now();
        if let Some(h) = page.hits.first() {
            std::hint::black_box(store::practices::similar(&db, &h.practice, 5).await?);
        }
        let first = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let mut n = 0;
        for _ in 0..5 {
            for h in &page.hits {
                std::hint::black_box(store::practices::similar(&db, &h.practice, 5).await?);
                n += 1;
            }
        }
        println!(
            "\nsimilar practices (5 per page): first page after a change {first:.0} ms (builds the index), then {:.2} ms per page (mean of {n})",
            started.elapsed().as_secs_f64() * 1000.0 / n.max(1) as f64
        );
    }
    if args.per_query {
        println!(
            "\n| query | kind | total | µs per search (cache off, 1 client) |\n|---|---|---:|---:|"
        );
        for q in queries.iter() {
            let mut total = 0;
            let started = Instant::now();
            for _ in 0..20 {
                total = one(&db, Path::Uncached, q).await?;
            }
            let us = started.elapsed().as_secs_f64() * 1e6 / 20.0;
            println!("| {:?} | {} | {total} | {us:.0} |", q.text, q.kind);
        }
    }
    let mut out = BTreeMap::new();
    println!(
        "\n| db | path | clients | searches/s | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|---:|"
    );
    let mut paths = vec![Path::Product, Path::Uncached, Path::InDatabase];
    if !args.no_baseline {
        paths.push(Path::Baseline);
    }
    if !args.paths.is_empty() {
        paths.retain(|p| args.paths.iter().any(|a| a == p.key()));
    }
    let mut kinds = Vec::new();
    for path in paths {
        let mut levels = Vec::new();
        for &c in &args.clients {
            eprintln!("[{backend}] {} at {c} clients", path.name());
            let l = measure(&db, path, &queries, c, args.queries).await?;
            out.insert((path, c), (pct(&l.all, 0.5), pct(&l.all, 0.99)));
            levels.push(l);
        }
        print_levels(backend, path, &levels);
        if let Some(top) = levels.pop() {
            kinds.push((path, top));
        }
    }
    for (path, top) in kinds {
        println!(
            "\n{backend}, {} at {} clients, by kind of query:\n\n| kind | searches | p50 ms | p99 ms |\n|---|---:|---:|---:|",
            path.name(),
            top.clients
        );
        for (k, v) in &top.by_kind {
            println!(
                "| {k} | {} | {:.2} | {:.2} |",
                v.len(),
                pct(v, 0.5),
                pct(v, 0.99)
            );
        }
    }
    if !args.no_baseline {
        println!("\nbaseline / this commit (higher: this commit is faster):\n");
        for &c in &args.clients {
            if let (Some(a), Some(b)) =
                (out.get(&(Path::Product, c)), out.get(&(Path::Baseline, c)))
            {
                println!(
                    "- {backend}, {c} clients: p50 {:.1}×, p99 {:.1}×",
                    b.0 / a.0,
                    b.1 / a.1
                );
            }
        }
    }
    db.close().await;
    Ok(out)
}

/// Same total, same scores in the same order, and the same practices above the page's last score
/// (practices with that score are a tie that the database's LIMIT cuts in no particular order).
fn same_page(a: &(u64, Vec<(String, String)>), b: &(u64, Vec<(String, String)>)) -> bool {
    let scores =
        |p: &(u64, Vec<(String, String)>)| p.1.iter().map(|h| h.1.clone()).collect::<Vec<_>>();
    if a.0 != b.0 || scores(a) != scores(b) {
        return false;
    }
    let last = a.1.last().map(|h| h.1.clone());
    a.1.iter()
        .zip(&b.1)
        .all(|(x, y)| Some(&x.1) == last.as_ref() || x.0 == y.0)
}

/// The total and the page's (id, score) of one query, ranked in memory or by the database.
async fn one_page(
    db: &Db,
    q: &Query,
    memory: bool,
) -> anyhow::Result<(u64, Vec<(String, String)>)> {
    let paths = store::practices::SearchPaths {
        result_cache: false,
        memory_ranking: memory,
    };
    let page = store::practices::search_with(db, &q.text, &q.filters, PAGE, 0, paths).await?;
    Ok((
        page.total,
        page.hits
            .iter()
            .map(|h| (h.practice.id.clone(), format!("{:.3}", h.score)))
            .collect(),
    ))
}

async fn pg_database(admin_url: &str) -> anyhow::Result<(String, String)> {
    use store::sea_orm::{ConnectionTrait, Database};
    let name = format!("wsp_bench_search_{}", store::ids::new_id().to_lowercase());
    let admin = Database::connect(admin_url).await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    admin.close().await.ok();
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    Ok((format!("{base}/{name}"), name))
}

async fn pg_drop(admin_url: &str, name: &str) {
    use store::sea_orm::{ConnectionTrait, Database};
    if let Ok(admin) = Database::connect(admin_url).await {
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
        admin.close().await.ok();
    }
}

fn start_pg() -> anyhow::Result<String> {
    let out = std::process::Command::new("scripts/pg-start.sh")
        .output()
        .context("run scripts/pg-start.sh (or set WSPOLNIE_BENCH_PG_URL)")?;
    if !out.status.success() {
        bail!(
            "scripts/pg-start.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.clients.is_empty() || args.practices == 0 || args.queries == 0 {
        bail!("--clients, --practices and --queries must not be empty or zero");
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "search benchmark: {} practices, clients {:?}, {} searches per level and path, page {PAGE}; load average at start {}",
        args.practices,
        args.clients,
        args.queries,
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut sqlite = None;
    if !args.no_sqlite {
        let tmp;
        let dir = match &args.dir {
            Some(d) => d.clone(),
            None => {
                tmp = tempfile::tempdir()?;
                tmp.path().to_path_buf()
            }
        };
        let file = dir.join("search.db");
        if !args.reuse {
            for suffix in ["", "-wal", "-shm"] {
                let f = dir.join(format!("search.db{suffix}"));
                if f.exists() {
                    std::fs::remove_file(&f)?;
                }
            }
        }
        let url = format!("sqlite://{}", file.display());
        sqlite = Some(run_backend("SQLite", &url, &args).await?);
    }
    if !args.no_pg {
        let admin = match &args.pg_url {
            Some(u) => u.clone(),
            None => start_pg()?,
        };
        let (url, name) = pg_database(&admin).await?;
        let res = run_backend("PostgreSQL", &url, &args).await;
        pg_drop(&admin, &name).await;
        res?;
    }
    if let Some(s) = sqlite
        && let Some(&(_, p99)) = s.get(&(Path::Product, GOAL_CLIENTS))
    {
        println!(
            "\ngoal: SQLite p99 < {GOAL_P99_MS} ms at {GOAL_CLIENTS} clients: {p99:.2} ms — {}",
            if p99 < GOAL_P99_MS { "met" } else { "not met" }
        );
    }
    Ok(())
}
