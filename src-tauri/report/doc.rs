//! The report's content as one document: every heading, paragraph, table, list, empty
//! state and word, in reading order. `build` is the only place that decides what the
//! report says; `html` and `pdf` only render a `Doc`, so the two cannot drift apart.

use serde::Serialize;

use super::chart::{self, Chart};
use super::data::{dynamic_rule, dynamic_title, EmotionMeans, Report};
use super::words;
use crate::model::Phase;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    /// BCP 47 language of the words.
    pub lang: String,
    /// The file's title (HTML `<title>`, PDF metadata).
    pub title: String,
    pub heading: String,
    pub subtitle: String,
    /// The opening notice: what the report holds and about whom.
    pub notice: String,
    pub sections: Vec<Section>,
    pub footer: String,
    /// Repeated at the foot of each printed page.
    pub running: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// An explanatory paragraph.
    Para {
        text: String,
    },
    /// What stands where there is nothing to show.
    Empty {
        text: String,
    },
    Table(Table),
    /// Terms and what they mean (the rules behind the patterns).
    Terms {
        items: Vec<Term>,
    },
    Notes {
        items: Vec<Note>,
    },
    Chart(Box<Figure>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub head: Vec<String>,
    /// Right-aligned (numeric) columns.
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub term: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub when: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Read out instead of the drawing.
    pub alt: String,
    pub lean_in: String,
    pub lean_out: String,
    pub legend: Vec<Swatch>,
    /// The drawing; its labels (names, dates, stance values) are listed in `labels`.
    #[serde(skip)]
    pub chart: Chart,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Swatch {
    /// 1-4 for a phase band, `None` for the rupture mark.
    pub phase: Option<u8>,
    pub label: String,
}

impl Figure {
    /// Every text drawn in the chart, in the order both renderers draw it.
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![self.lean_in.clone(), self.lean_out.clone()];
        out.extend(self.labels.iter().cloned());
        out.extend(self.legend.iter().map(|s| s.label.clone()));
        out
    }
}

impl Doc {
    /// Every string a reader sees, in reading order (the running footer aside).
    pub fn strings(&self) -> Vec<String> {
        let mut out = vec![
            self.heading.clone(),
            self.subtitle.clone(),
            self.notice.clone(),
        ];
        for s in &self.sections {
            out.push(s.heading.clone());
            for b in &s.blocks {
                match b {
                    Block::Para { text } | Block::Empty { text } => out.push(text.clone()),
                    Block::Table(t) => {
                        out.extend(t.head.iter().cloned());
                        out.extend(t.rows.iter().flatten().cloned());
                    }
                    Block::Terms { items } => {
                        for t in items {
                            out.push(t.term.clone());
                            out.push(t.text.clone());
                        }
                    }
                    Block::Notes { items } => {
                        for n in items {
                            out.push(n.when.clone());
                            out.push(n.text.clone());
                        }
                    }
                    Block::Chart(f) => out.extend(f.texts()),
                }
            }
        }
        out.push(self.footer.clone());
        out
    }
}

fn para(text: impl Into<String>) -> Block {
    Block::Para { text: text.into() }
}

fn empty(text: impl Into<String>) -> Block {
    Block::Empty { text: text.into() }
}

fn strings<const N: usize>(a: [&str; N]) -> Vec<String> {
    a.iter().map(|s| (*s).to_owned()).collect()
}

/// The report as a document: what both formats say.
pub fn build(r: &Report) -> Doc {
    Doc {
        lang: words::LANG.to_owned(),
        title: words::title(r),
        heading: words::HEADING.to_owned(),
        subtitle: words::subtitle(r),
        notice: words::about(r),
        sections: {
            let mut s = vec![
                phases(r),
                arc(r),
                events(r),
                dynamics(r),
                tasks(r),
                weeks(r),
                notes(r),
            ];
            s.extend(super::asked::sections(r));
            s.push(super::session::section(&r.session_pages));
            s
        },
        footer: words::footer(r),
        running: words::running(r),
    }
}

fn phases(r: &Report) -> Section {
    let rows = r
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
    Section {
        heading: words::PHASES.to_owned(),
        blocks: vec![
            para(words::phases_note(r)),
            Block::Table(Table {
                head: strings(words::PHASE_HEAD),
                numeric: vec![false, false, false, false, true],
                rows,
            }),
        ],
    }
}

fn arc(r: &Report) -> Section {
    let c = chart::build(r);
    let mut legend: Vec<Swatch> = Phase::ALL
        .iter()
        .map(|p| Swatch {
            phase: Some(p.number()),
            label: format!("{} · {}", p.number(), p.title()),
        })
        .collect();
    legend.push(Swatch {
        phase: None,
        label: words::RUPTURE_MARK.to_owned(),
    });
    let mut labels: Vec<String> = c.grid.iter().map(|(_, l)| l.clone()).collect();
    labels.extend(
        c.bands
            .iter()
            .filter(|b| b.w > chart::BAND_LABEL_MIN_W)
            .map(|b| b.phase.to_string()),
    );
    labels.extend(c.labels.iter().map(|l| l.text.clone()));
    Section {
        heading: words::CHART.to_owned(),
        blocks: vec![
            para(words::chart_caption(r, c.weekly)),
            Block::Chart(Box::new(Figure {
                alt: words::chart_alt(r),
                lean_in: words::LEANING_IN.to_owned(),
                lean_out: words::LEANING_OUT.to_owned(),
                legend,
                chart: c,
                labels,
            })),
        ],
    }
}

fn events(r: &Report) -> Section {
    let blocks = if r.events.is_empty() {
        vec![empty(words::NO_EVENTS)]
    } else {
        vec![
            Block::Table(Table {
                head: strings(words::EVENT_HEAD),
                numeric: vec![false, false],
                rows: r
                    .events
                    .iter()
                    .map(|e| vec![words::date(e.date), e.words.clone()])
                    .collect(),
            }),
            para(words::events_note(r)),
        ]
    };
    Section {
        heading: words::EVENTS.to_owned(),
        blocks,
    }
}

fn dynamics(r: &Report) -> Section {
    let mut blocks = vec![para(words::DYNAMICS_NOTE)];
    blocks.extend(words::dynamics_parted(r).map(para));
    if r.dynamics.is_empty() {
        blocks.push(empty(words::no_dynamics(r)));
    } else {
        blocks.push(Block::Table(Table {
            head: strings(words::DYNAMICS_HEAD),
            numeric: vec![false, false, false, false, true],
            rows: r
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
                .collect(),
        }));
        let mut kinds: Vec<_> = r.dynamics.iter().map(|e| e.kind).collect();
        kinds.sort();
        kinds.dedup();
        blocks.push(Block::Terms {
            items: kinds
                .into_iter()
                .map(|k| Term {
                    term: dynamic_title(k).to_owned(),
                    text: format!("{}.", words::cap(dynamic_rule(k))),
                })
                .collect(),
        });
    }
    Section {
        heading: words::DYNAMICS.to_owned(),
        blocks,
    }
}

fn tasks(r: &Report) -> Section {
    let blocks = if r.tasks.is_empty() {
        vec![empty(words::NO_TASKS)]
    } else {
        vec![Block::Table(Table {
            head: strings(words::TASK_HEAD),
            numeric: vec![false, false, false, false],
            rows: r
                .tasks
                .iter()
                .map(|t| {
                    let title = if t.required {
                        t.title.clone()
                    } else {
                        format!("{} {}", t.title, words::OPTIONAL)
                    };
                    let status = if t.done { words::DONE } else { words::NOT_DONE };
                    vec![
                        t.phase.to_string(),
                        title,
                        status.to_owned(),
                        words::date(t.date),
                    ]
                })
                .collect(),
        })]
    };
    Section {
        heading: words::tasks_of(r),
        blocks,
    }
}

fn weeks(r: &Report) -> Section {
    let mut blocks = vec![para(words::WEEKS_NOTE)];
    if r.weeks.is_empty() {
        blocks.push(empty(words::NO_WEEKS));
    } else {
        let mut head = strings(words::WEEK_HEAD);
        head.extend(
            EmotionMeans::default()
                .entries()
                .iter()
                .map(|(n, _)| words::cap(n)),
        );
        head.extend(strings(words::WEEK_TAIL));
        let mut numeric = vec![false];
        numeric.resize(head.len(), true);
        let rows = r
            .weeks
            .iter()
            .map(|w| {
                let mut row = vec![
                    words::date(w.start),
                    w.check_ins.to_string(),
                    words::stance_range(w.stance_mean, w.stance_min, w.stance_max),
                ];
                row.extend(w.emotions.entries().iter().map(|(_, v)| {
                    v.map_or_else(|| words::NO_VALUE.to_owned(), |v| format!("{v:.1}"))
                }));
                row.push(w.triggers_total.to_string());
                row.push(w.repair_moments.to_string());
                row
            })
            .collect();
        blocks.push(Block::Table(Table {
            head,
            numeric,
            rows,
        }));
    }
    Section {
        heading: words::weeks_of(r),
        blocks,
    }
}

fn notes(r: &Report) -> Section {
    let blocks = if r.notes.is_empty() {
        vec![empty(words::NO_NOTES)]
    } else {
        vec![Block::Notes {
            items: r
                .notes
                .iter()
                .map(|n| Note {
                    when: format!("{} · {}", words::date(n.date), words::source(&n.source)),
                    text: n.text.clone(),
                })
                .collect(),
        }]
    };
    Section {
        heading: words::notes_of(r),
        blocks,
    }
}
