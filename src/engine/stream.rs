//! The age v1 payload: the STREAM construction, sealed and opened on all cores.
//!
//! From the age spec (C2SP age, "Payload"): the plaintext is cut into 64 KiB chunks,
//! each sealed with ChaCha20-Poly1305 under the payload key and a 12-byte nonce made of
//! an 11-byte big-endian chunk counter and a last-chunk flag byte (0x01 for the final
//! chunk, 0x00 otherwise). Every chunk but the last is full; the last may be full, and is
//! empty only when the whole plaintext is empty.
//!
//! Because the nonce depends only on the chunk's index, chunks are independent: this
//! module reads (or accepts writes) sequentially, hands *jobs* of consecutive chunks to a
//! pool of worker threads, and writes (or returns) their results in order. The output is
//! byte-for-byte what a serial implementation writes for the same key (tested against
//! the C2SP vectors and a serial reference). Memory is a fixed pool of job buffers,
//! independent of the input's size.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read, Write};
use std::sync::Arc;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Receiver, Sender};
use zeroize::Zeroizing;

use super::aead::{ChunkCipher, CHUNK_NONCE_SIZE};

/// Plaintext bytes in one STREAM chunk.
pub const CHUNK_SIZE: usize = 64 * 1024;
/// Poly1305 tag appended to every chunk.
pub const TAG_SIZE: usize = 16;
/// Ciphertext bytes of one full chunk.
pub const ENCRYPTED_CHUNK_SIZE: usize = CHUNK_SIZE + TAG_SIZE;

/// The 32-byte ChaCha20-Poly1305 key of one file's payload.
///
/// Derived as `HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload")`; see
/// [`crate::engine::payload_key`].
pub struct PayloadKey(Zeroizing<[u8; 32]>);

impl PayloadKey {
    /// Wraps raw key bytes (the caller is responsible for having derived them).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        PayloadKey(Zeroizing::new(bytes))
    }

    #[cfg(test)]
    fn cipher(&self) -> chacha20poly1305::ChaCha20Poly1305 {
        use chacha20poly1305::KeyInit;
        chacha20poly1305::ChaCha20Poly1305::new((&*self.0).into())
    }
}

impl fmt::Debug for PayloadKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PayloadKey([redacted])")
    }
}

/// How much work runs at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parallelism {
    /// Worker threads sealing or opening chunks (the calling thread does the I/O).
    pub workers: usize,
    /// Consecutive chunks handed to a worker as one job (16 = 1 MiB of plaintext).
    pub chunks_per_job: usize,
    /// Jobs that may be queued, in work or waiting to be written at once. This and
    /// `chunks_per_job` bound the engine's memory: about
    /// `(jobs_in_flight + 1) × chunks_per_job × 64 KiB`.
    pub jobs_in_flight: usize,
}

impl Default for Parallelism {
    fn default() -> Self {
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 64);
        Parallelism::with_workers(workers)
    }
}

impl Parallelism {
    /// `workers` threads with the default job size and queue depth.
    pub fn with_workers(workers: usize) -> Self {
        let workers = workers.max(1);
        Parallelism {
            workers,
            chunks_per_job: 16,
            jobs_in_flight: 2 * workers + 2,
        }
    }

    fn normalized(self) -> Self {
        Parallelism {
            workers: self.workers.max(1),
            chunks_per_job: self.chunks_per_job.max(1),
            jobs_in_flight: self.jobs_in_flight.max(1),
        }
    }
}

/// What is wrong with a payload that failed to open.
///
/// Chunks are numbered from 0; `offset` is the byte offset of the chunk in the payload
/// (after the header and the 16-byte nonce).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadError {
    /// A chunk failed authentication: it was altered, reordered or belongs elsewhere.
    Corrupted {
        /// The chunk's number.
        chunk: u64,
        /// Where it starts in the payload.
        offset: u64,
    },
    /// The payload ends after a chunk that is not marked final.
    Truncated {
        /// The last chunk read.
        chunk: u64,
    },
    /// More data follows the chunk marked final.
    TrailingData {
        /// The chunk marked final.
        chunk: u64,
    },
    /// The final chunk is empty, which the format allows only for an empty plaintext.
    EmptyFinalChunk {
        /// The empty chunk's number.
        chunk: u64,
    },
    /// The final chunk is shorter than its authentication tag.
    ShortChunk {
        /// The chunk's number.
        chunk: u64,
        /// Its length in bytes.
        len: usize,
    },
    /// There is no chunk at all (not even the empty final chunk of an empty file).
    NoChunks,
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match *self {
            PayloadError::Corrupted { chunk, offset } => {
                crate::tr!(
                    "crypto-payload-corrupted",
                    chunk = chunk.to_string(),
                    offset = offset.to_string()
                )
            }
            PayloadError::Truncated { chunk } => {
                crate::tr!("crypto-payload-truncated", chunk = chunk.to_string())
            }
            PayloadError::TrailingData { chunk } => {
                crate::tr!("crypto-payload-trailing-data", chunk = chunk.to_string())
            }
            PayloadError::EmptyFinalChunk { chunk } => {
                crate::tr!(
                    "crypto-payload-empty-final-chunk",
                    chunk = chunk.to_string()
                )
            }
            PayloadError::ShortChunk { chunk, len } => {
                crate::tr!(
                    "crypto-payload-short-chunk",
                    chunk = chunk.to_string(),
                    len = len.to_string()
                )
            }
            PayloadError::NoChunks => crate::tr!("crypto-payload-no-chunks"),
        })
    }
}

impl std::error::Error for PayloadError {}

impl PayloadError {
    /// Turns this error into an `io::Error` that can travel through `Read`/`Write`
    /// stacks (tar, zstd) and be recovered with [`PayloadError::from_io`].
    pub fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }

    /// Recovers a payload error carried inside an `io::Error`.
    pub fn from_io(e: &io::Error) -> Option<&PayloadError> {
        crate::error::typed_in(e)
    }
}

/// The 12-byte STREAM nonce: 11-byte big-endian counter, then the last-chunk flag.
fn chunk_nonce(counter: u64, last: bool) -> [u8; CHUNK_NONCE_SIZE] {
    let mut n = [0u8; CHUNK_NONCE_SIZE];
    n[3..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = last as u8;
    n
}

/// Space in front of the ciphertext in an opening job: each chunk is decrypted to a
/// position before its own ciphertext (out of place), so a chunk that fails keeps its
/// ciphertext intact for [`classify_failure`].
const OPEN_HEADROOM: usize = ENCRYPTED_CHUNK_SIZE;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Seal,
    Open,
}

/// A run of consecutive chunks. For sealing, plaintext chunk `i` sits at
/// `i * ENCRYPTED_CHUNK_SIZE` so the tag can be written behind it in place and the
/// sealed job is one contiguous run of ciphertext. For opening, the ciphertext is
/// contiguous; the worker decrypts in place and compacts the plaintext to the front.
/// A job buffer; wiped when dropped, since it holds plaintext at some point.
type Buf = Zeroizing<Vec<u8>>;

struct Job {
    seq: u64,
    first_chunk: u64,
    buf: Buf,
    /// Input bytes in the job (plaintext for seal, ciphertext for open).
    len: usize,
    /// The job holds the stream's final chunk.
    last: bool,
}

struct Done {
    seq: u64,
    buf: Buf,
    /// Valid output bytes at the front of `buf`.
    len: usize,
    last: bool,
    error: Option<PayloadError>,
}

/// Worker threads plus the queues to and from them.
struct Pool {
    jobs: Option<Sender<Job>>,
    done: Receiver<Done>,
    threads: Vec<JoinHandle<()>>,
}

impl Pool {
    fn start(key: &PayloadKey, dir: Direction, par: Parallelism) -> Pool {
        let (job_tx, job_rx) = bounded::<Job>(par.jobs_in_flight);
        let (done_tx, done_rx) = bounded::<Done>(par.jobs_in_flight);
        let key_bytes = Arc::new(Zeroizing::new(*key.0));
        let threads = (0..par.workers)
            .map(|i| {
                let job_rx = job_rx.clone();
                let done_tx = done_tx.clone();
                let key_bytes = Arc::clone(&key_bytes);
                std::thread::Builder::new()
                    .name(format!("isou-stream-{i}"))
                    .spawn(move || {
                        let mut cipher = ChunkCipher::new(&key_bytes);
                        drop(key_bytes);
                        for job in job_rx.iter() {
                            let done = match dir {
                                Direction::Seal => seal_job(&mut cipher, job),
                                Direction::Open => open_job(&mut cipher, job),
                            };
                            if done_tx.send(done).is_err() {
                                break;
                            }
                        }
                    })
                    .expect("spawning a worker thread")
            })
            .collect();
        Pool {
            jobs: Some(job_tx),
            done: done_rx,
            threads,
        }
    }

    fn submit(&self, job: Job) {
        // The workers only stop when `jobs` is dropped, so this cannot fail while
        // the pool is alive.
        self.jobs
            .as_ref()
            .expect("pool is running")
            .send(job)
            .expect("stream workers are running");
    }

    fn recv(&self) -> Done {
        self.done.recv().expect("stream workers are running")
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing the job queue stops the workers after their current job; draining the
        // results unblocks any worker waiting to hand one back. The result queue ends
        // when the last worker has exited and dropped its sender.
        self.jobs.take();
        for _ in self.done.iter() {}
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

fn seal_job(cipher: &mut ChunkCipher, mut job: Job) -> Done {
    // A job with no plaintext exists only as the final chunk of an empty stream.
    let n = job.len.div_ceil(CHUNK_SIZE).max(1);
    for i in 0..n {
        let start = i * ENCRYPTED_CHUNK_SIZE;
        let len = (job.len - i * CHUNK_SIZE).min(CHUNK_SIZE);
        let last = job.last && i == n - 1;
        let tag = cipher.seal_in_place(
            &chunk_nonce(job.first_chunk + i as u64, last),
            &mut job.buf[start..start + len],
        );
        job.buf[start + len..start + len + TAG_SIZE].copy_from_slice(&tag);
    }
    Done {
        seq: job.seq,
        len: job.len + n * TAG_SIZE,
        buf: job.buf,
        last: job.last,
        error: None,
    }
}

fn open_job(cipher: &mut ChunkCipher, mut job: Job) -> Done {
    let n = job.len.div_ceil(ENCRYPTED_CHUNK_SIZE);
    let mut out_len = 0;
    let mut error = None;
    for i in 0..n {
        let start = i * ENCRYPTED_CHUNK_SIZE;
        let len = (job.len - start).min(ENCRYPTED_CHUNK_SIZE);
        let index = job.first_chunk + i as u64;
        let at_end = job.last && i == n - 1;
        if len < TAG_SIZE {
            error = Some(PayloadError::ShortChunk { chunk: index, len });
            break;
        }
        let pt_len = len - TAG_SIZE;
        // The ciphertext sits at `base`; its plaintext goes to `out_len`, which is at
        // least a chunk before it, so the two never overlap.
        let base = OPEN_HEADROOM + start;
        let opened = cipher.open_to_front(
            &chunk_nonce(index, at_end),
            &mut job.buf[out_len..base + len],
            base - out_len,
        );
        let framing = if opened {
            None
        } else {
            match classify_failure(cipher, &mut job.buf[base..base + len], index, at_end) {
                Ok(framing) => {
                    job.buf.copy_within(base..base + pt_len, out_len);
                    Some(framing)
                }
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        };
        if at_end && pt_len == 0 && index != 0 {
            error = Some(PayloadError::EmptyFinalChunk { chunk: index });
            break;
        }
        out_len += pt_len;
        if framing.is_some() {
            error = framing;
            break;
        }
    }
    Done {
        seq: job.seq,
        buf: job.buf,
        len: out_len,
        last: job.last,
        error,
    }
}

/// Names what is wrong with a chunk that failed to open with its expected flag.
///
/// The chunk at the end of the input must carry the last-chunk flag; every other chunk
/// must not. The other flag is tried to tell truncation ("the end is missing") and
/// trailing data ("something follows the end") from damage. In those two cases the
/// chunk itself is authentic: like the reference implementation (and the C2SP vectors'
/// expected output), its plaintext is decrypted in place and released, and the framing
/// error returned as `Ok`; the stream then stops. Only a full chunk can legitimately
/// be non-final, so a short one at the end is not retried.
fn classify_failure(
    cipher: &ChunkCipher,
    chunk: &mut [u8],
    index: u64,
    at_end: bool,
) -> Result<PayloadError, PayloadError> {
    let full = chunk.len() - TAG_SIZE == CHUNK_SIZE;
    if (full || !at_end) && cipher.open_checked_in_place(&chunk_nonce(index, !at_end), chunk) {
        return Ok(if at_end {
            PayloadError::Truncated { chunk: index }
        } else {
            PayloadError::TrailingData { chunk: index }
        });
    }
    Err(PayloadError::Corrupted {
        chunk: index,
        offset: index * ENCRYPTED_CHUNK_SIZE as u64,
    })
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
pub(crate) fn read_full<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Keeps finished jobs until they can be released in order.
struct Reorder {
    next: u64,
    waiting: BTreeMap<u64, Done>,
}

impl Reorder {
    fn new() -> Self {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// The next job in order, waiting for workers as needed.
    fn next_in_order(&mut self, pool: &Pool) -> Done {
        loop {
            if let Some(d) = self.waiting.remove(&self.next) {
                self.next += 1;
                return d;
            }
            let d = pool.recv();
            self.waiting.insert(d.seq, d);
        }
    }
}

/// Seals a STREAM payload written to it and writes the ciphertext to `W`, in order.
///
/// Call [`PayloadWriter::finish`] at the end: only then is the final chunk sealed.
/// Dropping the writer without `finish` leaves a payload without a final chunk, which
/// every age implementation rejects as truncated.
pub struct PayloadWriter<W: Write> {
    out: W,
    pool: Pool,
    par: Parallelism,
    free: Vec<Buf>,
    allocated: usize,
    cur: Buf,
    cur_len: usize,
    next_seq: u64,
    next_chunk: u64,
    in_flight: usize,
    reorder: Reorder,
    failed: bool,
}

impl<W: Write> PayloadWriter<W> {
    /// Starts sealing into `out` (which must already hold the age header and nonce).
    pub fn new(out: W, key: &PayloadKey, par: Parallelism) -> Self {
        let par = par.normalized();
        let mut w = PayloadWriter {
            out,
            pool: Pool::start(key, Direction::Seal, par),
            par,
            free: Vec::new(),
            allocated: 0,
            cur: Zeroizing::new(Vec::new()),
            cur_len: 0,
            next_seq: 0,
            next_chunk: 0,
            in_flight: 0,
            reorder: Reorder::new(),
            failed: false,
        };
        w.cur = w.alloc();
        w
    }

    fn job_capacity(&self) -> usize {
        self.par.chunks_per_job * CHUNK_SIZE
    }

    fn alloc(&mut self) -> Buf {
        self.allocated += 1;
        Zeroizing::new(vec![0u8; self.par.chunks_per_job * ENCRYPTED_CHUNK_SIZE])
    }

    /// Writes out the oldest job in flight.
    fn write_next(&mut self) -> io::Result<()> {
        let d = self.reorder.next_in_order(&self.pool);
        self.in_flight -= 1;
        let r = self.out.write_all(&d.buf[..d.len]);
        self.free.push(d.buf);
        r
    }

    fn dispatch(&mut self, last: bool) -> io::Result<()> {
        // Reuse a buffer, allocate one while under the bound, or wait for the
        // oldest job to be written.
        let next = loop {
            if let Some(b) = self.free.pop() {
                break b;
            }
            if self.allocated <= self.par.jobs_in_flight {
                break self.alloc();
            }
            self.write_next()?;
        };
        let buf = std::mem::replace(&mut self.cur, next);
        let len = std::mem::take(&mut self.cur_len);
        let chunks = len.div_ceil(CHUNK_SIZE).max(1) as u64;
        self.pool.submit(Job {
            seq: self.next_seq,
            first_chunk: self.next_chunk,
            buf,
            len,
            last,
        });
        self.next_seq += 1;
        self.next_chunk += chunks;
        self.in_flight += 1;
        Ok(())
    }

    /// Reads `input` to its end straight into the job buffers (no intermediate copy);
    /// returns the bytes read. Faster than `io::copy` into this writer.
    pub fn copy_from<R: Read + ?Sized>(&mut self, input: &mut R) -> io::Result<u64> {
        if self.failed {
            return Err(io::Error::other(crate::tr!("crypto-writer-failed-earlier")));
        }
        let mut total = 0u64;
        loop {
            if self.cur_len == self.job_capacity() {
                // As in `write`: a full job is sent only once a further byte exists.
                let mut one = [0u8; 1];
                if read_full(input, &mut one)? == 0 {
                    return Ok(total);
                }
                if let Err(e) = self.dispatch(false) {
                    self.failed = true;
                    return Err(e);
                }
                self.cur[0] = one[0];
                self.cur_len = 1;
                total += 1;
            }
            let chunk = self.cur_len / CHUNK_SIZE;
            let at = chunk * ENCRYPTED_CHUNK_SIZE + self.cur_len % CHUNK_SIZE;
            let end = chunk * ENCRYPTED_CHUNK_SIZE + CHUNK_SIZE;
            let n = loop {
                match input.read(&mut self.cur[at..end]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    r => break r?,
                }
            };
            if n == 0 {
                return Ok(total);
            }
            self.cur_len += n;
            total += n as u64;
        }
    }

    /// Seals the final chunk, writes everything out and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.failed {
            return Err(io::Error::other(crate::tr!("crypto-writer-failed-earlier")));
        }
        self.dispatch(true)?;
        while self.in_flight > 0 {
            self.write_next()?;
        }
        self.out.flush()?;
        // The pool shuts down and the buffers are wiped as the other fields drop.
        Ok(self.out)
    }
}

impl<W: Write> Write for PayloadWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.failed {
            return Err(io::Error::other(crate::tr!("crypto-writer-failed-earlier")));
        }
        if data.is_empty() {
            return Ok(0);
        }
        // A full job is only sent once more data arrives: until then it may hold the
        // final chunk, whose nonce differs.
        if self.cur_len == self.job_capacity() {
            if let Err(e) = self.dispatch(false) {
                self.failed = true;
                return Err(e);
            }
        }
        let chunk = self.cur_len / CHUNK_SIZE;
        let in_chunk = self.cur_len % CHUNK_SIZE;
        let n = data.len().min(CHUNK_SIZE - in_chunk);
        let at = chunk * ENCRYPTED_CHUNK_SIZE + in_chunk;
        self.cur[at..at + n].copy_from_slice(&data[..n]);
        self.cur_len += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        // Chunks are sealed only when complete; flushing the inner writer is all
        // that can be done without ending the stream.
        self.out.flush()
    }
}

/// Opens a STREAM payload read from `R`, returning only authenticated plaintext, in order.
///
/// Each chunk is released only after its tag verified. When a chunk fails, the plaintext
/// of the chunks before it has been returned and the read fails with a
/// [`PayloadError`] inside the `io::Error` (see [`PayloadError::from_io`]). A caller that
/// must not keep partial plaintext (a decrypt to a file) writes to a temporary file and
/// keeps it only once `read` returned 0.
pub struct PayloadReader<R: Read> {
    inner: R,
    pool: Pool,
    par: Parallelism,
    free: Vec<Buf>,
    allocated: usize,
    lookahead: Option<u8>,
    input_done: bool,
    next_seq: u64,
    next_chunk: u64,
    in_flight: usize,
    reorder: Reorder,
    current: Option<Done>,
    pos: usize,
    finished: bool,
    error: Option<PayloadError>,
}

impl<R: Read> PayloadReader<R> {
    /// Starts opening the payload that `inner` is positioned at (after the nonce).
    pub fn new(inner: R, key: &PayloadKey, par: Parallelism) -> Self {
        let par = par.normalized();
        PayloadReader {
            inner,
            pool: Pool::start(key, Direction::Open, par),
            par,
            free: Vec::new(),
            allocated: 0,
            lookahead: None,
            input_done: false,
            next_seq: 0,
            next_chunk: 0,
            in_flight: 0,
            reorder: Reorder::new(),
            current: None,
            pos: 0,
            finished: false,
            error: None,
        }
    }

    /// Reads ahead: fills free buffers with ciphertext and hands them to the workers.
    fn fill(&mut self) -> io::Result<()> {
        while !self.input_done && self.in_flight < self.par.jobs_in_flight {
            let mut buf = match self.free.pop() {
                Some(b) => b,
                None => {
                    self.allocated += 1;
                    Zeroizing::new(vec![
                        0u8;
                        OPEN_HEADROOM
                            + self.par.chunks_per_job * ENCRYPTED_CHUNK_SIZE
                    ])
                }
            };
            let space = &mut buf[OPEN_HEADROOM..];
            let mut len = 0;
            if let Some(b) = self.lookahead.take() {
                space[0] = b;
                len = 1;
            }
            len += read_full(&mut self.inner, &mut space[len..])?;
            let last = if len == space.len() {
                // Whether this job ends the stream depends on whether a byte follows.
                let mut one = [0u8; 1];
                if read_full(&mut self.inner, &mut one)? == 1 {
                    self.lookahead = Some(one[0]);
                    false
                } else {
                    true
                }
            } else {
                true
            };
            if last {
                self.input_done = true;
            }
            if len == 0 {
                // Nothing at all after the nonce: not even an empty final chunk.
                self.free.push(buf);
                self.error = Some(PayloadError::NoChunks);
                return Ok(());
            }
            let chunks = len.div_ceil(ENCRYPTED_CHUNK_SIZE) as u64;
            self.pool.submit(Job {
                seq: self.next_seq,
                first_chunk: self.next_chunk,
                buf,
                len,
                last,
            });
            self.next_seq += 1;
            self.next_chunk += chunks;
            self.in_flight += 1;
        }
        Ok(())
    }
}

impl<R: Read> PayloadReader<R> {
    /// Makes `current` hold unread plaintext; `false` at the end of the payload.
    fn advance(&mut self) -> io::Result<bool> {
        loop {
            if let Some(cur) = &self.current {
                if self.pos < cur.len {
                    return Ok(true);
                }
                let mut cur = self.current.take().expect("checked above");
                if let Some(e) = cur.error.take() {
                    self.error = Some(e);
                }
                if cur.last && self.error.is_none() {
                    self.finished = true;
                }
                self.free.push(cur.buf);
            }
            if let Some(e) = &self.error {
                return Err(e.clone().into_io());
            }
            if self.finished {
                return Ok(false);
            }
            self.fill()?;
            if self.in_flight == 0 {
                if let Some(e) = &self.error {
                    return Err(e.clone().into_io());
                }
                return Ok(false);
            }
            let d = self.reorder.next_in_order(&self.pool);
            self.in_flight -= 1;
            self.current = Some(d);
            self.pos = 0;
        }
    }

    /// Writes all remaining plaintext to `out` straight from the job buffers (no
    /// intermediate copy); returns the bytes written. Faster than `io::copy`.
    pub fn copy_to<W: Write + ?Sized>(&mut self, out: &mut W) -> io::Result<u64> {
        let mut total = 0u64;
        while self.advance()? {
            let cur = self.current.as_ref().expect("advance returned true");
            out.write_all(&cur.buf[self.pos..cur.len])?;
            total += (cur.len - self.pos) as u64;
            self.pos = cur.len;
        }
        Ok(total)
    }
}

impl<R: Read> Read for PayloadReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() || !self.advance()? {
            return Ok(0);
        }
        let cur = self.current.as_ref().expect("advance returned true");
        let n = out.len().min(cur.len - self.pos);
        out[..n].copy_from_slice(&cur.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chacha20poly1305::aead::AeadInPlace;

    /// A plain, one-chunk-at-a-time STREAM sealer: the reference the parallel engine
    /// must match byte for byte.
    fn serial_seal(key: &PayloadKey, pt: &[u8]) -> Vec<u8> {
        let cipher = key.cipher();
        let mut out = Vec::new();
        let chunks: Vec<&[u8]> = if pt.is_empty() {
            vec![&[][..]]
        } else {
            pt.chunks(CHUNK_SIZE).collect()
        };
        for (i, c) in chunks.iter().enumerate() {
            let last = i == chunks.len() - 1;
            let mut b = c.to_vec();
            let tag = cipher
                .encrypt_in_place_detached(&chunk_nonce(i as u64, last).into(), b"", &mut b)
                .unwrap();
            out.extend_from_slice(&b);
            out.extend_from_slice(&tag);
        }
        out
    }

    fn data(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    fn key() -> PayloadKey {
        PayloadKey::from_bytes([42; 32])
    }

    fn seal(pt: &[u8], par: Parallelism, write_size: usize) -> Vec<u8> {
        let mut w = PayloadWriter::new(Vec::new(), &key(), par);
        for piece in pt.chunks(write_size.max(1)) {
            w.write_all(piece).unwrap();
        }
        w.finish().unwrap()
    }

    fn open(ct: &[u8], par: Parallelism) -> Result<Vec<u8>, PayloadError> {
        let mut r = PayloadReader::new(ct, &key(), par);
        let mut out = Vec::new();
        match r.read_to_end(&mut out) {
            Ok(_) => Ok(out),
            Err(e) => Err(PayloadError::from_io(&e).cloned().expect("payload error")),
        }
    }

    fn shapes() -> Vec<Parallelism> {
        vec![
            Parallelism::with_workers(1),
            Parallelism {
                workers: 3,
                chunks_per_job: 1,
                jobs_in_flight: 2,
            },
            Parallelism {
                workers: 7,
                chunks_per_job: 3,
                jobs_in_flight: 9,
            },
            Parallelism::default(),
        ]
    }

    const SIZES: &[usize] = &[
        0,
        1,
        CHUNK_SIZE - 1,
        CHUNK_SIZE,
        CHUNK_SIZE + 1,
        3 * CHUNK_SIZE,
        16 * CHUNK_SIZE,
        16 * CHUNK_SIZE + 1,
        48 * CHUNK_SIZE + 12345,
    ];

    #[test]
    fn parallel_output_is_byte_identical_to_serial() {
        for &len in SIZES {
            let pt = data(len);
            let expected = serial_seal(&key(), &pt);
            for par in shapes() {
                for ws in [1000, CHUNK_SIZE, 1 << 20] {
                    assert_eq!(seal(&pt, par, ws), expected, "len {len} {par:?} ws {ws}");
                }
                assert_eq!(open(&expected, par).unwrap(), pt, "len {len} {par:?}");
                // The zero-copy paths give the same bytes.
                let mut w = PayloadWriter::new(Vec::new(), &key(), par);
                w.copy_from(&mut &pt[..]).unwrap();
                assert_eq!(w.finish().unwrap(), expected, "copy_from len {len} {par:?}");
                let mut r = PayloadReader::new(&expected[..], &key(), par);
                let mut out = Vec::new();
                assert_eq!(r.copy_to(&mut out).unwrap(), len as u64);
                assert_eq!(out, pt, "copy_to len {len} {par:?}");
            }
        }
    }

    #[test]
    fn every_flipped_chunk_is_detected() {
        let pt = data(5 * CHUNK_SIZE + 10);
        let ct = serial_seal(&key(), &pt);
        for chunk in 0..6u64 {
            let mut bad = ct.clone();
            bad[chunk as usize * ENCRYPTED_CHUNK_SIZE + 3] ^= 1;
            for par in shapes() {
                assert_eq!(
                    open(&bad, par),
                    Err(PayloadError::Corrupted {
                        chunk,
                        offset: chunk * ENCRYPTED_CHUNK_SIZE as u64
                    })
                );
            }
        }
    }

    #[test]
    fn plaintext_before_a_bad_chunk_is_released_but_nothing_after() {
        let pt = data(5 * CHUNK_SIZE);
        let mut ct = serial_seal(&key(), &pt);
        ct[2 * ENCRYPTED_CHUNK_SIZE + 5] ^= 0x80;
        let mut r = PayloadReader::new(&ct[..], &key(), Parallelism::default());
        let mut out = Vec::new();
        let e = r.read_to_end(&mut out).unwrap_err();
        assert!(PayloadError::from_io(&e).is_some());
        assert_eq!(out, pt[..2 * CHUNK_SIZE]);
    }

    #[test]
    fn truncation_reordering_and_trailing_data_are_named() {
        let pt = data(4 * CHUNK_SIZE + 100);
        let ct = serial_seal(&key(), &pt);
        let par = Parallelism::default();
        // Cut at a chunk boundary: the last remaining chunk is not final.
        assert_eq!(
            open(&ct[..2 * ENCRYPTED_CHUNK_SIZE], par),
            Err(PayloadError::Truncated { chunk: 1 })
        );
        // Cut inside a chunk.
        assert!(matches!(
            open(&ct[..2 * ENCRYPTED_CHUNK_SIZE + 500], par),
            Err(PayloadError::Corrupted { chunk: 2, .. })
        ));
        // Swap chunks 1 and 2.
        let mut swapped = ct.clone();
        let (a, b) = (ENCRYPTED_CHUNK_SIZE, 2 * ENCRYPTED_CHUNK_SIZE);
        let c1 = ct[a..b].to_vec();
        swapped[a..b].copy_from_slice(&ct[b..b + ENCRYPTED_CHUNK_SIZE]);
        swapped[b..b + ENCRYPTED_CHUNK_SIZE].copy_from_slice(&c1);
        assert!(matches!(
            open(&swapped, par),
            Err(PayloadError::Corrupted { chunk: 1, .. })
        ));
        // Data after a final full chunk.
        let full = serial_seal(&key(), &data(2 * CHUNK_SIZE));
        let mut trailing = full.clone();
        trailing.extend_from_slice(&[0u8; 40]);
        assert_eq!(
            open(&trailing, par),
            Err(PayloadError::TrailingData { chunk: 1 })
        );
        // Nothing at all.
        assert_eq!(open(&[], par), Err(PayloadError::NoChunks));
        // A final chunk shorter than a tag.
        let mut short = full[..ENCRYPTED_CHUNK_SIZE].to_vec();
        short.extend_from_slice(&[1, 2, 3]);
        assert_eq!(
            open(&short, par),
            Err(PayloadError::ShortChunk { chunk: 1, len: 3 })
        );
    }

    #[test]
    fn empty_final_chunk_only_for_empty_plaintext() {
        let cipher = key().cipher();
        let mut ct = serial_seal(&key(), &data(CHUNK_SIZE));
        // Re-seal chunk 0 as non-final and append an empty final chunk 1.
        let mut c0 = data(CHUNK_SIZE);
        let tag = cipher
            .encrypt_in_place_detached(&chunk_nonce(0, false).into(), b"", &mut c0)
            .unwrap();
        ct.clear();
        ct.extend_from_slice(&c0);
        ct.extend_from_slice(&tag);
        let mut empty = Vec::new();
        let tag = cipher
            .encrypt_in_place_detached(&chunk_nonce(1, true).into(), b"", &mut empty)
            .unwrap();
        ct.extend_from_slice(&tag);
        assert_eq!(
            open(&ct, Parallelism::default()),
            Err(PayloadError::EmptyFinalChunk { chunk: 1 })
        );
        assert_eq!(
            open(&serial_seal(&key(), &[]), Parallelism::default()),
            Ok(vec![])
        );
    }

    #[test]
    fn memory_is_bounded_by_the_job_pool() {
        // Writing many jobs never allocates more than jobs_in_flight + 1 buffers.
        let par = Parallelism {
            workers: 2,
            chunks_per_job: 2,
            jobs_in_flight: 3,
        };
        let mut w = PayloadWriter::new(io::sink(), &key(), par);
        let block = data(CHUNK_SIZE);
        for _ in 0..200 {
            w.write_all(&block).unwrap();
        }
        assert!(w.allocated <= par.jobs_in_flight + 1, "{}", w.allocated);
        w.finish().unwrap();

        let ct = serial_seal(&key(), &data(100 * CHUNK_SIZE));
        let mut r = PayloadReader::new(&ct[..], &key(), par);
        io::copy(&mut r, &mut io::sink()).unwrap();
        assert!(r.allocated <= par.jobs_in_flight + 1, "{}", r.allocated);
    }
}
