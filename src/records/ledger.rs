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

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

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
    /// The shipment it belongs to.
    pub shipment: String,
    /// Its facts (fields depend on the kind), as a JSON object.
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
    /// Any other database error.
    Sql(String),
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::Corrupt { path, why } => {
                write!(
                    f,
                    "the ledger {} is damaged or not a ledger: {why}",
                    path.display()
                )
            }
            LedgerError::NewerSchema { path, found } => write!(
                f,
                "the ledger {} has schema version {found}, newer than this isou ({SCHEMA_VERSION})",
                path.display()
            ),
            LedgerError::Locked(p) => {
                write!(f, "the ledger {} is locked by another process", p.display())
            }
            LedgerError::Sql(e) => write!(f, "ledger error: {e}"),
        }
    }
}

impl std::error::Error for LedgerError {}

impl LedgerError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            LedgerError::Corrupt { .. } => {
                "restore the ledger from its backup; isou did not change the file".into()
            }
            LedgerError::NewerSchema { .. } => {
                "update isou on this machine; the ledger was not changed".into()
            }
            LedgerError::Locked(_) => {
                "wait for the other isou command to finish, then run this one again".into()
            }
            LedgerError::Sql(_) => {
                "check the disk that holds the ledger (free space, permissions), or name another with --ledger".into()
            }
        })
    }
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
    move |e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            LedgerError::Corrupt {
                path: path.to_path_buf(),
                why: e.to_string(),
            }
        }
        Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
            LedgerError::Locked(path.to_path_buf())
        }
        _ => LedgerError::Sql(e.to_string()),
    }
}

/// The canonical encoding an event's hash covers: a JSON array of its fields.
fn encode(
    prev_hash: &str,
    id: i64,
    recorded_at: &str,
    kind: &str,
    shipment: &str,
    body: &str,
) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!([
        prev_hash,
        id,
        recorded_at,
        kind,
        shipment,
        body
    ]))
    .expect("strings serialise")
}

fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// The first event whose stored hash or link does not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainBreak {
    /// The event's id (or the id where one is missing).
    pub id: i64,
    /// What does not match.
    pub why: String,
}

impl Ledger {
    /// Opens (creating on first use) the ledger at `path`, migrating an older schema.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| LedgerError::Sql(format!("{}: {e}", dir.display())))?;
        }
        let e = sql_err(path);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(&e)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(&e)?;
        // Reading the version touches the header: a non-database fails here, untouched.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&e)?;
        if version > SCHEMA_VERSION {
            return Err(LedgerError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(&e)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(&e)?;
        let mut ledger = Ledger {
            conn,
            path: path.to_path_buf(),
        };
        if version < 1 {
            ledger.migrate_to_1()?;
        }
        Ok(ledger)
    }

    fn migrate_to_1(&mut self) -> Result<(), LedgerError> {
        let e = sql_err(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS events (
                 id          INTEGER PRIMARY KEY,
                 recorded_at TEXT NOT NULL,
                 kind        TEXT NOT NULL,
                 shipment    TEXT NOT NULL,
                 body        TEXT NOT NULL,
                 prev_hash   TEXT NOT NULL,
                 hash        TEXT NOT NULL UNIQUE
             );
             CREATE INDEX IF NOT EXISTS events_shipment ON events(shipment);
             CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
                 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a corrected event instead'); END;
             CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
                 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events are never deleted'); END;
             PRAGMA user_version = 1;",
        )
        .map_err(&e)?;
        tx.commit().map_err(&e)
    }

    /// Appends an event; returns it with its id and hash. Atomic: after a crash the
    /// ledger holds the whole event or none of it.
    pub fn append(
        &mut self,
        kind: EventKind,
        shipment: &str,
        body: &serde_json::Value,
    ) -> Result<Event, LedgerError> {
        let e = sql_err(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&e)?;
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
        let recorded_at =
            humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let body_text = serde_json::to_string(body).expect("JSON values serialise");
        let h = hash(&encode(
            &prev_hash,
            id,
            &recorded_at,
            kind.as_str(),
            shipment,
            &body_text,
        ));
        tx.execute(
            "INSERT INTO events (id, recorded_at, kind, shipment, body, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, recorded_at, kind.as_str(), shipment, body_text, prev_hash, h],
        )
        .map_err(&e)?;
        tx.commit().map_err(&e)?;
        Ok(Event {
            id,
            recorded_at,
            kind,
            shipment: shipment.to_string(),
            body: body.clone(),
            prev_hash,
            hash: h,
        })
    }

    /// Every event, in order (optionally of one shipment).
    pub fn events(&self, shipment: Option<&str>) -> Result<Vec<Event>, LedgerError> {
        let e = sql_err(&self.path);
        let mut stmt = self
            .conn
            .prepare("SELECT id, recorded_at, kind, shipment, body, prev_hash, hash FROM events WHERE ?1 IS NULL OR shipment = ?1 ORDER BY id")
            .map_err(&e)?;
        let rows = stmt
            .query_map(params![shipment], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(&e)?;
        let mut out = Vec::new();
        for row in rows {
            let (id, recorded_at, kind, shipment, body, prev_hash, hash) = row.map_err(&e)?;
            out.push(Event {
                id,
                recorded_at,
                kind: EventKind::parse(&kind)
                    .ok_or_else(|| LedgerError::Sql(format!("event {id} has an unknown kind")))?,
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
            .prepare("SELECT id, recorded_at, kind, shipment, body, prev_hash, hash FROM events ORDER BY id")
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
            if id != expected_id {
                return Ok(Some(ChainBreak {
                    id: expected_id,
                    why: format!("event {expected_id} is missing (the next one is {id})"),
                }));
            }
            if prev_hash != expected_prev {
                return Ok(Some(ChainBreak {
                    id,
                    why: "its link to the previous event does not match".into(),
                }));
            }
            if hash(&encode(
                &prev_hash,
                id,
                &recorded_at,
                &kind,
                &shipment,
                &body,
            )) != stored
            {
                return Ok(Some(ChainBreak {
                    id,
                    why: "its contents were changed after it was recorded".into(),
                }));
            }
            expected_prev = stored;
            expected_id += 1;
        }
        Ok(None)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn append_list_and_check() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = Ledger::open(&dir.path().join("sub/ledger.sqlite")).unwrap();
        let a = l
            .append(EventKind::Sealed, "S1", &json!({"tracking": "13112383852"}))
            .unwrap();
        let b = l
            .append(EventKind::Shipped, "S1", &json!({"carrier": "簡易書留"}))
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
            l.append(EventKind::Sealed, &format!("S{i}"), &json!({"n": i}))
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
                        l.append(EventKind::Received, &format!("T{t}-{i}"), &json!({}))
                            .unwrap();
                    }
                });
            }
        });
        let l = Ledger::open(&p).unwrap();
        assert_eq!(l.events(None).unwrap().len(), 100);
        assert_eq!(l.check().unwrap(), None);
    }
}
