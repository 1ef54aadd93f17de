//! Sender signatures against the real `ssh-keygen -Y` (OpenSSH), both directions.

use std::fs;
use std::process::Command;

use isou::signature;
use ssh_key::{LineEnding, PrivateKey};

use crate::util::*;

fn key() -> PrivateKey {
    PrivateKey::random(&mut rand::rngs::OsRng, ssh_key::Algorithm::Ed25519).unwrap()
}

#[test]
fn ssh_keygen_verifies_isou_signatures() {
    if !have("ssh-keygen") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    let msg = "d2a8…  bagit.txt\n0f1e…  bag-info.txt\n".as_bytes();
    let sig = dir.path().join("tagmanifest-sha256.txt.sig");
    fs::write(&sig, signature::sign(&k, msg).unwrap()).unwrap();
    let allowed = dir.path().join("allowed_signers");
    fs::write(
        &allowed,
        signature::allowed_signers_line("sender@example.jp", k.public_key()) + "\n",
    )
    .unwrap();
    let data = dir.path().join("tagmanifest-sha256.txt");
    fs::write(&data, msg).unwrap();

    let verify = |ns: &str| {
        Command::new("ssh-keygen")
            .args(["-Y", "verify", "-I", "sender@example.jp", "-n", ns, "-f"])
            .arg(&allowed)
            .arg("-s")
            .arg(&sig)
            .stdin(fs::File::open(&data).unwrap())
            .output()
            .unwrap()
    };
    let o = verify("isou");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
    // Another namespace must not verify.
    assert!(!verify("git").status.success());
    // Altered data must not verify.
    fs::write(&data, b"d2a8...  bagit.txt\n").unwrap();
    assert!(!verify("isou").status.success());
}

#[test]
fn isou_verifies_ssh_keygen_signatures() {
    if !have("ssh-keygen") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let k = key();
    let keyfile = dir.path().join("id_ed25519");
    write_private(&keyfile, k.to_openssh(LineEnding::LF).unwrap().as_bytes());
    let data = dir.path().join("msg");
    fs::write(&data, b"tag manifest bytes\n").unwrap();
    let o = Command::new("ssh-keygen")
        .args(["-Y", "sign", "-n", "isou", "-f"])
        .arg(&keyfile)
        .arg(&data)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let pem = fs::read_to_string(dir.path().join("msg.sig")).unwrap();
    let v = signature::verify(&pem, b"tag manifest bytes\n", &[k.public_key().clone()]).unwrap();
    assert_eq!(v.fingerprint, signature::fingerprint(k.public_key()));
    assert!(signature::verify(&pem, b"other bytes\n", &[k.public_key().clone()]).is_err());
}
