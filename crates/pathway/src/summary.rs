//! A walk's result as plain text, for pasting into a referral form or printing.

use crate::model::PackSet;
use crate::walk::WalkResult;
use std::fmt::Write;

/// The outcomes (with what to do, by when, contacts), then the path taken, then the
/// packs and sources used. Holds nothing the user did not enter or the pack did not say.
pub fn plain_text(packs: &PackSet, result: &WalkResult) -> String {
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
    for (i, o) in result.outcomes.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {}\n   When: {}", i + 1, o.title, o.timescale);
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
