//! Unknown keys. Serde skips a key the format does not have, but an author's typo must be
//! reported instead: every one of them, each at its line. This walks the parsed TOML
//! tree before it is deserialized, which costs far less than tracking every key through
//! serde (that doubled the time a large pack took to read).
//!
//! The keys each table may hold come from the serde types themselves (the field list a
//! derive passes to `deserialize_struct`), so they cannot drift from `format`. Only
//! which key holds which nested table is written out here; a test checks this against
//! `serde_ignored` on every table of the real packs.

use crate::format;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;
use toml::de::{DeTable, DeValue};

/// A key the format does not have: where it is, and its dotted path (array items
/// counted from 1, as an author counts them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub offset: usize,
    pub path: String,
}

/// Every unknown key in a file's parsed tree, in document order.
pub fn unknown_keys(file: &DeTable<'_>) -> Vec<UnknownKey> {
    let mut found = Vec::new();
    walk_table(file, &PACK_FILE, &mut Vec::new(), &mut found);
    found.sort_by_key(|key| key.offset);
    found
}

/// What may sit under a key.
enum Shape {
    /// A table, or an array of tables, holding a serde struct's fields; some of those
    /// fields hold nested tables of their own.
    Table(fn() -> &'static [&'static str], &'static [(&'static str, Shape)]),
    /// A table whose keys are data, not format: a guard's facts, a fact's value labels.
    Free,
}

use Shape::{Free, Table};

static PACK_FILE: Shape = Table(
    fields::<format::PackFile>,
    &[
        ("pack", Table(fields::<format::Manifest>, &[])),
        ("source", Table(fields::<format::Source>, &[])),
        ("fact", Table(fields::<format::Fact>, &[("value_labels", Free)])),
        (
            "outcome",
            Table(
                fields::<format::Outcome>,
                &[("contact", Table(fields::<format::OutcomeContact>, &[("when", Free)])), ("coming_in", Table(fields::<format::ComingIn>, &[]))],
            ),
        ),
        ("contact", Table(fields::<format::Contact>, &[("number", Table(fields::<format::Number>, &[]))])),
        (
            "node",
            Table(
                fields::<format::Node>,
                &[
                    ("answer", Table(fields::<format::Answer>, &[])),
                    ("item", Table(fields::<format::Item>, &[("when", Free)])),
                    ("route", Table(fields::<format::Route>, &[("when", Free)])),
                    ("when", Free),
                ],
            ),
        ),
        (
            "agency",
            Table(fields::<format::Agency>, &[("section", Table(fields::<format::AgencySection>, &[])), ("coming_in", Table(fields::<format::ComingIn>, &[]))]),
        ),
        ("office_hours", Table(fields::<format::OfficeHours>, &[])),
        ("escalation", Table(fields::<format::Escalation>, &[])),
        ("addition", Table(fields::<format::Addition>, &[])),
    ],
);

/// One step of the path to a key.
enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

fn walk_table<'a>(table: &'a DeTable<'_>, shape: &Shape, path: &mut Vec<Step<'a>>, found: &mut Vec<UnknownKey>) {
    let Table(fields, nested) = shape else { return };
    let fields = fields();
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        path.push(Step::Key(name));
        if !fields.contains(&name) {
            found.push(UnknownKey { offset: key.span().start, path: dotted(path) });
        } else if let Some((_, inner)) = nested.iter().find(|(k, _)| *k == name) {
            walk_value(value.get_ref(), inner, path, found);
        }
        path.pop();
    }
}

fn walk_value<'a>(value: &'a DeValue<'_>, shape: &Shape, path: &mut Vec<Step<'a>>, found: &mut Vec<UnknownKey>) {
    match value {
        DeValue::Table(table) => walk_table(table, shape, path, found),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let DeValue::Table(table) = item.get_ref() {
                    path.push(Step::Item(i + 1));
                    walk_table(table, shape, path, found);
                    path.pop();
                }
            }
        }
        // A value of the wrong type is serde's to report.
        _ => {}
    }
}

fn dotted(path: &[Step<'_>]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|step| match step {
            Step::Key(k) => k.to_string(),
            Step::Item(i) => i.to_string(),
        })
        .collect();
    parts.join(".")
}

/// The field names a derived `Deserialize` struct declares.
fn fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut probe = FieldProbe(&[]);
    // The probe always stops the derive with an error, once it has seen the fields.
    let _ = T::deserialize(&mut probe);
    probe.0
}

/// A deserializer that only records the fields a struct asks for.
struct FieldProbe(&'static [&'static str]);

/// The probe's error: it carries nothing, so probing allocates nothing.
#[derive(Debug)]
struct Probed;

impl fmt::Display for Probed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probed")
    }
}

impl std::error::Error for Probed {}

impl de::Error for Probed {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Probed
    }
}

impl<'de> Deserializer<'de> for &mut FieldProbe {
    type Error = Probed;

    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, fields: &'static [&'static str], _visitor: V) -> Result<V::Value, Probed> {
        self.0 = fields;
        Err(Probed)
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Probed> {
        Err(Probed)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn walked(text: &str) -> Vec<String> {
        let table = DeTable::parse(text).unwrap();
        unknown_keys(table.get_ref()).into_iter().map(|u| u.path).collect()
    }

    /// What serde itself ignores, the slow way: the oracle the walk must agree with.
    fn ignored_by_serde(text: &str) -> Vec<String> {
        let table = DeTable::parse(text).unwrap();
        let mut ignored = Vec::new();
        let parsed: Result<format::PackFile, _> = serde_ignored::deserialize(toml::de::Deserializer::from(table), |path| ignored.push(path.to_string()));
        parsed.unwrap();
        // serde_ignored counts array items from 0 and marks an `Option`'s value with `?`;
        // the walk counts items from 1, as an author does.
        let author_path = |p: String| {
            p.split('.').filter(|s| *s != "?").map(|s| s.parse::<usize>().map_or(s.to_string(), |i| (i + 1).to_string())).collect::<Vec<_>>().join(".")
        };
        ignored.into_iter().map(author_path).collect()
    }

    #[test]
    fn fields_come_from_the_serde_types() {
        assert_eq!(fields::<format::Answer>(), &["value", "label", "help", "next"]);
    }

    #[test]
    fn nested_and_free_tables() {
        let text = "typo = 1\n[[node]]\nid = \"a\"\nkind = \"end\"\ntitel = \"x\"\nwhen = { any_fact = \"yes\" }\n[[node.answer]]\nvalu = \"yes\"\n[[fact]]\nid = \"f\"\nvalue_labels = { yes = \"Yes\" }\n";
        assert_eq!(walked(text), ["typo", "node.1.titel", "node.1.answer.1.valu"]);
    }

    /// Puts an unknown key into every table of every real pack file and checks the walk
    /// finds exactly what serde would ignore: the nested shapes above are complete.
    #[test]
    fn agrees_with_serde_on_every_table_of_the_real_packs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["pathways/england", "pathways/local/example", "crates/pathway/tests/fixtures/mini", "crates/pathway/tests/fixtures/mini-local"] {
            let mut diags = crate::Diagnostics::default();
            let input = crate::PackInput::read_dir(&root.join(dir), &mut diags);
            assert!(diags.is_empty() && !input.files.is_empty(), "{dir}: {diags:?}");
            files.extend(input.files.into_iter().map(|(_, bytes)| String::from_utf8(bytes).unwrap()));
        }
        files.extend(crate::generate::GenPack::random(60, 7).to_files().into_iter().map(|(_, text)| text));
        let mut tables = 0;
        for text in files {
            let mut typoed = String::from("zz_typo = \"x\"\n");
            for line in text.lines() {
                typoed.push_str(line);
                typoed.push('\n');
                if line.trim_start().starts_with('[') {
                    typoed.push_str("zz_typo = \"x\"\n");
                    tables += 1;
                }
            }
            let mut expected = ignored_by_serde(&typoed);
            let mut found = walked(&typoed);
            assert!(!expected.is_empty());
            expected.sort();
            found.sort();
            assert_eq!(found, expected);
        }
        assert!(tables > 100, "only {tables} tables were tried");
    }
}
