//! Sync speed and size (issue 15, docs/SYNC.md): two halves of a couple's vault in two
//! data folders and one shared folder. A year of both partners' shared items (a day
//! record each day and a journal entry each week, each its own signed log entry: no
//! months folded, the worst case), then the first sync of each side, then one day's
//! changes synced. Prints medians and the folder's size against the records' own.
//! Run with `cargo bench --bench sync` (`make bench`).

use std::path::Path;
use std::time::{Duration, Instant};

use healing_arc::vault::{Joining, KdfParams, Keyring, Owner, Passphrase, Slot, Vault};

const DAY: &str = "day";
const JOURNAL: &str = "journal";
const KINDS: &[&str] = &[DAY, JOURNAL];
const NOW: u64 = 1_790_000_000;
const RUNS: usize = 5;

fn text(n: usize, seed: usize) -> String {
    let words = [
        "we", "talked", "about", "the", "evening", "and", "it", "felt", "calmer",
    ];
    (0..n)
        .map(|i| words[(i * 7 + seed) % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_year(v: &Vault, k: &Keyring) -> usize {
    let owner = Owner::SharedBy(k.slot());
    let mut bytes = 0;
    for day in 0..365 {
        let note = text(40, day);
        bytes += note.len();
        v.put(k, owner, DAY, &format!("d{day}"), &(day, 3, note))
            .unwrap();
        if day % 7 == 0 {
            let entry = text(180, day);
            bytes += entry.len();
            v.put(k, owner, JOURNAL, &format!("j{day}"), &entry)
                .unwrap();
        }
    }
    bytes
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

struct Run {
    first: Duration,
    peak: u64,
    day: Duration,
    folder: u64,
    text: usize,
}

fn run() -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let pass = Passphrase::new("maple leaves in autumn".to_owned());
    let (a, ka, _) = Vault::create(&tmp.path().join("a"), KdfParams::FLOOR, 0, &pass).unwrap();
    let code = a.pair_start(&ka, &folder, NOW).unwrap();
    let joining = Joining::start(&folder, &code, NOW).unwrap();
    a.pair_answer(&ka, NOW).unwrap().unwrap();
    a.confirm_pairing(&ka).unwrap();
    let Ok(joined) = joining.receive(NOW).unwrap() else {
        panic!("no welcome")
    };
    let (b, kb, _) =
        Vault::create_joined(&tmp.path().join("b"), KdfParams::FLOOR, 1, &pass, joined).unwrap();
    assert_eq!(kb.slot(), Slot::TWO);
    let shared = write_year(&a, &ka) + write_year(&b, &kb);
    // First sync: A writes its year; B reads it and writes its own; A reads B's.
    let started = Instant::now();
    a.sync_folder(&ka, KINDS, NOW).unwrap();
    let mut first = started.elapsed();
    // The folder at its fullest: A's year written, not yet read.
    let peak = folder_bytes(&folder);
    let started = Instant::now();
    b.sync_folder(&kb, KINDS, NOW).unwrap();
    a.sync_folder(&ka, KINDS, NOW).unwrap();
    first += started.elapsed();
    let seen = a
        .list::<(u32, u32, String)>(&ka, Owner::SharedBy(Slot::TWO), DAY)
        .unwrap();
    assert_eq!(seen.len(), 365);
    // One day: each shares a day record and a journal entry, then both sync.
    for (v, k) in [(&a, &ka), (&b, &kb)] {
        let owner = Owner::SharedBy(k.slot());
        v.put(k, owner, DAY, "d365", &(365, 4, text(40, 1)))
            .unwrap();
        v.put(k, owner, JOURNAL, "j365", &text(180, 2)).unwrap();
    }
    let started = Instant::now();
    a.sync_folder(&ka, KINDS, NOW).unwrap();
    b.sync_folder(&kb, KINDS, NOW).unwrap();
    let day = started.elapsed();
    a.sync_folder(&ka, KINDS, NOW).unwrap();
    Run {
        first,
        peak,
        day,
        folder: folder_bytes(&folder),
        text: shared,
    }
}

fn main() {
    let runs: Vec<Run> = (0..RUNS).map(|_| run()).collect();
    let first = median(runs.iter().map(|r| r.first).collect());
    let day = median(runs.iter().map(|r| r.day).collect());
    let last = runs.last().unwrap();
    println!("| sync (2 × 365 days + 2 × 53 journal entries) | median of {RUNS} |");
    println!("|---|---|");
    println!(
        "| first sync, both sides (≤ 1 s) | {:.1} ms |",
        first.as_secs_f64() * 1e3
    );
    println!(
        "| one day's changes, both sides (≤ 50 ms) | {:.1} ms |",
        day.as_secs_f64() * 1e3
    );
    println!(
        "| folder with one year unread / after both synced | {} KiB / {} KiB ({} KiB of shared text) |",
        last.peak / 1024,
        last.folder / 1024,
        last.text / 1024
    );
}
