use crate::output::load_packs;
use std::path::PathBuf;
use std::time::Instant;

pub fn run(dirs: &[PathBuf]) -> u8 {
    let started = Instant::now();
    let packs = match load_packs(dirs) {
        Ok(packs) => packs,
        Err(code) => return code,
    };
    let elapsed = started.elapsed();
    let names: Vec<String> = packs.packs().iter().map(|p| format!("{} {}", p.id, p.version)).collect();
    println!(
        "ok: {}: {} nodes, {} facts, {} outcomes, {} contacts; loaded and checked in {:.2} ms",
        names.join(" + "),
        packs.nodes().len(),
        packs.facts().len(),
        packs.outcomes().len(),
        packs.contacts().len(),
        elapsed.as_secs_f64() * 1000.0
    );
    0
}
