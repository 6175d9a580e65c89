//! The table of malformed requests: each with the status and envelope code it must answer.

use super::common::{APP_ID, APP_KEY, APP_SECRET};
use reqwest::Method;

/// One malformed request and the code it must answer.
pub struct Case {
    pub name: &'static str,
    pub method: Method,
    pub path: String,
    pub headers: Vec<(&'static str, Vec<u8>)>,
    pub body: Vec<u8>,
    pub code: u16,
}

/// Every case, for a group `topic` of the owner whose token is `token`, with a member "m".
pub fn cases(token: String, topic: u64) -> Vec<Case> {
    let t = topic.to_string();
    let auth = || vec![("token", token.clone().into_bytes())];
    let with = |extra: Vec<(&'static str, Vec<u8>)>| {
        let mut headers = auth();
        headers.extend(extra);
        headers
    };
    let post = |name: &'static str, path: &str, body: &str, code: u16| Case {
        name,
        method: Method::POST,
        path: path.to_owned(),
        headers: auth(),
        body: body.as_bytes().to_vec(),
        code,
    };
    let get =
        |name: &'static str, path: &str, headers: Vec<(&'static str, Vec<u8>)>, code: u16| Case {
            name,
            method: Method::GET,
            path: path.to_owned(),
            headers: with(headers),
            body: Vec::new(),
            code,
        };
    let create = "/api/uctopic";
    let update = "/api/uctopic/update";
    let mute = "/api/uctopic/forbidsendmsg";
    let token_path = "/api/account/token";
    let mut cases = vec![
        post("bad JSON", create, "{\"topicName\": ", 400),
        post("not JSON", create, "topicName=x", 400),
        post("JSON array", create, "[{\"topicName\": \"x\"}]", 400),
        post("JSON string", create, "\"x\"", 400),
        post("JSON number", create, "42", 400),
        post("JSON null", create, "null", 400),
        post("empty body", create, "", 400),
        post("whitespace body", create, " \n\t ", 400),
        post("trailing garbage", create, "{\"topicName\": \"x\"} x", 400),
        post("two objects", create, "{\"topicName\": \"x\"}{}", 400),
        post("topicName object", create, "{\"topicName\": {}}", 400),
        post("topicName array", create, "{\"topicName\": [\"x\"]}", 400),
        post("topicName bool", create, "{\"topicName\": true}", 400),
        post(
            "extra object",
            create,
            "{\"topicName\": \"x\", \"extra\": {\"a\": 1}}",
            400,
        ),
        post(
            "extra array",
            create,
            "{\"topicName\": \"x\", \"extra\": []}",
            400,
        ),
        post(
            "extra bool",
            create,
            "{\"topicName\": \"x\", \"extra\": false}",
            400,
        ),
        post("update empty body", update, "", 400),
        post("update array", update, "[]", 400),
        post(
            "update topicId negative",
            update,
            &format!("{{\"topicId\": -{t}, \"topicName\": \"x\"}}"),
            400,
        ),
        post(
            "update topicId -1",
            update,
            "{\"topicId\": -1, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId \"-1\"",
            update,
            "{\"topicId\": \"-1\", \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId text",
            update,
            "{\"topicId\": \"abc\", \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId float",
            update,
            "{\"topicId\": 1.5, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId exponent",
            update,
            "{\"topicId\": 1e3, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId bool",
            update,
            "{\"topicId\": true, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId object",
            update,
            "{\"topicId\": {}, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId 2^64",
            update,
            "{\"topicId\": 18446744073709551616, \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicId \"2^64\"",
            update,
            "{\"topicId\": \"18446744073709551616\", \"topicName\": \"x\"}",
            400,
        ),
        post(
            "update topicName array",
            update,
            &format!("{{\"topicId\": {t}, \"topicName\": []}}"),
            400,
        ),
        post(
            "update ownerAccount object",
            update,
            &format!("{{\"topicId\": {t}, \"ownerAccount\": {{}}}}"),
            400,
        ),
        post(
            "update extra bool",
            update,
            &format!("{{\"topicId\": {t}, \"extra\": true}}"),
            400,
        ),
        post("mute empty", mute, "", 400),
        post(
            "mute forbidSeconds negative",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": \"m\", \"forbidSeconds\": -5}}"),
            400,
        ),
        post(
            "mute forbidSeconds text",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": \"m\", \"forbidSeconds\": \"ten\"}}"),
            400,
        ),
        post(
            "mute forbidSeconds float",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": \"m\", \"forbidSeconds\": 2.5}}"),
            400,
        ),
        post(
            "mute user object",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": {{}}, \"forbidSeconds\": 5}}"),
            400,
        ),
        post(
            "mute user array",
            mute,
            &format!("{{\"topicId\": {t}, \"user\": [\"m\"], \"forbidSeconds\": 5}}"),
            400,
        ),
        post("token array", token_path, "[]", 400),
        post(
            "token appId array",
            token_path,
            "{\"appId\": [], \"appKey\": \"k\", \"appSecret\": \"s\", \"appAccount\": \"a\"}",
            400,
        ),
        post("token empty", token_path, "", 400),
        get(
            "topicId text",
            "/api/uctopic/topic",
            vec![("topicId", b"abc".to_vec())],
            400,
        ),
        get(
            "topicId negative",
            "/api/uctopic/topic",
            vec![("topicId", b"-1".to_vec())],
            400,
        ),
        get(
            "topicId empty",
            "/api/uctopic/topic",
            vec![("topicId", b"".to_vec())],
            400,
        ),
        get(
            "topicId float",
            "/api/uctopic/topic",
            vec![("topicId", b"1.0".to_vec())],
            400,
        ),
        get(
            "topicId hex",
            "/api/uctopic/topic",
            vec![("topicId", b"0x10".to_vec())],
            400,
        ),
        get(
            "topicId 2^64",
            "/api/uctopic/topic",
            vec![("topicId", b"18446744073709551616".to_vec())],
            400,
        ),
        get(
            "topicId not UTF-8",
            "/api/uctopic/topic",
            vec![("topicId", vec![0xff, 0xfe])],
            400,
        ),
        get(
            "userlist topicId text",
            "/api/uctopic/userlist",
            vec![("topicId", b"x".to_vec())],
            400,
        ),
        get(
            "startUuid text",
            "/api/uctopic/userlist",
            vec![
                ("topicId", t.clone().into_bytes()),
                ("startUuid", b"next".to_vec()),
            ],
            400,
        ),
        get(
            "startUuid negative",
            "/api/uctopic/userlist",
            vec![
                ("topicId", t.clone().into_bytes()),
                ("startUuid", b"-100".to_vec()),
            ],
            400,
        ),
        get(
            "onlineinfo topicId negative",
            "/api/uctopic/onlineinfo",
            vec![("topicId", b"-9".to_vec())],
            400,
        ),
        get("topicId absent", "/api/uctopic/topic", vec![], 400),
    ];
    cases.push(Case {
        name: "delete topicId text",
        method: Method::DELETE,
        path: create.to_owned(),
        headers: with(vec![("topicId", b"1e3".to_vec())]),
        body: Vec::new(),
        code: 400,
    });
    cases.push(Case {
        name: "body not UTF-8",
        method: Method::POST,
        path: create.to_owned(),
        headers: auth(),
        body: vec![b'{', 0xff, 0xfe, b'}'],
        code: 400,
    });
    cases.push(Case {
        name: "token not UTF-8",
        method: Method::GET,
        path: "/api/uctopic/topics".to_owned(),
        headers: vec![("token", vec![0xc3, 0x28])],
        body: Vec::new(),
        code: 400,
    });
    cases.push(Case {
        name: "appAccount not UTF-8",
        method: Method::GET,
        path: "/api/uctopic/topics".to_owned(),
        headers: vec![
            ("appId", APP_ID.into()),
            ("appKey", APP_KEY.into()),
            ("appSecret", APP_SECRET.into()),
            ("appAccount", vec![0xe5, 0xb0]),
        ],
        body: Vec::new(),
        code: 400,
    });
    cases.push(Case {
        name: "base64 of invalid UTF-8",
        method: Method::GET,
        path: "/api/uctopic/topics".to_owned(),
        headers: vec![
            ("appId", APP_ID.into()),
            ("appKey", APP_KEY.into()),
            ("appSecret", APP_SECRET.into()),
            ("appAccount", b"//79".to_vec()),
            ("appAccountEncode", b"base64".to_vec()),
        ],
        body: Vec::new(),
        code: 400,
    });
    // The admin API answers the same way.
    let members = format!("/emulator/topics/{t}/members");
    for (name, path, body) in [
        ("join bad JSON", members.as_str(), "{"),
        ("join no accounts", members.as_str(), "{}"),
        (
            "join accounts not array",
            members.as_str(),
            "{\"accounts\": \"a\"}",
        ),
        (
            "join account numbers",
            members.as_str(),
            "{\"accounts\": [1, 2]}",
        ),
        (
            "join empty account",
            members.as_str(),
            "{\"accounts\": [\"\"]}",
        ),
        (
            "join topic not a number",
            "/emulator/topics/abc/members",
            "{\"accounts\": []}",
        ),
        (
            "clock negative",
            "/emulator/clock",
            "{\"advanceSeconds\": -1}",
        ),
        ("clock missing", "/emulator/clock", "{}"),
        ("fault unknown field", "/emulator/faults", "{\"bogus\": 1}"),
        (
            "fault wrong type",
            "/emulator/faults",
            "{\"times\": \"two\"}",
        ),
        ("fault array", "/emulator/faults", "[]"),
    ] {
        cases.push(Case {
            name,
            method: Method::POST,
            path: path.to_owned(),
            headers: vec![],
            body: body.as_bytes().to_vec(),
            code: 400,
        });
    }
    cases.push(Case {
        name: "config bad JSON",
        method: Method::PUT,
        path: "/emulator/config".to_owned(),
        headers: vec![],
        body: b"{".to_vec(),
        code: 400,
    });
    cases
}
