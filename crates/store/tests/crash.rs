//! Crash safety: writers killed with SIGKILL at random moments during 1,000 saves
//! lose no record whose id they printed, and leave the file intact.
//!
//! The writer is this same test binary, started again to run only `crash_writer`
//! (ignored in normal runs) with the database named in the environment. It prints
//! `SAVED <id>` after each commit, as the CLI prints an id only after its commit.

mod common;

use common::{sample, PASS};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use store::Store;

const ENV_DB: &str = "STORE_CRASH_DB";
const ENV_COUNT: &str = "STORE_CRASH_COUNT";
const TOTAL_SAVES: usize = 1000;
/// The whole test stays well under a minute on two cores even if saves are slow.
const TIME_LIMIT: Duration = Duration::from_secs(40);

/// The writer: opens the file, then saves records until killed or done.
#[test]
#[ignore = "the writer half of killed_writers_lose_no_acknowledged_record, which starts it"]
fn crash_writer() {
    let Ok(db) = std::env::var(ENV_DB) else { return };
    let count: usize = std::env::var(ENV_COUNT).unwrap().parse().unwrap();
    let mut store = Store::open(&db, PASS).unwrap();
    println!("READY");
    for n in 0..count {
        let id = store.save(&sample(n)).unwrap();
        println!("SAVED {id}");
    }
}

/// A 64-bit LCG (Knuth's MMIX constants): enough to scatter kill moments.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

enum Event {
    Ready,
    Saved(i64),
}

#[test]
fn killed_writers_lose_no_acknowledged_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("records.db");
    drop(Store::create(&db, PASS).unwrap());
    let seed = std::env::var("STORE_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64);
    eprintln!("crash test seed {seed} (set STORE_CRASH_SEED to repeat)");
    let mut rng = Lcg(seed);
    let started = Instant::now();
    let mut acknowledged = BTreeSet::new();
    let (mut rounds, mut killed_while_opening) = (0, 0);

    while acknowledged.len() < TOTAL_SAVES && started.elapsed() < TIME_LIMIT {
        rounds += 1;
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_writer", "--ignored", "--nocapture", "--test-threads=1"])
            .env(ENV_DB, &db)
            .env(ENV_COUNT, (TOTAL_SAVES - acknowledged.len()).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // libtest may print its own words on the same line: look for ours.
                if line.contains("READY") {
                    let _ = tx.send(Event::Ready);
                }
                if let Some(at) = line.find("SAVED ") {
                    let id = line[at + 6..].split_whitespace().next().unwrap().parse().unwrap();
                    let _ = tx.send(Event::Saved(id));
                }
            }
        });

        // One round in five dies at any moment, opening included (WAL recovery of the
        // previous victim's file); the others while saving.
        let mut printed = Vec::new();
        if rng.below(5) == 0 {
            killed_while_opening += 1;
            std::thread::sleep(Duration::from_millis(rng.below(500)));
        } else {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(Event::Ready) => {}
                Ok(Event::Saved(_)) | Err(_) => panic!("the writer did not start"),
            }
            std::thread::sleep(Duration::from_micros(rng.below(150_000)));
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        printed.extend(rx.try_iter().filter_map(|e| match e {
            Event::Saved(id) => Some(id),
            Event::Ready => None,
        }));

        acknowledged.extend(printed.iter().copied());
        let store = Store::open(&db, PASS).unwrap_or_else(|e| panic!("round {rounds}: cannot open after the kill: {e}"));
        let present: BTreeSet<i64> = store.list().unwrap().iter().map(|r| r.id).collect();
        let lost: Vec<_> = acknowledged.difference(&present).collect();
        assert!(lost.is_empty(), "round {rounds} (seed {seed}): acknowledged but lost: {lost:?}");
        // At most one commit per kill can land without its id being printed.
        assert!(present.len() <= acknowledged.len() + rounds, "round {rounds}: more records than saves");
        let report = store.verify().unwrap();
        assert!(report.ok, "round {rounds} (seed {seed}): {:?}", report.problems);
        let integrity: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(integrity, "ok");
    }
    eprintln!("{} saves acknowledged over {rounds} kills ({killed_while_opening} while opening) in {:?}", acknowledged.len(), started.elapsed());
    assert!(rounds >= 5, "the writer was killed only {rounds} times");
    assert!(acknowledged.len() >= TOTAL_SAVES / 4, "too few saves in the time allowed: {}", acknowledged.len());
}
