//! Unit tests of bag validation: path safety and the hashing threads.

use std::io::{self, Read};
use std::sync::atomic::Ordering;

use super::checksums::hash_files;
use super::manifest::safe_relative;
use super::Algorithm;
use crate::bag::source::{BagSource, DirSource};

#[test]
fn unsafe_paths_are_refused() {
    for p in [
        "/etc/passwd",
        "data/../../x",
        "data/./x",
        "C:\\x",
        "data//x",
        "",
        "data/a\0b",
        "..\\x",
    ] {
        assert!(safe_relative(p).is_err(), "{p:?}");
    }
    assert!(safe_relative("data/payload.000").is_ok());
    assert!(safe_relative("data/日本語/ファイル.csv").is_ok());
}

/// Regression (fuzzing with LeakSanitizer): `std::thread::scope` returns once the
/// threads' closures have returned, while the threads may still be running their
/// thread-local destructors; the hashing threads must be gone when `hash_files`
/// returns. A thread-local with a slow destructor makes the gap visible.
#[test]
fn hashing_threads_have_exited_when_hashing_returns() {
    use std::sync::atomic::AtomicUsize;
    static STARTED: AtomicUsize = AtomicUsize::new(0);
    static EXITED: AtomicUsize = AtomicUsize::new(0);
    struct SlowExit;
    impl Drop for SlowExit {
        fn drop(&mut self) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            EXITED.fetch_add(1, Ordering::SeqCst);
        }
    }
    thread_local! {
        static GUARD: SlowExit = {
            STARTED.fetch_add(1, Ordering::SeqCst);
            SlowExit
        };
    }
    struct Src(DirSource);
    impl BagSource for Src {
        fn describe(&self) -> String {
            self.0.describe()
        }
        fn open(&self, path: &str) -> io::Result<Box<dyn Read + Send>> {
            GUARD.with(|_| ());
            self.0.open(path)
        }
        fn list(&self, dir: &str) -> io::Result<Vec<crate::bag::source::Entry>> {
            self.0.list(dir)
        }
        fn stat(&self, path: &str) -> io::Result<Option<(crate::bag::source::Kind, u64)>> {
            self.0.stat(path)
        }
    }
    let d = tempfile::tempdir().unwrap();
    let jobs: Vec<(String, Vec<Algorithm>)> = (0..6)
        .map(|i| {
            std::fs::write(d.path().join(format!("f{i}")), [i as u8; 1000]).unwrap();
            (format!("f{i}"), vec![Algorithm::Sha256])
        })
        .collect();
    let src = Src(DirSource(d.path().to_path_buf()));
    let results = hash_files(&src, &jobs, 3, &Default::default());
    assert!(results.iter().all(|r| r.is_ok()));
    let started = STARTED.load(Ordering::SeqCst);
    assert!(started >= 1);
    assert_eq!(EXITED.load(Ordering::SeqCst), started);
}
