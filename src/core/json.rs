//! JSON text written by hand: the results handed to JavaScript (every id as a decimal string, so
//! `JSON.parse` on that side is exact) and the request bodies.
//!
//! serde_json's serializer writes the same text (the tests check that they agree byte for byte),
//! but in a size-optimised wasm module it is several times slower and larger than these few
//! functions, and the member walk serialises every member it hands out.
//!
//! Single characters are appended with `push_str`: in a size-optimised build `push(char)` is a
//! call to an out-of-line UTF-8 encoder, which showed in profiles of the member walk.
#![allow(clippy::single_char_add_str)]

/// A value that writes itself as JSON text.
pub trait ToJson {
    /// Appends this value's JSON text to `out`.
    fn write_json(&self, out: &mut String);

    /// This value as JSON text.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// Writes a JSON object field by field; keys are written as given (plain ASCII names).
pub struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Object<'a> {
    /// Opens an object in `out`.
    pub fn new(out: &'a mut String) -> Self {
        out.push_str("{");
        Object { out, empty: true }
    }

    /// Writes `"key":` and returns the output for the value.
    pub fn key(&mut self, key: &str) -> &mut String {
        self.out.push_str(if self.empty { "\"" } else { ",\"" });
        self.empty = false;
        self.out.push_str(key);
        self.out.push_str("\":");
        self.out
    }

    /// A string field.
    pub fn string(&mut self, key: &str, value: &str) -> &mut Self {
        string(self.key(key), value);
        self
    }

    /// A string field, or null.
    pub fn opt_string(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        let out = self.key(key);
        match value {
            Some(value) => string(out, value),
            None => out.push_str("null"),
        }
        self
    }

    /// An id field, as a decimal string.
    pub fn id(&mut self, key: &str, value: u64) -> &mut Self {
        id(self.key(key), value);
        self
    }

    /// A number field.
    pub fn number(&mut self, key: &str, value: u64) -> &mut Self {
        number(self.key(key), value);
        self
    }

    /// A number field, or null.
    pub fn opt_number(&mut self, key: &str, value: Option<u64>) -> &mut Self {
        let out = self.key(key);
        match value {
            Some(value) => number(out, value),
            None => out.push_str("null"),
        }
        self
    }

    /// A boolean field.
    pub fn boolean(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push_str("}");
    }
}

/// Writes `items` as a JSON array, each with `write`.
pub fn array<T>(out: &mut String, items: &[T], mut write: impl FnMut(&mut String, &T)) {
    out.push_str("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(",");
        }
        write(out, item);
    }
    out.push_str("]");
}

/// Writes `value` as a JSON string, escaped as serde_json escapes it.
pub fn string(out: &mut String, value: &str) {
    out.push_str("\"");
    let mut rest = value;
    while let Some(at) = rest
        .bytes()
        .position(|b| b < 0x20 || b == b'"' || b == b'\\')
    {
        // `at` is an ASCII byte, so both splits fall on character boundaries.
        let (plain, special) = rest.split_at_checked(at).unwrap_or((rest, ""));
        out.push_str(plain);
        let mut chars = special.chars();
        if let Some(c) = chars.next() {
            escape(out, c);
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out.push_str("\"");
}

fn escape(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        c => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let byte = u32::from(c) as usize;
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 15] {
                out.push(char::from(HEX.get(nibble).copied().unwrap_or(b'0')));
            }
        }
    }
}

/// Writes an id as a decimal JSON string.
pub fn id(out: &mut String, value: u64) {
    out.push_str("\"");
    number(out, value);
    out.push_str("\"");
}

/// Writes an unsigned integer as a JSON number.
pub fn number(out: &mut String, value: u64) {
    // Nine digits at a time in u32: in wasm, each u64 division by a constant costs a call to a
    // 128-bit multiply, so there are at most two of them here instead of one per digit.
    const NINE_DIGITS: u64 = 1_000_000_000;
    let mut digits = [b'0'; 27];
    let mut len = 0;
    let mut rest = value;
    for chunk in digits.rchunks_mut(9) {
        let mut part = (rest % NINE_DIGITS) as u32;
        rest /= NINE_DIGITS;
        for slot in chunk.iter_mut().rev() {
            *slot = b'0' + (part % 10) as u8;
            part /= 10;
        }
        len += 9;
        if rest == 0 {
            break;
        }
    }
    let written = digits.get(digits.len() - len..).unwrap_or_default();
    let start = written.iter().position(|&d| d != b'0').unwrap_or(len - 1);
    let text = written.get(start..).unwrap_or_default();
    out.push_str(std::str::from_utf8(text).unwrap_or("0"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut all_ascii = String::new();
        for b in 0u8..0x80 {
            all_ascii.push(char::from(b));
        }
        for text in [
            "",
            "plain",
            "小米用户",
            "quote\" backslash\\ slash/",
            "\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "emoji 🎉 and \u{2028}",
            all_ascii.as_str(),
        ] {
            let mut out = String::new();
            string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn numbers_and_ids() {
        for value in [
            0,
            1,
            9,
            10,
            99,
            100,
            1_000_000,
            999_999_999,
            1_000_000_000,
            1_000_000_001,
            999_999_999_999_999_999,
            1_000_000_000_000_000_000,
            21_351_198_708_203_520,
            u64::MAX / 10,
            u64::MAX,
        ] {
            let mut out = String::new();
            number(&mut out, value);
            assert_eq!(out, value.to_string());
            let mut out = String::new();
            id(&mut out, value);
            assert_eq!(out, format!("\"{value}\""));
        }
    }

    #[test]
    fn objects_and_arrays() {
        let mut out = String::new();
        Object::new(&mut out)
            .string("a", "x")
            .opt_string("b", None)
            .id("c", 7)
            .number("d", 8)
            .opt_number("e", Some(9))
            .boolean("f", false)
            .end();
        assert_eq!(out, r#"{"a":"x","b":null,"c":"7","d":8,"e":9,"f":false}"#);
        let mut out = String::new();
        Object::new(&mut out).end();
        assert_eq!(out, "{}");
        let mut out = String::new();
        array(&mut out, &[1u64, 2], |out, v| id(out, *v));
        assert_eq!(out, r#"["1","2"]"#);
        let mut out = String::new();
        array(&mut out, &[] as &[u64], |out, v| id(out, *v));
        assert_eq!(out, "[]");
    }
}
