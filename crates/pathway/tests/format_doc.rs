//! `docs/pack-format.md` says what is true: its rule table names every rule the engine
//! reports and no other, each rule has a broken pack in `tests/diagnostics/`, and its
//! contract section lists the contract's ids as the engine holds them.

use pathway::{contract, Rule};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/pack-format.md")).unwrap()
}

/// The text of the section under `## {heading}`, up to the next `## `.
fn section(doc: &str, heading: &str) -> String {
    let start = doc.find(&format!("\n## {heading}\n")).unwrap_or_else(|| panic!("no section {heading:?}"));
    let rest = &doc[start + heading.len() + 5..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// Every `name` in backticks in `text`.
fn quoted(text: &str) -> Vec<String> {
    text.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The rules named in the first column of the rule table.
fn documented_rules() -> BTreeSet<String> {
    let table = section(&doc(), "Rules the validator checks");
    table.lines().filter(|l| l.starts_with("| `")).flat_map(|l| quoted(l.split(" | ").next().unwrap())).collect()
}

fn engine_rules() -> BTreeSet<String> {
    Rule::ALL.iter().map(|r| r.name().to_string()).collect()
}

#[test]
fn the_rule_table_names_every_rule_and_no_other() {
    let documented = documented_rules();
    let engine = engine_rules();
    let undocumented: Vec<_> = engine.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&engine).collect();
    assert!(undocumented.is_empty() && unknown.is_empty(), "rules not in docs/pack-format.md: {undocumented:?}; in it but not rules: {unknown:?}");
}

/// The corpus of broken packs: one folder per rule, named by the rule.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diagnostics")
}

#[test]
fn every_documented_rule_has_a_broken_pack_and_every_folder_is_a_rule() {
    let folders: BTreeSet<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    let documented = documented_rules();
    let missing: Vec<_> = documented.difference(&folders).collect();
    let stray: Vec<_> = folders.difference(&documented).collect();
    assert!(missing.is_empty(), "rules without a folder in crates/pathway/tests/diagnostics: {missing:?}");
    assert!(stray.is_empty(), "folders in crates/pathway/tests/diagnostics that name no rule: {stray:?}");
    for rule in &folders {
        assert!(corpus().join(rule).join("expected.txt").is_file(), "{rule}/expected.txt is missing");
    }
}

#[test]
fn the_contract_section_lists_the_contracts_ids_in_order() {
    let text = section(&doc(), "The contract");
    let list = |label: &str| -> Vec<String> {
        let start = text.find(&format!("- **{label}**")).unwrap_or_else(|| panic!("no {label} in The contract"));
        let rest = &text[start..];
        let end = rest[1..].find("\n- **").map_or(rest.len(), |e| e + 1);
        // The ids, up to the sentence after the list (facts go on about context facts).
        let item = &rest[..end];
        let item = &item[item.find("):").expect("a count, then a colon") + 2..];
        let ids = &item[..item.find("`. ").map_or(item.len(), |e| e + 1)];
        quoted(ids)
    };
    assert_eq!(list("Facts"), contract::FACTS);
    assert_eq!(list("Agencies"), contract::AGENCIES);
    assert_eq!(list("Outcomes"), contract::OUTCOMES);
    assert_eq!(list("Contacts"), contract::CONTACTS);
    assert!(
        text.contains(&format!("({})", contract::FACTS.len())) && text.contains(&format!("version {}", contract::VERSION)),
        "the counts and the version are the engine's"
    );
}
