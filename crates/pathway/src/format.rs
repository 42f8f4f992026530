//! The serde types that mirror a pack's TOML files, exactly as written.
//!
//! Ids and references are `Spanned` so every later check can point at the line that
//! holds them. Unknown keys are found by `keys.rs`, which walks the parsed TOML tree
//! (a test checks it against `serde_ignored`), so every one is reported, not just the first. Nothing here is checked beyond TOML's own types: `check` does that.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

pub type Text = Spanned<String>;

/// One TOML file of a pack. Any file may hold any of these.
#[derive(Debug, Default, Deserialize)]
pub struct PackFile {
    pub pack: Option<Manifest>,
    #[serde(default)]
    pub source: Vec<Source>,
    #[serde(default)]
    pub fact: Vec<Fact>,
    #[serde(default)]
    pub outcome: Vec<Outcome>,
    #[serde(default)]
    pub contact: Vec<Contact>,
    #[serde(default)]
    pub node: Vec<Node>,
    #[serde(default)]
    pub agency: Vec<Agency>,
    pub office_hours: Option<OfficeHours>,
    pub escalation: Option<Escalation>,
    #[serde(default)]
    pub addition: Vec<Addition>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub id: Text,
    pub name: String,
    pub publisher: String,
    pub version: String,
    pub review_by: toml::value::Datetime,
    /// After this date every contact from the pack says it may be out of date.
    pub expires: Option<toml::value::Datetime>,
    pub start: Option<Text>,
    pub description: Option<String>,
    pub overlays: Option<Text>,
    #[serde(default)]
    pub example: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub id: Text,
    pub title: String,
    /// Which edition is cited; required, but optional here so a missing one is reported
    /// as `missing-edition`.
    pub edition: Option<String>,
    pub file: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Fact {
    pub id: Text,
    pub label: String,
    pub values: Vec<Text>,
    #[serde(default)]
    pub context: bool,
    pub default: Option<Text>,
    #[serde(default)]
    pub value_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub source: Vec<Text>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Outcome {
    pub id: Text,
    pub title: String,
    pub summary: String,
    pub timescale: String,
    /// When it is due (`now`, `working-days:N`, `days:N`, `none`); required, but optional
    /// here so a missing one is reported as `missing-due`, with its own hint.
    pub due: Option<Text>,
    #[serde(default)]
    pub steps: Vec<String>,
    pub tell_family: Option<String>,
    pub record: Option<String>,
    pub if_no_response: Option<String>,
    pub advice: Option<String>,
    #[serde(default)]
    pub contact: Vec<OutcomeContact>,
    #[serde(default)]
    pub coming_in: Vec<ComingIn>,
    #[serde(default)]
    pub source: Vec<Text>,
}

/// A change in the law or guidance that is coming: what will change, and its sources.
#[derive(Debug, Clone, Deserialize)]
pub struct ComingIn {
    /// The Act or guidance, e.g. "Children's Wellbeing and Schools Act 2026".
    pub title: Text,
    /// What will change, in plain English.
    pub text: String,
    #[serde(default)]
    pub source: Vec<Text>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OutcomeContact {
    pub id: Text,
    pub when: Option<Guard>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    National,
    Local,
    User,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Contact {
    pub id: Text,
    pub name: String,
    pub kind: ContactKind,
    pub description: Option<String>,
    pub hours: Option<String>,
    #[serde(default)]
    pub placeholder: bool,
    #[serde(default)]
    pub example: bool,
    #[serde(default)]
    pub number: Vec<Number>,
    #[serde(default)]
    pub source: Vec<Text>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Number {
    pub label: String,
    pub value: Text,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Question,
    Checklist,
    Action,
    End,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Node {
    pub id: Text,
    pub kind: NodeKind,
    pub title: String,
    pub help: Option<String>,
    #[serde(default)]
    pub source: Vec<Text>,
    /// question
    pub fact: Option<Text>,
    #[serde(default)]
    pub answer: Vec<Answer>,
    /// checklist
    #[serde(default)]
    pub item: Vec<Item>,
    /// action
    pub outcome: Option<Text>,
    /// action: take the outcome only when this holds; otherwise pass straight on.
    pub when: Option<Guard>,
    pub text: Option<String>,
    /// checklist and action: one next node, or guarded routes
    pub next: Option<Text>,
    #[serde(default)]
    pub route: Vec<Route>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    pub value: Text,
    pub label: String,
    pub help: Option<String>,
    pub next: Text,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    pub fact: Text,
    pub label: String,
    pub help: Option<String>,
    /// Shown only when this holds; otherwise answered "no" without being shown.
    pub when: Option<Guard>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Route {
    pub when: Option<Guard>,
    pub to: Text,
}

/// fact → one value or any of several.
pub type Guard = Spanned<BTreeMap<String, GuardValue>>;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum GuardValue {
    One(String),
    AnyOf(Vec<String>),
}

impl GuardValue {
    pub fn values(&self) -> Vec<&str> {
        match self {
            GuardValue::One(v) => vec![v.as_str()],
            GuardValue::AnyOf(vs) => vs.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Agency {
    pub id: Text,
    pub name: String,
    pub summary: String,
    #[serde(default)]
    pub section: Vec<AgencySection>,
    #[serde(default)]
    pub coming_in: Vec<ComingIn>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AgencySection {
    pub heading: Text,
    pub text: String,
    #[serde(default)]
    pub source: Vec<Text>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OfficeHours {
    pub monday: Option<[Text; 2]>,
    pub tuesday: Option<[Text; 2]>,
    pub wednesday: Option<[Text; 2]>,
    pub thursday: Option<[Text; 2]>,
    pub friday: Option<[Text; 2]>,
    pub saturday: Option<[Text; 2]>,
    pub sunday: Option<[Text; 2]>,
    #[serde(default)]
    pub closed_dates: Vec<toml::value::Datetime>,
    #[serde(default)]
    pub source: Vec<Text>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Escalation {
    pub text: String,
    #[serde(default)]
    pub source: Vec<Text>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Addition {
    pub outcome: Text,
    pub text: String,
    #[serde(default)]
    pub source: Vec<Text>,
}
