//! `pathways pack`: keygen, sign, verify, diff and key: signed packs and bundles
//! (`crates/packtrust`; the format is docs/pack-signing.md).

use crate::output::{print_diagnostics, BAD_INPUT};
use clap::{Args, Subcommand};
use packtrust::{KeyOrigin, KeyRole, PackDiff, PackFiles, PackHeader, PublicKeyFile, SigningKey, TrustError, TrustedKeys};
use pathway::{Diagnostics, PackInput, PackSet};
use std::path::{Path, PathBuf};

/// The environment variable that holds a secret key's password (else it is prompted).
pub const PASSWORD_VAR: &str = "PATHWAYS_KEY_PASSWORD";

#[derive(Args)]
pub struct PackArgs {
    #[command(subcommand)]
    command: PackCommand,
}

#[derive(Subcommand)]
enum PackCommand {
    /// Make a publisher's key pair (the secret key password-protected unless --unencrypted;
    /// the password from PATHWAYS_KEY_PASSWORD or a prompt).
    Keygen {
        /// Where to write the secret key. Keep it off shared drives and out of repositories.
        #[arg(long)]
        secret: PathBuf,
        /// Where to write the public key, which laptops trust.
        #[arg(long)]
        public: PathBuf,
        /// Store the secret key without a password.
        #[arg(long)]
        unencrypted: bool,
        /// The publisher's name, shown beside the key id (e.g. "Northbrook Safeguarding
        /// Children Partnership").
        #[arg(long, default_value = "Safeguarding Pathways pack publisher")]
        name: String,
        /// Overwrite existing key files.
        #[arg(long)]
        force: bool,
    },
    /// Sign a pack folder: write pack.manifest and pack.minisig into it (and a bundle).
    Sign {
        dir: PathBuf,
        /// The secret key file.
        #[arg(long)]
        key: PathBuf,
        /// Also write the single-file bundle: to OUT, or `<id>-<version>.sgpack` here.
        #[arg(long, num_args = 0..=1, value_name = "OUT")]
        bundle: Option<Option<PathBuf>>,
        /// The national pack a local pack is checked over before signing.
        #[arg(long, default_value = "pathways/england")]
        national: PathBuf,
        /// Sign without checking the pack first (`pathways validate`).
        #[arg(long)]
        no_validate: bool,
    },
    /// Verify a signed pack folder or bundle: exit 0 when valid, 2 otherwise, saying why.
    Verify {
        /// A signed pack folder or a `.sgpack` bundle.
        path: PathBuf,
        /// Public keys to trust for local packs (the national publisher's key is built in).
        #[arg(long, num_args = 1.., value_name = "PUBLIC")]
        trust: Vec<PathBuf>,
        /// Public keys to trust for national packs too (a national publisher's test key).
        #[arg(long, num_args = 1.., value_name = "PUBLIC")]
        trust_national: Vec<PathBuf>,
        /// Also trust the keys in the system-wide folder (as the app does).
        #[arg(long)]
        system_keys: bool,
    },
    /// What changed between two versions of a pack (folders or bundles, same pack id),
    /// each loaded over the national pack.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, default_value = "pathways/england")]
        national: PathBuf,
    },
    /// Show public keys' key ids (fingerprints) and names.
    Key {
        #[arg(required = true)]
        public: Vec<PathBuf>,
    },
}

pub fn run(args: PackArgs) -> u8 {
    let result = match args.command {
        PackCommand::Keygen { secret, public, unencrypted, name, force } => keygen(&secret, &public, unencrypted, &name, force),
        PackCommand::Sign { dir, key, bundle, national, no_validate } => sign(&dir, &key, bundle, &national, no_validate),
        PackCommand::Verify { path, trust, trust_national, system_keys } => verify(&path, &trust, &trust_national, system_keys),
        PackCommand::Diff { old, new, national } => diff(&old, &new, &national),
        PackCommand::Key { public } => show_keys(&public),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("{message}");
            BAD_INPUT
        }
    }
}

fn password(prompt: &str) -> std::io::Result<String> {
    match std::env::var(PASSWORD_VAR) {
        Ok(p) => Ok(p),
        Err(_) => rpassword::prompt_password(prompt),
    }
}

fn keygen(secret: &Path, public: &Path, unencrypted: bool, name: &str, force: bool) -> Result<(), String> {
    for path in [secret, public] {
        if path.exists() && !force {
            return Err(format!("{}: already exists; choose another name, or add --force to replace it", path.display()));
        }
    }
    let pw = if unencrypted {
        None
    } else if let Ok(p) = std::env::var(PASSWORD_VAR) {
        Some(p)
    } else {
        let first = rpassword::prompt_password("Password for the new secret key: ").map_err(|e| format!("cannot read the password: {e}"))?;
        let again = rpassword::prompt_password("The same password again: ").map_err(|e| format!("cannot read the password: {e}"))?;
        if first != again {
            return Err("the two passwords differ; nothing was written".into());
        }
        Some(first)
    };
    if pw.as_deref() == Some("") {
        return Err(format!("the password is empty; give one, or use --unencrypted (set {PASSWORD_VAR} or type it at the prompt)"));
    }
    let pair = SigningKey::generate(name, pw.as_deref()).map_err(|e| e.to_string())?;
    write_secret(secret, pair.secret_text.as_bytes())?;
    packtrust::write_atomic(public, pair.public.to_text().as_bytes()).map_err(|e| e.to_string())?;
    println!("key id {}  {}", pair.public.key_id(), pair.public.name());
    println!("secret key: {}{}", secret.display(), if unencrypted { " (not password-protected)" } else { " (password-protected)" });
    println!("public key: {}", public.display());
    Ok(())
}

/// Writes a secret key readable by its owner only (on Unix).
fn write_secret(path: &Path, data: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| format!("{}: cannot write the secret key: {e}", path.display()))?;
    f.write_all(data).and_then(|_| f.sync_all()).map_err(|e| format!("{}: cannot write the secret key: {e}", path.display()))
}

fn sign(dir: &Path, key: &Path, bundle: Option<Option<PathBuf>>, national: &Path, no_validate: bool) -> Result<(), String> {
    let files = PackFiles::read_dir(dir).map_err(|e| e.to_string())?;
    let header = PackHeader::from_files(&files).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !no_validate {
        let dirs: Vec<&Path> = if header.is_national() { vec![dir] } else { vec![national, dir] };
        if let Err(diags) = PackSet::load(&dirs) {
            print_diagnostics(&diags);
            return Err(format!("{}: the pack does not pass `pathways validate`; nothing was signed", dir.display()));
        }
    }
    let signing = SigningKey::read(key, || password("Password for the secret key: ")).map_err(|e| e.to_string())?;
    let (files, claims) = packtrust::sign_dir(dir, &signing).map_err(|e| e.to_string())?;
    println!("signed {} {} with key {} ({} files)", claims.id, claims.version, signing.key_id(), files.files.len() - 2);
    println!("wrote {} and {}", dir.join(packtrust::MANIFEST).display(), dir.join(packtrust::SIGNATURE).display());
    if let Some(out) = bundle {
        let out = out.unwrap_or_else(|| PathBuf::from(header.bundle_file_name()));
        let bytes = files.to_bundle().map_err(|e| e.to_string())?;
        packtrust::write_atomic(&out, &bytes).map_err(|e| e.to_string())?;
        println!("wrote the bundle {} ({} bytes)", out.display(), bytes.len());
    }
    Ok(())
}

fn trusted_keys(trust: &[PathBuf], trust_national: &[PathBuf], system_keys: bool) -> Result<TrustedKeys, String> {
    let mut keys = if system_keys {
        let (keys, problems) = TrustedKeys::load(packtrust::system_keys_dir().as_deref(), None);
        for p in problems {
            eprintln!("warning: {p}");
        }
        keys
    } else {
        TrustedKeys::built_in()
    };
    for (paths, role) in [(trust_national, KeyRole::National), (trust, KeyRole::Local)] {
        for path in paths {
            let key = PublicKeyFile::read(path).map_err(|e| e.to_string())?;
            keys.add(key, role, KeyOrigin::Given(path.display().to_string()));
        }
    }
    Ok(keys)
}

fn verify(path: &Path, trust: &[PathBuf], trust_national: &[PathBuf], system_keys: bool) -> Result<(), String> {
    let keys = trusted_keys(trust, trust_national, system_keys)?;
    let pack = packtrust::verify_path(path, &keys).map_err(|e| format!("{}: refused: {e}", path.display()))?;
    let h = &pack.header;
    println!("valid: {} {} ({})", h.id, h.version, h.name);
    println!("publisher: {}", h.publisher);
    println!(
        "signed by: {} (key id {}, trusted for {} packs)",
        pack.signer.name,
        pack.signer.key_id,
        if pack.signer.role == KeyRole::National { "national and local" } else { "local" }
    );
    println!("review by: {}   expires: {}", h.review_by, h.expires.map_or_else(|| "never".to_string(), |d| d.to_string()));
    println!("files: {} checked against the signed manifest", pack.files.files.len() - 2);
    let today = jiff::Zoned::now().date();
    match pack.staleness(today) {
        packtrust::Staleness::Current => {}
        packtrust::Staleness::ReviewOverdue => {
            println!("warning: the review-by date {} has passed; the pack is still valid, and its contacts will carry a warning", h.review_by)
        }
        packtrust::Staleness::Expired => println!(
            "warning: the pack expired on {}; it is still valid, and every contact from it will say it may be out of date",
            h.expires.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
    Ok(())
}

/// A pack folder or bundle read for comparing (not verified: a reviewer compares drafts).
fn read_pack(path: &Path) -> Result<PackFiles, String> {
    if path.is_dir() {
        PackFiles::read_dir(path).map_err(|e| e.to_string())
    } else {
        let bytes = packtrust::read_bundle_file(path).map_err(|e| e.to_string())?;
        PackFiles::read_bundle(&bytes, &path.display().to_string()).map_err(|e: TrustError| format!("{}: {e}", path.display()))
    }
}

fn load_over_national(path: &Path, national: &Path) -> Result<(PackHeader, PackSet), String> {
    let files = read_pack(path)?;
    let header = PackHeader::from_files(&files).map_err(|e| format!("{}: {e}", path.display()))?;
    let input = files.pack_input(path);
    let mut diags = Diagnostics::default();
    let inputs: Vec<PackInput> = if header.is_national() { vec![input] } else { vec![PackInput::read_dir(national, &mut diags), input] };
    match PackSet::from_read(&inputs, diags) {
        Ok(packs) => Ok((header, packs)),
        Err(diags) => {
            print_diagnostics(&diags);
            Err(format!("{}: the pack does not load over {}", path.display(), national.display()))
        }
    }
}

fn diff(old: &Path, new: &Path, national: &Path) -> Result<(), String> {
    let (oh, old_packs) = load_over_national(old, national)?;
    let (nh, new_packs) = load_over_national(new, national)?;
    if oh.id != nh.id {
        return Err(format!("{} is pack `{}` but {} is pack `{}`; compare two versions of the same pack", old.display(), oh.id, new.display(), nh.id));
    }
    let diff = PackDiff::between(&old_packs, &new_packs);
    println!("Comparing {} ({}) with {} ({})\n", old.display(), oh.version, new.display(), nh.version);
    print!("{}", diff.to_text());
    if diff.is_empty() {
        println!("\nNothing changed.");
    }
    Ok(())
}

fn show_keys(paths: &[PathBuf]) -> Result<(), String> {
    for path in paths {
        let key = PublicKeyFile::read(path).map_err(|e| e.to_string())?;
        println!("key id {}  {}  ({})", key.key_id(), key.name(), path.display());
    }
    Ok(())
}
