//! Progress bars: drawn on stderr from a library byte counter, only when stderr is a
//! terminal and `--quiet` was not given, so scripts and logs never see them.
//!
//! A bar redraws its line every 100 ms, so anything else written to the terminal while
//! it runs — a prompt above all — was overwritten at once: `open` of a protected
//! identity showed a climbing ETA and never the passphrase prompt, and the requests
//! for the next disc or stick were hidden the same way. Every prompt
//! and every message on standard error therefore goes through [`suspend`], which clears
//! the bar, runs the prompt (the bar cannot redraw meanwhile) and draws it again after.

use std::cell::Cell;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use isou::progress::{Phase, Progress};

/// The bar on screen, if any: what [`suspend`] clears.
static CURRENT: Mutex<Option<ProgressBar>> = Mutex::new(None);

thread_local! {
    /// Inside [`suspend`] on this thread: a message printed by the prompt itself is
    /// written directly (the bar is already cleared, and suspending twice would wait
    /// for itself).
    static SUSPENDED: Cell<bool> = const { Cell::new(false) };
}

/// A running bar; dropping it removes the bar.
pub struct Bar {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Shows `label` with bytes, rate and ETA against `total` (or the total `progress`
/// learns later: a set's volumes); once `progress` enters [`Phase::Finishing`] the bar
/// becomes a spinner naming the phase, never "100%, ETA 0s" while work goes on.
pub fn start(progress: &Progress, total: u64, label: &str, quiet: bool) -> Bar {
    let stop = Arc::new(AtomicBool::new(false));
    if quiet || !std::io::stderr().is_terminal() {
        return Bar { stop, thread: None };
    }
    let length = move |p: &Progress| p.total().unwrap_or(total).max(p.get()).max(1);
    let pb = ProgressBar::new(length(progress));
    pb.set_style(
        // "ETA" is a word of the catalogue; the rest are indicatif's placeholders.
        ProgressStyle::with_template(&format!(
            "{{msg:8}} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{bytes_per_sec}} {} {{eta}}",
            isou::tr!("progress-eta")
        ))
        .expect("a valid template")
        .progress_chars("=> "),
    );
    pb.set_message(label.to_string());
    // Drawn now, on this thread: the bar is on screen before anything it could hide.
    pb.set_position(progress.get());
    *CURRENT.lock().unwrap_or_else(PoisonError::into_inner) = Some(pb.clone());
    let (p, s) = (progress.clone(), Arc::clone(&stop));
    let thread = std::thread::spawn(move || {
        let mut finishing = false;
        while !s.load(Ordering::Relaxed) {
            if !finishing && p.phase() == Phase::Finishing {
                finishing = true;
                pb.set_style(
                    ProgressStyle::with_template("{msg:8} {spinner} {prefix} ({elapsed})")
                        .expect("a valid template"),
                );
                pb.set_prefix(Phase::Finishing.label());
            }
            if finishing {
                pb.tick();
            } else {
                pb.set_length(length(&p));
                pb.set_position(p.get());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        pb.finish_and_clear();
    });
    Bar {
        stop,
        thread: Some(thread),
    }
}

/// Runs `f` (a prompt, a message) with the bar cleared from the screen, and draws the
/// bar again after; without a bar, just runs `f`.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    if SUSPENDED.with(Cell::get) {
        return f();
    }
    let pb = CURRENT
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let Some(pb) = pb else {
        return f();
    };
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SUSPENDED.with(|s| s.set(false));
        }
    }
    SUSPENDED.with(|s| s.set(true));
    let _reset = Reset;
    pb.suspend(f)
}

impl Drop for Bar {
    fn drop(&mut self) {
        if self.thread.is_some() {
            CURRENT
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
        }
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
