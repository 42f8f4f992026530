//! Problems found in a pack, each pointing at a file, line and column and naming the rule.

use std::fmt;
use std::path::{Path, PathBuf};

/// Declares the rules: the enum, every rule in order, and each one's name.
macro_rules! rules {
    ($($rule:ident => $name:literal,)*) => {
        /// The rule a problem breaks. The kebab-case name is what authors see and search for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($rule,)*
        }

        impl Rule {
            /// Every rule, in declaration order (`docs/pack-format.md` documents each).
            pub const ALL: &'static [Rule] = &[$(Rule::$rule,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$rule => $name,)*
                }
            }
        }
    };
}

rules! {
    Io => "io",
    MalformedToml => "malformed-toml",
    UnknownKey => "unknown-key",
    WrongType => "wrong-type",
    DuplicateId => "duplicate-id",
    MissingManifest => "missing-manifest",
    DuplicateManifest => "duplicate-manifest",
    UnknownNode => "unknown-node",
    UnknownFact => "unknown-fact",
    UnknownValue => "unknown-value",
    UnknownOutcome => "unknown-outcome",
    UnknownContact => "unknown-contact",
    UnknownSource => "unknown-source",
    UnknownAgency => "unknown-agency",
    MissingSource => "missing-source",
    UnreachableNode => "unreachable-node",
    DeadEnd => "dead-end",
    Cycle => "cycle",
    AnswersCoverValues => "answers-cover-values",
    DangerFirst => "danger-first",
    FactNotYetKnown => "fact-not-yet-known",
    ContextFactAsked => "context-fact-asked",
    ContractMissing => "contract-missing",
    ContractDefault => "contract-default",
    NotDramaNumber => "not-drama-number",
    OverlayChangesGraph => "overlay-changes-graph",
    OverlayReplacesNational => "overlay-replaces-national",
    OverlayUnknownPack => "overlay-unknown-pack",
    NoNationalPack => "no-national-pack",
    BadOfficeHours => "bad-office-hours",
    MissingDue => "missing-due",
    InvalidDue => "invalid-due",
    ContractDue => "contract-due",
    MissingEdition => "missing-edition",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where in a pack a problem is. Lines and columns count from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn file_start(file: &Path) -> Self {
        Location { file: file.to_path_buf(), line: 1, column: 1 }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub rule: Rule,
    pub message: String,
    /// What the author can do about it.
    pub hint: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location, self.rule, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Every problem found while loading packs; loading fails if there is at least one.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the pathway packs", .0.len())]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, location: Location, rule: Rule, message: impl Into<String>, hint: impl Into<String>) {
        self.0.push(Diagnostic { location, rule, message: message.into(), hint: hint.into() });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
    /// Sorted by file and position, so the report reads top to bottom.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.location, a.rule).cmp(&(&b.location, b.rule)));
        self.0.dedup();
        self
    }
    pub fn has_rule(&self, rule: Rule) -> bool {
        self.0.iter().any(|d| d.rule == rule)
    }
}
