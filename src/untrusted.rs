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
//! - zero-width, blank-looking and other invisible format characters (U+200B–U+200D,
//!   U+2060–U+2064, U+FEFF, the Mongolian and Arabic format characters, U+00AD, the
//!   Hangul fillers, the braille blank U+2800, the shorthand and Egyptian hieroglyph
//!   format controls, tag characters): they hide text, or make two strings that look
//!   the same different;
//! - variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF) *unless they select a variant
//!   of the kanji before them* (U+E0100–U+E01EF, U+FE00–U+FE02): Japanese names use
//!   them for kanji variants (異体字, 葛󠄀), but elsewhere they change nothing visible,
//!   so `NCC` and `NCC` + U+FE0F would be two names that print the same (names are
//!   compared without them: [`without_variation_selectors`]);
//! - U+2028/U+2029, which break a line as a newline would.
//!
//! Each is replaced by U+FFFD `�`, so the reader sees that something was there.
//! A run of blanks (spaces, U+3000 ideographic spaces, no-break and other visible-width
//! spaces: [`is_blank`]) is cut to its first two: padding would otherwise push the
//! rest of a value onto a line of its own, aligned like a line of isou's report (a fake
//! 「署名 正常」 under 宛先). One or two blanks between words (a Japanese name's space,
//! the two spaces between the columns of isou's own lines) are kept.
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

/// Whether `c` must not reach a terminal as it is, wherever it stands (see the module
/// documentation). Variation selectors are judged in context: [`is_unsafe_after`].
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061C}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08E2}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{110BD}'
                | '\u{110CD}'
                | '\u{13430}'..='\u{1345F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// A variation selector (standardized, or ideographic: Japanese kanji variants).
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A CJK ideograph (kanji), the only character a variation selector may follow here.
fn is_kanji(c: char) -> bool {
    matches!(
        c,
        '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

/// A variation selector that selects a kanji variant: the ideographic ones (IVS,
/// U+E0100–U+E01EF, registered per kanji in the Ideographic Variation Database) and the
/// three standardized ones CJK sequences use (U+FE00–U+FE02). U+FE0E/U+FE0F (text or
/// emoji presentation) select nothing on a kanji.
fn selects_kanji_variant(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE02}' | '\u{E0100}'..='\u{E01EF}')
}

/// Whether `c`, following `prev`, must not reach a terminal as it is: an unsafe
/// character, or a variation selector that does not select a variant of the kanji
/// before it.
pub fn is_unsafe_after(prev: Option<char>, c: char) -> bool {
    is_unsafe_char(c)
        || (is_variation_selector(c) && !(selects_kanji_variant(c) && prev.is_some_and(is_kanji)))
}

/// A blank that takes room on screen: the space, the no-break spaces, the typographic
/// spaces U+2000–U+200A, the ideographic space U+3000. [`clean`] keeps at most
/// [`MAX_BLANKS`] of a run.
pub fn is_blank(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Whether `s` holds any character that [`clean`] would replace (in context).
pub fn has_unsafe(s: &str) -> bool {
    let mut prev = None;
    s.chars().any(|c| {
        let bad = is_unsafe_after(prev, c);
        prev = Some(c);
        bad
    })
}

/// `s` without its variation selectors: the key by which names that look the same
/// are compared (葛 and 葛󠄀 are one contact for a clerk reading the list).
pub fn without_variation_selectors(s: &str) -> String {
    s.chars().filter(|&c| !is_variation_selector(c)).collect()
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

/// The most blanks in a row [`clean`] keeps.
pub const MAX_BLANKS: usize = 2;

fn push_clean(out: &mut String, s: &str) {
    let mut prev = None;
    let mut blanks = 0;
    for c in s.chars() {
        let bad = is_unsafe_after(prev, c);
        prev = Some(c);
        if bad {
            blanks = 0;
            out.push('\u{FFFD}');
        } else if is_blank(c) {
            blanks += 1;
            if blanks <= MAX_BLANKS {
                out.push(c);
            }
        } else {
            blanks = 0;
            out.push(c);
        }
    }
}

/// `s` as one word of a shell command that isou suggests (`isou open MEDIUM …`), for
/// the user to copy: put in single quotes unless it is plain (letters, digits,
/// `_ . / : @ % + , -`), `./` before a leading `-` (it would be read as an option). A
/// mount point's name comes from a volume label set by whoever formatted the stick:
/// copied unquoted, `x; touch PWNED #` would run (red team 17 finding 63). `None` when
/// `s` cannot be printed as it is ([`clean`] would change it: a control character, a run
/// of blanks): a cleaned word would name another path (finding 102), so the caller shows
/// a placeholder instead.
pub fn shell_word(s: &str) -> Option<String> {
    if clean(s) != s {
        return None;
    }
    let s = if s.starts_with('-') {
        format!("./{s}")
    } else {
        s.to_string()
    };
    let plain = !s.is_empty()
        && !s.starts_with('=')
        && s.chars()
            .all(|ch| ch.is_alphanumeric() || "_./:@%+=,-".contains(ch));
    Some(if plain {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    })
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
            // Found by the red team (issue 13): blank or invisible, yet let through.
            '\u{2800}',
            '\u{1BCA0}',
            '\u{13430}',
            '\u{180B}',
            '\u{0600}',
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
            // Kanji variants (異体字) with ideographic and standardized selectors.
            "葛\u{E0100}飾区",
            "辻\u{E0101}",
            "神\u{FE00}",
        ] {
            assert_eq!(clean(s), s);
            assert!(!has_unsafe(s), "{s:?}");
        }
    }

    #[test]
    fn variation_selectors_are_kept_only_after_a_kanji() {
        // NCC and NCC + U+FE0F print the same: two names, one look.
        for s in [
            "NCC\u{FE0F}",
            "\u{E0100}NCC",
            "佐藤 \u{FE0F}",
            "がん\u{E0100}",
            "佐藤\u{FE0F}",
        ] {
            assert!(has_unsafe(s), "{s:?}");
            assert!(clean(s).contains('\u{FFFD}'), "{s:?}");
        }
        assert_eq!(without_variation_selectors("葛\u{E0100}飾"), "葛飾");
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
    fn runs_of_blanks_are_cut_to_two() {
        let pad = " ".repeat(57);
        assert_eq!(
            clean(&format!("受領先{pad}署名             正常")),
            "受領先  署名  正常"
        );
        assert_eq!(clean("a\u{3000}\u{3000}\u{3000}b"), "a\u{3000}\u{3000}b");
        assert_eq!(clean("a \u{00A0}\u{2003}\u{202F}\u{205F}b"), "a \u{00A0}b");
        // isou's own two-space columns are kept.
        assert_eq!(
            clean("event 3  2026-12-04  seal"),
            "event 3  2026-12-04  seal"
        );
        // A replaced character ends a run.
        assert_eq!(clean("a  \u{1b}   b"), "a  \u{FFFD}  b");
    }

    #[test]
    fn shell_words_are_quoted() {
        let w = |s: &str| shell_word(s).unwrap();
        assert_eq!(w("/media/usb"), "/media/usb");
        assert_eq!(w("/media/がん登録"), "/media/がん登録");
        assert_eq!(
            w("/m/LABEL x; touch PWNED #"),
            "'/m/LABEL x; touch PWNED #'"
        );
        assert_eq!(w("a'b"), "'a'\\''b'");
        assert_eq!(w("$(id)`x`"), "'$(id)`x`'");
        assert_eq!(w(""), "''");
        assert_eq!(w("-rf"), "./-rf");
        assert_eq!(w("=ls"), "'=ls'");
        // What cannot be printed as it is gets no word (the caller shows a placeholder).
        assert_eq!(shell_word("a\u{1b}]0;T\u{7}"), None);
        assert_eq!(shell_word("/media/a   b"), None);
        assert_eq!(shell_word("/media/a\nb"), None);
    }

    #[test]
    fn quotations_are_bounded() {
        let s = "あ".repeat(500);
        let q = sanitize(&s);
        assert_eq!(q.chars().count(), QUOTE_MAX + 1);
        assert!(q.ends_with('…'));
    }
}
