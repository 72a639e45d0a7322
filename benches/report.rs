//! Report speed (issue 6): a 1-year and a 10-year therapist report, HTML and PDF, from
//! the loaded history to the finished bytes (the model's day-by-day run, the report's
//! data, then the rendering). Also the PDF with a passphrase (AES-256), an age packet and
//! the own-data JSON and CSV.
//! The last rows go through the app instead: both partners' data imported into a real
//! vault (with an agreement and a page for the next session a week, so each page gathers
//! the agreements due), then `app::report::make`, which also loads and decrypts every
//! record.
//! Run with `cargo bench --bench report`; REPORT_BENCH_ONLY=word runs only the rows
//! whose name holds it, REPORT_BENCH_SAVE=folder keeps the reports made through the
//! app. Prints a table of medians that goes into
//! docs/PERFORMANCE.md ("Report").

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use healing_arc::app::couple::{self, NewPartner};
use healing_arc::app::export as app_export;
use healing_arc::app::report::{self, Format};
use healing_arc::app::AppState;
use healing_arc::model::{
    Agreement, AgreementAnswer, AgreementKind, Answer, QuestionStatus, SessionPage, Who,
};
use healing_arc::model::{
    ArcEvent, Change, CheckIn, CoupleHistory, Emotions, Role, RuptureKind, Safety, Share, TaskId,
    TaskMark, Visibility,
};
use healing_arc::report::asked::{QuestionNote, TriggerNote};
use healing_arc::report::export::{
    self, EventItem, JournalItem, OwnData, Profile, QuestionItem, Settings, TriggerItem,
};
use healing_arc::report::{
    build, csv, doc, html, packet, pdf, protect, session, JournalNote, Person, Source, TaskProgress,
};
use healing_arc::vault::{KdfParams, Passphrase};

/// A deterministic couple over `days` days: both check in daily, the numbers shared
/// with the partner and the therapist, a note for the therapist every fifth day, a
/// journal entry, a question and a trigger-log entry a week, a rupture every 30 days.
fn source(start: NaiveDate, days: u64) -> Source {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: i32| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) % n as u64) as i32
    };
    let mut h = CoupleHistory {
        start: Some(start),
        ..CoupleHistory::default()
    };
    let mut journal = Vec::new();
    let mut questions = Vec::new();
    let mut triggers = Vec::new();
    let mut pages = Vec::new();
    for d in 0..days {
        let date = start + Days::new(d);
        for role in Role::BOTH {
            let c = CheckIn {
                stance: next(7) - 3,
                emotions: Emotions {
                    hurt: Some(next(5)),
                    anger: Some(next(5)),
                    hope: Some(next(5)),
                    ambivalence: Some(next(5)),
                    ..Emotions::default()
                },
                triggers: next(4),
                safety: Some(Safety::Yes),
                repair_moment: next(3) == 0,
                note: if d % 5 == 0 {
                    "Today we talked about the weekend and it went better than last time. "
                        .repeat(4)
                } else {
                    String::new()
                },
                share: Share {
                    numbers: Visibility::PartnerAndTherapist,
                    note: Visibility::Therapist,
                },
                ..CheckIn::neutral(date)
            };
            match role {
                Role::Op => h.op.checkins.push(c),
                Role::Ap => h.ap.checkins.push(c),
            }
        }
        if d % 7 == 3 {
            journal.push(JournalNote {
                date,
                text: "A longer entry about what came up this week. ".repeat(12),
                visibility: Visibility::Therapist,
            });
        }
        if d % 7 == 1 {
            questions.push(QuestionNote {
                date,
                text: "What happened on the evenings you said you were working late?".into(),
                status: QuestionStatus::BringToSession,
                helped: None,
                visibility: Visibility::Therapist,
            });
        }
        if d % 7 == 5 {
            triggers.push(TriggerNote {
                date,
                what: "A song from that summer on the radio in the car".into(),
                strength: Some(next(11)),
                helped: "Pulling over, breathing, then calling Sam".into(),
                visibility: Visibility::Therapist,
            });
        }
        // A page for the next session a week, with an agreement due for review.
        if d % 7 == 5 {
            pages.push(session::PageIn {
                prepared_on: date,
                session_on: Some(date + Days::new(2)),
                last_session_on: date.checked_sub_days(Days::new(5)),
                happened: "What happened this week, in a few sentences. ".repeat(8),
                bring: "What I want to bring to the session. ".repeat(8),
                for_therapist: true,
                since: date.checked_sub_days(Days::new(5)).unwrap_or(date),
                until: date + Days::new(2),
                agreements_due: vec![session::AgreementIn {
                    id: format!("{d:032x}"),
                    what: "Time together on Sunday mornings, phones put away.".into(),
                    proposed_by: Role::Op,
                    review_on: Some(date + Days::new(2)),
                    standing: "in force".into(),
                }],
                ruptures: Vec::new(),
            });
        }
        if d > 0 && d % 30 == 0 {
            h.events.push(ArcEvent {
                date,
                partner: if d % 60 == 0 { Role::Op } else { Role::Ap },
                change: Change::Rupture {
                    what: RuptureKind::BrokenAgreement,
                    reason: None,
                    agreement: None,
                },
            });
        }
    }
    let tasks: Vec<TaskProgress> = TaskId::ALL
        .iter()
        .filter(|t| t.belongs_to(Role::Ap))
        .map(|t| TaskProgress {
            task: *t,
            done: true,
            date: start,
            visibility: Visibility::Therapist,
        })
        .collect();
    h.ap.marks = tasks
        .iter()
        .map(|t| TaskMark {
            date: t.date,
            task: t.task,
            done: true,
        })
        .collect();
    Source {
        today: start + Days::new(days - 1),
        me: Person {
            name: "Alex".into(),
            role: Role::Ap,
        },
        partner: Some(Person {
            name: "Sam".into(),
            role: Role::Op,
        }),
        history: h,
        journal,
        tasks,
        // The largest report: with the partner's phases and the patterns.
        partner_allows: true,
        questions,
        answers: Vec::new(),
        triggers,
        session_pages: pages,
        parted_on: None,
    }
}

fn own_data(src: &Source, role: Role, name: &str) -> String {
    let journal = if role == Role::Ap {
        src.journal
            .iter()
            .enumerate()
            .map(|(i, j)| JournalItem {
                id: format!("{i:032x}"),
                created_at: j.date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
                updated_at: j.date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
                text: j.text.clone(),
                visibility: j.visibility,
            })
            .collect()
    } else {
        Vec::new()
    };
    let events = src
        .history
        .events
        .iter()
        .filter(|e| e.partner == role)
        .enumerate()
        .map(|(i, e)| EventItem {
            seq: i as u64,
            date: e.date,
            change: e.change.clone(),
        })
        .collect();
    export::to_json(&OwnData {
        reflections: Vec::new(),
        parting: None,
        format: export::EXPORT_FORMAT.into(),
        version: export::EXPORT_VERSION,
        profile: Profile {
            name: name.into(),
            role,
        },
        settings: Settings {
            auto_lock_minutes: 60,
        },
        checkins: match role {
            Role::Op => src.history.op.checkins.clone(),
            Role::Ap => src.history.ap.checkins.clone(),
        },
        journal,
        tasks: Vec::new(),
        events,
        support: Default::default(),
        questions: if role == Role::Ap {
            src.questions
                .iter()
                .enumerate()
                .map(|(i, q)| QuestionItem {
                    id: format!("{:032x}", i + 1_000_000),
                    created_at: noon(q.date),
                    updated_at: noon(q.date),
                    text: q.text.clone(),
                    status: q.status,
                    helped: q.helped,
                    visibility: q.visibility,
                })
                .collect()
        } else {
            Vec::new()
        },
        answers: Vec::new(),
        triggers: if role == Role::Ap {
            src.triggers
                .iter()
                .enumerate()
                .map(|(i, t)| TriggerItem {
                    id: format!("{:032x}", i + 2_000_000),
                    created_at: noon(t.date),
                    updated_at: noon(t.date),
                    date: t.date,
                    what: t.what.clone(),
                    strength: t.strength,
                    helped: t.helped.clone(),
                    visibility: t.visibility,
                })
                .collect()
        } else {
            Vec::new()
        },
        trigger_help: Vec::new(),
        // An agreement a week, proposed by Alex and confirmed by Sam, looked at again
        // two weeks on; and Alex's page for the next session, a week, for the therapist.
        agreements: if role == Role::Ap {
            agreements(src)
        } else {
            Vec::new()
        },
        agreement_answers: if role == Role::Op {
            agreements(src)
                .into_iter()
                .map(|a| AgreementAnswer {
                    agreement: a.id,
                    revision: a.revision,
                    answer: Answer::Confirmed,
                    date: a.created_at.date_naive(),
                })
                .collect()
        } else {
            Vec::new()
        },
        session_pages: if role == Role::Ap {
            src.session_pages
                .iter()
                .enumerate()
                .map(|(i, p)| SessionPage {
                    id: format!("{:032x}", i + 3_000_000),
                    session_on: p.session_on,
                    last_session_on: p.last_session_on,
                    happened: p.happened.clone(),
                    bring: p.bring.clone(),
                    for_therapist: true,
                    created_at: noon(p.prepared_on),
                    updated_at: noon(p.prepared_on),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// One agreement a week, on the day of each page for the next session.
fn agreements(src: &Source) -> Vec<Agreement> {
    src.session_pages
        .iter()
        .enumerate()
        .map(|(i, p)| Agreement {
            id: format!("{:032x}", i + 4_000_000),
            kind: AgreementKind::TimeTogether,
            what: "Time together on Sunday mornings, phones put away.".into(),
            who: Who::Both,
            review_on: Some(p.prepared_on + Days::new(14)),
            proposed: true,
            revision: 1,
            revisit: None,
            created_at: noon(p.prepared_on),
            updated_at: noon(p.prepared_on),
        })
        .collect()
}

fn noon(d: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

/// Both partners' `days` of data, ending today, imported into a new vault; Alex is
/// unlocked (after a fresh unlock, as a partner opening the app would be).
fn seeded_vault(days: u64) -> (tempfile::TempDir, AppState, NaiveDate, NaiveDate) {
    let today = chrono::Local::now().date_naive();
    let start = today - Days::new(days - 1);
    let src = source(start, days);
    let tmp = tempfile::tempdir().expect("a temp folder");
    let st = AppState::with_kdf(tmp.path().join("data"), KdfParams::FLOOR);
    let pass = |s: &str| Passphrase::new(s.to_owned());
    let who = |name: &str, role, p: &str| NewPartner {
        name: name.into(),
        role,
        colour: 0,
        passphrase: pass(p),
    };
    couple::create(&st, who("Alex", Role::Ap, "bench passphrase one")).expect("create");
    couple::add_partner(&st, who("Sam", Role::Op, "bench passphrase two")).expect("add");
    app_export::import_bytes(&st, own_data(&src, Role::Ap, "Alex").as_bytes()).expect("import");
    couple::lock(&st);
    couple::unlock(&st, 2, pass("bench passphrase two")).expect("unlock");
    app_export::import_bytes(&st, own_data(&src, Role::Op, "Sam").as_bytes()).expect("import");
    couple::lock(&st);
    couple::unlock(&st, 1, pass("bench passphrase one")).expect("unlock");
    (tmp, st, start, today)
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let sizes = [(365u64, 11usize), (3650, 5)];
    let start = NaiveDate::from_ymd_opt(2016, 1, 4).unwrap_or_default();
    let sources: Vec<Source> = sizes.iter().map(|(d, _)| source(start, *d)).collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    // REPORT_BENCH_ONLY=word runs only the rows whose name holds it.
    let only = std::env::var("REPORT_BENCH_ONLY").unwrap_or_default();
    let mut row = |name: &str, f: &mut dyn FnMut(&Source, usize) -> String| {
        if !name.contains(only.as_str()) {
            return;
        }
        let cells = sources
            .iter()
            .zip(sizes)
            .map(|(s, (_, runs))| f(s, runs))
            .collect();
        rows.push((name.to_owned(), cells));
    };
    let range = |s: &Source| (s.history.start.unwrap_or(s.today), s.today);

    row("report data (model run + build)", &mut |s, n| {
        let (from, to) = range(s);
        ms(median(n, || {
            black_box(build(s, from, to));
        }))
    });
    row("HTML report, total", &mut |s, n| {
        let (from, to) = range(s);
        ms(median(n, || {
            black_box(html::render(&doc::build(&build(s, from, to))));
        }))
    });
    row("PDF report, total", &mut |s, n| {
        let (from, to) = range(s);
        ms(median(n, || {
            black_box(pdf::render(&doc::build(&build(s, from, to))));
        }))
    });
    row("PDF pages", &mut |s, _| {
        let (from, to) = range(s);
        pdf::layout(&doc::build(&build(s, from, to)))
            .pages
            .len()
            .to_string()
    });
    row("HTML size / PDF size", &mut |s, _| {
        let (from, to) = range(s);
        let d = doc::build(&build(s, from, to));
        let h = html::render(&d).len();
        let p = pdf::render(&d).map_or(0, |b| b.len());
        format!("{} KiB / {} KiB", h / 1024, p / 1024)
    });
    // The suggested passphrase's length (six words, at most 32 characters).
    const PASS: &str = "otter quilt cedar lemon brook";
    row("PDF with a passphrase (AES-256 R6), total", &mut |s, n| {
        let (from, to) = range(s);
        ms(median(n, || {
            let body = pdf::render(&doc::build(&build(s, from, to))).unwrap_or_default();
            black_box(protect::encrypt(&body, PASS).ok());
        }))
    });
    row(
        "AES-256 encryption of the PDF alone (lopdf)",
        &mut |s, n| {
            let (from, to) = range(s);
            let body = pdf::render(&doc::build(&build(s, from, to))).unwrap_or_default();
            ms(median(n, || {
                black_box(protect::encrypt(&body, PASS).ok());
            }))
        },
    );
    row("age packet (X25519), PDF + JSON", &mut |s, n| {
        let (from, to) = range(s);
        let id = age::x25519::Identity::generate();
        let lock = packet::Lock::Recipient(Box::new(id.to_public()));
        ms(median(n, || {
            let r = build(s, from, to);
            let body = pdf::render(&doc::build(&r)).unwrap_or_default();
            let json = serde_json::to_vec(&r).unwrap_or_default();
            let files = [
                packet::Entry {
                    name: "report.pdf",
                    bytes: &body,
                },
                packet::Entry {
                    name: "report.json",
                    bytes: &json,
                },
            ];
            black_box(packet::seal(&lock, &files, 0).ok());
        }))
    });
    row("own-data JSON: write + parse", &mut |s, n| {
        let data = OwnData {
            reflections: Vec::new(),
            parting: None,
            format: export::EXPORT_FORMAT.into(),
            version: export::EXPORT_VERSION,
            profile: Profile {
                name: "Alex".into(),
                role: Role::Ap,
            },
            settings: Settings {
                auto_lock_minutes: 5,
            },
            checkins: s.history.ap.checkins.clone(),
            journal: Vec::new(),
            tasks: Vec::new(),
            events: Vec::new(),
            support: Default::default(),
            questions: Vec::new(),
            answers: Vec::new(),
            triggers: Vec::new(),
            trigger_help: Vec::new(),
            agreements: Vec::new(),
            agreement_answers: Vec::new(),
            session_pages: Vec::new(),
        };
        ms(median(n, || {
            let text = export::to_json(&data);
            black_box(export::parse(text.as_bytes(), s.today).ok());
        }))
    });
    row("own check-ins as CSV", &mut |s, n| {
        ms(median(n, || {
            black_box(csv::checkins(&s.history.ap.checkins).ok());
        }))
    });

    for (format, protected) in [
        (Format::Html, false),
        (Format::Pdf, false),
        (Format::Pdf, true),
    ] {
        let name = match (format, protected) {
            (Format::Html, _) => "through the app: vault load + HTML",
            (Format::Pdf, false) => "through the app: vault load + PDF",
            (Format::Pdf, true) => "through the app: vault load + PDF with a passphrase",
        };
        if !name.contains(only.as_str()) {
            continue;
        }
        let cells = sizes
            .iter()
            .map(|(days, runs)| {
                let (_tmp, st, from, to) = seeded_vault(*days);
                let lock =
                    || protected.then(|| report::PacketLock::PdfPassword(PASS.to_owned().into()));
                // A refused passphrase would time only the refusal.
                let made = report::make(&st, from, to, format, lock());
                let size = made.as_ref().map_or(0, Vec::len);
                // REPORT_BENCH_SAVE=folder keeps each report made, to look inside.
                if let (Ok(dir), Ok(bytes)) = (std::env::var("REPORT_BENCH_SAVE"), &made) {
                    let ext = if format == Format::Html {
                        "html"
                    } else {
                        "pdf"
                    };
                    let lock = if protected { "-protected" } else { "" };
                    let file = format!("{dir}/report-{days}-days{lock}.{ext}");
                    std::fs::write(&file, bytes).expect("the report saved");
                }
                assert!(made.is_ok());
                let took = median(*runs, || {
                    black_box(report::make(&st, from, to, format, lock()).ok());
                });
                format!("{} ({} KiB)", ms(took), size / 1024)
            })
            .collect();
        rows.push((name.to_owned(), cells));
    }

    // `make bench` runs the release profile; a dev-profile run says so.
    let build = if cfg!(debug_assertions) {
        "dev build, unoptimised"
    } else {
        "release build"
    };
    println!("\nTherapist report and exports (median; {build})\n");
    println!("| what | 1 year (365 days) | 10 years (3,650 days) |");
    println!("|------|------:|------:|");
    for (name, cells) in rows {
        println!("| {name} | {} | {} |", cells[0], cells[1]);
    }
}
