//! Members: one page of a group's members, and the walk over every page without duplicates and
//! without endless loops.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::error::{Error, Result};
use super::http::{Call, Endpoint, HttpRequest};
use super::wire::{self, Count, Flag, Id, Text};

/// The member calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Members {
    /// `GET /api/uctopic/userlist`: one page of members.
    MemberPage,
}

impl From<Members> for Endpoint {
    fn from(call: Members) -> Endpoint {
        use super::http::Method::Get;
        Endpoint::of(match call {
            Members::MemberPage => const { &Call::new("memberPage", Get, "/api/uctopic/userlist") },
        })
    }
}

/// `GET /api/uctopic/userlist`: up to 100 members with a uuid above `start_uuid` (0 at first).
pub fn member_page(topic_id: Id, start_uuid: Id) -> HttpRequest {
    // Always sent, even when 0: leaving it out is how other clients got stuck on page one.
    HttpRequest::about(Members::MemberPage.into(), topic_id)
        .header("startUuid", start_uuid.to_string())
}

/// One member of a group.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, Tsify)]
#[serde(rename_all = "camelCase", try_from = "MemberWire")]
pub struct Member {
    /// The member's account in the app's own account system.
    pub app_account: String,
    /// The member's MIMC uuid.
    #[tsify(type = "string")]
    pub uuid: Id,
    /// The app's id, as a string even when the service sends a number ("" when absent).
    pub app_id: String,
}

/// A member as the service sends it: the document spells the account `appAccout`; both
/// spellings are read, and the right one wins when both are there.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MemberWire {
    #[serde(default)]
    app_account: Option<Text>,
    #[serde(default)]
    app_accout: Option<Text>,
    uuid: Id,
    #[serde(default)]
    app_id: Option<Text>,
}

impl TryFrom<MemberWire> for Member {
    type Error = &'static str;

    fn try_from(wire: MemberWire) -> std::result::Result<Self, Self::Error> {
        let account = wire.app_account.or(wire.app_accout);
        Ok(Member {
            app_account: account
                .ok_or("a member has neither appAccout nor appAccount")?
                .0,
            uuid: wire.uuid,
            app_id: wire.app_id.unwrap_or_default().0,
        })
    }
}

/// One page of members as the service sends it, before the cursor filters it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawMemberPage {
    /// The count the service reports, if it does.
    #[serde(default)]
    pub count: Option<Count>,
    /// The members on this page (absent or null is empty).
    #[serde(default, deserialize_with = "wire::null_as_empty")]
    pub members: Vec<Member>,
    /// Whether this is the last page (absent is false).
    #[serde(default)]
    pub is_end: Flag,
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
        members.sort_by_key(|m| m.uuid);
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

/// Filters a single page fetched from `start_uuid` by the same rules as [`MemberCursor::accept`].
pub fn page_of(start_uuid: Id, raw: RawMemberPage) -> Result<MemberPage> {
    MemberCursor::new(start_uuid).accept(raw)
}

#[cfg(test)]
mod tests;
