//! Case files: facts, and what a walk over them must produce.
//!
//! A case is checked against the contract as it is read, so a typo in a fact's value or
//! an expected outcome is reported at its line, not discovered as a puzzling failed
//! expectation. Only one thing waits for the pack: a fact outside the contract, which
//! may be one of the pack's own (the contract allows those), is checked by
//! [`Case::check_against`].

use crate::contract;
use crate::due::Due;
use crate::model::PackSet;
use crate::source_text::SourceText;
use crate::walk::{Facts, WalkError, WalkResult};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file as written, with the places of everything checked after parsing.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    facts: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    expect: Option<Spanned<ExpectFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFile {
    #[serde(default)]
    outcomes_include: Vec<Spanned<String>>,
    #[serde(default)]
    outcomes_exclude: Vec<Spanned<String>>,
    #[serde(default)]
    contacts_include: Vec<Spanned<String>>,
    #[serde(default)]
    max_screens: Option<usize>,
    #[serde(default)]
    due: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl ExpectFile {
    fn is_empty(&self) -> bool {
        self.outcomes_include.is_empty()
            && self.outcomes_exclude.is_empty()
            && self.contacts_include.is_empty()
            && self.max_screens.is_none()
            && self.due.is_empty()
    }
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
    /// Outcome -> when it must be due (each must also be reached).
    #[serde(default)]
    pub due: BTreeMap<String, Due>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub path: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub sources: Vec<String>,
    pub facts: Facts,
    pub expect: Option<Expect>,
    /// Facts outside the contract, with where each was given: the pack must declare them.
    own_facts: Vec<OwnFact>,
    /// Where `[expect]` is, when it expects nothing (a conformance case is refused).
    empty_expect_at: Option<(usize, usize)>,
}

/// A fact the contract does not name, kept with its places until the pack is known.
#[derive(Debug, Clone)]
struct OwnFact {
    id: String,
    value: String,
    key_at: (usize, usize),
    value_at: (usize, usize),
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("{path}: cannot read the case file: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: the case file is larger than the limit of {} bytes", crate::load::MAX_FILE_BYTES)]
    TooLarge { path: PathBuf },
    #[error("{path}:{line}:{column}: case-file: {message}")]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
}

impl Case {
    /// Reads a case file for `triage`, which needs only its facts: `[expect]` may be left
    /// out. Refuses a file larger than a pack file may be, before reading it.
    pub fn load(path: &Path) -> Result<Case, CaseError> {
        let bytes = crate::load::read_capped(path).map_err(|e| match e {
            crate::load::ReadError::Io(source) => CaseError::Io { path: path.to_path_buf(), source },
            crate::load::ReadError::TooLarge => CaseError::TooLarge { path: path.to_path_buf() },
        })?;
        Case::parse(path, &bytes)
    }

    /// Reads a conformance case (`pathways cases`, the conformance tests): as [`Case::load`],
    /// and refused unless its `[expect]` says something the walk must produce, so a case
    /// can never pass by expecting nothing.
    pub fn load_conformance(path: &Path) -> Result<Case, CaseError> {
        let case = Case::load(path)?;
        case.require_expect()?;
        Ok(case)
    }

    /// The case's expectations; an error naming the file when there are none.
    pub fn require_expect(&self) -> Result<&Expect, CaseError> {
        let error = |(line, column): (usize, usize), message: &str| CaseError::Parse { path: self.path.clone(), line, column, message: message.to_string() };
        if let Some(at) = self.empty_expect_at {
            return Err(error(
                at,
                "`[expect]` expects nothing: every case needs at least one of outcomes_include, outcomes_exclude, contacts_include, due or max_screens",
            ));
        }
        self.expect.as_ref().ok_or_else(|| error((1, 1), "the case has no `[expect]`: every case needs [expect] saying what the walk must produce (outcomes_include, outcomes_exclude, contacts_include, due, max_screens)"))
    }

    /// Reads a case and checks it against the contract: every contract fact's value,
    /// every outcome and contact id in `[expect]`, and every due time. Never panics.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Case, CaseError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let source = SourceText::new(path.to_path_buf(), String::from_utf8_lossy(bytes).into_owned());
            let at = source.location(e.valid_up_to());
            CaseError::Parse { path: path.to_path_buf(), line: at.line, column: at.column, message: "the file is not UTF-8 text".into() }
        })?;
        let source = SourceText::new(path.to_path_buf(), text.to_string());
        let error = |offset: usize, message: String| {
            let at = source.location(offset);
            CaseError::Parse { path: path.to_path_buf(), line: at.line, column: at.column, message }
        };
        let file: CaseFile = toml::from_str(text).map_err(|e| error(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;

        // Every problem is found, and the first in the file is reported, as an author
        // reads it top to bottom (the tables come back sorted by key, not by place).
        let mut problems: Vec<(usize, String)> = Vec::new();
        let mut facts = Facts::new();
        let mut own_facts = Vec::new();
        for (key, value) in &file.facts {
            let (id, v) = (key.get_ref(), value.get_ref());
            if contract::is_contract_fact(id) {
                let allowed = contract::fact_values(id);
                if !allowed.contains(&v.as_str()) {
                    let what = if id == contract::AGENCY { "an agency of the contract".to_string() } else { format!("a value of `{id}`") };
                    problems.push((value.span().start, format!("`{v}` is not {what} (allowed: {})", allowed.join(", "))));
                }
            } else {
                let place = |offset: usize| {
                    let at = source.location(offset);
                    (at.line, at.column)
                };
                own_facts.push(OwnFact { id: id.clone(), value: v.clone(), key_at: place(key.span().start), value_at: place(value.span().start) });
            }
            facts.insert(id.clone(), v.clone());
        }
        let empty_expect_at = file.expect.as_ref().filter(|raw| raw.get_ref().is_empty()).map(|raw| {
            let at = source.location(raw.span().start);
            (at.line, at.column)
        });
        let expect = file.expect.map(|raw| {
            let raw = raw.into_inner();
            let mut ids = |list: &[Spanned<String>], allowed: &[&str], what: &str, key: &str| -> Vec<String> {
                for id in list.iter().filter(|id| !allowed.contains(&id.get_ref().as_str())) {
                    problems.push((id.span().start, format!("`{}` in `{key}` is not {what} of the contract (allowed: {})", id.get_ref(), allowed.join(", "))));
                }
                list.iter().map(|id| id.get_ref().clone()).collect()
            };
            let outcomes_include = ids(&raw.outcomes_include, contract::OUTCOMES, "an outcome", "outcomes_include");
            let outcomes_exclude = ids(&raw.outcomes_exclude, contract::OUTCOMES, "an outcome", "outcomes_exclude");
            let contacts_include = ids(&raw.contacts_include, contract::CONTACTS, "a contact", "contacts_include");
            let mut due = BTreeMap::new();
            for (outcome, when) in &raw.due {
                if !contract::is_contract_outcome(outcome.get_ref()) {
                    problems.push((
                        outcome.span().start,
                        format!("`{}` in `due` is not an outcome of the contract (allowed: {})", outcome.get_ref(), contract::OUTCOMES.join(", ")),
                    ));
                }
                match when.get_ref().parse::<Due>() {
                    Ok(when) => _ = due.insert(outcome.get_ref().clone(), when),
                    Err(e) => problems.push((when.span().start, e.to_string())),
                }
            }
            Expect { outcomes_include, outcomes_exclude, contacts_include, max_screens: raw.max_screens, due }
        });
        if let Some((offset, message)) = problems.into_iter().min_by_key(|(offset, _)| *offset) {
            return Err(error(offset, message));
        }
        Ok(Case {
            path: path.to_path_buf(),
            title: file.title,
            description: file.description,
            sources: file.sources,
            facts,
            expect,
            own_facts,
            empty_expect_at,
        })
    }

    /// Checks the facts outside the contract against the pack: each must be a fact the
    /// pack declares, with one of its values.
    pub fn check_against(&self, packs: &PackSet) -> Result<(), CaseError> {
        let error = |(line, column): (usize, usize), message: String| CaseError::Parse { path: self.path.clone(), line, column, message };
        // In the order of the file, so the first problem an author meets is the one told.
        let mut own: Vec<&OwnFact> = self.own_facts.iter().collect();
        own.sort_by_key(|f| f.key_at);
        for own in own {
            let Some(def) = packs.fact(&own.id) else {
                return Err(error(own.key_at, format!("`{}` is neither a fact of the contract nor one the pack `{}` declares", own.id, packs.national().id)));
            };
            if !def.values.contains(&own.value) {
                return Err(error(own.value_at, format!("`{}` is not a value of `{}` (allowed: {})", own.value, own.id, def.values.join(", "))));
            }
        }
        Ok(())
    }

    /// What to tell the user when triage over this case fails: for a missing fact, which
    /// one, and that a version 1 case file lacks the facts version 2 added.
    pub fn explain(&self, error: &WalkError) -> String {
        match error {
            WalkError::MissingFact { fact } => {
                let mut message = format!("the case does not give `{fact}`, which the walk needs");
                if contract::ADDED_IN_V2.contains(&fact.as_str()) {
                    message.push_str(&format!(" (case files written for contract version 1 lack {})", contract::ADDED_IN_V2.join(" and ")));
                }
                message
            }
            other => other.to_string(),
        }
    }

    /// Every way `result` fails the case's expectations; empty when the case is met. A
    /// case that expects nothing is never met.
    pub fn unmet(&self, result: &WalkResult) -> Vec<String> {
        let expect = match self.require_expect() {
            Ok(expect) => expect,
            Err(CaseError::Parse { message, .. }) => return vec![message],
            Err(other) => return vec![other.to_string()],
        };
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
        for (id, want) in &expect.due {
            match result.outcomes.iter().find(|o| &o.id == id) {
                Some(o) if o.due != *want => unmet.push(format!("`{id}` is due `{}`; expected `{want}`", o.due)),
                Some(_) => {}
                None => unmet.push(format!("expected outcome `{id}` due `{want}`, which is missing")),
            }
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
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A contract case with every fact "no" but those given, then `extra` appended.
    fn case_text(agency: &str, extra: &str) -> String {
        let mut text = format!("title = \"t\"\n[facts]\nagency = \"{agency}\"\n");
        for fact in contract::FACTS.iter().filter(|f| **f != contract::AGENCY) {
            text.push_str(&format!("{fact} = \"no\"\n"));
        }
        text.push_str(extra);
        text
    }

    fn parse(text: &str) -> Result<Case, CaseError> {
        Case::parse(Path::new("c.toml"), text.as_bytes())
    }

    /// The error's line and column, and its message.
    fn error_at(text: &str) -> (usize, usize, String) {
        match parse(text).unwrap_err() {
            CaseError::Parse { line, column, message, .. } => (line, column, message),
            other => panic!("{other}"),
        }
    }

    fn line_of(text: &str, marker: &str) -> usize {
        text[..text.find(marker).unwrap()].matches('\n').count() + 1
    }

    #[test]
    fn a_contract_case_parses_with_its_due_expectations() {
        let text =
            case_text("public", "[expect]\noutcomes_include = [\"public-advice\"]\ndue = { \"lado-referral\" = \"working-days:1\", \"call-999\" = \"now\" }\n");
        let case = parse(&text).unwrap();
        let expect = case.expect.unwrap();
        assert_eq!(expect.due["lado-referral"], Due::WorkingDays(1));
        assert_eq!(expect.due["call-999"], Due::Now);
        assert_eq!(case.facts["agency"], "public");
    }

    #[test]
    fn an_agency_outside_the_contract_is_named_with_the_allowed_ones() {
        let text = case_text("plumber", "");
        let (line, column, message) = error_at(&text);
        assert_eq!((line, column), (3, 10), "{message}");
        assert!(
            message.contains("`plumber` is not an agency of the contract") && message.contains("school, early_years") && message.contains("other, public"),
            "{message}"
        );
    }

    #[test]
    fn a_yes_no_fact_with_another_value() {
        let text = case_text("school", "").replace("missing = \"no\"", "missing = \"maybe\"");
        let (line, column, message) = error_at(&text);
        assert_eq!((line, column), (line_of(&text, "missing = "), 11));
        assert!(message.contains("`maybe` is not a value of `missing` (allowed: yes, no)"), "{message}");
    }

    #[test]
    fn unknown_ids_in_expectations_are_placed() {
        for (extra, marker, says) in [
            ("[expect]\noutcomes_include = [\"call-99\"]\n", "\"call-99\"", "`call-99` in `outcomes_include` is not an outcome"),
            ("[expect]\noutcomes_exclude = [\"inform-dsl\", \"erly-help\"]\n", "\"erly-help\"", "`erly-help` in `outcomes_exclude`"),
            ("[expect]\ncontacts_include = [\"police-99\"]\n", "\"police-99\"", "`police-99` in `contacts_include` is not a contact"),
            ("[expect]\ndue = { \"lado\" = \"now\" }\n", "\"lado\"", "`lado` in `due` is not an outcome"),
            ("[expect]\ndue = { \"lado-referral\" = \"tomorrow\" }\n", "\"tomorrow\"", "`tomorrow` is not a due time: use `now`, `working-days:N`"),
        ] {
            let text = case_text("school", extra);
            let (line, column, message) = error_at(&text);
            let at = text.find(marker).unwrap();
            let expected_column = at - text[..at].rfind('\n').unwrap();
            assert_eq!((line, column), (line_of(&text, marker), expected_column), "{message}");
            assert!(message.contains(says), "{message}");
        }
    }

    #[test]
    fn the_error_names_the_file_and_place() {
        let err = parse(&case_text("plumber", "")).unwrap_err().to_string();
        assert!(err.starts_with("c.toml:3:10: case-file: "), "{err}");
    }

    #[test]
    fn a_version_1_case_is_told_what_it_lacks() {
        let case = parse(&case_text("school", "")).unwrap();
        let why = case.explain(&WalkError::MissingFact { fact: "police_constable".into() });
        assert_eq!(why, "the case does not give `police_constable`, which the walk needs (case files written for contract version 1 lack police_constable and allegation_about_own_staff)");
        let why = case.explain(&WalkError::MissingFact { fact: "missing".into() });
        assert_eq!(why, "the case does not give `missing`, which the walk needs");
    }

    #[test]
    fn a_conformance_case_needs_expectations() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        // Triage needs only the facts; a conformance case is refused without [expect].
        let none = write("none.toml", &case_text("school", ""));
        assert!(Case::load(&none).is_ok());
        let err = Case::load_conformance(&none).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:1:1: case-file: the case has no `[expect]`: every case needs [expect]", none.display())), "{err}");
        // Nor may [expect] expect nothing: it is named at its line.
        let text = case_text(
            "school",
            "[expect]
",
        );
        let empty = write("empty.toml", &text);
        let err = Case::load_conformance(&empty).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:{}:", empty.display(), line_of(&text, "[expect]"))), "{err}");
        assert!(err.contains("`[expect]` expects nothing: every case needs at least one of outcomes_include"), "{err}");
        let met = write(
            "met.toml",
            &case_text(
                "school",
                "[expect]
max_screens = 9
",
            ),
        );
        assert!(Case::load_conformance(&met).is_ok());
    }

    #[test]
    fn a_case_file_over_the_size_cap_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.toml");
        std::fs::File::create(&path).unwrap().set_len(64 << 30).unwrap();
        let err = Case::load(&path).unwrap_err().to_string();
        assert!(err.ends_with("the case file is larger than the limit of 8388608 bytes"), "{err}");
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "[facts]",
            "title = 1",
            "title = \"t\"\nfacts = 3",
            "title = \"t\"\n[facts]\nagency = 3",
            "title = \"t\"\n[facts]\n[expect]\ndue = 1",
            "title = \"t\"\n[facts]\n[expect]\ndue = { a = 1 }",
            "\u{feff}title = \"t\"\n[facts]\n",
        ] {
            let _ = parse(text);
        }
        assert!(Case::parse(Path::new("c.toml"), b"title = \"\xff\"").is_err());
    }
}
