//! Sender signatures: SSHSIG (Ed25519) over a medium's tag manifest.
//!
//! age authenticates nothing about the sender: anyone who knows the recipient's public
//! key can encrypt to it, so without a signature a medium swapped in the post would
//! still decrypt. isou signs the bag's `tagmanifest-sha256.txt` (which fixes the hash of
//! every other file) with the sender's Ed25519 key in the OpenSSH `SSHSIG` format
//! (PROTOCOL.sshsig), namespace `isou`, so a recipient can check it with isou or with
//! `ssh-keygen -Y verify` alone.

use std::fmt;

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The SSHSIG namespace of isou signatures: a signature made for another purpose (git
/// commits, files) can never be replayed as an isou medium signature.
pub const NAMESPACE: &str = "isou";

/// An armored signature larger than this is not one of ours.
const MAX_PEM: usize = 64 * 1024;

/// Why a signature was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// The signature file is not an SSHSIG PEM block.
    Malformed(String),
    /// The signature file is larger than any isou signature (worded when shown, so
    /// `--json` gives it in English whatever the language: red team 17 finding 01).
    TooLarge,
    /// The signature file is not text.
    NotText,
    /// Made for another purpose (its namespace is not `isou`).
    WrongNamespace(String),
    /// Made with a key that is not Ed25519.
    UnsupportedKey(String),
    /// Made by a key that is not among the trusted senders.
    UnknownSigner {
        /// SHA-256 fingerprint of the key that made the signature.
        fingerprint: String,
    },
    /// The signature does not match the signed data: it was altered.
    Invalid {
        /// SHA-256 fingerprint of the claimed signer.
        fingerprint: String,
    },
    /// Signing failed (ssh-key's error).
    Signing(ssh_key::Error),
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            SignatureError::Malformed(why) => crate::tr!("sig-malformed", why = why.as_str()),
            SignatureError::TooLarge => {
                crate::tr!("sig-malformed", why = crate::tr!("sig-why-too-large"))
            }
            SignatureError::NotText => {
                crate::tr!(
                    "sig-malformed",
                    why = crate::tr!("media-signature-not-text")
                )
            }
            SignatureError::WrongNamespace(ns) => crate::tr!(
                "sig-wrong-namespace",
                namespace = crate::untrusted::sanitize(ns)
            ),
            SignatureError::UnsupportedKey(alg) => {
                crate::tr!("sig-unsupported-key", algorithm = alg.as_str())
            }
            SignatureError::UnknownSigner { fingerprint } => {
                crate::tr!("sig-unknown-signer", fingerprint = fingerprint.as_str())
            }
            SignatureError::Invalid { fingerprint } => {
                crate::tr!("sig-invalid", fingerprint = fingerprint.as_str())
            }
            SignatureError::Signing(e) => crate::tr!("sig-signing-failed", why = e.to_string()),
        })
    }
}

impl std::error::Error for SignatureError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SignatureError::Signing(e) => Some(e),
            _ => None,
        }
    }
}

impl SignatureError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            SignatureError::UnknownSigner { .. } => crate::tr!("sig-unknown-signer-hint"),
            SignatureError::Invalid { .. }
            | SignatureError::Malformed(_)
            | SignatureError::TooLarge
            | SignatureError::NotText
            | SignatureError::WrongNamespace(_) => crate::tr!("sig-tampered-hint"),
            SignatureError::UnsupportedKey(_) => crate::tr!("sig-unsupported-key-hint"),
            SignatureError::Signing(_) => return None,
        })
    }
}

/// The `SHA256:…` fingerprint of a public key, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Signs `message`; returns the armored signature (`-----BEGIN SSH SIGNATURE-----`).
pub fn sign(key: &PrivateKey, message: &[u8]) -> Result<String, SignatureError> {
    sign_in(NAMESPACE, key, message)
}

/// [`sign`] in another SSHSIG namespace (a receipt's, `records::receipt::NAMESPACE`):
/// the namespace is part of what is signed, so a signature made in one can never be
/// checked as one of the other (PROTOCOL.sshsig, CWE-347).
pub fn sign_in(
    namespace: &str,
    key: &PrivateKey,
    message: &[u8],
) -> Result<String, SignatureError> {
    if key.algorithm() != ssh_key::Algorithm::Ed25519 {
        return Err(SignatureError::UnsupportedKey(key.algorithm().to_string()));
    }
    let sig = key
        .sign(namespace, HashAlg::Sha512, message)
        .map_err(SignatureError::Signing)?;
    sig.to_pem(LineEnding::LF).map_err(SignatureError::Signing)
}

/// A good signature by a trusted key.
#[derive(Clone, Debug)]
pub struct Verified {
    /// The key that signed.
    pub signer: PublicKey,
    /// Its SHA-256 fingerprint.
    pub fingerprint: String,
}

/// Reads an armored signature: the key it claims, without checking anything yet.
pub fn parse(pem: &str) -> Result<SshSig, SignatureError> {
    parse_in(NAMESPACE, pem)
}

/// [`parse`] of a signature that must be in `namespace`.
pub fn parse_in(namespace: &str, pem: &str) -> Result<SshSig, SignatureError> {
    if pem.len() > MAX_PEM {
        return Err(SignatureError::TooLarge);
    }
    let sig = SshSig::from_pem(pem)
        .map_err(|e| SignatureError::Malformed(crate::keys::reason::ssh_key(&e)))?;
    if sig.namespace() != namespace {
        return Err(SignatureError::WrongNamespace(sig.namespace().to_string()));
    }
    if sig.public_key().algorithm() != ssh_key::Algorithm::Ed25519 {
        return Err(SignatureError::UnsupportedKey(
            sig.public_key().algorithm().to_string(),
        ));
    }
    Ok(sig)
}

/// Checks that `pem` is a valid isou signature of `message` by one of `trusted`.
/// An empty `trusted` list accepts any signer whose signature is valid (the caller then
/// reports the signer's fingerprint for a human to compare).
pub fn verify(
    pem: &str,
    message: &[u8],
    trusted: &[PublicKey],
) -> Result<Verified, SignatureError> {
    verify_in(NAMESPACE, pem, message, trusted)
}

/// [`verify`] of a signature that must be in `namespace`.
pub fn verify_in(
    namespace: &str,
    pem: &str,
    message: &[u8],
    trusted: &[PublicKey],
) -> Result<Verified, SignatureError> {
    let sig = parse_in(namespace, pem)?;
    let claimed = PublicKey::from(sig.public_key().clone());
    let fingerprint = fingerprint(&claimed);
    if !trusted.is_empty() && !trusted.iter().any(|k| k.key_data() == claimed.key_data()) {
        return Err(SignatureError::UnknownSigner { fingerprint });
    }
    claimed
        .verify(namespace, message, &sig)
        .map_err(|_| SignatureError::Invalid {
            fingerprint: fingerprint.clone(),
        })?;
    Ok(Verified {
        signer: claimed,
        fingerprint,
    })
}

/// A line for an OpenSSH `allowed_signers` file, restricted to the isou namespace, so a
/// recipient can run `ssh-keygen -Y verify -f allowed_signers -I IDENTITY -n isou`.
pub fn allowed_signers_line(identity: &str, key: &PublicKey) -> String {
    let k = key.to_openssh().unwrap_or_default();
    let mut parts = k.split_whitespace();
    let (alg, b64) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    format!("{identity} namespaces=\"{NAMESPACE}\" {alg} {b64}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> PrivateKey {
        PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap()
    }

    #[test]
    fn sign_verify_and_every_refusal() {
        let k = key();
        let other = key();
        let msg = b"0123 tagmanifest\n";
        let pem = sign(&k, msg).unwrap();
        assert!(pem.starts_with("-----BEGIN SSH SIGNATURE-----"));
        let v = verify(&pem, msg, &[k.public_key().clone()]).unwrap();
        assert_eq!(v.fingerprint, fingerprint(k.public_key()));
        assert!(verify(&pem, msg, &[]).is_ok());

        assert!(matches!(
            verify(&pem, b"0123 tagmanifesT\n", &[k.public_key().clone()]),
            Err(SignatureError::Invalid { .. })
        ));
        assert!(matches!(
            verify(&pem, msg, &[other.public_key().clone()]),
            Err(SignatureError::UnknownSigner { .. })
        ));
        let git = k
            .sign("git", HashAlg::Sha512, msg)
            .unwrap()
            .to_pem(LineEnding::LF)
            .unwrap();
        assert!(matches!(
            verify(&git, msg, &[]),
            Err(SignatureError::WrongNamespace(ns)) if ns == "git"
        ));
        assert!(matches!(
            verify("garbage", msg, &[]),
            Err(SignatureError::Malformed(_))
        ));
    }
}
