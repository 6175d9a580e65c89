//! Moving values across the JS boundary: inputs and options in through one reader (a plain copy
//! of the caller's object, turned into the core's [`Node`] tree and read by each shape's
//! declared reader: unknown keys refused, the failing field named), results out as plain
//! objects through serde-wasm-bindgen (ids as decimal strings), failures as `MimcError`s.

use super::glue::snapshot;
use crate::core::error::{Error, Result};
use crate::core::json::{Node, Number, Value};
use crate::core::shape::{Place, Read};
use crate::core::wire::{parse_id, unsafe_number, Id};
use js_sys::{Function, Object, Reflect};
use serde::Serialize;
use std::borrow::Cow;
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

/// A core error as a JS `Error` with `name`, `kind`, `code`, `status`, `endpoint`, `retryAfterMs`,
/// and `cause` unless it is undefined (what the runtime threw, or the signal's reason).
pub fn to_js_error(error: Error, cause: JsValue) -> JsValue {
    let fields = Object::new();
    let set = |key: &str, value: Option<JsValue>| {
        let _ = Reflect::set(&fields, &key.into(), &value.unwrap_or(JsValue::UNDEFINED));
    };
    set("kind", Some(error.kind.as_str().into()));
    set("code", error.code.map(|c| (c as f64).into()));
    set("status", error.status.map(JsValue::from));
    set("endpoint", error.endpoint.map(JsValue::from));
    set(
        "retryAfterMs",
        error.retry_after_ms.map(|ms| (ms as f64).into()),
    );
    if !cause.is_undefined() {
        set("cause", Some(cause));
    }
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

/// A result as a plain JS object; absent values are null, ids are decimal strings already.
pub fn to_js<T: Serialize>(value: &T, endpoint: &'static str) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::decode(endpoint, format!("cannot build the result: {e}")))
}

/// Reads `value` as `T`, called `what` in messages ("createTopic input", "options"): it must be
/// an object (or, when `optional`, undefined or null for all defaults), with no key `T` does not
/// know (a typo is refused, not ignored); a failure names the field and never shows a string.
pub fn input<T: Read + Default>(what: &str, value: &JsValue, optional: bool) -> Result<T> {
    input_with(what, value, optional).map(|(input, _)| input)
}

/// [`input`], also returning the plain copy it was read from, for the JavaScript values (a
/// function, a signal) the shape only passes by ([`member`]).
pub fn input_with<T: Read + Default>(
    what: &str,
    value: &JsValue,
    optional: bool,
) -> Result<(T, JsValue)> {
    if optional && value.is_null_or_undefined() {
        return Ok((T::default(), JsValue::UNDEFINED));
    }
    let plain = plain_object(what, value)?;
    let input = T::read(&node_of(&plain), &Place::root(what, None))
        .map_err(|mismatch| Error::invalid_input(mismatch.to_string()))?;
    Ok((input, plain))
}

/// The member `key` of a plain copy (undefined when absent, or when there is no copy: an
/// option object left out). Checked first: `Reflect.get` on undefined throws, and a throw
/// caught on every call cost a sixth of a call's time.
pub fn member(plain: &JsValue, key: &str) -> JsValue {
    if !plain.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(plain, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `value` as a plain copy made in JS, once it is known to be an object.
fn plain_object(what: &str, value: &JsValue) -> Result<JsValue> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Error::invalid_input(format!(
            "{what} must be an object; got {}",
            describe(value)
        )));
    }
    let copied = snapshot(value);
    if let Some(error) = member(&copied, "error").as_string() {
        return Err(Error::invalid_input(format!(
            "{what} could not be read: {error}"
        )));
    }
    Ok(member(&copied, "value"))
}

/// A plain copy as the core's tree, by one non-generic walk: members that are `undefined` are
/// left out (absent), other `undefined`s (array items) are null, a function or a kept object (an
/// AbortSignal) is described, not read.
fn node_of(value: &JsValue) -> Node<'static> {
    let value = if value.is_null_or_undefined() {
        Value::Null
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Value::Number(Number::Float(n, number_text(n)))
    } else if let Some(s) = value.as_string() {
        Value::String(Cow::Owned(s))
    } else if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        Value::Number(Number::BigInt(text))
    } else if js_sys::Array::is_array(value) {
        let items: &js_sys::Array = value.unchecked_ref();
        Value::Array(items.iter().map(|item| node_of(&item)).collect())
    } else if value.is_function() {
        Value::Other("a function")
    } else if value.is_object() && Object::get_prototype_of(value).is_null() {
        // The copies have no prototype; anything else was kept as it was (an AbortSignal).
        let members = keys(value)
            .into_iter()
            .filter_map(|key| {
                let item = member(value, &key);
                (!item.is_undefined()).then(|| (Cow::Owned(key), node_of(&item)))
            })
            .collect();
        Value::Object(members)
    } else {
        Value::Other(if value.is_object() {
            "an object that is not a plain one"
        } else {
            "a symbol"
        })
    };
    Node::new(value)
}

/// An object's own enumerable keys (the copies have no prototype, so not `instanceof Object`).
fn keys(value: &JsValue) -> Vec<String> {
    Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// An id argument: a decimal string, a bigint, or a number that is a safe integer.
pub fn id(field: &str, value: &JsValue) -> Result<Id> {
    if let Some(text) = value.as_string() {
        return parse_id(field, &text).map(Id);
    }
    if value.is_bigint() {
        let text = js_sys::BigInt::from(value.clone())
            .to_string(10)
            .map(String::from)
            .unwrap_or_default();
        return parse_id(field, &text).map(Id);
    }
    if let Some(number) = value.as_f64() {
        if js_sys::Number::is_safe_integer(value) && number >= 0.0 {
            return Ok(Id(number as u64));
        }
        if number.is_finite() && number.fract() == 0.0 && number > 0.0 {
            return Err(Error::invalid_input(format!(
                "{field} is {}",
                unsafe_number(&number_text(number))
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
        format!("the number {}", number_text(n))
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A number as JavaScript writes it (`String(n)`): JS's own shortest form, rather than a float
/// printer in the module.
pub fn number_text(n: f64) -> String {
    js_sys::Number::from(n)
        .to_string_with_radix(10)
        .map(String::from)
        .unwrap_or_default()
}

/// A preserved JS value that must be `T` when given (undefined and null are absent).
pub fn cast<T: JsCast>(what: &str, value: JsValue, expected: &str) -> Result<Option<T>> {
    if value.is_null_or_undefined() {
        return Ok(None);
    }
    value.dyn_into::<T>().map(Some).map_err(|value| {
        Error::invalid_input(format!(
            "{what} must be {expected}; got {}",
            describe(&value)
        ))
    })
}
