// The app's commands, from the one list (`src/command_list.rs`).
include!("src/command_list.rs");

fn main() {
    // The front-end is embedded at compile time: it must be built first.
    let dist = std::path::Path::new("../ui/dist/index.html");
    if !dist.exists() {
        panic!("ui/dist is missing: build the front-end first with `(cd ui && npm ci && npm run build)` (scripts/deps-app.sh does this)");
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    println!("cargo:rerun-if-changed=src/command_list.rs");
    // The bundled national pack (include_dir! does not track files on stable).
    println!("cargo:rerun-if-changed=../pathways/england");
    // The bundled training scenarios and the example local pack they are written for.
    println!("cargo:rerun-if-changed=../pathways/training");
    println!("cargo:rerun-if-changed=../pathways/local/example");
    // Each command gets an `allow-…` permission; capabilities/main.json grants exactly these.
    let commands: &[&str] = with_commands!(command_names);
    // Windows: tauri-build writes the .exe's version resource from the config's version,
    // which tauri.conf.json leaves to Cargo (the one version of the workspace).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") && std::env::var_os("TAURI_CONFIG").is_none() {
        std::env::set_var("TAURI_CONFIG", format!(r#"{{"version":"{}"}}"#, env!("CARGO_PKG_VERSION")));
    }
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands))).expect("tauri build script");
}
