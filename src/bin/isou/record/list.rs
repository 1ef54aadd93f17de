//! `record list`, `record show` and `record due`: the ledger printed. Rows come from a
//! file others may have written: printed inert (records::export).

use isou::records::command::list::{select, ListRequest};
use isou::records::{self, Ledger};

use crate::error::CliError;
use crate::output::outln;

/// `record list`: the events `req` selects (`records::command::list`), as lines or
/// JSON.
pub(super) fn list(
    ledger: &Ledger,
    shipment: Option<&str>,
    req: &ListRequest<'_>,
    json: bool,
) -> Result<(), CliError> {
    let events = select(&ledger.events(shipment)?, req);
    if json {
        records::export::write_json(std::io::BufWriter::new(crate::output::Stdout), &events)
            .map_err(CliError::io(isou::tr!("rec-writing-list")))?;
    } else if events.is_empty() {
        // Silence reads as "did it work?" (issue 15 item 11): say there is none.
        outln!(
            "{}",
            if req.open {
                isou::tr!("rec-list-none-open")
            } else {
                isou::tr!("rec-list-none")
            }
        );
    } else {
        for l in records::export::list_lines(&events) {
            outln!("{l}");
        }
    }
    Ok(())
}

/// `record due`: the media and decrypted folders due for disposal today.
pub(super) fn due(ledger: &Ledger) -> Result<(), CliError> {
    let due = records::export::due(&ledger.events(None)?, &isou::media::today());
    for m in &due {
        outln!("{}", records::export::due_line(m));
    }
    if due.is_empty() {
        outln!("{}", isou::tr!("rec-due-none"));
    }
    Ok(())
}

/// `record show`: every fact of a shipment's events.
pub(super) fn show(ledger: &Ledger, shipment: &str) -> Result<(), CliError> {
    let events = ledger.events(Some(shipment))?;
    if events.is_empty() {
        return Err(super::unknown_shipment(shipment));
    }
    for l in records::export::show_lines(&events) {
        outln!("{l}");
    }
    Ok(())
}
