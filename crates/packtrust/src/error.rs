//! Every way a pack, a key or an import can be refused, each with a message that names
//! the file or the reason.

use crate::keys::KeyId;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{path}: cannot read it: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: cannot write it: {source}")]
    Write { path: PathBuf, source: std::io::Error },

    // ---- the signature and the manifest
    #[error("{pack}: the pack is not signed (there is no pack.minisig); sign it with `pathways pack sign`")]
    Unsigned { pack: String },
    #[error("{pack}: there is no pack.manifest beside pack.minisig, so nothing says which files were signed")]
    MissingManifest { pack: String },
    #[error("pack.minisig is not a minisign signature ({reason})")]
    BadSignatureFile { reason: String },
    #[error("pack.minisig was changed after signing: {reason}")]
    SignatureFileChanged { reason: String },
    #[error("signed by a key this computer does not trust (key id {key_id})")]
    UntrustedKey { key_id: KeyId },
    #[error("the signature in pack.minisig does not match pack.manifest: one of them was changed after signing (key id {key_id})")]
    ManifestChanged { key_id: KeyId },
    #[error("pack.minisig was changed after signing: its trusted comment does not match the signature by key {key_id}")]
    TrustedCommentChanged { key_id: KeyId },
    #[error("pack.minisig's trusted comment is not one `pathways pack sign` writes: {reason}")]
    BadTrustedComment { reason: String },
    #[error("pack.manifest line {line}: {reason}")]
    BadManifest { line: usize, reason: String },

    // ---- the files
    #[error("{path} was changed after signing")]
    FileChanged { path: String },
    #[error("{path} is in the signed manifest but is missing")]
    FileMissing { path: String },
    #[error("extra file not in the signed manifest: {path}")]
    ExtraFile { path: String },
    #[error("{path}: {reason}")]
    BadPath { path: String, reason: &'static str },
    #[error("{path} is a symbolic link or a special file; a signed pack holds only plain files and folders")]
    NotAFile { path: String },
    #[error("{path} is {size} bytes; a pack file may be at most {limit} bytes")]
    FileTooLarge { path: String, size: u64, limit: u64 },
    #[error("{pack} is {size} bytes in all; a pack may be at most {limit} bytes")]
    PackTooLarge { pack: String, size: u64, limit: u64 },
    #[error("{pack} holds more than {limit} files")]
    TooManyFiles { pack: String, limit: usize },

    // ---- what was signed against what pack.toml says
    #[error("pack.toml: {reason}")]
    BadPackToml { reason: String },
    #[error("signed for pack `{signed_id}` version {signed_version}, but pack.toml says `{id}` version {version}")]
    WrongPack { signed_id: String, signed_version: String, id: String, version: String },
    #[error("signed with {field} {signed}, but pack.toml says {actual}")]
    DatesDiffer { field: &'static str, signed: String, actual: String },
    #[error(
        "`{id}` is a national pack, which only the national publisher's key may sign; it is signed by {signer} (key id {key_id}), trusted for local packs only"
    )]
    NotNationalKey { id: String, signer: String, key_id: KeyId },

    // ---- bundles
    #[error("the bundle is not a pack bundle: {reason}")]
    BadBundle { reason: String },
    #[error("the bundle was changed after it was made: {reason}")]
    BundleChanged { reason: String },

    // ---- versions
    #[error("`{version}` is not a version such as 1.2.0 (semantic versioning): {reason}")]
    BadVersion { version: String, reason: String },
    #[error("version {offered} of pack `{id}` is older than version {accepted}, which this computer has already accepted; an older version cannot be imported again (use a kept previous version instead)")]
    Rollback { id: String, offered: String, accepted: String },
    #[error("{path}: the list of accepted versions is damaged: {reason}")]
    BadAcceptedVersions { path: PathBuf, reason: String },
    #[error("pack `{id}` version {version} is not installed")]
    NotInstalled { id: String, version: String },
    #[error("`{id}` cannot be a pack id: {reason}")]
    BadPackId { id: String, reason: &'static str },

    // ---- keys
    #[error("{path}: not a minisign public key: {reason}")]
    BadPublicKey { path: String, reason: String },
    #[error("{path}: cannot use the secret key: {reason}")]
    BadSecretKey { path: String, reason: String },
    #[error("cannot make or use a key: {reason}")]
    KeyGeneration { reason: String },
}

impl TrustError {
    /// The file the problem is in, relative to the pack, where there is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            TrustError::FileChanged { path }
            | TrustError::FileMissing { path }
            | TrustError::ExtraFile { path }
            | TrustError::BadPath { path, .. }
            | TrustError::NotAFile { path }
            | TrustError::FileTooLarge { path, .. } => Some(path),
            TrustError::BadSignatureFile { .. }
            | TrustError::SignatureFileChanged { .. }
            | TrustError::TrustedCommentChanged { .. }
            | TrustError::BadTrustedComment { .. } => Some("pack.minisig"),
            TrustError::ManifestChanged { .. } | TrustError::BadManifest { .. } => Some("pack.manifest"),
            TrustError::BadPackToml { .. } | TrustError::WrongPack { .. } | TrustError::DatesDiffer { .. } => Some("pack.toml"),
            _ => None,
        }
    }
}

pub type Result<T, E = TrustError> = std::result::Result<T, E>;
