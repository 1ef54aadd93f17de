//! Contact cards and recipients.
//!
//! A contact card is the one line a party hands to its partners: the age recipient it
//! receives with and the SSH Ed25519 key it signs with, plus an optional label:
//!
//! ```text
//! isou-card-v1 age1… ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… 大阪府がん登録室
//! ```

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use ssh_key::PublicKey;

use crate::error::KeyError;
use crate::keys::secret_kind;
use crate::untrusted::sanitize;

/// Marks a contact card line.
pub const CARD_TAG: &str = "isou-card-v1";

/// A partner's public keys.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactCard {
    /// Where files for this partner are encrypted to.
    pub recipient: age::x25519::Recipient,
    /// The key this partner signs media with.
    pub signing_key: PublicKey,
    /// Free text (organisation, person), may be empty.
    pub label: String,
}

impl fmt::Display for ContactCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ssh = self.signing_key.to_openssh().map_err(|_| fmt::Error)?;
        // The comment of the SSH key is not part of the card; keep "type base64".
        let mut parts = ssh.split_whitespace();
        let (alg, b64) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        write!(f, "{CARD_TAG} {} {alg} {b64}", self.recipient)?;
        if !self.label.is_empty() {
            write!(f, " {}", self.label)?;
        }
        Ok(())
    }
}

fn invalid(text: &str, why: impl Into<String>) -> KeyError {
    KeyError::InvalidRecipient {
        text: sanitize(text),
        why: why.into(),
    }
}

/// Refuses `text` when it holds secret key material ([`secret_kind`]): the error says
/// what it is (and what was `expected` in its place) instead of quoting it, so a key
/// passed by mistake is not printed to a terminal or a log (CWE-209, CWE-532). `path`
/// is the file the text was read from.
pub fn refuse_secret(
    text: &str,
    path: Option<&Path>,
    expected: &'static str,
) -> Result<(), KeyError> {
    match secret_kind(text) {
        Some(kind) => Err(KeyError::SecretKeyGiven {
            path: path.map(Path::to_path_buf),
            kind,
            expected,
        }),
        None => Ok(()),
    }
}

impl FromStr for ContactCard {
    type Err = KeyError;

    fn from_str(line: &str) -> Result<Self, KeyError> {
        refuse_secret(line, None, "contact card")?;
        let line = line.trim();
        let mut parts = line.splitn(5, char::is_whitespace);
        if parts.next() != Some(CARD_TAG) {
            return Err(invalid(
                line,
                crate::tr!("key-why-card-tag", tag = CARD_TAG),
            ));
        }
        let recipient = parts
            .next()
            .ok_or_else(|| invalid(line, crate::tr!("key-why-card-no-recipient")))?;
        let recipient = age::x25519::Recipient::from_str(recipient).map_err(|e| {
            invalid(
                line,
                crate::tr!(
                    "key-why-card-bad-recipient",
                    error = super::reason::age_recipient(e)
                ),
            )
        })?;
        let alg = parts.next().unwrap_or("");
        if alg != "ssh-ed25519" {
            return Err(invalid(line, crate::tr!("key-why-card-not-ed25519")));
        }
        let b64 = parts
            .next()
            .ok_or_else(|| invalid(line, crate::tr!("key-why-card-no-signing-key")))?;
        let signing_key = PublicKey::from_openssh(&format!("{alg} {b64}")).map_err(|e| {
            invalid(
                line,
                crate::tr!(
                    "key-why-card-bad-signing-key",
                    error = super::reason::ssh_key(&e)
                ),
            )
        })?;
        let label = parts.next().unwrap_or("").trim().to_string();
        if label.chars().any(char::is_control) {
            return Err(invalid(line, crate::tr!("key-why-card-label-control")));
        }
        Ok(ContactCard {
            recipient,
            signing_key,
            label,
        })
    }
}

/// Parses one recipient: an `age1…` X25519 key or a contact card line.
pub fn parse_recipient(s: &str) -> Result<age::x25519::Recipient, KeyError> {
    refuse_secret(s, None, "recipient")?;
    let t = s.trim();
    if t.starts_with(CARD_TAG) {
        return Ok(ContactCard::from_str(t)?.recipient);
    }
    if t.starts_with("age1") {
        return age::x25519::Recipient::from_str(t)
            .map_err(|e| invalid(t, super::reason::age_recipient(e)));
    }
    Err(invalid(t, crate::tr!("key-why-not-a-recipient")))
}

/// What public key material a file given as an identity holds (issue 15 item 5): a
/// contact card, an `age1…` recipient or an SSH public key, each of them what partners
/// exchange, never a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKind {
    /// An isou contact card, with its label (sanitised, bounded; may be empty).
    Card {
        /// Whose card it says it is.
        label: String,
    },
    /// An age recipient.
    Recipient,
    /// An SSH public key (`ssh-ed25519 AAAA…`, an `id_ed25519.pub`).
    SshPublic,
}

impl fmt::Display for PublicKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublicKind::Card { label } if label.is_empty() => {
                f.write_str(&crate::tr!("key-public-card"))
            }
            PublicKind::Card { label } => f.write_str(&crate::tr!(
                "key-public-card-labelled",
                label = label.as_str()
            )),
            PublicKind::Recipient => f.write_str(&crate::tr!("key-public-recipient")),
            PublicKind::SshPublic => f.write_str(&crate::tr!("key-public-ssh")),
        }
    }
}

/// Longest label shown of a card given in the wrong place.
const SHOWN_LABEL_CHARS: usize = 40;

/// What public key material `raw` is, when every line that is not blank or a comment
/// is a contact card, an `age1…` recipient or an SSH public key and nothing in it is
/// secret ([`secret_kind`]); `None` for anything else. Named by its first such line.
pub fn public_kind(raw: &[u8]) -> Option<PublicKind> {
    let raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    let text = std::str::from_utf8(raw).ok()?;
    if secret_kind(text).is_some() {
        return None;
    }
    let mut first = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let kind = if let Ok(card) = line.parse::<ContactCard>() {
            let label = sanitize(&card.label);
            let label = if label.chars().count() > SHOWN_LABEL_CHARS {
                format!(
                    "{}…",
                    label.chars().take(SHOWN_LABEL_CHARS).collect::<String>()
                )
            } else {
                label
            };
            PublicKind::Card { label }
        } else if line.starts_with("age1") && parse_recipient(line).is_ok() {
            PublicKind::Recipient
        } else if PublicKey::from_openssh(line).is_ok() {
            PublicKind::SshPublic
        } else {
            return None;
        };
        first.get_or_insert(kind);
    }
    first
}

/// Largest public key, contact card or recipients file read, in bytes: a card or key
/// file is a few hundred bytes, a recipients file of thousands of lines fits; a larger
/// file (a 50 GB sparse one) is refused by its size before any read (CWE-400,
/// CWE-770).
pub const MAX_KEY_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a public key, contact card or recipients file as text: a regular file of at
/// most [`MAX_KEY_FILE_BYTES`], opened without blocking (a FIFO or device in its place
/// is refused at once, `localfile`), links followed.
pub fn read_key_file(path: &Path) -> Result<String, KeyError> {
    use crate::localfile::{read_bounded, Links, LocalFileError};
    let bytes = read_bounded(path, MAX_KEY_FILE_BYTES, Links::Follow).map_err(|e| match e {
        LocalFileError::Io(error) => KeyError::Io {
            path: path.to_path_buf(),
            error,
        },
        e => KeyError::KeyFileUnfit {
            path: path.to_path_buf(),
            why: e.to_string(),
        },
    })?;
    String::from_utf8(bytes).map_err(|_| KeyError::Io {
        path: path.to_path_buf(),
        error: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            crate::tr!("key-why-key-file-not-utf8"),
        ),
    })
}

/// Reads a recipients file: one recipient (or contact card) per line; blank lines and
/// lines starting with `#` are ignored, as in age's recipients files. An identity file
/// given in its place is refused as a whole, comments too: a file that holds a secret
/// key is no recipients file, whatever its other lines say.
pub fn read_recipients_file(path: &Path) -> Result<Vec<age::x25519::Recipient>, KeyError> {
    parse_recipients_file(&read_key_file(path)?, path)
}

/// [`read_recipients_file`] of text already read from `path` (read once when the caller
/// needs the cards' other parts too).
pub fn parse_recipients_file(
    text: &str,
    path: &Path,
) -> Result<Vec<age::x25519::Recipient>, KeyError> {
    refuse_secret(text, Some(path), "recipients file")?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        out.push(parse_recipient(l).map_err(|e| match e {
            KeyError::InvalidRecipient { text, why } => KeyError::InvalidRecipient {
                text,
                why: crate::tr!(
                    "key-why-in-file-line",
                    why = why,
                    path = path.display().to_string(),
                    line = (n + 1).to_string()
                ),
            },
            e => e,
        })?);
    }
    if out.is_empty() {
        return Err(invalid(
            &path.display().to_string(),
            crate::tr!("key-why-no-recipients"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SecretKind;

    #[test]
    fn public_files_are_named() {
        let id = crate::keys::NewIdentity::generate();
        let card = id.contact_card("大阪府がん登録室").to_string();
        assert_eq!(
            public_kind(format!("\u{feff}# sato\n{card}\r\n").as_bytes()),
            Some(PublicKind::Card {
                label: "大阪府がん登録室".into()
            })
        );
        let age1 = card.split_whitespace().nth(1).unwrap();
        assert_eq!(public_kind(age1.as_bytes()), Some(PublicKind::Recipient));
        let ssh = card
            .split_whitespace()
            .skip(2)
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(public_kind(ssh.as_bytes()), Some(PublicKind::SshPublic));
        // Anything secret, mixed or unknown is no public file.
        let secret = age::x25519::Identity::generate();
        use age::secrecy::ExposeSecret;
        for text in [
            format!("{card}\n{}", secret.to_string().expose_secret()),
            format!("{card}\nsomething else"),
            String::new(),
            "# only a comment".into(),
        ] {
            assert_eq!(public_kind(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn card_round_trip_with_japanese_label() {
        let id = age::x25519::Identity::generate();
        let sk = ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519)
            .unwrap();
        let card = ContactCard {
            recipient: id.to_public(),
            signing_key: sk.public_key().clone(),
            label: "大阪府 がん登録室".into(),
        };
        let line = card.to_string();
        assert!(line.starts_with("isou-card-v1 age1"));
        let back: ContactCard = line.parse().unwrap();
        assert_eq!(back.recipient, card.recipient);
        assert_eq!(back.signing_key.key_data(), card.signing_key.key_data());
        assert_eq!(back.label, card.label);
        assert_eq!(parse_recipient(&line).unwrap(), card.recipient);
    }

    /// Secrets of every kind isou knows, each with the part that must never be shown.
    fn secrets() -> Vec<(String, &'static str, SecretKind)> {
        let age = age::x25519::Identity::generate();
        let age = age.to_string();
        let age = age::secrecy::ExposeSecret::expose_secret(&age).to_string();
        let body = "QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
        vec![
            (age.clone(), "", SecretKind::AgeIdentity),
            (age.to_lowercase(), "", SecretKind::AgeIdentity),
            (
                format!("AGE-PLUGIN-YUBIKEY-1{body}"),
                body,
                SecretKind::AgePluginIdentity,
            ),
            (
                format!("# ISOU-SIGNING-KEY-ED25519: {body}=="),
                body,
                SecretKind::IsouIdentity,
            ),
            (
                format!("-----BEGIN ISOU IDENTITY-----\nversion: 1\nciphertext: {body}\n-----END ISOU IDENTITY-----\n"),
                body,
                SecretKind::IsouIdentity,
            ),
            (
                format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"),
                body,
                SecretKind::PrivateKey,
            ),
        ]
    }

    #[test]
    fn secret_keys_are_refused_as_what_they_are_never_quoted() {
        let sk = ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519)
            .unwrap();
        let card_tail = sk.public_key().to_openssh().unwrap();
        for (secret, body, want) in secrets() {
            // The age identity's body is everything after its marker.
            let body = if body.is_empty() {
                secret[16..].to_string()
            } else {
                body.to_string()
            };
            let as_card = format!("{CARD_TAG} {} {card_tail}", secret.replace('\n', " "));
            for e in [
                parse_recipient(&secret).unwrap_err(),
                parse_recipient(&format!("  {secret}  ")).unwrap_err(),
                as_card.parse::<ContactCard>().unwrap_err(),
            ] {
                assert!(
                    matches!(e, KeyError::SecretKeyGiven { kind, path: None, .. } if kind == want),
                    "{e:?}"
                );
                // Said without the sanitiser's help: the message itself holds no key.
                let shown = format!("{e} {}", e.hint().unwrap());
                assert!(
                    !shown.to_uppercase().contains(&body.to_uppercase()),
                    "{shown}"
                );
                assert!(!crate::untrusted::looks_secret(&shown), "{shown}");
                assert!(shown.contains("is a secret"), "{shown}");
                assert_eq!(e.category(), crate::error::Category::Key);
            }
        }
        // Public keys are none of these.
        let id = age::x25519::Identity::generate();
        assert_eq!(secret_kind(&id.to_public().to_string()), None);
        assert_eq!(secret_kind(&card_tail), None);
    }

    #[test]
    fn an_identity_file_is_no_recipients_file() {
        let dir = tempfile::tempdir().unwrap();
        for (i, (secret, _, want)) in secrets().into_iter().enumerate() {
            let path = dir.path().join(format!("identity{i}.txt"));
            // Even behind a valid recipient line and in a comment.
            let id = age::x25519::Identity::generate();
            std::fs::write(&path, format!("{}\n# {secret}\n", id.to_public())).unwrap();
            let e = read_recipients_file(&path).unwrap_err();
            assert!(
                matches!(e, KeyError::SecretKeyGiven { kind, path: Some(ref p), .. } if kind == want && *p == path),
                "{e:?}"
            );
            let msg = e.to_string();
            assert!(
                msg.starts_with(&format!("{} is a secret", path.display()))
                    && msg.contains("not a recipients file"),
                "{msg}"
            );
            assert!(!crate::untrusted::looks_secret(&msg), "{msg}");
        }
    }

    #[test]
    fn bad_recipients_are_named_and_sanitized() {
        let e = parse_recipient("age1notakey\u{1b}[31m").unwrap_err();
        let msg = e.to_string();
        assert!(!msg.contains('\u{1b}'), "{msg}");
        assert!(parse_recipient("ssh-rsa AAAA").is_err());
    }
}
