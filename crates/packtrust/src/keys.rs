//! Keys: minisign public key files (shown by key id and the name in their untrusted
//! comment), the keys a computer trusts and for what, and signing keys.

use crate::error::{Result, TrustError};
use std::fmt;
use std::path::{Path, PathBuf};

/// The national publisher's public key, built into every binary.
pub const NATIONAL_PUBLIC_KEY: &str = include_str!("../keys/national.pub");

/// A minisign key id (its fingerprint): 8 bytes, shown as 16 upper-case hex digits, as
/// `minisign` shows it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016X}", u64::from_le_bytes(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl std::str::FromStr for KeyId {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<KeyId, String> {
        if s.len() != 16 {
            return Err(format!("`{s}` is not 16 hex digits"));
        }
        u64::from_str_radix(s, 16).map(|n| KeyId(n.to_le_bytes())).map_err(|_| format!("`{s}` is not 16 hex digits"))
    }
}

impl KeyId {
    fn from_slice(bytes: &[u8]) -> KeyId {
        let mut id = [0u8; 8];
        id.copy_from_slice(&bytes[..8]);
        KeyId(id)
    }
}

/// A minisign public key file: `untrusted comment: <name>` then the key in base64.
#[derive(Clone)]
pub struct PublicKeyFile {
    name: String,
    key: minisign::PublicKey,
}

impl fmt::Debug for PublicKeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKeyFile({} {:?})", self.key_id(), self.name)
    }
}

const COMMENT_PREFIX: &str = "untrusted comment: ";

impl PublicKeyFile {
    /// Reads a public key file's text; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<PublicKeyFile> {
        let bad = |reason: &str| TrustError::BadPublicKey { path: origin.to_string(), reason: reason.to_string() };
        let mut lines = text.lines();
        let comment = lines.next().ok_or_else(|| bad("the file is empty"))?;
        let name = comment.strip_prefix(COMMENT_PREFIX).ok_or_else(|| bad("the first line does not start with `untrusted comment: `"))?.trim().to_string();
        let b64 = lines.next().ok_or_else(|| bad("there is no key line after the comment"))?;
        if lines.any(|l| !l.trim().is_empty()) {
            return Err(bad("more than two lines"));
        }
        let key = minisign::PublicKey::from_base64(b64.trim()).map_err(|e| bad(&e.to_string()))?;
        Ok(PublicKeyFile { name, key })
    }

    /// Reads a public key file from disk.
    pub fn read(path: &Path) -> Result<PublicKeyFile> {
        let meta = std::fs::metadata(path).map_err(|source| TrustError::Read { path: path.to_path_buf(), source })?;
        if meta.len() > 4096 {
            return Err(TrustError::BadPublicKey { path: path.display().to_string(), reason: "too large for a public key".into() });
        }
        let text = std::fs::read_to_string(path).map_err(|source| TrustError::Read { path: path.to_path_buf(), source })?;
        PublicKeyFile::parse(&text, &path.display().to_string())
    }

    /// The built-in national publisher's key.
    pub fn national() -> PublicKeyFile {
        PublicKeyFile::parse(NATIONAL_PUBLIC_KEY, "built-in national key").expect("the built-in national key is a valid public key")
    }

    pub fn key_id(&self) -> KeyId {
        KeyId::from_slice(self.key.keynum())
    }

    /// The name from the untrusted comment (not covered by any signature: show it beside
    /// the key id, and ask the user to compare the key id).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file's text: `untrusted comment: <name>` and the key.
    pub fn to_text(&self) -> String {
        format!("{COMMENT_PREFIX}{}\n{}\n", self.name, self.key.to_base64())
    }

    pub(crate) fn minisign_key(&self) -> &minisign::PublicKey {
        &self.key
    }
}

/// What a trusted key may sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyRole {
    /// The national publisher: national packs and local packs.
    National,
    /// A local publisher (a safeguarding partnership): local packs only.
    Local,
}

/// Where a trusted key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOrigin {
    /// Built into the binary.
    BuiltIn,
    /// A file in the system-wide folder an administrator manages.
    System(PathBuf),
    /// A file in the user's own folder (added in the app, after confirming it).
    User(PathBuf),
    /// Given directly (a command-line `--trust` file, a test).
    Given(String),
}

#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub key: PublicKeyFile,
    pub role: KeyRole,
    pub origin: KeyOrigin,
}

impl TrustedKey {
    pub fn key_id(&self) -> KeyId {
        self.key.key_id()
    }
    pub fn name(&self) -> &str {
        self.key.name()
    }
}

/// The keys this computer trusts. The first key with a key id wins: the built-in national
/// key, then the system folder's keys, then the user's; so no key added later can stand in
/// for an earlier one with the same key id.
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    keys: Vec<TrustedKey>,
}

/// The file name suffix of a public key in a key folder.
pub const PUBLIC_KEY_EXTENSION: &str = "pub";

impl TrustedKeys {
    /// No keys at all (tests; a caller that adds its own).
    pub fn none() -> TrustedKeys {
        TrustedKeys::default()
    }

    /// Only the built-in national publisher's key.
    pub fn built_in() -> TrustedKeys {
        let mut keys = TrustedKeys::none();
        keys.add(PublicKeyFile::national(), KeyRole::National, KeyOrigin::BuiltIn);
        keys
    }

    /// The built-in key, then every `*.pub` in the system folder, then every `*.pub` in
    /// the user folder (a folder that does not exist holds no keys). A key file that
    /// cannot be read is left out and reported; the others are still trusted.
    pub fn load(system_dir: Option<&Path>, user_dir: Option<&Path>) -> (TrustedKeys, Vec<TrustError>) {
        let mut keys = TrustedKeys::built_in();
        let mut problems = Vec::new();
        if let Some(dir) = system_dir {
            problems.extend(keys.add_folder(dir, KeyOrigin::System));
        }
        if let Some(dir) = user_dir {
            problems.extend(keys.add_folder(dir, KeyOrigin::User));
        }
        (keys, problems)
    }

    fn add_folder(&mut self, dir: &Path, origin: impl Fn(PathBuf) -> KeyOrigin) -> Vec<TrustError> {
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else { return problems };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == PUBLIC_KEY_EXTENSION)).collect();
        paths.sort();
        for path in paths {
            match PublicKeyFile::read(&path) {
                Ok(key) => self.add(key, KeyRole::Local, origin(path)),
                Err(e) => problems.push(e),
            }
        }
        problems
    }

    /// Trusts `key` for `role`, unless a key with its key id is already trusted.
    pub fn add(&mut self, key: PublicKeyFile, role: KeyRole, origin: KeyOrigin) {
        if self.find(key.key_id()).is_none() {
            self.keys.push(TrustedKey { key, role, origin });
        }
    }

    pub fn find(&self, id: KeyId) -> Option<&TrustedKey> {
        self.keys.iter().find(|k| k.key_id() == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &TrustedKey> {
        self.keys.iter()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// The system-wide folder of trusted local publishers' keys that an administrator (or
/// device management) fills: `/etc/safeguarding-pathways/trusted-keys` on Linux and other
/// Unix, `/Library/Application Support/Safeguarding Pathways/trusted-keys` on macOS,
/// `%ProgramData%\Safeguarding Pathways\trusted-keys` on Windows.
pub fn system_keys_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        std::env::var_os("ProgramData").map(|p| PathBuf::from(p).join("Safeguarding Pathways").join("trusted-keys"))
    } else if cfg!(target_os = "macos") {
        Some(PathBuf::from("/Library/Application Support/Safeguarding Pathways/trusted-keys"))
    } else {
        Some(PathBuf::from("/etc/safeguarding-pathways/trusted-keys"))
    }
}

/// The user's own folder of trusted keys inside the app's data folder.
pub fn user_keys_dir(app_data_dir: &Path) -> PathBuf {
    app_data_dir.join("trusted-keys")
}

/// Adds a key to a key folder (after the user has confirmed its key id and name), as
/// `<KEYID>.pub`, written atomically. Returns the file written.
pub fn add_key_to_folder(dir: &Path, key: &PublicKeyFile) -> Result<PathBuf> {
    let path = dir.join(format!("{}.{PUBLIC_KEY_EXTENSION}", key.key_id()));
    crate::files::write_atomic(&path, key.to_text().as_bytes())?;
    Ok(path)
}

/// Removes every key file with key id `id` from a key folder; true if one was removed.
pub fn remove_key_from_folder(dir: &Path, id: KeyId) -> Result<bool> {
    let mut removed = false;
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(false) };
    for path in entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == PUBLIC_KEY_EXTENSION)) {
        if PublicKeyFile::read(&path).is_ok_and(|k| k.key_id() == id) {
            std::fs::remove_file(&path).map_err(|source| TrustError::Write { path: path.clone(), source })?;
            removed = true;
        }
    }
    Ok(removed)
}

/// A secret key, decrypted and ready to sign.
pub struct SigningKey {
    pub(crate) sk: minisign::SecretKey,
    pub(crate) pk: minisign::PublicKey,
}

/// A new key pair's two files.
pub struct NewKeyPair {
    /// The public key file's text (to publish and to trust).
    pub public: PublicKeyFile,
    /// The secret key file's text (minisign's format; encrypted unless asked not to be).
    pub secret_text: String,
}

impl SigningKey {
    /// Makes a key pair. `name` goes in the public key's untrusted comment; with a
    /// `password` the secret key is encrypted with it (minisign's scrypt), without one it
    /// is stored in the clear.
    pub fn generate(name: &str, password: Option<&str>) -> Result<NewKeyPair> {
        let fail = |e: minisign::PError| TrustError::KeyGeneration { reason: e.to_string() };
        if name.contains(['\n', '\r']) {
            return Err(TrustError::KeyGeneration { reason: "the key's name must be one line".into() });
        }
        let pair = match password {
            Some(p) => minisign::KeyPair::generate_encrypted_keypair(Some(p.to_string())).map_err(fail)?,
            None => minisign::KeyPair::generate_unencrypted_keypair().map_err(fail)?,
        };
        let comment = format!("Safeguarding Pathways secret key for {name}");
        let secret_text = pair.sk.to_box(Some(&comment)).map_err(fail)?.into_string();
        Ok(NewKeyPair { public: PublicKeyFile { name: name.to_string(), key: pair.pk }, secret_text })
    }

    /// Reads a secret key file's text. `password` is asked only when the key is encrypted.
    pub fn from_text(text: &str, origin: &str, password: impl FnOnce() -> std::io::Result<String>) -> Result<SigningKey> {
        let bad = |reason: String| TrustError::BadSecretKey { path: origin.to_string(), reason };
        let sk_box = minisign::SecretKeyBox::from_string(text).map_err(|e| bad(e.to_string()))?;
        let sk = match sk_box.clone().into_unencrypted_secret_key() {
            Ok(sk) => sk,
            Err(_) => {
                let password = password().map_err(|e| bad(format!("cannot read the password: {e}")))?;
                sk_box.into_secret_key(Some(password)).map_err(|e| bad(e.to_string()))?
            }
        };
        let pk = minisign::PublicKey::from_secret_key(&sk).map_err(|e| bad(e.to_string()))?;
        Ok(SigningKey { sk, pk })
    }

    /// Reads a secret key file from disk.
    pub fn read(path: &Path, password: impl FnOnce() -> std::io::Result<String>) -> Result<SigningKey> {
        let text = std::fs::read_to_string(path).map_err(|source| TrustError::Read { path: path.to_path_buf(), source })?;
        SigningKey::from_text(&text, &path.display().to_string(), password)
    }

    pub fn key_id(&self) -> KeyId {
        KeyId::from_slice(self.pk.keynum())
    }

    /// The public half, named `name`.
    pub fn public_key(&self, name: &str) -> PublicKeyFile {
        PublicKeyFile { name: name.to_string(), key: self.pk.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_national_key_reads() {
        let k = PublicKeyFile::national();
        assert!(!k.name().is_empty());
        assert_eq!(k.key_id().to_string().len(), 16);
        assert_eq!(k.key_id().to_string().parse::<KeyId>().unwrap(), k.key_id());
    }

    #[test]
    fn keys_round_trip_through_their_files() {
        let pair = SigningKey::generate("Northbrook partnership", None).unwrap();
        let back = PublicKeyFile::parse(&pair.public.to_text(), "t").unwrap();
        assert_eq!(back.key_id(), pair.public.key_id());
        assert_eq!(back.name(), "Northbrook partnership");
        let sk = SigningKey::from_text(&pair.secret_text, "t", || unreachable!("not encrypted")).unwrap();
        assert_eq!(sk.key_id(), pair.public.key_id());
    }

    #[test]
    fn a_later_key_with_the_same_id_does_not_replace_an_earlier_one() {
        let mut keys = TrustedKeys::built_in();
        let national = PublicKeyFile::national();
        keys.add(national.clone(), KeyRole::Local, KeyOrigin::Given("x".into()));
        assert_eq!(keys.len(), 1);
        assert_eq!(keys.find(national.key_id()).unwrap().role, KeyRole::National);
    }
}
