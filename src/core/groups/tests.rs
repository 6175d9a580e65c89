//! Tests of `core::groups`.
use super::*;
use crate::core::envelope::envelope;
use crate::core::error::ErrorKind;
use crate::core::http::Method;

const BIG: Id = Id(21_351_198_708_203_520);

fn ok<T: Read>(body: &str) -> T {
    envelope::<T>(Groups::GetTopic.into(), 200, body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

fn from_js_like<T: Read>(json: &str) -> std::result::Result<T, String> {
    crate::core::shape::from_text(json, "input")
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
    assert_eq!(
        e,
        r#"input has an unknown field "topicname"; known fields: topicName, extra"#
    );
    let e = from_js_like::<CreateTopic>(r#"{"extra":"x"}"#).unwrap_err();
    assert_eq!(e, "input.topicName is missing");
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
        Some(r#"{"topicId":18446744073709551615,"topicName":"n","ownerAccount":"o","extra":"e"}"#)
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
        (Groups::MuteMember.into(), "/api/uctopic/forbidsendmsg")
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
    assert_eq!(r.endpoint, Groups::UnmuteMember.into());
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
    let b: OnlineInfo =
        ok(r#"{"code":200,"message":"success","data":{"topicId":21351198708203520,"userCnt":7}}"#);
    assert_eq!(a, b);
    assert_eq!(a.user_cnt, Count(7));
}

#[test]
fn topic_list_mixes_numbers_and_strings() {
    let l: TopicList =
        ok(r#"{"code":200,"message":"success","data":[21351198708203520,"18446744073709551615"]}"#);
    assert_eq!(l.0, vec![BIG, Id(u64::MAX)]);
    assert_eq!(json(&l), r#"["21351198708203520","18446744073709551615"]"#);
    let l: TopicList = ok(r#"{"code":200,"message":"success","data":null}"#);
    assert!(l.0.is_empty());
    let l: TopicList = ok(r#"{"code":200,"message":"success","data":[]}"#);
    assert!(l.0.is_empty());
}

#[test]
fn bodies_read_as_the_service_reads_them() {
    use crate::core::shape::body_from_text;
    // What the client sends, the emulator reads back as the same value.
    let sent = UpdateTopic {
        topic_id: BIG,
        topic_name: Some("n".into()),
        owner_account: None,
        extra: Some("x".into()),
    };
    let body = sent.request().unwrap().body.unwrap();
    assert_eq!(body_from_text::<UpdateTopic>(&body).unwrap(), sent);
    // Liberal where other clients differ: unknown keys, numbers for strings, digits for numbers.
    let c: CreateTopic = body_from_text(r#"{"topicName":5,"appId":"x","extra":null}"#).unwrap();
    assert_eq!((c.topic_name.as_str(), c.extra), ("5", None));
    let f: Forbid =
        body_from_text(r#"{"topicId":" 21351198708203520 ","user":12,"forbidSeconds":"60"}"#)
            .unwrap();
    assert_eq!(
        (f.topic_id, f.user.as_str(), f.forbid_seconds),
        (BIG, "12", 60)
    );
    // A caller's input stays strict.
    assert!(from_js_like::<CreateTopic>(r#"{"topicName":5}"#).is_err());
    // Failures name the field, in the body.
    let e = body_from_text::<Forbid>(r#"{"topicId":1,"user":"u","forbidSeconds":-1}"#);
    assert_eq!(
        e.unwrap_err(),
        "body.forbidSeconds must be a whole number from 0 to 4294967295; got the number -1"
    );
    let e = body_from_text::<CreateTopic>(r#"{"extra":"x"}"#).unwrap_err();
    assert_eq!(e, "body.topicName is missing");
    let e = body_from_text::<CreateTopic>("{").unwrap_err();
    assert!(e.starts_with("malformed JSON body: "), "{e}");
}
