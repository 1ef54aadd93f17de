//! Writing a new identity file: `create_new` and mode 0600, never overwriting; its text
//! protected (Argon2id, XChaCha20-Poly1305) or plain.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use base64::{prelude::BASE64_STANDARD, Engine};
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use rand::RngCore;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{io_err, KdfParams, NewIdentity, BEGIN, END};
use crate::error::KeyError;

/// Writes a new identity file: `create_new` (never overwrites) with mode 0600, fsynced.
/// With `passphrase`, the secrets are sealed as described in the module docs; without,
/// the file is a plain age identity file. A missing parent directory is created 0700.
pub fn write_identity_file(
    path: &Path,
    id: &NewIdentity,
    passphrase: Option<&SecretString>,
    params: KdfParams,
) -> Result<(), KeyError> {
    let text = Zeroizing::new(match passphrase {
        Some(p) => protected_text(id, p, params)?,
        None => unprotected_text(id),
    });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut b = fs::DirBuilder::new();
            b.recursive(true);
            crate::platform::owner_only_dir(&mut b);
            b.create(dir).map_err(io_err(dir))?;
        }
    }
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    crate::platform::secret_file(&mut opts);
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::AlreadyExists(path.to_path_buf())
        } else {
            io_err(path)(e)
        }
    })?;
    // On Windows the file gets a protected DACL granting only this user (the mode
    // above does that on Unix); see crate::platform.
    let written = crate::platform::make_private(&f)
        .and_then(|()| f.write_all(text.as_bytes()))
        .and_then(|_| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(io_err(path)(e));
    }
    Ok(())
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

// The comments written into an identity file are part of a file, not messages: they
// stay in English whoever ran keygen (issue 17), as a file does not change language
// with the person reading it.
pub(super) fn unprotected_text(id: &NewIdentity) -> String {
    format!(
        "# isou identity file — UNPROTECTED: no passphrase guards these keys.\n\
         # Keep it only on protected hardware or for scripts; anyone who copies it can\n\
         # open what is sent to you and sign as you. The age CLI reads it as is.\n\
         # created: {}\n\
         # public key: {}\n\
         # contact card: {}\n\
         {}",
        now(),
        id.age.to_public(),
        id.contact_card(&id.label),
        id.secret_text().as_str()
    )
}

/// The field lines of a protected file, in order; all of them are associated data.
/// The card's `label` line only when there is one: a file without a label is the same
/// bytes as before labels were kept, so older files still open.
pub(super) fn protected_fields(
    params: &KdfParams,
    salt: &[u8],
    nonce: &[u8],
    recipient: &str,
    signing: &str,
    label: Option<&str>,
) -> String {
    format!(
        "version: 1\nkdf: argon2id\nargon2-version: 19\nargon2-memory-kib: {}\n\
         argon2-iterations: {}\nargon2-lanes: {}\nsalt: {}\naead: xchacha20poly1305\n\
         nonce: {}\nrecipient: {recipient}\nsigning-key: {signing}\n{}",
        params.memory_kib,
        params.iterations,
        params.lanes,
        BASE64_STANDARD.encode(salt),
        BASE64_STANDARD.encode(nonce),
        label
            .filter(|l| !l.is_empty())
            .map(|l| format!("label: {l}\n"))
            .unwrap_or_default(),
    )
}

pub(super) fn protected_text(
    id: &NewIdentity,
    passphrase: &SecretString,
    params: KdfParams,
) -> Result<String, KeyError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let card = id.contact_card("");
    let signing = card.to_string();
    let signing = signing
        .split_whitespace()
        .skip(2)
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let fields = protected_fields(
        &params,
        &salt,
        &nonce,
        &card.recipient.to_string(),
        &signing,
        Some(id.label.as_str()),
    );
    let key = params
        .derive(passphrase, &salt)
        .map_err(KeyError::Passphrase)?;
    let ct = XChaCha20Poly1305::new((&*key).into())
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: id.secret_text().as_bytes(),
                aad: fields.as_bytes(),
            },
        )
        .expect("encrypting a small buffer does not fail");
    let body = format!("{fields}ciphertext: {}\n", BASE64_STANDARD.encode(ct));
    let sum = hex::encode(Sha256::digest(body.as_bytes()));
    Ok(format!(
        "# isou identity file — SECRET, protected by a passphrase. Share only the contact\n\
         # card below; never send this file. Losing the passphrase loses the keys.\n\
         # created: {}\n\
         # contact card: {}\n\
         {BEGIN}\n{body}checksum: sha256:{sum}\n{END}\n",
        now(),
        id.contact_card(&id.label)
    ))
}
