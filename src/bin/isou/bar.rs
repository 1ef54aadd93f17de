//! Progress bars: drawn on stderr from a library byte counter, only when stderr is a
//! terminal and `--quiet` was not given, so scripts and logs never see them.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use isou::progress::Progress;

/// A running bar; dropping it removes the bar.
pub struct Bar {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// Shows `label` with bytes, rate and ETA against `total`.
pub fn start(progress: &Progress, total: u64, label: &str, quiet: bool) -> Bar {
    let stop = Arc::new(AtomicBool::new(false));
    if quiet || !std::io::stderr().is_terminal() {
        return Bar { stop, thread: None };
    }
    let pb = ProgressBar::new(total.max(1));
    pb.set_style(
        ProgressStyle::with_template(
            "{msg:8} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    pb.set_message(label.to_string());
    let (p, s) = (progress.clone(), Arc::clone(&stop));
    let thread = std::thread::spawn(move || {
        while !s.load(Ordering::Relaxed) {
            pb.set_position(p.get());
            std::thread::sleep(Duration::from_millis(100));
        }
        pb.finish_and_clear();
    });
    Bar {
        stop,
        thread: Some(thread),
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
