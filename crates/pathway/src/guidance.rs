//! Sentences the outcome screen says about a finished walk, worked out here so every
//! front-end (the app, the terminal) says the same: whether the local front door was
//! open when the walk started and whom to call, and a deadline's time in words.

use crate::contract;
use crate::due::Deadline;
use crate::model::{ContactDef, PackSet};
use crate::walk::WalkResult;
use jiff::civil::DateTime;
use serde::Serialize;

/// Children's social care's office-hours contact (the front door), from the contract.
pub const FRONT_DOOR: &str = "csc-front-door";
/// Children's social care's out-of-hours contact (the emergency duty team), from the contract.
pub const OUT_OF_HOURS_TEAM: &str = "csc-out-of-hours";

/// Who said whether the front door is closed.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HoursSource {
    /// The local pack's office hours, at the clock's time.
    OfficeHours,
    /// The practitioner, on the start screen (no local pack gives office hours, or they
    /// changed what the office hours said).
    Practitioner,
}

/// The line at the top of the outcome screen, e.g. "It is 19:40 on Saturday: the front
/// door is closed; call the emergency duty team on 020 7946 0456." `at` is when the
/// walk started; whether the door is closed is the walk's `out_of_hours` fact, and
/// `from` says who decided it. The call to action names the team only when one of the
/// walk's actions names it (only when children's social care is needed).
pub fn front_door(packs: &PackSet, result: &WalkResult, at: DateTime, from: HoursSource) -> String {
    let closed = result.facts.get(contract::OUT_OF_HOURS).is_some_and(|v| v == "yes");
    let hours = packs.office_hours();
    let from_hours = from == HoursSource::OfficeHours;
    let mut line = at.strftime("It is %H:%M on %A").to_string();
    line.push_str(match (closed, from_hours) {
        (true, true) => ": the front door is closed",
        (true, false) => ". You said the front door is closed",
        (false, true) => ": the front door is open",
        (false, false) => ". You said the front door is open",
    });
    if !closed && from_hours {
        let day = at.date().weekday().to_monday_zero_offset() as usize;
        if let Some((_, close)) = hours.filter(|h| h.is_open(at)).and_then(|h| h.days[day]) {
            line.push_str(&close.strftime(" until %H:%M").to_string());
        }
    }
    let wanted = if closed { OUT_OF_HOURS_TEAM } else { FRONT_DOOR };
    let Some(team) = result.outcomes.iter().flat_map(|o| &o.contacts).find(|c| c.id == wanted) else {
        line.push('.');
        return line;
    };
    let who = if closed { "the emergency duty team" } else { "the front door" };
    match numbers(team) {
        Some(numbers) => line.push_str(&format!("; call {who} on {numbers}.")),
        None => {
            let pack = hours.map(|h| packs.packs().iter().find(|p| p.id == h.pack).map_or(h.pack.as_str(), |p| p.name.as_str()));
            let missing = pack.map_or_else(|| "no local pack gives its number".to_string(), |p| format!("{p} does not give its number"));
            line.push_str(&format!("; call {who}: {missing}, so ring the council for the area where the child lives."));
        }
    }
    line
}

/// A contact's numbers, "020 7946 0123 or 020 7946 0124"; none for a placeholder.
fn numbers(c: &ContactDef) -> Option<String> {
    (!c.placeholder && !c.numbers.is_empty()).then(|| c.numbers.iter().map(|n| n.value.as_str()).collect::<Vec<_>>().join(" or "))
}

impl Deadline {
    /// The deadline's moment in words, to follow "since" or "at": "17:00 on Wednesday
    /// 2 December" (with the year when it is not `now`'s year); `None` for no set time.
    /// [`Deadline::describe`] says "by " and then the same words.
    pub fn time_words(&self, now: DateTime) -> Option<String> {
        let (Deadline::Now(t) | Deadline::By(t)) = self else { return None };
        let format = if t.year() != now.year() { "%H:%M on %A %-d %B %Y" } else { "%H:%M on %A %-d %B" };
        Some(t.strftime(format).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{triage, Case};
    use jiff::civil::date;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn packs(local: bool) -> PackSet {
        let mut dirs = vec![root().join("pathways/england")];
        if local {
            dirs.push(root().join("pathways/local/example"));
        }
        PackSet::load(&dirs).expect("the packs check")
    }

    fn walked(packs: &PackSet, case: &str) -> WalkResult {
        let case = Case::load(&root().join("tests/cases").join(case)).expect("the case loads");
        triage(packs, &case.facts).expect("the case walks")
    }

    #[test]
    fn the_contract_names_both_teams() {
        assert!(contract::CONTACTS.contains(&FRONT_DOOR) && contract::CONTACTS.contains(&OUT_OF_HOURS_TEAM));
    }

    #[test]
    fn names_the_emergency_duty_team_when_the_office_hours_say_closed() {
        let packs = packs(true);
        let result = walked(&packs, "p09-fracture-saturday.toml");
        let at = date(2026, 11, 21).at(19, 40, 0, 0);
        assert_eq!(
            front_door(&packs, &result, at, HoursSource::OfficeHours),
            "It is 19:40 on Saturday: the front door is closed; call the emergency duty team on 020 7946 0456."
        );
        assert_eq!(
            front_door(&packs, &result, at, HoursSource::Practitioner),
            "It is 19:40 on Saturday. You said the front door is closed; call the emergency duty team on 020 7946 0456."
        );
    }

    #[test]
    fn says_until_when_the_front_door_is_open_and_names_it_only_when_an_action_does() {
        let packs = packs(true);
        let mut result = walked(&packs, "p01-bruising-disclosure.toml");
        let at = date(2026, 11, 23).at(10, 15, 0, 0);
        assert_eq!(
            front_door(&packs, &result, at, HoursSource::OfficeHours),
            "It is 10:15 on Monday: the front door is open until 17:00; call the front door on 020 7946 0123."
        );
        for o in &mut result.outcomes {
            o.contacts.retain(|c| c.id != FRONT_DOOR);
        }
        assert_eq!(front_door(&packs, &result, at, HoursSource::OfficeHours), "It is 10:15 on Monday: the front door is open until 17:00.");
    }

    #[test]
    fn without_a_local_pack_says_what_the_practitioner_said_and_where_to_ring() {
        let packs = packs(false);
        let mut facts = Case::load(&root().join("tests/cases/p09-fracture-saturday.toml")).unwrap().facts;
        facts.insert("out_of_hours".into(), "yes".into());
        let result = triage(&packs, &facts).unwrap();
        let at = date(2026, 11, 24).at(23, 5, 0, 0);
        assert_eq!(
            front_door(&packs, &result, at, HoursSource::Practitioner),
            "It is 23:05 on Tuesday. You said the front door is closed; call the emergency duty team: no local pack gives its number, so ring the council for the area where the child lives."
        );
    }

    #[test]
    fn a_deadlines_time_in_words_is_describe_without_by() {
        let now = date(2026, 12, 3).at(10, 0, 0, 0);
        let by = Deadline::By(date(2026, 12, 2).at(17, 0, 0, 0));
        assert_eq!(by.time_words(now).as_deref(), Some("17:00 on Wednesday 2 December"));
        assert_eq!(format!("by {}", by.time_words(now).unwrap()), by.describe(now));
        let next_year = Deadline::By(date(2027, 1, 4).at(17, 0, 0, 0));
        assert_eq!(next_year.time_words(now).as_deref(), Some("17:00 on Monday 4 January 2027"));
        assert_eq!(format!("by {}", next_year.time_words(now).unwrap()), next_year.describe(now));
        assert_eq!(Deadline::Now(date(2026, 12, 1).at(10, 0, 0, 0)).time_words(now).as_deref(), Some("10:00 on Tuesday 1 December"));
        assert_eq!(Deadline::NotSet.time_words(now), None);
    }
}
