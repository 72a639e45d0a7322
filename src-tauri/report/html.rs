//! The report as one self-contained HTML file: inline CSS and SVG, no scripts, no
//! external requests, laid out to print cleanly on A4 or Letter.

use std::fmt::Write as _;

use super::chart::{self, Chart};
use super::data::{dynamic_rule, Report};
use super::words;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
.note { border: 1px solid var(--rule); border-radius: 4px; padding: .5rem .7rem; margin: .5rem 0; white-space: pre-wrap; }
.note .when { display: block; font-size: 9pt; color: var(--muted); margin-bottom: .2rem; white-space: normal; }
.legend { font-size: 9pt; color: var(--muted); }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; margin-right: .3em; border: 1px solid #999; }
svg { width: 100%; height: auto; display: block; }
footer { margin-top: 2rem; font-size: 9pt; color: var(--muted); border-top: 1px solid var(--rule); padding-top: .5rem; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, .note, svg, .notice { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

fn rgb((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

pub fn render(r: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024 + r.notes.len() * 512);
    let title = words::title(r);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    let _ = write!(
        h,
        "<header>\n<h1>Report for a therapist</h1>\n<p class=\"sub\">{}</p>\n</header>\n",
        esc(&words::subtitle(r))
    );
    let _ = writeln!(h, "<p class=\"notice\">{}</p>", esc(&words::about(r)));

    section_phases(&mut h, r);
    section_chart(&mut h, r);
    section_events(&mut h, r);
    section_dynamics(&mut h, r);
    section_tasks(&mut h, r);
    section_weeks(&mut h, r);
    section_notes(&mut h, r);

    let _ = write!(
        h,
        "<footer>{}</footer>\n</body>\n</html>\n",
        esc(&words::footer(r))
    );
    h
}

fn section_phases(h: &mut String, r: &Report) {
    h.push_str("<section>\n<h2>Phases over time</h2>\n");
    let _ = writeln!(h, "<p class=\"muted\">{}</p>", esc(&words::phases_note(r)));
    h.push_str("<table>\n<thead><tr><th>Partner</th><th>Phase</th><th>From</th><th>To</th><th class=\"n\">Days</th></tr></thead>\n<tbody>\n");
    for s in &r.phases {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{} · {}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&words::name(r, s.role)),
            s.phase,
            esc(&s.title),
            words::date(s.from),
            words::date(s.to),
            (s.to - s.from).num_days() + 1
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn section_chart(h: &mut String, r: &Report) {
    let c = chart::build(r);
    h.push_str("<section>\n<h2>The healing arc</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"muted\">{}</p>",
        esc(&words::chart_caption(r, c.weekly))
    );
    svg(h, &c, r);
    h.push_str("<p class=\"legend\">");
    for (i, (name, fill)) in [
        "Steady the ground",
        "Accountability and witness",
        "Processing with benevolent indignation",
        "Rebuild together",
    ]
    .iter()
    .zip(chart::PHASE_FILL)
    .enumerate()
    {
        let _ = write!(
            h,
            "<span><i class=\"swatch\" style=\"background:{}\"></i>{} · {}</span>",
            rgb(fill),
            i + 1,
            esc(name)
        );
    }
    let _ = write!(
        h,
        "<span><i class=\"swatch\" style=\"background:{}\"></i>rupture recorded</span></p>\n</section>\n",
        rgb(chart::RUPTURE)
    );
}

fn svg(h: &mut String, c: &Chart, r: &Report) {
    let _ = writeln!(
        h,
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"9\">",
        chart::WIDTH,
        chart::HEIGHT,
        esc(&words::chart_alt(r))
    );
    let (px, py, pw, ph) = c.plot;
    let _ = writeln!(
        h,
        "<rect x=\"{px:.1}\" y=\"{py:.1}\" width=\"{pw:.1}\" height=\"{ph:.1}\" fill=\"#fbfbfb\" stroke=\"{}\"/>",
        rgb(chart::GRID)
    );
    for (y, label) in &c.grid {
        let _ = writeln!(
            h,
            "<line x1=\"{px:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-dasharray=\"2 3\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{}\">{}</text>",
            px + pw,
            rgb(chart::GRID),
            px - 6.0,
            y + 3.0,
            rgb(chart::INK),
            esc(label)
        );
    }
    let _ = writeln!(
        h,
        "<text x=\"10\" y=\"{:.1}\" fill=\"{}\">leaning in</text><text x=\"10\" y=\"{:.1}\" fill=\"{}\">leaning out</text>",
        py + 12.0,
        rgb(chart::INK),
        py + ph - 4.0,
        rgb(chart::INK)
    );
    for b in &c.bands {
        let fill = chart::PHASE_FILL[usize::from(b.phase.clamp(1, 4) - 1)];
        let _ = writeln!(
            h,
            "<rect x=\"{:.2}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{:.1}\" fill=\"{}\"/>",
            b.x,
            b.y,
            b.w.max(0.5),
            b.h,
            rgb(fill)
        );
        if b.w > 14.0 {
            let _ = writeln!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\">{}</text>",
                b.x + 3.0,
                b.y + b.h - 4.5,
                rgb(chart::INK),
                b.phase
            );
        }
    }
    for x in &c.ruptures {
        let _ = writeln!(
            h,
            "<line x1=\"{x:.1}\" y1=\"{py:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"1.2\"/>",
            py + ph,
            rgb(chart::RUPTURE)
        );
    }
    for line in &c.lines {
        h.push_str(
            "<polyline fill=\"none\" stroke-width=\"1.6\" stroke-linejoin=\"round\" stroke=\"",
        );
        h.push_str(&rgb(chart::LINE));
        h.push_str("\" points=\"");
        for (x, y) in line {
            let _ = write!(h, "{x:.1},{y:.1} ");
        }
        h.push_str("\"/>\n");
    }
    for (x, y) in &c.dots {
        let _ = writeln!(
            h,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"1.8\" fill=\"{}\"/>",
            rgb(chart::LINE)
        );
    }
    for l in &c.labels {
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\"{} fill=\"{}\">{}</text>",
            l.x,
            l.y,
            if l.right { " text-anchor=\"end\"" } else { "" },
            rgb(chart::INK),
            esc(&l.text)
        );
    }
    h.push_str("</svg>\n");
}

fn section_events(h: &mut String, r: &Report) {
    h.push_str("<section>\n<h2>Phase changes and ruptures</h2>\n");
    if r.events.is_empty() {
        h.push_str("<p class=\"muted\">None recorded in this period.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<table>\n<thead><tr><th>Date</th><th>What was recorded</th></tr></thead>\n<tbody>\n",
    );
    for e in &r.events {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            words::date(e.date),
            esc(&e.words)
        );
    }
    let _ = write!(
        h,
        "</tbody>\n</table>\n<p class=\"muted\">{}</p>\n</section>\n",
        esc(&words::events_note(r))
    );
}

fn section_dynamics(h: &mut String, r: &Report) {
    h.push_str("<section>\n<h2>How the partners leaned toward and away from each other</h2>\n");
    let _ = writeln!(h, "<p class=\"muted\">{}</p>", esc(words::DYNAMICS_NOTE));
    if r.dynamics.is_empty() {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p>\n</section>\n",
            esc(&words::no_dynamics(r))
        );
        return;
    }
    h.push_str("<table>\n<thead><tr><th>Self-report summary</th><th>Level</th><th>From</th><th>To</th><th class=\"n\">Days</th></tr></thead>\n<tbody>\n");
    for e in &r.dynamics {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            esc(&e.title),
            words::severity(e.severity),
            words::date(e.from),
            words::date(e.to),
            e.days
        );
    }
    h.push_str("</tbody>\n</table>\n<p class=\"legend\">");
    let mut kinds: Vec<_> = r.dynamics.iter().map(|e| e.kind).collect();
    kinds.sort();
    kinds.dedup();
    for k in kinds {
        let _ = write!(
            h,
            "<b>{}</b>: {}.<br>",
            esc(super::data::dynamic_title(k)),
            esc(dynamic_rule(k))
        );
    }
    h.push_str("</p>\n</section>\n");
}

fn section_tasks(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<section>\n<h2>Tasks of {}</h2>", esc(&r.made_by.name));
    if r.tasks.is_empty() {
        h.push_str(
            "<p class=\"muted\">No task progress was chosen for this report.</p>\n</section>\n",
        );
        return;
    }
    h.push_str("<table>\n<thead><tr><th>Phase</th><th>Task</th><th>Status</th><th>Marked on</th></tr></thead>\n<tbody>\n");
    for t in &r.tasks {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
            t.phase,
            esc(&t.title),
            if t.required {
                ""
            } else {
                " <span class=\"muted\">(optional)</span>"
            },
            if t.done { "done" } else { "not done yet" },
            words::date(t.date)
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn section_weeks(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<section>\n<h2>Weekly check-in summaries of {}</h2>\n<p class=\"muted\">{}</p>",
        esc(&r.made_by.name),
        esc(words::WEEKS_NOTE)
    );
    if r.weeks.is_empty() {
        h.push_str(
            "<p class=\"muted\">No check-in numbers were chosen for this report.</p>\n</section>\n",
        );
        return;
    }
    h.push_str("<table>\n<thead><tr><th>Week of</th><th class=\"n\">Days</th><th class=\"n\">Stance (range)</th>");
    for (name, _) in super::data::EmotionMeans::default().entries() {
        let _ = write!(h, "<th class=\"n\">{}</th>", words::cap(name));
    }
    h.push_str("<th class=\"n\">Triggers</th><th class=\"n\">Repair</th></tr></thead>\n<tbody>\n");
    for w in &r.weeks {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({}…{})</td>",
            words::date(w.start),
            w.check_ins,
            words::signed(w.stance_mean),
            words::signed_int(w.stance_min),
            words::signed_int(w.stance_max)
        );
        for (_, v) in w.emotions.entries() {
            match v {
                Some(v) => {
                    let _ = write!(h, "<td class=\"n\">{v:.1}</td>");
                }
                None => h.push_str("<td class=\"n\">–</td>"),
            }
        }
        let _ = writeln!(
            h,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            w.triggers_total, w.repair_moments
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

fn section_notes(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<section>\n<h2>Notes {} chose to share</h2>",
        esc(&r.made_by.name)
    );
    if r.notes.is_empty() {
        h.push_str("<p class=\"muted\">No notes were chosen for this report.</p>\n</section>\n");
        return;
    }
    for n in &r.notes {
        let _ = writeln!(
            h,
            "<div class=\"note\"><span class=\"when\">{} · {}</span>{}</div>",
            words::date(n.date),
            esc(&words::source(&n.source)),
            esc(&n.text)
        );
    }
    h.push_str("</section>\n");
}
