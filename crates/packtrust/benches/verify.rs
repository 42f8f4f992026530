//! Verifying a signed bundle of the national pack plus a signed bundle of a local pack
//! (the target: under 50 ms), and the same followed by loading both packs from
//! the verified bytes. Keys are made here; nothing is read from outside the repository.

use criterion::{criterion_group, criterion_main, Criterion};
use packtrust::{sign_files, verify_bundle, KeyOrigin, KeyRole, PackFiles, SigningKey, TrustedKeys};
use std::path::Path;

fn bundles() -> (Vec<u8>, Vec<u8>, TrustedKeys) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read = |p: &packtrust::NewKeyPair| SigningKey::from_text(&p.secret_text, "bench", || unreachable!()).unwrap();
    let national = SigningKey::generate("national (bench)", None).unwrap();
    let local = SigningKey::generate("local (bench)", None).unwrap();
    let mut keys = TrustedKeys::built_in();
    keys.add(national.public.clone(), KeyRole::National, KeyOrigin::Given("bench".into()));
    keys.add(local.public.clone(), KeyRole::Local, KeyOrigin::Given("bench".into()));
    let mut n = PackFiles::read_dir(&root.join("pathways/england")).unwrap();
    sign_files(&mut n, &read(&national)).unwrap();
    let mut l = PackFiles::read_dir(&root.join("pathways/local/example")).unwrap();
    sign_files(&mut l, &read(&local)).unwrap();
    (n.to_bundle().unwrap(), l.to_bundle().unwrap(), keys)
}

fn verify(c: &mut Criterion) {
    let (national, local, keys) = bundles();
    eprintln!("bundles: national {} bytes, local {} bytes", national.len(), local.len());
    c.bench_function("verify national + local bundles", |b| {
        b.iter(|| {
            let n = verify_bundle(&national, &keys).unwrap();
            let l = verify_bundle(&local, &keys).unwrap();
            (n, l)
        })
    });
    c.bench_function("verify and load national + local bundles", |b| {
        b.iter(|| {
            let n = verify_bundle(&national, &keys).unwrap();
            let l = verify_bundle(&local, &keys).unwrap();
            pathway::PackSet::from_inputs(&[n.pack_input("england"), l.pack_input("local")]).unwrap()
        })
    });
}

criterion_group!(benches, verify);
criterion_main!(benches);
