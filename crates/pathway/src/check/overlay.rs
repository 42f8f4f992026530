//! Manifests, which pack is national, and what a local pack may add: contacts, office
//! hours, escalation text and additions to outcomes. A local pack can never change the
//! graph, so it can never remove a national step.

use super::{Ctx, LoadedPack, ManifestAt};
use crate::diagnostic::{Location, Rule};
use crate::hours::{parse_time, OfficeHours};
use crate::model::{OutcomeDef, PackInfo, SourceDef, TextBlock};
use std::collections::{BTreeMap, HashMap};

pub(super) fn manifests(ctx: &mut Ctx, loaded: &[LoadedPack]) -> Vec<ManifestAt> {
    loaded
        .iter()
        .map(|pack| {
            let mut found: Option<ManifestAt> = None;
            for (fi, file) in pack.files.iter().enumerate() {
                let Some(m) = &file.content.pack else { continue };
                let location: Location = Ctx::at(&file.text, &m.id).into();
                if let Some(first) = &found {
                    ctx.report(
                        location,
                        Rule::DuplicateManifest,
                        format!("a second [pack] table (the first is at {})", first.location),
                        "keep one [pack] table per pack, in pack.toml",
                    );
                    continue;
                }
                let info = PackInfo {
                    id: m.id.get_ref().clone(),
                    name: m.name.clone(),
                    publisher: m.publisher.clone(),
                    version: m.version.clone(),
                    review_by: pack_date(ctx, "review_by", &m.review_by, location.clone()),
                    expires: m.expires.as_ref().map(|e| pack_date(ctx, "expires", e, location.clone())),
                    description: m.description.clone(),
                    overlays: m.overlays.as_ref().map(|o| o.get_ref().clone()),
                    example: m.example,
                    dir: pack.dir.clone(),
                };
                found = Some(ManifestAt { info: Some(info), location, start: m.start.clone().map(|s| (s, fi)) });
            }
            found.unwrap_or_else(|| {
                let location = Location::file_start(&pack.dir);
                if !pack.parse_failed {
                    ctx.report(
                        location.clone(),
                        Rule::MissingManifest,
                        "the pack has no [pack] table",
                        "add pack.toml with [pack] id, name, publisher, version and review_by",
                    );
                }
                ManifestAt { info: None, location, start: None }
            })
        })
        .collect()
}

fn pack_date(ctx: &mut Ctx, key: &str, value: &toml::value::Datetime, location: Location) -> String {
    match (&value.date, &value.time) {
        (Some(d), None) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        _ => {
            ctx.report(location, Rule::WrongType, format!("`{key}` must be a date such as 2027-05-31"), "write the date without a time");
            String::new()
        }
    }
}

/// The one pack without `overlays`.
pub(super) fn find_national(ctx: &mut Ctx, loaded: &[LoadedPack], manifests: &[ManifestAt]) -> Option<usize> {
    let nationals: Vec<usize> = manifests.iter().enumerate().filter(|(_, m)| m.info.as_ref().is_some_and(|i| i.overlays.is_none())).map(|(i, _)| i).collect();
    match nationals.as_slice() {
        [one] => Some(*one),
        [] => {
            let location = manifests.first().map_or_else(|| Location::file_start(std::path::Path::new(".")), |m| m.location.clone());
            if !manifests.iter().any(|m| m.info.is_none()) || loaded.is_empty() {
                ctx.report(
                    location,
                    Rule::NoNationalPack,
                    "no national pack was given (every pack has `overlays`)",
                    "pass the national pack's folder, e.g. pathways/england, before any local pack",
                );
            }
            None
        }
        [first, rest @ ..] => {
            for &other in rest {
                ctx.report(
                    manifests[other].location.clone(),
                    Rule::NoNationalPack,
                    format!("a second national pack (the first is at {})", manifests[*first].location),
                    "give one national pack; a local pack names it in `overlays`",
                );
            }
            Some(*first)
        }
    }
}

pub(super) fn check_locals(ctx: &mut Ctx, loaded: &[LoadedPack], manifests: &[ManifestAt], national: usize) {
    let national_id = manifests[national].info.as_ref().map(|i| i.id.clone()).unwrap_or_default();
    for (pi, pack) in loaded.iter().enumerate() {
        if pi == national {
            continue;
        }
        if let Some(info) = &manifests[pi].info {
            if info.overlays.as_deref().is_some_and(|o| o != national_id) {
                ctx.report(
                    manifests[pi].location.clone(),
                    Rule::OverlayUnknownPack,
                    format!("the pack overlays `{}`, but the national pack is `{national_id}`", info.overlays.as_deref().unwrap_or_default()),
                    "set `overlays` to the national pack's id",
                );
            }
        }
        if let Some((start, fi)) = &manifests[pi].start {
            ctx.report(
                Ctx::at(&pack.files[*fi].text, start),
                Rule::OverlayChangesGraph,
                "a local pack cannot set `start`",
                "remove `start`; the national pack decides where a walk begins",
            );
        }
        for file in &pack.files {
            let c = &file.content;
            let ids = c
                .node
                .iter()
                .map(|n| (&n.id, "node"))
                .chain(c.fact.iter().map(|f| (&f.id, "fact")))
                .chain(c.outcome.iter().map(|o| (&o.id, "outcome")))
                .chain(c.agency.iter().map(|a| (&a.id, "agency page")));
            for (id, what) in ids {
                ctx.report(Ctx::at(&file.text, id), Rule::OverlayChangesGraph, format!("a local pack cannot declare a {what} (`{}`)", id.get_ref()), "a local pack may add contacts, office hours, escalation text and [[addition]] text; ask the national pack's publisher for a change to the pathway");
            }
        }
    }
}

/// Office hours, escalation text and additions, gathered from the local packs.
pub(super) struct LocalText {
    pub office_hours: Option<OfficeHours>,
    pub escalation: Option<TextBlock>,
    pub additions: HashMap<String, Vec<TextBlock>>,
}

pub(super) fn local_text(
    ctx: &mut Ctx,
    loaded: &[LoadedPack],
    national: usize,
    manifests: &[ManifestAt],
    outcomes: &super::Table<OutcomeDef>,
    sources: &BTreeMap<String, SourceDef>,
) -> LocalText {
    let mut text = LocalText { office_hours: None, escalation: None, additions: HashMap::new() };
    let mut hours_at: Option<Location> = None;
    for (pi, pack) in loaded.iter().enumerate() {
        let pack_id = manifests[pi].info.as_ref().map(|i| i.id.clone()).unwrap_or_default();
        for file in &pack.files {
            let c = &file.content;
            if let Some(hours) = &c.office_hours {
                let anchor = Location::file_start(&file.text.path);
                if pi == national {
                    ctx.report(
                        anchor.clone(),
                        Rule::WrongType,
                        "office hours belong in a local pack",
                        "move [office_hours] to the local pack of the area whose front door it describes",
                    );
                } else if let Some(first) = &hours_at {
                    ctx.report(anchor.clone(), Rule::DuplicateId, format!("office hours are given twice (first in {first})"), "give [office_hours] once");
                } else {
                    hours_at = Some(anchor.clone());
                    text.office_hours = office_hours(ctx, hours, file, anchor, sources, &pack_id);
                }
            }
            if let Some(esc) = &c.escalation {
                let anchor = Location::file_start(&file.text.path);
                let cites = ctx.citations(&esc.source, &file.text, anchor, &"the escalation text", sources);
                // A local policy replaces the national pack's general advice.
                if pi != national || text.escalation.is_none() {
                    text.escalation = Some(TextBlock { text: esc.text.clone(), sources: cites, pack: pack_id.clone() });
                }
            }
            for add in &c.addition {
                let here = Ctx::at(&file.text, &add.outcome);
                if pi == national {
                    ctx.report(here, Rule::WrongType, "[[addition]] belongs in a local pack", "write the text into the outcome itself");
                }
                if !outcomes.contains(add.outcome.get_ref()) {
                    ctx.report(
                        here,
                        Rule::UnknownOutcome,
                        format!("no outcome `{}` to add to", add.outcome.get_ref()),
                        "use an outcome id from the national pack",
                    );
                }
                let cites = ctx.citations(&add.source, &file.text, here, &"the addition", sources);
                text.additions.entry(add.outcome.get_ref().clone()).or_default().push(TextBlock {
                    text: add.text.clone(),
                    sources: cites,
                    pack: pack_id.clone(),
                });
            }
        }
    }
    text
}

fn office_hours(
    ctx: &mut Ctx,
    raw: &crate::format::OfficeHours,
    file: &crate::load::ParsedFile,
    anchor: Location,
    sources: &BTreeMap<String, SourceDef>,
    pack: &str,
) -> Option<OfficeHours> {
    let raw_days = [&raw.monday, &raw.tuesday, &raw.wednesday, &raw.thursday, &raw.friday, &raw.saturday, &raw.sunday];
    let mut days = [None; 7];
    let mut ok = true;
    for (slot, day) in days.iter_mut().zip(raw_days) {
        let Some([open, close]) = day else { continue };
        match (parse_time(open.get_ref()), parse_time(close.get_ref())) {
            (Some(o), Some(c)) if o < c => *slot = Some((o, c)),
            (Some(_), Some(_)) => {
                ctx.report(
                    Ctx::at(&file.text, close),
                    Rule::BadOfficeHours,
                    "the front door closes before it opens",
                    "give the opening time first, e.g. [\"09:00\", \"17:00\"]",
                );
                ok = false;
            }
            (o, _) => {
                let bad = if o.is_none() { open } else { close };
                ctx.report(
                    Ctx::at(&file.text, bad),
                    Rule::BadOfficeHours,
                    format!("`{}` is not a time in HH:MM", bad.get_ref()),
                    "write times as 24-hour HH:MM, e.g. \"09:00\"",
                );
                ok = false;
            }
        }
    }
    let mut closed_dates = Vec::new();
    for d in &raw.closed_dates {
        match (&d.date, &d.time) {
            (Some(date), None) => match jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8) {
                Ok(date) => closed_dates.push(date),
                Err(_) => ok = false,
            },
            _ => {
                ctx.report(anchor.clone(), Rule::BadOfficeHours, format!("closed date `{d}` is not a plain date"), "write dates as 2026-12-25");
                ok = false;
            }
        }
    }
    let cites = ctx.citations(&raw.source, &file.text, anchor, &"the office hours", sources);
    ok.then(|| OfficeHours { days, closed_dates, sources: cites, pack: pack.to_string() })
}

/// Pack infos with the national pack first, then the local packs in the order given.
pub(super) fn order_infos(manifests: &[ManifestAt], national: usize) -> Vec<PackInfo> {
    let mut infos = vec![manifests[national].info.clone().expect("national pack has a manifest")];
    infos.extend(manifests.iter().enumerate().filter(|(i, _)| *i != national).filter_map(|(_, m)| m.info.clone()));
    infos
}
