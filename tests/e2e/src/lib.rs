//! Nothing here: the test is `tests/app.rs`, run by `scripts/e2e.sh` (it needs the built app, tauri-driver and X).
