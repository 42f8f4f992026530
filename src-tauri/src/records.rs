//! The practitioner's encrypted records in the app: one `store` file beside the
//! settings, unlocked with a passphrase, locked again on request or after idle time.
//!
//! Locked means no `Store` is held: the file is closed and SQLCipher has wiped the key.
//! Every method here that reads or writes a record needs it unlocked and counts as
//! activity for the idle lock. Nothing from a record is logged; errors carry ids only.

use crate::clock::Clock;
use crate::due;
use crate::views::AppError;
use jiff::{tz::TimeZone, Timestamp};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::Instant;
use store::{
    Amendment, AmendmentKind, Format, IdleLock, LockSettings, NewRecord, OverdueAction, Record, RecordId, RecordSummary, RetentionPolicy, Store, StoreError,
};
use ts_rs::TS;

/// Whether records exist and are open, for the records screen and the save box.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordsStatus {
    /// A records file exists (else the first save asks for a new passphrase).
    pub exists: bool,
    pub unlocked: bool,
    pub lock_minutes: u16,
    /// The shortest passphrase allowed.
    pub min_len: usize,
}

/// How strong a new passphrase is, as the practitioner types it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PassphraseStrength {
    /// "too short", "weak", "fair" or "strong".
    pub strength: String,
    pub hint: String,
    /// The store would take it.
    pub acceptable: bool,
}

impl PassphraseStrength {
    pub fn of(passphrase: &str) -> PassphraseStrength {
        let s = store::passphrase::strength(passphrase);
        let strength = match s.strength {
            store::passphrase::Strength::TooShort => "too short",
            store::passphrase::Strength::Weak => "weak",
            store::passphrase::Strength::Fair => "fair",
            store::passphrase::Strength::Strong => "strong",
        };
        PassphraseStrength { strength: strength.into(), hint: s.hint, acceptable: store::passphrase::check(passphrase).is_ok() }
    }
}

/// A line of the records list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordLine {
    #[ts(type = "number")]
    pub id: RecordId,
    pub reference: String,
    pub agency: String,
    pub created: String,
    pub updated: String,
    /// "Referral made 24 Nov 2026 to Northbrook MASH".
    pub referral: Option<String>,
    /// Its actions past their deadline on the app's clock and not ticked as done.
    pub overdue: Vec<OverdueView>,
}

/// An action past its deadline and not ticked as done.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OverdueView {
    pub outcome: String,
    /// "Tell the local authority designated officer (LADO) within one working day: overdue
    /// since 17:00 on Wednesday 2 December".
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordStep {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordOutcome {
    pub id: String,
    pub title: String,
    pub ticked: bool,
    /// When it was (last) ticked.
    pub ticked_at: Option<String>,
    /// When it is due, as saved: "By 17:00 on Wednesday 2 December", "Now, when saved at
    /// 10:00 on Tuesday 1 December", "No set time", or "Not recorded (…)".
    pub due: String,
    /// Past its deadline on the app's clock and not ticked: "Overdue since 17:00 on
    /// Wednesday 2 December".
    pub overdue: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum HistoryKind {
    Saved,
    Note,
    Referral,
    Tick,
}

/// One line of a record's history: saved, amended, referral made, ticked.
#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryEntry {
    pub at: String,
    pub kind: HistoryKind,
    pub text: String,
}

/// A whole record as the record screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecordView {
    #[ts(type = "number")]
    pub id: RecordId,
    pub reference: String,
    pub agency: String,
    /// "National pathway for England, version 1.0" and any local packs.
    pub packs: Vec<String>,
    pub created: String,
    pub updated: String,
    pub referral: Option<String>,
    pub steps: Vec<RecordStep>,
    pub outcomes: Vec<RecordOutcome>,
    pub contacts: Vec<String>,
    pub notes: String,
    /// Oldest first; never rewritten.
    pub history: Vec<HistoryEntry>,
}

/// The records file and, while unlocked, the open store. Shared by the records
/// commands (each on a background thread) and the idle-lock thread, so every method
/// takes `&self` and locks only what it needs:
///
/// - `store` is held while a records command uses the file, and only by those: a
///   re-key (every page re-encrypted) holds it for seconds, and nothing else waits;
/// - `unlocked` mirrors whether a store is held, and `idle` (the countdown, held for a
///   moment at a time) says when to lock: the status the page asks for every few
///   seconds, and the idle-lock thread, read these and never wait for a command. The
///   idle lock only `try_lock`s the store: a command running is activity, not idleness.
pub struct Records {
    path: PathBuf,
    store: Mutex<Option<Store>>,
    unlocked: AtomicBool,
    idle: Mutex<Idle>,
    /// The app's clock: what is overdue is overdue at its time.
    clock: Clock,
}

struct Idle {
    lock: LockSettings,
    countdown: IdleLock,
}

fn held<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Records {
    pub fn new(path: PathBuf, lock: LockSettings, clock: Clock) -> Records {
        Records {
            path,
            store: Mutex::new(None),
            unlocked: AtomicBool::new(false),
            idle: Mutex::new(Idle { lock, countdown: IdleLock::new(lock, Instant::now()) }),
            clock,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn status(&self) -> RecordsStatus {
        let lock = held(&self.idle).lock;
        RecordsStatus {
            exists: self.path.exists(),
            unlocked: self.unlocked.load(Ordering::SeqCst),
            lock_minutes: u16::try_from(lock.idle_seconds / 60).unwrap_or(u16::MAX),
            min_len: store::passphrase::MIN_LEN,
        }
    }

    pub fn set_lock(&self, lock: LockSettings) {
        let mut idle = held(&self.idle);
        idle.lock = lock;
        idle.countdown.set(lock);
    }

    /// Puts `store` in (or takes it out with `None`), keeping `unlocked` true to it.
    fn put(&self, slot: &mut Option<Store>, store: Option<Store>) {
        *slot = store;
        self.unlocked.store(slot.is_some(), Ordering::SeqCst);
    }

    /// First use: makes the encrypted file and leaves it unlocked.
    pub fn create(&self, passphrase: &str) -> Result<RecordsStatus, AppError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| AppError::records(format!("could not make the records folder: {e}")))?;
        }
        let mut slot = held(&self.store);
        let store = Store::create(&self.path, passphrase).map_err(|e| from_store(e, &self.path))?;
        self.put(&mut slot, Some(store));
        drop(slot);
        held(&self.idle).countdown.touch(Instant::now());
        Ok(self.status())
    }

    /// Opens the file with the passphrase (the key derivation and the integrity check
    /// take a moment); a wrong one opens nothing.
    pub fn unlock(&self, passphrase: &str) -> Result<RecordsStatus, AppError> {
        let mut slot = held(&self.store);
        self.put(&mut slot, None);
        let store = Store::open(&self.path, passphrase).map_err(|e| from_store(e, &self.path))?;
        self.put(&mut slot, Some(store));
        drop(slot);
        held(&self.idle).countdown.touch(Instant::now());
        Ok(self.status())
    }

    /// Drops the store: the file closes and the key leaves memory (after any records
    /// command under way has finished).
    pub fn lock(&self) {
        let mut slot = held(&self.store);
        self.put(&mut slot, None);
    }

    /// Locks when the idle time has run out at `now`; true when it locked just now.
    /// Never waits: while a records command runs, the records are in use, not idle.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        if !self.unlocked.load(Ordering::SeqCst) || !held(&self.idle).countdown.is_due(now) {
            return false;
        }
        let mut slot = match self.store.try_lock() {
            Ok(slot) => slot,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => return false,
        };
        self.put(&mut slot, None);
        true
    }

    /// The practitioner did something: the idle countdown starts again (if still open).
    pub fn touch(&self, now: Instant) {
        if !self.lock_if_idle(now) {
            held(&self.idle).countdown.touch(now);
        }
    }

    /// Holds the store as a long records command would (a re-key), for tests of what
    /// does not wait for it.
    #[cfg(test)]
    pub(crate) fn hold_store(&self) -> MutexGuard<'_, Option<Store>> {
        held(&self.store)
    }

    /// Runs `f` on the open store, counting it as activity; locked (or idle too long)
    /// is a `locked` error. Holds the store for the whole of `f`.
    fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, AppError>) -> Result<T, AppError> {
        let now = Instant::now();
        let mut slot = held(&self.store);
        {
            let mut idle = held(&self.idle);
            if slot.is_some() && idle.countdown.is_due(now) {
                self.put(&mut slot, None);
            }
            if slot.is_some() {
                idle.countdown.touch(now);
            }
        }
        f(slot.as_mut().ok_or_else(AppError::locked)?)
    }

    pub fn save(&self, record: &NewRecord, ticked: &[String]) -> Result<RecordId, AppError> {
        self.with_store(|store| store.save_ticked(record, ticked).map_err(|e| from_store(e, &self.path)))
    }

    /// Every record, or those whose reference, notes or amendments hold every word, each
    /// with its actions overdue on the app's clock.
    pub fn list(&self, query: &str) -> Result<Vec<RecordLine>, AppError> {
        let now = self.clock.now();
        self.with_store(|store| {
            let e = |e| from_store(e, &self.path);
            let lines = if query.trim().is_empty() { store.list() } else { store.search(query) }.map_err(e)?;
            let overdue = store.overdue(now).map_err(e)?;
            Ok(lines.iter().map(|l| line(l, overdue.get(&l.id).map_or(&[][..], Vec::as_slice), now)).collect())
        })
    }

    pub fn get(&self, id: RecordId) -> Result<RecordView, AppError> {
        let now = self.clock.now();
        self.with_store(|store| Ok(view(&store.get(id).map_err(|e| from_store(e, &self.path))?, now)))
    }

    /// Runs a change, then reads the record back as the record screen shows it.
    fn change(&self, id: RecordId, f: impl FnOnce(&mut Store) -> Result<(), StoreError>) -> Result<RecordView, AppError> {
        let now = self.clock.now();
        self.with_store(|store| {
            f(store).map_err(|e| from_store(e, &self.path))?;
            Ok(view(&store.get(id).map_err(|e| from_store(e, &self.path))?, now))
        })
    }

    pub fn amend(&self, id: RecordId, text: &str) -> Result<RecordView, AppError> {
        self.change(id, |store| store.amend(id, Amendment { text: text.trim().to_string() }).map(drop))
    }

    pub fn tick(&self, id: RecordId, outcome: &str, ticked: bool) -> Result<RecordView, AppError> {
        self.change(id, |store| store.tick_action(id, outcome, ticked))
    }

    /// Marks "referral made" on `date` (YYYY-MM-DD) to `to`.
    pub fn mark_referral(&self, id: RecordId, date: &str, to: &str) -> Result<RecordView, AppError> {
        let date: jiff::civil::Date = date.trim().parse().map_err(|_| AppError::records(format!("`{date}` is not a date like 2026-11-25")))?;
        self.change(id, |store| store.mark_referral(id, date, to.trim()))
    }

    pub fn export(&self, id: RecordId, format: Format) -> Result<String, AppError> {
        self.with_store(|store| store.export(id, format).map_err(|e| from_store(e, &self.path)))
    }

    /// Writes the export to a file the practitioner chose, readable only by them; a
    /// temporary file and a rename, so a failed write leaves no half a summary.
    pub fn export_to_file(&self, id: RecordId, format: Format, to: &Path) -> Result<(), AppError> {
        let text = zeroize::Zeroizing::new(self.export(id, format)?);
        write_private(to, text.as_bytes()).map_err(|e| AppError::records(format!("could not write {}: {e}", to.display())))
    }

    /// Changes the passphrase after checking the current one; every record is kept.
    /// Re-encrypts every page: the store is held throughout, nothing else is.
    pub fn change_passphrase(&self, current: &str, new: &str) -> Result<(), AppError> {
        self.with_store(|store| {
            // The current passphrase must open the file, so an unlocked, unattended laptop
            // is not enough to take the records over.
            drop(Store::open(&self.path, current).map_err(|e| from_store(e, &self.path))?);
            store.rekey(new).map_err(|e| from_store(e, &self.path))
        })
    }

    /// Records due for deletion under `policy`; nothing is deleted.
    pub fn due(&self, policy: &RetentionPolicy) -> Result<Vec<RecordLine>, AppError> {
        let now = self.clock.now();
        self.with_store(|store| {
            let due = store.due_for_deletion(Timestamp::now(), policy).map_err(|e| from_store(e, &self.path))?;
            Ok(due.iter().map(|l| line(l, &[], now)).collect())
        })
    }

    /// Deletes, for good, those of `ids` that are still due under `policy` (so a stale
    /// list cannot delete a record that changed since). Returns how many went.
    pub fn purge(&self, ids: &[RecordId], policy: &RetentionPolicy) -> Result<usize, AppError> {
        self.with_store(|store| {
            let e = |e| from_store(e, &self.path);
            let due: Vec<RecordId> = store.due_for_deletion(Timestamp::now(), policy).map_err(e)?.iter().map(|r| r.id).filter(|id| ids.contains(id)).collect();
            store.purge(&due).map_err(e)
        })
    }
}

/// The store's errors, by kind, in the app's words. They hold ids and file paths,
/// never record text, so they can be shown.
fn from_store(e: StoreError, path: &Path) -> AppError {
    match e {
        StoreError::WrongPassphrase => {
            AppError::WrongPassphrase { message: "That passphrase is not right. Check it, and whether Caps Lock is on, and try again.".into() }
        }
        StoreError::WeakPassphrase { hint, .. } => AppError::WeakPassphrase { message: format!("Choose a longer passphrase: {hint}.") },
        StoreError::NotADatabase { .. } | StoreError::Corrupt { .. } => AppError::DamagedFile {
            message: "The records file is damaged, or it is not a records file. Nothing in it has been changed.".into(),
            path: path.display().to_string(),
        },
        e @ StoreError::TooNew { .. } => AppError::NewerFile { message: capital(&e.to_string()) },
        StoreError::NotFound { id } => AppError::NotFound { message: format!("There is no record {id}: it may have been deleted.") },
        other => AppError::records(capital(&other.to_string())),
    }
}

fn capital(text: &str) -> String {
    crate::due::capital(text)
}

/// A time as the practitioner reads it, in the computer's time zone: "25 Nov 2026, 14:05".
fn shown(t: Timestamp) -> String {
    t.to_zoned(TimeZone::system()).strftime("%-d %b %Y, %H:%M").to_string()
}

fn referral_text(r: &store::Referral) -> String {
    format!("Referral made {} to {}", r.date.strftime("%-d %b %Y"), r.to)
}

/// "Tell the LADO within one working day: overdue since 17:00 on Wednesday 2 December".
fn overdue_view(a: &OverdueAction, now: jiff::civil::DateTime) -> OverdueView {
    OverdueView { outcome: a.outcome.clone(), text: format!("{}: overdue since {}", a.title, due::since(a.deadline, now)) }
}

fn line(r: &RecordSummary, overdue: &[OverdueAction], now: jiff::civil::DateTime) -> RecordLine {
    RecordLine {
        id: r.id,
        reference: r.reference.clone(),
        agency: r.agency.clone(),
        created: shown(r.created),
        updated: shown(r.updated),
        referral: r.referral.as_ref().map(referral_text),
        overdue: overdue.iter().map(|a| overdue_view(a, now)).collect(),
    }
}

fn view(r: &Record, now: jiff::civil::DateTime) -> RecordView {
    let ticked = r.ticked();
    let overdue: BTreeMap<String, OverdueAction> = r.overdue(now).into_iter().map(|a| (a.outcome.clone(), a)).collect();
    let pack = |p: &store::PackRef| format!("{}, version {}", p.name, p.version);
    RecordView {
        id: r.id,
        reference: r.reference.clone(),
        agency: r.agency.clone(),
        packs: std::iter::once(&r.pack).chain(&r.local_packs).map(pack).collect(),
        created: shown(r.created),
        updated: shown(r.updated),
        referral: r.referral.as_ref().map(referral_text),
        steps: r
            .walk
            .iter()
            .filter(|s| s.answer.is_some())
            .map(|s| RecordStep {
                question: s.question.clone().unwrap_or_else(|| s.node.clone()),
                answer: s.answer_label.clone().or_else(|| s.answer.clone()).unwrap_or_default(),
            })
            .collect(),
        outcomes: r
            .outcomes
            .iter()
            .map(|id| RecordOutcome {
                id: id.clone(),
                title: r.outcome_title(id).to_string(),
                ticked: ticked.contains_key(id.as_str()),
                ticked_at: ticked.get(id.as_str()).map(|t| shown(*t)),
                due: due::saved_text(r.due.get(id), now),
                overdue: overdue.get(id).map(|a| format!("Overdue since {}", due::since(a.deadline, now))),
            })
            .collect(),
        contacts: r.contacts.clone(),
        notes: r.notes.clone(),
        history: history(r),
    }
}

/// Saved, then every amendment and tick in the order they happened.
fn history(r: &Record) -> Vec<HistoryEntry> {
    let mut events: Vec<(Timestamp, HistoryEntry)> =
        vec![(r.created, HistoryEntry { at: shown(r.created), kind: HistoryKind::Saved, text: "Record saved.".into() })];
    for a in &r.amendments {
        let kind = match a.kind {
            AmendmentKind::Note => HistoryKind::Note,
            AmendmentKind::Referral => HistoryKind::Referral,
        };
        events.push((a.at, HistoryEntry { at: shown(a.at), kind, text: a.text.clone() }));
    }
    for t in &r.ticks {
        let what = if t.ticked { "Ticked as done" } else { "Marked not done" };
        events.push((t.at, HistoryEntry { at: shown(t.at), kind: HistoryKind::Tick, text: format!("{what}: {}", r.outcome_title(&t.outcome)) }));
    }
    // Stable: equal times keep saved, amendments, ticks in the order they were written.
    events.sort_by_key(|(at, _)| *at);
    events.into_iter().map(|(_, e)| e).collect()
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// The ticks the outcome screen holds, as outcome ids in the record's order.
pub fn ticked_ids(outcomes: &[String], ticks: &BTreeMap<String, bool>) -> Vec<String> {
    outcomes.iter().filter(|o| ticks.get(*o).copied().unwrap_or(false)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const PASS: &str = "correct horse battery staple";

    fn sample() -> NewRecord {
        NewRecord {
            reference: "NB-7".into(),
            agency: "school".into(),
            pack: store::PackRef { name: "England".into(), version: "1.0".into() },
            local_packs: vec![],
            walk: vec![store::PathStep {
                node: "immediate-danger".into(),
                fact: Some("immediate_danger".into()),
                answer: Some("no".into()),
                question: Some("Is the child in danger now?".into()),
                answer_label: Some("No".into()),
            }],
            outcomes: vec!["inform-dsl".into(), "record-concern".into()],
            outcome_titles: [("inform-dsl".to_string(), "Tell your safeguarding lead".to_string())].into(),
            contacts: vec!["dsl".into()],
            notes: "Bruise on the left arm.".into(),
            due: [
                ("inform-dsl".to_string(), store::ActionDue { due: "now".into(), deadline: Some(jiff::civil::date(2026, 12, 1).at(10, 0, 0, 0)) }),
                (
                    "record-concern".to_string(),
                    store::ActionDue { due: "working-days:1".into(), deadline: Some(jiff::civil::date(2026, 12, 2).at(17, 0, 0, 0)) },
                ),
            ]
            .into(),
        }
    }

    fn opened() -> (tempfile::TempDir, Records) {
        let dir = tempfile::tempdir().unwrap();
        let records = Records::new(dir.path().join("sub/records.db"), LockSettings::default(), Clock::new(crate::clock::parse_now("2026-12-01T10:00")));
        assert!(!records.status().exists);
        records.create(PASS).unwrap();
        (dir, records)
    }

    #[test]
    fn locked_records_refuse_everything_until_unlocked_with_the_right_passphrase() {
        let (_dir, records) = opened();
        let id = records.save(&sample(), &["record-concern".into()]).unwrap();
        records.lock();
        assert!(!records.status().unlocked);
        assert_eq!(records.list("").unwrap_err().kind(), "locked");
        let wrong = records.unlock("not the passphrase at all").unwrap_err();
        assert_eq!(wrong.kind(), "wrong-passphrase");
        assert_eq!(wrong.to_string(), "That passphrase is not right. Check it, and whether Caps Lock is on, and try again.");
        assert!(!records.status().unlocked, "a wrong passphrase opens nothing");
        records.unlock(PASS).unwrap();
        let r = records.get(id).unwrap();
        assert_eq!(r.reference, "NB-7");
        assert_eq!(r.steps[0].answer, "No");
        assert!(r.outcomes.iter().any(|o| o.id == "record-concern" && o.ticked && o.ticked_at.is_some()));
        assert_eq!(r.outcomes[0].title, "Tell your safeguarding lead");
        assert_eq!(r.outcomes[1].title, "record-concern", "an id where no title was kept");
        assert_eq!(r.history.len(), 2, "saved, then the tick: {:?}", r.history);
    }

    #[test]
    fn overdue_unticked_actions_on_the_apps_clock_in_the_list_and_the_record() {
        let (dir, records) = opened();
        let id = records.save(&sample(), &[]).unwrap();
        let saved = records.get(id).unwrap();
        assert_eq!(saved.outcomes[0].due, "Now, when saved at 10:00 on Tuesday 1 December");
        assert_eq!(saved.outcomes[1].due, "By 17:00 on Wednesday 2 December");
        assert!(saved.outcomes.iter().all(|o| o.overdue.is_none()), "nothing is late at the moment it was saved");
        assert!(records.list("").unwrap()[0].overdue.is_empty());
        // Two days on (the app restarted with a later clock), both unticked actions are late.
        let later = Records::new(dir.path().join("sub/records.db"), LockSettings::default(), Clock::new(crate::clock::parse_now("2026-12-03T10:00")));
        later.unlock(PASS).unwrap();
        let texts = |l: &RecordLine| l.overdue.iter().map(|o| o.text.clone()).collect::<Vec<_>>();
        assert_eq!(
            texts(&later.list("").unwrap()[0]),
            ["Tell your safeguarding lead: overdue since 10:00 on Tuesday 1 December", "record-concern: overdue since 17:00 on Wednesday 2 December"]
        );
        let r = later.tick(id, "inform-dsl", true).unwrap();
        assert_eq!(r.outcomes[0].overdue, None, "ticked is not overdue");
        assert_eq!(r.outcomes[1].overdue.as_deref(), Some("Overdue since 17:00 on Wednesday 2 December"));
        let lines = later.list("bruise").unwrap();
        assert_eq!(lines[0].overdue.iter().map(|o| o.outcome.as_str()).collect::<Vec<_>>(), ["record-concern"], "searching marks them too");
        // A record saved without due times says so, and is never overdue.
        let old = later.save(&NewRecord { due: BTreeMap::new(), ..sample() }, &[]).unwrap();
        let r = later.get(old).unwrap();
        assert!(r.outcomes.iter().all(|o| o.due.starts_with("Not recorded") && o.overdue.is_none()));
    }

    #[test]
    fn idle_time_locks_and_activity_postpones_it() {
        let (_dir, records) = opened();
        records.set_lock(LockSettings { idle_seconds: 60 });
        assert_eq!(records.status().lock_minutes, 1);
        let t0 = Instant::now();
        records.touch(t0 + Duration::from_secs(50));
        assert!(!records.lock_if_idle(t0 + Duration::from_secs(100)));
        assert!(records.lock_if_idle(t0 + Duration::from_secs(111)));
        assert!(!records.status().unlocked);
        assert!(!records.lock_if_idle(t0 + Duration::from_secs(500)), "already locked");
    }

    #[test]
    fn amend_tick_referral_search_and_history() {
        let (_dir, records) = opened();
        let id = records.save(&sample(), &[]).unwrap();
        records.save(&NewRecord { reference: "OTHER-1".into(), notes: "Damp flat.".into(), ..sample() }, &[]).unwrap();
        // Times are kept to the millisecond: apart by more, the history's order is theirs.
        let later = || std::thread::sleep(Duration::from_millis(3));
        later();
        records.amend(id, "  Spoke to the school nurse.  ").unwrap();
        later();
        records.tick(id, "inform-dsl", true).unwrap();
        later();
        let r = records.mark_referral(id, "2026-11-24", "Northbrook MASH").unwrap();
        assert_eq!(r.referral.as_deref(), Some("Referral made 24 Nov 2026 to Northbrook MASH"));
        let kinds: Vec<_> = r.history.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [HistoryKind::Saved, HistoryKind::Note, HistoryKind::Tick, HistoryKind::Referral]);
        assert_eq!(r.history[1].text, "Spoke to the school nurse.");
        assert_eq!(r.notes, "Bruise on the left arm.", "notes stay as written");
        assert!(records.mark_referral(id, "24/11/2026", "MASH").is_err());
        assert_eq!(records.list("").unwrap().len(), 2);
        let found = records.list("nurse").unwrap();
        assert_eq!(found.iter().map(|l| l.id).collect::<Vec<_>>(), [id], "amendments are searched");
        assert!(records.list("damp").unwrap().iter().all(|l| l.reference == "OTHER-1"));
        assert_eq!(records.get(999).unwrap_err().kind(), "not-found");
    }

    #[test]
    fn export_to_a_file_only_the_user_can_read() {
        let (dir, records) = opened();
        let id = records.save(&sample(), &[]).unwrap();
        let to = dir.path().join("record.md");
        records.export_to_file(id, Format::Markdown, &to).unwrap();
        let text = std::fs::read_to_string(&to).unwrap();
        assert!(text.contains("NB-7") && text.contains("Bruise on the left arm."));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&to).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert!(records.export_to_file(id, Format::Text, &dir.path().join("no/such/dir/r.txt")).is_err());
        assert!(!dir.path().join("no/such/dir/r.txt.part").exists());
    }

    #[test]
    fn changing_the_passphrase_needs_the_current_one_and_keeps_every_record() {
        let (_dir, records) = opened();
        let id = records.save(&sample(), &[]).unwrap();
        let new = "purple elephant window seven";
        assert_eq!(records.change_passphrase("wrong passphrase here", new).unwrap_err().kind(), "wrong-passphrase");
        assert_eq!(records.change_passphrase(PASS, "short").unwrap_err().kind(), "weak-passphrase");
        records.change_passphrase(PASS, new).unwrap();
        records.lock();
        assert!(records.unlock(PASS).is_err());
        records.unlock(new).unwrap();
        assert_eq!(records.get(id).unwrap().reference, "NB-7");
    }

    #[test]
    fn purge_deletes_only_what_is_still_due() {
        let (_dir, records) = opened();
        let a = records.save(&sample(), &[]).unwrap();
        let b = records.save(&sample(), &[]).unwrap();
        records.mark_referral(a, "2020-01-01", "MASH").unwrap();
        let policy = RetentionPolicy { after_referral_days: 90, otherwise_days: 180 };
        let due = records.due(&policy).unwrap();
        assert_eq!(due.iter().map(|l| l.id).collect::<Vec<_>>(), [a]);
        assert_eq!(records.purge(&[a, b], &policy).unwrap(), 1, "b is not due, so it stays");
        assert_eq!(records.list("").unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), [b]);
    }

    #[test]
    fn a_damaged_file_is_its_own_kind_and_is_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.db");
        // Not a whole number of pages: truncated, or not a records file.
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let records = Records::new(path.clone(), LockSettings::default(), Clock::new(None));
        let err = records.unlock(PASS).unwrap_err();
        assert_eq!(err.kind(), "damaged-file", "{err:?}");
        let AppError::DamagedFile { path: shown, .. } = &err else { unreachable!() };
        assert_eq!(shown, &path.display().to_string(), "the page says where the file is");
        assert!(err.to_string().contains("damaged"), "{err}");
        assert!(!records.status().unlocked);
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing was written to it");
    }

    #[test]
    fn a_long_records_command_holds_up_neither_the_status_nor_the_idle_lock() {
        let (_dir, records) = opened();
        records.set_lock(LockSettings { idle_seconds: 60 });
        let records = std::sync::Arc::new(records);
        let busy = records.hold_store(); // as a re-key would, for seconds
        let (tx, rx) = std::sync::mpsc::channel();
        let other = records.clone();
        std::thread::spawn(move || {
            let status = other.status();
            // Idle long past the limit, but a command is running: in use, so not locked.
            let locked = other.lock_if_idle(Instant::now() + Duration::from_secs(3600));
            other.touch(Instant::now());
            tx.send((status.unlocked, locked)).unwrap();
        });
        let (unlocked, locked) = rx.recv_timeout(Duration::from_secs(5)).expect("status and the idle lock waited for the records command");
        assert!(unlocked && !locked);
        drop(busy);
        assert!(records.lock_if_idle(Instant::now() + Duration::from_secs(3600)), "once it is done, idle time locks");
        assert!(!records.status().unlocked);
    }

    #[test]
    fn a_weak_first_passphrase_makes_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let records = Records::new(dir.path().join("records.db"), LockSettings::default(), Clock::new(None));
        let err = records.create("short").unwrap_err();
        assert_eq!(err.kind(), "weak-passphrase");
        assert!(err.to_string().starts_with("Choose a longer passphrase"), "{err}");
        assert!(!records.status().exists);
        assert!(!PassphraseStrength::of("short").acceptable);
        assert!(PassphraseStrength::of(PASS).acceptable);
    }
}
