//! The `Client`'s normal-group methods (`/api/topic/{appId}/…`): one short method per
//! endpoint, as in `client.rs`. Each needs the app's id, which travels in the path.

use super::client::{decoded, ignored, Client};
use super::convert::{self, input};
use super::transport::Finish;
use crate::core::error::Result;
use crate::core::http::HttpRequest;
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
        self.normal(NormalGroups::CreateGroup, &options, |app_id| {
            let group: CreateGroup = input("createGroup input", &group, false)?;
            Ok((group.request(app_id)?, decoded::<Group>()))
        })
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
        self.normal(NormalGroups::GetGroup, &options, |app_id| {
            let request = normal::get_group(app_id, convert::id("topicId", &topic_id)?)?;
            Ok((request, decoded::<Group>()))
        })
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
        self.normal(NormalGroups::ListGroups, &options, |app_id| {
            Ok((normal::list_groups(app_id)?, decoded::<GroupList>()))
        })
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
        self.normal(NormalGroups::InviteMembers, &options, |app_id| {
            let members: GroupMembers = input("inviteMembers input", &members, false)?;
            Ok((members.invite(app_id)?, decoded::<Group>()))
        })
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
        self.normal(NormalGroups::KickMembers, &options, |app_id| {
            let members: GroupMembers = input("kickMembers input", &members, false)?;
            Ok((members.kick(app_id)?, decoded::<Group>()))
        })
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
        self.normal(NormalGroups::QuitGroup, &options, |app_id| {
            let request = normal::quit_group(app_id, convert::id("topicId", &topic_id)?)?;
            Ok((request, ignored()))
        })
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
        self.normal(NormalGroups::UpdateGroup, &options, |app_id| {
            let update: UpdateGroup = input("updateGroup input", &update, false)?;
            Ok((update.request(app_id)?, decoded::<Group>()))
        })
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
        self.normal(NormalGroups::DismissGroup, &options, |app_id| {
            let request = normal::dismiss_group(app_id, convert::id("topicId", &topic_id)?)?;
            Ok((request, ignored()))
        })
    }
}

impl Client {
    /// `run` with the app's id, which every normal-group path carries (checked first).
    fn normal(
        &self,
        endpoint: NormalGroups,
        options: &JsValue,
        prepare: impl FnOnce(&str) -> Result<(HttpRequest, Finish)>,
    ) -> Promise {
        let transport = self.transport.clone();
        self.run(endpoint.into(), options, || prepare(transport.app_id()?))
    }
}
