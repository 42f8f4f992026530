//! The training record: the scenarios a person has completed, kept on this computer.
//!
//! It holds no case data: for each completion only the date, the agency, the scenario's
//! id, title and level, and the score. It is saved whole to a new file in the same
//! folder, flushed to disk and renamed over the old one, so a crash or a kill while
//! saving leaves either the old record or the new one, never a torn file.

use crate::debrief::{Debrief, Score};
use crate::map::esc;
use crate::scenario::{Level, Scenario};
use jiff::civil::{Date, DateTime};
use pathway::PackSet;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The largest record file read (thousands of completions fit in a fraction of it).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// The version of the record file's format.
pub const RECORD_VERSION: u32 = 1;

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub version: u32,
    /// Oldest first.
    pub completions: Vec<Completion>,
}

impl Default for Record {
    fn default() -> Self {
        Record { version: RECORD_VERSION, completions: Vec::new() }
    }
}

/// One completed scenario.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Completion {
    /// When it was completed (the computer's clock, local time), `2026-12-02T14:31:05`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub completed_at: DateTime,
    /// The agency walked as (a contract agency id), and its name.
    pub agency: String,
    pub agency_name: String,
    pub scenario: String,
    pub title: String,
    pub level: Level,
    pub score: Score,
    /// Every outcome the scenario expects was reached, and none it excludes given.
    pub met: bool,
}

impl Completion {
    /// A completion from a debrief: only the scenario, the agency and the score.
    pub fn from_debrief(packs: &PackSet, scenario: &Scenario, debrief: &Debrief, completed_at: DateTime) -> Completion {
        let agency = scenario.facts().get(pathway::contract::AGENCY).cloned().unwrap_or_default();
        let agency_name = packs.fact(pathway::contract::AGENCY).map_or_else(|| agency.clone(), |f| f.value_label(&agency).to_string());
        Completion {
            completed_at,
            agency,
            agency_name,
            scenario: scenario.id.clone(),
            title: scenario.title.clone(),
            level: scenario.level,
            score: debrief.score,
            met: debrief.unmet.is_empty(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{}: cannot read the training record: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot save the training record: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: the training record is larger than {} bytes", path.display(), MAX_RECORD_BYTES)]
    TooLarge { path: PathBuf },
    #[error("{}: the training record cannot be read: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl Record {
    /// Reads the record; a missing file is an empty record.
    pub fn load(path: &Path) -> Result<Record, RecordError> {
        let read = |source| RecordError::Read { path: path.to_path_buf(), source };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Record::default()),
            Err(e) => return Err(read(e)),
        };
        if file.metadata().map_err(read)?.len() > MAX_RECORD_BYTES {
            return Err(RecordError::TooLarge { path: path.to_path_buf() });
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_RECORD_BYTES + 1), &mut bytes).map_err(read)?;
        if bytes.len() as u64 > MAX_RECORD_BYTES {
            return Err(RecordError::TooLarge { path: path.to_path_buf() });
        }
        let record: Record = serde_json::from_slice(&bytes).map_err(|e| RecordError::Invalid { path: path.to_path_buf(), message: e.to_string() })?;
        if record.version != RECORD_VERSION {
            return Err(RecordError::Invalid {
                path: path.to_path_buf(),
                message: format!("version {} is not one this program reads (it reads {RECORD_VERSION})", record.version),
            });
        }
        Ok(record)
    }

    /// Saves the record atomically: written to a new file in the same folder, flushed to
    /// disk, then renamed over `path` (and the folder flushed, where that is possible).
    /// A kill at any moment leaves the old record or the new one whole.
    /// Temporary files left by saves that were killed, over a minute old, are removed.
    pub fn save(&self, path: &Path) -> Result<(), RecordError> {
        let json = serde_json::to_vec_pretty(self).expect("a record always serialises");
        write_atomically(path, &json).map_err(|source| RecordError::Write { path: path.to_path_buf(), source })?;
        remove_stale_temporaries(path);
        Ok(())
    }

    pub fn add(&mut self, completion: Completion) {
        self.completions.push(completion);
    }

    /// The record as Markdown, for a CPD portfolio.
    pub fn to_markdown(&self, holder: Option<&str>) -> String {
        let mut out = String::from("# Safeguarding Pathways: training record\n\n");
        if let Some(holder) = holder.filter(|h| !h.trim().is_empty()) {
            out.push_str(&format!("Name: {}\n\n", md(holder)));
        }
        out.push_str("Scenarios walked through the safeguarding pathway in the Safeguarding Pathways app, each followed by a debrief against the expected answers and their sources. The record holds no case details.\n\n");
        if self.completions.is_empty() {
            out.push_str("No scenarios completed yet.\n");
            return out;
        }
        out.push_str("| Date | Scenario | Level | Agency | Result |\n|---|---|---|---|---|\n");
        for c in &self.completions {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {}{} |\n",
                c.completed_at.date(),
                md(&c.title),
                c.level,
                md(&c.agency_name),
                c.score,
                if c.met { "" } else { "; not every expected action reached" }
            ));
        }
        out.push_str(&format!("\n{} scenario(s) completed.\n", self.completions.len()));
        out
    }

    /// A printable certificate: one HTML page, its CSS inline, nothing loaded from
    /// elsewhere.
    pub fn certificate_html(&self, holder: &str, issued: Date) -> String {
        let mut rows = String::new();
        for c in &self.completions {
            rows.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                c.completed_at.date().strftime("%-d %B %Y"),
                esc(&c.title),
                c.level,
                esc(&c.agency_name),
                esc(&c.score.to_string())
            ));
        }
        if rows.is_empty() {
            rows.push_str("<tr><td colspan=\"5\">No scenarios completed yet.</td></tr>\n");
        }
        let holder = if holder.trim().is_empty() { "(name)".to_string() } else { esc(holder) };
        format!(
            r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate of safeguarding training: {holder}</title>
<style>
  body {{ font-family: Georgia, "Times New Roman", serif; color: #111; background: #fff; margin: 0; }}
  main {{ max-width: 52rem; margin: 2rem auto; padding: 2.5rem 3rem; border: 6px double #1d4ed8; }}
  h1 {{ font-size: 2rem; text-align: center; margin: 0 0 0.5rem; }}
  .holder {{ font-size: 1.6rem; text-align: center; margin: 1.5rem 0 0.5rem; font-weight: bold; }}
  p {{ line-height: 1.5; }}
  .lead {{ text-align: center; }}
  table {{ width: 100%; border-collapse: collapse; margin: 1.5rem 0; font-family: system-ui, Arial, sans-serif; font-size: 0.95rem; }}
  th, td {{ border: 1px solid #6b7280; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }}
  th {{ background: #e5e7eb; }}
  .note {{ font-size: 0.9rem; color: #374151; }}
  @media print {{ main {{ margin: 0; border-width: 4px; }} @page {{ size: A4; margin: 15mm; }} }}
</style>
</head>
<body>
<main>
<h1>Certificate of safeguarding training</h1>
<p class="lead">This is to record that</p>
<p class="holder">{holder}</p>
<p class="lead">walked these training scenarios through the safeguarding pathway in the Safeguarding Pathways app, and reviewed each one in a debrief against the expected answers and the law and guidance they come from.</p>
<table>
<caption class="note">Scenarios completed ({count})</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Scenario</th><th scope="col">Level</th><th scope="col">Agency</th><th scope="col">Result</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<p class="note">Issued {issued}. Generated by the Safeguarding Pathways app from the training record kept on this computer. It records self-directed practice and is not an accredited qualification. It contains no details of any real case.</p>
</main>
</body>
</html>
"#,
            count = self.completions.len(),
            issued = issued.strftime("%-d %B %Y"),
        )
    }
}

/// Text for a Markdown table cell.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Removes the temporary files of saves of `path` that were killed (a minute old or more:
/// a save in progress elsewhere is never touched). Best effort.
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() >= 60));
        if file.starts_with(&prefix) && file.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Renames `from` over `to`. On Windows 10 and 11 this replaces `to` even while another
/// handle has it open with delete sharing (Rust's rename asks for POSIX semantics), but
/// not while a program has it open without (an antivirus scanner or the search indexer,
/// for a moment): the rename is then refused as access denied. A few retries, about a
/// second in all, ride that out; any other error, or the last refusal, is returned.
fn rename_over(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(windows)]
    {
        let mut wait = std::time::Duration::from_millis(10);
        for _ in 0..6 {
            match std::fs::rename(from, to) {
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => std::thread::sleep(wait),
                done => return done,
            }
            wait *= 2;
        }
    }
    std::fs::rename(from, to)
}

/// Writes `bytes` to `path` so that readers see the old file or the new one, never part
/// of one: a temporary file beside it, flushed to disk, renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file"))?;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{}.{}-{n}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        rename_over(&temp, path)?;
        // The rename itself is made durable by flushing the folder (not possible on Windows).
        #[cfg(unix)]
        std::fs::File::open(&dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
