//! `pack.manifest`: one line per file, `<sha256 hex>  <path>`, sorted by path; and the
//! trusted comment that binds the signature to one pack, version and pair of dates.

use crate::error::{Result, TrustError};
use crate::files::{check_rel_path, PackFiles};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    let digest = Sha256::digest(data);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    s
}

/// The manifest: path → SHA-256 hex, sorted by path (byte order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub entries: BTreeMap<String, String>,
}

impl Manifest {
    /// The manifest of every file except the manifest and the signature.
    pub fn of(files: &PackFiles) -> Result<Manifest> {
        let mut entries = BTreeMap::new();
        for (path, data) in files.content() {
            check_rel_path(path)?;
            entries.insert(path.clone(), sha256_hex(data));
        }
        Ok(Manifest { entries })
    }

    /// Its bytes, exactly as signed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = String::new();
        for (path, hash) in &self.entries {
            s.push_str(hash);
            s.push_str("  ");
            s.push_str(path);
            s.push('\n');
        }
        s.into_bytes()
    }

    /// Reads a manifest strictly: UTF-8, `\n` line ends, 64 lower-case hex digits, two
    /// spaces, a relative path; sorted, no path twice, no blank line, the last line ended.
    pub fn parse(bytes: &[u8]) -> Result<Manifest> {
        let bad = |line: usize, reason: &str| TrustError::BadManifest { line, reason: reason.to_string() };
        let text = std::str::from_utf8(bytes).map_err(|_| bad(0, "not UTF-8 text"))?;
        if !text.is_empty() && !text.ends_with('\n') {
            return Err(bad(text.lines().count(), "the last line has no line end"));
        }
        let mut entries = BTreeMap::new();
        let mut last: Option<&str> = None;
        for (i, line) in text.split_terminator('\n').enumerate() {
            let n = i + 1;
            let (hash, path) = line.split_once("  ").ok_or_else(|| bad(n, "not `<sha256>  <path>`"))?;
            if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                return Err(bad(n, "the hash is not 64 lower-case hex digits"));
            }
            check_rel_path(path).map_err(|e| bad(n, &e.to_string()))?;
            if path == crate::files::MANIFEST || path == crate::files::SIGNATURE {
                return Err(bad(n, "the manifest lists itself or the signature"));
            }
            if last.is_some_and(|l| l >= path) {
                return Err(bad(n, "paths are not sorted, or one is listed twice"));
            }
            last = Some(path);
            entries.insert(path.to_string(), hash.to_string());
        }
        if entries.is_empty() {
            return Err(bad(0, "it lists no files"));
        }
        Ok(Manifest { entries })
    }

    /// Checks `files` against the manifest: every listed file present with its hash,
    /// and no other file besides the manifest and the signature.
    pub fn check(&self, files: &PackFiles) -> Result<()> {
        for (path, hash) in &self.entries {
            match files.files.get(path) {
                None => return Err(TrustError::FileMissing { path: files.show(path) }),
                Some(data) if sha256_hex(data) != *hash => return Err(TrustError::FileChanged { path: files.show(path) }),
                Some(_) => {}
            }
        }
        if let Some((extra, _)) = files.content().find(|(p, _)| !self.entries.contains_key(p.as_str())) {
            return Err(TrustError::ExtraFile { path: files.show(extra) });
        }
        Ok(())
    }
}

/// What the signature's trusted comment says: the pack, its version and dates, and the
/// manifest's own hash. `pack=<id> version=<semver> review_by=<YYYY-MM-DD>
/// expires=<YYYY-MM-DD or none> manifest=<sha256>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedClaims {
    pub id: String,
    pub version: semver::Version,
    pub review_by: jiff::civil::Date,
    pub expires: Option<jiff::civil::Date>,
    pub manifest_sha256: String,
}

impl SignedClaims {
    pub fn to_comment(&self) -> String {
        let expires = self.expires.map_or_else(|| "none".to_string(), |d| d.to_string());
        format!("pack={} version={} review_by={} expires={} manifest={}", self.id, self.version, self.review_by, expires, self.manifest_sha256)
    }

    pub fn parse(comment: &str) -> Result<SignedClaims> {
        let bad = |reason: String| TrustError::BadTrustedComment { reason };
        let parts: Vec<&str> = comment.split(' ').collect();
        let keys = ["pack", "version", "review_by", "expires", "manifest"];
        if parts.len() != keys.len() {
            return Err(bad(format!("`{comment}` does not have the five fields {}", keys.join(", "))));
        }
        let mut values = Vec::new();
        for (part, key) in parts.iter().zip(keys) {
            match part.split_once('=') {
                Some((k, v)) if k == key && !v.is_empty() => values.push(v),
                _ => return Err(bad(format!("expected `{key}=…`, found `{part}`"))),
            }
        }
        let date = |v: &str, field: &str| {
            v.parse::<jiff::civil::Date>().ok().filter(|d| d.to_string() == v).ok_or_else(|| bad(format!("{field} `{v}` is not a date such as 2027-05-31")))
        };
        let version = semver::Version::parse(values[1]).map_err(|e| bad(format!("version `{}`: {e}", values[1])))?;
        let review_by = date(values[2], "review_by")?;
        let expires = if values[3] == "none" { None } else { Some(date(values[3], "expires")?) };
        let manifest_sha256 = values[4].to_string();
        if manifest_sha256.len() != 64 || !manifest_sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(bad("manifest is not a SHA-256 in lower-case hex".into()));
        }
        let claims = SignedClaims { id: values[0].to_string(), version, review_by, expires, manifest_sha256 };
        if claims.to_comment() != comment {
            return Err(bad(format!("`{comment}` is not in the canonical form")));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_nothing() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn manifests_parse_strictly() {
        let h = sha256_hex(b"x");
        let ok = format!("{h}  a.toml\n{h}  b/c.toml\n");
        assert_eq!(Manifest::parse(ok.as_bytes()).unwrap().to_bytes(), ok.as_bytes());
        for bad in [
            format!("{h}  b.toml\n{h}  a.toml\n"),
            format!("{h}  a.toml"),
            format!("{h} a.toml\n"),
            format!("{h}  ../a\n"),
            format!("{}  a\n", h.to_uppercase()),
            String::new(),
            format!("{h}  a\r\n"),
        ] {
            assert!(Manifest::parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn trusted_comments_round_trip() {
        let c = SignedClaims {
            id: "northbrook".into(),
            version: "1.2.0".parse().unwrap(),
            review_by: jiff::civil::date(2027, 5, 31),
            expires: None,
            manifest_sha256: sha256_hex(b"m"),
        };
        assert_eq!(SignedClaims::parse(&c.to_comment()).unwrap(), c);
        assert!(SignedClaims::parse(&c.to_comment().replace("1.2.0", "01.2.0")).is_err());
        assert!(SignedClaims::parse(&format!("{} extra=1", c.to_comment())).is_err());
    }
}
