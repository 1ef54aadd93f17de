//! Transport records (移送記録, 別添２ §2.2③): the ledger of events. Views, exports
//! and the CLI come with issue 4.

pub mod export;
pub mod ledger;
pub mod unrecorded;
pub mod value;

pub use ledger::{ChainBreak, Event, EventKind, Late, Ledger, LedgerError};
pub use value::{check_value, RecordValueError};

use std::path::PathBuf;

/// The ledger used when none is named: `$ISOU_LEDGER`, else
/// `<data dir>/isou/ledger.sqlite` (`~/.local/share/isou/ledger.sqlite` on Linux).
pub fn default_ledger_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ISOU_LEDGER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("isou").join("ledger.sqlite"))
}

/// Who is running isou (recorded as the person who sealed, verified or opened). From
/// the environment, so made a valid record value: one line, safe characters, bounded.
pub fn current_user() -> String {
    let name = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_default();
    let name: String = crate::untrusted::clean(&name).chars().take(64).collect();
    if name.trim().is_empty() {
        "unknown".into()
    } else {
        name
    }
}
