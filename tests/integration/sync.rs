//! Two devices through one folder (docs/SYNC.md): two real vaults in two temp data
//! folders and one shared temp folder. Each fault a sync tool or an attacker can cause
//! is injected into the folder between syncs, one test each.

use std::path::{Path, PathBuf};

use healing_arc::vault::{
    Joined, Joining, KdfParams, Keyring, Owner, PairCode, Passphrase, Secret, Slot, SyncReport,
    Vault, VaultError, INVITE_SECONDS, MAX_BUNDLE_BYTES,
};

const NOW: u64 = 1_790_000_000;
const NOTE: &str = "note";
const KINDS: &[&str] = &[NOTE];
const PASS_A: &str = "maple leaves in autumn";
const PASS_B: &str = "river stones at dusk";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_owned())
}

struct Devices {
    tmp: tempfile::TempDir,
    a: Vault,
    ka: Keyring,
    b: Vault,
    kb: Keyring,
}

impl Devices {
    fn folder(&self) -> PathBuf {
        self.tmp.path().join("shared")
    }
    fn dir(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
}

/// A's vault and the shared folder, before pairing.
fn device_a() -> (tempfile::TempDir, Vault, Keyring) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("shared")).unwrap();
    let (a, ka, _) =
        Vault::create(&tmp.path().join("a"), KdfParams::FLOOR, 0, &pass(PASS_A)).unwrap();
    (tmp, a, ka)
}

/// B answers with `code`, A checks the reply, B reads the welcome.
fn join(a: &Vault, ka: &Keyring, folder: &Path, code: &PairCode) -> (String, String, Joined) {
    let joining = Joining::start(folder, code, NOW).unwrap();
    let phrase_a = a.pair_answer(ka, NOW).unwrap().expect("the reply is there");
    // Both partners saw the same phrase.
    a.confirm_pairing(ka).unwrap();
    let phrase_b = joining.phrase();
    let joined = match joining.receive(NOW).unwrap() {
        Ok(j) => j,
        Err(_) => panic!("the welcome is there"),
    };
    (phrase_a, phrase_b, joined)
}

fn paired() -> Devices {
    let (tmp, a, ka) = device_a();
    let folder = tmp.path().join("shared");
    let code = a.pair_start(&ka, &folder, NOW).unwrap();
    let (phrase_a, phrase_b, joined) = join(&a, &ka, &folder, &code);
    assert_eq!(phrase_a, phrase_b, "both screens show the same phrase");
    let (b, kb, _) = Vault::create_joined(
        &tmp.path().join("b"),
        KdfParams::FLOOR,
        1,
        &pass(PASS_B),
        joined,
    )
    .unwrap();
    assert_eq!(kb.slot(), Slot::TWO);
    Devices { tmp, a, ka, b, kb }
}

fn share(v: &Vault, k: &Keyring, id: &str, text: &str) {
    v.put(k, Owner::SharedBy(k.slot()), NOTE, id, &text.to_owned())
        .unwrap();
}

fn take_back(v: &Vault, k: &Keyring, id: &str) {
    v.delete(k, Owner::SharedBy(k.slot()), NOTE, id).unwrap();
}

/// What the partner shared, as this device shows it.
fn partners(v: &Vault, k: &Keyring) -> Vec<String> {
    let mut out: Vec<String> = v
        .list::<String>(k, Owner::SharedBy(k.slot().other()), NOTE)
        .unwrap()
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    out.sort();
    out
}

fn sync(v: &Vault, k: &Keyring) -> SyncReport {
    v.sync_folder(k, KINDS, NOW).unwrap()
}

fn bundles(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter(|n| n.ends_with(".bundle"))
        .collect();
    names.sort();
    names
}

/// Shares `text` on B and syncs B: the name of the bundle it wrote.
fn b_writes(d: &Devices, id: &str, text: &str) -> String {
    let before = bundles(&d.folder());
    share(&d.b, &d.kb, id, text);
    assert!(sync(&d.b, &d.kb).written);
    let after = bundles(&d.folder());
    after
        .into_iter()
        .find(|n| !before.contains(n))
        .expect("a new bundle")
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn sync_pairs_shares_both_ways_and_takes_back() {
    let d = paired();
    share(&d.a, &d.ka, "n1", "from A");
    sync(&d.a, &d.ka);
    let r = sync(&d.b, &d.kb);
    assert_eq!(r.applied, 1);
    assert_eq!(r.last_arrival, Some(NOW));
    assert_eq!(partners(&d.b, &d.kb), strs(&["from A"]));
    share(&d.b, &d.kb, "m1", "from B");
    sync(&d.b, &d.kb);
    sync(&d.a, &d.ka);
    assert_eq!(partners(&d.a, &d.ka), strs(&["from B"]));
    // Taking back travels the same way.
    take_back(&d.a, &d.ka, "n1");
    sync(&d.a, &d.ka);
    sync(&d.b, &d.kb);
    assert!(partners(&d.b, &d.kb).is_empty());
    // Syncing again changes nothing and says nothing is wrong.
    let r = sync(&d.b, &d.kb);
    assert_eq!((r.applied, r.changed_outside, r.unreadable), (0, 0, 0));
    assert!(!d.b.couple_space_changed(&d.kb));
    assert!(!d.a.couple_space_changed(&d.ka));
}

#[test]
fn sync_b_never_holds_a_private_record_of_a() {
    let d = paired();
    d.a.put(
        &d.ka,
        Owner::Mine,
        NOTE,
        "secret",
        &"private of A".to_owned(),
    )
    .unwrap();
    share(&d.a, &d.ka, "n1", "shared of A");
    sync(&d.a, &d.ka);
    sync(&d.b, &d.kb);
    assert_eq!(partners(&d.b, &d.kb), strs(&["shared of A"]));
    // B's own private part is B's: nothing of A's private records is in B's store.
    assert!(d
        .b
        .list::<String>(&d.kb, Owner::Mine, NOTE)
        .unwrap()
        .is_empty());
    // Neither A's private text nor its shared text is in clear in the folder.
    scan_for(&d.folder(), &["private of A", "shared of A"]);
}

/// No file in `folder` holds any of `markers` in UTF-8, UTF-16LE, hex or base64.
fn scan_for(folder: &Path, markers: &[&str]) {
    use std::fmt::Write as _;
    for entry in std::fs::read_dir(folder).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for m in markers {
            let utf16: Vec<u8> = m.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
            let hex = m.bytes().fold(String::new(), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            });
            assert!(!bytes.windows(m.len()).any(|w| w == m.as_bytes()));
            assert!(!bytes.windows(utf16.len()).any(|w| w == utf16));
            assert!(!text.contains(&hex));
            assert!(!text.contains(&base64(m.as_bytes()).to_lowercase()[..8]));
        }
    }
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..=c.len() {
            out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[test]
fn sync_canary_nothing_in_the_folder_is_readable() {
    let d = paired();
    let canary = "CANARY-7f3a-sync";
    share(&d.a, &d.ka, "n1", canary);
    share(&d.b, &d.kb, "m1", canary);
    sync(&d.a, &d.ka);
    sync(&d.b, &d.kb);
    sync(&d.a, &d.ka);
    assert_eq!(partners(&d.a, &d.ka), strs(&[canary]));
    scan_for(&d.folder(), &[canary]);
    // Names are opaque: 32 hex digits.
    for n in bundles(&d.folder()) {
        let stem = n.strip_suffix(".bundle").unwrap();
        assert!(
            stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()),
            "{n}"
        );
    }
}

#[test]
fn pair_a_wrong_code_fails_spends_the_invitation_and_says_nothing_more() {
    let (tmp, a, ka) = device_a();
    let folder = tmp.path().join("shared");
    let code = a.pair_start(&ka, &folder, NOW).unwrap();
    let wrong = PairCode::parse(if code.display() == "0000 0000" {
        "1111 1111"
    } else {
        "0000 0000"
    })
    .unwrap();
    let joining = Joining::start(&folder, &wrong, NOW).unwrap();
    assert!(matches!(a.pair_answer(&ka, NOW), Err(VaultError::Pairing)));
    // Single use: spent, even for the right code now.
    assert!(matches!(a.pair_answer(&ka, NOW), Err(VaultError::Pairing)));
    assert!(matches!(
        Joining::start(&folder, &code, NOW),
        Err(VaultError::Pairing)
    ));
    // B gets no welcome: it waits until the invitation would have expired, then fails.
    let joining = match joining.receive(NOW).unwrap() {
        Err(j) => j,
        Ok(_) => panic!("no welcome for a wrong code"),
    };
    assert!(matches!(
        joining.receive(NOW + INVITE_SECONDS + 1),
        Err(VaultError::Pairing)
    ));
    // Nothing but the spent reply's leftovers: no invitation, no welcome.
    let left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn pair_an_expired_invitation_is_refused_on_both_sides() {
    let (tmp, a, ka) = device_a();
    let folder = tmp.path().join("shared");
    let code = a.pair_start(&ka, &folder, NOW).unwrap();
    let late = NOW + INVITE_SECONDS + 1;
    assert!(matches!(
        Joining::start(&folder, &code, late),
        Err(VaultError::Pairing)
    ));
    let _joining = Joining::start(&folder, &code, NOW).unwrap();
    assert!(matches!(a.pair_answer(&ka, late), Err(VaultError::Pairing)));
    assert!(matches!(a.pair_answer(&ka, NOW), Err(VaultError::Pairing)));
}

#[test]
fn pair_survives_a_restart_of_a_between_invitation_and_reply() {
    let (tmp, a, ka) = device_a();
    let folder = tmp.path().join("shared");
    let code = a.pair_start(&ka, &folder, NOW).unwrap();
    drop(ka);
    drop(a);
    let a = Vault::open(&tmp.path().join("a")).unwrap();
    let ka = a
        .unlock(Slot::ONE, &Secret::Passphrase(pass(PASS_A)), NOW)
        .unwrap();
    let (phrase_a, phrase_b, _) = join(&a, &ka, &folder, &code);
    assert_eq!(phrase_a, phrase_b);
}

#[test]
fn pair_is_refused_when_both_profiles_are_on_this_device() {
    let (tmp, mut a, ka) = device_a();
    a.add_partner(&ka, 1, &pass(PASS_B), KdfParams::FLOOR)
        .unwrap();
    let r = a.pair_start(&ka, &tmp.path().join("shared"), NOW);
    assert!(matches!(r, Err(VaultError::Full)));
}

#[test]
fn fault_duplicates_and_conflict_copies_apply_once() {
    let d = paired();
    let name = b_writes(&d, "m1", "once");
    let stem = name.strip_suffix(".bundle").unwrap();
    let f = d.folder();
    std::fs::copy(
        f.join(&name),
        f.join(format!("{stem} (conflicted copy).bundle")),
    )
    .unwrap();
    std::fs::copy(
        f.join(&name),
        f.join(format!(
            "{stem}.sync-conflict-20261128-101010-ABCDEFG.bundle"
        )),
    )
    .unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.old, r.changed_outside), (1, 2, 0));
    assert_eq!(partners(&d.a, &d.ka), strs(&["once"]));
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.old), (0, 3));
}

#[test]
fn fault_out_of_order_and_late_files_wait_for_what_is_missing() {
    let d = paired();
    let first = b_writes(&d, "m1", "one");
    let f = d.folder();
    let aside = d.dir("late");
    std::fs::rename(f.join(&first), &aside).unwrap();
    b_writes(&d, "m2", "two");
    b_writes(&d, "m3", "three");
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.waiting, r.changed_outside), (0, 2, 0));
    assert!(partners(&d.a, &d.ka).is_empty());
    // The late file arrives (under another name): everything applies, in order.
    std::fs::rename(&aside, f.join("late arrival.bundle")).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.waiting), (3, 0));
    assert_eq!(partners(&d.a, &d.ka), strs(&["one", "three", "two"]));
}

#[test]
fn fault_half_written_and_truncated_files_are_left_for_later() {
    let d = paired();
    let name = b_writes(&d, "m1", "whole");
    let f = d.folder();
    let whole = std::fs::read(f.join(&name)).unwrap();
    std::fs::write(f.join(&name), &whole[..whole.len() / 2]).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.unreadable), (0, 1));
    assert!(partners(&d.a, &d.ka).is_empty());
    std::fs::write(f.join(&name), &whole).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.unreadable), (1, 0));
    assert_eq!(partners(&d.a, &d.ka), strs(&["whole"]));
}

#[test]
fn fault_a_changed_byte_is_refused() {
    let d = paired();
    let name = b_writes(&d, "m1", "as written");
    let path = d.folder().join(&name);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.unreadable), (0, 1));
    assert!(partners(&d.a, &d.ka).is_empty());
}

#[test]
fn fault_replayed_and_rolled_back_files_change_nothing() {
    let d = paired();
    let f = d.folder();
    let old = b_writes(&d, "m1", "first");
    let kept = std::fs::read(f.join(&old)).unwrap();
    sync(&d.a, &d.ka);
    take_back(&d.b, &d.kb, "m1");
    share(&d.b, &d.kb, "m2", "second");
    sync(&d.b, &d.kb);
    sync(&d.a, &d.ka);
    assert_eq!(partners(&d.a, &d.ka), strs(&["second"]));
    // The folder puts the old bundle back (renamed) and drops the newer ones.
    for n in bundles(&f) {
        std::fs::remove_file(f.join(n)).unwrap();
    }
    std::fs::write(f.join("0123.bundle"), &kept).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.old, r.changed_outside), (0, 1, 0));
    assert_eq!(
        partners(&d.a, &d.ka),
        strs(&["second"]),
        "the taken-back note stays gone"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn reopen_b(dir: &Path) -> (Vault, Keyring) {
    let b = Vault::open(dir).unwrap();
    let kb = b
        .unlock(Slot::TWO, &Secret::Passphrase(pass(PASS_B)), NOW)
        .unwrap();
    (b, kb)
}

#[test]
fn fault_a_fork_is_reported_and_the_first_state_kept() {
    let Devices { tmp, a, ka, b, kb } = paired();
    let (b_dir, snapshot) = (tmp.path().join("b"), tmp.path().join("b-snapshot"));
    drop((kb, b));
    copy_dir(&b_dir, &snapshot);
    let (b, kb) = reopen_b(&b_dir);
    share(&b, &kb, "m1", "X");
    sync(&b, &kb);
    sync(&a, &ka);
    assert_eq!(partners(&a, &ka), strs(&["X"]));
    // B's store goes back; B writes something else at the same place in its log.
    drop((kb, b));
    std::fs::remove_dir_all(&b_dir).unwrap();
    copy_dir(&snapshot, &b_dir);
    let (b, kb) = reopen_b(&b_dir);
    share(&b, &kb, "m1", "Y");
    assert!(sync(&b, &kb).written);
    let r = sync(&a, &ka);
    assert_eq!((r.applied, r.old, r.changed_outside), (0, 1, 1));
    assert_eq!(partners(&a, &ka), strs(&["X"]));
    // What the forked device writes next does not link to what was accepted either
    // (its bundle with Y is gone by now: A's acknowledgement covered its number).
    share(&b, &kb, "m2", "Z");
    sync(&b, &kb);
    let r = sync(&a, &ka);
    assert_eq!((r.applied, r.changed_outside), (0, 1));
    assert_eq!(partners(&a, &ka), strs(&["X"]));
    assert!(
        !a.couple_space_changed(&ka),
        "what was accepted still verifies"
    );
}

#[test]
fn fault_a_device_never_paired_is_refused() {
    let d = paired();
    let other = paired();
    let name = b_writes(&other, "m1", "not yours");
    std::fs::copy(other.folder().join(&name), d.folder().join(&name)).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.applied, r.unreadable), (0, 1));
    assert!(partners(&d.a, &d.ka).is_empty());
}

#[test]
fn fault_an_oversized_file_is_not_read() {
    let d = paired();
    let f = std::fs::File::create(d.folder().join("big.bundle")).unwrap();
    f.set_len(MAX_BUNDLE_BYTES + 1).unwrap();
    let r = sync(&d.a, &d.ka);
    assert_eq!((r.too_large, r.unreadable), (1, 0));
}

#[test]
fn sync_removes_own_bundles_once_the_partner_applied_them() {
    let d = paired();
    for i in 0..5 {
        share(&d.a, &d.ka, &format!("n{i}"), "x");
        sync(&d.a, &d.ka);
        sync(&d.b, &d.kb);
    }
    sync(&d.a, &d.ka);
    assert_eq!(partners(&d.b, &d.kb).len(), 5);
    // Each side keeps only its newest bundle.
    assert_eq!(bundles(&d.folder()).len(), 2, "{:?}", bundles(&d.folder()));
}

#[test]
fn pair_neither_half_can_add_the_other_partner_locally() {
    let Devices {
        tmp: _tmp,
        mut a,
        ka,
        mut b,
        kb,
    } = paired();
    let r = a.add_partner(&ka, 1, &pass(PASS_B), KdfParams::FLOOR);
    assert!(matches!(r, Err(VaultError::Full)));
    let r = b.add_partner(&kb, 0, &pass(PASS_A), KdfParams::FLOOR);
    assert!(matches!(r, Err(VaultError::Full)));
}

#[test]
fn sync_disconnect_stops_and_removes_this_devices_bundles() {
    let mut d = paired();
    share(&d.a, &d.ka, "n1", "before");
    sync(&d.a, &d.ka);
    assert_eq!(bundles(&d.folder()).len(), 1);
    d.a.disconnect(&mut d.ka).unwrap();
    assert!(bundles(&d.folder()).is_empty());
    assert!(d.a.sync_status(&d.ka).unwrap().is_none());
    share(&d.a, &d.ka, "n2", "after");
    assert!(matches!(
        d.a.sync_folder(&d.ka, KINDS, NOW),
        Err(VaultError::NotPaired)
    ));
    assert!(bundles(&d.folder()).is_empty());
}
