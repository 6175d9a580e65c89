//! The exported `Client`: one method per endpoint, each building the request in the core,
//! sending it through the transport and decoding the answer in the core.

use super::convert::{self, to_js, to_js_error, Fields};
use super::fetch::{self, js_message, Attempts};
use crate::core::auth::{self, Credentials};
use crate::core::decode::{
    self, Ignored, OnlineInfo, RawMemberPage, TokenInfo, Topic, TopicInfo, TopicList, UpdatedTopic,
};
use crate::core::endpoint::{self, HttpRequest};
use crate::core::error::{quoted, Error, ErrorKind, Result};
use crate::core::json::ToJson;
use crate::core::paging::{self, MemberCursor as Cursor};
use crate::core::retry;
use crate::core::validate;
use js_sys::{Function, Promise};
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

const DEFAULT_BASE_URL: &str = "https://mimc.chat.xiaomi.net";
const DEFAULT_TIMEOUT_MS: u32 = 10_000;
const DEFAULT_RETRIES: u32 = 2;
const MAX_RETRIES: u32 = 10;
/// setTimeout's largest delay; above it the timer fires at once.
const MAX_TIMEOUT_MS: u32 = 2_147_483_647;

/// How the client proves who it is.
enum Auth {
    /// A fixed user token.
    Token(String),
    /// A function giving a token (or a promise of one), called lazily; its promise is cached.
    Provider {
        provider: Function,
        cached: RefCell<Option<Promise>>,
    },
    /// App credentials (server side).
    App(Credentials),
    /// No header: the token service, whose credentials travel in the body.
    None,
}

/// Settings shared by every call of one client; futures hold an `Rc` of it, never `&mut self`.
struct Settings {
    base_url: String,
    auth: Auth,
    timeout_ms: u32,
    retries: u32,
    fetch: Option<Function>,
}

/// Per-call options: `{ signal?, timeoutMs?, appAccount? }`.
struct CallOptions {
    signal: Option<AbortSignal>,
    timeout_ms: Option<u32>,
    app_account: Option<String>,
}

impl CallOptions {
    fn read(value: &JsValue) -> Result<CallOptions> {
        let fields = Fields::new(
            "options",
            value,
            &["signal", "timeoutMs", "appAccount"],
            true,
        )?;
        Ok(CallOptions {
            signal: signal(&fields)?,
            timeout_ms: fields.integer("timeoutMs", 1..=MAX_TIMEOUT_MS)?,
            app_account: fields.string("appAccount")?,
        })
    }

    fn none() -> CallOptions {
        CallOptions {
            signal: None,
            timeout_ms: None,
            app_account: None,
        }
    }
}

fn signal(fields: &Fields) -> Result<Option<AbortSignal>> {
    fields
        .get("signal")
        .map(|v| {
            v.dyn_into::<AbortSignal>()
                .map_err(|_| Error::invalid_input("options.signal must be an AbortSignal"))
        })
        .transpose()
}

/// A MIMC unlimited-group client. Every method returns a Promise; ids are decimal strings.
#[wasm_bindgen]
pub struct Client {
    settings: Rc<Settings>,
}

#[wasm_bindgen]
impl Client {
    /// `new Client({ baseUrl?, token? | app?, timeoutMs?, retries?, dangerouslyAllowBrowser? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> std::result::Result<Client, JsValue> {
        Settings::read(&options)
            .map(|settings| Client {
                settings: Rc::new(settings),
            })
            .map_err(to_js_error)
    }

    /// Creates a group owned by the caller: `{ topicName, extra? }` → `{ topicId, ownerUuid, topicName, extra }`.
    #[wasm_bindgen(js_name = createTopic)]
    pub fn create_topic(&self, input: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::CREATE_TOPIC, &options, || {
            let input = Fields::new("createTopic input", &input, &["topicName", "extra"], false)?;
            let request = endpoint::create_topic(&endpoint::CreateTopic {
                topic_name: input.required_string("topicName")?,
                extra: input.string("extra")?,
            })?;
            Ok((request, decoded::<Topic>()))
        })
    }

    /// Renames, changes extra or transfers ownership: `{ topicId, topicName?, ownerAccount?, extra? }`.
    #[wasm_bindgen(js_name = updateTopic)]
    pub fn update_topic(&self, input: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::UPDATE_TOPIC, &options, || {
            let known = ["topicId", "topicName", "ownerAccount", "extra"];
            let input = Fields::new("updateTopic input", &input, &known, false)?;
            let request = endpoint::update_topic(&endpoint::UpdateTopic {
                topic_id: input.required_id("topicId")?,
                topic_name: input.string("topicName")?,
                owner_account: input.string("ownerAccount")?,
                extra: input.string("extra")?,
            })?;
            Ok((request, decoded::<UpdatedTopic>()))
        })
    }

    /// Deletes a group (owner only); resolves to undefined.
    #[wasm_bindgen(js_name = deleteTopic)]
    pub fn delete_topic(&self, topic_id: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::DELETE_TOPIC, &options, || {
            let request = endpoint::delete_topic(convert::id("topicId", &topic_id)?)?;
            Ok((request, ignored()))
        })
    }

    /// A group's info: `{ topicId, topicName, ownerUuid, ownerAccount, memberNum }`.
    #[wasm_bindgen(js_name = getTopic)]
    pub fn get_topic(&self, topic_id: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::GET_TOPIC, &options, || {
            let request = endpoint::get_topic(convert::id("topicId", &topic_id)?)?;
            Ok((request, decoded::<TopicInfo>()))
        })
    }

    /// The ids of the caller's groups, as decimal strings.
    #[wasm_bindgen(js_name = listTopics)]
    pub fn list_topics(&self, options: JsValue) -> Promise {
        self.run(endpoint::LIST_TOPICS, &options, || {
            Ok((endpoint::list_topics()?, decoded::<TopicList>()))
        })
    }

    /// How many members of a group are online, as a number.
    #[wasm_bindgen(js_name = onlineCount)]
    pub fn online_count(&self, topic_id: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::ONLINE_COUNT, &options, || {
            let request = endpoint::online_count(convert::id("topicId", &topic_id)?)?;
            let finish = then(decode::envelope_small, |info: OnlineInfo, _| {
                Ok(JsValue::from_f64(info.user_cnt as f64))
            });
            Ok((request, finish))
        })
    }

    /// Mutes a member: `{ topicId, user, seconds }` (0 lifts the mute; at most ten years).
    #[wasm_bindgen(js_name = muteMember)]
    pub fn mute_member(&self, input: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::MUTE_MEMBER, &options, || {
            let input = Fields::new(
                "muteMember input",
                &input,
                &["topicId", "user", "seconds"],
                false,
            )?;
            let seconds = input
                .number("seconds")?
                .ok_or_else(|| Error::invalid_input("muteMember input.seconds is required"))?;
            mute(
                endpoint::MUTE_MEMBER,
                &input,
                validate::forbid_seconds(seconds)?,
            )
        })
    }

    /// Lifts a member's mute: `{ topicId, user }`.
    #[wasm_bindgen(js_name = unmuteMember)]
    pub fn unmute_member(&self, input: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::UNMUTE_MEMBER, &options, || {
            let input = Fields::new("unmuteMember input", &input, &["topicId", "user"], false)?;
            mute(endpoint::UNMUTE_MEMBER, &input, 0)
        })
    }

    /// One page of members after `startUuid`: `{ members, isEnd, nextStartUuid }`.
    #[wasm_bindgen(js_name = memberPage)]
    pub fn member_page(&self, topic_id: JsValue, page: JsValue, options: JsValue) -> Promise {
        self.run(endpoint::MEMBER_PAGE, &options, || {
            let start = Fields::new("memberPage options", &page, &["startUuid"], true)?
                .id("startUuid")?
                .unwrap_or(0);
            let request = endpoint::member_page(convert::id("topicId", &topic_id)?, start)?;
            let finish = then(decode::envelope, move |raw: RawMemberPage, endpoint| {
                to_js(&paging::page_of(start, raw)?, endpoint)
            });
            Ok((request, finish))
        })
    }

    /// A cursor over a group's members, for the JS `members()` iterator: `{ startUuid?, appAccount? }`.
    #[wasm_bindgen(js_name = memberCursor)]
    pub fn member_cursor(
        &self,
        topic_id: JsValue,
        options: JsValue,
    ) -> std::result::Result<MemberCursor, JsValue> {
        let read = || -> Result<MemberCursor> {
            let fields = Fields::new(
                "members options",
                &options,
                &["startUuid", "appAccount"],
                true,
            )?;
            let start = fields.id("startUuid")?.unwrap_or(0);
            let call = CallOptions {
                app_account: fields.string("appAccount")?,
                ..CallOptions::none()
            };
            self.settings.check(&call)?;
            Ok(MemberCursor {
                settings: self.settings.clone(),
                topic_id: convert::id("topicId", &topic_id)?,
                cursor: Rc::new(RefCell::new(Cursor::new(start))),
                app_account: call.app_account,
                busy: Rc::new(Cell::new(false)),
            })
        };
        read().map_err(|e| to_js_error(named(e, endpoint::MEMBER_PAGE)))
    }

    /// Reads the call's options and, through `prepare`, its input, all before returning, then
    /// sends the request. Input errors reject the promise, attributed to `endpoint`; nothing
    /// here throws.
    fn run(
        &self,
        endpoint: &'static str,
        options: &JsValue,
        prepare: impl FnOnce() -> Result<(HttpRequest, Box<dyn Finish>)>,
    ) -> Promise {
        let plan = CallOptions::read(options).and_then(|options| {
            self.settings.check(&options)?;
            let (request, finish) = prepare()?;
            Ok(Plan::Send(options, request, finish))
        });
        send(endpoint, self.settings.clone(), plan)
    }
}

/// What a call does with its answer: decode it (again, if a refreshed token repeats the
/// request), then build the JS result.
trait Finish {
    /// Decodes an answer to `endpoint`, keeping its data for `finish`.
    fn decode(&mut self, endpoint: &'static str, status: u16, body: &str) -> Result<()>;
    /// The call's result from the decoded data.
    fn finish(self: Box<Self>, endpoint: &'static str) -> Result<JsValue>;
}

/// How an answer's data is decoded as `T`: `decode::envelope` or `decode::envelope_small`.
type Decoder<T> = fn(&'static str, u16, &str) -> Result<T>;

/// Decodes the data as `T`; `then` makes the result of it.
struct Then<T, F> {
    decoder: Decoder<T>,
    data: Option<T>,
    then: F,
}

impl<T: DeserializeOwned, F: FnOnce(T, &'static str) -> Result<JsValue>> Finish for Then<T, F> {
    fn decode(&mut self, endpoint: &'static str, status: u16, body: &str) -> Result<()> {
        self.data = Some((self.decoder)(endpoint, status, body)?);
        Ok(())
    }

    fn finish(self: Box<Self>, endpoint: &'static str) -> Result<JsValue> {
        let Then { data, then, .. } = *self;
        match data {
            Some(data) => then(data, endpoint),
            None => Err(Error::decode(endpoint, "the answer was never decoded")),
        }
    }
}

fn then<T: DeserializeOwned + 'static>(
    decoder: Decoder<T>,
    then: impl FnOnce(T, &'static str) -> Result<JsValue> + 'static,
) -> Box<dyn Finish> {
    Box::new(Then {
        decoder,
        data: None,
        then,
    })
}

/// The data as a plain JS object.
fn decoded<T: DeserializeOwned + ToJson + 'static>() -> Box<dyn Finish> {
    then(decode::envelope_small, |data: T, endpoint| {
        to_js(&data, endpoint)
    })
}

/// Data that is not read; the call resolves to undefined.
fn ignored() -> Box<dyn Finish> {
    then(decode::envelope_small, |_: Ignored, _| {
        Ok(JsValue::UNDEFINED)
    })
}

/// A call ready to go: its options, its request and what to do with the answer; or, for a
/// finished member walk, the value to resolve with at once.
enum Plan {
    Send(CallOptions, HttpRequest, Box<dyn Finish>),
    Done(JsValue),
}

/// The one asynchronous path of every `Client` and `MemberCursor` call (not generic, so it exists
/// once in the module): exchange the request, then finish.
fn send(endpoint: &'static str, settings: Rc<Settings>, plan: Result<Plan>) -> Promise {
    promise(endpoint, async move {
        match plan? {
            Plan::Done(value) => Ok(value),
            Plan::Send(options, request, mut finish) => {
                settings
                    .exchange(&request, &options, finish.as_mut())
                    .await?;
                finish.finish(request.endpoint)
            }
        }
    })
}

/// Mutes (`seconds` > 0) or unmutes (0) the member named in `input`, as the call `name`.
fn mute(
    name: &'static str,
    input: &Fields,
    seconds: u32,
) -> Result<(HttpRequest, Box<dyn Finish>)> {
    let mut request = endpoint::mute_member(&endpoint::MuteMember {
        topic_id: input.required_id("topicId")?,
        user: input.required_string("user")?,
        seconds,
    })
    .map_err(|e| e.with_endpoint(name))?;
    request.endpoint = name;
    Ok((request, ignored()))
}

/// Walks a group's members page by page; at most one page is fetched at a time.
#[wasm_bindgen]
pub struct MemberCursor {
    settings: Rc<Settings>,
    topic_id: u64,
    cursor: Rc<RefCell<Cursor>>,
    app_account: Option<String>,
    busy: Rc<Cell<bool>>,
}

#[wasm_bindgen]
impl MemberCursor {
    /// The next page (`{ members, isEnd, nextStartUuid }`), or null when the walk is over.
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&self, signal: JsValue) -> Promise {
        send(
            endpoint::MEMBER_PAGE,
            self.settings.clone(),
            self.plan(signal),
        )
    }
}

impl MemberCursor {
    fn plan(&self, signal: JsValue) -> Result<Plan> {
        if self.busy.replace(true) {
            return Err(Error::invalid_input(
                "nextPage() was called while a page is still being fetched; await it first",
            ));
        }
        // Held by the finish step, so the flag clears however the fetch ends (or right away
        // if nothing is sent).
        let release = Release(self.busy.clone());
        let Some(start) = self.cursor.borrow().next_start() else {
            return Ok(Plan::Done(JsValue::NULL));
        };
        let signal = match signal.is_undefined() || signal.is_null() {
            true => None,
            false => Some(
                signal
                    .dyn_into::<AbortSignal>()
                    .map_err(|_| Error::invalid_input("signal must be an AbortSignal"))?,
            ),
        };
        let options = CallOptions {
            signal,
            app_account: self.app_account.clone(),
            timeout_ms: None,
        };
        let request = endpoint::member_page(self.topic_id, start)?;
        let cursor = self.cursor.clone();
        let finish = then(decode::envelope, move |raw: RawMemberPage, endpoint| {
            let _release = release;
            let page = cursor.borrow_mut().accept(raw)?;
            to_js(&page, endpoint)
        });
        Ok(Plan::Send(options, request, finish))
    }
}

/// Clears the cursor's busy flag however the fetch ends.
struct Release(Rc<Cell<bool>>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// The token service, for app servers: `{ baseUrl?, appId, appKey, appSecret, appAccount,
/// dangerouslyAllowBrowser? }` → `{ token, miUserId, ... }`.
#[wasm_bindgen(js_name = fetchToken)]
pub fn fetch_token(input: JsValue, options: JsValue) -> Promise {
    let prepare = || -> Result<(Settings, HttpRequest, CallOptions)> {
        let known = [
            "baseUrl",
            "appId",
            "appKey",
            "appSecret",
            "appAccount",
            "dangerouslyAllowBrowser",
            "fetch",
        ];
        let input = Fields::new("fetchToken input", &input, &known, false)?;
        refuse_app_credentials_in_page(input.boolean("dangerouslyAllowBrowser")?)?;
        let request = endpoint::fetch_token(&endpoint::TokenRequest {
            app_id: input.required_string("appId")?,
            app_key: input.required_string("appKey")?,
            app_secret: input.required_string("appSecret")?,
            app_account: input.required_string("appAccount")?,
        })?;
        let settings = Settings {
            base_url: base_url(&input)?,
            auth: Auth::None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            retries: 0,
            fetch: fetch_function(&input)?,
        };
        Ok((settings, request, CallOptions::read(&options)?))
    };
    let plan = prepare().map(|(settings, request, options)| {
        (
            Rc::new(settings),
            Plan::Send(options, request, decoded::<TokenInfo>()),
        )
    });
    match plan {
        Ok((settings, plan)) => send(endpoint::FETCH_TOKEN, settings, Ok(plan)),
        Err(e) => promise(endpoint::FETCH_TOKEN, async move { Err(e) }),
    }
}

impl Settings {
    fn read(options: &JsValue) -> Result<Settings> {
        let known = [
            "baseUrl",
            "token",
            "app",
            "timeoutMs",
            "retries",
            "dangerouslyAllowBrowser",
            "fetch",
        ];
        let fields = Fields::new("Client options", options, &known, false)?;
        let auth = match (fields.get("token"), fields.get("app")) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_input(
                    "Client options take either token (browsers) or app (servers), not both",
                ))
            }
            (Some(token), None) => match token.dyn_into::<Function>() {
                Ok(provider) => Auth::Provider { provider, cached: RefCell::new(None) },
                Err(token) => {
                    let token = token.as_string().filter(|t| !t.is_empty()).ok_or_else(|| {
                        Error::invalid_input("Client options.token must be a non-empty string or a function returning one")
                    })?;
                    validate::ascii_header_value("token", &token)?;
                    Auth::Token(token)
                }
            },
            (None, Some(app)) => {
                refuse_app_credentials_in_page(fields.boolean("dangerouslyAllowBrowser")?)?;
                let app = Fields::new("Client options.app", &app, &["appId", "appKey", "appSecret", "appAccount"], false)?;
                let credentials = Credentials::App {
                    app_id: app.required_string("appId")?,
                    app_key: app.required_string("appKey")?,
                    app_secret: app.required_string("appSecret")?,
                    app_account: app.string("appAccount")?,
                };
                // Checks every header value once, now, instead of failing on the first call.
                auth::auth_headers(&credentials, None)?;
                Auth::App(credentials)
            }
            (None, None) => {
                return Err(Error::invalid_input(
                    "Client options need token (a user token or a function returning one) or app (appId, appKey, appSecret)",
                ))
            }
        };
        Ok(Settings {
            base_url: base_url(&fields)?,
            auth,
            timeout_ms: fields
                .integer("timeoutMs", 1..=MAX_TIMEOUT_MS)?
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            retries: fields
                .integer("retries", 0..=MAX_RETRIES)?
                .unwrap_or(DEFAULT_RETRIES),
            fetch: fetch_function(&fields)?,
        })
    }

    /// Per-call options that cannot apply to this client are refused before any request.
    fn check(&self, options: &CallOptions) -> Result<()> {
        match (&options.app_account, &self.auth) {
            (Some(_), Auth::Token(_) | Auth::Provider { .. } | Auth::None) => Err(Error::invalid_input(
                "options.appAccount only applies to a client with app credentials; a token already names its user",
            )),
            (Some(account), Auth::App(_)) => validate::header_value("appAccount", account),
            _ => Ok(()),
        }
    }

    /// Sends with authentication and decodes the answer into `finish`. A transient failure of
    /// an idempotent request is retried by the core's rule (`retry::wait_ms`), a cut-off answer
    /// included; on an auth failure a token provider is asked once more and the request repeated
    /// once (the server refused it, so nothing was done twice). Not generic: one copy of the
    /// transport serves every endpoint.
    async fn exchange(
        &self,
        request: &HttpRequest,
        options: &CallOptions,
        finish: &mut dyn Finish,
    ) -> Result<()> {
        let endpoint = request.endpoint;
        let (mut refreshed, mut failures) = (false, 0);
        loop {
            let (headers, used) = self.auth_headers(options, refreshed).await?;
            let attempt = Attempts {
                base_url: &self.base_url,
                auth: &headers,
                timeout_ms: options.timeout_ms.unwrap_or(self.timeout_ms),
                signal: options.signal.as_ref(),
                fetch: self.fetch.as_ref(),
            };
            let error = match fetch::send(request, &attempt).await {
                Ok(raw) => match finish.decode(endpoint, raw.status, &raw.body) {
                    Ok(()) => return Ok(()),
                    Err(e) => e.with_retry_after_ms(raw.retry_after_ms),
                },
                Err(e) => e,
            };
            if error.kind == ErrorKind::Auth && used.is_some() && !refreshed {
                self.forget_token(used.as_ref());
                refreshed = true;
                continue;
            }
            failures += 1;
            let random = js_sys::Math::random();
            match retry::wait_ms(request.idempotent(), failures, self.retries, &error, random) {
                Some(ms) => fetch::sleep(ms, attempt.signal, endpoint).await?,
                None => return Err(error),
            }
        }
    }

    /// The auth headers, and the provider promise they came from (to refresh only that one).
    async fn auth_headers(
        &self,
        options: &CallOptions,
        refreshing: bool,
    ) -> Result<(Vec<(String, String)>, Option<Promise>)> {
        match &self.auth {
            Auth::None => Ok((Vec::new(), None)),
            Auth::Token(token) => Ok((vec![("token".into(), token.clone())], None)),
            Auth::App(credentials) => Ok((
                auth::auth_headers(credentials, options.app_account.as_deref())?,
                None,
            )),
            Auth::Provider { provider, cached } => {
                let pending = cached.borrow().clone();
                let promise = match pending {
                    Some(p) if !refreshing => p,
                    _ => {
                        let p = call_provider(provider);
                        *cached.borrow_mut() = Some(p.clone());
                        p
                    }
                };
                let token = match JsFuture::from(promise.clone()).await {
                    Ok(value) => value.as_string().filter(|t| !t.is_empty()).ok_or_else(|| {
                        Error::new(
                            ErrorKind::Auth,
                            "the token provider must return (or resolve to) a non-empty string",
                        )
                    }),
                    Err(e) => Err(Error::new(
                        ErrorKind::Auth,
                        format!("the token provider failed: {}", js_message(&e)),
                    )),
                };
                let token = token.inspect_err(|_| self.forget_token(Some(&promise)))?;
                validate::ascii_header_value("token", &token)?;
                Ok((vec![("token".into(), token)], Some(promise)))
            }
        }
    }

    /// Drops the cached provider promise if it is still `used` (another call may have refreshed it).
    fn forget_token(&self, used: Option<&Promise>) {
        if let (Auth::Provider { cached, .. }, Some(used)) = (&self.auth, used) {
            let mut cached = cached.borrow_mut();
            if cached.as_ref().is_some_and(|c| js_sys::Object::is(c, used)) {
                *cached = None;
            }
        }
    }
}

/// Calls the token provider; a throw becomes a rejected promise, a plain value a resolved one.
fn call_provider(provider: &Function) -> Promise {
    match provider.call0(&JsValue::UNDEFINED) {
        Ok(value) => Promise::resolve(&value),
        Err(e) => Promise::reject(&e),
    }
}

/// The `fetch` option: any fetch-compatible function (a test double, a proxy, instrumentation,
/// the in-process emulator); absent, the global `fetch` at the time of each call.
fn fetch_function(fields: &Fields) -> Result<Option<Function>> {
    fields
        .get("fetch")
        .map(|f| {
            f.dyn_into::<Function>().map_err(|f| {
                Error::invalid_input(format!(
                    "{}.fetch must be a function like the global fetch(url, init); got {}",
                    fields.what(),
                    convert::describe(&f)
                ))
            })
        })
        .transpose()
}

fn base_url(fields: &Fields) -> Result<String> {
    let url = fields
        .string("baseUrl")?
        .unwrap_or_else(|| DEFAULT_BASE_URL.into());
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Error::invalid_input(format!(
            "baseUrl must start with http:// or https://; got {}",
            quoted(&url)
        )));
    }
    Ok(url)
}

/// App credentials in a web page or a browser worker would ship the appSecret to every visitor.
fn refuse_app_credentials_in_page(allowed: Option<bool>) -> Result<()> {
    let global = js_sys::global();
    let has = |name: &str| js_sys::Reflect::has(&global, &JsValue::from_str(name)).unwrap_or(false);
    if (has("document") || has("WorkerGlobalScope")) && allowed != Some(true) {
        return Err(Error::invalid_input(
            "app credentials (appKey, appSecret) must not run in a browser page or worker: every visitor could read them. Use a token from your server, or set dangerouslyAllowBrowser: true for local tools and tests",
        ));
    }
    Ok(())
}

/// Runs a fallible call as a Promise that rejects with a `MimcError`; errors that name no
/// endpoint yet (bad input) are attributed to `endpoint`.
fn promise(
    endpoint: &'static str,
    work: impl Future<Output = Result<JsValue>> + 'static,
) -> Promise {
    future_to_promise(async move { work.await.map_err(|e| to_js_error(named(e, endpoint))) })
}

fn named(error: Error, endpoint: &'static str) -> Error {
    match error.endpoint {
        Some(_) => error,
        None => error.with_endpoint(endpoint),
    }
}
