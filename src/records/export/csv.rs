//! The CSV writer: UTF-8 with a byte-order mark and CRLF, cells cleaned and never read
//! as formulas.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{column_type, ColumnType};
use crate::untrusted::clean;

/// Writes rows as CSV: UTF-8 with a byte-order mark and CRLF line ends, every field
/// quoted as needed, in `columns` order, every cell cleaned (`untrusted::clean`: no
/// escape sequence, bidi or invisible character from the ledger), no field read as a
/// formula.
pub fn write_csv<W: Write>(
    mut out: W,
    columns: &[&str],
    rows: &[BTreeMap<&'static str, String>],
) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(columns.iter().map(|c| titled(c)))?;
    for r in rows {
        w.write_record(
            columns
                .iter()
                .map(|c| clean(r.get(c).map(String::as_str).unwrap_or("")))
                .map(|cell| not_a_formula(&cell).into_owned().into_bytes()),
        )?;
    }
    w.flush()
}

/// A column's title as written: one holding times of day ([`ColumnType::Time`],
/// `受領時刻`) names the registry's zone once, `受領時刻(JST)`, so the times below it
/// need not.
pub fn titled(column: &str) -> String {
    if column_type(column) == ColumnType::Time {
        format!("{column}({})", crate::clock::zone_label())
    } else {
        column.to_string()
    }
}

/// A cell as text a spreadsheet will not evaluate. Fields come from media received
/// from outside (`Source-Organization`, `External-Identifier`, … of a hostile bag) and
/// the register is opened in Excel: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is taken as a formula there (CSV injection, CWE-1236: `=HYPERLINK`
/// leaking other cells, DDE `+cmd|…` running programs). Excel in Japanese also takes
/// the full-width forms `＝` U+FF1D, `＋` U+FF0B, `－` U+FF0D and `＠` U+FF20, which a
/// Japanese IME produces, as formula starts, so they are guarded too. As OWASP advises,
/// such a cell gets a leading apostrophe, so Excel shows it as the text it is.
pub fn not_a_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}',
        ) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}
