//! Keys: identity files, contact cards, recipients and passphrases.
//!
//! An isou **identity file** holds one party's two secrets: the X25519 age identity it
//! receives with and the Ed25519 key it signs media with. At rest it is protected by a
//! passphrase (Argon2id, RFC 9106 parameters recorded in the file, then
//! XChaCha20-Poly1305), created with `create_new` and mode 0600, never overwritten:
//!
//! ```text
//! # isou identity file — SECRET. Share only the contact card below.
//! # created: 2026-11-25T21:30:00Z
//! # contact card: isou-card-v1 age1… ssh-ed25519 AAAA…
//! -----BEGIN ISOU IDENTITY-----
//! version: 1
//! kdf: argon2id
//! argon2-version: 19
//! argon2-memory-kib: 65536
//! argon2-iterations: 3
//! argon2-lanes: 4
//! salt: <base64, 16 bytes>
//! aead: xchacha20poly1305
//! nonce: <base64, 24 bytes>
//! recipient: age1…
//! signing-key: ssh-ed25519 AAAA…
//! ciphertext: <base64>
//! checksum: sha256:<hex of the lines above>
//! -----END ISOU IDENTITY-----
//! ```
//!
//! Every field line before `ciphertext` is the AEAD's associated data, so the public
//! keys and KDF parameters cannot be swapped. The checksum lets isou tell a damaged file
//! ("restore it from backup") from one that does not open, which an AEAD alone cannot.
//! The checksum is unkeyed: whoever can write the file can alter a public field and
//! recompute it, and the AEAD then fails exactly as with a wrong passphrase, so that
//! error names both ([`KeyError::WrongPassphraseOrAltered`]). Argon2id parameters above
//! [`KdfParams::MOST`] (or below Argon2id's minimums) are refused before the passphrase
//! is asked. Each field appears exactly once and no other field is allowed: a repeated
//! or unknown line is in no associated data, so it is refused as altered rather than
//! read, first or last. CRLF line endings and
//! a UTF-8 byte order mark are accepted; only regular files are read.
//!
//! With `--unprotected` the file is a plain age identity file that the `age` CLI reads,
//! the signing key riding in a comment line that age ignores:
//!
//! ```text
//! # isou identity file — UNPROTECTED …
//! AGE-SECRET-KEY-1…
//! # ISOU-SIGNING-KEY-ED25519: <base64 seed>
//! ```
//!
//! An unprotected isou file holds exactly one line of each kind; a second signing-key
//! line, or a second age identity beside a signing key, is refused.
//!
//! Plain age identity files (`age-keygen` output) and passphrase-encrypted age identity
//! files are read too; they can decrypt but not sign.
//!
//! Secrets in memory: only the keys a command needs are decoded ([`KeyUse`]), each in
//! one heap buffer zeroized on drop (the signing key is boxed so moves do not copy it),
//! and the stack below the reader is wiped after parsing ([`wipe_stack`]).

pub mod card;
pub mod passphrase;
pub mod reason;

mod identity;
mod kdf;
mod parse;
mod protected;
mod read;
mod secret;
mod write;

use std::path::{Path, PathBuf};

pub use card::{
    parse_recipient, parse_recipients_file, read_key_file, read_recipients_file, refuse_secret,
    ContactCard,
};
pub use identity::{IdentityFile, NewIdentity};
pub use kdf::KdfParams;
pub use parse::parse_identity;
pub use passphrase::PassphraseSource;
pub use read::{
    check_permissions, read_identity_file, read_identity_file_for, read_public_card, wipe_stack,
    KeyUse,
};
pub use secret::{secret_kind, SecretKind};
pub use write::write_identity_file;

use crate::error::KeyError;

const BEGIN: &str = "-----BEGIN ISOU IDENTITY-----";
const END: &str = "-----END ISOU IDENTITY-----";
const SIGNING_PREFIX: &str = "# ISOU-SIGNING-KEY-ED25519: ";
/// Identity files are a few hundred bytes; anything far larger is not one.
const MAX_FILE: u64 = 1024 * 1024;

/// A UTF-8 byte order mark some editors put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The default identity file: `$ISOU_IDENTITY`, else `<config dir>/isou/identity.txt`
/// (`~/.config/isou/identity.txt` on Linux).
pub fn default_identity_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ISOU_IDENTITY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::config_dir().map(|d| d.join("isou").join("identity.txt"))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |error| KeyError::Io {
        path: path.to_path_buf(),
        error,
    }
}

#[cfg(test)]
mod tests;
