//! Routing: which handler a path and method reach (the route tables are `api::ROUTES` and
//! `admin::ROUTES`), a 405 with `Allow` for a method a route does not serve, HEAD as GET, and a
//! web server's 404 for a path that is no route.

use crate::exchange::{Request, Response};
use crate::handler::{Incoming, Route};
use crate::store::ApiError;
use crate::{admin, api, wire, Emulator};
use http::header::{self, HeaderValue};
use http::Method;

/// The answer of the route `path` matches: its handler's, run on the locked state; a 405 with
/// `Allow` for a method it does not serve (HEAD is GET's); a web server's 404 for no route.
pub fn route(emu: &Emulator, request: &Request, path: &str) -> Response {
    let (routes, param) = match find(admin::ROUTES, path) {
        Some(param) => (admin::ROUTES, param),
        None => match find(api::ROUTES, path) {
            Some(param) => (api::ROUTES, param),
            None => return wire::no_route(&request.method, path),
        },
    };
    // HEAD is GET without the body (the adapter drops it), as HTTP servers do.
    let method = match request.method.as_str() {
        "HEAD" => "GET",
        method => method,
    };
    let here = || routes.iter().filter(|(p, _, _)| matches(p, path).is_some());
    let param = percent_decoded(param);
    match here().find(|(_, m, _)| *m == method) {
        Some((_, _, handler)) => wire::respond(handler(
            &mut emu.lock(),
            &Incoming {
                request,
                param: &param,
            },
        )),
        None => {
            let mut response = wire::fail(ApiError {
                code: 405,
                message: "method not allowed on this route".into(),
            });
            // As HTTP asks of a 405 (GET routes serve HEAD too).
            let mut allowed: Vec<&str> = here().map(|(_, m, _)| *m).collect();
            if allowed.contains(&"GET") {
                allowed.push("HEAD");
            }
            if let Ok(value) = HeaderValue::from_str(&allowed.join(",")) {
                response.headers.insert(header::ALLOW, value);
            }
            response
        }
    }
}

/// Whether the path is one of the admin API's (not counted, journaled or faulted).
pub fn is_admin(path: &str) -> bool {
    find(admin::ROUTES, path).is_some()
}

/// A route the API serves, with a method HTTP defines: a set of known size.
pub fn is_api_route(method: &Method, path: &str) -> bool {
    let standard = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::HEAD,
        Method::OPTIONS,
        Method::CONNECT,
        Method::PATCH,
        Method::TRACE,
    ];
    standard.contains(method) && api::ROUTES.iter().any(|(p, _, _)| *p == path)
}

/// A path segment with its `%XX` escapes decoded (left as it is when they are not UTF-8).
fn percent_decoded(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map_or_else(|_| segment.to_owned(), |decoded| decoded.into_owned())
}

/// The parameter of the first route whose path matches, if one does.
fn find<'a>(routes: &[Route], path: &'a str) -> Option<&'a str> {
    routes
        .iter()
        .find_map(|(pattern, _, _)| matches(pattern, path))
}

/// `Some(segment matched by {})` (or "") when the path fits the pattern.
fn matches<'a>(pattern: &str, path: &'a str) -> Option<&'a str> {
    let mut param = "";
    let mut segments = path.split('/');
    for expected in pattern.split('/') {
        let segment = segments.next()?;
        match expected {
            "{}" if !segment.is_empty() => param = segment,
            _ if expected == segment => {}
            _ => return None,
        }
    }
    segments.next().is_none().then_some(param)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_segments() {
        assert_eq!(matches("/api/uctopic", "/api/uctopic"), Some(""));
        assert_eq!(matches("/api/uctopic", "/api/uctopic/x"), None);
        assert_eq!(matches("/api/uctopic/topic", "/api/uctopic"), None);
        assert_eq!(
            matches("/emulator/topics/{}/members", "/emulator/topics/12/members"),
            Some("12")
        );
        assert_eq!(
            matches("/emulator/topics/{}/members", "/emulator/topics//members"),
            None
        );
        assert_eq!(percent_decoded("%31%32"), "12");
        assert_eq!(percent_decoded("%zz%e4"), "%zz%e4");
    }
}
