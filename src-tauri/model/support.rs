//! "My support": what a partner writes for their own healing, beside the couple's work:
//! a few lines of self-care, the people they can turn to, and an individual therapist.
//! Private to its writer; it never feeds readiness, patterns or a report. Pure data and
//! its rules (the export parser checks an imported plan with the same function).

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::error::ModelError;

/// The self-care lines, together.
pub const SELF_CARE_MAX_CHARS: usize = 2_000;
/// A name, or how to reach someone: one line each.
pub const SUPPORT_LINE_MAX_CHARS: usize = 200;
/// People on the list.
pub const SUPPORT_PEOPLE_MAX: usize = 12;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct SupportPlan {
    /// What helps this person through a day, in their own words (may be empty).
    #[serde(default)]
    pub self_care: String,
    /// People they can turn to; each has a name.
    #[serde(default)]
    pub people: Vec<SupportPerson>,
    /// Their own therapist (both lines may be empty).
    #[serde(default)]
    pub therapist: SupportPerson,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct SupportPerson {
    #[serde(default)]
    pub name: String,
    /// A phone number, an address, "after work": whatever the person writes.
    #[serde(default)]
    pub reach: String,
}

fn line(field: String, text: &str) -> Result<(), ModelError> {
    if text.chars().count() > SUPPORT_LINE_MAX_CHARS || text.chars().any(char::is_control) {
        return Err(ModelError::invalid(
            field,
            format!("This can be up to {SUPPORT_LINE_MAX_CHARS} characters, on one line."),
        ));
    }
    Ok(())
}

impl SupportPlan {
    /// Every rule, each error naming its field (`self_care`, `people[2].name`,
    /// `therapist.reach`).
    pub fn check(&self) -> Result<(), ModelError> {
        let care = &self.self_care;
        if care.chars().count() > SELF_CARE_MAX_CHARS
            || care
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err(ModelError::invalid(
                "self_care",
                format!(
                    "Your self-care plan can be up to {} characters. A few lines are plenty.",
                    super::rules::grouped(SELF_CARE_MAX_CHARS)
                ),
            ));
        }
        if self.people.len() > SUPPORT_PEOPLE_MAX {
            return Err(ModelError::invalid(
                "people",
                format!("The list can hold up to {SUPPORT_PEOPLE_MAX} people."),
            ));
        }
        for (i, p) in self.people.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(ModelError::invalid(
                    format!("people[{i}].name"),
                    "Please add a name for this person, or remove the line.",
                ));
            }
            line(format!("people[{i}].name"), &p.name)?;
            line(format!("people[{i}].reach"), &p.reach)?;
        }
        line("therapist.name".into(), &self.therapist.name)?;
        line("therapist.reach".into(), &self.therapist.reach)?;
        Ok(())
    }

    /// Nothing written at all.
    pub fn is_empty(&self) -> bool {
        self == &SupportPlan::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(p: &SupportPlan) -> String {
        match p.check() {
            Err(ModelError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    fn person(name: &str, reach: &str) -> SupportPerson {
        SupportPerson {
            name: name.into(),
            reach: reach.into(),
        }
    }

    #[test]
    fn an_empty_plan_and_a_full_one_are_fine() {
        assert!(SupportPlan::default().check().is_ok());
        let full = SupportPlan {
            self_care: "Walk at lunch.\nBed by eleven.\n".into(),
            people: vec![person("Mira", "0151 222 333"); SUPPORT_PEOPLE_MAX],
            therapist: person("Dr. Okafor", "Tuesdays, 030 444"),
        };
        assert!(full.check().is_ok());
        assert!(!full.is_empty());
    }

    #[test]
    fn every_error_names_its_field() {
        let mut p = SupportPlan {
            self_care: "x".repeat(SELF_CARE_MAX_CHARS + 1),
            ..Default::default()
        };
        assert_eq!(field(&p), "self_care");
        p.self_care = "ok\u{7}".into();
        assert_eq!(field(&p), "self_care");
        p.self_care = "é".repeat(SELF_CARE_MAX_CHARS);
        assert!(p.check().is_ok(), "characters, not bytes");
        p.people = vec![person("Mira", ""), person("  ", "0151")];
        assert_eq!(field(&p), "people[1].name");
        p.people = vec![person("Mira", "line one\nline two")];
        assert_eq!(field(&p), "people[0].reach");
        p.people = vec![person(&"m".repeat(SUPPORT_LINE_MAX_CHARS + 1), "")];
        assert_eq!(field(&p), "people[0].name");
        p.people = vec![person("Mira", ""); SUPPORT_PEOPLE_MAX + 1];
        assert_eq!(field(&p), "people");
        p.people.clear();
        p.therapist = person("", &"9".repeat(SUPPORT_LINE_MAX_CHARS + 1));
        assert_eq!(field(&p), "therapist.reach");
        p.therapist = person("Dr.\tOkafor", "");
        assert_eq!(field(&p), "therapist.name");
    }
}
