//! Deterministic randomness: every generated value is derived from the configured seed and a
//! named stream, so the same seed gives the same data, and adding an account leaves the others
//! unchanged.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// A stable 64-bit hash (FNV-1a, then a SplitMix64 finish), independent of Rust versions.
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in *part {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    splitmix(hash)
}

fn splitmix(mut value: u64) -> u64 {
    value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
    value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// A uniform number in [0, 1) from a hash.
pub fn unit_interval(hash: u64) -> f64 {
    (hash >> 11) as f64 / (1u64 << 53) as f64
}

/// A seeded random stream with the helpers generation needs.
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// The stream `name`/`index` of `seed`.
    pub fn new(seed: u64, name: &str, index: u64) -> Dice {
        Dice(ChaCha8Rng::seed_from_u64(stable_hash(&[
            &seed.to_le_bytes(),
            name.as_bytes(),
            &index.to_le_bytes(),
        ])))
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.0.gen_range(0..items.len())]
    }

    /// A number in `low..high` (half-open).
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            low
        } else {
            self.0.gen_range(low..high)
        }
    }

    pub fn float(&mut self, low: f64, high: f64) -> f64 {
        self.0.gen_range(low..high)
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.0.gen_bool(probability.clamp(0.0, 1.0))
    }

    pub fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.0.r#gen()).into_uuid()
    }

    /// `count` decimal digits, the first not zero.
    pub fn digits(&mut self, count: usize) -> String {
        (0..count)
            .map(|position| char::from(b'0' + self.range(u64::from(position == 0), 10) as u8))
            .collect()
    }

    /// `count` upper-case letters.
    pub fn letters(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| char::from(b'A' + self.range(0, 26) as u8))
            .collect()
    }

    /// A URL-safe secret of `length` characters.
    pub fn secret(&mut self, length: usize) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.";
        (0..length).map(|_| char::from(*self.pick(ALPHABET))).collect()
    }

    /// The underlying generator (for keys).
    pub fn rng(&mut self) -> &mut ChaCha8Rng {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_stream_gives_the_same_values() {
        let mut first = Dice::new(7, "customers", 1);
        let mut second = Dice::new(7, "customers", 1);
        assert_eq!(first.uuid(), second.uuid());
        assert_eq!(first.digits(7), second.digits(7));
        assert_ne!(
            Dice::new(7, "customers", 2).uuid(),
            Dice::new(7, "customers", 1).uuid()
        );
    }

    #[test]
    fn stable_hash_is_fixed_across_builds() {
        assert_eq!(stable_hash(&[b"switchboard"]), stable_hash(&[b"switchboard"]));
        assert_ne!(stable_hash(&[b"a", b"b"]), stable_hash(&[b"ab"]));
        let unit = unit_interval(stable_hash(&[b"x"]));
        assert!((0.0..1.0).contains(&unit));
    }
}
