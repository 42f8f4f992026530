//! Training mode in the app: scenarios walked through the real pathway, then debriefed;
//! the whole pathway as a map; the training record. A thin layer over `crates/training`
//! (where the logic is), tested without a window.
//!
//! - **Packs.** Training walks the bundled national pack with the bundled *example*
//!   local pack, whatever the practitioner has loaded: the scenarios are written for its
//!   office hours and contacts (`pathways/training/README.md`), so their due times and
//!   out-of-hours answers hold. The map outside training ("How the pathway works") draws
//!   the packs in use.
//! - **Scenarios.** Those in `pathways/training` are compiled in; a trainer's own go in
//!   `training/` in the app's data folder. Each is parsed and checked as it is loaded
//!   (`training::load_files`, `load_dir`): one that is not TOML, too large, names an id
//!   the pack does not know or is not met by the pack is left out, and its problems are
//!   shown on the Training screen; the app starts regardless. They load on first use,
//!   off the main thread, so they cost the start-up nothing.
//! - **The clock.** A training walk runs at its scenario's clock (out of hours, due
//!   times); the app's own clock and settings are not touched.
//! - **No case record.** The training walk is its own, apart from the practitioner's
//!   walk in `Core`: nothing here can reach the records, and the outcome screen (with its
//!   "save as a record") is never shown for it; the debrief takes its place.
//! - **The training record** (`training-record.json` beside the settings) holds only
//!   each completion's date, agency, scenario and score, saved atomically (a new file
//!   renamed over the old). A record that cannot be read is never overwritten: new
//!   completions are then not kept, and the screens say why.

use crate::clock::{self, Clock};
use crate::views::{AgencyChoice, AppError, WalkContext, WalkView};
use include_dir::{include_dir, Dir};
use jiff::civil::DateTime;
use pathway::guidance::HoursSource;
use pathway::{contract, Facts, PackInput, PackSet, Walk, WalkResult};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use training::{Completion, Debrief, MapLayout, OutlineNode, Problem, Record, Routes, Scenario, ScenarioView};
use ts_rs::TS;

static SCENARIOS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../pathways/training");
static EXAMPLE_LOCAL: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../pathways/local/example");

/// Where the bundled scenarios say they come from (in problems).
pub const SCENARIOS_DIR: &str = "(bundled)/pathways/training";
/// Where the bundled example local pack says it comes from.
pub const EXAMPLE_DIR: &str = "(bundled)/pathways/local/example";
/// The training record's file, in the app's data folder.
pub const RECORD_FILE: &str = "training-record.json";
/// The folder of a trainer's own scenarios, in the app's data folder.
pub const OWN_SCENARIOS: &str = "training";

fn held<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn files_of(dir: &Dir<'_>, prefix: &str, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "toml") {
            out.push((PathBuf::from(prefix).join(file.path()), file.contents().to_vec()));
        }
    }
    for sub in dir.dirs() {
        files_of(sub, prefix, out);
    }
}

/// The bundled scenario files, sorted by path.
pub fn bundled_scenarios() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    files_of(&SCENARIOS, SCENARIOS_DIR, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The packs training walks: the bundled national pack with the bundled example local pack.
pub fn training_packs() -> Result<PackSet, pathway::Diagnostics> {
    let mut files = Vec::new();
    files_of(&EXAMPLE_LOCAL, EXAMPLE_DIR, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    PackSet::from_inputs(&[crate::bundled::national_input(), PackInput { dir: PathBuf::from(EXAMPLE_DIR), files }])
}

// ---------------------------------------------------------------------- views

/// One scenario in the list: what the trainee sees to choose it (never its answers).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ScenarioItem {
    pub scenario: ScenarioView,
    /// The agencies it suits, in words, in its order (the first is the walk's).
    pub agency_labels: Vec<String>,
    /// Shipped with the app (else a trainer's own, from the data folder).
    pub bundled: bool,
    /// Completed before (in the training record).
    pub completed: bool,
}

/// The Training screen: the scenarios, what can filter them, and the files refused.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrainingList {
    pub scenarios: Vec<ScenarioItem>,
    /// The agencies any scenario suits, in the pack's order, with their names.
    pub agencies: Vec<AgencyChoice>,
    /// Every topic of any scenario, sorted.
    pub topics: Vec<String>,
    /// Scenario files left out, each problem at its file, line and column.
    pub problems: Vec<Problem>,
    /// Where a trainer's own scenarios are read from.
    pub own_dir: String,
}

/// A training walk under way (or finished: then `debrief` is set).
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrainingWalkView {
    pub scenario: ScenarioView,
    /// The trainee's agency in the walk, in words.
    pub agency_label: String,
    /// The walk as the walk screens show it, at the training clock.
    pub walk: WalkView,
    pub debrief: Option<DebriefView>,
}

/// The debrief, and whether the completion went into the training record.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DebriefView {
    pub debrief: Debrief,
    /// The completion was added to the training record.
    pub recorded: bool,
    /// Why it was not (the record cannot be read or written).
    pub record_problem: Option<String>,
}

/// The whole pathway as a map, and the same graph as text.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MapView {
    /// An SVG document made by `training::map_svg` (no scripts, no remote resources).
    pub svg: String,
    pub outline: Vec<OutlineNode>,
    /// Whether the trainee's and the expected routes are marked.
    pub routes: bool,
    /// The scenario whose routes are marked.
    pub scenario_title: Option<String>,
}

/// The facilitator's view of a scenario: its narrative, and the expected answers with
/// their teaching notes, revealed on request.
#[derive(Debug, Clone, Serialize, TS)]
pub struct FacilitatorView {
    pub scenario: ScenarioView,
    pub agency_label: String,
    /// The expected walk debriefed against itself: each screen's expected answer and
    /// note, and the outcomes with their due times.
    pub answers: Debrief,
}

/// The training record screen.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TrainingRecordView {
    /// Newest first.
    pub completions: Vec<Completion>,
    /// Why the record cannot be read (it is then left untouched).
    pub problem: Option<String>,
    /// Where it is kept.
    pub path: String,
}

/// What the training record is exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RecordExport {
    /// For a CPD portfolio.
    Markdown,
    /// A printable page (HTML, its CSS inline, nothing loaded from elsewhere).
    Certificate,
}

// ---------------------------------------------------------------------- state

/// Everything training holds. Its locks are its own: a training command never waits for
/// the practitioner's walk, the settings or the records, nor they for it.
pub struct Training {
    clock: Clock,
    own_dir: PathBuf,
    record_path: PathBuf,
    loaded: OnceLock<Result<Loaded, String>>,
    session: Mutex<Option<Session>>,
    /// Held while the record is read, changed and written, so no completion is lost.
    record: Mutex<()>,
    /// The map without routes of the packs last drawn (they change only with a local pack).
    plain_map: Mutex<Option<(Weak<PackSet>, Arc<MapView>)>>,
    /// The layouts of the maps of the packs drawn (laying out is the slow part of a map:
    /// about a tenth of a second in a release build; drawing routes on it, a millisecond).
    layouts: Mutex<Vec<(Weak<PackSet>, Arc<MapLayout>)>>,
}

struct Loaded {
    packs: Arc<PackSet>,
    scenarios: Vec<Scenario>,
    bundled: usize,
    problems: Vec<Problem>,
}

struct Session {
    /// Index into `Loaded::scenarios`.
    scenario: usize,
    walk: Walk,
    debrief: Option<DebriefView>,
}

impl Training {
    /// Nothing is read yet: the scenarios load on first use.
    pub fn new(config_dir: &Path, clock: Clock) -> Training {
        Training {
            clock,
            own_dir: config_dir.join(OWN_SCENARIOS),
            record_path: config_dir.join(RECORD_FILE),
            loaded: OnceLock::new(),
            session: Mutex::new(None),
            record: Mutex::new(()),
            plain_map: Mutex::new(None),
            layouts: Mutex::new(Vec::new()),
        }
    }

    pub fn record_path(&self) -> &Path {
        &self.record_path
    }

    fn loaded(&self) -> Result<&Loaded, AppError> {
        self.loaded.get_or_init(|| self.load()).as_ref().map_err(|e| AppError::Training { message: e.clone() })
    }

    /// The packs, the bundled scenarios, then a trainer's own (an id already bundled is refused).
    fn load(&self) -> Result<Loaded, String> {
        let packs = training_packs().map_err(|d| format!("the training packs failed their checks:\n{d}"))?;
        let (mut scenarios, mut problems) = training::load_files(&packs, &bundled_scenarios());
        let bundled = scenarios.len();
        match training::load_dir(&packs, &self.own_dir) {
            Ok((own, own_problems)) => {
                problems.extend(own_problems);
                for scenario in own {
                    if scenarios.iter().any(|s| s.id == scenario.id) {
                        problems.push(Problem {
                            file: scenario.path.display().to_string(),
                            line: 1,
                            column: 1,
                            rule: "duplicate-id".into(),
                            message: format!("a scenario shipped with the app is already called `{}`", scenario.id),
                            hint: "rename the file: its name is the scenario's id".into(),
                        });
                    } else {
                        scenarios.push(scenario);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => problems.push(Problem {
                file: self.own_dir.display().to_string(),
                line: 1,
                column: 1,
                rule: "io".into(),
                message: format!("cannot read the folder of your own scenarios: {e}"),
                hint: "check the folder can be read".into(),
            }),
        }
        Ok(Loaded { packs: Arc::new(packs), scenarios, bundled, problems })
    }

    fn agency_label(packs: &PackSet, agency: &str) -> String {
        packs.fact(contract::AGENCY).map_or_else(|| agency.to_string(), |f| f.value_label(agency).to_string())
    }

    fn find(&self, id: &str) -> Result<(&Loaded, usize), AppError> {
        let loaded = self.loaded()?;
        let i =
            loaded.scenarios.iter().position(|s| s.id == id).ok_or_else(|| AppError::Training { message: format!("there is no training scenario `{id}`") })?;
        Ok((loaded, i))
    }

    /// The Training screen's list.
    pub fn list(&self) -> Result<TrainingList, AppError> {
        let loaded = self.loaded()?;
        let completed: Vec<String> = self.read_record().map(|r| r.completions.into_iter().map(|c| c.scenario).collect()).unwrap_or_default();
        let packs = &loaded.packs;
        let scenarios = loaded
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| ScenarioItem {
                scenario: s.view(),
                agency_labels: s.agencies.iter().map(|a| Self::agency_label(packs, a)).collect(),
                bundled: i < loaded.bundled,
                completed: completed.contains(&s.id),
            })
            .collect();
        let used: std::collections::BTreeSet<&str> = loaded.scenarios.iter().flat_map(|s| s.agencies.iter().map(String::as_str)).collect();
        let order: Vec<String> = packs.fact(contract::AGENCY).map(|f| f.values.clone()).unwrap_or_default();
        let agencies =
            order.iter().filter(|a| used.contains(a.as_str())).map(|a| AgencyChoice { id: a.clone(), label: Self::agency_label(packs, a) }).collect();
        let mut topics: Vec<String> = loaded.scenarios.iter().flat_map(|s| s.topics.iter().cloned()).collect();
        topics.sort_by_key(|t| t.to_lowercase());
        topics.dedup();
        Ok(TrainingList { scenarios, agencies, topics, problems: loaded.problems.clone(), own_dir: self.own_dir.display().to_string() })
    }

    /// Starts (or starts again) the walk of a scenario, at its clock, as its agency.
    pub fn start(&self, id: &str) -> Result<TrainingWalkView, AppError> {
        let (loaded, i) = self.find(id)?;
        let scenario = &loaded.scenarios[i];
        let walk = Walk::start(&loaded.packs, scenario.context(&loaded.packs))?;
        let mut session = held(&self.session);
        *session = Some(Session { scenario: i, walk, debrief: None });
        Ok(self.view(loaded, session.as_ref().expect("just set")))
    }

    /// The training walk under way, if any (the page was reloaded).
    pub fn current(&self) -> Option<TrainingWalkView> {
        let loaded = self.loaded().ok()?;
        let session = held(&self.session);
        session.as_ref().map(|s| self.view(loaded, s))
    }

    /// Answers the current screen. When that finishes the walk, the debrief is made and
    /// the completion added to the training record.
    pub fn answer(&self, answers: &Facts) -> Result<TrainingWalkView, AppError> {
        let loaded = self.loaded()?;
        let mut guard = held(&self.session);
        let session = guard.as_mut().ok_or_else(no_training_walk)?;
        if session.debrief.is_some() {
            return Err(AppError::InvalidAnswer { message: "this training walk has finished: try again to walk it once more".into() });
        }
        session.walk.answer(&loaded.packs, answers)?;
        if session.walk.is_finished(&loaded.packs) {
            let scenario = &loaded.scenarios[session.scenario];
            let result = session.walk.result(&loaded.packs);
            let debrief = Debrief::compute(&loaded.packs, scenario, &result, scenario.clock)?;
            let completion = Completion::from_debrief(&loaded.packs, scenario, &debrief, self.clock.now());
            let (recorded, record_problem) = match self.add_completion(completion) {
                Ok(()) => (true, None),
                Err(e) => (false, Some(e)),
            };
            session.debrief = Some(DebriefView { debrief, recorded, record_problem });
        }
        Ok(self.view(loaded, session))
    }

    /// Goes back one screen.
    pub fn back(&self) -> Result<TrainingWalkView, AppError> {
        let loaded = self.loaded()?;
        let mut guard = held(&self.session);
        let session = guard.as_mut().ok_or_else(no_training_walk)?;
        if session.debrief.is_none() {
            session.walk.back(&loaded.packs);
        }
        Ok(self.view(loaded, session))
    }

    /// Ends the training walk.
    pub fn discard(&self) {
        *held(&self.session) = None;
    }

    fn view(&self, loaded: &Loaded, session: &Session) -> TrainingWalkView {
        let packs = &loaded.packs;
        let scenario = &loaded.scenarios[session.scenario];
        let agency = scenario.facts().get(contract::AGENCY).cloned().unwrap_or_default();
        let agency_label = Self::agency_label(packs, &agency);
        let at = scenario.clock;
        let result = session.walk.result(packs);
        TrainingWalkView {
            scenario: scenario.view(),
            agency_label: agency_label.clone(),
            walk: walk_view(packs, &session.walk, &result, scenario, agency, agency_label, at),
            debrief: session.debrief.clone(),
        }
    }

    /// The map: with the last training walk's routes when `routes` and one has finished,
    /// else the plain map of `packs` (the packs in use).
    pub fn map(&self, packs: &Arc<PackSet>, routes: bool) -> Result<Arc<MapView>, AppError> {
        if routes {
            let loaded = self.loaded()?;
            // Drawn outside the lock: a training answer never waits for a map.
            let walked =
                held(&self.session).as_ref().and_then(|s| s.debrief.as_ref().map(|d| (d.debrief.routes.clone(), loaded.scenarios[s.scenario].title.clone())));
            if let Some((walked, title)) = walked {
                let svg = self.layout(&loaded.packs)?.svg(&loaded.packs, &walked);
                return Ok(Arc::new(MapView { svg, outline: training::outline(&loaded.packs), routes: true, scenario_title: Some(title) }));
            }
        }
        if let Some((of, map)) = held(&self.plain_map).as_ref() {
            if std::ptr::eq(of.as_ptr(), Arc::as_ptr(packs)) && of.strong_count() > 0 {
                return Ok(map.clone());
            }
        }
        let svg = self.layout(packs)?.svg(packs, &Routes::default());
        let map = Arc::new(MapView { svg, outline: training::outline(packs), routes: false, scenario_title: None });
        *held(&self.plain_map) = Some((Arc::downgrade(packs), map.clone()));
        Ok(map)
    }

    /// The layout of the map of `packs`, laid out once (outside the lock) and kept.
    fn layout(&self, packs: &Arc<PackSet>) -> Result<Arc<MapLayout>, AppError> {
        let kept = |layouts: &mut Vec<(Weak<PackSet>, Arc<MapLayout>)>| {
            layouts.retain(|(of, _)| of.strong_count() > 0);
            layouts.iter().find(|(of, _)| std::ptr::eq(of.as_ptr(), Arc::as_ptr(packs))).map(|(_, l)| l.clone())
        };
        if let Some(layout) = kept(&mut held(&self.layouts)) {
            return Ok(layout);
        }
        let layout = Arc::new(MapLayout::new(packs).map_err(|e| AppError::Training { message: e.to_string() })?);
        let mut layouts = held(&self.layouts);
        if let Some(other) = kept(&mut layouts) {
            return Ok(other);
        }
        layouts.push((Arc::downgrade(packs), layout.clone()));
        Ok(layout)
    }

    /// Lays out the training map ahead of the first "Show on the map" (called on a
    /// thread of its own once the scenarios are listed).
    pub fn warm_map(&self) {
        if let Ok(loaded) = self.loaded() {
            let _ = self.layout(&loaded.packs);
        }
    }

    /// A scenario for a room: its narrative, and the expected answers to reveal.
    pub fn facilitator(&self, id: &str) -> Result<FacilitatorView, AppError> {
        let (loaded, i) = self.find(id)?;
        let scenario = &loaded.scenarios[i];
        let expected = pathway::triage(&loaded.packs, scenario.facts())?;
        let answers = Debrief::of_walks(&loaded.packs, scenario, &expected, &expected, scenario.clock);
        let agency = scenario.facts().get(contract::AGENCY).cloned().unwrap_or_default();
        Ok(FacilitatorView { scenario: scenario.view(), agency_label: Self::agency_label(&loaded.packs, &agency), answers })
    }

    // ------------------------------------------------------------------ the record

    fn read_record(&self) -> Result<Record, String> {
        Record::load(&self.record_path).map_err(|e| format!("{e}. It has been left as it is; new completions are not kept until it is moved away or repaired."))
    }

    /// Adds a completion, saving the record atomically; a record that cannot be read is
    /// never overwritten.
    fn add_completion(&self, completion: Completion) -> Result<(), String> {
        let _writing = held(&self.record);
        let mut record = self.read_record()?;
        record.add(completion);
        record.save(&self.record_path).map_err(|e| e.to_string())
    }

    pub fn record(&self) -> TrainingRecordView {
        let path = self.record_path.display().to_string();
        match self.read_record() {
            Ok(record) => TrainingRecordView { completions: record.completions.into_iter().rev().collect(), problem: None, path },
            Err(problem) => TrainingRecordView { completions: Vec::new(), problem: Some(problem), path },
        }
    }

    /// The record as Markdown or as the certificate's HTML, for `holder` (a name).
    pub fn export(&self, format: RecordExport, holder: &str) -> Result<String, AppError> {
        let record = self.read_record().map_err(|message| AppError::Training { message })?;
        let holder = holder.trim();
        Ok(match format {
            RecordExport::Markdown => record.to_markdown(Some(holder)),
            RecordExport::Certificate => record.certificate_html(holder, self.clock.now().date()),
        })
    }

    /// Writes the export to `to` (atomically, readable only by its owner).
    pub fn export_to_file(&self, format: RecordExport, holder: &str, to: &Path) -> Result<(), AppError> {
        let text = self.export(format, holder)?;
        training::write_atomically(to, text.as_bytes())
            .map_err(|e| AppError::Training { message: format!("{}: could not write the training record there: {e}", to.display()) })
    }
}

fn no_training_walk() -> AppError {
    AppError::no_walk("no training walk is under way: choose a scenario on the Training screen")
}

/// The training walk as the walk screens show it: at the training clock, as the
/// scenario's agency, with no referral summary (training saves nothing).
fn walk_view(packs: &PackSet, walk: &Walk, result: &WalkResult, scenario: &Scenario, agency: String, agency_label: String, at: DateTime) -> WalkView {
    let clock = Clock::new(Some(at));
    let started = clock::view(&clock, packs);
    let out_of_hours = scenario.facts().get(contract::OUT_OF_HOURS).is_some_and(|v| v == "yes");
    let from = if started.from_office_hours { HoursSource::OfficeHours } else { HoursSource::Practitioner };
    let calendar = packs.working_calendar();
    WalkView {
        screen: walk.screen(packs),
        result: result.clone(),
        context: WalkContext { agency, agency_label, out_of_hours, out_of_hours_from: from, started },
        fact_labels: result.path.iter().filter_map(|p| p.fact.as_deref()).filter_map(|f| packs.fact(f)).map(|f| (f.id.clone(), f.label.clone())).collect(),
        front_door: pathway::guidance::front_door(packs, result, at, from),
        summary: None,
        due: crate::due::of_outcomes(&result.outcomes, at, &calendar),
        due_note: (!calendar.from_local_pack).then(|| crate::due::ASSUMED_CALENDAR.to_string()),
    }
}

/// The TypeScript twins of training's IPC types (called by the bindings test in `lib.rs`).
#[cfg(test)]
pub(crate) fn export_bindings(cfg: &ts_rs::Config) {
    TrainingList::export_all(cfg).unwrap();
    TrainingWalkView::export_all(cfg).unwrap();
    MapView::export_all(cfg).unwrap();
    FacilitatorView::export_all(cfg).unwrap();
    TrainingRecordView::export_all(cfg).unwrap();
    RecordExport::export_all(cfg).unwrap();
}

/// The Tauri commands, each a few lines over `Training` (`command_list.rs` names them;
/// `commands.rs` re-exports them). Loading the scenarios, finishing a walk (the record
/// is written and flushed), drawing a map and exporting run off the main thread.
pub mod commands {
    use super::{FacilitatorView, MapView, RecordExport, Training, TrainingList, TrainingRecordView, TrainingWalkView};
    use crate::core::Core;
    use crate::views::AppError;
    use pathway::Facts;
    use tauri::{AppHandle, Manager, State};
    use tauri_plugin_dialog::DialogExt;

    async fn off_main<T: Send + 'static>(app: AppHandle, work: impl FnOnce(&Training) -> Result<T, AppError> + Send + 'static) -> Result<T, AppError> {
        tauri::async_runtime::spawn_blocking(move || work(&app.state::<Training>()))
            .await
            .map_err(|e| AppError::Internal { message: format!("the work stopped before it finished: {e}") })?
    }

    /// The scenarios; then the training map is laid out on a thread of its own, ready
    /// for the first debrief's "Show on the map".
    #[tauri::command]
    pub async fn training_list(app: AppHandle) -> Result<TrainingList, AppError> {
        let list = off_main(app.clone(), |t| t.list()).await?;
        let _ = std::thread::Builder::new().name("training-map-layout".into()).spawn(move || app.state::<Training>().warm_map());
        Ok(list)
    }

    #[tauri::command]
    pub async fn training_start(app: AppHandle, id: String) -> Result<TrainingWalkView, AppError> {
        off_main(app, move |t| t.start(&id)).await
    }

    #[tauri::command]
    pub fn training_current(training: State<'_, Training>) -> Option<TrainingWalkView> {
        training.current()
    }

    #[tauri::command]
    pub async fn training_answer(app: AppHandle, answers: Facts) -> Result<TrainingWalkView, AppError> {
        off_main(app, move |t| t.answer(&answers)).await
    }

    #[tauri::command]
    pub fn training_back(training: State<'_, Training>) -> Result<TrainingWalkView, AppError> {
        training.back()
    }

    #[tauri::command]
    pub fn training_discard(training: State<'_, Training>) {
        training.discard()
    }

    /// The map with the last training walk's routes (`routes`), or of the packs in use.
    #[tauri::command]
    pub async fn training_map(app: AppHandle, routes: bool) -> Result<MapView, AppError> {
        let packs = app.state::<Core>().packs_set();
        off_main(app, move |t| t.map(&packs, routes).map(|m| (*m).clone())).await
    }

    #[tauri::command]
    pub async fn training_facilitator(app: AppHandle, id: String) -> Result<FacilitatorView, AppError> {
        off_main(app, move |t| t.facilitator(&id)).await
    }

    #[tauri::command]
    pub async fn training_record(app: AppHandle) -> Result<TrainingRecordView, AppError> {
        off_main(app, |t| Ok(t.record())).await
    }

    /// The record as Markdown, or the certificate's HTML (shown in the page to print).
    #[tauri::command]
    pub async fn training_export(app: AppHandle, format: RecordExport, holder: String) -> Result<String, AppError> {
        off_main(app, move |t| t.export(format, &holder)).await
    }

    /// Asks where to save the export (a Rust-side dialog), then writes it. `None` when cancelled.
    #[tauri::command]
    pub async fn training_export_file(app: AppHandle, format: RecordExport, holder: String) -> Result<Option<String>, AppError> {
        let (extension, name, file) = match format {
            RecordExport::Markdown => ("md", "Markdown", "training-record.md"),
            RecordExport::Certificate => ("html", "Web page (print it, or open it in a browser)", "training-certificate.html"),
        };
        let dialog = app.dialog().file().set_title("Save the training record").set_file_name(file).add_filter(name, &[extension]);
        let Some(picked) = dialog.blocking_save_file() else { return Ok(None) };
        let path = picked.into_path().map_err(|e| AppError::Training { message: format!("that place cannot be used: {e}") })?;
        off_main(app, move |t| {
            t.export_to_file(format, &holder, &path)?;
            Ok(Some(path.display().to_string()))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathway::Screen;

    fn training() -> (Training, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        (Training::new(dir.path(), Clock::new(clock::parse_now("2026-12-20T09:30"))), dir)
    }

    /// Answers every screen of the walk under way from `facts`, as the page would.
    fn walk_through(t: &Training, facts: &Facts) -> TrainingWalkView {
        let mut view = t.current().unwrap();
        for _ in 0..60 {
            if view.debrief.is_some() {
                return view;
            }
            let answers: Facts = match &view.walk.screen.screen {
                Screen::Question { fact, .. } => [(fact.clone(), facts[fact].clone())].into(),
                Screen::Checklist { items, .. } => items.iter().filter(|i| facts[&i.fact] == "yes").map(|i| (i.fact.clone(), "yes".to_string())).collect(),
                Screen::Finished => panic!("finished without a debrief"),
            };
            view = t.answer(&answers).unwrap();
        }
        panic!("the walk did not finish");
    }

    fn facts_of(id: &str) -> Facts {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathways/training").join(format!("{id}.toml"));
        Scenario::load(&path).unwrap().facts().clone()
    }

    #[test]
    fn every_shipped_scenario_is_bundled_and_loads() {
        let (t, _d) = training();
        let list = t.list().unwrap();
        assert!(list.problems.is_empty(), "{:?}", list.problems);
        let on_disk = training::scenario_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathways/training")).unwrap();
        assert_eq!(list.scenarios.len(), on_disk.len());
        assert!(list.scenarios.len() >= 24);
        assert!(list.scenarios.iter().all(|s| s.bundled && !s.completed && !s.agency_labels.is_empty()));
        assert!(list.agencies.iter().any(|a| a.id == "public" && a.label != "public"), "{:?}", list.agencies);
        assert!(list.topics.len() > 5);
        // The list never carries answers: no facts, no expectations.
        let json = serde_json::to_string(&list).unwrap();
        assert!(!json.contains("outcomes_include") && !json.contains("\"facts\""));
    }

    #[test]
    fn bundled_scenarios_are_the_files_on_disk() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathways/training");
        let on_disk = training::scenario_files(&dir).unwrap();
        let bundled = bundled_scenarios();
        assert_eq!(on_disk.len(), bundled.len());
        for (disk, (_, bytes)) in on_disk.iter().zip(&bundled) {
            assert_eq!(&std::fs::read(disk).unwrap(), bytes, "{}", disk.display());
        }
    }

    #[test]
    fn a_walk_with_one_wrong_answer_is_debriefed_and_recorded() {
        let (t, _d) = training();
        let view = t.start("pcso-child-alone-on-balcony").unwrap();
        // The walk runs at the scenario's clock, as its agency.
        assert_eq!(view.walk.context.started.iso, "2026-12-02T14:10");
        assert_eq!(view.walk.context.agency, "police");
        assert!(view.walk.summary.is_none(), "training makes no referral summary");
        assert!(view.debrief.is_none());
        let mut facts = facts_of("pcso-child-alone-on-balcony");
        facts.insert("police_constable".into(), "yes".into());
        let done = walk_through(&t, &facts);
        let d = &done.debrief.as_ref().unwrap();
        assert!(d.recorded && d.record_problem.is_none());
        let first = &d.debrief.screens[0];
        assert!(first.diverges && first.node == "police-constable");
        let note = first.answers[0].note.as_ref().unwrap();
        assert!(note.sources.iter().any(|c| c.cite.starts_with("ca-1989")));
        assert!(d.debrief.missed.iter().any(|o| o.id == "call-999"), "{:?}", d.debrief.missed);
        assert!(d.debrief.extra.iter().any(|o| o.id == "police-protection"));
        // Finished: no more answers; the record has it, with no case data.
        assert!(t.answer(&Facts::new()).is_err());
        let record = t.record();
        assert_eq!(record.completions.len(), 1);
        assert_eq!(record.completions[0].scenario, "pcso-child-alone-on-balcony");
        assert_eq!(record.completions[0].completed_at.to_string(), "2026-12-20T09:30:00", "the app's clock, not the scenario's");
        assert!(!record.completions[0].met);
        assert!(t.list().unwrap().scenarios.iter().any(|s| s.completed && s.scenario.id == "pcso-child-alone-on-balcony"));
        // The map marks both routes; try again starts afresh.
        let packs = Arc::new(crate::bundled::national().unwrap());
        let map = t.map(&packs, true).unwrap();
        assert!(map.routes && map.svg.contains("on-trainee") && map.svg.contains("on-expected"));
        assert_eq!(map.outline.len(), packs.nodes().len());
        let again = t.start("pcso-child-alone-on-balcony").unwrap();
        assert!(again.debrief.is_none() && again.walk.screen.step == 1);
    }

    #[test]
    fn a_right_walk_meets_every_expectation() {
        let (t, _d) = training();
        t.start("neighbour-hears-threats-through-wall").unwrap();
        let done = walk_through(&t, &facts_of("neighbour-hears-threats-through-wall"));
        let d = &done.debrief.as_ref().unwrap().debrief;
        assert_eq!(d.score.right, d.score.screens);
        assert!(d.missed.is_empty() && d.extra.is_empty() && d.unmet.is_empty());
        assert!(t.record().completions[0].met);
        // Out of hours by the scenario's clock (Sunday night), whatever the app's clock says.
        assert!(done.walk.context.out_of_hours);
        assert!(done.walk.front_door.contains("23:30 on Sunday"), "{}", done.walk.front_door);
    }

    #[test]
    fn back_and_discard() {
        let (t, _d) = training();
        assert_eq!(t.answer(&Facts::new()).unwrap_err().kind(), "no-walk");
        t.start("food-bank-father-asks-for-help").unwrap();
        let v = t.answer(&[("immediate_danger".to_string(), "no".to_string())].into()).unwrap();
        assert_eq!(v.walk.screen.step, 2);
        assert_eq!(t.back().unwrap().walk.screen.step, 1);
        t.discard();
        assert!(t.current().is_none());
        assert_eq!(t.start("no-such-scenario").unwrap_err().kind(), "training");
    }

    #[test]
    fn the_plain_map_is_drawn_once_for_the_packs_in_use() {
        let (t, _d) = training();
        let packs = Arc::new(crate::bundled::national().unwrap());
        let started = std::time::Instant::now();
        let first = t.map(&packs, false).unwrap();
        let drawn = started.elapsed();
        assert!(!first.routes && !first.svg.contains("on-trainee") && first.scenario_title.is_none());
        // No training walk has finished: asking for routes gives the plain map.
        let again = t.map(&packs, true).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "cached");
        eprintln!("the plain map drawn in {drawn:?}");
        // Other packs are laid out afresh; packs dropped take their layout with them.
        let other = Arc::new(crate::bundled::national().unwrap());
        assert!(!Arc::ptr_eq(&t.map(&other, false).unwrap(), &first));
        drop(packs);
        t.warm_map();
        let layouts = held(&t.layouts).iter().filter(|(of, _)| of.strong_count() > 0).count();
        assert_eq!(layouts, 2, "the other packs' and training's");
    }

    /// What a map costs in the shell: `cargo test -p safeguarding-pathways --release --lib map_costs -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing"]
    fn map_costs() {
        let (t, _d) = training();
        let started = std::time::Instant::now();
        t.list().unwrap();
        let listed = started.elapsed();
        let started = std::time::Instant::now();
        t.warm_map();
        let laid_out = started.elapsed();
        t.start("pcso-child-alone-on-balcony").unwrap();
        walk_through(&t, &facts_of("pcso-child-alone-on-balcony"));
        let packs = Arc::new(crate::bundled::national().unwrap());
        let started = std::time::Instant::now();
        let map = t.map(&packs, true).unwrap();
        let drawn = started.elapsed();
        let started = std::time::Instant::now();
        let json = serde_json::to_string(&*map).unwrap();
        let serialised = started.elapsed();
        eprintln!(
            "scenarios loaded and listed {listed:?}; map laid out {laid_out:?}; drawn with routes {drawn:?}; as JSON {serialised:?} ({} KiB, the SVG {} KiB)",
            json.len() / 1024,
            map.svg.len() / 1024
        );
    }

    #[test]
    fn bad_scenario_files_are_refused_and_the_rest_load() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join(OWN_SCENARIOS);
        std::fs::create_dir_all(&own).unwrap();
        let good = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathways/training/pcso-child-alone-on-balcony.toml")).unwrap();
        std::fs::write(own.join("not-toml.toml"), "title = \"A scenario\nlevel = ").unwrap();
        std::fs::write(own.join("too-large.toml"), "#".repeat(training::MAX_SCENARIO_BYTES + 10)).unwrap();
        std::fs::write(
            own.join("unknown-ids.toml"),
            good.replace("node = \"police-constable\"", "node = \"no-such-node\"").replacen("\"call-999\"", "\"call-998\"", 1),
        )
        .unwrap();
        std::fs::write(own.join("my-own-balcony.toml"), &good).unwrap();
        std::fs::write(own.join("pcso-child-alone-on-balcony.toml"), &good).unwrap();
        let t = Training::new(dir.path(), Clock::new(None));
        let list = t.list().unwrap();
        let rules: Vec<(String, String)> =
            list.problems.iter().map(|p| (Path::new(&p.file).file_name().unwrap().to_string_lossy().into_owned(), p.rule.clone())).collect();
        assert!(rules.contains(&("not-toml.toml".into(), "malformed-toml".into())), "{rules:?}");
        assert!(rules.contains(&("too-large.toml".into(), "too-large".into())), "{rules:?}");
        assert!(rules.iter().any(|(f, r)| f == "unknown-ids.toml" && (r == "case-file" || r == "unknown-node")), "{rules:?}");
        assert!(rules.contains(&("pcso-child-alone-on-balcony.toml".into(), "duplicate-id".into())), "{rules:?}");
        assert!(list.problems.iter().all(|p| !p.message.is_empty() && p.line >= 1));
        let own_ids: Vec<&str> = list.scenarios.iter().filter(|s| !s.bundled).map(|s| s.scenario.id.as_str()).collect();
        assert_eq!(own_ids, ["my-own-balcony"]);
        assert_eq!(list.scenarios.len(), bundled_scenarios().len() + 1);
        assert_eq!(list.own_dir, own.display().to_string());
    }

    #[test]
    fn a_record_that_cannot_be_read_is_never_overwritten() {
        let (t, dir) = training();
        let path = dir.path().join(RECORD_FILE);
        std::fs::write(&path, "{ not a record").unwrap();
        t.start("pcso-child-alone-on-balcony").unwrap();
        let done = walk_through(&t, &facts_of("pcso-child-alone-on-balcony"));
        let d = done.debrief.unwrap();
        assert!(!d.recorded && d.record_problem.as_deref().is_some_and(|p| p.contains("left as it is")), "{:?}", d.record_problem);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not a record");
        let view = t.record();
        assert!(view.problem.is_some() && view.completions.is_empty());
        assert_eq!(t.export(RecordExport::Markdown, "A").unwrap_err().kind(), "training");
    }

    #[test]
    fn exports_markdown_and_a_certificate_with_nothing_remote() {
        let (t, dir) = training();
        t.start("host-family-language-student").unwrap();
        walk_through(&t, &facts_of("host-family-language-student"));
        let md = t.export(RecordExport::Markdown, " Alex Trainee ").unwrap();
        assert!(md.contains("Name: Alex Trainee") && md.contains("host family"), "{md}");
        let html = t.export(RecordExport::Certificate, "Alex <Trainee>").unwrap();
        assert!(html.contains("Alex &lt;Trainee&gt;") && html.contains("20 December 2026"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
        let out = dir.path().join("out.md");
        t.export_to_file(RecordExport::Markdown, "Alex", &out).unwrap();
        assert!(std::fs::read_to_string(&out).unwrap().contains("Name: Alex"));
        #[cfg(unix)]
        assert_eq!(std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&out).unwrap().permissions()) & 0o777, 0o600);
    }

    #[test]
    fn the_facilitator_sees_the_narrative_and_the_expected_answers() {
        let (t, _d) = training();
        let f = t.facilitator("childrens-home-girl-who-always-comes-back").unwrap();
        assert!(!f.scenario.stages.is_empty());
        assert!(f.answers.divergences().next().is_none());
        assert!(f.answers.reached.iter().any(|o| o.id == "report-missing"));
        assert!(f.answers.screens.iter().flat_map(|s| &s.answers).any(|a| a.note.is_some()));
        assert!(t.current().is_none(), "the facilitator view starts no walk");
    }
}
