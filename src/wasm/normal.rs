//! The `Client`'s normal-group methods (`/api/topic/{appId}/…`): one short method per
//! endpoint, as in `client.rs`. Each needs the app's id, which travels in the path.

use super::client::{decoded, ignored, Client};
use super::convert::{self, input};
use crate::core::http::Endpoint;
use crate::core::normal::{
    self, CreateGroup, Group, GroupList, GroupMembers, NormalGroups, UpdateGroup,
};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Client {
    /// Creates a normal group (at most 500 members, who are invited) owned by the caller, with
    /// `accounts` as its first members; resolves to `{ topicInfo, members }`.
    ///
    /// Fails with `invalid-input` before sending when the client has no `appId` (token
    /// clients: `new Client({ token, appId })`), `topicName` is blank, or `accounts` is empty,
    /// over 499 accounts, or has an account with a comma or only whitespace; `api` code 400
    /// for what the service refuses; and as every call can. Never retried (it is a POST).
    ///
    /// @example
    /// const { topicInfo, members } = await client.createGroup({ topicName: 'Team', accounts: ['bob', 'carol'] })
    #[wasm_bindgen(js_name = createGroup, unchecked_return_type = "Promise<Group>")]
    pub fn create_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateGroup")] group: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::CreateGroup, &group, &options)
    }

    /// A normal group's info and members: `{ topicInfo, members }`.
    ///
    /// Fails with `invalid-input` for a bad id or no `appId`; `api` code 404 (no such group);
    /// and as every call can. Retried after a network failure, timeout, 408, 429 or 5xx.
    ///
    /// @example
    /// const { topicInfo: { topicName, bulletin }, members } = await client.getGroup(topicId)
    #[wasm_bindgen(js_name = getGroup, unchecked_return_type = "Promise<Group>")]
    pub fn get_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::GetGroup, &topic_id, &options)
    }

    /// The normal groups the caller belongs to, each as its `topicInfo`.
    ///
    /// Fails with `invalid-input` without an `appId`, `auth` when the credentials are refused,
    /// and as every call can; retried like every GET.
    ///
    /// @example
    /// const groups = await client.listGroups()
    #[wasm_bindgen(js_name = listGroups, unchecked_return_type = "Promise<GroupInfo[]>")]
    pub fn list_groups(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::ListGroups, &JsValue::UNDEFINED, &options)
    }

    /// Invites accounts into a normal group (any member may); resolves to the group as it is
    /// now. Inviting a member again is not an error.
    ///
    /// Fails with `invalid-input` before sending as `createGroup` does for `accounts`; `api`
    /// code 400 (the group would pass 500 members), 403 (the caller is not a member), 404 (no
    /// such group); and as every call can. Never retried.
    ///
    /// @example
    /// await client.inviteMembers({ topicId, accounts: ['dave'] })
    #[wasm_bindgen(js_name = inviteMembers, unchecked_return_type = "Promise<Group>")]
    pub fn invite_members(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupMembers")] members: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::InviteMembers, &members, &options)
    }

    /// Removes accounts from a normal group (owner only; the owner cannot be removed);
    /// resolves to the group as it is now.
    ///
    /// Fails with `invalid-input` before sending as `createGroup` does for `accounts`; `api`
    /// code 400 (the owner is listed), 403 (not the owner), 404 (no such group); and as every
    /// call can. Never retried.
    ///
    /// @example
    /// await client.kickMembers({ topicId, accounts: ['dave'] })
    #[wasm_bindgen(js_name = kickMembers, unchecked_return_type = "Promise<Group>")]
    pub fn kick_members(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GroupMembers")] members: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::KickMembers, &members, &options)
    }

    /// The caller leaves a normal group; resolves to undefined. The owner cannot leave: the
    /// service answers `api` code 500, "quit topic fail" (transfer the group first, or
    /// dismiss it).
    ///
    /// Fails with `invalid-input` for a bad id or no `appId`; `api` code 500 (the owner), 403
    /// (not a member), 404 (no such group); and as every call can. Never retried.
    ///
    /// @example
    /// await client.quitGroup(topicId)
    #[wasm_bindgen(js_name = quitGroup, unchecked_return_type = "Promise<void>")]
    pub fn quit_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::QuitGroup, &topic_id, &options)
    }

    /// Renames a normal group, changes its bulletin or `extra`, or hands it to another member
    /// (`ownerAccount`): owner only; resolves to the group as it is now.
    ///
    /// Fails with `invalid-input` before sending when nothing is to change, `topicName` is
    /// blank, `ownerAccount` is empty, or `extra` is over 10240 bytes; `api` code 403 (not the
    /// owner), 404 (no such group), 409 (the new owner is not a member); and as every call can.
    ///
    /// @example
    /// await client.updateGroup({ topicId, bulletin: 'Stand-up at 10' })
    #[wasm_bindgen(js_name = updateGroup, unchecked_return_type = "Promise<Group>")]
    pub fn update_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateGroup")] update: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::UpdateGroup, &update, &options)
    }

    /// Deletes a normal group: owner only; resolves to undefined. (The service answers this
    /// one with the message "success！"; success is decided by the code alone.)
    ///
    /// Fails with `invalid-input` for a bad id or no `appId`; `api` code 403 (not the owner)
    /// or 404 (no such group); and as every call can. Never retried.
    ///
    /// @example
    /// await client.dismissGroup(topicId)
    #[wasm_bindgen(js_name = dismissGroup, unchecked_return_type = "Promise<void>")]
    pub fn dismiss_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "IdInput")] topic_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        self.normal(NormalGroups::DismissGroup, &topic_id, &options)
    }
}

impl Client {
    /// Every normal-group call, in one function rather than one per method (each method's own
    /// copy of the path cost about 3 KB gzip in all): the app's id (checked first), the input
    /// read and checked, then the one asynchronous path.
    #[inline(never)]
    fn normal(&self, endpoint: NormalGroups, first: &JsValue, options: &JsValue) -> Promise {
        use NormalGroups as N;
        let name = Endpoint::from(endpoint).name();
        let label = format!("{name} input");
        let id = || convert::id("topicId", first);
        let prepared = self.transport.app_id().and_then(|app_id| {
            Ok(match endpoint {
                N::CreateGroup => {
                    let group: CreateGroup = input(&label, first, false)?;
                    (group.request(app_id)?, decoded::<Group>())
                }
                N::InviteMembers | N::KickMembers => {
                    let members: GroupMembers = input(&label, first, false)?;
                    let request = match endpoint {
                        N::InviteMembers => members.invite(app_id)?,
                        _ => members.kick(app_id)?,
                    };
                    (request, decoded::<Group>())
                }
                N::UpdateGroup => {
                    let update: UpdateGroup = input(&label, first, false)?;
                    (update.request(app_id)?, decoded::<Group>())
                }
                N::GetGroup => (
                    normal::at_group(endpoint, app_id, id()?)?,
                    decoded::<Group>(),
                ),
                N::QuitGroup | N::DismissGroup => {
                    (normal::at_group(endpoint, app_id, id()?)?, ignored())
                }
                N::ListGroups => (normal::list_groups(app_id)?, decoded::<GroupList>()),
            })
        });
        self.send(endpoint.into(), options, prepared)
    }
}
