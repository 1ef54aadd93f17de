//! Opening a medium, in trust order (DESIGN.md, "Trust model"): tag files → the
//! signature by the sender the user chose → the signed manifests
//! ([`super::authentic`]) → each segment's SHA-256 against the signed manifest *before*
//! any of its bytes reach the age decryptor ([`SegmentReader`](crate::pipeline::segments::SegmentReader)) → age → zstd (bounded
//! window) → tar (bounded headers: [`super::targuard`]) → a private staging folder,
//! every file checked against `ISOU-CONTENTS.json` and the shipment id against the
//! signed `bag-info.txt` → renamed into place.
//!
//! The archive comes from outside, so each entry is checked before anything is written:
//! only regular files and folders (no symlinks, hard links or devices: the
//! "symlink then file through it" trick of CVE-2018-20990/tar-rs and GHSA-type
//! traversals), relative paths without `..`, no absolute or drive paths, and no two
//! names that become the same after Unicode normalisation or case folding (they would
//! overwrite each other on macOS or Windows). Any failure removes the staging folder,
//! so no partial plaintext is left behind.

mod error;
mod extract;
mod names;
mod set;
mod target;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::engine::Parallelism;
use crate::media::authentic::Sender;
use crate::media::volume::{check_set, Member};
use crate::pipeline;
use crate::platform::rename_noreplace;
use crate::untrusted::sanitize;
pub use error::OpenError;
use error::{medium_err, medium_from};
use extract::extract;
pub(crate) use names::entry_name_rule;
use set::SetReader;
pub use set::{check_volume, AskVolume, Volumes};
use target::{move_entries, output_target, set_private, Target};

/// How to unlock the payload.
pub enum Unlock {
    /// With these identities.
    Identities(Vec<age::x25519::Identity>),
    /// With a passphrase.
    Passphrase(age::secrecy::SecretString),
}

/// Chooses how to unlock once the payload's header is read: called with `true` when it
/// is passphrase-encrypted (so a passphrase is asked only when needed), and the number
/// of passphrases that were wrong before this call (0 at first). After a wrong
/// passphrase it is called again, up to [`PASSPHRASE_TRIES`] times in all: a person at
/// a terminal is asked again (issue 15 item 9); a caller that cannot ask again returns
/// the error.
pub type Unlocker<'a> = &'a mut dyn FnMut(bool, u32) -> Result<Unlock, OpenError>;

/// How many passphrases a person may type for one medium before open stops.
pub const PASSPHRASE_TRIES: u32 = 3;

/// What [`open`] extracted.
#[derive(Clone, Debug, serde::Serialize)]
pub struct OpenSummary {
    /// The shipment id, from the signed `bag-info.txt` (the contents manifest inside the
    /// payload must name the same one).
    pub shipment_id: String,
    /// Fingerprint of the key that signed the medium.
    pub signer: String,
    /// Whether that key was one the user pinned (`--signer`); false when the user chose
    /// to open from any sender (`--any-sender`).
    pub sender_checked: bool,
    /// SHA-256 of the first volume's `tagmanifest-sha256.txt`.
    pub manifest_sha256: String,
    /// The information class the sender signed (`Information-Class`), if it is one isou
    /// knows.
    pub class: Option<crate::media::InfoClass>,
    /// Files extracted and checked.
    pub files: u64,
    /// Their total size.
    pub bytes: u64,
    /// Where they are: `--out` as an absolute path, or where the output is now when the folder it
    /// was made in (or the output folder itself) was moved while open ran (see
    /// `out_moved_from`).
    pub out: PathBuf,
    /// The `--out` asked for, when it no longer leads to the output: the folder held
    /// from the start was moved or replaced while open ran (red team 15, finding 05).
    /// Everything was written into the held folder only, never where the path leads now.
    pub out_moved_from: Option<PathBuf>,
    /// Staging folders of killed earlier runs that were removed first.
    pub stale_removed: Vec<PathBuf>,
}

/// Flushes everything extracted into `dir` (Linux `syncfs`: one call for all the
/// files; Windows: `FlushFileBuffers` per file, see [`crate::platform::flush_tree`]).
fn sync_filesystem(dir: &Path) -> io::Result<()> {
    crate::platform::flush_tree(dir)
}

/// Marks staging folders: `.OUT.isou-staging-PID-BOOT-random`.
const STAGING_MARK: &str = ".isou-staging-";

/// The staging folder's name prefix for output `name`: it records which process (in
/// which boot) owns it, so a later run can tell a stale folder from a live one.
fn staging_prefix(name: &str) -> String {
    format!(".{name}{STAGING_MARK}{}-", crate::cleanup::owner_tag())
}

/// Removes staging folders in `parent` left by `open` runs that were killed (their
/// process is gone, or the machine was restarted). Returns what was removed.
pub fn remove_stale_staging(parent: &Path) -> Vec<PathBuf> {
    crate::cleanup::remove_stale(parent, STAGING_MARK)
}

/// Decrypts and extracts the medium into `out` (new, or an empty folder of the user's:
/// see `target::Target`), once its
/// signature (by `sender`) and hashes checked out.
pub fn open(
    medium: &Path,
    out: &Path,
    sender: Sender,
    unlock: Unlocker,
    par: Parallelism,
    progress: &crate::progress::Progress,
) -> Result<OpenSummary, OpenError> {
    let volumes = Volumes {
        given: vec![medium.to_path_buf()],
        ask: None,
        sender,
    };
    open_volumes(volumes, out, unlock, par, progress)
}

/// Decrypts and extracts a medium or a set of media (folders or ISO images) into `out`
/// (new, or an empty folder of the user's: see `target::Target`). The volumes are read in order; one not given is asked for,
/// or — with nobody to ask — named before anything is extracted.
pub fn open_volumes(
    volumes: Volumes,
    out: &Path,
    unlock: Unlocker,
    par: Parallelism,
    progress: &crate::progress::Progress,
) -> Result<OpenSummary, OpenError> {
    let target = output_target(out)?;
    // Where the plaintext will be written: the folder the output is made in, or the
    // existing output folder itself — either held open from here on and reached only
    // through its descriptor (`/proc/self/fd/N`), so a folder above it renamed while
    // open runs changes nothing (red team 15, finding 05: the staging folder was
    // written, and removed, by a path that then led nowhere, and its plaintext stayed
    // in the renamed folder; CWE-459).
    let (parent, shown_parent) = match &target {
        Target::New {
            through, parent, ..
        } => (through.clone(), parent.clone()),
        Target::Existing { through, .. } => (through.clone(), out.to_path_buf()),
    };
    let target_abs = crate::platform::held_now(&parent).map_err(OpenError::Io)?;
    let members = given_members(&volumes.given, &target_abs, out)?;
    let set = check_set(&members);
    if let Some(p) = set.problems.first() {
        return Err(medium_err(p.local.clone()));
    }
    if volumes.ask.is_none() {
        if let Some(m) = set.missing_text() {
            return Err(OpenError::MissingVolume(m));
        }
    }
    let (input, signed) = SetReader::new(&set, members, volumes.ask, volumes.sender, progress);
    input.announce_total();
    // A run killed outright (SIGKILL, power loss) cannot clean up after itself: its
    // staging folder is removed now, before anything new is written.
    // Named as the user knows the folder, not by its descriptor.
    let stale_removed = remove_stale_staging(&parent)
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| shown_parent.join(n)))
        .collect();
    if let Target::Existing { through, .. } = &target {
        // Empty but for a killed run's staging folder (removed just above).
        if fs::read_dir(through)
            .map_err(OpenError::Io)?
            .next()
            .is_some()
        {
            return Err(OpenError::OutputExists(out.to_path_buf()));
        }
    }
    let (staging, guard) = make_staging(&parent, out)?;
    let result = extract(input, staging.path(), unlock, par)?;
    let facts = signed
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| medium_err(crate::tr!("open-no-volume-read")))?;
    // The shipment id comes from the signed bag-info.txt; the contents manifest inside
    // the payload must name the same shipment, or the payload is another shipment's.
    if result.0 != facts.shipment {
        return Err(OpenError::ContentsMismatch(vec![crate::tr!(
            "open-contents-other-shipment",
            contents = pipeline::CONTENTS_NAME,
            shipment = sanitize(&result.0),
            signed = sanitize(&facts.shipment)
        )]));
    }
    // Every extracted file reaches the disk before the output appears under its name.
    sync_filesystem(staging.path()).map_err(OpenError::Io)?;
    let kept = staging.keep();
    // Held to the end: an interrupt sees either the staging folder or the whole output.
    let _renaming = crate::cleanup::gate();
    let finished = put_in_place(&target, &kept, out)?;
    let (out_now, out_moved_from) = match target.output_now(out) {
        Some(now) => (now, Some(out.to_path_buf())),
        // Recorded as the held folder's absolute path (as the kernel names it), never
        // as typed: a relative `--out` is relative to a working directory the ledger
        // does not keep, so `record due` could not say which folder holds the plaintext
        // to destroy (issue 16 red team finding 16; §2.4 本文・⑬, §2.2③, CWE-706).
        None => (target.held_path(out), None),
    };
    // Whole, but removed on an interrupt until the command has recorded it.
    crate::cleanup::keep_until_commit(
        finished
            .iter()
            .map(|p| crate::cleanup::register(p))
            .collect(),
    );
    // The interrupt cleanup reaches the output through the descriptor
    // (`/proc/self/fd/N/…`) until the command has recorded it: the descriptor stays open
    // for the rest of the process (one, closed when it ends).
    let (Target::New { dir, .. } | Target::Existing { dir, .. }) = target;
    std::mem::forget(dir);
    drop(guard);
    Ok(OpenSummary {
        shipment_id: facts.shipment,
        signer: facts.signer,
        sender_checked: facts.pinned,
        manifest_sha256: facts.manifest_sha256,
        class: facts.class,
        files: result.1,
        bytes: result.2,
        out: out_now,
        out_moved_from,
        stale_removed,
    })
}

/// Reads the `bag-info.txt` of each medium given, refusing a folder medium that holds
/// the output (`target_abs`: where the plaintext will be written, canonical).
fn given_members(
    given: &[PathBuf],
    target_abs: &Path,
    out: &Path,
) -> Result<Vec<Member>, OpenError> {
    let mut members = Vec::new();
    for medium in given {
        let medium_abs = fs::canonicalize(medium).map_err(|e| {
            let why = crate::tr!(
                "open-volume-problem",
                medium = medium.display().to_string(),
                why = e.to_string()
            );
            medium_from(why, e)
        })?;
        if medium_abs.is_dir() && target_abs.starts_with(&medium_abs) {
            return Err(OpenError::OutputOnMedium(out.to_path_buf()));
        }
        members.push(Member::read(medium).map_err(|t| medium_err(t.local))?);
    }
    Ok(members)
}

/// Makes the staging folder in `parent` (the held folder's descriptor path), private
/// and registered for removal on an interrupt; returns it with its registration.
fn make_staging(
    parent: &Path,
    out: &Path,
) -> Result<(tempfile::TempDir, crate::cleanup::Guard), OpenError> {
    let gate = crate::cleanup::gate();
    // Made, written, renamed and removed through the held folder's descriptor path:
    // `staging.path()` is `/proc/self/fd/N/.OUT.isou-staging-…`, and so is what the
    // interrupt cleanup removes. The descriptor (in `target`) outlives `staging`.
    let staging = tempfile::Builder::new()
        .prefix(&staging_prefix(
            &out.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ))
        .tempdir_in(parent)
        .map_err(OpenError::Io)?;
    // Removed on any error when `staging` is dropped.
    let guard = crate::cleanup::register(staging.path());
    drop(gate);
    // Private whatever the umask (tempfile creates folders 0777 less the umask, 0755 as
    // a rule: other users could list the names and sizes of the plaintext files). The
    // staging folder becomes the output folder, so this holds for the output too.
    set_private(staging.path()).map_err(OpenError::Io)?;
    Ok((staging, guard))
}

/// Puts the finished staging folder `kept` in place: into the held folder, whatever
/// its path is now; never over anything (a folder made at --out meanwhile is not
/// replaced). Returns what now holds the output.
fn put_in_place(target: &Target, kept: &Path, out: &Path) -> Result<Vec<PathBuf>, OpenError> {
    let finished = match target {
        Target::New { through, name, .. } => {
            let to = through.join(name);
            rename_noreplace(kept, &to).map(|()| vec![to])
        }
        Target::Existing { through, .. } => move_entries(kept, through),
    };
    match finished {
        Ok(f) => Ok(f),
        Err(e) => {
            // Never leave the plaintext behind, even when the last step fails.
            let _ = fs::remove_dir_all(kept);
            Err(if e.kind() == io::ErrorKind::AlreadyExists {
                OpenError::OutputExists(out.to_path_buf())
            } else {
                OpenError::Io(e)
            })
        }
    }
}
