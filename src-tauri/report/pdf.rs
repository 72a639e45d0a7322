//! The report document as a tagged PDF, with krilla (docs/REPORTS.md says why). Two
//! steps: `layout` places the document's words (shaped and broken by `text`), rules and
//! the chart on A4 pages as plain drawing operations, each marked with its place in the
//! structure tree (headings, paragraphs, tables, lists, the figure) or as an artifact;
//! `render` turns them into PDF/UA-1 with embedded, subset fonts. Tests read the layout.

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect as KRect};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag,
    TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::{metadata::Metadata, Document, SerializeSettings};

use super::chart;
use super::doc::{Block, Doc, Figure, Table};
use super::text::{self, Line, Shaper};
use super::words;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 40.0;
const BOTTOM: f32 = PAGE_H - 56.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// Space inside a table cell, left and right together.
const CELL_PAD: f32 = 8.0;
type Rgb = (u8, u8, u8);
const INK: Rgb = (0x22, 0x22, 0x22);
const MUTED: Rgb = (0x5b, 0x5b, 0x5b);
const ACCENT: Rgb = (0x1f, 0x4e, 0x79);
const RULE: Rgb = (0xd6, 0xd6, 0xd6);

/// What an operation is in the structure: content of a leaf of the tree, or an artifact
/// a screen reader skips (rules, backgrounds, repeated table heads, page footers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Leaf(u32),
    Layout,
    Repeat,
    Footer,
}

/// One drawing operation on a page; y grows downwards, text at its baseline. A text is
/// one run of a line: `glyphs` are exactly what was measured, `width` their advance.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: String,
        glyphs: Vec<text::Glyph>,
        width: f32,
        mark: Mark,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Rgb,
        mark: Mark,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        colour: Rgb,
        mark: Mark,
    },
}

pub type Page = Vec<Op>;

/// A node of the structure tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Group(Kind, Vec<Node>),
    Leaf(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Heading(u16, String),
    P,
    Section,
    Div,
    Table,
    THead,
    TBody,
    Tr,
    Th,
    Td,
    List,
    Li,
    Lbl,
    LBody,
    Figure(String),
}

/// The pages, the structure tree over them, and the section headings for the outline.
pub struct Layout {
    pub pages: Vec<Page>,
    pub tree: Vec<Node>,
    pub outline: Vec<(String, usize, f32)>,
    /// Some character had no glyph in the embedded fonts (drawn as a box).
    pub missing_glyphs: bool,
    /// Every box of wrapped text (paragraphs, table cells) and where its lines went.
    pub boxes: Vec<Placed>,
}

/// A text box placed at `x`, `width` wide: where each line of it was put.
pub struct Placed {
    pub x: f32,
    pub width: f32,
    pub lines: Vec<(f32, f32)>,
}

struct Writer {
    pages: Vec<Page>,
    y: f32,
    shaper: Shaper,
    stack: Vec<(Kind, Vec<Node>)>,
    root: Vec<Node>,
    next_leaf: u32,
    mark: Mark,
    outline: Vec<(String, usize, f32)>,
    /// Every box of wrapped text, for the line-fitting test.
    boxes: Vec<Placed>,
}

impl Writer {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn room(&mut self, h: f32) {
        if self.y + h > BOTTOM {
            self.new_page();
        }
    }

    fn open(&mut self, kind: Kind) {
        self.stack.push((kind, Vec::new()));
    }

    fn close(&mut self) {
        if let Some((kind, children)) = self.stack.pop() {
            let node = Node::Group(kind, children);
            match self.stack.last_mut() {
                Some((_, parent)) => parent.push(node),
                None => self.root.push(node),
            }
        }
    }

    /// A new leaf under the open group; what is drawn next belongs to it.
    fn leaf(&mut self) {
        let id = self.next_leaf;
        self.next_leaf += 1;
        if let Some((_, children)) = self.stack.last_mut() {
            children.push(Node::Leaf(id));
        }
        self.mark = Mark::Leaf(id);
    }

    /// Draws a line with its left edge at `x` (or right-aligned in `width` when `right`).
    fn draw_line(
        &mut self,
        line: &Line,
        x: f32,
        width: f32,
        right: bool,
        style: (f32, bool, Rgb),
    ) -> (f32, f32) {
        let (size, bold, colour) = style;
        let mut x = if right || line.rtl {
            x + width - line.width() * size
        } else {
            x
        };
        let drawn = (x, line.width() * size);
        let (y, mark) = (self.y, self.mark);
        for run in &line.runs {
            let w = run.width() * size;
            self.page().push(Op::Text {
                x,
                y,
                size,
                bold,
                colour,
                text: run.text.clone(),
                glyphs: run.glyphs.clone(),
                width: w,
                mark,
            });
            x += w;
        }
        drawn
    }

    fn rule(&mut self, points: Vec<(f32, f32)>, width: f32, colour: Rgb) {
        self.page().push(Op::Line {
            points,
            width,
            colour,
            mark: Mark::Layout,
        });
    }

    /// A paragraph as one leaf of a `P`.
    fn para(&mut self, text: &str, size: f32, colour: Rgb, x: f32, width: f32) {
        self.open(Kind::P);
        self.leaf();
        self.lines(text, (size, false, colour), x, width);
        self.close();
    }

    /// Wrapped text under the current mark, a page break wherever the next line does not fit.
    fn lines(&mut self, text: &str, style: (f32, bool, Rgb), x: f32, width: f32) {
        let lead = style.0 * 1.4;
        let mut placed = Placed {
            x,
            width,
            lines: Vec::new(),
        };
        for line in self.shaper.wrap(text, style.0, style.1, width) {
            self.room(lead);
            self.y += lead;
            let drawn = self.draw_line(&line, x, width, false, style);
            placed.lines.push(drawn);
        }
        self.boxes.push(placed);
    }

    fn heading(&mut self, text: &str) {
        self.room(60.0);
        self.y += 26.0;
        self.outline
            .push((text.to_owned(), self.pages.len().max(1) - 1, self.y - 13.0));
        self.open(Kind::Heading(2, text.to_owned()));
        self.leaf();
        self.lines(text, (13.0, true, ACCENT), MARGIN, CONTENT_W);
        self.close();
        self.y += 5.0;
        let y = self.y;
        self.rule(vec![(MARGIN, y), (MARGIN + CONTENT_W, y)], 0.6, RULE);
        self.y += 2.0;
    }

    /// The table's type size and column widths, from the content: the largest size
    /// (8.5 down to 6.5 points) at which every cell fits on one line; failing that,
    /// each column gets at least its widest unbreakable piece and the rest is shared by
    /// how much more each column would like.
    fn columns(&mut self, t: &Table) -> (f32, Vec<f32>) {
        let n = t.head.len().max(1);
        let (mut min, mut pref) = (vec![0.0f32; n], vec![0.0f32; n]);
        let cells = std::iter::once((&t.head, true)).chain(t.rows.iter().map(|r| (r, false)));
        for (row, bold) in cells {
            for (i, c) in row.iter().enumerate().take(n) {
                let whole = self.shaper.line(c, bold).width();
                pref[i] = pref[i].max(whole);
                min[i] = min[i].max(self.shaper.min_width(c, bold).min(whole));
            }
        }
        let avail = CONTENT_W - CELL_PAD * n as f32;
        let (smin, spref) = (min.iter().sum::<f32>(), pref.iter().sum::<f32>());
        let size = [8.5, 8.0, 7.5, 7.0, 6.5]
            .into_iter()
            .find(|s| spref * s <= avail)
            .unwrap_or(6.5);
        let (smin, spref) = (smin * size, spref * size);
        let w: Vec<f32> = if spref <= avail {
            let extra = (avail - spref) / n as f32;
            pref.iter().map(|p| p * size + extra).collect()
        } else if smin < avail {
            let k = (avail - smin) / (spref - smin);
            min.iter()
                .zip(&pref)
                .map(|(a, b)| (a + (b - a) * k) * size)
                .collect()
        } else {
            // Wider than the page even broken at every opportunity: equal shares, and
            // words are cut between clusters.
            vec![avail / n as f32; n]
        };
        (size, w.into_iter().map(|w| w + CELL_PAD).collect())
    }

    /// A table with a header row. Rows wrap in their columns; the header repeats (as an
    /// artifact) on each new page. Each cell is drawn whole before the next, in reading order.
    fn table(&mut self, t: &Table) {
        let (size, widths) = self.columns(t);
        let lead = size * 1.35;
        let right = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
        let head: Vec<Vec<Line>> = t
            .head
            .iter()
            .zip(&widths)
            .map(|(h, w)| self.shaper.wrap(h, size, true, w - CELL_PAD))
            .collect();
        let head_h = lead * head.iter().map(Vec::len).max().unwrap_or(1) as f32;
        self.open(Kind::Table);
        let header = |w: &mut Writer, first: bool| {
            let top = w.y + 3.0;
            w.page().push(Op::Rect {
                x: MARGIN,
                y: top,
                w: CONTENT_W,
                h: head_h + 4.0,
                colour: (0xf1, 0xf1, 0xf1),
                mark: Mark::Layout,
            });
            if first {
                w.open(Kind::THead);
                w.open(Kind::Tr);
            } else {
                w.mark = Mark::Repeat;
            }
            let mut x = MARGIN + 3.0;
            for (i, lines) in head.iter().enumerate() {
                if first {
                    w.open(Kind::Th);
                    w.leaf();
                }
                w.cell(
                    lines,
                    x,
                    widths[i],
                    right(i),
                    (size, true, INK),
                    top - 3.0,
                    lead,
                );
                if first {
                    w.close();
                }
                x += widths[i];
            }
            if first {
                w.close();
                w.close();
            }
            w.y = top + head_h + 2.0;
        };
        self.y += 4.0;
        self.room(head_h + lead * 2.0 + 8.0);
        header(self, true);
        self.open(Kind::TBody);
        for row in &t.rows {
            let cells: Vec<Vec<Line>> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| self.shaper.wrap(c, size, false, w - CELL_PAD))
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            if self.y + lead * n as f32 + 4.0 > BOTTOM {
                self.new_page();
                header(self, false);
            }
            let top = self.y;
            self.open(Kind::Tr);
            let mut x = MARGIN + 3.0;
            for (i, lines) in cells.iter().enumerate() {
                self.open(Kind::Td);
                self.leaf();
                self.cell(lines, x, widths[i], right(i), (size, false, INK), top, lead);
                self.close();
                x += widths[i];
            }
            self.close();
            self.y = top + lead * n as f32 + 3.5;
            let y = self.y;
            self.rule(vec![(MARGIN, y), (MARGIN + CONTENT_W, y)], 0.4, RULE);
        }
        self.close();
        self.close();
    }

    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        lines: &[Line],
        x: f32,
        width: f32,
        right: bool,
        style: (f32, bool, Rgb),
        top: f32,
        lead: f32,
    ) {
        let mut placed = Placed {
            x,
            width: width - CELL_PAD,
            lines: Vec::new(),
        };
        for (k, line) in lines.iter().enumerate() {
            self.y = top + lead * (k as f32 + 1.0);
            placed
                .lines
                .push(self.draw_line(line, x, width - CELL_PAD, right, style));
        }
        self.boxes.push(placed);
    }

    fn label(&mut self, x: f32, y: f32, text: &str, right: bool) {
        let line = self.shaper.line(text, false);
        let x = if right { x - line.width() * 8.0 } else { x };
        let saved = self.y;
        self.y = y;
        let _ = self.draw_line(&line, x, 0.0, false, (8.0, false, chart::INK));
        self.y = saved;
    }

    fn figure(&mut self, f: &Figure) {
        let c = &f.chart;
        let scale = CONTENT_W / chart::WIDTH;
        self.room(chart::HEIGHT * scale + 10.0);
        let (ox, oy) = (MARGIN, self.y + 6.0);
        let at = |(x, y): (f32, f32)| (ox + x * scale, oy + y * scale);
        let (px, py, pw, ph) = c.plot;
        self.open(Kind::Figure(f.alt.clone()));
        self.leaf();
        let mark = self.mark;
        let mut ops = vec![Op::Rect {
            x: ox + px * scale,
            y: oy + py * scale,
            w: pw * scale,
            h: ph * scale,
            colour: (0xfb, 0xfb, 0xfb),
            mark,
        }];
        for (y, _) in &c.grid {
            ops.push(Op::Line {
                points: vec![at((px, *y)), at((px + pw, *y))],
                width: 0.4,
                colour: chart::GRID,
                mark,
            });
        }
        for b in &c.bands {
            let (x, y) = at((b.x, b.y));
            ops.push(Op::Rect {
                x,
                y,
                w: (b.w * scale).max(0.5),
                h: b.h * scale,
                colour: chart::PHASE_FILL[usize::from(b.phase.clamp(1, 4) - 1)],
                mark,
            });
        }
        for x in &c.ruptures {
            ops.push(Op::Line {
                points: vec![at((*x, py)), at((*x, py + ph))],
                width: 1.0,
                colour: chart::RUPTURE,
                mark,
            });
        }
        for line in &c.lines {
            ops.push(Op::Line {
                points: line.iter().map(|p| at(*p)).collect(),
                width: 1.4,
                colour: chart::LINE,
                mark,
            });
        }
        for (x, y) in &c.dots {
            let (x, y) = at((*x, *y));
            ops.push(Op::Rect {
                x: x - 1.5,
                y: y - 1.5,
                w: 3.0,
                h: 3.0,
                colour: chart::LINE,
                mark,
            });
        }
        self.page().extend(ops);
        // Text in the order of `Figure::texts`.
        let (x, y) = at((10.0, py + 12.0));
        self.label(x, y, &f.lean_in, false);
        let (x, y) = at((10.0, py + ph - 4.0));
        self.label(x, y, &f.lean_out, false);
        for (gy, text) in &c.grid {
            let (x, y) = at((px - 6.0, gy + 3.0));
            self.label(x, y, text, true);
        }
        for b in c.bands.iter().filter(|b| b.w > chart::BAND_LABEL_MIN_W) {
            let (x, y) = at((b.x + 3.0, b.y + b.h - 4.5));
            self.label(x, y, &b.phase.to_string(), false);
        }
        for l in &c.labels {
            let (x, y) = at((l.x, l.y));
            self.label(x, y, &l.text, l.right);
        }
        self.close();
        self.y += chart::HEIGHT * scale + 6.0;
        // The legend, as a paragraph: swatches flow and wrap like words.
        self.room(14.0);
        self.y += 10.0;
        self.open(Kind::P);
        self.leaf();
        let mut x = MARGIN;
        for s in &f.legend {
            let line = self.shaper.line(&s.label, false);
            let w = 11.0 + line.width() * 8.0;
            if x > MARGIN && x + w > MARGIN + CONTENT_W {
                x = MARGIN;
                self.room(12.0);
                self.y += 12.0;
            }
            let colour = s.phase.map_or(chart::RUPTURE, |p| {
                chart::PHASE_FILL[usize::from(p.clamp(1, 4) - 1)]
            });
            let y = self.y;
            self.page().push(Op::Rect {
                x,
                y: y - 7.0,
                w: 8.0,
                h: 8.0,
                colour,
                mark: Mark::Layout,
            });
            let _ = self.draw_line(&line, x + 11.0, 0.0, false, (8.0, false, MUTED));
            x += w + 12.0;
        }
        self.close();
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Para { text } | Block::Empty { text } => {
                self.para(text, 9.0, MUTED, MARGIN, CONTENT_W)
            }
            Block::Table(t) => self.table(t),
            Block::Chart(f) => self.figure(f),
            Block::Terms { items } => {
                self.y += 2.0;
                self.open(Kind::List);
                for t in items {
                    self.open(Kind::Li);
                    self.open(Kind::Lbl);
                    self.leaf();
                    self.lines(&t.term, (8.5, true, MUTED), MARGIN, CONTENT_W);
                    self.close();
                    self.open(Kind::LBody);
                    self.para(&t.text, 8.5, MUTED, MARGIN, CONTENT_W);
                    self.close();
                    self.close();
                    self.y += 2.0;
                }
                self.close();
            }
            Block::Notes { items } => {
                for n in items {
                    self.room(40.0);
                    self.y += 6.0;
                    self.open(Kind::Div);
                    self.open(Kind::P);
                    self.leaf();
                    self.lines(&n.when, (8.5, true, MUTED), MARGIN, CONTENT_W);
                    self.close();
                    self.y += 1.0;
                    self.para(&n.text, 9.5, INK, MARGIN + 8.0, CONTENT_W - 8.0);
                    self.close();
                }
            }
        }
    }
}

/// Places the whole document on pages, with its structure tree and footers.
pub fn layout(d: &Doc) -> Layout {
    let Some(shaper) = Shaper::new() else {
        return Layout {
            pages: Vec::new(),
            tree: Vec::new(),
            outline: Vec::new(),
            missing_glyphs: false,
            boxes: Vec::new(),
        };
    };
    let mut w = Writer {
        pages: Vec::new(),
        y: MARGIN,
        shaper,
        stack: Vec::new(),
        root: Vec::new(),
        next_leaf: 0,
        mark: Mark::Layout,
        outline: Vec::new(),
        boxes: Vec::new(),
    };
    w.page();
    w.y += 4.0;
    w.open(Kind::Heading(1, d.heading.clone()));
    w.leaf();
    w.lines(&d.heading, (19.0, true, ACCENT), MARGIN, CONTENT_W);
    w.close();
    w.y += 4.0;
    w.para(&d.subtitle, 9.5, MUTED, MARGIN, CONTENT_W);
    w.y += 8.0;
    let top = w.y;
    w.para(&d.notice, 9.5, INK, MARGIN + 10.0, CONTENT_W - 14.0);
    let y = w.y + 4.0;
    w.rule(
        vec![(MARGIN + 2.0, top + 2.0), (MARGIN + 2.0, y)],
        2.5,
        ACCENT,
    );
    w.y = y;

    for s in &d.sections {
        w.open(Kind::Section);
        w.heading(&s.heading);
        for b in &s.blocks {
            w.block(b);
        }
        w.close();
    }
    w.y += 14.0;
    w.para(&d.footer, 8.0, MUTED, MARGIN, CONTENT_W);

    let total = w.pages.len();
    let foot = w.shaper.line(&d.running, false);
    for i in 0..total {
        let n = w.shaper.line(&words::page_of(i + 1, total), false);
        for (line, x) in [(&foot, MARGIN), (&n, PAGE_W - MARGIN - n.width() * 7.5)] {
            let mut tx = x;
            for run in &line.runs {
                let width = run.width() * 7.5;
                w.pages[i].push(Op::Text {
                    x: tx,
                    y: PAGE_H - 28.0,
                    size: 7.5,
                    bold: false,
                    colour: MUTED,
                    text: run.text.clone(),
                    glyphs: run.glyphs.clone(),
                    width,
                    mark: Mark::Footer,
                });
                tx += width;
            }
        }
    }
    Layout {
        pages: w.pages,
        tree: w.root,
        outline: w.outline,
        missing_glyphs: w.shaper.missing,
        boxes: w.boxes,
    }
}

/// The document's text as drawn, in drawing order, one run a line; artifacts (page
/// footers, repeated table heads) only when `artifacts`.
pub fn text_of(l: &Layout, artifacts: bool) -> String {
    let mut out = String::new();
    for op in l.pages.iter().flatten() {
        if let Op::Text { text, mark, .. } = op {
            if artifacts || matches!(mark, Mark::Leaf(_)) {
                out.push_str(text);
                out.push('\n');
            }
        }
    }
    out
}

fn colour((r, g, b): Rgb) -> krilla::paint::Paint {
    rgb::Color::new(r, g, b).into()
}

fn fill(c: Rgb) -> Option<Fill> {
    Some(Fill {
        paint: colour(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    })
}

/// krilla's view of our glyph.
struct G<'a>(&'a text::Glyph);

impl krilla::text::Glyph for G<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.0.id))
    }
    fn text_range(&self) -> std::ops::Range<usize> {
        self.0.range.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.0.advance * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.0.dx * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.0.dy * size
    }
    fn y_advance(&self, _: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// Renders the document; `None` only if the bundled fonts could not be read.
pub fn render(d: &Doc) -> Option<Vec<u8>> {
    render_layout(&layout(d), d)
}

pub fn render_layout(l: &Layout, d: &Doc) -> Option<Vec<u8>> {
    // PDF/UA-1 forbids the missing-glyph box; a note in a script the fonts lack is
    // still tagged, without the PDF/UA claim.
    if !l.missing_glyphs {
        if let Some(pdf) = write(l, d, true) {
            return Some(pdf);
        }
    }
    write(l, d, false)
}

fn write(l: &Layout, d: &Doc, ua: bool) -> Option<Vec<u8>> {
    static FONTS: OnceLock<Option<(Font, Font)>> = OnceLock::new();
    let (regular, bold) = FONTS
        .get_or_init(|| {
            Some((
                Font::new(text::REGULAR.into(), 0)?,
                Font::new(text::BOLD.into(), 0)?,
            ))
        })
        .clone()?;
    if l.pages.is_empty() {
        return None;
    }
    let mut config = ConfigurationBuilder::new();
    if ua {
        config = config.with_accessibility_validator(Accessibility::UA1);
    }
    let settings = SerializeSettings {
        enable_tagging: true,
        configuration: config.finish().ok()?,
        ..Default::default()
    };
    let mut doc = Document::new_with(settings);
    doc.set_metadata(
        Metadata::new()
            .title(d.title.clone())
            .language(d.lang.clone())
            .creator("Healing Arc".to_owned()),
    );
    let mut ids: HashMap<u32, Vec<Identifier>> = HashMap::new();
    for ops in &l.pages {
        let mut page = doc.start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H)?);
        let mut s = page.surface();
        for op in ops {
            let mark = match op {
                Op::Text { mark, .. } | Op::Rect { mark, .. } | Op::Line { mark, .. } => *mark,
            };
            let is_text = matches!(op, Op::Text { .. });
            let tag = match mark {
                Mark::Leaf(_) if is_text => ContentTag::Span(SpanTag::empty()),
                Mark::Leaf(_) => ContentTag::Other,
                Mark::Layout => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
                Mark::Repeat => {
                    ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther))
                }
                Mark::Footer => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)),
            };
            let id = s.start_tagged(tag);
            draw(&mut s, op, &regular, &bold);
            s.end_tagged();
            if let Mark::Leaf(leaf) = mark {
                ids.entry(leaf).or_default().push(id);
            }
        }
        s.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(d.lang.clone()));
    for node in &l.tree {
        for n in tagged(node, &mut ids) {
            tree.push(n);
        }
    }
    doc.set_tag_tree(tree);
    let mut outline = Outline::new();
    for (title, page, y) in &l.outline {
        outline.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(MARGIN, *y)),
        ));
    }
    doc.set_outline(outline);
    doc.finish().ok()
}

fn draw(s: &mut Surface<'_>, op: &Op, regular: &Font, bold: &Font) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: b,
            colour: c,
            text,
            glyphs,
            ..
        } => {
            s.set_fill(fill(*c));
            let font = if *b { bold.clone() } else { regular.clone() };
            let glyphs: Vec<G<'_>> = glyphs.iter().map(G).collect();
            s.draw_glyphs(Point::from_xy(*x, *y), &glyphs, font, text, *size, false);
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            colour: c,
            ..
        } => {
            let Some(rect) = KRect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                s.set_stroke(None);
                s.set_fill(fill(*c));
                s.draw_path(&path);
            }
        }
        Op::Line {
            points,
            width,
            colour: c,
            ..
        } => {
            let mut pb = PathBuilder::new();
            for (i, (x, y)) in points.iter().enumerate() {
                if i == 0 {
                    pb.move_to(*x, *y);
                } else {
                    pb.line_to(*x, *y);
                }
            }
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    paint: colour(*c),
                    width: *width,
                    ..Default::default()
                }));
                s.draw_path(&path);
                s.set_stroke(None);
            }
        }
    }
}

/// Our node as krilla's tag group; a leaf becomes the identifiers drawn for it.
fn tagged(node: &Node, ids: &mut HashMap<u32, Vec<Identifier>>) -> Vec<krilla::tagging::Node> {
    let (kind, children) = match node {
        Node::Leaf(id) => {
            return ids
                .remove(id)
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect()
        }
        Node::Group(kind, children) => (kind, children),
    };
    let tag: TagKind = match kind {
        Kind::Heading(level, title) => Tag::Hn(
            NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN),
            Some(title.clone()),
        )
        .into(),
        Kind::P => Tag::P.into(),
        Kind::Section => Tag::Section.into(),
        Kind::Div => Tag::Div.into(),
        Kind::Table => Tag::Table.into(),
        Kind::THead => Tag::THead.into(),
        Kind::TBody => Tag::TBody.into(),
        Kind::Tr => Tag::TR.into(),
        Kind::Th => Tag::TH(TableHeaderScope::Column).into(),
        Kind::Td => Tag::TD.into(),
        Kind::List => Tag::L(ListNumbering::None).into(),
        Kind::Li => Tag::LI.into(),
        Kind::Lbl => Tag::Lbl.into(),
        Kind::LBody => Tag::LBody.into(),
        Kind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
    };
    let mut g = TagGroup::new(tag);
    for c in children {
        for n in tagged(c, ids) {
            g.push(n);
        }
    }
    vec![g.into()]
}
