//! Text measured exactly as it is drawn: each paragraph is shaped once with rustybuzz
//! from the embedded fonts, broken at Unicode line-break opportunities (UAX #14, a word
//! wider than the line is cut between glyph clusters), and each line keeps the very
//! glyphs it was measured with, which the PDF then draws. Characters the fonts lack are
//! drawn (and measured) as the font's missing-glyph box, and `Shaper::missing` says so.
//!
//! Direction: a paragraph is cut into runs of right-to-left script (Hebrew, Arabic) and
//! the rest; each run is shaped in its own direction, and a paragraph that starts in a
//! right-to-left script is right-aligned with its runs in reverse order. That covers a
//! note in one script with numbers or a few words of another; it is not the full
//! Unicode bidirectional algorithm.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use rustybuzz::{Direction, Face, UnicodeBuffer};
use unicode_linebreak::linebreaks;

pub static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
pub static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// A glyph, in em; `range` is its cluster in the run's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub advance: f32,
    pub dx: f32,
    pub dy: f32,
    pub range: Range<usize>,
}

/// Part of a line in one direction: its text and the glyphs drawn for it, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub glyphs: Vec<Glyph>,
    pub rtl: bool,
}

impl Run {
    /// Width in em: the sum of what is drawn.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

/// One laid-out line: runs left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    /// Starts in a right-to-left script: aligned to the right.
    pub rtl: bool,
}

impl Line {
    pub fn width(&self) -> f32 {
        self.runs.iter().map(Run::width).sum()
    }
}

struct ShapedRun {
    start: usize,
    end: usize,
    rtl: bool,
    /// Visual order; clusters are offsets in the paragraph.
    glyphs: Vec<(u16, f32, f32, f32, usize)>,
}

struct Shaped {
    runs: Vec<ShapedRun>,
    /// `prefix[i]`: the advance of every glyph whose cluster starts before byte `i`.
    prefix: Vec<f32>,
    /// Cluster starts, ascending (where a too-long word may be cut).
    clusters: Vec<usize>,
    rtl: bool,
}

impl Shaped {
    fn width(&self, a: usize, b: usize) -> f32 {
        self.prefix[b] - self.prefix[a]
    }
}

pub struct Shaper {
    faces: [Face<'static>; 2],
    cache: HashMap<(bool, String), Rc<Shaped>>,
    /// Some character had no glyph in the fonts.
    pub missing: bool,
}

fn strong_rtl(c: char) -> Option<bool> {
    let u = u32::from(c);
    if (0x0590..=0x08FF).contains(&u)
        || (0xFB1D..=0xFDFF).contains(&u)
        || (0xFE70..=0xFEFF).contains(&u)
    {
        // Arabic-Indic digits read left to right like ours.
        return Some(!(0x0660..=0x0669).contains(&u) && !(0x06F0..=0x06F9).contains(&u));
    }
    (c.is_alphanumeric()).then_some(false)
}

impl Shaper {
    pub fn new() -> Option<Shaper> {
        Some(Shaper {
            faces: [Face::from_slice(REGULAR, 0)?, Face::from_slice(BOLD, 0)?],
            cache: HashMap::new(),
            missing: false,
        })
    }

    fn shape(&mut self, para: &str, bold: bool) -> Rc<Shaped> {
        if let Some(s) = self.cache.get(&(bold, para.to_owned())) {
            return s.clone();
        }
        let face = &self.faces[usize::from(bold)];
        let upem = face.units_per_em().max(1) as f32;
        // Runs of one direction; neutral characters stay with the run they follow.
        let mut cuts: Vec<(usize, bool)> = Vec::new();
        for (i, c) in para.char_indices() {
            match (strong_rtl(c), cuts.last()) {
                (Some(r), None) => cuts.push((0, r)),
                (Some(r), Some((_, cur))) if r != *cur => cuts.push((i, r)),
                _ => {}
            }
        }
        if cuts.is_empty() {
            cuts.push((0, false));
        }
        let para_rtl = para
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| strong_rtl(c) == Some(true));
        let mut prefix = vec![0.0f32; para.len() + 1];
        let mut clusters = Vec::new();
        let mut runs = Vec::new();
        for (k, (start, rtl)) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map_or(para.len(), |c| c.0);
            let mut buf = UnicodeBuffer::new();
            buf.push_str(&para[*start..end]);
            buf.set_direction(if *rtl {
                Direction::RightToLeft
            } else {
                Direction::LeftToRight
            });
            buf.guess_segment_properties();
            let out = rustybuzz::shape(face, &[], buf);
            let mut glyphs = Vec::with_capacity(out.len());
            for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
                let cluster = start + info.cluster as usize;
                let advance = pos.x_advance as f32 / upem;
                if info.glyph_id == 0 && !para[cluster..].starts_with(char::is_control) {
                    self.missing = true;
                }
                prefix[cluster + 1] += advance;
                clusters.push(cluster);
                glyphs.push((
                    info.glyph_id as u16,
                    advance,
                    pos.x_offset as f32 / upem,
                    pos.y_offset as f32 / upem,
                    cluster,
                ));
            }
            runs.push(ShapedRun {
                start: *start,
                end,
                rtl: *rtl,
                glyphs,
            });
        }
        // prefix[i + 1] held the advance of cluster i; make it cumulative.
        for i in 1..prefix.len() {
            prefix[i] += prefix[i - 1];
        }
        clusters.sort_unstable();
        clusters.dedup();
        let s = Rc::new(Shaped {
            runs,
            prefix,
            clusters,
            rtl: para_rtl,
        });
        self.cache.insert((bold, para.to_owned()), s.clone());
        s
    }

    /// One line, unbroken (labels, headers): its width in points is `line.width() * size`.
    pub fn line(&mut self, text: &str, bold: bool) -> Line {
        let para: String = text
            .chars()
            .map(|c| if c == '\n' { ' ' } else { c })
            .collect();
        let s = self.shape(&para, bold);
        cut(&s, &para, 0, para.len())
    }

    /// The widest piece of `text` between two line-break opportunities, in em: the
    /// narrowest it can be set without cutting a word.
    pub fn min_width(&mut self, text: &str, bold: bool) -> f32 {
        let mut widest = 0.0f32;
        for para in text.split('\n') {
            let s = self.shape(para, bold);
            let mut start = 0;
            for (o, _) in linebreaks(para) {
                let end = start + para[start..o].trim_end().len();
                widest = widest.max(s.width(start, end));
                start = o;
            }
        }
        widest
    }

    /// Breaks `text` into lines no wider than `width` points at `size`.
    pub fn wrap(&mut self, text: &str, size: f32, bold: bool, width: f32) -> Vec<Line> {
        let max = width / size;
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let para = para.strip_suffix('\r').unwrap_or(para);
            let s = self.shape(para, bold);
            let trimmed = |a: usize, b: usize| a + para[a..b].trim_end().len();
            let opportunities: Vec<usize> = linebreaks(para).map(|(i, _)| i).collect();
            let (mut start, mut fit) = (0usize, None::<usize>);
            let mut k = 0;
            while k < opportunities.len() {
                let o = opportunities[k];
                if s.width(start, trimmed(start, o)) <= max {
                    fit = Some(o);
                    k += 1;
                    continue;
                }
                let end = match fit.filter(|f| *f > start) {
                    Some(f) => f,
                    // Even the first piece is too wide: cut it between clusters.
                    None => {
                        let first = s.clusters.iter().copied().find(|c| *c > start);
                        s.clusters
                            .iter()
                            .copied()
                            .rev()
                            .find(|c| *c > start && *c <= o && s.width(start, *c) <= max)
                            .or(first)
                            .unwrap_or(o)
                    }
                };
                lines.push(cut(&s, para, start, trimmed(start, end)));
                start = end;
                fit = None;
            }
            lines.push(cut(&s, para, start, trimmed(start, para.len())));
        }
        lines
    }
}

/// The line `a..b` of a shaped paragraph, with exactly its glyphs.
fn cut(s: &Shaped, para: &str, a: usize, b: usize) -> Line {
    let mut runs: Vec<Run> = s
        .runs
        .iter()
        .filter(|r| r.start < b && r.end > a)
        .map(|r| {
            let (from, to) = (a.max(r.start), b.min(r.end));
            let inside: Vec<_> = r
                .glyphs
                .iter()
                .filter(|g| from <= g.4 && g.4 < to)
                .collect();
            // A glyph's text is its cluster up to the next cluster start.
            let mut starts: Vec<usize> = inside.iter().map(|g| g.4).collect();
            starts.sort_unstable();
            starts.dedup();
            let glyphs = inside
                .iter()
                .map(|g| {
                    let i = starts.binary_search(&g.4).unwrap_or(0);
                    let end = starts.get(i + 1).copied().unwrap_or(to);
                    Glyph {
                        id: g.0,
                        advance: g.1,
                        dx: g.2,
                        dy: g.3,
                        range: g.4 - from..end - from,
                    }
                })
                .collect();
            Run {
                text: para[from..to].to_owned(),
                glyphs,
                rtl: r.rtl,
            }
        })
        .filter(|r| !r.text.is_empty())
        .collect();
    if s.rtl {
        runs.reverse();
    }
    Line { runs, rtl: s.rtl }
}
