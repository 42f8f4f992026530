//! A pack's files in memory, read from a folder or a bundle with every size and path
//! checked before anything is read; and the canonical bundle (a tar archive).

use crate::error::{Result, TrustError};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file a pack may hold. Checked before the file is read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The largest pack (all files) or bundle. Checked before anything is read.
pub const MAX_PACK_BYTES: u64 = 64 * 1024 * 1024;
/// The most files a pack may hold.
pub const MAX_FILES: usize = 4096;
/// The deepest folder nesting a pack may have.
pub const MAX_DEPTH: usize = 16;
/// The longest relative path.
pub const MAX_PATH_BYTES: usize = 200;

/// The signed list of files.
pub const MANIFEST: &str = "pack.manifest";
/// The minisign signature of the manifest.
pub const SIGNATURE: &str = "pack.minisig";
/// The file whose `[pack]` table the trusted comment must match.
pub const PACK_TOML: &str = "pack.toml";
/// The bundle's file extension.
pub const BUNDLE_EXTENSION: &str = "sgpack";

/// A pack's files by relative, '/'-separated path, sorted; with the name to show in
/// messages (a folder's path or a bundle's file name).
#[derive(Debug, Clone, Default)]
pub struct PackFiles {
    pub origin: String,
    /// True when the files came from a bundle (messages then say "bundle: file").
    pub bundle: bool,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Checks a relative path as a manifest or a bundle holds it.
pub fn check_rel_path(path: &str) -> Result<()> {
    let bad = |reason| Err(TrustError::BadPath { path: path.to_string(), reason });
    if path.is_empty() {
        return bad("an empty path");
    }
    if path.len() > MAX_PATH_BYTES {
        return bad("the path is too long");
    }
    if path.starts_with('/') {
        return bad("an absolute path; a pack holds only relative paths");
    }
    if path.contains('\\') {
        return bad("a backslash; paths in a pack are separated by '/'");
    }
    if path.contains(':') {
        return bad("a colon (a drive letter or a stream name)");
    }
    if path.chars().any(|c| c.is_control()) {
        return bad("a control character");
    }
    for part in path.split('/') {
        match part {
            "" => return bad("an empty path component ('//' or a trailing '/')"),
            "." | ".." => return bad("a '.' or '..' component; a pack may not point outside itself"),
            _ => {}
        }
    }
    Ok(())
}

impl PackFiles {
    /// Reads every file under `dir`: plain files and folders only (a symbolic link or
    /// anything else is refused, not followed), each size checked before it is read.
    pub fn read_dir(dir: &Path) -> Result<PackFiles> {
        let origin = dir.display().to_string();
        let mut out = PackFiles { origin: origin.clone(), bundle: false, files: BTreeMap::new() };
        let mut total = 0u64;
        let meta = std::fs::symlink_metadata(dir).map_err(|source| TrustError::Read { path: dir.to_path_buf(), source })?;
        if !meta.is_dir() {
            return Err(TrustError::NotAFile { path: origin });
        }
        read_tree(dir, "", 0, &mut out, &mut total)?;
        Ok(out)
    }

    /// Reads a bundle: a tar archive of plain files, every size checked before it is read.
    /// Only the canonical form that [`PackFiles::to_bundle`] writes is accepted: any byte
    /// of the archive changed, even in a header or padding, refuses it.
    pub fn read_bundle(bytes: &[u8], origin: &str) -> Result<PackFiles> {
        if bytes.len() as u64 > MAX_PACK_BYTES {
            return Err(TrustError::PackTooLarge { pack: origin.to_string(), size: bytes.len() as u64, limit: MAX_PACK_BYTES });
        }
        let bad = |reason: String| TrustError::BadBundle { reason };
        let mut archive = tar::Archive::new(bytes);
        let entries = archive.entries().map_err(|e| bad(e.to_string()))?;
        let mut out = PackFiles { origin: origin.to_string(), bundle: true, files: BTreeMap::new() };
        for entry in entries {
            let mut entry = entry.map_err(|e| bad(e.to_string()))?;
            let path = String::from_utf8(entry.path_bytes().into_owned()).map_err(|_| bad("a file name that is not UTF-8".into()))?;
            if entry.header().entry_type() != tar::EntryType::Regular {
                return Err(TrustError::NotAFile { path });
            }
            check_rel_path(&path)?;
            let size = entry.header().size().map_err(|e| bad(e.to_string()))?;
            if size > MAX_FILE_BYTES {
                return Err(TrustError::FileTooLarge { path, size, limit: MAX_FILE_BYTES });
            }
            if out.files.len() >= MAX_FILES {
                return Err(TrustError::TooManyFiles { pack: origin.to_string(), limit: MAX_FILES });
            }
            let mut data = Vec::with_capacity(size as usize);
            entry.by_ref().take(size).read_to_end(&mut data).map_err(|e| bad(format!("{path}: {e}")))?;
            if data.len() as u64 != size {
                return Err(bad(format!("{path} is cut short")));
            }
            if out.files.insert(path.clone(), data).is_some() {
                return Err(bad(format!("{path} is in the bundle twice")));
            }
        }
        match out.to_bundle() {
            Ok(canonical) if canonical == bytes => Ok(out),
            Ok(canonical) => {
                let at = canonical.iter().zip(bytes).position(|(a, b)| a != b).unwrap_or(canonical.len().min(bytes.len()));
                Err(TrustError::BundleChanged { reason: format!("byte {at} of the archive differs from the form `pathways pack sign` writes") })
            }
            Err(e) => Err(e),
        }
    }

    /// The bundle: a tar archive of every file, sorted by path, in one canonical form
    /// (ustar headers, mode 0644, owner 0, time 0), so the same pack always makes the
    /// same bytes.
    pub fn to_bundle(&self) -> Result<Vec<u8>> {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, data) in &self.files {
            let mut header = tar::Header::new_ustar();
            header.set_path(path).map_err(|e| TrustError::BadPath {
                path: path.clone(),
                reason: if e.kind() == std::io::ErrorKind::InvalidInput { "the path is too long for a bundle" } else { "the path cannot go in a bundle" },
            })?;
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_uid(0);
            header.set_gid(0);
            header.set_mtime(0);
            header.set_entry_type(tar::EntryType::Regular);
            header.set_cksum();
            builder.append(&header, data.as_slice()).map_err(|e| TrustError::BadBundle { reason: e.to_string() })?;
        }
        builder.into_inner().map_err(|e| TrustError::BadBundle { reason: e.to_string() })
    }

    /// The files without the manifest and the signature: what the manifest lists.
    pub fn content(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.as_str() != MANIFEST && p.as_str() != SIGNATURE)
    }

    /// The name to show for a file of this pack: the folder's path joined to it, written
    /// with this system's separator (`nodes\walk.toml` on Windows), or the bundle's name
    /// and the file as the manifest names it.
    pub fn show(&self, path: &str) -> String {
        if self.origin.is_empty() {
            path.to_string()
        } else if self.bundle {
            format!("{}: {path}", self.origin)
        } else {
            path.split('/').fold(PathBuf::from(&self.origin), |joined, part| joined.join(part)).display().to_string()
        }
    }

    /// The pack's TOML files as the engine reads them, under `dir` (the engine reads only
    /// `*.toml`, sorted by path).
    pub fn pack_input(&self, dir: impl Into<PathBuf>) -> pathway::PackInput {
        let dir = dir.into();
        let mut files: Vec<(PathBuf, Vec<u8>)> = self.files.iter().filter(|(p, _)| p.ends_with(".toml")).map(|(p, d)| (dir.join(p), d.clone())).collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        pathway::PackInput { dir, files }
    }

    /// Writes every file under `dir` (which must not exist yet) through a temporary folder
    /// beside it, renamed into place only when every file is written and synced.
    pub fn write_new_dir(&self, dir: &Path) -> Result<()> {
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| TrustError::Write { path: parent.to_path_buf(), source })?;
        let temp =
            tempfile::Builder::new().prefix(".incoming-").tempdir_in(parent).map_err(|source| TrustError::Write { path: parent.to_path_buf(), source })?;
        for (path, data) in &self.files {
            check_rel_path(path)?;
            let target = temp.path().join(path);
            if let Some(p) = target.parent() {
                std::fs::create_dir_all(p).map_err(|source| TrustError::Write { path: p.to_path_buf(), source })?;
            }
            let write = || -> std::io::Result<()> {
                use std::io::Write;
                let mut f = std::fs::File::create(&target)?;
                f.write_all(data)?;
                f.sync_all()
            };
            write().map_err(|source| TrustError::Write { path: target.clone(), source })?;
        }
        let temp = temp.keep();
        std::fs::rename(&temp, dir).map_err(|source| {
            let _ = std::fs::remove_dir_all(&temp);
            TrustError::Write { path: dir.to_path_buf(), source }
        })?;
        sync_dir(parent);
        Ok(())
    }
}

fn read_tree(dir: &Path, prefix: &str, depth: usize, out: &mut PackFiles, total: &mut u64) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| TrustError::Read { path: dir.to_path_buf(), source })?;
    for entry in entries {
        let entry = entry.map_err(|source| TrustError::Read { path: dir.to_path_buf(), source })?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            return Err(TrustError::BadPath { path: format!("{prefix}{}", name.to_string_lossy()), reason: "a file name that is not UTF-8" });
        };
        let rel = format!("{prefix}{name}");
        let kind = entry.file_type().map_err(|source| TrustError::Read { path: entry.path(), source })?;
        if kind.is_dir() {
            if depth + 1 >= MAX_DEPTH {
                return Err(TrustError::BadPath { path: rel, reason: "folders nested too deeply" });
            }
            read_tree(&entry.path(), &format!("{rel}/"), depth + 1, out, total)?;
        } else if kind.is_file() {
            check_rel_path(&rel)?;
            let size = entry.metadata().map_err(|source| TrustError::Read { path: entry.path(), source })?.len();
            if size > MAX_FILE_BYTES {
                return Err(TrustError::FileTooLarge { path: out.show(&rel), size, limit: MAX_FILE_BYTES });
            }
            *total += size;
            if *total > MAX_PACK_BYTES {
                return Err(TrustError::PackTooLarge { pack: out.origin.clone(), size: *total, limit: MAX_PACK_BYTES });
            }
            if out.files.len() >= MAX_FILES {
                return Err(TrustError::TooManyFiles { pack: out.origin.clone(), limit: MAX_FILES });
            }
            // Read no more than was measured, so a file growing meanwhile cannot exceed the cap.
            let mut data = Vec::with_capacity(size as usize);
            std::fs::File::open(entry.path())
                .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut data))
                .map_err(|source| TrustError::Read { path: entry.path(), source })?;
            if data.len() as u64 > MAX_FILE_BYTES {
                return Err(TrustError::FileTooLarge { path: out.show(&rel), size: data.len() as u64, limit: MAX_FILE_BYTES });
            }
            out.files.insert(rel, data);
        } else {
            return Err(TrustError::NotAFile { path: out.show(&rel) });
        }
    }
    Ok(())
}

/// Writes `data` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over the target, and the folder synced.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    use std::io::Write;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| TrustError::Write { path: parent.to_path_buf(), source })?;
    let mut temp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(parent).map_err(|source| TrustError::Write { path: path.to_path_buf(), source })?;
    temp.write_all(data).and_then(|_| temp.as_file().sync_all()).map_err(|source| TrustError::Write { path: path.to_path_buf(), source })?;
    temp.persist(path).map_err(|e| TrustError::Write { path: path.to_path_buf(), source: e.error })?;
    sync_dir(parent);
    Ok(())
}

/// Syncs a folder so a rename in it survives a power cut (Unix; a no-op elsewhere).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_and_stay_inside() {
        for ok in ["pack.toml", "nodes/01-danger.toml", "a b/c.toml"] {
            check_rel_path(ok).unwrap();
        }
        for bad in ["", "/etc/passwd", "../x", "a/../b", "./a", "a//b", "a/", "a\\b", "C:x", "a\u{0}b"] {
            assert!(check_rel_path(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn bundles_round_trip_in_one_form() {
        let mut files = PackFiles::default();
        files.files.insert("pack.toml".into(), b"[pack]\n".to_vec());
        files.files.insert("nodes/a.toml".into(), vec![0u8; 1000]);
        let bytes = files.to_bundle().unwrap();
        assert_eq!(bytes, files.to_bundle().unwrap());
        let back = PackFiles::read_bundle(&bytes, "b").unwrap();
        assert_eq!(back.files, files.files);
    }
}
