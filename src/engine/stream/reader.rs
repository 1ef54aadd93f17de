//! [`PayloadReader`]: opening a STREAM payload on all cores, releasing only
//! authenticated plaintext.

use std::io::{self, Read, Write};

use zeroize::Zeroizing;

use super::pool::{Buf, Direction, Done, Job, Pool, Reorder, OPEN_HEADROOM};
use super::{read_full, Parallelism, PayloadError, PayloadKey, ENCRYPTED_CHUNK_SIZE};

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
    pub(super) allocated: usize,
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
