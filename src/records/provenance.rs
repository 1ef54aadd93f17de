//! Where an export comes from (出力情報): when it was made (local time and zone), by
//! whom (`records::actor`), from which ledger, and the ledger's head (the last event's
//! id and hash) at that moment.
//!
//! A register printed or mailed is a copy whose origin nobody can otherwise tell: the
//! head hash ties it to the hash chain, so `record check` on the ledger (which prints
//! the same head) shows whether the copy is of this ledger as it stands, and a ledger
//! cut back or rewritten after the copy was made no longer has that head (§2.2③ records that can be audited). Every export
//! carries it: the workbook as a sheet of its own ([`super::xlsx`]), CSV as a block
//! after the table ([`write_csv_block`]), JSON as the `provenance` object.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use super::{Actor, Event};
use crate::untrusted::clean;

/// The facts of one export's origin. Values from outside isou (the person's name from
/// the policy, the ledger's path and its stored hash) are cleaned where they are
/// written, with the rest of the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// When the export was made: `YYYY-MM-DD HH:MM:SS` and the zone's abbreviation, in
    /// the registry's zone (`crate::clock`).
    pub made_at: String,
    /// The registry's zone, IANA name (`Asia/Tokyo`).
    pub time_zone: String,
    /// Who made it: the policy's name for the OS account (`records::actor`).
    pub made_by: String,
    /// The OS account of the real uid.
    pub os_account: String,
    /// The ledger read (its absolute path when it can be resolved).
    pub ledger: String,
    /// The id of the ledger's last event; `None` for an empty ledger.
    pub head_event: Option<i64>,
    /// The hash of the ledger's last event (what `record check` prints as `head`);
    /// `None` for an empty ledger.
    pub head_hash: Option<String>,
    /// How many events the export was made from.
    pub events: usize,
    /// Events waiting in `LEDGER.unrecorded/` (their file names): done, but not in the
    /// chain yet, so not in this export (issue 16 red team finding 02). Empty when none.
    pub unrecorded: Vec<String>,
    /// Which registers the export holds.
    pub registers: Vec<String>,
    /// The isou that made it.
    pub isou_version: String,
}

impl Provenance {
    /// The origin of an export made now by `actor` from `events`, read from the ledger
    /// at `ledger`, holding `registers` (their Japanese names).
    pub fn of(ledger: &Path, events: &[Event], actor: &Actor, registers: &[&str]) -> Provenance {
        let zone = crate::clock::zone();
        let now = crate::clock::now();
        let made_at = match jiff::tz::TimeZone::get(zone.name()) {
            Ok(tz) => now
                .to_zoned(tz)
                .strftime("%Y-%m-%d %H:%M:%S %Z")
                .to_string(),
            Err(_) => format!("{} UTC", now.strftime("%Y-%m-%d %H:%M:%S")),
        };
        // The absolute path: "ledger.sqlite" says nothing on paper.
        // (A ledger not made yet still gets a path from the root.)
        let ledger = std::fs::canonicalize(ledger)
            .or_else(|_| std::path::absolute(ledger))
            .unwrap_or_else(|_| ledger.to_path_buf());
        let head = events.last();
        Provenance {
            made_at,
            time_zone: zone.name().to_string(),
            made_by: actor.name.clone(),
            os_account: actor.account.clone(),
            ledger: ledger.display().to_string(),
            head_event: head.map(|e| e.id),
            head_hash: head.map(|e| e.hash.clone()),
            events: events.len(),
            unrecorded: Vec::new(),
            registers: registers.iter().map(|r| r.to_string()).collect(),
            isou_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// The origin of an export of the open `ledger`, made now by `actor` from `events`
    /// (read from it), holding `registers` — only when the ledger's hash chain verifies
    /// (`Ledger::check`, as `record check` walks it); the events waiting in
    /// `LEDGER.unrecorded/` are named ([`Provenance::unrecorded`]).
    ///
    /// Why (issue 16 red team finding 02; §2.2③ records that can be audited; CWE-345,
    /// CWE-354): a row INSERTed behind isou's back (a forged 到着確認) was exported with
    /// its made-up hash as "台帳の最終ハッシュ", exit 0 — the provenance vouched for a
    /// ledger `record check` rejects. A broken chain has no head to vouch for: the
    /// export is refused ([`Unverified`]); the rows can still be read with `record
    /// list` and `record show`.
    pub fn verified(
        ledger: &super::Ledger,
        events: &[Event],
        actor: &Actor,
        registers: &[&str],
    ) -> Result<Provenance, Unverified> {
        if let Some(b) = ledger.check().map_err(Unverified::Ledger)? {
            return Err(Unverified::ChainBroken(b));
        }
        let mut p = Provenance::of(ledger.path(), events, actor, registers);
        // Unreadable folder: named as one that could not be read, never as "none".
        p.unrecorded = match super::unrecorded::waiting(ledger.path()) {
            Ok(w) => w
                .iter()
                .map(|f| {
                    f.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect(),
            Err(e) => vec![format!("(読めない: {e})")],
        };
        Ok(p)
    }

    /// The facts as (label, value) pairs, in the order people read them; each value
    /// cleaned (`untrusted::clean`).
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let none = || "(なし: 台帳は空)".to_string();
        vec![
            ("出力日時", self.made_at.clone()),
            ("タイムゾーン", self.time_zone.clone()),
            ("出力者", self.made_by.clone()),
            ("OSアカウント", self.os_account.clone()),
            ("台帳", self.ledger.clone()),
            (
                "台帳の最終イベント",
                self.head_event.map_or_else(none, |i| i.to_string()),
            ),
            (
                "台帳の最終ハッシュ",
                self.head_hash.clone().unwrap_or_else(none),
            ),
            ("イベント数", self.events.to_string()),
            (
                "記録待ちイベント",
                if self.unrecorded.is_empty() {
                    "なし".to_string()
                } else {
                    format!(
                        "{} 件がこの出力に含まれていない ({}.unrecorded/: {}; isou record recover で記録する)",
                        self.unrecorded.len(),
                        self.ledger,
                        self.unrecorded.join(", ")
                    )
                },
            ),
            ("記録簿", self.registers.join(", ")),
            ("isou", self.isou_version.clone()),
        ]
        .into_iter()
        .map(|(k, v)| (k, clean(&v)))
        .collect()
    }
}

/// Why an export's provenance was not given ([`Provenance::verified`]).
#[derive(Debug)]
pub enum Unverified {
    /// The hash chain breaks: the ledger was changed outside isou.
    ChainBroken(super::ChainBreak),
    /// The ledger could not be read.
    Ledger(super::LedgerError),
}

impl std::fmt::Display for Unverified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unverified::ChainBroken(b) => f.write_str(&crate::tr!(
                "rec-export-chain-broken",
                id = b.id.to_string(),
                why = b.why.to_string()
            )),
            Unverified::Ledger(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Unverified {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Unverified::Ledger(e) => Some(e),
            Unverified::ChainBroken(_) => None,
        }
    }
}

impl Unverified {
    /// What to do.
    pub fn hint(&self) -> Option<String> {
        match self {
            Unverified::ChainBroken(_) => Some(crate::tr!("rec-export-chain-broken-hint")),
            Unverified::Ledger(e) => e.hint(),
        }
    }
}

/// The title of the provenance block and of the workbook's provenance sheet. Like the
/// labels of [`Provenance::fields`], fixed Japanese register terms, not from the message
/// catalogue: an export is a document for an auditor and machine data at once, and must
/// not change with the language of the clerk who made it (issue 17).
pub const TITLE: &str = "出力情報";

/// Appends the provenance to a CSV export, after the table: one empty row, then a row
/// `出力情報` and a row per fact (label, value), each row as wide as the table.
///
/// Why after the table, not above it or beside it: the header must stay the first row
/// (Excel's and LibreOffice's sort, autofilter and "Format as Table" take the block of
/// cells around the header up to the first empty row, so the empty row keeps the
/// provenance out of a sort or a filter); columns beside every row would repeat it on
/// each row and vanish with an empty register; a sidecar file is lost when the CSV is
/// mailed or piped. A program that wants only the table stops at the first empty row,
/// or reads `--format json`. Cells are cleaned and kept from being formulas as the
/// table's are (CWE-1236).
pub fn write_csv_block<W: Write>(out: W, width: usize, p: &Provenance) -> io::Result<()> {
    let width = width.max(2);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let row = |cells: Vec<String>| -> Vec<String> {
        let mut cells: Vec<String> = cells
            .into_iter()
            .map(|c| super::export::not_a_formula(&clean(&c)).into_owned())
            .collect();
        cells.resize(width, String::new());
        cells
    };
    w.write_record(row(vec![]))?;
    w.write_record(row(vec![TITLE.to_string()]))?;
    for (k, v) in p.fields() {
        w.write_record(row(vec![k.to_string(), v]))?;
    }
    w.flush()
}

/// A JSON export: the rows with where they come from, `{"provenance": …, "register":
/// …, "rows": […]}`.
#[derive(Serialize)]
pub struct JsonExport<'a, T: Serialize + ?Sized> {
    /// Where the export comes from.
    pub provenance: &'a Provenance,
    /// Which register (`transport`, `media`, `disposal`).
    pub register: &'a str,
    /// The register's rows.
    pub rows: &'a T,
}
