//! A pack file's text, kept so byte offsets from the TOML parser become lines and columns.

use crate::diagnostic::Location;
use std::ops::Range;
use std::path::PathBuf;

#[derive(Debug)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { path, text, line_starts }
    }

    /// The line and column (both from 1, column in characters) of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        // A span may in theory fall inside a multi-byte character; count whole chars only.
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Location { file: self.path.clone(), line: line + 1, column }
    }

    pub fn location_of(&self, span: &Range<usize>) -> Location {
        self.location(span.start)
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
