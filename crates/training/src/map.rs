//! The whole pathway as a map: the pack's graph laid out by `layout-rs` (as the engine's
//! own SVG is) and drawn by a backend of ours, so that every node is a focusable,
//! labelled group the app can make clickable, and the trainee's route and the expected
//! route are told apart by line style and a text legend as well as by colour. The
//! outline is the same graph as text, for screen readers and for reading.

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use pathway::{citations, Citation, NodeKind, PackSet, WalkResult};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::Write;

/// The nodes two walks went through, in order (`WalkResult::visited`): the trainee's and
/// the expected one. Either may be empty (the map outside training shows neither).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routes {
    pub trainee: Vec<String>,
    pub expected: Vec<String>,
}

impl Routes {
    pub fn of(trainee: Option<&WalkResult>, expected: Option<&WalkResult>) -> Routes {
        Routes { trainee: trainee.map(|r| r.visited.clone()).unwrap_or_default(), expected: expected.map(|r| r.visited.clone()).unwrap_or_default() }
    }
}

/// The nodes and the edges (pairs of node ids) of a route.
fn on_route(route: &[String]) -> (HashSet<&str>, HashSet<(&str, &str)>) {
    (route.iter().map(String::as_str).collect(), route.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect())
}

/// Which routes pass through a node or along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct On {
    trainee: bool,
    expected: bool,
}

impl On {
    fn class(self) -> &'static str {
        match (self.trainee, self.expected) {
            (true, true) => " on-both",
            (true, false) => " on-trainee",
            (false, true) => " on-expected",
            (false, false) => "",
        }
    }
    fn words(self) -> &'static str {
        match (self.trainee, self.expected) {
            (true, true) => " On your route and on the expected route.",
            (true, false) => " On your route only.",
            (false, true) => " On the expected route only.",
            (false, false) => "",
        }
    }
}

/// Why a map could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("the map could not be laid out: {0}")]
pub struct MapError(String);

const BLUE: &str = "#1d4ed8";
// Drawn with presentation attributes, so the map looks right even where a
// Content-Security-Policy refuses the inline <style> (the app's `style-src 'self'`);
// the <style> adds only focus and hover, which the app's own stylesheet can give too.
const PLAIN_LINE: &str = r##"fill="none" stroke="#6b7280" stroke-width="1.5""##;
const TRAINEE_LINE: &str = r##"fill="none" stroke="#1d4ed8" stroke-width="5""##;
const EXPECTED_LINE: &str = r##"fill="none" stroke="#c2410c" stroke-width="4" stroke-dasharray="10 6""##;
const EXPECTED_OVER: &str = r##"fill="none" stroke="#c2410c" stroke-width="3" stroke-dasharray="10 6""##;

fn fill(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Question | NodeKind::Checklist => "#dbe8f6",
        NodeKind::Action => "#fde9c8",
        NodeKind::End => "#e3f1e3",
    }
}
const ORANGE: &str = "#c2410c";
const LINE_HEIGHT: f64 = 15.0;
const LEGEND_HEIGHT: f64 = 170.0;

/// The map of the whole pack as an SVG document (no scripts, no remote resources).
///
/// Each node is `<g id="node-<id>" class="node …" tabindex="0" role="button"
/// aria-label="<kind>: <title>. <routes>">`, drawn edges before nodes; an edge on the
/// trainee's route is a solid blue line, on the expected route a dashed orange line, on
/// both a blue line under orange dashes; nodes are outlined the same way. The legend at
/// the top says so in words.
pub fn map_svg(packs: &PackSet, routes: &Routes) -> Result<String, MapError> {
    Ok(MapLayout::new(packs)?.svg(packs, routes))
}

/// Where every node and edge of a pack's map goes: the slow part of drawing it (layout-rs
/// places the graph), made once and kept, so that a map with other routes is only drawn
/// again ([`MapLayout::svg`]). It belongs to the pack set it was made from.
pub struct MapLayout {
    canvas: Canvas,
    nodes: usize,
}

impl std::fmt::Debug for MapLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MapLayout").field("nodes", &self.nodes).field("edges", &self.canvas.edges.len()).finish()
    }
}

impl MapLayout {
    /// Lays out the pack's graph.
    pub fn new(packs: &PackSet) -> Result<MapLayout, MapError> {
        let nodes = packs.nodes();
        let mut graph = VisualGraph::new(Orientation::TopToBottom);
        let mut handles = Vec::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            let lines = node_lines(packs, i);
            // Sized for the text we draw: about 6.6 px a character at 12 px, 15 px a line.
            let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
            let size = Point::new((longest * 6.6 + 28.0).max(90.0), lines.len() as f64 * LINE_HEIGHT + 16.0);
            let shape = if node.kind == NodeKind::End { ShapeKind::new_double_circle(" ") } else { ShapeKind::new_box(" ") };
            let look = StyleAttr::new(layout::core::color::Color::fast("black"), 1, None, 0, 7);
            handles.push(graph.add_node(Element::create_with_properties(shape, look, Orientation::TopToBottom.flip(), size, format!("node:{i}"))));
        }
        for i in 0..nodes.len() {
            for (to, label) in edges(packs, i) {
                let look = StyleAttr::new(layout::core::color::Color::fast("black"), 1, None, 0, 7);
                let arrow = Arrow::with_properties(
                    LineEndKind::None,
                    LineEndKind::Arrow,
                    LineStyleKind::Normal,
                    &short(&label, 30),
                    &look,
                    format!("edge:{i}:{to}"),
                    &None,
                    &None,
                );
                graph.add_edge(arrow, handles[i], handles[to]);
            }
        }
        let mut canvas = Canvas::default();
        // layout-rs asserts on graphs it cannot handle; a checked pack is a rooted DAG,
        // but a map is never worth a crash.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| graph.do_it(false, false, false, &mut canvas)))
            .map_err(|_| MapError("layout-rs could not place the graph".into()))?;
        Ok(MapLayout { canvas, nodes: nodes.len() })
    }

    /// The map as an SVG document with these routes marked (see [`map_svg`]). `packs` is
    /// the pack set the layout was made from (a different one is laid out afresh).
    pub fn svg(&self, packs: &PackSet, routes: &Routes) -> String {
        if self.nodes != packs.nodes().len() {
            return map_svg(packs, routes).unwrap_or_default();
        }
        draw(packs, &self.canvas, routes)
    }
}

fn draw(packs: &PackSet, canvas: &Canvas, routes: &Routes) -> String {
    let nodes = packs.nodes();
    let (trainee_nodes, trainee_edges) = on_route(&routes.trainee);
    let (expected_nodes, expected_edges) = on_route(&routes.expected);

    let edge_on = |from: usize, to: usize| {
        let key = (nodes[from].id.as_str(), nodes[to].id.as_str());
        On { trainee: trainee_edges.contains(&key), expected: expected_edges.contains(&key) }
    };
    let node_on = |i: usize| On { trainee: trainee_nodes.contains(nodes[i].id.as_str()), expected: expected_nodes.contains(nodes[i].id.as_str()) };
    let has_routes = !routes.trainee.is_empty() || !routes.expected.is_empty();

    let width = (canvas.max.x + 20.0).max(560.0);
    let height = canvas.max.y + 20.0 + LEGEND_HEIGHT;
    let mut out = String::with_capacity(64 * 1024 + nodes.len() * 600);
    let title = format!("The pathway of {}", packs.national().name);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="pathway-map" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="group" aria-labelledby="pathway-map-title pathway-map-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="12" fill="#111">"##,
        w = fmt(width),
        h = fmt(height)
    );
    let _ = write!(out, r#"<title id="pathway-map-title">{}</title><desc id="pathway-map-desc">{}</desc>"#, esc(&title), esc(&legend_words(has_routes)));
    out.push_str(STYLE);
    out.push_str(DEFS);
    legend(&mut out, has_routes);
    let _ = write!(out, r#"<g transform="translate(0 {})">"#, fmt(LEGEND_HEIGHT));

    out.push_str(r#"<g class="edges" aria-hidden="true">"#);
    for edge in &canvas.edges {
        let on = edge_on(edge.from, edge.to);
        let _ = write!(out, r#"<g class="edge{}" data-from="{}" data-to="{}">"#, on.class(), esc(&nodes[edge.from].id), esc(&nodes[edge.to].id));
        match (on.trainee, on.expected) {
            (true, true) => {
                let _ = write!(
                    out,
                    r#"<path class="line trainee" d="{}" {TRAINEE_LINE} marker-end="url(#pm-arrow-trainee)"/><path class="line expected-over" d="{}" {EXPECTED_OVER}/>"#,
                    edge.d, edge.d
                );
            }
            (true, false) => {
                let _ = write!(out, r#"<path class="line trainee" d="{}" {TRAINEE_LINE} marker-end="url(#pm-arrow-trainee)"/>"#, edge.d);
            }
            (false, true) => {
                let _ = write!(out, r#"<path class="line expected" d="{}" {EXPECTED_LINE} marker-end="url(#pm-arrow-expected)"/>"#, edge.d);
            }
            (false, false) => {
                let _ = write!(out, r#"<path class="line" d="{}" {PLAIN_LINE} marker-end="url(#pm-arrow)"/>"#, edge.d);
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");

    out.push_str(r##"<g class="edge-labels" aria-hidden="true" font-size="11" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">"##);
    for (at, text) in &canvas.labels {
        let _ = write!(out, r#"<text x="{}" y="{}" text-anchor="middle" dominant-baseline="middle">{}</text>"#, fmt(at.x), fmt(at.y), esc(text.trim()));
    }
    out.push_str("</g>");

    out.push_str(r#"<g class="nodes">"#);
    for shape in &canvas.nodes {
        let node = &nodes[shape.node];
        let on = node_on(shape.node);
        let kind = kind_word(node.kind);
        let mut label = format!("{kind}: {}", node.title);
        if let Some(outcome) = node.outcome.as_deref().and_then(|o| packs.outcome(o)) {
            let _ = write!(label, " (outcome: {})", outcome.title);
        }
        label.push('.');
        label.push_str(on.words());
        let _ = write!(
            out,
            r#"<g id="node-{id}" class="node {kind_class}{route}" data-node="{id}" tabindex="0" role="button" aria-label="{label}">"#,
            id = esc(&node.id),
            kind_class = kind.to_lowercase(),
            route = on.class(),
            label = esc(&label)
        );
        let (x, y, w, h) = (shape.at.x, shape.at.y, shape.size.x, shape.size.y);
        let rx = if node.kind == NodeKind::End { h / 2.0 } else { 4.0 };
        let _ = write!(
            out,
            r##"<rect class="focus-ring" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="none" stroke="#111" stroke-width="3" visibility="hidden"/>"##,
            fmt(x - 6.0),
            fmt(y - 6.0),
            fmt(w + 12.0),
            fmt(h + 12.0),
            fmt(rx + 6.0)
        );
        let _ = write!(
            out,
            r##"<rect class="box" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="#374151" stroke-width="1"/>"##,
            fmt(x),
            fmt(y),
            fmt(w),
            fmt(h),
            fmt(rx),
            fill(node.kind)
        );
        if on.trainee {
            let _ = write!(
                out,
                r#"<rect class="mark trainee" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="none" stroke="{BLUE}" stroke-width="4"/>"#,
                fmt(x),
                fmt(y),
                fmt(w),
                fmt(h),
                fmt(rx)
            );
        }
        if on.expected {
            // Inside the trainee's outline when both pass, so both can be seen.
            let inset = if on.trainee { 4.0 } else { 0.0 };
            let _ = write!(
                out,
                r#"<rect class="mark expected" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="none" stroke="{ORANGE}" stroke-width="3" stroke-dasharray="8 5"/>"#,
                fmt(x + inset),
                fmt(y + inset),
                fmt(w - 2.0 * inset),
                fmt(h - 2.0 * inset),
                fmt((rx - inset).max(0.0))
            );
        }
        let lines = node_lines(packs, shape.node);
        let center = x + w / 2.0;
        let first = y + h / 2.0 - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0;
        out.push_str(r#"<text text-anchor="middle" dominant-baseline="middle">"#);
        for (n, line) in lines.iter().enumerate() {
            let class = if n == 0 { r#" class="kind" font-weight="700" font-size="11" letter-spacing="0.04em""# } else { "" };
            // A space between lines, so the text reads as words ("QUESTION Could a child…"),
            // as the node's accessible name does, not "QUESTIONCould".
            let gap = if n == 0 { "" } else { " " };
            let _ = write!(out, r#"{gap}<tspan x="{}" y="{}"{class}>{}</tspan>"#, fmt(center), fmt(first + n as f64 * LINE_HEIGHT), esc(line));
        }
        out.push_str("</text></g>");
    }
    out.push_str("</g></g></svg>\n");
    out
}

/// Focus and hover only: everything else is drawn with attributes. An app whose CSP
/// refuses inline styles gives these rules (on the same classes) in its stylesheet.
const STYLE: &str = r#"<style>
.pathway-map .node { cursor: pointer; outline: none; }
.pathway-map .node:focus .focus-ring, .pathway-map .node:hover .focus-ring { visibility: visible; }
.pathway-map .node.selected .focus-ring { visibility: visible; stroke-dasharray: 3 3; }
</style>"#;

const DEFS: &str = r##"<defs>
<marker id="pm-arrow" markerWidth="10" markerHeight="8" refX="10" refY="4" orient="auto" markerUnits="userSpaceOnUse"><path d="M0 0 L10 4 L0 8 z" fill="#6b7280"/></marker>
<marker id="pm-arrow-trainee" markerWidth="12" markerHeight="10" refX="12" refY="5" orient="auto" markerUnits="userSpaceOnUse"><path d="M0 0 L12 5 L0 10 z" fill="#1d4ed8"/></marker>
<marker id="pm-arrow-expected" markerWidth="12" markerHeight="10" refX="12" refY="5" orient="auto" markerUnits="userSpaceOnUse"><path d="M0 0 L12 5 L0 10 z" fill="#c2410c"/></marker>
</defs>"##;

/// The legend in words, for the map's description.
fn legend_words(has_routes: bool) -> String {
    let mut words = String::from("Each box is one step of the pathway, with its kind written at the top: questions and checklists are blue boxes, actions orange boxes, and the end a green rounded box. Arrows lead from each step to the next, labelled with the answer or condition that leads there.");
    if has_routes {
        words.push_str(" Your route is drawn as a solid blue line and a solid blue outline; the expected route as a dashed orange line and a dashed orange outline; where both routes go, a blue line under orange dashes.");
    }
    words
}

/// The legend drawn at the top of the map: a sample of each line and outline, in words.
fn legend(out: &mut String, has_routes: bool) {
    out.push_str(r##"<g class="legend" aria-hidden="true"><rect class="panel" x="8" y="8" width="540" height="150" rx="6" fill="#fff" stroke="#9ca3af"/>"##);
    out.push_str(r#"<text x="20" y="30" font-weight="700">Key</text>"#);
    let mut y = 52.0;
    if has_routes {
        let rows: [(&str, String); 3] = [
            ("Your route: solid blue line and outline", format!(r#"<line x1="20" y1="{y}" x2="80" y2="{y}" stroke="{BLUE}" stroke-width="5"/>"#)),
            (
                "The expected route: dashed orange line and outline",
                format!(r#"<line x1="20" y1="{y2}" x2="80" y2="{y2}" stroke="{ORANGE}" stroke-width="4" stroke-dasharray="10 6"/>"#, y2 = y + 22.0),
            ),
            (
                "Both routes: blue line under orange dashes",
                format!(
                    r#"<line x1="20" y1="{y3}" x2="80" y2="{y3}" stroke="{BLUE}" stroke-width="5"/><line x1="20" y1="{y3}" x2="80" y2="{y3}" stroke="{ORANGE}" stroke-width="3" stroke-dasharray="10 6"/>"#,
                    y3 = y + 44.0
                ),
            ),
        ];
        for (n, (words, sample)) in rows.iter().enumerate() {
            out.push_str(sample);
            let _ = write!(out, r#"<text x="92" y="{}" dominant-baseline="middle">{}</text>"#, fmt(y + 22.0 * n as f64), esc(words));
        }
        y += 66.0;
    }
    let _ = write!(
        out,
        r##"<rect x="20" y="{}" width="26" height="16" fill="#dbe8f6" stroke="#374151"/><text x="52" y="{}" dominant-baseline="middle">Question or checklist</text>"##,
        fmt(y - 8.0),
        fmt(y)
    );
    let _ = write!(
        out,
        r##"<rect x="210" y="{}" width="26" height="16" fill="#fde9c8" stroke="#374151"/><text x="242" y="{}" dominant-baseline="middle">Action</text>"##,
        fmt(y - 8.0),
        fmt(y)
    );
    let _ = write!(
        out,
        r##"<rect x="310" y="{}" width="26" height="16" rx="8" fill="#e3f1e3" stroke="#374151"/><text x="342" y="{}" dominant-baseline="middle">End</text>"##,
        fmt(y - 8.0),
        fmt(y)
    );
    let _ = write!(
        out,
        r#"<text x="20" y="{}" dominant-baseline="middle">Each box says its kind at the top. Tab to a step, then Enter, to read it.</text>"#,
        fmt(y + 24.0)
    );
    out.push_str("</g>");
}

fn kind_word(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Question => "Question",
        NodeKind::Checklist => "Checklist",
        NodeKind::Action => "Action",
        NodeKind::End => "End",
    }
}

/// The lines drawn in a node: its kind, then its title wrapped (and an action's condition).
fn node_lines(packs: &PackSet, i: usize) -> Vec<String> {
    let node = &packs.nodes()[i];
    let mut lines = vec![kind_word(node.kind).to_uppercase()];
    lines.extend(wrap(&short(&node.title, 160), 30));
    if node.kind == NodeKind::Action && node.when.is_some() {
        lines.push("(only for some)".to_string());
    }
    lines
}

/// The edges out of node `i`: (target index, the answer or condition in short words).
fn edges(packs: &PackSet, i: usize) -> Vec<(usize, String)> {
    let node = &packs.nodes()[i];
    let mut out: Vec<(usize, String)> = node.answers.iter().map(|a| (a.next, a.label.clone())).collect();
    let guarded = node.routes.iter().filter(|r| r.when.is_some()).count();
    for route in &node.routes {
        let label = match &route.when {
            Some(cond) => cond.0.iter().map(|(f, vs)| format!("{f}: {}", vs.join("/"))).collect::<Vec<_>>().join(", "),
            None if guarded > 0 => "otherwise".to_string(),
            None => String::new(),
        };
        out.push((route.to, label));
    }
    out
}

/// A node's shape as drawn: its node index, top-left corner and size.
struct NodeShape {
    node: usize,
    at: Point,
    size: Point,
}

struct EdgePath {
    from: usize,
    to: usize,
    d: String,
}

/// A layout-rs backend that keeps what it is given, so the SVG can be written with
/// groups, ids and classes: nodes come tagged `node:<index>` (and their label drawn
/// next), edges `edge:<from>:<to>`; other text is an edge's label.
struct Canvas {
    nodes: Vec<NodeShape>,
    edges: Vec<EdgePath>,
    labels: Vec<(Point, String)>,
    /// A node whose own label is still to come (layout-rs draws it after the shape).
    pending: bool,
    max: Point,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas { nodes: Vec::new(), edges: Vec::new(), labels: Vec::new(), pending: false, max: Point::zero() }
    }
}

impl Canvas {
    fn grow(&mut self, p: Point) {
        self.max.x = self.max.x.max(p.x);
        self.max.y = self.max.y.max(p.y);
    }

    fn shape(&mut self, top_left: Point, size: Point, properties: Option<String>) {
        let Some(node) = properties.as_deref().and_then(|p| p.strip_prefix("node:")).and_then(|n| n.parse().ok()) else { return };
        self.grow(top_left.add(size));
        self.nodes.push(NodeShape { node, at: top_left, size });
        self.pending = true;
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(&mut self, xy: Point, size: Point, _look: &StyleAttr, properties: Option<String>, _clip: Option<ClipHandle>) {
        self.shape(xy, size, properties);
    }

    fn draw_line(&mut self, _start: Point, _stop: Point, _look: &StyleAttr, _properties: Option<String>) {}

    fn draw_circle(&mut self, xy: Point, size: Point, _look: &StyleAttr, properties: Option<String>) {
        // Circles are given by their centre.
        self.shape(xy.sub(size.scale(0.5)), size, properties);
    }

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        if std::mem::take(&mut self.pending) {
            return; // the node's sizing label: its real text is drawn from the pack
        }
        self.grow(xy.add(Point::new(text.chars().count() as f64 * 3.5, 10.0)));
        self.labels.push((xy, text.to_string()));
    }

    fn draw_arrow(&mut self, path: &[(Point, Point)], _dashed: bool, _head: (bool, bool), _look: &StyleAttr, properties: Option<String>, _text: &str) {
        let Some((from, to)) = properties
            .as_deref()
            .and_then(|p| p.strip_prefix("edge:"))
            .and_then(|p| p.split_once(':'))
            .and_then(|(f, t)| Some((f.parse().ok()?, t.parse().ok()?)))
        else {
            return;
        };
        if path.len() < 2 {
            return;
        }
        for (a, b) in path {
            self.grow(*a);
            self.grow(*b);
        }
        // As layout-rs's own SVG writer: the exit vector, then an entry vector a point.
        let mut d = format!(
            "M {} {} C {} {}, {} {}, {} {}",
            fmt(path[0].0.x),
            fmt(path[0].0.y),
            fmt(path[0].1.x),
            fmt(path[0].1.y),
            fmt(path[1].0.x),
            fmt(path[1].0.y),
            fmt(path[1].1.x),
            fmt(path[1].1.y)
        );
        for (a, b) in path.iter().skip(2) {
            let _ = write!(d, " S {} {}, {} {}", fmt(a.x), fmt(a.y), fmt(b.x), fmt(b.y));
        }
        self.edges.push(EdgePath { from, to, d });
    }

    fn create_clip(&mut self, _xy: Point, _size: Point, _rounded_px: usize) -> ClipHandle {
        0
    }
}

/// A coordinate with at most one decimal.
fn fmt(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Text for XML content and attributes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// Breaks text into lines of about `width` characters.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in s.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// One node of the outline: the map as text.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OutlineNode {
    pub id: String,
    pub kind: NodeKind,
    /// The question, or the action's title.
    pub title: String,
    pub help: Option<String>,
    pub sources: Vec<Citation>,
    /// A question's fact.
    pub fact: Option<String>,
    /// A checklist's items.
    pub items: Vec<OutlineItem>,
    /// An action's outcome.
    pub outcome: Option<OutlineOutcome>,
    /// An action's text.
    pub text: Option<String>,
    /// Where the walk goes next, in the order the walk tries them.
    pub edges: Vec<OutlineEdge>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OutlineItem {
    pub fact: String,
    pub label: String,
    pub help: Option<String>,
    /// When the item is shown only to some, the condition in words.
    pub shown_when: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OutlineOutcome {
    pub id: String,
    pub title: String,
    /// When the action gives its outcome only under a condition, the condition in words.
    pub when: Option<String>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Serialize)]
pub struct OutlineEdge {
    pub to: String,
    pub to_title: String,
    /// In words: `Answer "Yes, or I am not sure"`, `If Child in danger right now is yes`,
    /// `Otherwise`, or `Next`.
    pub when: String,
}

/// The whole graph as text, every node once, each after every node that leads to it
/// (and otherwise in the pack's order), starting at the pack's start.
pub fn outline(packs: &PackSet) -> Vec<OutlineNode> {
    let nodes = packs.nodes();
    order(packs)
        .into_iter()
        .map(|i| {
            let node = &nodes[i];
            let mut out_edges: Vec<OutlineEdge> = node
                .answers
                .iter()
                .map(|a| OutlineEdge {
                    to: nodes[a.next].id.clone(),
                    to_title: nodes[a.next].title.clone(),
                    when: format!("Answer \u{201c}{}\u{201d}", a.label),
                })
                .collect();
            let several = node.routes.len() > 1;
            for route in &node.routes {
                let when = match &route.when {
                    Some(cond) => format!("If {}", guard_words(packs, cond)),
                    None if several => "Otherwise".to_string(),
                    None => "Next".to_string(),
                };
                out_edges.push(OutlineEdge { to: nodes[route.to].id.clone(), to_title: nodes[route.to].title.clone(), when });
            }
            OutlineNode {
                id: node.id.clone(),
                kind: node.kind,
                title: node.title.clone(),
                help: node.help.clone(),
                sources: citations(packs, &node.sources),
                fact: node.fact.clone(),
                items: node
                    .items
                    .iter()
                    .map(|it| OutlineItem {
                        fact: it.fact.clone(),
                        label: it.label.clone(),
                        help: it.help.clone(),
                        shown_when: it.when.as_ref().map(|c| guard_words(packs, c)),
                    })
                    .collect(),
                outcome: node.outcome.as_deref().map(|o| OutlineOutcome {
                    id: o.to_string(),
                    title: packs.outcome(o).map_or_else(|| o.to_string(), |d| d.title.clone()),
                    when: node.when.as_ref().map(|c| guard_words(packs, c)),
                }),
                text: node.text.clone(),
                edges: out_edges,
            }
        })
        .collect()
}

/// A guard in words: "Child in danger right now is yes and Where you work or volunteer
/// is Police or British Transport Police".
fn guard_words(packs: &PackSet, cond: &pathway::Condition) -> String {
    cond.0
        .iter()
        .map(|(fact, values)| {
            let def = packs.fact(fact);
            let label = def.map_or_else(|| fact.clone(), |d| d.label.clone());
            let values: Vec<&str> = values.iter().map(|v| def.map_or(v.as_str(), |d| d.value_label(v))).collect();
            format!("{label} is {}", values.join(" or "))
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Node indexes in an order where every node follows all nodes leading to it, ties
/// broken by the pack's order (Kahn's algorithm). The graph is a checked DAG.
fn order(packs: &PackSet) -> Vec<usize> {
    let nodes = packs.nodes();
    let targets = |i: usize| nodes[i].answers.iter().map(|a| a.next).chain(nodes[i].routes.iter().map(|r| r.to)).collect::<Vec<_>>();
    let mut incoming = vec![0usize; nodes.len()];
    for i in 0..nodes.len() {
        let mut seen = HashSet::new();
        for t in targets(i) {
            if seen.insert(t) {
                incoming[t] += 1;
            }
        }
    }
    let mut ready: std::collections::BTreeSet<usize> = (0..nodes.len()).filter(|&i| incoming[i] == 0).collect();
    let mut out = Vec::with_capacity(nodes.len());
    while let Some(i) = ready.pop_first() {
        out.push(i);
        let mut seen = HashSet::new();
        for t in targets(i) {
            if seen.insert(t) {
                incoming[t] -= 1;
                if incoming[t] == 0 {
                    ready.insert(t);
                }
            }
        }
    }
    out
}
