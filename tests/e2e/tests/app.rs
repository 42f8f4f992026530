//! End-to-end test of the real built app, driven over WebDriver (tauri-driver in front
//! of WebKitWebDriver), by the keyboard wherever a practitioner would use it.
//!
//! It needs a display, the built app, tauri-driver listening on 127.0.0.1:4444 and axe-core,
//! so this crate is its own workspace (outside `cargo test --workspace`) and the test is
//! `#[ignore]`d; `scripts/e2e.sh` sets these up (inside
//! a network namespace with only loopback, under Xvfb) and runs it with `--ignored`:
//!
//! - `E2E_APP`: the app binary; `E2E_ARTIFACTS`: where screenshots and the report go;
//! - `E2E_AXE`: axe.min.js; `E2E_DRIVER`: the tauri-driver URL (default http://127.0.0.1:4444).
//!
//! What it checks: first run; every public case walked to its expected outcomes with the
//! keyboard alone (p12 the emergency, p09 out of hours by the clock, p11 early help among
//! them), known by the facts each screen asks, never its wording; due times (p13 and p16
//! walked by `data-testid` on a Tuesday; p16 saved, then the app restarted two working
//! days on, where its LADO referral is overdue in the Records list and the record);
//! what is coming in, marked not yet in force; the outcome screen's actions and contacts; changing an answer from the path;
//! the directory search; roles; loading a local pack, and a broken one refused with the
//! previous kept; single-key shortcuts turned off in Settings (a digit then answers
//! nothing, and the setting survives a restart); the page still drawing frames and the
//! shell still answering while the records unlock (a frame probe, `UNLOCK_PROBE`); a wrong
//! passphrase keeps the form, a damaged records file gets a screen of its own; axe-core
//! with zero violations on every screen, light, dark and at 200%; no network request
//! (CSP and the resource timeline); memory and screen-change times. Signed packs (issue
//! 12): a key pair and bundles made at run time with `pathways pack keygen` and `sign`
//! (`E2E_PATHWAYS`); a publisher trusted, a bundle's "what changed" screen, accepted, p09
//! with the new duty team number; an older version and a changed file refused; kept
//! versions; contacts warned after review-by and expiry; the unsigned example folder only
//! in authoring mode, with its banner.
//!
//! Elements are found by `data-testid` (and read through data attributes), never by the
//! classes that style them.

use pathway::Case;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;
use thirtyfour::Key;

type Res<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Training (issue 11): its own test, sharing the helpers here.
#[path = "app/training.rs"]
mod training;

/// Starts and stops the repaint pulse that lets WebKitGTK take a screenshot (see `screenshot`).
const PULSE_START: &str = "const dot = document.createElement('div'); dot.id = 'e2e-repaint-pulse'; dot.setAttribute('aria-hidden', 'true'); dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;opacity:0.02'; document.body.append(dot); let n = 0; window.__e2ePulse = setInterval(() => { dot.style.background = n++ % 2 ? '#000' : '#fff'; }, 16); return true";
const PULSE_STOP: &str = "clearInterval(window.__e2ePulse); document.getElementById('e2e-repaint-pulse')?.remove(); return true";

const SHORTCUTS: &str = "123456789abcdefghijklmnopqrstuvwxyz";

/// Clicks "Open my records" and, while the unlock runs (key derivation and integrity
/// check, in the shell), records every frame the page draws (`requestAnimationFrame`
/// timestamps, in `window.__frameProbe.frames`) and keeps calling the shell's `clock`
/// command, which runs on the main thread. The unlock is in flight from the click until
/// the records list (or a refusal) is on screen.
const UNLOCK_PROBE: &str = r#"
const done = arguments[arguments.length - 1];
const probe = window.__frameProbe = { frames: [], calls: [], start: 0, end: 0 };
let running = true;
const frame = (t) => { probe.frames.push(t); if (running) requestAnimationFrame(frame); };
requestAnimationFrame(frame);
const ipc = async () => {
  while (running) {
    const t0 = performance.now();
    try { await window.__TAURI_INTERNALS__.invoke('clock'); } catch (e) {}
    probe.calls.push([t0, performance.now() - t0]);
    await new Promise((r) => setTimeout(r, 20));
  }
};
setTimeout(() => {
  probe.start = performance.now();
  document.querySelector('[data-testid=records-open-submit]').click();
  void ipc();
  const check = () => {
    const opened = !!document.querySelector('[data-testid=records-search]');
    if (!opened && !document.querySelector('[data-testid=records-open-problem]')) return setTimeout(check, 4);
    probe.end = performance.now();
    running = false;
    const f = probe.frames;
    let gap = 0;
    for (let i = 1; i < f.length; i++) if (f[i] > probe.start && f[i - 1] < probe.end) gap = Math.max(gap, f[i] - f[i - 1]);
    const calls = probe.calls.filter(([t0]) => t0 >= probe.start && t0 <= probe.end);
    done({ opened, unlock_ms: probe.end - probe.start, frames: f.filter((t) => t >= probe.start && t <= probe.end).length, max_gap_ms: gap,
           calls: calls.length, slowest_call_ms: Math.max(0, ...calls.map((c) => c[1])) });
  };
  check();
}, 300);
"#;

fn env_path(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| root().join(default))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root")
}

/// One change of screen as the page timed it (ui/src/lib/dom.ts): in all, and its parts.
struct ScreenChange {
    label: String,
    ms: f64,
    data_ms: f64,
    render_ms: f64,
    paint_ms: f64,
}

impl std::fmt::Display for ScreenChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:.0} ms (data {:.0}, DOM {:.0}, paint {:.0})", self.label, self.ms, self.data_ms, self.render_ms, self.paint_ms)
    }
}

struct App {
    driver: WebDriver,
    artifacts: PathBuf,
    axe: String,
    shot: usize,
    violations: Vec<String>,
    report: Vec<String>,
}

impl App {
    async fn launch(args: &[&str], artifacts: &Path, axe: &str, shot: usize) -> Res<App> {
        let app = env_path("E2E_APP", "target/debug/safeguarding-pathways");
        let mut caps = thirtyfour::Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set("tauri:options", json!({ "application": app, "args": args }))?;
        let url = std::env::var("E2E_DRIVER").unwrap_or_else(|_| "http://127.0.0.1:4444".into());
        let driver = WebDriver::new(url, caps).await?;
        driver.set_script_timeout(Duration::from_secs(60)).await?;
        let mut me = App { driver, artifacts: artifacts.to_path_buf(), axe: axe.to_string(), shot, violations: Vec::new(), report: Vec::new() };
        me.wait_js("return !!(window.__pathways && window.__pathways.ready)", "the app to be ready").await?;
        Ok(me)
    }

    async fn js(&self, script: &str) -> Res<Value> {
        Ok(self.driver.execute(script, Vec::<Value>::new()).await?.json().clone())
    }

    async fn wait_js(&mut self, script: &str, what: &str) -> Res<Value> {
        let start = Instant::now();
        loop {
            let v = self.js(script).await?;
            if v.as_bool() != Some(false) && !v.is_null() {
                return Ok(v);
            }
            if start.elapsed() > Duration::from_secs(20) {
                let _ = self.screenshot("timeout").await;
                return Err(format!("timed out waiting for {what}").into());
            }
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
    }

    async fn heading(&self) -> Res<String> {
        Ok(self.js("const h = document.getElementById('screen-heading'); return h ? h.textContent.trim() : ''").await?.as_str().unwrap_or_default().to_string())
    }

    async fn changes(&self) -> Res<u64> {
        Ok(self.js("return window.__pathways ? window.__pathways.screenChanges.length : 0").await?.as_u64().unwrap_or(0))
    }

    /// Presses keys on whatever has focus, as a keyboard would.
    async fn keys(&self, keys: impl Into<TypingData>) -> Res {
        self.driver.action_chain().send_keys(keys).perform().await?;
        Ok(())
    }

    /// Presses keys and waits for the screen change they cause.
    async fn keys_and_wait(&mut self, keys: impl Into<TypingData>) -> Res {
        let before = self.changes().await?;
        self.keys(keys).await?;
        self.wait_js(&format!("return window.__pathways.screenChanges.length > {before}"), "the screen to change").await?;
        Ok(())
    }

    /// Tabs (forward) until the focused element matches `selector`: proves it is reachable by keyboard.
    async fn tab_to(&self, selector: &str) -> Res {
        let test = format!("return !!(document.activeElement && document.activeElement.matches({}))", json!(selector));
        for _ in 0..80 {
            if self.js(&test).await?.as_bool() == Some(true) {
                return Ok(());
            }
            self.keys(Key::Tab).await?;
        }
        Err(format!("could not reach `{selector}` with the Tab key").into())
    }

    async fn go(&mut self, nav_label: &str) -> Res {
        self.tab_to(&format!("[data-testid=nav-{nav_label}]")).await?;
        self.keys_and_wait(Key::Enter).await
    }

    async fn screenshot(&mut self, name: &str) -> Res<PathBuf> {
        self.shot += 1;
        let path = self.artifacts.join(format!("{:02}-{name}.png", self.shot));
        // WebKitGTK takes a WebDriver screenshot at the page's next repaint, and the app
        // draws without GPU compositing, where an idle page never repaints: a screenshot
        // would wait for ever. A one-pixel, all but transparent dot changes colour until
        // the screenshot is taken, so a repaint always comes.
        self.js(PULSE_START).await?;
        let taken = self.driver.screenshot(&path).await;
        self.js(PULSE_STOP).await?;
        taken?;
        Ok(path)
    }

    /// Runs axe-core in the app on the current screen and keeps its violations.
    async fn axe(&mut self, screen: &str) -> Res {
        let loaded = self.js("return typeof window.axe === 'object'").await?;
        if loaded.as_bool() != Some(true) {
            self.driver.execute(format!("{}\n;return typeof window.axe;", self.axe), Vec::<Value>::new()).await?;
        }
        let script = r#"
            const done = arguments[arguments.length - 1];
            window.axe.run(document, { resultTypes: ['violations'] })
              .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
              .catch(e => done(['axe failed: ' + e]));
        "#;
        let result = self.driver.execute_async(script, Vec::<Value>::new()).await?.json().clone();
        let found: Vec<String> = serde_json::from_value(result)?;
        for v in &found {
            self.violations.push(format!("{screen}: {v}"));
        }
        self.report.push(format!("axe {screen}: {} violation(s)", found.len()));
        Ok(())
    }

    async fn screen(&self) -> Res<Value> {
        self.js(
            r#"
            const q = document.querySelector('[data-testid=question]');
            const c = document.querySelector('[data-testid=checklist]');
            const em = document.querySelector('[data-testid=emergency]');
            const out = document.querySelector('[data-testid=outcomes]');
            return {
              kind: em ? 'emergency' : q ? 'question' : c ? 'checklist' : out ? 'outcome' : 'other',
              emergency: em ? em.dataset.emergency : null,
              fact: q ? q.dataset.fact : null,
              node: (q || c) ? (q || c).dataset.node : null,
              options: q ? [...q.querySelectorAll('[data-testid^=option-]')].map(b => b.dataset.value) : [],
              items: c ? [...c.querySelectorAll('input[data-testid^=item-]')].map(i => ({ fact: i.dataset.testid.slice('item-'.length), checked: i.checked })) : [],
            };
        "#,
        )
        .await
    }

    /// Answers screens from a case's facts by keyboard until the outcome screen.
    /// `shots` names the screenshots to take on the way (and runs axe on each kind once).
    async fn walk(&mut self, case: &Case, tag: &str, shots: bool) -> Res<Vec<String>> {
        let mut seen = Vec::new();
        for _ in 0..30 {
            let s = self.screen().await?;
            let kind = s["kind"].as_str().unwrap_or_default().to_string();
            match kind.as_str() {
                "question" => {
                    let fact = s["fact"].as_str().unwrap_or_default();
                    let want = case.facts.get(fact).ok_or_else(|| format!("{tag}: the case has no fact {fact}"))?;
                    let i = s["options"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .position(|v| v.as_str() == Some(want))
                        .ok_or_else(|| format!("{tag}: no option {want} for {fact}"))?;
                    if shots {
                        self.screenshot(&format!("{tag}-question-{}", s["node"].as_str().unwrap_or_default())).await?;
                    }
                    seen.push(format!("question {fact}={want} (key {})", &SHORTCUTS[i..=i]));
                    self.keys_and_wait(&SHORTCUTS[i..=i]).await?;
                }
                "checklist" => {
                    let items = s["items"].as_array().unwrap().clone();
                    let mut keys = String::new();
                    for (i, item) in items.iter().enumerate() {
                        let fact = item["fact"].as_str().unwrap();
                        let want = case.facts.get(fact).map(String::as_str) == Some("yes");
                        if want != item["checked"].as_bool().unwrap_or(false) {
                            keys.push_str(&SHORTCUTS[i..=i]);
                        }
                    }
                    if !keys.is_empty() {
                        self.keys(keys.as_str()).await?;
                    }
                    if shots {
                        self.screenshot(&format!("{tag}-checklist-{}", s["node"].as_str().unwrap_or_default())).await?;
                    }
                    seen.push(format!("checklist {} (keys {keys:?}, Enter)", s["node"].as_str().unwrap_or_default()));
                    self.keys_and_wait(Key::Enter).await?;
                }
                "emergency" => {
                    if shots {
                        self.screenshot(&format!("{tag}-emergency")).await?;
                        self.axe("emergency screen").await?;
                    }
                    seen.push(format!("emergency {} (Enter)", s["emergency"].as_str().unwrap_or_default()));
                    self.keys_and_wait(Key::Enter).await?;
                }
                "outcome" => return Ok(seen),
                other => return Err(format!("{tag}: unexpected screen `{other}` ({})", self.heading().await?).into()),
            }
        }
        Err(format!("{tag}: the walk did not reach an outcome in 30 screens").into())
    }

    /// The outcome screen's actions and the contacts each names.
    async fn outcome(&self) -> Res<(Vec<String>, Vec<String>, String)> {
        let v = self
            .js(r#"return {
                  outcomes: [...document.querySelectorAll('[data-testid=outcomes] > li')].map(e => e.dataset.outcome),
                  contacts: [...document.querySelectorAll('[data-testid=outcomes] [data-testid^=contact-]')].map(e => e.dataset.contact),
                  banner: (document.querySelector('[data-testid=hours-line]') || {}).textContent || ''
                }"#)
            .await?;
        let list = |k: &str| v[k].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect::<Vec<_>>();
        Ok((list("outcomes"), list("contacts"), v["banner"].as_str().unwrap_or_default().trim().to_string()))
    }

    async fn check_case(&mut self, case: &Case, tag: &str) -> Res {
        let (outcomes, contacts, banner) = self.outcome().await?;
        let expect = case.expect.as_ref().ok_or("a public case has expectations")?;
        for want in &expect.outcomes_include {
            if !outcomes.contains(want) {
                return Err(format!("{tag}: outcome {want} missing from {outcomes:?}").into());
            }
        }
        for not in &expect.outcomes_exclude {
            if outcomes.contains(not) {
                return Err(format!("{tag}: outcome {not} should not be in {outcomes:?}").into());
            }
        }
        for want in &expect.contacts_include {
            if !contacts.contains(want) {
                return Err(format!("{tag}: contact {want} missing from {contacts:?}").into());
            }
        }
        self.report.push(format!("{tag}: outcomes {outcomes:?}; banner: {banner}"));
        Ok(())
    }

    /// From the start screen: sets the front-door answer by keyboard (arrow keys in the
    /// radio group) unless `None`, then presses the big button.
    async fn start_walk(&mut self, closed: Option<bool>) -> Res {
        if let Some(closed) = closed {
            self.tab_to("[data-testid^=front-door-]:checked").await?;
            let value = self.js("return document.activeElement.value").await?;
            if (value == "yes") != closed {
                self.keys(Key::Down).await?;
            }
            let value = self.js("return document.querySelector('[data-testid^=front-door-]:checked').value").await?;
            assert_eq!(value == "yes", closed, "the front-door answer changed by keyboard");
        }
        self.tab_to("[data-testid=start-walk]").await?;
        self.keys_and_wait(Key::Enter).await
    }

    async fn set_agency(&mut self, agency: &str) -> Res {
        let current = self.js("return window.__pathways_agency || null").await?;
        if current.as_str() == Some(agency) {
            return Ok(());
        }
        self.go("settings").await?;
        let select = self.testid("agency-select").await?;
        thirtyfour::components::SelectElement::new(&select).await?.select_by_value(agency).await?;
        self.tab_to("[data-testid=settings-save]").await?;
        self.keys(Key::Enter).await?;
        self.wait_js("return !!document.querySelector('[data-testid=settings-saved]')", "settings to be saved").await?;
        self.js(&format!("window.__pathways_agency = {}; return true", json!(agency))).await?;
        self.go("start").await
    }

    /// No request leaves the app: the CSP blocks one, and every resource loaded is the app's own.
    async fn check_offline(&mut self) -> Res {
        let v = self
            .driver
            .execute_async(
                r#"
                const done = arguments[arguments.length - 1];
                const blocked = [];
                document.addEventListener('securitypolicyviolation', e => blocked.push(e.violatedDirective + ' ' + e.blockedURI));
                const img = new Image();
                img.src = 'https://example.org/pixel.png';
                fetch('https://example.org/').then(
                  () => done({ fetched: true, blocked }),
                  err => setTimeout(() => done({
                    fetched: false, blocked, error: String(err),
                    resources: performance.getEntriesByType('resource').map(r => r.name),
                    origin: location.origin
                  }), 300));
            "#,
                Vec::<Value>::new(),
            )
            .await?
            .json()
            .clone();
        if v["fetched"].as_bool() != Some(false) {
            return Err(format!("a request to the internet went through: {v}").into());
        }
        let blocked: Vec<String> = serde_json::from_value(v["blocked"].clone())?;
        if !blocked.iter().any(|b| b.starts_with("connect-src")) || !blocked.iter().any(|b| b.starts_with("img-src")) {
            return Err(format!("the CSP did not block both requests: {blocked:?}").into());
        }
        let resources: Vec<String> = serde_json::from_value(v["resources"].clone())?;
        let foreign: Vec<&String> = resources
            .iter()
            .filter(|r| {
                !(r.starts_with("tauri://") || r.starts_with("ipc://") || r.starts_with("http://ipc.localhost") || r.starts_with("http://tauri.localhost"))
            })
            .collect();
        if !foreign.is_empty() {
            return Err(format!("resources from outside the app: {foreign:?}").into());
        }
        self.report.push(format!("offline: CSP blocked {blocked:?}; {} resources, all the app's own ({})", resources.len(), v["origin"]));
        Ok(())
    }

    /// Records, by keyboard, from the outcome screen: first use sets a passphrase; save
    /// with a tick and notes; open, amend, mark the referral, copy; search; lock (the
    /// screen forgets the record), a wrong passphrase opens nothing, the right one does.
    /// Then no file in the config folder, nor the shell's log, holds the notes in plain text.
    async fn records(&mut self, config: &Path) -> Res {
        const PASS: &str = "purple elephant window seven";
        const MARKER: &str = "MARKERE2ENOTE";
        self.tab_to("[data-testid=outcomes] [data-testid^=done-]").await?;
        self.keys(Key::Space).await?;
        self.tab_to("[data-testid=save-unlock-passphrase]").await?;
        self.keys("short").await?;
        self.keys(Key::Enter).await?;
        self.wait_js(
            "const p = document.querySelector('[data-testid=save-unlock-problem]'); return !!p && p.textContent.includes('at least')",
            "a short passphrase to be refused",
        )
        .await?;
        self.js("const f = document.querySelector('[data-testid=save-unlock-passphrase]'); f.value = ''; f.dispatchEvent(new Event('input')); return true")
            .await?;
        self.tab_to("[data-testid=save-unlock-passphrase]").await?;
        self.keys(PASS).await?;
        self.wait_js("return !!document.querySelector('[data-testid=save-unlock-strength]')", "the strength hint").await?;
        self.tab_to("[data-testid=save-unlock-again]").await?;
        self.keys(PASS).await?;
        self.screenshot("records-first-passphrase").await?;
        self.axe("records: first passphrase").await?;
        self.keys(Key::Enter).await?;
        self.wait_js("return document.activeElement && document.activeElement.dataset.testid === 'record-reference'", "the record form, focused").await?;
        self.keys("E2E-042").await?;
        self.tab_to("[data-testid=record-notes]").await?;
        self.keys(format!("{MARKER} fracture seen at A&E.").as_str()).await?;
        self.screenshot("records-save-form").await?;
        self.axe("records: save form").await?;
        self.tab_to("[data-testid=record-save]").await?;
        self.keys(Key::Enter).await?;
        let id = self
            .wait_js("const s = document.querySelector('[data-testid=record-saved]'); return s ? s.dataset.savedRecord : null", "the record to be saved")
            .await?;
        assert_eq!(id, "1");
        self.tab_to("[data-testid=record-open-saved]").await?;
        self.keys_and_wait(Key::Enter).await?;
        self.wait_js("return (document.getElementById('screen-heading') || {}).textContent === 'Record 1: E2E-042'", "the saved record to open").await?;
        let ticked = self.js("return document.querySelectorAll('[data-testid^=record-done-]:checked').length").await?;
        assert_eq!(ticked, 1, "the tick made on the outcome screen is saved with the record");
        assert!(self.js("return document.querySelector('[data-testid=record-notes-text]').textContent").await?.as_str().unwrap_or_default().contains(MARKER));
        self.screenshot("records-record").await?;
        self.axe("records: a record").await?;

        self.tab_to("[data-testid=amend-text]").await?;
        self.keys("Called the duty team at 19:50.").await?;
        self.tab_to("[data-testid=amend-save]").await?;
        self.keys(Key::Enter).await?;
        self.wait_js(
            "return [...document.querySelectorAll('[data-testid=history-note]')].some(h => h.textContent.includes('duty team at 19:50'))",
            "the amendment in the history",
        )
        .await?;
        self.tab_to("[data-testid=referral-to]").await?;
        self.keys("Northbrook emergency duty team").await?;
        self.keys(Key::Enter).await?;
        self.wait_js(
            "return document.querySelector('[data-testid=record-referral]').textContent.includes('Northbrook emergency duty team')",
            "the referral to be marked",
        )
        .await?;
        assert_eq!(self.js("return document.querySelectorAll('[data-testid^=history-]').length").await?, 4, "saved, tick, amendment, referral");
        self.tab_to("[data-testid=record-copy]").await?;
        self.keys(Key::Enter).await?;
        self.wait_js("return document.activeElement.textContent.includes('Copied')", "the record summary to copy").await?;
        self.screenshot("records-amended-referred").await?;
        self.axe("records: amended and referred").await?;

        self.js("document.getElementById('screen-heading').focus(); return true").await?;
        self.tab_to("[data-testid=record-back]").await?;
        self.keys(Key::Enter).await?;
        self.wait_js("return !!document.querySelector('[data-testid=records-search]')", "the records list").await?;
        assert_eq!(
            self.js("return document.activeElement.closest('[data-testid=record-list] > li').dataset.recordLine").await?,
            "1",
            "focus returns to the record's line"
        );
        self.js("document.getElementById('screen-heading').focus(); return true").await?;
        self.tab_to("[data-testid=records-search]").await?;
        self.keys("duty").await?;
        self.wait_js("return document.querySelectorAll('[data-testid=record-list] > li').length === 1 && document.querySelector('[data-testid=records-count]').textContent.includes('match')", "a search of the amendments").await?;
        self.keys("zzz").await?;
        self.wait_js("return document.querySelectorAll('[data-testid=record-list] > li').length === 0", "a search that finds nothing").await?;
        self.keys("\u{e003}".repeat("dutyzzz".len()).as_str()).await?; // Backspace, once a character
        self.wait_js("return document.querySelectorAll('[data-testid=record-list] > li').length === 1", "the whole list").await?;
        self.screenshot("records-list").await?;
        self.axe("records: list").await?;

        self.js("document.getElementById('screen-heading').focus(); return true").await?;
        self.tab_to("[data-testid=records-lock]").await?;
        self.keys(Key::Enter).await?;
        self.wait_js("return (document.getElementById('screen-heading') || {}).textContent === 'Your records are locked'", "the records to lock").await?;
        let shown = self.js("return document.body.innerText").await?;
        assert!(!shown.as_str().unwrap_or_default().contains("E2E-042"), "a locked screen shows nothing from the records");
        self.screenshot("records-locked").await?;
        self.axe("records: locked").await?;
        self.tab_to("[data-testid=records-open-passphrase]").await?;
        self.keys("not the passphrase").await?;
        self.keys(Key::Enter).await?;
        self.wait_js("const p = document.querySelector('[data-testid=records-open-problem]'); return !!p && p.dataset.kind === 'wrong-passphrase' && p.textContent.includes('That passphrase is not right')", "a wrong passphrase to be refused").await?;
        self.tab_to("[data-testid=records-open-passphrase]").await?;
        self.keys(PASS).await?;
        self.keys(Key::Enter).await?;
        self.wait_js("return document.querySelectorAll('[data-testid=record-list] > li').length === 1", "the records to open again").await?;

        let mut plain = Vec::new();
        for entry in std::fs::read_dir(config)?.flatten() {
            if entry.path().is_file() && std::fs::read(entry.path())?.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()) {
                plain.push(entry.path());
            }
        }
        assert!(plain.is_empty(), "the notes are in plain text in {plain:?}");
        assert!(config.join("records.db").exists());
        if let Ok(log) = std::fs::read_to_string(self.artifacts.join("tauri-driver.log")) {
            assert!(!log.contains(MARKER), "the notes reached the log");
        }
        self.report.push("records: created, saved with a tick, amended, referral marked, copied, searched, locked, wrong passphrase refused, reopened; no plaintext in the config folder or the log".into());
        Ok(())
    }

    /// Opens the records with the frame probe running (see `UNLOCK_PROBE`): the page
    /// must keep drawing, and the shell keep answering, while the key is derived.
    async fn unlock_with_probe(&mut self, passphrase: &str) -> Res<Value> {
        self.type_into("records-open-passphrase", passphrase).await?;
        let v = self.driver.execute_async(UNLOCK_PROBE, Vec::<Value>::new()).await?.json().clone();
        let ms = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
        let (unlock, gap, slowest) = (ms("unlock_ms"), ms("max_gap_ms"), ms("slowest_call_ms"));
        self.report.push(format!(
            "frame probe while unlocking the records: unlock {unlock:.0} ms; {} frames drawn meanwhile, longest gap between frames {gap:.0} ms; {} calls of the shell answered meanwhile, slowest {slowest:.0} ms",
            v["frames"], v["calls"]
        ));
        assert_eq!(v["opened"], true, "the records opened: {v}");
        assert!(gap < 200.0, "the page stopped drawing for {gap:.0} ms while the records unlocked ({unlock:.0} ms): {v}");
        assert!(unlock < 200.0 || gap < unlock / 2.0, "the longest gap between frames ({gap:.0} ms) is not well under the unlock ({unlock:.0} ms): {v}");
        assert!(v["calls"].as_u64().unwrap_or(0) >= 1 && slowest < 200.0, "the shell did not answer while the records unlocked: {v}");
        Ok(v)
    }

    /// The shortcut key of the current question's option with this value.
    async fn option_key(&self, value: &str) -> Res<String> {
        let s = self.screen().await?;
        let i = s["options"]
            .as_array()
            .and_then(|o| o.iter().position(|v| v.as_str() == Some(value)))
            .ok_or_else(|| format!("no option {value} on this screen: {s}"))?;
        Ok(SHORTCUTS[i..=i].to_string())
    }

    /// The element with this `data-testid`.
    async fn testid(&self, id: &str) -> Res<WebElement> {
        Ok(self.driver.find(By::Css(format!("[data-testid={}]", json!(id)))).await?)
    }

    /// Clicks the element with this `data-testid` and waits for the screen change it causes.
    async fn click_and_wait(&mut self, id: &str) -> Res {
        let before = self.changes().await?;
        self.testid(id).await?.click().await?;
        self.wait_js(&format!("return window.__pathways.screenChanges.length > {before}"), &format!("the screen to change after {id}")).await?;
        Ok(())
    }

    /// Answers every screen from a case's facts by clicking the option, item and button
    /// each `data-testid` names (built from the fact and the value, never the wording,
    /// which the pack may change), until the outcome screen.
    async fn walk_by_testid(&mut self, case: &Case, tag: &str) -> Res<Vec<String>> {
        let mut seen = Vec::new();
        for _ in 0..40 {
            let s = self.screen().await?;
            match s["kind"].as_str().unwrap_or_default() {
                "question" => {
                    let fact = s["fact"].as_str().unwrap_or_default().to_string();
                    let want = case.facts.get(&fact).ok_or_else(|| format!("{tag}: the case has no fact {fact}"))?.clone();
                    seen.push(format!("{fact}={want}"));
                    self.click_and_wait(&format!("option-{fact}-{want}")).await?;
                }
                "checklist" => {
                    let mut ticked = Vec::new();
                    for item in s["items"].as_array().unwrap() {
                        let fact = item["fact"].as_str().unwrap();
                        let want = case.facts.get(fact).map(String::as_str) == Some("yes");
                        if want != item["checked"].as_bool().unwrap_or(false) {
                            self.testid(&format!("item-{fact}")).await?.click().await?;
                        }
                        if want {
                            ticked.push(fact.to_string());
                        }
                    }
                    seen.push(format!("checklist {} ticked {ticked:?}", s["node"].as_str().unwrap_or_default()));
                    self.click_and_wait("checklist-continue").await?;
                }
                "emergency" => {
                    seen.push(format!("emergency {}", s["emergency"].as_str().unwrap_or_default()));
                    self.click_and_wait("emergency-continue").await?;
                }
                "outcome" => return Ok(seen),
                other => return Err(format!("{tag}: unexpected screen `{other}` ({})", self.heading().await?).into()),
            }
        }
        Err(format!("{tag}: the walk did not reach an outcome in 40 screens").into())
    }

    /// The outcome screen's actions in order, each with its due time as shown:
    /// (outcome id, the pack's due, "now" / "by" / "not-set", the words on screen).
    async fn due_times(&self) -> Res<Vec<(String, String, String, String)>> {
        let v = self
            .js(r#"return [...document.querySelectorAll('[data-testid=outcomes] > li')].map(li => {
                  const id = li.dataset.outcome;
                  const d = li.querySelector(`[data-testid="due-${id}"]`);
                  return [id, d ? d.dataset.due : '', d ? d.dataset.dueKind : '', d ? d.textContent.trim().replace(/\s+/g, ' ') : ''];
                })"#)
            .await?;
        Ok(serde_json::from_value(v)?)
    }

    /// Scrolls the element with this `data-testid` near the top of the window.
    async fn scroll_to(&self, id: &str) -> Res {
        self.js(&format!("document.querySelector('[data-testid={}]').scrollIntoView({{ block: 'start' }}); window.scrollBy(0, -80); return true", json!(id)))
            .await?;
        Ok(())
    }

    /// Types into the field with this `data-testid` (focused first, as a keyboard user would).
    async fn type_into(&self, id: &str, text: &str) -> Res {
        let el = self.testid(id).await?;
        el.click().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// Saves the settings with this agency, chosen by its id in the list the pack gives.
    async fn choose_agency(&mut self, agency: &str) -> Res {
        let select = self.testid("agency-select").await?;
        thirtyfour::components::SelectElement::new(&select).await?.select_by_value(agency).await?;
        self.testid("settings-save").await?.click().await?;
        Ok(())
    }

    async fn screen_times(&self) -> Res<Vec<ScreenChange>> {
        let v = self.js("return window.__pathways.screenChanges").await?;
        let ms = |c: &Value, key: &str| c[key].as_f64().unwrap_or(0.0);
        Ok(v.as_array()
            .unwrap()
            .iter()
            .map(|c| ScreenChange {
                label: c["label"].as_str().unwrap_or_default().to_string(),
                ms: ms(c, "ms"),
                data_ms: ms(c, "data_ms"),
                render_ms: ms(c, "render_ms"),
                paint_ms: ms(c, "paint_ms"),
            })
            .collect())
    }

    /// Types a pack file's path into Packs → "Add a local pack from a file" (emptied
    /// first) and asks the app to check it.
    async fn check_pack_file(&self, path: &Path) -> Res {
        self.js("const f = document.querySelector('[data-testid=pack-file]'); f.value = ''; f.dispatchEvent(new Event('input')); return true").await?;
        self.type_into("pack-file", &path.display().to_string()).await?;
        self.testid("pack-file-check").await?.click().await?;
        Ok(())
    }

    async fn quit(self) -> Res<(usize, Vec<String>, Vec<String>)> {
        let App { driver, shot, violations, report, .. } = self;
        driver.quit().await?;
        Ok((shot, violations, report))
    }
}

/// Proportional set size of the app and its WebKit processes, in KiB, with each process.
fn memory_pss_kib(app: &Path) -> (u64, Vec<String>) {
    let app = app.canonicalize().unwrap_or_else(|_| app.to_path_buf());
    let mut parents = std::collections::HashMap::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let ppid = stat.rfind(')').and_then(|i| stat[i + 2..].split_whitespace().nth(1)).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
        parents.insert(pid, ppid);
        if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app) {
            roots.push(pid);
        }
    }
    let mut total = 0;
    let mut each = Vec::new();
    for (&pid, _) in parents.iter() {
        let mut p = pid;
        let mut hit = false;
        for _ in 0..16 {
            if roots.contains(&p) {
                hit = true;
                break;
            }
            p = parents.get(&p).copied().unwrap_or(0);
            if p <= 1 {
                break;
            }
        }
        if hit {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
            if let Some(kib) = rollup.lines().find(|l| l.starts_with("Pss:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<u64>().ok()) {
                total += kib;
                let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                each.push(format!("{} {} MiB", name.trim(), kib / 1024));
            }
        }
    }
    (total, each)
}

fn case(name: &str) -> Case {
    Case::load(&root().join("tests/cases").join(name)).expect("case file")
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run scripts/e2e.sh"]
async fn the_real_app_end_to_end() -> Res {
    let artifacts = env_path("E2E_ARTIFACTS", "test-artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let axe = std::fs::read_to_string(env_path("E2E_AXE", "ui/node_modules/axe-core/axe.min.js"))?;
    let config = tempfile_dir(&artifacts.join("config"))?;
    let config_arg = config.display().to_string();
    let example = root().join("pathways/local/example").display().to_string();
    let broken = root().join("tests/e2e/fixtures/broken-local-pack").display().to_string();
    let mut violations = Vec::new();
    let mut report = Vec::new();
    let mut all_times: Vec<ScreenChange> = Vec::new();

    // ---------------------------------------------------------------- session 1: a Monday morning
    let mut app = App::launch(&["--config-dir", &config_arg, "--now", "2026-11-23T10:15"], &artifacts, &axe, 0).await?;

    // First run: agency and the safeguarding lead.
    assert_eq!(app.heading().await?, "Before you start");
    app.screenshot("first-run").await?;
    app.axe("first run").await?;
    let select = app.testid("agency-select").await?;
    // A member of the public (p12 is one), chosen from the agencies the pack lists.
    thirtyfour::components::SelectElement::new(&select).await?.select_by_value("public").await?;
    app.tab_to("[data-testid=lead-name]").await?;
    app.keys("Sam Example").await?;
    app.tab_to("[data-testid=lead-phone]").await?;
    app.keys("020 7946 0999").await?;
    app.keys_and_wait(Key::Enter).await?;
    app.js("window.__pathways_agency = 'public'; return true").await?;
    assert_eq!(app.heading().await?, "Worried about a child?");
    app.screenshot("start-no-local-pack").await?;
    app.axe("start").await?;

    // p12, the emergency: "yes" to danger goes straight to the emergency screen.
    let p12 = case("p12-threat-to-kill.toml");
    app.start_walk(Some(false)).await?;
    // The pack's wording may change: screens are known by the fact they ask.
    assert_eq!(app.screen().await?["fact"], "immediate_danger", "the danger question comes first");
    app.screenshot("p12-question-immediate-danger").await?;
    app.axe("question").await?;
    let key = app.option_key("yes").await?;
    app.keys_and_wait(key.as_str()).await?;
    let s = app.screen().await?;
    assert_eq!(s["kind"], "emergency", "yes to danger leads straight to the emergency screen");
    assert_eq!(s["emergency"], "call-999");
    let has_999 =
        app.js("return [...document.querySelectorAll('[data-testid=emergency] [data-testid=number]')].some(n => n.textContent.trim() === '999')").await?;
    assert_eq!(has_999, true, "the emergency screen shows 999 large");
    let steps = app.walk(&p12, "p12", true).await?;
    report.push(format!("p12 walked by keyboard: {steps:?}"));
    app.check_case(&p12, "p12").await?;
    app.screenshot("p12-outcome").await?;
    app.axe("outcome (emergency case)").await?;
    let (outcomes, _, _) = app.outcome().await?;
    assert_eq!(outcomes.first().map(String::as_str), Some("call-999"), "999 first");

    // A number copies.
    app.tab_to("[data-testid=outcomes] [data-testid=contact-police-999] [data-testid=copy-number]").await?;
    app.keys(Key::Enter).await?;
    app.wait_js("return document.activeElement.textContent.includes('Copied')", "the copy button to say Copied").await?;
    app.js(
        "document.querySelector('[data-testid=summary-details]').open = true; document.querySelector('[data-testid=summary]').scrollIntoView(); return true",
    )
    .await?;
    app.screenshot("p12-outcome-path-and-summary").await?;
    let summary = app.js("return document.querySelector('[data-testid=summary-text]').textContent").await?;
    let summary = summary.as_str().unwrap_or_default();
    let title = app.js("return document.querySelector('[data-testid=outcome-call-999] h2').textContent.replace(/^\\s*1\\.\\s*/, '').trim()").await?;
    assert!(
        summary.starts_with("SAFEGUARDING PATHWAY SUMMARY") && summary.contains(title.as_str().unwrap_or("?")),
        "the referral summary names the action: {title}"
    );

    // Packs: the example local pack is an unsigned folder, which loads only in authoring
    // mode: the folder field is not offered until it is turned on in Settings.
    app.go("packs").await?;
    assert_eq!(app.js("return document.querySelectorAll('[data-testid=pack-list] > li').length").await?, 1);
    assert_eq!(
        app.js("return !document.querySelector('[data-testid=pack-dir]') && !!document.querySelector('[data-testid=authoring-off]')").await?,
        true,
        "no unsigned folder without authoring mode"
    );
    app.go("settings").await?;
    app.tab_to("[data-testid=authoring]").await?;
    app.keys(Key::Space).await?;
    app.tab_to("[data-testid=settings-save]").await?;
    app.keys(Key::Enter).await?;
    app.wait_js("return !!document.querySelector('[data-testid=settings-saved]')", "authoring mode to be saved").await?;
    // Load the example local pack by its path, then a broken one (refused, previous kept).
    app.go("packs").await?;
    app.tab_to("[data-testid=pack-dir]").await?;
    app.keys(example.as_str()).await?;
    app.keys(Key::Enter).await?;
    // Loaded means listed, the path box emptied and focus back on the heading: typing
    // before then would land in the old path.
    app.wait_js("return document.querySelectorAll('[data-testid=pack-list] > li').length === 2 && document.querySelector('[data-testid=pack-dir]').value === '' && document.activeElement.id === 'screen-heading'", "the example pack to load").await?;
    app.screenshot("packs-example-loaded").await?;
    let banner = app.js("const b = document.querySelector('[data-testid=unsigned-banner]'); return b ? b.textContent : ''").await?;
    assert!(banner.as_str().unwrap_or_default().contains("an unsigned pack is in use"), "every screen says an unsigned pack is in use: {banner}");
    app.tab_to("[data-testid=pack-dir]").await?;
    app.keys(broken.as_str()).await?;
    app.keys(Key::Enter).await?;
    app.wait_js("return !!document.querySelector('[data-testid=pack-refusal]')", "the broken pack to be refused").await?;
    let refusal = app.js("return document.querySelector('[data-testid=pack-refusal]').textContent").await?;
    let refusal = refusal.as_str().unwrap_or_default();
    assert!(refusal.contains("not-drama-number") && refusal.contains("unknown-outcome"), "the engine's messages: {refusal}");
    assert_eq!(
        app.js("return [...document.querySelectorAll('[data-testid=pack-list] > li')].map(p => p.dataset.pack).join(',')").await?,
        "england,northbrook-example",
        "the previous pack stays"
    );
    app.screenshot("packs-broken-refused").await?;
    app.axe("packs with a refused pack").await?;

    // Directory: search as you type.
    app.go("directory").await?;
    app.tab_to("[data-testid=directory-search]").await?;
    app.keys("duty team").await?;
    // The duty team's own entry first (a name match); others that mention it follow.
    app.wait_js("const n = document.querySelectorAll('[data-testid=directory-item]').length; return n >= 1 && n <= 3", "the search to narrow").await?;
    assert_eq!(app.js("return document.querySelector('[data-testid=directory-item]').dataset.contact").await?, "csc-out-of-hours");
    assert!(app
        .js("return document.querySelector('[data-testid=directory-item] [data-testid=number]').textContent")
        .await?
        .as_str()
        .unwrap_or_default()
        .contains("020 7946 0456"));
    app.screenshot("directory-search-duty-team").await?;
    app.axe("directory").await?;
    app.keys("\u{e003}".repeat("duty team".len()).as_str()).await?; // Backspace, once a character
    app.keys("lado").await?;
    app.wait_js("const c = [...document.querySelectorAll('[data-testid=directory-item]')].map(e => e.dataset.contact); return c[0] === 'lado' && document.querySelectorAll('[data-testid=directory-agency]').length >= 1", "lado to be found").await?;
    app.screenshot("directory-search-lado").await?;

    // Roles and responsibilities: searchable, with sources.
    app.go("roles").await?;
    app.tab_to("[data-testid=roles-search]").await?;
    app.keys("police protection").await?;
    app.wait_js("const n = document.querySelectorAll('[data-testid=roles] > details').length; return n >= 1 && n < 20", "the roles search").await?;
    let first = app.js("return document.querySelector('[data-testid=roles] > details').dataset.agency").await?;
    assert_eq!(first, "police", "the police page first for `police protection`");
    app.tab_to("[data-testid=agency-police-summary]").await?;
    let open = app.js("return document.querySelector('[data-testid=agency-police]').open").await?;
    if open != true {
        app.keys(Key::Enter).await?;
    }
    app.wait_js("return document.querySelector('[data-testid=agency-police]').open", "the police page to open").await?;
    app.screenshot("roles-police").await?;
    app.axe("roles").await?;

    // p11, early help, with the example pack: walk it, then change the first answer from the path.
    let p11 = case("p11-hungry-toddler.toml");
    app.set_agency("early_years").await?;
    app.screenshot("start-with-local-pack").await?;
    app.start_walk(Some(false)).await?;
    app.walk(&p11, "p11", true).await?;
    app.check_case(&p11, "p11").await?;
    app.screenshot("p11-outcome").await?;
    // The lead from settings shows on the outcome screen.
    let lead = app
        .js("const c = document.querySelector('[data-testid=outcomes] [data-testid=contact-dsl] [data-testid=number]'); return c ? c.textContent.trim() : null")
        .await?;
    assert_eq!(lead, "020 7946 0999", "the safeguarding lead's number from settings");
    app.axe("outcome (early help)").await?;
    app.tab_to("[data-testid=path] [data-testid^=change-]").await?;
    app.keys_and_wait(Key::Enter).await?;
    assert_eq!(app.screen().await?["fact"], "immediate_danger", "Change goes back to that question");
    let prev = app.js("return document.querySelector('[data-testid^=option-][data-previous]').dataset.value").await?;
    assert_eq!(prev, "no", "the previous answer is marked");
    app.screenshot("p11-change-first-answer").await?;
    app.walk(&p11, "p11-again", false).await?;
    app.check_case(&p11, "p11 (after changing an answer)").await?;
    // Back from the outcome returns to the last question (Backspace).
    app.keys_and_wait(Key::Backspace).await?;
    assert_ne!(app.screen().await?["kind"], "outcome");
    app.walk(&p11, "p11-back", false).await?;

    // Every other public case, by keyboard, in office hours (p09 comes in session 2, on a
    // Saturday night; p13 and p16 in the due-times sessions, by data-testid).
    for name in [
        "p01-bruising-disclosure.toml",
        "p02-domestic-abuse-call-out.toml",
        "p03-private-arrangement.toml",
        "p04-damp-flat.toml",
        "p05-coach-messages.toml",
        "p06-fgm-disclosed-nurse.toml",
        "p07-fgm-risk-holiday.toml",
        "p08-extremist-views.toml",
        "p10-offender-new-partner.toml",
        "p14-grandparent-youth-leader.toml",
        "p15-police-da-pupil.toml",
    ] {
        let c = case(name);
        let tag = &name[..3];
        app.set_agency(&c.facts["agency"]).await?;
        app.start_walk(Some(c.facts["out_of_hours"] == "yes")).await?;
        app.walk(&c, tag, false).await?;
        app.check_case(&c, tag).await?;
        app.screenshot(&format!("{tag}-outcome")).await?;
    }

    // Dark theme and 200% zoom, with axe on each.
    app.go("settings").await?;
    app.tab_to("[data-testid=theme-system]").await?;
    app.keys(Key::Down + Key::Down).await?;
    let zoom = app.testid("zoom").await?;
    thirtyfour::components::SelectElement::new(&zoom).await?.select_by_value("200").await?;
    assert_eq!(app.js("return document.querySelector('[data-testid=zoom]').value").await?, "200");
    app.tab_to("form.settings-form button[type=submit]").await?;
    app.keys(Key::Enter).await?;
    app.wait_js("return document.documentElement.dataset.theme === 'dark' && !!document.querySelector('[data-testid=settings-saved]')", "the dark theme")
        .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("settings-dark-200pc").await?;
    app.axe("settings, dark, 200%").await?;
    app.go("start").await?;
    app.screenshot("start-dark-200pc").await?;
    app.axe("start, dark, 200%").await?;
    let c = case("p11-hungry-toddler.toml");
    app.start_walk(None).await?;
    app.screenshot("question-dark-200pc").await?;
    app.axe("question, dark, 200%").await?;
    let key = app.option_key("no").await?;
    app.keys_and_wait(key.as_str()).await?;
    app.screenshot("checklist-dark-200pc").await?;
    app.axe("checklist, dark, 200%").await?;
    app.walk(&c, "p11-dark", false).await?;
    app.screenshot("outcome-dark-200pc").await?;
    app.axe("outcome, dark, 200%").await?;
    let overflow = app.js("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1").await?;
    assert_eq!(overflow, false, "no sideways scrolling at 200%");
    // Back to light and 100% for the next session.
    app.go("settings").await?;
    app.tab_to("[data-testid^=theme-]:checked").await?;
    app.keys(Key::Up).await?;
    app.js("const z = document.querySelector('[data-testid=zoom]'); z.value = '100'; z.dispatchEvent(new Event('change')); return true").await?;
    app.tab_to("form.settings-form button[type=submit]").await?;
    app.keys(Key::Enter).await?;
    app.wait_js("return document.documentElement.dataset.theme === 'light'", "the light theme").await?;
    app.axe("settings, light").await?;

    app.check_offline().await?;
    all_times.extend(app.screen_times().await?);
    let (shot, v, r) = app.quit().await?;
    violations.extend(v);
    report.extend(r);

    // ---------------------------------------------------------------- session 2: Saturday 19:40
    let mut app = App::launch(&["--config-dir", &config_arg, "--now", "2026-11-21T19:40"], &artifacts, &axe, shot).await?;
    app.js("window.__pathways_agency = 'early_years'; return true").await?;
    let p09 = case("p09-fracture-saturday.toml");
    app.set_agency("health").await?;
    let preset = app.js("return document.querySelector('[data-testid^=front-door-]:checked').value").await?;
    assert_eq!(preset, "yes", "the local pack's office hours and the clock say closed");
    let training = app.js("return document.querySelector('[data-testid=training-clock]').textContent").await?;
    assert!(training.as_str().unwrap_or_default().contains("19:40"), "the fixed clock is shown");
    app.screenshot("start-saturday-night").await?;
    app.start_walk(None).await?;
    app.walk(&p09, "p09", true).await?;
    app.check_case(&p09, "p09").await?;
    // Memory after walking a case, before axe-core is loaded into the page.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (pss_kib, each) = memory_pss_kib(&env_path("E2E_APP", "target/debug/safeguarding-pathways"));
    report.push(format!("memory after walking p09: {:.0} MiB PSS (app and WebKit: {})", pss_kib as f64 / 1024.0, each.join(", ")));
    let (_, contacts, banner) = app.outcome().await?;
    assert_eq!(banner, "It is 19:40 on Saturday: the front door is closed; call the emergency duty team on 020 7946 0456.");
    assert!(!contacts.contains(&"csc-front-door".to_string()), "no front door out of hours");
    app.screenshot("p09-outcome-out-of-hours").await?;
    app.axe("outcome (out of hours)").await?;
    let edt = app.js("return document.querySelector('[data-testid=outcomes] [data-testid=contact-csc-out-of-hours]').getBoundingClientRect().top").await?;
    app.js(&format!("window.scrollTo(0, {} - 120); return true", edt.as_f64().unwrap_or(0.0))).await?;
    app.screenshot("p09-outcome-edt-contact").await?;

    app.records(&config).await?;

    app.check_offline().await?;
    all_times.extend(app.screen_times().await?);
    let (shot, v, r) = app.quit().await?;
    violations.extend(v);
    report.extend(r);

    // ---------------------------------------------------------------- sessions 3 and 4: due times
    let (shot, v, r) = due_times_sessions(&artifacts, &axe, shot).await?;
    violations.extend(v);
    report.extend(r);

    // ---------------------------------------------------------------- session 5: a damaged records file
    let (shot, v, r) = damaged_records_session(&artifacts, &axe, shot).await?;
    violations.extend(v);
    report.extend(r);

    // ---------------------------------------------------------------- sessions 6 to 8: signed packs
    let (_, v, r) = signed_packs_sessions(&artifacts, &axe, shot).await?;
    violations.extend(v);
    report.extend(r);

    // ---------------------------------------------------------------- the report
    let mut walk_times: Vec<f64> = all_times.iter().filter(|c| c.label.starts_with("walk:")).map(|c| c.ms).collect();
    walk_times.sort_by(f64::total_cmp);
    let median = walk_times.get(walk_times.len() / 2).copied().unwrap_or(0.0);
    let p95 = walk_times.get(walk_times.len() * 95 / 100).copied().unwrap_or(0.0);
    let max = walk_times.last().copied().unwrap_or(0.0);
    report.push(format!("screen changes in the walk: {} measured, median {median:.1} ms, 95th percentile {p95:.1} ms, max {max:.1} ms", walk_times.len()));
    let mut slowest: Vec<&ScreenChange> = all_times.iter().collect();
    slowest.sort_by(|a, b| b.ms.total_cmp(&a.ms));
    report.push(format!("slowest screen changes: {}", slowest.iter().take(8).map(|c| c.to_string()).collect::<Vec<_>>().join(", ")));
    let over: Vec<String> = slowest.iter().filter(|c| c.ms >= 50.0).map(|c| c.label.clone()).collect();
    report.push(format!(
        "screen changes of 50 ms or more: {} of {}{}",
        over.len(),
        all_times.len(),
        if over.is_empty() { String::new() } else { format!(" ({})", over.join(", ")) }
    ));
    report.push(format!("axe violations: {}", violations.len()));
    for v in &violations {
        report.push(format!("  {v}"));
    }
    let text = report.join("\n");
    println!("{text}");
    std::fs::write(artifacts.join("e2e-report.txt"), format!("{text}\n"))?;
    assert!(violations.is_empty(), "axe-core found violations:\n{}", violations.join("\n"));
    Ok(())
}

/// Issue "due times in the app": p13 and p16 walked by `data-testid` on a Tuesday
/// morning with the national pack alone (so the app says which working days it assumes),
/// their due times on the outcome screen, what is coming in, and p16 saved as a record;
/// then the app restarted two working days on, where the unticked LADO referral is
/// marked overdue in the Records list and the record. Its own config folder.
async fn due_times_sessions(artifacts: &Path, axe: &str, shot: usize) -> Res<(usize, Vec<String>, Vec<String>)> {
    const PASS: &str = "purple elephant window seven";
    let config = tempfile_dir(&artifacts.join("config-due"))?;
    let config_arg = config.display().to_string();
    let mut violations = Vec::new();
    let mut report = Vec::new();

    // ------------------------------------------------ Tuesday 1 December 2026, 10:00
    let mut app = App::launch(&["--config-dir", &config_arg, "--now", "2026-12-01T10:00"], artifacts, axe, shot).await?;
    app.wait_js("return !!document.querySelector('[data-testid=agency-select]')", "the first-run settings").await?;
    // The agencies come from the pack, a member of the public among them.
    let agencies = app.js("return [...document.querySelectorAll('[data-testid=agency-select] option')].map(o => o.value).filter(v => v)").await?;
    let agencies: Vec<String> = serde_json::from_value(agencies)?;
    let pack = pathway::PackSet::load(&[root().join("pathways/england")]).map_err(|d| format!("the national pack does not load: {d:?}"))?;
    let from_pack = pack.fact("agency").map(|f| f.values.clone()).unwrap_or_default();
    assert_eq!(agencies, from_pack, "the settings list the pack's agencies, in its order");
    assert!(agencies.iter().any(|a| a == "public"), "a member of the public can be chosen: {agencies:?}");
    let before = app.changes().await?;
    app.choose_agency("public").await?;
    app.wait_js(&format!("return window.__pathways.screenChanges.length > {before}"), "the first settings to be saved").await?;
    app.click_and_wait("nav-settings").await?;
    assert_eq!(app.js("return document.querySelector('[data-testid=agency-select]').value").await?, "public", "saved as a member of the public");
    app.screenshot("due-settings-public").await?;
    app.axe("settings: a member of the public").await?;

    // p13: a PCSO (police, not a constable) finds a 4-year-old alone on a balcony.
    let p13 = case("p13-pcso-finds-child.toml");
    app.choose_agency("police").await?;
    app.wait_js("return !!document.querySelector('[data-testid=settings-saved]')", "the police agency to be saved").await?;
    app.click_and_wait("nav-start").await?;
    app.testid("front-door-open").await?.click().await?;
    app.click_and_wait("start-walk").await?;
    let steps = app.walk_by_testid(&p13, "p13").await?;
    report.push(format!("p13 walked by data-testid: {steps:?}"));
    app.check_case(&p13, "p13").await?;
    let due = app.due_times().await?;
    report.push(format!("p13 due: {due:?}"));
    assert_eq!(due.first().map(|d| d.0.as_str()), Some("call-999"), "999 first: {due:?}");
    for id in ["call-999", "refer-csc-immediately"] {
        let d = due.iter().find(|d| d.0 == id).ok_or_else(|| format!("p13: no {id} in {due:?}"))?;
        assert_eq!((d.1.as_str(), d.2.as_str(), d.3.as_str()), ("now", "now", "Due: Now"), "p13 {id}");
    }
    assert!(!due.iter().any(|d| d.0 == "police-protection"), "a PCSO has no police protection power: {due:?}");
    let first_later = due.iter().position(|d| d.2 != "now").unwrap_or(due.len());
    assert!(due[first_later..].iter().all(|d| d.2 != "now"), "actions due now come first: {due:?}");
    assert!(app.testid("due-note").await?.text().await?.contains("Monday to Friday, 09:00 to 17:00"), "no local pack: the working days are assumed, and said");
    app.screenshot("due-p13-outcome").await?;
    app.scroll_to("due-refer-csc-immediately").await?;
    app.screenshot("due-p13-outcome-csc").await?;
    app.axe("due: p13 outcome").await?;

    // p16: a nursery manager, an allegation about her own room leader.
    // p16 with single-key shortcuts turned off in Settings (WCAG 2.1.4), saved with the agency.
    let p16 = case("p16-nursery-manager-allegation.toml");
    app.click_and_wait("nav-settings").await?;
    assert_eq!(app.js("return document.querySelector('[data-testid=shortcuts]').checked").await?, true, "single-key shortcuts are on by default");
    app.testid("shortcuts").await?.click().await?;
    app.choose_agency("early_years").await?;
    app.wait_js("return !!document.querySelector('[data-testid=settings-saved]')", "early years to be saved").await?;
    app.click_and_wait("nav-start").await?;
    app.testid("front-door-open").await?.click().await?;
    app.click_and_wait("start-walk").await?;
    let shown = app.js("const q = document.querySelector('[data-testid=question]'); return { kbd: q.querySelectorAll('kbd').length, keyshortcuts: q.querySelectorAll('[aria-keyshortcuts]').length, help: document.querySelector('[data-testid=keys-help]').textContent }").await?;
    assert_eq!((shown["kbd"].as_u64(), shown["keyshortcuts"].as_u64()), (Some(0), Some(0)), "no single keys shown or announced: {shown}");
    assert!(shown["help"].as_str().unwrap_or_default().contains("Single-key shortcuts are off"), "{shown}");
    let before = app.changes().await?;
    app.js("document.getElementById('screen-heading').focus(); return true").await?;
    app.keys("1").await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.changes().await?, before, "with single-key shortcuts off, 1 answers nothing");
    assert_eq!(app.screen().await?["fact"], "immediate_danger", "still the first question");
    report.push("single-key shortcuts off: no keys shown, 1 pressed on the first question answered nothing".into());
    app.screenshot("due-shortcuts-off-question").await?;
    app.axe("question, single-key shortcuts off").await?;
    let steps = app.walk_by_testid(&p16, "p16").await?;
    report.push(format!("p16 walked by data-testid: {steps:?}"));
    app.check_case(&p16, "p16").await?;
    let due = app.due_times().await?;
    report.push(format!("p16 due: {due:?}"));
    let of = |id: &str| due.iter().find(|d| d.0 == id).map(|d| (d.1.clone(), d.3.clone()));
    assert_eq!(of("inform-dsl"), Some(("now".into(), "Due: Now".into())), "tell your lead now: {due:?}");
    assert_eq!(of("lado-referral"), Some(("working-days:1".into(), "Due: By 17:00 on Wednesday 2 December".into())), "the LADO within one working day");
    assert_eq!(of("notify-ofsted-early-years"), Some(("days:14".into(), "Due: By 23:59 on Tuesday 15 December".into())), "Ofsted within 14 days");
    let first_later = due.iter().position(|d| d.2 != "now").unwrap_or(due.len());
    assert!(due[first_later..].iter().all(|d| d.2 != "now"), "actions due now come first: {due:?}");
    app.screenshot("due-p16-outcome").await?;
    app.scroll_to("due-lado-referral").await?;
    app.screenshot("due-p16-outcome-lado").await?;
    app.axe("due: p16 outcome").await?;
    // What is coming in is marked as not yet in force, with its sources, apart from the duties.
    let coming = app
        .js("return [...document.querySelectorAll('[data-testid=outcomes] [data-testid=coming-in]')].map(c => ({ text: c.textContent, sources: c.querySelectorAll('[data-testid=source]').length, open: c.querySelector('[data-testid=sources]') ? c.querySelector('[data-testid=sources]').open : false, inDuty: !!c.closest('[data-testid=steps], [data-testid=guidance]') }))")
        .await?;
    let coming = coming.as_array().cloned().unwrap_or_default();
    report.push(format!("p16 coming-in blocks on the outcome screen: {}", coming.len()));
    for c in &coming {
        assert!(c["text"].as_str().unwrap_or_default().contains("Coming in: not yet in force"), "{c}");
        assert!(c["sources"].as_u64().unwrap_or(0) >= 1 && c["open"] == true, "its sources shown: {c}");
        assert_eq!(c["inDuty"], false, "never among the steps: {c}");
    }
    if !coming.is_empty() {
        app.js("const c = document.querySelector('[data-testid=outcomes] [data-testid=coming-in]'); c.scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); return true").await?;
        app.screenshot("due-p16-coming-in").await?;
    }
    let editions = app.js("return document.querySelectorAll('[data-testid=outcomes] [data-testid=source-edition]').length").await?;
    assert!(editions.as_u64().unwrap_or(0) >= 1, "sources give their edition");

    // Save p16: the actions due now are done (ticked); the LADO referral and Ofsted wait.
    let now_ids: Vec<String> = due.iter().filter(|d| d.2 == "now").map(|d| d.0.clone()).collect();
    for id in &now_ids {
        app.testid(&format!("done-{id}")).await?.click().await?;
    }
    app.type_into("save-unlock-passphrase", PASS).await?;
    app.type_into("save-unlock-again", PASS).await?;
    app.testid("save-unlock-submit").await?.click().await?;
    app.wait_js("return !!document.querySelector('[data-testid=record-reference]')", "the record form").await?;
    app.type_into("record-reference", "P16-E2E").await?;
    app.type_into("record-notes", "Room leader grabbed a 2-year-old's arm; marks seen.").await?;
    app.testid("record-save").await?.click().await?;
    let id = app.wait_js("const s = document.querySelector('[data-testid=record-saved]'); return s ? s.dataset.savedRecord : null", "p16 to be saved").await?;
    let id = id.as_str().unwrap_or_default().to_string();
    app.click_and_wait("record-open-saved").await?;
    app.wait_js("return !!document.querySelector('[data-testid=record-due-lado-referral]')", "the saved record").await?;
    let lado = app.testid("record-due-lado-referral").await?.text().await?;
    assert!(lado.contains("Due: By 17:00 on Wednesday 2 December"), "the record keeps the deadline: {lado}");
    assert_eq!(app.js("return document.querySelectorAll('[data-testid^=record-overdue-]').length").await?, 0, "nothing overdue when saved");
    app.screenshot("due-p16-record-saved").await?;
    app.axe("due: p16 record when saved").await?;

    // The roles pages: what is coming in, marked so.
    app.click_and_wait("nav-roles").await?;
    let agency = app.js("const a = [...document.querySelectorAll('[data-testid=roles] > details')].find(d => d.querySelector('[data-testid=coming-in]')); if (!a) return null; a.open = true; a.querySelector('[data-testid=coming-in]').scrollIntoView({ block: 'start' }); window.scrollBy(0, -80); return a.dataset.agency").await?;
    let agency = agency.as_str().ok_or("no agency page has a coming-in block")?.to_string();
    let text = app.js(&format!("return document.querySelector('[data-testid=agency-{agency}] [data-testid=coming-in]').textContent")).await?;
    assert!(text.as_str().unwrap_or_default().contains("Coming in: not yet in force"));
    app.screenshot(&format!("due-roles-{agency}-coming-in")).await?;
    app.axe("due: roles with coming-in").await?;
    let (shot, v, r) = app.quit().await?;
    violations.extend(v);
    report.extend(r);

    // ------------------------------------------------ Thursday 3 December 2026, 10:00: two working days on
    let mut app = App::launch(&["--config-dir", &config_arg, "--now", "2026-12-03T10:00"], artifacts, axe, shot).await?;
    // Single-key shortcuts stay off after a restart.
    app.click_and_wait("nav-settings").await?;
    assert_eq!(app.js("return document.querySelector('[data-testid=shortcuts]').checked").await?, false, "the shortcuts setting is remembered");
    app.click_and_wait("nav-records").await?;
    app.unlock_with_probe(PASS).await?;
    app.wait_js(&format!("return !!document.querySelector('[data-testid=record-line-{id}]')"), "the records list").await?;
    let marks = app.js(&format!("return [...document.querySelectorAll('[data-testid=record-line-{id}] [data-testid^=record-line-overdue-]')].map(m => [m.dataset.testid, m.textContent.trim().replace(/\\s+/g, ' ')])")).await?;
    let marks: Vec<(String, String)> = serde_json::from_value(marks)?;
    report.push(format!("records list on Thursday 10:00: {marks:?}"));
    let lado = marks
        .iter()
        .find(|m| m.0 == "record-line-overdue-lado-referral")
        .ok_or_else(|| format!("the LADO referral is not marked overdue in the list: {marks:?}"))?;
    assert!(lado.1.contains("overdue since 17:00 on Wednesday 2 December") && lado.1.starts_with("Warning: "), "in words, and said as a warning: {lado:?}");
    assert!(marks.iter().all(|m| !now_ids.iter().any(|n| m.0.ends_with(n.as_str()))), "ticked actions are not overdue: {marks:?}");
    assert!(!marks.iter().any(|m| m.0.ends_with("notify-ofsted-early-years")), "Ofsted is not due until the 15th: {marks:?}");
    app.screenshot("due-records-list-lado-overdue").await?;
    app.axe("due: records list with an overdue action").await?;
    app.driver.find(By::Css(format!("[data-testid=record-line-{id}] button"))).await?.click().await?;
    app.wait_js("return !!document.querySelector('[data-testid=record-overdue-lado-referral]')", "the LADO referral marked overdue in the record").await?;
    let mark = app.testid("record-overdue-lado-referral").await?.text().await?;
    assert!(mark.contains("Overdue since 17:00 on Wednesday 2 December"), "{mark}");
    assert!(app.testid("record-overdue-summary").await?.text().await?.contains("overdue and not ticked"));
    assert_eq!(app.js("return document.querySelectorAll('[data-testid=record-overdue-notify-ofsted-early-years]').length").await?, 0);
    app.scroll_to("record-outcome-lado-referral").await?;
    app.screenshot("due-record-lado-overdue").await?;
    app.axe("due: record with an overdue action").await?;
    report.push(format!("record {id} on Thursday 10:00: {mark}"));
    let (shot, v, r) = app.quit().await?;
    violations.extend(v);
    report.extend(r);
    Ok((shot, violations, report))
}

/// A records file that cannot be read (not a whole number of pages: truncated, or not a
/// records file): the shell says `damaged-file`, and the page shows a screen of its own
/// saying so and what to do, not the passphrase form's "not right"; the file is left as it was.
async fn damaged_records_session(artifacts: &Path, axe: &str, shot: usize) -> Res<(usize, Vec<String>, Vec<String>)> {
    let config = tempfile_dir(&artifacts.join("config-damaged"))?;
    std::fs::write(config.join("settings.json"), r#"{"agency":"school"}"#)?;
    let damaged: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(config.join("records.db"), &damaged)?;
    let config_arg = config.display().to_string();
    let mut app = App::launch(&["--config-dir", &config_arg, "--now", "2026-12-03T10:00"], artifacts, axe, shot).await?;
    app.click_and_wait("nav-records").await?;
    assert_eq!(app.heading().await?, "Your records are locked");
    app.type_into("records-open-passphrase", "purple elephant window seven").await?;
    app.testid("records-open-submit").await?.click().await?;
    app.wait_js("return !!document.querySelector('[data-testid=records-damaged]')", "the damaged-file screen").await?;
    assert_eq!(app.heading().await?, "Your records file cannot be read");
    assert_eq!(app.js("return document.querySelectorAll('[data-testid=records-open-passphrase]').length").await?, 0, "not the passphrase form");
    let path = app.testid("records-damaged-path").await?.text().await?;
    assert_eq!(Path::new(&path), config.join("records.db"), "it says where the file is");
    assert_eq!(app.js("return document.activeElement === document.getElementById('screen-heading')").await?, true, "focus on its heading");
    app.screenshot("records-damaged-file").await?;
    app.axe("records: a damaged file").await?;
    assert_eq!(std::fs::read(config.join("records.db"))?, damaged, "nothing was written to the damaged file");
    let (shot, violations, mut report) = app.quit().await?;
    report.push(format!("damaged records file: its own screen, naming {path}; the file left byte for byte as it was"));
    Ok((shot, violations, report))
}

fn tempfile_dir(dir: &Path) -> Res<PathBuf> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    Ok(dir.canonicalize()?)
}

/// Runs the `pathways` command (`E2E_PATHWAYS`, default `target/debug/pathways`) and
/// returns what it printed; fails with its error output when it fails.
fn pathways(args: &[&str]) -> Res<String> {
    let bin = env_path("E2E_PATHWAYS", "target/debug/pathways");
    let out = std::process::Command::new(&bin).args(args).current_dir(root()).output().map_err(|e| format!("{}: {e}", bin.display()))?;
    if !out.status.success() {
        return Err(format!("pathways {args:?} failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A copy of the example local pack at `version`, its emergency duty team on `edt` (an
/// Ofcom drama number), signed with `key` into the bundle `out`.
fn signed_example(work: &Path, version: &str, edt: &str, key: &Path, out: &Path) -> Res {
    let dir = work.join(format!("northbrook-{version}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(root().join("pathways/local/example"))? {
        let entry = entry?;
        let text = std::fs::read_to_string(entry.path())?;
        let text = text.replace("version = \"1.0.0\"", &format!("version = \"{version}\"")).replace("020 7946 0456", edt);
        std::fs::write(dir.join(entry.file_name()), text)?;
    }
    let national = root().join("pathways/england");
    pathways(&[
        "pack",
        "sign",
        &dir.display().to_string(),
        "--key",
        &key.display().to_string(),
        "--bundle",
        &out.display().to_string(),
        "--national",
        &national.display().to_string(),
    ])?;
    Ok(())
}

/// Issue 12, signed packs in the app. A key pair made here with `pathways pack keygen`
/// (never a key in the repository) and the example pack signed at three versions, its
/// emergency duty team's number changed in 1.1.0. On a Saturday evening: the first
/// bundle refused as signed by a key not trusted (naming it); the publisher trusted
/// through "Trust a publisher" (key id shown, confirmed); the pack added; 1.1.0 offered
/// and its "what changed" screen showing the old and new numbers side by side; accepted;
/// p09 walked and the new number on the outcome; then 1.0.0 again (refused: older) and a
/// bundle with one byte changed (refused, naming contacts.toml); going back to 1.0.0 and
/// forward again. Then the app after the packs' review-by date and after their expiry
/// date: every contact says so. axe-core on each new screen.
async fn signed_packs_sessions(artifacts: &Path, axe: &str, shot: usize) -> Res<(usize, Vec<String>, Vec<String>)> {
    let work = tempfile_dir(&artifacts.join("signed-packs"))?;
    let config = tempfile_dir(&artifacts.join("config-signed"))?;
    std::fs::write(config.join("settings.json"), r#"{"agency":"health"}"#)?;
    let config_arg = config.display().to_string();
    let (secret, public) = (work.join("northbrook.key"), work.join("northbrook.pub"));
    pathways(&[
        "pack",
        "keygen",
        "--secret",
        &secret.display().to_string(),
        "--public",
        &public.display().to_string(),
        "--unencrypted",
        "--name",
        "Northbrook Safeguarding Children Partnership (test key)",
    ])?;
    let key_line = pathways(&["pack", "key", &public.display().to_string()])?;
    let key_id = key_line.split_whitespace().nth(2).ok_or("no key id from `pathways pack key`")?.to_string();
    let (v100, v110, v120) =
        (work.join("northbrook-example-1.0.0.sgpack"), work.join("northbrook-example-1.1.0.sgpack"), work.join("northbrook-example-1.2.0.sgpack"));
    signed_example(&work, "1.0.0", "020 7946 0456", &secret, &v100)?;
    signed_example(&work, "1.1.0", "020 7946 0321", &secret, &v110)?;
    signed_example(&work, "1.2.0", "020 7946 0654", &secret, &v120)?;
    // One byte of the 1.2.0 bundle changed: a digit of the duty team's number in contacts.toml.
    let mut bytes = std::fs::read(&v120)?;
    let at = bytes.windows(13).position(|w| w == b"020 7946 0654").ok_or("the number in the bundle")?;
    bytes[at + 11] = b'9';
    let tampered = work.join("northbrook-example-1.2.0-changed.sgpack");
    std::fs::write(&tampered, &bytes)?;
    let mut report = vec![format!("signed packs: key {key_id} made with `pathways pack keygen`; the example pack signed at 1.0.0, 1.1.0 (duty team 020 7946 0321) and 1.2.0 (then one byte changed)")];

    // ------------------------------------------------ Saturday 21 November 2026, 19:40
    let mut app = App::launch(&["--config-dir", &config_arg, "--now", "2026-11-21T19:40"], artifacts, axe, shot).await?;
    app.click_and_wait("nav-packs").await?;
    let refusal = "const r = document.querySelector('[data-testid=pack-import-refusal]'); return r ? r.dataset.kind : null";

    // 1.0.0, by a publisher not trusted yet: refused, naming the key id.
    app.check_pack_file(&v100).await?;
    assert_eq!(app.wait_js(refusal, "the untrusted key to be refused").await?, "untrusted-key");
    assert_eq!(app.js("return document.querySelector('[data-testid=refusal-key-id]').dataset.keyId").await?, key_id.as_str(), "the refusal names the key");
    assert_eq!(app.js("return document.activeElement.id").await?, "pack-refusal-heading", "focus on the refusal");
    app.screenshot("signed-untrusted-key-refused").await?;
    app.axe("packs: signed by a key not trusted").await?;

    // Trust a publisher: the key file's id and name shown, then confirmed; the pack is checked again.
    app.testid("refusal-trust").await?.click().await?;
    app.wait_js("return document.activeElement.id === 'trust-heading'", "focus on Trust a publisher").await?;
    app.type_into("key-file", &public.display().to_string()).await?;
    app.testid("key-file-check").await?.click().await?;
    app.wait_js("return !!document.querySelector('[data-testid=key-preview]')", "the key to be shown").await?;
    assert_eq!(app.js("return document.querySelector('[data-testid=key-preview]').dataset.keyId").await?, key_id.as_str());
    assert!(app.testid("key-preview-name").await?.text().await?.contains("Northbrook Safeguarding Children Partnership"));
    assert!(app.testid("key-matches").await?.text().await?.contains("signed the pack you tried to add"));
    app.screenshot("signed-trust-a-publisher").await?;
    app.axe("packs: trust a publisher").await?;
    app.testid("key-confirm").await?.click().await?;
    app.wait_js(
        "const p = document.querySelector('[data-testid=pack-preview]'); return !!p && p.dataset.version === '1.0.0'",
        "1.0.0 to be checked again and shown",
    )
    .await?;
    assert!(config.join("trusted-keys").join(format!("{key_id}.pub")).exists(), "the key is kept in the user's key folder");
    assert_eq!(
        app.js(&format!("return !!document.querySelector('[data-testid=trusted-key][data-key-id=\"{key_id}\"][data-origin=user]')")).await?,
        true,
        "listed among the keys trusted"
    );
    app.testid("pack-accept").await?.click().await?;
    app.wait_js(
        "const s = document.querySelector('[data-testid=pack-northbrook-example] [data-testid=pack-source]'); return !!s && s.dataset.source === 'imported'",
        "1.0.0 to be in use",
    )
    .await?;

    // 1.1.0: what changed, side by side, then accepted.
    app.check_pack_file(&v110).await?;
    app.wait_js("const p = document.querySelector('[data-testid=pack-preview]'); return !!p && p.dataset.version === '1.1.0'", "1.1.0 to be shown").await?;
    let edt = app
        .js("return [...document.querySelectorAll('[data-testid=diff-contact-csc-out-of-hours] tr[data-changed=yes]')].map(r => [...r.children].map(c => c.textContent.trim()))")
        .await?;
    let edt: Vec<Vec<String>> = serde_json::from_value(edt)?;
    assert!(edt.iter().any(|r| r.len() == 3 && r[1] == "020 7946 0456" && r[2] == "020 7946 0321"), "the duty team's number, before and after: {edt:?}");
    let headers =
        app.js("return [...document.querySelectorAll('[data-testid=diff-contact-csc-out-of-hours] thead th')].map(h => h.textContent.trim())").await?;
    report.push(format!("what changed for 1.1.0: duty team {edt:?} under {headers}"));
    assert!(app.testid("preview-signer").await?.text().await?.contains("Northbrook Safeguarding Children Partnership"));
    app.screenshot("signed-what-changed").await?;
    app.scroll_to("pack-diff").await?;
    app.screenshot("signed-what-changed-table").await?;
    app.axe("packs: what changed").await?;
    app.testid("pack-accept").await?.click().await?;
    app.wait_js("const p = document.querySelector('[data-testid=pack-northbrook-example]'); return !!p && p.textContent.includes('1.1.0') && !document.querySelector('[data-testid=pack-preview]')", "1.1.0 to be in use").await?;

    // p09 on a Saturday evening: the new number.
    let p09 = case("p09-fracture-saturday.toml");
    app.click_and_wait("nav-start").await?;
    app.click_and_wait("start-walk").await?;
    app.walk_by_testid(&p09, "p09-signed").await?;
    app.check_case(&p09, "p09 with the signed pack").await?;
    let number = app
        .js("return document.querySelector('[data-testid=outcomes] [data-testid=contact-csc-out-of-hours] [data-testid=number]').textContent.trim()")
        .await?;
    assert_eq!(number, "020 7946 0321", "the new emergency duty team number");
    let (_, _, banner) = app.outcome().await?;
    assert!(banner.contains("020 7946 0321"), "{banner}");
    assert_eq!(app.js("return document.querySelectorAll('[data-testid=unsigned-banner]').length").await?, 0, "a signed pack: no authoring banner");
    app.scroll_to("contact-csc-out-of-hours").await?;
    app.screenshot("signed-p09-new-duty-team-number").await?;
    report.push(format!("p09 with the signed pack 1.1.0: {banner}"));

    // An older version, then a changed file: refused, each saying why.
    app.click_and_wait("nav-packs").await?;
    app.check_pack_file(&v100).await?;
    assert_eq!(app.wait_js(refusal, "the older version to be refused").await?, "rollback");
    let message = app.testid("pack-import-refusal-message").await?.text().await?;
    assert!(message.contains("older than version 1.1.0"), "{message}");
    app.screenshot("signed-older-version-refused").await?;
    app.axe("packs: an older version refused").await?;
    report.push(format!("1.0.0 offered again: {message}"));
    app.check_pack_file(&tampered).await?;
    assert_eq!(app.wait_js(refusal, "the changed bundle to be refused").await?, "pack-altered");
    assert_eq!(app.testid("refusal-file").await?.text().await?, "contacts.toml", "the refusal names the file");
    let message = app.testid("pack-import-refusal-message").await?.text().await?;
    app.screenshot("signed-changed-file-refused").await?;
    app.axe("packs: a changed file refused").await?;
    report.push(format!("1.2.0 with one byte changed: {message}"));
    assert!(app.testid("pack-northbrook-example").await?.text().await?.contains("1.1.0"), "1.1.0 stays in use");

    // Kept versions: go back to 1.0.0, then forward again.
    assert_eq!(app.testid("use-northbrook-example-1.0.0").await?.text().await?, "Go back to version 1.0.0");
    app.js("document.getElementById('pack-versions-heading').scrollIntoView({ block: 'start' }); return true").await?;
    app.screenshot("signed-kept-versions").await?;
    app.axe("packs: kept versions").await?;
    app.testid("use-northbrook-example-1.0.0").await?.click().await?;
    app.wait_js(
        "const li = document.querySelector('[data-testid=\"kept-northbrook-example-1.0.0\"]'); return !!li && li.dataset.inUse === 'yes'",
        "1.0.0 to be in use again",
    )
    .await?;
    assert!(app.testid("pack-northbrook-example").await?.text().await?.contains("you went back to this version"));
    app.testid("use-northbrook-example-newest").await?.click().await?;
    app.wait_js(
        "const li = document.querySelector('[data-testid=\"kept-northbrook-example-1.1.0\"]'); return !!li && li.dataset.inUse === 'yes'",
        "1.1.0 to be in use again",
    )
    .await?;
    report.push("kept versions: went back to 1.0.0 and forward to 1.1.0".into());
    let (shot, mut violations, r) = app.quit().await?;
    report.extend(r);

    // ------------------------------------------------ after the review-by date, then after expiry
    let mut shot = shot;
    for (now, staleness, words, tag) in [
        ("2027-06-15T10:00", "review-overdue", "was due for review by 2027-05-31", "review-overdue"),
        ("2027-12-15T10:00", "expired", "check it before calling", "expired"),
    ] {
        let mut app = App::launch(&["--config-dir", &config_arg, "--now", now], artifacts, axe, shot).await?;
        app.click_and_wait("nav-directory").await?;
        let warning = app
            .wait_js(&format!("const w = document.querySelector('[data-testid=contact-csc-out-of-hours] [data-testid=contact-stale][data-staleness={staleness}]'); return w ? w.textContent : null"), "the duty team's warning")
            .await?;
        let warning = warning.as_str().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(warning.contains(words), "{now}: {warning}");
        let number = app.js("return document.querySelector('[data-testid=contact-csc-out-of-hours] [data-testid=number]').textContent.trim()").await?;
        assert_eq!(number, "020 7946 0321", "the number is still shown");
        let unwarned = app.js("return [...document.querySelectorAll('[data-testid^=contact-]')].filter(c => c.dataset.contact && c.querySelector('[data-testid=number]') && c.dataset.contact !== 'dsl' && !c.querySelector('[data-testid=contact-stale]')).map(c => c.dataset.contact)").await?;
        assert_eq!(unwarned, json!([]), "{now}: every contact from a stale pack carries the warning");
        app.scroll_to("contact-csc-out-of-hours").await?;
        app.screenshot(&format!("stale-{tag}-directory")).await?;
        app.axe(&format!("directory, packs {tag}")).await?;
        report.push(format!("{now}: {warning}"));
        let (s, v, r) = app.quit().await?;
        shot = s;
        violations.extend(v);
        report.extend(r);
    }
    Ok((shot, violations, report))
}
