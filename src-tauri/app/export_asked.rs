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

/// `From` both ways between a record and its export item, which carry the same fields
/// (a field added to either and not listed here does not compile).
macro_rules! same_fields {
    ($record:ident <=> $item:ident { $($field:ident),* }) => {
        impl From<$record> for $item {
            fn from(r: $record) -> Self {
                $item { $($field: r.$field),* }
            }
        }

        impl From<$item> for $record {
            fn from(i: $item) -> Self {
                $record { $($field: i.$field),* }
            }
        }
    };
}

same_fields!(Question <=> QuestionItem {
    id, created_at, updated_at, text, status, helped, visibility
});
same_fields!(Trigger <=> TriggerItem {
    id, created_at, updated_at, date, what, strength, helped, visibility
});
same_fields!(TriggerHelp <=> TriggerHelpItem {
    trigger, created_at, updated_at, text
});

/// Adds the unlocked partner's questions, answers, trigger log and notes to `d`.
pub(crate) fn add(state: &AppState, d: &mut OwnData) -> AppResult<()> {
    let (qs, answers) = questions::own(state)?;
    let (ts, help) = triggers::own(state)?;
    d.questions = qs.into_iter().map(Into::into).collect();
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
    d.triggers = ts.into_iter().map(Into::into).collect();
    d.trigger_help = help.into_iter().map(Into::into).collect();
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
        questions::stage(changes, slot, &q.clone().into())?;
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
        triggers::stage(changes, slot, &t.clone().into())?;
    }
    for h in &d.trigger_help {
        triggers::stage_help(changes, slot, &h.clone().into())?;
    }
    Ok(())
}
