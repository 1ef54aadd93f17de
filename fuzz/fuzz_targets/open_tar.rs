//! Opening a medium whose payload is an arbitrary tar stream: the input is encrypted to
//! a fixed key as a one-segment isou medium, signed as a keyed sender would, and opened
//! from any sender, so the tar header guard, the tar-entry checks (paths, links,
//! devices, duplicates, the contents manifest) and the extraction into a scratch
//! staging folder run on it. Nothing may be written outside the output's parent.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = std::env::temp_dir().join(format!("isou-fuzz-open-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let medium = root.join("medium");
    std::fs::create_dir_all(medium.join("data")).unwrap();
    let id = age::x25519::Identity::generate();
    let r = id.to_public();
    let enc = isou::engine::Encryptor::with_recipients(&[&r as &dyn age::Recipient]).unwrap();
    let seg = isou::pipeline::SegmentWriter::new(&medium.join("data"), 1 << 30);
    let mut w = enc.wrap_output(seg, Default::default()).unwrap();
    w.write_all(data).unwrap();
    let (segs, _) = w.finish().unwrap().finish().unwrap();
    let payload: Vec<(String, [u8; 32])> = segs
        .iter()
        .map(|s| (format!("data/{}", s.name), s.sha256))
        .collect();
    let key = ssh_key::PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[7u8; 32]));
    let mut info = isou::bag::BagInfo::default();
    info.push("External-Identifier", "S").unwrap();
    let bytes: u64 = segs.iter().map(|s| s.size).sum();
    info.push("Payload-Oxum", &format!("{bytes}.{}", segs.len()))
        .unwrap();
    info.push(
        "Signer-Key",
        &isou::signature::fingerprint(key.public_key()),
    )
    .unwrap();
    isou::bag::write_tag_files(
        &medium,
        &isou::bag::TagFiles {
            info: &info,
            payload: &payload,
            extra: &[],
            sign: &|m| isou::signature::sign(&key, m),
        },
    )
    .unwrap();
    let out = root.join("scratch").join("out");
    std::fs::create_dir_all(root.join("scratch")).unwrap();
    let ids = vec![id];
    let _ = isou::media::open::open(
        &medium,
        &out,
        isou::media::authentic::Sender::Any,
        &mut |_, _| Ok(isou::media::open::Unlock::Identities(ids.clone())),
        Default::default(),
        &Default::default(),
    );
    // Whatever happened, nothing may appear beside the output but the output itself.
    for e in std::fs::read_dir(root.join("scratch")).unwrap() {
        let name = e.unwrap().file_name();
        assert!(name == "out", "stray entry {name:?} beside the output");
    }
});
