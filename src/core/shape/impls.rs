//! How the types fields are made of read and write themselves: strings, flags, numbers,
//! optional values, lists, and values read past.

use super::{Mismatch, Place, Read, Write};
use crate::core::json::{self, Node, Number, Value};
use std::fmt::Write as _;

impl Read for String {
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match &node.value {
            Value::String(s) => Ok(s.clone().into_owned()),
            _ => Err(place.expected(node, "a string")),
        }
    }

    fn read_body(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match &node.value {
            Value::Number(Number::Text(text)) => Ok((*text).to_owned()),
            _ => Self::read(node, place),
        }
    }
}

impl Write for String {
    fn write(&self, out: &mut String) {
        json::write_string(out, self);
    }
}

impl Read for bool {
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match node.value {
            Value::Bool(b) => Ok(b),
            _ => Err(place.expected(node, "true or false")),
        }
    }
}

impl Read for f64 {
    /// A JavaScript number (options), or JSON number text that is whole (the wire forms read
    /// JSON numbers exactly instead).
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match &node.value {
            Value::Number(Number::Float(f, _)) => Ok(*f),
            Value::Number(Number::Text(text)) => json::whole(text)
                .map(|(negative, v)| if negative { -(v as f64) } else { v as f64 })
                .ok_or_else(|| place.expected(node, "a whole number")),
            _ => Err(place.expected(node, "a number")),
        }
    }
}

impl Write for bool {
    fn write(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Read for u32 {
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        let whole = match &node.value {
            Value::Number(Number::Float(f, _))
                if f.fract() == 0.0 && (0.0..=4_294_967_295.0).contains(f) =>
            {
                Some(*f as u32)
            }
            Value::Number(Number::Text(text)) => text.parse().ok(),
            _ => None,
        };
        whole.ok_or_else(|| place.expected(node, "a whole number from 0 to 4294967295"))
    }

    fn read_body(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match &node.value {
            Value::String(digits) => digits.trim().parse().map_err(|_| {
                place.expected(node, "a whole number from 0 to 4294967295, or its digits")
            }),
            _ => Self::read(node, place),
        }
    }
}

impl Write for u32 {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Write for f64 {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl<T: Read> Read for Option<T> {
    const KIND: super::Kind = T::KIND;

    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match node.value {
            Value::Null => Ok(None),
            _ => T::read(node, place).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }

    fn read_body(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match node.value {
            Value::Null => Ok(None),
            _ => T::read_body(node, place).map(Some),
        }
    }
}

impl<T: Write> Write for Option<T> {
    fn write(&self, out: &mut String) {
        match self {
            Some(value) => value.write(out),
            None => out.push_str("null"),
        }
    }

    fn skip(&self) -> bool {
        self.is_none()
    }
}

impl<T: Write> Write for Vec<T> {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write(out);
        }
        out.push(']');
    }
}

impl<T: Read> Read for Vec<T> {
    const KIND: super::Kind = T::KIND;

    /// An array; null, or no value at all, is an empty list (as the service sends lists).
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        match &node.value {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::read(item, &place.index(i)))
                .collect(),
            _ => Err(place.expected(node, "an array")),
        }
    }

    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
}

/// Any value, or none: for data that is not read, and for options the wasm layer takes as
/// JavaScript values (functions, signals) from the caller's object itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Any;

impl Write for Any {
    /// Nothing is known of it: written as null.
    fn write(&self, out: &mut String) {
        out.push_str("null");
    }

    fn skip(&self) -> bool {
        true
    }
}

impl Read for Any {
    fn read(_: &Node<'_>, _: &Place<'_>) -> Result<Self, Mismatch> {
        Ok(Any)
    }

    fn absent() -> Option<Self> {
        Some(Any)
    }
}

/// A caller's option that stays with the client (where and how to send): read as `T`, never
/// written into a body, so the input that carries it can be the body itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Local<T>(pub T);

impl<T: Read> Read for Local<T> {
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        T::read(node, place).map(Local)
    }

    fn absent() -> Option<Self> {
        T::absent().map(Local)
    }
}

impl<T> Write for Local<T> {
    fn write(&self, _: &mut String) {}

    fn skip(&self) -> bool {
        true
    }
}
