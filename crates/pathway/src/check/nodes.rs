//! Nodes: the fields each kind needs, and every reference they make.

use super::items::condition;
use super::{Ctx, LoadedPack, ManifestAt, Table};
use crate::diagnostic::Rule;
use crate::format::{Node, NodeKind, Text};
use crate::model::{AnswerDef, FactDef, ItemDef, NodeDef, OutcomeDef, RouteDef, SourceDef};
use crate::source_text::{Place, SourceText};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

/// The resolved nodes, with where each was declared and where each route's guard is.
pub(crate) struct Nodes<'a> {
    pub defs: Vec<NodeDef>,
    pub locations: Vec<Place<'a>>,
    /// Per node, per route: the guard's place (for `fact-not-yet-known`).
    pub route_locations: Vec<Vec<Place<'a>>>,
    /// Per node, where its own `when` guard is (actions).
    pub when_locations: Vec<Option<Place<'a>>>,
    /// Per node, per checklist item, where the item's `when` guard is.
    pub item_locations: Vec<Vec<Option<Place<'a>>>>,
}

pub(super) fn nodes<'a>(
    ctx: &mut Ctx,
    pack: &'a LoadedPack,
    facts: &Table<FactDef>,
    outcomes: &Table<OutcomeDef>,
    sources: &BTreeMap<String, SourceDef>,
) -> Nodes<'a> {
    // First every id, so references may point forwards.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut raw: Vec<(&Node, &SourceText)> = Vec::new();
    for file in &pack.files {
        for n in &file.content.node {
            match index.entry(n.id.get_ref()) {
                Entry::Occupied(first) => {
                    let (first, text) = raw[*first.get()];
                    ctx.duplicate(Ctx::at(&file.text, &n.id), Ctx::at(text, &first.id), "node", n.id.get_ref());
                }
                Entry::Vacant(slot) => {
                    slot.insert(raw.len());
                    raw.push((n, &file.text));
                }
            }
        }
    }
    // Then each node on its own.
    let mut out = Nodes {
        defs: Vec::with_capacity(raw.len()),
        locations: Vec::with_capacity(raw.len()),
        route_locations: Vec::with_capacity(raw.len()),
        when_locations: Vec::with_capacity(raw.len()),
        item_locations: Vec::with_capacity(raw.len()),
    };
    for &(n, text) in &raw {
        let mut r = Resolver { ctx, text, index: &index, facts, node: n };
        let (def, route_locations) = r.resolve(outcomes, sources);
        out.defs.push(def);
        out.route_locations.push(route_locations);
        out.locations.push(Ctx::at(text, &n.id));
        out.when_locations.push(n.when.as_ref().map(|g| text.place(&g.span())));
        out.item_locations.push(n.item.iter().map(|i| i.when.as_ref().map(|g| text.place(&g.span()))).collect());
    }
    out
}

/// Resolves the manifest's `start` to a node index.
pub(super) fn start(ctx: &mut Ctx, manifest: &ManifestAt, nodes: &Nodes) -> Option<usize> {
    match &manifest.start {
        None => {
            ctx.report(
                manifest.location.clone(),
                Rule::WrongType,
                "the national pack has no `start`",
                "add start = \"<id of the immediate-danger question>\" to [pack]",
            );
            None
        }
        Some((start, _)) => {
            let found = nodes.defs.iter().position(|n| &n.id == start.get_ref());
            if found.is_none() {
                ctx.report(
                    manifest.location.clone(),
                    Rule::UnknownNode,
                    format!("`start` names no node `{}`", start.get_ref()),
                    "use the id of a declared [[node]]",
                );
            }
            found
        }
    }
}

/// Resolves one node (of file text `'a`) while borrowing the checker's state for `'r`.
struct Resolver<'r, 'a> {
    ctx: &'r mut Ctx,
    text: &'a SourceText,
    index: &'r HashMap<&'a str, usize>,
    facts: &'r Table<FactDef>,
    node: &'a Node,
}

impl<'r, 'a> Resolver<'r, 'a> {
    fn here(&self) -> Place<'a> {
        Ctx::at(self.text, &self.node.id)
    }

    fn target(&mut self, to: &Text) -> usize {
        match self.index.get(to.get_ref().as_str()) {
            Some(&i) => i,
            None => {
                self.ctx.report(
                    Ctx::at(self.text, to),
                    Rule::UnknownNode,
                    format!("no node `{}`", to.get_ref()),
                    "use the id of a declared [[node]], or add it",
                );
                usize::MAX
            }
        }
    }

    fn fact(&mut self, id: &Text) -> Option<&'r FactDef> {
        let found = self.facts.get(id.get_ref());
        match found {
            None => {
                self.ctx.report(Ctx::at(self.text, id), Rule::UnknownFact, format!("no fact `{}`", id.get_ref()), "declare it with [[fact]] or fix the name")
            }
            Some(f) if f.context => self.ctx.report(
                Ctx::at(self.text, id),
                Rule::ContextFactAsked,
                format!("`{}` is a context fact: the app knows it before the walk", id.get_ref()),
                "route on it with a `when` guard instead of asking it",
            ),
            Some(_) => {}
        }
        found
    }

    fn not_used(&mut self, present: bool, key: &str) {
        if present {
            let kind = format!("{:?}", self.node.kind).to_lowercase();
            self.ctx.report(self.here(), Rule::WrongType, format!("`{key}` is not used by a {kind} node"), "remove it, or change the node's kind");
        }
    }

    fn resolve(&mut self, outcomes: &Table<OutcomeDef>, sources: &BTreeMap<String, SourceDef>) -> (NodeDef, Vec<Place<'a>>) {
        let n = self.node;
        let cites = self.ctx.citations(&n.source, self.text, self.here(), &format_args!("node `{}`", n.id.get_ref()), sources);
        let mut def = NodeDef {
            id: n.id.get_ref().clone(),
            kind: n.kind,
            title: n.title.clone(),
            help: n.help.clone(),
            sources: cites,
            fact: None,
            answers: vec![],
            items: vec![],
            outcome: None,
            when: None,
            text: n.text.clone(),
            routes: vec![],
        };
        let mut route_locations = Vec::new();
        self.not_used(n.fact.is_some() && n.kind != NodeKind::Question, "fact");
        self.not_used(!n.answer.is_empty() && n.kind != NodeKind::Question, "answer");
        self.not_used(!n.item.is_empty() && n.kind != NodeKind::Checklist, "item");
        self.not_used(n.outcome.is_some() && n.kind != NodeKind::Action, "outcome");
        self.not_used(n.when.is_some() && n.kind != NodeKind::Action, "when");
        self.not_used(n.text.is_some() && n.kind != NodeKind::Action, "text");
        let routed = matches!(n.kind, NodeKind::Checklist | NodeKind::Action);
        self.not_used((n.next.is_some() || !n.route.is_empty()) && !routed, if n.next.is_some() { "next" } else { "route" });
        match n.kind {
            NodeKind::Question => def.answers = self.answers(&mut def.fact),
            NodeKind::Checklist => def.items = self.items(),
            NodeKind::Action => match &n.outcome {
                None => self.ctx.report(
                    self.here(),
                    Rule::WrongType,
                    format!("action `{}` has no `outcome`", n.id.get_ref()),
                    "name the outcome this action leads to",
                ),
                Some(o) => {
                    if !outcomes.contains(o.get_ref()) {
                        let declared: Vec<&str> = outcomes.items.iter().map(|d| d.id.as_str()).collect();
                        self.ctx.report(
                            Ctx::at(self.text, o),
                            Rule::UnknownOutcome,
                            format!("no outcome `{}`", o.get_ref()),
                            format!("use one of: {} (or declare it with [[outcome]])", declared.join(", ")),
                        );
                    }
                    def.outcome = Some(o.get_ref().clone());
                    def.when = n.when.as_ref().map(|g| condition(self.ctx, g, self.text, self.facts));
                }
            },
            NodeKind::End => {}
        }
        if routed {
            (def.routes, route_locations) = self.routes();
        }
        (def, route_locations)
    }

    fn answers(&mut self, fact_out: &mut Option<String>) -> Vec<AnswerDef> {
        let n = self.node;
        let Some(fact_id) = &n.fact else {
            self.ctx.report(self.here(), Rule::WrongType, format!("question `{}` has no `fact`", n.id.get_ref()), "name the fact the question asks");
            return vec![];
        };
        *fact_out = Some(fact_id.get_ref().clone());
        let values = self.fact(fact_id).map(|f| &f.values);
        let mut answered: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for a in &n.answer {
            let v = a.value.get_ref();
            if let Some(values) = &values {
                if !values.contains(v) {
                    self.ctx.report(
                        Ctx::at(self.text, &a.value),
                        Rule::UnknownValue,
                        format!("`{v}` is not a value of fact `{}`", fact_id.get_ref()),
                        format!("use one of: {}", values.join(", ")),
                    );
                } else if answered.contains(&v.as_str()) {
                    self.ctx.report(
                        Ctx::at(self.text, &a.value),
                        Rule::AnswersCoverValues,
                        format!("value `{v}` is answered twice"),
                        "give each value one answer",
                    );
                }
            }
            answered.push(v);
            let next = self.target(&a.next);
            out.push(AnswerDef { value: v.clone(), label: a.label.clone(), help: a.help.clone(), next });
        }
        if let Some(values) = values {
            let missing: Vec<&String> = values.iter().filter(|v| !answered.contains(&v.as_str())).collect();
            if !missing.is_empty() {
                let list = missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                self.ctx.report(
                    self.here(),
                    Rule::AnswersCoverValues,
                    format!("question `{}` has no answer for {list}", n.id.get_ref()),
                    "add an [[node.answer]] for every value of the fact",
                );
            }
        }
        out
    }

    fn items(&mut self) -> Vec<ItemDef> {
        let n = self.node;
        if n.item.is_empty() {
            self.ctx.report(self.here(), Rule::WrongType, format!("checklist `{}` has no items", n.id.get_ref()), "add [[node.item]] fact and label");
        }
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for item in &n.item {
            self.ctx.unique(&mut seen, &item.fact, self.text, "checklist item for fact");
            if let Some(f) = self.fact(&item.fact) {
                if f.values.len() != 2 || !f.values.iter().all(|v| v == "yes" || v == "no") {
                    self.ctx.report(
                        Ctx::at(self.text, &item.fact),
                        Rule::WrongType,
                        format!("checklist item `{}` must be a yes/no fact", item.fact.get_ref()),
                        "ask a fact with other values in a question node",
                    );
                }
            }
            let when = item.when.as_ref().map(|g| condition(self.ctx, g, self.text, self.facts));
            out.push(ItemDef { fact: item.fact.get_ref().clone(), label: item.label.clone(), help: item.help.clone(), when });
        }
        out
    }

    fn routes(&mut self) -> (Vec<RouteDef>, Vec<Place<'a>>) {
        let n = self.node;
        let mut routes = Vec::new();
        let mut locations = Vec::new();
        match (&n.next, n.route.is_empty()) {
            (Some(_), false) => self.ctx.report(
                self.here(),
                Rule::WrongType,
                "a node has both `next` and `route`",
                "use `next` for one way on, or [[node.route]] for guarded ways",
            ),
            (None, true) => {
                self.ctx.report(self.here(), Rule::DeadEnd, format!("node `{}` has nowhere to go", n.id.get_ref()), "add `next = \"…\"` or [[node.route]]")
            }
            (Some(next), true) => {
                routes.push(RouteDef { when: None, to: self.target(next) });
                locations.push(Ctx::at(self.text, next));
            }
            (None, false) => {
                for r in &n.route {
                    let when = r.when.as_ref().map(|g| condition(self.ctx, g, self.text, self.facts));
                    let at = r.when.as_ref().map_or_else(|| Ctx::at(self.text, &r.to), |g| self.text.place(&g.span()));
                    routes.push(RouteDef { when, to: self.target(&r.to) });
                    locations.push(at);
                }
                if n.route.last().is_some_and(|r| r.when.is_some()) {
                    self.ctx.report(
                        Ctx::at(self.text, &n.route.last().unwrap().to),
                        Rule::DeadEnd,
                        format!("the last route of `{}` has a guard, so a walk can stop here", n.id.get_ref()),
                        "end with a route that has no `when`",
                    );
                }
            }
        }
        (routes, locations)
    }
}
