//! The registers an auditor signs off (§2.2③, §1.2②, §2.4⑥), folded from the typed
//! events (`records::event`): the 移送記録簿 (one row per shipment), the 受領・検証・復号記録
//! (one row per receipt, verification, opening and check), the 媒体管理簿 (one row per
//! disc or stick) and the 廃棄記録 (one row per disposal) — see [`REGISTERS`]. One value
//! per cell (dates, times in the registry's zone, names, results 正常/異常 each in a
//! column of its own, so a spreadsheet sorts and filters them), corrections beside what
//! they correct. Exported as CSV (UTF-8 with BOM and CRLF, so Excel opens Japanese text
//! correctly) or JSON with the same Japanese column names.
//!
//! Also every other way the ledger is printed (`record list`, `show`, `due`). The
//! ledger is a file that whoever can write it may change with `sqlite3`: the chain
//! check detects that, but until someone runs it a row INSERTed with `ESC ] 0; … BEL`,
//! `ESC [ 2 J` or U+202E in its time, shipment or body would drive the terminal of
//! whoever lists it, or reach a spreadsheet (CWE-150, CWE-117).
//! So each output is made inert in one place, whole, by `untrusted::clean`: each line
//! ([`list_lines`], [`show_lines`], [`due_line`]), each CSV cell ([`write_csv`]), each
//! string of a JSON output ([`write_json`]), not field by field.
//!
//! One file per register (`transport`, `checks`, `media`, `disposal`), the cells they
//! share (`cells`, `stated`), the registers' columns (`columns`), the terminal lines
//! (`lines`) and the writers (`csv`, `json`).

mod cells;
mod checks;
mod columns;
mod csv;
mod disposal;
mod json;
mod lines;
mod media;
mod stated;
#[cfg(test)]
mod tests;
mod transport;

pub use cells::late_note;
pub use checks::check_register;
pub use columns::{
    column_type, register, ColumnType, Register, Row, CHECK_COLUMNS, COLUMNS, DISPOSAL_COLUMNS,
    MEDIA_COLUMNS, REGISTERS,
};
pub use csv::{not_a_formula, titled, write_csv};
pub use disposal::{disposal_log, due};
pub use json::write_json;
pub use lines::{due_line, kind_label, kind_name, list_lines, show_lines};
pub use media::media_register;
pub use transport::transport_register;
