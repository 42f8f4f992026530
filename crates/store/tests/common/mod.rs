//! Shared by the store's integration tests: sample records and file helpers.
#![allow(dead_code)]

use jiff::civil::date;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use store::{ActionDue, NewRecord, PackRef, PathStep};

pub const PASS: &str = "correct horse battery staple";

/// A record like one the app saves after a short walk.
pub fn sample(n: usize) -> NewRecord {
    NewRecord {
        reference: format!("REF-{n:05}"),
        agency: "health".into(),
        pack: PackRef { name: "England".into(), version: "1.0.0".into() },
        local_packs: vec![PackRef { name: "Northbrook".into(), version: "0.3.0".into() }],
        walk: vec![
            PathStep {
                node: "immediate-danger".into(),
                fact: Some("immediate_danger".into()),
                answer: Some("no".into()),
                question: Some("Is the child in immediate danger?".into()),
                answer_label: Some("No".into()),
            },
            PathStep {
                node: "injury".into(),
                fact: Some("injury".into()),
                answer: Some("bruise_non_mobile".into()),
                question: Some("What did you see?".into()),
                answer_label: Some("A bruise on a baby who is not yet mobile".into()),
            },
            PathStep { node: "refer".into(), fact: None, answer: None, question: Some("Refer to children's social care".into()), answer_label: None },
        ],
        outcomes: vec!["refer-csc".into(), "record-concern".into()],
        outcome_titles: BTreeMap::from([("refer-csc".to_string(), "Refer to children's social care".to_string())]),
        contacts: vec!["mash-northbrook".into(), "nspcc-helpline".into()],
        notes: format!("Home visit {n}: bruise seen on left cheek, mother says fell from sofa."),
        due: BTreeMap::from([
            ("refer-csc".to_string(), ActionDue { due: "working-days:1".into(), deadline: Some(date(2026, 12, 2).at(17, 0, 0, 0)) }),
            ("record-concern".to_string(), ActionDue { due: "none".into(), deadline: None }),
        ]),
    }
}

/// Every file SQLite keeps for a database: the file itself, its WAL, its
/// shared-memory index and its rollback journal (those that exist).
pub fn db_files(path: &Path) -> Vec<PathBuf> {
    std::iter::once(path.to_path_buf()).chain(store::testing::sidecars(path)).filter(|p| p.exists()).collect()
}

/// Does `needle` occur in `hay`?
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
