//! The main path through the binary: keygen → seal → verify → open, with exit codes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::*;

struct Flow {
    dir: tempfile::TempDir,
    sender: PathBuf,
    sender_card: String,
    recipient: PathBuf,
    recipient_card: String,
    extract: PathBuf,
}

fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(name);
    let o = run(isou()
        .args(["keygen", "--unprotected", "-q", "-o"])
        .arg(&path));
    assert!(o.status.success(), "{}", stderr(&o));
    (
        path,
        String::from_utf8(o.stdout).unwrap().trim().to_string(),
    )
}

fn flow() -> Flow {
    let dir = tempfile::tempdir().unwrap();
    let (sender, sender_card) = keygen(dir.path(), "sender.txt");
    let (recipient, recipient_card) = keygen(dir.path(), "recipient.txt");
    let extract = dir.path().join("がん登録抽出");
    fs::create_dir_all(extract.join("2024")).unwrap();
    fs::write(
        extract.join("2024/症例.csv"),
        "登録番号,部位\n1,C18.7\n".repeat(30_000),
    )
    .unwrap();
    fs::write(extract.join("empty.csv"), b"").unwrap();
    fs::write(extract.join("random.bin"), data(1_500_000, 9)).unwrap();
    Flow {
        dir,
        sender,
        sender_card,
        recipient,
        recipient_card,
        extract,
    }
}

fn seal(f: &Flow, medium: &Path, extra: &[&str]) -> std::process::Output {
    fs::create_dir_all(medium).unwrap();
    run(isou()
        .arg("seal")
        .args(["--to", &f.recipient_card, "-i"])
        .arg(&f.sender)
        .arg("--medium")
        .arg(medium)
        .args(extra)
        .arg(&f.extract))
}

#[test]
fn seal_verify_open_round_trip_with_exit_codes() {
    let f = flow();
    let usb = f.dir.path().join("usb");
    let o = seal(
        &f,
        &usb,
        &[
            "--tracking-number",
            "4055-4842-4886",
            "--segment-size",
            "1M",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["tracking_number"], "405548424886");
    assert_eq!(summary["files"], 3);

    let o = run(isou()
        .arg("verify")
        .args(["--signer", &f.sender_card])
        .arg(&usb));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("tracking number: 405548424886"), "{out}");
    assert!(out.contains("result: VALID"));

    let o = run(isou()
        .arg("verify")
        .arg("--json")
        .args(["--signer", &f.sender_card])
        .arg(&usb));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["fields"]["Tracking-Number"], "405548424886");

    // Without --signer: intact, but the sender is not established.
    let o = run(isou().arg("verify").arg(&usb));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no --signer was given"));
    // The wrong sender.
    let o = run(isou()
        .arg("verify")
        .args(["--signer", &f.recipient_card])
        .arg(&usb));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("not the sender you expect"));

    let got = f.dir.path().join("got");
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&got)
        .args(["--signer", &f.sender_card]));
    assert!(o.status.success(), "{}", stderr(&o));
    for p in ["2024/症例.csv", "empty.csv", "random.bin"] {
        assert_eq!(
            fs::read(got.join("がん登録抽出").join(p)).unwrap(),
            fs::read(f.extract.join(p)).unwrap(),
            "{p}"
        );
    }
    // The sender cannot open it; the output folder is not created.
    let got2 = f.dir.path().join("got2");
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.sender)
        .arg("--out")
        .arg(&got2));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!got2.exists());
    // An existing output folder is refused.
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&got));
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn tampered_medium_fails_verify_and_open() {
    let f = flow();
    let usb = f.dir.path().join("usb");
    assert!(seal(&f, &usb, &["--compression", "none"]).status.success());
    let seg = usb.join("data/payload.000");
    let mut d = fs::read(&seg).unwrap();
    d[200_000] ^= 1;
    fs::write(&seg, d).unwrap();
    let o = run(isou()
        .arg("verify")
        .args(["--signer", &f.sender_card])
        .arg(&usb));
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("problem: data/payload.000: sha256 checksum differs"),
        "{out}"
    );
    assert!(out.contains("result: INVALID"));
    let got = f.dir.path().join("got");
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&got)
        .args(["--signer", &f.sender_card]));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!got.exists());
    // Without the pre-check, decryption itself refuses the altered chunk.
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&got));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!got.exists());
    assert!(!entries(f.dir.path()).iter().any(|e| e.contains("staging")));
}

#[test]
fn seal_refusals() {
    let f = flow();
    // Wrong check digit: the expected one is named.
    let o = seal(
        &f,
        &f.dir.path().join("m1"),
        &["--tracking-number", "131-12-38385-3"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("call for 2"), "{}", stderr(&o));
    // Non-empty medium.
    let m2 = f.dir.path().join("m2");
    fs::create_dir_all(&m2).unwrap();
    fs::write(m2.join("old.txt"), b"x").unwrap();
    let o = seal(&f, &m2, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not empty"));
    assert_eq!(entries(&m2), ["old.txt"]);
    // A CR/LF cannot be injected into bag-info.txt.
    let m3 = f.dir.path().join("m3");
    let o = seal(&f, &m3, &["--destination", "大阪\nSigner-Key: forged"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("line break"));
    assert!(entries(&m3).is_empty(), "{:?}", entries(&m3));
    // An identity without a signing key cannot seal.
    let plain = f.dir.path().join("plain-age.txt");
    write_private(
        &plain,
        format!(
            "{}\n",
            age::secrecy::ExposeSecret::expose_secret(
                &age::x25519::Identity::generate().to_string()
            )
        )
        .as_bytes(),
    );
    let m4 = f.dir.path().join("m4");
    fs::create_dir_all(&m4).unwrap();
    let o = run(isou()
        .arg("seal")
        .args(["--to", &f.recipient_card, "-i"])
        .arg(&plain)
        .arg("--medium")
        .arg(&m4)
        .arg(&f.extract));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("holds no signing key"));
}
