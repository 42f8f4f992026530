//! The checked, resolved pack set that walks run over. Built only by `check`, so every
//! reference in it is known to resolve and the graph is known to be a rooted DAG.

use crate::due::Due;
use crate::format::{ContactKind, NodeKind};
use crate::hours::OfficeHours;
use petgraph::graph::DiGraph;
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct PackInfo {
    pub id: String,
    pub name: String,
    pub publisher: String,
    pub version: String,
    /// `YYYY-MM-DD`.
    pub review_by: String,
    /// `YYYY-MM-DD`, if set: after it, the pack's contacts may be out of date (still shown).
    pub expires: Option<String>,
    pub description: Option<String>,
    pub overlays: Option<String>,
    pub example: bool,
    pub dir: PathBuf,
}

impl PackInfo {
    /// True when the pack's review-by date is before `today`: the app warns.
    pub fn review_overdue(&self, today: jiff::civil::Date) -> bool {
        self.review_by.parse::<jiff::civil::Date>().is_ok_and(|d| d < today)
    }

    /// True when the pack's expiry date is before `today`: every contact from it may be
    /// out of date. A pack without `expires` never expires.
    pub fn expired(&self, today: jiff::civil::Date) -> bool {
        self.expires.as_deref().and_then(|e| e.parse::<jiff::civil::Date>().ok()).is_some_and(|d| d < today)
    }

    /// True when the review-by date or the expiry date has passed (a warning, never a
    /// reason to refuse the pack).
    pub fn stale(&self, today: jiff::civil::Date) -> bool {
        self.review_overdue(today) || self.expired(today)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceDef {
    pub id: String,
    pub title: String,
    /// Which edition is cited, e.g. "2023 edition, published 15 December 2023, updated
    /// 23 February 2024": guidance is revised, and a citation means one version of it.
    pub edition: String,
    pub file: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactDef {
    pub id: String,
    pub label: String,
    pub values: Vec<String>,
    pub context: bool,
    pub default: Option<String>,
    pub value_labels: BTreeMap<String, String>,
    pub sources: Vec<String>,
}

impl FactDef {
    pub fn value_label<'a>(&'a self, value: &'a str) -> &'a str {
        self.value_labels.get(value).map_or(value, String::as_str)
    }
}

/// A guard: every fact must take one of its listed values.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Condition(pub Vec<(String, Vec<String>)>);

impl Condition {
    pub fn facts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(f, _)| f.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeContactDef {
    pub contact: String,
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeDef {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub timescale: String,
    pub due: Due,
    pub steps: Vec<String>,
    pub tell_family: Option<String>,
    pub record: Option<String>,
    pub if_no_response: Option<String>,
    pub advice: Option<String>,
    pub contacts: Vec<OutcomeContactDef>,
    /// Changes in the law or guidance that are coming.
    pub coming_in: Vec<ComingInDef>,
    pub sources: Vec<String>,
}

/// A change in the law or guidance that is coming (`[[outcome.coming_in]]`,
/// `[[agency.coming_in]]`): the Act or guidance, what will change, and its citations.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ComingInDef {
    pub title: String,
    pub text: String,
    pub sources: Vec<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct NumberDef {
    pub label: String,
    pub value: String,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ContactDef {
    pub id: String,
    pub name: String,
    pub kind: ContactKind,
    pub description: Option<String>,
    pub hours: Option<String>,
    pub placeholder: bool,
    pub example: bool,
    pub numbers: Vec<NumberDef>,
    pub sources: Vec<String>,
    /// The id of the pack that supplied it (a local pack's overrides the national placeholder).
    pub pack: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerDef {
    pub value: String,
    pub label: String,
    pub help: Option<String>,
    pub next: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemDef {
    pub fact: String,
    pub label: String,
    pub help: Option<String>,
    /// The item is shown only when this holds; otherwise it is answered "no" unseen.
    pub when: Option<Condition>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteDef {
    pub when: Option<Condition>,
    pub to: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeDef {
    pub id: String,
    pub kind: NodeKind,
    pub title: String,
    pub help: Option<String>,
    pub sources: Vec<String>,
    pub fact: Option<String>,
    pub answers: Vec<AnswerDef>,
    pub items: Vec<ItemDef>,
    pub outcome: Option<String>,
    /// For an action: the outcome is taken only when this holds.
    pub when: Option<Condition>,
    pub text: Option<String>,
    pub routes: Vec<RouteDef>,
}

impl NodeDef {
    /// The facts this node's screen asks (none for actions and the end).
    pub fn asks(&self) -> Vec<&str> {
        match self.kind {
            NodeKind::Question => self.fact.as_deref().into_iter().collect(),
            NodeKind::Checklist => self.items.iter().map(|i| i.fact.as_str()).collect(),
            NodeKind::Action | NodeKind::End => Vec::new(),
        }
    }
    /// Whether this screen asks `fact` (as `asks`, without building a list).
    pub fn asks_fact(&self, fact: &str) -> bool {
        match self.kind {
            NodeKind::Question => self.fact.as_deref() == Some(fact),
            NodeKind::Checklist => self.items.iter().any(|i| i.fact == fact),
            NodeKind::Action | NodeKind::End => false,
        }
    }
    pub fn is_screen(&self) -> bool {
        matches!(self.kind, NodeKind::Question | NodeKind::Checklist)
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct AgencySectionDef {
    pub heading: String,
    pub text: String,
    pub sources: Vec<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct AgencyDef {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub sections: Vec<AgencySectionDef>,
    /// Changes in the law or guidance that are coming for this agency.
    pub coming_in: Vec<ComingInDef>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct TextBlock {
    pub text: String,
    pub sources: Vec<String>,
    pub pack: String,
}

/// A national pack with its local packs laid over it, checked and ready to walk.
#[derive(Debug, Clone)]
pub struct PackSet {
    pub(crate) packs: Vec<PackInfo>,
    pub(crate) sources: BTreeMap<String, SourceDef>,
    pub(crate) facts: Vec<FactDef>,
    pub(crate) fact_index: HashMap<String, usize>,
    pub(crate) outcomes: Vec<OutcomeDef>,
    pub(crate) outcome_index: HashMap<String, usize>,
    pub(crate) contacts: Vec<ContactDef>,
    pub(crate) contact_index: HashMap<String, usize>,
    pub(crate) nodes: Vec<NodeDef>,
    pub(crate) node_index: HashMap<String, usize>,
    /// Node weights are indexes into `nodes`; graph index i is node i.
    pub(crate) graph: DiGraph<usize, ()>,
    pub(crate) start: usize,
    pub(crate) agencies: Vec<AgencyDef>,
    pub(crate) office_hours: Option<OfficeHours>,
    pub(crate) escalation: Option<TextBlock>,
    pub(crate) additions: HashMap<String, Vec<TextBlock>>,
    /// Per node, the most screens any path from it to the end still asks.
    pub(crate) screens_after: Vec<usize>,
}

impl PackSet {
    /// The national pack first, then the local packs in the order given.
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }
    pub fn national(&self) -> &PackInfo {
        &self.packs[0]
    }
    pub fn locals(&self) -> &[PackInfo] {
        &self.packs[1..]
    }
    pub fn sources(&self) -> impl Iterator<Item = &SourceDef> {
        self.sources.values()
    }
    pub fn source(&self, id: &str) -> Option<&SourceDef> {
        self.sources.get(id)
    }
    pub fn facts(&self) -> &[FactDef] {
        &self.facts
    }
    pub fn fact(&self, id: &str) -> Option<&FactDef> {
        self.fact_index.get(id).map(|&i| &self.facts[i])
    }
    /// In the order the pack declares them, which is the order they are shown.
    pub fn outcomes(&self) -> &[OutcomeDef] {
        &self.outcomes
    }
    pub fn outcome(&self, id: &str) -> Option<&OutcomeDef> {
        self.outcome_index.get(id).map(|&i| &self.outcomes[i])
    }
    pub(crate) fn outcome_rank(&self, id: &str) -> usize {
        self.outcome_index.get(id).copied().unwrap_or(usize::MAX)
    }
    /// National contacts, with local packs' contacts in place of the national placeholders.
    pub fn contacts(&self) -> &[ContactDef] {
        &self.contacts
    }
    pub fn contact(&self, id: &str) -> Option<&ContactDef> {
        self.contact_index.get(id).map(|&i| &self.contacts[i])
    }
    pub fn nodes(&self) -> &[NodeDef] {
        &self.nodes
    }
    pub fn node(&self, id: &str) -> Option<&NodeDef> {
        self.node_index.get(id).map(|&i| &self.nodes[i])
    }
    pub fn start(&self) -> &NodeDef {
        &self.nodes[self.start]
    }
    pub fn graph(&self) -> &DiGraph<usize, ()> {
        &self.graph
    }
    pub fn agencies(&self) -> &[AgencyDef] {
        &self.agencies
    }
    pub fn office_hours(&self) -> Option<&OfficeHours> {
        self.office_hours.as_ref()
    }
    pub fn escalation(&self) -> Option<&TextBlock> {
        self.escalation.as_ref()
    }
    pub fn additions(&self, outcome: &str) -> &[TextBlock] {
        self.additions.get(outcome).map_or(&[], Vec::as_slice)
    }
    pub fn screens_after(&self, node: usize) -> usize {
        self.screens_after[node]
    }
    /// Facts the app must supply before a walk (agency, out of hours).
    pub fn context_facts(&self) -> impl Iterator<Item = &FactDef> {
        self.facts.iter().filter(|f| f.context)
    }
}

/// For each node, the most screens a path from it to the end asks (not counting itself).
pub(crate) fn longest_screens(graph: &DiGraph<usize, ()>, nodes: &[NodeDef]) -> Vec<usize> {
    let order = petgraph::algo::toposort(graph, None).expect("checked acyclic");
    let mut after = vec![0; nodes.len()];
    for n in order.into_iter().rev() {
        after[n.index()] = graph.edges(n).map(|e| after[e.target().index()] + usize::from(nodes[e.target().index()].is_screen())).max().unwrap_or(0);
    }
    after
}
