//! The MIMC uctopic API's wire facts that the client and the emulator must agree on, declared
//! once: each route (method and path) and each documented limit. The client builds its requests
//! and checks its inputs with them; the emulator routes and enforces them. (Each endpoint's
//! body and answer shapes are still declared on each side; see ARCHITECTURE.md.)
#![no_std]

/// The HTTP method of a route.
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
    pub const fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A route of the API: a method and a path below the service's base URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path, e.g. `/api/uctopic`.
    pub path: &'static str,
}

const fn route(method: Method, path: &'static str) -> Route {
    Route { method, path }
}

/// The token service: app credentials in the body, a user token out.
pub const TOKEN: Route = route(Method::Post, "/api/account/token");
/// Create a group.
pub const CREATE: Route = route(Method::Post, "/api/uctopic");
/// Delete a group (`topicId` header).
pub const DELETE: Route = route(Method::Delete, "/api/uctopic");
/// Rename, transfer or change `extra`.
pub const UPDATE: Route = route(Method::Post, "/api/uctopic/update");
/// One page of members (`topicId`, `startUuid` headers).
pub const MEMBERS: Route = route(Method::Get, "/api/uctopic/userlist");
/// The caller's groups.
pub const MY_GROUPS: Route = route(Method::Get, "/api/uctopic/topics");
/// A group's info (`topicId` header).
pub const INFO: Route = route(Method::Get, "/api/uctopic/topic");
/// How many members are online (`topicId` header).
pub const ONLINE: Route = route(Method::Get, "/api/uctopic/onlineinfo");
/// Mute a member for `forbidSeconds` (0 lifts it).
pub const MUTE: Route = route(Method::Post, "/api/uctopic/forbidsendmsg");

/// Largest `extra`: the document's "10kb", read as 10240 bytes of UTF-8.
pub const MAX_EXTRA_BYTES: usize = 10_240;
/// Longest mute: ten years, in seconds.
pub const MAX_FORBID_SECONDS: u32 = 315_360_000;
/// Members in one page of the member list, as the document says.
pub const PAGE_SIZE: usize = 100;
