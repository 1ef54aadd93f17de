//! Errors of the library, each a lower-case statement of the problem plus, separately,
//! a hint that tells the user what to do (the CLI prints both).

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::engine::PayloadError;
use crate::keys::SecretKind;

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
        match self {
            DecryptError::NotAgeFile => write!(f, "the input is not an age-encrypted file"),
            DecryptError::UnsupportedVersion(v) => {
                write!(f, "the file uses age format version {v:?}, which isou does not read")
            }
            DecryptError::InvalidHeader(why) => write!(f, "the age header is invalid: {why}"),
            DecryptError::HeaderTooLarge(why) => {
                write!(f, "the age header is refused as unreasonably large: {why}")
            }
            DecryptError::Armor(why) => write!(f, "the ASCII armor is invalid: {why}"),
            DecryptError::ExcessiveWork { required, max } => write!(
                f,
                "the passphrase would need scrypt work factor 2^{required}, more than the limit 2^{max}"
            ),
            DecryptError::InsufficientMemory {
                work_factor,
                required,
                available,
            } => write!(
                f,
                "the passphrase's scrypt work factor 2^{work_factor} needs {} MiB of memory, and only {} MiB are available",
                required >> 20,
                available >> 20
            ),
            DecryptError::NoMatchingIdentity => {
                write!(f, "none of the given identities can decrypt this file")
            }
            DecryptError::WrongPassphrase => write!(f, "wrong passphrase for this file"),
            DecryptError::PassphraseRequired => {
                write!(f, "this file is encrypted with a passphrase, not to a key")
            }
            DecryptError::NotPassphraseEncrypted => {
                write!(f, "this file is encrypted to recipient keys, not with a passphrase")
            }
            DecryptError::HeaderMac => write!(
                f,
                "the age header failed authentication: it was altered after encryption"
            ),
            DecryptError::Payload(e) => e.fmt(f),
            DecryptError::Io(e) => write!(f, "reading the encrypted input failed: {e}"),
        }
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
            DecryptError::NotAgeFile => {
                "check that you passed the encrypted file (it starts with 'age-encryption.org/v1' or '-----BEGIN AGE ENCRYPTED FILE-----')".into()
            }
            DecryptError::UnsupportedVersion(_) => {
                "the file was made by a newer tool; ask the sender which program made it".into()
            }
            DecryptError::InvalidHeader(_) | DecryptError::HeaderTooLarge(_) | DecryptError::Armor(_) => {
                "the file is damaged or was not made by an age-compatible tool; ask the sender for a new copy".into()
            }
            DecryptError::ExcessiveWork { .. } => {
                "a legitimate sender uses far less; treat the file as suspicious and ask the sender to re-encrypt it".into()
            }
            DecryptError::InsufficientMemory { .. } => {
                "close other programs or use a machine with more memory; a work factor this high is unusual (isou and age use about 2^18), so ask the sender whether it is theirs".into()
            }
            DecryptError::NoMatchingIdentity => {
                "use the identity whose recipient (age1…) the sender encrypted to (-i FILE); the file may be meant for someone else".into()
            }
            DecryptError::WrongPassphrase => {
                "check the passphrase sheet sent separately and type it again".into()
            }
            DecryptError::PassphraseRequired => "decrypt it with --passphrase".into(),
            DecryptError::NotPassphraseEncrypted => {
                "decrypt it with your identity file (-i FILE) instead of --passphrase".into()
            }
            DecryptError::HeaderMac | DecryptError::Payload(_) => {
                "do not use this file; ask the sender for a new copy (nothing was kept)".into()
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
        if let Some(inner) = e.get_ref() {
            if inner.is::<age::armor::ArmoredReadError>() {
                return DecryptError::Armor(inner.to_string());
            }
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
    /// A recipient failed to wrap the file key.
    Wrap(String),
}

impl fmt::Display for EncryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncryptError::NoRecipients => write!(f, "no recipient given"),
            EncryptError::IncompatibleRecipients => {
                write!(f, "these recipients cannot be combined in one file")
            }
            EncryptError::Wrap(e) => write!(f, "a recipient failed to wrap the file key: {e}"),
        }
    }
}

impl std::error::Error for EncryptError {}

impl EncryptError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            EncryptError::NoRecipients => Some(
                "name at least one recipient with -r age1… or -R FILE, or use --passphrase".into(),
            ),
            EncryptError::IncompatibleRecipients => Some(
                "a passphrase must be used alone; encrypt either to keys or with a passphrase"
                    .into(),
            ),
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
    /// No passphrase could be read (no terminal, empty input, mismatch).
    Passphrase(String),
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
        match self {
            KeyError::NotFound(p) => write!(f, "identity file {} does not exist", p.display()),
            KeyError::InsecurePermissions { path, mode } => write!(
                f,
                "identity file {} is readable by other users (mode {:03o})",
                path.display(),
                mode & 0o777
            ),
            KeyError::PublicKeyGiven { path, kind } => write!(
                f,
                "{} is {kind}, not your identity file",
                path.display()
            ),
            KeyError::AlreadyExists(p) => write!(f, "{} already exists", p.display()),
            KeyError::WrongPassphrase(p) => {
                write!(f, "wrong passphrase for identity file {}", p.display())
            }
            KeyError::WrongPassphraseOrAltered(p) => write!(
                f,
                "wrong passphrase for identity file {}, or the file was altered (its checksum matches, so it is not damaged)",
                p.display()
            ),
            KeyError::KdfOutOfBounds {
                path,
                asked,
                below_minimum: true,
                ..
            } => write!(
                f,
                "identity file {} asks for Argon2id with {asked}, below Argon2id's minimum (1 lane, 1 pass, 8 KiB of memory per lane), which isou never writes; the file was altered or made by another tool",
                path.display()
            ),
            KeyError::KdfOutOfBounds {
                path, asked, most, ..
            } => write!(
                f,
                "identity file {} asks for Argon2id with {asked}, more than isou ever writes (at most {most}); the file was altered or made by another tool",
                path.display()
            ),
            KeyError::NotRegular { path, kind } => write!(
                f,
                "{} is {kind}, not an identity file (a regular file)",
                path.display()
            ),
            KeyError::Corrupted { path, why } => {
                write!(f, "identity file {} is damaged: {why}", path.display())
            }
            KeyError::UnknownFormat { path, why } => {
                write!(
                    f,
                    "{} is not an identity file isou can read: {why}",
                    path.display()
                )
            }
            KeyError::InvalidRecipient { text, why } => {
                write!(f, "invalid recipient {text:?}: {why}")
            }
            KeyError::SecretKeyGiven {
                path: Some(p),
                kind,
                expected,
            } => write!(
                f,
                "{} is a secret {} file, not a {expected}: it holds {kind}",
                p.display(),
                kind.noun()
            ),
            KeyError::SecretKeyGiven {
                path: None,
                kind,
                expected,
            } => write!(
                f,
                "the {expected} given is a secret {}, not a public key: it is {kind}",
                kind.noun()
            ),
            KeyError::NoSigningKey(p) => write!(
                f,
                "identity file {} holds no signing key (it is a plain age identity)",
                p.display()
            ),
            KeyError::Passphrase(why) => write!(f, "could not read a passphrase: {why}"),
            KeyError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            KeyError::KeyFileUnfit { path, why } => {
                write!(f, "the key file {} {why}", path.display())
            }
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            KeyError::NotFound(_) => {
                "create one with 'isou keygen', or name yours with -i FILE".into()
            }
            KeyError::InsecurePermissions { path, .. } => format!(
                "make it private with 'chmod 600 {}' (and check who may have copied it)",
                path.display()
            ),
            KeyError::PublicKeyGiven { kind, .. } => format!(
                "give your own identity file with -i: the file 'isou keygen' wrote (by default {}), which holds your secret keys; {}",
                crate::keys::default_identity_path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "~/.config/isou/identity.txt".into()),
                match kind {
                    crate::keys::card::PublicKind::SshPublic => "an SSH key is no isou identity",
                    _ => "a partner's contact card goes with --to (seal) or --signer (verify, open)",
                }
            ),
            KeyError::AlreadyExists(_) => {
                "isou never overwrites a key; choose another file with -o, or move the old one away first".into()
            }
            KeyError::WrongPassphrase(_) => "type the identity file's passphrase again".into(),
            KeyError::WrongPassphraseOrAltered(_) => {
                "type the passphrase again; if you are sure of it, someone altered the file: restore it from your backup and find out who could write to it".into()
            }
            KeyError::KdfOutOfBounds { .. } => {
                "restore the identity file from your backup; no passphrase was asked and none can help".into()
            }
            KeyError::NotRegular { .. } => {
                "name the identity file itself with -i FILE (isou reads identities only from regular files)".into()
            }
            KeyError::Corrupted { .. } => {
                "restore the identity file from your backup; the passphrase cannot help".into()
            }
            KeyError::UnknownFormat { .. } => {
                "pass an isou identity file (isou keygen) or an age identity file (age-keygen)".into()
            }
            KeyError::InvalidRecipient { .. } => {
                "a recipient is an 'age1…' key or an isou contact card line; copy it again from the partner".into()
            }
            KeyError::SecretKeyGiven { .. } => {
                "give the partner's public key: their contact card (isou-card-v1 …), age1… recipient or ssh-ed25519 key; never pass your own identity file where a public key is expected (and if you sent it to anyone, make a new one)".into()
            }
            KeyError::NoSigningKey(_) => {
                "create an isou identity with 'isou keygen' to sign what you send".into()
            }
            KeyError::Passphrase(_) => {
                "run in a terminal, or give --passphrase-file FILE / --passphrase-fd N".into()
            }
            KeyError::Io { .. } => return None,
            KeyError::KeyFileUnfit { .. } => {
                "name the file that holds the key itself: a contact card or public key file is a few hundred bytes, a recipients file at most 1 MiB".into()
            }
        })
    }

    /// Which exit code family this error belongs to.
    pub fn category(&self) -> Category {
        match self {
            KeyError::Io { .. }
            | KeyError::AlreadyExists(_)
            | KeyError::NotFound(_)
            | KeyError::KeyFileUnfit { .. } => Category::Usage,
            _ => Category::Key,
        }
    }
}
