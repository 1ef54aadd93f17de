//! Secret key material where a public key belongs: which kind a text holds, named and
//! never quoted (CWE-209, CWE-532).

use std::fmt;

use super::BEGIN;

/// What kind of secret key material a text holds, when it holds one where a public key
/// belongs (see [`secret_kind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// An isou identity: a protected identity file, or the signing key line of an
    /// unprotected one.
    IsouIdentity,
    /// An age X25519 identity (age-keygen output).
    AgeIdentity,
    /// An age plugin identity (a hardware token's or plugin's secret side).
    AgePluginIdentity,
    /// An OpenSSH or other PEM private key.
    PrivateKey,
}

impl SecretKind {
    /// "identity" or "key": what to call a file of this kind (in the current language).
    pub fn noun(self) -> String {
        match self {
            SecretKind::PrivateKey => crate::tr!("key-noun-key"),
            _ => crate::tr!("key-noun-identity"),
        }
    }
}

impl fmt::Display for SecretKind {
    // Never the marker itself (`AGE-SECRET-KEY-1…`): the sanitiser would take the
    // message for a key and hide the rest of it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            SecretKind::IsouIdentity => crate::tr!("key-kind-isou-identity"),
            SecretKind::AgeIdentity => crate::tr!("key-kind-age-identity"),
            SecretKind::AgePluginIdentity => crate::tr!("key-kind-age-plugin-identity"),
            SecretKind::PrivateKey => crate::tr!("key-kind-private-key"),
        })
    }
}

/// Whether `text` (a recipient, contact card, signer or a whole file given as one)
/// holds secret key material, and which. Checked wherever a public key is parsed, so
/// that an identity file passed by mistake is refused as what it is, never quoted in an
/// error (CWE-209, CWE-532): the sanitiser hides keys only as a last line of defence.
pub fn secret_kind(text: &str) -> Option<SecretKind> {
    let upper = text.to_ascii_uppercase();
    // A protected isou identity holds no key in the clear, but is no public key either.
    if upper.contains(BEGIN) || upper.contains("ISOU-SIGNING-KEY-") {
        return Some(SecretKind::IsouIdentity);
    }
    if !crate::untrusted::looks_secret(text) {
        return None;
    }
    // Bech32 is case-insensitive: `age-secret-key-1…` is the same key.
    Some(if upper.contains("AGE-SECRET-KEY-") {
        SecretKind::AgeIdentity
    } else if upper.contains("AGE-PLUGIN-") {
        SecretKind::AgePluginIdentity
    } else {
        SecretKind::PrivateKey
    })
}
