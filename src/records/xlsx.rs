//! The registers as an Excel workbook (`record export --format xlsx`): one sheet per
//! register, taken as the CSV writer takes it (sheet name, columns, rows), and a last
//! sheet 出力情報 with where the export comes from ([`super::provenance`]).
//!
//! Clerks keep these registers in Excel: each sheet has its header row
//! frozen and an autofilter on it, columns as wide as what they hold, dates and times
//! as typed date cells (in the registry's zone, as the rows already hold them) so they
//! sort and filter as dates. Every other cell is a string cell, never a formula: a
//! value from the ledger or a hostile medium that starts with `=`, `+`, `-`, `@` (or a
//! full-width form) is written as text with Excel's quote prefix, so it stays text
//! even when someone edits the cell (CSV/formula injection, CWE-1236; see
//! [`super::export::not_a_formula`]). Every cell is cleaned (`untrusted::clean`) as the
//! CSV's are.
//!
//! The workbook is built in memory and returned as bytes: the caller writes it through
//! a temporary file renamed into place, so a failure leaves no partial file.

use std::collections::BTreeMap;
use std::fmt;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::export::{not_a_formula, titled};
use super::provenance::{Provenance, TITLE};
use crate::untrusted::clean;

/// One register as a sheet: its name (the register's Japanese name), its columns in
/// order and its rows, as `export::write_csv` takes them.
pub struct Sheet<'a> {
    /// The sheet's name (at most 31 characters, none of `[]:*?/\`).
    pub name: &'a str,
    /// The columns, in order.
    pub columns: &'a [&'a str],
    /// The rows: a cell per column (a missing one is empty).
    pub rows: &'a [BTreeMap<&'static str, String>],
}

/// Why a workbook could not be made.
#[derive(Debug)]
pub enum WorkbookError {
    /// The writer refused something of the workbook (a sheet name Excel does not take,
    /// a value past Excel's limits); `sheet` names where.
    Refused {
        /// The sheet concerned.
        sheet: String,
        /// What the writer said.
        why: String,
        /// The writer's error ([`std::error::Error::source`]).
        error: XlsxError,
    },
}

impl fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkbookError::Refused { sheet, why, .. } => f.write_str(&crate::tr!(
                "rec-workbook-refused",
                sheet = sheet.as_str(),
                why = why.as_str()
            )),
        }
    }
}

impl std::error::Error for WorkbookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WorkbookError::Refused { error, .. } => Some(error),
        }
    }
}

impl WorkbookError {
    /// What to do about it.
    pub fn hint(&self) -> String {
        crate::tr!("rec-workbook-refused-hint")
    }
}

/// Excel's limit on the characters of one cell.
const CELL_MAX: usize = 32_767;

/// The widest a column is made, in Excel's character units: longer text stays in the
/// cell, seen in full in the formula bar.
const WIDTH_MAX: usize = 60;

/// A cell's value as the sheet holds it.
enum Cell {
    /// A date, `YYYY-MM-DD`.
    Date(ExcelDateTime),
    /// A date and time, `YYYY-MM-DD HH:MM[:SS]`.
    DateTime(ExcelDateTime),
    /// A time of day, `HH:MM` (a register that gives the date and the time in columns
    /// of their own).
    Time(ExcelDateTime),
    /// Text.
    Text(String),
}

/// Whether `column` holds dates or times: its name says so (`…日`, `…日時`, `…時刻`,
/// `保管期限`, …). Only cells of such a column that are a whole date or date-time are
/// typed; a remark in it stays text.
fn date_column(column: &str) -> bool {
    column.contains('日') || column.contains("期限") || column.contains("時刻")
}

/// `YYYY-MM-DD` or `YYYY-MM-DD HH:MM[:SS]` as an Excel date, if `text` is exactly that
/// and a real date.
fn parse_date(text: &str) -> Option<Cell> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    if !(b.len() == 10 || b.len() == 16 || b.len() == 19) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    // Checked as a calendar date (2026-02-30 is text, not a date Excel would roll over).
    jiff::civil::Date::new(y as i16, m as i8, d as i8).ok()?;
    let date = ExcelDateTime::from_ymd(y as u16, m as u8, d as u8).ok()?;
    if b.len() == 10 {
        return Some(Cell::Date(date));
    }
    if b[10] != b' ' || b[13] != b':' || (b.len() == 19 && b[16] != b':') {
        return None;
    }
    let (h, mi) = (digits(11..13)?, digits(14..16)?);
    let s = if b.len() == 19 { digits(17..19)? } else { 0 };
    date.and_hms(h as u16, mi as u8, s as u8)
        .ok()
        .map(Cell::DateTime)
}

/// `HH:MM` as an Excel time of day, if `text` is exactly that.
fn parse_time(text: &str) -> Option<Cell> {
    let b = text.as_bytes();
    if b.len() != 5 || b[2] != b':' || !text.is_char_boundary(2) {
        return None;
    }
    let (h, m) = (&text[..2], &text[3..]);
    if !(h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (h, m): (u16, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60)
        .then(|| ExcelDateTime::from_hms(h, m, 0).ok())
        .flatten()
        .map(Cell::Time)
}

/// The cell for `text` (cleaned) in `column`.
fn cell(column: &str, text: &str) -> Cell {
    if date_column(column) {
        if let Some(c) = parse_date(text).or_else(|| parse_time(text)) {
            return c;
        }
    }
    let mut text = clean(text);
    if text.chars().count() > CELL_MAX {
        // Past what a cell holds (only a ledger edited outside isou has such a value):
        // cut, and said so in the cell.
        text = text.chars().take(CELL_MAX - 1).collect::<String>() + "…";
    }
    Cell::Text(text)
}

/// How wide `text` is on screen, counting East Asian wide characters as two.
fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The workbook of `sheets` and, last, the sheet 出力情報 holding `provenance`, as the
/// bytes of an `.xlsx` file.
pub fn workbook(sheets: &[Sheet<'_>], provenance: &Provenance) -> Result<Vec<u8>, WorkbookError> {
    let refused = |sheet: &str| {
        let sheet = sheet.to_string();
        move |e: XlsxError| WorkbookError::Refused {
            sheet: sheet.clone(),
            why: e.to_string(),
            error: e,
        }
    };
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_align(FormatAlign::Center);
    let formats = Formats {
        header: &header,
        date: &Format::new().set_num_format("yyyy-mm-dd"),
        date_time: &Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        time: &Format::new().set_num_format("hh:mm"),
        quoted: &Format::new().set_quote_prefix(),
    };
    // Printed, every page says where it comes from and which head it anchors to.
    let head = match (&provenance.head_event, &provenance.head_hash) {
        (Some(id), Some(h)) => format!("台帳の最終イベント {id} {}", clean(h)),
        _ => "台帳は空".to_string(),
    };
    let footer = format!(
        "&L{}&R&P / &N",
        head.replace('&', "&&")
            .chars()
            .take(200)
            .collect::<String>()
    );
    for s in sheets {
        let ws = book.add_worksheet();
        register_sheet(ws, s, &formats).map_err(refused(s.name))?;
        ws.set_header(format!(
            "&L{}&R出力 {}",
            s.name.replace('&', "&&"),
            clean(&provenance.made_at).replace('&', "&&")
        ));
        ws.set_footer(&footer);
    }
    let ws = book.add_worksheet();
    provenance_sheet(ws, provenance, &header).map_err(refused(TITLE))?;
    book.save_to_buffer().map_err(refused("(workbook)"))
}

/// The formats of a register sheet's cells.
struct Formats<'a> {
    header: &'a Format,
    date: &'a Format,
    date_time: &'a Format,
    time: &'a Format,
    quoted: &'a Format,
}

/// Writes one register into `ws`: the header row (frozen, with an autofilter), then a
/// row per register row, columns as wide as their widest cell (up to [`WIDTH_MAX`]).
fn register_sheet(ws: &mut Worksheet, s: &Sheet<'_>, f: &Formats<'_>) -> Result<(), XlsxError> {
    ws.set_name(s.name)?;
    let mut widths: Vec<usize> = Vec::with_capacity(s.columns.len());
    for (c, column) in s.columns.iter().enumerate() {
        let title = titled(column);
        widths.push(width(&title));
        ws.write_string_with_format(0, col(c), &title, f.header)?;
    }
    for (r, row) in s.rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, column) in s.columns.iter().enumerate() {
            let text = row.get(column).map(String::as_str).unwrap_or("");
            let w = match cell(column, text) {
                Cell::Date(d) => {
                    ws.write_datetime_with_format(r, col(c), &d, f.date)?;
                    10
                }
                Cell::DateTime(d) => {
                    ws.write_datetime_with_format(r, col(c), &d, f.date_time)?;
                    16
                }
                Cell::Time(d) => {
                    ws.write_datetime_with_format(r, col(c), &d, f.time)?;
                    5
                }
                Cell::Text(t) if t.is_empty() => 0,
                Cell::Text(t) => {
                    // A string cell is never evaluated; the quote prefix keeps it text
                    // when the cell is edited too.
                    if not_a_formula(&t) != t.as_str() {
                        ws.write_string_with_format(r, col(c), &t, f.quoted)?;
                    } else {
                        ws.write_string(r, col(c), &t)?;
                    }
                    t.lines().map(width).max().unwrap_or(0)
                }
            };
            widths[c] = widths[c].max(w);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // A little room for the autofilter's button beside the title.
        ws.set_column_width(col(c), (*w + 3).min(WIDTH_MAX) as f64)?;
    }
    if !s.columns.is_empty() {
        let last_row = u32::try_from(s.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.autofilter(0, 0, last_row, col(s.columns.len() - 1))?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The sheet 出力情報: a row per fact of the export's origin.
fn provenance_sheet(ws: &mut Worksheet, p: &Provenance, header: &Format) -> Result<(), XlsxError> {
    ws.set_name(TITLE)?;
    ws.write_string_with_format(0, 0, "項目", header)?;
    ws.write_string_with_format(0, 1, "値", header)?;
    let fields = p.fields();
    let mut widths = (width("項目"), width("値"));
    for (r, (k, v)) in fields.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *k)?;
        ws.write_string(r, 1, v)?;
        widths = (widths.0.max(width(k)), widths.1.max(width(v)));
    }
    ws.set_column_width(0, (widths.0 + 2) as f64)?;
    ws.set_column_width(1, (widths.1 + 2).min(WIDTH_MAX + 20) as f64)?;
    Ok(())
}

/// A column index as the writer takes it (registers have far fewer than 16,384).
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_dates_in_date_columns_are_typed() {
        assert!(matches!(cell("廃棄日", "2026-12-04"), Cell::Date(_)));
        assert!(matches!(
            cell("発送日時", "2026-12-04 03:07"),
            Cell::DateTime(_)
        ));
        assert!(matches!(cell("保管期限", "2026-02-30"), Cell::Text(_)));
        assert!(matches!(cell("廃棄日", "2026-12-04 頃"), Cell::Text(_)));
        assert!(matches!(cell("備考", "2026-12-04"), Cell::Text(_)));
        assert!(matches!(cell("廃棄日", ""), Cell::Text(_)));
        assert!(matches!(cell("受領時刻", "03:07"), Cell::Time(_)));
        assert!(matches!(cell("受領時刻", "24:00"), Cell::Text(_)));
        assert!(matches!(cell("備考", "03:07"), Cell::Text(_)));
    }
}
