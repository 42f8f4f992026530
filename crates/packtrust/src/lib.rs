//! Packs that can be trusted: signed, versioned, bundled and imported.
//!
//! A **signed pack** is a pack folder plus `pack.manifest` (every file's SHA-256 and
//! path, sorted) and `pack.minisig` (a minisign Ed25519 signature of the manifest whose
//! trusted comment names the pack id, version, review-by and expiry dates and the
//! manifest's hash). A **bundle** (`<id>-<version>.sgpack`) is the same files in one tar
//! archive, to e-mail or push by device management. `docs/pack-signing.md` gives the
//! format; `docs/publishing-a-local-pack.md` the steps.
//!
//! - Sign: [`SigningKey::generate`], [`SigningKey::read`], [`sign_dir`], [`sign_files`].
//! - Verify: [`verify_dir`], [`verify_bundle`], [`verify_path`] against [`TrustedKeys`]
//!   (the built-in national key, a system folder, a user folder), giving a
//!   [`VerifiedPack`] whose bytes are the ones to load, or a [`TrustError`] naming the
//!   file or the reason.
//! - Versions: [`AcceptedVersions::check_not_rollback`]; [`Imported`] installs verified
//!   bundles as `<id>/<version>/`, keeps previous versions, chooses the newest valid one
//!   (or the one the user went back to).
//! - Age: [`Staleness`] (a warning, never a refusal). Changes: [`PackDiff`].

mod diff;
mod error;
mod files;
mod keys;
mod manifest;
mod signed;
mod stale;
mod store;
mod versions;

pub use diff::{Change, ContactChange, ContactSide, IdChanges, PackDiff};
pub use error::{Result, TrustError};
pub use files::{check_rel_path, write_atomic, PackFiles, BUNDLE_EXTENSION, MANIFEST, MAX_FILES, MAX_FILE_BYTES, MAX_PACK_BYTES, PACK_TOML, SIGNATURE};
pub use keys::{
    add_key_to_folder, remove_key_from_folder, system_keys_dir, user_keys_dir, KeyId, KeyOrigin, KeyRole, NewKeyPair, PublicKeyFile, SigningKey, TrustedKey,
    TrustedKeys, NATIONAL_PUBLIC_KEY,
};
pub use manifest::{sha256_hex, Manifest, SignedClaims};
pub use semver::Version;
pub use signed::{
    check_pack_id, parse_version, read_bundle_file, sign_dir, sign_files, signing_key_id, verify_bundle, verify_bundle_named, verify_dir, verify_files,
    verify_path, PackHeader, Signer, VerifiedPack, UNTRUSTED_COMMENT,
};
pub use stale::Staleness;
pub use store::{ChosenPack, Imported, InstalledVersion, Selection, StoreProblem, ACCEPTED_FILE, BUILT_IN, CHOSEN_FILE};
pub use versions::AcceptedVersions;
