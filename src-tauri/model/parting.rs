//! Parting (docs/MODEL-NOTES.md, "Together or apart"). A parting sits beside the
//! phases, not after them: it is a decision a partner records, not a place the arc
//! leads to. Once recorded, the phases stand as the recorded events left them on that
//! day, and nothing more is computed for the couple: no readiness, no pattern, no gate.
//! The guidance turns to ending well. The reflection prompts and that guidance are data
//! (`apart.json`), like the rest of the catalogue.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::engine::DayReport;
use super::guidance::Prompt;
use super::history::{CoupleHistory, CoupleStatus, PartnerHistory};
use super::phase::Phase;
use super::readiness::{readiness, OwnWindow, Readiness, TaskSet};
use super::role::{Pair, Role};

const DATA: &str = include_str!("apart.json");

/// The words a partner chose for the decision; both show as they are to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum PartingWords {
    /// "We have decided to part."
    WeHaveDecidedToPart,
    /// "I have decided to leave."
    IHaveDecidedToLeave,
}

impl PartingWords {
    pub fn sentence(self) -> &'static str {
        match self {
            PartingWords::WeHaveDecidedToPart => "We have decided to part.",
            PartingWords::IHaveDecidedToLeave => "I have decided to leave.",
        }
    }
}

/// A recorded parting: the day, who recorded it and their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Parting {
    pub date: NaiveDate,
    pub by: Role,
    pub words: PartingWords,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ReflectionPrompt {
    pub id: String,
    pub text: String,
}

/// One topic of ending well, with its prompts (the same for both partners).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct EndingTopic {
    pub id: String,
    pub title: String,
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apart {
    pub reflection: Vec<ReflectionPrompt>,
    pub ending: Vec<EndingTopic>,
}

/// The embedded reflection prompts and ending-well guidance, parsed once (a test rules
/// out a parse failure; it would show no prompts, never crash).
pub fn apart() -> &'static Apart {
    static DATA_PARSED: OnceLock<Apart> = OnceLock::new();
    DATA_PARSED.get_or_init(|| serde_json::from_str(DATA).unwrap_or_default())
}

impl CoupleHistory {
    /// The couple's status once parted. The phases are those the recorded events left
    /// on the day of the parting (no check-in or task is read); readiness is not
    /// computed (shown as not ready, with nothing counted), and there are no patterns,
    /// no "ready to rebuild together", no advance and no collision.
    pub fn status_parted(&self, parting: &Parting) -> CoupleStatus {
        let events_only = CoupleHistory {
            start: self.start,
            op: PartnerHistory::default(),
            ap: PartnerHistory::default(),
            events: self
                .events
                .iter()
                .filter(|e| e.date <= parting.date)
                .cloned()
                .collect(),
        };
        let phase = events_only.phase_at(parting.date);
        let none = Pair::new(false, false);
        CoupleStatus {
            day: DayReport {
                date: parting.date,
                phase,
                ready: none,
                rebuild: none,
                dynamics: Vec::new(),
            },
            readiness: Pair::new(
                not_computed(Role::Op, phase.op),
                not_computed(Role::Ap, phase.ap),
            ),
            can_advance: none,
            can_declare: none,
            would_collide: none,
        }
    }

    /// One report per day up to `to`, as far as a parting lets anything be computed:
    /// with `parted_on` at or before `to`, no day after it, and on its day the phases
    /// alone (no readiness, declaration or pattern), as `status_parted` gives them.
    /// The days before it are the model's, unchanged.
    pub fn timeline_until_parting(
        &self,
        to: NaiveDate,
        parted_on: Option<NaiveDate>,
    ) -> Vec<DayReport> {
        let Some(last) = parted_on.filter(|p| *p <= to) else {
            return self.timeline(to);
        };
        let mut days = self.timeline(last);
        if let Some(day) = days.last_mut().filter(|d| d.date == last) {
            let none = Pair::new(false, false);
            day.ready = none;
            day.rebuild = none;
            day.dynamics.clear();
        }
        days
    }

    fn phase_at(&self, date: NaiveDate) -> Pair<Phase> {
        if self.events.is_empty() {
            return Pair::new(Phase::Stabilize, Phase::Stabilize);
        }
        self.status(date).day.phase
    }
}

/// A readiness that counts nothing: the fields the screens read, all empty.
fn not_computed(role: Role, phase: Phase) -> Readiness {
    let mut r = readiness(role, phase, &TaskSet::default(), &OwnWindow::default());
    r.ready = false;
    r.missing_tasks.clear();
    r.checkins_needed = 0;
    r
}

#[cfg(test)]
mod tests {
    use super::super::guidance::PromptKind;
    use super::*;

    use super::super::checkin::{CheckIn, Share, Visibility};
    use super::super::dynamics::DynamicKind;
    use super::super::progress::{ArcEvent, Change};

    fn leaning_out(date: NaiveDate) -> CheckIn {
        CheckIn {
            stance: -2,
            share: Share {
                numbers: Visibility::Partner,
                note: Visibility::Private,
            },
            ..CheckIn::neutral(date)
        }
    }

    #[test]
    fn a_pattern_that_shows_before_a_parting_shows_no_more_after_it() {
        let day = |n: u32| NaiveDate::from_ymd_opt(2026, 3, n).unwrap();
        let mut h = CoupleHistory::default();
        for n in 1..=6 {
            h.op.checkins.push(leaning_out(day(n)));
            h.ap.checkins.push(leaning_out(day(n)));
        }
        h.events.push(ArcEvent {
            date: day(2),
            partner: Role::Op,
            change: Change::Advance,
        });
        let before = h.status(day(6));
        assert!(before
            .day
            .dynamics
            .iter()
            .any(|d| d.kind == DynamicKind::MutualWithdrawal));
        let parting = Parting {
            date: day(6),
            by: Role::Ap,
            words: PartingWords::WeHaveDecidedToPart,
        };
        let after = h.status_parted(&parting);
        assert!(after.day.dynamics.is_empty());
        assert_eq!(
            after.day.phase, before.day.phase,
            "the phases stand as they were"
        );
        for role in Role::BOTH {
            assert!(!after.can_advance.get(role) && !after.can_declare.get(role));
            assert!(!after.would_collide.get(role) && !after.readiness.get(role).ready);
            assert!(after.readiness.get(role).missing_tasks.is_empty());
        }
    }

    #[test]
    fn a_timeline_stops_at_the_parting_and_its_day_holds_the_phases_alone() {
        let day = |n: u32| NaiveDate::from_ymd_opt(2026, 3, n).unwrap();
        let mut h = CoupleHistory::default();
        // Both lean out every day, before and after the parting (a partner's shares
        // dated after it can still arrive, e.g. from another device).
        for n in 1..=12 {
            h.op.checkins.push(leaning_out(day(n)));
            h.ap.checkins.push(leaning_out(day(n)));
        }
        h.events.push(ArcEvent {
            date: day(2),
            partner: Role::Op,
            change: Change::Advance,
        });
        let full = h.timeline(day(12));
        assert!(full
            .iter()
            .any(|d| d.date == day(8) && !d.dynamics.is_empty()));
        let cut = h.timeline_until_parting(day(12), Some(day(8)));
        assert_eq!(cut.last().map(|d| d.date), Some(day(8)), "nothing after it");
        let (before, on) = cut.split_at(cut.len() - 1);
        assert_eq!(
            before,
            &full[..before.len()],
            "the days before are the model's"
        );
        assert!(on[0].dynamics.is_empty() && on[0].ready == Pair::new(false, false));
        assert_eq!(on[0].phase, full[before.len()].phase, "its phases stand");
        // A parting after the range changes nothing; none, the same.
        assert_eq!(
            h.timeline_until_parting(day(6), Some(day(8))),
            h.timeline(day(6))
        );
        assert_eq!(h.timeline_until_parting(day(12), None), full);
    }

    #[test]
    fn the_data_parses_and_covers_what_ending_well_needs() {
        let parsed: Result<Apart, _> = serde_json::from_str(DATA);
        assert!(parsed.is_ok(), "{parsed:?}");
        let a = apart();
        assert!(a.reflection.len() >= 6);
        for id in ["children", "safety", "therapist"] {
            let topic = a.ending.iter().find(|t| t.id == id).expect(id);
            assert!(
                topic.prompts.iter().any(|p| p.kind == PromptKind::Now),
                "{id}"
            );
        }
    }
}
