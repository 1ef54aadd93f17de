//! The worker pool behind [`super::PayloadWriter`] and [`super::PayloadReader`]: jobs of
//! consecutive chunks, the threads that seal or open them, and the reordering of their
//! results.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Receiver, Sender};
use zeroize::Zeroizing;

use super::{
    chunk_nonce, ChunkCipher, Parallelism, PayloadError, PayloadKey, CHUNK_SIZE,
    ENCRYPTED_CHUNK_SIZE, TAG_SIZE,
};

/// Space in front of the ciphertext in an opening job: each chunk is decrypted to a
/// position before its own ciphertext (out of place), so a chunk that fails keeps its
/// ciphertext intact for [`classify_failure`].
pub(super) const OPEN_HEADROOM: usize = ENCRYPTED_CHUNK_SIZE;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Seal,
    Open,
}

/// A job buffer; wiped when dropped, since it holds plaintext at some point.
pub(super) type Buf = Zeroizing<Vec<u8>>;

/// A run of consecutive chunks. For sealing, plaintext chunk `i` sits at
/// `i * ENCRYPTED_CHUNK_SIZE` so the tag can be written behind it in place and the
/// sealed job is one contiguous run of ciphertext. For opening, the ciphertext is
/// contiguous; the worker decrypts in place and compacts the plaintext to the front.
pub(super) struct Job {
    pub(super) seq: u64,
    pub(super) first_chunk: u64,
    pub(super) buf: Buf,
    /// Input bytes in the job (plaintext for seal, ciphertext for open).
    pub(super) len: usize,
    /// The job holds the stream's final chunk.
    pub(super) last: bool,
}

pub(super) struct Done {
    pub(super) seq: u64,
    pub(super) buf: Buf,
    /// Valid output bytes at the front of `buf`.
    pub(super) len: usize,
    pub(super) last: bool,
    pub(super) error: Option<PayloadError>,
}

/// Worker threads plus the queues to and from them.
pub(super) struct Pool {
    jobs: Option<Sender<Job>>,
    done: Receiver<Done>,
    threads: Vec<JoinHandle<()>>,
}

impl Pool {
    pub(super) fn start(key: &PayloadKey, dir: Direction, par: Parallelism) -> Pool {
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
                        work(key_bytes, dir, &job_rx, &done_tx);
                        // ring does not wipe its key (aead.rs, `Fast`): the cipher and
                        // the copies its construction and moves left lie in the dead
                        // frames of `work` below this one, overwritten here (CWE-226).
                        crate::keys::wipe_stack();
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

    pub(super) fn submit(&self, job: Job) {
        // The workers only stop when `jobs` is dropped, so this cannot fail while
        // the pool is alive.
        self.jobs
            .as_ref()
            .expect("pool is running")
            .send(job)
            .expect("stream workers are running");
    }

    pub(super) fn recv(&self) -> Done {
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

/// One worker's life: a cipher under the key, then the jobs until the queue closes or
/// nobody takes the results. Its own frame, so the cipher is dead when it returns.
#[inline(never)]
fn work(
    key_bytes: Arc<Zeroizing<[u8; 32]>>,
    dir: Direction,
    jobs: &Receiver<Job>,
    done: &Sender<Done>,
) {
    let mut cipher = ChunkCipher::new(&key_bytes);
    drop(key_bytes);
    for job in jobs.iter() {
        let result = match dir {
            Direction::Seal => seal_job(&mut cipher, job),
            Direction::Open => open_job(&mut cipher, job),
        };
        if done.send(result).is_err() {
            break;
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

/// Keeps finished jobs until they can be released in order.
pub(super) struct Reorder {
    next: u64,
    waiting: BTreeMap<u64, Done>,
}

impl Reorder {
    pub(super) fn new() -> Self {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// The next job in order, waiting for workers as needed.
    pub(super) fn next_in_order(&mut self, pool: &Pool) -> Done {
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
