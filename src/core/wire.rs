//! The forms a value takes on the wire and across the JS boundary, one newtype each: read
//! leniently (the service and its many clients write ids, counts and flags as numbers or as
//! strings), written exactly (ids always leave as decimal strings, so no JS number corrupts one).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use super::error::{quoted, show_number, truncate, Error, Result};

/// Largest integer a JS number (or a JSON float) holds exactly: 2^53.
const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// A 64-bit MIMC id (topicId, uuid). Reads a JSON integer, a string of decimal digits, a JS
/// bigint or a JS safe integer; writes a decimal string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub u64);

/// A non-negative count. Reads a number (3 or 3.0) or a string of digits; writes a number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Count(pub u64);

/// A boolean. Reads true/false, 1/0, or those as strings (any case); writes a boolean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Flag(pub bool);

/// A string that the service may also send as a number (kept as its decimal text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

/// Free-form `extra`: a string as is; any other JSON value as its compact JSON text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Extra(pub String);

/// Parses caller-supplied id text: decimal digits only, no sign, no spaces, at most `u64::MAX`.
pub fn parse_id(field: &str, text: &str) -> Result<u64> {
    digits_to_u64(text)
        .ok_or_else(|| Error::invalid_input(format!("{field} {}", id_text_error(text))))
}

/// Why `text` is not an id, as the end of a sentence that names the field.
fn id_text_error(text: &str) -> String {
    let rule = if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        format!("no larger than {}", u64::MAX)
    } else {
        "(digits 0-9 only, no sign, spaces or other characters)".to_owned()
    };
    format!(
        "must be a decimal id {rule}; got {}",
        quoted(&truncate(text, 40))
    )
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

/// A whole, non-negative number that a float holds exactly.
fn exact_whole(v: f64) -> Option<u64> {
    (v.is_finite() && v.fract() == 0.0 && (0.0..=MAX_EXACT_FLOAT).contains(&v)).then_some(v as u64)
}

/// One visitor for the integer-like forms: `Id` and `Count` differ only in what they accept.
struct Whole {
    /// Strings may have white space around the digits (counts, not ids).
    trim: bool,
    /// Floats with no fraction are whole (counts, not ids: an id never passes through a float).
    floats: bool,
}

impl<'de> Visitor<'de> for Whole {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.floats {
            "a non-negative count as a number or a string of digits"
        } else {
            "a decimal id: a string of digits, a bigint, or a non-negative safe integer"
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<u64, E> {
        match exact_whole(v) {
            Some(whole) if self.floats => Ok(whole),
            // Only JS hands an id over as an unsafe number: it has already lost its last digits.
            _ if !self.floats && v.fract() == 0.0 && v > MAX_EXACT_FLOAT && v.is_finite() => {
                Err(E::custom(format!(
                    "{} is above 2^53, so as a JS number it has already lost precision: pass it as a string or a bigint",
                    show_number(v)
                )))
            }
            _ => Err(E::custom(format!(
                "expected {}, got the number {}",
                Expecting(&self),
                show_number(v)
            ))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<u64, E> {
        let digits = if self.trim { v.trim() } else { v };
        digits_to_u64(digits).ok_or_else(|| E::custom(id_text_error(v)))
    }
}

/// A visitor's `expecting` text as a value to format.
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let whole = Whole {
            trim: false,
            floats: false,
        };
        d.deserialize_any(whole).map(Id)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Writes an id as a JSON number, as request bodies carry it (`serialize_with`).
pub fn id_as_number<S: Serializer>(id: &Id, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(id.0)
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let whole = Whole {
            trim: true,
            floats: true,
        };
        d.deserialize_any(whole).map(Count)
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
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<bool, E> {
        u64::try_from(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            .and_then(|v| self.visit_u64(v))
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

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(FlagVisitor).map(Flag)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
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

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(TextVisitor).map(Text)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = <&RawValue>::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('"') {
            serde_json::from_str(text)
                .map(Extra)
                .map_err(de::Error::custom)
        } else {
            Ok(Extra(compact_json(text)))
        }
    }
}

/// Valid JSON text without the whitespace between tokens (strings are kept as they are).
pub fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        }
        out.push(c);
    }
    out
}

/// A list that the service may send as null: null reads as empty (`deserialize_with`).
pub fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> std::result::Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests;
