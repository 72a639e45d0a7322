//! "For my next session": a page a partner prepares before a session. What they write
//! is private (never in the couple space); it goes into a therapist report only when
//! they mark it for one. The rest is gathered when the page is shown, from their own
//! records and what was shared with them: agreements due for review and ruptures since
//! the last session.
//!
//! Open questions belong here too once the questions feature exists: gather the open
//! shared questions in `gather` beside the agreements, and add them to `Gathered`.

use chrono::{DateTime, Days, Local, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::agreements::{self, AgreementView};
use super::shared_view::Author;
use super::{arc, AppState};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{check_session_page, is_record_id, ArcEvent, Change, RuptureKind, SessionPage};
use crate::vault::{Changes, Owner};

pub(crate) const KIND: &str = "session-page";

/// Without a last session date, ruptures of this many days before the page are gathered.
pub const RUPTURE_DAYS_WITHOUT_LAST_SESSION: u64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuptureItem {
    pub date: NaiveDate,
    pub by: Author,
    pub what: RuptureKind,
    /// The words of the agreement it concerns, when one was named and is still there.
    pub agreement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Gathered {
    /// Ruptures are gathered from this day to `until`.
    pub since: NaiveDate,
    /// The session, or a week after the page was made: the last day ruptures are
    /// gathered, and agreements whose review day comes by it are due.
    pub until: NaiveDate,
    pub agreements_due: Vec<AgreementView>,
    pub ruptures: Vec<RuptureItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SessionPageView {
    pub id: String,
    pub session_on: Option<NaiveDate>,
    pub last_session_on: Option<NaiveDate>,
    pub happened: String,
    pub bring: String,
    pub for_therapist: bool,
    /// The day it was last changed.
    pub prepared_on: NaiveDate,
    pub gathered: Gathered,
}

/// What a partner writes.
pub struct PageInput {
    pub id: Option<String>,
    pub session_on: Option<NaiveDate>,
    pub last_session_on: Option<NaiveDate>,
    pub happened: String,
    pub bring: String,
    pub for_therapist: bool,
}

fn local(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::NotFound, "That page isn't there any more.")
}

/// Only ever the author's own copy: a page never crosses to the partner.
pub(crate) fn stage(changes: &mut Changes, page: &SessionPage) -> AppResult<()> {
    changes.put(Owner::Mine, KIND, &page.id, page)?;
    Ok(())
}

/// The day ruptures are gathered from.
pub fn since(page: &SessionPage) -> NaiveDate {
    page.last_session_on.unwrap_or_else(|| {
        local(page.updated_at)
            .checked_sub_days(Days::new(RUPTURE_DAYS_WITHOUT_LAST_SESSION))
            .unwrap_or(NaiveDate::MIN)
    })
}

/// The day agreements count as due by: the session, or a week after the page was made.
fn due_by(page: &SessionPage) -> NaiveDate {
    page.session_on.unwrap_or_else(|| {
        local(page.updated_at)
            .checked_add_days(Days::new(7))
            .unwrap_or(NaiveDate::MAX)
    })
}

/// Agreements in play whose review day comes by `by`, and those one of the two asked
/// to look at again.
pub(crate) fn due(list: &[AgreementView], by: NaiveDate) -> Vec<AgreementView> {
    use agreements::AgreementState as S;
    list.iter()
        .filter(|a| match a.state {
            S::UnderReview => true,
            S::InForce | S::Proposed => a.review_on.is_some_and(|d| d <= by),
            S::Draft | S::Withdrawn => false,
        })
        .cloned()
        .collect()
}

/// The ruptures of one page: from `since` to `until`, the unlocked partner's own and
/// those the partner recorded (every phase event is in the couple space, without its
/// reason), oldest first, each with the agreement it names when that is still there.
fn ruptures_between<'a>(
    events: &'a [ArcEvent],
    list: &'a [AgreementView],
    (since, until): (NaiveDate, NaiveDate),
) -> Vec<(&'a ArcEvent, RuptureKind, Option<&'a AgreementView>)> {
    let mut out: Vec<_> = events
        .iter()
        .filter(|e| since <= e.date && e.date <= until)
        .filter_map(|e| match &e.change {
            Change::Rupture {
                what, agreement, ..
            } => Some((
                e,
                *what,
                agreement
                    .as_deref()
                    .and_then(|id| list.iter().find(|a| a.id == id)),
            )),
            _ => None,
        })
        .collect();
    out.sort_by_key(|(e, _, _)| e.date);
    out
}

fn gather(page: &SessionPage, list: &[AgreementView], loaded: &arc::Loaded) -> Gathered {
    let (since, until) = (since(page), due_by(page));
    let ruptures = ruptures_between(&loaded.history.events, list, (since, until))
        .into_iter()
        .map(|(e, what, agreement)| RuptureItem {
            date: e.date,
            by: if e.partner == loaded.role {
                Author::Me
            } else {
                Author::Partner
            },
            what,
            agreement: agreement.map(|a| a.what.clone()),
        })
        .collect();
    Gathered {
        since,
        until,
        agreements_due: due(list, until),
        ruptures,
    }
}

fn view_of(page: &SessionPage, list: &[AgreementView], loaded: &arc::Loaded) -> SessionPageView {
    SessionPageView {
        id: page.id.clone(),
        session_on: page.session_on,
        last_session_on: page.last_session_on,
        happened: page.happened.clone(),
        bring: page.bring.clone(),
        for_therapist: page.for_therapist,
        prepared_on: local(page.updated_at),
        gathered: gather(page, list, loaded),
    }
}

/// The partner's own pages, stored as written, newest first.
pub(crate) fn records(state: &AppState) -> AppResult<Vec<SessionPage>> {
    let mut out: Vec<SessionPage> = state.records(KIND, false)?;
    out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The partner's own pages with what is gathered for each, newest first.
pub fn list(state: &AppState) -> AppResult<Vec<SessionPageView>> {
    let agreements = agreements::list(state)?;
    let loaded = arc::load(state)?;
    Ok(records(state)?
        .iter()
        .map(|p| view_of(p, &agreements, &loaded))
        .collect())
}

fn find(state: &AppState, id: &str) -> AppResult<SessionPage> {
    if !is_record_id(id) {
        return Err(AppError::validation("id", "That page isn't known."));
    }
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    vault
        .get_or_skip(&session.keyring, Owner::Mine, KIND, id)?
        .ok_or_else(not_found)
}

pub fn save(state: &AppState, input: PageInput) -> AppResult<SessionPageView> {
    check_session_page(
        &input.happened,
        &input.bring,
        input.session_on,
        input.last_session_on,
    )?;
    let now = Utc::now();
    let mut page = match &input.id {
        Some(id) => find(state, id)?,
        None => SessionPage {
            id: super::items::new_id()?,
            session_on: None,
            last_session_on: None,
            happened: String::new(),
            bring: String::new(),
            for_therapist: false,
            created_at: now,
            updated_at: now,
        },
    };
    page.session_on = input.session_on;
    page.last_session_on = input.last_session_on;
    page.happened = input.happened;
    page.bring = input.bring;
    page.for_therapist = input.for_therapist;
    page.updated_at = now;
    {
        let mut inner = state.cell().lock();
        let (vault, session) = inner.unlocked()?;
        let mut changes = Changes::new();
        stage(&mut changes, &page)?;
        vault.apply(&session.keyring, changes)?;
    }
    let agreements = agreements::list(state)?;
    Ok(view_of(&page, &agreements, &arc::load(state)?))
}

pub fn delete(state: &AppState, id: &str) -> AppResult<()> {
    find(state, id)?;
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let mut changes = Changes::new();
    changes.delete(Owner::Mine, KIND, id);
    vault.apply(&session.keyring, changes)?;
    Ok(())
}

/// The partner's pages as a report reads them: every gathered item tagged with whose
/// it is, so `report::build` can keep the other partner's out without their consent.
pub(crate) fn for_report(state: &AppState) -> AppResult<Vec<crate::report::session::PageIn>> {
    use crate::report::session::{AgreementIn, PageIn, RuptureIn};
    let list = agreements::list(state)?;
    let me = super::couple::me(state)?.me.role;
    let role_of = |a: Author| match a {
        Author::Me => me,
        Author::Partner => me.other(),
    };
    let loaded = arc::load(state)?;
    let mut out = Vec::new();
    for page in records(state)?.iter().filter(|p| p.for_therapist) {
        let (since, until) = (since(page), due_by(page));
        let ruptures = ruptures_between(&loaded.history.events, &list, (since, until))
            .into_iter()
            .map(|(e, what, agreement)| RuptureIn {
                date: e.date,
                role: e.partner,
                what,
                agreement: agreement.map(|a| (a.what.clone(), role_of(a.proposed_by))),
            })
            .collect();
        out.push(PageIn {
            prepared_on: local(page.updated_at),
            session_on: page.session_on,
            last_session_on: page.last_session_on,
            happened: page.happened.clone(),
            bring: page.bring.clone(),
            for_therapist: page.for_therapist,
            since,
            until,
            agreements_due: due(&list, until)
                .into_iter()
                .map(|a| AgreementIn {
                    id: a.id.clone(),
                    what: a.what.clone(),
                    proposed_by: role_of(a.proposed_by),
                    review_on: a.review_on,
                    standing: standing_words(a.state).to_owned(),
                })
                .collect(),
            ruptures,
        });
    }
    Ok(out)
}

/// Where an agreement stands, in the report's words.
fn standing_words(s: agreements::AgreementState) -> &'static str {
    use agreements::AgreementState as S;
    match s {
        S::Draft => "a private draft",
        S::Proposed => "proposed, not yet confirmed",
        S::InForce => "in force",
        S::UnderReview => "asked to be looked at again",
        S::Withdrawn => "withdrawn",
    }
}

/// Every sentence of the page and its report section the app writes, for the voice test.
pub fn texts() -> Vec<String> {
    use crate::report::session as r;
    let mut out: Vec<String> = [
        r::HEADING,
        r::NONE,
        r::HAPPENED,
        r::BRING,
        r::NOTHING_WRITTEN,
        r::NO_AGREEMENTS,
        r::STILL_DUE_ONE,
        r::NO_RUPTURES,
        "That page isn't known.",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    out.extend(r::AGREEMENTS_HEAD.iter().map(|s| (*s).to_owned()));
    out.push(not_found().message);
    out.extend(r::still_due(2));
    use agreements::AgreementState as S;
    for s in [
        S::Draft,
        S::Proposed,
        S::InForce,
        S::UnderReview,
        S::Withdrawn,
    ] {
        out.push(standing_words(s).to_owned());
    }
    out
}
