//! `pathways`: every capability of the engine (and the record store) from a terminal,
//! for pack authors, trainers, IT staff and tests.

mod cases;
mod graph;
mod import_oruk;
mod output;
mod pack;
mod records;
mod train;
mod triage;
mod validate;
mod walk;

use clap::{Parser, Subcommand};

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pathways", version, about = "Safeguarding Pathways: check, walk and test pathway packs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check packs and report every problem as file:line:column: rule: message.
    Validate {
        /// The national pack's folder, then any local packs' folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Walk the pathway in the terminal, one screen at a time.
    Walk(walk::WalkArgs),
    /// Walk a case file's facts to the end and print the outcomes.
    Triage(triage::TriageArgs),
    /// Run every case file in a folder and report those not met.
    Cases(cases::CasesArgs),
    /// Draw the pathway graph as Graphviz DOT or SVG.
    Graph(graph::GraphArgs),
    /// Encrypted case records: init, add, list, show, amend, tick, referral, export,
    /// verify, purge, rekey (passphrase from PATHWAYS_PASSPHRASE or a prompt).
    Records(records::RecordsArgs),
    /// Signed packs: keygen, sign, verify, diff, key (docs/pack-signing.md).
    Pack(pack::PackArgs),
    /// Training scenarios: list, run (walk one, then the debrief), check (for CI).
    Train(train::TrainArgs),
    /// Make a local pack from a service directory: `import oruk EXPORT.json --map MAP.toml --into DIR`.
    Import(import_oruk::ImportArgs),
}

fn main() -> ExitCode {
    end_quietly_when_the_reader_goes();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Validate { dirs } => validate::run(&dirs),
        Command::Walk(args) => walk::run(args),
        Command::Triage(args) => triage::run(args),
        Command::Cases(args) => cases::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Records(args) => records::run(args),
        Command::Pack(args) => pack::run(args),
        Command::Import(args) => import_oruk::run(args),
        Command::Train(args) => train::run(args),
    };
    ExitCode::from(code)
}

/// `pathways cases … | head -1`: once the reader of the output has gone, end as other
/// command-line tools do, by SIGPIPE (status 141 in a shell), without a word. Rust
/// ignores SIGPIPE, so a later `println!` would otherwise panic with "Broken pipe".
#[cfg(unix)]
fn end_quietly_when_the_reader_goes() {
    // SAFETY: restores the default action of one signal, first thing in `main` before any
    // thread exists; nothing in this program relies on SIGPIPE being ignored (it writes to
    // no socket, and to pipes only as its own output).
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Windows has no SIGPIPE: a write to a pipe whose reader has gone fails (ERROR_NO_DATA;
/// under Wine ERROR_PIPE_NOT_CONNECTED), and `println!` panics with "failed printing to
/// stdout". That panic ends the program quietly, with status 0: the reader wanted no more.
#[cfg(not(unix))]
fn end_quietly_when_the_reader_goes() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload_as_str().is_some_and(|message| message.starts_with("failed printing to stdout")) {
            std::process::exit(0);
        }
        report(info)
    }));
}
