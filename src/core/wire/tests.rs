//! Tests of `core::wire`.
use super::*;
use crate::core::error::ErrorKind;

fn read<T: Read>(json: &str) -> std::result::Result<T, String> {
    crate::core::shape::from_text(json, "value")
}

#[test]
fn ids_from_numbers_and_digit_strings_written_as_strings() {
    for (json, id) in [
        ("0", 0),
        ("21351198708203520", 21_351_198_708_203_520),
        ("\"21351198708203520\"", 21_351_198_708_203_520),
        ("18446744073709551615", u64::MAX),
        ("\"18446744073709551615\"", u64::MAX),
        ("\"007\"", 7),
    ] {
        assert_eq!(read::<Id>(json), Ok(Id(id)), "{json}");
    }
    assert_eq!(
        serde_json::to_string(&Id(u64::MAX)).unwrap(),
        "\"18446744073709551615\""
    );
    for bad in [
        "-1",
        "1.5",
        "2e16",
        "\"18446744073709551616\"",
        "\" 1\"",
        "\"+1\"",
        "\"\"",
        "\"0x10\"",
        "true",
        "null",
        "[]",
    ] {
        assert!(read::<Id>(bad).is_err(), "{bad}");
    }
    let e = read::<Id>("18446744073709551616").unwrap_err();
    assert_eq!(
        e,
        "value must be a decimal id no larger than 18446744073709551615; got the number 18446744073709551616"
    );
}

#[test]
fn caller_ids_name_the_field_and_the_rule() {
    assert_eq!(parse_id("topicId", "42"), Ok(42));
    let e = parse_id("topicId", "").unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidInput);
    assert!(
        e.message
            .starts_with("topicId must be a decimal id (digits 0-9"),
        "{e}"
    );
    let e = parse_id("topicId", "99999999999999999999").unwrap_err();
    assert!(
        e.message.contains("no larger than 18446744073709551615"),
        "{e}"
    );
    let e = parse_id("startUuid", "12a").unwrap_err();
    assert!(e.message.contains("got \"12a\""), "{e}");
}

#[test]
fn counts_from_numbers_floats_and_strings() {
    for (json, n) in [("3", 3), ("3.0", 3), ("\"3\"", 3), ("\" 3 \"", 3), ("0", 0)] {
        assert_eq!(read::<Count>(json), Ok(Count(n)), "{json}");
    }
    for bad in ["-1", "3.5", "1e300", "\"x\"", "\"\"", "true", "null"] {
        assert!(read::<Count>(bad).is_err(), "{bad}");
    }
    assert_eq!(serde_json::to_string(&Count(7)).unwrap(), "7");
}

#[test]
fn flags_from_booleans_numbers_and_strings() {
    for (json, b) in [
        ("true", true),
        ("false", false),
        ("1", true),
        ("0", false),
        ("\"true\"", true),
        ("\"FALSE\"", false),
        ("\" 1 \"", true),
        ("\"0\"", false),
    ] {
        assert_eq!(read::<Flag>(json), Ok(Flag(b)), "{json}");
    }
    for bad in ["2", "-1", "\"yes\"", "null", "1.0"] {
        assert!(read::<Flag>(bad).is_err(), "{bad}");
    }
}

#[test]
fn text_keeps_numbers_as_their_digits() {
    assert_eq!(read::<Text>("\"bob\""), Ok(Text("bob".into())));
    assert_eq!(
        read::<Text>("21351198708203520"),
        Ok(Text("21351198708203520".into()))
    );
    assert_eq!(read::<Text>("-3"), Ok(Text("-3".into())));
    assert_eq!(read::<Text>("1.5"), Ok(Text("1.5".into())));
    assert!(read::<Text>("true").is_err());
    assert!(read::<Text>("{}").is_err());
}

#[test]
fn extra_is_a_string_or_compact_json_text() {
    assert_eq!(read::<Extra>("\"x\\ny\""), Ok(Extra("x\ny".into())));
    assert_eq!(
        read::<Extra>("{ \"a\" : [1, 2] }"),
        Ok(Extra("{\"a\":[1,2]}".into()))
    );
    assert_eq!(read::<Extra>("12"), Ok(Extra("12".into())));
}
