//! A partner's own check-ins as CSV (RFC 4180: CRLF line ends, quoted fields where
//! needed), one row a day, for a spreadsheet. It is their own data, so it holds
//! everything they entered, safety answer included.

use crate::model::{CheckIn, Safety};

pub const HEADER: [&str; 17] = [
    "date",
    "stance",
    "hurt",
    "anger",
    "fear",
    "shame",
    "sadness",
    "hope",
    "warmth",
    "ambivalence",
    "triggers",
    "safety",
    "repair_moment",
    "tasks",
    "note",
    "share_numbers",
    "share_note",
];

fn visibility(v: crate::model::Visibility) -> String {
    // The same words as in the JSON export.
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub fn checkins(list: &[CheckIn]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    for c in list {
        let mut row: Vec<String> = vec![c.date.to_string(), c.stance.to_string()];
        // An unanswered feeling or safety question is an empty cell, never 0 or "yes".
        row.extend(
            c.emotions
                .entries()
                .iter()
                .map(|(_, v)| v.map(|v| v.to_string()).unwrap_or_default()),
        );
        row.push(c.triggers.to_string());
        row.push(
            match c.safety {
                Some(Safety::Yes) => "yes",
                Some(Safety::Somewhat) => "somewhat",
                Some(Safety::No) => "no",
                None => "",
            }
            .to_owned(),
        );
        row.push(c.repair_moment.to_string());
        row.push(
            c.tasks
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        row.push(c.note.clone());
        row.push(visibility(c.share.numbers));
        row.push(visibility(c.share.note));
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
