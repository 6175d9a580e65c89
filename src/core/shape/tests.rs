//! Tests of `core::shape`: what a reader says about a value that does not have its shape.
use super::*;
use crate::core::groups::{CreateTopic, MuteMember, TopicInfo};
use crate::core::json::{Node, Number, Value};
use crate::core::token::TokenRequest;
use std::borrow::Cow;

/// A value as the wasm layer builds it from a caller's JS object (no text behind it).
fn js(members: Vec<(&str, Value<'static>)>) -> Node<'static> {
    Node::new(Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (Cow::Owned(k.to_owned()), Node::new(v)))
            .collect(),
    ))
}

fn string(s: &str) -> Value<'static> {
    Value::String(Cow::Owned(s.to_owned()))
}

fn read_js<T: Read>(node: &Node<'_>) -> Result<T, String> {
    T::read(node, &Place::root("createTopic input", None)).map_err(|m| m.to_string())
}

#[test]
fn a_callers_strings_are_described_never_shown() {
    let input = js(vec![
        ("appId", string("1")),
        ("appKey", Value::Number(Number::Float(5.0, "5".into()))),
        ("appSecret", string("s")),
        ("appAccount", string("a")),
    ]);
    let e = read_js::<TokenRequest>(&input).unwrap_err();
    assert_eq!(
        e,
        "createTopic input.appKey must be a string; got the number 5"
    );
    let input = js(vec![
        ("topicName", Value::Bool(true)),
        ("extra", string("SECRET")),
    ]);
    assert_eq!(
        read_js::<CreateTopic>(&input).unwrap_err(),
        "createTopic input.topicName must be a string; got true"
    );
    let input = js(vec![
        ("topicId", string("SECRET-ish")),
        ("user", string("u")),
        ("seconds", Value::Number(Number::Float(1.5, "1.5".into()))),
    ]);
    // Ids are no secret: the text is quoted to show what is wrong with it.
    assert!(read_js::<MuteMember>(&input)
        .unwrap_err()
        .contains("topicId must be a decimal id (digits 0-9 only"));
    let input = js(vec![
        ("topicName", string("g")),
        ("extra", Value::Other("a function")),
    ]);
    assert_eq!(
        read_js::<CreateTopic>(&input).unwrap_err(),
        "createTopic input.extra must be a string; got a function"
    );
}

#[test]
fn closed_shapes_refuse_unknown_keys_and_name_missing_ones() {
    let input = js(vec![("topicName", string("g")), ("SECRET", string("x"))]);
    assert_eq!(
        read_js::<CreateTopic>(&input).unwrap_err(),
        r#"createTopic input has an unknown field "SECRET"; known fields: topicName, extra"#
    );
    let input = js(vec![("user", string("u")), ("topicId", string("1"))]);
    assert_eq!(
        read_js::<MuteMember>(&input).unwrap_err(),
        "createTopic input.seconds is missing"
    );
    let e = read_js::<MuteMember>(&js(vec![
        ("user", string("u")),
        ("topicId", string("1")),
        ("seconds", Value::Number(Number::Float(-5.0, "-5".into()))),
    ]))
    .unwrap_err();
    assert_eq!(
        e,
        "createTopic input.seconds must be a whole number from 0 to 4294967295; got the number -5"
    );
}

#[test]
fn answers_name_the_place_and_quote_what_was_there() {
    let body =
        r#"{"topicId":"1","topicName":"g","ownerUuid":"x9","ownerAccount":"o","memberNum":1}"#;
    let node = crate::core::json::parse(body).unwrap();
    let m = TopicInfo::read(&node, &Place::root("data", Some(body))).unwrap_err();
    assert_eq!(m.path, "data.ownerUuid");
    assert!(m.what.contains(r#"got "x9""#), "{}", m.what);
    assert_eq!(&body[m.at as usize..m.at as usize + 4], r#""x9""#);
    // Open shapes ignore keys they do not know: answers may grow.
    let grown = r#"{"topicId":"1","topicName":"g","ownerUuid":"2","ownerAccount":"o","memberNum":1,"new":[]}"#;
    assert!(from_text::<TopicInfo>(grown, "data").is_ok());
}

#[test]
fn places_nest_keys_and_indices() {
    let root = Place::root("data", None);
    let members = root.key("members");
    let third = members.index(3);
    assert_eq!(third.key("uuid").path(), "data.members[3].uuid");
}

#[test]
fn bodies_leave_out_absent_options_and_write_ids_as_numbers() {
    let input = crate::core::groups::UpdateTopic {
        topic_id: crate::core::wire::Id(u64::MAX),
        topic_name: Some("n\"".into()),
        ..Default::default()
    };
    assert_eq!(
        to_text(&input),
        r#"{"topicId":18446744073709551615,"topicName":"n\""}"#
    );
}
