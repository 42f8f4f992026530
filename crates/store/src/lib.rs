//! Encrypted case records for Safeguarding Pathways.
//!
//! A practitioner keeps what they decided and why: the walk (every screen and
//! answer), the outcomes and contacts shown, which actions they ticked and when, their
//! notes, a pseudonymous reference, and the pack used. Amendments are appended, never
//! written over. Everything lives in one SQLite file encrypted with SQLCipher.
//!
//! ```no_run
//! # fn main() -> Result<(), store::StoreError> {
//! let mut store = store::Store::open("records.db", "correct horse battery")?;
//! for line in store.search("visit")? {
//!     println!("{} {}", line.id, line.updated);
//! }
//! drop(store); // locked: the file is closed and the key gone from memory
//! # Ok(()) }
//! ```
//!
//! # The key: SQLCipher's own KDF
//!
//! The passphrase goes to SQLCipher (`sqlite3_key`), which derives the key with
//! PBKDF2-HMAC-SHA512 over 256,000 iterations and a random 16-byte salt kept in the
//! file (SQLCipher 4's settings, pinned with `cipher_compatibility = 4`), and checks
//! every page with an HMAC-SHA512. We chose it over Argon2id feeding a raw key because:
//!
//! - the file stays self-contained: salt and KDF settings travel with it, with no
//!   sidecar file to lose, and `PRAGMA rekey` re-encrypts it in one transaction;
//! - no key bytes pass through this crate, so there are none of ours to wipe;
//! - it meets OWASP's figure for PBKDF2-HMAC-SHA512 (210,000 iterations) and costs
//!   about as long per unlock as Argon2id at comparable settings, in debug builds too
//!   (OpenSSL does the work; an unoptimised Argon2 would make every test slow).
//!
//! What Argon2id would add is memory-hardness against GPU guessing. We answer that
//! with length instead: at least [`passphrase::MIN_LEN`] characters, with a strength
//! hint towards three random words. Should that change, a new schema can rekey the
//! file to a raw Argon2id key, and the salt can live in SQLCipher's header.
//!
//! # What never leaves the file
//!
//! No record text goes to logs, temp files or error messages: errors carry ids, counts
//! and SQLite's messages only; `Debug` on record types prints ids and counts; temp
//! storage is in memory (`temp_store = MEMORY` on every connection); SQLCipher's memory
//! security is on (`cipher_memory_security`: every SQLite allocation, decrypted pages
//! included, is locked against swapping where the system allows and overwritten when
//! freed); the WAL is encrypted like the file; deletion uses `secure_delete` and then
//! `VACUUM`.
//!
//! # Tamper evidence
//!
//! Every record, amendment and tick, and every purge, is an entry of one hash chain
//! (`chain`): [`Store::verify`] reports the first entry that no longer holds, and each
//! export prints the chain's head. See [`ChainReport`].
//!
//! # Modules
//! `file` opens and keys the file, `from_walk` (feature `pathway`) turns the engine's
//! walk into a record, `schema` migrates it, `write` and `read` hold the
//! queries, `chain` the hash chain, `search` the FTS5 index, `retention` the deletion
//! policy, `export` the summaries, `idle` the idle-lock timer.

mod chain;
mod error;
mod export;
mod file;
#[cfg(feature = "pathway")]
pub mod from_walk;
pub mod idle;
mod model;
pub mod passphrase;
mod read;
mod retention;
#[doc(hidden)]
pub mod schema;
mod search;
mod store;
mod time;
mod write;

pub use chain::{BrokenLink, ChainHead, ChainReport, EntryKind, LinkProblem};
pub use error::{Result, StoreError};
pub use export::{deadline_words, due_words, Format};
pub use idle::{IdleLock, LockSettings};
pub use model::{
    ActionDue, Amendment, AmendmentEntry, AmendmentKind, NewRecord, OverdueAction, PackRef, PathStep, Record, RecordId, RecordSummary, Referral, TickEvent,
    VerifyReport,
};
pub use retention::RetentionPolicy;
pub use store::Store;

/// Test support: files of earlier schemas, and the SQLite files beside a database.
#[doc(hidden)]
pub mod testing {
    use std::path::{Path, PathBuf};

    /// Creates a new file migrated only up to `version`, returning its connection.
    pub fn create_at_version(path: &Path, passphrase: &str, version: u32) -> crate::Result<rusqlite::Connection> {
        let conn = crate::file::create_at(path, passphrase, version)?;
        Ok(conn)
    }

    /// Opens without migrating.
    pub fn open_unmigrated(path: &Path, passphrase: &str) -> crate::Result<rusqlite::Connection> {
        crate::file::open_at(path, passphrase, None)
    }

    pub fn sidecars(path: &Path) -> [PathBuf; 3] {
        crate::file::sidecars(path)
    }

    /// Gives another connection the chain's `chain_sha256(...)`, as someone rewriting
    /// the whole chain would need.
    pub fn register_chain(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        crate::chain::register(conn)
    }
}
