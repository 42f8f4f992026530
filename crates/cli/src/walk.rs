//! `pathways walk`: the app's walk in a terminal, for trainers and headless use.
//! On a terminal, arrow keys (or numbers) choose and `b` goes back; piped, it reads
//! one line per screen (a number, `b` or `q`), which is also how it is tested.

pub(crate) mod keys;
pub(crate) mod lines;

use crate::output::{load_packs, pack_dirs};
use pathway::{contract, Facts, PackSet, Screen, Walk};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct WalkArgs {
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
    /// Your organisation (e.g. school, health, police); asked if not given.
    #[arg(long)]
    agency: Option<String>,
    /// Whether the local front door is closed now; worked out from the local pack's
    /// office hours and the clock if not given, or asked.
    #[arg(long, value_parser = ["yes", "no"])]
    out_of_hours: Option<String>,
    /// Read numbered answers line by line even on a terminal.
    #[arg(long)]
    plain: bool,
}

pub enum Choice {
    Pick(usize),
    Back,
    Quit,
}

pub enum Ticks {
    Done(Vec<bool>),
    Back,
    Quit,
}

/// One screen of the walk, however it is shown.
pub trait Ui {
    fn choose(&mut self, title: &str, help: Option<&str>, options: &[String], selected: usize, can_go_back: bool) -> std::io::Result<Choice>;
    fn tick(&mut self, title: &str, help: Option<&str>, items: &[String], ticked: Vec<bool>, can_go_back: bool) -> std::io::Result<Ticks>;
    fn show(&mut self, text: &str) -> std::io::Result<()>;
}

pub fn run(args: WalkArgs) -> u8 {
    let packs = match load_packs(&pack_dirs(&args.packs)) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let interactive = !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let result = if interactive { walk(&packs, &args, &mut keys::KeyUi::new()) } else { walk(&packs, &args, &mut lines::LineUi::new()) };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pathways walk: {e}");
            2
        }
    }
}

fn walk(packs: &PackSet, args: &WalkArgs, ui: &mut dyn Ui) -> std::io::Result<u8> {
    let Some(context) = context(packs, args, ui)? else { return Ok(0) };
    let mut walk = match Walk::start(packs, context) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("pathways walk: {e}");
            return Ok(2);
        }
    };
    loop {
        let view = walk.screen(packs);
        let progress = format!("Screen {} of at most {}", view.step, view.step + view.at_most_remaining);
        let answers = match &view.screen {
            Screen::Finished => {
                ui.show(&pathway::summary::plain_text(packs, &walk.result(packs)))?;
                return Ok(0);
            }
            Screen::Question { title, help, fact, options, .. } => {
                let labels: Vec<String> = options.iter().map(|o| o.label.clone()).collect();
                let selected = options.iter().position(|o| o.previous).unwrap_or(0);
                match ui.choose(&format!("{progress}\n\n{title}"), help.as_deref(), &labels, selected, view.can_go_back)? {
                    Choice::Pick(i) => Facts::from([(fact.clone(), options[i].value.clone())]),
                    Choice::Back => {
                        walk.back(packs);
                        continue;
                    }
                    Choice::Quit => return Ok(0),
                }
            }
            Screen::Checklist { title, help, items, .. } => {
                let labels: Vec<String> = items.iter().map(|i| i.label.clone()).collect();
                match ui.tick(&format!("{progress}\n\n{title}"), help.as_deref(), &labels, items.iter().map(|i| i.checked).collect(), view.can_go_back)? {
                    Ticks::Done(ticked) => items.iter().zip(ticked).map(|(i, t)| (i.fact.clone(), if t { "yes" } else { "no" }.to_string())).collect(),
                    Ticks::Back => {
                        walk.back(packs);
                        continue;
                    }
                    Ticks::Quit => return Ok(0),
                }
            }
        };
        if let Err(e) = walk.answer(packs, &answers) {
            ui.show(&format!("That answer could not be used: {e}"))?;
        }
    }
}

/// Agency and out-of-hours: from the flags, the clock and office hours, or asked.
fn context(packs: &PackSet, args: &WalkArgs, ui: &mut dyn Ui) -> std::io::Result<Option<Facts>> {
    let mut facts = Facts::new();
    let agency = match &args.agency {
        Some(a) => a.clone(),
        None => {
            let Some(def) = packs.fact(contract::AGENCY) else { return Ok(Some(facts)) };
            let labels: Vec<String> = def.values.iter().map(|v| def.value_label(v).to_string()).collect();
            match ui.choose("Who do you work or volunteer for?", None, &labels, 0, false)? {
                Choice::Pick(i) => def.values[i].clone(),
                _ => return Ok(None),
            }
        }
    };
    facts.insert(contract::AGENCY.to_string(), agency);
    let now = jiff::Zoned::now().datetime();
    let out_of_hours = match (&args.out_of_hours, packs.out_of_hours_at(now)) {
        (Some(given), _) => given.clone(),
        (None, Some(closed)) => {
            let closed = if closed { "yes" } else { "no" };
            ui.show(&format!(
                "It is {}. The local front door is {} now (from the local pack's office hours).",
                now.strftime("%H:%M on %A"),
                if closed == "yes" { "closed" } else { "open" }
            ))?;
            closed.to_string()
        }
        (None, None) => match ui.choose(
            "Is your local children's social care front door open now (usually weekdays in office hours)?",
            None,
            &["Yes, it is open now".into(), "No, it is closed now".into()],
            0,
            false,
        )? {
            Choice::Pick(0) => "no".into(),
            Choice::Pick(_) => "yes".into(),
            _ => return Ok(None),
        },
    };
    facts.insert(contract::OUT_OF_HOURS.to_string(), out_of_hours);
    Ok(Some(facts))
}
