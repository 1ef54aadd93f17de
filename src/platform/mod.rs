//! Everything that differs between operating systems, in one place:
//! free space, flushing, dropping the cache before a read-back, owner-only files,
//! process liveness, interrupts, the console, and opening files and folders without
//! following links. The rest of the crate calls these functions and never the OS.
//!
//! Two sides with the same functions: `unix.rs` (Linux; the system calls
//! through `rustix`, so no `unsafe` is needed there except to read a descriptor number
//! the user names, to ask for a login name and to stat a descriptor's file system) and
//! `windows/` (Windows 10/11 through `windows-sys`). What each side
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

/// Why Windows cannot hold `name` (one file or folder name, not a path) as itself, or
/// `None`. Checked on every system, because a medium sealed on Linux is opened on
/// Windows: at `seal` (so a genuine medium is never refused) and at `open` before
/// anything is written. Win32 reads such a name as something else (red team 20,
/// findings 1, 2 and 6):
/// - a `:` is a drive (`x/C:evil` under the output folder is `C:evil`, relative to
///   drive C:'s current folder: written outside the output folder) or an NTFS stream;
/// - a reserved device name, with any extension and trailing dots or spaces (`NUL`,
///   `con.txt`, `COM1`, `LPT¹`, `CONIN$`): the data goes to the device, not a file;
/// - a trailing dot or space is dropped (`name.` and `name` are one file);
/// - `< > " | ? *` and control characters are not allowed in names.
pub fn windows_name_problem(name: &str) -> Option<&'static str> {
    if name.contains(':') {
        return Some("colon");
    }
    if name.chars().any(|c| {
        (c as u32) < 0x20 || c == '\u{7f}' || matches!(c, '<' | '>' | '"' | '|' | '?' | '*')
    }) {
        return Some("character");
    }
    if name != "." && name != ".." && (name.ends_with('.') || name.ends_with(' ')) {
        return Some("trailing");
    }
    // The device name is the part before the first dot, trailing spaces ignored
    // (`con .txt` is CON too); superscript digits count as digits (`COM¹`).
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    let device = matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((upper.starts_with("COM") || upper.starts_with("LPT"))
        && stem.chars().count() == 4
        && stem
            .chars()
            .nth(3)
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³')));
    device.then_some("device")
}

#[cfg(test)]
mod name_tests {
    use super::windows_name_problem as p;

    #[test]
    fn names_windows_reads_as_something_else_are_named() {
        for (name, why) in [
            ("C:x", "colon"),
            ("a:b", "colon"),
            ("NUL", "device"),
            ("nul.csv", "device"),
            ("con .txt", "device"),
            ("Aux", "device"),
            ("COM1", "device"),
            ("lpt9.tar.gz", "device"),
            ("COM¹", "device"),
            ("CONIN$", "device"),
            ("name.", "trailing"),
            ("name ", "trailing"),
            ("a?b", "character"),
            ("a\u{1}b", "character"),
            ("a|b", "character"),
        ] {
            assert_eq!(p(name), Some(why), "{name:?}");
        }
        for ok in [
            "report.csv",
            "登録票.csv",
            "COM",
            "COM10",
            "console.txt",
            "nul_data",
            ".hidden",
            "a.b.c",
        ] {
            assert_eq!(p(ok), None, "{ok:?}");
        }
    }
}
