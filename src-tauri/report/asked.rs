//! Questions, answers and the trigger log in a therapist report: only the maker's own
//! items, each only when the maker marked it for the therapist (docs/REPORTS.md). The
//! other partner's words stay out: the answers to the maker's questions and the notes
//! on the maker's triggers are theirs.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::data::Report;
use super::doc::{Block, Note, Section, Table};
use super::words;
use crate::model::{QuestionStatus, Role, Visibility};

/// A question the maker asked, as the app loads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionNote {
    pub date: NaiveDate,
    pub text: String,
    pub status: QuestionStatus,
    pub helped: Option<bool>,
    pub visibility: Visibility,
}

/// An answer the maker gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerNote {
    pub date: NaiveDate,
    pub text: String,
    pub visibility: Visibility,
}

/// An entry of the maker's trigger log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerNote {
    pub date: NaiveDate,
    pub what: String,
    pub strength: Option<i32>,
    pub helped: String,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionOut {
    /// When it was asked.
    pub date: NaiveDate,
    pub text: String,
    pub status: QuestionStatus,
    pub helped: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOut {
    pub date: NaiveDate,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggerOut {
    pub date: NaiveDate,
    pub what: String,
    pub strength: Option<i32>,
    pub helped: String,
}

/// The maker's questions and answers up to `to` (they stay open across periods) and
/// their trigger-log entries within the period, each only when chosen.
pub fn select(
    questions: &[QuestionNote],
    answers: &[AnswerNote],
    triggers: &[TriggerNote],
    from: NaiveDate,
    to: NaiveDate,
) -> (Vec<QuestionOut>, Vec<AnswerOut>, Vec<TriggerOut>) {
    let mut qs: Vec<QuestionOut> = questions
        .iter()
        .filter(|q| q.visibility.with_therapist() && q.date <= to)
        .map(|q| QuestionOut {
            date: q.date,
            text: q.text.clone(),
            status: q.status,
            helped: q.helped,
        })
        .collect();
    qs.sort_by(|a, b| (a.date, &a.text).cmp(&(b.date, &b.text)));
    let mut ans: Vec<AnswerOut> = answers
        .iter()
        .filter(|a| a.visibility.with_therapist() && a.date <= to)
        .map(|a| AnswerOut {
            date: a.date,
            text: a.text.clone(),
        })
        .collect();
    ans.sort_by(|a, b| (a.date, &a.text).cmp(&(b.date, &b.text)));
    let mut ts: Vec<TriggerOut> = triggers
        .iter()
        .filter(|t| t.visibility.with_therapist() && from <= t.date && t.date <= to)
        .map(|t| TriggerOut {
            date: t.date,
            what: t.what.clone(),
            strength: t.strength,
            helped: t.helped.clone(),
        })
        .collect();
    ts.sort_by(|a, b| (a.date, &a.what).cmp(&(b.date, &b.what)));
    (qs, ans, ts)
}

fn helped(h: Option<bool>) -> &'static str {
    match h {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not said",
    }
}

/// The report's sections: questions for a maker who was hurt, answers for a maker who
/// broke trust (or whichever holds items), then the trigger log.
pub fn sections(r: &Report) -> Vec<Section> {
    let name = &r.made_by.name;
    let mut out = Vec::new();
    if r.made_by.role == Role::Ap || !r.questions.is_empty() {
        let blocks = if r.questions.is_empty() {
            vec![Block::Empty {
                text: "No questions were chosen for this report.".to_owned(),
            }]
        } else {
            vec![
                Block::Para {
                    text: "Questions about what happened, kept in the app by the partner who was hurt, with where each stands and whether an answer helped, as they marked it. Nothing is scored. The answers are their partner's words and are not included.".to_owned(),
                },
                Block::Table(Table {
                    head: ["Asked on", "Question", "Where it stands", "Did the answer help?"]
                        .map(str::to_owned)
                        .to_vec(),
                    numeric: vec![false; 4],
                    rows: r
                        .questions
                        .iter()
                        .map(|q| {
                            vec![
                                words::date(q.date),
                                q.text.clone(),
                                q.status.words().to_owned(),
                                helped(q.helped).to_owned(),
                            ]
                        })
                        .collect(),
                }),
            ]
        };
        out.push(Section {
            heading: format!("Questions {name} asked"),
            blocks,
        });
    }
    if r.made_by.role == Role::Op || !r.answers.is_empty() {
        let blocks = if r.answers.is_empty() {
            vec![Block::Empty {
                text: "No answers were chosen for this report.".to_owned(),
            }]
        } else {
            vec![Block::Notes {
                items: r
                    .answers
                    .iter()
                    .map(|a| Note {
                        when: format!(
                            "{} · answer to a question of their partner",
                            words::date(a.date)
                        ),
                        text: a.text.clone(),
                    })
                    .collect(),
            }]
        };
        out.push(Section {
            heading: format!("Answers {name} gave"),
            blocks,
        });
    }
    let blocks = if r.triggers.is_empty() {
        vec![Block::Empty {
            text: "No trigger-log entries were chosen for this report.".to_owned(),
        }]
    } else {
        vec![
            Block::Para {
                text: "Painful moments the person logged: what set each off, how strong it felt from 0 (barely) to 10 (as strong as it gets) when they said, and what helped. Self-reported; separate from the daily check-in's count.".to_owned(),
            },
            Block::Table(Table {
                head: ["Date", "What set it off", "Strength", "What helped"]
                    .map(str::to_owned)
                    .to_vec(),
                numeric: vec![false, false, true, false],
                rows: r
                    .triggers
                    .iter()
                    .map(|t| {
                        vec![
                            words::date(t.date),
                            t.what.clone(),
                            t.strength
                                .map_or_else(|| words::NO_VALUE.to_owned(), |s| s.to_string()),
                            if t.helped.trim().is_empty() {
                                words::NO_VALUE.to_owned()
                            } else {
                                t.helped.clone()
                            },
                        ]
                    })
                    .collect(),
            }),
        ]
    };
    out.push(Section {
        heading: format!("Trigger log of {name}"),
        blocks,
    });
    out
}
