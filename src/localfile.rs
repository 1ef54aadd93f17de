//! Files on this machine that isou reads as input — the policy, identity files, the
//! ledger's key and its unrecorded events — opened one way: without blocking (a FIFO or
//! a device put in a file's place would hang the command or feed it for ever, CWE-400),
//! optionally without following a link, and judged by `fstat` of the opened descriptor,
//! never by the path (a file swapped between a check and the read is not read,
//! CWE-367). Media have their own reader (`bag::source`), relative to the bag's folder;
//! the extract has its own (`pipeline::fsys`), which also compares inodes with the walk.

use std::fmt;
use std::fs::{File, FileType, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Whether a symbolic link in the last component is followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// Follow it (a policy or identity file kept behind a link is fine).
    Follow,
    /// Refuse it: files in a folder others may write (`LEDGER.unrecorded/`), where a
    /// link could point isou at any file of the user's.
    Refuse,
}

/// Why a local file was not read.
#[derive(Debug)]
pub enum LocalFileError {
    /// Opening or reading it failed (a link refused under [`Links::Refuse`] is an
    /// `ELOOP` here).
    Io(io::Error),
    /// It is not a regular file; what it is instead ("a FIFO (named pipe)", …).
    NotRegular(&'static str),
    /// It is larger than the reader allows (stated size, or grew while read).
    TooLarge {
        /// Its size, or the bytes read when it grew.
        size: u64,
        /// The bound.
        max: u64,
    },
}

impl fmt::Display for LocalFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalFileError::Io(e) => write!(f, "{e}"),
            LocalFileError::NotRegular(kind) => f.write_str(&crate::tr!(
                "localfile-not-regular",
                kind = kind_words(kind)
            )),
            LocalFileError::TooLarge { size, max } => f.write_str(&crate::tr!(
                "localfile-too-large",
                size = size.to_string(),
                max = max.to_string()
            )),
        }
    }
}

impl std::error::Error for LocalFileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LocalFileError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for LocalFileError {
    fn from(e: io::Error) -> Self {
        LocalFileError::Io(e)
    }
}

/// A phrase of [`kind_of`] (always English: it is a key, compared by callers) in the
/// language of the run, for a message.
pub fn kind_words(kind: &str) -> String {
    match kind {
        "a FIFO (named pipe)" => crate::tr!("localfile-kind-fifo"),
        "a device" => crate::tr!("localfile-kind-device"),
        "a socket" => crate::tr!("localfile-kind-socket"),
        "a directory" => crate::tr!("localfile-kind-directory"),
        "a symbolic link" => crate::tr!("localfile-kind-symlink"),
        "a symbolic link to nothing" => crate::tr!("localfile-kind-dangling"),
        "not a regular file" => crate::tr!("localfile-kind-other"),
        other => other.to_string(),
    }
}

/// What a file that is not regular is, in words (English; [`kind_words`] for a
/// message in the language of the run).
pub fn kind_of(ft: &FileType) -> &'static str {
    if let Some(kind) = crate::platform::special_kind(ft) {
        return kind;
    }
    if ft.is_dir() {
        "a directory"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading if, and only if, it is a regular file; returns it with its
/// metadata (from the descriptor). The descriptor is left non-blocking, which changes
/// nothing for a regular file.
pub fn open_regular(path: &Path, links: Links) -> Result<(File, Metadata), LocalFileError> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    crate::platform::no_block(&mut opts, links != Links::Refuse);
    let f = opts.open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(LocalFileError::NotRegular(kind_of(&meta.file_type())));
    }
    Ok((f, meta))
}

/// Reads the whole of a regular file of at most `max` bytes: refused by its stated size
/// before any read, and never more than `max + 1` bytes read if it grows meanwhile.
pub fn read_bounded(path: &Path, max: u64, links: Links) -> Result<Vec<u8>, LocalFileError> {
    let (f, meta) = open_regular(path, links)?;
    read_opened(f, &meta, max)
}

/// [`read_bounded`] of a file already opened with [`open_regular`] (whose metadata the
/// caller judged first: its owner, its mode).
pub fn read_opened(f: File, meta: &Metadata, max: u64) -> Result<Vec<u8>, LocalFileError> {
    if meta.len() > max {
        return Err(LocalFileError::TooLarge {
            size: meta.len(),
            max,
        });
    }
    let mut out = Vec::with_capacity(meta.len() as usize);
    f.take(max + 1).read_to_end(&mut out)?;
    if out.len() as u64 > max {
        return Err(LocalFileError::TooLarge {
            size: out.len() as u64,
            max,
        });
    }
    Ok(out)
}

/// Whether an output may be written at `path` by renaming a new file over it: `Ok(false)`
/// when nothing is there, `Ok(true)` when a regular file is (or a link to one: the
/// rename replaces the link), and [`LocalFileError::NotRegular`] for anything else — a
/// device, a FIFO, a socket, a directory, a dangling link — which an output never
/// replaces, with or without `--force`.
///
/// Why (issue 16 red team finding 13; CWE-73, CWE-59 — SECURITY.md): `rename(2)`
/// replaces whatever node holds the name. `record export -o /dev/null --force` run as
/// root turned `/dev/null` into a 0600 regular file for every program on the machine,
/// and a FIFO a log collector reads from was silently swapped for a file. `--force`
/// means "replace the output file", never "replace a device".
pub fn replaceable(path: &Path) -> Result<bool, LocalFileError> {
    let lmeta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let meta = if lmeta.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            // A link to nothing: not a file to replace (and a rename would only hide
            // where it pointed).
            Err(_) => return Err(LocalFileError::NotRegular("a symbolic link to nothing")),
        }
    } else {
        lmeta
    };
    if meta.is_file() {
        Ok(true)
    } else {
        Err(LocalFileError::NotRegular(kind_of(&meta.file_type())))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn fifos_links_and_large_files_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        crate::platform::make_fifo(&fifo).unwrap();
        let e = read_bounded(&fifo, 10, Links::Follow).unwrap_err();
        assert!(e.to_string().contains("FIFO"), "{e}");

        let big = dir.path().join("big");
        std::fs::write(&big, [0u8; 11]).unwrap();
        assert!(matches!(
            read_bounded(&big, 10, Links::Follow),
            Err(LocalFileError::TooLarge { size: 11, max: 10 })
        ));
        assert_eq!(read_bounded(&big, 11, Links::Follow).unwrap().len(), 11);

        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&big, &link).unwrap();
        assert_eq!(read_bounded(&link, 11, Links::Follow).unwrap().len(), 11);
        assert!(matches!(
            read_bounded(&link, 11, Links::Refuse),
            Err(LocalFileError::Io(_))
        ));
        let e = read_bounded(dir.path(), 11, Links::Follow).unwrap_err();
        assert!(e.to_string().contains("directory"), "{e}");
    }
}
