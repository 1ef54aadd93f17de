//! Keys in memory and identity files (issue 13, items 7 and 8): no core dump, no copies of the keys left behind, seal without the receive key; bounded KDF cost, honest errors, CRLF/BOM, FIFOs, duplicate keys, one passphrase read.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use base64::{prelude::BASE64_STANDARD, Engine};
use sha2::{Digest, Sha256};

use crate::util::*;

const SIGNING_PREFIX: &str = "# ISOU-SIGNING-KEY-ED25519: ";
const BEGIN: &str = "-----BEGIN ISOU IDENTITY-----\n";

/// The raw secrets of an unprotected identity file: (Ed25519 seed, X25519 key), decoded
/// here independently of isou (base64; Bech32 per BIP 173, checksum not checked).
fn raw_secrets(identity: &Path) -> (Vec<u8>, Vec<u8>) {
    let text = fs::read_to_string(identity).unwrap();
    let seed = text
        .lines()
        .find_map(|l| l.strip_prefix(SIGNING_PREFIX))
        .unwrap();
    let seed = BASE64_STANDARD.decode(seed.trim()).unwrap();
    let age = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_ascii_lowercase();
    const CHARSET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let data = &age["age-secret-key-1".len()..age.len() - 6];
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in data.chars() {
        acc = (acc << 5) | CHARSET.find(c).unwrap() as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    assert_eq!(seed.len(), 32);
    assert_eq!(out.len(), 32);
    (seed, out)
}

/// How often `needle` occurs in the readable memory of process `pid`, or `None` when
/// this test may not read it (reading a non-dumpable process takes CAP_SYS_PTRACE).
fn occurrences(pid: u32, needle: &[u8]) -> Option<usize> {
    let maps = fs::read_to_string(format!("/proc/{pid}/maps")).ok()?;
    let mut mem = fs::File::open(format!("/proc/{pid}/mem")).ok()?;
    let mut n = 0;
    let mut readable = false;
    for line in maps.lines() {
        let mut f = line.split_whitespace();
        let (range, perms) = (f.next().unwrap(), f.next().unwrap());
        if !perms.starts_with('r') {
            continue;
        }
        let (a, b) = range.split_once('-').unwrap();
        let (a, b) = (
            u64::from_str_radix(a, 16).unwrap(),
            u64::from_str_radix(b, 16).unwrap(),
        );
        let mut buf = vec![0u8; (b - a) as usize];
        if mem.seek(SeekFrom::Start(a)).is_err() || mem.read_exact(&mut buf).is_err() {
            continue; // [vvar] and the like
        }
        readable = true;
        n += buf.windows(needle.len()).filter(|w| *w == needle).count();
    }
    readable.then_some(n)
}

/// Whether some thread of `pid` is blocked in `read(fd, …)`.
fn blocked_reading(pid: u32, fd: i32) -> bool {
    let Ok(tasks) = fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    let want = format!("{} {:#x} ", libc::SYS_read, fd);
    tasks
        .flatten()
        .any(|t| fs::read_to_string(t.path().join("syscall")).is_ok_and(|s| s.starts_with(&want)))
}

/// Waits until `child` blocks reading descriptor `fd` (it has loaded the identity).
fn wait_blocked(child: &mut Child, fd: i32) {
    let pid = child.id();
    // Blocked for 10 polls in a row (200 ms), not caught on its way through a read.
    let mut seen = 0;
    wait_until("the child blocking on its input", || {
        if let Ok(Some(st)) = child.try_wait() {
            panic!("the child ended early: {st}");
        }
        seen = if blocked_reading(pid, fd) {
            seen + 1
        } else {
            0
        };
        seen >= 10
    });
}

/// An unprotected identity and a file of 200 KiB encrypted to it.
fn encrypted_to_unprotected(dir: &Path) -> (PathBuf, PathBuf) {
    let (id, recipient) = unprotected_identity(dir, "id.txt");
    let plain = dir.join("plain");
    fs::write(&plain, data(200 * 1024, 7)).unwrap();
    let ct = dir.join("ct.age");
    let o = run(isou()
        .args(["encrypt", "-r", &recipient, "-o"])
        .arg(&ct)
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    (id, ct)
}

/// `isou decrypt -i id` fed the header and a little payload on a pipe held open: it
/// stalls in the payload, after the identity was loaded and the file key unwrapped.
fn stalled_decrypt(
    dir: &Path,
    id: &Path,
    ct: &Path,
    core_limit: bool,
) -> (Child, std::process::ChildStdin) {
    let mut c = isou();
    c.arg("decrypt")
        .arg("-i")
        .arg(id)
        .arg("-o")
        .arg(dir.join("out"))
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stderr(Stdio::null());
    // SIGQUIT as a terminal delivers it: a test runner started in the background by a
    // shell without job control inherits it ignored (POSIX), and the child would never
    // stop. SAFETY: signal(2) is async-signal-safe.
    unsafe {
        c.pre_exec(|| {
            libc::signal(libc::SIGQUIT, libc::SIG_DFL);
            Ok(())
        });
    }
    if core_limit {
        // What `ulimit -c unlimited` does for the shell's children.
        // SAFETY: setrlimit is async-signal-safe.
        unsafe {
            c.pre_exec(|| {
                let all = libc::rlimit {
                    rlim_cur: libc::RLIM_INFINITY,
                    rlim_max: libc::RLIM_INFINITY,
                };
                if libc::setrlimit(libc::RLIMIT_CORE, &all) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&fs::read(ct).unwrap()[..1000]).unwrap();
    wait_blocked(&mut child, 0);
    (child, stdin)
}

/// Item 7: `kill -QUIT` under `ulimit -c unlimited` during a decrypt writes no core
/// (the core pattern here is the kernel's `core` in the working directory unless the
/// system pipes cores elsewhere), and the core limit the process runs with is zero.
#[test]
fn decrypt_killed_with_sigquit_dumps_no_core() {
    let dir = tempfile::tempdir().unwrap();
    let (id, ct) = encrypted_to_unprotected(dir.path());
    let (mut child, stdin) = stalled_decrypt(dir.path(), &id, &ct, true);
    let limits = fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    signal(&child, "QUIT");
    let st = child.wait().unwrap();
    drop(stdin);
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(st.signal(), Some(libc::SIGQUIT), "{st}");
    let cores: Vec<String> = entries(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("core"))
        .collect();
    assert!(cores.is_empty(), "a core was written: {cores:?}");
    assert!(!st.core_dumped(), "the kernel dumped core");
    assert_eq!(
        core.split_whitespace().collect::<Vec<_>>()[4..6],
        ["0", "0"],
        "{core}"
    );
}

/// Item 7: while `decrypt` streams the payload, no copy of either secret is left in its
/// memory: the identity was dropped (zeroized) after the file key was unwrapped, and the
/// stack copies that parsing and unwrapping left were wiped. Before: the seed 21 times,
/// the X25519 key 6 times, all on the stack.
#[test]
fn decrypt_leaves_no_copy_of_the_keys_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (id, ct) = encrypted_to_unprotected(dir.path());
    let (seed, x25519) = raw_secrets(&id);
    let (mut child, stdin) = stalled_decrypt(dir.path(), &id, &ct, false);
    let pid = child.id();
    let found = (occurrences(pid, &seed), occurrences(pid, &x25519));
    let _ = child.kill();
    let _ = child.wait();
    drop(stdin);
    match found {
        (Some(s), Some(x)) => {
            assert_eq!((s, x), (0, 0), "copies of (seed, X25519 key) in memory")
        }
        _ => eprintln!("SKIPPED: reading another process's memory needs CAP_SYS_PTRACE"),
    }
}

/// Item 7: `seal` only signs: while it waits for the medium's passphrase (after loading
/// the identity), its memory holds the signing seed (the live key, which shows the scan
/// works) but not the X25519 key.
#[test]
fn seal_never_decodes_the_receive_key() {
    let dir = tempfile::tempdir().unwrap();
    let (id, _) = unprotected_identity(dir.path(), "id.txt");
    let (seed, x25519) = raw_secrets(&id);
    let input = dir.path().join("extract.csv");
    fs::write(&input, b"a,b\n1,2\n").unwrap();
    let medium = dir.path().join("medium");
    fs::create_dir(&medium).unwrap();
    let mut fds = [0; 2];
    // SAFETY: a plain pipe(2) into a local array.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (rd, wr) = (fds[0], fds[1]);
    let mut c = isou();
    c.args([
        "seal",
        "--class",
        "anonymized",
        "--passphrase",
        "--passphrase-fd",
        "3",
        "-i",
    ])
    .arg(&id)
    .arg("--medium")
    .arg(&medium)
    .arg(&input)
    .stderr(Stdio::null());
    // SAFETY: dup2 and close are async-signal-safe.
    unsafe {
        c.pre_exec(move || {
            libc::close(wr);
            if libc::dup2(rd, 3) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = c.spawn().unwrap();
    // SAFETY: our copy of the read end; the child has its own.
    unsafe { libc::close(rd) };
    wait_blocked(&mut child, 3);
    let pid = child.id();
    let found = (occurrences(pid, &seed), occurrences(pid, &x25519));
    let _ = child.kill();
    let _ = child.wait();
    // SAFETY: our write end, closed once.
    unsafe { libc::close(wr) };
    match found {
        (Some(s), Some(x)) => {
            assert!(
                s >= 1,
                "the live signing key was not found: the scan is broken"
            );
            assert_eq!(x, 0, "the X25519 key is in seal's memory");
        }
        _ => eprintln!("SKIPPED: reading another process's memory needs CAP_SYS_PTRACE"),
    }
}

/// A protected identity made by `isou keygen` with passphrase `pass`; returns its path
/// and the passphrase file.
fn protected_identity(dir: &Path, name: &str, pass: &str) -> (PathBuf, PathBuf) {
    let pf = dir.join(format!("{name}.pass"));
    if !pf.exists() {
        write_private(&pf, format!("{pass}\n").as_bytes());
    }
    let path = dir.join(name);
    let o = run(isou()
        .args(["keygen", "-q", "--passphrase-file"])
        .arg(&pf)
        .arg("-o")
        .arg(&path));
    assert!(o.status.success(), "{}", stderr(&o));
    (path, pf)
}

/// `text` (a protected identity file) with `edit` applied to its fields and the
/// checksum recomputed, as anyone who can write the file can do.
fn reforged(text: &str, edit: impl Fn(&str) -> String) -> String {
    let start = text.find(BEGIN).unwrap() + BEGIN.len();
    let sum_at = text.find("checksum: sha256:").unwrap();
    let body = edit(&text[start..sum_at]);
    let sum: String = Sha256::digest(body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}{body}checksum: sha256:{sum}\n-----END ISOU IDENTITY-----\n",
        &text[..start]
    )
}

fn card(id: &Path, pass: &Path) -> std::process::Output {
    run(isou()
        .args(["card", "-i"])
        .arg(id)
        .arg("--passphrase-file")
        .arg(pass))
}

/// Unlocks `id` with the passphrase in `pass`: decrypts a small file encrypted to it
/// (`card` no longer unlocks: a card is public, issue 15 item 10).
fn unlock(id: &Path, pass: &Path) -> std::process::Output {
    let o = run(isou().args(["card", "-i"]).arg(id));
    let card = String::from_utf8(o.stdout).unwrap();
    let recipient = card.split_whitespace().nth(1).unwrap_or("none").to_string();
    let plain = id.with_extension("plain");
    let enc = id.with_extension("age");
    let _ = fs::remove_file(&enc);
    fs::write(&plain, b"x").unwrap();
    let o = run(isou()
        .args(["encrypt", "-r", &recipient, "-o"])
        .arg(&enc)
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    run(isou()
        .args(["decrypt", "-i"])
        .arg(id)
        .arg("--passphrase-file")
        .arg(pass)
        .arg(&enc))
}

/// Item 8: a file asking for Argon2 costlier than keygen writes is refused before any
/// passphrase is read (the passphrase file named does not even exist).
#[test]
fn costly_kdf_parameters_are_refused_before_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (id, _) = protected_identity(dir.path(), "id.txt", "correct horse battery");
    let text = fs::read_to_string(&id).unwrap();
    let evil = dir.path().join("evil.txt");
    write_private(
        &evil,
        reforged(&text, |b| {
            b.replace("argon2-iterations: 3\n", "argon2-iterations: 64\n")
                .replace("argon2-lanes: 4\n", "argon2-lanes: 64\n")
        })
        .as_bytes(),
    );
    let started = Instant::now();
    let o = card(&evil, &dir.path().join("no-such-passphrase-file"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("more than isou ever writes"), "{err}");
    assert!(err.contains("64 passes, 64 lanes"), "{err}");
    assert!(!err.contains("passphrase:"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// Item 8: a file whose signing key was swapped (checksum recomputed) is not called a
/// wrong passphrase alone: the message says it may have been altered.
#[test]
fn swapped_signing_key_is_named_altered_not_only_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (id, pass) = protected_identity(dir.path(), "id.txt", "correct horse battery");
    let text = fs::read_to_string(&id).unwrap();
    let (_, other) = other_key();
    let other: Vec<&str> = other.split_whitespace().take(2).collect();
    let swapped = dir.path().join("swapped.txt");
    write_private(
        &swapped,
        reforged(&text, |b| {
            b.lines()
                .map(|l| {
                    if l.starts_with("signing-key: ") {
                        format!("signing-key: {}\n", other.join(" "))
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect()
        })
        .as_bytes(),
    );
    assert!(unlock(&id, &pass).status.success());
    let o = unlock(&swapped, &pass);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("altered"), "{err}");
    assert!(err.contains("restore it from your backup"), "{err}");
}

/// Item 8: an intact identity with CRLF line endings and a UTF-8 BOM (a copy through
/// Windows) is read, protected or not, and gives the same contact card.
#[test]
fn crlf_and_bom_identity_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (prot, pass) = protected_identity(dir.path(), "prot.txt", "correct horse battery");
    let (plain, _) = unprotected_identity(dir.path(), "plain.txt");
    for (id, name) in [(&prot, "prot-crlf.txt"), (&plain, "plain-crlf.txt")] {
        let text = fs::read_to_string(id).unwrap();
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let copy = dir.path().join(name);
        write_private(&copy, windows.as_bytes());
        let (a, b) = (card(id, &pass), card(&copy, &pass));
        assert!(b.status.success(), "{name}: {}", stderr(&b));
        assert_eq!(a.stdout, b.stdout, "{name}");
    }
}

/// Item 8: a FIFO (or a directory) given as `-i` is refused at once, not read (a FIFO
/// blocked isou for ever).
#[test]
fn fifo_identity_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for (path, kind) in [(fifo, "FIFO"), (dir.path().to_path_buf(), "directory")] {
        let mut child = isou()
            .args(["card", "-i"])
            .arg(&path)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let st = loop {
            if let Some(st) = child.try_wait().unwrap() {
                break Some(st);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let st = st.unwrap_or_else(|| panic!("isou blocked on a {kind} given as -i"));
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_eq!(st.code(), Some(3), "{err}");
        assert!(
            err.contains(kind) && err.contains("not an identity file"),
            "{err}"
        );
    }
}

/// Item 8: an unprotected identity with a second signing-key line (or a second age
/// identity beside its signing key) is refused, not read taking the last.
#[test]
fn unprotected_identity_with_two_keys_of_a_kind_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mine, _) = unprotected_identity(dir.path(), "mine.txt");
    let (theirs, _) = unprotected_identity(dir.path(), "theirs.txt");
    let t = fs::read_to_string(&theirs).unwrap();
    let nopass = dir.path().join("unused");
    for (prefix, name, want) in [
        (SIGNING_PREFIX, "two-signing.txt", "2 signing-key lines"),
        ("AGE-SECRET-KEY-1", "two-age.txt", "2 age identity lines"),
    ] {
        let line = t.lines().find(|l| l.starts_with(prefix)).unwrap();
        let text = format!("{}{line}\n", fs::read_to_string(&mine).unwrap());
        let edited = dir.path().join(name);
        write_private(&edited, text.as_bytes());
        let o = card(&edited, &nopass);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
    }
}

/// Item 8: `--passphrase-fd` with two protected identities reads the descriptor once and
/// uses the passphrase for both (the second read failed on a closed descriptor).
#[test]
fn passphrase_fd_is_read_once_for_two_identities() {
    let dir = tempfile::tempdir().unwrap();
    let (a, pass) = protected_identity(dir.path(), "a.txt", "correct horse battery");
    let pb = dir.path().join("b.txt.pass");
    fs::copy(&pass, &pb).unwrap();
    let (b, _) = protected_identity(dir.path(), "b.txt", "correct horse battery");
    let cb = card(&b, &pass);
    assert!(cb.status.success(), "{}", stderr(&cb));
    let recipient = String::from_utf8(cb.stdout)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    let plain = dir.path().join("plain");
    fs::write(&plain, b"for b only\n").unwrap();
    let ct = dir.path().join("ct.age");
    let o = run(isou()
        .args(["encrypt", "-r", &recipient, "-o"])
        .arg(&ct)
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    let f = fs::File::open(&pass).unwrap();
    use std::os::fd::AsRawFd;
    let fd = f.as_raw_fd();
    let mut c = isou();
    c.args(["decrypt", "--passphrase-fd", "3", "-i"])
        .arg(&a)
        .arg("-i")
        .arg(&b)
        .arg(&ct);
    // SAFETY: dup2 is async-signal-safe.
    unsafe {
        c.pre_exec(move || {
            // dup2 onto itself would keep close-on-exec.
            let ok = if fd == 3 {
                libc::fcntl(3, libc::F_SETFD, 0) == 0
            } else {
                libc::dup2(fd, 3) == 3
            };
            if !ok {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = run(&mut c);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"for b only\n");
}

/// Finding 07 (issue 13): a protected identity with a field repeated — a second
/// recipient, signing key, KDF or memory line, checksum recomputed as anyone can — or a
/// field isou does not write is refused as altered, not read taking the first; and
/// Argon2 parameters below Argon2's minimum are named as such, not "more than isou
/// ever writes".
#[test]
fn protected_identity_with_a_repeated_or_unknown_field_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (id, pass) = protected_identity(dir.path(), "id.txt", "correct horse battery");
    let (other_id, _) = protected_identity(dir.path(), "other.txt", "correct horse battery");
    let text = fs::read_to_string(&id).unwrap();
    let field = |t: &str, k: &str| -> String {
        t.lines()
            .find(|l| l.starts_with(&format!("{k}: ")))
            .unwrap()
            .to_string()
    };
    let theirs = fs::read_to_string(&other_id).unwrap();
    assert!(card(&id, &pass).status.success());
    for (name, after, extra, want) in [
        (
            "recipient",
            "recipient",
            field(&theirs, "recipient"),
            "its recipient field appears twice",
        ),
        (
            "signing-key",
            "signing-key",
            field(&theirs, "signing-key"),
            "its signing-key field appears twice",
        ),
        (
            "kdf",
            "kdf",
            "kdf: scrypt".to_string(),
            "its kdf field appears twice",
        ),
        (
            "memory",
            "argon2-memory-kib",
            "argon2-memory-kib: 2097152".to_string(),
            "its argon2-memory-kib field appears twice",
        ),
        (
            "unknown",
            "nonce",
            "comment: hello".to_string(),
            "a field isou does not write (comment)",
        ),
    ] {
        let edited = dir.path().join(format!("{name}.txt"));
        write_private(
            &edited,
            reforged(&text, |b| {
                b.lines()
                    .map(|l| {
                        if l.starts_with(&format!("{after}: ")) {
                            format!("{l}\n{extra}\n")
                        } else {
                            format!("{l}\n")
                        }
                    })
                    .collect()
            })
            .as_bytes(),
        );
        let o = card(&edited, &pass);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{name}: {err}");
        assert!(
            err.contains("is damaged") && err.contains(want),
            "{name}: {err}"
        );
        assert!(
            err.contains("altered or made by another tool"),
            "{name}: {err}"
        );
    }
    // Too little memory for its lanes, or no lane: below Argon2's minimum, said so.
    for (name, from, to) in [
        (
            "small",
            "argon2-memory-kib: 65536\n",
            "argon2-memory-kib: 8\n",
        ),
        ("nolanes", "argon2-lanes: 4\n", "argon2-lanes: 0\n"),
    ] {
        let edited = dir.path().join(format!("{name}.txt"));
        write_private(&edited, reforged(&text, |b| b.replace(from, to)).as_bytes());
        let o = card(&edited, &dir.path().join("no-such-passphrase-file"));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{name}: {err}");
        assert!(err.contains("below Argon2id's minimum"), "{name}: {err}");
        assert!(!err.contains("more than isou ever writes"), "{name}: {err}");
    }
}

/// Runs `c`, killing it after 10 s; returns its exit code (None: it blocked) and stderr.
fn run_or_kill(c: &mut std::process::Command) -> (Option<i32>, String) {
    let mut child = c
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (code, err)
}

/// Issue 13 (minor): a public key, card or recipients file is read bounded (1 MiB) and
/// only if regular — `--signer` a 50 GB sparse file ran out of memory, `-R` a FIFO
/// blocked for ever; both refused at once, naming the file.
#[test]
fn key_and_recipients_files_are_bounded_and_fifos_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.card");
    fs::File::create(&big).unwrap().set_len(50 << 30).unwrap();
    let fifo = dir.path().join("fifo.card");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let medium = dir.path().join("m");
    fs::create_dir(&medium).unwrap();
    let plain = dir.path().join("p.txt");
    fs::write(&plain, b"hi").unwrap();
    let (sender, _) = keygen(dir.path(), "s.txt");
    for (file, want) in [
        (
            &big,
            "is at least 53687091200 bytes, more than the 1048576 bytes allowed",
        ),
        (&fifo, "is a FIFO (named pipe), not a regular file"),
    ] {
        let runs: [(&str, std::process::Command); 3] = [
            ("verify --signer", {
                let mut c = isou();
                c.arg("verify").arg("--signer").arg(file).arg(&medium);
                c
            }),
            ("encrypt -R", {
                let mut c = isou();
                c.arg("encrypt")
                    .arg("-R")
                    .arg(file)
                    .arg("-o")
                    .arg(dir.path().join("p.age"))
                    .arg(&plain);
                c
            }),
            ("seal --to", {
                let mut c = isou();
                c.arg("--ledger")
                    .arg(dir.path().join("l.sqlite"))
                    .args(["seal", "--class", "anonymized"])
                    .arg("--to")
                    .arg(file)
                    .arg("-i")
                    .arg(&sender)
                    .arg("--medium")
                    .arg(&medium)
                    .arg(&plain);
                c
            }),
        ];
        for (what, mut c) in runs {
            if what == "seal --to" && file == &fifo {
                // seal reads --to as a file only when it is a regular file; a FIFO's
                // name is refused as a recipient, without reading it.
                let (code, err) = run_or_kill(&mut c);
                assert!(code.is_some(), "seal blocked on a FIFO given as --to");
                assert!(err.contains("invalid recipient"), "{what} FIFO: {err}");
                continue;
            }
            let (code, err) = run_or_kill(&mut c);
            assert_eq!(code, Some(2), "{what} {}: {err}", file.display());
            assert!(
                err.contains(&format!("the key file {}", file.display())) && err.contains(want),
                "{what}: {err}"
            );
        }
        assert!(entries(&medium).is_empty());
    }
    assert!(!dir.path().join("p.age").exists());
}

#[test]
fn a_card_label_is_one_bounded_line_of_plain_text() {
    // Issue 15 review: only control characters were refused; a bidi override reached
    // every partner's terminal through `isou card`, and 300 KB made an identity file
    // too large to read back.
    let dir = tempfile::tempdir().unwrap();
    for (i, label) in ["大阪\u{202e}府", "\u{200b}", &"長".repeat(201)]
        .into_iter()
        .enumerate()
    {
        let out = dir.path().join(format!("id{i}.txt"));
        let o = run(isou()
            .args(["keygen", "--unprotected", "-q", "-o"])
            .arg(&out)
            .args(["--label", label]));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("--label"), "{}", stderr(&o));
        assert!(!out.exists());
    }
    let out = dir.path().join("ok.txt");
    let o = run(isou()
        .args(["keygen", "--unprotected", "-q", "-o"])
        .arg(&out)
        .args(["--label", "大阪府がん登録室"]));
    assert!(o.status.success(), "{}", stderr(&o));
}
