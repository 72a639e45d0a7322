//! Scenario files (MODEL.md "Scenarios"): a couple over time, as JSON. Parsing and
//! checking only; `replay` runs them. Text in, values out: reading the file is the
//! caller's job, so the model stays free of I/O.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::checkin::{CheckIn, Emotions, Safety, Share, Visibility};
use super::error::ModelError;
use super::history::{CoupleHistory, TaskMark};
use super::phase::Phase;
use super::progress::{ArcEvent, Change, RuptureKind};
use super::role::Role;
use super::tasks::TaskId;

/// Larger files are refused before parsing. Ten years of both partners' check-ins
/// fit in about 1 MiB.
pub const MAX_SCENARIO_BYTES: usize = 8 * 1024 * 1024;
/// About a hundred years: the output has one line per day, so the day number is capped.
pub const MAX_DAY: u32 = super::rules::MAX_SPAN_DAYS;

/// A problem with a scenario, with the JSON path of the part at fault
/// (`days[3].op.stance`; `.` for the whole file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        ScenarioError {
            path: path.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub start: NaiveDate,
    pub partners: Partners,
    pub days: Vec<ScenarioDay>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<ScenarioEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partners {
    pub op: PartnerInfo,
    pub ap: PartnerInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerInfo {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDay {
    /// Counts from `start`.
    pub day: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Entry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ap: Option<Entry>,
}

impl ScenarioDay {
    pub fn entry(&self, role: Role) -> Option<&Entry> {
        match role {
            Role::Op => self.op.as_ref(),
            Role::Ap => self.ap.as_ref(),
        }
    }
}

/// A field that is present, even as `null`, is `Some`: `"safety": null` names a check-in.
fn present<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// One partner on one day: a check-in (omitted fields take MODEL.md's defaults: stance 0,
/// every feeling and safety unanswered, nothing shared) plus
/// tasks marked done or not done. With no check-in field at all, no check-in is recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emotions: Option<Emotions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triggers: Option<i32>,
    /// `Some(None)` is a `null` in the file: unanswered, but still a check-in field.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub safety: Option<Option<Safety>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_moment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<TaskId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Visibility of the numbers; the note stays private in scenarios.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Visibility>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<TaskId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub undone: Vec<TaskId>,
}

impl Entry {
    fn has_check_in(&self) -> bool {
        self.stance.is_some()
            || self.emotions.is_some()
            || self.triggers.is_some()
            || self.safety.is_some()
            || self.repair_moment.is_some()
            || self.tasks.is_some()
            || self.note.is_some()
            || self.share.is_some()
    }

    /// The check-in this entry records on `date`, if any.
    pub fn check_in(&self, date: NaiveDate) -> Option<CheckIn> {
        self.has_check_in().then(|| CheckIn {
            date,
            stance: self.stance.unwrap_or(0),
            emotions: self.emotions.unwrap_or_default(),
            triggers: self.triggers.unwrap_or(0),
            safety: self.safety.flatten(),
            repair_moment: self.repair_moment.unwrap_or(false),
            tasks: self.tasks.clone().unwrap_or_default(),
            note: self.note.clone().unwrap_or_default(),
            share: Share {
                numbers: self.share.unwrap_or(Visibility::Private),
                note: Visibility::Private,
            },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Advance,
    StepBack,
    Rupture,
    ReadyToRebuild,
    WithdrawReady,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioEvent {
    pub day: u32,
    pub partner: Role,
    pub kind: EventKind,
    /// For `step_back`: the phase number to return to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u8>,
    /// For `rupture` (and, optionally, `step_back`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ScenarioEvent {
    /// The change this event asks for.
    pub fn change(&self) -> Change {
        match self.kind {
            EventKind::Advance => Change::Advance,
            EventKind::StepBack => Change::StepBack {
                to: self.to.and_then(Phase::from_number),
                reason: self.reason.clone(),
            },
            EventKind::Rupture => Change::Rupture {
                what: self
                    .reason
                    .as_deref()
                    .map_or(RuptureKind::Other, RuptureKind::from_reason),
                reason: self.reason.clone(),
                agreement: None,
            },
            EventKind::ReadyToRebuild => Change::ReadyToRebuild,
            EventKind::WithdrawReady => Change::WithdrawReady,
        }
    }
}

impl Scenario {
    /// The scenario as a couple's history, e.g. to seed the demo couple into a store.
    /// Events are taken as recorded; `replay` is what checks them against the rules.
    pub fn to_history(&self) -> CoupleHistory {
        let mut h = CoupleHistory {
            start: Some(self.start),
            ..CoupleHistory::default()
        };
        let mut days: Vec<&ScenarioDay> = self.days.iter().collect();
        days.sort_by_key(|d| d.day);
        for d in days {
            let date = self.date_of(d.day).unwrap_or(self.start);
            for role in Role::BOTH {
                let Some(entry) = d.entry(role) else { continue };
                let partner = match role {
                    Role::Op => &mut h.op,
                    Role::Ap => &mut h.ap,
                };
                let done = entry.done.iter().map(|t| (t, true));
                let undone = entry.undone.iter().map(|t| (t, false));
                for (task, done) in done.chain(undone) {
                    partner.marks.push(TaskMark {
                        date,
                        task: *task,
                        done,
                    });
                }
                partner.checkins.extend(entry.check_in(date));
            }
        }
        let mut events: Vec<&ScenarioEvent> = self.events.iter().collect();
        events.sort_by_key(|e| e.day); // stable: file order within a day
        h.events = events
            .into_iter()
            .map(|e| ArcEvent {
                date: self.date_of(e.day).unwrap_or(self.start),
                partner: e.partner,
                change: e.change(),
            })
            .collect();
        h
    }

    /// Parses and checks a scenario. Every error names the JSON path at fault.
    pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_SCENARIO_BYTES {
            return Err(too_large(text.len() as u64));
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::new(path, e.into_inner().to_string())
        })?;
        de.end()
            .map_err(|e| ScenarioError::new(".", e.to_string()))?;
        scenario.check()?;
        Ok(scenario)
    }

    /// The date of day `n`, if the calendar has it.
    pub fn date_of(&self, day: u32) -> Option<NaiveDate> {
        self.start.checked_add_days(Days::new(u64::from(day)))
    }

    /// The last day named in `days` or `events`.
    pub fn last_day(&self) -> Option<u32> {
        let days = self.days.iter().map(|d| d.day);
        days.chain(self.events.iter().map(|e| e.day)).max()
    }

    /// Every rule that does not need the replay: day numbers, check-in content, task
    /// roles, event fields. (Whether an event is allowed is for the replay to say.)
    fn check(&self) -> Result<(), ScenarioError> {
        let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
        for (i, d) in self.days.iter().enumerate() {
            self.check_day_number(d.day, &format!("days[{i}].day"))?;
            if let Some(first) = seen.insert(d.day, i) {
                return Err(ScenarioError::new(
                    format!("days[{i}].day"),
                    format!("day {} is listed twice (also at days[{first}])", d.day),
                ));
            }
            for role in Role::BOTH {
                if let Some(entry) = d.entry(role) {
                    let at = format!("days[{i}].{}", role.id());
                    self.check_entry(entry, role, d.day, &at)?;
                }
            }
        }
        for (i, e) in self.events.iter().enumerate() {
            let at = format!("events[{i}]");
            self.check_day_number(e.day, &format!("{at}.day"))?;
            if e.to.is_some() && e.kind != EventKind::StepBack {
                return Err(ScenarioError::new(
                    format!("{at}.to"),
                    "only a step_back takes `to`",
                ));
            }
            if let Some(to) = e.to {
                if !(1..=4).contains(&to) {
                    return Err(ScenarioError::new(
                        format!("{at}.to"),
                        format!("phase {to} does not exist; phases are numbered 1 to 4"),
                    ));
                }
            }
            let takes_reason = matches!(e.kind, EventKind::StepBack | EventKind::Rupture);
            if e.reason.is_some() && !takes_reason {
                return Err(ScenarioError::new(
                    format!("{at}.reason"),
                    "only a step_back or a rupture takes a `reason`",
                ));
            }
        }
        Ok(())
    }

    fn check_day_number(&self, day: u32, at: &str) -> Result<(), ScenarioError> {
        if day > MAX_DAY || self.date_of(day).is_none() {
            return Err(ScenarioError::new(
                at,
                format!("day {day} is too far from the start; days go up to {MAX_DAY}"),
            ));
        }
        Ok(())
    }

    fn check_entry(
        &self,
        entry: &Entry,
        role: Role,
        day: u32,
        at: &str,
    ) -> Result<(), ScenarioError> {
        for (list, name) in [(&entry.done, "done"), (&entry.undone, "undone")] {
            for (j, task) in list.iter().enumerate() {
                if !task.belongs_to(role) {
                    return Err(ScenarioError::new(
                        format!("{at}.{name}[{j}]"),
                        format!("{task} is not a task of the {} partner", role.id()),
                    ));
                }
            }
        }
        if let Some(j) = entry.undone.iter().position(|t| entry.done.contains(t)) {
            return Err(ScenarioError::new(
                format!("{at}.undone[{j}]"),
                format!(
                    "{} is marked both done and not done on the same day",
                    entry.undone[j]
                ),
            ));
        }
        let date = self.date_of(day).unwrap_or(self.start);
        if let Some(checkin) = entry.check_in(date) {
            // Every check-in rule except "not after today": a scenario may lie ahead.
            checkin.validate_content(role).map_err(|e| match e {
                ModelError::Invalid { field, message } => {
                    ScenarioError::new(format!("{at}.{field}"), message)
                }
                other => ScenarioError::new(at, other.to_string()),
            })?;
        }
        Ok(())
    }
}

fn too_large(len: u64) -> ScenarioError {
    ScenarioError::new(
        ".",
        format!("the file is {len} bytes; scenarios can be at most {MAX_SCENARIO_BYTES} bytes"),
    )
}

/// For callers that know the size before reading (the `arc` tool checks the file's
/// length first, so a huge file is never read into memory).
pub fn check_size(len: u64) -> Result<(), ScenarioError> {
    if len > MAX_SCENARIO_BYTES as u64 {
        return Err(too_large(len));
    }
    Ok(())
}
