//! The report's wording, shared by HTML and PDF (shared VOICE.md: neutral, clinical
//! enough, every computed pattern labelled as a self-report summary).

use chrono::NaiveDate;

use super::data::{AboutPartner, Report};
use crate::model::{Role, Severity};

pub const DYNAMICS_NOTE: &str = "Self-report summaries computed by the app from the daily stance (-3 leaning out … +3 leaning in) that both partners chose to share with each other. They describe patterns in what was reported; they are not a clinical assessment.";

pub const WEEKS_NOTE: &str = "Self-report summaries: means of the daily check-ins that were chosen for this report. Stance runs from -3 (wanting distance) to +3 (wanting to be close); feelings from 0 (not at all) to 4 (very strongly). Triggers are the week's total of reported episodes; repair is the number of days with a moment of connection or repair. Answers about feeling safe are never included.";

pub const LANG: &str = "en";
pub const HEADING: &str = "Report for a therapist";
pub const PHASES: &str = "Phases over time";
pub const CHART: &str = "The healing arc";
pub const EVENTS: &str = "Phase changes and ruptures";
pub const DYNAMICS: &str = "How the partners leaned toward and away from each other";
pub const NO_EVENTS: &str = "None recorded in this period.";
pub const NO_TASKS: &str = "No task progress was chosen for this report.";
pub const NO_WEEKS: &str = "No check-in numbers were chosen for this report.";
pub const NO_NOTES: &str = "No notes were chosen for this report.";
pub const LEANING_IN: &str = "leaning in";
pub const LEANING_OUT: &str = "leaning out";
pub const RUPTURE_MARK: &str = "rupture recorded";
pub const OPTIONAL: &str = "(optional)";
pub const DONE: &str = "done";
pub const NOT_DONE: &str = "not done yet";
pub const NO_VALUE: &str = "–";
pub const PHASE_HEAD: [&str; 5] = ["Partner", "Phase", "From", "To", "Days"];
pub const EVENT_HEAD: [&str; 2] = ["Date", "What was recorded"];
pub const DYNAMICS_HEAD: [&str; 5] = ["Self-report summary", "Level", "From", "To", "Days"];
pub const TASK_HEAD: [&str; 4] = ["Phase", "Task", "Status", "Marked on"];
/// Around the eight feelings' columns.
pub const WEEK_HEAD: [&str; 3] = ["Week of", "Days", "Stance (range)"];
pub const WEEK_TAIL: [&str; 2] = ["Triggers", "Repair"];

pub fn tasks_of(r: &Report) -> String {
    format!("Tasks of {}", r.made_by.name)
}

pub fn weeks_of(r: &Report) -> String {
    format!("Weekly check-in summaries of {}", r.made_by.name)
}

pub fn notes_of(r: &Report) -> String {
    format!("Notes {} chose to share", r.made_by.name)
}

/// A stance week as "mean (lowest…highest)".
pub fn stance_range(mean: f64, min: i32, max: i32) -> String {
    format!("{} ({}…{})", signed(mean), signed_int(min), signed_int(max))
}

/// The line at the foot of every printed page.
pub fn running(r: &Report) -> String {
    format!(
        "Healing Arc · confidential self-report of {} · {} to {}",
        r.made_by.name,
        date(r.from),
        date(r.to)
    )
}

pub fn page_of(n: usize, total: usize) -> String {
    format!("page {n} of {total}")
}

pub fn date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub fn name(r: &Report, role: Role) -> String {
    if r.made_by.role == role {
        return r.made_by.name.clone();
    }
    r.partner
        .as_ref()
        .map_or_else(|| "Partner".to_owned(), |p| p.name.clone())
}

pub fn title(r: &Report) -> String {
    format!(
        "Healing Arc report from {}, {} to {}",
        r.made_by.name,
        date(r.from),
        date(r.to)
    )
}

pub fn subtitle(r: &Report) -> String {
    let mut s = format!(
        "Prepared by {} ({}) with Healing Arc on {}. Period: {} to {}.",
        r.made_by.name,
        r.made_by.role_words,
        date(r.made_on),
        date(r.from),
        date(r.to)
    );
    if let Some(p) = &r.partner {
        s.push_str(&format!(" Partner: {} ({}).", p.name, p.role_words));
    }
    s
}

pub fn about(r: &Report) -> String {
    let mut s = format!(
        "Everything in this report is self-reported. {name} chose each check-in, note and task shown here for you; anything they kept private is not in it, and neither is anything their partner wrote. {partner} The patterns of leaning in and out are self-report summaries computed by the app, not a diagnosis. Healing Arc supports, and does not replace, your work with the couple.",
        name = r.made_by.name,
        partner = about_partner(r),
    );
    if let Some(note) = parted(r) {
        s.push(' ');
        s.push_str(&note);
    }
    s
}

/// After a parting: from which day nothing more is computed for the couple. Neither who
/// recorded the decision nor their words are said.
pub fn parted(r: &Report) -> Option<String> {
    let day = date(r.parted_on?);
    let before = if included(r) {
        " Patterns before it are shown as they held."
    } else {
        ""
    };
    Some(format!(
        "A decision to part was recorded in Healing Arc on {day}. From that day the app computes nothing further for the couple: phases are shown up to that day, with no phase change after it, and no pattern of leaning in and out is computed for that day or any later one.{before} Check-ins and notes from that day on are {}'s own self-report.",
        r.made_by.name
    ))
}

/// The short form, where phases or patterns would be.
fn parted_short(r: &Report, what: &str) -> Option<String> {
    r.parted_on.map(|d| {
        format!(
            "{what} {}, the day a decision to part was recorded.",
            date(d)
        )
    })
}

/// What the report holds about the partner who did not make it, and why.
pub fn about_partner(r: &Report) -> String {
    let maker = &r.made_by.name;
    match (r.about_partner, &r.partner) {
        (AboutPartner::Included, Some(p)) => format!(
            "{} ({}) allowed {maker}'s reports to include facts about them: their phases, the phase changes and ruptures they recorded, and the patterns computed from the numbers both partners shared with each other.",
            p.name, p.role_words
        ),
        (AboutPartner::NoPartner, _) => format!(
            "{maker}'s partner has no profile in Healing Arc, so this report holds nothing about them."
        ),
        _ => format!(
            "This report holds nothing about {maker}'s partner: they have not allowed {maker}'s reports to include their phases, the ruptures they recorded or the patterns of the two of them. Only {maker}'s own phases and the changes and ruptures {maker} recorded are shown."
        ),
    }
}

fn included(r: &Report) -> bool {
    r.about_partner == AboutPartner::Included
}

pub fn phases_note(r: &Report) -> String {
    let first = "Each partner chooses when to move to the next phase; the app only suggests.";
    let mut s = if included(r) {
        format!("{first} Both partners' phases are shown, with the partner's consent.")
    } else {
        format!("{first} Only {}'s own phases are shown.", r.made_by.name)
    };
    if let Some(end) = parted_short(r, "Phases are shown up to") {
        s.push(' ');
        s.push_str(&end);
    }
    s
}

/// Beside the patterns, after a parting.
pub fn dynamics_parted(r: &Report) -> Option<String> {
    parted_short(r, "No pattern is computed from")
}

pub fn events_note(r: &Report) -> String {
    if included(r) {
        "Reasons the partners wrote for these are private and not included.".to_owned()
    } else {
        format!(
            "Only what {} recorded is shown. The reasons they wrote are private and not included.",
            r.made_by.name
        )
    }
}

/// Said where the patterns would be, when there are none to show.
pub fn no_dynamics(r: &Report) -> String {
    match r.about_partner {
        AboutPartner::Included if r.parted_on.is_some_and(|p| p <= r.from) => {
            "Not computed: this period begins after the decision to part.".to_owned()
        }
        AboutPartner::Included => "No pattern held in this period, or too few days were shared by both partners to compare.".to_owned(),
        AboutPartner::NotAllowed => format!(
            "Not included: the patterns are computed from both partners' shared numbers and phases, and {}'s partner has not allowed them in {}'s reports.",
            r.made_by.name, r.made_by.name
        ),
        AboutPartner::NoPartner => "Not computed: there is no partner profile to compare with.".to_owned(),
    }
}

pub fn chart_caption(r: &Report, weekly: bool) -> String {
    let line = if weekly {
        "weekly mean stance"
    } else {
        "daily stance"
    };
    let bands = if included(r) {
        "The bands below show each partner's phase; red marks are ruptures either partner recorded."
            .to_owned()
    } else {
        format!(
            "The band below shows {}'s phase; red marks are ruptures they recorded.",
            r.made_by.name
        )
    };
    format!(
        "The line is {}'s {line} (-3 leaning out … +3 leaning in), on the days they chose to share with you. {bands}",
        r.made_by.name
    )
}

pub fn chart_alt(r: &Report) -> String {
    let whose = if included(r) {
        "the phases of both partners".to_owned()
    } else {
        format!("{}'s phases", r.made_by.name)
    };
    format!(
        "Healing-arc chart from {} to {}: {} stance readings and {whose}.",
        date(r.from),
        date(r.to),
        r.stance.len()
    )
}

pub fn footer(r: &Report) -> String {
    format!(
        "Made with Healing Arc, an offline self-help companion, on {}. Confidential: it holds what {} chose to share with you. Report format {} version {}.",
        date(r.made_on),
        r.made_by.name,
        r.format,
        r.version
    )
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "for information",
        Severity::Watch => "worth watching",
        Severity::Risk => "worth attention",
    }
}

pub fn source(s: &str) -> String {
    match s {
        "journal" => "journal entry".to_owned(),
        _ => "daily check-in".to_owned(),
    }
}

pub fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn signed(x: f64) -> String {
    if x.abs() < 0.05 {
        "0.0".to_owned()
    } else {
        format!("{x:+.1}")
    }
}

pub fn signed_int(x: i32) -> String {
    if x == 0 {
        "0".to_owned()
    } else {
        format!("{x:+}")
    }
}
