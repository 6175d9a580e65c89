//! The accounts of one app: account ↔ uuid, compact enough for millions of members.
//!
//! Accounts live in one byte arena, indexed by a hash table of user indices (no string is stored
//! twice), and a uuid is a bijective scramble of the user's index: uuid → account needs no map.

use hashbrown::HashTable;
use std::hash::{BuildHasher, RandomState};

/// Every uuid is at or above this, so any client that routes one through a JS number
/// (exact only below 2^53) corrupts it visibly.
const UUID_BASE: u64 = 1 << 60;
/// Odd multiplier: multiplication by it is a bijection on u32, so uuids are unique and
/// scattered (their order is not join order, as with real uuids).
const SCRAMBLE: u32 = 0x9E37_79B1;
/// The multiplicative inverse of `SCRAMBLE` modulo 2^32.
const UNSCRAMBLE: u32 = inverse(SCRAMBLE);

const fn inverse(a: u32) -> u32 {
    // Newton's iteration doubles the correct low bits each step: 5 steps cover 32 bits.
    let mut x = a;
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u32.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

/// The accounts of one app.
pub struct Users {
    /// Distinguishes this app's uuids from other apps'.
    app_tag: u64,
    arena: String,
    /// `ends[i]` is where account `i` ends in the arena (it starts where `i - 1` ends).
    ends: Vec<u32>,
    index: HashTable<u32>,
    hasher: RandomState,
}

impl Users {
    /// An empty table for the app with this position in the app list.
    pub fn new(app_position: u16) -> Self {
        Users {
            app_tag: u64::from(app_position) << 32,
            arena: String::new(),
            ends: Vec::new(),
            index: HashTable::new(),
            hasher: RandomState::new(),
        }
    }

    /// How many accounts exist.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no account yet.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The account of user `i`.
    fn account_at(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }

    fn uuid_of_index(&self, i: u32) -> u64 {
        UUID_BASE | self.app_tag | u64::from(i.wrapping_mul(SCRAMBLE))
    }

    /// The uuid of an existing account.
    pub fn uuid(&self, account: &str) -> Option<u64> {
        let hash = self.hasher.hash_one(account);
        self.index
            .find(hash, |&i| self.account_at(i) == account)
            .map(|&i| self.uuid_of_index(i))
    }

    /// The uuid of an account, creating the user on first sight (as the real service does on
    /// first login).
    pub fn uuid_or_create(&mut self, account: &str) -> u64 {
        if let Some(uuid) = self.uuid(account) {
            return uuid;
        }
        let i = self.ends.len() as u32;
        self.arena.push_str(account);
        self.ends.push(self.arena.len() as u32);
        let hash = self.hasher.hash_one(account);
        let (arena, ends, hasher) = (&self.arena, &self.ends, &self.hasher);
        self.index.insert_unique(hash, i, |&j| {
            let j = j as usize;
            let start = if j == 0 { 0 } else { ends[j - 1] as usize };
            hasher.hash_one(&arena[start..ends[j] as usize])
        });
        self.uuid_of_index(i)
    }

    /// The account behind a uuid of this app, if there is one.
    pub fn account(&self, uuid: u64) -> Option<&str> {
        if uuid & !0xFFFF_FFFF != UUID_BASE | self.app_tag {
            return None;
        }
        let i = (uuid as u32).wrapping_mul(UNSCRAMBLE);
        ((i as usize) < self.ends.len()).then(|| self.account_at(i))
    }

    /// Every account in creation order (for snapshots).
    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|i| self.account_at(i))
    }

    /// Bytes held, for the memory benchmark.
    pub fn heap_bytes(&self) -> usize {
        self.arena.capacity() + self.ends.capacity() * 4 + self.index.capacity() * 5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_and_uuids_map_both_ways() {
        let mut users = Users::new(3);
        let a = users.uuid_or_create("alice");
        let b = users.uuid_or_create("小米用户");
        assert_eq!(users.uuid_or_create("alice"), a);
        assert_ne!(a, b);
        assert!(a > 1 << 53 && b > 1 << 53);
        assert_eq!(users.account(a), Some("alice"));
        assert_eq!(users.account(b), Some("小米用户"));
        assert_eq!(users.account(a + 12345), None);
        assert_eq!(Users::new(4).account(a), None);
        assert_eq!(users.uuid("bob"), None);
        assert_eq!(users.len(), 2);
    }

    #[test]
    fn scramble_is_a_bijection() {
        assert_eq!(SCRAMBLE.wrapping_mul(UNSCRAMBLE), 1);
    }
}
