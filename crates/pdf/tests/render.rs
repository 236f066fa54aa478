//! Renders realistic documents and checks them with poppler's pdftotext/pdfinfo when present.

use std::path::PathBuf;
use std::process::Command;

use wspolnie_pdf::{Block, Document, PdfError, render};

fn s(text: &str) -> String {
    text.to_owned()
}

fn agreement() -> Document {
    Document {
        title: s("Umowa o dofinansowanie inicjatywy lokalnej nr 1/2027"),
        lang: s("pl"),
        author: s("Gmina Przykładowo"),
        subject: Some(s("Inicjatywa lokalna: festyn sąsiedzki")),
        blocks: vec![
            Block::Heading {
                level: 1,
                text: s("Umowa o dofinansowanie inicjatywy lokalnej nr 1/2027"),
            },
            Block::Paragraph(s(
                "zawarta w dniu 12 marca 2027 r. w Przykładowie pomiędzy stronami wymienionymi poniżej.",
            )),
            Block::Fields(vec![
                (
                    s("Gmina"),
                    s("Gmina Przykładowo, ul. Rynek 1, 00-001 Przykładowo, NIP 123-456-32-18"),
                ),
                (
                    s("reprezentowana przez"),
                    s("Wójta Gminy – Jana Kowalskiego"),
                ),
                (
                    s("Organizacja pozarządowa"),
                    s(
                        "Stowarzyszenie „Zażółć gęślą jaźń” z siedzibą w Przykładowie, KRS 0000123456",
                    ),
                ),
                (
                    s("Kwota dofinansowania"),
                    s("5 000,00 zł (słownie: pięć tysięcy złotych 00/100)"),
                ),
            ]),
            Block::Heading {
                level: 2,
                text: s("§ 1. Przedmiot umowy"),
            },
            Block::Paragraph(s("Zażółć gęślą jaźń")),
            Block::Paragraph(s(
                "Gmina przekazuje Organizacji dotację celową na realizację inicjatywy lokalnej \
                 „Festyn sąsiedzki na osiedlu Słoneczne”, zgodnie z harmonogramem i kosztorysem \
                 stanowiącymi załączniki do umowy. Organizacja zobowiązuje się wykorzystać środki \
                 wyłącznie na cele określone w umowie.\nTermin realizacji: od 1 kwietnia do 30 czerwca 2027 r.",
            )),
            Block::Heading {
                level: 2,
                text: s("§ 2. Kosztorys"),
            },
            Block::Table {
                headers: vec![s("Lp."), s("Pozycja kosztorysu"), s("Kwota")],
                rows: vec![
                    vec![s("1"), s("Wynajem sceny i nagłośnienia"), s("2 500,00 zł")],
                    vec![
                        s("2"),
                        s("Materiały plastyczne dla dzieci, farby, papier i klej"),
                        s("1 200,00 zł"),
                    ],
                    vec![
                        s("3"),
                        s("Poczęstunek – woda, owoce, ciasto"),
                        s("1 300,00 zł"),
                    ],
                    vec![s(""), s("Razem"), s("5 000,00 zł")],
                ],
            },
            Block::Heading {
                level: 2,
                text: s("§ 3. Obowiązki Organizacji"),
            },
            Block::List(vec![
                s("informowanie, że zadanie jest dofinansowane ze środków Gminy;"),
                s("złożenie sprawozdania w terminie 30 dni od zakończenia zadania;"),
                s("zwrot niewykorzystanej części dotacji do 15 lipca 2027 r."),
            ]),
            Block::Signatures(vec![s("Za Gminę"), s("Za Organizację")]),
        ],
    }
}

fn temp_pdf(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("wspolnie-pdf-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("write temporary PDF");
    path
}

/// Runs a poppler tool; `None` (with a note) when poppler-utils is not installed.
fn poppler(tool: &str, args: &[&str], pdf: &PathBuf) -> Option<String> {
    match Command::new(tool).args(args).arg(pdf).arg("-").output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{tool} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!(
                "note: {tool} is not installed (apt-get install poppler-utils); check skipped"
            );
            None
        }
        Err(e) => panic!("could not run {tool}: {e}"),
    }
}

fn pdfinfo(pdf: &PathBuf) -> Option<String> {
    match Command::new("pdfinfo").arg(pdf).output() {
        Ok(out) => {
            assert!(out.status.success());
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!(
                "note: pdfinfo is not installed (apt-get install poppler-utils); check skipped"
            );
            None
        }
        Err(e) => panic!("could not run pdfinfo: {e}"),
    }
}

/// Removes a test PDF, unless WSPOLNIE_PDF_KEEP is set (then it says where it is).
fn cleanup(path: PathBuf) {
    if std::env::var_os("WSPOLNIE_PDF_KEEP").is_some() {
        println!("kept {}", path.display());
    } else {
        let _ = std::fs::remove_file(path);
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn grant_agreement_is_a_tagged_pdf_with_polish_text() {
    let bytes = render(&agreement()).expect("render");
    // Written first, so that a failing check leaves the file behind to inspect.
    let path = temp_pdf("agreement", &bytes);
    assert!(bytes.starts_with(b"%PDF"));
    // krilla writes compact dictionaries: `/Lang(pl)`, `/MarkInfo<</Marked true`.
    assert!(
        contains(&bytes, "/Lang(pl)") || contains(&bytes, "/Lang (pl)"),
        "no /Lang (pl)"
    );
    assert!(
        contains(&bytes, "/MarkInfo<</Marked true"),
        "no /MarkInfo /Marked true"
    );
    assert!(
        contains(&bytes, "/DisplayDocTitle true"),
        "no DisplayDocTitle"
    );
    assert!(contains(&bytes, "/StructTreeRoot"), "no structure tree");
    assert!(contains(&bytes, "/Outlines"), "no outline");
    assert!(contains(&bytes, "pdfuaid:part"), "no PDF/UA identification");
    println!("one-page agreement: {} bytes", bytes.len());

    if let Some(text) = poppler("pdftotext", &[], &path) {
        for expected in [
            "Zażółć gęślą jaźń",
            "Organizacja pozarządowa",
            "5 000,00 zł",
            "2 500,00 zł",
            "1 200,00 zł",
            "Za Gminę",
            "Za Organizację",
            "Strona 1 z 1",
            "§ 2. Kosztorys",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }
    if let Some(info) = pdfinfo(&path) {
        assert!(
            info.contains("Umowa o dofinansowanie inicjatywy lokalnej nr 1/2027"),
            "{info}"
        );
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(info.contains("Pages:           1"), "{info}");
        assert!(
            info.contains("Author:          Gmina Przykładowo"),
            "{info}"
        );
    }
    cleanup(path);
}

#[test]
fn long_document_spans_pages() {
    let mut doc = agreement();
    doc.blocks.push(Block::Heading {
        level: 1,
        text: s("Załącznik: regulamin"),
    });
    for n in 1..=200 {
        doc.blocks.push(Block::Paragraph(format!(
            "{n}. Uczestnik festynu zobowiązuje się przestrzegać regulaminu, dbać o bezpieczeństwo \
             dzieci oraz zgłaszać organizatorom wszelkie zagrożenia. Zażółć gęślą jaźń."
        )));
    }
    doc.blocks.push(Block::Table {
        headers: vec![s("Lp."), s("Opis")],
        rows: (1..=60)
            .map(|n| vec![n.to_string(), format!("Pozycja kosztorysu numer {n}")])
            .collect(),
    });
    let bytes = render(&doc).expect("render");
    assert!(bytes.starts_with(b"%PDF"));
    let path = temp_pdf("long", &bytes);
    if let Some(info) = pdfinfo(&path) {
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|p| p.trim().parse().ok())
            .expect("pdfinfo shows Pages");
        assert!(pages > 1, "{info}");
        assert!(
            info.contains("Title:           Umowa o dofinansowanie"),
            "{info}"
        );
        if let Some(text) = poppler("pdftotext", &[], &path) {
            assert!(
                text.contains(&format!("Strona {pages} z {pages}")),
                "last page number missing"
            );
            assert!(text.contains("200. Uczestnik festynu"));
            assert!(text.contains("Pozycja kosztorysu numer 60"));
        }
    }
    cleanup(path);
}

#[test]
fn empty_document_still_renders() {
    let doc = Document {
        title: s("Pokwitowanie"),
        lang: s("pl"),
        ..Document::default()
    };
    let bytes = render(&doc).expect("render empty");
    assert!(bytes.starts_with(b"%PDF"));
    let path = temp_pdf("empty", &bytes);
    if let Some(info) = pdfinfo(&path) {
        assert!(info.contains("Pages:           1"), "{info}");
    }
    cleanup(path);
}

#[test]
fn odd_input_renders_instead_of_failing() {
    let doc = Document {
        title: s("Protokół odbioru"),
        lang: s("pl-PL"),
        author: String::new(),
        subject: None,
        blocks: vec![
            Block::Heading {
                level: 7,
                text: s("Poziom spoza zakresu"),
            },
            Block::Heading {
                level: 0,
                text: String::new(),
            },
            Block::Paragraph(String::new()),
            Block::Paragraph(format!(
                "Emoji 🎉, tab\tznak i bardzo długie słowo: {}",
                "ą".repeat(400)
            )),
            Block::Fields(vec![(s(""), s("")), (s("Pusta wartość"), String::new())]),
            Block::Table {
                headers: vec![],
                rows: vec![vec![], vec![s("a"), s(""), s("c")]],
            },
            Block::Table {
                headers: vec![],
                rows: vec![],
            },
            Block::Table {
                headers: vec![s("Bardzo długa komórka")],
                rows: vec![vec!["słowo ".repeat(1500)]],
            },
            Block::List(vec![String::new(), s("punkt")]),
            Block::Signatures(vec![]),
            Block::Signatures(vec![s("Przekazujący"), s("Odbierający"), s("Świadek")]),
        ],
    };
    let bytes = render(&doc).expect("render odd input");
    assert!(bytes.starts_with(b"%PDF"));
    let path = temp_pdf("odd", &bytes);
    if let Some(text) = poppler("pdftotext", &[], &path) {
        assert!(text.contains("Poziom spoza zakresu"));
        assert!(text.contains("Świadek"));
    }
    cleanup(path);
}

#[test]
fn missing_title_or_language_is_an_error() {
    let no_title = Document {
        lang: s("pl"),
        ..Document::default()
    };
    assert!(matches!(render(&no_title), Err(PdfError::MissingTitle)));
    let no_lang = Document {
        title: s("Umowa"),
        ..Document::default()
    };
    assert!(matches!(
        render(&no_lang),
        Err(PdfError::InvalidLanguage(_))
    ));
    let bad_lang = Document {
        title: s("Umowa"),
        lang: s("po polsku"),
        ..Document::default()
    };
    assert!(matches!(
        render(&bad_lang),
        Err(PdfError::InvalidLanguage(_))
    ));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(
        render(&agreement()).expect("render"),
        render(&agreement()).expect("render")
    );
}
