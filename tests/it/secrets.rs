//! Secret keys given where a public key belongs — an identity file as a recipients
//! file, `AGE-SECRET-KEY-1…` as a recipient, an identity file as a signer, a secret key
//! pasted into the policy as a contact's card — are refused with a message that says
//! what was given, and never print the key (CWE-532, CWE-209).

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::util::*;

/// The secret bodies in an unprotected identity file: the age identity's Bech32 data
/// and the signing key's base64 seed.
fn secret_bodies(identity: &Path) -> Vec<String> {
    let text = fs::read_to_string(identity).unwrap();
    let age = text
        .lines()
        .find_map(|l| l.strip_prefix("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string();
    let seed = text
        .lines()
        .find_map(|l| l.strip_prefix("# ISOU-SIGNING-KEY-ED25519: "))
        .unwrap()
        .trim()
        .to_string();
    assert!(age.len() > 50 && seed.len() > 40);
    vec![age, seed]
}

/// The age identity line of an identity file.
fn age_secret_line(identity: &Path) -> String {
    fs::read_to_string(identity)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap()
        .to_string()
}

/// The hint for a secret key given as a recipient or signer.
const HINT: &str = "never pass your own identity file where a public key is expected";

/// The command failed, named what it was given, gave `hint`, and printed no part of a
/// secret in any case (Bech32 is case-insensitive: `age-secret-key-1…` is the same key).
fn refused_without_secret(o: &Output, bodies: &[String], hint: &str, case: &str) {
    let err = stderr(o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{case}: accepted");
    for b in bodies {
        for shown in [&err, &out.to_string()] {
            let up = shown.to_ascii_uppercase();
            assert!(
                !up.contains(&b.to_ascii_uppercase()[..20]),
                "{case}: the secret was printed: {shown}"
            );
        }
    }
    assert!(
        err.contains("secret identity"),
        "{case}: does not say what was given: {err}"
    );
    assert!(err.contains(hint), "{case}: not the hint: {err}");
}

#[test]
fn encrypt_refuses_an_identity_file_as_recipients_file() {
    let dir = tempfile::tempdir().unwrap();
    let (id, _) = keygen(dir.path(), "identity.txt");
    let input = dir.path().join("x.csv");
    fs::write(&input, "1,2\n").unwrap();
    let o = run(isou()
        .args(["encrypt", "-R"])
        .arg(&id)
        .arg("-o")
        .arg(dir.path().join("x.age"))
        .arg(&input));
    refused_without_secret(&o, &secret_bodies(&id), HINT, "encrypt -R identity.txt");
    assert!(stderr(&o).contains("identity.txt is a secret identity file, not a recipients file"));
    assert!(!dir.path().join("x.age").exists());
}

#[test]
fn encrypt_refuses_a_secret_key_as_recipient() {
    let dir = tempfile::tempdir().unwrap();
    let (id, _) = keygen(dir.path(), "identity.txt");
    let input = dir.path().join("x.csv");
    fs::write(&input, "1,2\n").unwrap();
    let key = age_secret_line(&id);
    for given in [key.clone(), key.to_lowercase(), format!("  {key}\n")] {
        let o = run(isou()
            .args(["encrypt", "-r", &given, "-o"])
            .arg(dir.path().join("x.age"))
            .arg(&input));
        refused_without_secret(
            &o,
            &secret_bodies(&id),
            HINT,
            "encrypt -r AGE-SECRET-KEY-1…",
        );
    }
    // The whole file pasted as one argument ("$(cat identity.txt)").
    let whole = fs::read_to_string(&id).unwrap();
    let o = run(isou()
        .args(["encrypt", "-r", &whole, "-o"])
        .arg(dir.path().join("x.age"))
        .arg(&input));
    refused_without_secret(
        &o,
        &secret_bodies(&id),
        HINT,
        "encrypt -r \"$(cat identity.txt)\"",
    );
}

#[test]
fn seal_refuses_a_secret_key_as_recipient_before_touching_the_medium() {
    let s = parties(1, 1000);
    let medium = s.dir.path().join("medium");
    fs::create_dir(&medium).unwrap();
    let key = age_secret_line(&s.recipient);
    let o = run(isou()
        .args(["seal", "--destination", "NCC", "--to", &key, "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(&medium)
        .arg(&s.extract));
    refused_without_secret(
        &o,
        &secret_bodies(&s.recipient),
        HINT,
        "seal --to AGE-SECRET-KEY-1…",
    );
    assert!(entries(&medium).is_empty(), "{:?}", entries(&medium));
}

#[test]
fn verify_and_open_refuse_an_identity_file_or_secret_key_as_signer() {
    let dir = tempfile::tempdir().unwrap();
    let (id, _) = keygen(dir.path(), "identity.txt");
    let medium = dir.path().join("medium");
    fs::create_dir(&medium).unwrap();
    let key = age_secret_line(&id);
    let seed_line = fs::read_to_string(&id)
        .unwrap()
        .lines()
        .find(|l| l.starts_with("# ISOU-SIGNING-KEY-ED25519:"))
        .unwrap()
        .to_string();
    let signers = [id.to_string_lossy().into_owned(), key, seed_line];
    for signer in &signers {
        let o = run(isou().args(["verify", "--signer", signer]).arg(&medium));
        refused_without_secret(&o, &secret_bodies(&id), HINT, "verify --signer");
        let o = run(isou()
            .args(["open", "--signer", signer, "-i"])
            .arg(&id)
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg(&medium));
        refused_without_secret(&o, &secret_bodies(&id), HINT, "open --signer");
        assert!(!dir.path().join("out").exists());
    }
    let o = run(isou().args(["verify", "--signer"]).arg(&id).arg(&medium));
    assert!(
        stderr(&o).contains("identity.txt is a secret identity file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn policy_with_a_secret_key_as_contact_is_refused_without_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let (id, card) = keygen(dir.path(), "identity.txt");
    let key = age_secret_line(&id);
    let policy = dir.path().join("isou.toml");
    let recipient = card.split_whitespace().nth(1).unwrap();
    let cases = [
        // The secret key instead of the card.
        format!("[[contacts]]\nname = \"NCC\"\ncard = \"{key}\"\n"),
        // The secret key in place of the card's age1… recipient.
        format!(
            "[[contacts]]\nname = \"NCC\"\ncard = \"{}\"\n",
            card.replace(recipient, &key)
        ),
        // In a field the policy does not know: the TOML parser's own message would
        // quote the line.
        format!("[[contacts]]\nname = \"NCC\"\ncard = \"{card}\"\nrecipient = \"{key}\"\n"),
        // Where a list is expected: the message would quote the value.
        format!("handlers = \"{key}\"\n"),
    ];
    for (i, text) in cases.iter().enumerate() {
        fs::write(&policy, text).unwrap();
        let o = run(isou()
            .arg("--policy")
            .arg(&policy)
            .args(["policy", "check"]));
        refused_without_secret(
            &o,
            &secret_bodies(&id),
            "never a secret key",
            &format!("policy case {i}"),
        );
        assert!(stderr(&o).contains("isou.toml"), "{}", stderr(&o));
    }
}
