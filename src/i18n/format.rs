//! Numbers, sizes and tracking numbers as a person reads them (not `sealed: 6
//! files, 314572837 bytes` or `13112383852`). Machine output (`--json`, the
//! ledger, the registers' byte columns) keeps exact values; these are for messages.

use fluent_bundle::FluentValue;

/// An integer with thousands separators: `314,572,837`. Japanese writes the same
/// separators in business documents (`1,234件`), so one form serves both languages.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in binary units with one decimal (`300.0 MiB`, `1.5 GiB`); below 1 KiB, in
/// bytes from the catalogue (`512 bytes`, `512 バイト`).
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return crate::tr!("size-bytes", n = bytes);
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// A stored tracking number (digits only) with the grouping printed on its service's
/// slip: `131-12-38385-2` (書留), `4055-4842-4886` (ゆうパック, 宅急便…); anything that
/// is not a valid number is returned as it is.
pub fn tracking_number(stored: &str) -> String {
    match stored.parse::<crate::tracking::TrackingNumber>() {
        Ok(t) => t.to_string(),
        Err(_) => stored.to_string(),
    }
}

/// Fluent's number formatter: integers grouped, other numbers as Rust prints them.
pub(super) fn fluent_number<M>(v: &FluentValue, _: &M) -> Option<String> {
    match v {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            let i = n.value as i64;
            let g = grouped(i.unsigned_abs());
            Some(if i < 0 { format!("-{g}") } else { g })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_groups() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(314572837), "314,572,837");
        assert_eq!(size(314572800), "300.0 MiB");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(3 << 30), "3.0 GiB");
    }

    #[test]
    fn tracking_numbers_are_grouped_as_on_the_slip() {
        assert_eq!(tracking_number("13112383852"), "131-12-38385-2");
        assert_eq!(tracking_number("not-a-number"), "not-a-number");
    }
}
