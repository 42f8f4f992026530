//! The tamper-evident chain: rows changed, deleted, reordered or added underneath the
//! app (through another SQLCipher connection with the key) fail verification at
//! exactly that entry; purges keep the chain whole; an exported head shows even a
//! rewritten chain.

mod common;

use common::{sample, PASS};
use jiff::civil::date;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use store::{Amendment, BrokenLink, EntryKind, LinkProblem, Store};

/// A closed file with this history; the chain's entries are numbered on the right.
///
/// ```text
/// record 1 saved                                  1 record 1
/// record 2 saved with record-concern ticked       2 record 2, 3 tick 1
/// record 1: refer-csc ticked                      4 tick 2, 5 record 1
/// record 1 amended                                6 amendment 1, 7 record 1
/// record 2 referred                               8 amendment 2, 9 record 2
/// record 3 saved                                  10 record 3
/// record 3: refer-csc ticked, then unticked       11 tick 3, 12 record 3, 13 tick 4, 14 record 3
/// record 3 amended                                15 amendment 3, 16 record 3
/// ```
fn history(dir: &Path) -> PathBuf {
    let path = dir.join("records.db");
    let mut store = Store::create(&path, PASS).unwrap();
    let r1 = store.save(&sample(1)).unwrap();
    let r2 = store.save_ticked(&sample(2), &["record-concern".to_string()]).unwrap();
    store.tick_action(r1, "refer-csc", true).unwrap();
    store.amend(r1, Amendment { text: "Spoke to the school nurse.".into() }).unwrap();
    store.mark_referral(r2, date(2025, 3, 14), "Northbrook MASH").unwrap();
    let r3 = store.save(&sample(3)).unwrap();
    store.tick_action(r3, "refer-csc", true).unwrap();
    store.tick_action(r3, "refer-csc", false).unwrap();
    store.amend(r3, Amendment { text: "Social worker allocated.".into() }).unwrap();
    assert_eq!((r1, r2, r3), (1, 2, 3));
    let report = store.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!((report.chain.entries, report.chain.head.map(|h| h.seq)), (16, Some(16)));
    path
}

/// The file opened with plain rusqlite and the key, as another SQLCipher tool would.
fn raw(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "key", PASS).unwrap();
    conn
}

/// A copy of `history`'s file, changed by `sql` underneath the app, then verified by it.
fn tamper(history: &Path, sql: &str) -> Option<BrokenLink> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    std::fs::copy(history, &path).unwrap();
    raw(&path).execute_batch(sql).unwrap();
    let store = Store::open(&path, PASS).unwrap();
    let report = store.verify().unwrap();
    let chain = report.chain.clone();
    // The pages are sound: only the chain can tell.
    match &chain.broken {
        Some(broken) => {
            assert!(!report.ok);
            assert_eq!(report.problems, [format!("chain broken at {broken}")], "{sql}");
        }
        None => assert!(report.ok, "{sql}: {:?}", report.problems),
    }
    chain.broken
}

fn at(seq: i64, kind: EntryKind, id: i64, record: i64, problem: LinkProblem) -> Option<BrokenLink> {
    Some(BrokenLink { seq: Some(seq), kind, id, record, problem })
}

#[test]
fn a_field_changed_underneath_fails_verification_at_exactly_that_record() {
    use EntryKind::{Amendment, Record};
    use LinkProblem::Changed;
    let cases = [
        ("UPDATE records SET reference = 'REF-99999' WHERE id = 2", at(9, Record, 2, 2, Changed)),
        ("UPDATE records SET referral_to = 'somewhere else' WHERE id = 2", at(9, Record, 2, 2, Changed)),
        ("UPDATE records SET referral_date = '2025-03-15' WHERE id = 2", at(9, Record, 2, 2, Changed)),
        ("UPDATE records SET updated_ms = updated_ms + 1 WHERE id = 1", at(7, Record, 1, 1, Changed)),
        ("UPDATE records SET pack_version = '0.9.0' WHERE id = 3", at(16, Record, 3, 3, Changed)),
        ("UPDATE record_bodies SET notes = 'nothing of concern' WHERE record_id = 3", at(16, Record, 3, 3, Changed)),
        ("UPDATE record_bodies SET walk = '[]' WHERE record_id = 1", at(7, Record, 1, 1, Changed)),
        ("UPDATE record_bodies SET contacts = '[]' WHERE record_id = 2", at(9, Record, 2, 2, Changed)),
        // The due times are part of the record.
        (
            "DROP TRIGGER record_actions_as_saved;
             UPDATE record_actions SET deadline = '2030-01-01T00:00:00' WHERE record_id = 2 AND outcome_id = 'refer-csc'",
            at(9, Record, 2, 2, Changed),
        ),
        ("DELETE FROM record_actions WHERE record_id = 1 AND outcome_id = 'record-concern'", at(7, Record, 1, 1, Changed)),
        // Amendments, once their trigger is gone.
        ("DROP TRIGGER amendments_append_only; UPDATE amendments SET text = 'Nothing said.' WHERE id = 1", at(6, Amendment, 1, 1, Changed)),
        ("DROP TRIGGER amendments_append_only; UPDATE amendments SET at_ms = at_ms - 86400000 WHERE id = 2", at(8, Amendment, 2, 2, Changed)),
        ("DROP TRIGGER amendments_append_only; UPDATE amendments SET record_id = 1 WHERE id = 3", at(15, Amendment, 3, 3, Changed)),
        // Untouched: the control.
        ("SELECT 1", None),
    ];
    let dir = tempfile::tempdir().unwrap();
    let history = history(dir.path());
    for (sql, expected) in cases {
        assert_eq!(tamper(&history, sql), expected, "{sql}");
    }
}

#[test]
fn a_deleted_row_or_entry_fails_verification() {
    use EntryKind::{Amendment, Record, Tick};
    use LinkProblem::{Missing, Unlinked};
    let cases = [
        ("DELETE FROM ticks WHERE id = 2", at(4, Tick, 2, 1, Missing)),
        ("DELETE FROM amendments WHERE id = 3", at(15, Amendment, 3, 3, Missing)),
        // A whole record, as a purge would, but not by the app: its first entry shows it.
        (
            "DELETE FROM ticks WHERE record_id = 1; DELETE FROM amendments WHERE record_id = 1;
             DELETE FROM record_actions WHERE record_id = 1; DELETE FROM record_search WHERE rowid = 1;
             DELETE FROM record_bodies WHERE record_id = 1; DELETE FROM records WHERE id = 1",
            at(1, Record, 1, 1, Missing),
        ),
        ("DELETE FROM record_bodies WHERE record_id = 2", at(9, Record, 2, 2, LinkProblem::Changed)),
        // An entry of the chain itself: the next one no longer follows.
        ("DROP TRIGGER chain_no_delete; DELETE FROM chain WHERE seq = 6", at(7, Record, 1, 1, Unlinked)),
        // An amendment and its entry together.
        ("DROP TRIGGER chain_no_delete; DELETE FROM chain WHERE seq = 15; DELETE FROM amendments WHERE id = 3", at(16, Record, 3, 3, Unlinked)),
        ("DROP TRIGGER chain_no_delete; DELETE FROM chain WHERE seq = 1", at(2, Record, 2, 2, Unlinked)),
    ];
    let dir = tempfile::tempdir().unwrap();
    let history = history(dir.path());
    for (sql, expected) in cases {
        assert_eq!(tamper(&history, sql), expected, "{sql}");
    }
}

#[test]
fn a_tick_edited_reordered_or_added_fails_verification() {
    use EntryKind::Tick;
    use LinkProblem::{Altered, Changed, NotInChain, Unlinked};
    let cases = [
        // Record 3's untick made a tick: it would read as done.
        ("DROP TRIGGER ticks_append_only; UPDATE ticks SET ticked = 1 WHERE id = 4", at(13, Tick, 4, 3, Changed)),
        ("DROP TRIGGER ticks_append_only; UPDATE ticks SET at_ms = at_ms - 3600000 WHERE id = 2", at(4, Tick, 2, 1, Changed)),
        ("DROP TRIGGER ticks_append_only; UPDATE ticks SET outcome_id = 'refer-csc' WHERE id = 1", at(3, Tick, 1, 2, Changed)),
        // Record 3's tick and untick swapped, so the latest says "done".
        (
            "DROP TRIGGER ticks_append_only;
             UPDATE ticks SET id = -1 WHERE id = 3; UPDATE ticks SET id = 3 WHERE id = 4; UPDATE ticks SET id = 4 WHERE id = -1",
            at(11, Tick, 3, 3, Changed),
        ),
        // Their chain entries swapped instead.
        (
            "DROP TRIGGER chain_no_update;
             UPDATE chain SET seq = -1 WHERE seq = 11; UPDATE chain SET seq = 11 WHERE seq = 13; UPDATE chain SET seq = 13 WHERE seq = -1",
            at(11, Tick, 4, 3, Unlinked),
        ),
        // An entry's own fields changed: it claims to be another tick.
        ("DROP TRIGGER chain_no_update; UPDATE chain SET entry_id = 3 WHERE seq = 13", at(13, Tick, 3, 3, Altered)),
        // A tick added underneath: no entry holds it.
        (
            "INSERT INTO ticks (record_id, outcome_id, ticked, at_ms) VALUES (1, 'record-concern', 1, 1700000000000)",
            Some(BrokenLink { seq: None, kind: Tick, id: 5, record: 1, problem: NotInChain }),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let history = history(dir.path());
    for (sql, expected) in cases {
        assert_eq!(tamper(&history, sql), expected, "{sql}");
    }
}

/// A purge removes rows, not entries: the chain still holds, with an entry saying
/// which record went; ids used again after a purge chain as new rows.
#[test]
fn purges_and_ids_used_again_keep_the_chain_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let mut store = Store::open(&path, PASS).unwrap();
    assert_eq!(store.purge(&[3, 404]).unwrap(), 1);
    let chain = store.verify_chain().unwrap();
    assert!(chain.ok(), "{:?}", chain.broken);
    assert_eq!(chain.entries, 17, "one purge entry, for the record that existed");
    // Record 3 held the highest tick and amendment ids; SQLite gives them out again.
    store.tick_action(1, "record-concern", true).unwrap();
    store.amend(1, Amendment { text: "after the purge".into() }).unwrap();
    let reused: (i64, i64) =
        store.connection().query_row("SELECT max(id), (SELECT max(id) FROM amendments) FROM ticks", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(reused, (3, 3));
    let report = store.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    store.purge(&[1, 2]).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok && report.records == 0, "{:?}", report.problems);
    assert_eq!(report.chain.entries, 23);
    drop(store);

    // A record put back underneath after its purge is not the app's.
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let mut store = Store::open(&path, PASS).unwrap();
    let body: (String, String) =
        store.connection().query_row("SELECT walk, notes FROM record_bodies WHERE record_id = 2", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    store.purge(&[2]).unwrap();
    drop(store);
    let raw = raw(&path);
    raw.execute("INSERT INTO records (id, reference, agency, pack_name, pack_version, created_ms, updated_ms) VALUES (2, 'REF-00002', 'health', 'England', '1.0.0', 1, 1)", []).unwrap();
    raw.execute("INSERT INTO record_bodies (record_id, walk, outcomes, contacts, notes) VALUES (2, ?1, '[]', '[]', ?2)", [&body.0, &body.1]).unwrap();
    drop(raw);
    let broken = Store::open(&path, PASS).unwrap().verify_chain().unwrap().broken;
    assert_eq!(broken, at(9, EntryKind::Record, 2, 2, LinkProblem::NotInChain));
}

/// Each export ends with the chain's head. Someone with the key who changes a record
/// and writes the whole chain again gets a chain that verifies (the hash is not
/// keyed), but the exported head is no longer in it.
#[test]
fn an_exported_head_shows_a_rewritten_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let mut store = Store::open(&path, PASS).unwrap();
    let head = store.chain_head().unwrap().unwrap();
    assert_eq!(head.seq, 16);
    let md = store.export(1, store::Format::Markdown).unwrap();
    assert!(md.ends_with(&format!("\n## Integrity\n\n- **Chain head:** `{head}`\n")), "{md}");
    let txt = store.export(1, store::Format::Text).unwrap();
    assert!(txt.ends_with(&format!("\nIntegrity\n---------\n\nChain head: {head}\n")), "{txt}");
    store.save(&sample(4)).unwrap();
    assert!(store.chain_holds(&head).unwrap(), "later writes keep it");
    drop(store);

    // The rewrite: record 1's notes changed, then the chain built afresh as schema 4's
    // migration builds it.
    let migration = include_str!("../migrations/V4__chain.sql");
    let start = migration.find("INSERT INTO chain").unwrap();
    let end = migration.find("-- From here on").unwrap();
    let raw = raw(&path);
    store::testing::register_chain(&raw).unwrap();
    raw.execute_batch(
        "UPDATE record_bodies SET notes = 'nothing of concern' WHERE record_id = 1;
                       DROP TRIGGER chain_no_delete; DROP TRIGGER chain_no_update;
                       DELETE FROM chain; DELETE FROM sqlite_sequence WHERE name = 'chain';",
    )
    .unwrap();
    raw.execute_batch(&migration[start..end]).unwrap();
    drop(raw);

    let store = Store::open(&path, PASS).unwrap();
    assert!(store.verify_chain().unwrap().ok(), "a whole new chain is consistent");
    assert!(!store.chain_holds(&head).unwrap(), "but the exported head is gone");
}

/// Removing the last entries (and everything they covered, exactly) cannot show until
/// the app writes again, when the number left unused shows the gap; an exported head
/// shows it at once.
#[test]
fn a_removed_tail_shows_at_the_next_write_or_against_an_exported_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = history(dir.path());
    let head = Store::open(&path, PASS).unwrap().chain_head().unwrap().unwrap();
    // Record 3's amendment undone: its rows, its entries, and the record's last change.
    raw(&path)
        .execute_batch(
            "DROP TRIGGER chain_no_delete; DELETE FROM chain WHERE seq >= 15; DELETE FROM amendments WHERE id = 3;
             UPDATE records SET updated_ms = (SELECT max(at_ms) FROM ticks WHERE record_id = 3) WHERE id = 3;",
        )
        .unwrap();
    let mut store = Store::open(&path, PASS).unwrap();
    assert!(store.verify_chain().unwrap().ok(), "a clean cut of the tail is consistent");
    assert!(!store.chain_holds(&head).unwrap());
    store.amend(2, Amendment { text: "written after the cut".into() }).unwrap();
    // Amendment 3's id is given out again; its entry takes the 17th place, not the 15th.
    assert_eq!(store.verify_chain().unwrap().broken, at(17, EntryKind::Amendment, 3, 2, LinkProblem::Unlinked));
}

#[test]
fn an_empty_file_has_an_empty_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path().join("records.db"), PASS).unwrap();
    let report = store.verify().unwrap();
    assert!(report.ok);
    assert_eq!((report.chain.entries, report.chain.head, report.chain.broken), (0, None, None));
    assert_eq!(store.chain_head().unwrap(), None);
}
