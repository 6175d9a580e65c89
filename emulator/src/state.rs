//! Everything the emulator keeps, behind one lock: the store, the wire format, the pending
//! faults, the request counts and the journal. One lock makes each request, and `reset`,
//! atomic: nothing is seen half-changed, and no lock order has to be kept.

use crate::counts::Counter;
use crate::faults::Fault;
use crate::journal::{self, Journal};
use crate::store::Store;
use crate::wire::WireFormat;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};

/// The emulator's state.
pub struct State {
    /// Groups, users, tokens, the clock.
    pub store: Store,
    /// The JSON forms answers use now.
    pub wire: WireFormat,
    /// Faults still to hit a request.
    pub faults: Vec<Fault>,
    /// API requests received, by route and group.
    pub counts: Counter,
    /// The API requests received, most recent last.
    pub journal: Journal,
}

impl State {
    /// Keeps at most this many journal entries ([`journal::CAPACITY`] unless changed), dropping
    /// the oldest, and counts for at most this many routes and topic ids that are not the API's
    /// or a group's: tests of the caps need not send ten thousand requests.
    pub fn set_journal_capacity(&mut self, capacity: usize) {
        self.counts.set_capacity(capacity);
        self.journal.set_capacity(capacity);
    }

    /// Counts and the journal start again from zero, together, so they agree.
    pub fn clear_requests(&mut self) {
        self.counts.clear();
        self.journal.clear();
    }

    /// Groups, users, tokens, counts, the journal and faults cleared (the apps stay).
    pub fn reset(&mut self) {
        self.store.reset();
        self.faults.clear();
        self.clear_requests();
    }
}

/// One emulator: its state, shared by every request.
pub struct Emulator {
    state: Mutex<State>,
}

impl Emulator {
    /// An emulator over this store, answering in this wire format.
    pub fn new(store: Store, wire: WireFormat) -> Arc<Self> {
        Arc::new(Emulator {
            state: Mutex::new(State {
                store,
                wire,
                faults: Vec::new(),
                counts: Counter::new(journal::CAPACITY),
                journal: Journal::default(),
            }),
        })
    }

    /// The state, locked.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking handler cannot leave the state half-changed (each operation checks
        // before it writes), so a poisoned lock is still safe to use.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The store, locked (with the rest of the state).
    pub fn store(&self) -> StoreGuard<'_> {
        StoreGuard(self.lock())
    }
}

/// The state locked, seen as its store.
pub struct StoreGuard<'a>(MutexGuard<'a, State>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.0.store
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.0.store
    }
}
