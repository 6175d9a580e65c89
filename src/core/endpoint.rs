//! One builder per endpoint: validated input in, a transport-neutral HTTP request out.
//!
//! Authentication headers are not added here: the transport adds them from `auth`.

use super::error::Result;
use super::json::Object;
use super::validate;

/// The library's name of the create call, as errors report it.
pub const CREATE_TOPIC: &str = "createTopic";
/// The library's name of the update call.
pub const UPDATE_TOPIC: &str = "updateTopic";
/// The library's name of the delete call.
pub const DELETE_TOPIC: &str = "deleteTopic";
/// The library's name of the member-page call.
pub const MEMBER_PAGE: &str = "memberPage";
/// The library's name of the my-groups call.
pub const LIST_TOPICS: &str = "listTopics";
/// The library's name of the group-info call.
pub const GET_TOPIC: &str = "getTopic";
/// The library's name of the online-count call.
pub const ONLINE_COUNT: &str = "onlineCount";
/// The library's name of the mute call.
pub const MUTE_MEMBER: &str = "muteMember";
/// The library's name of the unmute call (the same request as a mute of 0 seconds).
pub const UNMUTE_MEMBER: &str = "unmuteMember";
/// The library's name of the token-service call.
pub const FETCH_TOKEN: &str = "fetchToken";

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name as HTTP writes it, e.g. `"GET"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready for any transport: method, path, headers and an optional JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The library's name of the call, e.g. `"createTopic"`, for errors.
    pub endpoint: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path below the base URL, starting with `/`.
    pub path: &'static str,
    /// Headers other than authentication, in order.
    pub headers: Vec<(String, String)>,
    /// The JSON body, if the call has one.
    pub body: Option<String>,
}

impl HttpRequest {
    /// Whether sending this twice is harmless, so a retry is safe (GET only).
    pub fn idempotent(&self) -> bool {
        // DELETE is idempotent in HTTP terms, but a retried delete answers an error for a group
        // the first attempt already removed, so it is not retried.
        self.method == Method::Get
    }

    /// The full URL under `base_url`, which may or may not end in `/`.
    pub fn url(&self, base_url: &str) -> String {
        let base = base_url.trim_end_matches('/');
        let mut url = String::with_capacity(base.len() + self.path.len());
        url.push_str(base);
        url.push_str(self.path);
        url
    }
}

/// Input of `create_topic`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreateTopic {
    /// The group's name; must not be blank.
    pub topic_name: String,
    /// Free-form data, at most 10240 bytes.
    pub extra: Option<String>,
}

/// Input of `update_topic`: the group, and at least one change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateTopic {
    /// The group to update.
    pub topic_id: u64,
    /// A new name, if renaming.
    pub topic_name: Option<String>,
    /// A new owner's app account, if transferring (they must already be a member).
    pub owner_account: Option<String>,
    /// New free-form data, at most 10240 bytes.
    pub extra: Option<String>,
}

/// Input of `mute_member`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MuteMember {
    /// The group.
    pub topic_id: u64,
    /// The member's app account.
    pub user: String,
    /// How long to mute, in seconds; 0 lifts a mute.
    pub seconds: u32,
}

/// Input of `fetch_token`: app credentials and the account to issue a token for.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct TokenRequest {
    /// The app's id.
    pub app_id: String,
    /// The app's key (secret).
    pub app_key: String,
    /// The app's secret.
    pub app_secret: String,
    /// The app account the token is for.
    pub app_account: String,
}

// Hand-written so that logging a request never prints appKey or appSecret.
impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
            .field("app_id", &self.app_id)
            .field("app_key", &"<redacted>")
            .field("app_secret", &"<redacted>")
            .field("app_account", &self.app_account)
            .finish()
    }
}

/// A POST request with a JSON body, written by `body`.
fn json_request(
    endpoint: &'static str,
    path: &'static str,
    body: impl FnOnce(&mut Object),
) -> HttpRequest {
    let mut text = String::new();
    let mut object = Object::new(&mut text);
    body(&mut object);
    object.end();
    HttpRequest {
        endpoint,
        method: Method::Post,
        path,
        headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
        body: Some(text),
    }
}

fn topic_request(
    endpoint: &'static str,
    method: Method,
    path: &'static str,
    topic_id: u64,
) -> HttpRequest {
    HttpRequest {
        endpoint,
        method,
        path,
        headers: vec![("topicId".to_owned(), topic_id.to_string())],
        body: None,
    }
}

/// `POST /api/uctopic`: creates a group owned by the caller.
pub fn create_topic(input: &CreateTopic) -> Result<HttpRequest> {
    let checks = || -> Result<()> {
        validate::topic_name(&input.topic_name)?;
        if let Some(extra) = &input.extra {
            validate::extra(extra)?;
        }
        Ok(())
    };
    checks().map_err(|e| e.with_endpoint(CREATE_TOPIC))?;
    Ok(json_request(CREATE_TOPIC, "/api/uctopic", |body| {
        body.string("topicName", &input.topic_name);
        if let Some(extra) = &input.extra {
            body.string("extra", extra);
        }
    }))
}

/// `POST /api/uctopic/update`: renames, transfers or changes `extra` (owner only).
pub fn update_topic(input: &UpdateTopic) -> Result<HttpRequest> {
    let checks = || -> Result<()> {
        validate::update_has_change(
            input.topic_name.as_deref(),
            input.owner_account.as_deref(),
            input.extra.as_deref(),
        )?;
        if let Some(name) = &input.topic_name {
            validate::topic_name(name)?;
        }
        if let Some(owner) = &input.owner_account {
            validate::non_empty("ownerAccount", owner)?;
        }
        if let Some(extra) = &input.extra {
            validate::extra(extra)?;
        }
        Ok(())
    };
    checks().map_err(|e| e.with_endpoint(UPDATE_TOPIC))?;
    Ok(json_request(UPDATE_TOPIC, "/api/uctopic/update", |body| {
        body.number("topicId", input.topic_id);
        let optional = [
            ("topicName", &input.topic_name),
            ("ownerAccount", &input.owner_account),
            ("extra", &input.extra),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                body.string(key, value);
            }
        }
    }))
}

/// `DELETE /api/uctopic`: deletes a group (owner only).
pub fn delete_topic(topic_id: u64) -> Result<HttpRequest> {
    Ok(topic_request(
        DELETE_TOPIC,
        Method::Delete,
        "/api/uctopic",
        topic_id,
    ))
}

/// `GET /api/uctopic/userlist`: up to 100 members with a uuid above `start_uuid` (0 at first).
pub fn member_page(topic_id: u64, start_uuid: u64) -> Result<HttpRequest> {
    let mut request = topic_request(MEMBER_PAGE, Method::Get, "/api/uctopic/userlist", topic_id);
    // Always sent, even when 0: leaving it out is how other clients got stuck on page one.
    request
        .headers
        .push(("startUuid".to_owned(), start_uuid.to_string()));
    Ok(request)
}

/// `GET /api/uctopic/topics`: the ids of the groups the caller belongs to.
pub fn list_topics() -> Result<HttpRequest> {
    Ok(HttpRequest {
        endpoint: LIST_TOPICS,
        method: Method::Get,
        path: "/api/uctopic/topics",
        headers: Vec::new(),
        body: None,
    })
}

/// `GET /api/uctopic/topic`: a group's name, owner and member count.
pub fn get_topic(topic_id: u64) -> Result<HttpRequest> {
    Ok(topic_request(
        GET_TOPIC,
        Method::Get,
        "/api/uctopic/topic",
        topic_id,
    ))
}

/// `GET /api/uctopic/onlineinfo`: how many members are online.
pub fn online_count(topic_id: u64) -> Result<HttpRequest> {
    Ok(topic_request(
        ONLINE_COUNT,
        Method::Get,
        "/api/uctopic/onlineinfo",
        topic_id,
    ))
}

/// `POST /api/uctopic/forbidsendmsg`: mutes a member for `seconds` (0 lifts it; owner only).
pub fn mute_member(input: &MuteMember) -> Result<HttpRequest> {
    let checks = || -> Result<()> {
        validate::non_empty("user", &input.user)?;
        validate::forbid_seconds_u32(input.seconds)?;
        Ok(())
    };
    checks().map_err(|e| e.with_endpoint(MUTE_MEMBER))?;
    Ok(json_request(
        MUTE_MEMBER,
        "/api/uctopic/forbidsendmsg",
        |body| {
            body.number("topicId", input.topic_id)
                .string("user", &input.user)
                .number("forbidSeconds", u64::from(input.seconds));
        },
    ))
}

/// `POST /api/account/token`: asks the token service for a user token (app servers only).
pub fn fetch_token(input: &TokenRequest) -> Result<HttpRequest> {
    let checks = || -> Result<()> {
        validate::non_empty("appId", &input.app_id)?;
        validate::non_empty("appKey", &input.app_key)?;
        validate::non_empty("appSecret", &input.app_secret)?;
        validate::non_empty("appAccount", &input.app_account)?;
        Ok(())
    };
    checks().map_err(|e| e.with_endpoint(FETCH_TOKEN))?;
    Ok(json_request(FETCH_TOKEN, "/api/account/token", |body| {
        body.string("appId", &input.app_id)
            .string("appKey", &input.app_key)
            .string("appSecret", &input.app_secret)
            .string("appAccount", &input.app_account);
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    const BIG: u64 = 21_351_198_708_203_520;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn json_headers() -> Vec<(String, String)> {
        pairs(&[("Content-Type", "application/json")])
    }

    #[test]
    fn create_with_and_without_extra() {
        let r = create_topic(&CreateTopic {
            topic_name: "小米群".into(),
            extra: Some("{\"a\":1}".into()),
        })
        .unwrap();
        assert_eq!(r.endpoint, "createTopic");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, "/api/uctopic");
        assert_eq!(r.headers, json_headers());
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicName":"小米群","extra":"{\"a\":1}"}"#)
        );
        assert!(!r.idempotent());

        let r = create_topic(&CreateTopic {
            topic_name: "g".into(),
            extra: None,
        })
        .unwrap();
        assert_eq!(r.body.as_deref(), Some(r#"{"topicName":"g"}"#));
    }

    #[test]
    fn create_validates() {
        for name in ["", "   "] {
            let err = create_topic(&CreateTopic {
                topic_name: name.into(),
                extra: None,
            })
            .unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert_eq!(err.endpoint, Some("createTopic"));
            assert!(err.message.contains("topicName"));
        }
        let ok = create_topic(&CreateTopic {
            topic_name: "g".into(),
            extra: Some("x".repeat(10_240)),
        });
        assert!(ok.is_ok());
        let err = create_topic(&CreateTopic {
            topic_name: "g".into(),
            extra: Some("x".repeat(10_241)),
        })
        .unwrap_err();
        assert!(err.message.contains("extra"));
    }

    #[test]
    fn update_bodies_carry_only_what_changes() {
        let r = update_topic(&UpdateTopic {
            topic_id: BIG,
            topic_name: Some("new".into()),
            owner_account: None,
            extra: None,
        })
        .unwrap();
        assert_eq!(r.endpoint, "updateTopic");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, "/api/uctopic/update");
        assert_eq!(r.headers, json_headers());
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":21351198708203520,"topicName":"new"}"#)
        );

        let r = update_topic(&UpdateTopic {
            topic_id: u64::MAX,
            topic_name: Some("n".into()),
            owner_account: Some("小米用户".into()),
            extra: Some(String::new()),
        })
        .unwrap();
        assert_eq!(
            r.body.as_deref(),
            Some(
                r#"{"topicId":18446744073709551615,"topicName":"n","ownerAccount":"小米用户","extra":""}"#
            )
        );

        let r = update_topic(&UpdateTopic {
            topic_id: 1,
            owner_account: Some("bob".into()),
            ..UpdateTopic::default()
        })
        .unwrap();
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":1,"ownerAccount":"bob"}"#)
        );
    }

    #[test]
    fn update_validates() {
        let cases = [
            (UpdateTopic::default(), "at least one"),
            (
                UpdateTopic {
                    topic_name: Some(" ".into()),
                    ..UpdateTopic::default()
                },
                "topicName",
            ),
            (
                UpdateTopic {
                    owner_account: Some(String::new()),
                    ..UpdateTopic::default()
                },
                "ownerAccount",
            ),
            (
                UpdateTopic {
                    extra: Some("x".repeat(10_241)),
                    ..UpdateTopic::default()
                },
                "extra",
            ),
        ];
        for (input, needle) in cases {
            let err = update_topic(&input).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert_eq!(err.endpoint, Some("updateTopic"));
            assert!(err.message.contains(needle), "{}", err.message);
        }
    }

    #[test]
    fn delete_sends_the_id_as_a_header() {
        let r = delete_topic(BIG).unwrap();
        assert_eq!(r.endpoint, "deleteTopic");
        assert_eq!(r.method, Method::Delete);
        assert_eq!(r.path, "/api/uctopic");
        assert_eq!(r.headers, pairs(&[("topicId", "21351198708203520")]));
        assert_eq!(r.body, None);
        assert!(!r.idempotent());
    }

    #[test]
    fn member_page_always_sends_start_uuid() {
        let r = member_page(BIG, 0).unwrap();
        assert_eq!(r.endpoint, "memberPage");
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.path, "/api/uctopic/userlist");
        assert_eq!(
            r.headers,
            pairs(&[("topicId", "21351198708203520"), ("startUuid", "0")])
        );
        assert_eq!(r.body, None);
        assert!(r.idempotent());
        let r = member_page(1, u64::MAX).unwrap();
        assert_eq!(
            r.headers,
            pairs(&[("topicId", "1"), ("startUuid", "18446744073709551615")])
        );
    }

    #[test]
    fn get_requests() {
        let r = list_topics().unwrap();
        assert_eq!(
            (r.endpoint, r.method, r.path),
            ("listTopics", Method::Get, "/api/uctopic/topics")
        );
        assert!(r.headers.is_empty());
        assert_eq!(r.body, None);
        assert!(r.idempotent());

        let r = get_topic(BIG).unwrap();
        assert_eq!(
            (r.endpoint, r.method, r.path),
            ("getTopic", Method::Get, "/api/uctopic/topic")
        );
        assert_eq!(r.headers, pairs(&[("topicId", "21351198708203520")]));
        assert_eq!(r.body, None);

        let r = online_count(BIG).unwrap();
        assert_eq!(
            (r.endpoint, r.method, r.path),
            ("onlineCount", Method::Get, "/api/uctopic/onlineinfo")
        );
        assert_eq!(r.headers, pairs(&[("topicId", "21351198708203520")]));
        assert_eq!(r.body, None);
    }

    #[test]
    fn mute_body() {
        let r = mute_member(&MuteMember {
            topic_id: BIG,
            user: "bob".into(),
            seconds: 315_360_000,
        })
        .unwrap();
        assert_eq!(r.endpoint, "muteMember");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, "/api/uctopic/forbidsendmsg");
        assert_eq!(r.headers, json_headers());
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":21351198708203520,"user":"bob","forbidSeconds":315360000}"#)
        );
        let r = mute_member(&MuteMember {
            topic_id: 1,
            user: "小米用户".into(),
            seconds: 0,
        })
        .unwrap();
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"topicId":1,"user":"小米用户","forbidSeconds":0}"#)
        );
    }

    #[test]
    fn mute_validates() {
        let err = mute_member(&MuteMember {
            topic_id: 1,
            user: "bob".into(),
            seconds: 315_360_001,
        })
        .unwrap_err();
        assert_eq!(err.endpoint, Some("muteMember"));
        assert!(err.message.contains("seconds"));
        let err = mute_member(&MuteMember {
            topic_id: 1,
            user: " ".into(),
            seconds: 1,
        })
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.starts_with("user "));
    }

    #[test]
    fn token_request_carries_credentials_in_the_body_only() {
        let input = TokenRequest {
            app_id: "2882303761517669588".into(),
            app_key: "5111766983588".into(),
            app_secret: "b0L3IOz/9Ob809v8H2FbVg==".into(),
            app_account: "小米用户".into(),
        };
        let r = fetch_token(&input).unwrap();
        assert_eq!(r.endpoint, "fetchToken");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, "/api/account/token");
        assert_eq!(r.headers, json_headers());
        assert_eq!(
            r.body.as_deref(),
            Some(
                r#"{"appId":"2882303761517669588","appKey":"5111766983588","appSecret":"b0L3IOz/9Ob809v8H2FbVg==","appAccount":"小米用户"}"#
            )
        );
        let shown = format!("{input:?}");
        assert!(!shown.contains("5111766983588") && !shown.contains("b0L3"));

        let err = fetch_token(&TokenRequest {
            app_secret: String::new(),
            ..input.clone()
        })
        .unwrap_err();
        assert_eq!(err.endpoint, Some("fetchToken"));
        assert!(err.message.starts_with("appSecret "));
        assert!(!err.message.contains("5111766983588"));
        let err = fetch_token(&TokenRequest {
            app_account: String::new(),
            ..input
        })
        .unwrap_err();
        assert!(err.message.starts_with("appAccount "));
    }

    #[test]
    fn urls_join_without_double_slashes() {
        let r = get_topic(1).unwrap();
        assert_eq!(
            r.url("https://mimc.chat.xiaomi.net"),
            "https://mimc.chat.xiaomi.net/api/uctopic/topic"
        );
        assert_eq!(
            r.url("https://mimc.chat.xiaomi.net/"),
            "https://mimc.chat.xiaomi.net/api/uctopic/topic"
        );
        assert_eq!(
            r.url("http://127.0.0.1:8080/prefix//"),
            "http://127.0.0.1:8080/prefix/api/uctopic/topic"
        );
        assert_eq!(r.url(""), "/api/uctopic/topic");
    }

    #[test]
    fn method_names() {
        assert_eq!(Method::Get.as_str(), "GET");
        assert_eq!(Method::Post.as_str(), "POST");
        assert_eq!(Method::Delete.as_str(), "DELETE");
    }
}
