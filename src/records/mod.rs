//! Transport records (移送記録, 別添２ §2.2③): the hash-chained ledger of typed events
//! (`ledger`, `event`), what each command records (`shipment`), the registers an
//! auditor reads and their exports (`export`, `xlsx`, `provenance`), disposal
//! (`disposal`), approval terms (`terms`), key routes (`keyroute`) and signed receipts
//! (`receipt`); the rules of each `record` subcommand (`command`).

pub mod command;
pub mod disposal;
pub mod event;
pub mod export;
mod fields;
pub mod keyroute;
pub mod ledger;
pub mod provenance;
pub mod receipt;
pub mod shipment;
pub mod terms;
pub mod unrecorded;
pub mod value;
pub mod xlsx;

pub use event::{BodyError, EventBody};
pub use ledger::{ChainBreak, Event, EventKind, Late, Ledger, LedgerError};
pub use value::{check_value, RecordValueError};

/// The signing key an event records as having made its shipment, for the events that
/// claim one: the seal, a check against a pinned sender (received, verified, and a set
/// checked with a volume left out) and an opening that checked the sender. The one
/// list for `verify`/`open`'s claim check and the register's contested ids: a kind
/// left out of either lets a partner claim an id unseen (issue 15 review).
pub fn claimed_signer(e: &Event) -> Option<String> {
    // Typed (`records::event`): a row of another shape claims nothing.
    match e.typed().ok()? {
        EventBody::Sealed(b) => Some(b.summary.signer),
        EventBody::Received(b) | EventBody::Verified(b) | EventBody::CheckedIncomplete(b)
            if b.signer_pinned =>
        {
            Some(b.signer)
        }
        EventBody::Opened(b) if b.sender_checked => Some(b.signer),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The institutions an event names as the shipment's parties, for `record list
/// --destination`: the destination, and the sender — the policy contact whose key signed
/// the medium where there is one, never a keyed partner's claim to be another
/// institution (issue 16 red team finding 15).
pub fn parties(e: &Event) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |v: Option<&String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            out.push(v.clone());
        }
    };
    match e.typed() {
        Ok(EventBody::Sealed(b)) => add(b.destination.as_ref()),
        Ok(
            EventBody::Received(v)
            | EventBody::Verified(v)
            | EventBody::CheckedBeforeShipping(v)
            | EventBody::CheckedBySender(v)
            | EventBody::CheckedIncomplete(v),
        ) => {
            add(v.destination.as_ref());
            add(v.sender_contact.as_ref().or(v.from.as_ref()));
        }
        Ok(EventBody::Opened(o)) => {
            add(o.destination.as_ref());
            add(o.sender_contact.as_ref().or(o.from.as_ref()));
        }
        _ => {}
    }
    out
}

use std::path::PathBuf;

/// The ledger used when none is named: `$ISOU_LEDGER`, else
/// `<data dir>/isou/ledger.sqlite` (`~/.local/share/isou/ledger.sqlite` on Linux).
pub fn default_ledger_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ISOU_LEDGER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("isou").join("ledger.sqlite"))
}

/// Who acts: the OS account of the real uid, and the name the policy maps it to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The name recorded as `by`: the policy's name for the account, else the account.
    pub name: String,
    /// The OS account (login name of the real uid, or `uid N` without a passwd entry),
    /// recorded as `os_account`.
    pub account: String,
}

/// The acting person, for every event's `by` and the policy's handlers check (§2.2①).
/// Taken from the real uid through the passwd database, never from `$USER` or
/// `$LOGNAME`: those are set by whoever starts the process, so `USER=監査役 isou …`
/// would record anyone as anyone (CWE-290, CWE-807; issue 13 item 3). The real uid,
/// not the effective one, is the person who ran the command.
pub fn actor(policy: &crate::policy::Policy) -> Actor {
    let account = os_account();
    let name = policy
        .handler_for_account(&account)
        .map(|h| h.name.clone())
        .unwrap_or_else(|| account.clone());
    Actor { name, account }
}

/// The login name of the OS account running isou (`getpwuid_r` of the real uid on
/// Unix, `GetUserNameW` on Windows), never `$USER`.
pub use crate::platform::{account_name, os_account};
