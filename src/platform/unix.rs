//! The Unix (Linux) side of [`crate::platform`]: system calls through `rustix`.

use std::ffi::{OsStr, OsString};
use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::num::NonZeroU64;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use rustix::fs::{Mode, OFlags, CWD};
use rustix::io::Errno;

use super::{Kind, Stamp};

pub(super) fn no_space_code(c: i32) -> bool {
    c == Errno::NOSPC.raw_os_error() || c == Errno::DQUOT.raw_os_error()
}

fn is(e: &io::Error, errno: Errno) -> bool {
    e.raw_os_error() == Some(errno.raw_os_error())
}

/// Whether opening without following links failed because the name is a link
/// (`ELOOP`).
pub fn is_link_refused(e: &io::Error) -> bool {
    is(e, Errno::LOOP)
}

/// Whether a path did not lead to a folder where one was needed (`ENOTDIR`).
pub fn is_not_dir(e: &io::Error) -> bool {
    is(e, Errno::NOTDIR)
}

// ---- free space, flushing, the cache -------------------------------------------------

/// Free bytes for an unprivileged user on the file system holding `path` (`statvfs`).
pub fn free_space(path: &Path) -> Option<u64> {
    let s = rustix::fs::statvfs(path).ok()?;
    Some(s.f_bavail.saturating_mul(s.f_frsize))
}

/// Asks the kernel to forget the cached pages of `f` from `offset` for `len` bytes
/// (0: to the end), so the next read comes from the medium itself, as burning software
/// verifies a disc (`posix_fadvise(POSIX_FADV_DONTNEED)`). Advice only: pages that
/// are dirty or mapped stay, which is why the files were flushed before.
pub fn drop_cache(f: &File, offset: u64, len: u64) {
    let _ = rustix::fs::fadvise(
        f,
        offset,
        NonZeroU64::new(len),
        rustix::fs::Advice::DontNeed,
    );
}

/// Flushes everything written under the folder `dir` to the device: Linux `syncfs`,
/// one call for the whole file system holding it (an fsync per file costs minutes for
/// many files).
pub fn flush_tree(dir: &Path) -> io::Result<()> {
    let d = File::open(dir)?;
    rustix::fs::syncfs(&d)?;
    Ok(())
}

/// Flushes a folder's own entries (names made, renamed or removed in it): fsync of the
/// folder.
pub fn flush_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

// ---- processes and accounts ------------------------------------------------------------

/// Whether the process `pid` exists (`kill(pid, 0)`: sends nothing; `EPERM` means it
/// exists under another user). A number that is not a valid pid counts as alive, so
/// nothing unknown is removed.
pub fn process_alive(pid: u32) -> bool {
    let Some(p) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return true;
    };
    match rustix::process::test_kill_process(p) {
        Ok(()) => true,
        Err(e) => e == Errno::PERM,
    }
}

/// The login name of the real uid (`getpwuid_r`), or `uid N` when it has no passwd
/// entry.
pub fn os_account() -> String {
    account_name(rustix::process::getuid().as_raw())
}

/// The effective user id, to compare owners with.
pub fn euid() -> Option<u32> {
    Some(rustix::process::geteuid().as_raw())
}

/// The owner (uid) of a file.
pub fn owner(m: &Metadata) -> Option<u32> {
    Some(m.uid())
}

/// The permission bits of a file (`mode & 0o7777`).
pub fn mode(m: &Metadata) -> Option<u32> {
    Some(m.mode() & 0o7777)
}

/// Device and inode of what `m` describes: the same pair is the same file.
pub fn meta_id(m: &Metadata) -> Option<(u64, u64)> {
    Some((m.dev(), m.ino()))
}

/// Device and inode of the file `p` leads to (following links).
pub fn path_id(p: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(p).ok().and_then(|m| meta_id(&m))
}

/// Device and inode of an open file.
pub fn file_id(f: &File) -> Option<(u64, u64)> {
    f.metadata().ok().and_then(|m| meta_id(&m))
}

/// The login name of `uid` (`getpwuid_r`), or `uid N` when it has no passwd entry.
pub fn account_name(uid: u32) -> String {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: a zeroed passwd is a valid out-parameter (plain pointers and ints).
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is valid for the call, and buf's length is passed; the
        // strings in pwd point into buf, which outlives their use below.
        let rc = unsafe {
            libc::getpwuid_r(
                uid,
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && buf.len() < 1 << 20 {
            let n = buf.len() * 2;
            buf.resize(n, 0);
            continue;
        }
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return format!("uid {uid}");
        }
        // SAFETY: getpwuid_r succeeded and pw_name (checked non-null) is a
        // NUL-terminated string inside buf, which is alive and unchanged here.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        return match name.to_str() {
            // A passwd entry is outside input too (NSS, LDAP): one plain, bounded line,
            // as every record value must be.
            Ok(n) if !n.is_empty() && !crate::untrusted::has_unsafe(n) => {
                n.chars().take(64).collect()
            }
            _ => format!("uid {uid}"),
        };
    }
}

// ---- owner-only files ------------------------------------------------------------------

/// New folders made by `b` are the owner's only (0700).
pub fn owner_only_dir(b: &mut DirBuilder) {
    b.mode(0o700);
}

/// A file created by `o` is the owner's only (0600; the umask can only take bits
/// away). Use with `create_new`.
pub fn owner_only_file(o: &mut OpenOptions) {
    o.mode(0o600);
}

/// A secret's file (an identity): 0600 from its creation, as [`owner_only_file`].
pub fn secret_file(o: &mut OpenOptions) {
    owner_only_file(o);
}

/// A file created by `o` is readable by all (0644): receipts, nothing secret.
pub fn public_file(o: &mut OpenOptions) {
    o.mode(0o644);
}

/// `o` does not follow a symbolic link in the last component (`O_NOFOLLOW`).
pub fn no_follow(o: &mut OpenOptions) {
    o.custom_flags(libc::O_NOFOLLOW);
}

/// Makes an open file the owner's only whatever the umask was (0600 set outright).
pub fn make_private(f: &File) -> io::Result<()> {
    rustix::fs::fchmod(f, Mode::from_raw_mode(0o600))?;
    Ok(())
}

/// Makes the folder `p` the owner's only whatever the umask (0700 set outright).
pub fn make_private_dir(p: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700))
}

/// Whether group or others may read or write a file with permission bits `mode`.
pub fn loose(mode: u32) -> bool {
    mode & 0o077 != 0
}

/// Whether this process may write `p` (access(2) with the real ids: isou is not
/// set-uid).
pub fn writable(p: &Path) -> bool {
    rustix::fs::access(p, rustix::fs::Access::WRITE_OK).is_ok()
}

// ---- opening without following links --------------------------------------------------

/// A folder held open: what is opened relative to it stays inside it, wherever it
/// is moved.
pub type DirHandle = OwnedFd;

/// Opens the folder the user named (following links there: the user's choice) as the
/// root of a walk.
pub fn open_root(p: &Path) -> io::Result<DirHandle> {
    Ok(File::open(p)?.into())
}

fn at(dir: Option<&DirHandle>) -> rustix::fd::BorrowedFd<'_> {
    dir.map_or(CWD, |d| d.as_fd())
}

fn stamp(st: &rustix::fs::Stat) -> Stamp {
    let kind = match rustix::fs::FileType::from_raw_mode(st.st_mode) {
        rustix::fs::FileType::RegularFile => Kind::File,
        rustix::fs::FileType::Directory => Kind::Dir,
        rustix::fs::FileType::Symlink => Kind::Link,
        _ => Kind::Other,
    };
    Stamp {
        dev: st.st_dev,
        ino: st.st_ino,
        kind,
        size: st.st_size as u64,
        mtime: st.st_mtime,
        mtime_nsec: st.st_mtime_nsec,
    }
}

/// What an open file or folder is (`fstat`).
pub fn stamp_of(f: &impl AsFd) -> io::Result<Stamp> {
    Ok(stamp(&rustix::fs::fstat(f)?))
}

/// `fstatat(dir, name, AT_SYMLINK_NOFOLLOW)`; `dir` `None` is the current folder.
pub fn stat_at(dir: Option<&DirHandle>, name: &OsStr) -> io::Result<Stamp> {
    Ok(stamp(&rustix::fs::statat(
        at(dir),
        name,
        rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
    )?))
}

fn open_at(dir: Option<&DirHandle>, name: &OsStr, flags: OFlags) -> io::Result<File> {
    let fd = rustix::fs::openat(at(dir), name, flags | OFlags::CLOEXEC, Mode::empty())?;
    Ok(File::from(fd))
}

/// Opens the folder `name` in `dir` without following a link ([`is_link_refused`] or
/// [`is_not_dir`] if it is one, [`is_not_dir`] if it is not a folder).
pub fn open_dir_at(dir: Option<&DirHandle>, name: &OsStr) -> io::Result<DirHandle> {
    open_at(
        dir,
        name,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW,
    )
    .map(OwnedFd::from)
}

/// Opens the file `name` in `dir` for reading without following a link and without
/// blocking on a FIFO or taking a terminal; the caller checks with [`stamp_of`] that
/// it is the regular file it expects, then calls [`blocking`].
pub fn open_file_at(dir: Option<&DirHandle>, name: &OsStr) -> io::Result<File> {
    open_at(
        dir,
        name,
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY,
    )
}

/// Puts a regular file opened without blocking back into blocking mode (regular files
/// never block; this only keeps reads ordinary).
pub fn blocking(f: &File) {
    if let Ok(flags) = rustix::fs::fcntl_getfl(f) {
        let _ = rustix::fs::fcntl_setfl(f, flags - OFlags::NONBLOCK);
    }
}

/// The names in the open folder `dir` (without `.` and `..`), unsorted. Reads through
/// a descriptor of its own, from the start, so `dir` stays usable.
pub fn list(dir: &DirHandle) -> io::Result<Vec<OsString>> {
    let mut names = Vec::new();
    for e in rustix::fs::Dir::read_from(dir)? {
        let e = e?;
        let b = e.file_name().to_bytes();
        if b != b"." && b != b".." {
            names.push(OsStr::from_bytes(b).to_os_string());
        }
    }
    Ok(names)
}

/// The name of the special (pseudo) file system holding the open `f`, or `None` for an
/// ordinary one. On these, a file's size is not what reading it gives (`/proc/cpuinfo`
/// says 0 bytes and reads several KiB; sysfs files say 4096), so a seal of them would
/// ship empty or cut files (statfs(2) magic numbers, linux/magic.h).
pub fn special_fs(f: &impl AsFd) -> io::Result<Option<&'static str>> {
    let magic = rustix::fs::fstatfs(f)?.f_type as u64;
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

/// `o` opens without blocking on a FIFO and without taking a terminal, and without
/// following a link in the last component unless `follow`.
pub fn no_block(o: &mut OpenOptions, follow: bool) {
    let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    o.custom_flags(flags);
}

/// What a file that is neither regular, folder nor link is, in English words.
pub fn special_kind(ft: &std::fs::FileType) -> Option<&'static str> {
    if ft.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if ft.is_char_device() || ft.is_block_device() {
        Some("a device")
    } else if ft.is_socket() {
        Some("a socket")
    } else {
        None
    }
}

/// Whether `ft` is a block device (an optical drive read directly).
pub fn is_block_device(ft: &std::fs::FileType) -> bool {
    ft.is_block_device()
}

// ---- holding folders -------------------------------------------------------------------

/// How [`hold_dir`] opens a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Following a link to it (the user's own links).
    Follow,
    /// Refusing a link swapped in ([`is_link_refused`] or [`is_not_dir`]).
    NoFollow,
    /// Only to reach what is in it (`O_PATH`: needs no read permission).
    PathOnly,
}

/// Opens the folder `p` and returns it with a path that leads to it wherever it is
/// moved: `/proc/self/fd/N` (fails with `Unsupported` without /proc).
pub fn hold_dir(p: &Path, how: Hold) -> io::Result<(File, PathBuf)> {
    let flags = match how {
        Hold::Follow => libc::O_DIRECTORY,
        Hold::NoFollow => libc::O_DIRECTORY | libc::O_NOFOLLOW,
        Hold::PathOnly => libc::O_PATH | libc::O_DIRECTORY,
    };
    let dir = OpenOptions::new()
        .read(true)
        .custom_flags(flags | libc::O_CLOEXEC)
        .open(p)?;
    let through = PathBuf::from(format!("/proc/self/fd/{}", dir.as_raw_fd()));
    if !through.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "/proc is not mounted: the folder cannot be held by descriptor",
        ));
    }
    Ok((dir, through))
}

/// Where a held folder is now (its canonical path), from the path [`hold_dir`] gave.
pub fn held_now(through: &Path) -> io::Result<PathBuf> {
    std::fs::read_link(through)
}

/// Renames `src` to `dst` unless something is there (`renameat2` with
/// `RENAME_NOREPLACE`): a folder made at `dst` meanwhile is never replaced.
pub fn rename_noreplace(src: &Path, dst: &Path) -> io::Result<()> {
    rustix::fs::renameat_with(CWD, src, CWD, dst, rustix::fs::RenameFlags::NOREPLACE)?;
    Ok(())
}

// ---- files read and written at an offset -----------------------------------------------

/// Reads and writes at an offset without a shared cursor (`pread`/`pwrite`).
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
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }
    fn read_exact_at_offset(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buf, offset)
    }
    fn write_all_at_offset(&self, buf: &[u8], offset: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::write_all_at(self, buf, offset)
    }
}

/// A path from the command line, as it is (every path has one meaning on Unix).
pub fn check_path(p: &Path) -> Result<PathBuf, String> {
    Ok(p.to_path_buf())
}

// ---- paths as bytes ----------------------------------------------------------------------

/// A path's bytes as the system has them.
pub fn path_bytes(p: &Path) -> Vec<u8> {
    p.as_os_str().as_bytes().to_vec()
}

/// A file name from bytes (any bytes on Unix).
pub fn os_string_from_bytes(b: Vec<u8>) -> Option<OsString> {
    Some(OsString::from_vec(b))
}

// ---- the passphrase descriptor -------------------------------------------------------

/// The descriptor `fd` that the user named for a passphrase (`--passphrase-fd 3` with
/// `3<file`), taken over: `None` when that number is not open. The caller reads it
/// once, and it is closed when the `File` is dropped.
pub fn take_fd(fd: i32) -> Option<File> {
    if fd < 0 {
        return None;
    }
    // SAFETY: only used for the duration of the F_GETFD query below; the number is
    // not known to be open yet, and fcntl on a closed number fails with EBADF without
    // touching anything.
    let borrowed = unsafe { rustix::fd::BorrowedFd::borrow_raw(fd) };
    rustix::io::fcntl_getfd(borrowed).ok()?;
    // SAFETY: the descriptor is open (F_GETFD succeeded) and was handed to this process
    // by the user for isou to read; nothing else in isou owns it (isou never opens a
    // descriptor it would not own through a std type, and this is called once per run
    // by `PassphraseSource::read`, which keeps what it read), so taking ownership here
    // and closing it once is sound.
    Some(File::from(unsafe {
        <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd)
    }))
}

// ---- the process and its console ------------------------------------------------------

/// Keeps the keys out of core dumps, first thing: with `ulimit -c unlimited`, `kill
/// -QUIT` during `decrypt` wrote a core holding the X25519 secret and the Ed25519 seed
/// (issue 13). `PR_SET_DUMPABLE 0` also stops other processes of the same user from
/// reading this one's memory through ptrace or /proc/PID/mem; `RLIMIT_CORE 0` covers
/// systems where a dump handler ignores the dumpable flag (CWE-528, CWE-226). Neither
/// can fail in a way isou could do anything about, so failures are ignored.
pub fn harden_process() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
}

/// Makes the console show UTF-8 (nothing to do on Unix: the terminal's locale decides).
pub fn console_utf8() {}

/// Calls `f` (which ends the process) on Ctrl-C (SIGINT), SIGTERM and SIGHUP (the
/// terminal closed), through the `ctrlc` crate's handler thread.
pub fn on_interrupt(f: fn()) {
    let _ = ctrlc::set_handler(f);
}

/// The width of the terminal on standard output or error.
pub fn terminal_columns() -> Option<usize> {
    let width = |fd: rustix::fd::BorrowedFd<'_>| {
        rustix::termios::tcgetwinsize(fd)
            .ok()
            .filter(|ws| ws.ws_col > 0)
            .map(|ws| usize::from(ws.ws_col))
    };
    // Only the descriptors are asked for their size; nothing is printed here.
    #[allow(clippy::disallowed_methods)]
    let out = io::stdout();
    width(out.as_fd()).or_else(|| width(io::stderr().as_fd()))
}

/// The process's address-space limit (`RLIMIT_AS`), if one is set.
pub fn address_space_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::As).current
}

/// A FIFO at `p` (tests of special files).
#[cfg(test)]
pub fn make_fifo(p: &Path) -> io::Result<()> {
    rustix::fs::mknodat(
        CWD,
        p,
        rustix::fs::FileType::Fifo,
        Mode::from_raw_mode(0o600),
        0,
    )?;
    Ok(())
}

/// The controlling terminal, to prompt on.
pub const TERMINAL: &str = "/dev/tty";
/// The controlling terminal, to show a generated passphrase on.
pub const TERMINAL_OUT: &str = "/dev/tty";
