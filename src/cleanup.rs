//! Paths to remove if the process is interrupted (Ctrl-C): temporary outputs and
//! staging folders that may hold plaintext, and half-written media. The library
//! registers what it creates; the command line's signal handler calls [`remove_all`].
//! (A SIGKILL cannot be caught; stale staging folders are named `.NAME.isou-staging-*`
//! beside the output so they can be found.)

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Keeps a path registered while it lives.
#[derive(Debug)]
pub struct Guard(PathBuf);

/// Registers `path` (a file or a folder) for removal on interruption.
pub fn register(path: &Path) -> Guard {
    if let Ok(mut v) = PENDING.lock() {
        v.push(path.to_path_buf());
    }
    Guard(path.to_path_buf())
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut v) = PENDING.lock() {
            if let Some(i) = v.iter().rposition(|p| p == &self.0) {
                v.remove(i);
            }
        }
    }
}

/// Removes every registered path (called from a signal handler thread).
pub fn remove_all() {
    if let Ok(v) = PENDING.lock() {
        for p in v.iter() {
            match std::fs::symlink_metadata(p) {
                Ok(m) if m.is_dir() => {
                    let _ = std::fs::remove_dir_all(p);
                }
                Ok(_) => {
                    let _ = std::fs::remove_file(p);
                }
                Err(_) => {}
            }
        }
    }
}
