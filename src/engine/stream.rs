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

use std::fmt;
use std::io::{self, Read};

use zeroize::Zeroizing;

use super::aead::{ChunkCipher, CHUNK_NONCE_SIZE};

mod pool;
mod reader;
#[cfg(test)]
mod tests;
mod writer;

pub use reader::PayloadReader;
pub use writer::PayloadWriter;

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
