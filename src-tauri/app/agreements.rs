//! Agreements: proposed by one partner, in force only once the other confirms the
//! revision they were shown. A draft stays private; a proposal is copied into the
//! proposer's part of the couple space. The other partner's answer (confirm, ask to
//! revisit, withdraw their part) is their own record in their own part: every record has
//! one owner (model/agreement.rs).
//!
//! No location, phone or live feature exists here or anywhere in the app: openness is
//! something offered, for an agreed time, never something taken.

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::checkins::today;
use super::shared_view::Author;
use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{
    check_agreement, check_revisit_note, is_record_id, Agreement, AgreementAnswer, AgreementKind,
    Answer, RuptureKind, Who,
};
use crate::vault::{Changes, Owner, Slot};

pub(crate) const KIND: &str = "agreement";
pub(crate) const ANSWER_KIND: &str = "agreement-answer";

/// Where an agreement stands, for both partners alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgreementState {
    /// Private to its author.
    Draft,
    /// Waiting for the other partner to confirm this revision.
    Proposed,
    InForce,
    /// One of them asked to look at it again.
    UnderReview,
    /// The other partner withdrew their part: it is not in force.
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RevisitNote {
    pub by: Author,
    pub note: String,
}

/// An agreement as the unlocked partner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AgreementView {
    pub id: String,
    /// Who proposed it.
    pub proposed_by: Author,
    pub kind: AgreementKind,
    pub what: String,
    /// Whom it asks something of, seen from the partner looking at it.
    pub who: Who,
    pub review_on: Option<NaiveDate>,
    pub state: AgreementState,
    pub revision: u32,
    pub notes: Vec<RevisitNote>,
    /// Its review day has come (or is within a week).
    pub due: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StartingPoint {
    pub kind: AgreementKind,
    pub title: String,
    /// An example, shown beside the empty field; never filled in for the person.
    pub hint: String,
    pub needs_review_date: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AgreementsView {
    pub agreements: Vec<AgreementView>,
    pub starting_points: Vec<StartingPoint>,
    /// What agreements here are and are not, said on the screen.
    pub guardrails: Vec<String>,
}

/// What a partner writes or changes.
pub struct Draft {
    pub id: Option<String>,
    pub kind: AgreementKind,
    pub what: String,
    pub who: Who,
    pub review_on: Option<NaiveDate>,
    /// Propose it to the partner now; otherwise it is (or goes back to being) a draft.
    pub propose: bool,
}

pub fn starting_points() -> Vec<StartingPoint> {
    let point = |kind, title: &str, hint: &str| StartingPoint {
        kind,
        title: title.to_owned(),
        hint: hint.to_owned(),
        needs_review_date: kind == AgreementKind::Openness,
    };
    vec![
        point(
            AgreementKind::ContactEnded,
            "How contact with the affair partner ended",
            "For example: how and when the contact was ended, and what is allowed if you cross paths at work (only what the job needs, told to your partner the same day).",
        ),
        point(
            AgreementKind::Openness,
            "Openness about phone and whereabouts, for an agreed time",
            "For example: until the review day, I say where I am when plans change, and I answer questions about my phone when you ask. Offered, not demanded; on the review day you decide together to end it, change it or renew it.",
        ),
        point(
            AgreementKind::TimeTogether,
            "Time together",
            "For example: a walk together on Sunday mornings, phones put away.",
        ),
        point(
            AgreementKind::Own,
            "Something else",
            "Write it in your own words: what, who, and until when.",
        ),
    ]
}

pub fn guardrails() -> Vec<String> {
    [
        "An agreement is something you both choose. It is in force only once the other partner confirms it, and either of you can ask to look at it again or withdraw your part at any time.",
        "Every agreement can have a review day, and openness about phone and whereabouts always has one: it is for an agreed time, not for good.",
        "Healing Arc has no tracking of any kind. It never shows a location, never reads a phone or messages, and sends nothing anywhere. Openness is offered by one partner, not taken by the other.",
        "An agreement used to control, check up on or frighten either of you is not an agreement. Stepping away and getting help is always okay.",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "That agreement isn't there any more.")
}

fn check_id(id: &str) -> AppResult<()> {
    if !is_record_id(id) {
        return Err(AppError::validation("id", "That agreement isn't known."));
    }
    Ok(())
}

/// The proposer's writes: their own copy, and the couple-space copy exactly while it
/// is proposed. Saving, proposing, withdrawing and importing all come through here.
pub(crate) fn stage(changes: &mut Changes, slot: Slot, a: &Agreement) -> AppResult<()> {
    changes.put(Owner::Mine, KIND, &a.id, a)?;
    if a.proposed {
        // When the private draft was begun is not the partner's to know: their copy
        // starts at the proposal.
        let shared = Agreement {
            created_at: a.updated_at,
            ..a.clone()
        };
        changes.put(Owner::SharedBy(slot), KIND, &a.id, &shared)?;
    } else {
        changes.delete(Owner::SharedBy(slot), KIND, &a.id);
    }
    Ok(())
}

/// The answering partner's writes: an answer exists only to tell the proposer, so it
/// is always in the couple space as well.
pub(crate) fn stage_answer(
    changes: &mut Changes,
    slot: Slot,
    answer: &AgreementAnswer,
) -> AppResult<()> {
    changes.put(Owner::Mine, ANSWER_KIND, &answer.agreement, answer)?;
    changes.put(
        Owner::SharedBy(slot),
        ANSWER_KIND,
        &answer.agreement,
        answer,
    )?;
    Ok(())
}

fn state_of<'a>(
    a: &Agreement,
    answer: Option<&'a AgreementAnswer>,
) -> (AgreementState, Option<&'a AgreementAnswer>) {
    if !a.proposed {
        return (AgreementState::Draft, None);
    }
    let current = answer.filter(|b| b.revision == a.revision);
    let state = match current.map(|b| &b.answer) {
        Some(Answer::Withdrawn) => AgreementState::Withdrawn,
        Some(Answer::Revisit { .. }) => AgreementState::UnderReview,
        _ if a.revisit.is_some() => AgreementState::UnderReview,
        Some(Answer::Confirmed) => AgreementState::InForce,
        None => AgreementState::Proposed,
    };
    (state, current)
}

fn view_of(
    a: &Agreement,
    answer: Option<&AgreementAnswer>,
    proposed_by: Author,
    today: NaiveDate,
) -> AgreementView {
    let (state, current) = state_of(a, answer);
    let answerer = match proposed_by {
        Author::Me => Author::Partner,
        Author::Partner => Author::Me,
    };
    let mut notes = Vec::new();
    if let Some(note) = a.revisit.as_ref().filter(|_| a.proposed) {
        notes.push(RevisitNote {
            by: proposed_by,
            note: note.clone(),
        });
    }
    if let Some(Answer::Revisit { note }) = current.map(|b| &b.answer) {
        notes.push(RevisitNote {
            by: answerer,
            note: note.clone(),
        });
    }
    let soon = today
        .checked_add_days(chrono::Days::new(7))
        .unwrap_or(today);
    AgreementView {
        id: a.id.clone(),
        proposed_by,
        kind: a.kind,
        what: a.what.clone(),
        who: match proposed_by {
            Author::Me => a.who,
            Author::Partner => a.who.flipped(),
        },
        review_on: a.review_on,
        state,
        revision: a.revision,
        notes,
        due: matches!(
            state,
            AgreementState::InForce | AgreementState::Proposed | AgreementState::UnderReview
        ) && a.review_on.is_some_and(|d| d <= soon),
    }
}

/// Everything the unlocked partner may read: their own agreements (drafts too) with
/// the partner's answers, and the partner's proposals with their own answers. Newest
/// first.
pub fn list(state: &AppState) -> AppResult<Vec<AgreementView>> {
    list_on(state, today())
}

pub(crate) fn list_on(state: &AppState, today: NaiveDate) -> AppResult<Vec<AgreementView>> {
    let mine: Vec<Agreement> = state.records(KIND, false)?;
    let theirs: Vec<Agreement> = state.records(KIND, true)?;
    let my_answers: Vec<AgreementAnswer> = state.records(ANSWER_KIND, false)?;
    let their_answers: Vec<AgreementAnswer> = state.records(ANSWER_KIND, true)?;
    let find =
        |list: &[AgreementAnswer], id: &str| list.iter().find(|b| b.agreement == id).cloned();
    let mut out: Vec<(chrono::DateTime<Utc>, AgreementView)> = Vec::new();
    for a in &mine {
        let b = find(&their_answers, &a.id);
        out.push((a.updated_at, view_of(a, b.as_ref(), Author::Me, today)));
    }
    for a in theirs.iter().filter(|a| a.proposed) {
        let b = find(&my_answers, &a.id);
        out.push((a.updated_at, view_of(a, b.as_ref(), Author::Partner, today)));
    }
    out.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.id.cmp(&y.1.id)));
    Ok(out.into_iter().map(|(_, v)| v).collect())
}

pub fn view(state: &AppState) -> AppResult<AgreementsView> {
    Ok(AgreementsView {
        agreements: list(state)?,
        starting_points: starting_points(),
        guardrails: guardrails(),
    })
}

fn own(state: &AppState, id: &str) -> AppResult<Option<Agreement>> {
    check_id(id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    Ok(vault.get_or_skip(&session.keyring, Owner::Mine, KIND, id)?)
}

fn partners(state: &AppState, id: &str) -> AppResult<Option<Agreement>> {
    check_id(id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let a: Option<Agreement> = vault.get_or_skip(
        &session.keyring,
        Owner::SharedBy(session.slot.other()),
        KIND,
        id,
    )?;
    Ok(a.filter(|a| a.proposed))
}

fn write(state: &AppState, f: impl FnOnce(&mut Changes, Slot) -> AppResult<()>) -> AppResult<()> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    f(&mut changes, session.slot)?;
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

fn view_by_id(state: &AppState, id: &str) -> AppResult<AgreementView> {
    list(state)?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(not_found)
}

/// Writes a new agreement or changes one of the partner's own. Proposing makes a new
/// revision: a confirmation of an earlier one no longer counts.
pub fn save(state: &AppState, d: Draft) -> AppResult<AgreementView> {
    check_agreement(d.kind, &d.what, d.review_on, today())?;
    let now = Utc::now();
    let mut a = match &d.id {
        Some(id) => own(state, id)?.ok_or_else(|| {
            if partners(state, id).ok().flatten().is_some() {
                AppError::new(
                    ErrorCode::NotAllowed,
                    "Your partner proposed this agreement, so its words are theirs to change. You can ask to look at it again, with a note.",
                )
            } else {
                not_found()
            }
        })?,
        None => Agreement {
            id: super::items::new_id()?,
            kind: d.kind,
            what: String::new(),
            who: d.who,
            review_on: None,
            proposed: false,
            revision: 0,
            revisit: None,
            created_at: now,
            updated_at: now,
        },
    };
    a.kind = d.kind;
    a.what = d.what;
    a.who = d.who;
    a.review_on = d.review_on;
    a.updated_at = now;
    if d.propose {
        a.proposed = true;
        a.revision = a.revision.saturating_add(1);
        a.revisit = None;
    } else {
        a.proposed = false;
    }
    write(state, |c, slot| stage(c, slot, &a))?;
    view_by_id(state, &a.id)
}

/// Confirms the partner's proposal as it stands now. A partner cannot confirm their own.
pub fn confirm(state: &AppState, id: &str) -> AppResult<AgreementView> {
    answer(state, id, Answer::Confirmed)
}

fn answer(state: &AppState, id: &str, answer: Answer) -> AppResult<AgreementView> {
    let Some(a) = partners(state, id)? else {
        if own(state, id)?.is_some() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "You proposed this agreement. It comes into force when your partner confirms it.",
            ));
        }
        return Err(not_found());
    };
    let b = AgreementAnswer {
        agreement: a.id.clone(),
        revision: a.revision,
        answer,
        date: today(),
    };
    write(state, |c, slot| stage_answer(c, slot, &b))?;
    view_by_id(state, id)
}

/// Asks to look at an agreement again, with a note the other partner reads. Either
/// partner can; it is not in force until it is confirmed again.
pub fn revisit(state: &AppState, id: &str, note: String) -> AppResult<AgreementView> {
    check_revisit_note(&note)?;
    if let Some(mut a) = own(state, id)? {
        if !a.proposed {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "This agreement is still a private draft. You can change it as you like, or propose it.",
            ));
        }
        a.revisit = Some(note);
        a.updated_at = Utc::now();
        write(state, |c, slot| stage(c, slot, &a))?;
        return view_by_id(state, id);
    }
    answer(state, id, Answer::Revisit { note })
}

/// Withdraws the unlocked partner's part. Their own proposal goes back to being a
/// private draft (gone from the partner's side); for the partner's proposal, their
/// answer says they withdrew.
pub fn withdraw(state: &AppState, id: &str) -> AppResult<AgreementView> {
    if let Some(mut a) = own(state, id)? {
        a.proposed = false;
        a.revisit = None;
        a.updated_at = Utc::now();
        write(state, |c, slot| stage(c, slot, &a))?;
        return view_by_id(state, id);
    }
    answer(state, id, Answer::Withdrawn)
}

/// Deletes one of the partner's own agreements, and its shared copy.
pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    if own(state, id)?.is_none() {
        return Err(not_found());
    }
    write(state, |c, slot| {
        c.delete(Owner::Mine, KIND, id)
            .delete(Owner::SharedBy(slot), KIND, id);
        Ok(())
    })
}

/// A rupture may name the agreement it concerns: only a broken agreement, and only
/// one both partners can see (a private draft never crosses).
pub fn check_rupture_target(
    state: &AppState,
    what: RuptureKind,
    agreement: Option<&str>,
) -> AppResult<()> {
    let Some(id) = agreement else {
        return Ok(());
    };
    let unknown = || {
        AppError::validation(
            "agreement",
            "That agreement isn't one you both can see. Please choose it again, or leave it out.",
        )
    };
    if what != RuptureKind::BrokenAgreement {
        return Err(AppError::validation(
            "agreement",
            "Only a broken agreement names an agreement.",
        ));
    }
    if !is_record_id(id) {
        return Err(unknown());
    }
    let visible = list(state)?
        .iter()
        .any(|v| v.id == id && v.state != AgreementState::Draft);
    if !visible {
        return Err(unknown());
    }
    Ok(())
}

/// Every sentence of this screen the app writes, for the voice test.
pub fn texts() -> Vec<String> {
    let mut out = guardrails();
    for p in starting_points() {
        out.push(p.title);
        out.push(p.hint);
    }
    out.extend(
        [
            not_found().message,
            "That agreement isn't known.".to_owned(),
            "Your partner proposed this agreement, so its words are theirs to change. You can ask to look at it again, with a note.".to_owned(),
            "You proposed this agreement. It comes into force when your partner confirms it.".to_owned(),
            "This agreement is still a private draft. You can change it as you like, or propose it.".to_owned(),
            "That agreement isn't one you both can see. Please choose it again, or leave it out.".to_owned(),
            "Only a broken agreement names an agreement.".to_owned(),
        ],
    );
    out.extend(crate::model::agreement_texts());
    out
}
