//! Signed packs in the app (issue 12): which keys it trusts, which packs it loads at
//! start, adding a pack from a bundle (verify, show what changed, accept or cancel),
//! going back to a kept version, the warnings on old packs, and the unsigned folder that
//! loads only in authoring mode.
//!
//! The checks are `crates/packtrust`'s (signatures, manifests, rollback, the packs
//! folder); this module decides what the app does with them, without Tauri, so it is
//! tested with plain `cargo test`. The Tauri commands at the end are a few lines each.
//!
//! On disk, in the app's config folder (beside `settings.json` and `records.db`):
//!
//! ```text
//! trusted-keys/<KEYID>.pub         keys the user added (after confirming the key id)
//! packs/accepted-versions.toml     the highest version accepted per pack id (packtrust)
//! packs/<id>/<version>/            each imported version, kept (packtrust)
//! packs/<id>/chosen                the version the user went back to (packtrust)
//! packs/local-in-use               which imported local pack is used ("none": none)
//! ```
//!
//! Keys trusted: the national publisher's, built in; every `*.pub` in the system-wide
//! folder an administrator fills (`packtrust::system_keys_dir`); and the user's own.

use crate::core::Core;
use crate::settings::Settings;
use crate::views::{AppError, DiagnosticView, PacksView};
use packtrust::{
    ContactChange, ContactSide, Imported, KeyOrigin, KeyRole, PackDiff, PackFiles, PackHeader, PublicKeyFile, Staleness, TrustError, TrustedKeys, VerifiedPack,
    Version,
};
use pathway::{Diagnostics, PackInfo, PackInput, PackSet};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use ts_rs::TS;

/// The packs folder, in the config folder.
pub const PACKS_DIR: &str = "packs";
/// The file in the packs folder naming the imported local pack in use.
pub const LOCAL_IN_USE: &str = "local-in-use";
/// What `local-in-use` holds when the user removed the local pack.
const NO_LOCAL: &str = "none";
/// The word for the built-in national pack, where a version is chosen.
pub const BUILT_IN: &str = packtrust::BUILT_IN;

fn held<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

// ---------------------------------------------------------------------- the views

/// Where a pack in use came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PackSource {
    /// Built into the app.
    BuiltIn,
    /// Imported from a signed bundle; verified again each time it is loaded.
    Imported {
        version: String,
        /// The signer's name, from the trusted key file.
        signer: String,
        key_id: String,
        /// The user went back to this version: a newer one is kept.
        pinned: bool,
    },
    /// An unsigned folder, loaded because authoring mode is on.
    Unsigned { dir: String },
}

/// How old a pack is (`packtrust::Staleness`): a warning, never a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Stale {
    Current,
    ReviewOverdue,
    Expired,
}

impl From<Staleness> for Stale {
    fn from(s: Staleness) -> Stale {
        match s {
            Staleness::Current => Stale::Current,
            Staleness::ReviewOverdue => Stale::ReviewOverdue,
            Staleness::Expired => Stale::Expired,
        }
    }
}

/// A pack's staleness on `today` and the warning every contact from it carries.
pub fn staleness(info: &PackInfo, today: jiff::civil::Date) -> (Stale, Option<String>) {
    let s = Staleness::of_pack(info, today);
    (s.into(), s.contact_warning(info))
}

/// A trusted key (or one offered to be trusted), by key id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeyView {
    /// The 16 hex digits minisign prints: the key's fingerprint.
    pub key_id: String,
    /// The name in the key file's comment (not signed: compare the key id).
    pub name: String,
    /// "national" (may sign the national pack) or "local".
    pub role: String,
    /// "built-in", "system" (the administrator's folder), "user" (added in the app) or "file".
    pub origin: String,
    /// The key's file, for keys in a folder.
    pub file: Option<String>,
}

impl KeyView {
    fn of(key: &packtrust::TrustedKey) -> KeyView {
        let (origin, file) = match &key.origin {
            KeyOrigin::BuiltIn => ("built-in", None),
            KeyOrigin::System(p) => ("system", Some(p.display().to_string())),
            KeyOrigin::User(p) => ("user", Some(p.display().to_string())),
            KeyOrigin::Given(g) => ("file", Some(g.clone())),
        };
        KeyView { key_id: key.key_id().to_string(), name: key.name().to_string(), role: role_word(key.role).into(), origin: origin.into(), file }
    }
}

fn role_word(role: KeyRole) -> &'static str {
    match role {
        KeyRole::National => "national",
        KeyRole::Local => "local",
    }
}

/// One value before and after, for a table with "before" and "after" columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeRow {
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub changed: bool,
}

impl ChangeRow {
    fn new(what: &str, old: Option<String>, new: Option<String>) -> ChangeRow {
        ChangeRow { what: what.to_string(), changed: old != new, old, new }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ContactChangeKind {
    Added,
    Removed,
    Changed,
}

/// One contact added, removed or changed: its name, numbers and hours before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContactDiffView {
    pub id: String,
    pub name: String,
    pub change: ContactChangeKind,
    pub rows: Vec<ChangeRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct IdList {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl From<&packtrust::IdChanges> for IdList {
    fn from(c: &packtrust::IdChanges) -> IdList {
        IdList { added: c.added.clone(), removed: c.removed.clone(), changed: c.changed.clone() }
    }
}

/// What changed against the packs in use (`packtrust::PackDiff`), shaped for tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffView {
    /// Name, publisher, version and dates of the pack it replaces (before) and the new one.
    pub pack: Vec<ChangeRow>,
    pub contacts: Vec<ContactDiffView>,
    /// One row per weekday whose front-door hours changed.
    pub office_hours: Vec<ChangeRow>,
    pub closed_dates_added: Vec<String>,
    pub closed_dates_removed: Vec<String>,
    pub escalation: Option<ChangeRow>,
    /// Local text added to national outcomes, by outcome id.
    pub additions: Vec<ChangeRow>,
    pub outcomes: IdList,
    pub screens: IdList,
    pub sources: IdList,
    /// Nothing a practitioner would see changed (the same version again, say).
    pub nothing: bool,
}

/// The rows of one contact, before and after: name, each number, whether the local number
/// is set, hours, description.
fn contact_rows(old: Option<&ContactSide>, new: Option<&ContactSide>) -> Vec<ChangeRow> {
    let mut rows = vec![ChangeRow::new("Name", old.map(|c| c.name.clone()), new.map(|c| c.name.clone()))];
    let mut labels: Vec<&str> = Vec::new();
    for c in old.iter().chain(new.iter()) {
        for (l, _) in &c.numbers {
            if !labels.contains(&l.as_str()) {
                labels.push(l);
            }
        }
    }
    for l in labels {
        let find = |c: Option<&ContactSide>| c.and_then(|c| c.numbers.iter().find(|(x, _)| x == l).map(|(_, v)| v.clone()));
        rows.push(ChangeRow::new(l, find(old), find(new)));
    }
    if old.is_some_and(|c| c.placeholder) || new.is_some_and(|c| c.placeholder) {
        let word = |c: &ContactSide| if c.placeholder { "No local number yet".to_string() } else { "Given by the local pack".to_string() };
        rows.push(ChangeRow::new("Local number", old.map(word), new.map(word)));
    }
    let hours = ChangeRow::new("Hours", old.and_then(|c| c.hours.clone()), new.and_then(|c| c.hours.clone()));
    if hours.old.is_some() || hours.new.is_some() {
        rows.push(hours);
    }
    let description = ChangeRow::new("Description", old.and_then(|c| c.description.clone()), new.and_then(|c| c.description.clone()));
    if description.changed {
        rows.push(description);
    }
    rows
}

fn day_word(day: &str) -> String {
    let mut c = day.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

impl DiffView {
    /// `replaced`: the pack in use the new one takes the place of (same role), if any.
    pub fn of(diff: &PackDiff, replaced: Option<&PackInfo>, new: &PackInfo) -> DiffView {
        let pack = [
            ChangeRow::new("Name", replaced.map(|p| p.name.clone()), Some(new.name.clone())),
            ChangeRow::new("Publisher", replaced.map(|p| p.publisher.clone()), Some(new.publisher.clone())),
            ChangeRow::new("Version", replaced.map(|p| p.version.clone()), Some(new.version.clone())),
            ChangeRow::new("Review by", replaced.map(|p| p.review_by.clone()), Some(new.review_by.clone())),
            ChangeRow::new("Expires", replaced.and_then(|p| p.expires.clone()), new.expires.clone()),
        ]
        .into_iter()
        .filter(|r| r.old.is_some() || r.new.is_some())
        .collect();
        let contacts = diff
            .contacts
            .iter()
            .map(|c| match c {
                ContactChange::Added { new } => {
                    ContactDiffView { id: new.id.clone(), name: new.name.clone(), change: ContactChangeKind::Added, rows: contact_rows(None, Some(new)) }
                }
                ContactChange::Removed { old } => {
                    ContactDiffView { id: old.id.clone(), name: old.name.clone(), change: ContactChangeKind::Removed, rows: contact_rows(Some(old), None) }
                }
                ContactChange::Changed { old, new, .. } => {
                    ContactDiffView { id: new.id.clone(), name: new.name.clone(), change: ContactChangeKind::Changed, rows: contact_rows(Some(old), Some(new)) }
                }
            })
            .collect();
        let row = |c: &packtrust::Change| ChangeRow::new(&c.what, c.old.clone(), c.new.clone());
        let visible = !(diff.contacts.is_empty()
            && diff.office_hours.is_empty()
            && diff.closed_dates_added.is_empty()
            && diff.closed_dates_removed.is_empty()
            && diff.escalation.is_none()
            && diff.additions.is_empty()
            && diff.outcomes.is_empty()
            && diff.nodes.is_empty()
            && diff.sources.is_empty());
        DiffView {
            pack,
            contacts,
            office_hours: diff.office_hours.iter().map(|c| ChangeRow::new(&day_word(&c.what), c.old.clone(), c.new.clone())).collect(),
            closed_dates_added: diff.closed_dates_added.clone(),
            closed_dates_removed: diff.closed_dates_removed.clone(),
            escalation: diff.escalation.as_ref().map(|c| ChangeRow::new("Escalation", c.old.clone(), c.new.clone())),
            additions: diff.additions.iter().map(row).collect(),
            outcomes: (&diff.outcomes).into(),
            screens: (&diff.nodes).into(),
            sources: (&diff.sources).into(),
            nothing: !visible,
        }
    }
}

/// The pack a bundle holds, verified and checked with the packs in use, waiting for the
/// user to accept it or cancel.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportPreview {
    /// Names this preview to `pack_import_accept`, so what is accepted is what was shown.
    #[ts(type = "number")]
    pub token: u64,
    /// The bundle's file name.
    pub file: String,
    pub id: String,
    pub name: String,
    pub publisher: String,
    pub version: String,
    pub review_by: String,
    pub expires: Option<String>,
    pub description: Option<String>,
    /// A national pack (replaces the national pathway) rather than a local one.
    pub national: bool,
    pub example: bool,
    /// Who signed it: a key this computer trusts.
    pub signer: KeyView,
    /// The pack in use that it takes the place of (its name, version and source).
    pub replaces: Option<ReplacedView>,
    pub staleness: Stale,
    /// The warning its contacts would carry today (past review-by or expiry).
    pub warning: Option<String>,
    /// This version is already installed: accepting replaces the kept copy.
    pub reinstall: bool,
    /// Anything else to know before accepting.
    pub notes: Vec<String>,
    pub diff: DiffView,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ReplacedView {
    pub name: String,
    pub version: String,
    pub source: PackSource,
}

/// A public key file offered to be trusted: shown by key id and name, to confirm.
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyPreview {
    pub key: KeyView,
    /// Already trusted: how (the key is not added again).
    pub already: Option<KeyView>,
    /// Signs a pack the user tried to add (the key id the refusal named).
    pub expected: bool,
}

/// One installed version of an imported pack.
#[derive(Debug, Clone, Serialize, TS)]
pub struct VersionView {
    pub version: String,
    pub in_use: bool,
    /// It still verifies against the keys trusted now.
    pub valid: bool,
    /// Why not, when it does not.
    pub problem: Option<String>,
    pub review_by: Option<String>,
    pub expires: Option<String>,
    pub signer: Option<String>,
}

/// One imported pack id, with every kept version.
#[derive(Debug, Clone, Serialize, TS)]
pub struct InstalledView {
    pub id: String,
    pub name: String,
    pub national: bool,
    /// In use now (a version of it, or the built-in one for the national pack).
    pub in_use: bool,
    /// The version in use: a version, or "built-in".
    pub version_in_use: Option<String>,
    /// The user went back to a version: the newest is not used.
    pub pinned: bool,
    /// The built-in national pack's version, for the national pack.
    pub built_in_version: Option<String>,
    pub highest_accepted: Option<String>,
    /// Newest first.
    pub versions: Vec<VersionView>,
}

/// Everything the Packs screen shows about signed packs: the kept versions, the keys
/// trusted, and what could not be used.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LibraryView {
    pub packs: Vec<InstalledView>,
    pub keys: Vec<KeyView>,
    /// Kept versions or key files that could not be used, and why.
    pub problems: Vec<String>,
    pub user_keys_dir: String,
    pub system_keys_dir: Option<String>,
    pub authoring: bool,
}

// ---------------------------------------------------------------------- the packs loaded

/// One pack of the packs in use: the engine's input for it, and where it came from.
#[derive(Debug, Clone)]
pub struct Part {
    pub input: PackInput,
    pub source: PackSource,
}

/// The packs in use, checked together, and each one's source (national first).
pub struct Loaded {
    pub packs: PackSet,
    pub parts: Vec<Part>,
}

/// What loading found wrong, for the start screen or the Packs screen.
#[derive(Debug, Default)]
pub struct LoadProblems {
    pub messages: Vec<String>,
    pub diagnostics: Vec<DiagnosticView>,
}

impl LoadProblems {
    fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
    /// As the start-up problem the front-end shows once.
    pub fn into_error(self) -> Option<AppError> {
        (!self.is_empty()).then(|| AppError::PackInvalid { message: self.messages.join(" "), diagnostics: self.diagnostics })
    }
}

/// The built-in national pack's `[pack]` table.
pub fn built_in_header() -> &'static PackHeader {
    static HEADER: OnceLock<PackHeader> = OnceLock::new();
    HEADER.get_or_init(|| {
        let input = crate::bundled::national_input();
        let mut files = PackFiles { origin: crate::bundled::NATIONAL_DIR.into(), ..PackFiles::default() };
        for (path, data) in input.files {
            if path == Path::new(crate::bundled::NATIONAL_DIR).join(packtrust::PACK_TOML) {
                files.files.insert(packtrust::PACK_TOML.into(), data);
            }
        }
        PackHeader::from_files(&files).expect("the built-in national pack's pack.toml has its [pack] table")
    })
}

fn built_in_version() -> Version {
    packtrust::parse_version(&built_in_header().version).expect("the built-in national pack's version is a semantic version")
}

fn built_in_part() -> Part {
    Part { input: crate::bundled::national_input(), source: PackSource::BuiltIn }
}

fn imported_part(chosen: &packtrust::ChosenPack) -> Part {
    let p = &chosen.pack;
    Part {
        input: p.pack_input(&chosen.dir),
        source: PackSource::Imported {
            version: p.version().to_string(),
            signer: p.signer.name.clone(),
            key_id: p.signer.key_id.to_string(),
            pinned: chosen.pinned,
        },
    }
}

/// Checks packs together, as the engine does (reading problems included).
fn check(parts: &[Part], read: Diagnostics) -> Result<PackSet, Diagnostics> {
    let inputs: Vec<PackInput> = parts.iter().map(|p| p.input.clone()).collect();
    PackSet::from_read(&inputs, read)
}

fn diagnostics(d: &Diagnostics) -> Vec<DiagnosticView> {
    d.iter().map(DiagnosticView::from).collect()
}

/// A pack refused, in the app's words, by kind: the front-end offers "Trust a publisher"
/// for `untrusted-key`, and names the file for `pack-altered`.
pub fn refusal(e: TrustError, origin: &str) -> AppError {
    let file = e.file().map(|f| f.strip_prefix(origin).map(|f| f.trim_start_matches([':', '/', ' '])).unwrap_or(f).to_string());
    match e {
        TrustError::UntrustedKey { key_id } => AppError::UntrustedKey {
            message: format!("This pack is signed by a key this computer does not trust (key id {key_id}). If it comes from your safeguarding partnership, trust their public key first (\"Trust a publisher\"), checking with them that its key id is {key_id}; then add the pack again."),
            key_id: key_id.to_string(),
        },
        TrustError::Rollback { id, offered, accepted } => AppError::Rollback {
            message: format!("Version {offered} of {id} is older than version {accepted}, which this computer has already accepted, so it was not added: an older pack may hold numbers that have since been corrected. To use an earlier version you kept, choose \"Go back to version …\" below."),
            id,
            offered,
            accepted,
        },
        TrustError::FileChanged { .. }
        | TrustError::FileMissing { .. }
        | TrustError::ExtraFile { .. }
        | TrustError::MissingManifest { .. }
        | TrustError::ManifestChanged { .. }
        | TrustError::SignatureFileChanged { .. }
        | TrustError::TrustedCommentChanged { .. }
        | TrustError::BadTrustedComment { .. }
        | TrustError::BadManifest { .. }
        | TrustError::BundleChanged { .. }
        | TrustError::WrongPack { .. }
        | TrustError::DatesDiffer { .. } => {
            AppError::PackAltered { message: format!("This pack was changed after it was signed, so it was not added: {e}. Ask the publisher for a fresh copy."), file: file.or_else(|| Some(origin.to_string())) }
        }
        e => AppError::pack(format!("{origin} cannot be added as a pack: {e}.")),
    }
}

// ---------------------------------------------------------------------- the state

/// A previewed bundle, waiting for Accept.
struct Pending {
    token: u64,
    pack: VerifiedPack,
}

/// Signed packs and trusted keys on this computer, and the import under way.
pub struct PackTrust {
    packs_dir: PathBuf,
    user_keys: PathBuf,
    system_keys: Mutex<Option<PathBuf>>,
    /// Keys trusted for national packs besides the built-in one (tests sign national packs).
    extra_national: Mutex<Vec<PublicKeyFile>>,
    pending: Mutex<Option<Pending>>,
    pending_key: Mutex<Option<(PublicKeyFile, bool)>>,
    /// The last bundle offered: "add it again" after trusting its publisher.
    last_file: Mutex<Option<PathBuf>>,
    /// The key id the last refusal named (an untrusted key).
    wanted_key: Mutex<Option<String>>,
    /// Held while the packs folder or the key folder is written, one change at a time.
    writing: Mutex<()>,
    next_token: AtomicU64,
}

impl PackTrust {
    pub fn new(config_dir: &Path) -> PackTrust {
        PackTrust {
            packs_dir: config_dir.join(PACKS_DIR),
            user_keys: packtrust::user_keys_dir(config_dir),
            system_keys: Mutex::new(packtrust::system_keys_dir()),
            extra_national: Mutex::new(Vec::new()),
            pending: Mutex::new(None),
            pending_key: Mutex::new(None),
            last_file: Mutex::new(None),
            wanted_key: Mutex::new(None),
            writing: Mutex::new(()),
            next_token: AtomicU64::new(1),
        }
    }

    /// Uses another system-wide key folder (tests; `None`: none).
    pub fn set_system_keys_dir(&self, dir: Option<PathBuf>) {
        *held(&self.system_keys) = dir;
    }

    /// Trusts `key` for national packs too (tests: no test can hold the national publisher's secret key).
    pub fn trust_national_key(&self, key: PublicKeyFile) {
        held(&self.extra_national).push(key);
    }

    pub fn packs_dir(&self) -> &Path {
        &self.packs_dir
    }

    pub fn user_keys_dir(&self) -> &Path {
        &self.user_keys
    }

    /// The keys trusted now: built in, the system folder's, the user's (read afresh).
    pub fn keys(&self) -> (TrustedKeys, Vec<TrustError>) {
        let system = held(&self.system_keys).clone();
        let (mut keys, problems) = TrustedKeys::load(system.as_deref(), Some(&self.user_keys));
        for k in held(&self.extra_national).iter() {
            keys.add(k.clone(), KeyRole::National, KeyOrigin::Given("test national key".into()));
        }
        (keys, problems)
    }

    /// The packs folder, with the built-in national version counted as accepted.
    fn store(&self) -> Result<Imported, AppError> {
        let mut store = Imported::open(&self.packs_dir).map_err(|e| AppError::pack(format!("The packs folder cannot be used: {e}.")))?;
        store.note_built_in(&built_in_header().id, &built_in_version()).map_err(|e| AppError::pack(format!("The packs folder cannot be used: {e}.")))?;
        Ok(store)
    }

    /// The imported local pack in use: `Some(None)` when the user removed it, `None` when
    /// nothing was ever chosen.
    fn local_in_use(&self) -> Option<Option<String>> {
        let text = std::fs::read_to_string(self.packs_dir.join(LOCAL_IN_USE)).ok()?;
        let id = text.trim();
        Some((id != NO_LOCAL && !id.is_empty()).then(|| id.to_string()))
    }

    fn set_local_in_use(&self, id: Option<&str>) -> Result<(), AppError> {
        packtrust::write_atomic(&self.packs_dir.join(LOCAL_IN_USE), id.unwrap_or(NO_LOCAL).as_bytes())
            .map_err(|e| AppError::pack(format!("Could not record the local pack in use: {e}.")))
    }

    /// The packs to use, from disk: the newest valid (or chosen) national pack, built in
    /// or imported; then the unsigned folder if authoring mode is on and one is set, else
    /// the imported local pack in use. What cannot be used is left out and reported: the
    /// app always starts with the national pathway. `built_in`: the built-in national pack
    /// already checked (at start), used as it is when nothing replaces it.
    pub fn load(&self, settings: &Settings, built_in: Option<PackSet>) -> (Loaded, LoadProblems) {
        let mut problems = LoadProblems::default();
        let (keys, key_problems) = self.keys();
        for e in key_problems {
            problems.messages.push(format!("A trusted key file was left out: {e}."));
        }
        let (national, local) = match self.store() {
            Ok(store) => {
                let selection = store.select(&keys, (&built_in_header().id, &built_in_version()));
                for p in &selection.problems {
                    problems.messages.push(format!("{} version {} on this computer cannot be used: {}.", p.id, p.version, p.error));
                }
                let local = match self.local_in_use() {
                    Some(Some(id)) => selection.locals.iter().find(|c| c.pack.id() == id),
                    Some(None) => None,
                    None => selection.locals.first(),
                };
                (selection.national.as_ref().map(imported_part), local.map(imported_part))
            }
            Err(e) => {
                problems.messages.push(e.to_string());
                (None, None)
            }
        };
        let national_imported = national.is_some();
        let national = national.unwrap_or_else(built_in_part);

        // The local pack: the unsigned folder in authoring mode, else the imported one.
        let mut read = Diagnostics::default();
        let local = match (&settings.local_pack, settings.authoring) {
            (Some(dir), true) => Some(Part { input: PackInput::read_dir(dir, &mut read), source: PackSource::Unsigned { dir: dir.display().to_string() } }),
            (Some(dir), false) => {
                problems.messages.push(format!("The unsigned pack in {} was not loaded: unsigned packs load only in authoring mode (Settings). Ask your safeguarding partnership for a signed pack, and add it in Packs.", dir.display()));
                local
            }
            (None, _) => local,
        };

        if let Some(local) = local {
            let unsigned = matches!(local.source, PackSource::Unsigned { .. });
            let parts = vec![national.clone(), local];
            match check(&parts, read) {
                Ok(packs) if packs.locals().len() == 1 => return (Loaded { packs, parts }, problems),
                Ok(_) => problems
                    .messages
                    .push(format!("{} holds no local pack (a pack.toml with `overlays = \"england\"`), so it was left out.", describe(&parts[1]))),
                Err(d) => {
                    problems.messages.push(format!("{} was not loaded: it has {} problem(s) with the national pack in use.", describe(&parts[1]), d.len()));
                    if unsigned || problems.diagnostics.is_empty() {
                        problems.diagnostics = diagnostics(&d);
                    }
                }
            }
        }
        let parts = vec![national];
        if !national_imported {
            if let Some(packs) = built_in {
                return (Loaded { packs, parts }, problems);
            }
        }
        match check(&parts, Diagnostics::default()) {
            Ok(packs) => (Loaded { packs, parts }, problems),
            Err(d) => {
                problems.messages.push(format!(
                    "{} was not loaded: it has {} problem(s); the national pack built into the app is used.",
                    describe(&parts[0]),
                    d.len()
                ));
                problems.diagnostics = diagnostics(&d);
                let parts = vec![built_in_part()];
                let packs = check(&parts, Diagnostics::default()).expect("the built-in national pack passes its checks");
                (Loaded { packs, parts }, problems)
            }
        }
    }

    /// The unsigned folder `dir` over the national pack in use: refused, with the
    /// engine's messages, unless it checks (the packs in use then stay).
    pub fn load_unsigned(&self, national: &Part, dir: &Path) -> Result<Loaded, AppError> {
        let mut read = Diagnostics::default();
        let parts =
            vec![national.clone(), Part { input: PackInput::read_dir(dir, &mut read), source: PackSource::Unsigned { dir: dir.display().to_string() } }];
        let packs = check(&parts, read).map_err(|d| AppError::PackInvalid {
            message: format!("The pack in {} was not loaded: it has {} problem(s). The packs you had stay in use.", dir.display(), d.len()),
            diagnostics: diagnostics(&d),
        })?;
        if packs.locals().is_empty() {
            return Err(AppError::pack(format!(
                "{} holds no local pack (a pack.toml with `overlays = \"england\"`). The packs you had stay in use.",
                dir.display()
            )));
        }
        Ok(Loaded { packs, parts })
    }

    /// Forgets the import under way.
    pub fn cancel(&self) {
        *held(&self.pending) = None;
    }
}

fn describe(part: &Part) -> String {
    match &part.source {
        PackSource::BuiltIn => "The built-in national pack".to_string(),
        PackSource::Imported { version, .. } => format!("The pack in {} (version {version})", part.input.dir.display()),
        PackSource::Unsigned { dir } => format!("The unsigned pack in {dir}"),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

// ---------------------------------------------------------------------- what the app does

impl Core {
    /// Verifies the bundle at `path` (or the last one offered), checks it with the packs
    /// in use, and says what would change, without installing anything.
    pub fn pack_import_preview(&self, path: Option<&Path>) -> Result<ImportPreview, AppError> {
        let trust = self.trust();
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => held(&trust.last_file).clone().ok_or_else(|| AppError::pack("Choose a pack file first."))?,
        };
        *held(&trust.last_file) = Some(path.clone());
        trust.cancel();
        let name = file_name(&path);
        let bytes = packtrust::read_bundle_file(&path).map_err(|e| refusal(e, &name))?;
        let store = trust.store()?;
        let (keys, _) = trust.keys();
        let pack = store.preview_bundle(&bytes, &name, &keys).map_err(|e| {
            if let TrustError::UntrustedKey { key_id } = &e {
                *held(&trust.wanted_key) = Some(key_id.to_string());
            }
            refusal(e, &name)
        })?;
        let (current, parts) = self.loaded_packs();
        let mut notes = Vec::new();
        let national = pack.header.is_national();
        let new_part = Part {
            input: pack.pack_input(&path),
            source: PackSource::Imported {
                version: pack.version().to_string(),
                signer: pack.signer.name.clone(),
                key_id: pack.signer.key_id.to_string(),
                pinned: false,
            },
        };
        let (candidate_parts, replaced) = if national {
            let built = built_in_header();
            if pack.id() != built.id {
                return Err(AppError::pack(format!(
                    "{name} is a national pack for `{}`; this app's national pathway is `{}`, so it cannot replace it.",
                    pack.id(),
                    built.id
                )));
            }
            if pack.version() <= &built_in_version() {
                return Err(AppError::Rollback {
                    message: format!(
                        "Version {} of the national pack is not newer than version {}, which is built into this app, so it was not added.",
                        pack.version(),
                        built.version
                    ),
                    id: pack.id().to_string(),
                    offered: pack.version().to_string(),
                    accepted: built.version.clone(),
                });
            }
            let mut candidate = vec![new_part];
            candidate.extend(parts.get(1).cloned());
            (candidate, Some(0))
        } else {
            (vec![parts[0].clone(), new_part], (parts.len() > 1).then_some(1))
        };
        let candidate = match check(&candidate_parts, Diagnostics::default()) {
            Ok(packs) => packs,
            Err(d) if national && candidate_parts.len() > 1 => {
                notes.push(format!("Your local pack ({}) does not load with this national pack ({} problem(s)), so it would be left out until your partnership sends one that does.", current.packs()[1].name, d.len()));
                check(&candidate_parts[..1], Diagnostics::default()).map_err(|d| AppError::PackInvalid {
                    message: format!("{name} is signed, but the app's checks refuse it: {} problem(s). Nothing was changed.", d.len()),
                    diagnostics: diagnostics(&d),
                })?
            }
            Err(d) => {
                return Err(AppError::PackInvalid {
                    message: format!(
                        "{name} is signed by {}, but the app's checks refuse it with the national pack in use: {} problem(s). Nothing was changed.",
                        pack.signer.name,
                        d.len()
                    ),
                    diagnostics: diagnostics(&d),
                })
            }
        };
        if !national && candidate.locals().is_empty() {
            return Err(AppError::pack(format!("{name} holds no local pack.")));
        }
        let info = if national { candidate.national().clone() } else { candidate.locals()[0].clone() };
        let replaced_info = replaced.map(|i| current.packs()[i].clone());
        if let Some(r) = &replaced_info {
            if r.id != info.id && !national {
                notes.push(format!("It takes the place of {} (version {}), which is kept: you can go back to it below.", r.name, r.version));
            }
        }
        if let Some(PackSource::Unsigned { dir }) = replaced.map(|i| &parts[i].source) {
            notes.push(format!("The unsigned pack in {dir} will no longer be used."));
        }
        let reinstall = store.versions(pack.id()).iter().any(|v| &v.version == pack.version());
        if reinstall {
            notes.push("This version is already on this computer: accepting replaces the kept copy.".into());
        }
        let diff = PackDiff::between(&current, &candidate);
        let (staleness, warning) = staleness(&info, self.today());
        let (keys, _) = trust.keys();
        let signer = keys.find(pack.signer.key_id).map(KeyView::of).expect("the signer is trusted");
        let token = trust.next_token.fetch_add(1, Ordering::Relaxed);
        let preview = ImportPreview {
            token,
            file: name,
            id: info.id.clone(),
            name: info.name.clone(),
            publisher: info.publisher.clone(),
            version: info.version.clone(),
            review_by: info.review_by.clone(),
            expires: info.expires.clone(),
            description: info.description.clone(),
            national,
            example: info.example,
            signer,
            replaces: replaced.map(|i| ReplacedView {
                name: current.packs()[i].name.clone(),
                version: current.packs()[i].version.clone(),
                source: parts[i].source.clone(),
            }),
            staleness,
            warning,
            reinstall,
            notes,
            diff: DiffView::of(&diff, replaced_info.as_ref(), &info),
        };
        *held(&trust.pending) = Some(Pending { token, pack });
        Ok(preview)
    }

    /// Installs the previewed pack (`token` from its preview), keeps the previous
    /// versions, and loads it.
    pub fn pack_import_accept(&self, token: u64) -> Result<PacksView, AppError> {
        let trust = self.trust();
        let _writing = held(&trust.writing);
        let pending = held(&trust.pending)
            .take()
            .filter(|p| p.token == token)
            .ok_or_else(|| AppError::pack("That pack is no longer waiting to be accepted: add it again."))?;
        let mut store = trust.store()?;
        store.install(&pending.pack).map_err(|e| refusal(e, &pending.pack.files.origin))?;
        if !pending.pack.header.is_national() {
            trust.set_local_in_use(Some(pending.pack.id()))?;
            self.forget_unsigned_pack()?;
        }
        *held(&trust.last_file) = None;
        Ok(self.reload_packs())
    }

    /// Uses a kept version of `id`: a version, "newest", or "built-in" (the national pack
    /// built into the app). A local pack chosen this way becomes the one in use.
    pub fn pack_use_version(&self, id: &str, version: &str) -> Result<PacksView, AppError> {
        let trust = self.trust();
        let _writing = held(&trust.writing);
        let mut store = trust.store()?;
        let (keys, _) = trust.keys();
        let national = id == built_in_header().id;
        let fail = |e: TrustError| refusal(e, id);
        match version {
            BUILT_IN if national => store.use_built_in(id).map_err(fail)?,
            BUILT_IN => return Err(AppError::pack(format!("`{id}` has no built-in version."))),
            "newest" => {
                let (chosen, problems) = store.choose(id, &keys);
                if chosen.is_none() {
                    return Err(AppError::pack(format!(
                        "No kept version of `{id}` can be used: {}",
                        problems.iter().map(|p| format!("{}: {}", p.version, p.error)).collect::<Vec<_>>().join("; ")
                    )));
                }
                store.use_newest(id).map_err(fail)?;
            }
            v => {
                let v = Version::parse(v).map_err(|e| AppError::pack(format!("`{v}` is not a version: {e}.")))?;
                store.use_version(id, &v, &keys).map_err(fail)?;
            }
        }
        if !national {
            trust.set_local_in_use(Some(id))?;
            self.forget_unsigned_pack()?;
        }
        Ok(self.reload_packs())
    }

    /// Stops using the imported local pack (its versions stay kept).
    pub fn pack_stop_local(&self) -> Result<(), AppError> {
        self.trust().set_local_in_use(None)
    }

    /// Reads a public key file to show its key id and name before it is trusted.
    pub fn trust_key_preview(&self, path: &Path) -> Result<KeyPreview, AppError> {
        let trust = self.trust();
        let key = PublicKeyFile::read(path)
            .map_err(|e| AppError::KeyInvalid { message: format!("{e}. Choose the publisher's public key file (it ends in .pub).") })?;
        let (keys, _) = trust.keys();
        let already = keys.find(key.key_id()).map(KeyView::of);
        let expected = held(&trust.wanted_key).as_deref() == Some(&key.key_id().to_string());
        let view = KeyView {
            key_id: key.key_id().to_string(),
            name: key.name().to_string(),
            role: "local".into(),
            origin: "file".into(),
            file: Some(path.display().to_string()),
        };
        *held(&trust.pending_key) = Some((key, expected));
        Ok(KeyPreview { key: view, already, expected })
    }

    /// Trusts the key last previewed, if its key id is `key_id` (what the user confirmed),
    /// for local packs: written to the user's key folder. Loads any kept pack it signs.
    pub fn trust_key_confirm(&self, key_id: &str) -> Result<PacksView, AppError> {
        let trust = self.trust();
        let _writing = held(&trust.writing);
        let (key, _) = held(&trust.pending_key)
            .take()
            .filter(|(k, _)| k.key_id().to_string() == key_id)
            .ok_or_else(|| AppError::KeyInvalid { message: "That key is no longer waiting to be confirmed: choose its file again.".into() })?;
        let (keys, _) = trust.keys();
        if keys.find(key.key_id()).is_none() {
            packtrust::add_key_to_folder(&trust.user_keys, &key).map_err(|e| AppError::KeyInvalid { message: format!("Could not save the key: {e}.") })?;
        }
        *held(&trust.wanted_key) = None;
        Ok(self.reload_packs())
    }

    /// Stops trusting a key the user added (the built-in key and the administrator's
    /// cannot be removed here). Packs it signed are no longer loaded.
    pub fn trust_key_remove(&self, key_id: &str) -> Result<PacksView, AppError> {
        let trust = self.trust();
        let _writing = held(&trust.writing);
        let id: packtrust::KeyId = key_id.parse().map_err(|e: String| AppError::KeyInvalid { message: e })?;
        let (keys, _) = trust.keys();
        match keys.find(id).map(|k| &k.origin) {
            Some(KeyOrigin::User(_)) => {}
            Some(_) => {
                return Err(AppError::KeyInvalid {
                    message: format!("Key {key_id} is built in or was put on this computer by an administrator; it cannot be removed here."),
                })
            }
            None => return Err(AppError::KeyInvalid { message: format!("Key {key_id} is not trusted.") }),
        }
        packtrust::remove_key_from_folder(&trust.user_keys, id).map_err(|e| AppError::KeyInvalid { message: format!("Could not remove the key: {e}.") })?;
        Ok(self.reload_packs())
    }

    /// The kept versions of every imported pack, the keys trusted, and what cannot be used.
    pub fn pack_library(&self) -> LibraryView {
        let trust = self.trust();
        let (keys, key_problems) = trust.keys();
        let mut problems: Vec<String> = key_problems.iter().map(|e| format!("A trusted key file was left out: {e}.")).collect();
        let (current, parts) = self.loaded_packs();
        let in_use = |id: &str| current.packs().iter().position(|p| p.id == id).map(|i| &parts[i].source);
        let mut packs = Vec::new();
        match trust.store() {
            Err(e) => problems.push(e.to_string()),
            Ok(store) => {
                for id in store.ids() {
                    let national = id == built_in_header().id;
                    let source = in_use(&id);
                    let mut name = None;
                    let versions: Vec<VersionView> = store
                        .versions(&id)
                        .into_iter()
                        .map(|v| {
                            let version = v.version.to_string();
                            let this_in_use = matches!(source, Some(PackSource::Imported { version: u, .. }) if *u == version);
                            match packtrust::verify_dir(&v.dir, &keys) {
                                Ok(p) => {
                                    name.get_or_insert_with(|| p.header.name.clone());
                                    VersionView {
                                        version,
                                        in_use: this_in_use,
                                        valid: true,
                                        problem: None,
                                        review_by: Some(p.header.review_by.to_string()),
                                        expires: p.header.expires.map(|d| d.to_string()),
                                        signer: Some(p.signer.name.clone()),
                                    }
                                }
                                Err(e) => {
                                    problems.push(format!("{id} version {version} on this computer cannot be used: {e}."));
                                    VersionView {
                                        version,
                                        in_use: this_in_use,
                                        valid: false,
                                        problem: Some(e.to_string()),
                                        review_by: None,
                                        expires: None,
                                        signer: None,
                                    }
                                }
                            }
                        })
                        .collect();
                    if versions.is_empty() {
                        continue;
                    }
                    let version_in_use = match source {
                        Some(PackSource::Imported { version, .. }) => Some(version.clone()),
                        Some(PackSource::BuiltIn) => Some(BUILT_IN.to_string()),
                        _ => None,
                    };
                    packs.push(InstalledView {
                        name: name.unwrap_or_else(|| id.clone()),
                        national,
                        in_use: source.is_some() && !matches!(source, Some(PackSource::Unsigned { .. })),
                        pinned: matches!(source, Some(PackSource::Imported { pinned: true, .. }))
                            || (national && store.chosen(&id).as_deref() == Some(BUILT_IN)),
                        built_in_version: national.then(|| built_in_header().version.clone()),
                        highest_accepted: store.accepted().highest(&id).map(|v| v.to_string()),
                        version_in_use,
                        versions,
                        id,
                    });
                }
            }
        }
        let system = held(&trust.system_keys).clone();
        LibraryView {
            packs,
            keys: keys.iter().map(KeyView::of).collect(),
            problems,
            user_keys_dir: trust.user_keys.display().to_string(),
            system_keys_dir: system.map(|d| d.display().to_string()),
            authoring: self.settings().authoring,
        }
    }
}

// ---------------------------------------------------------------------- the commands

/// The Tauri commands (named in `command_list.rs`, re-exported by `commands`). The
/// file pickers open from Rust: the front-end has no dialog or file permission.
pub mod commands {
    use super::*;
    use tauri::{AppHandle, Manager, State};
    use tauri_plugin_dialog::DialogExt;

    async fn off_main<T: Send + 'static>(app: AppHandle, work: impl FnOnce(&Core) -> Result<T, AppError> + Send + 'static) -> Result<T, AppError> {
        tauri::async_runtime::spawn_blocking(move || work(&app.state::<Core>()))
            .await
            .map_err(|e| AppError::Internal { message: format!("the work stopped before it finished: {e}") })?
    }

    #[tauri::command]
    pub async fn pack_library(app: AppHandle) -> Result<LibraryView, AppError> {
        off_main(app, |core| Ok(core.pack_library())).await
    }

    /// Opens the file picker for a bundle, then previews it. `None` when the user cancels.
    #[tauri::command]
    pub async fn pack_import_choose(app: AppHandle) -> Result<Option<ImportPreview>, AppError> {
        let dialog = app
            .dialog()
            .file()
            .set_title("Choose a pack file from your safeguarding partnership")
            .add_filter("Safeguarding Pathways pack", &[packtrust::BUNDLE_EXTENSION]);
        let Some(picked) = dialog.blocking_pick_file() else { return Ok(None) };
        let path = picked.into_path().map_err(|e| AppError::pack(format!("that file cannot be used: {e}")))?;
        off_main(app, move |core| core.pack_import_preview(Some(&path))).await.map(Some)
    }

    /// Previews the bundle at `path` (typed by the user), or the last one offered.
    #[tauri::command]
    pub async fn pack_import_file(app: AppHandle, path: Option<String>) -> Result<ImportPreview, AppError> {
        off_main(app, move |core| core.pack_import_preview(path.as_deref().map(|p| Path::new(p.trim())))).await
    }

    #[tauri::command]
    pub async fn pack_import_accept(app: AppHandle, token: u64) -> Result<PacksView, AppError> {
        off_main(app, move |core| core.pack_import_accept(token)).await
    }

    #[tauri::command]
    pub fn pack_import_cancel(core: State<'_, Core>) {
        core.trust().cancel();
    }

    #[tauri::command]
    pub async fn pack_use_version(app: AppHandle, id: String, version: String) -> Result<PacksView, AppError> {
        off_main(app, move |core| core.pack_use_version(&id, &version)).await
    }

    /// Opens the file picker for a public key, then shows it to confirm. `None` when the user cancels.
    #[tauri::command]
    pub async fn trust_key_choose(app: AppHandle) -> Result<Option<KeyPreview>, AppError> {
        let dialog = app.dialog().file().set_title("Choose the publisher's public key file").add_filter("Public key", &["pub"]);
        let Some(picked) = dialog.blocking_pick_file() else { return Ok(None) };
        let path = picked.into_path().map_err(|e| AppError::KeyInvalid { message: format!("that file cannot be used: {e}") })?;
        off_main(app, move |core| core.trust_key_preview(&path)).await.map(Some)
    }

    #[tauri::command]
    pub async fn trust_key_file(app: AppHandle, path: String) -> Result<KeyPreview, AppError> {
        off_main(app, move |core| core.trust_key_preview(Path::new(path.trim()))).await
    }

    #[tauri::command]
    pub async fn trust_key_confirm(app: AppHandle, key_id: String) -> Result<PacksView, AppError> {
        off_main(app, move |core| core.trust_key_confirm(&key_id)).await
    }

    #[tauri::command]
    pub async fn trust_key_remove(app: AppHandle, key_id: String) -> Result<PacksView, AppError> {
        off_main(app, move |core| core.trust_key_remove(&key_id)).await
    }
}

/// Writes the TypeScript twins of this module's IPC types (for the bindings test in `lib.rs`).
#[cfg(test)]
pub(crate) fn export_bindings(cfg: &ts_rs::Config) {
    ImportPreview::export_all(cfg).unwrap();
    LibraryView::export_all(cfg).unwrap();
    KeyPreview::export_all(cfg).unwrap();
    PackSource::export_all(cfg).unwrap();
    Stale::export_all(cfg).unwrap();
}

#[cfg(test)]
mod tests {
    //! The app's side of signed packs, without a window: keys made here (never a secret
    //! key in the repository), bundles signed here, imported through `Core` as the
    //! commands do.
    use super::*;
    use crate::clock::{self, Clock};
    use crate::core::tests::walk_case;
    use packtrust::SigningKey;
    use pathway::Case;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    const EDT: &str = "csc-out-of-hours";

    /// A publisher: a key pair made for the test, its public key written to a file.
    struct Publisher {
        key: SigningKey,
        public: PublicKeyFile,
        pub_file: PathBuf,
    }

    fn publisher(dir: &Path, name: &str) -> Publisher {
        let pair = SigningKey::generate(name, None).unwrap();
        let key = SigningKey::from_text(&pair.secret_text, "test", || unreachable!("not encrypted")).unwrap();
        let pub_file = dir.join(format!("{}.pub", name.replace(' ', "-")));
        std::fs::write(&pub_file, pair.public.to_text()).unwrap();
        Publisher { key, public: pair.public, pub_file }
    }

    /// The example local pack at `version`, its emergency duty team on `edt`.
    fn example(version: &str, edt: &str) -> PackFiles {
        let mut files = PackFiles::read_dir(&root().join("pathways/local/example")).unwrap();
        let toml = String::from_utf8(files.files["pack.toml"].clone()).unwrap().replace("version = \"1.0.0\"", &format!("version = \"{version}\""));
        files.files.insert("pack.toml".into(), toml.into_bytes());
        let contacts = String::from_utf8(files.files["contacts.toml"].clone()).unwrap();
        assert!(contacts.contains("020 7946 0456"));
        files.files.insert("contacts.toml".into(), contacts.replace("020 7946 0456", edt).into_bytes());
        files
    }

    /// Signs `files` with `by` and writes the bundle into `dir`.
    fn bundle(dir: &Path, mut files: PackFiles, by: &Publisher) -> PathBuf {
        let claims = packtrust::sign_files(&mut files, &by.key).unwrap();
        let path = dir.join(format!("{}-{}.sgpack", claims.id, claims.version));
        std::fs::write(&path, files.to_bundle().unwrap()).unwrap();
        path
    }

    fn core_at(config: &Path, now: &str) -> Core {
        let core = Core::new(crate::bundled::national().unwrap(), Clock::new(clock::parse_now(now)), config.to_path_buf());
        core.trust().set_system_keys_dir(None);
        core
    }

    fn new_core(config: &Path, now: &str) -> Core {
        let core = core_at(config, now);
        core.save_settings(Settings { agency: Some("health".into()), ..Settings::default() }).unwrap();
        core
    }

    /// The emergency duty team's number on p09's outcome screen (a fracture on a Saturday night).
    fn p09_duty_team_number(core: &Core) -> String {
        let case = Case::load(&root().join("tests/cases/p09-fracture-saturday.toml")).unwrap();
        let view = walk_case(core, &case.facts);
        let edt = view.result.outcomes.iter().flat_map(|o| &o.contacts).find(|c| c.id == EDT).expect("p09 names the emergency duty team");
        edt.numbers[0].value.clone()
    }

    fn sources(core: &Core) -> Vec<(String, PackSource)> {
        core.packs().packs.into_iter().map(|p| (p.info.id, p.source)).collect()
    }

    fn imported(version: &str, pinned: bool, by: &Publisher) -> PackSource {
        PackSource::Imported { version: version.into(), signer: by.public.name().into(), key_id: by.public.key_id().to_string(), pinned }
    }

    #[test]
    fn a_signed_local_pack_is_trusted_previewed_accepted_kept_and_refused_when_older_or_altered() {
        let files = tempfile::tempdir().unwrap();
        let config = tempfile::tempdir().unwrap();
        let northbrook = publisher(files.path(), "Northbrook partnership");
        let v1 = bundle(files.path(), example("1.0.0", "020 7946 0456"), &northbrook);
        let v11 = bundle(files.path(), example("1.1.0", "020 7946 0321"), &northbrook);
        let core = new_core(config.path(), "2026-11-21T19:40");

        // Not trusted yet: refused, naming the key id to trust.
        let err = core.pack_import_preview(Some(&v1)).unwrap_err();
        let AppError::UntrustedKey { key_id, message } = &err else { panic!("{err:?}") };
        assert_eq!(key_id, &northbrook.public.key_id().to_string());
        assert!(message.contains(key_id.as_str()) && message.contains("Trust a publisher"), "{message}");
        assert_eq!(sources(&core).len(), 1, "nothing changed");

        // Trust the publisher: the key id and name shown, then confirmed.
        let shown = core.trust_key_preview(&northbrook.pub_file).unwrap();
        assert_eq!(
            (shown.key.key_id.as_str(), shown.key.name.as_str(), shown.expected, shown.already.is_none()),
            (key_id.as_str(), "Northbrook partnership", true, true)
        );
        assert!(core.trust_key_confirm("0000000000000000").is_err(), "only the key id shown is confirmed");
        core.trust_key_preview(&northbrook.pub_file).unwrap();
        core.trust_key_confirm(key_id).unwrap();
        let saved = config.path().join("trusted-keys").join(format!("{key_id}.pub"));
        assert_eq!(PublicKeyFile::read(&saved).unwrap().key_id(), northbrook.public.key_id(), "kept in the user's key folder");

        // Add it again (the last file offered): what changed against the national pack alone.
        let preview = core.pack_import_preview(None).unwrap();
        assert_eq!(
            (preview.id.as_str(), preview.version.as_str(), preview.national, preview.signer.name.as_str(), preview.signer.origin.as_str()),
            ("northbrook-example", "1.0.0", false, "Northbrook partnership", "user")
        );
        assert_eq!(preview.review_by, "2027-05-31");
        assert_eq!(preview.expires.as_deref(), Some("2027-11-30"));
        assert!(preview.replaces.is_none());
        assert_eq!(preview.staleness, Stale::Current);
        let edt = preview.diff.contacts.iter().find(|c| c.id == EDT).expect("the duty team's placeholder is filled");
        assert_eq!(edt.change, ContactChangeKind::Changed);
        assert!(edt.rows.iter().any(|r| r.new.as_deref() == Some("020 7946 0456") && r.old.is_none() && r.changed), "{:?}", edt.rows);
        assert!(edt.rows.iter().any(|r| r.what == "Local number" && r.old.as_deref() == Some("No local number yet")));
        assert_eq!(preview.diff.pack.iter().find(|r| r.what == "Version").map(|r| (r.old.clone(), r.new.clone())), Some((None, Some("1.0.0".into()))));
        assert!(!preview.diff.office_hours.is_empty(), "the front door's hours are new");
        assert!(core.pack_import_accept(preview.token + 1).is_err(), "only what was shown is accepted");
        let preview = core.pack_import_preview(Some(&v1)).unwrap();
        let packs = core.pack_import_accept(preview.token).unwrap();
        assert_eq!(packs.packs.len(), 2);
        assert_eq!(packs.packs[1].source, imported("1.0.0", false, &northbrook));
        assert_eq!(packs.packs[0].source, PackSource::BuiltIn);
        assert!(packs.packs[0].bundled);
        assert_eq!(p09_duty_team_number(&core), "020 7946 0456");

        // Version 1.1.0: the duty team's new number, side by side.
        let preview = core.pack_import_preview(Some(&v11)).unwrap();
        let replaces = preview.replaces.as_ref().unwrap();
        assert_eq!((replaces.version.as_str(), &replaces.source), ("1.0.0", &imported("1.0.0", false, &northbrook)));
        // The duty team's number changed, in its own entry and where the LADO's gives it out of hours.
        assert_eq!(preview.diff.contacts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [EDT, "lado"], "{:?}", preview.diff.contacts);
        let rows = &preview.diff.contacts[0].rows;
        let number = rows.iter().find(|r| r.changed).unwrap();
        assert_eq!((number.old.as_deref(), number.new.as_deref()), (Some("020 7946 0456"), Some("020 7946 0321")));
        assert!(rows.iter().any(|r| r.what == "Name" && !r.changed), "unchanged rows are shown too, for context");
        assert_eq!(preview.diff.pack.iter().filter(|r| r.changed).map(|r| r.what.as_str()).collect::<Vec<_>>(), ["Version"]);
        assert!(preview.diff.office_hours.is_empty() && !preview.diff.nothing);
        core.pack_import_accept(preview.token).unwrap();
        assert_eq!(p09_duty_team_number(&core), "020 7946 0321", "the new number on a Saturday night");

        // An older version: refused (rollback), nothing changed.
        let err = core.pack_import_preview(Some(&v1)).unwrap_err();
        let AppError::Rollback { offered, accepted, message, .. } = &err else { panic!("{err:?}") };
        assert_eq!((offered.as_str(), accepted.as_str()), ("1.0.0", "1.1.0"));
        assert!(message.contains("older than version 1.1.0"), "{message}");

        // An altered file: refused, naming it.
        let mut tampered = std::fs::read(bundle(files.path(), example("1.2.0", "020 7946 0654"), &northbrook)).unwrap();
        let at = tampered.windows(12).position(|w| w == b"020 7946 065").unwrap();
        tampered[at + 11] = b'9';
        let tampered_path = files.path().join("northbrook-example-1.2.0-tampered.sgpack");
        std::fs::write(&tampered_path, &tampered).unwrap();
        let err = core.pack_import_preview(Some(&tampered_path)).unwrap_err();
        let AppError::PackAltered { file, message } = &err else { panic!("{err:?}") };
        assert_eq!(file.as_deref(), Some("contacts.toml"));
        assert!(message.contains("contacts.toml") && message.contains("changed after it was signed"), "{message}");
        assert!(core.pack_import_accept(u64::MAX).is_err());

        // Kept versions; go back to 1.0.0, which stays after a restart, then forward again.
        let library = core.pack_library();
        let kept = library.packs.iter().find(|p| p.id == "northbrook-example").unwrap();
        assert_eq!(kept.versions.iter().map(|v| (v.version.as_str(), v.in_use, v.valid)).collect::<Vec<_>>(), [("1.1.0", true, true), ("1.0.0", false, true)]);
        assert_eq!(kept.highest_accepted.as_deref(), Some("1.1.0"));
        assert!(library.keys.iter().any(|k| k.key_id == *key_id && k.origin == "user"));
        assert!(library.keys.iter().any(|k| k.origin == "built-in" && k.role == "national"));
        let packs = core.pack_use_version("northbrook-example", "1.0.0").unwrap();
        assert_eq!(packs.packs[1].source, imported("1.0.0", true, &northbrook));
        drop(core);
        let core = core_at(config.path(), "2026-11-21T19:40");
        assert_eq!(sources(&core)[1].1, imported("1.0.0", true, &northbrook), "the choice to go back is kept");
        assert!(core.boot().startup_problem.is_none());
        core.pack_use_version("northbrook-example", "newest").unwrap();
        drop(core);
        let core = core_at(config.path(), "2026-11-21T19:40");
        assert_eq!(sources(&core)[1].1, imported("1.1.0", false, &northbrook), "the newest valid version at start");
        assert_eq!(p09_duty_team_number(&core), "020 7946 0321");

        // A kept copy altered on disk is passed over, and said at start.
        let contacts = config.path().join("packs/northbrook-example/1.1.0/contacts.toml");
        let text = std::fs::read_to_string(&contacts).unwrap();
        std::fs::write(&contacts, text.replace("020 7946 0321", "020 7946 0322")).unwrap();
        drop(core);
        let core = core_at(config.path(), "2026-11-21T19:40");
        assert_eq!(sources(&core)[1].1, imported("1.0.0", false, &northbrook), "the previous version, which still verifies");
        let problem = core.boot().startup_problem.expect("said at start");
        assert!(
            problem.to_string().contains("northbrook-example version 1.1.0") && problem.to_string().contains("contacts.toml was changed after signing"),
            "{problem}"
        );

        // Stop trusting the key: its packs are no longer loaded.
        let packs = core.trust_key_remove(key_id).unwrap();
        assert_eq!(packs.packs.len(), 1);
        assert!(core.trust_key_remove(&PublicKeyFile::national().key_id().to_string()).is_err(), "the built-in key stays");
    }

    #[test]
    fn a_newer_signed_national_pack_replaces_the_built_in_one_and_only_a_national_key_may_sign_it() {
        let files = tempfile::tempdir().unwrap();
        let config = tempfile::tempdir().unwrap();
        let national = publisher(files.path(), "Test national publisher");
        let local = publisher(files.path(), "Northbrook partnership");
        let england = |version: &str| {
            let mut f = PackFiles::read_dir(&root().join("pathways/england")).unwrap();
            let toml = String::from_utf8(f.files["pack.toml"].clone()).unwrap().replace("version = \"2.0.0\"", &format!("version = \"{version}\""));
            f.files.insert("pack.toml".into(), toml.into_bytes());
            f
        };
        let newer = bundle(files.path(), england("2.1.0"), &national);
        let same = bundle(files.path(), england("2.0.0"), &national);
        let core = new_core(config.path(), "2026-11-23T10:00");
        core.trust().trust_national_key(national.public.clone());
        std::fs::create_dir_all(files.path().join("system")).unwrap();
        std::fs::copy(&local.pub_file, files.path().join("system/northbrook.pub")).unwrap();
        core.trust().set_system_keys_dir(Some(files.path().join("system")));

        // A local publisher's key (here from the administrator's folder) cannot sign the national pack.
        let by_local = bundle(files.path(), england("2.2.0"), &local);
        let err = core.pack_import_preview(Some(&by_local)).unwrap_err();
        assert_eq!(err.kind(), "pack-invalid", "{err:?}");
        assert!(err.to_string().contains("only the national publisher's key may sign"), "{err}");
        // Not newer than the one built in: refused.
        let err = core.pack_import_preview(Some(&same)).unwrap_err();
        assert_eq!(err.kind(), "rollback", "{err:?}");

        let preview = core.pack_import_preview(Some(&newer)).unwrap();
        assert!(preview.national);
        assert_eq!(preview.replaces.as_ref().map(|r| (r.version.as_str(), &r.source)), Some(("2.0.0", &PackSource::BuiltIn)));
        assert_eq!(preview.diff.pack.iter().filter(|r| r.changed).map(|r| r.what.as_str()).collect::<Vec<_>>(), ["Version"]);
        let packs = core.pack_import_accept(preview.token).unwrap();
        assert_eq!(packs.packs[0].source, imported("2.1.0", false, &national));
        assert!(!packs.packs[0].bundled);

        // Back to the built-in one, and forward again.
        core.pack_use_version("england", BUILT_IN).unwrap();
        assert_eq!(sources(&core)[0].1, PackSource::BuiltIn);
        let library = core.pack_library();
        let england_kept = library.packs.iter().find(|p| p.id == "england").unwrap();
        assert_eq!(
            (england_kept.version_in_use.as_deref(), england_kept.pinned, england_kept.built_in_version.as_deref()),
            (Some(BUILT_IN), true, Some("2.0.0"))
        );
        core.pack_use_version("england", "newest").unwrap();
        assert_eq!(sources(&core)[0].1, imported("2.1.0", false, &national));
        assert!(library.keys.iter().any(|k| k.origin == "system" && k.role == "local" && k.name == "Northbrook partnership"));
        assert_eq!(core.trust_key_remove(&local.public.key_id().to_string()).unwrap_err().kind(), "key-invalid", "an administrator's key is not removed here");
    }

    #[test]
    fn old_packs_warn_on_every_contact_and_are_never_refused() {
        let files = tempfile::tempdir().unwrap();
        let northbrook = publisher(files.path(), "Northbrook partnership");
        let v1 = bundle(files.path(), example("1.0.0", "020 7946 0456"), &northbrook);
        for (now, stale, words) in [
            ("2027-05-31T10:00", Stale::Current, None),
            ("2027-06-01T10:00", Stale::ReviewOverdue, Some("was due for review by 2027-05-31")),
            ("2027-12-01T10:00", Stale::Expired, Some("may be out of date: check it before calling")),
        ] {
            let config = tempfile::tempdir().unwrap();
            let core = new_core(config.path(), now);
            core.trust().set_system_keys_dir(Some(files.path().to_path_buf()));
            let preview = core.pack_import_preview(Some(&v1)).unwrap();
            assert_eq!(preview.staleness, stale, "{now}");
            core.pack_import_accept(preview.token).unwrap();
            let local = core.packs().packs.into_iter().find(|p| p.info.id == "northbrook-example").expect("loaded whatever its age");
            assert_eq!(local.staleness, stale, "{now}");
            match words {
                None => assert!(local.warning.is_none()),
                Some(w) => assert!(local.warning.as_deref().is_some_and(|t| t.contains(w)), "{now}: {:?}", local.warning),
            }
        }
    }

    #[test]
    fn unsigned_packs_load_only_in_authoring_mode_and_a_signed_one_takes_their_place() {
        let files = tempfile::tempdir().unwrap();
        let config = tempfile::tempdir().unwrap();
        let example_dir = root().join("pathways/local/example");
        let core = new_core(config.path(), "2026-11-21T19:40");
        let err = core.load_local_pack(&example_dir).unwrap_err();
        assert_eq!(err.kind(), "settings");
        assert!(err.to_string().contains("authoring mode"), "{err}");

        let on = core.save_settings(Settings { authoring: true, ..core.settings() }).unwrap();
        assert!(on.authoring);
        let packs = core.load_local_pack(&example_dir).unwrap();
        assert_eq!(packs.packs[1].source, PackSource::Unsigned { dir: example_dir.display().to_string() });
        // Off: the unsigned pack leaves at once (its folder is remembered); on: it is back.
        core.save_settings(Settings { authoring: false, ..core.settings() }).unwrap();
        assert_eq!(core.packs().packs.len(), 1);
        drop(core);
        let core = core_at(config.path(), "2026-11-21T19:40");
        assert_eq!(core.packs().packs.len(), 1, "not at start either");
        assert!(core.boot().startup_problem.is_some_and(|p| p.to_string().contains("authoring mode")), "and it is said why");
        core.save_settings(Settings { authoring: true, ..core.settings() }).unwrap();
        assert!(matches!(core.packs().packs[1].source, PackSource::Unsigned { .. }));

        // A signed local pack accepted takes the unsigned one's place.
        let northbrook = publisher(files.path(), "Northbrook partnership");
        core.trust().set_system_keys_dir(Some(files.path().to_path_buf()));
        let v1 = bundle(files.path(), example("1.0.0", "020 7946 0456"), &northbrook);
        let preview = core.pack_import_preview(Some(&v1)).unwrap();
        assert!(preview.notes.iter().any(|n| n.contains("unsigned pack") && n.contains("no longer be used")), "{:?}", preview.notes);
        assert!(preview.diff.nothing, "the same contacts as the unsigned example: {:?}", preview.diff);
        core.pack_import_accept(preview.token).unwrap();
        assert!(matches!(core.packs().packs[1].source, PackSource::Imported { .. }));
        assert!(core.settings().local_pack.is_none());

        // Removing the local pack stops using it; its versions stay kept.
        assert_eq!(core.remove_local_pack().unwrap().packs.len(), 1);
        drop(core);
        let core = core_at(config.path(), "2026-11-21T19:40");
        core.trust().set_system_keys_dir(Some(files.path().to_path_buf()));
        assert_eq!(core.packs().packs.len(), 1, "still removed after a restart");
        assert_eq!(core.pack_library().packs.iter().map(|p| (p.id.as_str(), p.in_use)).collect::<Vec<_>>(), [("northbrook-example", false)]);
        assert_eq!(core.pack_use_version("northbrook-example", "newest").unwrap().packs.len(), 2, "and can be used again");
    }

    #[test]
    fn a_file_that_is_not_a_bundle_or_a_key_is_refused_plainly() {
        let files = tempfile::tempdir().unwrap();
        let config = tempfile::tempdir().unwrap();
        let core = new_core(config.path(), "2026-11-21T19:40");
        let junk = files.path().join("notes.sgpack");
        std::fs::write(&junk, b"not a pack at all").unwrap();
        let err = core.pack_import_preview(Some(&junk)).unwrap_err();
        assert_eq!(err.kind(), "pack-invalid", "{err:?}");
        assert!(err.to_string().contains("notes.sgpack"), "{err}");
        assert_eq!(core.pack_import_preview(Some(&files.path().join("missing.sgpack"))).unwrap_err().kind(), "pack-invalid");
        assert_eq!(core.trust_key_preview(&junk).unwrap_err().kind(), "key-invalid");
    }

    /// For `scripts/measure-app.sh`: a config folder as a user's is after importing the
    /// example pack signed, twice (1.0.0 then 1.1.0, both kept), with the publisher's key
    /// trusted, through the same calls as the app's screens. Run by hand:
    /// `MEASURE_CONFIG_DIR=DIR cargo test -p safeguarding-pathways --lib -- --ignored --exact pack_import::tests::write_a_config_with_imported_packs`
    #[test]
    #[ignore = "writes a config folder to $MEASURE_CONFIG_DIR for scripts/measure-app.sh"]
    fn write_a_config_with_imported_packs() {
        let Some(config) = std::env::var_os("MEASURE_CONFIG_DIR").map(PathBuf::from) else { return };
        let files = tempfile::tempdir().unwrap();
        let northbrook = publisher(files.path(), "Northbrook partnership");
        let older = bundle(files.path(), example("1.0.0", "020 7946 0456"), &northbrook);
        let newer = bundle(files.path(), example("1.1.0", "020 7946 0321"), &northbrook);
        std::fs::create_dir_all(&config).unwrap();
        let core = core_at(&config, "2026-12-02T10:00");
        core.save_settings(Settings { agency: Some("school".into()), ..Settings::default() }).unwrap();
        core.trust_key_preview(&northbrook.pub_file).unwrap();
        core.trust_key_confirm(&northbrook.public.key_id().to_string()).unwrap();
        for bundle in [older, newer] {
            let preview = core.pack_import_preview(Some(&bundle)).unwrap();
            core.pack_import_accept(preview.token).unwrap();
        }
        assert_eq!(sources(&core)[1], (String::from("northbrook-example"), imported("1.1.0", false, &northbrook)));
    }
}
