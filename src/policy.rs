//! The organisation's transport policy, `isou.toml` (別添２ §2.2①②): designated
//! handlers, contacts (so `--to NAME`, `--destination NAME` and `--signer NAME` resolve),
//! and rules per information class. `seal` refuses what the policy forbids and names the
//! rule and the manual's clause.
//!
//! Names (issue 13): a value typed where a recipient or signer belongs is a key whenever
//! it can be one — an `age1…` key, an `isou-card-v1` card, an `ssh-ed25519` key, or the
//! name of an existing file — and only otherwise a contact name ([`Policy::party`]); so
//! that no name can shadow a key, the policy refuses contact names that look like keys,
//! cards or file names ([`name_rule`]). Contact and handler names are compared after
//! NFKC normalisation and trimming ([`normalize_name`]): names that look the same are the
//! same, and two of them in one file are refused (CWE-180, CWE-706).
//!
//! The file itself is bounded: a regular file of at most [`MAX_POLICY_BYTES`] (CWE-400).
//!
//! Without a policy file the built-in defaults apply: anyone may handle, any destination,
//! and for identifiable (非匿名化) data tracked carriers only, the envelope marking
//! confirmed and, for hand-carrying, the attendance rule acknowledged.
//!
//! Safe by default (issue 14): a medium is identifiable unless `--class anonymized` or
//! the policy's `default_class` says otherwise, and every unsafe choice made by flag is
//! an [`ExplicitChoice`], recorded in the sealed event and shown in the register's 備考.
//! `$ISOU_POLICY` naming a file that does not exist is an error, as `--policy` is: a
//! mistyped path must not fall back silently to the built-in rules.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::carriers::{self, Carrier};
use crate::keys::{secret_kind, ContactCard, SecretKind};
use crate::media::InfoClass;

/// A partner institution.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Its name, as used on the command line.
    pub name: String,
    /// Its contact card (`isou-card-v1 age1… ssh-ed25519 …`).
    pub card: String,
    /// Postal address (for the envelope and the records).
    #[serde(default)]
    pub address: String,
}

/// A designated transport handler (§2.2①): the OS account that may act, and the name it
/// is recorded and shown under. In the file either `"yamada"` (account yamada, shown as
/// yamada) or `{ name = "山田 太郎", account = "yamada" }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handler {
    /// The person's name (NFKC-normalised, trimmed).
    pub name: String,
    /// Their OS account (the login name of the real uid).
    pub account: String,
}

#[derive(Debug)]
enum HandlerEntry {
    Account(String),
    Mapped(MappedHandler),
}

impl<'de> Deserialize<'de> for HandlerEntry {
    /// Either form; anything else is refused with the catalogue's text (serde's
    /// `expecting` takes only a fixed English string).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Account(String),
            Mapped(MappedHandler),
        }
        match Raw::deserialize(d) {
            Ok(Raw::Account(a)) => Ok(HandlerEntry::Account(a)),
            Ok(Raw::Mapped(m)) => Ok(HandlerEntry::Mapped(m)),
            Err(_) => Err(serde::de::Error::custom(crate::tr!("policy-handler-entry"))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappedHandler {
    name: String,
    account: String,
}

/// The largest policy file read. A policy is a few KB; without a bound `--policy
/// /dev/zero` grew to gigabytes (CWE-400, issue 13 item 12).
pub const MAX_POLICY_BYTES: u64 = 1 << 20;

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

/// A value typed as a recipient or signer that is both a contact name and an existing
/// file.
#[derive(Debug)]
pub struct AmbiguousName(pub String);

impl fmt::Display for AmbiguousName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "policy-party-ambiguous",
            name = crate::untrusted::sanitize(&self.0)
        ))
    }
}

impl std::error::Error for AmbiguousName {}

impl AmbiguousName {
    /// What to do.
    pub fn hint(&self) -> String {
        crate::tr!(
            "policy-party-ambiguous-hint",
            name = crate::untrusted::sanitize(&self.0)
        )
    }
}

/// A value typed as a recipient or signer that is no key, card or file, and no contact
/// of the policy either (issue 15 item 5): the clerk typed a name the policy does not
/// know (大阪府 for 大阪府がん登録室), or a contact name without a policy, or a file name
/// that is not there. Said as such, instead of the key parser's "character encoding
/// invalid" about a name that was never meant as a key.
#[derive(Debug)]
pub struct UnknownParty {
    /// As typed.
    pub typed: String,
    /// Why it is no contact.
    pub kind: UnknownPartyKind,
}

/// Why a typed recipient or signer named nothing.
#[derive(Debug)]
pub enum UnknownPartyKind {
    /// It reads as a file name or path (`sato.card`, `./keys/x`), and there is no such
    /// file.
    NoSuchFile,
    /// No policy file is in use, so there are no contact names at all.
    NoPolicy,
    /// The policy file lists no contacts.
    NoContacts(PathBuf),
    /// The policy lists contacts, none of them by this name.
    NotListed {
        /// The policy file.
        policy: PathBuf,
        /// Its contact names, closest first, sanitised and bounded ([`known_names`]).
        known: String,
    },
}

impl fmt::Display for UnknownParty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let typed = normalize_name(&self.typed);
        let typed = crate::untrusted::sanitize(&typed);
        let text = match &self.kind {
            UnknownPartyKind::NoSuchFile => crate::tr!("policy-party-no-file", name = typed),
            UnknownPartyKind::NoPolicy => crate::tr!("policy-party-no-policy", name = typed),
            UnknownPartyKind::NoContacts(p) => crate::tr!(
                "policy-party-no-contacts",
                name = typed,
                policy = p.display().to_string()
            ),
            UnknownPartyKind::NotListed { policy, known } => crate::tr!(
                "policy-party-not-listed",
                name = typed,
                policy = policy.display().to_string(),
                known = known.as_str()
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for UnknownParty {}

impl UnknownParty {
    /// What to do; names a card file beside the typed name (`sato` → `sato.card`).
    pub fn hint(&self) -> String {
        let mut h = match &self.kind {
            UnknownPartyKind::NoSuchFile => crate::tr!("policy-party-no-file-hint"),
            UnknownPartyKind::NoPolicy => crate::tr!(
                "policy-party-no-policy-hint",
                path = dirs::config_dir()
                    .map(|d| d.join("isou").join("isou.toml").display().to_string())
                    .unwrap_or_else(|| "~/.config/isou/isou.toml".into())
            ),
            UnknownPartyKind::NoContacts(_) => crate::tr!("policy-party-no-contacts-hint"),
            UnknownPartyKind::NotListed { .. } => crate::tr!("policy-party-not-listed-hint"),
        };
        if !matches!(self.kind, UnknownPartyKind::NoSuchFile) {
            let t = self.typed.trim();
            if let Some(f) = [".card", ".pub", ".txt"]
                .iter()
                .map(|e| format!("{t}{e}"))
                .find(|f| !t.is_empty() && !t.contains('/') && Path::new(f).is_file())
            {
                h = crate::tr!(
                    "policy-hint-and",
                    first = h,
                    second = crate::tr!(
                        "policy-party-card-file-hint",
                        file = crate::untrusted::sanitize(&f)
                    )
                );
            }
        }
        h
    }
}

/// Why a typed recipient or signer could not be resolved.
#[derive(Debug)]
pub enum PartyError {
    /// Both a contact name and a file.
    Ambiguous(AmbiguousName),
    /// Neither a key, a card, a file nor a contact.
    Unknown(UnknownParty),
}

impl fmt::Display for PartyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartyError::Ambiguous(e) => e.fmt(f),
            PartyError::Unknown(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PartyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PartyError::Ambiguous(e) => Some(e),
            PartyError::Unknown(e) => Some(e),
        }
    }
}

impl PartyError {
    /// What to do.
    pub fn hint(&self) -> String {
        match self {
            PartyError::Ambiguous(e) => e.hint(),
            PartyError::Unknown(e) => e.hint(),
        }
    }
}

/// At most this many contact names are listed in a message; each is cut to
/// [`KNOWN_NAME_CHARS`] characters (a policy of a thousand contacts, or one long name,
/// must not flood the terminal: CWE-400).
const KNOWN_NAMES: usize = 8;
/// See [`KNOWN_NAMES`].
const KNOWN_NAME_CHARS: usize = 40;

/// The names of `names` for a message about `typed`: those sharing most with it first
/// (大阪府 → 大阪府がん登録室), each sanitised and bounded, at most [`KNOWN_NAMES`] of
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
fn looks_like_key(s: &str) -> bool {
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
fn looks_like_bare_key(s: &str) -> bool {
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

/// The TOML parser's message, bounded: it quotes the offending line whole, and a
/// one-line policy of a megabyte would be printed whole (red team, issue 13).
fn toml_error(text: &str, e: &toml::de::Error) -> String {
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
fn control_char(text: &str) -> Option<(usize, char)> {
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
fn read_bounded(path: &Path) -> Result<String, String> {
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

/// Rules for one information class.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRules {
    /// Only tracked carriers (and hand-carrying) may be used (§2.2⑥). Always so for
    /// identifiable data: a policy may not turn it off there.
    #[serde(default)]
    pub tracked_carriers_only: bool,
    /// The envelope marking 親展・取扱注意 in red must be confirmed (§2.2⑤).
    #[serde(default)]
    pub require_envelope_confirmation: bool,
    /// Hand-carrying needs the attendance rule acknowledged (§2.2⑧⑨).
    #[serde(default)]
    pub hand_carry_requires_attendance: bool,
    /// If set, only these carriers (canonical names from [`crate::carriers`], resolved
    /// when the policy is loaded).
    #[serde(default)]
    pub allowed_carriers: Vec<String>,
}

/// A `[classes.NAME]` table as written: a field left out keeps the class's built-in
/// value. (With plain `bool` fields a table that only narrowed the carriers turned the
/// envelope and attendance rules off for identifiable data: red team, issue 14.)
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassRulesFile {
    tracked_carriers_only: Option<bool>,
    require_envelope_confirmation: Option<bool>,
    hand_carry_requires_attendance: Option<bool>,
    #[serde(default)]
    allowed_carriers: Vec<String>,
}

impl ClassRulesFile {
    /// The rules: the class's built-in ones with what the table states.
    fn over(self, base: ClassRules) -> ClassRules {
        ClassRules {
            tracked_carriers_only: self
                .tracked_carriers_only
                .unwrap_or(base.tracked_carriers_only),
            require_envelope_confirmation: self
                .require_envelope_confirmation
                .unwrap_or(base.require_envelope_confirmation),
            hand_carry_requires_attendance: self
                .hand_carry_requires_attendance
                .unwrap_or(base.hand_carry_requires_attendance),
            allowed_carriers: self.allowed_carriers,
        }
    }
}

impl ClassRules {
    fn identifiable_default() -> Self {
        ClassRules {
            tracked_carriers_only: true,
            require_envelope_confirmation: true,
            hand_carry_requires_attendance: true,
            allowed_carriers: vec![],
        }
    }

    fn anonymized_default() -> Self {
        ClassRules {
            tracked_carriers_only: false,
            require_envelope_confirmation: false,
            hand_carry_requires_attendance: false,
            allowed_carriers: vec![],
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    organization: String,
    #[serde(default)]
    default_class: Option<String>,
    #[serde(default)]
    handlers: Vec<HandlerEntry>,
    #[serde(default)]
    contacts: Vec<Contact>,
    #[serde(default)]
    classes: BTreeMap<String, ClassRulesFile>,
    #[serde(default)]
    retention_days: Option<u32>,
    #[serde(default)]
    time_zone: Option<String>,
    /// `language = "ja"` or `"en"`: the language of messages (issue 17).
    #[serde(default)]
    language: Option<String>,
    /// `[terms]`: the approval's defaults for `isou seal` (issue 16).
    #[serde(default)]
    terms: crate::records::terms::TermsDefaults,
}

/// A loaded policy.
#[derive(Clone, Debug)]
pub struct Policy {
    /// Where it came from (`None`: the built-in defaults).
    pub source: Option<PathBuf>,
    /// The organisation's name.
    pub organization: String,
    /// Designated transport handlers (empty: not restricted).
    pub handlers: Vec<Handler>,
    /// Partner institutions.
    pub contacts: Vec<Contact>,
    /// Rules for identifiable data.
    pub identifiable: ClassRules,
    /// Rules for anonymised data.
    pub anonymized: ClassRules,
    /// The class of a medium sealed without `--class` (built in: identifiable).
    pub default_class: InfoClass,
    /// How long media are kept before `record due` lists them.
    pub retention_days: Option<u32>,
    /// The registry's time zone (`time_zone`, an IANA name; built in: Asia/Tokyo):
    /// "today" and the times the registers show (`clock`).
    pub time_zone: crate::clock::Zone,
    /// The language of messages (`language`; `None`: the locale decides). `--lang` and
    /// `ISOU_LANG` still win (`i18n::choose`).
    pub language: Option<crate::i18n::Lang>,
    /// `[terms]`: the approver, application number and end of the use period a seal
    /// takes when its flag is not given (§2.4; `records::terms`).
    pub terms: crate::records::terms::TermsDefaults,
}

/// A policy file that cannot be used.
#[derive(Debug)]
pub struct PolicyError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub why: String,
    /// The secret key material the file holds, when that is why it was refused (it is
    /// named, never quoted).
    pub secret: Option<SecretKind>,
    /// A hint of its own, where the general one would not say what to do.
    pub hint: Option<String>,
    /// The language the file states (`language`), when it parsed and names a known
    /// one: the file's other faults are then worded in it (issue 17 red team finding 60).
    pub language: Option<crate::i18n::Lang>,
    /// Whether it is the `language` value that is refused: then every command refuses
    /// the file, also those that do not otherwise read the policy (red team 17, finding
    /// 12: `language = "fr"` was an error for verify and silently the locale for decrypt).
    pub language_refused: bool,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!(
            "policy-error",
            path = self.path.display().to_string(),
            why = self.why.as_str()
        ))
    }
}

impl PolicyError {
    /// What the user can do about it.
    pub fn hint(&self) -> String {
        if let Some(h) = &self.hint {
            h.clone()
        } else if self.secret.is_some() {
            crate::tr!("policy-error-secret-hint")
        } else {
            crate::tr!("policy-error-hint")
        }
    }
}

/// The first line of a policy file that holds secret key material, and what it is.
/// Comments count: the file is shared among the staff, and a key in a comment is as
/// exposed as one in a field.
fn secret_line(text: &str) -> Option<(usize, SecretKind)> {
    text.lines()
        .enumerate()
        .find_map(|(n, line)| Some((n + 1, secret_kind(line)?)))
}

impl std::error::Error for PolicyError {}

/// The clause of the manual (別添２ §2.2) a rule comes from: what code decides on.
/// The texts of a [`Refusal`] are in the language the user chose (issue 17), so no
/// decision may read them (`r.rule.contains("§2.2⑤")`); it matches this instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clause {
    /// §2.2 本文: an unused medium, or one checked clean (未使用品).
    NewMedium,
    /// §2.2① 移送担当者の指定: the designated transport handlers.
    Handler,
    /// §2.2② 移送先・移送の手続き: the destination and the policy's allowed carriers.
    Destination,
    /// §2.2⑤ 親展・取扱注意: the envelope marking.
    Envelope,
    /// §2.2⑥ 追跡サービス付きの手段: tracked carriers and tracking numbers.
    Tracking,
    /// §2.2⑦ 強固な暗号化方法: the encryption (a strong passphrase, the key sent apart).
    Encryption,
    /// §2.2⑧⑨ 持参の立会い: hand-carrying with attendance.
    HandCarry,
}

/// What the policy forbids, naming the rule and the manual's clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The clause broken, for decisions (the texts are localised).
    pub clause: Clause,
    /// The rule broken, in the current language, citing the clause (§2.2⑤…).
    pub rule: String,
    /// What to do, in the current language.
    pub hint: String,
}

impl Refusal {
    /// A refusal under `clause`.
    pub fn new(clause: Clause, rule: impl Into<String>, hint: impl Into<String>) -> Self {
        Refusal {
            clause,
            rule: rule.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::tr!("policy-refusal", rule = self.rule.as_str()))
    }
}

/// A class as named in messages: 非匿名化 / identifiable (非匿名化). Not
/// [`InfoClass::label`], which is the fixed value written to media.
pub fn class_name(class: InfoClass) -> String {
    match class {
        InfoClass::Identifiable => crate::tr!("policy-class-identifiable"),
        InfoClass::Anonymized => crate::tr!("policy-class-anonymized"),
    }
}

impl std::error::Error for Refusal {}

/// The facts of a planned shipment that the rules look at.
#[derive(Clone, Debug, Default)]
pub struct Plan<'a> {
    /// Information class: always known, identifiable unless declared otherwise
    /// ([`Policy::class`]).
    pub class: InfoClass,
    /// The handler as typed (`--handler`), if given.
    pub handler: Option<&'a str>,
    /// The OS account acting (of the real uid; see `records::actor`).
    pub account: Option<&'a str>,
    /// The destination.
    pub destination: Option<&'a str>,
    /// The carrier.
    pub carrier: Option<&'a str>,
    /// The envelope marking was confirmed.
    pub envelope_confirmed: bool,
    /// The attendance rule was acknowledged (hand-carrying).
    pub attendance_acknowledged: bool,
}

/// The policy file named by `$ISOU_POLICY` (unset or empty: none).
pub fn env_policy_path() -> Option<PathBuf> {
    std::env::var_os("ISOU_POLICY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Whether data of this class is treated as identifiable (非匿名化): every class but an
/// explicit anonymized one. A class not stated is identifiable (safe by default, issue 14).
pub fn is_identifiable(class: Option<InfoClass>) -> bool {
    class != Some(InfoClass::Anonymized)
}

/// One `seal --to` as resolved, for the destination rule (§2.2②).
#[derive(Clone, Debug)]
pub struct Addressee {
    /// As typed.
    pub typed: String,
    /// The contact it named (`--to NAME`), under its name in the policy.
    pub contact: Option<String>,
    /// The recipient keys it stands for.
    pub recipients: Vec<age::x25519::Recipient>,
    /// The signing keys of the contact cards among them (a bare `age1…` key has none).
    pub signing_keys: Vec<ssh_key::PublicKey>,
}

/// A card or key as shown in a refusal: its recipient and its signing key's fingerprint.
fn shown_keys(recipients: &[age::x25519::Recipient], signing: &[ssh_key::PublicKey]) -> String {
    let r: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
    let s: Vec<String> = signing
        .iter()
        .map(|k| k.fingerprint(ssh_key::HashAlg::Sha256).to_string())
        .collect();
    if s.is_empty() {
        crate::tr!("policy-keys", keys = r.join(", "))
    } else {
        crate::tr!(
            "policy-keys-signing",
            keys = r.join(", "),
            signing = s.join(", ")
        )
    }
}

/// The default policy file: `$ISOU_POLICY`, else `<config dir>/isou/isou.toml`.
pub fn default_policy_path() -> Option<PathBuf> {
    env_policy_path().or_else(|| dirs::config_dir().map(|d| d.join("isou").join("isou.toml")))
}

/// An unsafe choice made explicitly, by a flag (issue 14): recorded in the sealed event
/// (`choices`) and shown in the 移送記録簿's 備考, so an auditor sees who chose what
/// and against which rule. Any check that lets a flag relax a rule pushes one.
///
/// Persisted (the ledger): its texts are fixed, never localised (issue 17), so that a
/// record does not depend on the language of whoever sealed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExplicitChoice {
    /// The flag as typed (`--class anonymized`, `--allow-nonempty` …).
    pub flag: String,
    /// The rule it relaxes, with the manual's clause.
    pub rule: String,
}

impl ExplicitChoice {
    /// A choice of `flag` against `rule`.
    pub fn new(flag: impl Into<String>, rule: impl Into<String>) -> Self {
        ExplicitChoice {
            flag: flag.into(),
            rule: rule.into(),
        }
    }
}

impl fmt::Display for ExplicitChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.flag, self.rule)
    }
}

/// Whether `carrier` is a tracked service or carrying by hand (§2.2⑥), by the one
/// carrier table; an unknown name is not.
pub fn is_tracked(carrier: &str) -> bool {
    carriers::lookup(carrier).is_ok_and(|c| c.is_tracked())
}

impl Policy {
    /// The built-in defaults.
    pub fn defaults() -> Policy {
        Policy {
            source: None,
            organization: String::new(),
            handlers: vec![],
            contacts: vec![],
            identifiable: ClassRules::identifiable_default(),
            anonymized: ClassRules::anonymized_default(),
            default_class: InfoClass::Identifiable,
            retention_days: None,
            time_zone: crate::clock::Zone::default_zone(),
            language: None,
            terms: Default::default(),
        }
    }

    /// Loads `path`; every contact card is checked. A file that holds a secret key
    /// anywhere (a partner's card replaced by an identity, a key pasted in a comment) is
    /// refused, naming the line and never quoting it: the messages of the TOML parser
    /// and of the card parser would (CWE-209, CWE-532).
    pub fn load(path: &Path) -> Result<Policy, PolicyError> {
        let err = |why: String| PolicyError {
            path: path.to_path_buf(),
            why,
            secret: None,
            hint: None,
            language: None,
            language_refused: false,
        };
        let text = read_bounded(path).map_err(|why| PolicyError {
            // A mistyped path: there is nothing to fix in a file, check the name.
            hint: (!path.exists()).then(|| crate::tr!("policy-file-not-found-hint")),
            ..err(why)
        })?;
        if let Some((n, kind)) = secret_line(&text) {
            return Err(PolicyError {
                path: path.to_path_buf(),
                why: crate::tr!(
                    "policy-secret-line",
                    line = n.to_string(),
                    noun = kind.noun(),
                    kind = kind.to_string()
                ),
                secret: Some(kind),
                hint: None,
                language: None,
                language_refused: false,
            });
        }
        if let Some((n, c)) = control_char(&text) {
            return Err(PolicyError {
                hint: Some(crate::tr!("policy-control-char-hint")),
                ..err(crate::tr!(
                    "policy-control-char",
                    line = n.to_string(),
                    code = format!("U+{:04X}", u32::from(c))
                ))
            });
        }
        // The language the file states words the rest of its faults (issue 17 red team
        // findings 60 and 106: a policy saying `language = "ja"` was refused for its time
        // zone, a misspelt key or a wrong type in English). Read from the TOML as it is,
        // before the file's own structure is checked; `choose_language` takes it from the
        // error. A file that is not TOML at all, or names no known language, states none.
        let stated = toml::from_str::<toml::Table>(&text).ok().and_then(|t| {
            t.get("language")?
                .as_str()?
                .parse::<crate::i18n::Lang>()
                .ok()
        });
        let f: PolicyFile = toml::from_str(&text).map_err(|e| PolicyError {
            language: stated,
            ..err(toml_error(&text, &e))
        })?;
        // An unknown language is refused, not taken as English: a clerk who set
        // `language = "jp"` expects Japanese. Checked first, so that every command can
        // tell this fault from the others (`language_refused`).
        if let Some(Err(e)) = f
            .language
            .as_deref()
            .map(|l| l.parse::<crate::i18n::Lang>())
        {
            return Err(PolicyError {
                hint: Some(crate::tr!("lang-unknown-hint")),
                language_refused: true,
                ..err(crate::tr!("policy-language", error = e.to_string()))
            });
        }
        let err = |why: String| PolicyError {
            language: stated,
            ..err(why)
        };
        // Every value the policy gives is written into media (Source-Organization,
        // Contact-Name) and events: checked here, when the file is loaded, by the one
        // rule every record value passes — not after a medium has been written and the
        // ledger refuses its event (red team, issue 13).
        let value = |field: &str, v: &str| {
            crate::records::check_value(field, v).map_err(|e| {
                let hint = e.hint();
                PolicyError {
                    hint: Some(crate::tr!("policy-value-hint", hint = hint)),
                    ..err(e.to_string())
                }
            })
        };
        if !f.organization.is_empty() {
            value(&crate::tr!("policy-field-organization"), &f.organization)?;
        }
        for c in &f.contacts {
            value(&crate::tr!("policy-field-contact-name"), &c.name)?;
            if !c.address.is_empty() {
                value(&crate::tr!("policy-field-contact-address"), &c.address)?;
            }
        }
        let mut contacts = f.contacts;
        let raw: Vec<String> = contacts.iter().map(|c| c.name.clone()).collect();
        for c in &mut contacts {
            c.card.parse::<ContactCard>().map_err(|e| {
                err(crate::tr!(
                    "policy-contact-card",
                    name = format!("{:?}", c.name),
                    error = e.to_string()
                ))
            })?;
            // Names are kept normalised: lookups normalise what is typed the same way.
            let name = normalize_name(&c.name);
            if let Some(rule) = name_rule(&name) {
                return Err(PolicyError {
                    hint: Some(crate::tr!("policy-contact-name-hint")),
                    ..err(crate::tr!(
                        "policy-contact-name-refused",
                        name = format!("{:?}", c.name),
                        rule = rule
                    ))
                });
            }
            c.name = name;
        }
        // Two names that normalise alike are one name (NFC/NFD, full-width/ASCII):
        // which one a lookup found would be an accident (CWE-180).
        let twice = |contact: bool, a: &str, b: &str| {
            let (a, b) = (format!("{a:?}"), format!("{b:?}"));
            PolicyError {
                hint: Some(if contact {
                    crate::tr!("policy-contact-twice-hint")
                } else {
                    crate::tr!("policy-handler-twice-hint")
                }),
                ..err(match (contact, a == b) {
                    (true, true) => crate::tr!("policy-contact-twice", name = a),
                    (true, false) => crate::tr!("policy-contacts-same", first = a, second = b),
                    (false, true) => crate::tr!("policy-handler-twice", name = a),
                    (false, false) => crate::tr!("policy-handlers-same", first = a, second = b),
                })
            }
        };
        // Compared by [`name_key`], as lookups compare: variation selectors, white
        // space and case are left out (葛 and 葛 + U+E0100, 国立 がん研究センター and
        // 国立がん研究センター are one name to the clerk reading the list).
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (raw, c) in raw.iter().zip(&contacts) {
            let key = name_key(&c.name);
            if let Some(first) = seen.insert(key, raw.as_str()) {
                return Err(twice(true, first, raw));
            }
        }
        let mut handlers: Vec<Handler> = Vec::new();
        let mut raw_names: Vec<String> = Vec::new();
        for h in f.handlers {
            let (name, account) = match h {
                HandlerEntry::Account(a) => (a.clone(), a),
                HandlerEntry::Mapped(m) => (m.name, m.account),
            };
            let h = Handler {
                name: normalize_name(&name),
                account: account.trim().to_string(),
            };
            if h.name.is_empty() || h.account.is_empty() {
                return Err(err(crate::tr!("policy-handler-empty")));
            }
            // Written to every medium (Contact-Name) and event.
            value(&crate::tr!("policy-field-handler-name"), &h.name)?;
            value(&crate::tr!("policy-field-handler-account"), &h.account)?;
            let same = |a: &str, b: &str| name_key(a) == name_key(b);
            if let Some(i) = handlers.iter().position(|x| same(&x.name, &h.name)) {
                return Err(twice(false, &raw_names[i], &name));
            }
            if handlers.iter().any(|x| x.account == h.account) {
                return Err(err(crate::tr!(
                    "policy-account-twice",
                    account = format!("{:?}", h.account)
                )));
            }
            handlers.push(h);
            raw_names.push(name);
        }
        let mut classes: BTreeMap<String, ClassRules> = BTreeMap::new();
        for (typed, table) in f.classes {
            // `[classes.identifiable]` or `[classes.非匿名化]` (issue 17), by the one
            // class parser; anything else is refused, naming the accepted words.
            let parsed = typed.parse::<InfoClass>().map_err(|_| {
                err(crate::tr!(
                    "policy-class-unknown",
                    class = format!("{:?}", crate::untrusted::sanitize(&typed))
                ))
            })?;
            let class = parsed.as_str().to_string();
            if classes.contains_key(&class) {
                return Err(err(crate::tr!(
                    "policy-class-twice",
                    class = class_name(parsed)
                )));
            }
            let base = match parsed {
                InfoClass::Identifiable => ClassRules::identifiable_default(),
                InfoClass::Anonymized => ClassRules::anonymized_default(),
            };
            // §2.2⑤⑥⑧⑨ are the manual's rules for identifiable data, not the
            // organisation's to relax: a table may narrow them, never turn one off.
            if class == "identifiable" {
                for (field, value, clause) in [
                    (
                        "tracked_carriers_only",
                        table.tracked_carriers_only,
                        "§2.2⑥ 追跡サービス付きの手段",
                    ),
                    (
                        "require_envelope_confirmation",
                        table.require_envelope_confirmation,
                        "§2.2⑤ 親展・取扱注意の封筒",
                    ),
                    (
                        "hand_carry_requires_attendance",
                        table.hand_carry_requires_attendance,
                        "§2.2⑧⑨ 持参の立会い",
                    ),
                ] {
                    if value == Some(false) {
                        return Err(PolicyError {
                            hint: Some(crate::tr!(
                                "policy-class-false-hint",
                                field = field,
                                table = crate::untrusted::sanitize(&typed)
                            )),
                            ..err(crate::tr!(
                                "policy-class-false",
                                field = field,
                                table = crate::untrusted::sanitize(&typed),
                                clause = clause
                            ))
                        });
                    }
                }
            }
            let mut rules = table.over(base);
            for c in &mut rules.allowed_carriers {
                value(&crate::tr!("policy-field-allowed-carrier"), c)?;
                // A name outside the carrier table would never match what seal and
                // record ship resolve (and could name an untracked service by a
                // spelling the rules do not know): refused here, with the list.
                let known = carriers::lookup(c).map_err(|e| PolicyError {
                    hint: Some(crate::tr!(
                        "policy-carriers-unknown-hint",
                        table = crate::untrusted::sanitize(&typed),
                        carriers = carriers::list(None)
                    )),
                    ..err(crate::tr!("policy-carriers-unknown", error = e.to_string()))
                })?;
                // An untracked service allowed for identifiable data would be refused
                // at every seal anyway: say so when the policy is loaded.
                if class == "identifiable" && !known.is_tracked() {
                    return Err(PolicyError {
                        hint: Some(crate::tr!(
                            "policy-carriers-untracked-hint",
                            carriers = carriers::list(Some(true))
                        )),
                        ..err(crate::tr!(
                            "policy-carriers-untracked",
                            table = crate::untrusted::sanitize(&typed),
                            carrier = known.name
                        ))
                    });
                }
                *c = known.name.to_string();
            }
            classes.insert(class, rules);
        }
        // An unknown zone is refused here, not taken as UTC: every "today" and every
        // time in the registers would silently be off by the zone's offset (CWE-20).
        let time_zone = match f.time_zone.as_deref() {
            None => crate::clock::Zone::default_zone(),
            Some(name) => crate::clock::Zone::named(name).ok_or_else(|| PolicyError {
                hint: Some(crate::tr!(
                    "policy-zone-hint",
                    zone = crate::clock::DEFAULT_ZONE
                )),
                ..err(crate::tr!(
                    "policy-zone-unknown",
                    zone = format!("{:?}", crate::untrusted::sanitize(name))
                ))
            })?,
        };
        let language = stated;
        // Written into every medium sealed without the flags: checked now (CWE-20).
        f.terms.check().map_err(|e| PolicyError {
            hint: Some(crate::tr!("policy-terms-hint", hint = e.hint())),
            ..err(e.to_string())
        })?;
        let default_class = match f.default_class.as_deref() {
            None => InfoClass::Identifiable,
            Some(c) => c
                .parse::<InfoClass>()
                .map_err(|e| err(crate::tr!("policy-default-class", error = e.to_string())))?,
        };
        Ok(Policy {
            source: Some(path.to_path_buf()),
            default_class,
            organization: f.organization,
            handlers,
            contacts,
            identifiable: classes
                .remove("identifiable")
                .unwrap_or_else(ClassRules::identifiable_default),
            anonymized: classes
                .remove("anonymized")
                .unwrap_or_else(ClassRules::anonymized_default),
            retention_days: f.retention_days,
            time_zone,
            language,
            terms: f.terms,
        })
    }

    /// Loads the file at `path` if given, else the default file if it exists, else the
    /// built-in defaults.
    ///
    /// A file named by `--policy` or `$ISOU_POLICY` must exist: a mistyped path silently
    /// meant the built-in rules (no handlers, any destination), which is not what the
    /// 利用責任者 set (issue 14). Only the default path may be missing.
    pub fn find(path: Option<&Path>) -> Result<Policy, PolicyError> {
        match path {
            Some(p) => Policy::load(p),
            None => match env_policy_path() {
                Some(p) if !p.exists() => Err(PolicyError {
                    why: crate::tr!("policy-env-missing"),
                    hint: Some(
                        match dirs::config_dir().map(|d| d.join("isou").join("isou.toml")) {
                            Some(p) => crate::tr!(
                                "policy-env-missing-hint",
                                path = p.display().to_string()
                            ),
                            None => crate::tr!("policy-env-missing-builtin-hint"),
                        },
                    ),
                    path: p,
                    secret: None,
                    language: None,
                    language_refused: false,
                }),
                Some(p) => Policy::load(&p),
                None => match default_policy_path().filter(|p| p.exists()) {
                    Some(p) => Policy::load(&p),
                    None => Ok(Policy::defaults()),
                },
            },
        }
    }

    /// The class of a medium: `--class` as typed, else the policy's `default_class`
    /// (identifiable when the policy does not say).
    pub fn class(&self, typed: Option<InfoClass>) -> InfoClass {
        typed.unwrap_or(self.default_class)
    }

    /// The unsafe choices a planned shipment makes by flag (issue 14), each with its rule
    /// and clause: data declared anonymized against an identifiable default (the
    /// （＊） rules of §2.2⑤–⑪ then no longer apply), an untracked carrier for it
    /// (§2.2⑥), other files left on the medium (§2.2 本文), a passphrase instead of
    /// keys (§2.2⑦, the passphrase travels separately).
    pub fn explicit_choices(
        &self,
        typed_class: Option<InfoClass>,
        plan: &Plan,
        allow_nonempty: bool,
        passphrase: bool,
    ) -> Vec<ExplicitChoice> {
        let mut out = Vec::new();
        if typed_class == Some(InfoClass::Anonymized)
            && self.default_class == InfoClass::Identifiable
        {
            out.push(ExplicitChoice::new(
                "--class anonymized",
                "declared anonymized (匿名化): the rules for identifiable data (§2.2⑤–⑪) do not apply",
            ));
        }
        if plan.class == InfoClass::Anonymized {
            if let Some(c) = plan.carrier.filter(|c| !is_tracked(c)) {
                out.push(ExplicitChoice::new(
                    format!("--carrier {}", crate::untrusted::sanitize(c)),
                    "an untracked carrier (§2.2⑥ 追跡サービス)",
                ));
            }
        }
        if allow_nonempty {
            out.push(ExplicitChoice::new(
                "--allow-nonempty",
                "a medium that already held files, neither new nor known clean (§2.2 本文)",
            ));
        }
        if passphrase {
            out.push(ExplicitChoice::new(
                "--passphrase",
                "a passphrase instead of the recipient's key; it must travel by another route (§2.2⑦)",
            ));
        }
        out
    }

    /// `--allow-nonempty` for identifiable data: refused (§2.2 本文: an electronic medium
    /// is unused or checked for viruses; a stick that already holds files is neither).
    pub fn check_nonempty(&self, class: InfoClass, allow_nonempty: bool) -> Result<(), Refusal> {
        if class == InfoClass::Identifiable && allow_nonempty {
            return Err(Refusal::new(
                Clause::NewMedium,
                crate::tr!("policy-nonempty"),
                crate::tr!("policy-nonempty-hint"),
            ));
        }
        Ok(())
    }

    /// The contact called `name` (compared by [`name_key`]).
    pub fn contact(&self, name: &str) -> Option<(&Contact, ContactCard)> {
        let key = name_key(name);
        let c = self.contacts.iter().find(|c| name_key(&c.name) == key)?;
        Some((c, c.card.parse().ok()?))
    }

    /// The contact whose card's signing key has `fingerprint` (`SHA256:…`), if exactly
    /// one: the authenticated sender of a medium that key signed. Two contacts with one
    /// key name no one (which of them sent it cannot be told).
    pub fn contact_of_signer(&self, fingerprint: &str) -> Option<&Contact> {
        let mut found = self.contacts.iter().filter(|c| {
            c.card
                .parse::<ContactCard>()
                .is_ok_and(|card| crate::signature::fingerprint(&card.signing_key) == fingerprint)
        });
        let one = found.next()?;
        found.next().is_none().then_some(one)
    }

    /// The one contact whose card every one of `to` is (its recipient and its signing
    /// key, so a bare `age1…` key, which carries no signing key, is none), if exactly one.
    fn contact_by_cards(&self, to: &[Addressee]) -> Option<(&Contact, ContactCard)> {
        let mut found = self.contacts.iter().filter_map(|c| {
            let card: ContactCard = c.card.parse().ok()?;
            let all = !to.is_empty()
                && to.iter().all(|a| {
                    !a.recipients.is_empty()
                        && !a.signing_keys.is_empty()
                        && a.recipients.iter().all(|r| *r == card.recipient)
                        && a.signing_keys.iter().all(|k| *k == card.signing_key)
                });
            all.then_some((c, card))
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The one resolver for a recipient or signer typed on the command line (`seal
    /// --to`, `verify --signer`, `open --signer`): the contact it names, or `None` when
    /// it is to be taken as a key, a card or a key file itself. A value that can be a
    /// key ([`is_explicit_key`]) always is, so no contact name can stand in for it
    /// (issue 13 item 1, CWE-706).
    ///
    /// A value that is both a contact name and a file in the current folder is refused
    /// as ambiguous: whoever can write the folder the clerk works in could otherwise
    /// plant a file `NCC` holding their own key and take the contact's place.
    ///
    /// A value that is none of these and names no contact is refused here, saying so
    /// ([`UnknownParty`]): a missing file for what reads as a file name, else no such
    /// contact, with the contacts the policy knows (issue 15 item 5). Only what reads
    /// as a bare key without its prefix (`AAAAC3Nza…`) is left to the key parsers.
    pub fn party(&self, typed: &str) -> Result<Option<(&Contact, ContactCard)>, PartyError> {
        // Secret key material, or text of several lines (a pasted file), is no name:
        // the key parsers name it (a secret is named, never quoted: CWE-532).
        if looks_like_key(typed)
            || crate::keys::secret_kind(typed).is_some()
            || typed.trim().contains(['\n', '\r'])
        {
            return Ok(None);
        }
        let is_file = !typed.is_empty() && Path::new(typed).exists();
        match (self.contact(typed), is_file) {
            (Some(_), true) => Err(PartyError::Ambiguous(AmbiguousName(typed.to_string()))),
            (_, true) => Ok(None),
            (Some(c), false) => Ok(Some(c)),
            (None, false) if looks_like_bare_key(typed) => Ok(None),
            (None, false) => Err(PartyError::Unknown(self.unknown_party(typed))),
        }
    }

    /// Why `typed` names no contact of this policy (see [`UnknownParty`]).
    pub fn unknown_party(&self, typed: &str) -> UnknownParty {
        let kind = if name_rule(&normalize_name(typed)).is_some() {
            UnknownPartyKind::NoSuchFile
        } else {
            match &self.source {
                None => UnknownPartyKind::NoPolicy,
                Some(p) if self.contacts.is_empty() => UnknownPartyKind::NoContacts(p.clone()),
                Some(p) => UnknownPartyKind::NotListed {
                    policy: p.clone(),
                    known: known_names(typed, self.contacts.iter().map(|c| c.name.as_str())),
                },
            }
        };
        UnknownParty {
            typed: typed.to_string(),
            kind,
        }
    }

    /// §2.2② (移送先ごとの手順): the destination of a shipment, bound to its recipients;
    /// returns the destination to record (a contact under its name in the policy, or the
    /// text given when the policy lists no contacts).
    ///
    /// When the policy lists contacts, `--to NAME` sets the destination too; a
    /// `--destination` given besides must be that contact, and a key or card typed with
    /// `--to` must be the destination contact's card (recipient and signing key), so that
    /// a third party's key cannot travel under a partner's name in the register
    /// (CWE-345). Identifiable data always needs a destination: the 移送記録簿 must say
    /// where it went.
    pub fn bind_destination(
        &self,
        class: Option<InfoClass>,
        to: &[Addressee],
        destination: Option<&str>,
    ) -> Result<Option<String>, Refusal> {
        let refuse =
            |rule: String, hint: String| Err(Refusal::new(Clause::Destination, rule, hint));
        let show = crate::untrusted::sanitize;
        if !self.contacts.is_empty() {
            let mut named: Vec<&str> = to.iter().filter_map(|a| a.contact.as_deref()).collect();
            named.dedup();
            let dest = match destination {
                Some(d) => match self.contact(d) {
                    Some(c) => Some(c),
                    None => {
                        return refuse(
                            crate::tr!(
                                "policy-dest-unknown",
                                name = show(d),
                                known =
                                    known_names(d, self.contacts.iter().map(|c| c.name.as_str()))
                            ),
                            crate::tr!("policy-dest-unknown-hint"),
                        )
                    }
                },
                None => match named.as_slice() {
                    // Cards given as cards (a line or a file, `--to sato.card`): the
                    // contact whose card they are, recipient and signing key alike, is
                    // the destination, as if named (issue 15 item 5: a card file was
                    // refused for identifiable data for want of a destination).
                    [] => self.contact_by_cards(to),
                    [one] => self.contact(one),
                    [a, b, ..] => {
                        return refuse(
                            crate::tr!("policy-dest-two", first = show(a), second = show(b)),
                            crate::tr!("policy-dest-two-hint"),
                        )
                    }
                },
            };
            if let Some((c, card)) = dest {
                for a in to {
                    match &a.contact {
                        Some(n) if *n != c.name => {
                            return refuse(
                                crate::tr!(
                                    "policy-dest-not-to",
                                    name = show(n),
                                    destination = show(&c.name)
                                ),
                                crate::tr!("policy-dest-not-to-hint", name = show(n)),
                            )
                        }
                        Some(_) => {}
                        None => {
                            let same = !a.recipients.is_empty()
                                && a.recipients.iter().all(|r| *r == card.recipient)
                                && a.signing_keys.iter().all(|k| *k == card.signing_key);
                            if !same {
                                return refuse(
                                    crate::tr!(
                                        "policy-dest-wrong-card",
                                        name = show(&a.typed),
                                        destination = show(&c.name),
                                        given = shown_keys(&a.recipients, &a.signing_keys),
                                        expected = shown_keys(
                                            std::slice::from_ref(&card.recipient),
                                            std::slice::from_ref(&card.signing_key)
                                        )
                                    ),
                                    crate::tr!(
                                        "policy-dest-wrong-card-hint",
                                        destination = show(&c.name)
                                    ),
                                );
                            }
                        }
                    }
                }
                return Ok(Some(c.name.clone()));
            }
        }
        if let Some(d) = destination.map(str::trim).filter(|d| !d.is_empty()) {
            return Ok(Some(d.to_string()));
        }
        if is_identifiable(class) {
            return refuse(
                crate::tr!("policy-dest-needed"),
                if self.contacts.is_empty() {
                    crate::tr!("policy-dest-needed-hint")
                } else {
                    crate::tr!("policy-dest-needed-contacts-hint")
                },
            );
        }
        Ok(None)
    }

    /// The designated handler whose OS account is `account`.
    pub fn handler_for_account(&self, account: &str) -> Option<&Handler> {
        self.handlers.iter().find(|h| h.account == account)
    }

    /// §2.2① alone: the OS account `account` acts, and `--handler`, if typed, is its
    /// name. For acts that carry no class (`record ship`, `key-sent`, `hand-carry`).
    pub fn check_handler(
        &self,
        account: Option<&str>,
        handler: Option<&str>,
    ) -> Result<(), Refusal> {
        let refuse = |rule: String, hint: String| Err(Refusal::new(Clause::Handler, rule, hint));
        // §2.2①: who acts is the OS account, not a name typed by the person acting
        // (CWE-290); --handler may only repeat the name the policy maps it to.
        if !self.handlers.is_empty() {
            let account = account.unwrap_or("");
            let Some(h) = self.handler_for_account(account) else {
                return refuse(
                    crate::tr!(
                        "policy-handler-not-designated",
                        account = crate::untrusted::sanitize(account)
                    ),
                    crate::tr!("policy-handler-not-designated-hint"),
                );
            };
            if let Some(typed) = handler {
                if name_key(typed) != name_key(&h.name) {
                    return refuse(
                        crate::tr!(
                            "policy-handler-not-you",
                            handler = crate::untrusted::sanitize(typed),
                            account = crate::untrusted::sanitize(&h.account),
                            name = crate::untrusted::sanitize(&h.name)
                        ),
                        crate::tr!("policy-handler-not-you-hint"),
                    );
                }
            }
        }
        Ok(())
    }

    /// Checks a planned shipment; the first rule broken is returned.
    pub fn check(&self, plan: &Plan) -> Result<(), Refusal> {
        self.check_handler(plan.account, plan.handler)?;
        if !self.contacts.is_empty() {
            if let Some(d) = plan.destination {
                if self.contact(d).is_none() {
                    return Err(Refusal::new(
                        Clause::Destination,
                        crate::tr!(
                            "policy-dest-unknown",
                            name = crate::untrusted::sanitize(d),
                            known = known_names(d, self.contacts.iter().map(|c| c.name.as_str()))
                        ),
                        crate::tr!("policy-dest-unknown-hint"),
                    ));
                }
            }
        }
        // §2.2⑥: a carrier named is resolved in the one table and checked for the
        // plan's class (identifiable unless declared otherwise: safe by default).
        let class = plan.class;
        let carrier = match plan.carrier {
            Some(typed) => Some(
                carriers::lookup(typed)
                    .map_err(|e| Refusal::new(Clause::Tracking, e.to_string(), e.hint()))?,
            ),
            None => None,
        };
        if let Some(c) = carrier {
            self.check_carrier(class, c)?;
        }
        let rules = self.rules(class);
        if carrier.is_none()
            && (class == InfoClass::Identifiable
                || rules.tracked_carriers_only
                || !rules.allowed_carriers.is_empty())
        {
            return Err(Refusal::new(
                Clause::Tracking,
                crate::tr!("policy-carrier-needed", class = class_name(class)),
                crate::tr!(
                    "policy-carrier-needed-hint",
                    carriers = carriers::list(Some(true))
                ),
            ));
        }
        let hand_carry = carrier.is_some_and(Carrier::is_hand_carry);
        if let Some(c) = carrier {
            self.check_hand_carry(class, c, plan.attendance_acknowledged)?;
        }
        if !hand_carry && rules.require_envelope_confirmation && !plan.envelope_confirmed {
            return Err(Refusal::new(
                Clause::Envelope,
                crate::tr!("policy-envelope"),
                crate::tr!("policy-envelope-hint"),
            ));
        }
        Ok(())
    }

    /// The rules for `class`.
    pub fn rules(&self, class: InfoClass) -> &ClassRules {
        match class {
            InfoClass::Identifiable => &self.identifiable,
            InfoClass::Anonymized => &self.anonymized,
        }
    }

    /// §2.2⑧⑨ for one carrier, at `seal` and at `record ship` (the same rule at both,
    /// so a shipment sealed for the post cannot be switched to hand-carrying without
    /// it): carrying by hand needs the attendance rule acknowledged when the class's
    /// rules say so (identifiable data by default).
    pub fn check_hand_carry(
        &self,
        class: InfoClass,
        carrier: &Carrier,
        attendance_acknowledged: bool,
    ) -> Result<(), Refusal> {
        if carrier.is_hand_carry()
            && self.rules(class).hand_carry_requires_attendance
            && !attendance_acknowledged
        {
            return Err(Refusal::new(
                Clause::HandCarry,
                crate::tr!("policy-hand-carry", class = class_name(class)),
                crate::tr!("policy-hand-carry-hint"),
            ));
        }
        Ok(())
    }

    /// §2.2⑥ for one carrier, at `seal` and at `record ship`: identifiable data (and
    /// data of a class whose rules say so) travels only by a tracked service or by hand,
    /// whatever the policy says; the policy's `allowed_carriers` narrow it further
    /// (§2.2②). An untracked carrier that passes is an explicit choice the caller
    /// records.
    pub fn check_carrier(&self, class: InfoClass, carrier: &Carrier) -> Result<(), Refusal> {
        let rules = self.rules(class);
        if !carrier.is_tracked()
            && (class == InfoClass::Identifiable || rules.tracked_carriers_only)
        {
            let list = carriers::list(Some(true));
            return Err(Refusal::new(
                Clause::Tracking,
                crate::tr!(
                    "policy-untracked",
                    class = class_name(class),
                    carrier = carrier.name
                ),
                match class {
                    InfoClass::Identifiable => {
                        crate::tr!("policy-untracked-identifiable-hint", carriers = list)
                    }
                    InfoClass::Anonymized => {
                        crate::tr!("policy-untracked-anonymized-hint", carriers = list)
                    }
                },
            ));
        }
        if !rules.allowed_carriers.is_empty()
            && !rules.allowed_carriers.iter().any(|c| c == carrier.name)
        {
            return Err(Refusal::new(
                Clause::Destination,
                crate::tr!(
                    "policy-carrier-not-allowed",
                    carrier = carrier.name,
                    class = class_name(class)
                ),
                crate::tr!(
                    "policy-use-one-of",
                    carriers = rules.allowed_carriers.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan<'a>(class: InfoClass, carrier: &'a str) -> Plan<'a> {
        Plan {
            class,
            carrier: Some(carrier),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_protect_identifiable_data() {
        let p = Policy::defaults();
        let e = p
            .check(&plan(InfoClass::Identifiable, "普通郵便"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑥"), "{e:?}");
        assert_eq!(e.clause, Clause::Tracking);
        let e = p
            .check(&plan(InfoClass::Identifiable, "簡易書留"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑤"), "{e:?}");
        // Decisions read the clause, never the (localised) text.
        assert_eq!(e.clause, Clause::Envelope);
        let mut ok = plan(InfoClass::Identifiable, "簡易書留");
        ok.envelope_confirmed = true;
        assert!(p.check(&ok).is_ok());
        let e = p.check(&plan(InfoClass::Identifiable, "持参")).unwrap_err();
        assert!(e.rule.contains("§2.2⑧⑨"), "{e:?}");
        assert_eq!(e.clause, Clause::HandCarry);
        assert!(p.check(&plan(InfoClass::Anonymized, "普通郵便")).is_ok());
        // A plan that says nothing of the class is identifiable (issue 14).
        let e = p
            .check(&Plan {
                carrier: Some("普通郵便"),
                ..Default::default()
            })
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑥"), "{e:?}");
    }

    #[test]
    fn default_class_explicit_choices_and_nonempty_media() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("isou.toml");
        std::fs::write(&path, "default_class = \"匿名化\"\n").unwrap();
        let anon = Policy::load(&path).unwrap();
        assert_eq!(anon.class(None), InfoClass::Anonymized);
        assert_eq!(
            anon.class(Some(InfoClass::Identifiable)),
            InfoClass::Identifiable
        );
        let builtin = Policy::defaults();
        assert_eq!(builtin.class(None), InfoClass::Identifiable);
        std::fs::write(&path, "default_class = \"maybe\"\n").unwrap();
        let e = Policy::load(&path).unwrap_err();
        assert!(e.why.contains("default_class"), "{e}");
        // --class anonymized is a choice only against an identifiable default.
        let pl = plan(InfoClass::Anonymized, "普通郵便");
        let flags = |p: &Policy, typed| {
            p.explicit_choices(typed, &pl, true, true)
                .into_iter()
                .map(|c| c.flag)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            flags(&builtin, Some(InfoClass::Anonymized)),
            [
                "--class anonymized",
                "--carrier 普通郵便",
                "--allow-nonempty",
                "--passphrase"
            ]
        );
        assert_eq!(
            flags(&anon, None),
            ["--carrier 普通郵便", "--allow-nonempty", "--passphrase"]
        );
        let tracked = plan(InfoClass::Anonymized, "簡易書留");
        assert!(builtin
            .explicit_choices(None, &tracked, false, false)
            .is_empty());
        let e = builtin
            .check_nonempty(InfoClass::Identifiable, true)
            .unwrap_err();
        assert!(e.rule.contains("§2.2 本文") && e.rule.contains("--allow-nonempty"));
        assert!(builtin.check_nonempty(InfoClass::Anonymized, true).is_ok());
        assert!(builtin
            .check_nonempty(InfoClass::Identifiable, false)
            .is_ok());
    }

    #[test]
    fn carriers_resolve_in_the_table() {
        let p = Policy::defaults();
        // A class not stated is identifiable for the carrier (safe by default).
        let none = |c| Plan {
            carrier: Some(c),
            envelope_confirmed: true,
            ..Default::default()
        };
        for c in ["普通郵便", "定形外", "ゆうメール"] {
            let e = p.check(&none(c)).unwrap_err();
            assert!(e.rule.contains("§2.2⑥ 追跡サービス付きの手段"), "{e:?}");
        }
        assert!(p.check(&none("書留")).is_ok());
        let e = p.check(&none("FedEx")).unwrap_err();
        assert!(e.hint.contains("一般書留, 簡易書留"), "{e:?}");
        // Identifiable data needs its carrier named; 持参 by any of its names.
        let e = p
            .check(&Plan {
                class: InfoClass::Identifiable,
                ..Default::default()
            })
            .unwrap_err();
        assert!(e.rule.contains("needs its carrier named"), "{e:?}");
        let e = p
            .check(&plan(InfoClass::Identifiable, "手持ち"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑧⑨"), "{e:?}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("isou.toml");
        std::fs::write(
            &path,
            "[classes.identifiable]\ntracked_carriers_only = true\nallowed_carriers = [\"書留\", \"ヤマト運輸\"]\n[classes.anonymized]\ntracked_carriers_only = true\n",
        )
        .unwrap();
        let p = Policy::load(&path).unwrap();
        assert_eq!(
            p.identifiable.allowed_carriers,
            ["一般書留", "ヤマト運輸 宅急便"]
        );
        let c = |n| crate::carriers::lookup(n).unwrap();
        assert!(p
            .check_carrier(InfoClass::Identifiable, c("宅急便"))
            .is_ok());
        let e = p
            .check_carrier(InfoClass::Identifiable, c("簡易書留"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2②"), "{e:?}");
        // The policy asks tracking of anonymized data too.
        let e = p
            .check_carrier(InfoClass::Anonymized, c("普通郵便"))
            .unwrap_err();
        assert!(e.rule.contains("§2.2⑥"), "{e:?}");
        for (text, says) in [
            (
                "[classes.anonymized]\nallowed_carriers = [\"FedEx\"]\n",
                "FedEx",
            ),
            (
                "[classes.identifiable]\ntracked_carriers_only = false\n",
                "is not allowed (§2.2⑥",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let e = Policy::load(&path).unwrap_err();
            assert!(e.why.contains(says), "{e}");
        }
    }

    #[test]
    fn handlers_and_destinations_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let id = crate::keys::NewIdentity::generate();
        let path = dir.path().join("isou.toml");
        std::fs::write(
            &path,
            format!(
                "organization = \"大阪府\"\nhandlers = [\"suzuki\", {{ name = \"山田\", account = \"yamada\" }}]\n[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
                id.contact_card("")
            ),
        )
        .unwrap();
        let p = Policy::load(&path).unwrap();
        // The account decides; --handler may only repeat its mapped name.
        // Anonymized: only the handler and destination rules are under test here.
        let mut pl = Plan {
            account: Some("sato"),
            class: InfoClass::Anonymized,
            ..Default::default()
        };
        let e = p.check(&pl).unwrap_err().rule;
        assert!(e.contains("§2.2①") && e.contains("sato"), "{e}");
        pl.account = Some("yamada");
        pl.handler = Some("suzuki");
        let e = p.check(&pl).unwrap_err().rule;
        assert!(e.contains("logged in as yamada (name 山田)"), "{e}");
        pl.handler = Some("山田");
        pl.destination = Some("どこか");
        assert!(p.check(&pl).unwrap_err().rule.contains("§2.2②"));
        pl.destination = Some("ＮＣＣ ");
        assert!(p.check(&pl).is_ok());
        pl.account = Some("suzuki");
        pl.handler = None;
        assert!(p.check(&pl).is_ok());
        assert_eq!(p.handler_for_account("suzuki").unwrap().name, "suzuki");
        assert_eq!(p.contact("NCC").unwrap().1.recipient, id.age.to_public());
        std::fs::write(&path, "handlers = 3\n").unwrap();
        assert!(Policy::load(&path).is_err());
        std::fs::write(&path, "[[contacts]]\nname = \"x\"\ncard = \"nonsense\"\n").unwrap();
        let e = Policy::load(&path).unwrap_err();
        assert!(e.why.contains("contact \"x\"") && e.secret.is_none(), "{e}");
        assert!(e.hint().contains("isou policy check"));
    }

    #[test]
    fn the_destination_is_bound_to_the_recipients() {
        let dir = tempfile::tempdir().unwrap();
        let (ncc, osaka, third) = (
            crate::keys::NewIdentity::generate().contact_card(""),
            crate::keys::NewIdentity::generate().contact_card(""),
            crate::keys::NewIdentity::generate().contact_card(""),
        );
        let path = dir.path().join("isou.toml");
        std::fs::write(
            &path,
            format!("[[contacts]]\nname = \"NCC\"\ncard = \"{ncc}\"\n[[contacts]]\nname = \"大阪府\"\ncard = \"{osaka}\"\n"),
        )
        .unwrap();
        let p = Policy::load(&path).unwrap();
        let named = |n: &str, c: &ContactCard| Addressee {
            typed: n.into(),
            contact: Some(n.into()),
            recipients: vec![c.recipient.clone()],
            signing_keys: vec![c.signing_key.clone()],
        };
        let typed = |c: &ContactCard| Addressee {
            typed: c.to_string(),
            contact: None,
            recipients: vec![c.recipient.clone()],
            signing_keys: vec![c.signing_key.clone()],
        };
        let id = Some(InfoClass::Identifiable);
        let bind = |to: &[Addressee], d: Option<&str>| p.bind_destination(id, to, d);
        assert_eq!(bind(&[named("NCC", &ncc)], None), Ok(Some("NCC".into())));
        assert_eq!(bind(&[typed(&ncc)], Some("ＮＣＣ")), Ok(Some("NCC".into())));
        for (to, d) in [
            (vec![named("NCC", &ncc)], Some("大阪府")),
            (vec![typed(&third)], Some("NCC")),
            (vec![named("NCC", &ncc), named("大阪府", &osaka)], None),
            (vec![named("NCC", &ncc), typed(&third)], None),
            (vec![typed(&third)], None),
            (vec![typed(&ncc), typed(&osaka)], None),
            (vec![typed(&ncc)], Some("どこか")),
        ] {
            assert!(bind(&to, d).unwrap_err().rule.contains("§2.2②"), "{d:?}");
        }
        // A bare key (no signing key) is judged by its recipient.
        let mut bare = typed(&ncc);
        bare.signing_keys.clear();
        assert!(bind(&[bare], Some("NCC")).is_ok());
        // Anonymized data may go without a destination; with no contacts, any text.
        let none = Policy::defaults();
        // A contact's whole card given as a card (a line or a file) is that contact
        // (issue 15 item 5); a bare key of it is not (it carries no signing key).
        assert_eq!(bind(&[typed(&ncc)], None), Ok(Some("NCC".into())));
        let mut bare = typed(&ncc);
        bare.signing_keys.clear();
        assert!(bind(&[bare], None).is_err());
        assert_eq!(
            p.bind_destination(Some(InfoClass::Anonymized), &[typed(&third)], None),
            Ok(None)
        );
        assert!(none.bind_destination(None, &[], None).is_err());
        assert_eq!(
            none.bind_destination(None, &[typed(&third)], Some(" 大阪 ")),
            Ok(Some("大阪".into()))
        );
    }

    #[test]
    fn names_as_typed_and_the_known_list() {
        for typed in ["山田　花子", "山田花子", " 山田  花子 ", "山田\t花子"] {
            assert_eq!(name_key(typed), name_key("山田 花子"), "{typed:?}");
        }
        assert_eq!(normalize_name(" 山田　\u{3000}花子 "), "山田 花子");
        // Line breaks and controls are kept, for the record-value check to refuse.
        assert_eq!(normalize_name("佐藤\n立会人"), "佐藤\n立会人");
        assert_eq!(
            normalize_name("佐藤\t立会人\u{2028}"),
            "佐藤\t立会人\u{2028}"
        );
        assert_eq!(name_key("ＮＣＣ Tokyo"), "ncctokyo");
        assert_ne!(name_key("山田花子"), name_key("山田太郎"));
        let names = ["国立がん研究センター", "大阪府がん登録室"];
        assert_eq!(
            known_names("大阪府", names.iter().copied()),
            "大阪府がん登録室, 国立がん研究センター"
        );
        let many: Vec<String> = (0..12).map(|i| format!("{}{i}", "あ".repeat(50))).collect();
        let shown = known_names("x", many.iter().map(String::as_str));
        assert!(shown.ends_with("and 4 more"), "{shown}");
        assert_eq!(shown.matches('…').count(), 8, "{shown}");
        assert_eq!(
            known_names("x", ["a\u{1b}[2Jb"].into_iter()),
            "a\u{fffd}[2Jb"
        );
    }

    #[test]
    fn names_that_read_as_keys_or_files_are_refused() {
        let id = crate::keys::NewIdentity::generate();
        let card = id.contact_card("").to_string();
        let age = id.age.to_public().to_string();
        for bad in [
            age.as_str(),
            card.as_str(),
            "ssh-ed25519 AAAA",
            "bob.card",
            "Bob.PUB",
            "keys/bob",
            "a\\b",
            ".bob",
            "~bob",
            "ｂｏｂ．ｃａｒｄ",
            "",
            "x\u{1b}[31m",
        ] {
            assert!(name_rule(&normalize_name(bad)).is_some(), "{bad:?}");
        }
        for good in [
            "国立がん研究センター",
            "NCC",
            "Bob Smith",
            "大阪府 がん登録室",
        ] {
            assert_eq!(name_rule(&normalize_name(good)), None, "{good:?}");
        }
        assert!(is_explicit_key(&age) && is_explicit_key(&card));
        assert!(is_explicit_key("/"));
        assert!(!is_explicit_key("NCC-no-such-file"));
        assert_eq!(normalize_name("\u{3000}ＮＣＣ "), "NCC");
        assert_eq!(
            normalize_name("が\u{3093}登録室"),
            normalize_name("か\u{3099}\u{3093}登録室")
        );
    }

    #[test]
    fn a_secret_key_anywhere_in_the_file_is_named_never_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("isou.toml");
        let id = crate::keys::NewIdentity::generate();
        let key = age::secrecy::ExposeSecret::expose_secret(&id.age.to_string()).to_string();
        let card = id.contact_card("").to_string();
        let body = &key[16..];
        for (text, line) in [
            // In place of the card.
            (
                format!("[[contacts]]\nname = \"NCC\"\ncard = \"{key}\"\n"),
                3,
            ),
            // In place of the card's recipient.
            (
                format!(
                    "[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
                    card.replace(&id.age.to_public().to_string(), &key)
                ),
                3,
            ),
            // In a field the TOML parser refuses, quoting the line.
            (
                format!("[[contacts]]\nname = \"NCC\"\ncard = \"{card}\"\nrecipient = \"{key}\"\n"),
                4,
            ),
            // Where a list is expected: serde's message quotes the value.
            (format!("handlers = \"{}\"\n", key.to_lowercase()), 1),
            // Where it would be accepted and printed (and written to bag-info.txt).
            (format!("organization = \"{key}\"\n"), 1),
            // In a comment of the shared file.
            (format!("# {key}\n"), 1),
        ] {
            std::fs::write(&path, &text).unwrap();
            let e = Policy::load(&path).unwrap_err();
            assert_eq!(e.secret, Some(SecretKind::AgeIdentity), "{e}");
            // Said without the sanitiser's help: the message holds no key.
            let shown = format!("{e} {}", e.hint());
            assert!(
                !shown.to_uppercase().contains(&body.to_uppercase()),
                "{shown}"
            );
            assert!(!crate::untrusted::looks_secret(&shown), "{shown}");
            assert!(
                e.why
                    .starts_with(&format!("line {line} holds a secret identity")),
                "{e}"
            );
        }
    }
}
