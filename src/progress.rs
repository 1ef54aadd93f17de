//! A byte counter that long operations advance and a user interface may watch (the CLI
//! draws a progress bar on stderr from it). Cheap: one relaxed atomic add per block.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Bytes processed so far; clones share the count.
#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<AtomicU64>);

impl Progress {
    /// A new counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `n` more bytes.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// Bytes so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}
