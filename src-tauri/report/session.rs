//! "For my next session" in a therapist report: the pages the maker marked for it, with
//! the agreements due for review and the ruptures gathered for each. Consent as in
//! `data`: the maker's own words and records go in; an agreement the other partner
//! proposed, and a rupture they recorded, only when that partner allowed it.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::doc::{Block, Note, Section, Table};
use super::words::{self, date};
use crate::model::{Role, RuptureKind};

/// An agreement gathered onto a page, as the app loads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementIn {
    /// The agreement's record id: the report lists each agreement once.
    pub id: String,
    pub what: String,
    pub proposed_by: Role,
    pub review_on: Option<NaiveDate>,
    /// "in force", "proposed", "under review".
    pub standing: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuptureIn {
    pub date: NaiveDate,
    pub role: Role,
    pub what: RuptureKind,
    /// The agreement it concerns, with who proposed it.
    pub agreement: Option<(String, Role)>,
}

/// A page as the app loads it; `build` decides what goes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageIn {
    pub prepared_on: NaiveDate,
    pub session_on: Option<NaiveDate>,
    pub last_session_on: Option<NaiveDate>,
    pub happened: String,
    pub bring: String,
    pub for_therapist: bool,
    /// Ruptures from this day to `until` (the session) were gathered.
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub agreements_due: Vec<AgreementIn>,
    pub ruptures: Vec<RuptureIn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementOut {
    pub what: String,
    pub proposed_by: String,
    pub review_on: Option<NaiveDate>,
    pub standing: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuptureOut {
    pub date: NaiveDate,
    pub words: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionPageOut {
    pub prepared_on: NaiveDate,
    pub session_on: Option<NaiveDate>,
    pub last_session_on: Option<NaiveDate>,
    pub happened: String,
    pub bring: String,
    pub since: NaiveDate,
    #[serde(default)]
    pub until: NaiveDate,
    pub agreements_due: Vec<AgreementOut>,
    /// Agreements due by this session that an earlier page of the report already lists.
    #[serde(default)]
    pub still_due: usize,
    pub ruptures: Vec<RuptureOut>,
}

fn rupture_words(what: RuptureKind) -> &'static str {
    match what {
        RuptureKind::NewDisclosure => "a new disclosure",
        RuptureKind::RenewedContact => "renewed contact",
        RuptureKind::BrokenAgreement => "a broken agreement",
        RuptureKind::Other => "a rupture of another kind",
    }
}

/// The pages marked for the therapist and prepared within the range, oldest first.
/// `name` names a partner; `theirs` is the other partner's consent.
pub fn build(
    pages: &[PageIn],
    maker: Role,
    theirs: bool,
    from: NaiveDate,
    to: NaiveDate,
    name: impl Fn(Role) -> String,
) -> Vec<SessionPageOut> {
    let allowed = |role: Role| role == maker || theirs;
    let mut chosen: Vec<&PageIn> = pages
        .iter()
        .filter(|p| p.for_therapist && from <= p.prepared_on && p.prepared_on <= to)
        .collect();
    chosen.sort_by_key(|p| p.prepared_on);
    // An agreement nobody looks at again stays due on every later page; the report
    // lists it on the first and counts it on the rest, so it reads once.
    let mut listed: HashSet<&str> = HashSet::new();
    chosen
        .into_iter()
        .map(|p| {
            let (new, earlier): (Vec<&AgreementIn>, Vec<&AgreementIn>) = p
                .agreements_due
                .iter()
                .filter(|a| allowed(a.proposed_by))
                .partition(|a| !listed.contains(a.id.as_str()));
            listed.extend(new.iter().map(|a| a.id.as_str()));
            SessionPageOut {
                prepared_on: p.prepared_on,
                session_on: p.session_on,
                last_session_on: p.last_session_on,
                happened: p.happened.clone(),
                bring: p.bring.clone(),
                since: p.since,
                until: p.until,
                agreements_due: new
                    .into_iter()
                    .map(|a| AgreementOut {
                        what: a.what.clone(),
                        proposed_by: name(a.proposed_by),
                        review_on: a.review_on,
                        standing: a.standing.clone(),
                    })
                    .collect(),
                still_due: earlier.len(),
                ruptures: p
                    .ruptures
                    .iter()
                    .filter(|r| allowed(r.role))
                    .map(|r| rupture_out(r, &allowed, &name))
                    .collect(),
            }
        })
        .collect()
}

fn rupture_out(
    r: &RuptureIn,
    allowed: &impl Fn(Role) -> bool,
    name: &impl Fn(Role) -> String,
) -> RuptureOut {
    let about = r
        .agreement
        .as_ref()
        .filter(|(_, by)| allowed(*by))
        .map(|(what, _)| format!(" (the agreement: \"{what}\")"))
        .unwrap_or_default();
    RuptureOut {
        date: r.date,
        words: format!(
            "{} recorded a rupture: {}{about}.",
            name(r.role),
            rupture_words(r.what)
        ),
    }
}

pub const HEADING: &str = "For the next session";
pub const NONE: &str = "No page for the next session was chosen for this report.";
pub const HAPPENED: &str = "What happened since the last session";
pub const BRING: &str = "What I want to bring";
pub const NOTHING_WRITTEN: &str = "Nothing written.";
pub const AGREEMENTS_HEAD: [&str; 4] = [
    "Agreement due for review",
    "Proposed by",
    "Review day",
    "Where it stands",
];
pub const NO_AGREEMENTS: &str = "No agreement is due for review.";
pub const STILL_DUE_ONE: &str = "One agreement listed on an earlier page is still due for review.";

/// The line for agreements an earlier page lists, or none.
pub fn still_due(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some(STILL_DUE_ONE.to_owned()),
        n => Some(format!(
            "{n} agreements listed on earlier pages are still due for review."
        )),
    }
}
pub const NO_RUPTURES: &str = "No rupture was recorded in this time.";

fn prepared(p: &SessionPageOut) -> String {
    let mut s = format!("Prepared on {}", date(p.prepared_on));
    if let Some(d) = p.session_on {
        s.push_str(&format!(" for the session on {}", date(d)));
    }
    s.push('.');
    match p.last_session_on {
        Some(d) => s.push_str(&format!(" The last session was on {}.", date(d))),
        None => s.push_str(" No date was given for the last session."),
    }
    s
}

fn text_or_nothing(t: &str) -> String {
    if t.trim().is_empty() {
        NOTHING_WRITTEN.to_owned()
    } else {
        t.to_owned()
    }
}

/// The report's section: one part per page, each short enough to read as one sheet.
pub fn section(pages: &[SessionPageOut]) -> Section {
    let mut blocks = Vec::new();
    if pages.is_empty() {
        blocks.push(Block::Empty {
            text: NONE.to_owned(),
        });
    }
    for p in pages {
        blocks.push(Block::Para { text: prepared(p) });
        blocks.push(Block::Notes {
            items: vec![
                Note {
                    when: HAPPENED.to_owned(),
                    text: text_or_nothing(&p.happened),
                },
                Note {
                    when: BRING.to_owned(),
                    text: text_or_nothing(&p.bring),
                },
            ],
        });
        let earlier = still_due(p.still_due);
        if p.agreements_due.is_empty() && earlier.is_none() {
            blocks.push(Block::Empty {
                text: NO_AGREEMENTS.to_owned(),
            });
        }
        if let Some(text) = earlier {
            blocks.push(Block::Para { text });
        }
        if !p.agreements_due.is_empty() {
            blocks.push(Block::Table(Table {
                head: AGREEMENTS_HEAD.iter().map(|s| (*s).to_owned()).collect(),
                numeric: vec![false; 4],
                rows: p
                    .agreements_due
                    .iter()
                    .map(|a| {
                        vec![
                            a.what.clone(),
                            a.proposed_by.clone(),
                            a.review_on.map_or_else(|| words::NO_VALUE.to_owned(), date),
                            a.standing.clone(),
                        ]
                    })
                    .collect(),
            }));
        }
        blocks.push(Block::Para {
            text: format!("Ruptures from {} to {}:", date(p.since), date(p.until)),
        });
        if p.ruptures.is_empty() {
            blocks.push(Block::Empty {
                text: NO_RUPTURES.to_owned(),
            });
        } else {
            blocks.push(Block::Notes {
                items: p
                    .ruptures
                    .iter()
                    .map(|r| Note {
                        when: date(r.date),
                        text: r.words.clone(),
                    })
                    .collect(),
            });
        }
    }
    Section {
        heading: HEADING.to_owned(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn page(for_therapist: bool) -> PageIn {
        PageIn {
            prepared_on: day("2026-03-05"),
            session_on: Some(day("2026-03-07")),
            last_session_on: Some(day("2026-02-28")),
            happened: "We talked on Sunday.".into(),
            bring: "The phone agreement.".into(),
            for_therapist,
            since: day("2026-02-28"),
            until: day("2026-03-07"),
            agreements_due: vec![
                AgreementIn {
                    id: "a1".into(),
                    what: "Mine to review".into(),
                    proposed_by: Role::Ap,
                    review_on: Some(day("2026-03-06")),
                    standing: "in force".into(),
                },
                AgreementIn {
                    id: "a2".into(),
                    what: "Theirs to review".into(),
                    proposed_by: Role::Op,
                    review_on: Some(day("2026-03-06")),
                    standing: "in force".into(),
                },
            ],
            ruptures: vec![
                RuptureIn {
                    date: day("2026-03-01"),
                    role: Role::Op,
                    what: RuptureKind::BrokenAgreement,
                    agreement: Some(("Theirs to review".into(), Role::Op)),
                },
                RuptureIn {
                    date: day("2026-03-02"),
                    role: Role::Ap,
                    what: RuptureKind::BrokenAgreement,
                    agreement: Some(("Theirs to review".into(), Role::Op)),
                },
            ],
        }
    }

    fn name(r: Role) -> String {
        match r {
            Role::Ap => "Robin".into(),
            Role::Op => "Sam".into(),
        }
    }

    #[test]
    fn only_pages_marked_for_the_therapist_and_in_range_go_in() {
        let (from, to) = (day("2026-03-01"), day("2026-03-10"));
        assert!(build(&[page(false)], Role::Ap, true, from, to, name).is_empty());
        assert_eq!(
            build(&[page(true)], Role::Ap, true, from, to, name).len(),
            1
        );
        assert!(build(&[page(true)], Role::Ap, true, from, day("2026-03-04"), name).is_empty());
    }

    #[test]
    fn the_other_partners_agreements_and_ruptures_need_their_consent() {
        let (from, to) = (day("2026-03-01"), day("2026-03-10"));
        let without = &build(&[page(true)], Role::Ap, false, from, to, name)[0];
        assert_eq!(without.agreements_due.len(), 1);
        assert_eq!(without.agreements_due[0].what, "Mine to review");
        assert_eq!(without.ruptures.len(), 1);
        assert!(!without.ruptures[0].words.contains("Theirs"));
        let with = &build(&[page(true)], Role::Ap, true, from, to, name)[0];
        assert_eq!(with.agreements_due.len(), 2);
        assert_eq!(with.ruptures.len(), 2);
        assert!(with.ruptures[0].words.contains("Theirs to review"));
        let s = section(std::slice::from_ref(with));
        assert_eq!(s.heading, HEADING);
    }

    #[test]
    fn an_agreement_due_on_many_pages_is_listed_on_the_first_and_counted_after() {
        let (from, to) = (day("2026-03-01"), day("2026-03-31"));
        let later = PageIn {
            prepared_on: day("2026-03-12"),
            session_on: Some(day("2026-03-14")),
            ..page(true)
        };
        // Given newest first, as the app loads them.
        let out = build(&[later, page(true)], Role::Ap, true, from, to, name);
        assert_eq!(out[0].prepared_on, day("2026-03-05"));
        assert_eq!(out[0].agreements_due.len(), 2);
        assert_eq!(out[0].still_due, 0);
        assert!(out[1].agreements_due.is_empty());
        assert_eq!(out[1].still_due, 2);
        let s = section(&out);
        let paras: Vec<&str> = s
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para { text } => Some(text.as_str()),
                Block::Empty { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(paras.contains(&"2 agreements listed on earlier pages are still due for review."));
        assert!(!paras.contains(&NO_AGREEMENTS));
        // Without the other partner's consent theirs is neither listed nor counted.
        let later = PageIn {
            prepared_on: day("2026-03-12"),
            ..page(true)
        };
        let out = build(&[page(true), later], Role::Ap, false, from, to, name);
        assert_eq!(out[1].still_due, 1);
        assert_eq!(still_due(1).as_deref(), Some(STILL_DUE_ONE));
    }
}
