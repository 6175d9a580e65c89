//! A failure of a store operation, as the envelope reports it.

/// A failure of a call, as the envelope reports it: `code` doubles as the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The envelope's code and the HTTP status.
    pub code: u16,
    /// What went wrong, for the developer.
    pub message: String,
}

impl ApiError {
    /// A malformed request: a missing or invalid header, field or body.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError {
            code: 400,
            message: message.into(),
        }
    }
    /// Missing, unknown or expired credentials.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError {
            code: 401,
            message: message.into(),
        }
    }
    /// The caller may not do this (not the owner).
    pub fn forbidden(message: impl Into<String>) -> Self {
        ApiError {
            code: 403,
            message: message.into(),
        }
    }
    /// No such group, user or route.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            code: 404,
            message: message.into(),
        }
    }
    /// A body over `limit` bytes.
    pub fn too_large(limit: usize) -> Self {
        ApiError {
            code: 413,
            message: format!("body larger than {limit} bytes"),
        }
    }
    /// The request is valid but the state forbids it (a new owner who is not a member).
    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError {
            code: 409,
            message: message.into(),
        }
    }
}

/// Result of a store operation.
pub type ApiResult<T> = Result<T, ApiError>;
