//! The one error type of the store. Every variant is safe to show and to log: none
//! carries text from a record (notes, reference, search words), only ids, counts,
//! paths of the records file and SQLite's own messages, which name tables, not values.

use serde::Serialize;
use std::path::PathBuf;

use crate::model::RecordId;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What went wrong, in words a practitioner or IT can act on. Serialises as
/// `{"kind": "WrongPassphrase", ...fields}` for the desktop app's error screen.
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(tag = "kind")]
pub enum StoreError {
    #[error("the passphrase did not open the records file (check it and try again; if it is right, the file is not a records file or is damaged)")]
    WrongPassphrase,
    #[error("{path}: not a records file: {reason}")]
    NotADatabase { path: PathBuf, reason: String },
    #[error("{}the records file is damaged: {detail}", at(.path))]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path}: no records file here (create one first)")]
    NoDatabase { path: PathBuf },
    #[error("{path}: a file already exists here; records were not created over it")]
    AlreadyExists { path: PathBuf },
    #[error("passphrase too weak: {hint}")]
    WeakPassphrase { min_len: usize, len: usize, hint: String },
    #[error("record {id} not found")]
    NotFound { id: RecordId },
    #[error("{message}")]
    Invalid { message: String },
    #[error("schema migration failed: {message}")]
    Migration { message: String },
    #[error("the records file was made by a newer version of this app (schema {found}, this app knows up to {known}); update the app")]
    TooNew { found: i64, known: i64 },
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("database error: {message}")]
    Database { message: String },
}

impl StoreError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        StoreError::Invalid { message: message.into() }
    }
    pub(crate) fn database(message: impl Into<String>) -> Self {
        StoreError::Database { message: message.into() }
    }
}

/// "path: " before a message, or nothing when the path is not known.
fn at(path: &std::path::Path) -> String {
    if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!("{}: ", path.display())
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        // rusqlite's messages carry SQLite's text (table and constraint names), never
        // bound values; `ToSqlConversionFailure` and friends are mapped to their kind only.
        match e {
            rusqlite::Error::SqliteFailure(code, msg) => StoreError::database(match msg {
                Some(m) => format!("{m} ({:?})", code.code),
                None => format!("{:?}", code.code),
            }),
            rusqlite::Error::QueryReturnedNoRows => StoreError::database("no row"),
            rusqlite::Error::FromSqlConversionFailure(col, ty, _) => {
                StoreError::Corrupt { path: PathBuf::new(), detail: format!("column {col} holds an unexpected {ty}") }
            }
            other => StoreError::database(kind_of(&other)),
        }
    }
}

/// The error's kind without its payload (which for conversions may include a value).
fn kind_of(e: &rusqlite::Error) -> String {
    let debug = format!("{e:?}");
    debug.split(['(', ' ', '{']).next().unwrap_or("error").to_string()
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        // Only the class and position: serde_json's message can quote the data itself.
        StoreError::Corrupt {
            path: PathBuf::new(),
            detail: format!("a stored field does not parse ({:?} error at line {} column {})", e.classify(), e.line(), e.column()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app shows these: each must serialise with its kind.
    #[test]
    fn every_variant_serialises_with_its_kind() {
        let p = PathBuf::from("/r.db");
        let all = [
            StoreError::WrongPassphrase,
            StoreError::NotADatabase { path: p.clone(), reason: "r".into() },
            StoreError::Corrupt { path: p.clone(), detail: "d".into() },
            StoreError::NoDatabase { path: p.clone() },
            StoreError::AlreadyExists { path: p.clone() },
            StoreError::WeakPassphrase { min_len: 12, len: 3, hint: "h".into() },
            StoreError::NotFound { id: 4 },
            StoreError::invalid("i"),
            StoreError::Migration { message: "m".into() },
            StoreError::TooNew { found: 3, known: 2 },
            StoreError::Io { path: p, message: "io".into() },
            StoreError::database("db"),
        ];
        for e in all {
            let json = serde_json::to_value(&e).unwrap();
            assert!(json["kind"].is_string(), "{e:?}: {json}");
        }
        let corrupt = StoreError::Corrupt { path: PathBuf::new(), detail: "x".into() };
        assert_eq!(corrupt.to_string(), "the records file is damaged: x");
    }
}
