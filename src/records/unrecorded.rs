//! Events that could not be appended when they happened (`LEDGER.unrecorded/`), and
//! `record recover`, which appends them later, marked `recorded_late`.
//!
//! Threat model: a local attacker who can write the unrecorded folder but cannot read
//! `LEDGER.key` cannot inject events. Each kept file carries an HMAC-SHA-256, under the
//! ledger's own key (32 random bytes beside the ledger, 0600, made when the ledger is
//! opened for writing, never printed), over the event's exact JSON bytes; `recover`
//! appends only files whose MAC checks, and only through the same check a live append
//! makes ([`super::Ledger::append_late`]: shipment id, every value, corrections of
//! existing events only), once (a random nonce per file, stored with the event). It
//! opens each file without following links and without blocking (a FIFO named
//! `x.json` does not hang it, a link to another user's file is not read — CWE-59),
//! reads regular files only, at most [`MAX_FILE_BYTES`]. A file it refuses is never
//! deleted — no record is ever lost — but moved to `rejected/` inside the folder, for a
//! person to look at. What it does not defend: an attacker who can read the key (the
//! user's own account, root) can forge events with valid MACs — those still pass only
//! what a live append accepts — and an attacker who can delete files in the folder can
//! suppress an unrecorded event (`record check` reports only what is there; the event
//! was also printed on stderr when it happened).

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::ledger::{EventKind, Late, Ledger, LedgerError};
use crate::untrusted::sanitize;

/// The `format` of a kept file.
pub const FORMAT: &str = "isou-unrecorded-v1";

/// Largest kept file read, in bytes (twice the largest event body, which it holds as
/// an escaped JSON string).
pub const MAX_FILE_BYTES: u64 = 2 * super::ledger::MAX_BODY_BYTES as u64;

/// Where events that could not be appended to the ledger at `ledger` are kept.
pub fn dir(ledger: &Path) -> PathBuf {
    suffixed(ledger, ".unrecorded")
}

/// Where `recover` moves the files it refuses.
pub fn rejected_dir(ledger: &Path) -> PathBuf {
    dir(ledger).join("rejected")
}

/// The key that authenticates kept events: `LEDGER.key`.
pub fn key_path(ledger: &Path) -> PathBuf {
    suffixed(ledger, ".key")
}

fn suffixed(ledger: &Path, suffix: &str) -> PathBuf {
    let mut name = ledger.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Reads a file of the ledger's folder: a regular file of at most `max` bytes, never
/// through a link, never blocking on a FIFO or a device (`localfile`).
fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, crate::localfile::LocalFileError> {
    crate::localfile::read_bounded(path, max, crate::localfile::Links::Refuse)
}

/// Loads the ledger's key, creating it (32 random bytes, 0600) when it does not exist
/// yet. Created whole or not at all: written to a temporary file and linked into place
/// (link(2) never replaces a file), so two isou processes opening a new ledger at once
/// agree on one key and neither reads a half-written one.
pub(crate) fn load_or_create_key(ledger: &Path) -> Result<Zeroizing<[u8; 32]>, LedgerError> {
    use rand::RngCore;
    use std::io::Write;
    let path = key_path(ledger);
    // What went wrong, and the error it came from (none for a key of the wrong size).
    let err =
        |why: String, source: Option<Box<dyn std::error::Error + Send + Sync>>| LedgerError::Key {
            path: path.clone(),
            why,
            source,
        };
    if std::fs::symlink_metadata(&path).is_err() {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // tempfile creates the file 0600, create_new.
        let mut tmp = tempfile::Builder::new()
            .prefix(".isou-key-")
            .tempfile_in(dir)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::PermissionDenied => LedgerError::ReadOnly {
                    path: path.clone(),
                    why: crate::tr!("rec-key-cannot-create", error = e.to_string()),
                    source: Some(e.into()),
                },
                _ => err(e.to_string(), Some(e.into())),
            })?;
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(&mut key[..]);
        tmp.write_all(&key[..])
            .and_then(|_| tmp.as_file().sync_all())
            .map_err(|e| err(e.to_string(), Some(e.into())))?;
        match std::fs::hard_link(tmp.path(), &path) {
            Ok(()) => return Ok(key),
            // Another process made it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(err(e.to_string(), Some(e.into()))),
        }
    }
    // Judged on the opened descriptor: a key another account planted (it would know
    // the key, and could then forge unrecorded events) or may write is refused
    // (finding 05, CWE-283).
    let (f, meta) = crate::localfile::open_regular(&path, crate::localfile::Links::Refuse)
        .map_err(|e| err(e.to_string(), Some(e.into())))?;
    super::ledger::refuse_not_own(&meta, &crate::tr!("rec-file-its-key"), &path, ledger)?;
    let bytes = Zeroizing::new(
        crate::localfile::read_opened(f, &meta, 64)
            .map_err(|e| err(e.to_string(), Some(e.into())))?,
    );
    let key: [u8; 32] = bytes[..].try_into().map_err(|_| {
        err(
            crate::tr!("rec-key-wrong-size", size = bytes.len().to_string()),
            None,
        )
    })?;
    Ok(Zeroizing::new(key))
}

/// An event as it is kept.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kept {
    kind: String,
    shipment: String,
    at: String,
    body: serde_json::Value,
    error: String,
    nonce: String,
}

/// A kept file: the event's JSON as a string, and the MAC over exactly those bytes.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    event: String,
    mac: String,
}

fn mac(key: &[u8; 32], event: &[u8]) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    // Domain separation: the key authenticates nothing else, but say what this is.
    m.update(FORMAT.as_bytes());
    m.update(&[0]);
    m.update(event);
    m
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    hex::decode(s).ok()
}

/// Writes an event that the ledger refused to `LEDGER.unrecorded/` (0700; the file
/// 0600, never replacing one), authenticated with the ledger's key. Returns the file,
/// or `None` when that fails too (the same full disk, most likely), and the event as
/// text to print.
pub fn keep(
    ledger: &Ledger,
    kind: EventKind,
    shipment: &str,
    body: &serde_json::Value,
    why: &str,
) -> (Option<PathBuf>, String) {
    use rand::RngCore;
    let mut nonce = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let event = Kept {
        kind: kind.as_str().into(),
        shipment: shipment.into(),
        at: crate::clock::now_rfc3339(),
        body: body.clone(),
        error: sanitize(why),
        nonce: hex::encode(nonce),
    };
    let shown = serde_json::to_string_pretty(&event).unwrap_or_default();
    let text = serde_json::to_string(&event).unwrap_or_default();
    let file = Envelope {
        format: FORMAT.into(),
        mac: ledger
            .key()
            .map(|k| hex::encode(mac(k, text.as_bytes()).finalize().into_bytes()))
            .unwrap_or_default(),
        event: text,
    };
    let bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    (write_kept(ledger.path(), kind, shipment, &bytes), shown)
}

fn write_kept(ledger: &Path, kind: EventKind, shipment: &str, bytes: &[u8]) -> Option<PathBuf> {
    use std::io::Write;
    let dir = dir(ledger);
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    crate::platform::owner_only_dir(&mut b);
    b.create(&dir).ok()?;
    let safe: String = shipment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = dir.join(format!("{stamp}-{}-{safe}.json", kind.as_str()));
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    crate::platform::owner_only_file(&mut o);
    crate::platform::no_follow(&mut o);
    let mut f = o.open(&path).ok()?;
    let written = f.write_all(bytes).and_then(|_| f.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(&path);
        return None;
    }
    Some(path)
}

/// Kept files waiting in `LEDGER.unrecorded/` (names ending `.json`, of any type),
/// sorted by name (when they happened, nanoseconds first).
pub fn waiting(ledger: &Path) -> std::io::Result<Vec<PathBuf>> {
    list(&dir(ledger))
}

/// Files `recover` refused, in `LEDGER.unrecorded/rejected/`.
pub fn rejected(ledger: &Path) -> std::io::Result<Vec<PathBuf>> {
    list(&rejected_dir(ledger))
}

fn list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .flatten()
            .filter(|e| e.file_name().as_encoded_bytes().ends_with(b".json"))
            .map(|e| e.path())
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    files.sort();
    Ok(files)
}

/// An event appended by `recover`.
#[derive(Debug)]
pub struct Recovered {
    /// Its id in the ledger.
    pub id: i64,
    /// What happened.
    pub kind: EventKind,
    /// The shipment (checked).
    pub shipment: String,
    /// When it happened (checked, RFC 3339).
    pub happened_at: String,
}

/// A file `recover` refused.
#[derive(Debug)]
pub struct Refused {
    /// Its name, safe to print.
    pub name: String,
    /// Why, safe to print.
    pub why: String,
    /// Where it is now (in `rejected/`), or `None` if it could not be moved.
    pub moved_to: Option<PathBuf>,
}

/// What `recover` did.
#[derive(Debug, Default)]
pub struct Recovery {
    /// Events appended, in order.
    pub recorded: Vec<Recovered>,
    /// Files refused (moved to `rejected/`).
    pub refused: Vec<Refused>,
    /// Why it stopped early (the ledger refused an append); the file stays in place.
    pub stopped: Option<LedgerError>,
}

/// Why a kept file is not an event to recover; `Err` of the ledger means stop.
enum Problem {
    Refuse(String),
    Stop(LedgerError),
}

/// `record recover`: appends the authenticated kept events in the order they
/// happened, each marked `recorded_late`; a file is removed only once its event is in
/// the ledger. See the module documentation for what is refused.
pub fn recover(ledger: &mut Ledger) -> std::io::Result<Recovery> {
    let mut out = Recovery::default();
    for path in waiting(ledger.path())? {
        let name = sanitize(
            &path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        match recover_one(ledger, &path) {
            Ok(r) => {
                // The event is in the ledger; a file that cannot be removed is refused
                // next time by its nonce.
                let _ = std::fs::remove_file(&path);
                out.recorded.push(r);
            }
            Err(Problem::Refuse(why)) => {
                let moved_to = move_rejected(ledger.path(), &path);
                out.refused.push(Refused {
                    name,
                    why: sanitize(&why),
                    moved_to,
                });
            }
            Err(Problem::Stop(e)) => {
                out.stopped = Some(e);
                break;
            }
        }
    }
    Ok(out)
}

fn recover_one(ledger: &mut Ledger, path: &Path) -> Result<Recovered, Problem> {
    let refuse = |s: String| Problem::Refuse(s);
    let bytes = read_regular(path, MAX_FILE_BYTES).map_err(|e| refuse(e.to_string()))?;
    let env: Envelope =
        serde_json::from_slice(&bytes).map_err(|_| refuse(crate::tr!("rec-kept-no-envelope")))?;
    if env.format != FORMAT {
        return Err(refuse(crate::tr!("rec-kept-unknown-format")));
    }
    let key = ledger
        .key()
        .ok_or_else(|| refuse(crate::tr!("rec-kept-no-key")))?;
    let tag = unhex(&env.mac).unwrap_or_default();
    mac(key, env.event.as_bytes())
        .verify_slice(&tag)
        .map_err(|_| refuse(crate::tr!("rec-kept-bad-mac")))?;
    let ev: Kept = serde_json::from_str(&env.event)
        .map_err(|e| refuse(crate::tr!("rec-kept-unreadable", error = e.to_string())))?;
    let kind =
        EventKind::parse(&ev.kind).ok_or_else(|| refuse(crate::tr!("rec-kept-unknown-kind")))?;
    if ev.nonce.len() != 32 || unhex(&ev.nonce).is_none() {
        return Err(refuse(crate::tr!("rec-kept-bad-nonce")));
    }
    let late = Late {
        happened_at: ev.at.clone(),
        why: ev.error.clone(),
        nonce: ev.nonce.clone(),
    };
    match ledger.append_late(kind, &ev.shipment, &ev.body, &late) {
        Ok(e) => Ok(Recovered {
            id: e.id,
            kind,
            shipment: e.shipment,
            happened_at: ev.at,
        }),
        Err(e @ (LedgerError::Value(_) | LedgerError::BadEvent(_))) => Err(refuse(e.to_string())),
        Err(e) => Err(Problem::Stop(e)),
    }
}

/// Moves a refused file into `rejected/` (never replacing a file there).
fn move_rejected(ledger: &Path, path: &Path) -> Option<PathBuf> {
    let dir = rejected_dir(ledger);
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    crate::platform::owner_only_dir(&mut b);
    b.create(&dir).ok()?;
    // A `rejected` planted as a link would send the files elsewhere (CWE-59).
    if !std::fs::symlink_metadata(&dir).ok()?.file_type().is_dir() {
        return None;
    }
    let name = path.file_name()?;
    for n in 0..1000 {
        let mut target = name.to_owned();
        if n > 0 {
            target.push(format!(".{n}"));
        }
        let target = dir.join(target);
        if std::fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        return std::fs::rename(path, &target).ok().map(|_| target);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kept_events_are_recovered_once_and_forgeries_refused() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("l.sqlite");
        let mut l = Ledger::open(&p).unwrap();
        let (kept, _) = keep(
            &l,
            EventKind::Sealed,
            "S-1",
            &json!({"carrier": "c"}),
            "full",
        );
        let kept = kept.unwrap();
        let copy = d.path().join("copy.json");
        std::fs::copy(&kept, &copy).unwrap();
        // A forged file beside it.
        std::fs::write(
            dir(&p).join("0-sealed-F.json"),
            r#"{"kind":"sealed","shipment":"F","at":"2026-01-01T00:00:00Z","body":{}}"#,
        )
        .unwrap();
        let r = recover(&mut l).unwrap();
        assert_eq!(r.recorded.len(), 1);
        assert_eq!(r.refused.len(), 1);
        assert_eq!(l.events(None).unwrap().len(), 1);
        assert!(l.events(None).unwrap()[0].body["recorded_late"]["nonce"].is_string());
        // A replayed copy is refused by its nonce.
        std::fs::rename(&copy, dir(&p).join("9-replay.json")).unwrap();
        let r = recover(&mut l).unwrap();
        assert_eq!(r.recorded.len(), 0);
        assert!(r.refused[0].why.contains("recovered before"), "{r:?}");
        assert_eq!(rejected(&p).unwrap().len(), 2);
    }
}
