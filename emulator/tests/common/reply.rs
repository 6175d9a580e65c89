//! Answers as the tests read them: status, headers, text and envelope; ids and flags in either
//! wire format; raw HTTP for what reqwest would normalise.

use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use std::time::Duration;

/// An answer: status, headers, raw text and the parsed envelope (Null when not JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    /// The envelope's code (a JSON number).
    pub fn code(&self) -> u64 {
        self.json["code"]
            .as_u64()
            .unwrap_or_else(|| panic!("no numeric code in {:?}", self.text))
    }

    /// Asserts success (HTTP 200, code 200, message "success") and returns data.
    #[track_caller]
    pub fn data(&self) -> &Value {
        assert_eq!(self.status, 200, "HTTP status of {}", self.text);
        assert_eq!(self.json["code"], json!(200), "code of {}", self.text);
        assert_eq!(self.json["message"], json!("success"), "{}", self.text);
        &self.json["data"]
    }

    /// Asserts a failure envelope with this code (also the HTTP status) and `data: null`.
    #[track_caller]
    pub fn fails(&self, code: u16) -> &Self {
        assert_eq!(self.status, code, "HTTP status of {}", self.text);
        assert_eq!(self.json["code"], json!(code), "code of {}", self.text);
        assert!(
            self.json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "message of {}",
            self.text
        );
        assert!(
            self.json
                .as_object()
                .is_some_and(|o| o.contains_key("data"))
                && self.json["data"].is_null(),
            "data must be null in {}",
            self.text
        );
        self
    }

    /// The web server's own 404 for a path no handler has: plain text, no envelope.
    pub fn no_route(&self) -> &Self {
        assert_eq!(self.status, 404, "HTTP status of {}", self.text);
        assert!(
            self.text.starts_with("404 Not Found: no route for "),
            "{}",
            self.text
        );
        self
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Reads an answer into a [`Reply`].
pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("answer body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        text,
        json,
    }
}

/// An id as the emulator may send it: a JSON number or a string of digits, never via f64.
#[track_caller]
pub fn id(value: &Value) -> u64 {
    match value {
        Value::Number(n) => n.as_u64().unwrap_or_else(|| panic!("{n} is not a u64")),
        Value::String(s) => s.parse().unwrap_or_else(|_| panic!("{s:?} is not a u64")),
        other => panic!("{other} is not an id"),
    }
}

/// isEnd as either wire format sends it.
#[track_caller]
pub fn flag(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::String(s) if s == "true" => true,
        Value::String(s) if s == "false" => false,
        other => panic!("{other} is not a flag"),
    }
}

/// Sends raw bytes over a fresh TCP connection (`Connection: close` expected in `request`) and
/// returns (status, body): for header spellings reqwest would normalise.
pub async fn raw_http(addr: std::net::SocketAddr, request: &[u8]) -> (u16, Value) {
    use std::io::{Read, Write};
    let request = request.to_vec();
    let answer = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("timeout");
        stream.write_all(&request).expect("write");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .expect("read the whole answer");
        answer
    })
    .await
    .expect("raw HTTP task");
    let text = String::from_utf8(answer).expect("UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, serde_json::from_str(body).expect("JSON body"))
}
