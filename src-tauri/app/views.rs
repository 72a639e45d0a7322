//! What "My arc", "Together" and "Guidance" show, built from the model's answers.
//! These structs cross IPC as they are (ts-rs writes their TypeScript twins).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::arc::{self, View};
use super::couple;
use super::shared_view::{self, Author, SharedItem};
use super::words;
use super::AppState;
use crate::error::AppResult;
use crate::model::{
    self, Change, Detection, Phase, Prompt, Readiness, Role, Severity, Trends, Visibility,
};

#[derive(Debug, Clone, Serialize, TS)]
pub struct TaskView {
    pub id: model::TaskId,
    pub phase: Phase,
    pub title: String,
    pub detail: String,
    pub required: bool,
    pub done: bool,
    /// Who sees this partner's mark; none before the task was ever marked.
    pub visibility: Option<Visibility>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ArcEventView {
    pub date: NaiveDate,
    /// The event in plain words, e.g. "You moved on to phase 2".
    pub words: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SuggestedReturn {
    pub phase: Phase,
    /// The date of the rupture that suggests it.
    pub since: NaiveDate,
}

/// What "My arc" shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ArcView {
    pub role: Role,
    pub phase: Phase,
    pub partner_phase: Phase,
    pub tasks: Vec<TaskView>,
    pub readiness: Readiness,
    /// The phase's signal, in words, when it does not hold yet.
    pub signal_words: String,
    /// Whether advancing would be accepted now.
    pub can_advance: bool,
    /// Why a ready partner waits (the next phase waits for both).
    pub advance_note: Option<String>,
    pub events: Vec<ArcEventView>,
    pub suggested_return: Option<SuggestedReturn>,
    pub trends: Trends,
    /// The day this partner said "ready to rebuild together", while it stands.
    pub declared_on: Option<NaiveDate>,
    /// Whether they may say it now (in `process`, ready, none standing).
    pub can_declare: bool,
    /// Whether moving on now would put the two phases far apart: the app says so and
    /// asks again before it records the advance.
    pub advance_collides: bool,
    /// A parting is recorded: readiness is not computed (the screen shows none of it).
    pub parted: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PhaseSpan {
    pub from: NaiveDate,
    /// 1–4
    pub phase: u8,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ChartData {
    pub dates: Vec<NaiveDate>,
    /// My stance shared with my partner, per date (null where not shared).
    pub mine: Vec<Option<i32>>,
    pub partner: Vec<Option<i32>>,
    pub my_phases: Vec<PhaseSpan>,
    pub partner_phases: Vec<PhaseSpan>,
    pub ruptures: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DynamicView {
    pub kind: model::DynamicKind,
    pub severity: Severity,
    pub since: NaiveDate,
    pub title: String,
    /// Why it shows, from the shared numbers it used.
    pub explanation: String,
    /// Prompts for the partner looking at it.
    pub guidance: Vec<String>,
}

/// What "Together" shows: only what both chose to share.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TogetherView {
    pub chart: ChartData,
    pub dynamics: Vec<DynamicView>,
    /// Notes, journal entries and task marks either partner shared, newest first.
    pub shared: Vec<SharedItem>,
    pub partner_shares_nothing: bool,
    pub i_share_nothing: bool,
    /// A parting is recorded: no patterns, and nothing new is shared by either partner.
    pub parted: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GuidanceView {
    pub phase: Phase,
    pub role: Role,
    pub phase_prompts: Vec<Prompt>,
    pub dynamics: Vec<DynamicView>,
    /// Once a parting is recorded: ending well, instead of the phase's prompts.
    pub ending: Vec<model::EndingTopic>,
}

pub fn arc_view(state: &AppState) -> AppResult<ArcView> {
    let View {
        loaded,
        status,
        can_advance,
        waiting_for_partner,
        parting,
    } = arc::view(state)?;
    let alone = alone(state)?;
    let role = loaded.role;
    let phase = *status.day.phase.get(role);
    let marks: BTreeMap<model::TaskId, (bool, Visibility)> = loaded
        .task_states
        .iter()
        .map(|t| (t.task, (t.done, t.visibility)))
        .collect();
    let tasks = model::catalogue()
        .iter()
        .filter(|t| t.id.belongs_to(role))
        .map(|t| TaskView {
            id: t.id,
            phase: t.phase,
            title: t.title.to_string(),
            detail: t.detail.to_string(),
            required: t.required,
            done: marks.get(&t.id).is_some_and(|m| m.0),
            visibility: marks.get(&t.id).map(|m| m.1),
        })
        .collect();
    let readiness = status.readiness.get(role).clone();
    let declared_on = loaded
        .history
        .events
        .iter()
        .rev()
        .find(|e| e.partner == role && e.change == Change::ReadyToRebuild)
        .map(|e| e.date);
    let mut events = Vec::new();
    let mut suggested_return = None;
    for e in loaded.history.events.iter() {
        if let Some(text) = words::event(e, role) {
            events.push(ArcEventView {
                date: e.date,
                words: text,
            });
        }
        match &e.change {
            // A rupture by either partner suggests a return; a later step back to (or
            // below) that phase, or an advance past it, answers the suggestion.
            Change::Rupture { what, .. } => {
                let target = what.belongs_to();
                suggested_return = Some(SuggestedReturn {
                    phase: target,
                    since: e.date,
                });
            }
            Change::StepBack { .. } | Change::Advance if e.partner == role => {
                suggested_return = None;
            }
            _ => {}
        }
    }
    // After a parting the phases no longer move: no return is suggested.
    if parting.is_some() || suggested_return.as_ref().is_some_and(|s| s.phase >= phase) {
        suggested_return = None;
    }
    Ok(ArcView {
        role,
        phase,
        partner_phase: *status.day.phase.get(role.other()),
        tasks,
        signal_words: words::signal(&readiness.signal),
        readiness,
        can_advance,
        advance_note: waiting_for_partner.then(|| {
            if alone {
                words::alone_note()
            } else {
                words::waiting_note(phase)
            }
        }),
        events,
        suggested_return,
        trends: {
            // The partner's own trigger log, counted into their own trends only.
            let mut t = model::trends(&loaded.my_checkins, loaded.today);
            let (log, _) = super::triggers::own(state)?;
            model::count_logged(&mut t, log.iter().map(|e| e.date));
            t
        },
        declared_on: status
            .day
            .rebuild
            .get(role)
            .then_some(declared_on)
            .flatten(),
        can_declare: *status.can_declare.get(role),
        // Alone, the other phase is only the model's starting value: nothing to collide.
        advance_collides: !alone && *status.would_collide.get(role),
        parted: parting.is_some(),
    })
}

pub fn together_view(state: &AppState) -> AppResult<TogetherView> {
    let View {
        loaded,
        status,
        parting,
        ..
    } = arc::view(state)?;
    let role = loaded.role;
    let timeline = arc::timeline(&loaded, parting.as_ref());

    // The chart: dates from the first shared stance (or phase change) through today.
    let mine: BTreeMap<NaiveDate, i32> = loaded
        .my_checkins
        .iter()
        .filter(|c| c.share.numbers.with_partner())
        .map(|c| (c.date, c.stance))
        .collect();
    let partner: BTreeMap<NaiveDate, i32> = loaded
        .partner_shared
        .iter()
        .filter_map(|s| s.numbers.as_ref().map(|n| (s.date, n.stance)))
        .collect();
    let first = mine
        .keys()
        .next()
        .copied()
        .into_iter()
        .chain(partner.keys().next().copied())
        .min();
    let mut chart = ChartData {
        dates: Vec::new(),
        mine: Vec::new(),
        partner: Vec::new(),
        my_phases: Vec::new(),
        partner_phases: Vec::new(),
        ruptures: loaded
            .history
            .events
            .iter()
            .filter(|e| matches!(e.change, Change::Rupture { .. }))
            .map(|e| e.date)
            .collect(),
    };
    if let Some(first) = first {
        for day in timeline.iter().filter(|d| d.date >= first) {
            chart.dates.push(day.date);
            chart.mine.push(mine.get(&day.date).copied());
            chart.partner.push(partner.get(&day.date).copied());
            push_span(&mut chart.my_phases, day.date, *day.phase.get(role));
            push_span(
                &mut chart.partner_phases,
                day.date,
                *day.phase.get(role.other()),
            );
        }
    }

    let shared = shared_view::items(state, &loaded)?;
    let partner_shares_nothing =
        loaded.partner_shared.is_empty() && !shared.iter().any(|i| i.author == Author::Partner);
    let i_share_nothing = !loaded
        .my_checkins
        .iter()
        .any(|c| c.share.numbers.with_partner())
        && !shared.iter().any(|i| i.author == Author::Me);
    Ok(TogetherView {
        chart,
        dynamics: if alone(state)? {
            Vec::new()
        } else {
            dynamics(&status.day.dynamics, role)
        },
        shared,
        partner_shares_nothing,
        i_share_nothing,
        parted: parting.is_some(),
    })
}

pub fn guidance_view(state: &AppState) -> AppResult<GuidanceView> {
    let View {
        loaded,
        status,
        parting,
        ..
    } = arc::view(state)?;
    let role = loaded.role;
    let phase = *status.day.phase.get(role);
    let found = if alone(state)? {
        &[][..]
    } else {
        &status.day.dynamics[..]
    };
    // After a parting the guidance is about ending well (the same for both partners).
    let (phase_prompts, ending) = match parting {
        Some(_) => (Vec::new(), model::apart().ending.clone()),
        None => (model::phase_prompts(phase, role).to_vec(), Vec::new()),
    };
    Ok(GuidanceView {
        phase,
        role,
        phase_prompts,
        ending,
        dynamics: dynamics(found, role)
            .into_iter()
            .filter(|d| !d.guidance.is_empty())
            .collect(),
    })
}

/// No second profile (yet, or ever): patterns between two people are not computed for
/// one, and the phase-4 gate is explained as what it is.
fn alone(state: &AppState) -> AppResult<bool> {
    Ok(couple::me(state)?.partner.is_none())
}

fn push_span(spans: &mut Vec<PhaseSpan>, date: NaiveDate, phase: Phase) {
    if spans.last().map(|s| s.phase) != Some(phase.number()) {
        spans.push(PhaseSpan {
            from: date,
            phase: phase.number(),
        });
    }
}

fn dynamics(found: &[Detection], role: Role) -> Vec<DynamicView> {
    found
        .iter()
        .map(|d| DynamicView {
            kind: d.kind,
            severity: d.severity,
            since: d.since,
            title: words::dynamic_title(d.kind).to_string(),
            explanation: words::explain(d, role),
            guidance: model::dynamic_prompts(*d.guidance.get(role)).to_vec(),
        })
        .collect()
}
