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

impl FromStr for ContactCard {
    type Err = KeyError;

    fn from_str(line: &str) -> Result<Self, KeyError> {
        let line = line.trim();
        let mut parts = line.splitn(5, char::is_whitespace);
        if parts.next() != Some(CARD_TAG) {
            return Err(invalid(
                line,
                format!("a contact card starts with '{CARD_TAG}'"),
            ));
        }
        let recipient = parts
            .next()
            .ok_or_else(|| invalid(line, "the age recipient is missing"))?;
        let recipient = age::x25519::Recipient::from_str(recipient)
            .map_err(|e| invalid(line, format!("bad age recipient: {e}")))?;
        let alg = parts.next().unwrap_or("");
        if alg != "ssh-ed25519" {
            return Err(invalid(line, "the signing key must be an ssh-ed25519 key"));
        }
        let b64 = parts
            .next()
            .ok_or_else(|| invalid(line, "the signing key is missing"))?;
        let signing_key = PublicKey::from_openssh(&format!("{alg} {b64}"))
            .map_err(|e| invalid(line, format!("bad signing key: {e}")))?;
        let label = parts.next().unwrap_or("").trim().to_string();
        if label.chars().any(char::is_control) {
            return Err(invalid(line, "the label holds control characters"));
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
    let t = s.trim();
    if t.starts_with(CARD_TAG) {
        return Ok(ContactCard::from_str(t)?.recipient);
    }
    if t.starts_with("age1") {
        return age::x25519::Recipient::from_str(t).map_err(|e| invalid(t, e.to_string()));
    }
    Err(invalid(
        t,
        "expected an 'age1…' recipient or an isou contact card",
    ))
}

/// Reads a recipients file: one recipient (or contact card) per line; blank lines and
/// lines starting with `#` are ignored, as in age's recipients files.
pub fn read_recipients_file(path: &Path) -> Result<Vec<age::x25519::Recipient>, KeyError> {
    let text = std::fs::read_to_string(path).map_err(|error| KeyError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        out.push(parse_recipient(l).map_err(|e| match e {
            KeyError::InvalidRecipient { text, why } => KeyError::InvalidRecipient {
                text,
                why: format!("{why} ({}, line {})", path.display(), n + 1),
            },
            e => e,
        })?);
    }
    if out.is_empty() {
        return Err(invalid(
            &path.display().to_string(),
            "the recipients file lists no recipient",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn bad_recipients_are_named_and_sanitized() {
        let e = parse_recipient("age1notakey\u{1b}[31m").unwrap_err();
        let msg = e.to_string();
        assert!(!msg.contains('\u{1b}'), "{msg}");
        assert!(parse_recipient("ssh-rsa AAAA").is_err());
    }
}
