//! The daily check-in (MODEL.md "Daily check-in") and what of it a partner shares
//! (MODEL.md "Consent").

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::error::ModelError;
use super::role::Role;
use super::rules::{
    grouped, EMOTION_MAX, EMOTION_MIN, NOTE_MAX_CHARS, STANCE_MAX, STANCE_MIN, TRIGGERS_MAX,
    TRIGGERS_MIN,
};
use super::tasks::TaskId;

/// Who may see an item. Serialized as `"private"`, `"partner"`, `"therapist"` or
/// `"partner+therapist"`. Everything is private until the person shares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub enum Visibility {
    #[default]
    #[serde(rename = "private")]
    Private,
    /// Appears in the couple's shared view.
    #[serde(rename = "partner")]
    Partner,
    /// May go into a therapist report.
    #[serde(rename = "therapist")]
    Therapist,
    #[serde(rename = "partner+therapist")]
    PartnerAndTherapist,
}

impl Visibility {
    pub fn from_parts(partner: bool, therapist: bool) -> Visibility {
        match (partner, therapist) {
            (false, false) => Visibility::Private,
            (true, false) => Visibility::Partner,
            (false, true) => Visibility::Therapist,
            (true, true) => Visibility::PartnerAndTherapist,
        }
    }

    pub fn with_partner(self) -> bool {
        matches!(self, Visibility::Partner | Visibility::PartnerAndTherapist)
    }

    pub fn with_therapist(self) -> bool {
        matches!(
            self,
            Visibility::Therapist | Visibility::PartnerAndTherapist
        )
    }

    pub fn allows(self, audience: Audience) -> bool {
        match audience {
            Audience::Partner => self.with_partner(),
            Audience::Therapist => self.with_therapist(),
        }
    }
}

/// Who is looking at shared items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Partner,
    Therapist,
}

/// What a partner shares of one check-in: the numbers (stance, emotions, triggers,
/// repair moment) as one unit and the note as another. Safety is never shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Share {
    #[serde(default)]
    pub numbers: Visibility,
    #[serde(default)]
    pub note: Visibility,
}

/// "I felt safe today". A check-in holds `Option<Safety>`: `None` is unanswered, which
/// is never read as "yes" (there is deliberately no default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(rename_all = "lowercase")]
pub enum Safety {
    Yes,
    Somewhat,
    No,
}

/// How strongly each feeling was there today, 0 ..= 4, or `None` when the person left it
/// unanswered (a missing key or `null`). Unanswered is never 0. Data from 0.1.0 always
/// wrote every key as a number, so it reads back as `Some` of the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(default, deny_unknown_fields)]
pub struct Emotions {
    pub hurt: Option<i32>,
    pub anger: Option<i32>,
    pub fear: Option<i32>,
    pub shame: Option<i32>,
    pub sadness: Option<i32>,
    pub hope: Option<i32>,
    pub warmth: Option<i32>,
    pub ambivalence: Option<i32>,
}

impl Emotions {
    /// Each feeling with its key, in the order of the check-in table.
    pub fn entries(&self) -> [(&'static str, Option<i32>); 8] {
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

/// One partner's check-in for one local calendar date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct CheckIn {
    pub date: NaiveDate,
    /// How the partner leans toward the relationship today, -3 ..= +3. Required: the
    /// person picks it.
    pub stance: i32,
    #[serde(default)]
    pub emotions: Emotions,
    /// Trigger episodes today, 0 ..= 50.
    #[serde(default)]
    pub triggers: i32,
    /// Missing or `null`: unanswered.
    #[serde(default)]
    pub safety: Option<Safety>,
    /// A moment of connection or repair happened today.
    #[serde(default)]
    pub repair_moment: bool,
    /// Tasks worked on today (not the same as marking a task done).
    #[serde(default)]
    pub tasks: Vec<TaskId>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub share: Share,
}

impl CheckIn {
    /// A neutral check-in: stance 0, every feeling and safety unanswered, nothing shared.
    pub fn neutral(date: NaiveDate) -> CheckIn {
        CheckIn {
            date,
            stance: 0,
            emotions: Emotions::default(),
            triggers: 0,
            safety: None,
            repair_moment: false,
            tasks: Vec::new(),
            note: String::new(),
            share: Share::default(),
        }
    }

    /// Checks every rule of the check-in table for a partner of `role`. `today` is the
    /// local date now; one day past it is still accepted, for travel across time zones.
    pub fn validate(&self, role: Role, today: NaiveDate) -> Result<(), ModelError> {
        let latest = today.checked_add_days(Days::new(1)).unwrap_or(today);
        if self.date > latest {
            return Err(ModelError::invalid(
                "date",
                "This date is still ahead. A check-in can be for today or an earlier day.",
            ));
        }
        self.validate_content(role)
    }

    /// Every rule except the date's, for simulations (scenarios) that may lie in the future.
    pub fn validate_content(&self, role: Role) -> Result<(), ModelError> {
        if !(STANCE_MIN..=STANCE_MAX).contains(&self.stance) {
            return Err(ModelError::invalid(
                "stance",
                format!("Stance goes from {STANCE_MIN} (I want distance) to +{STANCE_MAX} (I want to be close). Please pick a value in that range."),
            ));
        }
        for (key, value) in self.emotions.entries() {
            if value.is_some_and(|v| !(EMOTION_MIN..=EMOTION_MAX).contains(&v)) {
                return Err(ModelError::invalid(
                    format!("emotions.{key}"),
                    format!("How strong \"{key}\" felt goes from {EMOTION_MIN} (not at all) to {EMOTION_MAX} (very strongly). Please pick a value in that range."),
                ));
            }
        }
        if !(TRIGGERS_MIN..=TRIGGERS_MAX).contains(&self.triggers) {
            return Err(ModelError::invalid(
                "triggers",
                format!("Triggers can be counted from {TRIGGERS_MIN} to {TRIGGERS_MAX} for one day. If there were more, {TRIGGERS_MAX} is fine."),
            ));
        }
        for (i, task) in self.tasks.iter().enumerate() {
            if !task.belongs_to(role) {
                return Err(ModelError::invalid(
                    format!("tasks[{i}]"),
                    format!("\"{task}\" is one of your partner's tasks. Only your own and shared tasks can go in your check-in."),
                ));
            }
        }
        if self.note.chars().count() > NOTE_MAX_CHARS {
            return Err(ModelError::invalid(
                "note",
                format!("A note can be at most {} characters. You could split it over two days, or shorten it.", grouped(NOTE_MAX_CHARS)),
            ));
        }
        Ok(())
    }

    /// Whether the numbers of this check-in count for the couple's shared view and dynamics.
    pub fn numbers_shared_with_partner(&self) -> bool {
        self.share.numbers.with_partner()
    }

    /// What `audience` may see of this check-in, or `None` when nothing is shared with
    /// them. Safety is never part of it.
    pub fn shared_with(&self, audience: Audience) -> Option<SharedCheckIn> {
        let numbers = self.share.numbers.allows(audience).then_some(Numbers {
            stance: self.stance,
            emotions: self.emotions,
            triggers: self.triggers,
            repair_moment: self.repair_moment,
        });
        let note = self.share.note.allows(audience).then(|| self.note.clone());
        if numbers.is_none() && note.is_none() {
            return None;
        }
        Some(SharedCheckIn {
            date: self.date,
            numbers,
            note,
        })
    }
}

/// The numbers of a check-in, shared as one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Numbers {
    pub stance: i32,
    pub emotions: Emotions,
    pub triggers: i32,
    pub repair_moment: bool,
}

/// The part of a check-in someone else may see. Holds no safety answer, by design.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SharedCheckIn {
    pub date: NaiveDate,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<Numbers>,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn today() -> NaiveDate {
        date("2026-03-10")
    }

    fn field_of(c: &CheckIn, role: Role) -> Option<String> {
        c.validate(role, today())
            .err()
            .and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn a_neutral_check_in_is_valid() {
        assert_eq!(
            CheckIn::neutral(today()).validate(Role::Op, today()),
            Ok(())
        );
    }

    #[test]
    fn date_allows_one_day_of_grace() {
        let ok = CheckIn::neutral(date("2026-03-11"));
        assert_eq!(ok.validate(Role::Ap, today()), Ok(()));
        let past = CheckIn::neutral(date("2020-01-01"));
        assert_eq!(past.validate(Role::Ap, today()), Ok(()));
        let ahead = CheckIn::neutral(date("2026-03-12"));
        assert_eq!(field_of(&ahead, Role::Ap).as_deref(), Some("date"));
        // The simulation check skips the date rule.
        assert_eq!(ahead.validate_content(Role::Ap), Ok(()));
    }

    #[test]
    fn stance_bounds() {
        for (stance, ok) in [(-4, false), (-3, true), (0, true), (3, true), (4, false)] {
            let c = CheckIn {
                stance,
                ..CheckIn::neutral(today())
            };
            assert_eq!(field_of(&c, Role::Op).is_none(), ok, "stance {stance}");
            if !ok {
                assert_eq!(field_of(&c, Role::Op).as_deref(), Some("stance"));
            }
        }
    }

    #[test]
    fn every_emotion_is_checked_and_named() {
        let keys = Emotions::default().entries().map(|(k, _)| k);
        for key in keys {
            for (value, ok) in [(-1, false), (0, true), (4, true), (5, false)] {
                let mut json = serde_json::json!({});
                json[key] = serde_json::json!(value);
                let emotions: Emotions = serde_json::from_value(json).unwrap();
                assert_eq!(
                    emotions
                        .entries()
                        .iter()
                        .filter(|(_, v)| v.is_some())
                        .count(),
                    1
                );
                let c = CheckIn {
                    emotions,
                    ..CheckIn::neutral(today())
                };
                let expected = (!ok).then(|| format!("emotions.{key}"));
                assert_eq!(field_of(&c, Role::Ap), expected, "{key} = {value}");
            }
        }
    }

    #[test]
    fn missing_or_null_emotions_are_unanswered_and_unknown_ones_are_refused() {
        let e: Emotions = serde_json::from_str(r#"{"hope": 2, "hurt": null}"#).unwrap();
        assert_eq!(
            e,
            Emotions {
                hope: Some(2),
                ..Emotions::default()
            }
        );
        assert_eq!(e.hurt, None, "unanswered is never 0");
        assert!(serde_json::from_str::<Emotions>(r#"{"joy": 2}"#).is_err());
        // An unanswered feeling is valid; an answer of 0 is an answer.
        let c = CheckIn {
            emotions: e,
            ..CheckIn::neutral(today())
        };
        assert_eq!(c.validate(Role::Ap, today()), Ok(()));
    }

    #[test]
    fn safety_missing_or_null_is_unanswered_never_yes() {
        for json in [
            r#"{"date":"2026-03-09","stance":1}"#,
            r#"{"date":"2026-03-09","stance":1,"safety":null}"#,
        ] {
            let c: CheckIn = serde_json::from_str(json).unwrap();
            assert_eq!(c.safety, None, "{json}");
            assert_eq!(c.emotions, Emotions::default());
        }
        // Stance stays required.
        assert!(serde_json::from_str::<CheckIn>(r#"{"date":"2026-03-09"}"#).is_err());
    }

    #[test]
    fn a_check_in_stored_by_0_1_0_reads_back_with_the_same_answers() {
        // 0.1.0 wrote every feeling as a number and safety as a word.
        let json = r#"{"date":"2026-03-09","stance":-1,"emotions":{"hurt":3,"anger":0,"fear":1,
            "shame":0,"sadness":2,"hope":0,"warmth":0,"ambivalence":4},"triggers":2,
            "safety":"yes","repair_moment":false,"tasks":[],"note":"","share":{"numbers":"private","note":"private"}}"#;
        let c: CheckIn = serde_json::from_str(json).unwrap();
        assert_eq!(c.safety, Some(Safety::Yes));
        assert_eq!(c.emotions.hurt, Some(3));
        assert_eq!(c.emotions.anger, Some(0));
        assert_eq!(c.emotions.ambivalence, Some(4));
        // And writes them back the same way.
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["safety"], "yes");
        assert_eq!(back["emotions"]["anger"], 0);
    }

    #[test]
    fn triggers_bounds() {
        for (triggers, ok) in [(-1, false), (0, true), (50, true), (51, false)] {
            let c = CheckIn {
                triggers,
                ..CheckIn::neutral(today())
            };
            let expected = (!ok).then(|| "triggers".to_owned());
            assert_eq!(field_of(&c, Role::Op), expected, "triggers {triggers}");
        }
    }

    #[test]
    fn tasks_must_be_the_partners_own_or_shared() {
        let c = CheckIn {
            tasks: vec![
                TaskId::P1OpCommit,
                TaskId::P1BothTherapist,
                TaskId::P1ApSafety,
            ],
            ..CheckIn::neutral(today())
        };
        assert_eq!(field_of(&c, Role::Ap).as_deref(), Some("tasks[0]"));
        assert_eq!(field_of(&c, Role::Op).as_deref(), Some("tasks[2]"));
        let shared = CheckIn {
            tasks: vec![TaskId::P4BothNewAgreements],
            ..CheckIn::neutral(today())
        };
        assert_eq!(shared.validate(Role::Ap, today()), Ok(()));
    }

    #[test]
    fn note_is_at_most_20000_characters_not_bytes() {
        let at_limit = CheckIn {
            note: "é".repeat(NOTE_MAX_CHARS),
            ..CheckIn::neutral(today())
        };
        assert_eq!(at_limit.validate(Role::Op, today()), Ok(()));
        let over = CheckIn {
            note: "a".repeat(NOTE_MAX_CHARS + 1),
            ..CheckIn::neutral(today())
        };
        assert_eq!(field_of(&over, Role::Op).as_deref(), Some("note"));
    }

    #[test]
    fn visibility_names_and_audiences() {
        let all = [
            (Visibility::Private, "private", false, false),
            (Visibility::Partner, "partner", true, false),
            (Visibility::Therapist, "therapist", false, true),
            (
                Visibility::PartnerAndTherapist,
                "partner+therapist",
                true,
                true,
            ),
        ];
        for (v, name, partner, therapist) in all {
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(name));
            assert_eq!(
                serde_json::from_value::<Visibility>(serde_json::json!(name)).unwrap(),
                v
            );
            assert_eq!((v.with_partner(), v.with_therapist()), (partner, therapist));
            assert_eq!(Visibility::from_parts(partner, therapist), v);
        }
    }

    #[test]
    fn shared_view_never_holds_safety_and_respects_each_unit() {
        let c = CheckIn {
            stance: 2,
            safety: Some(Safety::No),
            note: "hard day".into(),
            share: Share {
                numbers: Visibility::Partner,
                note: Visibility::Therapist,
            },
            ..CheckIn::neutral(today())
        };
        let partner = c.shared_with(Audience::Partner).unwrap();
        assert_eq!(partner.numbers.map(|n| n.stance), Some(2));
        assert_eq!(partner.note, None);
        let json = serde_json::to_string(&partner).unwrap();
        assert!(!json.contains("safety"), "{json}");
        let therapist = c.shared_with(Audience::Therapist).unwrap();
        assert_eq!(therapist.numbers, None);
        assert_eq!(therapist.note.as_deref(), Some("hard day"));
        assert_eq!(
            CheckIn::neutral(today()).shared_with(Audience::Partner),
            None
        );
    }

    #[test]
    fn check_in_round_trips_through_json() {
        let json = r#"{"date":"2026-03-09","stance":-2,"emotions":{"hurt":3},"safety":"somewhat",
            "tasks":["p1.ap.safety"],"share":{"numbers":"partner+therapist"}}"#;
        let c: CheckIn = serde_json::from_str(json).unwrap();
        assert_eq!(c.emotions.hurt, Some(3));
        assert_eq!(c.share.note, Visibility::Private);
        assert_eq!(c.validate(Role::Ap, today()), Ok(()));
        let back: CheckIn = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
