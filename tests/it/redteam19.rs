//! Red team of issue 19 (a differential of the old and the split binary, briefed with
//! the binaries and the formats only): the two trust-boundary findings, each as a test
//! that failed before its fix.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::Digest;

use crate::util::*;

/// A medium sealed by `p`'s sender into `dir/name`.
fn sealed(p: &Parties, name: &str) -> PathBuf {
    let m = p.dir.path().join(name);
    fs::create_dir(&m).unwrap();
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

/// `isou verify --signer` then `isou open --signer` of `img` into `dir/out`, each with
/// the ledger `ledger`; returns both outputs.
fn verify_and_open(
    p: &Parties,
    ledger: &Path,
    img: &Path,
    out: &Path,
) -> (std::process::Output, std::process::Output) {
    let v = run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["verify", "--signer", &p.card])
        .arg(img));
    let o = run(isou()
        .arg("--ledger")
        .arg(ledger)
        .args(["open", "--signer", &p.card, "-i"])
        .arg(&p.recipient)
        .arg("--out")
        .arg(out)
        .arg(img));
    (v, o)
}

/// Finding 1: `open` decrypted disc images `verify` calls INVALID — an honest
/// medium made into a UDF bridge image (genisoimage -udf: Windows and macOS show the
/// UDF tree, not the files checked), and one with a Rock Ridge symbolic link beside
/// the bag (xorriso). open read the Joliet tree and extracted everything, exit 0, no
/// word of it. Now open refuses each as verify does, before anything is decrypted.
#[test]
fn f1_open_refuses_a_disc_image_verify_refuses() {
    let p = parties(2, 40_000);
    let m = sealed(&p, "m");
    let d = p.dir.path();
    let mut images = Vec::new();
    if have("genisoimage") {
        let img = d.join("udf.iso");
        let o = run(Command::new("genisoimage")
            .args(["-quiet", "-J", "-udf", "-o"])
            .arg(&img)
            .arg(&m));
        assert!(o.status.success(), "{}", stderr(&o));
        images.push((img, "UDF"));
    }
    if have("xorriso") {
        let rr = d.join("rr");
        fs::create_dir(&rr).unwrap();
        let o = run(Command::new("cp").arg("-r").arg(m.join(".")).arg(&rr));
        assert!(o.status.success(), "{}", stderr(&o));
        std::os::unix::fs::symlink("/etc/passwd", rr.join("data/link")).unwrap();
        let img = d.join("rrlink.iso");
        let o = run(Command::new("xorriso")
            .arg("-outdev")
            .arg(&img)
            .arg("-map")
            .arg(&rr)
            .args(["/", "-rockridge", "on", "-joliet", "on"]));
        assert!(o.status.success(), "{}", stderr(&o));
        images.push((img, "Rock Ridge"));
    }
    for (img, words) in images {
        let ledger = d.join(format!("{words}.sqlite"));
        let out = d.join(format!("out-{words}"));
        let (v, o) = verify_and_open(&p, &ledger, &img, &out);
        let said = format!("{}{}", stdout(&v), stderr(&v));
        assert_eq!(v.status.code(), Some(1), "{words}: {said}");
        assert!(said.contains(words), "{words}: {said}");
        // The same judgement from open: refused (exit 1), named, nothing made.
        assert_eq!(o.status.code(), Some(1), "{words}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("holds more than the signed bag isou checks") && e.contains(words),
            "{words}: {e}"
        );
        assert!(e.contains("nothing was decrypted"), "{words}: {e}");
        assert!(!out.exists(), "{words}: {out:?} was made");
    }
    // The honest folder medium itself still opens.
    let out = d.join("out-folder");
    let (v, o) = verify_and_open(&p, &d.join("folder.sqlite"), &m, &out);
    assert_eq!(v.status.code(), Some(0), "{}", stderr(&v));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read(out.join("extract/part1.bin")).unwrap(),
        data(40_000, 1)
    );
}

/// A medium signed by `key` whose payload segment holds exactly `payload` (what a
/// keyed but hostile or broken sender can make: the manifests and the signature cover
/// those bytes, so they pass every check before decryption).
fn signed_raw(dir: &Path, payload: &[u8], key: &ssh_key::PrivateKey) -> PathBuf {
    let medium = dir.join("raw");
    fs::create_dir_all(medium.join("data")).unwrap();
    let name = format!("data/{}", isou::pipeline::segments::segment_name(0));
    fs::write(medium.join(&name), payload).unwrap();
    let sha: [u8; 32] = sha2::Sha256::digest(payload).into();
    let fp = isou::signature::fingerprint(key.public_key());
    let oxum = format!("{}.1", payload.len());
    let mut info = isou::bag::BagInfo::default();
    for (l, v) in [
        ("External-Identifier", "ISOU-20261203-KEYED222"),
        ("Bag-Count", "1 of 1"),
        ("Encryption", "age v1, X25519 (1 recipient)"),
        ("Signer-Key", fp.as_str()),
        ("Payload-Oxum", oxum.as_str()),
    ] {
        info.push(l, v).unwrap();
    }
    isou::bag::write_tag_files(
        &medium,
        &isou::bag::TagFiles {
            info: &info,
            payload: &[(name, sha)],
            extra: &[],
            sign: &|m| isou::signature::sign(key, m),
        },
    )
    .unwrap();
    medium
}

/// A tar of one file of `len` bytes (`ext/a.csv`) and its `ISOU-CONTENTS.json`, as seal
/// writes them for the shipment `keyed_medium` names.
fn small_tar(len: usize) -> Vec<u8> {
    let body = data(len, 3);
    let mut b = tar::Builder::new(Vec::new());
    let contents = serde_json::json!({
        "format": "isou-contents/1",
        "shipment_id": "ISOU-20261203-KEYED222",
        "files": [{
            "path": "ext/a.csv", "size": len, "mtime": 0,
            "sha256": hex::encode(sha2::Sha256::digest(&body)),
        }],
        "directories": [],
    });
    let json = serde_json::to_vec(&contents).unwrap();
    for (name, bytes) in [("ext/a.csv", &body[..]), ("ISOU-CONTENTS.json", &json[..])] {
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o600);
        h.set_cksum();
        b.append_data(&mut h, name, bytes).unwrap();
    }
    b.into_inner().unwrap()
}

/// `plain` encrypted to the age recipient `recipient` by isou's own engine.
fn encrypted(plain: &[u8], recipient: &str) -> Vec<u8> {
    let r: age::x25519::Recipient = recipient.parse().unwrap();
    let mut w = isou::engine::Encryptor::with_recipients(&[&r])
        .unwrap()
        .wrap_output(Vec::new(), Default::default())
        .unwrap();
    std::io::Write::write_all(&mut w, plain).unwrap();
    w.finish().unwrap()
}

/// Finding 2: a pinned sender's medium whose payload decryption refuses — not an age
/// file, or an age file altered before it was signed (a chunk fails authentication) —
/// was refused by open but recorded nowhere, while a refused zstd or tar was recorded
/// as a failed verification (異常); and the hint said "ask for a new copy of the file"
/// where the fault is the medium's. Now each is recorded like a refused archive, in
/// English, with the medium's hint; a key that does not fit (the recipient's matter)
/// is still not recorded.
#[test]
fn f2_a_payload_decryption_refuses_is_recorded_as_a_failed_verification() {
    let dir = tempfile::tempdir().unwrap();
    let (recipient, rcard) = keygen(dir.path(), "r.txt");
    let (_, other_card) = keygen(dir.path(), "other.txt");
    let (key, card) = other_key();
    let age_of = |card: &str| card.split_whitespace().nth(1).unwrap().to_string();
    let mut altered = encrypted(&small_tar(200_000), &age_of(&rcard));
    let at = altered.len() - 1000;
    altered[at] ^= 1;
    let cases: [(&str, Vec<u8>, &str, bool); 3] = [
        (
            "not age",
            b"PK\x03\x04 a zip file, not age\n".repeat(10),
            "not an age-encrypted file",
            true,
        ),
        ("altered", altered, "failed authentication", true),
        (
            "another recipient",
            encrypted(&small_tar(1000), &age_of(&other_card)),
            "",
            false,
        ),
    ];
    for (what, payload, said, recorded) in cases {
        let d = tempfile::tempdir().unwrap();
        let m = signed_raw(d.path(), &payload, &key);
        let ledger = d.path().join("l.sqlite");
        let v = run(isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["verify", "--signer", &card])
            .arg(&m));
        assert_eq!(v.status.code(), Some(0), "{what}: {}", stderr(&v));
        let before = ledger_events(&ledger).len();
        let out = d.path().join("out");
        let o = run(isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["open", "--signer", &card, "-i"])
            .arg(&recipient)
            .arg("--out")
            .arg(&out)
            .arg(&m));
        let e = stderr(&o);
        assert!(!out.exists(), "{what}: {e}");
        let events = ledger_events(&ledger);
        if !recorded {
            assert_eq!(o.status.code(), Some(3), "{what}: {e}");
            assert_eq!(events.len(), before, "{what}: {events:#?}");
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "{what}: {e}");
        assert!(e.contains(said), "{what}: {e}");
        assert!(
            e.contains("recorded as a failed verification")
                && e.contains("do not use this medium; report it"),
            "{what}: {e}"
        );
        assert_eq!(events.len(), before + 1, "{what}: {events:#?}");
        let last = &events[before];
        assert_eq!(last["kind"], "verified", "{what}");
        assert_eq!(last["body"]["valid"], false, "{what}");
        let why = last["body"]["open_refused"].as_str().unwrap();
        assert!(
            why.starts_with("open refused the payload: it could not be decrypted (")
                && why.contains(said),
            "{what}: {why}"
        );
    }
}

/// Finding 3: a keyed sender's medium whose signed Tracking-Number fails its check
/// digit (`99999999999`: 簡易書留's is the first ten digits mod 7) was VALID. seal never
/// writes one, so on an isou medium it is a problem, named; a right one stays VALID.
#[test]
fn f3_a_signed_tracking_number_isou_would_never_write_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (_, rcard) = keygen(dir.path(), "r.txt");
    let (key, card) = other_key();
    let age = rcard.split_whitespace().nth(1).unwrap();
    let tar = small_tar(1000);
    for (number, valid) in [
        ("99999999999", false),
        // A spreadsheet formula in full-width characters (trust.rs once signed it to
        // test the register's escaping).
        ("－2＋3", false),
        ("13112383852", true),
        ("131-12-38385-2", true),
        ("AA123456785JP", true),
        ("", true),
    ] {
        let d = tempfile::tempdir().unwrap();
        let m = keyed_medium(
            d.path(),
            "m",
            &tar,
            age,
            &[("Tracking-Number", number)],
            &key,
        );
        let o = run(isou()
            .arg("--ledger")
            .arg(d.path().join("l.sqlite"))
            .args(["verify", "--signer", &card])
            .arg(&m));
        let said = format!("{}{}", stdout(&o), stderr(&o));
        if valid {
            assert_eq!(o.status.code(), Some(0), "{number}: {said}");
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "{number}: {said}");
        assert!(
            said.contains("its Tracking-Number is not one isou writes")
                && said.contains("result: INVALID"),
            "{number}: {said}"
        );
    }
}

/// Finding 4: bytes after tar's end-of-archive blocks, inside a keyed sender's signed
/// payload, were read and dropped: data no extraction shows. Now they refuse the
/// archive (recorded as a failed verification); zeros there (a blocking factor's
/// padding, as GNU tar writes to 10240 bytes) still open.
#[test]
fn f4_data_after_the_archives_end_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (recipient, rcard) = keygen(dir.path(), "r.txt");
    let (key, card) = other_key();
    let age = rcard.split_whitespace().nth(1).unwrap();
    let tar = small_tar(1000);
    let mut hidden = tar.clone();
    hidden.extend_from_slice(b"HIDDEN after the end");
    let mut padded = tar.clone();
    padded.resize(tar.len().div_ceil(10240) * 10240 + 10240, 0);
    for (what, plain, opens) in [("hidden", hidden, false), ("padded", padded, true)] {
        let d = tempfile::tempdir().unwrap();
        let m = keyed_medium(d.path(), "m", &plain, age, &[], &key);
        let ledger = d.path().join("l.sqlite");
        let out = d.path().join("out");
        let o = run(isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["open", "--signer", &card, "-i"])
            .arg(&recipient)
            .arg("--out")
            .arg(&out)
            .arg(&m));
        let e = stderr(&o);
        if opens {
            assert_eq!(o.status.code(), Some(0), "{what}: {e}");
            assert_eq!(fs::read(out.join("ext/a.csv")).unwrap(), data(1000, 3));
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "{what}: {e}");
        assert!(
            e.contains("data after the archive's end")
                && e.contains("recorded as a failed verification"),
            "{what}: {e}"
        );
        assert!(!out.exists(), "{what}: {e}");
        let events = ledger_events(&ledger);
        assert_eq!(
            events.last().unwrap()["body"]["valid"],
            false,
            "{events:#?}"
        );
    }
}
