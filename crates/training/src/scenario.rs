//! A training scenario file: reading it, with every later problem placed at its line.
//!
//! The format is `docs/training-scenarios.md`. `[facts]` and `[expect]` are those of a
//! case file, so they are handed to [`pathway::Case::parse`] to be checked exactly as a
//! case is: the two tables are written out again as a small case text, one entry a line,
//! and every place that parser reports is mapped back to the scenario's own line and
//! column.

use crate::problem::{Location, Problem};
use jiff::civil::DateTime;
use pathway::{Case, CaseError, Expect, Facts, PackSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The largest scenario file read: a scenario is a page of prose and a case.
pub const MAX_SCENARIO_BYTES: usize = 256 * 1024;

/// How advanced a scenario is.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Foundation,
    Advanced,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Foundation => "foundation",
            Level::Advanced => "advanced",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One stage of the narrative: what the trainee sees and hears.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub title: String,
    pub text: String,
}

/// A teaching note: why the right answer at `node` (and `fact`) is right, and where that
/// comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub node: String,
    /// The fact of a checklist item; `None` for a question's own fact.
    pub fact: Option<String>,
    pub text: String,
    /// Citations into the pack's sources: `"<source id> <where>"`.
    pub sources: Vec<String>,
}

/// A scenario as read: checked as TOML, and its `[facts]` and `[expect]` as a case file.
/// What needs the pack (nodes, sources, the walk) is checked by [`crate::check`].
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file stem.
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    /// Contract agency ids; the first is the trainee's agency in the walk.
    pub agencies: Vec<String>,
    pub level: Level,
    pub topics: Vec<String>,
    /// What people tend to do wrongly, for a scenario that is a trap.
    pub trap: Option<String>,
    /// The training clock: the local time the walk happens at.
    pub clock: DateTime,
    pub stages: Vec<Stage>,
    /// `[facts]` and `[expect]`, as a case (its `expect` is always `Some`).
    pub case: Case,
    pub notes: Vec<Note>,
    pub(crate) places: Places,
    pub(crate) text: String,
}

/// Byte offsets of what `check` may report, in the scenario's text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    pub title: usize,
    pub agencies: usize,
    pub agency: Vec<usize>,
    pub clock_at: usize,
    /// Per stage: its title and its text.
    pub stages: Vec<(usize, usize)>,
    pub facts: usize,
    /// Fact id -> (key, value).
    pub fact: BTreeMap<String, (usize, usize)>,
    pub expect: usize,
    /// Each id written in `[expect]`: its key (`outcomes_include`, ..., `due`), the id
    /// and its place.
    pub expect_ids: Vec<(&'static str, String, usize)>,
    pub max_screens: Option<usize>,
    pub notes: Vec<NotePlaces>,
    /// Per line of the case text given to `Case::parse`: the (key, value) it came from.
    pub case_lines: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct NotePlaces {
    pub node: usize,
    pub fact: Option<usize>,
    pub text: usize,
    pub sources: Vec<usize>,
}

/// Why a scenario could not be read. Each names the file, and where it can, the line and
/// column; [`ScenarioError::problem`] gives it as a [`Problem`] like those of `check`.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("{}: cannot read the scenario: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}:1:1: too-large: the scenario is {size} bytes; a scenario may be at most {} bytes", path.display(), MAX_SCENARIO_BYTES)]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{}:{line}:{column}: not-utf8: the file is not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf, line: usize, column: usize },
    /// Not TOML, an unknown key, a missing key or a value of the wrong type.
    #[error("{}:{line}:{column}: {rule}: {message}", path.display())]
    Toml { path: PathBuf, line: usize, column: usize, rule: &'static str, message: String },
    /// `[facts]` or `[expect]` is not valid as a case file.
    #[error("{}:{line}:{column}: case-file: {message}", path.display())]
    Case { path: PathBuf, line: usize, column: usize, message: String },
    /// `[clock] at` is not a local date and time.
    #[error("{}:{line}:{column}: bad-clock: {message}", path.display())]
    Clock { path: PathBuf, line: usize, column: usize, message: String },
}

impl ScenarioError {
    /// The error as a problem: file, line, column, rule, message and a hint.
    pub fn problem(&self) -> Problem {
        let at = |path: &Path, line: usize, column: usize| Location { file: path.display().to_string(), line, column };
        let (location, rule, message, hint): (Location, &str, String, &str) = match self {
            ScenarioError::Io { path, source } => {
                (at(path, 1, 1), "io", format!("cannot read the scenario: {source}"), "check the file exists and can be read")
            }
            ScenarioError::TooLarge { size, path } => (
                at(path, 1, 1),
                "too-large",
                format!("the scenario is {size} bytes; a scenario may be at most {MAX_SCENARIO_BYTES} bytes"),
                "a scenario is a page of narrative and a case: split it, or remove what is not needed",
            ),
            ScenarioError::NotUtf8 { path, line, column } => {
                (at(path, *line, *column), "not-utf8", "the file is not UTF-8 text".into(), "save the file as UTF-8")
            }
            ScenarioError::Toml { path, line, column, rule, message } => (at(path, *line, *column), rule, message.clone(), toml_hint(rule)),
            ScenarioError::Case { path, line, column, message } => {
                (at(path, *line, *column), "case-file", message.clone(), "[facts] and [expect] are those of a case file (docs/pack-format.md, \"Case files\")")
            }
            ScenarioError::Clock { path, line, column, message } => {
                (at(path, *line, *column), "bad-clock", message.clone(), "write the local date and time, e.g. `at = 2026-12-02T14:10:00`")
            }
        };
        Problem { file: location.file, line: location.line, column: location.column, rule: rule.to_string(), message, hint: hint.to_string() }
    }
}

fn toml_hint(rule: &str) -> &'static str {
    match rule {
        "unknown-key" => "the keys a scenario may have are in docs/training-scenarios.md",
        "missing-key" => "every scenario has title, agencies, level, [clock], [[stage]], [facts], [expect] and [[note]]",
        "unknown-value" => "level is `foundation` or `advanced`",
        "wrong-type" => "titles, texts, ids and fact values are quoted strings; agencies, topics and source are lists of them",
        _ => "fix the TOML at this place",
    }
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioFile {
    title: Spanned<String>,
    agencies: Spanned<Vec<Spanned<String>>>,
    level: Level,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    trap: Option<String>,
    clock: ClockFile,
    #[serde(default)]
    stage: Vec<StageFile>,
    facts: Spanned<BTreeMap<Spanned<String>, Spanned<String>>>,
    expect: Spanned<ExpectFile>,
    #[serde(default)]
    note: Vec<NoteFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockFile {
    at: Spanned<toml::value::Datetime>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StageFile {
    title: Spanned<String>,
    text: Spanned<String>,
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
    max_screens: Option<Spanned<usize>>,
    #[serde(default)]
    due: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteFile {
    node: Spanned<String>,
    #[serde(default)]
    fact: Option<Spanned<String>>,
    text: Spanned<String>,
    #[serde(default)]
    source: Vec<Spanned<String>>,
}

/// Reads at most [`MAX_SCENARIO_BYTES`], refusing a larger file by its size before any of
/// it is read (and stopping one byte past the cap should it grow meanwhile).
fn read_capped(path: &Path) -> Result<Vec<u8>, ScenarioError> {
    let io = |source| ScenarioError::Io { path: path.to_path_buf(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_SCENARIO_BYTES as u64 {
        return Err(ScenarioError::TooLarge { path: path.to_path_buf(), size });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_SCENARIO_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > MAX_SCENARIO_BYTES {
        return Err(ScenarioError::TooLarge { path: path.to_path_buf(), size: bytes.len() as u64 });
    }
    Ok(bytes)
}

/// Line and column (from 1, the column in characters) of a byte offset in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

impl Scenario {
    /// Reads and parses a scenario file; a file over [`MAX_SCENARIO_BYTES`] is refused
    /// by its size before it is read.
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let bytes = read_capped(path)?;
        Scenario::parse(path, &bytes)
    }

    /// Parses a scenario: UTF-8, TOML with only the format's keys, the clock a local
    /// date and time, and `[facts]` and `[expect]` valid as a case file. The first
    /// problem is reported, at its line and column. Never panics.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        if bytes.len() > MAX_SCENARIO_BYTES {
            return Err(ScenarioError::TooLarge { path: path.to_path_buf(), size: bytes.len() as u64 });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_column(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
            ScenarioError::NotUtf8 { path: path.to_path_buf(), line, column }
        })?;
        let at = |offset: usize| line_column(text, offset);
        let file: ScenarioFile = toml::from_str(text).map_err(|e| {
            let (line, column) = at(e.span().map_or(0, |s| s.start));
            let message = e.message().trim().to_string();
            let rule = if message.starts_with("unknown field") {
                "unknown-key"
            } else if message.starts_with("missing field") {
                "missing-key"
            } else if message.starts_with("unknown variant") {
                "unknown-value"
            } else if message.starts_with("invalid type") {
                "wrong-type"
            } else {
                "malformed-toml"
            };
            ScenarioError::Toml { path: path.to_path_buf(), line, column, rule, message }
        })?;

        let clock = local_datetime(file.clock.at.get_ref()).map_err(|message| {
            let (line, column) = at(file.clock.at.span().start);
            ScenarioError::Clock { path: path.to_path_buf(), line, column, message }
        })?;

        let (case_text, case_lines) = case_text(&file);
        let mut places = Places { case_lines, ..Places::default() };
        let case_error = |e: CaseError| {
            let (line, column, message) = match e {
                CaseError::Parse { line, column, message, .. } => (line, column, message),
                other => (1, 1, other.to_string()),
            };
            let (line, column) = at(places.case_offset(line, column));
            ScenarioError::Case { path: path.to_path_buf(), line, column, message }
        };
        let case = Case::parse(path, case_text.as_bytes()).map_err(case_error)?;
        // A scenario is a conformance case: it must expect something of the walk.
        case.require_expect().map_err(case_error)?;

        places.title = file.title.span().start;
        places.agencies = file.agencies.span().start;
        places.agency = file.agencies.get_ref().iter().map(|a| a.span().start).collect();
        places.clock_at = file.clock.at.span().start;
        places.stages = file.stage.iter().map(|s| (s.title.span().start, s.text.span().start)).collect();
        places.facts = file.facts.span().start;
        places.fact = file.facts.get_ref().iter().map(|(k, v)| (k.get_ref().clone(), (k.span().start, v.span().start))).collect();
        let expect = file.expect.get_ref();
        places.expect = file.expect.span().start;
        for (key, ids) in [
            ("outcomes_include", expect.outcomes_include.iter().collect::<Vec<_>>()),
            ("outcomes_exclude", expect.outcomes_exclude.iter().collect()),
            ("contacts_include", expect.contacts_include.iter().collect()),
            ("due", expect.due.keys().collect()),
        ] {
            places.expect_ids.extend(ids.into_iter().map(|id| (key, id.get_ref().clone(), id.span().start)));
        }
        places.max_screens = expect.max_screens.as_ref().map(|m| m.span().start);
        places.notes = file
            .note
            .iter()
            .map(|n| NotePlaces {
                node: n.node.span().start,
                fact: n.fact.as_ref().map(|f| f.span().start),
                text: n.text.span().start,
                sources: n.source.iter().map(|s| s.span().start).collect(),
            })
            .collect();

        Ok(Scenario {
            id: path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
            path: path.to_path_buf(),
            title: file.title.into_inner(),
            agencies: file.agencies.into_inner().into_iter().map(Spanned::into_inner).collect(),
            level: file.level,
            topics: file.topics,
            trap: file.trap,
            clock,
            stages: file.stage.into_iter().map(|s| Stage { title: s.title.into_inner(), text: s.text.into_inner() }).collect(),
            case,
            notes: file
                .note
                .into_iter()
                .map(|n| Note {
                    node: n.node.into_inner(),
                    fact: n.fact.map(Spanned::into_inner),
                    text: n.text.into_inner(),
                    sources: n.source.into_iter().map(Spanned::into_inner).collect(),
                })
                .collect(),
            places,
            text: text.to_string(),
        })
    }

    /// The scenario's facts (every contract fact).
    pub fn facts(&self) -> &Facts {
        &self.case.facts
    }

    /// What a walk of the facts must produce.
    pub fn expect(&self) -> &Expect {
        self.case.expect.as_ref().expect("a scenario always has [expect]")
    }

    /// The context a walk of this scenario starts with (the pack's context facts, e.g.
    /// agency and out of hours, from the scenario's facts): for `Walk::start`.
    pub fn context(&self, packs: &PackSet) -> Facts {
        packs.context_facts().filter_map(|f| self.facts().get(&f.id).map(|v| (f.id.clone(), v.clone()))).collect()
    }

    /// The teaching note for `node`, and for `fact` when the node is a checklist: a note
    /// without a fact belongs to a question's own fact.
    pub fn note(&self, packs: &PackSet, node: &str, fact: &str) -> Option<&Note> {
        let own_fact = packs.node(node).and_then(|n| n.fact.as_deref());
        self.notes.iter().find(|n| n.node == node && n.fact.as_deref().or(own_fact) == Some(fact))
    }

    /// What the app shows to choose and to walk a scenario: no facts, no expectations.
    pub fn view(&self) -> ScenarioView {
        ScenarioView {
            id: self.id.clone(),
            title: self.title.clone(),
            agencies: self.agencies.clone(),
            level: self.level,
            topics: self.topics.clone(),
            trap: self.trap.clone(),
            clock: self.clock.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            clock_text: clock_text(self.clock),
            stages: self.stages.clone(),
        }
    }

    /// Where a byte offset is in the file.
    pub(crate) fn location(&self, offset: usize) -> Location {
        let (line, column) = line_column(&self.text, offset);
        Location { file: self.path.display().to_string(), line, column }
    }
}

/// "14:10 on Wednesday 2 December 2026".
pub fn clock_text(at: DateTime) -> String {
    at.strftime("%H:%M on %A %-d %B %Y").to_string()
}

/// A scenario for choosing and walking it: its narrative, and nothing of its answers.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioView {
    pub id: String,
    pub title: String,
    pub agencies: Vec<String>,
    pub level: Level,
    pub topics: Vec<String>,
    pub trap: Option<String>,
    /// The training clock, `2026-12-02T14:10:00` (local time).
    pub clock: String,
    /// "14:10 on Wednesday 2 December 2026".
    pub clock_text: String,
    pub stages: Vec<Stage>,
}

impl Places {
    /// The scenario offset of a line and column `Case::parse` reported in the case text:
    /// column 1 is an entry's key, any other its value.
    fn case_offset(&self, line: usize, column: usize) -> usize {
        self.case_lines.get(line.saturating_sub(1)).map_or(self.facts, |&(key, value)| if column <= 1 { key } else { value })
    }

    pub(crate) fn case_location(&self, scenario: &Scenario, line: usize, column: usize) -> Location {
        scenario.location(self.case_offset(line, column))
    }
}

/// `[facts]` and `[expect]` written out again as a case file, one entry a line, with
/// where each line came from.
fn case_text(file: &ScenarioFile) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut lines = Vec::new();
    let mut line = |s: String, key: usize, value: usize| {
        text.push_str(&s);
        text.push('\n');
        lines.push((key, value));
    };
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let title = file.title.span().start;
    line(format!("title = {}", quote(file.title.get_ref())), title, title);
    let facts = file.facts.span().start;
    line("[facts]".into(), facts, facts);
    for (key, value) in file.facts.get_ref() {
        line(format!("{} = {}", quote(key.get_ref()), quote(value.get_ref())), key.span().start, value.span().start);
    }
    let expect_at = file.expect.span().start;
    let expect = file.expect.get_ref();
    line("[expect]".into(), expect_at, expect_at);
    for (key, list) in
        [("outcomes_include", &expect.outcomes_include), ("outcomes_exclude", &expect.outcomes_exclude), ("contacts_include", &expect.contacts_include)]
    {
        line(format!("{key} = ["), expect_at, expect_at);
        for id in list {
            line(format!("  {},", quote(id.get_ref())), id.span().start, id.span().start);
        }
        line("]".into(), expect_at, expect_at);
    }
    if let Some(max) = &expect.max_screens {
        line(format!("max_screens = {}", max.get_ref()), max.span().start, max.span().start);
    }
    line("[expect.due]".into(), expect_at, expect_at);
    for (outcome, due) in &expect.due {
        line(format!("{} = {}", quote(outcome.get_ref()), quote(due.get_ref())), outcome.span().start, due.span().start);
    }
    (text, lines)
}

/// A TOML local date-time as a civil date-time: a date and a time, without an offset.
fn local_datetime(at: &toml::value::Datetime) -> Result<DateTime, String> {
    let example = "write it as a local date and time, e.g. 2026-12-02T14:10:00";
    if at.offset.is_some() {
        return Err(format!("the training clock `{at}` has a time zone offset; the clock is local time: {example}"));
    }
    let (Some(d), Some(t)) = (at.date, at.time) else {
        return Err(format!("the training clock `{at}` is not a date and a time: {example}"));
    };
    DateTime::new(d.year as i16, d.month as i8, d.day as i8, t.hour as i8, t.minute as i8, t.second.unwrap_or(0) as i8, t.nanosecond.unwrap_or(0) as i32)
        .map_err(|e| format!("the training clock `{at}` is not a valid date and time: {e}"))
}

/// The `*.toml` scenario files in a folder, sorted.
pub fn scenario_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    pathway::case_files(dir)
}
