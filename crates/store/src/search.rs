//! Full-text search over references, notes and amendments (FTS5).
//!
//! The practitioner's words are never handed to FTS5 as query syntax: each word
//! becomes a quoted prefix term, so `AND`, quotes or a stray `*` cannot make a
//! syntax error (whose message would echo the words).

use crate::error::Result;
use crate::model::RecordSummary;
use crate::read::{self, SUMMARY_COLUMNS};
use rusqlite::Connection;

/// Records whose reference or notes contain every word of `query` (as a word or the
/// start of one), most recently changed first. An empty query lists everything.
pub fn search(conn: &Connection, query: &str) -> Result<Vec<RecordSummary>> {
    let Some(expr) = match_expression(query) else { return read::list(conn) };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM record_search s JOIN records r ON r.id = s.rowid
          WHERE record_search MATCH ?1 ORDER BY r.updated_ms DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([expr], read::summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// `ab-12 smith` → `"ab-12"* "smith"*`: every word required, each as a prefix.
pub fn match_expression(query: &str) -> Option<String> {
    let terms: Vec<String> = query
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        // A word with no letter or digit (say "-") would be an empty phrase.
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(match_expression("  ab-12  Smith "), Some("\"ab-12\"* \"Smith\"*".into()));
        assert_eq!(match_expression("say \"AND\" OR *"), Some("\"say\"* \"AND\"* \"OR\"*".into()));
        assert_eq!(match_expression(" - \" "), None);
    }
}
