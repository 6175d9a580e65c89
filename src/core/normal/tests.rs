//! Tests of `core::normal`.
use super::*;
use crate::core::envelope::envelope;
use crate::core::error::ErrorKind;
use crate::core::http::Method;
use crate::core::shape::{body_from_text, from_text};

const APP: &str = "2882303761517000001";
const BIG: Id = Id(21_351_198_708_203_520);

fn accounts(names: &[&str]) -> Accounts {
    Accounts(names.iter().map(|s| s.to_string()).collect())
}

#[test]
fn every_call_has_the_app_and_group_in_its_path() {
    let members = GroupMembers {
        topic_id: PathId(BIG),
        accounts: accounts(&["d", "小米 e"]),
    };
    let create = CreateGroup {
        topic_name: "g".into(),
        accounts: accounts(&["a", "b"]),
    };
    let update = UpdateGroup {
        topic_id: PathId(BIG),
        bulletin: Some("hi".into()),
        ..UpdateGroup::default()
    };
    let cases = [
        (
            create.request(APP).unwrap(),
            Method::Post,
            format!("/api/topic/{APP}"),
        ),
        (
            at_group(NormalGroups::GetGroup, APP, BIG).unwrap(),
            Method::Get,
            format!("/api/topic/{APP}/{BIG}"),
        ),
        (
            list_groups(APP).unwrap(),
            Method::Get,
            format!("/api/topic/{APP}/account"),
        ),
        (
            members.invite(APP).unwrap(),
            Method::Post,
            format!("/api/topic/{APP}/{BIG}/accounts"),
        ),
        (
            members.kick(APP).unwrap(),
            Method::Delete,
            format!("/api/topic/{APP}/{BIG}/accounts?accounts=d,%E5%B0%8F%E7%B1%B3%20e"),
        ),
        (
            at_group(NormalGroups::QuitGroup, APP, BIG).unwrap(),
            Method::Delete,
            format!("/api/topic/{APP}/{BIG}/account"),
        ),
        (
            update.request(APP).unwrap(),
            Method::Put,
            format!("/api/topic/{APP}/{BIG}"),
        ),
        (
            at_group(NormalGroups::DismissGroup, APP, BIG).unwrap(),
            Method::Delete,
            format!("/api/topic/{APP}/{BIG}"),
        ),
    ];
    for (request, method, path) in cases {
        assert_eq!((request.method(), request.path()), (method, path.as_str()));
        assert!(request.headers.iter().all(|(n, _)| n != "topicId"));
    }
    // A path parameter is one segment, whatever the caller passed.
    let odd = at_group(NormalGroups::GetGroup, "a/b?c", BIG).unwrap();
    assert_eq!(odd.path(), format!("/api/topic/a%2Fb%3Fc/{BIG}"));
}

#[test]
fn bodies_join_accounts_with_commas_and_send_only_changes() {
    let create = CreateGroup {
        topic_name: "g".into(),
        accounts: accounts(&["a", "b", "c"]),
    };
    let body = create.request(APP).unwrap().body.unwrap();
    assert_eq!(body, r#"{"topicName":"g","accounts":"a,b,c"}"#);
    let members = GroupMembers {
        topic_id: PathId(BIG),
        accounts: accounts(&["d", "e"]),
    };
    assert_eq!(
        members.invite(APP).unwrap().body.unwrap(),
        r#"{"accounts":"d,e"}"#
    );
    assert_eq!(members.kick(APP).unwrap().body, None);
    let update = UpdateGroup {
        topic_id: PathId(BIG),
        owner_account: Some("bob".into()),
        extra: Some("x".into()),
        ..UpdateGroup::default()
    };
    let body = update.request(APP).unwrap().body.unwrap();
    assert_eq!(body, r#"{"ownerAccount":"bob","extra":"x"}"#);
    // What the client sends, the emulator reads back; the service's string form too.
    assert_eq!(
        body_from_text::<CreateGroup>(r#"{"topicName":"g","accounts":"a,b,c"}"#),
        Ok(create)
    );
    let read: GroupMembers = body_from_text(r#"{"accounts":" d , e ,"}"#).unwrap();
    assert_eq!(read.accounts, accounts(&["d", "e"]));
    // A caller's input must name the group; a body does not (the path does).
    assert!(from_text::<GroupMembers>(r#"{"accounts":["d"]}"#, "input").is_err());
}

#[test]
fn accounts_are_refused_before_sending() {
    let refused = |names: Vec<String>| {
        let e = CreateGroup {
            topic_name: "g".into(),
            accounts: Accounts(names),
        }
        .request(APP)
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(e.endpoint, Some("createGroup"));
        e.message
    };
    assert!(refused(vec![]).contains("from 1 to 499"));
    assert!(refused(vec!["a,b".into()]).contains("accounts[0] must not contain a comma"));
    assert!(refused(vec![" ".into()]).contains("accounts[]"));
    let full: Vec<String> = (0..499).map(|i| format!("u{i}")).collect();
    assert!(CreateGroup {
        topic_name: "g".into(),
        accounts: Accounts(full.clone()),
    }
    .request(APP)
    .is_ok());
    let over: Vec<String> = (0..500).map(|i| format!("u{i}")).collect();
    assert!(refused(over).contains("got 500"));
    let kick = GroupMembers {
        topic_id: PathId(BIG),
        accounts: accounts(&[]),
    };
    assert_eq!(kick.kick(APP).unwrap_err().endpoint, Some("kickMembers"));
    let nothing = UpdateGroup {
        topic_id: PathId(BIG),
        ..UpdateGroup::default()
    };
    assert!(nothing
        .request(APP)
        .unwrap_err()
        .message
        .contains("bulletin"));
    // A caller's input is an array, never the wire's string.
    assert!(from_text::<CreateGroup>(r#"{"topicName":"g","accounts":"a,b"}"#, "input").is_err());
}

#[test]
fn answers_decode_with_the_members_account() {
    let body = r#"{"code":200,"message":"success","data":{"topicInfo":{"topicId":"21351198708203520",
        "ownerUuid":9007199254740993,"ownerAccount":"ann","topicName":"g","bulletin":null},
        "members":[{"uuid":"9007199254740993","account":"ann"},{"uuid":5,"account":"bob"}]}}"#;
    let group: Group = envelope(NormalGroups::GetGroup.into(), 200, body).unwrap();
    assert_eq!(group.topic_info.topic_id, BIG);
    assert_eq!(group.topic_info.owner_uuid, Id(9_007_199_254_740_993));
    assert_eq!(group.topic_info.bulletin, None);
    let names: Vec<&str> = group
        .members
        .iter()
        .map(|m| m.app_account.as_str())
        .collect();
    assert_eq!(names, ["ann", "bob"]);
    // Success is the code, whatever the message says (dismiss answers a full-width "！").
    let dismissed = r#"{"code":200,"message":"success！","data":null}"#;
    assert!(
        envelope::<crate::core::shape::Any>(NormalGroups::DismissGroup.into(), 200, dismissed)
            .is_ok()
    );
    let quit = r#"{"code":500,"message":"quit topic fail","data":null}"#;
    let e =
        envelope::<crate::core::shape::Any>(NormalGroups::QuitGroup.into(), 500, quit).unwrap_err();
    assert_eq!(
        (e.kind, e.code, e.message.contains("quit topic fail")),
        (ErrorKind::Api, Some(500), true)
    );
    let list: GroupList = envelope(
        NormalGroups::ListGroups.into(),
        200,
        r#"{"code":200,"message":"success","data":null}"#,
    )
    .unwrap();
    assert!(list.0.is_empty());
}

#[test]
fn the_bodies_the_client_writes_are_those_the_service_reads() {
    let members = GroupMembers {
        topic_id: PathId(BIG),
        accounts: accounts(&["d", "e"]),
    };
    let sent = members.invite(APP).unwrap().body.unwrap();
    let read: GroupMembers = body_from_text(&sent).unwrap();
    assert_eq!(read.accounts, members.accounts);
    let update = UpdateGroup {
        topic_id: PathId(BIG),
        topic_name: Some("n".into()),
        owner_account: Some("o".into()),
        bulletin: Some("b".into()),
        extra: Some("x".into()),
    };
    let sent = update.request(APP).unwrap().body.unwrap();
    assert!(!sent.contains("topicId"), "{sent}");
    let read: UpdateGroup = body_from_text(&sent).unwrap();
    let expected = UpdateGroup {
        topic_id: PathId::default(),
        ..update
    };
    assert_eq!(read, expected);
}
