//! Why the ledger refused or failed: [`LedgerError`], its messages in either language
//! and its hints.

use std::fmt;
use std::path::{Path, PathBuf};

use super::SCHEMA_VERSION;
use crate::records::value::RecordValueError;

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

pub(super) use crate::error::{cause, Cause};

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

pub(super) fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> LedgerError + '_ {
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
