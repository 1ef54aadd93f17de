//! The transport acts (`record ship`, `key-sent`, `hand-carry`): the date shipped, the
//! key's route (§2.2 本文・⑦), a tracking number the ledger records for another
//! shipment, and whether the destination's signed receipt comes next.

use std::collections::BTreeMap;

use crate::carriers::{check_ship_date, DateError, Recorded};
use crate::records::keyroute::MediumRoute;
use crate::records::{Event, EventBody};
use crate::tracking::TrackingNumber;

/// The date a medium left (`record ship --date`, else `today`), in the register's
/// terms (§2.2③): a date before the shipment was sealed or after today is refused
/// (CWE-20), before anything is recorded.
pub fn ship_date(before: &Recorded, date: Option<&str>, today: &str) -> Result<String, DateError> {
    let date = date.map_or_else(|| today.to_string(), str::to_string);
    check_ship_date(&date, before.sealed_on.as_deref(), today)?;
    Ok(date)
}

/// The shipment's route as its events give it (`records::keyroute`).
fn route(events: &[Event]) -> (Vec<&Event>, Option<MediumRoute>) {
    let events: Vec<&Event> = events.iter().collect();
    let route = MediumRoute::of(&events);
    (events, route)
}

/// `record key-sent`: the passphrase must travel by another route than the medium
/// (§2.2 本文・⑦), judged on the shipment's events; refused before anything is
/// recorded.
pub fn check_key_sent(
    events: &[Event],
    method: &str,
    tracking: Option<&str>,
) -> Result<(), crate::policy::Refusal> {
    let Some(route) = route(events).1 else {
        return Ok(());
    };
    route
        .check_key_sent(method, tracking)
        .map_err(|e| crate::policy::Refusal {
            clause: crate::policy::Clause::Encryption,
            rule: e.why,
            hint: e.hint,
        })
}

/// Whether a passphrase-mode shipment's key is not yet recorded as sent by another
/// route: the shipment is incomplete until `record key-sent` is there.
pub fn key_missing(events: &[Event]) -> bool {
    let (events, route) = route(events);
    route.is_some_and(|r| r.key_missing(&events))
}

/// Whether the destination's signed receipt (受領書, `record receipt`) comes next: only
/// when the seal recorded the destination's signing key, without which no receipt can
/// be checked.
pub fn receipt_expected(events: &[Event]) -> bool {
    events.iter().any(
        |e| matches!(e.typed(), Ok(EventBody::Sealed(b)) if !b.destination_signing_keys.is_empty()),
    )
}

/// Another shipment the ledger records under a tracking number (sealed with it, or
/// shipped under it last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reuse {
    /// Its shipment id.
    pub shipment: String,
    /// Its destination, as sealed.
    pub destination: Option<String>,
    /// When the number was recorded for it (UTC, as stored).
    pub recorded_at: String,
}

/// The other shipments (not `this`) whose current number — the last recorded — is
/// `number`, compared on letters and digits only, by shipment id (issue 15: the same
/// number on two shipments was accepted silently).
pub fn tracking_reused(
    events: &[Event],
    number: &TrackingNumber,
    this: Option<&str>,
) -> Vec<Reuse> {
    // Per shipment: its current number (the last recorded) and what the register shows.
    let mut current: BTreeMap<String, (String, Option<String>, String)> = BTreeMap::new();
    for e in events {
        // Read as the events' own types (a row of another shape is shown as unreadable
        // by `record list`/`check`, and names no number here).
        let (n, dest, shipped) = match e.typed() {
            Ok(EventBody::Sealed(s)) => (s.summary.tracking_number, s.destination, false),
            Ok(EventBody::Shipped(s)) => (s.tracking_number, None, true),
            _ => continue,
        };
        let entry = current.entry(e.shipment.clone()).or_default();
        if let Some(d) = dest {
            entry.1 = Some(d);
        }
        if shipped || n.is_some() {
            entry.0 = n.unwrap_or_default();
            entry.2 = e.recorded_at.clone();
        }
    }
    let key = |n: &str| -> String {
        n.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_uppercase()
    };
    let wanted = key(number.normalized());
    current
        .into_iter()
        .filter(|(shipment, (n, _, _))| {
            Some(shipment.as_str()) != this && !n.is_empty() && key(n) == wanted
        })
        .map(|(shipment, (_, destination, recorded_at))| Reuse {
            shipment,
            destination,
            recorded_at,
        })
        .collect()
}
