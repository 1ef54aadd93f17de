//! The encrypted payload cut into segment files (`data/payload.000`, `.001`, …), each
//! hashed as it is written and read back.
//!
//! Segments exist so the payload fits FAT32 (no file of 4 GiB or more) and ISO 9660
//! media, and so a set can span several media. Their concatenation is the age file:
//! `cat data/payload.* | age -d …` works because the names sort in order.

use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::bag::source::BagSource;

/// The default segment size: 256 MiB (several segments let verify and the read-back
/// hash on all cores; FAT32 and ISO 9660 hold them easily).
pub const DEFAULT_SEGMENT_SIZE: u64 = 256 << 20;
/// FAT32's limit is 4 GiB − 1 byte; isou never writes a segment of 4 GiB or more.
pub const MAX_SEGMENT_SIZE: u64 = (4 << 30) - 1;
/// Segment names have three digits.
pub const MAX_SEGMENTS: usize = 1000;

/// The name of segment `i`: `payload.000`.
pub fn segment_name(i: usize) -> String {
    format!("payload.{i:03}")
}

/// The index of a segment named `name` (`payload.` and three digits), if it is one.
pub fn segment_index(name: &str) -> Option<usize> {
    name.strip_prefix("payload.")
        .filter(|d| d.len() == 3 && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
}

/// A finished segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// File name in `data/` (`payload.000`).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of its contents.
    pub sha256: [u8; 32],
}

/// Where segments go: a folder, or the volumes of a set (see `media::volume`), which
/// may cut a segment short at a volume's end.
pub trait SegmentSink {
    /// Starts segment `index`; returns the most bytes it may hold (at least 1).
    fn begin(&mut self, index: usize) -> io::Result<u64>;
    /// Writes into the current segment.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;
    /// Ends the current segment durably; `segment` is what was written.
    fn end(&mut self, segment: &Segment) -> io::Result<()>;
}

/// Segments as files in one folder, created with `create_new` (never overwriting) and
/// fsynced when complete.
pub struct FolderSink {
    dir: PathBuf,
    file: Option<super::writebehind::WriteBehind>,
}

impl FolderSink {
    /// Segments in `dir`, which must exist.
    pub fn new(dir: &Path) -> FolderSink {
        FolderSink {
            dir: dir.to_path_buf(),
            file: None,
        }
    }
}

impl SegmentSink for FolderSink {
    fn begin(&mut self, index: usize) -> io::Result<u64> {
        let file = {
            let _gate = crate::cleanup::gate();
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.dir.join(segment_name(index)))?
        };
        self.file = Some(super::writebehind::WriteBehind::new(file));
        Ok(u64::MAX)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("begun").write(buf)
    }

    fn end(&mut self, _: &Segment) -> io::Result<()> {
        self.file.take().expect("begun").sync_all()
    }
}

/// Writes a stream into segments of at most `max` bytes, hashing each.
pub struct SegmentWriter<S: SegmentSink = FolderSink> {
    sink: S,
    max: u64,
    /// Size and limit of the open segment.
    current: Option<(u64, u64)>,
    /// Hashes the open segment on another thread.
    hash: super::hasher::Sha256Pipe,
    done: Vec<Segment>,
}

impl SegmentWriter<FolderSink> {
    /// Starts writing segments into `dir`, which must exist.
    pub fn new(dir: &Path, max: u64) -> SegmentWriter<FolderSink> {
        SegmentWriter::with_sink(FolderSink::new(dir), max)
    }
}

impl<S: SegmentSink> SegmentWriter<S> {
    /// Starts writing segments of at most `max` bytes into `sink`.
    pub fn with_sink(sink: S, max: u64) -> SegmentWriter<S> {
        SegmentWriter {
            sink,
            max: max.clamp(1, MAX_SEGMENT_SIZE),
            current: None,
            hash: super::hasher::Sha256Pipe::new(),
            done: Vec::new(),
        }
    }

    fn close_current(&mut self) -> io::Result<()> {
        if let Some((size, _)) = self.current.take() {
            let seg = Segment {
                name: segment_name(self.done.len()),
                size,
                sha256: self.hash.finish(),
            };
            self.sink.end(&seg)?;
            self.done.push(seg);
        }
        Ok(())
    }

    fn open_next(&mut self) -> io::Result<()> {
        let i = self.done.len();
        if i >= MAX_SEGMENTS {
            return Err(io::Error::other(format!(
                "the payload would need more than {MAX_SEGMENTS} segments; choose a larger segment size"
            )));
        }
        let room = self.sink.begin(i)?.max(1);
        self.current = Some((0, room.min(self.max)));
        Ok(())
    }

    /// Completes the last segment; returns them all and the sink.
    pub fn finish(mut self) -> io::Result<(Vec<Segment>, S)> {
        if self.current.is_none() && self.done.is_empty() {
            self.open_next()?;
        }
        self.close_current()?;
        Ok((std::mem::take(&mut self.done), self.sink))
    }
}

impl<S: SegmentSink> Write for SegmentWriter<S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if matches!(&self.current, Some((size, limit)) if size >= limit) {
            self.close_current()?;
        }
        if self.current.is_none() {
            self.open_next()?;
        }
        let (size, limit) = self.current.as_mut().expect("opened above");
        let room = (*limit - *size).min(buf.len() as u64) as usize;
        let n = self.sink.write(&buf[..room])?;
        *size += n as u64;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A segment whose contents differ from what the manifest says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentMismatch {
    /// The segment file.
    pub name: String,
}

impl fmt::Display for SegmentMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "segment {} does not match its manifest checksum: it was altered or damaged",
            self.name
        )
    }
}

impl std::error::Error for SegmentMismatch {}

/// A segment that could not be read from the medium (an unreadable sector, a stick
/// pulled out): told apart from damage, because reading again may work.
#[derive(Debug)]
pub struct SegmentUnreadable {
    /// The segment's path in its bag.
    pub path: String,
    /// The error.
    pub error: io::Error,
}

impl fmt::Display for SegmentUnreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} cannot be read: {}", self.path, self.error)
    }
}

impl std::error::Error for SegmentUnreadable {}

fn unreadable(path: &str, error: io::Error) -> io::Error {
    io::Error::other(SegmentUnreadable {
        path: path.to_string(),
        error,
    })
}

/// A segment to read (path in its bag) and the SHA-256 it must have (if known).
pub type SegmentSource = (String, Option<[u8; 32]>);

/// Reads segments in order as one stream, hashing each and failing at its end when the
/// hash is not the expected one, so decryption and the integrity check are one pass.
pub struct SegmentReader {
    bag: Arc<dyn BagSource>,
    segments: Vec<SegmentSource>,
    index: usize,
    current: Option<Box<dyn Read + Send>>,
    hash: super::hasher::Sha256Pipe,
    progress: crate::progress::Progress,
}

impl SegmentReader {
    /// `segments`: paths in `bag`, in order, each with the SHA-256 it must have.
    pub fn new(bag: Arc<dyn BagSource>, segments: Vec<SegmentSource>) -> SegmentReader {
        SegmentReader {
            bag,
            segments,
            index: 0,
            current: None,
            hash: super::hasher::Sha256Pipe::new(),
            progress: Default::default(),
        }
    }

    /// Advances `progress` by the bytes read.
    pub fn with_progress(mut self, progress: crate::progress::Progress) -> Self {
        self.progress = progress;
        self
    }
}

impl Read for SegmentReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.current.is_none() {
                let Some((path, _)) = self.segments.get(self.index) else {
                    return Ok(0);
                };
                self.current = Some(self.bag.open(path).map_err(|e| unreadable(path, e))?);
            }
            let f = self.current.as_mut().expect("opened above");
            let n = match f.read(buf) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(unreadable(&self.segments[self.index].0, e)),
            };
            if n > 0 {
                self.hash.update(&buf[..n]);
                self.progress.add(n as u64);
                return Ok(n);
            }
            self.current = None;
            let got = self.hash.finish();
            let (path, want) = &self.segments[self.index];
            self.index += 1;
            if let Some(want) = want {
                if got != *want {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        SegmentMismatch {
                            name: path.rsplit('/').next().unwrap_or(path).to_string(),
                        },
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bag::source::DirSource;

    #[test]
    fn segments_split_concatenate_and_detect_damage() {
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let mut w = SegmentWriter::new(dir.path(), 3000);
        for piece in data.chunks(700) {
            w.write_all(piece).unwrap();
        }
        let (segs, _) = w.finish().unwrap();
        assert_eq!(
            segs.iter().map(|s| s.size).collect::<Vec<_>>(),
            [3000, 3000, 3000, 1000]
        );
        assert_eq!(segs[3].name, "payload.003");
        let bag: Arc<dyn BagSource> = Arc::new(DirSource(dir.path().to_path_buf()));
        let list = |segs: &[Segment]| {
            segs.iter()
                .map(|s| (s.name.clone(), Some(s.sha256)))
                .collect::<Vec<_>>()
        };
        let mut back = Vec::new();
        SegmentReader::new(bag.clone(), list(&segs))
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);

        let mut bytes = std::fs::read(dir.path().join("payload.001")).unwrap();
        bytes[10] ^= 1;
        std::fs::write(dir.path().join("payload.001"), bytes).unwrap();
        let e = SegmentReader::new(bag.clone(), list(&segs))
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        let m = e
            .get_ref()
            .unwrap()
            .downcast_ref::<SegmentMismatch>()
            .unwrap();
        assert_eq!(m.name, "payload.001");
    }

    #[test]
    fn empty_stream_is_one_empty_segment_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let (segs, _) = SegmentWriter::new(dir.path(), 100).finish().unwrap();
        assert_eq!(segs.len(), 1);
        assert_eq!(segs[0].size, 0);
        let mut w = SegmentWriter::new(dir.path(), 100);
        assert!(
            w.write_all(b"x").is_err(),
            "payload.000 exists and must not be overwritten"
        );
    }
}
