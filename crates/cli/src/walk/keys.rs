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

/// A number typed a digit at a time to pick one of `len` options (numbered from 1). On a
/// list of nine or fewer each digit is a whole number; on a longer list a digit that
/// could begin a longer option number waits for the next key ("1" of 21 options may be
/// 1, or 10 to 19): another digit makes the number, and any other key ends it.
#[derive(Debug, Default)]
pub(crate) struct TypedNumber {
    /// The number typed so far; 0 when none.
    value: usize,
}

/// What a typed digit comes to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Typed {
    /// The number is whole (no further digit could make an option's number): this option.
    Chosen(usize),
    /// A longer number may follow: this option so far, to put the cursor on.
    Pending(usize),
    /// No option has this number; what was typed is forgotten.
    Invalid,
}

impl TypedNumber {
    pub(crate) fn push(&mut self, digit: usize, len: usize) -> Typed {
        let value = self.value * 10 + digit;
        self.value = 0;
        if value == 0 || value > len {
            return Typed::Invalid;
        }
        if value * 10 > len {
            return Typed::Chosen(value - 1);
        }
        self.value = value;
        Typed::Pending(value - 1)
    }

    /// Forgets a number part-typed (any key but a digit ends it).
    pub(crate) fn clear(&mut self) {
        self.value = 0;
    }
}

fn digit(k: &KeyEvent) -> Option<usize> {
    match k.code {
        KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize),
        _ => None,
    }
}

impl Ui for KeyUi {
    fn choose(&mut self, title: &str, help: Option<&str>, options: &[String], selected: usize, can_go_back: bool) -> std::io::Result<Choice> {
        let _raw = RawMode::on()?;
        let lines: Vec<String> = options.iter().enumerate().map(|(i, o)| format!("{}. {o}", i + 1)).collect();
        let footer = if can_go_back { "↑/↓ or a number, Enter to choose · b back · q quit" } else { "↑/↓ or a number, Enter to choose · q quit" };
        let mut at = selected.min(options.len().saturating_sub(1));
        let mut typed = TypedNumber::default();
        loop {
            draw(title, help, &lines, at, footer)?;
            let k = key()?;
            if let Some(d) = digit(&k) {
                match typed.push(d, options.len()) {
                    Typed::Chosen(i) => return Ok(Choice::Pick(i)),
                    Typed::Pending(i) => at = i,
                    Typed::Invalid => {}
                }
                continue;
            }
            typed.clear();
            match k.code {
                _ if is_quit(&k) => return Ok(Choice::Quit),
                KeyCode::Up => at = at.saturating_sub(1),
                KeyCode::Down => at = (at + 1).min(options.len() - 1),
                KeyCode::Enter => return Ok(Choice::Pick(at)),
                KeyCode::Char('b') | KeyCode::Backspace if can_go_back => return Ok(Choice::Back),
                _ => {}
            }
        }
    }

    fn tick(&mut self, title: &str, help: Option<&str>, items: &[String], mut ticked: Vec<bool>, can_go_back: bool) -> std::io::Result<Ticks> {
        let _raw = RawMode::on()?;
        let footer = if can_go_back {
            "↑/↓ move · Space or a number ticks · Enter when done · b back · q quit"
        } else {
            "↑/↓ move · Space or a number ticks · Enter when done · q quit"
        };
        let mut at = 0;
        let mut typed = TypedNumber::default();
        loop {
            let lines: Vec<String> =
                items.iter().zip(&ticked).enumerate().map(|(i, (item, t))| format!("[{}] {}. {item}", if *t { "x" } else { " " }, i + 1)).collect();
            draw(title, help, &lines, at, footer)?;
            let k = key()?;
            // A whole number ticks its item; part of one moves the cursor there, where
            // Space ticks it.
            if let Some(d) = digit(&k) {
                match typed.push(d, items.len()) {
                    Typed::Chosen(i) => {
                        ticked[i] = !ticked[i];
                        at = i;
                    }
                    Typed::Pending(i) => at = i,
                    Typed::Invalid => {}
                }
                continue;
            }
            typed.clear();
            match k.code {
                _ if is_quit(&k) => return Ok(Ticks::Quit),
                KeyCode::Up => at = at.saturating_sub(1),
                KeyCode::Down => at = (at + 1).min(items.len() - 1),
                KeyCode::Char(' ') => ticked[at] = !ticked[at],
                KeyCode::Enter => return Ok(Ticks::Done(ticked)),
                KeyCode::Char('b') | KeyCode::Backspace if can_go_back => return Ok(Ticks::Back),
                _ => {}
            }
        }
    }

    fn show(&mut self, text: &str) -> std::io::Result<()> {
        execute!(std::io::stdout(), Clear(ClearType::All), cursor::MoveTo(0, 0))?;
        println!("{text}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Typed, TypedNumber};

    /// What typing `digits` on a list of `len` comes to, digit by digit.
    fn typing(digits: &str, len: usize) -> Vec<Typed> {
        let mut typed = TypedNumber::default();
        digits.chars().map(|c| typed.push(c.to_digit(10).unwrap() as usize, len)).collect()
    }

    #[test]
    fn on_nine_or_fewer_options_each_digit_chooses_at_once() {
        assert_eq!(typing("1", 2), [Typed::Chosen(0)]);
        assert_eq!(typing("9", 9), [Typed::Chosen(8)]);
        assert_eq!(typing("3", 2), [Typed::Invalid]);
        assert_eq!(typing("0", 9), [Typed::Invalid]);
    }

    #[test]
    fn nineteen_on_the_agency_list_is_the_nineteenth_not_the_first() {
        // The agency list has 21 options.
        assert_eq!(typing("19", 21), [Typed::Pending(0), Typed::Chosen(18)]);
        assert_eq!(typing("21", 21), [Typed::Pending(1), Typed::Chosen(20)]);
        assert_eq!(typing("10", 21), [Typed::Pending(0), Typed::Chosen(9)]);
    }

    #[test]
    fn a_digit_no_longer_number_can_follow_chooses_at_once() {
        assert_eq!(typing("3", 21), [Typed::Chosen(2)]);
        assert_eq!(typing("2", 14), [Typed::Chosen(1)]);
        assert_eq!(typing("1", 14), [Typed::Pending(0)]);
        assert_eq!(typing("14", 14), [Typed::Pending(0), Typed::Chosen(13)]);
    }

    #[test]
    fn a_number_past_the_list_is_forgotten_and_typing_starts_again() {
        assert_eq!(typing("22", 21), [Typed::Pending(1), Typed::Invalid]);
        assert_eq!(typing("153", 14), [Typed::Pending(0), Typed::Invalid, Typed::Chosen(2)]);
        // After a whole number, the next digit starts a new one.
        assert_eq!(typing("193", 21), [Typed::Pending(0), Typed::Chosen(18), Typed::Chosen(2)]);
    }

    #[test]
    fn any_other_key_ends_a_part_typed_number() {
        let mut typed = TypedNumber::default();
        assert_eq!(typed.push(1, 21), Typed::Pending(0));
        typed.clear();
        assert_eq!(typed.push(9, 21), Typed::Chosen(8));
    }
}
