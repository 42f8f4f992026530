//! Tampering: a signed copy of the example local pack (pathways/local/example) altered in
//! every way the issue names. Every single-byte change to every file (each byte of every
//! file, pack.manifest and pack.minisig included, changed two ways), every truncation of
//! every file, an extra file, each file missing, a signature from another pack or version,
//! an older signed version, an untrusted key, a local key signing a national pack; and the
//! same for bundles. Each must be refused with a message naming the file or the reason;
//! the number accepted must be 0.

use packtrust::{
    sign_files, verify_bundle, verify_dir, verify_files, Imported, KeyOrigin, KeyRole, PackFiles, SigningKey, TrustError, TrustedKeys, MANIFEST, PACK_TOML,
    SIGNATURE,
};
use std::path::{Path, PathBuf};

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pathways/local/example")
}

struct Fixture {
    key: SigningKey,
    keys: TrustedKeys,
    signed: PackFiles,
}

fn key(name: &str) -> (SigningKey, packtrust::PublicKeyFile) {
    let pair = SigningKey::generate(name, None).unwrap();
    let key = SigningKey::from_text(&pair.secret_text, name, || unreachable!()).unwrap();
    (key, pair.public)
}

fn fixture() -> Fixture {
    let (key, public) = key("Northbrook partnership (test)");
    let mut keys = TrustedKeys::none();
    keys.add(public, KeyRole::Local, KeyOrigin::Given("test".into()));
    let mut signed = PackFiles::read_dir(&example_dir()).unwrap();
    signed.origin = String::new();
    sign_files(&mut signed, &key).unwrap();
    verify_files(signed.clone(), &keys).expect("the untouched signed pack verifies");
    Fixture { key, keys, signed }
}

/// A refusal must name the file changed, or say why.
fn names_file_or_reason(e: &TrustError, file: &str) -> bool {
    let m = e.to_string();
    m.contains(file) || m.contains("key this computer does not trust") || m.contains("signed for pack") || m.contains("signed with")
}

struct Tally {
    tried: usize,
    accepted: Vec<String>,
    unnamed: Vec<String>,
}

impl Tally {
    fn new() -> Tally {
        Tally { tried: 0, accepted: Vec::new(), unnamed: Vec::new() }
    }
    fn check(&mut self, what: String, file: &str, result: Result<packtrust::VerifiedPack, TrustError>) {
        self.tried += 1;
        match result {
            Ok(_) => self.accepted.push(what),
            Err(e) if !names_file_or_reason(&e, file) => self.unnamed.push(format!("{what}: {e}")),
            Err(_) => {}
        }
    }
    fn assert_none_accepted(&self, label: &str) {
        eprintln!("{label}: {} altered copies tried, {} accepted", self.tried, self.accepted.len());
        assert!(self.accepted.is_empty(), "{label}: {} accepted, e.g. {:?}", self.accepted.len(), &self.accepted[..self.accepted.len().min(5)]);
        assert!(self.unnamed.is_empty(), "{label}: refused without naming the file or reason: {:?}", &self.unnamed[..self.unnamed.len().min(5)]);
    }
}

#[test]
fn every_single_byte_change_to_every_file_is_refused() {
    let f = fixture();
    let mut tally = Tally::new();
    for (path, data) in &f.signed.files {
        for at in 0..data.len() {
            // Two changes per byte: the lowest bit, and the case bit (base64 and hex are
            // case-sensitive, so this is the change most likely to slip through a lax reader).
            for mask in [0x01u8, 0x20] {
                let mut files = f.signed.clone();
                files.files.get_mut(path).unwrap()[at] ^= mask;
                tally.check(format!("{path} byte {at} ^ {mask:#x}"), path, verify_files(files, &f.keys));
            }
        }
    }
    let bytes: usize = f.signed.files.values().map(Vec::len).sum();
    assert_eq!(tally.tried, 2 * bytes, "every byte of every file");
    tally.assert_none_accepted("single-byte changes");
}

#[test]
fn every_truncation_of_every_file_is_refused() {
    let f = fixture();
    let mut tally = Tally::new();
    for (path, data) in &f.signed.files {
        for len in 0..data.len() {
            let mut files = f.signed.clone();
            files.files.get_mut(path).unwrap().truncate(len);
            tally.check(format!("{path} cut to {len} bytes"), path, verify_files(files, &f.keys));
        }
    }
    tally.assert_none_accepted("truncations");
}

#[test]
fn an_extra_file_or_a_missing_file_is_refused_and_named() {
    let f = fixture();
    for extra in ["notes.txt", "nodes/extra.toml", ".DS_Store"] {
        let mut files = f.signed.clone();
        files.files.insert(extra.into(), b"x".to_vec());
        let e = verify_files(files, &f.keys).unwrap_err();
        assert!(matches!(e, TrustError::ExtraFile { .. }), "{e}");
        assert_eq!(e.to_string(), format!("extra file not in the signed manifest: {extra}"));
    }
    for path in f.signed.files.keys() {
        let mut files = f.signed.clone();
        files.files.remove(path);
        let e = verify_files(files, &f.keys).unwrap_err();
        assert!(e.to_string().contains(path.as_str()) || matches!(e, TrustError::Unsigned { .. }), "{path}: {e}");
    }
}

#[test]
fn an_untrusted_key_is_refused_with_its_key_id() {
    let f = fixture();
    let (other, _) = key("someone else");
    let mut files = f.signed.clone();
    sign_files(&mut files, &other).unwrap();
    assert_eq!(packtrust::signing_key_id(&files).unwrap(), other.key_id());
    let e = verify_files(files, &f.keys).unwrap_err();
    assert_eq!(e.to_string(), format!("signed by a key this computer does not trust (key id {})", other.key_id()));
    // Nor does the built-in national key trust a stranger's pack.
    let e = verify_files(f.signed.clone(), &TrustedKeys::built_in()).unwrap_err();
    assert!(matches!(e, TrustError::UntrustedKey { .. }), "{e}");
}

/// The same files signed as another pack id, version or date: pack.toml is changed
/// to match, then the old pack.toml put back under the new signature.
fn signed_as(f: &Fixture, from: &str, to: &str) -> PackFiles {
    let mut other = f.signed.clone();
    let toml = String::from_utf8(other.files[PACK_TOML].clone()).unwrap().replacen(from, to, 1);
    other.files.insert(PACK_TOML.into(), toml.into_bytes());
    sign_files(&mut other, &f.key).unwrap();
    other
}

#[test]
fn a_signature_from_another_pack_or_version_is_refused() {
    let f = fixture();
    let cases = [
        ("id = \"northbrook-example\"", "id = \"southmoor\""),
        ("version = \"1.0.0\"", "version = \"1.0.1\""),
        ("review_by = 2027-05-31", "review_by = 2028-05-31"),
        ("expires = 2027-11-30", "expires = 2028-11-30"),
    ];
    for (from, to) in cases {
        let other = signed_as(&f, from, to);
        // The other pack's signature and manifest moved onto this pack's files.
        let mut moved = f.signed.clone();
        moved.files.insert(MANIFEST.into(), other.files[MANIFEST].clone());
        moved.files.insert(SIGNATURE.into(), other.files[SIGNATURE].clone());
        let e = verify_files(moved, &f.keys).unwrap_err();
        assert!(matches!(e, TrustError::FileChanged { ref path } if path == PACK_TOML), "{to}: {e}");
    }
    // A signature whose trusted comment claims another version than pack.toml, over a
    // manifest that matches the files: refused on the comment itself.
    let claims = |comment: &str| {
        let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        let mut files = f.signed.clone();
        let manifest = files.files[MANIFEST].clone();
        let sig = minisign::sign(Some(&pair.pk), &pair.sk, std::io::Cursor::new(&manifest), Some(comment), Some(packtrust::UNTRUSTED_COMMENT)).unwrap();
        files.files.insert(SIGNATURE.into(), sig.to_string().into_bytes());
        let mut keys = TrustedKeys::none();
        let public = packtrust::PublicKeyFile::parse(&format!("untrusted comment: test\n{}\n", pair.pk.to_base64()), "t").unwrap();
        keys.add(public, KeyRole::Local, KeyOrigin::Given("t".into()));
        verify_files(files, &keys).unwrap_err().to_string()
    };
    let m = packtrust::sha256_hex(&f.signed.files[MANIFEST]);
    assert_eq!(
        claims(&format!("pack=northbrook-example version=1.0.1 review_by=2027-05-31 expires=2027-11-30 manifest={m}")),
        "signed for pack `northbrook-example` version 1.0.1, but pack.toml says `northbrook-example` version 1.0.0"
    );
    assert_eq!(
        claims(&format!("pack=southmoor version=1.0.0 review_by=2027-05-31 expires=2027-11-30 manifest={m}")),
        "signed for pack `southmoor` version 1.0.0, but pack.toml says `northbrook-example` version 1.0.0"
    );
    assert_eq!(
        claims(&format!("pack=northbrook-example version=1.0.0 review_by=2027-05-31 expires=none manifest={m}")),
        "signed with expires none, but pack.toml says 2027-11-30"
    );
    assert!(claims("timestamp:1700000000\tfile:pack.manifest").contains("trusted comment is not one `pathways pack sign` writes"));
}

#[test]
fn an_older_signed_version_is_refused_as_a_rollback() {
    let f = fixture();
    let newer = signed_as(&f, "version = \"1.0.0\"", "version = \"1.1.0\"");
    let dir = tempfile::tempdir().unwrap();
    let mut store = Imported::open(dir.path()).unwrap();
    let (_, installed) = store.install_bundle(&newer.to_bundle().unwrap(), "new.sgpack", &f.keys).unwrap();
    assert_eq!(installed.version.to_string(), "1.1.0");
    let e = store.install_bundle(&f.signed.to_bundle().unwrap(), "old.sgpack", &f.keys).unwrap_err();
    assert_eq!(
        e.to_string(),
        "version 1.0.0 of pack `northbrook-example` is older than version 1.1.0, which this computer has already accepted; an older version cannot be imported again (use a kept previous version instead)"
    );
    // The refusal survives a restart: the accepted version is on disk.
    let store = Imported::open(dir.path()).unwrap();
    assert!(matches!(store.preview_bundle(&f.signed.to_bundle().unwrap(), "old", &f.keys), Err(TrustError::Rollback { .. })));
    // The same version again is allowed (re-import).
    let mut store = store;
    store.install_bundle(&newer.to_bundle().unwrap(), "new.sgpack", &f.keys).unwrap();
}

#[test]
fn a_local_key_cannot_sign_a_national_pack() {
    let f = fixture();
    let national = signed_as(&f, "overlays = \"england\"\n", "");
    let e = verify_files(national, &f.keys).unwrap_err();
    assert!(matches!(e, TrustError::NotNationalKey { .. }), "{e}");
    assert!(e.to_string().contains("only the national publisher's key may sign"), "{e}");
}

#[test]
fn a_signed_folder_on_disk_verifies_and_refuses_changes_naming_the_file() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("northbrook");
    f.signed.write_new_dir(&pack).unwrap();
    verify_dir(&pack, &f.keys).unwrap();
    let contacts = pack.join("contacts.toml");
    let text = std::fs::read_to_string(&contacts).unwrap();
    std::fs::write(&contacts, text.replace("020 7946 0456", "020 7946 0457")).unwrap();
    let e = verify_dir(&pack, &f.keys).unwrap_err();
    assert_eq!(e.to_string(), format!("{} was changed after signing", pack.join("contacts.toml").display()));
    std::fs::write(&contacts, text).unwrap();
    verify_dir(&pack, &f.keys).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", pack.join("link.toml")).unwrap();
        let e = verify_dir(&pack, &f.keys).unwrap_err();
        assert!(matches!(e, TrustError::NotAFile { .. }) && e.to_string().contains("link.toml"), "{e}");
    }
}

#[test]
fn a_bundle_round_trips_and_every_byte_of_it_is_guarded() {
    let f = fixture();
    let bundle = f.signed.to_bundle().unwrap();
    let back = verify_bundle(&bundle, &f.keys).unwrap();
    assert_eq!(back.files.files, f.signed.files);
    assert_eq!(back.header.id, "northbrook-example");
    assert_eq!(back.to_bundle().unwrap(), bundle, "the same pack makes the same bundle");
    let mut tally = Tally::new();
    for at in 0..bundle.len() {
        let mut b = bundle.clone();
        b[at] ^= 0x01;
        // A bundle's refusal names the file, or says the archive changed or is not one.
        let r = verify_bundle(&b, &f.keys);
        tally.tried += 1;
        match r {
            Ok(_) => tally.accepted.push(format!("bundle byte {at}")),
            Err(e) => {
                let m = e.to_string();
                if !(m.contains("bundle") || f.signed.files.keys().any(|p| m.contains(p.as_str())) || m.contains("key")) {
                    tally.unnamed.push(format!("byte {at}: {m}"));
                }
            }
        }
    }
    for len in (0..bundle.len()).step_by(7) {
        tally.check(format!("bundle cut to {len}"), "bundle", verify_bundle(&bundle[..len], &f.keys));
    }
    let mut longer = bundle.clone();
    longer.extend_from_slice(&[0u8; 512]);
    tally.check("bundle with a block added".into(), "bundle", verify_bundle(&longer, &f.keys));
    tally.assert_none_accepted("bundle changes");
}

#[test]
fn a_bundle_with_an_unsafe_path_or_a_link_is_refused() {
    let f = fixture();
    for (path, kind) in [("../evil.toml", tar::EntryType::Regular), ("/etc/evil.toml", tar::EntryType::Regular), ("link.toml", tar::EntryType::Symlink)] {
        let mut builder = tar::Builder::new(Vec::new());
        for (p, d) in &f.signed.files {
            let mut h = tar::Header::new_ustar();
            h.set_path(p).unwrap();
            h.set_size(d.len() as u64);
            h.set_cksum();
            builder.append(&h, d.as_slice()).unwrap();
        }
        let mut h = tar::Header::new_ustar();
        // set_path refuses `..`; write the raw name as a hostile archive would.
        h.as_old_mut().name[..path.len()].copy_from_slice(path.as_bytes());
        h.set_entry_type(kind);
        h.set_size(0);
        h.set_cksum();
        builder.append(&h, &[][..]).unwrap();
        let bytes = builder.into_inner().unwrap();
        let e = verify_bundle(&bytes, &f.keys).unwrap_err();
        assert!(e.to_string().contains(path.trim_start_matches('/')) || e.to_string().contains("path"), "{path}: {e}");
    }
}

#[test]
fn oversized_files_are_refused_before_they_are_read() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("p");
    f.signed.write_new_dir(&pack).unwrap();
    let big = std::fs::File::create(pack.join("big.toml")).unwrap();
    big.set_len(packtrust::MAX_FILE_BYTES + 1).unwrap();
    let e = verify_dir(&pack, &f.keys).unwrap_err();
    assert!(matches!(e, TrustError::FileTooLarge { .. }) && e.to_string().contains("big.toml"), "{e}");
    let huge = vec![0u8; packtrust::MAX_PACK_BYTES as usize + 1];
    assert!(matches!(verify_bundle(&huge, &f.keys), Err(TrustError::PackTooLarge { .. })));
}
