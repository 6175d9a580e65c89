//! The member walk for the JS `members()` iterator: the core's cursor, one page at a time.

use super::client::{rejected, send, Client};
use super::convert::{cast, input, to_js, to_js_error};
use super::options::MembersOptions;
use super::transport::{Checked, Finish, Transport};
use crate::core::envelope;
use crate::core::error::{Error, Result};
use crate::core::http::Endpoint;
use crate::core::members::{self, MemberCursor as Cursor, Members, RawMemberPage};
use crate::core::wire::Id;
use js_sys::Promise;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Walks a group's members page by page; at most one page is fetched at a time.
#[wasm_bindgen]
pub struct MemberCursor {
    transport: Rc<Transport>,
    topic_id: Id,
    cursor: Rc<RefCell<Cursor>>,
    app_account: Option<String>,
    busy: Rc<Cell<bool>>,
}

#[wasm_bindgen]
impl Client {
    /// A cursor over a group's members, for the JS `members()` iterator: `{ startUuid?, appAccount? }`.
    #[wasm_bindgen(js_name = memberCursor)]
    pub fn member_cursor(
        &self,
        topic_id: JsValue,
        options: JsValue,
    ) -> std::result::Result<MemberCursor, JsValue> {
        let read = || -> Result<MemberCursor> {
            let options: MembersOptions = input("members options", &options, true)?;
            let call = self.transport.check(
                super::options::CallOptions {
                    app_account: options.app_account,
                    ..Default::default()
                },
                JsValue::UNDEFINED,
            )?;
            Ok(MemberCursor {
                transport: self.transport.clone(),
                topic_id: super::convert::id("topicId", &topic_id)?,
                cursor: Rc::new(RefCell::new(Cursor::new(
                    options.start_uuid.unwrap_or_default(),
                ))),
                app_account: call.app_account,
                busy: Rc::new(Cell::new(false)),
            })
        };
        read().map_err(|e| {
            to_js_error(
                super::client::named(e, Members::MemberPage.into()),
                JsValue::UNDEFINED,
            )
        })
    }
}

#[wasm_bindgen]
impl MemberCursor {
    /// The next page (`{ members, isEnd, nextStartUuid }`), or null when the walk is over.
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&self, signal: JsValue) -> Promise {
        let endpoint = Members::MemberPage.into();
        if self.busy.replace(true) {
            let busy = Error::invalid_input(
                "nextPage() was called while a page is still being fetched; await it first",
            );
            return rejected(busy, endpoint);
        }
        // Held by the finish step, so the flag clears however the fetch ends (or right away
        // if nothing is sent).
        let release = Release(self.busy.clone());
        let Some(start) = self.cursor.borrow().next_start() else {
            return Promise::resolve(&JsValue::NULL);
        };
        let signal = match cast("signal", signal, "an AbortSignal") {
            Ok(signal) => signal,
            Err(e) => return rejected(e, endpoint),
        };
        let call = Checked {
            signal,
            timeout_ms: None,
            app_account: self.app_account.clone(),
            cause: Default::default(),
        };
        let finish = page_finish(self.cursor.clone(), Some(release));
        let request = members::member_page(self.topic_id, start);
        send(
            endpoint,
            Ok((self.transport.clone(), call, request, finish)),
        )
    }
}

/// Decodes a member page into `cursor`'s walk and hands the page to JS; `release` is held
/// until the finish step is dropped. One copy for `memberPage` and the cursor.
pub(super) fn page_finish(cursor: Rc<RefCell<Cursor>>, release: Option<Release>) -> Finish {
    Box::new(move |endpoint: Endpoint, status, body: &str| {
        let _release = &release;
        let raw: RawMemberPage = envelope::envelope(endpoint, status, body)?;
        let page = cursor.borrow_mut().accept(raw)?;
        to_js(&page, endpoint.name())
    })
}

/// Clears the cursor's busy flag however the fetch ends.
pub(super) struct Release(Rc<Cell<bool>>);

impl Drop for Release {
    fn drop(&mut self) {
        self.0.set(false);
    }
}
