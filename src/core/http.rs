//! The calls the library makes and the transport-neutral request each one becomes.
//!
//! Authentication headers are not added here: the transport adds them from `auth`.

use serde::Serialize;

use super::error::{Error, Result};
use super::wire::Id;

/// Every call of the library, with its HTTP method and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /api/uctopic`: create a group.
    CreateTopic,
    /// `POST /api/uctopic/update`: rename, transfer or change `extra`.
    UpdateTopic,
    /// `DELETE /api/uctopic`: delete a group.
    DeleteTopic,
    /// `GET /api/uctopic/userlist`: one page of members.
    MemberPage,
    /// `GET /api/uctopic/topics`: the caller's groups.
    ListTopics,
    /// `GET /api/uctopic/topic`: a group's info.
    GetTopic,
    /// `GET /api/uctopic/onlineinfo`: how many members are online.
    OnlineCount,
    /// `POST /api/uctopic/forbidsendmsg` with seconds > 0.
    MuteMember,
    /// `POST /api/uctopic/forbidsendmsg` with 0 seconds.
    UnmuteMember,
    /// `POST /api/account/token`: the token service.
    FetchToken,
}

impl Endpoint {
    /// The library's name of the call, as errors report it, e.g. `"createTopic"`.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::CreateTopic => "createTopic",
            Endpoint::UpdateTopic => "updateTopic",
            Endpoint::DeleteTopic => "deleteTopic",
            Endpoint::MemberPage => "memberPage",
            Endpoint::ListTopics => "listTopics",
            Endpoint::GetTopic => "getTopic",
            Endpoint::OnlineCount => "onlineCount",
            Endpoint::MuteMember => "muteMember",
            Endpoint::UnmuteMember => "unmuteMember",
            Endpoint::FetchToken => "fetchToken",
        }
    }

    /// The HTTP method.
    pub fn method(self) -> Method {
        match self {
            Endpoint::MemberPage
            | Endpoint::ListTopics
            | Endpoint::GetTopic
            | Endpoint::OnlineCount => Method::Get,
            Endpoint::DeleteTopic => Method::Delete,
            Endpoint::CreateTopic
            | Endpoint::UpdateTopic
            | Endpoint::MuteMember
            | Endpoint::UnmuteMember
            | Endpoint::FetchToken => Method::Post,
        }
    }

    /// The path below the base URL.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::CreateTopic | Endpoint::DeleteTopic => "/api/uctopic",
            Endpoint::UpdateTopic => "/api/uctopic/update",
            Endpoint::MemberPage => "/api/uctopic/userlist",
            Endpoint::ListTopics => "/api/uctopic/topics",
            Endpoint::GetTopic => "/api/uctopic/topic",
            Endpoint::OnlineCount => "/api/uctopic/onlineinfo",
            Endpoint::MuteMember | Endpoint::UnmuteMember => "/api/uctopic/forbidsendmsg",
            Endpoint::FetchToken => "/api/account/token",
        }
    }

    /// Whether answers carry secrets (a token), so errors never quote them.
    pub fn carries_secrets(self) -> bool {
        self == Endpoint::FetchToken
    }
}

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name as HTTP writes it, e.g. `"GET"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready for any transport: the call, its headers and an optional JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The call; it gives the method and path.
    pub endpoint: Endpoint,
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
            headers: Vec::new(),
            body: None,
        }
    }

    /// A request about one group, which the service names in the `topicId` header.
    pub fn about(endpoint: Endpoint, topic_id: Id) -> Self {
        HttpRequest::new(endpoint).header("topicId", topic_id.to_string())
    }

    /// A request whose JSON body is `body` (the struct is the body).
    pub fn json(endpoint: Endpoint, body: &impl Serialize) -> Result<Self> {
        let text = serde_json::to_string(body)
            .map_err(|e| Error::invalid_input(e.to_string()).with_endpoint(endpoint.name()))?;
        let mut request = HttpRequest::new(endpoint).header("Content-Type", "application/json");
        request.body = Some(text);
        Ok(request)
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

    /// The path below the base URL, starting with `/`.
    pub fn path(&self) -> &'static str {
        self.endpoint.path()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_gets_are_idempotent() {
        assert!(HttpRequest::new(Endpoint::GetTopic).idempotent());
        assert!(HttpRequest::new(Endpoint::MemberPage).idempotent());
        assert!(!HttpRequest::new(Endpoint::DeleteTopic).idempotent());
        assert!(!HttpRequest::new(Endpoint::CreateTopic).idempotent());
        assert!(!HttpRequest::new(Endpoint::UnmuteMember).idempotent());
    }

    #[test]
    fn urls_join_with_or_without_a_slash() {
        let r = HttpRequest::new(Endpoint::ListTopics);
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
        let r = HttpRequest::about(Endpoint::DeleteTopic, Id(u64::MAX));
        assert_eq!((r.method(), r.path()), (Method::Delete, "/api/uctopic"));
        assert_eq!(
            r.headers,
            vec![("topicId".to_owned(), "18446744073709551615".to_owned())]
        );
        assert_eq!(r.body, None);
    }
}
