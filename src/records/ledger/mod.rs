//! The ledger: an append-only, hash-chained event log in an embedded SQLite database.
//!
//! Each event stores the SHA-256 of the previous event's canonical encoding, so any
//! edit, insertion or reordering made behind isou's back (with the `sqlite3` shell, say)
//! breaks the chain at that event, and [`Ledger::check`] names it. Triggers refuse
//! UPDATE and DELETE through SQLite itself; corrections are new events (`corrected`)
//! that point at the event they correct. Appends run in `BEGIN IMMEDIATE` transactions,
//! so two processes appending at once are serialised and both events are kept.
//!
//! One file per seam: opening it (`open`), its schema and upgrades (`upgrade`), its
//! files and their owners (`files`), appending (`append`), reading back (`query`), the
//! hash chain and its check (`chain`), and its errors (`error`).

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

mod append;
mod chain;
mod error;
mod files;
mod open;
mod query;
#[cfg(test)]
mod tests;
mod upgrade;

pub use error::LedgerError;
pub(crate) use files::refuse_not_own;
pub use files::{companions, own_file};

/// The schema version this build writes (`PRAGMA user_version`). Version 2 (issue 16)
/// adds the column `body_schema` to `events`: which version of the event structs
/// (`records::event`) a row's body was written by — 1 for every row written before,
/// 2 for a typed body. A schema-2 row's hash also covers its `body_schema`
/// (`chain::encode`), so a row cannot be relabelled; the rows of a v1 ledger
/// keep their bytes and their hashes (the upgrade only adds the column, default 1), so
/// the chain still verifies after it.
pub const SCHEMA_VERSION: i64 = 2;

/// The version of the event bodies this build writes (`records::event`).
pub const BODY_SCHEMA: i64 = 2;

/// `PRAGMA application_id` of an isou ledger ("isou" in ASCII), so a `--ledger` that
/// names another program's SQLite database is recognised as foreign and left alone.
pub const APPLICATION_ID: i64 = 0x6973_6F75;

/// Largest event body, in bytes of JSON (a sealed event of a 100-volume set is ~30 KiB;
/// one listing ten thousand segments ~400 KiB).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Longest text an event carries outside its free values (a medium's folder, say).
pub const MAX_TEXT_CHARS: usize = 4096;

/// Fields whose values are shown in the registers or typed by a person: wherever they
/// appear in an event body, each must pass [`check_value`](crate::records::check_value)
/// (one line, no control or bidi character, at most 200 characters, dates parsed).
pub const FREE_FIELDS: &[&str] = &[
    "carrier",
    "tracking_number",
    "envelope_tracking_number",
    "destination",
    "handler",
    "witness",
    "method",
    "note",
    "attendant",
    "by",
    "from",
    "source_organization",
    "class",
    "medium_type",
    "date",
    "retain_until",
    "signer",
    "shipment",
    "happened_at",
    "why",
    "nonce",
];

/// The hash that stands before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened (別添２ §2.2③: every transport is recorded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A medium was sealed.
    Sealed,
    /// It was handed to a carrier.
    Shipped,
    /// It arrived.
    Received,
    /// It was verified on receipt.
    Verified,
    /// It was decrypted by an authorised person.
    Opened,
    /// The passphrase or key sheet was sent separately.
    KeySent,
    /// It was carried by hand.
    HandCarried,
    /// The medium was disposed of.
    Disposed,
    /// An earlier event is corrected.
    Corrected,
    /// A medium was checked on receipt but what it says could not be authenticated (it
    /// failed verification, or no sender was pinned): recorded under the medium's own
    /// id (`MEDIUM-…`) with what it claimed, never under the shipment it claims, so a
    /// forged medium cannot change what the registers say about a real shipment.
    Checked,
    /// The sender's own check of a medium this ledger sealed, before it was shipped
    /// (`verify --signer` her own card): a routine check, never a receipt, so it fills
    /// no 受領日時 and leaves the shipment open (issue 15 item 4).
    CheckedBeforeShipping,
    /// The sender's own check of a medium this ledger sealed, after it was shipped or
    /// carried (at the counter, or a parcel returned undelivered): a remark, never a
    /// receipt, so it fills no 受領日時 and leaves the shipment open (issue 15 red team
    /// finding 04).
    CheckedBySender,
    /// Volumes of a set authenticated as a pinned sender's, but not all of them given
    /// (a disc left out): a check of its own under the shipment, which neither receives
    /// it nor overwrites an earlier verification of the whole set (issue 15 item 4).
    CheckedIncomplete,
    /// The recipient signed a receipt (受領書) of a shipment it verified VALID
    /// (`isou receipt`, `records::receipt`).
    ReceiptIssued,
    /// The sender checked the destination's signed receipt: the shipment arrived
    /// (到着確認, `isou record receipt`).
    Delivered,
    /// A kind this isou does not know, read from a row written outside it (or by a
    /// newer isou): shown, marked, with its stored name in [`Event::unknown_kind`];
    /// never appended. One such row must not make the whole ledger unreadable.
    Unknown,
}

impl EventKind {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Sealed => "sealed",
            EventKind::Shipped => "shipped",
            EventKind::Received => "received",
            EventKind::Verified => "verified",
            EventKind::Opened => "opened",
            EventKind::KeySent => "key-sent",
            EventKind::HandCarried => "hand-carried",
            EventKind::Disposed => "disposed",
            EventKind::Corrected => "corrected",
            EventKind::Checked => "checked",
            EventKind::CheckedBeforeShipping => "checked-before-shipping",
            EventKind::CheckedBySender => "checked-by-sender",
            EventKind::CheckedIncomplete => "checked-incomplete",
            EventKind::ReceiptIssued => "receipt-issued",
            EventKind::Delivered => "delivered",
            EventKind::Unknown => "unknown",
        }
    }

    /// The kind stored under `s`, if any.
    pub fn parse(s: &str) -> Option<EventKind> {
        Some(match s {
            "sealed" => EventKind::Sealed,
            "shipped" => EventKind::Shipped,
            "received" => EventKind::Received,
            "verified" => EventKind::Verified,
            "opened" => EventKind::Opened,
            "key-sent" => EventKind::KeySent,
            "hand-carried" => EventKind::HandCarried,
            "disposed" => EventKind::Disposed,
            "corrected" => EventKind::Corrected,
            "checked" => EventKind::Checked,
            "checked-before-shipping" => EventKind::CheckedBeforeShipping,
            "checked-by-sender" => EventKind::CheckedBySender,
            "checked-incomplete" => EventKind::CheckedIncomplete,
            "receipt-issued" => EventKind::ReceiptIssued,
            "delivered" => EventKind::Delivered,
            _ => return None,
        })
    }
}

/// One recorded event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// Position in the ledger (1, 2, …).
    pub id: i64,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded_at: String,
    /// What happened.
    pub kind: EventKind,
    /// The stored kind, as it is, when this isou does not know it ([`EventKind::Unknown`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_kind: Option<String>,
    /// The shipment it belongs to.
    pub shipment: String,
    /// Its facts (fields depend on the kind), as a JSON object; read it typed with
    /// [`Event::typed`](crate::records::event).
    pub body: serde_json::Value,
    /// SHA-256 of the previous event's encoding ([`GENESIS`] for the first).
    pub prev_hash: String,
    /// SHA-256 of this event's encoding.
    pub hash: String,
}

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    /// The key that authenticates unrecorded events; loaded (created on first use)
    /// only when the ledger is opened for writing.
    key: Option<Zeroizing<[u8; 32]>>,
    /// Whether the file exists (a read-only open of a missing ledger reads as empty).
    exists: bool,
    /// What the caller should tell the user about the ledger's ownership or folder
    /// (see [`Ledger::notes`]).
    notes: Vec<String>,
    /// Its schema version (`PRAGMA user_version`): a read-only open reads a v1 ledger
    /// as it is, without the `body_schema` column.
    version: i64,
}

/// The first event whose stored hash or link does not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The event's id (or the id where one is missing).
    pub id: i64,
    /// What does not match.
    pub why: String,
}

/// How an event came to be recorded after it happened (`record recover`).
#[derive(Clone, Debug)]
pub struct Late {
    /// When it happened (RFC 3339, UTC).
    pub happened_at: String,
    /// Why it was not recorded then (isou's own words).
    pub why: String,
    /// The random id of the unrecorded file, so it is recovered once only.
    pub nonce: String,
}

impl Ledger {
    /// Lines the caller should show the user as warnings: a writable open's folder its
    /// group may write; a reading open's ledger that is another account's, or that
    /// others may write.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Whether the ledger file exists (false for a read-only open of a missing one).
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// Its schema version (2 after a writable open; a read-only open of a v1 ledger
    /// reads it as 1).
    pub fn schema_version(&self) -> i64 {
        self.version
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
