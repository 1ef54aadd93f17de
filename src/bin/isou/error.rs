//! The command line's error: what went wrong, what to do, and the exit code.

use std::fmt;
use std::io;

use isou::error::{Category, DecryptError, EncryptError, KeyError};

/// Every way a command can fail.
#[derive(Debug)]
pub enum CliError {
    /// Decryption refused the input or found no key.
    Decrypt(DecryptError),
    /// Encryption could not start.
    Encrypt(EncryptError),
    /// A key, identity file or passphrase problem.
    Key(KeyError),
    /// The command line or the situation does not allow the command.
    Usage {
        /// The problem.
        msg: String,
        /// What to do.
        hint: Option<String>,
    },
    /// Sealing a medium failed.
    Seal(isou::media::SealError),
    /// Opening a medium failed.
    Open(isou::media::open::OpenError),
    /// The policy forbids the shipment.
    Policy(isou::policy::Refusal),
    /// The policy file cannot be used.
    PolicyFile(isou::policy::PolicyError),
    /// The transport-record ledger cannot be used.
    Ledger(isou::records::LedgerError),
    /// The data was judged and refused (exit code 1).
    Rejected {
        /// The problem.
        msg: String,
        /// What to do.
        hint: Option<String>,
    },
    /// What was given is intact, but not all of it (exit code 4): volumes of a set
    /// not given, or payload listed in `fetch.txt` not present.
    Incomplete {
        /// The problem.
        msg: String,
        /// What to do.
        hint: Option<String>,
    },
    /// An I/O operation failed.
    Io {
        /// What was being done.
        what: String,
        /// The error.
        error: io::Error,
    },
}

impl CliError {
    pub fn usage(msg: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError::Usage {
            msg: msg.into(),
            hint: Some(hint.into()),
        }
    }

    pub fn io(what: impl Into<String>) -> impl FnOnce(io::Error) -> CliError {
        let what = what.into();
        move |error| CliError::Io { what, error }
    }

    /// The documented exit code (see `EXIT_CODES` in cli.rs).
    pub fn exit_code(&self) -> i32 {
        let cat = match self {
            CliError::Incomplete { .. } => return 4,
            CliError::Decrypt(e) => e.category(),
            CliError::Encrypt(_) | CliError::Usage { .. } | CliError::Io { .. } => Category::Usage,
            CliError::Key(e) => e.category(),
            CliError::Rejected { .. } => Category::Rejected,
            CliError::Ledger(_) | CliError::Policy(_) | CliError::PolicyFile(_) => Category::Usage,
            CliError::Seal(isou::media::SealError::Encrypt(_)) => Category::Usage,
            CliError::Seal(isou::media::SealError::ReadBack(_)) => Category::Rejected,
            CliError::Seal(_) => Category::Usage,
            CliError::Open(e) => e.category(),
        };
        match cat {
            Category::Rejected => 1,
            Category::Usage => 2,
            Category::Key => 3,
        }
    }

    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Decrypt(e) => e.hint(),
            CliError::Encrypt(e) => e.hint(),
            CliError::Key(e) => e.hint(),
            CliError::Usage { hint, .. }
            | CliError::Rejected { hint, .. }
            | CliError::Incomplete { hint, .. } => hint.clone(),
            CliError::Seal(e) => e.hint(),
            CliError::Ledger(e) => e.hint(),
            CliError::Policy(r) => Some(r.hint.clone()),
            CliError::PolicyFile(e) => Some(e.hint()),
            CliError::Open(e) => e.hint(),
            CliError::Io { error, .. } => match error.kind() {
                io::ErrorKind::StorageFull => Some(isou::tr!("cli-io-storage-full-hint")),
                io::ErrorKind::PermissionDenied => Some(isou::tr!("cli-io-permission-hint")),
                io::ErrorKind::NotFound => Some(isou::tr!("cli-io-not-found-hint")),
                _ => None,
            },
        }
    }

    /// A broken pipe on standard output: the reader went away, which is not an error
    /// (as in ripgrep: `isou decrypt f | head` succeeds).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io { error, .. } if error.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Decrypt(e) => e.fmt(f),
            CliError::Encrypt(e) => e.fmt(f),
            CliError::Key(e) => e.fmt(f),
            CliError::Usage { msg, .. }
            | CliError::Rejected { msg, .. }
            | CliError::Incomplete { msg, .. } => f.write_str(msg),
            CliError::Seal(e) => e.fmt(f),
            CliError::Ledger(e) => e.fmt(f),
            CliError::Policy(e) => e.fmt(f),
            CliError::PolicyFile(e) => e.fmt(f),
            CliError::Open(e) => e.fmt(f),
            CliError::Io { what, error } => f.write_str(&isou::tr!(
                "cli-io",
                what = what.as_str(),
                error = io_text(error)
            )),
        }
    }
}

/// The operating system's text of an I/O error, which is English whatever the
/// language: in Japanese, a Japanese phrase for the common kinds first, the OS text
/// after it in parentheses (`ファイルまたはフォルダーがありません（No such file or
/// directory (os error 2)）`); in English, the OS text alone, as before.
pub fn io_text(error: &io::Error) -> String {
    isou::i18n::os_error(error)
}

impl From<DecryptError> for CliError {
    fn from(e: DecryptError) -> Self {
        CliError::Decrypt(e)
    }
}

impl From<EncryptError> for CliError {
    fn from(e: EncryptError) -> Self {
        CliError::Encrypt(e)
    }
}

impl From<KeyError> for CliError {
    fn from(e: KeyError) -> Self {
        CliError::Key(e)
    }
}

impl From<isou::records::LedgerError> for CliError {
    fn from(e: isou::records::LedgerError) -> Self {
        CliError::Ledger(e)
    }
}
