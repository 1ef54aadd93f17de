//! `record export`: a register, or the workbook of them all, written where asked.

use std::io::Write;
use std::path::Path;

use isou::records::command::export::{self as cmd, Format};
use isou::records::provenance::Provenance;
use isou::records::{self, unrecorded, Event, Ledger};
use isou::untrusted::clean;

use crate::cli::{Cli, ExportFormat};
use crate::error::CliError;
use crate::output::errln;

/// `record export`: one register as CSV or JSON (to standard output or `-o FILE`), or
/// every register (`records::export::REGISTERS`, in that order, a sheet each under its
/// Japanese title) as a workbook (`-o FILE` only: binary never to a terminal). Each
/// export carries its provenance (`records::provenance`): when, by whom, which ledger
/// and its head. A file is written through a temporary file beside it, 0600 like the
/// ledger it copies (the registers name recipients and staff; CWE-276: a copy is not
/// made more readable than its source), renamed into place only when complete, so a
/// failure leaves no partial file.
pub(super) fn export(
    ledger: &Ledger,
    cli: &Cli,
    format: ExportFormat,
    register: &records::export::Register,
    output: Option<&Path>,
    force: bool,
) -> Result<(), CliError> {
    let events = ledger.events(None)?;
    let who = super::who(cli)?;
    let file = output.filter(|p| p.as_os_str() != "-");
    if let Some(path) = file {
        not_the_ledger(ledger, path)?;
    }
    let format = match format {
        ExportFormat::Xlsx => {
            let Some(path) = file else {
                return Err(CliError::usage(
                    isou::tr!("rec-xlsx-stdout"),
                    isou::tr!("rec-xlsx-stdout-hint"),
                ));
            };
            let prov = verified(ledger, &events, &who, &cmd::workbook_titles())?;
            let bytes = cmd::workbook_bytes(&events, &prov)
                .map_err(|e| CliError::usage(e.to_string(), e.hint()))?;
            return write_file(ledger, cli, path, force, true, &bytes);
        }
        ExportFormat::Json => Format::Json,
        ExportFormat::Csv => Format::Csv,
    };
    let prov = verified(ledger, &events, &who, &[register.title])?;
    let bytes = cmd::register_bytes(&events, register, format, &prov)
        .map_err(CliError::io(isou::tr!("rec-writing-export")))?;
    match file {
        Some(path) => write_file(ledger, cli, path, force, false, &bytes),
        None => {
            let mut out = std::io::BufWriter::new(crate::output::Stdout);
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(CliError::io(isou::tr!("rec-writing-export")))
        }
    }
}

/// Never over the ledger's own files (issue 16 red team finding 08, §2.2③, CWE-73):
/// checked before anything is written, and again just before the rename.
fn not_the_ledger(ledger: &Ledger, path: &Path) -> Result<(), CliError> {
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
}

/// The export's provenance: only a ledger whose chain verifies has a head to vouch for
/// (finding 02); events still waiting in LEDGER.unrecorded/ are named in the
/// provenance and here.
fn verified(
    ledger: &Ledger,
    events: &[Event],
    who: &records::Actor,
    names: &[&str],
) -> Result<Provenance, CliError> {
    let p = Provenance::verified(ledger, events, who, names).map_err(|e| CliError::Rejected {
        msg: e.to_string(),
        hint: e.hint(),
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
}

/// Writes the export to `path` through a temporary file, renamed into place only when
/// complete and when `path` is still not one of the ledger's files.
fn write_file(
    ledger: &Ledger,
    cli: &Cli,
    path: &Path,
    force: bool,
    binary: bool,
    bytes: &[u8],
) -> Result<(), CliError> {
    let mut out = crate::output::Output::open(Some(path), force, binary, cli.quiet)?;
    out.write_all(bytes)
        .map_err(CliError::io(isou::tr!("rec-writing-export")))?;
    not_the_ledger(ledger, path)?;
    out.commit()
}
