//! A walk's result as plain text, for pasting into a referral form or printing.

use crate::due::{Deadline, WorkingCalendar};
use crate::model::PackSet;
use crate::walk::WalkResult;
use jiff::civil::DateTime;
use std::fmt::Write;

/// The outcomes (with what to do, by when, contacts), then the path taken, then the
/// packs and sources used. Holds nothing the user did not enter or the pack did not say.
pub fn plain_text(packs: &PackSet, result: &WalkResult) -> String {
    write_summary(packs, result, None)
}

/// As [`plain_text`], with when each action is due worked out at `now` on `calendar`
/// ("Due: by 17:00 on Wednesday 2 December"), as the outcome screen shows it: a summary
/// pasted into a referral form or a case file later still says when each action was due.
pub fn plain_text_due(packs: &PackSet, result: &WalkResult, now: DateTime, calendar: &WorkingCalendar) -> String {
    write_summary(packs, result, Some((now, calendar)))
}

fn write_summary(packs: &PackSet, result: &WalkResult, due_at: Option<(DateTime, &WorkingCalendar)>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "SAFEGUARDING PATHWAY SUMMARY\n");
    if let Some(agency) = result.facts.get(crate::contract::AGENCY) {
        let label = packs.fact(crate::contract::AGENCY).map_or(agency.as_str(), |f| f.value_label(agency));
        let _ = writeln!(out, "Your organisation: {label}");
    }
    if let Some(ooh) = result.facts.get(crate::contract::OUT_OF_HOURS) {
        let _ = writeln!(out, "Out of office hours: {ooh}");
    }
    let _ = writeln!(out, "\nWHAT TO DO");
    if let Some((now, calendar)) = due_at {
        let assumed = if calendar.from_local_pack {
            ""
        } else {
            ", assuming the front door works Monday to Friday, 09:00 to 17:00, with no bank holidays (no local pack gives its office hours)"
        };
        let _ = writeln!(out, "Due times worked out at {}{assumed}.", now.strftime("%H:%M on %A %-d %B %Y"));
    }
    for (i, o) in result.outcomes.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {}\n   When: {}", i + 1, o.title, o.timescale);
        if let Some((now, calendar)) = due_at {
            match o.due.deadline(now, calendar) {
                Deadline::NotSet => {}
                deadline => {
                    let _ = writeln!(out, "   Due: {}", deadline.describe(now));
                }
            }
        }
        for step in &o.steps {
            let _ = writeln!(out, "   - {step}");
        }
        for note in o.notes.iter().chain(o.additions.iter().map(|a| &a.text)) {
            let _ = writeln!(out, "   Note: {note}");
        }
        for c in &o.contacts {
            let numbers: Vec<String> = c.numbers.iter().map(|n| format!("{} {}", n.label, n.value)).collect();
            let numbers = if c.placeholder { "(your local pack or settings give this)".to_string() } else { numbers.join(", ") };
            let _ = writeln!(out, "   Contact: {}: {numbers}", c.name);
        }
        let labelled = [("Tell the family", &o.tell_family), ("Write down", &o.record), ("If nobody responds", &o.if_no_response), ("Not sure?", &o.advice)];
        for (label, text) in labelled {
            if let Some(text) = text {
                let _ = writeln!(out, "   {label}: {text}");
            }
        }
        let cites: Vec<&str> = o.sources.iter().map(|s| s.cite.as_str()).collect();
        let _ = writeln!(out, "   Sources: {}", cites.join("; "));
    }
    let _ = writeln!(out, "\nTHE ANSWERS GIVEN");
    let mut not_ticked: Vec<&str> = Vec::new();
    for step in &result.path {
        let (Some(fact), Some(answer), Some(label)) = (&step.fact, &step.answer, &step.answer_label) else { continue };
        match step.kind {
            // A checklist's title is shared by its items: name each ticked item, and
            // gather the rest on one line so the summary stays short.
            crate::NodeKind::Checklist => {
                let item = packs.fact(fact).map_or(fact.as_str(), |f| f.label.as_str());
                if answer == "yes" {
                    let _ = writeln!(out, "- {item}: yes");
                } else {
                    not_ticked.push(item);
                }
            }
            _ => {
                let _ = writeln!(out, "- {}: {label}", step.title);
            }
        }
    }
    if !not_ticked.is_empty() {
        let _ = writeln!(out, "- Not ticked: {}", not_ticked.join("; "));
    }
    if let Some(escalation) = packs.escalation() {
        let _ = writeln!(out, "\nIF YOU DISAGREE WITH A DECISION\n{}", escalation.text);
    }
    let _ = writeln!(out, "\nPATHWAY USED");
    for p in packs.packs() {
        let _ = writeln!(out, "- {} (version {}, {}; review by {})", p.name, p.version, p.publisher, p.review_by);
    }
    out
}
