//! Writing a medium from a thread of its own ("write-behind"), so a slow medium does not
//! stall compression, encryption and hashing.
//!
//! A USB stick mounted write-through (Windows' "quick removal", `-o sync` on Linux) or a
//! FUSE file system makes every `write` wait for the device. Written inline, the
//! pipeline then computes *or* writes, and the total is the sum of both. Here the caller
//! copies its bytes into one of a few 1 MiB buffers and a writer thread does the
//! waiting, so the total is about the device's transfer time alone
//! (`benches/slow_media.py`). Memory is bounded by the buffers; an error (the medium
//! full or removed) is returned by the next call after it happened.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

const BUF: usize = 1 << 20;
const BUFFERS: usize = 4;

enum Cmd {
    Data(Vec<u8>),
    Sync(SyncSender<io::Result<()>>),
}

/// A file written by a background thread.
pub struct WriteBehind {
    tx: Option<SyncSender<Cmd>>,
    free: Receiver<Vec<u8>>,
    cur: Vec<u8>,
    thread: Option<JoinHandle<io::Result<File>>>,
}

impl WriteBehind {
    /// Hands `file` to a writer thread.
    pub fn new(mut file: File) -> WriteBehind {
        let (tx, rx) = sync_channel::<Cmd>(BUFFERS);
        let (free_tx, free) = sync_channel::<Vec<u8>>(BUFFERS);
        for _ in 0..BUFFERS - 1 {
            free_tx.send(Vec::with_capacity(BUF)).expect("room");
        }
        let thread = std::thread::Builder::new()
            .name("isou-writer".into())
            .spawn(move || -> io::Result<File> {
                for cmd in rx {
                    match cmd {
                        Cmd::Data(mut b) => {
                            file.write_all(&b)?;
                            b.clear();
                            let _ = free_tx.try_send(b);
                        }
                        Cmd::Sync(reply) => {
                            let r = file.sync_all();
                            let failed = r.is_err();
                            let _ = reply.send(r);
                            if failed {
                                return Err(io::Error::other(crate::tr!("pipeline-fsync-failed")));
                            }
                        }
                    }
                }
                Ok(file)
            })
            .expect("spawning the writer thread");
        WriteBehind {
            tx: Some(tx),
            free,
            cur: Vec::with_capacity(BUF),
            thread: Some(thread),
        }
    }

    /// The writer thread stopped: its error.
    fn failed(&mut self) -> io::Error {
        drop(self.tx.take());
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => io::Error::other(crate::tr!("pipeline-writer-panicked")),
            _ => io::Error::other(crate::tr!("pipeline-writer-stopped")),
        }
    }

    fn send(&mut self) -> io::Result<()> {
        let Some(tx) = self.tx.as_ref() else {
            return Err(self.failed());
        };
        let full = std::mem::take(&mut self.cur);
        if tx.send(Cmd::Data(full)).is_err() {
            return Err(self.failed());
        }
        self.cur = match self.free.recv() {
            Ok(b) => b,
            Err(_) => return Err(self.failed()),
        };
        Ok(())
    }

    /// Writes out everything queued and fsyncs the file.
    pub fn sync_all(&mut self) -> io::Result<()> {
        if !self.cur.is_empty() {
            self.send()?;
        }
        let (reply, answer) = sync_channel(1);
        let Some(tx) = self.tx.as_ref() else {
            return Err(self.failed());
        };
        if tx.send(Cmd::Sync(reply)).is_err() {
            return Err(self.failed());
        }
        match answer.recv() {
            Ok(r) => r,
            Err(_) => Err(self.failed()),
        }
    }

    /// Writes out everything queued and returns the file.
    pub fn into_inner(mut self) -> io::Result<File> {
        if !self.cur.is_empty() {
            self.send()?;
        }
        drop(self.tx.take());
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            _ => Err(io::Error::other(crate::tr!("pipeline-writer-panicked"))),
        }
    }
}

impl Write for WriteBehind {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.tx.is_none() {
            return Err(self.failed());
        }
        let n = (BUF - self.cur.len()).min(buf.len());
        self.cur.extend_from_slice(&buf[..n]);
        if self.cur.len() == BUF {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.cur.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

impl Drop for WriteBehind {
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
    fn writes_everything_in_order_and_reports_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let mut w = WriteBehind::new(File::create(&p).unwrap());
        let data: Vec<u8> = (0..5 * BUF + 123).map(|i| (i % 251) as u8).collect();
        for piece in data.chunks(70_001) {
            w.write_all(piece).unwrap();
        }
        w.sync_all().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), data);
        w.write_all(b"tail").unwrap();
        let f = w.into_inner().unwrap();
        assert_eq!(f.metadata().unwrap().len(), data.len() as u64 + 4);

        // A file that cannot be written: the error comes back to the caller.
        let ro = File::open(&p).unwrap();
        let mut w = WriteBehind::new(ro);
        let mut failed = false;
        for _ in 0..16 {
            if w.write_all(&data[..BUF]).is_err() {
                failed = true;
                break;
            }
        }
        assert!(failed || w.sync_all().is_err());
    }
}
