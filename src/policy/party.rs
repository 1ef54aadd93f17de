//! Resolving a recipient or signer typed on the command line: the contact it names, or
//! why it names none ([`AmbiguousName`], [`UnknownParty`]).

use std::fmt;
use std::path::{Path, PathBuf};

use super::names::{looks_like_bare_key, looks_like_key};
use super::{known_names, name_key, name_rule, normalize_name, Contact, Policy};
use crate::keys::ContactCard;

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

impl Policy {
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

    /// The one resolver for a recipient or signer typed on the command line (`seal
    /// --to`, `verify --signer`, `open --signer`): the contact it names, or `None` when
    /// it is to be taken as a key, a card or a key file itself. A value that can be a
    /// key ([`is_explicit_key`](super::is_explicit_key)) always is, so no contact name can stand in for it
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
}
