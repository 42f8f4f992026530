//! `pathways train`: training scenarios (docs/training-scenarios.md) from a terminal.
//! `list` shows them, `run` tells one, walks it with the terminal walk's screens and
//! prints the debrief, and `check` checks a folder of them (for CI): every problem as
//! `file:line:column: rule: message`, exit 2 on any.

use crate::output::{load_packs, BAD_INPUT};
use crate::walk::{Choice, Ticks, Ui};
use pathway::{Facts, PackSet, Screen, Walk, WalkResult};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use training::{Debrief, Scenario};

// The terminal walk's two screens: arrow keys on a terminal, numbered lines when piped.
use crate::walk::{keys, lines};

/// Where the shipped scenarios are.
const SCENARIOS: &str = "pathways/training";

#[derive(clap::Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    command: TrainCommand,
}

#[derive(clap::Subcommand)]
enum TrainCommand {
    /// List the scenarios: id, title, agencies, level, and the trap if there is one.
    List {
        /// The folder of scenarios.
        #[arg(long, default_value = SCENARIOS)]
        dir: PathBuf,
        #[command(flatten)]
        packs: Packs,
    },
    /// Tell a scenario, walk it in the terminal, then print the debrief.
    Run {
        /// A scenario file, or the id of one in --dir.
        scenario: String,
        #[arg(long, default_value = SCENARIOS)]
        dir: PathBuf,
        #[command(flatten)]
        packs: Packs,
        /// Read numbered answers line by line even on a terminal.
        #[arg(long)]
        plain: bool,
        /// Add the result to this training record file (no case data is kept in it).
        #[arg(long)]
        record: Option<PathBuf>,
    },
    /// Check every scenario in a folder: it parses, cites the pack's sources, names
    /// nodes that exist, and the pack meets its expectations. Exit 2 on any problem.
    Check {
        /// The folder of scenarios.
        #[arg(default_value = SCENARIOS)]
        dir: PathBuf,
        #[command(flatten)]
        packs: Packs,
    },
}

#[derive(clap::Args)]
struct Packs {
    /// A pack folder: the national pack first, then local packs (default: the national
    /// pack and the example local pack, whose office hours the scenarios' clocks use).
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
}

impl Packs {
    fn load(&self) -> Result<PackSet, u8> {
        let dirs = if self.packs.is_empty() { vec![PathBuf::from("pathways/england"), PathBuf::from("pathways/local/example")] } else { self.packs.clone() };
        load_packs(&dirs)
    }
}

pub fn run(args: TrainArgs) -> u8 {
    match args.command {
        TrainCommand::List { dir, packs } => list(&dir, &packs),
        TrainCommand::Run { scenario, dir, packs, plain, record } => run_scenario(&scenario, &dir, &packs, plain, record.as_deref()),
        TrainCommand::Check { dir, packs } => check(&dir, &packs),
    }
}

fn scenario_files(dir: &Path) -> Result<Vec<PathBuf>, u8> {
    training::scenario_files(dir).map_err(|e| {
        eprintln!("{}: cannot read the scenarios folder: {e}", dir.display());
        BAD_INPUT
    })
}

fn check(dir: &Path, packs: &Packs) -> u8 {
    let packs = match packs.load() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let files = match scenario_files(dir) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (mut problems, mut failed) = (0, 0);
    for file in &files {
        let found = match Scenario::load(file) {
            Ok(scenario) => training::check(&packs, &scenario),
            Err(e) => vec![e.problem()],
        };
        for p in &found {
            eprintln!("{p}");
        }
        problems += found.len();
        failed += usize::from(!found.is_empty());
    }
    println!("{} scenarios checked", files.len());
    if problems > 0 {
        eprintln!("{problems} problem(s) in {failed} scenario(s)");
        return BAD_INPUT;
    }
    0
}

fn list(dir: &Path, packs: &Packs) -> u8 {
    let packs = match packs.load() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let files = match scenario_files(dir) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut code = 0;
    for file in &files {
        let scenario = match Scenario::load(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                code = BAD_INPUT;
                continue;
            }
        };
        let checks = if training::check(&packs, &scenario).is_empty() { "" } else { "  (has problems: see `pathways train check`)" };
        println!("{}  [{}]  {}{checks}", scenario.id, scenario.level, scenario.agencies.join(", "));
        println!("    {}", scenario.title);
        if let Some(trap) = &scenario.trap {
            println!("    Trap: {trap}");
        }
    }
    println!("{} scenario(s)", files.len());
    code
}

/// A scenario named by its file, or by its id in `dir`.
fn find(scenario: &str, dir: &Path) -> PathBuf {
    let given = PathBuf::from(scenario);
    if given.is_file() || scenario.ends_with(".toml") {
        given
    } else {
        dir.join(format!("{scenario}.toml"))
    }
}

fn run_scenario(name: &str, dir: &Path, packs: &Packs, plain: bool, record: Option<&Path>) -> u8 {
    let packs = match packs.load() {
        Ok(p) => p,
        Err(code) => return code,
    };
    let scenario = match Scenario::load(&find(name, dir)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return BAD_INPUT;
        }
    };
    let problems = training::check(&packs, &scenario);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!("the scenario cannot be run until these are fixed");
        return BAD_INPUT;
    }
    let interactive = !plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let walked = if interactive { train(&packs, &scenario, &mut keys::KeyUi::new()) } else { train(&packs, &scenario, &mut lines::LineUi::new()) };
    let result = match walked {
        Ok(Some(result)) => result,
        Ok(None) => return 0,
        Err(e) => {
            eprintln!("pathways train: {e}");
            return BAD_INPUT;
        }
    };
    let debrief = match Debrief::compute(&packs, &scenario, &result, scenario.clock) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("pathways train: the scenario's own walk failed: {}", scenario.case.explain(&e));
            return BAD_INPUT;
        }
    };
    println!("\n{}", debrief.plain_text());
    if let Some(path) = record {
        let mut kept = match training::Record::load(path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{e}");
                return BAD_INPUT;
            }
        };
        kept.add(training::Completion::from_debrief(&packs, &scenario, &debrief, jiff::Zoned::now().datetime()));
        if let Err(e) = kept.save(path) {
            eprintln!("{e}");
            return BAD_INPUT;
        }
        println!("Added to the training record {}.", path.display());
    }
    0
}

/// The narrative, then the walk from the scenario's context; `None` if the trainee quits.
fn train(packs: &PackSet, scenario: &Scenario, ui: &mut dyn Ui) -> std::io::Result<Option<WalkResult>> {
    let agency = scenario.facts().get(pathway::contract::AGENCY).map(String::as_str).unwrap_or_default();
    let agency = packs.fact(pathway::contract::AGENCY).map_or(agency, |f| f.value_label(agency));
    let mut intro = format!(
        "TRAINING: nothing you answer is saved as a case record.\n\n{}\n\nYou are: {agency}\nIt is {}.\n",
        scenario.title,
        training::clock_text(scenario.clock)
    );
    for stage in &scenario.stages {
        intro.push_str(&format!("\n{}\n{}\n", stage.title, stage.text));
    }
    match ui.choose(&intro, None, &["Start the walk".to_string()], 0, false)? {
        Choice::Pick(_) => {}
        _ => return Ok(None),
    }
    let mut walk = match Walk::start(packs, scenario.context(packs)) {
        Ok(w) => w,
        Err(e) => return Err(std::io::Error::other(e.to_string())),
    };
    loop {
        let view = walk.screen(packs);
        let heading = format!("Training: {}\nScreen {} of at most {}", scenario.title, view.step, view.step + view.at_most_remaining);
        let answers = match &view.screen {
            Screen::Finished => return Ok(Some(walk.result(packs))),
            Screen::Question { title, help, fact, options, .. } => {
                let labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
                let selected = options.iter().position(|o| o.previous).unwrap_or(0);
                match ui.choose(&format!("{heading}\n\n{title}"), help.as_deref(), &labels, selected, view.can_go_back)? {
                    Choice::Pick(i) => Facts::from([(fact.clone(), options[i].value.clone())]),
                    Choice::Back => {
                        walk.back(packs);
                        continue;
                    }
                    Choice::Quit => return Ok(None),
                }
            }
            Screen::Checklist { title, help, items, .. } => {
                let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
                match ui.tick(&format!("{heading}\n\n{title}"), help.as_deref(), &labels, items.iter().map(|i| i.checked).collect(), view.can_go_back)? {
                    Ticks::Done(ticked) => items.iter().zip(ticked).map(|(i, t)| (i.fact.clone(), if t { "yes" } else { "no" }.to_string())).collect(),
                    Ticks::Back => {
                        walk.back(packs);
                        continue;
                    }
                    Ticks::Quit => return Ok(None),
                }
            }
        };
        if let Err(e) = walk.answer(packs, &answers) {
            ui.show(&format!("That answer could not be used: {e}"))?;
        }
    }
}
