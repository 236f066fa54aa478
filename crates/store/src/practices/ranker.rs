//! Ranking practice searches in memory (SQLite).
//!
//! FTS5 finds the practices with a word quickly, but to return the best 20 it computes bm25 for
//! every one of them, reading each row's position lists and size: for a word in half of a large
//! library that is tens of milliseconds per search, and a queue of them at 32 concurrent clients.
//! This module keeps, per process, a copy of what the FTS5 table holds — for every term the
//! practices that contain it with the number of occurrences, for every practice its size in
//! tokens — and ranks with the same formula as FTS5's `bm25(practices_fts, 1.0, 0.0)` (k1 = 1.2,
//! b = 0.75, idf clamped to 1e-6, sizes over both columns, sums in the order of the query's
//! phrases), so it returns the same practices in the same order as the database would, only
//! without touching the disk.
//!
//! The copy is derived state, like the result cache: it is built from `search_tokens` in one read
//! transaction together with the `search_generation` token, and used only while that token is
//! still the current one. After any change (publish, edit, return, reindex) the next search uses
//! the database and starts a rebuild in the background; nothing needs to be told and a restart
//! loses nothing. PostgreSQL keeps ranking in the database (`ts_rank`), where several app
//! servers share one index.

use std::cell::RefCell;
use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::search::{AND_MIN, Filters, filter_tokens};
use crate::{Db, StoreError};

/// bm25 parameters as FTS5 has them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// More query words than this are left to the database (a bit per word marks the matches).
const MAX_GROUPS: usize = 32;

/// The in-memory index of one generation of the library.
#[derive(Debug)]
pub(crate) struct Index {
    token: String,
    /// The number of rows FTS5 computes idf with.
    rows: u64,
    /// Practice ids by document number: newest published first, then by id (the order of ties).
    ids: Vec<String>,
    /// Per document: `k1 * (1 - b + b * D / avgdl)`, D its size in tokens over both columns.
    norm: Vec<f64>,
    terms: HashMap<Box<str>, Postings>,
    /// Filter tokens: the documents that have each, ascending.
    facets: HashMap<Box<str>, Vec<u32>>,
}

#[derive(Debug, Default)]
struct Postings {
    /// Ascending document numbers with the term's number of occurrences in each.
    docs: Vec<u32>,
    tfs: Vec<u16>,
    /// `(f * (k1 + 1)) / (f + norm)` per document, in f32: the first, approximate pass.
    w: Vec<f32>,
}

/// Builds an [`Index`]: first the order of the documents, then their tokens in any order.
pub(crate) struct Builder {
    numbers: HashMap<String, u32>,
    ids: Vec<String>,
    sizes: Vec<u64>,
    terms: HashMap<Box<str>, Vec<(u32, u16)>>,
    facets: HashMap<Box<str>, Vec<u32>>,
}

impl Builder {
    /// The published practices as `(id, published_at)`: document numbers go newest first, then
    /// by id.
    pub(crate) fn new(mut dated: Vec<(String, i64)>) -> Builder {
        dated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let ids: Vec<String> = dated.into_iter().map(|(id, _)| id).collect();
        Builder {
            numbers: ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i as u32))
                .collect(),
            sizes: vec![0; ids.len()],
            ids,
            terms: HashMap::new(),
            facets: HashMap::new(),
        }
    }

    /// Adds the `search_tokens` of practice `id` (terms, then a line of filter tokens); ids not
    /// given to [`Builder::new`] are left out.
    pub(crate) fn add(&mut self, id: &str, search_tokens: &str) {
        let Some(&doc) = self.numbers.get(id) else {
            return;
        };
        let (words, facet_line) = search_tokens
            .split_once('\n')
            .unwrap_or((search_tokens, ""));
        let mut counts: HashMap<&str, u32> = HashMap::with_capacity(256);
        let mut size = 0u64;
        for w in words.split_whitespace() {
            *counts.entry(w).or_default() += 1;
            size += 1;
        }
        for (w, tf) in counts {
            let tf = u16::try_from(tf).unwrap_or(u16::MAX);
            match self.terms.get_mut(w) {
                Some(p) => p.push((doc, tf)),
                None => {
                    self.terms.insert(w.into(), vec![(doc, tf)]);
                }
            }
        }
        for f in facet_line.split_whitespace() {
            size += 1;
            match self.facets.get_mut(f) {
                Some(l) => l.push(doc),
                None => {
                    self.facets.insert(f.into(), vec![doc]);
                }
            }
        }
        self.sizes[doc as usize] += size;
    }

    /// The index under `token`, with FTS5's own counts of rows and tokens where given (see
    /// [`fts5_totals`]), else the documents' own.
    pub(crate) fn finish(self, token: String, totals: Option<(u64, u64)>) -> Index {
        let counted = (self.ids.len() as u64, self.sizes.iter().sum::<u64>());
        let (rows, tokens) = totals.unwrap_or(counted);
        let avgdl = tokens as f64 / rows.max(1) as f64;
        let norm: Vec<f64> = self
            .sizes
            .iter()
            .map(|&d| K1 * (1.0 - B + B * d as f64 / avgdl))
            .collect();
        let terms = self
            .terms
            .into_iter()
            .map(|(t, mut list)| {
                list.sort_unstable_by_key(|&(d, _)| d);
                let p = Postings {
                    docs: list.iter().map(|&(d, _)| d).collect(),
                    tfs: list.iter().map(|&(_, tf)| tf).collect(),
                    w: list
                        .iter()
                        .map(|&(d, tf)| {
                            let f = f64::from(tf);
                            ((f * (K1 + 1.0)) / (f + norm[d as usize])) as f32
                        })
                        .collect(),
                };
                (t, p)
            })
            .collect();
        let facets = self
            .facets
            .into_iter()
            .map(|(f, mut list)| {
                list.sort_unstable();
                list.dedup();
                list.shrink_to_fit();
                (f, list)
            })
            .collect();
        Index {
            token,
            rows,
            ids: self.ids,
            norm,
            terms,
            facets,
        }
    }
}

impl Index {
    /// The number of practices in the index.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Terms, postings, and the bytes the index holds (approximately).
    pub(crate) fn size(&self) -> (usize, usize, usize) {
        let postings: usize = self.terms.values().map(|p| p.docs.len()).sum();
        let keys: usize = self.terms.keys().map(|k| k.len() + 40).sum();
        let facets: usize = self.facets.values().map(|l| l.len() * 4).sum();
        let ids: usize = self.ids.iter().map(|i| i.len() + 24).sum();
        let bytes = postings * 10 + keys + facets + ids + self.norm.len() * 8;
        (self.terms.len(), postings, bytes)
    }

    /// What [`super::search::find`] returns, ranked here: the total and one page of
    /// `(practice id, score)`. `None` when the query is one to leave to the database.
    pub(crate) fn find(
        &self,
        groups: &[Vec<String>],
        filters: &Filters,
        limit: u64,
        offset: u64,
    ) -> Option<(u64, Vec<(String, f64)>)> {
        if groups.len() > MAX_GROUPS {
            return None;
        }
        let n = self.ids.len();
        // The documents every filter token allows (None: no filter).
        let mut allowed: Option<Vec<bool>> = None;
        for f in filter_tokens(filters) {
            let list = self.facets.get(f.as_str()).map_or(&[][..], Vec::as_slice);
            let mut next = vec![false; n];
            for &d in list {
                if allowed.as_ref().is_none_or(|a| a[d as usize]) {
                    next[d as usize] = true;
                }
            }
            allowed = Some(next);
        }
        let pass = |d: u32| allowed.as_ref().is_none_or(|a| a[d as usize]);
        let want = (offset + limit) as usize;
        if groups.is_empty() {
            // Newest first: document order.
            let mut total = 0u64;
            let mut page = Vec::new();
            for d in (0..n as u32).filter(|&d| pass(d)) {
                if total >= offset && total < offset + limit {
                    page.push((self.ids[d as usize].clone(), 0.0));
                }
                total += 1;
            }
            return Some((total, page));
        }
        // The query's phrases in the order FTS5 numbers them, with their idf.
        let nf = self.rows as f64;
        let phrases: Vec<(usize, Option<&Postings>, f64)> = groups
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| g.iter().map(move |t| (gi, t)))
            .map(|(gi, t)| {
                let p = self.terms.get(t.as_str());
                let hits = p.map_or(0, |p| p.docs.len()) as f64;
                let mut idf = ((nf - hits + 0.5) / (hits + 0.5)).ln();
                if idf <= 0.0 {
                    idf = 1e-6;
                }
                (gi, p, idf)
            })
            .collect();
        // First pass with the precomputed f32 weights: the matches, their number and the
        // best `want` by approximate score, then every match within f32's error of the worst
        // kept (the candidates).
        let present: Vec<&(usize, Option<&Postings>, f64)> =
            phrases.iter().filter(|p| p.1.is_some()).collect();
        let allowed = allowed.as_deref();
        let (total, approx) = match &present[..] {
            // One phrase in the index (one word, one form): its postings are the matches.
            [(_, Some(p), idf)] => single(p, *idf as f32, want, allowed),
            _ => SCRATCH.with(|s| {
                accumulate(
                    &mut s.borrow_mut(),
                    n,
                    groups.len(),
                    &phrases,
                    want,
                    allowed,
                )
            }),
        };
        // Then the candidates' exact scores, computed as FTS5's bm25 does.
        let mut exact: Vec<Candidate> = approx
            .into_iter()
            .map(|d| Candidate {
                score: self.exact(&phrases, d),
                doc: d,
            })
            .collect();
        exact.sort_unstable();
        let page = exact
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            // As the SQL: a match shows a score above 0 even where bm25 gives nearly nothing.
            .map(|c| (self.ids[c.doc as usize].clone(), c.score.max(0.001)))
            .collect();
        Some((total as u64, page))
    }

    /// bm25 of document `d` as FTS5 computes it: per phrase in order,
    /// `idf * (f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))`, summed.
    fn exact(&self, phrases: &[(usize, Option<&Postings>, f64)], d: u32) -> f64 {
        let mut score = 0.0;
        for &(_, p, idf) in phrases {
            let Some(p) = p else { continue };
            if let Ok(k) = p.docs.binary_search(&d) {
                let f = f64::from(p.tfs[k]);
                score += idf * (f * (K1 + 1.0)) / (f + self.norm[d as usize]);
            }
        }
        score
    }
}

/// The lower bound of the candidates below a worst kept score `t`: within f32's error (far less
/// than 1e-4 of the score), so that the exact top `want` is among them.
fn floor_below(t: f64) -> f64 {
    t - (t.abs() * 1e-4 + 1e-12)
}

/// The first pass of a query with a single phrase in the index: (total, candidates).
fn single(p: &Postings, idf: f32, want: usize, allowed: Option<&[bool]>) -> (usize, Vec<u32>) {
    let mut best = Best::new(want);
    let total = match allowed {
        None => {
            for (&d, &w) in p.docs.iter().zip(&p.w) {
                best.offer(f64::from(idf * w), d);
            }
            p.docs.len()
        }
        Some(a) => {
            let mut total = 0;
            for (&d, &w) in p.docs.iter().zip(&p.w) {
                if a[d as usize] {
                    total += 1;
                    best.offer(f64::from(idf * w), d);
                }
            }
            total
        }
    };
    (total, best.candidates())
}

/// The first pass of a query with several phrases: scores and matched words accumulated per
/// document, the documents touched listed; (total, candidates). Filters are applied when
/// reading the list, once per document.
fn accumulate(
    s: &mut Scratch,
    n: usize,
    groups: usize,
    phrases: &[(usize, Option<&Postings>, f64)],
    want: usize,
    allowed: Option<&[bool]>,
) -> (usize, Vec<u32>) {
    if s.slots.len() < n {
        s.slots.resize(n, Slot::default());
    }
    // Room for every document and one more: each posting writes its document at the end of the
    // list and keeps it only when it is new (no branch to mispredict in the loop).
    if s.touched.len() < n + 1 {
        s.touched.resize(n + 1, 0);
    }
    let slots = &mut s.slots[..n];
    let touched = &mut s.touched[..n + 1];
    let mut len = 0;
    for &(gi, p, idf) in phrases {
        let Some(p) = p else { continue };
        let bit = 1u32 << gi;
        let idf = idf as f32;
        for (&d, &w) in p.docs.iter().zip(&p.w) {
            let slot = &mut slots[d as usize];
            touched[len] = d;
            len += usize::from(slot.groups == 0);
            slot.groups |= bit;
            slot.score += idf * w;
        }
    }
    let touched = &touched[..len];
    let full = if groups == 32 {
        u32::MAX
    } else {
        (1u32 << groups) - 1
    };
    // One pass: the best by any word, and the number and best of those with every word; the
    // slots are cleared on the way.
    let multi = groups > 1;
    let mut any_count = 0;
    let mut all_count = 0;
    let mut best_any = Best::new(want);
    let mut best_all = Best::new(if multi { want } else { 0 });
    for &d in touched {
        let i = d as usize;
        let Slot { score, groups: m } = std::mem::take(&mut slots[i]);
        if allowed.is_some_and(|a| !a[i]) {
            continue;
        }
        let sc = f64::from(score);
        any_count += 1;
        best_any.offer(sc, d);
        if multi && m == full {
            all_count += 1;
            best_all.offer(sc, d);
        }
    }
    // Every word when enough practices have them all, else any (as the database does).
    if multi && all_count as u64 >= AND_MIN {
        (all_count, best_all.candidates())
    } else {
        (any_count, best_any.candidates())
    }
}

/// The best `want` documents offered, in a heap whose top is the worst kept, and every document
/// offered at or above the candidates' floor at the time: the floor only rises, so the
/// candidates under the final floor are among them (no second pass over the matches).
struct Best {
    want: usize,
    heap: BinaryHeap<Candidate>,
    /// Below this an offer can be neither kept nor a candidate (-inf until the heap is full).
    floor: f64,
    seen: Vec<(f64, u32)>,
}

impl Best {
    fn new(want: usize) -> Best {
        Best {
            want,
            heap: BinaryHeap::with_capacity(want.min(4096) + 1),
            floor: if want == 0 {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            },
            seen: Vec::new(),
        }
    }

    /// Most offers fall below the floor: that test is inlined, the rest is not.
    #[inline(always)]
    fn offer(&mut self, score: f64, doc: u32) {
        if score >= self.floor {
            self.keep(score, doc);
        }
    }

    #[inline(never)]
    fn keep(&mut self, score: f64, doc: u32) {
        self.seen.push((score, doc));
        let c = Candidate { score, doc };
        if self.heap.len() < self.want {
            self.heap.push(c);
        } else if self.heap.peek().is_some_and(|worst| c < *worst) {
            self.heap.pop();
            self.heap.push(c);
        } else {
            return;
        }
        if self.heap.len() == self.want
            && let Some(worst) = self.heap.peek()
        {
            self.floor = floor_below(worst.score);
        }
    }

    /// The documents whose exact score may be among the best `want`.
    fn candidates(self) -> Vec<u32> {
        let floor = self.floor;
        self.seen
            .into_iter()
            .filter(|&(s, _)| s >= floor)
            .map(|(_, d)| d)
            .collect()
    }
}

/// A ranked match; "less" is better: a higher score, then the earlier document (newer, then by
/// id).
#[derive(Clone, Copy, Debug)]
struct Candidate {
    score: f64,
    doc: u32,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Candidate {}

/// A document's score and words matched so far in one search.
#[derive(Clone, Copy, Default)]
struct Slot {
    score: f32,
    groups: u32,
}

/// Per-thread buffers of one search (a slot per document, the documents touched).
#[derive(Default)]
struct Scratch {
    slots: Vec<Slot>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// This process's in-memory index and its rebuilds.
#[derive(Debug, Default)]
pub struct Ranker {
    current: Mutex<Option<Arc<Index>>>,
    building: AtomicBool,
}

impl Ranker {
    /// The index built under `token`, if that is the one there is.
    pub(crate) fn get(&self, token: &str) -> Option<Arc<Index>> {
        let cur = self.current.lock().unwrap_or_else(|e| e.into_inner());
        cur.as_ref().filter(|i| i.token == token).cloned()
    }

    fn set(&self, index: Index) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(index));
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// Runs `f` on this process's ranking threads, one per core, which take the jobs in order of
/// arrival (`None` if the job panicked). Ranking in memory never waits, so running it on the
/// runtime's threads would keep them from taking new requests and leave the order to the
/// runtime's queues, which are not first come first served; here it is a plain queue, and each
/// thread keeps its warm buffers from one search to the next.
pub(crate) async fn on_ranking_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    static QUEUE: std::sync::OnceLock<std::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..cores {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("search-rank-{i}"))
                .spawn(move || {
                    loop {
                        let job = {
                            let rx = rx.lock().unwrap_or_else(|e| e.into_inner());
                            rx.recv()
                        };
                        let Ok(job) = job else { return };
                        // A panic drops the job's answer (its caller gets `None`), not the thread.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!("practice search: no ranking thread {i}: {e}");
            }
        }
        tx
    });
    let (tx, rx) = tokio::sync::oneshot::channel();
    queue
        .send(Box::new(move || {
            let _ = tx.send(f());
        }))
        .ok()?;
    rx.await.ok()
}

/// The index for `token`, or `None` after starting (at most one at a time) a rebuild in the
/// background; `None` also on PostgreSQL or when switched off.
pub(crate) fn for_token(db: &Db, token: &str) -> Option<Arc<Index>> {
    let ranker = db.ranker()?;
    if let Some(i) = ranker.get(token) {
        return Some(i);
    }
    if !ranker.building.swap(true, Ordering::AcqRel) {
        let db = db.clone();
        let spawned = tokio::runtime::Handle::try_current().map(|h| {
            h.spawn_blocking(move || {
                match build(&db) {
                    Ok(n) => tracing::debug!("practice search: in-memory index of {n} practices"),
                    Err(e) => tracing::warn!("practice search: in-memory index not built: {e}"),
                }
                if let Some(r) = db.ranker() {
                    r.building.store(false, Ordering::Release);
                }
            })
        });
        if spawned.is_err() {
            ranker.building.store(false, Ordering::Release);
        }
    }
    None
}

/// Builds the index from the current library (one read transaction: the token and the rows
/// agree) and installs it; returns its size. Blocks the calling thread.
pub(crate) fn build(db: &Db) -> Result<usize, StoreError> {
    let (Some(ranker), Some(lite)) = (db.ranker(), db.lite()) else {
        return Ok(0);
    };
    let index = lite.read(|c| {
        let token = super::cache::token_on(c)?;
        let dated = crate::lite::query(
            c,
            "SELECT id, COALESCE(published_at, 0) FROM practices WHERE status = 'published'",
            (),
            |r| {
                Ok((
                    crate::lite::text(r, 0)?.unwrap_or_default(),
                    r.get::<_, i64>(1).map_err(crate::lite::db_err)?,
                ))
            },
        )?;
        let mut builder = Builder::new(dated);
        // The texts one row at a time, borrowed from SQLite (a large library's terms are
        // hundreds of megabytes).
        let mut stmt = c
            .prepare("SELECT id, search_tokens FROM practices WHERE status = 'published'")
            .map_err(crate::lite::db_err)?;
        let mut rows = stmt.query(()).map_err(crate::lite::db_err)?;
        while let Some(r) = rows.next().map_err(crate::lite::db_err)? {
            let text = |i| -> Result<&str, StoreError> {
                match r.get_ref(i).map_err(crate::lite::db_err)? {
                    rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t)
                        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e.to_string()))),
                    _ => Ok(""),
                }
            };
            builder.add(text(0)?, text(1)?);
        }
        drop(rows);
        drop(stmt);
        let block = crate::lite::query(
            c,
            "SELECT block FROM practices_fts_data WHERE id = 1",
            (),
            |r| r.get::<_, Vec<u8>>(0).map_err(crate::lite::db_err),
        )?;
        let totals = block.first().and_then(|b| fts5_totals(b));
        Ok(builder.finish(token, totals))
    })?;
    let n = index.len();
    ranker.set(index);
    Ok(n)
}

/// FTS5's counts that bm25 uses, from the table's averages record (`%_data` row 1: varints of
/// the number of rows, then of the tokens in each column): rows, and tokens over both columns.
/// They are FTS5's, not recounted: a contentless table with `contentless_delete` does not take a
/// deleted row out of them, and ranking the same as the database means using the same numbers.
fn fts5_totals(block: &[u8]) -> Option<(u64, u64)> {
    let mut values = Vec::new();
    let mut i = 0;
    while i < block.len() && values.len() < 3 {
        let mut v: u64 = 0;
        loop {
            let byte = *block.get(i)?;
            i += 1;
            v = (v << 7) | u64::from(byte & 0x7f);
            if byte < 0x80 {
                break;
            }
        }
        values.push(v);
    }
    match values[..] {
        [rows, tokens, facets] if rows > 0 => Some((rows, tokens + facets)),
        _ => None,
    }
}

/// The size of this process's in-memory index: (practices, terms, postings, approximate
/// bytes), or `None` when there is none.
pub fn size(db: &Db) -> Option<(usize, usize, usize, usize)> {
    let ranker = db.ranker()?;
    let cur = ranker.current.lock().unwrap_or_else(|e| e.into_inner());
    cur.as_ref().map(|i| {
        let (terms, postings, bytes) = i.size();
        (i.len(), terms, postings, bytes)
    })
}

/// Builds the in-memory index now (after loading a library, before measuring, in tests).
pub async fn warm(db: &Db) -> Result<usize, StoreError> {
    let db = db.clone();
    tokio::task::spawn_blocking(move || build(&db))
        .await
        .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(format!("index build: {e}"))))?
}
