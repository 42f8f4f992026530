//! A problem in a scenario, placed at its file, line and column and naming its rule.

use serde::Serialize;
use std::fmt;

/// Where in a scenario file; lines and columns count from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One problem: `file:line:column: rule: message`, and what the author can do about it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The rule's kebab-case name, e.g. `unknown-node`.
    pub rule: String,
    pub message: String,
    pub hint: String,
}

impl Problem {
    pub(crate) fn new(at: Location, rule: &str, message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem { file: at.file, line: at.line, column: at.column, rule: rule.to_string(), message: message.into(), hint: hint.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.file, self.line, self.column, self.rule, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}
