//! Saving, reading, amending, ticking, referral, search, export, rekey and purge.

mod common;

use common::{sample, PASS};
use jiff::{civil::date, ToSpan};
use std::collections::BTreeMap;
use store::{ActionDue, Amendment, AmendmentKind, Format, RetentionPolicy, Store, StoreError};

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path().join("records.db"), PASS).unwrap();
    (dir, store)
}

#[test]
fn a_saved_record_reads_back_whole() {
    let (_dir, mut store) = new_store();
    let new = sample(1);
    let id = store.save(&new).unwrap();
    let got = store.get(id).unwrap();
    assert_eq!(got.id, id);
    assert_eq!(got.reference, new.reference);
    assert_eq!(got.agency, new.agency);
    assert_eq!(got.pack, new.pack);
    assert_eq!(got.local_packs, new.local_packs);
    assert_eq!(got.walk, new.walk);
    assert_eq!(got.outcomes, new.outcomes);
    assert_eq!(got.outcome_titles, new.outcome_titles);
    assert_eq!(got.contacts, new.contacts);
    assert_eq!(got.notes, new.notes);
    assert_eq!(got.due, new.due);
    assert_eq!(got.created, got.updated);
    assert!(got.referral.is_none() && got.amendments.is_empty() && got.ticks.is_empty());
    // Times serialise as RFC 3339.
    let json = serde_json::to_value(&got).unwrap();
    assert!(json["created"].as_str().unwrap().ends_with('Z'), "{}", json["created"]);
}

#[test]
fn amendments_are_appended_in_order_and_never_overwrite() {
    let (_dir, mut store) = new_store();
    let id = store.save(&sample(1)).unwrap();
    store.amend(id, Amendment { text: "Spoke to the school nurse.".into() }).unwrap();
    store.amend(id, Amendment { text: "Social worker allocated.".into() }).unwrap();
    let got = store.get(id).unwrap();
    assert_eq!(got.notes, sample(1).notes, "the original notes stay as written");
    let texts: Vec<_> = got.amendments.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["Spoke to the school nurse.", "Social worker allocated."]);
    assert!(got.amendments[0].at <= got.amendments[1].at);
    assert!(got.updated >= got.amendments[1].at);
    // The file itself refuses to change an amendment.
    let err = store.connection().execute("UPDATE amendments SET text = 'x'", []).unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(matches!(store.amend(id, Amendment { text: "  ".into() }), Err(StoreError::Invalid { .. })));
    assert!(matches!(store.amend(999, Amendment { text: "x".into() }), Err(StoreError::NotFound { id: 999 })));
}

#[test]
fn ticks_keep_when_and_the_latest_wins() {
    let (_dir, mut store) = new_store();
    let id = store.save(&sample(1)).unwrap();
    store.tick_action(id, "refer-csc", true).unwrap();
    store.tick_action(id, "record-concern", true).unwrap();
    store.tick_action(id, "record-concern", false).unwrap();
    let got = store.get(id).unwrap();
    assert_eq!(got.ticks.len(), 3, "every change is kept");
    let ticked = got.ticked();
    assert_eq!(ticked.keys().copied().collect::<Vec<_>>(), ["refer-csc"]);
    assert!(matches!(store.tick_action(id, "not-an-outcome", true), Err(StoreError::Invalid { .. })));
    assert!(matches!(store.tick_action(42, "refer-csc", true), Err(StoreError::NotFound { id: 42 })));
}

#[test]
fn ticks_made_before_saving_are_saved_with_the_record() {
    let (_dir, mut store) = new_store();
    let id = store.save_ticked(&sample(1), &["record-concern".to_string()]).unwrap();
    let got = store.get(id).unwrap();
    assert_eq!(got.ticked().keys().copied().collect::<Vec<_>>(), ["record-concern"]);
    assert_eq!(got.ticks[0].at, got.created, "ticked as it was saved");
    // An unknown outcome refuses the whole save: nothing is half-written.
    let before = store.list().unwrap().len();
    assert!(matches!(store.save_ticked(&sample(2), &["not-an-outcome".to_string()]), Err(StoreError::Invalid { .. })));
    assert_eq!(store.list().unwrap().len(), before);
}

#[test]
fn referral_is_marked_with_date_and_recipient_and_shows_in_history() {
    let (_dir, mut store) = new_store();
    let id = store.save(&sample(1)).unwrap();
    store.mark_referral(id, date(2025, 3, 14), "Northbrook MASH").unwrap();
    let got = store.get(id).unwrap();
    let referral = got.referral.as_ref().unwrap();
    assert_eq!((referral.date, referral.to.as_str()), (date(2025, 3, 14), "Northbrook MASH"));
    assert_eq!(got.amendments.last().unwrap().kind, AmendmentKind::Referral);
    assert_eq!(store.list().unwrap()[0].referral.as_ref().unwrap().to, "Northbrook MASH");
    assert!(matches!(store.mark_referral(77, date(2025, 3, 14), "MASH"), Err(StoreError::NotFound { id: 77 })));
}

#[test]
fn list_is_most_recently_changed_first() {
    let (_dir, mut store) = new_store();
    let a = store.save(&sample(1)).unwrap();
    let b = store.save(&sample(2)).unwrap();
    let c = store.save(&sample(3)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2));
    store.amend(a, Amendment { text: "later".into() }).unwrap();
    let ids: Vec<_> = store.list().unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, [a, c, b]);
}

#[test]
fn search_finds_notes_references_and_amendments_by_word_prefix() {
    let (_dir, mut store) = new_store();
    let a = store.save(&sample(1)).unwrap();
    let mut other = sample(2);
    other.notes = "Concern raised by the school about attendance.".into();
    let b = store.save(&other).unwrap();
    let ids = |q: &str| store.search(q).unwrap().iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids("sofa"), [a]);
    assert_eq!(ids("attend"), [b], "a word's start matches");
    assert_eq!(ids("REF-00002"), [b], "references are searched");
    assert_eq!(ids("school attendance"), [b], "every word must match");
    assert_eq!(ids("school sofa"), Vec::<i64>::new());
    assert!(ids("\"AND OR * (").is_empty(), "query syntax is never interpreted");
    assert_eq!(ids("   ").len(), 2, "an empty query lists all");
    store.amend(a, Amendment { text: "Paediatrician appointment booked".into() }).unwrap();
    assert_eq!(store.search("paediatrician").unwrap()[0].id, a);
    store.mark_referral(b, date(2025, 1, 2), "Northbrook MASH").unwrap();
    assert_eq!(store.search("northbrook").unwrap()[0].id, b);
}

#[test]
fn export_reads_as_a_referral_summary() {
    let (_dir, mut store) = new_store();
    let id = store.save(&sample(7)).unwrap();
    store.tick_action(id, "refer-csc", true).unwrap();
    store.amend(id, Amendment { text: "Called the MASH; advised to refer in writing.".into() }).unwrap();
    store.mark_referral(id, date(2025, 2, 1), "Northbrook MASH").unwrap();

    let md = store.export(id, Format::Markdown).unwrap();
    assert!(md.starts_with(&format!("# Safeguarding record {id}\n")), "{md}");
    for part in [
        "- **Reference:** REF-00007",
        "- **Pathway:** England 1.0.0; Northbrook 0.3.0",
        "- **Referral made:** 2025-02-01 to Northbrook MASH",
        "## Actions",
        "- [x] Refer to children's social care (done ",
        "(`refer-csc`): due by 17:00 on Wednesday 2 December 2026\n",
        "- [ ] record-concern: no set time\n",
        "- `mash-northbrook`",
        "1. Is the child in immediate danger? — No",
        "3. Refer to children's social care\n",
        "bruise seen on left cheek",
        "## Amendments",
        "Called the MASH; advised to refer in writing.",
        " (referral): Referral made on 2025-02-01 to Northbrook MASH.",
    ] {
        assert!(md.contains(part), "missing {part:?} in\n{md}");
    }
    let txt = store.export(id, Format::Text).unwrap();
    assert!(txt.starts_with(&format!("Safeguarding record {id}\n=====")), "{txt}");
    assert!(txt.contains("Reference: REF-00007") && txt.contains("Actions\n-------"), "{txt}");
    assert!(!txt.contains("**") && !txt.contains('`'), "{txt}");
    assert!(matches!(store.export(99, Format::Text), Err(StoreError::NotFound { id: 99 })));
    assert_eq!("md".parse::<Format>().unwrap(), Format::Markdown);
    assert!("pdf".parse::<Format>().is_err());
}

#[test]
fn retention_lists_by_policy_and_purge_deletes_whole_records() {
    let (dir, mut store) = new_store();
    let referred = store.save(&sample(1)).unwrap();
    let open_case = store.save(&sample(2)).unwrap();
    let now = jiff::Timestamp::now();
    store.mark_referral(referred, now.to_zoned(jiff::tz::TimeZone::UTC).date(), "MASH").unwrap();
    store.tick_action(open_case, "refer-csc", true).unwrap();
    store.amend(open_case, Amendment { text: "more".into() }).unwrap();

    let policy = RetentionPolicy::default();
    let due = |at: jiff::Timestamp| store.due_for_deletion(at, &policy).unwrap().iter().map(|r| r.id).collect::<Vec<_>>();
    assert!(due(now).is_empty());
    assert_eq!(due(now + (91 * 24).hours()), [referred], "referred: 90 days after the referral");
    assert_eq!(due(now + (181 * 24).hours()), [referred, open_case], "others: 180 days after the last change");
    let in_a_year = now + (365 * 24).hours();

    assert_eq!(store.purge(&[referred]).unwrap(), 1);
    assert!(matches!(store.get(referred), Err(StoreError::NotFound { .. })));
    assert_eq!(store.due_for_deletion(in_a_year, &policy).unwrap().len(), 1);
    assert!(store.search("REF-00001").unwrap().is_empty(), "gone from the search index too");
    let report = store.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert_eq!(report.records, 1);
    // Ids are never reused after a purge.
    let next = store.save(&sample(3)).unwrap();
    assert!(next > open_case);
    assert_eq!(store.purge(&[open_case, next, 12345]).unwrap(), 2);
    drop(store);
    let store = Store::open(dir.path().join("records.db"), PASS).unwrap();
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn verify_counts_and_reports_ok() {
    let (_dir, mut store) = new_store();
    for n in 0..5 {
        store.save(&sample(n)).unwrap();
    }
    let report = store.verify().unwrap();
    assert_eq!((report.ok, report.records, report.schema), (true, 5, i64::from(store::schema::LATEST)));
}

#[test]
fn debug_output_never_shows_record_text() {
    let (_dir, mut store) = new_store();
    let id = store.save(&sample(1)).unwrap();
    let record = store.get(id).unwrap();
    let shown = format!("{:?} {:?} {:?} {:?}", sample(1), record, store.list().unwrap(), store);
    assert!(!shown.contains("sofa") && !shown.contains("REF-00001") && !shown.contains("Is the child"), "{shown}");
}

#[test]
fn due_times_are_kept_as_saved_and_say_what_is_overdue_and_not_ticked() {
    let (_dir, mut store) = new_store();
    let mut new = sample(1);
    new.outcomes.insert(0, "inform-dsl".into());
    // Saved on Monday 30 November 2026 at 10:15: the lead at once, the referral by the
    // close of the next working day.
    let saved = date(2026, 11, 30).at(10, 15, 42, 123_000_000);
    new.due.insert("inform-dsl".into(), ActionDue { due: "now".into(), deadline: Some(saved) });
    let id = store.save(&new).unwrap();
    let other = store.save(&sample(2)).unwrap();
    let got = store.get(id).unwrap();
    assert_eq!(got.due["inform-dsl"].deadline, Some(date(2026, 11, 30).at(10, 15, 42, 0)), "kept to the second");
    assert_eq!(got.due["refer-csc"], new.due["refer-csc"]);

    let ids = |v: &[store::OverdueAction]| v.iter().map(|a| a.outcome.clone()).collect::<Vec<_>>();
    let overdue = |store: &Store, at| store.overdue(at).unwrap().into_iter().map(|(id, v)| (id, ids(&v))).collect::<BTreeMap<_, _>>();
    // A second after saving, the action due at once is late; the referral is not yet.
    let just_after = date(2026, 11, 30).at(10, 15, 43, 0);
    assert_eq!(overdue(&store, just_after), BTreeMap::from([(id, vec!["inform-dsl".to_string()])]));
    assert_eq!(ids(&store.get(id).unwrap().overdue(just_after)), ["inform-dsl"], "the record says the same");
    // At 17:00 on the Wednesday it is still on time; a minute later it is late, in both records.
    assert_eq!(overdue(&store, date(2026, 12, 2).at(17, 0, 0, 0)).get(&other), None);
    let late = date(2026, 12, 2).at(17, 1, 0, 0);
    assert_eq!(overdue(&store, late), BTreeMap::from([(id, vec!["inform-dsl".into(), "refer-csc".into()]), (other, vec!["refer-csc".into()])]));
    let lado = &store.overdue(late).unwrap()[&other][0];
    assert_eq!(
        (lado.title.as_str(), lado.due.as_str(), lado.deadline),
        ("Refer to children's social care", "working-days:1", date(2026, 12, 2).at(17, 0, 0, 0))
    );
    // Ticked is not overdue; unticked again, it is.
    store.tick_action(id, "inform-dsl", true).unwrap();
    store.tick_action(other, "refer-csc", true).unwrap();
    store.tick_action(other, "refer-csc", false).unwrap();
    assert_eq!(overdue(&store, late), BTreeMap::from([(id, vec!["refer-csc".into()]), (other, vec!["refer-csc".into()])]));
    assert_eq!(ids(&store.get(id).unwrap().overdue(late)), ["refer-csc"]);
    // `none` is never overdue; what was due is kept as saved.
    assert!(store.get(id).unwrap().overdue(date(2030, 1, 1).at(0, 0, 0, 0)).iter().all(|a| a.outcome != "record-concern"));
    let err = store.connection().execute("UPDATE record_actions SET deadline = NULL", []).unwrap_err();
    assert!(err.to_string().contains("kept as saved"), "{err}");
    // A due time for an action the record does not have refuses the save.
    let mut wrong = sample(3);
    wrong.due.insert("not-an-outcome".into(), ActionDue { due: "now".into(), deadline: Some(saved) });
    assert!(matches!(store.save(&wrong), Err(StoreError::Invalid { .. })));
    // Purged with the record.
    store.purge(&[other]).unwrap();
    assert_eq!(overdue(&store, late).keys().copied().collect::<Vec<_>>(), [id]);
    assert_eq!(store.connection().query_row("SELECT count(*) FROM record_actions WHERE record_id = ?1", [other], |r| r.get::<_, i64>(0)).unwrap(), 0);
}

#[test]
fn a_record_without_due_times_has_none_overdue() {
    let (_dir, mut store) = new_store();
    let id = store.save(&store::NewRecord { due: BTreeMap::new(), ..sample(1) }).unwrap();
    let got = store.get(id).unwrap();
    assert!(got.due.is_empty());
    assert!(got.overdue(date(2030, 1, 1).at(0, 0, 0, 0)).is_empty());
    assert!(store.overdue(date(2030, 1, 1).at(0, 0, 0, 0)).unwrap().is_empty());
    assert!(store.export(id, Format::Text).unwrap().contains("- [ ] record-concern: due time not recorded\n"));
}
