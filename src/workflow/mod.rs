//! The medium workflow's rules (`isou seal`, `isou verify`, `isou open`): which checks
//! apply from the request and the policy, what the ledger says of a shipment, what
//! gets recorded and what the verdict is. The command line builds a plain request from
//! its flags, calls these, and prints the typed outcome; it asks its questions through
//! the closures it hands in.
//!
//! - [`claims`]: what the local ledger already says of a shipment id (seen, received,
//!   opened, sealed here, contested).
//! - [`given`]: the media paths as given, before anything is read.
//! - [`verify`]: a set of media checked against the pinned senders and the ledger.
//! - [`open`]: the checks before a medium is decrypted, and what its opening records.
//! - [`parties`]: `--to` and `--signer` as typed, resolved to keys.
//! - [`seal`]: the rules a shipment must pass before anything is written.

pub mod claims;
pub mod given;
pub mod open;
pub mod parties;
pub mod seal;
pub mod verify;

use std::fmt;

use crate::error::Category;
use crate::records::LedgerError;

/// Why a step of the workflow did not go on.
#[derive(Debug)]
pub enum WorkflowError {
    /// The ledger could not be read.
    Ledger(LedgerError),
    /// The policy refuses the shipment.
    Policy(crate::policy::Refusal),
    /// What was given cannot be used as given (a path, a date, a combination of
    /// options): the data itself was not judged.
    Usage {
        /// The problem, in the current language.
        msg: String,
        /// What to do, in the current language.
        hint: String,
    },
    /// A key, a key file or a contact card cannot be used.
    Key(crate::error::KeyError),
    /// What was given to seal cannot be sealed as given (the extract, the media).
    Seal(crate::media::SealError),
    /// A volume to be opened failed its checks.
    Open(crate::media::open::OpenError),
    /// The medium was judged and refused.
    Rejected {
        /// The problem, in the current language.
        msg: String,
        /// What to do, in the current language.
        hint: String,
    },
}

impl WorkflowError {
    /// A usage error with its hint.
    pub fn usage(msg: impl Into<String>, hint: impl Into<String>) -> Self {
        WorkflowError::Usage {
            msg: msg.into(),
            hint: hint.into(),
        }
    }

    /// A refusal of the medium with its hint.
    pub fn rejected(msg: impl Into<String>, hint: impl Into<String>) -> Self {
        WorkflowError::Rejected {
            msg: msg.into(),
            hint: hint.into(),
        }
    }

    /// What kind of failure it is (the command line's exit code class).
    pub fn category(&self) -> Category {
        match self {
            WorkflowError::Rejected { .. } => Category::Rejected,
            WorkflowError::Open(e) => e.category(),
            WorkflowError::Key(e) => e.category(),
            WorkflowError::Seal(crate::media::SealError::ReadBack(_)) => Category::Rejected,
            WorkflowError::Seal(_) => Category::Usage,
            WorkflowError::Ledger(_) | WorkflowError::Policy(_) | WorkflowError::Usage { .. } => {
                Category::Usage
            }
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            WorkflowError::Ledger(e) => e.hint(),
            WorkflowError::Policy(r) => Some(r.hint.clone()),
            WorkflowError::Open(e) => e.hint(),
            WorkflowError::Key(e) => e.hint(),
            WorkflowError::Seal(e) => e.hint(),
            WorkflowError::Usage { hint, .. } | WorkflowError::Rejected { hint, .. } => {
                Some(hint.clone())
            }
        }
    }
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkflowError::Ledger(e) => e.fmt(f),
            WorkflowError::Policy(r) => r.fmt(f),
            WorkflowError::Open(e) => e.fmt(f),
            WorkflowError::Key(e) => e.fmt(f),
            WorkflowError::Seal(e) => e.fmt(f),
            WorkflowError::Usage { msg, .. } | WorkflowError::Rejected { msg, .. } => {
                f.write_str(msg)
            }
        }
    }
}

impl std::error::Error for WorkflowError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WorkflowError::Ledger(e) => Some(e),
            WorkflowError::Policy(r) => Some(r),
            WorkflowError::Open(e) => Some(e),
            WorkflowError::Key(e) => Some(e),
            WorkflowError::Seal(e) => Some(e),
            WorkflowError::Usage { .. } | WorkflowError::Rejected { .. } => None,
        }
    }
}

impl From<LedgerError> for WorkflowError {
    fn from(e: LedgerError) -> Self {
        WorkflowError::Ledger(e)
    }
}

impl From<crate::error::KeyError> for WorkflowError {
    fn from(e: crate::error::KeyError) -> Self {
        WorkflowError::Key(e)
    }
}

impl From<crate::policy::Refusal> for WorkflowError {
    fn from(r: crate::policy::Refusal) -> Self {
        WorkflowError::Policy(r)
    }
}
