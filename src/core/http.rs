//! The calls the library makes and the transport-neutral request each one becomes.
//!
//! Authentication headers are not added here: the transport adds them from `auth`.

use super::error::Result;
use super::shape::{to_text, Write};
use super::wire::Id;

/// A call of the library: a reference to its description, which its resource module declares
/// in its call enum (`groups::Groups`, `members::Members`, `token::Token`) beside its requests
/// and answers, so adding an endpoint touches only its resource. (A reference, cheap to copy:
/// the description by value cost 439 B gzip of the runtime.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Endpoint(&'static Descriptor);

/// What a call is: its name (as errors report it, e.g. `"createTopic"`), HTTP method and path,
/// and whether its answers carry secrets.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Descriptor {
    name: &'static str,
    method: Method,
    path: &'static str,
    carries_secrets: bool,
}

impl Descriptor {
    /// A call of `method` and `path` whose answers carry no secret.
    pub const fn new(name: &'static str, method: Method, path: &'static str) -> Self {
        Descriptor {
            name,
            method,
            path,
            carries_secrets: false,
        }
    }

    /// The same call, marked as answering secrets (a token), so errors never quote its body.
    pub const fn secret(self) -> Self {
        Descriptor {
            carries_secrets: true,
            ..self
        }
    }
}

impl Endpoint {
    /// The endpoint of a declared call.
    pub const fn of(call: &'static Descriptor) -> Self {
        Endpoint(call)
    }

    /// The library's name of the call, as errors report it, e.g. `"createTopic"`.
    pub const fn name(self) -> &'static str {
        self.0.name
    }

    /// The HTTP method.
    pub const fn method(self) -> Method {
        self.0.method
    }

    /// The path below the base URL.
    pub const fn path(self) -> &'static str {
        self.0.path
    }

    /// Whether answers carry secrets (a token), so errors never quote them.
    pub const fn carries_secrets(self) -> bool {
        self.0.carries_secrets
    }
}

/// Declares a resource's endpoints, one line each: the variant, then the library's name of the
/// call (as errors report it), its HTTP method and its path, and `secret` when its answers carry
/// one. It gives the enum, `ALL` (every endpoint in order, which tests enumerate, so a new one
/// cannot be left out of them) and each one's [`Endpoint`] (which the emulator routes by too).
#[macro_export]
macro_rules! endpoints {
    ($(#[$meta:meta])* pub enum $name:ident {
        $($(#[$doc:meta])* $endpoint:ident($js:literal, $method:ident, $path:literal $(, $secret:ident)?),)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$doc])* $endpoint,)*
        }

        impl $name {
            /// Every endpoint of this resource, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$endpoint,)*];

            /// The endpoint's name, method and path.
            pub const fn endpoint(self) -> $crate::core::http::Endpoint {
                use $crate::core::http::{Descriptor, Endpoint, Method};
                Endpoint::of(match self {
                    $($name::$endpoint => const {
                        &Descriptor::new($js, Method::$method, $path)$(.$secret())?
                    },)*
                })
            }
        }

        impl From<$name> for $crate::core::http::Endpoint {
            fn from(endpoint: $name) -> Self {
                endpoint.endpoint()
            }
        }
    };
}

pub use crate::core::protocol::Method;

/// A request ready for any transport: the call, its headers and an optional JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The call; it gives the method and path.
    pub endpoint: Endpoint,
    /// The path with its `{parameters}` filled in and any query, when the call's path has them.
    pub filled: Option<String>,
    /// Headers other than authentication, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if the call has one.
    pub body: Option<String>,
}

impl HttpRequest {
    /// A request with no headers and no body.
    pub fn new(endpoint: Endpoint) -> Self {
        HttpRequest {
            endpoint,
            filled: None,
            headers: Vec::new(),
            body: None,
        }
    }

    /// A request whose path's `{parameters}` are `values`, in order, each percent-encoded.
    pub fn at(endpoint: Endpoint, values: &[&str]) -> Self {
        let mut path = String::new();
        let mut values = values.iter();
        for segment in endpoint.path().split('/').skip(1) {
            path.push('/');
            match segment.starts_with('{') {
                true => percent_encode(&mut path, values.next().copied().unwrap_or_default()),
                false => path.push_str(segment),
            }
        }
        let mut request = HttpRequest::new(endpoint);
        request.filled = Some(path);
        request
    }

    /// The same request with `?name=value` appended (the value's items percent-encoded, the
    /// commas between them kept).
    pub fn query(mut self, name: &str, items: &[String]) -> Self {
        let mut path = self
            .filled
            .take()
            .unwrap_or_else(|| self.endpoint.path().into());
        path.push('?');
        path.push_str(name);
        path.push('=');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                path.push(',');
            }
            percent_encode(&mut path, item);
        }
        self.filled = Some(path);
        self
    }

    /// A request about one group, which the service names in the `topicId` header.
    pub fn about(endpoint: Endpoint, topic_id: Id) -> Self {
        HttpRequest::new(endpoint).header("topicId", topic_id.to_string())
    }

    /// A request whose JSON body is `body` (the struct is the body).
    pub fn json(endpoint: Endpoint, body: &impl Write) -> Result<Self> {
        Ok(HttpRequest::new(endpoint).with_json(body))
    }

    /// The same request with `body` as its JSON body.
    pub fn with_json(self, body: &impl Write) -> Self {
        let mut request = self.header("Content-Type", "application/json");
        request.body = Some(to_text(body));
        request
    }

    /// The same request with one more header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.endpoint.method()
    }

    /// The path below the base URL, starting with `/`, with any query.
    pub fn path(&self) -> &str {
        self.filled.as_deref().unwrap_or(self.endpoint.path())
    }

    /// Whether sending this twice is harmless, so a retry is safe (GET only).
    pub fn idempotent(&self) -> bool {
        // DELETE is idempotent in HTTP terms, but a retried delete answers an error for a group
        // the first attempt already removed, so it is not retried.
        self.method() == Method::Get
    }

    /// The full URL under `base_url`, which may or may not end in `/`.
    pub fn url(&self, base_url: &str) -> String {
        let mut url = base_url.trim_end_matches('/').to_owned();
        url.push_str(self.path());
        url
    }
}

/// Appends `value` with every byte but RFC 3986's unreserved ones as `%XX`.
fn percent_encode(out: &mut String, value: &str) {
    let hex = |n: u8| char::from_digit(u32::from(n), 16).map_or('0', |c| c.to_ascii_uppercase());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 15));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::groups::Groups;
    use crate::core::members::Members;

    #[test]
    fn only_gets_are_idempotent() {
        assert!(HttpRequest::new(Groups::GetTopic.into()).idempotent());
        assert!(HttpRequest::new(Members::MemberPage.into()).idempotent());
        assert!(!HttpRequest::new(Groups::DeleteTopic.into()).idempotent());
        assert!(!HttpRequest::new(Groups::CreateTopic.into()).idempotent());
        assert!(!HttpRequest::new(Groups::UnmuteMember.into()).idempotent());
    }

    #[test]
    fn urls_join_with_or_without_a_slash() {
        let r = HttpRequest::new(Groups::ListTopics.into());
        assert_eq!(
            r.url("http://127.0.0.1:8787"),
            "http://127.0.0.1:8787/api/uctopic/topics"
        );
        assert_eq!(
            r.url("https://mimc.chat.xiaomi.net/"),
            "https://mimc.chat.xiaomi.net/api/uctopic/topics"
        );
    }

    #[test]
    fn a_group_is_named_in_the_topic_id_header() {
        let r = HttpRequest::about(Groups::DeleteTopic.into(), Id(u64::MAX));
        assert_eq!((r.method(), r.path()), (Method::Delete, "/api/uctopic"));
        assert_eq!(
            r.headers,
            vec![("topicId".to_owned(), "18446744073709551615".to_owned())]
        );
        assert_eq!(r.body, None);
    }
}
