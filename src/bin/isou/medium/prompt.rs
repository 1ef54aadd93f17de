//! The questions `seal` and `open` ask at the terminal: a path (the next volume) and
//! whether the envelope is marked. Nothing is asked without a person at the terminal.

use isou::untrusted::{clean, sanitize};

use crate::output::{errln, errp};

/// Whether a person is at the terminal to answer questions.
pub(super) fn is_interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks at the terminal for a path; `None` without a terminal or for an empty line.
/// The progress bar is cleared while it asks: it would hide the question (issue 15).
pub(super) fn ask_path(prompt: &str) -> Option<std::path::PathBuf> {
    use std::io::{BufRead, Write};
    if !is_interactive() {
        return None;
    }
    crate::bar::suspend(|| loop {
        errp!("{} ", clean(prompt));
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok()?;
        if line.trim().is_empty() {
            return None;
        }
        match typed_path(&line) {
            Some(p) => return Some(p),
            // A URI of another machine, a bad or NUL escape: asked again, never taken
            // for another path and never the end of the questions.
            None => errln!(
                "isou: {}",
                isou::tr!("medium-not-a-local-path", path = sanitize(line.trim()))
            ),
        }
    })
}

/// A path as typed or dropped on the terminal: surrounding whitespace, one pair of
/// matching quotes (file managers quote a dropped file, `'/media/x/2of3.iso'`) and a
/// `file://` prefix (with its %XX escapes) removed (issue 15 item 11); `None` when
/// nothing is left.
fn typed_path(line: &str) -> Option<std::path::PathBuf> {
    let mut t = line.trim();
    for q in ['\'', '"'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            t = t[1..t.len() - 1].trim();
            break;
        }
    }
    let path = match t.strip_prefix("file://") {
        // `file:///path` or `file://localhost/path`: only local files are meant.
        // `file://otherhost/…` names another machine's file: not taken as a local
        // path (`otherhost/…` relative to here would be another file altogether).
        Some(rest) => {
            let rest = rest.strip_prefix("localhost").unwrap_or(rest);
            if !rest.starts_with('/') {
                return None;
            }
            percent_decoded(rest)?
        }
        None => std::ffi::OsString::from(t),
    };
    (!path.is_empty()).then(|| std::path::PathBuf::from(path))
}

/// `%20` and the like decoded to bytes (a `file://` URI); `None` for a bad escape.
fn percent_decoded(s: &str) -> Option<std::ffi::OsString> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            // `%00` would cut the path short at the system call: no path.
            out.push(u8::from_str_radix(hex, 16).ok().filter(|c| *c != 0)?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    isou::platform::os_string_from_bytes(out)
}

/// Asks at the terminal whether the envelope is marked; false without a terminal.
pub(super) fn confirm_envelope() -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return false;
    }
    errp!("{} ", isou::tr!("seal-envelope-question"));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    matches!(
        line.trim(),
        "y" | "Y" | "yes" | "Yes" | "YES" | "はい" | "ｙ" | "Ｙ"
    )
}

#[cfg(test)]
mod typed_path_tests {
    use super::typed_path;
    use std::path::PathBuf;

    #[test]
    fn a_file_uri_of_another_host_or_with_a_nul_is_no_path() {
        assert_eq!(typed_path("file://otherhost/x.iso"), None);
        assert_eq!(typed_path("file:///tmp/a%00b.iso"), None);
        assert_eq!(
            typed_path("file://localhost/tmp/a%20b.iso"),
            Some(std::path::PathBuf::from("/tmp/a b.iso"))
        );
    }

    #[test]
    fn quotes_spaces_and_file_uris_are_removed() {
        let p = |s: &str| typed_path(s).map(|p| p.display().to_string());
        assert_eq!(
            p("  '/media/a b/2of3.iso' \n").as_deref(),
            Some("/media/a b/2of3.iso")
        );
        assert_eq!(p("\"/media/x.iso\"").as_deref(), Some("/media/x.iso"));
        assert_eq!(
            p("file:///media/a%20b/x.iso").as_deref(),
            Some("/media/a b/x.iso")
        );
        assert_eq!(p("'file:///media/x.iso'").as_deref(), Some("/media/x.iso"));
        // Only a matching pair, only one.
        assert_eq!(p("'/media/x.iso\"").as_deref(), Some("'/media/x.iso\""));
        assert_eq!(typed_path("  \n"), None);
        assert_eq!(typed_path("''"), None);
        assert_eq!(typed_path("/m/x"), Some(PathBuf::from("/m/x")));
    }
}
