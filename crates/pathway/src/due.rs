//! When an outcome is due, and the time that makes it on a given clock.
//!
//! A pack says when each outcome is due in words that do not depend on the day
//! (`now`, `working-days:1`, `days:14`, `none`); the app turns that into a time from its
//! clock and the local front door's working days, so it can order actions by it and a
//! saved record can show what is overdue. The forms are fixed by the contract
//! ("When each outcome is due").

use crate::hours::OfficeHours;
use crate::model::PackSet;
use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// When an outcome is due. Written in a pack, a case and the JSON as `now`,
/// `working-days:N`, `days:N` (N at least 1) or `none`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "string"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Due {
    /// At once, before anything that can wait, and before the child leaves your care.
    Now,
    /// By the close of the Nth working day after today.
    WorkingDays(u32),
    /// Within N calendar days (by the end of the Nth day after today).
    Days(u32),
    /// No set time.
    None,
}

/// The forms a due time may take, for messages.
pub const DUE_FORMS: &str = "`now`, `working-days:N`, `days:N` (N a whole number, at least 1) or `none`";

/// A due time that is not one of the contract's forms.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{given}` is not a due time: use {DUE_FORMS}")]
pub struct InvalidDue {
    pub given: String,
}

impl FromStr for Due {
    type Err = InvalidDue;

    /// Only the canonical forms: no spaces, no sign, no leading zeros, so that each due
    /// time is written one way and cases and packs compare as text.
    fn from_str(s: &str) -> Result<Due, InvalidDue> {
        let invalid = || InvalidDue { given: s.to_string() };
        let count = |n: &str| -> Result<u32, InvalidDue> {
            let canonical = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0');
            if canonical {
                n.parse().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        match s {
            "now" => Ok(Due::Now),
            "none" => Ok(Due::None),
            _ => match s.split_once(':') {
                Some(("working-days", n)) => count(n).map(Due::WorkingDays),
                Some(("days", n)) => count(n).map(Due::Days),
                _ => Err(invalid()),
            },
        }
    }
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Due::Now => f.write_str("now"),
            Due::WorkingDays(n) => write!(f, "working-days:{n}"),
            Due::Days(n) => write!(f, "days:{n}"),
            Due::None => f.write_str("none"),
        }
    }
}

impl Serialize for Due {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Due {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Due, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The days the local front door works: its hours per weekday and its closed dates (bank
/// holidays). `working-days:N` is counted on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    /// Monday first; `None` is a day it does not open.
    pub days: [Option<(Time, Time)>; 7],
    /// Dates it does not open though the weekday has hours.
    pub closed_dates: Vec<Date>,
    /// False when no local pack gave office hours, so the calendar is the assumed
    /// Monday to Friday, 09:00 to 17:00, without bank holidays: the app says so.
    pub from_local_pack: bool,
}

impl Default for WorkingCalendar {
    /// Monday to Friday, 09:00 to 17:00, no closed dates: what is assumed without a local pack.
    fn default() -> Self {
        let hours = Some((Time::constant(9, 0, 0, 0), Time::constant(17, 0, 0, 0)));
        WorkingCalendar { days: [hours, hours, hours, hours, hours, None, None], closed_dates: Vec::new(), from_local_pack: false }
    }
}

impl WorkingCalendar {
    /// The calendar of a local pack's office hours.
    pub fn from_office_hours(hours: &OfficeHours) -> Self {
        WorkingCalendar { days: hours.days, closed_dates: hours.closed_dates.clone(), from_local_pack: true }
    }

    /// The hours of `date` when it is a working day: a day with hours that is not closed.
    pub fn hours_on(&self, date: Date) -> Option<(Time, Time)> {
        if self.closed_dates.contains(&date) {
            return None;
        }
        self.days[date.weekday().to_monday_zero_offset() as usize]
    }
}

impl PackSet {
    /// The working days `working-days:N` is counted on: the local pack's office hours and
    /// closed dates, or Monday to Friday 09:00 to 17:00 when no local pack gives them.
    pub fn working_calendar(&self) -> WorkingCalendar {
        self.office_hours().map_or_else(WorkingCalendar::default, WorkingCalendar::from_office_hours)
    }
}

/// A due time made into a time on the clock. Serialised as an object (see below).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "{ kind: \"now\" | \"by\" | \"not-set\", at: string | null, text: string }"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Due at once; the moment it was worked out.
    Now(DateTime),
    /// Due by this time.
    By(DateTime),
    /// No set time (`none`, or a time too far off for the calendar).
    NotSet,
}

impl Due {
    /// The time this is due by, worked out at `now` on `cal`. Today never counts as a
    /// working day (the contract's "the Nth working day after today").
    pub fn deadline(&self, now: DateTime, cal: &WorkingCalendar) -> Deadline {
        match *self {
            Due::Now => Deadline::Now(now),
            Due::None => Deadline::NotSet,
            Due::Days(n) => jiff::Span::new()
                .try_days(i64::from(n))
                .ok()
                .and_then(|span| now.date().checked_add(span).ok())
                .map_or(Deadline::NotSet, |d| Deadline::By(d.at(23, 59, 0, 0))),
            Due::WorkingDays(n) => nth_working_day(now.date(), n, cal).map_or(Deadline::NotSet, |(date, close)| Deadline::By(date.to_datetime(close))),
        }
    }
}

/// The Nth working day after `today`, with its closing time. Ends at the last date the
/// calendar can hold, so a calendar with no working days, or a huge N, gives `None`.
fn nth_working_day(today: Date, n: u32, cal: &WorkingCalendar) -> Option<(Date, Time)> {
    if n == 0 || cal.days.iter().all(Option::is_none) {
        return None;
    }
    let mut date = today;
    let mut left = n;
    loop {
        date = date.tomorrow().ok()?;
        if let Some((_, close)) = cal.hours_on(date) {
            left -= 1;
            if left == 0 {
                return Some((date, close));
            }
        }
    }
}

impl Deadline {
    /// True when `at` is past the deadline: after the moment for `now` and `by`; never
    /// for no set time.
    pub fn is_overdue(&self, at: DateTime) -> bool {
        match self {
            Deadline::Now(t) | Deadline::By(t) => at > *t,
            Deadline::NotSet => false,
        }
    }

    /// Plain words: "now", "by 17:00 on Wednesday 2 December" (with the year when it is
    /// not `now`'s year), or "no set time".
    pub fn describe(&self, now: DateTime) -> String {
        match self {
            Deadline::Now(_) => "now".to_string(),
            Deadline::By(t) => by_text(*t, t.year() != now.year()),
            Deadline::NotSet => "no set time".to_string(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Deadline::Now(_) => "now",
            Deadline::By(_) => "by",
            Deadline::NotSet => "not-set",
        }
    }

    fn at(&self) -> Option<DateTime> {
        match self {
            Deadline::Now(t) | Deadline::By(t) => Some(*t),
            Deadline::NotSet => None,
        }
    }
}

fn by_text(t: DateTime, with_year: bool) -> String {
    let format = if with_year { "by %H:%M on %A %-d %B %Y" } else { "by %H:%M on %A %-d %B" };
    t.strftime(format).to_string()
}

/// For the app: `{kind: "now" | "by" | "not-set", at: ISO civil datetime or null, text}`.
/// A serialised deadline may be read long after it was made (a saved record), where
/// there is no `now` to compare with, so its text always gives the year.
impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let text = match self {
            Deadline::By(t) => by_text(*t, true),
            other => other.describe(DateTime::default()),
        };
        let mut s = serializer.serialize_struct("Deadline", 3)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("at", &self.at().map(|t| t.to_string()))?;
        s.serialize_field("text", &text)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Tuesday 1 December 2026, 22:32: after hours, late in the day.
    fn tuesday_night() -> DateTime {
        date(2026, 12, 1).at(22, 32, 0, 0)
    }

    fn due(s: &str) -> Due {
        s.parse().unwrap()
    }

    #[test]
    fn the_canonical_forms_parse_and_print_back() {
        for s in ["now", "none", "working-days:1", "working-days:12", "days:14"] {
            assert_eq!(due(s).to_string(), s);
        }
        assert_eq!(due("days:14"), Due::Days(14));
        for bad in
            ["", "Now", " now", "working-days:0", "days:0", "days:01", "days:-1", "days:+1", "days:", "days:1.5", "weeks:2", "working-days", "days:99999999999"]
        {
            let err = bad.parse::<Due>().unwrap_err();
            assert!(err.to_string().contains("working-days:N"), "{bad}: {err}");
        }
    }

    #[test]
    fn serde_uses_the_string() {
        let json = serde_json::to_string(&Due::WorkingDays(1)).unwrap();
        assert_eq!(json, "\"working-days:1\"");
        assert_eq!(serde_json::from_str::<Due>("\"days:14\"").unwrap(), Due::Days(14));
        assert!(serde_json::from_str::<Due>("\"soon\"").is_err());
    }

    #[test]
    fn one_working_day_is_the_close_of_tomorrow() {
        let cal = WorkingCalendar::default();
        let d = due("working-days:1").deadline(tuesday_night(), &cal);
        assert_eq!(d, Deadline::By(date(2026, 12, 2).at(17, 0, 0, 0)));
        assert_eq!(d.describe(tuesday_night()), "by 17:00 on Wednesday 2 December");
        // Today never counts, even early in the morning of a working day.
        let d = due("working-days:1").deadline(date(2026, 12, 1).at(8, 0, 0, 0), &cal);
        assert_eq!(d, Deadline::By(date(2026, 12, 2).at(17, 0, 0, 0)));
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let cal = WorkingCalendar::default();
        // Friday 4 December: the next working day is Monday 7 December.
        let friday = date(2026, 12, 4).at(10, 0, 0, 0);
        assert_eq!(due("working-days:1").deadline(friday, &cal), Deadline::By(date(2026, 12, 7).at(17, 0, 0, 0)));
        assert_eq!(due("working-days:3").deadline(tuesday_night(), &cal), Deadline::By(date(2026, 12, 4).at(17, 0, 0, 0)));
        assert_eq!(due("working-days:4").deadline(tuesday_night(), &cal), Deadline::By(date(2026, 12, 7).at(17, 0, 0, 0)));
    }

    #[test]
    fn working_days_skip_bank_holidays_and_cross_the_year() {
        let cal = WorkingCalendar { closed_dates: vec![date(2026, 12, 25), date(2026, 12, 28)], from_local_pack: true, ..WorkingCalendar::default() };
        // Thursday 24 December: Friday 25 is Christmas Day, Monday 28 the substitute
        // Boxing Day, so the next working day is Tuesday 29.
        let christmas_eve = date(2026, 12, 24).at(15, 0, 0, 0);
        assert_eq!(due("working-days:1").deadline(christmas_eve, &cal), Deadline::By(date(2026, 12, 29).at(17, 0, 0, 0)));
        // Wednesday 30 December: the third working day is Monday 4 January 2027.
        let now = date(2026, 12, 30).at(12, 0, 0, 0);
        let d = due("working-days:3").deadline(now, &cal);
        assert_eq!(d, Deadline::By(date(2027, 1, 4).at(17, 0, 0, 0)));
        assert_eq!(d.describe(now), "by 17:00 on Monday 4 January 2027");
    }

    #[test]
    fn the_closing_time_is_that_days() {
        let mut cal = WorkingCalendar::default();
        cal.days[2] = Some((Time::constant(9, 0, 0, 0), Time::constant(16, 30, 0, 0)));
        assert_eq!(due("working-days:1").deadline(tuesday_night(), &cal), Deadline::By(date(2026, 12, 2).at(16, 30, 0, 0)));
    }

    #[test]
    fn calendar_days_end_at_23_59() {
        let cal = WorkingCalendar::default();
        let d = due("days:14").deadline(tuesday_night(), &cal);
        assert_eq!(d, Deadline::By(date(2026, 12, 15).at(23, 59, 0, 0)));
        assert_eq!(d.describe(tuesday_night()), "by 23:59 on Tuesday 15 December");
    }

    #[test]
    fn now_and_none() {
        let cal = WorkingCalendar::default();
        assert_eq!(Due::Now.deadline(tuesday_night(), &cal), Deadline::Now(tuesday_night()));
        assert_eq!(Due::Now.deadline(tuesday_night(), &cal).describe(tuesday_night()), "now");
        assert_eq!(Due::None.deadline(tuesday_night(), &cal), Deadline::NotSet);
        assert_eq!(Deadline::NotSet.describe(tuesday_night()), "no set time");
    }

    #[test]
    fn overdue_once_the_time_has_passed() {
        let cal = WorkingCalendar::default();
        let d = due("working-days:1").deadline(tuesday_night(), &cal);
        assert!(!d.is_overdue(date(2026, 12, 2).at(17, 0, 0, 0)));
        assert!(d.is_overdue(date(2026, 12, 2).at(17, 0, 1, 0)));
        let now = Due::Now.deadline(tuesday_night(), &cal);
        assert!(!now.is_overdue(tuesday_night()));
        assert!(now.is_overdue(date(2026, 12, 1).at(23, 0, 0, 0)));
        assert!(!Deadline::NotSet.is_overdue(date(2099, 1, 1).at(0, 0, 0, 0)));
    }

    #[test]
    fn nothing_hangs_or_panics_at_the_edges() {
        let closed = WorkingCalendar { days: [None; 7], ..WorkingCalendar::default() };
        assert_eq!(due("working-days:1").deadline(tuesday_night(), &closed), Deadline::NotSet);
        let cal = WorkingCalendar::default();
        assert_eq!(Due::WorkingDays(u32::MAX).deadline(tuesday_night(), &cal), Deadline::NotSet);
        assert_eq!(Due::Days(u32::MAX).deadline(tuesday_night(), &cal), Deadline::NotSet);
        assert_eq!(due("days:1").deadline(DateTime::MAX, &cal), Deadline::NotSet);
    }

    #[test]
    fn a_deadline_serialises_for_the_app() {
        let cal = WorkingCalendar::default();
        let json = serde_json::to_value(due("working-days:1").deadline(tuesday_night(), &cal)).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "by", "at": "2026-12-02T17:00:00", "text": "by 17:00 on Wednesday 2 December 2026"}));
        let json = serde_json::to_value(Deadline::NotSet).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "not-set", "at": null, "text": "no set time"}));
        assert_eq!(serde_json::to_value(Due::Now.deadline(tuesday_night(), &cal)).unwrap()["kind"], "now");
    }
}
