//! What a therapist report holds, and how it is built from what its maker may read.
//!
//! Consent is decided here and nowhere else (docs/REPORTS.md): the maker's own items go
//! in only when the maker marked them `therapist`; the maker's own phases and phase
//! events go in; facts about the other partner (their phases, the changes and ruptures
//! they recorded, and the patterns, which are computed from their shared numbers and
//! phase) go in only when that partner allowed it (`Source::partner_allows`); the
//! safety answer is never read. Reasons given for a step back or rupture stay out.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{
    ArcEvent, Change, CheckIn, CoupleHistory, DayReport, DynamicKind, Phase, Role, RuptureKind,
    Severity, TaskId, Visibility,
};

pub const REPORT_FORMAT: &str = "healing-arc/therapist-report";
/// 2: facts about the other partner only with their consent (`about_partner`).
pub const REPORT_VERSION: u32 = 2;
/// The longest range a report covers: about a century, like the model's history.
pub const MAX_RANGE_DAYS: u64 = crate::model::rules::MAX_SPAN_DAYS as u64;

/// A partner as the report names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub role: Role,
}

/// A journal entry as the report sees it: its date (when written) and who may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalNote {
    pub date: NaiveDate,
    pub text: String,
    pub visibility: Visibility,
}

/// A task's latest mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskProgress {
    pub task: TaskId,
    pub done: bool,
    pub date: NaiveDate,
    pub visibility: Visibility,
}

/// Everything the maker of a report can read, as the app loads it. `build` decides
/// what goes in.
#[derive(Debug, Clone)]
pub struct Source {
    pub today: NaiveDate,
    pub me: Person,
    pub partner: Option<Person>,
    /// The maker's own records in full, and what the partner shared with the maker.
    pub history: CoupleHistory,
    pub journal: Vec<JournalNote>,
    pub tasks: Vec<TaskProgress>,
    /// The other partner allows reports of the maker to include facts about them (their
    /// own setting, read from their signed part; missing or unreadable is `false`).
    pub partner_allows: bool,
    /// The maker's own questions, answers and trigger log (report/asked.rs chooses).
    pub questions: Vec<super::asked::QuestionNote>,
    pub answers: Vec<super::asked::AnswerNote>,
    pub triggers: Vec<super::asked::TriggerNote>,
    /// The maker's pages for the next session, with what was gathered for each.
    pub session_pages: Vec<super::session::PageIn>,
    /// The day a parting was recorded, if one was (by either partner). From that day
    /// nothing is computed for the couple; who recorded it and their words stay out.
    pub parted_on: Option<NaiveDate>,
}

/// What a report holds about the partner who did not make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AboutPartner {
    /// They allowed it: their name, phases, the phase changes and ruptures they
    /// recorded, and the patterns of the two of them.
    Included,
    /// They have not allowed it: nothing about them.
    NotAllowed,
    /// They have no profile yet.
    NoPartner,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonOut {
    pub name: String,
    pub role: Role,
    /// "the partner who broke trust" / "the partner who was hurt".
    pub role_words: String,
}

/// A run of days one partner spent in one phase, inside the report's range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseSpan {
    pub role: Role,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub phase: u8,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventOut {
    pub date: NaiveDate,
    pub role: Role,
    /// "advance", "step_back" or "rupture".
    pub kind: String,
    pub words: String,
}

/// The maker's stance on a day they shared their numbers with the therapist.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StanceDay {
    pub date: NaiveDate,
    pub stance: i32,
}

/// Means of each feeling over a week's check-ins, 0 ..= 4.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct EmotionMeans {
    pub hurt: Option<f64>,
    pub anger: Option<f64>,
    pub fear: Option<f64>,
    pub shame: Option<f64>,
    pub sadness: Option<f64>,
    pub hope: Option<f64>,
    pub warmth: Option<f64>,
    pub ambivalence: Option<f64>,
}

impl EmotionMeans {
    /// `None` where no check-in of the week answered that feeling.
    pub fn entries(&self) -> [(&'static str, Option<f64>); 8] {
        [
            ("hurt", self.hurt),
            ("anger", self.anger),
            ("fear", self.fear),
            ("shame", self.shame),
            ("sadness", self.sadness),
            ("hope", self.hope),
            ("warmth", self.warmth),
            ("ambivalence", self.ambivalence),
        ]
    }
}

/// One week (Monday to Sunday) of the maker's check-in numbers marked for the therapist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// The Monday of the week.
    pub start: NaiveDate,
    pub check_ins: u32,
    pub stance_mean: f64,
    pub stance_min: i32,
    pub stance_max: i32,
    pub emotions: EmotionMeans,
    pub triggers_total: u32,
    pub repair_moments: u32,
}

/// An unbroken run of days on which a dynamic held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    pub kind: DynamicKind,
    pub severity: Severity,
    pub title: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskOut {
    pub id: TaskId,
    pub phase: u8,
    pub title: String,
    pub required: bool,
    pub done: bool,
    /// When it was last marked.
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteOut {
    pub date: NaiveDate,
    /// "check-in" or "journal".
    pub source: String,
    pub text: String,
}

/// The report, as data: the JSON in a packet is exactly this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub format: String,
    pub version: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub made_on: NaiveDate,
    pub made_by: PersonOut,
    pub about_partner: AboutPartner,
    /// Only when `about_partner` is `included`.
    pub partner: Option<PersonOut>,
    pub phases: Vec<PhaseSpan>,
    pub events: Vec<EventOut>,
    pub stance: Vec<StanceDay>,
    pub weeks: Vec<Week>,
    pub dynamics: Vec<Episode>,
    pub tasks: Vec<TaskOut>,
    pub notes: Vec<NoteOut>,
    /// The maker's questions, answers and trigger-log entries they chose (absent from
    /// reports made before them).
    #[serde(default)]
    pub questions: Vec<super::asked::QuestionOut>,
    #[serde(default)]
    pub answers: Vec<super::asked::AnswerOut>,
    #[serde(default)]
    pub triggers: Vec<super::asked::TriggerOut>,
    /// Pages for the next session the maker chose for the report.
    #[serde(default)]
    pub session_pages: Vec<super::session::SessionPageOut>,
    /// The day a parting was recorded, when it is on or before the period's end: no
    /// phase, phase change or pattern is computed from that day on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parted_on: Option<NaiveDate>,
}

/// Why a range is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeError {
    /// `from` is after `to`.
    Reversed,
    /// `to` is after today.
    Future,
    /// Longer than `MAX_RANGE_DAYS`.
    TooLong,
}

pub fn check_range(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), RangeError> {
    if from > to {
        return Err(RangeError::Reversed);
    }
    if to > today {
        return Err(RangeError::Future);
    }
    let days = (to - from).num_days().unsigned_abs();
    if days >= MAX_RANGE_DAYS {
        return Err(RangeError::TooLong);
    }
    Ok(())
}

fn person(p: &Person) -> PersonOut {
    PersonOut {
        name: p.name.clone(),
        role: p.role,
        role_words: p.role.plain_name().to_owned(),
    }
}

fn in_range(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    from <= d && d <= to
}

/// Builds the report for `from ..= to`. The range must have passed `check_range`.
pub fn build(src: &Source, from: NaiveDate, to: NaiveDate) -> Report {
    let role = src.me.role;
    // After a parting nothing is computed for the couple: the days up to it only.
    let timeline: Vec<DayReport> = src
        .history
        .timeline_until_parting(to, src.parted_on)
        .into_iter()
        .filter(|d| in_range(d.date, from, to))
        .collect();
    let mine: &[CheckIn] = match role {
        Role::Op => &src.history.op.checkins,
        Role::Ap => &src.history.ap.checkins,
    };
    let mut shared: Vec<&CheckIn> = mine
        .iter()
        .filter(|c| in_range(c.date, from, to) && c.share.numbers.with_therapist())
        .collect();
    shared.sort_by_key(|c| c.date);
    shared.dedup_by_key(|c| c.date);
    let about_partner = match (&src.partner, src.partner_allows) {
        (None, _) => AboutPartner::NoPartner,
        (Some(_), false) => AboutPartner::NotAllowed,
        (Some(_), true) => AboutPartner::Included,
    };
    let theirs = about_partner == AboutPartner::Included;
    let (questions, answers, triggers) =
        super::asked::select(&src.questions, &src.answers, &src.triggers, from, to);

    Report {
        format: REPORT_FORMAT.to_owned(),
        version: REPORT_VERSION,
        from,
        to,
        made_on: src.today,
        made_by: person(&src.me),
        about_partner,
        partner: src.partner.as_ref().filter(|_| theirs).map(person),
        phases: phase_spans(&timeline, role, theirs),
        events: events(src, &timeline, from, to, theirs),
        stance: shared
            .iter()
            .map(|c| StanceDay {
                date: c.date,
                stance: c.stance,
            })
            .collect(),
        weeks: weeks(&shared),
        // Every pattern reads the other partner's shared numbers or phase.
        dynamics: if theirs {
            episodes(&timeline)
        } else {
            Vec::new()
        },
        tasks: tasks(src, to),
        notes: notes(src, mine, from, to),
        questions,
        answers,
        triggers,
        session_pages: super::session::build(&src.session_pages, role, theirs, from, to, |r| {
            name_of(src, r)
        }),
        parted_on: src.parted_on.filter(|p| *p <= to),
    }
}

/// The maker's spans first, then (with `theirs`) their partner's.
fn phase_spans(timeline: &[DayReport], maker: Role, theirs: bool) -> Vec<PhaseSpan> {
    let mut out = Vec::new();
    let roles = if theirs {
        vec![maker, maker.other()]
    } else {
        vec![maker]
    };
    for role in roles {
        let mut current: Option<PhaseSpan> = None;
        for day in timeline {
            let phase = *day.phase.get(role);
            match current.as_mut() {
                Some(s) if s.phase == phase.number() => s.to = day.date,
                _ => {
                    out.extend(current.take());
                    current = Some(PhaseSpan {
                        role,
                        from: day.date,
                        to: day.date,
                        phase: phase.number(),
                        title: phase.title().to_owned(),
                    });
                }
            }
        }
        out.extend(current);
    }
    out
}

fn name_of(src: &Source, role: Role) -> String {
    if src.me.role == role {
        return src.me.name.clone();
    }
    src.partner
        .as_ref()
        .map_or_else(|| "Their partner".to_owned(), |p| p.name.clone())
}

fn rupture_words(what: RuptureKind) -> &'static str {
    match what {
        RuptureKind::NewDisclosure => "a new disclosure",
        RuptureKind::RenewedContact => "renewed contact",
        RuptureKind::BrokenAgreement => "a broken agreement",
        RuptureKind::Other => "a rupture of another kind",
    }
}

fn phase_words(p: Phase) -> String {
    format!("phase {} ({})", p.number(), p.title())
}

fn events(
    src: &Source,
    timeline: &[DayReport],
    from: NaiveDate,
    to: NaiveDate,
    theirs: bool,
) -> Vec<EventOut> {
    let phase_on = |date: NaiveDate, role: Role| {
        timeline
            .iter()
            .find(|d| d.date == date)
            .map(|d| *d.phase.get(role))
    };
    src.history
        .events
        .iter()
        .filter(|e| in_range(e.date, from, to) && (theirs || e.partner == src.me.role))
        // None is recorded after a parting; one that arrives dated later is not shown.
        .filter(|e| src.parted_on.is_none_or(|p| e.date <= p))
        .filter_map(|e: &ArcEvent| {
            let who = name_of(src, e.partner);
            let (kind, words) = match &e.change {
                Change::Advance => (
                    "advance",
                    match phase_on(e.date, e.partner) {
                        Some(p) => format!("{who} moved on to {}.", phase_words(p)),
                        None => format!("{who} moved on to the next phase."),
                    },
                ),
                Change::StepBack { .. } => (
                    "step_back",
                    match phase_on(e.date, e.partner) {
                        Some(p) => format!("{who} stepped back to {}.", phase_words(p)),
                        None => format!("{who} stepped back to an earlier phase."),
                    },
                ),
                // The reason is never shown: only the kind the partner chose.
                Change::Rupture { what, .. } => (
                    "rupture",
                    format!("{who} recorded a rupture: {}.", rupture_words(*what)),
                ),
                // "Ready to rebuild together" is a step toward the partner, not a phase
                // change: it stays out of reports.
                Change::ReadyToRebuild | Change::WithdrawReady => return None,
            };
            Some(EventOut {
                date: e.date,
                role: e.partner,
                kind: kind.to_owned(),
                words,
            })
        })
        .collect()
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    let back = u64::from(d.weekday().num_days_from_monday());
    d.checked_sub_days(Days::new(back)).unwrap_or(d)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn weeks(shared: &[&CheckIn]) -> Vec<Week> {
    let mut by_week: BTreeMap<NaiveDate, Vec<&CheckIn>> = BTreeMap::new();
    for c in shared {
        by_week.entry(monday_of(c.date)).or_default().push(c);
    }
    by_week
        .into_iter()
        .map(|(start, days)| {
            let n = days.len() as f64;
            let mean = |f: fn(&CheckIn) -> i32| {
                round2(days.iter().map(|c| f64::from(f(c))).sum::<f64>() / n)
            };
            // Over the check-ins that answered it: an unanswered feeling is absent, not 0.
            let answered_mean = |f: fn(&CheckIn) -> Option<i32>| {
                let values: Vec<f64> = days.iter().filter_map(|c| f(c)).map(f64::from).collect();
                (!values.is_empty())
                    .then(|| round2(values.iter().sum::<f64>() / values.len() as f64))
            };
            Week {
                start,
                check_ins: days.len() as u32,
                stance_mean: mean(|c| c.stance),
                stance_min: days.iter().map(|c| c.stance).min().unwrap_or(0),
                stance_max: days.iter().map(|c| c.stance).max().unwrap_or(0),
                emotions: EmotionMeans {
                    hurt: answered_mean(|c| c.emotions.hurt),
                    anger: answered_mean(|c| c.emotions.anger),
                    fear: answered_mean(|c| c.emotions.fear),
                    shame: answered_mean(|c| c.emotions.shame),
                    sadness: answered_mean(|c| c.emotions.sadness),
                    hope: answered_mean(|c| c.emotions.hope),
                    warmth: answered_mean(|c| c.emotions.warmth),
                    ambivalence: answered_mean(|c| c.emotions.ambivalence),
                },
                triggers_total: days.iter().map(|c| c.triggers.max(0) as u32).sum(),
                repair_moments: days.iter().filter(|c| c.repair_moment).count() as u32,
            }
        })
        .collect()
}

/// A neutral title for each pattern; every one is a self-report summary.
pub fn dynamic_title(kind: DynamicKind) -> &'static str {
    match kind {
        DynamicKind::CollidingTrajectories => "Phases far apart (colliding trajectories)",
        DynamicKind::InsufficientData => "Too few shared days to compare",
        DynamicKind::LeaningInTogether => "Leaning in together",
        DynamicKind::MutualWithdrawal => "Both leaning out (mutual withdrawal)",
        DynamicKind::OpAmbivalence => "Ambivalence of the partner who broke trust",
        DynamicKind::PursueWithdraw => {
            "One moving closer as the other moves away (pursue-withdraw)"
        }
        DynamicKind::TurnTaking => "Taking turns leaning in and out",
    }
}

/// The rule behind each pattern, in plain words, for the report's legend.
pub fn dynamic_rule(kind: DynamicKind) -> &'static str {
    match kind {
        DynamicKind::CollidingTrajectories => "the partners' phases differ by two or more, or the partner who broke trust is in phase 3 or 4 while the partner who was hurt is in phase 1",
        DynamicKind::InsufficientData => "fewer than 3 days in the last 7 on which both shared their numbers",
        DynamicKind::LeaningInTogether => "on at least 4 of the last 7 shared days both stances were +1 or higher",
        DynamicKind::MutualWithdrawal => "on at least 3 of the last 7 shared days both stances were -1 or lower",
        DynamicKind::OpAmbivalence => "over 14 days the stance of the partner who broke trust changed sign 3 or more times, or their ambivalence was 3 or more on 3 of the last 7 days",
        DynamicKind::PursueWithdraw => "over the last 7 days one stance rose by at least 0.3 a day while the other fell by at least 0.3 a day",
        DynamicKind::TurnTaking => "on at least 3 of the last 7 shared days one partner leaned in (+1 or more) while the other leaned out (-1 or less)",
    }
}

fn episodes(timeline: &[DayReport]) -> Vec<Episode> {
    let mut open: BTreeMap<DynamicKind, Episode> = BTreeMap::new();
    let mut out = Vec::new();
    for day in timeline {
        let today: Vec<DynamicKind> = day
            .dynamics
            .iter()
            .map(|d| d.kind)
            .filter(|k| *k != DynamicKind::InsufficientData)
            .collect();
        let ended: Vec<DynamicKind> = open
            .keys()
            .copied()
            .filter(|k| !today.contains(k))
            .collect();
        for k in ended {
            out.extend(open.remove(&k));
        }
        for k in today {
            let e = open.entry(k).or_insert_with(|| Episode {
                kind: k,
                severity: k.severity(),
                title: dynamic_title(k).to_owned(),
                from: day.date,
                to: day.date,
                days: 0,
            });
            e.to = day.date;
            e.days += 1;
        }
    }
    out.extend(open.into_values());
    out.sort_by_key(|e| (e.from, e.kind));
    out
}

fn tasks(src: &Source, to: NaiveDate) -> Vec<TaskOut> {
    let mut out: Vec<TaskOut> = src
        .tasks
        .iter()
        .filter(|t| t.visibility.with_therapist() && t.date <= to)
        .map(|t| {
            let task = t.task.task();
            TaskOut {
                id: t.task,
                phase: task.phase.number(),
                title: task.title.to_string(),
                required: task.required,
                done: t.done,
                date: t.date,
            }
        })
        .collect();
    out.sort_by_key(|t| t.id);
    out
}

fn notes(src: &Source, mine: &[CheckIn], from: NaiveDate, to: NaiveDate) -> Vec<NoteOut> {
    let checkin_notes = mine.iter().filter(|c| {
        in_range(c.date, from, to) && c.share.note.with_therapist() && !c.note.trim().is_empty()
    });
    let mut out: Vec<NoteOut> = checkin_notes
        .map(|c| NoteOut {
            date: c.date,
            source: "check-in".to_owned(),
            text: c.note.clone(),
        })
        .chain(
            src.journal
                .iter()
                .filter(|j| {
                    in_range(j.date, from, to)
                        && j.visibility.with_therapist()
                        && !j.text.trim().is_empty()
                })
                .map(|j| NoteOut {
                    date: j.date,
                    source: "journal".to_owned(),
                    text: j.text.clone(),
                }),
        )
        .collect();
    out.sort_by(|a, b| (a.date, &a.source).cmp(&(b.date, &b.source)));
    out
}
