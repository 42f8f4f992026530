//! Writing records. Each function is one transaction: it commits whole or not at all,
//! and returns only after the commit (with `synchronous = FULL`, after the WAL is
//! synced), so whatever it acknowledges survives a crash. Each also appends, in the
//! same transaction, the chain entries of what it wrote (`chain.rs`): the new tick or
//! amendment, then the record's row as it now is; a purge, one entry per record.

use crate::chain::{self, EntryKind};
use crate::error::{Result, StoreError};
use crate::model::{AmendmentEntry, AmendmentKind, NewRecord, RecordId};
use crate::{read, time};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, Transaction};

/// Saves a new record, its search entry and the actions already ticked (each must be
/// one of its outcomes), all in one transaction; returns its id once committed.
pub fn save(conn: &mut Connection, r: &NewRecord, ticked: &[String], now: Timestamp) -> Result<RecordId> {
    if let Some(unknown) = ticked.iter().find(|t| !r.outcomes.contains(t)) {
        return Err(StoreError::invalid(format!("the record has no outcome `{unknown}` to tick")));
    }
    if let Some(unknown) = r.due.keys().find(|o| !r.outcomes.contains(o)) {
        return Err(StoreError::invalid(format!("the record has no outcome `{unknown}` to be due")));
    }
    let tx = conn.transaction()?;
    let ms = now.as_millisecond();
    tx.prepare_cached("INSERT INTO records (reference, agency, pack_name, pack_version, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")?
        .execute(params![r.reference, r.agency, r.pack.name, r.pack.version, ms])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO record_bodies (record_id, local_packs, walk, outcomes, outcome_titles, contacts, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        serde_json::to_string(&r.local_packs)?,
        serde_json::to_string(&r.walk)?,
        serde_json::to_string(&r.outcomes)?,
        serde_json::to_string(&r.outcome_titles)?,
        serde_json::to_string(&r.contacts)?,
        r.notes,
    ])?;
    tx.prepare_cached("INSERT INTO record_search (rowid, reference, notes) VALUES (?1, ?2, ?3)")?.execute(params![id, r.reference, r.notes])?;
    for (outcome, due) in &r.due {
        tx.prepare_cached("INSERT INTO record_actions (record_id, outcome_id, due, deadline) VALUES (?1, ?2, ?3, ?4)")?.execute(params![
            id,
            outcome,
            due.due,
            due.deadline.map(time::civil_text)
        ])?;
    }
    chain::append(&tx, EntryKind::Record, id, id)?;
    for outcome in ticked {
        tx.prepare_cached("INSERT INTO ticks (record_id, outcome_id, ticked, at_ms) VALUES (?1, ?2, 1, ?3)")?.execute(params![id, outcome, ms])?;
        chain::append(&tx, EntryKind::Tick, id, tx.last_insert_rowid())?;
    }
    tx.commit()?;
    Ok(id)
}

/// Appends an amendment (and its text to the search entry).
pub fn amend(conn: &mut Connection, id: RecordId, kind: AmendmentKind, text: &str, now: Timestamp) -> Result<AmendmentEntry> {
    if text.trim().is_empty() {
        return Err(StoreError::invalid("an amendment needs some text"));
    }
    let tx = conn.transaction()?;
    append(&tx, id, kind, text, now)?;
    chain::append(&tx, EntryKind::Record, id, id)?;
    tx.commit()?;
    Ok(AmendmentEntry { at: now, kind, text: text.to_string() })
}

/// The amendment's rows and its chain entry, inside the caller's transaction; also
/// touches `updated` (the caller then chains the record).
fn append(tx: &Transaction<'_>, id: RecordId, kind: AmendmentKind, text: &str, now: Timestamp) -> Result<()> {
    let ms = now.as_millisecond();
    touch(tx, id, ms)?;
    let kind = match kind {
        AmendmentKind::Note => "note",
        AmendmentKind::Referral => "referral",
    };
    tx.prepare_cached("INSERT INTO amendments (record_id, at_ms, kind, text) VALUES (?1, ?2, ?3, ?4)")?.execute(params![id, ms, kind, text])?;
    chain::append(tx, EntryKind::Amendment, id, tx.last_insert_rowid())?;
    tx.prepare_cached("UPDATE record_search SET notes = notes || char(10) || ?2 WHERE rowid = ?1")?.execute(params![id, text])?;
    Ok(())
}

/// Sets `updated`, or fails with NotFound for an unknown id.
fn touch(tx: &Transaction<'_>, id: RecordId, ms: i64) -> Result<()> {
    let n = tx.prepare_cached("UPDATE records SET updated_ms = max(updated_ms, ?2) WHERE id = ?1")?.execute(params![id, ms])?;
    if n == 0 {
        return Err(StoreError::NotFound { id });
    }
    Ok(())
}

/// Records that an action was ticked (or unticked) now.
pub fn tick(conn: &mut Connection, id: RecordId, outcome: &str, ticked: bool, now: Timestamp) -> Result<()> {
    let tx = conn.transaction()?;
    if !read::outcomes(&tx, id)?.iter().any(|o| o == outcome) {
        return Err(StoreError::invalid(format!("record {id} has no outcome `{outcome}`")));
    }
    let ms = now.as_millisecond();
    touch(&tx, id, ms)?;
    tx.prepare_cached("INSERT INTO ticks (record_id, outcome_id, ticked, at_ms) VALUES (?1, ?2, ?3, ?4)")?.execute(params![id, outcome, ticked, ms])?;
    chain::append(&tx, EntryKind::Tick, id, tx.last_insert_rowid())?;
    chain::append(&tx, EntryKind::Record, id, id)?;
    tx.commit()?;
    Ok(())
}

/// Marks the record "referral made", and says so in its history.
pub fn mark_referral(conn: &mut Connection, id: RecordId, date: Date, to: &str, now: Timestamp) -> Result<()> {
    if to.trim().is_empty() {
        return Err(StoreError::invalid("say who the referral went to"));
    }
    let tx = conn.transaction()?;
    tx.prepare_cached("UPDATE records SET referral_date = ?2, referral_to = ?3, referral_ms = ?4 WHERE id = ?1")?.execute(params![
        id,
        date.to_string(),
        to,
        now.as_millisecond()
    ])?;
    append(&tx, id, AmendmentKind::Referral, &format!("Referral made on {date} to {to}."), now)?;
    chain::append(&tx, EntryKind::Record, id, id)?;
    tx.commit()?;
    Ok(())
}

/// Deletes records whole (body, ticks, due times, amendments, search entry); returns how many there
/// were. `secure_delete` overwrites the freed content; the caller then vacuums. Their
/// chain entries stay (hashes only) and a purge entry says why the rows are gone.
pub fn purge(conn: &mut Connection, ids: &[RecordId]) -> Result<usize> {
    let tx = conn.transaction()?;
    let mut deleted = 0;
    for &id in ids {
        tx.prepare_cached("DELETE FROM ticks WHERE record_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM record_actions WHERE record_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM amendments WHERE record_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM record_search WHERE rowid = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM record_bodies WHERE record_id = ?1")?.execute([id])?;
        if tx.prepare_cached("DELETE FROM records WHERE id = ?1")?.execute([id])? > 0 {
            chain::append(&tx, EntryKind::Purge, id, id)?;
            deleted += 1;
        }
    }
    tx.commit()?;
    Ok(deleted)
}

/// Rebuilds the file without free pages, then empties the WAL, so deleted records
/// survive neither in the main file nor in old WAL frames.
pub fn compact(conn: &Connection) -> Result<()> {
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}
