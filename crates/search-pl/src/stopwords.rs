//! Polish function words that carry no meaning for search, written without Polish letters
//! (they are compared after folding, so "się" and "sie" are both stopwords).

/// Sorted, so lookups are a binary search.
const STOPWORDS: &[&str] = &[
    "a", "aby", "ach", "albo", "ale", "ani", "az", "bardziej", "bardzo", "bez", "bo", "bowiem",
    "by", "byc", "byl", "byla", "byli", "bylo", "byly", "bym", "bedzie", "beda", "chce", "ci",
    "cie", "ciebie", "co", "czy", "czyli", "dla", "do", "dlaczego", "gdy", "gdyz", "gdzie", "go",
    "i", "ich", "ile", "im", "inne", "inny", "iz", "ja", "jak", "jako", "je", "jeden", "jedna",
    "jednak", "jedno", "jego", "jej", "jemu", "jest", "jestem", "jesli", "jeszcze", "jezeli",
    "juz", "ja", "kiedy", "kto", "ktora", "ktore", "ktorego", "ktorej", "ktory", "ktorych",
    "ktorym", "ktorzy", "ku", "lub", "ma", "maja", "mi", "miedzy", "mnie", "mu", "my", "na", "nad",
    "nam", "nas", "nasz", "nasze", "nich", "nie", "niech", "niego", "niej", "nim", "nimi", "nia",
    "no", "o", "od", "oraz", "on", "ona", "one", "oni", "ono", "po", "pod", "poniewaz", "przed",
    "przez", "przy", "sa", "sie", "sobie", "soba", "swoje", "ta", "tak", "takze", "tam", "te",
    "tego", "tej", "ten", "to", "tu", "tym", "tylko", "u", "w", "we", "wiec", "wszystko", "z",
    "za", "ze", "zas", "zeby", "zaden",
];

/// Whether `folded` (lowercase, without Polish letters) is a stopword.
pub fn is_stopword(folded: &str) -> bool {
    sorted().binary_search(&folded).is_ok()
}

fn sorted() -> &'static [&'static str] {
    use std::sync::OnceLock;
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut v = STOPWORDS.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    })
}
