//! Prints recall@10 and nDCG@10 of practice search over a judged corpus, for the project's
//! analyser next to a baseline (lowercase words, no stopwords, stemming or folding), computed in
//! the same run with the same BM25 ranking (k1 = 1.2, b = 0.75, terms OR'ed, as SQLite FTS5 does).
//!
//! Corpus: the demo practices (`crates/store/src/practices/demo_practices.json`) and
//! `extra_corpus.json`, all written for this project. Queries and judgements: `queries.json`
//! (`[query, [relevant document indexes]]`, indexes in corpus order).
//!
//! Run: `cargo run -p search-eval --release`.

use std::collections::HashMap;

use search_pl::Analysis;
use serde::Deserialize;

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

struct Index {
    docs: Vec<HashMap<String, f64>>,
    lengths: Vec<f64>,
    df: HashMap<String, f64>,
    how: Analysis,
}

impl Index {
    fn build(docs: &[Doc], how: Analysis) -> Index {
        let mut out = Index {
            docs: Vec::new(),
            lengths: Vec::new(),
            df: HashMap::new(),
            how,
        };
        for d in docs {
            let terms = search_pl::analyze_with(&d.text(), how);
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

    /// Document indexes matching any query term, best first (BM25).
    fn search(&self, query: &str) -> Vec<usize> {
        let terms = search_pl::query_terms_with(query, self.how);
        let n = self.docs.len() as f64;
        let avg = self.lengths.iter().sum::<f64>() / n;
        let (k1, b) = (1.2, 0.75);
        let mut scored: Vec<(usize, f64)> = Vec::new();
        for (i, tf) in self.docs.iter().enumerate() {
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
    println!(
        "corpus: {} practices; queries: {} with judged relevant documents",
        docs.len(),
        queries.len()
    );
    println!("{:<44} {:>10} {:>10}", "analyser", "recall@10", "nDCG@10");
    let verbose = std::env::args().any(|a| a == "--verbose");
    for (name, how) in [
        ("baseline (lowercase words only)", Analysis::Baseline),
        ("stopwords + Snowball stem + fold", Analysis::StemFold),
        ("project: + stem of the folded word", Analysis::Full),
    ] {
        let index = Index::build(&docs, how);
        let (mut r, mut n) = (0.0, 0.0);
        for (q, rel) in &queries {
            let found = index.search(q);
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
        println!("{name:<44} {:>10.3} {:>10.3}", r / count, n / count);
    }
}
