//! Interoperability with the real `age` CLI (Debian package `age`), both directions.

use std::fs;

use crate::util::*;

const SIZES: &[usize] = &[
    0,
    1,
    65_535,
    65_536,
    65_537,
    3 * 65_536,
    5 * 1024 * 1024 + 7,
];

#[test]
fn isou_encrypts_age_decrypts_x25519_several_recipients() {
    if !have("age") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (id1, r1) = unprotected_identity(dir.path(), "id1.txt");
    let (id2, r2) = unprotected_identity(dir.path(), "id2.txt");
    for (i, &len) in SIZES.iter().enumerate() {
        let pt = dir.path().join(format!("pt{i}"));
        fs::write(&pt, data(len, i as u8)).unwrap();
        let ct = dir.path().join(format!("ct{i}.age"));
        let o = run(isou()
            .args(["encrypt", "-r", &r1, "-r", &r2, "-o"])
            .arg(&ct)
            .arg(&pt));
        assert!(o.status.success(), "{}", stderr(&o));
        // Each recipient's identity decrypts it with age.
        for id in [&id1, &id2] {
            let o = run(std::process::Command::new("age")
                .arg("-d")
                .arg("-i")
                .arg(id)
                .arg(&ct));
            assert!(
                o.status.success(),
                "age -d failed for {len}: {}",
                stderr(&o)
            );
            assert_eq!(o.stdout, fs::read(&pt).unwrap(), "size {len}");
        }
    }
}

#[test]
fn age_encrypts_isou_decrypts_x25519_several_recipients() {
    if !have("age") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (id1, r1) = unprotected_identity(dir.path(), "id1.txt");
    let (id2, r2) = unprotected_identity(dir.path(), "id2.txt");
    for (i, &len) in SIZES.iter().enumerate() {
        let pt = dir.path().join(format!("pt{i}"));
        fs::write(&pt, data(len, 100 + i as u8)).unwrap();
        let ct = dir.path().join(format!("ct{i}.age"));
        let o = run(std::process::Command::new("age")
            .args(["-r", &r1, "-r", &r2, "-o"])
            .arg(&ct)
            .arg(&pt));
        assert!(o.status.success(), "{}", stderr(&o));
        for id in [&id1, &id2] {
            let out = dir.path().join(format!(
                "out{i}-{}",
                id.file_name().unwrap().to_string_lossy()
            ));
            let o = run(isou()
                .arg("decrypt")
                .arg("-i")
                .arg(id)
                .arg("-o")
                .arg(&out)
                .arg(&ct));
            assert!(
                o.status.success(),
                "isou decrypt failed for {len}: {}",
                stderr(&o)
            );
            assert_eq!(
                fs::read(&out).unwrap(),
                fs::read(&pt).unwrap(),
                "size {len}"
            );
        }
    }
}

#[test]
fn armored_both_ways() {
    if !have("age") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (id, r) = unprotected_identity(dir.path(), "id.txt");
    let pt = dir.path().join("pt");
    fs::write(&pt, data(200_000, 9)).unwrap();
    let a1 = dir.path().join("a1.age");
    assert!(run(isou()
        .args(["encrypt", "-a", "-r", &r, "-o"])
        .arg(&a1)
        .arg(&pt))
    .status
    .success());
    assert!(fs::read_to_string(&a1)
        .unwrap()
        .starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let o = run(std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&id)
        .arg(&a1));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, fs::read(&pt).unwrap());

    let a2 = dir.path().join("a2.age");
    assert!(run(std::process::Command::new("age")
        .args(["-a", "-r", &r, "-o"])
        .arg(&a2)
        .arg(&pt))
    .status
    .success());
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&id)
        .arg(&a2)
        .stdout(std::process::Stdio::piped()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, fs::read(&pt).unwrap());
}

#[test]
fn passphrase_both_ways() {
    if !have("age") || !have("script") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pass = "correct horse battery staple";
    let pf = dir.path().join("pass.txt");
    write_private(&pf, format!("{pass}\n").as_bytes());
    for (i, &len) in [0usize, 65_536, 3 * 65_536 + 1].iter().enumerate() {
        let pt = dir.path().join(format!("pt{i}"));
        fs::write(&pt, data(len, 50 + i as u8)).unwrap();

        // isou -> age
        let ct = dir.path().join(format!("isou{i}.age"));
        let o = run(isou()
            .arg("encrypt")
            .arg("--passphrase-file")
            .arg(&pf)
            .arg("-o")
            .arg(&ct)
            .arg(&pt));
        assert!(o.status.success(), "{}", stderr(&o));
        let out = dir.path().join(format!("age-out{i}"));
        let o = with_tty(
            &format!("age -d -o '{}' '{}'", out.display(), ct.display()),
            &format!("{pass}\n"),
        );
        assert!(
            o.status.success(),
            "age -d: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        // age creates its output lazily: an empty plaintext leaves no file at all.
        let got = fs::read(&out).unwrap_or_default();
        assert_eq!(got, fs::read(&pt).unwrap(), "size {len}");

        // age -> isou
        let ct = dir.path().join(format!("age{i}.age"));
        let o = with_tty(
            &format!("age -p -o '{}' '{}'", ct.display(), pt.display()),
            &format!("{pass}\n{pass}\n"),
        );
        assert!(
            o.status.success(),
            "age -p: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        let out = dir.path().join(format!("isou-out{i}"));
        let o = run(isou()
            .arg("decrypt")
            .arg("--passphrase-file")
            .arg(&pf)
            .arg("-o")
            .arg(&out)
            .arg(&ct));
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            fs::read(&out).unwrap(),
            fs::read(&pt).unwrap(),
            "size {len}"
        );
    }
}

#[test]
fn unprotected_identity_file_is_accepted_by_age() {
    if !have("age") {
        return;
    }
    // The --unprotected identity (with the signing key in a comment line) is a valid
    // age identity file; and age-keygen's files are valid isou identities.
    let dir = tempfile::tempdir().unwrap();
    let (id, r) = unprotected_identity(dir.path(), "id.txt");
    let pt = dir.path().join("pt");
    fs::write(&pt, b"hello").unwrap();
    let ct = dir.path().join("ct");
    assert!(
        run(isou().args(["encrypt", "-r", &r, "-o"]).arg(&ct).arg(&pt))
            .status
            .success()
    );
    let o = run(std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&id)
        .arg(&ct));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"hello");

    if !have("age-keygen") {
        return;
    }
    let k = dir.path().join("agekey.txt");
    assert!(
        run(std::process::Command::new("age-keygen").arg("-o").arg(&k))
            .status
            .success()
    );
    let text = fs::read_to_string(&k).unwrap();
    let rec = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap();
    let ct2 = dir.path().join("ct2");
    assert!(
        run(isou().args(["encrypt", "-r", rec, "-o"]).arg(&ct2).arg(&pt))
            .status
            .success()
    );
    let o = run(isou()
        .arg("decrypt")
        .arg("-i")
        .arg(&k)
        .arg(&ct2)
        .stdout(std::process::Stdio::piped()));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(o.stdout, b"hello");
}
