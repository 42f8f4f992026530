//! The `pathways` binary as a user runs it: exit codes, output shapes, and the national
//! pack against every conformance case.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn pathways(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pathways")).current_dir(root()).args(args).output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const NATIONAL: &str = "pathways/england";
const LOCAL: &str = "pathways/local/example";
const MINI: &str = "crates/pathway/tests/fixtures/mini";

/// A case file of the national pack with every fact "no" but those given.
fn case_text(agency: &str, yes: &[&str], leave_out: &[&str]) -> String {
    let mut text = format!("title = \"test\"\n[facts]\nagency = \"{agency}\"\n");
    for fact in pathway::contract::FACTS.iter().filter(|f| **f != "agency" && !leave_out.contains(f)) {
        let value = if yes.contains(fact) { "yes" } else { "no" };
        text.push_str(&format!("{fact} = \"{value}\"\n"));
    }
    text
}

fn temp_file(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn every_case_passes_on_the_national_and_example_packs() {
    let out = pathways(&["cases", "--screens", "--pack", NATIONAL, "--pack", LOCAL, "tests/cases"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    let last = text.lines().last().unwrap();
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(last, format!("{passed} passed, 0 failed"));
    assert!(passed >= 12 + 20, "the public cases and at least 20 of our own: {last}");
    let screens = text.lines().find(|l| l.starts_with("screens: median")).unwrap();
    let median: f64 = screens.split_whitespace().nth(2).unwrap().trim_end_matches(',').parse().unwrap();
    let most: usize = screens.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!(median <= 5.0 && most <= 10, "{screens}");
}

#[test]
fn the_public_cases_pass_on_the_national_pack_alone() {
    let out = pathways(&["cases", "--pack", NATIONAL, "tests/cases"]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn validate_prints_a_summary_when_clean() {
    let out = pathways(&["validate", NATIONAL, LOCAL]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("ok: england ") && text.contains(" nodes, ") && text.contains(" ms"), "{text}");
}

#[test]
fn validate_reports_every_problem_with_file_line_and_rule_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    std::fs::create_dir_all(pack.join("nodes")).unwrap();
    for entry in ["pack.toml", "vocabulary.toml", "nodes/walk.toml"] {
        std::fs::copy(root().join(MINI).join(entry), pack.join(entry)).unwrap();
    }
    let walk = pack.join("nodes/walk.toml");
    let text = std::fs::read_to_string(&walk).unwrap().replacen("next = \"concerns\"", "next = \"nowhere\"", 1).replacen("source = [\"test danger\"]\n", "", 1);
    std::fs::write(&walk, text).unwrap();
    let out = pathways(&["validate", pack.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let file = format!("{}:", Path::new("nodes").join("walk.toml").display());
    assert!(err.contains(&file) && err.contains(": unknown-node: no node `nowhere`"), "{err}");
    assert!(err.contains(": missing-source: node `danger` has no `source`"), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn triage_prints_the_contract_json() {
    let out = pathways(&["triage", "--pack", NATIONAL, "--pack", LOCAL, "--case", "tests/cases/p09-fracture-saturday.toml", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(json["outcomes"].as_array().unwrap().iter().any(|o| o == "refer-csc-immediately"));
    assert!(json["contacts"].as_array().unwrap().iter().any(|c| c == "csc-out-of-hours"));
    assert!(json["assumed"].as_array().unwrap().is_empty());
    let path = json["path"].as_array().unwrap();
    assert_eq!(path[0]["fact"], "immediate_danger", "danger is asked first");
    for step in path {
        let keys: Vec<&String> = step.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["answer", "fact", "node"]);
    }
}

#[test]
fn triage_json_says_when_each_outcome_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let case = temp_file(&dir, "case.toml", &case_text("school", &["significant_harm", "missing"], &[]));
    let out = pathways(&["triage", "--pack", MINI, "--case", case.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["outcomes"], serde_json::json!(["refer-csc-immediately", "inform-dsl", "report-missing"]));
    assert_eq!(json["due"], serde_json::json!({"refer-csc-immediately": "now", "inform-dsl": "now", "report-missing": "now"}));
}

#[test]
fn triage_puts_999_first_in_an_emergency() {
    let out = pathways(&["triage", "--pack", NATIONAL, "--case", "tests/cases/p12-threat-to-kill.toml", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["outcomes"][0], "call-999");
}

#[test]
fn triage_exits_3_naming_a_missing_fact() {
    let dir = tempfile::tempdir().unwrap();
    let case = temp_file(&dir, "case.toml", &case_text("school", &[], &["significant_harm"]));
    let out = pathways(&["triage", "--pack", MINI, "--case", case.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("the case does not give `significant_harm`, which the walk needs"), "{}", stderr(&out));
}

#[test]
fn triage_exits_3_for_a_version_1_case_saying_what_it_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let case = temp_file(&dir, "v1.toml", &case_text("police", &["immediate_danger"], &["police_constable", "allegation_about_own_staff"]));
    let out = pathways(&["triage", "--pack", MINI, "--case", case.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("v1.toml: the case does not give `police_constable`, which the walk needs (case files written for contract version 1 lack police_constable and allegation_about_own_staff)"), "{err}");
}

#[test]
fn triage_exits_2_for_a_case_outside_the_contract_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let case = temp_file(&dir, "plumber.toml", &case_text("plumber", &[], &[]));
    let out = pathways(&["triage", "--pack", MINI, "--case", case.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("plumber.toml:3:10: case-file: `plumber` is not an agency of the contract (allowed: school,"), "{err}");
    let mut text = case_text("school", &[], &[]);
    text.push_str("[expect]\ndue = { \"inform-dsl\" = \"soon\" }\n");
    let case = temp_file(&dir, "soon.toml", &text);
    let out = pathways(&["triage", "--pack", MINI, "--case", case.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`soon` is not a due time"), "{}", stderr(&out));
    let mut text = case_text("school", &[], &[]);
    text.push_str("no_such_fact = \"yes\"\n");
    let case = temp_file(&dir, "unknown.toml", &text);
    let out = pathways(&["triage", "--pack", MINI, "--case", case.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`no_such_fact` is neither a fact of the contract nor one the pack `mini` declares"), "{}", stderr(&out));
}

#[test]
fn cases_fails_a_case_that_lacks_a_fact_and_runs_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut v1 = case_text("police", &["immediate_danger"], &["police_constable", "allegation_about_own_staff"]);
    v1.push_str("[expect]\noutcomes_include = [\"police-protection\"]\n");
    temp_file(&dir, "a-v1.toml", &v1);
    let mut met = case_text("school", &["significant_harm"], &[]);
    met.push_str("[expect]\noutcomes_include = [\"refer-csc-immediately\"]\ndue = { \"refer-csc-immediately\" = \"now\" }\n");
    temp_file(&dir, "b-met.toml", &met);
    let mut unmet = case_text("school", &["significant_harm"], &[]);
    unmet.push_str("[expect]\ndue = { \"inform-dsl\" = \"days:7\" }\n");
    temp_file(&dir, "c-due.toml", &unmet);
    let out = pathways(&["cases", "--pack", MINI, dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("FAILED") && text.contains("a-v1.toml: the case does not give `police_constable`"), "{text}");
    assert!(text.contains("`inform-dsl` is due `now`; expected `days:7`"), "{text}");
    assert_eq!(text.lines().last(), Some("1 passed, 2 failed"), "{text}");
}

#[test]
fn cases_refuses_a_case_without_expectations_but_triage_walks_it() {
    let dir = tempfile::tempdir().unwrap();
    let bare = temp_file(&dir, "bare.toml", &case_text("school", &["significant_harm"], &[]));
    let out = pathways(&["cases", "--pack", MINI, dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("FAILED {}\n  {}:1:1: case-file: the case has no `[expect]`: every case needs [expect]", bare.display(), bare.display())),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some("0 passed, 1 failed"), "{text}");
    let out = pathways(&["triage", "--pack", MINI, "--case", bare.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn triage_exits_2_for_a_file_it_cannot_read() {
    let dir = tempfile::tempdir().unwrap();
    let broken = temp_file(&dir, "broken.toml", "title = \"x\"\n[facts\nagency = \"school\"\n");
    let out = pathways(&["triage", "--pack", NATIONAL, "--case", broken.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.toml:2:"), "names file and line: {}", stderr(&out));
    let out = pathways(&["triage", "--pack", NATIONAL, "--case", "/no/such/case.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/no/such/case.toml"), "{}", stderr(&out));
    let out = pathways(&["triage", "--pack", "/no/such/pack", "--case", "tests/cases/p01-bruising-disclosure.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cases_reports_what_differed_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = case_text("school", &[], &[]);
    text.push_str("[expect]\noutcomes_include = [\"call-999\"]\noutcomes_exclude = [\"inform-dsl\"]\n");
    temp_file(&dir, "wrong.toml", &text);
    let out = pathways(&["cases", "--pack", MINI, dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAILED") && text.contains("expected outcome `call-999`") && text.contains("`inform-dsl` must not be given"), "{text}");
    assert_eq!(text.lines().last(), Some("0 passed, 1 failed"));
}

#[test]
fn graph_draws_dot_and_svg_with_a_highlighted_case() {
    let out = pathways(&["graph", "--pack", NATIONAL, "--format", "dot", "--highlight", "tests/cases/p12-threat-to-kill.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dot = stdout(&out);
    assert!(dot.starts_with("digraph pathway {") && dot.contains("penwidth=3"), "highlighted");
    let out = pathways(&["graph", "--pack", NATIONAL, "--format", "svg"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = stdout(&out);
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
}

fn walk_with_input(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pathways"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn walk_in_the_terminal_with_numbers_and_back() {
    // No danger, then back, then no danger, significant harm yes, nothing ticked.
    let out = walk_with_input(&["walk", "--pack", MINI, "--agency", "school", "--out-of-hours", "no"], "2\nb\n2\n1\n0\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("\nIs the child in danger now?\n").count(), 2, "asked again after going back: {text}");
    assert!(text.contains("Do refer-csc-immediately") && text.contains("Do inform-dsl"), "{text}");
    assert!(text.contains("- Is the child in danger now?: No"), "{text}");
}

#[test]
fn walk_asks_for_the_agency_and_uses_the_local_office_hours() {
    let out = walk_with_input(&["walk", "--pack", NATIONAL, "--pack", LOCAL], "1\nq\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Who do you work or volunteer for?"), "{text}");
    assert!(text.contains("The local front door is"), "{text}");
}

/// Runs `pathways` with its output going to a pipe whose reader has already gone, as
/// `pathways … | head -1` does once head has read its line: every write fails.
fn with_output_closed(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_pathways")).current_dir(root()).args(args).stdin(Stdio::null()).stdout(writer).output().unwrap()
}

/// Ended as a command-line tool conventionally ends when its reader goes: by SIGPIPE
/// (status 141 in a shell) on Unix, or exit 0; never a panic or an error message.
fn ended_quietly(status: std::process::ExitStatus) -> bool {
    #[cfg(unix)]
    if std::os::unix::process::ExitStatusExt::signal(&status) == Some(13) {
        return true;
    }
    status.code() == Some(0)
}

#[test]
fn a_closed_output_pipe_ends_every_command_quietly() {
    let case = "tests/cases/p09-fracture-saturday.toml";
    for args in [
        &["triage", "--pack", NATIONAL, "--pack", LOCAL, "--case", case][..],
        &["triage", "--pack", NATIONAL, "--case", case, "--json"],
        &["cases", "--screens", "--pack", NATIONAL, "tests/cases"],
        &["graph", "--pack", NATIONAL, "--format", "dot"],
        &["graph", "--pack", NATIONAL, "--format", "svg"],
        &["validate", NATIONAL, LOCAL],
        &["walk", "--pack", MINI, "--agency", "school", "--out-of-hours", "no", "--plain"],
    ] {
        let out = with_output_closed(args);
        assert!(ended_quietly(out.status), "pathways {}: {:?}", args.join(" "), out.status);
        assert_eq!(stderr(&out), "", "pathways {}", args.join(" "));
    }
}
