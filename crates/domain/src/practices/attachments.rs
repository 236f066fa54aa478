//! Attachments of practices and meetings: PDF documents and JPEG, PNG or WebP images. The type
//! is read from the file's first bytes, never trusted from its name or the browser.

use crate::validation::FieldError;

/// Largest attachment, in bytes (10 MB).
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// Most attachments one practice (or meeting) may have.
pub const MAX_ATTACHMENTS: usize = 10;

/// What an attachment is, as its content shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A PDF document (`%PDF-`).
    Pdf,
    /// A JPEG photo (`FF D8 FF`).
    Jpeg,
    /// A PNG image (its 8-byte signature).
    Png,
    /// A WebP image (`RIFF….WEBP`).
    Webp,
}

impl FileKind {
    /// Recognises the file by its magic bytes; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileKind::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(FileKind::Webp)
        } else {
            None
        }
    }

    /// The `Content-Type` it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Webp => "image/webp",
        }
    }

    /// The kind of a stored content type.
    pub fn from_content_type(ct: &str) -> Option<FileKind> {
        [FileKind::Pdf, FileKind::Jpeg, FileKind::Png, FileKind::Webp]
            .into_iter()
            .find(|k| k.content_type() == ct)
    }

    /// The file name extensions of the kind (the first is the one added when missing).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Png => &["png"],
            FileKind::Webp => &["webp"],
        }
    }

    /// A short name for people (`PDF`, `JPEG`, …).
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Pdf => "PDF",
            FileKind::Jpeg => "JPEG",
            FileKind::Png => "PNG",
            FileKind::Webp => "WebP",
        }
    }

    /// Whether it is a picture (not a document).
    pub fn is_image(self) -> bool {
        self != FileKind::Pdf
    }
}

/// An upload that may be stored: its cleaned file name and its real kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidUpload {
    /// The name it is stored and downloaded under.
    pub filename: String,
    /// What the content is.
    pub kind: FileKind,
}

/// A file name safe to store and show: no folders, no control characters or quotes, at most
/// 120 characters, ending with the extension of its real kind.
pub fn clean_filename(name: &str, kind: FileKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    cleaned = cleaned.trim_matches(['.', ' ']).to_string();
    let has_ext = cleaned.rsplit_once('.').is_some_and(|(_, ext)| {
        kind.extensions()
            .iter()
            .any(|e| e.eq_ignore_ascii_case(ext))
    });
    let ext = kind.extensions()[0];
    if has_ext {
        let (stem, e) = cleaned.rsplit_once('.').unwrap_or((&cleaned, ext));
        let stem: String = stem.chars().take(120 - e.len() - 1).collect();
        let e = e.to_lowercase();
        if stem.is_empty() {
            format!("zalacznik.{e}")
        } else {
            format!("{stem}.{e}")
        }
    } else {
        let stem: String = cleaned.chars().take(120 - ext.len() - 1).collect();
        if stem.is_empty() {
            format!("zalacznik.{ext}")
        } else {
            format!("{stem}.{ext}")
        }
    }
}

/// Checks one uploaded file (`field` names it in errors): its content must be a PDF, JPEG, PNG
/// or WebP and at most [`MAX_ATTACHMENT_BYTES`].
pub fn check_upload(field: &str, name: &str, bytes: &[u8]) -> Result<ValidUpload, FieldError> {
    let shown: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(80)
        .collect();
    if bytes.is_empty() {
        return Err(FieldError::with_messages(
            field,
            "Wybierz plik do dodania.",
            "Choose a file to add.",
        ));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(FieldError::with_messages(
            field,
            format!("Plik „{shown}” jest większy niż 10 MB."),
            format!("File \"{shown}\" is larger than 10 MB."),
        ));
    }
    let Some(kind) = FileKind::sniff(bytes) else {
        return Err(FieldError::with_messages(
            field,
            format!("Plik „{shown}” nie jest dokumentem PDF ani obrazem JPEG, PNG lub WebP."),
            format!("File \"{shown}\" is not a PDF document nor a JPEG, PNG or WebP image."),
        ));
    };
    Ok(ValidUpload {
        filename: clean_filename(name, kind),
        kind,
    })
}

/// The `Content-Disposition` of a download: an ASCII fallback name and the exact (e.g. Polish)
/// name percent-encoded as RFC 6266 / RFC 5987 `filename*`.
pub fn content_disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(fold_polish)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn fold_polish(c: char) -> char {
    match c {
        'ą' => 'a',
        'ć' => 'c',
        'ę' => 'e',
        'ł' => 'l',
        'ń' => 'n',
        'ó' => 'o',
        'ś' => 's',
        'ź' | 'ż' => 'z',
        'Ą' => 'A',
        'Ć' => 'C',
        'Ę' => 'E',
        'Ł' => 'L',
        'Ń' => 'N',
        'Ó' => 'O',
        'Ś' => 'S',
        'Ź' | 'Ż' => 'Z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];

    #[test]
    fn the_content_decides_the_kind_not_the_name() {
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(FileKind::sniff(PNG), Some(FileKind::Png));
        assert_eq!(
            FileKind::sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(FileKind::Webp)
        );
        assert_eq!(FileKind::sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(FileKind::sniff(b"MZ\x90\0"), None);
        let e = check_upload("file", "raport.pdf", b"<html><script>").unwrap_err();
        assert_eq!(e.field, "file");
        assert!(e.message_pl.contains("raport.pdf"), "{}", e.message_pl);
        let ok = check_upload("file", "C:\\fakepath\\zdjęcie.exe", PNG).unwrap();
        assert_eq!(ok.kind, FileKind::Png);
        assert_eq!(ok.filename, "zdjęcie.exe.png");
        assert_eq!(
            check_upload("file", "Sprawozdanie \"końcowe\".PDF", b"%PDF-1.4")
                .unwrap()
                .filename,
            "Sprawozdanie końcowe.pdf"
        );
        assert_eq!(clean_filename("..", FileKind::Jpeg), "zalacznik.jpg");
        assert_eq!(clean_filename("foto.JPEG", FileKind::Jpeg), "foto.jpeg");
    }

    #[test]
    fn size_limit_is_ten_megabytes() {
        let mut big = b"%PDF-1.4".to_vec();
        big.resize(MAX_ATTACHMENT_BYTES, b' ');
        assert!(check_upload("file", "a.pdf", &big).is_ok());
        big.push(b' ');
        let e = check_upload("file", "a.pdf", &big).unwrap_err();
        assert!(e.message_pl.contains("10 MB"));
        assert!(check_upload("file", "a.pdf", b"").is_err());
    }

    #[test]
    fn polish_names_are_encoded_for_download() {
        assert_eq!(
            content_disposition("Zażółć gęślą.pdf"),
            "attachment; filename=\"Zazolc gesla.pdf\"; filename*=UTF-8''Za%C5%BC%C3%B3%C5%82%C4%87%20g%C4%99%C5%9Bl%C4%85.pdf"
        );
    }

    proptest! {
        #[test]
        fn disposition_is_always_a_safe_header(name in "\\PC{0,60}") {
            let d = content_disposition(&clean_filename(&name, FileKind::Pdf));
            prop_assert!(d.is_ascii());
            prop_assert!(!d.chars().any(|c| c.is_control()));
            prop_assert_eq!(d.matches('"').count(), 2);
        }

        #[test]
        fn cleaned_names_keep_the_real_extension(name in "\\PC{0,200}") {
            let n = clean_filename(&name, FileKind::Webp);
            prop_assert!(n.to_lowercase().ends_with(".webp"));
            prop_assert!(n.chars().count() <= 120);
            prop_assert!(!n.contains('/') && !n.contains('\\') && !n.contains('"'));
        }
    }
}
