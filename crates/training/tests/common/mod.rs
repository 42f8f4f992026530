//! Shared by the training crate's tests: the packs, the fixtures, and broken copies.

#![allow(dead_code)]

use pathway::PackSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use training::{Problem, Scenario};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The national pack with the example local pack (office hours), loaded once.
pub fn packs() -> &'static PackSet {
    static PACKS: OnceLock<PackSet> = OnceLock::new();
    PACKS.get_or_init(|| PackSet::load(&[root().join("pathways/england"), root().join("pathways/local/example")]).expect("the shipped packs check"))
}

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios").join(format!("{name}.toml"))
}

pub fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap()
}

pub fn fixture(name: &str) -> Scenario {
    Scenario::load(&fixture_path(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// The text with `from` replaced by `to` (which must be there exactly once).
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` is not in the fixture exactly once");
    text.replacen(from, to, 1)
}

/// The line and column (from 1) where `marker` starts in `text`.
pub fn place(text: &str, marker: &str) -> (usize, usize) {
    let at = text.find(marker).unwrap_or_else(|| panic!("`{marker}` not in the text"));
    let before = &text[..at];
    (before.matches('\n').count() + 1, before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1)
}

/// Parses `text` as the scenario `name.toml` and checks it against the packs.
pub fn problems(name: &str, text: &str) -> Vec<Problem> {
    let scenario = Scenario::parse(Path::new(&format!("{name}.toml")), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    training::check(packs(), &scenario)
}
