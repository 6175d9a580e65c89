//! Moving values across the JS boundary with serde-wasm-bindgen: inputs and options into their
//! Rust types (unknown keys refused, the failing field named), results out as plain objects
//! (ids as decimal strings), failures as `MimcError`s.

use crate::core::error::{quoted, show_number, Error, Result};
use crate::core::wire::{parse_id, Id};
use js_sys::{Function, Object, Reflect};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
// A plain copy of a caller's object: own enumerable keys only, into objects with no prototype
// (so nothing inherited is read, and an own "__proto__" key stays a key), nested objects copied
// too, functions and AbortSignals kept as they are. A getter or Proxy trap that throws is caught
// here, in JS: an exception must not unwind through wasm.
export function snapshot(value) {
  const copy = (v, depth) => {
    if (v === null || typeof v !== 'object' || (typeof AbortSignal !== 'undefined' && v instanceof AbortSignal)) return v
    if (depth > 8) throw new Error('it is nested more than 8 levels deep')
    if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1))
    const out = Object.create(null)
    for (const key of Object.keys(v)) out[key] = copy(v[key], depth + 1)
    return out
  }
  try {
    return { value: copy(value, 0) }
  } catch (e) {
    return { error: String(e && e.message || e) }
  }
}
"#)]
extern "C" {
    fn snapshot(value: &JsValue) -> JsValue;
}

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

/// A core error as a JS `Error` with `name`, `kind`, `code`, `status`, `endpoint`, `retryAfterMs`.
pub fn to_js_error(error: Error) -> JsValue {
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
/// know (a typo is refused, not ignored); a failure names the field. Only the serde-wasm-bindgen
/// read is generic; the copy, the key checks and the wording of errors are shared code.
pub fn input<T: DeserializeOwned + Default>(
    what: &str,
    value: &JsValue,
    optional: bool,
) -> Result<T> {
    input_with(what, value, optional, &[]).map(|(input, _)| input)
}

/// [`input`], checking the keys of the nested objects in `nested` too (field name, its type's
/// field list), and returning the plain copy it was read from as well, for the values the type
/// only passes by.
pub fn input_with<T: DeserializeOwned + Default>(
    what: &str,
    value: &JsValue,
    optional: bool,
    nested: &[(&str, &[&str])],
) -> Result<(T, JsValue)> {
    if optional && value.is_null_or_undefined() {
        return Ok((T::default(), JsValue::UNDEFINED));
    }
    let known = serde_aux::serde_introspection::serde_introspect::<T>();
    let plain = plain_object(what, value, known, nested)?;
    let read = |value: JsValue| {
        T::deserialize(serde_wasm_bindgen::Deserializer::from(value)).map_err(message_of)
    };
    let input =
        read(plain.clone()).map_err(|e| name_the_field(what, &plain, &e, &|v| read(v).err()))?;
    Ok((input, plain))
}

/// The text of a serde-wasm-bindgen error (a JS `Error`), without the "Error: " its `Display` adds.
fn message_of(error: serde_wasm_bindgen::Error) -> String {
    let value = JsValue::from(error);
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| describe(&value))
}

/// `value` as a plain copy made in JS, once it is known to be an object with known keys only.
fn plain_object(
    what: &str,
    value: &JsValue,
    known: &[&str],
    nested: &[(&str, &[&str])],
) -> Result<JsValue> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Error::invalid_input(format!(
            "{what} must be an object; got {}",
            describe(value)
        )));
    }
    let copied = snapshot(value);
    let field = |name: &str| Reflect::get(&copied, &name.into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(error) = field("error").as_string() {
        return Err(Error::invalid_input(format!(
            "{what} could not be read: {error}"
        )));
    }
    let plain = field("value");
    known_keys(what, &plain, known)?;
    for (name, known) in nested {
        let inner = Reflect::get(&plain, &(*name).into()).unwrap_or(JsValue::UNDEFINED);
        known_keys(&format!("{what}.{name}"), &inner, known)?;
    }
    Ok(plain)
}

/// Refuses a key of `object` that is not in `known` (a typo is refused, not ignored).
fn known_keys(what: &str, object: &JsValue, known: &[&str]) -> Result<()> {
    match keys(object)
        .into_iter()
        .find(|key| !known.contains(&key.as_str()))
    {
        Some(key) => Err(Error::invalid_input(format!(
            "{what} has an unknown field {}; known fields: {}",
            quoted(&key),
            known.join(", ")
        ))),
        None => Ok(()),
    }
}

/// The failure of reading `plain`, worded safely and with the field that caused it: the first
/// key without which the failure is a different one (or none). Found this way, on the error
/// path only, rather than by serde_path_to_error, whose wrappers around every input type
/// measured 6.1 KB gzip. A missing field names itself already.
fn name_the_field(
    what: &str,
    plain: &JsValue,
    message: &str,
    read: &dyn Fn(JsValue) -> Option<String>,
) -> Error {
    if message.starts_with("missing field") {
        return Error::invalid_input(format!("{what}: {message}"));
    }
    for key in keys(plain) {
        let without = Object::assign(&Object::new(), plain.unchecked_ref());
        let _ = Reflect::delete_property(&without, &key.as_str().into());
        if read(without.into()).as_deref() != Some(message) {
            let value = Reflect::get(plain, &key.as_str().into()).unwrap_or(JsValue::UNDEFINED);
            let message = without_the_value(message, &describe(&value));
            return Error::invalid_input(format!("{what}.{key}: {message}"));
        }
    }
    let message = without_the_value(message, "a value");
    Error::invalid_input(format!("{what}: {message}"))
}

/// serde's "invalid type: <the value>, expected …" with the value described instead of shown:
/// it may be a secret (an appKey passed as the wrong type) or a whole object of them.
fn without_the_value(message: &str, described: &str) -> String {
    const EXPECTED: &[u8] = b", expected ";
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(kind) {
            // A byte search: str::rfind with a string pattern links a 1.5 KB searcher.
            let at = rest
                .as_bytes()
                .windows(EXPECTED.len())
                .rposition(|w| w == EXPECTED);
            if let Some(expected) = at.and_then(|at| rest.get(at..)) {
                return format!("{kind}{described}{expected}");
            }
        }
    }
    message.to_owned()
}

/// An object's own enumerable keys (the copies have no prototype, so not `instanceof Object`).
fn keys(value: &JsValue) -> Vec<String> {
    if !value.is_object() {
        return Vec::new();
    }
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
