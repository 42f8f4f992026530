//! Turns parsed pack files into a checked `PackSet`, or reports every problem at once.
//!
//! The work is split by what is checked: `items` (facts, outcomes, contacts, agencies,
//! sources), `nodes` (node fields and references), `graph_rules` (reachability, cycles,
//! dominance, when facts are known) and `overlay` (what a local pack may do).

mod graph_rules;
mod items;
mod nodes;
mod overlay;

use crate::diagnostic::{Diagnostics, Location, Rule};
use crate::format::Text;
use crate::load::{parse_files, PackInput, ParsedFile};
use crate::model::{PackInfo, PackSet};
use crate::source_text::{Place, SourceText};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

/// Items of one kind with an index by id, so checks look ids up in constant time.
pub(crate) struct Table<T> {
    pub items: Vec<T>,
    pub index: HashMap<String, usize>,
}

impl<T> Table<T> {
    pub fn new(items: Vec<T>, id: impl Fn(&T) -> &String) -> Self {
        let index = items.iter().enumerate().map(|(i, t)| (id(t).clone(), i)).collect();
        Table { items, index }
    }
    pub fn get(&self, id: &str) -> Option<&T> {
        self.index.get(id).map(|&i| &self.items[i])
    }
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }
}

/// One pack's parsed files, and whether any failed to parse.
pub(crate) struct LoadedPack {
    pub dir: std::path::PathBuf,
    pub files: Vec<ParsedFile>,
    pub parse_failed: bool,
}

/// Diagnostics plus the helpers every check uses to point at a place.
pub(crate) struct Ctx {
    pub diags: Diagnostics,
}

impl Ctx {
    pub fn at<'a>(text: &'a SourceText, span: &Text) -> Place<'a> {
        text.place(&span.span())
    }
    pub fn report(&mut self, location: impl Into<Location>, rule: Rule, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(location.into(), rule, message, hint);
    }

    /// Checks a list of citations and returns them as plain strings.
    pub fn citations(
        &mut self,
        cites: &[Text],
        text: &SourceText,
        anchor: impl Into<Location>,
        what: &dyn std::fmt::Display,
        sources: &BTreeMap<String, crate::model::SourceDef>,
    ) -> Vec<String> {
        if cites.is_empty() || cites.iter().all(|c| c.get_ref().trim().is_empty()) {
            self.report(anchor, Rule::MissingSource, format!("{what} has no `source`"), "add `source = [\"000 §5.5\"]` naming the guidance it comes from");
        }
        for cite in cites {
            let id = cite.get_ref().split_whitespace().next().unwrap_or_default();
            if !id.is_empty() && !sources.contains_key(id) {
                self.report(
                    Self::at(text, cite),
                    Rule::UnknownSource,
                    format!("citation `{}` names no declared source `{id}`", cite.get_ref()),
                    "declare it with [[source]] id = \"…\", or fix the first word of the citation",
                );
            }
        }
        cites.iter().map(|c| c.get_ref().clone()).collect()
    }

    pub fn duplicate(&mut self, here: Place<'_>, first: Place<'_>, what: &str, id: &str) {
        self.report(here, Rule::DuplicateId, format!("{what} `{id}` is declared twice (first at {first})"), "give each one its own id");
    }

    /// Records `id` in `seen`, reporting a duplicate with the first place it was declared.
    pub fn unique<'a>(&mut self, seen: &mut HashMap<&'a str, Place<'a>>, id: &'a Text, text: &'a SourceText, what: &str) -> bool {
        let here = Self::at(text, id);
        match seen.entry(id.get_ref()) {
            Entry::Occupied(first) => {
                self.duplicate(here, *first.get(), what, id.get_ref());
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(here);
                true
            }
        }
    }
}

/// Loads and checks a national pack and its local packs. `inputs` may come in any order;
/// exactly one must be national (no `overlays`).
pub fn check(inputs: &[PackInput]) -> Result<PackSet, Diagnostics> {
    let mut ctx = Ctx { diags: Diagnostics::default() };
    let loaded: Vec<LoadedPack> = inputs
        .iter()
        .map(|input| {
            let before = ctx.diags.len();
            let files = parse_files(input, &mut ctx.diags);
            LoadedPack { dir: input.dir.clone(), files, parse_failed: ctx.diags.len() > before }
        })
        .collect();

    let manifests = overlay::manifests(&mut ctx, &loaded);
    let Some(national) = overlay::find_national(&mut ctx, &loaded, &manifests) else {
        return Err(ctx.diags.sorted());
    };
    overlay::check_locals(&mut ctx, &loaded, &manifests, national);

    let sources = items::sources(&mut ctx, &loaded);
    let nat = &loaded[national];
    let facts = Table::new(items::facts(&mut ctx, nat, &sources), |f| &f.id);
    let contacts = Table::new(items::contacts(&mut ctx, &loaded, national, &manifests, &sources), |c| &c.id);
    let outcomes = Table::new(items::outcomes(&mut ctx, nat, &facts, &contacts, &sources), |o| &o.id);
    let agencies = items::agencies(&mut ctx, nat, &sources);
    let local_text = overlay::local_text(&mut ctx, &loaded, national, &manifests, &outcomes, &sources);
    let nodes = nodes::nodes(&mut ctx, nat, &facts, &outcomes, &sources);
    let start = nodes::start(&mut ctx, &manifests[national], &nodes);
    items::contract(&mut ctx, &manifests[national], &facts, &outcomes, &contacts, &agencies);

    let graph = graph_rules::build(&nodes.defs);
    if let Some(start) = start {
        graph_rules::check(&mut ctx, &graph, start, &nodes, &facts, &outcomes);
    }

    if !ctx.diags.is_empty() {
        return Err(ctx.diags.sorted());
    }
    let infos = overlay::order_infos(&manifests, national);
    let screens_after = crate::model::longest_screens(&graph, &nodes.defs);
    let packs = PackSet {
        packs: infos,
        sources,
        fact_index: facts.index,
        facts: facts.items,
        outcome_index: outcomes.index,
        outcomes: outcomes.items,
        contact_index: contacts.index,
        contacts: contacts.items,
        node_index: index_of(nodes.defs.iter().map(|n| &n.id)),
        nodes: nodes.defs,
        graph,
        start: start.expect("no diagnostics means a start node"),
        agencies,
        office_hours: local_text.office_hours,
        escalation: local_text.escalation,
        additions: local_text.additions,
        screens_after,
    };
    Ok(packs)
}

fn index_of<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

/// A pack's manifest and where it was declared.
pub(crate) struct ManifestAt {
    pub info: Option<PackInfo>,
    pub location: Location,
    pub start: Option<(Text, usize)>,
}
