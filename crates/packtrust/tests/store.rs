//! Imported packs: install, keep previous versions, choose the newest valid one, go
//! back; national packs replacing the built-in one; staleness; what changed.

use packtrust::{sign_files, AcceptedVersions, Imported, KeyOrigin, KeyRole, PackDiff, PackFiles, SigningKey, Staleness, TrustedKeys, Version};
use pathway::PackSet;
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn keys() -> (SigningKey, SigningKey, TrustedKeys) {
    let local = SigningKey::generate("local (test)", None).unwrap();
    let national = SigningKey::generate("national (test)", None).unwrap();
    let mut keys = TrustedKeys::none();
    keys.add(national.public.clone(), KeyRole::National, KeyOrigin::Given("test".into()));
    keys.add(local.public.clone(), KeyRole::Local, KeyOrigin::Given("test".into()));
    let read = |p: &packtrust::NewKeyPair| SigningKey::from_text(&p.secret_text, "t", || unreachable!()).unwrap();
    (read(&local), read(&national), keys)
}

/// The pack in `dir`, with `edits` (from, to) applied to its files, signed by `key`.
fn signed(dir: &str, edits: &[(&str, &str, &str)], key: &SigningKey) -> PackFiles {
    let mut files = PackFiles::read_dir(&repo(dir)).unwrap();
    for (file, from, to) in edits {
        let text = String::from_utf8(files.files[*file].clone()).unwrap();
        assert!(text.contains(from), "{file} lacks {from}");
        files.files.insert(file.to_string(), text.replacen(from, to, 1).into_bytes());
    }
    sign_files(&mut files, key).unwrap();
    files
}

#[test]
fn installs_keep_previous_versions_choose_the_newest_and_can_go_back() {
    let (local, _, keys) = keys();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Imported::open(dir.path()).unwrap();
    let v1 = signed("pathways/local/example", &[], &local);
    let v2 = signed(
        "pathways/local/example",
        &[("pack.toml", "version = \"1.0.0\"", "version = \"1.1.0\""), ("contacts.toml", "020 7946 0456", "020 7946 0999")],
        &local,
    );
    store.install_bundle(&v1.to_bundle().unwrap(), "v1", &keys).unwrap();
    store.install_bundle(&v2.to_bundle().unwrap(), "v2", &keys).unwrap();
    let versions: Vec<String> = store.versions("northbrook-example").iter().map(|v| v.version.to_string()).collect();
    assert_eq!(versions, ["1.1.0", "1.0.0"]);
    assert_eq!(store.ids(), ["northbrook-example"]);

    let england = Version::parse("2.0.0").unwrap();
    let chosen = store.select(&keys, ("england", &england));
    assert!(chosen.national.is_none(), "no imported national pack: the built-in one");
    assert_eq!(chosen.locals.len(), 1);
    assert_eq!(chosen.locals[0].pack.version().to_string(), "1.1.0");
    assert!(!chosen.locals[0].pinned);

    // Go back to 1.0.0: used until the user chooses again, and survives a restart.
    store.use_version("northbrook-example", &Version::parse("1.0.0").unwrap(), &keys).unwrap();
    let store = Imported::open(dir.path()).unwrap();
    let chosen = store.select(&keys, ("england", &england));
    assert_eq!(chosen.locals[0].pack.version().to_string(), "1.0.0");
    assert!(chosen.locals[0].pinned);
    // Going back does not lower the accepted version: 1.0.0 cannot be imported again.
    assert_eq!(store.accepted().highest("northbrook-example").unwrap().to_string(), "1.1.0");

    // A damaged newest copy is passed over (and reported), the previous one used.
    let mut store = store;
    store.use_newest("northbrook-example").unwrap();
    let contacts = dir.path().join("northbrook-example/1.1.0/contacts.toml");
    std::fs::write(&contacts, "changed").unwrap();
    let chosen = store.select(&keys, ("england", &england));
    assert_eq!(chosen.locals[0].pack.version().to_string(), "1.0.0");
    assert_eq!(chosen.problems.len(), 1);
    assert!(chosen.problems[0].error.to_string().contains("contacts.toml was changed after signing"));
    // Importing 1.1.0 again repairs it.
    store.install_bundle(&v2.to_bundle().unwrap(), "v2", &keys).unwrap();
    assert_eq!(store.select(&keys, ("england", &england)).locals[0].pack.version().to_string(), "1.1.0");
}

#[test]
fn a_newer_signed_national_pack_replaces_the_built_in_one() {
    let (local, national, keys) = keys();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Imported::open(dir.path()).unwrap();
    let built_in = Version::parse("2.0.0").unwrap();
    store.note_built_in("england", &built_in).unwrap();

    // An older national pack than the built-in one is a rollback.
    let older = signed("pathways/england", &[("pack.toml", "version = \"2.0.0\"", "version = \"1.9.0\"")], &national);
    assert!(matches!(store.install_bundle(&older.to_bundle().unwrap(), "old", &keys), Err(packtrust::TrustError::Rollback { .. })));
    // A local key cannot sign a national pack.
    let by_local = signed("pathways/england", &[("pack.toml", "version = \"2.0.0\"", "version = \"2.1.0\"")], &local);
    assert!(matches!(store.install_bundle(&by_local.to_bundle().unwrap(), "x", &keys), Err(packtrust::TrustError::NotNationalKey { .. })));

    // The same version as the built-in one is installed but not preferred to it.
    let same = signed("pathways/england", &[], &national);
    store.install_bundle(&same.to_bundle().unwrap(), "same", &keys).unwrap();
    assert!(store.select(&keys, ("england", &built_in)).national.is_none());

    let newer = signed("pathways/england", &[("pack.toml", "version = \"2.0.0\"", "version = \"2.1.0\"")], &national);
    store.install_bundle(&newer.to_bundle().unwrap(), "new", &keys).unwrap();
    let chosen = store.select(&keys, ("england", &built_in));
    let national_pack = chosen.national.expect("the newer national pack is used");
    assert_eq!(national_pack.pack.version().to_string(), "2.1.0");
    // It loads, from the verified bytes, with a local pack over it.
    let local_pack = signed("pathways/local/example", &[], &local);
    let verified_local = packtrust::verify_files(local_pack, &keys).unwrap();
    let packs = PackSet::from_inputs(&[national_pack.pack.pack_input("imported/england"), verified_local.pack_input("imported/northbrook")]).unwrap();
    assert_eq!(packs.national().version, "2.1.0");

    // Going back to the built-in national pack.
    store.use_built_in("england").unwrap();
    assert!(store.select(&keys, ("england", &built_in)).national.is_none());
}

#[test]
fn accepted_versions_are_written_atomically_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accepted.toml");
    let mut a = AcceptedVersions::load(&path).unwrap();
    a.accept("northbrook", &Version::parse("1.2.0").unwrap());
    a.accept("northbrook", &Version::parse("1.1.0").unwrap());
    a.save().unwrap();
    let b = AcceptedVersions::load(&path).unwrap();
    assert_eq!(b.highest("northbrook").unwrap().to_string(), "1.2.0");
    b.check_not_rollback("northbrook", &Version::parse("1.2.0").unwrap()).unwrap();
    b.check_not_rollback("other", &Version::parse("0.0.1").unwrap()).unwrap();
    assert!(b.check_not_rollback("northbrook", &Version::parse("1.1.9").unwrap()).is_err());
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names, ["accepted.toml"]);
    // A damaged file is an error, never an empty list.
    std::fs::write(&path, "[accepted]\nnorthbrook = \"not a version\"\n").unwrap();
    assert!(AcceptedVersions::load(&path).is_err());
}

#[test]
fn key_folders_add_remove_and_never_shadow_the_built_in_key() {
    let dir = tempfile::tempdir().unwrap();
    let pair = SigningKey::generate("Northbrook Safeguarding Children Partnership", None).unwrap();
    let path = packtrust::add_key_to_folder(dir.path(), &pair.public).unwrap();
    assert_eq!(path.file_name().unwrap().to_string_lossy(), format!("{}.pub", pair.public.key_id()));
    std::fs::write(dir.path().join("broken.pub"), "not a key").unwrap();
    let (keys, problems) = TrustedKeys::load(None, Some(dir.path()));
    assert_eq!(keys.len(), 2, "the built-in key and the user's");
    assert_eq!(problems.len(), 1);
    let k = keys.find(pair.public.key_id()).unwrap();
    assert_eq!(k.role, KeyRole::Local);
    assert_eq!(k.name(), "Northbrook Safeguarding Children Partnership");
    assert!(packtrust::remove_key_from_folder(dir.path(), pair.public.key_id()).unwrap());
    assert_eq!(TrustedKeys::load(None, Some(dir.path())).0.len(), 1);
}

#[test]
fn staleness_follows_the_dates_and_never_refuses() {
    let packs = PackSet::load(&[repo("pathways/england"), repo("pathways/local/example")]).unwrap();
    let local = &packs.locals()[0];
    assert_eq!(local.expires.as_deref(), Some("2027-11-30"));
    let d = jiff::civil::date;
    assert_eq!(Staleness::of_pack(local, d(2027, 5, 31)), Staleness::Current);
    assert_eq!(Staleness::of_pack(local, d(2027, 6, 1)), Staleness::ReviewOverdue);
    assert_eq!(Staleness::of_pack(local, d(2027, 12, 1)), Staleness::Expired);
    assert!(Staleness::of_pack(local, d(2027, 12, 1)).contact_warning(local).unwrap().contains("check it before calling"));
    assert!(Staleness::Current.contact_warning(local).is_none());
}

#[test]
fn what_changed_names_contacts_numbers_hours_and_dates() {
    let national = repo("pathways/england");
    let old = PackSet::load(&[national.clone(), repo("pathways/local/example")]).unwrap();
    let mut files = PackFiles::read_dir(&repo("pathways/local/example")).unwrap();
    let edit = |files: &mut PackFiles, file: &str, from: &str, to: &str| {
        let t = String::from_utf8(files.files[file].clone()).unwrap();
        assert!(t.contains(from));
        files.files.insert(file.into(), t.replacen(from, to, 1).into_bytes());
    };
    edit(&mut files, "pack.toml", "version = \"1.0.0\"", "version = \"1.1.0\"");
    edit(&mut files, "pack.toml", "expires = 2027-11-30", "expires = 2028-01-31");
    edit(&mut files, "contacts.toml", "020 7946 0456", "020 7946 0999");
    edit(&mut files, "hours.toml", "friday = [\"09:00\", \"16:30\"]", "friday = [\"09:00\", \"16:00\"]");
    edit(&mut files, "hours.toml", "2027-12-28,", "2027-12-28, 2027-12-29,");
    let mut national_diags = pathway::Diagnostics::default();
    let new = PackSet::from_read(&[pathway::PackInput::read_dir(&national, &mut national_diags), files.pack_input("new")], national_diags).unwrap();
    let diff = PackDiff::between(&old, &new);
    assert_eq!(diff.id, "northbrook-example");
    let what: Vec<&str> = diff.pack.iter().map(|c| c.what.as_str()).collect();
    assert_eq!(what, ["version", "expires"]);
    assert_eq!(diff.contacts.len(), 1, "{:?}", diff.contacts);
    assert_eq!(diff.contacts[0].id(), "csc-out-of-hours");
    assert_eq!(diff.office_hours.len(), 1);
    assert_eq!(diff.office_hours[0].old.as_deref(), Some("09:00 to 16:30"));
    assert_eq!(diff.closed_dates_added, ["2027-12-29"]);
    assert!(diff.outcomes.is_empty() && diff.nodes.is_empty());
    let text = diff.to_text();
    assert!(text.contains("020 7946 0456") && text.contains("020 7946 0999"), "{text}");
    assert!(PackDiff::between(&old, &old).is_empty());
}
