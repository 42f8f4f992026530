//! The app's security configuration and its one list of commands, checked as files.
//!
//! These fail when the Content Security Policy loosens in any way (compared with the
//! exact policy: nothing remote, no `unsafe-eval` or `unsafe-inline`), when
//! `freezePrototype` is turned off, when a capability grants anything beyond the app's
//! own commands (file system, shell, HTTP, dialog, …), or when the capability file or
//! `ui/src/lib/api.ts` drifts from `src/command_list.rs`.

use pathways_app::COMMANDS;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_file(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn config() -> Value {
    json_file(&dir().join("tauri.conf.json"))
}

/// `allow-walk-back-to` for `walk_back_to`: the permission tauri-build makes for a command.
fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[test]
fn the_content_security_policy_is_exactly_the_strict_one() {
    let expected = json!({
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "ipc: http://ipc.localhost",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-src": "'none'"
    });
    let security = &config()["app"]["security"];
    assert_eq!(security["csp"], expected, "the CSP changed: it must stay exactly this (no remote sources, no unsafe-eval or unsafe-inline)");
    // Whatever the expected policy above becomes: nothing remote, nothing unsafe.
    for (directive, sources) in security["csp"].as_object().unwrap() {
        for source in sources.as_str().unwrap_or_default().split_whitespace() {
            let remote = source.contains("://") && source != "http://ipc.localhost";
            let loose = source.contains('*')
                || source.starts_with("'unsafe")
                || source == "'wasm-unsafe-eval'"
                || matches!(source, "http:" | "https:" | "ws:" | "wss:" | "data:" | "blob:" | "filesystem:");
            assert!(!remote && !loose, "the CSP's {directive} allows `{source}`");
        }
    }
    // The dev CSP (used by `tauri dev`) must not be a looser back door either.
    assert!(security.get("devCsp").is_none_or(Value::is_null), "a devCsp is set");
    // Tauri adds its own nonces and hashes to the CSP; turning that off would need unsafe-inline.
    assert!(security.get("dangerousDisableAssetCspModification").is_none_or(|v| v == &json!(false)), "asset CSP modification is disabled");
}

#[test]
fn the_prototype_stays_frozen_and_nothing_is_global() {
    let c = config();
    assert_eq!(c["app"]["security"]["freezePrototype"], json!(true), "freezePrototype must stay on");
    assert_eq!(c["app"]["withGlobalTauri"], json!(false), "window.__TAURI__ must not be exposed");
    assert!(c["app"]["security"].get("assetProtocol").is_none_or(|a| a["enable"] != json!(true)), "the asset protocol (files by path) must stay off");
    assert_eq!(c["app"]["security"]["capabilities"], json!(["main"]), "only the main capability");
}

#[test]
fn the_capability_grants_exactly_the_apps_own_commands() {
    let files: Vec<PathBuf> = std::fs::read_dir(dir().join("capabilities")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one capability file: {files:?}");
    let cap = json_file(&files[0]);
    assert_eq!(cap["identifier"], "main");
    assert_eq!(cap["windows"], json!(["main"]));
    assert!(cap.get("remote").is_none(), "no remote URL may call the app's commands");
    assert!(cap.get("webviews").is_none() && cap.get("platforms").is_none(), "{cap}");
    let granted: Vec<&str> = cap["permissions"]
        .as_array()
        .expect("a list of permissions")
        .iter()
        .map(|p| p.as_str().unwrap_or_else(|| panic!("a scoped permission object: {p}")))
        .collect();
    for p in &granted {
        // Plugin and core permissions are `plugin:…`; the app's own have no colon.
        assert!(!p.contains(':'), "`{p}`: the front-end may call only the app's own commands (no fs, shell, http, dialog or core permissions)");
        for banned in ["fs", "shell", "http", "dialog", "process", "opener"] {
            assert!(!p.starts_with(banned), "`{p}`");
        }
    }
    let expected: Vec<String> = COMMANDS.iter().map(|c| permission(c)).collect();
    assert_eq!(granted, expected, "capabilities/main.json must grant exactly the commands of src/command_list.rs, in its order");
}

#[test]
fn no_plugin_that_reaches_files_a_shell_or_the_network_is_built_in() {
    let manifest = std::fs::read_to_string(dir().join("Cargo.toml")).unwrap();
    for plugin in ["tauri-plugin-fs", "tauri-plugin-shell", "tauri-plugin-http", "tauri-plugin-upload", "tauri-plugin-websocket", "tauri-plugin-opener"] {
        assert!(!manifest.contains(plugin), "{plugin} is a dependency");
    }
    let plugins = &config()["plugins"];
    assert!(plugins.is_null() || plugins.as_object().is_some_and(|p| p.is_empty()), "plugin configuration: {plugins}");
}

/// The command names `ui/src/lib/api.ts` calls: each `call<…>("name"`.
fn api_calls(ts: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = ts;
    while let Some(at) = rest.find("call<") {
        rest = &rest[at..];
        let open = rest.find("(\"").expect("call<…>(\"name\"");
        let name = &rest[open + 2..];
        let end = name.find('"').unwrap();
        names.push(name[..end].to_string());
        rest = &name[end..];
    }
    names
}

#[test]
fn the_front_end_calls_every_command_and_no_other() {
    let ts = std::fs::read_to_string(dir().join("../ui/src/lib/api.ts")).unwrap();
    assert_eq!(ts.matches("invoke<").count() + ts.matches("invoke(").count(), 1, "api.ts calls `invoke` once, in `call`, typed by the generated `Command`");
    assert!(ts.contains("import type { Command } from \"./bindings/Command\""), "api.ts types the names with the generated Command");
    let mut calls = api_calls(&ts);
    calls.sort();
    let mut commands: Vec<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
    commands.sort();
    assert_eq!(calls, commands, "ui/src/lib/api.ts must call each command of src/command_list.rs once");
}

#[test]
fn the_command_list_has_no_repeats() {
    let mut names = COMMANDS.to_vec();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), COMMANDS.len());
}
