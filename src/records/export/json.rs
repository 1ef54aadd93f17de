//! The JSON writer of rows and events: pretty JSON, every string in it cleaned.

use std::io::{self, Write};

use serde_json::Value;

use crate::untrusted::clean;

/// `v` with every string in it, keys and values, cleaned.
pub(super) fn inert(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(clean(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(inert).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (clean(&k), inert(v))).collect())
        }
        other => other,
    }
}

/// Writes rows or events as pretty JSON and a newline, every string in it cleaned
/// (JSON escapes control characters, but not U+202E or the other invisible ones).
pub fn write_json<W: Write, T: serde::Serialize + ?Sized>(mut out: W, rows: &T) -> io::Result<()> {
    let v = serde_json::to_value(rows).map_err(io::Error::other)?;
    serde_json::to_writer_pretty(&mut out, &inert(v)).map_err(io::Error::other)?;
    out.write_all(b"\n")?;
    out.flush()
}
