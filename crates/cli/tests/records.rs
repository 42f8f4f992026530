//! `pathways records` as IT staff and scripts use it: the whole round trip, clear
//! errors that change nothing, no plaintext on disk or in output it was not asked
//! for, a writer killed with SIGKILL mid-`add` losing no printed id, and `verify`
//! naming the first broken link of the chain when a row is changed underneath.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASS: &str = "correct horse battery staple";
const CASE: &str = "tests/cases/p01-bruising-disclosure.toml";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn records_cmd(db: &Path, pass: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pathways"));
    cmd.current_dir(root()).env("PATHWAYS_PASSPHRASE", pass).arg("records").arg("--db").arg(db).args(args).stdin(Stdio::null());
    cmd
}

fn records(db: &Path, args: &[&str]) -> Output {
    records_cmd(db, PASS, args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs and expects success; returns stdout.
fn ok(db: &Path, args: &[&str]) -> String {
    let out = records(db, args);
    assert!(out.status.success(), "{args:?}: {}\n{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

/// `verify`'s first line (the second gives the chain's head).
fn verified(db: &Path) -> String {
    ok(db, &["verify"]).lines().next().unwrap_or_default().to_string()
}

fn init(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("records.db");
    ok(&db, &["init"]);
    db
}

fn files_of(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"].iter().map(|s| PathBuf::from(format!("{}{s}", db.display()))).filter(|p| p.exists()).collect()
}

#[test]
fn add_list_show_amend_tick_referral_export_verify_purge() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let id = ok(&db, &["add", "--case", CASE, "--note", "Bruise seen at nursery pick-up.", "--reference", "NB-001"]);
    let id = id.trim();
    assert_eq!(id, "1", "only the id is printed");
    let second = ok(&db, &["add", "--case", "tests/cases/p04-damp-flat.toml", "--pack", "pathways/england", "--note", "Damp flat."]);
    assert_eq!(second.trim(), "2");

    let list: serde_json::Value = serde_json::from_str(&ok(&db, &["list", "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["reference"], "NB-001");
    assert!(list[1]["pack"]["name"].as_str().unwrap().len() > 2);
    let found: serde_json::Value = serde_json::from_str(&ok(&db, &["list", "--json", "--search", "nursery"])).unwrap();
    assert_eq!(found[0]["id"], 1);

    ok(&db, &["amend", id, "--text", "Mother called back."]);
    ok(&db, &["referral", id, "--date", "2025-03-01", "--to", "Northbrook MASH"]);
    let shown: serde_json::Value = serde_json::from_str(&ok(&db, &["show", id, "--json"])).unwrap();
    let outcome = shown["outcomes"][0].as_str().unwrap().to_string();
    assert!(shown["walk"].as_array().unwrap().len() >= 2);
    assert!(shown["walk"][0]["question"].as_str().is_some(), "the question as shown is kept");
    ok(&db, &["tick", id, &outcome]);

    let md = ok(&db, &["export", id, "--format", "md"]);
    assert!(md.starts_with("# Safeguarding record 1"), "{md}");
    assert!(md.contains("- [x] ") && md.contains("Bruise seen at nursery pick-up.") && md.contains("Mother called back."), "{md}");
    assert!(md.contains("2025-03-01 to Northbrook MASH"), "{md}");
    let txt = ok(&db, &["export", id, "--format", "txt"]);
    assert!(txt.starts_with("Safeguarding record 1\n"), "{txt}");

    assert_eq!(verified(&db), "ok: 2 records (schema 4)");

    // Nothing is older than a day yet; with --older-than 0 both are due.
    let out = records(&db, &["purge", "--older-than", "0"]);
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    assert_eq!(verified(&db), "ok: 2 records (schema 4)", "listing deletes nothing");
    assert_eq!(ok(&db, &["purge", "--older-than", "0", "--yes"]).trim(), "deleted 2 record(s)");
    assert_eq!(verified(&db), "ok: 0 records (schema 4)");

    let out = records(&db, &["show", "7"]);
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
}

#[test]
fn wrong_passphrase_and_damaged_files_are_clear_errors_that_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    ok(&db, &["add", "--case", CASE, "--note", "x"]);
    let before = std::fs::read(&db).unwrap();
    let out = records_cmd(&db, "the wrong passphrase!", &["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("passphrase did not open"), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(files_of(&db), std::slice::from_ref(&db), "no WAL or journal appeared");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"not a database at all, just some text").unwrap();
    let out = records(&garbage, &["verify"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("damaged") || text(&out.stderr).contains("not a records file"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&garbage).unwrap(), b"not a database at all, just some text");

    let missing = dir.path().join("missing.db");
    assert_eq!(records(&missing, &["list"]).status.code(), Some(4));
    assert!(!missing.exists());

    let weak = records_cmd(&dir.path().join("weak.db"), "short", &["init"]).output().unwrap();
    assert_eq!(weak.status.code(), Some(2));
    assert!(text(&weak.stderr).contains("at least 12"), "{}", text(&weak.stderr));
    assert!(!dir.path().join("weak.db").exists());

    let no_pass = Command::new(env!("CARGO_BIN_EXE_pathways"))
        .args(["records", "--db"])
        .arg(&db)
        .arg("list")
        .env_remove("PATHWAYS_PASSPHRASE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(no_pass.status.code(), Some(2));
    assert!(text(&no_pass.stderr).contains("PATHWAYS_PASSPHRASE"), "{}", text(&no_pass.stderr));
}

#[test]
fn rekey_keeps_records_and_retires_the_old_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    for _ in 0..3 {
        ok(&db, &["add", "--case", CASE, "--note", "kept across the rekey"]);
    }
    let new = "another long passphrase here";
    let out = records_cmd(&db, PASS, &["rekey"]).env("PATHWAYS_NEW_PASSPHRASE", new).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(records(&db, &["list"]).status.code(), Some(4));
    let out = records_cmd(&db, new, &["verify"]).output().unwrap();
    assert_eq!(text(&out.stdout).lines().next(), Some("ok: 3 records (schema 4)"));
}

#[test]
fn no_plaintext_on_disk_or_in_output_not_asked_for() {
    const MARKER: &str = "QQMARKERZ4471";
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let mut output = Vec::new();
    for n in 0..3 {
        let out = records(&db, &["add", "--case", CASE, "--note", &format!("note {MARKER} {n}"), "--reference", &format!("{MARKER}-{n}")]);
        assert!(out.status.success());
        output.push(out);
    }
    output.push(records(&db, &["amend", "1", "--text", &format!("amended {MARKER}")]));
    output.push(records(&db, &["referral", "1", "--date", "2025-01-01", "--to", &format!("{MARKER} team")]));
    output.push(records(&db, &["tick", "1", &format!("{MARKER}-no-such-outcome")]));
    output.push(records(&db, &["verify"]));
    output.push(records_cmd(&db, "a wrong passphrase!", &["list", "--search", "x"]).output().unwrap());
    // The marker is really there: the records show it when asked.
    assert!(ok(&db, &["list", "--json"]).contains(MARKER));
    for file in files_of(&db) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()), "{} holds the marker", file.display());
    }
    // Deleting two of them (the listing of what is due shows references, as asked).
    output.push(records(&db, &["purge", "--older-than", "0", "--yes"]));

    for (n, out) in output.iter().enumerate() {
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        // `tick` names the outcome id it was given, which is no record's content.
        let allowed = text(&all).replace(&format!("`{MARKER}-no-such-outcome`"), "");
        assert!(!allowed.contains(MARKER), "output {n}: {allowed}");
    }
    for file in files_of(&db) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()), "{} holds the marker", file.display());
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(names.iter().all(|n| n.starts_with("records.db")), "no other file: {names:?}");
}

/// `add` killed with SIGKILL at random moments (loading packs, unlocking, saving):
/// every id it printed is present, and the file verifies.
#[test]
fn killed_add_loses_no_printed_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let started = Instant::now();
    let mut printed = BTreeSet::new();
    let mut seed: u64 = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    eprintln!("seed {seed}");
    let mut rounds = 0;
    while rounds < 16 && started.elapsed() < Duration::from_secs(30) {
        rounds += 1;
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_millis((seed >> 33) % 900);
        let mut child = records_cmd(&db, PASS, &["add", "--case", CASE, "--note", "crash test"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if let Some(id) = text(&out.stdout).lines().next() {
            printed.insert(id.trim().parse::<i64>().expect("an id"));
        }
        let list: serde_json::Value = serde_json::from_str(&ok(&db, &["list", "--json"])).unwrap();
        let present: BTreeSet<i64> = list.as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
        assert!(printed.is_subset(&present), "round {rounds}: printed {printed:?}, present {present:?}");
        assert!(ok(&db, &["verify"]).starts_with("ok: "));
    }
    eprintln!("{rounds} kills, {} ids printed before the kill", printed.len());
}

/// A nursery manager's allegation walk saved on Tuesday 1 December 2026 at 10:00: each
/// action keeps when it is due; two days on, the unticked LADO referral is overdue.
#[test]
fn add_keeps_due_times_and_list_and_show_mark_what_is_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let p16 = "tests/cases/p16-nursery-manager-allegation.toml";
    let id = ok(&db, &["add", "--case", p16, "--note", "Room leader, marks on the arm.", "--now", "2026-12-01T10:00"]);
    let id = id.trim();
    let shown: serde_json::Value = serde_json::from_str(&ok(&db, &["show", id, "--json", "--now", "2026-12-01T10:00"])).unwrap();
    let due = &shown["due"];
    assert_eq!(due["lado-referral"], serde_json::json!({"due": "working-days:1", "deadline": "2026-12-02T17:00:00"}), "{due}");
    assert_eq!(due["notify-ofsted-early-years"], serde_json::json!({"due": "days:14", "deadline": "2026-12-15T23:59:00"}), "{due}");
    assert_eq!(due["inform-dsl"], serde_json::json!({"due": "now", "deadline": "2026-12-01T10:00:00"}), "{due}");
    let text = ok(&db, &["show", id, "--now", "2026-12-01T10:00"]);
    assert!(text.contains("due by 17:00 on Wednesday 2 December 2026"), "{text}");
    assert!(!text.contains("Overdue at"), "nothing is late at the moment it was saved: {text}");

    // Everything due at once was done at once; two days on, the LADO referral is late.
    for (outcome, d) in due.as_object().unwrap() {
        if d["due"] == "now" {
            ok(&db, &["tick", id, outcome]);
        }
    }
    let later = ["--now", "2026-12-03T10:00"];
    let list = ok(&db, &[&["list"][..], &later].concat());
    assert!(list.contains("OVERDUE: lado-referral overdue since 17:00 on Wednesday 2 December 2026"), "{list}");
    assert!(!list.contains("inform-dsl") && !list.contains("refer-csc-immediately"), "ticked is not overdue: {list}");
    let json: serde_json::Value = serde_json::from_str(&ok(&db, &[&["list", "--json"][..], &later].concat())).unwrap();
    let overdue: Vec<&str> = json[0]["overdue"].as_array().unwrap().iter().map(|a| a["outcome"].as_str().unwrap()).collect();
    assert_eq!(overdue, ["lado-referral"]);
    let show = ok(&db, &[&["show", id][..], &later].concat());
    assert!(show.contains("Overdue at 10:00 on Thursday 3 December 2026"), "{show}");
    assert!(show.contains("lado-referral overdue since 17:00 on Wednesday 2 December 2026"), "{show}");
    let shown: serde_json::Value = serde_json::from_str(&ok(&db, &[&["show", id, "--json"][..], &later].concat())).unwrap();
    assert_eq!(shown["overdue"][0]["outcome"], "lado-referral");
    // On the Wednesday afternoon, nothing was late yet.
    let on_time = ok(&db, &["list", "--now", "2026-12-02T16:59"]);
    assert!(!on_time.contains("OVERDUE"), "{on_time}");
}

/// The head an export prints: `Chain head: 12:3fa4…` (plain text).
fn exported_head(export: &str) -> String {
    let line = export.lines().find_map(|l| l.strip_prefix("Chain head: ")).unwrap_or_else(|| panic!("no chain head in\n{export}"));
    line.trim().to_string()
}

/// `verify` prints the chain's head, which every export carries; `--head` checks that an
/// earlier export's head still holds; a field changed underneath (with the key, outside
/// the app) fails `verify` with exit 1, naming the record and the chain entry.
#[test]
fn verify_names_the_first_broken_link_and_checks_an_exported_head() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    ok(&db, &["add", "--case", CASE, "--note", "first"]);
    ok(&db, &["add", "--case", CASE, "--note", "second"]);
    ok(&db, &["amend", "1", "--text", "Mother called back."]);
    let head = exported_head(&ok(&db, &["export", "1", "--format", "txt"]));
    let md = ok(&db, &["export", "1", "--format", "md"]);
    assert!(md.contains(&format!("## Integrity\n\n- **Chain head:** `{head}`\n")), "{md}");
    let out = ok(&db, &["verify"]);
    assert_eq!(out.lines().nth(1), Some(format!("chain: 4 entries, head {head}").as_str()), "{out}");
    assert!(head.starts_with("4:") && head.len() == 2 + 64, "{head}");

    // Later writes keep the exported head in the chain.
    let shown: serde_json::Value = serde_json::from_str(&ok(&db, &["show", "2", "--json"])).unwrap();
    ok(&db, &["tick", "2", shown["outcomes"][0].as_str().unwrap()]);
    assert_eq!(ok(&db, &["verify", "--head", &head]).lines().next(), Some("ok: 2 records (schema 4)"));
    let other = format!("4:{}", "0".repeat(64));
    let out = records(&db, &["verify", "--head", &other]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(&format!("the chain no longer holds head {other}")), "{}", text(&out.stderr));
    assert_eq!(records(&db, &["verify", "--head", "four"]).status.code(), Some(2), "not a head");

    // The first record's notes changed with the key, outside the app.
    let conn = store::testing::open_unmigrated(&db, PASS).unwrap();
    assert_eq!(conn.execute("UPDATE record_bodies SET notes = 'nothing of concern' WHERE record_id = 1", []).unwrap(), 1);
    drop(conn);
    let out = records(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).starts_with("FAILED: 2 records (schema 4), 1 problem(s)"), "{}", text(&out.stdout));
    // Record 1's latest entry is the 4th: saved, second saved, amended, record 1 as amended.
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim(), "problem: chain broken at record 1 (chain entry 4): changed since it was written");
    assert!(!stderr.contains("nothing of concern") && !stderr.contains("first"), "no content in the report: {stderr}");
}
