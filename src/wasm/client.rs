//! The exported `Client`: one short method per endpoint. Each reads its input into the core's
//! type, builds the request there, and hands it to the one asynchronous path (`Settings::call`).

use super::convert::{self, input, input_with, member, to_js, to_js_error};
use super::cursor::page_finish;
use super::options::{CallOptions, PageOptions};
use super::settings::{Call, Finish, Settings};
use crate::core::envelope;
use crate::core::error::{Error, Result};
use crate::core::groups::{
    self, CreateTopic, Groups, MuteMember, OnlineInfo, Topic, TopicInfo, TopicList, UnmuteMember,
    UpdateTopic, UpdatedTopic,
};
use crate::core::http::{Endpoint, HttpRequest};
use crate::core::members::{self, Members};
use crate::core::shape::Read;
use crate::core::token::{Token, TokenInfo, TokenRequest};
use js_sys::Promise;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A MIMC unlimited-group client. Every method returns a Promise; ids are decimal strings.
#[wasm_bindgen]
pub struct Client {
    pub(super) settings: Rc<Settings>,
}

#[wasm_bindgen]
impl Client {
    /// `new Client({ baseUrl?, token? | app?, timeoutMs?, retries?, dangerouslyAllowBrowser?, fetch? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> std::result::Result<Client, JsValue> {
        Settings::read(&options)
            .map(|settings| Client {
                settings: Rc::new(settings),
            })
            .map_err(|e| to_js_error(e, JsValue::UNDEFINED))
    }

    /// Creates a group owned by the caller: `{ topicName, extra? }` → `Topic`.
    #[wasm_bindgen(js_name = createTopic, unchecked_return_type = "Promise<Topic>")]
    pub fn create_topic(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateTopic")] topic: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::CreateTopic.into(), &options, || {
            let topic: CreateTopic = input("createTopic input", &topic, false)?;
            Ok((topic.request()?, decoded::<Topic>()))
        })
    }

    /// Renames, changes extra or transfers ownership: `{ topicId, topicName?, ownerAccount?, extra? }`.
    #[wasm_bindgen(js_name = updateTopic, unchecked_return_type = "Promise<UpdatedTopic>")]
    pub fn update_topic(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateTopic")] update: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::UpdateTopic.into(), &options, || {
            let update: UpdateTopic = input("updateTopic input", &update, false)?;
            Ok((update.request()?, decoded::<UpdatedTopic>()))
        })
    }

    /// Deletes a group (owner only); resolves to undefined.
    #[wasm_bindgen(js_name = deleteTopic, unchecked_return_type = "Promise<void>")]
    pub fn delete_topic(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::DeleteTopic.into(), &options, || {
            let request = groups::delete_topic(convert::id("topicId", &topic_id)?);
            Ok((request, ignored()))
        })
    }

    /// A group's info: `{ topicId, topicName, ownerUuid, ownerAccount, memberNum }`.
    #[wasm_bindgen(js_name = getTopic, unchecked_return_type = "Promise<TopicInfo>")]
    pub fn get_topic(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::GetTopic.into(), &options, || {
            let request = groups::get_topic(convert::id("topicId", &topic_id)?);
            Ok((request, decoded::<TopicInfo>()))
        })
    }

    /// The ids of the caller's groups, as decimal strings.
    #[wasm_bindgen(js_name = listTopics, unchecked_return_type = "Promise<string[]>")]
    pub fn list_topics(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::ListTopics.into(), &options, || {
            Ok((groups::list_topics(), decoded::<TopicList>()))
        })
    }

    /// How many members of a group are online, as a number.
    #[wasm_bindgen(js_name = onlineCount, unchecked_return_type = "Promise<number>")]
    pub fn online_count(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::OnlineCount.into(), &options, || {
            let request = groups::online_count(convert::id("topicId", &topic_id)?);
            let finish = Box::new(|endpoint: Endpoint, status, body: &str| {
                let info: OnlineInfo = envelope::envelope(endpoint, status, body)?;
                to_js(&info.user_cnt, endpoint.name())
            });
            Ok((request, finish as Finish))
        })
    }

    /// Mutes a member: `{ topicId, user, seconds }` (0 lifts the mute; at most ten years).
    #[wasm_bindgen(js_name = muteMember, unchecked_return_type = "Promise<void>")]
    pub fn mute_member(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MuteMember")] mute: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::MuteMember.into(), &options, || {
            let mute: MuteMember = input("muteMember input", &mute, false)?;
            Ok((mute.request()?, ignored()))
        })
    }

    /// Lifts a member's mute: `{ topicId, user }`.
    #[wasm_bindgen(js_name = unmuteMember, unchecked_return_type = "Promise<void>")]
    pub fn unmute_member(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UnmuteMember")] unmute: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Groups::UnmuteMember.into(), &options, || {
            let unmute: UnmuteMember = input("unmuteMember input", &unmute, false)?;
            Ok((unmute.request()?, ignored()))
        })
    }

    /// One page of members after `startUuid`: `{ members, isEnd, nextStartUuid }`.
    #[wasm_bindgen(js_name = memberPage, unchecked_return_type = "Promise<MemberPage>")]
    pub fn member_page(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PageOptions")] page: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.run(Members::MemberPage.into(), &options, || {
            let page: PageOptions = input("memberPage options", &page, true)?;
            let start = page.start_uuid.unwrap_or_default();
            let request = members::member_page(convert::id("topicId", &topic_id)?, start);
            // A walk of one page, by the same rules (and code) as the cursor's.
            let walk = Rc::new(RefCell::new(members::MemberCursor::new(start)));
            Ok((request, page_finish(walk, None)))
        })
    }

    /// Reads the call's options and, through `prepare`, its input, all before returning, then
    /// sends the request. Input errors reject the promise, attributed to `endpoint`; nothing
    /// here throws.
    fn run(
        &self,
        endpoint: Endpoint,
        options: &JsValue,
        prepare: impl FnOnce() -> Result<(HttpRequest, Finish)>,
    ) -> Promise {
        self.send(endpoint, options, prepare())
    }

    /// The options read and the prepared request sent: not generic, so every method shares it.
    #[inline(never)]
    fn send(
        &self,
        endpoint: Endpoint,
        options: &JsValue,
        prepared: Result<(HttpRequest, Finish)>,
    ) -> Promise {
        let settings = self.settings.clone();
        let planned = input_with::<CallOptions>("options", options, true)
            .and_then(|(options, plain)| settings.check(options, member(&plain, "signal")))
            .and_then(|call| prepared.map(|(request, finish)| (settings, call, request, finish)));
        send(endpoint, planned)
    }
}

/// Decodes the answer's data as `T` and hands it to JS as it is.
pub(super) fn decoded<T: Read + Serialize + 'static>() -> Finish {
    Box::new(|endpoint: Endpoint, status, body: &str| {
        let data: T = envelope::envelope(endpoint, status, body)?;
        to_js(&data, endpoint.name())
    })
}

/// Data that is not read; the call resolves to undefined.
fn ignored() -> Finish {
    Box::new(|endpoint: Endpoint, status, body: &str| {
        envelope::envelope::<envelope::Ignored>(endpoint, status, body)?;
        Ok(JsValue::UNDEFINED)
    })
}

/// The token service, for app servers: `{ appId, appKey, appSecret, appAccount, baseUrl?,
/// dangerouslyAllowBrowser?, fetch? }` → `TokenInfo`.
#[wasm_bindgen(js_name = fetchToken, unchecked_return_type = "Promise<TokenInfo>")]
pub fn fetch_token(
    #[wasm_bindgen(unchecked_param_type = "TokenRequest")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Omit<CallOptions, 'appAccount'>")]
    options: JsValue,
) -> Promise {
    let endpoint = Endpoint::from(Token::FetchToken);
    let planned = (|| -> Result<_> {
        let (request, copy): (TokenRequest, _) = input_with("fetchToken input", &token, false)?;
        let settings = Settings::token_service(&request, &copy)?;
        let (options, plain) = input_with::<CallOptions>("options", &options, true)?;
        let call = settings.check(options, member(&plain, "signal"))?;
        let finish = decoded::<TokenInfo>();
        Ok((Rc::new(settings), call, request.request()?, finish))
    })();
    send(endpoint, planned)
}

/// A call ready to send: its client's settings, its checked options, the request and what to
/// do with the answer.
pub(super) type Planned = (Rc<Settings>, Call, HttpRequest, Finish);

/// The one asynchronous path of every call: sends what was planned (or rejects with why it
/// could not be), as a Promise that rejects with a `MimcError`; errors that name no endpoint
/// yet (bad input) are attributed to `endpoint`. One future type in the whole module.
pub(super) fn send(endpoint: Endpoint, planned: Result<Planned>) -> Promise {
    future_to_promise(async move {
        let (outcome, cause) = match planned {
            Ok((settings, call, request, finish)) => {
                let outcome = settings.call(&request, &call, finish).await;
                (outcome, call.cause.take())
            }
            Err(e) => (Err(e), JsValue::UNDEFINED),
        };
        outcome.map_err(|e| to_js_error(named(e, endpoint), cause))
    })
}

/// A promise rejected with `error`, attributed to `endpoint` unless it names one.
pub(super) fn rejected(error: Error, endpoint: Endpoint) -> Promise {
    Promise::reject(&to_js_error(named(error, endpoint), JsValue::UNDEFINED))
}

/// The error attributed to `endpoint` unless it already names one.
pub(super) fn named(error: Error, endpoint: Endpoint) -> Error {
    match error.endpoint {
        Some(_) => error,
        None => error.with_endpoint(endpoint.name()),
    }
}
