//! Parsing an identity file's contents: an isou protected block, a plain age identity
//! file (with isou's signing-key line), or a passphrase-encrypted age identity.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::identity::signing_key_from_seed;
use super::protected::read_protected;
use super::{IdentityFile, KeyUse, BEGIN, BOM, SIGNING_PREFIX};
use crate::error::KeyError;

/// The text without CRLF line endings (an intact file copied through Windows is not
/// damaged), in one zeroized buffer.
pub(super) fn without_cr(raw: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(raw.len()));
    for (i, &b) in raw.iter().enumerate() {
        if b == b'\r' && raw.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

/// Parses identity file contents (see [`read_identity_file`](super::read_identity_file)); exposed for fuzzing.
pub fn parse_identity(
    path: &Path,
    raw: &[u8],
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    parse_identity_for(path, raw, KeyUse::All, passphrase)
}

pub(super) fn parse_identity_for(
    path: &Path,
    raw: &[u8],
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let unknown = |why: String| KeyError::UnknownFormat {
        path: path.to_path_buf(),
        why,
    };
    let raw = raw.strip_prefix(BOM).unwrap_or(raw);
    if raw.starts_with(b"age-encryption.org/")
        || raw.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    {
        return read_age_encrypted_identity(path, raw, key_use, passphrase);
    }
    let raw = without_cr(raw);
    let text = std::str::from_utf8(&raw).map_err(|_| unknown(crate::tr!("key-why-not-utf8")))?;
    if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
        return Err(unknown(crate::tr!("key-why-ssh-private-key")));
    }
    if let Some(start) = text.find(BEGIN) {
        return read_protected(path, &text[start + BEGIN.len()..], key_use, passphrase);
    }
    read_plain(path, text, key_use)
}

pub(super) fn read_plain(
    path: &Path,
    text: &str,
    key_use: KeyUse,
) -> Result<IdentityFile, KeyError> {
    let corrupted = |why: String| KeyError::Corrupted {
        path: path.to_path_buf(),
        why,
    };
    let mut identities = Vec::new();
    let mut seeds = Vec::new();
    let mut age_lines = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(seed) = line.strip_prefix(SIGNING_PREFIX) {
            seeds.push(seed);
        } else if line.is_empty() || line.starts_with('#') {
            continue;
        } else if line.starts_with("AGE-SECRET-KEY-1") {
            age_lines += 1;
            // Only the keys asked for are decoded (seal never holds the X25519 key).
            if key_use != KeyUse::Sign {
                let id = age::x25519::Identity::from_str(line).map_err(|e| {
                    corrupted(crate::tr!(
                        "key-why-line",
                        line = (n + 1).to_string(),
                        error = e.to_string()
                    ))
                })?;
                identities.push(id);
            }
        } else {
            return Err(KeyError::UnknownFormat {
                path: path.to_path_buf(),
                why: crate::tr!("key-why-unknown-line", line = (n + 1).to_string()),
            });
        }
    }
    if age_lines == 0 {
        return Err(KeyError::UnknownFormat {
            path: path.to_path_buf(),
            why: crate::tr!("key-why-no-age-line"),
        });
    }
    // An isou identity holds one key of each kind. Two signing keys (or a second age
    // identity beside a signing key) mean the file was edited: isou will not guess
    // which one is the owner's by taking the last (issue 13).
    if seeds.len() > 1 {
        return Err(corrupted(crate::tr!(
            "key-why-many-signing-keys",
            count = seeds.len()
        )));
    }
    if !seeds.is_empty() && age_lines > 1 {
        return Err(corrupted(crate::tr!(
            "key-why-many-age-lines",
            count = age_lines
        )));
    }
    let signing = match seeds.first().filter(|_| key_use != KeyUse::Decrypt) {
        Some(seed) => Some(signing_key_from_seed(seed).map_err(&corrupted)?),
        None => None,
    };
    Ok(IdentityFile {
        path: path.to_path_buf(),
        identities,
        signing,
    })
}

fn read_age_encrypted_identity(
    path: &Path,
    raw: &[u8],
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    use crate::engine::{Decryptor, Parallelism};
    use crate::error::DecryptError;
    let d = Decryptor::new(raw).map_err(|e| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: e.to_string(),
    })?;
    // The plaintext is shorter than the file: one buffer, never grown (a grown one
    // leaves unwiped copies in the freed smaller ones; CWE-226).
    let mut plain = Zeroizing::new(Vec::with_capacity(raw.len() + 1));
    let r = d.decrypt_with_passphrase(passphrase()?, None, Parallelism::with_workers(1));
    let result = r.and_then(|mut r| r.read_to_end(&mut plain).map_err(DecryptError::from_io));
    match result {
        Ok(_) => {}
        Err(DecryptError::WrongPassphrase) => {
            return Err(KeyError::WrongPassphrase(path.to_path_buf()))
        }
        Err(e) => {
            return Err(KeyError::Corrupted {
                path: path.to_path_buf(),
                why: e.to_string(),
            })
        }
    }
    let text = std::str::from_utf8(&plain).map_err(|_| KeyError::UnknownFormat {
        path: path.to_path_buf(),
        why: crate::tr!("key-why-decrypted-not-text"),
    })?;
    read_plain(path, text, key_use)
}
