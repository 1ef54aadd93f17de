//! The extract's files listed and opened through directory descriptors, never through
//! a symbolic link that appeared after the listing (CWE-59, CWE-367).
//!
//! Why: the extract's folder may be writable by others (a shared export folder). The
//! walk used to `lstat` a path and the tar writer to `open` it again by name, which
//! follows a link: a file swapped for a link to a root-only file during a long seal
//! was shipped. Here each folder is opened with `O_NOFOLLOW | O_DIRECTORY` relative to
//! its parent's descriptor and listed through that descriptor; files are opened the
//! same way with `O_NONBLOCK` (a FIFO swapped in cannot hang the seal), and what is
//! opened must be the very file the walk saw: same device, inode, kind, size and
//! modification time.

use std::ffi::{CString, OsStr, OsString};
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

/// What the walk saw of a file or folder: enough to tell it from any other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    /// Device.
    pub dev: u64,
    /// Inode.
    pub ino: u64,
    /// `st_mode` (the kind is in `S_IFMT`).
    pub mode: u32,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// And its nanoseconds.
    pub mtime_nsec: i64,
}

impl Stamp {
    fn kind(&self) -> u32 {
        self.mode & libc::S_IFMT
    }

    /// A regular file.
    pub fn is_file(&self) -> bool {
        self.kind() == libc::S_IFREG
    }

    /// A folder.
    pub fn is_dir(&self) -> bool {
        self.kind() == libc::S_IFDIR
    }

    /// The same object: same device, inode and kind.
    pub fn same_object(&self, now: &Stamp) -> bool {
        self.dev == now.dev && self.ino == now.ino && self.kind() == now.kind()
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

    /// Of an open file or folder (`fstat`).
    pub fn of(f: &impl AsRawFd) -> io::Result<Stamp> {
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: a valid descriptor and room for one `struct stat`.
        if unsafe { libc::fstat(f.as_raw_fd(), st.as_mut_ptr()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fstat succeeded, so `st` is initialised.
        Ok(Stamp::from(unsafe { st.assume_init() }))
    }
}

impl From<libc::stat> for Stamp {
    fn from(st: libc::stat) -> Stamp {
        Stamp {
            dev: st.st_dev,
            ino: st.st_ino,
            mode: st.st_mode,
            size: st.st_size as u64,
            mtime: st.st_mtime,
            mtime_nsec: st.st_mtime_nsec,
        }
    }
}

fn c_name(name: &OsStr) -> io::Result<CString> {
    CString::new(name.as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, crate::tr!("bag-source-nul")))
}

fn dir_fd(dir: Option<&OwnedFd>) -> libc::c_int {
    dir.map_or(libc::AT_FDCWD, |d| d.as_raw_fd())
}

/// `fstatat(dir, name, AT_SYMLINK_NOFOLLOW)`; `dir` `None` is the current folder.
pub(crate) fn stat_at(dir: Option<&OwnedFd>, name: &OsStr) -> io::Result<Stamp> {
    let c = c_name(name)?;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: a valid descriptor (or AT_FDCWD), a NUL-terminated name and room for
    // one `struct stat`, filled when the call succeeds.
    let r = unsafe {
        libc::fstatat(
            dir_fd(dir),
            c.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    if r != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fstatat succeeded, so `st` is initialised.
    Ok(Stamp::from(unsafe { st.assume_init() }))
}

/// `openat(dir, name, flags | O_CLOEXEC)`, the descriptor owned.
fn open_at(dir: Option<&OwnedFd>, name: &OsStr, flags: libc::c_int) -> io::Result<File> {
    let c = c_name(name)?;
    // SAFETY: a valid directory descriptor (or AT_FDCWD) and a NUL-terminated name;
    // the descriptor returned is owned by the File from here on.
    let fd = unsafe { libc::openat(dir_fd(dir), c.as_ptr(), flags | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a new descriptor nobody else owns.
    Ok(unsafe { File::from_raw_fd(fd) })
}

/// Opens the folder `name` in `dir` without following a link (`ENOTDIR` or `ELOOP`
/// if it is one, `ENOTDIR` if it is not a folder).
pub(crate) fn open_dir(dir: Option<&OwnedFd>, name: &OsStr) -> io::Result<OwnedFd> {
    open_at(
        dir,
        name,
        libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW,
    )
    .map(OwnedFd::from)
}

/// Opens the file `name` in `dir` for reading without following a link and without
/// blocking on a FIFO or taking a terminal; the caller checks with [`Stamp::of`] that
/// it is the regular file it expects, then calls [`blocking`].
pub(crate) fn open_file(dir: Option<&OwnedFd>, name: &OsStr) -> io::Result<File> {
    open_at(
        dir,
        name,
        libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY,
    )
}

/// Puts a regular file opened by [`open_file`] back into blocking mode (regular files
/// never block; this only keeps reads ordinary).
pub(crate) fn blocking(f: &File) {
    // SAFETY: a valid descriptor; F_SETFL only changes its status flags.
    unsafe {
        let flags = libc::fcntl(f.as_raw_fd(), libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(f.as_raw_fd(), libc::F_SETFL, flags & !libc::O_NONBLOCK);
        }
    }
}

/// The names in the open folder `dir` (without `.` and `..`), unsorted.
pub(crate) fn list(dir: &OwnedFd) -> io::Result<Vec<OsString>> {
    // fdopendir takes the descriptor it is given: a duplicate, so `dir` stays usable.
    // SAFETY: a valid descriptor; the duplicate is owned by the DIR stream below.
    let dup = unsafe { libc::fcntl(dir.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `dup` is a descriptor of a folder nobody else owns.
    let d = unsafe { libc::fdopendir(dup) };
    if d.is_null() {
        let e = io::Error::last_os_error();
        // SAFETY: fdopendir failed, so `dup` is still ours to close.
        unsafe { libc::close(dup) };
        return Err(e);
    }
    // The duplicate shares the position of `dir`: from the start, whatever was read.
    // SAFETY: `d` is a valid, open DIR stream.
    unsafe { libc::rewinddir(d) };
    let mut names = Vec::new();
    let result = loop {
        // SAFETY: errno is thread-local; readdir reports errors only through it.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `d` is a valid, open DIR stream.
        let ent = unsafe { libc::readdir(d) };
        if ent.is_null() {
            let e = io::Error::last_os_error();
            break if e.raw_os_error() == Some(0) {
                Ok(())
            } else {
                Err(e)
            };
        }
        // SAFETY: a valid dirent whose d_name is NUL-terminated; copied at once,
        // before the next readdir may reuse it.
        let name = unsafe { std::ffi::CStr::from_ptr((*ent).d_name.as_ptr()) };
        let b = name.to_bytes();
        if b != b"." && b != b".." {
            names.push(OsStr::from_bytes(b).to_os_string());
        }
    };
    // SAFETY: `d` is open and closed exactly once (this also closes `dup`).
    unsafe { libc::closedir(d) };
    result.map(|()| names)
}

/// The name of the special (pseudo) file system holding the open `f`, or `None` for an
/// ordinary one. On these, a file's size is not what reading it gives (`/proc/cpuinfo`
/// says 0 bytes and reads several KiB; sysfs files say 4096), so a seal of them would
/// ship empty or cut files (statfs(2) magic numbers, linux/magic.h).
pub(crate) fn special_fs(f: &impl AsRawFd) -> io::Result<Option<&'static str>> {
    let mut s = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: a valid descriptor and room for one `struct statfs`.
    if unsafe { libc::fstatfs(f.as_raw_fd(), s.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fstatfs succeeded.
    let magic = unsafe { s.assume_init() }.f_type as u64;
    Ok(SPECIAL_FS
        .iter()
        .find(|(m, _)| *m == magic)
        .map(|(_, name)| *name))
}

/// Pseudo file systems whose files are generated when read.
const SPECIAL_FS: &[(u64, &str)] = &[
    (0x9fa0, "proc"),
    (0x6265_6572, "sysfs"),
    (0x6462_6720, "debugfs"),
    (0x7472_6163, "tracefs"),
    (0x7363_6673, "securityfs"),
    (0x0027_e0eb, "cgroup"),
    (0x6367_7270, "cgroup2"),
    (0x6265_6570, "configfs"),
    (0xde5e_81e4, "efivarfs"),
    (0xcafe_4a11, "bpf"),
    (0x6165_676c, "pstore"),
    (0xf97c_ff8c, "selinuxfs"),
    (0x4341_5d53, "smackfs"),
    (0x6573_5543, "fusectl"),
    (0x4249_4e4d, "binfmt_misc"),
    (0x6e73_6673, "nsfs"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_through_a_descriptor_and_no_link_followed() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("a"), b"x").unwrap();
        std::os::unix::fs::symlink(d.path().join("sub"), d.path().join("link")).unwrap();
        let root = open_dir(None, d.path().as_os_str()).unwrap();
        let mut names = list(&root).unwrap();
        names.sort();
        assert_eq!(names, ["a", "link", "sub"]);
        // Listing twice gives the same (the duplicate shares the position: rewound).
        assert_eq!(list(&root).unwrap().len(), 3);
        let e = open_dir(Some(&root), OsStr::new("link")).unwrap_err();
        // Linux says ENOTDIR for a link opened with O_DIRECTORY | O_NOFOLLOW.
        assert!(
            matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR)),
            "{e}"
        );
        assert!(open_file(Some(&root), OsStr::new("link")).is_err());
        let f = open_file(Some(&root), OsStr::new("a")).unwrap();
        let s = stat_at(Some(&root), OsStr::new("a")).unwrap();
        assert!(s.is_file() && s.same(&Stamp::of(&f).unwrap()));
        assert!(!stat_at(Some(&root), OsStr::new("link")).unwrap().is_dir());
        assert_eq!(special_fs(&f).unwrap(), None);
        let p = File::open("/proc/self/status").unwrap();
        assert_eq!(special_fs(&p).unwrap(), Some("proc"));
    }
}
