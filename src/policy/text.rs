//! Reading the policy file's text: bounded and regular (CWE-400), with the TOML parser's
//! faults named by line and worded in the reader's language, never quoting a control
//! character or a secret.

use std::path::Path;

use crate::keys::{secret_kind, SecretKind};

/// The largest policy file read. A policy is a few KB; without a bound `--policy
/// /dev/zero` grew to gigabytes (CWE-400, issue 13 item 12).
pub const MAX_POLICY_BYTES: u64 = 1 << 20;

/// The TOML parser's message, bounded: it quotes the offending line whole, and a
/// one-line policy of a megabyte would be printed whole (red team, issue 13).
pub(super) fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let at = e.span().map(|r| {
        let line = text.get(..r.start).unwrap_or(text).matches('\n').count() + 1;
        line.to_string()
    });
    let message = toml_reason(e.message());
    // The parser gives no text for some faults (issue 17 red team finding 06): the
    // line is still named, with no empty reason.
    match (
        at,
        crate::untrusted::sanitize(e.message()).trim().is_empty(),
    ) {
        (Some(line), false) => crate::tr!("policy-toml-line", line = line, message = message),
        (Some(line), true) => crate::tr!("policy-toml-line-bare", line = line),
        (None, false) => crate::tr!("policy-toml", message = message),
        (None, true) => crate::tr!("policy-toml-bare"),
    }
}

/// The first character TOML refuses anywhere in a file, with its line: a control
/// character other than a tab and the line ends (`\r` only before `\n`). The parser
/// says nothing of one in a comment, and only "invalid basic string" of one in a value
/// (issue 17 red team finding 06: an escape sequence pasted into a comment gave an error
/// with an empty reason); this names the line and the character, by its code, never
/// printing it (CWE-150).
pub(super) fn control_char(text: &str) -> Option<(usize, char)> {
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '\t' => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            c if c.is_ascii_control() => return Some((line, c)),
            _ => {}
        }
    }
    None
}

/// The TOML parser's reason (English) in the reader's language for the common cases
/// (red team 17, finding 03); any other is kept as the parser says it.
fn toml_reason(message: &str) -> String {
    let m = crate::untrusted::sanitize(message);
    let expected = |rest: &str| {
        let rest = rest.strip_prefix("expected ").unwrap_or(rest);
        rest.strip_prefix("one of ").unwrap_or(rest).to_string()
    };
    if let Some((field, rest)) = m
        .strip_prefix("unknown field ")
        .and_then(|r| r.split_once(", "))
    {
        return crate::tr!(
            "policy-toml-unknown-field",
            field = field,
            expected = expected(rest)
        );
    }
    if let Some((value, rest)) = m
        .strip_prefix("unknown variant ")
        .and_then(|r| r.split_once(", "))
    {
        return crate::tr!(
            "policy-toml-unknown-value",
            value = value,
            expected = expected(rest)
        );
    }
    if m.starts_with("invalid type: ") {
        // The types in the parser's words, kept: "integer `1`, expected a string".
        return crate::tr!("policy-toml-invalid-type", message = m.as_str());
    }
    if let Some(field) = m.strip_prefix("missing field ") {
        return crate::tr!("policy-toml-missing-field", field = field);
    }
    if let Some(key) = m.strip_prefix("duplicate key ") {
        let key = key.split(" in ").next().unwrap_or(key);
        return crate::tr!("policy-toml-duplicate-key", key = key);
    }
    crate::tr!("policy-toml-syntax", message = m)
}

/// Reads the policy file: only a regular file, of at most [`MAX_POLICY_BYTES`]
/// (`localfile::read_bounded`: a FIFO or device put in its place is refused instead of
/// hanging or flooding the command, CWE-400; judged on the opened file, CWE-367).
pub(super) fn read_bounded(path: &Path) -> Result<String, String> {
    use crate::localfile::{self, Links, LocalFileError};
    let bytes =
        localfile::read_bounded(path, MAX_POLICY_BYTES, Links::Follow).map_err(|e| match e {
            LocalFileError::NotRegular(kind) => crate::tr!("policy-file-not-regular", kind = kind),
            LocalFileError::TooLarge { size, max } => crate::tr!(
                "policy-file-too-large",
                // Exact byte counts, as the limit is documented.
                size = size.to_string(),
                max = max.to_string()
            ),
            // The system's text (English) is kept; Japanese says what it means first.
            LocalFileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::tr!("policy-file-not-found", error = e.to_string())
            }
            LocalFileError::Io(e) => crate::tr!("policy-file-io", error = e.to_string()),
        })?;
    String::from_utf8(bytes).map_err(|_| crate::tr!("policy-file-not-utf8"))
}

/// The first line of a policy file that holds secret key material, and what it is.
/// Comments count: the file is shared among the staff, and a key in a comment is as
/// exposed as one in a field.
pub(super) fn secret_line(text: &str) -> Option<(usize, SecretKind)> {
    text.lines()
        .enumerate()
        .find_map(|(n, line)| Some((n + 1, secret_kind(line)?)))
}
