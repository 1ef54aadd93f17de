//! Tests of the ISO 9660 writer and reader.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::write::*;
use super::*;
use crate::bag::source::{BagSource, Kind};
use crate::platform::AtOffset;

/// Whether `path` holds an ISO 9660 volume (a "CD001" descriptor at sector 16).
fn is_iso(path: &Path) -> bool {
    let mut b = [0u8; 6];
    File::open(path)
        .and_then(|f| f.read_exact_at_offset(&mut b, 16 * SECTOR))
        .is_ok()
        && &b[1..6] == b"CD001"
}

fn sample(dir: &Path, name: &str, t: i64) -> PathBuf {
    let p = dir.join(name);
    let mut w = IsoWriter::create(&p).unwrap();
    w.add_file("bagit.txt", b"BagIt-Version: 1.0\n").unwrap();
    w.begin_file("data/payload.000").unwrap();
    for i in 0..5000u32 {
        w.write_all(&i.to_le_bytes()).unwrap();
    }
    w.end_file().unwrap();
    w.add_file("data/payload.001", b"").unwrap();
    w.add_file("tagmanifest-sha256.txt.sig", b"sig").unwrap();
    w.add_file("bag-info.txt", "Destination: 東京\n".as_bytes())
        .unwrap();
    let size = w
        .finish(&VolumeMeta {
            volume_id: "ISOU_TEST_1".into(),
            timestamp: t,
        })
        .unwrap();
    assert_eq!(size, std::fs::metadata(&p).unwrap().len());
    p
}

#[test]
fn written_image_reads_back_with_joliet_names() {
    let dir = tempfile::tempdir().unwrap();
    let p = sample(dir.path(), "a.iso", 1_764_115_200);
    assert!(is_iso(&p));
    let img = IsoImage::open(&p).unwrap();
    assert!(img.joliet);
    assert_eq!(img.volume_id, "ISOU_TEST_1");
    assert_eq!(
        img.files(),
        vec![
            ("bag-info.txt".into(), 20),
            ("bagit.txt".into(), 19),
            ("data/payload.000".into(), 20000),
            ("data/payload.001".into(), 0),
            ("tagmanifest-sha256.txt.sig".into(), 3),
        ]
    );
    let mut v = Vec::new();
    img.open("data/payload.000")
        .unwrap()
        .read_to_end(&mut v)
        .unwrap();
    assert_eq!(&v[4..8], &1u32.to_le_bytes());
    assert_eq!(v.len(), 20000);
    let names: Vec<String> = img.list("").unwrap().into_iter().map(|e| e.name).collect();
    assert!(names.contains(&"data".to_string()));
    assert_eq!(img.stat("data").unwrap(), Some((Kind::Dir, 0)));
    assert!(img.open("missing").is_err());
}

#[test]
fn same_files_and_time_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(sample(dir.path(), "a.iso", 1_000_000_000)).unwrap();
    let b = std::fs::read(sample(dir.path(), "b.iso", 1_000_000_000)).unwrap();
    let c = std::fs::read(sample(dir.path(), "c.iso", 1_000_000_001)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn primary_names_are_unique_8_3() {
    let mut taken = HashSet::new();
    let n =
        |s: &str, t: &mut HashSet<Vec<u8>>| String::from_utf8(primary_name(s, false, t)).unwrap();
    assert_eq!(n("bag-info.txt", &mut taken), "BAG_INFO.TXT;1");
    assert_eq!(n("tagmanifest-sha256.txt", &mut taken), "TAGMANIF.TXT;1");
    assert_eq!(
        n("tagmanifest-sha256.txt.sig", &mut taken),
        "TAGMANIF.SIG;1"
    );
    assert_eq!(n("tagmanifest-md5.txt", &mut taken), "TAGMAN~1.TXT;1");
    assert_eq!(n("payload.000", &mut taken), "PAYLOAD.000;1");
}

#[test]
fn dates_are_civil() {
    assert_eq!(record_date(0), [70, 1, 1, 0, 0, 0, 0]);
    // 2026-11-25 12:34:56 UTC
    assert_eq!(record_date(1_795_610_096), [126, 11, 25, 12, 34, 56, 0]);
    assert_eq!(&volume_date(951_782_400)[..16], b"2000022900000000");
}

#[test]
fn truncated_and_damaged_images_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = sample(dir.path(), "a.iso", 0);
    let bytes = std::fs::read(&p).unwrap();
    let t = dir.path().join("t.iso");
    std::fs::write(&t, &bytes[..bytes.len() - 4096]).unwrap();
    let e = IsoImage::open(&t).err().unwrap();
    assert!(e.to_string().contains("truncated"), "{e}");

    // Damage the Joliet root directory's first real record: its extent's
    // little-endian copy no longer matches the big-endian one.
    let svd = &bytes[17 * 2048..18 * 2048];
    let root = le32(&svd[158..]) as usize * 2048;
    let mut bad = bytes.clone();
    let first = root + bad[root] as usize + bad[root + bad[root] as usize] as usize;
    bad[first + 2] ^= 0x55;
    let d = dir.path().join("d.iso");
    std::fs::write(&d, &bad).unwrap();
    let e = IsoImage::open(&d).err().unwrap();
    assert!(e.to_string().contains("damaged ISO 9660 image"), "{e}");

    let n = dir.path().join("n.iso");
    std::fs::write(&n, vec![0u8; 64 * 1024]).unwrap();
    assert!(IsoImage::open(&n)
        .err()
        .unwrap()
        .to_string()
        .contains("not an ISO 9660"));
}

/// Writes a primary-only image by hand: the descriptors, a root directory of `root`
/// records at sector 20, each `(sector, bytes)` of `extra`, and zeros (sparse) up to
/// `len` bytes.
fn hand_made(path: &Path, root: Vec<Vec<u8>>, extra: &[(u64, Vec<u8>)], len: u64) {
    const ROOT: u64 = 20;
    let mut records = vec![
        dir_record(&[0], ROOT, SECTOR, true, 0),
        dir_record(&[1], ROOT, SECTOR, true, 0),
    ];
    records.extend(root);
    let dir = pack(&records);
    let mut pvd = vec![0u8; SECTOR as usize];
    pvd[0] = 1;
    pvd[1..6].copy_from_slice(b"CD001");
    pvd[6] = 1;
    pvd[80..88].copy_from_slice(&both32((len / SECTOR) as u32));
    pvd[128..132].copy_from_slice(&both16(SECTOR as u16));
    pvd[156..190].copy_from_slice(&dir_record(&[0], ROOT, dir.len() as u64, true, 0));
    let mut end = vec![0u8; SECTOR as usize];
    end[0] = 255;
    end[1..6].copy_from_slice(b"CD001");
    end[6] = 1;
    let f = File::create(path).unwrap();
    f.set_len(len).unwrap();
    f.write_all_at_offset(&pvd, 16 * SECTOR).unwrap();
    f.write_all_at_offset(&end, 17 * SECTOR).unwrap();
    f.write_all_at_offset(&dir, ROOT * SECTOR).unwrap();
    for (sector, bytes) in extra {
        f.write_all_at_offset(bytes, sector * SECTOR).unwrap();
    }
}

#[test]
fn directories_claiming_more_than_the_image_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    // 2,000 directories, each claiming MAX_DIR_BYTES from its own sector: they
    // overlap, and reading them all would be 33 GB from a 21 MB image.
    let n = 2000;
    let records = (0..n)
        .map(|i| dir_record(format!("D{i}").as_bytes(), 100 + i, MAX_DIR_BYTES, true, 0))
        .collect();
    let p = dir.path().join("overlap.iso");
    hand_made(&p, records, &[], (100 + n) * SECTOR + MAX_DIR_BYTES);
    let e = IsoImage::open(&p).err().unwrap();
    assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    assert_eq!(
        e.to_string(),
        "damaged ISO 9660 image: its directories claim more bytes than the image holds"
    );

    // Directories that fill the image without overlapping are read.
    let records = (0..3)
        .map(|i| {
            let sector = 100 + i * (MAX_DIR_BYTES / SECTOR);
            dir_record(format!("D{i}").as_bytes(), sector, MAX_DIR_BYTES, true, 0)
        })
        .collect();
    let p = dir.path().join("tiled.iso");
    hand_made(&p, records, &[], 100 * SECTOR + 3 * MAX_DIR_BYTES);
    let img = IsoImage::open(&p).unwrap();
    assert_eq!(img.list("D2").unwrap().len(), 0);
}

#[test]
fn names_in_damage_reports_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let name = b"E\x1b[2J";
    // A directory outside the image.
    let p = dir.path().join("outside.iso");
    hand_made(
        &p,
        vec![dir_record(name, 5000, SECTOR, true, 0)],
        &[],
        40 * SECTOR,
    );
    let e = IsoImage::open(&p).err().unwrap().to_string();
    assert_eq!(
        e,
        "damaged ISO 9660 image: directory E\u{FFFD}[2J lies outside the image (truncated?)"
    );
    // A directory whose first record has an impossible length.
    let mut bad = vec![0u8; SECTOR as usize];
    bad[0] = 10;
    let p = dir.path().join("record.iso");
    hand_made(
        &p,
        vec![dir_record(name, 30, SECTOR, true, 0)],
        &[(30, bad)],
        40 * SECTOR,
    );
    let e = IsoImage::open(&p).err().unwrap().to_string();
    assert_eq!(
        e,
        "damaged ISO 9660 image: a directory record in E\u{FFFD}[2J has an impossible length (10 bytes)"
    );
    // Paths asked of the image are quoted the same way.
    let img = IsoImage::open(&sample(dir.path(), "a.iso", 0)).unwrap();
    let e = img.open("a\x1b[2J").err().unwrap().to_string();
    assert_eq!(e, "a\u{FFFD}[2J is not in the image");
}
