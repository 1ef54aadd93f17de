//! Where a bag's files are read from: a folder (a mounted USB stick or disc), or an
//! ISO 9660 image read directly (see [`crate::media::iso`]), so `verify` and `open`
//! need no mounting.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::PathBuf;

/// What a directory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link (never followed inside a bag).
    Symlink,
    /// A device, socket or FIFO.
    Other,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The name (lossily decoded when `utf8` is false).
    pub name: String,
    /// Whether the name was valid UTF-8.
    pub utf8: bool,
    /// What it is.
    pub kind: Kind,
    /// Size in bytes (files).
    pub size: u64,
}

/// A read-only tree holding a bag. Paths are relative to the bag root and
/// `/`-separated; `""` is the root.
pub trait BagSource: Send + Sync {
    /// How to name this source to the user (a folder or an image file).
    fn describe(&self) -> String;
    /// Whether this is a disc image (never mounted read-write, so nothing on it was
    /// made by an operating system).
    fn is_image(&self) -> bool {
        false
    }
    /// What the source holds besides the tree the bag is read from and that another
    /// system may show instead (a disc image's boot record, UDF or HFS volume, Rock
    /// Ridge names): refused on an isou medium, a warning on another bag.
    fn other_structures(&self) -> Vec<super::validate::Text> {
        Vec::new()
    }
    /// Opens a file for reading; `NotFound` when it does not exist.
    fn open(&self, path: &str) -> io::Result<Box<dyn Read + Send>>;
    /// Lists a directory; `NotFound` when it does not exist.
    fn list(&self, dir: &str) -> io::Result<Vec<Entry>>;
    /// What `path` is and its size, without following a final symlink; `None` when
    /// it does not exist.
    fn stat(&self, path: &str) -> io::Result<Option<(Kind, u64)>>;
    /// Reads a whole file of at most `max` bytes; `None` if it does not exist.
    fn read_bounded(&self, path: &str, max: u64) -> io::Result<Option<Vec<u8>>> {
        let f = match self.open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut v = Vec::new();
        f.take(max + 1).read_to_end(&mut v)?;
        if v.len() as u64 > max {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                crate::bag::validate::both::tr!(
                    "bag-source-too-large",
                    limit = (max / 1024).to_string()
                ),
            ));
        }
        Ok(Some(v))
    }
}

/// A bag in a folder.
#[derive(Clone, Debug)]
pub struct DirSource(pub PathBuf);

impl DirSource {
    fn path(&self, rel: &str) -> PathBuf {
        if rel.is_empty() {
            self.0.clone()
        } else {
            self.0.join(rel)
        }
    }
}

fn kind_of(t: fs::FileType) -> Kind {
    if t.is_symlink() {
        Kind::Symlink
    } else if t.is_dir() {
        Kind::Dir
    } else if t.is_file() {
        Kind::File
    } else {
        Kind::Other
    }
}

/// Most entries listed in one folder of a bag.
pub const MAX_LISTED: usize = 100_000;

/// Why a path inside a bag was refused: the error holds a [`Text`](super::Text) (the
/// language of the run and English, see [`super::validate::io_text`]).
fn refused(rel: &str, why: super::Text) -> io::Error {
    let path = crate::untrusted::sanitize(rel);
    let text = super::Text {
        id: why.id,
        local: crate::tr!("bag-source-refused", path = path.as_str(), why = why.local),
        en: crate::i18n::tr_in(
            crate::i18n::Lang::En,
            "bag-source-refused",
            Some(&{
                let mut a = crate::i18n::Args::new();
                a.set("path", path.as_str());
                a.set("why", why.en);
                a
            }),
        ),
    };
    io::Error::new(io::ErrorKind::InvalidData, text)
}

use super::validate::both;

/// The components of a bag-relative path; `..`, `.` and empty ones are refused (the
/// callers build these paths, but a manifest can name anything).
fn components(rel: &str) -> io::Result<Vec<&str>> {
    if rel.is_empty() {
        return Ok(Vec::new());
    }
    let parts: Vec<&str> = rel.split('/').collect();
    if parts
        .iter()
        .any(|c| c.is_empty() || *c == "." || *c == ".." || c.contains('\0'))
    {
        return Err(refused(rel, both::tr!("bag-source-not-plain")));
    }
    Ok(parts)
}

impl DirSource {
    /// Opens the file `rel` inside the bag without following a symbolic link anywhere
    /// inside the bag and without blocking: each folder with `O_NOFOLLOW | O_DIRECTORY`,
    /// the file with `O_NOFOLLOW | O_NONBLOCK`, then `fstat` — a regular file only.
    ///
    /// Why: a medium is made by someone else. A symlink named `bag-info.txt` pointing at
    /// the reader's identity file made `verify --json` print its signing seed; a FIFO
    /// named `bagit.txt` or `data/payload.000` made `verify` and `open` block forever
    /// (`open(2)` of a FIFO waits for a writer unless `O_NONBLOCK` is given); a device
    /// node would be read as if it were the file (CWE-59, CWE-67).
    fn open_regular(&self, rel: &str) -> io::Result<File> {
        use crate::platform;
        use std::ffi::OsStr;
        let parts = components(rel)?;
        let Some((name, folders)) = parts.split_last() else {
            return Err(refused(rel, both::tr!("bag-source-root")));
        };
        // The root is the path the user gave: following a link there is the user's choice.
        let mut dir = platform::open_root(&self.0)?;
        for (i, f) in folders.iter().enumerate() {
            let next = platform::open_dir_at(Some(&dir), OsStr::new(f)).map_err(|e| {
                if platform::is_link_refused(&e) || platform::is_not_dir(&e) {
                    refused(
                        &folders[..=i].join("/"),
                        both::tr!("bag-source-link-or-not-folder"),
                    )
                } else {
                    e
                }
            })?;
            dir = next;
        }
        let file = platform::open_file_at(Some(&dir), OsStr::new(name)).map_err(|e| {
            if platform::is_link_refused(&e) {
                refused(rel, both::tr!("bag-source-symlink"))
            } else {
                e
            }
        })?;
        let meta = file.metadata()?;
        if !meta.is_file() {
            return Err(refused(
                rel,
                if meta.is_dir() {
                    both::tr!("bag-source-folder")
                } else {
                    both::tr!("bag-source-not-regular")
                },
            ));
        }
        // Regular files never block; reads go back to ordinary blocking mode.
        platform::blocking(&file);
        Ok(file)
    }

    /// Checks that no folder on the way to `rel` (inside the bag) is a symbolic link.
    fn no_links_on_the_way(&self, rel: &str) -> io::Result<()> {
        let parts = components(rel)?;
        let mut p = self.0.clone();
        for (i, f) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
            p.push(f);
            match fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(refused(
                        &parts[..=i].join("/"),
                        both::tr!("bag-source-symlink"),
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl BagSource for DirSource {
    fn describe(&self) -> String {
        self.0.display().to_string()
    }

    fn open(&self, path: &str) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(self.open_regular(path)?))
    }

    fn list(&self, dir: &str) -> io::Result<Vec<Entry>> {
        if !dir.is_empty() {
            // The folder itself must not be a link either.
            self.no_links_on_the_way(&format!("{dir}/x"))?;
        }
        let mut out = Vec::new();
        for e in fs::read_dir(self.path(dir))? {
            let e = e?;
            // A folder of millions of entries is not a bag isou made, nor one anybody
            // validates by hand; it is refused before it is held in memory.
            if out.len() == MAX_LISTED {
                let root = crate::tr!("bag-source-medium-root");
                return Err(refused(
                    if dir.is_empty() { &root } else { dir },
                    both::tr!("bag-source-too-many", entries = MAX_LISTED.to_string()),
                ));
            }
            let name = e.file_name();
            let kind = kind_of(e.file_type()?);
            let size = if kind == Kind::File {
                e.metadata()?.len()
            } else {
                0
            };
            out.push(Entry {
                utf8: name.to_str().is_some(),
                name: name.to_string_lossy().into_owned(),
                kind,
                size,
            });
        }
        Ok(out)
    }

    fn stat(&self, path: &str) -> io::Result<Option<(Kind, u64)>> {
        self.no_links_on_the_way(path)?;
        match fs::symlink_metadata(self.path(path)) {
            Ok(m) => Ok(Some((kind_of(m.file_type()), m.len()))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_fifos_and_devices_inside_a_bag_are_never_opened() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("bag");
        fs::create_dir_all(root.join("data")).unwrap();
        fs::write(root.join("bagit.txt"), b"ok").unwrap();
        fs::write(d.path().join("secret.txt"), b"AGE-SECRET-KEY-1...").unwrap();
        std::os::unix::fs::symlink(d.path().join("secret.txt"), root.join("bag-info.txt")).unwrap();
        std::os::unix::fs::symlink(d.path(), root.join("linked")).unwrap();
        fs::write(d.path().join("payload.000"), b"x").unwrap();
        crate::platform::make_fifo(&root.join("data/payload.000")).unwrap();
        let src = DirSource(root.clone());
        let mut s = String::new();
        src.open("bagit.txt")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "ok");
        let msg = |r: io::Result<Box<dyn Read + Send>>| r.err().expect("refused").to_string();
        assert!(msg(src.open("bag-info.txt")).contains("symbolic link"));
        // A FIFO is refused at once (this would block forever without O_NONBLOCK).
        assert!(msg(src.open("data/payload.000")).contains("not a regular file"));
        assert!(msg(src.open("linked/secret.txt")).contains("symbolic link"));
        assert!(msg(src.open("data")).contains("folder"));
        assert!(msg(src.open("../secret.txt")).contains("not a plain path"));
        assert!(src.read_bounded("bag-info.txt", 100).is_err());
        assert!(src.list("linked").is_err());
        assert!(src.stat("linked/secret.txt").is_err());
        assert_eq!(
            src.stat("bag-info.txt").unwrap(),
            Some((Kind::Symlink, src.stat("bag-info.txt").unwrap().unwrap().1))
        );
        assert!(matches!(src.open("missing.txt"), Err(e) if e.kind() == io::ErrorKind::NotFound));
    }
}
