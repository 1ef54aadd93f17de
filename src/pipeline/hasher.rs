//! SHA-256 on a thread of its own, so hashing overlaps the reading, compressing,
//! encrypting and writing around it.
//!
//! isou hashes everything it moves (each input file for `ISOU-CONTENTS.json`, each
//! segment for the manifest, each segment again when reading back or opening). With
//! SHA-NI one core hashes ~1.7 GB/s, about the speed of the rest of a stream, so doing
//! it inline halves the throughput; here the caller copies its bytes into one of a few
//! 1 MiB buffers (a memcpy, ~10× faster than hashing) and a hasher thread does the rest.
//! Memory is bounded by the buffer pool: a slow hasher makes the caller wait.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use sha2::{Digest, Sha256};

const BUF: usize = 1 << 20;
const BUFFERS: usize = 4;

enum Msg {
    Data(Vec<u8>),
    End,
}

/// A stream of SHA-256 computations on a background thread: [`Sha256Pipe::update`] as
/// with [`Sha256`], [`Sha256Pipe::finish`] ends one stream and returns its digest; the
/// pipe can then hash the next one.
pub struct Sha256Pipe {
    tx: Option<SyncSender<Msg>>,
    free: Receiver<Vec<u8>>,
    digests: Receiver<[u8; 32]>,
    cur: Vec<u8>,
    thread: Option<JoinHandle<()>>,
}

impl Default for Sha256Pipe {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256Pipe {
    /// Starts the hasher thread.
    pub fn new() -> Sha256Pipe {
        let (tx, rx) = sync_channel::<Msg>(BUFFERS);
        let (free_tx, free) = sync_channel::<Vec<u8>>(BUFFERS);
        let (dig_tx, digests) = sync_channel::<[u8; 32]>(1);
        for _ in 0..BUFFERS - 1 {
            free_tx
                .send(Vec::with_capacity(BUF))
                .expect("room for every buffer");
        }
        let thread = std::thread::Builder::new()
            .name("isou-sha256".into())
            .spawn(move || {
                let mut h = Sha256::new();
                for m in rx {
                    match m {
                        Msg::Data(mut b) => {
                            h.update(&b);
                            b.clear();
                            // The caller may be gone (dropped mid-stream): fine.
                            let _ = free_tx.try_send(b);
                        }
                        Msg::End => {
                            if dig_tx.send(h.finalize_reset().into()).is_err() {
                                return;
                            }
                        }
                    }
                }
            })
            .expect("spawning the hasher thread");
        Sha256Pipe {
            tx: Some(tx),
            free,
            digests,
            cur: Vec::with_capacity(BUF),
            thread: Some(thread),
        }
    }

    fn send(&mut self) {
        let next = self.free.recv().unwrap_or_else(|_| Vec::with_capacity(BUF));
        let full = std::mem::replace(&mut self.cur, next);
        self.tx
            .as_ref()
            .expect("open")
            .send(Msg::Data(full))
            .expect("the hasher thread does not stop while the pipe lives");
    }

    /// Adds bytes to the current stream.
    pub fn update(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let n = (BUF - self.cur.len()).min(data.len());
            self.cur.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.cur.len() == BUF {
                self.send();
            }
        }
    }

    /// Ends the current stream; returns its SHA-256.
    pub fn finish(&mut self) -> [u8; 32] {
        if !self.cur.is_empty() {
            self.send();
        }
        let tx = self.tx.as_ref().expect("open");
        tx.send(Msg::End).expect("hasher alive");
        self.digests.recv().expect("hasher alive")
    }
}

impl Drop for Sha256Pipe {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_digests_as_inline_hashing() {
        let mut p = Sha256Pipe::new();
        for len in [0usize, 1, 4095, BUF - 1, BUF, BUF + 1, 5 * BUF + 17] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 + len) as u8).collect();
            for piece in data.chunks(65_537) {
                p.update(piece);
            }
            assert_eq!(p.finish(), <[u8; 32]>::from(Sha256::digest(&data)), "{len}");
        }
    }
}
