//! Sealing onto a medium and verifying it: isou's own checks and the real peers
//! (bagit.py, sha256sum, ssh-keygen -Y verify, cat|age|zstd|tar).

use std::fs;
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
        inputs: &[ex],
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
    let v = media::verify(&s.medium, &[s.signer.public_key().clone()], 2).unwrap();
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
    let v = media::verify(m, &[s.signer.public_key().clone()], 2).unwrap();
    assert!(!v.is_valid());
    let e = error_texts(&v);
    let has = |f: &str, msg: &str| e.iter().any(|x| x.starts_with(f) && x.contains(msg));
    assert!(has("data/payload.000", "checksum differs"), "{e:#?}");
    assert!(has("data/payload.001", "missing"), "{e:#?}");
    assert!(has("data/notes.txt", "not listed"), "{e:#?}");
    assert!(has("bag-info.txt", "checksum differs"), "{e:#?}");
    // The signature itself still matches the (untouched) tag manifest.
    assert!(matches!(v.signature, Some(Ok(_))));
}

#[test]
fn foreign_or_missing_signature_is_refused() {
    let s = seal_sample(PayloadOptions::default());
    let other =
        ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let v = media::verify(&s.medium, &[other.public_key().clone()], 2).unwrap();
    assert!(!v.is_valid());
    assert!(matches!(
        v.signature,
        Some(Err(isou::signature::SignatureError::UnknownSigner { .. }))
    ));

    // Re-signed by an impostor who also rewrote Signer-Key: the bag is consistent, but
    // not signed by the sender we trust.
    let tm = fs::read(s.medium.join("tagmanifest-sha256.txt")).unwrap();
    fs::write(
        s.medium.join("tagmanifest-sha256.txt.sig"),
        isou::signature::sign(&other, &tm).unwrap(),
    )
    .unwrap();
    let v = media::verify(&s.medium, &[s.signer.public_key().clone()], 2).unwrap();
    assert!(!v.is_valid());

    fs::remove_file(s.medium.join("tagmanifest-sha256.txt.sig")).unwrap();
    let v = media::verify(&s.medium, &[s.signer.public_key().clone()], 2).unwrap();
    assert!(!v.is_valid());
    assert!(matches!(
        v.signature,
        Some(Err(isou::signature::SignatureError::Malformed(_)))
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
        inputs: &[ex],
        medium: &medium,
        protection: Protection::Recipients(vec![age::x25519::Identity::generate().to_public()]),
        signing_key: &signer,
        fields: ShipmentFields::default(),
        options: PayloadOptions::default(),
        allow_nonempty: false,
    });
    let e = r.unwrap_err();
    assert!(
        e.to_string().contains("is not empty") && e.to_string().contains("old-report.xlsx"),
        "{e}"
    );
    assert!(e.hint().unwrap().contains("--allow-nonempty"));
    assert_eq!(entries(&medium), ["old-report.xlsx"]);
}
