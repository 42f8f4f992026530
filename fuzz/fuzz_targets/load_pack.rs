//! The loader must never panic, whatever bytes a pack file holds: alone, as a second
//! file beside the valid mini pack (so the checks past parsing run on it too), and as a
//! local pack laid over it.
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

fuzz_target!(|data: &[u8]| {
    let file = |name: &str| (PathBuf::from(name), data.to_vec());
    let alone = PackInput { dir: "alone".into(), files: vec![file("alone/pack.toml")] };
    let _ = PackSet::from_inputs(&[alone]);
    let mut beside = mini().clone();
    beside.files.push(file("mini/fuzzed.toml"));
    let _ = PackSet::from_inputs(&[beside]);
    let local = PackInput { dir: "local".into(), files: vec![file("local/pack.toml")] };
    let _ = PackSet::from_inputs(&[mini().clone(), local]);
    let _ = pathway::Case::parse(Path::new("case.toml"), data);
});
