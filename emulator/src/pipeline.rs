//! From a request to an answer, with no I/O: trailing slashes, CORS, and around the API the
//! request counts, the journal and injected faults; the router picks the handler.
//!
//! An answer takes two steps, so that a fault's delay is the adapter's to wait out (with its
//! own timer) between them: [`Emulator::receive`] counts, journals and picks the fault;
//! [`Emulator::respond`] runs the handler.

use crate::counts::group_id;
use crate::exchange::{Body, Request, Response};
use crate::faults::{topic_of, Fault};
use crate::journal::JournalEntry;
use crate::router::{self, PathKind};
use crate::store::ApiError;
use crate::{wire, Emulator};
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
        // One lookup answers whether it is the admin API's, an API route, and its path's group.
        let (api_route, path_topic) = match router::classify(&path) {
            PathKind::Admin => return done(request, Plan::Handle(None)),
            PathKind::Api { topic } => (router::is_standard(&request.method), topic),
            PathKind::NoRoute => (false, None),
        };
        // Normal groups name theirs in the path.
        let topic =
            path_topic.or_else(|| topic_of(&request.method, &request.headers, &request.body));
        let entry = JournalEntry::new(&request, &path, topic.clone());
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
                    None => router::route(self, &request, &path),
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
}

/// The path with slashes trimmed at both ends, then one leading: real clients send
/// `/api/uctopic/` and, from a base URL ending in `/`, `//api/uctopic`.
fn routed_path(path: &str) -> String {
    format!("/{}", path.trim_matches('/'))
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
    fn paths_lose_their_extra_slashes() {
        assert_eq!(routed_path("/api/uctopic//"), "/api/uctopic");
        assert_eq!(routed_path("//api/uctopic"), "/api/uctopic");
        assert_eq!(routed_path("/"), "/");
    }
}
