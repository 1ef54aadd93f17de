//! Opening a medium whose payload is an arbitrary tar stream: the input is encrypted to
//! a fixed key as a one-segment isou medium and opened, so the tar-entry checks (paths,
//! links, devices, duplicates, the contents manifest) and the extraction into a scratch
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
    let manifest: String = segs
        .iter()
        .map(|s| {
            let h: String = s.sha256.iter().map(|b| format!("{b:02x}")).collect();
            format!("{h}  data/{}\n", s.name)
        })
        .collect();
    std::fs::write(medium.join("manifest-sha256.txt"), manifest).unwrap();
    let out = root.join("scratch").join("out");
    std::fs::create_dir_all(root.join("scratch")).unwrap();
    let ids = vec![id];
    let _ = isou::media::open::open(
        &medium,
        &out,
        &mut |_| Ok(isou::media::open::Unlock::Identities(ids.clone())),
        Default::default(),
        &Default::default(),
    );
    // Whatever happened, nothing may appear beside the output but the output itself.
    for e in std::fs::read_dir(root.join("scratch")).unwrap() {
        let name = e.unwrap().file_name();
        assert!(name == "out", "stray entry {name:?} beside the output");
    }
});
