//! The MIMC uctopic API's wire facts that the client and the emulator must agree on, declared
//! once: the HTTP methods and each documented limit (each endpoint's route is declared with
//! its resource: `endpoints!`). The client checks its inputs with the limits; the emulator
//! (which depends on this core) enforces them.

/// The HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name as HTTP writes it, e.g. `"GET"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Largest `extra`: the document's "10kb", read as 10240 bytes of UTF-8.
pub const MAX_EXTRA_BYTES: usize = 10_240;
/// Longest mute: ten years, in seconds.
pub const MAX_FORBID_SECONDS: u32 = 315_360_000;
/// Members in one page of the member list, as the document says.
pub const PAGE_SIZE: usize = 100;
/// Most members a normal group has, its owner included (the manual's default).
pub const MAX_NORMAL_MEMBERS: usize = 500;
