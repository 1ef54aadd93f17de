//! Everything that differs between operating systems, in one place (issues 19 and 20):
//! free space, flushing, dropping the cache before a read-back, owner-only files,
//! process liveness, interrupts, the console, and opening files and folders without
//! following links. The rest of the crate calls these functions and never the OS.
//!
//! Two sides with the same functions: [`unix.rs`](unix) (Linux; the system calls
//! through `rustix`, so no `unsafe` is needed there except to read a descriptor number
//! the user names, to ask for a login name and to stat a descriptor's file system) and
//! [`windows.rs`](windows) (Windows 10/11 through `windows-sys`). What each side
//! guarantees, and what the Windows side does not, is written at each function and in
//! SECURITY.md ("On Windows").
//!
//! `unsafe` in the crate is here and in one place besides: the batched SHA-256 block
//! cast in `pipeline/segments.rs` (its comment gives the numbers).

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;

use std::io;

/// What the walk saw of a file or folder: enough to tell it from any other (the same
/// object, and for a file unchanged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Device (Unix) or volume serial number (Windows).
    pub dev: u64,
    /// Inode (Unix) or file index (Windows).
    pub ino: u64,
    /// What it is.
    pub kind: Kind,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the Unix epoch.
    pub mtime: i64,
    /// And its nanoseconds.
    pub mtime_nsec: i64,
}

/// The kind of a file system object, as far as isou tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link (Unix) or any reparse point (Windows: links, junctions, mount
    /// points, cloud placeholders).
    Link,
    /// A FIFO, device, socket or anything else.
    Other,
}

impl Stamp {
    /// A regular file.
    pub fn is_file(&self) -> bool {
        self.kind == Kind::File
    }

    /// A folder.
    pub fn is_dir(&self) -> bool {
        self.kind == Kind::Dir
    }

    /// The same object: same device, inode and kind.
    pub fn same_object(&self, now: &Stamp) -> bool {
        self.dev == now.dev && self.ino == now.ino && self.kind == now.kind
    }

    /// The same object, unchanged: for a file also the same size and modification
    /// time (a folder's change when entries are added, which does not change what is
    /// sealed).
    pub fn same(&self, now: &Stamp) -> bool {
        self.same_object(now)
            && (self.is_dir()
                || (self.size == now.size
                    && self.mtime == now.mtime
                    && self.mtime_nsec == now.mtime_nsec))
    }
}

/// Whether `e` says the disk or medium is full.
pub fn is_no_space(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull || e.raw_os_error().is_some_and(no_space_code)
}
