//! Imported packs: verified bundles installed into a packs folder as `<id>/<version>/`,
//! every previous version kept, the newest valid one used unless the user went back to
//! a previous one; national packs included (a newer signed national pack replaces the
//! built-in one).
//!
//! ```text
//! <root>/accepted-versions.toml   the highest version accepted per pack id
//! <root>/<id>/<version>/          a verified pack: its files, pack.manifest, pack.minisig
//! <root>/<id>/chosen              optional: the version the user went back to ("built-in"
//!                                 for the built-in national pack)
//! ```

use crate::error::{Result, TrustError};
use crate::keys::TrustedKeys;
use crate::signed::{check_pack_id, verify_bundle_named, verify_dir, VerifiedPack};
use crate::versions::AcceptedVersions;
use semver::Version;
use std::path::{Path, PathBuf};

/// The file that holds the highest accepted versions, in the packs folder.
pub const ACCEPTED_FILE: &str = "accepted-versions.toml";
/// The file in `<id>/` that holds the version the user chose.
pub const CHOSEN_FILE: &str = "chosen";
/// What `chosen` holds when the user went back to the built-in national pack.
pub const BUILT_IN: &str = "built-in";

/// One installed version of a pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledVersion {
    pub id: String,
    pub version: Version,
    pub dir: PathBuf,
}

/// The version of a pack to use, verified again as it was chosen.
#[derive(Debug, Clone)]
pub struct ChosenPack {
    pub pack: VerifiedPack,
    pub dir: PathBuf,
    /// True when the user went back to this version (it is not the newest valid one).
    pub pinned: bool,
}

/// An installed version that was passed over, and why.
#[derive(Debug)]
pub struct StoreProblem {
    pub id: String,
    pub version: String,
    pub dir: PathBuf,
    pub error: TrustError,
}

/// The packs to load: the national pack (`None`: the built-in one) and the local packs.
#[derive(Debug, Default)]
pub struct Selection {
    pub national: Option<ChosenPack>,
    pub locals: Vec<ChosenPack>,
    pub problems: Vec<StoreProblem>,
}

/// The packs folder.
#[derive(Debug)]
pub struct Imported {
    root: PathBuf,
    accepted: AcceptedVersions,
}

impl Imported {
    /// Opens (creating) the packs folder and reads its accepted versions.
    pub fn open(root: impl Into<PathBuf>) -> Result<Imported> {
        let root = root.into();
        std::fs::create_dir_all(&root).map_err(|source| TrustError::Write { path: root.clone(), source })?;
        let accepted = AcceptedVersions::load(&root.join(ACCEPTED_FILE))?;
        Ok(Imported { root, accepted })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn accepted(&self) -> &AcceptedVersions {
        &self.accepted
    }

    /// Records the built-in national pack's version as accepted, so no older national
    /// pack can be imported. Call at start-up.
    pub fn note_built_in(&mut self, id: &str, version: &Version) -> Result<()> {
        if self.accepted.highest(id).is_none_or(|h| h < version) {
            self.accepted.accept(id, version);
            self.accepted.save()?;
        }
        Ok(())
    }

    /// Verifies a bundle and checks it is not a rollback, without installing it: for the
    /// "what changed" screen before the user accepts.
    pub fn preview_bundle(&self, bytes: &[u8], name: &str, keys: &TrustedKeys) -> Result<VerifiedPack> {
        let pack = verify_bundle_named(bytes, name, keys)?;
        self.accepted.check_not_rollback(pack.id(), pack.version())?;
        Ok(pack)
    }

    /// Installs a verified pack as `<id>/<version>/` (written beside, then renamed into
    /// place), records its version as accepted, and makes it the one used (clearing any
    /// earlier choice of a previous version). Refuses a rollback.
    pub fn install(&mut self, pack: &VerifiedPack) -> Result<InstalledVersion> {
        check_pack_id(pack.id())?;
        self.accepted.check_not_rollback(pack.id(), pack.version())?;
        let id_dir = self.root.join(pack.id());
        let dir = id_dir.join(pack.version().to_string());
        if dir.exists() {
            // The same version again: replace the copy (it may have been damaged).
            let aside = id_dir.join(format!(".replaced-{}-{}", pack.version(), std::process::id()));
            std::fs::rename(&dir, &aside).map_err(|source| TrustError::Write { path: dir.clone(), source })?;
            if let Err(e) = pack.files.write_new_dir(&dir) {
                let _ = std::fs::rename(&aside, &dir);
                return Err(e);
            }
            let _ = std::fs::remove_dir_all(&aside);
        } else {
            pack.files.write_new_dir(&dir)?;
        }
        self.accepted.accept(pack.id(), pack.version());
        self.accepted.save()?;
        self.use_newest(pack.id())?;
        Ok(InstalledVersion { id: pack.id().to_string(), version: pack.version().clone(), dir })
    }

    /// Verifies and installs a bundle.
    pub fn install_bundle(&mut self, bytes: &[u8], name: &str, keys: &TrustedKeys) -> Result<(VerifiedPack, InstalledVersion)> {
        let pack = self.preview_bundle(bytes, name, keys)?;
        let installed = self.install(&pack)?;
        Ok((pack, installed))
    }

    /// The ids of the installed packs.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|id| check_pack_id(id).is_ok())
            .collect();
        ids.sort();
        ids
    }

    /// The installed versions of `id`, newest first.
    pub fn versions(&self, id: &str) -> Vec<InstalledVersion> {
        let mut out: Vec<InstalledVersion> = std::fs::read_dir(self.root.join(id))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let version = Version::parse(&name).ok().filter(|v| v.to_string() == name)?;
                Some(InstalledVersion { id: id.to_string(), version, dir: e.path() })
            })
            .collect();
        out.sort_by(|a, b| b.version.cmp(&a.version));
        out
    }

    /// The version the user went back to, if any (a version, or [`BUILT_IN`]).
    pub fn chosen(&self, id: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join(id).join(CHOSEN_FILE)).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    }

    /// Goes back to an installed previous version (or forward to a newer installed one):
    /// it is verified first, then used until the user chooses again or installs a newer
    /// one. Going back is the user's choice among kept copies, so the rollback check,
    /// which guards imports, does not apply.
    pub fn use_version(&mut self, id: &str, version: &Version, keys: &TrustedKeys) -> Result<VerifiedPack> {
        let dir = self.root.join(id).join(version.to_string());
        if !dir.is_dir() {
            return Err(TrustError::NotInstalled { id: id.to_string(), version: version.to_string() });
        }
        let pack = verify_dir(&dir, keys)?;
        crate::files::write_atomic(&self.root.join(id).join(CHOSEN_FILE), version.to_string().as_bytes())?;
        Ok(pack)
    }

    /// Goes back to the built-in national pack.
    pub fn use_built_in(&mut self, id: &str) -> Result<()> {
        crate::files::write_atomic(&self.root.join(id).join(CHOSEN_FILE), BUILT_IN.as_bytes())
    }

    /// Uses the newest valid version again.
    pub fn use_newest(&mut self, id: &str) -> Result<()> {
        let path = self.root.join(id).join(CHOSEN_FILE);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(TrustError::Write { path, source: e }),
            _ => Ok(()),
        }
    }

    /// The version of `id` to use: the one the user chose, if it still verifies; else the
    /// newest that verifies. Versions that fail are reported and passed over.
    pub fn choose(&self, id: &str, keys: &TrustedKeys) -> (Option<ChosenPack>, Vec<StoreProblem>) {
        let mut problems = Vec::new();
        let versions = self.versions(id);
        if let Some(chosen) = self.chosen(id) {
            if let Some(v) = versions.iter().find(|v| v.version.to_string() == chosen) {
                match verify_dir(&v.dir, keys) {
                    Ok(pack) => return (Some(ChosenPack { pack, dir: v.dir.clone(), pinned: true }), problems),
                    Err(error) => problems.push(StoreProblem { id: id.to_string(), version: v.version.to_string(), dir: v.dir.clone(), error }),
                }
            }
        }
        for v in versions {
            if problems.iter().any(|p| p.dir == v.dir) {
                continue;
            }
            match verify_dir(&v.dir, keys) {
                Ok(pack) if pack.id() == id && pack.version() == &v.version => return (Some(ChosenPack { pack, dir: v.dir, pinned: false }), problems),
                Ok(pack) => problems.push(StoreProblem {
                    id: id.to_string(),
                    version: v.version.to_string(),
                    dir: v.dir,
                    error: TrustError::WrongPack {
                        signed_id: pack.id().to_string(),
                        signed_version: pack.version().to_string(),
                        id: id.to_string(),
                        version: v.version.to_string(),
                    },
                }),
                Err(error) => problems.push(StoreProblem { id: id.to_string(), version: v.version.to_string(), dir: v.dir, error }),
            }
        }
        (None, problems)
    }

    /// Everything to load at start-up. `built_in_national` is the id and version of the
    /// national pack built into the app: an imported national pack with that id is used
    /// only when it is newer (and the user has not gone back to the built-in one).
    pub fn select(&self, keys: &TrustedKeys, built_in_national: (&str, &Version)) -> Selection {
        let mut selection = Selection::default();
        let (national_id, national_version) = built_in_national;
        for id in self.ids() {
            if id == national_id && self.chosen(&id).as_deref() == Some(BUILT_IN) {
                continue;
            }
            let (chosen, problems) = self.choose(&id, keys);
            selection.problems.extend(problems);
            let Some(chosen) = chosen else { continue };
            if chosen.pack.header.is_national() {
                if id == national_id && (chosen.pack.version() > national_version || chosen.pinned) {
                    selection.national = Some(chosen);
                }
            } else {
                selection.locals.push(chosen);
            }
        }
        selection
    }
}
