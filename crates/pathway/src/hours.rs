//! A local front door's office hours, to tell whether it is open at a given moment.

use jiff::civil::{Date, DateTime, Time};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct OfficeHours {
    /// Monday first; `None` is a day the front door is closed.
    pub days: [Option<(Time, Time)>; 7],
    pub closed_dates: Vec<Date>,
    pub sources: Vec<String>,
    pub pack: String,
}

pub const DAY_NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

impl OfficeHours {
    /// Open from the opening minute up to, not including, the closing minute.
    pub fn is_open(&self, at: DateTime) -> bool {
        if self.closed_dates.contains(&at.date()) {
            return false;
        }
        let day = at.date().weekday().to_monday_zero_offset() as usize;
        self.days[day].is_some_and(|(open, close)| open <= at.time() && at.time() < close)
    }

    /// Plain words for the hours, e.g. "Monday 09:00 to 17:00".
    pub fn describe(&self) -> Vec<String> {
        DAY_NAMES
            .iter()
            .zip(&self.days)
            .map(|(name, hours)| {
                let mut day = name.to_string();
                day[..1].make_ascii_uppercase();
                match hours {
                    Some((o, c)) => format!("{day} {} to {}", o.strftime("%H:%M"), c.strftime("%H:%M")),
                    None => format!("{day} closed"),
                }
            })
            .collect()
    }
}

/// Parses `HH:MM`.
pub fn parse_time(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn weekdays_9_to_5() -> OfficeHours {
        let hours = Some((parse_time("09:00").unwrap(), parse_time("17:00").unwrap()));
        OfficeHours { days: [hours, hours, hours, hours, hours, None, None], closed_dates: vec![date(2026, 12, 25)], sources: vec![], pack: "t".into() }
    }

    #[test]
    fn open_in_office_hours_closed_outside() {
        let h = weekdays_9_to_5();
        assert!(h.is_open(date(2026, 11, 23).at(9, 0, 0, 0))); // Monday 09:00
        assert!(!h.is_open(date(2026, 11, 23).at(17, 0, 0, 0)));
        assert!(!h.is_open(date(2026, 11, 21).at(19, 40, 0, 0))); // Saturday
        assert!(!h.is_open(date(2026, 12, 25).at(11, 0, 0, 0))); // Friday, bank holiday
    }

    #[test]
    fn times_parse_strictly() {
        assert!(parse_time("9:00").is_none());
        assert!(parse_time("24:00").is_none());
        assert_eq!(parse_time("23:59").unwrap().hour(), 23);
    }
}
