//! Helpers shared by the test modules: running the binary, finding real peer tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

thread_local! {
    /// This test's own folder for its default ledger and configuration: libtest runs
    /// each test on a thread of its own, so no two tests share a ledger (a test's events
    /// never change another's registers), and the folder is removed when the test's
    /// thread ends (issue 19: it used to be one `$TMPDIR/isou-it-PID` for all, kept).
    static TEST_HOME: tempfile::TempDir = tempfile::Builder::new()
        .prefix("isou-it-")
        .tempdir()
        .expect("a temporary folder for the test");
}

/// The `isou` binary under test, with a clean environment for identities and a ledger
/// of this test's own (never the user's, never another test's).
pub fn isou() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_isou"));
    c.env_remove("ISOU_IDENTITY");
    let ledger = TEST_HOME.with(|d| d.path().to_path_buf());
    c.env("ISOU_LEDGER", ledger.join("ledger.sqlite"));
    // Never the user's own policy: the built-in rules unless a test names a file
    // (ISOU_POLICY empty is unset; a missing file it names is an error, issue 14).
    c.env("ISOU_POLICY", "")
        .env("XDG_CONFIG_HOME", ledger.join("no-config"));
    // English, whatever the machine's locale: the tests read the messages. The tests of
    // the Japanese catalogue (language.rs) choose Japanese explicitly.
    c.env_remove("ISOU_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c.stdin(Stdio::null());
    c
}

/// Runs a command and returns its output.
pub fn run(c: &mut Command) -> Output {
    c.output().expect("running a command")
}

/// Whether the real peer `tool` is installed. When it is missing the test is skipped
/// with a printed reason, except under CI (`CI` set), where it must be there.
pub fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !found {
        if std::env::var_os("CI").is_some() {
            panic!("{tool} is required under CI (install it in .ci/run)");
        }
        eprintln!("SKIPPED: {tool} is not installed");
    }
    found
}

/// Deterministic test data of `len` bytes.
pub fn data(len: usize, seed: u8) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ seed as u64;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// Writes a file with mode 0600.
pub fn write_private(path: &Path, contents: &[u8]) {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(path).unwrap().write_all(contents).unwrap();
}

/// Creates an unprotected identity in `dir`; returns (identity path, contact card).
pub fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let out = run(isou()
        .args(["keygen", "--unprotected", "-q", "-o"])
        .arg(&path));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        path,
        String::from_utf8(out.stdout).unwrap().trim().to_string(),
    )
}

/// Creates an unprotected identity in `dir`; returns (identity path, age recipient).
pub fn unprotected_identity(dir: &Path, name: &str) -> (PathBuf, String) {
    let (path, card) = keygen(dir, name);
    let recipient = card.split_whitespace().nth(1).unwrap().to_string();
    assert!(recipient.starts_with("age1"));
    (path, recipient)
}

/// Polls `ready` every 20 ms for up to 30 s; fails naming `what` if it never holds.
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !ready() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} never happened"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Sends SIGINT (what Ctrl-C sends) to a child process.
pub fn interrupt(child: &std::process::Child) {
    signal(child, "INT");
}

/// Sends the signal `name` (INT, TERM, HUP…) to `child`.
pub fn signal(child: &std::process::Child, name: &str) {
    let o = run(Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string()));
    assert!(o.status.success());
}

/// The names of the entries of `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs `cmd` under a pseudo-terminal (util-linux `script`), feeding `input` to it:
/// the age CLI reads passphrases only from a terminal.
pub fn with_tty(cmd: &str, input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Mounts a tmpfs of `size` at `dir` (root only); `None` (with a printed reason) when
/// that is not possible here, which fails under CI.
pub fn small_medium(dir: &Path, size: &str) -> Option<Mount> {
    std::fs::create_dir_all(dir).unwrap();
    let ok = run(Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir))
    .status
    .success();
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("mounting a small tmpfs as a too-small medium needs root");
        }
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
        return None;
    }
    Some(Mount(dir.to_path_buf()))
}

pub struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A sender and a recipient (unprotected identities and contact cards) and an extract
/// of `files` incompressible files of `size` bytes (`extract/partN.bin`), in a
/// temporary folder.
pub struct Parties {
    pub dir: tempfile::TempDir,
    pub sender: PathBuf,
    pub card: String,
    pub recipient: PathBuf,
    pub rcard: String,
    pub extract: PathBuf,
}

pub fn parties(files: u8, size: usize) -> Parties {
    let dir = tempfile::tempdir().unwrap();
    let (sender, card) = keygen(dir.path(), "sender.txt");
    let (recipient, rcard) = keygen(dir.path(), "recipient.txt");
    let extract = dir.path().join("extract");
    std::fs::create_dir(&extract).unwrap();
    for i in 0..files {
        std::fs::write(extract.join(format!("part{i}.bin")), data(size, i)).unwrap();
    }
    Parties {
        dir,
        sender,
        card,
        recipient,
        rcard,
        extract,
    }
}

/// A medium sealed by `p`'s sender (anonymized, to its recipient) into `p.dir/name`,
/// with the test's own ledger.
pub fn sealed(p: &Parties, name: &str) -> PathBuf {
    let m = p.dir.path().join(name);
    std::fs::create_dir(&m).unwrap();
    let o = run(isou()
        .args([
            "seal",
            "-q",
            "--class",
            "anonymized",
            "--to",
            &p.rcard,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&m)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    m
}

/// `isou verify --signer card` of `medium` with the ledger `ledger`.
pub fn verify_signed(ledger: &Path, card: &str, medium: &Path) -> Output {
    run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["verify", "--signer", card])
        .arg(medium))
}

/// `isou open --signer card -i identity --out out` of `medium` with the ledger
/// `ledger`.
pub fn open_signed(
    ledger: &Path,
    card: &str,
    identity: &Path,
    out: &Path,
    medium: &Path,
) -> Output {
    run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["open", "--signer", card, "-i"])
        .arg(identity)
        .arg("--out")
        .arg(out)
        .arg(medium))
}

/// Every event of the ledger at `ledger`, as `record list --json` gives them.
pub fn ledger_events(ledger: &Path) -> Vec<serde_json::Value> {
    let o = run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["record", "list", "--json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// How many events of `kind` the ledger at `ledger` holds.
pub fn count_events(ledger: &Path, kind: &str) -> usize {
    ledger_events(ledger)
        .iter()
        .filter(|e| e["kind"] == kind)
        .count()
}

/// A signing key of someone else's (a hostile but keyed sender, or an outsider with a
/// key of their own), and its public key as `--signer` takes it.
pub fn other_key() -> (ssh_key::PrivateKey, String) {
    let k =
        ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let public = k.public_key().to_openssh().unwrap();
    (k, public)
}

/// A complete, signed isou medium whose payload is `plain` (the decrypted stream: a
/// tar, or zstd of a tar) encrypted to `recipient`, with `fields` in `bag-info.txt`
/// (External-Identifier, Bag-Count, Encryption, Signer-Key and Payload-Oxum are added
/// unless given): what a keyed sender can make.
pub fn keyed_medium(
    dir: &Path,
    name: &str,
    plain: &[u8],
    recipient: &str,
    fields: &[(&str, &str)],
    key: &ssh_key::PrivateKey,
) -> PathBuf {
    let medium = dir.join(name);
    std::fs::create_dir_all(medium.join("data")).unwrap();
    let r: age::x25519::Recipient = recipient.parse().unwrap();
    let segw = isou::pipeline::SegmentWriter::new(&medium.join("data"), 1 << 30);
    let mut w = isou::engine::Encryptor::with_recipients(&[&r])
        .unwrap()
        .wrap_output(segw, Default::default())
        .unwrap();
    std::io::Write::write_all(&mut w, plain).unwrap();
    let (segs, _) = w.finish().unwrap().finish().unwrap();
    let payload: Vec<(String, [u8; 32])> = segs
        .iter()
        .map(|s| (format!("data/{}", s.name), s.sha256))
        .collect();
    let bytes: u64 = segs.iter().map(|s| s.size).sum();
    let oxum = format!("{bytes}.{}", segs.len());
    let fp = isou::signature::fingerprint(key.public_key());
    let mut info = isou::bag::BagInfo::default();
    let defaults = [
        ("External-Identifier", "ISOU-20261203-KEYED222"),
        ("Bag-Count", "1 of 1"),
        ("Encryption", "age v1, X25519 (1 recipient)"),
        ("Signer-Key", fp.as_str()),
        ("Payload-Oxum", oxum.as_str()),
    ];
    for (l, v) in fields {
        info.push(l, v).unwrap();
    }
    for (l, v) in defaults {
        if !fields.iter().any(|(f, _)| *f == l) {
            info.push(l, v).unwrap();
        }
    }
    isou::bag::write_tag_files(
        &medium,
        &isou::bag::TagFiles {
            info: &info,
            payload: &payload,
            extra: &[],
            sign: &|m| isou::signature::sign(key, m),
        },
    )
    .unwrap();
    medium
}

/// A ledger with one sealed shipment; returns (ledger, shipment id).
pub fn ledger_with_shipment(dir: &Path) -> (std::path::PathBuf, String) {
    let (sender, _) = keygen(dir, "s.txt");
    let (_, rcard) = keygen(dir, "r.txt");
    let ledger = dir.join("l.sqlite");
    let ex = dir.join("x.csv");
    std::fs::write(&ex, b"1").unwrap();
    let usb = dir.join("usb");
    std::fs::create_dir(&usb).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "seal",
            "--class",
            "anonymized",
            "--json",
            "--to",
            &rcard,
            "-i",
        ])
        .arg(&sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&ex));
    assert!(o.status.success(), "{}", stderr(&o));
    let id = serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["shipment_id"]
        .as_str()
        .unwrap()
        .to_string();
    (ledger, id)
}

/// The OS account this test runs as (`id -un`): what isou records as `os_account` and
/// checks against the policy's handlers.
pub fn os_account() -> String {
    let o = run(Command::new("id").arg("-un"));
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// Runs `c` with its output captured, killing it and failing the test if it has not
/// finished within `secs` seconds (a command that must refuse at once, not hang). The
/// output is read on a thread, so a child that writes a lot cannot block on the pipe.
pub fn run_within(c: &mut std::process::Command, secs: u64) -> std::process::Output {
    let child = c
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as i32;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(o) => o.unwrap(),
        Err(_) => {
            // SAFETY: kill(2) on the pid of the child this test started.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the command did not finish within {secs} s (it hangs)");
        }
    }
}

/// The table of a CSV export (`record export`), without its BOM and without the
/// provenance block that follows the first empty row (`records::provenance`).
pub fn csv_table(export: &[u8]) -> String {
    let text = String::from_utf8_lossy(export);
    let text = text.trim_start_matches('\u{feff}');
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim_end().chars().all(|c| c == ',') {
            break;
        }
        out.push_str(line);
    }
    out
}
