//! Who a shipment is for and whom a medium is trusted from: `--to` and `--signer` as
//! typed (a contact of the policy, a contact card, a key, or a file holding one).

use std::path::Path;

use ssh_key::PublicKey;

use super::WorkflowError;
use crate::keys;
use crate::policy::{Addressee, Policy};
use crate::untrusted::sanitize;

/// A trusted sender: a contact card, an `ssh-ed25519 …` key, or a file holding one;
/// only a value that is none of these is a contact name from the policy
/// (`Policy::party`: a name never replaces a key, issue 13 item 1).
pub fn signer(s: &str, policy: &Policy) -> Result<PublicKey, WorkflowError> {
    if let Some((_, card)) = policy.party(s).map_err(party_error("--signer"))? {
        return Ok(card.signing_key);
    }
    // Anything at that path is read as a key file, bounded, a FIFO or device refused at
    // once (`keys::read_key_file`): read whole, a 50 GB sparse file ran out of memory.
    let file = Path::new(s).exists();
    let text = if file {
        keys::read_key_file(Path::new(s))?
    } else {
        s.to_string()
    };
    // An identity file or secret key given as the signer is named, never quoted: the
    // messages below would print its first line (CWE-209, CWE-532).
    if file {
        keys::refuse_secret(&text, Some(Path::new(s)), "public key file")?;
    } else {
        keys::refuse_secret(&text, None, "signer")?;
    }
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    // A damaged card is a --signer the user gave that cannot be used: a usage error
    // (exit 2), as any other unusable --signer, worded for the sender's card (issue 17
    // red team finding 07: it was a bad "recipient", exit 3, with advice on age keys).
    if line.starts_with(keys::card::CARD_TAG) {
        return match line.parse::<keys::ContactCard>() {
            Ok(card) => Ok(card.signing_key),
            Err(crate::error::KeyError::InvalidRecipient { why, .. }) => Err(WorkflowError::usage(
                crate::tr!(
                    "medium-signer-bad-card",
                    signer = format!("{:?}", sanitize(s)),
                    why = why
                ),
                crate::tr!("medium-signer-bad-card-hint"),
            )),
            Err(e) => Err(e.into()),
        };
    }
    PublicKey::from_openssh(line).map_err(|e| {
        WorkflowError::usage(
            crate::tr!(
                "medium-signer-not-a-key",
                signer = format!("{:?}", sanitize(s)),
                error = keys::reason::ssh_key(&e)
            ),
            crate::tr!("medium-signer-not-a-key-hint"),
        )
    })
}

/// Every `--signer`, resolved.
pub fn signers(typed: &[String], policy: &Policy) -> Result<Vec<PublicKey>, WorkflowError> {
    typed.iter().map(|s| signer(s, policy)).collect()
}

/// A typed recipient or signer that names both a contact and a file, or nothing at all
/// (issue 15 item 5: "no contact named …", not a key parser's message).
pub fn party_error(flag: &'static str) -> impl Fn(crate::policy::PartyError) -> WorkflowError {
    move |e| WorkflowError::usage(format!("{flag}: {e}"), e.hint())
}

/// One `--to` resolved (`Policy::party`: a key, a card or a key file is that key; only
/// anything else is a contact name), with what the destination rule compares (§2.2②).
pub fn addressee(t: &str, policy: &Policy) -> Result<Addressee, WorkflowError> {
    let mut who = Addressee {
        typed: t.to_string(),
        contact: None,
        recipients: vec![],
        signing_keys: vec![],
    };
    let card_keys = |text: &str| -> Vec<PublicKey> {
        text.lines()
            .filter_map(|l| l.trim().parse::<keys::ContactCard>().ok())
            .map(|c| c.signing_key)
            .collect()
    };
    match policy.party(t).map_err(party_error("--to"))? {
        Some((c, card)) => {
            who.contact = Some(c.name.clone());
            who.recipients.push(card.recipient);
            who.signing_keys.push(card.signing_key);
        }
        None if Path::new(t).is_file() => {
            // Read once: the recipients and the cards' signing keys come from the
            // same bytes (a second read could see another file).
            let text = keys::read_key_file(Path::new(t))?;
            who.recipients = keys::parse_recipients_file(&text, Path::new(t))?;
            who.signing_keys = card_keys(&text);
        }
        None => {
            who.recipients.push(keys::parse_recipient(t)?);
            who.signing_keys = card_keys(t);
        }
    }
    Ok(who)
}
