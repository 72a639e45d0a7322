//! The guidance catalogue: short prompts per phase and role, per dynamic, and the
//! safety resources. Kept as data (`guidance.json`, embedded at compile time) so the
//! words can be reviewed and changed without touching the rules.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::dynamics::{DynamicKind, GuidanceRef, Position};
use super::phase::Phase;
use super::role::Role;

const DATA: &str = include_str!("guidance.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum PromptKind {
    /// What matters now.
    Now,
    /// Something to try.
    Try,
    /// Something to avoid.
    Avoid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct PhasePrompts {
    pub op: Vec<Prompt>,
    pub ap: Vec<Prompt>,
}

/// Prompts for one dynamic, for each partner: by role (`op`, `ap`), or by role and
/// position where the pattern has one (`turn_taking`, `pursue_withdraw`: leaning in or
/// out; `colliding_trajectories`: ahead or behind, for either role).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(default, deny_unknown_fields)]
pub struct DynamicPrompts {
    pub op: Vec<String>,
    pub ap: Vec<String>,
    pub op_leaning_in: Vec<String>,
    pub op_leaning_out: Vec<String>,
    pub ap_leaning_in: Vec<String>,
    pub ap_leaning_out: Vec<String>,
    pub op_ahead: Vec<String>,
    pub op_behind: Vec<String>,
    pub ap_ahead: Vec<String>,
    pub ap_behind: Vec<String>,
}

impl DynamicPrompts {
    /// The prompts for the partner of `role`, in `position` where there is one.
    pub fn to(&self, role: Role, position: Option<Position>) -> &[String] {
        use Position::*;
        match (role, position) {
            (Role::Op, None) => &self.op,
            (Role::Ap, None) => &self.ap,
            (Role::Op, Some(LeaningIn)) => &self.op_leaning_in,
            (Role::Op, Some(LeaningOut)) => &self.op_leaning_out,
            (Role::Ap, Some(LeaningIn)) => &self.ap_leaning_in,
            (Role::Ap, Some(LeaningOut)) => &self.ap_leaning_out,
            (Role::Op, Some(Ahead)) => &self.op_ahead,
            (Role::Op, Some(Behind)) => &self.op_behind,
            (Role::Ap, Some(Ahead)) => &self.ap_ahead,
            (Role::Ap, Some(Behind)) => &self.ap_behind,
        }
    }

    /// Every prompt, for checks over the whole catalogue.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        [
            &self.op,
            &self.ap,
            &self.op_leaning_in,
            &self.op_leaning_out,
            &self.ap_leaning_in,
            &self.ap_leaning_out,
            &self.op_ahead,
            &self.op_behind,
            &self.ap_ahead,
            &self.ap_behind,
        ]
        .into_iter()
        .flatten()
    }
}

/// The positions a dynamic's guidance depends on (MODEL.md "Dynamics"), or none.
pub fn dynamic_positions(kind: DynamicKind) -> &'static [Position] {
    match kind {
        DynamicKind::TurnTaking | DynamicKind::PursueWithdraw => {
            &[Position::LeaningIn, Position::LeaningOut]
        }
        DynamicKind::CollidingTrajectories => &[Position::Ahead, Position::Behind],
        _ => &[],
    }
}

/// Whom a `GuidanceRef` speaks to, in words (for labels and reports).
pub fn addressee_words(r: GuidanceRef) -> String {
    let who = r.role.plain_name();
    match r.position {
        None => who.to_owned(),
        Some(Position::LeaningIn) => format!("{who}, leaning in"),
        Some(Position::LeaningOut) => format!("{who}, pulling back"),
        Some(Position::Ahead) => format!("{who}, in the phase further along"),
        Some(Position::Behind) => format!("{who}, in the earlier phase"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct HelpLine {
    pub name: String,
    /// A number or address, as a person would dial or type it.
    pub contact: String,
    pub about: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// `us`, `uk`, `ca`, `au`, or `international`.
    pub id: String,
    pub name: String,
    pub emergency: String,
    pub lines: Vec<HelpLine>,
}

/// Shown to a partner who answers `no` to safety, and reachable from every screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct SafetyResources {
    /// "If you are in danger, call your local emergency number."
    pub danger: String,
    /// That the app contacts no one.
    pub no_contact: String,
    pub regions: Vec<Region>,
}

impl SafetyResources {
    /// The region with `id`, or the international fallback.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions
            .iter()
            .find(|r| r.id == id)
            .or_else(|| self.regions.iter().find(|r| r.id == INTERNATIONAL))
    }
}

pub const INTERNATIONAL: &str = "international";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    pub phases: BTreeMap<Phase, PhasePrompts>,
    pub dynamics: BTreeMap<DynamicKind, DynamicPrompts>,
    pub safety: SafetyResources,
}

impl Guidance {
    pub fn parse(json: &str) -> Result<Guidance, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// Used only if the embedded data ever failed to parse (a test rules that out):
    /// the safety words must still be there.
    fn fallback() -> Guidance {
        Guidance {
            phases: BTreeMap::new(),
            dynamics: BTreeMap::new(),
            safety: SafetyResources {
                danger: "If you are in danger, call your local emergency number.".into(),
                no_contact: "Healing Arc does not contact anyone and sends nothing.".into(),
                regions: vec![Region {
                    id: INTERNATIONAL.into(),
                    name: "Anywhere".into(),
                    emergency: "your local emergency number".into(),
                    lines: Vec::new(),
                }],
            },
        }
    }

    pub fn phase_prompts(&self, phase: Phase, role: Role) -> &[Prompt] {
        match (self.phases.get(&phase), role) {
            (Some(p), Role::Op) => &p.op,
            (Some(p), Role::Ap) => &p.ap,
            (None, _) => &[],
        }
    }

    /// The prompts for the partner `r` names (its role, and position where it has one).
    pub fn dynamic_prompts(&self, r: GuidanceRef) -> &[String] {
        self.dynamics
            .get(&r.kind)
            .map_or(&[], |d| d.to(r.role, r.position))
    }
}

/// The embedded catalogue, parsed once.
pub fn guidance() -> &'static Guidance {
    static CATALOGUE: OnceLock<Guidance> = OnceLock::new();
    CATALOGUE.get_or_init(|| Guidance::parse(DATA).unwrap_or_else(|_| Guidance::fallback()))
}

pub fn phase_prompts(phase: Phase, role: Role) -> &'static [Prompt] {
    guidance().phase_prompts(phase, role)
}

/// The prompts for the partner a detection's `guidance.get(role)` names.
pub fn dynamic_prompts(r: GuidanceRef) -> &'static [String] {
    guidance().dynamic_prompts(r)
}

pub fn safety_resources() -> &'static SafetyResources {
    &guidance().safety
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses() {
        let parsed = Guidance::parse(DATA);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert_eq!(guidance(), &parsed.unwrap());
    }

    #[test]
    fn every_phase_and_role_has_three_prompts_of_each_kind_of_help() {
        for phase in Phase::ALL {
            for role in Role::BOTH {
                let prompts = phase_prompts(phase, role);
                assert!(prompts.len() >= 3, "{phase:?}/{role:?}");
                for kind in [PromptKind::Now, PromptKind::Try, PromptKind::Avoid] {
                    assert!(
                        prompts.iter().any(|p| p.kind == kind),
                        "{phase:?}/{role:?} lacks {kind:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_dynamic_speaks_to_each_role_in_each_position() {
        for kind in DynamicKind::ALL {
            let d = &guidance().dynamics[&kind];
            let positions = dynamic_positions(kind);
            for role in Role::BOTH {
                let wanted: Vec<Option<Position>> = if positions.is_empty() {
                    vec![None]
                } else {
                    positions.iter().copied().map(Some).collect()
                };
                for position in wanted {
                    let r = GuidanceRef {
                        kind,
                        role,
                        position,
                    };
                    let prompts = dynamic_prompts(r);
                    assert!(!prompts.is_empty(), "{kind:?} to {}", r.key());
                    assert!(prompts.iter().all(|p| !p.trim().is_empty()));
                }
                // Nothing written where it can never be shown.
                if !positions.is_empty() {
                    assert!(d.to(role, None).is_empty(), "{kind:?} {role:?}");
                }
            }
            let unused = [
                Position::LeaningIn,
                Position::LeaningOut,
                Position::Ahead,
                Position::Behind,
            ]
            .into_iter()
            .filter(|p| !positions.contains(p));
            for p in unused {
                for role in Role::BOTH {
                    assert!(d.to(role, Some(p)).is_empty(), "{kind:?} {role:?} {p:?}");
                }
            }
        }
        // Four each for the leaning patterns, ahead and behind for either role.
        assert_eq!(dynamic_positions(DynamicKind::TurnTaking).len() * 2, 4);
        assert_eq!(dynamic_positions(DynamicKind::PursueWithdraw).len() * 2, 4);
    }

    #[test]
    fn a_detection_names_whom_its_prompts_are_for() {
        let r = GuidanceRef {
            kind: DynamicKind::TurnTaking,
            role: Role::Ap,
            position: Some(Position::LeaningOut),
        };
        assert_eq!(
            dynamic_prompts(r),
            guidance().dynamics[&DynamicKind::TurnTaking]
                .ap_leaning_out
                .as_slice()
        );
        assert_eq!(addressee_words(r), "the partner who was hurt, pulling back");
    }

    #[test]
    fn safety_resources_cover_the_regions_and_say_the_app_contacts_no_one() {
        let s = safety_resources();
        assert!(s
            .danger
            .contains("If you are in danger, call your local emergency number"));
        assert!(s.no_contact.contains("does not contact anyone"));
        for id in ["us", "uk", "ca", "au", INTERNATIONAL] {
            let r = s.region(id).unwrap();
            assert_eq!(r.id, id);
            assert!(!r.lines.is_empty(), "{id}");
        }
        assert_eq!(s.region("nz").unwrap().id, INTERNATIONAL);
        let contacts: Vec<&str> = s
            .regions
            .iter()
            .flat_map(|r| r.lines.iter().map(|l| l.contact.as_str()))
            .collect();
        for number in [
            "988",
            "1-800-799-7233",
            "Text START to 88788",
            "116 123",
            "0808 2000 247",
            "0808 801 0327",
            "9-8-8",
            "ShelterSafe.ca",
            "13 11 14",
            "Text 0477 13 11 14",
            "1800 737 732",
            "findahelpline.com",
        ] {
            assert!(contacts.iter().any(|c| c.contains(number)), "{number}");
        }
    }

    /// Someone who shares a home with the person they fear may not be able to call.
    #[test]
    fn every_country_has_a_line_to_text_or_look_up_beside_its_phone_lines() {
        for r in &safety_resources().regions {
            let silent = r.lines.iter().any(|l| {
                let c = l.contact.to_lowercase();
                c.contains("text") || c.contains(".ca") || c.contains(".com")
            });
            assert!(silent, "{} has no line to text or look up", r.id);
        }
    }

    #[test]
    fn words_follow_the_voice_rules() {
        // The full list of VOICE.md's forbidden phrases is checked over every text the
        // app shows (guidance, tasks, readiness) in app/words.rs; here, the catalogue
        // alone, so a model-only build checks it too.
        let mut all: Vec<&str> = Vec::new();
        for p in guidance().phases.values() {
            all.extend(p.op.iter().chain(&p.ap).map(|p| p.text.as_str()));
        }
        for d in guidance().dynamics.values() {
            all.extend(d.all().map(String::as_str));
        }
        for text in all {
            let lower = text.to_lowercase();
            for word in [
                "offender",
                "aggrieved",
                "diagnos",
                "you must",
                "attachment dynamics",
                "you will",
                "normal part of healing",
            ] {
                assert!(!lower.contains(word), "{word:?} in {text:?}");
            }
        }
    }
}
