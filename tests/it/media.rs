//! Sealing onto a medium and verifying it: isou's own checks and the real peers
//! (bagit.py, sha256sum, ssh-keygen -Y verify, cat|age|zstd|tar).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use isou::media::{self, Protection, SealRequest, ShipmentFields};
use isou::pipeline::PayloadOptions;

use crate::util::*;

struct Sealed {
    dir: tempfile::TempDir,
    medium: PathBuf,
    key: PathBuf,
    signer: ssh_key::PrivateKey,
    summary: media::SealSummary,
}

fn seal_sample(options: PayloadOptions) -> Sealed {
    let dir = tempfile::tempdir().unwrap();
    let ex = dir.path().join("抽出データ");
    fs::create_dir_all(ex.join("sub")).unwrap();
    fs::write(ex.join("登録.csv"), "登録番号,部位\n1,C18\n".repeat(5000)).unwrap();
    fs::write(ex.join("sub/empty.csv"), b"").unwrap();
    fs::write(ex.join("big.bin"), data(2_500_000, 7)).unwrap();
    let id = age::x25519::Identity::generate();
    let key = dir.path().join("key.txt");
    use age::secrecy::ExposeSecret;
    write_private(
        &key,
        format!("{}\n", id.to_string().expose_secret()).as_bytes(),
    );
    let signer =
        ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let medium = dir.path().join("usb");
    fs::create_dir(&medium).unwrap();
    let summary = media::seal(SealRequest {
        entries: &isou::pipeline::collect_inputs(&[ex]).unwrap(),
        medium: &medium,
        protection: Protection::Recipients(vec![id.to_public()]),
        signing_key: &signer,
        fields: ShipmentFields {
            tracking: Some("131-12-38385-2".parse().unwrap()),
            carrier: Some("簡易書留".into()),
            destination: Some("大阪府がん登録室".into()),
            ..Default::default()
        },
        options,
        layout: Default::default(),
        notify: &|_| {},
        allow_nonempty: false,
    })
    .unwrap();
    Sealed {
        dir,
        medium,
        key,
        signer,
        summary,
    }
}

fn small_segments() -> PayloadOptions {
    PayloadOptions {
        segment_size: 1 << 20,
        ..Default::default()
    }
}

fn error_texts(v: &media::Verification) -> Vec<String> {
    v.all_problems()
        .filter(|p| p.severity == isou::bag::Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn sealed_medium_verifies_everywhere_and_reveals_no_names() {
    let s = seal_sample(small_segments());
    assert_eq!(s.summary.files, 3);
    assert!(s.summary.segments.len() >= 2, "{:?}", s.summary.segments);
    assert_eq!(s.summary.tracking_number.as_deref(), Some("13112383852"));
    let v = media::verify(
        &s.medium,
        &[s.signer.public_key().clone()],
        2,
        &Default::default(),
    )
    .unwrap();
    assert!(v.is_valid(), "{:?}", error_texts(&v));
    assert_eq!(v.bag.info.get("Tracking-Number"), Some("13112383852"));
    assert_eq!(
        v.bag.info.get("External-Identifier"),
        Some(s.summary.shipment_id.as_str())
    );

    // Nothing on the medium names the extract's files.
    for e in walk(&s.medium) {
        let name = e.to_string_lossy();
        assert!(
            !name.contains("登録") && !name.contains("big.bin"),
            "{name}"
        );
        if e.is_file() && !name.contains("payload.") {
            let text = fs::read_to_string(&e).unwrap_or_default();
            assert!(
                !text.contains("登録.csv") && !text.contains("big.bin"),
                "{name} reveals a file name"
            );
        }
    }

    if have("bagit.py") {
        let o = run(Command::new("bagit.py").arg("--validate").arg(&s.medium));
        assert!(o.status.success(), "{}", stderr(&o));
    }
    if have("sha256sum") {
        let o = run(Command::new("sha256sum")
            .args(["-c", "manifest-sha256.txt"])
            .current_dir(&s.medium));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    if have("ssh-keygen") {
        let allowed = s.dir.path().join("allowed");
        fs::write(
            &allowed,
            isou::signature::allowed_signers_line("sender", s.signer.public_key()) + "\n",
        )
        .unwrap();
        let o = run(Command::new("ssh-keygen")
            .args(["-Y", "verify", "-I", "sender", "-n", "isou", "-f"])
            .arg(&allowed)
            .arg("-s")
            .arg(s.medium.join("tagmanifest-sha256.txt.sig"))
            .stdin(fs::File::open(s.medium.join("tagmanifest-sha256.txt")).unwrap()));
        assert!(o.status.success(), "{}", stderr(&o));
    }
    if have("age") && have("zstd") && have("tar") {
        let out = s.dir.path().join("out");
        fs::create_dir(&out).unwrap();
        let cmd = format!(
            "set -o pipefail; cat '{}'/data/payload.* | age -d -i '{}' | zstd -d | tar x -C '{}'",
            s.medium.display(),
            s.key.display(),
            out.display()
        );
        let o = run(Command::new("bash").arg("-c").arg(&cmd));
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            fs::read(out.join("抽出データ/big.bin")).unwrap(),
            data(2_500_000, 7)
        );
        assert!(out.join("ISOU-CONTENTS.json").exists());
    }
}

fn walk(p: &Path) -> Vec<PathBuf> {
    let mut v = vec![];
    for e in fs::read_dir(p).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            v.extend(walk(&path));
        }
        v.push(path);
    }
    v
}

#[test]
fn verify_reports_every_problem_and_the_signer() {
    let s = seal_sample(small_segments());
    let m = &s.medium;
    // Tamper with one segment, remove another, add a stranger, edit bag-info.
    let mut d = fs::read(m.join("data/payload.000")).unwrap();
    d[1000] ^= 4;
    fs::write(m.join("data/payload.000"), d).unwrap();
    fs::remove_file(m.join("data/payload.001")).unwrap();
    fs::write(m.join("data/notes.txt"), b"hello").unwrap();
    let info = fs::read_to_string(m.join("bag-info.txt")).unwrap();
    fs::write(m.join("bag-info.txt"), info.replace("大阪府", "京都府")).unwrap();
    let v = media::verify(m, &[s.signer.public_key().clone()], 2, &Default::default()).unwrap();
    assert!(!v.is_valid());
    let e = error_texts(&v);
    let has = |f: &str, msg: &str| e.iter().any(|x| x.starts_with(f) && x.contains(msg));
    assert!(has("data/payload.000", "checksum differs"), "{e:#?}");
    assert!(has("data/payload.001", "missing"), "{e:#?}");
    assert!(has("data/notes.txt", "not listed"), "{e:#?}");
    assert!(has("bag-info.txt", "checksum differs"), "{e:#?}");
    // The signature itself still matches the (untouched) tag manifest, but what it
    // covers was altered: nothing of the medium is authenticated.
    assert!(
        matches!(&v.authentic, Some(Err(isou::media::authentic::TrustError::Altered(f))) if f == "bag-info.txt"),
        "{:?}",
        v.authentic
    );
}

#[test]
fn foreign_or_missing_signature_is_refused() {
    let s = seal_sample(PayloadOptions::default());
    let other =
        ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let v = media::verify(
        &s.medium,
        &[other.public_key().clone()],
        2,
        &Default::default(),
    )
    .unwrap();
    assert!(!v.is_valid());
    assert!(matches!(
        v.authentic,
        Some(Err(isou::media::authentic::TrustError::Signature(
            isou::signature::SignatureError::UnknownSigner { .. }
        )))
    ));

    // Re-signed by an impostor who also rewrote Signer-Key: the bag is consistent, but
    // not signed by the sender we trust.
    let tm = fs::read(s.medium.join("tagmanifest-sha256.txt")).unwrap();
    fs::write(
        s.medium.join("tagmanifest-sha256.txt.sig"),
        isou::signature::sign(&other, &tm).unwrap(),
    )
    .unwrap();
    let v = media::verify(
        &s.medium,
        &[s.signer.public_key().clone()],
        2,
        &Default::default(),
    )
    .unwrap();
    assert!(!v.is_valid());

    fs::remove_file(s.medium.join("tagmanifest-sha256.txt.sig")).unwrap();
    let v = media::verify(
        &s.medium,
        &[s.signer.public_key().clone()],
        2,
        &Default::default(),
    )
    .unwrap();
    assert!(!v.is_valid());
    assert!(matches!(
        v.authentic,
        Some(Err(isou::media::authentic::TrustError::Missing(
            "tagmanifest-sha256.txt.sig"
        )))
    ));
}

#[test]
fn non_empty_medium_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let medium = dir.path().join("usb");
    fs::create_dir(&medium).unwrap();
    fs::write(medium.join("old-report.xlsx"), b"old").unwrap();
    let ex = dir.path().join("x.csv");
    fs::write(&ex, b"a").unwrap();
    let signer =
        ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let r = media::seal(SealRequest {
        entries: &isou::pipeline::collect_inputs(&[ex]).unwrap(),
        medium: &medium,
        protection: Protection::Recipients(vec![age::x25519::Identity::generate().to_public()]),
        signing_key: &signer,
        fields: ShipmentFields::default(),
        options: PayloadOptions::default(),
        layout: Default::default(),
        notify: &|_| {},
        allow_nonempty: false,
    });
    let e = r.unwrap_err();
    assert!(
        e.to_string().contains("is not empty") && e.to_string().contains("old-report.xlsx"),
        "{e}"
    );
    // A spreadsheet on the medium may be plaintext, and the data is identifiable by
    // default: the hint never offers --allow-nonempty (issue 15, tests/it/clerk.rs).
    let hint = e.hint().unwrap();
    assert!(
        !hint.contains("--allow-nonempty") && hint.contains("new or cleaned medium"),
        "{hint}"
    );
    assert_eq!(entries(&medium), ["old-report.xlsx"]);
}

fn unlock_key(key: &Path) -> age::x25519::Identity {
    let text = fs::read_to_string(key).unwrap();
    text.trim().parse().unwrap()
}

#[test]
fn open_round_trip_private_files_and_no_staging_left() {
    let s = seal_sample(small_segments());
    let id = unlock_key(&s.key);
    let out = s.dir.path().join("opened");
    let r = media::open::open(
        &s.medium,
        &out,
        media::authentic::Sender::Pinned(std::slice::from_ref(s.signer.public_key())),
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(r.files, 3);
    assert_eq!(r.shipment_id, s.summary.shipment_id);
    assert_eq!(
        fs::read(out.join("抽出データ/big.bin")).unwrap(),
        data(2_500_000, 7)
    );
    assert_eq!(fs::read(out.join("抽出データ/sub/empty.csv")).unwrap(), b"");
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out.join("抽出データ/登録.csv")), 0o600);
    assert_eq!(mode(&out.join("抽出データ")), 0o700);
    assert!(
        !entries(s.dir.path()).iter().any(|e| e.contains("staging")),
        "{:?}",
        entries(s.dir.path())
    );
    // An existing output folder is refused, and so is one on the medium.
    let e = media::open::open(
        &s.medium,
        &out,
        media::authentic::Sender::Pinned(std::slice::from_ref(s.signer.public_key())),
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap_err();
    assert!(matches!(e, media::open::OpenError::OutputExists(_)), "{e}");
    let e = media::open::open(
        &s.medium,
        &s.medium.join("x"),
        media::authentic::Sender::Pinned(std::slice::from_ref(s.signer.public_key())),
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap_err();
    assert!(
        matches!(e, media::open::OpenError::OutputOnMedium(_)),
        "{e}"
    );
}

fn assert_nothing_left(parent: &Path, out: &Path) {
    assert!(!out.exists());
    assert!(
        !entries(parent).iter().any(|e| e.contains("staging")),
        "{:?}",
        entries(parent)
    );
}

#[test]
fn open_refuses_wrong_key_and_damage_leaving_nothing() {
    let s = seal_sample(small_segments());
    let out = s.dir.path().join("opened");
    let other = age::x25519::Identity::generate();
    let e = media::open::open(
        &s.medium,
        &out,
        media::authentic::Sender::Pinned(std::slice::from_ref(s.signer.public_key())),
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![other.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("none of the given identities"),
        "{e}"
    );
    assert_nothing_left(s.dir.path(), &out);

    let id = unlock_key(&s.key);
    let seg = s.medium.join("data/payload.001");
    let mut d = fs::read(&seg).unwrap();
    d[777] ^= 0x10;
    fs::write(&seg, d).unwrap();
    let e = media::open::open(
        &s.medium,
        &out,
        media::authentic::Sender::Pinned(std::slice::from_ref(s.signer.public_key())),
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("failed authentication") || e.to_string().contains("payload.001"),
        "{e}"
    );
    assert_nothing_left(s.dir.path(), &out);
}

#[test]
fn open_stops_a_decompression_bomb_early() {
    // 2 GiB of zeros in one tar entry, zstd-compressed to a few hundred KB: extraction
    // must stop long before the output disk fills, and leave nothing.
    let dir = tempfile::tempdir().unwrap();
    let id = age::x25519::Identity::generate();
    let mut z = zstd::Encoder::new(Vec::new(), 3).unwrap();
    {
        let mut b = tar::Builder::new(&mut z);
        let mut h = tar::Header::new_ustar();
        h.set_size(2 << 30);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, "zeros.csv", std::io::repeat(0).take(2 << 30))
            .unwrap();
        b.finish().unwrap();
    }
    let payload = z.finish().unwrap();
    assert!(payload.len() < 2_000_000, "{}", payload.len());
    let medium = hostile_medium(dir.path(), &payload, &id.to_public());
    let out = dir.path().join("out");
    let e = media::open::open(
        &medium,
        &out,
        media::authentic::Sender::Any,
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("decompression bomb"), "{e}");
    assert_nothing_left(dir.path(), &out);
}

#[test]
fn open_refuses_a_flood_of_tiny_entries() {
    // 1 000 000 empty files in a few MB of zstd: refused at the 100 000th, nothing left.
    let dir = tempfile::tempdir().unwrap();
    let id = age::x25519::Identity::generate();
    let mut z = zstd::Encoder::new(Vec::new(), 3).unwrap();
    {
        let mut b = tar::Builder::new(&mut z);
        for i in 0..1_000_000u32 {
            let mut h = tar::Header::new_ustar();
            h.set_size(0);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, format!("f{i}"), std::io::empty())
                .unwrap();
        }
        b.finish().unwrap();
    }
    let payload = z.finish().unwrap();
    let medium = hostile_medium(dir.path(), &payload, &id.to_public());
    let out = dir.path().join("out");
    let e = media::open::open(
        &medium,
        &out,
        media::authentic::Sender::Any,
        &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("more than 100000 entries"), "{e}");
    assert_nothing_left(dir.path(), &out);
}

/// A medium whose (validly encrypted and signed) payload is `tar` as given: what a
/// hostile but keyed sender could make (shipment id `S`; opened with `--any-sender`).
fn hostile_medium(dir: &Path, tar: &[u8], recipient: &age::x25519::Recipient) -> PathBuf {
    keyed_medium(
        dir,
        "hostile",
        tar,
        &recipient.to_string(),
        &[("External-Identifier", "S")],
        &other_key().0,
    )
}

/// An entry whose name is `len` characters long (a GNU long-name record).
fn long_name_entry(len: usize) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(1);
    h.set_mode(0o644);
    let name = "n".repeat(len);
    b.append_data(&mut h, &name, &b"x"[..]).unwrap();
    let mut v = b.into_inner().unwrap();
    v.truncate(v.len() - 1024); // the caller adds the end blocks
    v
}

/// A raw tar entry with any name (tar-rs itself refuses to write hostile names).
fn raw_entry(name: &[u8], kind: tar::EntryType, body: &[u8], link: &[u8]) -> Vec<u8> {
    let mut h = tar::Header::new_old();
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.as_old_mut().linkname[..link.len()].copy_from_slice(link);
    h.set_entry_type(kind);
    h.set_size(body.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    let mut v = h.as_bytes().to_vec();
    v.extend_from_slice(body);
    v.resize(v.len().div_ceil(512) * 512, 0);
    v
}

#[test]
fn open_refuses_hostile_archives() {
    let dir = tempfile::tempdir().unwrap();
    let id = age::x25519::Identity::generate();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("dotdot", raw_entry(b"../evil.csv", tar::EntryType::Regular, b"x", b""), "'..'"),
        ("absolute", raw_entry(b"/tmp/evil.csv", tar::EntryType::Regular, b"x", b""), "absolute"),
        ("symlink", raw_entry(b"link", tar::EntryType::Symlink, b"", b"/etc"), "links and devices"),
        ("hardlink", raw_entry(b"hard", tar::EntryType::Link, b"", b"/etc/passwd"), "links and devices"),
        ("device", raw_entry(b"dev", tar::EntryType::Char, b"", b""), "links and devices"),
        (
            "nfc-duplicate",
            [raw_entry("Café.csv".as_bytes(), tar::EntryType::Regular, b"1", b""), raw_entry("Cafe\u{301}.csv".as_bytes(), tar::EntryType::Regular, b"2", b"")].concat(),
            "same name",
        ),
        ("drive", raw_entry(b"C:\\evil.csv", tar::EntryType::Regular, b"x", b""), "Windows drive path"),
        // Red team 20, findings 1, 2 and 6: names Windows reads as something else, in
        // any component: a drive in a later one (written outside the output folder,
        // into the user's Startup folder), a device, a stream, a dropped trailing dot.
        ("later-drive", [raw_entry(b"x/", tar::EntryType::Directory, b"", b""), raw_entry(b"x/C:evil.bat", tar::EntryType::Regular, b"x", b"")].concat(), "a colon names a drive"),
        ("device-name", raw_entry(b"nul.csv", tar::EntryType::Regular, b"x", b""), "it is a device name"),
        ("device-dir", raw_entry(b"CON/a.csv", tar::EntryType::Regular, b"x", b""), "it is a device name"),
        ("stream", raw_entry(b"a.csv:hidden", tar::EntryType::Regular, b"x", b""), "NTFS stream"),
        ("trailing-dot", raw_entry(b"a.csv.", tar::EntryType::Regular, b"x", b""), "trailing dot"),
        // NTFS upper-cases ı (U+0131) to I: one file there (red team 18, fourth pass).
        (
            "dotless-i",
            [raw_entry("ı.csv".as_bytes(), tar::EntryType::Regular, b"1", b""), raw_entry(b"I.csv", tar::EntryType::Regular, b"2", b"")].concat(),
            "same name",
        ),
        (
            "symlink-then-file",
            [raw_entry(b"d", tar::EntryType::Symlink, b"", b"/tmp"), raw_entry(b"d/evil.csv", tar::EntryType::Regular, b"x", b"")].concat(),
            "links and devices",
        ),
        (
            "case-duplicate",
            [raw_entry(b"Report.csv", tar::EntryType::Regular, b"1", b""), raw_entry(b"report.csv", tar::EntryType::Regular, b"2", b"")].concat(),
            "same name",
        ),
        ("long-name", long_name_entry(10_000), "a GNU long name of 10001 bytes"),
        ("escapes", raw_entry(b"../\x1b[2J\x1b]0;pwned\x07.csv", tar::EntryType::Regular, b"x", b""), "'..'"),
        ("no-contents", raw_entry(b"a.csv", tar::EntryType::Regular, b"x", b""), "ISOU-CONTENTS.json is missing"),
        (
            "lying-contents",
            [
                raw_entry(b"a.csv", tar::EntryType::Regular, b"x", b""),
                raw_entry(
                    b"ISOU-CONTENTS.json",
                    tar::EntryType::Regular,
                    br#"{"format":"isou-contents/1","shipment_id":"S","files":[{"path":"a.csv","size":1,"sha256":"00","mtime":0}],"directories":[]}"#,
                    b"",
                ),
            ]
            .concat(),
            "differs from its listed size or SHA-256",
        ),
        (
            // The payload of another shipment behind this medium's signed bag-info.txt.
            "contents-of-another-shipment",
            [
                raw_entry(b"a.csv", tar::EntryType::Regular, b"x", b""),
                raw_entry(
                    b"ISOU-CONTENTS.json",
                    tar::EntryType::Regular,
                    br#"{"format":"isou-contents/1","shipment_id":"OTHER","files":[{"path":"a.csv","size":1,"sha256":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881","mtime":0}],"directories":[]}"#,
                    b"",
                ),
            ]
            .concat(),
            "names shipment OTHER, but the signed bag-info.txt says S",
        ),
        (
            "contents-listing-a-path-twice",
            [
                raw_entry(b"a.csv", tar::EntryType::Regular, b"x", b""),
                raw_entry(
                    b"ISOU-CONTENTS.json",
                    tar::EntryType::Regular,
                    br#"{"format":"isou-contents/1","shipment_id":"S","files":[{"path":"a.csv","size":1,"sha256":"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881","mtime":0},{"path":"a.csv","size":5,"sha256":"00","mtime":0}],"directories":[]}"#,
                    b"",
                ),
            ]
            .concat(),
            "lists a.csv twice",
        ),
    ];
    for (name, mut tar, expect) in cases {
        tar.extend_from_slice(&[0u8; 1024]);
        let case = dir.path().join(name);
        fs::create_dir(&case).unwrap();
        let medium = hostile_medium(&case, &tar, &id.to_public());
        let out = case.join("out");
        let e = media::open::open(
            &medium,
            &out,
            media::authentic::Sender::Any,
            &mut |_, _| Ok(media::open::Unlock::Identities(vec![id.clone()])),
            Default::default(),
            &Default::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains(expect), "{name}: {e}");
        // Names from the medium reach the terminal sanitised: no escape sequences.
        assert!(
            !e.to_string().contains('\x1b') && !e.to_string().contains('\x07'),
            "{name}: {e:?}"
        );
        assert_nothing_left(&case, &out);
        assert!(!dir.path().join("evil.csv").exists() && !Path::new("/tmp/evil.csv").exists());
    }
}
