//! The HTTP surface of wspólnie: server-rendered pages (Polish first, English available), the
//! JSON API under `/api/v1` with its OpenAPI document, authentication, sessions and CSRF.

pub mod api;
mod auth;
mod csrf;
mod error;
mod i18n;
mod pages;
mod security;
mod session_store;
mod state;
mod submit_queue;
mod worker;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use domain::time::Clock;
use store::Db;
use tower_http::limit::RequestBodyLimitLayer;

pub use state::{AppState, Config};

/// Builds the whole application: pages, API, health checks, static files and security headers.
pub fn app(state: AppState) -> Router {
    let api = api::router(state.clone());
    let pages = pages::router(state.clone());
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .nest("/api/v1", api)
        .merge(pages)
        .layer(axum::middleware::from_fn(security::headers))
        .layer(RequestBodyLimitLayer::new(
            pages::UPLOAD_LIMIT + 1024 * 1024,
        ))
        .with_state(state)
}

async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> (axum::http::StatusCode, &'static str) {
    if state.db.ping().await {
        (axum::http::StatusCode::OK, "ready")
    } else {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "database unavailable",
        )
    }
}

/// Creates the state for a database and clock.
pub fn state(db: Db, clock: Arc<dyn Clock>, config: Config) -> AppState {
    AppState::new(state::Shared {
        submit_queue: submit_queue::SubmitQueue::start(db.clone()),
        db,
        clock,
        config: Arc::new(config),
    })
}

/// Serves `app` on `listener` until `shutdown` resolves; also deletes expired sessions hourly.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let db = state.db.clone();
    let clock = state.clock.clone();
    let cleaner = tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let now = domain::time::to_micros(clock.now());
            if let Err(e) = store::sessions::delete_expired(&db, now).await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
    let worker = tokio::spawn(worker::run(state.clone()));
    let result = axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await;
    cleaner.abort();
    worker.abort();
    result
}
