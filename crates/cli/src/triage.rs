use crate::output::{load_packs, pack_dirs, BAD_INPUT};
use pathway::{Case, PackSet, WalkError, WalkResult};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Exit code when the case lacks a fact the walk needs.
pub const MISSING_FACT: u8 = 3;

#[derive(clap::Args)]
pub struct TriageArgs {
    /// A pack folder: the national pack first, then local packs.
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
    #[arg(long)]
    case: PathBuf,
    /// Print one JSON object (outcomes, contacts, path, assumed, due).
    #[arg(long)]
    json: bool,
}

/// The contract's JSON shape for `triage --json`.
#[derive(Serialize)]
struct TriageJson<'a> {
    outcomes: Vec<&'a str>,
    contacts: &'a [String],
    path: Vec<PathJson<'a>>,
    assumed: &'a [String],
    /// Each outcome reached -> when it is due (`now`, `working-days:N`, `days:N`, `none`).
    due: BTreeMap<&'a str, String>,
}

#[derive(Serialize)]
struct PathJson<'a> {
    node: &'a str,
    fact: Option<&'a str>,
    answer: Option<&'a str>,
}

pub fn run(args: TriageArgs) -> u8 {
    let case = match Case::load(&args.case) {
        Ok(case) => case,
        Err(e) => {
            eprintln!("{e}");
            return BAD_INPUT;
        }
    };
    let packs = match load_packs(&pack_dirs(&args.packs)) {
        Ok(p) => p,
        Err(code) => return code,
    };
    match walk_case(&packs, &case) {
        Ok(result) => {
            if args.json {
                println!("{}", to_json(&result));
            } else {
                print!("{}", pathway::summary::plain_text(&packs, &result));
            }
            0
        }
        Err(code) => code,
    }
}

/// Triage with errors printed and turned into exit codes.
pub fn walk_case(packs: &PackSet, case: &Case) -> Result<WalkResult, u8> {
    try_walk_case(packs, case).map_err(|(code, message)| {
        eprintln!("{message}");
        code
    })
}

/// Checks the case's own facts against the pack and walks it; on failure, the exit code
/// and the message (naming the file) for the caller to print or to list.
pub fn try_walk_case(packs: &PackSet, case: &Case) -> Result<WalkResult, (u8, String)> {
    case.check_against(packs).map_err(|e| (BAD_INPUT, e.to_string()))?;
    pathway::triage(packs, &case.facts).map_err(|e| {
        let code = match e {
            WalkError::MissingFact { .. } => MISSING_FACT,
            _ => BAD_INPUT,
        };
        (code, format!("{}: {}", case.path.display(), case.explain(&e)))
    })
}

fn to_json(result: &WalkResult) -> String {
    let json = TriageJson {
        outcomes: result.outcomes.iter().map(|o| o.id.as_str()).collect(),
        contacts: &result.contacts,
        path: result.path.iter().map(|s| PathJson { node: &s.node, fact: s.fact.as_deref(), answer: s.answer.as_deref() }).collect(),
        assumed: &result.assumed,
        due: result.outcomes.iter().map(|o| (o.id.as_str(), o.due.to_string())).collect(),
    };
    serde_json::to_string_pretty(&json).expect("plain data serialises")
}
