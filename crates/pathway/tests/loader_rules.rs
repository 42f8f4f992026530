//! Each validation rule has a broken fixture whose message and line are asserted.

mod common;
use common::{check_edited, input, Edit};
use pathway::{Diagnostic, PackInput, PackSet, Rule};
use std::path::Path;

const NODES: &str = "nodes/walk.toml";
const VOCAB: &str = "vocabulary.toml";

/// The diagnostics for one edit, with the edited file's text for finding lines.
fn broken(pack: &str, file: &str, find: &str, replace: &str) -> (Vec<Diagnostic>, String) {
    let with_local = pack == "mini-local";
    let diags = check_edited(&[Edit { pack, file, find, replace }], with_local).expect_err("the edit breaks a rule").0;
    let original = input(pack).files.into_iter().find(|(p, _)| p.ends_with(file)).map(|(_, b)| String::from_utf8(b).unwrap()).unwrap_or_default();
    let text = if original.is_empty() { replace.to_string() } else { original.replacen(find, replace, 1) };
    (diags, text)
}

/// Asserts a diagnostic of `rule` whose message contains `says`, at the line holding `marker`.
fn assert_reported(diags: &[Diagnostic], text: &str, rule: Rule, says: &str, marker: &str) {
    let line = common::line_of(text, marker);
    let found = diags.iter().find(|d| d.rule == rule && d.message.contains(says));
    let d = found.unwrap_or_else(|| panic!("no {rule} saying {says:?} in:\n{}", diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")));
    assert_eq!(d.location.line, line, "{d}");
    assert!(d.location.column >= 1);
    assert!(!d.hint.is_empty(), "every problem has a hint: {d}");
    assert!(!d.hint.contains("shared/"), "a hint names only what is in the project: {d}");
    let shown = d.to_string();
    assert!(shown.starts_with(&format!("{}:{}:{}: {rule}: ", d.location.file.display(), d.location.line, d.location.column)), "{shown}");
}

fn check(pack: &str, file: &str, find: &str, replace: &str, rule: Rule, says: &str, marker: &str) {
    let (diags, text) = broken(pack, file, find, replace);
    assert_reported(&diags, &text, rule, says, marker);
}

#[test]
fn malformed_toml() {
    check("mini", NODES, "title = \"Is the child in danger now?\"", "title = \"Is the child", Rule::MalformedToml, "", "title = \"Is the child");
}

#[test]
fn not_utf8() {
    let diags = check_edited(&[Edit { pack: "mini", file: "bad.toml", find: "", replace: "" }], false);
    assert!(diags.is_ok(), "an empty extra file is fine");
    let mut inputs = vec![input("mini")];
    inputs[0].files.push((Path::new("mini/bad.toml").to_path_buf(), b"a = \"\xff\xfe\"\n".to_vec()));
    let diags = PackSet::from_inputs(&inputs).unwrap_err();
    assert!(diags.iter().any(|d| d.rule == Rule::MalformedToml && d.message.contains("UTF-8")), "{diags:?}");
}

#[test]
fn unknown_key() {
    check("mini", NODES, "id = \"harm\"\n", "id = \"harm\"\ncolour = \"red\"\n", Rule::UnknownKey, "colour", "colour = ");
}

#[test]
fn wrong_type() {
    check("mini", NODES, "kind = \"checklist\"", "kind = \"poll\"", Rule::WrongType, "poll", "kind = \"poll\"");
}

#[test]
fn duplicate_id() {
    check(
        "mini",
        NODES,
        "id = \"act-fgm\"",
        "id = \"act-missing\"",
        Rule::DuplicateId,
        "declared twice",
        "id = \"act-missing\"\nkind = \"action\"\noutcome = \"report-missing\"",
    );
}

#[test]
fn missing_manifest() {
    let (diags, _) = broken("mini-local", "pack.toml", "[pack]\nid = \"mini-local\"", "[unused]\nid = \"mini-local\"");
    assert!(diags.iter().any(|d| d.rule == Rule::UnknownKey || d.rule == Rule::MissingManifest), "{diags:?}");
    let mut inputs = vec![input("mini"), input("mini-local")];
    inputs[1].files.retain(|_| false);
    inputs[1].files.push((Path::new("mini-local/contacts.toml").to_path_buf(), b"[[source]]\nid = \"x\"\ntitle = \"x\"\n".to_vec()));
    let diags = PackSet::from_inputs(&inputs).unwrap_err();
    assert!(diags.iter().any(|d| d.rule == Rule::MissingManifest), "{diags:?}");
}

#[test]
fn duplicate_manifest() {
    let second = "[pack]\nid = \"again\"\nname = \"n\"\npublisher = \"p\"\nversion = \"1\"\nreview_by = 2030-01-01\n";
    check("mini", "more.toml", "", second, Rule::DuplicateManifest, "second [pack]", "id = \"again\"");
}

#[test]
fn unknown_node() {
    check("mini", NODES, "next = \"concerns\"", "next = \"concernz\"", Rule::UnknownNode, "concernz", "concernz");
}

#[test]
fn unknown_fact() {
    check("mini", NODES, "fact = \"missing\"", "fact = \"mising\"", Rule::UnknownFact, "mising", "fact = \"mising\"");
}

#[test]
fn unknown_value() {
    check(
        "mini",
        NODES,
        "value = \"yes\"\nlabel = \"Yes\"\nnext = \"act-999\"",
        "value = \"maybe\"\nlabel = \"Yes\"\nnext = \"act-999\"",
        Rule::UnknownValue,
        "maybe",
        "value = \"maybe\"",
    );
}

#[test]
fn unknown_outcome() {
    check("mini", NODES, "outcome = \"inform-dsl\"", "outcome = \"inform-dls\"", Rule::UnknownOutcome, "inform-dls", "inform-dls");
}

#[test]
fn unknown_contact() {
    check("mini", VOCAB, "id = \"police-101\"\n\n", "id = \"police-102\"\n\n", Rule::UnknownContact, "police-102", "id = \"police-102\"");
}

#[test]
fn unknown_source() {
    check("mini", NODES, "source = [\"test danger\"]", "source = [\"nosuch danger\"]", Rule::UnknownSource, "nosuch", "nosuch danger");
}

#[test]
fn missing_source() {
    check("mini", NODES, "source = [\"test danger\"]\n", "", Rule::MissingSource, "node `danger`", "id = \"danger\"");
}

#[test]
fn coming_in_needs_a_source() {
    check(
        "mini",
        VOCAB,
        "source = [\"coming s1\", \"test\"]\n",
        "",
        Rule::MissingSource,
        "coming-in `Test Act 2027` has no `source`",
        "title = \"Test Act 2027\"\ntext = \"The front door",
    );
    check(
        "mini",
        VOCAB,
        "source = [\"coming s2\"]",
        "source = []",
        Rule::MissingSource,
        "coming-in `Test Act 2027` has no `source`",
        "title = \"Test Act 2027\"\ntext = \"Schools",
    );
    check("mini", VOCAB, "source = [\"coming s2\"]", "source = [\"bill s2\"]", Rule::UnknownSource, "bill s2", "source = [\"bill s2\"]");
}

#[test]
fn missing_edition() {
    check(
        "mini",
        "pack.toml",
        "edition = \"Test edition, published 1 January 2026\"\n",
        "",
        Rule::MissingEdition,
        "source `test` does not say which edition it cites",
        "id = \"test\"",
    );
    check("mini-local", "pack.toml", "edition = \"Version 3, November 2026\"", "edition = \" \"", Rule::MissingEdition, "source `local`", "id = \"local\"");
}

#[test]
fn unreachable_node() {
    let orphan = "[[node]]\nid = \"orphan\"\nkind = \"action\"\noutcome = \"inform-dsl\"\ntitle = \"t\"\nsource = [\"test\"]\nnext = \"end\"\n";
    check("mini", "orphan.toml", "", orphan, Rule::UnreachableNode, "orphan", "id = \"orphan\"");
}

#[test]
fn dead_end_without_next() {
    check(
        "mini",
        NODES,
        "source = [\"test\"]\nnext = \"act-csc-now\"\n",
        "source = [\"test\"]\n",
        Rule::DeadEnd,
        "nowhere to go",
        "id = \"act-police-protection\"",
    );
}

#[test]
fn dead_end_when_the_last_route_is_guarded() {
    check(
        "mini",
        NODES,
        "[[node.route]]\nto = \"act-missing\"",
        "[[node.route]]\nwhen = { missing = \"yes\" }\nto = \"act-missing\"",
        Rule::DeadEnd,
        "last route",
        "to = \"act-missing\"",
    );
}

#[test]
fn cycle() {
    check(
        "mini",
        NODES,
        "title = \"Report FGM to the police on 101\"\nsource = [\"test\"]\nnext = \"act-missing\"",
        "title = \"Report FGM to the police on 101\"\nsource = [\"test\"]\nnext = \"concerns\"",
        Rule::Cycle,
        "come back round",
        "id = \"concerns\"",
    );
}

#[test]
fn answers_cover_values() {
    check(
        "mini",
        NODES,
        "[[node.answer]]\nvalue = \"no\"\nlabel = \"No\"\nnext = \"act-missing\"\n",
        "",
        Rule::AnswersCoverValues,
        "no answer for no",
        "id = \"regulated\"",
    );
}

#[test]
fn danger_first() {
    let (diags, _) = broken("mini", "pack.toml", "start = \"danger\"", "start = \"harm\"");
    let nodes_text = String::from_utf8(input("mini").files.into_iter().find(|(p, _)| p.ends_with(NODES)).unwrap().1).unwrap();
    assert_reported(&diags, &nodes_text, Rule::DangerFirst, "node `concerns` can be asked before", "id = \"concerns\"");
    assert_reported(&diags, &nodes_text, Rule::UnreachableNode, "danger", "id = \"danger\"");
}

#[test]
fn fact_not_yet_known() {
    check(
        "mini",
        NODES,
        "when = { agency = [\"school\", \"early_years\", \"health\"] }",
        "when = { regulated_professional = \"yes\" }",
        Rule::FactNotYetKnown,
        "regulated_professional",
        "when = { regulated_professional",
    );
}

#[test]
fn item_guards_need_facts_known_before_the_checklist() {
    let guard = "when = { agency = [\"prison\", \"secure_estate\"] }";
    // Asked after the checklist.
    check(
        "mini",
        NODES,
        guard,
        "when = { regulated_professional = \"yes\" }",
        Rule::FactNotYetKnown,
        "checklist `concerns` shows its item `prisoner_posing_risk_to_children` on `regulated_professional`",
        "when = { regulated_professional",
    );
    // Asked on the checklist itself: not known until it is answered.
    check("mini", NODES, guard, "when = { fgm_known = \"yes\" }", Rule::FactNotYetKnown, "on `fgm_known`", "when = { fgm_known");
    // Known before it on every path: danger is the first question.
    assert!(check_edited(&[Edit { pack: "mini", file: NODES, find: guard, replace: "when = { immediate_danger = \"yes\" }" }], false).is_ok());
}

#[test]
fn item_guards_name_declared_facts_and_values() {
    let guard = "when = { agency = [\"prison\", \"secure_estate\"] }";
    check(
        "mini",
        NODES,
        guard,
        "when = { agency = [\"prison\", \"jail\"] }",
        Rule::UnknownValue,
        "`jail` is not a value of fact `agency`",
        "when = { agency = [\"prison\", \"jail\"]",
    );
    check("mini", NODES, guard, "when = { agencyy = \"prison\" }", Rule::UnknownFact, "agencyy", "when = { agencyy");
}

#[test]
fn context_fact_asked() {
    check("mini", NODES, "fact = \"significant_harm\"", "fact = \"out_of_hours\"", Rule::ContextFactAsked, "context fact", "fact = \"out_of_hours\"");
}

#[test]
fn contract_missing() {
    let (diags, _) = broken("mini", VOCAB, "id = \"mod-dcyp\"", "id = \"mod-dcyp-x\"");
    let d = diags.iter().find(|d| d.rule == Rule::ContractMissing).expect("reported");
    assert!(d.message.contains("contact `mod-dcyp`"), "{d}");
    let pack_text = String::from_utf8(input("mini").files.into_iter().find(|(p, _)| p.ends_with("pack.toml")).unwrap().1).unwrap();
    assert_eq!(
        (d.location.line, d.location.file.as_path()),
        (common::line_of(&pack_text, "id = \"mini\""), Path::new("mini/pack.toml")),
        "points at the manifest's id"
    );
}

#[test]
fn contract_default() {
    check("mini", VOCAB, "default = \"no\"\n", "", Rule::ContractDefault, "local_extra", "id = \"local_extra\"");
    check(
        "mini",
        VOCAB,
        "id = \"missing\"\nlabel = \"missing\"\n",
        "id = \"missing\"\nlabel = \"missing\"\ndefault = \"no\"\n",
        Rule::ContractDefault,
        "cannot have a default",
        "default = \"no\"\nvalues",
    );
}

#[test]
fn not_drama_number() {
    check("mini-local", "pack.toml", "value = \"020 7946 0123\"", "value = \"020 7123 4567\"", Rule::NotDramaNumber, "020 7123 4567", "020 7123 4567");
    check("mini-local", "pack.toml", "edt@mini.example.org", "edt@mini.gov.uk", Rule::NotDramaNumber, "edt@mini.gov.uk", "edt@mini.gov.uk");
}

#[test]
fn overlay_changes_graph() {
    let node = "[[node]]\nid = \"sneaky\"\nkind = \"end\"\ntitle = \"t\"\nsource = [\"local\"]\n";
    check("mini-local", "nodes.toml", "", node, Rule::OverlayChangesGraph, "cannot declare a node", "id = \"sneaky\"");
}

#[test]
fn overlay_replaces_national() {
    check("mini-local", "pack.toml", "id = \"csc-out-of-hours\"", "id = \"police-999\"", Rule::OverlayReplacesNational, "police-999", "id = \"police-999\"");
}

#[test]
fn overlay_unknown_pack() {
    check("mini-local", "pack.toml", "overlays = \"mini\"", "overlays = \"wales\"", Rule::OverlayUnknownPack, "wales", "id = \"mini-local\"");
}

#[test]
fn no_national_pack() {
    let diags = PackSet::from_inputs(&[input("mini-local")]).unwrap_err();
    assert!(diags.iter().any(|d| d.rule == Rule::NoNationalPack), "{diags:?}");
}

#[test]
fn bad_office_hours() {
    check("mini-local", "pack.toml", "friday = [\"09:00\", \"16:30\"]", "friday = [\"09:00\", \"4.30pm\"]", Rule::BadOfficeHours, "4.30pm", "4.30pm");
    check("mini-local", "pack.toml", "friday = [\"09:00\", \"16:30\"]", "friday = [\"16:30\", \"09:00\"]", Rule::BadOfficeHours, "closes before", "friday = ");
}

#[test]
fn unknown_agency() {
    check("mini", VOCAB, "id = \"sport\"\nname", "id = \"sports\"\nname", Rule::UnknownAgency, "sports", "id = \"sports\"");
}

#[test]
fn missing_due() {
    check(
        "mini",
        VOCAB,
        "due = \"working-days:1\"\nsteps = [\"First step\", \"Second step\"]\nsource = [\"test outcome prevent-referral\"]",
        "steps = [\"First step\", \"Second step\"]\nsource = [\"test outcome prevent-referral\"]",
        Rule::MissingDue,
        "`prevent-referral` does not say when it is due",
        "id = \"prevent-referral\"",
    );
    let (diags, _) = broken(
        "mini",
        VOCAB,
        "due = \"working-days:1\"\nsteps = [\"First step\", \"Second step\"]\nsource = [\"test outcome lado-referral\"]",
        "steps = [\"First step\", \"Second step\"]\nsource = [\"test outcome lado-referral\"]",
    );
    let d = diags.iter().find(|d| d.rule == Rule::MissingDue).expect("reported");
    assert!(d.hint.contains("due = \"working-days:1\""), "the hint gives the contract's value: {d}");
}

#[test]
fn invalid_due() {
    check(
        "mini",
        VOCAB,
        "due = \"days:7\"",
        "due = \"within a week\"",
        Rule::InvalidDue,
        "`within a week` is not a due time: use `now`, `working-days:N`, `days:N`",
        "due = \"within a week\"",
    );
    check("mini", VOCAB, "due = \"days:7\"", "due = \"days:0\"", Rule::InvalidDue, "days:0", "due = \"days:0\"");
}

#[test]
fn contract_due() {
    check(
        "mini",
        VOCAB,
        "due = \"days:14\"",
        "due = \"days:7\"",
        Rule::ContractDue,
        "`notify-ofsted-early-years` is due `days:14` by the contract, not `days:7`",
        "due = \"days:7\"\nsteps = [\"First step\", \"Second step\"]\nsource = [\"test outcome notify-ofsted-early-years\"]",
    );
    // A pack's own choice for an outcome the contract leaves open is not checked.
    assert!(check_edited(&[Edit { pack: "mini", file: VOCAB, find: "due = \"days:7\"", replace: "due = \"days:3\"" }], false).is_ok());
}

#[test]
fn unreadable_folder() {
    let diags = PackSet::load(&[Path::new("/no/such/pack")]).unwrap_err();
    assert!(diags.iter().any(|d| d.rule == Rule::Io && d.location.file == Path::new("/no/such/pack")), "{diags:?}");
}

/// A copy of the mini pack on disk, to put files, links and folders beside.
fn mini_on_disk() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in input("mini").files {
        let to = dir.path().join(path.strip_prefix("mini").unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    dir
}

/// The one diagnostic of a pack that is otherwise clean, as `file:line:col: rule: message`
/// with the pack folder's path left out.
fn only_problem(dir: &Path) -> String {
    let diags = PackSet::load(&[dir]).expect_err("the pack is refused");
    let shown: Vec<String> = diags.iter().map(|d| d.to_string().replace(&format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR), "")).collect();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    shown[0].clone()
}

#[test]
fn a_file_over_the_size_cap_is_refused_by_its_size_before_it_is_read() {
    let dir = mini_on_disk();
    // 64 GiB with nothing written (a sparse file): were it read, the test would run out
    // of memory or time, long before it could fail.
    let huge = std::fs::File::create(dir.path().join("huge.toml")).unwrap();
    huge.set_len(64 << 30).unwrap();
    let shown = only_problem(dir.path());
    assert!(shown.starts_with(&format!("huge.toml:1:1: io: the file is larger than the limit of {} bytes", pathway::MAX_FILE_BYTES)), "{shown}");
    assert!(shown.contains("hint: split the pack into smaller files"), "{shown}");
    huge.set_len(pathway::MAX_FILE_BYTES as u64 + 1).unwrap();
    assert!(only_problem(dir.path()).starts_with("huge.toml:1:1: io: the file is larger than the limit"));
}

// Unix only: on Windows a symbolic link can be made only with Developer Mode or an
// administrator's rights, so no test can count on making one; the loader's check is the
// same `is_symlink` there.
#[cfg(unix)]
#[test]
fn symbolic_links_are_reported_not_followed() {
    let dir = mini_on_disk();
    std::os::unix::fs::symlink(dir.path().join("vocabulary.toml"), dir.path().join("linked.toml")).unwrap();
    let shown = only_problem(dir.path());
    assert!(shown.starts_with("linked.toml:1:1: io: a symbolic link: the loader does not follow links"), "{shown}");
    assert!(shown.contains("hint: copy the file or folder into the pack instead of linking to it"), "{shown}");
    std::fs::remove_file(dir.path().join("linked.toml")).unwrap();
    // A link to a folder, even one that would loop back on the pack.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("nodes/again")).unwrap();
    assert!(only_problem(dir.path()).starts_with("nodes/again:1:1: io: a symbolic link"));
    // A link to anything else is no part of the pack and not reported.
    std::fs::remove_file(dir.path().join("nodes/again")).unwrap();
    std::fs::write(dir.path().join("README.md"), "notes").unwrap();
    std::os::unix::fs::symlink(dir.path().join("README.md"), dir.path().join("NOTES.md")).unwrap();
    assert!(PackSet::load(&[dir.path()]).is_ok());
}

#[test]
fn folders_deeper_than_the_limit_are_reported() {
    let dir = mini_on_disk();
    let nodes = std::fs::read(dir.path().join("nodes/walk.toml")).unwrap();
    std::fs::remove_file(dir.path().join("nodes/walk.toml")).unwrap();
    // The deepest folder read: its file is part of the pack.
    let deepest: std::path::PathBuf = (1..=pathway::MAX_DEPTH).map(|i| format!("d{i}")).collect();
    std::fs::create_dir_all(dir.path().join(&deepest)).unwrap();
    std::fs::write(dir.path().join(&deepest).join("walk.toml"), nodes).unwrap();
    assert!(PackSet::load(&[dir.path()]).is_ok());
    // One deeper is not read, and says so.
    std::fs::create_dir_all(dir.path().join(&deepest).join("too-deep")).unwrap();
    std::fs::write(dir.path().join(&deepest).join("too-deep/more.toml"), "").unwrap();
    let shown = only_problem(dir.path());
    let folder = deepest.join("too-deep");
    assert!(shown.starts_with(&format!("{}:1:1: io: the folder is more than 8 levels below the pack folder, so it is not read", folder.display())), "{shown}");
    assert!(shown.contains("hint: move its files at most 8 folders deep"), "{shown}");
}

#[test]
fn a_toml_name_that_is_not_a_regular_file_is_reported() {
    let dir = mini_on_disk();
    let fifo = dir.path().join("pipe.toml");
    // A named pipe would block a reader forever; it is reported without being opened.
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    let shown = only_problem(dir.path());
    assert!(shown.starts_with("pipe.toml:1:1: io: not a regular file"), "{shown}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let edits = [
        Edit { pack: "mini", file: NODES, find: "next = \"concerns\"", replace: "next = \"concernz\"" },
        Edit { pack: "mini", file: VOCAB, find: "default = \"no\"\n", replace: "" },
        Edit { pack: "mini-local", file: "pack.toml", find: "value = \"020 7946 0123\"", replace: "value = \"020 7123 4567\"" },
        Edit { pack: "mini", file: "broken.toml", find: "", replace: "[[node]\n" },
    ];
    let diags = check_edited(&edits, true).unwrap_err();
    for rule in [Rule::UnknownNode, Rule::ContractDefault, Rule::NotDramaNumber, Rule::MalformedToml] {
        assert!(diags.has_rule(rule), "{rule} missing from {diags:?}");
    }
    let files: Vec<_> = diags.iter().map(|d| d.location.file.clone()).collect();
    assert!(files.windows(2).all(|w| w[0] <= w[1]), "sorted by file");
}

#[test]
fn garbage_truncation_and_deep_nesting_never_panic() {
    let original = input("mini");
    let inputs_for = |bytes: Vec<u8>| {
        let mut i = original.clone();
        i.files[0].1 = bytes;
        vec![i]
    };
    let (_, first) = &original.files[0];
    for cut in (0..first.len()).step_by(97) {
        let _ = PackSet::from_inputs(&inputs_for(first[..cut].to_vec()));
    }
    let _ = PackSet::from_inputs(&inputs_for((0..=255u8).cycle().take(10_000).collect()));
    let deep = format!("x = {}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let diags = PackSet::from_inputs(&inputs_for(deep.into_bytes())).unwrap_err();
    assert!(diags.iter().any(|d| d.rule == Rule::MalformedToml && d.location.line == 1), "{diags:?}");
    let huge = vec![b'#'; pathway::MAX_FILE_BYTES + 1];
    let diags = PackSet::from_inputs(&inputs_for(huge)).unwrap_err();
    assert!(diags.iter().any(|d| d.rule == Rule::Io && d.message.contains("limit")), "{diags:?}");
}

#[test]
fn the_example_packs_load_clean() {
    let packs = common::mini_with_local();
    assert_eq!(packs.packs().len(), 2);
    assert_eq!(packs.national().id, "mini");
    let _: &PackInput = &input("mini");
}

#[test]
fn every_unknown_key_in_a_file_is_reported_with_its_line() {
    let edits = [
        Edit { pack: "mini", file: NODES, find: "id = \"harm\"\n", replace: "id = \"harm\"\ncolour = \"red\"\n" },
        Edit { pack: "mini", file: NODES, find: "[[node.item]]\nfact = \"missing\"", replace: "[[node.item]]\nfact = \"missing\"\nhelpp = \"x\"" },
    ];
    let diags = check_edited(&edits, false).unwrap_err();
    let unknown: Vec<_> = diags.iter().filter(|d| d.rule == Rule::UnknownKey).collect();
    assert_eq!(unknown.len(), 2, "{diags:?}");
    let text = String::from_utf8(input("mini").files.into_iter().find(|(p, _)| p.ends_with(NODES)).unwrap().1).unwrap();
    let text = text.replacen(edits[0].find, edits[0].replace, 1).replacen(edits[1].find, edits[1].replace, 1);
    assert_reported(&diags.0, &text, Rule::UnknownKey, "node.5.colour", "colour = ");
    assert_reported(&diags.0, &text, Rule::UnknownKey, "item.2.helpp", "helpp = ");
}
