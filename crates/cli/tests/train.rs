//! `pathways train`: the shipped scenarios check clean; broken scenarios get file:line
//! errors and exit 2; list; run with a wrong answer, then the debrief and the record.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn pathways(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pathways")).current_dir(root()).args(args).output().expect("the binary runs")
}

/// Runs with `input` on stdin (the walk reads numbered lines when piped).
fn pathways_with_input(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pathways"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const FIXTURES: &str = "crates/training/tests/fixtures/scenarios";

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(root().join(FIXTURES).join(format!("{name}.toml"))).unwrap()
}

/// The line (from 1) where `marker` is in `text`.
fn line_of(text: &str, marker: &str) -> usize {
    text[..text.find(marker).unwrap_or_else(|| panic!("`{marker}` not in the text"))].matches('\n').count() + 1
}

#[test]
fn the_shipped_scenarios_all_check() {
    let dir = root().join("pathways/training");
    let count = training::scenario_files(&dir).map(|f| f.len()).unwrap_or(0);
    if count == 0 {
        eprintln!("SKIPPED: pathways/training holds no scenarios (*.toml) yet; nothing to check");
        return;
    }
    let out = pathways(&["train", "check", "pathways/training"]);
    assert_eq!(out.status.code(), Some(0), "every shipped scenario must check:\n{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{count} scenarios checked\n"));
    // The default folder is the same.
    let out = pathways(&["train", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_fixtures_check_and_list() {
    let out = pathways(&["train", "check", FIXTURES]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "2 scenarios checked\n");
    let out = pathways(&["train", "list", "--dir", FIXTURES]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "pcso-balcony  [foundation]  police, british_transport_police\n    A PCSO finds a 4-year-old alone on a balcony\n    Trap: PCSOs often think"
        ),
        "{text}"
    );
    assert!(text.contains("neighbour-bruises  [foundation]  public\n"), "{text}");
    assert!(text.ends_with("2 scenario(s)\n"), "{text}");
}

#[test]
fn broken_scenarios_get_file_line_errors_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let pcso = fixture_text("pcso-balcony");
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(format!("{name}.toml")), text).unwrap();
    // An unknown fact, a note on a missing node, an expectation the pack does not meet,
    // not TOML, too large.
    let unknown_fact = pcso.replace("fgm_at_risk = \"no\"", "fgm_at_rsk = \"no\"");
    write("a-unknown-fact", &unknown_fact);
    let missing_node = pcso.replace("node = \"police-constable\"", "node = \"police-constabel\"");
    write("b-missing-node", &missing_node);
    let unmet = pcso.replace("outcomes_exclude = [\"police-protection\"]", "outcomes_exclude = [\"police-protection\", \"inform-dsl\"]");
    write("c-unmet", &unmet);
    let not_toml = pcso.replace("[clock]", "[clock");
    write("d-not-toml", &not_toml);
    write("e-too-large", &format!("{pcso}{}", "# padding\n".repeat(30_000)));
    write("f-fine", &pcso);

    let out = pathways(&["train", "check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stdout(&out), "6 scenarios checked\n");
    let err = stderr(&out);
    let has = |file: &str, line: usize, rule: &str, says: &str| {
        let prefix = format!("{}:{line}:", dir.path().join(format!("{file}.toml")).display());
        assert!(
            err.lines().any(|l| l.starts_with(&prefix) && l.contains(&format!(": {rule}: ")) && l.contains(says)),
            "no `{prefix} ... {rule}: ... {says}` in:\n{err}"
        );
    };
    has("a-unknown-fact", line_of(&unknown_fact, "fgm_at_rsk"), "case-file", "`fgm_at_rsk` is neither a fact of the contract");
    has("b-missing-node", line_of(&missing_node, "police-constabel"), "unknown-node", "`police-constabel`");
    has("c-unmet", line_of(&unmet, "\"police-protection\", \"inform-dsl\""), "expectation-unmet", "outcome `inform-dsl` must not be given");
    has("d-not-toml", line_of(&not_toml, "[clock"), "malformed-toml", "");
    has("e-too-large", 1, "too-large", "at most 262144 bytes");
    assert!(!err.contains("f-fine.toml"), "{err}");
    assert!(err.trim_end().ends_with("problem(s) in 5 scenario(s)"), "{err}");
}

#[test]
fn a_missing_folder_or_scenario_exits_2() {
    let out = pathways(&["train", "check", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/folder: cannot read the scenarios folder"), "{}", stderr(&out));
    let out = pathways(&["train", "run", "no-such-scenario", "--dir", FIXTURES]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such-scenario.toml: cannot read the scenario"), "{}", stderr(&out));
}

#[test]
fn run_tells_the_story_walks_and_debriefs_a_wrong_answer() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record.json");
    // Start; danger: yes; constable: yes (wrong: a PCSO is not); concerns: none.
    let out = pathways_with_input(&["train", "run", "pcso-balcony", "--dir", FIXTURES, "--plain", "--record", record.to_str().unwrap()], "1\n1\n1\n0\n");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains("TRAINING: nothing you answer is saved as a case record."), "{text}");
    assert!(text.contains("It is 14:10 on Wednesday 2 December 2026.") && text.contains("On patrol\nYou are a police community support officer"), "{text}");
    let debrief = &text[text.find("Debrief: ").expect("a debrief")..];
    // The divergence first, with the expected answer, the note and its citation.
    let first = debrief.find("[DIFFERENT] Are you a police constable?").expect("the divergence");
    assert!(first < debrief.find("[as expected]").unwrap());
    assert!(debrief.contains("Expected:     No: I am a PCSO") && debrief.contains("Source: ca-1989 s46(1) (Children Act 1989)"), "{debrief}");
    assert!(debrief.contains("Outcomes you missed:\n  - Call 999 now (due now)"), "{debrief}");
    assert!(debrief.contains("Score: 2 of 3 screens (66%)"), "{debrief}");
    // The record holds the result and nothing of the case.
    let kept = training::Record::load(&record).unwrap();
    assert_eq!(kept.completions.len(), 1);
    assert_eq!((kept.completions[0].scenario.as_str(), kept.completions[0].score.right, kept.completions[0].met), ("pcso-balcony", 2, false));
    let json = std::fs::read_to_string(&record).unwrap();
    assert!(!json.contains("police_constable") && !json.contains("balcony railing"), "{json}");
}

#[test]
fn run_quits_quietly_and_refuses_a_broken_scenario() {
    let out = pathways_with_input(&["train", "run", "pcso-balcony", "--dir", FIXTURES, "--plain"], "1\nq\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains("Debrief:"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, fixture_text("pcso-balcony").replace("node = \"police-constable\"", "node = \"nowhere\"")).unwrap();
    let out = pathways_with_input(&["train", "run", path.to_str().unwrap(), "--plain"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(": unknown-node: ") && stderr(&out).contains("cannot be run until these are fixed"), "{}", stderr(&out));
}
