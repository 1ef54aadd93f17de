//! The two secrets of an identity: a freshly generated pair ([`NewIdentity`]) and one
//! read from a file ([`IdentityFile`]).

use std::fmt;
use std::path::PathBuf;

use age::secrecy::ExposeSecret as _;
use base64::{prelude::BASE64_STANDARD, Engine};
use ssh_key::PrivateKey;
use zeroize::Zeroizing;

use super::{ContactCard, SIGNING_PREFIX};
use crate::error::KeyError;

/// A freshly generated pair of secrets.
pub struct NewIdentity {
    /// Receives: the X25519 age identity.
    pub age: age::x25519::Identity,
    /// Signs: the Ed25519 key.
    pub signing: PrivateKey,
    /// The contact card's label given at keygen, kept in the file (authenticated with
    /// the public keys in a protected file) so `isou card` prints it again.
    pub label: String,
}

impl NewIdentity {
    /// Generates both keys from the operating system's random source.
    pub fn generate() -> Self {
        NewIdentity {
            age: age::x25519::Identity::generate(),
            signing: PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519)
                .expect("Ed25519 key generation does not fail"),
            label: String::new(),
        }
    }

    /// The same keys with the card label `label`, kept to one line of plain text (a
    /// control character or line break would end the field line it is stored in; the
    /// CLI refuses them before).
    pub fn with_label(mut self, label: &str) -> Self {
        self.label = label.chars().filter(|c| !c.is_control()).collect();
        self
    }

    /// The contact card for these keys.
    pub fn contact_card(&self, label: &str) -> ContactCard {
        ContactCard {
            recipient: self.age.to_public(),
            signing_key: self.signing.public_key().clone(),
            label: label.to_string(),
        }
    }

    pub(super) fn secret_text(&self) -> Zeroizing<String> {
        let seed = Zeroizing::new(ed25519_seed(&self.signing));
        Zeroizing::new(format!(
            "{}\n{SIGNING_PREFIX}{}\n",
            self.age.to_string().expose_secret(),
            Zeroizing::new(BASE64_STANDARD.encode(&seed[..])).as_str()
        ))
    }
}

pub(super) fn ed25519_seed(k: &PrivateKey) -> [u8; 32] {
    k.key_data()
        .ed25519()
        .expect("isou signing keys are Ed25519")
        .private
        .to_bytes()
}

pub(super) fn signing_key_from_seed(b64: &str) -> Result<Box<PrivateKey>, String> {
    let seed = Zeroizing::new(
        BASE64_STANDARD
            .decode(b64.trim())
            .map_err(|_| crate::tr!("key-why-signing-not-base64"))?,
    );
    let seed: &[u8; 32] = seed[..]
        .try_into()
        .map_err(|_| crate::tr!("key-why-signing-not-32-bytes"))?;
    let kp = ssh_key::private::Ed25519Keypair::from_seed(seed);
    PrivateKey::new(ssh_key::private::KeypairData::Ed25519(kp), "")
        .map(Box::new)
        .map_err(|e| crate::tr!("key-why-signing-invalid", error = e.to_string()))
}

/// A loaded identity file.
pub struct IdentityFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The age identities in it (one for isou files; age files may hold several).
    pub identities: Vec<age::x25519::Identity>,
    /// The Ed25519 signing key, when the file has one. Boxed so that moving an
    /// `IdentityFile` around moves a pointer, not the seed: every move of an inline key
    /// left a copy on the stack (issue 13 counted them in a core dump; CWE-226).
    pub signing: Option<Box<PrivateKey>>,
}

impl fmt::Debug for IdentityFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print secrets: only what a contact card would show.
        f.debug_struct("IdentityFile")
            .field("path", &self.path)
            .field(
                "recipients",
                &self
                    .identities
                    .iter()
                    .map(|i| i.to_public().to_string())
                    .collect::<Vec<_>>(),
            )
            .field(
                "signing_key",
                &self
                    .signing
                    .as_ref()
                    .map(|k| k.public_key().to_openssh().ok()),
            )
            .finish()
    }
}

impl IdentityFile {
    /// The identities, as the engine takes them.
    pub fn age_identities(&self) -> Vec<&dyn age::Identity> {
        self.identities
            .iter()
            .map(|i| i as &dyn age::Identity)
            .collect()
    }

    /// The signing key, or an error naming the file when it has none.
    pub fn signing_key(&self) -> Result<&PrivateKey, KeyError> {
        self.signing
            .as_deref()
            .ok_or_else(|| KeyError::NoSigningKey(self.path.clone()))
    }

    /// The contact card, when the file holds both keys.
    pub fn contact_card(&self, label: &str) -> Option<ContactCard> {
        Some(ContactCard {
            recipient: self.identities.first()?.to_public(),
            signing_key: self.signing.as_ref()?.public_key().clone(),
            label: label.to_string(),
        })
    }
}
