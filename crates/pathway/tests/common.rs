//! Helpers shared by the engine's tests: the mini fixture packs, and copies of them
//! broken on purpose.
#![allow(dead_code)]

use pathway::{Diagnostics, Facts, PackInput, PackSet};
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn mini() -> PackSet {
    PackSet::load(&[fixture("mini")]).expect("the mini pack checks")
}

pub fn mini_with_local() -> PackSet {
    PackSet::load(&[fixture("mini"), fixture("mini-local")]).expect("the mini packs check")
}

/// A pack folder read into memory, with its paths made relative so messages are stable.
pub fn input(name: &str) -> PackInput {
    let dir = fixture(name);
    let mut diags = Diagnostics::default();
    let mut input = PackInput::read_dir(&dir, &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    for (path, _) in &mut input.files {
        *path = Path::new(name).join(path.strip_prefix(&dir).unwrap());
    }
    input.dir = PathBuf::from(name);
    input
}

/// One edit to one file of a fixture: replace the first `find` with `replace`.
pub struct Edit<'a> {
    pub pack: &'a str,
    pub file: &'a str,
    pub find: &'a str,
    pub replace: &'a str,
}

/// Applies edits to in-memory copies of the mini packs (the local one only if `with_local`)
/// and returns what the checker says.
pub fn check_edited(edits: &[Edit], with_local: bool) -> Result<PackSet, Diagnostics> {
    let mut inputs = vec![input("mini")];
    if with_local {
        inputs.push(input("mini-local"));
    }
    for edit in edits {
        let input = inputs.iter_mut().find(|i| i.dir == Path::new(edit.pack)).expect("edit names a loaded pack");
        let target = Path::new(edit.pack).join(edit.file);
        match input.files.iter_mut().find(|(p, _)| *p == target) {
            Some((_, bytes)) => {
                let text = String::from_utf8(bytes.clone()).unwrap();
                assert!(text.contains(edit.find), "{} does not contain {:?}", edit.file, edit.find);
                *bytes = text.replacen(edit.find, edit.replace, 1).into_bytes();
            }
            None => input.files.push((target, edit.replace.as_bytes().to_vec())),
        }
    }
    PackSet::from_inputs(&inputs)
}

/// The 1-based line on which `marker` (which may span lines) first starts in `text`.
pub fn line_of(text: &str, marker: &str) -> usize {
    let at = text.find(marker).unwrap_or_else(|| panic!("no {marker:?} in the text"));
    text[..at].matches('\n').count() + 1
}

pub fn facts(pairs: &[(&str, &str)]) -> Facts {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The context every walk of the mini pack needs.
pub fn context(agency: &str, out_of_hours: &str) -> Facts {
    facts(&[("agency", agency), ("out_of_hours", out_of_hours)])
}
