//! The payload pipeline (tar → zstd → age → segments) recovered with standard tools only:
//! `cat data/payload.* | age -d -i KEY | zstd -d | tar x`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use isou::engine::{Encryptor, Parallelism};
use isou::pipeline::{self, Compression, PayloadOptions};
use sha2::{Digest, Sha256};

use crate::util::*;

/// An extract with nested folders, Japanese names, an empty file and folder, a name
/// longer than a ustar header holds, and a file larger than a segment.
fn make_extract(root: &Path) -> Vec<(String, Vec<u8>)> {
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "extract/がん登録_2024.csv".into(),
            "登録番号,部位\n00000001,C18.7\n".repeat(2000).into_bytes(),
        ),
        ("extract/sub/dir/empty.csv".into(), vec![]),
        (
            format!("extract/{}.csv", "長い名前".repeat(12)),
            b"long name".to_vec(),
        ),
        ("extract/big.bin".into(), data(3 * 1024 * 1024 + 17, 3)),
    ];
    for (p, d) in &files {
        let path = root.join(p);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, d).unwrap();
    }
    fs::create_dir_all(root.join("extract/empty-folder")).unwrap();
    files
}

fn seal(
    root: &Path,
    data_dir: &Path,
    recipient: &age::x25519::Recipient,
    compression: Compression,
) -> pipeline::PayloadSummary {
    fs::create_dir_all(data_dir).unwrap();
    let entries = pipeline::collect_inputs(&[root.join("extract")]).unwrap();
    pipeline::seal_payload(
        &entries,
        data_dir,
        Encryptor::with_recipients(&[recipient]).unwrap(),
        "SHIP-TEST-1",
        &PayloadOptions {
            compression,
            segment_size: 1024 * 1024,
            parallelism: Parallelism::default(),
            progress: Default::default(),
        },
    )
    .unwrap()
}

fn recover_with_standard_tools(data_dir: &Path, key: &Path, out: &Path, zstd: bool) {
    fs::create_dir_all(out).unwrap();
    let cmd = format!(
        "set -o pipefail; cat '{}'/payload.* | age -d -i '{}' | {} tar x -C '{}'",
        data_dir.display(),
        key.display(),
        if zstd { "zstd -d |" } else { "" },
        out.display()
    );
    let o = run(Command::new("bash").arg("-c").arg(&cmd));
    assert!(o.status.success(), "{cmd}: {}", stderr(&o));
}

fn check_tree(out: &Path, files: &[(String, Vec<u8>)], summary: &pipeline::PayloadSummary) {
    for (p, d) in files {
        assert_eq!(&fs::read(out.join(p)).unwrap(), d, "{p}");
    }
    assert!(out.join("extract/empty-folder").is_dir());
    let contents: pipeline::Contents =
        serde_json::from_slice(&fs::read(out.join(pipeline::CONTENTS_NAME)).unwrap()).unwrap();
    assert_eq!(contents, summary.contents);
    assert_eq!(contents.shipment_id, "SHIP-TEST-1");
    assert_eq!(contents.files.len(), files.len());
    for e in &contents.files {
        let d = fs::read(out.join(&e.path)).unwrap();
        assert_eq!(e.sha256, hex::encode(Sha256::digest(&d)), "{}", e.path);
        assert_eq!(e.size, d.len() as u64);
    }
}

fn setup() -> (
    tempfile::TempDir,
    Vec<(String, Vec<u8>)>,
    PathBuf,
    age::x25519::Recipient,
) {
    let dir = tempfile::tempdir().unwrap();
    let files = make_extract(dir.path());
    let id = age::x25519::Identity::generate();
    let key = dir.path().join("key.txt");
    use age::secrecy::ExposeSecret;
    write_private(
        &key,
        format!("{}\n", id.to_string().expose_secret()).as_bytes(),
    );
    (dir, files, key, id.to_public())
}

#[test]
fn zstd_payload_recovers_with_cat_age_zstd_tar() {
    if !have("age") || !have("zstd") || !have("tar") {
        return;
    }
    let (dir, files, key, recipient) = setup();
    let data_dir = dir.path().join("medium/data");
    let s = seal(dir.path(), &data_dir, &recipient, Compression::Zstd(3));
    assert!(s.segments.iter().all(|seg| seg.size <= 1024 * 1024));
    // Each segment's recorded hash is the hash of the file on the medium.
    for seg in &s.segments {
        let d = fs::read(data_dir.join(&seg.name)).unwrap();
        assert_eq!(<[u8; 32]>::from(Sha256::digest(&d)), seg.sha256);
    }
    let out = dir.path().join("out");
    recover_with_standard_tools(&data_dir, &key, &out, true);
    check_tree(&out, &files, &s);
    // Compressible registry CSV really is compressed.
    let total: u64 = s.segments.iter().map(|x| x.size).sum();
    assert!(total < 3 * 1024 * 1024 + 200_000, "{total}");
}

#[test]
fn uncompressed_payload_spans_several_segments_and_recovers() {
    if !have("age") || !have("tar") {
        return;
    }
    let (dir, files, key, recipient) = setup();
    let data_dir = dir.path().join("medium/data");
    let s = seal(dir.path(), &data_dir, &recipient, Compression::None);
    assert!(s.segments.len() >= 4, "{:?}", s.segments);
    let out = dir.path().join("out");
    recover_with_standard_tools(&data_dir, &key, &out, false);
    check_tree(&out, &files, &s);
}

#[test]
fn symlinks_in_the_extract_are_refused() {
    let (dir, _, _, _) = setup();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("extract/link")).unwrap();
        let e = pipeline::collect_inputs(&[dir.path().join("extract")]).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
    }
}
