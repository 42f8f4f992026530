//! Times as the file keeps them: UTC milliseconds (fixed width, cheap to sort and
//! compare). The API speaks `jiff::Timestamp`, which serialises as RFC 3339.

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
