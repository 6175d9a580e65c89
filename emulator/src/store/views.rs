//! What store operations return: plain values for the handlers to shape.

use serde::Serialize;

/// A group as the create and update calls return it.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicView {
    /// The group's id.
    pub topic_id: u64,
    /// The owner's uuid.
    pub owner_uuid: u64,
    /// The owner's account.
    pub owner_account: String,
    /// The group's name.
    pub topic_name: String,
    /// The custom field.
    pub extra: Option<String>,
    /// How many members it has.
    pub member_num: u64,
}

/// A normal group's details, as its answers and "my groups" show them.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalInfo {
    /// The group's id.
    pub topic_id: u64,
    /// The owner's uuid.
    pub owner_uuid: u64,
    /// The owner's account.
    pub owner_account: String,
    /// The group's name.
    pub topic_name: String,
    /// The group's notice.
    pub bulletin: Option<String>,
    /// The custom field.
    pub extra: Option<String>,
}

/// A normal group and its members, in join order (the creator first).
#[derive(Debug, Clone, PartialEq)]
pub struct NormalView {
    /// The group.
    pub info: NormalInfo,
    /// Every member.
    pub members: Vec<MemberView>,
}

/// One member in a page.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberView {
    /// The member's account in the app.
    pub account: String,
    /// The member's uuid.
    pub uuid: u64,
}

/// One page of members.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberPage {
    /// The members, ascending by uuid.
    pub members: Vec<MemberView>,
    /// Whether no member follows this page.
    pub is_end: bool,
}

/// What the token service returns.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    /// The appId.
    pub app_id: String,
    /// The account.
    pub account: String,
    /// The account's uuid.
    pub uuid: u64,
    /// The opaque token.
    pub token: String,
    /// A per-user key (random; the emulator does not use it).
    pub security_key: String,
}

/// One active mute, for the admin API.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Mute {
    /// The muted account.
    pub account: String,
    /// Its uuid, as a decimal string.
    pub uuid: String,
    /// Unix second when the mute ends.
    pub until: u64,
    /// Seconds left.
    pub remaining_seconds: u64,
}
