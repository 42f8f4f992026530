//! On a terminal: arrow keys or numbers choose, Space ticks, Enter confirms, `b` goes
//! back, `q` quits. Raw mode is always restored, even on an error.

use super::{Choice, Ticks, Ui};
use crossterm::event::{read, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::terminal::{self, Clear, ClearType};
use crossterm::{cursor, execute, queue};
use std::io::Write;

pub struct KeyUi;

impl KeyUi {
    pub fn new() -> Self {
        KeyUi
    }
}

/// Raw mode for as long as it lives.
struct RawMode;

impl RawMode {
    fn on() -> std::io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

fn draw(title: &str, help: Option<&str>, lines: &[String], cursor_at: usize, footer: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    queue!(out, Clear(ClearType::All), cursor::MoveTo(0, 0))?;
    for line in title.lines() {
        queue!(out, Print(line), Print("\r\n"))?;
    }
    if let Some(help) = help {
        queue!(out, Print("\r\n"), SetAttribute(Attribute::Italic), Print(format!("Why we ask: {help}")), SetAttribute(Attribute::Reset), Print("\r\n"))?;
    }
    queue!(out, Print("\r\n"))?;
    for (i, line) in lines.iter().enumerate() {
        if i == cursor_at {
            queue!(out, SetAttribute(Attribute::Reverse), Print(format!("> {line}")), SetAttribute(Attribute::Reset), Print("\r\n"))?;
        } else {
            queue!(out, Print(format!("  {line}\r\n")))?;
        }
    }
    queue!(out, Print("\r\n"), SetAttribute(Attribute::Dim), Print(footer), SetAttribute(Attribute::Reset), Print("\r\n"))?;
    out.flush()
}

fn key() -> std::io::Result<KeyEvent> {
    loop {
        if let Event::Key(k) = read()? {
            if k.kind == KeyEventKind::Press {
                return Ok(k);
            }
        }
    }
}

fn is_quit(k: &KeyEvent) -> bool {
    matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL))
}

fn digit(k: &KeyEvent, len: usize) -> Option<usize> {
    match k.code {
        KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize).filter(|d| (1..=len).contains(d)).map(|d| d - 1),
        _ => None,
    }
}

impl Ui for KeyUi {
    fn choose(&mut self, title: &str, help: Option<&str>, options: &[String], selected: usize, can_go_back: bool) -> std::io::Result<Choice> {
        let _raw = RawMode::on()?;
        let lines: Vec<String> = options.iter().enumerate().map(|(i, o)| format!("{}. {o}", i + 1)).collect();
        let footer = if can_go_back { "↑/↓ or a number, Enter to choose · b back · q quit" } else { "↑/↓ or a number, Enter to choose · q quit" };
        let mut at = selected.min(options.len().saturating_sub(1));
        loop {
            draw(title, help, &lines, at, footer)?;
            let k = key()?;
            match k.code {
                _ if is_quit(&k) => return Ok(Choice::Quit),
                KeyCode::Up => at = at.saturating_sub(1),
                KeyCode::Down => at = (at + 1).min(options.len() - 1),
                KeyCode::Enter => return Ok(Choice::Pick(at)),
                KeyCode::Char('b') | KeyCode::Backspace if can_go_back => return Ok(Choice::Back),
                _ => {
                    if let Some(d) = digit(&k, options.len()) {
                        return Ok(Choice::Pick(d));
                    }
                }
            }
        }
    }

    fn tick(&mut self, title: &str, help: Option<&str>, items: &[String], mut ticked: Vec<bool>, can_go_back: bool) -> std::io::Result<Ticks> {
        let _raw = RawMode::on()?;
        let footer = if can_go_back { "↑/↓ move · Space or a number ticks · Enter when done · b back · q quit" } else { "↑/↓ move · Space or a number ticks · Enter when done · q quit" };
        let mut at = 0;
        loop {
            let lines: Vec<String> = items.iter().zip(&ticked).enumerate().map(|(i, (item, t))| format!("[{}] {}. {item}", if *t { "x" } else { " " }, i + 1)).collect();
            draw(title, help, &lines, at, footer)?;
            let k = key()?;
            match k.code {
                _ if is_quit(&k) => return Ok(Ticks::Quit),
                KeyCode::Up => at = at.saturating_sub(1),
                KeyCode::Down => at = (at + 1).min(items.len() - 1),
                KeyCode::Char(' ') => ticked[at] = !ticked[at],
                KeyCode::Enter => return Ok(Ticks::Done(ticked)),
                KeyCode::Char('b') | KeyCode::Backspace if can_go_back => return Ok(Ticks::Back),
                _ => {
                    if let Some(d) = digit(&k, items.len()) {
                        ticked[d] = !ticked[d];
                        at = d;
                    }
                }
            }
        }
    }

    fn show(&mut self, text: &str) -> std::io::Result<()> {
        execute!(std::io::stdout(), Clear(ClearType::All), cursor::MoveTo(0, 0))?;
        println!("{text}");
        Ok(())
    }
}
