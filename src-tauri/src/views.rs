//! The types that cross to the front-end. Their TypeScript twins in
//! `ui/src/lib/bindings/` are generated from these (and from the engine's view types)
//! by ts-rs: `UPDATE_BINDINGS=1 cargo test -p safeguarding-pathways bindings`.

use crate::settings::Settings;
use pathway::guidance::HoursSource;
use pathway::{Citation, ComingInView, ContactDef, PackInfo, ScreenView, WalkResult};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Everything the front-end needs to draw its first screen, in one call.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Boot {
    pub version: String,
    pub settings: Settings,
    /// The agencies for the first-run picker (values of the `agency` fact, with labels).
    pub agencies: Vec<AgencyChoice>,
    pub clock: ClockView,
    pub packs: PacksView,
    /// Outcomes that are emergencies: when one appears the app shows the emergency screen.
    pub first_outcomes: Vec<String>,
    /// A walk already under way (the front-end was reloaded).
    pub walk: Option<WalkView>,
    /// The saved local pack could not be loaded at start: why (the national pack alone is in use).
    pub startup_problem: Option<AppError>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AgencyChoice {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ClockView {
    /// `2026-11-21T19:40`.
    pub iso: String,
    /// `19:40`.
    pub time: String,
    /// `Saturday`.
    pub weekday: String,
    /// `21 November 2026`.
    pub date: String,
    /// `2026-11-21`.
    pub today: String,
    /// The clock was fixed with `--now` (training or testing).
    pub fixed: bool,
    /// Closed now, by the local pack's office hours, or else guessed (weekdays 9 to 5).
    pub out_of_hours: bool,
    /// True when `out_of_hours` comes from a local pack's office hours, not a guess.
    pub from_office_hours: bool,
    pub office_hours: Option<OfficeHoursView>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OfficeHoursView {
    pub pack_name: String,
    /// "Monday 09:00 to 17:00", one a day.
    pub days: Vec<String>,
    pub open_now: bool,
    /// When open now: the closing time today.
    pub closes_at: Option<String>,
    /// When closed now but opening later today.
    pub opens_at: Option<String>,
    /// Closed all day today although a working day (a bank holiday).
    pub closed_today: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PackView {
    pub info: PackInfo,
    /// The national pack compiled into the app.
    pub bundled: bool,
    /// Its review-by date has passed.
    pub overdue: bool,
    /// Built in, imported from a signed bundle, or an unsigned folder (authoring mode).
    pub source: crate::pack_import::PackSource,
    /// Current, past its review-by date, or past its expiry date (never a refusal).
    pub staleness: crate::pack_import::Stale,
    /// The warning every contact from this pack carries, when it is not current.
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct PacksView {
    pub packs: Vec<PackView>,
    /// The local pack's office hours, one line a day.
    pub office_hours: Option<Vec<String>>,
    /// The local escalation policy.
    pub escalation: Option<String>,
    pub local_dir: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct WalkContext {
    pub agency: String,
    pub agency_label: String,
    pub out_of_hours: bool,
    pub out_of_hours_from: HoursSource,
    /// The clock when the walk started.
    pub started: ClockView,
}

/// The walk as the front-end shows it: the screen, the result so far, and the context.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WalkView {
    pub screen: ScreenView,
    pub result: WalkResult,
    pub context: WalkContext,
    /// Short labels of the facts on the path (for a checklist's ticked items).
    pub fact_labels: std::collections::BTreeMap<String, String>,
    /// The line at the top of the outcome screen: whether the front door was open when
    /// the walk started, and whom to call (the engine's `guidance::front_door`).
    pub front_door: String,
    /// The referral summary as plain text, once the walk has finished.
    pub summary: Option<String>,
    /// When each action is due, by outcome id, worked out from the app's clock on the
    /// local pack's working days.
    pub due: std::collections::BTreeMap<String, DueView>,
    /// Said when no local pack gives office hours: the working days are assumed.
    pub due_note: Option<String>,
}

/// When one action is due, as the outcome screen says it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DueView {
    /// The pack's word: "now", "working-days:1", "days:14", "none".
    pub due: String,
    /// "now", "by" or "not-set".
    pub kind: String,
    /// "Now", "By 17:00 on Wednesday 2 December", "No set time".
    pub text: String,
    /// The deadline, `2026-12-02T17:00` (local time), for a `<time>` element.
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DirectoryContact {
    pub contact: ContactDef,
    pub pack_name: String,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AgencySectionView {
    pub heading: String,
    pub text: String,
    pub sources: Vec<Citation>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AgencyView {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub sections: Vec<AgencySectionView>,
    /// Law passed (or guidance published) but not yet in force: never today's duty.
    pub coming_in: Vec<ComingInView>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DirectoryView {
    /// National contacts, local ones in place of placeholders, your lead from settings.
    pub contacts: Vec<DirectoryContact>,
    pub agencies: Vec<AgencyView>,
}

/// One problem the engine found in a pack.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DiagnosticView {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub rule: String,
    pub message: String,
    pub hint: String,
}

impl From<&pathway::Diagnostic> for DiagnosticView {
    fn from(d: &pathway::Diagnostic) -> Self {
        DiagnosticView {
            file: d.location.file.display().to_string(),
            line: d.location.line,
            column: d.location.column,
            rule: d.rule.name().to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// Every command's error, by kind (the `kind` tag the page acts on), each with a
/// sentence for people. Never holds record text: the store's errors name ids and paths.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AppError {
    /// A folder that is not a usable local pack; `diagnostics` are the engine's problems
    /// (none when the folder holds no local pack at all). The packs in use stay.
    #[error("{message}")]
    PackInvalid { message: String, diagnostics: Vec<DiagnosticView> },
    /// An answer the walk could not take.
    #[error("{message}")]
    InvalidAnswer { message: String },
    /// No walk is under way (or it is not finished, to be saved).
    #[error("{message}")]
    NoWalk { message: String },
    /// The settings are not valid or could not be saved.
    #[error("{message}")]
    Settings { message: String },
    /// The records are locked (or locked themselves after idle time): ask for the passphrase.
    #[error("{message}")]
    Locked { message: String },
    /// The passphrase did not open the records; nothing was opened or changed.
    #[error("{message}")]
    WrongPassphrase { message: String },
    /// A new passphrase the store will not take.
    #[error("{message}")]
    WeakPassphrase { message: String },
    /// The records file cannot be read: damaged, or not a records file. Nothing was
    /// written to it; `path` is where it is, for IT or a backup.
    #[error("{message}")]
    DamagedFile { message: String, path: String },
    /// The records file was made by a newer version of the app.
    #[error("{message}")]
    NewerFile { message: String },
    /// No record with that id.
    #[error("{message}")]
    NotFound { message: String },
    /// Anything else about records: a file that could not be written, a database error.
    #[error("{message}")]
    Records { message: String },
    /// Work handed to a background thread did not finish.
    #[error("{message}")]
    Internal { message: String },
    /// A signed pack whose key this computer does not trust; `key_id` names the key, so
    /// the user can trust that publisher (Packs → Trust a publisher) after checking it.
    #[error("{message}")]
    UntrustedKey { message: String, key_id: String },
    /// A pack version older than the highest this computer has accepted (a rollback).
    #[error("{message}")]
    Rollback { message: String, id: String, offered: String, accepted: String },
    /// A signed pack changed after signing: `file` names the file (in the pack), or the bundle.
    #[error("{message}")]
    PackAltered { message: String, file: Option<String> },
    /// Not a public key file, or a key that cannot be trusted or removed here.
    #[error("{message}")]
    KeyInvalid { message: String },
    /// Training: no such scenario, the scenarios could not load, or the training record
    /// cannot be read or written (it is then left as it was).
    #[error("{message}")]
    Training { message: String },
}

impl AppError {
    pub fn pack(message: impl Into<String>) -> Self {
        AppError::PackInvalid { message: message.into(), diagnostics: Vec::new() }
    }
    pub fn settings(message: impl Into<String>) -> Self {
        AppError::Settings { message: message.into() }
    }
    pub fn records(message: impl Into<String>) -> Self {
        AppError::Records { message: message.into() }
    }
    pub fn no_walk(message: impl Into<String>) -> Self {
        AppError::NoWalk { message: message.into() }
    }
    pub fn locked() -> Self {
        AppError::Locked { message: "Your records are locked. Enter your passphrase to open them.".into() }
    }

    /// The `kind` tag the page sees: "wrong-passphrase", "damaged-file", ….
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::PackInvalid { .. } => "pack-invalid",
            AppError::InvalidAnswer { .. } => "invalid-answer",
            AppError::NoWalk { .. } => "no-walk",
            AppError::Settings { .. } => "settings",
            AppError::Locked { .. } => "locked",
            AppError::WrongPassphrase { .. } => "wrong-passphrase",
            AppError::WeakPassphrase { .. } => "weak-passphrase",
            AppError::DamagedFile { .. } => "damaged-file",
            AppError::NewerFile { .. } => "newer-file",
            AppError::NotFound { .. } => "not-found",
            AppError::Records { .. } => "records",
            AppError::Internal { .. } => "internal",
            AppError::UntrustedKey { .. } => "untrusted-key",
            AppError::Rollback { .. } => "rollback",
            AppError::PackAltered { .. } => "pack-altered",
            AppError::KeyInvalid { .. } => "key-invalid",
            AppError::Training { .. } => "training",
        }
    }
}

impl From<pathway::WalkError> for AppError {
    fn from(e: pathway::WalkError) -> Self {
        AppError::InvalidAnswer { message: e.to_string() }
    }
}

/// What the front-end measured of its own start (milliseconds since navigation start).
#[derive(Debug, Clone, Copy, Deserialize, TS)]
pub struct UiTimings {
    /// The front-end's script began to run.
    pub script_ms: f64,
    /// The app was mounted with its first screen's data (the first frame is laid out).
    pub boot_ms: f64,
    /// The first screen was in the DOM.
    pub rendered_ms: f64,
    /// The first screen was drawn and could take input.
    pub interactive_ms: f64,
}
