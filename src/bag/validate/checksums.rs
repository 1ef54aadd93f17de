//! Hashing the files the manifests list, on all cores, each once with every algorithm
//! it needs.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::manifest::Expected;
use super::{both, io_text, Algorithm, Report, Text};
use crate::bag::source::BagSource;

/// Message `id` taking the I/O error `e` as `$error`, each language with its own form
/// of the error.
fn with_error(id: &'static str, e: &io::Error) -> Text {
    let inner = io_text(e);
    let args = |error: String| {
        let mut a = crate::i18n::Args::new();
        a.set("error", error);
        a
    };
    Text {
        id,
        local: crate::i18n::tr(id, Some(&args(inner.local))),
        en: crate::i18n::tr_in(crate::i18n::Lang::En, id, Some(&args(inner.en))),
    }
}

/// Hashes each file once with every algorithm it needs, on `threads` threads.
pub(super) fn hash_files(
    bag: &dyn BagSource,
    jobs: &[(String, Vec<Algorithm>)],
    threads: usize,
    progress: &crate::progress::Progress,
) -> Vec<io::Result<Vec<String>>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<io::Result<Vec<String>>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1).min(jobs.len().max(1)))
            .map(|_| {
                s.spawn(|| {
                    let mut buf = vec![0u8; 1 << 20];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((path, algs)) = jobs.get(i) else {
                            break;
                        };
                        let r = (|| {
                            let mut f = bag.open(path)?;
                            let mut hs: Vec<Box<dyn sha2::digest::DynDigest + Send>> =
                                algs.iter().map(|a| a.hasher()).collect();
                            loop {
                                let n = match f.read(&mut buf) {
                                    Ok(0) => break,
                                    Ok(n) => n,
                                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                                    Err(e) => return Err(e),
                                };
                                for h in &mut hs {
                                    h.update(&buf[..n]);
                                }
                                progress.add(n as u64);
                            }
                            Ok(hs.into_iter().map(|h| hex::encode(h.finalize())).collect())
                        })();
                        results.lock().expect("no panics while holding it")[i] = Some(r);
                    }
                })
            })
            .collect();
        // Joined by hand: the scope itself only waits for the closures to return, and a
        // thread still exiting (running its thread-local destructors) after `hash_files`
        // returns showed up as a 32-byte leak under LeakSanitizer while fuzzing.
        for w in workers {
            if let Err(panic) = w.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results
        .into_inner()
        .expect("threads joined")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// A file to hash: its path, and the algorithms it is listed under.
pub(super) type Job = (String, Vec<Algorithm>);

/// What to hash: the payload files present (unless `hash_payload` is off) and the tag
/// files the manifests list, each as listed and as the file to read.
pub(super) fn hash_jobs(
    expected: &Expected,
    tag_expected: &Expected,
    on_disk: &BTreeMap<String, u64>,
    actual: &BTreeMap<String, String>,
    hash_payload: bool,
) -> (Vec<Job>, Vec<Job>) {
    // Each job: the path as listed, and the file read (its name as stored, when the
    // two differ in Unicode normalisation only).
    let listed: Vec<Job> = expected
        .iter()
        .filter(|(p, _)| hash_payload && on_disk.contains_key(*p))
        .chain(tag_expected.iter())
        .map(|(p, algs)| (p.clone(), algs.keys().copied().collect()))
        .collect();
    let jobs: Vec<Job> = listed
        .iter()
        .map(|(p, algs)| (actual.get(p).unwrap_or(p).clone(), algs.clone()))
        .collect();
    (listed, jobs)
}

/// Reports every file that could not be hashed, and every checksum that differs from
/// the one its manifest gives.
pub(super) fn compare_sums(
    report: &mut Report,
    listed: &[Job],
    hashed: Vec<io::Result<Vec<String>>>,
    expected: &Expected,
    tag_expected: &Expected,
) {
    for ((path, algs), result) in listed.iter().zip(hashed) {
        let want = expected
            .get(path)
            .or_else(|| tag_expected.get(path))
            .expect("job from a manifest");
        match result {
            // A device error (EIO: reading again may work) is told apart from a file
            // that is refused (a FIFO, a link): only the first is "cannot be read".
            Err(e) if e.raw_os_error().is_some() => {
                report.error(path, with_error("bag-cannot-be-read", &e))
            }
            Err(e) => report.error(path, with_error("bag-refused", &e)),
            Ok(sums) => {
                for (alg, got) in algs.iter().zip(sums) {
                    if want[alg] != got {
                        report.error(
                            path,
                            both::tr!("bag-checksum-differs", algorithm = alg.name()),
                        );
                    }
                }
            }
        }
    }
}
