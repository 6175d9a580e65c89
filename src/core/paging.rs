//! Walking a group's members page by page, without duplicates and without endless loops.

use serde::Serialize;

use super::decode::{Member, RawMemberPage};
use super::endpoint::MEMBER_PAGE;
use super::error::{Error, Result};
use super::ids;
use super::json::{self, Object, ToJson};

/// One page of members as the library hands it out: new members only, in ascending uuid order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberPage {
    /// Members with a uuid above this page's start, ascending, each once.
    pub members: Vec<Member>,
    /// Whether there are no more pages.
    pub is_end: bool,
    /// The `startUuid` of the next page: the largest uuid seen so far.
    #[serde(serialize_with = "ids::serialize_id")]
    pub next_start_uuid: u64,
}

impl ToJson for MemberPage {
    fn write_json(&self, out: &mut String) {
        // Enough for typical members, so the text is not copied as it grows.
        out.reserve(64 + 96 * self.members.len());
        let mut page = Object::new(out);
        json::array(page.key("members"), &self.members, |out, m| {
            m.write_json(out)
        });
        page.boolean("isEnd", self.is_end)
            .id("nextStartUuid", self.next_start_uuid)
            .end();
    }
}

/// The state of one walk through a group's members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberCursor {
    start: u64,
    finished: bool,
}

impl MemberCursor {
    /// A walk that starts after `start_uuid` (0 for the beginning).
    pub fn new(start_uuid: u64) -> Self {
        MemberCursor {
            start: start_uuid,
            finished: false,
        }
    }

    /// The `startUuid` of the next request, or None when the walk is over.
    pub fn next_start(&self) -> Option<u64> {
        (!self.finished).then_some(self.start)
    }

    /// Whether the walk is over.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Takes the server's answer to the request from `next_start()` and returns the new members.
    pub fn accept(&mut self, page: RawMemberPage) -> Result<MemberPage> {
        if self.finished {
            return Err(Error::invalid_input(
                "this member listing has already finished; start a new one to list again",
            )
            .with_endpoint(MEMBER_PAGE));
        }
        let start = self.start;
        let received = page.members.len();
        let mut members: Vec<Member> = page
            .members
            .into_iter()
            .filter(|m| m.uuid > start)
            .collect();
        // Pages normally come in ascending order already; otherwise a stable sort and dedup
        // keep the first copy of a repeated uuid.
        if !members
            .windows(2)
            .all(|pair| matches!(pair, [a, b] if a.uuid < b.uuid))
        {
            members = sort_by_uuid(members);
            members.dedup_by_key(|m| m.uuid);
        }

        let Some(last) = members.last().map(|m| m.uuid) else {
            if received == 0 || page.is_end {
                self.finished = true;
                return Ok(MemberPage {
                    members,
                    is_end: true,
                    next_start_uuid: start,
                });
            }
            // Asking again from the same start would get the same page forever.
            self.finished = true;
            return Err(Error::decode(
                MEMBER_PAGE,
                format!(
                    "the server made no progress: the page from startUuid {start} had {received} member(s), none with a uuid above {start}, and isEnd was false; stopping rather than asking for the same page forever"
                ),
            ));
        };
        self.start = last;
        self.finished = page.is_end;
        Ok(MemberPage {
            members,
            is_end: page.is_end,
            next_start_uuid: last,
        })
    }
}

/// A stable merge sort by uuid: a few hundred bytes of wasm instead of the standard library's
/// several kilobytes, and still O(n log n) for a page of any size.
fn sort_by_uuid(mut members: Vec<Member>) -> Vec<Member> {
    if members.len() < 2 {
        return members;
    }
    let right = sort_by_uuid(members.split_off(members.len() / 2));
    let left = sort_by_uuid(members);
    let mut sorted = Vec::with_capacity(left.len() + right.len());
    let (mut left, mut right) = (left.into_iter().peekable(), right.into_iter().peekable());
    loop {
        // On equal uuids the left (earlier) copy goes first, so the sort is stable.
        let from_left = match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => l.uuid <= r.uuid,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return sorted,
        };
        sorted.extend(if from_left { left.next() } else { right.next() });
    }
}

/// Filters a single page fetched from `start_uuid` by the same rules as [`MemberCursor::accept`].
pub fn page_of(start_uuid: u64, raw: RawMemberPage) -> Result<MemberPage> {
    MemberCursor::new(start_uuid).accept(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    fn member(uuid: u64) -> Member {
        Member {
            app_account: format!("user{uuid}"),
            uuid,
            app_id: "1".into(),
        }
    }

    fn raw(uuids: &[u64], is_end: bool) -> RawMemberPage {
        RawMemberPage {
            count: Some(uuids.len() as u64),
            members: uuids.iter().copied().map(member).collect(),
            is_end,
        }
    }

    fn uuids(page: &MemberPage) -> Vec<u64> {
        page.members.iter().map(|m| m.uuid).collect()
    }

    #[test]
    fn walks_normal_pages_to_is_end() {
        let mut c = MemberCursor::new(0);
        assert_eq!(c.next_start(), Some(0));
        let p = c.accept(raw(&[1, 2, 3], false)).unwrap();
        assert_eq!(uuids(&p), vec![1, 2, 3]);
        assert!(!p.is_end);
        assert_eq!(p.next_start_uuid, 3);
        assert_eq!(c.next_start(), Some(3));
        let p = c.accept(raw(&[4, 5], true)).unwrap();
        assert_eq!(uuids(&p), vec![4, 5]);
        assert!(p.is_end);
        assert_eq!(p.next_start_uuid, 5);
        assert_eq!(c.next_start(), None);
        assert!(c.is_finished());
        let err = c.accept(raw(&[6], true)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains("already finished"));
    }

    #[test]
    fn start_uuid_included_by_the_server_is_not_repeated() {
        let mut c = MemberCursor::new(0);
        c.accept(raw(&[10, 20], false)).unwrap();
        let p = c.accept(raw(&[20, 30, 40], false)).unwrap();
        assert_eq!(uuids(&p), vec![30, 40]);
        // Old members repeated along with new ones are dropped too.
        let p = c.accept(raw(&[10, 20, 40, 50], false)).unwrap();
        assert_eq!(uuids(&p), vec![50]);
        assert_eq!(c.next_start(), Some(50));
    }

    #[test]
    fn empty_page_ends_the_walk() {
        let mut c = MemberCursor::new(7);
        let p = c.accept(raw(&[], false)).unwrap();
        assert!(p.members.is_empty());
        assert!(p.is_end);
        assert_eq!(p.next_start_uuid, 7);
        assert_eq!(c.next_start(), None);
    }

    #[test]
    fn is_end_with_only_old_members_ends_quietly() {
        let mut c = MemberCursor::new(0);
        c.accept(raw(&[5], false)).unwrap();
        let p = c.accept(raw(&[5], true)).unwrap();
        assert!(p.members.is_empty());
        assert!(p.is_end);
        assert_eq!(p.next_start_uuid, 5);
        assert_eq!(c.next_start(), None);
    }

    #[test]
    fn a_page_without_progress_is_an_error_not_a_loop() {
        let mut c = MemberCursor::new(0);
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
        let mut c = MemberCursor::new(0);
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
        assert_eq!(p.next_start_uuid, 3);
    }

    #[test]
    fn sorting_is_stable_for_any_order() {
        let order = [5, 3, 9, 3, 1, 9, 7, 2, 2, 8, 6, 4, 1, 5];
        let mut page = raw(&order, false);
        for (i, m) in page.members.iter_mut().enumerate() {
            m.app_account = format!("copy {i}");
        }
        let p = page_of(0, page).unwrap();
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
        let p = page_of(0, raw(&descending, false)).unwrap();
        assert_eq!(uuids(&p), (1..=1000).collect::<Vec<_>>());
    }

    #[test]
    fn huge_uuids_are_exact_and_serialized_as_strings() {
        let mut c = MemberCursor::new(21_351_198_708_203_520);
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
    fn hand_written_json_matches_serde() {
        for page in [
            page_of(0, raw(&[1, 2, u64::MAX], false)).unwrap(),
            page_of(0, raw(&[5], true)).unwrap(),
            page_of(7, raw(&[], false)).unwrap(),
        ] {
            assert_eq!(page.to_json(), serde_json::to_string(&page).unwrap());
        }
    }

    #[test]
    fn page_of_applies_the_same_rules() {
        let p = page_of(2, raw(&[1, 2, 4, 3], false)).unwrap();
        assert_eq!(uuids(&p), vec![3, 4]);
        assert_eq!(p.next_start_uuid, 4);
        assert!(!p.is_end);
        let p = page_of(9, raw(&[], false)).unwrap();
        assert!(p.is_end);
        assert_eq!(p.next_start_uuid, 9);
        assert_eq!(
            page_of(9, raw(&[9], false)).unwrap_err().kind,
            ErrorKind::Decode
        );
    }
}
