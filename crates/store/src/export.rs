//! A record as a readable referral summary, in Markdown or plain text, for pasting
//! into a local authority's referral form or printing. Only what the record holds:
//! outcome titles as they were shown when saved, ids where no title was kept.

use crate::chain::ChainHead;
use crate::model::{ActionDue, AmendmentKind, Record};
use jiff::civil::DateTime;
use jiff::{tz::TimeZone, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `md`
    Markdown,
    /// `txt`
    Text,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "md" | "markdown" => Ok(Format::Markdown),
            "txt" | "text" => Ok(Format::Text),
            other => Err(format!("unknown format `{other}` (use md or txt)")),
        }
    }
}

/// The two formats differ only in headings and list marks.
struct Style {
    md: bool,
}

impl Style {
    fn title(&self, out: &mut String, text: &str) {
        if self.md {
            let _ = writeln!(out, "# {text}\n");
        } else {
            let _ = writeln!(out, "{text}\n{}\n", "=".repeat(text.chars().count()));
        }
    }
    fn heading(&self, out: &mut String, text: &str) {
        if self.md {
            let _ = writeln!(out, "\n## {text}\n");
        } else {
            let _ = writeln!(out, "\n{text}\n{}\n", "-".repeat(text.chars().count()));
        }
    }
    fn field(&self, out: &mut String, name: &str, value: &str) {
        if self.md {
            let _ = writeln!(out, "- **{name}:** {value}");
        } else {
            let _ = writeln!(out, "{name}: {value}");
        }
    }
    fn code(&self, id: &str) -> String {
        if self.md {
            format!("`{id}`")
        } else {
            id.to_string()
        }
    }
}

/// Minutes are enough for a human reader; UTC says so.
fn when(t: Timestamp) -> String {
    t.to_zoned(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// A deadline in words, with its year (a record is read long after): "17:00 on
/// Wednesday 2 December 2026". Local time, as the deadline is kept.
pub fn deadline_words(t: DateTime) -> String {
    t.strftime("%H:%M on %A %-d %B %Y").to_string()
}

/// When an action was due, as the record keeps it.
pub fn due_words(due: Option<&ActionDue>) -> String {
    match due {
        None => "due time not recorded".to_string(),
        Some(ActionDue { due, deadline: None }) if due == "none" => "no set time".to_string(),
        Some(ActionDue { due, deadline: Some(t) }) if due == "now" => format!("due at once (saved at {})", deadline_words(*t)),
        Some(ActionDue { deadline: Some(t), .. }) => format!("due by {}", deadline_words(*t)),
        Some(ActionDue { due, deadline: None }) => format!("due {due}"),
    }
}

/// The summary; `head` is the records file's chain head at the time of export.
pub fn render(record: &Record, format: Format, head: Option<&ChainHead>) -> String {
    let s = Style { md: format == Format::Markdown };
    let mut out = String::new();
    s.title(&mut out, &format!("Safeguarding record {}", record.id));

    let reference = if record.reference.is_empty() { "(none)" } else { &record.reference };
    s.field(&mut out, "Reference", reference);
    s.field(&mut out, "Agency", &record.agency);
    let mut packs = format!("{} {}", record.pack.name, record.pack.version);
    for p in &record.local_packs {
        let _ = write!(packs, "; {} {}", p.name, p.version);
    }
    s.field(&mut out, "Pathway", &packs);
    s.field(&mut out, "Created", &when(record.created));
    s.field(&mut out, "Updated", &when(record.updated));
    match &record.referral {
        Some(r) => s.field(&mut out, "Referral made", &format!("{} to {}", r.date, r.to)),
        None => s.field(&mut out, "Referral made", "no"),
    }

    s.heading(&mut out, "Actions");
    let ticked = record.ticked();
    if record.outcomes.is_empty() {
        out.push_str("(none)\n");
    }
    for id in &record.outcomes {
        let mark = match ticked.get(id.as_str()) {
            Some(at) => format!("[x] {} (done {})", record.outcome_title(id), when(*at)),
            None => format!("[ ] {}", record.outcome_title(id)),
        };
        let id_note = if record.outcome_titles.contains_key(id) { format!(" ({})", s.code(id)) } else { String::new() };
        let _ = writeln!(out, "- {mark}{id_note}: {}", due_words(record.due.get(id)));
    }

    s.heading(&mut out, "Contacts shown");
    if record.contacts.is_empty() {
        out.push_str("(none)\n");
    }
    for c in &record.contacts {
        let _ = writeln!(out, "- {}", s.code(c));
    }

    s.heading(&mut out, "Questions and answers");
    for (n, step) in record.walk.iter().enumerate() {
        let question = step.question.as_deref().unwrap_or(&step.node);
        let answer = step.answer_label.as_deref().or(step.answer.as_deref());
        match answer {
            Some(a) => {
                let _ = writeln!(out, "{}. {question} — {a}", n + 1);
            }
            None => {
                let _ = writeln!(out, "{}. {question}", n + 1);
            }
        }
    }

    s.heading(&mut out, "Notes");
    let notes = record.notes.trim();
    let _ = writeln!(out, "{}", if notes.is_empty() { "(none)" } else { notes });

    if !record.amendments.is_empty() {
        s.heading(&mut out, "Amendments");
        for a in &record.amendments {
            let kind = match a.kind {
                AmendmentKind::Note => "",
                AmendmentKind::Referral => " (referral)",
            };
            let _ = writeln!(out, "- {}{kind}: {}", when(a.at), a.text.trim());
        }
    }

    // What pins this summary to the file's history: `pathways records verify --head`
    // later says whether everything written up to now is still as it was.
    if let Some(head) = head {
        s.heading(&mut out, "Integrity");
        s.field(&mut out, "Chain head", &s.code(&head.to_string()));
    }
    out
}
