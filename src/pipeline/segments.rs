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
use crate::engine::stream::read_full;

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
            return Err(io::Error::other(crate::tr!(
                "pipeline-too-many-segments",
                most = MAX_SEGMENTS.to_string()
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
    /// The segment matched its manifest checksum when it was first read, but read
    /// back differently when it was decrypted: the medium, or the device reading it,
    /// does not return the same bytes twice.
    pub changed: bool,
}

impl fmt::Display for SegmentMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changed {
            f.write_str(&crate::tr!(
                "pipeline-segment-changed",
                segment = self.name.as_str()
            ))
        } else {
            f.write_str(&crate::tr!(
                "pipeline-segment-mismatch",
                segment = self.name.as_str()
            ))
        }
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
        f.write_str(&crate::tr!(
            "pipeline-segment-unreadable",
            path = self.path.as_str(),
            error = self.error.to_string()
        ))
    }
}

impl std::error::Error for SegmentUnreadable {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

fn unreadable(path: &str, error: io::Error) -> io::Error {
    io::Error::other(SegmentUnreadable {
        path: path.to_string(),
        error,
    })
}

fn mismatch(path: &str, changed: bool) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        SegmentMismatch {
            name: path.rsplit('/').next().unwrap_or(path).to_string(),
            changed,
        },
    )
}

/// A segment to read (path in its bag) and the SHA-256 it must have, from the signed
/// payload manifest.
pub type SegmentSource = (String, [u8; 32]);

/// Bytes per chunk of the second read: each is checked against what the first read saw
/// before any of it is released.
pub const CHECK_CHUNK: usize = 1 << 20;

/// SHA-256 with its chaining value visible after every [`CHECK_CHUNK`] bytes (FIPS
/// 180-4: the state after each 64-byte block is a function of everything before it).
/// The first read of a segment records the state after each chunk on the way to the
/// segment's digest; the second read computes the same states and compares them chunk
/// by chunk. So the second read is bound to the first with one SHA-256 pass, not two.
struct ChainedSha256 {
    state: [u32; 8],
    bytes: u64,
}

impl ChainedSha256 {
    /// FIPS 180-4 §5.3.3.
    const H0: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];

    fn new() -> ChainedSha256 {
        ChainedSha256 {
            state: Self::H0,
            bytes: 0,
        }
    }

    /// Absorbs whole 64-byte blocks.
    fn blocks(&mut self, data: &[u8]) {
        use sha2::digest::generic_array::{typenum::U64, GenericArray};
        /// Blocks copied per call of `compress256`: 4 KiB, on the stack.
        const BATCH: usize = 64;
        debug_assert_eq!(data.len() % 64, 0);
        // sha2 0.10 takes `&[GenericArray<u8, U64>]`, and generic-array 0.14 offers no
        // safe view of a byte slice as such blocks. One `compress256` call per block
        // (`GenericArray::from_slice`) was measured 17% slower, so the blocks are copied
        // into a small array of `GenericArray`s and handed over 64 at a time: sha2's
        // SHA-NI/AVX2 code still runs over many blocks per call, and the copy of 4 KiB
        // from L1 costs little next to hashing it (1 GiB through 1 MiB stripes, medians
        // of 7 interleaved runs: 0.956 s against 0.948 s for the former pointer cast
        // of the bytes to blocks, within the spread; issue 19). sha2 0.11 takes
        // `&[[u8; 64]]`, which `<[u8]>::as_chunks` gives with no copy; measured the
        // same (0.964 s), it is the way once isou moves to sha2 0.11.
        let mut batch = [GenericArray::<u8, U64>::default(); BATCH];
        for stripe in data.chunks(64 * BATCH) {
            let n = stripe.len() / 64;
            for (block, bytes) in batch.iter_mut().zip(stripe.chunks_exact(64)) {
                block.copy_from_slice(bytes);
            }
            sha2::compress256(&mut self.state, &batch[..n]);
        }
        self.bytes += data.len() as u64;
    }

    /// The chaining value now (after whole chunks only).
    fn value(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (o, w) in out.chunks_mut(4).zip(self.state) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        out
    }

    /// The digest of everything absorbed and then `tail` (any length).
    fn finish(mut self, tail: &[u8]) -> [u8; 32] {
        let whole = tail.len() / 64 * 64;
        self.blocks(&tail[..whole]);
        let rest = &tail[whole..];
        let bits = (self.bytes + rest.len() as u64) * 8;
        let mut last = [0u8; 128];
        last[..rest.len()].copy_from_slice(rest);
        last[rest.len()] = 0x80;
        let n = if rest.len() < 56 { 64 } else { 128 };
        last[n - 8..n].copy_from_slice(&bits.to_be_bytes());
        self.blocks(&last[..n]);
        self.value()
    }
}

/// What the first read of a segment found: the chaining value after each whole chunk,
/// then the segment's digest.
type FirstPass = io::Result<Vec<[u8; 32]>>;

/// The first read of a segment: its SHA-256 against the manifest, recording on the way
/// the chaining value after every [`CHECK_CHUNK`] bytes, so the second read can be held
/// to the very bytes that matched.
fn first_pass(
    bag: &dyn BagSource,
    path: &str,
    want: &[u8; 32],
    progress: &crate::progress::Progress,
    cancel: &std::sync::atomic::AtomicBool,
) -> FirstPass {
    let mut f = bag.open(path).map_err(|e| unreadable(path, e))?;
    let mut h = ChainedSha256::new();
    let mut values = Vec::new();
    let mut buf = vec![0u8; CHECK_CHUNK];
    let digest = loop {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(io::Error::new(
                io::ErrorKind::Interrupted,
                "no longer needed",
            ));
        }
        let n = read_full(&mut f, &mut buf).map_err(|e| unreadable(path, e))?;
        progress.add(n as u64);
        if n < buf.len() {
            break h.finish(&buf[..n]);
        }
        h.blocks(&buf);
        values.push(h.value());
    };
    if digest != *want {
        return Err(mismatch(path, false));
    }
    values.push(digest);
    Ok(values)
}

/// The segment being released: its second read, held chunk by chunk to the first.
struct Current {
    file: Box<dyn Read + Send>,
    /// What the first read saw: the chaining value after each whole chunk, then the
    /// digest.
    values: Vec<[u8; 32]>,
    /// The second read's own hash, chunk by chunk.
    hash: Option<ChainedSha256>,
    next_chunk: usize,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
}

/// Reads segments in order as one stream, releasing no byte of a segment before that
/// segment matched the SHA-256 of the signed manifest.
///
/// Why: the segments are the age file. An outsider who copies a genuine medium's tag
/// files and signature and replaces `data/payload.000` with an age file made to the
/// recipient's public key would otherwise have their header parsed, their payload
/// decrypted, decompressed and extracted (files of the attacker in staging, a header
/// bomb taking gigabytes) before the hash check at the segment's end said "altered".
///
/// How: each segment is read twice. The first read hashes all of it (on a thread of its
/// own, one segment ahead of the decryption, so the two reads overlap) and remembers the
/// SHA-256 of every [`CHECK_CHUNK`] bytes; only when the whole segment matches the
/// manifest is it read again — usually from the page cache — and each chunk of the
/// second read is released only once it hashes to what the first read saw. A device
/// that answers the second read differently is caught chunk by chunk, before the
/// changed bytes go anywhere. Memory: one chunk, and 32 bytes per MiB of segment.
pub struct SegmentReader {
    bag: Arc<dyn BagSource>,
    segments: Vec<SegmentSource>,
    index: usize,
    /// The first read of segment `index` (or the one after, while `current` is read).
    ahead: Option<std::thread::JoinHandle<FirstPass>>,
    current: Option<Current>,
    progress: crate::progress::Progress,
    /// Tells a first read still running that it is no longer needed (the reader is
    /// dropped on an error): it stops at its next chunk instead of reading on.
    cancel: Arc<std::sync::atomic::AtomicBool>,
}

impl SegmentReader {
    /// `segments`: paths in `bag`, in order, each with the SHA-256 it must have.
    pub fn new(bag: Arc<dyn BagSource>, segments: Vec<SegmentSource>) -> SegmentReader {
        SegmentReader {
            bag,
            segments,
            index: 0,
            ahead: None,
            current: None,
            progress: Default::default(),
            cancel: Default::default(),
        }
    }

    /// Advances `progress` by the bytes read from the medium (the first read).
    pub fn with_progress(mut self, progress: crate::progress::Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Starts the first read of segment `i` on a thread of its own.
    fn start_first_pass(&self, i: usize) -> Option<std::thread::JoinHandle<FirstPass>> {
        let (path, want) = self.segments.get(i)?.clone();
        let bag = self.bag.clone();
        let progress = self.progress.clone();
        let cancel = self.cancel.clone();
        Some(
            std::thread::Builder::new()
                .name("isou-segment-check".into())
                .spawn(move || first_pass(bag.as_ref(), &path, &want, &progress, &cancel))
                .expect("spawning the segment-check thread"),
        )
    }

    /// Opens segment `self.index` for its second read, once its first read matched.
    fn begin_segment(&mut self) -> io::Result<bool> {
        let Some((path, _)) = self.segments.get(self.index).cloned() else {
            return Ok(false);
        };
        let handle = match self.ahead.take() {
            Some(h) => h,
            None => self.start_first_pass(self.index).expect("index checked"),
        };
        let values = handle
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        // The next segment's first read goes on while this one is released.
        self.ahead = self.start_first_pass(self.index + 1);
        let file = self.bag.open(&path).map_err(|e| unreadable(&path, e))?;
        self.current = Some(Current {
            file,
            values,
            hash: Some(ChainedSha256::new()),
            next_chunk: 0,
            buf: vec![0u8; CHECK_CHUNK],
            pos: 0,
            len: 0,
        });
        Ok(true)
    }
}

impl Read for SegmentReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.current.is_none() && !self.begin_segment()? {
                return Ok(0);
            }
            let path = &self.segments[self.index].0;
            let c = self.current.as_mut().expect("begun above");
            if c.pos < c.len {
                let n = (c.len - c.pos).min(out.len());
                out[..n].copy_from_slice(&c.buf[c.pos..c.pos + n]);
                c.pos += n;
                return Ok(n);
            }
            let Some(mut h) = c.hash.take() else {
                // The last chunk was released: the segment is done.
                self.current = None;
                self.index += 1;
                continue;
            };
            let n = read_full(&mut c.file, &mut c.buf).map_err(|e| unreadable(path, e))?;
            // Each chunk is released only when the hash of everything up to its end is
            // what the first read saw there; a short chunk ends the segment, and must
            // give the segment's digest.
            let want = c
                .values
                .get(c.next_chunk)
                .ok_or_else(|| mismatch(path, true))?;
            let got = if n < c.buf.len() {
                let d = h.finish(&c.buf[..n]);
                if c.next_chunk + 1 != c.values.len() {
                    return Err(mismatch(path, true));
                }
                d
            } else {
                h.blocks(&c.buf);
                let v = h.value();
                c.hash = Some(h);
                v
            };
            if got != *want {
                return Err(mismatch(path, true));
            }
            c.next_chunk += 1;
            c.pos = 0;
            c.len = n;
        }
    }
}

impl Drop for SegmentReader {
    fn drop(&mut self) {
        // A first read still running stops at its next chunk and is waited for: no
        // thread outlives the reader.
        self.cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(h) = self.ahead.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests;
