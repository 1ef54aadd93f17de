//! Names as people type them: their canonical spelling and comparison key, what makes a
//! value a key rather than a name, and the rule that keeps contact names from shadowing
//! keys, cards and files.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::keys::ContactCard;

/// A name as people type it, made canonical (issue 15 item 9): NFKC-normalised (NFC and
/// NFD がん登録室, ＮＣＣ and NCC, a full-width or no-break space and a space are one
/// spelling), every run of spaces one ASCII space, trimmed of spaces. This is the
/// spelling stored for a name typed where the policy has none (`--handler`, `--witness`
/// without a policy).
///
/// Only spaces are touched: a line break, tab or other control character is kept, so
/// that the record-value check refuses the value ("佐藤\n立会人:監査人" must not become
/// a plausible one-line witness, CWE-93).
pub fn normalize_name(s: &str) -> String {
    let is_space =
        |c: char| c.is_whitespace() && !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}');
    let mut out = String::new();
    let mut gap = false;
    for c in s.nfkc() {
        if is_space(c) {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// The key by which names are compared (contacts, handlers, destinations): the
/// [`normalize_name`] form without any white space, without variation selectors, in
/// lower case. Japanese names are written with or without a space between family and
/// given name (山田花子, 山田 花子, 山田　花子), and with or without one inside an
/// institution's name; all are the same person or place to the clerk, so they are one
/// name to isou (CWE-180). A match stores the policy's spelling, never the typed one;
/// two names of one file with the same key are refused when it is loaded.
pub fn name_key(s: &str) -> String {
    crate::untrusted::without_variation_selectors(&normalize_name(s))
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `typed` is given as a key rather than a name: it parses as (or starts like)
/// an `age1…` recipient, an `isou-card-v1` contact card or an `ssh-…` public key, or
/// it names an existing file. Such a value is always that key, never a contact name
/// (issue 13 item 1; CWE-706: a name must not redirect an explicit key).
pub fn is_explicit_key(typed: &str) -> bool {
    looks_like_key(typed) || (!typed.is_empty() && Path::new(typed).exists())
}

/// At most this many contact names are listed in a message; each is cut to
/// [`KNOWN_NAME_CHARS`] characters (a policy of a thousand contacts, or one long name,
/// must not flood the terminal: CWE-400).
const KNOWN_NAMES: usize = 8;
/// See [`KNOWN_NAMES`].
const KNOWN_NAME_CHARS: usize = 40;

/// The names of `names` for a message about `typed`: those sharing most with it first
/// (大阪府 → 大阪府がん登録室), each sanitised and bounded, at most `KNOWN_NAMES` of
/// them and a count of the rest.
pub fn known_names<'a>(typed: &str, names: impl Iterator<Item = &'a str>) -> String {
    let t = name_key(typed);
    let close = |n: &str| {
        let k = name_key(n);
        if !t.is_empty() && (k.contains(&t) || t.contains(&k)) {
            0
        } else {
            1
        }
    };
    let mut all: Vec<&str> = names.collect();
    // Stable: the policy's order within each group.
    all.sort_by_key(|n| close(n));
    let mut shown: Vec<String> = all
        .iter()
        .take(KNOWN_NAMES)
        .map(|n| {
            let s = crate::untrusted::sanitize(n);
            if s.chars().count() > KNOWN_NAME_CHARS {
                format!("{}…", s.chars().take(KNOWN_NAME_CHARS).collect::<String>())
            } else {
                s
            }
        })
        .collect();
    if all.len() > KNOWN_NAMES {
        shown.push(crate::tr!(
            "policy-known-more",
            count = (all.len() - KNOWN_NAMES) as u64
        ));
    }
    shown.join(", ")
}

/// Starts like, or parses as, a key or a card (not a file test).
pub(super) fn looks_like_key(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    lower.starts_with("age1")
        || lower.starts_with("age-secret-key-")
        || lower.starts_with(crate::keys::card::CARD_TAG)
        || lower.starts_with("ssh-")
        || lower.starts_with("sk-ssh-")
        || lower.starts_with("ecdsa-sha2-")
        || crate::keys::parse_recipient(t).is_ok()
        || t.parse::<ContactCard>().is_ok()
        || ssh_key::PublicKey::from_openssh(t).is_ok()
}

/// A key pasted without its type prefix (`AAAAC3NzaC1lZDI1NTE5…`, 40 or more base64
/// characters): left to the key parsers, whose message is about a key.
pub(super) fn looks_like_bare_key(s: &str) -> bool {
    let t = s.trim();
    t.len() >= 40
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Why a (normalised) contact name cannot be a name, if it cannot: it would shadow a
/// key, a card or a file typed where a recipient or signer belongs (issue 13 item 1).
pub fn name_rule(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    if name.is_empty() {
        Some(crate::tr!("policy-name-empty"))
    } else if crate::untrusted::has_unsafe(name) {
        Some(crate::tr!("policy-name-unsafe"))
    } else if looks_like_key(name) {
        Some(crate::tr!("policy-name-key"))
    } else if name.contains('/') || name.contains('\\') {
        Some(crate::tr!("policy-name-slash"))
    } else if name.starts_with('.') || name.starts_with('~') {
        Some(crate::tr!("policy-name-dot"))
    } else if [".card", ".pub", ".txt", ".key"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        Some(crate::tr!("policy-name-extension"))
    } else {
        None
    }
}
