//! Locking after idle time. The lock itself is the app dropping its `Store` (which
//! closes the file and with it SQLCipher's key); this only decides when. It takes
//! the time as an argument, so it is tested without a window or a real clock.

use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// The user's setting: lock after this many idle seconds (default 5 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockSettings {
    pub idle_seconds: u64,
}

impl Default for LockSettings {
    fn default() -> Self {
        LockSettings { idle_seconds: 5 * 60 }
    }
}

/// Tracks activity and says when the idle time has run out.
#[derive(Debug, Clone)]
pub struct IdleLock {
    timeout: Duration,
    last_activity: Instant,
}

impl IdleLock {
    pub fn new(settings: LockSettings, now: Instant) -> Self {
        IdleLock { timeout: Duration::from_secs(settings.idle_seconds), last_activity: now }
    }

    /// The user did something (a key, a click, a command): the countdown starts again.
    pub fn touch(&mut self, now: Instant) {
        self.last_activity = self.last_activity.max(now);
    }

    /// True once the idle time has passed: time to drop the store.
    pub fn is_due(&self, now: Instant) -> bool {
        self.remaining(now).is_zero()
    }

    /// Time left before the lock, for a timer or a countdown.
    pub fn remaining(&self, now: Instant) -> Duration {
        self.timeout.saturating_sub(now.saturating_duration_since(self.last_activity))
    }

    pub fn set(&mut self, settings: LockSettings) {
        self.timeout = Duration::from_secs(settings.idle_seconds);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_five_idle_minutes_by_default() {
        let t0 = Instant::now();
        let lock = IdleLock::new(LockSettings::default(), t0);
        assert!(!lock.is_due(t0 + Duration::from_secs(299)));
        assert!(lock.is_due(t0 + Duration::from_secs(300)));
    }

    #[test]
    fn activity_restarts_the_countdown() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(LockSettings { idle_seconds: 60 }, t0);
        lock.touch(t0 + Duration::from_secs(50));
        assert!(!lock.is_due(t0 + Duration::from_secs(100)));
        assert_eq!(lock.remaining(t0 + Duration::from_secs(100)), Duration::from_secs(10));
        // A stale event (an older instant) does not move the countdown back.
        lock.touch(t0);
        assert!(lock.is_due(t0 + Duration::from_secs(110)));
    }

    #[test]
    fn a_shorter_setting_applies_at_once() {
        let t0 = Instant::now();
        let mut lock = IdleLock::new(LockSettings::default(), t0);
        lock.set(LockSettings { idle_seconds: 30 });
        assert!(lock.is_due(t0 + Duration::from_secs(30)));
    }
}
