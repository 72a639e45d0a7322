//! A partner's private trends: for their eyes, from all their own check-ins, shared
//! or not. Shown as "how things have been moving", never as a verdict.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
#[cfg(feature = "ts")]
use ts_rs::TS;

use super::checkin::CheckIn;
use super::stats;

/// Trends look back over `d-13 ..= d`.
pub const TREND_DAYS: u64 = 14;
/// A slope from fewer check-ins would be mostly noise.
pub const MIN_TREND_CHECKINS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct WeekTriggers {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Trigger episodes reported in the week.
    pub triggers: i32,
    /// Check-ins in the week (days without one are unknown, not zero).
    pub checkins: u32,
    /// Entries the partner wrote in their own trigger log in the week (shared or not;
    /// these trends are theirs alone). Counted apart from the check-ins' number.
    #[serde(default)]
    pub logged: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Trends {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub checkins: u32,
    /// Least-squares slopes per day; absent with fewer than 4 check-ins (for a feeling:
    /// fewer than 4 that answered it).
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance_slope: Option<f64>,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hurt_slope: Option<f64>,
    #[cfg_attr(feature = "ts", ts(optional))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hope_slope: Option<f64>,
    /// The two weeks of the window, earlier week first.
    pub triggers_per_week: [WeekTriggers; 2],
}

/// Trends of one partner's `checkins` on `on`. Check-ins outside the window are
/// ignored; with two on one date, the later in the list counts.
pub fn trends(checkins: &[CheckIn], on: NaiveDate) -> Trends {
    let back = |n: u64| on.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN);
    let from = back(TREND_DAYS - 1);
    // One slot per day of the window, latest write wins.
    let mut slots: [Option<&CheckIn>; TREND_DAYS as usize] = [None; TREND_DAYS as usize];
    for c in checkins.iter().filter(|c| c.date >= from && c.date <= on) {
        let i = (c.date - from).num_days();
        if let Some(slot) = usize::try_from(i).ok().and_then(|i| slots.get_mut(i)) {
            *slot = Some(c);
        }
    }
    let present: Vec<(i64, &CheckIn)> = slots
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i as i64, c)))
        .collect();
    // Over the check-ins that answered the value: an unanswered feeling is absent, not 0.
    let slope_of = |value: fn(&CheckIn) -> Option<i32>| {
        let points: Vec<(i64, i64)> = present
            .iter()
            .filter_map(|(x, c)| value(c).map(|v| (*x, i64::from(v))))
            .collect();
        if points.len() < MIN_TREND_CHECKINS {
            return None;
        }
        stats::slope(points)
    };
    let week = |range: std::ops::Range<usize>, from: NaiveDate, to: NaiveDate| {
        let days = slots[range].iter().flatten();
        let (triggers, checkins) = days.fold((0, 0), |(t, n), c| (t + c.triggers, n + 1));
        WeekTriggers {
            from,
            to,
            triggers,
            checkins,
            logged: 0,
        }
    };
    Trends {
        from,
        to: on,
        checkins: present.len() as u32,
        stance_slope: slope_of(|c| Some(c.stance)),
        hurt_slope: slope_of(|c| c.emotions.hurt),
        hope_slope: slope_of(|c| c.emotions.hope),
        triggers_per_week: [week(0..7, from, back(7)), week(7..14, back(6), on)],
    }
}

/// Counts the partner's own trigger-log entries (by the day each happened) into the
/// weeks of their trends. Days outside the two weeks are ignored.
pub fn count_logged(t: &mut Trends, days: impl IntoIterator<Item = NaiveDate>) {
    for d in days {
        if let Some(w) = t
            .triggers_per_week
            .iter_mut()
            .find(|w| w.from <= d && d <= w.to)
        {
            w.logged += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::checkin::{Emotions, Share, Visibility};
    use super::*;

    fn day(on: NaiveDate, back: u64, stance: i32, hurt: i32, hope: i32, triggers: i32) -> CheckIn {
        CheckIn {
            stance,
            emotions: Emotions {
                hurt: Some(hurt),
                hope: Some(hope),
                ..Emotions::default()
            },
            triggers,
            ..CheckIn::neutral(on.checked_sub_days(Days::new(back)).unwrap())
        }
    }

    #[test]
    fn slopes_over_fourteen_days_and_weekly_triggers() {
        let on: NaiveDate = "2026-02-14".parse().unwrap();
        let checkins = vec![
            day(on, 13, -3, 4, 0, 5),
            day(on, 12, -2, 4, 1, 3),
            day(on, 6, 0, 2, 2, 1),
            day(on, 0, 3, 0, 4, 0),
            // Outside the window: ignored.
            day(on, 14, 3, 0, 0, 50),
        ];
        let t = trends(&checkins, on);
        assert_eq!(t.checkins, 4);
        assert_eq!(t.from, on.checked_sub_days(Days::new(13)).unwrap());
        assert!(t.stance_slope.unwrap() > 0.4);
        assert!(t.hurt_slope.unwrap() < -0.2);
        assert!(t.hope_slope.unwrap() > 0.2);
        assert_eq!(t.triggers_per_week[0].triggers, 8);
        assert_eq!(t.triggers_per_week[0].checkins, 2);
        assert_eq!(t.triggers_per_week[1].triggers, 1);
        assert_eq!(t.triggers_per_week[1].to, on);
        assert_eq!(
            t.triggers_per_week[1].from,
            on.checked_sub_days(Days::new(6)).unwrap()
        );
    }

    #[test]
    fn private_check_ins_count_and_few_check_ins_give_no_slope() {
        let on: NaiveDate = "2026-02-14".parse().unwrap();
        let mut c = day(on, 0, 2, 0, 0, 1);
        c.share = Share {
            numbers: Visibility::Private,
            note: Visibility::Private,
        };
        let three = vec![day(on, 2, 0, 0, 0, 0), day(on, 1, 1, 0, 0, 0), c];
        let t = trends(&three, on);
        assert_eq!(t.checkins, 3);
        assert_eq!(t.stance_slope, None);
        assert_eq!(t.triggers_per_week[1].triggers, 1);
        let empty = trends(&[], on);
        assert_eq!(empty.checkins, 0);
        assert_eq!(empty.triggers_per_week[0].triggers, 0);
    }

    #[test]
    fn an_unanswered_feeling_is_left_out_of_its_slope() {
        let on: NaiveDate = "2026-02-14".parse().unwrap();
        let mut days: Vec<CheckIn> = (0..4).map(|b| day(on, b, 0, 2, 2, 0)).collect();
        // Hurt 2 on four days, then one day that skipped it: flat, not falling to 0.
        assert_eq!(trends(&days, on).hurt_slope, Some(0.0));
        days[0].emotions.hurt = None;
        assert_eq!(
            trends(&days, on).hurt_slope,
            None,
            "three answers are too few"
        );
        days.push(day(on, 5, 0, 2, 2, 0));
        assert_eq!(trends(&days, on).hurt_slope, Some(0.0));
        assert_eq!(trends(&days, on).checkins, 5);
    }

    #[test]
    fn first_and_last_day_of_the_window_count() {
        let on: NaiveDate = "2026-02-14".parse().unwrap();
        let t = trends(&[day(on, 13, 0, 0, 0, 7), day(on, 0, 0, 0, 0, 9)], on);
        assert_eq!(t.triggers_per_week[0].triggers, 7);
        assert_eq!(t.triggers_per_week[1].triggers, 9);
    }

    #[test]
    fn logged_triggers_count_into_their_own_week_only() {
        let on: NaiveDate = "2026-02-14".parse().unwrap();
        let mut t = trends(&[], on);
        let d = |back: u64| on.checked_sub_days(Days::new(back)).unwrap();
        count_logged(&mut t, [d(0), d(6), d(7), d(13), d(14), on + Days::new(1)]);
        assert_eq!(t.triggers_per_week[0].logged, 2, "days 7 and 13 back");
        assert_eq!(t.triggers_per_week[1].logged, 2, "today and 6 back");
        // The check-ins' own count stays as it is.
        assert_eq!(t.triggers_per_week[1].triggers, 0);
    }
}
