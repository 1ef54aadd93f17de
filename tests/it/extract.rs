//! The extract read safely (files and folders swapped for links while sealing, pseudo
//! files) and a generated passphrase shown on the terminal only (issue 13, 4–6).

use std::fs;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::faults::shim;
use crate::util::*;

/// An extract another local user can change while it is sealed, a root-only file of
/// theirs to aim at, and a ledger of this test's own.
struct Shared {
    p: Parties,
    ledger: PathBuf,
    /// What must never reach the medium.
    secret: PathBuf,
    /// A folder outside the extract holding a file named like one inside it.
    outside: PathBuf,
}

const SECRET: &[u8] = b"root:$6$only-root-may-read-this:19000:0:99999:7:::\n";

fn shared() -> Shared {
    let p = parties(0, 0);
    // `a_first.csv` is read first (the archive is sorted): the swap is triggered by
    // its first read, after the walk listed everything and before the rest is read.
    fs::write(p.extract.join("a_first.csv"), data(300_000, 1)).unwrap();
    fs::create_dir(p.extract.join("sub")).unwrap();
    fs::write(p.extract.join("sub/z.csv"), b"id,value\n1,inner\n").unwrap();
    fs::write(p.extract.join("z_report.csv"), b"id,value\n1,report\n").unwrap();
    let secret = p.dir.path().join("shadow");
    fs::write(&secret, SECRET).unwrap();
    let outside = p.dir.path().join("elsewhere");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("z.csv"), SECRET).unwrap();
    let ledger = p.dir.path().join("ledger.sqlite");
    Shared {
        p,
        ledger,
        secret,
        outside,
    }
}

fn seal_cmd(s: &Shared, medium: &Path, inputs: &[&Path]) -> Command {
    let mut c = isou();
    c.env("ISOU_LEDGER", &s.ledger)
        .args([
            "seal",
            "--destination",
            "NCC",
            "-q",
            "--to",
            &s.p.rcard,
            "-i",
        ])
        .arg(&s.p.sender)
        .arg("--medium")
        .arg(medium)
        .args(inputs);
    c
}

/// `cmd` under the shim, which replaces `victim` by a link to `target` at the first
/// `when` ("read" or "stat") of a path containing `on`.
fn swapping(mut cmd: Command, victim: &Path, target: &Path, when: &str, on: &str) -> Output {
    run(cmd
        .env("LD_PRELOAD", shim().expect("checked by the caller"))
        .env("FAULT_SWAP", victim)
        .env("FAULT_SWAP_TO", target)
        .env("FAULT_SWAP_WHEN", when)
        .env("FAULT_SWAP_ON", on))
}

/// The seal was refused naming `what` as changed, nothing is on the medium, no
/// shipment recorded, and the secret is nowhere in what was written.
fn refused_as_changed(s: &Shared, o: &Output, medium: &Path, what: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{what} changed while sealing")) && err.contains("seal again"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(entries(medium).is_empty(), "{:?}", entries(medium));
    assert_eq!(count_events(&s.ledger, "sealed"), 0);
}

#[test]
fn a_file_swapped_for_a_link_while_sealing_is_refused_and_not_shipped() {
    if shim().is_none() {
        return;
    }
    let s = shared();
    let m = s.p.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let victim = s.p.extract.join("z_report.csv");
    let o = swapping(
        seal_cmd(&s, &m, &[&s.p.extract]),
        &victim,
        &s.secret,
        "read",
        "a_first.csv",
    );
    // The swap did happen (else this test would prove nothing).
    assert!(fs::symlink_metadata(&victim).unwrap().is_symlink());
    refused_as_changed(&s, &o, &m, "z_report.csv");
}

#[test]
fn a_folder_swapped_for_a_link_after_the_walk_is_not_followed() {
    if shim().is_none() {
        return;
    }
    let s = shared();
    let m = s.p.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let victim = s.p.extract.join("sub");
    let o = swapping(
        seal_cmd(&s, &m, &[&s.p.extract]),
        &victim,
        &s.outside,
        "read",
        "a_first.csv",
    );
    assert!(fs::symlink_metadata(&victim).unwrap().is_symlink());
    refused_as_changed(&s, &o, &m, "extract/sub");
}

#[test]
fn a_folder_swapped_for_a_link_between_its_stat_and_its_listing_is_not_followed() {
    if shim().is_none() {
        return;
    }
    // The walk saw a folder; before it is listed, it becomes a link to a folder with
    // other files. Listing by name would follow the link and ship those files.
    let s = shared();
    let m = s.p.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let victim = s.p.extract.join("sub");
    let o = swapping(
        seal_cmd(&s, &m, &[&s.p.extract]),
        &victim,
        &s.outside,
        "stat",
        "sub",
    );
    assert!(fs::symlink_metadata(&victim).unwrap().is_symlink());
    refused_as_changed(&s, &o, &m, "extract/sub");
}

#[test]
fn a_file_swapped_for_a_fifo_while_sealing_is_refused_without_hanging() {
    if shim().is_none() {
        return;
    }
    // open(2) of a FIFO waits for a writer: a plain open would hang the seal for good.
    let s = shared();
    let m = s.p.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let victim = s.p.extract.join("z_report.csv");
    let mut child = seal_cmd(&s, &m, &[&s.p.extract])
        .env("LD_PRELOAD", shim().unwrap())
        .env("FAULT_SWAP", &victim)
        .env("FAULT_SWAP_TO", "FIFO")
        .env("FAULT_SWAP_ON", "a_first.csv")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("seal hangs on a FIFO swapped into the extract");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    assert!(fs::symlink_metadata(&victim).unwrap().file_type().is_fifo());
    refused_as_changed(&s, &o, &m, "z_report.csv");
}

#[test]
fn an_unchanged_extract_still_seals_and_opens_the_same() {
    // The descriptor-based walk and reads change nothing for an ordinary extract,
    // given as a folder, with a trailing '/', and as single files.
    let s = shared();
    for (i, inputs) in [
        vec![s.p.extract.clone()],
        vec![PathBuf::from(format!("{}/", s.p.extract.display()))],
        vec![s.p.extract.join("a_first.csv"), s.p.extract.join("sub")],
    ]
    .iter()
    .enumerate()
    {
        let m = s.p.dir.path().join(format!("medium{i}"));
        fs::create_dir(&m).unwrap();
        let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
        let o = run(&mut seal_cmd(&s, &m, &refs));
        assert!(o.status.success(), "{}", stderr(&o));
        let out = s.p.dir.path().join(format!("out{i}"));
        let o = run(isou()
            .env("ISOU_LEDGER", &s.ledger)
            .args(["open", "-q", "--signer", &s.p.card, "-i"])
            .arg(&s.p.recipient)
            .arg("--out")
            .arg(&out)
            .arg(&m));
        assert!(o.status.success(), "{}", stderr(&o));
        let base = if i == 2 {
            out.clone()
        } else {
            out.join("extract")
        };
        assert_eq!(
            fs::read(base.join("sub/z.csv")).unwrap(),
            b"id,value\n1,inner\n"
        );
        assert_eq!(
            fs::read(base.join("a_first.csv")).unwrap(),
            data(300_000, 1)
        );
    }
}

#[test]
fn pseudo_files_are_refused_not_sealed_empty() {
    // /proc files say 0 bytes and read several KiB: they were sealed as empty files
    // and the seal succeeded.
    let s = shared();
    for pseudo in ["/proc/cpuinfo", "/proc/self/status"] {
        let m = s.p.dir.path().join("medium");
        fs::create_dir_all(&m).unwrap();
        let o = run(&mut seal_cmd(&s, &m, &[&s.p.extract, Path::new(pseudo)]));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{pseudo}: {err}");
        assert!(
            err.contains(&format!("{pseudo} is not an ordinary file"))
                && err.contains("copy it to a normal file first"),
            "{err}"
        );
        assert!(entries(&m).is_empty(), "{:?}", entries(&m));
        assert_eq!(count_events(&s.ledger, "sealed"), 0);
    }
}

/// `cmd` (a shell command line) at a pseudo-terminal, answering `answers`; returns what
/// the terminal showed.
fn at_terminal(cmd: &str, answers: &str) -> (Output, String) {
    let o = with_tty(cmd, answers);
    let shown = String::from_utf8_lossy(&o.stdout).into_owned();
    (o, shown)
}

/// The generated passphrase shown on the terminal.
fn generated(shown: &str) -> String {
    shown
        .lines()
        .find_map(|l| l.trim().strip_prefix("isou: generated passphrase: "))
        .unwrap_or_else(|| panic!("no generated passphrase on the terminal: {shown}"))
        .trim()
        .to_string()
}

#[test]
fn a_generated_passphrase_is_shown_on_the_terminal_never_in_a_redirected_stderr() {
    if !have("script") {
        return;
    }
    let s = shared();
    let dir = s.p.dir.path();
    let bin = env!("CARGO_BIN_EXE_isou");
    let q = |p: &Path| format!("'{}'", p.display());

    // encrypt -p, quiet, stderr to a log file.
    let pt = dir.join("pt");
    fs::write(&pt, b"key sheet travels separately").unwrap();
    let ct = dir.join("ct.age");
    let log = dir.join("encrypt.log");
    let (o, shown) = at_terminal(
        &format!(
            "'{bin}' encrypt -p -q -o {} {} 2>{}",
            q(&ct),
            q(&pt),
            q(&log)
        ),
        "\n",
    );
    assert!(o.status.success(), "{shown}");
    let pass = generated(&shown);
    assert_eq!(pass.len(), 35, "{pass}");
    let logged = fs::read_to_string(&log).unwrap();
    assert!(
        !logged.contains(&pass) && !logged.contains("generated passphrase"),
        "the passphrase went to the redirected stderr: {logged}"
    );
    let pf = dir.join("pass");
    write_private(&pf, format!("{pass}\n").as_bytes());

    // Without a controlling terminal (setsid), nothing is generated: refused with a hint.
    if have("setsid") {
        let ct2 = dir.join("ct2.age");
        let o = run(Command::new("setsid")
            .arg("-w")
            .arg(bin)
            .args(["encrypt", "-p", "-o"])
            .arg(&ct2)
            .arg(&pt)
            .stdin(std::process::Stdio::null()));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(
            err.contains("no terminal") && !err.contains("generated passphrase"),
            "{err}"
        );
        assert!(!ct2.exists());
    }
    let o = run(isou()
        .arg("decrypt")
        .arg("--passphrase-file")
        .arg(&pf)
        .arg(&ct));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"key sheet travels separately");

    // seal --passphrase, stdout and stderr both to a log file.
    let m = dir.join("medium");
    fs::create_dir(&m).unwrap();
    let log = dir.join("seal.log");
    let (o, shown) = at_terminal(
        &format!(
            "ISOU_LEDGER={} ISOU_POLICY={} '{bin}' seal --destination NCC --passphrase -i {} --medium {} {} >{} 2>&1",
            q(&s.ledger),
            q(&dir.join("no-policy.toml")),
            q(&s.p.sender),
            q(&m),
            q(&s.p.extract),
            q(&log)
        ),
        "\n",
    );
    let logged = fs::read_to_string(&log).unwrap();
    assert!(o.status.success(), "{shown}{logged}");
    let pass = generated(&shown);
    assert!(
        !logged.contains(&pass) && !logged.contains("generated passphrase"),
        "the passphrase went to the redirected output: {logged}"
    );
    fs::write(&pf, format!("{pass}\n")).unwrap();
    let out = dir.join("out");
    let o = run(isou()
        .env("ISOU_LEDGER", &s.ledger)
        .args(["open", "-q", "--signer", &s.p.card, "--passphrase-file"])
        .arg(&pf)
        .arg("--out")
        .arg(&out)
        .arg(&m));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read(out.join("extract/z_report.csv")).unwrap(),
        b"id,value\n1,report\n"
    );
}
