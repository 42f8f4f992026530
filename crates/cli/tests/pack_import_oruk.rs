//! `pathways import oruk`: the Eastmoor fixture (an imaginary borough's Open Referral UK
//! export, 41 services, Ofcom drama numbers) becomes a local pack that passes
//! `pathways validate`; each class of bad input (malformed JSON, a schema mismatch, a
//! schedule that cannot be read, a mapped service missing) exits 2 with its JSON path and
//! writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oruk").join(name)
}

fn pathways(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pathways")).current_dir(root()).args(args).output().expect("the binary runs")
}

fn import(export: &Path, map: &Path, into: &Path) -> Output {
    pathways(&["import", "oruk", export.to_str().unwrap(), "--map", map.to_str().unwrap(), "--into", into.to_str().unwrap(), "--today", "2026-12-01"])
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn export_json() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("eastmoor-export.json")).unwrap()).unwrap()
}

#[test]
fn the_fixture_is_a_realistic_export_with_only_drama_numbers() {
    let export = export_json();
    let services = export["services"].as_array().unwrap();
    assert!(services.len() >= 30, "{} services", services.len());
    let text = std::fs::read_to_string(fixture("eastmoor-export.json")).unwrap();
    let mut numbers = 0;
    for part in text.split("\"number\": \"").skip(1) {
        let number = &part[..part.find('"').unwrap()];
        assert!(pathway::is_drama_number(number), "{number} is not an Ofcom drama number");
        numbers += 1;
    }
    assert!(numbers >= 40);
    for part in text.split('@').skip(1) {
        assert!(part.starts_with("eastmoor.example.org") || part.split('"').next().unwrap().ends_with("example.org"), "{}", &part[..30.min(part.len())]);
    }
}

#[test]
fn the_fixture_imports_into_a_pack_that_validates_and_keeps_directory_ids() {
    let t = tempfile::tempdir().unwrap();
    let into = t.path().join("eastmoor");
    let out = import(&fixture("eastmoor-export.json"), &fixture("map.toml"), &into);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("Imported 6 of 6 local contacts"), "{report}");
    // The Prevent lead's entry has no schedule, the emergency duty team no e-mail.
    assert!(report.contains("prevent: service `f9515aa6-f84f-4e8d-89f3-e30f4647d7a0` (Eastmoor Council Prevent Lead) has no opening times"), "{report}");
    assert!(report.contains("Local contacts left unfilled (the national pack's placeholder stays):\n  none"), "{report}");

    let validate = pathways(&["validate", "pathways/england", into.to_str().unwrap()]);
    assert_eq!(validate.status.code(), Some(0), "{}", text(&validate.stderr));

    let packs = pathway::PackSet::load(&[root().join("pathways/england"), into.clone()]).unwrap();
    let front_door = packs.contact("csc-front-door").unwrap();
    assert_eq!(front_door.pack, "eastmoor-example");
    assert_eq!(front_door.numbers[0].value, "020 7946 0100");
    assert!(front_door.sources.iter().any(|s| s == "eastmoor-directory service 8079d997-b980-40d0-82f0-6e4a9b6718df"), "{:?}", front_door.sources);
    // Every number keeps its directory id: one `phone <id>` citation per number.
    for c in packs.contacts().iter().filter(|c| c.pack == "eastmoor-example") {
        let phone_cites = c.sources.iter().filter(|s| s.starts_with("eastmoor-directory phone ")).count();
        assert_eq!(phone_cites, c.numbers.len(), "{}: {:?}", c.id, c.sources);
    }
    // The LADO's numbers come from the top-level phones and contacts arrays.
    assert_eq!(packs.contact("lado").unwrap().numbers.len(), 2);
    // Office hours from the front door's schedules, bank holidays closed.
    let hours = packs.office_hours().unwrap();
    assert!(hours.is_open(jiff::civil::date(2026, 12, 4).at(16, 0, 0, 0)), "Friday 16:00");
    assert!(!hours.is_open(jiff::civil::date(2026, 12, 4).at(16, 45, 0, 0)), "Friday 16:45");
    assert!(!hours.is_open(jiff::civil::date(2026, 12, 25).at(11, 0, 0, 0)), "Christmas Day");
    assert_eq!(packs.national().id, "england");
    assert_eq!(packs.locals()[0].expires.as_deref(), Some("2027-12-31"));
}

#[test]
fn a_map_that_leaves_a_contact_out_lists_it_as_unfilled_and_keeps_other_files() {
    let t = tempfile::tempdir().unwrap();
    let map = std::fs::read_to_string(fixture("map.toml")).unwrap();
    let map_path = t.path().join("map.toml");
    std::fs::write(&map_path, map.replace("marac = \"3fcd2201-d8ec-4b5b-886a-d065ed154245\"\n", "")).unwrap();
    // An existing pack folder: its escalation text is kept, its old signature removed.
    let into = t.path().join("eastmoor");
    std::fs::create_dir_all(&into).unwrap();
    std::fs::write(into.join("escalation.toml"), "[escalation]\ntext = \"Talk to the team manager first.\"\nsource = [\"eastmoor-directory\"]\n").unwrap();
    std::fs::write(into.join("pack.minisig"), "old").unwrap();
    let out = import(&fixture("eastmoor-export.json"), &map_path, &into);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("left unfilled (the national pack's placeholder stays):\n  marac"), "{}", text(&out.stdout));
    assert!(into.join("escalation.toml").exists());
    assert!(!into.join("pack.minisig").exists());
    let packs = pathway::PackSet::load(&[root().join("pathways/england"), into]).unwrap();
    assert!(packs.contact("marac").unwrap().placeholder);
    assert!(packs.escalation().is_some());
}

/// Runs an import that must fail: exit 2, the message holds `expect`, and the folder
/// (absent, or holding one file) is as it was.
fn refused(export: &Path, map: &Path, expect: &str) {
    let t = tempfile::tempdir().unwrap();
    for existing in [false, true] {
        let into = t.path().join(format!("pack-{existing}"));
        if existing {
            std::fs::create_dir_all(&into).unwrap();
            std::fs::write(into.join("contacts.toml"), "# before").unwrap();
        }
        let out = import(export, map, &into);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(err.contains(expect), "expected {expect:?} in: {err}");
        assert!(err.contains("nothing was written"), "{err}");
        if existing {
            let names: Vec<_> = std::fs::read_dir(&into).unwrap().flatten().map(|e| e.file_name()).collect();
            assert_eq!(names, ["contacts.toml"]);
            assert_eq!(std::fs::read_to_string(into.join("contacts.toml")).unwrap(), "# before");
        } else {
            assert!(!into.exists());
        }
    }
    // No temporary folder is left beside it.
    let left: Vec<_> =
        std::fs::read_dir(t.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with('.')).collect();
    assert!(left.is_empty(), "{left:?}");
}

fn altered_export(t: &Path, change: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut export = export_json();
    change(&mut export);
    let path = t.join("export.json");
    std::fs::write(&path, serde_json::to_string_pretty(&export).unwrap()).unwrap();
    path
}

#[test]
fn malformed_json_is_refused_with_its_line() {
    let t = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("eastmoor-export.json")).unwrap();
    let path = t.path().join("cut.json");
    std::fs::write(&path, &text[..text.len() / 2]).unwrap();
    refused(&path, &fixture("map.toml"), "not valid JSON");
    std::fs::write(&path, text.replacen("\"services\": [", "\"services\": [,", 1)).unwrap();
    refused(&path, &fixture("map.toml"), "line");
}

#[test]
fn a_schema_mismatch_is_refused_with_its_json_path() {
    let t = tempfile::tempdir().unwrap();
    let path = altered_export(t.path(), |e| e["services"][3]["phones"] = serde_json::json!("0117 496 0100"));
    refused(&path, &fixture("map.toml"), "`services[3].phones`");
    let path = altered_export(t.path(), |e| {
        e["services"][7].as_object_mut().unwrap().remove("name");
    });
    refused(&path, &fixture("map.toml"), "`services[7]`: not an Open Referral UK (HSDS 3.0) export here: missing field `name`");
    let path = altered_export(t.path(), |e| e["services"][0]["schedules"][1]["opens_at"] = serde_json::json!(9));
    refused(&path, &fixture("map.toml"), "`services[0].schedules[1].opens_at`");
    let path = altered_export(t.path(), |_| {});
    std::fs::write(&path, "[1, 2, 3]").unwrap();
    refused(&path, &fixture("map.toml"), "not an Open Referral UK (HSDS 3.0) export");
}

#[test]
fn a_schedule_that_cannot_be_read_is_refused_with_its_json_path() {
    let t = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, serde_json::Value, &str); 5] = [
        ("opens_at", "9am", serde_json::json!("9am"), "`services[0].schedules[0].opens_at`: `9am` is not a time such as 09:00"),
        ("byday", "", serde_json::json!("MON,TUE"), "`services[0].schedules[0].byday`: `MON` is not a day"),
        ("freq", "", serde_json::json!("MONTHLY"), "`services[0].schedules[0].freq`: a `MONTHLY` schedule cannot be read as weekly hours"),
        ("closes_at", "", serde_json::json!("08:00"), "`services[0].schedules[0]`: closes at 08:00 before it opens at 09:00"),
        ("valid_from", "", serde_json::json!("first of April"), "`services[0].schedules[0].valid_from`"),
    ];
    for (field, _, value, expect) in cases {
        let path = altered_export(t.path(), |e| e["services"][0]["schedules"][0][field] = value.clone());
        refused(&path, &fixture("map.toml"), expect);
    }
    // A day given twice with different hours.
    let path = altered_export(t.path(), |e| e["services"][0]["schedules"][1]["byday"] = serde_json::json!("TH,FR"));
    refused(&path, &fixture("map.toml"), "`services[0].schedules[1].byday`: thursday already has hours from `services[0].schedules[0]`");
}

#[test]
fn a_mapped_service_missing_from_the_export_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let map = std::fs::read_to_string(fixture("map.toml"))
        .unwrap()
        .replace("lado = \"7067fce0-cdfe-45f8-80b7-7cf5297917e9\"", "lado = \"00000000-0000-4000-8000-000000000000\"");
    let map_path = t.path().join("map.toml");
    std::fs::write(&map_path, map).unwrap();
    refused(
        &fixture("eastmoor-export.json"),
        &map_path,
        "the map names service `00000000-0000-4000-8000-000000000000` for lado, but the export has no service with that id",
    );
    // A map key that is not a local contact, or a typo in the map, is named too.
    let map = std::fs::read_to_string(fixture("map.toml")).unwrap().replace("[contacts]\n", "[contacts]\nnspcc-helpline = \"x\"\n");
    std::fs::write(&map_path, map).unwrap();
    refused(&fixture("eastmoor-export.json"), &map_path, "`nspcc-helpline` is not one of the national pack's local contacts");
    let map = std::fs::read_to_string(fixture("map.toml")).unwrap().replace("review_by =", "reviewby =");
    std::fs::write(&map_path, map).unwrap();
    refused(&fixture("eastmoor-export.json"), &map_path, "reviewby");
}

#[test]
fn a_number_that_is_not_a_drama_number_in_an_example_pack_fails_validation_and_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let path = altered_export(t.path(), |e| e["services"][0]["phones"][0]["number"] = serde_json::json!("020 7123 4567"));
    refused(&path, &fixture("map.toml"), "does not pass `pathways validate`");
}
