//! Red team of issue 19 (a differential of the old and the split binary, briefed with
//! the binaries and the formats only): the two trust-boundary findings, each as a test
//! that failed before its fix.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::Digest;

use crate::util::*;

/// `isou verify --signer` then `isou open --signer` of `img` into `out`, each with the
/// ledger `ledger`; returns both outputs.
fn verify_and_open(
    p: &Parties,
    ledger: &Path,
    img: &Path,
    out: &Path,
) -> (std::process::Output, std::process::Output) {
    (
        verify_signed(ledger, &p.card, img),
        open_signed(ledger, &p.card, &p.recipient, out, img),
    )
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

/// An age header whose one stanza is a passphrase stanza of work factor 2^40 (random
/// salt and body, a random MAC), and a few random payload bytes.
fn scrypt_stanza(work: &str) -> Vec<u8> {
    use base64::Engine as _;
    let b64 = |n: usize| base64::engine::general_purpose::STANDARD_NO_PAD.encode(data(n, n as u8));
    let mut v = format!(
        "age-encryption.org/v1\n-> scrypt {} {work}\n{}\n--- {}\n",
        b64(16),
        b64(32),
        b64(32)
    )
    .into_bytes();
    v.extend(data(80, 9));
    v
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
    let cases: [(&str, Vec<u8>, &str, bool); 6] = [
        (
            "not age",
            b"PK\x03\x04 a zip file, not age\n".repeat(10),
            "not an age-encrypted file",
            true,
        ),
        ("altered", altered, "failed authentication", true),
        // Second pass (finding E): a passphrase stanza asking for scrypt 2^40, opened
        // with -i and no terminal, was a passphrase that could not be read (exit 3,
        // nothing recorded); the work factor is now refused first, as the medium's.
        (
            "scrypt 2^40",
            scrypt_stanza("40"),
            "scrypt work factor 2^40",
            true,
        ),
        // Third pass: a work factor written as no age file writes it escaped that
        // check (a passphrase was read first, from a source that may block).
        ("scrypt 040", scrypt_stanza("040"), "malformed", true),
        ("scrypt 255", scrypt_stanza("255"), "malformed", true),
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
        let v = verify_signed(&ledger, &card, &m);
        assert_eq!(v.status.code(), Some(0), "{what}: {}", stderr(&v));
        let before = ledger_events(&ledger).len();
        let out = d.path().join("out");
        let o = open_signed(&ledger, &card, &recipient, &out, &m);
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
/// Second pass: (B) open decrypted such a medium all the same — now it refuses it, as
/// verify does; (C) a number of another carrier's format than the signed Carrier's, or
/// a number for an untracked service, was VALID; (D) a number written with tabs or a
/// leading hyphen was kept as written in the register (a search for the number missed
/// the row) — now the register keeps the number.
#[test]
fn f3_a_signed_tracking_number_isou_would_never_write_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (recipient, rcard) = keygen(dir.path(), "r.txt");
    let (key, card) = other_key();
    let age = rcard.split_whitespace().nth(1).unwrap();
    let tar = small_tar(1000);
    let cases: &[(&[(&str, &str)], bool)] = &[
        (&[("Tracking-Number", "99999999999")], false),
        // A spreadsheet formula in full-width characters (trust.rs once signed it to
        // test the register's escaping).
        (&[("Tracking-Number", "－2＋3")], false),
        (
            &[("Carrier", "簡易書留"), ("Tracking-Number", "123456789013")],
            false,
        ),
        (
            &[("Carrier", "普通郵便"), ("Tracking-Number", "13112383852")],
            false,
        ),
        (
            &[
                ("Carrier", "ゆうパック"),
                ("Tracking-Number", "123456789013"),
            ],
            true,
        ),
        (
            &[("Carrier", "簡易書留"), ("Tracking-Number", "13112383852")],
            true,
        ),
        (&[("Tracking-Number", "131-12-38385-2")], true),
        (&[("Tracking-Number", "131\u{3000}12\u{3000}38385 2")], true),
        (&[("Tracking-Number", "-13112383852")], true),
        (&[("Tracking-Number", "AA123456785JP")], true),
        (&[("Tracking-Number", "")], true),
    ];
    for (fields, valid) in cases {
        let d = tempfile::tempdir().unwrap();
        let m = keyed_medium(d.path(), "m", &tar, age, fields, &key);
        let ledger = d.path().join("l.sqlite");
        let o = verify_signed(&ledger, &card, &m);
        let said = format!("{}{}", stdout(&o), stderr(&o));
        if *valid {
            assert_eq!(o.status.code(), Some(0), "{fields:?}: {said}");
            // The register keeps the number, however the sender spaced it.
            let number = fields.last().unwrap().1;
            let events = ledger_events(&ledger);
            let kept = events.last().unwrap()["body"]["tracking_number"].clone();
            if !number.is_empty() {
                let digits: String = number.chars().filter(char::is_ascii_alphanumeric).collect();
                assert_eq!(kept, digits.as_str(), "{fields:?}: {events:#?}");
            }
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "{fields:?}: {said}");
        assert!(
            said.contains("its Tracking-Number is not one isou writes")
                && said.contains("result: INVALID"),
            "{fields:?}: {said}"
        );
        // And open refuses it before anything is decrypted.
        let out = d.path().join("out");
        let o = open_signed(&ledger, &card, &recipient, &out, &m);
        let e = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{fields:?}: {e}");
        assert!(
            e.contains("its Tracking-Number is not one isou writes"),
            "{fields:?}: {e}"
        );
        assert!(!out.exists(), "{fields:?}: {e}");
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
    // Second pass (finding A): a second zstd frame, or a skippable one (RFC 8878
    // §3.1.2, passed over by every decoder), after the one isou writes.
    let z = |b: &[u8]| zstd::encode_all(b, 3).unwrap();
    let one_frame = z(&tar);
    let mut two_frames = one_frame.clone();
    two_frames.extend(z(b"SECRET-ROW,tanaka,1970-01-01\n"));
    let mut skippable = one_frame.clone();
    let secret = b"SECRET-ROW,tanaka,1970-01-01\n";
    skippable.extend(0x184D_2A50u32.to_le_bytes());
    skippable.extend((secret.len() as u32).to_le_bytes());
    skippable.extend(secret);
    for (what, plain, opens) in [
        ("hidden", hidden, false),
        ("padded", padded, true),
        ("second zstd frame", two_frames, false),
        ("skippable zstd frame", skippable, false),
        ("one zstd frame", one_frame, true),
    ] {
        let d = tempfile::tempdir().unwrap();
        let m = keyed_medium(d.path(), "m", &plain, age, &[], &key);
        let ledger = d.path().join("l.sqlite");
        let out = d.path().join("out");
        let o = open_signed(&ledger, &card, &recipient, &out, &m);
        let e = stderr(&o);
        if opens {
            assert_eq!(o.status.code(), Some(0), "{what}: {e}");
            assert_eq!(fs::read(out.join("ext/a.csv")).unwrap(), data(1000, 3));
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "{what}: {e}");
        assert!(
            (e.contains("data after the archive's end")
                || e.contains("data after its compressed frame"))
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
