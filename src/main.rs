//! `wspolnie`: the platform's one binary — the server and the administrator's commands.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use domain::accounts::{Email, Password, PersonName, Role};
use domain::time::{Clock, SystemClock};
use store::Db;

/// mimalloc instead of glibc's malloc: measured with `bench/surge`, the server spends a tenth of
/// its CPU in the allocator at a deadline surge (many small allocations per request).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "wspolnie",
    version,
    about = "Platforma współpracy samorządu z NGO, grupami nieformalnymi i mieszkańcami"
)]
struct Cli {
    /// Database URL: sqlite://path/file.db (default) or postgres://user@host/db.
    #[arg(long, global = true, env = "DATABASE_URL", default_value = store::default_database_url())]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the server (migrations run first).
    Serve {
        #[arg(long, env = "WSPOLNIE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Load demo data when the database is empty and list demo accounts on the login page.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure (use behind HTTPS).
        #[arg(long, env = "WSPOLNIE_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Municipalities.
    Municipality {
        #[command(subcommand)]
        command: MunicipalityCommand,
    },
    /// Writes a consistent copy of the database to FILE (safe while the server runs).
    Backup { file: PathBuf },
    /// Replaces the database content with the backup in FILE.
    Restore { file: PathBuf },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Applies pending migrations and exits.
    Migrate,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Creates an account (password read from standard input) and grants a role.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, officer, evaluator, council or metropolis.
        #[arg(long)]
        role: String,
        /// The municipality's slug; omit for a platform-wide role.
        #[arg(long)]
        municipality: Option<String>,
    },
}

#[derive(Subcommand)]
enum MunicipalityCommand {
    /// Adds a municipality.
    Add {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        /// 7-digit TERYT code.
        #[arg(long)]
        teryt: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Checks every entry's hash and link; exits 1 when the log was tampered with.
    Verify,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WSPOLNIE_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let db = Db::connect(&cli.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", cli.database_url))?;
    db.migrate().await.context("migrations failed")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command {
        Command::Serve {
            addr,
            demo,
            secure_cookies,
        } => serve(db, clock, &addr, demo, secure_cookies).await,
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    municipality,
                },
        } => {
            add_user(
                &db,
                clock.now(),
                &email,
                &name,
                &role,
                municipality.as_deref(),
            )
            .await
        }
        Command::Municipality {
            command: MunicipalityCommand::Add { slug, name, teryt },
        } => {
            let id =
                store::municipalities::create(&db, &slug, &name, teryt.as_deref(), clock.now())
                    .await
                    .map_err(explain)?;
            println!("municipality {slug} created (id {id})");
            Ok(())
        }
        Command::Backup { file } => {
            let s = store::backup::backup(&db, &file).await?;
            println!(
                "backup written to {}: {} tables, {} rows",
                file.display(),
                s.tables,
                s.rows
            );
            Ok(())
        }
        Command::Restore { file } => {
            let s = store::backup::restore(&db, &file).await?;
            println!(
                "restored from {}: {} tables, {} rows",
                file.display(),
                s.tables,
                s.rows
            );
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => match store::audit::verify(&db).await? {
            store::audit::Verification::Intact { entries } => {
                println!("audit log intact: {entries} entries");
                Ok(())
            }
            store::audit::Verification::Broken { seq, reason } => {
                eprintln!("audit log BROKEN at entry {seq}: {reason}");
                std::process::exit(1);
            }
        },
        Command::Migrate => {
            println!("migrations applied");
            Ok(())
        }
    }
}

/// Turns field errors into a readable CLI error.
fn explain(e: store::StoreError) -> anyhow::Error {
    match e {
        store::StoreError::Invalid(errors) => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message_en))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        store::StoreError::Conflict(e) => anyhow::anyhow!("{}: {}", e.field, e.message_en),
        other => other.into(),
    }
}

async fn add_user(
    db: &Db,
    now: jiff::Timestamp,
    email: &str,
    name: &str,
    role: &str,
    municipality: Option<&str>,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| {
        anyhow::anyhow!(
            "email: {}",
            domain::Localized::message(&e, domain::Lang::En)
        )
    })?;
    let name = PersonName::parse(name).map_err(|e| {
        anyhow::anyhow!("name: {}", domain::Localized::message(&e, domain::Lang::En))
    })?;
    let Some(role) = Role::parse(role) else {
        bail!("role must be one of admin, officer, evaluator, council, metropolis");
    };
    let municipality_id = match municipality {
        Some(slug) => Some(
            store::municipalities::by_slug(db, slug)
                .await?
                .with_context(|| format!("no municipality with slug {slug}"))?
                .id,
        ),
        None => None,
    };
    if matches!(role, Role::Officer | Role::Evaluator | Role::Council) && municipality_id.is_none()
    {
        bail!("role {} needs --municipality SLUG", role.as_str());
    }
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .context("cannot read the password from standard input")?;
    let password = Password::parse(input.trim_end_matches(['\n', '\r'])).map_err(|e| {
        anyhow::anyhow!(
            "password: {}",
            domain::Localized::message(&e, domain::Lang::En)
        )
    })?;
    let pw = password.expose().to_string();
    let hash = tokio::task::spawn_blocking(move || store::passwords::hash(&pw)).await??;
    let id = store::accounts::create_user(db, &email, &name, hash, None, now)
        .await
        .map_err(explain)?;
    store::accounts::grant_role(db, &id, role, municipality_id.as_deref(), None, now)
        .await
        .map_err(explain)?;
    println!(
        "user {} created (id {id}) with role {}",
        email.as_str(),
        role.as_str()
    );
    Ok(())
}

async fn serve(
    db: Db,
    clock: Arc<dyn Clock>,
    addr: &str,
    demo: bool,
    secure_cookies: bool,
) -> anyhow::Result<()> {
    if demo {
        match store::demo::load_if_empty(&db, clock.now()).await? {
            Some(accounts) => {
                println!(
                    "Demo data loaded. Demo accounts (password: {}):",
                    store::demo::DEMO_PASSWORD
                );
                for a in accounts {
                    println!("  {:<28} {}", a.email, a.description);
                }
            }
            None => println!(
                "Database not empty: demo data not loaded. Demo accounts, if present, use the password {}",
                store::demo::DEMO_PASSWORD
            ),
        }
    }
    // The practice library's ranking copy (SQLite), built while the server starts listening.
    let warm_db = db.clone();
    tokio::spawn(async move {
        match store::practices::ranker::warm(&warm_db).await {
            Ok(n) if n > 0 => tracing::info!("practice search: {n} practices ranked in memory"),
            Ok(_) => {}
            Err(e) => tracing::warn!("practice search ranks in the database: {e}"),
        }
    });
    let listener = listen(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    println!("wspólnie listening on http://{local}");
    let state = web::state(
        db.clone(),
        clock,
        web::Config {
            secure_cookies,
            demo,
        },
    );
    web::serve(listener, state, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// Listens on `addr` with room for a burst of new connections. `TcpListener::bind` asks for a
/// queue of 128 waiting connections: when hundreds of applicants open their first connection in
/// the same instant before a deadline, the kernel drops the rest and each of them waits a whole
/// second for its SYN to be retried (seen in `bench/surge`). The kernel caps the request at
/// `net.core.somaxconn`.
async fn listen(addr: &str) -> std::io::Result<tokio::net::TcpListener> {
    let mut last = None;
    for a in tokio::net::lookup_host(addr).await? {
        let socket = if a.is_ipv4() {
            tokio::net::TcpSocket::new_v4()?
        } else {
            tokio::net::TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        match socket.bind(a).and_then(|()| socket.listen(4096)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::AddrNotAvailable,
            "the address resolves to nothing",
        )
    }))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
