//! The training record: saved atomically, read back, a missing file empty, and its
//! exports (Markdown, the certificate) without case data or remote resources.

mod common;

use common::*;
use jiff::civil::date;
use pathway::{Facts, Walk};
use std::sync::Arc;
use training::{Completion, Debrief, Level, Record, RecordError, Score};

fn completion(n: usize) -> Completion {
    Completion {
        completed_at: date(2026, 12, 2).at(14, 31, (n % 60) as i8, 0),
        agency: "police".into(),
        agency_name: "Police".into(),
        scenario: format!("scenario-{n}"),
        title: format!("Scenario {n} | with a pipe & <angle> brackets"),
        level: Level::Foundation,
        score: Score { right: 2, screens: 3 },
        met: n.is_multiple_of(2),
    }
}

#[test]
fn a_missing_record_is_empty_and_a_saved_one_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("training-record.json");
    assert_eq!(Record::load(&path).unwrap(), Record::default());
    let mut record = Record::default();
    record.add(completion(1));
    record.save(&path).unwrap();
    assert_eq!(Record::load(&path).unwrap(), record);
    // Only the file itself is left: no temporary files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::write(&path, b"{ not json").unwrap();
    assert!(matches!(Record::load(&path), Err(RecordError::Invalid { .. })));
}

#[test]
fn a_torn_temporary_file_from_a_killed_save_never_replaces_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.json");
    let mut record = Record::default();
    record.add(completion(1));
    record.save(&path).unwrap();
    // A save killed half way leaves only a partial temporary file beside the record.
    let json = serde_json::to_vec(&record).unwrap();
    let torn = dir.path().join(".record.json.99999-0.tmp");
    std::fs::write(&torn, &json[..json.len() / 2]).unwrap();
    assert_eq!(Record::load(&path).unwrap(), record);
    record.add(completion(2));
    record.save(&path).unwrap();
    assert_eq!(Record::load(&path).unwrap().completions.len(), 2);
    // A fresh temporary file may be another save in progress: left alone. An old one is
    // a killed save's: removed by the next save.
    assert!(torn.exists());
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&torn).unwrap().set_modified(an_hour_ago).unwrap();
    record.save(&path).unwrap();
    assert!(!torn.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_reader_never_sees_a_half_written_record() {
    // One thread saves ever larger records as fast as it can while another reads: each
    // read finds a whole record (the old or the new), never a torn one.
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(dir.path().join("record.json"));
    Record::default().save(&path).unwrap();
    let writer = {
        let path = Arc::clone(&path);
        std::thread::spawn(move || {
            let mut record = Record::default();
            for n in 0..50 {
                for m in 0..40 {
                    record.add(completion(n * 40 + m));
                }
                record.save(&path).unwrap();
            }
        })
    };
    let mut reads = 0;
    let mut last = 0;
    // Until the writer ends, whether it finished or failed (its failure is this test's).
    while !writer.is_finished() {
        let record = Record::load(&path).unwrap_or_else(|e| panic!("read {reads}: {e}"));
        assert!(record.completions.len() >= last, "the record never goes back");
        last = record.completions.len();
        reads += 1;
    }
    writer.join().unwrap();
    assert_eq!(Record::load(&path).unwrap().completions.len(), 2000);
    assert!(reads > 0);
}

#[test]
fn a_completion_from_a_debrief_holds_no_case_data() {
    let scenario = fixture("pcso-balcony");
    let packs = packs();
    let mut walk = Walk::start(packs, scenario.context(packs)).unwrap();
    while !walk.is_finished(packs) {
        let answers: Facts = walk.asks(packs).into_iter().map(|f| (f.to_string(), scenario.facts()[f].clone())).collect();
        walk.answer(packs, &answers).unwrap();
    }
    let debrief = Debrief::compute(packs, &scenario, &walk.result(packs), scenario.clock).unwrap();
    let done = Completion::from_debrief(packs, &scenario, &debrief, date(2026, 12, 3).at(9, 0, 0, 0));
    assert_eq!((done.agency.as_str(), done.agency_name.as_str(), done.scenario.as_str()), ("police", "Police", "pcso-balcony"));
    assert_eq!(done.score, Score { right: 3, screens: 3 });
    assert!(done.met);
    let json = serde_json::to_string(&done).unwrap();
    assert!(!json.contains("police_constable") && !json.contains("balcony railing"), "{json}");
    assert!(json.contains("\"completed_at\":\"2026-12-03T09:00:00\""), "{json}");
}

#[test]
fn markdown_and_certificate() {
    let mut record = Record::default();
    record.add(completion(1));
    record.add(completion(2));
    let md = record.to_markdown(Some("Sam Example"));
    assert!(md.starts_with("# Safeguarding Pathways: training record\n\nName: Sam Example\n"), "{md}");
    assert!(
        md.contains(
            "| 2026-12-02 | Scenario 1 \\| with a pipe & <angle> brackets | foundation | Police | 2 of 3 screens (66%); not every expected action reached |"
        ),
        "{md}"
    );
    assert!(md.contains("2 scenario(s) completed."));

    let html = record.certificate_html("Sam <Example>", date(2026, 12, 4));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<style>"));
    assert!(html.contains("Sam &lt;Example&gt;") && !html.contains("<Example>"));
    assert!(html.contains("Scenario 1 | with a pipe &amp; &lt;angle&gt; brackets"));
    assert!(html.contains("Issued 4 December 2026"));
    assert!(!html.contains("http") && !html.contains("<script") && !html.contains("<link"), "no remote resources");
    assert!(Record::default().certificate_html("", date(2026, 12, 4)).contains("No scenarios completed yet."));
}

/// Set in a child copy of this test binary, which saves records until it is killed.
const WRITER: &str = "TRAINING_RECORD_TEST_WRITER";

#[test]
fn a_writer_killed_while_saving_never_leaves_a_torn_record() {
    if let Some(path) = std::env::var_os(WRITER) {
        let path = std::path::PathBuf::from(path);
        let mut record = Record::load(&path).unwrap();
        loop {
            for m in 0..50 {
                record.add(completion(record.completions.len() + m));
            }
            record.save(&path).unwrap();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.json");
    let mut last = 0;
    for round in 0..5u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "a_writer_killed_while_saving_never_leaves_a_torn_record", "--nocapture", "--test-threads=1"])
            .env(WRITER, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(80 + 37 * round));
        child.kill().unwrap();
        child.wait().unwrap();
        let record = Record::load(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(record.completions.len() >= last, "round {round}: the record went back");
        last = record.completions.len();
    }
    assert!(last > 0, "the writer saved at least once");
}
