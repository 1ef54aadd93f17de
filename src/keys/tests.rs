//! Unit tests of identity files: writing, reading, and every refusal.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use secrecy::SecretString;
use sha2::{Digest, Sha256};

use super::identity::ed25519_seed;
use super::parse::{parse_identity_for, without_cr};
use super::write::{protected_text, unprotected_text};
use super::*;

fn cheap() -> KdfParams {
    KdfParams {
        memory_kib: 64,
        iterations: 1,
        lanes: 1,
    }
}

fn pass(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

#[test]
fn the_card_is_read_without_unlocking_and_its_label_is_authenticated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("id.txt");
    let id = NewIdentity::generate().with_label("大阪府がん登録室");
    write_identity_file(&path, &id, Some(&pass("correct horse")), cheap()).unwrap();
    let card = read_public_card(&path).unwrap();
    assert_eq!(card, id.contact_card("大阪府がん登録室"));
    // The label is associated data: changed (checksum recomputed), the card shows
    // it, but the file no longer unlocks, so the change does not go unnoticed.
    let text = fs::read_to_string(&path).unwrap();
    let evil = text.replace("label: 大阪府がん登録室\n", "label: 別の組織\n");
    let start = evil.find(BEGIN).unwrap() + BEGIN.len() + 1;
    let (body, _) = evil[start..].rsplit_once("checksum: sha256:").unwrap();
    let sum = hex::encode(Sha256::digest(body.as_bytes()));
    let evil = format!("{}{body}checksum: sha256:{sum}\n{END}\n", &evil[..start]);
    let altered = dir.path().join("altered.txt");
    fs::write(&altered, evil).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&altered, fs::Permissions::from_mode(0o600)).unwrap();
    }
    assert_eq!(read_public_card(&altered).unwrap().label, "別の組織");
    assert!(matches!(
        read_identity_file(&altered, &mut || Ok(pass("correct horse"))),
        Err(KeyError::WrongPassphraseOrAltered(_))
    ));
    // A file without a label is the same as before labels were kept.
    let plain = dir.path().join("nolabel.txt");
    write_identity_file(&plain, &NewIdentity::generate(), Some(&pass("x")), cheap()).unwrap();
    assert!(!fs::read_to_string(&plain).unwrap().contains("label:"));
    assert_eq!(read_public_card(&plain).unwrap().label, "");
}

#[test]
fn protected_round_trip_wrong_passphrase_and_corruption() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys/id.txt");
    let id = NewIdentity::generate();
    write_identity_file(&path, &id, Some(&pass("correct horse")), cheap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let back = read_identity_file(&path, &mut || Ok(pass("correct horse"))).unwrap();
    assert_eq!(back.identities[0].to_public(), id.age.to_public());
    assert_eq!(
        ed25519_seed(back.signing_key().unwrap()),
        ed25519_seed(&id.signing)
    );
    assert!(!format!("{back:?}").contains("AGE-SECRET-KEY"));

    assert!(matches!(
        read_identity_file(&path, &mut || Ok(pass("wrong horse"))),
        Err(KeyError::WrongPassphraseOrAltered(_))
    ));

    // Flip one character of the ciphertext: the checksum names it as damage.
    let text = fs::read_to_string(&path).unwrap();
    let at = text.find("ciphertext: ").unwrap() + 20;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let bad = dir.path().join("bad.txt");
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(&bad).unwrap().write_all(&bytes).unwrap();
    assert!(matches!(
        read_identity_file(&bad, &mut || Ok(pass("correct horse"))),
        Err(KeyError::Corrupted { .. })
    ));

    // Never overwritten.
    assert!(matches!(
        write_identity_file(&path, &id, None, cheap()),
        Err(KeyError::AlreadyExists(_))
    ));
}

#[test]
fn unprotected_file_is_a_plain_age_identity_with_signing_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("id.txt");
    let id = NewIdentity::generate();
    write_identity_file(&path, &id, None, cheap()).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")));
    let back = read_identity_file(&path, &mut || panic!("no passphrase needed")).unwrap();
    assert_eq!(back.identities[0].to_public(), id.age.to_public());
    assert!(back.signing.is_some());
    assert_eq!(
        back.contact_card("").unwrap().to_string(),
        id.contact_card("").to_string()
    );
    // Debug output (logs, panics) never shows a secret: neither the age key nor
    // the signing key's seed.
    let dbg = format!("{back:?}");
    assert!(!dbg.contains("AGE-SECRET-KEY"), "{dbg}");
    let seed = text
        .lines()
        .find_map(|l| l.strip_prefix(SIGNING_PREFIX))
        .unwrap();
    assert!(!dbg.contains(seed.trim()), "{dbg}");
    assert!(dbg.contains(&id.age.to_public().to_string()));
}

#[cfg(unix)]
#[test]
fn group_readable_identity_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("id.txt");
    write_identity_file(&path, &NewIdentity::generate(), None, cheap()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    assert!(matches!(
        read_identity_file(&path, &mut || Ok(pass("x"))),
        Err(KeyError::InsecurePermissions { mode, .. }) if mode & 0o777 == 0o640
    ));
}

#[test]
fn other_files_are_named_unknown() {
    let p = Path::new("x");
    for raw in [
        &b"\x00\x01binary"[..],
        b"hello\n",
        b"# only a comment\n",
        b"-----BEGIN OPENSSH PRIVATE KEY-----\n",
    ] {
        let e = parse_identity(p, raw, &mut || Ok(pass("x"))).unwrap_err();
        assert!(matches!(e, KeyError::UnknownFormat { .. }), "{e}");
        // The message and hint are printed through the sanitiser, which hides
        // everything after a secret key's marker: naming the marker would cut them.
        let shown = format!("{e} {}", e.hint().unwrap());
        assert!(!crate::untrusted::looks_secret(&shown), "{shown}");
    }
}

#[test]
fn absurd_kdf_parameters_are_refused_before_allocating() {
    let id = NewIdentity::generate();
    let text = protected_text(&id, &pass("correct horse"), cheap()).unwrap();
    let evil = text.replace("argon2-memory-kib: 64\n", "argon2-memory-kib: 4000000000\n");
    // Recompute the checksum so only the parameter check can catch it.
    let start = evil.find(BEGIN).unwrap() + BEGIN.len() + 1;
    let body_end = evil.find("checksum: sha256:").unwrap();
    let body = &evil[start..body_end];
    let sum = hex::encode(Sha256::digest(body.as_bytes()));
    let evil = format!("{}checksum: sha256:{sum}\n{END}\n", &evil[..body_end]);
    let e = parse_identity(Path::new("x"), evil.as_bytes(), &mut || {
        panic!("the passphrase is not asked for a file that cannot be opened")
    })
    .unwrap_err();
    assert!(matches!(e, KeyError::KdfOutOfBounds { .. }), "{e}");
}

#[test]
fn kdf_bound_is_keygens_default_with_a_margin() {
    assert!(KdfParams::default().within_bounds());
    assert!(cheap().within_bounds());
    for p in [
        KdfParams {
            memory_kib: 64 * 1024 + 1,
            ..KdfParams::default()
        },
        KdfParams {
            iterations: 7,
            ..KdfParams::default()
        },
        KdfParams {
            lanes: 9,
            ..KdfParams::default()
        },
        KdfParams {
            memory_kib: 8 * 4 - 1,
            ..KdfParams::default()
        },
        KdfParams {
            iterations: 0,
            ..KdfParams::default()
        },
    ] {
        assert!(!p.within_bounds(), "{p:?}");
    }
}

#[test]
fn only_the_keys_asked_for_are_decoded() {
    let id = NewIdentity::generate();
    let seed = ed25519_seed(&id.signing);
    for text in [
        protected_text(&id, &pass("correct horse"), cheap()).unwrap(),
        unprotected_text(&id),
    ] {
        let raw = text.as_bytes();
        let mut p = || Ok(pass("correct horse"));
        let sign = parse_identity_for(Path::new("x"), raw, KeyUse::Sign, &mut p).unwrap();
        assert!(sign.identities.is_empty());
        assert_eq!(ed25519_seed(sign.signing_key().unwrap()), seed);
        let dec = parse_identity_for(Path::new("x"), raw, KeyUse::Decrypt, &mut p).unwrap();
        assert!(dec.signing.is_none());
        assert_eq!(dec.identities[0].to_public(), id.age.to_public());
        let all = parse_identity_for(Path::new("x"), raw, KeyUse::All, &mut p).unwrap();
        assert!(all.signing.is_some() && all.identities.len() == 1);
    }
}

#[test]
fn crlf_and_bom_are_accepted_and_binary_age_files_untouched() {
    let id = NewIdentity::generate();
    for text in [
        protected_text(&id, &pass("correct horse"), cheap()).unwrap(),
        unprotected_text(&id),
    ] {
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let back = parse_identity(Path::new("x"), windows.as_bytes(), &mut || {
            Ok(pass("correct horse"))
        })
        .unwrap();
        assert_eq!(back.identities[0].to_public(), id.age.to_public());
    }
    assert_eq!(&without_cr(b"a\r\nb\rc\r")[..], b"a\nb\rc\r");
}

#[test]
fn two_signing_keys_are_refused() {
    let id = NewIdentity::generate();
    let other = NewIdentity::generate();
    let text = format!(
        "{}{}",
        unprotected_text(&id),
        other.secret_text().lines().nth(1).unwrap()
    );
    let e = parse_identity(Path::new("x"), text.as_bytes(), &mut || unreachable!()).unwrap_err();
    assert!(
        matches!(e, KeyError::Corrupted { ref why, .. } if why.contains("2 signing-key lines")),
        "{e}"
    );
}
