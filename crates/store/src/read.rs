//! Reading records: the list's lines, one whole record, counts.

use crate::error::{Result, StoreError};
use crate::model::{ActionDue, AmendmentEntry, AmendmentKind, OverdueAction, PackRef, Record, RecordId, RecordSummary, Referral, TickEvent};
use crate::time;
use jiff::civil::{Date, DateTime};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::BTreeMap;

/// The columns [`summary`] reads, in its order; `r` is the records table.
pub const SUMMARY_COLUMNS: &str =
    "r.id, r.reference, r.agency, r.pack_name, r.pack_version, r.created_ms, r.updated_ms, r.referral_date, r.referral_to, r.referral_ms";

/// A list line from a row of [`SUMMARY_COLUMNS`].
pub fn summary(row: &Row<'_>) -> rusqlite::Result<RecordSummary> {
    Ok(RecordSummary {
        id: row.get(0)?,
        reference: row.get(1)?,
        agency: row.get(2)?,
        pack: PackRef { name: row.get(3)?, version: row.get(4)? },
        created: time::column(row, 5)?,
        updated: time::column(row, 6)?,
        referral: referral(row, 7)?,
    })
}

/// The referral from its three columns (date, to, recorded) starting at `idx`.
fn referral(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Referral>> {
    let Some(date) = row.get::<_, Option<String>>(idx)? else { return Ok(None) };
    let date: Date = date.parse().map_err(|_| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, "not a date".into()))?;
    let to: String = row.get::<_, Option<String>>(idx + 1)?.unwrap_or_default();
    let recorded = time::column(row, idx + 2)?;
    Ok(Some(Referral { date, to, recorded }))
}

/// Every record's line, most recently changed first.
pub fn list(conn: &Connection) -> Result<Vec<RecordSummary>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM records r ORDER BY r.updated_ms DESC, r.id DESC"))?;
    let rows = stmt.query_map([], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn count(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row("SELECT count(*) FROM records", [], |r| r.get::<_, i64>(0))? as u64)
}

/// The JSON columns of a record, read as text and parsed after the row is done.
struct Stored {
    summary: RecordSummary,
    local_packs: String,
    walk: String,
    outcomes: String,
    outcome_titles: String,
    contacts: String,
    notes: String,
}

/// One whole record with its amendments and ticks.
pub fn get(conn: &Connection, id: RecordId) -> Result<Record> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS}, b.local_packs, b.walk, b.outcomes, b.outcome_titles, b.contacts, b.notes
           FROM records r JOIN record_bodies b ON b.record_id = r.id WHERE r.id = ?1"
    ))?;
    let stored = stmt
        .query_row([id], |row| {
            Ok(Stored {
                summary: summary(row)?,
                local_packs: row.get(10)?,
                walk: row.get(11)?,
                outcomes: row.get(12)?,
                outcome_titles: row.get(13)?,
                contacts: row.get(14)?,
                notes: row.get(15)?,
            })
        })
        .optional()?
        .ok_or(StoreError::NotFound { id })?;
    let s = stored.summary;
    Ok(Record {
        id: s.id,
        reference: s.reference,
        agency: s.agency,
        pack: s.pack,
        local_packs: serde_json::from_str(&stored.local_packs)?,
        walk: serde_json::from_str(&stored.walk)?,
        outcomes: serde_json::from_str(&stored.outcomes)?,
        outcome_titles: serde_json::from_str(&stored.outcome_titles)?,
        contacts: serde_json::from_str(&stored.contacts)?,
        notes: stored.notes,
        created: s.created,
        updated: s.updated,
        referral: s.referral,
        amendments: amendments(conn, id)?,
        ticks: ticks(conn, id)?,
        due: due(conn, id)?,
    })
}

/// When each action is due, by outcome id (none for a record saved before schema 3).
fn due(conn: &Connection, id: RecordId) -> Result<BTreeMap<String, ActionDue>> {
    let mut stmt = conn.prepare_cached("SELECT outcome_id, due, deadline FROM record_actions WHERE record_id = ?1")?;
    let rows = stmt.query_map([id], |row| Ok((row.get(0)?, ActionDue { due: row.get(1)?, deadline: time::civil_column(row, 2)? })))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every record's actions past their deadline at `now` and not ticked as done, by
/// record, each in the record's order. Reads only the actions past their deadline.
pub fn overdue(conn: &Connection, now: DateTime) -> Result<BTreeMap<RecordId, Vec<OverdueAction>>> {
    // The latest tick of an action is its state; no tick is not done.
    let mut stmt = conn.prepare_cached(
        "SELECT a.record_id, a.outcome_id, a.due, a.deadline FROM record_actions a
          WHERE a.deadline IS NOT NULL AND a.deadline < ?1
            AND coalesce((SELECT t.ticked FROM ticks t WHERE t.record_id = a.record_id AND t.outcome_id = a.outcome_id
                           ORDER BY t.id DESC LIMIT 1), 0) = 0",
    )?;
    let late = stmt
        .query_map([time::civil_text(now)], |row| {
            let id: RecordId = row.get(0)?;
            let deadline = time::civil_column(row, 3)?.expect("selected where not null");
            Ok((id, OverdueAction { outcome: row.get(1)?, title: String::new(), due: row.get(2)?, deadline }))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut by_record: BTreeMap<RecordId, Vec<OverdueAction>> = BTreeMap::new();
    for (id, action) in late {
        by_record.entry(id).or_default().push(action);
    }
    // Titles as shown, in the record's order, from the bodies of these records only.
    let mut body = conn.prepare_cached("SELECT outcomes, outcome_titles FROM record_bodies WHERE record_id = ?1")?;
    for (id, actions) in &mut by_record {
        let (outcomes, titles): (String, String) = body.query_row([*id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let outcomes: Vec<String> = serde_json::from_str(&outcomes)?;
        let titles: BTreeMap<String, String> = serde_json::from_str(&titles)?;
        actions.sort_by_key(|a| outcomes.iter().position(|o| *o == a.outcome));
        for a in actions.iter_mut() {
            a.title = titles.get(&a.outcome).cloned().unwrap_or_else(|| a.outcome.clone());
        }
    }
    Ok(by_record)
}

fn amendments(conn: &Connection, id: RecordId) -> Result<Vec<AmendmentEntry>> {
    let mut stmt = conn.prepare_cached("SELECT at_ms, kind, text FROM amendments WHERE record_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |row| {
        let kind: String = row.get(1)?;
        let kind = match kind.as_str() {
            "referral" => AmendmentKind::Referral,
            _ => AmendmentKind::Note,
        };
        Ok(AmendmentEntry { at: time::column(row, 0)?, kind, text: row.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn ticks(conn: &Connection, id: RecordId) -> Result<Vec<TickEvent>> {
    let mut stmt = conn.prepare_cached("SELECT outcome_id, ticked, at_ms FROM ticks WHERE record_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |row| Ok(TickEvent { outcome: row.get(0)?, ticked: row.get(1)?, at: time::column(row, 2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The outcome ids a record was saved with.
pub fn outcomes(conn: &Connection, id: RecordId) -> Result<Vec<String>> {
    let json: Option<String> = conn.query_row("SELECT outcomes FROM record_bodies WHERE record_id = ?1", [id], |r| r.get(0)).optional()?;
    Ok(serde_json::from_str(&json.ok_or(StoreError::NotFound { id })?)?)
}
