//! Requirement 11: a writer killed with SIGKILL at a random moment, 100 times over,
//! never loses an acknowledged check-in, and the store opens every time. The writer
//! is this test binary itself, re-run with an environment variable naming the folder.
//! Requirement 13's kill test (a backup cut short) uses the same child mechanism.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use healing_arc::app::{checkins, couple};
use healing_arc::model::CheckIn;
use healing_arc::vault::{Secret, Slot, Vault};

use super::*;

const DIR_ENV: &str = "HEALING_ARC_CRASH_DIR";
const START_ENV: &str = "HEALING_ARC_CRASH_START";
const BACKUP_ENV: &str = "HEALING_ARC_CRASH_BACKUP";
const KILLS: usize = 100;

/// The check-in the writer saves as its `n`th write: a distinct date and content.
fn nth(n: u32) -> CheckIn {
    let d = date("2000-01-01") + chrono::Days::new(u64::from(n));
    CheckIn {
        stance: (n % 7) as i32 - 3,
        triggers: (n % 50) as i32,
        note: format!("write number {n}"),
        ..CheckIn::neutral(d)
    }
}

/// Writes check-ins from `start` on, printing `ACK n` only after each save returned.
fn write_forever(dir: &Path, start: u32) {
    let state = state(dir);
    couple::unlock(&state, 1, pass(P1)).expect("the store opens");
    println!("READY");
    for n in start..start + 100_000 {
        checkins::save(&state, nth(n)).expect("save");
        println!("ACK {n}");
    }
}

/// The child's entry point. Run on its own (no variable set), it writes a few check-ins
/// in-process and checks they read back, which is the writer's loop in small.
#[test]
fn crash_writer() {
    if let Some(dir) = std::env::var_os(DIR_ENV) {
        let start = std::env::var(START_ENV).unwrap().parse().unwrap();
        write_forever(Path::new(&dir), start);
        return;
    }
    if let Some(dir) = std::env::var_os(BACKUP_ENV) {
        let state = state(Path::new(&dir));
        couple::unlock(&state, 1, pass(P1)).expect("the store opens");
        println!("READY");
        loop {
            couple::backup(&state, Some(Path::new(&dir).join("one.backup"))).expect("backup");
            println!("ACK backup");
        }
    }
    let c = couple();
    for n in 0..5 {
        checkins::save(&c.state, nth(n)).unwrap();
    }
    assert_eq!(
        checkins::list(&c.state, None, None).unwrap(),
        (0..5).map(nth).collect::<Vec<_>>()
    );
}

/// A small, seedable random source (xorshift), seeded from the clock and printed.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// Starts the child with `env`, kills it after a random delay; returns what it acked.
/// One round in four the delay counts from the start (a kill may land while the store
/// opens); otherwise from the moment the child says it is writing, so a busy machine,
/// where opening the store takes longer than the delay, still kills writes.
fn run_and_kill(env: (&str, &Path), start: u32, rng: &mut Rng, max_delay_ms: u64) -> Vec<String> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "vault::crash::crash_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(env.0, env.1)
        .env(START_ENV, start.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the writer");
    let out = child.stdout.take().unwrap();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut acks = Vec::new();
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // The harness's own "test … ..." may precede it on the same line.
            if line.ends_with("READY") {
                let _ = ready_tx.send(());
            } else if let Some(ack) = line.strip_prefix("ACK ") {
                acks.push(ack.to_owned());
            }
        }
        acks
    });
    if rng.next(4) != 0 {
        // Should the child die before it is ready, the channel closes and this returns.
        let _ = ready_rx.recv_timeout(Duration::from_secs(120));
    }
    std::thread::sleep(Duration::from_millis(rng.next(max_delay_ms)));
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    reader.join().unwrap()
}

#[test]
fn req_11_acknowledged_writes_survive_100_sigkills() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    couple::create(&state(&dir), partner("Writer", Role::Ap, 1, P1)).unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let (mut next, mut acked_total, mut acked_max) = (0u32, 0usize, None::<u32>);
    let started = Instant::now();
    for round in 0..KILLS {
        let acks: Vec<u32> = run_and_kill((DIR_ENV, &dir), next, &mut rng, 250)
            .iter()
            .map(|a| a.parse().unwrap())
            .collect();
        acked_total += acks.len();
        if let Some(&last) = acks.last() {
            acked_max = Some(last);
            next = last + 1;
        }
        // Everything acknowledged so far (in this round or before) is there and reads.
        let state = state(&dir);
        couple::unlock(&state, 1, pass(P1))
            .unwrap_or_else(|e| panic!("round {round}, seed {seed}: {e:?}"));
        let stored = checkins::list(&state, None, None).unwrap();
        if let Some(max) = acked_max {
            for n in 0..=max {
                assert_eq!(
                    stored.get(n as usize),
                    Some(&nth(n)),
                    "round {round}, seed {seed}: write {n}"
                );
            }
        }
    }
    println!(
        "{KILLS} kills, {acked_total} acknowledged writes, {:?}",
        started.elapsed()
    );
    assert!(
        acked_total >= KILLS,
        "the writer was killed too early too often to test anything"
    );
}

#[test]
fn req_13_a_backup_cut_short_leaves_the_previous_one_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let state = state(&dir);
    couple::create(&state, partner("Keeper", Role::Ap, 1, P1)).unwrap();
    // Enough data that writing a backup takes a while.
    for n in 0..300 {
        checkins::save(
            &state,
            CheckIn {
                note: "x".repeat(2_000),
                ..nth(n)
            },
        )
        .unwrap();
    }
    let file = dir.join("one.backup");
    couple::backup(&state, Some(file.clone())).unwrap();
    couple::lock(&state);
    drop(state);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id()));
    let mut writes = 0;
    for round in 0..20 {
        writes += run_and_kill((BACKUP_ENV, &dir), 0, &mut rng, 400).len();
        let target = tmp.path().join(format!("restored-{round}"));
        let (vault, keyring) =
            Vault::restore(&target, &file, Slot::ONE, &Secret::Passphrase(pass(P1)))
                .unwrap_or_else(|e| panic!("round {round}: the backup file is not whole: {e:?}"));
        assert_eq!(keyring.slot(), Slot::ONE);
        drop(vault);
        let leftovers = std::fs::read_dir(&dir).unwrap().filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        });
        // A temp file may be left by the kill; it is never the backup itself.
        assert!(leftovers.count() <= 20);
    }
    assert!(writes > 0, "no backup was rewritten before a kill");
}
