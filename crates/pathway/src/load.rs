//! Reading a pack folder into parsed files. Never panics: unreadable or malformed files
//! become diagnostics and the rest of the pack is still read.

use crate::diagnostic::{Diagnostics, Location, Rule};
use crate::format::PackFile;
use crate::keys::unknown_keys;
use crate::source_text::SourceText;
use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused: no real pack comes near it, and it keeps a
/// stray multi-gigabyte file from exhausting memory. The size is taken from the file's
/// metadata before any of it is read, and a read stops past the cap should the file grow.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Folders are read this many levels below the pack folder; a deeper one is reported.
pub const MAX_DEPTH: usize = 8;

/// A pack's raw files, from disk or from memory (tests, fuzzing).
#[derive(Debug, Clone)]
pub struct PackInput {
    pub dir: PathBuf,
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

impl PackInput {
    /// Reads every `*.toml` under `dir`, sorted by path so the merge order is stable.
    /// What is not read is reported (rule `io`): a file that cannot be read or is too
    /// large, a symbolic link, and a folder deeper than [`MAX_DEPTH`].
    pub fn read_dir(dir: &Path, diags: &mut Diagnostics) -> PackInput {
        let mut paths = Vec::new();
        collect_toml_paths(dir, &mut paths, diags, 0);
        paths.sort();
        let files = paths
            .into_iter()
            .filter_map(|path| match read_capped(&path) {
                Ok(bytes) => Some((path, bytes)),
                Err(e) => {
                    diags.push(Location::file_start(&path), Rule::Io, e.to_string(), e.hint());
                    None
                }
            })
            .collect();
        PackInput { dir: dir.to_path_buf(), files }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is larger than the limit of {} bytes", MAX_FILE_BYTES)]
    TooLarge,
}

impl ReadError {
    pub fn hint(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "check the file exists and you may read it",
            ReadError::TooLarge => "split the pack into smaller files",
        }
    }
}

/// Reads a file of at most [`MAX_FILE_BYTES`], refusing a larger one by its metadata
/// before reading any of it (pack files, and case files).
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    let bytes = file.metadata()?.len();
    if bytes > MAX_FILE_BYTES as u64 {
        return Err(ReadError::TooLarge);
    }
    let mut out = Vec::with_capacity(bytes as usize);
    // One byte past the cap is enough to know a file that grew is too large.
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut out)?;
    if out.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(out)
}

fn collect_toml_paths(dir: &Path, out: &mut Vec<PathBuf>, diags: &mut Diagnostics, depth: usize) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(
                Location::file_start(dir),
                Rule::Io,
                format!("cannot read the pack folder: {e}"),
                "give the path of a folder that holds the pack's .toml files",
            );
            return;
        }
    };
    for entry in entries {
        let (path, kind) = match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
            Ok(found) => found,
            Err(e) => {
                diags.push(
                    Location::file_start(dir),
                    Rule::Io,
                    format!("cannot read an entry of the folder: {e}"),
                    "check you may read the folder and everything in it",
                );
                continue;
            }
        };
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        if kind.is_symlink() {
            // Not followed (a link loop must not hang the loader), and not passed over in
            // silence: a linked file or folder would otherwise drop out of the pack unseen.
            if is_toml || path.is_dir() {
                diags.push(
                    Location::file_start(&path),
                    Rule::Io,
                    "a symbolic link: the loader does not follow links",
                    "copy the file or folder into the pack instead of linking to it",
                );
            }
        } else if kind.is_dir() {
            if depth < MAX_DEPTH {
                collect_toml_paths(&path, out, diags, depth + 1);
            } else {
                diags.push(
                    Location::file_start(&path),
                    Rule::Io,
                    format!("the folder is more than {MAX_DEPTH} levels below the pack folder, so it is not read"),
                    format!("move its files at most {MAX_DEPTH} folders deep"),
                );
            }
        } else if is_toml {
            if kind.is_file() {
                out.push(path);
            } else {
                diags.push(Location::file_start(&path), Rule::Io, "not a regular file", "a pack file must be a plain .toml file");
            }
        }
    }
}

/// A file that parsed, with its text kept for locating later problems.
pub struct ParsedFile {
    pub text: SourceText,
    pub content: PackFile,
}

/// Parses each file, in order; a file that fails is reported and left out.
pub fn parse_files(input: &PackInput, diags: &mut Diagnostics) -> Vec<ParsedFile> {
    input.files.iter().filter_map(|(path, bytes)| parse_file(path, bytes, diags)).collect()
}

fn parse_file(path: &Path, bytes: &[u8], diags: &mut Diagnostics) -> Option<ParsedFile> {
    if bytes.len() > MAX_FILE_BYTES {
        diags.push(Location::file_start(path), Rule::Io, ReadError::TooLarge.to_string(), ReadError::TooLarge.hint());
        return None;
    }
    let text = match String::from_utf8(bytes.to_vec()) {
        Ok(text) => text,
        Err(e) => {
            let source = SourceText::new(path.to_path_buf(), String::from_utf8_lossy(bytes).into_owned());
            diags.push(source.location(e.utf8_error().valid_up_to()), Rule::MalformedToml, "the file is not UTF-8 text", "save the file as UTF-8");
            return None;
        }
    };
    let source = SourceText::new(path.to_path_buf(), text);
    // Parse into a spanned tree, reporting every syntax error; then report every key the
    // format does not have, and deserialize. The parser refuses nesting past its own
    // depth limit as a syntax error, so no input can exhaust the stack here or in serde.
    let (table, errors) = toml::de::DeTable::parse_recoverable(&source.text);
    if !errors.is_empty() {
        for e in errors {
            diags.push(
                source.location(e.span().map_or(0, |s| s.start)),
                Rule::MalformedToml,
                e.message().trim().to_string(),
                "fix the TOML syntax at this point",
            );
        }
        return None;
    }
    let unknown = unknown_keys(table.get_ref());
    for key in &unknown {
        diags.push(
            source.location(key.offset),
            Rule::UnknownKey,
            format!("unknown key `{}`", key.path),
            "remove the key or fix its spelling; docs/pack-format.md lists every key",
        );
    }
    match PackFile::deserialize(toml::de::Deserializer::from(table)) {
        Ok(content) if unknown.is_empty() => Some(ParsedFile { text: source, content }),
        Ok(_) => None,
        Err(e) => {
            let location = source.location(e.span().map_or(0, |s| s.start));
            let message = e.message().trim().to_string();
            let (rule, hint) = classify_toml_error(&message);
            diags.push(location, rule, message, hint);
            None
        }
    }
}

/// Sorts serde's message into the pack rule it breaks.
fn classify_toml_error(message: &str) -> (Rule, &'static str) {
    if message.starts_with("unknown field") {
        (Rule::UnknownKey, "remove the key or fix its spelling; docs/pack-format.md lists every key")
    } else if message.starts_with("missing field")
        || message.starts_with("invalid type")
        || message.starts_with("unknown variant")
        || message.starts_with("invalid length")
        || message.contains("did not match any variant")
    {
        (Rule::WrongType, "docs/pack-format.md gives each key's type")
    } else {
        (Rule::MalformedToml, "fix the TOML syntax at this point")
    }
}
