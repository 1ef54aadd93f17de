//! `isou record …` and the events that seal, verify and open write automatically.

use std::path::Path;

use isou::records::{self, unrecorded, EventBody, EventKind, Ledger};
use isou::untrusted::{clean, sanitize};

use crate::cli::{Cli, ExportFormat, RecordCommand};
use crate::error::CliError;
use crate::output::errln;
use crate::output::outln;

/// The ledger named by `--ledger`, `$ISOU_LEDGER` or the default.
fn ledger_path(given: Option<&Path>) -> Result<std::path::PathBuf, CliError> {
    given
        .map(Path::to_path_buf)
        .or_else(records::default_ledger_path)
        .ok_or_else(|| {
            CliError::usage(
                isou::tr!("rec-no-data-dir"),
                isou::tr!("rec-no-data-dir-hint"),
            )
        })
}

/// Opens the ledger for writing (creating it, 0600 in a 0700 folder); refuses one that
/// cannot be written before the command does any work it would have to record.
pub fn open_ledger(given: Option<&Path>) -> Result<Ledger, CliError> {
    Ok(warn_notes(Ledger::open(&ledger_path(given)?)?))
}

/// Opens the ledger to read only: nothing is created, migrated or written.
fn open_ledger_read_only(given: Option<&Path>) -> Result<Ledger, CliError> {
    Ok(warn_notes(Ledger::open_read_only(&ledger_path(given)?)?))
}

/// Shows what the ledger's open found worth saying (another account's ledger read, a
/// folder its group may write) on stderr.
fn warn_notes(ledger: Ledger) -> Ledger {
    for n in ledger.notes() {
        crate::output::warn(n);
    }
    ledger
}

/// A free value given on the command line, checked as the ledger will check it
/// (`records::check_value`): refused before any work is done.
pub fn checked(field: &str, value: &str) -> Result<(), CliError> {
    records::check_value(field, value).map_err(|e| CliError::Usage {
        msg: e.to_string(),
        hint: Some(e.hint()),
    })
}

/// [`checked`] for an optional value.
pub fn checked_opt(field: &str, value: Option<&str>) -> Result<(), CliError> {
    value.map_or(Ok(()), |v| checked(field, v))
}

/// Text of several lines (an event as pretty JSON), each line made safe to print.
fn clean_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

/// Appends an event, or explains that the work was done but could not be recorded.
/// The event is then not lost: it is written beside the ledger (in
/// `LEDGER.unrecorded/`, authenticated with the ledger's key, which `record check`
/// reports) when that disk takes it, and always printed on stderr.
pub fn record(ledger: &mut Ledger, shipment: &str, body: EventBody) -> Result<(), CliError> {
    let e = match ledger.append(shipment, &body) {
        Ok(_) => return Ok(()),
        Err(e) => e,
    };
    let kind = body.kind();
    let body = body.to_value();
    // Kept even when the ledger refused the event for what it says (callers check
    // free values first, so that is a bug): `recover` then refuses it into
    // `rejected/` with the reason, and nothing is lost.
    // The reason is stored in the kept file beside the ledger: pinned to English, so
    // what is written does not depend on who ran the command.
    let (kept, text) = unrecorded::keep(
        ledger,
        kind,
        shipment,
        &body,
        &e.message_in(isou::i18n::Lang::En),
    );
    errln!(
        "isou: {}\n{}",
        isou::tr!("rec-unrecorded-shown"),
        clean_lines(&text)
    );
    Err(CliError::Usage {
        msg: isou::tr!(
            "rec-not-recorded",
            kind = kind.as_str(),
            shipment = sanitize(shipment),
            error = e.to_string()
        ),
        hint: Some(match kept {
            Some(p) => isou::tr!(
                "rec-not-recorded-kept-hint",
                file = p.display().to_string(),
                ledger = ledger.path().display().to_string()
            ),
            None => isou::tr!(
                "rec-not-recorded-hint",
                ledger = ledger.path().display().to_string()
            ),
        }),
    })
}

/// Records the event of work the command has finished (a sealed medium, an opened
/// folder) and only then lets the work stand: an interrupt comes either before (the
/// work is removed, nothing recorded) or after both. See `isou::cleanup::commit`.
pub fn record_finished(
    ledger: &mut Ledger,
    shipment: &str,
    body: EventBody,
) -> Result<(), CliError> {
    let _gate = isou::cleanup::gate();
    let recorded = record(ledger, shipment, body);
    // Even when the ledger refused: the event is kept (LEDGER.unrecorded/), the work
    // is done and must stay.
    isou::cleanup::commit();
    recorded
}

/// `record recover`: appends the kept events whose authenticator checks, through the
/// ledger's own checks, marked `recorded_late`; refuses (and moves to `rejected/`,
/// never deletes) the others. See `isou::records::unrecorded`.
fn recover(ledger: &mut Ledger) -> Result<(), CliError> {
    let dir = unrecorded::dir(ledger.path());
    let r = unrecorded::recover(ledger)
        .map_err(|e| CliError::io(isou::tr!("rec-reading", path = dir.display().to_string()))(e))?;
    for e in &r.recorded {
        outln!(
            "{}",
            isou::tr!(
                "rec-recovered",
                id = e.id.to_string(),
                kind = e.kind.as_str(),
                shipment = sanitize(&e.shipment),
                happened = sanitize(&format!(
                    "{} {}",
                    isou::clock::local(&e.happened_at),
                    isou::clock::zone_label()
                ))
            )
        );
    }
    for f in &r.refused {
        let why = clean(&f.why);
        errln!(
            "isou: {}",
            match &f.moved_to {
                Some(p) => isou::tr!(
                    "rec-recover-refused-moved",
                    file = clean(&f.name),
                    why = why,
                    moved = clean(&p.display().to_string())
                ),
                None => isou::tr!("rec-recover-refused", file = clean(&f.name), why = why),
            }
        );
    }
    if let Some(e) = r.stopped {
        return Err(e.into());
    }
    if !r.refused.is_empty() {
        return Err(CliError::Rejected {
            msg: isou::tr!(
                "rec-recover-refused-summary",
                count = r.refused.len(),
                dir = clean(&dir.display().to_string())
            ),
            hint: Some(isou::tr!(
                "rec-recover-refused-summary-hint",
                dir = clean(
                    &unrecorded::rejected_dir(ledger.path())
                        .display()
                        .to_string()
                )
            )),
        });
    }
    if r.recorded.is_empty() {
        outln!("{}", isou::tr!("rec-recover-none"));
    }
    Ok(())
}

fn unknown_shipment(shipment: &str) -> CliError {
    CliError::usage(
        isou::tr!(
            "rec-unknown-shipment",
            shipment = format!("{:?}", sanitize(shipment))
        ),
        isou::tr!("rec-unknown-shipment-hint"),
    )
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
    use std::collections::BTreeMap;
    // Per shipment: its current number (the last recorded) and what the register shows.
    let mut current: BTreeMap<String, (String, Option<String>, String)> = BTreeMap::new();
    for e in ledger.events(None)? {
        let (n, dest) = match e.kind {
            EventKind::Sealed => (
                e.body["summary"]["tracking_number"].as_str(),
                e.body["destination"].as_str(),
            ),
            EventKind::Shipped => (e.body["tracking_number"].as_str(), None),
            _ => continue,
        };
        let entry = current.entry(e.shipment.clone()).or_default();
        if let Some(d) = dest {
            entry.1 = Some(d.to_string());
        }
        if e.kind == EventKind::Shipped || n.is_some() {
            entry.0 = n.unwrap_or_default().to_string();
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
    for (shipment, (n, dest, when)) in &current {
        if Some(shipment.as_str()) == this || n.is_empty() || key(n) != wanted {
            continue;
        }
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
/// can be checked.
fn next_receipt(ledger: &Ledger, shipment: &str, quiet: bool) -> Result<(), CliError> {
    let expected = ledger.events(Some(shipment))?.iter().any(
        |e| matches!(e.typed(), Ok(EventBody::Sealed(b)) if !b.destination_signing_keys.is_empty()),
    );
    if expected {
        crate::output::next_step(quiet, &isou::tr!("next-after-ship"));
    }
    Ok(())
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

/// The acting person for a transport act (shipping, sending the key, carrying by
/// hand): with designated handlers in the policy, only they may record one (§2.2①
/// 移送担当者の指定), judged by the OS account as `seal` judges it.
fn handler(cli: &Cli) -> Result<records::Actor, CliError> {
    handler_in(&crate::medium::load_policy(cli)?)
}

/// [`handler`] under a policy already loaded.
fn handler_in(policy: &isou::policy::Policy) -> Result<records::Actor, CliError> {
    let actor = records::actor(policy);
    policy
        .check_handler(Some(&actor.account), None)
        .map_err(CliError::Policy)?;
    Ok(actor)
}

/// The shipment's route as its events give it (`records::keyroute`).
fn medium_route(
    ledger: &Ledger,
    shipment: &str,
) -> Result<(Vec<records::Event>, Option<records::keyroute::MediumRoute>), CliError> {
    let events = ledger.events(Some(shipment))?;
    let route = records::keyroute::MediumRoute::of(&events.iter().collect::<Vec<_>>());
    Ok((events, route))
}

/// `record key-sent`: the passphrase must travel by another route than the medium
/// (§2.2 本文・⑦); refused before anything is recorded.
fn key_by_another_route(
    ledger: &Ledger,
    shipment: &str,
    method: &str,
    tracking: Option<&str>,
) -> Result<(), CliError> {
    let Some(route) = medium_route(ledger, shipment)?.1 else {
        return Ok(());
    };
    route.check_key_sent(method, tracking).map_err(|e| {
        CliError::Policy(isou::policy::Refusal {
            clause: isou::policy::Clause::Encryption,
            rule: e.why,
            hint: e.hint,
        })
    })
}

/// After `record ship`: a passphrase-mode shipment whose key is not yet recorded as
/// sent by another route is incomplete; said on stderr (also with -q: it is a
/// transport rule, not progress), until `record key-sent` is there. Whether it was said.
fn warn_key_not_sent(ledger: &Ledger, shipment: &str) -> Result<bool, CliError> {
    let (events, route) = medium_route(ledger, shipment)?;
    if route.is_some_and(|r| r.key_missing(&events.iter().collect::<Vec<_>>())) {
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

/// `record export`: one register as CSV or JSON (to standard output or `-o FILE`), or
/// every register (`records::export::REGISTERS`, in that order, a sheet each under its
/// Japanese title) as a workbook (`-o FILE` only: binary never to a terminal). Each
/// export carries its provenance (`records::provenance`): when, by whom, which ledger
/// and its head. A file is written through a temporary file beside it, 0600 like the
/// ledger it copies (the registers name recipients and staff; CWE-276: a copy is not
/// made more readable than its source), renamed into place only when complete, so a
/// failure leaves no partial file.
fn export(
    ledger: &Ledger,
    cli: &Cli,
    format: ExportFormat,
    register: &records::export::Register,
    output: Option<&Path>,
    force: bool,
) -> Result<(), CliError> {
    use records::{export as x, provenance, xlsx};
    use std::io::Write;
    let events = ledger.events(None)?;
    let who = who(cli)?;
    let writing = CliError::io(isou::tr!("rec-writing-export"));
    // Never over the ledger's own files (issue 16 red team finding 08, §2.2③, CWE-73):
    // checked before anything is written, and again just before the rename.
    let not_the_ledger = |path: &Path| -> Result<(), CliError> {
        match records::ledger::own_file(ledger.path(), path) {
            Some(what) => Err(CliError::usage(
                isou::tr!(
                    "rec-export-over-ledger",
                    path = clean(&path.display().to_string()),
                    what = what
                ),
                isou::tr!("rec-export-over-ledger-hint"),
            )),
            None => Ok(()),
        }
    };
    if let Some(path) = output.filter(|p| p.as_os_str() != "-") {
        not_the_ledger(path)?;
    }
    // Only a ledger whose chain verifies has a head to vouch for (finding 02); events
    // still waiting in LEDGER.unrecorded/ are named in the provenance and here.
    let verified = |names: &[&str]| -> Result<provenance::Provenance, CliError> {
        let p = provenance::Provenance::verified(ledger, &events, &who, names).map_err(|e| {
            CliError::Rejected {
                msg: e.to_string(),
                hint: e.hint(),
            }
        })?;
        if !p.unrecorded.is_empty() {
            crate::output::warn(&isou::tr!(
                "rec-export-unrecorded",
                count = p.unrecorded.len(),
                dir = clean(&unrecorded::dir(ledger.path()).display().to_string())
            ));
            errln!(
                "isou: {}: {}",
                isou::tr!("prefix-hint"),
                isou::tr!("rec-export-unrecorded-hint")
            );
        }
        Ok(p)
    };
    if format == ExportFormat::Xlsx {
        let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
            return Err(CliError::usage(
                isou::tr!("rec-xlsx-stdout"),
                isou::tr!("rec-xlsx-stdout-hint"),
            ));
        };
        let names: Vec<&str> = x::REGISTERS.iter().map(|r| r.title).collect();
        let prov = verified(&names)?;
        let rows: Vec<Vec<x::Row>> = x::REGISTERS.iter().map(|r| (r.rows)(&events)).collect();
        let sheets: Vec<xlsx::Sheet<'_>> = x::REGISTERS
            .iter()
            .zip(&rows)
            .map(|(r, rows)| xlsx::Sheet {
                name: r.title,
                columns: r.columns,
                rows,
            })
            .collect();
        let bytes =
            xlsx::workbook(&sheets, &prov).map_err(|e| CliError::usage(e.to_string(), e.hint()))?;
        let mut out = crate::output::Output::open(Some(path), force, true, cli.quiet)?;
        out.write_all(&bytes).map_err(writing)?;
        not_the_ledger(path)?;
        return out.commit();
    }
    let rows = (register.rows)(&events);
    let prov = verified(&[register.title])?;
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        if format == ExportFormat::Json {
            x::write_json(
                out,
                &provenance::JsonExport {
                    provenance: &prov,
                    register: register.name,
                    rows: &rows,
                },
            )
        } else {
            x::write_csv(&mut *out, register.columns, &rows)?;
            provenance::write_csv_block(&mut *out, register.columns.len(), &prov)?;
            out.flush()
        }
    };
    match output {
        Some(path) if path.as_os_str() != "-" => {
            let mut out = crate::output::Output::open(Some(path), force, false, cli.quiet)?;
            write(&mut out).map_err(writing)?;
            not_the_ledger(path)?;
            out.commit()
        }
        _ => write(&mut std::io::BufWriter::new(crate::output::Stdout)).map_err(writing),
    }
}

pub fn run(cmd: &RecordCommand, cli: &Cli) -> Result<(), CliError> {
    // Commands that only read open the ledger read-only: nothing is created in a file
    // that is not a ledger, and a read-only ledger can be checked.
    let read_only = matches!(
        cmd,
        RecordCommand::Check
            | RecordCommand::List { .. }
            | RecordCommand::Export { .. }
            | RecordCommand::Due
            | RecordCommand::Show { .. }
    );
    // An act on a shipment, where there is no ledger yet: no shipment can be in it, and
    // none is created for the refusal (a typo in --ledger left an empty ledger behind).
    if let RecordCommand::Ship { shipment, .. }
    | RecordCommand::KeySent { shipment, .. }
    | RecordCommand::HandCarry { shipment, .. }
    | RecordCommand::Dispose { shipment, .. } = cmd
    {
        if std::fs::symlink_metadata(ledger_path(cli.ledger.as_deref())?).is_err() {
            return Err(unknown_shipment(shipment));
        }
    }
    // A receipt checked against no ledger: nothing was sealed in it, and none is
    // created for the refusal (as above).
    if let RecordCommand::Receipt { .. } = cmd {
        let path = ledger_path(cli.ledger.as_deref())?;
        if std::fs::symlink_metadata(&path).is_err() {
            return Err(CliError::usage(
                isou::tr!("rec-no-ledger", path = clean(&path.display().to_string())),
                isou::tr!("rec-no-ledger-hint"),
            ));
        }
    }
    // `--since` is a date as every other date typed (issue 17 red team findings 05, 56):
    // `typed_date` made it canonical, the ledger's rule judges it. Unchecked, a typo
    // (`2026-13-45`, `zzz`, `1`) compared as text and listed nothing or everything.
    if let RecordCommand::List { since: Some(d), .. } = cmd {
        records::value::check_date("--since", d).map_err(|e| CliError::Usage {
            msg: e.to_string(),
            hint: Some(e.hint()),
        })?;
    }
    // The policy's time zone is the registry's clock (issue 16): "today" for --date and
    // `due`, and the times the lists and registers show. `check` and `recover` need no
    // clock and stay usable with a broken policy.
    if !matches!(cmd, RecordCommand::Check | RecordCommand::Recover) {
        crate::medium::load_policy(cli)?;
    }
    let mut ledger = if read_only {
        open_ledger_read_only(cli.ledger.as_deref())?
    } else {
        open_ledger(cli.ledger.as_deref())?
    };
    match cmd {
        RecordCommand::Check => match ledger.check()? {
            None => {
                // CWE-276: the ledger names shipments, recipients and people.
                for w in ledger.loose_permissions() {
                    crate::output::warn(&isou::tr!("rec-check-loose", what = clean(&w)));
                }
                let events = ledger.events(None)?;
                // The path may hold escape sequences or line breaks (a folder named by
                // someone else): printed inert, so no forged "head:" line reaches the
                // report (issue 16 red team finding 11; CWE-150, CWE-117).
                outln!(
                    "{}",
                    isou::tr!(
                        "rec-check-intact",
                        path = clean(&ledger.path().display().to_string()),
                        count = events.len()
                    )
                );
                // The head hash fixes the whole history: written down or printed on a
                // report, it also exposes events later removed from the end.
                if let Some(last) = events.last() {
                    outln!(
                        "{}",
                        isou::tr!(
                            "rec-check-head",
                            id = last.id.to_string(),
                            hash = clean(&last.hash)
                        )
                    );
                }
                // Events that could not be appended when they happened are not in the
                // chain; they must be recorded by hand before the check is clean.
                let dir = unrecorded::dir(ledger.path());
                let waiting = unrecorded::waiting(ledger.path()).map_or(0, |w| w.len());
                let rejected = unrecorded::rejected(ledger.path()).map_or(0, |w| w.len());
                if rejected > 0 {
                    crate::output::warn(&isou::tr!(
                        "rec-check-rejected",
                        count = rejected,
                        dir = clean(
                            &unrecorded::rejected_dir(ledger.path())
                                .display()
                                .to_string()
                        )
                    ));
                }
                // A row whose body is not of its kind's shape (written outside isou, or
                // by another program): the chain may hold, but the registers cannot
                // read it — named here, the rest of the ledger stays usable.
                // (A kind this isou does not know is already shown as `unknown(…)`, as
                // a newer isou's row may be: not counted here.)
                let unreadable: Vec<_> = events
                    .iter()
                    .filter(|e| e.kind != EventKind::Unknown)
                    .filter_map(|e| e.typed().err())
                    .collect();
                for u in &unreadable {
                    errln!("isou: {}", clean(&u.to_string()));
                }
                if let Some(u) = unreadable.first() {
                    return Err(CliError::Rejected {
                        msg: isou::tr!("rec-check-unreadable", count = unreadable.len()),
                        hint: Some(u.hint()),
                    });
                }
                if waiting > 0 {
                    return Err(CliError::Rejected {
                        msg: isou::tr!(
                            "rec-check-waiting",
                            count = waiting,
                            dir = clean(&dir.display().to_string())
                        ),
                        hint: Some(isou::tr!("rec-check-waiting-hint")),
                    });
                }
                Ok(())
            }
            Some(b) => Err(CliError::Rejected {
                msg: isou::tr!(
                    "rec-chain-break",
                    id = b.id.to_string(),
                    why = b.why.to_string()
                ),
                hint: Some(isou::tr!("rec-chain-break-hint")),
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
                        // Delivered: the destination's signed receipt was recorded, so
                        // the shipment is no longer under way on the sender's side
                        // (issue 16 red team finding 09, §2.2③: so the follow-up list
                        // agrees with the 移送記録簿's 到着確認).
                        EventKind::Received
                            | EventKind::Opened
                            | EventKind::Delivered
                            | EventKind::Disposed
                            | EventKind::Checked
                    )
                })
                .map(|e| e.shipment.as_str())
                .collect();
            let to_destination: std::collections::HashSet<&str> = all
                .iter()
                .filter(|e| {
                    // Compared as names are (issue 15 item 9: spaces, width, case).
                    destination.as_deref().is_some_and(|d| {
                        let d = isou::policy::name_key(d);
                        records::parties(e)
                            .iter()
                            .any(|p| isou::policy::name_key(p) == d)
                    })
                })
                .map(|e| e.shipment.as_str())
                .collect();
            let events: Vec<_> = all
                .iter()
                .filter(|e| !*open || !closed.contains(e.shipment.as_str()))
                .filter(|e| destination.is_none() || to_destination.contains(e.shipment.as_str()))
                // --since is a date in the registry's zone, as the list shows them.
                .filter(|e| {
                    since
                        .as_deref()
                        .is_none_or(|d| isou::clock::local_date(&e.recorded_at).as_str() >= d)
                })
                .cloned()
                .collect();
            // Rows come from a file others may have written: printed inert
            // (records::export, issue 13 finding 08).
            if *json {
                records::export::write_json(
                    std::io::BufWriter::new(crate::output::Stdout),
                    &events,
                )
                .map_err(CliError::io(isou::tr!("rec-writing-list")))?;
            } else if events.is_empty() {
                // Silence reads as "did it work?" (issue 15 item 11): say there is none.
                outln!(
                    "{}",
                    if *open {
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
        RecordCommand::Export {
            format,
            register,
            output,
            force,
        } => export(&ledger, cli, *format, register, output.as_deref(), *force),
        RecordCommand::Correct { event, note } => {
            checked("note", note)?;
            let events = ledger.events(None)?;
            let Some(target) = events.iter().find(|e| e.id == *event) else {
                return Err(CliError::usage(
                    isou::tr!("rec-unknown-event", id = event.to_string()),
                    isou::tr!("rec-unknown-event-hint"),
                ));
            };
            let shipment = target.shipment.clone();
            let who = who(cli)?;
            record(
                &mut ledger,
                &shipment,
                records::shipment::corrected(&who, target, note),
            )?;
            // Which event was corrected, said by its id, kind, time and shipment, so a
            // wrong id is seen at once (issue 15 item 11).
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
        RecordCommand::Recover => recover(&mut ledger),
        RecordCommand::Receipt { file } => record_receipt(&mut ledger, file, cli),
        RecordCommand::Due => {
            let due = records::export::due(&ledger.events(None)?, &isou::media::today());
            for m in &due {
                outln!("{}", records::export::due_line(m));
            }
            if due.is_empty() {
                outln!("{}", isou::tr!("rec-due-none"));
            }
            Ok(())
        }
        RecordCommand::Show { shipment } => {
            let events = ledger.events(Some(shipment))?;
            if events.is_empty() {
                return Err(unknown_shipment(shipment));
            }
            for l in records::export::show_lines(&events) {
                outln!("{l}");
            }
            Ok(())
        }
        RecordCommand::KeySent {
            shipment,
            method,
            tracking_number,
        } => {
            let tracking = checked_tracking(tracking_number.as_deref())?;
            checked("method", method)?;
            if !shipment_exists(&ledger, shipment)? {
                return Err(unknown_shipment(shipment));
            }
            key_by_another_route(&ledger, shipment, method, tracking.as_deref())?;
            let who = handler(cli)?;
            record(
                &mut ledger,
                shipment,
                records::shipment::key_sent(&who, method, tracking.as_deref()),
            )?;
            outln!(
                "{}",
                isou::tr!(
                    "rec-key-sent",
                    shipment = sanitize(shipment),
                    method = method.as_str()
                )
            );
            next_receipt(&ledger, shipment, cli.quiet)?;
            Ok(())
        }
        RecordCommand::HandCarry {
            shipment,
            attendant,
        } => {
            checked("attendant", attendant)?;
            if !shipment_exists(&ledger, shipment)? {
                return Err(unknown_shipment(shipment));
            }
            let who = handler(cli)?;
            record(
                &mut ledger,
                shipment,
                records::shipment::hand_carried(&who, attendant),
            )?;
            outln!(
                "{}",
                isou::tr!(
                    "rec-hand-carried",
                    shipment = sanitize(shipment),
                    attendant = attendant.as_str()
                )
            );
            next_receipt(&ledger, shipment, cli.quiet)?;
            Ok(())
        }
        RecordCommand::Ship {
            shipment,
            carrier,
            tracking_number,
            date,
            attendance_acknowledged,
        } => {
            checked("carrier", carrier)?;
            checked_opt("date", date.as_deref())?;
            let events = ledger.events(Some(shipment))?;
            if events.is_empty() {
                return Err(unknown_shipment(shipment));
            }
            let before = isou::carriers::Recorded::from_events(&events);
            // §2.2③: the register says when the medium left; a date before it was
            // sealed or after today is refused (CWE-20), before anything is recorded.
            let today = isou::media::today();
            let date = date.clone().unwrap_or_else(|| today.clone());
            isou::carriers::check_ship_date(&date, before.sealed_on.as_deref(), &today)
                .map_err(|e| CliError::usage(e.to_string(), e.hint()))?;
            let policy = crate::medium::load_policy(cli)?;
            let who = handler_in(&policy)?;
            // §2.2⑥⑧⑨, judged on what the ledger says of the shipment (its class and
            // the number sealed on the medium), before anything is recorded.
            let ship = isou::carriers::check_shipping(
                &policy,
                &before,
                carrier,
                tracking_number.as_deref(),
                *attendance_acknowledged,
            )
            .map_err(ship_error)?;
            // A change against what the ledger said (sealed, or a previous ship) is
            // never a silent overwrite of the register: said here, recorded, shown in 備考.
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
            if let Some(t) = &ship.tracking {
                let dest = events
                    .iter()
                    .find(|e| e.kind == EventKind::Sealed)
                    .and_then(|e| e.body["destination"].as_str());
                warn_tracking_reused(&ledger, t, Some(shipment), dest)?;
            }
            // Explicit choices (issue 14) are in the event, shown in the register's 備考.
            record(
                &mut ledger,
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
            if !warn_key_not_sent(&ledger, shipment)? {
                next_receipt(&ledger, shipment, cli.quiet)?;
            }
            Ok(())
        }
        RecordCommand::Dispose {
            shipment,
            method,
            witness,
            contractor,
            certificate,
            decrypted,
        } => {
            // `SHIPMENT/復号` names the decrypted folder as `--decrypted` does.
            let (shipment, item) = records::terms::disposal_target(shipment, *decrypted);
            let shipment = &shipment;
            let events = ledger.events(Some(shipment))?;
            if events.is_empty() {
                return Err(unknown_shipment(shipment));
            }
            // §2.4⑥⑦⑬ (records::disposal): refused before anything is recorded.
            let d = records::disposal::check(
                shipment,
                &events,
                &records::disposal::Request {
                    method,
                    witness: witness.as_deref(),
                    contractor: contractor.as_deref(),
                    certificate: certificate.as_deref(),
                    item,
                },
            )
            .map_err(|e| CliError::usage(e.to_string(), e.hint()))?;
            let who = who(cli)?;
            record(&mut ledger, shipment, records::shipment::disposed(&who, &d))?;
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
    }
}

/// A receipt refused or not made, as the command line reports it: the receipt itself
/// refused is exit 1, nothing to make or check it against is exit 2.
fn receipt_error(e: records::receipt::ReceiptError) -> CliError {
    let (msg, hint) = (e.to_string(), Some(e.hint()));
    if e.is_rejection() {
        CliError::Rejected { msg, hint }
    } else {
        CliError::Usage { msg, hint }
    }
}

/// `isou receipt`: the recipient's signed receipt (受領書) of a shipment this ledger
/// verified VALID against a pinned sender (`records::receipt`), written to a new file
/// and recorded as `receipt-issued`.
pub fn receipt(a: &crate::cli::ReceiptArgs, cli: &Cli) -> Result<(), CliError> {
    use records::receipt::{self, Receipt};
    // Refused before a passphrase is asked: an existing file is never overwritten.
    if std::fs::symlink_metadata(&a.output).is_ok() {
        return Err(CliError::usage(
            isou::tr!(
                "rec-receipt-exists",
                path = clean(&a.output.display().to_string())
            ),
            isou::tr!("rec-receipt-exists-hint"),
        ));
    }
    // No ledger: nothing was verified in it, and none is created for the refusal.
    if std::fs::symlink_metadata(ledger_path(cli.ledger.as_deref())?).is_err() {
        return Err(receipt_error(receipt::ReceiptError::NotVerified(
            a.shipment.clone(),
        )));
    }
    let mut ledger = open_ledger(cli.ledger.as_deref())?;
    let policy = crate::medium::load_policy(cli)?;
    let actor = records::actor(&policy);
    let events = ledger.events(Some(&a.shipment))?;
    // Issue 16 red team finding 06 (§2.2③, CWE-706): a contested id names more than one
    // sender's medium; --signer says which one the receipt confirms (the library refuses
    // a contested id without it).
    let signer = match &a.signer {
        Some(s) => Some(isou::signature::fingerprint(&crate::medium::parse_signer(
            s, &policy,
        )?)),
        None => None,
    };
    let v =
        receipt::verification(&a.shipment, &events, signer.as_deref()).map_err(receipt_error)?;
    let identity = crate::keygen::load_identity_for(
        a.identity.as_deref(),
        isou::keys::KeyUse::Sign,
        &mut crate::keygen::IdentityPassphrase::new(&a.passphrase),
    )?;
    let key = identity.signing_key()?;
    let r = Receipt::from_verification(v, key.public_key(), &isou::clock::now_rfc3339())
        .map_err(receipt_error)?;
    let text = r.sign(key).map_err(receipt_error);
    // Signing left copies of the seed in dead stack frames (CWE-226, issue 13).
    isou::keys::wipe_stack();
    drop(identity);
    let text = text?;
    write_new_public(&a.output, text.as_bytes())?;
    let body = records::receipt::Delivery::issued(
        &r,
        v.id,
        sha256_hex(text.as_bytes()),
        &a.output,
        &actor,
    );
    record(&mut ledger, &r.shipment, body)?;
    outln!(
        "{}",
        isou::tr!(
            "rec-receipt-file",
            path = clean(&a.output.display().to_string())
        )
    );
    outln!(
        "{}",
        isou::tr!("rec-receipt-shipment", shipment = sanitize(&r.shipment))
    );
    outln!(
        "{}",
        isou::tr!(
            "rec-receipt-verified",
            when = sanitize(&isou::clock::local(&r.verified_at)),
            zone = isou::clock::zone_label()
        )
    );
    outln!(
        "{}",
        isou::tr!("rec-receipt-signed", key = r.recipient_key.to_string())
    );
    crate::output::next_step(cli.quiet, &isou::tr!("next-after-receipt"));
    Ok(())
}

/// Writes a new file (never an existing one, never through a link) readable by all:
/// a receipt holds nothing secret — public facts and a signature — and is meant to be
/// sent away, so 0644 hides nothing worth hiding. Removed again if the write fails.
fn write_new_public(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    isou::platform::public_file(&mut o);
    let mut f = o.open(path).map_err(CliError::io(isou::tr!(
        "rec-creating",
        path = clean(&path.display().to_string())
    )))?;
    if let Err(e) = f.write_all(bytes).and_then(|()| f.sync_all()) {
        let _ = std::fs::remove_file(path);
        return Err(CliError::io(isou::tr!(
            "rec-writing",
            path = clean(&path.display().to_string())
        ))(e));
    }
    Ok(())
}

/// SHA-256 of `bytes`, lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// `record receipt`: the destination's signed receipt checked against this ledger
/// (`records::receipt::check`), then the shipment recorded as `delivered` — once: a
/// second good receipt of a delivered shipment records nothing.
fn record_receipt(ledger: &mut Ledger, file: &Path, cli: &Cli) -> Result<(), CliError> {
    use isou::localfile::{read_bounded, Links, LocalFileError};
    use records::receipt::{self, ReceiptError};
    let shown = clean(&file.display().to_string());
    // Bounded, a FIFO or device refused at once (CWE-400).
    let bytes = read_bounded(file, receipt::MAX_BYTES, Links::Follow).map_err(|e| match e {
        LocalFileError::TooLarge { size, .. } => receipt_error(ReceiptError::TooLarge(size)),
        LocalFileError::Io(e) => CliError::io(isou::tr!("rec-reading", path = shown.as_str()))(e),
        other => CliError::usage(
            format!("{shown}: {other}"),
            isou::tr!("rec-receipt-file-hint"),
        ),
    })?;
    let d =
        receipt::check(&bytes, &ledger.events(None)?, isou::clock::now()).map_err(receipt_error)?;
    let r = &d.receipt;
    // Delivery is one fact: a receipt sent twice (or re-issued after a second check)
    // adds none, and two 到着確認 would misstate the register. Checked in full first,
    // so a forged second receipt is still refused.
    if let Some((id, at)) = &d.already {
        outln!(
            "{}",
            isou::tr!(
                "rec-already-delivered",
                shipment = sanitize(&r.shipment),
                id = id.to_string(),
                when = sanitize(&isou::clock::local(at)),
                zone = isou::clock::zone_label()
            )
        );
        return Ok(());
    }
    let who = who(cli)?;
    record(ledger, &r.shipment, d.event_body(&who))?;
    outln!(
        "{}",
        isou::tr!(
            "rec-delivered",
            shipment = sanitize(&r.shipment),
            when = sanitize(&isou::clock::local(&r.verified_at)),
            zone = isou::clock::zone_label(),
            key = r.recipient_key.to_string()
        )
    );
    Ok(())
}
