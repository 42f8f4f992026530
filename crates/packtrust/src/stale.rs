//! How old a pack is. A pack is never refused for its age: during a visit an old number
//! with a warning beats no number.

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Staleness {
    /// Before (or on) its review-by date, and not expired.
    Current,
    /// After its review-by date: its contacts carry a visible warning.
    ReviewOverdue,
    /// After its expiry date: every contact from it says it may be out of date and to
    /// check before calling.
    Expired,
}

impl Staleness {
    /// From a pack's dates and today. The dates are the last day each holds: a pack
    /// reviewed by 31 May is current on 31 May and overdue on 1 June.
    pub fn of(review_by: Date, expires: Option<Date>, today: Date) -> Staleness {
        if expires.is_some_and(|e| today > e) {
            Staleness::Expired
        } else if today > review_by {
            Staleness::ReviewOverdue
        } else {
            Staleness::Current
        }
    }

    /// For a loaded pack (dates as the engine holds them).
    pub fn of_pack(info: &pathway::PackInfo, today: Date) -> Staleness {
        if info.expired(today) {
            Staleness::Expired
        } else if info.review_overdue(today) {
            Staleness::ReviewOverdue
        } else {
            Staleness::Current
        }
    }

    /// The warning to show beside each contact from the pack, if any.
    pub fn contact_warning(&self, info: &pathway::PackInfo) -> Option<String> {
        match self {
            Staleness::Current => None,
            Staleness::ReviewOverdue => Some(format!("{} was due for review by {}. This number may have changed since; if you can, check it.", info.name, info.review_by)),
            Staleness::Expired => Some(format!(
                "{} expired on {}. This number may be out of date: check it before calling if you can, and tell your safeguarding lead the pack needs updating.",
                info.name,
                info.expires.as_deref().unwrap_or("its expiry date")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_are_the_last_day_they_hold() {
        let review = date(2027, 5, 31);
        let expires = Some(date(2027, 11, 30));
        assert_eq!(Staleness::of(review, expires, date(2027, 5, 31)), Staleness::Current);
        assert_eq!(Staleness::of(review, expires, date(2027, 6, 1)), Staleness::ReviewOverdue);
        assert_eq!(Staleness::of(review, expires, date(2027, 11, 30)), Staleness::ReviewOverdue);
        assert_eq!(Staleness::of(review, expires, date(2027, 12, 1)), Staleness::Expired);
        assert_eq!(Staleness::of(review, None, date(2099, 1, 1)), Staleness::ReviewOverdue);
    }
}
