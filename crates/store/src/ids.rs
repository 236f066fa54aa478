//! Opaque identifiers: 26 characters, time-ordered (ULID-like), lowercase Crockford base32.
//! Text ids keep backups portable between SQLite and PostgreSQL (no sequences to reset)
//! and do not reveal how many records exist.

use rand::RngCore;

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new identifier: 48 bits of milliseconds since the epoch, then 80 random bits.
pub fn new_id() -> String {
    let millis = u128::try_from(jiff::Timestamp::now().as_millisecond()).unwrap_or(0);
    let mut random = [0u8; 10];
    rand::rng().fill_bytes(&mut random);
    let mut value: u128 = millis << 80;
    for (i, b) in random.iter().enumerate() {
        value |= u128::from(*b) << (8 * (9 - i));
    }
    let mut out = [0u8; 26];
    for slot in out.iter_mut().rev() {
        *slot = ALPHABET[(value & 31) as usize];
        value >>= 5;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A random secret of `bytes` bytes, hex-encoded (session ids, API tokens, CSRF tokens).
pub fn new_secret(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// Whether a string could be one of our ids (cheap check before hitting the database).
pub fn looks_like_id(s: &str) -> bool {
    s.len() == 26 && s.bytes().all(|b| ALPHABET.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_26_chars_unique_and_recognised() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), 26);
        assert_ne!(a, b);
        assert!(looks_like_id(&a));
        assert!(!looks_like_id("../etc/passwd"));
    }

    #[test]
    fn ids_sort_by_time() {
        let a = new_id();
        std::thread::sleep(std::time::Duration::from_millis(3));
        let b = new_id();
        assert!(a < b);
    }
}
