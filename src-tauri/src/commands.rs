//! The Tauri commands, one per name in `command_list.rs`: each a few lines over `Core`.
//! Errors are `AppError` values the front-end acts on by kind; nothing is logged.
//!
//! Where a command runs:
//! - Plain (`fn`) commands run on the main thread, which also draws the window. Only
//!   quick ones are plain: the walk, the clock, the directory, none of which waits on a
//!   lock held by slow work (see `Core`).
//! - Everything that can take longer than a frame is `async` and does its work on the
//!   blocking pool (`off_main`): unlocking and creating the records (key derivation and
//!   integrity check), changing the passphrase (every page re-encrypted), deleting
//!   (`VACUUM`), saving and reading records, checking a local pack, writing settings.

use crate::core::Core;
use crate::records::{PassphraseStrength, RecordLine, RecordView, RecordsStatus};
use crate::settings::Settings;
use crate::timings::Timings;
use crate::views::*;
use pathway::Facts;
use std::collections::BTreeMap;
use store::{Format, RecordId};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use zeroize::Zeroizing;

/// Runs `work` on Tauri's blocking pool, off the main thread (which must keep drawing)
/// and off the async workers.
async fn off_main<T: Send + 'static>(app: AppHandle, work: impl FnOnce(&Core) -> Result<T, AppError> + Send + 'static) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<Core>()))
        .await
        .map_err(|e| AppError::Internal { message: format!("the work stopped before it finished: {e}") })?
}

#[tauri::command]
pub fn boot(core: State<'_, Core>) -> Boot {
    core.boot()
}

#[tauri::command]
pub async fn save_settings(app: AppHandle, settings: Settings) -> Result<Settings, AppError> {
    let before = app.state::<Core>().settings().zoom;
    let saved = off_main(app.clone(), move |core| core.save_settings(settings)).await?;
    if saved.zoom != before {
        if let Some(w) = app.get_webview_window("main") {
            let _ = w.set_zoom(saved.zoom_factor());
        }
    }
    Ok(saved)
}

#[tauri::command]
pub fn clock(core: State<'_, Core>) -> ClockView {
    core.clock()
}

#[tauri::command]
pub fn walk_start(core: State<'_, Core>, out_of_hours: bool) -> Result<WalkView, AppError> {
    core.walk_start(out_of_hours)
}

#[tauri::command]
pub fn walk_current(core: State<'_, Core>) -> Option<WalkView> {
    core.walk_current()
}

#[tauri::command]
pub fn walk_answer(core: State<'_, Core>, answers: Facts) -> Result<WalkView, AppError> {
    core.walk_answer(&answers)
}

#[tauri::command]
pub fn walk_back(core: State<'_, Core>) -> Result<WalkView, AppError> {
    core.walk_back()
}

#[tauri::command]
pub fn walk_back_to(core: State<'_, Core>, node: String) -> Result<WalkView, AppError> {
    core.walk_back_to(&node)
}

#[tauri::command]
pub fn walk_discard(core: State<'_, Core>) {
    core.walk_discard()
}

#[tauri::command]
pub fn directory(core: State<'_, Core>) -> DirectoryView {
    core.directory()
}

#[tauri::command]
pub fn packs(core: State<'_, Core>) -> PacksView {
    core.packs()
}

#[tauri::command]
pub async fn load_local_pack(app: AppHandle, dir: String) -> Result<PacksView, AppError> {
    off_main(app, move |core| core.load_local_pack(std::path::Path::new(dir.trim()))).await
}

/// Opens the folder picker, then loads the folder chosen. `None` when the practitioner cancels.
#[tauri::command]
pub async fn choose_local_pack(app: AppHandle) -> Result<Option<PacksView>, AppError> {
    let Some(picked) = app.dialog().file().set_title("Choose your local pack's folder").blocking_pick_folder() else {
        return Ok(None);
    };
    let dir = picked.into_path().map_err(|e| AppError::pack(format!("that folder cannot be used: {e}")))?;
    off_main(app, move |core| core.load_local_pack(&dir)).await.map(Some)
}

#[tauri::command]
pub async fn remove_local_pack(app: AppHandle) -> Result<PacksView, AppError> {
    off_main(app, |core| core.remove_local_pack()).await
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

/// Never waits for another records command: the status and the idle countdown have
/// locks of their own (see `Records`).
#[tauri::command]
pub async fn records_status(app: AppHandle, active: bool) -> Result<RecordsStatus, AppError> {
    off_main(app, move |core| {
        let records = core.records();
        if active {
            records.touch(std::time::Instant::now());
        } else {
            records.lock_if_idle(std::time::Instant::now());
        }
        Ok(records.status())
    })
    .await
}

#[tauri::command]
pub async fn records_create(app: AppHandle, passphrase: String) -> Result<RecordsStatus, AppError> {
    let passphrase = Zeroizing::new(passphrase);
    off_main(app, move |core| core.records().create(&passphrase)).await
}

#[tauri::command]
pub async fn records_unlock(app: AppHandle, passphrase: String) -> Result<RecordsStatus, AppError> {
    let passphrase = Zeroizing::new(passphrase);
    off_main(app, move |core| core.records().unlock(&passphrase)).await
}

#[tauri::command]
pub async fn records_lock(app: AppHandle) -> Result<RecordsStatus, AppError> {
    off_main(app, |core| {
        core.records().lock();
        Ok(core.records().status())
    })
    .await
}

#[tauri::command]
pub fn passphrase_strength(passphrase: String) -> PassphraseStrength {
    PassphraseStrength::of(&Zeroizing::new(passphrase))
}

#[tauri::command]
pub async fn records_save(app: AppHandle, reference: String, notes: String, ticks: BTreeMap<String, bool>) -> Result<RecordId, AppError> {
    off_main(app, move |core| core.save_record(&reference, &notes, &ticks)).await
}

#[tauri::command]
pub async fn records_list(app: AppHandle, query: String) -> Result<Vec<RecordLine>, AppError> {
    off_main(app, move |core| core.records().list(&query)).await
}

#[tauri::command]
pub async fn records_get(app: AppHandle, id: RecordId) -> Result<RecordView, AppError> {
    off_main(app, move |core| core.records().get(id)).await
}

#[tauri::command]
pub async fn records_amend(app: AppHandle, id: RecordId, text: String) -> Result<RecordView, AppError> {
    off_main(app, move |core| core.records().amend(id, &text)).await
}

#[tauri::command]
pub async fn records_tick(app: AppHandle, id: RecordId, outcome: String, ticked: bool) -> Result<RecordView, AppError> {
    off_main(app, move |core| core.records().tick(id, &outcome, ticked)).await
}

#[tauri::command]
pub async fn records_referral(app: AppHandle, id: RecordId, date: String, to: String) -> Result<RecordView, AppError> {
    off_main(app, move |core| core.records().mark_referral(id, &date, &to)).await
}

#[tauri::command]
pub async fn records_export(app: AppHandle, id: RecordId, format: Format) -> Result<String, AppError> {
    off_main(app, move |core| core.records().export(id, format)).await
}

/// Asks where to save the summary, then writes it there. `None` when the practitioner cancels.
#[tauri::command]
pub async fn records_export_file(app: AppHandle, id: RecordId, format: Format) -> Result<Option<String>, AppError> {
    let (extension, name) = match format {
        Format::Markdown => ("md", "Markdown"),
        Format::Text => ("txt", "Plain text"),
    };
    let dialog = app.dialog().file().set_title("Save the referral summary").set_file_name(format!("record-{id}.{extension}")).add_filter(name, &[extension]);
    let Some(picked) = dialog.blocking_save_file() else { return Ok(None) };
    let path = picked.into_path().map_err(|e| AppError::records(format!("that place cannot be used: {e}")))?;
    off_main(app, move |core| {
        core.records().export_to_file(id, format, &path)?;
        Ok(Some(path.display().to_string()))
    })
    .await
}

#[tauri::command]
pub async fn records_change_passphrase(app: AppHandle, current: String, new: String) -> Result<(), AppError> {
    let (current, new) = (Zeroizing::new(current), Zeroizing::new(new));
    off_main(app, move |core| core.records().change_passphrase(&current, &new)).await
}

#[tauri::command]
pub async fn records_due(app: AppHandle) -> Result<Vec<RecordLine>, AppError> {
    off_main(app, |core| core.records().due(&core.settings().retention())).await
}

#[tauri::command]
pub async fn records_purge(app: AppHandle, ids: Vec<RecordId>) -> Result<usize, AppError> {
    off_main(app, move |core| core.records().purge(&ids, &core.settings().retention())).await
}

// ---------------------------------------------------------------------- training
// Training's commands live with its state (`training.rs`); listed here for the handler.
pub use crate::training::commands::*;

// ---------------------------------------------------------------------- signed packs
// Importing signed packs and trusting publishers' keys (`pack_import.rs`).
pub use crate::pack_import::commands::*;
