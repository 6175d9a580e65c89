//! Routing: which handler a path and method reach (the route tables are `api::ROUTES`,
//! `normal::ROUTES` and `admin::ROUTES`, matched by matchit), a 405 with `Allow` for a method a route does not serve, HEAD as GET, and a
//! web server's 404 for a path that is no route.

use crate::exchange::{Request, Response};
use crate::handler::{Handler, Incoming, Route};
use crate::store::ApiError;
use crate::{admin, api, normal, wire, Emulator};
use http::header::{self, HeaderValue};
use http::Method;
use std::sync::LazyLock;

/// Every route by path (matchit, as axum routes): whether it is the admin API's, and the
/// handler of each method it serves.
struct Routes {
    admin: bool,
    methods: Vec<(&'static str, Handler)>,
}

/// The routes a path matches: a parameter matches one segment, not an empty one.
fn find(path: &str) -> Option<matchit::Match<'static, '_, &'static Routes>> {
    table()
        .at(path)
        .ok()
        .filter(|found| found.params.iter().all(|(_, value)| !value.is_empty()))
}

/// The API's routes: unlimited groups and the token service, then normal groups.
fn api_routes() -> impl Iterator<Item = &'static Route> {
    api::ROUTES.iter().chain(normal::ROUTES)
}

fn table() -> &'static matchit::Router<Routes> {
    static TABLE: LazyLock<matchit::Router<Routes>> = LazyLock::new(|| {
        let mut table = matchit::Router::new();
        let mut paths: Vec<(&str, Routes)> = Vec::new();
        let all = admin::ROUTES.iter().map(|r| (true, r));
        for (admin, &(path, method, handler)) in all.chain(api_routes().map(|r| (false, r))) {
            match paths.iter_mut().find(|(p, _)| *p == path) {
                Some((_, routes)) => routes.methods.push((method, handler)),
                None => paths.push((
                    path,
                    Routes {
                        admin,
                        methods: vec![(method, handler)],
                    },
                )),
            }
        }
        for (path, routes) in paths {
            // The tables are constants: a conflict is a bug the unit test below shows.
            let _ = table.insert(path, routes);
        }
        table
    });
    &TABLE
}

/// The answer of the route `path` matches: its handler's, run on the locked state; a 405 with
/// `Allow` for a method it does not serve (HEAD is GET's); a web server's 404 for no route.
pub fn route(emu: &Emulator, request: &Request, path: &str) -> Response {
    let Some(found) = find(path) else {
        return wire::no_route(&request.method, path);
    };
    // HEAD is GET without the body (the adapter drops it), as HTTP servers do.
    let method = match request.method.as_str() {
        "HEAD" => "GET",
        method => method,
    };
    let params: Vec<(&str, String)> = found
        .params
        .iter()
        .map(|(name, value)| (name, percent_decoded(value)))
        .collect();
    let methods = &found.value.methods;
    match methods.iter().find(|(m, _)| *m == method) {
        Some((_, handler)) => {
            let call = Incoming::new(request, &params);
            let result = handler(&mut emu.lock(), &call);
            wire::respond(result, call.message.get())
        }
        None => {
            let mut response = wire::fail(ApiError {
                code: 405,
                message: "method not allowed on this route".into(),
            });
            // As HTTP asks of a 405 (GET routes serve HEAD too).
            let mut allowed: Vec<&str> = methods.iter().map(|(m, _)| *m).collect();
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

/// What the pipeline needs to know of a path, from one lookup.
pub enum PathKind {
    /// The admin API's (not counted, journaled or faulted).
    Admin,
    /// The API's, with the `{topicId}` its path names, percent-decoded (normal groups carry it
    /// there).
    Api { topic: Option<String> },
    /// No route.
    NoRoute,
}

/// The kind of route `path` is.
pub fn classify(path: &str) -> PathKind {
    match find(path) {
        Some(found) if found.value.admin => PathKind::Admin,
        Some(found) => PathKind::Api {
            topic: found.params.get("topicId").map(percent_decoded),
        },
        None => PathKind::NoRoute,
    }
}

/// A method HTTP defines: the counts by route keep a set of known size.
pub fn is_standard(method: &Method) -> bool {
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
    standard.contains(method)
}

/// A path segment with its `%XX` escapes decoded (left as it is when they are not UTF-8).
fn percent_decoded(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .map_or_else(|_| segment.to_owned(), |decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_admin(path: &str) -> bool {
        matches!(classify(path), PathKind::Admin)
    }

    fn path_topic(path: &str) -> Option<String> {
        match classify(path) {
            PathKind::Api { topic } => topic,
            PathKind::Admin | PathKind::NoRoute => None,
        }
    }
    use mimc_uctopic::core::endpoints::AnyEndpoint;

    #[test]
    fn every_endpoint_the_core_declares_is_routed() {
        for endpoint in AnyEndpoint::all().map(AnyEndpoint::endpoint) {
            let (path, method) = (endpoint.path(), endpoint.method().as_str());
            assert!(
                api_routes().any(|(p, m, _)| (*p, *m) == (path, method)),
                "{} ({method} {path}) has no route",
                endpoint.name()
            );
        }
    }

    #[test]
    fn every_route_is_in_the_table_and_patterns_match_whole_segments() {
        let all = admin::ROUTES.iter().chain(api_routes());
        for (path, method, _) in all {
            let found = table()
                .at(path)
                .map(|f| f.value.methods.iter().map(|m| m.0).collect());
            assert!(
                found.is_ok_and(|m: Vec<&str>| m.contains(method)),
                "{method} {path}"
            );
        }
        let param = |path| find(path).map(|f| f.params.get("topicId").map(str::to_owned));
        assert_eq!(param("/api/uctopic"), Some(None));
        assert_eq!(param("/api/uctopic/x"), None);
        assert_eq!(
            param("/emulator/topics/12/members"),
            Some(Some("12".into()))
        );
        assert_eq!(param("/emulator/topics//members"), None);
        assert!(is_admin("/emulator/topics/1/mutes") && !is_admin("/api/uctopic"));
        // Normal groups: a static segment wins over a parameter, as in axum.
        let app = "/api/topic/2882303761517000001";
        assert_eq!(path_topic(&format!("{app}/12")), Some("12".into()));
        assert_eq!(path_topic(&format!("{app}/12/accounts")), Some("12".into()));
        assert_eq!(path_topic(&format!("{app}/account")), None);
        assert_eq!(path_topic(app), None);
        assert_eq!(path_topic("/emulator/topics/12/members"), None);
        assert_eq!(percent_decoded("%31%32"), "12");
        assert_eq!(percent_decoded("%zz%e4"), "%zz%e4");
    }
}
