//! Unit tests of the vault against a real sled store in a temporary folder. Tests that
//! prove a SECURITY.md requirement are named `req_NN_…`; the integration tests
//! (tests/integration/vault.rs) prove the rest through the app.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::header::hex;
use super::keys::{backup_key, couple_wrap_key, Namer};
use super::seal::{nonce_of, Sealer};
use super::secret::Key32;
use super::storage::Write;
use super::*;

const P1: &str = "first partner passphrase";
const P2: &str = "second partner passphrase";
const KIND: &str = "note";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

pub(super) struct Couple {
    _tmp: tempfile::TempDir,
    pub(super) dir: PathBuf,
    pub(super) vault: Vault,
    pub(super) one: Keyring,
    pub(super) two: Keyring,
    code_one: String,
    code_two: String,
}

/// A vault with both partners, at the enforced KDF floor.
pub(super) fn couple() -> Couple {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (mut vault, one, code_one) = Vault::create(&dir, KdfParams::FLOOR, 3, &pass(P1)).unwrap();
    let mut one = one;
    let (slot, code_two, _) = vault
        .add_partner(&one, 5, &pass(P2), KdfParams::FLOOR)
        .unwrap();
    // As the app does at set-up: the first partner pins the second's key.
    vault.prepare_couple_space(&mut one).unwrap();
    assert_eq!(slot, Slot::TWO);
    let two = vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    Couple {
        _tmp: tmp,
        dir,
        vault,
        one,
        two,
        code_one: code_one.reveal().to_owned(),
        code_two: code_two.reveal().to_owned(),
    }
}

/// The test note "a" of the unlocked partner, as stored.
fn note_a(vault: &Vault, kr: &Keyring) -> Option<String> {
    vault.get::<String>(kr, Owner::Mine, KIND, "a").unwrap()
}

fn code(s: &str) -> Secret {
    Secret::RecoveryCode(RecoveryCode::parse(s).unwrap())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            out.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

/// The forms a secret could leak in: raw, hex (both cases), base64, and (for text) UTF-16LE.
fn forms(bytes: &[u8], text: bool) -> Vec<Vec<u8>> {
    let hex = header::hex::encode(bytes);
    let mut f = vec![
        bytes.to_vec(),
        hex.clone().into_bytes(),
        hex.to_uppercase().into_bytes(),
        base64(bytes).into_bytes(),
    ];
    if text {
        let s = String::from_utf8(bytes.to_vec()).unwrap();
        f.push(s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect());
    }
    f
}

fn assert_absent(dir: &Path, what: &str, bytes: &[u8], text: bool) {
    for file in files_under(dir) {
        let content = std::fs::read(&file).unwrap();
        for form in forms(bytes, text) {
            assert!(
                !content.windows(form.len()).any(|w| w == &form[..]),
                "{what} found in {}",
                file.display()
            );
        }
    }
}

#[test]
fn req_01_no_key_the_vault_derived_or_generated_is_on_disk() {
    let c = couple();
    let marker = "canary-7f3e9b2d-unique-marker";
    c.vault
        .put(&c.one, Owner::Mine, KIND, "2031-02-03", &marker)
        .unwrap();
    c.vault
        .put(
            &c.two,
            Owner::SharedBy(Slot::TWO),
            KIND,
            "2031-02-03",
            &marker,
        )
        .unwrap();
    c.vault.backup(&c.one, &c.dir.join("backup.bin")).unwrap();

    // Every key: the key-encryption keys (recomputed from the stored salts), the root
    // keys, the couple key and every subkey.
    let mut keys: Vec<(String, Key32)> = Vec::new();
    let header = c.vault.header.clone();
    let secrets = [
        (P1.as_bytes().to_vec(), c.code_one.replace('-', "")),
        (P2.as_bytes().to_vec(), c.code_two.replace('-', "")),
    ];
    for (p, (pw, rc)) in header.profiles.iter().zip(secrets) {
        keys.push((
            "passphrase key".into(),
            kdf::derive(&pw, &p.passphrase.salt, p.passphrase.kdf).unwrap(),
        ));
        keys.push((
            "recovery key".into(),
            kdf::derive(rc.as_bytes(), &p.recovery.salt, p.recovery.kdf).unwrap(),
        ));
    }
    for kr in [&c.one, &c.two] {
        keys.push(("root key".into(), kr.root.clone()));
        keys.push(("couple key".into(), kr.couple.link().clone()));
        keys.push(("couple wrap key".into(), couple_wrap_key(&kr.root)));
        keys.push(("backup key".into(), backup_key(kr.couple.seal_root())));
        for k in [&kr.own, &kr.shared] {
            keys.push(("seal subkey".into(), k.seal.clone()));
            keys.push(("ids subkey".into(), k.ids.clone()));
        }
    }
    let Couple {
        dir,
        vault,
        one,
        two,
        ..
    } = c;
    drop((vault, one, two));
    for (what, key) in &keys {
        assert_absent(&dir, what, key.bytes(), false);
    }
    assert_absent(&dir, "marker", marker.as_bytes(), true);
    assert_absent(&dir, "date", b"2031-02-03", true);
    assert_absent(&dir, "kind", KIND.as_bytes(), true);
}

#[test]
fn req_02_one_partners_keys_cannot_open_the_others_records() {
    let c = couple();
    c.vault
        .put(
            &c.two,
            Owner::Mine,
            KIND,
            "x",
            &"partner two's private words",
        )
        .unwrap();
    // Partner one sees nothing of it through the API...
    assert!(c
        .vault
        .list::<String>(&c.one, Owner::Mine, KIND)
        .unwrap()
        .is_empty());
    assert!(c
        .vault
        .list::<String>(&c.one, Owner::SharedBy(Slot::TWO), KIND)
        .unwrap()
        .is_empty());
    // ...and none of partner one's keys opens its bytes, even with the right associated data.
    let (byte, keys_two) = c.two.resolve(Owner::Mine);
    let key = Namer::new(&keys_two.ids).store_key(byte, KIND, "x");
    let sealed = c.vault.store.get(&key).unwrap().expect("stored");
    let ad = records::record_ad(&c.two.vault_id, byte, KIND, &key);
    assert!(Sealer::new(&keys_two.seal).open(&ad, &sealed).is_ok());
    for k in [
        &c.one.own.seal,
        &c.one.own.ids,
        &c.one.shared.seal,
        &c.one.shared.ids,
        &c.one.root,
        c.one.couple.link(),
    ] {
        assert!(matches!(
            Sealer::new(k).open(&ad, &sealed),
            Err(VaultError::Integrity)
        ));
    }
    // Partner one cannot even name it: its ids key gives other store keys.
    let (_, keys_one) = c.one.resolve(Owner::Mine);
    assert_ne!(Namer::new(&keys_one.ids).store_key(byte, KIND, "x"), key);
}

#[test]
fn req_03_debug_of_secrets_prints_a_redaction() {
    let c = couple();
    let key = Key32::take(&mut [0xAB; 32]).unwrap();
    let code = RecoveryCode::parse(&c.code_one).unwrap();
    let printed = [
        format!("{key:?}"),
        format!("{:?}", pass(P1)),
        format!("{code:?}"),
        format!("{:?}", c.one),
        format!("{:?}", Secret::Passphrase(pass(P1))),
        format!("{:?}", c.vault),
    ];
    for p in &printed {
        assert!(
            !p.contains("171") && !p.to_lowercase().contains("abab"),
            "{p}"
        );
        assert!(!p.contains(P1) && !p.contains(&c.code_one), "{p}");
    }
    assert!(printed[..5].iter().all(|p| p.contains("redacted")));
}

#[test]
fn req_06_tampered_moved_or_truncated_records_fail() {
    let c = couple();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"first")
        .unwrap();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "b", &"second")
        .unwrap();
    c.vault
        .put(&c.one, Owner::SharedBy(Slot::ONE), KIND, "a", &"shared")
        .unwrap();
    let raw = c.vault.store.raw();
    let (byte, keys) = c.one.resolve(Owner::Mine);
    let key_a = Namer::new(&keys.ids).store_key(byte, KIND, "a").to_vec();
    let key_b = Namer::new(&keys.ids).store_key(byte, KIND, "b").to_vec();
    let original = raw.iter().find(|(k, _)| *k == key_a).unwrap().1.clone();
    let put = |k: &[u8], v: Vec<u8>| {
        c.vault
            .store
            .apply(vec![Write::Put(k.to_vec(), v)])
            .unwrap()
    };
    let read_a = || c.vault.get::<String>(&c.one, Owner::Mine, KIND, "a");

    for i in 0..original.len() {
        for bit in [0x01, 0x80] {
            let mut v = original.clone();
            v[i] ^= bit;
            put(&key_a, v);
            assert!(matches!(read_a(), Err(VaultError::Integrity)), "byte {i}");
            // A list leaves it out and notes it (SECURITY.md 24); never its bytes.
            let listed = c.vault.list::<String>(&c.one, Owner::Mine, KIND).unwrap();
            assert!(listed.iter().all(|(id, _)| id != "a"), "byte {i}");
            assert_eq!(c.vault.unreadable(), vec![KIND], "byte {i}");
        }
    }
    for len in [0, 1, 12, original.len() - 1] {
        put(&key_a, original[..len].to_vec());
        assert!(
            matches!(read_a(), Err(VaultError::Integrity)),
            "truncated to {len}"
        );
    }
    // Moved to another id of the same owner and kind.
    put(&key_b, original.clone());
    assert!(matches!(
        c.vault.get::<String>(&c.one, Owner::Mine, KIND, "b"),
        Err(VaultError::Integrity)
    ));
    // Moved to the shared owner.
    let (sbyte, skeys) = c.one.resolve(Owner::SharedBy(Slot::ONE));
    let shared_key = Namer::new(&skeys.ids).store_key(sbyte, KIND, "a").to_vec();
    let shared = raw
        .iter()
        .find(|(k, _)| *k == shared_key)
        .unwrap()
        .1
        .clone();
    put(&key_a, shared);
    assert!(matches!(read_a(), Err(VaultError::Integrity)));
    // Back in place, it reads again.
    put(&key_a, original);
    assert_eq!(read_a().unwrap().as_deref(), Some("first"));
}

#[test]
fn req_06_a_record_from_another_vault_fails() {
    let a = couple();
    let b = couple();
    a.vault
        .put(&a.one, Owner::Mine, KIND, "a", &"from a")
        .unwrap();
    b.vault
        .put(&b.one, Owner::Mine, KIND, "a", &"from b")
        .unwrap();
    let (byte, keys) = b.one.resolve(Owner::Mine);
    let key_b = Namer::new(&keys.ids).store_key(byte, KIND, "a");
    let value_a = a.vault.store.raw().into_iter().next().unwrap().1;
    b.vault
        .store
        .apply(vec![Write::Put(key_b.to_vec(), value_a)])
        .unwrap();
    assert!(b
        .vault
        .get::<String>(&b.one, Owner::Mine, KIND, "a")
        .is_err());
}

/// Replaces requirement 7: a wrong passphrase and a damaged lock are told apart, by
/// checksums of the wrapped keys only, and a lock damaged in one header copy still opens.
#[test]
fn req_24_a_damaged_lock_is_told_apart_from_a_wrong_passphrase() {
    let Couple {
        _tmp,
        dir,
        mut vault,
        code_one,
        ..
    } = couple();
    let unlock = |v: &Vault, s: &str| v.unlock(Slot::ONE, &Secret::Passphrase(pass(s)), 0);
    let reopen = |v: Vault| {
        drop(v);
        Vault::open(&dir).unwrap()
    };
    assert!(matches!(
        unlock(&vault, "not it at all"),
        Err(VaultError::WrongPassphrase)
    ));
    let good = vault.store.meta_get(HEADER_KEY).unwrap().unwrap();
    let text = String::from_utf8(good.clone()).unwrap();
    let key_hex = hex::encode(&vault.header.profiles[0].passphrase.key);
    let salt_hex = hex::encode(&vault.header.profiles[0].passphrase.salt);
    // A changed key or salt digit, as disk damage would leave it.
    let flip = |h: &str| {
        let mut b = h.as_bytes().to_vec();
        b[10] = if b[10] == b'0' { b'1' } else { b'0' };
        String::from_utf8(b).unwrap()
    };
    for damaged in [
        text.replacen(&key_hex, &flip(&key_hex), 1),
        text.replacen(&salt_hex, &flip(&salt_hex), 1),
        text.replacen("\"t\":2", "\"t\":3", 1),
    ] {
        assert_ne!(damaged, text);
        // In the first copy only: the second opens, with the right passphrase only.
        vault
            .store
            .meta_put(HEADER_KEY, damaged.as_bytes())
            .unwrap();
        vault = reopen(vault);
        assert!(unlock(&vault, P1).is_ok());
        assert!(matches!(
            unlock(&vault, "not it at all"),
            Err(VaultError::WrongPassphrase)
        ));
        vault
            .store
            .meta_put("tries/1", b"{\"failures\":0,\"last_failure\":0}")
            .unwrap();
        // In both: damage, whatever is typed, and no wrong try is counted for it.
        write_both(&vault, damaged.as_bytes());
        vault = reopen(vault);
        for typed in [P1, "not it at all"] {
            assert!(
                matches!(unlock(&vault, typed), Err(VaultError::LockDamaged)),
                "{typed}"
            );
        }
        assert_eq!(vault.attempts(Slot::ONE).unwrap(), Attempts::default());
        // The recovery code's lock is whole, and still opens.
        assert!(vault.unlock(Slot::ONE, &code(&code_one), 0).is_ok());
        // Rewriting the header never blesses a damaged lock with new checksums.
        assert!(vault.rewrite_header().is_err());
        write_both(&vault, &good);
        vault = reopen(vault);
    }
    assert!(unlock(&vault, P1).is_ok());
}

fn write_both(v: &Vault, bytes: &[u8]) {
    v.store.meta_put(HEADER_KEY, bytes).unwrap();
    v.store.meta_put(HEADER_COPY_KEY, bytes).unwrap();
}

#[test]
fn req_08_ten_thousand_seals_of_one_plaintext_use_ten_thousand_nonces() {
    let c = couple();
    let sealer = Sealer::new(&c.one.own.seal);
    let mut nonces = HashSet::new();
    for _ in 0..10_000 {
        let sealed = sealer
            .seal(&c.vault.rng, b"ad", b"the same plaintext")
            .unwrap();
        assert!(nonces.insert(nonce_of(&sealed).unwrap().to_vec()));
    }
    // Through the vault too: saving the same value twice stores different bytes.
    c.vault
        .put(&c.one, Owner::Mine, KIND, "same", &"same")
        .unwrap();
    let first = c.vault.store.raw();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "same", &"same")
        .unwrap();
    assert_ne!(first, c.vault.store.raw());
}

#[test]
fn req_09_changing_the_passphrase_rewraps_only_the_root_key() {
    let mut c = couple();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"kept")
        .unwrap();
    let before = c.vault.store.raw();
    let new = "a brand new passphrase";
    c.vault
        .change_passphrase(&c.one, pass(P1), &pass(new), KdfParams::FLOOR, 0)
        .unwrap();
    assert_eq!(c.vault.store.raw(), before, "no record was rewritten");
    let Couple {
        dir,
        vault,
        code_one,
        ..
    } = c;
    drop(vault);
    let vault = Vault::open(&dir).unwrap();
    assert!(matches!(
        vault.unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0),
        Err(VaultError::WrongPassphrase)
    ));
    let kr = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(new)), 0)
        .unwrap();
    assert_eq!(note_a(&vault, &kr).as_deref(), Some("kept"));
    let kr = vault.unlock(Slot::ONE, &code(&code_one), 0).unwrap();
    assert_eq!(note_a(&vault, &kr).as_deref(), Some("kept"));
}

#[test]
fn change_passphrase_refuses_a_wrong_current_one() {
    let mut c = couple();
    let e = c.vault.change_passphrase(
        &c.one,
        pass("wrong"),
        &pass("new one here"),
        KdfParams::FLOOR,
        0,
    );
    assert!(matches!(e, Err(VaultError::WrongPassphrase)));
    assert!(c
        .vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .is_ok());
}

#[test]
fn recovery_code_unlocks_and_sets_a_new_passphrase() {
    let mut c = couple();
    c.vault
        .put(&c.two, Owner::Mine, KIND, "a", &"two's")
        .unwrap();
    let code_two = RecoveryCode::parse(&c.code_two.to_lowercase()).unwrap();
    let kr = c
        .vault
        .unlock(Slot::TWO, &Secret::RecoveryCode(code_two), 0)
        .unwrap();
    c.vault
        .set_passphrase(&kr, &pass("after recovery"), KdfParams::FLOOR)
        .unwrap();
    assert_eq!(note_a(&c.vault, &kr).as_deref(), Some("two's"));
    assert!(c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .is_err());
    assert!(c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass("after recovery")), 0)
        .is_ok());
    // One partner's code does not open the other's profile.
    assert!(matches!(
        c.vault.unlock(Slot::ONE, &code(&c.code_two), 0),
        Err(VaultError::WrongPassphrase)
    ));
}

#[test]
fn both_partners_read_what_either_shared_and_a_third_profile_is_refused() {
    let mut c = couple();
    c.vault
        .put(&c.one, Owner::SharedBy(Slot::ONE), KIND, "a", &"from one")
        .unwrap();
    let seen: Vec<(String, String)> = c
        .vault
        .list(&c.two, Owner::SharedBy(Slot::ONE), KIND)
        .unwrap();
    assert_eq!(seen, vec![("a".to_owned(), "from one".to_owned())]);
    assert!(matches!(
        c.vault
            .add_partner(&c.one, 1, &pass("third"), KdfParams::FLOOR),
        Err(VaultError::Full)
    ));
    let profiles = c.vault.profiles(0).unwrap();
    assert_eq!(
        profiles
            .iter()
            .map(|p| (p.slot, p.colour))
            .collect::<Vec<_>>(),
        vec![(Slot::ONE, 3), (Slot::TWO, 5)]
    );
}

#[test]
fn changes_apply_all_together_and_delete() {
    let c = couple();
    let mut ch = Changes::new();
    ch.put(Owner::Mine, KIND, "a", &1)
        .unwrap()
        .put(Owner::SharedBy(Slot::ONE), KIND, "a", &1)
        .unwrap();
    let before = c.vault.store.raw().len();
    c.vault.apply(&c.one, ch).unwrap();
    // The two records, and the entry of partner 1's log that names the shared one.
    assert_eq!(c.vault.store.raw().len(), before + 3);
    let mut ch = Changes::new();
    ch.delete(Owner::SharedBy(Slot::ONE), KIND, "a");
    c.vault.apply(&c.one, ch).unwrap();
    assert_eq!(
        c.vault.get::<i32>(&c.one, Owner::Mine, KIND, "a").unwrap(),
        Some(1)
    );
    assert_eq!(
        c.vault
            .get::<i32>(&c.one, Owner::SharedBy(Slot::ONE), KIND, "a")
            .unwrap(),
        None
    );
}

#[test]
fn req_10_saved_means_on_disk_before_put_returns() {
    let c = couple();
    for i in 0..5 {
        let id = format!("r{i}");
        c.vault.put(&c.one, Owner::Mine, KIND, &id, &i).unwrap();
        // A copy of the files taken right now is what a power cut would leave.
        let copy = c.dir.parent().unwrap().join(format!("copy{i}"));
        copy_dir(&c.dir, &copy);
        let reopened = Vault::open(&copy).unwrap();
        let kr = reopened
            .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
            .unwrap();
        assert_eq!(
            reopened.get::<i32>(&kr, Owner::Mine, KIND, &id).unwrap(),
            Some(i)
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

type Damage = (&'static str, fn(&Path));

fn damage_cases() -> Vec<Damage> {
    vec![
        ("garbage db", |d| {
            std::fs::write(d.join("store/db"), vec![0x5A; 300_000]).unwrap()
        }),
        ("db truncated to nothing", |d| {
            std::fs::File::create(d.join("store/db"))
                .map(|_| ())
                .unwrap()
        }),
        ("db truncated to 100 bytes", |d| {
            std::fs::OpenOptions::new()
                .write(true)
                .open(d.join("store/db"))
                .unwrap()
                .set_len(100)
                .unwrap()
        }),
        ("db missing", |d| {
            std::fs::remove_file(d.join("store/db")).unwrap()
        }),
        ("conf missing", |d| {
            std::fs::remove_file(d.join("store/conf")).unwrap()
        }),
        ("store folder missing", |d| {
            std::fs::remove_dir_all(d.join("store")).unwrap()
        }),
        ("marker missing", |d| {
            std::fs::remove_file(d.join(MARKER)).unwrap()
        }),
        ("marker garbage", |d| {
            std::fs::write(d.join(MARKER), b"\x00\x01nope").unwrap()
        }),
    ]
}

#[test]
fn req_12_a_damaged_store_is_set_aside_never_opened_empty() {
    for (what, damage) in damage_cases() {
        let c = couple();
        c.vault
            .put(&c.one, Owner::Mine, KIND, "a", &"precious")
            .unwrap();
        let Couple { dir, vault, .. } = c;
        drop(vault);
        damage(&dir);
        let before: Vec<(PathBuf, Vec<u8>)> = files_under(&dir)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(&dir).unwrap().to_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        match Vault::open(&dir) {
            Err(VaultError::Damaged {
                set_aside: Some(aside),
            }) => {
                for (rel, bytes) in &before {
                    let now = std::fs::read(aside.join(rel))
                        .unwrap_or_else(|_| panic!("{what}: {rel:?} moved aside"));
                    // sled's own recovery may already have rewritten a damaged log; any
                    // other file is moved exactly as it was.
                    if !rel.ends_with("db") {
                        assert!(&now == bytes, "{what}: {rel:?} kept as it was");
                    }
                }
            }
            other => panic!("{what}: expected Damaged, got {other:?}"),
        }
        assert!(!Vault::present(&dir), "{what}: nothing left in place");
        assert!(matches!(Vault::open(&dir), Err(VaultError::NoVault)));
    }
}

#[test]
fn req_13_atomic_write_replaces_whole_files_only() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("file");
    layout::write_atomic(&path, b"old").unwrap();
    layout::write_atomic(&path, b"new contents").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"new contents");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "no temp file left"
    );
    assert!(layout::write_atomic(&tmp.path().join("missing/file"), b"x").is_err());
}

#[test]
fn req_15_backups_are_capped_authenticated_and_restored_all_or_nothing() {
    let c = couple();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"one's")
        .unwrap();
    c.vault
        .put(&c.two, Owner::SharedBy(Slot::TWO), KIND, "a", &"two shared")
        .unwrap();
    let file = c.dir.parent().unwrap().join("couple.backup");
    let size = c.vault.backup(&c.two, &file).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(bytes.len() as u64, size);
    let target = c.dir.parent().unwrap().join("restored");

    // Tampering anywhere, truncating, or a wrong secret: refused, nothing written.
    let bad = c.dir.parent().unwrap().join("bad.backup");
    let step = (bytes.len() / 97).max(1);
    for i in (0..bytes.len()).step_by(step) {
        let mut b = bytes.clone();
        b[i] ^= 0x04;
        std::fs::write(&bad, &b).unwrap();
        assert!(
            Vault::restore(&target, &bad, Slot::ONE, &Secret::Passphrase(pass(P1))).is_err(),
            "byte {i}"
        );
        assert!(!Vault::present(&target));
    }
    for len in [0, 10, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&bad, &bytes[..len]).unwrap();
        assert!(matches!(
            Vault::restore(&target, &bad, Slot::ONE, &Secret::Passphrase(pass(P1))),
            Err(VaultError::BadBackup)
        ));
    }
    assert!(matches!(
        Vault::restore(&target, &file, Slot::ONE, &Secret::Passphrase(pass(P2))),
        Err(VaultError::WrongPassphrase)
    ));
    assert!(!Vault::present(&target));
    // Too large: refused by its size, before reading.
    let huge = std::fs::File::create(&bad).unwrap();
    huge.set_len(MAX_BACKUP_BYTES + 1).unwrap();
    assert!(matches!(
        Vault::restore(&target, &bad, Slot::ONE, &Secret::Passphrase(pass(P1))),
        Err(VaultError::TooLarge)
    ));
    // Not into a folder that has a vault.
    assert!(matches!(
        Vault::restore(&c.dir, &file, Slot::ONE, &Secret::Passphrase(pass(P1))),
        Err(VaultError::AlreadyExists)
    ));

    // Either partner, by passphrase or recovery code, restores everything.
    let secrets = [
        (Slot::ONE, Secret::Passphrase(pass(P1))),
        (Slot::TWO, code(&c.code_two)),
    ];
    for (i, (slot, secret)) in secrets.into_iter().enumerate() {
        let target = c.dir.parent().unwrap().join(format!("restored-{i}"));
        let (vault, kr) = Vault::restore(&target, &file, slot, &secret).unwrap();
        // Byte for byte, but for the restoring partner's trust record, which opening
        // brings up to what they now accept of each log.
        let (byte, keys) = kr.resolve(Owner::Mine);
        let trust = Namer::new(&keys.ids).store_key(byte, chain::TRUST_KIND, chain::SINGLE_ID);
        let without = |v: &Vault| -> Vec<_> {
            v.store
                .raw()
                .into_iter()
                .filter(|(k, _)| k[..] != trust[..])
                .collect()
        };
        assert_eq!(without(&vault), without(&c.vault));
        let shared: Vec<(String, String)> =
            vault.list(&kr, Owner::SharedBy(Slot::TWO), KIND).unwrap();
        assert_eq!(shared[0].1, "two shared");
        drop(vault);
        let reopened = Vault::open(&target).unwrap();
        assert!(reopened
            .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
            .is_ok());
    }
}

#[test]
fn req_16_backoff_is_stored_and_survives_reopening() {
    let c = couple();
    let now = 1_800_000_000;
    for _ in 0..FREE_TRIES {
        assert!(matches!(
            c.vault
                .unlock(Slot::ONE, &Secret::Passphrase(pass("nope")), now),
            Err(VaultError::WrongPassphrase)
        ));
    }
    let wait = |v: &Vault, t| match v.unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), t) {
        Err(VaultError::TryLater { wait }) => Some(wait),
        _ => None,
    };
    assert_eq!(
        wait(&c.vault, now),
        Some(FIRST_WAIT),
        "even the right passphrase waits"
    );
    // The other profile is not slowed by failures on this one.
    assert!(c
        .vault
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), now)
        .is_ok());
    let Couple { dir, vault, .. } = c;
    drop(vault);
    let vault = Vault::open(&dir).unwrap();
    assert_eq!(
        wait(&vault, now + 5),
        Some(FIRST_WAIT - std::time::Duration::from_secs(5))
    );
    assert_eq!(
        vault.profiles(now + 5).unwrap()[0].wait,
        Some(FIRST_WAIT - std::time::Duration::from_secs(5))
    );
    // After the wait, one more failure doubles it.
    let later = now + FIRST_WAIT.as_secs();
    assert!(matches!(
        vault.unlock(Slot::ONE, &Secret::Passphrase(pass("nope")), later),
        Err(VaultError::WrongPassphrase)
    ));
    assert_eq!(wait(&vault, later), Some(FIRST_WAIT * 2));
    // Success resets the count.
    let after = later + 2 * FIRST_WAIT.as_secs();
    assert!(vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), after)
        .is_ok());
    assert_eq!(vault.attempts(Slot::ONE).unwrap(), Attempts::default());
}

#[test]
fn create_refuses_an_occupied_folder_and_weak_parameters() {
    let c = couple();
    assert!(matches!(
        Vault::create(&c.dir, KdfParams::FLOOR, 0, &pass(P1)),
        Err(VaultError::AlreadyExists)
    ));
    let tmp = tempfile::tempdir().unwrap();
    let weak = KdfParams::new(8 * 1024, 1, 1);
    assert!(matches!(
        Vault::create(tmp.path(), weak, 0, &pass(P1)),
        Err(VaultError::KdfParams)
    ));
    assert!(!Vault::present(tmp.path()));
}

#[test]
fn default_parameters_are_stored_with_the_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let (vault, _, _) = Vault::create(tmp.path(), KdfParams::default(), 0, &pass(P1)).unwrap();
    let p = &vault.header.profiles[0];
    assert_eq!(
        (
            p.passphrase.kdf.m_kib,
            p.passphrase.kdf.t,
            p.passphrase.kdf.p
        ),
        (65536, 3, 1)
    );
    assert_eq!(p.recovery.kdf, KdfParams::DEFAULT);
    let t = std::time::Instant::now();
    assert!(vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .is_ok());
    // Built optimised even in debug (Cargo.toml), the real KDF stays well under a second.
    assert!(
        t.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn compaction_shrinks_a_bloated_store_and_reads_the_same() {
    let mut c = couple();
    // Values that do not compress, so the store really holds this much.
    let noise = |seed: u64| -> String {
        let mut x = seed | 1;
        (0..500)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                format!("{:08x}", x as u32)
            })
            .collect()
    };
    // Rewriting the same records many times leaves sled's files full of old values.
    for round in 0..100u64 {
        let mut ch = Changes::new();
        for i in 0..60u64 {
            let value = format!("{round} {}", noise(round * 1000 + i));
            ch.put(Owner::Mine, KIND, &format!("r{i}"), &value).unwrap();
        }
        c.vault.apply(&c.one, ch).unwrap();
    }
    let before = c.vault.store.raw();
    let (disk, live) = c.vault.store_sizes().unwrap();
    assert!(
        disk > 2 * live && disk > compact::MIN_BYTES,
        "the test needs a bloated store: {disk} on disk, {live} live"
    );
    assert!(c.vault.compact_if_bloated().unwrap());
    let (disk_after, _) = c.vault.store_sizes().unwrap();
    assert!(disk_after < disk / 2, "{disk_after} after, {disk} before");
    assert_eq!(c.vault.store.raw(), before);
    assert!(!c.dir.join(STORE_DIR).exists() && c.dir.join("store-1").is_dir());
    assert!(
        !c.vault.compact_if_bloated().unwrap(),
        "nothing to gain twice"
    );
    let Couple { dir, vault, .. } = c;
    drop(vault);
    let vault = Vault::open(&dir).unwrap();
    let kr = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    let got: Vec<(String, String)> = vault.list(&kr, Owner::Mine, KIND).unwrap();
    assert_eq!(got.len(), 60);
    assert!(got.iter().all(|(_, v)| v.starts_with("99 ")));
}

#[test]
fn a_compaction_cut_short_leaves_the_live_store_and_is_cleaned_up() {
    let c = couple();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"kept")
        .unwrap();
    // Cut short before the switch: a half-built next store beside the live one.
    std::fs::create_dir_all(c.dir.join("store-1")).unwrap();
    std::fs::write(c.dir.join("store-1/db"), b"half written").unwrap();
    let Couple { dir, vault, .. } = c;
    drop(vault);
    let mut vault = Vault::open(&dir).unwrap();
    assert!(
        !dir.join("store-1").exists(),
        "the unreferenced folder is removed"
    );
    let kr = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .unwrap();
    assert_eq!(note_a(&vault, &kr).as_deref(), Some("kept"));
    // Cut short after the switch: the old folder is still there.
    vault.compact().unwrap();
    drop(vault);
    std::fs::create_dir_all(dir.join(STORE_DIR)).unwrap();
    let vault = Vault::open(&dir).unwrap();
    assert!(!dir.join(STORE_DIR).exists());
    assert_eq!(note_a(&vault, &kr).as_deref(), Some("kept"));
    // A marker naming anything but a store folder is damage.
    drop(vault);
    std::fs::write(
        dir.join(MARKER),
        br#"{"format":1,"vault_id":"00","store":"../elsewhere"}"#,
    )
    .unwrap();
    assert!(matches!(Vault::open(&dir), Err(VaultError::Damaged { .. })));
}

#[test]
fn large_records_are_deflated_before_sealing_and_read_back_whole() {
    let c = couple();
    let text = "we talked after dinner and it was hard but honest. ".repeat(2000);
    c.vault
        .put(&c.one, Owner::Mine, KIND, "long", &text)
        .unwrap();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "short", &"a few words")
        .unwrap();
    let sizes: Vec<usize> = c.vault.store.raw().iter().map(|(_, v)| v.len()).collect();
    assert!(sizes.iter().any(|s| *s < text.len() / 10), "{sizes:?}");
    assert_eq!(
        c.vault
            .get::<String>(&c.one, Owner::Mine, KIND, "long")
            .unwrap(),
        Some(text)
    );
    assert_eq!(
        c.vault
            .get::<String>(&c.one, Owner::Mine, KIND, "short")
            .unwrap()
            .as_deref(),
        Some("a few words")
    );
}

#[test]
fn padme_rounds_as_the_paper_says() {
    use super::records::padme;
    assert_eq!(
        [0, 1, 2, 9, 255, 256, 300, 1000, 1025, 70_000].map(padme),
        [0, 1, 2, 10, 256, 256, 304, 1024, 1088, 71_680]
    );
    for len in 2..100_000usize {
        let p = padme(len);
        assert!(p >= len && (p - len) * 100 <= len * 12, "{len} → {p}");
    }
}

#[test]
fn req_26_stored_sizes_say_little_about_the_text() {
    let c = couple();
    let sizes = |lens: &mut dyn Iterator<Item = usize>| -> HashSet<usize> {
        let mut out = HashSet::new();
        for (i, len) in lens.enumerate() {
            // Text that does not deflate, so its own length is what would show.
            let text: String = (0..len)
                .map(|j| char::from(b'!' + ((j * 7 + i * 13) % 90) as u8))
                .collect();
            let id = format!("n{i}");
            c.vault.put(&c.one, Owner::Mine, KIND, &id, &text).unwrap();
            let (byte, keys) = c.one.resolve(Owner::Mine);
            let key = Namer::new(&keys.ids).store_key(byte, KIND, &id).to_vec();
            let stored = c
                .vault
                .store
                .raw()
                .into_iter()
                .find(|(k, _)| *k == key)
                .unwrap();
            out.insert(stored.1.len());
            assert_eq!(note_of(&c, &id).len(), len);
        }
        out
    };
    // Every note up to 200 characters is stored at one size.
    assert_eq!(sizes(&mut (0..=200)).len(), 1);
    // Up to 5,000 characters: 0.1.0 stored each of these 130 lengths at its own size;
    // Padmé buckets leave at most a quarter as many.
    let lengths: Vec<usize> = (200..=5000).step_by(37).collect();
    let spread = sizes(&mut lengths.iter().copied());
    assert!(spread.len() * 4 <= lengths.len(), "{} sizes", spread.len());
}

fn note_of(c: &Couple, id: &str) -> String {
    c.vault
        .get::<String>(&c.one, Owner::Mine, KIND, id)
        .unwrap()
        .unwrap()
}

/// SECURITY.md 23: after a rotation, the files of today (copied, as a thief would) hold
/// no lock the old passphrase or code opens, nor any record the old root key opens, and
/// no older wrapped key at all; the new passphrase and code open everything.
#[test]
fn req_23_rotation_locks_out_older_copies() {
    let mut c = couple();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"kept")
        .unwrap();
    c.vault
        .put(&c.one, Owner::SharedBy(Slot::ONE), KIND, "s", &"shared")
        .unwrap();
    let old_root = Key32::take(&mut c.one.root.bytes().to_vec()).unwrap();
    let old_lock = hex::encode(&c.vault.header.profiles[0].passphrase.key);
    let old_code_lock = hex::encode(&c.vault.header.profiles[0].recovery.key);
    let new = "a brand new passphrase for a new key";
    let wrong = c.vault.rotate(
        &mut c.one,
        pass("not it"),
        &pass(new),
        KdfParams::FLOOR,
        0,
        &[],
    );
    assert!(matches!(wrong, Err(VaultError::WrongPassphrase)));
    let code_new = c
        .vault
        .rotate(&mut c.one, pass(P1), &pass(new), KdfParams::FLOOR, 0, &[])
        .unwrap();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "after", &"written after")
        .unwrap();
    assert_ne!(c.one.root.bytes(), old_root.bytes());

    // Today's files, copied.
    let copy = c.dir.parent().unwrap().join("copy");
    for f in files_under(&c.dir) {
        let to = copy.join(f.strip_prefix(&c.dir).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&f, &to).unwrap();
    }
    for f in files_under(&copy) {
        let bytes = std::fs::read(&f).unwrap();
        for old in [&old_lock, &old_code_lock] {
            assert!(
                !bytes.windows(old.len()).any(|w| w == old.as_bytes()),
                "{f:?} keeps an older lock"
            );
        }
    }
    let copied = Vault::open(&copy).unwrap();
    assert!(matches!(
        copied.unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0),
        Err(VaultError::WrongPassphrase)
    ));
    assert!(matches!(
        copied.unlock(Slot::ONE, &code(&c.code_one), 0),
        Err(VaultError::WrongPassphrase)
    ));
    // The old root key opens none of this partner's records in today's files.
    let old = Keyring::new(Slot::ONE, c.one.vault_id, old_root, c.one.couple.clone());
    for id in ["a", "after"] {
        assert!(
            copied
                .get::<String>(&old, Owner::Mine, KIND, id)
                .unwrap()
                .is_none(),
            "{id}"
        );
    }
    // The new passphrase and code open everything, the shared record too.
    for secret in [Secret::Passphrase(pass(new)), code(code_new.reveal())] {
        let kr = copied.unlock(Slot::ONE, &secret, 0).unwrap();
        assert_eq!(note_a(&copied, &kr).as_deref(), Some("kept"));
        assert_eq!(
            copied
                .get::<String>(&kr, Owner::Mine, KIND, "after")
                .unwrap()
                .as_deref(),
            Some("written after")
        );
        assert_eq!(
            copied
                .get::<String>(&kr, Owner::SharedBy(Slot::ONE), KIND, "s")
                .unwrap()
                .as_deref(),
            Some("shared")
        );
    }
    // The other partner is untouched.
    let two = copied
        .unlock(Slot::TWO, &Secret::Passphrase(pass(P2)), 0)
        .unwrap();
    assert_eq!(
        copied
            .get::<String>(&two, Owner::SharedBy(Slot::ONE), KIND, "s")
            .unwrap()
            .as_deref(),
        Some("shared")
    );
}

#[test]
fn req_23_a_replaced_recovery_code_opens_nothing() {
    let mut c = couple();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"kept")
        .unwrap();
    let old_code_lock = hex::encode(&c.vault.header.profiles[0].recovery.key);
    let fresh = c
        .vault
        .replace_recovery_code(&c.one, KdfParams::FLOOR)
        .unwrap();
    for f in files_under(&c.dir) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes
                .windows(old_code_lock.len())
                .any(|w| w == old_code_lock.as_bytes()),
            "{f:?}"
        );
    }
    assert!(matches!(
        c.vault.unlock(Slot::ONE, &code(&c.code_one), 0),
        Err(VaultError::WrongPassphrase)
    ));
    let kr = c.vault.unlock(Slot::ONE, &code(fresh.reveal()), 0).unwrap();
    assert_eq!(note_a(&c.vault, &kr).as_deref(), Some("kept"));
    assert!(c
        .vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(P1)), 0)
        .is_ok());
}

/// SECURITY.md 22, second half: an older value of an own record put back under its own
/// name, or an own record taken out, is noticed at the next check (unlock), once.
#[test]
fn req_22_own_records_put_back_or_taken_out_are_noticed_at_unlock() {
    let c = couple();
    let check = |c: &Couple| c.vault.check_own_records(&c.one, &[KIND]).unwrap();
    assert!(!check(&c), "the first check writes the first digest");
    c.vault
        .put(&c.one, Owner::Mine, KIND, "a", &"first")
        .unwrap();
    c.vault
        .put(&c.one, Owner::Mine, KIND, "b", &"kept")
        .unwrap();
    let (byte, keys) = c.one.resolve(Owner::Mine);
    let key_a = Namer::new(&keys.ids).store_key(byte, KIND, "a").to_vec();
    let key_b = Namer::new(&keys.ids).store_key(byte, KIND, "b").to_vec();
    let old_a = c.vault.store.get(&key_a).unwrap().unwrap();
    let mut ch = Changes::new();
    ch.put(Owner::Mine, KIND, "a", &"second").unwrap();
    ch.put(Owner::Mine, KIND, "a", &"third").unwrap();
    ch.delete(Owner::Mine, KIND, "gone-before-it-was");
    c.vault.apply(&c.one, ch).unwrap();
    c.vault
        .put(&c.one, Owner::SharedBy(Slot::ONE), KIND, "s", &"shared")
        .unwrap();
    assert!(!check(&c), "the app's own writes keep the digest true");

    // An older value put back: it opens, but the check notices, once.
    c.vault
        .store
        .apply(vec![Write::Put(key_a.clone(), old_a)])
        .unwrap();
    assert_eq!(note_a(&c.vault, &c.one).as_deref(), Some("first"));
    assert!(check(&c));
    assert!(!check(&c), "said once");
    // A record taken out.
    c.vault.store.apply(vec![Write::Delete(key_b)]).unwrap();
    assert!(check(&c));
    // The other partner's check is their own.
    assert!(!c.vault.check_own_records(&c.two, &[KIND]).unwrap());
}
