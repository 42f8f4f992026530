//! Start-up timing for `--timings`: from the exec of the process to the first screen
//! the practitioner can use (the front-end reports when it has drawn it).

use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Started {
    at: Instant,
    /// Milliseconds from the exec to `main`, from the kernel's start time of the process.
    exec_to_main_ms: Option<f64>,
}

impl Started {
    pub fn now() -> Started {
        Started { at: Instant::now(), exec_to_main_ms: exec_to_now_ms() }
    }
}

/// Milliseconds since the kernel started this process (Linux: /proc; 10 ms steps).
fn exec_to_now_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces: fields after the closing parenthesis.
    let after = &stat[stat.rfind(')')? + 2..];
    let start_ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split_whitespace().next()?.parse().ok()?;
    // USER_HZ is 100 on every Linux the app targets.
    Some(((uptime - start_ticks / 100.0) * 1000.0).max(0.0))
}

pub struct Timings {
    started: Started,
    print: bool,
    pub exit_when_ready: bool,
    marks: Mutex<Vec<(&'static str, f64)>>,
    reported: Mutex<bool>,
}

impl Timings {
    pub fn new(started: Started, print: bool, exit_when_ready: bool) -> Timings {
        Timings { started, print, exit_when_ready, marks: Mutex::new(Vec::new()), reported: Mutex::new(false) }
    }

    fn since_exec_ms(&self) -> f64 {
        self.started.exec_to_main_ms.unwrap_or(0.0) + self.started.at.elapsed().as_secs_f64() * 1000.0
    }

    pub fn mark(&self, what: &'static str) {
        let t = self.since_exec_ms();
        if let Ok(mut m) = self.marks.lock() {
            m.push((what, t));
        }
    }

    /// Called once the first screen is interactive; prints the report (only numbers,
    /// never anything the practitioner entered). Returns true the first time only.
    pub fn ready(&self, ui: crate::views::UiTimings) -> bool {
        let mut reported = self.reported.lock().expect("timings lock");
        if *reported {
            return false;
        }
        *reported = true;
        let ready = self.since_exec_ms();
        if self.print {
            let mut line = format!("timings: exec_to_main_ms={:.0}", self.started.exec_to_main_ms.unwrap_or(f64::NAN));
            for (what, t) in self.marks.lock().expect("timings lock").iter() {
                line.push_str(&format!(" {}_ms={t:.0}", what.replace(' ', "_")));
            }
            // Where the page's own clock started, in exec time: ready minus the page's interactive time.
            line.push_str(&format!(
                " page_start_ms={:.0} ui_script_ms={:.0} ui_boot_ms={:.0} ui_rendered_ms={:.0} ui_interactive_ms={:.0}",
                ready - ui.interactive_ms,
                ui.script_ms,
                ui.boot_ms,
                ui.rendered_ms,
                ui.interactive_ms
            ));
            line.push_str(&format!(" exec_to_interactive_ms={ready:.0}"));
            println!("{line}");
        }
        true
    }
}
