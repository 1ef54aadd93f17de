//! The tar stream of a seal: every entry of the extract, each file hashed as it is
//! read and checked unchanged afterwards, then `ISOU-CONTENTS.json`.

use std::io::{self, Read, Write};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use super::input::{open_entry, FolderCache};
use super::{
    fsys, hasher, ContentEntry, Contents, InputEntry, InputError, CONTENTS_FORMAT, CONTENTS_NAME,
};

/// Appends one entry; names that do not fit a ustar header (non-ASCII, long) travel in
/// a PAX `path` record, which GNU tar, bsdtar and Python read.
fn append<W: Write>(
    b: &mut tar::Builder<W>,
    name: &str,
    kind: tar::EntryType,
    size: u64,
    mtime: u64,
    data: impl Read,
) -> io::Result<()> {
    let mut h = tar::Header::new_ustar();
    let fits = name.is_ascii() && name.len() < 100;
    if !fits {
        // tar's own PAX writer (`LEN path=NAME\n`, LEN counting the whole record):
        // one implementation of the length rule, not a second hand-written one.
        b.append_pax_extensions([("path", name.as_bytes())])?;
    }
    h.set_path(if fits { name } else { "isou-pax-entry" })?;
    h.set_entry_type(kind);
    h.set_size(size);
    // Owner-only permissions: whoever extracts with plain tar gets private files.
    h.set_mode(if kind == tar::EntryType::Directory {
        0o700
    } else {
        0o600
    });
    h.set_mtime(mtime);
    h.set_uid(0);
    h.set_gid(0);
    h.set_cksum();
    b.append(&h, data)
}

struct HashingReader<'a, R> {
    /// The file read, to name it when reading fails.
    path: &'a Path,
    inner: R,
    hash: &'a mut hasher::Sha256Pipe,
    count: u64,
    progress: &'a crate::progress::Progress,
}

/// An I/O error about an input, as the `io::Error` the tar writer passes on (told
/// apart from the medium's errors by `seal`).
fn input_io(path: &Path, error: io::Error) -> io::Error {
    io::Error::other(InputError::Io {
        path: path.to_path_buf(),
        error,
    })
}

impl<R: Read> Read for HashingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = loop {
            match self.inner.read(buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    return Err(io::Error::other(InputError::Read {
                        path: self.path.to_path_buf(),
                        error,
                    }))
                }
            }
        };
        self.hash.update(&buf[..n]);
        self.count += n as u64;
        self.progress.add(n as u64);
        Ok(n)
    }
}

/// Writes the tar of `entries` plus `ISOU-CONTENTS.json` into `w`; returns the writer
/// and the contents.
pub(super) fn write_tar<W: Write>(
    w: W,
    entries: &[InputEntry],
    shipment_id: &str,
    progress: &crate::progress::Progress,
) -> io::Result<(W, Contents)> {
    let mut b = tar::Builder::new(w);
    // Each file is hashed on another thread while tar reads it (read once).
    let mut pipe = hasher::Sha256Pipe::new();
    let mut contents = Contents {
        format: CONTENTS_FORMAT.into(),
        shipment_id: shipment_id.into(),
        files: Vec::new(),
        directories: Vec::new(),
    };
    let mut folders = FolderCache::default();
    for e in entries {
        let f = open_entry(e, &mut folders).map_err(io::Error::other)?;
        let mtime = e.stamp.mtime.max(0) as u64;
        if e.is_dir {
            append(
                &mut b,
                &e.name,
                tar::EntryType::Directory,
                0,
                mtime,
                io::empty(),
            )?;
            contents.directories.push(e.name.clone());
            continue;
        }
        let file = append_file(&mut b, &mut pipe, e, f, mtime, progress)?;
        contents.files.push(file);
    }
    let json = serde_json::to_vec_pretty(&contents).map_err(io::Error::other)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    append(
        &mut b,
        CONTENTS_NAME,
        tar::EntryType::Regular,
        json.len() as u64,
        now,
        &json[..],
    )?;
    Ok((b.into_inner()?, contents))
}

/// Appends the regular file `e`, opened as `f`, hashing it on the way; returns its line
/// of the contents once the file proved unchanged and exactly as long as listed.
fn append_file<W: Write>(
    b: &mut tar::Builder<W>,
    pipe: &mut hasher::Sha256Pipe,
    e: &InputEntry,
    f: std::fs::File,
    mtime: u64,
    progress: &crate::progress::Progress,
) -> io::Result<ContentEntry> {
    let size = e.stamp.size;
    let mut r = HashingReader {
        path: &e.source,
        inner: f.take(size),
        hash: pipe,
        count: 0,
        progress,
    };
    // 1 MiB reads: tar copies through an 8 KiB buffer otherwise, 131 072 read
    // calls per GiB.
    append(
        b,
        &e.name,
        tar::EntryType::Regular,
        size,
        mtime,
        io::BufReader::with_capacity(1 << 20, &mut r),
    )?;
    let count = r.count;
    let mut f = r.inner.into_inner();
    // One byte more than the size: a file that gives more than its size says is
    // not an ordinary file (a special file system's, a driver's) and would be
    // sealed cut off without a word.
    let mut probe = [0u8; 1];
    let more = loop {
        match f.read(&mut probe) {
            Ok(n) => break n > 0,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                return Err(io::Error::other(InputError::Read {
                    path: e.source.clone(),
                    error,
                }))
            }
        }
    };
    let after = fsys::stamp_of(&f).map_err(|error| input_io(&e.source, error))?;
    let digest = pipe.finish();
    // A file written to while it is read would be sealed as a mix of old and new
    // bytes (growth is even cut off silently at the size tar announced): its size
    // and modification time must be the same after the read.
    if !e.stamp.same(&after) {
        return Err(io::Error::other(InputError::Changed(e.source.clone())));
    }
    if count != size || more {
        return Err(io::Error::other(InputError::NotOrdinary {
            path: e.source.clone(),
            size,
            read: (!more).then_some(count),
        }));
    }
    Ok(ContentEntry {
        path: e.name.clone(),
        size,
        sha256: hex::encode(digest),
        mtime: mtime as i64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_do_not_fit_ustar_travel_in_a_pax_path_record() {
        // 95 and 96 bytes of name: the record's length crosses from 2 to 3 digits
        // there, the case a hand-written length rule gets wrong.
        let names = [
            "data/登録票.csv".to_string(),
            "d/".repeat(40) + &"x".repeat(15),
            "d/".repeat(40) + &"x".repeat(16),
            "短".repeat(100),
        ];
        let mut b = tar::Builder::new(Vec::new());
        for n in &names {
            append(&mut b, n, tar::EntryType::Regular, 1, 0, &b"a"[..]).unwrap();
        }
        let bytes = b.into_inner().unwrap();
        let mut a = tar::Archive::new(&bytes[..]);
        let read: Vec<String> = a
            .entries()
            .unwrap()
            .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(read, names);
    }
}
