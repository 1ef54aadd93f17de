//! `isou record …` and the events that seal, verify and open write automatically.

use std::path::Path;

use isou::keys::sanitize;
use isou::records::{self, EventKind, Ledger};
use serde_json::json;

use crate::cli::RecordCommand;
use crate::error::CliError;

/// Opens the ledger named by `--ledger`, `$ISOU_LEDGER` or the default.
pub fn open_ledger(given: Option<&Path>) -> Result<Ledger, CliError> {
    let path = given
        .map(Path::to_path_buf)
        .or_else(records::default_ledger_path)
        .ok_or_else(|| {
            CliError::usage(
                "there is no per-user data directory for the ledger on this system",
                "name the ledger with --ledger PATH or ISOU_LEDGER",
            )
        })?;
    Ok(Ledger::open(&path)?)
}

/// Appends an event, or explains that the work was done but could not be recorded.
pub fn record(
    ledger: &mut Ledger,
    kind: EventKind,
    shipment: &str,
    body: serde_json::Value,
) -> Result<(), CliError> {
    ledger
        .append(kind, shipment, &body)
        .map(|_| ())
        .map_err(|e| CliError::Usage {
            msg: format!(
                "the {} event of shipment {shipment} could not be recorded: {e}",
                kind.as_str()
            ),
            hint: Some(format!(
                "the work itself is done; record it by hand (移送記録簿) and fix the ledger {}",
                ledger.path().display()
            )),
        })
}

fn unknown_shipment(shipment: &str) -> CliError {
    CliError::usage(
        format!(
            "there is no shipment {:?} in this ledger",
            sanitize(shipment)
        ),
        "use the shipment id that 'isou seal' printed ('isou record list' shows them)",
    )
}

fn one_line(v: &str) -> Result<(), CliError> {
    if v.chars().any(char::is_control) {
        return Err(CliError::usage(
            "a value contains a line break or control character",
            "give each value on one line",
        ));
    }
    Ok(())
}

/// A tracking number, checked and normalised.
fn checked_tracking(t: Option<&str>) -> Result<Option<String>, CliError> {
    t.map(|t| {
        t.parse::<isou::tracking::TrackingNumber>()
            .map(|n| n.normalized().to_string())
            .map_err(|e| CliError::Usage {
                msg: e.to_string(),
                hint: Some(e.hint()),
            })
    })
    .transpose()
}

fn shipment_exists(ledger: &Ledger, shipment: &str) -> Result<bool, CliError> {
    Ok(!ledger.events(Some(shipment))?.is_empty())
}

pub fn run(cmd: &RecordCommand, ledger_path: Option<&Path>) -> Result<(), CliError> {
    let mut ledger = open_ledger(ledger_path)?;
    match cmd {
        RecordCommand::Check => match ledger.check()? {
            None => {
                let events = ledger.events(None)?;
                println!(
                    "ledger {}: {} events, chain intact",
                    ledger.path().display(),
                    events.len()
                );
                // The head hash fixes the whole history: written down or printed on a
                // report, it also exposes events later removed from the end.
                if let Some(last) = events.last() {
                    println!("head: event {} {}", last.id, last.hash);
                }
                Ok(())
            }
            Some(b) => Err(CliError::Rejected {
                msg: format!("the ledger's chain breaks at event {}: {}", b.id, b.why),
                hint: Some(
                    "the ledger was edited outside isou; restore it from backup and report it"
                        .into(),
                ),
            }),
        },
        RecordCommand::List {
            shipment,
            open,
            since,
            destination,
            json,
        } => {
            let all = ledger.events(shipment.as_deref())?;
            let closed: std::collections::HashSet<&str> = all
                .iter()
                .filter(|e| {
                    matches!(
                        e.kind,
                        EventKind::Received | EventKind::Opened | EventKind::Disposed
                    )
                })
                .map(|e| e.shipment.as_str())
                .collect();
            let to_destination: std::collections::HashSet<&str> = all
                .iter()
                .filter(|e| {
                    destination.as_deref().is_some_and(|d| {
                        e.body.get("destination").and_then(|v| v.as_str()) == Some(d)
                            || e.body.get("from").and_then(|v| v.as_str()) == Some(d)
                    })
                })
                .map(|e| e.shipment.as_str())
                .collect();
            let events: Vec<_> = all
                .iter()
                .filter(|e| !*open || !closed.contains(e.shipment.as_str()))
                .filter(|e| destination.is_none() || to_destination.contains(e.shipment.as_str()))
                .filter(|e| since.as_deref().is_none_or(|d| e.recorded_at.as_str() >= d))
                .cloned()
                .collect();
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&events).expect("serialisable")
                );
            } else {
                for e in events {
                    println!(
                        "{:>5}  {}  {:<13} {}  {}",
                        e.id,
                        e.recorded_at,
                        e.kind.as_str(),
                        sanitize(&e.shipment),
                        sanitize(&e.body.to_string())
                    );
                }
            }
            Ok(())
        }
        RecordCommand::Export { format, register } => {
            use records::export as x;
            let events = ledger.events(None)?;
            let (columns, rows) = match register.as_str() {
                "media" => (x::MEDIA_COLUMNS, x::media_register(&events)),
                "disposal" => (x::DISPOSAL_COLUMNS, x::disposal_log(&events)),
                _ => (x::COLUMNS, x::transport_register(&events)),
            };
            let stdout = std::io::stdout();
            let r = if format == "json" {
                serde_json::to_writer_pretty(stdout.lock(), &rows).map_err(std::io::Error::other)
            } else {
                x::write_csv(stdout.lock(), columns, &rows)
            };
            r.map_err(CliError::io("writing the export"))
        }
        RecordCommand::Correct { event, note } => {
            one_line(note)?;
            let events = ledger.events(None)?;
            let Some(target) = events.iter().find(|e| e.id == *event) else {
                return Err(CliError::usage(
                    format!("there is no event {event} in this ledger"),
                    "use an id that 'isou record list' shows",
                ));
            };
            let shipment = target.shipment.clone();
            record(
                &mut ledger,
                EventKind::Corrected,
                &shipment,
                json!({"corrects": event, "corrects_hash": target.hash, "note": note, "by": records::current_user()}),
            )?;
            println!(
                "recorded: correction of event {event} ({})",
                sanitize(&shipment)
            );
            Ok(())
        }
        RecordCommand::Due => {
            let due = records::export::due(&ledger.events(None)?, &isou::media::today());
            for m in &due {
                println!(
                    "{}  {}  保管期限 {}  (not yet disposed of)",
                    m["媒体ID"], m["資料の形態"], m["保管期限"]
                );
            }
            if due.is_empty() {
                println!("no medium is past its retention date");
            }
            Ok(())
        }
        RecordCommand::Show { shipment } => {
            let events = ledger.events(Some(shipment))?;
            if events.is_empty() {
                return Err(unknown_shipment(shipment));
            }
            for e in events {
                println!(
                    "{}  {:<13} {}",
                    e.recorded_at,
                    e.kind.as_str(),
                    sanitize(&e.body.to_string())
                );
            }
            Ok(())
        }
        RecordCommand::KeySent {
            shipment,
            method,
            tracking_number,
        } => {
            let tracking = checked_tracking(tracking_number.as_deref())?;
            one_line(method)?;
            if !shipment_exists(&ledger, shipment)? {
                return Err(unknown_shipment(shipment));
            }
            record(
                &mut ledger,
                EventKind::KeySent,
                shipment,
                json!({"method": method, "tracking_number": tracking, "date": isou::media::today(), "by": records::current_user()}),
            )?;
            println!(
                "recorded: key or passphrase for {} sent by {method}",
                sanitize(shipment)
            );
            Ok(())
        }
        RecordCommand::HandCarry {
            shipment,
            attendant,
        } => {
            one_line(attendant)?;
            if !shipment_exists(&ledger, shipment)? {
                return Err(unknown_shipment(shipment));
            }
            record(
                &mut ledger,
                EventKind::HandCarried,
                shipment,
                json!({"attendant": attendant, "date": isou::media::today(), "by": records::current_user()}),
            )?;
            println!(
                "recorded: {} carried by hand, attendant {attendant}",
                sanitize(shipment)
            );
            Ok(())
        }
        RecordCommand::Ship {
            shipment,
            carrier,
            tracking_number,
            date,
        } => {
            if !shipment_exists(&ledger, shipment)? {
                return Err(unknown_shipment(shipment));
            }
            let tracking = checked_tracking(tracking_number.as_deref())?;
            one_line(carrier)?;
            let date = date.clone().unwrap_or_else(isou::media::today);
            record(
                &mut ledger,
                EventKind::Shipped,
                shipment,
                json!({
                    "carrier": carrier,
                    "tracking_number": tracking,
                    "date": date,
                    "by": records::current_user(),
                }),
            )?;
            println!(
                "recorded: shipment {} shipped by {carrier}",
                sanitize(shipment)
            );
            Ok(())
        }
        RecordCommand::Dispose {
            shipment,
            method,
            witness,
        } => {
            one_line(method)?;
            one_line(witness)?;
            if !shipment_exists(&ledger, shipment)? {
                return Err(unknown_shipment(shipment));
            }
            record(
                &mut ledger,
                EventKind::Disposed,
                shipment,
                json!({"method": method, "witness": witness, "date": isou::media::today(), "by": records::current_user()}),
            )?;
            println!(
                "recorded: medium of shipment {} disposed ({method}, witness {witness})",
                sanitize(shipment)
            );
            Ok(())
        }
    }
}
