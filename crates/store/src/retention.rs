//! Retention: which records are due for deletion. Deleting them is the caller's
//! choice (the app asks for confirmation; the CLI needs `--yes`), through `purge`.

use crate::error::Result;
use crate::model::RecordSummary;
use crate::read::{self, SUMMARY_COLUMNS};
use jiff::{tz::TimeZone, Timestamp, ToSpan};
use rusqlite::{named_params, Connection};
use serde::{Deserialize, Serialize};

/// How long records are kept. A record with a referral is due `after_referral_days`
/// after the referral's date; any other record `otherwise_days` after it last changed
/// (saved, amended or ticked), since one still being worked on is still in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionPolicy {
    pub after_referral_days: u32,
    pub otherwise_days: u32,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy { after_referral_days: 90, otherwise_days: 180 }
    }
}

impl RetentionPolicy {
    /// One period for both kinds of record (the CLI's `purge --older-than DAYS`).
    pub fn uniform(days: u32) -> Self {
        RetentionPolicy { after_referral_days: days, otherwise_days: days }
    }
}

/// The records due for deletion at `now`, oldest change first.
pub fn due(conn: &Connection, now: Timestamp, policy: &RetentionPolicy) -> Result<Vec<RecordSummary>> {
    // Referral dates are calendar dates; compare them with today's date in UTC.
    let today = now.to_zoned(TimeZone::UTC).date();
    let referral_cutoff = today.checked_sub(i64::from(policy.after_referral_days).days()).unwrap_or(jiff::civil::Date::MIN);
    let change_cutoff = now.as_millisecond().saturating_sub(i64::from(policy.otherwise_days) * 86_400_000);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM records r
          WHERE (r.referral_date IS NOT NULL AND r.referral_date <= :referral_cutoff)
             OR (r.referral_date IS NULL AND r.updated_ms <= :change_cutoff)
          ORDER BY r.updated_ms, r.id"
    ))?;
    let rows = stmt
        .query_map(named_params! { ":referral_cutoff": referral_cutoff.to_string(), ":change_cutoff": change_cutoff }, read::summary)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
