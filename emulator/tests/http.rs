//! HTTP behaviour every route shares: header names in any case, trailing slashes, CORS, unknown
//! routes and wrong methods, the body limit, and the edges every form must answer alike.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn header_names_in_any_case() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    for (token_name, topic_name) in [
        ("TOKEN", "TOPICID"),
        ("Token", "TopicId"),
        ("token", "topicid"),
        ("tOkEn", "tOpIcId"),
    ] {
        let request = format!(
            "GET /api/uctopic/topic HTTP/1.1\r\nHost: x\r\n{token_name}: {token}\r\n\
             {topic_name}: {topic}\r\nConnection: close\r\n\r\n"
        );
        let (status, body) = raw_http(emu.server.addr(), request.as_bytes()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["topicId"], json!(topic.to_string()));
    }
    let request = format!(
        "GET /api/uctopic/topics HTTP/1.1\r\nHost: x\r\nAPPID: {APP_ID}\r\nAppKey: {APP_KEY}\r\n\
         APPSECRET: {APP_SECRET}\r\nAPPACCOUNT: 5bCP57Gz55So5oi3\r\n\
         AppAccountEncode: base64\r\nConnection: close\r\n\r\n"
    );
    let (status, body) = raw_http(emu.server.addr(), request.as_bytes()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"], json!([]), "小米用户 has no groups");
    let request = format!(
        "DELETE /api/uctopic HTTP/1.1\r\nHost: x\r\nTOKEN: {token}\r\nTOPICID: {topic}\r\n\
         Connection: close\r\n\r\n"
    );
    let (status, body) = raw_http(emu.server.addr(), request.as_bytes()).await;
    assert_eq!(status, 200, "{body}");
    emu.get_topic("/api/uctopic/topic", Auth::Token(&token), topic)
        .await
        .fails(404);
    // reqwest's own title-case mode.
    let client = reqwest::Client::builder()
        .http1_title_case_headers()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .unwrap();
    let reply = reply(
        client
            .post(emu.url("/api/uctopic"))
            .header("TOKEN", &token)
            .json(&json!({"topicName": "t"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    reply.data();
}

#[tokio::test]
async fn trailing_slashes_are_accepted() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let reply = emu
        .call(
            Method::POST,
            "/api/uctopic/",
            auth,
            &[],
            Some(&json!({"topicName": "slash"})),
        )
        .await;
    let topic = id(&reply.data()["topicId"]);
    let t = topic.to_string();
    emu.call(
        Method::GET,
        "/api/uctopic/topic/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
    emu.call(
        Method::GET,
        "/api/uctopic/userlist/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
    emu.call(
        Method::GET,
        "/api/uctopic/onlineinfo/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
    emu.call(Method::GET, "/api/uctopic/topics/", auth, &[], None)
        .await
        .data();
    emu.call(
        Method::POST,
        "/api/uctopic/update/",
        auth,
        &[],
        Some(&json!({"topicId": topic, "extra": "x"})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/uctopic/forbidsendmsg/",
        auth,
        &[],
        Some(&json!({"topicId": topic, "user": "owner", "forbidSeconds": 1})),
    )
    .await
    .data();
    emu.call(
        Method::POST,
        "/api/account/token/",
        Auth::None,
        &[],
        Some(&json!({"appId": APP_ID, "appKey": APP_KEY, "appSecret": APP_SECRET, "appAccount": "z"})),
    )
    .await
    .data();
    emu.admin(
        Method::POST,
        &format!("/emulator/topics/{topic}/members/"),
        Some(&json!({"accounts": ["m"]})),
    )
    .await
    .data();
    emu.call(
        Method::DELETE,
        "/api/uctopic/",
        auth,
        &[("topicId", &t)],
        None,
    )
    .await
    .data();
}

#[tokio::test]
async fn cors_preflight_and_answers() {
    let emu = start().await;
    let (topic, token) = emu.group("owner", "g").await;
    for path in [
        "/api/uctopic/userlist",
        "/api/uctopic",
        "/api/uctopic/topic/",
    ] {
        let response = emu
            .client
            .request(Method::OPTIONS, emu.url(path))
            .header("Origin", "http://localhost:5173")
            .header("Access-Control-Request-Method", "GET")
            .header(
                "Access-Control-Request-Headers",
                "token,topicid,content-type",
            )
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        let headers = response.headers();
        let get = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let origin = get("access-control-allow-origin");
        assert!(
            origin == "*" || origin == "http://localhost:5173",
            "{origin:?}"
        );
        let allowed = get("access-control-allow-headers").to_ascii_lowercase();
        assert!(
            allowed == "*"
                || ["token", "topicid", "content-type"]
                    .iter()
                    .all(|h| allowed.contains(h)),
            "{allowed:?}"
        );
        let methods = get("access-control-allow-methods");
        assert!(methods == "*" || methods.contains("GET"), "{methods:?}");
    }
    // Preflights are not counted as API requests.
    let counts = emu.admin(Method::GET, "/emulator/requests", None).await;
    assert!(!counts.text.contains("OPTIONS"), "{}", counts.text);
    // Normal answers, successes and failures, carry the origin header.
    for (path, auth) in [
        ("/api/uctopic/topic", Auth::Token(&token)),
        ("/api/uctopic/topic", Auth::None),
        ("/api/nowhere", Auth::None),
    ] {
        let response = authorize(emu.client.get(emu.url(path)), auth)
            .header("Origin", "http://localhost:5173")
            .header("topicId", topic.to_string())
            .send()
            .await
            .unwrap();
        let origin = response
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok());
        assert!(
            matches!(origin, Some("*") | Some("http://localhost:5173")),
            "{path}: {origin:?}"
        );
    }
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let emu = start().await;
    let token = emu.token("t").await;
    let auth = Auth::Token(&token);
    // As a web server answers a path it has no handler for: a 404 of its own, no envelope.
    for path in [
        "/api/nothing",
        "/",
        "/api/uctopic/nothing",
        "/api",
        "/api/topic",
        "/nothing",
        "/emulator/nothing",
    ] {
        for (method, body) in [(Method::GET, None), (Method::POST, Some(json!({})))] {
            let reply = emu
                .call(method.clone(), path, auth, &[], body.as_ref())
                .await;
            assert_eq!(reply.status, 404, "{method} {path}: {}", reply.text);
            assert_eq!(
                reply.text,
                format!("404 Not Found: no route for {method} {path}\n")
            );
            assert!(reply
                .header("content-type")
                .is_some_and(|c| c.starts_with("text/plain")));
        }
    }
    for (method, path) in [
        (Method::GET, "/api/uctopic"),
        (Method::PUT, "/api/uctopic"),
        (Method::GET, "/api/uctopic/update"),
        (Method::DELETE, "/api/uctopic/update"),
        (Method::POST, "/api/uctopic/userlist"),
        (Method::POST, "/api/uctopic/topics"),
        (Method::DELETE, "/api/uctopic/topic"),
        (Method::PATCH, "/api/uctopic/onlineinfo"),
        (Method::GET, "/api/uctopic/forbidsendmsg"),
        (Method::GET, "/api/account/token"),
        (Method::GET, "/emulator/reset"),
        (Method::POST, "/emulator/config"),
        (Method::PUT, "/emulator/requests"),
    ] {
        let reply = emu.call(method.clone(), path, auth, &[], None).await;
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.text);
        reply.fails(405);
    }
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let emu = start().await;
    let token = emu.token("owner").await;
    let auth = Auth::Token(&token);
    let (topic, _) = emu.group("owner", "g").await;
    // A body of exactly 64 KiB is read (and refused for its too long extra: 400, not 413).
    let body = |total: usize| {
        let prefix = "{\"topicName\":\"x\",\"extra\":\"";
        let suffix = "\"}";
        format!(
            "{prefix}{}{suffix}",
            "e".repeat(total - prefix.len() - suffix.len())
        )
    };
    let exact = body(64 * 1024);
    assert_eq!(exact.len(), 65_536);
    emu.raw(Method::POST, "/api/uctopic", auth, &[], exact)
        .await
        .fails(400);
    for path in [
        "/api/uctopic",
        "/api/uctopic/update",
        "/api/uctopic/forbidsendmsg",
    ] {
        emu.raw(Method::POST, path, auth, &[], body(64 * 1024 + 1))
            .await
            .fails(413);
        emu.raw(Method::POST, path, auth, &[], body(1024 * 1024))
            .await
            .fails(413);
    }
    emu.raw(
        Method::POST,
        "/api/account/token",
        Auth::None,
        &[],
        body(70_000),
    )
    .await
    .fails(413);
    // The server is fine afterwards, and nothing was created.
    assert_eq!(emu.my_groups(auth).await, vec![topic]);
}

#[tokio::test]
async fn edges_every_form_answers_alike() {
    let emu = start().await;
    let token = emu.token("edge").await;
    let auth = Auth::Token(&token);
    // A base URL ending in `/` gives `//api/…`: routed as `/api/…`, and journaled so.
    let reply = emu
        .call(Method::GET, "//api/uctopic/topics/", auth, &[], None)
        .await;
    assert_eq!(reply.data(), &json!([]));
    let entries = emu.journal("?path=/api/uctopic/topics").await;
    assert_eq!(entries.len(), 1);
    // A 405 says what the route allows.
    let reply = emu
        .call(Method::PUT, "/api/uctopic/topics", auth, &[], None)
        .await;
    reply.fails(405);
    assert_eq!(reply.header("allow"), Some("GET,HEAD"));
    let reply = emu.admin(Method::PATCH, "/emulator/faults", None).await;
    reply.fails(405);
    assert_eq!(reply.header("allow"), Some("POST,GET,DELETE,HEAD"));
    // Path segments are percent-decoded.
    let (topic, _) = emu.group("edge-owner", "g").await;
    let encoded: String = topic
        .to_string()
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    let reply = emu
        .admin(
            Method::POST,
            &format!("/emulator/topics/{encoded}/members"),
            Some(&json!({"accounts": ["x"]})),
        )
        .await;
    assert_eq!(reply.data()["memberNum"], json!(2));
    // A fault's status is a final one; its non-ASCII header goes out as UTF-8 bytes.
    for status in [103, 600] {
        emu.admin(
            Method::POST,
            "/emulator/faults",
            Some(&json!({ "status": status })),
        )
        .await
        .fails(400);
    }
    let fault =
        json!({"path": "/api/uctopic/topics", "status": 503, "headers": {"X-Reason": "维护中"}});
    emu.admin(Method::POST, "/emulator/faults", Some(&fault))
        .await
        .data();
    let reply = emu
        .call(Method::GET, "/api/uctopic/topics", auth, &[], None)
        .await;
    reply.fails(503);
    assert_eq!(
        reply.headers.get("x-reason").map(|v| v.as_bytes()),
        Some("维护中".as_bytes())
    );
}
