//! The tree a JSON text (or a JavaScript value) is read into.

use std::borrow::Cow;

/// A value and where it is in the text it was read from (`at..end`, byte offsets; 0 for
/// values that came from JavaScript).
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Byte offset of its first character in the text.
    pub at: u32,
    /// Byte offset just past its last character.
    pub end: u32,
}

/// A JSON value, or a JavaScript value that JSON has no form for.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null` (and, from JavaScript, `undefined`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number<'a>),
    /// A string.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Node<'a>>),
    /// An object's members in order; of a repeated key the last one counts.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
    /// A JavaScript value with no JSON form, by its description ("a function", "a symbol").
    Other(&'static str),
}

/// A number as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum Number<'a> {
    /// JSON number text, exactly as written (`-12`, `1.5e3`).
    Text(&'a str),
    /// A JavaScript number, and its text as JavaScript writes it (`String(n)`: "1.5", "1e+21").
    Float(f64, String),
    /// A JavaScript bigint, as its decimal text.
    BigInt(String),
}

impl<'a> Node<'a> {
    /// A value with no place in any text (one that came from JavaScript).
    pub fn new(value: Value<'a>) -> Self {
        Node {
            value,
            at: 0,
            end: 0,
        }
    }

    /// The JSON text of this value as it was written in `text`, the text it was parsed from
    /// ("" for a value that came from JavaScript).
    pub fn raw<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.at as usize..self.end as usize)
            .unwrap_or_default()
    }

    /// The member `key` of an object (the last one, if repeated).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.value {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }
}
