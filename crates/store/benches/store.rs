//! Speed of the records file: saving one record, listing and searching 10,000,
//! verifying their chain, and unlocking (the key derivation alone, and with the
//! integrity check of 10,000 records).
//! Targets (issue 5): save under 5 ms; list and search under 20 ms.
//!
//! `cargo bench -p store` (add `-- --quick` for a short run).

use criterion::{criterion_group, criterion_main, Criterion};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;
use store::{ActionDue, NewRecord, PackRef, PathStep, Store};

const PASS: &str = "correct horse battery staple";
const RECORDS: usize = 10_000;
const WORDS: [&str; 10] = ["bruise", "school", "neglect", "housing", "disclosure", "police", "nursery", "hospital", "online", "missing"];

/// A record of realistic size: a 12-screen walk, a few outcomes, a paragraph of notes
/// with words drawn so that each of `WORDS` is in about one record in ten.
fn record(n: usize, seed: &mut u64) -> NewRecord {
    let mut next = || {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*seed >> 33) as usize
    };
    let word = WORDS[next() % WORDS.len()];
    NewRecord {
        reference: format!("NB-{n:06}"),
        agency: "health".into(),
        pack: PackRef { name: "England".into(), version: "1.0.0".into() },
        local_packs: vec![],
        walk: (0..12)
            .map(|i| PathStep {
                node: format!("node-{i}"),
                fact: Some(format!("fact_{i}")),
                answer: Some("no".into()),
                question: Some(format!("Question {i} as it was shown on the screen?")),
                answer_label: Some("No".into()),
            })
            .collect(),
        outcomes: vec!["refer-csc".into(), "record-concern".into(), "tell-dsl".into()],
        outcome_titles: BTreeMap::from([("refer-csc".into(), "Refer to children's social care".into())]),
        contacts: vec!["mash".into(), "nspcc".into()],
        notes: format!("Visit {n}. Concern about {word}; spoke with the parent, who explained. Next step agreed with the team lead."),
        // Deadlines spread over about a year, so that some are past and most are not.
        due: BTreeMap::from([
            (
                "refer-csc".into(),
                ActionDue {
                    due: "working-days:1".into(),
                    deadline: Some(jiff::civil::date(2026, 1, 1).at(17, 0, 0, 0) + jiff::Span::new().days((n % 365) as i64)),
                },
            ),
            ("record-concern".into(), ActionDue { due: "none".into(), deadline: None }),
            (
                "tell-dsl".into(),
                ActionDue { due: "now".into(), deadline: Some(jiff::civil::date(2026, 1, 1).at(10, 0, 0, 0) + jiff::Span::new().days((n % 365) as i64)) },
            ),
        ]),
    }
}

fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("bench.db"), PASS).unwrap();
    // Seeding only: no fsync per record (the measured saves below sync as usual).
    store.connection().pragma_update(None, "synchronous", "OFF").unwrap();
    let mut seed = 7;
    for n in 0..RECORDS {
        store.save(&record(n, &mut seed)).unwrap();
    }
    store.connection().pragma_update(None, "synchronous", "FULL").unwrap();
    (dir, store)
}

fn benches(c: &mut Criterion) {
    let (_dir, mut store) = seeded();
    assert_eq!(store.list().unwrap().len(), RECORDS);

    c.bench_function("list 10,000", |b| b.iter(|| black_box(store.list().unwrap())));
    let july = jiff::civil::date(2026, 7, 1).at(12, 0, 0, 0);
    eprintln!("overdue on 1 July: {} records", store.overdue(july).unwrap().len());
    c.bench_function("overdue of 10,000 (half past their deadlines)", |b| b.iter(|| black_box(store.overdue(july).unwrap())));
    let hits = store.search("hospital").unwrap().len();
    eprintln!("search \"hospital\": {hits} hits");
    c.bench_function("search 10,000: a word in ~1 in 10", |b| b.iter(|| black_box(store.search("hospital").unwrap())));
    c.bench_function("search 10,000: one reference", |b| b.iter(|| black_box(store.search("NB-004321").unwrap())));
    c.bench_function("search 10,000: a word in every record", |b| b.iter(|| black_box(store.search("visit").unwrap())));
    c.bench_function("verify the chain of 10,000", |b| b.iter(|| black_box(store.verify_chain().unwrap())));
    let mut seed = 99;
    let mut n = RECORDS;
    c.bench_function("save one record (synchronous = FULL)", |b| {
        b.iter(|| {
            n += 1;
            black_box(store.save(&record(n, &mut seed)).unwrap())
        })
    });

    // Unlocking a closed file, as the app does: the KDF (PBKDF2-HMAC-SHA512, 256,000
    // iterations: by design slow) on a file of one record, then with the integrity check
    // of every page of 10,000.
    let path = store.path().to_path_buf();
    drop(store);
    let small_dir = tempfile::tempdir().unwrap();
    let small = small_dir.path().join("one.db");
    Store::create(&small, PASS).unwrap().save(&record(0, &mut 1)).unwrap();
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    group.bench_function("unlock 1 record (KDF)", |b| b.iter(|| black_box(Store::open(&small, PASS).unwrap())));
    group.bench_function("unlock 10,000 (KDF + quick_check)", |b| b.iter(|| black_box(Store::open(&path, PASS).unwrap())));
    group.finish();
}

criterion_group! {
    name = store_benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(store_benches);
