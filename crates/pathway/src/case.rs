//! Case files: facts, and what a walk over them must produce.

use crate::walk::{Facts, WalkResult};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    facts: Facts,
    #[serde(default)]
    expect: Option<Expect>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub outcomes_include: Vec<String>,
    #[serde(default)]
    pub outcomes_exclude: Vec<String>,
    #[serde(default)]
    pub contacts_include: Vec<String>,
    /// At most this many screens from start to end.
    #[serde(default)]
    pub max_screens: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub path: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub sources: Vec<String>,
    pub facts: Facts,
    pub expect: Option<Expect>,
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{path}: cannot read the case file: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}:{column}: case-file: {message}")]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
}

impl Case {
    pub fn load(path: &Path) -> Result<Case, CaseError> {
        let bytes = std::fs::read(path).map_err(|source| CaseError::Io { path: path.to_path_buf(), source })?;
        Case::parse(path, &bytes)
    }

    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Case, CaseError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let source = crate::source_text::SourceText::new(path.to_path_buf(), String::from_utf8_lossy(bytes).into_owned());
            let at = source.location(e.valid_up_to());
            CaseError::Parse { path: path.to_path_buf(), line: at.line, column: at.column, message: "the file is not UTF-8 text".into() }
        })?;
        let file: CaseFile = toml::from_str(text).map_err(|e| {
            let source = crate::source_text::SourceText::new(path.to_path_buf(), text.to_string());
            let at = source.location(e.span().map_or(0, |s| s.start));
            CaseError::Parse { path: path.to_path_buf(), line: at.line, column: at.column, message: e.message().trim().to_string() }
        })?;
        Ok(Case { path: path.to_path_buf(), title: file.title, description: file.description, sources: file.sources, facts: file.facts, expect: file.expect })
    }

    /// Every way `result` fails the case's expectations; empty when the case is met.
    pub fn unmet(&self, result: &WalkResult) -> Vec<String> {
        let Some(expect) = &self.expect else { return Vec::new() };
        let outcomes: Vec<&str> = result.outcomes.iter().map(|o| o.id.as_str()).collect();
        let mut unmet = Vec::new();
        for id in expect.outcomes_include.iter().filter(|id| !outcomes.contains(&id.as_str())) {
            unmet.push(format!("expected outcome `{id}`, which is missing"));
        }
        for id in expect.outcomes_exclude.iter().filter(|id| outcomes.contains(&id.as_str())) {
            unmet.push(format!("outcome `{id}` must not be given, but was"));
        }
        for id in expect.contacts_include.iter().filter(|id| !result.contacts.contains(id)) {
            unmet.push(format!("expected contact `{id}`, which is missing"));
        }
        if let Some(max) = expect.max_screens.filter(|&m| result.screens > m) {
            unmet.push(format!("took {} screens; at most {max} expected", result.screens));
        }
        if !unmet.is_empty() {
            unmet.push(format!("got outcomes [{}], contacts [{}]", outcomes.join(", "), result.contacts.join(", ")));
        }
        unmet
    }
}

/// The `*.toml` case files in a folder, sorted.
pub fn case_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
    files.sort();
    Ok(files)
}
