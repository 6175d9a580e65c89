//! Tests of `core::members`.
use super::*;
use crate::core::envelope::envelope;
use crate::core::error::ErrorKind;
use crate::core::http::Method;

fn member(uuid: u64) -> Member {
    Member {
        app_account: format!("user{uuid}"),
        uuid: Id(uuid),
        app_id: "1".into(),
    }
}

fn raw(uuids: &[u64], is_end: bool) -> RawMemberPage {
    RawMemberPage {
        count: Some(Count(uuids.len() as u64)),
        members: uuids.iter().copied().map(member).collect(),
        is_end: Flag(is_end),
    }
}

fn uuids(page: &MemberPage) -> Vec<u64> {
    page.members.iter().map(|m| m.uuid.0).collect()
}

fn ok(body: &str) -> RawMemberPage {
    envelope::<RawMemberPage>(Members::MemberPage.into(), 200, body)
        .unwrap_or_else(|e| panic!("{body}: {e}"))
}

#[test]
fn the_request_names_the_group_and_always_the_start() {
    let r = member_page(Id(21_351_198_708_203_520), Id(0));
    assert_eq!(
        (r.method(), r.path()),
        (Method::Get, "/api/uctopic/userlist")
    );
    assert_eq!(
        r.headers,
        vec![
            ("topicId".to_owned(), "21351198708203520".to_owned()),
            ("startUuid".to_owned(), "0".to_owned())
        ]
    );
    let r = member_page(Id(1), Id(u64::MAX));
    assert_eq!(
        r.headers.get(1).map(|h| h.1.as_str()),
        Some("18446744073709551615")
    );
}

#[test]
fn member_page_as_quoted_in_the_document() {
    let p = ok(
        r#"{"code":200,"message":"success","data":{"count":"2","members":[{"appAccout":"小米用户","uuid":"21351198708203521","appId":"2882303761517669588"},{"appAccout":"bob","uuid":"5","appId":"2882303761517669588"}],"isEnd":"true"}}"#,
    );
    assert_eq!(p.count, Some(Count(2)));
    assert!(p.is_end.0);
    assert_eq!(
        p.members.first(),
        Some(&Member {
            app_account: "小米用户".into(),
            uuid: Id(21_351_198_708_203_521),
            app_id: "2882303761517669588".into(),
        })
    );
    assert_eq!(
        serde_json::to_string(&p.members).unwrap(),
        r#"[{"appAccount":"小米用户","uuid":"21351198708203521","appId":"2882303761517669588"},{"appAccount":"bob","uuid":"5","appId":"2882303761517669588"}]"#
    );
}

#[test]
fn member_page_with_numbers_booleans_and_either_spelling() {
    let p = ok(
        r#"{"code":200,"message":"success","data":{"count":2,"members":[{"appAccount":"a","uuid":18446744073709551615,"appId":2882303761517669588},{"appAccout":"b","uuid":3}],"isEnd":false}}"#,
    );
    assert_eq!(p.count, Some(Count(2)));
    assert!(!p.is_end.0);
    assert_eq!(
        p.members,
        vec![
            Member {
                app_account: "a".into(),
                uuid: Id(u64::MAX),
                app_id: "2882303761517669588".into(),
            },
            Member {
                app_account: "b".into(),
                uuid: Id(3),
                app_id: String::new(),
            },
        ]
    );
    // Both spellings at once: the correct one wins rather than a duplicate-field error.
    let p =
        ok(r#"{"code":200,"data":{"members":[{"appAccout":"old","appAccount":"new","uuid":1}]}}"#);
    assert_eq!(
        p.members.first().map(|m| m.app_account.as_str()),
        Some("new")
    );
    for flag in ["1", "\"1\"", "\"TRUE\""] {
        let p = ok(&format!(
            r#"{{"code":200,"data":{{"members":[],"isEnd":{flag}}}}}"#
        ));
        assert!(p.is_end.0, "{flag}");
    }
}

#[test]
fn member_page_defaults() {
    assert_eq!(
        ok(r#"{"code":200,"message":"success","data":{}}"#),
        RawMemberPage::default()
    );
    assert_eq!(
        ok(r#"{"code":200,"message":"success","data":{"members":null,"count":null}}"#),
        RawMemberPage::default()
    );
    let err = envelope::<RawMemberPage>(
        Members::MemberPage.into(),
        200,
        r#"{"code":200,"data":{"members":[{"uuid":1}]}}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("appAccout"), "{}", err.message);
}

#[test]
fn walks_normal_pages_to_is_end() {
    let mut c = MemberCursor::new(Id(0));
    assert_eq!(c.next_start(), Some(Id(0)));
    let p = c.accept(raw(&[1, 2, 3], false)).unwrap();
    assert_eq!(uuids(&p), vec![1, 2, 3]);
    assert!(!p.is_end);
    assert_eq!(p.next_start_uuid, Id(3));
    assert_eq!(c.next_start(), Some(Id(3)));
    let p = c.accept(raw(&[4, 5], true)).unwrap();
    assert_eq!(uuids(&p), vec![4, 5]);
    assert!(p.is_end);
    assert_eq!(p.next_start_uuid, Id(5));
    assert_eq!(c.next_start(), None);
    assert!(c.is_finished());
    let err = c.accept(raw(&[6], true)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(err.message.contains("already finished"));
}

#[test]
fn start_uuid_included_by_the_server_is_not_repeated() {
    let mut c = MemberCursor::new(Id(0));
    c.accept(raw(&[10, 20], false)).unwrap();
    let p = c.accept(raw(&[20, 30, 40], false)).unwrap();
    assert_eq!(uuids(&p), vec![30, 40]);
    // Old members repeated along with new ones are dropped too.
    let p = c.accept(raw(&[10, 20, 40, 50], false)).unwrap();
    assert_eq!(uuids(&p), vec![50]);
    assert_eq!(c.next_start(), Some(Id(50)));
}

#[test]
fn empty_page_ends_the_walk() {
    let mut c = MemberCursor::new(Id(7));
    let p = c.accept(raw(&[], false)).unwrap();
    assert!(p.members.is_empty());
    assert!(p.is_end);
    assert_eq!(p.next_start_uuid, Id(7));
    assert_eq!(c.next_start(), None);
}

#[test]
fn is_end_with_only_old_members_ends_quietly() {
    let mut c = MemberCursor::new(Id(0));
    c.accept(raw(&[5], false)).unwrap();
    let p = c.accept(raw(&[5], true)).unwrap();
    assert!(p.members.is_empty());
    assert!(p.is_end);
    assert_eq!(p.next_start_uuid, Id(5));
    assert_eq!(c.next_start(), None);
}

#[test]
fn a_page_without_progress_is_an_error_not_a_loop() {
    let mut c = MemberCursor::new(Id(0));
    c.accept(raw(&[1, 2], false)).unwrap();
    let err = c.accept(raw(&[1, 2], false)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(err.endpoint, Some("memberPage"));
    assert!(
        err.message.starts_with("the server made no progress"),
        "{}",
        err.message
    );
    assert_eq!(c.next_start(), None);
    assert!(c.accept(raw(&[3], true)).is_err());
}

#[test]
fn duplicates_and_disorder_inside_a_page() {
    let mut c = MemberCursor::new(Id(0));
    let mut page = raw(&[3, 1, 3, 2, 1], false);
    if let Some(first) = page.members.get_mut(0) {
        first.app_account = "first copy".into();
    }
    let p = c.accept(page).unwrap();
    assert_eq!(uuids(&p), vec![1, 2, 3]);
    assert_eq!(
        p.members.get(2).map(|m| m.app_account.as_str()),
        Some("first copy")
    );
    assert_eq!(p.next_start_uuid, Id(3));
}

#[test]
fn sorting_is_stable_for_any_order() {
    let order = [5, 3, 9, 3, 1, 9, 7, 2, 2, 8, 6, 4, 1, 5];
    let mut page = raw(&order, false);
    for (i, m) in page.members.iter_mut().enumerate() {
        m.app_account = format!("copy {i}");
    }
    let p = page_of(Id(0), page).unwrap();
    assert_eq!(uuids(&p), (1..=9).collect::<Vec<_>>());
    // The first copy of each repeated uuid is the one kept.
    let kept: Vec<&str> = p.members.iter().map(|m| m.app_account.as_str()).collect();
    assert_eq!(
        kept,
        [
            "copy 4", "copy 7", "copy 1", "copy 11", "copy 0", "copy 10", "copy 6", "copy 9",
            "copy 2"
        ]
    );
    let descending: Vec<u64> = (1..=1000).rev().collect();
    let p = page_of(Id(0), raw(&descending, false)).unwrap();
    assert_eq!(uuids(&p), (1..=1000).collect::<Vec<_>>());
}

#[test]
fn huge_uuids_are_exact_and_serialized_as_strings() {
    let mut c = MemberCursor::new(Id(21_351_198_708_203_520));
    let p = c
        .accept(raw(
            &[21_351_198_708_203_520, 21_351_198_708_203_521, u64::MAX],
            false,
        ))
        .unwrap();
    assert_eq!(uuids(&p), vec![21_351_198_708_203_521, u64::MAX]);
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"members":[{"appAccount":"user21351198708203521","uuid":"21351198708203521","appId":"1"},{"appAccount":"user18446744073709551615","uuid":"18446744073709551615","appId":"1"}],"isEnd":false,"nextStartUuid":"18446744073709551615"}"#
    );
    // Nothing is above u64::MAX, so the next page can only be empty (or make no progress).
    let p = c.accept(raw(&[], false)).unwrap();
    assert!(p.is_end);
}

#[test]
fn page_of_applies_the_same_rules() {
    let p = page_of(Id(2), raw(&[1, 2, 4, 3], false)).unwrap();
    assert_eq!(uuids(&p), vec![3, 4]);
    assert_eq!(p.next_start_uuid, Id(4));
    assert!(!p.is_end);
    let p = page_of(Id(9), raw(&[], false)).unwrap();
    assert!(p.is_end);
    assert_eq!(p.next_start_uuid, Id(9));
    assert_eq!(
        page_of(Id(9), raw(&[9], false)).unwrap_err().kind,
        ErrorKind::Decode
    );
}

#[test]
fn the_merge_sort_orders_as_a_stable_sort_does() {
    // A small LCG: pages of every length up to 300, uuids from a small range (many repeats).
    let mut state: u64 = 7;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        state >> 33
    };
    for len in 0..300 {
        let page: Vec<Member> = (0..len)
            .map(|i| Member {
                app_account: format!("copy {i}"),
                uuid: Id(next() % 50),
                app_id: String::new(),
            })
            .collect();
        let mut expected = page.clone();
        expected.sort_by_key(|m| m.uuid);
        let mut sorted = page;
        super::sort_by_uuid(&mut sorted);
        assert_eq!(sorted, expected, "{len}");
    }
}
