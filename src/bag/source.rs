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
                format!("larger than {} KiB", max / 1024),
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

impl BagSource for DirSource {
    fn describe(&self) -> String {
        self.0.display().to_string()
    }

    fn open(&self, path: &str) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(File::open(self.path(path))?))
    }

    fn list(&self, dir: &str) -> io::Result<Vec<Entry>> {
        let mut out = Vec::new();
        for e in fs::read_dir(self.path(dir))? {
            let e = e?;
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
        match fs::symlink_metadata(self.path(path)) {
            Ok(m) => Ok(Some((kind_of(m.file_type()), m.len()))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}
