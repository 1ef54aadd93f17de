//! [`PayloadWriter`]: sealing a STREAM payload on all cores.

use std::io::{self, Read, Write};

use zeroize::Zeroizing;

use super::pool::{Buf, Direction, Job, Pool, Reorder};
use super::{read_full, Parallelism, PayloadKey, CHUNK_SIZE, ENCRYPTED_CHUNK_SIZE};

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
    pub(super) allocated: usize,
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
