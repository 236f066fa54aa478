//! Accessible PDF documents of wspólnie: grant agreements, acceptance protocols, receipts.
//!
//! [`render`] lays out a [`Document`] made of simple [`Block`]s on A4 pages and writes a
//! tagged PDF that krilla validates against PDF/UA-1 while exporting: every line of text
//! is a marked-content span inside a structure element (H1–H3, P, L/LI/Lbl/LBody,
//! Table/TR/TH/TD), decorations and page numbers are artifacts, the document has a
//! title (shown as the window title), a language and an outline of its headings. If any of
//! that is missing, rendering fails instead of producing an inaccessible file.
//!
//! DejaVu Sans (regular and bold) is embedded in the binary, so output never depends on
//! the fonts of the machine. Characters the font lacks are replaced by U+FFFD.

#![warn(missing_docs)]

mod layout;

use std::num::NonZeroU16;

use krilla::color::luma;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node as TagNode, SpanTag,
    TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Data, SerializeSettings};

use layout::{Kind, Laid, Node, OutlineEntry, Shape};

pub(crate) static FONT_REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
pub(crate) static FONT_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A document to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Title: document metadata and the viewer's window title. Must not be empty.
    pub title: String,
    /// Language of the content as a BCP 47 tag, e.g. `"pl"`. Must not be empty.
    pub lang: String,
    /// Author in the metadata, e.g. the municipality's name. May be empty.
    pub author: String,
    /// Subject in the metadata.
    pub subject: Option<String>,
    /// The content, top to bottom.
    pub blocks: Vec<Block>,
}

/// A piece of content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; `level` is 1..=3 (values outside are clamped). Listed in the outline.
    Heading {
        /// 1 (largest) to 3.
        level: u8,
        /// Heading text.
        text: String,
    },
    /// A paragraph wrapped to the page width; `\n` forces a line break.
    Paragraph(String),
    /// "label: value" lines with the label in bold; long values wrap in their column.
    Fields(Vec<(String, String)>),
    /// A table with a header row; cell text wraps, rows taller than a page are split.
    Table {
        /// Column headers (tagged TH); may be empty for a table without header.
        headers: Vec<String>,
        /// Data rows (tagged TD); short rows get empty cells.
        rows: Vec<Vec<String>>,
    },
    /// A bulleted list.
    List(Vec<String>),
    /// Signature lines side by side with captions under them ("Za Gminę", "Za Organizację").
    Signatures(Vec<String>),
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// PDF/UA requires a title.
    #[error("the document has no title")]
    MissingTitle,
    /// The language is empty or not shaped like a BCP 47 tag.
    #[error("invalid document language {0:?}: expected a BCP 47 tag such as \"pl\"")]
    InvalidLanguage(String),
    /// The bundled font could not be read (a build problem, not an input problem).
    #[error("the bundled font could not be loaded")]
    Font,
    /// The PDF/UA configuration was rejected by krilla.
    #[error("invalid PDF configuration: {0}")]
    Configuration(String),
    /// krilla's PDF/UA-1 validation failed; one entry per problem.
    #[error("the PDF would not conform to PDF/UA-1: {}", .0.join("; "))]
    Accessibility(Vec<String>),
    /// Some content would have been left out of the structure tree.
    #[error("untagged content: {0}")]
    Untagged(&'static str),
    /// Any other failure while writing the PDF.
    #[error("PDF export failed: {0}")]
    Export(String),
}

impl From<KrillaError> for PdfError {
    fn from(error: KrillaError) -> Self {
        match error {
            KrillaError::Validation(problems) => PdfError::Accessibility(
                problems
                    .into_iter()
                    .map(|(problem, _)| format!("{problem:?}"))
                    .collect(),
            ),
            other => PdfError::Export(other.to_string()),
        }
    }
}

fn check_lang(lang: &str) -> bool {
    !lang.is_empty()
        && lang.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Export settings with krilla's PDF/UA-1 validator: export fails on missing title,
/// language, outline, heading titles or structure tree.
fn ua_settings() -> Result<SerializeSettings, PdfError> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| PdfError::Configuration(format!("{e:?}")))?;
    Ok(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    })
}

/// Renders `doc` as a tagged PDF/UA-1 document (A4, DejaVu Sans embedded).
pub fn render(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let title = doc.title.trim();
    if title.is_empty() {
        return Err(PdfError::MissingTitle);
    }
    let lang = doc.lang.trim();
    if !check_lang(lang) {
        return Err(PdfError::InvalidLanguage(doc.lang.clone()));
    }

    let mut metrics = layout::Metrics::new(FONT_REGULAR, FONT_BOLD).ok_or(PdfError::Font)?;
    let laid = layout::lay_out(&doc.blocks, &mut metrics);
    let regular = Font::new(Data::from(FONT_REGULAR), 0).ok_or(PdfError::Font)?;
    let bold = Font::new(Data::from(FONT_BOLD), 0).ok_or(PdfError::Font)?;

    let mut pdf = krilla::Document::new_with(ua_settings()?);
    let page_settings = PageSettings::from_wh(layout::PAGE_W, layout::PAGE_H)
        .ok_or(PdfError::Export("invalid page size".to_owned()))?;

    let mut ids: Vec<Option<Identifier>> = laid.runs.iter().map(|_| None).collect();
    let (mut next_run, mut next_shape) = (0, 0);
    for page_index in 0..laid.pages {
        let mut page = pdf.start_page_with(page_settings.clone());
        let mut surface = page.surface();

        let shapes_end = laid.shapes[next_shape..]
            .iter()
            .position(|s| s.page() != page_index)
            .map_or(laid.shapes.len(), |n| next_shape + n);
        draw_shapes(&mut surface, &laid.shapes[next_shape..shapes_end]);
        next_shape = shapes_end;

        surface.set_fill(Some(Fill::default()));
        while let Some(run) = laid.runs.get(next_run).filter(|r| r.page == page_index) {
            let font = if run.bold { &bold } else { &regular };
            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
            surface.draw_text(
                Point::from_xy(run.x, run.baseline),
                font.clone(),
                run.size,
                &run.text,
                false,
                TextDirection::Auto,
            );
            surface.end_tagged();
            ids[next_run] = Some(id);
            next_run += 1;
        }

        draw_page_number(
            &mut surface,
            &mut metrics,
            &regular,
            lang,
            page_index,
            laid.pages,
        );
        surface.finish();
        page.finish();
    }

    let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
    for node in &laid.tree {
        if let Some(node) = to_tag_node(node, &mut ids) {
            tree.push(node);
        }
    }
    if ids.iter().any(Option::is_some) {
        return Err(PdfError::Untagged(
            "a text run is missing from the structure tree",
        ));
    }

    let mut metadata = Metadata::new()
        .title(title.to_owned())
        .language(lang.to_owned())
        .creator("wspólnie".to_owned());
    if !doc.author.trim().is_empty() {
        metadata = metadata.authors(vec![doc.author.trim().to_owned()]);
    }
    if let Some(subject) = doc
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        metadata = metadata.description(subject.to_owned());
    }

    pdf.set_outline(outline(&laid, title));
    pdf.set_metadata(metadata);
    pdf.set_tag_tree(tree);
    Ok(pdf.finish()?)
}

fn grey(level: u8) -> krilla::paint::Paint {
    luma::Color::new(level).into()
}

fn draw_shapes(surface: &mut Surface<'_>, shapes: &[Shape]) {
    if shapes.is_empty() {
        return;
    }
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::Layout,
    )));
    for shape in shapes {
        let mut path = PathBuilder::new();
        match *shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
                ..
            } => {
                let Some(rect) = Rect::from_xywh(x, y, w, h) else {
                    continue;
                };
                path.push_rect(rect);
                surface.set_fill(fill.map(|level| Fill {
                    paint: grey(level),
                    ..Fill::default()
                }));
                surface.set_stroke(stroke.map(|level| Stroke {
                    paint: grey(level),
                    width: 0.5,
                    ..Stroke::default()
                }));
            }
            Shape::Dotted { x1, x2, y, .. } => {
                path.move_to(x1, y);
                path.line_to(x2, y);
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: grey(60),
                    width: 0.8,
                    dash: Some(StrokeDash {
                        array: vec![1.5, 2.0],
                        offset: 0.0,
                    }),
                    ..Stroke::default()
                }));
            }
        }
        if let Some(path) = path.finish() {
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
    surface.end_tagged();
}

/// "Strona N z M" (or "Page N of M" for non-Polish documents), centred, as an artifact.
fn draw_page_number(
    surface: &mut Surface<'_>,
    metrics: &mut layout::Metrics,
    font: &Font,
    lang: &str,
    index: usize,
    pages: usize,
) {
    let polish = lang.eq_ignore_ascii_case("pl") || lang.to_ascii_lowercase().starts_with("pl-");
    let text = if polish {
        format!("Strona {} z {pages}", index + 1)
    } else {
        format!("Page {} of {pages}", index + 1)
    };
    let width = metrics.width(&text, false, layout::FOOTER_SIZE);
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
        ArtifactType::PageNumber,
    )));
    surface.set_fill(Some(Fill {
        paint: grey(90),
        ..Fill::default()
    }));
    surface.draw_text(
        Point::from_xy((layout::PAGE_W - width) / 2.0, layout::FOOTER_BASELINE),
        font.clone(),
        layout::FOOTER_SIZE,
        &text,
        false,
        TextDirection::Auto,
    );
    surface.set_fill(Some(Fill::default()));
    surface.end_tagged();
}

fn tag_kind(kind: &Kind) -> TagKind {
    match kind {
        Kind::Heading(level, title) => {
            let level = NonZeroU16::new(u16::from(*level)).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, Some(title.clone())).into()
        }
        Kind::P => Tag::P.into(),
        Kind::List => Tag::L(ListNumbering::Disc).into(),
        Kind::ListItem => Tag::LI.into(),
        Kind::Label => Tag::Lbl.into(),
        Kind::ListBody => Tag::LBody.into(),
        Kind::Table => Tag::Table.into(),
        Kind::Row => Tag::TR.into(),
        Kind::HeaderCell => Tag::TH(TableHeaderScope::Column).into(),
        Kind::Cell => Tag::TD.into(),
    }
}

/// Converts the layout tree, consuming each run's identifier; empty groups are dropped.
fn to_tag_node(node: &Node, ids: &mut [Option<Identifier>]) -> Option<TagNode> {
    match node {
        Node::Run(index) => ids.get_mut(*index)?.take().map(TagNode::from),
        Node::Group(kind, children) => {
            let children: Vec<TagNode> = children
                .iter()
                .filter_map(|c| to_tag_node(c, ids))
                .collect();
            (!children.is_empty()).then(|| TagGroup::with_children(tag_kind(kind), children).into())
        }
    }
}

/// The outline lists the headings, nested by level; without headings, the title.
fn outline(laid: &Laid, title: &str) -> Outline {
    fn node(entries: &[OutlineEntry], next: &mut usize) -> Option<OutlineNode> {
        let entry = entries.get(*next)?;
        *next += 1;
        let target = XyzDestination::new(entry.page, Point::from_xy(layout::MARGIN_X, entry.y));
        let mut item = OutlineNode::new(entry.title.clone(), target);
        while entries.get(*next).is_some_and(|e| e.level > entry.level) {
            if let Some(child) = node(entries, next) {
                item.push_child(child);
            }
        }
        Some(item)
    }

    let mut outline = Outline::new();
    let mut next = 0;
    while let Some(item) = node(&laid.outline, &mut next) {
        outline.push_child(item);
    }
    if laid.outline.is_empty() {
        let target = XyzDestination::new(0, Point::from_xy(0.0, 0.0));
        outline.push_child(OutlineNode::new(title.to_owned(), target));
    }
    outline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_ua_validation_is_enforced() {
        // Title and language but no outline: krilla must refuse to export.
        let mut pdf = krilla::Document::new_with(ua_settings().expect("settings"));
        pdf.set_metadata(
            Metadata::new()
                .title("T".to_owned())
                .language("pl".to_owned()),
        );
        pdf.set_tag_tree(TagTree::new());
        let error = PdfError::from(pdf.finish().expect_err("export must fail"));
        assert!(
            matches!(&error, PdfError::Accessibility(p) if p.iter().any(|p| p.contains("MissingDocumentOutline"))),
            "{error}"
        );
    }
}
