//! Times the loader's phases on a pack folder: `cargo run --release --example phases DIR`.
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).expect("a pack folder");
    let mut diags = pathway::Diagnostics::default();
    let t = Instant::now();
    let input = pathway::PackInput::read_dir(dir.as_ref(), &mut diags);
    let read = t.elapsed();
    let t = Instant::now();
    for (path, bytes) in &input.files {
        let text = std::str::from_utf8(bytes).unwrap();
        let _: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let parse_only = t.elapsed();
    let t = Instant::now();
    let result = pathway::PackSet::from_inputs(&[input]);
    let all = t.elapsed();
    println!("read {read:?}, toml::Table parse {parse_only:?}, parse+check {all:?}, ok={}", result.is_ok());
}
