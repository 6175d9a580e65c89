//! The one error type of the library: a kind to branch on, plus the facts needed to act on it.

use std::fmt;

/// The broad class of a failure, stable across versions, for callers to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The server answered with an envelope whose code is not 200 (and not an auth failure).
    Api,
    /// The server refused the credentials (code 401 or HTTP 401).
    Auth,
    /// The server, or something in front of it, answered a non-2xx status without an envelope.
    Http,
    /// The request never got an answer: DNS, TLS, CORS, connection reset and the like.
    Network,
    /// The request took longer than the configured timeout.
    Timeout,
    /// The caller cancelled the request.
    Aborted,
    /// The server answered, but its body did not have the documented shape.
    Decode,
    /// The caller's input broke a rule; nothing was sent.
    InvalidInput,
}

impl ErrorKind {
    /// The kind's stable name as JavaScript sees it, e.g. `"invalid-input"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::Auth => "auth",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Decode => "decode",
            ErrorKind::InvalidInput => "invalid-input",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure of one call, with everything known about it; never holds a token, appKey or appSecret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What class of failure this is.
    pub kind: ErrorKind,
    /// A human-readable explanation that says what to do about it.
    pub message: String,
    /// The envelope's `code`, when the server sent one.
    pub code: Option<i64>,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The library's name of the call that failed, e.g. `"createTopic"`.
    pub endpoint: Option<&'static str>,
    /// How long the server asked us to wait before retrying, in milliseconds.
    pub retry_after_ms: Option<u64>,
}

/// The result type of every fallible function in the core.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error of the given kind with only a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            code: None,
            status: None,
            endpoint: None,
            retry_after_ms: None,
        }
    }

    /// The caller's input broke a rule; the message names the field and the rule.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// The server's answer to `endpoint` did not have the documented shape.
    pub fn decode(endpoint: &'static str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Decode, message).with_endpoint(endpoint)
    }

    /// The request to `endpoint` got no answer at all.
    pub fn network(endpoint: &'static str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Network, message).with_endpoint(endpoint)
    }

    /// The request to `endpoint` exceeded its timeout.
    pub fn timeout(endpoint: &'static str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Timeout, message).with_endpoint(endpoint)
    }

    /// The request to `endpoint` was cancelled by the caller.
    pub fn aborted(endpoint: &'static str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Aborted, message).with_endpoint(endpoint)
    }

    /// `endpoint` answered a non-2xx `status` without an envelope.
    pub fn http(endpoint: &'static str, status: u16, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Http, message)
            .with_endpoint(endpoint)
            .with_status(status)
    }

    /// `endpoint` answered an envelope with a failure `code`.
    pub fn api(endpoint: &'static str, status: u16, code: i64, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Api, message)
            .with_endpoint(endpoint)
            .with_status(status)
            .with_code(code)
    }

    /// `endpoint` refused the credentials.
    pub fn auth(
        endpoint: &'static str,
        status: u16,
        code: i64,
        message: impl Into<String>,
    ) -> Self {
        Error::new(ErrorKind::Auth, message)
            .with_endpoint(endpoint)
            .with_status(status)
            .with_code(code)
    }

    /// The same error, attributed to `endpoint`.
    pub fn with_endpoint(mut self, endpoint: &'static str) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// The same error, with the HTTP status that came with it.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The same error, with the envelope code that came with it.
    pub fn with_code(mut self, code: i64) -> Self {
        self.code = Some(code);
        self
    }

    /// The same error, with the wait the server asked for (None leaves it unset).
    pub fn with_retry_after_ms(mut self, retry_after_ms: Option<u64>) -> Self {
        self.retry_after_ms = retry_after_ms;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(endpoint) = self.endpoint {
            write!(f, "{endpoint}: ")?;
        }
        write!(f, "{} ({}", self.message, self.kind)?;
        if let Some(code) = self.code {
            write!(f, "; code {code}")?;
        }
        if let Some(status) = self.status {
            write!(f, "; HTTP {status}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for Error {}

/// At most `max_chars` characters of `text`, cut on a character boundary, with "…" when cut.
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => {
            let mut out = text.get(..cut).unwrap_or_default().to_owned();
            out.push('…');
            out
        }
        None => text.to_owned(),
    }
}

/// `text` in double quotes, escaped as a JSON string (quotes, backslashes, control
/// characters), for error messages: JavaScript developers read it as they would write it.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    super::json::write_string(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_stable() {
        let all = [
            (ErrorKind::Api, "api"),
            (ErrorKind::Auth, "auth"),
            (ErrorKind::Http, "http"),
            (ErrorKind::Network, "network"),
            (ErrorKind::Timeout, "timeout"),
            (ErrorKind::Aborted, "aborted"),
            (ErrorKind::Decode, "decode"),
            (ErrorKind::InvalidInput, "invalid-input"),
        ];
        for (kind, name) in all {
            assert_eq!(kind.as_str(), name);
            assert_eq!(kind.to_string(), name);
        }
    }

    #[test]
    fn constructors_fill_the_right_fields() {
        let e = Error::api("createTopic", 200, 403, "no permission");
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.code, Some(403));
        assert_eq!(e.status, Some(200));
        assert_eq!(e.endpoint, Some("createTopic"));
        assert_eq!(e.retry_after_ms, None);

        let e = Error::invalid_input("topicName must not be empty");
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(e.endpoint, None);

        let e = Error::network("getTopic", "offline").with_retry_after_ms(Some(1000));
        assert_eq!(e.kind, ErrorKind::Network);
        assert_eq!(e.retry_after_ms, Some(1000));

        assert_eq!(Error::timeout("x", "m").kind, ErrorKind::Timeout);
        assert_eq!(Error::aborted("x", "m").kind, ErrorKind::Aborted);
        assert_eq!(Error::decode("x", "m").kind, ErrorKind::Decode);
        assert_eq!(Error::auth("x", 401, 401, "m").kind, ErrorKind::Auth);
        let e = Error::http("x", 502, "m");
        assert_eq!((e.kind, e.status), (ErrorKind::Http, Some(502)));
    }

    #[test]
    fn display_carries_endpoint_kind_code_and_status() {
        let e = Error::api("createTopic", 200, 403, "no permission");
        assert_eq!(
            e.to_string(),
            "createTopic: no permission (api; code 403; HTTP 200)"
        );
        let e = Error::invalid_input("topicName must not be empty");
        assert_eq!(e.to_string(), "topicName must not be empty (invalid-input)");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().contains("topicName"));
    }

    #[test]
    fn quoted_escapes_as_json() {
        for text in [
            "",
            "abc",
            "a\"b",
            "back\\slash",
            "line\nbreak\r\t",
            "小米",
            "nul\0",
            "\u{1f}",
        ] {
            assert_eq!(quoted(text), serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn truncate_cuts_on_char_boundaries() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("小米用户", 2), "小米…");
        assert_eq!(truncate("", 0), "");
        assert_eq!(truncate("a", 0), "…");
    }
}
