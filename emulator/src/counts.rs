//! The request counts of `GET /emulator/requests`: in all, by route, and by the group a request
//! names. What they keep does not grow with traffic, only with the groups that exist: an emulator
//! left up for hours under fuzzing names ids and paths without end.

use crate::shapes::RequestCounts;
use http::Method;
use lru::LruCache;
use std::collections::{BTreeMap, HashMap};

/// Counts by `METHOD /path`.
type ByRoute = BTreeMap<String, u64>;

/// A route or id that is not the API's own is kept cut to this many bytes (no id is over 20).
const KEY_LIMIT: usize = 256;

/// Requests received by the API: in all, by `METHOD /path`, and by the group they name (a
/// normal group's path, the `topicId` header, or the body). Counts by group are only of
/// requests to the API's routes.
pub struct Counter {
    total: u64,
    /// The API's routes with a standard method: at most 9 × 8 keys.
    by_route: ByRoute,
    /// Any other `METHOD /path` (a 404, an extension method): only the most recent.
    other_routes: Recent<u64>,
    /// By the id of a group that exists; moved to `other_topics` when it is deleted.
    by_group: HashMap<u64, ByRoute>,
    /// By any other `topicId` (a deleted group, an id that never existed, one not in canonical
    /// decimal form): only the most recent.
    other_topics: Recent<ByRoute>,
}

impl Counter {
    /// No counts; of routes and ids that are not the API's or a group's, `capacity` are kept.
    pub fn new(capacity: usize) -> Self {
        Counter {
            total: 0,
            by_route: ByRoute::new(),
            other_routes: Recent::new(capacity),
            by_group: HashMap::new(),
            other_topics: Recent::new(capacity),
        }
    }

    /// Counts a request: `topic` is the `topicId` it names, `group` that id when it names a group
    /// that exists (in canonical form: [`group_id`]); `api_route` whether it is one of the API's
    /// routes with a method HTTP defines (a set of known size).
    pub fn record(
        &mut self,
        method: &Method,
        path: &str,
        topic: Option<&str>,
        group: Option<u64>,
        api_route: bool,
    ) {
        self.total += 1;
        let route = format!("{method} {path}");
        if !api_route {
            // Not counted by group: per group, the keys would grow with every path tried.
            if let Some(count) = self.other_routes.entry(&route) {
                *count += 1;
            }
            return;
        }
        *self.by_route.entry(route.clone()).or_default() += 1;
        let by_route = match (group, topic) {
            (Some(id), _) => Some(self.by_group.entry(id).or_default()),
            (None, Some(topic)) => self.other_topics.entry(topic),
            (None, None) => None,
        };
        if let Some(by_route) = by_route {
            *by_route.entry(route).or_default() += 1;
        }
    }

    /// The group was deleted: its counts are kept only as long as those of ids that never named
    /// a group.
    pub fn forget_group(&mut self, id: u64) {
        let Some(counts) = self.by_group.remove(&id) else {
            return;
        };
        if let Some(kept) = self.other_topics.entry(&id.to_string()) {
            for (route, n) in counts {
                *kept.entry(route).or_default() += n;
            }
        }
    }

    /// Forgets every count; the capacity stays.
    pub fn clear(&mut self) {
        *self = Counter::new(self.other_routes.capacity);
    }

    /// Keeps this many routes and ids that are not the API's or a group's from now on.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.other_routes.set_capacity(capacity);
        self.other_topics.set_capacity(capacity);
    }

    /// `{total, byRoute}`; with a topic, only requests whose `topicId` named it.
    pub fn counts(&self, topic: Option<&str>) -> RequestCounts {
        let Some(topic) = topic else {
            let mut by_route = self.by_route.clone();
            for (route, n) in self.other_routes.iter() {
                *by_route.entry(route.clone()).or_default() += n;
            }
            return RequestCounts {
                total: self.total,
                by_route,
            };
        };
        let mut by_route = ByRoute::new();
        let group = group_id(topic).and_then(|id| self.by_group.get(&id));
        for counts in group.into_iter().chain(self.other_topics.get(topic)) {
            for (route, n) in counts {
                *by_route.entry(route.clone()).or_default() += n;
            }
        }
        RequestCounts {
            total: by_route.values().sum(),
            by_route,
        }
    }
}

/// The id a `topicId` names when it is in the form the service gives ids (decimal digits, no
/// sign or leading zero): only then are its counts a group's, so that one group has one key.
pub fn group_id(topic: &str) -> Option<u64> {
    let canonical =
        topic.bytes().all(|b| b.is_ascii_digit()) && !(topic.len() > 1 && topic.starts_with('0'));
    canonical.then(|| topic.parse().ok()).flatten()
}

/// The `capacity` keys most recently counted, with their values.
struct Recent<V> {
    // Unbounded to lru (whose bounded form allocates its whole capacity up front); the
    // capacity is kept here.
    cache: LruCache<String, V>,
    capacity: usize,
}

impl<V: Default> Recent<V> {
    fn new(capacity: usize) -> Self {
        Recent {
            cache: LruCache::unbounded(),
            capacity,
        }
    }

    /// The key's value (a new one when it is not kept), unless nothing is kept.
    fn entry(&mut self, key: &str) -> Option<&mut V> {
        if self.capacity == 0 {
            return None;
        }
        let mut end = key.len().min(KEY_LIMIT);
        while !key.is_char_boundary(end) {
            end -= 1;
        }
        if !self.cache.contains(&key[..end]) && self.cache.len() >= self.capacity {
            self.cache.pop_lru();
        }
        Some(self.cache.get_or_insert_mut_ref(&key[..end], V::default))
    }

    fn get(&self, key: &str) -> Option<&V> {
        self.cache.peek(key)
    }

    fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.cache.iter()
    }

    fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        while self.cache.len() > capacity {
            self.cache.pop_lru();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_canonical_ids_name_groups() {
        assert_eq!(group_id("12"), Some(12));
        assert_eq!(group_id("0"), Some(0));
        for other in ["012", "+12", " 12", "", "1a", "99999999999999999999"] {
            assert_eq!(group_id(other), None, "{other:?}");
        }
    }

    #[test]
    fn the_least_recent_key_goes_first() {
        let mut recent = Recent::<u64>::new(2);
        *recent.entry("a").unwrap() += 1;
        *recent.entry("b").unwrap() += 1;
        *recent.entry("a").unwrap() += 1;
        *recent.entry("c").unwrap() += 1;
        assert_eq!(recent.get("a"), Some(&2));
        assert_eq!(recent.get("b"), None);
        assert_eq!(recent.get("c"), Some(&1));
        recent.set_capacity(0);
        assert!(recent.entry("d").is_none());
        assert_eq!(recent.cache.len(), 0);
        let long = "é".repeat(200);
        let mut recent = Recent::<u64>::new(1);
        *recent.entry(&long).unwrap() += 1;
        assert_eq!(recent.iter().next().unwrap().0.len(), KEY_LIMIT);
    }
}
