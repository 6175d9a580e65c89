//! Every endpoint of the library, resource by resource: what the tests enumerate, so a new
//! endpoint is fuzzed and checked with no edit to them, and a table that matches on
//! [`AnyEndpoint`] without a wildcard does not compile until it covers the new one.
//! (Used by tests and tools only: nothing here reaches the client's wasm.)

use super::groups::Groups;
use super::http::Endpoint;
use super::members::Members;
use super::normal::NormalGroups;
use super::token::Token;

/// An endpoint of any resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnyEndpoint {
    /// A group call.
    Groups(Groups),
    /// A member call.
    Members(Members),
    /// A token service call.
    Token(Token),
    /// A normal-group call.
    Normal(NormalGroups),
}

impl AnyEndpoint {
    /// Every endpoint, resource by resource, each in its declared order.
    pub fn all() -> impl Iterator<Item = AnyEndpoint> {
        let groups = Groups::ALL.iter().copied().map(AnyEndpoint::Groups);
        let members = Members::ALL.iter().copied().map(AnyEndpoint::Members);
        let token = Token::ALL.iter().copied().map(AnyEndpoint::Token);
        let normal = NormalGroups::ALL.iter().copied().map(AnyEndpoint::Normal);
        groups.chain(members).chain(token).chain(normal)
    }

    /// Its description: name, method and path.
    pub fn endpoint(self) -> Endpoint {
        match self {
            AnyEndpoint::Groups(e) => e.into(),
            AnyEndpoint::Members(e) => e.into(),
            AnyEndpoint::Token(e) => e.into(),
            AnyEndpoint::Normal(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_is_listed_and_every_name_is_unique() {
        // A new resource is a new variant: this match refuses to compile until `all` is told.
        let resource = |e: AnyEndpoint| match e {
            AnyEndpoint::Groups(_) => 0,
            AnyEndpoint::Members(_) => 1,
            AnyEndpoint::Token(_) => 2,
            AnyEndpoint::Normal(_) => 3,
        };
        let all: Vec<AnyEndpoint> = AnyEndpoint::all().collect();
        let mut listed = [false; 4];
        all.iter().for_each(|&e| listed[resource(e)] = true);
        assert_eq!(listed, [true; 4]);
        let mut names: Vec<&str> = all.iter().map(|e| e.endpoint().name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "{names:?}");
    }
}
