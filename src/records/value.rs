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
        f.write_str(&self.message())
    }
}

impl std::error::Error for RecordValueError {}

impl RecordValueError {
    /// The message in `lang` (Display gives the current language; a stored reason is
    /// pinned to English).
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::in_lang(lang, || self.message())
    }

    /// The message in the current language.
    fn message(&self) -> String {
        match self {
            RecordValueError::Empty { field } => {
                crate::tr!("rec-value-empty", field = field_name(field))
            }
            RecordValueError::Unsafe { field, shown } => crate::tr!(
                "rec-value-unsafe",
                field = field_name(field),
                value = format!("{shown:?}")
            ),
            RecordValueError::TooLong { field, chars, max } => crate::tr!(
                "rec-value-too-long",
                field = field_name(field),
                chars = *chars,
                max = *max
            ),
            RecordValueError::NotADate { field, shown } => crate::tr!(
                "rec-value-not-a-date",
                field = field_name(field),
                value = format!("{shown:?}")
            ),
            RecordValueError::BadShipmentId { shown } => {
                crate::tr!("rec-value-bad-shipment-id", value = format!("{shown:?}"))
            }
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> String {
        match self {
            RecordValueError::Empty { .. } => crate::tr!("rec-value-empty-hint"),
            RecordValueError::Unsafe { .. } => crate::tr!("rec-value-unsafe-hint"),
            RecordValueError::TooLong { max, .. } => {
                crate::tr!("rec-value-too-long-hint", max = *max)
            }
            RecordValueError::NotADate { .. } => crate::tr!("rec-value-not-a-date-hint"),
            RecordValueError::BadShipmentId { .. } => crate::tr!("rec-unknown-shipment-hint"),
        }
    }
}

/// The name of `field` in the reader's language, as the register shows it (`record
/// show`), not the record's key (`use_until`) which appears nowhere a person looks
/// (red team 17, finding 57); a name isou does not know (a label a policy check gives
/// already in words, a bag-info label) as given.
fn field_name(field: &str) -> String {
    match field {
        "use_until" | "terms.use_until" => crate::tr!("rec-value-name-use-until"),
        "approver" | "terms.approver" => crate::tr!("rec-value-name-approver"),
        "application" | "terms.application" => crate::tr!("rec-value-name-application"),
        "label" => crate::tr!("rec-value-name-label"),
        "value" => crate::tr!("rec-value-name-value"),
        "field name" => crate::tr!("rec-value-name-key"),
        f => super::fields::label(f),
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
    if crate::clock::is_date(value) {
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

/// The characters of the random part of a shipment id `isou seal` makes: digits and
/// upper-case letters without `0 1 I O`, which are misread on a label.
pub const SHIPMENT_ID_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Whether `id` is exactly a shipment id in the form `isou seal` makes,
/// `ISOU-YYYYMMDD-XXXXXXXX`: a real date, 8 characters of [`SHIPMENT_ID_ALPHABET`],
/// upper-case ASCII, nothing around it.
///
/// Why: a shipment id read from a medium names the ledger row its receipt is recorded
/// under. Only this form is a shipment; any other string a signed medium carries (a
/// `MEDIUM-…` check row's id, a lower-case or full-width spelling of a real id, `x`)
/// would otherwise open or reach a row it has no business in — a row typed commands
/// (which upper-case what is typed) cannot reach, or another event's row (CWE-706,
/// CWE-178; issue 15 red team finding 01, 02).
pub fn is_canonical_shipment_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 22
        && b.starts_with(b"ISOU-")
        && b[13] == b'-'
        && b[5..13].iter().all(u8::is_ascii_digit)
        && check_date(
            "date",
            &format!("{}-{}-{}", &id[5..9], &id[9..11], &id[11..13]),
        )
        .is_ok()
        && b[14..].iter().all(|c| SHIPMENT_ID_ALPHABET.contains(c))
}

// Input as people type it (issue 15 item 9). A Japanese input method gives full-width
// digits, letters and spaces (２０２６－１２－０３, 山田　花子), a copy from a mail or a
// spreadsheet brings spaces at either end, and ids are read off a label and typed in
// lower case. Each kind of value is made canonical here, once, where the command line
// reads it (clap's value parsers in the CLI), so every command stores and matches the
// same spelling; the checks above then judge the canonical value. Carriers are
// normalised by their table (`crate::carriers`), contact and handler names by the
// policy (`crate::policy::normalize_name`, `name_key`), tracking numbers by
// `crate::tracking`.

/// A space of any width (not a line break, tab or other control, which are kept for
/// the checks above to refuse: a value must not lose a line break silently, CWE-93).
fn is_space(c: char) -> bool {
    c.is_whitespace() && !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}')
}

/// NFKC (full-width digits and letters to ASCII, a full-width space to a space) and
/// trimmed of spaces.
fn nfkc_trimmed(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .collect::<String>()
        .trim_matches(is_space)
        .to_string()
}

/// A shipment id as typed, made canonical: NFKC, without white space, ASCII letters in
/// upper case — every id isou makes (`ISOU-20261203-7K2M9QXD`, `MEDIUM-…`) is upper
/// case, so `isou-20261203-7k2m9qxd` and `ＩＳＯＵ－２０２６…` name the same shipment.
/// Dash-like characters (－ ー ‐ − …) become `-`. What is left is checked as before
/// ([`check_shipment_id`]).
pub fn typed_shipment_id(s: &str) -> Result<String, std::convert::Infallible> {
    Ok(nfkc_trimmed(s)
        .chars()
        .filter(|c| !is_space(*c))
        .map(|c| {
            if is_dash(c) {
                '-'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect())
}

/// Dash-like characters a Japanese input method or a word processor puts where `-`
/// was meant (after NFKC: ‐ U+2010 ‑ ‒ – — ― − U+2212 ー U+30FC ｰ).
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// A date as typed, made canonical `YYYY-MM-DD` where it plainly is one: NFKC
/// (２０２６－１２－０３), dash-like characters, `/` and `.` as `-`, `2026年12月3日`, and
/// a one-digit month or day padded (2026-1-3). Anything else is returned NFKC-trimmed,
/// for [`check_date`] to refuse with the value shown.
pub fn typed_date(s: &str) -> Result<String, std::convert::Infallible> {
    let t = nfkc_trimmed(s);
    let unified: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c if is_dash(c) => '-',
            c => c,
        })
        .collect();
    let unified = unified.strip_suffix('日').unwrap_or(&unified);
    let parts: Vec<&str> = unified.split('-').collect();
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    match parts.as_slice() {
        [y, m, d] if digits(y, 4, 4) && digits(m, 1, 2) && digits(d, 1, 2) => {
            Ok(format!("{y}-{m:0>2}-{d:0>2}"))
        }
        _ => Ok(t),
    }
}

/// A person's or institution's name as typed (`--handler`, `--witness`, `--attendant`,
/// `--destination`), made canonical: [`crate::policy::normalize_name`] (NFKC, white
/// space collapsed to one space, trimmed). Where the policy knows the name, the
/// policy's spelling is what is stored.
pub fn typed_name(s: &str) -> Result<String, std::convert::Infallible> {
    Ok(crate::policy::normalize_name(s))
}

/// An event id as typed (`record correct １２`, `#12`): NFKC, trimmed, a leading `#`
/// dropped, then a number.
pub fn typed_event_id(s: &str) -> Result<i64, NotAnEventId> {
    let t = nfkc_trimmed(s);
    let t = t.strip_prefix('#').unwrap_or(&t).trim();
    t.parse().map_err(|_| NotAnEventId(s.to_string()))
}

/// A typed event id that is not one (the text as typed; shown sanitised, said in the
/// reader's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAnEventId(pub String);

impl fmt::Display for NotAnEventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "rec-value-not-an-event-id",
            value = format!("\"{}\"", sanitize(&self.0))
        ))
    }
}

impl std::error::Error for NotAnEventId {}

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
    fn typed_values_are_made_canonical() {
        let id = |s| typed_shipment_id(s).unwrap();
        assert_eq!(id(" isou-20261203-abcdefgh "), "ISOU-20261203-ABCDEFGH");
        assert_eq!(
            id("ＩＳＯＵ－２０２６１２０３ーabcdefgh"),
            "ISOU-20261203-ABCDEFGH"
        );
        let date = |s| typed_date(s).unwrap();
        assert_eq!(date("２０２６－１２－０３"), "2026-12-03");
        assert_eq!(date("2026/1/3"), "2026-01-03");
        assert_eq!(date("2026年12月3日"), "2026-12-03");
        assert_eq!(date(" 2026−12−03\u{3000}"), "2026-12-03");
        assert_eq!(date("tomorrow"), "tomorrow");
        assert_eq!(date("2026-12-03T00"), "2026-12-03T00");
        assert_eq!(typed_name("山田　花子 ").unwrap(), "山田 花子");
        assert_eq!(typed_name("ＮＣＣ  東京").unwrap(), "NCC 東京");
        // Line breaks are kept, for the checks to refuse.
        assert!(check_shipment_id(&id("ISOU-20261203-ABCDEFGH\n")).is_err());
        assert!(check_value("date", &date("2027-01-01\n")).is_err());
        assert_eq!(typed_event_id("１２"), Ok(12));
        assert_eq!(typed_event_id("#7"), Ok(7));
        assert!(typed_event_id("seven").is_err());
    }

    #[test]
    fn canonical_shipment_ids() {
        assert!(is_canonical_shipment_id("ISOU-20261203-ABCDEFGH"));
        assert!(is_canonical_shipment_id(&crate::media::new_shipment_id()));
        for bad in [
            "isou-20261203-abcdefgh",
            "ISOU-20261203-ABCDEFGh",
            "ＩＳＯＵ-20261203-ABCDEFGH",
            "ISOU-20261203-ABCDEFG0",
            "ISOU-20261203-ABCDEFGI",
            "ISOU-20260230-ABCDEFGH",
            "ISOU-2026120-ABCDEFGHJ",
            " ISOU-20261203-ABCDEFGH",
            "ISOU-20261203-ABCDEFGH ",
            "MEDIUM-0123456789AB",
            "x",
            "",
        ] {
            assert!(!is_canonical_shipment_id(bad), "{bad:?}");
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
