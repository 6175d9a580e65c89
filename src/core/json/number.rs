//! Numbers read exactly from their JSON text.

/// The exact value of JSON number text that is a whole number (`12`, `-3`, `3.0`, `1.2e3`),
/// as its sign and magnitude, if the magnitude fits in a `u64`. Exact decimal arithmetic, no
/// float: `str::parse::<f64>` links 10 KB of tables into the module.
pub fn whole(text: &str) -> Option<(bool, u64)> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (sign, exponent) = match exponent.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, exponent),
    };
    if exponent.is_empty() || !exponent.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Saturated: an exponent beyond ±10^6 settles the answer as that one does.
    let exponent = exponent
        .bytes()
        .fold(0i64, |e, b| (e * 10 + i64::from(b - b'0')).min(1_000_000));
    // The digits left of the decimal point once the exponent has moved it; any digit right of
    // it must be 0.
    let point = int.len() as i64 + sign * exponent;
    let mut value: u64 = 0;
    let mut count = 0;
    for digit in int.bytes().chain(frac.bytes()) {
        let digit = u64::from(digit.wrapping_sub(b'0'));
        if digit > 9 {
            return None;
        }
        if count < point {
            value = value.checked_mul(10)?.checked_add(digit)?;
        } else if digit != 0 {
            return None;
        }
        count += 1;
    }
    while count < point && value != 0 {
        value = value.checked_mul(10)?;
        count += 1;
    }
    Some((negative, value))
}
