//! The service document's examples, read from `docs/uctopic-api.md`: each endpoint's `curl`
//! requests and JSON answer, copied there verbatim in blocks fenced as ```` ```sh golden <call>
//! token ````, ```` ```sh golden <call> app ```` and ```` ```json golden <call> answer ````.
//!
//! One copy for both witnesses: the client's `tests/golden.rs` and the emulator's
//! `emulator/tests/golden.rs` include this file by path. The client and the emulator share each
//! endpoint's declaration (the client core's), which cannot witness itself; these examples are
//! the service's own word, so both sides are checked against text neither of them generates.
#![allow(dead_code)]

use serde_json::Value;

/// The reference, read when the tests are compiled (a change to it rebuilds them).
const DOC: &str = include_str!("../../docs/uctopic-api.md");

/// One fenced example: the call (the client's method name), its form (`token`, `app` or
/// `answer`), its text as written, and the line of the reference where it starts.
#[derive(Debug, Clone)]
pub struct Example {
    pub call: String,
    pub form: String,
    pub text: String,
    pub line: usize,
}

/// Every golden block of the reference, in order.
pub fn examples() -> Vec<Example> {
    let mut found = Vec::new();
    let mut lines = DOC.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let words: Vec<&str> = info.split_whitespace().collect();
        let (call, form) = match words.as_slice() {
            ["sh", "golden", call, form @ ("token" | "app")] => (call, form),
            ["json", "golden", call, form @ "answer"] => (call, form),
            [_, "golden", ..] => panic!(
                "docs/uctopic-api.md:{}: a golden block is `sh golden <call> token|app` or `json golden <call> answer`, not {info:?}",
                i + 1
            ),
            _ => {
                // Another fenced block: skip to its end.
                for (_, inner) in lines.by_ref() {
                    if inner.starts_with("```") {
                        break;
                    }
                }
                continue;
            }
        };
        let mut text = String::new();
        for (_, inner) in lines.by_ref() {
            if inner.starts_with("```") {
                break;
            }
            text.push_str(inner);
            text.push('\n');
        }
        found.push(Example {
            call: (*call).to_owned(),
            form: (*form).to_owned(),
            text,
            line: i + 1,
        });
    }
    found
}

/// The one example of `call` in `form`; panics if the reference has none or several.
#[track_caller]
pub fn example(call: &str, form: &str) -> Example {
    let mut matching = examples()
        .into_iter()
        .filter(|e| e.call == call && e.form == form);
    let first = matching
        .next()
        .unwrap_or_else(|| panic!("docs/uctopic-api.md has no ```… golden {call} {form} block"));
    assert!(
        matching.next().is_none(),
        "docs/uctopic-api.md has more than one golden {call} {form} block"
    );
    first
}

/// A documented request, as its `curl` command gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Curl {
    /// `-X` (`-XPOST` in the document), or GET, or POST when there is a body.
    pub method: String,
    /// The URL as written.
    pub url: String,
    /// The URL's path, from the first `/` after the host.
    pub path: String,
    /// `-H` headers in order: the name as written, the value with the spaces after `:` removed.
    pub headers: Vec<(String, String)>,
    /// `-d`, as written.
    pub body: Option<String>,
}

impl Curl {
    /// The request of `call` in `form` (`token` or `app`), placeholders still in it.
    #[track_caller]
    pub fn of(call: &str, form: &str) -> Curl {
        let example = example(call, form);
        parse_curl(&example.text)
            .unwrap_or_else(|e| panic!("docs/uctopic-api.md:{}: {e}", example.line))
    }

    /// The same request with every `$placeholder` replaced: in headers by the value's text, in
    /// the body as [`fill`] does. Panics on a placeholder `values` does not give.
    #[track_caller]
    pub fn filled(&self, values: &[(&str, Value)]) -> Curl {
        Curl {
            method: self.method.clone(),
            url: self.url.clone(),
            path: self.path.clone(),
            headers: self
                .headers
                .iter()
                .map(|(name, value)| (name.clone(), fill_text(value, values)))
                .collect(),
            body: self.body.as_deref().map(|body| fill(body, values)),
        }
    }

    /// The value of the header spelled exactly `name`, if the document sends it.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The answer of `call` with every placeholder replaced (see [`fill`]), parsed.
#[track_caller]
pub fn answer(call: &str, values: &[(&str, Value)]) -> Value {
    let example = example(call, "answer");
    let text = fill(&example.text, values);
    serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "docs/uctopic-api.md:{}: the answer is not JSON once filled ({e}):\n{text}",
            example.line
        )
    })
}

/// The answer's text with its placeholders replaced, for a decoder to read.
#[track_caller]
pub fn answer_text(call: &str, values: &[(&str, Value)]) -> String {
    fill(&example(call, "answer").text, values)
}

/// Splits a `curl` command as a shell would (quotes, no escapes: the document has none; its
/// lines have no `\` at the end, which is read here as if they had).
pub fn parse_curl(text: &str) -> Result<Curl, String> {
    let words = shell_words(text)?;
    let mut words = words.into_iter();
    if words.next().as_deref() != Some("curl") {
        return Err(format!("not a curl command: {text:?}"));
    }
    let mut url = None;
    let mut method = None;
    let mut headers = Vec::new();
    let mut body = None;
    while let Some(word) = words.next() {
        let mut argument = |flag: &str| {
            words
                .next()
                .ok_or_else(|| format!("{flag} without its argument"))
        };
        if let Some(m) = word.strip_prefix("-X") {
            method = Some(if m.is_empty() {
                argument("-X")?
            } else {
                m.to_owned()
            });
        } else if word == "-H" {
            let header = argument("-H")?;
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| format!("header without a colon: {header:?}"))?;
            // As curl sends it: the name as written, the value after the colon's spaces.
            headers.push((name.to_owned(), value.trim_start().to_owned()));
        } else if word == "-d" {
            body = Some(argument("-d")?);
        } else if word.starts_with('-') {
            return Err(format!("an option this reader does not know: {word}"));
        } else if url.replace(word.clone()).is_some() {
            return Err(format!("a second URL: {word}"));
        }
    }
    let url = url.ok_or("no URL")?;
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_owned()))
        .ok_or_else(|| format!("a URL without a path: {url}"))?;
    let method = method.unwrap_or_else(|| if body.is_some() { "POST" } else { "GET" }.into());
    Ok(Curl {
        method,
        url,
        path,
        headers,
        body,
    })
}

fn shell_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let quoted = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some(end) if end == c => break,
                        Some(inner) => quoted.push(inner),
                        None => return Err(format!("unclosed {c} in {text:?}")),
                    }
                }
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// Replaces each `$name` in JSON text: inside a string literal (`"$topicid"`) by the value's
/// text, escaped for the string; outside (`$topicId`) by the value as JSON, so a bare `$topicName`
/// becomes `"room"` and a bare `$topicId` a number: the document's quoting decides the JSON type
/// where it quotes, and the placeholder's meaning where it does not.
#[track_caller]
pub fn fill(json: &str, values: &[(&str, Value)]) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = json;
    while let Some(c) = rest.chars().next() {
        if c == '$' {
            let (name, after) = placeholder(rest);
            let value = lookup(name, values);
            if in_string {
                let quoted = serde_json::to_string(&Value::String(text_of(value))).unwrap();
                out.push_str(&quoted[1..quoted.len() - 1]);
            } else {
                out.push_str(&value.to_string());
            }
            rest = after;
            continue;
        }
        if in_string && escaped {
            escaped = false;
        } else if in_string && c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_string = !in_string;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Replaces each `$name` in plain text (a header value) by the value's text.
#[track_caller]
pub fn fill_text(text: &str, values: &[(&str, Value)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let (name, after) = placeholder(&rest[at..]);
        out.push_str(&text_of(lookup(name, values)));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `$name` at the start of `text` (letters, digits, `_`): the name and what follows it.
fn placeholder(text: &str) -> (&str, &str) {
    let body = &text[1..];
    let end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    assert!(end > 0, "a `$` with no name after it in {text:?}");
    (&body[..end], &body[end..])
}

#[track_caller]
fn lookup<'v>(name: &str, values: &'v [(&str, Value)]) -> &'v Value {
    values
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no test value for the document's placeholder ${name}"))
}

/// A value as text: a string as it is, anything else as its JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The name of a JSON value's type, for messages and type comparisons.
pub fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The golden blocks the reference must have: a request in each way of authenticating and an
/// answer, for every call of the document (the token service is not in it).
pub const CALLS: [&str; 8] = [
    "createTopic",
    "updateTopic",
    "deleteTopic",
    "memberPage",
    "listTopics",
    "getTopic",
    "onlineCount",
    "muteMember",
];

/// Checks that the reference has exactly the blocks of [`CALLS`], each form once, in order.
pub fn assert_every_call_has_its_examples() {
    let found: Vec<(String, String)> = examples().into_iter().map(|e| (e.call, e.form)).collect();
    let expected: Vec<(String, String)> = CALLS
        .iter()
        .flat_map(|call| {
            ["token", "app", "answer"].map(|form| ((*call).to_owned(), form.to_owned()))
        })
        .collect();
    assert_eq!(found, expected, "the golden blocks of docs/uctopic-api.md");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn curl_is_split_as_a_shell_would() {
        let curl = parse_curl(
            "curl \"https://h.example/api/x\" -XPOST\n -d '{\"a\":$a}'\n -H \"token:$t\"\n  -H \"X: 1\"\n",
        )
        .unwrap();
        assert_eq!(curl.method, "POST");
        assert_eq!(curl.path, "/api/x");
        assert_eq!(
            curl.headers,
            vec![
                ("token".to_owned(), "$t".to_owned()),
                ("X".to_owned(), "1".to_owned())
            ]
        );
        assert_eq!(curl.body.as_deref(), Some("{\"a\":$a}"));
    }

    #[test]
    fn placeholders_follow_the_quoting() {
        let values = [("id", json!(7)), ("name", json!("a\"b")), ("id1", json!(8))];
        assert_eq!(
            fill(
                r#"{"x":$id,"y":"$id","z":$name,"w":"$name","v":[$id1, $id]}"#,
                &values
            ),
            r#"{"x":7,"y":"7","z":"a\"b","w":"a\"b","v":[8, 7]}"#
        );
        assert_eq!(fill_text("$id", &values), "7");
    }
}
