//! Members: one page of a group's members, and the walk over every page without duplicates and
//! without endless loops.

use serde::Serialize;
use tsify::Tsify;

use super::error::{Error, Result};
use super::http::{Endpoint, HttpRequest};
use super::json::Node;
use super::shape::{Kind, Mismatch, Place, Read, Write};
use super::wire::{Count, Flag, Id, Text};
use crate::shape;

crate::endpoints! {
    /// The member calls.
    pub enum Members {
        /// One page of members (`topicId` and `startUuid` headers).
        MemberPage("memberPage", Get, "/api/uctopic/userlist"),
    }
}

/// `GET /api/uctopic/userlist`: up to 100 members with a uuid above `start_uuid` (0 at first).
pub fn member_page(topic_id: Id, start_uuid: Id) -> HttpRequest {
    // Always sent, even when 0: leaving it out is how other clients got stuck on page one.
    HttpRequest::about(Members::MemberPage.into(), topic_id)
        .header("startUuid", start_uuid.to_string())
}

/// One member of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    /// The member's account in the app's own account system.
    pub app_account: String,
    /// The member's MIMC uuid.
    #[tsify(type = "string")]
    pub uuid: Id,
    /// The app's id, as a string even when the service sends a number ("" when absent).
    pub app_id: String,
}

shape! { open;
    /// A member as the service sends it: the document spells the account `appAccout`, normal
    /// groups `account`; every spelling is read, and `appAccount` wins when there are several.
    #[derive(Serialize)]
    struct MemberWire {
        app_account: Option<Text> as "appAccount",
        app_accout: Option<Text> as "appAccout",
        account: Option<Text> as "account",
        uuid: Id as "uuid" quoted,
        app_id: Option<Text> as "appId",
    }
}

impl Read for Member {
    const KIND: Kind = Kind::Object(MemberWire::form);

    fn read(node: &Node<'_>, place: &Place<'_>) -> std::result::Result<Self, Mismatch> {
        let wire = MemberWire::read(node, place)?;
        let account = wire
            .app_account
            .or(wire.app_accout)
            .or(wire.account)
            .ok_or_else(|| place.wrong(node, "has no appAccout, appAccount or account"))?;
        Ok(Member {
            app_account: account.0,
            uuid: wire.uuid,
            app_id: wire.app_id.unwrap_or_default().0,
        })
    }
}

impl Write for Member {
    /// As the service sends it (with the document's spelling), for tests and tools.
    fn write(&self, out: &mut String) {
        MemberWire {
            app_account: None,
            app_accout: Some(Text(self.app_account.clone())),
            account: None,
            uuid: self.uuid,
            app_id: Some(Text(self.app_id.clone())),
        }
        .write(out);
    }
}

shape! { open;
    /// One page of members as the service sends it, before the cursor filters it.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct RawMemberPage {
        /// The count the service reports, if it does.
        pub count: Option<Count> as "count" quoted,
        /// The members on this page (absent or null is empty).
        pub members: Vec<Member> as "members",
        /// Whether this is the last page (absent is false).
        pub is_end: Flag as "isEnd" quoted,
    }
}

/// One page of members as the library hands it out: new members only, in ascending uuid order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MemberPage {
    /// Members with a uuid above this page's start, ascending, each once.
    pub members: Vec<Member>,
    /// Whether there are no more pages.
    pub is_end: bool,
    /// The `startUuid` of the next page: the largest uuid seen so far.
    #[tsify(type = "string")]
    pub next_start_uuid: Id,
}

/// The state of one walk through a group's members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberCursor {
    start: Id,
    finished: bool,
}

impl MemberCursor {
    /// A walk that starts after `start_uuid` (0 for the beginning).
    pub fn new(start_uuid: Id) -> Self {
        MemberCursor {
            start: start_uuid,
            finished: false,
        }
    }

    /// The `startUuid` of the next request, or None when the walk is over.
    pub fn next_start(&self) -> Option<Id> {
        (!self.finished).then_some(self.start)
    }

    /// Whether the walk is over.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Takes the service's answer to the request from `next_start()` and returns the new members.
    pub fn accept(&mut self, page: RawMemberPage) -> Result<MemberPage> {
        let endpoint = Endpoint::from(Members::MemberPage).name();
        if self.finished {
            return Err(Error::invalid_input(
                "this member listing has already finished; start a new one to list again",
            )
            .with_endpoint(endpoint));
        }
        let start = self.start;
        let received = page.members.len();
        let is_end = page.is_end.0;
        let mut members: Vec<Member> = page
            .members
            .into_iter()
            .filter(|m| m.uuid > start)
            .collect();
        // A stable sort, so of a repeated uuid the first copy is kept.
        sort_by_uuid(&mut members);
        members.dedup_by_key(|m| m.uuid);

        let Some(last) = members.last().map(|m| m.uuid) else {
            self.finished = true;
            if received == 0 || is_end {
                return Ok(MemberPage {
                    members,
                    is_end: true,
                    next_start_uuid: start,
                });
            }
            // Asking again from the same start would get the same page forever.
            return Err(Error::decode(
                endpoint,
                format!(
                    "the server made no progress: the page from startUuid {start} had {received} member(s), none with a uuid above {start}, and isEnd was false; stopping rather than asking for the same page forever"
                ),
            ));
        };
        self.start = last;
        self.finished = is_end;
        Ok(MemberPage {
            members,
            is_end,
            next_start_uuid: last,
        })
    }
}

/// Sorts by uuid, stably: a merge sort of runs, O(n log n) however the server orders a page
/// (std's stable sort is 3 KB of the module; a page is usually in order already, one run).
pub(crate) fn sort_by_uuid(members: &mut Vec<Member>) {
    if members.is_sorted_by_key(|m| m.uuid) {
        return;
    }
    let mut width = 1;
    let len = members.len();
    // Bottom-up: merge neighbouring sorted runs of `width` until one run is left.
    while width < len {
        let mut merged: Vec<Member> = Vec::with_capacity(len);
        let mut rest = std::mem::take(members).into_iter().peekable();
        while rest.peek().is_some() {
            let left: Vec<Member> = rest.by_ref().take(width).collect();
            let right: Vec<Member> = rest.by_ref().take(width).collect();
            let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
            loop {
                let take_right = match (l.peek(), r.peek()) {
                    (Some(a), Some(b)) => b.uuid < a.uuid,
                    (None, Some(_)) => true,
                    (_, None) => false,
                };
                match if take_right { r.next() } else { l.next() } {
                    Some(m) => merged.push(m),
                    None => break,
                }
            }
        }
        *members = merged;
        width *= 2;
    }
}

/// Filters a single page fetched from `start_uuid` by the same rules as [`MemberCursor::accept`].
pub fn page_of(start_uuid: Id, raw: RawMemberPage) -> Result<MemberPage> {
    MemberCursor::new(start_uuid).accept(raw)
}

#[cfg(test)]
mod tests;
