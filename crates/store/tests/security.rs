//! The file's protections: passphrase rules, wrong passphrase, damaged and foreign
//! files (each a clear error that changes nothing), rekey, no plaintext on disk.

mod common;

use common::{contains, db_files, sample, PASS};
use std::fs;
use std::path::Path;
use store::{Amendment, Store, StoreError};

/// The bytes of every file in the folder, by name, to prove nothing changed.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap())).collect();
    files.sort();
    files
}

/// A closed file holding `n` records.
fn file_with(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("records.db");
    let mut store = Store::create(&path, PASS).unwrap();
    for i in 0..n {
        store.save(&sample(i)).unwrap();
    }
    path
}

#[test]
fn wrong_passphrase_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with(dir.path(), 3);
    let before = snapshot(dir.path());
    let err = Store::open(&path, "not the right passphrase").unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
    assert!(err.to_string().contains("passphrase did not open"), "{err}");
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["kind"], "WrongPassphrase");
    assert_eq!(snapshot(dir.path()), before, "no byte changed and no file appeared");
    assert_eq!(Store::open(&path, PASS).unwrap().list().unwrap().len(), 3);

    // Left by a crash: the file with its WAL and index, open nowhere. A wrong passphrase
    // recovers nothing and rebuilds nothing; the right one finds the unsaved-to-the-file save.
    let mut store = Store::open(&path, PASS).unwrap();
    store.save(&sample(4)).unwrap();
    let crashed = tempfile::tempdir().unwrap();
    for (from, name) in db_files(&path).iter().zip(["records.db", "records.db-wal", "records.db-shm"]) {
        fs::copy(from, crashed.path().join(name)).unwrap();
    }
    drop(store);
    let copy = crashed.path().join("records.db");
    let before = hashes(crashed.path());
    assert_eq!(names(&before), ["records.db", "records.db-shm", "records.db-wal"]);
    assert!(matches!(Store::open(&copy, "not the right passphrase"), Err(StoreError::WrongPassphrase)));
    assert_eq!(hashes(crashed.path()), before, "after a crash: nothing changed");
    assert_eq!(Store::open(&copy, PASS).unwrap().list().unwrap().len(), 4);
}

/// SHA-256 of every file in the folder (the records file, and its `-wal` and `-shm`
/// while open), by name: no byte may change, and no file may appear or go.
fn hashes(dir: &Path) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    snapshot(dir).into_iter().map(|(name, bytes)| (name, format!("{:x}", Sha256::digest(&bytes)))).collect()
}

/// 100 opens with wrong passphrases (each costs a key derivation, about 0.3 s): each is
/// refused as a wrong passphrase.
fn hundred_wrong_opens(path: &Path) {
    for n in 0..100 {
        let err = Store::open(path, &format!("wrong passphrase number {n}")).unwrap_err();
        assert!(matches!(err, StoreError::WrongPassphrase), "attempt {n}: {err:?}");
    }
}

fn names(hashes: &[(String, String)]) -> Vec<&str> {
    hashes.iter().map(|(n, _)| n.as_str()).collect()
}

/// The app locked: the file alone, closed.
#[test]
fn a_hundred_wrong_passphrases_leave_a_closed_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with(dir.path(), 5);
    let before = hashes(dir.path());
    assert_eq!(names(&before), ["records.db"]);
    hundred_wrong_opens(&path);
    assert_eq!(hashes(dir.path()), before, "no byte changed and no file appeared");
    assert_eq!(Store::open(&path, PASS).unwrap().list().unwrap().len(), 5);
}

/// The file open in the app (the CLI tried beside it): its WAL holds a save not yet
/// in the file, and SQLite's shared-memory index is in use.
#[test]
fn a_hundred_wrong_passphrases_leave_a_file_open_elsewhere_and_its_wal_and_index_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with(dir.path(), 5);
    let mut store = Store::open(&path, PASS).unwrap();
    store.save(&sample(6)).unwrap();
    let before = hashes(dir.path());
    assert_eq!(names(&before), ["records.db", "records.db-shm", "records.db-wal"]);
    hundred_wrong_opens(&path);
    assert_eq!(hashes(dir.path()), before, "no byte of the file, its WAL or its index changed");
    assert_eq!(store.list().unwrap().len(), 6);
}

#[test]
fn truncated_files_are_reported_damaged_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with(dir.path(), 300);
    let len = fs::metadata(&path).unwrap().len();
    assert!(len >= 8 * 4096, "several pages: {len}");
    for cut in [len / 2 / 4096 * 4096, len / 2 + 100, len - 1, 4096, 10] {
        let bytes = fs::read(&path).unwrap();
        let damaged = dir.path().join(format!("cut-{cut}.db"));
        fs::write(&damaged, &bytes[..cut as usize]).unwrap();
        let before = snapshot(dir.path());
        let err = Store::open(&damaged, PASS).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "cut at {cut}: {err:?}");
        assert!(err.to_string().contains("damaged"), "{err}");
        assert_eq!(snapshot(dir.path()), before, "cut at {cut}: nothing changed");
    }
}

#[test]
fn garbage_empty_plain_and_missing_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    // Bytes from a simple LCG: random-looking, as an encrypted file is.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let noise: Vec<u8> = (0..3 * 4096)
        .map(|_| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 56) as u8
        })
        .collect();
    let cases: [(&str, Vec<u8>); 4] = [
        ("pages-of-noise.db", noise.clone()),
        ("odd-noise.db", noise[..5000].to_vec()),
        ("empty.db", Vec::new()),
        ("text.db", b"this is a shopping list, not a database\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let before = snapshot(dir.path());
        let err = Store::open(&path, PASS).unwrap_err();
        assert!(matches!(err, StoreError::WrongPassphrase | StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }), "{name}: {err:?}");
        assert_eq!(snapshot(dir.path()), before, "{name}: nothing changed");
    }
    // An unencrypted SQLite file is named for what it is.
    let plain = dir.path().join("plain.db");
    rusqlite::Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    let err = Store::open(&plain, PASS).unwrap_err();
    assert!(err.to_string().contains("unencrypted SQLite"), "{err}");
    // A missing file is not created by opening it.
    let missing = dir.path().join("nope.db");
    assert!(matches!(Store::open(&missing, PASS), Err(StoreError::NoDatabase { .. })));
    assert!(!missing.exists());
}

#[test]
fn create_refuses_an_existing_file_and_a_weak_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with(dir.path(), 1);
    let before = snapshot(dir.path());
    assert!(matches!(Store::create(&path, PASS), Err(StoreError::AlreadyExists { .. })));
    assert_eq!(snapshot(dir.path()), before);

    let fresh = dir.path().join("new.db");
    match Store::create(&fresh, "short") {
        Err(StoreError::WeakPassphrase { min_len, len, hint }) => {
            assert_eq!((min_len, len), (store::passphrase::MIN_LEN, 5));
            assert!(hint.contains("at least"), "{hint}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!fresh.exists(), "a refused create leaves no file");
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let mut store = Store::create(&path, PASS).unwrap();
    store.save(&sample(1)).unwrap();
    for file in db_files(&path) {
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
}

#[test]
fn rekey_keeps_every_record_and_the_old_passphrase_stops_working() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let new_pass = "a different passphrase entirely";
    let mut store = Store::create(&path, PASS).unwrap();
    let mut ids = Vec::new();
    for n in 0..50 {
        ids.push(store.save(&sample(n)).unwrap());
    }
    store.amend(ids[3], Amendment { text: "before the rekey".into() }).unwrap();
    let expected: Vec<_> = ids.iter().map(|&id| store.get(id).unwrap()).collect();

    assert!(matches!(store.rekey("weak"), Err(StoreError::WeakPassphrase { .. })));
    store.rekey(new_pass).unwrap();
    // Still usable under the new key without reopening.
    let after = store.save(&sample(99)).unwrap();
    drop(store);

    assert!(matches!(Store::open(&path, PASS), Err(StoreError::WrongPassphrase)));
    let store = Store::open(&path, new_pass).unwrap();
    let got: Vec<_> = ids.iter().map(|&id| store.get(id).unwrap()).collect();
    assert_eq!(got, expected);
    assert_eq!(store.get(after).unwrap().reference, sample(99).reference);
    assert!(store.verify().unwrap().ok);
}

/// A rekey runs with a rollback journal, so it needs the file to itself: with the file
/// open elsewhere it changes nothing, and says so.
#[test]
fn rekey_refuses_while_the_file_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = file_with(dir.path(), 2);
    let mut store = Store::open(&path, PASS).unwrap();
    let elsewhere = Store::open(&path, PASS).unwrap();
    let err = store.rekey("a different passphrase entirely").unwrap_err();
    assert!(err.to_string().contains("open elsewhere"), "{err}");
    // Both still work, under the old passphrase.
    store.save(&sample(3)).unwrap();
    assert_eq!(elsewhere.list().unwrap().len(), 3);
    drop((store, elsewhere));
    assert_eq!(Store::open(&path, PASS).unwrap().list().unwrap().len(), 3);
}

/// Every connection the store makes: creating, opening (with and without a WAL beside
/// the file), and opening without migrating. Each is asked for `pragma`, read as text.
fn every_connection_reads(pragma: &str) -> Vec<String> {
    use rusqlite::types::Value;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let read = |conn: &rusqlite::Connection| match conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get::<_, Value>(0)).unwrap() {
        Value::Integer(n) => n.to_string(),
        Value::Text(t) => t,
        other => panic!("{pragma}: {other:?}"),
    };
    let mut store = Store::create(&path, PASS).unwrap();
    store.save(&sample(1)).unwrap();
    let mut values = vec![read(store.connection())];
    let beside = Store::open(&path, PASS).unwrap(); // the WAL is there
    values.push(read(beside.connection()));
    drop((store, beside));
    values.push(read(Store::open(&path, PASS).unwrap().connection()));
    values.push(read(&store::testing::open_unmigrated(&path, PASS).unwrap()));
    values
}

/// Sorts, temporary tables and indices never go to a temp file: `temp_store` is MEMORY
/// (2) on every connection, whatever the build's default.
#[test]
fn every_connection_keeps_temporary_storage_in_memory() {
    assert_eq!(every_connection_reads("temp_store"), ["2"; 4]);
}

/// SQLCipher's memory security is on for every connection: its allocator locks and wipes
/// all of SQLite's memory (reads 1 only once that allocator has run with it on).
#[test]
fn every_connection_has_sqlciphers_memory_security_on() {
    assert_eq!(every_connection_reads("cipher_memory_security"), ["1"; 4]);
}

/// The passphrase's cost, as the README states it: PBKDF2-HMAC-SHA512, 256,000
/// iterations, and HMAC-SHA512 on every 4096-byte page.
#[test]
fn the_key_is_derived_with_pbkdf2_hmac_sha512_over_256000_iterations() {
    assert_eq!(every_connection_reads("kdf_iter"), ["256000"; 4]);
    assert_eq!(every_connection_reads("cipher_kdf_algorithm"), ["PBKDF2_HMAC_SHA512"; 4]);
    assert_eq!(every_connection_reads("cipher_hmac_algorithm"), ["HMAC_SHA512"; 4]);
    assert_eq!(every_connection_reads("cipher_page_size"), ["4096"; 4]);
}

#[test]
fn no_plaintext_in_the_file_wal_or_journal() {
    const MARKER: &str = "ZQXMARKER7731";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let mut store = Store::create(&path, PASS).unwrap();
    let mut ids = Vec::new();
    for n in 0..20 {
        let mut r = sample(n);
        r.reference = format!("{MARKER}-ref-{n}");
        r.notes = format!("Notes {n} {MARKER} the family's address");
        ids.push(store.save(&r).unwrap());
    }
    store.amend(ids[0], Amendment { text: format!("amended {MARKER}") }).unwrap();
    store.mark_referral(ids[1], jiff::civil::date(2025, 1, 1), &format!("{MARKER} MASH")).unwrap();
    assert_eq!(store.search(MARKER).unwrap().len(), 20, "the marker is really in the records");

    let check = |when: &str| {
        let files = db_files(&path);
        assert!(!files.is_empty());
        for file in files {
            let bytes = fs::read(&file).unwrap();
            for needle in [MARKER.as_bytes(), b"family's address", b"SQLite format 3"] {
                assert!(!contains(&bytes, needle), "{when}: {:?} found in {}", String::from_utf8_lossy(needle), file.display());
            }
        }
        // Nothing else was written beside the file (no temp files).
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(names.iter().all(|n| n.starts_with("records.db")), "{when}: {names:?}");
    };
    // While open, with the WAL and shared-memory files present…
    assert!(store::testing::sidecars(&path)[0].exists(), "the WAL is in use");
    check("open");
    // …after a purge and its vacuum…
    store.purge(&ids[10..]).unwrap();
    check("after purge");
    // …and after closing.
    drop(store);
    check("closed");
}
