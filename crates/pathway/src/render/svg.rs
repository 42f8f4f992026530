use super::{dot, Highlight};
use crate::model::PackSet;
use layout::backends::svg::SVGWriter;
use layout::gv::{DotParser, GraphBuilder};

#[derive(Debug, thiserror::Error)]
#[error("the graph could not be laid out: {0}")]
pub struct SvgError(String);

/// The graph as SVG, laid out by `layout-rs` from the same DOT text.
pub fn svg(packs: &PackSet, highlight: Option<&Highlight>) -> Result<String, SvgError> {
    let text = dot(packs, highlight);
    let graph = DotParser::new(&text).process().map_err(SvgError)?;
    let mut builder = GraphBuilder::new();
    builder.visit_graph(&graph);
    let mut visual = builder.get();
    let mut writer = SVGWriter::new();
    visual.do_it(false, false, false, &mut writer);
    Ok(writer.finalize())
}
