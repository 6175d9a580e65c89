//! Every endpoint as the browser suites call it: a match on every endpoint, without a wildcard.

use super::*;
use js_sys::Function;
use mimc_uctopic::core::endpoints::AnyEndpoint::{
    self, Groups as G, Members as M, Normal as N, Token as T,
};
use mimc_uctopic::core::groups::{CreateTopic, Groups, MuteMember, UnmuteMember, UpdateTopic};
use mimc_uctopic::core::members::Members;
use mimc_uctopic::core::normal::{CreateGroup, GroupMembers, NormalGroups, UpdateGroup};
use mimc_uctopic::core::token::{Token, TokenRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What an endpoint's call takes before its options.
#[derive(Debug, Clone, Copy)]
pub enum Takes {
    /// An input object with these keys (the library's own declaration of its shape).
    Input(&'static [&'static str]),
    /// A group id.
    TopicId,
    /// A group id, then the page's options (`startUuid`).
    TopicIdAndPage,
    /// Only the options.
    Nothing,
}

/// How the browser suites call `endpoint`. A match on every endpoint without a wildcard: a new
/// one does not compile until the suites know how to call it, and then they cover it.
pub fn takes(endpoint: AnyEndpoint) -> Takes {
    match endpoint {
        G(Groups::CreateTopic) => Takes::Input(CreateTopic::KEYS),
        G(Groups::UpdateTopic) => Takes::Input(UpdateTopic::KEYS),
        G(Groups::DeleteTopic | Groups::GetTopic | Groups::OnlineCount) => Takes::TopicId,
        G(Groups::ListTopics) => Takes::Nothing,
        G(Groups::MuteMember) => Takes::Input(MuteMember::KEYS),
        G(Groups::UnmuteMember) => Takes::Input(UnmuteMember::KEYS),
        M(Members::MemberPage) => Takes::TopicIdAndPage,
        T(Token::FetchToken) => Takes::Input(TokenRequest::KEYS),
        N(NormalGroups::CreateGroup) => Takes::Input(CreateGroup::KEYS),
        N(NormalGroups::InviteMembers | NormalGroups::KickMembers) => {
            Takes::Input(GroupMembers::KEYS)
        }
        N(NormalGroups::UpdateGroup) => Takes::Input(UpdateGroup::KEYS),
        N(NormalGroups::GetGroup | NormalGroups::QuitGroup | NormalGroups::DismissGroup) => {
            Takes::TopicId
        }
        N(NormalGroups::ListGroups) => Takes::Nothing,
    }
}

/// Calls `endpoint`: the client's method of the endpoint's name, or `fetchToken`, which is no
/// method. `first` is its input or id (ignored when it takes only options); a throw is an `Err`.
pub fn invoke(
    client: &JsValue,
    endpoint: AnyEndpoint,
    first: &JsValue,
    page: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    if endpoint == T(Token::FetchToken) {
        return Ok(fetch_token(first.clone(), options.clone()).into());
    }
    let name = endpoint.endpoint().name();
    let method: Function = get(client, name)
        .dyn_into()
        .unwrap_or_else(|_| panic!("the client has no method {name}"));
    let args = match takes(endpoint) {
        Takes::Nothing => js_sys::Array::of1(options),
        Takes::TopicIdAndPage => js_sys::Array::of3(first, page, options),
        Takes::Input(_) | Takes::TopicId => js_sys::Array::of2(first, options),
    };
    method.apply(client, &args)
}

/// An input with those of `keys` that `values` has.
pub fn input_of(keys: &[&str], values: &serde_json::Value) -> JsValue {
    let input = object(&[]);
    for key in keys {
        if let Some(value) = values.get(key) {
            set(&input, key, &js(value));
        }
    }
    input
}
