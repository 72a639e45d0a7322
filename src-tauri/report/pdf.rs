//! The report as a PDF, with krilla (docs/REPORTS.md says why). Two steps: `layout`
//! places text, rules and the chart on A4 pages as plain drawing operations (what a
//! test can read back), and `render` turns them into PDF with an embedded, subset font.

use std::collections::HashMap;
use std::sync::OnceLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect as KRect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::{metadata::Metadata, Document};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::chart::{self, Chart};
use super::data::{dynamic_rule, dynamic_title, EmotionMeans, Report};
use super::words;

static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 40.0;
const BOTTOM: f32 = PAGE_H - 56.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
type Rgb = (u8, u8, u8);
const INK: Rgb = (0x22, 0x22, 0x22);
const MUTED: Rgb = (0x5b, 0x5b, 0x5b);
const ACCENT: Rgb = (0x1f, 0x4e, 0x79);
const RULE: Rgb = (0xd6, 0xd6, 0xd6);

/// One drawing operation on a page; y grows downwards, text at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        colour: Rgb,
    },
}

pub type Page = Vec<Op>;

/// Advance widths of the two fonts, per character, in em.
struct Metrics {
    fonts: [FontRef<'static>; 2],
    cache: HashMap<(bool, char), f32>,
}

impl Metrics {
    fn new() -> Option<Metrics> {
        Some(Metrics {
            fonts: [FontRef::new(REGULAR).ok()?, FontRef::new(BOLD).ok()?],
            cache: HashMap::new(),
        })
    }

    fn em(&mut self, bold: bool, c: char) -> f32 {
        let fonts = &self.fonts;
        *self.cache.entry((bold, c)).or_insert_with(|| {
            let f = &fonts[usize::from(bold)];
            let upem = f32::from(
                f.metrics(Size::unscaled(), LocationRef::default())
                    .units_per_em,
            )
            .max(1.0);
            let gid = f.charmap().map(c).unwrap_or_default();
            f.glyph_metrics(Size::unscaled(), LocationRef::default())
                .advance_width(gid)
                .map_or(0.6, |w| w / upem)
        })
    }

    fn width(&mut self, text: &str, size: f32, bold: bool) -> f32 {
        text.chars().map(|c| self.em(bold, c)).sum::<f32>() * size
    }
}

/// Lays pages out top to bottom.
struct Writer {
    pages: Vec<Page>,
    y: f32,
    m: Metrics,
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

    fn text(&mut self, x: f32, size: f32, bold: bool, colour: Rgb, text: &str) {
        let y = self.y;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            text: text.to_owned(),
        });
    }

    /// Greedy line breaking at spaces; a word wider than the line is cut by characters.
    fn wrap(&mut self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.lines() {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.m.width(&candidate, size, bold) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.m.width(&line, size, bold) > width {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A small muted paragraph across the page: captions, notes and "none" lines.
    fn note(&mut self, text: &str) {
        self.para(text, 9.0, MUTED, MARGIN, CONTENT_W);
    }

    fn para(&mut self, text: &str, size: f32, colour: Rgb, x: f32, width: f32) {
        let lead = size * 1.4;
        for line in self.wrap(text, size, false, width) {
            self.room(lead);
            self.y += lead;
            self.text(x, size, false, colour, &line);
        }
    }

    fn heading(&mut self, text: &str) {
        self.room(60.0);
        self.y += 26.0;
        self.text(MARGIN, 13.0, true, ACCENT, text);
        self.y += 5.0;
        let y = self.y;
        self.page().push(Op::Line {
            points: vec![(MARGIN, y), (MARGIN + CONTENT_W, y)],
            width: 0.6,
            colour: RULE,
        });
        self.y += 2.0;
    }

    /// A table with a header row; `right` marks right-aligned columns. Rows wrap in
    /// their column; the header repeats on each new page.
    fn table(&mut self, head: &[&str], widths: &[f32], right: &[bool], rows: &[Vec<String>]) {
        let size = 8.5;
        let lead = size * 1.35;
        let header = |w: &mut Writer| {
            w.room(lead * 3.0);
            let top = w.y + 3.0;
            w.page().push(Op::Rect {
                x: MARGIN,
                y: top,
                w: CONTENT_W,
                h: lead + 4.0,
                colour: (0xf1, 0xf1, 0xf1),
            });
            w.y += lead + 2.0;
            let mut x = MARGIN + 3.0;
            for (i, h) in head.iter().enumerate() {
                let tx = if right[i] {
                    x + widths[i] - 6.0 - w.m.width(h, size, true)
                } else {
                    x
                };
                w.text(tx, size, true, INK, h);
                x += widths[i];
            }
            w.y += 4.0;
        };
        header(self);
        for row in rows {
            let cells: Vec<Vec<String>> = row
                .iter()
                .enumerate()
                .map(|(i, c)| self.wrap(c, size, false, widths[i] - 8.0))
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            if self.y + lead * n as f32 + 4.0 > BOTTOM {
                self.new_page();
                header(self);
            }
            let top = self.y;
            for line in 0..n {
                self.y = top + lead * (line as f32 + 1.0);
                let mut x = MARGIN + 3.0;
                for (i, cell) in cells.iter().enumerate() {
                    if let Some(t) = cell.get(line) {
                        let tx = if right[i] {
                            x + widths[i] - 6.0 - self.m.width(t, size, false)
                        } else {
                            x
                        };
                        self.text(tx, size, false, INK, t);
                    }
                    x += widths[i];
                }
            }
            self.y = top + lead * n as f32 + 3.5;
            let y = self.y;
            self.page().push(Op::Line {
                points: vec![(MARGIN, y), (MARGIN + CONTENT_W, y)],
                width: 0.4,
                colour: RULE,
            });
        }
    }

    fn chart(&mut self, c: &Chart) {
        let scale = CONTENT_W / chart::WIDTH;
        self.room(chart::HEIGHT * scale + 10.0);
        let (ox, oy) = (MARGIN, self.y + 6.0);
        let at = |(x, y): (f32, f32)| (ox + x * scale, oy + y * scale);
        let (px, py, pw, ph) = c.plot;
        let mut ops = vec![Op::Rect {
            x: ox + px * scale,
            y: oy + py * scale,
            w: pw * scale,
            h: ph * scale,
            colour: (0xfb, 0xfb, 0xfb),
        }];
        for (y, label) in &c.grid {
            ops.push(Op::Line {
                points: vec![at((px, *y)), at((px + pw, *y))],
                width: 0.4,
                colour: chart::GRID,
            });
            let w = self.m.width(label, 8.0, false);
            let (x, y) = at((px - 6.0, y + 3.0));
            ops.push(text_op(x - w, y, 8.0, chart::INK, label));
        }
        let (x, y) = at((10.0, py + 12.0));
        ops.push(text_op(x, y, 8.0, chart::INK, "leaning in"));
        let (x, y) = at((10.0, py + ph - 4.0));
        ops.push(text_op(x, y, 8.0, chart::INK, "leaning out"));
        for b in &c.bands {
            let (x, y) = at((b.x, b.y));
            ops.push(Op::Rect {
                x,
                y,
                w: (b.w * scale).max(0.5),
                h: b.h * scale,
                colour: chart::PHASE_FILL[usize::from(b.phase.clamp(1, 4) - 1)],
            });
            if b.w > 14.0 {
                let (x, y) = at((b.x + 3.0, b.y + b.h - 4.5));
                ops.push(text_op(x, y, 8.0, chart::INK, &b.phase.to_string()));
            }
        }
        for x in &c.ruptures {
            ops.push(Op::Line {
                points: vec![at((*x, py)), at((*x, py + ph))],
                width: 1.0,
                colour: chart::RUPTURE,
            });
        }
        for line in &c.lines {
            ops.push(Op::Line {
                points: line.iter().map(|p| at(*p)).collect(),
                width: 1.4,
                colour: chart::LINE,
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
            });
        }
        for l in &c.labels {
            let (mut x, y) = at((l.x, l.y));
            if l.right {
                x -= self.m.width(&l.text, 8.0, false);
            }
            ops.push(text_op(x, y, 8.0, chart::INK, &l.text));
        }
        self.page().extend(ops);
        self.y += chart::HEIGHT * scale + 6.0;
        let mut x = MARGIN;
        self.room(14.0);
        self.y += 10.0;
        let legend: Vec<(Rgb, String)> = chart::PHASE_FILL
            .iter()
            .zip(1..)
            .map(|(c, n)| (*c, format!("phase {n}")))
            .chain(std::iter::once((chart::RUPTURE, "rupture".to_owned())))
            .collect();
        for (colour, label) in legend {
            let y = self.y;
            self.page().push(Op::Rect {
                x,
                y: y - 7.0,
                w: 8.0,
                h: 8.0,
                colour,
            });
            self.text(x + 11.0, 8.0, false, MUTED, &label);
            x += 16.0 + self.m.width(&label, 8.0, false) + 10.0;
        }
    }
}

fn text_op(x: f32, y: f32, size: f32, colour: Rgb, text: &str) -> Op {
    Op::Text {
        x,
        y,
        size,
        bold: false,
        colour,
        text: text.to_owned(),
    }
}

/// Places the whole report on pages, footers included.
pub fn layout(r: &Report) -> Vec<Page> {
    let Some(m) = Metrics::new() else {
        return Vec::new();
    };
    let mut w = Writer {
        pages: Vec::new(),
        y: MARGIN,
        m,
    };
    w.y += 18.0;
    w.text(MARGIN, 19.0, true, ACCENT, "Report for a therapist");
    w.y += 4.0;
    w.para(&words::subtitle(r), 9.5, MUTED, MARGIN, CONTENT_W);
    w.y += 8.0;
    let top = w.y;
    w.para(&words::about(r), 9.5, INK, MARGIN + 10.0, CONTENT_W - 14.0);
    let y = w.y + 4.0;
    w.page().push(Op::Line {
        points: vec![(MARGIN + 2.0, top + 2.0), (MARGIN + 2.0, y)],
        width: 2.5,
        colour: ACCENT,
    });
    w.y = y;

    w.heading("Phases over time");
    w.note(&words::phases_note(r));
    w.y += 2.0;
    let rows: Vec<Vec<String>> = r
        .phases
        .iter()
        .map(|s| {
            vec![
                words::name(r, s.role),
                format!("{} · {}", s.phase, s.title),
                words::date(s.from),
                words::date(s.to),
                ((s.to - s.from).num_days() + 1).to_string(),
            ]
        })
        .collect();
    w.table(
        &["Partner", "Phase", "From", "To", "Days"],
        &[90.0, 215.0, 80.0, 80.0, 50.0],
        &[false, false, false, false, true],
        &rows,
    );

    let c = chart::build(r);
    w.heading("The healing arc");
    w.note(&words::chart_caption(r, c.weekly));
    w.chart(&c);

    w.heading("Phase changes and ruptures");
    if r.events.is_empty() {
        w.note("None recorded in this period.");
    } else {
        let rows: Vec<Vec<String>> = r
            .events
            .iter()
            .map(|e| vec![words::date(e.date), e.words.clone()])
            .collect();
        w.table(
            &["Date", "What was recorded"],
            &[90.0, 425.0],
            &[false, false],
            &rows,
        );
        w.note(&words::events_note(r));
    }

    w.heading("How the partners leaned toward and away from each other");
    w.note(words::DYNAMICS_NOTE);
    if r.dynamics.is_empty() {
        w.note(&words::no_dynamics(r));
    } else {
        let rows: Vec<Vec<String>> = r
            .dynamics
            .iter()
            .map(|e| {
                vec![
                    e.title.clone(),
                    words::severity(e.severity).to_owned(),
                    words::date(e.from),
                    words::date(e.to),
                    e.days.to_string(),
                ]
            })
            .collect();
        w.table(
            &["Self-report summary", "Level", "From", "To", "Days"],
            &[215.0, 90.0, 80.0, 80.0, 50.0],
            &[false, false, false, false, true],
            &rows,
        );
        let mut kinds: Vec<_> = r.dynamics.iter().map(|e| e.kind).collect();
        kinds.sort();
        kinds.dedup();
        w.y += 2.0;
        for k in kinds {
            let line = format!("{}: {}.", dynamic_title(k), dynamic_rule(k));
            w.para(&line, 8.5, MUTED, MARGIN, CONTENT_W);
        }
    }

    w.heading(&format!("Tasks of {}", r.made_by.name));
    if r.tasks.is_empty() {
        w.note("No task progress was chosen for this report.");
    } else {
        let rows: Vec<Vec<String>> = r
            .tasks
            .iter()
            .map(|t| {
                let title = if t.required {
                    t.title.clone()
                } else {
                    format!("{} (optional)", t.title)
                };
                vec![
                    t.phase.to_string(),
                    title,
                    if t.done { "done" } else { "not done yet" }.to_owned(),
                    words::date(t.date),
                ]
            })
            .collect();
        w.table(
            &["Phase", "Task", "Status", "Marked on"],
            &[45.0, 300.0, 80.0, 90.0],
            &[false, false, false, false],
            &rows,
        );
    }

    w.heading(&format!("Weekly check-in summaries of {}", r.made_by.name));
    w.note(words::WEEKS_NOTE);
    if r.weeks.is_empty() {
        w.note("No check-in numbers were chosen for this report.");
    } else {
        let mut head: Vec<String> = vec!["Week of".into(), "Days".into(), "Stance".into()];
        head.extend(
            EmotionMeans::default()
                .entries()
                .iter()
                .map(|(n, _)| short_feeling(n).to_owned()),
        );
        head.push("Trig.".into());
        head.push("Repair".into());
        let rows: Vec<Vec<String>> = r
            .weeks
            .iter()
            .map(|wk| {
                let mut row = vec![
                    words::date(wk.start),
                    wk.check_ins.to_string(),
                    words::signed(wk.stance_mean),
                ];
                row.extend(
                    wk.emotions
                        .entries()
                        .iter()
                        .map(|(_, v)| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))),
                );
                row.push(wk.triggers_total.to_string());
                row.push(wk.repair_moments.to_string());
                row
            })
            .collect();
        let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
        let mut widths = vec![66.0, 31.0, 42.0];
        widths.extend([38.0; 8]);
        widths.extend([36.0, 36.0]);
        let mut right = vec![false];
        right.extend([true; 12]);
        w.table(&head_refs, &widths, &right, &rows);
        w.para("Feelings: hurt, anger, fear, shame, sadness, hope, warmth, ambivalence (weekly means, 0-4).", 8.0, MUTED, MARGIN, CONTENT_W);
    }

    w.heading(&format!("Notes {} chose to share", r.made_by.name));
    if r.notes.is_empty() {
        w.note("No notes were chosen for this report.");
    }
    for n in &r.notes {
        w.room(40.0);
        w.y += 16.0;
        let head = format!("{} · {}", words::date(n.date), words::source(&n.source));
        w.text(MARGIN, 8.5, true, MUTED, &head);
        w.y += 1.0;
        w.para(&n.text, 9.5, INK, MARGIN + 8.0, CONTENT_W - 8.0);
    }

    let total = w.pages.len();
    let foot = format!(
        "Healing Arc · confidential self-report of {} · {} to {}",
        r.made_by.name,
        words::date(r.from),
        words::date(r.to)
    );
    for (i, page) in w.pages.iter_mut().enumerate() {
        page.push(text_op(MARGIN, PAGE_H - 28.0, 7.5, MUTED, &foot));
        let n = format!("page {} of {}", i + 1, total);
        let nw = w.m.width(&n, 7.5, false);
        page.push(text_op(PAGE_W - MARGIN - nw, PAGE_H - 28.0, 7.5, MUTED, &n));
    }
    w.pages
}

fn short_feeling(n: &str) -> &'static str {
    match n {
        "hurt" => "Hurt",
        "anger" => "Anger",
        "fear" => "Fear",
        "shame" => "Shame",
        "sadness" => "Sad.",
        "hope" => "Hope",
        "warmth" => "Warm.",
        _ => "Amb.",
    }
}

fn colour((r, g, b): Rgb) -> krilla::paint::Paint {
    rgb::Color::new(r, g, b).into()
}

/// Every piece of text the PDF will hold, in order: what tests search.
pub fn text_of(pages: &[Page]) -> String {
    let mut out = String::new();
    for op in pages.iter().flatten() {
        if let Op::Text { text, .. } = op {
            out.push_str(text);
            out.push('\n');
        }
    }
    out
}

/// Renders the report; `None` only if the bundled font could not be read.
pub fn render(r: &Report) -> Option<Vec<u8>> {
    render_pages(&layout(r), &words::title(r))
}

pub fn render_pages(pages: &[Page], title: &str) -> Option<Vec<u8>> {
    static FONTS: OnceLock<Option<(Font, Font)>> = OnceLock::new();
    let (regular, bold) = FONTS
        .get_or_init(|| Some((Font::new(REGULAR.into(), 0)?, Font::new(BOLD.into(), 0)?)))
        .clone()?;
    if pages.is_empty() {
        return None;
    }
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("en".to_owned())
            .creator("Healing Arc".to_owned()),
    );
    for ops in pages {
        let mut page = doc.start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H)?);
        let mut s = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    colour: c,
                    text,
                } => {
                    s.set_fill(Some(Fill {
                        paint: colour(*c),
                        opacity: NormalizedF32::ONE,
                        rule: Default::default(),
                    }));
                    let font = if *b { bold.clone() } else { regular.clone() };
                    s.draw_text(
                        Point::from_xy(*x, *y),
                        font,
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rect {
                    x,
                    y,
                    w,
                    h,
                    colour: c,
                } => {
                    let Some(rect) = KRect::from_xywh(*x, *y, w.max(0.1), h.max(0.1)) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        s.set_stroke(None);
                        s.set_fill(Some(Fill {
                            paint: colour(*c),
                            opacity: NormalizedF32::ONE,
                            rule: Default::default(),
                        }));
                        s.draw_path(&path);
                    }
                }
                Op::Line {
                    points,
                    width,
                    colour: c,
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
        s.finish();
        page.finish();
    }
    doc.finish().ok()
}
