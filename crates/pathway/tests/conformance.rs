//! Every conformance case in `tests/cases` as a test of its own, named by its file, over
//! the national pack with the example local pack and over the national pack alone, so
//! a failure names the case and the packs. (`pathways cases` runs the same cases from
//! the terminal.) A case must say what it expects (`Case::load_conformance`).

use libtest_mimic::{Arguments, Failed, Trial};
use pathway::{Case, PackSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The packs a set of trials walks over, loaded once by the first trial that needs them.
struct Packs {
    dirs: Vec<PathBuf>,
    loaded: OnceLock<Result<PackSet, String>>,
}

impl Packs {
    fn get(&self) -> Result<&PackSet, Failed> {
        let loaded = self.loaded.get_or_init(|| PackSet::load(&self.dirs).map_err(|diags| diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")));
        loaded.as_ref().map_err(|e| format!("the packs do not load:\n{e}").into())
    }
}

fn run(case: &Path, packs: &Packs) -> Result<(), Failed> {
    let packs = packs.get()?;
    let case = Case::load_conformance(case)?;
    case.check_against(packs)?;
    let result = pathway::triage(packs, &case.facts).map_err(|e| format!("{}: {}", case.path.display(), case.explain(&e)))?;
    let unmet = case.unmet(&result);
    if unmet.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}\n  {}", case.path.display(), case.title, unmet.join("\n  ")).into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let cases = pathway::case_files(&root().join("tests/cases")).expect("tests/cases");
    assert!(!cases.is_empty(), "no conformance cases found");
    let sets =
        [("england+example", vec![root().join("pathways/england"), root().join("pathways/local/example")]), ("england", vec![root().join("pathways/england")])];
    let mut trials = Vec::new();
    for (name, dirs) in sets {
        let packs = Arc::new(Packs { dirs, loaded: OnceLock::new() });
        for case in &cases {
            let stem = case.file_stem().unwrap().to_string_lossy();
            let (case, packs) = (case.clone(), Arc::clone(&packs));
            trials.push(Trial::test(format!("{stem} [{name}]"), move || run(&case, &packs)));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
