use crate::output::{load_packs, pack_dirs, BAD_INPUT};
use crate::triage::try_walk_case;
use pathway::{case_files, Case};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct CasesArgs {
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
    /// Folders of case files (*.toml).
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Also print the screens each case took, with the median and the most.
    #[arg(long)]
    screens: bool,
}

pub fn run(args: CasesArgs) -> u8 {
    let packs = match load_packs(&pack_dirs(&args.packs)) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut files = Vec::new();
    for dir in &args.dirs {
        match case_files(dir) {
            Ok(found) => files.extend(found),
            Err(e) => {
                eprintln!("{}: cannot read the cases folder: {e}", dir.display());
                return BAD_INPUT;
            }
        }
    }
    let (mut passed, mut failed) = (0, 0);
    let mut screens = Vec::new();
    for file in &files {
        let unmet = match Case::load_conformance(file) {
            Err(e) => vec![e.to_string()],
            // A case the walk cannot finish fails on its own; the others still run.
            Ok(case) => match try_walk_case(&packs, &case) {
                Err((_, message)) => vec![message],
                Ok(result) => {
                    screens.push(result.screens);
                    if args.screens {
                        println!("{:>3} screens  {}", result.screens, file.display());
                    }
                    case.unmet(&result)
                }
            },
        };
        if unmet.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            println!("FAILED {}", file.display());
            for line in unmet {
                println!("  {line}");
            }
        }
    }
    if args.screens && !screens.is_empty() {
        screens.sort();
        let median =
            if screens.len() % 2 == 1 { screens[screens.len() / 2] as f64 } else { (screens[screens.len() / 2 - 1] + screens[screens.len() / 2]) as f64 / 2.0 };
        println!("screens: median {median}, most {}", screens.last().expect("not empty"));
    }
    println!("{passed} passed, {failed} failed");
    u8::from(failed > 0)
}
