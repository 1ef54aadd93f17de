//! `record correct` and `record dispose`: a correction beside the event it corrects,
//! and a disposal judged by `records::disposal` (§2.4⑥⑦⑬) before it is recorded.

use isou::records::{self, Ledger};
use isou::untrusted::sanitize;

use super::{checked, record, unknown_shipment, who};
use crate::cli::Cli;
use crate::error::CliError;
use crate::output::outln;

/// `record correct`: a `corrected` event naming the event it corrects (§2.2③: records
/// are corrected by a new entry, never overwritten).
pub(super) fn correct(
    ledger: &mut Ledger,
    cli: &Cli,
    event: i64,
    note: &str,
) -> Result<(), CliError> {
    checked("note", note)?;
    let events = ledger.events(None)?;
    let Some(target) = events.iter().find(|e| e.id == event) else {
        return Err(CliError::usage(
            isou::tr!("rec-unknown-event", id = event.to_string()),
            isou::tr!("rec-unknown-event-hint"),
        ));
    };
    let shipment = target.shipment.clone();
    let who = who(cli)?;
    record(
        ledger,
        &shipment,
        records::shipment::corrected(&who, target, note),
    )?;
    // Which event was corrected, said by its id, kind, time and shipment, so a wrong id
    // is seen at once (issue 15 item 11).
    outln!(
        "{}",
        isou::tr!(
            "rec-corrected",
            id = event.to_string(),
            kind = records::export::kind_label(target),
            shipment = sanitize(&shipment),
            when = sanitize(&isou::clock::local(&target.recorded_at))
        )
    );
    Ok(())
}

/// `record dispose`: the medium or decrypted folder `req.item` of `shipment` disposed
/// of, refused before anything is recorded when the rules say no.
pub(super) fn dispose(
    ledger: &mut Ledger,
    cli: &Cli,
    shipment: &str,
    req: &records::disposal::Request<'_>,
) -> Result<(), CliError> {
    let events = ledger.events(Some(shipment))?;
    if events.is_empty() {
        return Err(unknown_shipment(shipment));
    }
    // §2.4⑥⑦⑬ (records::disposal): refused before anything is recorded.
    let d = records::disposal::check(shipment, &events, req)
        .map_err(|e| CliError::usage(e.to_string(), e.hint()))?;
    let who = who(cli)?;
    record(ledger, shipment, records::shipment::disposed(&who, &d))?;
    let id = sanitize(&d.item.id(shipment));
    let how = match (d.contractor.as_deref(), d.witness.as_deref()) {
        (Some(c), Some(w)) => isou::tr!(
            "rec-disposed-how-contractor-witness",
            method = d.method.name.to_string(),
            contractor = c,
            certificate = d.certificate.as_deref().unwrap_or(""),
            witness = w
        ),
        (Some(c), None) => isou::tr!(
            "rec-disposed-how-contractor",
            method = d.method.name.to_string(),
            contractor = c,
            certificate = d.certificate.as_deref().unwrap_or("")
        ),
        (None, Some(w)) => isou::tr!(
            "rec-disposed-how-witness",
            method = d.method.name.to_string(),
            witness = w
        ),
        (None, None) => isou::tr!("rec-disposed-how", method = d.method.name.to_string()),
    };
    outln!(
        "{}",
        if d.item == records::terms::Item::Decrypted {
            isou::tr!("rec-disposed-decrypted", id = id, how = how)
        } else {
            isou::tr!("rec-disposed-medium", id = id, how = how)
        }
    );
    Ok(())
}
