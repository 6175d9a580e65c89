//! Normal groups (`/api/topic/{appId}/…`): every endpoint in both auth modes, the manual's
//! rules and the emulator's decisions where it is silent (docs/uctopic-api.md lists them).

mod common;

use common::normal::*;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn every_endpoint_in_every_auth_mode() {
    let emu = start().await;
    for mode in 0..3 {
        let [a, b, c, d] =
            ["a", "b", "c", "d"].map(|x| -> &'static str { format!("{x}{mode}").leak() });
        let [ua, ub, ud] = [
            emu.user(a, mode).await,
            emu.user(b, mode).await,
            emu.user(d, mode).await,
        ];
        // create: the caller is the owner and the first member; `accounts` comma-joined.
        let body = json!({ "topicName": "team", "accounts": format!("{b},{c}") });
        let data = emu
            .normal_as(&ua, Method::POST, "", Some(&body))
            .await
            .data()
            .clone();
        let topic = topic_of(&data);
        assert!(topic >= 1 << 60, "{topic}");
        let info = &data["topicInfo"];
        assert_eq!(info["ownerAccount"], json!(a));
        assert_eq!(info["topicName"], json!("team"));
        assert_eq!(info["bulletin"], Value::Null);
        assert_eq!(accounts_of(&data), [a, b, c]);
        let keys: Vec<&String> = data["members"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["uuid", "account"]);
        // The same users as the rest of the API: an invited account's uuid is its token's.
        assert_eq!(id(&data["members"][1]["uuid"]), emu.uuid(b).await);
        assert_eq!(id(&info["ownerUuid"]), id(&data["members"][0]["uuid"]));
        let (at, accounts, account) = (
            format!("/{topic}"),
            format!("/{topic}/accounts"),
            format!("/{topic}/account"),
        );
        // get, as a member.
        assert_eq!(
            emu.normal_as(&ub, Method::GET, &at, None).await.data(),
            &data
        );
        // invite, by a member who is not the owner.
        let body = json!({ "accounts": d });
        let invited = emu
            .normal_as(&ub, Method::POST, &accounts, Some(&body))
            .await;
        assert_eq!(accounts_of(invited.data()), [a, b, c, d]);
        // my groups: the group's info.
        let mine = emu.normal_as(&ud, Method::GET, "/account", None).await;
        assert_eq!(mine.data(), &json!([info]));
        // kick (owner), from the query.
        let kick = format!("{accounts}?accounts={c}");
        let kicked = emu.normal_as(&ua, Method::DELETE, &kick, None).await;
        assert_eq!(accounts_of(kicked.data()), [a, b, d]);
        // quit: the caller leaves.
        let quit = emu.normal_as(&ud, Method::DELETE, &account, None).await;
        assert_eq!(quit.data(), &Value::Null);
        // update (owner).
        let body = json!({ "topicName": "renamed", "bulletin": "hi", "extra": "x" });
        let updated = emu.normal_as(&ua, Method::PUT, &at, Some(&body)).await;
        let info = &updated.data()["topicInfo"];
        assert_eq!(
            (&info["topicName"], &info["bulletin"], &info["extra"]),
            (&json!("renamed"), &json!("hi"), &json!("x"))
        );
        assert_eq!(accounts_of(updated.data()), [a, b]);
        // dismiss (owner): data null, the manual's full-width message, byte for byte.
        let dismissed = emu.normal_as(&ua, Method::DELETE, &at, None).await;
        assert_eq!(dismissed.status, 200);
        let expected = "{\"code\":200,\"message\":\"success\u{FF01}\",\"data\":null}";
        assert_eq!(dismissed.text.as_bytes(), expected.as_bytes());
        assert_eq!(&dismissed.text.as_bytes()[30..33], [0xEF, 0xBC, 0x81]);
        emu.normal_as(&ua, Method::GET, &at, None).await.fails(404);
    }
}

#[tokio::test]
async fn accounts_travel_comma_joined_or_as_an_array_and_repeat_harmlessly() {
    let emu = start().await;
    let owner = Auth::App(Some("owner"));
    let body = json!({ "topicName": "g", "accounts": ["b", "c", "b", "owner"] });
    let data = emu
        .normal(Method::POST, "", owner, Some(&body))
        .await
        .data()
        .clone();
    assert_eq!(accounts_of(&data), ["owner", "b", "c"]);
    let at = format!("/{}/accounts", topic_of(&data));
    for (accounts, expected) in [
        (json!(" d , e,,d "), vec!["owner", "b", "c", "d", "e"]),
        (
            json!(["c", "f", "f"]),
            vec!["owner", "b", "c", "d", "e", "f"],
        ),
        (json!("b"), vec!["owner", "b", "c", "d", "e", "f"]),
    ] {
        let reply = emu
            .normal(
                Method::POST,
                &at,
                owner,
                Some(&json!({ "accounts": accounts })),
            )
            .await;
        assert_eq!(accounts_of(reply.data()), expected);
    }
    for empty in [json!(""), json!([]), json!(" , ")] {
        let body = json!({ "accounts": empty });
        emu.normal(Method::POST, &at, owner, Some(&body))
            .await
            .fails(400);
        let body = json!({ "topicName": "g", "accounts": empty });
        emu.normal(Method::POST, "", owner, Some(&body))
            .await
            .fails(400);
    }
    let body = json!({ "topicName": "g" });
    emu.normal(Method::POST, "", owner, Some(&body))
        .await
        .fails(400);
    emu.normal(Method::POST, &at, owner, Some(&json!({})))
        .await
        .fails(400);
    // kick: percent-decoded, comma-separated; repeats and non-members are ignored.
    let kick = format!("{at}?accounts=d%2Cb,%E5%B0%8F%E7%B1%B3,b,nobody");
    let reply = emu.normal(Method::DELETE, &kick, owner, None).await;
    assert_eq!(accounts_of(reply.data()), ["owner", "c", "e", "f"]);
    emu.normal(Method::DELETE, &at, owner, None)
        .await
        .fails(400);
    emu.normal(Method::DELETE, &format!("{at}?accounts="), owner, None)
        .await
        .fails(400);
}

#[tokio::test]
async fn who_may_do_what() {
    let emu = start().await;
    let (owner, member, outsider) = (
        Auth::App(Some("o")),
        Auth::App(Some("m")),
        Auth::App(Some("x")),
    );
    let server = Auth::App(None);
    let topic = emu.normal_group(owner, "m").await;
    let at = format!("/{topic}");
    let invite = json!({ "accounts": "n" });
    // Any member invites; others may not.
    emu.normal(
        Method::POST,
        &format!("{at}/accounts"),
        outsider,
        Some(&invite),
    )
    .await
    .fails(403);
    emu.normal(
        Method::POST,
        &format!("{at}/accounts"),
        member,
        Some(&invite),
    )
    .await
    .data();
    // Kick, update and dismiss are the owner's.
    let kick = format!("{at}/accounts?accounts=n");
    emu.normal(Method::DELETE, &kick, member, None)
        .await
        .fails(403);
    emu.normal(Method::PUT, &at, member, Some(&json!({ "topicName": "z" })))
        .await
        .fails(403);
    emu.normal(Method::DELETE, &at, member, None)
        .await
        .fails(403);
    // The owner cannot be kicked, nor quit (the manual's answer, byte for byte).
    let kick_owner = format!("{at}/accounts?accounts=n,o");
    emu.normal(Method::DELETE, &kick_owner, owner, None)
        .await
        .fails(400);
    let quit = emu
        .normal(Method::DELETE, &format!("{at}/account"), owner, None)
        .await;
    assert_eq!(quit.status, 500);
    assert_eq!(
        quit.text,
        r#"{"code":500,"message":"quit topic fail","data":null}"#
    );
    emu.normal(Method::DELETE, &format!("{at}/account"), outsider, None)
        .await
        .fails(403);
    // Anybody of the app reads a group.
    assert_eq!(topic_of(&emu.normal_info(outsider, topic).await), topic);
    // The app's server gets, invites, kicks, updates and dismisses any group of its app, but
    // neither creates, lists nor quits (as with unlimited groups: 400, it is no user).
    emu.normal_info(server, topic).await;
    emu.normal(
        Method::POST,
        &format!("{at}/accounts"),
        server,
        Some(&json!({ "accounts": "p" })),
    )
    .await
    .data();
    let reply = emu
        .normal(
            Method::DELETE,
            &format!("{at}/accounts?accounts=p"),
            server,
            None,
        )
        .await;
    assert_eq!(accounts_of(reply.data()), ["o", "m", "n"]);
    emu.normal(Method::PUT, &at, server, Some(&json!({ "bulletin": "b" })))
        .await
        .data();
    let create = json!({ "topicName": "g", "accounts": "a" });
    emu.normal(Method::POST, "", server, Some(&create))
        .await
        .fails(400);
    emu.normal(Method::GET, "/account", server, None)
        .await
        .fails(400);
    emu.normal(Method::DELETE, &format!("{at}/account"), server, None)
        .await
        .fails(400);
    // A member quits; then again is not a member.
    emu.normal(Method::DELETE, &format!("{at}/account"), member, None)
        .await
        .data();
    emu.normal(Method::DELETE, &format!("{at}/account"), member, None)
        .await
        .fails(403);
    let dismissed = emu.normal(Method::DELETE, &at, server, None).await;
    assert_eq!(dismissed.json["message"], json!("success\u{FF01}"));
    emu.normal(Method::GET, &at, server, None).await.fails(404);
    // No credentials.
    emu.normal(Method::GET, "/account", Auth::None, None)
        .await
        .fails(401);
}

#[tokio::test]
async fn updates_follow_the_rules() {
    let emu = start().await;
    let (owner, member) = (Auth::App(Some("o")), Auth::App(Some("m")));
    let topic = emu.normal_group(owner, "m").await;
    let at = format!("/{topic}");
    let put = |body: Value| {
        let emu = &emu;
        let at = at.clone();
        async move { emu.normal(Method::PUT, &at, owner, Some(&body)).await }
    };
    let long = "x".repeat(10_241);
    for bad in [
        json!({}),
        json!({ "topicName": null, "bulletin": null, "extra": null, "ownerAccount": null }),
        json!({ "topicName": "  " }),
        json!({ "extra": long }),
        json!({ "bulletin": long }),
    ] {
        put(bad).await.fails(400);
    }
    let most = "x".repeat(10_240);
    let reply = put(json!({ "extra": most, "bulletin": most })).await;
    assert_eq!(reply.data()["topicInfo"]["bulletin"], json!(most));
    put(json!({ "ownerAccount": "stranger" })).await.fails(409);
    // Transfer: the Flutter SDK's explicit nulls are absent fields.
    let body = json!({ "ownerAccount": "m", "topicName": null, "bulletin": null, "extra": null });
    let reply = put(body).await;
    let data = reply.data();
    assert_eq!(data["topicInfo"]["ownerAccount"], json!("m"));
    assert_eq!(
        id(&data["topicInfo"]["ownerUuid"]),
        id(&data["members"][1]["uuid"])
    );
    assert_eq!(data["topicInfo"]["extra"], json!(most), "unchanged");
    // Members keep their join order; the old owner is a member like any other now.
    assert_eq!(accounts_of(data), ["o", "m"]);
    put(json!({ "topicName": "z" })).await.fails(403);
    emu.normal(Method::DELETE, &format!("{at}/account"), owner, None)
        .await
        .data();
    let quit = emu
        .normal(Method::DELETE, &format!("{at}/account"), member, None)
        .await;
    assert_eq!(quit.status, 500);
}
