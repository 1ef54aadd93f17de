//! `isou record …` and the events that seal, verify and open write automatically.

use std::path::Path;

use isou::records::{self, EventKind, Ledger};
use isou::untrusted::sanitize;
use serde_json::json;

use crate::cli::{Cli, RecordCommand};
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

/// Where events that could not be appended to the ledger at `ledger` are kept.
pub fn unrecorded_dir(ledger: &Path) -> std::path::PathBuf {
    let mut name = ledger.as_os_str().to_owned();
    name.push(".unrecorded");
    name.into()
}

/// Appends an event, or explains that the work was done but could not be recorded.
/// The event is then not lost: it is written as JSON beside the ledger (in
/// `LEDGER.unrecorded/`, which `record check` reports) when that disk takes it, and
/// always printed on stderr.
pub fn record(
    ledger: &mut Ledger,
    kind: EventKind,
    shipment: &str,
    body: serde_json::Value,
) -> Result<(), CliError> {
    let e = match ledger.append(kind, shipment, &body) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    let event = json!({
        "kind": kind.as_str(),
        "shipment": shipment,
        "at": humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        "body": body,
        "error": e.to_string(),
    });
    let text = serde_json::to_string_pretty(&event).unwrap_or_default();
    let kept = keep_unrecorded(ledger.path(), kind, shipment, &text);
    eprintln!("isou: the event that could not be recorded:\n{text}");
    Err(CliError::Usage {
        msg: format!(
            "the {} event of shipment {} could not be recorded: {e}",
            kind.as_str(),
            sanitize(shipment)
        ),
        hint: Some(match kept {
            Some(p) => format!(
                "the work itself is done; the event is kept in {}: fix the ledger {}, then run 'isou record recover'",
                p.display(),
                ledger.path().display()
            ),
            None => format!(
                "the work itself is done; copy the event shown above into the 移送記録簿 by hand and fix the ledger {}",
                ledger.path().display()
            ),
        }),
    })
}

/// Records the event of work the command has finished (a sealed medium, an opened
/// folder) and only then lets the work stand: an interrupt comes either before (the
/// work is removed, nothing recorded) or after both. See `isou::cleanup::commit`.
pub fn record_finished(
    ledger: &mut Ledger,
    kind: EventKind,
    shipment: &str,
    body: serde_json::Value,
) -> Result<(), CliError> {
    let _gate = isou::cleanup::gate();
    let recorded = record(ledger, kind, shipment, body);
    // Even when the ledger refused: the event is kept (LEDGER.unrecorded/), the work
    // is done and must stay.
    isou::cleanup::commit();
    recorded
}

/// `record recover`: appends the kept events in the order they happened, each marked
/// `recorded_late` with when it happened and why it was not recorded then; a file is
/// removed only once its event is in the ledger.
fn recover(ledger: &mut Ledger) -> Result<(), CliError> {
    let dir = unrecorded_dir(ledger.path());
    let mut files: Vec<std::path::PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(CliError::io(format!("reading {}", dir.display()))(e)),
    };
    // Named by the time they happened (nanoseconds first).
    files.sort();
    for path in &files {
        let bad = |why: String| {
            CliError::usage(
                format!("{}: {why}", path.display()),
                "the file is not an event isou kept; move it out of that folder and record the event by hand",
            )
        };
        let text = std::fs::read(path)
            .map_err(|e| CliError::io(format!("reading {}", path.display()))(e))?;
        let event: serde_json::Value =
            serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
        let kind = event["kind"]
            .as_str()
            .and_then(EventKind::parse)
            .ok_or_else(|| bad("no known event kind".into()))?;
        let shipment = event["shipment"]
            .as_str()
            .ok_or_else(|| bad("no shipment".into()))?;
        let mut body = event["body"].clone();
        let obj = body
            .as_object_mut()
            .ok_or_else(|| bad("no event body".into()))?;
        obj.insert(
            "recorded_late".into(),
            json!({"happened_at": event["at"], "why": event["error"]}),
        );
        let id = ledger.append(kind, shipment, &body)?.id;
        std::fs::remove_file(path)
            .map_err(|e| CliError::io(format!("removing {}", path.display()))(e))?;
        println!(
            "recorded event {id}: {} of {} (happened {}, recorded late)",
            kind.as_str(),
            sanitize(shipment),
            event["at"].as_str().unwrap_or("at an unknown time")
        );
    }
    if files.is_empty() {
        println!("no events are waiting to be recorded");
    }
    Ok(())
}

/// Writes an event that the ledger refused to `LEDGER.unrecorded/`; `None` when that
/// fails too (the same full disk, most likely).
fn keep_unrecorded(
    ledger: &Path,
    kind: EventKind,
    shipment: &str,
    text: &str,
) -> Option<std::path::PathBuf> {
    use std::io::Write;
    let dir = unrecorded_dir(ledger);
    std::fs::create_dir_all(&dir).ok()?;
    let safe: String = shipment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = dir.join(format!("{stamp}-{}-{safe}.json", kind.as_str()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .ok()?;
    let written = f.write_all(text.as_bytes()).and_then(|_| f.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(&path);
        return None;
    }
    Some(path)
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

/// The acting person for an event's `by` and `os_account` (`records::actor`): the OS
/// account of the real uid, named as the policy maps it; never `$USER` (issue 13 item 3).
/// The policy is read only by the commands that record.
fn who(cli: &Cli) -> Result<records::Actor, CliError> {
    Ok(records::actor(&crate::medium::load_policy(cli)?))
}

pub fn run(cmd: &RecordCommand, cli: &Cli) -> Result<(), CliError> {
    let mut ledger = open_ledger(cli.ledger.as_deref())?;
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
                // Events that could not be appended when they happened are not in the
                // chain; they must be recorded by hand before the check is clean.
                let dir = unrecorded_dir(ledger.path());
                let waiting = std::fs::read_dir(&dir)
                    .map(|rd| {
                        rd.flatten()
                            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                            .count()
                    })
                    .unwrap_or(0);
                if waiting > 0 {
                    return Err(CliError::Rejected {
                        msg: format!(
                            "{waiting} event(s) could not be recorded when they happened; they are in {}",
                            dir.display()
                        ),
                        hint: Some("run 'isou record recover' to append them, marked as recorded late".into()),
                    });
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
                        EventKind::Received
                            | EventKind::Opened
                            | EventKind::Disposed
                            | EventKind::Checked
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
            let who = who(cli)?;
            record(
                &mut ledger,
                EventKind::Corrected,
                &shipment,
                json!({"corrects": event, "corrects_hash": target.hash, "note": note, "by": who.name, "os_account": who.account}),
            )?;
            println!(
                "recorded: correction of event {event} ({})",
                sanitize(&shipment)
            );
            Ok(())
        }
        RecordCommand::Recover => recover(&mut ledger),
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
            let who = who(cli)?;
            record(
                &mut ledger,
                EventKind::KeySent,
                shipment,
                json!({"method": method, "tracking_number": tracking, "date": isou::media::today(), "by": who.name, "os_account": who.account}),
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
            let who = who(cli)?;
            record(
                &mut ledger,
                EventKind::HandCarried,
                shipment,
                json!({"attendant": attendant, "date": isou::media::today(), "by": who.name, "os_account": who.account}),
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
            let who = who(cli)?;
            record(
                &mut ledger,
                EventKind::Shipped,
                shipment,
                json!({
                    "carrier": carrier,
                    "tracking_number": tracking,
                    "date": date,
                    "by": who.name, "os_account": who.account,
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
            let who = who(cli)?;
            record(
                &mut ledger,
                EventKind::Disposed,
                shipment,
                json!({"method": method, "witness": witness, "date": isou::media::today(), "by": who.name, "os_account": who.account}),
            )?;
            println!(
                "recorded: medium of shipment {} disposed ({method}, witness {witness})",
                sanitize(shipment)
            );
            Ok(())
        }
    }
}
