use super::Highlight;
use crate::format::NodeKind;
use crate::model::{Condition, PackSet};
use std::fmt::Write;

/// The whole graph as Graphviz DOT, with `highlight`'s walk drawn thick and red.
pub fn dot(packs: &PackSet, highlight: Option<&Highlight>) -> String {
    let lit = |id: &str| highlight.is_some_and(|h| h.nodes.contains(id));
    let mut out = String::from("digraph pathway {\n  rankdir=TB;\n  node [fontsize=12];\n");
    for n in packs.nodes() {
        let shape = match n.kind {
            NodeKind::Question => "box",
            NodeKind::Checklist => "record",
            NodeKind::Action => "box",
            NodeKind::End => "doublecircle",
        };
        let fill = match n.kind {
            NodeKind::Action => "#fde9c8",
            NodeKind::Question | NodeKind::Checklist => "#dbe8f6",
            NodeKind::End => "#e3f1e3",
        };
        let label = match (&n.kind, &n.outcome) {
            (NodeKind::Action, Some(o)) => match &n.when {
                Some(w) => format!("{}\\n[{o}]\\nif {}", wrap(&n.title), short(&guard_text(w), 40)),
                None => format!("{}\\n[{o}]", wrap(&n.title)),
            },
            _ => wrap(&n.title),
        };
        let color = if lit(&n.id) { ", color=\"#c0392b\", penwidth=3" } else { "" };
        let _ = writeln!(out, "  \"{}\" [label=\"{}\", shape={shape}, style=filled, fillcolor=\"{fill}\"{color}];", escape(&n.id), escape_label(&label));
    }
    for n in packs.nodes() {
        let edges =
            n.answers.iter().map(|a| (a.next, a.label.clone())).chain(n.routes.iter().map(|r| (r.to, r.when.as_ref().map(guard_text).unwrap_or_default())));
        for (to, label) in edges {
            let to = &packs.nodes()[to].id;
            let on_path = highlight.is_some_and(|h| h.edges.contains(&(n.id.clone(), to.clone())));
            let color = if on_path { ", color=\"#c0392b\", penwidth=3" } else { "" };
            let _ = writeln!(out, "  \"{}\" -> \"{}\" [label=\"{}\"{color}];", escape(&n.id), escape(to), escape_label(&short(&label, 30)));
        }
    }
    out.push_str("}\n");
    out
}

fn guard_text(c: &Condition) -> String {
    c.0.iter().map(|(f, vs)| format!("{f}={}", vs.join("|"))).collect::<Vec<_>>().join(" & ")
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// Breaks a title into lines of about 28 characters, so boxes stay narrow.
fn wrap(s: &str) -> String {
    let mut lines = vec![String::new()];
    for word in short(s, 84).split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.len() + word.len() > 28 {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\\n")
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Like `escape`, but keeps the `\n` line breaks `wrap` put in.
fn escape_label(s: &str) -> String {
    s.replace('"', "\\\"")
}
