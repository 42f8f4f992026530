//! `Store`: an unlocked records file. Holding one means the key is in memory;
//! dropping it closes the file and SQLCipher wipes the key. That is the lock.

use crate::chain::{self, ChainHead, ChainReport};
use crate::error::Result;
use crate::export::{self, Format};
use crate::file;
use crate::model::{Amendment, AmendmentEntry, AmendmentKind, NewRecord, OverdueAction, Record, RecordId, RecordSummary, VerifyReport};
use crate::retention::{self, RetentionPolicy};
use crate::{read, schema, search, time, write};
use jiff::civil::{Date, DateTime};
use jiff::Timestamp;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Store {
    /// First use: makes a new encrypted file. The passphrase must pass
    /// [`crate::passphrase::check`]; nothing may exist at `path`.
    pub fn create(path: impl AsRef<Path>, passphrase: &str) -> Result<Store> {
        let path = path.as_ref();
        Ok(Store { conn: file::create(path, passphrase)?, path: path.into() })
    }

    /// Unlocks an existing file and brings its schema up to date. A wrong passphrase,
    /// a damaged file or a foreign one is an error, and the file is left as it was.
    pub fn open(path: impl AsRef<Path>, passphrase: &str) -> Result<Store> {
        let path = path.as_ref();
        Ok(Store { conn: file::open(path, passphrase)?, path: path.into() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves a record; the id is returned only after the commit.
    pub fn save(&mut self, record: &NewRecord) -> Result<RecordId> {
        write::save(&mut self.conn, record, &[], time::now())
    }

    /// Saves a record with the actions already ticked on the outcome screen, in one
    /// transaction; the id is returned only after the commit.
    pub fn save_ticked(&mut self, record: &NewRecord, ticked: &[String]) -> Result<RecordId> {
        write::save(&mut self.conn, record, ticked, time::now())
    }

    /// Every record's list line, most recently changed first.
    pub fn list(&self) -> Result<Vec<RecordSummary>> {
        read::list(&self.conn)
    }

    /// Records whose reference, notes or amendments hold every word of `query`.
    pub fn search(&self, query: &str) -> Result<Vec<RecordSummary>> {
        search::search(&self.conn, query)
    }

    pub fn get(&self, id: RecordId) -> Result<Record> {
        read::get(&self.conn, id)
    }

    /// Every record's actions that are past their deadline at `now` (local time, as the
    /// deadlines are) and not ticked as done, by record: what the records list marks.
    /// For one record already read, [`Record::overdue`] says the same.
    pub fn overdue(&self, now: DateTime) -> Result<BTreeMap<RecordId, Vec<OverdueAction>>> {
        read::overdue(&self.conn, now)
    }

    /// Appends an amendment; earlier text is never changed.
    pub fn amend(&mut self, id: RecordId, amendment: Amendment) -> Result<AmendmentEntry> {
        write::amend(&mut self.conn, id, AmendmentKind::Note, &amendment.text, time::now())
    }

    /// Ticks (or unticks) one of the record's actions, with the time.
    pub fn tick_action(&mut self, id: RecordId, outcome_id: &str, ticked: bool) -> Result<()> {
        write::tick(&mut self.conn, id, outcome_id, ticked, time::now())
    }

    /// Marks "referral made" on `date` to `to`; the history says so too.
    pub fn mark_referral(&mut self, id: RecordId, date: Date, to: &str) -> Result<()> {
        write::mark_referral(&mut self.conn, id, date, to, time::now())
    }

    /// The record as a referral summary in Markdown or plain text, ending with the
    /// chain's head at the time of export (see [`Store::chain_holds`]).
    pub fn export(&self, id: RecordId, format: Format) -> Result<String> {
        let record = self.get(id)?;
        Ok(export::render(&record, format, chain::head(&self.conn)?.as_ref()))
    }

    /// Changes the passphrase; every record is kept, and the old one no longer opens it.
    /// Needs the file open nowhere else (another window, the CLI): otherwise nothing
    /// changes and the error says so.
    pub fn rekey(&mut self, new_passphrase: &str) -> Result<()> {
        file::rekey(&self.conn, new_passphrase)
    }

    /// Checks every page (SQLite's integrity check and SQLCipher's page MACs), the
    /// search index and the tamper-evident chain ([`Store::verify_chain`]), and counts
    /// the records. A problem is a report, not an error: `Err` means the checks could not
    /// run.
    pub fn verify(&self) -> Result<VerifyReport> {
        let mut problems = file::rows_not_ok(&self.conn, "PRAGMA integrity_check")?;
        problems.extend(file::rows_not_ok(&self.conn, "PRAGMA cipher_integrity_check")?);
        if let Err(e) = self.conn.execute("INSERT INTO record_search (record_search, rank) VALUES ('integrity-check', 1)", []) {
            problems.push(format!("search index: {e}"));
        }
        let chain = self.verify_chain()?;
        if let Some(broken) = &chain.broken {
            problems.push(format!("chain broken at {broken}"));
        }
        Ok(VerifyReport { ok: problems.is_empty(), records: read::count(&self.conn)?, schema: schema::version(&self.conn)?, problems, chain })
    }

    /// The tamper-evident chain alone: recomputes every entry from the rows as they are
    /// now and reports the first that no longer holds (a field changed, a row deleted,
    /// an entry removed or moved, a row written without the app). Reads every record:
    /// about 0.35 s for 10,000, as long as the page check of `verify`.
    pub fn verify_chain(&self) -> Result<ChainReport> {
        chain::verify(&self.conn)
    }

    /// The chain's last entry (`None` before anything is written); exports print it.
    pub fn chain_head(&self) -> Result<Option<ChainHead>> {
        chain::head(&self.conn)
    }

    /// Does the chain still hold `head`, taken from an earlier export? Together with a
    /// chain that verifies, true means nothing written before that export was changed
    /// since, even by someone who rewrote the whole chain.
    pub fn chain_holds(&self, head: &ChainHead) -> Result<bool> {
        chain::holds(&self.conn, head)
    }

    /// Records due for deletion at `now` under `policy`; nothing is deleted.
    pub fn due_for_deletion(&self, now: Timestamp, policy: &RetentionPolicy) -> Result<Vec<RecordSummary>> {
        retention::due(&self.conn, now, policy)
    }

    /// Deletes these records for good (after the user confirmed): overwritten in
    /// place, then the file is rebuilt and the WAL emptied. Returns how many went.
    pub fn purge(&mut self, ids: &[RecordId]) -> Result<usize> {
        let deleted = write::purge(&mut self.conn, ids)?;
        write::compact(&self.conn)?;
        Ok(deleted)
    }

    /// The connection, for tests of this crate and fixture builders.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// The app keeps the unlocked store in its state behind a mutex: it must be `Send`.
#[allow(dead_code)]
fn assert_send() {
    fn send<T: Send>() {}
    send::<Store>();
}
