use super::*;

fn meets(text: &str, query: &str) -> bool {
    let doc: HashSet<String> = analyze(text).into_iter().collect();
    query_terms(query).iter().all(|t| doc.contains(t))
}

#[test]
fn inflected_forms_meet() {
    assert!(meets("Rozliczenie mikrograntów", "mikrogranty"));
    assert!(meets(
        "wsparcie dla grup nieformalnych",
        "grupom nieformalnym"
    ));
    assert!(meets(
        "mikrogranty dla grup nieformalnych",
        "mikrogranty dla grupom nieformalnym"
    ));
    assert!(meets(
        "Posiedzenie Rady Działalności Pożytku Publicznego",
        "rada pożytku"
    ));
    assert!(meets("funduszu sąsiedzkiego", "fundusz sąsiedzki"));
}

#[test]
fn queries_without_polish_letters_meet_texts_with_them() {
    assert!(meets("fundusz sąsiedzki", "fundusz sasiedzki"));
    assert!(meets(
        "Rady Działalności Pożytku Publicznego",
        "rada pozytku"
    ));
    assert!(meets("rozliczenie mikrograntów", "mikrograntow"));
    assert!(meets("zamówienia społeczne", "zamowienia spoleczne"));
}

#[test]
fn stopwords_and_short_words_give_no_terms() {
    assert!(query_terms("i w na się z dla").is_empty());
    assert!(query_terms("").is_empty());
    assert!(query_terms("  ,.; — ").is_empty());
    assert_eq!(analyze("Dla grup"), vec!["grup".to_string()]);
}

#[test]
fn baseline_only_lowercases() {
    assert_eq!(
        analyze_with("Mikrogranty dla Grup", Analysis::Baseline),
        vec!["mikrogranty", "dla", "grup"]
    );
}

#[test]
fn long_queries_are_cut_and_fast() {
    let q = "mikrogranty dla grup nieformalnych ".repeat(300);
    assert!(q.chars().count() > 10_000);
    let start = std::time::Instant::now();
    let terms = query_terms(&q);
    assert!(start.elapsed() < std::time::Duration::from_millis(200));
    assert!(terms.len() <= MAX_QUERY_TERMS);
    assert!(terms.contains(&"mikrogrant".to_string()));
}

#[test]
fn words_keep_offsets_in_unicode_text() {
    let ws: Vec<_> = words("Łódź, 2024: żółw!").collect();
    assert_eq!(ws, vec![(0, "Łódź"), (9, "2024"), (15, "żółw")]);
}

#[test]
fn snippet_marks_inflected_matches_and_escapes() {
    let text = "Gmina przyznała 40 mikrograntów grupom <b>nieformalnym</b> & organizacjom.";
    let s = snippet(text, &query_terms("mikrogranty grupa"), 30);
    assert!(s.contains("<mark>mikrograntów</mark>"), "{s}");
    assert!(s.contains("<mark>grupom</mark>"), "{s}");
    assert!(s.contains("&lt;b&gt;"), "{s}");
    assert!(s.contains("&amp;"), "{s}");
    assert!(!s.contains("<b>"), "{s}");
}

#[test]
fn snippet_shows_a_window_around_the_match() {
    let mut text = "słowo ".repeat(100);
    text.push_str("inkubator grup");
    text.push_str(&" koniec".repeat(100));
    let s = snippet(&text, &query_terms("inkubatora"), 12);
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    assert!(s.contains("<mark>inkubator</mark>"), "{s}");
    assert!(s.split_whitespace().count() <= 14, "{s}");
}

#[test]
fn snippet_without_match_starts_at_the_beginning() {
    let s = snippet("Pierwsze zdanie. Drugie zdanie.", &[], 2);
    assert_eq!(s, "Pierwsze zdanie…");
}

#[test]
fn query_groups_hold_the_alternatives_of_each_word() {
    let g = query_groups("Mikrograntów dla grup, grup i mikrograntów");
    assert_eq!(g.len(), 2, "{g:?}");
    assert!(
        g[0].len() == 2 && g[0].contains(&"mikrogrant".to_string()),
        "{g:?}"
    );
    assert_eq!(g[1], vec!["grup".to_string()]);
    let flat: HashSet<String> = g.into_iter().flatten().collect();
    let terms: HashSet<String> = query_terms("Mikrograntów dla grup, grup i mikrograntów")
        .into_iter()
        .collect();
    assert_eq!(flat, terms);
    assert!(query_groups("i w na").is_empty());
    let long = "mikrogranty dla grup nieformalnych ".repeat(300);
    let n: usize = query_groups(&long).iter().map(Vec::len).sum();
    assert!(n <= MAX_QUERY_TERMS);
}

/// Every term a word gives begins with the folded first two letters of the word (the snippet
/// relies on it to skip the stemmer), checked on the demo and evaluation texts and on short
/// words whose last letter the stemmer rewrites.
#[test]
fn terms_begin_with_the_first_two_letters_of_their_word() {
    let texts = [
        include_str!("../../store/src/practices/demo_practices.json"),
        include_str!("../../../bench/search-eval/extra_corpus.json"),
        "ŚĆ ść źdźbło Łódź łąki żółć Żyć nieść Ćma OŚ oś koń Koń dzień mieć są źle ćwierć",
    ];
    let mut checked = 0;
    for text in texts {
        for (_, w) in words(text) {
            let mut out = Vec::new();
            word_terms(w, Analysis::Full, &mut out);
            for t in out {
                assert_eq!(first_two(&t), first_two(w), "{w} -> {t}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000);
}
