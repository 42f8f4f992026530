//! `records`: the encrypted case records from a terminal, for IT staff, scripts and
//! tests. The passphrase comes from `PATHWAYS_PASSPHRASE` (for scripting: anyone who
//! can read the process's environment can read it) or from a prompt on the terminal.
//!
//! Nothing here prints record text except on the user's request (`list`, `show`,
//! `export`); errors name ids and the file, never notes or references.
//!
//! Due times: `add` keeps when each action is due and the deadline that makes from
//! `--now` (default: this computer's local time) on the local pack's working days;
//! `list` and `show` mark the actions overdue at `--now` and not ticked.

use crate::output::{load_packs, pack_dirs, BAD_INPUT};
use crate::triage::walk_case;
use jiff::civil::DateTime;
use pathway::Case;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use store::{Amendment, Format, NewRecord, OverdueAction, RecordId, RecordSummary, RetentionPolicy, Store, StoreError};
use zeroize::Zeroizing;

/// The passphrase for scripts; without it, `records` asks on the terminal.
pub const PASSPHRASE_ENV: &str = "PATHWAYS_PASSPHRASE";
/// The new passphrase for `rekey` in scripts.
pub const NEW_PASSPHRASE_ENV: &str = "PATHWAYS_NEW_PASSPHRASE";

/// Exit code when `verify` finds a problem.
pub const CHECK_FAILED: u8 = 1;
/// Exit code when the records file cannot be opened: wrong passphrase, damaged, foreign.
pub const CANNOT_OPEN: u8 = 4;
/// Exit code for an id with no record.
pub const NOT_FOUND: u8 = 5;

#[derive(clap::Args)]
pub struct RecordsArgs {
    /// The records file.
    #[arg(long)]
    pub db: PathBuf,
    /// The clock, in local time (e.g. 2026-12-02T17:30): deadlines of `add` are worked
    /// out from it, and `list` and `show` mark what is overdue at it. Default: now.
    #[arg(long, global = true)]
    pub now: Option<DateTime>,
    #[command(subcommand)]
    pub cmd: RecordsCmd,
}

#[derive(clap::Subcommand)]
pub enum RecordsCmd {
    /// Make a new, empty records file and set its passphrase.
    Init,
    /// Walk a case file with `triage` and save the walk as a record; prints its id.
    Add {
        #[arg(long)]
        case: PathBuf,
        /// A pack folder: the national pack first, then local packs (default: pathways/england).
        #[arg(long = "pack")]
        packs: Vec<PathBuf>,
        /// The practitioner's notes.
        #[arg(long)]
        note: String,
        /// A pseudonymous reference: never a name.
        #[arg(long, default_value = "")]
        reference: String,
    },
    /// List records, most recently changed first.
    List {
        /// Only records whose reference, notes or amendments hold every word.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one record with its history.
    Show {
        id: RecordId,
        #[arg(long)]
        json: bool,
    },
    /// Append an amendment to a record.
    Amend {
        id: RecordId,
        #[arg(long)]
        text: String,
    },
    /// Tick (or with --undo, untick) one of a record's actions.
    Tick {
        id: RecordId,
        outcome: String,
        #[arg(long)]
        undo: bool,
    },
    /// Mark a record "referral made".
    Referral {
        id: RecordId,
        /// The referral's date, YYYY-MM-DD.
        #[arg(long)]
        date: jiff::civil::Date,
        /// Who it went to.
        #[arg(long)]
        to: String,
    },
    /// Print a record as a referral summary.
    Export {
        id: RecordId,
        #[arg(long, value_enum)]
        format: ExportFormat,
    },
    /// Check the whole file: every page, the search index and the tamper-evident chain
    /// (exit 1 at the first broken link, which it names); prints the record count and
    /// the chain's head.
    Verify {
        /// A chain head from an earlier export (`SEQ:HASH`): also check that the chain
        /// still holds it, i.e. nothing written before that export was rewritten since.
        #[arg(long)]
        head: Option<store::ChainHead>,
    },
    /// List records due for deletion; with --yes, delete them for good.
    Purge {
        /// Records unchanged (or referred) this many days ago. Default: 90 days after a
        /// referral, otherwise 180 days after the last change.
        #[arg(long)]
        older_than: Option<u32>,
        /// Delete them (without it, only list them).
        #[arg(long)]
        yes: bool,
    },
    /// Change the passphrase (the new one from PATHWAYS_NEW_PASSPHRASE or a prompt).
    Rekey,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Md,
    Txt,
}

pub fn run(args: RecordsArgs) -> u8 {
    match execute(args) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{}", failure.message);
            failure.code
        }
    }
}

/// A message for stderr and the exit code that goes with it.
struct Failure {
    message: String,
    code: u8,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = match e {
            StoreError::WrongPassphrase
            | StoreError::NotADatabase { .. }
            | StoreError::Corrupt { .. }
            | StoreError::NoDatabase { .. }
            | StoreError::TooNew { .. } => CANNOT_OPEN,
            StoreError::NotFound { .. } => NOT_FOUND,
            _ => BAD_INPUT,
        };
        Failure { message: format!("records: {e}"), code }
    }
}

fn fail(message: impl Into<String>, code: u8) -> Failure {
    Failure { message: message.into(), code }
}

fn execute(args: RecordsArgs) -> Result<u8, Failure> {
    if let RecordsCmd::Init = args.cmd {
        let pass = new_passphrase(PASSPHRASE_ENV)?;
        Store::create(&args.db, &pass)?;
        eprintln!("created {}", args.db.display());
        return Ok(0);
    }
    let now = args.now.unwrap_or_else(|| jiff::Zoned::now().datetime());
    // Walk the case before asking for the passphrase: a bad case file fails fast.
    let walked = match &args.cmd {
        RecordsCmd::Add { case, packs, note, reference } => Some(walk(case, packs, note, reference, now)?),
        _ => None,
    };
    let pass = passphrase(PASSPHRASE_ENV, "Passphrase: ")?;
    let mut store = Store::open(&args.db, &pass)?;
    drop(pass);
    match args.cmd {
        RecordsCmd::Init => unreachable!("handled above"),
        RecordsCmd::Add { .. } => {
            let id = store.save(&walked.expect("walked above"))?;
            // Printed only now, after the commit.
            println!("{id}");
        }
        RecordsCmd::List { search, json } => {
            let lines = match search {
                Some(q) => store.search(&q)?,
                None => store.list()?,
            };
            print_list(&lines, &store.overdue(now)?, json);
        }
        RecordsCmd::Show { id, json } => {
            let record = store.get(id)?;
            let overdue = record.overdue(now);
            if json {
                let shown = Shown { record: &record, overdue: &overdue, at: now };
                println!("{}", serde_json::to_string_pretty(&shown).expect("plain data serialises"));
            } else {
                print!("{}", store.export(id, Format::Text)?);
                print!("{}", overdue_text(&overdue, now));
            }
        }
        RecordsCmd::Amend { id, text } => {
            let entry = store.amend(id, Amendment { text })?;
            eprintln!("record {id} amended at {}", entry.at);
        }
        RecordsCmd::Tick { id, outcome, undo } => {
            store.tick_action(id, &outcome, !undo)?;
        }
        RecordsCmd::Referral { id, date, to } => {
            store.mark_referral(id, date, &to)?;
        }
        RecordsCmd::Export { id, format } => {
            let format = match format {
                ExportFormat::Md => Format::Markdown,
                ExportFormat::Txt => Format::Text,
            };
            print!("{}", store.export(id, format)?);
        }
        RecordsCmd::Verify { head } => return Ok(verify(&store, head.as_ref())?),
        RecordsCmd::Purge { older_than, yes } => purge(&mut store, older_than, yes)?,
        RecordsCmd::Rekey => {
            let new = new_passphrase(NEW_PASSPHRASE_ENV)?;
            store.rekey(&new)?;
            eprintln!("passphrase changed");
        }
    }
    Ok(0)
}

/// Loads the packs and the case, walks it, and makes the record to save at `now`.
fn walk(case: &Path, packs: &[PathBuf], note: &str, reference: &str, now: DateTime) -> Result<NewRecord, Failure> {
    let case = Case::load(case).map_err(|e| fail(e.to_string(), BAD_INPUT))?;
    let packs = load_packs(&pack_dirs(packs)).map_err(|code| fail("records: the packs do not load", code))?;
    let result = walk_case(&packs, &case).map_err(|code| fail("records: nothing saved", code))?;
    let agency = case.facts.get("agency").cloned().unwrap_or_default();
    Ok(store::from_walk::new_record(&packs, &result, &agency, reference, note, now))
}

/// `show --json`: the record, and what of it is overdue at `at`.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    record: &'a store::Record,
    overdue: &'a [OverdueAction],
    at: DateTime,
}

/// A list line with what of it is overdue (`list --json`).
#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    summary: &'a RecordSummary,
    overdue: &'a [OverdueAction],
}

/// "lado-referral overdue since 17:00 on Wednesday 2 December 2026".
fn overdue_words(a: &OverdueAction) -> String {
    format!("{} overdue since {}", a.outcome, store::deadline_words(a.deadline))
}

/// The lines `show` adds below the summary: each action overdue at `now` and not ticked.
fn overdue_text(overdue: &[OverdueAction], now: DateTime) -> String {
    if overdue.is_empty() {
        return String::new();
    }
    let mut out = format!("\nOverdue at {} (not ticked as done)\n", store::deadline_words(now));
    for a in overdue {
        out.push_str(&format!("- {} ({}): {}\n", a.title, a.due, overdue_words(a)));
    }
    out
}

fn print_list(lines: &[RecordSummary], overdue: &BTreeMap<RecordId, Vec<OverdueAction>>, json: bool) {
    let late = |id: RecordId| overdue.get(&id).map_or(&[][..], Vec::as_slice);
    if json {
        let lines: Vec<Line> = lines.iter().map(|summary| Line { summary, overdue: late(summary.id) }).collect();
        println!("{}", serde_json::to_string_pretty(&lines).expect("plain data serialises"));
        return;
    }
    for r in lines {
        let referral = r.referral.as_ref().map(|f| format!("  referred {} to {}", f.date, f.to)).unwrap_or_default();
        let reference = if r.reference.is_empty() { "-" } else { &r.reference };
        let late: String = late(r.id).iter().map(|a| format!("  OVERDUE: {}", overdue_words(a))).collect();
        println!("{:>6}  {}  {reference}  {}{referral}{late}", r.id, r.updated.strftime("%Y-%m-%d %H:%M"), r.agency);
    }
    eprintln!("{} record(s)", lines.len());
}

/// Prints `ok: …` and the chain's head, or `FAILED: …` with each problem (the chain's
/// first broken link among them) on stderr.
fn verify(store: &Store, head: Option<&store::ChainHead>) -> Result<u8, StoreError> {
    let mut report = store.verify()?;
    if let Some(head) = head {
        if !store.chain_holds(head)? {
            report.ok = false;
            report.problems.push(format!("the chain no longer holds head {head}: what was written before it has been rewritten"));
        }
    }
    for p in &report.problems {
        eprintln!("problem: {p}");
    }
    if report.ok {
        println!("ok: {} records (schema {})", report.records, report.schema);
        let head = report.chain.head.as_ref().map_or_else(|| "none yet".to_string(), ToString::to_string);
        println!("chain: {} entries, head {head}", report.chain.entries);
        Ok(0)
    } else {
        println!("FAILED: {} records (schema {}), {} problem(s)", report.records, report.schema, report.problems.len());
        Ok(CHECK_FAILED)
    }
}

fn purge(store: &mut Store, older_than: Option<u32>, yes: bool) -> Result<(), StoreError> {
    let policy = older_than.map_or_else(RetentionPolicy::default, RetentionPolicy::uniform);
    let due = store.due_for_deletion(jiff::Timestamp::now(), &policy)?;
    if !yes {
        print_list(&due, &BTreeMap::new(), false);
        if !due.is_empty() {
            eprintln!("run again with --yes to delete them for good");
        }
        return Ok(());
    }
    let ids: Vec<RecordId> = due.iter().map(|r| r.id).collect();
    let deleted = store.purge(&ids)?;
    println!("deleted {deleted} record(s)");
    Ok(())
}

/// The passphrase from `env`, or typed on the terminal without echo.
fn passphrase(env: &str, prompt: &str) -> Result<Zeroizing<String>, Failure> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(fail(format!("records: no passphrase: set {env} (for scripts) or run in a terminal"), BAD_INPUT));
    }
    rpassword::prompt_password(prompt).map(Zeroizing::new).map_err(|e| fail(format!("records: cannot read the passphrase: {e}"), BAD_INPUT))
}

/// A new passphrase: from `env`, or typed twice, with the rules and a strength hint.
fn new_passphrase(env: &str) -> Result<Zeroizing<String>, Failure> {
    if std::env::var_os(env).is_none() && std::io::stdin().is_terminal() {
        eprintln!("Choose a passphrase of at least {} characters; three random words work well.", store::passphrase::MIN_LEN);
    }
    let pass = passphrase(env, "New passphrase: ")?;
    store::passphrase::check(&pass)?;
    if std::env::var_os(env).is_none() {
        let again = passphrase(env, "Again: ")?;
        if *again != *pass {
            return Err(fail("records: the passphrases differ; nothing changed", BAD_INPUT));
        }
        eprintln!("strength: {}", store::passphrase::strength(&pass).hint);
    }
    Ok(pass)
}
