//! Rules over the shape of the graph: every node reachable, no cycles, the
//! immediate-danger question before every other, and guards only on known facts.

use super::nodes::Nodes;
use super::{Ctx, Table};
use crate::contract;
use crate::diagnostic::Rule;
use crate::format::NodeKind;
use crate::model::{FactDef, NodeDef, OutcomeDef};
use crate::source_text::Place;
use petgraph::algo::{dominators, kosaraju_scc};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Dfs;
use std::collections::BTreeMap;

/// One graph node per pack node, in the same order; an edge per answer or route.
pub(crate) fn build(nodes: &[NodeDef]) -> DiGraph<usize, ()> {
    let mut graph = DiGraph::with_capacity(nodes.len(), nodes.len() * 2);
    for i in 0..nodes.len() {
        graph.add_node(i);
    }
    for (i, n) in nodes.iter().enumerate() {
        let targets = n.answers.iter().map(|a| a.next).chain(n.routes.iter().map(|r| r.to));
        for to in targets.filter(|&t| t < nodes.len()) {
            graph.update_edge(NodeIndex::new(i), NodeIndex::new(to), ());
        }
    }
    graph
}

/// Reachability, dead ends and dominance; then cycles, and (in a graph without them)
/// whether every guard's facts are known where it is used.
pub(super) fn check(ctx: &mut Ctx, graph: &DiGraph<usize, ()>, start: usize, nodes: &Nodes, facts: &Table<FactDef>, outcomes: &Table<OutcomeDef>) {
    let start = NodeIndex::new(start);
    let reachable = reachable(ctx, graph, start, nodes);
    dead_ends(ctx, nodes);
    danger_first(ctx, graph, start, nodes, &reachable);
    if cycles(ctx, graph, nodes) {
        facts_known(ctx, graph, start, nodes, facts, outcomes);
    }
}

fn reachable(ctx: &mut Ctx, graph: &DiGraph<usize, ()>, start: NodeIndex, nodes: &Nodes) -> Vec<bool> {
    let mut seen = vec![false; graph.node_count()];
    let mut dfs = Dfs::new(graph, start);
    while let Some(n) = dfs.next(graph) {
        seen[n.index()] = true;
    }
    for (i, _) in seen.iter().enumerate().filter(|(_, &s)| !s) {
        ctx.report(
            nodes.locations[i],
            Rule::UnreachableNode,
            format!("no path from the start reaches node `{}`", nodes.defs[i].id),
            "route to it from another node, or remove it",
        );
    }
    seen
}

fn dead_ends(ctx: &mut Ctx, nodes: &Nodes) {
    for (i, n) in nodes.defs.iter().enumerate() {
        if n.kind == NodeKind::Question && n.answers.is_empty() {
            ctx.report(nodes.locations[i], Rule::DeadEnd, format!("question `{}` has no answers", n.id), "add an [[node.answer]] for each value");
        }
    }
}

/// Reports every cycle (each strongly connected component with a loop); true if none.
fn cycles(ctx: &mut Ctx, graph: &DiGraph<usize, ()>, nodes: &Nodes) -> bool {
    let mut acyclic = true;
    // Kosaraju, not petgraph's Tarjan: Tarjan recurses once per node along a path, so a
    // long enough pack overflowed the stack (9,000 nodes in a chain, in a debug build).
    for scc in kosaraju_scc(graph) {
        let looped = scc.len() > 1 || graph.contains_edge(scc[0], scc[0]);
        if looped {
            acyclic = false;
            let mut members: Vec<usize> = scc.iter().map(|n| n.index()).collect();
            members.sort();
            let names: Vec<&str> = members.iter().map(|&i| nodes.defs[i].id.as_str()).collect();
            ctx.report(
                nodes.locations[members[0]],
                Rule::Cycle,
                format!("a walk could come back round: {}", names.join(" → ")),
                "a pathway only moves forward; route the last of these to a later node",
            );
        }
    }
    acyclic
}

/// No question may be asked before the immediate-danger question: it dominates them all.
fn danger_first(ctx: &mut Ctx, graph: &DiGraph<usize, ()>, start: NodeIndex, nodes: &Nodes, reachable: &[bool]) {
    let danger: Vec<usize> = nodes.defs.iter().enumerate().filter(|(_, n)| n.asks_fact(contract::IMMEDIATE_DANGER)).map(|(i, _)| i).collect();
    let Some(&danger_node) = danger.first() else {
        ctx.report(
            nodes.locations[start.index()],
            Rule::DangerFirst,
            "no question asks `immediate_danger`",
            "the first screen of every walk asks whether the child is in danger now",
        );
        return;
    };
    for &other in &danger[1..] {
        ctx.report(
            nodes.locations[other],
            Rule::DangerFirst,
            format!("`immediate_danger` is asked again here (first at `{}`)", nodes.defs[danger_node].id),
            "ask it once, first",
        );
    }
    let doms = dominators::simple_fast(graph, start);
    // Whether the danger question dominates each node, memoised up the dominator tree so
    // the whole check stays linear in the number of nodes.
    let mut dominated: Vec<Option<bool>> = vec![None; graph.node_count()];
    dominated[danger_node] = Some(true);
    dominated[start.index()].get_or_insert(false);
    for (i, _) in reachable.iter().enumerate().filter(|(_, reached)| **reached) {
        let mut chain = Vec::new();
        let mut n = NodeIndex::new(i);
        let answer = loop {
            if let Some(known) = dominated[n.index()] {
                break known;
            }
            chain.push(n.index());
            match doms.immediate_dominator(n) {
                Some(up) => n = up,
                None => break false,
            }
        };
        for c in chain {
            dominated[c] = Some(answer);
        }
    }
    for (i, n) in nodes.defs.iter().enumerate() {
        if i != danger_node && n.is_screen() && reachable[i] && dominated[i] != Some(true) {
            ctx.report(
                nodes.locations[i],
                Rule::DangerFirst,
                format!("node `{}` can be asked before the immediate-danger question `{}`", n.id, nodes.defs[danger_node].id),
                "every path must ask about danger first: make it the start, before any other question",
            );
        }
    }
}

/// A guard may only use facts known on every path to it: context facts, facts with a
/// default, or facts that some screen on every path from the start has asked. For each
/// fact a guard needs, search from the start without passing any node that asks it:
/// a guard reached that way can meet the fact unasked.
fn facts_known(ctx: &mut Ctx, graph: &DiGraph<usize, ()>, start: NodeIndex, nodes: &Nodes, facts: &Table<FactDef>, outcomes: &Table<OutcomeDef>) {
    let always = |f: &str| facts.get(f).is_some_and(|d| d.context || d.default.is_some());
    // fact -> the nodes that need it known, where, and how.
    let mut needs: BTreeMap<&str, Vec<(usize, Place, Need)>> = BTreeMap::new();
    for (i, def) in nodes.defs.iter().enumerate() {
        for (route, at) in def.routes.iter().zip(&nodes.route_locations[i]) {
            // A checklist's routes run after its own items are answered.
            for fact in route.when.iter().flat_map(|w| w.facts()).filter(|f| !always(f) && !def.asks_fact(f)) {
                needs.entry(fact).or_default().push((i, *at, Need::Route));
            }
        }
        if let (Some(when), Some(at)) = (&def.when, &nodes.when_locations[i]) {
            for fact in when.facts().filter(|f| !always(f)) {
                needs.entry(fact).or_default().push((i, *at, Need::Action));
            }
        }
        // An item's guard decides whether it is shown, so it runs before the checklist
        // is answered: its facts must be known before the node, not on it.
        for (item, at) in def.items.iter().zip(&nodes.item_locations[i]) {
            if let (Some(when), Some(at)) = (&item.when, at) {
                for fact in when.facts().filter(|f| !always(f)) {
                    needs.entry(fact).or_default().push((i, *at, Need::Item(&item.fact)));
                }
            }
        }
        if let Some(o) = def.outcome.as_deref().and_then(|o| outcomes.get(o)) {
            for fact in o.contacts.iter().flat_map(|c| c.when.iter()).flat_map(|w| w.facts()).filter(|f| !always(f)) {
                needs.entry(fact).or_default().push((i, nodes.locations[i], Need::Contact(&o.id)));
            }
        }
    }
    for (fact, users) in needs {
        let unasked = reach_without_asking(graph, start, nodes, fact);
        for (node, at, need) in users.into_iter().filter(|(node, _, _)| unasked[*node]) {
            let id = &nodes.defs[node].id;
            let message = match need {
                Need::Route => format!("node `{id}` routes on `{fact}`, which some paths here have not asked"),
                Need::Action => format!("action `{id}` is taken on `{fact}`, which some paths here have not asked"),
                Need::Contact(outcome) => format!("outcome `{outcome}` chooses a contact on `{fact}`, which some paths to `{id}` have not asked"),
                Need::Item(item) => format!("checklist `{id}` shows its item `{item}` on `{fact}`, which some paths here have not asked before it"),
            };
            ctx.report(at, Rule::FactNotYetKnown, message, "ask it on every path before this node, give the fact a default, or move the route later");
        }
    }
}

/// Why a node needs a fact known when a walk reaches it.
enum Need<'a> {
    /// One of its routes is guarded on the fact.
    Route,
    /// Its action is taken only when the fact holds.
    Action,
    /// Its outcome picks a contact on the fact.
    Contact(&'a str),
    /// It shows a checklist item (named by its fact) only when the fact holds.
    Item(&'a str),
}

/// Nodes reachable from the start along paths on which no node asks `fact` (a node that
/// asks it is reached but not passed).
fn reach_without_asking(graph: &DiGraph<usize, ()>, start: NodeIndex, nodes: &Nodes, fact: &str) -> Vec<bool> {
    let mut seen = vec![false; graph.node_count()];
    let mut stack = vec![start];
    seen[start.index()] = true;
    while let Some(n) = stack.pop() {
        if nodes.defs[n.index()].asks_fact(fact) {
            continue;
        }
        for next in graph.neighbors(n) {
            if !seen[next.index()] {
                seen[next.index()] = true;
                stack.push(next);
            }
        }
    }
    seen
}
