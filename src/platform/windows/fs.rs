//! Folders and files opened without following links on Windows, folders held open
//! while isou works in them, and reads and writes at an offset.

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io;
use std::os::windows::fs::{FileExt, OpenOptionsExt};
use std::os::windows::io::{AsHandle, BorrowedHandle};
use std::path::{Path, PathBuf};

use windows_sys::Win32::Foundation as F;
use windows_sys::Win32::Storage::FileSystem as FS;

use super::{info, wide, LINK_REFUSED, NOT_DIR};
use crate::platform::{Kind, Stamp};

/// A folder held open while it is walked. Opened without `FILE_SHARE_DELETE`, so it
/// cannot be renamed, moved or removed (nor a link put in its place) while held: the
/// path joined below it leads to the folder that was checked.
#[derive(Debug)]
pub struct DirHandle {
    file: File,
    path: PathBuf,
}

impl AsHandle for DirHandle {
    fn as_handle(&self) -> BorrowedHandle<'_> {
        self.file.as_handle()
    }
}

impl From<DirHandle> for File {
    fn from(d: DirHandle) -> File {
        d.file
    }
}

const SHARE_NO_DELETE: u32 = FS::FILE_SHARE_READ | FS::FILE_SHARE_WRITE;

fn open_held_dir(p: &Path, follow: bool, access: u32) -> io::Result<File> {
    let mut flags = FS::FILE_FLAG_BACKUP_SEMANTICS;
    if !follow {
        flags |= FS::FILE_FLAG_OPEN_REPARSE_POINT;
    }
    let f = OpenOptions::new()
        .access_mode(access)
        .share_mode(SHARE_NO_DELETE)
        .custom_flags(flags)
        .open(p)?;
    let s = stamp_of(&f)?;
    match s.kind {
        Kind::Dir => Ok(f),
        Kind::Link => Err(io::Error::from_raw_os_error(LINK_REFUSED)),
        _ => Err(io::Error::from_raw_os_error(NOT_DIR)),
    }
}

/// Opens the folder the user named (following links there: the user's choice) as the
/// root of a walk.
pub fn open_root(p: &Path) -> io::Result<DirHandle> {
    Ok(DirHandle {
        file: open_held_dir(p, true, FS::FILE_LIST_DIRECTORY | FS::FILE_READ_ATTRIBUTES)?,
        path: p.to_path_buf(),
    })
}

fn joined(dir: Option<&DirHandle>, name: &OsStr) -> PathBuf {
    match dir {
        Some(d) => d.path.join(name),
        None => PathBuf::from(name),
    }
}

/// Seconds and nanoseconds since the Unix epoch of a FILETIME (100 ns since 1601).
fn unix_time(t: F::FILETIME) -> (i64, i64) {
    let ticks = (i64::from(t.dwHighDateTime) << 32) | i64::from(t.dwLowDateTime);
    let since = ticks - 116_444_736_000_000_000;
    (
        since.div_euclid(10_000_000),
        since.rem_euclid(10_000_000) * 100,
    )
}

/// What an open file or folder is (`GetFileInformationByHandle`).
pub fn stamp_of(f: &impl AsHandle) -> io::Result<Stamp> {
    let i = info(f.as_handle())?;
    let kind = if i.dwFileAttributes & FS::FILE_ATTRIBUTE_REPARSE_POINT != 0 {
        Kind::Link
    } else if i.dwFileAttributes & FS::FILE_ATTRIBUTE_DIRECTORY != 0 {
        Kind::Dir
    } else {
        Kind::File
    };
    let (mtime, mtime_nsec) = unix_time(i.ftLastWriteTime);
    Ok(Stamp {
        dev: u64::from(i.dwVolumeSerialNumber),
        ino: (u64::from(i.nFileIndexHigh) << 32) | u64::from(i.nFileIndexLow),
        kind,
        size: (u64::from(i.nFileSizeHigh) << 32) | u64::from(i.nFileSizeLow),
        mtime,
        mtime_nsec,
    })
}

/// What `name` in `dir` is, without following a reparse point.
pub fn stat_at(dir: Option<&DirHandle>, name: &OsStr) -> io::Result<Stamp> {
    let f = OpenOptions::new()
        .access_mode(FS::FILE_READ_ATTRIBUTES)
        .custom_flags(FS::FILE_FLAG_BACKUP_SEMANTICS | FS::FILE_FLAG_OPEN_REPARSE_POINT)
        .open(joined(dir, name))?;
    stamp_of(&f)
}

/// Opens the folder `name` in `dir`, held (see [`DirHandle`]), refusing a reparse
/// point ([`is_link_refused`](super::is_link_refused)) or anything not a folder ([`is_not_dir`](super::is_not_dir)).
pub fn open_dir_at(dir: Option<&DirHandle>, name: &OsStr) -> io::Result<DirHandle> {
    let path = joined(dir, name);
    Ok(DirHandle {
        file: open_held_dir(
            &path,
            false,
            FS::FILE_LIST_DIRECTORY | FS::FILE_READ_ATTRIBUTES,
        )?,
        path,
    })
}

/// Opens the file `name` in `dir` for reading, refusing a reparse point
/// ([`is_link_refused`](super::is_link_refused)); the caller checks with [`stamp_of`] that it is the regular
/// file it expects.
pub fn open_file_at(dir: Option<&DirHandle>, name: &OsStr) -> io::Result<File> {
    let f = OpenOptions::new()
        .read(true)
        .custom_flags(FS::FILE_FLAG_OPEN_REPARSE_POINT)
        .open(joined(dir, name))?;
    if stamp_of(&f)?.kind == Kind::Link {
        return Err(io::Error::from_raw_os_error(LINK_REFUSED));
    }
    Ok(f)
}

/// Nothing to do on Windows (no non-blocking opens).
pub fn blocking(_f: &File) {}

/// The names in the held folder `dir`, unsorted.
pub fn list(dir: &DirHandle) -> io::Result<Vec<OsString>> {
    std::fs::read_dir(&dir.path)?
        .map(|e| e.map(|e| e.file_name()))
        .collect()
}

/// No pseudo file systems on Windows.
pub fn special_fs(_f: &impl AsHandle) -> io::Result<Option<&'static str>> {
    Ok(None)
}

/// `o` does not follow a reparse point unless `follow` (no FIFOs or terminals to
/// block on among files opened by name on Windows).
pub fn no_block(o: &mut OpenOptions, follow: bool) {
    if !follow {
        o.custom_flags(FS::FILE_FLAG_OPEN_REPARSE_POINT);
    }
}

/// No FIFOs, devices or sockets among files on Windows.
pub fn special_kind(_ft: &std::fs::FileType) -> Option<&'static str> {
    None
}

/// Drives are not read as files on Windows (`\\.\` paths are refused).
pub fn is_block_device(_ft: &std::fs::FileType) -> bool {
    false
}

// ---- holding folders -------------------------------------------------------------------

/// How [`hold_dir`] opens a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Following a reparse point to it (the user's own links).
    Follow,
    /// Refusing a reparse point ([`is_link_refused`](super::is_link_refused)) or a file ([`is_not_dir`](super::is_not_dir)).
    NoFollow,
    /// Only to reach what is in it.
    PathOnly,
}

/// Opens the folder `p` without `FILE_SHARE_DELETE` (it cannot be renamed or removed
/// while held, so its path keeps leading to it) and returns it with that path, made
/// absolute.
pub fn hold_dir(p: &Path, how: Hold) -> io::Result<(File, PathBuf)> {
    let access = match how {
        Hold::PathOnly => FS::FILE_READ_ATTRIBUTES,
        _ => FS::FILE_LIST_DIRECTORY | FS::FILE_READ_ATTRIBUTES,
    };
    let f = open_held_dir(p, how != Hold::NoFollow, access)?;
    Ok((f, std::path::absolute(p)?))
}

/// Where a held folder is: its path, canonical (the folder cannot move while held).
pub fn held_now(through: &Path) -> io::Result<PathBuf> {
    std::fs::canonicalize(through)
}

/// Renames `src` to `dst` unless something is there (`MoveFileExW` without
/// `MOVEFILE_REPLACE_EXISTING`; the same volume).
pub fn rename_noreplace(src: &Path, dst: &Path) -> io::Result<()> {
    let (s, d) = (wide(src.as_os_str()), wide(dst.as_os_str()));
    // SAFETY: two NUL-terminated UTF-16 paths that outlive the call.
    if unsafe { FS::MoveFileExW(s.as_ptr(), d.as_ptr(), 0) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

// ---- files read and written at an offset -----------------------------------------------

/// Reads and writes at an offset (`seek_read`/`seek_write`: they also move the file's
/// cursor on Windows, which the callers never use).
pub trait AtOffset {
    /// Reads up to `buf.len()` bytes at `offset`.
    fn read_at_offset(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;
    /// Reads exactly `buf.len()` bytes at `offset`.
    fn read_exact_at_offset(&self, buf: &mut [u8], offset: u64) -> io::Result<()>;
    /// Writes all of `buf` at `offset`.
    fn write_all_at_offset(&self, buf: &[u8], offset: u64) -> io::Result<()>;
}

impl AtOffset for File {
    fn read_at_offset(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        self.seek_read(buf, offset)
    }
    fn read_exact_at_offset(&self, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
        while !buf.is_empty() {
            match self.seek_read(buf, offset) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
    fn write_all_at_offset(&self, mut buf: &[u8], mut offset: u64) -> io::Result<()> {
        while !buf.is_empty() {
            match self.seek_write(buf, offset) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => {
                    buf = &buf[n..];
                    offset += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
