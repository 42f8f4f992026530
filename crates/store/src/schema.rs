//! Schema migrations (refinery). Each `migrations/V{n}__*.sql` runs once, in order;
//! all pending ones run in one transaction together with refinery's history rows, so a
//! crash part-way leaves the file at the schema it had.
//!
//! A released migration is never edited: refinery checks each applied one's checksum
//! and refuses a file whose history diverges. Add a new `V{n+1}` instead, and a fixture
//! of schema `n` under `tests/fixtures/` (see `tests/migrations.rs`).

use crate::error::{Result, StoreError};
use refinery::{Migration, Runner, Target};
use rusqlite::Connection;

/// The schema this build writes.
pub const LATEST: u32 = 4;

const SOURCES: [(&str, &str); LATEST as usize] = [
    ("V1__records", include_str!("../migrations/V1__records.sql")),
    ("V2__search", include_str!("../migrations/V2__search.sql")),
    ("V3__due", include_str!("../migrations/V3__due.sql")),
    ("V4__chain", include_str!("../migrations/V4__chain.sql")),
];

fn migrations() -> Vec<Migration> {
    SOURCES.iter().map(|(name, sql)| Migration::unapplied(name, sql).expect("migration names are V{n}__name")).collect()
}

/// The schema version of an opened file: 0 for a file with no history table.
pub fn version(conn: &Connection) -> Result<i64> {
    let has_history: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'refinery_schema_history')", [], |r| r.get(0))?;
    if !has_history {
        return Ok(0);
    }
    Ok(conn.query_row("SELECT coalesce(max(version), 0) FROM refinery_schema_history", [], |r| r.get(0))?)
}

/// Brings the file up to `target` (the latest when `None`). The connection must have the
/// chain's SQL function ([`crate::chain::register`]): schema 4 back-fills the chain.
pub fn migrate(conn: &mut Connection, target: Option<u32>) -> Result<()> {
    let found = version(conn)?;
    if found > i64::from(LATEST) {
        return Err(StoreError::TooNew { found, known: i64::from(LATEST) });
    }
    let target = match target {
        Some(v) => Target::Version(v as _),
        None => Target::Latest,
    };
    Runner::new(&migrations())
        .set_grouped(true)
        .set_target(target)
        .set_abort_divergent(true)
        .run(conn)
        .map_err(|e| StoreError::Migration { message: e.to_string() })?;
    Ok(())
}
