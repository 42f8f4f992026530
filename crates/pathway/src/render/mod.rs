//! Drawing the pathway graph: Graphviz DOT text, and SVG laid out in Rust (no Graphviz
//! binary needed at run time).

mod dot;
mod svg;

pub use dot::dot;
pub use svg::svg;

use crate::walk::WalkResult;
use std::collections::HashSet;

/// The nodes and edges of one walk, drawn highlighted.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    pub nodes: HashSet<String>,
    pub edges: HashSet<(String, String)>,
}

impl Highlight {
    pub fn of_walk(result: &WalkResult) -> Highlight {
        let edges = result.visited.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
        Highlight { nodes: result.visited.iter().cloned().collect(), edges }
    }
}
