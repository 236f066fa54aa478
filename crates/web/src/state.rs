use std::sync::Arc;

use domain::time::Clock;
use store::Db;

/// Settings of a running server.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Mark cookies `Secure` (set when the public URL is https).
    pub secure_cookies: bool,
    /// Demo mode: demo accounts are listed on the login page.
    pub demo: bool,
}

/// What every handler can reach: one shared allocation, so the copy that routing and every
/// extractor make per request is one reference count, not one per connection pool and cache
/// (measured in a profile of the deadline surge: ~2% of the server's CPU went to those copies).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The contents of [`AppState`].
#[derive(Debug)]
pub struct Shared {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    /// Group commit of application submissions.
    pub submit_queue: crate::submit_queue::SubmitQueue,
}

impl Shared {
    /// The current instant from the injectable clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }
}
