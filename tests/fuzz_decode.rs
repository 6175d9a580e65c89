//! Fuzzing the answer decoder natively: every endpoint's answer and the envelope, fed valid
//! answers in every documented form, mutations of them, and random bytes. Nothing may panic,
//! every failure must be a typed error naming its call, and every id that decodes must be
//! exactly one the answer spelled out; and the purpose-made JSON parser must agree with
//! serde_json on every text (whether it is JSON, whether it ended early, what it holds).
//! `MIMC_FUZZ_CASES` sets the count (default 100,000; the test command prints it).
#![cfg(not(target_arch = "wasm32"))]

#[path = "fuzz_decode/answers.rs"]
mod answers;

use answers::answer;
use std::panic::{catch_unwind, AssertUnwindSafe};

use fastrand::Rng;
use mimc_uctopic::core::endpoints::AnyEndpoint::{
    self, Groups as G, Members as M, Normal as N, Token as T,
};
use mimc_uctopic::core::envelope::{self, Ignored};
use mimc_uctopic::core::groups::{Groups, OnlineInfo, Topic, TopicInfo, TopicList, UpdatedTopic};
use mimc_uctopic::core::json::{self, Node, Number, Value};
use mimc_uctopic::core::members::{self, Members, RawMemberPage};
use mimc_uctopic::core::normal::{Group, GroupList, NormalGroups};
use mimc_uctopic::core::token::{Token, TokenInfo};
use mimc_uctopic::core::wire::Id;
use mimc_uctopic::core::{Error, ErrorKind};

/// The parser's tree as a serde_json value (numbers by value), to compare with serde_json's.
fn to_serde(node: &Node<'_>) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(Number::Text(text)) => serde_json::from_str(text).unwrap(),
        Value::Number(_) | Value::Other(_) => unreachable!("not from text"),
        Value::String(s) => serde_json::Value::String(s.to_string()),
        Value::Array(items) => items.iter().map(to_serde).collect(),
        Value::Object(members) => serde_json::Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), to_serde(v)))
                .collect(),
        ),
    }
}

/// The parser and serde_json agree on `text`: both read it, to the same value, or both refuse
/// it, and say alike whether it ended early. (serde_json refuses numbers beyond f64, which the
/// parser keeps as text for the shapes to judge.)
fn same_as_serde_json(text: &str) {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(node), Ok(value)) => assert_eq!(&to_serde(node), value, "{text:?}"),
        (_, Err(their)) if their.to_string().starts_with("number out of range") => {}
        (Err(e), Err(their)) => assert_eq!(e.eof, their.is_eof(), "{text:?}: {e:?} / {their}"),
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn the_parser_agrees_with_serde_json() {
    for text in [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "12",
        "-12",
        "1.5",
        "1e3",
        "1E-3",
        "-1.25e+10",
        "18446744073709551616",
        "1e400",
        "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\u7c73\"",
        "\"\\ud83d\\ude00\"",
        "\"小米\"",
        "[]",
        "[1,[2,[3]]]",
        "{}",
        "{\"a\":1,\"a\":2}",
        " { \"k\" : [ true , null ] } ",
        "01",
        "1.",
        ".5",
        "1e",
        "-",
        "+1",
        "tru",
        "nul",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "{\"a\" 1}",
        "\"\\x\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83d\\u0041\"",
        "\"a\u{1}b\"",
        "[1] 2",
        "",
        "   ",
        "\"abc",
        "[1,2",
        "{\"a\":",
        "\"\\u12",
        "1e+",
        "[-]",
    ] {
        same_as_serde_json(text);
    }
    // Every prefix of a value ends early, as serde_json says too.
    let full = r#"{"code":200,"message":"s\"\u00e9","data":{"members":[{"uuid":12,"x":-1.5e3,"b":true,"n":null}],"isEnd":false}}"#;
    for end in 1..full.len() {
        assert!(json::parse(&full[..end]).unwrap_err().eof, "{end}");
        same_as_serde_json(&full[..end]);
    }
    same_as_serde_json(full);
}

/// A mutation of `body`: bytes flipped, cut, inserted, removed or repeated.
fn mutate(rng: &mut Rng, body: &str) -> Vec<u8> {
    let mut bytes = body.as_bytes().to_vec();
    for _ in 0..rng.usize(1..4) {
        let at = rng.usize(0..=bytes.len());
        match rng.u8(0..6) {
            0 if at < bytes.len() => bytes[at] = rng.u8(..),
            1 => bytes.truncate(at),
            2 => bytes.insert(at, b"{}[]\",:0123456789-.eE \\\"u"[rng.usize(0..25)]),
            3 if at < bytes.len() => {
                bytes.remove(at);
            }
            4 => {
                let end = rng.usize(at..=bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.insert(at, rng.u8(..)),
        }
    }
    bytes
}

/// Decodes `body` as the answer to `endpoint`; the ids it decoded, or the error.
fn decode(call: AnyEndpoint, status: u16, body: &str) -> Result<Vec<u64>, Error> {
    let endpoint = call.endpoint();
    fn ids<T>(r: Result<T, Error>, f: impl Fn(&T) -> Vec<Id>) -> Result<Vec<u64>, Error> {
        r.map(|v| f(&v).into_iter().map(|id| id.0).collect())
    }
    match call {
        G(Groups::CreateTopic) => ids(envelope::envelope::<Topic>(endpoint, status, body), |t| {
            vec![t.topic_id, t.owner_uuid]
        }),
        G(Groups::UpdateTopic) => ids(
            envelope::envelope::<UpdatedTopic>(endpoint, status, body),
            |t| vec![t.topic_id, t.owner_uuid],
        ),
        G(Groups::GetTopic) => ids(
            envelope::envelope::<TopicInfo>(endpoint, status, body),
            |t| vec![t.topic_id, t.owner_uuid],
        ),
        G(Groups::OnlineCount) => ids(
            envelope::envelope::<OnlineInfo>(endpoint, status, body),
            |t| vec![t.topic_id],
        ),
        G(Groups::ListTopics) => ids(
            envelope::envelope::<TopicList>(endpoint, status, body),
            |l| l.0.clone(),
        ),
        M(Members::MemberPage) => {
            let raw = envelope::envelope::<RawMemberPage>(endpoint, status, body)?;
            let all: Vec<u64> = raw.members.iter().map(|m| m.uuid.0).collect();
            // The cursor's rules hold on whatever decodes: ascending, each once, above the start.
            if let Ok(page) = members::page_of(Id(0), raw) {
                let uuids: Vec<u64> = page.members.iter().map(|m| m.uuid.0).collect();
                assert!(uuids.windows(2).all(|w| w[0] < w[1]), "{body}");
                assert!(uuids.iter().all(|u| all.contains(u)), "{body}");
            }
            Ok(all)
        }
        T(Token::FetchToken) => {
            envelope::envelope::<TokenInfo>(endpoint, status, body).map(|_| Vec::new())
        }
        G(Groups::DeleteTopic | Groups::MuteMember | Groups::UnmuteMember)
        | N(NormalGroups::QuitGroup | NormalGroups::DismissGroup) => {
            envelope::envelope::<Ignored>(endpoint, status, body).map(|_| Vec::new())
        }
        N(NormalGroups::ListGroups) => ids(
            envelope::envelope::<GroupList>(endpoint, status, body),
            |l| {
                l.0.iter()
                    .flat_map(|g| [g.topic_id, g.owner_uuid])
                    .collect()
            },
        ),
        N(
            NormalGroups::CreateGroup
            | NormalGroups::GetGroup
            | NormalGroups::InviteMembers
            | NormalGroups::KickMembers
            | NormalGroups::UpdateGroup,
        ) => ids(envelope::envelope::<Group>(endpoint, status, body), |g| {
            let info = [g.topic_info.topic_id, g.topic_info.owner_uuid];
            info.into_iter()
                .chain(g.members.iter().map(|m| m.uuid))
                .collect()
        }),
    }
}

/// Checks one decode: no panic; a failure is typed, names its call and keeps secrets out;
/// every decoded id is spelled out in the body as decimal digits.
fn check(call: AnyEndpoint, status: u16, body: &str, expected: Option<&[u64]>) -> bool {
    let endpoint = call.endpoint();
    let outcome = catch_unwind(AssertUnwindSafe(|| decode(call, status, body)));
    let Ok(outcome) = outcome else {
        panic!("the decoder panicked on {endpoint:?} {status} {body:?}");
    };
    match outcome {
        Ok(ids) => {
            if let Some(expected) = expected {
                assert_eq!(ids, expected, "{body}");
            }
            for id in ids {
                assert!(body.contains(&id.to_string()), "id {id} not in {body}");
            }
            true
        }
        Err(e) => {
            assert!(
                matches!(
                    e.kind,
                    ErrorKind::Decode
                        | ErrorKind::Api
                        | ErrorKind::Auth
                        | ErrorKind::Http
                        | ErrorKind::Network
                ),
                "{e}"
            );
            assert_eq!(e.endpoint, Some(endpoint.name()), "{e}");
            assert!(!e.message.is_empty());
            if call == T(Token::FetchToken) {
                assert!(!e.message.contains("\"T\""), "a token in {e}");
            }
            false
        }
    }
}

#[test]
fn fuzz_the_decoder() {
    let cases: usize = std::env::var("MIMC_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let seed = std::env::var("MIMC_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed);
    let mut rng = Rng::with_seed(seed);
    // Every endpoint the library declares; `answer` and `decode` match on each without a
    // wildcard, so a new one does not compile until this suite covers it.
    let endpoints: Vec<AnyEndpoint> = AnyEndpoint::all().collect();
    let mut valid_of = vec![0usize; endpoints.len()];
    let (mut valid, mut mutated, mut random, mut decoded) = (0, 0, 0, 0);
    for case in 0..cases {
        let which = rng.usize(0..endpoints.len());
        let endpoint = endpoints[which];
        let status = [200, 200, 200, 401, 404, 500, 502][rng.usize(0..7)];
        match case % 3 {
            0 => {
                let (body, ids) = answer(&mut rng, endpoint);
                // A valid answer decodes, with exactly the ids it carries, at any 2xx status.
                assert!(check(endpoint, 200, &body, Some(&ids)), "{body}");
                valid += 1;
                valid_of[which] += 1;
            }
            1 => {
                let (body, _) = answer(&mut rng, endpoint);
                let bytes = mutate(&mut rng, &body);
                let text = String::from_utf8_lossy(&bytes);
                same_as_serde_json(&text);
                decoded += usize::from(check(endpoint, status, &text, None));
                mutated += 1;
            }
            _ => {
                let len = rng.usize(0..64);
                let bytes: Vec<u8> = std::iter::repeat_with(|| rng.u8(..)).take(len).collect();
                let text = String::from_utf8_lossy(&bytes);
                same_as_serde_json(&text);
                decoded += usize::from(check(endpoint, status, &text, None));
                random += 1;
            }
        }
    }
    if cases >= 1_000 {
        for (endpoint, n) in endpoints.iter().zip(&valid_of) {
            assert!(*n > 0, "no valid answer of {endpoint:?} was decoded");
        }
    }
    println!(
        "fuzz: {cases} decoder cases (seed {seed}): {valid} valid answers decoded exactly, {mutated} mutations, {random} random bodies ({decoded} of those decoded, ids checked), every text parsed as serde_json parses it; 0 panics"
    );
}
