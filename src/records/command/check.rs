//! `record check`: what the ledger holds beyond its chain — its head, the events
//! waiting in `LEDGER.unrecorded/` or refused into `rejected/`, and the rows the
//! registers cannot read.

use crate::records::unrecorded;
use crate::records::{BodyError, EventKind, Ledger, LedgerError};

/// The state of a ledger whose chain verifies, as `record check` reports it.
#[derive(Debug)]
pub struct Summary {
    /// How many events it holds.
    pub count: usize,
    /// Its last event's id and hash: written down or printed on a report, the head
    /// fixes the whole history and exposes events later removed from the end.
    pub head: Option<(i64, String)>,
    /// Events that could not be appended when they happened, waiting in
    /// `LEDGER.unrecorded/` (an unreadable folder counts none).
    pub waiting: usize,
    /// Kept events `record recover` refused, in `rejected/`.
    pub rejected: usize,
    /// Rows whose body is not of their kind's shape (written outside isou, or by
    /// another program): the chain may hold, but the registers cannot read them. A
    /// kind this isou does not know is not one (it is shown as `unknown(…)`, as a
    /// newer isou's row may be).
    pub unreadable: Vec<BodyError>,
}

impl Summary {
    /// Reads the summary of `ledger` (whose chain the caller has checked).
    pub fn of(ledger: &Ledger) -> Result<Summary, LedgerError> {
        let events = ledger.events(None)?;
        let head = events.last().map(|last| (last.id, last.hash.clone()));
        let waiting = unrecorded::waiting(ledger.path()).map_or(0, |w| w.len());
        let rejected = unrecorded::rejected(ledger.path()).map_or(0, |w| w.len());
        let unreadable = events
            .iter()
            .filter(|e| e.kind != EventKind::Unknown)
            .filter_map(|e| e.typed().err())
            .collect();
        Ok(Summary {
            count: events.len(),
            head,
            waiting,
            rejected,
            unreadable,
        })
    }
}
