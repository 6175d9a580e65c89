//! 64-bit ids and the lenient serde helpers that read the server's numbers-or-strings.
//!
//! Real ids exceed 2^53, so they are kept as `u64` in Rust and always leave for JavaScript as
//! decimal strings: a JS number would silently corrupt them.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};

use serde_json::value::RawValue;

use super::decode::compact_json;
use super::error::{quoted, show_number, truncate, Error, Result};

/// Parses caller-supplied id text: decimal digits only, no sign, no spaces, at most `u64::MAX`.
pub fn parse_id(field: &str, text: &str) -> Result<u64> {
    if text.is_empty() {
        return Err(Error::invalid_input(format!(
            "{field} must be a decimal id (digits 0-9 only); got an empty string"
        )));
    }
    match digits_to_u64(text) {
        Some(id) => Ok(id),
        None if text.bytes().all(|b| b.is_ascii_digit()) => Err(Error::invalid_input(format!(
            "{field} must be a decimal id no larger than {}; got {}",
            u64::MAX,
            quoted(&truncate(text, 40))
        ))),
        None => Err(Error::invalid_input(format!(
            "{field} must be a decimal id (digits 0-9 only, no sign, spaces or other characters); got {}",
            quoted(&truncate(text, 40))
        ))),
    }
}

/// The value of a string made only of ASCII digits, if it fits in a `u64`.
fn digits_to_u64(text: &str) -> Option<u64> {
    // `u64::from_str` alone would accept a leading '+'.
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Range-checked on the text, so the digits fold without overflow checks (which cost a
    // 128-bit multiply per digit in wasm).
    let first = bytes.iter().position(|&b| b != b'0').unwrap_or(bytes.len());
    let significant = bytes.get(first..).unwrap_or_default();
    if significant.len() > 20
        || (significant.len() == 20 && significant > b"18446744073709551615".as_slice())
    {
        return None;
    }
    Some(significant.iter().fold(0, |value: u64, &digit| {
        value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'))
    }))
}

/// Largest integer a JSON float can hold exactly.
const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 64-bit unsigned id as a JSON integer or a string of decimal digits")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<u64, E> {
        u64::try_from(v).map_err(|_| E::custom(format!("expected an unsigned id, got {v}")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<u64, E> {
        digits_to_u64(v).ok_or_else(|| {
            E::custom(format!(
                "expected an id of decimal digits, got the string {}",
                quoted(&truncate(v, 40))
            ))
        })
    }
}

struct CountVisitor;

impl<'de> Visitor<'de> for CountVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative count as a JSON number or a numeric string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<u64, E> {
        u64::try_from(v).map_err(|_| E::custom(format!("expected a non-negative count, got {v}")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<u64, E> {
        // A count written as 3.0 is still exact; 3.5 or 1e300 is not a count.
        if v.is_finite() && v.fract() == 0.0 && (0.0..=MAX_EXACT_FLOAT).contains(&v) {
            Ok(v as u64)
        } else {
            Err(E::custom(format!(
                "expected a non-negative whole count, got {}",
                show_number(v)
            )))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<u64, E> {
        digits_to_u64(v.trim()).ok_or_else(|| {
            E::custom(format!(
                "expected a count of decimal digits, got the string {}",
                quoted(&truncate(v, 40))
            ))
        })
    }
}

struct FlagVisitor;

impl<'de> Visitor<'de> for FlagVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean as true/false, 1/0, \"true\"/\"false\" or \"1\"/\"0\"")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<bool, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::custom(format!("expected a boolean 0 or 1, got {v}"))),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::custom(format!("expected a boolean 0 or 1, got {v}"))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<bool, E> {
        let t = v.trim();
        if t.eq_ignore_ascii_case("true") || t == "1" {
            Ok(true)
        } else if t.eq_ignore_ascii_case("false") || t == "0" {
            Ok(false)
        } else {
            Err(E::custom(format!(
                "expected a boolean, got the string {}",
                quoted(&truncate(v, 40))
            )))
        }
    }
}

struct LenientStringVisitor;

impl<'de> Visitor<'de> for LenientStringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string (or a number, kept as its decimal text)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<String, E> {
        Ok(show_number(v))
    }
}

/// Newtype wrappers so the visitors also work inside `Option` and `Vec`.
struct LenientId(u64);

impl<'de> Deserialize<'de> for LenientId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(IdVisitor).map(LenientId)
    }
}

struct LenientCount(u64);

impl<'de> Deserialize<'de> for LenientCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(CountVisitor).map(LenientCount)
    }
}

struct LenientString(String);

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(LenientStringVisitor).map(LenientString)
    }
}

/// Reads an id sent as a JSON integer or as a string of decimal digits (for `deserialize_with`).
pub fn deserialize_id<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<u64, D::Error> {
    d.deserialize_any(IdVisitor)
}

/// Reads an optional id: null or absent (with `#[serde(default)]`) gives None.
pub fn deserialize_opt_id<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u64>, D::Error> {
    Ok(Option::<LenientId>::deserialize(d)?.map(|id| id.0))
}

/// Reads a list of ids, each a number or a digit string; null gives an empty list.
pub fn deserialize_id_list<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<u64>, D::Error> {
    let list = Option::<Vec<LenientId>>::deserialize(d)?.unwrap_or_default();
    Ok(list.into_iter().map(|id| id.0).collect())
}

/// Reads a count sent as a JSON number or a numeric string.
pub fn deserialize_count<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<u64, D::Error> {
    d.deserialize_any(CountVisitor)
}

/// Reads an optional count: null or absent (with `#[serde(default)]`) gives None.
pub fn deserialize_opt_count<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u64>, D::Error> {
    Ok(Option::<LenientCount>::deserialize(d)?.map(|c| c.0))
}

/// Reads a boolean sent as true/false, 1/0, or those as (case-insensitive) strings.
pub fn deserialize_flag<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<bool, D::Error> {
    d.deserialize_any(FlagVisitor)
}

/// Reads a string, keeping a number as its exact decimal text.
pub fn deserialize_lenient_string<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    d.deserialize_any(LenientStringVisitor)
}

/// Reads an optional string, keeping a number as its exact decimal text; null gives None.
pub fn deserialize_opt_lenient_string<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    Ok(Option::<LenientString>::deserialize(d)?.map(|s| s.0))
}

/// Reads `extra`: a string as is, null or absent as None, any other JSON value as its JSON text.
pub fn deserialize_extra<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    let Some(raw) = Option::<Box<RawValue>>::deserialize(d)? else {
        return Ok(None);
    };
    let text = raw.get();
    if text.starts_with('"') {
        serde_json::from_str(text)
            .map(Some)
            .map_err(de::Error::custom)
    } else {
        Ok(Some(compact_json(text)))
    }
}

/// Writes an id as a decimal JSON string, so JavaScript never turns it into a lossy number.
pub fn serialize_id<S: Serializer>(id: &u64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(id)
}

/// Writes an optional id as a decimal JSON string, or null.
pub fn serialize_opt_id<S: Serializer>(
    id: &Option<u64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match id {
        Some(id) => s.collect_str(id),
        None => s.serialize_none(),
    }
}

/// Writes a list of ids as a JSON array of decimal strings.
pub fn serialize_id_list<S: Serializer>(ids: &[u64], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(ids.iter().map(u64::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Probe {
        #[serde(deserialize_with = "deserialize_id", serialize_with = "serialize_id")]
        id: u64,
        #[serde(
            default,
            deserialize_with = "deserialize_opt_id",
            serialize_with = "serialize_opt_id"
        )]
        opt_id: Option<u64>,
    }

    #[derive(Debug, Deserialize)]
    struct Count(#[serde(deserialize_with = "deserialize_count")] u64);

    #[derive(Debug, Deserialize)]
    struct OptCount(#[serde(deserialize_with = "deserialize_opt_count")] Option<u64>);

    #[derive(Debug, Deserialize)]
    struct Flag(#[serde(deserialize_with = "deserialize_flag")] bool);

    #[derive(Debug, Deserialize)]
    struct Extra {
        #[serde(default, deserialize_with = "deserialize_extra")]
        extra: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    struct Text(#[serde(deserialize_with = "deserialize_lenient_string")] String);

    #[derive(Debug, Deserialize)]
    struct OptText(#[serde(deserialize_with = "deserialize_opt_lenient_string")] Option<String>);

    #[derive(Debug, Deserialize, Serialize)]
    struct Ids(
        #[serde(
            deserialize_with = "deserialize_id_list",
            serialize_with = "serialize_id_list"
        )]
        Vec<u64>,
    );

    #[test]
    fn parse_id_accepts_digits_up_to_u64_max() {
        assert_eq!(parse_id("topicId", "0"), Ok(0));
        assert_eq!(
            parse_id("topicId", "21351198708203520"),
            Ok(21_351_198_708_203_520)
        );
        assert_eq!(parse_id("topicId", "18446744073709551615"), Ok(u64::MAX));
        assert_eq!(parse_id("topicId", "007"), Ok(7));
    }

    #[test]
    fn parse_id_rejects_everything_else_naming_the_field() {
        for bad in [
            "",
            " 1",
            "1 ",
            "+1",
            "-1",
            "1.0",
            "1e3",
            "0x10",
            "18446744073709551616",
            "99999999999999999999999999",
            "１２",
            "abc",
        ] {
            let err = parse_id("startUuid", bad).expect_err(bad);
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{bad:?}");
            assert!(err.message.starts_with("startUuid "), "{}", err.message);
        }
        let err = parse_id("topicId", "18446744073709551616").unwrap_err();
        assert!(err.message.contains("no larger than 18446744073709551615"));
    }

    #[test]
    fn ids_read_from_numbers_or_strings_and_write_as_strings() {
        let p: Probe = serde_json::from_str(r#"{"id":21351198708203520}"#).unwrap();
        assert_eq!(p.id, 21_351_198_708_203_520);
        assert_eq!(p.opt_id, None);
        let p: Probe =
            serde_json::from_str(r#"{"id":"18446744073709551615","opt_id":"9007199254740993"}"#)
                .unwrap();
        assert_eq!(p.id, u64::MAX);
        assert_eq!(p.opt_id, Some(9_007_199_254_740_993));
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"id":"18446744073709551615","opt_id":"9007199254740993"}"#
        );
        let p: Probe = serde_json::from_str(r#"{"id":1,"opt_id":null}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            r#"{"id":"1","opt_id":null}"#
        );
    }

    #[test]
    fn ids_reject_floats_negatives_and_junk() {
        for bad in [
            r#"{"id":-1}"#,
            r#"{"id":1.5}"#,
            r#"{"id":2.1351198708203520e16}"#,
            r#"{"id":18446744073709551616}"#,
            r#"{"id":"12a"}"#,
            r#"{"id":""}"#,
            r#"{"id":" 1"}"#,
            r#"{"id":true}"#,
            r#"{"id":null}"#,
            r#"{}"#,
        ] {
            assert!(serde_json::from_str::<Probe>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_accept_numbers_and_numeric_strings() {
        for (json, want) in [
            ("3", 3),
            ("\"3\"", 3),
            ("\" 42 \"", 42),
            ("3.0", 3),
            ("0", 0),
            ("18446744073709551615", u64::MAX),
        ] {
            assert_eq!(
                serde_json::from_str::<Count>(json).unwrap().0,
                want,
                "{json}"
            );
        }
        for bad in ["-1", "3.5", "\"x\"", "\"\"", "true", "null", "1e300"] {
            assert!(serde_json::from_str::<Count>(bad).is_err(), "{bad}");
        }
        assert_eq!(serde_json::from_str::<OptCount>("null").unwrap().0, None);
        assert_eq!(
            serde_json::from_str::<OptCount>("\"7\"").unwrap().0,
            Some(7)
        );
    }

    #[test]
    fn flags_accept_the_documented_spellings() {
        for (json, want) in [
            ("true", true),
            ("false", false),
            ("1", true),
            ("0", false),
            ("\"true\"", true),
            ("\"FALSE\"", false),
            ("\"True\"", true),
            ("\"1\"", true),
            ("\"0\"", false),
        ] {
            assert_eq!(
                serde_json::from_str::<Flag>(json).unwrap().0,
                want,
                "{json}"
            );
        }
        for bad in ["2", "-1", "\"yes\"", "\"\"", "null", "0.5"] {
            assert!(serde_json::from_str::<Flag>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn extra_keeps_strings_and_renders_other_values_as_json() {
        let read = |json: &str| serde_json::from_str::<Extra>(json).unwrap().extra;
        assert_eq!(read(r#"{}"#), None);
        assert_eq!(read(r#"{"extra":null}"#), None);
        assert_eq!(read(r#"{"extra":""}"#), Some(String::new()));
        assert_eq!(read(r#"{"extra":"hi"}"#), Some("hi".into()));
        assert_eq!(read(r#"{"extra":{"a":1}}"#), Some(r#"{"a":1}"#.into()));
        assert_eq!(read(r#"{"extra":[1,"x"]}"#), Some(r#"[1,"x"]"#.into()));
        assert_eq!(read(r#"{"extra":12}"#), Some("12".into()));
        assert_eq!(read(r#"{"extra":true}"#), Some("true".into()));
        assert_eq!(
            read(r#"{"extra": { "a" : [1, 2], "s": "x y\" z" } }"#),
            Some(r#"{"a":[1,2],"s":"x y\" z"}"#.into())
        );
        assert_eq!(read(r#"{"extra":"\u00e9\n"}"#), Some("é\n".into()));
    }

    #[test]
    fn lenient_strings_keep_numbers_exactly() {
        let read = |json: &str| serde_json::from_str::<Text>(json).map(|t| t.0);
        assert_eq!(read("\"abc\"").unwrap(), "abc");
        assert_eq!(read("2882303761517669588").unwrap(), "2882303761517669588");
        assert_eq!(read("-3").unwrap(), "-3");
        assert!(read("null").is_err());
        assert!(read("{}").is_err());
        assert_eq!(serde_json::from_str::<OptText>("null").unwrap().0, None);
        assert_eq!(
            serde_json::from_str::<OptText>("5").unwrap().0,
            Some("5".into())
        );
    }

    #[test]
    fn id_lists_mix_numbers_and_strings() {
        let ids: Ids =
            serde_json::from_str(r#"[21351198708203520,"18446744073709551615",1]"#).unwrap();
        assert_eq!(ids.0, vec![21_351_198_708_203_520, u64::MAX, 1]);
        assert_eq!(
            serde_json::to_string(&ids).unwrap(),
            r#"["21351198708203520","18446744073709551615","1"]"#
        );
        assert!(serde_json::from_str::<Ids>("null").unwrap().0.is_empty());
        assert!(serde_json::from_str::<Ids>("[]").unwrap().0.is_empty());
        assert!(serde_json::from_str::<Ids>(r#"[1,"x"]"#).is_err());
        assert!(serde_json::from_str::<Ids>(r#"{"a":1}"#).is_err());
    }
}
