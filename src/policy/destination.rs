//! §2.2② (移送先ごとの手順): binding the destination of a shipment to its recipients.

use super::rules::{Clause, Refusal};
use super::{is_identifiable, known_names, Contact, Policy};
use crate::keys::ContactCard;
use crate::media::InfoClass;

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

impl Policy {
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
}
