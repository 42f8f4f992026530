//! Sources, facts, contacts, outcomes and agency pages: their ids, references and
//! citations, and the contract's vocabulary.

use super::{Ctx, LoadedPack, ManifestAt, Table};
use crate::contract;
use crate::diagnostic::Rule;
use crate::due::{Due, DUE_FORMS};
use crate::format::{ComingIn, ContactKind, Fact, Guard, Text};
use crate::model::{AgencyDef, AgencySectionDef, ComingInDef, Condition, ContactDef, FactDef, NumberDef, OutcomeContactDef, OutcomeDef, SourceDef};
use crate::numbers::is_safe_example;
use crate::source_text::{Place, SourceText};
use std::collections::{BTreeMap, HashMap};

pub(super) fn sources(ctx: &mut Ctx, loaded: &[LoadedPack]) -> BTreeMap<String, SourceDef> {
    let mut seen = HashMap::new();
    let mut out = BTreeMap::new();
    for file in loaded.iter().flat_map(|p| &p.files) {
        for s in &file.content.source {
            if ctx.unique(&mut seen, &s.id, &file.text, "source") {
                let edition = s.edition.clone().unwrap_or_default();
                if edition.trim().is_empty() {
                    ctx.report(
                        Ctx::at(&file.text, &s.id),
                        Rule::MissingEdition,
                        format!("source `{}` does not say which edition it cites", s.id.get_ref()),
                        "add edition = \"2023 edition, published 15 December 2023, updated 23 February 2024\" (the version the citations were checked against)",
                    );
                }
                out.insert(
                    s.id.get_ref().clone(),
                    SourceDef { id: s.id.get_ref().clone(), title: s.title.clone(), edition, file: s.file.clone(), note: s.note.clone() },
                );
            }
        }
    }
    out
}

pub(super) fn facts(ctx: &mut Ctx, pack: &LoadedPack, sources: &BTreeMap<String, SourceDef>) -> Vec<FactDef> {
    // First the ids, in order, so a duplicate names the first declaration; then each fact.
    let mut seen = HashMap::new();
    let mut unique: Vec<(&Fact, &SourceText)> = Vec::new();
    for file in &pack.files {
        for f in &file.content.fact {
            if ctx.unique(&mut seen, &f.id, &file.text, "fact") {
                unique.push((f, &file.text));
            }
        }
    }
    unique.into_iter().map(|(f, text)| fact(ctx, f, text, sources)).collect()
}

fn fact(ctx: &mut Ctx, f: &Fact, text: &SourceText, sources: &BTreeMap<String, SourceDef>) -> FactDef {
    let here = Ctx::at(text, &f.id);
    let id = f.id.get_ref();
    let values: Vec<String> = f.values.iter().map(|v| v.get_ref().clone()).collect();
    if values.is_empty() {
        ctx.report(here, Rule::WrongType, format!("fact `{id}` has no values"), "list its values, e.g. values = [\"yes\", \"no\"]");
    }
    let mut seen_values = HashMap::new();
    for v in &f.values {
        ctx.unique(&mut seen_values, v, text, "value");
    }
    if contract::is_contract_fact(id) {
        let expected = contract::fact_values(id);
        if values.len() != expected.len() || !expected.iter().all(|e| values.iter().any(|v| v == e)) {
            ctx.report(
                here,
                Rule::ContractMissing,
                format!("contract fact `{id}` must take exactly the values {}", expected.join(", ")),
                "give it exactly those values; docs/pack-format.md (The contract) lists every contract fact with its values",
            );
        }
        if let Some(d) = &f.default {
            ctx.report(
                Ctx::at(text, d),
                Rule::ContractDefault,
                format!("contract fact `{id}` cannot have a default"),
                "a case must give every contract fact; remove `default`",
            );
        }
    } else if f.default.is_none() {
        ctx.report(
            here,
            Rule::ContractDefault,
            format!("fact `{id}` is not in the contract, so it needs a `default`"),
            "add default = \"no\" (or the value to assume); triage lists facts it assumed",
        );
    }
    if let Some(d) = &f.default {
        if !values.contains(d.get_ref()) {
            ctx.report(Ctx::at(text, d), Rule::UnknownValue, format!("default `{}` is not one of the fact's values", d.get_ref()), "pick one of `values`");
        }
    }
    let cites = ctx.citations(&f.source, text, here, &format_args!("fact `{id}`"), sources);
    FactDef {
        id: id.clone(),
        label: f.label.clone(),
        values,
        context: f.context,
        default: f.default.as_ref().map(|d| d.get_ref().clone()),
        value_labels: f.value_labels.clone(),
        sources: cites,
    }
}

/// Resolves a guard against the declared facts and their values.
pub(super) fn condition(ctx: &mut Ctx, guard: &Guard, text: &SourceText, facts: &Table<FactDef>) -> Condition {
    let here = text.place(&guard.span());
    let mut out = Vec::new();
    for (fact, value) in guard.get_ref() {
        let values: Vec<String> = value.values().into_iter().map(str::to_string).collect();
        match facts.get(fact) {
            None => ctx.report(here, Rule::UnknownFact, format!("the guard names no declared fact `{fact}`"), "declare the fact with [[fact]] or fix the name"),
            Some(def) => {
                for v in values.iter().filter(|v| !def.values.contains(v)) {
                    ctx.report(here, Rule::UnknownValue, format!("`{v}` is not a value of fact `{fact}`"), format!("use one of: {}", def.values.join(", ")));
                }
            }
        }
        out.push((fact.clone(), values));
    }
    Condition(out)
}

pub(super) fn contacts(
    ctx: &mut Ctx,
    loaded: &[LoadedPack],
    national: usize,
    manifests: &[ManifestAt],
    sources: &BTreeMap<String, SourceDef>,
) -> Vec<ContactDef> {
    let mut out: Vec<ContactDef> = Vec::new();
    let mut seen: HashMap<&str, Place> = HashMap::new();
    // The national pack first, so a local pack's contacts can be checked against it.
    let order = std::iter::once(national).chain((0..loaded.len()).filter(|&i| i != national));
    for pi in order {
        let info = manifests[pi].info.as_ref();
        let pack_id = info.map(|i| i.id.clone()).unwrap_or_default();
        let pack_is_example = info.is_some_and(|i| i.example);
        for file in &loaded[pi].files {
            for c in &file.content.contact {
                let id = c.id.get_ref();
                let here = Ctx::at(&file.text, &c.id);
                let cites = ctx.citations(&c.source, &file.text, here, &format_args!("contact `{id}`"), sources);
                if c.number.is_empty() && !c.placeholder {
                    ctx.report(
                        here,
                        Rule::WrongType,
                        format!("contact `{id}` has no number"),
                        "add [[contact.number]] label and value, or mark it `placeholder = true` for a local pack to fill",
                    );
                }
                for n in &c.number {
                    if (c.example || pack_is_example) && !is_safe_example(n.value.get_ref()) {
                        ctx.report(
                            Ctx::at(&file.text, &n.value),
                            Rule::NotDramaNumber,
                            format!("example number `{}` is not an Ofcom drama number", n.value.get_ref()),
                            "use 020 7946 0000–0999 or 0117 496 0000–0999 (e-mail and web addresses: an example.org domain)",
                        );
                    }
                }
                let def = ContactDef {
                    id: id.clone(),
                    name: c.name.clone(),
                    kind: c.kind,
                    description: c.description.clone(),
                    hours: c.hours.clone(),
                    placeholder: c.placeholder,
                    example: c.example || pack_is_example,
                    numbers: c.number.iter().map(|n| NumberDef { label: n.label.clone(), value: n.value.get_ref().clone() }).collect(),
                    sources: cites,
                    pack: pack_id.clone(),
                };
                match out.iter().position(|d| &d.id == id) {
                    None => {
                        seen.insert(id, here);
                        out.push(def);
                    }
                    Some(i) if pi != national && out[i].pack != pack_id && out[i].kind == ContactKind::Local && out[i].placeholder => {
                        seen.insert(id, here);
                        out[i] = def;
                    }
                    Some(i) if pi != national && out[i].pack == manifests[national].info.as_ref().map(|i| i.id.clone()).unwrap_or_default() => {
                        let why = if out[i].kind == ContactKind::User { "is set by each user in settings" } else { "is national" };
                        ctx.report(
                            here,
                            Rule::OverlayReplacesNational,
                            format!("contact `{id}` {why}; a local pack cannot replace it"),
                            "give a local contact its own id, or fill only the national pack's local placeholders",
                        );
                    }
                    Some(_) => {
                        let first = seen.get(id.as_str()).copied().unwrap_or(here);
                        ctx.report(here, Rule::DuplicateId, format!("contact `{id}` is declared twice (first at {first})"), "give each contact its own id");
                    }
                }
            }
        }
    }
    out
}

pub(super) fn outcomes(
    ctx: &mut Ctx,
    pack: &LoadedPack,
    facts: &Table<FactDef>,
    contacts: &Table<ContactDef>,
    sources: &BTreeMap<String, SourceDef>,
) -> Vec<OutcomeDef> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for file in &pack.files {
        for o in &file.content.outcome {
            let here = Ctx::at(&file.text, &o.id);
            if !ctx.unique(&mut seen, &o.id, &file.text, "outcome") {
                continue;
            }
            let id = o.id.get_ref();
            let mut outcome_contacts = Vec::new();
            for c in &o.contact {
                if !contacts.contains(c.id.get_ref()) {
                    ctx.report(
                        Ctx::at(&file.text, &c.id),
                        Rule::UnknownContact,
                        format!("outcome `{id}` names no declared contact `{}`", c.id.get_ref()),
                        "declare it with [[contact]] or fix the id",
                    );
                }
                let when = c.when.as_ref().map(|g| condition(ctx, g, &file.text, facts));
                outcome_contacts.push(OutcomeContactDef { contact: c.id.get_ref().clone(), when });
            }
            let coming_in = coming_in(ctx, &o.coming_in, &file.text, sources);
            let sources = ctx.citations(&o.source, &file.text, here, &format_args!("outcome `{id}`"), sources);
            let due = due(ctx, id, o.due.as_ref(), here, &file.text);
            out.push(OutcomeDef {
                id: id.clone(),
                title: o.title.clone(),
                summary: o.summary.clone(),
                timescale: o.timescale.clone(),
                due,
                steps: o.steps.clone(),
                tell_family: o.tell_family.clone(),
                record: o.record.clone(),
                if_no_response: o.if_no_response.clone(),
                advice: o.advice.clone(),
                contacts: outcome_contacts,
                coming_in,
                sources,
            });
        }
    }
    out
}

/// Changes coming in the law or guidance; each cites its sources like any other text.
fn coming_in(ctx: &mut Ctx, blocks: &[ComingIn], text: &SourceText, sources: &BTreeMap<String, SourceDef>) -> Vec<ComingInDef> {
    blocks
        .iter()
        .map(|b| {
            let anchor = Ctx::at(text, &b.title);
            let cites = ctx.citations(&b.source, text, anchor, &format_args!("coming-in `{}`", b.title.get_ref()), sources);
            ComingInDef { title: b.title.get_ref().clone(), text: b.text.clone(), sources: cites }
        })
        .collect()
}

/// An outcome's `due`: present, one of the contract's forms, and the contract's own
/// value where the contract fixes one (the law's deadlines are not the pack's to choose).
fn due(ctx: &mut Ctx, id: &str, due: Option<&Text>, here: Place<'_>, text: &SourceText) -> Due {
    let Some(due) = due else {
        let hint = match contract::fixed_due(id) {
            Some(fixed) => format!("add due = \"{fixed}\" (the contract fixes it for `{id}`)"),
            None => format!("add due = \"…\", one of {DUE_FORMS}, taken from the outcome's sources"),
        };
        ctx.report(here, Rule::MissingDue, format!("outcome `{id}` does not say when it is due"), hint);
        return Due::None;
    };
    let at = Ctx::at(text, due);
    let parsed: Due = match due.get_ref().parse() {
        Ok(parsed) => parsed,
        Err(e) => {
            ctx.report(at, Rule::InvalidDue, e.to_string(), format!("write one of {DUE_FORMS}, e.g. due = \"working-days:1\""));
            return Due::None;
        }
    };
    if let Some(fixed) = contract::fixed_due(id).filter(|fixed| *fixed != parsed.to_string()) {
        ctx.report(
            at,
            Rule::ContractDue,
            format!("outcome `{id}` is due `{fixed}` by the contract, not `{parsed}`"),
            format!("write due = \"{fixed}\"; the contract fixes it (docs/pack-format.md, When an outcome is due)"),
        );
    }
    parsed
}

pub(super) fn agencies(ctx: &mut Ctx, pack: &LoadedPack, sources: &BTreeMap<String, SourceDef>) -> Vec<AgencyDef> {
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for file in &pack.files {
        for a in &file.content.agency {
            let here = Ctx::at(&file.text, &a.id);
            if !ctx.unique(&mut seen, &a.id, &file.text, "agency page") {
                continue;
            }
            if !contract::AGENCIES.contains(&a.id.get_ref().as_str()) {
                ctx.report(
                    here,
                    Rule::UnknownAgency,
                    format!("`{}` is not an agency of the contract", a.id.get_ref()),
                    format!("use one of: {}", contract::AGENCIES.join(", ")),
                );
            }
            if a.section.is_empty() {
                ctx.report(
                    here,
                    Rule::MissingSource,
                    format!("agency page `{}` has no sections", a.id.get_ref()),
                    "add [[agency.section]] with heading, text and source",
                );
            }
            let sections = a
                .section
                .iter()
                .map(|s| {
                    let anchor = Ctx::at(&file.text, &s.heading);
                    let cites = ctx.citations(&s.source, &file.text, anchor, &format_args!("section `{}`", s.heading.get_ref()), sources);
                    AgencySectionDef { heading: s.heading.get_ref().clone(), text: s.text.clone(), sources: cites }
                })
                .collect();
            let coming_in = coming_in(ctx, &a.coming_in, &file.text, sources);
            out.push(AgencyDef { id: a.id.get_ref().clone(), name: a.name.clone(), summary: a.summary.clone(), sections, coming_in });
        }
    }
    out
}

/// Every contract id must be in the national pack, so any contract case can be walked.
pub(super) fn contract(
    ctx: &mut Ctx,
    manifest: &ManifestAt,
    facts: &Table<FactDef>,
    outcomes: &Table<OutcomeDef>,
    contacts: &Table<ContactDef>,
    agencies: &[AgencyDef],
) {
    let mut missing = |kind: &str, wanted: &[&str], have: Vec<&str>| {
        for id in wanted.iter().filter(|w| !have.contains(w)) {
            ctx.report(manifest.location.clone(), Rule::ContractMissing, format!("the national pack does not declare the contract {kind} `{id}`"), "declare it in the national pack: docs/pack-format.md (The contract) lists every fact, outcome, contact and agency the contract names, and pathways/england declares each one");
        }
    };
    missing("fact", contract::FACTS, facts.items.iter().map(|f| f.id.as_str()).collect());
    missing("outcome", contract::OUTCOMES, outcomes.items.iter().map(|o| o.id.as_str()).collect());
    missing("contact", contract::CONTACTS, contacts.items.iter().map(|c| c.id.as_str()).collect());
    missing("agency page", contract::AGENCIES, agencies.iter().map(|a| a.id.as_str()).collect());
    for id in [contract::AGENCY, contract::OUT_OF_HOURS] {
        if let Some(f) = facts.get(id).filter(|f| !f.context) {
            ctx.report(
                manifest.location.clone(),
                Rule::ContractMissing,
                format!("fact `{}` must be a context fact (context = true)", f.id),
                "the app fills it from settings and the clock",
            );
        }
    }
}
