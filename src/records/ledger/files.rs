//! The ledger's files: created private, judged this account's before they are used,
//! and named with their companions (`-wal`, `.key`, `.unrecorded`, …).

use std::path::{Path, PathBuf};

use super::error::cause;
use super::{Ledger, LedgerError};

/// Creates the folder that holds a new ledger, 0700 (CWE-276: the ledger names
/// shipments, recipients and people; it is nobody else's to read).
pub(super) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    crate::platform::owner_only_dir(&mut b);
    b.create(dir)
}

/// Creates an empty ledger file 0600 (SQLite gives its -wal and -shm files the mode
/// of the database); an existing file is left as it is.
pub(super) fn create_private_file(path: &Path) -> std::io::Result<()> {
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
pub(super) fn writable(p: &Path) -> bool {
    crate::platform::writable(p)
}

/// What is wrong with a file of the ledger (`what`: "the file", "its key", …) for a
/// writable open, judged on the opened descriptor's metadata: another account's
/// file, or one group or others may write, could have been planted (an empty file in a
/// shared folder, which isou would initialise and fill, finding 05) or be changed
/// behind isou's back (CWE-283, CWE-732).
pub(super) fn not_own(meta: &std::fs::Metadata, what: &str, p: &Path) -> Option<String> {
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
pub(super) fn check_sidecars(path: &Path) -> Result<(), LedgerError> {
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
pub(super) fn judge_folder(
    dir: &Path,
    ledger: &Path,
    notes: &mut Vec<String>,
) -> Result<(), LedgerError> {
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
pub(super) fn read_only_snapshot(path: &Path) -> Result<Option<String>, LedgerError> {
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
pub(super) fn remove_stale_partials(dir: &Path, prefix: &std::ffi::OsStr) {
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

impl Ledger {
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
            let key = crate::records::unrecorded::key_path(&self.path);
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
}
