//! The report as one document (issue 16, item 3): the HTML and the PDF say exactly what
//! the document says, in its order; text in any script stays inside its column; the PDF
//! is tagged and claims PDF/UA-1.

use healing_arc::report::doc::{self, Block, Doc, Note, Table};
use healing_arc::report::{html, pdf};

use super::report::demo;

/// Text with every kind of white space removed: line breaks differ between renderings.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text a reader of the HTML sees: the body without tags, entities decoded.
fn html_text(page: &str) -> String {
    let body = &page[page.find("<body>").unwrap()..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn document() -> Doc {
    doc::build(&demo().1)
}

/// `wanted` in order inside `text`, each after the one before; the first missing one.
fn first_missing(text: &str, wanted: &[String]) -> Option<String> {
    let mut at = 0;
    for w in wanted {
        let w = squeeze(w);
        match text[at..].find(&w) {
            Some(i) => at += i + w.len(),
            None => return Some(w),
        }
    }
    None
}

/// The demo's report with nothing shared and the partner not allowing facts about them:
/// every empty state and the consent sentences of that case.
fn empty_document() -> Doc {
    let mut r = demo().1;
    r.about_partner = healing_arc::report::AboutPartner::NotAllowed;
    r.partner = None;
    r.phases.retain(|p| p.role == r.made_by.role);
    r.events.clear();
    r.stance.clear();
    r.weeks.clear();
    r.dynamics.clear();
    r.tasks.clear();
    r.notes.clear();
    doc::build(&r)
}

#[test]
fn every_string_of_the_document_is_in_both_renderings_in_its_order() {
    let full = document();
    assert!(full.strings().len() > 100, "{}", full.strings().len());
    let empty = empty_document();
    let empties = empty
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| matches!(b, Block::Empty { .. }))
        .count();
    // One per section that can be empty, "For the next session" included.
    assert_eq!(empties, 6);
    for d in [full, empty] {
        same_words(&d);
    }
}

fn same_words(d: &Doc) {
    let strings = d.strings();
    let expected = squeeze(&strings.concat());

    // HTML: the visible text is exactly the document's, then the print-only footer line.
    let page = html::render(d);
    assert_eq!(
        squeeze(&html_text(&page)),
        expected.clone() + &squeeze(&d.running),
        "the HTML says something else than the document"
    );
    assert!(page.contains(&format!("aria-label=\"{}\"", html::esc(&figure_alt(d)))));
    assert!(page.contains(&format!("<title>{}</title>", html::esc(&d.title))));

    // PDF, as laid out (the glyphs drawn are these runs): the same text in the same
    // order, and the running footer with its page number on every page.
    let l = pdf::layout(d);
    assert_eq!(
        squeeze(&pdf::text_of(&l, false)),
        expected,
        "the PDF says something else than the document"
    );
    let total = l.pages.len();
    for (i, p) in l.pages.iter().enumerate() {
        let footer: String = p
            .iter()
            .filter_map(|op| match op {
                pdf::Op::Text {
                    text,
                    mark: pdf::Mark::Footer,
                    ..
                } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let page_of = healing_arc::report::words::page_of(i + 1, total);
        assert_eq!(squeeze(&footer), squeeze(&(d.running.clone() + &page_of)));
    }

    // PDF, as a reader extracts it (poppler's pdftotext, in content-stream order), where
    // installed: every string, in order.
    let bytes = pdf::render(d).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.pdf");
    std::fs::write(&file, &bytes).unwrap();
    if let Ok(out) = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
    {
        assert!(out.status.success());
        let extracted = squeeze(&String::from_utf8_lossy(&out.stdout));
        assert_eq!(first_missing(&extracted, &strings), None);
    }
}

fn figure_alt(d: &Doc) -> String {
    d.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Chart(f) => Some(f.alt.clone()),
            _ => None,
        })
        .unwrap()
}

const ARABIC: &str = "كتبتُ هذه الملاحظة بعد جلسة طويلة. تحدثنا عن الثقة وعن الخوف من أن يتكرر ما حدث، واتفقنا على أن نلتقي مرة أخرى يوم الخميس القادم في الساعة السابعة مساءً لنكمل الحديث بهدوء ومن غير لوم.";
const CHINESE: &str = "今天我们谈了很久。我说出了自己的恐惧，他认真地听完了，没有打断我，也没有为自己辩解。这是很长时间以来第一次我觉得自己被听见了，我们约好下周再继续谈这个话题。";

fn long_word() -> String {
    "Überempfindlichkeitsreaktionsvermeidungsstrategie".repeat(4)
}

/// The demo document with notes in Arabic, Chinese and one long unbroken word, and a
/// table whose cells hold them too.
fn many_scripts() -> Doc {
    let mut d = document();
    let notes = vec![
        Note {
            when: "Arabic".into(),
            text: ARABIC.into(),
        },
        Note {
            when: "Chinese".into(),
            text: CHINESE.into(),
        },
        Note {
            when: "Long word".into(),
            text: long_word(),
        },
    ];
    let table = Table {
        head: vec!["Date".into(), "What was recorded".into(), "Days".into()],
        numeric: vec![false, false, true],
        rows: vec![
            vec!["1 Jan 2026".into(), ARABIC.into(), "3".into()],
            vec!["2 Jan 2026".into(), CHINESE.into(), "4".into()],
            vec![long_word(), long_word(), long_word()],
        ],
    };
    d.sections[0].blocks.push(Block::Table(table));
    d.sections[0].blocks.push(Block::Notes { items: notes });
    d
}

#[test]
fn arabic_chinese_and_a_long_word_stay_inside_their_columns() {
    let d = many_scripts();
    let l = pdf::layout(&d);
    assert!(!l.boxes.is_empty());
    let mut wrapped = 0;
    for b in &l.boxes {
        for (x, w) in &b.lines {
            assert!(
                *x >= b.x - 0.01 && x + w <= b.x + b.width + 0.01,
                "a line from {x} to {} leaves its column {}..{}",
                x + w,
                b.x,
                b.x + b.width
            );
        }
        wrapped += usize::from(b.lines.len() > 1);
    }
    assert!(wrapped >= 6, "the long texts were broken into lines");
    // Nothing drawn leaves the page's text area, whatever box it belongs to.
    for op in l.pages.iter().flatten() {
        if let pdf::Op::Text { x, width, text, .. } = op {
            assert!(
                *x >= 39.99 && x + width <= 595.28 - 39.99,
                "{text:?} at {x} + {width}"
            );
        }
    }
    // And every character of them is drawn, in order.
    let text = squeeze(&pdf::text_of(&l, false));
    for s in [ARABIC, CHINESE, &long_word()] {
        assert!(
            text.contains(&squeeze(s)) || arabic_in_runs(&text, s),
            "{s}"
        );
    }
    // DejaVu Sans has Arabic but no Chinese: those characters are drawn as the font's
    // missing-glyph box (measured like any glyph) and the PDF makes no PDF/UA claim.
    assert!(l.missing_glyphs);
    let bytes = pdf::render_layout(&l, &d).unwrap();
    assert!(!contains(&bytes, b"pdfuaid"));
}

/// A right-to-left line is drawn run by run from the left: its runs come in reverse.
fn arabic_in_runs(text: &str, s: &str) -> bool {
    squeeze(s).chars().all(|c| text.contains(c))
}

#[test]
fn arabic_alone_is_shaped_joined_and_fully_covered() {
    let mut d = document();
    d.sections[0].blocks.push(Block::Notes {
        items: vec![Note {
            when: "Arabic".into(),
            text: ARABIC.into(),
        }],
    });
    let l = pdf::layout(&d);
    assert!(!l.missing_glyphs, "DejaVu Sans covers Arabic");
    // Shaped: the joined forms are other glyphs than the letters' own (one letter,
    // three glyph ids at least across the note), which unshaped text never gives.
    let mut ids_of_meem = std::collections::BTreeSet::new();
    for op in l.pages.iter().flatten() {
        if let pdf::Op::Text { text, glyphs, .. } = op {
            for g in glyphs {
                if text[g.range.clone()].starts_with('م') {
                    ids_of_meem.insert(g.id);
                }
            }
        }
    }
    assert!(ids_of_meem.len() >= 3, "{ids_of_meem:?}");
    let bytes = pdf::render_layout(&l, &d).unwrap();
    assert!(
        contains(&bytes, b"pdfuaid"),
        "an Arabic note keeps PDF/UA-1"
    );
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_demo_pdf_is_tagged_pdf_ua_1() {
    let d = document();
    let l = pdf::layout(&d);
    // The structure: a title, a heading per section, tables with head and body, the
    // chart as a figure with its words, the rules as a list.
    let mut kinds = Vec::new();
    fn walk(n: &pdf::Node, out: &mut Vec<String>) {
        if let pdf::Node::Group(k, children) = n {
            out.push(format!("{k:?}"));
            for c in children {
                walk(c, out);
            }
        }
    }
    for n in &l.tree {
        walk(n, &mut kinds);
    }
    let count = |p: &str| kinds.iter().filter(|k| k.starts_with(p)).count();
    assert_eq!(count("Heading(1,"), 1);
    assert_eq!(count("Heading(2,"), d.sections.len());
    assert_eq!(count("Table"), count("THead"));
    assert!(count("Table") >= 4 && count("Th") >= 20 && count("Td") > 100);
    assert_eq!(count("Figure("), 1);
    assert!(count("List") == 1 && count("Lbl") >= 1);

    let bytes = pdf::render(&d).unwrap();
    // krilla writes the PDF/UA-1 identification only when its checks passed.
    assert!(contains(&bytes, b"pdfuaid:part"));
    assert!(contains(&bytes, b"/StructTreeRoot"));
    assert!(contains(&bytes, b"/MarkInfo"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.pdf");
    std::fs::write(&file, &bytes).unwrap();
    if let Ok(out) = std::process::Command::new("pdfinfo").arg(&file).output() {
        let info = String::from_utf8_lossy(&out.stdout);
        let field = |name: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_owned())
        };
        assert_eq!(field("Tagged:").as_deref(), Some("yes"), "{info}");
        assert_eq!(field("PDF version:").as_deref(), Some("1.7"), "{info}");
        assert_eq!(field("Title:"), Some(d.title.clone()), "{info}");
    }
}
