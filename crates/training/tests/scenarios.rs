//! Reading and checking scenarios: the fixtures are clean, and each kind of broken
//! scenario is reported at its file, line and column with its rule.

mod common;

use common::*;
use std::path::Path;
use training::{Level, Scenario, ScenarioError, MAX_SCENARIO_BYTES};

#[test]
fn the_fixtures_read_and_check_clean() {
    for name in ["pcso-balcony", "neighbour-bruises"] {
        let scenario = fixture(name);
        assert_eq!(scenario.id, name);
        let problems = training::check(packs(), &scenario);
        assert!(problems.is_empty(), "{name}:\n{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    }
    let pcso = fixture("pcso-balcony");
    assert_eq!(pcso.level, Level::Foundation);
    assert_eq!(pcso.agencies, ["police", "british_transport_police"]);
    assert_eq!(pcso.clock, jiff::civil::date(2026, 12, 2).at(14, 10, 0, 0));
    assert_eq!(pcso.stages.len(), 2);
    assert_eq!(pcso.notes[1].node, "police-constable");
    assert_eq!(pcso.context(packs()), pathway::Facts::from([("agency".into(), "police".into()), ("out_of_hours".into(), "no".into())]));
    // What the app shows before the walk: the narrative, never the facts.
    let view = serde_json::to_value(pcso.view()).unwrap();
    assert_eq!(view["clock_text"], "14:10 on Wednesday 2 December 2026");
    assert_eq!(view["level"], "foundation");
    assert!(view.get("facts").is_none() && !view.to_string().contains("police_constable"));
}

/// The single problem of `text`, with its rule, where it is expected.
fn only_problem(text: &str, rule: &str, marker: &str) -> training::Problem {
    let problems = problems("broken", text);
    let found: Vec<_> = problems.iter().filter(|p| p.rule == rule).collect();
    assert_eq!(found.len(), 1, "one `{rule}` expected:\n{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    let p = found[0].clone();
    assert_eq!((p.line, p.column), place(text, marker), "{p}");
    assert_eq!(p.file, "broken.toml");
    p
}

#[test]
fn an_unknown_fact_is_placed_at_its_key() {
    let text = edit(&fixture_text("pcso-balcony"), "child_exploitation = \"no\"", "child_exploitaton = \"no\"");
    let p = only_problem(&text, "case-file", "child_exploitaton");
    assert!(p.message.contains("`child_exploitaton` is neither a fact of the contract nor one the pack"), "{p}");
    // And the walk, which needs the real fact, says so too.
    let problems = problems("broken", &text);
    assert!(problems.iter().any(|p| p.rule == "walk-failed" && p.message.contains("`child_exploitation`")), "{problems:?}");
    assert!(p.to_string().starts_with(&format!("broken.toml:{}:1: case-file: ", place(&text, "child_exploitaton").0)), "{p}");
}

#[test]
fn a_note_on_a_missing_node() {
    let text = edit(&fixture_text("pcso-balcony"), "node = \"police-constable\"", "node = \"police-constabel\"");
    let p = only_problem(&text, "unknown-node", "\"police-constabel\"");
    assert!(p.message.contains("`police-constabel`, which is not in the pack"), "{p}");
}

#[test]
fn a_note_on_an_action_or_for_a_fact_the_node_does_not_ask() {
    let text = edit(&fixture_text("pcso-balcony"), "node = \"police-constable\"", "node = \"act-call-999\"");
    only_problem(&text, "note-not-on-a-screen", "\"act-call-999\"");
    let text = edit(&fixture_text("neighbour-bruises"), "fact = \"domestic_abuse\"", "fact = \"significant_harm\"");
    let p = only_problem(&text, "fact-not-asked", "\"significant_harm\"\ntext = \"The shouting");
    assert!(p.message.contains("`concerns` does not ask `significant_harm`"), "{p}");
    // A note on a checklist must say which item.
    let text = edit(&fixture_text("neighbour-bruises"), "fact = \"domestic_abuse\"\n", "");
    only_problem(&text, "fact-not-asked", "\"concerns\"");
}

#[test]
fn an_expectation_the_pack_does_not_meet_is_placed_at_the_id() {
    let text = edit(&fixture_text("pcso-balcony"), "outcomes_exclude = [\"police-protection\"]", "outcomes_exclude = [\"police-protection\", \"call-999\"]");
    let p = only_problem(&text, "expectation-unmet", "\"call-999\"]");
    assert!(p.message.contains("outcome `call-999` must not be given, but was"), "{p}");
    assert!(p.hint.starts_with("got outcomes [call-999, "), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "due = { \"call-999\" = \"now\"", "due = { \"call-999\" = \"working-days:1\"");
    only_problem(&text, "expectation-unmet", "\"call-999\" = \"working");
}

#[test]
fn not_toml_is_refused_at_its_line() {
    let text = edit(&fixture_text("pcso-balcony"), "level = \"foundation\"", "level = foundation");
    let err = Scenario::parse(Path::new("broken.toml"), text.as_bytes()).unwrap_err();
    let p = err.problem();
    assert_eq!((p.rule.as_str(), p.line), ("malformed-toml", place(&text, "level = ").0), "{p}");
    assert!(err.to_string().starts_with(&format!("broken.toml:{}:", p.line)), "{err}");
    for garbage in ["", "\u{feff}", "[[stage]]\ntitle = 1", "title = \"t\"\n[facts]\n[expect]\ndue = 1", "\0\0\0"] {
        assert!(Scenario::parse(Path::new("g.toml"), garbage.as_bytes()).is_err());
    }
}

#[test]
fn unknown_keys_and_bad_values_are_placed() {
    let text = edit(&fixture_text("pcso-balcony"), "trap = ", "traps = ");
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!((p.rule.as_str(), p.line, p.column), ("unknown-key", place(&text, "traps").0, 1), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "level = \"foundation\"", "level = \"expert\"");
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!((p.rule.as_str(), p.line), ("unknown-value", place(&text, "level").0), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "title = \"On patrol\"", "title = 3");
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!((p.rule.as_str(), p.line, p.column), ("wrong-type", place(&text, "title = 3").0, 9), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "text = \"Police protection", "txt = \"Police protection");
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!((p.rule.as_str(), p.line), ("unknown-key", place(&text, "txt =").0), "{p}");
}

#[test]
fn a_bad_fact_value_or_expect_id_is_a_case_file_error_at_its_place() {
    let text = edit(&fixture_text("pcso-balcony"), "missing = \"no\"", "missing = \"maybe\"");
    let err = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err();
    assert!(matches!(err, ScenarioError::Case { .. }), "{err}");
    let p = err.problem();
    assert_eq!((p.line, p.column), place(&text, "\"maybe\""), "{p}");
    assert!(p.message.contains("`maybe` is not a value of `missing`"), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "contacts_include = [\"police-999\"]", "contacts_include = [\"police-99\"]");
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!((p.rule.as_str(), p.line, p.column), ("case-file", place(&text, "\"police-99\"").0, place(&text, "\"police-99\"").1), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "\"refer-csc-immediately\" = \"now\"", "\"refer-csc-immediately\" = \"soon\"");
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!((p.line, p.column), place(&text, "\"soon\""), "{p}");
}

#[test]
fn an_expect_that_expects_nothing_is_refused() {
    let text = fixture_text("pcso-balcony");
    let start = text.find("[expect]").unwrap();
    let end = text.find("[[note]]").unwrap();
    let text = format!("{}[expect]\n\n{}", &text[..start], &text[end..]);
    let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
    assert_eq!(p.rule, "case-file");
    assert!(p.message.contains("expects nothing"), "{p}");
    assert_eq!(p.line, place(&text, "[expect]").0, "{p}");
}

#[test]
fn too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let mut text = fixture_text("pcso-balcony");
    while text.len() <= MAX_SCENARIO_BYTES {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, &text).unwrap();
    let err = Scenario::load(&path).unwrap_err();
    assert!(matches!(err, ScenarioError::TooLarge { .. }), "{err}");
    let p = err.problem();
    assert_eq!((p.rule.as_str(), p.line, p.column), ("too-large", 1, 1));
    assert!(err.to_string().contains("huge.toml:1:1: too-large: "), "{err}");
    assert!(matches!(Scenario::parse(&path, text.as_bytes()), Err(ScenarioError::TooLarge { .. })));
    // A file that is not UTF-8, at the byte where it stops being.
    let err = Scenario::parse(Path::new("b.toml"), b"title = \"ok\"\nlevel = \"\xff\"").unwrap_err();
    assert_eq!(err.problem().rule, "not-utf8");
    assert_eq!((err.problem().line, err.problem().column), (2, 10));
}

#[test]
fn the_clock_must_agree_with_out_of_hours() {
    // Wednesday 14:10 is in Northbrook's office hours; 18:10 is not.
    let text = edit(&fixture_text("pcso-balcony"), "at = 2026-12-02T14:10:00", "at = 2026-12-02T18:10:00");
    let p = only_problem(&text, "clock-out-of-hours", "2026-12-02T18:10:00");
    assert!(p.message.contains("the front door is closed") && p.hint.contains("out_of_hours = \"yes\""), "{p}");
    // Christmas Day is a closed date.
    let text = edit(&fixture_text("pcso-balcony"), "at = 2026-12-02T14:10:00", "at = 2026-12-25T11:00:00");
    only_problem(&text, "clock-out-of-hours", "2026-12-25");
    // Without a local pack there are no office hours, so nothing to agree with.
    let national = pathway::PackSet::load(&[root().join("pathways/england")]).unwrap();
    let scenario = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap();
    assert!(training::check(&national, &scenario).iter().all(|p| p.rule != "clock-out-of-hours"));
    // A clock with an offset, or a date only, is not a local time.
    for bad in ["2026-12-02T14:10:00Z", "2026-12-02"] {
        let text = edit(&fixture_text("pcso-balcony"), "2026-12-02T14:10:00", bad);
        let p = Scenario::parse(Path::new("b.toml"), text.as_bytes()).unwrap_err().problem();
        assert_eq!((p.rule.as_str(), p.line), ("bad-clock", place(&text, bad).0), "{p}");
    }
}

#[test]
fn the_first_agency_is_the_walks() {
    let text =
        edit(&fixture_text("pcso-balcony"), "agencies = [\"police\", \"british_transport_police\"]", "agencies = [\"british_transport_police\", \"police\"]");
    let p = only_problem(&text, "agency-mismatch", "\"british_transport_police\", \"police\"]");
    assert!(p.message.contains("facts.agency is `police`"), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "\"british_transport_police\"]", "\"plumbers\"]");
    only_problem(&text, "unknown-agency", "\"plumbers\"");
    let text = edit(&fixture_text("pcso-balcony"), "agencies = [\"police\", \"british_transport_police\"]", "agencies = []");
    only_problem(&text, "missing-field", "[]");
}

#[test]
fn stages_never_name_fact_ids_and_notes_cite_the_packs_sources() {
    let text = edit(&fixture_text("pcso-balcony"), "leaning over the railing", "leaning over the railing (immediate_danger)");
    only_problem(&text, "fact-id-in-stage", "\"A small boy");
    // Plain words that happen to be single-word fact ids are fine.
    let text = edit(&fixture_text("pcso-balcony"), "Nobody answers the door.", "Nobody answers the door; the mother is missing.");
    assert!(problems("ok", &text).is_empty());
    let text = edit(&fixture_text("pcso-balcony"), "source = [\"ca-1989 s46(1)\", \"001 Police\"]", "source = [\"ca-1989 s46(1)\", \"ca-1998 s46\"]");
    let p = only_problem(&text, "unknown-source", "\"ca-1998 s46\"");
    assert!(p.message.contains("names no source of the pack `ca-1998`"), "{p}");
    let text = edit(&fixture_text("pcso-balcony"), "source = [\"000 §5.5\"]\n", "");
    only_problem(&text, "missing-source", "\"immediate-danger\"\ntext");
}

#[test]
fn a_scenario_needs_stages_and_notes_and_a_good_id() {
    let text = fixture_text("pcso-balcony");
    let no_notes = &text[..text.find("[[note]]").unwrap()];
    let problems = problems("no-notes", no_notes);
    assert!(problems.iter().any(|p| p.rule == "missing-field" && p.message.contains("no [[note]]")), "{problems:?}");
    let scenario = Scenario::parse(Path::new("Bad Name.toml"), text.as_bytes()).unwrap();
    let problems = training::check(packs(), &scenario);
    assert!(problems.iter().any(|p| p.rule == "scenario-id"), "{problems:?}");
}

#[test]
fn problems_come_in_file_order() {
    let text = edit(&fixture_text("pcso-balcony"), "node = \"police-constable\"", "node = \"nowhere\"");
    let text = edit(&text, "\"british_transport_police\"]", "\"plumbers\"]");
    let problems = problems("two", &text);
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn a_folder_loads_the_usable_scenarios_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pcso-balcony.toml"), fixture_text("pcso-balcony")).unwrap();
    std::fs::write(dir.path().join("broken.toml"), edit(&fixture_text("pcso-balcony"), "node = \"police-constable\"", "node = \"nowhere\"")).unwrap();
    std::fs::write(dir.path().join("not-toml.toml"), "title = ").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a scenario").unwrap();
    let (scenarios, problems) = training::load_dir(packs(), dir.path()).unwrap();
    assert_eq!(scenarios.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["pcso-balcony"]);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].file.ends_with("broken.toml") && problems[0].rule == "unknown-node");
    assert!(problems[1].file.ends_with("not-toml.toml") && problems[1].rule == "malformed-toml");
    assert!(training::load_dir(packs(), &dir.path().join("missing")).is_err());
}

#[test]
fn files_in_memory_load_as_a_folder_does() {
    let files = vec![
        (std::path::PathBuf::from("(bundled)/pcso-balcony.toml"), fixture_text("pcso-balcony").into_bytes()),
        (std::path::PathBuf::from("(bundled)/not-toml.toml"), b"title = ".to_vec()),
        (std::path::PathBuf::from("(bundled)/too-large.toml"), vec![b'#'; training::MAX_SCENARIO_BYTES + 1]),
    ];
    let (scenarios, problems) = training::load_files(packs(), &files);
    assert_eq!(scenarios.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["pcso-balcony"]);
    assert_eq!(
        problems.iter().map(|p| (p.file.as_str(), p.rule.as_str())).collect::<Vec<_>>(),
        [("(bundled)/not-toml.toml", "malformed-toml"), ("(bundled)/too-large.toml", "too-large")]
    );
}
