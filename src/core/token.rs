//! The token service: app credentials in, a user token out (app servers only).

use serde::Serialize;
use tsify::Tsify;

use super::error::Result;
use super::http::{Endpoint, HttpRequest};
use super::shape::{Any, Local};
use super::validate;
use super::wire::{Count, Text};
use crate::shape;

crate::endpoints! {
    /// The token service's calls.
    pub enum Token {
        /// App credentials and an account in the body, a user token out.
        FetchToken("fetchToken", Post, "/api/account/token", secret),
    }
}

shape! { closed;
    /// Input of `fetchToken`: the app's credentials and the account (the request body, which
    /// the service reads as this shape too), and where and how to send it (never sent).
    #[derive(Clone, PartialEq, Default, Tsify)]
    pub struct TokenRequest {
        /// The app's id.
        pub app_id: String as "appId",
        /// The app's key (secret).
        pub app_key: String as "appKey",
        /// The app's secret.
        pub app_secret: String as "appSecret",
        /// The app account the token is for.
        pub app_account: String as "appAccount",
        /// The service's base URL; default `https://mimc.chat.xiaomi.net`.
        #[tsify(optional, type = "string")]
        pub base_url: Local<Option<String>> as "baseUrl",
        /// App credentials refuse to run in a browser page or worker unless this is true.
        #[tsify(optional, type = "boolean")]
        pub dangerously_allow_browser: Local<Option<bool>> as "dangerouslyAllowBrowser",
        /// A fetch-compatible function to send the request with (taken by the wasm layer).
        #[tsify(
            optional,
            type = "(url: string, init: RequestInit) => Promise<Response>"
        )]
        pub fetch: Any as "fetch",
    }
}

// Hand-written so that logging a request never prints appKey or appSecret.
impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
            .field("app_id", &self.app_id)
            .field("app_key", &"<redacted>")
            .field("app_secret", &"<redacted>")
            .field("app_account", &self.app_account)
            .field("base_url", &self.base_url)
            .finish()
    }
}

impl TokenRequest {
    /// `POST /api/account/token`: asks the token service for a user token.
    pub fn request(&self) -> Result<HttpRequest> {
        let endpoint = Endpoint::from(Token::FetchToken);
        let checks = || -> Result<()> {
            validate::non_empty("appId", &self.app_id)?;
            validate::non_empty("appKey", &self.app_key)?;
            validate::non_empty("appSecret", &self.app_secret)?;
            validate::non_empty("appAccount", &self.app_account)
        };
        checks().map_err(|e| e.with_endpoint(endpoint.name()))?;
        HttpRequest::json(endpoint, self)
    }
}

shape! { open;
    /// A token issued by the token service; every field but `token` may be missing.
    #[derive(Clone, PartialEq, Eq, Serialize, Tsify)]
    pub struct TokenInfo {
        /// The app's id, as a string.
        #[tsify(type = "string | null")]
        pub app_id: Option<Text> as "appId",
        /// The app's package name.
        #[tsify(type = "string | null")]
        pub app_package: Option<Text> as "appPackage",
        /// The account the token is for.
        #[tsify(type = "string | null")]
        pub app_account: Option<Text> as "appAccount",
        /// MIMC's channel id.
        #[tsify(type = "number | null")]
        pub mi_chid: Option<Count> as "miChid",
        /// The account's MIMC uuid, as a string.
        #[tsify(type = "string | null")]
        pub mi_user_id: Option<Text> as "miUserId",
        /// The account's security key (secret).
        #[tsify(type = "string | null")]
        pub mi_user_security_key: Option<Text> as "miUserSecurityKey",
        /// The token to hand to the user's browser (secret).
        #[tsify(type = "string")]
        pub token: Text as "token",
    }
}

// Hand-written so that logging never prints the token or the security key.
impl std::fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInfo")
            .field("app_id", &self.app_id)
            .field("app_package", &self.app_package)
            .field("app_account", &self.app_account)
            .field("mi_chid", &self.mi_chid)
            .field("mi_user_id", &self.mi_user_id)
            .field("mi_user_security_key", &"<redacted>")
            .field("token", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::envelope::envelope;
    use crate::core::error::ErrorKind;
    use crate::core::http::Method;

    fn ok(body: &str) -> TokenInfo {
        envelope::<TokenInfo>(Token::FetchToken.into(), 200, body).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_request_carries_the_credentials_in_the_body_only() {
        let input = TokenRequest {
            app_id: "2882303761517669588".into(),
            app_key: "5111766983588".into(),
            app_secret: "b0L3IOz/9Ob809v8H2FbVg==".into(),
            app_account: "小米用户".into(),
            base_url: Local(Some("http://127.0.0.1:1".into())),
            dangerously_allow_browser: Local(Some(true)),
            fetch: Any,
        };
        let r = input.request().unwrap();
        assert_eq!(
            (r.endpoint, r.method(), r.path()),
            (Token::FetchToken.into(), Method::Post, "/api/account/token")
        );
        assert_eq!(
            r.headers,
            vec![("Content-Type".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(
            r.body.as_deref(),
            Some(
                r#"{"appId":"2882303761517669588","appKey":"5111766983588","appSecret":"b0L3IOz/9Ob809v8H2FbVg==","appAccount":"小米用户"}"#
            )
        );
        let shown = format!("{input:?}");
        assert!(!shown.contains("5111766983588") && !shown.contains("b0L3"));

        let err = TokenRequest {
            app_secret: String::new(),
            ..input.clone()
        }
        .request()
        .unwrap_err();
        assert_eq!(err.endpoint, Some("fetchToken"));
        assert!(err.message.starts_with("appSecret "));
        assert!(!err.message.contains("5111766983588"));
        let err = TokenRequest {
            app_account: String::new(),
            ..input
        }
        .request()
        .unwrap_err();
        assert!(err.message.starts_with("appAccount "));
    }

    #[test]
    fn token_info_as_documented_and_lenient() {
        let t = ok(
            r#"{"code":200,"message":"success","data":{"appId":"2882303761517669588","appPackage":"com.xiaomi.demo","appAccount":"bob","miChid":9,"miUserId":"21351198708203521","miUserSecurityKey":"KEY","token":"TOK"}}"#,
        );
        assert_eq!(t.app_id, Some(Text("2882303761517669588".into())));
        assert_eq!(t.mi_chid, Some(Count(9)));
        assert_eq!(t.token, Text("TOK".into()));
        let shown = format!("{t:?}");
        assert!(
            !shown.contains("TOK") && !shown.contains("\"KEY\""),
            "{shown}"
        );

        let t = ok(
            r#"{"code":200,"data":{"appId":2882303761517669588,"miChid":"9","miUserId":21351198708203521,"token":"TOK"}}"#,
        );
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"appId":"2882303761517669588","appPackage":null,"appAccount":null,"miChid":9,"miUserId":"21351198708203521","miUserSecurityKey":null,"token":"TOK"}"#
        );
    }

    #[test]
    fn decode_errors_never_quote_the_body() {
        let body = r#"{"code":200,"data":{"miUserSecurityKey":"SECRETKEY","miChid":"SECRETCHID"}}"#;
        let err = envelope::<TokenInfo>(Token::FetchToken.into(), 200, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(!err.to_string().contains("SECRET"), "{err}");
        let body = r#"{"status":200,"token":"SECRETTOKEN"}"#;
        let err = envelope::<TokenInfo>(Token::FetchToken.into(), 200, body).unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
        let err = envelope::<TokenInfo>(Token::FetchToken.into(), 502, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Http);
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }
}
