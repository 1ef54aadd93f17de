//! `record ship`, `record key-sent` and `record hand-carry`: the transport acts, each
//! judged by the library (`isou::carriers`, `records::command::ship`) before it is
//! recorded, and what the clerk should know said on stderr.

use isou::records::command::ship as rules;
use isou::records::{self, EventKind, Ledger};
use isou::untrusted::sanitize;

use super::{checked, checked_opt, checked_tracking, handler, handler_in, record};
use super::{shipment_exists, unknown_shipment};
use crate::cli::Cli;
use crate::error::CliError;
use crate::output::{errln, outln};

/// What `record ship` was given besides the shipment.
pub(super) struct ShipArgs<'a> {
    /// `--carrier`, as typed.
    pub carrier: &'a str,
    /// `--tracking-number`, as typed.
    pub tracking_number: Option<&'a str>,
    /// `--date`, else today.
    pub date: Option<&'a str>,
    /// `--attendance-acknowledged`.
    pub attendance_acknowledged: bool,
}

/// `record ship`: the date, the handler and the shipping rules (§2.2⑥⑧⑨) judged on
/// what the ledger says of the shipment, before anything is recorded; every change
/// against what it said warned of; then the event, and what comes next.
pub(super) fn ship(
    ledger: &mut Ledger,
    cli: &Cli,
    shipment: &str,
    a: &ShipArgs<'_>,
) -> Result<(), CliError> {
    checked("carrier", a.carrier)?;
    checked_opt("date", a.date)?;
    let events = ledger.events(Some(shipment))?;
    if events.is_empty() {
        return Err(unknown_shipment(shipment));
    }
    let before = isou::carriers::Recorded::from_events(&events);
    // §2.2③: the register says when the medium left; a date before it was sealed or
    // after today is refused (CWE-20), before anything is recorded.
    let date = rules::ship_date(&before, a.date, &isou::media::today())
        .map_err(|e| CliError::usage(e.to_string(), e.hint()))?;
    let policy = crate::medium::load_policy(cli)?;
    let who = handler_in(&policy)?;
    // §2.2⑥⑧⑨, judged on what the ledger says of the shipment (its class and the
    // number sealed on the medium), before anything is recorded.
    let ship = isou::carriers::check_shipping(
        &policy,
        &before,
        a.carrier,
        a.tracking_number,
        a.attendance_acknowledged,
    )
    .map_err(ship_error)?;
    warn_changes(shipment, &ship);
    if let Some(t) = &ship.tracking {
        let dest = events
            .iter()
            .find(|e| e.kind == EventKind::Sealed)
            .and_then(|e| e.body["destination"].as_str());
        warn_tracking_reused(ledger, t, Some(shipment), dest)?;
    }
    // Explicit choices (issue 14) are in the event, shown in the register's 備考.
    record(
        ledger,
        shipment,
        records::shipment::shipped(&who, &ship, &date),
    )?;
    outln!(
        "{}",
        match &ship.tracking {
            Some(t) => isou::tr!(
                "rec-shipped-tracked",
                shipment = sanitize(shipment),
                carrier = ship.carrier.name.to_string(),
                number = isou::i18n::tracking_number(t.normalized())
            ),
            None => isou::tr!(
                "rec-shipped",
                shipment = sanitize(shipment),
                carrier = ship.carrier.name.to_string()
            ),
        }
    );
    if !warn_key_not_sent(ledger, shipment)? {
        next_receipt(ledger, shipment, cli.quiet)?;
    }
    Ok(())
}

/// A change against what the ledger said (sealed, or a previous ship) is never a silent
/// overwrite of the register: said here, recorded, shown in 備考.
fn warn_changes(shipment: &str, ship: &isou::carriers::Shipping) {
    if let Some(c) = &ship.replaces_carrier {
        crate::output::warn(&isou::tr!(
            "rec-ship-carrier-changed",
            shipment = sanitize(shipment),
            before = sanitize(c),
            carrier = ship.carrier.name.to_string()
        ));
    }
    if let Some(n) = &ship.replaces_tracking_number {
        crate::output::warn(&match &ship.tracking {
            Some(t) => isou::tr!(
                "rec-ship-number-changed",
                shipment = sanitize(shipment),
                before = isou::i18n::tracking_number(&sanitize(n)),
                number = isou::i18n::tracking_number(t.normalized())
            ),
            None => isou::tr!(
                "rec-ship-number-removed",
                shipment = sanitize(shipment),
                before = isou::i18n::tracking_number(&sanitize(n))
            ),
        });
    }
    if let Some(b) = &ship.replaces_tracked {
        crate::output::warn(&isou::tr!(
            "rec-ship-untracked",
            before = sanitize(b),
            carrier = ship.carrier.name.to_string()
        ));
    }
    if let Some(s) = &ship.differs_from_sealed {
        crate::output::warn(&isou::tr!(
            "rec-ship-differs-from-sealed",
            number = isou::i18n::tracking_number(&sanitize(s))
        ));
    }
}

/// `record key-sent`: the key by another route than the medium (§2.2 本文・⑦),
/// refused before anything is recorded when it is not.
pub(super) fn key_sent(
    ledger: &mut Ledger,
    cli: &Cli,
    shipment: &str,
    method: &str,
    tracking_number: Option<&str>,
) -> Result<(), CliError> {
    let tracking = checked_tracking(tracking_number)?;
    checked("method", method)?;
    if !shipment_exists(ledger, shipment)? {
        return Err(unknown_shipment(shipment));
    }
    rules::check_key_sent(&ledger.events(Some(shipment))?, method, tracking.as_deref())
        .map_err(CliError::Policy)?;
    let who = handler(cli)?;
    record(
        ledger,
        shipment,
        records::shipment::key_sent(&who, method, tracking.as_deref()),
    )?;
    outln!(
        "{}",
        isou::tr!(
            "rec-key-sent",
            shipment = sanitize(shipment),
            method = method
        )
    );
    next_receipt(ledger, shipment, cli.quiet)
}

/// `record hand-carry`: who went with the medium (§2.2⑨).
pub(super) fn hand_carry(
    ledger: &mut Ledger,
    cli: &Cli,
    shipment: &str,
    attendant: &str,
) -> Result<(), CliError> {
    checked("attendant", attendant)?;
    if !shipment_exists(ledger, shipment)? {
        return Err(unknown_shipment(shipment));
    }
    let who = handler(cli)?;
    record(
        ledger,
        shipment,
        records::shipment::hand_carried(&who, attendant),
    )?;
    outln!(
        "{}",
        isou::tr!(
            "rec-hand-carried",
            shipment = sanitize(shipment),
            attendant = attendant
        )
    );
    next_receipt(ledger, shipment, cli.quiet)
}

/// A refusal of `record ship`, as the command line reports it (all exit 2).
fn ship_error(e: isou::carriers::ShipError) -> CliError {
    use isou::carriers::ShipError as S;
    match e {
        S::Unknown(e) => CliError::usage(e.to_string(), e.hint()),
        S::Number(e) => CliError::usage(e.to_string(), e.hint()),
        S::Refused(r) => CliError::Policy(r),
    }
}

/// Warns of other shipments the ledger records under the tracking number `number`
/// (sealed with it, or shipped under it last), naming each with its destination and
/// date (issue 15: the same number on two shipments was accepted silently).
///
/// A warning, not a refusal: two shipments to one destination may travel in one parcel
/// under one number, and when the number recorded earlier is the mistake, refusing the
/// right one would keep the register wrong; the clerk is told which shipment to
/// correct (`record ship … --tracking-number`). Said also with -q: it is about the
/// register, not progress.
pub(crate) fn warn_tracking_reused(
    ledger: &Ledger,
    number: &isou::tracking::TrackingNumber,
    this: Option<&str>,
    destination: Option<&str>,
) -> Result<(), CliError> {
    for r in rules::tracking_reused(&ledger.events(None)?, number, this) {
        let (shipment, dest, when) = (&r.shipment, &r.destination, &r.recorded_at);
        let two_places = matches!((dest.as_deref(), destination), (Some(d), Some(h)) if d != h);
        let number = isou::i18n::tracking_number(number.normalized());
        let shipment = sanitize(shipment);
        let when = sanitize(&format!(
            "{} {}",
            isou::clock::local(when),
            isou::clock::zone_label()
        ));
        crate::output::warn(&match (dest.as_deref(), destination) {
            (Some(d), Some(here)) if d != here => isou::tr!(
                "rec-tracking-reused-elsewhere",
                number = number.as_str(),
                shipment = shipment.as_str(),
                when = when.as_str(),
                there = sanitize(d),
                here = sanitize(here)
            ),
            (Some(d), _) => isou::tr!(
                "rec-tracking-reused-to",
                number = number.as_str(),
                shipment = shipment.as_str(),
                when = when.as_str(),
                there = sanitize(d)
            ),
            _ => isou::tr!(
                "rec-tracking-reused",
                number = number.as_str(),
                shipment = shipment.as_str(),
                when = when.as_str()
            ),
        });
        errln!(
            "isou: {}: {}",
            isou::tr!("prefix-hint"),
            if two_places {
                isou::tr!("rec-tracking-reused-fix")
            } else {
                isou::tr!("rec-tracking-reused-one-parcel")
            }
        );
    }
    Ok(())
}

/// After the medium left (shipped, carried, its key sent): what comes next is the
/// destination's signed receipt (受領書), to record with `record receipt` — said only
/// when the seal recorded the destination's signing key, without which no receipt
/// can be checked (`records::command::ship::receipt_expected`).
fn next_receipt(ledger: &Ledger, shipment: &str, quiet: bool) -> Result<(), CliError> {
    if rules::receipt_expected(&ledger.events(Some(shipment))?) {
        crate::output::next_step(quiet, &isou::tr!("next-after-ship"));
    }
    Ok(())
}

/// After `record ship`: a passphrase-mode shipment whose key is not yet recorded as
/// sent by another route is incomplete; said on stderr (also with -q: it is a
/// transport rule, not progress), until `record key-sent` is there. Whether it was said.
fn warn_key_not_sent(ledger: &Ledger, shipment: &str) -> Result<bool, CliError> {
    if rules::key_missing(&ledger.events(Some(shipment))?) {
        crate::output::warn(&isou::tr!(
            "rec-key-not-sent",
            shipment = sanitize(shipment)
        ));
        errln!(
            "isou: {}: {}",
            isou::tr!("prefix-hint"),
            isou::tr!("rec-key-not-sent-hint", shipment = sanitize(shipment))
        );
        return Ok(true);
    }
    Ok(false)
}
