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
//! modification time. The system calls are in [`crate::platform`] (on Windows the
//! folders are held open without delete sharing, so they cannot be renamed or replaced
//! while the walk holds them, and reparse points are refused).

pub(crate) use crate::platform::{
    blocking, list, open_dir_at as open_dir, open_file_at as open_file, special_fs, stamp_of,
    stat_at, DirHandle, Stamp,
};

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::fs::File;

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
            crate::platform::is_link_refused(&e) || crate::platform::is_not_dir(&e),
            "{e}"
        );
        assert!(open_file(Some(&root), OsStr::new("link")).is_err());
        let f = open_file(Some(&root), OsStr::new("a")).unwrap();
        let s = stat_at(Some(&root), OsStr::new("a")).unwrap();
        assert!(s.is_file() && s.same(&stamp_of(&f).unwrap()));
        assert!(!stat_at(Some(&root), OsStr::new("link")).unwrap().is_dir());
        assert_eq!(special_fs(&f).unwrap(), None);
        let p = File::open("/proc/self/status").unwrap();
        assert_eq!(special_fs(&p).unwrap(), Some("proc"));
    }
}
