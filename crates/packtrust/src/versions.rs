//! The highest version of each pack this computer has accepted, so an older signed
//! version (a rollback to numbers since corrected) cannot be imported again.

use crate::error::{Result, TrustError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A small TOML file: `[accepted]` pack id = "highest accepted version". Written
/// atomically (a temporary file in the same folder, synced, renamed).
#[derive(Debug, Clone)]
pub struct AcceptedVersions {
    path: PathBuf,
    accepted: BTreeMap<String, semver::Version>,
}

#[derive(serde::Deserialize, serde::Serialize, Default)]
struct AcceptedFile {
    #[serde(default)]
    accepted: BTreeMap<String, String>,
}

impl AcceptedVersions {
    /// Reads the file at `path`; a file that does not exist yet holds nothing. A damaged
    /// file is an error, never an empty list (that would let a rollback through).
    pub fn load(path: &Path) -> Result<AcceptedVersions> {
        let bad = |reason: String| TrustError::BadAcceptedVersions { path: path.to_path_buf(), reason };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(TrustError::Read { path: path.to_path_buf(), source }),
        };
        let file: AcceptedFile = toml::from_str(&text).map_err(|e| bad(e.message().to_string()))?;
        let mut accepted = BTreeMap::new();
        for (id, v) in file.accepted {
            let version = semver::Version::parse(&v).map_err(|e| bad(format!("`{id}` = `{v}`: {e}")))?;
            accepted.insert(id, version);
        }
        Ok(AcceptedVersions { path: path.to_path_buf(), accepted })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The highest version accepted for `id`.
    pub fn highest(&self, id: &str) -> Option<&semver::Version> {
        self.accepted.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &semver::Version)> {
        self.accepted.iter()
    }

    /// Refuses a version lower than the highest accepted for `id`; the same version is
    /// allowed (importing it again).
    pub fn check_not_rollback(&self, id: &str, version: &semver::Version) -> Result<()> {
        match self.accepted.get(id) {
            Some(highest) if version < highest => Err(TrustError::Rollback { id: id.to_string(), offered: version.to_string(), accepted: highest.to_string() }),
            _ => Ok(()),
        }
    }

    /// Records `version` as accepted (the highest only ever rises). Call `save` after.
    pub fn accept(&mut self, id: &str, version: &semver::Version) {
        let entry = self.accepted.entry(id.to_string()).or_insert_with(|| version.clone());
        if version > entry {
            *entry = version.clone();
        }
    }

    /// Writes the file atomically.
    pub fn save(&self) -> Result<()> {
        let file = AcceptedFile { accepted: self.accepted.iter().map(|(k, v)| (k.clone(), v.to_string())).collect() };
        let body = toml::to_string(&file).map_err(|e| TrustError::BadAcceptedVersions { path: self.path.clone(), reason: e.to_string() })?;
        let text = format!("# Safeguarding Pathways: the highest version of each pack this computer has accepted.\n# An older version is refused. Do not edit by hand.\n{body}");
        crate::files::write_atomic(&self.path, text.as_bytes())
    }
}
