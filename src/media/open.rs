//! Opening a medium, in trust order (DESIGN.md, "Trust model"): tag files → the
//! signature by the sender the user chose → the signed manifests
//! ([`super::authentic`]) → each segment's SHA-256 against the signed manifest *before*
//! any of its bytes reach the age decryptor ([`SegmentReader`]) → age → zstd (bounded
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

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::bag::BagSource;
use crate::engine::{Decryptor, Parallelism};
use crate::error::DecryptError;
use crate::media::authentic::{authenticate, Sender, TrustError};
use crate::media::volume::{check_set, Member};
use crate::pipeline::{self, Contents, SegmentReader};
use crate::untrusted::sanitize;

/// Largest `ISOU-CONTENTS.json` accepted.
const MAX_CONTENTS: u64 = 64 * 1024 * 1024;

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

/// Why opening failed. The output folder does not exist afterwards.
#[derive(Debug)]
pub enum OpenError {
    /// The output folder already exists and is not empty (or is not a folder).
    OutputExists(PathBuf),
    /// The folder `--out` would be made in does not exist (or is not a folder): isou
    /// makes only the output folder itself, never the folders above it (issue 15).
    OutputParentMissing {
        /// The output folder asked for.
        out: PathBuf,
        /// The nearest folder on its way that is missing (or not a folder).
        missing: PathBuf,
        /// Whether `missing` exists but is not a folder.
        not_a_folder: bool,
    },
    /// An existing empty output folder that others could change or that is not the
    /// user's: its owner, or a group or other user who may write to it, could swap or
    /// read what is extracted (CWE-732, CWE-367).
    OutputUnsafe {
        /// The folder.
        out: PathBuf,
        /// Why it is refused.
        why: String,
    },
    /// The output folder is on the medium itself.
    OutputOnMedium(PathBuf),
    /// The medium is not an isou medium, or is damaged (manifest, segments).
    Medium(String),
    /// A volume's tag files could not be authenticated: no signature, a signature by
    /// another key, a tag file altered (nothing was decrypted).
    NotAuthentic {
        /// The volume (as given).
        medium: String,
        /// Why.
        error: TrustError,
    },
    /// A volume carries files outside its signed bag (a program, a segment, a manifest
    /// nobody signed): they are not the sender's, so the volume is not opened.
    Foreign {
        /// The volume (as given).
        medium: String,
        /// The files (sanitised, at most 100).
        files: Vec<String>,
    },
    /// The archive inside the payload is corrupt or hostile (bad tar headers, corrupt
    /// zstd, a header beyond isou's bounds): the medium's fault, not the output disk's.
    Archive(String),
    /// Decryption refused the payload (wrong key, tampered, truncated…).
    Decrypt(DecryptError),
    /// The identity or passphrase could not be obtained.
    Key(crate::error::KeyError),
    /// The archive holds an entry isou refuses to extract.
    UnsafeEntry {
        /// The entry's name (sanitised).
        name: String,
        /// Why.
        why: String,
    },
    /// The extracted files do not match `ISOU-CONTENTS.json`.
    ContentsMismatch(Vec<String>),
    /// A volume of the set was not given (nothing was extracted).
    MissingVolume(String),
    /// The medium could not be read (an unreadable sector, a medium removed); nothing
    /// was extracted, and reading again may work.
    Unreadable(String),
    /// Writing the output failed.
    Io(io::Error),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            OpenError::OutputExists(p) => {
                crate::tr!("open-output-exists", out = p.display().to_string())
            }
            OpenError::OutputParentMissing {
                out,
                missing,
                not_a_folder,
            } => {
                let (out, missing) = (out.display().to_string(), missing.display().to_string());
                if *not_a_folder {
                    crate::tr!(
                        "open-output-parent-not-folder",
                        out = out,
                        missing = missing
                    )
                } else {
                    crate::tr!("open-output-parent-missing", out = out, missing = missing)
                }
            }
            OpenError::OutputUnsafe { out, why } => crate::tr!(
                "open-output-unsafe",
                out = out.display().to_string(),
                why = why.as_str()
            ),
            OpenError::OutputOnMedium(p) => {
                crate::tr!("open-output-on-medium", out = p.display().to_string())
            }
            OpenError::Medium(why) => crate::tr!("open-medium", why = why.as_str()),
            OpenError::NotAuthentic { medium, error } => crate::tr!(
                "open-not-authentic",
                medium = medium.as_str(),
                error = error.to_string()
            ),
            OpenError::Foreign { medium, files } => crate::tr!(
                "open-foreign",
                medium = medium.as_str(),
                files = files.join(", ")
            ),
            OpenError::Archive(why) => crate::tr!("open-archive", why = why.as_str()),
            OpenError::Decrypt(e) => return e.fmt(f),
            OpenError::Key(e) => return e.fmt(f),
            OpenError::UnsafeEntry { name, why } => crate::tr!(
                "open-unsafe-entry",
                name = format!("{name:?}"),
                why = why.as_str()
            ),
            OpenError::MissingVolume(m) => m.clone(),
            OpenError::ContentsMismatch(p) => {
                crate::tr!("open-contents-mismatch", problems = p.join("; "))
            }
            OpenError::Unreadable(why) => crate::tr!("open-unreadable", why = why.as_str()),
            OpenError::Io(e) => crate::tr!("open-io", error = e.to_string()),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::NotAuthentic { error, .. } => Some(error),
            OpenError::Decrypt(e) => Some(e),
            OpenError::Key(e) => Some(e),
            OpenError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl OpenError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            OpenError::OutputExists(_) => crate::tr!("open-output-exists-hint"),
            OpenError::OutputParentMissing {
                missing,
                not_a_folder: false,
                ..
            } => crate::tr!(
                "open-output-parent-missing-hint",
                missing = missing.display().to_string()
            ),
            OpenError::OutputParentMissing { missing, .. } => crate::tr!(
                "open-output-parent-not-folder-hint",
                missing = missing.display().to_string()
            ),
            OpenError::OutputUnsafe { .. } => crate::tr!("open-output-unsafe-hint"),
            OpenError::OutputOnMedium(_) => crate::tr!("open-output-on-medium-hint"),
            OpenError::Medium(_) => crate::tr!("open-medium-hint"),
            OpenError::NotAuthentic { error, .. } => {
                crate::tr!("open-not-authentic-hint", hint = error.hint())
            }
            OpenError::Foreign { .. } => crate::tr!("open-foreign-hint"),
            OpenError::Archive(_) => crate::tr!("open-bad-medium-hint"),
            OpenError::Decrypt(e) => return e.hint(),
            OpenError::Key(e) => return e.hint(),
            OpenError::MissingVolume(_) => crate::tr!("open-missing-volume-hint"),
            OpenError::UnsafeEntry { .. } | OpenError::ContentsMismatch(_) => {
                crate::tr!("open-bad-medium-hint")
            }
            OpenError::Io(e) if crate::platform::is_no_space(e) => {
                crate::tr!("open-io-full-hint")
            }
            OpenError::Unreadable(_) => crate::tr!("open-unreadable-hint"),
            OpenError::Io(_) => crate::tr!("open-io-hint"),
        })
    }
}

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

fn medium_err(why: impl Into<String>) -> OpenError {
    OpenError::Medium(why.into())
}

/// The segments of a volume, from its signed manifest: paths and hashes, which must
/// run on contiguously from `first` (0 on the first volume).
fn segment_list(
    segments: &[(usize, [u8; 32])],
    first: usize,
) -> Result<Vec<pipeline::segments::SegmentSource>, String> {
    if segments
        .iter()
        .enumerate()
        .any(|(i, (k, _))| first + i != *k)
    {
        return Err(if first == 0 {
            crate::tr!("open-segments-not-contiguous")
        } else {
            crate::tr!(
                "open-segments-not-continuing",
                segment = pipeline::segments::segment_name(first - 1)
            )
        });
    }
    Ok(segments
        .iter()
        .map(|(k, h)| (format!("data/{}", pipeline::segments::segment_name(*k)), *h))
        .collect())
}

/// Asks for volume `k` (of `n`, if known) of shipment `group`; the last argument says
/// what was wrong with the medium given before. Returns a path, or `None` to stop.
pub type AskVolume<'a> =
    &'a mut dyn FnMut(usize, Option<usize>, &str, Option<&str>) -> Option<PathBuf>;

/// The media to open: those given, and a way to ask for a missing volume.
pub struct Volumes<'a> {
    /// Media given up front (folders or ISO images), in any order.
    pub given: Vec<PathBuf>,
    /// Asked for a volume that was not given; returns its path, or `None` to stop.
    pub ask: Option<AskVolume<'a>>,
    /// Who must have signed every volume: its tag files and signature are checked
    /// before any of its segments is read.
    pub sender: Sender<'a>,
}

/// A volume-set problem found while reading (one from another set; `missing`: a
/// volume not given).
#[derive(Debug)]
struct SetProblem(String, bool);

/// A volume refused by [`check_volume`], carried through the reader as an `io::Error`.
#[derive(Debug)]
struct VolumeRefused(OpenError);

impl std::fmt::Display for VolumeRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for VolumeRefused {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Checks one volume before any of its payload is read: its tag files and signature by
/// `sender` ([`authenticate`]), nothing on it outside the signed bag, and its segments'
/// sizes against the signed `Payload-Oxum` (a segment of another size is never read:
/// a 100 GB sparse file would be hashed for hours). Returns what was signed. `shown`
/// names the volume in errors.
pub fn check_volume(
    medium: &dyn BagSource,
    sender: Sender,
    shown: &str,
) -> Result<crate::media::authentic::Authentic, OpenError> {
    use crate::bag::source::Kind;
    let a = authenticate(medium, sender).map_err(|error| {
        if error.is_read_error() {
            OpenError::Unreadable(crate::tr!(
                "open-volume-problem",
                medium = shown,
                why = error.to_string()
            ))
        } else {
            OpenError::NotAuthentic {
                medium: shown.to_string(),
                error,
            }
        }
    })?;
    let files = super::foreign_entries(medium, &a).map_err(|e| {
        medium_err(crate::tr!(
            "open-volume-problem",
            medium = shown,
            why = e.to_string()
        ))
    })?;
    if !files.is_empty() {
        return Err(OpenError::Foreign {
            medium: shown.to_string(),
            files,
        });
    }
    let mut on_medium = 0u64;
    for (k, _) in &a.segments {
        let path = format!("data/{}", pipeline::segments::segment_name(*k));
        let why = match medium.stat(&path) {
            Ok(Some((Kind::File, size))) => {
                on_medium += size;
                continue;
            }
            Ok(Some((Kind::Symlink, _))) => crate::tr!("bag-source-symlink"),
            Ok(Some(_)) => crate::tr!("bag-source-not-regular"),
            Ok(None) => crate::tr!("open-segment-missing"),
            Err(e) => e.to_string(),
        };
        return Err(medium_err(crate::tr!(
            "open-segment-refused",
            medium = shown,
            path = path,
            why = why
        )));
    }
    if on_medium != a.payload_bytes {
        return Err(medium_err(crate::tr!(
            "open-segments-size",
            medium = shown,
            bytes = on_medium.to_string(),
            signed = a.payload_bytes.to_string()
        )));
    }
    Ok(a)
}

impl std::fmt::Display for SetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetProblem {}

fn set_err(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, SetProblem(why, false))
}

fn missing_err(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, SetProblem(why, true))
}

/// Reads the payload of a set, volume after volume, checking that each belongs.
struct SetReader<'a> {
    members: BTreeMap<usize, Member>,
    ask: Option<AskVolume<'a>>,
    sender: Sender<'a>,
    group: Option<String>,
    total: Option<usize>,
    next: usize,
    next_segment: usize,
    /// What the first volume signed: the facts every later volume must repeat.
    signed: std::sync::Arc<std::sync::Mutex<Option<SignedFacts>>>,
    current: Option<SegmentReader>,
    progress: crate::progress::Progress,
    /// Payload bytes of the volumes known so far (given, or opened), by number: the
    /// progress total is the whole set, not the volumes in hand (issue 15 item 11).
    sizes: BTreeMap<usize, u64>,
}

/// What the first volume of a set signed (shipment, set, signer).
#[derive(Clone, Debug)]
struct SignedFacts {
    shipment: String,
    group: String,
    signer: String,
    pinned: bool,
    manifest_sha256: String,
    class: Option<crate::media::InfoClass>,
}

impl SetReader<'_> {
    /// Tells the progress counter the whole set's size: the volumes known, and for
    /// each one not yet seen the largest known (every volume but the last is filled
    /// to the volume size, so the estimate errs high only by the last one's slack,
    /// and is exact once every volume was seen). With `k of ?` the total grows as
    /// the volumes come.
    fn announce_total(&self) {
        let known: u64 = self.sizes.values().sum();
        let largest = self.sizes.values().copied().max().unwrap_or(0);
        let unseen = self
            .total
            .map(|n| n.saturating_sub(self.sizes.len()) as u64)
            .unwrap_or(0);
        self.progress.set_total(known + unseen * largest);
    }

    /// Opens volume `self.next`: the given one, or asks for it.
    fn next_volume(&mut self) -> io::Result<bool> {
        let k = self.next;
        if self.total.is_some_and(|n| k > n) {
            return Ok(false);
        }
        let group = self.group.clone().unwrap_or_default();
        let total = self.total;
        let missing = || match total {
            Some(n) => crate::tr!(
                "open-volume-missing-of",
                volume = k.to_string(),
                total = n.to_string()
            ),
            None => crate::tr!("open-volume-missing", volume = k.to_string()),
        };
        // A volume not given is asked for; a wrong one given at the prompt is named
        // and asked for again.
        let mut problem: Option<String> = None;
        let m = match self.members.remove(&k) {
            Some(m) => m,
            None => loop {
                let Some(ask) = self.ask.as_mut() else {
                    return Err(missing_err(missing()));
                };
                let Some(p) = ask(k, total, &group, problem.as_deref()) else {
                    return Err(missing_err(missing()));
                };
                problem = Some(match Member::read(&p) {
                    Ok(m) if m.group != self.group => match m.group.as_deref() {
                        Some(set) => crate::tr!(
                            "open-volume-other-set",
                            medium = p.display().to_string(),
                            set = crate::untrusted::sanitize(set),
                            expected = crate::untrusted::sanitize(&group)
                        ),
                        // Not the word "none" of the code (red team 17, finding 51).
                        None => crate::tr!(
                            "open-volume-no-set",
                            medium = p.display().to_string(),
                            expected = crate::untrusted::sanitize(&group)
                        ),
                    },
                    Ok(m) if m.count.k != k => crate::tr!(
                        "open-volume-other-number",
                        medium = p.display().to_string(),
                        volume = m.count.k.to_string(),
                        expected = k.to_string()
                    ),
                    Ok(m) => break m,
                    Err(e) => e.local,
                });
            },
        };
        if let Some(n) = m.count.n {
            if self.total.is_some_and(|t| t != n) {
                return Err(set_err(crate::tr!(
                    "open-volume-other-total",
                    medium = m.path.display().to_string(),
                    total = n.to_string(),
                    others = self.total.unwrap_or(0).to_string()
                )));
            }
            self.total = Some(n);
        }
        let shown = m.path.display().to_string();
        // Nothing of the volume is believed before its signature and tag files check out;
        // from here on, only what was signed is used (never a second read of a tag file).
        let a = check_volume(m.source.as_ref(), self.sender, &shown)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, VolumeRefused(e)))?;
        if a.count.k != k || (a.count.n != m.count.n) {
            return Err(set_err(crate::tr!(
                "open-volume-count-changed",
                medium = shown.as_str(),
                count = a.count.to_string()
            )));
        }
        let mut signed = self.signed.lock().unwrap_or_else(|p| p.into_inner());
        match &*signed {
            None => {
                *signed = Some(SignedFacts {
                    shipment: a.shipment.clone(),
                    group: a.group.clone(),
                    signer: a.signer.fingerprint.clone(),
                    pinned: a.pinned,
                    manifest_sha256: a.tagmanifest_sha256.clone(),
                    // From the authenticated bag-info only (`a.info` is what was signed).
                    class: a.info.get("Information-Class").and_then(|c| c.parse().ok()),
                })
            }
            Some(first) => {
                if first.signer != a.signer.fingerprint {
                    return Err(set_err(crate::tr!(
                        "open-volume-other-signer",
                        medium = shown.as_str(),
                        signer = a.signer.fingerprint.as_str(),
                        before = first.signer.as_str()
                    )));
                }
                if first.group != a.group || first.shipment != a.shipment {
                    return Err(set_err(crate::tr!(
                        "open-volume-other-shipment",
                        medium = shown.as_str(),
                        shipment = sanitize(&a.shipment),
                        set = sanitize(&a.group),
                        before = sanitize(&first.shipment),
                        before_set = sanitize(&first.group)
                    )));
                }
            }
        }
        drop(signed);
        let list = segment_list(&a.segments, self.next_segment).map_err(|why| {
            set_err(crate::tr!(
                "open-volume-problem",
                medium = shown.as_str(),
                why = why
            ))
        })?;
        self.next_segment += list.len();
        self.sizes.insert(k, a.payload_bytes);
        self.announce_total();
        self.current =
            Some(SegmentReader::new(m.source.clone(), list).with_progress(self.progress.clone()));
        self.next += 1;
        Ok(true)
    }
}

impl Read for SetReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.current.is_none() && !self.next_volume()? {
                return Ok(0);
            }
            let n = self.current.as_mut().expect("opened").read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            self.current = None;
        }
    }
}

/// The longest file or folder name an entry may have, in bytes: NAME_MAX of Linux and
/// of the file systems an output folder lives on (ext4, XFS, Btrfs, NTFS, exFAT).
const MAX_NAME_BYTES: usize = 255;

/// The longest relative path an entry may have, in bytes. The system limits a whole
/// path to PATH_MAX, 4096 bytes on Linux (with the terminating NUL), and `open` writes
/// each entry below its output folder and a staging folder
/// (`/proc/self/fd/N/.OUT.isou-staging-PID-…/`, with OUT up to NAME_MAX): a budget of
/// 1024 bytes leaves room for both, so a name `seal` accepts is one `open` can write
/// (red team 17 finding 104: a limit of 4096 *characters* let a Japanese path of 5,100
/// bytes through, and the recipient's open failed as a disk error).
pub(crate) const MAX_PATH_BYTES: usize = 1024;

/// Why an entry name is refused: the text, and whether the cause is its length.
#[derive(Debug)]
pub(crate) struct NameRefused {
    /// Why, as `open` says it.
    pub why: String,
    /// The path is longer than [`MAX_PATH_BYTES`].
    pub too_long: bool,
}

impl From<String> for NameRefused {
    fn from(why: String) -> Self {
        NameRefused {
            why,
            too_long: false,
        }
    }
}

/// A safe relative path for an archive entry, or why not.
fn safe_entry_path(raw: &Path) -> Result<PathBuf, NameRefused> {
    let s = raw
        .to_str()
        .ok_or_else(|| crate::tr!("open-entry-not-utf8"))?;
    if s.contains('\\') || s.contains('\0') || s.get(1..2) == Some(":") {
        return Err(crate::tr!("open-entry-windows").into());
    }
    let mut out = PathBuf::new();
    for c in raw.components() {
        match c {
            // A name no file system takes (NAME_MAX, 255 bytes on Linux and in every
            // common one): the archive's fault, refused before extraction, not a disk
            // error while writing (red team 17 finding 04).
            Component::Normal(n) if n.len() > MAX_NAME_BYTES => {
                return Err(crate::tr!(
                    "open-entry-component-too-long",
                    most = MAX_NAME_BYTES.to_string()
                )
                .into())
            }
            Component::Normal(n) => {
                // A name Windows reads as a drive, a stream or a device: refused
                // everywhere, since the medium may be opened on Windows.
                if let Some(why) = n.to_str().and_then(crate::platform::windows_name_problem) {
                    let why = match why {
                        "colon" => crate::tr!("open-entry-windows-colon"),
                        "device" => crate::tr!("open-entry-windows-device"),
                        "trailing" => crate::tr!("open-entry-windows-trailing"),
                        _ => crate::tr!("open-entry-windows-character"),
                    };
                    return Err(crate::tr!(
                        "open-entry-windows-name",
                        name = crate::untrusted::sanitize(&n.to_string_lossy()),
                        why = why
                    )
                    .into());
                }
                out.push(n)
            }
            Component::CurDir => {}
            Component::ParentDir => return Err(crate::tr!("open-entry-parent").into()),
            Component::RootDir | Component::Prefix(_) => {
                return Err(crate::tr!("bag-path-absolute").into())
            }
        }
    }
    if out.as_os_str().is_empty() {
        return Err(crate::tr!("open-entry-empty").into());
    }
    if s.len() > MAX_PATH_BYTES {
        return Err(NameRefused {
            why: crate::tr!(
                "open-entry-too-long",
                bytes = s.len().to_string(),
                most = MAX_PATH_BYTES.to_string()
            ),
            too_long: true,
        });
    }
    Ok(out)
}

/// The key under which two names would collide on a normalising or case-insensitive
/// file system.
fn collision_key(p: &Path) -> String {
    // Lower case after NTFS's one-to-one upper-casing too: NTFS's table maps `ı`
    // (U+0131) and `ſ` (U+017F) to `I` and `S`, so `ı.csv` and `i.csv` are one file on
    // Windows (red team 18, fourth pass, finding 6); `ß`, whose upper case is two
    // letters, stays itself, as on NTFS.
    p.to_string_lossy()
        .nfc()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect::<String>()
        .to_lowercase()
}

/// The rule every archive entry name meets, at `open` and (so a genuine medium is never
/// refused as hostile, red team 17 finding 11) at `seal` before anything is written:
/// the safe relative path it extracts to and the key two names must not share
/// (equal after Unicode NFC normalisation and case folding), or why it is refused.
pub(crate) fn entry_name_rule(raw: &Path) -> Result<(PathBuf, String), NameRefused> {
    let rel = safe_entry_path(raw)?;
    let key = collision_key(&rel);
    Ok((rel, key))
}

/// Decrypts and extracts the medium into `out` (new, or an empty folder of the user's:
/// see [`Target`]), once its
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
/// (new, or an empty folder of the user's: see [`Target`]). The volumes are read in order; one not given is asked for,
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
    let mut members = Vec::new();
    for medium in &volumes.given {
        let medium_abs = fs::canonicalize(medium).map_err(|e| {
            medium_err(crate::tr!(
                "open-volume-problem",
                medium = medium.display().to_string(),
                why = e.to_string()
            ))
        })?;
        if medium_abs.is_dir() && target_abs.starts_with(&medium_abs) {
            return Err(OpenError::OutputOnMedium(out.to_path_buf()));
        }
        members.push(Member::read(medium).map_err(|t| medium_err(t.local))?);
    }
    let set = check_set(&members);
    if let Some(p) = set.problems.first() {
        return Err(medium_err(p.local.clone()));
    }
    if volumes.ask.is_none() {
        if let Some(m) = set.missing_text() {
            return Err(OpenError::MissingVolume(m));
        }
    }
    let signed = std::sync::Arc::new(std::sync::Mutex::new(None));
    let sizes = members
        .iter()
        .map(|m| (m.count.k, super::volume::payload_size(m.source.as_ref())))
        .collect();
    let input = SetReader {
        group: set.group.clone(),
        total: set.total,
        members: members.into_iter().map(|m| (m.count.k, m)).collect(),
        ask: volumes.ask,
        sender: volumes.sender,
        next: 1,
        next_segment: 0,
        signed: signed.clone(),
        current: None,
        progress: progress.clone(),
        sizes,
    };
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
        .tempdir_in(&parent)
        .map_err(OpenError::Io)?;
    // Removed on any error when `staging` is dropped.
    let guard = crate::cleanup::register(staging.path());
    drop(gate);
    // Private whatever the umask (tempfile creates folders 0777 less the umask, 0755 as
    // a rule: other users could list the names and sizes of the plaintext files). The
    // staging folder becomes the output folder, so this holds for the output too.
    set_private(staging.path()).map_err(OpenError::Io)?;
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
    // Into the held folder, whatever its path is now; never over anything (a folder
    // made at --out meanwhile is not replaced).
    let finished = match &target {
        Target::New { through, name, .. } => {
            let to = through.join(name);
            rename_noreplace(&kept, &to).map(|()| vec![to])
        }
        Target::Existing { through, .. } => move_entries(&kept, through),
    };
    let finished = match finished {
        Ok(f) => f,
        Err(e) => {
            // Never leave the plaintext behind, even when the last step fails.
            let _ = fs::remove_dir_all(&kept);
            return Err(if e.kind() == io::ErrorKind::AlreadyExists {
                OpenError::OutputExists(out.to_path_buf())
            } else {
                OpenError::Io(e)
            });
        }
    };
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

/// Where the output goes (issue 15: a pre-created empty `--out` was refused, a missing
/// parent reported as a disk fault).
enum Target {
    /// `--out` does not exist: the staging folder is made in `parent` and renamed to it.
    /// Only `--out` itself is made, never a folder above it: a typo in a parent would
    /// otherwise put plaintext in a tree nobody meant, unnoticed. `parent` is held open
    /// and reached only through `/proc/self/fd/N` (`through`): renamed while open runs,
    /// the staging folder goes with it and is still finished or removed whole (red team
    /// 15, finding 05); another folder put at its path is never written (CWE-367).
    New {
        /// The folder `--out` is made in, as given (for messages).
        parent: PathBuf,
        /// The folder, open (`O_PATH`: only to reach what is inside).
        dir: fs::File,
        /// A path to it through the descriptor.
        through: PathBuf,
        /// The output folder's name in it.
        name: std::ffi::OsString,
    },
    /// `--out` is an empty folder of the user's (never a link, nobody else may write
    /// to it), held open by descriptor: the staging folder is made inside it and its
    /// entries moved up, all through `/proc/self/fd/N` (`through`), so a folder swapped
    /// in under its name afterwards is never written (CWE-367). A mount point of an
    /// encrypted volume is the case this is for: renaming over it would fail.
    Existing {
        /// The folder, open.
        dir: fs::File,
        /// A path to it through the descriptor.
        through: PathBuf,
    },
}

/// Decides where the output goes ([`Target`]), or why it cannot.
fn output_target(out: &Path) -> Result<Target, OpenError> {
    match fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(OpenError::OutputUnsafe {
                out: out.to_path_buf(),
                why: crate::tr!("open-output-symlink"),
            })
        }
        Ok(m) if !m.is_dir() => return Err(OpenError::OutputExists(out.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound || crate::platform::is_not_dir(&e) => {
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            return match fs::metadata(&parent) {
                Ok(m) if m.is_dir() => {
                    let name = out.file_name().ok_or_else(|| {
                        OpenError::Io(io::Error::new(
                            io::ErrorKind::InvalidInput,
                            "--out does not end in a folder name",
                        ))
                    })?;
                    let (dir, through) = hold_folder(&parent).map_err(OpenError::Io)?;
                    Ok(Target::New {
                        parent,
                        dir,
                        through,
                        name: name.to_os_string(),
                    })
                }
                Ok(_) => Err(OpenError::OutputParentMissing {
                    out: out.to_path_buf(),
                    missing: parent,
                    not_a_folder: true,
                }),
                Err(_) => {
                    // A file on the way (ENOTDIR) is named as such; else the parent,
                    // which `mkdir -p` makes with everything above it.
                    let file_above = parent
                        .ancestors()
                        .skip(1)
                        .filter(|a| !a.as_os_str().is_empty())
                        .find_map(|a| fs::metadata(a).ok().map(|m| (a, m)))
                        .filter(|(_, m)| !m.is_dir())
                        .map(|(a, _)| a.to_path_buf());
                    Err(OpenError::OutputParentMissing {
                        out: out.to_path_buf(),
                        not_a_folder: file_above.is_some(),
                        missing: file_above.unwrap_or(parent),
                    })
                }
            };
        }
        Err(e) => return Err(OpenError::Io(e)),
    }
    // An existing folder: opened without following a link swapped in since the look
    // above, and judged by what was opened.
    let (dir, through) =
        crate::platform::hold_dir(out, crate::platform::Hold::NoFollow).map_err(|e| {
            if crate::platform::is_link_refused(&e) || crate::platform::is_not_dir(&e) {
                OpenError::OutputExists(out.to_path_buf())
            } else if e.kind() == io::ErrorKind::Unsupported {
                // No /proc: the folder cannot be written through its descriptor.
                OpenError::OutputExists(out.to_path_buf())
            } else {
                OpenError::Io(e)
            }
        })?;
    let m = dir.metadata().map_err(OpenError::Io)?;
    let unsafe_because = |why: &str| OpenError::OutputUnsafe {
        out: out.to_path_buf(),
        why: why.into(),
    };
    // The Unix owner and mode; on Windows neither is read (see SECURITY.md "On
    // Windows": the folder's ACL is not judged).
    if let (Some(uid), Some(me)) = (crate::platform::owner(&m), crate::platform::euid()) {
        if uid != me {
            return Err(unsafe_because(&crate::tr!("open-output-other-owner")));
        }
    }
    if let Some(mode) = crate::platform::mode(&m).filter(|m| m & 0o022 != 0) {
        let shown = format!("{mode:o}");
        return Err(unsafe_because(&if mode & 0o002 != 0 {
            crate::tr!("open-output-writable-all", mode = shown)
        } else {
            crate::tr!("open-output-writable-group", mode = shown)
        }));
    }
    Ok(Target::Existing { dir, through })
}

impl Target {
    /// The output folder's absolute path while `out` still leads to it: the held
    /// folder's path as the kernel knows it (canonical), else `out` made absolute.
    fn held_path(&self, out: &Path) -> PathBuf {
        let (through, name) = match self {
            Target::New { through, name, .. } => (through, Some(name)),
            Target::Existing { through, .. } => (through, None),
        };
        match crate::platform::held_now(through) {
            Ok(now) if now.is_absolute() => match name {
                Some(n) => now.join(n),
                None => now,
            },
            _ => std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()),
        }
    }

    /// Where the output is now, when the path given no longer leads to the folder held
    /// from the start (it was renamed, or another put in its place, while open ran);
    /// `None` while it does. `out`: the output folder asked for.
    fn output_now(&self, out: &Path) -> Option<PathBuf> {
        let (dir, through, asked, name) = match self {
            Target::New {
                parent,
                dir,
                through,
                name,
            } => (dir, through, parent.as_path(), Some(name)),
            Target::Existing { dir, through } => (dir, through, out, None),
        };
        let held = crate::platform::file_id(dir)?;
        if crate::platform::path_id(asked) == Some(held) {
            return None;
        }
        // The held folder's path now, as the kernel knows it.
        let now = crate::platform::held_now(through).unwrap_or_else(|_| through.clone());
        Some(match name {
            Some(n) => now.join(n),
            None => now,
        })
    }
}

/// Opens the folder `p` (`O_PATH` on Linux: to reach what is in it, which needs no read
/// permission, as making a folder in it did not) and returns it with a path that leads
/// to it wherever it is moved ([`crate::platform::hold_dir`]).
fn hold_folder(p: &Path) -> io::Result<(fs::File, PathBuf)> {
    crate::platform::hold_dir(p, crate::platform::Hold::PathOnly)
}

use crate::platform::rename_noreplace;

/// Moves every entry of `from` into `into` (the same file system), never replacing
/// anything; returns the moved paths. On failure what was moved is removed again.
fn move_entries(from: &Path, into: &Path) -> io::Result<Vec<PathBuf>> {
    let mut moved = Vec::new();
    let undo = |moved: &[PathBuf]| {
        for p in moved {
            let _ = fs::remove_dir_all(p).or_else(|_| fs::remove_file(p));
        }
    };
    for e in fs::read_dir(from)? {
        let name = e?.file_name();
        let (src, dst) = (from.join(&name), into.join(&name));
        if let Err(e) = rename_noreplace(&src, &dst) {
            undo(&moved);
            return Err(e);
        }
        moved.push(dst);
    }
    // The moves reach the disk before the output is reported.
    let done = fs::remove_dir(from).and_then(|()| crate::platform::flush_dir(into));
    if let Err(e) = done {
        undo(&moved);
        return Err(e);
    }
    Ok(moved)
}

fn decrypt_err(e: io::Error) -> OpenError {
    use crate::error::{into_typed, typed_in};
    // First, as it carries an error of its own: a check's refusal, as it was made.
    let e = match into_typed::<VolumeRefused>(e) {
        Ok(refused) => return refused.0,
        Err(e) => e,
    };
    if let Some(u) = typed_in::<pipeline::segments::SegmentUnreadable>(&e) {
        // The system failed to read (EIO, a device gone): reading again may work. Any
        // other failure (an image's extent out of bounds…) is damage to the medium.
        return if u.error.raw_os_error().is_some() {
            OpenError::Unreadable(u.to_string())
        } else {
            medium_err(u.to_string())
        };
    }
    if let Some(m) = typed_in::<pipeline::segments::SegmentMismatch>(&e) {
        return medium_err(m.to_string());
    }
    if let Some(m) = typed_in::<SetProblem>(&e) {
        return if m.1 {
            OpenError::MissingVolume(m.0.clone())
        } else {
            medium_err(m.0.clone())
        };
    }
    match DecryptError::from_io(e) {
        DecryptError::Io(e) => OpenError::Io(e),
        d => OpenError::Decrypt(d),
    }
}

/// Classifies an error met while *reading* the archive (decrypting, decompressing,
/// parsing tar): the medium's fault, whatever `io::Error` surfaced — only errors of
/// writing the output are the output disk's (item 15 of issue 12: a corrupt zstd frame
/// or a bad tar checksum was once reported as "check the disk", exit 2).
fn archive_err(e: io::Error) -> OpenError {
    if let Some(r) = crate::error::typed_in::<super::targuard::ArchiveRefused>(&e) {
        return OpenError::Archive(r.why.clone());
    }
    match decrypt_err(e) {
        OpenError::Io(e) => OpenError::Archive(sanitize(&e.to_string())),
        other => other,
    }
}

/// Counts the bytes read from the medium.
struct Counted<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Output allowed per byte read from the medium before a payload counts as a
/// decompression bomb. Registry CSV compresses 3–6× with zstd -3 and rarely beyond 20×;
/// a bomb (zeros, repeated blocks) reaches thousands. The contents manifest that says
/// the true sizes is the tar's *last* entry, so it cannot stop a bomb early; this can.
const BOMB_RATIO: u64 = 1000;
/// Entries extracted at most: a million tiny entries would otherwise cost memory
/// (every name is kept to find duplicates) and hours of file creation.
const MAX_ENTRIES: usize = 100_000;
/// Below this much output the ratio is not checked (small, very regular files).
const BOMB_FLOOR: u64 = 256 << 20;
/// Largest zstd window accepted (log2): isou's levels 1-19 use at most 2^23.
const MAX_ZSTD_WINDOW_LOG: u32 = 24;

fn extract(
    input: impl Read,
    dest: &Path,
    unlock: Unlocker,
    par: Parallelism,
) -> Result<(String, u64, u64), OpenError> {
    let consumed = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let input = Counted {
        inner: input,
        count: consumed.clone(),
    };
    let mut written = 0u64;
    let d = Decryptor::new(input).map_err(|e| match e {
        DecryptError::Io(io) => archive_err(io),
        e => OpenError::Decrypt(e),
    })?;
    let mut wrong = 0;
    let file_key = loop {
        let key = match unlock(d.is_scrypt(), wrong)? {
            Unlock::Passphrase(p) => d.unwrap_with_passphrase(&p, None),
            Unlock::Identities(ids) => {
                let refs: Vec<&dyn age::Identity> =
                    ids.iter().map(|i| i as &dyn age::Identity).collect();
                d.unwrap_file_key(&refs)
            }
        };
        match key {
            Ok(k) => break k,
            Err(DecryptError::WrongPassphrase) if wrong + 1 < PASSPHRASE_TRIES => wrong += 1,
            Err(e) => return Err(OpenError::Decrypt(e)),
        }
    };
    let reader = d.decrypt_with_file_key(&file_key, par);
    drop(file_key);
    // The identities are dropped (zeroized); the copies unwrapping left in dead stack
    // frames are wiped before the long extraction (CWE-226, issue 13).
    crate::keys::wipe_stack();
    let mut plain = BufReader::with_capacity(1 << 20, reader);
    let head = plain.fill_buf().map_err(archive_err)?;
    let zstd = head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]);
    let stream: Box<dyn Read> = if zstd {
        let mut z = zstd::Decoder::with_buffer(plain).map_err(archive_err)?;
        // isou compresses at levels 1-19, whose window is at most 2^23 bytes; a frame
        // asking for more is refused before its window is allocated, so a hostile
        // payload cannot make open take zstd's default maximum of 2^27 (128 MiB).
        z.window_log_max(MAX_ZSTD_WINDOW_LOG).map_err(archive_err)?;
        Box::new(z)
    } else {
        Box::new(plain)
    };
    // Every tar header is checked and bounded before tar-rs reads it (a 2 GiB GNU long
    // name or PAX header would be buffered whole): see targuard.rs.
    let mut archive = tar::Archive::new(super::targuard::TarGuard::new(stream));
    let mut seen = HashSet::new();
    // Folders below `dest` already looked at (or made) in this run.
    let mut known_dirs: HashSet<PathBuf> = HashSet::new();
    // Extracted files are hashed on another thread as they are written.
    let mut pipe = pipeline::hasher::Sha256Pipe::new();
    let mut extracted: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let mut contents: Option<Contents> = None;
    let entries = archive.entries().map_err(archive_err)?;
    for entry in entries {
        let mut entry = entry.map_err(archive_err)?;
        let raw = entry.path().map_err(archive_err)?.into_owned();
        let shown = crate::untrusted::sanitize(&raw.to_string_lossy());
        let refuse = |why: String| OpenError::UnsafeEntry {
            name: shown.clone(),
            why,
        };
        if contents.is_some() {
            return Err(refuse(crate::tr!(
                "open-entry-after-contents",
                contents = pipeline::CONTENTS_NAME
            )));
        }
        let (rel, key) = entry_name_rule(&raw).map_err(|r| refuse(r.why))?;
        if seen.len() >= MAX_ENTRIES {
            return Err(refuse(crate::tr!(
                "open-entry-too-many",
                most = MAX_ENTRIES.to_string()
            )));
        }
        if !seen.insert(key) {
            return Err(refuse(crate::tr!("open-entry-same-name-folded")));
        }
        let kind = entry.header().entry_type();
        if rel == Path::new(pipeline::CONTENTS_NAME) && kind.is_file() {
            let mut json = Vec::new();
            (&mut entry)
                .take(MAX_CONTENTS + 1)
                .read_to_end(&mut json)
                .map_err(archive_err)?;
            let c: Contents = serde_json::from_slice(&json).map_err(|e| {
                refuse(crate::tr!(
                    "open-entry-contents-invalid",
                    error = e.to_string()
                ))
            })?;
            contents = Some(c);
            continue;
        }
        let target = dest.join(&rel);
        // Every parent must be a real folder we created (never a link). Each is looked
        // at once: `dest` is reached through /proc/self/fd/N, where every lookup costs
        // a walk of procfs, and a folder seen once in the private (0700) staging folder
        // stays what it was (10 000 small files: 11% slower without this, issue 15).
        if let Some(p) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
            let mut cur = dest.to_path_buf();
            for c in p.components() {
                cur.push(c);
                if known_dirs.contains(&cur) {
                    continue;
                }
                known_dirs.insert(cur.clone());
                match fs::symlink_metadata(&cur) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => return Err(refuse(crate::tr!("open-entry-through-non-folder"))),
                    Err(_) => create_private_dir(&cur).map_err(OpenError::Io)?,
                }
            }
        }
        match kind {
            tar::EntryType::Directory => {
                match fs::symlink_metadata(&target) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => return Err(refuse(crate::tr!("open-entry-folder-over-file"))),
                    Err(_) => create_private_dir(&target).map_err(OpenError::Io)?,
                }
                known_dirs.insert(target.clone());
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                let mut f = private_file(&target).map_err(|e| {
                    if e.kind() == io::ErrorKind::AlreadyExists {
                        refuse(crate::tr!("open-entry-same-name"))
                    } else {
                        OpenError::Io(e)
                    }
                })?;
                let mut n = 0u64;
                let mut buf = vec![0u8; 256 * 1024];
                loop {
                    let k = entry.read(&mut buf).map_err(archive_err)?;
                    if k == 0 {
                        break;
                    }
                    pipe.update(&buf[..k]);
                    f.write_all(&buf[..k]).map_err(OpenError::Io)?;
                    n += k as u64;
                    written += k as u64;
                    let read = consumed.load(std::sync::atomic::Ordering::Relaxed);
                    if written > BOMB_FLOOR && written / BOMB_RATIO > read {
                        return Err(refuse(crate::tr!(
                            "open-entry-bomb",
                            written = written.to_string(),
                            read = read.to_string(),
                            ratio = BOMB_RATIO.to_string()
                        )));
                    }
                }
                // Durability comes from one syncfs of the staging folder before the
                // rename (see open_volumes): an fsync per file costs minutes for many files.
                drop(f);
                // `/` between the components, as ISOU-CONTENTS.json lists them, on
                // every system (Windows' own separator is `\`; a `\` inside an entry's
                // name was refused above).
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                extracted.insert(key, (n, hex::encode(pipe.finish())));
            }
            other => {
                // Named in words, not tar's Rust names (`Symlink`; red team 17, 03).
                let kind = match other {
                    tar::EntryType::Symlink => crate::tr!("open-entry-kind-symlink"),
                    tar::EntryType::Link => crate::tr!("open-entry-kind-hard-link"),
                    tar::EntryType::Fifo => crate::tr!("open-entry-kind-fifo"),
                    tar::EntryType::Char => crate::tr!("open-entry-kind-char-device"),
                    tar::EntryType::Block => crate::tr!("open-entry-kind-block-device"),
                    other => crate::tr!(
                        "open-entry-kind-other",
                        code = format!("{:?}", char::from(other.as_byte()))
                    ),
                };
                return Err(refuse(crate::tr!("open-entry-type", kind = kind)));
            }
        }
    }
    // The archive reader stops at tar's end blocks; what follows must be consumed too,
    // so the age stream's final chunk is authenticated (a truncated medium must fail).
    let mut rest = archive.into_inner();
    io::copy(&mut rest, &mut io::sink()).map_err(archive_err)?;
    let contents = contents.ok_or_else(|| {
        OpenError::ContentsMismatch(vec![crate::tr!(
            "open-contents-missing",
            contents = pipeline::CONTENTS_NAME
        )])
    })?;
    let mut problems = Vec::new();
    let mut listed: BTreeMap<&str, &pipeline::ContentEntry> = BTreeMap::new();
    for e in &contents.files {
        // A path listed twice would let one entry stand for two (the second listing
        // with another size or hash never checked).
        if listed.insert(e.path.as_str(), e).is_some() {
            return Err(OpenError::ContentsMismatch(vec![crate::tr!(
                "open-contents-twice",
                contents = pipeline::CONTENTS_NAME,
                path = sanitize(&e.path)
            )]));
        }
    }
    for (path, (size, sum)) in &extracted {
        match listed.get(path.as_str()) {
            None => problems.push(crate::tr!(
                "open-contents-not-listed",
                path = crate::untrusted::sanitize(path)
            )),
            Some(e) if e.size != *size || e.sha256 != *sum => problems.push(crate::tr!(
                "open-contents-differs",
                path = crate::untrusted::sanitize(path)
            )),
            Some(_) => {}
        }
    }
    for p in listed.keys().filter(|p| !extracted.contains_key(**p)) {
        problems.push(crate::tr!(
            "open-contents-listed-missing",
            path = crate::untrusted::sanitize(p)
        ));
    }
    if !problems.is_empty() {
        return Err(OpenError::ContentsMismatch(problems));
    }
    let bytes = extracted.values().map(|(n, _)| n).sum();
    Ok((contents.shipment_id, extracted.len() as u64, bytes))
}

fn create_private_dir(p: &Path) -> io::Result<()> {
    let _gate = crate::cleanup::gate();
    let mut b = fs::DirBuilder::new();
    crate::platform::owner_only_dir(&mut b);
    b.create(p)?;
    set_private(p)
}

/// Makes a folder the owner's only: 0700 whatever the umask (which only ever removes
/// bits from the mode asked for at creation, and may remove the owner's own); on
/// Windows a protected DACL for this user ([`crate::platform::make_private_dir`]).
fn set_private(p: &Path) -> io::Result<()> {
    crate::platform::make_private_dir(p)
}

fn private_file(p: &Path) -> io::Result<fs::File> {
    let _gate = crate::cleanup::gate();
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    crate::platform::owner_only_file(&mut o);
    o.open(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decrypt_err_finds_the_typed_errors_the_reader_carries() {
        // A volume's refusal comes back as the refusal it was.
        let e = io::Error::other(VolumeRefused(OpenError::OutputOnMedium("/m".into())));
        assert!(matches!(decrypt_err(e), OpenError::OutputOnMedium(_)));
        // A segment the device failed to read, told apart from one it read wrong, also
        // inside another io::Error.
        let unreadable = |error: io::Error| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                io::Error::other(pipeline::segments::SegmentUnreadable {
                    path: "data/payload.001".into(),
                    error,
                }),
            )
        };
        let eio = unreadable(io::Error::from_raw_os_error(5));
        assert!(matches!(decrypt_err(eio), OpenError::Unreadable(_)));
        let damaged = unreadable(io::Error::new(io::ErrorKind::InvalidData, "extent"));
        assert!(matches!(decrypt_err(damaged), OpenError::Medium(_)));
        // The payload's own refusal, and a plain I/O error.
        let e = crate::engine::PayloadError::NoChunks.into_io();
        assert!(matches!(
            decrypt_err(e),
            OpenError::Decrypt(DecryptError::Payload(_))
        ));
        let e = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(matches!(decrypt_err(e), OpenError::Io(_)));
        // The archive's refusal.
        let e = io::Error::new(
            io::ErrorKind::InvalidData,
            super::super::targuard::ArchiveRefused { why: "why".into() },
        );
        assert!(matches!(archive_err(e), OpenError::Archive(w) if w == "why"));
    }

    #[test]
    fn entry_paths() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "C:\\x",
            "c:/x",
            "a\\b",
            "",
        ] {
            assert!(safe_entry_path(Path::new(bad)).is_err(), "{bad}");
        }
        let long = format!("ext/{}.csv", "a".repeat(300));
        assert!(safe_entry_path(Path::new(&long)).is_err());
        let fits = format!("ext/{}.csv", "あ".repeat(83));
        assert!(safe_entry_path(Path::new(&fits)).is_ok());
        let over = format!("ext/{}.csv", "あ".repeat(84));
        assert!(safe_entry_path(Path::new(&over)).is_err());
        // The whole path in bytes (PATH_MAX must hold the output folder too): 1024
        // bytes pass, 1025 do not; a Japanese character counts 3 (finding 104).
        let dirs = vec!["d".repeat(200); 4].join("/");
        let at = format!("{dirs}/{}", "f".repeat(MAX_PATH_BYTES - 804));
        assert!(safe_entry_path(Path::new(&at)).is_ok());
        let deep = format!("{dirs}/{}", "f".repeat(MAX_PATH_BYTES - 803));
        assert!(safe_entry_path(Path::new(&deep)).unwrap_err().too_long);
        let ja = vec!["あ".repeat(80); 5].join("/");
        assert!(safe_entry_path(Path::new(&ja)).unwrap_err().too_long);
        assert_eq!(
            safe_entry_path(Path::new("./a/b.csv")).unwrap(),
            PathBuf::from("a/b.csv")
        );
        assert_eq!(
            collision_key(Path::new("Cafe\u{301}.csv")),
            collision_key(Path::new("CAFÉ.CSV"))
        );
    }
}
