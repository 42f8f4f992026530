//! The bare Tauri baseline: one window, a page with a heading. Its page reports when it
//! has been painted (as the real app's does), so `--exit-when-ready` prints the time
//! from exec to a painted page and quits; otherwise the window stays open.

use std::time::Instant;

fn exec_to_now_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rfind(')').map(|i| &stat[i + 2..]).unwrap_or("");
    let start: f64 = after.split_whitespace().nth(19).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok().and_then(|u| u.split_whitespace().next().and_then(|v| v.parse().ok())).unwrap_or(0.0);
    ((uptime - start / 100.0) * 1000.0).max(0.0)
}

struct Started {
    at_main: f64,
    at: Instant,
    exit: bool,
}

#[tauri::command]
fn ready(app: tauri::AppHandle, started: tauri::State<'_, Started>) {
    let ms = started.at_main + started.at.elapsed().as_secs_f64() * 1000.0;
    println!("timings: exec_to_main_ms={:.0} exec_to_interactive_ms={ms:.0}", started.at_main);
    if started.exit {
        app.exit(0);
    }
}

fn main() {
    let started = Started { at_main: exec_to_now_ms(), at: Instant::now(), exit: std::env::args().any(|a| a == "--exit-when-ready") };
    tauri::Builder::default()
        .manage(started)
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("error while running the bare app");
}
