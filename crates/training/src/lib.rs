//! Training mode for Safeguarding Pathways: scenarios walked through the real pathway,
//! then debriefed.
//!
//! - [`Scenario::load`] reads a scenario file (`docs/training-scenarios.md`); [`check`]
//!   checks it against a pack set, every problem placed at its file, line and column.
//! - [`Debrief::compute`] sets the trainee's walk beside the expected one.
//! - [`map_svg`] draws the whole pathway with both routes; [`outline`] is the same graph
//!   as text.
//! - [`Record`] is the training record, saved atomically, exported as Markdown and as a
//!   printable certificate.
//!
//! The view types are serialisable (serde), and with the feature `ts` give TypeScript
//! declarations (ts-rs) like the engine's.

mod check;
mod debrief;
mod map;
mod problem;
mod record;
mod scenario;

pub use check::check;
pub use debrief::{Answer, Debrief, DebriefAnswer, DebriefNote, DebriefOutcome, DebriefScreen, Score};
pub use map::{map_svg, outline, MapError, MapLayout, OutlineEdge, OutlineItem, OutlineNode, OutlineOutcome, Routes};
pub use problem::Problem;
pub use record::{write_atomically, Completion, Record, RecordError, MAX_RECORD_BYTES, RECORD_VERSION};
pub use scenario::{clock_text, scenario_files, Level, Note, Scenario, ScenarioError, ScenarioView, Stage, MAX_SCENARIO_BYTES};

/// The scenarios in `dir` that can be used with `packs`, sorted by id, and every problem
/// with the others (one that cannot be read, or that does not check, is left out and its
/// problems reported): what the app loads, so a bad file never stops it starting.
pub fn load_dir(packs: &pathway::PackSet, dir: &std::path::Path) -> std::io::Result<(Vec<Scenario>, Vec<Problem>)> {
    let mut scenarios = Vec::new();
    let mut problems = Vec::new();
    for path in scenario_files(dir)? {
        match Scenario::load(&path) {
            Ok(scenario) => {
                let found = check(packs, &scenario);
                if found.is_empty() {
                    scenarios.push(scenario);
                }
                problems.extend(found);
            }
            Err(e) => problems.push(e.problem()),
        }
    }
    Ok((scenarios, problems))
}

/// As [`load_dir`], for scenario files already in memory (say, compiled into the app):
/// each `(path, bytes)` is parsed (its size capped as a file's is) and checked; the
/// usable ones come back sorted by id, with every problem of the others.
pub fn load_files(packs: &pathway::PackSet, files: &[(std::path::PathBuf, Vec<u8>)]) -> (Vec<Scenario>, Vec<Problem>) {
    let mut scenarios = Vec::new();
    let mut problems = Vec::new();
    for (path, bytes) in files {
        match Scenario::parse(path, bytes) {
            Ok(scenario) => {
                let found = check(packs, &scenario);
                if found.is_empty() {
                    scenarios.push(scenario);
                }
                problems.extend(found);
            }
            Err(e) => problems.push(e.problem()),
        }
    }
    scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    (scenarios, problems)
}

/// The TypeScript declarations of every view type can be generated (the app exports
/// them into `ui/src/lib/bindings` with its own; this checks they all export).
#[cfg(all(test, feature = "ts"))]
mod bindings {
    use ts_rs::TS;

    #[test]
    fn every_view_type_exports() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = ts_rs::Config::new().with_out_dir(dir.path());
        crate::ScenarioView::export_all(&cfg).unwrap();
        crate::Problem::export_all(&cfg).unwrap();
        crate::Debrief::export_all(&cfg).unwrap();
        crate::OutlineNode::export_all(&cfg).unwrap();
        crate::Record::export_all(&cfg).unwrap();
        let debrief = std::fs::read_to_string(dir.path().join("Debrief.ts")).unwrap();
        assert!(debrief.contains("screens: Array<DebriefScreen>"), "{debrief}");
        assert!(dir.path().join("Citation.ts").exists() && dir.path().join("Completion.ts").exists());
        let completion = std::fs::read_to_string(dir.path().join("Completion.ts")).unwrap();
        assert!(completion.contains("completed_at: string"), "{completion}");
    }
}
