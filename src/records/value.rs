//! The one check every value of a transport record passes, whether a person typed it
//! (`record ship --carrier`, `seal --handler`), a medium claimed it, or it comes back
//! from `LEDGER.unrecorded/`: one line, no character that [`crate::untrusted`] would
//! not print as it is, a bounded length, dates that are dates.
//!
//! Why: the registers are printed and exported to CSV for auditors. A newline in a
//! value forges a second row or line ("result: VALID"), a bidi control shows
//! `131-12-38385-2` reversed (CVE-2021-42574), an escape sequence repaints the
//! terminal (CWE-150), and an unbounded value fills the register (CWE-400). Refusing
//! such values when they are recorded, rather than cleaning them on every display,
//! keeps the ledger itself — which the auditor may read with other tools — clean.

use std::fmt;

use crate::untrusted::{has_unsafe, sanitize};

/// Longest free value (a carrier, a witness's name, a note), in characters.
pub const MAX_VALUE_CHARS: usize = 200;

/// Longest shipment id, in characters (`ISOU-YYYYMMDD-XXXXXXXX` is 22, `MEDIUM-…` 71).
pub const MAX_SHIPMENT_CHARS: usize = 80;

/// Fields whose value is a calendar date, `YYYY-MM-DD`.
pub const DATE_FIELDS: &[&str] = &["date", "retain_until"];

/// Why a value cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordValueError {
    /// The value is empty (or only spaces).
    Empty {
        /// The field.
        field: String,
    },
    /// It holds a line break, a control, bidi or invisible character.
    Unsafe {
        /// The field.
        field: String,
        /// The value as it may be shown.
        shown: String,
    },
    /// It is longer than allowed.
    TooLong {
        /// The field.
        field: String,
        /// Its length in characters.
        chars: usize,
        /// The bound.
        max: usize,
    },
    /// A date field does not hold a `YYYY-MM-DD` date.
    NotADate {
        /// The field.
        field: String,
        /// The value as it may be shown.
        shown: String,
    },
    /// A shipment id holds other characters than `A–Z a–z 0–9 - _ .`.
    BadShipmentId {
        /// The id as it may be shown.
        shown: String,
    },
}

impl fmt::Display for RecordValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordValueError::Empty { field } => write!(f, "the {field} is empty"),
            RecordValueError::Unsafe { field, shown } => write!(
                f,
                "the {field} {shown:?} holds a line break, a control, bidi or invisible character"
            ),
            RecordValueError::TooLong { field, chars, max } => write!(
                f,
                "the {field} is {chars} characters long, more than the {max} a record value may have"
            ),
            RecordValueError::NotADate { field, shown } => {
                write!(f, "the {field} {shown:?} is not a date")
            }
            RecordValueError::BadShipmentId { shown } => {
                write!(f, "{shown:?} is not a shipment id")
            }
        }
    }
}

impl std::error::Error for RecordValueError {}

impl RecordValueError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            RecordValueError::Empty { .. } => "give a value".into(),
            RecordValueError::Unsafe { .. } => {
                "give the value on one line, as plain text (no control or direction characters)"
                    .into()
            }
            RecordValueError::TooLong { max, .. } => {
                format!("shorten it to at most {max} characters")
            }
            RecordValueError::NotADate { .. } => "write dates as YYYY-MM-DD".into(),
            RecordValueError::BadShipmentId { .. } => {
                "use the shipment id that 'isou seal' printed ('isou record list' shows them)"
                    .into()
            }
        }
    }
}

/// Checks a free value of a record: one line, no unsafe character
/// ([`has_unsafe`]: controls, bidi, invisible characters), not empty, at most
/// [`MAX_VALUE_CHARS`] characters, and a `YYYY-MM-DD` date for [`DATE_FIELDS`].
pub fn check_value(field: &str, value: &str) -> Result<(), RecordValueError> {
    check_bounded(field, value, MAX_VALUE_CHARS)?;
    if DATE_FIELDS.contains(&field) {
        check_date(field, value)?;
    }
    Ok(())
}

/// [`check_value`] without the date rule, with another bound (for the longer texts an
/// event carries, such as the folders of a medium).
pub fn check_bounded(field: &str, value: &str, max: usize) -> Result<(), RecordValueError> {
    let field = field.to_string();
    if value.trim().is_empty() {
        return Err(RecordValueError::Empty { field });
    }
    if has_unsafe(value) {
        return Err(RecordValueError::Unsafe {
            field,
            shown: sanitize(value),
        });
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(RecordValueError::TooLong { field, chars, max });
    }
    Ok(())
}

/// A `YYYY-MM-DD` calendar date (exactly that form, a real day).
pub fn check_date(field: &str, value: &str) -> Result<(), RecordValueError> {
    let form = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if form && humantime::parse_rfc3339(&format!("{value}T00:00:00Z")).is_ok() {
        return Ok(());
    }
    Err(RecordValueError::NotADate {
        field: field.to_string(),
        shown: sanitize(value),
    })
}

/// A shipment id: 1 to [`MAX_SHIPMENT_CHARS`] ASCII letters, digits, `-`, `_` or `.`
/// (what `isou seal` and `verify` make), so it is one line and safe in a file name.
pub fn check_shipment_id(id: &str) -> Result<(), RecordValueError> {
    let ok = !id.is_empty()
        && id.len() <= MAX_SHIPMENT_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(RecordValueError::BadShipmentId {
            shown: sanitize(id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_plain_bounded_values() {
        assert!(check_value("carrier", "簡易書留").is_ok());
        assert!(check_value("witness", "佐藤 花子").is_ok());
        for bad in [
            "a\nb",
            "a\rb",
            "\u{202E}2-1",
            "a\u{200B}b",
            "\x1b[2J",
            "a\u{2028}b",
        ] {
            assert!(
                matches!(
                    check_value("carrier", bad),
                    Err(RecordValueError::Unsafe { .. })
                ),
                "{bad:?}"
            );
        }
        assert!(matches!(
            check_value("note", &"あ".repeat(201)),
            Err(RecordValueError::TooLong { chars: 201, .. })
        ));
        assert!(check_value("note", &"あ".repeat(200)).is_ok());
        assert!(matches!(
            check_value("note", " "),
            Err(RecordValueError::Empty { .. })
        ));
    }

    #[test]
    fn dates_are_parsed() {
        assert!(check_value("date", "2026-12-03").is_ok());
        for bad in [
            "2026-02-30",
            "2026-1-03",
            "tomorrow",
            "2026-12-03\nx",
            "2026-12-03T00",
        ] {
            assert!(check_value("date", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn shipment_ids() {
        assert!(check_shipment_id("ISOU-20261203-ABCDEFGH").is_ok());
        for bad in [
            "",
            "ISOU-1\n",
            "ISOU-\u{202E}1",
            "../x",
            "a b",
            &"A".repeat(81),
        ] {
            assert!(check_shipment_id(bad).is_err(), "{bad:?}");
        }
    }
}
