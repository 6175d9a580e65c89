//! The exported `Client`: one short method per endpoint. Each reads its input into the core's
//! type, builds the request there, and hands it to the one asynchronous path (`Transport::call`).

use super::convert::{self, input, input_with, member, to_js, to_js_error};
use super::cursor::page_finish;
use super::options::{CallOptions, PageOptions};
use super::transport::{Checked, Finish, Transport};
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
    pub(super) transport: Rc<Transport>,
}

#[wasm_bindgen]
impl Client {
    /// `new Client({ baseUrl?, token? | app?, timeoutMs?, retries?, dangerouslyAllowBrowser?, fetch? })`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> std::result::Result<Client, JsValue> {
        Transport::read(&options)
            .map(|transport| Client {
                transport: Rc::new(transport),
            })
            .map_err(|e| to_js_error(e, JsValue::UNDEFINED))
    }

    /// Creates a group owned by the caller, who is its first member; resolves to the new
    /// group (`topicId` a decimal string).
    ///
    /// Fails with `invalid-input` before sending when `topicName` is empty or only whitespace
    /// or `extra` is over 10240 bytes of UTF-8; `auth` when the credentials are refused; `api`
    /// for what the service refuses (code 400); `network`, `timeout`, `aborted`, `http`,
    /// `decode` as every call can. Never retried (it is a POST).
    ///
    /// @example
    /// const { topicId } = await client.createTopic({ topicName: 'Launch party', extra: '{"color":"red"}' })
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

    /// Renames a group, replaces its extra, or hands it to another member (`ownerAccount`):
    /// owner only; resolves to the group as it is now.
    ///
    /// Fails with `invalid-input` before sending when nothing is to change, a field is empty,
    /// or `extra` is over 10240 bytes; `api` code 403 (not the owner), 404 (no such group),
    /// 409 (the new owner is not a member); and as every call can.
    ///
    /// @example
    /// await client.updateTopic({ topicId, topicName: 'Afterparty' })
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

    /// Deletes a group: owner only; resolves to undefined.
    ///
    /// Fails with `invalid-input` for an id that is not a decimal 64-bit id; `api` code 403
    /// (not the owner) or 404 (no such group); and as every call can. Never retried.
    ///
    /// @example
    /// await client.deleteTopic(topicId)
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
    ///
    /// Fails with `invalid-input` for an id that is not a decimal 64-bit id; `api` code 404 (no
    /// such group); and as every call can. Retried after a network failure, timeout, 408, 429
    /// or 5xx (`retries`).
    ///
    /// @example
    /// const { topicName, memberNum } = await client.getTopic(topicId)
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

    /// The ids of the groups the caller belongs to, as decimal strings.
    ///
    /// Fails with `auth` when the credentials are refused, and as every call can; retried like
    /// every GET.
    ///
    /// @example
    /// const ids = await client.listTopics()
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
    ///
    /// Fails with `invalid-input` for a bad id; `api` code 404 (no such group); and as every
    /// call can; retried like every GET.
    ///
    /// @example
    /// const online = await client.onlineCount(topicId)
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

    /// Mutes a member of a group for `seconds` (0 lifts the mute; at most 315360000, ten
    /// years); resolves to undefined.
    ///
    /// Fails with `invalid-input` before sending when `user` is empty or `seconds` is not a
    /// whole number from 0 to 315360000; `api` code 403 (not the owner: the emulator lets the
    /// owner alone mute), 404 (no such group, or `user` is not a member); and as every call can.
    ///
    /// @example
    /// await client.muteMember({ topicId, user: 'bob', seconds: 3600 })
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

    /// Lifts a member's mute; resolves to undefined.
    ///
    /// Fails as `muteMember` does.
    ///
    /// @example
    /// await client.unmuteMember({ topicId, user: 'bob' })
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

    /// One page of at most 100 members with a uuid above `startUuid` (default 0), in uuid
    /// order: `{ members, isEnd, nextStartUuid }`. `members()` walks every page for you.
    ///
    /// Fails with `invalid-input` for a bad id; `api` code 404 (no such group); `decode` when
    /// the server makes no progress; and as every call can; retried like every GET.
    ///
    /// @example
    /// const { members, isEnd, nextStartUuid } = await client.memberPage(topicId, { startUuid: '0' })
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
    pub(super) fn run(
        &self,
        endpoint: Endpoint,
        options: &JsValue,
        prepare: impl FnOnce() -> Result<(HttpRequest, Finish)>,
    ) -> Promise {
        self.send(endpoint, options, prepare())
    }

    /// The options read and the prepared request sent: not generic, so every method shares it.
    #[inline(never)]
    pub(super) fn send(
        &self,
        endpoint: Endpoint,
        options: &JsValue,
        prepared: Result<(HttpRequest, Finish)>,
    ) -> Promise {
        let transport = self.transport.clone();
        let planned = input_with::<CallOptions>("options", options, true)
            .and_then(|(options, plain)| transport.check(options, member(&plain, "signal")))
            .and_then(|call| prepared.map(|(request, finish)| (transport, call, request, finish)));
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
pub(super) fn ignored() -> Finish {
    Box::new(|endpoint: Endpoint, status, body: &str| {
        envelope::envelope::<envelope::Ignored>(endpoint, status, body)?;
        Ok(JsValue::UNDEFINED)
    })
}

/// The token service, for app servers: mints a user token for `appAccount` with the app's
/// credentials, to hand to that user's browser (`new Client({ token })`).
///
/// Fails with `invalid-input` before sending for an empty field, or in a browser page or
/// worker without `dangerouslyAllowBrowser` (the appSecret would ship to every visitor); `auth`
/// when the service refuses appId, appKey or appSecret; and as every call can. Never retried.
///
/// @example
/// const { token } = await fetchToken({ appId, appKey, appSecret, appAccount: 'alice' })
#[wasm_bindgen(js_name = fetchToken, unchecked_return_type = "Promise<TokenInfo>")]
pub fn fetch_token(
    #[wasm_bindgen(unchecked_param_type = "TokenRequest")] token: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Omit<CallOptions, 'appAccount'>")]
    options: JsValue,
) -> Promise {
    let endpoint = Endpoint::from(Token::FetchToken);
    let planned = (|| -> Result<_> {
        let (request, copy): (TokenRequest, _) = input_with("fetchToken input", &token, false)?;
        let transport = Transport::token_service(&request, &copy)?;
        let (options, plain) = input_with::<CallOptions>("options", &options, true)?;
        let call = transport.check(options, member(&plain, "signal"))?;
        let finish = decoded::<TokenInfo>();
        Ok((Rc::new(transport), call, request.request()?, finish))
    })();
    send(endpoint, planned)
}

/// A call ready to send: its client's transport, its checked options, the request and what to
/// do with the answer.
pub(super) type Planned = (Rc<Transport>, Checked, HttpRequest, Finish);

/// The one asynchronous path of every call: sends what was planned (or rejects with why it
/// could not be), as a Promise that rejects with a `MimcError`; errors that name no endpoint
/// yet (bad input) are attributed to `endpoint`. One future type in the whole module.
pub(super) fn send(endpoint: Endpoint, planned: Result<Planned>) -> Promise {
    future_to_promise(async move {
        let (outcome, cause) = match planned {
            Ok((transport, call, request, finish)) => {
                let outcome = transport.call(&request, &call, finish).await;
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
