//! Credentials and the HTTP headers that carry them on every request.

use std::fmt;

use super::error::Result;
use super::validate;

/// How a request proves who is calling: a user token (browser) or app credentials (server only).
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A user token obtained by the app's server from the token service.
    Token(String),
    /// The app's own credentials; these must never ship to a browser.
    App {
        /// The app's id.
        app_id: String,
        /// The app's key (secret).
        app_key: String,
        /// The app's secret.
        app_secret: String,
        /// The app account the call acts as, if any.
        app_account: Option<String>,
    },
}

// Hand-written so that logging a client never prints a token, appKey or appSecret.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Token(_) => f.debug_tuple("Token").field(&"<redacted>").finish(),
            Credentials::App {
                app_id,
                app_account,
                ..
            } => f
                .debug_struct("App")
                .field("app_id", app_id)
                .field("app_key", &"<redacted>")
                .field("app_secret", &"<redacted>")
                .field("app_account", app_account)
                .finish(),
        }
    }
}

/// The authentication headers for one request; `account_override` replaces the app account.
pub fn auth_headers(
    creds: &Credentials,
    account_override: Option<&str>,
) -> Result<Vec<(String, String)>> {
    match creds {
        Credentials::Token(token) => {
            validate::ascii_header_value("token", token)?;
            Ok(vec![("token".to_owned(), token.clone())])
        }
        Credentials::App {
            app_id,
            app_key,
            app_secret,
            app_account,
        } => {
            validate::ascii_header_value("appId", app_id)?;
            validate::ascii_header_value("appKey", app_key)?;
            validate::ascii_header_value("appSecret", app_secret)?;
            let mut headers = vec![
                ("appId".to_owned(), app_id.clone()),
                ("appKey".to_owned(), app_key.clone()),
                ("appSecret".to_owned(), app_secret.clone()),
            ];
            if let Some(account) = account_override.or(app_account.as_deref()) {
                // Checked before encoding too: an account with a line break is a mistake either way.
                validate::header_value("appAccount", account)?;
                if account.is_ascii() {
                    headers.push(("appAccount".to_owned(), account.to_owned()));
                } else {
                    headers.push(("appAccount".to_owned(), base64(account.as_bytes())));
                    headers.push(("appAccountEncode".to_owned(), "base64".to_owned()));
                }
            }
            Ok(headers)
        }
    }
}

/// Standard base64 with padding (RFC 4648 §4), as `appAccountEncode: base64` expects.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    fn app(account: Option<&str>) -> Credentials {
        Credentials::App {
            app_id: "2882303761517669588".into(),
            app_key: "KEY5551234".into(),
            app_secret: "SECRETxyz==".into(),
            app_account: account.map(str::to_owned),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn token_header() {
        let h = auth_headers(&Credentials::Token("tok-123".into()), None).unwrap();
        assert_eq!(h, pairs(&[("token", "tok-123")]));
        // A token has no account; the override is meaningless and ignored.
        let h = auth_headers(&Credentials::Token("tok-123".into()), Some("bob")).unwrap();
        assert_eq!(h, pairs(&[("token", "tok-123")]));
    }

    #[test]
    fn app_with_ascii_account() {
        let h = auth_headers(&app(Some("user_01")), None).unwrap();
        assert_eq!(
            h,
            pairs(&[
                ("appId", "2882303761517669588"),
                ("appKey", "KEY5551234"),
                ("appSecret", "SECRETxyz=="),
                ("appAccount", "user_01"),
            ])
        );
    }

    #[test]
    fn app_with_chinese_account_is_base64() {
        let h = auth_headers(&app(Some("小米用户")), None).unwrap();
        assert_eq!(
            h,
            pairs(&[
                ("appId", "2882303761517669588"),
                ("appKey", "KEY5551234"),
                ("appSecret", "SECRETxyz=="),
                ("appAccount", "5bCP57Gz55So5oi3"),
                ("appAccountEncode", "base64"),
            ])
        );
        // Padding is kept: "é" is two bytes.
        let h = auth_headers(&app(Some("é")), None).unwrap();
        assert_eq!(h.get(3), Some(&("appAccount".into(), "w6k=".into())));
    }

    #[test]
    fn base64_matches_rfc_4648() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (text, encoded) in vectors {
            assert_eq!(base64(text.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
    }

    #[test]
    fn app_without_account() {
        let h = auth_headers(&app(None), None).unwrap();
        assert_eq!(
            h,
            pairs(&[
                ("appId", "2882303761517669588"),
                ("appKey", "KEY5551234"),
                ("appSecret", "SECRETxyz=="),
            ])
        );
    }

    #[test]
    fn override_account_wins() {
        let h = auth_headers(&app(Some("owner")), Some("other")).unwrap();
        assert_eq!(h.get(3), Some(&("appAccount".into(), "other".into())));
        assert_eq!(h.len(), 4);
        let h = auth_headers(&app(None), Some("小米用户")).unwrap();
        assert_eq!(
            &h[3..],
            &pairs(&[
                ("appAccount", "5bCP57Gz55So5oi3"),
                ("appAccountEncode", "base64")
            ])[..]
        );
        let h = auth_headers(&app(Some("小米用户")), Some("ascii")).unwrap();
        assert_eq!(&h[3..], &pairs(&[("appAccount", "ascii")])[..]);
    }

    #[test]
    fn line_breaks_are_rejected_without_leaking_secrets() {
        let cases = [
            (Credentials::Token("SECRETTOKEN\r\n".into()), "token"),
            (
                Credentials::App {
                    app_id: "1".into(),
                    app_key: "SECRETKEY\n".into(),
                    app_secret: "s".into(),
                    app_account: None,
                },
                "appKey",
            ),
            (
                Credentials::App {
                    app_id: "1".into(),
                    app_key: "k".into(),
                    app_secret: "SECRETSECRET\r".into(),
                    app_account: None,
                },
                "appSecret",
            ),
            (
                Credentials::App {
                    app_id: "1\0".into(),
                    app_key: "SECRETKEY".into(),
                    app_secret: "SECRETSECRET".into(),
                    app_account: None,
                },
                "appId",
            ),
            (app(Some("bob\nX-Injected: 1")), "appAccount"),
            (app(Some("")), "appAccount"),
            (Credentials::Token(String::new()), "token"),
        ];
        for (creds, field) in cases {
            let err = auth_headers(&creds, None).unwrap_err();
            assert_eq!(err.kind, ErrorKind::InvalidInput);
            assert!(err.message.contains(field), "{}", err.message);
            assert!(!err.message.contains("SECRET"), "{}", err.message);
            assert!(!err.to_string().contains("SECRET"));
        }
        let err = auth_headers(&app(None), Some("a\rb")).unwrap_err();
        assert!(err.message.contains("appAccount"));
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let shown = format!("{:?}", app(Some("bob")));
        assert!(
            !shown.contains("SECRET") && !shown.contains("KEY555"),
            "{shown}"
        );
        assert!(shown.contains("bob"));
        let shown = format!("{:?}", Credentials::Token("SECRETTOKEN".into()));
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}
