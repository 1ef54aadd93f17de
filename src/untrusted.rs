//! The one sanitiser: text that came from outside — a medium's tag files, names in an
//! archive or an ISO 9660 directory, a policy or recipients file, the messages of the
//! libraries that quote such text — is passed through [`clean`] (or [`sanitize`], which
//! also shortens it) before it reaches a terminal, a log line or a report.
//!
//! What it removes, and why:
//! - control characters, C0 and C1 (`ESC [ … m`, `ESC ] 0; … BEL`): terminal escape
//!   sequences that repaint the screen, forge a "result: VALID" line or set the window
//!   title (CWE-150);
//! - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C): they
//!   display text in another order than it is stored, so `131-12-38385-2` can show
//!   reversed or a file name hide its real extension ("Trojan Source", CVE-2021-42574);
//! - zero-width and other invisible format characters (U+200B–U+200D, U+2060–U+2064,
//!   U+FEFF, U+180E, U+00AD, the Hangul fillers, tag characters): they hide text, or make
//!   two strings that look the same different (variation selectors, which Japanese names
//!   use for kanji variants, are kept);
//! - U+2028/U+2029, which break a line as a newline would.
//!
//! Each is replaced by U+FFFD `�`, so the reader sees that something was there.
//! Text that looks like a secret key (an age identity, an isou signing seed, an OpenSSH
//! private key) is never shown: from its marker on, the line is replaced by
//! `[secret key not shown]` — an error about a wrong file must not print the key in it.

/// Markers of secret key material. Case-insensitive for the age forms (Bech32 is
/// case-insensitive; `age-secret-key-1…` is the same key).
const SECRET_MARKERS: &[&str] = &[
    "AGE-SECRET-KEY-",
    "AGE-PLUGIN-",
    "ISOU-SIGNING-KEY-",
    "PRIVATE KEY-----",
];

/// What stands in for a secret.
pub const SECRET_SHOWN_AS: &str = "[secret key not shown]";

/// Whether `c` must not reach a terminal as it is (see the module documentation).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// Whether `s` holds something that looks like secret key material.
pub fn looks_secret(s: &str) -> bool {
    secret_at(s).is_some()
}

/// Where the first secret marker in `s` starts.
fn secret_at(s: &str) -> Option<usize> {
    let upper = s.to_ascii_uppercase();
    SECRET_MARKERS
        .iter()
        .filter_map(|m| upper.find(m))
        .min()
        .map(|i| {
            // "-----BEGIN OPENSSH PRIVATE KEY-----": hide from the start of the armor.
            upper[..i].rfind("-----BEGIN").unwrap_or(i)
        })
}

/// Makes text from outside safe to print, whole: unsafe characters replaced by U+FFFD,
/// secret keys hidden. Use it on every string that did not come from isou itself.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = secret_at(rest) {
        push_clean(&mut out, &rest[..i]);
        out.push_str(SECRET_SHOWN_AS);
        // An armored private key spans lines: hide up to its END line; any other marker
        // runs to the end of its line.
        let tail = &rest[i..];
        let end = if tail.starts_with("-----BEGIN") {
            tail.find("-----END")
                .and_then(|e| tail[e..].find('\n').map(|n| e + n).or(Some(tail.len())))
                .unwrap_or(tail.len())
        } else {
            tail.find(['\n', '\r']).unwrap_or(tail.len())
        };
        rest = &tail[end..];
    }
    push_clean(&mut out, rest);
    out
}

fn push_clean(out: &mut String, s: &str) {
    out.extend(
        s.chars()
            .map(|c| if is_unsafe_char(c) { '\u{FFFD}' } else { c }),
    );
}

/// Longest quotation [`sanitize`] keeps, in characters.
pub const QUOTE_MAX: usize = 120;

/// [`clean`], shortened to [`QUOTE_MAX`] characters (with `…`): for quoting untrusted
/// text inside a message.
pub fn sanitize(s: &str) -> String {
    let c = clean(s);
    if c.chars().count() <= QUOTE_MAX {
        return c;
    }
    let mut out: String = c.chars().take(QUOTE_MAX).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_replaced() {
        assert_eq!(clean("a\x1b[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(clean("a\x1b]0;title\x07b"), "a\u{FFFD}]0;title\u{FFFD}b");
        assert_eq!(clean("line\nresult: VALID"), "line\u{FFFD}result: VALID");
        assert_eq!(clean("c1\u{9b}31m"), "c1\u{FFFD}31m");
        assert_eq!(clean("\u{7f}"), "\u{FFFD}");
    }

    #[test]
    fn bidi_and_invisible_characters_are_replaced() {
        for c in [
            '\u{202A}',
            '\u{202B}',
            '\u{202C}',
            '\u{202D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{200E}',
            '\u{200F}',
            '\u{061C}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{180E}',
            '\u{00AD}',
            '\u{2028}',
            '\u{2029}',
            '\u{E0041}',
            '\u{3164}',
        ] {
            assert_eq!(clean(&format!("1{c}2")), "1\u{FFFD}2", "U+{:04X}", c as u32);
        }
        // A tracking number that would display reversed.
        assert_eq!(clean("\u{202E}2-58383-21-131"), "\u{FFFD}2-58383-21-131");
    }

    #[test]
    fn ordinary_text_is_kept() {
        for s in [
            "大阪府がん登録室",
            "131-12-38385-2",
            "ＮＣＣ　全角",
            "data/payload.000",
            "Café",
            "a b\u{3000}c",
        ] {
            assert_eq!(clean(s), s);
        }
    }

    #[test]
    fn secrets_are_never_shown() {
        let k = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
        assert_eq!(
            clean(&format!("bad line {k:?}")),
            format!("bad line \"{SECRET_SHOWN_AS}")
        );
        assert!(!clean(&k.to_lowercase()).contains("qqqq"));
        let two = format!("x {k}\ny");
        assert_eq!(clean(&two), format!("x {SECRET_SHOWN_AS}\u{FFFD}y"));
        let seed = "# ISOU-SIGNING-KEY-ED25519: c2VjcmV0c2VlZA==";
        assert_eq!(clean(seed), format!("# {SECRET_SHOWN_AS}"));
        let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\nafter";
        assert_eq!(clean(ssh), format!("{SECRET_SHOWN_AS}\u{FFFD}after"));
        assert!(looks_secret(k) && looks_secret(seed) && !looks_secret("age1qqq"));
        // Shortening never cuts a secret into view.
        assert!(!sanitize(&format!("{}{k}", "x".repeat(100))).contains("QQQQ"));
    }

    #[test]
    fn quotations_are_bounded() {
        let s = "あ".repeat(500);
        let q = sanitize(&s);
        assert_eq!(q.chars().count(), QUOTE_MAX + 1);
        assert!(q.ends_with('…'));
    }
}
