//! The Windows side of [`crate::platform`]: Win32 through `windows-sys`, std where std
//! does it. Tested under Wine in CI (tests/it/windows.rs); what Wine cannot show (the
//! DACL, console close, UNC paths, reparse points on NTFS) is listed in SECURITY.md
//! ("On Windows").

use std::ffi::OsStr;
use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{AsHandle, AsRawHandle, BorrowedHandle};
use std::path::Path;

use windows_sys::Win32::Foundation as F;
use windows_sys::Win32::Storage::FileSystem as FS;

mod acl;
mod console;
mod fs;
mod paths;

pub use acl::*;
pub use console::*;
pub use fs::*;
pub use paths::*;

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
