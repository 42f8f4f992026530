//! Generated packs, for benchmarks, property tests and fuzzing seeds.
//!
//! `GenPack::random(n, seed)` makes a valid national pack of `n` nodes: the contract's
//! whole vocabulary, an immediate-danger question first, then random questions,
//! checklists and actions that only ever route forwards, and an end. Being a plain
//! structure, it can be broken on purpose (see `Mutation`) before it is written as TOML.

use crate::contract;
use std::fmt::Write;

/// A small deterministic generator, so figures and failures reproduce from a seed.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407))
    }
    /// The next raw value: the top 31 bits of the state.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

#[derive(Debug, Clone)]
pub enum GenKind {
    Question {
        fact: String,
        values: Vec<(String, usize)>,
    },
    /// `item_when`: per item, an optional guard (fact, value) on whether it is shown.
    Checklist {
        facts: Vec<String>,
        item_when: Vec<Option<(String, String)>>,
        routes: Vec<GenRoute>,
    },
    Action {
        outcome: String,
        routes: Vec<GenRoute>,
    },
    End,
}

#[derive(Debug, Clone)]
pub struct GenRoute {
    pub when: Option<(String, String)>,
    pub to: usize,
}

#[derive(Debug, Clone)]
pub struct GenNode {
    pub id: String,
    pub kind: GenKind,
    pub has_source: bool,
    /// Where the node's edges point when rewritten by a mutation (`None`: by index).
    pub target_override: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GenPack {
    pub nodes: Vec<GenNode>,
    /// Yes/no facts of the pack's own (with defaults), asked by the generated screens.
    pub own_facts: Vec<String>,
    /// The node the pack starts at (a mutation may put a question before the danger one).
    pub start: usize,
    /// A fact of the pack's own written without its `default` (a mutation sets this).
    pub fact_without_default: Option<String>,
    /// An outcome written without `due` (a mutation sets this).
    pub outcome_without_due: Option<String>,
    /// An outcome written with a due other than the contract's (a mutation sets this).
    pub outcome_with_wrong_due: Option<String>,
    /// The source written without its `edition` (a mutation sets this).
    pub source_without_edition: bool,
}

/// Ways to break a valid pack, each caught by one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    DuplicateId,
    UnknownNode,
    Cycle,
    MissingSource,
    UncoveredValue,
    Unreachable,
    UnknownFact,
    QuestionBeforeDanger,
    GuardedLastRoute,
    FactWithoutDefault,
    MissingDue,
    ContractDue,
    MissingEdition,
    ItemGuardNotYetKnown,
}

impl Mutation {
    pub const ALL: [Mutation; 14] = [
        Mutation::DuplicateId,
        Mutation::UnknownNode,
        Mutation::Cycle,
        Mutation::MissingSource,
        Mutation::UncoveredValue,
        Mutation::Unreachable,
        Mutation::UnknownFact,
        Mutation::QuestionBeforeDanger,
        Mutation::GuardedLastRoute,
        Mutation::FactWithoutDefault,
        Mutation::MissingDue,
        Mutation::ContractDue,
        Mutation::MissingEdition,
        Mutation::ItemGuardNotYetKnown,
    ];

    /// The rule that must report it.
    pub fn rule(self) -> crate::Rule {
        use crate::Rule;
        match self {
            Mutation::DuplicateId => Rule::DuplicateId,
            Mutation::UnknownNode => Rule::UnknownNode,
            Mutation::Cycle => Rule::Cycle,
            Mutation::MissingSource => Rule::MissingSource,
            Mutation::UncoveredValue => Rule::AnswersCoverValues,
            Mutation::Unreachable => Rule::UnreachableNode,
            Mutation::UnknownFact => Rule::UnknownFact,
            Mutation::QuestionBeforeDanger => Rule::DangerFirst,
            Mutation::GuardedLastRoute => Rule::DeadEnd,
            Mutation::FactWithoutDefault => Rule::ContractDefault,
            Mutation::MissingDue => Rule::MissingDue,
            Mutation::ContractDue => Rule::ContractDue,
            Mutation::MissingEdition => Rule::MissingEdition,
            Mutation::ItemGuardNotYetKnown => Rule::FactNotYetKnown,
        }
    }
}

impl GenPack {
    /// A valid pack of `n` nodes (at least 3).
    pub fn random(n: usize, seed: u64) -> GenPack {
        let n = n.max(3);
        let mut rng = Lcg::new(seed);
        let last = n - 1;
        let mut own_facts = Vec::new();
        let forward = |rng: &mut Lcg, i: usize| i + 1 + rng.below((last - i).min(6));
        let mut nodes = Vec::with_capacity(n);
        nodes.push(GenNode {
            id: "danger".into(),
            kind: GenKind::Question { fact: contract::IMMEDIATE_DANGER.into(), values: vec![("yes".into(), 1), ("no".into(), 1)] },
            has_source: true,
            target_override: None,
        });
        for i in 1..last {
            let kind = match rng.below(3) {
                0 => {
                    let fact = format!("g{i}");
                    own_facts.push(fact.clone());
                    GenKind::Question { fact, values: vec![("yes".into(), forward(&mut rng, i)), ("no".into(), i + 1)] }
                }
                1 => {
                    let facts: Vec<String> = (0..1 + rng.below(3)).map(|k| format!("g{i}_{k}")).collect();
                    own_facts.extend(facts.iter().cloned());
                    let routes = vec![GenRoute { when: Some((facts[0].clone(), "yes".into())), to: forward(&mut rng, i) }, GenRoute { when: None, to: i + 1 }];
                    // Items after the first are shown to the police only, so walks meet
                    // items not shown (the first, which routes, always is).
                    let item_when = (0..facts.len()).map(|k| (k > 0).then(|| (contract::AGENCY.to_string(), "police".to_string()))).collect();
                    GenKind::Checklist { facts, item_when, routes }
                }
                _ => {
                    let outcome = contract::OUTCOMES[rng.below(contract::OUTCOMES.len())].to_string();
                    let routes =
                        vec![GenRoute { when: Some((contract::AGENCY.into(), "police".into())), to: forward(&mut rng, i) }, GenRoute { when: None, to: i + 1 }];
                    GenKind::Action { outcome, routes }
                }
            };
            nodes.push(GenNode { id: format!("n{i}"), kind, has_source: true, target_override: None });
        }
        nodes.push(GenNode { id: "end".into(), kind: GenKind::End, has_source: true, target_override: None });
        GenPack {
            nodes,
            own_facts,
            start: 0,
            fact_without_default: None,
            outcome_without_due: None,
            outcome_with_wrong_due: None,
            source_without_edition: false,
        }
    }

    /// Breaks the pack in one way; `pick` chooses where.
    pub fn mutate(&mut self, m: Mutation, pick: usize) {
        let n = self.nodes.len();
        let middle = 1 + pick % (n - 2); // never the danger question nor the end
        match m {
            Mutation::DuplicateId => {
                let other = if middle + 1 < n - 1 { middle + 1 } else { 0 };
                self.nodes[middle].id = self.nodes[other].id.clone();
            }
            Mutation::UnknownNode => self.nodes[middle].target_override = Some("no-such-node".into()),
            Mutation::Cycle => self.nodes[middle].target_override = Some(self.nodes[0].id.clone()),
            Mutation::MissingSource => self.nodes[middle].has_source = false,
            Mutation::UncoveredValue => {
                self.nodes[0].kind = match &self.nodes[0].kind {
                    GenKind::Question { fact, values } => GenKind::Question { fact: fact.clone(), values: values[..1].to_vec() },
                    other => other.clone(),
                }
            }
            // Pushed last, so no index-based edge can point at it.
            Mutation::Unreachable => self.nodes.push(GenNode {
                id: "orphan".into(),
                kind: GenKind::Action { outcome: "inform-dsl".into(), routes: vec![GenRoute { when: None, to: n - 1 }] },
                has_source: true,
                target_override: None,
            }),
            Mutation::UnknownFact => {
                self.nodes[middle].kind = GenKind::Question { fact: "no_such_fact".into(), values: vec![("yes".into(), middle + 1), ("no".into(), middle + 1)] }
            }
            Mutation::QuestionBeforeDanger => {
                let fact = "g_before".to_string();
                self.own_facts.push(fact.clone());
                self.nodes.push(GenNode {
                    id: "before-danger".into(),
                    kind: GenKind::Question { fact, values: vec![("yes".into(), 0), ("no".into(), 1)] },
                    has_source: true,
                    target_override: Some(String::new()),
                });
                self.start = self.nodes.len() - 1;
            }
            Mutation::GuardedLastRoute => {
                for node in &mut self.nodes {
                    if let GenKind::Action { routes, .. } | GenKind::Checklist { routes, .. } = &mut node.kind {
                        if routes.len() > 1 {
                            routes.pop();
                            return;
                        }
                    }
                }
                // No routed node: make the middle one an action with only a guarded route.
                let to = middle + 1;
                self.nodes[middle].kind =
                    GenKind::Action { outcome: "inform-dsl".into(), routes: vec![GenRoute { when: Some((contract::AGENCY.into(), "police".into())), to }] };
            }
            // The first fact asked at or after the middle node: near the end of a large pack.
            Mutation::FactWithoutDefault => {
                let asked = self.nodes[middle..].iter().find_map(|node| match &node.kind {
                    GenKind::Question { fact, .. } => Some(fact.clone()),
                    GenKind::Checklist { facts, .. } => facts.first().cloned(),
                    _ => None,
                });
                self.fact_without_default = asked.or_else(|| {
                    // No screen from the middle on asks a fact of the pack's own (only
                    // actions there): the middle node becomes a question that does.
                    let fact = format!("g{middle}_undefaulted");
                    self.own_facts.push(fact.clone());
                    self.nodes[middle].kind = GenKind::Question { fact: fact.clone(), values: vec![("yes".into(), middle + 1), ("no".into(), middle + 1)] };
                    Some(fact)
                });
            }
            Mutation::MissingDue => self.outcome_without_due = Some(contract::OUTCOMES[pick % contract::OUTCOMES.len()].to_string()),
            Mutation::ContractDue => self.outcome_with_wrong_due = Some(contract::FIXED_DUE[pick % contract::FIXED_DUE.len()].0.to_string()),
            Mutation::MissingEdition => self.source_without_edition = true,
            // A checklist at or after the middle shows its first item only on a contract
            // fact no screen asks (and which has no default). Without a checklist there,
            // the middle node becomes one.
            Mutation::ItemGuardNotYetKnown => {
                let unasked = Some(("missing".to_string(), "yes".to_string()));
                let checklist = self.nodes[middle..n - 1].iter_mut().find_map(|node| match &mut node.kind {
                    GenKind::Checklist { item_when, .. } => Some(item_when),
                    _ => None,
                });
                match checklist {
                    Some(item_when) => item_when[0] = unasked,
                    None => {
                        let fact = format!("g{middle}_guarded");
                        self.own_facts.push(fact.clone());
                        self.nodes[middle].kind =
                            GenKind::Checklist { facts: vec![fact], item_when: vec![unasked], routes: vec![GenRoute { when: None, to: middle + 1 }] };
                    }
                }
            }
        }
    }

    /// The pack as TOML files: (file name, text).
    /// Nodes go 500 to a file, as an author would split a large pack.
    pub fn to_files(&self) -> Vec<(String, String)> {
        let mut files = vec![("pack.toml".to_string(), self.vocabulary())];
        let own: std::collections::HashSet<&String> = self.own_facts.iter().collect();
        for (i, chunk) in self.nodes.chunks(500).enumerate() {
            files.push((format!("nodes-{i:03}.toml"), self.nodes_toml(chunk, &own)));
        }
        files
    }

    fn target(&self, node: &GenNode, index: usize) -> String {
        match &node.target_override {
            Some(t) if !t.is_empty() => t.clone(),
            _ => self.nodes.get(index).map_or_else(|| "end".to_string(), |n| n.id.clone()),
        }
    }

    fn nodes_toml(&self, nodes: &[GenNode], own: &std::collections::HashSet<&String>) -> String {
        let mut out = String::new();
        // Each file declares the facts its own screens ask, so files parse independently.
        let asked = nodes.iter().flat_map(|n| match &n.kind {
            GenKind::Question { fact, .. } => vec![fact.clone()],
            GenKind::Checklist { facts, .. } => facts.clone(),
            _ => vec![],
        });
        for fact in asked.filter(|f| own.contains(f)) {
            let default = if self.fact_without_default.as_ref() == Some(&fact) { "" } else { "default = \"no\"\n" };
            let _ = write!(out, "[[fact]]\nid = \"{fact}\"\nlabel = \"{fact}\"\nvalues = [\"yes\", \"no\"]\n{default}source = [\"gen\"]\n\n");
        }
        for node in nodes {
            let source = if node.has_source { "source = [\"gen test\"]\n" } else { "" };
            let _ = write!(out, "[[node]]\nid = \"{}\"\n{source}", node.id);
            match &node.kind {
                GenKind::Question { fact, values } => {
                    let _ = write!(out, "kind = \"question\"\ntitle = \"Is {fact} so?\"\nfact = \"{fact}\"\n");
                    for (value, to) in values {
                        let _ = write!(out, "[[node.answer]]\nvalue = \"{value}\"\nlabel = \"{value}\"\nnext = \"{}\"\n", self.target(node, *to));
                    }
                }
                GenKind::Checklist { facts, item_when, routes } => {
                    out.push_str("kind = \"checklist\"\ntitle = \"Tick all that apply\"\n");
                    for (k, f) in facts.iter().enumerate() {
                        let _ = write!(out, "[[node.item]]\nfact = \"{f}\"\nlabel = \"{f}\"\n");
                        if let Some(Some((gf, gv))) = item_when.get(k) {
                            let _ = writeln!(out, "when = {{ {gf} = \"{gv}\" }}");
                        }
                    }
                    self.routes_toml(&mut out, node, routes);
                }
                GenKind::Action { outcome, routes } => {
                    let _ = write!(out, "kind = \"action\"\ntitle = \"Do {outcome}\"\noutcome = \"{outcome}\"\n");
                    self.routes_toml(&mut out, node, routes);
                }
                GenKind::End => out.push_str("kind = \"end\"\ntitle = \"Done\"\n"),
            }
            out.push('\n');
        }
        out
    }

    fn routes_toml(&self, out: &mut String, node: &GenNode, routes: &[GenRoute]) {
        for r in routes {
            out.push_str("[[node.route]]\n");
            if let Some((f, v)) = &r.when {
                let _ = writeln!(out, "when = {{ {f} = \"{v}\" }}");
            }
            let _ = writeln!(out, "to = \"{}\"", self.target(node, r.to));
        }
    }

    fn vocabulary(&self) -> String {
        let edition = if self.source_without_edition { "" } else { "edition = \"generated\"\n" };
        let mut out = format!("[pack]\nid = \"generated\"\nname = \"Generated pack\"\npublisher = \"generator\"\nversion = \"0.0.0\"\nreview_by = 2099-01-01\nstart = \"{}\"\n\n[[source]]\nid = \"gen\"\ntitle = \"Generated\"\n{edition}\n", self.nodes[self.start].id);
        for fact in contract::FACTS {
            let values = contract::fact_values(fact).iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
            let context = [contract::AGENCY, contract::OUT_OF_HOURS].contains(fact);
            let _ = write!(out, "[[fact]]\nid = \"{fact}\"\nlabel = \"{fact}\"\nvalues = [{values}]\ncontext = {context}\nsource = [\"gen\"]\n\n");
        }
        for (i, outcome) in contract::OUTCOMES.iter().enumerate() {
            let fixed = contract::fixed_due(outcome);
            let due = match fixed.unwrap_or("working-days:1") {
                _ if self.outcome_without_due.as_deref() == Some(outcome) => String::new(),
                "now" if self.outcome_with_wrong_due.as_deref() == Some(outcome) => "due = \"none\"\n".to_string(),
                _ if self.outcome_with_wrong_due.as_deref() == Some(outcome) => "due = \"now\"\n".to_string(),
                due => format!("due = \"{due}\"\n"),
            };
            let _ = write!(out, "[[outcome]]\nid = \"{outcome}\"\ntitle = \"{outcome}\"\nsummary = \"s\"\ntimescale = \"now\"\n{due}source = [\"gen\"]\n");
            // One contact for everyone, and one under two guards, named once when both hold.
            out.push_str("[[outcome.contact]]\nid = \"police-101\"\n[[outcome.contact]]\nid = \"police-999\"\nwhen = { agency = \"police\" }\n[[outcome.contact]]\nid = \"police-999\"\nwhen = { out_of_hours = \"yes\" }\n");
            if i == 0 {
                out.push_str("[[outcome.coming_in]]\ntitle = \"A generated Act\"\ntext = \"t\"\nsource = [\"gen s1\"]\n");
            }
            out.push('\n');
        }
        for contact in contract::CONTACTS {
            let _ = write!(out, "[[contact]]\nid = \"{contact}\"\nname = \"{contact}\"\nkind = \"national\"\nsource = [\"gen\"]\n[[contact.number]]\nlabel = \"Phone\"\nvalue = \"101\"\n\n");
        }
        for (i, agency) in contract::AGENCIES.iter().enumerate() {
            let _ = write!(out, "[[agency]]\nid = \"{agency}\"\nname = \"{agency}\"\nsummary = \"s\"\n[[agency.section]]\nheading = \"Duty\"\ntext = \"t\"\nsource = [\"gen\"]\n");
            if i == 0 {
                out.push_str("[[agency.coming_in]]\ntitle = \"A generated Act\"\ntext = \"t\"\nsource = [\"gen s2\"]\n");
            }
            out.push('\n');
        }
        out
    }

    /// Writes the pack into `dir` (created if needed).
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, text) in self.to_files() {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }

    /// The pack as an in-memory input, without touching the disk.
    pub fn to_input(&self) -> crate::PackInput {
        let dir = std::path::PathBuf::from("generated");
        crate::PackInput { files: self.to_files().into_iter().map(|(name, text)| (dir.join(name), text.into_bytes())).collect(), dir }
    }
}
