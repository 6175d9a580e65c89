//! The one retry rule: which failures of an idempotent request are tried again, and how long to
//! wait first. Pure, so it is tested here; the wasm transport only sleeps and sends.

use super::error::{Error, ErrorKind};

/// The first wait before a retry; it doubles each time, with full jitter, up to [`MAX_BACKOFF_MS`].
pub const BASE_BACKOFF_MS: f64 = 200.0;
/// The longest backoff between two attempts (a `Retry-After` may ask for more, up to its cap).
pub const MAX_BACKOFF_MS: f64 = 5_000.0;
/// Longest wait a `Retry-After` header may impose.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// Whether trying the same request again may succeed: no answer (network, timeout, an answer
/// cut off), or a status that says "later" (408, 429, 5xx), enveloped or not.
pub fn retryable(error: &Error) -> bool {
    match error.kind {
        ErrorKind::Network | ErrorKind::Timeout => true,
        ErrorKind::Api | ErrorKind::Http | ErrorKind::Decode => {
            matches!(error.status, Some(408 | 429 | 500..=599))
        }
        ErrorKind::Auth | ErrorKind::Aborted | ErrorKind::InvalidInput => false,
    }
}

/// After failed attempt number `attempt` (1-based) of a request that may be sent `retries` more
/// times, the milliseconds to wait before the next one, or None to give up. Only idempotent
/// requests are retried: a create that timed out may have happened. `random` is in [0, 1): full
/// jitter spreads out clients that failed together; a `Retry-After` is a floor.
pub fn wait_ms(
    idempotent: bool,
    attempt: u32,
    retries: u32,
    error: &Error,
    random: f64,
) -> Option<f64> {
    if !idempotent || attempt > retries || !retryable(error) {
        return None;
    }
    let exponent = attempt.saturating_sub(1).min(16) as i32;
    let backoff = (BASE_BACKOFF_MS * 2f64.powi(exponent)).min(MAX_BACKOFF_MS);
    let asked = error.retry_after_ms.unwrap_or(0) as f64;
    Some(asked.max(random.clamp(0.0, 1.0) * backoff))
}

/// Reads a `Retry-After` header given in whole seconds, capped at 60 s; dates and junk give None.
pub fn retry_after_ms(header: Option<&str>) -> Option<u64> {
    let text = header?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All digits but too long for u64 is still "a very long time": the cap applies.
    let seconds: u64 = text.parse().unwrap_or(u64::MAX);
    Some(seconds.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_only_for_transient_failures() {
        assert!(retryable(&Error::network("x", "m")));
        assert!(retryable(&Error::timeout("x", "m")));
        assert!(retryable(&Error::http("x", 503, "m")));
        assert!(retryable(&Error::http("x", 429, "m")));
        assert!(retryable(&Error::http("x", 408, "m")));
        assert!(retryable(&Error::api("x", 502, 502, "m")));
        assert!(retryable(&Error::decode("x", "m").with_status(500)));
        assert!(!retryable(&Error::http("x", 404, "m")));
        // A failure code inside an HTTP 200 answer is the service's decision, not a hiccup.
        assert!(!retryable(&Error::api("x", 200, 500, "m")));
        assert!(!retryable(&Error::decode("x", "m").with_status(200)));
        assert!(!retryable(&Error::auth("x", 401, 401, "m")));
        assert!(!retryable(&Error::aborted("x", "m")));
        assert!(!retryable(&Error::invalid_input("m")));
    }

    #[test]
    fn only_idempotent_requests_within_their_retries() {
        let e = Error::network("x", "m");
        assert!(wait_ms(true, 1, 2, &e, 0.5).is_some());
        assert!(wait_ms(true, 2, 2, &e, 0.5).is_some());
        assert_eq!(wait_ms(true, 3, 2, &e, 0.5), None);
        assert_eq!(wait_ms(true, 1, 0, &e, 0.5), None);
        assert_eq!(wait_ms(false, 1, 2, &e, 0.5), None);
        assert_eq!(wait_ms(true, 1, 2, &Error::http("x", 404, "m"), 0.5), None);
    }

    #[test]
    fn backoff_doubles_with_full_jitter_and_a_cap() {
        let e = Error::timeout("x", "m");
        assert_eq!(wait_ms(true, 1, 10, &e, 0.75), Some(150.0));
        assert_eq!(wait_ms(true, 2, 10, &e, 0.5), Some(200.0));
        assert_eq!(wait_ms(true, 3, 10, &e, 0.5), Some(400.0));
        assert_eq!(wait_ms(true, 10, 10, &e, 0.5), Some(2_500.0));
        assert_eq!(wait_ms(true, 10, u32::MAX, &e, 1.0), Some(MAX_BACKOFF_MS));
        assert_eq!(
            wait_ms(true, u32::MAX - 1, u32::MAX, &e, 1.0),
            Some(MAX_BACKOFF_MS)
        );
        assert_eq!(wait_ms(true, 1, 10, &e, 0.0), Some(0.0));
        // A random source out of range cannot stretch or invert the wait.
        assert_eq!(wait_ms(true, 1, 10, &e, 7.0), Some(BASE_BACKOFF_MS));
        assert_eq!(wait_ms(true, 1, 10, &e, f64::NAN), Some(0.0));
    }

    #[test]
    fn retry_after_is_a_floor() {
        let e = Error::http("x", 503, "m").with_retry_after_ms(Some(3_000));
        assert_eq!(wait_ms(true, 1, 2, &e, 0.1), Some(3_000.0));
        let e = Error::http("x", 503, "m").with_retry_after_ms(Some(10));
        assert_eq!(wait_ms(true, 3, 5, &e, 0.5), Some(400.0));
    }

    #[test]
    fn retry_after_seconds_capped() {
        assert_eq!(retry_after_ms(None), None);
        assert_eq!(retry_after_ms(Some("0")), Some(0));
        assert_eq!(retry_after_ms(Some("5")), Some(5000));
        assert_eq!(retry_after_ms(Some(" 2 ")), Some(2000));
        assert_eq!(retry_after_ms(Some("60")), Some(60_000));
        assert_eq!(retry_after_ms(Some("3600")), Some(60_000));
        assert_eq!(
            retry_after_ms(Some("99999999999999999999999")),
            Some(60_000)
        );
        assert_eq!(retry_after_ms(Some("")), None);
        assert_eq!(retry_after_ms(Some("-1")), None);
        assert_eq!(retry_after_ms(Some("1.5")), None);
        assert_eq!(retry_after_ms(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
    }
}
