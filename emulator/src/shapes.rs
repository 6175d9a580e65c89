//! The admin API's answers, one type each: the handlers build them, and the npm package's
//! TypeScript (`js/emulator.d.ts`) is generated from them (feature `typescript`).

use crate::wire::WireFormat;
use serde::Serialize;
use std::collections::BTreeMap;

/// `join`: how many accounts were added, and the group's size after.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Joined {
    /// Accounts that were not members before.
    pub added: u64,
    /// Members now.
    pub member_num: u64,
}

/// `quit`: how many accounts left, and the group's size after.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Left {
    /// Accounts that were members.
    pub removed: u64,
    /// Members now.
    pub member_num: u64,
}

/// `setOnline`: how many members are online now.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Online {
    /// Members online.
    pub online: u64,
}

/// `requests`: API requests received (the counter itself is `counts::Counter`).
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "typescript", tsify(hashmap_as_object))]
#[serde(rename_all = "camelCase")]
pub struct RequestCounts {
    /// All of them (or all about the group asked for).
    pub total: u64,
    /// By `METHOD /path`.
    pub by_route: BTreeMap<String, u64>,
}

/// `addFault`: how many faults are pending, this one included.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct PendingCount {
    /// Faults that will still hit a request.
    pub pending: usize,
}

/// `advanceClock`: the emulator's time after.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
pub struct Clock {
    /// Unix seconds.
    pub now: u64,
}

/// `config`: the settings that can change while it runs.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EmulatorConfig {
    /// The JSON forms of ids, counts and isEnd in answers.
    pub wire_format: WireFormat,
    /// How many requests the journal (and the counts of ids and paths that are no group's)
    /// keeps.
    pub journal_capacity: usize,
    /// The apps it knows (their keys and secrets are not shown).
    pub apps: Vec<AppId>,
}

/// An app, by id.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AppId {
    /// The app's id.
    pub app_id: String,
}

/// `mintToken`: a token, as the token service would give it.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Minted {
    /// The token.
    pub token: String,
    /// Its app.
    pub app_id: String,
    /// Its account.
    pub app_account: String,
    /// The account's uuid, as a decimal string.
    pub uuid: String,
}
