//! The clock, and whether the local front door is open. A fixed clock (`--now`) serves
//! tests and training; otherwise the system's local time.

use crate::views::{ClockView, OfficeHoursView};
use jiff::civil::{DateTime, Weekday};
use pathway::PackSet;

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    fixed: Option<DateTime>,
}

impl Clock {
    pub fn new(fixed: Option<DateTime>) -> Clock {
        Clock { fixed }
    }
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }
    pub fn now(&self) -> DateTime {
        self.fixed.unwrap_or_else(|| jiff::Zoned::now().datetime())
    }
}

/// `2026-11-21T19:40`, with or without seconds, `T` or a space.
pub fn parse_now(s: &str) -> Option<DateTime> {
    let s = s.trim().replacen(' ', "T", 1);
    s.parse::<DateTime>().ok().or_else(|| format!("{s}:00").parse::<DateTime>().ok())
}

pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// Without a local pack's office hours, the guess offered on the start screen:
/// Monday to Friday, 09:00 to 17:00.
pub fn guess_out_of_hours(at: DateTime) -> bool {
    let weekend = matches!(at.date().weekday(), Weekday::Saturday | Weekday::Sunday);
    weekend || at.hour() < 9 || at.hour() >= 17
}

/// What the clock says now, and what the local pack's office hours make of it.
pub fn view(clock: &Clock, packs: &PackSet) -> ClockView {
    let now = clock.now();
    let hours = packs.office_hours();
    let office_hours = hours.map(|h| {
        let pack = packs.packs().iter().find(|p| p.id == h.pack);
        let day = now.date().weekday().to_monday_zero_offset() as usize;
        let closed_today = h.closed_dates.contains(&now.date());
        let today = h.days[day].filter(|_| !closed_today);
        OfficeHoursView {
            pack_name: pack.map(|p| p.name.clone()).unwrap_or_else(|| h.pack.clone()),
            days: h.describe(),
            open_now: h.is_open(now),
            closes_at: today.filter(|_| h.is_open(now)).map(|(_, close)| close.strftime("%H:%M").to_string()),
            opens_at: today.filter(|(open, _)| now.time() < *open).map(|(open, _)| open.strftime("%H:%M").to_string()),
            closed_today: closed_today && h.days[day].is_some(),
        }
    });
    ClockView {
        iso: now.strftime("%Y-%m-%dT%H:%M").to_string(),
        time: now.strftime("%H:%M").to_string(),
        weekday: weekday_name(now.date().weekday()).to_string(),
        date: now.strftime("%-d %B %Y").to_string(),
        today: now.date().to_string(),
        fixed: clock.is_fixed(),
        out_of_hours: packs.out_of_hours_at(now).unwrap_or_else(|| guess_out_of_hours(now)),
        from_office_hours: office_hours.is_some(),
        office_hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn parses_now_with_or_without_seconds() {
        assert_eq!(parse_now("2026-11-21T19:40"), Some(date(2026, 11, 21).at(19, 40, 0, 0)));
        assert_eq!(parse_now("2026-11-21 19:40:30"), Some(date(2026, 11, 21).at(19, 40, 30, 0)));
        assert_eq!(parse_now("Saturday"), None);
    }

    #[test]
    fn guess_is_weekday_nine_to_five() {
        assert!(!guess_out_of_hours(date(2026, 11, 23).at(9, 0, 0, 0)));
        assert!(guess_out_of_hours(date(2026, 11, 23).at(17, 0, 0, 0)));
        assert!(guess_out_of_hours(date(2026, 11, 21).at(12, 0, 0, 0)));
    }

    #[test]
    fn saturday_evening_is_closed_with_the_example_pack() {
        let packs = crate::bundled::with_local(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../pathways/local/example"))).unwrap();
        let v = view(&Clock::new(parse_now("2026-11-21T19:40")), &packs);
        assert!(v.out_of_hours && v.from_office_hours && v.fixed);
        assert_eq!((v.time.as_str(), v.weekday.as_str()), ("19:40", "Saturday"));
        let hours = v.office_hours.unwrap();
        assert!(!hours.open_now && hours.closes_at.is_none());
        let v = view(&Clock::new(parse_now("2026-11-23T10:15")), &packs);
        assert!(!v.out_of_hours);
        assert_eq!(v.office_hours.unwrap().closes_at.as_deref(), Some("17:00"));
        let v = view(&Clock::new(parse_now("2026-11-23T08:15")), &packs);
        assert_eq!(v.office_hours.unwrap().opens_at.as_deref(), Some("09:00"));
    }
}
