//! A part of a medium given as the medium: its `data/` folder, a
//! payload segment, `bag-info.txt` or another file of the bag. Verified as a medium, it
//! is "bagit.txt missing … do not open it; report it to the sender", which sends a
//! clerk to the sender about a medium that is fine, and records a check of a path that
//! is no medium. Said instead for what it is, with the folder to give.
//!
//! Told from local facts only, and bounded: the given path has no `bagit.txt` of its
//! own, and its parent (or, for a file in a `data/` folder, its grandparent) holds a
//! regular `bagit.txt`. Nothing of the medium is read or trusted beyond that name being
//! a regular file (what it says is for verify to judge, CWE-20); two `lstat`s at most,
//! no walk up the tree.

use std::fs;
use std::path::{Path, PathBuf};

/// What a path given as the medium is, when it is a part of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inside {
    /// The medium's `data/` folder.
    DataFolder {
        /// The medium: the folder to give instead.
        medium: PathBuf,
    },
    /// Another folder directly inside a medium.
    Folder {
        /// The medium: the folder to give instead.
        medium: PathBuf,
    },
    /// A file of the bag itself (`bag-info.txt`, a manifest, `bagit.txt`'s siblings).
    TagFile {
        /// The medium: the folder to give instead.
        medium: PathBuf,
    },
    /// A file inside the medium's `data/` folder (a payload segment).
    PayloadFile {
        /// The medium: the folder to give instead.
        medium: PathBuf,
    },
}

impl Inside {
    /// The medium's folder, to give instead.
    pub fn medium(&self) -> &Path {
        match self {
            Inside::DataFolder { medium }
            | Inside::Folder { medium }
            | Inside::TagFile { medium }
            | Inside::PayloadFile { medium } => medium,
        }
    }

    /// What the path is, as a phrase ("the data/ folder inside a medium"), in the
    /// language of the run.
    pub fn what(&self) -> String {
        match self {
            Inside::DataFolder { .. } => crate::tr!("media-inside-data-folder"),
            Inside::Folder { .. } => crate::tr!("media-inside-folder"),
            Inside::TagFile { .. } => crate::tr!("media-inside-tag-file"),
            Inside::PayloadFile { .. } => crate::tr!("media-inside-payload-file"),
        }
    }
}

/// Whether `dir` is a bag's root: it holds a regular `bagit.txt` (not followed if a
/// link; what it says is not read).
fn is_bag_root(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join("bagit.txt")).is_ok_and(|m| m.file_type().is_file())
}

/// What `given` is when it is a part of a medium rather than a medium; `None` for a
/// medium (a folder with `bagit.txt`, an image outside any bag), a path that does not
/// exist, or anything else (verify judges those).
pub fn inside_medium(given: &Path) -> Option<Inside> {
    // The path as the system resolves it: `usb/data/.`, `./data` run inside the
    // medium, a link to the data folder all name the same place.
    let path = fs::canonicalize(given).ok()?;
    let meta = fs::metadata(&path).ok()?;
    if meta.is_dir() && is_bag_root(&path) {
        return None;
    }
    let parent = path.parent()?;
    if is_bag_root(parent) {
        let medium = parent.to_path_buf();
        return Some(if meta.is_dir() {
            if path.file_name().is_some_and(|n| n == "data") {
                Inside::DataFolder { medium }
            } else {
                Inside::Folder { medium }
            }
        } else {
            Inside::TagFile { medium }
        });
    }
    // A file in `data/`: a payload segment (isou writes no deeper folders).
    if !meta.is_dir() && parent.file_name().is_some_and(|n| n == "data") {
        let medium = parent.parent()?;
        if is_bag_root(medium) {
            return Some(Inside::PayloadFile {
                medium: medium.to_path_buf(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_of_a_bag_are_named_and_the_bag_is_not() {
        let d = tempfile::tempdir().unwrap();
        let m = d.path().join("usb");
        fs::create_dir_all(m.join("data")).unwrap();
        fs::write(m.join("bagit.txt"), "BagIt-Version: 1.0\n").unwrap();
        fs::write(m.join("bag-info.txt"), "").unwrap();
        fs::write(m.join("data/payload.000"), "x").unwrap();
        fs::create_dir(m.join("other")).unwrap();
        let canon = fs::canonicalize(&m).unwrap();
        assert_eq!(inside_medium(&m), None);
        assert_eq!(
            inside_medium(&m.join("data")),
            Some(Inside::DataFolder {
                medium: canon.clone()
            })
        );
        assert_eq!(
            inside_medium(&m.join("data/payload.000")),
            Some(Inside::PayloadFile {
                medium: canon.clone()
            })
        );
        assert_eq!(
            inside_medium(&m.join("bag-info.txt")),
            Some(Inside::TagFile {
                medium: canon.clone()
            })
        );
        assert_eq!(
            inside_medium(&m.join("other")),
            Some(Inside::Folder { medium: canon })
        );
        // Not a bag around it: nothing said (verify judges it).
        let loose = d.path().join("data");
        fs::create_dir(&loose).unwrap();
        fs::write(loose.join("payload.000"), "x").unwrap();
        assert_eq!(inside_medium(&loose), None);
        assert_eq!(inside_medium(&loose.join("payload.000")), None);
        assert_eq!(inside_medium(&d.path().join("missing")), None);
        // A `bagit.txt` that is a folder or a link is not a bag's mark.
        let odd = d.path().join("odd");
        fs::create_dir_all(odd.join("bagit.txt")).unwrap();
        fs::create_dir(odd.join("data")).unwrap();
        assert_eq!(inside_medium(&odd.join("data")), None);
    }
}
