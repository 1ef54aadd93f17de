//! The schema: made on a new ledger, an old ledger marked as isou's, a v1 ledger
//! upgraded to v2 (keeping a `.v1-backup` copy), and the append-only triggers restored.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::error::{cause, sql_err};
use super::files::remove_stale_partials;
use super::open::{missing_triggers, Identity};
use super::{Ledger, LedgerError, APPLICATION_ID, SCHEMA_VERSION};

/// The append-only triggers of the `events` table (schema 1 and later).
pub(super) const TRIGGERS: &str = "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
                 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: record a corrected event instead'); END;
             CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
                 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: events are never deleted'); END;";

impl Ledger {
    /// Brings a database opened for writing to [`SCHEMA_VERSION`] by what it holds:
    /// a new one is made, a legacy one (before application ids) marked as isou's, and
    /// a v1 ledger upgraded (keeping a copy, `.v1-backup`).
    pub(super) fn upgrade(&mut self, identity: Identity) -> Result<(), LedgerError> {
        match identity {
            Identity::Empty => {
                self.migrate_to_1(true)?;
                // (At 1 only if an older isou made it meanwhile.)
                self.migrate_to_2(true)?;
            }
            Identity::Legacy if self.version < 1 => {
                self.migrate_to_1(false)?;
                self.migrate_to_2(true)?;
            }
            Identity::Legacy => {
                self.set_application_id()?;
                self.migrate_to_2(true)?;
            }
            Identity::Ours => self.migrate_to_2(true)?,
        }
        Ok(())
    }

    pub(super) fn set_application_id(&mut self) -> Result<(), LedgerError> {
        self.conn
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(sql_err(&self.path))
    }

    /// Creates the table (schema 1), or with `fresh` a new ledger at the current
    /// schema at once, in the same transaction: a process opening it meanwhile never
    /// sees it at schema 1 (it would back up an empty ledger and upgrade it again).
    pub(super) fn migrate_to_1(&mut self, fresh: bool) -> Result<(), LedgerError> {
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
    pub(super) fn restore_triggers(&mut self) -> Result<(), LedgerError> {
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
    pub(super) fn migrate_to_2(&mut self, backup: bool) -> Result<(), LedgerError> {
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
    pub(super) fn make_backup(&self, copy: &Path) -> Result<bool, LedgerError> {
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
    pub(super) fn is_complete_copy(&self, copy: &Path) -> bool {
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
}
