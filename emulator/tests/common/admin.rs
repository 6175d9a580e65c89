//! The admin client: every call of the tests to the emulator's `/emulator/…` API goes through
//! `Emu::admin` or one of these methods over it.

use super::{Auth, Emu, Reply};
use reqwest::Method;
use serde_json::{json, Value};

impl Emu {
    /// An admin call.
    pub async fn admin(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.call(method, path, Auth::None, &[], body).await
    }

    /// Accounts join through the admin API; returns the answer's data.
    pub async fn join(&self, topic: u64, accounts: &[String]) -> Value {
        self.admin(
            Method::POST,
            &format!("/emulator/topics/{topic}/members"),
            Some(&json!({ "accounts": accounts })),
        )
        .await
        .data()
        .clone()
    }

    /// Switches the wire format.
    pub async fn set_wire(&self, format: &str) {
        let reply = self
            .admin(
                Method::PUT,
                "/emulator/config",
                Some(&json!({ "wireFormat": format })),
            )
            .await;
        assert_eq!(reply.data()["wireFormat"], json!(format));
    }

    /// The request counts (`{total, byRoute}`), of one group or of all.
    pub async fn counts(&self, topic: Option<u64>) -> Value {
        let path = match topic {
            Some(t) => format!("/emulator/requests?topicId={t}"),
            None => "/emulator/requests".to_owned(),
        };
        self.admin(Method::GET, &path, None).await.data().clone()
    }

    /// Adds a fault.
    pub async fn add_fault(&self, fault: Value) {
        self.admin(Method::POST, "/emulator/faults", Some(&fault))
            .await
            .data();
    }

    /// The faults not yet used up.
    pub async fn pending_faults(&self) -> Vec<Value> {
        self.admin(Method::GET, "/emulator/faults", None)
            .await
            .data()["faults"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// The journal's entries, for a query such as `?topicId=1&method=GET` (or "").
    pub async fn journal(&self, query: &str) -> Vec<Value> {
        self.admin(Method::GET, &format!("/emulator/journal{query}"), None)
            .await
            .data()["entries"]
            .as_array()
            .expect("entries array")
            .clone()
    }

    /// Through the admin API, so the test runs against every form of the emulator.
    pub async fn set_journal_capacity(&self, capacity: usize) {
        let config = json!({ "journalCapacity": capacity });
        let reply = self
            .admin(Method::PUT, "/emulator/config", Some(&config))
            .await;
        assert_eq!(reply.data()["journalCapacity"], json!(capacity));
    }
}
