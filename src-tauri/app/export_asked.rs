//! Questions, answers and the trigger log in the own-data export and import, kept apart
//! from app/export.rs so each kind stays with its owner: the import stores every item
//! through its module's `stage`, exactly as saving it in the app would.

use super::questions::{self, Answer, Question};
use super::triggers::{self, Trigger, TriggerHelp};
use super::AppState;
use crate::error::AppResult;
use crate::model::Visibility;
use crate::report::export::{AnswerItem, OwnData, QuestionItem, TriggerHelpItem, TriggerItem};
use crate::vault::{Changes, Keyring, Owner, Slot, Vault};

/// The kinds this file exports; an import goes only into a profile holding none of them.
pub(crate) const KINDS: [&str; 4] = [
    questions::KIND,
    questions::ANSWER_KIND,
    triggers::KIND,
    triggers::HELP_KIND,
];

/// Adds the unlocked partner's questions, answers, trigger log and notes to `d`.
pub(crate) fn add(state: &AppState, d: &mut OwnData) -> AppResult<()> {
    let (qs, answers) = questions::own(state)?;
    let (ts, help) = triggers::own(state)?;
    d.questions = qs
        .into_iter()
        .map(|q| QuestionItem {
            id: q.id,
            created_at: q.created_at,
            updated_at: q.updated_at,
            text: q.text,
            status: q.status,
            helped: q.helped,
            visibility: q.visibility,
        })
        .collect();
    d.answers = answers
        .into_iter()
        .map(|a| AnswerItem {
            question: a.question,
            created_at: a.created_at,
            updated_at: a.updated_at,
            text: a.text,
            therapist: a.visibility.with_therapist(),
        })
        .collect();
    d.triggers = ts
        .into_iter()
        .map(|t| TriggerItem {
            id: t.id,
            created_at: t.created_at,
            updated_at: t.updated_at,
            date: t.date,
            what: t.what,
            strength: t.strength,
            helped: t.helped,
            visibility: t.visibility,
        })
        .collect();
    d.trigger_help = help
        .into_iter()
        .map(|h| TriggerHelpItem {
            trigger: h.trigger,
            created_at: h.created_at,
            updated_at: h.updated_at,
            text: h.text,
        })
        .collect();
    Ok(())
}

/// Whether the profile holds any record of these kinds yet.
pub(crate) fn holds_any(vault: &Vault, kr: &Keyring) -> AppResult<bool> {
    for kind in KINDS {
        if !vault
            .list::<serde_json::Value>(kr, Owner::Mine, kind)?
            .is_empty()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The writes that import them (the export was checked by `report::export::parse`).
pub(crate) fn stage(changes: &mut Changes, slot: Slot, d: &OwnData) -> AppResult<()> {
    for q in &d.questions {
        let q = Question {
            id: q.id.clone(),
            created_at: q.created_at,
            updated_at: q.updated_at,
            text: q.text.clone(),
            status: q.status,
            helped: q.helped,
            visibility: q.visibility,
        };
        questions::stage(changes, slot, &q)?;
    }
    for a in &d.answers {
        let a = Answer {
            question: a.question.clone(),
            created_at: a.created_at,
            updated_at: a.updated_at,
            text: a.text.clone(),
            visibility: Visibility::from_parts(true, a.therapist),
        };
        questions::stage_answer(changes, slot, &a)?;
    }
    for t in &d.triggers {
        let t = Trigger {
            id: t.id.clone(),
            created_at: t.created_at,
            updated_at: t.updated_at,
            date: t.date,
            what: t.what.clone(),
            strength: t.strength,
            helped: t.helped.clone(),
            visibility: t.visibility,
        };
        triggers::stage(changes, slot, &t)?;
    }
    for h in &d.trigger_help {
        let h = TriggerHelp {
            trigger: h.trigger.clone(),
            created_at: h.created_at,
            updated_at: h.updated_at,
            text: h.text.clone(),
        };
        triggers::stage_help(changes, slot, &h)?;
    }
    Ok(())
}
