//! The declared shapes: every input, option set, request body and answer is one struct declared
//! with [`shape!`](crate::shape), which gives it its keys, its reader (from a JSON answer or a
//! JavaScript value, through one tree, [`json::Node`]) and its JSON writer (request bodies); its
//! serde `Serialize` (results handed to JavaScript) and tsify TypeScript use the same keys.
//! Reading is the same small code for both sources, and a failure names the field's place
//! (`data.members[3].uuid`, `createTopic input.topicName`), what it must be, and what it was.

use std::fmt::Write as _;

use super::error::{quoted, truncate};
use super::json::{self, Node, Number, Value};

/// Where a value is, for messages: a root ("data", "createTopic input"), then keys and indices.
pub struct Place<'p> {
    parent: Option<&'p Place<'p>>,
    part: Part<'p>,
    /// The JSON text the value was parsed from; None for a caller's JavaScript value, whose
    /// strings are never quoted in messages (they may be secrets).
    text: Option<&'p str>,
}

enum Part<'p> {
    Root(&'p str),
    Key(&'p str),
    Index(usize),
}

impl<'p> Place<'p> {
    /// The top of a value called `name`, parsed from `text` (None: a JavaScript value).
    pub fn root(name: &'p str, text: Option<&'p str>) -> Self {
        Place {
            parent: None,
            part: Part::Root(name),
            text,
        }
    }

    /// The JSON text of `node` as it was written ("" for a JavaScript value).
    pub fn raw(&self, node: &Node<'_>) -> &'p str {
        self.text.map_or("", |text| node.raw(text))
    }

    /// The member `key` of the object here.
    pub fn key<'q>(&'q self, key: &'q str) -> Place<'q> {
        Place {
            parent: Some(self),
            part: Part::Key(key),
            text: self.text,
        }
    }

    /// The item `index` of the array here.
    pub fn index(&'p self, index: usize) -> Place<'p> {
        Place {
            parent: Some(self),
            part: Part::Index(index),
            text: self.text,
        }
    }

    /// The place as text: `data.members[3].uuid`.
    pub fn path(&self) -> String {
        let mut out = self.parent.map(Place::path).unwrap_or_default();
        match self.part {
            Part::Root(name) => out.push_str(name),
            Part::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Part::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
        out
    }

    /// A failure of the value `node` here: "`path` `what`".
    pub fn wrong(&self, node: &Node<'_>, what: impl Into<String>) -> Mismatch {
        Mismatch {
            path: self.path(),
            what: what.into(),
            at: node.at,
        }
    }

    /// "`path` must be `expected`; got `node` described".
    pub fn expected(&self, node: &Node<'_>, expected: &str) -> Mismatch {
        self.wrong(
            node,
            format!("must be {expected}; got {}", self.describe(node)),
        )
    }

    /// A value described for a message; strings are quoted only where [`Place::root`] allows.
    pub fn describe(&self, node: &Node<'_>) -> String {
        match &node.value {
            Value::Null => "null".into(),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Number(Number::Text(text)) => format!("the number {}", truncate(text, 40)),
            Value::Number(Number::Float(_, text)) => format!("the number {text}"),
            Value::Number(Number::BigInt(_)) => "a bigint".into(),
            Value::String(s) if self.text.is_some() => {
                format!("the string {}", quoted(&truncate(s, 40)))
            }
            Value::String(_) => "a string".into(),
            Value::Array(_) => "an array".into(),
            Value::Object(_) => "an object".into(),
            Value::Other(what) => (*what).into(),
        }
    }
}

/// A value that does not have its declared shape: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The place, e.g. `data.members[3].uuid`.
    pub path: String,
    /// The rest of the sentence, e.g. `must be a decimal id …; got null`.
    pub what: String,
    /// Byte offset of the value in the text it was read from (0 for JavaScript values).
    pub at: u32,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.path, self.what)
    }
}

/// What a field holds, for a writer of answers in the service's JSON forms (the emulator's):
/// which values are ids, counts and flags, whose form varies, and which are nested shapes.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A 64-bit id.
    Id,
    /// A count.
    Count,
    /// A flag.
    Flag,
    /// Text, or anything written as it is.
    Other,
    /// A shape: each key's form.
    Object(fn(&str) -> Option<Form>),
}

/// A field's kind, and whether the service's document writes it quoted (`"$memberNum"`).
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// What the field holds (a list's items, for a list).
    pub kind: Kind,
    /// Whether the document quotes it.
    pub quoted: bool,
}

/// A type read from a [`Node`].
pub trait Read: Sized {
    /// What it holds, for the emulator's writer of answers (a compile-time constant: it costs
    /// the client nothing).
    const KIND: Kind = Kind::Other;

    /// Reads the value at `place`.
    fn read(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch>;

    /// The value of an absent field; None when the field is required.
    fn absent() -> Option<Self> {
        None
    }

    /// The value of a field a request body leaves out: as [`Read::absent`], but for what never
    /// travels in a body (a group id the path carries, a client's own options).
    fn absent_in_body() -> Option<Self> {
        Self::absent()
    }

    /// Reads the value as the service reads a request body (the emulator's side of a shape):
    /// as `read`, but liberal where the service's many clients differ — unknown keys ignored, a
    /// number where a string is declared taken as its text, digits in a string where a whole
    /// number is. The client never calls it, so none of it reaches its module.
    fn read_body(node: &Node<'_>, place: &Place<'_>) -> Result<Self, Mismatch> {
        Self::read(node, place)
    }
}

/// A type written into a JSON request body.
pub trait Write {
    /// Appends the value as JSON.
    fn write(&self, out: &mut String);

    /// Whether a field holding it is left out of the body (an absent option).
    fn skip(&self) -> bool {
        false
    }
}

/// The members of an object being read by a declared shape.
pub struct Fields<'n, 'a, 'p> {
    node: &'n Node<'a>,
    place: &'p Place<'p>,
}

impl<'n, 'a, 'p> Fields<'n, 'a, 'p> {
    /// `node` as an object; with `closed`, a key not in `known` is refused (a typo in an input
    /// must not be ignored), otherwise ignored (answers may grow new fields).
    pub fn of(
        node: &'n Node<'a>,
        place: &'p Place<'p>,
        known: &[&str],
        closed: bool,
    ) -> Result<Self, Mismatch> {
        let Value::Object(members) = &node.value else {
            return Err(place.expected(node, "an object"));
        };
        if closed {
            if let Some((key, value)) = members.iter().find(|(k, _)| !known.contains(&k.as_ref())) {
                return Err(place.wrong(
                    value,
                    format!(
                        "has an unknown field {}; known fields: {}",
                        quoted(&truncate(key, 40)),
                        known.join(", ")
                    ),
                ));
            }
        }
        Ok(Fields { node, place })
    }

    /// The field `key` as `T`; absent, `T::absent()`.
    pub fn take<T: Read>(&self, key: &str) -> Result<T, Mismatch> {
        let place = self.place.key(key);
        match self.node.get(key) {
            Some(node) => T::read(node, &place),
            None => T::absent().ok_or_else(|| missing(&place)),
        }
    }

    /// The field `key` as `T` read as a request body ([`Read::read_body`]).
    pub fn take_body<T: Read>(&self, key: &str) -> Result<T, Mismatch> {
        let place = self.place.key(key);
        match self.node.get(key) {
            Some(node) => T::read_body(node, &place),
            None => T::absent_in_body().ok_or_else(|| missing(&place)),
        }
    }
}

/// A required member that is absent (or `undefined` in JavaScript).
fn missing(place: &Place<'_>) -> Mismatch {
    Mismatch {
        path: place.path(),
        what: "is missing".into(),
        at: 0,
    }
}

/// Declares a shape: the struct (its attributes and field docs passed through, each field's key
/// given with `as "key"` and applied to serde and tsify too, then `quoted` where the service's
/// document writes the value in quotes), its [`Read`] and its [`Write`].
/// `closed` refuses unknown keys (inputs), `open` ignores them (answers). The struct derives
/// serde's `Serialize` or tsify's `Tsify` (whose `serde` attribute the keys are given in); a
/// reader or writer that a build never uses costs nothing, since it is left out at link time.
#[macro_export]
macro_rules! shape {
    (
        $openness:ident;
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $fvis:vis $field:ident : $fty:ty as $key:literal $($quoted:ident)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $(
                $(#[$fmeta])*
                #[serde(rename = $key)]
                $fvis $field: $fty,
            )*
        }

        impl $name {
            /// The keys of the shape, as JSON and JavaScript spell them.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// The form of the field `key`: its kind, and whether the document quotes it.
            pub fn form(key: &str) -> Option<$crate::core::shape::Form> {
                $(
                    if key == $key {
                        return Some($crate::core::shape::Form {
                            kind: <$fty as $crate::core::shape::Read>::KIND,
                            quoted: $crate::shape!(@quoted $($quoted)?),
                        });
                    }
                )*
                None
            }
        }

        impl $crate::core::shape::Read for $name {
            const KIND: $crate::core::shape::Kind = $crate::core::shape::Kind::Object(Self::form);

            fn read(
                node: &$crate::core::json::Node<'_>,
                place: &$crate::core::shape::Place<'_>,
            ) -> ::std::result::Result<Self, $crate::core::shape::Mismatch> {
                let fields = $crate::core::shape::Fields::of(
                    node,
                    place,
                    Self::KEYS,
                    $crate::shape!(@closed $openness),
                )?;
                Ok($name {
                    $($field: fields.take($key)?,)*
                })
            }

            fn read_body(
                node: &$crate::core::json::Node<'_>,
                place: &$crate::core::shape::Place<'_>,
            ) -> ::std::result::Result<Self, $crate::core::shape::Mismatch> {
                let fields = $crate::core::shape::Fields::of(node, place, Self::KEYS, false)?;
                Ok($name {
                    $($field: fields.take_body($key)?,)*
                })
            }
        }

        impl $crate::core::shape::Write for $name {
            fn write(&self, out: &mut String) {
                let mut first = true;
                out.push('{');
                $(
                    if !$crate::core::shape::Write::skip(&self.$field) {
                        if !first {
                            out.push(',');
                        }
                        first = false;
                        $crate::core::json::write_string(out, $key);
                        out.push(':');
                        $crate::core::shape::Write::write(&self.$field, out);
                    }
                )*
                let _ = first;
                out.push('}');
            }
        }
    };
    (@closed closed) => { true };
    (@closed open) => { false };
    (@quoted quoted) => { true };
    (@quoted) => { false };
}

/// Reads a whole text as `T`, for tests and tools: the JSON parsed, then read at `root`.
pub fn from_text<T: Read>(text: &str, root: &str) -> Result<T, String> {
    let node = json::parse(text).map_err(|e| e.what.to_owned())?;
    T::read(&node, &Place::root(root, Some(text))).map_err(|m| m.to_string())
}

/// Reads a request body as the service does ([`Read::read_body`]), for the emulator: the JSON
/// parsed, then read at `body`; the failure's message names the field.
pub fn body_from_text<T: Read>(text: &str) -> Result<T, String> {
    let node = json::parse(text).map_err(|e| format!("malformed JSON body: {}", e.what))?;
    T::read_body(&node, &Place::root("body", Some(text))).map_err(|m| m.to_string())
}

/// A shape as its JSON text (a request body).
pub fn to_text(value: &impl Write) -> String {
    let mut out = String::new();
    value.write(&mut out);
    out
}

mod impls;
pub use impls::{Any, Local};

#[cfg(test)]
mod tests;
