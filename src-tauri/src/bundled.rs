//! The national pack for England, compiled into the app.

use include_dir::{include_dir, Dir};
use pathway::{Diagnostics, PackInput, PackSet};
use std::path::PathBuf;

static NATIONAL: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../pathways/england");

/// Where the bundled pack's files say they come from (in messages and `PackInfo::dir`).
pub const NATIONAL_DIR: &str = "(bundled)/pathways/england";

/// The bundled national pack's files, sorted by path as `PackInput::read_dir` sorts them.
pub fn national_input() -> PackInput {
    let mut files = Vec::new();
    collect(&NATIONAL, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    PackInput { dir: PathBuf::from(NATIONAL_DIR), files }
}

fn collect(dir: &Dir<'_>, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|e| e == "toml") {
            out.push((PathBuf::from(NATIONAL_DIR).join(file.path()), file.contents().to_vec()));
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// The bundled national pack alone, checked.
pub fn national() -> Result<PackSet, Diagnostics> {
    PackSet::from_inputs(&[national_input()])
}

/// The bundled national pack with a local pack read from `local`, checked together.
pub fn with_local(local: &std::path::Path) -> Result<PackSet, Diagnostics> {
    let mut diags = Diagnostics::default();
    let local_input = PackInput::read_dir(local, &mut diags);
    PackSet::from_read(&[national_input(), local_input], diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_national_pack_checks() {
        let packs = national().expect("the bundled pack passes its checks");
        assert_eq!(packs.national().id, "england");
        assert!(packs.locals().is_empty());
    }

    #[test]
    fn bundled_pack_is_the_pack_on_disk() {
        let on_disk = PackInput::read_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../pathways/england")), &mut Diagnostics::default());
        let bundled = national_input();
        assert_eq!(on_disk.files.len(), bundled.files.len());
        for ((_, a), (_, b)) in on_disk.files.iter().zip(&bundled.files) {
            assert_eq!(a, b);
        }
    }

    #[test]
    fn example_local_pack_overlays() {
        let packs = with_local(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../pathways/local/example"))).expect("the example pack checks");
        assert_eq!(packs.locals().len(), 1);
        assert!(packs.office_hours().is_some());
    }
}
