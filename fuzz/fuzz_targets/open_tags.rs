//! The tag files as `open` (and `verify`) read them once the signature checked out: the
//! input is split at 0xFF bytes into bag-info.txt, manifest-sha256.txt, bagit.txt and
//! extra tag-manifest lines; the target writes them with a tag manifest that lists them
//! by their true hashes (plus the extra lines) and signs it with a fixed key, so the
//! parsers behind the signature run on arbitrary input: the tag manifest, bag-info
//! (fields, Bag-Count, Signer-Key), the payload manifest (checksums, segment names).
//! A hostile but keyed sender can make all of these. Then `open` from any sender runs
//! on the medium (the segments, if any, are arbitrary too). Nothing may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sha2::Digest;

fn key() -> ssh_key::PrivateKey {
    ssh_key::PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[7u8; 32]))
}

fuzz_target!(|data: &[u8]| {
    let root = std::env::temp_dir().join(format!("isou-fuzz-tags-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let medium = root.join("medium");
    std::fs::create_dir_all(medium.join("data")).unwrap();
    let mut parts = data.split(|b| *b == 0xFF);
    let mut listed = String::new();
    for name in ["bag-info.txt", "manifest-sha256.txt", "bagit.txt"] {
        let body = parts.next().unwrap_or_default();
        std::fs::write(medium.join(name), body).unwrap();
        let h: String = sha2::Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        listed.push_str(&format!("{h}  {name}\n"));
    }
    let extra = parts.next().unwrap_or_default();
    let mut tm = extra.to_vec();
    tm.extend_from_slice(listed.as_bytes());
    if let Some(seg) = parts.next() {
        std::fs::write(medium.join("data/payload.000"), seg).unwrap();
    }
    std::fs::write(medium.join("tagmanifest-sha256.txt"), &tm).unwrap();
    let sig = isou::signature::sign(&key(), &tm).unwrap();
    std::fs::write(medium.join("tagmanifest-sha256.txt.sig"), sig).unwrap();
    // The parsers directly, on the raw input too.
    let text = String::from_utf8_lossy(data);
    let _ = isou::media::authentic::parse_tag_manifest(&text);
    let _ = isou::media::authentic::parse_payload_manifest(&text);
    let src = isou::bag::DirSource(medium.clone());
    let _ = isou::media::authentic::authenticate(&src, isou::media::authentic::Sender::Any);
    let _ = isou::media::verify(&medium, &[], 1, &Default::default());
    let out = root.join("scratch").join("out");
    std::fs::create_dir_all(root.join("scratch")).unwrap();
    let id = age::x25519::Identity::generate();
    let _ = isou::media::open::open(
        &medium,
        &out,
        isou::media::authentic::Sender::Any,
        &mut |_, _| Ok(isou::media::open::Unlock::Identities(vec![id.clone()])),
        Default::default(),
        &Default::default(),
    );
    assert!(!out.exists(), "a medium of arbitrary tag files was opened");
});
