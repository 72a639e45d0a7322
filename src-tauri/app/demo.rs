//! The demo couple: a separate vault in its own folder, seeded from the demo scenario
//! (tests/scenarios/demo.json, embedded), opened by its own app window. It never shares
//! a folder or a process with real data, and every screen says it is a demo.

use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, Utc};

use super::checkins::{self, today};
use super::couple::{self, NewPartner};
use super::{arc, journal, tasks, AppState};
use crate::error::{AppError, AppResult};
use crate::model::{CheckIn, CoupleHistory, Role, Scenario, Visibility};
use crate::vault::Passphrase;

/// Set by the window that runs the demo.
pub const DEMO_ENV: &str = "HEALING_ARC_DEMO";

const SCENARIO: &str = include_str!("../../tests/scenarios/demo.json");

/// A few journal entries of the demo couple: (who, days before today, shared with the
/// partner, text). Each partner keeps one private, so the demo shows both.
const ENTRIES: &[(Role, u64, bool, &str)] = &[
    (
        Role::Ap,
        26,
        true,
        "I read your letter again tonight. It didn't make anything right, and I'm still glad you wrote it. I need you to keep answering when I ask, even the same question twice.",
    ),
    (
        Role::Ap,
        12,
        false,
        "Walked by the river with my sister. For an hour I didn't think about it at all. I'm allowed to have hours like that.",
    ),
    (
        Role::Op,
        9,
        true,
        "When you asked about March I felt myself wanting to explain. I stopped, and just listened. I'm writing it here so I remember that I can.",
    ),
    (
        Role::Op,
        4,
        false,
        "Saw my therapist. Shame is not the same as taking responsibility. Taking responsibility is the part that helps.",
    ),
];

/// The demo's passphrases, shown on its lock screen (the UI has the same words).
pub const OP_PASSPHRASE: &str = "demo partner who broke trust";
pub const AP_PASSPHRASE: &str = "demo partner who was hurt";

/// Whether this process runs the demo.
pub fn is_demo() -> bool {
    std::env::var_os(DEMO_ENV).is_some_and(|v| v == "1")
}

/// The demo's folder: beside the real one, never inside it.
pub fn demo_dir(data_dir: &Path) -> PathBuf {
    let name = data_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "data".into());
    data_dir.with_file_name(format!("{name}-demo"))
}

/// Seeds the demo couple into `state`'s (empty) folder, with the scenario's days moved
/// so that its last day is today. Leaves the vault locked.
pub fn seed(state: &AppState) -> AppResult<()> {
    let scenario = Scenario::parse(SCENARIO).map_err(|_| AppError::internal())?;
    let history = scenario.to_history();
    let shift = days_to_today(&history, today());
    let partner = |role: Role| NewPartner {
        name: match role {
            Role::Op => scenario.partners.op.name.clone(),
            Role::Ap => scenario.partners.ap.name.clone(),
        },
        role,
        colour: match role {
            Role::Ap => 0,
            Role::Op => 1,
        },
        passphrase: Passphrase::new(passphrase(role).to_string()),
    };
    couple::create(state, partner(Role::Ap))?;
    couple::add_partner(state, partner(Role::Op))?;
    for role in [Role::Ap, Role::Op] {
        if role == Role::Op {
            couple::lock(state);
            couple::unlock(state, 2, Passphrase::new(OP_PASSPHRASE.to_string()))?;
        }
        seed_partner(state, &history, role, shift)?;
    }
    couple::lock(state);
    Ok(())
}

fn passphrase(role: Role) -> &'static str {
    match role {
        Role::Op => OP_PASSPHRASE,
        Role::Ap => AP_PASSPHRASE,
    }
}

fn days_to_today(history: &CoupleHistory, today: NaiveDate) -> u64 {
    let last = [&history.op, &history.ap]
        .iter()
        .flat_map(|p| p.checkins.iter().map(|c| c.date))
        .chain(history.events.iter().map(|e| e.date))
        .max()
        .unwrap_or(today);
    (today - last).num_days().max(0) as u64
}

fn moved(date: NaiveDate, shift: u64) -> NaiveDate {
    date.checked_add_days(Days::new(shift)).unwrap_or(date)
}

fn seed_partner(
    state: &AppState,
    history: &CoupleHistory,
    role: Role,
    shift: u64,
) -> AppResult<()> {
    let mine = match role {
        Role::Op => &history.op,
        Role::Ap => &history.ap,
    };
    for c in &mine.checkins {
        let mut c: CheckIn = c.clone();
        c.date = moved(c.date, shift);
        checkins::save(state, c)?;
    }
    // Only the final state of each task matters for the demo's present. The partner
    // who broke trust shares their marks; the partner who was hurt keeps theirs.
    let mut marks = mine.marks.clone();
    marks.sort_by_key(|m| m.date);
    let marks_seen = match role {
        Role::Op => Visibility::Partner,
        Role::Ap => Visibility::Private,
    };
    for m in marks {
        tasks::set_on(state, m.task, m.done, marks_seen, moved(m.date, shift))?;
    }
    let now = Utc::now();
    for (_, ago, shared, text) in ENTRIES.iter().filter(|e| e.0 == role) {
        let visibility = if *shared {
            Visibility::Partner
        } else {
            Visibility::Private
        };
        let at = now.checked_sub_days(Days::new(*ago)).unwrap_or(now);
        journal::create_at(state, (*text).to_string(), visibility, at)?;
    }
    for e in history.events.iter().filter(|e| e.partner == role) {
        let mut e = e.clone();
        e.date = moved(e.date, shift);
        arc::record(state, e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::views;
    use crate::vault::KdfParams;

    #[test]
    fn demo_folder_sits_beside_the_real_one() {
        let real = Path::new("/home/x/.local/share/org.healingarc.app");
        assert_eq!(
            demo_dir(real),
            PathBuf::from("/home/x/.local/share/org.healingarc.app-demo")
        );
        assert_ne!(demo_dir(real).parent(), Some(real));
    }

    #[test]
    fn the_lock_screen_shows_the_passphrases_the_demo_uses() {
        let words = include_str!("../../ui/src/lib/words.ts");
        assert!(words.contains(&format!("op: \"{OP_PASSPHRASE}\"")));
        assert!(words.contains(&format!("ap: \"{AP_PASSPHRASE}\"")));
    }

    #[test]
    fn seeding_makes_a_couple_whose_story_ends_today() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::with_kdf(tmp.path().join("demo"), KdfParams::FLOOR);
        seed(&state).unwrap();
        let status = couple::status(&state).unwrap();
        assert_eq!(status.profiles.len(), 2);
        assert!(status.unlocked.is_none(), "seeding leaves the demo locked");

        couple::unlock(&state, 1, Passphrase::new(AP_PASSPHRASE.into())).unwrap();
        let mine = checkins::list(&state, None, None).unwrap();
        assert!(mine.len() > 60, "the demo has months of check-ins");
        assert_eq!(mine.iter().map(|c| c.date).max(), Some(today()));
        let together = views::together_view(&state).unwrap();
        assert!(!together.partner_shares_nothing);
        assert!(
            together
                .shared
                .iter()
                .any(|i| i.author == crate::app::shared_view::Author::Partner
                    && i.kind == crate::app::shared_view::SharedKind::Journal),
            "the demo shows a shared journal entry from the partner"
        );
        assert!(together.chart.dates.len() > 60);
        let arc = views::arc_view(&state).unwrap();
        assert!(!arc.events.is_empty(), "the demo's phase changes are there");
    }
}
