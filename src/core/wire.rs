//! The forms a value takes on the wire and across the JS boundary, one newtype each: read
//! leniently (the service and its many clients write ids, counts and flags as numbers or as
//! strings), written exactly (ids always leave as decimal strings, so no JS number corrupts one).

use std::fmt;

use serde::{Serialize, Serializer};

use super::error::{quoted, truncate, Error, Result};
use super::json::{self, compact, Node, Number, Value};
use super::shape::{Kind, Mismatch, Place, Read, Write};

/// Largest integer a JS number (or a JSON float) holds exactly: 2^53.
const MAX_EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

// The TypeScript of an id input, which the shapes' `#[tsify(type = "IdInput")]` name. Declared
// beside `Id`, so every module built with the core (the emulator's too) declares it.
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const ID_INPUT: &str = r#"
/** A group id, uuid or start uuid as input: a decimal string, a bigint, or a safe integer. */
export type IdInput = string | bigint | number;
"#;

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

/// Why `text` is not an id, as the end of a sentence that names the field (an id is no secret,
/// so the text is quoted).
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

/// Number text in another form than digits (`3.0`, `3e2`) that is whole, non-negative and no
/// larger than a float holds exactly (as a count the service wrote through a float).
fn exact_whole_text(text: &str) -> Option<u64> {
    match json::whole(text) {
        Some((_, 0)) => Some(0),
        Some((false, v)) if v <= 1 << 53 => Some(v),
        _ => None,
    }
}

const ID: &str = "a decimal id: a string of digits, a bigint, or a non-negative safe integer";
const COUNT: &str = "a non-negative count as a number or a string of digits";
const FLAG: &str = "a boolean as true/false, 1/0, \"true\"/\"false\" or \"1\"/\"0\"";

impl Read for Id {
    const KIND: Kind = Kind::Id;

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        let id = match &node.value {
            Value::Number(Number::Text(text)) if text.bytes().all(|b| b.is_ascii_digit()) => {
                return digits_to_u64(text).map(Id).ok_or_else(|| {
                    place.wrong(
                        node,
                        format!(
                            "must be a decimal id no larger than {}; got the number {}",
                            u64::MAX,
                            truncate(text, 40)
                        ),
                    )
                });
            }
            Value::Number(Number::BigInt(text)) => digits_to_u64(text),
            Value::Number(Number::Float(v, text)) if js_unsafe_whole(*v) => {
                // Only JS hands an id over as an unsafe number: it has already lost its last digits.
                return Err(place.wrong(node, format!("is {}", unsafe_number(text))));
            }
            Value::Number(Number::Float(v, _)) => exact_whole(*v),
            Value::String(text) => {
                return digits_to_u64(text)
                    .map(Id)
                    .ok_or_else(|| place.wrong(node, id_text_error(text)));
            }
            _ => None,
        };
        id.map(Id).ok_or_else(|| place.expected(node, ID))
    }

    /// Digits in a string may have spaces around them in a body.
    fn read_body(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        match &node.value {
            Value::String(text) => digits_to_u64(text.trim())
                .map(Id)
                .ok_or_else(|| place.wrong(node, id_text_error(text))),
            _ => Self::read(node, place),
        }
    }
}

/// A whole JS number that is not a safe integer (2^53 and above), which may no longer hold the
/// id it was meant to: 2**53 is also what 2**53 + 1 rounds to.
fn js_unsafe_whole(v: f64) -> bool {
    v.is_finite() && v.fract() == 0.0 && v >= MAX_EXACT_FLOAT
}

/// Why an id given as the JS number `text` is refused, in a JavaScript developer's terms.
pub fn unsafe_number(text: &str) -> String {
    format!("{text}, which is not a safe integer (it is above Number.MAX_SAFE_INTEGER), so as a JS number it may already have lost precision: pass ids as strings or bigints")
}

impl Write for Id {
    /// As a JSON number, as request bodies carry ids.
    fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{}", self.0);
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

impl Read for Count {
    const KIND: Kind = Kind::Count;

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        let count = match &node.value {
            // Digits exactly; other number text (3.0, 3e2) if whole and within a float's exact range.
            Value::Number(Number::Text(text)) => {
                digits_to_u64(text).or_else(|| exact_whole_text(text))
            }
            Value::Number(Number::Float(v, _)) => exact_whole(*v),
            Value::String(text) => digits_to_u64(text.trim()),
            _ => None,
        };
        count.map(Count).ok_or_else(|| place.expected(node, COUNT))
    }
}

impl Read for Flag {
    const KIND: Kind = Kind::Flag;

    /// Absent is false (the page flag `isEnd` may be left out).
    fn absent() -> Option<Self> {
        Some(Flag(false))
    }

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        let flag = match &node.value {
            Value::Bool(b) => Some(*b),
            Value::Number(Number::Text("0" | "-0")) => Some(false),
            Value::Number(Number::Text("1")) => Some(true),
            Value::String(text) => {
                let t = text.trim();
                if t.eq_ignore_ascii_case("true") || t == "1" {
                    Some(true)
                } else if t.eq_ignore_ascii_case("false") || t == "0" {
                    Some(false)
                } else {
                    None
                }
            }
            _ => None,
        };
        flag.map(Flag).ok_or_else(|| place.expected(node, FLAG))
    }
}

impl Read for Text {
    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        match &node.value {
            Value::String(text) => Ok(Text(text.clone().into_owned())),
            // A number as it was written, exactly, at any size.
            Value::Number(Number::Text(text)) => Ok(Text((*text).to_owned())),
            _ => Err(place.expected(node, "a string (or a number, kept as its decimal text)")),
        }
    }
}

impl Read for Extra {
    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        match &node.value {
            Value::String(text) => Ok(Extra(text.clone().into_owned())),
            _ => Ok(Extra(compact(place.raw(node)))),
        }
    }
}

impl Write for Count {
    fn write(&self, out: &mut String) {
        Id(self.0).write(out);
    }
}

impl Write for Flag {
    fn write(&self, out: &mut String) {
        self.0.write(out);
    }
}

impl Write for Text {
    fn write(&self, out: &mut String) {
        self.0.write(out);
    }
}

impl Write for Extra {
    /// As a string: how callers send `extra`.
    fn write(&self, out: &mut String) {
        self.0.write(out);
    }
}

#[cfg(test)]
mod tests;
