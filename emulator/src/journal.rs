//! The request journal: what clients sent (method, path, headers, body), so tests can assert on
//! the requests and not only on the answers. Secrets are redacted before anything is kept.

use crate::exchange::{Body, Request};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};

/// How many entries the journal keeps by default; older ones are dropped first.
pub const CAPACITY: usize = 10_000;

/// Bodies longer than this are kept cut to it, with `bodyTruncated: true`.
pub const BODY_LIMIT: usize = 64 * 1024;

/// At most this many bytes of entries are kept, whatever the capacity: 10,000 entries of
/// 64 KiB bodies would be 640 MB, and a page's wasm memory never gives any back. Ordinary
/// requests (about 1 KB an entry from Node's fetch, as `JournalEntry::bytes` counts) reach the capacity
/// first: 10,000 of them are about 10 MB.
pub const BYTE_LIMIT: usize = 32 * 1024 * 1024;

const REDACTED: &str = "<redacted>";

/// Headers and top-level body keys whose values are never kept (compared in any case).
const SECRETS: [&str; 3] = ["token", "appKey", "appSecret"];

fn is_secret(name: &str) -> bool {
    SECRETS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// One API request as received.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(hashmap_as_object, missing_as_null))]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// 1-based and increasing; restarts only when the journal is cleared.
    seq: u64,
    method: String,
    /// As routed: without the query, and without a trailing slash (like the request counts).
    path: String,
    /// Lower-cased names; a repeated header's values joined with ", ".
    headers: BTreeMap<String, String>,
    /// The body as text (UTF-8, lossy); null when empty.
    body: Option<String>,
    /// The body shown is not all of it (longer than [`BODY_LIMIT`], or never read whole).
    body_truncated: bool,
    /// The group the request is about, as the request counts determine it.
    topic_id: Option<String>,
}

impl JournalEntry {
    /// About how many bytes it holds, for [`BYTE_LIMIT`].
    fn bytes(&self) -> usize {
        let text = |s: &String| std::mem::size_of::<String>() + s.len();
        std::mem::size_of::<JournalEntry>()
            + self.method.len()
            + self.path.len()
            + self
                .headers
                .iter()
                .map(|(name, value)| text(name) + text(value))
                .sum::<usize>()
            + self.body.as_ref().map_or(0, String::len)
            + self.topic_id.as_ref().map_or(0, String::len)
    }

    /// An entry for a request (its seq is given when it is recorded).
    pub fn new(request: &Request, path: &str, topic_id: Option<String>) -> Self {
        let mut headers = BTreeMap::<String, String>::new();
        for (name, value) in &request.headers {
            let value = if is_secret(name.as_str()) {
                REDACTED.into()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            headers
                .entry(name.as_str().to_owned())
                .and_modify(|v| {
                    v.push_str(", ");
                    v.push_str(&value);
                })
                .or_insert(value);
        }
        let (body, body_truncated) = body_text(&request.body);
        JournalEntry {
            seq: 0,
            method: request.method.as_str().to_owned(),
            path: path.to_owned(),
            headers,
            body,
            body_truncated,
            topic_id,
        }
    }
}

/// The body as it may be shown: secrets redacted, cut to [`BODY_LIMIT`].
fn body_text(body: &Body) -> (Option<String>, bool) {
    let (mut text, mut truncated) = match body.whole() {
        Some([]) => return (None, false),
        Some(bytes) => match redact_json(bytes) {
            Redacted::Object(text) => (text, false),
            Redacted::Clean => (String::from_utf8_lossy(bytes).into_owned(), false),
            Redacted::NotAnObject => (withheld_if_named(bytes), false),
        },
        None if body.read().is_empty() => return (None, true),
        // Only a prefix was read, and cut-off JSON cannot be parsed to find the secrets in it.
        None => (withheld_if_named(body.read()), true),
    };
    if text.len() > BODY_LIMIT {
        let mut end = BODY_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        truncated = true;
    }
    (Some(text), truncated)
}

/// What redaction made of a body.
enum Redacted {
    /// A JSON object with secrets, redacted and re-serialised in the original key order
    /// (serde_json's `preserve_order`).
    Object(String),
    /// A JSON object with no secret value: kept exactly as sent.
    Clean,
    /// Not a JSON object: its secrets cannot be found by key.
    NotAnObject,
}

fn redact_json(bytes: &[u8]) -> Redacted {
    let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(bytes) else {
        return Redacted::NotAnObject;
    };
    let mut redacted = false;
    for (key, value) in body.iter_mut() {
        // Any non-null value: the token service takes a number as its text, so a numeric
        // secret is still a secret.
        if is_secret(key) && !value.is_null() {
            *value = Value::String(REDACTED.into());
            redacted = true;
        }
    }
    match redacted {
        true => Redacted::Object(Value::Object(body).to_string()),
        false => Redacted::Clean,
    }
}

/// A body whose secrets cannot be found by key (not a JSON object, or cut off): shown as sent
/// unless it names a secret key anywhere (`appKey=…` form data too), then withheld whole rather
/// than risk showing one.
fn withheld_if_named(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let lower = text.to_ascii_lowercase();
    match SECRETS
        .iter()
        .any(|s| lower.contains(&s.to_ascii_lowercase()))
    {
        true => REDACTED.into(),
        false => text,
    }
}

/// The last [`CAPACITY`] API requests (fewer when they hold over [`BYTE_LIMIT`]), oldest first.
#[derive(Debug)]
pub struct Journal {
    entries: VecDeque<JournalEntry>,
    /// What `entries` hold, by [`JournalEntry::bytes`].
    bytes: usize,
    last_seq: u64,
    capacity: usize,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            entries: VecDeque::new(),
            bytes: 0,
            last_seq: 0,
            capacity: CAPACITY,
        }
    }
}

impl Journal {
    /// Appends an entry with the next seq, dropping the oldest past the capacity or the bytes.
    pub fn record(&mut self, mut entry: JournalEntry) {
        self.last_seq += 1;
        entry.seq = self.last_seq;
        self.bytes += entry.bytes();
        self.entries.push_back(entry);
        self.trim();
    }

    /// Forgets every entry; seq starts again from 1. The capacity is configuration: it stays.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
        self.last_seq = 0;
    }

    /// How many entries it holds now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// About how many bytes its entries hold (never over [`BYTE_LIMIT`] but for the newest).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// How many entries it keeps.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Keeps at most this many entries from now on.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity;
        self.trim();
    }

    fn trim(&mut self) {
        // The newest stays even alone over the byte limit: an entry is at most ~64 KiB of body
        // and the headers the adapter let through.
        while self.entries.len() > self.capacity
            || (self.bytes > BYTE_LIMIT && self.entries.len() > 1)
        {
            if let Some(dropped) = self.entries.pop_front() {
                self.bytes -= dropped.bytes();
            }
        }
    }

    /// The entries that pass a filter, oldest first.
    pub fn select<'a>(
        &'a self,
        filter: &'a JournalFilter,
    ) -> impl Iterator<Item = &'a JournalEntry> {
        self.entries.iter().filter(|e| filter.matches(e))
    }
}

/// `GET /emulator/journal`'s query: every condition given must hold.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalFilter {
    /// Only requests about this group (from JavaScript, an id in any form `TopicId` takes).
    #[cfg_attr(feature = "typescript", tsify(optional, type = "TopicId"))]
    topic_id: Option<String>,
    /// Only requests to this path (a trailing slash is ignored).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    path: Option<String>,
    /// Only requests with this method (any case).
    #[cfg_attr(feature = "typescript", tsify(optional))]
    method: Option<String>,
    /// Only entries after this seq: what came since a test last looked.
    #[cfg_attr(feature = "typescript", tsify(optional))]
    since: Option<u64>,
}

impl JournalFilter {
    fn matches(&self, entry: &JournalEntry) -> bool {
        self.topic_id
            .as_deref()
            .is_none_or(|t| entry.topic_id.as_deref() == Some(t.trim()))
            && self
                .path
                .as_deref()
                .is_none_or(|p| p.trim_end_matches('/') == entry.path)
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(&entry.method))
            && self.since.is_none_or(|s| entry.seq > s)
    }
}
