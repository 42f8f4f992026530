//! The Tauri commands: each locks the state and calls `Core`. Errors are `AppError`
//! values the front-end shows; nothing is logged.

use crate::core::Core;
use crate::records::{PassphraseStrength, RecordLine, RecordView, RecordsStatus};
use crate::settings::Settings;
use crate::timings::Timings;
use crate::views::*;
use pathway::Facts;
use std::collections::BTreeMap;
use std::sync::Mutex;
use store::{Format, RecordId};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

type Core_<'a> = State<'a, Mutex<Core>>;

fn lock<'a>(core: &'a Core_<'_>) -> std::sync::MutexGuard<'a, Core> {
    core.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[tauri::command]
pub fn boot(core: Core_<'_>) -> Boot {
    lock(&core).boot()
}

#[tauri::command]
pub fn save_settings(app: AppHandle, core: Core_<'_>, settings: Settings) -> Result<Settings, AppError> {
    let (before, saved) = {
        let mut core = lock(&core);
        let before = core.settings().zoom;
        (before, core.save_settings(settings)?)
    };
    if saved.zoom != before {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.set_zoom(saved.zoom_factor());
        }
    }
    Ok(saved)
}

#[tauri::command]
pub fn clock(core: Core_<'_>) -> ClockView {
    lock(&core).clock()
}

#[tauri::command]
pub fn walk_start(core: Core_<'_>, out_of_hours: bool) -> Result<WalkView, AppError> {
    lock(&core).walk_start(out_of_hours)
}

#[tauri::command]
pub fn walk_current(core: Core_<'_>) -> Option<WalkView> {
    lock(&core).walk_current()
}

#[tauri::command]
pub fn walk_answer(core: Core_<'_>, answers: Facts) -> Result<WalkView, AppError> {
    lock(&core).walk_answer(&answers)
}

#[tauri::command]
pub fn walk_back(core: Core_<'_>) -> Result<WalkView, AppError> {
    lock(&core).walk_back()
}

#[tauri::command]
pub fn walk_back_to(core: Core_<'_>, node: String) -> Result<WalkView, AppError> {
    lock(&core).walk_back_to(&node)
}

#[tauri::command]
pub fn walk_discard(core: Core_<'_>) {
    lock(&core).walk_discard()
}

#[tauri::command]
pub fn directory(core: Core_<'_>) -> DirectoryView {
    lock(&core).directory()
}

#[tauri::command]
pub fn packs(core: Core_<'_>) -> PacksView {
    lock(&core).packs()
}

#[tauri::command]
pub fn load_local_pack(core: Core_<'_>, dir: String) -> Result<PacksView, AppError> {
    lock(&core).load_local_pack(std::path::Path::new(dir.trim()))
}

/// Opens the folder picker (async: a blocking dialog must not hold the main thread).
/// `None` when the practitioner cancels.
#[tauri::command]
pub async fn choose_local_pack(app: AppHandle, core: Core_<'_>) -> Result<Option<PacksView>, AppError> {
    let Some(picked) = app.dialog().file().set_title("Choose your local pack's folder").blocking_pick_folder() else {
        return Ok(None);
    };
    let dir = picked.into_path().map_err(|e| AppError::new(ErrorKind::Pack, format!("that folder cannot be used: {e}")))?;
    lock(&core).load_local_pack(&dir).map(Some)
}

#[tauri::command]
pub fn remove_local_pack(core: Core_<'_>) -> Result<PacksView, AppError> {
    lock(&core).remove_local_pack()
}

/// The front-end has drawn its first screen: report `--timings`, and quit when asked to.
#[tauri::command]
pub fn app_ready(app: AppHandle, timings: State<'_, Timings>, ui: UiTimings) {
    if timings.ready(ui) && timings.exit_when_ready {
        app.exit(0);
    }
}

// ---------------------------------------------------------------------- records
// Passphrases are wiped from memory as soon as the store has used them.

#[tauri::command]
pub fn records_status(core: Core_<'_>, active: bool) -> RecordsStatus {
    let mut core = lock(&core);
    let records = core.records();
    if active {
        records.touch(std::time::Instant::now());
    } else {
        records.lock_if_idle(std::time::Instant::now());
    }
    records.status()
}

#[tauri::command]
pub fn records_create(core: Core_<'_>, passphrase: String) -> Result<RecordsStatus, AppError> {
    let passphrase = Zeroizing::new(passphrase);
    lock(&core).records().create(&passphrase)
}

#[tauri::command]
pub fn records_unlock(core: Core_<'_>, passphrase: String) -> Result<RecordsStatus, AppError> {
    let passphrase = Zeroizing::new(passphrase);
    lock(&core).records().unlock(&passphrase)
}

#[tauri::command]
pub fn records_lock(core: Core_<'_>) -> RecordsStatus {
    let mut core = lock(&core);
    core.records().lock();
    core.records().status()
}

#[tauri::command]
pub fn passphrase_strength(passphrase: String) -> PassphraseStrength {
    PassphraseStrength::of(&Zeroizing::new(passphrase))
}

#[tauri::command]
pub fn records_save(core: Core_<'_>, reference: String, notes: String, ticks: BTreeMap<String, bool>) -> Result<RecordId, AppError> {
    lock(&core).save_record(&reference, &notes, &ticks)
}

#[tauri::command]
pub fn records_list(core: Core_<'_>, query: String) -> Result<Vec<RecordLine>, AppError> {
    lock(&core).records().list(&query)
}

#[tauri::command]
pub fn records_get(core: Core_<'_>, id: RecordId) -> Result<RecordView, AppError> {
    lock(&core).records().get(id)
}

#[tauri::command]
pub fn records_amend(core: Core_<'_>, id: RecordId, text: String) -> Result<RecordView, AppError> {
    lock(&core).records().amend(id, &text)
}

#[tauri::command]
pub fn records_tick(core: Core_<'_>, id: RecordId, outcome: String, ticked: bool) -> Result<RecordView, AppError> {
    lock(&core).records().tick(id, &outcome, ticked)
}

#[tauri::command]
pub fn records_referral(core: Core_<'_>, id: RecordId, date: String, to: String) -> Result<RecordView, AppError> {
    lock(&core).records().mark_referral(id, &date, &to)
}

#[tauri::command]
pub fn records_export(core: Core_<'_>, id: RecordId, format: Format) -> Result<String, AppError> {
    lock(&core).records().export(id, format)
}

/// Asks where to save the summary (async: the dialog must not hold the main thread),
/// then writes it there. `None` when the practitioner cancels.
#[tauri::command]
pub async fn records_export_file(app: AppHandle, core: Core_<'_>, id: RecordId, format: Format) -> Result<Option<String>, AppError> {
    let (extension, name) = match format {
        Format::Markdown => ("md", "Markdown"),
        Format::Text => ("txt", "Plain text"),
    };
    let dialog = app.dialog().file().set_title("Save the referral summary").set_file_name(format!("record-{id}.{extension}")).add_filter(name, &[extension]);
    let Some(picked) = dialog.blocking_save_file() else { return Ok(None) };
    let path = picked.into_path().map_err(|e| AppError::new(ErrorKind::Records, format!("that place cannot be used: {e}")))?;
    lock(&core).records().export_to_file(id, format, &path)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command]
pub fn records_change_passphrase(core: Core_<'_>, current: String, new: String) -> Result<(), AppError> {
    let (current, new) = (Zeroizing::new(current), Zeroizing::new(new));
    lock(&core).records().change_passphrase(&current, &new)
}

#[tauri::command]
pub fn records_due(core: Core_<'_>) -> Result<Vec<RecordLine>, AppError> {
    let mut core = lock(&core);
    let policy = core.settings().retention();
    core.records().due(&policy)
}

#[tauri::command]
pub fn records_purge(core: Core_<'_>, ids: Vec<RecordId>) -> Result<usize, AppError> {
    let mut core = lock(&core);
    let policy = core.settings().retention();
    core.records().purge(&ids, &policy)
}
