use crate::output::{load_packs, pack_dirs, BAD_INPUT};
use crate::triage::walk_case;
use pathway::render::{dot, svg, Highlight};
use pathway::Case;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct GraphArgs {
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "dot")]
    format: Format,
    /// A case file whose path to draw highlighted.
    #[arg(long)]
    highlight: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Dot,
    Svg,
}

pub fn run(args: GraphArgs) -> u8 {
    let packs = match load_packs(&pack_dirs(&args.packs)) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let highlight = match &args.highlight {
        None => None,
        Some(path) => {
            let case = match Case::load(path) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("{e}");
                    return BAD_INPUT;
                }
            };
            match walk_case(&packs, &case) {
                Ok(result) => Some(Highlight::of_walk(&result)),
                Err(code) => return code,
            }
        }
    };
    match args.format {
        Format::Dot => print!("{}", dot(&packs, highlight.as_ref())),
        Format::Svg => match svg(&packs, highlight.as_ref()) {
            Ok(s) => print!("{s}"),
            Err(e) => {
                eprintln!("{e}");
                return BAD_INPUT;
            }
        },
    }
    0
}
