//! Moving values across the JS boundary: ids without JS numbers, option objects read strictly,
//! results as plain objects, failures as `MimcError`s.

use crate::core::error::{quoted, show_number, Error, Result};
use crate::core::ids;
use crate::core::json::ToJson;
use js_sys::{Function, Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    // The JS layer registers its MimcError class here; without it errors are plain `Error`s
    // with the same name and fields.
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Makes every error this module throws an instance of `class_` (the JS layer's `MimcError`).
#[wasm_bindgen(js_name = registerErrorClass)]
pub fn register_error_class(class_: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class_));
}

/// A core error as a JS `Error` with `name`, `kind`, `code`, `status`, `endpoint`.
pub fn to_js_error(error: Error) -> JsValue {
    let fields = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&fields, &JsValue::from_str(key), &value);
    };
    set("kind", JsValue::from_str(error.kind.as_str()));
    set(
        "code",
        error
            .code
            .map_or(JsValue::UNDEFINED, |c| JsValue::from_f64(c as f64)),
    );
    set(
        "status",
        error.status.map_or(JsValue::UNDEFINED, JsValue::from),
    );
    set(
        "endpoint",
        error.endpoint.map_or(JsValue::UNDEFINED, JsValue::from_str),
    );
    set(
        "retryAfterMs",
        error
            .retry_after_ms
            .map_or(JsValue::UNDEFINED, |ms| JsValue::from_f64(ms as f64)),
    );
    let message = JsValue::from_str(&error.to_string());
    let constructed = ERROR_CLASS.with(|c| {
        c.borrow().as_ref().and_then(|class_| {
            Reflect::construct(class_, &js_sys::Array::of2(&message, &fields)).ok()
        })
    });
    constructed.unwrap_or_else(|| {
        let plain = js_sys::Error::new(&error.to_string());
        plain.set_name("MimcError");
        let _ = Object::assign(&plain, &fields);
        plain.into()
    })
}

/// A result model as a plain JS object: written as JSON (ids as decimal strings) and parsed by
/// `JSON.parse`, which is exact here because no id is a JSON number.
pub fn to_js(value: &dyn ToJson, endpoint: &'static str) -> Result<JsValue> {
    js_sys::JSON::parse(&value.to_json())
        .map_err(|_| Error::decode(endpoint, "cannot build the result object"))
}

/// An id given as a decimal string, a bigint, or a number that is a safe integer.
pub fn id(field: &str, value: &JsValue) -> Result<u64> {
    if let Some(text) = value.as_string() {
        return ids::parse_id(field, &text);
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return ids::parse_id(field, &text);
    }
    if let Some(number) = value.as_f64() {
        if js_sys::Number::is_safe_integer(value) && number >= 0.0 {
            return Ok(number as u64);
        }
        if number.is_finite() && number.fract() == 0.0 && number > 0.0 {
            return Err(Error::invalid_input(format!(
                "{field} {} is above 2^53, so as a JS number it has already lost precision: pass it as a string or a bigint",
                show_number(number)
            )));
        }
    }
    Err(Error::invalid_input(format!(
        "{field} must be a decimal string, a bigint or a non-negative safe integer; got {}",
        describe(value)
    )))
}

/// A short description of a JS value for error messages (never the value of a string).
pub fn describe(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if let Some(n) = value.as_f64() {
        format!("the number {}", show_number(n))
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// An options or input object read field by field, refusing keys it does not know (typos).
pub struct Fields {
    object: Option<Object>,
    what: &'static str,
}

impl Fields {
    /// Reads `value` (undefined or null is an empty object when `optional`) as `what`.
    pub fn new(
        what: &'static str,
        value: &JsValue,
        known: &[&str],
        optional: bool,
    ) -> Result<Fields> {
        if value.is_undefined() || value.is_null() {
            return if optional {
                Ok(Fields { object: None, what })
            } else {
                Err(Error::invalid_input(format!(
                    "{what} must be an object; got {}",
                    describe(value)
                )))
            };
        }
        let object = value
            .dyn_ref::<Object>()
            .filter(|_| value.is_object() && !js_sys::Array::is_array(value))
            .ok_or_else(|| {
                Error::invalid_input(format!("{what} must be an object; got {}", describe(value)))
            })?;
        for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
            if !known.contains(&key.as_str()) {
                return Err(Error::invalid_input(format!(
                    "{what} has an unknown field {}; known fields: {}",
                    quoted(&key),
                    known.join(", ")
                )));
            }
        }
        Ok(Fields {
            object: Some(object.clone()),
            what,
        })
    }

    /// What the object is, for messages (e.g. `"Client options"`).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The raw field; undefined and null read as None.
    pub fn get(&self, key: &str) -> Option<JsValue> {
        let object = self.object.as_ref()?;
        Reflect::get(object, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// An optional string field.
    pub fn string(&self, key: &str) -> Result<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| {
                Error::invalid_input(format!(
                    "{}.{key} must be a string; got {}",
                    self.what,
                    describe(&v)
                ))
            }),
        }
    }

    /// A required string field.
    pub fn required_string(&self, key: &str) -> Result<String> {
        self.string(key)?
            .ok_or_else(|| Error::invalid_input(format!("{}.{key} is required", self.what)))
    }

    /// An optional id field.
    pub fn id(&self, key: &str) -> Result<Option<u64>> {
        self.get(key).map(|v| id(key, &v)).transpose()
    }

    /// A required id field.
    pub fn required_id(&self, key: &str) -> Result<u64> {
        self.id(key)?
            .ok_or_else(|| Error::invalid_input(format!("{}.{key} is required", self.what)))
    }

    /// An optional number field.
    pub fn number(&self, key: &str) -> Result<Option<f64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| {
                Error::invalid_input(format!(
                    "{}.{key} must be a number; got {}",
                    self.what,
                    describe(&v)
                ))
            }),
        }
    }

    /// An optional whole number in `range`.
    pub fn integer(&self, key: &str, range: std::ops::RangeInclusive<u32>) -> Result<Option<u32>> {
        match self.number(key)? {
            None => Ok(None),
            Some(n)
                if n.fract() == 0.0
                    && (f64::from(*range.start())..=f64::from(*range.end())).contains(&n) =>
            {
                Ok(Some(n as u32))
            }
            Some(n) => Err(Error::invalid_input(format!(
                "{}.{key} must be a whole number from {} to {}; got {}",
                self.what,
                range.start(),
                range.end(),
                show_number(n)
            ))),
        }
    }

    /// An optional boolean field.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| {
                Error::invalid_input(format!(
                    "{}.{key} must be a boolean; got {}",
                    self.what,
                    describe(&v)
                ))
            }),
        }
    }
}
