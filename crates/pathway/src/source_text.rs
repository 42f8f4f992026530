//! A pack file's text, kept so byte offsets from the TOML parser become lines and columns.

use crate::diagnostic::Location;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

#[derive(Debug)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
    /// Where each line starts, found the first time a location is asked for: a clean
    /// file never needs it.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceText {
    pub fn new(path: PathBuf, text: String) -> Self {
        SourceText { path, text, line_starts: OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The line and column (both from 1, column in characters) of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let start = line_starts[line];
        // A span may in theory fall inside a multi-byte character; count whole chars only.
        let column = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Location { file: self.path.clone(), line: line + 1, column }
    }

    /// A place in this text whose line and column are worked out only if it is reported.
    pub fn place(&self, span: &Range<usize>) -> Place<'_> {
        Place { text: self, offset: span.start }
    }
}

/// A place in a pack file, kept as a byte offset. Checking a large pack notes tens of
/// thousands of places and reports almost none, so the line search and the path copy
/// that a `Location` needs are left until a problem is actually reported.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    text: &'a SourceText,
    offset: usize,
}

impl Place<'_> {
    pub fn location(&self) -> Location {
        self.text.location(self.offset)
    }
}

impl From<Place<'_>> for Location {
    fn from(place: Place<'_>) -> Location {
        place.location()
    }
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.location().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let s = SourceText::new("f.toml".into(), "a = 1\nbé = 2\n".into());
        assert_eq!((s.location(0).line, s.location(0).column), (1, 1));
        assert_eq!((s.location(6).line, s.location(6).column), (2, 1));
        // 'é' is two bytes: the '=' after it is the fourth character.
        assert_eq!((s.location(10).line, s.location(10).column), (2, 4));
        assert_eq!(s.location(999).line, 3);
    }
}
