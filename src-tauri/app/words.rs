//! The app's plain words for what the model computes (see the voice rules: say what
//! was computed and why, never a diagnosis, no blame).

use crate::model::{
    ArcEvent, Change, DayClass, Detection, DynamicKind, Evidence, Phase, Role, Signal,
};

/// An event as the partner looking at it reads it. The partner's declaration is not
/// announced (MODEL.md v2): they learn of it only by trying to move on themselves.
pub fn event(e: &ArcEvent, me: Role) -> Option<String> {
    let mine = e.partner == me;
    let who = if mine { "You" } else { "Your partner" };
    Some(match &e.change {
        Change::ReadyToRebuild | Change::WithdrawReady if !mine => return None,
        Change::ReadyToRebuild => "You said you are ready to rebuild together".into(),
        Change::WithdrawReady => "You took back \"ready to rebuild together\"".into(),
        Change::Advance => format!("{who} moved on to a new phase"),
        Change::StepBack { to, reason } => {
            let to = to
                .map(|p| format!(" to phase {}, \"{}\"", p.number(), p.title()))
                .unwrap_or_default();
            match reason.as_deref().filter(|r| mine && !r.trim().is_empty()) {
                Some(r) => format!("{who} stepped back{to} ({r})"),
                None => format!("{who} stepped back{to}"),
            }
        }
        Change::Rupture { .. } => format!("{who} recorded a rupture"),
    })
}

pub fn signal(s: &Signal) -> String {
    match s {
        Signal::LeaningIn { days, needed } => format!(
            "Leaning in (a little closer or more) on {needed} of the last 7 days; so far {days}."
        ),
        Signal::FeltSafe { unsafe_days } => format!(
            "No day in the last 7 on which you answered that you did not feel safe (a skipped answer is not a \"no\"). So far {unsafe_days} such days; your safety matters more than any phase."
        ),
        Signal::RepairMoment { .. } => "A moment of connection or repair in the last 7 days.".into(),
        // Not a target for the pain: it says when the app asks, and that hurt has no deadline.
        Signal::HurtEasing {
            mean_hurt,
            answered,
            moments,
        } => {
            let hurt = match mean_hurt {
                Some(h) => format!("about {h:.1} of 4 on the {answered} days you answered"),
                None => "not answered in the last 7 days".into(),
            };
            format!(
                "Your hurt takes the time it takes; this is not a goal to reach. The app asks whether you want to move on only when, on the days you answered, the hurt was on average 2.5 of 4 or lighter over the last 7 days (now {hurt}) and there was a moment of connection or repair ({moments} so far)."
            )
        }
        Signal::LastPhase => "This is the last phase.".into(),
    }
}

pub fn waiting_note(phase: Phase) -> String {
    match phase {
        Phase::Process => "You look ready. \"Rebuild together\" is a phase you enter together: it opens once your partner has said they are ready to rebuild together, or has moved on to it. Nothing is wrong; it is the pace of the two of you.".into(),
        _ => "You look ready, and the next step waits for the right moment.".into(),
    }
}

/// In place of `waiting_note` while there is no second profile.
pub fn alone_note() -> String {
    "You look ready. \"Rebuild together\" is a phase two people enter together, and there is no second profile here, so your phases go as far as this one. The work of this phase can go on for as long as you want it to.".into()
}

pub fn dynamic_title(k: DynamicKind) -> &'static str {
    match k {
        DynamicKind::CollidingTrajectories => "Your paths are far apart right now",
        DynamicKind::InsufficientData => "Not enough shared days to see a pattern",
        DynamicKind::LeaningInTogether => "Leaning in together",
        DynamicKind::MutualWithdrawal => "Both of you pulling back",
        DynamicKind::OpAmbivalence => "Answers swinging between closer and more distant",
        DynamicKind::PursueWithdraw => "One reaching out, one pulling away",
        DynamicKind::TurnTaking => "Taking turns leaning in and out",
    }
}

/// Why a detection shows, from the evidence it used.
pub fn explain(d: &Detection, me: Role) -> String {
    let count = |class: DayClass, days: &[crate::model::PairedDay]| {
        days.iter().filter(|p| p.class == class).count()
    };
    match (&d.kind, &d.evidence) {
        (DynamicKind::InsufficientData, Evidence::PairedDays { days, .. }) => format!(
            "In the last 7 days you both shared a check-in on {} day{}. Patterns show from 3 shared days.",
            days.len(),
            if days.len() == 1 { "" } else { "s" }
        ),
        (DynamicKind::MutualWithdrawal, Evidence::PairedDays { days, .. }) => format!(
            "On {} of the last 7 days you both leaned out. Pulling back together can feel safer for a while, and it can also leave each of you alone with the pain.",
            count(DayClass::BothOut, days)
        ),
        (DynamicKind::TurnTaking, Evidence::PairedDays { days, .. }) => format!(
            "On {} of the last 7 days one of you leaned in while the other leaned out.",
            count(DayClass::TurnTaking, days)
        ),
        (DynamicKind::LeaningInTogether, Evidence::PairedDays { days, .. }) => format!(
            "On {} of the last 7 days you both leaned in.",
            count(DayClass::TogetherIn, days)
        ),
        (DynamicKind::PursueWithdraw, Evidence::Slopes { rising, .. }) => {
            let who = if *rising == me { "your shared answers moved closer while your partner's moved further away" } else { "your partner's shared answers moved closer while yours moved further away" };
            format!("Over the last 7 days {who}.")
        }
        (DynamicKind::OpAmbivalence, Evidence::Ambivalence { sign_changes, strong_ambivalence, .. }) => {
            let who = if me == Role::Op { "your" } else { "your partner's" };
            format!(
                "In the last two weeks {who} shared stance swung between closer and more distant {sign_changes} times, and strong mixed feelings were shared on {} of the last 7 days.",
                strong_ambivalence.len()
            )
        }
        (DynamicKind::CollidingTrajectories, Evidence::Phases { op, ap }) => {
            let (mine, theirs) = if me == Role::Op { (op, ap) } else { (ap, op) };
            format!(
                "You are in phase {} and your partner is in phase {}: two or more phases apart.",
                mine.number(),
                theirs.number()
            )
        }
        _ => "This shows from the numbers you both shared.".into(),
    }
}

#[cfg(test)]
mod voice {
    //! VOICE.md's rules over every text the app shows about the arc: the guidance
    //! catalogue, the tasks, and the readiness and pattern words in this file. The
    //! forbidden phrases are listed here, in the test, on purpose.

    use super::*;
    use crate::model::{
        self, DatedValue, Evidence, GuidanceRef, PairedDay, Position, Severity, StanceTrend,
        TaskOwner,
    };
    use chrono::NaiveDate;

    /// Nobody's words: labels, predictions, verdicts, violent idioms, "stay in the room".
    const FORBIDDEN: &[&str] = &[
        "offender",
        "offending partner",
        "aggrieved",
        "diagnos",
        "you must",
        "attachment dynamics",
        // No predictions.
        "not the end of the story",
        "this is not the end",
        "you will",
        "will get better",
        // No verdicts: say what was measured.
        "normal part of healing",
        "part of healing",
        "mixed feelings about staying",
        "that is normal",
        "is expected",
        "is common",
        "are common",
        // No violent idioms, no staying in a room without a limit.
        "hit back",
        "don't hit",
        "fight back",
        "strike back",
        "stay in the room",
        // The hurt partner's pain is not a target.
        "hurt easing to",
    ];

    /// Never asked of the partner who was hurt: a promise, a return date, reassurance.
    const NOT_FOR_THE_HURT_PARTNER: &[&str] = &[
        "come back",
        "say when",
        "reassure",
        "promise to",
        "certify",
        "at their pace",
    ];

    /// A "stay", "wait", "listen" or "pause" prompt carries the safety limit.
    const NEEDS_A_LIMIT: &[&str] = &["stay", "wait", "listen", "pause"];
    const STEP_AWAY: &[&str] = &["step away", "stepping away", "leave", "leaving"];
    const SAFE_OR_HELP: &[&str] = &["safe", "help"];

    struct Text {
        whose: &'static str,
        for_hurt_partner: bool,
        is_prompt: bool,
        text: String,
    }

    fn prompts() -> Vec<Text> {
        let g = model::guidance();
        let mut all = Vec::new();
        for (phase, p) in &g.phases {
            for (role, list) in [(Role::Op, &p.op), (Role::Ap, &p.ap)] {
                for prompt in list {
                    all.push(Text {
                        whose: phase.id(),
                        for_hurt_partner: role == Role::Ap,
                        is_prompt: true,
                        text: prompt.text.clone(),
                    });
                }
            }
        }
        for kind in DynamicKind::ALL {
            let positions: Vec<Option<Position>> = match model::dynamic_positions(kind) {
                [] => vec![None],
                ps => ps.iter().copied().map(Some).collect(),
            };
            for role in Role::BOTH {
                for position in &positions {
                    let r = GuidanceRef {
                        kind,
                        role,
                        position: *position,
                    };
                    for text in model::dynamic_prompts(r) {
                        all.push(Text {
                            whose: kind.id(),
                            for_hurt_partner: role == Role::Ap,
                            is_prompt: true,
                            text: text.clone(),
                        });
                    }
                }
            }
        }
        for t in model::catalogue() {
            all.push(Text {
                whose: t.id.as_str(),
                for_hurt_partner: t.owner == TaskOwner::Ap,
                is_prompt: true,
                text: format!("{} {}", t.title, t.detail),
            });
        }
        all
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    /// One detection of each kind, with evidence of its own kind.
    fn detections() -> Vec<Detection> {
        let (from, to) = (date("2026-03-04"), date("2026-03-10"));
        let day = |op, ap, class, leaning_out| PairedDay {
            date: to,
            op,
            ap,
            class,
            leaning_out,
        };
        let paired = Evidence::PairedDays {
            from,
            to,
            days: vec![
                day(2, -1, DayClass::TurnTaking, Some(Role::Ap)),
                day(-1, -1, DayClass::BothOut, None),
                day(1, 1, DayClass::TogetherIn, None),
            ],
        };
        let trend = StanceTrend {
            stances: vec![DatedValue { date: to, value: 1 }],
            slope: Some(0.5),
        };
        DynamicKind::ALL
            .iter()
            .map(|kind| {
                let evidence = match kind {
                    DynamicKind::PursueWithdraw => Evidence::Slopes {
                        from,
                        to,
                        op: trend.clone(),
                        ap: trend.clone(),
                        rising: Role::Op,
                    },
                    DynamicKind::OpAmbivalence => Evidence::Ambivalence {
                        from,
                        to,
                        stances: Vec::new(),
                        sign_changes: 3,
                        strong_ambivalence: Vec::new(),
                    },
                    DynamicKind::CollidingTrajectories => Evidence::Phases {
                        op: Phase::Stabilize,
                        ap: Phase::Process,
                    },
                    _ => paired.clone(),
                };
                let r = |role| GuidanceRef {
                    kind: *kind,
                    role,
                    position: None,
                };
                Detection {
                    kind: *kind,
                    severity: Severity::Info,
                    since: to,
                    evidence,
                    guidance: model::Pair::new(r(Role::Op), r(Role::Ap)),
                }
            })
            .collect()
    }

    fn readiness_and_pattern_words() -> Vec<Text> {
        let signals = [
            Signal::LeaningIn { days: 2, needed: 4 },
            Signal::FeltSafe { unsafe_days: 1 },
            Signal::RepairMoment { moments: 0 },
            Signal::HurtEasing {
                mean_hurt: Some(3.2),
                answered: 5,
                moments: 1,
            },
            Signal::HurtEasing {
                mean_hurt: None,
                answered: 0,
                moments: 0,
            },
            Signal::LastPhase,
        ];
        let mut all: Vec<Text> = Vec::new();
        let mut push = |whose, for_hurt_partner, text: String| {
            all.push(Text {
                whose,
                for_hurt_partner,
                is_prompt: false,
                text,
            })
        };
        for s in &signals {
            let hurt = matches!(s, Signal::FeltSafe { .. } | Signal::HurtEasing { .. });
            push("signal", hurt, signal(s));
        }
        for p in Phase::ALL {
            push("waiting note", false, waiting_note(p));
        }
        push("alone note", true, alone_note());
        for d in detections() {
            push("pattern title", false, dynamic_title(d.kind).to_owned());
            for me in Role::BOTH {
                push("pattern words", me == Role::Ap, explain(&d, me));
            }
        }
        for change in [
            crate::model::Change::ReadyToRebuild,
            crate::model::Change::WithdrawReady,
        ] {
            let e = crate::model::ArcEvent {
                date: date("2026-03-10"),
                partner: Role::Ap,
                change,
            };
            push("event", true, event(&e, Role::Ap).unwrap_or_default());
            assert_eq!(event(&e, Role::Op), None, "a declaration is not announced");
        }
        all
    }

    fn has_any(text: &str, words: &[&str]) -> bool {
        words.iter().any(|w| text.contains(w))
    }

    /// The explainers and the private safety check (docs/SAFETY.md): data the UI bundles.
    /// Every text in them is read by either partner, so it meets the stricter rules.
    const CATALOGUES: &[(&str, &str)] = &[
        ("explainers", include_str!("../model/explainers.json")),
        ("safety check", include_str!("../model/safety_check.json")),
        ("my support", include_str!("../model/support.json")),
        ("together or apart", include_str!("../model/apart.json")),
        (
            "questions and triggers",
            include_str!("../model/asked_guidance.json"),
        ),
    ];

    fn catalogue_texts() -> Vec<Text> {
        fn walk(whose: &'static str, v: &serde_json::Value, key: &str, out: &mut Vec<Text>) {
            match v {
                // Ids, search terms and source names are not shown as sentences.
                _ if ["id", "terms", "source", "concerning"].contains(&key) => {}
                serde_json::Value::String(s) => out.push(Text {
                    whose,
                    for_hurt_partner: true,
                    is_prompt: true,
                    text: s.clone(),
                }),
                serde_json::Value::Array(items) => {
                    for item in items {
                        walk(whose, item, key, out);
                    }
                }
                serde_json::Value::Object(fields) => {
                    for (k, item) in fields {
                        walk(whose, item, k, out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (whose, json) in CATALOGUES {
            let v: serde_json::Value = serde_json::from_str(json).expect("a catalogue parses");
            walk(whose, &v, "", &mut out);
        }
        out
    }

    #[test]
    fn the_explainers_and_the_safety_check_are_all_read() {
        let texts = catalogue_texts();
        let has = |s: &str| texts.iter().any(|t| t.text.contains(s));
        assert!(has("Forgiveness is not approval"));
        assert!(has("not your fault"));
        assert!(has(
            "Clearing your browser or call history can itself be noticed"
        ));
        assert!(has("Healing Arc contacts no one and sends nothing"));
        assert!(has("You are using Healing Arc on your own"));
        assert!(has("one full account"), "the questions guidance");
        assert!(has("The log is yours"), "the trigger-log guidance");
        assert!(texts.len() > 40, "only {} catalogue texts", texts.len());
    }

    /// Agreements and the page for the next session: read by both partners, so held to
    /// the rules for the partner who was hurt too.
    fn agreement_texts() -> Vec<Text> {
        let mut all = Vec::new();
        for text in super::super::agreements::texts() {
            all.push(Text {
                whose: "agreements",
                for_hurt_partner: true,
                is_prompt: true,
                text,
            });
        }
        for text in super::super::session_page::texts() {
            all.push(Text {
                whose: "session page",
                for_hurt_partner: true,
                is_prompt: true,
                text,
            });
        }
        all
    }

    #[test]
    fn agreement_and_session_words_are_all_read() {
        let texts = agreement_texts();
        let has = |s: &str| texts.iter().any(|t| t.text.contains(s));
        assert!(has("no tracking of any kind"));
        assert!(has("for an agreed time"));
        assert!(has("What I want to bring"));
        assert!(texts.len() > 30, "only {} texts", texts.len());
    }

    #[test]
    fn no_text_about_the_arc_holds_a_phrase_voice_forbids() {
        let all: Vec<Text> = prompts()
            .into_iter()
            .chain(readiness_and_pattern_words())
            .chain(catalogue_texts())
            .chain(agreement_texts())
            .collect();
        assert!(all.len() > 100, "only {} texts found", all.len());
        let mut problems = Vec::new();
        for t in &all {
            let lower = t.text.to_lowercase();
            for phrase in FORBIDDEN {
                if lower.contains(phrase) {
                    problems.push(format!("{}: {phrase:?} in {:?}", t.whose, t.text));
                }
            }
            if t.for_hurt_partner {
                for phrase in NOT_FOR_THE_HURT_PARTNER {
                    if lower.contains(phrase) {
                        problems.push(format!(
                            "{}: {phrase:?} asked of the partner who was hurt in {:?}",
                            t.whose, t.text
                        ));
                    }
                }
            }
            let limited = has_any(&lower, STEP_AWAY) && has_any(&lower, SAFE_OR_HELP);
            if t.is_prompt && has_any(&lower, NEEDS_A_LIMIT) && !limited {
                problems.push(format!("{}: no safety limit in {:?}", t.whose, t.text));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
