//! The desktop shell of Safeguarding Pathways: app state, and thin Tauri commands over
//! the `pathway` engine. The logic lives in [`core::Core`] (testable without a window);
//! `commands` only lock the state and call it.
//!
//! Flags (for testing and training): `--now 2026-11-21T19:40` fixes the clock (also
//! `PATHWAYS_NOW`), `--config-dir DIR` keeps settings elsewhere (also
//! `PATHWAYS_CONFIG_DIR`), `--timings` prints start-up timing, `--exit-when-ready` quits
//! once the first screen is interactive (for measuring).

#[macro_use]
mod command_list;
pub mod bundled;
pub mod clock;
mod commands;
pub mod core;
pub mod due;
pub mod pack_import;
pub mod records;
pub mod settings;
pub mod timings;
pub mod training;
pub mod views;

use std::path::PathBuf;
use tauri::Manager;

/// The names of the app's commands (`command_list.rs`, the one list of them).
pub const COMMANDS: &[&str] = with_commands!(command_names);

/// `tauri::generate_handler!` over every command in the list.
macro_rules! handler {
    ($($command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$command),*]
    };
}

/// What the command line (or the environment) asked for.
#[derive(Debug, Default, Clone)]
pub struct Options {
    pub now: Option<jiff::civil::DateTime>,
    pub config_dir: Option<PathBuf>,
    pub timings: bool,
    pub exit_when_ready: bool,
}

impl Options {
    pub fn parse(args: impl IntoIterator<Item = String>, env: impl Fn(&str) -> Option<String>) -> Result<Options, String> {
        let mut o = Options::default();
        let mut now = env("PATHWAYS_NOW").filter(|s| !s.is_empty());
        o.config_dir = env("PATHWAYS_CONFIG_DIR").filter(|s| !s.is_empty()).map(PathBuf::from);
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{name} needs a value"));
            match flag.as_str() {
                "--now" => now = Some(value("--now")?),
                "--config-dir" => o.config_dir = Some(PathBuf::from(value("--config-dir")?)),
                "--timings" => o.timings = true,
                "--exit-when-ready" => o.exit_when_ready = true,
                _ => {}
            }
        }
        if let Some(now) = now {
            o.now = Some(clock::parse_now(&now).ok_or_else(|| format!("--now: `{now}` is not a date and time like 2026-11-21T19:40"))?);
        }
        Ok(o)
    }
}

pub fn run() {
    let started = timings::Started::now();
    let options = match Options::parse(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("safeguarding-pathways: {e}");
            std::process::exit(2);
        }
    };
    // Check the bundled pack while GTK and WebKit start.
    let loading = std::thread::spawn(bundled::national);
    let timing = timings::Timings::new(started, options.timings, options.exit_when_ready);
    timing.mark("main");

    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(with_commands!(handler))
        .setup(move |app| {
            timing.mark("setup");
            let national =
                loading.join().expect("the pack loader thread panicked").map_err(|d| format!("the bundled national pack failed its checks:\n{d}"))?;
            timing.mark("national pack checked");
            let config_dir = match &options.config_dir {
                Some(dir) => dir.clone(),
                None => app.path().app_config_dir()?,
            };
            // Training loads its scenarios on first use, not here.
            app.manage(training::Training::new(&config_dir, clock::Clock::new(options.now)));
            let core = core::Core::new(national, clock::Clock::new(options.now), config_dir);
            // The window is made here, not from the config alone, so that the first
            // screen's data is in the page before its script runs (no round trip).
            let boot = serde_json::to_string(&core.boot()).map_err(|e| e.to_string())?;
            let config = app.config().app.windows.iter().find(|w| w.label == "main").ok_or("no main window in tauri.conf.json")?.clone();
            let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .initialization_script(format!("window.__PATHWAYS_BOOT__ = {boot};"))
                .build()?;
            software_rendering(&window)?;
            let zoom = core.settings();
            if zoom.zoom != 100 {
                let _ = window.set_zoom(zoom.zoom_factor());
            }
            timing.mark("window created");
            app.manage(core);
            app.manage(timing);
            spawn_idle_lock(app.handle().clone())?;
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building the app");
    app.run(|_, _| {});
}

/// Draws the page without GPU compositing. The app is text and forms, which WebKit draws
/// as fast on the CPU; compositing kept a GL context and its buffers in the web process
/// (about 140 MiB more under software GL), and on some GPU drivers it shows a blank
/// window, which a practitioner in a hurry must never see.
fn software_rendering(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(|webview| {
        use webkit2gtk::{SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(webkit2gtk::HardwareAccelerationPolicy::Never);
        }
    })?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

/// How often the idle lock looks at the clock: the records lock at most this late.
const IDLE_CHECK: std::time::Duration = std::time::Duration::from_secs(5);

/// Locks the records once they have been idle too long, whatever the front-end is
/// doing (hidden, frozen, or waiting on a dialog): the key must leave memory on time.
/// It takes no lock that a command holds for long (see `Records::lock_if_idle`).
fn spawn_idle_lock(app: tauri::AppHandle) -> std::io::Result<()> {
    std::thread::Builder::new().name("records-idle-lock".into()).spawn(move || loop {
        std::thread::sleep(IDLE_CHECK);
        app.state::<core::Core>().records().lock_if_idle(std::time::Instant::now());
    })?;
    Ok(())
}

/// The TypeScript twins of the IPC types stay generated from the Rust types: this test
/// fails when `ui/src/lib/bindings/` is out of date; `UPDATE_BINDINGS=1` rewrites it.
#[cfg(test)]
mod bindings {
    use std::collections::BTreeMap;
    use std::path::Path;
    use ts_rs::TS;

    fn export_all(dir: &Path) {
        let cfg = ts_rs::Config::new().with_out_dir(dir);
        crate::views::Boot::export_all(&cfg).unwrap();
        crate::views::WalkView::export_all(&cfg).unwrap();
        crate::views::DirectoryView::export_all(&cfg).unwrap();
        crate::views::AppError::export_all(&cfg).unwrap();
        pathway::guidance::HoursSource::export_all(&cfg).unwrap();
        crate::views::UiTimings::export_all(&cfg).unwrap();
        crate::records::RecordsStatus::export_all(&cfg).unwrap();
        crate::records::RecordLine::export_all(&cfg).unwrap();
        crate::records::RecordView::export_all(&cfg).unwrap();
        crate::records::PassphraseStrength::export_all(&cfg).unwrap();
        pathway::WalkError::export_all(&cfg).unwrap();
        crate::pack_import::export_bindings(&cfg);
        crate::training::export_bindings(&cfg);
        std::fs::write(dir.join("Command.ts"), command_ts()).unwrap();
    }

    /// The name of every command, as a TypeScript type: `ui/src/lib/api.ts` calls
    /// commands through it, so svelte-check fails on a name not in the list.
    fn command_ts() -> String {
        let names: Vec<String> = crate::COMMANDS.iter().map(|c| format!("\n  | {c:?}")).collect();
        format!("// Generated from src-tauri/src/command_list.rs by the bindings test. Do not edit this file manually.\n\n/** The name of one of the app's Tauri commands. */\nexport type Command ={};\n", names.concat())
    }

    fn read(dir: &Path) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "ts") {
                files.insert(entry.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap());
            }
        }
        files
    }

    #[test]
    fn bindings_are_up_to_date() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings");
        let fresh = tempfile::tempdir().unwrap();
        export_all(fresh.path());
        let fresh = read(fresh.path());
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            let _ = std::fs::remove_dir_all(&committed);
            std::fs::create_dir_all(&committed).unwrap();
            for (name, text) in &fresh {
                std::fs::write(committed.join(name), text).unwrap();
            }
            return;
        }
        assert_eq!(read(&committed), fresh, "ui/src/lib/bindings is out of date: run `UPDATE_BINDINGS=1 cargo test -p safeguarding-pathways bindings`");
    }
}
