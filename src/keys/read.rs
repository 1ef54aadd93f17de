//! Reading identity files from disk: regular files only, bounded, not readable by
//! others, only the secrets asked for decoded, the stack wiped after.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::parse::{parse_identity_for, read_plain, without_cr};
use super::protected::protected_header;
use super::{card, io_err, reason, ContactCard, IdentityFile, BEGIN, BOM, MAX_FILE};
use crate::error::KeyError;

/// Refuses an identity file that others can read: a key that may have been copied is no
/// longer a key (the manual requires keys be accessible only to authorised persons).
pub fn check_permissions(path: &Path) -> Result<(), KeyError> {
    let meta = fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            KeyError::NotFound(path.to_path_buf())
        } else {
            io_err(path)(e)
        }
    })?;
    check_mode(path, &meta)
}

fn check_mode(path: &Path, meta: &fs::Metadata) -> Result<(), KeyError> {
    // Unix permission bits; on Windows no mode is read (the ACL is not judged, see
    // SECURITY.md "On Windows").
    if let Some(mode) = crate::platform::mode(meta) {
        if crate::platform::loose(mode) {
            return Err(KeyError::InsecurePermissions {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    Ok(())
}

/// Which secrets of an identity file to decode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyUse {
    /// Both: to decrypt, to sign, to print the contact card.
    All,
    /// Only the signing key: `seal` signs and never decrypts, so the X25519 secret is
    /// not decoded and never sits in its memory (issue 13; CWE-226, least privilege).
    Sign,
    /// Only the age identities: `decrypt` and `open` never sign.
    Decrypt,
}

/// Opens an identity file for reading only if it is a regular file: a FIFO would block
/// the open (and then the read) for ever, a device could be endless (CWE-400). The
/// open is non-blocking and the type and mode come from the opened descriptor, so a
/// file swapped between the check and the read is not read (CWE-367).
fn open_regular(path: &Path) -> Result<(File, fs::Metadata), KeyError> {
    use crate::localfile::{self, Links, LocalFileError};
    let (f, meta) = localfile::open_regular(path, Links::Follow).map_err(|e| match e {
        LocalFileError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            KeyError::NotFound(path.to_path_buf())
        }
        LocalFileError::Io(e) => io_err(path)(e),
        LocalFileError::NotRegular(kind) => KeyError::NotRegular {
            path: path.to_path_buf(),
            kind,
        },
        e @ LocalFileError::TooLarge { .. } => io_err(path)(std::io::Error::other(e)),
    })?;
    Ok((f, meta))
}

/// Reads an identity file of any supported kind, with both its secrets. `passphrase` is
/// called only when the file is protected.
pub fn read_identity_file(
    path: &Path,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    read_identity_file_for(path, KeyUse::All, passphrase)
}

/// Reads an identity file, decoding only the secrets `key_use` needs.
pub fn read_identity_file_for(
    path: &Path,
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let read = read_file_inner(path, key_use, passphrase);
    // The secrets now live only in the heap buffers of the result (zeroized on drop);
    // the copies that parsing and key construction left in dead stack frames are
    // overwritten here (CWE-226).
    wipe_stack();
    read
}

/// The contact card of an identity file, read without its passphrase: a card holds only
/// public keys, so `isou card` need not unlock anything (issue 15 item 10).
///
/// A protected file keeps its public keys (and the label given at keygen) as field
/// lines in the clear, and they are the AEAD's associated data: every unlock (seal,
/// open, decrypt) authenticates them, and a file whose fields were changed stops
/// opening ([`KeyError::WrongPassphraseOrAltered`]). Read here without unlocking, they
/// are checked against the file's checksum (damage is caught) but not against
/// tampering by someone who can write the file: such a person could equally replace
/// the whole file, and the card's fingerprints are what partners confirm by phone
/// (README). Deriving them without the secret is impossible (the public keys *are*
/// what the secret derives). An unprotected file holds its secrets in the clear, and
/// the card is derived from them; its label rides in its `# contact card:` comment.
/// A passphrase-encrypted age identity (not isou's) has no signing key, so no card.
pub fn read_public_card(path: &Path) -> Result<ContactCard, KeyError> {
    // An unprotected file's card is derived from its secrets, decoded on the way: the
    // stack below is wiped after, as after any key parsing (CWE-226).
    let card = read_public_card_inner(path);
    wipe_stack();
    card
}

#[inline(never)]
fn read_public_card_inner(path: &Path) -> Result<ContactCard, KeyError> {
    let corrupted = |why: String| KeyError::Corrupted {
        path: path.to_path_buf(),
        why,
    };
    // The same checks as before an unlock: an identity file others may read is refused
    // even though only its public part is printed — it holds the secrets (CWE-732).
    let raw = read_identity_bytes(path)?;
    let bytes = raw.strip_prefix(BOM).unwrap_or(&raw[..]);
    if bytes.starts_with(b"age-encryption.org/")
        || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
    {
        return Err(KeyError::NoSigningKey(path.to_path_buf()));
    }
    let text = without_cr(bytes);
    let text = std::str::from_utf8(&text).map_err(|_| KeyError::UnknownFormat {
        path: path.to_path_buf(),
        why: crate::tr!("key-why-not-utf8"),
    })?;
    let Some(start) = text.find(BEGIN) else {
        let id = read_plain(path, text, KeyUse::All)?;
        // The label written at keygen, from the comment (an unprotected file has
        // nothing authenticated: whoever can write it can change the keys too).
        let label = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("# contact card: "))
            .find_map(|c| c.parse::<ContactCard>().ok())
            .map(|c| c.label)
            .unwrap_or_default();
        return id
            .contact_card(&label)
            .ok_or_else(|| KeyError::NoSigningKey(path.to_path_buf()));
    };
    // Everything a later unlock would refuse before asking is refused here too: a
    // card from a file that can never open (or was altered) is of no use to anyone.
    let h = protected_header(path, &text[start + BEGIN.len()..])?;
    let recipient = h.recipient.parse::<age::x25519::Recipient>().map_err(|e| {
        corrupted(crate::tr!(
            "key-why-recipient-field",
            error = reason::age_recipient(e)
        ))
    })?;
    let signing_key = ssh_key::PublicKey::from_openssh(h.signing_pub).map_err(|e| {
        corrupted(crate::tr!(
            "key-why-signing-field",
            error = reason::ssh_key(&e)
        ))
    })?;
    let label = h.label.unwrap_or("");
    // Printed by `isou card` and recorded by partners: a record value, as keygen wrote it.
    if !label.is_empty() && crate::records::check_value("label", label).is_err() {
        return Err(corrupted(crate::tr!("key-why-label")));
    }
    Ok(ContactCard {
        recipient,
        signing_key,
        label: label.to_string(),
    })
}

#[inline(never)]
fn read_file_inner(
    path: &Path,
    key_use: KeyUse,
    passphrase: &mut dyn FnMut() -> Result<SecretString, KeyError>,
) -> Result<IdentityFile, KeyError> {
    let raw = read_identity_bytes(path)?;
    parse_identity_for(path, &raw, key_use, passphrase)
}

/// The bytes of an identity file, read once, bounded, held zeroizing: a regular file of
/// at most [`MAX_FILE`] bytes, not a public key, not readable by others.
fn read_identity_bytes(path: &Path) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let (f, meta) = open_regular(path)?;
    // One allocation of the right size: a buffer grown while reading would leave
    // unwiped copies of the secrets in the freed smaller ones.
    let mut raw = Zeroizing::new(Vec::with_capacity(meta.len().min(MAX_FILE) as usize + 1));
    f.take(MAX_FILE + 1)
        .read_to_end(&mut raw)
        .map_err(io_err(path))?;
    if raw.len() as u64 > MAX_FILE {
        return Err(KeyError::UnknownFormat {
            path: path.to_path_buf(),
            why: crate::tr!("key-why-too-large"),
        });
    }
    // A partner's contact card (or any public key) given as -i is named as such before
    // its permissions are judged: "readable by other users … check who may have copied
    // it" about a public card sends the clerk hunting for a leak that never happened
    // (issue 15 item 5). Only a file with nothing secret in it is so named; any other
    // file readable by others is refused as before (CWE-732).
    if let Some(kind) = card::public_kind(&raw) {
        return Err(KeyError::PublicKeyGiven {
            path: path.to_path_buf(),
            kind,
        });
    }
    check_mode(path, &meta)?;
    Ok(raw)
}

/// Overwrites 256 KiB of the stack below the caller's frame with zeros: the dead frames
/// of key parsing, key derivation and decryption held copies of the secrets (moves in
/// Rust copy, and nothing wipes a frame when it returns; issue 13 found the signing
/// seed 21 times on the stack of a stalled `decrypt`). Call it after the secrets were
/// used (CWE-226).
#[inline(never)]
pub fn wipe_stack() {
    let mut buf = [0u8; 256 * 1024];
    zeroize::Zeroize::zeroize(&mut buf[..]);
    std::hint::black_box(&mut buf);
}
