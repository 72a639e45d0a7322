//! Runs a scenario through the model, day by day, and renders what the app would
//! show: as JSON (MODEL.md "Scenarios") or as a table for people.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::dynamics::{DynamicKind, Severity};
use super::engine::{CoupleState, DayReport};
use super::error::ModelError;
use super::phase::Phase;
use super::role::{Pair, Role};
use super::scenario::{EventKind, Scenario, ScenarioError, ScenarioEvent};

/// One replayed day: the report, plus what the table shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayDay {
    pub report: DayReport,
    /// Each partner's stance that day, if they checked in (shared or not).
    pub stance: Pair<Option<i32>>,
    /// What happened that day, in words (advances, step backs, ruptures, declarations).
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    pub names: Pair<String>,
    pub days: Vec<ReplayDay>,
}

/// Replays `scenario`. An `advance`, `step_back`, `ready_to_rebuild` or `withdraw_ready`
/// the rules do not allow is an error naming the event's path, its day and the rule.
pub fn replay(scenario: &Scenario) -> Result<Replay, ScenarioError> {
    let names = Pair::new(
        scenario.partners.op.name.clone(),
        scenario.partners.ap.name.clone(),
    );
    let Some(last) = scenario.last_day() else {
        return Ok(Replay {
            names,
            days: Vec::new(),
        });
    };
    let by_day: BTreeMap<u32, usize> = scenario
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| (d.day, i))
        .collect();
    let mut events_by_day: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, e) in scenario.events.iter().enumerate() {
        events_by_day.entry(e.day).or_default().push(i);
    }

    let mut state = CoupleState::new(scenario.start);
    let mut days = Vec::with_capacity(last as usize + 1);
    for n in 0..=last {
        let date = state.date();
        let mut stance = Pair::new(None, None);
        if let Some(day) = by_day.get(&n).map(|i| &scenario.days[*i]) {
            for role in Role::BOTH {
                let Some(entry) = day.entry(role) else {
                    continue;
                };
                for task in &entry.done {
                    state.mark(role, *task, true);
                }
                for task in &entry.undone {
                    state.mark(role, *task, false);
                }
                if let Some(checkin) = entry.check_in(date) {
                    *stance.get_mut(role) = Some(checkin.stance);
                    state.check_in(role, &checkin);
                }
            }
        }
        let mut notes = Vec::new();
        for &i in events_by_day.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
            let event = &scenario.events[i];
            let change = event.change();
            let before = *state.phases().get(event.partner);
            let name = names.get(event.partner);
            let why = why_not(&state, event.partner, &names, event.kind);
            match state.apply(event.partner, &change) {
                Ok(after) => notes.push(describe(name, event, before, after)),
                Err(e) => return Err(event_error(i, event, date, name, &e, &why)),
            }
        }
        days.push(ReplayDay {
            report: state.close_day(),
            stance,
            events: notes,
        });
    }
    Ok(Replay { names, days })
}

fn describe(name: &str, event: &ScenarioEvent, before: Phase, after: Phase) -> String {
    let reason = event
        .reason
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    match event.kind {
        EventKind::Advance => format!("{name} moved on to {}", after.number()),
        EventKind::StepBack => {
            format!(
                "{name} stepped back from {} to {}{reason}",
                before.number(),
                after.number()
            )
        }
        EventKind::Rupture => format!("{name} recorded a rupture{reason}"),
        EventKind::ReadyToRebuild => format!("{name} declared ready to rebuild together"),
        EventKind::WithdrawReady => format!("{name} withdrew their declaration"),
    }
}

/// What stands between `role` and an advance (or a declaration) right now, for
/// scenario authors.
fn why_not(state: &CoupleState, role: Role, names: &Pair<String>, kind: EventKind) -> String {
    let r = state.readiness(role);
    let mut open = Vec::new();
    if !r.missing_tasks.is_empty() {
        let ids: Vec<&str> = r.missing_tasks.iter().map(|t| t.as_str()).collect();
        open.push(format!("tasks not done: {}", ids.join(", ")));
    }
    if r.checkins < r.checkins_needed {
        open.push(format!(
            "{} of the {} check-ins needed in the last 7 days",
            r.checkins, r.checkins_needed
        ));
    }
    if !r.signal_held {
        open.push(format!(
            "signal not held: {}",
            serde_json::to_string(&r.signal).unwrap_or_default()
        ));
    }
    // Into renew, the gate reads the other partner's declaration, never their readiness.
    if kind == EventKind::Advance && *state.phases().get(role) == Phase::Process {
        let other = role.other();
        let other_phase = state.phases().get(other).number();
        let declared = if *state.declared().get(other) {
            "with a standing declaration"
        } else {
            "without a standing declaration"
        };
        open.push(format!(
            "{} is in phase {other_phase}, {declared}",
            names.get(other)
        ));
    }
    open.join("; ")
}

fn event_error(
    i: usize,
    event: &ScenarioEvent,
    date: NaiveDate,
    name: &str,
    e: &ModelError,
    why: &str,
) -> ScenarioError {
    let what = match event.kind {
        EventKind::Advance => "advance",
        EventKind::StepBack => "step back",
        EventKind::Rupture => "record a rupture",
        EventKind::ReadyToRebuild => "declare ready to rebuild together",
        EventKind::WithdrawReady => "withdraw a declaration",
    };
    let rule = match e {
        ModelError::NotAllowed { rule, .. } => rule.id(),
        ModelError::Invalid { .. } => "invalid",
    };
    let detail = match event.kind {
        EventKind::Advance | EventKind::ReadyToRebuild if !why.is_empty() => format!(" ({why})"),
        _ => String::new(),
    };
    ScenarioError::new(
        format!("events[{i}]"),
        format!(
            "day {} ({date}): {name} ({}) cannot {what}: rule {rule}: {}{detail}",
            event.day,
            event.partner.id(),
            e.message()
        ),
    )
}

#[derive(Serialize)]
struct JsonDay {
    date: NaiveDate,
    phase: Pair<u8>,
    ready: Pair<bool>,
    rebuild: Pair<bool>,
    dynamics: Vec<JsonDynamic>,
}

#[derive(Serialize)]
struct JsonDynamic {
    kind: DynamicKind,
    severity: Severity,
    since: NaiveDate,
}

impl Replay {
    /// `{"days":[…]}` with one day per line, so golden files diff line by line.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"days\":[");
        for (i, d) in self.days.iter().enumerate() {
            let r = &d.report;
            let day = JsonDay {
                date: r.date,
                phase: Pair::new(r.phase.op.number(), r.phase.ap.number()),
                ready: r.ready,
                rebuild: r.rebuild,
                dynamics: r
                    .dynamics
                    .iter()
                    .map(|x| JsonDynamic {
                        kind: x.kind,
                        severity: x.severity,
                        since: x.since,
                    })
                    .collect(),
            };
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            // Plain data of known types: serializing it cannot fail.
            out.push_str(&serde_json::to_string(&day).unwrap_or_default());
        }
        if !self.days.is_empty() {
            out.push('\n');
        }
        out.push_str("]}\n");
        out
    }

    /// A table for people: one line per day.
    pub fn to_table(&self) -> String {
        let (op, ap) = (&self.names.op, &self.names.ap);
        // Wide enough for the longest cell, "3 +3 ready rebuild".
        let w_op = op.chars().count().max(18);
        let w_ap = ap.chars().count().max(18);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{op} is the partner who broke trust; {ap} is the partner who was hurt."
        );
        let _ = writeln!(
            out,
            "Each partner's column: phase (1-4), the day's stance (-3..+3, \".\" = no check-in), \"ready\" when they look ready to move on, and \"rebuild\" while their \"ready to rebuild together\" stands."
        );
        let _ = writeln!(
            out,
            "Phases: 1 {}, 2 {}, 3 {}, 4 {}.",
            Phase::Stabilize.title(),
            Phase::Account.title(),
            Phase::Process.title(),
            Phase::Renew.title()
        );
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:>5}  {:<10}  {:<w_op$}  {:<w_ap$}  patterns (since) | events",
            "day", "date", op, ap
        );
        for (n, d) in self.days.iter().enumerate() {
            let r = &d.report;
            let cell = |role: Role| {
                let stance = d.stance.get(role).map_or(".".to_string(), |s| match s {
                    0 => "0".to_string(),
                    s => format!("{s:+}"),
                });
                let ready = if *r.ready.get(role) { " ready" } else { "" };
                let rebuild = if *r.rebuild.get(role) { " rebuild" } else { "" };
                format!("{} {stance}{ready}{rebuild}", r.phase.get(role).number())
            };
            let patterns: Vec<String> = r
                .dynamics
                .iter()
                .map(|x| {
                    if x.since == r.date {
                        x.kind.id().to_string()
                    } else {
                        format!("{} ({})", x.kind.id(), x.since)
                    }
                })
                .collect();
            let mut tail = patterns.join(", ");
            if !d.events.is_empty() {
                tail.push_str(" | ");
                tail.push_str(&d.events.join("; "));
            }
            let line = format!(
                "{:>5}  {}  {:<w_op$}  {:<w_ap$}  {}",
                n,
                r.date,
                cell(Role::Op),
                cell(Role::Ap),
                tail
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }
}
