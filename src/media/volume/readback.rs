//! The read-back thread: each finished segment read again from the medium while the
//! next is written, and compared with what was written.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

pub(super) struct ReadJob {
    pub(super) volume: usize,
    pub(super) name: String,
    pub(super) path: PathBuf,
    pub(super) offset: u64,
    pub(super) len: u64,
    pub(super) want: [u8; 32],
}

#[derive(Default)]
struct ReadState {
    done: usize,
    problems: Vec<(usize, String)>,
}

/// Reads each finished segment back from the medium, on a thread of its own while the
/// next segment is written (as burning software verifies a disc), and compares its
/// SHA-256 with the one computed while writing. The page cache is dropped first
/// (`posix_fadvise`), so the bytes come from the medium where the system allows it.
pub(super) struct ReadBack {
    tx: Option<std::sync::mpsc::Sender<ReadJob>>,
    state: Arc<(std::sync::Mutex<ReadState>, std::sync::Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
    submitted: usize,
}

impl ReadBack {
    pub(super) fn new() -> ReadBack {
        let (tx, rx) = std::sync::mpsc::channel::<ReadJob>();
        let state: Arc<(std::sync::Mutex<ReadState>, std::sync::Condvar)> = Default::default();
        let st = state.clone();
        let thread = std::thread::Builder::new()
            .name("isou-readback".into())
            .spawn(move || {
                for job in rx {
                    let r = read_back(&job);
                    let (m, cv) = &*st;
                    let mut s = m.lock().expect("no panics while held");
                    s.done += 1;
                    if let Err(why) = r {
                        s.problems.push((
                            job.volume,
                            crate::tr!(
                                "media-read-back-problem",
                                file = format!("data/{}", job.name),
                                why = why
                            ),
                        ));
                    }
                    cv.notify_all();
                }
            })
            .expect("spawning the read-back thread");
        ReadBack {
            tx: Some(tx),
            state,
            thread: Some(thread),
            submitted: 0,
        }
    }

    pub(super) fn submit(&mut self, job: ReadJob) {
        self.submitted += 1;
        self.tx
            .as_ref()
            .expect("open")
            .send(job)
            .expect("the read-back thread lives as long as the sink");
    }

    /// Waits for every submitted segment; returns the problems found on `volume`.
    pub(super) fn wait(&self, volume: usize) -> Vec<String> {
        let (m, cv) = &*self.state;
        let mut s = m.lock().expect("no panics while held");
        while s.done < self.submitted {
            s = cv.wait(s).expect("no panics while held");
        }
        s.problems
            .iter()
            .filter(|(v, _)| *v == volume)
            .map(|(_, p)| p.clone())
            .collect()
    }
}

impl Drop for ReadBack {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn read_back(job: &ReadJob) -> Result<(), String> {
    use sha2::{Digest, Sha256};
    use std::io::{Read, Seek, SeekFrom};
    let unreadable = |e: io::Error| crate::tr!("media-read-back-unreadable", error = e.to_string());
    let mut f = File::open(&job.path).map_err(unreadable)?;
    crate::platform::drop_cache(&f, job.offset, job.len);
    f.seek(SeekFrom::Start(job.offset)).map_err(unreadable)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut r = f.take(job.len);
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf).map_err(unreadable)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    if n != job.len || <[u8; 32]>::from(h.finalize()) != job.want {
        return Err(crate::tr!("media-read-back-differs"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn read_back_compares_what_the_medium_holds() {
        use sha2::{Digest, Sha256};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("seg");
        fs::write(&p, b"0123456789abcdef").unwrap();
        let job = |offset: u64, len: u64, data: &[u8]| ReadJob {
            volume: 1,
            name: "payload.000".into(),
            path: p.clone(),
            offset,
            len,
            want: Sha256::digest(data).into(),
        };
        assert!(read_back(&job(4, 6, b"456789")).is_ok());
        assert!(read_back(&job(4, 6, b"456788")).is_err());
        // The medium holds less than was written.
        assert!(read_back(&job(10, 10, b"abcdef\0\0\0\0")).is_err());
    }
}
