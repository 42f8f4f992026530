//! `pathways import oruk EXPORT.json --map MAP.toml --into DIR`: a local pack's contacts
//! and office hours from an Open Referral UK directory export (HSDS 3.0, UK profile).
//!
//! The export is read as HSDS 3.0 JSON: `organizations`, `services` (each possibly with
//! nested `phones`, `schedules` and `contacts`), and top-level `contacts`, `phones` and
//! `schedules` linked by `service_id`. An API page's `contents` is read as `services`.
//! The map (docs/publishing-a-local-pack.md) names the service behind each local contact,
//! the pack's id, name, publisher, version and dates, its sources and bank holidays.
//! Every contact cites the directory source with the service id and the id of each phone
//! and schedule it came from, e.g. `"eastmoor-directory service 8079d997-…"`.
//! Nothing is written to DIR unless the whole import succeeds and the pack passes the
//! checks of `pathways validate`.

use crate::output::{print_diagnostics, BAD_INPUT};
use clap::{Args, Subcommand};
use pathway::{ContactKind, PackSet};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    command: ImportCommand,
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A local pack from an Open Referral UK (HSDS 3.0) export.
    Oruk(OrukArgs),
}

#[derive(Args)]
struct OrukArgs {
    /// The directory's export (JSON).
    export: PathBuf,
    /// Which service is which local contact, and the pack's details (TOML).
    #[arg(long)]
    map: PathBuf,
    /// The local pack folder to write. Other files already in it (escalation text,
    /// additions) are kept; pack.toml, contacts.toml and hours.toml are replaced, and an
    /// old signature removed (sign the pack again).
    #[arg(long)]
    into: PathBuf,
    /// The national pack the result is checked over.
    #[arg(long, default_value = "pathways/england")]
    national: PathBuf,
    /// The day schedules are read for (YYYY-MM-DD; default today): a schedule outside
    /// its valid_from..valid_to is left out.
    #[arg(long)]
    today: Option<jiff::civil::Date>,
}

pub fn run(args: ImportArgs) -> u8 {
    let ImportCommand::Oruk(args) = args.command;
    match import(&args) {
        Ok(report) => {
            print!("{report}");
            0
        }
        Err(message) => {
            eprintln!("{message}");
            eprintln!("nothing was written to {}", args.into.display());
            BAD_INPUT
        }
    }
}

// ------------------------------------------------------------------ the export (HSDS 3.0)

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Deserialize)]
struct Export {
    #[serde(default, deserialize_with = "null_as_empty")]
    organizations: Vec<Organization>,
    #[serde(default, alias = "contents", deserialize_with = "null_as_empty")]
    services: Vec<Service>,
    #[serde(default, deserialize_with = "null_as_empty")]
    contacts: Vec<DirContact>,
    #[serde(default, deserialize_with = "null_as_empty")]
    phones: Vec<Phone>,
    #[serde(default, deserialize_with = "null_as_empty")]
    schedules: Vec<Schedule>,
}

#[derive(Deserialize)]
struct Organization {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct Service {
    id: String,
    name: String,
    organization_id: Option<String>,
    description: Option<String>,
    email: Option<String>,
    url: Option<String>,
    status: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    phones: Vec<Phone>,
    #[serde(default, deserialize_with = "null_as_empty")]
    schedules: Vec<Schedule>,
    #[serde(default, deserialize_with = "null_as_empty")]
    contacts: Vec<DirContact>,
}

#[derive(Deserialize)]
struct DirContact {
    /// Required by HSDS: a contact without one is a schema mismatch.
    #[allow(dead_code)]
    id: String,
    service_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    phones: Vec<Phone>,
}

#[derive(Deserialize)]
struct Phone {
    id: String,
    number: String,
    service_id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
struct Schedule {
    id: String,
    service_id: Option<String>,
    freq: Option<String>,
    interval: Option<serde_json::Value>,
    byday: Option<String>,
    opens_at: Option<String>,
    closes_at: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    description: Option<String>,
}

// ------------------------------------------------------------------ the map

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Map {
    pack: MapPack,
    directory: MapDirectory,
    #[serde(default)]
    source: Vec<MapSource>,
    contacts: BTreeMap<String, String>,
    office_hours: Option<MapHours>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapPack {
    id: String,
    name: String,
    publisher: String,
    version: String,
    review_by: toml::value::Datetime,
    expires: Option<toml::value::Datetime>,
    #[serde(default = "default_overlays")]
    overlays: String,
    #[serde(default)]
    example: bool,
    description: Option<String>,
}

fn default_overlays() -> String {
    "england".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapDirectory {
    /// The `[[source]]` id every imported contact cites.
    source: String,
}

#[derive(Deserialize, Serialize, Clone)]
#[serde(deny_unknown_fields)]
struct MapSource {
    id: String,
    title: String,
    edition: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapHours {
    /// The local contact whose service's schedules are the office hours.
    #[serde(default = "front_door")]
    from: String,
    #[serde(default)]
    closed_dates: Vec<toml::value::Datetime>,
}

fn front_door() -> String {
    "csc-front-door".into()
}

// ------------------------------------------------------------------ the pack written

#[derive(Serialize)]
struct PackToml {
    pack: PackOut,
    source: Vec<MapSource>,
}

#[derive(Serialize)]
struct PackOut {
    id: String,
    name: String,
    publisher: String,
    version: String,
    review_by: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<toml::value::Datetime>,
    overlays: String,
    example: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
struct ContactsToml {
    contact: Vec<ContactOut>,
}

#[derive(Serialize)]
struct ContactOut {
    id: String,
    name: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hours: Option<String>,
    placeholder: bool,
    example: bool,
    source: Vec<String>,
    number: Vec<NumberOut>,
}

#[derive(Serialize)]
struct NumberOut {
    label: String,
    value: String,
}

// ------------------------------------------------------------------ reading

const DAYS: [(&str, &str); 7] =
    [("MO", "monday"), ("TU", "tuesday"), ("WE", "wednesday"), ("TH", "thursday"), ("FR", "friday"), ("SA", "saturday"), ("SU", "sunday")];
const MAX_EXPORT_BYTES: u64 = 64 * 1024 * 1024;

fn read_export(path: &Path) -> Result<Export, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("{}: cannot read the export: {e}", path.display()))?.len();
    if size > MAX_EXPORT_BYTES {
        return Err(format!("{}: the export is {size} bytes; the limit is {MAX_EXPORT_BYTES}", path.display()));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read the export: {e}", path.display()))?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    let export: Export = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            format!("{}: not valid JSON: {inner}", path.display())
        } else {
            format!("{}: `{}`: not an Open Referral UK (HSDS 3.0) export here: {inner}", path.display(), e.path())
        }
    })?;
    de.end().map_err(|e| format!("{}: not valid JSON: {e}", path.display()))?;
    Ok(export)
}

fn read_map(path: &Path) -> Result<Map, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the map: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.to_string().trim()))
}

/// Where a phone or schedule sits in the export, for messages.
struct Found<'a, T> {
    path: String,
    item: &'a T,
}

struct ServiceView<'a> {
    service: &'a Service,
    phones: Vec<Found<'a, Phone>>,
    schedules: Vec<Found<'a, Schedule>>,
}

fn gather<'a>(export: &'a Export, index: usize) -> ServiceView<'a> {
    let service = &export.services[index];
    let path = format!("services[{index}]");
    let mut phones: Vec<Found<Phone>> = service.phones.iter().enumerate().map(|(i, p)| Found { path: format!("{path}.phones[{i}]"), item: p }).collect();
    for (ci, c) in service.contacts.iter().enumerate() {
        phones.extend(c.phones.iter().enumerate().map(|(i, p)| Found { path: format!("{path}.contacts[{ci}].phones[{i}]"), item: p }));
    }
    let mine = |id: &Option<String>| id.as_deref() == Some(service.id.as_str());
    phones.extend(export.phones.iter().enumerate().filter(|(_, p)| mine(&p.service_id)).map(|(i, p)| Found { path: format!("phones[{i}]"), item: p }));
    for (ci, c) in export.contacts.iter().enumerate().filter(|(_, c)| mine(&c.service_id)) {
        phones.extend(c.phones.iter().enumerate().map(|(i, p)| Found { path: format!("contacts[{ci}].phones[{i}]"), item: p }));
    }
    let mut seen = std::collections::HashSet::new();
    phones.retain(|p| seen.insert(p.item.number.clone()));
    let mut schedules: Vec<Found<Schedule>> =
        service.schedules.iter().enumerate().map(|(i, s)| Found { path: format!("{path}.schedules[{i}]"), item: s }).collect();
    schedules.extend(export.schedules.iter().enumerate().filter(|(_, s)| mine(&s.service_id)).map(|(i, s)| Found { path: format!("schedules[{i}]"), item: s }));
    ServiceView { service, phones, schedules }
}

/// `HH:MM`, `HH:MM:SS` (seconds 00), with an optional `Z` or `+00:00`/`+01:00` (UK
/// clock time as written); `24:00` is read as 23:59.
fn parse_time(s: &str) -> Option<jiff::civil::Time> {
    let s = s.strip_suffix('Z').or_else(|| s.strip_suffix("+00:00")).or_else(|| s.strip_suffix("+01:00")).unwrap_or(s);
    let (hm, seconds) = match s.len() {
        5 => (s, "00"),
        8 if &s[5..6] == ":" => (&s[..5], &s[6..]),
        _ => return None,
    };
    if seconds != "00" || &hm[2..3] != ":" {
        return None;
    }
    let (h, m): (i8, i8) = (hm[..2].parse().ok()?, hm[3..].parse().ok()?);
    if h == 24 && m == 0 {
        return jiff::civil::Time::new(23, 59, 0, 0).ok();
    }
    jiff::civil::Time::new(h, m, 0, 0).ok()
}

fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    s.get(..10).filter(|_| s.len() == 10 || s[10..].starts_with('T')).and_then(|d| d.parse().ok())
}

/// A schedule read: the weekdays (Monday = 0) and the times, or `None` when it is not
/// in force on `today`.
struct WeeklyHours {
    days: Vec<usize>,
    opens: jiff::civil::Time,
    closes: jiff::civil::Time,
    id: String,
}

fn read_schedule(found: &Found<Schedule>, today: jiff::civil::Date) -> Result<Option<WeeklyHours>, String> {
    let s = found.item;
    let at = |field: &str| format!("{}.{field}", found.path);
    let date = |field: &str, v: &Option<String>| -> Result<Option<jiff::civil::Date>, String> {
        match v.as_deref().filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => parse_date(v).map(Some).ok_or_else(|| format!("`{}`: `{v}` is not a date such as 2026-04-01", at(field))),
        }
    };
    let from = date("valid_from", &s.valid_from)?;
    let to = date("valid_to", &s.valid_to)?;
    if from.is_some_and(|f| f > today) || to.is_some_and(|t| t < today) {
        return Ok(None);
    }
    match s.freq.as_deref() {
        None | Some("WEEKLY") => {}
        Some(other) => return Err(format!("`{}`: a `{other}` schedule cannot be read as weekly hours (only WEEKLY)", at("freq"))),
    }
    if let Some(i) = &s.interval {
        if i.as_u64() != Some(1) && i.as_str() != Some("1") {
            return Err(format!("`{}`: every {i} weeks cannot be read as weekly hours (only 1)", at("interval")));
        }
    }
    let byday =
        s.byday.as_deref().filter(|b| !b.trim().is_empty()).ok_or_else(|| format!("`{}`: missing; say which days (e.g. \"MO,TU,WE,TH,FR\")", at("byday")))?;
    let mut days = Vec::new();
    for token in byday.split(',').map(str::trim) {
        let day = DAYS
            .iter()
            .position(|(code, _)| *code == token)
            .ok_or_else(|| format!("`{}`: `{token}` is not a day (MO, TU, WE, TH, FR, SA, SU)", at("byday")))?;
        days.push(day);
    }
    let time = |field: &str, v: &Option<String>| -> Result<jiff::civil::Time, String> {
        let v = v.as_deref().ok_or_else(|| format!("`{}`: missing", at(field)))?;
        parse_time(v).ok_or_else(|| format!("`{}`: `{v}` is not a time such as 09:00", at(field)))
    };
    let opens = time("opens_at", &s.opens_at)?;
    let closes = time("closes_at", &s.closes_at)?;
    Ok(Some(WeeklyHours { days, opens, closes, id: s.id.clone() }))
}

fn hm(t: jiff::civil::Time) -> String {
    t.strftime("%H:%M").to_string()
}

/// Plain words for a contact's hours, e.g. "Monday to Thursday 09:00 to 17:00; Friday
/// 09:00 to 16:30".
fn hours_words(hours: &[WeeklyHours]) -> Option<String> {
    let mut parts = Vec::new();
    for h in hours {
        let mut days = h.days.clone();
        days.sort_unstable();
        days.dedup();
        let name = |d: usize| {
            let mut n = DAYS[d].1.to_string();
            n[..1].make_ascii_uppercase();
            n
        };
        let contiguous = days.windows(2).all(|w| w[1] == w[0] + 1);
        let which = match days.as_slice() {
            [] => continue,
            [one] => name(*one),
            [first, .., last] if contiguous && days.len() == 7 => {
                let _ = (first, last);
                "Every day".to_string()
            }
            [first, last] => format!("{} and {}", name(*first), name(*last)),
            [first, .., last] if contiguous => format!("{} to {}", name(*first), name(*last)),
            many => many.iter().map(|d| name(*d)).collect::<Vec<_>>().join(", "),
        };
        let time = if hm(h.opens) == "00:00" && hm(h.closes) == "23:59" { "all day".to_string() } else { format!("{} to {}", hm(h.opens), hm(h.closes)) };
        parts.push(format!("{which} {time}"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn phone_label(p: &Phone) -> String {
    if let Some(d) = p.description.as_deref().map(str::trim).filter(|d| !d.is_empty() && d.len() <= 60) {
        return d.to_string();
    }
    match p.kind.as_deref() {
        Some("textphone") => "Textphone",
        Some("text") => "Text message",
        Some("cell") => "Mobile",
        Some("fax") => "Fax",
        _ => "Phone",
    }
    .to_string()
}

// ------------------------------------------------------------------ the import

fn import(args: &OrukArgs) -> Result<String, String> {
    let export = read_export(&args.export)?;
    let map = read_map(&args.map)?;
    let today = args.today.unwrap_or_else(|| jiff::Zoned::now().date());
    let dir_source = map.directory.source.clone();
    if !map.source.iter().any(|s| s.id == dir_source) {
        return Err(format!("{}: [directory] source = \"{dir_source}\", but no [[source]] has that id", args.map.display()));
    }
    // The national pack says which local contacts a local pack fills.
    let national = PackSet::load(&[&args.national]).map_err(|diags| {
        print_diagnostics(&diags);
        format!("{}: the national pack does not load", args.national.display())
    })?;
    let local_ids: Vec<String> = national.contacts().iter().filter(|c| c.kind == ContactKind::Local && c.placeholder).map(|c| c.id.clone()).collect();
    for id in map.contacts.keys() {
        if !local_ids.contains(id) {
            return Err(format!("{}: [contacts] `{id}` is not one of the national pack's local contacts ({})", args.map.display(), local_ids.join(", ")));
        }
    }
    let by_id: BTreeMap<&str, usize> = export.services.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let organizations: BTreeMap<&str, &str> = export.organizations.iter().map(|o| (o.id.as_str(), o.name.as_str())).collect();

    let mut contacts = Vec::new();
    let mut lacks: Vec<String> = Vec::new();
    let mut unfilled: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut views: BTreeMap<String, ServiceView> = BTreeMap::new();
    for (contact_id, service_id) in &map.contacts {
        let index = *by_id.get(service_id.as_str()).ok_or_else(|| {
            format!("{}: the map names service `{service_id}` for {contact_id}, but the export has no service with that id", args.export.display())
        })?;
        let view = gather(&export, index);
        let s = view.service;
        if s.status.as_deref().is_some_and(|st| st != "active") {
            lacks.push(format!(
                "{contact_id}: service `{}` ({}) has status `{}`, not active; imported all the same, check it",
                s.id,
                s.name,
                s.status.as_deref().unwrap_or_default()
            ));
        }
        let mut hours = Vec::new();
        for found in &view.schedules {
            hours.extend(read_schedule(found, today)?);
        }
        let mut cites = vec![format!("{dir_source} service {}", s.id)];
        cites.extend(view.phones.iter().map(|p| format!("{dir_source} phone {}", p.item.id)));
        cites.extend(hours.iter().map(|h| format!("{dir_source} schedule {}", h.id)));
        if map.pack.example && map.source.iter().any(|s| s.id == "ofcom-drama") {
            cites.push("ofcom-drama".into());
        }
        let mut description = s.description.clone().unwrap_or_default().trim().to_string();
        if let Some(org) = s.organization_id.as_deref().and_then(|o| organizations.get(o)) {
            description = format!("{description} Run by {org}.").trim().to_string();
        }
        if let Some(e) = s.email.as_deref().filter(|e| !e.is_empty()) {
            description.push_str(&format!(" E-mail: {e}."));
        }
        if let Some(u) = s.url.as_deref().filter(|u| !u.is_empty()) {
            description.push_str(&format!(" Web: {u}"));
        }
        // The schedules' own words where their times say nothing in force.
        let described: Vec<&str> = view.schedules.iter().filter_map(|f| f.item.description.as_deref()).filter(|d| !d.trim().is_empty()).collect();
        let hours_text = hours_words(&hours).or_else(|| (!described.is_empty()).then(|| described.join("; ")));
        if view.phones.is_empty() {
            lacks.push(format!("{contact_id}: service `{}` ({}) has no phone number, so it is left unfilled", s.id, s.name));
            unfilled.push(contact_id.clone());
            continue;
        }
        if hours_text.is_none() {
            lacks.push(format!("{contact_id}: service `{}` ({}) has no opening times in force", s.id, s.name));
        }
        if s.email.as_deref().unwrap_or_default().is_empty() {
            lacks.push(format!("{contact_id}: service `{}` ({}) has no e-mail address", s.id, s.name));
        }
        lines.push(format!(
            "  {contact_id:<17} {} ({} number{}{})",
            s.name,
            view.phones.len(),
            if view.phones.len() == 1 { "" } else { "s" },
            hours_text.as_deref().map(|h| format!("; {h}")).unwrap_or_default()
        ));
        contacts.push(ContactOut {
            id: contact_id.clone(),
            name: s.name.clone(),
            kind: "local",
            description: (!description.is_empty()).then_some(description),
            hours: hours_text,
            placeholder: false,
            example: map.pack.example,
            source: cites,
            number: view.phones.iter().map(|p| NumberOut { label: phone_label(p.item), value: p.item.number.trim().to_string() }).collect(),
        });
        views.insert(contact_id.clone(), view);
    }
    for id in &local_ids {
        if !map.contacts.contains_key(id) && !unfilled.contains(id) {
            unfilled.push(id.clone());
        }
    }

    // Office hours from one contact's service's schedules.
    let mut hours_file = None;
    let mut hours_line = String::new();
    if let Some(oh) = &map.office_hours {
        let view = views.get(&oh.from).ok_or_else(|| {
            format!("{}: [office_hours] from = \"{}\", which the map does not fill from a service with a phone number", args.map.display(), oh.from)
        })?;
        let mut days: [Option<(jiff::civil::Time, jiff::civil::Time, String)>; 7] = Default::default();
        let mut ids = Vec::new();
        for found in &view.schedules {
            let Some(h) = read_schedule(found, today)? else { continue };
            if h.closes <= h.opens {
                return Err(format!(
                    "`{}`: closes at {} before it opens at {}; office hours must close after they open",
                    found.path,
                    hm(h.closes),
                    hm(h.opens)
                ));
            }
            for &d in &h.days {
                if let Some((o, c, first)) = &days[d] {
                    if (*o, *c) != (h.opens, h.closes) {
                        return Err(format!("`{}.byday`: {} already has hours from `{first}`; office hours hold one opening a day", found.path, DAYS[d].1));
                    }
                }
                days[d] = Some((h.opens, h.closes, found.path.clone()));
            }
            ids.push(format!("{dir_source} schedule {}", h.id));
        }
        if ids.is_empty() {
            lacks.push(format!(
                "office hours: service `{}` ({}) has no schedules in force, so the pack gives no office hours",
                view.service.id, view.service.name
            ));
        } else {
            // Written by hand so the days come in week order.
            let quote = |v: &str| toml::Value::String(v.to_string()).to_string();
            let mut text = String::from("[office_hours]\n");
            for (d, hours) in days.iter().enumerate() {
                if let Some((o, c, _)) = hours {
                    text.push_str(&format!("{} = [{}, {}]\n", DAYS[d].1, quote(&hm(*o)), quote(&hm(*c))));
                }
            }
            let dates: Vec<String> = oh.closed_dates.iter().map(|d| d.to_string()).collect();
            text.push_str(&format!("closed_dates = [{}]\n", dates.join(", ")));
            ids.insert(0, format!("{dir_source} service {}", view.service.id));
            text.push_str(&format!("source = [{}]\n", ids.iter().map(|i| quote(i)).collect::<Vec<_>>().join(", ")));
            hours_line = format!(
                "Office hours from {}: {}; {} closed dates\n",
                view.service.name,
                hours_words(&view.schedules.iter().filter_map(|f| read_schedule(f, today).ok().flatten()).collect::<Vec<_>>()).unwrap_or_default(),
                oh.closed_dates.len()
            );
            hours_file = Some(text);
        }
    }

    // Write beside DIR, check, then move into place.
    let export_name = args.export.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let header = format!("# Made by `pathways import oruk` from {export_name} (read for {today}) with {}.\n# Change the directory or the map and import again, rather than editing this file.\n\n", args.map.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    let p = &map.pack;
    let pack = PackToml {
        pack: PackOut {
            id: p.id.clone(),
            name: p.name.clone(),
            publisher: p.publisher.clone(),
            version: p.version.clone(),
            review_by: p.review_by,
            expires: p.expires,
            overlays: p.overlays.clone(),
            example: p.example,
            description: p.description.clone(),
        },
        source: map.source.clone(),
    };
    let mut files: Vec<(&str, String)> =
        vec![("pack.toml", format!("{header}{}", to_toml(&pack)?)), ("contacts.toml", format!("{header}{}", to_toml(&ContactsToml { contact: contacts })?))];
    if let Some(h) = &hours_file {
        files.push(("hours.toml", format!("{header}{h}")));
    }
    write_checked(&args.into, &args.national, &files)?;

    let mut report = format!(
        "Imported {} of {} local contacts from {} ({} services) into {}:\n",
        lines.len(),
        local_ids.len(),
        args.export.display(),
        export.services.len(),
        args.into.display()
    );
    for l in &lines {
        report.push_str(l);
        report.push('\n');
    }
    report.push_str(&hours_line);
    report.push_str("The map names, but the export lacks:\n");
    if lacks.is_empty() {
        report.push_str("  nothing\n");
    }
    for l in &lacks {
        report.push_str(&format!("  {l}\n"));
    }
    report.push_str("Local contacts left unfilled (the national pack's placeholder stays):\n");
    if unfilled.is_empty() {
        report.push_str("  none\n");
    }
    for u in &unfilled {
        report.push_str(&format!("  {u}\n"));
    }
    report.push_str(&format!(
        "Checked over {}: the pack passes `pathways validate`. Sign it with `pathways pack sign {}`.\n",
        args.national.display(),
        args.into.display()
    ));
    Ok(report)
}

fn to_toml<T: Serialize>(value: &T) -> Result<String, String> {
    toml::to_string(value).map_err(|e| format!("cannot write the pack: {e}"))
}

/// The files the import replaces in an existing folder (and the stale signature).
const REPLACED: [&str; 5] = ["pack.toml", "contacts.toml", "hours.toml", packtrust::MANIFEST, packtrust::SIGNATURE];

/// Builds the new folder beside `into` (keeping the other files of an existing one),
/// checks it over the national pack, and only then moves it into place.
fn write_checked(into: &Path, national: &Path, files: &[(&str, String)]) -> Result<(), String> {
    let parent = into.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: cannot make the folder: {e}", parent.display()))?;
    let temp = tempfile::Builder::new().prefix(".import-").tempdir_in(parent).map_err(|e| format!("{}: cannot write there: {e}", parent.display()))?;
    if into.is_dir() {
        copy_kept(into, temp.path(), Path::new("")).map_err(|e| format!("{}: cannot copy its other files: {e}", into.display()))?;
    } else if into.exists() {
        return Err(format!("{}: exists and is not a folder", into.display()));
    }
    for (name, text) in files {
        std::fs::write(temp.path().join(name), text).map_err(|e| format!("{}: cannot write: {e}", temp.path().join(name).display()))?;
    }
    if let Err(diags) = PackSet::load(&[national, temp.path()]) {
        print_diagnostics(&diags);
        return Err("the imported pack does not pass `pathways validate`".into());
    }
    let temp = temp.keep();
    let aside = parent.join(format!(".import-old-{}", std::process::id()));
    let had = into.exists();
    if had {
        std::fs::rename(into, &aside).map_err(|e| format!("{}: cannot replace it: {e}", into.display()))?;
    }
    if let Err(e) = std::fs::rename(&temp, into) {
        if had {
            let _ = std::fs::rename(&aside, into);
        }
        let _ = std::fs::remove_dir_all(&temp);
        return Err(format!("{}: cannot move the new pack into place: {e}", into.display()));
    }
    if had {
        let _ = std::fs::remove_dir_all(&aside);
    }
    Ok(())
}

fn copy_kept(from: &Path, to: &Path, rel: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from.join(rel))? {
        let entry = entry?;
        let name = rel.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            std::fs::create_dir_all(to.join(&name))?;
            copy_kept(from, to, &name)?;
        } else if kind.is_file() && !(rel.as_os_str().is_empty() && REPLACED.iter().any(|r| entry.file_name() == *r)) {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}
