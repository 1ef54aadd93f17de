//! The BagIt validator on arbitrary tag files: the input is split at 0xFF bytes into
//! bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt, one payload
//! file, fetch.txt and package-info.txt, written as a bag, and validated (every parser:
//! bagit.txt and the declared encoding, bag-info folding and labels, manifest lines
//! and percent-encoded paths, Payload-Oxum, fetch.txt lines).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("isou-fuzz-bag-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let mut parts = data.split(|b| *b == 0xFF);
    for name in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "data/payload.000",
        "fetch.txt",
        "package-info.txt",
    ] {
        if let Some(p) = parts.next() {
            std::fs::write(dir.join(name), p).unwrap();
        }
    }
    let _ = isou::bag::validate(&dir, 1);
    let _ = isou::media::authentic::authenticate(
        &isou::bag::DirSource(dir.clone()),
        isou::media::authentic::Sender::Any,
    );
    let _ = isou::bag::BagInfo::parse(&String::from_utf8_lossy(data));
});
