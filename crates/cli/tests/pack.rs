//! `pathways pack` as a script uses it: keygen, sign (with a bundle), verify (exit 0 when
//! valid, 2 with the reason on stderr), diff, key.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pathways(args: &[&str], password: Option<&str>) -> Output {
    pathways_in(&root(), args, password)
}

fn pathways_in(dir: &Path, args: &[&str], password: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pathways"));
    cmd.current_dir(dir).args(args).env_remove("PATHWAYS_KEY_PASSWORD");
    if let Some(p) = password {
        cmd.env("PATHWAYS_KEY_PASSWORD", p);
    }
    cmd.output().expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn keygen_sign_verify_and_diff() {
    let t = tempfile::tempdir().unwrap();
    let (secret, public) = (t.path().join("nb.key"), t.path().join("nb.pub"));
    let out = pathways(
        &["pack", "keygen", "--secret", s(&secret), "--public", s(&public), "--name", "Northbrook Safeguarding Children Partnership"],
        Some("correct horse battery staple"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let keygen = text(&out.stdout);
    assert!(keygen.contains("Northbrook Safeguarding Children Partnership") && keygen.contains("password-protected"), "{keygen}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // Never overwrites a key without --force.
    let again = pathways(&["pack", "keygen", "--secret", s(&secret), "--public", s(&public), "--unencrypted"], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exists"));

    let key_id = keygen.split_whitespace().nth(2).unwrap().to_string();
    let shown = pathways(&["pack", "key", s(&public)], None);
    assert!(text(&shown.stdout).contains(&format!("key id {key_id}  Northbrook Safeguarding Children Partnership")), "{}", text(&shown.stdout));

    let pack = t.path().join("northbrook");
    copy_dir(&root().join("pathways/local/example"), &pack);
    // A wrong password signs nothing.
    let wrong = pathways(&["pack", "sign", s(&pack), "--key", s(&secret)], Some("wrong"));
    assert_eq!(wrong.status.code(), Some(2));
    assert!(!pack.join("pack.minisig").exists());
    let bundle = t.path().join("northbrook-1.0.0.sgpack");
    let signed = pathways(&["pack", "sign", s(&pack), "--key", s(&secret), "--bundle", s(&bundle)], Some("correct horse battery staple"));
    assert_eq!(signed.status.code(), Some(0), "{}", text(&signed.stderr));
    assert!(pack.join("pack.manifest").exists() && pack.join("pack.minisig").exists() && bundle.exists());

    for target in [&pack, &bundle] {
        let ok = pathways(&["pack", "verify", s(target), "--trust", s(&public)], None);
        assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
        let out = text(&ok.stdout);
        assert!(out.contains("valid: northbrook-example 1.0.0") && out.contains(&key_id) && out.contains("expires: 2027-11-30"), "{out}");
        // Without the partnership's key: refused, naming the key id.
        let refused = pathways(&["pack", "verify", s(target)], None);
        assert_eq!(refused.status.code(), Some(2));
        assert!(text(&refused.stderr).contains(&format!("signed by a key this computer does not trust (key id {key_id})")), "{}", text(&refused.stderr));
    }

    // A changed number: refused, naming the file; diff shows the change side by side.
    let contacts = pack.join("contacts.toml");
    let original = std::fs::read_to_string(&contacts).unwrap();
    std::fs::write(&contacts, original.replace("020 7946 0456", "020 7946 0999")).unwrap();
    let refused = pathways(&["pack", "verify", s(&pack), "--trust", s(&public)], None);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("contacts.toml was changed after signing"), "{}", text(&refused.stderr));
    let diff = pathways(&["pack", "diff", s(&bundle), s(&pack)], None);
    assert_eq!(diff.status.code(), Some(0), "{}", text(&diff.stderr));
    let d = text(&diff.stdout);
    assert!(d.contains("changed  csc-out-of-hours") && d.contains("020 7946 0456") && d.contains("020 7946 0999"), "{d}");

    // Diffing two different packs is refused.
    let other = t.path().join("other");
    copy_dir(&root().join("pathways/local/example"), &other);
    let toml = std::fs::read_to_string(other.join("pack.toml")).unwrap().replace("id = \"northbrook-example\"", "id = \"southmoor\"");
    std::fs::write(other.join("pack.toml"), toml).unwrap();
    let mismatch = pathways(&["pack", "diff", s(&pack), s(&other)], None);
    assert_eq!(mismatch.status.code(), Some(2));
    assert!(text(&mismatch.stderr).contains("compare two versions of the same pack"));
}

#[test]
fn an_unencrypted_key_signs_without_a_password_and_an_invalid_pack_is_not_signed() {
    let t = tempfile::tempdir().unwrap();
    let (secret, public) = (t.path().join("k.key"), t.path().join("k.pub"));
    assert_eq!(pathways(&["pack", "keygen", "--secret", s(&secret), "--public", s(&public), "--unencrypted"], None).status.code(), Some(0));
    let pack = t.path().join("p");
    copy_dir(&root().join("pathways/local/example"), &pack);
    let contacts = pack.join("contacts.toml");
    let original = std::fs::read_to_string(&contacts).unwrap();
    // A real-looking number in an example pack fails validation: nothing is signed.
    std::fs::write(&contacts, original.replace("020 7946 0123", "020 7123 4567")).unwrap();
    let out = pathways(&["pack", "sign", s(&pack), "--key", s(&secret)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not-drama-number") && text(&out.stderr).contains("nothing was signed"), "{}", text(&out.stderr));
    assert!(!pack.join("pack.minisig").exists());
    std::fs::write(&contacts, original).unwrap();
    let national = root().join("pathways/england");
    let out = pathways_in(t.path(), &["pack", "sign", s(&pack), "--key", s(&secret), "--national", s(&national), "--bundle"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // `--bundle` without a name writes <id>-<version>.sgpack in the current folder.
    assert!(t.path().join("northbrook-example-1.0.0.sgpack").exists());
    // An extra file after signing is named.
    std::fs::write(pack.join("notes.txt"), "draft").unwrap();
    let out = pathways(&["pack", "verify", s(&pack), "--trust", s(&public)], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("extra file not in the signed manifest") && text(&out.stderr).contains("notes.txt"));
}

#[test]
fn the_national_pack_signed_by_a_trusted_national_key_verifies_but_not_with_a_local_key() {
    let t = tempfile::tempdir().unwrap();
    let (secret, public) = (t.path().join("n.key"), t.path().join("n.pub"));
    assert_eq!(pathways(&["pack", "keygen", "--secret", s(&secret), "--public", s(&public), "--unencrypted"], None).status.code(), Some(0));
    let pack = t.path().join("england");
    copy_dir(&root().join("pathways/england"), &pack);
    let out = pathways(&["pack", "sign", s(&pack), "--key", s(&secret)], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let ok = pathways(&["pack", "verify", s(&pack), "--trust-national", s(&public)], None);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let local = pathways(&["pack", "verify", s(&pack), "--trust", s(&public)], None);
    assert_eq!(local.status.code(), Some(2));
    assert!(text(&local.stderr).contains("only the national publisher's key may sign"), "{}", text(&local.stderr));
}
