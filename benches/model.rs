//! Model speed: replaying long scenarios, and the app's `status` over a long history.
//! Run with `cargo bench --bench model`; prints a table of medians. The numbers go into
//! docs/PERFORMANCE.md ("Model").

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use healing_arc::model::{
    replay, CheckIn, CoupleHistory, Emotions, Entry, EventKind, PartnerInfo, Partners, Role,
    Safety, Scenario, ScenarioDay, ScenarioEvent, Share, TaskId, Visibility,
};

/// A deterministic couple over `days` days: both check in daily (numbers shared), with
/// stances that wander, tasks marked along the way and a few advances.
fn long_scenario(days: u32) -> Scenario {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: i32| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as i32
    };
    let entry = |stance: i32, hurt: i32, amb: i32, repair: bool| Entry {
        stance: Some(stance),
        emotions: Some(Emotions {
            hurt: Some(hurt),
            ambivalence: Some(amb),
            ..Emotions::default()
        }),
        triggers: Some(1),
        safety: Some(Some(Safety::Yes)),
        repair_moment: Some(repair),
        share: Some(Visibility::Partner),
        ..Entry::default()
    };
    let mut list = Vec::with_capacity(days as usize);
    for day in 0..days {
        let mut op = entry(next(7) - 3, next(3), next(5), false);
        let mut ap = entry(next(7) - 3, next(4), 0, next(3) == 0);
        if day == 0 {
            op.done = TaskId::ALL
                .iter()
                .copied()
                .filter(|t| t.belongs_to(Role::Op))
                .collect();
            ap.done = TaskId::ALL
                .iter()
                .copied()
                .filter(|t| t.belongs_to(Role::Ap))
                .collect();
        }
        list.push(ScenarioDay {
            day,
            op: Some(op),
            ap: Some(ap),
        });
    }
    let events = (1..days / 30)
        .map(|k| ScenarioEvent {
            day: k * 30,
            partner: if k % 2 == 0 { Role::Op } else { Role::Ap },
            kind: EventKind::Rupture,
            to: None,
            reason: Some("broken agreement".into()),
        })
        .collect();
    Scenario {
        start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default(),
        partners: Partners {
            op: PartnerInfo { name: "Sam".into() },
            ap: PartnerInfo {
                name: "Alex".into(),
            },
        },
        days: list,
        events,
    }
}

fn history_of(s: &Scenario) -> CoupleHistory {
    let mut h = CoupleHistory::default();
    for d in &s.days {
        let date = s.date_of(d.day).unwrap_or(s.start);
        for role in Role::BOTH {
            if let Some(c) = d.entry(role).and_then(|e| e.check_in(date)) {
                let c = CheckIn {
                    share: Share {
                        numbers: Visibility::Partner,
                        note: Visibility::Private,
                    },
                    ..c
                };
                match role {
                    Role::Op => h.op.checkins.push(c),
                    Role::Ap => h.ap.checkins.push(c),
                }
            }
        }
    }
    h
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    f(); // warm up
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    println!("{:<44} {:>8} {:>12}", "what", "days", "median");
    for days in [365u32, 3_650] {
        let scenario = long_scenario(days);
        let text = serde_json::to_string(&scenario).unwrap_or_default();
        // Measure only what really runs: the generated scenario must be valid.
        if let Err(e) = Scenario::parse(&text).and_then(|s| replay(&s)) {
            eprintln!("the generated scenario is invalid: {e}");
            std::process::exit(1);
        }
        let last = scenario.date_of(days - 1).unwrap_or(scenario.start);
        let history = history_of(&scenario);
        let runs = 31;
        let rows = [
            (
                "replay (model only)",
                median(
                    || {
                        black_box(replay(black_box(&scenario)).ok());
                    },
                    runs,
                ),
            ),
            (
                "parse + check scenario JSON",
                median(
                    || {
                        black_box(Scenario::parse(black_box(&text)).ok());
                    },
                    runs,
                ),
            ),
            (
                "parse + replay + --json output",
                median(
                    || {
                        let out = Scenario::parse(&text)
                            .ok()
                            .and_then(|s| replay(&s).ok())
                            .map(|r| r.to_json());
                        black_box(out);
                    },
                    runs,
                ),
            ),
            (
                "app: CoupleHistory::status on last day",
                median(
                    || {
                        black_box(history.status(black_box(last)));
                    },
                    runs,
                ),
            ),
        ];
        for (what, t) in rows {
            println!("{what:<44} {days:>8} {:>12}", ms(t));
        }
        println!(
            "{:<44} {days:>8} {:>9} KiB",
            "scenario file size",
            text.len() / 1024
        );
    }
}
