//! `isou seal`, `isou verify`, `isou open`, `isou policy check`: the terminal side of
//! the medium workflow. The rules are the library's (`isou::workflow`); here the flags
//! become its requests, and its outcomes become prompts, progress bars, reports and
//! exit codes.
//!
//! - [`seal`], [`verify`], [`open`]: each command, from flags to report.
//! - [`report`]: a volume's verification as text or JSON.
//! - [`prompt`]: the questions asked at the terminal.
//! - [`policy`]: `isou policy check`.

mod open;
mod policy;
mod prompt;
mod report;
mod seal;
mod verify;

pub use open::open;
pub use policy::policy_check;
pub use seal::seal;
pub use verify::verify;

use isou::policy::Policy;
use isou::records::{EventBody, Ledger};
use isou::workflow::WorkflowError;
use ssh_key::PublicKey;

use crate::cli::Cli;
use crate::error::CliError;

/// The library's workflow errors, each as the command line's error of the same exit
/// code class.
impl From<WorkflowError> for CliError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Ledger(e) => CliError::Ledger(e),
            WorkflowError::Policy(r) => CliError::Policy(r),
            WorkflowError::Key(e) => CliError::Key(e),
            WorkflowError::Seal(e) => CliError::Seal(e),
            WorkflowError::Open(e) => CliError::Open(e),
            WorkflowError::Usage { msg, hint } => CliError::Usage {
                msg,
                hint: Some(hint),
            },
            WorkflowError::Rejected { msg, hint } => CliError::Rejected {
                msg,
                hint: Some(hint),
            },
        }
    }
}

/// A trusted sender: a contact card, an `ssh-ed25519 …` key, or a file holding one;
/// only a value that is none of these is a contact name from the policy
/// (`isou::workflow::parties::signer`).
pub fn parse_signer(s: &str, policy: &Policy) -> Result<PublicKey, CliError> {
    Ok(isou::workflow::parties::signer(s, policy)?)
}

/// `1 file`, `2 files`, `6 ファイル` (issue 15 item 11: "1 files" erodes trust in the
/// rest).
fn files(n: u64) -> String {
    isou::tr!("count-files", count = n)
}

/// `1 segment`, `3 segments`, `3 セグメント`.
fn segments(n: u64) -> String {
    isou::tr!("count-segments", count = n)
}

/// Loads the policy named by `--policy`, the default file, or the built-in rules.
/// The policy's time zone becomes the registry's clock for the rest of the command.
pub(crate) fn load_policy(cli: &Cli) -> Result<Policy, CliError> {
    let policy = Policy::find(cli.policy.as_deref()).map_err(CliError::PolicyFile)?;
    isou::clock::set_zone(&policy.time_zone);
    // The policy's language counts only where neither --lang nor ISOU_LANG spoke.
    if let Ok((lang, _)) = isou::i18n::choose(cli.lang, policy.language) {
        isou::i18n::set(lang);
    }
    Ok(policy)
}

/// Prints a warning (always, also with -q: it is about what happened to registry data).
fn warn(msg: &str) {
    crate::output::warn(msg);
}

/// Records the events the library decided on, in order, stopping at the first that
/// cannot be recorded (`record::record` says so and keeps it beside the ledger).
fn record_all(ledger: &mut Ledger, events: Vec<(String, EventBody)>) -> Result<(), CliError> {
    for (id, body) in events {
        crate::record::record(ledger, &id, body)?;
    }
    Ok(())
}
