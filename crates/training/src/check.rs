//! `check`: every rule of `docs/training-scenarios.md` that needs the pack, and those the
//! parser leaves (ids, lists that must not be empty, the clock against office hours).

use crate::problem::Problem;
use crate::scenario::Scenario;
use pathway::{contract, CaseError, NodeKind, PackSet};
use std::collections::BTreeSet;

/// Every problem with `scenario` against `packs`, in the order of the file. Empty when
/// the scenario may be used: the pack meets its expectations, its notes name nodes that
/// exist and facts they ask, and its citations resolve.
pub fn check(packs: &PackSet, scenario: &Scenario) -> Vec<Problem> {
    let mut problems = Vec::new();
    let places = &scenario.places;
    let mut report = |offset: usize, rule: &str, message: String, hint: &str| problems.push(Problem::new(scenario.location(offset), rule, message, hint));

    // The id is the file stem.
    if scenario.id.is_empty() || !scenario.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        report(
            0,
            "scenario-id",
            format!("the file name `{}` is not a scenario id: lowercase letters, digits and hyphens only", scenario.id),
            "rename the file, e.g. `pcso-child-on-balcony.toml`",
        );
    }
    if scenario.title.trim().is_empty() {
        report(
            places.title,
            "missing-field",
            "the title is empty".into(),
            "say in one line what happens, e.g. \"A PCSO finds a 4-year-old alone on a balcony\"",
        );
    }

    // Agencies: at least one, each an agency of the contract (or the pack), the first the walk's.
    let agency_values: Vec<&str> = packs.fact(contract::AGENCY).map(|f| f.values.iter().map(String::as_str).collect()).unwrap_or_default();
    if scenario.agencies.is_empty() {
        report(
            places.agencies,
            "missing-field",
            "`agencies` is empty: name at least one agency the scenario suits".into(),
            "the first is the trainee's agency in the walk, and equals facts.agency",
        );
    }
    for (agency, &at) in scenario.agencies.iter().zip(&places.agency) {
        if !contract::AGENCIES.contains(&agency.as_str()) && !agency_values.contains(&agency.as_str()) {
            report(
                at,
                "unknown-agency",
                format!("`{agency}` is not an agency of the contract (allowed: {})", contract::AGENCIES.join(", ")),
                "use a contract agency id",
            );
        }
    }
    let facts_agency = scenario.facts().get(contract::AGENCY);
    if let (Some(first), Some(agency)) = (scenario.agencies.first(), facts_agency) {
        if first != agency {
            let at = places.agency.first().copied().unwrap_or(places.agencies);
            report(
                at,
                "agency-mismatch",
                format!("the first agency is `{first}`, but facts.agency is `{agency}`: the first agency is the trainee's in the walk"),
                "put facts.agency first in `agencies`, or change facts.agency",
            );
        }
    }

    // The narrative: at least one stage, each with a title and text, and no fact ids.
    if scenario.stages.is_empty() {
        report(0, "missing-field", "the scenario has no [[stage]]: the narrative is told in at least one stage".into(), "add [[stage]] with title and text");
    }
    let fact_ids: Vec<&str> = packs.facts().iter().map(|f| f.id.as_str()).filter(|id| id.contains('_')).collect();
    for (stage, &(title_at, text_at)) in scenario.stages.iter().zip(&places.stages) {
        for (what, text, at) in [("title", &stage.title, title_at), ("text", &stage.text, text_at)] {
            if text.trim().is_empty() {
                report(at, "missing-field", format!("a stage's {what} is empty"), "tell the trainee what they see and hear");
            }
            if let Some(id) = fact_ids.iter().find(|id| contains_word(text, id)) {
                report(
                    at,
                    "fact-id-in-stage",
                    format!("the stage's {what} names the fact id `{id}`: the narrative is plain English, never fact ids"),
                    "say what the trainee sees or hears instead",
                );
            }
        }
    }

    // [facts]: the facts outside the contract must be the pack's own.
    if let Err(e) = scenario.case.check_against(packs) {
        let (at, message) = match e {
            CaseError::Parse { line, column, message, .. } => (places.case_location(scenario, line, column), message),
            other => (scenario.location(places.facts), other.to_string()),
        };
        problems.push(Problem::new(at, "case-file", message, "a fact outside the contract must be one the pack declares, with one of its values"));
    }

    // The training clock agrees with out_of_hours under the local pack's office hours.
    if let (Some(closed), Some(given)) = (packs.out_of_hours_at(scenario.clock), scenario.facts().get(contract::OUT_OF_HOURS)) {
        let expected = if closed { "yes" } else { "no" };
        if given != expected {
            let pack = packs.office_hours().map_or_else(String::new, |h| h.pack.clone());
            problems.push(Problem::new(
                scenario.location(places.clock_at),
                "clock-out-of-hours",
                format!(
                    "at {} the front door is {} under the office hours of `{pack}`, but facts.out_of_hours is `{given}`",
                    crate::scenario::clock_text(scenario.clock),
                    if closed { "closed" } else { "open" }
                ),
                format!("set facts.out_of_hours = \"{expected}\", or move the clock"),
            ));
        }
    }

    // Notes: at least one; each on a screen of the pack, for a fact it asks, cited.
    if scenario.notes.is_empty() {
        problems.push(Problem::new(
            scenario.location(0),
            "missing-field",
            "the scenario has no [[note]]: give a teaching note for each decision that matters",
            "add [[note]] with node, text and source",
        ));
    }
    let mut noted = BTreeSet::new();
    for (note, at) in scenario.notes.iter().zip(&places.notes) {
        let mut report = |offset: usize, rule: &str, message: String, hint: &str| problems.push(Problem::new(scenario.location(offset), rule, message, hint));
        if note.text.trim().is_empty() {
            report(at.text, "missing-field", "the note's text is empty".into(), "say why the right answer is right");
        }
        if note.sources.is_empty() {
            report(
                at.node,
                "missing-source",
                format!("the note on `{}` cites nothing", note.node),
                "add source = [\"<source id> <where>\"], citing the pack's sources",
            );
        }
        for (cite, &cite_at) in note.sources.iter().zip(&at.sources) {
            let id = cite.split_whitespace().next().unwrap_or_default();
            if packs.source(id).is_none() {
                report(
                    cite_at,
                    "unknown-source",
                    format!("citation `{cite}` names no source of the pack `{id}`"),
                    "the first word of a citation is a source id of the pack (its sources.toml)",
                );
            }
        }
        let Some(node) = packs.node(&note.node) else {
            report(
                at.node,
                "unknown-node",
                format!("the note names the node `{}`, which is not in the pack", note.node),
                "use the id of a question or checklist of the pack",
            );
            continue;
        };
        if !matches!(node.kind, NodeKind::Question | NodeKind::Checklist) {
            report(
                at.node,
                "note-not-on-a-screen",
                format!("`{}` is an {} node: a note belongs to a question or checklist, where the decision is made", note.node, kind_name(node.kind)),
                "put the note on the screen that asks the fact",
            );
            continue;
        }
        let fact = match (&note.fact, node.kind) {
            (Some(fact), _) => fact.clone(),
            (None, NodeKind::Question) => node.fact.clone().unwrap_or_default(),
            (None, _) => {
                let asks = node.asks().join(", ");
                report(
                    at.node,
                    "fact-not-asked",
                    format!("the note on the checklist `{}` names no fact: say which item it is about (one of {asks})", note.node),
                    "add fact = \"…\"",
                );
                continue;
            }
        };
        if !node.asks_fact(&fact) {
            let asks = node.asks().join(", ");
            report(
                at.fact.unwrap_or(at.node),
                "fact-not-asked",
                format!("`{}` does not ask `{fact}` (it asks {asks})", note.node),
                "name a fact the node asks, or the node that asks it",
            );
            continue;
        }
        if !noted.insert((note.node.clone(), fact.clone())) {
            report(at.node, "duplicate-note", format!("a second note on `{}` for `{fact}`", note.node), "keep one note for each decision");
        }
    }

    // The scenario is a conformance case: the pack must meet its expectations.
    match pathway::triage(packs, scenario.facts()) {
        Err(e) => problems.push(Problem::new(scenario.location(places.facts), "walk-failed", scenario.case.explain(&e), "give every fact the walk needs")),
        Ok(result) => {
            let mut unmet = scenario.case.unmet(&result);
            let got = if unmet.len() > 1 { unmet.pop().unwrap_or_default() } else { String::new() };
            for message in unmet {
                let at = expectation_place(scenario, &message);
                problems.push(Problem::new(
                    scenario.location(at),
                    "expectation-unmet",
                    format!("the pack does not meet this expectation: {message}"),
                    got.clone(),
                ));
            }
        }
    }

    problems.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    problems
}

/// Where an unmet expectation is written: the first id it names in backquotes, if the
/// scenario's `[expect]` has it; `max_screens` for too many screens; else `[expect]`.
fn expectation_place(scenario: &Scenario, message: &str) -> usize {
    let places = &scenario.places;
    if message.starts_with("took ") {
        return places.max_screens.unwrap_or(places.expect);
    }
    // The wording of `Case::unmet` says which list the id is from.
    let key = if message.starts_with("expected outcome `") && !message.contains("` due `") {
        "outcomes_include"
    } else if message.starts_with("outcome `") {
        "outcomes_exclude"
    } else if message.starts_with("expected contact `") {
        "contacts_include"
    } else {
        "due"
    };
    let named = message.split('`').nth(1);
    let find =
        |key: Option<&str>| named.and_then(|id| places.expect_ids.iter().find(|(k, e, _)| e == id && key.is_none_or(|key| *k == key)).map(|(_, _, at)| *at));
    find(Some(key)).or_else(|| find(None)).unwrap_or(places.expect)
}

fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Question => "question",
        NodeKind::Checklist => "checklist",
        NodeKind::Action => "action",
        NodeKind::End => "end",
    }
}

/// Whether `word` appears in `text` on its own, not inside a longer identifier.
fn contains_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn fact_ids_are_found_as_whole_words() {
        assert!(contains_word("she said fgm_known was true", "fgm_known"));
        assert!(contains_word("(fgm_known)", "fgm_known"));
        assert!(!contains_word("not_fgm_known_at_all", "fgm_known"));
        assert!(!contains_word("FGM is known", "fgm_known"));
    }
}
