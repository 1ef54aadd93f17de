//! The registers (`REGISTERS`) and their columns: names, titles, column order and what
//! each column holds.

use std::collections::BTreeMap;

use super::{check_register, disposal_log, media_register, transport_register};
use crate::records::Event;

/// A register row: its cells by column name (the columns of its register, in order,
/// are the register's `columns`).
pub type Row = BTreeMap<&'static str, String>;

/// One register `record export --register NAME` writes: its name on the command line,
/// its title (the sheet's name in a workbook), its columns in order and how its rows
/// are folded from the events. Every writer (CSV, JSON, a workbook) takes the same
/// rows, so a register reads the same in each.
///
/// Titles and columns are the manual's Japanese register terms, fixed, not from the
/// message catalogue (issue 17): an export is a document an auditor files and machine
/// data a program reads, so it must be the same whoever made it, in whatever language
/// their isou speaks; JSON keys are never localised either.
pub struct Register {
    /// The name `--register` takes.
    pub name: &'static str,
    /// The register's Japanese title (§2.2③, §1.2②, §2.4⑥).
    pub title: &'static str,
    /// Its columns, in order.
    pub columns: &'static [&'static str],
    /// Its rows, folded from the ledger's events (in ledger order).
    pub rows: fn(&[Event]) -> Vec<Row>,
}

// By name: a command line holds the register it chose (`record export --register`).
impl std::fmt::Debug for Register {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Register")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Every register, in the order a workbook shows them.
pub const REGISTERS: &[Register] = &[
    Register {
        name: "transport",
        title: "移送記録簿",
        columns: COLUMNS,
        rows: transport_register,
    },
    Register {
        name: "checks",
        title: "受領・検証・復号記録",
        columns: CHECK_COLUMNS,
        rows: check_register,
    },
    Register {
        name: "media",
        title: "媒体管理簿",
        columns: MEDIA_COLUMNS,
        rows: media_register,
    },
    Register {
        name: "disposal",
        title: "廃棄記録",
        columns: DISPOSAL_COLUMNS,
        rows: disposal_log,
    },
];

/// The register `--register NAME` names.
pub fn register(name: &str) -> Option<&'static Register> {
    REGISTERS.iter().find(|r| r.name == name)
}

/// What a column holds, for a writer that types its cells (a workbook's date cells).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// A date, `YYYY-MM-DD`, in the registry's time zone.
    Date,
    /// A time of day, `HH:MM`, in the registry's time zone (the title names the zone).
    Time,
    /// A whole number.
    Count,
    /// Text.
    Text,
}

/// Columns holding a date (`YYYY-MM-DD`).
pub(super) const DATE_COLUMNS: &[&str] = &[
    "発送日",
    "鍵の送付日",
    "受領日",
    "到着確認",
    "廃棄日",
    "保管期限",
    "利用期間終了日",
    "作成・受領日",
    "日付",
];

/// Columns holding a whole number.
pub(super) const COUNT_COLUMNS: &[&str] =
    &["媒体数", "検証回数", "復号回数", "記録番号", "ファイル数"];

/// What `column` holds: dates and times each in their own columns (issue 16: a cell
/// holding 「日時 受領者 結果」 defeats a spreadsheet's sort and filter).
pub fn column_type(column: &str) -> ColumnType {
    if DATE_COLUMNS.contains(&column) {
        ColumnType::Date
    } else if column.ends_with("時刻") {
        ColumnType::Time
    } else if COUNT_COLUMNS.contains(&column) {
        ColumnType::Count
    } else {
        ColumnType::Text
    }
}

/// Column headers of the 移送記録簿 (§2.2③), in order: one row per shipment, one
/// value per cell. Every check and opening is a row of its own in the 受領・検証・復号記録
/// ([`CHECK_COLUMNS`]); this register counts them and keeps the receipt.
pub const COLUMNS: &[&str] = &[
    "移送ID",
    "区分",
    "移送担当者",
    "移送元",
    "移送先",
    "受領者",
    "受領者鍵指紋",
    "情報の区分",
    "利用責任者",
    "申出番号・応諾番号",
    "利用期間終了日",
    "資料の形態",
    "媒体数",
    "移送手段",
    "追跡番号",
    "発送日",
    "同行者",
    "封筒表示確認",
    "暗号化方式",
    "鍵の送付方法",
    "鍵の追跡番号",
    "鍵の送付日",
    "マニフェストSHA-256",
    "署名鍵",
    "受領日",
    "受領時刻",
    "受領担当者",
    "受領時の検証結果",
    "到着確認",
    "検証回数",
    "復号回数",
    "廃棄日",
    "廃棄方法",
    "立会人",
    "保管期限",
    "訂正",
    "備考",
];

/// Columns of the 受領・検証・復号記録: one row per receipt, verification, opening and
/// check, so none overwrites another (issue 16).
pub const CHECK_COLUMNS: &[&str] = &[
    "記録番号",
    "移送ID",
    "記載上の移送ID",
    "種別",
    "日付",
    "時刻",
    "担当者",
    "結果",
    "送付元の確認",
    "署名鍵",
    "移送元",
    "情報の区分",
    "封筒の追跡番号",
    "出力先",
    "ファイル数",
    "訂正",
    "備考",
];

/// Columns of the 媒体管理簿 (§1.2②: the list of portable media held, with the dates
/// they were received or created and disposed of): one row per disc or stick.
pub const MEDIA_COLUMNS: &[&str] = &[
    "媒体ID",
    "移送ID",
    "資料の形態",
    "区分",
    "作成・受領日",
    "マニフェストSHA-256",
    "保管期限",
    "廃棄日",
    "廃棄方法",
    "訂正",
    "備考",
];

/// Columns of the 廃棄記録 (§2.4⑥: a record of every disposal; ⑦ the contractor and
/// its certificate).
pub const DISPOSAL_COLUMNS: &[&str] = &[
    "記録番号",
    "移送ID",
    "資料の形態",
    "媒体数",
    "情報の区分",
    "廃棄日",
    "廃棄方法",
    "委託先",
    "廃棄証明書番号",
    "立会人",
    "実施者",
    "訂正",
    "備考",
];
