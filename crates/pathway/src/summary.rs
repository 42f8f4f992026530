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
        if let Some(t) = &o.record {
            let _ = writeln!(out, "   Write down: {t}");
        }
        let cites: Vec<&str> = o.sources.iter().map(|s| s.cite.as_str()).collect();
        let _ = writeln!(out, "   Sources: {}", cites.join("; "));
    }
    let _ = writeln!(out, "\nTHE ANSWERS GIVEN");
    for step in &result.path {
        let (Some(fact), Some(answer)) = (&step.fact, &step.answer_label) else { continue };
        // A checklist's title is shared by its items, so name the item's fact instead.
        let asked = match step.kind {
            crate::NodeKind::Checklist => packs.fact(fact).map_or(fact.as_str(), |f| f.label.as_str()),
            _ => step.title.as_str(),
        };
        let _ = writeln!(out, "- {asked}: {answer}");
    }
    let _ = writeln!(out, "\nPATHWAY USED");
    for p in packs.packs() {
        let _ = writeln!(out, "- {} (version {}, {}; review by {})", p.name, p.version, p.publisher, p.review_by);
    }
    out
}
