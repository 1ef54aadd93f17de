//! Extracting the payload: unlocked, decrypted, decompressed (bounded window) and
//! untarred (bounded headers) into the staging folder, every entry checked, then every
//! file against `ISOU-CONTENTS.json`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use super::error::medium_from;
use super::names::entry_name_rule;
use super::set::{SetProblem, VolumeRefused};
use super::target::{create_private_dir, private_file};
use super::{OpenError, Unlock, Unlocker, PASSPHRASE_TRIES};
use crate::engine::{Decryptor, Parallelism};
use crate::error::DecryptError;
use crate::pipeline::{self, Contents};
use crate::untrusted::sanitize;

/// Largest `ISOU-CONTENTS.json` accepted.
const MAX_CONTENTS: u64 = 64 * 1024 * 1024;

fn decrypt_err(e: io::Error) -> OpenError {
    use crate::error::{into_typed, typed_in};
    // First, as it carries an error of its own: a check's refusal, as it was made.
    let e = match into_typed::<VolumeRefused>(e) {
        Ok(refused) => return refused.0,
        Err(e) => e,
    };
    // Each kept as the source of what it becomes (the io::Error that carries it).
    if let Some(u) = typed_in::<pipeline::segments::SegmentUnreadable>(&e) {
        // The system failed to read (EIO, a device gone): reading again may work. Any
        // other failure (an image's extent out of bounds…) is damage to the medium.
        let (why, system) = (u.to_string(), u.error.raw_os_error().is_some());
        return if system {
            OpenError::Unreadable {
                why,
                source: crate::error::cause(e),
            }
        } else {
            medium_from(why, e)
        };
    }
    if let Some(m) = typed_in::<pipeline::segments::SegmentMismatch>(&e) {
        return medium_from(m.to_string(), e);
    }
    if let Some(m) = typed_in::<SetProblem>(&e) {
        return if m.1 {
            OpenError::MissingVolume(m.0.clone())
        } else {
            medium_from(m.0.clone(), e)
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
    if let Some(r) = crate::error::typed_in::<crate::media::targuard::ArchiveRefused>(&e) {
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

/// Unlocks, decrypts and extracts the payload read from `input` into `dest`, every
/// entry checked before anything is written and every file against the contents
/// manifest after; returns the manifest's shipment id, the files and their bytes.
pub(super) fn extract(
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
    let stream = plaintext(input, unlock, par)?;
    // Every tar header is checked and bounded before tar-rs reads it (a 2 GiB GNU long
    // name or PAX header would be buffered whole): see targuard.rs.
    let mut archive = tar::Archive::new(crate::media::targuard::TarGuard::new(stream));
    let mut out = Extraction::new(dest, consumed);
    let entries = archive.entries().map_err(archive_err)?;
    for entry in entries {
        out.entry(entry.map_err(archive_err)?)?;
    }
    // The archive reader stops at tar's end blocks; what follows must be consumed too,
    // so the age stream's final chunk is authenticated (a truncated medium must fail).
    after_the_end(archive.into_inner())?;
    out.finish()
}

/// Reads what follows tar's end-of-archive blocks to the end of the stream: zeros
/// (a blocking factor's padding, POSIX.1 ustar) pass; anything else is data no
/// extraction shows, hidden in a signed payload, and refuses the archive (red team
/// 19, finding 4: bytes after the end were read and dropped unseen).
fn after_the_end(mut rest: impl Read) -> Result<(), OpenError> {
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = rest.read(&mut buf).map_err(archive_err)?;
        if n == 0 {
            return Ok(());
        }
        if buf[..n].iter().any(|&b| b != 0) {
            return Err(OpenError::Archive(crate::tr!("open-archive-after-end")));
        }
    }
}

/// The payload's plaintext: `input` unlocked (asked again after a wrong passphrase, up
/// to [`PASSPHRASE_TRIES`] in all), decrypted and, when it begins as a zstd frame,
/// decompressed with a bounded window.
fn plaintext<'a>(
    input: impl Read + 'a,
    unlock: Unlocker,
    par: Parallelism,
) -> Result<Box<dyn Read + 'a>, OpenError> {
    let d = Decryptor::new(input).map_err(|e| match e {
        DecryptError::Io(io) => archive_err(io),
        e => OpenError::Decrypt(e),
    })?;
    d.check_scrypt_work(None).map_err(OpenError::Decrypt)?;
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
    Ok(if zstd {
        // One frame: isou writes one (one encoder, its worker threads inside it).
        let mut z = zstd::Decoder::with_buffer(plain)
            .map_err(archive_err)?
            .single_frame();
        // isou compresses at levels 1-19, whose window is at most 2^23 bytes; a frame
        // asking for more is refused before its window is allocated, so a hostile
        // payload cannot make open take zstd's default maximum of 2^27 (128 MiB).
        z.window_log_max(MAX_ZSTD_WINDOW_LOG).map_err(archive_err)?;
        Box::new(OneFrame(Some(z)))
    } else {
        Box::new(plain)
    })
}

/// The decompressed payload: one zstd frame and nothing after it. A second frame, a
/// skippable frame (RFC 8878 §3.1.2, which every decoder passes over in silence) or any
/// other byte after the first frame would be plaintext no extraction shows (red team
/// 19 second pass, finding A), so it refuses the archive.
struct OneFrame<R: BufRead>(Option<zstd::Decoder<'static, R>>);

impl<R: BufRead> Read for OneFrame<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(z) = self.0.as_mut() else {
            return Ok(0);
        };
        let n = z.read(buf)?;
        if n > 0 || buf.is_empty() {
            return Ok(n);
        }
        // The frame has ended. What the decoder did not take stays in the buffered
        // reader; it must be the end of the decrypted stream (reading to it also
        // authenticates the age stream's last chunk).
        let mut rest = self
            .0
            .take()
            .map(zstd::Decoder::finish)
            .expect("taken once");
        if !rest.fill_buf()?.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                crate::media::targuard::ArchiveRefused {
                    why: crate::tr!("open-archive-after-frame"),
                },
            ));
        }
        Ok(0)
    }
}

/// An entry refused: its name (sanitised) and why.
type Refuse<'r> = &'r dyn Fn(String) -> OpenError;

/// What extracting has seen and written so far.
struct Extraction<'d> {
    /// The staging folder.
    dest: &'d Path,
    /// Bytes read from the medium, counted as they are read.
    consumed: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Bytes written.
    written: u64,
    /// Each entry's collision key.
    seen: HashSet<String>,
    /// Folders below `dest` already looked at (or made) in this run.
    known_dirs: HashSet<PathBuf>,
    /// Extracted files are hashed on another thread as they are written.
    pipe: pipeline::hasher::Sha256Pipe,
    /// Each file written: its size and SHA-256, by its `/`-separated path.
    extracted: BTreeMap<String, (u64, String)>,
    /// The contents manifest, once read (the archive's last entry).
    contents: Option<Contents>,
}

impl<'d> Extraction<'d> {
    fn new(
        dest: &'d Path,
        consumed: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Extraction<'d> {
        Extraction {
            dest,
            consumed,
            written: 0,
            seen: HashSet::new(),
            known_dirs: HashSet::new(),
            pipe: pipeline::hasher::Sha256Pipe::new(),
            extracted: BTreeMap::new(),
            contents: None,
        }
    }

    /// Checks one archive entry, then extracts it: a folder, a regular file, or the
    /// contents manifest (which must be the last entry); anything else is refused.
    fn entry<R: Read>(&mut self, mut entry: tar::Entry<'_, R>) -> Result<(), OpenError> {
        let raw = entry.path().map_err(archive_err)?.into_owned();
        let shown = crate::untrusted::sanitize(&raw.to_string_lossy());
        let refuse = |why: String| OpenError::UnsafeEntry {
            name: shown.clone(),
            why,
        };
        if self.contents.is_some() {
            return Err(refuse(crate::tr!(
                "open-entry-after-contents",
                contents = pipeline::CONTENTS_NAME
            )));
        }
        let (rel, key) = entry_name_rule(&raw).map_err(|r| refuse(r.why))?;
        if self.seen.len() >= MAX_ENTRIES {
            return Err(refuse(crate::tr!(
                "open-entry-too-many",
                most = MAX_ENTRIES.to_string()
            )));
        }
        if !self.seen.insert(key) {
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
            self.contents = Some(c);
            return Ok(());
        }
        let target = self.dest.join(&rel);
        self.parents(&rel, &refuse)?;
        match kind {
            tar::EntryType::Directory => {
                match fs::symlink_metadata(&target) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => return Err(refuse(crate::tr!("open-entry-folder-over-file"))),
                    Err(_) => create_private_dir(&target).map_err(OpenError::Io)?,
                }
                self.known_dirs.insert(target.clone());
            }
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                self.file(&mut entry, &rel, &target, &refuse)?
            }
            other => {
                return Err(refuse(crate::tr!(
                    "open-entry-type",
                    kind = kind_in_words(other)
                )))
            }
        }
        Ok(())
    }

    /// Every parent of `rel` must be a real folder we created (never a link). Each is
    /// looked at once: `dest` is reached through /proc/self/fd/N, where every lookup
    /// costs a walk of procfs, and a folder seen once in the private (0700) staging
    /// folder stays what it was (10 000 small files: 11% slower without this, issue 15).
    fn parents(&mut self, rel: &Path, refuse: Refuse) -> Result<(), OpenError> {
        if let Some(p) = rel.parent().filter(|p| !p.as_os_str().is_empty()) {
            let mut cur = self.dest.to_path_buf();
            for c in p.components() {
                cur.push(c);
                if self.known_dirs.contains(&cur) {
                    continue;
                }
                self.known_dirs.insert(cur.clone());
                match fs::symlink_metadata(&cur) {
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => return Err(refuse(crate::tr!("open-entry-through-non-folder"))),
                    Err(_) => create_private_dir(&cur).map_err(OpenError::Io)?,
                }
            }
        }
        Ok(())
    }

    /// Writes a regular file's bytes to `target` (new, private), hashing them, and
    /// refuses a payload that writes far more than it reads (a decompression bomb).
    fn file<R: Read>(
        &mut self,
        entry: &mut tar::Entry<'_, R>,
        rel: &Path,
        target: &Path,
        refuse: Refuse,
    ) -> Result<(), OpenError> {
        let mut f = private_file(target).map_err(|e| {
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
            self.pipe.update(&buf[..k]);
            f.write_all(&buf[..k]).map_err(OpenError::Io)?;
            n += k as u64;
            self.written += k as u64;
            let written = self.written;
            let read = self.consumed.load(std::sync::atomic::Ordering::Relaxed);
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
        self.extracted
            .insert(key, (n, hex::encode(self.pipe.finish())));
        Ok(())
    }

    /// After the last entry: the contents manifest must be there, and list exactly
    /// the files extracted, with their sizes and hashes.
    fn finish(self) -> Result<(String, u64, u64), OpenError> {
        let contents = self.contents.ok_or_else(|| {
            OpenError::ContentsMismatch(vec![crate::tr!(
                "open-contents-missing",
                contents = pipeline::CONTENTS_NAME
            )])
        })?;
        let extracted = self.extracted;
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
}

/// An entry type open refuses, named in words, not tar's Rust names (`Symlink`; red
/// team 17, 03).
fn kind_in_words(kind: tar::EntryType) -> String {
    match kind {
        tar::EntryType::Symlink => crate::tr!("open-entry-kind-symlink"),
        tar::EntryType::Link => crate::tr!("open-entry-kind-hard-link"),
        tar::EntryType::Fifo => crate::tr!("open-entry-kind-fifo"),
        tar::EntryType::Char => crate::tr!("open-entry-kind-char-device"),
        tar::EntryType::Block => crate::tr!("open-entry-kind-block-device"),
        other => crate::tr!(
            "open-entry-kind-other",
            code = format!("{:?}", char::from(other.as_byte()))
        ),
    }
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
        // Each keeps what it came from: the system's error is found down its source()
        // chain (an unreadable sector's EIO), not only in its words.
        let eio = decrypt_err(unreadable(io::Error::from_raw_os_error(5)));
        assert!(matches!(eio, OpenError::Unreadable { .. }));
        let kept = std::error::Error::source(&eio).expect("a source");
        let kept = kept.downcast_ref::<io::Error>().expect("the io::Error");
        let seg = crate::error::typed_in::<pipeline::segments::SegmentUnreadable>(kept)
            .expect("the segment's error");
        assert_eq!(seg.error.raw_os_error(), Some(5));
        let damaged = unreadable(io::Error::new(io::ErrorKind::InvalidData, "extent"));
        let damaged = decrypt_err(damaged);
        assert!(matches!(damaged, OpenError::Medium { .. }));
        assert!(std::error::Error::source(&damaged).is_some());
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
            crate::media::targuard::ArchiveRefused { why: "why".into() },
        );
        assert!(matches!(archive_err(e), OpenError::Archive(w) if w == "why"));
    }
}
