//! Secrets hygiene and no network, watched with strace: nothing in `$TMPDIR`, no socket,
//! no passphrase option taking a value, no secret in `Debug` output.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::*;

/// Runs the binary under `strace -f` with the given trace set; returns its output and
/// the trace.
fn traced(trace: &str, dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> (Output, String) {
    let log = dir.join(format!("strace-{}.log", args[0]));
    let mut c = Command::new("strace");
    c.args(["-f", "-qq", "-e", trace, "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_isou"))
        .args(args);
    // The same clean environment as util::isou().
    let base = isou();
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(std::process::Stdio::null());
    let o = run(&mut c);
    let trace = fs::read_to_string(&log).unwrap_or_default();
    (o, trace)
}

/// A shipment sealed, verified and opened under strace; returns the traces.
fn whole_flow(trace: &str, tmpdir: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let (sender, card) = keygen(dir.path(), "sender.txt");
    let (recipient, rcard) = keygen(dir.path(), "recipient.txt");
    let ex = dir.path().join("extract");
    fs::create_dir(&ex).unwrap();
    fs::write(ex.join("症例.csv"), "登録番号,部位\n1,C18.7\n".repeat(5000)).unwrap();
    let usb = dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let out = dir.path().join("out");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let steps: Vec<Vec<String>> = vec![
        vec![
            "seal".into(),
            "--destination".into(),
            "NCC".into(),
            "--to".into(),
            rcard,
            "-i".into(),
            s(&sender),
            "--medium".into(),
            s(&usb),
            s(&ex),
        ],
        vec!["verify".into(), "--signer".into(), card.clone(), s(&usb)],
        vec![
            "open".into(),
            "-i".into(),
            s(&recipient),
            "--signer".into(),
            card,
            "--out".into(),
            s(&out),
            s(&usb),
        ],
        vec!["record".into(), "check".into()],
    ];
    let mut traces = Vec::new();
    for args in &steps {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let (o, t) = traced(trace, dir.path(), &refs, &[("TMPDIR", tmpdir)]);
        assert!(o.status.success(), "{}: {}", args[0], stderr(&o));
        traces.push(t);
    }
    assert_eq!(
        fs::read(out.join("extract/症例.csv")).unwrap(),
        fs::read(ex.join("症例.csv")).unwrap()
    );
    traces
}

#[test]
fn seal_verify_open_create_nothing_in_tmpdir() {
    if !have("strace") {
        return;
    }
    let watched = tempfile::tempdir().unwrap();
    let marker = watched.path().to_str().unwrap().to_string();
    // Every call that names a path is traced: not one may touch $TMPDIR (not even a
    // file created and removed again).
    let traces = whole_flow("trace=%file", watched.path());
    for t in &traces {
        assert!(t.contains("openat("), "strace traced nothing: {t}");
        let hits: Vec<&str> = t.lines().filter(|l| l.contains(&marker)).collect();
        assert!(hits.is_empty(), "$TMPDIR was used: {hits:#?}");
    }
    assert!(entries(watched.path()).is_empty());
}

/// The one local socket isou may open: glibc's `getpwuid_r` (who acts, issue 13 item 3)
/// first asks the name-service cache daemon over its UNIX socket. That is local IPC on
/// this machine, not a network transfer; any other socket, and any non-UNIX one, fails.
fn nss_daemon_call(line: &str) -> bool {
    const NSCD: [&str; 2] = ["\"/var/run/nscd/socket\"", "\"/run/nscd/socket\""];
    line.contains("socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0)")
        || (line.contains("connect(")
            && line.contains("sa_family=AF_UNIX")
            && NSCD.iter().any(|p| line.contains(&format!("sun_path={p}"))))
}

#[test]
fn isou_never_opens_a_socket() {
    if !have("strace") {
        return;
    }
    // §2.2⑪: no transfer over a network. Every network-related system call (socket,
    // connect, bind, sendto, …) is traced across seal, verify, open and the ledger.
    let tmp = tempfile::tempdir().unwrap();
    // openat is traced too, only to prove the tracing works.
    let traces = whole_flow("trace=%network,openat", tmp.path());
    for t in &traces {
        assert!(t.contains("openat("), "strace traced nothing: {t}");
        let calls: Vec<&str> = t
            .lines()
            .filter(|l| {
                !l.contains("openat(") && !l.contains("+++ exited") && !l.contains("--- SIG")
            })
            .filter(|l| !l.trim().is_empty() && !l.contains("resumed>"))
            .filter(|l| !nss_daemon_call(l))
            .collect();
        assert!(calls.is_empty(), "network system calls: {calls:#?}");
    }
}

#[test]
fn no_option_takes_a_passphrase_on_the_command_line() {
    // Passphrases come from the terminal, a file or a descriptor: an option that took
    // the passphrase itself would put it in the process list (/proc/PID/cmdline).
    for cmd in ["encrypt", "decrypt", "keygen", "seal", "open"] {
        let o = run(isou().args([cmd, "--help"]));
        let help = String::from_utf8_lossy(&o.stdout).into_owned();
        for line in help.lines().filter(|l| l.trim_start().starts_with('-')) {
            let takes_value = line.contains("--passphrase <") || line.contains("--passphrase=");
            assert!(!takes_value, "{cmd}: {line}");
        }
    }
    let o = run(isou().args([
        "encrypt",
        "--passphrase=hunter2",
        "-o",
        "/dev/null",
        "/dev/null",
    ]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
