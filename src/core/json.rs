//! JSON text in and out, for the few forms this API uses: a parser into a tree that keeps each
//! number as it was written (so a 64-bit id is never rounded through a float) and each value's
//! place in the text, and the writing of request bodies. Purpose-made rather than serde_json:
//! the shapes it reads are declared once in `shape`, and serde_json's parser with a serde
//! derive per answer type measured 20.5 KB of the module's gzip (bench/size-budget.json).
//! Fuzzed by tests/fuzz_decode.rs.

use std::borrow::Cow;

/// How deeply arrays and objects may nest before the text is refused (as serde_json does).
const MAX_DEPTH: u32 = 128;

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

/// The exact value of JSON number text that is a whole number (`12`, `-3`, `3.0`, `1.2e3`),
/// as its sign and magnitude, if the magnitude fits in a `u64`. Exact decimal arithmetic, no
/// float: `str::parse::<f64>` links 10 KB of tables into the module.
pub fn whole(text: &str) -> Option<(bool, u64)> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (sign, exponent) = match exponent.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, exponent),
    };
    if exponent.is_empty() || !exponent.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Saturated: an exponent beyond ±10^6 settles the answer as that one does.
    let exponent = exponent
        .bytes()
        .fold(0i64, |e, b| (e * 10 + i64::from(b - b'0')).min(1_000_000));
    // The digits left of the decimal point once the exponent has moved it; any digit right of
    // it must be 0.
    let point = int.len() as i64 + sign * exponent;
    let mut value: u64 = 0;
    let mut count = 0;
    for digit in int.bytes().chain(frac.bytes()) {
        let digit = u64::from(digit.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        if count < point {
            value = value.checked_mul(10)?.checked_add(digit)?;
        } else if digit != 0 {
            return None;
        }
        count += 1;
    }
    while count < point && value != 0 {
        value = value.checked_mul(10)?;
        count += 1;
    }
    Some((negative, value))
}

/// A byte offset as stored in a node (bodies over 4 GiB do not reach a browser's fetch).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Appends `text` as a JSON string.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(*HEX.get(n >> 4).unwrap_or(&b'0')));
                out.push(char::from(*HEX.get(n & 15).unwrap_or(&b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Valid JSON text without the white space between tokens (strings are kept as they are).
pub fn compact(text: &str) -> String {
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

#[cfg(test)]
mod tests;
