//! What changed between two versions of a pack, each loaded over the same national pack
//! (or two national packs): the pack's version and dates, contacts (names, numbers and
//! hours, side by side), office hours and closed dates, escalation text, local additions,
//! and for national packs which outcomes, screens and sources changed.

use pathway::{ContactDef, PackInfo, PackSet};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// One value before and after (`None`: not set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A contact as the "what changed" screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactSide {
    pub id: String,
    pub name: String,
    /// (label, number), in order.
    pub numbers: Vec<(String, String)>,
    pub hours: Option<String>,
    pub description: Option<String>,
    /// True while the national pack's placeholder stands (no local number).
    pub placeholder: bool,
    /// The pack that supplied it.
    pub pack: String,
}

impl From<&ContactDef> for ContactSide {
    fn from(c: &ContactDef) -> ContactSide {
        ContactSide {
            id: c.id.clone(),
            name: c.name.clone(),
            numbers: c.numbers.iter().map(|n| (n.label.clone(), n.value.clone())).collect(),
            hours: c.hours.clone(),
            description: c.description.clone(),
            placeholder: c.placeholder,
            pack: c.pack.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum ContactChange {
    Added { new: ContactSide },
    Removed { old: ContactSide },
    Changed { old: ContactSide, new: ContactSide, changes: Vec<Change> },
}

impl ContactChange {
    pub fn id(&self) -> &str {
        match self {
            ContactChange::Added { new } => &new.id,
            ContactChange::Removed { old } | ContactChange::Changed { old, .. } => &old.id,
        }
    }
}

/// Ids added, removed and changed (outcomes, screens, sources).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl IdChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PackDiff {
    /// The pack compared (the local pack, or the national pack when there is none).
    pub id: String,
    /// Version, name, publisher, review-by and expiry dates.
    pub pack: Vec<Change>,
    pub contacts: Vec<ContactChange>,
    /// One per weekday whose hours changed, e.g. ("friday", "09:00 to 16:30", "closed").
    pub office_hours: Vec<Change>,
    pub closed_dates_added: Vec<String>,
    pub closed_dates_removed: Vec<String>,
    pub escalation: Option<Change>,
    /// Local text added to national outcomes, by outcome id.
    pub additions: Vec<Change>,
    pub outcomes: IdChanges,
    pub nodes: IdChanges,
    pub sources: IdChanges,
}

fn compared(packs: &PackSet) -> &PackInfo {
    packs.locals().last().unwrap_or(packs.national())
}

fn change(what: &str, old: Option<String>, new: Option<String>) -> Option<Change> {
    (old != new).then(|| Change { what: what.to_string(), old, new })
}

fn hours_text(packs: &PackSet) -> Vec<String> {
    match packs.office_hours() {
        Some(h) => h.describe(),
        None => Vec::new(),
    }
}

fn by_id<T, K: Ord + Clone>(items: impl Iterator<Item = T>, key: impl Fn(&T) -> K) -> BTreeMap<K, T> {
    items.map(|i| (key(&i), i)).collect()
}

fn id_changes<T: PartialEq>(old: &BTreeMap<String, T>, new: &BTreeMap<String, T>) -> IdChanges {
    let mut out = IdChanges::default();
    for (id, o) in old {
        match new.get(id) {
            None => out.removed.push(id.clone()),
            Some(n) if n != o => out.changed.push(id.clone()),
            _ => {}
        }
    }
    out.added = new.keys().filter(|k| !old.contains_key(*k)).cloned().collect();
    out
}

/// A node as compared: its fields, with the ids it leads to instead of graph indexes.
fn node_key(packs: &PackSet, n: &pathway::NodeDef) -> String {
    let name = |i: usize| packs.nodes()[i].id.clone();
    let answers: Vec<(String, String, Option<String>, String)> =
        n.answers.iter().map(|a| (a.value.clone(), a.label.clone(), a.help.clone(), name(a.next))).collect();
    let routes: Vec<(String, String)> = n.routes.iter().map(|r| (format!("{:?}", r.when), name(r.to))).collect();
    let items: Vec<String> = n.items.iter().map(|i| format!("{}|{}|{:?}|{:?}", i.fact, i.label, i.help, i.when)).collect();
    format!(
        "{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        n.kind, n.title, n.help, n.sources, n.fact, answers, items, n.outcome, n.when, n.text, routes
    )
}

impl PackDiff {
    /// What changed from `old` to `new`.
    pub fn between(old: &PackSet, new: &PackSet) -> PackDiff {
        let (oi, ni) = (compared(old), compared(new));
        let mut diff = PackDiff { id: ni.id.clone(), ..PackDiff::default() };
        let fields: [(&str, Option<String>, Option<String>); 6] = [
            ("id", Some(oi.id.clone()), Some(ni.id.clone())),
            ("version", Some(oi.version.clone()), Some(ni.version.clone())),
            ("name", Some(oi.name.clone()), Some(ni.name.clone())),
            ("publisher", Some(oi.publisher.clone()), Some(ni.publisher.clone())),
            ("review by", Some(oi.review_by.clone()), Some(ni.review_by.clone())),
            ("expires", oi.expires.clone(), ni.expires.clone()),
        ];
        diff.pack = fields.into_iter().filter_map(|(w, o, n)| change(w, o, n)).collect();

        let old_c = by_id(old.contacts().iter().map(ContactSide::from), |c| c.id.clone());
        let new_c = by_id(new.contacts().iter().map(ContactSide::from), |c| c.id.clone());
        for (id, o) in &old_c {
            match new_c.get(id) {
                None => diff.contacts.push(ContactChange::Removed { old: o.clone() }),
                Some(n) if n != o => diff.contacts.push(ContactChange::Changed { old: o.clone(), new: n.clone(), changes: contact_changes(o, n) }),
                _ => {}
            }
        }
        for (id, n) in &new_c {
            if !old_c.contains_key(id) {
                diff.contacts.push(ContactChange::Added { new: n.clone() });
            }
        }

        let (oh, nh) = (hours_text(old), hours_text(new));
        if oh != nh {
            for day in 0..7 {
                let o = oh.get(day).cloned();
                let n = nh.get(day).cloned();
                let name = pathway_day(day);
                let strip = |s: Option<String>| s.map(|s| s.split_once(' ').map_or(s.clone(), |(_, rest)| rest.to_string()));
                diff.office_hours.extend(change(name, strip(o), strip(n)));
            }
        }
        let dates = |p: &PackSet| -> BTreeSet<String> { p.office_hours().map(|h| h.closed_dates.iter().map(|d| d.to_string()).collect()).unwrap_or_default() };
        let (od, nd) = (dates(old), dates(new));
        diff.closed_dates_added = nd.difference(&od).cloned().collect();
        diff.closed_dates_removed = od.difference(&nd).cloned().collect();
        diff.escalation = change("escalation", old.escalation().map(|e| e.text.clone()), new.escalation().map(|e| e.text.clone()));
        for o in new.outcomes().iter().map(|o| &o.id).chain(old.outcomes().iter().map(|o| &o.id)).collect::<BTreeSet<_>>() {
            let text = |p: &PackSet| {
                let t: Vec<&str> = p.additions(o).iter().map(|a| a.text.as_str()).collect();
                (!t.is_empty()).then(|| t.join("\n"))
            };
            diff.additions.extend(change(o, text(old), text(new)));
        }

        let outcome_json =
            |p: &PackSet| by_id(p.outcomes().iter(), |o| o.id.clone()).into_iter().map(|(k, o)| (k, format!("{o:?}"))).collect::<BTreeMap<_, _>>();
        diff.outcomes = id_changes(&outcome_json(old), &outcome_json(new));
        let nodes = |p: &PackSet| p.nodes().iter().map(|n| (n.id.clone(), node_key(p, n))).collect::<BTreeMap<_, _>>();
        diff.nodes = id_changes(&nodes(old), &nodes(new));
        let sources = |p: &PackSet| p.sources().map(|s| (s.id.clone(), format!("{s:?}"))).collect::<BTreeMap<_, _>>();
        diff.sources = id_changes(&sources(old), &sources(new));
        diff
    }

    /// True when nothing a user would see changed.
    pub fn is_empty(&self) -> bool {
        self.pack.is_empty()
            && self.contacts.is_empty()
            && self.office_hours.is_empty()
            && self.closed_dates_added.is_empty()
            && self.closed_dates_removed.is_empty()
            && self.escalation.is_none()
            && self.additions.is_empty()
            && self.outcomes.is_empty()
            && self.nodes.is_empty()
            && self.sources.is_empty()
    }

    /// The comparison as plain text for a reviewer, before and after side by side.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
        let _ = writeln!(s, "Pack {}", self.id);
        if self.pack.is_empty() {
            let _ = writeln!(s, "  version, name and dates unchanged");
        }
        for c in &self.pack {
            let _ = writeln!(s, "  {:<10} {:<40} -> {}", c.what, show(&c.old), show(&c.new));
        }
        let _ = writeln!(s, "\nContacts");
        if self.contacts.is_empty() {
            let _ = writeln!(s, "  no change");
        }
        for c in &self.contacts {
            match c {
                ContactChange::Added { new } => {
                    let _ = writeln!(s, "  added    {}: {}", new.id, new.name);
                    side_lines(&mut s, None, Some(new));
                }
                ContactChange::Removed { old } => {
                    let _ = writeln!(s, "  removed  {}: {}", old.id, old.name);
                    side_lines(&mut s, Some(old), None);
                }
                ContactChange::Changed { old, new, changes } => {
                    let what: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
                    let _ = writeln!(s, "  changed  {} ({})", new.id, what.join(", "));
                    side_lines(&mut s, Some(old), Some(new));
                }
            }
        }
        let _ = writeln!(s, "\nOffice hours");
        if self.office_hours.is_empty() && self.closed_dates_added.is_empty() && self.closed_dates_removed.is_empty() {
            let _ = writeln!(s, "  no change");
        }
        for c in &self.office_hours {
            let _ = writeln!(s, "  {:<10} {:<40} -> {}", c.what, show(&c.old), show(&c.new));
        }
        if !self.closed_dates_added.is_empty() {
            let _ = writeln!(s, "  closed dates added:   {}", self.closed_dates_added.join(", "));
        }
        if !self.closed_dates_removed.is_empty() {
            let _ = writeln!(s, "  closed dates removed: {}", self.closed_dates_removed.join(", "));
        }
        if let Some(e) = &self.escalation {
            let _ = writeln!(s, "\nEscalation text changed\n  before: {}\n  after:  {}", show(&e.old), show(&e.new));
        }
        for a in &self.additions {
            let _ = writeln!(s, "\nLocal text for outcome {} changed\n  before: {}\n  after:  {}", a.what, show(&a.old), show(&a.new));
        }
        for (name, ids) in [("Outcomes", &self.outcomes), ("Screens", &self.nodes), ("Sources", &self.sources)] {
            if !ids.is_empty() {
                let _ = writeln!(s, "\n{name}");
                for (label, list) in [("added", &ids.added), ("removed", &ids.removed), ("changed", &ids.changed)] {
                    if !list.is_empty() {
                        let _ = writeln!(s, "  {label}: {}", list.join(", "));
                    }
                }
            }
        }
        s
    }
}

fn pathway_day(day: usize) -> &'static str {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][day]
}

fn contact_changes(o: &ContactSide, n: &ContactSide) -> Vec<Change> {
    let nums = |c: &ContactSide| (!c.numbers.is_empty()).then(|| c.numbers.iter().map(|(l, v)| format!("{l}: {v}")).collect::<Vec<_>>().join("; "));
    [
        change("name", Some(o.name.clone()), Some(n.name.clone())),
        change("numbers", nums(o), nums(n)),
        change("hours", o.hours.clone(), n.hours.clone()),
        change("description", o.description.clone(), n.description.clone()),
        change("placeholder", Some(o.placeholder.to_string()), Some(n.placeholder.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Before and after in two columns: name, each number, hours.
fn side_lines(s: &mut String, old: Option<&ContactSide>, new: Option<&ContactSide>) {
    const W: usize = 44;
    let cut = |t: &str| -> String {
        if t.chars().count() > W - 2 {
            format!("{}…", t.chars().take(W - 3).collect::<String>())
        } else {
            t.to_string()
        }
    };
    let _ = writeln!(s, "      {:<12} {:<W$} after", "", "before");
    let row = |s: &mut String, label: &str, o: Option<String>, n: Option<String>| {
        let mark = if o != n { "*" } else { " " };
        let _ = writeln!(s, "    {mark} {:<12} {:<W$} {}", label, cut(&o.unwrap_or_else(|| "-".into())), cut(&n.unwrap_or_else(|| "-".into())));
    };
    row(s, "name", old.map(|c| c.name.clone()), new.map(|c| c.name.clone()));
    let mut labels: Vec<String> = Vec::new();
    for c in old.iter().chain(new.iter()) {
        for (l, _) in &c.numbers {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    for l in labels {
        let find = |c: Option<&ContactSide>| c.and_then(|c| c.numbers.iter().find(|(x, _)| *x == l).map(|(_, v)| v.clone()));
        row(s, &cut_label(&l), find(old), find(new));
    }
    if old.is_some_and(|c| c.placeholder) || new.is_some_and(|c| c.placeholder) {
        row(
            s,
            "number",
            old.map(|c| if c.placeholder { "(no local number)".into() } else { "set".into() }),
            new.map(|c| if c.placeholder { "(no local number)".into() } else { "set".into() }),
        );
    }
    row(s, "hours", old.and_then(|c| c.hours.clone()), new.and_then(|c| c.hours.clone()));
    if old.is_some() && new.is_some() && old.map(|c| &c.description) != new.map(|c| &c.description) {
        let _ = writeln!(s, "    * description before: {}", old.and_then(|c| c.description.clone()).unwrap_or_default());
        let _ = writeln!(s, "      description after:  {}", new.and_then(|c| c.description.clone()).unwrap_or_default());
    }
}

fn cut_label(l: &str) -> String {
    if l.chars().count() > 12 {
        format!("{}…", l.chars().take(11).collect::<String>())
    } else {
        l.to_string()
    }
}
