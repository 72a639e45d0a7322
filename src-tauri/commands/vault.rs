//! Commands for the couple's vault: status (works while locked), set-up, unlock, lock,
//! passphrase change, recovery, backup and restore, and the partner's settings.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tauri::{Runtime, State, Window};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::input::{blocking, parse, SecretText};
use super::picker::NativePicker;
use super::report::SavedFile;
use crate::app::couple::{self, Me, NewPartner, Person, Status, VaultState};
use crate::app::files::{self, BackupSource, Chosen};
use crate::app::settings::{self, Settings};
use crate::app::strength::Strength as PassphraseStrength;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::model::{rules, Role};
use crate::vault::{Passphrase, RecoveryCode, Secret};

#[derive(Debug, Clone, Serialize, TS)]
pub struct VaultStatus {
    /// "none" before set-up, then "locked" or "unlocked".
    pub state: VaultStateDto,
    /// Neutral labels and colours only: no names while locked.
    pub profiles: Vec<ProfileChoice>,
    pub unlocked: Option<u8>,
    /// Where a damaged store was set aside, when that happened; offer a restore.
    pub set_aside: Option<String>,
    /// The names of the backups kept in the data folder, newest first; a restore names
    /// one of these.
    pub backups: Vec<String>,
    /// While unlocked: how many of this partner's entries could not be read, each hiding
    /// only itself.
    pub unreadable_entries: u32,
    /// While unlocked: the settings could not be read and the defaults are in use.
    pub settings_unreadable: bool,
    /// While unlocked: part of what was shared was changed outside the app; only what
    /// still verifies is shown.
    pub shared_changed: bool,
    /// While unlocked: this partner's own entries were changed outside the app since
    /// they last wrote (found at this unlock).
    pub own_changed: bool,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "VaultState")]
pub enum VaultStateDto {
    None,
    Locked,
    Unlocked,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProfileChoice {
    pub slot: u8,
    pub label: String,
    pub colour: u8,
    /// Seconds before another unlock try is allowed, after several wrong ones.
    pub wait_secs: Option<u64>,
}

impl From<Status> for VaultStatus {
    fn from(s: Status) -> Self {
        VaultStatus {
            state: match s.state {
                VaultState::None => VaultStateDto::None,
                VaultState::Locked => VaultStateDto::Locked,
                VaultState::Unlocked => VaultStateDto::Unlocked,
            },
            profiles: s
                .profiles
                .into_iter()
                .map(|p| ProfileChoice {
                    slot: p.slot,
                    label: p.label,
                    colour: p.colour,
                    wait_secs: p.wait_secs,
                })
                .collect(),
            unlocked: s.unlocked,
            set_aside: s.set_aside.map(|p| p.display().to_string()),
            backups: s
                .backups
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect(),
            unreadable_entries: s.unreadable.entries,
            settings_unreadable: s.unreadable.settings,
            shared_changed: s.unreadable.shared_changed,
            own_changed: s.unreadable.own_changed,
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewPartnerInput {
    pub name: String,
    pub role: Role,
    pub colour: u8,
    pub passphrase: String,
}

impl From<NewPartnerInput> for NewPartner {
    fn from(i: NewPartnerInput) -> Self {
        NewPartner {
            name: i.name,
            role: i.role,
            colour: i.colour,
            passphrase: Passphrase::new(i.passphrase),
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct Created {
    pub slot: u8,
    /// Shown once, to be written down; Healing Arc cannot show it again.
    #[ts(type = "string")]
    pub recovery_code: SecretText,
}

impl From<couple::Created> for Created {
    fn from(c: couple::Created) -> Self {
        Created {
            slot: c.slot,
            recovery_code: SecretText(Zeroizing::new(c.recovery_code.reveal().to_owned())),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "Person")]
pub struct PersonDto {
    pub slot: u8,
    pub name: String,
    pub role: Role,
    pub colour: u8,
}

impl From<Person> for PersonDto {
    fn from(p: Person) -> Self {
        PersonDto {
            slot: p.slot,
            name: p.name,
            role: p.role,
            colour: p.colour,
        }
    }
}

/// The unlocked partner, and their partner once they have a profile.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "Me")]
pub struct MeDto {
    pub me: PersonDto,
    pub partner: Option<PersonDto>,
    pub auto_lock_minutes: u32,
    /// The partner's first unlock of their own profile: offer, once, a new passphrase
    /// and recovery code.
    pub offer_fresh_start: bool,
    /// A parting is recorded: nothing new is shared, so no share is offered.
    pub parted: bool,
}

impl From<Me> for MeDto {
    fn from(m: Me) -> Self {
        MeDto {
            me: m.me.into(),
            partner: m.partner.map(Into::into),
            auto_lock_minutes: m.auto_lock_minutes,
            offer_fresh_start: m.offer_fresh_start,
            parted: m.parted,
        }
    }
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnlockInput {
    pub slot: u8,
    pub passphrase: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecoverInput {
    pub slot: u8,
    pub recovery_code: String,
    pub new_passphrase: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChangePassphraseInput {
    pub current: String,
    pub new_passphrase: String,
    /// A new key and recovery code, every record sealed again, older backups in the
    /// data folder replaced (SECURITY.md 23). The screen offers it checked.
    pub lock_out_older: bool,
}

/// After a passphrase change: the new recovery code, when older copies were locked out.
#[derive(Debug, Serialize, TS)]
pub struct PassphraseChanged {
    #[ts(type = "string | null")]
    pub recovery_code: Option<SecretText>,
}

/// A replaced recovery code, shown once.
#[derive(Debug, Serialize, TS)]
pub struct NewRecoveryCode {
    #[ts(type = "string")]
    pub recovery_code: SecretText,
}

/// A new passphrase to judge, with the names typed on the same screen (the name being
/// set up); the backend adds the names of whoever is unlocked.
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PassphraseStrengthInput {
    pub passphrase: String,
    pub names: Vec<String>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BackupInput {
    /// true: the backend opens the save dialog (a USB stick, another disk); otherwise
    /// the backup is kept in the data folder.
    #[ts(optional)]
    #[serde(default)]
    pub choose_file: Option<bool>,
}

/// Give the passphrase or the recovery code of the chosen profile.
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RestoreInput {
    /// The name of a backup kept on this device, as the status lists it; without it the
    /// backend opens the open dialog for a backup file.
    #[ts(optional)]
    #[serde(default)]
    pub kept: Option<String>,
    pub slot: u8,
    #[ts(optional)]
    #[serde(default)]
    pub passphrase: Option<String>,
    #[ts(optional)]
    #[serde(default)]
    pub recovery_code: Option<String>,
}

/// What came of a restore: the partner, unlocked, or nothing chosen in the dialog.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RestoreOutcome {
    Restored { me: MeDto },
    Cancelled,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(rename = "Settings")]
pub struct SettingsDto {
    pub auto_lock_minutes: u32,
}

impl From<Settings> for SettingsDto {
    fn from(s: Settings) -> Self {
        SettingsDto {
            auto_lock_minutes: s.auto_lock_minutes,
        }
    }
}

#[tauri::command]
pub async fn vault_status(state: State<'_, AppState>) -> AppResult<VaultStatus> {
    blocking(&state, |st| couple::status(st).map(Into::into)).await
}

#[tauri::command]
pub async fn vault_create(state: State<'_, AppState>, input: Option<Value>) -> AppResult<Created> {
    let input: NewPartnerInput = parse(input)?;
    blocking(&state, move |st| {
        couple::create(st, input.into()).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn vault_add_partner(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<Created> {
    let input: NewPartnerInput = parse(input)?;
    blocking(&state, move |st| {
        couple::add_partner(st, input.into()).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn vault_unlock(state: State<'_, AppState>, input: Option<Value>) -> AppResult<MeDto> {
    let input: UnlockInput = parse(input)?;
    let passphrase = Passphrase::new(input.passphrase);
    blocking(&state, move |st| {
        couple::unlock(st, input.slot, passphrase).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn vault_recover(state: State<'_, AppState>, input: Option<Value>) -> AppResult<MeDto> {
    let input: RecoverInput = parse(input)?;
    let code = Zeroizing::new(input.recovery_code);
    let new = Passphrase::new(input.new_passphrase);
    blocking(&state, move |st| {
        couple::recover(st, input.slot, &code, new).map(Into::into)
    })
    .await
}

#[tauri::command]
pub async fn vault_change_passphrase(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<PassphraseChanged> {
    let input: ChangePassphraseInput = parse(input)?;
    let current = Passphrase::new(input.current);
    let new = Passphrase::new(input.new_passphrase);
    let lock_out = input.lock_out_older;
    blocking(&state, move |st| {
        let code = couple::change_passphrase(st, current, new, lock_out)?;
        Ok(PassphraseChanged {
            recovery_code: code.map(|c| SecretText(Zeroizing::new(c.reveal().to_owned()))),
        })
    })
    .await
}

/// A new recovery code; the old one opens nothing here any more.
#[tauri::command]
pub async fn vault_replace_recovery_code(state: State<'_, AppState>) -> AppResult<NewRecoveryCode> {
    blocking(&state, move |st| {
        let code = couple::replace_recovery_code(st)?;
        Ok(NewRecoveryCode {
            recovery_code: SecretText(Zeroizing::new(code.reveal().to_owned())),
        })
    })
    .await
}

/// The meter beside a new passphrase: the same verdict saving it would give.
#[tauri::command]
pub async fn passphrase_strength(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<PassphraseStrength> {
    let input: PassphraseStrengthInput = parse(input)?;
    let passphrase = Passphrase::new(input.passphrase);
    let names: Vec<Zeroizing<String>> = input.names.into_iter().map(Zeroizing::new).collect();
    if names.len() > 2
        || names
            .iter()
            .any(|n| n.chars().count() > rules::NAME_MAX_CHARS)
    {
        return Err(AppError::validation(
            "names",
            format!(
                "Up to two names of up to {} characters each can be checked.",
                rules::NAME_MAX_CHARS
            ),
        ));
    }
    blocking(&state, move |st| {
        let names: Vec<&str> = names.iter().map(|n| n.as_str()).collect();
        couple::passphrase_strength(st, &passphrase, &names)
    })
    .await
}

/// Locks: the keys are dropped; only status and unlock answer until the next unlock.
/// Writes the day's backup into the data folder first, if there is none yet.
#[tauri::command]
pub async fn vault_lock(state: State<'_, AppState>) -> AppResult<()> {
    blocking(&state, |st| {
        couple::sign_out(st);
        Ok(())
    })
    .await
}

/// The quick hide: drops the keys with no disk work. Off the main thread too, so the
/// window never waits even if an unlock's KDF holds the vault for a moment.
#[tauri::command]
pub async fn lock_now(state: State<'_, AppState>) -> AppResult<()> {
    blocking(&state, |st| {
        couple::lock(st);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn vault_me(state: State<'_, AppState>) -> AppResult<MeDto> {
    blocking(&state, |st| couple::me(st).map(Into::into)).await
}

/// Keeps a backup in the data folder, or writes one where the person chooses.
#[tauri::command]
pub async fn vault_backup<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SavedFile> {
    let input: BackupInput = parse(input.or(Some(Value::Object(Default::default()))))?;
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        let done = if input.choose_file == Some(true) {
            files::backup_chosen(st, &picker)?
        } else {
            Chosen::Done(couple::backup(st, None)?)
        };
        Ok(done.into())
    })
    .await
}

/// Restores a kept backup, or one the person picks in the open dialog.
#[tauri::command]
pub async fn vault_restore<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<RestoreOutcome> {
    let input: RestoreInput = parse(input)?;
    let secret = match (input.passphrase, input.recovery_code) {
        (Some(p), None) => Secret::Passphrase(Passphrase::new(p)),
        (None, Some(c)) => {
            let c = Zeroizing::new(c);
            Secret::RecoveryCode(RecoveryCode::parse(&c).ok_or_else(|| {
                AppError::validation(
                    "recovery_code",
                    "A recovery code has 32 letters and digits, in groups of four.",
                )
            })?)
        }
        _ => {
            return Err(AppError::validation(
                "passphrase",
                "Please enter the passphrase or the recovery code of the profile you choose.",
            ))
        }
    };
    let source = match input.kept {
        Some(name) => BackupSource::Kept(name),
        None => BackupSource::Chosen,
    };
    let picker = NativePicker::new(window);
    blocking(&state, move |st| {
        Ok(
            match files::restore_from(st, source, input.slot, secret, &picker)? {
                Chosen::Done(me) => RestoreOutcome::Restored { me: me.into() },
                Chosen::Cancelled => RestoreOutcome::Cancelled,
            },
        )
    })
    .await
}

#[tauri::command]
pub async fn settings_get(state: State<'_, AppState>) -> AppResult<SettingsDto> {
    blocking(&state, |st| settings::get(st).map(Into::into)).await
}

#[tauri::command]
pub async fn settings_set(
    state: State<'_, AppState>,
    input: Option<Value>,
) -> AppResult<SettingsDto> {
    let input: SettingsDto = parse(input)?;
    blocking(&state, move |st| {
        settings::set(
            st,
            Settings {
                auto_lock_minutes: input.auto_lock_minutes,
            },
        )
        .map(Into::into)
    })
    .await
}
