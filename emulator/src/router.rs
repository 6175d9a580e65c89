//! From a request to an answer, with no I/O: trailing slashes, CORS, routing, and around the
//! API the request counts, the journal and injected faults.
//!
//! An answer takes two steps, so that a fault's delay is the adapter's to wait out (with its
//! own timer) between them: [`Emulator::receive`] counts, journals and picks the fault;
//! [`Emulator::respond`] runs the handler.

use crate::counts::group_id;
use crate::exchange::{Body, Request, Response};
use crate::faults::{topic_of, Fault};
use crate::handler::{Call, Route};
use crate::journal::JournalEntry;
use crate::store::ApiError;
use crate::{admin, api, wire, Emulator};
use http::header::{self, HeaderValue};
use http::Method;

/// A received request on its way to its answer.
pub struct Received {
    request: Request,
    /// The path as routed: trailing slashes trimmed.
    path: String,
    /// Wait this long before [`Emulator::respond`].
    pub delay_ms: u64,
    plan: Plan,
}

enum Plan {
    /// Known already: a preflight, or a body too large to look into.
    Answer(Response),
    /// The handler, with the fault that matched (if any) still to apply.
    Handle(Option<Fault>),
}

impl Emulator {
    /// Step one: CORS preflights are answered; API requests (everything but the admin routes)
    /// are counted and journaled, and the first matching fault is taken.
    pub fn receive(&self, request: Request) -> Received {
        let path = routed_path(&request.path);
        let done = |request, plan| Received {
            request,
            path: path.clone(),
            delay_ms: 0,
            plan,
        };
        if request.method == Method::OPTIONS {
            return done(request, Plan::Answer(preflight()));
        }
        if find(admin::ROUTES, &path).is_some() {
            return done(request, Plan::Handle(None));
        }
        let topic = topic_of(&request.method, &request.headers, &request.body);
        let entry = JournalEntry::new(&request, &path, topic.clone());
        let api_route = is_api_route(&request.method, &path);
        // One lock for all of it: the counts and the journal agree, no group is deleted between
        // finding it and counting under it (its counts would outlive it, for ever), and the
        // fault is taken by this request alone.
        let mut state = self.lock();
        let group = topic
            .as_deref()
            .and_then(group_id)
            .filter(|&id| state.store.has_topic(id));
        state
            .counts
            .record(&request.method, &path, topic.as_deref(), group, api_route);
        state.journal.record(entry);
        if request.method == Method::POST && request.body.whole().is_none() {
            // Too large to find a topicId in: the answer is the handler's 413, and no fault.
            let too_large = wire::fail(ApiError::too_large(crate::exchange::MAX_BODY_BYTES));
            return done(request, Plan::Answer(too_large));
        }
        let fault = state
            .faults
            .iter_mut()
            .find(|f| f.matches(request.method.as_str(), &path, topic.as_deref()))
            .map(|f| {
                f.times -= 1;
                f.clone()
            });
        drop(state);
        Received {
            delay_ms: fault.as_ref().and_then(|f| f.delay_ms).unwrap_or(0),
            ..done(request, Plan::Handle(fault))
        }
    }

    /// Step two: the answer (the fault's, or the handler's with the fault's headers), with the
    /// CORS headers every answer carries.
    pub fn respond(&self, received: Received) -> Response {
        let Received {
            request,
            path,
            plan,
            ..
        } = received;
        let mut response = match plan {
            Plan::Answer(response) => response,
            Plan::Handle(fault) => {
                let mut response = match fault.as_ref().and_then(Fault::answer) {
                    Some(response) => response,
                    None => self.route(&request, &path),
                };
                if let Some(fault) = &fault {
                    fault.add_headers(&mut response);
                }
                response
            }
        };
        if request.method != Method::OPTIONS {
            cors(&mut response);
        }
        response
    }

    /// Both steps at once, for adapters with nothing to wait for (and tests).
    pub fn handle(&self, request: Request) -> (u64, Response) {
        let received = self.receive(request);
        let delay = received.delay_ms;
        (delay, self.respond(received))
    }

    fn route(&self, request: &Request, path: &str) -> Response {
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
                &mut self.lock(),
                &Call {
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
}

/// A route the API serves, with a method HTTP defines: a set of known size.
fn is_api_route(method: &Method, path: &str) -> bool {
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

/// The path with slashes trimmed at both ends, then one leading: real clients send
/// `/api/uctopic/` and, from a base URL ending in `/`, `//api/uctopic`.
fn routed_path(path: &str) -> String {
    format!("/{}", path.trim_matches('/'))
}

/// A path segment with its `%XX` escapes decoded (left as it is when they are not UTF-8).
fn percent_decoded(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
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

/// Any origin, any method, any header: the emulator serves pages from anywhere.
fn preflight() -> Response {
    let mut response = Response::new(200, None, Vec::new());
    let headers = &mut response.headers;
    let any = HeaderValue::from_static("*");
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, any.clone());
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, any.clone());
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, any);
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(600));
    headers.insert(header::VARY, vary());
    response
}

fn cors(response: &mut Response) {
    let headers = &mut response.headers;
    let any = HeaderValue::from_static("*");
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, any.clone());
    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, any);
    headers.append(header::VARY, vary());
}

fn vary() -> HeaderValue {
    HeaderValue::from_static(
        "origin, access-control-request-method, access-control-request-headers",
    )
}

/// A request from its parts (for adapters and tests).
pub fn request(method: Method, target: &str, headers: http::HeaderMap, body: Body) -> Request {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (target, None),
    };
    Request {
        method,
        path: path.to_owned(),
        query,
        headers,
        body,
    }
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
        assert_eq!(routed_path("/api/uctopic//"), "/api/uctopic");
        assert_eq!(routed_path("//api/uctopic"), "/api/uctopic");
        assert_eq!(routed_path("/"), "/");
        assert_eq!(percent_decoded("%31%32"), "12");
        assert_eq!(percent_decoded("%zz%e4"), "%zz%e4");
    }
}
