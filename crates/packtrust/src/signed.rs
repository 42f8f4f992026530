//! Signing a pack and verifying one: the manifest, its minisign signature, the trusted
//! comment against pack.toml, and the key against the keys this computer trusts.

use crate::error::{Result, TrustError};
use crate::files::{PackFiles, MANIFEST, PACK_TOML, SIGNATURE};
use crate::keys::{KeyId, KeyRole, SigningKey, TrustedKeys};
use crate::manifest::{sha256_hex, Manifest, SignedClaims};
use crate::stale::Staleness;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// The untrusted comment of every pack signature. Nothing signs it, so it is fixed: a
/// signature file with any other text there is refused, like any other changed byte.
pub const UNTRUSTED_COMMENT: &str = "Safeguarding Pathways pack";

/// What pack.toml's `[pack]` table says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackHeader {
    pub id: String,
    pub name: String,
    pub publisher: String,
    pub version: String,
    pub review_by: Date,
    pub expires: Option<Date>,
    /// The national pack this one localises; `None` for a national pack.
    pub overlays: Option<String>,
    pub example: bool,
}

#[derive(serde::Deserialize)]
struct PackTomlFile {
    pack: Option<PackTable>,
}

#[derive(serde::Deserialize)]
struct PackTable {
    id: String,
    name: String,
    publisher: String,
    version: String,
    review_by: toml::value::Datetime,
    expires: Option<toml::value::Datetime>,
    overlays: Option<String>,
    #[serde(default)]
    example: bool,
}

fn toml_date(value: &toml::value::Datetime, key: &str) -> Result<Date> {
    match (&value.date, &value.time, &value.offset) {
        (Some(d), None, None) => Date::new(d.year as i16, d.month as i8, d.day as i8).map_err(|e| TrustError::BadPackToml { reason: format!("`{key}`: {e}") }),
        _ => Err(TrustError::BadPackToml { reason: format!("`{key}` must be a date such as 2027-05-31") }),
    }
}

impl PackHeader {
    /// Reads `[pack]` from pack.toml (a signed pack keeps it there).
    pub fn from_files(files: &PackFiles) -> Result<PackHeader> {
        let bytes = files.files.get(PACK_TOML).ok_or_else(|| TrustError::BadPackToml { reason: "there is no pack.toml at the top of the pack".into() })?;
        let text = std::str::from_utf8(bytes).map_err(|_| TrustError::BadPackToml { reason: "not UTF-8 text".into() })?;
        let file: PackTomlFile = toml::from_str(text).map_err(|e| TrustError::BadPackToml { reason: e.message().to_string() })?;
        let t = file.pack.ok_or_else(|| TrustError::BadPackToml { reason: "no [pack] table; a signed pack keeps its [pack] table in pack.toml".into() })?;
        Ok(PackHeader {
            review_by: toml_date(&t.review_by, "review_by")?,
            expires: t.expires.as_ref().map(|e| toml_date(e, "expires")).transpose()?,
            id: t.id,
            name: t.name,
            publisher: t.publisher,
            version: t.version,
            overlays: t.overlays,
            example: t.example,
        })
    }

    pub fn is_national(&self) -> bool {
        self.overlays.is_none()
    }

    pub fn staleness(&self, today: Date) -> Staleness {
        Staleness::of(self.review_by, self.expires, today)
    }

    /// `<id>-<version>.sgpack`.
    pub fn bundle_file_name(&self) -> String {
        format!("{}-{}.{}", self.id, self.version, crate::files::BUNDLE_EXTENSION)
    }
}

/// Checks a pack id is safe as a folder name and in a trusted comment.
pub fn check_pack_id(id: &str) -> Result<()> {
    let bad = |reason| Err(TrustError::BadPackId { id: id.to_string(), reason });
    if id.is_empty() || id.len() > 64 {
        return bad("it must be 1 to 64 characters long");
    }
    if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.') {
        return bad("use only lower-case letters, digits, '-', '_' and '.'");
    }
    if !id.as_bytes()[0].is_ascii_alphanumeric() {
        return bad("it must start with a letter or a digit");
    }
    Ok(())
}

/// Parses a pack version (semantic versioning, e.g. 1.2.0).
pub fn parse_version(version: &str) -> Result<semver::Version> {
    let v = semver::Version::parse(version).map_err(|e| TrustError::BadVersion { version: version.to_string(), reason: e.to_string() })?;
    if v.to_string() != version {
        return Err(TrustError::BadVersion { version: version.to_string(), reason: "write it in its plain form".into() });
    }
    Ok(v)
}

/// Who signed a verified pack.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signer {
    #[serde(serialize_with = "key_id_text")]
    pub key_id: KeyId,
    /// The name in the trusted public key file.
    pub name: String,
    pub role: KeyRole,
}

fn key_id_text<S: serde::Serializer>(id: &KeyId, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(id)
}

/// A pack whose signature, manifest, files and pack.toml all checked. Its files are held
/// in memory: load these bytes (`pack_input`), not the folder again, so nothing can change
/// between verifying and loading.
#[derive(Debug, Clone)]
pub struct VerifiedPack {
    pub header: PackHeader,
    pub claims: SignedClaims,
    pub signer: Signer,
    pub files: PackFiles,
}

impl VerifiedPack {
    pub fn id(&self) -> &str {
        &self.header.id
    }
    pub fn version(&self) -> &semver::Version {
        &self.claims.version
    }
    /// The engine's input for this pack, its files shown as under `dir`.
    pub fn pack_input(&self, dir: impl Into<PathBuf>) -> pathway::PackInput {
        self.files.pack_input(dir)
    }
    /// The single-file bundle of this pack.
    pub fn to_bundle(&self) -> Result<Vec<u8>> {
        self.files.to_bundle()
    }
    pub fn staleness(&self, today: Date) -> Staleness {
        self.header.staleness(today)
    }
}

/// Verifies a signed pack folder against the keys this computer trusts.
pub fn verify_dir(dir: &Path, keys: &TrustedKeys) -> Result<VerifiedPack> {
    verify_files(PackFiles::read_dir(dir)?, keys)
}

/// Verifies a bundle (the bytes of a `.sgpack` file).
pub fn verify_bundle(bytes: &[u8], keys: &TrustedKeys) -> Result<VerifiedPack> {
    verify_bundle_named(bytes, "bundle", keys)
}

/// Verifies a bundle, naming it `name` in messages.
pub fn verify_bundle_named(bytes: &[u8], name: &str, keys: &TrustedKeys) -> Result<VerifiedPack> {
    verify_files(PackFiles::read_bundle(bytes, name)?, keys)
}

/// Verifies a folder or a bundle, whichever `path` is.
pub fn verify_path(path: &Path, keys: &TrustedKeys) -> Result<VerifiedPack> {
    if path.is_dir() {
        verify_dir(path, keys)
    } else {
        let bytes = read_bundle_file(path)?;
        verify_bundle_named(&bytes, &path.display().to_string(), keys)
    }
}

/// Reads a bundle file, refusing one over the size limit before reading it.
pub fn read_bundle_file(path: &Path) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path).map_err(|source| TrustError::Read { path: path.to_path_buf(), source })?.len();
    if size > crate::files::MAX_PACK_BYTES {
        return Err(TrustError::PackTooLarge { pack: path.display().to_string(), size, limit: crate::files::MAX_PACK_BYTES });
    }
    std::fs::read(path).map_err(|source| TrustError::Read { path: path.to_path_buf(), source })
}

/// Parses pack.minisig: minisign's signature format, exactly as signing writes it.
fn parse_signature(bytes: &[u8]) -> Result<minisign::SignatureBox> {
    let text = std::str::from_utf8(bytes).map_err(|_| TrustError::BadSignatureFile { reason: "not UTF-8 text".into() })?;
    let sig = minisign::SignatureBox::from_string(text).map_err(|e| TrustError::BadSignatureFile { reason: e.to_string() })?;
    if !sig.is_prehashed() {
        return Err(TrustError::BadSignatureFile { reason: "a legacy (not prehashed) signature".into() });
    }
    // minisign's reader forgives spacing, line ends and unused base64 bits; a pack's
    // signature file must be exactly what signing writes, so no byte of it can change.
    let canonical = sig.to_string();
    if canonical != text {
        let at = canonical.bytes().zip(text.bytes()).position(|(a, b)| a != b).unwrap_or(canonical.len().min(text.len()));
        return Err(TrustError::SignatureFileChanged { reason: format!("byte {at} differs from the form minisign writes") });
    }
    let untrusted = sig.untrusted_comment().map_err(|e| TrustError::BadSignatureFile { reason: e.to_string() })?;
    if untrusted != UNTRUSTED_COMMENT {
        return Err(TrustError::SignatureFileChanged { reason: format!("its untrusted comment is `{untrusted}`, not `{UNTRUSTED_COMMENT}`") });
    }
    Ok(sig)
}

/// The key id a pack's signature names, without trusting or verifying anything: for
/// "signed by key 986582C8BF948A2D, which this computer does not trust yet", so the user
/// can find and confirm that publisher's public key.
pub fn signing_key_id(files: &PackFiles) -> Result<KeyId> {
    let sig_bytes = files.files.get(SIGNATURE).ok_or_else(|| TrustError::Unsigned { pack: files.origin.clone() })?;
    let sig = parse_signature(sig_bytes)?;
    Ok(KeyId(sig.keynum().try_into().map_err(|_| TrustError::BadSignatureFile { reason: "no key id".into() })?))
}

/// Verifies a pack's files (read from a folder or a bundle). The checks, in order: the
/// signature file's form; the key is trusted; the signature and its trusted comment verify
/// over pack.manifest; the trusted comment's manifest hash; every listed file present with
/// its hash and no other file; pack.toml's id, version, review-by and expiry equal the
/// signed ones; a national pack is signed by a national key.
pub fn verify_files(files: PackFiles, keys: &TrustedKeys) -> Result<VerifiedPack> {
    let key_id = signing_key_id(&files)?;
    let sig = parse_signature(&files.files[SIGNATURE])?;
    let trusted = keys.find(key_id).ok_or(TrustError::UntrustedKey { key_id })?;
    let manifest_bytes = files.files.get(MANIFEST).ok_or_else(|| TrustError::MissingManifest { pack: files.origin.clone() })?;
    if let Err(e) = minisign::verify(trusted.key.minisign_key(), &sig, std::io::Cursor::new(manifest_bytes), true, false, false) {
        return Err(if e.to_string().contains("Comment signature") {
            TrustError::TrustedCommentChanged { key_id }
        } else {
            TrustError::ManifestChanged { key_id }
        });
    }
    let comment = sig.trusted_comment().map_err(|e| TrustError::BadTrustedComment { reason: e.to_string() })?;
    let claims = SignedClaims::parse(&comment)?;
    if claims.manifest_sha256 != sha256_hex(manifest_bytes) {
        return Err(TrustError::BadTrustedComment { reason: "its manifest hash is not pack.manifest's".into() });
    }
    let manifest = Manifest::parse(manifest_bytes)?;
    manifest.check(&files)?;
    let header = PackHeader::from_files(&files)?;
    if header.id != claims.id || header.version != claims.version.to_string() {
        return Err(TrustError::WrongPack { signed_id: claims.id.clone(), signed_version: claims.version.to_string(), id: header.id, version: header.version });
    }
    if header.review_by != claims.review_by {
        return Err(TrustError::DatesDiffer { field: "review_by", signed: claims.review_by.to_string(), actual: header.review_by.to_string() });
    }
    if header.expires != claims.expires {
        let show = |d: Option<Date>| d.map_or_else(|| "none".to_string(), |d| d.to_string());
        return Err(TrustError::DatesDiffer { field: "expires", signed: show(claims.expires), actual: show(header.expires) });
    }
    if header.is_national() && trusted.role != KeyRole::National {
        return Err(TrustError::NotNationalKey { id: header.id, signer: trusted.name().to_string(), key_id });
    }
    let signer = Signer { key_id, name: trusted.name().to_string(), role: trusted.role };
    Ok(VerifiedPack { header, claims, signer, files })
}

/// Signs pack files in memory: replaces any pack.manifest and pack.minisig with new ones.
/// Refuses a pack whose pack.toml lacks `[pack]`, whose id is not a safe id, or whose
/// version is not a semantic version.
pub fn sign_files(files: &mut PackFiles, key: &SigningKey) -> Result<SignedClaims> {
    files.files.remove(MANIFEST);
    files.files.remove(SIGNATURE);
    let header = PackHeader::from_files(files)?;
    check_pack_id(&header.id)?;
    let version = parse_version(&header.version)?;
    let manifest = Manifest::of(files)?.to_bytes();
    let claims = SignedClaims { id: header.id, version, review_by: header.review_by, expires: header.expires, manifest_sha256: sha256_hex(&manifest) };
    let sig = minisign::sign(Some(&key.pk), &key.sk, std::io::Cursor::new(&manifest), Some(&claims.to_comment()), Some(UNTRUSTED_COMMENT))
        .map_err(|e| TrustError::KeyGeneration { reason: e.to_string() })?;
    files.files.insert(MANIFEST.to_string(), manifest);
    files.files.insert(SIGNATURE.to_string(), sig.to_string().into_bytes());
    Ok(claims)
}

/// Signs the pack folder `dir`: writes pack.manifest and pack.minisig into it (each
/// atomically) and returns the signed files (for a bundle).
pub fn sign_dir(dir: &Path, key: &SigningKey) -> Result<(PackFiles, SignedClaims)> {
    let mut files = PackFiles::read_dir(dir)?;
    let claims = sign_files(&mut files, key)?;
    crate::files::write_atomic(&dir.join(MANIFEST), &files.files[MANIFEST])?;
    crate::files::write_atomic(&dir.join(SIGNATURE), &files.files[SIGNATURE])?;
    Ok((files, claims))
}
