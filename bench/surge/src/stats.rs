//! Latency percentiles, CPU time from `/proc` and the result table.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Hands the indices `0..n` out to concurrent clients, one at a time, until all are taken or the
/// run's time cap has passed since it was created.
pub struct Dispenser {
    next: AtomicUsize,
    n: usize,
    start: Instant,
    cap: Duration,
    capped: AtomicBool,
}

impl Dispenser {
    pub fn new(n: usize, cap: Duration) -> Dispenser {
        Dispenser {
            next: AtomicUsize::new(0),
            n,
            start: Instant::now(),
            cap,
            capped: AtomicBool::new(false),
        }
    }

    /// The next index to send, `None` when the run is over.
    pub fn next(&self) -> Option<usize> {
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= self.n {
            return None;
        }
        if self.start.elapsed() > self.cap {
            self.capped.store(true, Ordering::Relaxed);
            return None;
        }
        Some(i)
    }

    /// When the run started.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// Whether the time cap stopped the run before every index was handed out.
    pub fn capped(&self) -> bool {
        self.capped.load(Ordering::Relaxed)
    }
}

/// What one measured run (one path at one client level) produced.
#[derive(Debug)]
pub struct Run {
    pub clients: usize,
    pub path: &'static str,
    pub ok: usize,
    pub errors: usize,
    /// From the first request sent to the last answer received.
    pub wall: Duration,
    /// One entry per successful submission: send → answer fully read.
    pub latencies: Vec<Duration>,
    /// CPU seconds of the process that did the work (the server, or this bench for the raw runs).
    pub cpu: Option<f64>,
    /// CPU seconds of this bench process (the HTTP clients) during an app run.
    pub client_cpu: Option<f64>,
    /// Whether the time cap stopped it before every submission was sent.
    pub capped: bool,
    /// Transactions committed (raw runs) — submissions per commit shows the batching.
    pub commits: Option<usize>,
}

impl Run {
    pub fn rate(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64().max(1e-9)
    }

    /// Nearest-rank percentile in milliseconds (`p` in 0..=100).
    pub fn pct(&self, p: f64) -> f64 {
        percentile_ms(&self.latencies, p)
    }
}

/// Nearest-rank percentile of `sorted_or_not` in milliseconds; 0 when empty.
pub fn percentile_ms(values: &[Duration], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    let i = rank.clamp(1, v.len()) - 1;
    v[i].as_secs_f64() * 1000.0
}

/// User + system CPU seconds of a process (all its threads), from `/proc/<pid>/stat`. Linux
/// only; `None` elsewhere. Clock ticks are taken as 100 per second (`USER_HZ` on Linux).
pub fn cpu_seconds(pid: Option<u32>) -> Option<f64> {
    let path = match pid {
        Some(p) => format!("/proc/{p}/stat"),
        None => "/proc/self/stat".to_string(),
    };
    let stat = std::fs::read_to_string(path).ok()?;
    // The command name (field 2) may hold spaces: the fields we need follow its closing ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // rest[0] is field 3 (state); utime is field 14, stime field 15.
    let utime: f64 = f.get(11)?.parse().ok()?;
    let stime: f64 = f.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The machine's load average over one minute (to say how busy it was).
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

pub fn print_table(runs: &[Run]) {
    println!();
    println!(
        "{:>7}  {:<24} {:>6} {:>4} {:>9} {:>8} {:>8} {:>8} {:>8} {:>11} {:>11}",
        "clients",
        "path",
        "ok",
        "err",
        "subm/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "CPU ms/subm",
        "subm/commit"
    );
    println!("{}", "-".repeat(120));
    for r in runs {
        let cpu = r
            .cpu
            .map(|c| format!("{:.2}", c * 1000.0 / r.ok.max(1) as f64))
            .unwrap_or_else(|| "-".into());
        let per_commit = r
            .commits
            .map(|c| format!("{:.1}", r.ok as f64 / c.max(1) as f64))
            .unwrap_or_else(|| "-".into());
        println!(
            "{:>7}  {:<24} {:>6} {:>4} {:>9.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>11} {:>11}{}",
            r.clients,
            r.path,
            r.ok,
            r.errors,
            r.rate(),
            r.pct(50.0),
            r.pct(90.0),
            r.pct(99.0),
            r.pct(100.0),
            cpu,
            per_commit,
            if r.capped { "  (time cap hit)" } else { "" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile_ms(&v, 50.0), 50.0);
        assert_eq!(percentile_ms(&v, 99.0), 99.0);
        assert_eq!(percentile_ms(&v, 100.0), 100.0);
        assert_eq!(percentile_ms(&[], 99.0), 0.0);
    }

    #[test]
    fn own_cpu_time_is_readable_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(cpu_seconds(None).is_some());
        }
    }
}
