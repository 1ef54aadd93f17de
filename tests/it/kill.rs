//! Processes stopped at many points of `seal` and `open`, and `decrypt -o` mid-write.
//! Killed outright (SIGKILL): no medium that verifies unless it is whole, no plaintext
//! outside the staging folder, stale staging, unfinished images and temporary outputs
//! cleaned by the next run, the ledger's chain intact. Interrupted (SIGINT, SIGTERM, SIGHUP): nothing left, or the whole work with
//! its record. The first run of each test is stopped as soon as it is seen mid-way (a
//! file it writes has grown past 1 MiB), so each test stops at least one run mid-way
//! whatever the machine's speed; the others after delays spread over a calibrated run.
//! `ISOU_KILL_RUNS` sets the number of runs per test (default 12 here;
//! `ISOU_KILL_RUNS=50 cargo test --release --test it kill::` for the full count;
//! `ISOU_KILL_RUNS=1` runs only the observed stop).

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::*;

fn runs() -> usize {
    std::env::var("ISOU_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

/// Delays spread over `0..span` (deterministic, so a failure can be replayed).
fn delays(span: Duration, n: usize) -> Vec<Duration> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            span.mul_f64((x % 10_000) as f64 / 10_000.0)
        })
        .collect()
}

/// When a run is stopped.
enum When<'a> {
    /// After a delay: spread over the whole run, to land in every stage.
    After(Duration),
    /// As soon as the run is seen mid-way (`seen`: a file it writes has grown past
    /// [`MIDWAY`] of many MiB). The first run of every test is stopped so, which makes
    /// "at least one run was stopped mid-way" hold by construction instead of by delays
    /// calibrated on one machine (issue 19).
    Seen(&'a dyn Fn() -> bool),
}

impl std::fmt::Debug for When<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::After(d) => write!(f, "after {d:?}"),
            When::Seen(_) => f.write_str("when seen mid-way"),
        }
    }
}

/// One run stopped when seen mid-way, then `n - 1` after delays spread over `span`.
fn schedule(span: Duration, n: usize, seen: &dyn Fn() -> bool) -> Vec<When<'_>> {
    std::iter::once(When::Seen(seen))
        .chain(
            delays(span, n.saturating_sub(1))
                .into_iter()
                .map(When::After),
        )
        .collect()
}

/// How far a file must have grown for its run to be mid-way: every run here writes 24
/// MB, and files of 4 to 8 MB.
const MIDWAY: u64 = 1 << 20;

/// Whether a file under `dir` (recursively) whose name passes `name` has grown past
/// [`MIDWAY`].
fn grown(dir: &Path, name: &dyn Fn(&str) -> bool) -> bool {
    let Ok(rd) = fs::read_dir(dir) else {
        return false;
    };
    rd.flatten().any(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        match e.metadata() {
            Ok(m) if m.is_dir() => grown(&e.path(), name),
            Ok(m) => name(&n) && m.len() > MIDWAY,
            Err(_) => false,
        }
    })
}

/// Waits until `when`: `Some(status)` if the child ended by itself first, `None` when
/// the point was reached with the child still running.
fn wait_until_point(
    child: &mut std::process::Child,
    when: &When,
) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        match when {
            When::After(d) if start.elapsed() >= *d => return None,
            When::Seen(seen) if seen() => return None,
            When::Seen(_) => assert!(
                start.elapsed() < Duration::from_secs(300),
                "the run was never seen mid-way"
            ),
            When::After(_) => {}
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Starts `cmd`, kills it with SIGKILL at `when` (if still running); returns whether it
/// finished by itself successfully.
fn kill_at(mut cmd: Command, when: &When) -> bool {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    match wait_until_point(&mut child, when) {
        Some(status) => status.success(),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            false
        }
    }
}

/// Whether a file inside a staging folder of `parent` (an `open` extracting) has grown
/// past [`MIDWAY`].
fn staging_grown(parent: &Path) -> bool {
    fs::read_dir(parent).is_ok_and(|rd| {
        rd.flatten().any(|e| {
            e.file_name().to_string_lossy().contains(".isou-staging-")
                && grown(&e.path(), &|_| true)
        })
    })
}

/// Four files of 6 MB: long enough a seal to be killed anywhere in it.
fn setup() -> Parties {
    parties(4, 6_000_000)
}

fn seal_cmd(s: &Parties, medium: &Path, ledger: &Path) -> Command {
    let mut c = isou();
    c.env("ISOU_LEDGER", ledger)
        .args(["seal", "--class", "anonymized", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(medium)
        .args(["--segment-size", "8M"])
        .arg(&s.extract);
    c
}

/// A medium sealed once, to be opened again and again into `parent`.
struct Opening {
    s: Parties,
    ledger: std::path::PathBuf,
    medium: std::path::PathBuf,
    parent: std::path::PathBuf,
}

fn opening() -> Opening {
    let s = setup();
    let ledger = s.dir.path().join("ledger.sqlite");
    let medium = s.dir.path().join("medium");
    fs::create_dir(&medium).unwrap();
    assert!(run(&mut seal_cmd(&s, &medium, &ledger)).status.success());
    let parent = s.dir.path().join("protected");
    fs::create_dir(&parent).unwrap();
    Opening {
        s,
        ledger,
        medium,
        parent,
    }
}

impl Opening {
    fn cmd(&self, out: &Path) -> Command {
        let mut c = isou();
        c.env("ISOU_LEDGER", &self.ledger)
            .args(["open", "--signer", &self.s.card, "-i"])
            .arg(&self.s.recipient)
            .arg("--out")
            .arg(out)
            .arg(&self.medium);
        c
    }
}

/// Starts `cmd`, sends it the signal `sig` at `when` (if still running); returns how it
/// ended.
fn interrupt_at(cmd: Command, when: &When, sig: &str) -> std::process::ExitStatus {
    interrupt_at_said(cmd, when, sig).0
}

/// [`interrupt_at`], with what the command said on stderr (a few lines: read after it
/// ended).
fn interrupt_at_said(
    mut cmd: Command,
    when: &When,
    sig: &str,
) -> (std::process::ExitStatus, String) {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if wait_until_point(&mut child, when).is_none() {
        signal(&child, sig);
    }
    let o = child.wait_with_output().unwrap();
    (o.status, String::from_utf8_lossy(&o.stderr).into_owned())
}

fn timed(mut c: Command) -> Duration {
    let t = Instant::now();
    assert!(run(&mut c).status.success());
    t.elapsed()
}

#[test]
fn seal_killed_anywhere_never_leaves_a_medium_that_verifies_unless_whole() {
    let s = setup();
    let ledger = s.dir.path().join("ledger.sqlite");
    let m0 = s.dir.path().join("m-calibrate");
    fs::create_dir(&m0).unwrap();
    let span = timed(seal_cmd(&s, &m0, &ledger));
    let (mut whole, mut partial) = (0, 0);
    let first = s.dir.path().join("m0/data");
    let seen = || grown(&first, &|n| n.starts_with("payload."));
    for (i, d) in schedule(span.mul_f64(1.2), runs(), &seen)
        .into_iter()
        .enumerate()
    {
        let m = s.dir.path().join(format!("m{i}"));
        fs::create_dir(&m).unwrap();
        kill_at(seal_cmd(&s, &m, &ledger), &d);
        let v = run(isou()
            .env("ISOU_LEDGER", &ledger)
            .args(["verify", "-q", "--signer", &s.card])
            .arg(&m));
        if v.status.success() {
            // Accepted: then it must be complete — it opens to the whole extract.
            whole += 1;
            let out = s.dir.path().join(format!("o{i}"));
            let o = run(isou()
                .env("ISOU_LEDGER", &ledger)
                .args(["open", "-q", "--signer", &s.card, "-i"])
                .arg(&s.recipient)
                .arg("--out")
                .arg(&out)
                .arg(&m));
            assert!(o.status.success(), "run {i} ({d:?}): {}", stderr(&o));
            for f in 0..4 {
                let name = format!("extract/part{f}.bin");
                assert_eq!(fs::read(out.join(&name)).unwrap(), data(6_000_000, f as u8));
            }
        } else {
            partial += 1;
            assert!(
                !m.join("bagit.txt").exists(),
                "run {i} ({d:?}): a bag that does not verify"
            );
            // Sealing onto it again is refused, saying what the leftovers are.
            if m.join("data").exists() {
                let again = run(&mut seal_cmd(&s, &m, &ledger));
                assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
                assert!(
                    stderr(&again).contains("what an interrupted seal left"),
                    "run {i}: {}",
                    stderr(&again)
                );
            }
        }
        let c = run(isou().env("ISOU_LEDGER", &ledger).args(["record", "check"]));
        assert!(c.status.success(), "run {i} ({d:?}): {}", stderr(&c));
    }
    eprintln!(
        "seal killed {} times: {partial} partial media (refused), {whole} whole",
        runs()
    );
    assert!(
        partial > 0,
        "no run was killed mid-way: the test proved nothing"
    );
}

#[test]
fn open_killed_anywhere_leaves_no_plaintext_and_the_next_run_cleans_up() {
    let o = opening();
    let (s, ledger, parent) = (&o.s, &o.ledger, &o.parent);
    let open_cmd = |out: &Path| o.cmd(out);
    let span = timed(open_cmd(&s.dir.path().join("calibrate")));
    let mut stale = 0;
    let seen = || staging_grown(parent);
    for (i, d) in schedule(span.mul_f64(1.2), runs(), &seen)
        .into_iter()
        .enumerate()
    {
        let out = parent.join(format!("out{i}"));
        let finished = kill_at(open_cmd(&out), &d);
        // Plaintext exists only as the finished output or inside a staging folder.
        for e in entries(parent) {
            let ok = e.contains(".isou-staging-") || e.starts_with("out");
            assert!(ok, "run {i} ({d:?}): {e} beside the outputs");
        }
        stale += entries(parent)
            .iter()
            .filter(|e| e.contains(".isou-staging-"))
            .count();
        if out.exists() && !finished {
            // Killed after the rename: the output is whole.
            assert_eq!(
                fs::read(out.join("extract/part3.bin")).unwrap(),
                data(6_000_000, 3)
            );
        }
        // The next run (not killed) cleans any stale staging and opens.
        let again = parent.join(format!("again{i}"));
        let o = run(&mut open_cmd(&again));
        assert!(o.status.success(), "run {i}: {}", stderr(&o));
        let stray: Vec<String> = entries(parent)
            .into_iter()
            .filter(|e| e.contains(".isou-staging-"))
            .collect();
        assert!(
            stray.is_empty(),
            "run {i} ({d:?}): stale staging left: {stray:?}"
        );
        fs::remove_dir_all(&again).unwrap();
        let _ = fs::remove_dir_all(&out);
        let c = run(isou().env("ISOU_LEDGER", ledger).args(["record", "check"]));
        assert!(c.status.success(), "run {i}: {}", stderr(&c));
    }
    eprintln!(
        "open killed {} times: {stale} stale staging folders, all cleaned",
        runs()
    );
    assert!(
        stale > 0,
        "no run was killed mid-extraction: the test proved nothing"
    );
}

#[test]
fn seal_interrupted_anywhere_leaves_the_medium_empty_or_whole_and_recorded() {
    // Ctrl-C, SIGTERM or SIGHUP can be handled (unlike SIGKILL): whenever it comes, the
    // medium is left as it was found — empty — or, if the seal got that far, whole and
    // recorded: never a medium without its `sealed` event, never an event without it.
    // Odd runs write disc images (`seal --iso`), even runs a folder.
    let s = setup();
    let ledger = s.dir.path().join("ledger.sqlite");
    let cmd = |i: usize, m: &Path| {
        if i % 2 == 0 {
            return seal_cmd(&s, m, &ledger);
        }
        let mut c = isou();
        c.env("ISOU_LEDGER", &ledger)
            .args(["seal", "--class", "anonymized", "--to", &s.rcard, "-i"])
            .arg(&s.sender)
            .arg("--iso")
            .arg(m)
            .args(["--volume-size", "12M", "--segment-size", "4M"])
            .arg(&s.extract);
        c
    };
    let m0 = s.dir.path().join("i-calibrate");
    fs::create_dir(&m0).unwrap();
    let span = timed(seal_cmd(&s, &m0, &ledger));
    let (mut empty, mut whole) = (0, 0);
    // Run 0 (a folder) is interrupted when seen mid-way.
    let first = s.dir.path().join("i0/data");
    let seen = || grown(&first, &|n| n.starts_with("payload."));
    for (i, d) in schedule(span.mul_f64(1.1), runs(), &seen)
        .into_iter()
        .enumerate()
    {
        let sig = ["INT", "TERM", "HUP"][i % 3];
        let m = s.dir.path().join(format!("i{i}"));
        fs::create_dir(&m).unwrap();
        let status = interrupt_at(cmd(i, &m), &d, sig);
        // 0, or 130 from the handler; killed by the signal itself only if it came
        // before the handler was installed, when nothing was written yet.
        assert!(
            status.success() || status.code() == Some(130) || status.code().is_none(),
            "run {i} (SIG{sig} after {d:?}): {status:?}"
        );
        if entries(&m).is_empty() {
            assert!(!status.success(), "run {i}: a finished seal left nothing");
            empty += 1;
            continue;
        }
        whole += 1;
        // A folder medium, or every image of the set.
        let given: Vec<std::path::PathBuf> = if i % 2 == 0 {
            vec![m.clone()]
        } else {
            entries(&m).iter().map(|n| m.join(n)).collect()
        };
        let v = run(isou()
            .env("ISOU_LEDGER", &ledger)
            .args(["verify", "-q", "--signer", &s.card])
            .args(&given));
        assert!(
            v.status.success(),
            "run {i} (SIG{sig} after {d:?}, {status:?}): left {:?}: {}",
            entries(&m),
            stderr(&v)
        );
    }
    // Every medium left (and the calibration's) has its `sealed` event, and no other.
    assert_eq!(
        count_events(&ledger, "sealed"),
        whole + 1,
        "sealed events vs media left whole"
    );
    eprintln!(
        "seal interrupted {} times: {empty} left the medium empty, {whole} whole and recorded",
        runs()
    );
    assert!(empty > 0, "no run was interrupted: the test proved nothing");
    let c = run(isou().env("ISOU_LEDGER", &ledger).args(["record", "check"]));
    assert!(c.status.success(), "{}", stderr(&c));
}

#[test]
fn open_interrupted_anywhere_leaves_nothing_or_the_whole_output_recorded() {
    // Ctrl-C, SIGTERM or SIGHUP while extracting (files being created on other threads
    // while the handler cleans up): no staging folder and no partial output is left;
    // an output left is whole and has its `opened` event.
    let o = opening();
    let (s, ledger, parent) = (&o.s, &o.ledger, &o.parent);
    let open_cmd = |out: &Path| o.cmd(out);
    let span = timed(open_cmd(&s.dir.path().join("calibrate")));
    let (mut nothing, mut whole) = (0, 0);
    let seen = || staging_grown(parent);
    for (i, d) in schedule(span.mul_f64(1.1), runs(), &seen)
        .into_iter()
        .enumerate()
    {
        let sig = ["INT", "TERM", "HUP"][i % 3];
        let out = parent.join(format!("out{i}"));
        let (status, said) = interrupt_at_said(open_cmd(&out), &d, sig);
        let stray: Vec<String> = entries(parent)
            .into_iter()
            .filter(|e| !e.starts_with("out"))
            .collect();
        assert!(
            stray.is_empty(),
            "run {i} (SIG{sig} after {d:?}): {stray:?}"
        );
        if !out.exists() {
            assert!(!status.success(), "run {i}: a finished open left nothing");
            assert!(!said.contains("finished and recorded"), "run {i}: {said}");
            nothing += 1;
            continue;
        }
        whole += 1;
        // An interrupt after the output was finished and recorded must not claim to
        // have removed it (issue 15 item 7).
        if !status.success() {
            assert!(
                !said.contains("removed") || said.contains("nothing was removed"),
                "run {i} (SIG{sig} after {d:?}): the output is whole, yet: {said}"
            );
        }
        for f in 0..4 {
            let name = format!("extract/part{f}.bin");
            assert_eq!(
                fs::read(out.join(&name)).unwrap(),
                data(6_000_000, f as u8),
                "run {i} (SIG{sig} after {d:?}, {status:?}): {name}"
            );
        }
    }
    assert_eq!(
        count_events(ledger, "opened"),
        whole + 1,
        "opened events vs outputs left whole"
    );
    eprintln!(
        "open interrupted {} times: {nothing} left nothing, {whole} a whole output, recorded",
        runs()
    );
    assert!(
        nothing > 0,
        "no run was interrupted: the test proved nothing"
    );
}

#[test]
fn seal_iso_killed_anywhere_leaves_only_whole_sets_or_no_image() {
    let s = setup();
    let ledger = s.dir.path().join("ledger.sqlite");
    let cmd = |out: &Path| {
        let mut c = isou();
        c.env("ISOU_LEDGER", &ledger)
            .args(["seal", "--class", "anonymized", "--to", &s.rcard, "-i"])
            .arg(&s.sender)
            .arg("--iso")
            .arg(out)
            .args(["--volume-size", "8M", "--segment-size", "4M"])
            .arg(&s.extract);
        c
    };
    let span = timed(cmd(&s.dir.path().join("calibrate")));
    // Unfinished images of every run are gathered here; the next seal --iso into this
    // folder must remove them all.
    let leftovers = s.dir.path().join("leftovers");
    fs::create_dir(&leftovers).unwrap();
    let (mut none, mut whole, mut stale) = (0, 0, 0);
    let first = s.dir.path().join("iso0");
    let seen = || grown(&first, &|n| n.contains(".isou-partial-"));
    for (i, d) in schedule(span.mul_f64(1.2), runs(), &seen)
        .into_iter()
        .enumerate()
    {
        let out = s.dir.path().join(format!("iso{i}"));
        kill_at(cmd(&out), &d);
        let names = if out.exists() { entries(&out) } else { vec![] };
        let images: Vec<std::path::PathBuf> = names
            .iter()
            .filter(|n| n.ends_with(".iso"))
            .map(|n| out.join(n))
            .collect();
        // An unfinished image is never an ISO image: its descriptors come last.
        for n in names.iter().filter(|n| n.contains(".isou-partial-")) {
            let v = run(isou()
                .env("ISOU_LEDGER", &ledger)
                .arg("verify")
                .arg(out.join(n)));
            assert_eq!(v.status.code(), Some(1), "run {i} ({d:?}): {n} verified");
            fs::rename(out.join(n), leftovers.join(n)).unwrap();
            stale += 1;
        }
        if images.is_empty() {
            none += 1;
            continue;
        }
        // Images are renamed into place only when the whole set is written and read
        // back; killed between two renames, the set is incomplete and must be refused.
        let complete = !names.iter().any(|n| n.contains(".isou-partial-"));
        let v = run(isou()
            .env("ISOU_LEDGER", &ledger)
            .args(["verify", "-q", "--signer", &s.card])
            .args(&images));
        if complete {
            whole += 1;
            assert!(v.status.success(), "run {i} ({d:?}): {}", stderr(&v));
        } else {
            // The images renamed into place are whole volumes: the set is intact
            // but incomplete (exit 4, issue 18), never VALID.
            assert_eq!(
                v.status.code(),
                Some(4),
                "run {i} ({d:?}): a partial set: {}",
                stderr(&v)
            );
        }
        let c = run(isou().env("ISOU_LEDGER", &ledger).args(["record", "check"]));
        assert!(c.status.success(), "run {i}: {}", stderr(&c));
    }
    eprintln!(
        "seal --iso killed {} times: {none} left no image, {whole} a whole set, \
         {stale} unfinished images",
        runs()
    );
    assert!(
        none > 0,
        "no run was killed mid-way: the test proved nothing"
    );
    assert!(
        stale > 0,
        "no run was killed while writing an image: the test proved nothing"
    );
    let o = run(&mut cmd(&leftovers));
    assert!(o.status.success(), "{}", stderr(&o));
    let names = entries(&leftovers);
    assert!(
        names.iter().all(|n| !n.contains(".isou-partial-")),
        "unfinished images were left: {names:?}"
    );
    let removed = stderr(&o)
        .matches("left unfinished by an earlier seal")
        .count();
    assert_eq!(removed, stale, "{}", stderr(&o));
    let v = run(isou()
        .env("ISOU_LEDGER", &ledger)
        .args(["verify", "-q", "--signer", &s.card])
        .args(names.iter().map(|n| leftovers.join(n))));
    assert!(v.status.success(), "{}", stderr(&v));
}

#[test]
fn decrypt_killed_leaves_plaintext_that_the_next_run_removes_but_never_a_live_runs() {
    use std::io::Write;
    use std::os::unix::fs::PermissionsExt;
    use std::process::{Child, ChildStdin, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let (id, recipient) = unprotected_identity(dir.path(), "id.txt");
    let plain = data(12 << 20, 7);
    let input = dir.path().join("x.csv");
    fs::write(&input, &plain).unwrap();
    let enc = dir.path().join("x.csv.age");
    let o = run(isou()
        .args(["encrypt", "-r", &recipient, "-o"])
        .arg(&enc)
        .arg(&input));
    assert!(o.status.success(), "{}", stderr(&o));
    let cipher = fs::read(&enc).unwrap();
    // With one worker, decrypt reads 4 MiB ahead of what it writes: given 9 MiB it has
    // written about 5 MiB when it waits for more.
    let fed = cipher.len() * 3 / 4;
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();

    // `decrypt -o out/NAME` fed the first part of the file on a standard input held
    // open: it stays mid-write. Returns it, its input, and its temporary file once that
    // holds plaintext.
    let start = |name: &str| -> (Child, ChildStdin, std::path::PathBuf) {
        let mut child = isou()
            .args(["decrypt", "--threads", "1", "-i"])
            .arg(&id)
            .arg("-o")
            .arg(out.join(name))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(&cipher[..fed]).unwrap();
        let prefix = format!(".{name}.isou-part-");
        let mut part = None;
        wait_until(&format!("{name}'s temporary output to fill"), || {
            part = entries(&out)
                .into_iter()
                .find(|e| e.starts_with(&prefix))
                .map(|e| out.join(e))
                .filter(|p| fs::metadata(p).map(|m| m.len() > 0).unwrap_or(false));
            part.is_some()
        });
        (child, stdin, part.unwrap())
    };

    let (mut live, mut live_in, live_part) = start("live.csv");
    let (mut dead, dead_in, dead_part) = start("dead.csv");
    for p in [&live_part, &dead_part] {
        let mode = fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", p.display());
    }
    dead.kill().unwrap();
    dead.wait().unwrap();
    drop(dead_in);
    // What SIGKILL leaves: a prefix of the plaintext, which no handler could remove.
    let left = fs::read(&dead_part).unwrap();
    assert!(!left.is_empty() && plain.starts_with(&left));

    // The next decrypt into the folder removes it, says so, and leaves the live run's.
    let o = run(isou()
        .args(["decrypt", "-i"])
        .arg(&id)
        .arg("-o")
        .arg(out.join("again.csv"))
        .arg(&enc));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!dead_part.exists(), "{:?}", entries(&out));
    assert!(live_part.exists(), "a live run's output was removed");
    let name = dead_part
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        stderr(&o).contains(&name)
            && stderr(&o).contains("left by an earlier encrypt or decrypt that was killed"),
        "{}",
        stderr(&o)
    );
    assert!(fs::read(out.join("again.csv")).unwrap() == plain);

    // The live run, given the rest, finishes undisturbed.
    live_in.write_all(&cipher[fed..]).unwrap();
    drop(live_in);
    assert!(live.wait().unwrap().success());
    assert!(fs::read(out.join("live.csv")).unwrap() == plain);
    assert_eq!(entries(&out), ["again.csv", "live.csv"]);

    // encrypt -o cleans the same way; -q removes without a word. (Another boot's
    // process id is gone whatever it is.)
    let stale = out.join(".old.csv.isou-part-1-00000000-abcdefgh");
    fs::write(&stale, b"1,2\n").unwrap();
    let o = run(isou()
        .args(["-q", "encrypt", "-r", &recipient, "-o"])
        .arg(out.join("y.age"))
        .arg(&input));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stale.exists());
    assert_eq!(stderr(&o), "");
}
