//! Owner-only files and folders on Windows: the modes Unix sets become a protected
//! DACL with one entry for the current user, where the volume keeps ACLs.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::AsHandle;
use std::path::Path;

use windows_sys::Win32::Foundation as F;
use windows_sys::Win32::Storage::FileSystem as FS;

use super::handle;

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
/// on Windows: [`mode`](super::mode) is `None`).
pub fn loose(_mode: u32) -> bool {
    false
}

/// Whether `p` may be written (not read-only).
pub fn writable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
}
