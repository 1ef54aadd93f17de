//! BagIt bags: isou's writer and validator against bagit.py and sha256sum.

use std::fs;
use std::path::Path;
use std::process::Command;

use isou::bag::{self, BagInfo, Severity, TagFiles};
use sha2::{Digest, Sha256};

use crate::util::*;

/// Writes a small isou-style bag into `dir`: two payload files, README, signature.
fn make_bag(dir: &Path) -> ssh_key::PrivateKey {
    fs::create_dir_all(dir.join("data")).unwrap();
    let mut payload = Vec::new();
    for (name, len) in [("payload.000", 100_000usize), ("payload.001", 777)] {
        let d = data(len, len as u8);
        fs::write(dir.join("data").join(name), &d).unwrap();
        payload.push((format!("data/{name}"), Sha256::digest(&d).into()));
    }
    let mut info = BagInfo::default();
    info.push("Bagging-Date", "2026-11-25").unwrap();
    info.push("Payload-Oxum", "100777.2").unwrap();
    info.push("Tracking-Number", "131-12-38385-2").unwrap();
    info.push("Destination", "大阪府がん登録室").unwrap();
    let key =
        ssh_key::PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap();
    let readme = "isou medium / isou 媒体\n".as_bytes();
    bag::write_tag_files(
        dir,
        &TagFiles {
            info: &info,
            payload: &payload,
            extra: &[("README.txt", readme)],
            sign: &|m| isou::signature::sign(&key, m),
        },
    )
    .unwrap();
    key
}

fn errors(r: &bag::Report) -> Vec<String> {
    r.problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn written_bag_is_valid_for_isou_bagit_py_and_sha256sum() {
    let dir = tempfile::tempdir().unwrap();
    let bagdir = dir.path().join("medium");
    let key = make_bag(&bagdir);
    let r = bag::validate(&bagdir, 2).unwrap();
    assert!(r.is_valid(), "{:?}", r.problems);
    assert_eq!((r.payload_files, r.payload_bytes), (2, 100_777));
    assert_eq!(r.info.get("Destination"), Some("大阪府がん登録室"));
    // The signature covers the tag manifest.
    let tm = fs::read(bagdir.join("tagmanifest-sha256.txt")).unwrap();
    let sig = fs::read_to_string(bagdir.join("tagmanifest-sha256.txt.sig")).unwrap();
    isou::signature::verify(&sig, &tm, &[key.public_key().clone()]).unwrap();
    // No temporary files remain.
    assert!(
        entries(&bagdir).iter().all(|n| !n.ends_with(".tmp")),
        "{:?}",
        entries(&bagdir)
    );

    if have("sha256sum") {
        let o = run(Command::new("sha256sum")
            .args(["-c", "manifest-sha256.txt"])
            .current_dir(&bagdir));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
    if have("bagit.py") {
        let o = run(Command::new("bagit.py").arg("--validate").arg(&bagdir));
        assert!(o.status.success(), "bagit.py: {}", stderr(&o));
    }
}

#[test]
fn every_problem_is_reported_not_only_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("m");
    make_bag(&b);
    // A tampered segment, a missing one... (remove payload.001), an extra file, and an
    // edited bag-info.txt.
    let mut d = fs::read(b.join("data/payload.000")).unwrap();
    d[5000] ^= 1;
    fs::write(b.join("data/payload.000"), d).unwrap();
    fs::remove_file(b.join("data/payload.001")).unwrap();
    fs::write(b.join("data/extra.csv"), b"x").unwrap();
    let info = fs::read_to_string(b.join("bag-info.txt")).unwrap();
    fs::write(
        b.join("bag-info.txt"),
        info.replace("131-12-38385-2", "131-12-38385-9"),
    )
    .unwrap();

    let r = bag::validate(&b, 2).unwrap();
    let e = errors(&r);
    assert!(!r.is_valid());
    let has = |file: &str, msg: &str| e.iter().any(|x| x.starts_with(file) && x.contains(msg));
    assert!(has("data/payload.000", "checksum differs"), "{e:#?}");
    assert!(has("data/payload.001", "missing"), "{e:#?}");
    assert!(has("data/extra.csv", "not listed"), "{e:#?}");
    assert!(has("bag-info.txt", "checksum differs"), "{e:#?}");
    assert!(has("bag-info.txt", "Payload-Oxum"), "{e:#?}");

    if have("bagit.py") {
        assert!(!run(Command::new("bagit.py").arg("--validate").arg(&b))
            .status
            .success());
    }
}

#[test]
fn manifest_paths_cannot_escape_the_bag() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("m");
    make_bag(&b);
    let evil = format!(
        "{}  data/../../etc/passwd\n{}  /etc/shadow\n",
        "0".repeat(64),
        "1".repeat(64)
    );
    let mut m = fs::read_to_string(b.join("manifest-sha256.txt")).unwrap();
    m.push_str(&evil);
    fs::write(b.join("manifest-sha256.txt"), m).unwrap();
    let e = errors(&bag::validate(&b, 2).unwrap());
    assert!(e.iter().any(|x| x.contains("'..' component")), "{e:#?}");
    assert!(e.iter().any(|x| x.contains("absolute path")), "{e:#?}");
}

#[test]
fn missing_bagit_txt_means_no_bag() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("m");
    make_bag(&b);
    fs::remove_file(b.join("bagit.txt")).unwrap();
    let e = errors(&bag::validate(&b, 1).unwrap());
    assert!(
        e.iter()
            .any(|x| x.starts_with("bagit.txt") && x.contains("missing")),
        "{e:#?}"
    );
}

#[cfg(unix)]
#[test]
fn payload_symlinks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("m");
    make_bag(&b);
    std::os::unix::fs::symlink("/etc/passwd", b.join("data/link")).unwrap();
    let e = errors(&bag::validate(&b, 1).unwrap());
    assert!(
        e.iter()
            .any(|x| x.starts_with("data/link") && x.contains("symbolic link")),
        "{e:#?}"
    );
}

#[test]
fn plain_bags_from_bagit_py_validate_with_weak_algorithm_warnings() {
    if !have("bagit.py") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("plain");
    fs::create_dir_all(b.join("sub dir")).unwrap();
    fs::write(b.join("sub dir/ファイル 1.csv"), "a,b\n1,2\n").unwrap();
    fs::write(b.join("100%.txt"), "percent").unwrap();
    let o = run(Command::new("bagit.py")
        .args(["--sha512", "--md5", "--contact-name", "山田 太郎"])
        .arg(&b));
    assert!(o.status.success(), "{}", stderr(&o));
    let r = bag::validate(&b, 2).unwrap();
    assert!(r.is_valid(), "{:?}", r.problems);
    assert!(r
        .problems
        .iter()
        .any(|p| p.severity == Severity::Warning && p.message.contains("md5")));
    assert_eq!(r.info.get("Contact-Name"), Some("山田 太郎"));
    // And a change is caught in both algorithms.
    fs::write(b.join("data/100%.txt"), "percenT").unwrap();
    let e = errors(&bag::validate(&b, 2).unwrap());
    assert!(
        e.iter().any(|x| x.contains("sha512 checksum differs")),
        "{e:#?}"
    );
    assert!(
        e.iter().any(|x| x.contains("md5 checksum differs")),
        "{e:#?}"
    );
}
