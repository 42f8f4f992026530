//! Line by line: print the screen, read a number, `b` or `q`.

use super::{Choice, Ticks, Ui};
use std::io::{BufRead, Write};

pub struct LineUi {
    input: std::io::StdinLock<'static>,
}

impl LineUi {
    pub fn new() -> Self {
        LineUi { input: std::io::stdin().lock() }
    }

    /// The next line, or `None` at the end of input.
    fn read(&mut self) -> std::io::Result<Option<String>> {
        let mut line = String::new();
        Ok((self.input.read_line(&mut line)? > 0).then(|| line.trim().to_lowercase()))
    }
}

fn header(title: &str, help: Option<&str>) {
    println!("\n{title}");
    if let Some(help) = help {
        println!("  Why we ask: {help}");
    }
}

fn keys_hint(can_go_back: bool) -> &'static str {
    if can_go_back {
        "b = back, q = quit"
    } else {
        "q = quit"
    }
}

impl Ui for LineUi {
    fn choose(&mut self, title: &str, help: Option<&str>, options: &[String], _selected: usize, can_go_back: bool) -> std::io::Result<Choice> {
        header(title, help);
        for (i, o) in options.iter().enumerate() {
            println!("  {}. {o}", i + 1);
        }
        loop {
            print!("Type a number ({}): ", keys_hint(can_go_back));
            std::io::stdout().flush()?;
            let Some(line) = self.read()? else { return Ok(Choice::Quit) };
            match line.as_str() {
                "q" => return Ok(Choice::Quit),
                "b" if can_go_back => return Ok(Choice::Back),
                n => match n.parse::<usize>() {
                    Ok(n) if (1..=options.len()).contains(&n) => return Ok(Choice::Pick(n - 1)),
                    _ => println!("Please type a number from 1 to {}.", options.len()),
                },
            }
        }
    }

    fn tick(&mut self, title: &str, help: Option<&str>, items: &[String], ticked: Vec<bool>, can_go_back: bool) -> std::io::Result<Ticks> {
        header(title, help);
        for (i, item) in items.iter().enumerate() {
            let mark = if ticked[i] { "x" } else { " " };
            println!("  [{mark}] {}. {item}", i + 1);
        }
        loop {
            print!("Type the numbers that apply, e.g. 1,3, or 0 for none ({}): ", keys_hint(can_go_back));
            std::io::stdout().flush()?;
            let Some(line) = self.read()? else { return Ok(Ticks::Quit) };
            match line.as_str() {
                "q" => return Ok(Ticks::Quit),
                "b" if can_go_back => return Ok(Ticks::Back),
                "0" | "none" => return Ok(Ticks::Done(vec![false; items.len()])),
                list => {
                    let picked: Option<Vec<usize>> =
                        list.split([',', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse::<usize>().ok().filter(|n| (1..=items.len()).contains(n))).collect();
                    match picked {
                        Some(picked) if !picked.is_empty() => return Ok(Ticks::Done((1..=items.len()).map(|n| picked.contains(&n)).collect())),
                        _ => println!("Please type numbers from 1 to {}, separated by commas, or 0 for none.", items.len()),
                    }
                }
            }
        }
    }

    fn show(&mut self, text: &str) -> std::io::Result<()> {
        println!("\n{text}");
        Ok(())
    }
}
