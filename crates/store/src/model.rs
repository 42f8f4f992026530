//! The record as data. The store knows the engine's walk only in this shape, so the
//! engine can change without a schema change, and an old record still reads.
//!
//! `Debug` on every type that holds practitioner text prints ids and counts only, so a
//! stray `{:?}` in a log line or a panic message cannot leak a note or a reference.

use jiff::civil::{Date, DateTime};
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
    /// When each action is due, by outcome id, worked out as the record is made.
    /// Every key must be one of `outcomes`; an action without one is "not recorded".
    #[serde(default)]
    pub due: BTreeMap<String, ActionDue>,
}

/// When one of a record's actions is due, as it was worked out when the record was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDue {
    /// The pack's word: `now`, `working-days:N`, `days:N` or `none` (contract version 2).
    pub due: String,
    /// The time it is due by, in the practitioner's local time, from the app's clock and
    /// the local pack's working days when saved; for `now`, the time it was saved; `None`
    /// for `none`. Kept to the second.
    pub deadline: Option<DateTime>,
}

impl ActionDue {
    /// Late at `now`: it has a deadline and `now` is past it.
    pub fn is_overdue(&self, now: DateTime) -> bool {
        self.deadline.is_some_and(|d| now > d)
    }
}

/// An action past its deadline and not ticked as done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueAction {
    pub outcome: String,
    /// Its title as shown when saved, or its id.
    pub title: String,
    pub due: String,
    pub deadline: DateTime,
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
    /// When each action is due, by outcome id; empty for a record saved before schema 3
    /// (its due times were not recorded).
    pub due: BTreeMap<String, ActionDue>,
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

    /// The actions past their deadline at `now` and not ticked, in the record's order.
    pub fn overdue(&self, now: DateTime) -> Vec<OverdueAction> {
        let ticked = self.ticked();
        self.outcomes
            .iter()
            .filter(|id| !ticked.contains_key(id.as_str()))
            .filter_map(|id| {
                let due = self.due.get(id).filter(|d| d.is_overdue(now))?;
                Some(OverdueAction { outcome: id.clone(), title: self.outcome_title(id).to_string(), due: due.due.clone(), deadline: due.deadline? })
            })
            .collect()
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
    /// True when every check passed, the chain included.
    pub ok: bool,
    pub records: u64,
    pub schema: i64,
    /// What failed, in words with page numbers, table names and ids, never content: the
    /// integrity checks' in SQLite's words, then the chain's first broken link.
    pub problems: Vec<String>,
    /// The tamper-evident chain: its length, its head, and its first broken link.
    pub chain: crate::chain::ChainReport,
}

// Redacted `Debug`: ids, counts and times only.

impl fmt::Debug for PathStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PathStep").field("node", &self.node).field("fact", &self.fact).finish_non_exhaustive()
    }
}

impl fmt::Debug for NewRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewRecord").field("pack", &self.pack).field("steps", &self.walk.len()).field("outcomes", &self.outcomes).finish_non_exhaustive()
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
