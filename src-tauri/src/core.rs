//! The app's state and everything its commands do, without Tauri, so it is tested
//! with plain `cargo test`: the loaded packs, the walk under way, the settings, and
//! the encrypted records (`records.db` beside the settings).
//!
//! The state is in three parts, each behind its own lock, so that a slow command on one
//! never holds up another: the packs and the walk (`pathway`), the settings, and the
//! records (see `Records`: the re-key, say, holds only the records). No method holds
//! two of these locks at once, so none can wait on another in a circle. Slow work
//! (checking a local pack, writing the settings file) happens outside the locks, which
//! are then held only to swap the result in.

use crate::clock::{self, Clock};
use crate::pack_import::{Loaded, PackSource, PackTrust, Part};
use crate::records::Records;
use crate::settings::Settings;
use crate::views::*;
use jiff::civil::DateTime;
use pathway::guidance::HoursSource;
use pathway::{citations, contract, ComingInView, ContactDef, ContactKind, Facts, NumberDef, PackSet, Walk, WalkResult};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub struct Core {
    clock: Clock,
    pathway: Mutex<Pathway>,
    settings: Mutex<Settings>,
    /// Held while the settings file is written, so writes land in the order they were made.
    settings_write: Mutex<()>,
    settings_path: PathBuf,
    records: Records,
    /// Signed packs: trusted keys, imported versions, the import under way (`pack_import`).
    trust: PackTrust,
}

/// The packs in use and the walk under way.
struct Pathway {
    packs: Arc<PackSet>,
    /// Each pack's input and source (built in, imported, unsigned), national first.
    parts: Arc<Vec<Part>>,
    walk: Option<ActiveWalk>,
    startup_problem: Option<AppError>,
}

struct ActiveWalk {
    walk: Walk,
    context: WalkContext,
    /// When it started, for the front-door sentence.
    started_at: DateTime,
}

const LEAD_CONTACT: &str = "dsl";

fn held<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Core {
    /// Starts with the newest valid packs (`PackTrust::load`): the national pack built in
    /// (`national`, already checked) or a newer signed one imported, and the imported
    /// local pack in use, or the unsigned folder in authoring mode. What no longer loads
    /// is reported once, and left out.
    pub fn new(national: PackSet, clock: Clock, config_dir: PathBuf) -> Core {
        let settings_path = config_dir.join("settings.json");
        let settings = Settings::read(&settings_path);
        let records = Records::new(config_dir.join("records.db"), settings.lock_settings(), clock);
        let trust = PackTrust::new(&config_dir);
        let (loaded, problems) = trust.load(&settings, Some(national));
        Core {
            clock,
            pathway: Mutex::new(Pathway { packs: Arc::new(loaded.packs), parts: Arc::new(loaded.parts), walk: None, startup_problem: problems.into_error() }),
            settings: Mutex::new(settings),
            settings_write: Mutex::new(()),
            settings_path,
            records,
            trust,
        }
    }

    pub fn settings(&self) -> Settings {
        held(&self.settings).clone()
    }
    pub fn records(&self) -> &Records {
        &self.records
    }
    pub fn packs_set(&self) -> Arc<PackSet> {
        held(&self.pathway).packs.clone()
    }
    pub fn trust(&self) -> &PackTrust {
        &self.trust
    }
    /// The packs in use and each one's input and source, national first.
    pub fn loaded_packs(&self) -> (Arc<PackSet>, Arc<Vec<Part>>) {
        let p = held(&self.pathway);
        (p.packs.clone(), p.parts.clone())
    }
    /// Today, on the app's clock (`--now` moves it).
    pub fn today(&self) -> jiff::civil::Date {
        self.clock.now().date()
    }

    pub fn boot(&self) -> Boot {
        let settings = self.settings();
        let packs = self.packs_set();
        let agencies = packs
            .fact(contract::AGENCY)
            .map(|f| f.values.iter().map(|v| AgencyChoice { id: v.clone(), label: f.value_label(v).to_string() }).collect())
            .unwrap_or_default();
        let startup_problem = held(&self.pathway).startup_problem.take();
        Boot {
            version: env!("CARGO_PKG_VERSION").to_string(),
            agencies,
            clock: self.clock(),
            packs: self.packs(),
            first_outcomes: contract::FIRST_OUTCOMES.iter().map(|s| s.to_string()).collect(),
            walk: self.walk_current(),
            startup_problem,
            settings,
        }
    }

    pub fn clock(&self) -> ClockView {
        clock::view(&self.clock, &self.packs_set())
    }

    /// Saves the settings the front-end may change (not the local pack: see the pack commands).
    pub fn save_settings(&self, new: Settings) -> Result<Settings, AppError> {
        if let Some(agency) = &new.agency {
            let known = self.packs_set().fact(contract::AGENCY).is_some_and(|f| f.values.contains(agency));
            if !known {
                return Err(AppError::settings(format!("`{agency}` is not an agency this pathway knows")));
            }
        }
        let authoring = self.settings().authoring;
        let saved = self.update_settings(|s| {
            let local_pack = s.local_pack.take();
            *s = Settings { lead_name: new.lead_name.trim().to_string(), lead_phone: new.lead_phone.trim().to_string(), local_pack, ..new }.clamped();
        })?;
        self.records.set_lock(saved.lock_settings());
        // Authoring mode turned on or off: the unsigned pack, if one is set, loads or leaves.
        if saved.authoring != authoring && saved.local_pack.is_some() {
            self.reload_packs();
        }
        // A walk under way keeps the agency it started with; the lead's number shows at once.
        Ok(saved)
    }

    /// Changes the settings with `change` and writes them; the file is written before
    /// the app takes the new settings, outside the settings lock.
    fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<Settings, AppError> {
        let _writing = held(&self.settings_write);
        let mut new = self.settings();
        change(&mut new);
        new.write(&self.settings_path).map_err(|e| AppError::settings(format!("could not save your settings: {e}")))?;
        *held(&self.settings) = new.clone();
        Ok(new)
    }

    // ------------------------------------------------------------------ packs

    pub fn packs(&self) -> PacksView {
        let today = self.clock.now().date();
        let (packs, parts) = self.loaded_packs();
        PacksView {
            packs: packs
                .packs()
                .iter()
                .zip(parts.iter())
                .map(|(p, part)| {
                    let (staleness, warning) = crate::pack_import::staleness(p, today);
                    PackView {
                        info: p.clone(),
                        bundled: part.source == PackSource::BuiltIn,
                        overdue: p.review_overdue(today),
                        source: part.source.clone(),
                        staleness,
                        warning,
                    }
                })
                .collect(),
            office_hours: packs.office_hours().map(|h| h.describe()),
            escalation: packs.escalation().map(|e| e.text.clone()),
            local_dir: held(&self.settings).local_pack.as_ref().map(|d| d.display().to_string()),
        }
    }

    /// Checks the unsigned folder `dir` as a local pack over the national pack in use;
    /// only in authoring mode. On success it replaces the local pack (and ends any walk
    /// under way, as its contacts change); on failure nothing changes and the engine's
    /// messages come back. The check runs without the lock: a walk goes on meanwhile.
    pub fn load_local_pack(&self, dir: &Path) -> Result<PacksView, AppError> {
        if !self.settings().authoring {
            return Err(AppError::settings(
                "Unsigned packs load only in authoring mode: turn it on in Settings first. To use your partnership's pack, add its signed pack file instead.",
            ));
        }
        let (_, parts) = self.loaded_packs();
        let loaded = self.trust.load_unsigned(&parts[0], dir)?;
        self.use_loaded(loaded);
        if held(&self.settings).local_pack.as_deref() != Some(dir) {
            self.update_settings(|s| s.local_pack = Some(dir.to_path_buf()))?;
        }
        Ok(self.packs())
    }

    /// Stops using the local pack: the unsigned folder, and the imported one (whose
    /// versions stay kept, to use again from Packs).
    pub fn remove_local_pack(&self) -> Result<PacksView, AppError> {
        self.pack_stop_local()?;
        self.update_settings(|s| s.local_pack = None)?;
        Ok(self.reload_packs())
    }

    /// Forgets the unsigned folder (a signed local pack was chosen instead).
    pub fn forget_unsigned_pack(&self) -> Result<(), AppError> {
        if held(&self.settings).local_pack.is_some() {
            self.update_settings(|s| s.local_pack = None)?;
        }
        Ok(())
    }

    /// Loads the packs again from disk (after an import, a change of version or of the
    /// keys trusted, authoring mode turned on or off). Ends the walk under way only when
    /// the packs changed. What cannot be used is left out (the Packs screen lists why).
    pub fn reload_packs(&self) -> PacksView {
        let (loaded, _problems) = self.trust.load(&self.settings(), None);
        let (_, parts) = self.loaded_packs();
        let same = parts.len() == loaded.parts.len() && parts.iter().zip(&loaded.parts).all(|(a, b)| a.source == b.source && a.input.files == b.input.files);
        if !same {
            self.use_loaded(loaded);
        }
        self.packs()
    }

    /// New packs end the walk under way: its contacts change.
    fn use_loaded(&self, loaded: Loaded) {
        let mut p = held(&self.pathway);
        p.packs = Arc::new(loaded.packs);
        p.parts = Arc::new(loaded.parts);
        p.walk = None;
    }

    // ------------------------------------------------------------------ the walk

    /// Starts a walk for the saved agency. `out_of_hours` is what the start screen
    /// shows: set from the local pack's office hours, or by the practitioner.
    pub fn walk_start(&self, out_of_hours: bool) -> Result<WalkView, AppError> {
        let settings = self.settings();
        let agency = settings.agency.clone().ok_or_else(|| AppError::settings("choose where you work first"))?;
        let mut p = held(&self.pathway);
        let started = clock::view(&self.clock, &p.packs);
        let from = if started.from_office_hours && started.out_of_hours == out_of_hours { HoursSource::OfficeHours } else { HoursSource::Practitioner };
        let context: Facts =
            [(contract::AGENCY.to_string(), agency.clone()), (contract::OUT_OF_HOURS.to_string(), if out_of_hours { "yes" } else { "no" }.to_string())].into();
        let walk = Walk::start(&p.packs, context)?;
        let agency_label = p.packs.fact(contract::AGENCY).map_or(agency.clone(), |f| f.value_label(&agency).to_string());
        let started_at = self.clock.now();
        p.walk = Some(ActiveWalk { walk, context: WalkContext { agency, agency_label, out_of_hours, out_of_hours_from: from, started }, started_at });
        self.walk_view(&p, &settings)
    }

    pub fn walk_current(&self) -> Option<WalkView> {
        let settings = self.settings();
        let p = held(&self.pathway);
        p.walk.as_ref().map(|_| self.walk_view(&p, &settings).expect("a walk is under way"))
    }

    pub fn walk_answer(&self, answers: &Facts) -> Result<WalkView, AppError> {
        self.walk_step(|walk, packs| walk.answer(packs, answers).map_err(AppError::from))
    }

    pub fn walk_back(&self) -> Result<WalkView, AppError> {
        self.walk_step(|walk, packs| {
            walk.back(packs);
            Ok(())
        })
    }

    /// Goes back to the screen of `node`, to change its answer.
    pub fn walk_back_to(&self, node: &str) -> Result<WalkView, AppError> {
        self.walk_step(|walk, packs| match walk.back_to(packs, node) {
            true => Ok(()),
            false => Err(AppError::InvalidAnswer { message: format!("the screen `{node}` is not on this walk's path") }),
        })
    }

    /// Changes the walk under way with `step`, then shows it.
    fn walk_step(&self, step: impl FnOnce(&mut Walk, &PackSet) -> Result<(), AppError>) -> Result<WalkView, AppError> {
        let settings = self.settings();
        let mut p = held(&self.pathway);
        let packs = p.packs.clone();
        let active = p.walk.as_mut().ok_or_else(no_walk)?;
        step(&mut active.walk, &packs)?;
        self.walk_view(&p, &settings)
    }

    pub fn walk_discard(&self) {
        held(&self.pathway).walk = None;
    }

    fn walk_view(&self, p: &Pathway, settings: &Settings) -> Result<WalkView, AppError> {
        let active = p.walk.as_ref().ok_or_else(no_walk)?;
        let packs = &p.packs;
        let mut result = active.walk.result(packs);
        personalise(settings, &mut result);
        let now = self.clock.now();
        let calendar = packs.working_calendar();
        let summary = result.finished.then(|| pathway::summary::plain_text_due(packs, &result, now, &calendar));
        let front_door = pathway::guidance::front_door(packs, &result, active.started_at, active.context.out_of_hours_from);
        let fact_labels = result.path.iter().filter_map(|p| p.fact.as_deref()).filter_map(|f| packs.fact(f)).map(|f| (f.id.clone(), f.label.clone())).collect();
        let due = crate::due::of_outcomes(&result.outcomes, now, &calendar);
        let due_note = (!calendar.from_local_pack).then(|| crate::due::ASSUMED_CALENDAR.to_string());
        Ok(WalkView { screen: active.walk.screen(packs), result, context: active.context.clone(), fact_labels, front_door, summary, due, due_note })
    }

    // ------------------------------------------------------------------ records

    /// Saves the finished walk as a record, with the practitioner's reference and notes
    /// and the actions they ticked on the outcome screen. Returns its id, after commit.
    /// The record is made under the walk's lock, then saved under the records' alone.
    pub fn save_record(&self, reference: &str, notes: &str, ticks: &BTreeMap<String, bool>) -> Result<store::RecordId, AppError> {
        let record = {
            let p = held(&self.pathway);
            let active = p.walk.as_ref().ok_or_else(no_walk)?;
            let result = active.walk.result(&p.packs);
            if !result.finished {
                return Err(AppError::no_walk("finish the walk before saving it as a record"));
            }
            store::from_walk::new_record(&p.packs, &result, &active.context.agency, reference, notes, self.clock.now())
        };
        let ticked = crate::records::ticked_ids(&record.outcomes, ticks);
        self.records.save(&record, &ticked)
    }

    // ------------------------------------------------------------------ directory

    pub fn directory(&self) -> DirectoryView {
        let settings = self.settings();
        let packs = self.packs_set();
        let pack_name = |id: &str| packs.packs().iter().find(|p| p.id == id).map_or(id.to_string(), |p| p.name.clone());
        let contacts = packs
            .contacts()
            .iter()
            .map(|c| {
                let mut contact = c.clone();
                personalise_contact(&settings, &mut contact);
                DirectoryContact { pack_name: pack_name(&c.pack), sources: citations(&packs, &c.sources), contact }
            })
            .collect();
        let agencies = packs
            .agencies()
            .iter()
            .map(|a| AgencyView {
                id: a.id.clone(),
                name: a.name.clone(),
                summary: a.summary.clone(),
                sections: a
                    .sections
                    .iter()
                    .map(|s| AgencySectionView { heading: s.heading.clone(), text: s.text.clone(), sources: citations(&packs, &s.sources) })
                    .collect(),
                coming_in: a
                    .coming_in
                    .iter()
                    .map(|c| ComingInView { title: c.title.clone(), text: c.text.clone(), sources: citations(&packs, &c.sources) })
                    .collect(),
            })
            .collect();
        DirectoryView { contacts, agencies }
    }
}

/// Puts the practitioner's own safeguarding lead (from settings) into the contact
/// the pack leaves for it.
fn personalise(settings: &Settings, result: &mut WalkResult) {
    for o in &mut result.outcomes {
        for c in &mut o.contacts {
            personalise_contact(settings, c);
        }
    }
}

fn personalise_contact(settings: &Settings, c: &mut ContactDef) {
    if c.kind == ContactKind::User && c.id == LEAD_CONTACT && !settings.lead_phone.is_empty() {
        let label = if settings.lead_name.is_empty() { "Phone".to_string() } else { settings.lead_name.clone() };
        c.numbers = vec![NumberDef { label, value: settings.lead_phone.clone() }];
        c.placeholder = false;
    }
}

fn no_walk() -> AppError {
    AppError::no_walk("no walk is under way: start one from the start screen")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use pathway::{Case, Screen};

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn core_at(now: &str, agency: &str, local: bool) -> (Core, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let core = Core::new(crate::bundled::national().unwrap(), Clock::new(clock::parse_now(now)), dir.path().to_path_buf());
        // The example pack is an unsigned folder: it loads in authoring mode.
        core.save_settings(Settings {
            agency: Some(agency.into()),
            lead_name: "Sam Lead".into(),
            lead_phone: "020 7946 0999".into(),
            authoring: local,
            ..Settings::default()
        })
        .unwrap();
        if local {
            core.load_local_pack(&root().join("pathways/local/example")).unwrap();
        }
        (core, dir)
    }

    /// Answers every screen from a case's facts, as the front-end would (the pack import
    /// tests use it too).
    pub(crate) fn walk_case(core: &Core, facts: &Facts) -> WalkView {
        let mut view = core.walk_start(facts["out_of_hours"] == "yes").unwrap();
        for _ in 0..50 {
            let answers: Facts = match &view.screen.screen {
                Screen::Question { fact, .. } => [(fact.clone(), facts[fact].clone())].into(),
                Screen::Checklist { items, .. } => items.iter().filter(|i| facts[&i.fact] == "yes").map(|i| (i.fact.clone(), "yes".to_string())).collect(),
                Screen::Finished => return view,
            };
            view = core.walk_answer(&answers).unwrap();
        }
        panic!("the walk did not finish");
    }

    #[test]
    fn every_public_case_walks_to_its_expected_outcomes_through_the_app_state() {
        let mut cases: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('p'))
            .collect();
        cases.sort();
        assert!(cases.len() >= 12);
        for path in cases {
            let case = Case::load(&path).unwrap();
            let (core, _dir) = core_at("2026-11-23T10:00", &case.facts["agency"], true);
            let view = walk_case(&core, &case.facts);
            assert!(view.result.finished, "{}", path.display());
            let unmet = case.unmet(&view.result);
            assert!(unmet.is_empty(), "{}: {unmet:?}", path.display());
            assert!(case.expect.is_some(), "{}: a public case has expectations", path.display());
            let summary = view.summary.as_deref().unwrap_or_default();
            assert!(summary.contains("WHAT TO DO"), "{}", path.display());
            // Each action's due time is the one the screen shows, worked out on the app's clock.
            assert!(summary.contains("Due times worked out at 10:00 on Monday 23 November 2026"), "{}: {summary}", path.display());
            for due in view.due.values().filter(|d| d.kind != "not-set") {
                let words = due.text.replacen("By ", "by ", 1).replacen("Now", "now", 1);
                assert!(summary.contains(&format!("   Due: {words}\n")), "{}: {} not in {summary}", path.display(), due.text);
            }
        }
    }

    #[test]
    fn a_finished_walk_saves_as_a_record_with_its_ticks() {
        let (core, _d) = core_at("2026-11-23T10:00", "school", true);
        core.records().create("correct horse battery staple").unwrap();
        core.walk_start(false).unwrap();
        assert_eq!(core.save_record("", "", &BTreeMap::new()).unwrap_err().kind(), "no-walk", "an unfinished walk is not saved");
        let case = Case::load(&root().join("tests/cases/p01-bruising-disclosure.toml")).unwrap();
        let view = walk_case(&core, &case.facts);
        let first = view.result.outcomes[0].id.clone();
        let ticks = [(first.clone(), true), ("not-shown".to_string(), true)].into();
        let id = core.save_record(" P01 ", "Seen at pick-up.", &ticks).unwrap();
        let record = core.records().get(id).unwrap();
        assert_eq!(record.reference, "P01");
        assert_eq!(record.agency, case.facts["agency"]);
        assert_eq!(record.outcomes.iter().map(|o| o.id.clone()).collect::<Vec<_>>(), view.result.outcomes.iter().map(|o| o.id.clone()).collect::<Vec<_>>());
        assert_eq!(record.outcomes.iter().filter(|o| o.ticked).map(|o| o.id.clone()).collect::<Vec<_>>(), [first]);
        assert_eq!(record.packs.len(), 2, "the national and the local pack, by name and version");
        assert_eq!(record.steps.first().map(|s| s.question.as_str()), Some(view.result.path[0].title.as_str()), "the danger question as it was shown");
        core.records().lock();
        assert_eq!(core.save_record("", "", &BTreeMap::new()).unwrap_err().kind(), "locked");
    }

    fn due_texts(view: &WalkView) -> Vec<(String, String)> {
        view.result.outcomes.iter().map(|o| (o.id.clone(), view.due[&o.id].text.clone())).collect()
    }

    #[test]
    fn due_times_come_from_the_clock_and_the_local_packs_working_days() {
        // p16 on Tuesday 1 December 2026 at 10:00, national pack only: the assumed
        // Monday to Friday 09:00 to 17:00, said on the screen.
        let case = Case::load(&root().join("tests/cases/p16-nursery-manager-allegation.toml")).unwrap();
        let (core, _d) = core_at("2026-12-01T10:00", "early_years", false);
        let view = walk_case(&core, &case.facts);
        let due = due_texts(&view);
        let text = |id: &str| due.iter().find(|(o, _)| o == id).map(|(_, t)| t.as_str());
        assert_eq!(text("inform-dsl"), Some("Now"));
        assert_eq!(text("lado-referral"), Some("By 17:00 on Wednesday 2 December"));
        assert_eq!(text("notify-ofsted-early-years"), Some("By 23:59 on Tuesday 15 December"));
        assert_eq!(view.due["lado-referral"].at.as_deref(), Some("2026-12-02T17:00"));
        assert!(view.due_note.as_deref().is_some_and(|n| n.contains("Monday to Friday, 09:00 to 17:00")));
        // Actions due now come first, in the engine's order.
        let first_later = view.result.outcomes.iter().position(|o| view.due[&o.id].kind != "now").unwrap_or(view.result.outcomes.len());
        assert!(view.result.outcomes[first_later..].iter().all(|o| view.due[&o.id].kind != "now"), "{due:?}");

        // With the example pack, on Christmas Eve: Christmas Day and the Boxing Day
        // holiday are closed, so the LADO referral is due on Tuesday 29 December.
        let (core, _d) = core_at("2026-12-24T15:00", "early_years", true);
        let view = walk_case(&core, &case.facts);
        assert_eq!(view.due["lado-referral"].text, "By 17:00 on Tuesday 29 December");
        assert_eq!(view.due_note, None, "the local pack gives the working days");

        // Saved, the record keeps the due and the deadline worked out then.
        core.records().create("correct horse battery staple").unwrap();
        let id = core.save_record("P16", "", &BTreeMap::new()).unwrap();
        let record = core.records().get(id).unwrap();
        let lado = record.outcomes.iter().find(|o| o.id == "lado-referral").unwrap();
        assert_eq!(lado.due, "By 17:00 on Tuesday 29 December");
        assert!(lado.overdue.is_none());
    }

    #[test]
    fn p13_a_pcso_calls_999_and_childrens_social_care_both_now_and_no_police_protection() {
        let case = Case::load(&root().join("tests/cases/p13-pcso-finds-child.toml")).unwrap();
        let (core, _d) = core_at("2026-12-01T10:00", "police", false);
        let view = walk_case(&core, &case.facts);
        let due = due_texts(&view);
        assert_eq!(due[0], ("call-999".to_string(), "Now".to_string()), "{due:?}");
        assert!(due.contains(&("refer-csc-immediately".to_string(), "Now".to_string())), "{due:?}");
        assert!(!due.iter().any(|(o, _)| o == "police-protection"));
    }

    #[test]
    fn the_agency_list_comes_from_the_pack_and_a_member_of_the_public_can_choose_it() {
        let (core, _d) = core_at("2026-12-01T10:00", "school", false);
        let boot = core.boot();
        let from_pack = core.packs_set().fact(contract::AGENCY).unwrap().values.clone();
        assert_eq!(boot.agencies.iter().map(|a| a.id.clone()).collect::<Vec<_>>(), from_pack);
        assert!(boot.agencies.iter().any(|a| a.id == "public"), "{:?}", boot.agencies);
        assert_eq!(core.save_settings(Settings { agency: Some("public".into()), ..Settings::default() }).unwrap().agency.as_deref(), Some("public"));
        // The roles pages carry what is coming in, apart from the duties in force.
        let dir = core.directory();
        let coming: Vec<_> = dir.agencies.iter().flat_map(|a| &a.coming_in).collect();
        assert!(!coming.is_empty() && coming.iter().all(|c| !c.title.is_empty() && !c.sources.is_empty()));
    }

    #[test]
    fn saturday_night_uses_the_out_of_hours_team_from_the_clock() {
        let (core, _d) = core_at("2026-11-21T19:40", "health", true);
        let clock = core.clock();
        assert!(clock.out_of_hours && clock.from_office_hours);
        let case = Case::load(&root().join("tests/cases/p09-fracture-saturday.toml")).unwrap();
        let view = walk_case(&core, &case.facts);
        assert_eq!(view.context.out_of_hours_from, HoursSource::OfficeHours);
        assert!(view.result.contacts.iter().any(|c| c == "csc-out-of-hours"));
        assert!(!view.result.contacts.iter().any(|c| c == "csc-front-door"));
    }

    #[test]
    fn the_lead_from_settings_fills_the_lead_contact() {
        let (core, _d) = core_at("2026-11-23T10:00", "early_years", false);
        let case = Case::load(&root().join("tests/cases/p11-hungry-toddler.toml")).unwrap();
        let view = walk_case(&core, &case.facts);
        let lead = view.result.outcomes.iter().flat_map(|o| &o.contacts).find(|c| c.id == "dsl").expect("inform-dsl names the lead");
        assert!(!lead.placeholder);
        assert_eq!(lead.numbers[0].value, "020 7946 0999");
        assert!(view.summary.unwrap().contains("Sam Lead 020 7946 0999"));
        assert!(core.directory().contacts.iter().any(|c| c.contact.id == "dsl" && !c.contact.placeholder));
    }

    #[test]
    fn back_and_back_to_change_an_answer() {
        let (core, _d) = core_at("2026-11-23T10:00", "school", false);
        let first = core.walk_start(false).unwrap();
        assert!(!first.screen.can_go_back);
        let v = core.walk_answer(&[("immediate_danger".to_string(), "no".to_string())].into()).unwrap();
        assert_eq!(v.screen.step, 2);
        let v = core.walk_answer(&Facts::new()).unwrap();
        assert_eq!(v.screen.step, 3);
        let v = core.walk_back_to("immediate-danger").unwrap();
        assert_eq!(v.screen.step, 1);
        match v.screen.screen {
            Screen::Question { options, .. } => assert!(options.iter().any(|o| o.value == "no" && o.previous)),
            _ => panic!("expected the danger question"),
        }
        assert!(core.walk_back_to("nowhere").is_err());
        let v = core.walk_answer(&[("immediate_danger".to_string(), "yes".to_string())].into()).unwrap();
        assert!(v.result.outcomes.iter().any(|o| o.id == "call-999"));
        let v = core.walk_back().unwrap();
        assert_eq!(v.screen.step, 1);
    }

    /// A re-key holds the records for seconds: the walk, the settings and the clock go on.
    #[test]
    fn a_long_records_command_does_not_hold_up_the_walk_or_the_settings() {
        let (core, _d) = core_at("2026-11-23T10:00", "school", false);
        core.records().create("correct horse battery staple").unwrap();
        let core = Arc::new(core);
        let busy = core.records().hold_store();
        let (tx, rx) = std::sync::mpsc::channel();
        let other = core.clone();
        std::thread::spawn(move || {
            other.walk_start(false).unwrap();
            let v = other.walk_answer(&[("immediate_danger".to_string(), "no".to_string())].into()).unwrap();
            other.save_settings(Settings { agency: Some("police".into()), ..other.settings() }).unwrap();
            let _ = (other.clock(), other.directory(), other.packs(), other.records().status());
            tx.send(v.screen.step).unwrap();
        });
        assert_eq!(rx.recv_timeout(std::time::Duration::from_secs(10)).expect("the walk waited for the records"), 2);
        drop(busy);
    }

    #[test]
    fn a_broken_local_pack_is_refused_and_the_previous_one_stays() {
        let (core, dir) = core_at("2026-11-23T10:00", "school", true);
        core.walk_start(false).unwrap();
        let err = core.load_local_pack(&root().join("tests/e2e/fixtures/broken-local-pack")).unwrap_err();
        let AppError::PackInvalid { diagnostics, .. } = err else { panic!("{err:?}") };
        assert!(!diagnostics.is_empty());
        assert!(diagnostics.iter().all(|d| !d.rule.is_empty() && d.line >= 1));
        assert_eq!(core.packs().packs.len(), 2, "the example pack stays loaded");
        assert!(core.walk_current().is_some(), "the walk under way is kept");
        // The saved choice is still the example pack, so the next start loads it again.
        let again = Core::new(crate::bundled::national().unwrap(), Clock::new(None), dir.path().to_path_buf());
        assert_eq!(again.packs().packs.len(), 2);
        assert!(core.load_local_pack(&root().join("pathways/england")).is_err(), "a national pack is not a local pack");
    }

    #[test]
    fn a_saved_local_pack_that_broke_is_reported_at_start() {
        let dir = tempfile::tempdir().unwrap();
        Settings {
            agency: Some("school".into()),
            local_pack: Some(root().join("tests/e2e/fixtures/broken-local-pack")),
            authoring: true,
            ..Settings::default()
        }
        .write(&dir.path().join("settings.json"))
        .unwrap();
        let core = Core::new(crate::bundled::national().unwrap(), Clock::new(None), dir.path().to_path_buf());
        let boot = core.boot();
        assert_eq!(boot.packs.packs.len(), 1);
        assert_eq!(boot.startup_problem.unwrap().kind(), "pack-invalid");
        assert!(core.boot().startup_problem.is_none(), "reported once");
    }

    #[test]
    fn settings_reject_an_unknown_agency_and_keep_the_local_pack() {
        let (core, _d) = core_at("2026-11-23T10:00", "school", true);
        assert!(core.save_settings(Settings { agency: Some("martians".into()), ..Settings::default() }).is_err());
        let saved =
            core.save_settings(Settings { agency: Some("police".into()), local_pack: None, zoom: 900, authoring: true, ..Settings::default() }).unwrap();
        assert!(saved.local_pack.is_some());
        assert_eq!(saved.zoom, 300);
    }

    #[test]
    fn packs_warn_when_the_review_date_has_passed() {
        let (core, _d) = core_at("2030-01-01T10:00", "school", false);
        assert!(core.packs().packs[0].overdue);
        let (core, _d) = core_at("2026-11-23T10:00", "school", false);
        assert!(!core.packs().packs[0].overdue);
    }
}
