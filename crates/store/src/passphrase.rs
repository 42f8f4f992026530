//! Passphrase rules: a minimum length, and a strength hint for the screen that sets one.
//!
//! Length is what matters against offline guessing of a lost laptop's file, so that is
//! the rule; the hint nudges towards the NCSC's "three random words" without a
//! dictionary (which would add megabytes for little gain here).

use crate::error::{Result, StoreError};
use serde::{Deserialize, Serialize};

/// The shortest passphrase accepted when one is set or changed.
pub const MIN_LEN: usize = 12;

/// How strong a passphrase looks, for a meter beside the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    TooShort,
    Weak,
    Fair,
    Strong,
}

/// The strength and a sentence saying how to improve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrengthHint {
    pub strength: Strength,
    pub hint: String,
}

/// Rates a passphrase. Never stores or logs it.
pub fn strength(passphrase: &str) -> StrengthHint {
    let chars: Vec<char> = passphrase.chars().collect();
    let len = chars.len();
    let classes = [
        chars.iter().any(|c| c.is_lowercase()),
        chars.iter().any(|c| c.is_uppercase()),
        chars.iter().any(|c| c.is_numeric()),
        chars.iter().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|&&b| b)
    .count();
    let words = passphrase.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).count();

    let (strength, hint) = if len < MIN_LEN {
        (Strength::TooShort, format!("use at least {MIN_LEN} characters; three random words work well"))
    } else if looks_trivial(passphrase) {
        (Strength::Weak, "avoid repeated or consecutive characters; try three random words".to_string())
    } else if len >= 20 && (words >= 3 || classes >= 3) {
        (Strength::Strong, "a strong passphrase".to_string())
    } else if len >= 16 || classes >= 3 || words >= 3 {
        (Strength::Fair, "longer is stronger: add another random word".to_string())
    } else {
        (Strength::Weak, "add words or mix in digits and symbols; three random words work well".to_string())
    };
    StrengthHint { strength, hint }
}

/// Accepts a passphrase for a new file or a rekey, or says why not: it must be at
/// least [`MIN_LEN`] characters and not trivial. A weak rating alone only warns.
pub fn check(passphrase: &str) -> Result<()> {
    let len = passphrase.chars().count();
    if len < MIN_LEN || looks_trivial(passphrase) {
        return Err(StoreError::WeakPassphrase { min_len: MIN_LEN, len, hint: strength(passphrase).hint });
    }
    Ok(())
}

/// Long but worthless: few distinct characters, or a run like "abcdefghijkl".
fn looks_trivial(passphrase: &str) -> bool {
    let chars: Vec<char> = passphrase.chars().collect();
    let mut distinct = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.len() < 6 || is_sequence(&chars)
}

/// Every step between neighbours is the same (+1, -1 or 0): "123456789012" is not.
fn is_sequence(chars: &[char]) -> bool {
    let steps: Vec<i64> = chars.windows(2).map(|w| w[1] as i64 - w[0] as i64).collect();
    steps.windows(2).all(|w| w[0] == w[1]) && steps.first().is_some_and(|s| s.abs() <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_is_refused_with_the_minimum() {
        match check("short pass") {
            Err(StoreError::WeakPassphrase { min_len, len, .. }) => assert_eq!((min_len, len), (MIN_LEN, 10)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_but_trivial_is_refused() {
        assert!(check("aaaaaaaaaaaaaaaa").is_err());
        assert!(check("abcdefghijklmnop").is_err());
    }

    #[test]
    fn three_words_pass_and_rate_well() {
        assert!(check("correct horse battery").is_ok());
        assert_eq!(strength("correct horse battery staple").strength, Strength::Strong);
        assert_eq!(strength("abc").strength, Strength::TooShort);
    }

    #[test]
    fn twelve_plain_letters_pass_but_rate_weak() {
        assert!(check("kettleorange").is_ok());
        assert_eq!(strength("kettleorange").strength, Strength::Weak);
    }
}
