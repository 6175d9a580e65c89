//! Who is calling: a token, or app credentials with an optional (maybe base64) appAccount.

use crate::store::{ApiError, ApiResult, Caller, Store};
use base64::Engine;
use http::HeaderMap;

/// The caller named by the request's headers (header names in any case, as HTTP allows).
pub fn caller(store: &mut Store, headers: &HeaderMap) -> ApiResult<Caller> {
    credentials(store, headers, None)
}

/// The caller of a call whose path names its app (normal groups): without an `appId` header
/// the path's stands in (the manual's examples send none), and a caller of another app than
/// the path's is refused (403).
pub fn caller_of_app(store: &mut Store, headers: &HeaderMap, app_id: &str) -> ApiResult<Caller> {
    let caller = credentials(store, headers, Some(app_id))?;
    if store.apps()[caller.app()].id != app_id {
        return Err(ApiError::forbidden(format!(
            "the path names app {app_id:?}, not the caller's app"
        )));
    }
    Ok(caller)
}

fn credentials(
    store: &mut Store,
    headers: &HeaderMap,
    path_app: Option<&str>,
) -> ApiResult<Caller> {
    if let Some(token) = text(headers, "token")? {
        return store.caller_by_token(&token);
    }
    let Some(app_id) = text(headers, "appId")?.or_else(|| path_app.map(str::to_owned)) else {
        return Err(ApiError::unauthorized(
            "no credentials: send a token header, or appId, appKey and appSecret headers",
        ));
    };
    let key = text(headers, "appKey")?
        .ok_or_else(|| ApiError::unauthorized("appKey header is missing"))?;
    let secret = text(headers, "appSecret")?
        .ok_or_else(|| ApiError::unauthorized("appSecret header is missing"))?;
    let app = store.app_by_credentials(&app_id, &key, &secret)?;
    match account(headers)? {
        Some(account) => Ok(Caller::User {
            app,
            uuid: store.user(app, &account)?,
        }),
        None => Ok(Caller::App { app }),
    }
}

/// The `appAccount` header, decoded when `appAccountEncode: base64` says it is base64.
pub fn account(headers: &HeaderMap) -> ApiResult<Option<String>> {
    let Some(raw) = text(headers, "appAccount")? else {
        return Ok(None);
    };
    let encoded = text(headers, "appAccountEncode")?;
    match encoded.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(Some(raw)),
        Some("base64") => {
            let engine = &base64::engine::general_purpose::STANDARD;
            let bytes = engine
                .decode(raw.trim())
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(raw.trim()))
                .map_err(|_| {
                    ApiError::bad_request(
                        "appAccount is not valid base64 although appAccountEncode is base64",
                    )
                })?;
            String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| ApiError::bad_request("appAccount is not UTF-8 after base64 decoding"))
        }
        Some(other) => Err(ApiError::bad_request(format!(
            "appAccountEncode must be base64; got {other:?}"
        ))),
    }
}

/// A header's value as text; raw UTF-8 bytes are accepted too, as lenient servers do.
pub fn text(headers: &HeaderMap, name: &str) -> ApiResult<Option<String>> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => std::str::from_utf8(value.as_bytes())
            .map(|s| Some(s.trim().to_owned()))
            .map_err(|_| ApiError::bad_request(format!("header {name} is not valid UTF-8"))),
    }
}

/// A 64-bit id from a header.
pub fn id_header(headers: &HeaderMap, name: &str) -> ApiResult<Option<u64>> {
    text(headers, name)?
        .map(|v| {
            v.parse::<u64>().map_err(|_| {
                ApiError::bad_request(format!(
                    "header {name} must be a decimal 64-bit id; got {v:?}"
                ))
            })
        })
        .transpose()
}
