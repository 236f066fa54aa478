//! Page layout: turns blocks into positioned text runs, decorations and a logical tree.
//!
//! Nothing here touches krilla: the result ([`Laid`]) is drawn by `lib.rs` once the number
//! of pages is known (for "Strona N z M"). Text is measured by shaping it with rustybuzz,
//! the same shaper krilla's `draw_text` uses, so measured and drawn widths agree.

use std::collections::HashMap;

use rustybuzz::{Face, UnicodeBuffer};

use crate::Block;

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.276;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 62.0;
/// Baseline of the page number.
pub(crate) const FOOTER_BASELINE: f32 = PAGE_H - 36.0;
pub(crate) const FOOTER_SIZE: f32 = 8.5;
const TOP: f32 = 60.0;
const BOTTOM: f32 = PAGE_H - 68.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const BODY: f32 = 10.5;
const SMALL: f32 = 9.5;
const LEADING: f32 = 1.4;
const PARAGRAPH_GAP: f32 = 6.0;
const CELL_PAD: f32 = 4.0;
const LIST_INDENT: f32 = 16.0;
const BULLET: &str = "\u{2022}";

/// One line of text at a fixed position; becomes one tagged marked-content span.
#[derive(Debug)]
pub(crate) struct Run {
    pub page: usize,
    pub x: f32,
    pub baseline: f32,
    pub size: f32,
    pub bold: bool,
    pub text: String,
}

/// Decoration, drawn as an artifact (never part of the structure tree).
#[derive(Debug)]
pub(crate) enum Shape {
    /// Rectangle with an optional grey fill and an optional thin grey border.
    Rect {
        page: usize,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<u8>,
        stroke: Option<u8>,
    },
    /// Dotted signature line.
    Dotted {
        page: usize,
        x1: f32,
        x2: f32,
        y: f32,
    },
}

impl Shape {
    pub(crate) fn page(&self) -> usize {
        match self {
            Shape::Rect { page, .. } | Shape::Dotted { page, .. } => *page,
        }
    }
}

/// Structure element kinds used by this crate.
#[derive(Debug)]
pub(crate) enum Kind {
    Heading(u8, String),
    P,
    List,
    ListItem,
    Label,
    ListBody,
    Table,
    Row,
    HeaderCell,
    Cell,
}

/// Logical (reading-order) tree; leaves are indexes into [`Laid::runs`].
#[derive(Debug)]
pub(crate) enum Node {
    Group(Kind, Vec<Node>),
    Run(usize),
}

#[derive(Debug)]
pub(crate) struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// The laid-out document. `runs` and `shapes` are ordered by page.
#[derive(Debug)]
pub(crate) struct Laid {
    pub pages: usize,
    pub runs: Vec<Run>,
    pub shapes: Vec<Shape>,
    pub tree: Vec<Node>,
    pub outline: Vec<OutlineEntry>,
}

/// Text measurement with a small cache of shaped words.
pub(crate) struct Metrics {
    regular: Face<'static>,
    bold: Face<'static>,
    cache: HashMap<(bool, String), f32>,
}

impl Metrics {
    pub(crate) fn new(regular: &'static [u8], bold: &'static [u8]) -> Option<Self> {
        Some(Self {
            regular: Face::from_slice(regular, 0)?,
            bold: Face::from_slice(bold, 0)?,
            cache: HashMap::new(),
        })
    }

    fn face(&self, bold: bool) -> &Face<'static> {
        if bold { &self.bold } else { &self.regular }
    }

    fn shaped_em(&self, text: &str, bold: bool) -> f32 {
        let face = self.face(bold);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let glyphs = rustybuzz::shape(face, &[], buffer);
        let units: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / face.units_per_em() as f32
    }

    /// Width in points of `text` set in one line.
    pub(crate) fn width(&mut self, text: &str, bold: bool, size: f32) -> f32 {
        if let Some(em) = self.cache.get(&(bold, text.to_owned())) {
            return em * size;
        }
        let em = self.shaped_em(text, bold);
        self.cache.insert((bold, text.to_owned()), em);
        em * size
    }

    /// Replaces what the font cannot show, so that export never meets a `.notdef` glyph:
    /// invisible format characters are dropped, breaking whitespace becomes a space,
    /// non-breaking spaces stay, anything else missing becomes U+FFFD.
    fn clean(&self, text: &str, bold: bool) -> String {
        let face = self.face(bold);
        let has = |c: char| face.glyph_index(c).is_some();
        let replacement = if has('\u{FFFD}') { '\u{FFFD}' } else { '?' };
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' => None,
                '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(if has(c) { c } else { '\u{00A0}' }),
                c if c.is_whitespace() => Some(' '),
                c if c.is_control() => None,
                c if has(c) => Some(c),
                _ => Some(replacement),
            })
            .collect()
    }

    /// Greedy word wrap to `max` points. `\n` forces a break (an empty line stays empty).
    /// Words are only cut when a single word is wider than the line.
    pub(crate) fn wrap(&mut self, text: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
        let text = self.clean(text, bold);
        let space = self.width(" ", bold, size);
        let mut lines = Vec::new();
        for hard_line in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for unit in unbreakable_units(hard_line) {
                let w = self.width(&unit, bold, size);
                if !line.is_empty() && line_w + space + w <= max {
                    line.push(' ');
                    line.push_str(&unit);
                    line_w += space + w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if w <= max {
                    line = unit;
                    line_w = w;
                } else {
                    let mut pieces = self.split_long(&unit, bold, size, max);
                    line = pieces.pop().unwrap_or_default();
                    line_w = self.width(&line, bold, size);
                    lines.extend(pieces);
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Cuts a word that is wider than a line, never inside a combining sequence.
    fn split_long(&self, word: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
        let mut pieces = Vec::new();
        let mut current = String::new();
        for c in word.chars() {
            let combining = matches!(c, '\u{0300}'..='\u{036F}');
            if !combining && !current.is_empty() {
                let mut candidate = current.clone();
                candidate.push(c);
                if self.shaped_em(&candidate, bold) * size > max {
                    pieces.push(std::mem::take(&mut current));
                }
            }
            current.push(c);
        }
        pieces.push(current);
        pieces
    }
}

/// Splits a line at spaces, but keeps together what Polish typesetting keeps together:
/// a one-letter word with the next one ("w domu", "i", "z"), "§ 1", "nr 5", digit groups
/// of an amount ("5 000,00"), a number with its unit ("100 zł", "2027 r.") and a dash
/// with the word before it.
fn unbreakable_units(line: &str) -> Vec<String> {
    let is_number = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    };
    let mut units: Vec<String> = Vec::new();
    let mut glue_next = false;
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let continues_number = word.starts_with(|c: char| c.is_ascii_digit())
            || matches!(
                word,
                "zł" | "zł." | "zł," | "zł;" | "gr" | "PLN" | "%" | "r." | "r.," | "m²"
            );
        let after_number = units
            .last()
            .is_some_and(|u| is_number(u.rsplit(' ').next().unwrap_or(u)));
        let dash = matches!(word, "–" | "—");
        match units.last_mut() {
            Some(last) if glue_next || dash || (after_number && continues_number) => {
                last.push(' ');
                last.push_str(word);
            }
            _ => units.push(word.to_owned()),
        }
        let mut chars = word.chars();
        let one_letter =
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
        glue_next = one_letter || matches!(word, "§" | "nr" | "Nr");
    }
    units
}

/// Right-aligns amounts and other numbers in tables.
fn looks_numeric(text: &str) -> bool {
    let t = text.trim();
    t.starts_with(|c: char| c.is_ascii_digit() || c == '-')
        && t.chars()
            .all(|c| c.is_ascii_digit() || " ,.-+%\u{a0}\u{202f}złPLN".contains(c))
}

fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// Baseline offset from the top of a line box.
fn baseline_in(size: f32) -> f32 {
    line_height(size) * 0.75
}

struct Layouter<'m> {
    metrics: &'m mut Metrics,
    page: usize,
    y: f32,
    runs: Vec<Run>,
    shapes: Vec<Shape>,
    tree: Vec<Node>,
    outline: Vec<OutlineEntry>,
}

pub(crate) fn lay_out(blocks: &[Block], metrics: &mut Metrics) -> Laid {
    let mut l = Layouter {
        metrics,
        page: 0,
        y: TOP,
        runs: Vec::new(),
        shapes: Vec::new(),
        tree: Vec::new(),
        outline: Vec::new(),
    };
    for block in blocks {
        match block {
            Block::Heading { level, text } => l.heading(*level, text),
            Block::Paragraph(text) => l.paragraph(text),
            Block::Fields(fields) => l.fields(fields),
            Block::Table { headers, rows } => l.table(headers, rows),
            Block::List(items) => l.list(items),
            Block::Signatures(captions) => l.signatures(captions),
        }
    }
    Laid {
        pages: l.page + 1,
        runs: l.runs,
        shapes: l.shapes,
        tree: l.tree,
        outline: l.outline,
    }
}

impl Layouter<'_> {
    fn at_top(&self) -> bool {
        self.y <= TOP + 0.01
    }

    fn new_page(&mut self) {
        self.page += 1;
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits (or we are already at the top).
    fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn push_run(&mut self, x: f32, baseline: f32, text: String, bold: bool, size: f32) -> Node {
        self.runs.push(Run {
            page: self.page,
            x,
            baseline,
            size,
            bold,
            text,
        });
        Node::Run(self.runs.len() - 1)
    }

    /// Places wrapped lines one under another at `x`, breaking pages between lines.
    fn flow_lines(&mut self, lines: Vec<String>, x: f32, bold: bool, size: f32) -> Vec<Node> {
        let lh = line_height(size);
        let mut nodes = Vec::new();
        for line in lines {
            self.ensure(lh);
            if !line.is_empty() {
                let baseline = self.y + baseline_in(size);
                nodes.push(self.push_run(x, baseline, line, bold, size));
            }
            self.y += lh;
        }
        nodes
    }

    fn heading(&mut self, level: u8, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let level = level.clamp(1, 3);
        let (size, before, after) = match level {
            1 => (16.0, 14.0, 6.0),
            2 => (13.0, 10.0, 4.0),
            _ => (11.5, 8.0, 3.0),
        };
        if !self.at_top() {
            self.y += before;
        }
        let lines = self.metrics.wrap(text, true, size, CONTENT_W);
        // Keep the heading with at least two lines of what follows.
        self.ensure(lines.len() as f32 * line_height(size) + 2.0 * line_height(BODY));
        let title = lines
            .iter()
            .filter(|l| !l.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if !title.is_empty() {
            self.outline.push(OutlineEntry {
                level,
                title: title.clone(),
                page: self.page,
                y: self.y,
            });
        }
        let nodes = self.flow_lines(lines, MARGIN_X, true, size);
        self.tree
            .push(Node::Group(Kind::Heading(level, title), nodes));
        self.y += after;
    }

    fn paragraph(&mut self, text: &str) {
        let lines = self.metrics.wrap(text, false, BODY, CONTENT_W);
        let nodes = self.flow_lines(lines, MARGIN_X, false, BODY);
        self.tree.push(Node::Group(Kind::P, nodes));
        self.y += PARAGRAPH_GAP;
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let gap = 8.0;
        let labels: Vec<String> = fields
            .iter()
            .map(|(label, _)| {
                let label = label.trim_end();
                if label.ends_with(':') || label.is_empty() {
                    label.to_owned()
                } else {
                    format!("{label}:")
                }
            })
            .collect();
        let widest = labels
            .iter()
            .map(|l| self.metrics.width(l, true, BODY))
            .fold(0.0, f32::max);
        let label_w = widest.min(CONTENT_W * 0.4);
        let value_x = MARGIN_X + label_w + gap;
        let value_w = CONTENT_W - label_w - gap;
        let lh = line_height(BODY);
        for (label, (_, value)) in labels.iter().zip(fields) {
            let label_lines = self.metrics.wrap(label, true, BODY, label_w);
            let value_lines = self.metrics.wrap(value, false, BODY, value_w);
            let count = label_lines.len().max(value_lines.len());
            self.ensure(count.min(3) as f32 * lh);
            let mut label_nodes = Vec::new();
            let mut value_nodes = Vec::new();
            for i in 0..count {
                self.ensure(lh);
                let baseline = self.y + baseline_in(BODY);
                if let Some(text) = label_lines.get(i).filter(|t| !t.is_empty()) {
                    label_nodes.push(self.push_run(MARGIN_X, baseline, text.clone(), true, BODY));
                }
                if let Some(text) = value_lines.get(i).filter(|t| !t.is_empty()) {
                    value_nodes.push(self.push_run(value_x, baseline, text.clone(), false, BODY));
                }
                self.y += lh;
            }
            label_nodes.append(&mut value_nodes);
            self.tree.push(Node::Group(Kind::P, label_nodes));
            self.y += 2.0;
        }
        self.y += PARAGRAPH_GAP;
    }

    fn list(&mut self, items: &[String]) {
        let lh = line_height(BODY);
        let mut item_nodes = Vec::new();
        for item in items {
            let lines = self
                .metrics
                .wrap(item, false, BODY, CONTENT_W - LIST_INDENT);
            self.ensure(lines.len().min(2) as f32 * lh);
            let baseline = self.y + baseline_in(BODY);
            let bullet = self.push_run(MARGIN_X + 4.0, baseline, BULLET.to_owned(), false, BODY);
            let body = self.flow_lines(lines, MARGIN_X + LIST_INDENT, false, BODY);
            item_nodes.push(Node::Group(
                Kind::ListItem,
                vec![
                    Node::Group(Kind::Label, vec![bullet]),
                    Node::Group(Kind::ListBody, body),
                ],
            ));
            self.y += 2.0;
        }
        self.tree.push(Node::Group(Kind::List, item_nodes));
        self.y += PARAGRAPH_GAP;
    }

    fn column_widths(&mut self, headers: &[String], rows: &[Vec<String>], cols: usize) -> Vec<f32> {
        let mut natural = vec![0.0_f32; cols];
        let mut minimum = vec![0.0_f32; cols];
        let header_cells = headers.iter().enumerate().map(|(i, h)| (i, h, true));
        let body_cells = rows
            .iter()
            .flat_map(|r| r.iter().enumerate().map(|(i, c)| (i, c, false)));
        for (col, text, bold) in header_cells.chain(body_cells) {
            for line in text.split('\n') {
                let w = self.metrics.width(line.trim(), bold, SMALL);
                natural[col] = natural[col].max(w + 2.0 * CELL_PAD);
                for unit in unbreakable_units(line) {
                    let w = self.metrics.width(&unit, bold, SMALL);
                    minimum[col] = minimum[col].max(w + 2.0 * CELL_PAD);
                }
            }
        }
        let fair = CONTENT_W / cols as f32;
        for m in &mut minimum {
            *m = m.min(fair).max(2.0 * CELL_PAD + SMALL);
        }
        let natural_sum: f32 = natural.iter().sum();
        if natural_sum <= CONTENT_W && natural_sum > 0.0 {
            return natural
                .iter()
                .map(|n| n * CONTENT_W / natural_sum)
                .collect();
        }
        let minimum_sum: f32 = minimum.iter().sum();
        let extra = (CONTENT_W - minimum_sum).max(0.0);
        let wants: Vec<f32> = natural
            .iter()
            .zip(&minimum)
            .map(|(n, m)| (n - m).max(0.0))
            .collect();
        let wants_sum: f32 = wants.iter().sum();
        minimum
            .iter()
            .zip(&wants)
            .map(|(m, w)| {
                if wants_sum > 0.0 {
                    m + extra * w / wants_sum
                } else {
                    m + extra / cols as f32
                }
            })
            .collect()
    }

    fn table(&mut self, headers: &[String], rows: &[Vec<String>]) {
        let cols = rows
            .iter()
            .map(Vec::len)
            .chain([headers.len()])
            .max()
            .unwrap_or(0);
        if cols == 0 {
            return;
        }
        let widths = self.column_widths(headers, rows, cols);
        // A column whose filled cells are all numbers (amounts, ordinals) is right-aligned.
        let right: Vec<bool> = (0..cols)
            .map(|col| {
                let mut filled = rows
                    .iter()
                    .filter_map(|r| r.get(col))
                    .filter(|c| !c.trim().is_empty())
                    .peekable();
                filled.peek().is_some() && filled.all(|c| looks_numeric(c))
            })
            .collect();
        let mut row_nodes = Vec::new();
        if !headers.is_empty() {
            row_nodes.push(self.table_row(headers, &widths, &right, true));
        }
        for row in rows {
            row_nodes.push(self.table_row(row, &widths, &right, false));
        }
        self.tree.push(Node::Group(Kind::Table, row_nodes));
        self.y += PARAGRAPH_GAP + 2.0;
    }

    /// One table row; a row taller than a page is split between lines.
    fn table_row(
        &mut self,
        cells: &[String],
        widths: &[f32],
        right: &[bool],
        header: bool,
    ) -> Node {
        let lh = line_height(SMALL);
        let empty = String::new();
        let cell_lines: Vec<(Vec<String>, bool)> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).unwrap_or(&empty);
                let mut lines = self.metrics.wrap(text, header, SMALL, w - 2.0 * CELL_PAD);
                if lines.iter().all(String::is_empty) {
                    // An empty cell keeps a space so that its TD/TH stays in the tree.
                    lines = vec![" ".to_owned()];
                }
                (lines, right.get(i).copied().unwrap_or(false))
            })
            .collect();
        let count = cell_lines.iter().map(|(l, _)| l.len()).max().unwrap_or(1);
        let full = count as f32 * lh + 2.0 * CELL_PAD;
        if full <= BOTTOM - TOP {
            self.ensure(full);
        }
        let mut cell_nodes: Vec<Vec<Node>> = (0..widths.len()).map(|_| Vec::new()).collect();
        let mut start = 0;
        while start < count {
            let fit = ((BOTTOM - self.y - 2.0 * CELL_PAD) / lh).floor().max(0.0) as usize;
            if fit == 0 && !self.at_top() {
                self.new_page();
                continue;
            }
            let end = count.min(start + fit.max(1));
            let height = (end - start) as f32 * lh + 2.0 * CELL_PAD;
            let mut x = MARGIN_X;
            for (col, width) in widths.iter().enumerate() {
                self.shapes.push(Shape::Rect {
                    page: self.page,
                    x,
                    y: self.y,
                    w: *width,
                    h: height,
                    fill: header.then_some(232),
                    stroke: Some(120),
                });
                let (lines, right) = &cell_lines[col];
                for (i, line) in lines.iter().enumerate().take(end).skip(start) {
                    if line.is_empty() {
                        continue;
                    }
                    let baseline = self.y + CELL_PAD + (i - start) as f32 * lh + baseline_in(SMALL);
                    let line_x = if *right {
                        x + width - CELL_PAD - self.metrics.width(line, header, SMALL)
                    } else {
                        x + CELL_PAD
                    };
                    let node = self.push_run(line_x, baseline, line.clone(), header, SMALL);
                    cell_nodes[col].push(node);
                }
                x += width;
            }
            self.y += height;
            start = end;
            if start < count {
                self.new_page();
            }
        }
        let kind = || if header { Kind::HeaderCell } else { Kind::Cell };
        Node::Group(
            Kind::Row,
            cell_nodes
                .into_iter()
                .map(|n| Node::Group(kind(), n))
                .collect(),
        )
    }

    fn signatures(&mut self, captions: &[String]) {
        if captions.is_empty() {
            return;
        }
        let col_w = CONTENT_W / captions.len() as f32;
        let lh = line_height(SMALL);
        let sign_space = 44.0;
        let wrapped: Vec<Vec<String>> = captions
            .iter()
            .map(|c| self.metrics.wrap(c, false, SMALL, col_w - 16.0))
            .collect();
        let count = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        self.ensure(sign_space + 4.0 + count as f32 * lh);
        self.y += sign_space;
        let line_y = self.y;
        for (i, lines) in wrapped.into_iter().enumerate() {
            let x = MARGIN_X + i as f32 * col_w;
            self.shapes.push(Shape::Dotted {
                page: self.page,
                x1: x + 8.0,
                x2: x + col_w - 8.0,
                y: line_y,
            });
            let mut nodes = Vec::new();
            for (n, line) in lines.into_iter().enumerate().filter(|(_, l)| !l.is_empty()) {
                let w = self.metrics.width(&line, false, SMALL);
                let baseline = line_y + 4.0 + n as f32 * lh + baseline_in(SMALL);
                nodes.push(self.push_run(x + (col_w - w) / 2.0, baseline, line, false, SMALL));
            }
            self.tree.push(Node::Group(Kind::P, nodes));
        }
        self.y = line_y + 4.0 + count as f32 * lh + PARAGRAPH_GAP;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics() -> Metrics {
        Metrics::new(crate::FONT_REGULAR, crate::FONT_BOLD).expect("bundled fonts parse")
    }

    #[test]
    fn wrapping_keeps_words_whole_and_lines_within_width() {
        let mut m = metrics();
        let text = "Gmina przekazuje Organizacji dotację celową na realizację zadania publicznego \
                    polegającego na organizacji festynu sąsiedzkiego w parku miejskim.";
        let max = 150.0;
        let lines = m.wrap(text, false, BODY, max);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(
                m.width(line, false, BODY) <= max + 0.01,
                "{line:?} too wide"
            );
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let rejoined: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        assert_eq!(words, rejoined);
    }

    #[test]
    fn overlong_word_is_cut_and_hard_breaks_are_kept() {
        let mut m = metrics();
        let long = "x".repeat(200);
        let lines = m.wrap(&format!("a\n\n{long}"), false, BODY, 100.0);
        assert_eq!(lines[0], "a");
        assert_eq!(lines[1], "");
        assert!(lines.len() > 3);
        assert_eq!(lines[2..].concat(), long);
    }

    #[test]
    fn polish_typesetting_keeps_amounts_and_one_letter_words_together() {
        assert_eq!(
            unbreakable_units("kwota 5 000,00 zł w dwóch ratach i z odsetkami"),
            ["kwota", "5 000,00 zł", "w dwóch", "ratach", "i z odsetkami"]
        );
        assert_eq!(
            unbreakable_units("§ 2 umowy nr 1/2027 – do 30 czerwca 2027 r."),
            [
                "§ 2",
                "umowy",
                "nr 1/2027 –",
                "do",
                "30",
                "czerwca",
                "2027 r."
            ]
        );
    }

    #[test]
    fn unsupported_characters_are_replaced_not_fatal() {
        let m = metrics();
        // DejaVu Sans has no CJK; U+200B is invisible; a tab is breaking whitespace.
        assert_eq!(
            m.clean("a\u{200B}b\tc\u{4E2D}\u{00A0}d", false),
            "ab c\u{FFFD}\u{00A0}d"
        );
    }
}
