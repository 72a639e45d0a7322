//! The healing-arc chart as plain geometry, drawn the same way into the HTML (SVG) and
//! the PDF: two phase bands (one per partner), the maker's stance as a line, and a
//! mark at each rupture. Coordinates are in points, origin top left.

use chrono::{Datelike, NaiveDate};

use super::data::Report;
use crate::model::Role;

pub const WIDTH: f32 = 515.0;
pub const HEIGHT: f32 = 230.0;
const LEFT: f32 = 92.0;
const RIGHT: f32 = 8.0;
const TOP: f32 = 8.0;
const PLOT_H: f32 = 130.0;
const BAND_H: f32 = 16.0;
const BAND_GAP: f32 = 6.0;
/// Room for a date label ("Sep 2026") on the time axis.
const TICK_LABEL_W: f32 = 46.0;
/// Longer ranges plot weekly means, so ten years stay readable.
const DAILY_UP_TO_DAYS: i64 = 400;

/// Phase colours (1-4), light enough to print behind text.
pub const PHASE_FILL: [(u8, u8, u8); 4] = [
    (0xf3, 0xd9, 0xb1),
    (0xc9, 0xdf, 0xf2),
    (0xe2, 0xd3, 0xef),
    (0xcd, 0xe8, 0xcf),
];
pub const LINE: (u8, u8, u8) = (0x1f, 0x4e, 0x79);
pub const RUPTURE: (u8, u8, u8) = (0xb0, 0x3a, 0x2e);
pub const GRID: (u8, u8, u8) = (0xd0, 0xd0, 0xd0);
pub const INK: (u8, u8, u8) = (0x33, 0x33, 0x33);
/// A band narrower than this (in chart points) shows no phase number.
pub const BAND_LABEL_MIN_W: f32 = 14.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub phase: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f32,
    pub y: f32,
    pub text: String,
    /// Right-aligned (the y axis) rather than left.
    pub right: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Horizontal grid lines at stance -3, 0, +3: (y, label).
    pub grid: Vec<(f32, String)>,
    pub plot: (f32, f32, f32, f32),
    /// Unbroken runs of the stance line.
    pub lines: Vec<Vec<(f32, f32)>>,
    /// Single points (a run of one day).
    pub dots: Vec<(f32, f32)>,
    pub bands: Vec<Rect>,
    pub ruptures: Vec<f32>,
    pub labels: Vec<Label>,
    pub weekly: bool,
}

pub fn build(r: &Report) -> Chart {
    let days = (r.to - r.from).num_days().max(0) + 1;
    let plot_w = WIDTH - LEFT - RIGHT;
    let x_of = |d: NaiveDate| {
        let i = (d - r.from).num_days() as f32 + 0.5;
        LEFT + plot_w * i / days as f32
    };
    let y_of = |stance: f64| TOP + PLOT_H * (3.0 - stance as f32) / 6.0;
    let weekly = days > DAILY_UP_TO_DAYS;

    let points: Vec<(i64, f64)> = if weekly {
        r.weeks
            .iter()
            .map(|w| ((w.start - r.from).num_days() + 3, w.stance_mean))
            .collect()
    } else {
        r.stance
            .iter()
            .map(|s| ((s.date - r.from).num_days(), f64::from(s.stance)))
            .collect()
    };
    let step = if weekly { 7 } else { 1 };
    let mut lines: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut last: Option<i64> = None;
    for (i, v) in points {
        let x = LEFT + plot_w * (i as f32 + 0.5) / days as f32;
        let p = (x.clamp(LEFT, LEFT + plot_w), y_of(v));
        match (last, lines.last_mut()) {
            (Some(l), Some(run)) if i - l <= step => run.push(p),
            _ => lines.push(vec![p]),
        }
        last = Some(i);
    }
    let (lines, dots): (Vec<_>, Vec<_>) = lines.into_iter().partition(|l| l.len() > 1);
    let dots = dots.into_iter().flatten().collect();

    let band_y = |role: Role| {
        let first = TOP + PLOT_H + 22.0;
        if role == r.made_by.role {
            first
        } else {
            first + BAND_H + BAND_GAP
        }
    };
    let day_w = plot_w / days as f32;
    let bands = r
        .phases
        .iter()
        .map(|s| Rect {
            x: x_of(s.from) - day_w / 2.0,
            y: band_y(s.role),
            w: ((s.to - s.from).num_days() + 1) as f32 * day_w,
            h: BAND_H,
            phase: s.phase,
        })
        .collect();
    let ruptures = r
        .events
        .iter()
        .filter(|e| e.kind == "rupture")
        .map(|e| x_of(e.date))
        .collect();

    let mut labels = vec![Label {
        x: LEFT - 6.0,
        y: band_y(r.made_by.role) + 11.5,
        text: short(&r.made_by.name),
        right: true,
    }];
    if let Some(p) = &r.partner {
        labels.push(Label {
            x: LEFT - 6.0,
            y: band_y(p.role) + 11.5,
            text: short(&p.name),
            right: true,
        });
    }
    let axis_y = TOP + PLOT_H + 13.0;
    // A label starting too close to the right end would run off the chart.
    let last_x = WIDTH - RIGHT - TICK_LABEL_W;
    let ticks = ticks(r.from, r.to);
    let keep_all = ticks.len() == 1;
    for (d, text) in ticks {
        let x = x_of(d) - day_w / 2.0;
        if x > last_x && !keep_all {
            continue;
        }
        labels.push(Label {
            x,
            y: axis_y,
            text,
            right: false,
        });
    }
    let grid = [3, 0, -3]
        .iter()
        .map(|s| (y_of(f64::from(*s)), format!("{s:+}").replace("+0", "0")))
        .collect();
    Chart {
        grid,
        plot: (LEFT, TOP, plot_w, PLOT_H),
        lines,
        dots,
        bands,
        ruptures,
        labels,
        weekly,
    }
}

fn short(name: &str) -> String {
    let mut s: String = name.chars().take(14).collect();
    if name.chars().count() > 14 {
        s.push('…');
    }
    s
}

/// Month starts for ranges up to two years, else year starts; at most about 8 labels.
fn ticks(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, String)> {
    let days = (to - from).num_days();
    let mut out = Vec::new();
    if days <= 731 {
        let every = (days / 31 / 8 + 1) as u32;
        let (mut y, mut m) = (from.year(), from.month());
        let mut i = 0u32;
        while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1).filter(|d| *d <= to) {
            if d >= from {
                if i.is_multiple_of(every) {
                    out.push((d, d.format("%b %Y").to_string()));
                }
                i += 1;
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        if out.is_empty() {
            out.push((from, from.format("%-d %b %Y").to_string()));
        }
    } else {
        let years = (to.year() - from.year()) as u32;
        let every = years / 8 + 1;
        for y in from.year()..=to.year() {
            let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) else {
                continue;
            };
            if d >= from && d <= to && ((y - from.year()) as u32).is_multiple_of(every) {
                out.push((d, y.to_string()));
            }
        }
    }
    out
}
