//! Example numbers must never ring a real person: Ofcom keeps ranges for drama use.

/// The ranges the contract allows for invented numbers: 020 7946 0000–0999 and
/// 0117 496 0000–0999 (Ofcom's drama numbers for London and Bristol).
const DRAMA_PREFIXES: [&str; 2] = ["0207946", "01174960"];

/// The digits of a UK number, with `+44` written as a leading `0`.
fn national_digits(value: &str) -> String {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("44") {
        Some(rest) if value.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    }
}

pub fn is_drama_number(value: &str) -> bool {
    let digits = national_digits(value);
    digits.len() == 11 && DRAMA_PREFIXES.iter().any(|p| digits.starts_with(p)) && digits.as_bytes()[7] == b'0'
}

/// An example contact's value is safe when it is a drama number, or an e-mail address
/// or web address on a domain reserved for examples (RFC 2606).
pub fn is_safe_example(value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    let host = match v.split_once('@') {
        Some((_, domain)) => Some(domain.to_string()),
        None => v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")).map(|rest| rest.split('/').next().unwrap_or_default().to_string()),
    };
    match host {
        Some(host) => {
            ["example.org", "example.com", "example.net"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}"))) || host.ends_with(".example")
        }
        None => is_drama_number(&v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drama_ranges_only() {
        assert!(is_drama_number("020 7946 0000"));
        assert!(is_drama_number("020 7946 0999"));
        assert!(is_drama_number("+44 20 7946 0123"));
        assert!(is_drama_number("0117 496 0500"));
        assert!(!is_drama_number("020 7946 1000"));
        assert!(!is_drama_number("0117 496 1000"));
        assert!(!is_drama_number("0808 800 5000"));
        assert!(!is_drama_number("020 7946 000"));
        assert!(!is_drama_number("999"));
    }

    #[test]
    fn example_addresses_use_reserved_domains() {
        assert!(is_safe_example("lado@northbrook.example.org"));
        assert!(is_safe_example("https://northbrook.example/refer"));
        assert!(!is_safe_example("lado@northbrook.gov.uk"));
        assert!(!is_safe_example("0300 123 4567"));
    }
}
