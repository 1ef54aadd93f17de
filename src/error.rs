//! Errors of the library, each a lower-case statement of the problem plus, separately,
//! a hint that tells the user what to do (the CLI prints both).
//!
//! Both come from the message catalogue (`i18n/*/crypto.ftl`), in the
//! language the program chose (`crate::i18n::set`; English for a library user who did
//! not choose). The reasons carried inside (`why`) are formatted when the error is made,
//! in the same language. None of these texts is stored in the ledger or on a medium.
//!
//! Every error of the library that wraps another (an `io::Error`, SQLite's, age's,
//! another of isou's) returns it from `source()`, even where its message already
//! quotes it: the chain can be walked to the first cause. A typed error that travels
//! through `Read`/`Write` stacks inside an `io::Error` is found again with
//! [`typed_in`] (or taken out with [`into_typed`]), never by a downcast of its own.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::engine::PayloadError;
use crate::keys::SecretKind;

/// The error another error came from, kept for [`std::error::Error::source`] where its
/// words are in the message already (one form for every library error that keeps one).
pub type Cause = Option<Box<dyn std::error::Error + Send + Sync>>;

/// `e` as a [`Cause`].
pub fn cause(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Cause {
    Some(e.into())
}

/// What kind of failure an error is; the CLI maps each to its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// The data was refused: malformed, altered, truncated.
    Rejected,
    /// No usable key: wrong identity or passphrase, unusable identity file.
    Key,
    /// Usage, configuration or I/O: the data itself was not judged.
    Usage,
}

/// Most errors [`typed_in`] looks at in one chain: chains are a few links long; the
/// bound keeps a `source()` that leads back to itself from looping.
const MAX_CHAIN: usize = 32;

/// The error of type `E` carried inside `e`, if any: a typed error travels through
/// `Read`/`Write` stacks (tar, zstd, the STREAM reader, a medium's segments) as
/// `io::Error::other(error)`, and may be wrapped again on the way (an `io::Error` in
/// an `io::Error`, an error whose `source()` is the `io::Error` that carries it).
/// Looks at what `e` carries, then down the `source()` chain from there — into an
/// `io::Error` by its `get_ref()`, as an `io::Error`'s own `source()` skips the error
/// it carries — and returns the first `E` met, the outermost.
pub fn typed_in<E: std::error::Error + 'static>(e: &io::Error) -> Option<&E> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|i| i as _);
    for _ in 0..MAX_CHAIN {
        let here = next?;
        if let Some(found) = here.downcast_ref::<E>() {
            return Some(found);
        }
        next = match here.downcast_ref::<io::Error>() {
            Some(io) => io.get_ref().map(|i| i as _),
            None => here.source(),
        };
    }
    None
}

/// [`typed_in`] for a caller that keeps the error: takes out the `E` that `e` carries,
/// directly or in `io::Error`s inside it. An `E` further down (behind another error's
/// `source()`, which only lends it) is not taken: `e` comes back untouched, as it does
/// when it carries no `E`.
pub fn into_typed<E: std::error::Error + Send + Sync + 'static>(
    e: io::Error,
) -> Result<E, io::Error> {
    fn holds<E: std::error::Error + 'static>(e: &io::Error, depth: usize) -> bool {
        match e.get_ref() {
            Some(i) if i.is::<E>() => true,
            Some(i) => {
                depth < MAX_CHAIN
                    && i.downcast_ref::<io::Error>()
                        .is_some_and(|io| holds::<E>(io, depth + 1))
            }
            None => false,
        }
    }
    if !holds::<E>(&e, 0) {
        return Err(e);
    }
    let mut inner = e.into_inner().expect("holds an error");
    loop {
        inner = match inner.downcast::<E>() {
            Ok(found) => return Ok(*found),
            Err(other) => other
                .downcast::<io::Error>()
                .expect("holds an io::Error on the way")
                .into_inner()
                .expect("holds an error"),
        };
    }
}

/// Why an age file could not be decrypted.
#[derive(Debug)]
pub enum DecryptError {
    /// The input does not start like an age file.
    NotAgeFile,
    /// The file is an age file of a format version this build does not read.
    UnsupportedVersion(String),
    /// The header is malformed (the reason says where).
    InvalidHeader(String),
    /// The header exceeds the parser's bounds on lines, stanzas or size.
    HeaderTooLarge(String),
    /// The ASCII armor around the file is malformed.
    Armor(String),
    /// The passphrase stanza demands more scrypt work than isou will spend.
    ExcessiveWork {
        /// log2 of the scrypt work factor the file asks for.
        required: u8,
        /// The largest log2 work factor accepted.
        max: u8,
    },
    /// The passphrase's scrypt work factor needs more memory than this machine can give
    /// (checked before the allocation, which would otherwise abort the process).
    InsufficientMemory {
        /// log2 of the scrypt work factor the file asks for.
        work_factor: u8,
        /// Bytes scrypt needs for it.
        required: u64,
        /// Bytes available (memory, or the process's address-space limit).
        available: u64,
    },
    /// None of the identities can unwrap the file key.
    NoMatchingIdentity,
    /// The passphrase does not unwrap the file key.
    WrongPassphrase,
    /// The file is encrypted with a passphrase, but identities were given.
    PassphraseRequired,
    /// The file is encrypted to recipients, but a passphrase was given.
    NotPassphraseEncrypted,
    /// The header MAC does not match: the header was altered.
    HeaderMac,
    /// The payload failed to open.
    Payload(PayloadError),
    /// Reading the input failed.
    Io(io::Error),
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            DecryptError::NotAgeFile => crate::tr!("crypto-not-age-file"),
            DecryptError::UnsupportedVersion(v) => {
                crate::tr!("crypto-unsupported-version", version = v.as_str())
            }
            DecryptError::InvalidHeader(why) => {
                crate::tr!("crypto-invalid-header", why = why.as_str())
            }
            DecryptError::HeaderTooLarge(why) => {
                crate::tr!("crypto-header-too-large", why = why.as_str())
            }
            DecryptError::Armor(why) => crate::tr!("crypto-armor-invalid", why = why.as_str()),
            DecryptError::ExcessiveWork { required, max } => crate::tr!(
                "crypto-excessive-work",
                required = required.to_string(),
                max = max.to_string()
            ),
            DecryptError::InsufficientMemory {
                work_factor,
                required,
                available,
            } => crate::tr!(
                "crypto-insufficient-memory",
                factor = work_factor.to_string(),
                required = (required >> 20).to_string(),
                available = (available >> 20).to_string()
            ),
            DecryptError::NoMatchingIdentity => crate::tr!("crypto-no-matching-identity"),
            DecryptError::WrongPassphrase => crate::tr!("crypto-wrong-passphrase"),
            DecryptError::PassphraseRequired => crate::tr!("crypto-passphrase-required"),
            DecryptError::NotPassphraseEncrypted => crate::tr!("crypto-not-passphrase-encrypted"),
            DecryptError::HeaderMac => crate::tr!("crypto-header-mac"),
            DecryptError::Payload(e) => return e.fmt(f),
            DecryptError::Io(e) => crate::tr!("crypto-read-failed", error = e.to_string()),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for DecryptError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecryptError::Payload(e) => Some(e),
            DecryptError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl DecryptError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            DecryptError::NotAgeFile => crate::tr!("crypto-not-age-file-hint"),
            DecryptError::UnsupportedVersion(_) => crate::tr!("crypto-unsupported-version-hint"),
            DecryptError::InvalidHeader(_)
            | DecryptError::HeaderTooLarge(_)
            | DecryptError::Armor(_) => crate::tr!("crypto-damaged-hint"),
            DecryptError::ExcessiveWork { .. } => crate::tr!("crypto-excessive-work-hint"),
            DecryptError::InsufficientMemory { .. } => {
                crate::tr!("crypto-insufficient-memory-hint")
            }
            DecryptError::NoMatchingIdentity => crate::tr!("crypto-no-matching-identity-hint"),
            DecryptError::WrongPassphrase => crate::tr!("crypto-wrong-passphrase-hint"),
            DecryptError::PassphraseRequired => crate::tr!("crypto-passphrase-required-hint"),
            DecryptError::NotPassphraseEncrypted => {
                crate::tr!("crypto-not-passphrase-encrypted-hint")
            }
            DecryptError::HeaderMac | DecryptError::Payload(_) => {
                crate::tr!("crypto-altered-hint")
            }
            DecryptError::Io(_) => return None,
        })
    }

    /// Which exit code family this error belongs to.
    pub fn category(&self) -> Category {
        match self {
            DecryptError::NoMatchingIdentity
            | DecryptError::WrongPassphrase
            | DecryptError::PassphraseRequired
            | DecryptError::NotPassphraseEncrypted => Category::Key,
            DecryptError::Io(_) | DecryptError::InsufficientMemory { .. } => Category::Usage,
            _ => Category::Rejected,
        }
    }

    /// Classifies an I/O error met while reading an age file: payload and armor
    /// problems travel inside `io::Error`s through the reader stack.
    pub fn from_io(e: io::Error) -> DecryptError {
        if let Some(p) = PayloadError::from_io(&e) {
            return DecryptError::Payload(p.clone());
        }
        if let Some(a) = typed_in::<age::armor::ArmoredReadError>(&e) {
            return DecryptError::Armor(a.to_string());
        }
        DecryptError::Io(e)
    }
}

/// Why encryption could not start.
#[derive(Debug)]
pub enum EncryptError {
    /// No recipient was given.
    NoRecipients,
    /// The recipients cannot be combined in one file (e.g. a passphrase and a key).
    IncompatibleRecipients,
    /// A recipient failed to wrap the file key (age's error, kept as the source).
    Wrap(age::EncryptError),
}

impl fmt::Display for EncryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            EncryptError::NoRecipients => crate::tr!("crypto-no-recipients"),
            EncryptError::IncompatibleRecipients => crate::tr!("crypto-incompatible-recipients"),
            EncryptError::Wrap(e) => crate::tr!("crypto-wrap-failed", error = e.to_string()),
        })
    }
}

impl std::error::Error for EncryptError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EncryptError::Wrap(e) => Some(e),
            _ => None,
        }
    }
}

impl EncryptError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            EncryptError::NoRecipients => Some(crate::tr!("crypto-no-recipients-hint")),
            EncryptError::IncompatibleRecipients => {
                Some(crate::tr!("crypto-incompatible-recipients-hint"))
            }
            EncryptError::Wrap(_) => None,
        }
    }
}

/// Why a key, identity file or passphrase could not be used.
#[derive(Debug)]
pub enum KeyError {
    /// The identity file does not exist.
    NotFound(PathBuf),
    /// A public key, contact card or recipients file is not a regular file (a FIFO or
    /// device, refused without reading it) or is larger than such a file can be: read
    /// whole, a 50 GB sparse file exhausted memory (CWE-400, CWE-770).
    KeyFileUnfit {
        /// The file.
        path: PathBuf,
        /// What it is instead, in words ("is a FIFO (named pipe), not a regular file").
        why: String,
    },
    /// The identity file can be read by other users.
    InsecurePermissions {
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A file of public keys (a contact card, a recipient, an SSH public key) was given
    /// where an identity file belongs (issue 15 item 5).
    PublicKeyGiven {
        /// The file.
        path: PathBuf,
        /// What it holds.
        kind: crate::keys::card::PublicKind,
    },
    /// The identity file would overwrite an existing file.
    AlreadyExists(PathBuf),
    /// The passphrase does not open the identity file.
    WrongPassphrase(PathBuf),
    /// A protected isou identity file whose checksum matches did not open: either the
    /// passphrase is wrong or someone altered its public fields and recomputed the
    /// (unkeyed) checksum; the AEAD cannot tell the two apart, so the message names both.
    WrongPassphraseOrAltered(PathBuf),
    /// The identity file asks for a key derivation isou never writes: costlier than it
    /// ever writes, or below Argon2id's minimums (an altered file or another tool's),
    /// refused before the passphrase is asked (CWE-400, CWE-770).
    KdfOutOfBounds {
        /// The file.
        path: PathBuf,
        /// The parameters it asks for, as "2048 MiB, 64 passes, 64 lanes".
        asked: String,
        /// The most isou accepts, in the same form.
        most: String,
        /// Whether it asks for less than Argon2id allows (0 lanes, 0 passes, less than
        /// 8 KiB per lane) rather than more than isou writes.
        below_minimum: bool,
    },
    /// The identity file is not a regular file (a FIFO, device or directory), refused
    /// without reading it, which could block or never end (CWE-400).
    NotRegular {
        /// The file.
        path: PathBuf,
        /// What it is.
        kind: &'static str,
    },
    /// The identity file is damaged (its checksum or structure is wrong).
    Corrupted {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// The file is not an identity file isou understands.
    UnknownFormat {
        /// The file.
        path: PathBuf,
        /// What was found.
        why: String,
    },
    /// A recipient or contact card could not be parsed.
    InvalidRecipient {
        /// The text, sanitised.
        text: String,
        /// What is wrong.
        why: String,
    },
    /// Secret key material was given where a public key belongs: an identity file as a
    /// recipients file or signer, a secret key as a recipient or contact card. The
    /// message says what it is and never quotes it.
    SecretKeyGiven {
        /// The file it was read from; `None` when it was given as text.
        path: Option<PathBuf>,
        /// What it is.
        kind: SecretKind,
        /// What was expected in its place ("recipients file", "recipient", …).
        expected: &'static str,
    },
    /// The identity has no signing key (a plain age identity file).
    NoSigningKey(PathBuf),
    /// No identity file was named and the system has no per-user configuration
    /// folder to find the default one in.
    NoDefaultPath,
    /// No passphrase could be read (no terminal, a descriptor that is not open, empty
    /// or not UTF-8 input).
    Passphrase(String),
    /// A new passphrase is shorter than isou accepts (a file, descriptor or terminal
    /// gave it: the hint is to choose a longer one, not to use a terminal).
    PassphraseTooShort {
        /// The fewest characters accepted.
        min: usize,
    },
    /// A new passphrase typed twice at a terminal differed the second time.
    PassphraseMismatch,
    /// Reading or writing a key file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        error: io::Error,
    },
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |p: &PathBuf| p.display().to_string();
        f.write_str(&match self {
            KeyError::NotFound(p) => crate::tr!("key-not-found", path = shown(p)),
            KeyError::InsecurePermissions { path, mode } => crate::tr!(
                "key-insecure-permissions",
                path = shown(path),
                mode = format!("{:03o}", mode & 0o777)
            ),
            KeyError::PublicKeyGiven { path, kind } => crate::tr!(
                "key-public-key-given",
                path = shown(path),
                kind = kind.to_string()
            ),
            KeyError::AlreadyExists(p) => crate::tr!("key-already-exists", path = shown(p)),
            KeyError::WrongPassphrase(p) => crate::tr!("key-wrong-passphrase", path = shown(p)),
            KeyError::WrongPassphraseOrAltered(p) => {
                crate::tr!("key-wrong-passphrase-or-altered", path = shown(p))
            }
            KeyError::KdfOutOfBounds {
                path,
                asked,
                below_minimum: true,
                ..
            } => crate::tr!(
                "key-kdf-below-minimum",
                path = shown(path),
                asked = asked.as_str()
            ),
            KeyError::KdfOutOfBounds {
                path, asked, most, ..
            } => crate::tr!(
                "key-kdf-too-costly",
                path = shown(path),
                asked = asked.as_str(),
                most = most.as_str()
            ),
            KeyError::NotRegular { path, kind } => {
                crate::tr!("key-not-regular", path = shown(path), kind = *kind)
            }
            KeyError::Corrupted { path, why } => {
                crate::tr!("key-corrupted", path = shown(path), why = why.as_str())
            }
            KeyError::UnknownFormat { path, why } => {
                crate::tr!("key-unknown-format", path = shown(path), why = why.as_str())
            }
            KeyError::InvalidRecipient { text, why } => crate::tr!(
                "key-invalid-recipient",
                text = text.as_str(),
                why = why.as_str()
            ),
            KeyError::SecretKeyGiven {
                path: Some(p),
                kind,
                expected,
            } => crate::tr!(
                "key-secret-file-given",
                path = shown(p),
                noun = kind.noun(),
                expected = expected_text(expected),
                kind = kind.to_string()
            ),
            KeyError::SecretKeyGiven {
                path: None,
                kind,
                expected,
            } => crate::tr!(
                "key-secret-text-given",
                noun = kind.noun(),
                expected = expected_text(expected),
                kind = kind.to_string()
            ),
            KeyError::NoSigningKey(p) => crate::tr!("key-no-signing-key", path = shown(p)),
            KeyError::NoDefaultPath => crate::tr!("key-no-config-dir"),
            KeyError::Passphrase(why) => crate::tr!("key-passphrase-unread", why = why.as_str()),
            KeyError::PassphraseTooShort { min } => {
                crate::tr!("key-passphrase-too-short", min = min.to_string())
            }
            KeyError::PassphraseMismatch => crate::tr!("key-passphrase-mismatch"),
            KeyError::Io { path, error } => format!("{}: {error}", path.display()),
            KeyError::KeyFileUnfit { path, why } => {
                crate::tr!("key-file-unfit", path = shown(path), why = why.as_str())
            }
        })
    }
}

/// What was expected where a secret was given, in words: `refuse_secret`'s callers
/// name it with one of these (an unknown one is shown as it is).
fn expected_text(expected: &str) -> String {
    match expected {
        "contact card" => crate::tr!("key-expected-contact-card"),
        "recipient" => crate::tr!("key-expected-recipient"),
        "recipients file" => crate::tr!("key-expected-recipients-file"),
        "public key file" => crate::tr!("key-expected-public-key-file"),
        "signer" => crate::tr!("key-expected-signer"),
        other => other.to_string(),
    }
}

impl std::error::Error for KeyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            KeyError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl KeyError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            KeyError::NotFound(_) => crate::tr!("key-not-found-hint"),
            KeyError::InsecurePermissions { path, .. } => crate::tr!(
                "key-insecure-permissions-hint",
                path = path.display().to_string()
            ),
            KeyError::PublicKeyGiven { kind, .. } => {
                let default = crate::keys::default_identity_path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "~/.config/isou/identity.txt".into());
                match kind {
                    crate::keys::card::PublicKind::SshPublic => {
                        crate::tr!("key-public-key-given-ssh-hint", default = default)
                    }
                    _ => crate::tr!("key-public-key-given-card-hint", default = default),
                }
            }
            KeyError::AlreadyExists(_) => crate::tr!("key-already-exists-hint"),
            KeyError::WrongPassphrase(_) => crate::tr!("key-wrong-passphrase-hint"),
            KeyError::WrongPassphraseOrAltered(_) => {
                crate::tr!("key-wrong-passphrase-or-altered-hint")
            }
            KeyError::KdfOutOfBounds { .. } => crate::tr!("key-kdf-out-of-bounds-hint"),
            KeyError::NotRegular { .. } => crate::tr!("key-not-regular-hint"),
            KeyError::Corrupted { .. } => crate::tr!("key-corrupted-hint"),
            KeyError::UnknownFormat { .. } => crate::tr!("key-unknown-format-hint"),
            KeyError::InvalidRecipient { .. } => crate::tr!("key-invalid-recipient-hint"),
            KeyError::SecretKeyGiven { .. } => crate::tr!("key-secret-key-given-hint"),
            KeyError::NoSigningKey(_) => crate::tr!("key-no-signing-key-hint"),
            KeyError::NoDefaultPath => crate::tr!("key-no-config-dir-hint"),
            KeyError::Passphrase(_) => crate::tr!("key-passphrase-unread-hint"),
            KeyError::PassphraseTooShort { min } => {
                crate::tr!("key-passphrase-too-short-hint", min = min.to_string())
            }
            KeyError::PassphraseMismatch => crate::tr!("key-passphrase-mismatch-hint"),
            KeyError::Io { .. } => return None,
            KeyError::KeyFileUnfit { .. } => crate::tr!("key-file-unfit-hint"),
        })
    }

    /// Which exit code family this error belongs to.
    pub fn category(&self) -> Category {
        match self {
            KeyError::Io { .. }
            | KeyError::NoDefaultPath
            | KeyError::AlreadyExists(_)
            | KeyError::NotFound(_)
            | KeyError::KeyFileUnfit { .. } => Category::Usage,
            _ => Category::Key,
        }
    }
}

#[cfg(test)]
mod tests;
