//! Transport records (移送記録, 別添２ §2.2③): the ledger of events. Views, exports
//! and the CLI come with issue 4.

pub mod ledger;

pub use ledger::{ChainBreak, Event, EventKind, Ledger, LedgerError};
