//! Together or apart (issue 13.3; docs/MODEL-NOTES.md). A private reflection space,
//! and the decision to part, which the other partner sees. After the decision the app
//! computes nothing more for the couple (arc.rs reads `parting`), the guidance turns to
//! ending well, and the couple space takes nothing new from either partner: each
//! keyring is closed (vault `close_couple_space`), so a share goes nowhere. What was
//! shared before stays until the one who shared it takes it back, as always.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::checkins::today;
use super::session::unix_now;
use super::{couple, AppState};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{self, rules, EndingTopic, Parting, PartingWords, Visibility};
use crate::vault::{Changes, Keyring, Owner, Passphrase, Vault, VaultError};

/// Private: one answer per reflection prompt, by the prompt's id.
pub(crate) const REFLECTION_KIND: &str = "reflection";
/// The decision: a private copy, and one in the couple space (the only record that
/// crosses). The other partner keeps a private copy once they have seen it.
pub(crate) const PARTING_KIND: &str = "parting";
const PARTING_ID: &str = "decision";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReflectionAnswer {
    pub text: String,
    pub date: NaiveDate,
}

/// One prompt with what this partner wrote to it (empty if nothing).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReflectionView {
    pub id: String,
    pub prompt: String,
    pub text: String,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PartingView {
    pub date: NaiveDate,
    pub by_me: bool,
    pub words: PartingWords,
    /// The sentence as both partners see it, e.g. "On 2026-11-28 Alex recorded: I have
    /// decided to leave."
    pub sentence: String,
}

/// What "Together or apart" shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ApartView {
    pub prompts: Vec<ReflectionView>,
    pub parting: Option<PartingView>,
    /// The other partner's name, when they have a profile here.
    pub partner_name: Option<String>,
    /// Whether this is the only profile (deleting it deletes the whole vault).
    pub only_profile: bool,
    /// A parting is recorded and the other partner has since deleted their profile.
    pub partner_deleted: bool,
    /// Ending well, once parted (else empty).
    pub ending: Vec<EndingTopic>,
}

/// The couple's parting, if either partner recorded one: this partner's own copy, or
/// the one the other partner shared.
pub fn parting(state: &AppState) -> AppResult<Option<Parting>> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(read(vault, &session.keyring)?)
}

fn read(vault: &Vault, keyring: &Keyring) -> Result<Option<Parting>, VaultError> {
    if let Some(p) = vault.get_or_skip(keyring, Owner::Mine, PARTING_KIND, PARTING_ID)? {
        return Ok(Some(p));
    }
    vault.get_or_skip(
        keyring,
        Owner::SharedBy(keyring.slot().other()),
        PARTING_KIND,
        PARTING_ID,
    )
}

/// After a parting nothing new reaches the partner, and no record may say it does: an
/// item (or one part of a check-in) may be marked for the partner only where it already
/// was before (`before`), which is what was shared before the parting. Unticking is
/// always allowed: that takes a share back.
pub(crate) fn check_nothing_new_shared(
    keyring: &Keyring,
    field: &str,
    asked: Visibility,
    before: Option<Visibility>,
) -> AppResult<()> {
    if keyring.couple_space_closed()
        && asked.with_partner()
        && !before.is_some_and(Visibility::with_partner)
    {
        return Err(AppError::validation(
            field,
            "Since the parting, nothing new is shared with your partner. Nothing was saved; you can keep it for yourself or include it in your therapist's report.",
        ));
    }
    Ok(())
}

/// At every unlock: a partner who parted, or whose partner recorded a parting, gets a
/// closed couple space for the session, and keeps a private copy of the decision (so it
/// holds even after the other deletes their profile).
pub(crate) fn on_unlock(vault: &Vault, keyring: &mut Keyring) -> Result<(), VaultError> {
    let own: Option<Parting> = vault.get_or_skip(keyring, Owner::Mine, PARTING_KIND, PARTING_ID)?;
    let found = match own {
        Some(p) => Some(p),
        None => {
            let theirs: Option<Parting> = vault.get_or_skip(
                keyring,
                Owner::SharedBy(keyring.slot().other()),
                PARTING_KIND,
                PARTING_ID,
            )?;
            if let Some(p) = &theirs {
                vault.put(keyring, Owner::Mine, PARTING_KIND, PARTING_ID, p)?;
            }
            theirs
        }
    };
    if found.is_some() {
        keyring.close_couple_space();
    }
    Ok(())
}

pub fn view(state: &AppState) -> AppResult<ApartView> {
    let me = couple::me(state)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let kr = &session.keyring;
    let answers: Vec<(String, ReflectionAnswer)> = vault.list(kr, Owner::Mine, REFLECTION_KIND)?;
    let prompts = model::apart()
        .reflection
        .iter()
        .map(|p| {
            let answer = answers.iter().find(|(id, _)| *id == p.id).map(|(_, a)| a);
            ReflectionView {
                id: p.id.clone(),
                prompt: p.text.clone(),
                text: answer.map(|a| a.text.clone()).unwrap_or_default(),
                date: answer.map(|a| a.date),
            }
        })
        .collect();
    let parting = read(vault, kr)?;
    let only_profile = vault.is_only_profile(session.slot);
    drop(inner);
    let parting = parting.map(|p| {
        let by_me = p.by == me.me.role;
        let who = if by_me {
            me.me.name.clone()
        } else {
            me.partner
                .as_ref()
                .map_or_else(|| "your partner".to_owned(), |x| x.name.clone())
        };
        PartingView {
            date: p.date,
            by_me,
            words: p.words,
            sentence: sentence(p.date, &who, p.words),
        }
    });
    // A parting is only recorded with a partner here: none now means they deleted theirs.
    let partner_deleted = parting.is_some() && me.partner.is_none();
    let ending = if parting.is_some() {
        model::apart().ending.clone()
    } else {
        Vec::new()
    };
    Ok(ApartView {
        prompts,
        parting,
        partner_name: me.partner.map(|p| p.name),
        only_profile,
        partner_deleted,
        ending,
    })
}

/// The one sentence the other partner sees.
pub fn sentence(date: NaiveDate, who: &str, words: PartingWords) -> String {
    format!("On {date} {who} recorded: {}", words.sentence())
}

/// Saves this partner's answer to one prompt; an empty answer removes it. Private.
pub fn save_reflection(state: &AppState, id: &str, text: &str) -> AppResult<()> {
    let Some(prompt) = model::apart().reflection.iter().find(|p| p.id == id) else {
        return Err(AppError::validation(
            "id",
            "That question isn't one of the reflection questions. Nothing was saved.",
        ));
    };
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if text.trim().is_empty() {
        vault.delete(&session.keyring, Owner::Mine, REFLECTION_KIND, &prompt.id)?;
        return Ok(());
    }
    rules::check_journal_text(text)?;
    let answer = ReflectionAnswer {
        text: text.to_owned(),
        date: today(),
    };
    let mut changes = Changes::new();
    stage_reflection(&mut changes, &prompt.id, &answer)?;
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The write of one answer (saving and importing both come through here).
pub(crate) fn stage_reflection(
    changes: &mut Changes,
    id: &str,
    answer: &ReflectionAnswer,
) -> AppResult<()> {
    changes.put(Owner::Mine, REFLECTION_KIND, id, answer)?;
    Ok(())
}

/// Every answer this partner wrote, by prompt id (for their own export).
pub fn reflections(state: &AppState) -> AppResult<Vec<(String, ReflectionAnswer)>> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut answers: Vec<(String, ReflectionAnswer)> =
        vault.list(&session.keyring, Owner::Mine, REFLECTION_KIND)?;
    answers.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(answers)
}

/// Records the decision: a private copy and the one the other partner reads, in one
/// batch; then this partner's couple space closes. Recorded once.
pub fn record_parting(state: &AppState, words: PartingWords) -> AppResult<Parting> {
    let _one = state.one_use_case();
    let me = couple::me(state)?;
    if me.partner.is_none() {
        return Err(AppError::validation(
            "words",
            "There is no second profile here, so there is no one this decision would reach. Nothing was recorded.",
        ));
    }
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if read(vault, &session.keyring)?.is_some() {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "A parting is already recorded here. Nothing was changed.",
        ));
    }
    let parting = Parting {
        date: today(),
        by: session.role,
        words,
    };
    let mut changes = Changes::new();
    changes.put(Owner::Mine, PARTING_KIND, PARTING_ID, &parting)?;
    changes.put(
        Owner::SharedBy(session.slot),
        PARTING_KIND,
        PARTING_ID,
        &parting,
    )?;
    vault.apply(&session.keyring, changes)?;
    session.keyring.close_couple_space();
    Ok(parting)
}

/// What deleting did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Deleted {
    /// The profile was the only one: the whole vault went, with the backups kept in
    /// the data folder.
    pub whole_vault: bool,
}

/// Deletes the unlocked partner's own profile after their passphrase is typed again,
/// then locks. With two profiles: their lock, private records and part of the couple
/// space go (one transaction; on failure nothing changed), and the backups kept in the
/// data folder, which hold them, are replaced by a fresh one without them. With one:
/// the whole vault goes, and so do those backups. Backups saved elsewhere are out of
/// the app's reach (the screen says so).
pub fn delete_profile(state: &AppState, passphrase: Passphrase) -> AppResult<Deleted> {
    let _gate = state.cell().gate();
    let mut inner = state.cell().lock();
    let wrong = |e| match e {
        VaultError::WrongPassphrase => AppError::new(
            ErrorCode::WrongPassphrase,
            "That isn't your passphrase. Nothing was deleted. Take your time and try again.",
        ),
        e => e.into(),
    };
    let (vault, session) = inner.unlocked()?;
    let slot = session.slot;
    if vault.is_only_profile(slot) {
        vault
            .check_passphrase(slot, passphrase, unix_now())
            .map_err(wrong)?;
        inner.session = None;
        let vault = inner.vault.take().ok_or_else(AppError::internal)?;
        vault.destroy()?;
        for kept in couple::kept_backups(state.data_dir()) {
            let _ = std::fs::remove_file(kept);
        }
        return Ok(Deleted { whole_vault: true });
    }
    vault
        .delete_profile(
            &session.keyring,
            passphrase,
            unix_now(),
            couple::PRIVATE_KINDS,
            couple::COUPLE_KINDS,
            // The other partner still learns of the decision, also after this.
            &[(PARTING_KIND, PARTING_ID)],
        )
        .map_err(wrong)?;
    couple::replace_kept_backups(state.data_dir(), vault, &session.keyring);
    inner.session = None;
    Ok(Deleted { whole_vault: false })
}
