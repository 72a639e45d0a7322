//! Vault speed, side by side with SQLCipher on the same workload, in one run.
//! Run with `make bench` (it enables the bench-only `bench-sqlcipher` feature); prints
//! a table of medians. The numbers go into docs/PERFORMANCE.md ("Vault").
//!
//! The vault side goes through the app's own code (`app::couple`, `app::checkins`):
//! a save seals the check-in and its shared copy and flushes sled; past months are
//! folded into month records at unlock. SQLCipher stores the same check-ins as the same
//! JSON, one row each, with WAL and synchronous=FULL. SQLCipher is keyed with a raw
//! key and the vault's load uses already-unlocked keys, so neither load includes a KDF
//! (unlock is timed apart).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{Days, NaiveDate};
use healing_arc::app::couple::{self, NewPartner};
use healing_arc::app::{checkins, AppState};
use healing_arc::model::{CheckIn, Emotions, Role, Safety, Share, TaskId, Visibility};
use healing_arc::vault::{KdfParams, Keyring, Passphrase, Secret, Slot, Vault};
use rusqlite::{params, Connection};

const YEARS_DAYS: u32 = 3650;
const SAVES: usize = 1000;
const LOADS: usize = 15;
const UNLOCKS: usize = 7;
const BACKUPS: usize = 7;
const PASS: &str = "bench passphrase, long enough";
const PASS2_NEW: &str = "bench passphrase after rotation";
const PASS2: &str = "second bench passphrase";

fn pass(p: &str) -> Passphrase {
    Passphrase::new(p.to_owned())
}

fn partner(name: &str, role: Role, p: &str) -> NewPartner {
    NewPartner {
        name: name.to_owned(),
        role,
        colour: 1,
        passphrase: pass(p),
    }
}

/// A deterministic, realistic check-in for day `n` of a partner.
fn checkin(partner: u64, today: NaiveDate, n: u32) -> CheckIn {
    let mut s = (u64::from(n) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ partner;
    let mut next = |m: u64| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % m) as i32
    };
    let words = [
        "we", "talked", "after", "dinner", "it", "was", "hard", "but", "honest", "I", "felt",
        "heard", "today",
    ];
    let note: Vec<&str> = (0..8 + next(25))
        .map(|_| words[next(words.len() as u64) as usize])
        .collect();
    let task = if partner == 1 {
        TaskId::P1ApSafety
    } else {
        TaskId::P1OpCommit
    };
    CheckIn {
        date: today - Days::new(u64::from(n)),
        stance: next(7) - 3,
        emotions: Emotions {
            hurt: Some(next(5)),
            anger: Some(next(5)),
            fear: Some(next(5)),
            hope: Some(next(5)),
            ambivalence: Some(next(5)),
            ..Emotions::default()
        },
        triggers: next(4),
        safety: Some(Safety::Yes),
        repair_moment: next(3) == 0,
        tasks: if next(4) == 0 { vec![task] } else { Vec::new() },
        note: note.join(" "),
        share: Share {
            numbers: Visibility::Partner,
            note: Visibility::Private,
        },
    }
}

fn id(c: &CheckIn) -> String {
    c.date.format("%Y-%m-%d").to_string()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn pct(mut v: Vec<Duration>, p: usize) -> Duration {
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

fn du(p: &Path) -> u64 {
    let Ok(m) = std::fs::metadata(p) else {
        return 0;
    };
    if m.is_file() {
        return m.len();
    }
    std::fs::read_dir(p).map_or(0, |d| d.filter_map(Result::ok).map(|e| du(&e.path())).sum())
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

// --- SQLCipher -----------------------------------------------------------------

fn sqlcipher_open(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    // A raw 256-bit key: no PBKDF2 on open, like the vault's already-unlocked keys.
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "7a".repeat(32)))
        .unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .unwrap();
    conn
}

fn sqlcipher_create(path: &Path) -> Connection {
    let conn = sqlcipher_open(path);
    conn.execute_batch("CREATE TABLE checkins (owner INTEGER NOT NULL, id TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (owner, id)) WITHOUT ROWID;")
        .unwrap();
    conn
}

fn sqlcipher_save(conn: &Connection, owner: i64, c: &CheckIn) {
    let body = serde_json::to_vec(c).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO checkins (owner, id, body) VALUES (?1, ?2, ?3)",
        params![owner, id(c), body],
    )
    .unwrap();
}

fn sqlcipher_load(conn: &Connection, owner: i64) -> Vec<CheckIn> {
    let mut stmt = conn
        .prepare_cached("SELECT body FROM checkins WHERE owner = ?1")
        .unwrap();
    let rows = stmt.query_map([owner], |r| r.get::<_, Vec<u8>>(0)).unwrap();
    rows.map(|b| serde_json::from_slice(&b.unwrap()).unwrap())
        .collect()
}

// --- the runs ------------------------------------------------------------------

struct Row {
    what: &'static str,
    vault: String,
    sqlcipher: String,
    ratio: String,
    target: &'static str,
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rows = Vec::new();

    // 1. Unlock at the default parameters (through the app, as the unlock command
    // does it) against the bare Argon2id call.
    let state = AppState::new(tmp.path().join("unlock"));
    couple::create(&state, partner("Bench One", Role::Ap, PASS)).unwrap();
    couple::lock(&state);
    let argon = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(64 * 1024, 3, 1, Some(32)).unwrap(),
    );
    let (mut unlocks, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..UNLOCKS {
        let t = Instant::now();
        black_box(couple::unlock(&state, 1, pass(PASS)).unwrap());
        unlocks.push(t.elapsed());
        couple::lock(&state);
        let mut out = [0u8; 32];
        let t = Instant::now();
        argon
            .hash_password_into(PASS.as_bytes(), &[9u8; 16], &mut out)
            .unwrap();
        bare.push(t.elapsed());
        black_box(out);
    }
    drop(state);
    let (u, b) = (median(unlocks), median(bare));
    rows.push(Row {
        what: "unlock, m=64 MiB t=3 p=1 (median)",
        vault: ms(u),
        sqlcipher: format!("bare Argon2id {}", ms(b)),
        ratio: format!("{:.3}x bare KDF", u.as_secs_f64() / b.as_secs_f64()),
        target: "<= 1.1x bare KDF",
    });

    // 2. Durable save of one check-in (with its shared copy), p50 and p99.
    let state = AppState::with_kdf(tmp.path().join("save"), KdfParams::FLOOR);
    couple::create(&state, partner("Bench One", Role::Ap, PASS)).unwrap();
    let conn = sqlcipher_create(&tmp.path().join("save.db"));
    let today = checkins::today();
    let (mut vs, mut ss) = (Vec::new(), Vec::new());
    for n in 0..SAVES as u32 {
        let c = checkin(1, today, n);
        let t = Instant::now();
        checkins::save(&state, c.clone()).unwrap();
        vs.push(t.elapsed());
        let t = Instant::now();
        sqlcipher_save(&conn, 1, &c);
        ss.push(t.elapsed());
    }
    drop((state, conn));
    for (label, p, target) in [
        (
            "durable save of one check-in, p50",
            50,
            "<= 1 ms, <= SQLCipher",
        ),
        ("durable save of one check-in, p99", 99, ""),
    ] {
        let (a, b) = (pct(vs.clone(), p), pct(ss.clone(), p));
        rows.push(Row {
            what: label,
            vault: ms(a),
            sqlcipher: ms(b),
            ratio: format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64()),
            target,
        });
    }

    // 3. Ten years of daily check-ins for both partners, saved one by one through the
    // app, then each partner unlocks once more (which folds past months).
    let dir = tmp.path().join("years");
    let db = tmp.path().join("years.db");
    let state = AppState::with_kdf(dir.clone(), KdfParams::FLOOR);
    couple::create(&state, partner("Bench One", Role::Ap, PASS)).unwrap();
    couple::add_partner(&state, partner("Bench Two", Role::Op, PASS2)).unwrap();
    let conn = sqlcipher_create(&db);
    let mut plain = 0usize;
    for (slot, p) in [(1u8, PASS), (2, PASS2)] {
        couple::lock(&state);
        couple::unlock(&state, slot, pass(p)).unwrap();
        for n in 0..YEARS_DAYS {
            let c = checkin(u64::from(slot), today, n);
            plain += serde_json::to_vec(&c).unwrap().len();
            checkins::save(&state, c.clone()).unwrap();
            sqlcipher_save(&conn, i64::from(slot), &c);
        }
    }
    for (slot, p) in [(1u8, PASS), (2, PASS2)] {
        couple::lock(&state);
        couple::unlock(&state, slot, pass(p)).unwrap();
    }
    couple::lock(&state);
    drop((state, conn));
    let one: Keyring = Vault::open(&dir)
        .unwrap()
        .unlock(Slot::ONE, &Secret::Passphrase(pass(PASS)), 0)
        .unwrap();

    let (mut vl, mut sl, mut pl) = (Vec::new(), Vec::new(), Vec::new());
    let jsons: Vec<Vec<u8>> = (0..YEARS_DAYS)
        .flat_map(|n| [1u64, 2].map(|o| serde_json::to_vec(&checkin(o, today, n)).unwrap()))
        .collect();
    for _ in 0..LOADS {
        let t = Instant::now();
        let vault = Vault::open(&dir).unwrap();
        let loaded = checkins::load(&vault, &one).unwrap();
        vl.push(t.elapsed());
        assert_eq!(
            loaded.mine.len() + loaded.partner.len(),
            2 * YEARS_DAYS as usize
        );
        drop((vault, loaded));
        let t = Instant::now();
        let conn = sqlcipher_open(&db);
        let mut all = sqlcipher_load(&conn, 1);
        all.extend(sqlcipher_load(&conn, 2));
        sl.push(t.elapsed());
        assert_eq!(all.len(), 2 * YEARS_DAYS as usize);
        drop(conn);
        let t = Instant::now();
        let parsed: Vec<CheckIn> = jsons
            .iter()
            .map(|j| serde_json::from_slice(j).unwrap())
            .collect();
        pl.push(t.elapsed());
        black_box(parsed);
    }
    // The same load again on an open vault whose two logs were verified by the load
    // above: what the signature and hash-chain checks cost, side by side.
    let (mut checked, mut unchecked) = (Vec::new(), Vec::new());
    for _ in 0..LOADS {
        let t = Instant::now();
        let vault = Vault::open(&dir).unwrap();
        let opened = t.elapsed();
        let t = Instant::now();
        black_box(checkins::load(&vault, &one).unwrap());
        checked.push(opened + t.elapsed());
        let t = Instant::now();
        black_box(checkins::load(&vault, &one).unwrap());
        unchecked.push(opened + t.elapsed());
    }
    let (c, u) = (median(checked), median(unchecked));
    rows.push(Row {
        what: "open + load 7,300 check-ins, both partners' logs verified / already verified",
        vault: format!("{} / {}", ms(c), ms(u)),
        sqlcipher: String::new(),
        ratio: format!("{:.2}x", c.as_secs_f64() / u.as_secs_f64()),
        target: "<= 2x",
    });
    let (a, b) = (median(vl), median(sl));
    rows.push(Row {
        what: "open + load + decrypt 7,300 check-ins (median)",
        vault: ms(a),
        sqlcipher: ms(b),
        ratio: format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64()),
        target: "<= 30 ms, <= SQLCipher",
    });
    rows.push(Row {
        what: "(reference: parsing 7,300 check-ins from JSON, alone)",
        vault: ms(median(pl.clone())),
        sqlcipher: ms(median(pl)),
        ratio: String::new(),
        target: "",
    });

    // 4. Backup of that vault: one file, fsynced.
    let vault = Vault::open(&dir).unwrap();
    let conn = sqlcipher_open(&db);
    let (mut vb, mut sb) = (Vec::new(), Vec::new());
    let mut backup_size = 0;
    for i in 0..BACKUPS {
        let path = tmp.path().join(format!("vault-{i}.backup"));
        let t = Instant::now();
        backup_size = vault.backup(&one, &path).unwrap();
        vb.push(t.elapsed());
        let path = tmp.path().join(format!("sqlcipher-{i}.db"));
        let t = Instant::now();
        {
            let mut dest = Connection::open(&path).unwrap();
            dest.execute_batch(&format!("PRAGMA key = \"x'{}'\";", "7a".repeat(32)))
                .unwrap();
            let b = rusqlite::backup::Backup::new(&conn, &mut dest).unwrap();
            b.run_to_completion(1 << 20, Duration::ZERO, None).unwrap();
        }
        std::fs::File::open(&path).unwrap().sync_all().unwrap();
        sb.push(t.elapsed());
    }
    drop((vault, conn));
    let (a, b) = (median(vb), median(sb));
    rows.push(Row {
        what: "backup of the 10-year vault (median)",
        vault: format!("{} ({:.1} MB)", ms(a), backup_size as f64 / 1e6),
        sqlcipher: ms(b),
        ratio: format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64()),
        target: "",
    });

    // 5. Store size on disk (the whole data folder) against the plaintext JSON.
    let (vsize, ssize) = (du(&dir), du(&db) + du(&db.with_extension("db-wal")));
    rows.push(Row {
        what: "store size on disk / plaintext JSON",
        vault: format!(
            "{:.2} MB = {:.2}x",
            vsize as f64 / 1e6,
            vsize as f64 / plain as f64
        ),
        sqlcipher: format!(
            "{:.2} MB = {:.2}x",
            ssize as f64 / 1e6,
            ssize as f64 / plain as f64
        ),
        ratio: format!("plaintext {:.2} MB", plain as f64 / 1e6),
        target: "<= 3x plaintext",
    });

    // 6. Locking out older copies on the 10-year vault: every record of partner 1
    // sealed again, the header rewritten, the store compacted (the KDF at the floor).
    let mut vault = Vault::open(&dir).unwrap();
    let mut kr = vault
        .unlock(Slot::ONE, &Secret::Passphrase(pass(PASS)), 0)
        .unwrap();
    let t = Instant::now();
    let code = vault
        .rotate(
            &mut kr,
            pass(PASS),
            &pass(PASS2_NEW),
            KdfParams::FLOOR,
            0,
            &[],
        )
        .unwrap();
    let rotated = t.elapsed();
    black_box(code);
    rows.push(Row {
        what: "lock out older copies: rotate the 10-year vault (one run)",
        vault: ms(rotated),
        sqlcipher: String::new(),
        ratio: String::new(),
        target: "<= 5 s",
    });
    drop(vault);

    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "Vault bench, {} cores ({cpu}), {}",
        cores,
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    println!();
    println!("| measure | vault (sled + ChaCha20-Poly1305) | SQLCipher (WAL, synchronous=FULL) | ratio | target |");
    println!("|---|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            r.what, r.vault, r.sqlcipher, r.ratio, r.target
        );
    }
}
