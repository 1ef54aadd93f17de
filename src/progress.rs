//! A byte counter that long operations advance and a user interface may watch (the CLI
//! draws a progress bar on stderr from it). Cheap: one relaxed atomic add per block.
//!
//! Besides the count it carries what a bar needs to tell the truth: the
//! total when the work learns it late (a set whose later volumes come one by one) and
//! the phase after the counted work (compression and writing still running once every
//! input byte was read: a bar at 100% with "ETA 0s" for minutes is a false "done").

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;

/// What is being done once the counted bytes are all through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The counted work (reading the input, or the medium).
    Counting,
    /// Every input byte was read; compression, encryption, writing and reading back
    /// of what the compressor still holds go on (its size is not known before it is
    /// done).
    Finishing,
}

impl Phase {
    /// A few words for a progress display, in the current language.
    pub fn label(self) -> String {
        match self {
            Phase::Counting => String::new(),
            Phase::Finishing => crate::tr!("progress-finishing"),
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    done: AtomicU64,
    /// 0: unknown (the caller's own total stands).
    total: AtomicU64,
    phase: AtomicU8,
}

/// Bytes processed so far; clones share the count.
#[derive(Clone, Debug, Default)]
pub struct Progress(Arc<Inner>);

impl Progress {
    /// A new counter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `n` more bytes.
    pub fn add(&self, n: u64) {
        self.0.done.fetch_add(n, Ordering::Relaxed);
    }

    /// Bytes so far.
    pub fn get(&self) -> u64 {
        self.0.done.load(Ordering::Relaxed)
    }

    /// Sets the total the work now expects (e.g. the whole set of volumes).
    pub fn set_total(&self, total: u64) {
        self.0.total.store(total, Ordering::Relaxed);
    }

    /// The total the work expects, when it said (`None`: the caller's own stands).
    pub fn total(&self) -> Option<u64> {
        Some(self.0.total.load(Ordering::Relaxed)).filter(|t| *t > 0)
    }

    /// Enters `phase`.
    pub fn set_phase(&self, phase: Phase) {
        let v = match phase {
            Phase::Counting => 0,
            Phase::Finishing => 1,
        };
        self.0.phase.store(v, Ordering::Relaxed);
    }

    /// The phase the work is in.
    pub fn phase(&self) -> Phase {
        match self.0.phase.load(Ordering::Relaxed) {
            1 => Phase::Finishing,
            _ => Phase::Counting,
        }
    }
}
