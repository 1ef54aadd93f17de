//! `record export`: a register as CSV or JSON, or every register as a workbook, each
//! with its provenance (`records::provenance`), as the bytes to write.

use std::io::Write;

use crate::records::export::{self as x, Register};
use crate::records::provenance::{self, Provenance};
use crate::records::xlsx::{self, WorkbookError};
use crate::records::Event;

/// How a register is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV: UTF-8 with a byte-order mark and CRLF, then the provenance block.
    Csv,
    /// JSON: the provenance, the register's name and its rows.
    Json,
}

/// The titles of every register, in a workbook's order (its sheets' names).
pub fn workbook_titles() -> Vec<&'static str> {
    x::REGISTERS.iter().map(|r| r.title).collect()
}

/// One register of `events` as `format`, with its provenance `prov`.
pub fn register_bytes(
    events: &[Event],
    register: &Register,
    format: Format,
    prov: &Provenance,
) -> std::io::Result<Vec<u8>> {
    let rows = (register.rows)(events);
    let mut out = Vec::new();
    match format {
        Format::Json => x::write_json(
            &mut out,
            &provenance::JsonExport {
                provenance: prov,
                register: register.name,
                rows: &rows,
            },
        )?,
        Format::Csv => {
            x::write_csv(&mut out, register.columns, &rows)?;
            provenance::write_csv_block(&mut out, register.columns.len(), prov)?;
            out.flush()?;
        }
    }
    Ok(out)
}

/// Every register of `events` (`records::export::REGISTERS`, in that order, a sheet
/// each under its Japanese title) as a workbook, with its provenance `prov`.
pub fn workbook_bytes(events: &[Event], prov: &Provenance) -> Result<Vec<u8>, WorkbookError> {
    let rows: Vec<Vec<x::Row>> = x::REGISTERS.iter().map(|r| (r.rows)(events)).collect();
    let sheets: Vec<xlsx::Sheet<'_>> = x::REGISTERS
        .iter()
        .zip(&rows)
        .map(|(r, rows)| xlsx::Sheet {
            name: r.title,
            columns: r.columns,
            rows,
        })
        .collect();
    xlsx::workbook(&sheets, prov)
}
