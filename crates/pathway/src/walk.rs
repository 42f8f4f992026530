//! Walking a pack one screen at a time: start, see the screen, answer, go back, result.
//!
//! A `Walk` holds only the trail of visited nodes and their answers; everything shown
//! is derived from it and the `PackSet`, so going back is just shortening the trail.

use crate::contract;
use crate::due::Due;
use crate::format::NodeKind;
use crate::model::{ContactDef, NodeDef, PackSet, TextBlock};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Fact id → value.
pub type Facts = BTreeMap<String, String>;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WalkError {
    #[error("the walk needs the fact `{fact}`, which was not given")]
    MissingFact { fact: String },
    #[error("`{value}` is not a value of `{fact}` (allowed: {})", allowed.join(", "))]
    InvalidValue { fact: String, value: String, allowed: Vec<String> },
    #[error("no fact `{fact}` in the pack")]
    UnknownFact { fact: String },
    #[error("`{fact}` is not asked on this screen")]
    NotOnScreen { fact: String },
    #[error("the walk has reached its end; there is nothing more to answer")]
    Finished,
}

/// One visited node and what was answered there.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Visit {
    node: usize,
    answers: Vec<(String, String)>,
    /// Facts whose default was used at this node.
    assumed: Vec<String>,
    /// For an action: whether its outcome was taken (its `when` held).
    taken: bool,
    /// Checklist items not shown (their guard did not hold), answered "no" unseen: in
    /// `answers`, so later guards know them, but not steps of the path.
    #[serde(default)]
    unseen: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Walk {
    context: Facts,
    trail: Vec<Visit>,
    at: usize,
    /// The answers last given on the current screen, shown when the user comes back to it.
    previous: Facts,
}

/// What the app shows now.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ScreenView {
    /// 1 for the first screen.
    pub step: usize,
    /// The most screens that may still follow this one, for a progress bar.
    pub at_most_remaining: usize,
    pub can_go_back: bool,
    pub screen: Screen,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Screen {
    Question { node: String, title: String, help: Option<String>, sources: Vec<Citation>, fact: String, options: Vec<OptionView> },
    Checklist { node: String, title: String, help: Option<String>, sources: Vec<Citation>, items: Vec<ItemView> },
    Finished,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub help: Option<String>,
    /// True when this was the answer given before the user went back.
    pub previous: bool,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub fact: String,
    pub label: String,
    pub help: Option<String>,
    pub checked: bool,
}

/// A citation with its source's title, for "why" and the summary.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Citation {
    pub cite: String,
    pub title: String,
    /// The source's edition (`None` only for a citation that names no source, or one
    /// saved before sources had editions).
    #[serde(default)]
    pub edition: Option<String>,
    pub file: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PathStep {
    pub node: String,
    pub kind: NodeKind,
    /// The screen's question, or the action's title.
    pub title: String,
    pub fact: Option<String>,
    pub answer: Option<String>,
    pub answer_label: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub timescale: String,
    /// When it is due; the app makes it a time with `Due::deadline`.
    pub due: Due,
    pub steps: Vec<String>,
    pub tell_family: Option<String>,
    pub record: Option<String>,
    pub if_no_response: Option<String>,
    pub advice: Option<String>,
    /// Text the action nodes passed add for this place in the path.
    pub notes: Vec<String>,
    /// Text local packs add.
    pub additions: Vec<TextBlock>,
    pub contacts: Vec<ContactDef>,
    /// Changes in the law or guidance that are coming.
    pub coming_in: Vec<ComingInView>,
    pub sources: Vec<Citation>,
}

/// A change coming in the law or guidance, with its citations resolved.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct ComingInView {
    /// The Act or guidance.
    pub title: String,
    /// What will change, in plain English.
    pub text: String,
    pub sources: Vec<Citation>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct WalkResult {
    pub finished: bool,
    pub path: Vec<PathStep>,
    /// In display order: `call-999` and `police-protection` first, then every outcome due
    /// `now`, then the rest; each group in the pack's declared order.
    pub outcomes: Vec<OutcomeView>,
    /// Contact ids, in the order the outcomes name them, each once.
    pub contacts: Vec<String>,
    /// Facts taken from their defaults.
    pub assumed: Vec<String>,
    /// Every fact known: context and answers.
    pub facts: Facts,
    /// Screens answered.
    pub screens: usize,
    /// Every node the walk went through, in order, with actions whose `when` did not
    /// hold and the node it is at now (for drawing the path).
    pub visited: Vec<String>,
}

impl Walk {
    /// Starts a walk. `context` must give every context fact without a default
    /// (for the national pack: `agency` and `out_of_hours`).
    pub fn start(packs: &PackSet, context: Facts) -> Result<Walk, WalkError> {
        for (fact, value) in &context {
            check_value(packs, fact, value)?;
        }
        let mut walk = Walk { context, trail: Vec::new(), at: packs.start, previous: Facts::new() };
        for fact in packs.context_facts() {
            if !walk.context.contains_key(&fact.id) && fact.default.is_none() {
                return Err(WalkError::MissingFact { fact: fact.id.clone() });
            }
        }
        walk.advance(packs)?;
        Ok(walk)
    }

    /// The node the walk is at: a screen, or the end.
    pub fn current<'p>(&self, packs: &'p PackSet) -> &'p NodeDef {
        &packs.nodes[self.at]
    }

    pub fn is_finished(&self, packs: &PackSet) -> bool {
        packs.nodes[self.at].kind == NodeKind::End
    }

    /// The value of a fact as the walk knows it now, and whether it came from a default.
    fn value<'a>(&'a self, packs: &'a PackSet, fact: &str) -> Option<(&'a str, bool)> {
        if let Some(v) = self.context.get(fact) {
            return Some((v, false));
        }
        let answered = self.trail.iter().rev().flat_map(|v| &v.answers).find(|(f, _)| f == fact);
        if let Some((_, v)) = answered {
            return Some((v, false));
        }
        packs.fact(fact).and_then(|f| f.default.as_deref()).map(|d| (d, true))
    }

    /// Moves on through action nodes until a screen or the end.
    fn advance(&mut self, packs: &PackSet) -> Result<(), WalkError> {
        while packs.nodes[self.at].kind == NodeKind::Action {
            let mut assumed = Vec::new();
            let taken = match &packs.nodes[self.at].when {
                None => true,
                Some(cond) => self.holds(packs, cond, &mut assumed)?,
            };
            self.trail.push(Visit { node: self.at, answers: Vec::new(), assumed, taken, unseen: Vec::new() });
            self.at = self.route(packs, self.at)?;
        }
        Ok(())
    }

    /// The first route of `node` whose guard holds; its assumed facts go on the last visit.
    fn route(&mut self, packs: &PackSet, node: usize) -> Result<usize, WalkError> {
        let mut assumed = Vec::new();
        let mut chosen = None;
        for route in &packs.nodes[node].routes {
            let holds = match &route.when {
                None => true,
                Some(cond) => self.holds(packs, cond, &mut assumed)?,
            };
            if holds {
                chosen = Some(route.to);
                break;
            }
        }
        if let Some(visit) = self.trail.last_mut() {
            visit.assumed.extend(assumed);
        }
        // The checker guarantees the last route has no guard.
        Ok(chosen.expect("checked: the last route is unguarded"))
    }

    fn holds(&self, packs: &PackSet, cond: &crate::model::Condition, assumed: &mut Vec<String>) -> Result<bool, WalkError> {
        for (fact, values) in &cond.0 {
            let (value, from_default) = self.value(packs, fact).ok_or_else(|| WalkError::MissingFact { fact: fact.clone() })?;
            if from_default {
                assumed.push(fact.clone());
            }
            if !values.iter().any(|v| v == value) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The facts the current screen asks: a question's fact, or the checklist items shown
    /// (those whose guard holds). Empty at the end.
    pub fn asks<'p>(&self, packs: &'p PackSet) -> Vec<&'p str> {
        let node = &packs.nodes[self.at];
        match node.kind {
            NodeKind::Checklist => node.items.iter().filter(|i| self.shown(packs, i, &mut Vec::new())).map(|i| i.fact.as_str()).collect(),
            _ => node.asks(),
        }
    }

    /// Whether a checklist item is shown: it has no guard, or its guard holds. The
    /// checker made sure the guard's facts are known here, so it cannot fail.
    fn shown(&self, packs: &PackSet, item: &crate::model::ItemDef, assumed: &mut Vec<String>) -> bool {
        item.when.as_ref().is_none_or(|cond| self.holds(packs, cond, assumed).unwrap_or(false))
    }

    /// Answers the current screen. A question needs its fact; a checklist takes its
    /// ticked items as "yes", any item shown but not given as "no", and any item not
    /// shown as "no" (giving one is `NotOnScreen`).
    pub fn answer(&mut self, packs: &PackSet, answers: &Facts) -> Result<(), WalkError> {
        let node = &packs.nodes[self.at];
        let asked = node.asks();
        if asked.is_empty() {
            return Err(WalkError::Finished);
        }
        let mut assumed = Vec::new();
        let unseen: Vec<String> = node.items.iter().filter(|i| !self.shown(packs, i, &mut assumed)).map(|i| i.fact.clone()).collect();
        if let Some(extra) = answers.keys().find(|f| !asked.contains(&f.as_str()) || unseen.contains(f)) {
            return Err(WalkError::NotOnScreen { fact: extra.clone() });
        }
        let mut given = Vec::new();
        for fact in &asked {
            let value = match (answers.get(*fact), node.kind) {
                (Some(v), _) => v.clone(),
                (None, NodeKind::Checklist) => "no".to_string(),
                (None, _) => return Err(WalkError::MissingFact { fact: fact.to_string() }),
            };
            check_value(packs, fact, &value)?;
            given.push((fact.to_string(), value));
        }
        let from = self.at;
        self.trail.push(Visit { node: from, answers: given, assumed, taken: true, unseen });
        let next = match node.kind {
            NodeKind::Question => {
                let value = &self.trail.last().expect("just pushed").answers[0].1;
                node.answers.iter().find(|a| &a.value == value).map(|a| a.next).expect("checked: answers cover values")
            }
            _ => self.route(packs, from).inspect_err(|_| {
                self.trail.pop();
            })?,
        };
        self.at = next;
        self.previous.clear();
        self.advance(packs)
    }

    /// Goes back to the previous screen. Returns false when already at the first.
    pub fn back(&mut self, packs: &PackSet) -> bool {
        let Some(last_screen) = self.trail.iter().rposition(|v| packs.nodes[v.node].is_screen()) else {
            return false;
        };
        let visit = self.trail[last_screen].clone();
        self.trail.truncate(last_screen);
        self.at = visit.node;
        self.previous = visit.answers.into_iter().collect();
        true
    }

    /// Goes back to the screen of `node_id`, earlier on this walk's path, to change its
    /// answer (the answers given there are kept to show). Returns false, changing
    /// nothing, when no earlier screen of the path has that id.
    pub fn back_to(&mut self, packs: &PackSet, node_id: &str) -> bool {
        let Some(i) = self.trail.iter().rposition(|v| packs.nodes[v.node].is_screen() && packs.nodes[v.node].id == node_id) else {
            return false;
        };
        let visit = self.trail[i].clone();
        self.trail.truncate(i);
        self.at = visit.node;
        self.previous = visit.answers.into_iter().collect();
        true
    }

    /// Number of screens answered so far.
    pub fn screens_answered(&self, packs: &PackSet) -> usize {
        self.trail.iter().filter(|v| packs.nodes[v.node].is_screen()).count()
    }

    pub fn screen(&self, packs: &PackSet) -> ScreenView {
        let node = &packs.nodes[self.at];
        let sources = citations(packs, &node.sources);
        let screen = match node.kind {
            NodeKind::Question => Screen::Question {
                node: node.id.clone(),
                title: node.title.clone(),
                help: node.help.clone(),
                sources,
                fact: node.fact.clone().unwrap_or_default(),
                options: node
                    .answers
                    .iter()
                    .map(|a| OptionView {
                        value: a.value.clone(),
                        label: a.label.clone(),
                        help: a.help.clone(),
                        previous: node.fact.as_ref().and_then(|f| self.previous.get(f)) == Some(&a.value),
                    })
                    .collect(),
            },
            NodeKind::Checklist => Screen::Checklist {
                node: node.id.clone(),
                title: node.title.clone(),
                help: node.help.clone(),
                sources,
                items: node
                    .items
                    .iter()
                    .filter(|i| self.shown(packs, i, &mut Vec::new()))
                    .map(|i| ItemView {
                        fact: i.fact.clone(),
                        label: i.label.clone(),
                        help: i.help.clone(),
                        checked: self.previous.get(&i.fact).is_some_and(|v| v == "yes"),
                    })
                    .collect(),
            },
            NodeKind::Action | NodeKind::End => Screen::Finished,
        };
        let is_screen = node.is_screen();
        ScreenView {
            step: self.screens_answered(packs) + usize::from(is_screen),
            at_most_remaining: packs.screens_after(self.at),
            can_go_back: self.trail.iter().any(|v| packs.nodes[v.node].is_screen()),
            screen,
        }
    }

    /// The result so far (complete once `finished`).
    pub fn result(&self, packs: &PackSet) -> WalkResult {
        let mut facts = self.context.clone();
        let mut path = Vec::new();
        let mut assumed = BTreeSet::new();
        for visit in &self.trail {
            let node = &packs.nodes[visit.node];
            assumed.extend(visit.assumed.iter().cloned());
            if !visit.taken {
                continue;
            }
            if visit.answers.is_empty() {
                path.push(PathStep { node: node.id.clone(), kind: node.kind, title: node.title.clone(), fact: None, answer: None, answer_label: None });
            }
            for (fact, value) in &visit.answers {
                facts.insert(fact.clone(), value.clone());
                if visit.unseen.contains(fact) {
                    continue;
                }
                path.push(PathStep {
                    node: node.id.clone(),
                    kind: node.kind,
                    title: node.title.clone(),
                    fact: Some(fact.clone()),
                    answer: Some(value.clone()),
                    answer_label: Some(answer_label(packs, node, fact, value)),
                });
            }
        }
        for fact in &assumed {
            if let Some(d) = packs.fact(fact).and_then(|f| f.default.clone()) {
                facts.entry(fact.clone()).or_insert(d);
            }
        }
        let outcomes = self.outcomes(packs, &facts);
        let mut contacts: Vec<String> = Vec::new();
        for c in outcomes.iter().flat_map(|o| &o.contacts) {
            if !contacts.contains(&c.id) {
                contacts.push(c.id.clone());
            }
        }
        let visited = self.trail.iter().map(|v| v.node).chain([self.at]).map(|i| packs.nodes[i].id.clone()).collect();
        WalkResult {
            finished: self.is_finished(packs),
            path,
            outcomes,
            contacts,
            assumed: assumed.into_iter().collect(),
            facts,
            screens: self.screens_answered(packs),
            visited,
        }
    }

    fn outcomes(&self, packs: &PackSet, facts: &Facts) -> Vec<OutcomeView> {
        let mut ids: Vec<&str> = Vec::new();
        let mut notes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for node in self.trail.iter().filter(|v| v.taken).map(|v| &packs.nodes[v.node]) {
            if let Some(o) = node.outcome.as_deref() {
                if !ids.contains(&o) {
                    ids.push(o);
                }
                notes.entry(o).or_default().extend(node.text.clone());
            }
        }
        ids.sort_by_key(|id| (display_group(packs, id), packs.outcome_rank(id)));
        ids.into_iter()
            .filter_map(|id| packs.outcome(id))
            .map(|o| OutcomeView {
                id: o.id.clone(),
                title: o.title.clone(),
                summary: o.summary.clone(),
                timescale: o.timescale.clone(),
                due: o.due,
                steps: o.steps.clone(),
                tell_family: o.tell_family.clone(),
                record: o.record.clone(),
                if_no_response: o.if_no_response.clone(),
                advice: o.advice.clone(),
                notes: notes.remove(o.id.as_str()).unwrap_or_default(),
                additions: packs.additions(&o.id).to_vec(),
                contacts: outcome_contacts(packs, o, facts),
                coming_in: o
                    .coming_in
                    .iter()
                    .map(|c| ComingInView { title: c.title.clone(), text: c.text.clone(), sources: citations(packs, &c.sources) })
                    .collect(),
                sources: citations(packs, &o.sources),
            })
            .collect()
    }
}

/// The contacts an outcome names for these facts, in its order, each once: a contact may
/// be listed under several guards (police-999 in danger, or with exploitation), and is
/// named when any of them holds.
fn outcome_contacts(packs: &PackSet, outcome: &crate::model::OutcomeDef, facts: &Facts) -> Vec<ContactDef> {
    let holds =
        |when: &crate::model::Condition| when.0.iter().all(|(f, vs)| facts.get(f).or_else(|| packs.fact(f)?.default.as_ref()).is_some_and(|v| vs.contains(v)));
    let mut named: Vec<&str> = Vec::new();
    for c in outcome.contacts.iter().filter(|c| c.when.as_ref().is_none_or(holds)) {
        if !named.contains(&c.contact.as_str()) {
            named.push(&c.contact);
        }
    }
    named.into_iter().filter_map(|id| packs.contact(id).cloned()).collect()
}

/// Which group an outcome is shown in: the emergency ones, then what is due now (what
/// cannot wait goes before what can), then the rest.
fn display_group(packs: &PackSet, id: &str) -> u8 {
    if contract::FIRST_OUTCOMES.contains(&id) {
        0
    } else if packs.outcome(id).is_some_and(|o| o.due == Due::Now) {
        1
    } else {
        2
    }
}

fn answer_label(packs: &PackSet, node: &NodeDef, fact: &str, value: &str) -> String {
    match node.kind {
        NodeKind::Question => node.answers.iter().find(|a| a.value == value).map_or_else(|| value.to_string(), |a| a.label.clone()),
        _ => packs.fact(fact).map_or(value, |f| f.value_label(value)).to_string(),
    }
}

fn check_value(packs: &PackSet, fact: &str, value: &str) -> Result<(), WalkError> {
    let def = packs.fact(fact).ok_or_else(|| WalkError::UnknownFact { fact: fact.to_string() })?;
    if def.values.iter().any(|v| v == value) {
        Ok(())
    } else {
        Err(WalkError::InvalidValue { fact: fact.to_string(), value: value.to_string(), allowed: def.values.clone() })
    }
}

/// Citations with their sources' titles.
pub fn citations(packs: &PackSet, cites: &[String]) -> Vec<Citation> {
    cites
        .iter()
        .map(|cite| {
            let source = cite.split_whitespace().next().and_then(|id| packs.source(id));
            Citation {
                cite: cite.clone(),
                title: source.map(|s| s.title.clone()).unwrap_or_default(),
                edition: source.map(|s| s.edition.clone()),
                file: source.and_then(|s| s.file.clone()),
            }
        })
        .collect()
}
