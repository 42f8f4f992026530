//! `triage`: walk a pack with every answer taken from a case's facts.

use crate::model::PackSet;
use crate::walk::{Facts, Walk, WalkError, WalkResult};

/// Walks to the end, answering each screen from `facts`; a fact the walk needs that
/// `facts` lacks is taken from its default (and listed in `assumed`) or is an error.
pub fn triage(packs: &PackSet, facts: &Facts) -> Result<WalkResult, WalkError> {
    let context: Facts = packs.context_facts().filter_map(|f| facts.get(&f.id).map(|v| (f.id.clone(), v.clone()))).collect();
    let mut walk = Walk::start(packs, context)?;
    let mut assumed = Vec::new();
    // The graph is acyclic, so each answer moves strictly forward and this ends.
    while !walk.is_finished(packs) {
        let mut answers = Facts::new();
        // Only what the screen shows: an item whose guard does not hold is not asked.
        for fact in walk.asks(packs) {
            let value = match facts.get(fact) {
                Some(v) => v.clone(),
                None => {
                    let default = packs.fact(fact).and_then(|f| f.default.clone());
                    let default = default.ok_or_else(|| WalkError::MissingFact { fact: fact.to_string() })?;
                    assumed.push(fact.to_string());
                    default
                }
            };
            answers.insert(fact.to_string(), value);
        }
        walk.answer(packs, &answers)?;
    }
    let mut result = walk.result(packs);
    result.assumed.extend(assumed);
    result.assumed.sort();
    result.assumed.dedup();
    Ok(result)
}
