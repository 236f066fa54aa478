//! Prints recall@10 and nDCG@10 of practice search over a judged corpus, for the project's
//! analyser next to a baseline (lowercase words, no stopwords, stemming or folding), computed in
//! the same run with the same BM25 ranking (k1 = 1.2, b = 0.75, terms OR'ed, as SQLite FTS5 does).
//!
//! Corpus: the demo practices (`crates/store/src/practices/demo_practices.json`) and
//! `extra_corpus.json`, all written for this project. Queries and judgements: `queries.json`
//! (`[query, [relevant document indexes]]`, indexes in corpus order).
//!
//! Run: `cargo run -p search-eval --release`.

use std::collections::{HashMap, HashSet};

use search_pl::Analysis;
use serde::Deserialize;

/// How texts and queries become terms.
#[derive(Clone, Copy)]
enum Analyser<'a> {
    /// One of `search-pl`'s analyses.
    Builtin(Analysis),
    /// A form → lemma map from hunspell-pl (keys and lemmas lowercase and folded), with the
    /// project's Snowball analysis for words the map does not know. With `with_stem`, a known
    /// word also gives its Snowball terms.
    Lemma { map: &'a Lemmas, with_stem: bool },
}

type Lemmas = HashMap<String, Vec<String>>;

impl Analyser<'_> {
    /// The terms of each word of `text`, word by word (stopwords give none).
    fn word_terms(&self, text: &str) -> Vec<Vec<String>> {
        match *self {
            Analyser::Builtin(how) => search_pl::words(text)
                .map(|(_, w)| search_pl::analyze_with(w, how))
                .filter(|t| !t.is_empty())
                .collect(),
            Analyser::Lemma { map, with_stem } => search_pl::words(text)
                .filter_map(|(_, w)| {
                    let folded = search_pl::fold(&w.to_lowercase());
                    if folded.chars().count() < 2 || search_pl::is_stopword(&folded) {
                        return None;
                    }
                    let stem = search_pl::analyze_with(w, Analysis::Full);
                    let mut out: Vec<String> = match map.get(&folded) {
                        Some(lemmas) => lemmas.iter().map(|l| format!("L{l}")).collect(),
                        None => return Some(stem),
                    };
                    if with_stem {
                        out.extend(stem);
                    }
                    Some(out)
                })
                .collect(),
        }
    }

    fn analyze(&self, text: &str) -> Vec<String> {
        self.word_terms(text).into_iter().flatten().collect()
    }

    /// The query's word groups (distinct), as `search_pl::query_groups` gives them.
    fn query_groups(&self, query: &str) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for g in self.word_terms(query) {
            if !out.contains(&g) {
                out.push(g);
            }
        }
        out
    }
}

/// Loads the lemma map, keeping only the words in `wanted` (the corpus and queries).
fn load_lemmas(path: &str, wanted: &HashSet<String>) -> std::io::Result<Lemmas> {
    use std::io::BufRead;
    let mut out = Lemmas::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let line = line?;
        let Some((form, lemmas)) = line.split_once('\t') else {
            continue;
        };
        if wanted.contains(form) {
            out.insert(
                form.to_string(),
                lemmas.split(' ').map(str::to_string).collect(),
            );
        }
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Doc {
    title: String,
    summary: String,
    body: String,
    #[serde(default)]
    results: String,
    #[serde(default)]
    costs: String,
    #[serde(default)]
    partners: String,
    #[serde(default)]
    topics: Vec<String>,
}

impl Doc {
    /// The indexed text, as the store builds it (the title counts twice).
    fn text(&self) -> String {
        format!(
            "{} {} {} {} {} {} {} {}",
            self.title,
            self.title,
            self.summary,
            self.body,
            self.results,
            self.costs,
            self.partners,
            self.topics.join(" ")
        )
    }
}

struct Index<'a> {
    docs: Vec<HashMap<String, f64>>,
    lengths: Vec<f64>,
    df: HashMap<String, f64>,
    how: Analyser<'a>,
}

impl<'a> Index<'a> {
    fn build(docs: &[Doc], how: Analyser<'a>) -> Index<'a> {
        let mut out = Index {
            docs: Vec::new(),
            lengths: Vec::new(),
            df: HashMap::new(),
            how,
        };
        for d in docs {
            let terms = how.analyze(&d.text());
            let mut tf: HashMap<String, f64> = HashMap::new();
            for t in &terms {
                *tf.entry(t.clone()).or_default() += 1.0;
            }
            for t in tf.keys() {
                *out.df.entry(t.clone()).or_default() += 1.0;
            }
            out.lengths.push(terms.len() as f64);
            out.docs.push(tf);
        }
        out
    }

    /// Document indexes matching any query term, best first (BM25). With `and_min`, as the
    /// store searches: only documents that have every query word (any of its terms) when at
    /// least `and_min` have them, else any word.
    fn search(&self, query: &str, and_min: Option<usize>) -> Vec<usize> {
        let groups = self.how.query_groups(query);
        let mut terms: Vec<String> = Vec::new();
        for t in groups.iter().flatten() {
            if !terms.contains(t) {
                terms.push(t.clone());
            }
        }
        let all_words =
            |tf: &HashMap<String, f64>| groups.iter().all(|g| g.iter().any(|t| tf.contains_key(t)));
        let restrict = match and_min {
            Some(min) if groups.len() > 1 => {
                self.docs.iter().filter(|tf| all_words(tf)).count() >= min
            }
            _ => false,
        };
        let n = self.docs.len() as f64;
        let avg = self.lengths.iter().sum::<f64>() / n;
        let (k1, b) = (1.2, 0.75);
        let mut scored: Vec<(usize, f64)> = Vec::new();
        for (i, tf) in self.docs.iter().enumerate() {
            if restrict && !all_words(tf) {
                continue;
            }
            let mut s = 0.0;
            for t in &terms {
                let Some(f) = tf.get(t) else { continue };
                let df = self.df.get(t).copied().unwrap_or(0.0);
                let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                s += idf * f * (k1 + 1.0) / (f + k1 * (1.0 - b + b * self.lengths[i] / avg));
            }
            if s > 0.0 {
                scored.push((i, s));
            }
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().map(|(i, _)| i).collect()
    }
}

fn recall_at(found: &[usize], relevant: &[usize], k: usize) -> f64 {
    let hits = found
        .iter()
        .take(k)
        .filter(|d| relevant.contains(d))
        .count();
    hits as f64 / relevant.len() as f64
}

fn ndcg_at(found: &[usize], relevant: &[usize], k: usize) -> f64 {
    let dcg: f64 = found
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, d)| relevant.contains(d))
        .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(k))
        .map(|i| 1.0 / ((i + 2) as f64).log2())
        .sum();
    dcg / ideal
}

/// Mean recall@10 and nDCG@10 of an index over the queries.
fn evaluate(
    name: &str,
    index: &Index,
    queries: &[(String, Vec<usize>)],
    and_min: Option<usize>,
    verbose: bool,
) -> (f64, f64) {
    let (mut r, mut n) = (0.0, 0.0);
    for (q, rel) in queries {
        let found = index.search(q, and_min);
        let (qr, qn) = (recall_at(&found, rel, 10), ndcg_at(&found, rel, 10));
        if verbose && qr < 1.0 {
            println!(
                "  {name}: {q:?} recall {qr:.2} nDCG {qn:.2} top {:?}",
                &found[..found.len().min(5)]
            );
        }
        r += qr;
        n += qn;
    }
    let count = queries.len() as f64;
    (r / count, n / count)
}

fn main() {
    let mut docs: Vec<Doc> = serde_json::from_str(include_str!(
        "../../../crates/store/src/practices/demo_practices.json"
    ))
    .expect("demo corpus");
    let extra: Vec<Doc> =
        serde_json::from_str(include_str!("../extra_corpus.json")).expect("extra corpus");
    docs.extend(extra);
    let queries: Vec<(String, Vec<usize>)> =
        serde_json::from_str(include_str!("../queries.json")).expect("queries");
    let args: Vec<String> = std::env::args().collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let lemma_path = args
        .iter()
        .position(|a| a == "--lemmas")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var("WSPOLNIE_LEMMAS").ok())
        .unwrap_or_else(|| "target/hunspell-pl-lemmas.tsv".to_string());
    let mut wanted = HashSet::new();
    for text in docs
        .iter()
        .map(Doc::text)
        .chain(queries.iter().map(|q| q.0.clone()))
    {
        for (_, w) in search_pl::words(&text) {
            wanted.insert(search_pl::fold(&w.to_lowercase()));
        }
    }
    let lemmas = match load_lemmas(&lemma_path, &wanted) {
        Ok(m) => Some(m),
        Err(e) => {
            println!(
                "(no lemma map at {lemma_path}: {e}; build it with `python3 scripts/build-lemmas.py` \
                 after `apt-get install hunspell-pl`, or pass --lemmas PATH)"
            );
            None
        }
    };
    println!(
        "corpus: {} practices; queries: {} with judged relevant documents",
        docs.len(),
        queries.len()
    );
    let mut columns: Vec<(&str, Analyser)> = vec![
        ("baseline", Analyser::Builtin(Analysis::Baseline)),
        ("stem+fold", Analyser::Builtin(Analysis::StemFold)),
        ("snowball (project)", Analyser::Builtin(Analysis::Full)),
    ];
    if let Some(map) = &lemmas {
        let known = wanted.iter().filter(|w| map.contains_key(*w)).count();
        println!(
            "lemma map: {lemma_path}; {known} of the {} distinct words of corpus and queries are in it",
            wanted.len()
        );
        columns.push((
            "hunspell",
            Analyser::Lemma {
                map,
                with_stem: false,
            },
        ));
        columns.push((
            "hunspell+stem",
            Analyser::Lemma {
                map,
                with_stem: true,
            },
        ));
    }
    println!();
    println!("(baseline: lowercase words only; stem+fold: stopwords, Snowball stem, folding;");
    println!(" snowball (project): stem+fold plus the stem of the folded word;");
    println!(" hunspell: lemma from hunspell-pl, Snowball for unknown words; hunspell+stem: both)");
    println!();
    let rows: [(&str, Option<usize>); 3] = [
        ("any word (OR), BM25", None),
        ("every word first, any if < 10 (store)", Some(10)),
        ("every word first, any if none", Some(1)),
    ];
    let mut header = format!("{:<40}", "matching / metric");
    for (name, _) in &columns {
        header.push_str(&format!(" {name:>18}"));
    }
    println!("{header}");
    for (row, and_min) in rows {
        let results: Vec<(f64, f64)> = columns
            .iter()
            .map(|(name, how)| {
                let index = Index::build(&docs, *how);
                evaluate(
                    name,
                    &index,
                    &queries,
                    and_min,
                    verbose && and_min.is_none(),
                )
            })
            .collect();
        let mut line = format!("{:<40}", format!("{row}: recall@10"));
        for (r, _) in &results {
            line.push_str(&format!(" {r:>18.3}"));
        }
        println!("{line}");
        let mut line = format!("{:<40}", format!("{row}: nDCG@10"));
        for (_, n) in &results {
            line.push_str(&format!(" {n:>18.3}"));
        }
        println!("{line}");
    }
}
