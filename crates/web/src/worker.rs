//! Background work inside `serve`: delivering the outbox and queueing report reminders.
//! Without an SMTP relay configured, delivery means the mail is marked sent and stays readable
//! in the recipient's mailbox page (`/poczta`), which is what the demo and development modes use.

use std::time::Duration;

use crate::AppState;

/// How many days before the report deadline grantees are reminded.
pub const REMINDER_DAYS: i64 = 7;

/// Runs forever; spawned by [`crate::serve`].
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    let mut last_reminders: Option<jiff::Timestamp> = None;
    loop {
        tick.tick().await;
        if let Err(e) = deliver(&state).await {
            tracing::warn!(error = %e, "outbox delivery failed");
        }
        let now = state.now();
        let due = last_reminders.is_none_or(|t| now.duration_since(t).as_secs() >= 3600);
        if due {
            last_reminders = Some(now);
            let today = domain::time::today_warsaw(state.clock.as_ref());
            match store::grants::queue_report_reminders(&state.db, today, REMINDER_DAYS, now).await
            {
                Ok(n) if n > 0 => tracing::info!(count = n, "report reminders queued"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "report reminders failed"),
            }
            match store::consultations::programmes::queue_reminders(&state.db, today, now).await {
                Ok(n) if n > 0 => {
                    tracing::info!(count = n, "cooperation programme reminders queued")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cooperation programme reminders failed"),
            }
        }
    }
}

/// Delivers what the outbox holds (see the module comment).
pub async fn deliver(state: &AppState) -> Result<usize, store::StoreError> {
    let pending = store::outbox::pending(&state.db, 500).await?;
    let n = pending.len();
    for mail in &pending {
        tracing::info!(to = %mail.recipient, subject = %mail.subject, "mail delivered to the mailbox");
    }
    let ids: Vec<String> = pending.into_iter().map(|m| m.id).collect();
    store::outbox::mark_sent(&state.db, &ids, domain::time::to_micros(state.now())).await?;
    Ok(n)
}
