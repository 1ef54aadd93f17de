//! The ledger: an append-only, hash-chained event log in an embedded SQLite database.
//!
//! Each event stores the SHA-256 of the previous event's canonical encoding, so any
//! edit, insertion or reordering made behind isou's back (with the `sqlite3` shell, say)
//! breaks the chain at that event, and [`Ledger::check`] names it. Triggers refuse
//! UPDATE and DELETE through SQLite itself; corrections are new events (`corrected`)
//! that point at the event they correct. Appends run in `BEGIN IMMEDIATE` transactions,
//! so two processes appending at once are serialised and both events are kept.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::untrusted::sanitize;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::event::EventBody;
use super::value::{check_bounded, check_shipment_id, check_value, RecordValueError};

/// The schema version this build writes (`PRAGMA user_version`). Version 2 (issue 16)
/// adds the column `body_schema` to `events`: which version of the event structs
/// (`records::event`) a row's body was written by — 1 for every row written before,
/// 2 for a typed body. A schema-2 row's hash also covers its `body_schema`
/// ([`encode`]), so a row cannot be relabelled; the rows of a v1 ledger keep their
/// bytes and their hashes (the upgrade only adds the column, default 1), so the chain
/// still verifies after it.
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
/// appear in an event body, each must pass [`check_value`] (one line, no control or
/// bidi character, at most 200 characters, dates parsed).
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

/// Why the ledger could not be used.
#[derive(Debug)]
pub enum LedgerError {
    /// The file is not a SQLite database, or is damaged.
    Corrupt {
        /// The file.
        path: PathBuf,
        /// SQLite's words.
        why: String,
        /// The error it came from, if one did: SQLite's, the system's.
        source: Cause,
    },
    /// The database was made by a newer isou.
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
    },
    /// Another process holds the database locked for too long.
    Locked(PathBuf),
    /// The file is a SQLite database of another program (or holds other tables).
    Foreign {
        /// The file.
        path: PathBuf,
        /// What gave it away.
        why: String,
    },
    /// The ledger cannot be written (a read-only file, folder or file system).
    ReadOnly {
        /// The file.
        path: PathBuf,
        /// What refused.
        why: String,
        /// The error it came from, if one did: SQLite's, the system's.
        source: Cause,
    },
    /// The ledger's key (`LEDGER.key`, which authenticates unrecorded events) cannot be
    /// created or read.
    Key {
        /// The key file.
        path: PathBuf,
        /// Why.
        why: String,
        /// The error it came from, if one did: SQLite's, the system's.
        source: Cause,
    },
    /// The ledger, its key, or its `-wal`/`-shm` file belongs to another account or is
    /// writable by group or others, or its folder lets anyone replace it: another user
    /// could have planted it or can change it (CWE-283, CWE-732).
    NotOwn {
        /// The ledger.
        path: PathBuf,
        /// Which file, and what is wrong with it.
        why: String,
        /// The error it came from, if one did: SQLite's, the system's.
        source: Cause,
    },
    /// A ledger of an older schema cannot be upgraded: its backup
    /// (`LEDGER.v1-backup`) exists already and is not a complete copy of the ledger
    /// (an older isou's upgrade killed while it copied, or a file put there).
    UpgradeBackupExists {
        /// The ledger.
        path: PathBuf,
        /// The backup that is in the way.
        backup: PathBuf,
    },
    /// A reading open in a folder this user cannot write, of a ledger whose `-wal`
    /// file holds data: SQLite would need a `-shm` file beside it to read that.
    WalUnreadable {
        /// The ledger.
        path: PathBuf,
        /// Its `-wal` file.
        wal: PathBuf,
    },
    /// A value of the event cannot be recorded.
    Value(RecordValueError),
    /// The event is not one isou records (its body's form, a correction of an event
    /// that does not exist, an event already recovered).
    BadEvent(String),
    /// Any other database error.
    Sql {
        /// SQLite's or the system's words, with the file they are about.
        why: String,
        /// The error it came from, if one did.
        source: Cause,
    },
}

/// The error a [`LedgerError`] came from, kept for [`std::error::Error::source`]; its
/// words are in the message already.
type Cause = Option<Box<dyn std::error::Error + Send + Sync>>;

/// `e` as the [`Cause`] of a [`LedgerError`].
fn cause(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Cause {
    Some(e.into())
}

impl From<RecordValueError> for LedgerError {
    fn from(e: RecordValueError) -> Self {
        LedgerError::Value(e)
    }
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for LedgerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LedgerError::Corrupt { source, .. }
            | LedgerError::ReadOnly { source, .. }
            | LedgerError::Key { source, .. }
            | LedgerError::NotOwn { source, .. }
            | LedgerError::Sql { source, .. } => source.as_deref().map(|e| e as _),
            LedgerError::Value(e) => Some(e),
            _ => None,
        }
    }
}

impl LedgerError {
    /// The message in `lang`: Display gives the current language; the reason kept with
    /// an unrecorded event (`records::unrecorded::keep`) is stored, so it is pinned to
    /// English there. The details (`why`) are SQLite's or the system's words.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        crate::i18n::in_lang(lang, || self.message())
    }

    /// The message in the current language.
    fn message(&self) -> String {
        let shown = |p: &Path| p.display().to_string();
        match self {
            LedgerError::Corrupt { path, why, .. } => {
                crate::tr!("rec-ledger-corrupt", path = shown(path), why = why.as_str())
            }
            LedgerError::NewerSchema { path, found } => crate::tr!(
                "rec-ledger-newer-schema",
                path = shown(path),
                found = found.to_string(),
                ours = SCHEMA_VERSION.to_string()
            ),
            LedgerError::Locked(p) => crate::tr!("rec-ledger-locked", path = shown(p)),
            LedgerError::Foreign { path, why } => {
                crate::tr!("rec-ledger-foreign", path = shown(path), why = why.as_str())
            }
            LedgerError::ReadOnly { path, why, .. } => crate::tr!(
                "rec-ledger-read-only",
                path = shown(path),
                why = why.as_str()
            ),
            LedgerError::Key { path, why, .. } => {
                crate::tr!("rec-ledger-key", path = shown(path), why = why.as_str())
            }
            LedgerError::NotOwn { path, why, .. } => {
                crate::tr!("rec-ledger-not-own", path = shown(path), why = why.as_str())
            }
            LedgerError::UpgradeBackupExists { path, backup } => crate::tr!(
                "rec-ledger-backup-exists",
                path = shown(path),
                backup = shown(backup),
                schema = SCHEMA_VERSION.to_string()
            ),
            LedgerError::WalUnreadable { path, wal } => crate::tr!(
                "rec-ledger-wal-unreadable",
                path = shown(path),
                wal = shown(wal)
            ),
            LedgerError::Value(e) => e.to_string(),
            LedgerError::BadEvent(why) => {
                crate::tr!("rec-ledger-bad-event", why = why.as_str())
            }
            LedgerError::Sql { why, .. } => crate::tr!("rec-ledger-sql", why = why.as_str()),
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            LedgerError::Corrupt { .. } => crate::tr!("rec-ledger-corrupt-hint"),
            LedgerError::NewerSchema { .. } => crate::tr!("rec-ledger-newer-schema-hint"),
            LedgerError::Locked(_) => crate::tr!("rec-ledger-locked-hint"),
            LedgerError::Foreign { .. } => crate::tr!("rec-ledger-foreign-hint"),
            LedgerError::ReadOnly { .. } => crate::tr!("rec-ledger-read-only-hint"),
            LedgerError::Key { .. } => crate::tr!("rec-ledger-key-hint"),
            LedgerError::NotOwn { .. } => crate::tr!("rec-ledger-not-own-hint"),
            LedgerError::UpgradeBackupExists { .. } => {
                crate::tr!("rec-ledger-backup-exists-hint")
            }
            LedgerError::WalUnreadable { .. } => crate::tr!("rec-ledger-wal-unreadable-hint"),
            LedgerError::Value(e) => e.hint(),
            LedgerError::BadEvent(_) => crate::tr!("rec-ledger-bad-event-hint"),
            LedgerError::Sql { .. } => crate::tr!("rec-ledger-sql-hint"),
        })
    }
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
    move |e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            LedgerError::Corrupt {
                path: path.to_path_buf(),
                why: e.to_string(),
                source: cause(e),
            }
        }
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
            LedgerError::Locked(path.to_path_buf())
        }
        Some(rusqlite::ErrorCode::ReadOnly) => LedgerError::ReadOnly {
            path: path.to_path_buf(),
            why: e.to_string(),
            source: cause(e),
        },
        _ => LedgerError::Sql {
            why: e.to_string(),
            source: cause(e),
        },
    }
}

/// The canonical encoding an event's hash covers: a JSON array of its fields — and,
/// for a body of schema 2 or later, its schema, so relabelling a row's schema breaks
/// the chain. A schema-1 row is encoded exactly as before, so the hashes of a v1
/// ledger hold after its upgrade.
fn encode(
    prev_hash: &str,
    id: i64,
    recorded_at: &str,
    kind: &str,
    shipment: &str,
    body: &str,
    schema: i64,
) -> Vec<u8> {
    let v = if schema <= 1 {
        serde_json::json!([prev_hash, id, recorded_at, kind, shipment, body])
    } else {
        serde_json::json!([prev_hash, id, recorded_at, kind, shipment, body, schema])
    };
    serde_json::to_vec(&v).expect("strings serialise")
}

fn hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The append-only triggers of the `events` table (schema 1 and later).
const TRIGGERS: &str = "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
                 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a corrected event instead'); END;
             CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
                 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events are never deleted'); END;";

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

/// What a database holds, before isou uses it.
enum Identity {
    /// An isou ledger (our application id).
    Ours,
    /// A ledger of an isou from before application ids (our table, id 0).
    Legacy,
    /// A new, empty database.
    Empty,
}

/// Tells an isou ledger from another program's database without changing the file.
fn identify(conn: &Connection, path: &Path) -> Result<(Identity, i64), LedgerError> {
    let e = sql_err(path);
    // Reading the header: a non-database fails here, untouched.
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(&e)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&e)?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .map_err(&e)?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(&e)?
        .collect::<Result<_, _>>()
        .map_err(&e)?;
    let foreign = |why: String| LedgerError::Foreign {
        path: path.to_path_buf(),
        why,
    };
    if app == APPLICATION_ID {
        return Ok((Identity::Ours, version));
    }
    if app != 0 {
        return Err(foreign(crate::tr!(
            "rec-ledger-foreign-app-id",
            found = format!("{app:#x}"),
            ours = format!("{APPLICATION_ID:#x}")
        )));
    }
    if tables.is_empty() {
        return Ok((Identity::Empty, version));
    }
    if tables == ["events"] {
        return Ok((Identity::Legacy, version));
    }
    let shown: Vec<String> = tables.iter().take(5).map(|t| sanitize(t)).collect();
    Err(foreign(crate::tr!(
        "rec-ledger-foreign-tables",
        tables = shown.join(", ")
    )))
}

/// The check every event passes before it is appended — live, or recovered from
/// `LEDGER.unrecorded/` (one function for both, so a recovered event can claim nothing
/// a live one could not): the shipment id, every value (free values by
/// [`check_value`], any other text bounded), the body's size and form, and a
/// correction must name an existing event (by id and hash).
fn validate(
    conn: &Connection,
    path: &Path,
    kind: EventKind,
    shipment: &str,
    body: &serde_json::Value,
) -> Result<(), LedgerError> {
    if kind == EventKind::Unknown {
        return Err(LedgerError::BadEvent(
            "its kind is unknown: only rows read from the ledger have one".into(),
        ));
    }
    check_shipment_id(shipment)?;
    let obj = body
        .as_object()
        .ok_or_else(|| LedgerError::BadEvent("its body is not a JSON object".into()))?;
    let size = serde_json::to_vec(body).map_or(usize::MAX, |v| v.len());
    if size > MAX_BODY_BYTES {
        return Err(LedgerError::BadEvent(format!(
            "its body is {size} bytes, more than {MAX_BODY_BYTES}"
        )));
    }
    check_tree(None, body, 0)?;
    // Of its kind's shape (a recovered event too): what is appended is what the
    // readers read (`records::event`).
    EventBody::from_value(kind, body).map_err(|why| {
        LedgerError::BadEvent(format!("it is not a {} event: {why}", kind.as_str()))
    })?;
    if kind == EventKind::Corrected {
        let target = obj
            .get("corrects")
            .and_then(|v| v.as_i64())
            .ok_or_else(|| {
                LedgerError::BadEvent("a correction must name the event it corrects".into())
            })?;
        let hash: Option<String> = conn
            .query_row("SELECT hash FROM events WHERE id = ?1", [target], |r| {
                r.get(0)
            })
            .optional()
            .map_err(sql_err(path))?;
        match hash {
            None => {
                return Err(LedgerError::BadEvent(format!(
                    "it corrects event {target}, which is not in the ledger"
                )))
            }
            Some(h) if obj.get("corrects_hash").and_then(|v| v.as_str()) != Some(h.as_str()) => {
                return Err(LedgerError::BadEvent(format!(
                    "it corrects event {target} but names another event's hash"
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The event body with its *facts* made recordable: text outside [`FREE_FIELDS`] (the
/// folder of a medium, the output folder, the volumes of a set, the policy's path) was
/// not typed for the register but found on the machine or the medium, and may hold a
/// tab or a bidi control — a stick mounted under a volume label the sender chose.
/// Refusing it would lose the event of work already done (red team, issue 13), so each
/// character the sanitiser would not print is written as `\u{…}`, reversibly and
/// visibly, and text longer than [`MAX_TEXT_CHARS`] is shortened with `…`. Free values
/// are left as they are: they are checked, and refused before any work.
fn escape_facts(key: Option<&str>, v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) if !key.is_some_and(|k| FREE_FIELDS.contains(&k)) => {
            let mut out = String::with_capacity(s.len());
            let mut prev = None;
            for c in s.chars() {
                if crate::untrusted::is_unsafe_after(prev, c) {
                    out.push_str(&format!("\\u{{{:04X}}}", c as u32));
                } else {
                    out.push(c);
                }
                prev = Some(c);
            }
            if out.chars().count() > MAX_TEXT_CHARS {
                out = out.chars().take(MAX_TEXT_CHARS - 1).collect();
                out.push('…');
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| escape_facts(key, x)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), escape_facts(Some(k), x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Every value in an event body: keys and free values as [`check_value`] wants them,
/// other text bounded by [`MAX_TEXT_CHARS`], nesting at most 8 deep.
fn check_tree(key: Option<&str>, v: &serde_json::Value, depth: usize) -> Result<(), LedgerError> {
    use serde_json::Value;
    if depth > 8 {
        return Err(LedgerError::BadEvent(
            "its body is nested too deeply".into(),
        ));
    }
    let free = key.is_some_and(|k| FREE_FIELDS.contains(&k));
    match v {
        // Empty values are what an absent fact looks like; they show as nothing.
        Value::String(s) if s.is_empty() => {}
        Value::String(s) if free => check_value(key.unwrap_or("value"), s)?,
        Value::String(s) => check_bounded(key.unwrap_or("value"), s, MAX_TEXT_CHARS)?,
        Value::Array(a) => {
            for x in a {
                check_tree(key, x, depth + 1)?;
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                check_value("field name", k)?;
                check_tree(Some(k), x, depth + 1)?;
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    Ok(())
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

/// Creates the folder that holds a new ledger, 0700 (CWE-276: the ledger names
/// shipments, recipients and people; it is nobody else's to read).
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    crate::platform::owner_only_dir(&mut b);
    b.create(dir)
}

/// Creates an empty ledger file 0600 (SQLite gives its -wal and -shm files the mode
/// of the database); an existing file is left as it is.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    crate::platform::owner_only_file(&mut o);
    crate::platform::no_follow(&mut o);
    match o.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Whether this process may write `p` (access(2), real ids: isou is not set-uid).
fn writable(p: &Path) -> bool {
    crate::platform::writable(p)
}

/// What is wrong with a file of the ledger (`what`: "the file", "its key", …) for a
/// writable open, judged on the opened descriptor's metadata: another account's
/// file, or one group or others may write, could have been planted (an empty file in a
/// shared folder, which isou would initialise and fill, finding 05) or be changed
/// behind isou's back (CWE-283, CWE-732).
fn not_own(meta: &std::fs::Metadata, what: &str, p: &Path) -> Option<String> {
    let me = crate::platform::euid()?;
    let (uid, mode) = (crate::platform::owner(meta)?, crate::platform::mode(meta)?);
    if uid != me {
        Some(crate::tr!(
            "rec-ledger-file-not-own",
            what = what,
            path = p.display().to_string(),
            account = crate::platform::account_name(uid),
            uid = uid.to_string()
        ))
    } else if mode & 0o022 != 0 {
        Some(crate::tr!(
            "rec-ledger-file-writable",
            what = what,
            path = p.display().to_string(),
            mode = format!("{mode:04o}")
        ))
    } else {
        None
    }
}

/// [`not_own`] as the error of a writable open of the ledger at `ledger`.
pub(crate) fn refuse_not_own(
    meta: &std::fs::Metadata,
    what: &str,
    p: &Path,
    ledger: &Path,
) -> Result<(), LedgerError> {
    match not_own(meta, what, p) {
        Some(why) => Err(LedgerError::NotOwn {
            path: ledger.to_path_buf(),
            why,
            source: None,
        }),
        None => Ok(()),
    }
}

/// The ledger's key and SQLite's `-wal` and `-shm` files beside it, when they exist:
/// regular files of this user's, not writable by others (a planted key is known to
/// whoever planted it, who could then forge unrecorded events; SQLite would replay a
/// planted `-wal` into the ledger). Opened without following a link and without
/// blocking (`localfile`).
fn check_sidecars(path: &Path) -> Result<(), LedgerError> {
    use crate::localfile::{open_regular, Links, LocalFileError};
    for (suffix, what) in [
        (".key", crate::tr!("rec-file-its-key")),
        ("-wal", crate::tr!("rec-file-its-wal")),
        ("-shm", crate::tr!("rec-file-its-shm")),
    ] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let p = PathBuf::from(name);
        match open_regular(&p, Links::Refuse) {
            Ok((_f, meta)) => refuse_not_own(&meta, &what, &p, path)?,
            Err(LocalFileError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {}
            // Unreadable, a link, a FIFO: not a file to adopt.
            Err(e) => {
                return Err(LedgerError::NotOwn {
                    path: path.to_path_buf(),
                    why: crate::tr!(
                        "rec-ledger-file-unusable",
                        what = what,
                        path = p.display().to_string(),
                        error = e.to_string()
                    ),
                    source: cause(e),
                })
            }
        }
    }
    Ok(())
}

/// Judges the folder that holds the ledger (opened, `fstat`): one that others may
/// write without the sticky bit lets them rename the ledger away and put their own
/// in its place between two commands — or between isou's check of the file and
/// SQLite's open of the same path — so every check on the file would be void: refused
/// when anyone may write it, a warning when its group may (a per-user group, with
/// umask 002, is common and harmless; a shared group is not). With the sticky bit
/// (as /tmp), others cannot rename or delete this user's files (and Linux's
/// `protected_symlinks` keeps isou off their links there).
fn judge_folder(dir: &Path, ledger: &Path, notes: &mut Vec<String>) -> Result<(), LedgerError> {
    // Opened when it may be read; a folder this user may only search is judged by its
    // path (replacing it needs write access to its own parent).
    let meta = std::fs::File::open(dir)
        .and_then(|f| f.metadata())
        .or_else(|_| std::fs::metadata(dir))
        .map_err(|e| LedgerError::Sql {
            why: format!("{}: {e}", dir.display()),
            source: cause(e),
        })?;
    let Some(mode) = crate::platform::mode(&meta) else {
        return Ok(());
    };
    if mode & 0o1000 != 0 {
        return Ok(());
    }
    if mode & 0o002 != 0 {
        return Err(LedgerError::NotOwn {
            path: ledger.to_path_buf(),
            why: crate::tr!(
                "rec-ledger-folder-open",
                path = dir.display().to_string(),
                mode = format!("{mode:04o}")
            ),
            source: None,
        });
    }
    if mode & 0o020 != 0 {
        notes.push(crate::tr!(
            "rec-ledger-folder-group",
            path = dir.display().to_string(),
            mode = format!("{mode:04o}")
        ));
    }
    Ok(())
}

/// For a reading open of the ledger at `path` in a folder this user cannot write
/// (an auditor's archive, a read-only mount or disc): the `file:` URI to open it
/// `immutable=1`, or `None` to open it normally. SQLite reads a WAL ledger only through
/// a `-shm` file it creates beside it, so a normal read-only open fails there with
/// "attempt to write a readonly database" (issue 16 red team finding 04; §2.2③: the
/// auditor checks the head hash against the printed register; CWE-1284/availability of
/// the audit trail). Immutable, SQLite needs no `-shm` and writes nothing — but it also
/// ignores the `-wal`, so a `-wal` that holds anything (events perhaps not yet merged
/// into the file) is refused with what to do rather than read past. Nobody writes a
/// ledger in a folder that cannot be written, so the file does not change under the
/// immutable read.
fn read_only_snapshot(path: &Path) -> Result<Option<String>, LedgerError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let side = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    if writable(dir) || side("-shm").exists() {
        return Ok(None);
    }
    let wal = side("-wal");
    if std::fs::symlink_metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(LedgerError::WalUnreadable {
            path: path.to_path_buf(),
            wal,
        });
    }
    let abs = std::path::absolute(path).map_err(|e| LedgerError::Sql {
        why: format!("{}: {e}", path.display()),
        source: cause(e),
    })?;
    let mut uri = String::from("file:");
    let bytes = crate::platform::path_bytes(&abs);
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(Some(uri))
}

/// Removes the temporary backups (`LEDGER.v1-backup.partial-PID`) in `dir` whose
/// process is gone: left by an upgrade killed while it copied (finding 12).
fn remove_stale_partials(dir: &Path, prefix: &std::ffi::OsStr) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = prefix.to_string_lossy().into_owned();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // SQLite's own files of the temporary (a hot journal) go with it.
        let Some(pid) = name
            .strip_prefix(&prefix)
            .map(|p| {
                ["-journal", "-wal", "-shm"]
                    .iter()
                    .fold(p, |p, s| p.strip_suffix(s).unwrap_or(p))
            })
            .and_then(|p| p.parse::<i32>().ok())
            .filter(|p| *p > 0)
        else {
            continue;
        };
        let alive = crate::platform::process_alive(pid as u32);
        if !alive || pid as u32 == std::process::id() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether the ledger's append-only triggers are missing or are not isou's (dropped or
/// replaced outside isou): what to say, or `None` when both are in place. Issue 16 red
/// team (unscripted): a ledger without them was written to and passed `record check`
/// silently (§2.2③, CWE-284/CWE-693: the database's own guard against edits).
fn missing_triggers(conn: &Connection, path: &Path) -> Result<Option<String>, LedgerError> {
    let e = sql_err(path);
    let mut bad = Vec::new();
    for name in ["events_no_update", "events_no_delete"] {
        let sql: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'events'",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(&e)?;
        if !sql.is_some_and(|s| s.contains("RAISE(ABORT")) {
            bad.push(name);
        }
    }
    Ok((!bad.is_empty()).then(|| {
        crate::tr!(
            "rec-ledger-triggers-missing",
            path = path.display().to_string(),
            triggers = bad.join(", ")
        )
    }))
}

/// For a reading command: says when the ledger is another account's (an auditor may
/// read it; its records are then as trustworthy as that account) or others may write
/// it. Judged on an opened descriptor; a file that cannot be opened is left to SQLite
/// to report.
fn reader_notes(path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok((_f, meta)) = crate::localfile::open_regular(path, crate::localfile::Links::Follow) {
        if let Some(why) = not_own(&meta, &crate::tr!("rec-file-the-ledger"), path) {
            out.push(crate::tr!("rec-ledger-read-not-own", why = why));
        }
    }
    out
}

impl Ledger {
    /// Opens the ledger at `path` for writing, creating it on first use (0600, in a
    /// 0700 folder), migrating an older schema, and creating its key (`LEDGER.key`).
    /// Refuses another program's database untouched, and a ledger that cannot be
    /// written — before the caller does any work it would have to record. Refuses, as
    /// untouched, a ledger, key, `-wal` or `-shm` of another account's or one group or
    /// others may write, and a folder anyone may write without the sticky bit (finding
    /// 05 of issue 13: a file planted in a shared folder is never adopted); a folder
    /// its group may write is a warning in [`Ledger::notes`].
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let io = |what: &Path| {
            let what = what.to_path_buf();
            move |e: std::io::Error| match e.kind() {
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                    LedgerError::ReadOnly {
                        path: what.clone(),
                        why: e.to_string(),
                        source: cause(e),
                    }
                }
                _ => LedgerError::Sql {
                    why: format!("{}: {e}", what.display()),
                    source: cause(e),
                },
            }
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                create_private_dir(dir).map_err(io(dir))?;
            }
        }
        let mut notes = Vec::new();
        // Finding 05: a file another account planted (or may write) is never adopted.
        // Judged on descriptors (fstat), not paths; the folder check makes the path
        // stay this file until SQLite opens it, which the inode comparison below
        // confirms. The folder, key and SQLite's files first: a refusal leaves nothing
        // behind.
        {
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            judge_folder(dir, path, &mut notes)?;
            check_sidecars(path)?;
        }
        create_private_file(path).map_err(io(path))?;
        let opened = {
            let (f, meta) = crate::localfile::open_regular(path, crate::localfile::Links::Follow)
                .map_err(|e| match e {
                crate::localfile::LocalFileError::Io(e) => io(path)(e),
                e => LedgerError::NotOwn {
                    path: path.to_path_buf(),
                    why: crate::tr!("rec-ledger-file-is", error = e.to_string()),
                    source: cause(e),
                },
            })?;
            refuse_not_own(&meta, &crate::tr!("rec-file-the-file"), path, path)?;
            // Closed before SQLite opens the file: closing a descriptor of a file
            // SQLite has open would drop its POSIX locks (they belong to the process).
            drop(f);
            meta
        };
        // Before SQLite opens it: SQLite would open a file it may not write read-only
        // without a word, and create its -wal and -shm files with the file's mode
        // (0444), which outlive a later chmod.
        for (p, folder) in [
            (Some(path), false),
            (path.parent().filter(|d| !d.as_os_str().is_empty()), true),
        ] {
            if let Some(p) = p.filter(|p| !writable(p)) {
                let p = p.display().to_string();
                return Err(LedgerError::ReadOnly {
                    path: path.to_path_buf(),
                    why: if folder {
                        crate::tr!("rec-ledger-folder-read-only", path = p)
                    } else {
                        crate::tr!("rec-ledger-file-read-only-at", path = p)
                    },
                    source: None,
                });
            }
        }
        let e = sql_err(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(&e)?;
        {
            let meta = opened;
            let now = std::fs::metadata(path).map_err(io(path))?;
            if crate::platform::meta_id(&now) != crate::platform::meta_id(&meta) {
                return Err(LedgerError::NotOwn {
                    path: path.to_path_buf(),
                    why: crate::tr!("rec-ledger-file-replaced"),
                    source: None,
                });
            }
        }
        conn.busy_timeout(Duration::from_secs(10)).map_err(&e)?;
        let (identity, version) = identify(&conn, path)?;
        if version > SCHEMA_VERSION {
            return Err(LedgerError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
            });
        }
        // SQLite opens a file it may not write read-only, silently: say so now, not
        // after a medium was sealed whose event then cannot be appended.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(&e)? {
            return Err(LedgerError::ReadOnly {
                path: path.to_path_buf(),
                why: crate::tr!("rec-ledger-file-read-only"),
                source: None,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&e)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(&e)?;
        let mut ledger = Ledger {
            conn,
            path: path.to_path_buf(),
            key: None,
            exists: true,
            notes,
            version,
        };
        match identity {
            Identity::Empty => {
                ledger.migrate_to_1(true)?;
                // (At 1 only if an older isou made it meanwhile.)
                ledger.migrate_to_2(true)?;
            }
            Identity::Legacy if version < 1 => {
                ledger.migrate_to_1(false)?;
                ledger.migrate_to_2(true)?;
            }
            Identity::Legacy => {
                ledger.set_application_id()?;
                ledger.migrate_to_2(true)?;
            }
            Identity::Ours => ledger.migrate_to_2(true)?,
        }
        ledger.restore_triggers()?;
        ledger.probe_write()?;
        // Again now that SQLite has them open: one planted between the check above and
        // SQLite's open is refused before anything is recorded. By the paths' lstat,
        // not by opening them: closing a descriptor of a file SQLite has open would
        // drop SQLite's POSIX locks on it (fcntl(2) locks belong to the process), and
        // corrupt the ledger under concurrent appends.
        for suffix in ["-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let p = PathBuf::from(name);
            if let Ok(meta) = std::fs::symlink_metadata(&p) {
                let what = match suffix {
                    "-wal" => crate::tr!("rec-file-its-wal"),
                    _ => crate::tr!("rec-file-its-shm"),
                };
                refuse_not_own(&meta, &what, &p, path)?;
            }
        }
        ledger.key = Some(super::unrecorded::load_or_create_key(path)?);
        Ok(ledger)
    }

    /// Opens the ledger at `path` to read only (`record check`, `list`, `show`,
    /// `export`, `due`): nothing is created or migrated, and a missing ledger reads as
    /// one without events.
    pub fn open_read_only(path: &Path) -> Result<Ledger, LedgerError> {
        let empty = |exists: bool, notes: Vec<String>| -> Result<Ledger, LedgerError> {
            let conn = Connection::open_in_memory().map_err(sql_err(path))?;
            let mut l = Ledger {
                conn,
                path: path.to_path_buf(),
                key: None,
                exists,
                notes,
                version: 0,
            };
            l.migrate_to_1(true)?;
            Ok(l)
        };
        if !path.exists() {
            return empty(false, Vec::new());
        }
        // Before SQLite opens the file: closing another descriptor of it would drop the
        // POSIX locks SQLite holds on it (fcntl(2) locks belong to the process).
        let mut notes = reader_notes(path);
        let e = sql_err(path);
        let conn = match read_only_snapshot(path)? {
            Some(uri) => Connection::open_with_flags(
                uri,
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
            None => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ),
        }
        .map_err(&e)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(&e)?;
        let (identity, version) = identify(&conn, path)?;
        if version > SCHEMA_VERSION {
            return Err(LedgerError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
            });
        }
        if let Identity::Empty = identity {
            drop(conn);
            return empty(true, notes);
        }
        if let Some(why) = missing_triggers(&conn, path)? {
            notes.push(crate::tr!("rec-ledger-triggers-read", why = why));
        }
        // A v1 ledger is read as it is (no upgrade without a writer: `events` and
        // `check` read its rows as schema 1).
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
            key: None,
            exists: true,
            notes,
            version,
        })
    }

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

    /// Takes the write lock and lets it go: a ledger on a read-only file system, or
    /// one another process holds, is found before any work is done.
    fn probe_write(&mut self) -> Result<(), LedgerError> {
        let e = sql_err(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        tx.rollback().map_err(&e)
    }

    fn set_application_id(&mut self) -> Result<(), LedgerError> {
        self.conn
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sql_err(&self.path))
    }

    /// Creates the table (schema 1), or with `fresh` a new ledger at the current
    /// schema at once, in the same transaction: a process opening it meanwhile never
    /// sees it at schema 1 (it would back up an empty ledger and upgrade it again).
    fn migrate_to_1(&mut self, fresh: bool) -> Result<(), LedgerError> {
        let e = sql_err(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&e)?;
        if fresh && now >= 1 {
            // Made by another process between our look and our lock.
            tx.commit().map_err(&e)?;
            self.version = now;
            return Ok(());
        }
        let (column, version) = if fresh {
            (
                ",\n                 body_schema INTEGER NOT NULL DEFAULT 1",
                2,
            )
        } else {
            ("", 1)
        };
        tx.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS events (
                 id          INTEGER PRIMARY KEY,
                 recorded_at TEXT NOT NULL,
                 kind        TEXT NOT NULL,
                 shipment    TEXT NOT NULL,
                 body        TEXT NOT NULL,
                 prev_hash   TEXT NOT NULL,
                 hash        TEXT NOT NULL UNIQUE{column}
             );
             CREATE INDEX IF NOT EXISTS events_shipment ON events(shipment);
             {TRIGGERS}
             PRAGMA user_version = {version};"
        ))
        .map_err(&e)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(&e)?;
        tx.commit().map_err(&e)?;
        self.version = version;
        Ok(())
    }

    /// Puts back the append-only triggers when they are missing or not isou's (see
    /// [`missing_triggers`]), and says so in the notes: a writable open never writes to
    /// a ledger without them (issue 16 red team, unscripted; §2.2③, CWE-693).
    fn restore_triggers(&mut self) -> Result<(), LedgerError> {
        let Some(why) = missing_triggers(&self.conn, &self.path)? else {
            return Ok(());
        };
        let e = sql_err(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        tx.execute_batch(&format!(
            "DROP TRIGGER IF EXISTS events_no_update;
             DROP TRIGGER IF EXISTS events_no_delete;
             {TRIGGERS}"
        ))
        .map_err(&e)?;
        tx.commit().map_err(&e)?;
        self.notes
            .push(crate::tr!("rec-ledger-triggers-restored", why = why));
        Ok(())
    }

    /// The backup a schema upgrade makes first: `LEDGER.v1-backup` beside it.
    pub fn v1_backup_path(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".v1-backup");
        PathBuf::from(name)
    }

    /// Upgrades a schema-1 ledger to 2 (see [`SCHEMA_VERSION`]): with `backup`, a copy
    /// of the whole ledger is made first (`LEDGER.v1-backup`, 0600: it holds what the
    /// ledger holds, CWE-276; never overwritten — one left by an earlier, failed
    /// upgrade is kept and the upgrade refused until it is moved aside), then the
    /// column is added in one IMMEDIATE transaction that re-reads the version, so two
    /// processes opening the same v1 ledger upgrade it once. No row's bytes change.
    fn migrate_to_2(&mut self, backup: bool) -> Result<(), LedgerError> {
        if self.version >= 2 {
            return Ok(());
        }
        let e = sql_err(&self.path);
        if backup {
            let copy = Ledger::v1_backup_path(&self.path);
            let upgraded = |conn: &Connection, version: &mut i64| -> Result<bool, LedgerError> {
                let now: i64 = conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
                    .map_err(&e)?;
                if now >= 2 {
                    *version = now;
                }
                Ok(now >= 2)
            };
            if std::fs::symlink_metadata(&copy).is_ok() {
                // Another process may have upgraded it meanwhile.
                if upgraded(&self.conn, &mut self.version)? {
                    return Ok(());
                }
                // A complete copy (another process's, or one killed after making it)
                // is the backup; anything else is not isou's to call one.
                if !self.is_complete_copy(&copy) {
                    return Err(LedgerError::UpgradeBackupExists {
                        path: self.path.clone(),
                        backup: copy,
                    });
                }
            } else if !self.make_backup(&copy)? {
                if upgraded(&self.conn, &mut self.version)? {
                    return Ok(());
                }
                // Never upgraded without a whole backup.
                return Err(LedgerError::Sql {
                    why: crate::tr!(
                        "rec-ledger-backup-incomplete",
                        path = self.path.display().to_string(),
                        schema = SCHEMA_VERSION.to_string()
                    ),
                    source: None,
                });
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&e)?;
        if now < 2 {
            tx.execute_batch(
                "ALTER TABLE events ADD COLUMN body_schema INTEGER NOT NULL DEFAULT 1;
                 PRAGMA user_version = 2;",
            )
            .map_err(&e)?;
        }
        tx.commit().map_err(&e)?;
        self.version = 2;
        Ok(())
    }

    /// Makes `copy`, the backup of the v1 ledger before its upgrade, atomically (issue
    /// 16 red team finding 12; §2.2③ records kept and backups trustworthy, CWE-459,
    /// CWE-754): `VACUUM INTO` a temporary file of this process's beside it (0600),
    /// fsynced, checked to be a whole copy (integrity, the same events, the same last
    /// hash), then linked to its name, which is never overwritten, and the folder
    /// fsynced. Killed at any point, it leaves no `.v1-backup` or a complete one, and a
    /// temporary whose process is gone is removed by the next upgrade. Returns false
    /// when the copy does not match the ledger (another process may have upgraded and
    /// appended meanwhile: the caller looks).
    fn make_backup(&self, copy: &Path) -> Result<bool, LedgerError> {
        let e = sql_err(&self.path);
        let mut prefix = copy.file_name().unwrap_or_default().to_owned();
        prefix.push(".partial-");
        let dir = copy
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        remove_stale_partials(&dir, &prefix);
        let mut name = prefix;
        name.push(std::process::id().to_string());
        let tmp = dir.join(name);
        let _ = std::fs::remove_file(&tmp);
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        crate::platform::owner_only_file(&mut o);
        crate::platform::no_follow(&mut o);
        let f = o.open(&tmp).map_err(|err| LedgerError::ReadOnly {
            path: self.path.clone(),
            why: crate::tr!(
                "rec-ledger-backup-failed",
                path = copy.display().to_string(),
                error = err.to_string()
            ),
            source: cause(err),
        })?;
        let gone = |err: LedgerError| {
            let _ = std::fs::remove_file(&tmp);
            err
        };
        // A consistent copy of the database as it is (WAL included), into the empty
        // 0600 file just made.
        self.conn
            .execute("VACUUM INTO ?1", [tmp.to_string_lossy()])
            .map_err(&e)
            .map_err(gone)?;
        f.sync_all()
            .map_err(|err| LedgerError::Sql {
                why: format!("{}: {err}", tmp.display()),
                source: cause(err),
            })
            .map_err(gone)?;
        drop(f);
        if !self.is_complete_copy(&tmp) {
            let _ = std::fs::remove_file(&tmp);
            return Ok(false);
        }
        match std::fs::hard_link(&tmp, copy) {
            Ok(()) => {}
            // Another process's complete backup, linked meanwhile.
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(err) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(LedgerError::ReadOnly {
                    path: self.path.clone(),
                    why: crate::tr!(
                        "rec-ledger-backup-failed",
                        path = copy.display().to_string(),
                        error = err.to_string()
                    ),
                    source: cause(err),
                });
            }
        }
        let _ = std::fs::remove_file(&tmp);
        let _ = crate::platform::flush_dir(&dir);
        Ok(true)
    }

    /// Whether `copy` is a whole copy of the ledger as it is now: a database that
    /// passes SQLite's check and holds as many events, ending with the same hash.
    fn is_complete_copy(&self, copy: &Path) -> bool {
        let tail = |c: &Connection| -> rusqlite::Result<(i64, Option<String>)> {
            c.query_row(
                "SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        };
        let Ok(ours) = tail(&self.conn) else {
            return false;
        };
        let Ok(c) = Connection::open_with_flags(
            copy,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) else {
            return false;
        };
        let ok = c
            .query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0))
            .is_ok_and(|s| s == "ok");
        ok && tail(&c).is_ok_and(|t| t == ours)
    }

    /// Its schema version (2 after a writable open; a read-only open of a v1 ledger
    /// reads it as 1).
    pub fn schema_version(&self) -> i64 {
        self.version
    }

    /// Appends an event; returns it with its id and hash. Atomic: after a crash the
    /// ledger holds the whole event or none of it. The event is checked first
    /// ([`Ledger::validate`]); a body may not claim to be recorded late.
    pub fn append(&mut self, shipment: &str, body: &EventBody) -> Result<Event, LedgerError> {
        self.append_inner(body.kind(), shipment, &body.to_value(), None)
    }

    /// Appends an event that happened earlier and could not be recorded then: the
    /// same checks as [`Ledger::append`], then the body is marked `recorded_late` with
    /// when it happened and why. An event whose nonce is already in the ledger is
    /// refused (a copy of an unrecorded file replayed).
    pub fn append_late(
        &mut self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
        late: &Late,
    ) -> Result<Event, LedgerError> {
        self.append_inner(kind, shipment, body, Some(late))
    }

    /// Checks an event as [`Ledger::append`] would, without appending it.
    pub fn validate(
        &self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
    ) -> Result<(), LedgerError> {
        validate(&self.conn, &self.path, kind, shipment, body)
    }

    fn append_inner(
        &mut self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
        late: Option<&Late>,
    ) -> Result<Event, LedgerError> {
        let e = sql_err(&self.path);
        if body.get("recorded_late").is_some() {
            return Err(LedgerError::BadEvent(
                "only 'isou record recover' marks an event as recorded late".into(),
            ));
        }
        let mut body = escape_facts(None, body);
        if let Some(l) = late {
            humantime::parse_rfc3339(&l.happened_at).map_err(|_| {
                LedgerError::Value(RecordValueError::NotADate {
                    field: "time it happened".into(),
                    shown: sanitize(&l.happened_at),
                })
            })?;
            if let Some(o) = body.as_object_mut() {
                o.insert(
                    "recorded_late".into(),
                    serde_json::json!({"happened_at": l.happened_at, "why": l.why, "nonce": l.nonce}),
                );
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        validate(&tx, &self.path, kind, shipment, &body)?;
        if let Some(l) = late {
            let seen: Option<i64> = tx
                .query_row(
                    "SELECT id FROM events WHERE json_extract(body, '$.recorded_late.nonce') = ?1",
                    [&l.nonce],
                    |r| r.get(0),
                )
                .optional()
                .map_err(&e)?;
            if let Some(id) = seen {
                return Err(LedgerError::BadEvent(format!(
                    "it was recovered before, as event {id}"
                )));
            }
        }
        let last: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(&e)?;
        let (id, prev_hash) = match last {
            Some((id, h)) => (id + 1, h),
            None => (1, GENESIS.to_string()),
        };
        // The UTC instant, as every event has always been stored (the chain covers it);
        // shown in the registry's zone by the registers (`clock`).
        let recorded_at = crate::clock::now_rfc3339();
        let body_text = serde_json::to_string(&body).expect("JSON values serialise");
        let h = hash(&encode(
            &prev_hash,
            id,
            &recorded_at,
            kind.as_str(),
            shipment,
            &body_text,
            BODY_SCHEMA,
        ));
        tx.execute(
            "INSERT INTO events (id, recorded_at, kind, shipment, body, prev_hash, hash, body_schema) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, recorded_at, kind.as_str(), shipment, body_text, prev_hash, h, BODY_SCHEMA],
        )
        .map_err(&e)?;
        tx.commit().map_err(&e)?;
        Ok(Event {
            id,
            recorded_at,
            kind,
            unknown_kind: None,
            shipment: shipment.to_string(),
            body,
            prev_hash,
            hash: h,
        })
    }

    /// The key that authenticates this ledger's unrecorded events (writable opens).
    pub(crate) fn key(&self) -> Option<&[u8; 32]> {
        self.key.as_deref()
    }

    /// The ledger's file, folder and key when group or others may read or write them
    /// (a ledger made by an older isou, or by hand), as lines to warn with.
    pub fn loose_permissions(&self) -> Vec<String> {
        let mut out = Vec::new();
        {
            let dir = self
                .path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map(Path::to_path_buf);
            let key = super::unrecorded::key_path(&self.path);
            for (what, p) in [
                (crate::tr!("rec-file-the-ledger"), Some(self.path.clone())),
                (crate::tr!("rec-file-ledger-key"), Some(key)),
                (crate::tr!("rec-file-the-folder"), dir),
            ] {
                let Some(p) = p else { continue };
                if let Ok(m) = std::fs::symlink_metadata(&p) {
                    let Some(mode) = crate::platform::mode(&m) else {
                        continue;
                    };
                    if crate::platform::loose(mode) {
                        out.push(crate::tr!(
                            "rec-ledger-file-readable",
                            what = what,
                            path = p.display().to_string(),
                            mode = format!("{mode:04o}")
                        ));
                    }
                }
            }
        }
        out
    }

    /// Every event, in order (optionally of one shipment).
    pub fn events(&self, shipment: Option<&str>) -> Result<Vec<Event>, LedgerError> {
        let e = sql_err(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT id, recorded_at, kind, shipment, body, prev_hash, hash FROM events WHERE ?1 IS NULL OR shipment = ?1 ORDER BY id")
            .map_err(&e)?;
        // Rows are read as they are, whatever was INSERTed behind isou's back (an
        // unknown kind, a number or bytes where text belongs): each becomes an event to
        // show, so one such row cannot make the whole ledger unreadable; the chain
        // check reports it, and everything printed from it is cleaned (records::export).
        let rows = stmt
            .query_map(params![shipment], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    any_text(r, 1)?,
                    any_text(r, 2)?,
                    any_text(r, 3)?,
                    any_text(r, 4)?,
                    any_text(r, 5)?,
                    any_text(r, 6)?,
                ))
            })
            .map_err(&e)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, recorded_at, kind, shipment, body, prev_hash, hash) = row.map_err(&e)?;
            let known = EventKind::parse(&kind);
            out.push(Event {
                id,
                recorded_at,
                kind: known.unwrap_or(EventKind::Unknown),
                unknown_kind: known.is_none().then_some(kind),
                shipment,
                body: serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
                prev_hash,
                hash,
            });
        }
        Ok(out)
    }

    /// Walks the chain; returns the first event that does not match, if any.
    pub fn check(&self) -> Result<Option<ChainBreak>, LedgerError> {
        let e = sql_err(&self.path);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT id, recorded_at, kind, shipment, body, prev_hash, hash, {} FROM events ORDER BY id", self.schema_column()))
            .map_err(&e)?;
        let mut rows = stmt.query([]).map_err(&e)?;
        let mut expected_prev = GENESIS.to_string();
        let mut expected_id = 1i64;
        while let Some(r) = rows.next().map_err(&e)? {
            let id: i64 = r.get(0).map_err(&e)?;
            let fields: [String; 6] = [
                r.get(1).map_err(&e)?,
                r.get(2).map_err(&e)?,
                r.get(3).map_err(&e)?,
                r.get(4).map_err(&e)?,
                r.get(5).map_err(&e)?,
                r.get(6).map_err(&e)?,
            ];
            let [recorded_at, kind, shipment, body, prev_hash, stored] = fields;
            // A schema that is not a number is not one isou wrote: its hash cannot match.
            let schema = r.get_ref(7).map_err(&e)?.as_i64().unwrap_or(-1);
            if id != expected_id {
                return Ok(Some(ChainBreak {
                    id: expected_id,
                    why: crate::tr!(
                        "rec-chain-missing",
                        missing = expected_id.to_string(),
                        next = id.to_string()
                    ),
                }));
            }
            if prev_hash != expected_prev {
                return Ok(Some(ChainBreak {
                    id,
                    why: crate::tr!("rec-chain-link"),
                }));
            }
            if hash(&encode(
                &prev_hash,
                id,
                &recorded_at,
                &kind,
                &shipment,
                &body,
                schema,
            )) != stored
            {
                return Ok(Some(ChainBreak {
                    id,
                    why: crate::tr!("rec-chain-changed"),
                }));
            }
            expected_prev = stored;
            expected_id += 1;
        }
        Ok(None)
    }

    /// The `body_schema` column, or 1 for a v1 ledger read as it is.
    fn schema_column(&self) -> &'static str {
        if self.version >= 2 {
            "body_schema"
        } else {
            "1"
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The files that make up the ledger at `ledger`, with what each is: the database,
/// SQLite's `-wal`, `-shm` and `-journal`, the key of unrecorded events (`.key`), the
/// copy a schema upgrade keeps (`.v1-backup`) and the folder of unrecorded events
/// (`.unrecorded`, whose whole content belongs to the ledger).
pub fn companions(ledger: &Path) -> Vec<(PathBuf, String)> {
    [
        ("", crate::tr!("rec-file-the-ledger")),
        ("-wal", crate::tr!("rec-file-ledger-wal")),
        ("-shm", crate::tr!("rec-file-ledger-shm")),
        ("-journal", crate::tr!("rec-file-ledger-journal")),
        (".key", crate::tr!("rec-file-ledger-key")),
        (".v1-backup", crate::tr!("rec-file-ledger-v1-backup")),
        (".unrecorded", crate::tr!("rec-file-ledger-unrecorded")),
    ]
    .into_iter()
    .map(|(suffix, what)| {
        let mut name = ledger.as_os_str().to_owned();
        name.push(suffix);
        (PathBuf::from(name), what)
    })
    .collect()
}

/// Whether writing a file at `candidate` would write one of the ledger's own files
/// ([`companions`]), and which: by device and inode where both exist (a link, a hard
/// link, another spelling of the path, a case-insensitive file system), and by the
/// resolved path (the folder canonicalised, the name as given) where they do not yet —
/// a `-wal` written there would be replayed into the ledger by SQLite. Anything inside
/// `LEDGER.unrecorded/` counts as the ledger's.
///
/// Why (issue 16 red team finding 08; §2.2③ the transport records are kept; CWE-73):
/// `record export -o LEDGER --force` renamed the register over the very ledger it read —
/// exit 0, every event gone, by the tool that keeps them. An output never goes there.
pub fn own_file(ledger: &Path, candidate: &Path) -> Option<String> {
    use crate::platform::meta_id;
    let parts = companions(ledger);
    let resolved = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = std::fs::canonicalize(p) {
            return Some(c);
        }
        let name = p.file_name()?;
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        std::fs::canonicalize(dir).ok().map(|d| d.join(name))
    };
    if let Some(c) = crate::platform::path_id(candidate) {
        for (p, what) in &parts {
            if let Ok(m) = std::fs::metadata(p) {
                if meta_id(&m) == Some(c) {
                    return Some(what.clone());
                }
            }
        }
    }
    let c = resolved(candidate)?;
    for (p, what) in &parts {
        if let Some(r) = resolved(p) {
            if c == r
                || (c.starts_with(&r) && p.as_os_str().as_encoded_bytes().ends_with(b".unrecorded"))
            {
                return Some(what.clone());
            }
        }
    }
    // Inside the folder of unrecorded events, by the folder's inode (another spelling).
    if let (Some(dir), Some((unrecorded, what))) = (
        c.parent().and_then(|d| std::fs::metadata(d).ok()),
        parts
            .last()
            .and_then(|(p, w)| std::fs::metadata(p).ok().map(|m| (m, w.clone()))),
    ) {
        if meta_id(&dir).is_some() && meta_id(&dir) == meta_id(&unrecorded) {
            return Some(what);
        }
    }
    None
}

/// Column `i` of a row as text, whatever SQLite holds there: a number as its digits,
/// bytes or text that is not UTF-8 decoded lossily, NULL as nothing.
fn any_text(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b(kind: EventKind, v: serde_json::Value) -> EventBody {
        EventBody::from_value(kind, &v).unwrap()
    }

    /// The reason kept with an unrecorded event is stored: English whatever the
    /// language chosen (issue 17); Display and the hint follow the language.
    #[test]
    fn stored_reasons_are_english_in_every_language() {
        use crate::i18n::Lang;
        let e = LedgerError::Value(RecordValueError::Empty {
            field: "carrier".into(),
        });
        assert_eq!(e.message_in(Lang::En), "the carrier is empty");
        assert_eq!(e.message_in(Lang::Ja), "「移送手段」が空です");
        let e = LedgerError::Locked(PathBuf::from("/l.sqlite"));
        assert_eq!(
            e.message_in(Lang::En),
            "the ledger /l.sqlite is locked by another process"
        );
        assert!(e.message_in(Lang::Ja).contains("台帳 /l.sqlite"));
        // The current language (English unless a program chose) gives Display.
        if crate::i18n::current() == Lang::En {
            assert_eq!(e.to_string(), e.message_in(Lang::En));
        }
    }

    #[test]
    fn append_list_and_check() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("sub/ledger.sqlite")).unwrap();
        let a = l
            .append(
                "S1",
                &b(EventKind::Sealed, json!({"tracking": "13112383852"})),
            )
            .unwrap();
        let b = l
            .append("S1", &b(EventKind::Shipped, json!({"carrier": "簡易書留"})))
            .unwrap();
        assert_eq!(a.prev_hash, GENESIS);
        assert_eq!(b.prev_hash, a.hash);
        assert_eq!(l.events(Some("S1")).unwrap().len(), 2);
        assert_eq!(l.check().unwrap(), None);
        // SQLite itself refuses UPDATE and DELETE.
        assert!(l
            .conn
            .execute("UPDATE events SET shipment = 'X'", [])
            .is_err());
        assert!(l.conn.execute("DELETE FROM events", []).is_err());
    }

    #[test]
    fn edits_behind_isous_back_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.sqlite");
        let mut l = Ledger::open(&p).unwrap();
        for i in 0..5 {
            l.append(&format!("S{i}"), &b(EventKind::Sealed, json!({"n": i})))
                .unwrap();
        }
        drop(l);
        let raw = Connection::open(&p).unwrap();
        raw.execute_batch(
            "DROP TRIGGER events_no_update; UPDATE events SET body = '{\"n\":99}' WHERE id = 3;",
        )
        .unwrap();
        drop(raw);
        let l = Ledger::open(&p).unwrap();
        let brk = l.check().unwrap().unwrap();
        assert_eq!(brk.id, 3);
        assert!(brk.why.contains("changed"));
    }

    #[test]
    fn newer_schema_and_non_databases_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.sqlite");
        Connection::open(&p)
            .unwrap()
            .execute_batch("PRAGMA user_version = 7;")
            .unwrap();
        assert!(matches!(
            Ledger::open(&p),
            Err(LedgerError::NewerSchema { found: 7, .. })
        ));
        let junk = dir.path().join("junk.sqlite");
        std::fs::write(&junk, vec![0x5a; 8192]).unwrap();
        let before = std::fs::read(&junk).unwrap();
        assert!(matches!(
            Ledger::open(&junk),
            Err(LedgerError::Corrupt { .. })
        ));
        assert_eq!(std::fs::read(&junk).unwrap(), before);
    }

    #[test]
    fn concurrent_appenders_keep_every_event_and_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.sqlite");
        Ledger::open(&p).unwrap();
        std::thread::scope(|s| {
            for t in 0..4 {
                let p = &p;
                s.spawn(move || {
                    let mut l = Ledger::open(p).unwrap();
                    for i in 0..25 {
                        l.append(&format!("T{t}-{i}"), &b(EventKind::Received, json!({})))
                            .unwrap();
                    }
                });
            }
        });
        let l = Ledger::open(&p).unwrap();
        assert_eq!(l.events(None).unwrap().len(), 100);
        assert_eq!(l.check().unwrap(), None);
        // Made at schema 2 in one step: no process saw it at 1 and backed it up.
        assert_eq!(l.schema_version(), 2);
        assert!(!Ledger::v1_backup_path(&p).exists());
    }
}
