//! The fuzz's table: a valid answer of every endpoint, in one of the forms the service writes,
//! and the ids it spells out.

use fastrand::Rng;
use mimc_uctopic::core::endpoints::AnyEndpoint::{
    self, Groups as G, Members as M, Normal as N, Token as T,
};
use mimc_uctopic::core::groups::Groups;
use mimc_uctopic::core::members::Members;
use mimc_uctopic::core::normal::NormalGroups;
use mimc_uctopic::core::token::Token;

/// An id in one of the forms the service writes: a JSON number or a string of digits.
fn id(rng: &mut Rng, ids: &mut Vec<u64>) -> String {
    let value = match rng.u8(0..4) {
        0 => rng.u64(..),
        1 => rng.u64(1 << 60..),
        2 => rng.u64(0..1000),
        _ => u64::MAX - rng.u64(0..3),
    };
    ids.push(value);
    if rng.bool() {
        value.to_string()
    } else {
        format!("\"{value}\"")
    }
}

fn count(rng: &mut Rng) -> String {
    let n = rng.u32(0..200);
    match rng.u8(0..3) {
        0 => n.to_string(),
        1 => format!("\"{n}\""),
        _ => format!("{n}.0"),
    }
}

fn flag(rng: &mut Rng) -> &'static str {
    [
        "true",
        "false",
        "\"true\"",
        "\"false\"",
        "1",
        "0",
        "\"1\"",
        "\"TRUE\"",
    ][rng.usize(0..8)]
}

fn text(rng: &mut Rng) -> String {
    let pool = ["bob", "小米用户", "a\\\"b", "", "\\u00e9\\n", "🚀", "x y"];
    let s = pool[rng.usize(0..pool.len())];
    if rng.u8(0..8) == 0 {
        rng.u32(0..99999).to_string()
    } else {
        format!("\"{s}\"")
    }
}

/// A valid answer to `endpoint`, and the ids it spells out.
pub fn answer(rng: &mut Rng, endpoint: AnyEndpoint) -> (String, Vec<u64>) {
    let mut ids = Vec::new();
    let data = match endpoint {
        G(Groups::CreateTopic) => format!(
            r#"{{"topicId":{},"ownerUuid":{},"topicName":{},"extra":{}}}"#,
            id(rng, &mut ids),
            id(rng, &mut ids),
            text(rng),
            ["null", "\"e\"", "{\"a\":[1,2]}"][rng.usize(0..3)]
        ),
        G(Groups::UpdateTopic) => format!(
            r#"{{"topicId":{},"ownerUuid":{},"ownerAccount":{},"topicName":{}}}"#,
            id(rng, &mut ids),
            id(rng, &mut ids),
            text(rng),
            text(rng)
        ),
        G(Groups::GetTopic) => format!(
            r#"{{"topicId":{},"topicName":{},"ownerUuid":{},"ownerAccount":{},"memberNum":{}}}"#,
            id(rng, &mut ids),
            text(rng),
            id(rng, &mut ids),
            text(rng),
            count(rng)
        ),
        G(Groups::OnlineCount) => format!(
            r#"{{"topicId":{},"userCnt":{}}}"#,
            id(rng, &mut ids),
            count(rng)
        ),
        G(Groups::ListTopics) => {
            let list: Vec<String> = (0..rng.usize(0..5)).map(|_| id(rng, &mut ids)).collect();
            format!("[{}]", list.join(","))
        }
        M(Members::MemberPage) => {
            let members: Vec<String> = (0..rng.usize(0..6))
                .map(|_| {
                    let key = if rng.bool() {
                        "appAccout"
                    } else {
                        "appAccount"
                    };
                    format!(
                        r#"{{"{key}":{},"uuid":{},"appId":{}}}"#,
                        text(rng),
                        id(rng, &mut ids),
                        text(rng)
                    )
                })
                .collect();
            format!(
                r#"{{"count":{},"members":[{}],"isEnd":{}}}"#,
                count(rng),
                members.join(","),
                flag(rng)
            )
        }
        T(Token::FetchToken) => format!(
            r#"{{"appId":{},"appAccount":{},"miChid":{},"miUserId":{},"token":"T"}}"#,
            text(rng),
            text(rng),
            count(rng),
            text(rng)
        ),
        G(Groups::DeleteTopic | Groups::MuteMember | Groups::UnmuteMember)
        | N(NormalGroups::QuitGroup | NormalGroups::DismissGroup) => "null".into(),
        N(NormalGroups::ListGroups) => {
            let list: Vec<String> = (0..rng.usize(0..4))
                .map(|_| group_info(rng, &mut ids))
                .collect();
            format!("[{}]", list.join(","))
        }
        N(
            NormalGroups::CreateGroup
            | NormalGroups::GetGroup
            | NormalGroups::InviteMembers
            | NormalGroups::KickMembers
            | NormalGroups::UpdateGroup,
        ) => {
            let info = group_info(rng, &mut ids);
            let members: Vec<String> = (0..rng.usize(0..6))
                .map(|_| {
                    format!(
                        r#"{{"uuid":{},"account":{}}}"#,
                        id(rng, &mut ids),
                        text(rng)
                    )
                })
                .collect();
            format!(
                r#"{{"topicInfo":{info},"members":[{}]}}"#,
                members.join(",")
            )
        }
    };
    let code = ["200", "\"200\"", "200.0"][rng.usize(0..3)];
    (
        format!(r#"{{"code":{code},"message":"success","data":{data}}}"#),
        ids,
    )
}

/// A normal group's `topicInfo`.
fn group_info(rng: &mut Rng, ids: &mut Vec<u64>) -> String {
    format!(
        r#"{{"topicId":{},"ownerUuid":{},"ownerAccount":{},"topicName":{},"bulletin":{}}}"#,
        id(rng, ids),
        id(rng, ids),
        text(rng),
        text(rng),
        ["null", "\"b\""][rng.usize(0..2)]
    )
}
