//! The tamper-evident chain: every record, amendment and tick as it was written, and
//! every purge, in the order they happened, each entry hashed with the one before.
//!
//! The application only appends amendments and ticks, and changes a record's row only
//! to mark a referral or its last change; SQLite triggers refuse an `UPDATE` of the
//! append-only tables. Someone holding the passphrase could still change a row with
//! another SQLCipher tool. The chain makes that visible: [`verify`] recomputes every
//! entry and reports the first one that no longer holds.
//!
//! One table, `chain` (schema 4), one row per entry:
//!
//! - `seq`: 1, 2, 3… in the order written (AUTOINCREMENT, so a removed last entry
//!   leaves a gap when the next is written);
//! - `kind` (`record`, `amendment`, `tick`, `purge`), `record_id`, and `entry_id` (the
//!   record's, amendment's or tick's own id; the record's for a purge);
//! - `content`: SHA-256 of the row's canonical content ([`CONTENT`]): for a record, its
//!   row, its body and its due times (`record_actions`), written again as a new entry
//!   each time the record's row changes (an amendment, a tick, a referral), so the
//!   latest record entry covers the row as it is now;
//! - `prev`: the `hash` of the entry before (32 zero bytes for the first);
//! - `hash`: SHA-256 of `prev`, `seq`, `kind`, `record_id`, `entry_id` and `content`.
//!
//! A purge deletes a record's rows but not its entries: they keep the links whole, and
//! a `purge` entry says why the rows are gone. What stays is 32-byte hashes, no text.
//!
//! Canonical content is a list of SQLite values, each hashed with its type and length
//! ([`digest`]), so no two different lists hash alike. SQL reaches the same function as
//! `chain_sha256(...)`, registered on every connection: the content of each kind is one
//! SQL expression ([`CONTENT`]) used when writing, when verifying and, as a copy, by the
//! migration that back-filled the chain (`V4__chain.sql`; the migration tests prove the
//! copy equal).
//!
//! The hash is not keyed: whoever can decrypt the file could rewrite the whole chain.
//! Against that, the head ([`ChainHead`]) is printed on every export: an earlier
//! export's head that is no longer in the chain ([`holds`]) shows the history before it
//! was rewritten.

use crate::error::{Result, StoreError};
use crate::model::RecordId;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

/// The SQL name of [`digest`].
pub const FUNCTION: &str = "chain_sha256";

/// Every hash starts with this, so a chain hash is never another protocol's hash.
const DOMAIN: &[u8] = b"safeguarding-pathways chain v1\0";

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The `prev` of the first entry.
pub const GENESIS: Hash = [0; 32];

/// SHA-256 of a list of SQLite values: each as a type byte, then its bytes (an integer
/// as 8 bytes big-endian, text and blobs after their length as 8 bytes big-endian).
pub fn digest<'a>(values: impl IntoIterator<Item = ValueRef<'a>>) -> Hash {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    for v in values {
        match v {
            ValueRef::Null => h.update([0]),
            ValueRef::Integer(i) => {
                h.update([1]);
                h.update(i.to_be_bytes());
            }
            ValueRef::Real(f) => {
                h.update([2]);
                h.update(f.to_bits().to_be_bytes());
            }
            ValueRef::Text(t) => {
                h.update([3]);
                h.update((t.len() as u64).to_be_bytes());
                h.update(t);
            }
            ValueRef::Blob(b) => {
                h.update([4]);
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }
    h.finalize().into()
}

/// Makes `chain_sha256(...)` (any number of arguments, returning a 32-byte blob)
/// available to this connection's SQL.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(FUNCTION, -1, FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC, |ctx| {
        Ok(digest((0..ctx.len()).map(|i| ctx.get_raw(i))).to_vec())
    })
}

/// What an entry of the chain stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A record: its row, body and due times as they were after this change.
    Record,
    Amendment,
    Tick,
    /// A record deleted for good (retention), with its amendments and ticks.
    Purge,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Record => "record",
            EntryKind::Amendment => "amendment",
            EntryKind::Tick => "tick",
            EntryKind::Purge => "purge",
        }
    }

    fn parse(s: &str) -> Option<EntryKind> {
        [EntryKind::Record, EntryKind::Amendment, EntryKind::Tick, EntryKind::Purge].into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The canonical content of each kind of row, as SQL: `SELECT id, record_id, content`
/// over the whole table, aliased `x` (add `WHERE x.id = ?` for one row). These are the
/// chain's definition: changing one makes every existing file fail to verify.
pub const CONTENT: [(EntryKind, &str); 3] = [
    (
        EntryKind::Record,
        "SELECT x.id, x.id, chain_sha256('record', x.id, x.reference, x.agency, x.pack_name, x.pack_version,
                x.created_ms, x.updated_ms, x.referral_date, x.referral_to, x.referral_ms,
                b.local_packs, b.walk, b.outcomes, b.outcome_titles, b.contacts, b.notes,
                (SELECT json_group_array(json_array(d.outcome_id, d.due, d.deadline) ORDER BY d.outcome_id)
                   FROM record_actions d WHERE d.record_id = x.id))
           FROM records x LEFT JOIN record_bodies b ON b.record_id = x.id",
    ),
    (EntryKind::Amendment, "SELECT x.id, x.record_id, chain_sha256('amendment', x.id, x.record_id, x.at_ms, x.kind, x.text) FROM amendments x"),
    (EntryKind::Tick, "SELECT x.id, x.record_id, chain_sha256('tick', x.id, x.record_id, x.outcome_id, x.ticked, x.at_ms) FROM ticks x"),
];

fn content_sql(kind: EntryKind) -> &'static str {
    CONTENT.iter().find(|(k, _)| *k == kind).map(|(_, sql)| *sql).expect("every kind but purge has a content query")
}

/// A purge's content: the record it deleted.
fn purge_content(record: RecordId) -> Hash {
    digest([ValueRef::Text(b"purge"), ValueRef::Integer(record)])
}

/// An entry's own hash, from the one before and its fields.
fn link(prev: &[u8], seq: i64, kind: EntryKind, record: RecordId, entry: i64, content: &[u8]) -> Hash {
    digest([
        ValueRef::Blob(prev),
        ValueRef::Integer(seq),
        ValueRef::Text(kind.as_str().as_bytes()),
        ValueRef::Integer(record),
        ValueRef::Integer(entry),
        ValueRef::Blob(content),
    ])
}

/// Appends the entry for a row just written (or, for [`EntryKind::Purge`], a record
/// just deleted), inside the caller's transaction.
pub fn append(conn: &Connection, kind: EntryKind, record: RecordId, entry: i64) -> Result<()> {
    let content: Hash = match kind {
        EntryKind::Purge => purge_content(record),
        _ => {
            let sql = format!("{} WHERE x.id = ?1", content_sql(kind));
            let (found_record, content): (RecordId, Vec<u8>) = conn
                .prepare_cached(&sql)?
                .query_row([entry], |r| Ok((r.get(1)?, r.get(2)?)))
                .optional()?
                .ok_or_else(|| StoreError::database(format!("no {kind} {entry} to chain")))?;
            if found_record != record {
                return Err(StoreError::database(format!("{kind} {entry} belongs to record {found_record}, not {record}")));
            }
            hash_of(content)?
        }
    };
    let (seq, prev): (i64, Vec<u8>) = conn
        .prepare_cached(
            "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'chain'), 0) + 1,
                coalesce((SELECT hash FROM chain ORDER BY seq DESC LIMIT 1), zeroblob(32))",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let hash = link(&prev, seq, kind, record, entry, &content);
    conn.prepare_cached("INSERT INTO chain (seq, kind, record_id, entry_id, content, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?.execute(params![
        seq,
        kind.as_str(),
        record,
        entry,
        &content[..],
        prev,
        &hash[..]
    ])?;
    Ok(())
}

fn hash_of(bytes: Vec<u8>) -> Result<Hash> {
    bytes.try_into().map_err(|b: Vec<u8>| StoreError::Corrupt { path: Default::default(), detail: format!("a chain hash of {} bytes", b.len()) })
}

/// The last entry of the chain: it pins every entry before it. Shown as `SEQ:HEX`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    /// The entry's place in the chain (1 for the first).
    pub seq: i64,
    /// Its hash, 64 lowercase hex digits.
    pub hash: String,
}

impl fmt::Display for ChainHead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

impl FromStr for ChainHead {
    type Err = String;
    /// `SEQ:HEX`, as [`ChainHead`] displays and exports print it.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a chain head (entry:hash, e.g. 12:3fa4…, 64 hex digits)");
        let (seq, hash) = s.trim().split_once(':').ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        if seq < 1 || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(ChainHead { seq, hash })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is wrong at a [`BrokenLink`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkProblem {
    /// The row is not what was written: a field was changed (for a record: its row,
    /// its body or its due times).
    Changed,
    /// The row is gone, and no purge of its record says why.
    Missing,
    /// The entry does not follow the one before it: an entry before it was removed,
    /// added or moved.
    Unlinked,
    /// The chain's own entry was altered: its hash does not match its fields.
    Altered,
    /// A row the chain has no entry for (or one present after its record was purged):
    /// written without the app.
    NotInChain,
}

impl LinkProblem {
    fn words(self) -> &'static str {
        match self {
            LinkProblem::Changed => "changed since it was written",
            LinkProblem::Missing => "deleted, though its record was never purged",
            LinkProblem::Unlinked => "does not follow the entry before it: an entry was removed, added or moved",
            LinkProblem::Altered => "its chain entry was altered",
            LinkProblem::NotInChain => "not in the chain: written without the app",
        }
    }
}

/// The first place the chain does not hold: which entry, what kind, its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenLink {
    /// The chain entry's place; `None` for a row with no entry.
    pub seq: Option<i64>,
    pub kind: EntryKind,
    /// The row's own id: the record's, the amendment's or the tick's.
    pub id: i64,
    /// The record it belongs to.
    pub record: RecordId,
    pub problem: LinkProblem,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EntryKind::Record | EntryKind::Purge => write!(f, "{} {}", self.kind, self.id)?,
            _ => write!(f, "{} {} of record {}", self.kind, self.id, self.record)?,
        }
        if let Some(seq) = self.seq {
            write!(f, " (chain entry {seq})")?;
        }
        write!(f, ": {}", self.problem.words())
    }
}

/// The chain's state: how long it is, its head, and where it first breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainReport {
    pub entries: u64,
    /// `None` for a file with nothing written yet.
    pub head: Option<ChainHead>,
    /// `None` when every entry holds and every row has its entry.
    pub broken: Option<BrokenLink>,
}

impl ChainReport {
    pub fn ok(&self) -> bool {
        self.broken.is_none()
    }
}

/// The chain's last entry.
pub fn head(conn: &Connection) -> Result<Option<ChainHead>> {
    let row: Option<(i64, Vec<u8>)> =
        conn.prepare_cached("SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1")?.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(row.map(|(seq, hash)| ChainHead { seq, hash: hex(&hash) }))
}

/// Does the chain still hold `head` (an earlier export's) at its place?
pub fn holds(conn: &Connection, head: &ChainHead) -> Result<bool> {
    let hash: Option<Vec<u8>> = conn.prepare_cached("SELECT hash FROM chain WHERE seq = ?1")?.query_row([head.seq], |r| r.get(0)).optional()?;
    Ok(hash.is_some_and(|h| hex(&h) == head.hash))
}

/// One row of `chain`.
struct Entry {
    seq: i64,
    kind: EntryKind,
    record: RecordId,
    entry: i64,
    content: Vec<u8>,
    prev: Vec<u8>,
    hash: Vec<u8>,
}

/// Recomputes every entry and every row's content; reports the first break in chain
/// order, else the first row the chain does not know.
pub fn verify(conn: &Connection) -> Result<ChainReport> {
    let entries: Vec<Entry> = conn
        .prepare("SELECT seq, kind, record_id, entry_id, content, prev, hash FROM chain ORDER BY seq")?
        .query_map([], |r| {
            let kind: String = r.get(1)?;
            Ok(Entry {
                seq: r.get(0)?,
                // An unknown kind cannot pass the table's CHECK; read it as a purge, whose
                // content check then fails.
                kind: EntryKind::parse(&kind).unwrap_or(EntryKind::Purge),
                record: r.get(2)?,
                entry: r.get(3)?,
                content: r.get(4)?,
                prev: r.get(5)?,
                hash: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    // The rows as they are now: (kind, id) → (record, content).
    let mut rows: BTreeMap<(EntryKind, i64), (RecordId, Vec<u8>)> = BTreeMap::new();
    for (kind, sql) in CONTENT {
        let mut stmt = conn.prepare(sql)?;
        let found = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, RecordId>(1)?, r.get::<_, Vec<u8>>(2)?)))?;
        for row in found {
            let (id, record, content) = row?;
            rows.insert((kind, id), (record, content));
        }
    }
    // The last entry of each row (a record is written again at each change; a tick's or
    // amendment's id may be used again after its record was purged), and each purge.
    let mut latest: HashMap<(EntryKind, i64), i64> = HashMap::new();
    let mut purged: HashMap<RecordId, i64> = HashMap::new();
    for e in &entries {
        latest.insert((e.kind, e.entry), e.seq);
        if e.kind == EntryKind::Purge {
            purged.insert(e.record, e.seq);
        }
    }

    let report = |broken| ChainReport { entries: entries.len() as u64, head: entries.last().map(|e| ChainHead { seq: e.seq, hash: hex(&e.hash) }), broken };
    let at = |e: &Entry, problem| Some(BrokenLink { seq: Some(e.seq), kind: e.kind, id: e.entry, record: e.record, problem });

    let mut prev: &[u8] = &GENESIS;
    let mut expected_seq = 1;
    let mut chained: BTreeSet<(EntryKind, i64)> = BTreeSet::new();
    for e in &entries {
        if e.seq != expected_seq || e.prev != prev {
            return Ok(report(at(e, LinkProblem::Unlinked)));
        }
        if link(&e.prev, e.seq, e.kind, e.record, e.entry, &e.content)[..] != e.hash[..] {
            return Ok(report(at(e, LinkProblem::Altered)));
        }
        prev = &e.hash;
        expected_seq = e.seq + 1;

        if e.kind == EntryKind::Purge {
            if e.entry != e.record || e.content[..] != purge_content(e.record)[..] {
                return Ok(report(at(e, LinkProblem::Altered)));
            }
            continue;
        }
        let purged_later = purged.get(&e.record).is_some_and(|&p| p > e.seq);
        let is_latest = latest.get(&(e.kind, e.entry)) == Some(&e.seq);
        match rows.get(&(e.kind, e.entry)) {
            None if !purged_later => return Ok(report(at(e, LinkProblem::Missing))),
            None => {}
            Some(_) if !is_latest => {} // superseded by a later entry of the same row
            Some(_) if purged_later => return Ok(report(at(e, LinkProblem::NotInChain))),
            Some((record, content)) => {
                if *record != e.record || content[..] != e.content[..] {
                    return Ok(report(at(e, LinkProblem::Changed)));
                }
                chained.insert((e.kind, e.entry));
            }
        }
    }
    let stray = rows.iter().find(|(key, _)| !chained.contains(key));
    let broken = stray.map(|(&(kind, id), (record, _))| BrokenLink { seq: None, kind, id, record: *record, problem: LinkProblem::NotInChain });
    Ok(report(broken))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_hash_with_their_type_and_length() {
        let d = |v: &[ValueRef<'_>]| digest(v.iter().copied());
        // Moving a byte from one text to the next changes the hash.
        assert_ne!(d(&[ValueRef::Text(b"ab"), ValueRef::Text(b"c")]), d(&[ValueRef::Text(b"a"), ValueRef::Text(b"bc")]));
        // The same bytes as text, blob or integer are different values.
        assert_ne!(d(&[ValueRef::Text(b"1")]), d(&[ValueRef::Blob(b"1")]));
        assert_ne!(d(&[ValueRef::Integer(0)]), d(&[ValueRef::Null]));
        assert_ne!(d(&[]), d(&[ValueRef::Null]));
    }

    #[test]
    fn sql_and_rust_hash_alike() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let from_sql: Vec<u8> = conn.query_row("SELECT chain_sha256('purge', 42)", [], |r| r.get(0)).unwrap();
        assert_eq!(from_sql, purge_content(42));
    }

    #[test]
    fn heads_read_back_as_printed() {
        let head = ChainHead { seq: 12, hash: "ab".repeat(32) };
        assert_eq!(head.to_string().parse::<ChainHead>(), Ok(head));
        assert!("12".parse::<ChainHead>().is_err());
        assert!("0:".parse::<ChainHead>().is_err());
        assert!(format!("3:{}", "g".repeat(64)).parse::<ChainHead>().is_err());
    }
}
