//! Tests of `core::json` (tests/fuzz_decode.rs checks the parser against serde_json).
use super::*;

#[test]
fn numbers_keep_their_text_and_values_their_place() {
    let text = r#" {"id": 18446744073709551615, "f": 1.50 } "#;
    let node = parse(text).unwrap();
    let id = node.get("id").unwrap();
    assert_eq!(
        id.value,
        Value::Number(Number::Text("18446744073709551615"))
    );
    assert_eq!((id.at, id.end), (8, 28));
    assert_eq!(
        node.get("f").unwrap().value,
        Value::Number(Number::Text("1.50"))
    );
    assert_eq!((node.at as usize, node.end as usize), (1, text.len() - 1));
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    assert_eq!(parse(&deep).unwrap_err().what, "nested too deeply");
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(parse(&fine).is_ok());
}

#[test]
fn places_as_lines_and_columns() {
    assert_eq!(line_column("abc", 0), (1, 1));
    assert_eq!(line_column("ab\ncd", 4), (2, 2));
    assert_eq!(line_column("米米x", 6), (1, 3));
}

#[test]
fn strings_are_written_as_json_reads_them() {
    for text in ["", "plain", "q\"b\\s/", "\n\r\t\u{1}\u{1f}", "小米😀"] {
        let mut out = String::new();
        write_string(&mut out, text);
        assert_eq!(serde_json::from_str::<String>(&out).unwrap(), text);
        assert_eq!(out, serde_json::to_string(text).unwrap());
    }
}

#[test]
fn compact_drops_space_outside_strings() {
    assert_eq!(compact("{ \"a b\" : [ 1 , 2 ] }"), "{\"a b\":[1,2]}");
    assert_eq!(compact("\"x \\\" y\""), "\"x \\\" y\"");
}

#[test]
fn whole_numbers_exactly_without_a_float() {
    for (text, expected) in [
        ("0", Some((false, 0))),
        ("-0", Some((true, 0))),
        ("12", Some((false, 12))),
        ("-3", Some((true, 3))),
        ("3.0", Some((false, 3))),
        ("3.000e0", Some((false, 3))),
        ("1.2e3", Some((false, 1200))),
        ("1200e-2", Some((false, 12))),
        ("0.0e-999999999", Some((false, 0))),
        ("18446744073709551615", Some((false, u64::MAX))),
        ("1844674407370955161.5e1", Some((false, u64::MAX))),
        ("18446744073709551616", None),
        ("1e20", None),
        ("1e19", Some((false, 10_000_000_000_000_000_000))),
        ("1.5", None),
        ("12e-1", None),
        ("1e999999999999", None),
    ] {
        assert_eq!(whole(text), expected, "{text}");
    }
}
