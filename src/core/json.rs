//! JSON text in and out, for the few forms this API uses: a parser into a tree that keeps each
//! number as it was written (so a 64-bit id is never rounded through a float) and each value's
//! place in the text, and the writing of request bodies. Purpose-made rather than serde_json:
//! the shapes it reads are declared once in `shape`, and serde_json's parser with a serde
//! derive per answer type measured 20.5 KB of the module's gzip (bench/size-budget.json).
//! Fuzzed by tests/fuzz_decode.rs.

use std::borrow::Cow;

mod number;
mod tree;
mod write;
pub use number::whole;
pub use tree::{Node, Number, Value};
pub use write::{compact, write_string};

/// How deeply arrays and objects may nest before the text is refused (as serde_json does).
const MAX_DEPTH: u32 = 128;

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What was wrong.
    pub what: &'static str,
    /// The byte offset where it was found.
    pub at: usize,
    /// Whether the text ended before the value did (a cut-off answer, not a wrong one).
    pub eof: bool,
}

/// Parses `text` as one JSON value with nothing after it but white space.
pub fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut parser = Parser { text, at: 0 };
    let node = parser.value(0)?;
    parser.space();
    if parser.at < text.len() {
        return Err(parser.fail("trailing characters after the JSON value"));
    }
    Ok(node)
}

/// Line and column (both from 1, the column in characters) of byte offset `at` of `text`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    // The module is built for size (opt-level "z"), which leaves these small hot helpers as
    // calls unless told: inlined, a member page parses in about half the time.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The rest of the text from the current place, as bytes.
    #[inline(always)]
    fn rest(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.at..).unwrap_or_default()
    }

    #[inline(always)]
    fn space(&mut self) {
        let rest = self.rest();
        self.at += rest
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
    }

    fn fail(&self, what: &'static str) -> SyntaxError {
        SyntaxError {
            what,
            at: self.at,
            eof: false,
        }
    }

    /// `expected` when the text goes on; when it has ended, the end of input (a text cut off).
    fn expect(&self, expected: &'static str) -> SyntaxError {
        if self.at >= self.text.len() {
            SyntaxError {
                what: "unexpected end of input",
                at: self.at,
                eof: true,
            }
        } else {
            self.fail(expected)
        }
    }

    fn value(&mut self, depth: u32) -> Result<Node<'a>, SyntaxError> {
        self.space();
        let at = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(Number::Text(self.number()?)),
            _ => return Err(self.expect("expected a JSON value")),
        };
        Ok(Node {
            value,
            at: offset(at),
            end: offset(self.at),
        })
    }

    fn word(&mut self, word: &'static str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        for expected in word.bytes() {
            match self.peek() {
                Some(b) if b == expected => self.at += 1,
                _ => return Err(self.expect("expected a JSON value")),
            }
        }
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as its text.
    fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err(self.expect("expected a digit")),
            n if n > 1 && leading_zero => return Err(self.fail("a number must not start with 0")),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.expect("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.expect("expected a digit in the exponent"));
            }
        }
        Ok(self.text.get(start..self.at).unwrap_or_default())
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.at += 1; // the opening quote
        let start = self.at;
        // Borrowed from the text unless an escape needs decoding.
        let mut owned: Option<String> = None;
        loop {
            let run = self.at;
            let rest = self.rest();
            self.at += rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            let plain = self.text.get(run..self.at).unwrap_or_default();
            if let Some(out) = owned.as_mut() {
                out.push_str(plain);
            }
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(match owned {
                        Some(out) => Cow::Owned(out),
                        None => {
                            Cow::Borrowed(self.text.get(start..self.at - 1).unwrap_or_default())
                        }
                    });
                }
                Some(b'\\') => {
                    let out = owned.get_or_insert_with(|| plain.to_owned());
                    self.at += 1;
                    let escaped = self.escape()?;
                    out.push(escaped);
                }
                Some(_) => return Err(self.fail("a control character must be escaped in a string")),
                None => return Err(self.expect("unexpected end of input")),
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let Some(b) = self.peek() else {
            return Err(self.expect("unexpected end of input"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(),
            _ => {
                self.at -= 1;
                return Err(self.fail("invalid escape in a string"));
            }
        })
    }

    /// A `\uXXXX` escape (the `\u` read), with the second half of a surrogate pair if needed.
    fn unicode(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first)
                .ok_or_else(|| self.fail("a lone surrogate in a \\u escape"));
        }
        for expected in [b'\\', b'u'] {
            match self.peek() {
                Some(b) if b == expected => self.at += 1,
                _ => return Err(self.expect("a lone surrogate in a \\u escape")),
            }
        }
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(self.fail("a lone surrogate in a \\u escape"));
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            .ok_or_else(|| self.fail("a lone surrogate in a \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        // Fewer than four characters left is a text cut off, whatever they are.
        if self.text.len() - self.at < 4 {
            self.at = self.text.len();
            return Err(self.expect("unexpected end of input"));
        }
        let mut value = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(digit) = digit else {
                return Err(self.expect("expected 4 hex digits after \\u"));
            };
            self.at += 1;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    fn array(&mut self, depth: u32) -> Result<Value<'a>, SyntaxError> {
        let depth = self.enter(depth)?;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.expect("expected ',' or ']' in an array")),
            }
        }
    }

    fn object(&mut self, depth: u32) -> Result<Value<'a>, SyntaxError> {
        let depth = self.enter(depth)?;
        let mut members = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.expect("expected a key (a string) in an object"));
            }
            let key = self.string()?;
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.expect("expected ':' after a key"));
            }
            self.at += 1;
            members.push((key, self.value(depth)?));
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.expect("expected ',' or '}' in an object")),
            }
        }
    }

    /// One level deeper (the opening bracket read), or an error past [`MAX_DEPTH`].
    fn enter(&mut self, depth: u32) -> Result<u32, SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.at += 1;
        Ok(depth + 1)
    }
}

/// A byte offset as stored in a node (bodies over 4 GiB do not reach a browser's fetch).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
