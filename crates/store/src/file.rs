//! The encrypted file: creating it, keying it, telling a wrong passphrase from a damaged
//! or foreign file before anything is written, and the connection's settings.
//!
//! The passphrase goes to SQLCipher through `sqlite3_key`/`sqlite3_rekey`, not inside
//! SQL text, so it never sits in a statement string; SQLCipher derives the key itself
//! (PBKDF2-HMAC-SHA512, 256,000 iterations, a random salt per file: see the crate docs)
//! and wipes its key material when the connection closes.

use crate::error::{Result, StoreError};
use crate::schema;
use rusqlite::{ffi, Connection, ErrorCode, OpenFlags};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::os::raw::c_int;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::thread;
use std::time::Duration;

/// SQLCipher 4's page size: an intact file is a whole number of pages.
const PAGE_SIZE: u64 = 4096;
/// How a plain, unencrypted SQLite file begins.
const PLAIN_SQLITE: &[u8; 16] = b"SQLite format 3\0";
/// Another process (the CLI beside the app) may hold the write lock briefly.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Makes a new file at `path` with the latest schema. Nothing may exist there.
pub fn create(path: &Path, passphrase: &str) -> Result<Connection> {
    create_at(path, passphrase, schema::LATEST)
}

/// Makes a new file with the schema `target` (earlier ones: for migration tests).
pub fn create_at(path: &Path, passphrase: &str, target: u32) -> Result<Connection> {
    crate::passphrase::check(passphrase)?;
    wait_for_sqlcipher();
    new_private_file(path)?;
    let made = (|| {
        let mut conn = Connection::open_with_flags(path, flags())?;
        key(&conn, passphrase)?;
        conn.pragma_update(None, "cipher_compatibility", 4)?;
        crate::chain::register(&conn)?;
        // The schema goes in under a rollback journal, then the file switches to WAL:
        // that writes page 1, so a new file is never an empty shell with all in the WAL.
        schema::migrate(&mut conn, Some(target))?;
        settings(&conn)?;
        Ok(conn)
    })();
    if made.is_err() {
        remove_with_sidecars(path);
    }
    made
}

/// Opens an existing file. A wrong passphrase, or a file that is not an intact records
/// file, is an error before anything is written to it.
pub fn open(path: &Path, passphrase: &str) -> Result<Connection> {
    open_at(path, passphrase, Some(schema::LATEST))
}

/// Opens and migrates up to `target` (`None`: leave the schema as it is). For tests
/// that build files of earlier schemas.
pub fn open_at(path: &Path, passphrase: &str, target: Option<u32>) -> Result<Connection> {
    preflight(path)?;
    wait_for_sqlcipher();
    if sidecars(path)[0].exists() {
        check_key_without_the_wal(path, passphrase)?;
    }
    let mut conn = Connection::open_with_flags(path, flags()).map_err(|e| io_error(path, e))?;
    key(&conn, passphrase)?;
    conn.pragma_update(None, "cipher_compatibility", 4)?;
    check_key_and_integrity(&conn, path)?;
    // Only now, with the file known to be ours and intact, may anything be written.
    crate::chain::register(&conn)?;
    settings(&conn)?;
    if let Some(target) = target {
        schema::migrate(&mut conn, Some(target))?;
    }
    Ok(conn)
}

/// Tries the passphrase on the main file alone, opened immutable: read-only, without
/// locks, without its WAL and shared-memory index.
///
/// A WAL beside the file means it is open elsewhere (the app beside the CLI) or was
/// left by a crash. SQLite opens the WAL and its index before it reads a page, so a
/// wrong passphrase would still write there: a read mark in the index of a file open
/// elsewhere, a rebuilt index after a crash. Checked first here, a wrong passphrase
/// leaves every byte as it was, at the price of a second key derivation for the right
/// one. Page 1 of the main file is always under the current key: a rekey runs with a
/// rollback journal (see [`rekey`]). An answer other than "not a database" (a file
/// this cannot open as a URI, say) leaves the decision to the full open.
fn check_key_without_the_wal(path: &Path, passphrase: &str) -> Result<()> {
    let Some(uri) = immutable_uri(path) else { return Ok(()) };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(uri, flags) else { return Ok(()) };
    key(&conn, passphrase)?;
    conn.pragma_update(None, "cipher_compatibility", 4)?;
    // Reads page 1 only: SQLCipher checks its MAC under the derived key.
    match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => Err(StoreError::WrongPassphrase),
        _ => Ok(()),
    }
}

/// `file:/the/path?immutable=1`, the path's bytes percent-encoded where a URI needs it.
/// `None` where the path cannot be written so (on Windows, one without a drive letter).
fn immutable_uri(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(absolute.as_os_str()).to_vec();
    #[cfg(windows)]
    let bytes = {
        let s = absolute.to_str()?.replace('\\', "/");
        let drive = s.as_bytes().get(1) == Some(&b':');
        if !drive {
            return None;
        }
        format!("/{s}").into_bytes()
    };
    let mut uri = String::from("file:");
    for b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => uri.push(b as char),
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// Re-encrypts every page under a new passphrase, in one transaction.
///
/// Under a rollback journal, not the WAL: leaving WAL mode first checkpoints and removes
/// the WAL, then every page, page 1 included, is rewritten in the main file itself, so
/// no frame under the old key is left anywhere, the main file's page 1 is always under
/// the current key (which [`check_key_without_the_wal`] relies on), and a crash part-way
/// rolls back to the old key. Leaving WAL mode needs the file to be open nowhere else;
/// otherwise nothing changes and the error says so.
pub fn rekey(conn: &Connection, new_passphrase: &str) -> Result<()> {
    crate::passphrase::check(new_passphrase)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| StoreError::database(format!("the passphrase was not changed: the records file is open elsewhere, close it there first ({e})")))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(StoreError::database("the passphrase was not changed: the records file is open elsewhere, close it there first"));
    }
    let bytes = new_passphrase.as_bytes();
    // SAFETY: the handle is live for the borrow of `conn`; SQLCipher copies the bytes.
    #[allow(unsafe_code)]
    let rc = unsafe { ffi::sqlite3_rekey(conn.handle(), bytes.as_ptr().cast(), len_of(bytes)?) };
    let back: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::database(format!("rekey failed (code {rc})")));
    }
    if !back.eq_ignore_ascii_case("wal") {
        return Err(StoreError::database(format!("could not switch back to WAL after the rekey (journal mode is {back})")));
    }
    Ok(())
}

/// How long the first open in a process waits, at most, for SQLCipher to be ready.
const READY_ATTEMPTS: u32 = 500;
const READY_PAUSE: Duration = Duration::from_millis(1);

/// Waits, once per process, until SQLCipher can key a connection.
///
/// SQLite marks itself initialised and releases its lock before SQLCipher's own set-up
/// (`sqlcipher_extra_init`) has run. A thread that opens a file in that window finds
/// SQLCipher not ready and `sqlite3_key` fails with SQLITE_ERROR: CI saw "keying failed
/// (code 1)" when tests opened their first files at once. Every open waits here first,
/// so the first one runs SQLite's whole set-up itself while the others wait; the retry
/// covers set-up started elsewhere in the process (a plain rusqlite connection). If
/// SQLCipher never becomes ready, the real open reports the failure.
fn wait_for_sqlcipher() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        for _ in 0..READY_ATTEMPTS {
            if sqlcipher_keys_a_connection() {
                return;
            }
            thread::sleep(READY_PAUSE);
        }
    });
}

/// Keys a throwaway in-memory connection. Keying derives nothing yet (that happens on
/// first read), so this is cheap.
fn sqlcipher_keys_a_connection() -> bool {
    Connection::open_in_memory().ok().is_some_and(|conn| key(&conn, "probe").is_ok())
}

/// Flags without CREATE: SQLite must never make a file where one was expected.
fn flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

fn key(conn: &Connection, passphrase: &str) -> Result<()> {
    // SQLCipher otherwise writes its own diagnostics (a failed page MAC on a wrong
    // passphrase, say) to stderr. We report errors ourselves; its log stays silent.
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(())).or_else(ignore_no_rows)?;
    // Before the key: from here on every allocation SQLite makes (the key schedule, the
    // decrypted page cache, sorts) is locked against swapping where the system allows
    // and overwritten when freed. The setting is process-wide and can only be turned on;
    // setting it on each connection keeps that true whichever opens first.
    conn.query_row("PRAGMA cipher_memory_security = ON", [], |_| Ok(())).or_else(ignore_no_rows)?;
    let bytes = passphrase.as_bytes();
    // SAFETY: as in `rekey`.
    #[allow(unsafe_code)]
    let rc = unsafe { ffi::sqlite3_key(conn.handle(), bytes.as_ptr().cast(), len_of(bytes)?) };
    if rc != ffi::SQLITE_OK {
        return Err(StoreError::database(format!("keying failed (code {rc})")));
    }
    Ok(())
}

fn ignore_no_rows(e: rusqlite::Error) -> rusqlite::Result<()> {
    match e {
        rusqlite::Error::QueryReturnedNoRows => Ok(()),
        e => Err(e),
    }
}

fn len_of(bytes: &[u8]) -> Result<c_int> {
    c_int::try_from(bytes.len()).map_err(|_| StoreError::invalid("the passphrase is too long"))
}

/// Checks on the raw file that need no key: present, not empty, not plain SQLite, a
/// whole number of pages.
fn preflight(path: &Path) -> Result<()> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(StoreError::NoDatabase { path: path.into() }),
        Err(e) => return Err(StoreError::Io { path: path.into(), message: e.to_string() }),
    };
    let not_ours = |reason: &str| Err(StoreError::NotADatabase { path: path.into(), reason: reason.into() });
    if !meta.is_file() {
        return not_ours("it is not a file");
    }
    if meta.len() == 0 {
        return not_ours("the file is empty");
    }
    let mut head = [0u8; 16];
    let read = File::open(path).and_then(|mut f| f.read(&mut head)).map_err(|e| StoreError::Io { path: path.into(), message: e.to_string() })?;
    if read == 16 && &head == PLAIN_SQLITE {
        return not_ours("it is an unencrypted SQLite database");
    }
    if meta.len() % PAGE_SIZE != 0 {
        return Err(StoreError::Corrupt {
            path: path.into(),
            detail: format!("its size ({} bytes) is not a whole number of pages: the file is truncated or not a records file", meta.len()),
        });
    }
    Ok(())
}

/// Reads the schema (which fails under a wrong key), then checks every page.
fn check_key_and_integrity(conn: &Connection, path: &Path) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::NotADatabase => return Err(StoreError::WrongPassphrase),
        Err(e) => return Err(classify(path, e)),
    }
    let problems = quick_check(conn).map_err(|e| classify(path, e))?;
    if !problems.is_empty() {
        return Err(StoreError::Corrupt { path: path.into(), detail: problems.join("; ") });
    }
    if schema::version(conn)? == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::NotADatabase { path: path.into(), reason: "an encrypted database of another program".into() });
        }
    }
    Ok(())
}

/// `PRAGMA quick_check`: the problems it lists (none when the file is intact).
pub fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    rows_not_ok(conn, "PRAGMA quick_check")
}

/// The rows of an integrity pragma other than the lone "ok".
pub fn rows_not_ok(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(pragma)?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
            StoreError::Corrupt { path: path.into(), detail: e.to_string() }
        }
        _ => e.into(),
    }
}

/// Connection settings, applied on every open.
fn settings(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: a killed writer loses at most its uncommitted transaction; FULL: a commit is
    // on disk before `save` returns its id, so an acknowledged record survives power loss.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::database(format!("could not switch to WAL (journal mode is {mode})")));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Deleted content is overwritten, so a purge leaves nothing behind in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // Sorts, temporary tables and indices stay in memory, never in a temp file (this
    // build's default, SQLITE_TEMP_STORE=2, would allow a file if asked: we ask for none).
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

/// Creates an empty file only the user can read (the WAL and shared-memory files that
/// SQLite adds later take the same permissions).
fn new_private_file(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(StoreError::AlreadyExists { path: path.into() }),
        Err(e) => Err(StoreError::Io { path: path.into(), message: e.to_string() }),
    }
}

/// The SQLite files that sit beside a database.
pub fn sidecars(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    [with("-wal"), with("-shm"), with("-journal")]
}

fn remove_with_sidecars(path: &Path) {
    let _ = fs::remove_file(path);
    for p in sidecars(path) {
        let _ = fs::remove_file(p);
    }
}

fn io_error(path: &Path, e: rusqlite::Error) -> StoreError {
    StoreError::Io { path: path.into(), message: e.to_string() }
}
