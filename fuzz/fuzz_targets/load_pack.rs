//! The loader must never panic, whatever bytes a pack file holds: alone, as a second
//! file beside the valid mini pack (so the checks past parsing run on it too), and as a
//! local pack laid over it. The same bytes as a case file, walked over the mini pack, and
//! as a due time.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway::{PackInput, PackSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn mini() -> &'static PackInput {
    static MINI: OnceLock<PackInput> = OnceLock::new();
    MINI.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/pathway/tests/fixtures/mini");
        let mut diags = pathway::Diagnostics::default();
        PackInput::read_dir(&dir, &mut diags)
    })
}

/// The mini pack, checked: the pack fuzzed case files are walked over.
fn mini_packs() -> &'static PackSet {
    static PACKS: OnceLock<PackSet> = OnceLock::new();
    PACKS.get_or_init(|| PackSet::from_inputs(&[mini().clone()]).expect("the mini pack checks"))
}

fuzz_target!(|data: &[u8]| {
    let file = |name: &str| (PathBuf::from(name), data.to_vec());
    let alone = PackInput { dir: "alone".into(), files: vec![file("alone/pack.toml")] };
    let _ = PackSet::from_inputs(&[alone]);
    let mut beside = mini().clone();
    beside.files.push(file("mini/fuzzed.toml"));
    let _ = PackSet::from_inputs(&[beside]);
    let local = PackInput { dir: "local".into(), files: vec![file("local/pack.toml")] };
    let _ = PackSet::from_inputs(&[mini().clone(), local]);
    // A case file: parsed and checked against the contract, then against the mini pack,
    // walked, and its expectations (due times among them) compared: none may panic.
    if let Ok(case) = pathway::Case::parse(Path::new("case.toml"), data) {
        if case.check_against(mini_packs()).is_ok() {
            match pathway::triage(mini_packs(), &case.facts) {
                Ok(result) => _ = case.unmet(&result),
                Err(e) => _ = case.explain(&e),
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        // Whatever parses prints back as itself: one way to write each due time.
        if let Ok(due) = text.parse::<pathway::Due>() {
            assert_eq!(due.to_string(), text);
        }
    }
});
