//! The practitioner's settings, kept in one JSON file in the app's config folder:
//! their agency, their own safeguarding lead, the local pack, theme and zoom, whether
//! single-key shortcuts work in the walk, and how long records stay unlocked and are kept.
//! Never sent anywhere and never logged.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// The agency id (a value of the `agency` fact); `None` until the first-run screen.
    pub agency: Option<String>,
    pub lead_name: String,
    pub lead_phone: String,
    /// An unsigned local pack's folder (authoring mode), loaded at start while
    /// `authoring` is on.
    #[ts(type = "string | null")]
    pub local_pack: Option<PathBuf>,
    /// Authoring mode: an unsigned local pack folder may be loaded (every screen then
    /// says so). Off unless turned on: practitioners use signed packs.
    pub authoring: bool,
    pub theme: Theme,
    /// Page zoom in percent (100 to 300).
    pub zoom: u16,
    /// Single-key shortcuts in the walk (1–9, then a–z, to answer or tick). On unless
    /// turned off (WCAG 2.1.4: a speech-input user's words must not fire them).
    pub shortcuts: bool,
    /// Records lock after this many minutes without use (1 to 60).
    pub lock_minutes: u16,
    /// Records with a referral are due for deletion this many days after it (7 to 3650).
    pub keep_referred_days: u32,
    /// Other records are due this many days after they last changed (7 to 3650).
    pub keep_other_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let retention = store::RetentionPolicy::default();
        Settings {
            agency: None,
            lead_name: String::new(),
            lead_phone: String::new(),
            local_pack: None,
            authoring: false,
            theme: Theme::System,
            zoom: 100,
            shortcuts: true,
            lock_minutes: (store::LockSettings::default().idle_seconds / 60) as u16,
            keep_referred_days: retention.after_referral_days,
            keep_other_days: retention.otherwise_days,
        }
    }
}

impl Settings {
    pub fn zoom_factor(&self) -> f64 {
        f64::from(self.zoom.clamp(50, 300)) / 100.0
    }

    /// Brings every number into its allowed range.
    pub fn clamped(mut self) -> Settings {
        self.zoom = self.zoom.clamp(50, 300);
        self.lock_minutes = self.lock_minutes.clamp(1, 60);
        self.keep_referred_days = self.keep_referred_days.clamp(7, 3650);
        self.keep_other_days = self.keep_other_days.clamp(7, 3650);
        self
    }

    pub fn lock_settings(&self) -> store::LockSettings {
        store::LockSettings { idle_seconds: u64::from(self.lock_minutes.clamp(1, 60)) * 60 }
    }

    pub fn retention(&self) -> store::RetentionPolicy {
        store::RetentionPolicy { after_referral_days: self.keep_referred_days, otherwise_days: self.keep_other_days }
    }

    /// Reads the settings file; a missing or unreadable file gives the defaults (first run).
    pub fn read(path: &Path) -> Settings {
        std::fs::read(path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// Writes the settings file atomically (a temporary file, then a rename), readable
    /// only by the user.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp: PathBuf = path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options.open(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults_on_missing_or_broken_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.json");
        assert_eq!(Settings::read(&path), Settings::default());
        let s = Settings {
            agency: Some("school".into()),
            lead_name: "A Lead".into(),
            lead_phone: "020 7946 0999".into(),
            local_pack: Some("/x".into()),
            theme: Theme::Dark,
            zoom: 200,
            lock_minutes: 2,
            ..Settings::default()
        };
        s.write(&path).unwrap();
        assert_eq!(Settings::read(&path), s);
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(Settings::read(&path), Settings::default());
        std::fs::write(&path, br#"{"agency":"police"}"#).unwrap();
        assert_eq!(Settings::read(&path).agency.as_deref(), Some("police"));
        assert_eq!(Settings::read(&path).zoom, 100);
        assert_eq!(Settings::read(&path).lock_minutes, 5, "settings files from before records get the defaults");
        assert!(Settings::read(&path).shortcuts, "single-key shortcuts are on unless turned off");
        let off = Settings { shortcuts: false, ..Settings::default() };
        off.write(&path).unwrap();
        assert!(!Settings::read(&path).shortcuts, "turned off, they stay off");
        assert!(!Settings::read(&path).authoring, "authoring mode is off unless turned on");
        let wild = Settings { zoom: 900, lock_minutes: 0, keep_referred_days: 1, keep_other_days: 99_999, ..Settings::default() }.clamped();
        assert_eq!((wild.zoom, wild.lock_minutes, wild.keep_referred_days, wild.keep_other_days), (300, 1, 7, 3650));
    }
}
