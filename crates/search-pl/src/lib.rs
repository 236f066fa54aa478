//! Polish text analysis for the good-practice library: one analyser for indexing and for queries,
//! on both databases, so a text and a query meet on the same terms.
//!
//! A word goes through: lowercase → stopword check → Snowball Polish stem (`frostem`) → diacritic
//! folding (ą→a, ć→c, ę→e, ł→l, ń→n, ó→o, ś→s, ź/ż→z). A word written with Polish letters also
//! yields the stem of its folded form, so "mikrograntow" typed without Polish letters still meets
//! "mikrograntów" in a text (the stemmer only knows the suffix "ów", not "ow"). The evaluation in
//! `bench/search-eval` measures both choices.

#![forbid(unsafe_code)]

mod stopwords;

use std::collections::{HashMap, HashSet};

use frostem::{Algorithm, Stemmer};

/// Longest query (in characters) that is analysed; the rest is ignored, so a pasted page of text
/// costs no more than a long sentence.
pub const MAX_QUERY_CHARS: usize = 500;

/// Most distinct terms a query contributes to the index lookup.
pub const MAX_QUERY_TERMS: usize = 24;

/// Longest word (in characters) that is indexed; longer "words" are noise (hashes, URLs).
const MAX_WORD_CHARS: usize = 40;

/// How a word is turned into index terms. [`Analysis::Full`] is the project's analyser; the
/// others exist for the evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    /// Lowercase tokens only: no stopwords, no stemming, no folding (the evaluation's baseline).
    Baseline,
    /// Stopwords, stem, then fold.
    StemFold,
    /// [`Analysis::StemFold`] plus the stem of the folded word when it differs (the default).
    Full,
}

/// The index terms of `text` in order (a word may give two terms; stopwords give none).
pub fn analyze(text: &str) -> Vec<String> {
    analyze_with(text, Analysis::Full)
}

/// [`analyze`] with a chosen analysis (for the evaluation).
pub fn analyze_with(text: &str, how: Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for (_, word) in words(text) {
        word_terms(word, how, &mut out);
    }
    out
}

/// The distinct terms of a search query, analysed like texts, from at most [`MAX_QUERY_CHARS`]
/// characters and at most [`MAX_QUERY_TERMS`] terms. Empty for an empty or stopword-only query.
pub fn query_terms(query: &str) -> Vec<String> {
    query_terms_with(query, Analysis::Full)
}

/// [`query_terms`] with a chosen analysis (for the evaluation).
pub fn query_terms_with(query: &str, how: Analysis) -> Vec<String> {
    let cut = query
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(query, |(i, _)| &query[..i]);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for t in analyze_with(cut, how) {
        if out.len() == MAX_QUERY_TERMS {
            break;
        }
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out
}

/// The query's terms grouped by word: each group holds the alternatives one query word gives
/// (its stem, and the stem of its folded form when that differs), so a search can ask for every
/// word (groups AND'ed, alternatives OR'ed) before falling back to any word. Groups are distinct,
/// in query order, and together hold at most [`MAX_QUERY_TERMS`] distinct terms (the same terms
/// as [`query_terms`]).
pub fn query_groups(query: &str) -> Vec<Vec<String>> {
    let cut = query
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(query, |(i, _)| &query[..i]);
    let mut seen = HashSet::new();
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut scratch = Vec::new();
    'words: for (_, word) in words(cut) {
        scratch.clear();
        word_terms(word, Analysis::Full, &mut scratch);
        if scratch.is_empty() || groups.contains(&scratch) {
            continue;
        }
        let mut group = Vec::with_capacity(scratch.len());
        for t in scratch.drain(..) {
            if seen.contains(&t) {
                group.push(t);
                continue;
            }
            if seen.len() == MAX_QUERY_TERMS {
                if !group.is_empty() {
                    groups.push(group);
                }
                break 'words;
            }
            seen.insert(t.clone());
            group.push(t);
        }
        groups.push(group);
    }
    groups
}

/// Whether `folded` (lowercase, without Polish letters) is a stopword of the analyser.
pub fn is_stopword(folded: &str) -> bool {
    stopwords::is_stopword(folded)
}

/// The words of `text` with their byte offsets: maximal runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= text.len() {
                return None;
            }
            let (letter, len) = letter_at(text, i);
            if letter {
                break;
            }
            i += len;
        }
        let start = i;
        while i < text.len() {
            let (letter, len) = letter_at(text, i);
            if !letter {
                break;
            }
            i += len;
        }
        Some((start, &text[start..i]))
    })
}

/// Whether the character at byte `i` (a character boundary) is a letter or digit, and its length
/// in bytes. ASCII and Polish letters without the Unicode tables.
#[inline(always)]
fn letter_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    let letter = matches!(
        c,
        'ą' | 'ć'
            | 'ę'
            | 'ł'
            | 'ń'
            | 'ó'
            | 'ś'
            | 'ź'
            | 'ż'
            | 'Ą'
            | 'Ć'
            | 'Ę'
            | 'Ł'
            | 'Ń'
            | 'Ó'
            | 'Ś'
            | 'Ź'
            | 'Ż'
    ) || c.is_alphanumeric();
    (letter, c.len_utf8())
}

/// The terms of one word (pushed to `out`): none for a stopword or a one-letter word.
fn word_terms(word: &str, how: Analysis, out: &mut Vec<String>) {
    if word.chars().count() > MAX_WORD_CHARS {
        return;
    }
    let lower = word.to_lowercase();
    if how == Analysis::Baseline {
        out.push(lower);
        return;
    }
    let folded = fold(&lower);
    if folded.chars().count() < 2 || stopwords::is_stopword(&folded) {
        return;
    }
    let stemmer = Stemmer::new(Algorithm::Polish);
    let first = fold(&stemmer.stem(&lower));
    if how == Analysis::Full && folded != lower {
        let second = stemmer.stem(&folded).into_owned();
        if second != first {
            out.push(first);
            out.push(second);
            return;
        }
    }
    out.push(first);
}

/// Replaces Polish letters with their base letters (lowercase input expected; other characters
/// are kept).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// An HTML snippet of `text` around the words that match `terms` (the query's terms), with the
/// matched words in `<mark>`. The text is escaped first; at most `max_words` words are shown,
/// starting a little before the first match (or at the start when nothing matches).
pub fn snippet(text: &str, terms: &[String], max_words: usize) -> String {
    Snippets::new(terms).snippet(text, max_words)
}

/// `c` without its Polish diacritic (the letters [`fold`] changes), else `c`.
#[inline]
fn fold_char(c: char) -> char {
    match c {
        'ą' => 'a',
        'ć' => 'c',
        'ę' => 'e',
        'ł' => 'l',
        'ń' => 'n',
        'ó' => 'o',
        'ś' => 's',
        'ź' | 'ż' => 'z',
        other => other,
    }
}

/// The first two characters of `w`, lowercase and folded (`None` for a shorter word).
#[inline]
fn first_two(w: &str) -> Option<[char; 2]> {
    let b = w.as_bytes();
    if b.len() >= 2 && b[0].is_ascii() && b[1].is_ascii() {
        return Some([
            char::from(b[0].to_ascii_lowercase()),
            char::from(b[1].to_ascii_lowercase()),
        ]);
    }
    let norm = |c: char| {
        if c.is_ascii() {
            return c.to_ascii_lowercase();
        }
        fold_char(c.to_lowercase().next().unwrap_or(c))
    };
    let mut it = w.chars();
    Some([norm(it.next()?), norm(it.next()?)])
}

/// A fast hash for short words in a map that lives for one query (no untrusted keys that
/// could be chosen to collide: they come from the practices on one page).
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
}

/// Snippets of several texts for one query ([`snippet`] for each): the words seen once are not
/// analysed again, which is most of the work when a page of results shares its vocabulary.
pub struct Snippets {
    wanted: HashSet<String>,
    /// The first two letters (lowercase, folded) of the terms. Snowball's Polish stemmer never
    /// changes the first two letters of a word (it cuts endings after them and may rewrite the
    /// last letter to its base letter, which folding does anyway), so a word whose first two
    /// letters start no term cannot match and skips the stemmer.
    starts: Vec<[char; 2]>,
    /// Whether each word form seen so far matches a term.
    seen: HashMap<Box<str>, bool, std::hash::BuildHasherDefault<WordHasher>>,
    scratch: Vec<String>,
}

impl Snippets {
    /// Snippets for the query's analysed `terms`.
    pub fn new(terms: &[String]) -> Snippets {
        Snippets {
            wanted: terms.iter().cloned().collect(),
            starts: terms.iter().filter_map(|t| first_two(t)).collect(),
            seen: HashMap::default(),
            scratch: Vec::new(),
        }
    }

    fn matches(&mut self, w: &str) -> bool {
        if !first_two(w).is_some_and(|p| self.starts.contains(&p)) {
            return false;
        }
        if let Some(&m) = self.seen.get(w) {
            return m;
        }
        self.scratch.clear();
        word_terms(w, Analysis::Full, &mut self.scratch);
        let m = self
            .scratch
            .iter()
            .any(|t| self.wanted.contains(t.as_str()));
        self.seen.insert(w.into(), m);
        m
    }

    /// The snippet of `text` (see [`snippet`]).
    pub fn snippet(&mut self, text: &str, max_words: usize) -> String {
        let ws: Vec<(usize, &str)> = words(text).collect();
        if ws.is_empty() {
            return escape(text.chars().take(200).collect::<String>().as_str());
        }
        let hit: Vec<bool> = ws.iter().map(|(_, w)| self.matches(w)).collect();
        // The window with the most matches; ties go to the earliest.
        let max_words = max_words.max(1);
        let mut best = 0;
        let mut best_hits = 0;
        let mut count = hit.iter().take(max_words).filter(|h| **h).count();
        if count > 0 {
            best_hits = count;
        }
        for start in 1..ws.len().saturating_sub(max_words - 1) {
            count -= usize::from(hit[start - 1]);
            count += usize::from(hit[start + max_words - 1]);
            if count > best_hits {
                best_hits = count;
                best = start;
            }
        }
        // Start two words before the first match of the window, for context.
        if let Some(first) = (best..ws.len().min(best + max_words)).find(|&i| hit[i]) {
            best = first.saturating_sub(2);
        }
        let end_word = (best + max_words).min(ws.len());
        let from = if best == 0 { 0 } else { ws[best].0 };
        let last = ws[end_word - 1];
        let to = if end_word == ws.len() {
            text.len()
        } else {
            last.0 + last.1.len()
        };
        // Escaped, with every run of whitespace as one space and none at the ends.
        let mut html = String::with_capacity(to - from + 64);
        if from > 0 {
            html.push('…');
        }
        let mut pos = from;
        for i in best..end_word {
            let (at, w) = ws[i];
            if hit[i] {
                escape_into(&mut html, &text[pos..at]);
                html.push_str("<mark>");
                escape_into(&mut html, w);
                html.push_str("</mark>");
                pos = at + w.len();
            }
        }
        escape_into(&mut html, &text[pos..to]);
        if to < text.len() {
            html.push('…');
        }
        html.truncate(html.trim_end().len());
        html
    }
}

/// Escapes text for HTML content and attributes, every run of whitespace as one space.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` escaped for HTML to `out`, every run of whitespace as one space (none at the
/// start of `out`).
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_whitespace() => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests;
