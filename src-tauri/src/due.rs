//! Due times in the app's words. The times and their words are the engine's
//! (`Due::deadline` on the local pack's working calendar, `Deadline::describe` and
//! `Deadline::time_words`); this only puts them in a sentence's place: "Now", "By 17:00 on Wednesday 2 December",
//! "overdue since 17:00 on Wednesday 2 December".

use crate::views::DueView;
use jiff::civil::DateTime;
use pathway::{Deadline, OutcomeView, WorkingCalendar};
use std::collections::BTreeMap;

/// Said on the outcome screen when no local pack gives office hours.
pub const ASSUMED_CALENDAR: &str =
    "Due times assume the front door works Monday to Friday, 09:00 to 17:00, with no bank holidays: no local pack gives its office hours.";

/// The first letter in capitals: "by 17:00 …" → "By 17:00 …".
pub fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The time an action was due by, in the engine's words at `now`, after "since":
/// "17:00 on Wednesday 2 December".
pub fn since(deadline_at: DateTime, now: DateTime) -> String {
    Deadline::By(deadline_at).time_words(now).unwrap_or_default()
}

fn kind(d: &Deadline) -> &'static str {
    match d {
        Deadline::Now(_) => "now",
        Deadline::By(_) => "by",
        Deadline::NotSet => "not-set",
    }
}

/// When each of the walk's actions is due, worked out at `now` on `cal`, by outcome id.
pub fn of_outcomes(outcomes: &[OutcomeView], now: DateTime, cal: &WorkingCalendar) -> BTreeMap<String, DueView> {
    outcomes
        .iter()
        .map(|o| {
            let d = o.due.deadline(now, cal);
            let at = match d {
                Deadline::Now(t) | Deadline::By(t) => Some(t.strftime("%Y-%m-%dT%H:%M").to_string()),
                Deadline::NotSet => None,
            };
            (o.id.clone(), DueView { due: o.due.to_string(), kind: kind(&d).to_string(), text: capital(&d.describe(now)), at })
        })
        .collect()
}

/// How a saved action's due time reads in the record at `now`: "Now, when saved at
/// 10:00 on Tuesday 1 December", "By 17:00 on Wednesday 2 December", "No set time", or
/// "Not recorded" (saved before due times were kept).
pub fn saved_text(due: Option<&store::ActionDue>, now: DateTime) -> String {
    match due.and_then(store::from_walk::deadline) {
        None => "Not recorded (saved before due times were kept)".to_string(),
        Some(Deadline::Now(t)) => format!("Now, when saved at {}", since(t, now)),
        Some(d) => capital(&d.describe(now)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn words_around_the_engines_times() {
        let now = date(2026, 12, 3).at(10, 0, 0, 0);
        assert_eq!(since(date(2026, 12, 2).at(17, 0, 0, 0), now), "17:00 on Wednesday 2 December");
        assert_eq!(since(date(2027, 1, 4).at(17, 0, 0, 0), now), "17:00 on Monday 4 January 2027");
        assert_eq!(capital("by 17:00 on Wednesday 2 December"), "By 17:00 on Wednesday 2 December");
        let lado = store::ActionDue { due: "working-days:1".into(), deadline: Some(date(2026, 12, 2).at(17, 0, 0, 0)) };
        assert_eq!(saved_text(Some(&lado), now), "By 17:00 on Wednesday 2 December");
        let dsl = store::ActionDue { due: "now".into(), deadline: Some(date(2026, 12, 1).at(10, 0, 0, 0)) };
        assert_eq!(saved_text(Some(&dsl), now), "Now, when saved at 10:00 on Tuesday 1 December");
        assert_eq!(saved_text(Some(&store::ActionDue { due: "none".into(), deadline: None }), now), "No set time");
        assert!(saved_text(None, now).starts_with("Not recorded"));
    }
}
