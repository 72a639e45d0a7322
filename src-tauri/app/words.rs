//! The app's plain words for what the model computes (see the voice rules: say what
//! was computed and why, never a diagnosis, no blame).

use crate::model::{
    ArcEvent, Change, DayClass, Detection, DynamicKind, Evidence, Phase, Role, Signal,
};

pub fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Stabilize => "Steady the ground",
        Phase::Account => "Accountability and witness",
        Phase::Process => "Processing with benevolent indignation",
        Phase::Renew => "Rebuild together",
    }
}

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
                .map(|p| format!(" to phase {}, \"{}\"", p.number(), phase_name(p)))
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
            "A week of feeling at least somewhat safe. On {unsafe_days} of the last 7 days you did not feel safe, and that matters more than any phase."
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

pub fn dynamic_title(k: DynamicKind) -> &'static str {
    match k {
        DynamicKind::CollidingTrajectories => "Your paths are far apart right now",
        DynamicKind::InsufficientData => "Not enough shared days to see a pattern",
        DynamicKind::LeaningInTogether => "Leaning in together",
        DynamicKind::MutualWithdrawal => "Both of you pulling back",
        DynamicKind::OpAmbivalence => "Mixed feelings about staying",
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
            "On {} of the last 7 days one of you leaned in while the other leaned out. Taking turns like this is a normal part of healing.",
            count(DayClass::TurnTaking, days)
        ),
        (DynamicKind::LeaningInTogether, Evidence::PairedDays { days, .. }) => format!(
            "On {} of the last 7 days you both leaned in.",
            count(DayClass::TogetherIn, days)
        ),
        (DynamicKind::PursueWithdraw, Evidence::Slopes { rising, .. }) => {
            let who = if *rising == me { "you have been leaning in more each day while your partner has been pulling back more" } else { "your partner has been leaning in more each day while you have been pulling back more" };
            format!("Over the last 7 days {who}.")
        }
        (DynamicKind::OpAmbivalence, Evidence::Ambivalence { sign_changes, strong_ambivalence, .. }) => {
            let who = if me == Role::Op { "your" } else { "your partner's" };
            format!(
                "In the last two weeks {who} shared stance swung between in and out {sign_changes} times, and strong mixed feelings were shared on {} of the last 7 days. Mixed feelings early on are common; naming them honestly helps.",
                strong_ambivalence.len()
            )
        }
        (DynamicKind::CollidingTrajectories, Evidence::Phases { op, ap }) => {
            let (mine, theirs) = if me == Role::Op { (op, ap) } else { (ap, op) };
            format!(
                "You are in phase {} and your partner is in phase {}. When one is far ahead, it helps to slow down and meet where the other is.",
                mine.number(),
                theirs.number()
            )
        }
        _ => "This shows from the numbers you both shared.".into(),
    }
}
