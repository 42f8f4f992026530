//! The debrief of a walk with a deliberately wrong answer, and the map and outline of
//! the pathway with both routes.

mod common;

use common::*;
use pathway::{Facts, NodeKind, PackSet, Walk, WalkResult};
use training::{Debrief, Routes, Scenario};

/// Walks `scenario` as a trainee would, answering from its facts except `wrong`.
fn walk_with(packs: &PackSet, scenario: &Scenario, wrong: &[(&str, &str)]) -> WalkResult {
    let mut facts = scenario.facts().clone();
    for (fact, value) in wrong {
        facts.insert(fact.to_string(), value.to_string());
    }
    let mut walk = Walk::start(packs, scenario.context(packs)).unwrap();
    while !walk.is_finished(packs) {
        let answers: Facts = walk.asks(packs).into_iter().map(|f| (f.to_string(), facts[f].clone())).collect();
        walk.answer(packs, &answers).unwrap();
    }
    walk.result(packs)
}

#[test]
fn a_walk_that_follows_the_facts_is_all_right() {
    let scenario = fixture("pcso-balcony");
    let trainee = walk_with(packs(), &scenario, &[]);
    let debrief = Debrief::compute(packs(), &scenario, &trainee, scenario.clock).unwrap();
    assert_eq!(debrief.score, training::Score { right: 3, screens: 3 });
    assert!(debrief.divergences().next().is_none());
    assert!(debrief.missed.is_empty() && debrief.extra.is_empty() && debrief.unmet.is_empty());
    assert_eq!(debrief.reached.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["call-999", "inform-dsl", "refer-csc-immediately"]);
    assert_eq!(debrief.screens.iter().map(|s| s.node.as_str()).collect::<Vec<_>>(), ["immediate-danger", "police-constable", "concerns"]);
}

#[test]
fn a_pcso_who_thinks_they_are_a_constable() {
    let scenario = fixture("pcso-balcony");
    let trainee = walk_with(packs(), &scenario, &[("police_constable", "yes")]);
    let debrief = Debrief::compute(packs(), &scenario, &trainee, scenario.clock).unwrap();

    // The divergence comes first, with both answers in words, and its note and citations.
    let first = &debrief.screens[0];
    assert_eq!((first.node.as_str(), first.kind, first.diverges), ("police-constable", NodeKind::Question, true));
    assert!(first.trainee_saw && first.expected);
    let answer = &first.answers[0];
    assert_eq!(answer.fact, "police_constable");
    assert_eq!(answer.trainee.as_ref().unwrap().value, "yes");
    assert_eq!(answer.expected.as_ref().unwrap().value, "no");
    assert!(answer.expected.as_ref().unwrap().label.starts_with("No: I am a PCSO"), "{:?}", answer.expected);
    let note = answer.note.as_ref().expect("the scenario's note on police-constable");
    assert!(note.text.starts_with("Police protection (section 46) is a constable's power"));
    assert_eq!(note.sources[0].cite, "ca-1989 s46(1)");
    assert!(note.sources[0].title.contains("Children Act 1989"), "{:?}", note.sources[0]);
    assert!(note.sources[0].edition.is_some());

    // Then the rest in walk order, the same for both.
    assert_eq!(
        debrief.screens.iter().map(|s| (s.node.as_str(), s.diverges)).collect::<Vec<_>>(),
        [("police-constable", true), ("immediate-danger", false), ("concerns", false)]
    );
    assert_eq!(debrief.score, training::Score { right: 2, screens: 3 });
    assert_eq!(debrief.score.percent(), 66);

    // Outcomes: calling 999 missed (due now), police protection extra.
    assert_eq!(debrief.missed.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["call-999"]);
    assert_eq!(debrief.missed[0].deadline_text, "now");
    assert!(!debrief.missed[0].sources.is_empty());
    assert_eq!(debrief.extra.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["police-protection"]);
    assert_eq!(debrief.reached.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["inform-dsl", "refer-csc-immediately"]);
    assert!(debrief.unmet.iter().any(|u| u.contains("`call-999`")), "{:?}", debrief.unmet);
    assert!(debrief.unmet.iter().any(|u| u.contains("`police-protection` must not be given")), "{:?}", debrief.unmet);

    // The routes part at the constable question.
    assert!(debrief.routes.trainee.contains(&"act-police-protection".to_string()));
    assert!(debrief.routes.expected.contains(&"act-call-999-police-staff".to_string()));

    // The app gets it as JSON.
    let json = serde_json::to_value(&debrief).unwrap();
    assert_eq!(json["screens"][0]["answers"][0]["note"]["sources"][0]["cite"], "ca-1989 s46(1)");
    assert_eq!(json["missed"][0]["due"], "now");
    assert_eq!(json["missed"][0]["deadline"]["kind"], "now");
    assert_eq!(json["score"], serde_json::json!({"right": 2, "screens": 3}));

    let text = debrief.plain_text();
    assert!(
        text.contains("[DIFFERENT] Are you a police constable?") && text.contains("Outcomes you missed:\n  - ") && text.contains("Source: ca-1989 s46(1)"),
        "{text}"
    );
}

#[test]
fn a_screen_only_the_trainee_saw_and_one_they_missed() {
    let scenario = fixture("neighbour-bruises");
    let trainee = walk_with(packs(), &scenario, &[("significant_harm", "no")]);
    let debrief = Debrief::compute(packs(), &scenario, &trainee, scenario.clock).unwrap();
    let screen = |node: &str| debrief.screens.iter().find(|s| s.node == node).unwrap_or_else(|| panic!("no screen {node}"));
    let harm = screen("significant-harm");
    assert!(harm.diverges && harm.answers[0].note.is_some());
    // The needs checklist is off the expected route; answered as the facts say, it is
    // not a divergence, and its expected answers come from the scenario's facts.
    let needs = screen("needs");
    assert!(needs.trainee_saw && !needs.expected && !needs.diverges);
    assert_eq!(
        needs.answers.iter().map(|a| (a.fact.as_str(), a.expected.as_ref().unwrap().value.as_str())).collect::<Vec<_>>(),
        [("child_in_need", "no"), ("additional_needs", "no")]
    );
    // The checklist item with a note carries it.
    let concerns = screen("concerns");
    let da = concerns.answers.iter().find(|a| a.fact == "domestic_abuse").unwrap();
    assert!(da.note.as_ref().unwrap().text.starts_with("The shouting"));
    assert!(debrief.missed.iter().any(|o| o.id == "refer-csc-immediately" && o.deadline_text == "now"));
    assert_eq!(debrief.screens[0].node, "significant-harm");
}

#[test]
fn due_times_are_at_the_training_clock() {
    let scenario = fixture("pcso-balcony");
    let trainee = walk_with(packs(), &scenario, &[]);
    let expected = pathway::triage(packs(), scenario.facts()).unwrap();
    // A working-days outcome is due by the close of the next working day of the local
    // pack's calendar: Thursday 3 December, from Wednesday afternoon.
    let mut with_lado = expected.clone();
    let mut lado = with_lado.outcomes[0].clone();
    lado.id = "lado-referral".into();
    lado.due = pathway::Due::WorkingDays(1);
    with_lado.outcomes.push(lado);
    let debrief = Debrief::of_walks(packs(), &scenario, &trainee, &with_lado, scenario.clock);
    let missed = debrief.missed.iter().find(|o| o.id == "lado-referral").unwrap();
    assert_eq!(missed.deadline_text, "by 17:00 on Thursday 3 December");
    assert_eq!(debrief.clock_text, "14:10 on Wednesday 2 December 2026");
}

#[test]
fn the_map_marks_both_routes_and_every_node_is_focusable() {
    let scenario = fixture("pcso-balcony");
    let trainee = walk_with(packs(), &scenario, &[("police_constable", "yes")]);
    let expected = pathway::triage(packs(), scenario.facts()).unwrap();
    let svg = training::map_svg(packs(), &Routes::of(Some(&trainee), Some(&expected))).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(!svg.contains("http://") || svg.matches("http://").count() == 1, "only the namespace");
    assert!(!svg.contains("<script") && !svg.contains("href=\"http"));
    for node in packs().nodes() {
        let open = format!("<g id=\"node-{}\" class=\"node ", node.id);
        let at = svg.find(&open).unwrap_or_else(|| panic!("no group for {}", node.id));
        let tag = &svg[at..at + svg[at..].find('>').unwrap()];
        assert!(tag.contains("tabindex=\"0\"") && tag.contains("role=\"button\""), "{tag}");
        assert!(tag.contains("aria-label=\""), "{tag}");
    }
    // Routes: the constable question on both, each route's own action on one.
    let tag = |id: &str| {
        let at = svg.find(&format!("<g id=\"node-{id}\"")).unwrap();
        svg[at..at + svg[at..].find('>').unwrap()].to_string()
    };
    assert!(tag("police-constable").contains("on-both") && tag("police-constable").contains("On your route and on the expected route."));
    assert!(tag("act-police-protection").contains("on-trainee") && tag("act-police-protection").contains("On your route only."));
    assert!(tag("act-call-999-police-staff").contains("on-expected") && tag("act-call-999-police-staff").contains("On the expected route only."));
    assert!(tag("significant-harm").contains("class=\"node question\""), "{}", tag("significant-harm"));
    // Lines told apart by style, and a legend in words.
    assert!(svg.contains("class=\"edge on-trainee\" data-from=\"police-constable\" data-to=\"act-police-protection\""));
    assert!(svg.contains("class=\"edge on-expected\" data-from=\"police-constable\" data-to=\"act-call-999-police-staff\""));
    assert!(svg.contains("class=\"edge on-both\" data-from=\"immediate-danger\" data-to=\"act-danger-csc\""));
    // Drawn with attributes, not only CSS: the app's Content-Security-Policy may refuse
    // the inline <style>.
    let trainee_line = svg.find("<path class=\"line trainee\"").unwrap();
    assert!(svg[trainee_line..].split('>').next().unwrap().contains("stroke=\"#1d4ed8\" stroke-width=\"5\""));
    let expected_line = svg.find("<path class=\"line expected\"").unwrap();
    assert!(svg[expected_line..].split('>').next().unwrap().contains("stroke-dasharray=\"10 6\""));
    assert!(!svg.contains(" style=\""));
    assert!(svg.contains("Your route: solid blue line") && svg.contains("The expected route: dashed orange line"));
    // Without routes, no route legend.
    let plain = training::map_svg(packs(), &Routes::default()).unwrap();
    assert!(!plain.contains("on-trainee") && !plain.contains("Your route") && plain.contains("id=\"node-immediate-danger\""));
}

#[test]
fn the_outline_is_the_same_graph_in_words() {
    let outline = training::outline(packs());
    assert_eq!(outline.len(), packs().nodes().len());
    assert_eq!(outline[0].id, packs().start().id);
    let position = |id: &str| outline.iter().position(|n| n.id == id).unwrap();
    // Every node comes after every node that leads to it.
    for node in &outline {
        for edge in &node.edges {
            assert!(position(&node.id) < position(&edge.to), "{} -> {}", node.id, edge.to);
        }
    }
    let constable = &outline[position("police-constable")];
    assert_eq!(constable.fact.as_deref(), Some("police_constable"));
    assert!(constable.edges.iter().any(|e| e.when.starts_with("Answer \u{201c}No: I am a PCSO") && e.to == "act-call-999-police-staff"));
    assert!(constable.sources.iter().any(|c| c.cite == "ca-1989 s46(1)" && !c.title.is_empty()));
    let danger_csc = &outline[position("act-danger-csc")];
    assert_eq!(danger_csc.outcome.as_ref().unwrap().id, "refer-csc-immediately");
    assert!(danger_csc.edges[0].when.starts_with("If Where you work or volunteer is Police or British Transport Police"), "{}", danger_csc.edges[0].when);
    assert_eq!(danger_csc.edges.last().unwrap().when, "Otherwise");
    let concerns = &outline[position("concerns")];
    assert!(concerns.items.iter().any(|i| i.fact == "prisoner_posing_risk_to_children" && i.shown_when.as_deref().is_some_and(|w| w.contains("Prison"))));
    assert!(serde_json::to_string(&outline).is_ok());
}

#[test]
#[ignore = "writes the map to $MAP_OUT for a look"]
fn write_the_map() {
    let scenario = fixture("pcso-balcony");
    let trainee = walk_with(packs(), &scenario, &[("police_constable", "yes")]);
    let expected = pathway::triage(packs(), scenario.facts()).unwrap();
    let svg = training::map_svg(packs(), &Routes::of(Some(&trainee), Some(&expected))).unwrap();
    std::fs::write(std::env::var("MAP_OUT").unwrap(), svg).unwrap();
}

#[test]
fn a_kept_layout_draws_the_same_map_with_any_routes() {
    let scenario = fixture("pcso-balcony");
    let trainee = walk_with(packs(), &scenario, &[("police_constable", "yes")]);
    let expected = pathway::triage(packs(), scenario.facts()).unwrap();
    let routes = Routes::of(Some(&trainee), Some(&expected));
    let layout = training::MapLayout::new(packs()).unwrap();
    assert_eq!(layout.svg(packs(), &routes), training::map_svg(packs(), &routes).unwrap());
    assert_eq!(layout.svg(packs(), &Routes::default()), training::map_svg(packs(), &Routes::default()).unwrap());
}

#[test]
#[ignore = "timing: cargo test --release -p training --test debrief map_timing -- --ignored --nocapture"]
fn map_timing() {
    let started = std::time::Instant::now();
    let layout = training::MapLayout::new(packs()).unwrap();
    let laid_out = started.elapsed();
    let started = std::time::Instant::now();
    let svg = layout.svg(packs(), &Routes::default());
    let drawn = started.elapsed();
    let started = std::time::Instant::now();
    let outline = training::outline(packs());
    let outlined = started.elapsed();
    eprintln!("layout {laid_out:?}, drawing {drawn:?} ({} bytes), outline {outlined:?} ({} nodes)", svg.len(), outline.len());
}

#[test]
fn a_nodes_text_reads_as_words_its_accessible_name_contains() {
    let svg = training::map_svg(packs(), &Routes::default()).unwrap();
    let at = svg.find("<g id=\"node-immediate-danger\"").unwrap();
    let group = &svg[at..at + svg[at..].find("</g>").unwrap()];
    let text: String = group.split('<').filter_map(|part| part.split_once('>').map(|(_, t)| t)).collect();
    let words = |s: &str| s.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect::<Vec<_>>();
    let label = &group[group.find("aria-label=\"").unwrap() + 12..];
    let label = &label[..label.find('"').unwrap()];
    let (seen, named) = (words(&text), words(label));
    assert!(seen.len() > 3 && named.windows(seen.len()).any(|w| w == seen.as_slice()), "drawn {seen:?}, named {named:?}");
}
