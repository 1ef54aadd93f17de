//! Media that stop reading or writing part-way (a scratched disc, a stick pulled out):
//! I/O errors injected by an LD_PRELOAD shim (tests/faults/iofault.c) into seal,
//! verify and open.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::util::*;

/// The shim, built once per test run with the system C compiler; `None` (the test is
/// skipped with a printed reason) when there is none, except under CI.
pub(crate) fn shim() -> Option<&'static Path> {
    static SHIM: OnceLock<Option<PathBuf>> = OnceLock::new();
    SHIM.get_or_init(|| {
        if !have("cc") {
            return None;
        }
        // Cargo's scratch folder for integration tests (under target/); built under a
        // name of this process, then renamed, so concurrent runs never load half a file.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let so = dir.join("iofault.so");
        let tmp = dir.join(format!("iofault-{}.so", std::process::id()));
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/faults/iofault.c");
        let o = run(Command::new("cc")
            .args(["-O2", "-Wall", "-shared", "-fPIC", "-o"])
            .arg(&tmp)
            .arg(&src)
            .arg("-ldl"));
        assert!(o.status.success(), "building the shim: {}", stderr(&o));
        fs::rename(&tmp, &so).unwrap();
        Some(so)
    })
    .as_deref()
}

/// `cmd` with reads of files whose path contains `path` failing with EIO after `after`
/// bytes.
fn faulty(mut cmd: Command, path: &Path, after: u64) -> Output {
    let so = shim().expect("checked by the caller");
    run(cmd
        .env("LD_PRELOAD", so)
        .env("FAULT_PATH", path)
        .env("FAULT_AFTER", after.to_string()))
}

/// `cmd` with writes to files whose path contains `path` failing with EIO after `after`
/// bytes.
fn faulty_write(mut cmd: Command, path: &str, after: u64) -> Output {
    cmd.env("FAULT_OP", "write");
    faulty(cmd, Path::new(path), after)
}

/// The parties, three files of 3 MB, and a ledger of this test's own.
struct Setup {
    p: Parties,
    ledger: PathBuf,
}

impl std::ops::Deref for Setup {
    type Target = Parties;
    fn deref(&self) -> &Parties {
        &self.p
    }
}

fn setup() -> Setup {
    let p = parties(3, 3_000_000);
    let ledger = p.dir.path().join("ledger.sqlite");
    Setup { p, ledger }
}

fn seal_cmd(s: &Setup, medium: &Path) -> Command {
    let mut c = isou();
    c.env("ISOU_LEDGER", &s.ledger)
        .args(["seal", "--destination", "NCC", "-q", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(medium)
        .args(["--segment-size", "4M"])
        .arg(&s.extract);
    c
}

fn open_cmd(s: &Setup, media: &[PathBuf], out: &Path) -> Command {
    let mut c = isou();
    c.env("ISOU_LEDGER", &s.ledger)
        .args(["open", "-q", "--signer", &s.card, "-i"])
        .arg(&s.recipient)
        .arg("--out")
        .arg(out)
        .args(media);
    c
}

/// A medium sealed without faults.
fn sealed(s: &Setup, name: &str) -> PathBuf {
    let m = s.dir.path().join(name);
    fs::create_dir(&m).unwrap();
    let o = run(&mut seal_cmd(s, &m));
    assert!(o.status.success(), "{}", stderr(&o));
    m
}

/// The error names the read error and no thread panicked.
fn says_read_error(o: &Output) {
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(o));
    assert!(all.contains("Input/output error"), "{all}");
    assert!(!all.contains("panicked"), "{all}");
}

fn events(s: &Setup) -> Vec<String> {
    ledger_events(&s.ledger)
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

fn ledger_intact(s: &Setup) {
    let c = run(isou()
        .env("ISOU_LEDGER", &s.ledger)
        .args(["record", "check"]));
    assert!(c.status.success(), "{}", stderr(&c));
}

/// Nothing of `out` exists beside it: no output, no staging folder.
fn nothing_extracted(out: &Path) {
    assert!(!out.exists(), "{} exists", out.display());
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let stray: Vec<String> = entries(out.parent().unwrap())
        .into_iter()
        .filter(|e| e.contains(&name))
        .collect();
    assert!(stray.is_empty(), "left beside the output: {stray:?}");
}

#[test]
fn an_unreadable_input_file_fails_seal_and_leaves_no_bag() {
    if shim().is_none() {
        return;
    }
    let s = setup();
    let m = s.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let o = faulty(seal_cmd(&s, &m), &s.extract.join("part1.bin"), 1_500_000);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    says_read_error(&o);
    // The extract's disk is named as the culprit, not the medium.
    assert!(
        stderr(&o).contains("part1.bin failed") && stderr(&o).contains("holds the extract"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&m).is_empty(), "{:?}", entries(&m));
    assert!(!events(&s).contains(&"sealed".to_string()));
    ledger_intact(&s);
}

#[test]
fn a_medium_failing_its_read_back_is_not_left_as_a_bag() {
    if shim().is_none() {
        return;
    }
    // The segments are written fine; reading them back (page cache dropped) fails, as a
    // faulty stick would: seal must not leave a bag nor record a shipment.
    let s = setup();
    let m = s.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let o = faulty(seal_cmd(&s, &m), &m.join("data/payload.001"), 1_000_000);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    says_read_error(&o);
    assert!(
        stderr(&o).contains("payload.001: cannot be read back"),
        "{}",
        stderr(&o)
    );
    assert!(!m.join("bagit.txt").exists(), "{:?}", entries(&m));
    let v = run(isou().arg("verify").arg(&m));
    assert_eq!(v.status.code(), Some(1), "{}", stderr(&v));
    assert!(!events(&s).contains(&"sealed".to_string()));
    ledger_intact(&s);
}

#[test]
fn verify_of_a_medium_that_stops_reading_names_the_file_and_fails() {
    if shim().is_none() {
        return;
    }
    let s = setup();
    let m = sealed(&s, "medium");
    let o = faulty(
        {
            let mut c = isou();
            c.env("ISOU_LEDGER", &s.ledger)
                .args(["verify", "--signer", &s.card])
                .arg(&m);
            c
        },
        &m.join("data/payload.001"),
        1_000_000,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    says_read_error(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("data/payload.001: cannot be read"), "{text}");
    assert!(text.contains("result: INVALID"), "{text}");
    // Told apart from tampering: reading again may work.
    assert!(stderr(&o).contains("verify again"), "{}", stderr(&o));
    ledger_intact(&s);
    // The same medium, readable again, verifies.
    let v = run(isou()
        .env("ISOU_LEDGER", &s.ledger)
        .args(["verify", "-q", "--signer", &s.card])
        .arg(&m));
    assert!(v.status.success(), "{}", stderr(&v));
}

#[test]
fn open_of_a_medium_that_stops_reading_leaves_no_plaintext() {
    if shim().is_none() {
        return;
    }
    let s = setup();
    let m = sealed(&s, "medium");
    let out = s.dir.path().join("out");
    // Fails in the middle of the second segment: the first files are already
    // extracted into staging by then.
    let o = faulty(
        open_cmd(&s, std::slice::from_ref(&m), &out),
        &m.join("data/payload.001"),
        2_000_000,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    says_read_error(&o);
    assert!(
        stderr(&o).contains("reading the medium failed: data/payload.001 cannot be read"),
        "{}",
        stderr(&o)
    );
    nothing_extracted(&out);
    assert!(!events(&s).contains(&"opened".to_string()));
    ledger_intact(&s);
    let o = run(&mut open_cmd(&s, std::slice::from_ref(&m), &out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read(out.join("extract/part2.bin")).unwrap(),
        data(3_000_000, 2)
    );
}

#[test]
fn open_of_a_disc_set_with_a_scratched_disc_leaves_no_plaintext() {
    if shim().is_none() {
        return;
    }
    let s = setup();
    let images = s.dir.path().join("images");
    fs::create_dir(&images).unwrap();
    let o = run(isou()
        .env("ISOU_LEDGER", &s.ledger)
        .args(["seal", "--destination", "NCC", "-q", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .arg("--iso")
        .arg(&images)
        .args(["--volume-size", "5M", "--segment-size", "4M"])
        .arg(&s.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut set: Vec<PathBuf> = fs::read_dir(&images)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    set.sort();
    assert!(set.len() >= 2, "{set:?}");
    let scratched = set[1].clone();
    let out = s.dir.path().join("out");
    let o = faulty(open_cmd(&s, &set, &out), &scratched, 1_500_000);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    says_read_error(&o);
    assert!(
        stderr(&o).contains("reading the medium failed"),
        "{}",
        stderr(&o)
    );
    nothing_extracted(&out);
    ledger_intact(&s);
}

#[test]
fn a_stick_pulled_out_while_sealing_leaves_nothing() {
    if shim().is_none() {
        return;
    }
    let s = setup();
    let m = s.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let o = faulty_write(
        seal_cmd(&s, &m),
        &format!("{}/data/payload.001", m.display()),
        1_000_000,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("writing the medium failed: Input/output error"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&m).is_empty(), "{:?}", entries(&m));
    assert!(!events(&s).contains(&"sealed".to_string()));
    ledger_intact(&s);

    // Disc images: the output folder keeps nothing either.
    let images = s.dir.path().join("images");
    fs::create_dir(&images).unwrap();
    let mut c = isou();
    c.env("ISOU_LEDGER", &s.ledger)
        .args(["seal", "--destination", "NCC", "-q", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .arg("--iso")
        .arg(&images)
        .args(["--volume-size", "5M", "--segment-size", "4M"])
        .arg(&s.extract);
    let o = faulty_write(c, &format!("{}/", images.display()), 6_000_000);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(entries(&images).is_empty(), "{:?}", entries(&images));
    assert!(!events(&s).contains(&"sealed".to_string()));
}

#[test]
fn an_output_disk_failing_during_open_keeps_no_plaintext() {
    if shim().is_none() {
        return;
    }
    let s = setup();
    let m = sealed(&s, "medium");
    let out = s.dir.path().join("out");
    let o = faulty_write(
        open_cmd(&s, std::slice::from_ref(&m), &out),
        ".isou-staging-",
        4_000_000,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("writing the output failed: Input/output error"),
        "{}",
        stderr(&o)
    );
    nothing_extracted(&out);
    assert!(!events(&s).contains(&"opened".to_string()));
    ledger_intact(&s);
}
