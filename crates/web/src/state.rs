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

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<Config>,
    /// Group commit of application submissions.
    pub submit_queue: crate::submit_queue::SubmitQueue,
}

impl AppState {
    /// The current instant from the injectable clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }
}
