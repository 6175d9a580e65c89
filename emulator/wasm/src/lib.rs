//! The emulator's sans-IO core for JavaScript (`mimc-uctopic/emulator`): requests in, answers
//! out. JS does the rest (`js/src/emulator/`): the in-process `fetch`, the `node:http` server,
//! the timers that wait out a fault's delay, the `npx mimc-emulator` command's I/O (its flags,
//! help, messages and banner are the native binary's: `parseCommandLine`, `Core.banner`).

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use mimc_emulator::cli::{self, Cli};
use mimc_emulator::exchange::{self, Body};
use mimc_emulator::pipeline::{self, Received};
use mimc_emulator::store::{AppCredentials, Env, Snapshot, Store};
use mimc_emulator::wire::WireFormat;
use mimc_emulator::{default_app, Emulator};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TOPIC_ID: &str = r#"
/** A group id: a decimal string, a bigint, or a safe integer. */
export type TopicId = string | bigint | number;
"#;

/// `createEmulator`'s options, as JSON from `js/src/emulator/emulator.js`; all optional.
// Serialize: `parseCommandLine` hands them to `npx mimc-emulator` for its `createEmulator` call.
#[derive(Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EmulatorOptions {
    /// The apps it knows; default one app: 2882303761517000001 / emulator-key / emulator-secret.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    apps: Option<Vec<App>>,
    /// Lifetime of issued tokens, in seconds. Default 86400.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    token_ttl: Option<u64>,
    /// The JSON forms of ids, counts and isEnd in answers (see docs/uctopic-api.md).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    wire_format: Option<WireFormat>,
    /// Where group ids and tokens come from: the same seed gives the same ids. Default random
    /// (JS picks one from `crypto.getRandomValues`; it arrives here as decimal text).
    #[tsify(optional, type = "string | number | bigint")]
    // Not `skip_serializing`, which would take it out of the TypeScript type too.
    #[serde(skip_serializing_if = "String::is_empty")]
    seed: String,
    /// A saved state: the text `snapshot()` gave, or a native binary's `--state` file.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
}

/// An app the emulator knows.
#[derive(Serialize, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct App {
    /// Its id: decimal digits.
    app_id: String,
    /// Its key.
    app_key: String,
    /// Its secret.
    app_secret: String,
}

/// One emulator.
#[wasm_bindgen]
pub struct Core {
    emu: Arc<Emulator>,
}

#[wasm_bindgen]
impl Core {
    /// An emulator from options (JSON text); a wrong option is an error naming it.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<Core, JsError> {
        let options: EmulatorOptions = serde_json::from_str(options).map_err(|e| {
            // serde's message without its " at line 1 column 8": the options are not a file.
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or_default();
            JsError::new(&format!("invalid emulator options: {message}"))
        })?;
        let seed: u64 =
            options.seed.trim().parse().map_err(|_| {
                JsError::new("invalid emulator options: seed must be a 64-bit integer")
            })?;
        let apps: Vec<AppCredentials> = match options.apps {
            None => vec![default_app()],
            Some(apps) if apps.is_empty() => {
                return Err(JsError::new("invalid emulator options: apps is empty"))
            }
            Some(apps) => apps
                .into_iter()
                .map(|a| AppCredentials {
                    id: a.app_id,
                    key: a.app_key,
                    secret: a.app_secret,
                })
                .collect(),
        };
        // Unix seconds from the page's or process's clock.
        let env = Env::new(|| (js_sys::Date::now() / 1000.0) as u64, seed);
        let ttl = options.token_ttl.unwrap_or(86_400);
        let store = match options.state {
            None => Store::new(&apps, ttl, env),
            Some(text) => {
                let snapshot: Snapshot = serde_json::from_str(&text)
                    .map_err(|e| JsError::new(&format!("state is not a snapshot: {e}")))?;
                Store::restore(snapshot, &apps, ttl, env)
            }
        };
        let wire = options.wire_format.unwrap_or(WireFormat::Documented);
        Ok(Core {
            emu: Emulator::new(store, wire),
        })
    }

    /// Step one of an answer: `headers` is `[name, value, name, value, …]`, each value a
    /// byte string (one char per byte, as `Headers` and Node's `rawHeaders` hold them); `whole`
    /// says whether `body` is all of the body (or only the first `bodyLimit(path)` bytes).
    pub fn receive(
        &self,
        method: &str,
        target: &str,
        headers: Vec<String>,
        body: Vec<u8>,
        whole: bool,
    ) -> Result<Pending, JsError> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| JsError::new(&format!("invalid HTTP method {method:?}")))?;
        let mut map = HeaderMap::new();
        for pair in headers.chunks_exact(2) {
            // JS `Headers` validated them already; anything else is skipped, as hyper would
            // refuse it before the core saw it.
            let bytes: Option<Vec<u8>> = pair[1].chars().map(|c| u8::try_from(c).ok()).collect();
            if let (Ok(name), Some(Ok(value))) = (
                HeaderName::try_from(pair[0].as_str()),
                bytes.map(|b| HeaderValue::from_bytes(&b)),
            ) {
                map.append(name, value);
            }
        }
        let body = match whole {
            true => Body::Whole(body),
            false => Body::Cut(body),
        };
        let request = pipeline::request(method, target, map, body);
        Ok(Pending {
            received: Some(self.emu.receive(request)),
        })
    }

    /// Step two, after waiting `pending.delayMs`.
    pub fn respond(&self, pending: &mut Pending) -> Result<Answer, JsError> {
        let received = pending
            .received
            .take()
            .ok_or_else(|| JsError::new("this request was answered already"))?;
        let response = self.emu.respond(received);
        let mut headers = Vec::with_capacity(response.headers.len() * 2);
        for (name, value) in &response.headers {
            headers.push(name.as_str().to_owned());
            // A byte string, one char per byte, as `Headers` and `setHeader` take them: a
            // fault's non-ASCII header goes out as the same bytes as from the native server.
            headers.push(value.as_bytes().iter().map(|&b| char::from(b)).collect());
        }
        Ok(Answer {
            status: response.status,
            headers,
            body: response.body,
            drop: response.drop,
        })
    }

    /// The whole state as JSON text (the native binary's `--state` file format).
    pub fn snapshot(&self) -> Result<String, JsError> {
        serde_json::to_string(&self.emu.store().snapshot())
            .map_err(|e| JsError::new(&format!("cannot save the state: {e}")))
    }

    /// The lines `npx mimc-emulator` prints once it listens at `url`, as the native binary does.
    pub fn banner(&self, url: &str) -> String {
        cli::banner(url, &self.emu)
    }
}

/// What `npx mimc-emulator` was asked, as JSON: `{"run": {host, port, state?, options}}`, with
/// `options` for `createEmulator` (`state` is the file: Node reads it), or `{"exit": {code,
/// stderr, text}}` for help, the version or a bad flag (write `text` as is, then exit).
#[wasm_bindgen(js_name = parseCommandLine)]
pub fn parse_command_line(args: Vec<String>) -> Result<String, JsError> {
    let parsed = match Cli::parse_args(args) {
        Ok(cli) => Parsed::Run {
            host: cli.host.to_string(),
            port: cli.port,
            state: cli.state.as_ref().map(|p| p.to_string_lossy().into_owned()),
            options: EmulatorOptions {
                apps: Some(
                    cli.apps()
                        .into_iter()
                        .map(|a| App {
                            app_id: a.id,
                            app_key: a.key,
                            app_secret: a.secret,
                        })
                        .collect(),
                ),
                token_ttl: Some(cli.token_ttl),
                wire_format: Some(cli.wire_format),
                seed: String::new(),
                state: None,
            },
        },
        Err(exit) => Parsed::Exit(exit),
    };
    serde_json::to_string(&parsed).map_err(|e| JsError::new(&e.to_string()))
}

/// `parseCommandLine`'s answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum Parsed {
    Run {
        host: String,
        port: u16,
        #[serde(skip_serializing_if = "Option::is_none")]
        state: Option<String>,
        options: EmulatorOptions,
    },
    Exit(cli::Exit),
}

/// How many bytes of a request body to read for this path before handing over a prefix.
#[wasm_bindgen(js_name = bodyLimit)]
pub fn body_limit(path: &str) -> f64 {
    exchange::body_limit(path) as f64
}

/// A request received, not yet answered.
#[wasm_bindgen]
pub struct Pending {
    received: Option<Received>,
}

#[wasm_bindgen]
impl Pending {
    /// How long to wait before `respond` (an injected delay), in milliseconds.
    #[wasm_bindgen(getter, js_name = delayMs)]
    pub fn delay_ms(&self) -> f64 {
        self.received.as_ref().map_or(0.0, |r| r.delay_ms as f64)
    }
}

/// An answer.
#[wasm_bindgen]
pub struct Answer {
    status: u16,
    headers: Vec<String>,
    body: Vec<u8>,
    drop: bool,
}

#[wasm_bindgen]
impl Answer {
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// `[name, value, name, value, …]`, each value a byte string.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Vec<String> {
        self.headers.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// Send the head and `body` as a first chunk, then fail: a dropped connection.
    #[wasm_bindgen(getter, js_name = drop)]
    pub fn dropped(&self) -> bool {
        self.drop
    }
}
