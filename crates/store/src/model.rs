//! The record as data. The store knows the engine's walk only in this shape, so the
//! engine can change without a schema change, and an old record still reads.
//!
//! `Debug` on every type that holds practitioner text prints ids and counts only, so a
//! stray `{:?}` in a log line or a panic message cannot leak a note or a reference.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A record's number: positive, never reused after a purge.
pub type RecordId = i64;

/// One screen of the walk and the answer given.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    /// The pathway node's id.
    pub node: String,
    /// The fact the screen asked, if it asked one.
    pub fact: Option<String>,
    /// The answer's value, as the pack names it.
    pub answer: Option<String>,
    /// The question (or action title) as shown, so the record reads without the pack.
    pub question: Option<String>,
    /// The answer as shown ("Yes, today"), when it differs from the value.
    #[serde(default)]
    pub answer_label: Option<String>,
}

/// A pack by name and version, as it was when the walk was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    pub name: String,
    pub version: String,
}

/// What the practitioner saves at the end of a walk.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct NewRecord {
    /// Pseudonymous: never required to hold a name (the app says so). May be empty.
    pub reference: String,
    pub agency: String,
    /// The national pack.
    pub pack: PackRef,
    /// Local packs laid over it, in order.
    #[serde(default)]
    pub local_packs: Vec<PackRef>,
    pub walk: Vec<PathStep>,
    /// Outcome ids, in the order they were shown.
    pub outcomes: Vec<String>,
    /// Outcome titles as shown, by id, so an export reads without the pack.
    #[serde(default)]
    pub outcome_titles: BTreeMap<String, String>,
    /// Contact ids shown, in order.
    pub contacts: Vec<String>,
    pub notes: String,
}

/// A referral: when it was made and who it went to.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub date: Date,
    pub to: String,
    /// When it was recorded in the app.
    pub recorded: Timestamp,
}

/// Text added to a record after it was saved.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentKind {
    /// Written by the practitioner.
    Note,
    /// Written by the store when a referral was marked.
    Referral,
}

/// An amendment as kept: appended, timed, never changed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmendmentEntry {
    pub at: Timestamp,
    pub kind: AmendmentKind,
    pub text: String,
}

/// One tick or untick of an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickEvent {
    pub outcome: String,
    pub ticked: bool,
    pub at: Timestamp,
}

/// A saved record with its history.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: RecordId,
    pub reference: String,
    pub agency: String,
    pub pack: PackRef,
    pub local_packs: Vec<PackRef>,
    pub walk: Vec<PathStep>,
    pub outcomes: Vec<String>,
    pub outcome_titles: BTreeMap<String, String>,
    pub contacts: Vec<String>,
    pub notes: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub referral: Option<Referral>,
    /// Oldest first.
    pub amendments: Vec<AmendmentEntry>,
    /// Every tick and untick, oldest first; see [`Record::ticked`] for the state.
    pub ticks: Vec<TickEvent>,
}

impl Record {
    /// The actions ticked now, each with the time it was (last) ticked.
    pub fn ticked(&self) -> BTreeMap<&str, Timestamp> {
        let mut state = BTreeMap::new();
        for t in &self.ticks {
            if t.ticked {
                state.insert(t.outcome.as_str(), t.at);
            } else {
                state.remove(t.outcome.as_str());
            }
        }
        state
    }

    /// An outcome's title as shown, or its id.
    pub fn outcome_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.outcome_titles.get(id).map_or(id, String::as_str)
    }
}

/// A line of the records list.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSummary {
    pub id: RecordId,
    pub reference: String,
    pub agency: String,
    pub pack: PackRef,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub referral: Option<Referral>,
}

/// The result of [`crate::Store::verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// True when every check passed.
    pub ok: bool,
    pub records: u64,
    pub schema: i64,
    /// What failed, in SQLite's words (page numbers and table names, no content).
    pub problems: Vec<String>,
}

// Redacted `Debug`: ids, counts and times only.

impl fmt::Debug for PathStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PathStep").field("node", &self.node).field("fact", &self.fact).finish_non_exhaustive()
    }
}

impl fmt::Debug for NewRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewRecord")
            .field("pack", &self.pack)
            .field("steps", &self.walk.len())
            .field("outcomes", &self.outcomes)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("id", &self.id)
            .field("pack", &self.pack)
            .field("steps", &self.walk.len())
            .field("outcomes", &self.outcomes)
            .field("amendments", &self.amendments.len())
            .field("created", &self.created)
            .field("updated", &self.updated)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RecordSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordSummary").field("id", &self.id).field("updated", &self.updated).finish_non_exhaustive()
    }
}

impl fmt::Debug for Referral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Referral").field("date", &self.date).finish_non_exhaustive()
    }
}

impl fmt::Debug for Amendment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Amendment").field("chars", &self.text.chars().count()).finish_non_exhaustive()
    }
}

impl fmt::Debug for AmendmentEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AmendmentEntry").field("at", &self.at).field("kind", &self.kind).finish_non_exhaustive()
    }
}
