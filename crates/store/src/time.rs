//! Times as the file keeps them: UTC milliseconds (fixed width, cheap to sort and
//! compare). The API speaks `jiff::Timestamp`, which serialises as RFC 3339.
//! Deadlines are the practitioner's local civil time, kept as fixed-width text.

use jiff::civil::DateTime;
use jiff::Timestamp;
use rusqlite::types::Type;

/// Now, to the millisecond, so a time read back equals the one written.
pub fn now() -> Timestamp {
    from_ms(Timestamp::now().as_millisecond()).expect("the clock is within jiff's range")
}

pub fn from_ms(ms: i64) -> Option<Timestamp> {
    Timestamp::from_millisecond(ms).ok()
}

/// Reads a millisecond column; an impossible value is a damaged file.
pub fn column(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Timestamp> {
    let ms: i64 = row.get(idx)?;
    from_ms(ms).ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(idx, Type::Integer, "time out of range".into()))
}

/// A deadline as the file keeps it: `2026-12-02T17:00:00`, to the second, so that text
/// order is time order.
pub fn civil_text(t: DateTime) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A deadline to the second, as it reads back from the file.
#[cfg(feature = "pathway")]
pub fn to_second(t: DateTime) -> DateTime {
    t.with().subsec_nanosecond(0).build().expect("dropping the fraction of a second stays in range")
}

/// Reads a deadline column; text that is not a time is a damaged file.
pub fn civil_column(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime>> {
    let Some(text) = row.get::<_, Option<String>>(idx)? else { return Ok(None) };
    text.parse().map(Some).map_err(|_| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, "not a local time".into()))
}
