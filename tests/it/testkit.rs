//! The official C2SP age test vectors (tests/data/age-testkit), run as one table test.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use isou::engine::{payload_key, AgeInput, Decryptor, Parallelism, PayloadWriter, NONCE_SIZE};
use isou::error::DecryptError;
use sha2::{Digest, Sha256};

/// Vectors for recipient types the `age` crate (0.12) cannot decrypt, with the reason.
const SKIPPED: &[(&str, &str)] = &[(
    "hybrid",
    "mlkem768x25519 (post-quantum hybrid) recipients are not implemented by the age crate 0.12",
)];

struct Vector {
    name: String,
    expect: String,
    payload: Option<String>,
    file_key: Option<[u8; 16]>,
    identities: Vec<String>,
    passphrases: Vec<String>,
    armored: bool,
    body: Vec<u8>,
}

fn parse(path: &Path) -> Vector {
    let raw = std::fs::read(path).unwrap();
    let split = raw.windows(2).position(|w| w == b"\n\n").unwrap();
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut body = raw[split + 2..].to_vec();
    let mut v = Vector {
        name: path.file_name().unwrap().to_string_lossy().into(),
        expect: String::new(),
        payload: None,
        file_key: None,
        identities: vec![],
        passphrases: vec![],
        armored: false,
        body: vec![],
    };
    for line in head.lines() {
        let (k, val) = line.split_once(": ").unwrap();
        match k {
            "expect" => v.expect = val.into(),
            "payload" => v.payload = Some(val.into()),
            "file key" => {
                // Some vectors carry a deliberately wrong-sized key; only 16 bytes is real.
                v.file_key = hex::decode(val).unwrap().try_into().ok();
            }
            "identity" => v.identities.push(val.into()),
            "passphrase" => v.passphrases.push(val.into()),
            "armored" => v.armored = val == "yes",
            "compressed" => {
                assert_eq!(val, "zlib");
                let mut out = Vec::new();
                flate2::read::ZlibDecoder::new(&body[..])
                    .read_to_end(&mut out)
                    .unwrap();
                body = out;
            }
            "comment" => {}
            other => panic!("{}: unknown field {other}", path.display()),
        }
    }
    v.body = body;
    v
}

fn outcome(e: &DecryptError) -> &'static str {
    match e {
        DecryptError::NotAgeFile
        | DecryptError::UnsupportedVersion(_)
        | DecryptError::InvalidHeader(_)
        | DecryptError::HeaderTooLarge(_)
        | DecryptError::ExcessiveWork { .. } => "header failure",
        DecryptError::HeaderMac => "HMAC failure",
        DecryptError::NoMatchingIdentity
        | DecryptError::WrongPassphrase
        | DecryptError::PassphraseRequired
        | DecryptError::NotPassphraseEncrypted => "no match",
        DecryptError::Payload(_) => "payload failure",
        DecryptError::Armor(_) => "armor failure",
        DecryptError::Io(e) => panic!("unexpected I/O error {e}"),
        DecryptError::InsufficientMemory { .. } => panic!("this machine lacks memory for a vector"),
    }
}

/// Runs one vector; returns (outcome, plaintext released before any error).
fn run(v: &Vector) -> (&'static str, Vec<u8>) {
    let x25519: Vec<age::x25519::Identity> = v
        .identities
        .iter()
        .map(|s| age::x25519::Identity::from_str(s).expect("x25519 identity"))
        .collect();
    let scrypt: Vec<age::scrypt::Identity> = v
        .passphrases
        .iter()
        .map(|p| {
            let mut i = age::scrypt::Identity::new(p.clone().into());
            i.set_max_work_factor(isou::engine::MAX_SCRYPT_WORK_FACTOR);
            i
        })
        .collect();
    let mut ids: Vec<&dyn age::Identity> = x25519.iter().map(|i| i as &dyn age::Identity).collect();
    ids.extend(scrypt.iter().map(|i| i as &dyn age::Identity));

    // As the reference harness does: "armored: yes" means the reader must dearmor.
    let input = if v.armored {
        AgeInput::armored(&v.body[..])
    } else {
        AgeInput::new(&v.body[..])
    };
    let d = match input.and_then(Decryptor::from_input) {
        Ok(d) => d,
        Err(e) => return (outcome(&e), vec![]),
    };
    let mut r = match d.decrypt(&ids, Parallelism::default()) {
        Ok(r) => r,
        Err(e) => return (outcome(&e), vec![]),
    };
    let mut out = Vec::new();
    match r.read_to_end(&mut out) {
        Ok(_) => ("success", out),
        Err(e) => (outcome(&DecryptError::from_io(e)), out),
    }
}

/// For a successful binary vector: sealing its plaintext again with the vector's file
/// key and nonce must give exactly the vector's payload bytes (written by another
/// implementation), so the parallel encryptor is byte-compatible.
fn check_reencryption(v: &Vector, plaintext: &[u8]) {
    let (Some(file_key), false) = (v.file_key, v.armored) else {
        return;
    };
    let mac_line = v.body.windows(5).position(|w| w == b"\n--- ").unwrap() + 1;
    let header_end = mac_line + v.body[mac_line..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let nonce: [u8; NONCE_SIZE] = v.body[header_end..header_end + NONCE_SIZE]
        .try_into()
        .unwrap();
    let key = payload_key(&age_core::format::FileKey::new(Box::new(file_key)), &nonce);
    for par in [
        Parallelism::with_workers(1),
        Parallelism::default(),
        Parallelism {
            workers: 5,
            chunks_per_job: 1,
            jobs_in_flight: 3,
        },
    ] {
        let mut w = PayloadWriter::new(Vec::new(), &key, par);
        std::io::Write::write_all(&mut w, plaintext).unwrap();
        let sealed = w.finish().unwrap();
        assert_eq!(
            sealed,
            v.body[header_end + NONCE_SIZE..],
            "{}: re-encryption differs ({par:?})",
            v.name
        );
    }
}

#[test]
fn c2sp_age_testkit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/age-testkit");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(
        paths.len() > 100,
        "the test kit is incomplete: {}",
        paths.len()
    );
    let (mut passed, mut skipped, mut reencrypted) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &paths {
        let v = parse(path);
        let pq = v
            .identities
            .iter()
            .any(|i| i.starts_with("AGE-SECRET-KEY-PQ-"));
        if let Some((_, why)) = SKIPPED.iter().find(|(prefix, _)| {
            pq || v.name.starts_with(prefix) || v.name == format!("armor_{prefix}")
        }) {
            println!("skipped {}: {why}", v.name);
            skipped += 1;
            continue;
        }
        let (got, out) = run(&v);
        if got != v.expect {
            failures.push(format!("{}: expected {}, got {got}", v.name, v.expect));
            continue;
        }
        if let Some(want) = &v.payload {
            let have = hex::encode(Sha256::digest(&out));
            if &have != want {
                failures.push(format!(
                    "{}: {got} but payload hash {have} != {want}",
                    v.name
                ));
                continue;
            }
        }
        if got == "success" {
            check_reencryption(&v, &out);
            reencrypted += 1;
        }
        passed += 1;
    }
    println!(
        "testkit: {passed} passed, {skipped} skipped, {reencrypted} re-encrypted byte for byte"
    );
    assert!(
        failures.is_empty(),
        "{} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
