//! Setting up and opening the couple's vault: create it as the first partner, add the
//! second, unlock, lock, change a passphrase, recover with the recovery code, back up
//! and restore. Names and roles are sealed under the couple key; while locked only
//! "Partner 1"/"Partner 2" and a chosen colour are shown.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::clock::BootInstant;
use super::session::{unix_now, Session, DEFAULT_AUTO_LOCK_MINUTES};
use super::settings;
use super::strength;
use super::AppState;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::model::{rules, Role};
use crate::vault::{
    restore_attempts, set_aside_as, set_restore_attempts, Keyring, OpenedBackup, Owner, Passphrase,
    RecoveryCode, Secret, Slot, Vault, VaultError,
};

/// Backups written into the data folder without a chosen path; the oldest go first.
pub const KEPT_BACKUPS: usize = 5;
/// Locking writes a backup when the newest one in the data folder is older than this.
pub const AUTO_BACKUP_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

const PROFILE_KIND: &str = "profile";
const PROFILE_ID: &str = "profile";

/// A partner's name and role, sealed under the couple key so both can read them.
#[derive(Serialize, Deserialize)]
struct StoredProfile {
    name: String,
    role: Role,
}

/// What a partner types to set up their profile.
pub struct NewPartner {
    pub name: String,
    pub role: Role,
    pub colour: u8,
    pub passphrase: Passphrase,
}

#[cfg(test)]
impl NewPartner {
    /// A partner for the app's unit tests (colour 1).
    pub(crate) fn for_test(name: &str, role: Role, passphrase: &str) -> Self {
        NewPartner {
            name: name.into(),
            role,
            colour: 1,
            passphrase: Passphrase::new(passphrase.into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaultState {
    /// Nothing set up on this device yet.
    None,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoice {
    pub slot: u8,
    /// "Partner 1" or "Partner 2": never the name.
    pub label: String,
    pub colour: u8,
    /// Seconds before another unlock try is allowed.
    pub wait_secs: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub state: VaultState,
    pub profiles: Vec<ProfileChoice>,
    pub unlocked: Option<u8>,
    /// A damaged store was moved here; a restore from a backup is offered.
    pub set_aside: Option<PathBuf>,
    /// Backups in the data folder, newest first: what a restore can start from.
    pub backups: Vec<PathBuf>,
    /// While unlocked: records this partner could not read (each hides only itself).
    pub unreadable: Unreadable,
}

/// What could not be read since this partner unlocked (SECURITY.md 24).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unreadable {
    /// Check-ins, journal entries, task marks, phase events and shared items.
    pub entries: u32,
    /// The settings record: the defaults are in use instead.
    pub settings: bool,
    /// Part of the couple space was changed outside the app (SECURITY.md 22): only what
    /// still verifies is shown.
    pub shared_changed: bool,
    /// This partner's own records were changed outside the app since they were last
    /// written (found at this unlock).
    pub own_changed: bool,
}

#[derive(Debug)]
pub struct Created {
    pub slot: u8,
    /// Shown once; never stored in clear.
    pub recovery_code: RecoveryCode,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub slot: u8,
    pub name: String,
    pub role: Role,
    pub colour: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub me: Person,
    pub partner: Option<Person>,
    pub auto_lock_minutes: u32,
    /// This is the partner's first unlock of their own profile (with this version): the
    /// app offers, once, to choose a new passphrase and recovery code, for when someone
    /// else set the profile up or watched (SECURITY.md 23).
    pub offer_fresh_start: bool,
    /// A parting is recorded (app/apart.rs): the couple space takes nothing new.
    pub parted: bool,
}

pub fn status(state: &AppState) -> AppResult<Status> {
    let mut inner = state.cell().lock();
    let set_aside = inner.set_aside.clone();
    let unlocked = inner.session.as_ref().map(|s| s.slot.number());
    if inner.open(state.data_dir())?.is_none() {
        return Ok(Status {
            state: VaultState::None,
            profiles: Vec::new(),
            unlocked: None,
            set_aside: set_aside.or_else(|| last_set_aside(state.data_dir())),
            backups: kept_backups(state.data_dir()),
            unreadable: Unreadable::default(),
        });
    }
    let mut unreadable = Unreadable::default();
    if let Some(session) = inner.session.as_ref() {
        if let Some(vault) = inner.vault.as_ref() {
            unreadable.shared_changed = vault.couple_space_changed(&session.keyring);
            unreadable.own_changed = session.own_changed;
        }
    }
    let Some(vault) = inner.vault.as_ref() else {
        return Err(AppError::internal());
    };
    if unlocked.is_some() {
        for kind in vault.unreadable() {
            if kind == settings::KIND {
                unreadable.settings = true;
            } else {
                unreadable.entries += 1;
            }
        }
    }
    let profiles = vault
        .profiles(unix_now())?
        .into_iter()
        .map(|p| ProfileChoice {
            slot: p.slot.number(),
            label: format!("Partner {}", p.slot.number()),
            colour: p.colour,
            wait_secs: p.wait.map(|w| w.as_secs().max(1)),
        })
        .collect();
    Ok(Status {
        state: if unlocked.is_some() {
            VaultState::Unlocked
        } else {
            VaultState::Locked
        },
        profiles,
        unlocked,
        set_aside,
        backups: kept_backups(state.data_dir()),
        unreadable,
    })
}

/// The newest folder a damaged store was moved to, if any (found again after a restart).
fn last_set_aside(dir: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let n: u32 = e
                .file_name()
                .to_str()?
                .strip_prefix("damaged-")?
                .parse()
                .ok()?;
            Some((n, e.path()))
        })
        .max_by_key(|(n, _)| *n)
        .map(|(_, p)| p)
}

/// Checks a new partner's name and colour, and their passphrase against their own name
/// and `other` (the partner already set up, if any).
fn check_new_partner(p: &NewPartner, other: Option<&str>) -> AppResult<String> {
    let name = rules::check_name(&p.name)?;
    rules::check_colour(p.colour)?;
    let names: Vec<&str> = std::iter::once(name).chain(other).collect();
    strength::check("passphrase", &p.passphrase, &names)?;
    Ok(name.to_owned())
}

pub fn parse_slot(slot: u8) -> AppResult<Slot> {
    Slot::from_number(slot)
        .ok_or_else(|| AppError::validation("slot", "Please choose Partner 1 or Partner 2."))
}

/// Creates the vault with its first partner, who is then unlocked.
pub fn create(state: &AppState, new: NewPartner) -> AppResult<Created> {
    create_with(state, new, Vault::create)
}

/// Makes this device's half of the couple's vault for the partner who joined from
/// their own device (docs/SYNC.md); they are then unlocked.
/// Both partners chose the same role: refused before anything is saved.
pub(crate) fn same_role() -> AppError {
    AppError::validation(
        "role",
        "You both chose the same role. In Healing Arc a couple has one partner who was hurt and one who broke trust. Take a moment to talk it over, then choose again; nothing was saved.",
    )
}

pub fn create_joined(
    state: &AppState,
    new: NewPartner,
    joined: crate::vault::Joined,
) -> AppResult<Created> {
    create_with(state, new, |dir, kdf, colour, passphrase| {
        Vault::create_joined(dir, kdf, colour, passphrase, joined)
    })
}

fn create_with<'a>(
    state: &AppState,
    new: NewPartner,
    make: impl FnOnce(
            &Path,
            crate::vault::KdfParams,
            u8,
            &Passphrase,
        ) -> Result<(Vault, Keyring, RecoveryCode), VaultError>
        + 'a,
) -> AppResult<Created> {
    let name = check_new_partner(&new, None)?;
    let _gate = state.cell().gate();
    let mut inner = state.cell().lock();
    if inner.open(state.data_dir())?.is_some() {
        return Err(VaultError::AlreadyExists.into());
    }
    let (vault, keyring, code) = make(
        state.data_dir(),
        state.cell().kdf,
        new.colour,
        &new.passphrase,
    )?;
    let slot = keyring.slot().number();
    drop(new.passphrase);
    let profile = StoredProfile {
        name,
        role: new.role,
    };
    // The first partner chose their own passphrase here: nothing to offer them later.
    let written = write_profile(&vault, &keyring, &profile).and_then(|_| {
        let mut changes = crate::vault::Changes::new();
        changes.put(Owner::Mine, FRESH_START_KIND, FRESH_START_KIND, &true)?;
        // Every profile holds a safety-check record from the start (docs/SAFETY.md).
        super::safety_check::stage_new(&mut changes)?;
        vault.apply(&keyring, changes)
    });
    if let Err(e) = written {
        // The vault holds nothing yet; leave the folder as it was.
        let dir = vault.dir().to_owned();
        drop(vault);
        let _ = std::fs::remove_dir_all(dir.join(crate::vault::STORE_DIR));
        let _ = std::fs::remove_file(dir.join(crate::vault::MARKER));
        return Err(e.into());
    }
    inner.session = Some(Session::new(
        keyring,
        new.role,
        profile.name,
        new.colour,
        DEFAULT_AUTO_LOCK_MINUTES,
        state.cell().now(),
    ));
    inner.vault = Some(vault);
    inner.set_aside = None;
    Ok(Created {
        slot,
        recovery_code: code,
    })
}

/// Adds the second partner while the first is unlocked; they type their own passphrase.
pub fn add_partner(state: &AppState, new: NewPartner) -> AppResult<Created> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    if session.keyring.couple_space_closed() {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "A parting is recorded in this vault, so no partner can be added to it. Nothing was changed.",
        ));
    }
    // Their profile lives on their own device (docs/SYNC.md): it is not made here too.
    if vault.is_paired(&session.keyring)? {
        return Err(AppError::new(
            ErrorCode::NotAllowed,
            "Your partner's profile is on their own device, connected with this one. Nothing was changed.",
        ));
    }
    let name = check_new_partner(&new, Some(session.name.as_str()))?;
    // The second partner picks their own role (the first one's is only a suggestion);
    // the screen explains a clash before it gets here.
    if new.role == session.role {
        return Err(same_role());
    }
    let kdf = state.cell().kdf;
    let (slot, code, theirs) =
        vault.add_partner(&session.keyring, new.colour, &new.passphrase, kdf)?;
    drop(new.passphrase);
    let profile = StoredProfile {
        name,
        role: new.role,
    };
    // The second partner's card, signed with their own key (made just now): nothing the
    // first partner writes later can change it (SECURITY.md 21).
    write_profile(vault, &theirs, &profile)?;
    super::safety_check::ensure(vault, &theirs)?;
    drop(theirs);
    // Each pins the other's key now, at set-up.
    vault.prepare_couple_space(&mut session.keyring)?;
    Ok(Created {
        slot: slot.number(),
        recovery_code: code,
    })
}

pub fn unlock(state: &AppState, slot: u8, passphrase: Passphrase) -> AppResult<Me> {
    let slot = parse_slot(slot)?;
    open_session(state, slot, Secret::Passphrase(passphrase), None)
}

/// Unlocks with the recovery code and sets a new passphrase.
pub fn recover(state: &AppState, slot: u8, code: &str, new: Passphrase) -> AppResult<Me> {
    let slot = parse_slot(slot)?;
    // The names are sealed until the code opens the profile: a first look without
    // them spares a KDF run for a plainly weak passphrase; the full check follows.
    strength::check("new_passphrase", &new, &[])?;
    let code = RecoveryCode::parse(code).ok_or_else(|| {
        AppError::validation(
            "recovery_code",
            "A recovery code has 32 letters and digits, in groups of four. Please check it and try again.",
        )
    })?;
    open_session(state, slot, Secret::RecoveryCode(code), Some(new))
}

/// The kinds the app keeps in the couple space (adopted into a partner's signed log
/// when a profile from before signed sequences is first unlocked).
pub(crate) const COUPLE_KINDS: &[&str] = &[
    PROFILE_KIND,
    super::checkins::DAY_KIND,
    super::checkins::MONTH_KIND,
    super::journal::KIND,
    super::tasks::KIND,
    super::arc::EVENT_KIND,
    super::arc::READINESS_KIND,
    super::apart::PARTING_KIND,
    super::questions::KIND,
    super::questions::ANSWER_KIND,
    super::triggers::KIND,
    super::triggers::HELP_KIND,
    super::agreements::KIND,
    super::agreements::ANSWER_KIND,
];

/// Deletes this partner's readiness record that 0.1.0 kept in the couple space (MODEL.md
/// v2: nothing computed from private answers crosses). Nothing reads it any more.
fn retract_published_readiness(
    vault: &Vault,
    keyring: &Keyring,
    slot: Slot,
) -> Result<(), VaultError> {
    let owner = Owner::SharedBy(slot);
    let old = vault.list::<serde_json::Value>(keyring, owner, super::arc::READINESS_KIND)?;
    if old.is_empty() {
        return Ok(());
    }
    let mut changes = crate::vault::Changes::new();
    for (id, _) in &old {
        changes.delete(owner, super::arc::READINESS_KIND, id);
    }
    vault.apply(keyring, changes)
}

/// A partner's card: in the couple space (signed, for the other partner) and a private
/// copy (where their own unlock reads their role from).
fn write_profile(
    vault: &Vault,
    keyring: &Keyring,
    profile: &StoredProfile,
) -> Result<(), VaultError> {
    let mut changes = crate::vault::Changes::new();
    changes.put(
        Owner::SharedBy(keyring.slot()),
        PROFILE_KIND,
        PROFILE_ID,
        profile,
    )?;
    changes.put(Owner::Mine, PROFILE_KIND, PROFILE_ID, profile)?;
    vault.apply(keyring, changes)
}

/// What every way in (unlock, recovery, restore) does once the keys are open: read the
/// profile, settings and colour, and start the session.
fn begin_session(
    vault: &Vault,
    mut keyring: Keyring,
    slot: Slot,
    now: BootInstant,
) -> AppResult<Session> {
    // What the last partner could not read is theirs to know, not this one's.
    vault.forget_unreadable();
    // A profile from before signed sequences signs what it shared, once.
    vault.adopt_shared_records(&keyring, COUPLE_KINDS)?;
    // The partner's own role and name come from their private copy; a profile from
    // before signed sequences gets that copy now, from its signed card.
    let profile: StoredProfile =
        match vault.get_or_skip(&keyring, Owner::Mine, PROFILE_KIND, PROFILE_ID)? {
            Some(p) => p,
            None => {
                let p: StoredProfile = vault
                    .get(&keyring, Owner::SharedBy(slot), PROFILE_KIND, PROFILE_ID)?
                    .ok_or(VaultError::Integrity)?;
                vault.put(&keyring, Owner::Mine, PROFILE_KIND, PROFILE_ID, &p)?;
                p
            }
        };
    // Before anything writes: were this partner's own records changed outside the app?
    let own_changed = vault.check_own_records(&keyring, PRIVATE_KINDS)?;
    // A profile from before the safety check gets its record now (docs/SAFETY.md).
    super::safety_check::ensure(vault, &keyring)?;
    // Past months' days are folded into month records here, once per unlock; if that
    // fails the days stay as they are and read the same.
    let _ = super::checkins::fold_months(vault, &keyring, super::checkins::today());
    // 0.1.0 published a readiness computed from private answers; take it back.
    let _ = retract_published_readiness(vault, &keyring, slot);
    // After a parting nothing new crosses, from either partner (app/apart.rs).
    super::apart::on_unlock(vault, &mut keyring)?;
    let minutes = settings::load(vault, &keyring)?.auto_lock_minutes;
    let colour = vault
        .profiles(unix_now())?
        .iter()
        .find(|p| p.slot == slot)
        .map_or(0, |p| p.colour);
    // Offered once: the mark is written at the first unlock, so the offer shows for
    // this session only.
    let offered: Option<bool> =
        vault.get_or_skip(&keyring, Owner::Mine, FRESH_START_KIND, FRESH_START_KIND)?;
    if offered.is_none() {
        vault.put(
            &keyring,
            Owner::Mine,
            FRESH_START_KIND,
            FRESH_START_KIND,
            &true,
        )?;
    }
    let mut session = Session::new(keyring, profile.role, profile.name, colour, minutes, now);
    session.offer_fresh_start = offered.is_none();
    session.own_changed = own_changed;
    Ok(session)
}

/// Private: the first-unlock offer of a new passphrase and code was made.
const FRESH_START_KIND: &str = "fresh-start-offered";

/// A header from an older version, or with a damaged copy, is written again in the
/// current format, once a backup of the store as it was is in the data folder
/// (SECURITY.md 31). If either step fails the old header stays and still opens.
fn write_header_after_backup(data_dir: &Path, vault: &mut Vault, keyring: &Keyring) {
    if !vault.header_needs_writing() {
        return;
    }
    let dir = backups_dir(data_dir);
    let path = before_update_backup_path(data_dir);
    if crate::vault::create_private_dir(&dir).is_ok() && vault.backup(keyring, &path).is_ok() {
        prune_backups(&dir);
        let _ = vault.rewrite_header();
    }
}

fn open_session(
    state: &AppState,
    slot: Slot,
    secret: Secret,
    new: Option<Passphrase>,
) -> AppResult<Me> {
    // One try at a time: the backoff is read and written under this gate.
    let _gate = state.cell().gate();
    let mut inner = state.cell().lock();
    let Some(vault) = inner.open(state.data_dir())? else {
        return Err(VaultError::NoVault.into());
    };
    let mut keyring = match new {
        None => vault.unlock(slot, &secret, unix_now())?,
        Some(new) => {
            let Secret::RecoveryCode(code) = secret else {
                return Err(AppError::internal());
            };
            let keyring = vault.unlock(slot, &Secret::RecoveryCode(code), unix_now())?;
            // A profile from before signed sequences signs its card first, so both
            // names can be read for the check.
            vault.adopt_shared_records(&keyring, COUPLE_KINDS)?;
            let names = profile_names(vault, &keyring)?;
            let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
            strength::check("new_passphrase", &new, &names)?;
            vault.set_passphrase(&keyring, &new, state.cell().kdf)?;
            keyring
        }
    };
    write_header_after_backup(state.data_dir(), vault, &keyring);
    // A disconnect the app stopped in the middle of gets its new key now; should this
    // fail, the unlock goes on and the next one tries again.
    let _ = vault.finish_disconnect(&mut keyring);
    let session = begin_session(vault, keyring, slot, state.cell().now())?;
    // With a partner's device paired, what they wrote since is read now.
    super::sync::quietly(vault, &session.keyring);
    // sled reuses space slowly; a store grown well past its data is rewritten (the
    // old folder is removed only after the marker points at the new one).
    let _ = vault.compact_if_bloated();
    inner.session = Some(session);
    drop(inner);
    me(state)
}

/// Changes the unlocked partner's passphrase. With `lock_out_older` (the choice the
/// screen offers first) the partner also gets a new key and recovery code, every record
/// is sealed again, and the backups kept in the data folder are replaced by a fresh one,
/// so no older copy opens with the old passphrase or code (SECURITY.md 23). Returns the
/// new recovery code then, to show once.
pub fn change_passphrase(
    state: &AppState,
    current: Passphrase,
    new: Passphrase,
    lock_out_older: bool,
) -> AppResult<Option<RecoveryCode>> {
    let _gate = state.cell().gate();
    let mut inner = state.cell().lock();
    let kdf = state.cell().kdf;
    let (vault, session) = inner.unlocked()?;
    let names = profile_names(vault, &session.keyring)?;
    let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
    strength::check("new_passphrase", &new, &names)?;
    let wrong_current = |e| {
        match e {
        VaultError::WrongPassphrase => AppError::new(
            ErrorCode::WrongPassphrase,
            "That isn't your current passphrase. Nothing was changed. Take your time and try again.",
        ),
        e => e.into(),
    }
    };
    if !lock_out_older {
        vault
            .change_passphrase(&session.keyring, current, &new, kdf, unix_now())
            .map_err(wrong_current)?;
        return Ok(None);
    }
    let code = vault
        .rotate(
            &mut session.keyring,
            current,
            &new,
            kdf,
            unix_now(),
            PRIVATE_KINDS,
        )
        .map_err(wrong_current)?;
    replace_kept_backups(state.data_dir(), vault, &session.keyring);
    Ok(Some(code))
}

/// A new recovery code for the unlocked partner; the old one opens nothing here any
/// more, and the backups kept in the data folder (which it would open) are replaced by
/// a fresh one.
pub fn replace_recovery_code(state: &AppState) -> AppResult<RecoveryCode> {
    let _gate = state.cell().gate();
    let mut inner = state.cell().lock();
    let kdf = state.cell().kdf;
    let (vault, session) = inner.unlocked()?;
    let code = vault.replace_recovery_code(&session.keyring, kdf)?;
    replace_kept_backups(state.data_dir(), vault, &session.keyring);
    Ok(code)
}

/// The kinds a partner keeps privately, for profiles from before the vault recorded
/// them (rotation seals each of these again).
pub(crate) const PRIVATE_KINDS: &[&str] = &[
    PROFILE_KIND,
    super::checkins::DAY_KIND,
    super::checkins::MONTH_KIND,
    super::journal::KIND,
    super::tasks::KIND,
    super::arc::EVENT_KIND,
    super::settings::KIND,
    super::safety_check::KIND,
    super::support::KIND,
    super::apart::REFLECTION_KIND,
    super::apart::PARTING_KIND,
    super::questions::KIND,
    super::questions::ANSWER_KIND,
    super::triggers::KIND,
    super::triggers::HELP_KIND,
    super::agreements::KIND,
    super::agreements::ANSWER_KIND,
    super::session_page::KIND,
];

/// The backups in the data folder hold older locks: a fresh one first, then the rest
/// go. (Backups saved elsewhere are out of the app's reach; the screen says so.)
pub(crate) fn replace_kept_backups(data_dir: &Path, vault: &Vault, keyring: &Keyring) {
    let dir = backups_dir(data_dir);
    let fresh = kept_backup_path(data_dir);
    if crate::vault::create_private_dir(&dir).is_err() || vault.backup(keyring, &fresh).is_err() {
        return;
    }
    for old in kept_backups(data_dir) {
        if old != fresh {
            let _ = std::fs::remove_file(old);
        }
    }
}

/// The names of the profiles `keyring` can read: its own and, once set up, the partner's.
fn profile_names(vault: &Vault, keyring: &Keyring) -> AppResult<Vec<Zeroizing<String>>> {
    let mut out = Vec::new();
    for slot in [keyring.slot(), keyring.slot().other()] {
        if let Some(p) = vault.get_or_skip::<StoredProfile>(
            keyring,
            Owner::SharedBy(slot),
            PROFILE_KIND,
            PROFILE_ID,
        )? {
            out.push(Zeroizing::new(p.name));
        }
    }
    Ok(out)
}

/// The verdict on a new passphrase for the meter: `names` are those typed on the screen
/// (a name being set up); the names of whoever is unlocked are added here, so the meter
/// judges with the same names as saving does. While locked only `names` are known.
pub fn passphrase_strength(
    state: &AppState,
    passphrase: &Passphrase,
    names: &[&str],
) -> AppResult<strength::Strength> {
    let mut inner = state.cell().lock();
    let known = match inner.unlocked() {
        Ok((vault, session)) => profile_names(vault, &session.keyring)?,
        Err(_) => Vec::new(),
    };
    drop(inner);
    let mut all: Vec<&str> = names.to_vec();
    all.extend(known.iter().map(|n| n.as_str()));
    Ok(strength::judge(passphrase, &all))
}

/// Drops the keys. Everything but status and unlock answers `locked` afterwards.
pub fn lock(state: &AppState) {
    // With a partner's device paired, what was written here goes to the folder first.
    if let Ok((vault, session)) = state.cell().lock().unlocked() {
        super::sync::quietly(vault, &session.keyring);
    }
    state.cell().lock_now();
}

/// Locks, after writing a backup into the data folder when the newest one there is more
/// than a day old (sled is beta software: a damaged store is restored from these). The
/// lock is what the person asked for, so it happens even if that backup fails.
pub fn sign_out(state: &AppState) {
    let dir = backups_dir(state.data_dir());
    let newest_age = kept_backups(state.data_dir())
        .first()
        .and_then(|p| p.metadata().ok()?.modified().ok()?.elapsed().ok());
    if newest_age.is_none_or(|age| age > AUTO_BACKUP_EVERY)
        && dir.parent().is_some_and(Path::is_dir)
    {
        let _ = backup(state, None);
    }
    lock(state);
}

/// Who is unlocked, and their partner if the partner has a profile.
pub fn me(state: &AppState) -> AppResult<Me> {
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let partner_slot = session.slot.other();
    let partner = match vault.get_or_skip::<StoredProfile>(
        &session.keyring,
        Owner::SharedBy(partner_slot),
        PROFILE_KIND,
        PROFILE_ID,
    )? {
        Some(p) => {
            let colour = vault
                .profiles(unix_now())?
                .iter()
                .find(|i| i.slot == partner_slot)
                .map_or(0, |i| i.colour);
            Some(Person {
                slot: partner_slot.number(),
                name: p.name,
                role: p.role,
                colour,
            })
        }
        None => None,
    };
    Ok(Me {
        me: Person {
            slot: session.slot.number(),
            name: session.name.to_string(),
            role: session.role,
            colour: session.colour,
        },
        partner,
        auto_lock_minutes: settings::load(vault, &session.keyring)?.auto_lock_minutes,
        offer_fresh_start: session.offer_fresh_start,
        parted: session.keyring.couple_space_closed(),
    })
}

/// Writes a backup. Without a path it goes into the data folder's `backups/`, keeping
/// the newest few.
pub fn backup(state: &AppState, path: Option<PathBuf>) -> AppResult<(PathBuf, u64)> {
    let path = match path {
        Some(p) => {
            check_backup_target(&p)?;
            p
        }
        None => {
            crate::vault::create_private_dir(&backups_dir(state.data_dir()))
                .map_err(|_| AppError::internal())?;
            kept_backup_path(state.data_dir())
        }
    };
    let mut inner = state.cell().lock();
    let (vault, session) = inner.unlocked()?;
    let size = vault.backup(&session.keyring, &path)?;
    drop(inner);
    if path.parent() == Some(&backups_dir(state.data_dir())) {
        prune_backups(&backups_dir(state.data_dir()));
    }
    Ok((path, size))
}

fn check_backup_target(p: &Path) -> AppResult<()> {
    let parent_ok = p.is_absolute()
        && p.parent().is_some_and(Path::is_dir)
        && p.file_name().is_some()
        && !p.is_dir();
    if !parent_ok {
        return Err(AppError::validation(
            "path",
            "Please choose a file name in a folder that exists, for example on a USB stick.",
        ));
    }
    Ok(())
}

fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// The backup kept in the data folder today: its name carries the day and nothing finer
/// (SECURITY.md 26); a second one the same day replaces the first. Names sort by time,
/// also after the 0.1.0 names (milliseconds since 1970, which start with 1 until 2033).
fn kept_backup_path(data_dir: &Path) -> PathBuf {
    let day = super::checkins::today().format("%Y-%m-%d");
    backups_dir(data_dir).join(format!("healing-arc-{day}.backup"))
}

/// The backup written before a format update: kept apart from the day's, which a later
/// lock the same day replaces.
fn before_update_backup_path(data_dir: &Path) -> PathBuf {
    let day = super::checkins::today().format("%Y-%m-%d");
    backups_dir(data_dir).join(format!("healing-arc-{day}-before-update.backup"))
}

/// The backups in the data folder, newest first (their names sort by time).
pub(crate) fn kept_backups(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(backups_dir(data_dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "backup"))
        .collect();
    files.sort();
    files.reverse();
    files
}

fn prune_backups(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "backup"))
        .collect();
    files.sort();
    let excess = files.len().saturating_sub(KEPT_BACKUPS);
    for old in &files[..excess] {
        let _ = std::fs::remove_file(old);
    }
}

/// Restores a backup. Where a vault already exists it is set aside in a `replaced-N`
/// folder (never deleted), and only after the backup has opened with the secret. Wrong
/// tries count like wrong passphrases (SECURITY.md 28): the device's restore counter
/// and, where a vault exists, that profile's counter. The partner comes back unlocked.
pub fn restore(state: &AppState, path: &Path, slot: u8, secret: Secret) -> AppResult<Me> {
    let slot = parse_slot(slot)?;
    if !path.is_file() {
        return Err(AppError::validation(
            "path",
            "That file couldn't be found. Please choose the backup file again.",
        ));
    }
    let dir = state.data_dir();
    let _gate = state.cell().gate();
    let mut inner = state.cell().lock();
    let now = unix_now();
    // A damaged store is set aside by opening it; what is left is a vault or nothing.
    let existing = match inner.open(dir) {
        Ok(v) => v.is_some(),
        Err(e) if e.code == ErrorCode::DamagedStore => false,
        Err(e) => return Err(e),
    };
    let device = restore_attempts(dir);
    let profile = match inner.vault.as_ref() {
        Some(v) => v.attempts(slot).unwrap_or_default(),
        None => Default::default(),
    };
    if let Some(wait) = [device.wait(now), profile.wait(now)]
        .into_iter()
        .flatten()
        .max()
    {
        return Err(VaultError::TryLater { wait }.into());
    }
    let opened = match OpenedBackup::read(path, slot, &secret) {
        Ok(opened) => opened,
        Err(VaultError::WrongPassphrase) => {
            set_restore_attempts(dir, device.failed(now))?;
            if let Some(v) = inner.vault.as_ref() {
                v.note_failed_try(slot, now)?;
            }
            return Err(VaultError::WrongPassphrase.into());
        }
        Err(e) => return Err(e.into()),
    };
    drop(secret);
    set_restore_attempts(dir, Default::default())?;
    if existing {
        // Close the store (and drop any keys) before its folder moves.
        inner.session = None;
        inner.vault = None;
        set_aside_as(dir, "replaced").map_err(|_| AppError::internal())?;
    }
    let (mut vault, keyring) = opened.write_into(dir)?;
    write_header_after_backup(dir, &mut vault, &keyring);
    inner.session = Some(begin_session(&vault, keyring, slot, state.cell().now())?);
    inner.vault = Some(vault);
    inner.set_aside = None;
    drop(inner);
    me(state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::vault::{KdfParams, Passphrase};

    #[test]
    fn a_readiness_published_by_0_1_0_is_taken_back_at_unlock() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::with_kdf(tmp.path().join("data"), KdfParams::FLOOR);
        create(
            &state,
            NewPartner::for_test("Alex", Role::Ap, "maple leaves in autumn"),
        )
        .unwrap();
        let published =
            serde_json::json!({"date": "2026-01-05", "phase": "stabilize", "ready": false});
        let count = |state: &AppState| {
            let mut inner = state.cell().lock();
            let (vault, session) = inner.unlocked().unwrap();
            vault
                .list::<serde_json::Value>(
                    &session.keyring,
                    Owner::SharedBy(session.slot),
                    super::super::arc::READINESS_KIND,
                )
                .unwrap()
                .len()
        };
        {
            // What 0.1.0 wrote on every view.
            let mut inner = state.cell().lock();
            let (vault, session) = inner.unlocked().unwrap();
            let owner = Owner::SharedBy(session.slot);
            vault
                .put(
                    &session.keyring,
                    owner,
                    super::super::arc::READINESS_KIND,
                    "current",
                    &published,
                )
                .unwrap();
        }
        assert_eq!(count(&state), 1);
        lock(&state);
        unlock(&state, 1, Passphrase::new("maple leaves in autumn".into())).unwrap();
        assert_eq!(
            count(&state),
            0,
            "nothing computed from private answers stays shared"
        );
        // And nothing writes one again.
        crate::app::views::arc_view(&state).unwrap();
        crate::app::views::together_view(&state).unwrap();
        assert_eq!(count(&state), 0);
    }
}
