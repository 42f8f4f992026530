//! Engine speed: loading and checking packs (the national pack with the example local
//! pack, as the app loads them; a generated 500-node pack, the size of a large local
//! authority's pathway; and a generated 10,000-node pack, to show one still loads), one
//! walk step, a whole triage, and the deadlines of a result.
//! Run: `cargo bench -p pathway --bench engine`. The generator is `pathway::generate`
//! (feature `generate`, which this crate's dev-dependency on itself turns on), so the
//! figures reproduce from the seed.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use pathway::generate::GenPack;
use pathway::{Facts, PackSet, Walk};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn workspace(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}

fn generated(nodes: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    GenPack::random(nodes, 1).write_to(dir.path()).unwrap();
    dir
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load+check");
    group.sample_size(20);
    // What the app loads: the national pack and a local pack laid over it.
    let real = [workspace("pathways/england"), workspace("pathways/local/example")];
    group.bench_function("england + example local pack", |b| b.iter(|| PackSet::load(&real).unwrap()));
    // A large local authority's pathway, were it written as a pack of its own: a few
    // hundred nodes. (A local pack may not add nodes, so this is a national-shaped pack.)
    let local_scale = generated(500);
    group.bench_function("generated 500 nodes", |b| b.iter(|| PackSet::load(&[local_scale.path()]).unwrap()));
    // Not a target: far beyond any real pack, kept to show one still loads.
    let big = generated(10_000);
    group.bench_function("generated 10,000 nodes", |b| b.iter(|| PackSet::load(&[big.path()]).unwrap()));
    group.finish();
}

fn case_facts(path: &str) -> Facts {
    pathway::Case::load(&workspace(path)).unwrap().facts
}

fn walking(c: &mut Criterion) {
    let packs = PackSet::load(&[workspace("pathways/england"), workspace("pathways/local/example")]).unwrap();
    let facts = case_facts("tests/cases/p02-domestic-abuse-call-out.toml");
    let context: Facts = [("agency", "police"), ("out_of_hours", "no")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let first = Walk::start(&packs, context.clone()).unwrap();
    let danger_no: Facts = [("immediate_danger".to_string(), "no".to_string())].into();
    c.bench_function("walk step: answer one screen", |b| {
        b.iter_batched(|| first.clone(), |mut walk| walk.answer(&packs, black_box(&danger_no)).unwrap(), BatchSize::SmallInput)
    });
    c.bench_function("walk step: show the screen", |b| b.iter(|| black_box(first.screen(&packs))));
    c.bench_function("walk: start", |b| b.iter(|| Walk::start(&packs, black_box(context.clone())).unwrap()));
    c.bench_function("triage: a whole case", |b| b.iter(|| pathway::triage(&packs, black_box(&facts)).unwrap()));
    let result = pathway::triage(&packs, &facts).unwrap();
    c.bench_function("result: outcomes and summary", |b| b.iter(|| pathway::summary::plain_text(&packs, black_box(&result))));
    // The app works out every outcome's deadline each time it shows a result or a record.
    let calendar = packs.working_calendar();
    let now = jiff::civil::date(2026, 12, 24).at(22, 32, 0, 0);
    c.bench_function("due: every outcome's deadline, in words", |b| {
        b.iter(|| result.outcomes.iter().map(|o| o.due.deadline(black_box(now), &calendar).describe(now)).collect::<Vec<_>>())
    });
}

criterion_group!(benches, loading, walking);
criterion_main!(benches);
