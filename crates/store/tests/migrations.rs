//! Migrations keep every record, from a file of each earlier schema.
//!
//! `tests/fixtures/schema-v{n}.sqlcipher` (not `.db`, which git ignores here) is a file written at schema `n` (passphrase
//! [`FIXTURE_PASS`]) holding the records of [`fill`]. When a migration is added (and
//! `schema::LATEST` raised), run `cargo test -p store --test migrations -- --ignored
//! regenerate`: it writes a file of the schema being left behind (never rewriting an
//! earlier one), with [`fill`] as that schema knew it. Commit it with the migration.

mod common;

use rusqlite::{params, Connection};
use std::path::Path;
use store::{schema, Amendment, AmendmentKind, EntryKind, LinkProblem, Store, StoreError};

const FIXTURE_PASS: &str = "fixture passphrase for schema tests";

/// Three records as schema 1 stores them, written with SQL so that they do not
/// depend on today's `save`: one plain, one amended and ticked, one referred.
fn fill_v1(conn: &Connection) {
    let walk = r#"[{"node":"immediate-danger","fact":"immediate_danger","answer":"no","question":"Is the child in immediate danger?"}]"#;
    for (n, notes) in ["first visit, nothing further", "bruise on the arm, school nurse told", "disclosure at school"].iter().enumerate() {
        let n = n as i64 + 1;
        conn.execute(
            "INSERT INTO records (id, reference, agency, pack_name, pack_version, created_ms, updated_ms)
             VALUES (?1, ?2, 'education', 'England', '0.9.0', ?3, ?3)",
            params![n, format!("OLD-{n}"), 1_700_000_000_000i64 + n * 1000],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO record_bodies (record_id, walk, outcomes, contacts, notes) VALUES (?1, ?2, '[\"refer-csc\"]', '[\"mash\"]', ?3)",
            params![n, walk, notes],
        )
        .unwrap();
    }
    conn.execute("INSERT INTO amendments (record_id, at_ms, kind, text) VALUES (2, 1700000100000, 'note', 'parent called back')", []).unwrap();
    conn.execute("INSERT INTO ticks (record_id, outcome_id, ticked, at_ms) VALUES (2, 'refer-csc', 1, 1700000100000)", []).unwrap();
    conn.execute("UPDATE records SET referral_date = '2023-11-20', referral_to = 'MASH', referral_ms = 1700000200000 WHERE id = 3", []).unwrap();
}

/// The records of [`fill_v1`] as a file at `version` holds them: from schema 2 the
/// search index has their words too, as schema 2's own saves would have put them there;
/// from schema 3 the first record has when its action was due.
fn fill(conn: &Connection, version: u32) {
    fill_v1(conn);
    if version >= 2 {
        conn.execute_batch(
            "INSERT INTO record_search (rowid, reference, notes)
             SELECT r.id, r.reference, b.notes || coalesce(char(10) || (SELECT group_concat(a.text, char(10)) FROM amendments a WHERE a.record_id = r.id), '')
               FROM records r JOIN record_bodies b ON b.record_id = r.id",
        )
        .unwrap();
    }
    if version >= 3 {
        conn.execute("INSERT INTO record_actions (record_id, outcome_id, due, deadline) VALUES (1, 'refer-csc', 'working-days:1', '2023-11-15T17:00:00')", [])
            .unwrap();
    }
}

/// What every file migrated from `version` must still hold.
fn assert_records_kept(store: &Store, version: u32) {
    let list = store.list().unwrap();
    assert_eq!(list.len(), 3);
    let second = store.get(2).unwrap();
    assert_eq!(second.reference, "OLD-2");
    assert_eq!(second.notes, "bruise on the arm, school nurse told");
    assert_eq!(second.walk[0].question.as_deref(), Some("Is the child in immediate danger?"));
    assert_eq!(second.walk[0].answer_label, None, "a field added later reads as absent");
    assert_eq!(second.amendments.len(), 1);
    assert_eq!(second.amendments[0].kind, AmendmentKind::Note);
    assert_eq!(second.ticked().keys().copied().collect::<Vec<_>>(), ["refer-csc"]);
    let third = store.get(3).unwrap();
    assert_eq!(third.referral.as_ref().map(|r| r.to.as_str()), Some("MASH"));
    // Saved before due times were kept: none is recorded, none is guessed, none is overdue.
    assert!(second.due.is_empty() && third.due.is_empty());
    assert!(store.export(2, store::Format::Text).unwrap().contains(" refer-csc (done 2023-11-14 22:15 UTC): due time not recorded\n"));
    let far = jiff::civil::date(2040, 1, 1).at(0, 0, 0, 0);
    assert!(second.overdue(far).is_empty());
    // From schema 3 the first record's due time is kept, and long past.
    let overdue: Vec<_> = store.overdue(far).unwrap().into_keys().collect();
    assert_eq!(overdue, if version >= 3 { vec![1] } else { vec![] });
    // The search index covers records saved before it existed, amendments included.
    let hits = |q: &str| store.search(q).unwrap().iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(hits("bruise"), [2]);
    assert_eq!(hits("parent called"), [2]);
    assert_eq!(hits("OLD-3"), [3]);
    let report = store.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!((report.records, report.schema), (3, i64::from(schema::LATEST)));
    // Every row joined the chain, in the order the times say: the three records, then
    // the tick and the amendment of the same millisecond.
    assert_eq!(report.chain.entries, 5);
    assert_eq!(report.chain.head.as_ref().map(|h| h.seq), Some(5));
    let order: Vec<(String, i64)> = store
        .connection()
        .prepare("SELECT kind, entry_id FROM chain ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected = [("record", 1), ("record", 2), ("record", 3), ("tick", 1), ("amendment", 1)];
    assert_eq!(order, expected.map(|(k, id)| (k.to_string(), id)));
}

/// A migrated file's chain goes on as the app writes, and shows a change made
/// underneath to a row written before the chain existed (the due time of schema 3).
fn assert_chain_continues_and_holds(path: &Path, version: u32) {
    let mut store = Store::open(path, FIXTURE_PASS).unwrap();
    store.amend(2, Amendment { text: "after the migration".into() }).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(report.chain.entries, 7, "an amendment and the record as it now is");
    drop(store);
    let raw = raw_connection(path);
    let changed = if version >= 3 {
        raw.execute("DROP TRIGGER record_actions_as_saved", []).unwrap();
        raw.execute("UPDATE record_actions SET deadline = '2040-01-01T00:00:00' WHERE record_id = 1", []).unwrap()
    } else {
        raw.execute("UPDATE record_bodies SET notes = 'nothing of concern' WHERE record_id = 1", []).unwrap()
    };
    assert_eq!(changed, 1);
    drop(raw);
    let broken = Store::open(path, FIXTURE_PASS).unwrap().verify().unwrap().chain.broken.expect("the change shows");
    assert_eq!((broken.seq, broken.kind, broken.id, broken.problem), (Some(1), EntryKind::Record, 1, LinkProblem::Changed));
}

/// The file opened with plain rusqlite and the key, as another SQLCipher tool would.
fn raw_connection(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "key", FIXTURE_PASS).unwrap();
    conn
}

#[test]
fn every_committed_fixture_of_an_earlier_schema_migrates_keeping_every_record() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for version in 1..schema::LATEST {
        let fixture = fixtures.join(format!("schema-v{version}.sqlcipher"));
        assert!(fixture.exists(), "no fixture of schema {version}: see this file's header");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.db");
        std::fs::copy(&fixture, &path).unwrap();
        let conn = store::testing::open_unmigrated(&path, FIXTURE_PASS).unwrap();
        assert_eq!(schema::version(&conn).unwrap(), i64::from(version));
        drop(conn);
        let store = Store::open(&path, FIXTURE_PASS).unwrap();
        assert_records_kept(&store, version);
        drop(store);
        assert_chain_continues_and_holds(&path, version);
    }
}

#[test]
fn a_file_built_at_each_earlier_schema_migrates_keeping_every_record() {
    for version in 1..schema::LATEST {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.db");
        let conn = store::testing::create_at_version(&path, FIXTURE_PASS, version).unwrap();
        fill(&conn, version);
        drop(conn);
        let store = Store::open(&path, FIXTURE_PASS).unwrap();
        assert_records_kept(&store, version);
        drop(store);
        // Opening again finds nothing to do.
        assert_records_kept(&Store::open(&path, FIXTURE_PASS).unwrap(), version);
    }
}

#[test]
fn a_file_from_a_newer_app_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let store = Store::create(&path, FIXTURE_PASS).unwrap();
    store
        .connection()
        .execute("INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (99, 'future', '2030-01-01T00:00:00Z', '0')", [])
        .unwrap();
    drop(store);
    match Store::open(&path, FIXTURE_PASS) {
        Err(StoreError::TooNew { found: 99, known }) => assert_eq!(known, i64::from(schema::LATEST)),
        other => panic!("{other:?}"),
    }
}

/// Writes `tests/fixtures/schema-v{n}.sqlcipher` for every schema before the latest.
#[test]
#[ignore = "run by hand when adding a migration; see the header"]
fn regenerate() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for version in 1..schema::LATEST {
        let path = fixtures.join(format!("schema-v{version}.sqlcipher"));
        if path.exists() {
            continue; // a released schema's fixture is never rewritten
        }
        let conn = store::testing::create_at_version(&path, FIXTURE_PASS, version).unwrap();
        fill(&conn, version);
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;").unwrap();
    }
}
