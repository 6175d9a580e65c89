//! Groups: create, update, delete, info, "my groups", online count, mute and unmute. Each
//! endpoint's input (which is also its request body), its request and its answer.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::error::Result;
use super::http::{Endpoint, HttpRequest};
use super::validate;
use super::wire::{self, Count, Extra, Id, Text};

/// Input of `createTopic`, and its request body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTopic {
    /// The group's name; must not be blank.
    pub topic_name: String,
    /// Free-form data, at most 10240 bytes of UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub extra: Option<String>,
}

impl CreateTopic {
    /// `POST /api/uctopic`: creates a group owned by the caller.
    pub fn request(&self) -> Result<HttpRequest> {
        let endpoint = Endpoint::CreateTopic;
        validate::topic_name(&self.topic_name)
            .and_then(|()| self.extra.as_deref().map_or(Ok(()), validate::extra))
            .map_err(|e| e.with_endpoint(endpoint.name()))?;
        HttpRequest::json(endpoint, self)
    }
}

/// Input of `updateTopic`, and its request body: the group, and at least one change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTopic {
    /// The group to update.
    #[serde(serialize_with = "wire::id_as_number")]
    #[tsify(type = "IdInput")]
    pub topic_id: Id,
    /// A new name, if renaming.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub topic_name: Option<String>,
    /// A new owner's app account, if transferring (they must already be a member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub owner_account: Option<String>,
    /// New free-form data, at most 10240 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub extra: Option<String>,
}

impl UpdateTopic {
    /// `POST /api/uctopic/update`: renames, transfers or changes `extra` (owner only).
    pub fn request(&self) -> Result<HttpRequest> {
        let endpoint = Endpoint::UpdateTopic;
        let checks = || -> Result<()> {
            validate::update_has_change(
                self.topic_name.as_deref(),
                self.owner_account.as_deref(),
                self.extra.as_deref(),
            )?;
            if let Some(name) = &self.topic_name {
                validate::topic_name(name)?;
            }
            if let Some(owner) = &self.owner_account {
                validate::non_empty("ownerAccount", owner)?;
            }
            self.extra.as_deref().map_or(Ok(()), validate::extra)
        };
        checks().map_err(|e| e.with_endpoint(endpoint.name()))?;
        HttpRequest::json(endpoint, self)
    }
}

/// Input of `muteMember`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteMember {
    /// The group.
    #[tsify(type = "IdInput")]
    pub topic_id: Id,
    /// The member's app account.
    pub user: String,
    /// How long to mute, in seconds: 0 lifts a mute, at most 315360000 (ten years).
    pub seconds: u32,
}

impl MuteMember {
    /// `POST /api/uctopic/forbidsendmsg`: mutes a member for `seconds` (owner only).
    pub fn request(&self) -> Result<HttpRequest> {
        forbid(
            Endpoint::MuteMember,
            self.topic_id,
            &self.user,
            self.seconds,
        )
    }
}

/// The body of mute and unmute: the service calls the length `forbidSeconds`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Forbid<'a> {
    #[serde(serialize_with = "wire::id_as_number")]
    topic_id: Id,
    user: &'a str,
    forbid_seconds: u32,
}

fn forbid(
    endpoint: Endpoint,
    topic_id: Id,
    user: &str,
    forbid_seconds: u32,
) -> Result<HttpRequest> {
    validate::non_empty("user", user)
        .and_then(|()| validate::forbid_seconds(forbid_seconds).map(drop))
        .map_err(|e| e.with_endpoint(endpoint.name()))?;
    let body = Forbid {
        topic_id,
        user,
        forbid_seconds,
    };
    HttpRequest::json(endpoint, &body)
}

/// Input of `unmuteMember`: the same request as a mute of 0 seconds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnmuteMember {
    /// The group.
    #[tsify(type = "IdInput")]
    pub topic_id: Id,
    /// The member's app account.
    pub user: String,
}

impl UnmuteMember {
    /// `POST /api/uctopic/forbidsendmsg` with `forbidSeconds: 0` (owner only).
    pub fn request(&self) -> Result<HttpRequest> {
        forbid(Endpoint::UnmuteMember, self.topic_id, &self.user, 0)
    }
}

/// `DELETE /api/uctopic`: deletes a group (owner only).
pub fn delete_topic(topic_id: Id) -> HttpRequest {
    HttpRequest::about(Endpoint::DeleteTopic, topic_id)
}

/// `GET /api/uctopic/topic`: a group's name, owner and member count.
pub fn get_topic(topic_id: Id) -> HttpRequest {
    HttpRequest::about(Endpoint::GetTopic, topic_id)
}

/// `GET /api/uctopic/onlineinfo`: how many members are online.
pub fn online_count(topic_id: Id) -> HttpRequest {
    HttpRequest::about(Endpoint::OnlineCount, topic_id)
}

/// `GET /api/uctopic/topics`: the ids of the groups the caller belongs to.
pub fn list_topics() -> HttpRequest {
    HttpRequest::new(Endpoint::ListTopics)
}

/// A group as created (data of create).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    /// The new group's id.
    #[tsify(type = "string")]
    pub topic_id: Id,
    /// The owner's MIMC uuid.
    #[tsify(type = "string")]
    pub owner_uuid: Id,
    /// The group's name.
    #[tsify(type = "string")]
    pub topic_name: Text,
    /// The group's free-form data, if any.
    #[tsify(type = "string | null")]
    pub extra: Option<Extra>,
}

/// A group after an update (data of update); the service may leave out all but the ids.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedTopic {
    /// The group's id.
    #[tsify(type = "string")]
    pub topic_id: Id,
    /// The (possibly new) owner's MIMC uuid.
    #[tsify(type = "string")]
    pub owner_uuid: Id,
    /// The owner's app account, when the service sends it.
    #[tsify(type = "string | null")]
    pub owner_account: Option<Text>,
    /// The group's name, when the service sends it.
    #[tsify(type = "string | null")]
    pub topic_name: Option<Text>,
    /// The group's free-form data, if any.
    #[tsify(type = "string | null")]
    pub extra: Option<Extra>,
}

/// A group's details (data of group info).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TopicInfo {
    /// The group's id.
    #[tsify(type = "string")]
    pub topic_id: Id,
    /// The group's name.
    #[tsify(type = "string")]
    pub topic_name: Text,
    /// The owner's MIMC uuid.
    #[tsify(type = "string")]
    pub owner_uuid: Id,
    /// The owner's app account.
    #[tsify(type = "string")]
    pub owner_account: Text,
    /// How many members the group has.
    #[tsify(type = "number")]
    pub member_num: Count,
}

/// How many members of a group are online (data of online count).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnlineInfo {
    /// The group's id.
    pub topic_id: Id,
    /// Members online now.
    pub user_cnt: Count,
}

/// The ids of the groups the caller belongs to (data of my groups); null reads as empty.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(transparent)]
pub struct TopicList(#[serde(deserialize_with = "wire::null_as_empty")] pub Vec<Id>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::envelope::envelope;
    use crate::core::error::ErrorKind;
    use crate::core::http::Method;

    const BIG: Id = Id(21_351_198_708_203_520);

    fn ok<T: serde::de::DeserializeOwned>(body: &str) -> T {
        envelope::<T>(Endpoint::GetTopic, 200, body).unwrap_or_else(|e| panic!("{body}: {e}"))
    }

    fn json<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).unwrap()
    }

    fn from_js_like<T: serde::de::DeserializeOwned>(json: &str) -> std::result::Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn create_sends_its_input_as_the_body() {
        let input = CreateTopic {
            topic_name: "Launch 🚀 \"party\"".into(),
            extra: Some("{\"color\":\"red\"}".into()),
        };
        let r = input.request().unwrap();
        assert_eq!((r.method(), r.path()), (Method::Post, "/api/uctopic"));
        assert_eq!(
            r.headers,
            vec![("Content-Type".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicName":"Launch 🚀 \"party\"","extra":"{\"color\":\"red\"}"}"#)
        );
        let r = CreateTopic {
            topic_name: "g".into(),
            extra: None,
        };
        assert_eq!(
            r.request().unwrap().body.as_deref(),
            Some(r#"{"topicName":"g"}"#)
        );
    }

    #[test]
    fn create_refuses_a_blank_name_and_a_large_extra() {
        for name in ["", "  \t\n"] {
            let e = CreateTopic {
                topic_name: name.into(),
                extra: None,
            }
            .request()
            .unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidInput);
            assert_eq!(e.endpoint, Some("createTopic"));
        }
        let extra = "x".repeat(validate::MAX_EXTRA_BYTES + 1);
        let e = CreateTopic {
            topic_name: "g".into(),
            extra: Some(extra),
        }
        .request()
        .unwrap_err();
        assert!(e.message.contains("10240"), "{e}");
        let exact = "é".repeat(validate::MAX_EXTRA_BYTES / 2);
        assert!(CreateTopic {
            topic_name: "g".into(),
            extra: Some(exact)
        }
        .request()
        .is_ok());
    }

    #[test]
    fn inputs_refuse_unknown_and_missing_fields() {
        let e = from_js_like::<CreateTopic>(r#"{"topicName":"g","topicname":"typo"}"#).unwrap_err();
        assert!(e.contains("unknown field `topicname`"), "{e}");
        let e = from_js_like::<CreateTopic>(r#"{"extra":"x"}"#).unwrap_err();
        assert!(e.contains("missing field `topicName`"), "{e}");
        let u: UpdateTopic =
            from_js_like(r#"{"topicId":"21351198708203520","topicName":"n"}"#).unwrap();
        assert_eq!(u.topic_id, BIG);
        let m: MuteMember = from_js_like(r#"{"topicId":5,"user":"bob","seconds":60}"#).unwrap();
        assert_eq!(m.seconds, 60);
        assert!(
            from_js_like::<MuteMember>(r#"{"topicId":5,"user":"bob","forbidSeconds":60}"#).is_err()
        );
        assert!(from_js_like::<UnmuteMember>(r#"{"topicId":5,"user":"bob","seconds":0}"#).is_err());
    }

    #[test]
    fn update_sends_the_id_as_a_number_and_only_the_changes() {
        let r = UpdateTopic {
            topic_id: BIG,
            owner_account: Some("小米".into()),
            ..UpdateTopic::default()
        }
        .request()
        .unwrap();
        assert_eq!(r.path(), "/api/uctopic/update");
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":21351198708203520,"ownerAccount":"小米"}"#)
        );
        let r = UpdateTopic {
            topic_id: Id(u64::MAX),
            topic_name: Some("n".into()),
            owner_account: Some("o".into()),
            extra: Some("e".into()),
        }
        .request()
        .unwrap();
        assert_eq!(
            r.body.as_deref(),
            Some(
                r#"{"topicId":18446744073709551615,"topicName":"n","ownerAccount":"o","extra":"e"}"#
            )
        );
    }

    #[test]
    fn update_needs_a_change_and_valid_values() {
        let bad = [
            UpdateTopic {
                topic_id: BIG,
                ..UpdateTopic::default()
            },
            UpdateTopic {
                topic_id: BIG,
                topic_name: Some(" ".into()),
                ..UpdateTopic::default()
            },
            UpdateTopic {
                topic_id: BIG,
                owner_account: Some("".into()),
                ..UpdateTopic::default()
            },
            UpdateTopic {
                topic_id: BIG,
                extra: Some("x".repeat(10_241)),
                ..UpdateTopic::default()
            },
        ];
        for input in bad {
            let e = input.request().unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidInput, "{input:?}");
            assert_eq!(e.endpoint, Some("updateTopic"));
        }
    }

    #[test]
    fn mute_and_unmute_send_forbid_seconds() {
        let mute = MuteMember {
            topic_id: BIG,
            user: "bob".into(),
            seconds: validate::MAX_FORBID_SECONDS,
        };
        let r = mute.request().unwrap();
        assert_eq!(
            (r.endpoint, r.path()),
            (Endpoint::MuteMember, "/api/uctopic/forbidsendmsg")
        );
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":21351198708203520,"user":"bob","forbidSeconds":315360000}"#)
        );
        let r = UnmuteMember {
            topic_id: BIG,
            user: "bob".into(),
        }
        .request()
        .unwrap();
        assert_eq!(r.endpoint, Endpoint::UnmuteMember);
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":21351198708203520,"user":"bob","forbidSeconds":0}"#)
        );
        let e = MuteMember {
            seconds: validate::MAX_FORBID_SECONDS + 1,
            ..mute.clone()
        }
        .request()
        .unwrap_err();
        assert!(e.message.contains("seconds"), "{e}");
        let e = UnmuteMember {
            topic_id: BIG,
            user: " ".into(),
        }
        .request()
        .unwrap_err();
        assert_eq!(e.endpoint, Some("unmuteMember"));
    }

    #[test]
    fn reads_name_the_group_in_a_header() {
        for (r, method, path) in [
            (delete_topic(BIG), Method::Delete, "/api/uctopic"),
            (get_topic(BIG), Method::Get, "/api/uctopic/topic"),
            (online_count(BIG), Method::Get, "/api/uctopic/onlineinfo"),
        ] {
            assert_eq!((r.method(), r.path()), (method, path));
            assert_eq!(
                r.headers,
                vec![("topicId".to_owned(), "21351198708203520".to_owned())]
            );
            assert_eq!(r.body, None);
        }
        let r = list_topics();
        assert_eq!(
            (r.method(), r.path(), r.headers.len()),
            (Method::Get, "/api/uctopic/topics", 0)
        );
    }

    #[test]
    fn create_as_documented_and_with_strings() {
        let t: Topic = ok(
            r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"ownerUuid":9007199254740993,"topicName":"g","extra":"x"}}"#,
        );
        assert_eq!(t.topic_id, BIG);
        assert_eq!(t.owner_uuid, Id(9_007_199_254_740_993));
        assert_eq!(
            json(&t),
            r#"{"topicId":"21351198708203520","ownerUuid":"9007199254740993","topicName":"g","extra":"x"}"#
        );
        let t: Topic = ok(
            r#"{"code":"200","message":"success","data":{"topicId":"18446744073709551615","ownerUuid":"1","topicName":"g"}}"#,
        );
        assert_eq!(t.topic_id, Id(u64::MAX));
        assert_eq!(
            json(&t),
            r#"{"topicId":"18446744073709551615","ownerUuid":"1","topicName":"g","extra":null}"#
        );
        let t: Topic = ok(
            r#"{"code":200,"data":{"topicId":1,"ownerUuid":2,"topicName":12,"extra":{"a": [1, 2]}}}"#,
        );
        assert_eq!(
            json(&t),
            r#"{"topicId":"1","ownerUuid":"2","topicName":"12","extra":"{\"a\":[1,2]}"}"#
        );
    }

    #[test]
    fn update_is_lenient_about_missing_fields() {
        let u: UpdatedTopic = ok(
            r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"ownerUuid":"42","ownerAccount":"bob","topicName":"n","extra":"e"}}"#,
        );
        assert_eq!(u.owner_account, Some(Text("bob".into())));
        let u: UpdatedTopic = ok(
            r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","ownerUuid":42}}"#,
        );
        assert_eq!(
            json(&u),
            r#"{"topicId":"21351198708203520","ownerUuid":"42","ownerAccount":null,"topicName":null,"extra":null}"#
        );
    }

    #[test]
    fn topic_info_and_online_info_with_strings_and_numbers() {
        let doc = r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","topicName":"g","ownerUuid":"12","ownerAccount":"bob","memberNum":"3"}}"#;
        let num = r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"topicName":"g","ownerUuid":12,"ownerAccount":"bob","memberNum":3}}"#;
        let a: TopicInfo = ok(doc);
        assert_eq!(a, ok::<TopicInfo>(num));
        assert_eq!(a.member_num, Count(3));
        assert_eq!(
            json(&a),
            r#"{"topicId":"21351198708203520","topicName":"g","ownerUuid":"12","ownerAccount":"bob","memberNum":3}"#
        );
        let a: OnlineInfo = ok(
            r#"{"code":200,"message":"success","data":{"topicId":"21351198708203520","userCnt":"7"}}"#,
        );
        let b: OnlineInfo = ok(
            r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"userCnt":7}}"#,
        );
        assert_eq!(a, b);
        assert_eq!(a.user_cnt, Count(7));
    }

    #[test]
    fn topic_list_mixes_numbers_and_strings() {
        let l: TopicList = ok(
            r#"{"code":200,"message":"success","data":[21351198708203520,"18446744073709551615"]}"#,
        );
        assert_eq!(l.0, vec![BIG, Id(u64::MAX)]);
        assert_eq!(json(&l), r#"["21351198708203520","18446744073709551615"]"#);
        let l: TopicList = ok(r#"{"code":200,"message":"success","data":null}"#);
        assert!(l.0.is_empty());
        let l: TopicList = ok(r#"{"code":200,"message":"success","data":[]}"#);
        assert!(l.0.is_empty());
    }
}
