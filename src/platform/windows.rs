//! The Windows side of [`crate::platform`]: Win32 through `windows-sys`, std where std
//! does it. Tested under Wine in CI (tests/it/windows.rs); what Wine cannot show (the
//! DACL, console close, UNC paths, reparse points on NTFS) is listed in SECURITY.md
//! ("On Windows").

use std::ffi::{OsStr, OsString};
use std::fs::{DirBuilder, File, Metadata, OpenOptions};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::{FileExt, OpenOptionsExt};
use std::os::windows::io::{AsHandle, AsRawHandle, BorrowedHandle};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use windows_sys::Win32::Foundation as F;
use windows_sys::Win32::Storage::FileSystem as FS;

use super::{Kind, Stamp};

/// `ERROR_STOPPED_ON_SYMLINK`: what isou reports for a reparse point (symbolic link,
/// junction, mount point) met where links are not followed.
const LINK_REFUSED: i32 = F::ERROR_STOPPED_ON_SYMLINK as i32;
/// `ERROR_DIRECTORY` ("The directory name is invalid"): not a folder.
const NOT_DIR: i32 = F::ERROR_DIRECTORY as i32;

pub(super) fn no_space_code(c: i32) -> bool {
    c == F::ERROR_DISK_FULL as i32 || c == F::ERROR_HANDLE_DISK_FULL as i32
}

/// Whether opening without following links failed because the name is a reparse point.
pub fn is_link_refused(e: &io::Error) -> bool {
    e.raw_os_error() == Some(LINK_REFUSED)
}

/// Whether a path did not lead to a folder where one was needed.
pub fn is_not_dir(e: &io::Error) -> bool {
    e.raw_os_error() == Some(NOT_DIR)
}

fn wide(p: &OsStr) -> Vec<u16> {
    p.encode_wide().chain(Some(0)).collect()
}

fn handle(h: BorrowedHandle<'_>) -> F::HANDLE {
    h.as_raw_handle() as F::HANDLE
}

// ---- free space, flushing, the cache -------------------------------------------------

/// Free bytes for this user on the volume holding `path` (`GetDiskFreeSpaceExW`, which
/// honours quotas).
pub fn free_space(path: &Path) -> Option<u64> {
    let w = wide(path.as_os_str());
    let mut avail = 0u64;
    // SAFETY: `w` is NUL-terminated and outlives the call; `avail` is a valid
    // out-pointer; the two other out-pointers may be null.
    let ok = unsafe {
        FS::GetDiskFreeSpaceExW(
            w.as_ptr(),
            &mut avail,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    (ok != 0).then_some(avail)
}

/// Dropping the cache before the read-back: not done on Windows. The only way is to
/// open with `FILE_FLAG_NO_BUFFERING`, which demands reads aligned to the sector size
/// in offset, length and buffer address — the read-back reads segments in stripes of
/// arbitrary length. So on Windows the read-back may be served from the system cache:
/// it proves the bytes went through the file system intact and were flushed
/// (`FlushFileBuffers` before), not that the medium returns them. Removable drives are
/// usually mounted with write caching off ("quick removal"), which narrows the gap.
/// See SECURITY.md, "On Windows".
pub fn drop_cache(_f: &File, _offset: u64, _len: u64) {}

/// Flushes every file under the folder `dir` to the device: `FlushFileBuffers` per
/// file (Windows has no `syncfs` for an ordinary user; a volume handle needs
/// administrator rights). Reparse points are not followed.
pub fn flush_tree(dir: &Path) -> io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let ft = e.file_type()?;
        if ft.is_symlink() {
            continue;
        }
        if ft.is_dir() {
            flush_tree(&e.path())?;
        } else if ft.is_file() {
            OpenOptions::new()
                .write(true)
                .custom_flags(FS::FILE_FLAG_OPEN_REPARSE_POINT)
                .open(e.path())?
                .sync_all()?;
        }
    }
    Ok(())
}

/// A folder's own entries: nothing to flush separately on Windows (NTFS journals its
/// metadata; FAT and exFAT sticks write directory entries with the files, and
/// `FlushFileBuffers` of a folder handle is not supported everywhere).
pub fn flush_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

// ---- processes and accounts ------------------------------------------------------------

/// Whether the process `pid` is running: `OpenProcess` then `GetExitCodeProcess`
/// (`STILL_ACTIVE`). Access denied means it exists (another user's). A process that
/// exited with the code 259 (`STILL_ACTIVE`) itself is taken as alive: nothing of
/// it is removed, the safe side.
pub fn process_alive(pid: u32) -> bool {
    use windows_sys::Win32::System::Threading as T;
    // SAFETY: plain call; the handle returned (if any) is closed below.
    let h = unsafe { T::OpenProcess(T::PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
    if h.is_null() {
        // ERROR_INVALID_PARAMETER: no such process. Anything else: it may exist.
        return io::Error::last_os_error().raw_os_error()
            != Some(F::ERROR_INVALID_PARAMETER as i32);
    }
    let mut code = 0u32;
    // SAFETY: `h` is a valid process handle with query rights; `code` a valid
    // out-pointer.
    let ok = unsafe { T::GetExitCodeProcess(h, &mut code) };
    // SAFETY: `h` is ours and closed once.
    unsafe { F::CloseHandle(h) };
    ok == 0 || code == F::STILL_ACTIVE as u32
}

/// The OS account running isou (`GetUserNameW`), never `%USERNAME%`.
pub fn os_account() -> String {
    let mut buf = vec![0u16; 257];
    let mut len = buf.len() as u32;
    // SAFETY: `buf` holds `len` u16s; GetUserNameW writes at most that many and sets
    // `len` to the count written, NUL included.
    let ok = unsafe {
        windows_sys::Win32::System::WindowsProgramming::GetUserNameW(buf.as_mut_ptr(), &mut len)
    };
    if ok == 0 || len == 0 {
        return "unknown".into();
    }
    let name = String::from_utf16_lossy(&buf[..len as usize - 1]);
    if name.is_empty() || crate::untrusted::has_unsafe(&name) {
        "unknown".into()
    } else {
        name.chars().take(64).collect()
    }
}

/// No Unix user ids on Windows.
pub fn euid() -> Option<u32> {
    None
}

/// No Unix owner on Windows (the ACL is not judged).
pub fn owner(_m: &Metadata) -> Option<u32> {
    None
}

/// No Unix permission bits on Windows.
pub fn mode(_m: &Metadata) -> Option<u32> {
    None
}

/// std's `Metadata` carries no stable file id on Windows: see [`path_id`], [`file_id`].
pub fn meta_id(_m: &Metadata) -> Option<(u64, u64)> {
    None
}

/// Never called on Windows ([`owner`] is `None`).
pub fn account_name(uid: u32) -> String {
    format!("uid {uid}")
}

/// Volume serial number and file index of the file or folder `p` leads to.
pub fn path_id(p: &Path) -> Option<(u64, u64)> {
    let f = OpenOptions::new()
        .access_mode(0)
        .custom_flags(FS::FILE_FLAG_BACKUP_SEMANTICS)
        .open(p)
        .ok()?;
    file_id(&f)
}

fn info(h: BorrowedHandle<'_>) -> io::Result<FS::BY_HANDLE_FILE_INFORMATION> {
    // SAFETY: an all-zero BY_HANDLE_FILE_INFORMATION is valid plain data.
    let mut i: FS::BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: a valid open handle and a valid out-pointer.
    if unsafe { FS::GetFileInformationByHandle(handle(h), &mut i) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(i)
}

/// Volume serial number and file index of an open file or folder.
pub fn file_id(f: &File) -> Option<(u64, u64)> {
    let i = info(f.as_handle()).ok()?;
    Some((
        u64::from(i.dwVolumeSerialNumber),
        (u64::from(i.nFileIndexHigh) << 32) | u64::from(i.nFileIndexLow),
    ))
}

// ---- owner-only files ------------------------------------------------------------------

/// No mode on Windows: a folder gets its protected DACL from [`make_private_dir`].
pub fn owner_only_dir(_b: &mut DirBuilder) {}

/// No mode on Windows: the file gets its protected DACL from [`make_private`].
pub fn owner_only_file(_o: &mut OpenOptions) {}

/// A secret's file (an identity): opened with `WRITE_DAC` and shared with no one, so
/// [`make_private`] sets the protected DACL on this very handle and until then no
/// other handle can be opened on it — with the folder's inherited DACL a local user
/// who opened the new file in that window would keep a handle and read the key once
/// written (red team 20, finding 5).
pub fn secret_file(o: &mut OpenOptions) {
    o.share_mode(0).access_mode(
        FS::FILE_GENERIC_READ | FS::FILE_GENERIC_WRITE | FS::WRITE_DAC | FS::READ_CONTROL,
    );
}

/// Receipts: the folder's inherited ACL, as any file the user saves.
pub fn public_file(_o: &mut OpenOptions) {}

/// `o` opens a reparse point itself instead of what it points to; the caller then sees
/// a link in the metadata and refuses it.
pub fn no_follow(o: &mut OpenOptions) {
    o.custom_flags(FS::FILE_FLAG_OPEN_REPARSE_POINT);
}

/// A protected DACL with one entry, full control for the current user (inherited by
/// what is created inside a folder), on the object `h` opened with `WRITE_DAC` and
/// `READ_CONTROL` (setting a protected DACL reads the current descriptor first).
/// "Protected": the parent's entries (Users, Administrators…) are no longer inherited.
/// Administrators can still take ownership, as on every Windows system.
///
/// Only where the volume keeps ACLs (`FILE_PERSISTENT_ACLS`: NTFS, ReFS): FAT32 and
/// exFAT sticks have none, and there the file is left as any file on the stick
/// (readable by whoever holds the stick, which is why only ciphertext goes there).
fn owner_only_dacl(h: F::HANDLE, inherit: bool) -> io::Result<()> {
    const FILE_PERSISTENT_ACLS: u32 = 0x8;
    let mut fs_flags = 0u32;
    // SAFETY: a valid handle; only the flags out-pointer is given, the buffers are
    // null with size 0.
    let known = unsafe {
        FS::GetVolumeInformationByHandleW(
            h,
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut fs_flags,
            std::ptr::null_mut(),
            0,
        )
    } != 0;
    if known && fs_flags & FILE_PERSISTENT_ACLS == 0 {
        return Ok(());
    }
    use windows_sys::Win32::Security as S;
    use windows_sys::Win32::Security::Authorization as A;
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};
    let mut token: F::HANDLE = std::ptr::null_mut();
    // SAFETY: the pseudo-handle of this process; `token` a valid out-pointer, closed
    // below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), S::TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // TOKEN_USER followed by the SID it points to; u64 elements keep it aligned.
    let mut user = vec![0u64; 128];
    let mut len = 0u32;
    // SAFETY: `user` has room for 1024 bytes, the length passed; `len` is an
    // out-pointer.
    let ok = unsafe {
        S::GetTokenInformation(
            token,
            S::TokenUser,
            user.as_mut_ptr().cast(),
            (user.len() * 8) as u32,
            &mut len,
        )
    };
    let err = io::Error::last_os_error();
    // SAFETY: `token` is ours and closed once.
    unsafe { F::CloseHandle(token) };
    if ok == 0 {
        return Err(err);
    }
    // SAFETY: GetTokenInformation(TokenUser) filled `user` with a TOKEN_USER whose SID
    // pointer points into the same buffer, alive until the end of this function.
    let sid = unsafe { (*(user.as_ptr() as *const S::TOKEN_USER)).User.Sid };
    // ACL header, one ACCESS_ALLOWED_ACE (its SidStart u32 overlaps the SID) and the
    // SID: well within 1024 bytes.
    // SAFETY: `sid` is a valid SID (above).
    let sid_len = unsafe { S::GetLengthSid(sid) } as usize;
    let acl_len =
        std::mem::size_of::<S::ACL>() + std::mem::size_of::<S::ACCESS_ALLOWED_ACE>() + sid_len;
    let mut acl = vec![0u64; acl_len.div_ceil(8)];
    let pacl = acl.as_mut_ptr() as *mut S::ACL;
    let flags = if inherit {
        S::OBJECT_INHERIT_ACE | S::CONTAINER_INHERIT_ACE
    } else {
        0
    };
    // SAFETY: `acl` is at least `acl_len` bytes, 8-aligned, and alive for the calls;
    // `sid` is valid.
    let built = unsafe {
        S::InitializeAcl(pacl, acl_len as u32, S::ACL_REVISION) != 0
            && S::AddAccessAllowedAceEx(pacl, S::ACL_REVISION, flags, FS::FILE_ALL_ACCESS, sid) != 0
    };
    if !built {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `h` is a valid handle opened with WRITE_DAC; `pacl` is a valid ACL; the
    // owner, group and SACL are not changed (null).
    let r = unsafe {
        A::SetSecurityInfo(
            h,
            A::SE_FILE_OBJECT,
            S::DACL_SECURITY_INFORMATION | S::PROTECTED_DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            pacl,
            std::ptr::null(),
        )
    };
    if r != F::ERROR_SUCCESS {
        return Err(io::Error::from_raw_os_error(r as i32));
    }
    Ok(())
}

/// Makes an open file the current user's only: a protected DACL granting only this
/// user full control, set through a second handle with `WRITE_DAC` (`ReOpenFile`; the
/// creator owns the file, and an owner may always change its DACL). Errors are
/// returned: a key or output that cannot be made private is not written.
pub fn make_private(f: &File) -> io::Result<()> {
    // A file opened through [`owner_only_file`] has WRITE_DAC itself, and no second
    // handle can be opened on it (shared with no one): set the DACL on it directly.
    match owner_only_dacl(handle(f.as_handle()), false) {
        Err(e) if e.raw_os_error() == Some(F::ERROR_ACCESS_DENIED as i32) => {}
        r => return r,
    }
    // SAFETY: `f` is a valid open handle; ReOpenFile returns a new handle (closed
    // below) or INVALID_HANDLE_VALUE.
    let h = unsafe {
        FS::ReOpenFile(
            handle(f.as_handle()),
            FS::WRITE_DAC | FS::READ_CONTROL | FS::FILE_READ_ATTRIBUTES,
            FS::FILE_SHARE_READ | FS::FILE_SHARE_WRITE | FS::FILE_SHARE_DELETE,
            0,
        )
    };
    if h == F::INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    let r = owner_only_dacl(h, false);
    // SAFETY: `h` is ours and closed once.
    unsafe { F::CloseHandle(h) };
    r
}

/// Makes the folder `p` the current user's only, inherited by what is made in it.
pub fn make_private_dir(p: &Path) -> io::Result<()> {
    let d = OpenOptions::new()
        .access_mode(FS::WRITE_DAC | FS::READ_CONTROL | FS::FILE_READ_ATTRIBUTES)
        .custom_flags(FS::FILE_FLAG_BACKUP_SEMANTICS)
        .open(p)?;
    owner_only_dacl(handle(d.as_handle()), true)
}

/// Whether group or others may read a file with permission bits `mode` (never called
/// on Windows: [`mode`] is `None`).
pub fn loose(_mode: u32) -> bool {
    false
}

/// Whether `p` may be written (not read-only).
pub fn writable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
}

// ---- opening without following links --------------------------------------------------

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
/// point ([`is_link_refused`]) or anything not a folder ([`is_not_dir`]).
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
/// ([`is_link_refused`]); the caller checks with [`stamp_of`] that it is the regular
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
    /// Refusing a reparse point ([`is_link_refused`]) or a file ([`is_not_dir`]).
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

/// A path from the command line, made unambiguous or refused (message in the language
/// of the run):
/// - `E:` alone is the drive's root `E:\` (what a clerk types for a USB stick; Windows
///   would take it as the current folder of drive E:, which cmd.exe keeps per drive);
/// - drive-relative paths (`E:foo`, and `\foo` relative to the current drive) are
///   refused: which folder they name depends on state the clerk cannot see;
/// - device paths (`\\?\…`, `\\.\…`) are refused: they bypass the normalisation the
///   checks rely on, and `\\.\E:` is the raw volume, not a folder;
/// - UNC paths (`\\server\share\…`) are refused: the manual (§1.3⑦) keeps identifiable
///   data on stand-alone PCs and moves it on media, and over SMB neither the flush nor
///   the held-folder checks are guaranteed.
///
/// Relative paths below the current folder (`extract`, `.\extract`) and absolute
/// ones (`C:\data`) pass unchanged; names are UTF-16 through std (Japanese included).
pub fn check_path(p: &Path) -> Result<PathBuf, String> {
    use std::path::{Component, Prefix};
    let shown = p.display().to_string();
    // A name Win32 would change or read as a stream or device (`out.`, `key:ads`,
    // `NUL`): the file written would not be the one isou names (red team 20, finding 6).
    for c in p.components() {
        if let Component::Normal(n) = c {
            if n.to_str().and_then(super::windows_name_problem).is_some() {
                return Err(crate::tr!(
                    "cli-path-windows-name",
                    path = shown.clone(),
                    name = n.to_string_lossy().into_owned()
                ));
            }
        }
    }
    let mut parts = p.components();
    match parts.next() {
        Some(Component::Prefix(pre)) => match pre.kind() {
            Prefix::Disk(d) => {
                let drive = format!("{}:", d as char);
                // `E:.` is drive E:'s current folder, not its root (std drops the
                // `.`, red team 20 finding 7): only `E:` alone or `E:\…` pass.
                let rest = shown.get(2..).unwrap_or("");
                if !rest.is_empty() && !rest.starts_with(['\\', '/']) {
                    return Err(crate::tr!(
                        "cli-path-drive-relative",
                        path = shown,
                        drive = drive
                    ));
                }
                match parts.next() {
                    Some(Component::RootDir) => Ok(p.to_path_buf()),
                    None => Ok(PathBuf::from(format!("{drive}\\"))),
                    Some(_) => Err(crate::tr!(
                        "cli-path-drive-relative",
                        path = shown,
                        drive = drive
                    )),
                }
            }
            Prefix::UNC(..) | Prefix::VerbatimUNC(..) => {
                Err(crate::tr!("cli-path-unc", path = shown))
            }
            _ => Err(crate::tr!("cli-path-device", path = shown)),
        },
        Some(Component::RootDir) => Err(crate::tr!(
            "cli-path-drive-relative",
            path = shown,
            drive = std::env::current_dir()
                .ok()
                .and_then(|d| d.to_str().map(|s| s.chars().take(2).collect::<String>()))
                .unwrap_or_else(|| "C:".into())
        )),
        _ => Ok(p.to_path_buf()),
    }
}

// ---- paths as bytes ----------------------------------------------------------------------

/// A path as UTF-8 bytes with `/` separators (for a `file:` URI).
pub fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().replace('\\', "/").into_bytes()
}

/// A file name from bytes: UTF-8 only on Windows.
pub fn os_string_from_bytes(b: Vec<u8>) -> Option<OsString> {
    String::from_utf8(b).ok().map(OsString::from)
}

// ---- the process and its console ------------------------------------------------------

/// Nothing on Windows: no core dumps are written unless Windows Error Reporting is
/// set up to keep full dumps, which is a machine's setting (SECURITY.md).
pub fn harden_process() {}

/// Makes the console show UTF-8: `SetConsoleOutputCP(65001)` and `SetConsoleCP(65001)`
/// (the classic console starts in the OEM code page, 932 on Japanese Windows, and
/// std writes UTF-8 to a console as UTF-16 anyway, but what child tools and
/// redirected output see depends on it). Failures (no console) are ignored.
pub fn console_utf8() {
    use windows_sys::Win32::System::Console as C;
    // SAFETY: plain calls with a constant code page.
    unsafe {
        C::SetConsoleOutputCP(65001);
        C::SetConsoleCP(65001);
    }
}

static INTERRUPT: OnceLock<fn()> = OnceLock::new();

unsafe extern "system" fn on_ctrl(_event: u32) -> windows_sys::core::BOOL {
    // Runs on a thread Windows starts for the event. For Ctrl-C and Ctrl-Break the
    // process lives on; for the console closed, log-off and shutdown Windows ends it
    // once this returns (or after about 5 s): `f` removes what must go and exits
    // itself, before returning.
    if let Some(f) = INTERRUPT.get() {
        f();
    }
    1
}

/// Calls `f` (which ends the process) on Ctrl-C, Ctrl-Break, the console window
/// closed, log-off and shutdown (`SetConsoleCtrlHandler`), synchronously in the
/// handler, so the cleanup runs before Windows ends the process.
pub fn on_interrupt(f: fn()) {
    if INTERRUPT.set(f).is_ok() {
        // SAFETY: `on_ctrl` is a valid handler for the life of the process.
        unsafe {
            windows_sys::Win32::System::Console::SetConsoleCtrlHandler(Some(on_ctrl), 1);
        }
    }
}

/// The width of the console window on standard output or error.
pub fn terminal_columns() -> Option<usize> {
    use windows_sys::Win32::System::Console as C;
    [C::STD_OUTPUT_HANDLE, C::STD_ERROR_HANDLE]
        .into_iter()
        .find_map(|which| {
            // SAFETY: plain call; the handle is not owned (not closed).
            let h = unsafe { C::GetStdHandle(which) };
            // SAFETY: an all-zero CONSOLE_SCREEN_BUFFER_INFO is valid plain data.
            let mut i: C::CONSOLE_SCREEN_BUFFER_INFO = unsafe { std::mem::zeroed() };
            // SAFETY: `i` is a valid out-pointer; an invalid handle only fails.
            if unsafe { C::GetConsoleScreenBufferInfo(h, &mut i) } == 0 {
                return None;
            }
            let w = i.srWindow.Right - i.srWindow.Left + 1;
            (w > 0).then_some(w as usize)
        })
}

/// No address-space limit on Windows.
pub fn address_space_limit() -> Option<u64> {
    None
}

/// The console, to prompt on.
pub const TERMINAL: &str = "CONIN$";
/// The console, to show a generated passphrase on.
pub const TERMINAL_OUT: &str = "CONOUT$";
