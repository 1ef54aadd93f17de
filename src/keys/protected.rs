//! The protected block of an identity file: its fields checked against the checksum and
//! against the fields isou writes, the KDF bounded, then unlocked with the passphrase.

use std::path::Path;

use base64::{prelude::BASE64_STANDARD, Engine};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::parse::read_plain;
use super::write::protected_fields;
use super::{IdentityFile, KdfParams, KeyUse, END};
use crate::error::KeyError;

/// The fields of a version 1 protected identity file, each exactly once.
const PROTECTED_FIELDS: &[&str] = &[
    "version",
    "kdf",
    "argon2-version",
    "argon2-memory-kib",
    "argon2-iterations",
    "argon2-lanes",
    "salt",
    "aead",
    "nonce",
    "recipient",
    "signing-key",
    "label",
    "ciphertext",
];

/// The field lines of a protected file's block, checked against its checksum, each
/// one a field isou writes and none twice.
fn protected_field_lines<'a>(
    path: &Path,
    rest: &'a str,
) -> Result<Vec<(&'a str, &'a str)>, KeyError> {
    let corrupted = |why: &str| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let block = rest
        .split_once(END)
        .map(|(b, _)| b)
        .ok_or_else(|| corrupted(&crate::tr!("key-why-end-missing")))?;
    let block = block.strip_prefix('\n').unwrap_or(block);
    let (body, checksum) = block
        .rsplit_once("checksum: sha256:")
        .ok_or_else(|| corrupted(&crate::tr!("key-why-checksum-missing")))?;
    if hex::encode(Sha256::digest(body.as_bytes())) != checksum.trim() {
        return Err(corrupted(&crate::tr!("key-why-checksum-mismatch")));
    }
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for line in body.lines() {
        let (k, v) = line
            .split_once(": ")
            .ok_or_else(|| corrupted(&crate::tr!("key-why-field-malformed")))?;
        // Finding 07: a second `recipient:` (or `kdf:`, …) line, or a field version 1
        // does not have, is in no associated data — the AEAD is bound to the first of
        // each — so it would be read by nobody or, worse, by a later reader that takes
        // the last one. The checksum is unkeyed and proves nothing; only a file with
        // exactly the fields isou writes is read (CWE-347, CWE-436).
        if !PROTECTED_FIELDS.contains(&k) {
            return Err(corrupted(&crate::tr!(
                "key-why-unknown-field",
                field = crate::untrusted::sanitize(k)
            )));
        }
        if fields.iter().any(|(seen, _)| *seen == k) {
            return Err(corrupted(&crate::tr!("key-why-field-twice", field = k)));
        }
        fields.push((k, v));
    }
    Ok(fields)
}

/// What a protected file's block holds before it is unlocked, each field checked.
pub(super) struct ProtectedHeader<'a> {
    pub(super) params: KdfParams,
    pub(super) salt: Vec<u8>,
    pub(super) nonce: [u8; 24],
    pub(super) ct: Vec<u8>,
    pub(super) recipient: &'a str,
    pub(super) signing_pub: &'a str,
    pub(super) label: Option<&'a str>,
}

/// Every check of a protected file that needs no passphrase: checksum, fields, format
/// version, KDF and cipher, KDF bounds (before anything is asked or derived), encodings.
pub(super) fn protected_header<'a>(
    path: &Path,
    rest: &'a str,
) -> Result<ProtectedHeader<'a>, KeyError> {
    let corrupted = |why: &str| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let fields = protected_field_lines(path, rest)?;
    let get = |name: &str| -> Result<&str, KeyError> {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| corrupted(&crate::tr!("key-why-field-missing", field = name)))
    };
    if get("version")? != "1" {
        return Err(KeyError::UnknownFormat {
            path: path.to_path_buf(),
            why: crate::tr!(
                "key-why-newer-version",
                version = crate::untrusted::sanitize(get("version")?)
            ),
        });
    }
    if get("kdf")? != "argon2id"
        || get("argon2-version")? != "19"
        || get("aead")? != "xchacha20poly1305"
    {
        return Err(corrupted(&crate::tr!("key-why-unknown-kdf")));
    }
    let num = |name: &str| -> Result<u32, KeyError> {
        get(name)?
            .parse()
            .map_err(|_| corrupted(&crate::tr!("key-why-not-number", field = name)))
    };
    let params = KdfParams {
        memory_kib: num("argon2-memory-kib")?,
        iterations: num("argon2-iterations")?,
        lanes: num("argon2-lanes")?,
    };
    // Before the passphrase is asked: the user would type it and wait for nothing.
    if !params.within_bounds() {
        return Err(KeyError::KdfOutOfBounds {
            path: path.to_path_buf(),
            asked: params.describe(),
            most: KdfParams::MOST.describe(),
            below_minimum: params.below_minimum(),
        });
    }
    let b64 = |name: &str| -> Result<Vec<u8>, KeyError> {
        BASE64_STANDARD
            .decode(get(name)?)
            .map_err(|_| corrupted(&crate::tr!("key-why-not-base64", field = name)))
    };
    let salt = b64("salt")?;
    let nonce: [u8; 24] = b64("nonce")?
        .try_into()
        .map_err(|_| corrupted(&crate::tr!("key-why-nonce")))?;
    if salt.len() < 16 {
        return Err(corrupted(&crate::tr!("key-why-salt")));
    }
    let ct = b64("ciphertext")?;
    let recipient = get("recipient")?;
    let signing_pub = get("signing-key")?;
    let label = fields.iter().find(|(k, _)| *k == "label").map(|(_, v)| *v);
    Ok(ProtectedHeader {
        params,
        salt,
        nonce,
        ct,
        recipient,
        signing_pub,
        label,
    })
}

pub(super) fn read_protected(
    path: &Path,
    rest: &str,
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let corrupted = |why: &str| KeyError::Corrupted {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let ProtectedHeader {
        params,
        salt,
        nonce,
        ct,
        recipient,
        signing_pub,
        label,
    } = protected_header(path, rest)?;
    let aad = protected_fields(&params, &salt, &nonce, recipient, signing_pub, label);
    let pass = passphrase()?;
    let key = params.derive(&pass, &salt).map_err(|e| corrupted(&e))?;
    let plain = XChaCha20Poly1305::new((&*key).into())
        .decrypt(
            (&nonce).into(),
            Payload {
                msg: &ct,
                aad: aad.as_bytes(),
            },
        )
        // The checksum matched, but it is unkeyed: whoever can write the file can change
        // a public field (swap the signing key) and recompute it. The associated data
        // then fails exactly like a wrong passphrase, so the message names both.
        .map_err(|_| KeyError::WrongPassphraseOrAltered(path.to_path_buf()))?;
    let plain = Zeroizing::new(plain);
    let text = std::str::from_utf8(&plain)
        .map_err(|_| corrupted(&crate::tr!("key-why-sealed-not-text")))?;
    let id = read_plain(path, text, key_use)?;
    // The sealed keys must be the ones the file advertises (the recipient only when
    // the age key was decoded; it is authenticated as associated data anyway).
    let recipient_ok = match key_use {
        KeyUse::Sign => id.identities.is_empty(),
        _ => id.identities.len() == 1 && id.identities[0].to_public().to_string() == recipient,
    };
    let signing_ok = match key_use {
        KeyUse::Decrypt => id.signing.is_none(),
        _ => id
            .signing
            .as_ref()
            .and_then(|s| s.public_key().to_openssh().ok())
            .is_some_and(|s| s.trim() == signing_pub),
    };
    let card_ok = recipient_ok && signing_ok;
    if !card_ok {
        return Err(corrupted(&crate::tr!("key-why-sealed-mismatch")));
    }
    Ok(id)
}
