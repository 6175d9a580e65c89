//! Input rules, checked before any request is sent, each failing with a message naming the field.

use super::error::{Error, Result};

pub use crate::core::protocol::{MAX_EXTRA_BYTES, MAX_FORBID_SECONDS};

/// A group name must contain something other than whitespace.
pub fn topic_name(value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(
            "topicName must be a non-empty string (not only whitespace)",
        ));
    }
    Ok(())
}

/// `extra` must fit in 10240 bytes of UTF-8.
pub fn extra(value: &str) -> Result<()> {
    if value.len() > MAX_EXTRA_BYTES {
        return Err(Error::invalid_input(format!(
            "extra must be at most {MAX_EXTRA_BYTES} bytes of UTF-8 (10 KB); got {} bytes",
            value.len()
        )));
    }
    Ok(())
}

/// A mute lasts from 0 to 315360000 seconds (ten years; 0 lifts it).
pub fn forbid_seconds(value: u32) -> Result<u32> {
    if value <= MAX_FORBID_SECONDS {
        Ok(value)
    } else {
        Err(forbid_seconds_error(&value.to_string()))
    }
}

fn forbid_seconds_error(shown: &str) -> Error {
    Error::invalid_input(format!(
        "seconds must be an integer from 0 to {MAX_FORBID_SECONDS} (ten years; 0 lifts a mute); got {shown}"
    ))
}

/// An account or user must contain something other than whitespace.
pub fn non_empty(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(format!(
            "{field} must be a non-empty string (not only whitespace)"
        )));
    }
    Ok(())
}

/// A header value must be non-empty and free of CR, LF and NUL; the value itself is never shown.
pub fn header_value(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(format!(
            "{name} must not be empty (it is sent as the HTTP header {name})"
        )));
    }
    // Never echo the value: this checks tokens and app secrets too.
    if value.contains(['\r', '\n', '\0']) {
        return Err(Error::invalid_input(format!(
            "{name} must not contain a line break (CR or LF) or NUL: it is sent as an HTTP header; check for a stray newline when it was copied"
        )));
    }
    Ok(())
}

/// Like [`header_value`], and also ASCII only, as credentials always are (browsers reject most non-ASCII).
pub fn ascii_header_value(name: &str, value: &str) -> Result<()> {
    header_value(name, value)?;
    if !value.is_ascii() {
        return Err(Error::invalid_input(format!(
            "{name} must be ASCII: it is sent as an HTTP header; check that the right value was pasted"
        )));
    }
    Ok(())
}

/// An update must change at least one of topicName, ownerAccount and extra.
pub fn update_has_change(
    topic_name: Option<&str>,
    owner_account: Option<&str>,
    extra: Option<&str>,
) -> Result<()> {
    if topic_name.is_none() && owner_account.is_none() && extra.is_none() {
        return Err(Error::invalid_input(
            "an update needs at least one of topicName, ownerAccount or extra besides topicId",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    #[test]
    fn topic_names() {
        assert!(topic_name("群").is_ok());
        assert!(topic_name(" a ").is_ok());
        for bad in ["", " ", "\t\n", "\u{3000}"] {
            let err = topic_name(bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert!(err.message.contains("topicName"), "{}", err.message);
        }
    }

    #[test]
    fn extra_is_limited_in_bytes_not_chars() {
        assert!(extra("").is_ok());
        assert!(extra(&"a".repeat(10_240)).is_ok());
        let err = extra(&"a".repeat(10_241)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(
            err.message,
            "extra must be at most 10240 bytes of UTF-8 (10 KB); got 10241 bytes"
        );
        // 3414 three-byte chars = 10242 bytes though only 3414 chars.
        assert!(extra(&"米".repeat(3414)).is_err());
        assert!(extra(&"米".repeat(3413)).is_ok());
    }

    #[test]
    fn forbid_seconds_up_to_ten_years() {
        assert_eq!(forbid_seconds(0), Ok(0));
        assert_eq!(forbid_seconds(315_360_000), Ok(315_360_000));
        for bad in [315_360_001, u32::MAX] {
            let err = forbid_seconds(bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert_eq!(
                err.message,
                format!("seconds must be an integer from 0 to 315360000 (ten years; 0 lifts a mute); got {bad}")
            );
        }
    }

    #[test]
    fn non_empty_names_the_field() {
        assert!(non_empty("user", "bob").is_ok());
        let err = non_empty("user", "  ").unwrap_err();
        assert_eq!(
            err.message,
            "user must be a non-empty string (not only whitespace)"
        );
    }

    #[test]
    fn header_values_reject_breaks_without_showing_them() {
        assert!(header_value("token", "abc").is_ok());
        for bad in [
            "SECRETVALUE\r\n",
            "SECRET\nVALUE",
            "SECRET\rVALUE",
            "SECRET\0",
        ] {
            let err = header_value("appSecret", bad).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert!(err.message.contains("appSecret"));
            assert!(!err.message.contains("SECRET"), "{}", err.message);
        }
        let err = header_value("token", "").unwrap_err();
        assert!(err.message.starts_with("token must not be empty"));
        assert!(ascii_header_value("appKey", "k").is_ok());
        let err = ascii_header_value("appKey", "SECRET密").unwrap_err();
        assert!(err.message.contains("appKey must be ASCII"));
        assert!(!err.message.contains("SECRET"));
    }

    #[test]
    fn updates_need_a_change() {
        assert!(update_has_change(None, None, None).is_err());
        assert!(update_has_change(Some("n"), None, None).is_ok());
        assert!(update_has_change(None, Some("a"), None).is_ok());
        assert!(update_has_change(None, None, Some("")).is_ok());
    }
}
