//! Where the output goes: a new folder or an empty one of the user's, held open by
//! descriptor, and the private folders and files written in it.

use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::OpenError;

/// Where the output goes (issue 15: a pre-created empty `--out` was refused, a missing
/// parent reported as a disk fault).
pub(super) enum Target {
    /// `--out` does not exist: the staging folder is made in `parent` and renamed to it.
    /// Only `--out` itself is made, never a folder above it: a typo in a parent would
    /// otherwise put plaintext in a tree nobody meant, unnoticed. `parent` is held open
    /// and reached only through `/proc/self/fd/N` (`through`): renamed while open runs,
    /// the staging folder goes with it and is still finished or removed whole (red team
    /// 15, finding 05); another folder put at its path is never written (CWE-367).
    New {
        /// The folder `--out` is made in, as given (for messages).
        parent: PathBuf,
        /// The folder, open (`O_PATH`: only to reach what is inside).
        dir: fs::File,
        /// A path to it through the descriptor.
        through: PathBuf,
        /// The output folder's name in it.
        name: std::ffi::OsString,
    },
    /// `--out` is an empty folder of the user's (never a link, nobody else may write
    /// to it), held open by descriptor: the staging folder is made inside it and its
    /// entries moved up, all through `/proc/self/fd/N` (`through`), so a folder swapped
    /// in under its name afterwards is never written (CWE-367). A mount point of an
    /// encrypted volume is the case this is for: renaming over it would fail.
    Existing {
        /// The folder, open.
        dir: fs::File,
        /// A path to it through the descriptor.
        through: PathBuf,
    },
}

/// Decides where the output goes ([`Target`]), or why it cannot.
pub(super) fn output_target(out: &Path) -> Result<Target, OpenError> {
    match fs::symlink_metadata(out) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(OpenError::OutputUnsafe {
                out: out.to_path_buf(),
                why: crate::tr!("open-output-symlink"),
            })
        }
        Ok(m) if !m.is_dir() => return Err(OpenError::OutputExists(out.to_path_buf())),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound || crate::platform::is_not_dir(&e) => {
            let parent = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            return match fs::metadata(&parent) {
                Ok(m) if m.is_dir() => {
                    let name = out.file_name().ok_or_else(|| {
                        OpenError::Io(io::Error::new(
                            io::ErrorKind::InvalidInput,
                            "--out does not end in a folder name",
                        ))
                    })?;
                    let (dir, through) = hold_folder(&parent).map_err(OpenError::Io)?;
                    Ok(Target::New {
                        parent,
                        dir,
                        through,
                        name: name.to_os_string(),
                    })
                }
                Ok(_) => Err(OpenError::OutputParentMissing {
                    out: out.to_path_buf(),
                    missing: parent,
                    not_a_folder: true,
                }),
                Err(_) => {
                    // A file on the way (ENOTDIR) is named as such; else the parent,
                    // which `mkdir -p` makes with everything above it.
                    let file_above = parent
                        .ancestors()
                        .skip(1)
                        .filter(|a| !a.as_os_str().is_empty())
                        .find_map(|a| fs::metadata(a).ok().map(|m| (a, m)))
                        .filter(|(_, m)| !m.is_dir())
                        .map(|(a, _)| a.to_path_buf());
                    Err(OpenError::OutputParentMissing {
                        out: out.to_path_buf(),
                        not_a_folder: file_above.is_some(),
                        missing: file_above.unwrap_or(parent),
                    })
                }
            };
        }
        Err(e) => return Err(OpenError::Io(e)),
    }
    // An existing folder: opened without following a link swapped in since the look
    // above, and judged by what was opened.
    let (dir, through) =
        crate::platform::hold_dir(out, crate::platform::Hold::NoFollow).map_err(|e| {
            if crate::platform::is_link_refused(&e) || crate::platform::is_not_dir(&e) {
                OpenError::OutputExists(out.to_path_buf())
            } else if e.kind() == io::ErrorKind::Unsupported {
                // No /proc: the folder cannot be written through its descriptor.
                OpenError::OutputExists(out.to_path_buf())
            } else {
                OpenError::Io(e)
            }
        })?;
    let m = dir.metadata().map_err(OpenError::Io)?;
    let unsafe_because = |why: &str| OpenError::OutputUnsafe {
        out: out.to_path_buf(),
        why: why.into(),
    };
    // The Unix owner and mode; on Windows neither is read (see SECURITY.md "On
    // Windows": the folder's ACL is not judged).
    if let (Some(uid), Some(me)) = (crate::platform::owner(&m), crate::platform::euid()) {
        if uid != me {
            return Err(unsafe_because(&crate::tr!("open-output-other-owner")));
        }
    }
    if let Some(mode) = crate::platform::mode(&m).filter(|m| m & 0o022 != 0) {
        let shown = format!("{mode:o}");
        return Err(unsafe_because(&if mode & 0o002 != 0 {
            crate::tr!("open-output-writable-all", mode = shown)
        } else {
            crate::tr!("open-output-writable-group", mode = shown)
        }));
    }
    Ok(Target::Existing { dir, through })
}

impl Target {
    /// The output folder's absolute path while `out` still leads to it: the held
    /// folder's path as the kernel knows it (canonical), else `out` made absolute.
    pub(super) fn held_path(&self, out: &Path) -> PathBuf {
        let (through, name) = match self {
            Target::New { through, name, .. } => (through, Some(name)),
            Target::Existing { through, .. } => (through, None),
        };
        match crate::platform::held_now(through) {
            Ok(now) if now.is_absolute() => match name {
                Some(n) => now.join(n),
                None => now,
            },
            _ => std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()),
        }
    }

    /// Where the output is now, when the path given no longer leads to the folder held
    /// from the start (it was renamed, or another put in its place, while open ran);
    /// `None` while it does. `out`: the output folder asked for.
    pub(super) fn output_now(&self, out: &Path) -> Option<PathBuf> {
        let (dir, through, asked, name) = match self {
            Target::New {
                parent,
                dir,
                through,
                name,
            } => (dir, through, parent.as_path(), Some(name)),
            Target::Existing { dir, through } => (dir, through, out, None),
        };
        let held = crate::platform::file_id(dir)?;
        if crate::platform::path_id(asked) == Some(held) {
            return None;
        }
        // The held folder's path now, as the kernel knows it.
        let now = crate::platform::held_now(through).unwrap_or_else(|_| through.clone());
        Some(match name {
            Some(n) => now.join(n),
            None => now,
        })
    }
}

/// Opens the folder `p` (`O_PATH` on Linux: to reach what is in it, which needs no read
/// permission, as making a folder in it did not) and returns it with a path that leads
/// to it wherever it is moved ([`crate::platform::hold_dir`]).
fn hold_folder(p: &Path) -> io::Result<(fs::File, PathBuf)> {
    crate::platform::hold_dir(p, crate::platform::Hold::PathOnly)
}

use crate::platform::rename_noreplace;

/// Moves every entry of `from` into `into` (the same file system), never replacing
/// anything; returns the moved paths. On failure what was moved is removed again.
pub(super) fn move_entries(from: &Path, into: &Path) -> io::Result<Vec<PathBuf>> {
    let mut moved = Vec::new();
    let undo = |moved: &[PathBuf]| {
        for p in moved {
            let _ = fs::remove_dir_all(p).or_else(|_| fs::remove_file(p));
        }
    };
    for e in fs::read_dir(from)? {
        let name = e?.file_name();
        let (src, dst) = (from.join(&name), into.join(&name));
        if let Err(e) = rename_noreplace(&src, &dst) {
            undo(&moved);
            return Err(e);
        }
        moved.push(dst);
    }
    // The moves reach the disk before the output is reported.
    let done = fs::remove_dir(from).and_then(|()| crate::platform::flush_dir(into));
    if let Err(e) = done {
        undo(&moved);
        return Err(e);
    }
    Ok(moved)
}

pub(super) fn create_private_dir(p: &Path) -> io::Result<()> {
    let _gate = crate::cleanup::gate();
    let mut b = fs::DirBuilder::new();
    crate::platform::owner_only_dir(&mut b);
    b.create(p)?;
    set_private(p)
}

/// Makes a folder the owner's only: 0700 whatever the umask (which only ever removes
/// bits from the mode asked for at creation, and may remove the owner's own); on
/// Windows a protected DACL for this user ([`crate::platform::make_private_dir`]).
pub(super) fn set_private(p: &Path) -> io::Result<()> {
    crate::platform::make_private_dir(p)
}

pub(super) fn private_file(p: &Path) -> io::Result<fs::File> {
    let _gate = crate::cleanup::gate();
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    crate::platform::owner_only_file(&mut o);
    o.open(p)
}
