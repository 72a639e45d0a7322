//! The report document as one self-contained HTML file: CSS and SVG inline, no script,
//! no external request, laid out to print on A4 or Letter. Written with maud, which
//! escapes every value; the only unescaped text is the style sheet below.

use std::fmt::Write as _;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::chart;
use super::doc::{Block, Doc, Figure, Section, Table};

const STYLE: &str = r#"
:root { --ink:#222; --muted:#5b5b5b; --rule:#d6d6d6; --accent:#1f4e79; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: var(--ink);
  max-width: 50rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 19pt; margin: 0 0 .2rem; color: var(--accent); }
h2 { font-size: 13pt; margin: 1.8rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); color: var(--accent); }
p { margin: .35rem 0; }
.sub { color: var(--muted); margin: 0 0 1rem; }
.notice { border-left: 3px solid var(--accent); background: #f3f6fa; padding: .6rem .9rem; margin: 1rem 0; }
.muted { color: var(--muted); }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; margin: .4rem 0; }
th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; background: #f4f4f4; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { border: 1px solid var(--rule); border-radius: 4px; padding: .5rem .7rem; margin: .5rem 0; }
.note p { white-space: pre-wrap; margin: 0; }
.note .when { font-size: 9pt; color: var(--muted); margin-bottom: .2rem; white-space: normal; }
.legend, dl { font-size: 9pt; color: var(--muted); }
.legend span { display: inline-block; margin-right: 1rem; }
dt { font-weight: 600; } dd { margin: 0 0 .4rem; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; margin-right: .3em; border: 1px solid #999; }
svg { width: 100%; height: auto; display: block; }
footer { margin-top: 2rem; font-size: 9pt; color: var(--muted); border-top: 1px solid var(--rule); padding-top: .5rem; }
.running { display: none; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, .note, svg, .notice { break-inside: avoid; }
  thead { display: table-header-group; }
  .running { display: block; position: fixed; bottom: 0; font-size: 8pt; color: var(--muted); }
}
"#;

/// The style sheet, with the chart's colours for the legend's swatches.
fn style() -> String {
    let mut s = STYLE.to_owned();
    for (i, c) in chart::PHASE_FILL.iter().enumerate() {
        let _ = writeln!(s, ".p{} {{ background: {}; }}", i + 1, rgb(*c));
    }
    let _ = writeln!(s, ".rupture {{ background: {}; }}", rgb(chart::RUPTURE));
    s
}

/// The page allows exactly its style sheet (by its hash) and nothing else: no script,
/// no other style, no request.
fn csp(style: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, style.as_bytes());
    format!(
        "default-src 'none'; style-src 'sha256-{}'",
        base64(digest.as_ref())
    )
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= c.len() {
                out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn rgb((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

pub fn render(d: &Doc) -> String {
    let style = style();
    let page = html! {
        (DOCTYPE)
        html lang=(d.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(csp(&style));
                title { (d.title) }
                style { (PreEscaped(&style)) }
            }
            body {
                header {
                    h1 { (d.heading) }
                    p.sub { (d.subtitle) }
                }
                p.notice { (d.notice) }
                @for s in &d.sections { (section(s)) }
                footer { (d.footer) }
                p.running { (d.running) }
            }
        }
    };
    let mut out = page.into_string();
    out.push('\n');
    out
}

fn section(s: &Section) -> Markup {
    html! {
        section {
            h2 { (s.heading) }
            @for b in &s.blocks {
                @match b {
                    Block::Para { text } | Block::Empty { text } => p.muted { (text) },
                    Block::Table(t) => (table(t)),
                    Block::Terms { items } => dl {
                        @for t in items { dt { (t.term) } dd { (t.text) } }
                    },
                    Block::Notes { items } => @for n in items {
                        div.note { p.when { (n.when) } p { (n.text) } }
                    },
                    Block::Chart(f) => (figure(f)),
                }
            }
        }
    }
}

fn table(t: &Table) -> Markup {
    let class = |i: usize| t.numeric.get(i).copied().unwrap_or(false).then_some("n");
    html! {
        table {
            thead { tr { @for (i, h) in t.head.iter().enumerate() { th scope="col" class=[class(i)] { (h) } } } }
            tbody {
                @for row in &t.rows {
                    tr { @for (i, c) in row.iter().enumerate() { td class=[class(i)] { (c) } } }
                }
            }
        }
    }
}

fn figure(f: &Figure) -> Markup {
    let c = &f.chart;
    let (px, py, pw, ph) = c.plot;
    let ink = rgb(chart::INK);
    let grid = rgb(chart::GRID);
    let n1 = |v: f32| format!("{v:.1}");
    html! {
        svg viewBox=(format!("0 0 {} {}", chart::WIDTH, chart::HEIGHT)) role="img" aria-label=(f.alt)
            font-family="Helvetica, Arial, sans-serif" font-size="9" {
            rect x=(n1(px)) y=(n1(py)) width=(n1(pw)) height=(n1(ph)) fill="#fbfbfb" stroke=(grid) {}
            @for (y, _) in &c.grid {
                line x1=(n1(px)) y1=(n1(*y)) x2=(n1(px + pw)) y2=(n1(*y)) stroke=(grid) stroke-dasharray="2 3" {}
            }
            @for b in &c.bands {
                rect x=(format!("{:.2}", b.x)) y=(n1(b.y)) width=(format!("{:.2}", b.w.max(0.5))) height=(n1(b.h))
                    fill=(rgb(chart::PHASE_FILL[usize::from(b.phase.clamp(1, 4) - 1)])) {}
            }
            @for x in &c.ruptures {
                line x1=(n1(*x)) y1=(n1(py)) x2=(n1(*x)) y2=(n1(py + ph)) stroke=(rgb(chart::RUPTURE)) stroke-width="1.2" {}
            }
            @for l in &c.lines {
                polyline fill="none" stroke-width="1.6" stroke-linejoin="round" stroke=(rgb(chart::LINE))
                    points=(l.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")) {}
            }
            @for (x, y) in &c.dots {
                circle cx=(n1(*x)) cy=(n1(*y)) r="1.8" fill=(rgb(chart::LINE)) {}
            }
            // Text in the order of `Figure::texts`.
            text x="10" y=(n1(py + 12.0)) fill=(ink) { (f.lean_in) }
            text x="10" y=(n1(py + ph - 4.0)) fill=(ink) { (f.lean_out) }
            @for (y, label) in &c.grid {
                text x=(n1(px - 6.0)) y=(n1(y + 3.0)) text-anchor="end" fill=(ink) { (label) }
            }
            @for b in c.bands.iter().filter(|b| b.w > chart::BAND_LABEL_MIN_W) {
                text x=(n1(b.x + 3.0)) y=(n1(b.y + b.h - 4.5)) fill=(ink) { (b.phase) }
            }
            @for l in &c.labels {
                text x=(n1(l.x)) y=(n1(l.y)) text-anchor=[l.right.then_some("end")] fill=(ink) { (l.text) }
            }
        }
        p.legend {
            @for s in &f.legend {
                span {
                    i class=(format!("swatch {}", s.phase.map_or("rupture".to_owned(), |p| format!("p{p}")))) {}
                    (s.label)
                }
            }
        }
    }
}

/// Escapes text as maud does, for tests that look for a value in the page.
pub fn esc(s: &str) -> String {
    let mut out = String::new();
    maud::Escaper::new(&mut out).write_str(s).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
