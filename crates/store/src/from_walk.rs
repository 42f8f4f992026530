//! The engine's finished walk as the store keeps it (feature `pathway`): data only, so
//! the record reads without the pack, and the engine can change without a schema change.
//! The CLI's `records add` and the desktop app's "Save record" both build records here.

use crate::model::{ActionDue, NewRecord, PackRef, PathStep};
use jiff::civil::DateTime;
use pathway::{Deadline, NodeKind, PackInfo, PackSet, WalkResult};

/// A record of `result`, walked over `packs` by someone from `agency`, saved at `now` (the
/// app's clock, local time): each action keeps when it is due and the deadline that
/// makes on the local pack's working days.
pub fn new_record(packs: &PackSet, result: &WalkResult, agency: &str, reference: &str, notes: &str, now: DateTime) -> NewRecord {
    let calendar = packs.working_calendar();
    let pack_ref = |p: &PackInfo| PackRef { name: p.name.clone(), version: p.version.clone() };
    NewRecord {
        reference: reference.trim().to_string(),
        agency: agency.to_string(),
        pack: pack_ref(packs.national()),
        local_packs: packs.locals().iter().map(pack_ref).collect(),
        walk: result
            .path
            .iter()
            .map(|s| PathStep {
                node: s.node.clone(),
                fact: s.fact.clone(),
                answer: s.answer.clone(),
                question: Some(shown_question(packs, s)),
                answer_label: s.answer_label.clone(),
            })
            .collect(),
        outcomes: result.outcomes.iter().map(|o| o.id.clone()).collect(),
        outcome_titles: result.outcomes.iter().map(|o| (o.id.clone(), o.title.clone())).collect(),
        contacts: result.contacts.clone(),
        notes: notes.to_string(),
        due: result
            .outcomes
            .iter()
            .map(|o| {
                let deadline = match o.due.deadline(now, &calendar) {
                    Deadline::Now(t) | Deadline::By(t) => Some(crate::time::to_second(t)),
                    Deadline::NotSet => None,
                };
                (o.id.clone(), ActionDue { due: o.due.to_string(), deadline })
            })
            .collect(),
    }
}

/// The engine's deadline of an action as the record keeps it, so the app can put it in
/// the engine's words; `None` when the record holds no due time for it.
pub fn deadline(due: &ActionDue) -> Option<Deadline> {
    let parsed: pathway::Due = due.due.parse().ok()?;
    Some(match (parsed, due.deadline) {
        (pathway::Due::Now, Some(t)) => Deadline::Now(t),
        (_, Some(t)) => Deadline::By(t),
        (_, None) => Deadline::NotSet,
    })
}

/// What the screen showed for this answer: a checklist's item label (each item is a
/// step of its own under the screen's shared title), else the screen's title.
fn shown_question(packs: &PackSet, step: &pathway::PathStep) -> String {
    match (step.kind, &step.fact) {
        (NodeKind::Checklist, Some(fact)) => packs.fact(fact).map_or_else(|| step.title.clone(), |f| f.label.clone()),
        _ => step.title.clone(),
    }
}
