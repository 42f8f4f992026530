//! Diagnostics tested as data: each folder of `crates/pathway/tests/diagnostics/` is a
//! pack broken in one way, named by the rule it breaks, with the exact output of
//! `pathways validate` in `expected.txt`. Each folder is a test of its own, named by the
//! rule. `UPDATE_EXPECT=1 cargo test -p pathways-cli --test diagnostics` rewrites every
//! `expected.txt` from what the binary prints (then read the diff before committing).
//!
//! A folder holds:
//! - `expected.txt`: the command (`$ pathways validate national local`), then its output.
//!   `national` is the mini test pack and `local` the mini local pack (both in
//!   `crates/pathway/tests/fixtures/`), as broken below; any other name is a pack folder
//!   of the rule folder's own, used as it is.
//! - `national/`, `local/` (optional): files added to the pack, or replacing its file of
//!   the same path.
//! - `edits.toml` (optional): `[[edit]]` tables, each replacing the first `find` in a file
//!   of a pack with `replace`, for a change too small to copy a whole file for.

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;

fn pathway_tests() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../pathway/tests")
}

/// The fixture each pack name of a command is built on.
fn base(name: &str) -> Option<&'static str> {
    match name {
        "national" => Some("mini"),
        "local" => Some("mini-local"),
        _ => None,
    }
}

/// Copies `from` into `to`, links as links, replacing what is there.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
            #[cfg(not(unix))]
            return Err(std::io::Error::other(format!("{}: a symbolic link, which this system does not copy as one", entry.path().display())));
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edits {
    edit: Vec<Edit>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    /// A path under the built packs, e.g. `national/nodes/walk.toml`.
    file: String,
    find: String,
    replace: String,
}

/// Builds the packs the command names in `work` and returns the output the command
/// gives there, as `expected.txt` holds it.
fn run(folder: &Path, work: &Path) -> Result<String, Failed> {
    let expected = std::fs::read_to_string(folder.join("expected.txt")).map_err(|e| format!("expected.txt: {e}"))?;
    let command = expected.lines().next().and_then(|l| l.strip_prefix("$ pathways ")).ok_or("expected.txt must start with `$ pathways validate …`")?;
    let args: Vec<&str> = command.split_whitespace().collect();
    if args.first() != Some(&"validate") {
        return Err("the command must be `validate`".into());
    }
    for name in &args[1..] {
        if let Some(fixture) = base(name) {
            copy_tree(&pathway_tests().join("fixtures").join(fixture), &work.join(name))?;
        }
        if folder.join(name).is_dir() {
            copy_tree(&folder.join(name), &work.join(name))?;
        }
    }
    if let Ok(text) = std::fs::read_to_string(folder.join("edits.toml")) {
        let edits: Edits = toml::from_str(&text).map_err(|e| format!("edits.toml: {e}"))?;
        for edit in edits.edit {
            let path = work.join(&edit.file);
            let text = std::fs::read_to_string(&path).map_err(|e| format!("edits.toml: {}: {e}", edit.file))?;
            if !text.contains(&edit.find) {
                return Err(format!("edits.toml: {} does not contain {:?}", edit.file, edit.find).into());
            }
            std::fs::write(&path, text.replacen(&edit.find, &edit.replace, 1))?;
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_pathways")).current_dir(work).args(&args).output()?;
    if out.status.code() != Some(2) {
        return Err(format!("`pathways {command}` exited {:?}, not 2 (a broken pack): {}", out.status.code(), String::from_utf8_lossy(&out.stdout)).into());
    }
    Ok(format!("$ pathways {command}\n{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn check(rule: &str, folder: &Path) -> Result<(), Failed> {
    let work = tempfile::tempdir()?;
    let got = run(folder, work.path())?;
    // Windows writes paths with backslashes (national\nodes\walk.toml); expected.txt has
    // them with slashes.
    #[cfg(windows)]
    let got = got.replace('\\', "/");
    if !got.lines().any(|l| l.contains(&format!(": {rule}: "))) {
        return Err(format!("the output does not report `{rule}`:\n{got}").into());
    }
    let path = folder.join("expected.txt");
    let expected = std::fs::read_to_string(&path)?;
    if got == expected {
        return Ok(());
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got)?;
        return Ok(());
    }
    Err(format!("`pathways validate` printed, for {}:\n{got}\nbut expected.txt holds:\n{expected}\n(UPDATE_EXPECT=1 rewrites it)", path.display()).into())
}

fn main() {
    let args = Arguments::from_args();
    let corpus = pathway_tests().join("diagnostics");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&corpus).expect("the diagnostics corpus").map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    let trials = folders
        .into_iter()
        .map(|folder| {
            let rule = folder.file_name().unwrap().to_string_lossy().into_owned();
            // `io` holds a symbolic link, which Windows makes only with Developer Mode or
            // an administrator's rights (and git there checks out as a plain file).
            let ignored = cfg!(windows) && rule == "io";
            Trial::test(rule.clone(), move || check(&rule, &folder)).with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
