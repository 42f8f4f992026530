fn main() {
    // The front-end is embedded at compile time: it must be built first.
    let dist = std::path::Path::new("../ui/dist/index.html");
    if !dist.exists() {
        panic!("ui/dist is missing: build the front-end first with `(cd ui && npm ci && npm run build)` (scripts/deps-app.sh does this)");
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    // The bundled national pack (include_dir! does not track files on stable).
    println!("cargo:rerun-if-changed=../pathways/england");
    let commands = &[
        "boot",
        "save_settings",
        "clock",
        "walk_start",
        "walk_current",
        "walk_answer",
        "walk_back",
        "walk_back_to",
        "walk_discard",
        "directory",
        "packs",
        "load_local_pack",
        "choose_local_pack",
        "remove_local_pack",
        "app_ready",
        "records_status",
        "records_create",
        "records_unlock",
        "records_lock",
        "passphrase_strength",
        "records_save",
        "records_list",
        "records_get",
        "records_amend",
        "records_tick",
        "records_referral",
        "records_export",
        "records_export_file",
        "records_change_passphrase",
        "records_due",
        "records_purge",
    ];
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(commands))).expect("tauri build script");
}
