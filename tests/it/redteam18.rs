//! Red team of issue 18 (the BagIt validator), briefed with the binary and the formats
//! only: each finding that was a defect, as a test that failed before its fix.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::Digest;

use crate::util::*;

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(b))
}

/// Rewrites a medium's manifests after a change, as an outsider can (no key needed):
/// the payload manifest, Payload-Oxum and the tag manifest.
fn remanifest(m: &Path) {
    let mut payload: Vec<(String, Vec<u8>)> = fs::read_dir(m.join("data"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                format!("data/{}", e.file_name().to_string_lossy()),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    payload.sort();
    let manifest: String = payload
        .iter()
        .map(|(p, d)| format!("{}  {p}\n", sha256_hex(d)))
        .collect();
    fs::write(m.join("manifest-sha256.txt"), manifest).unwrap();
    let bytes: usize = payload.iter().map(|(_, d)| d.len()).sum();
    let info: String = fs::read_to_string(m.join("bag-info.txt"))
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("Payload-Oxum:") {
                format!("Payload-Oxum: {bytes}.{}\n", payload.len())
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(m.join("bag-info.txt"), info).unwrap();
    let tags: String = [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "README.txt",
    ]
    .iter()
    .filter(|f| m.join(f).exists())
    .map(|f| format!("{}  {f}\n", sha256_hex(&fs::read(m.join(f)).unwrap())))
    .collect();
    fs::write(m.join("tagmanifest-sha256.txt"), tags).unwrap();
}

fn verify(args: &[&str], media: &[&Path]) -> std::process::Output {
    run(isou().arg("verify").args(args).args(media))
}

/// Finding 01: an outsider alters a medium, rewrites its manifests and strips the
/// signature and Signer-Key: still an isou medium by its marks, so never VALID.
#[test]
fn f01_a_stripped_isou_medium_is_not_a_plain_bag() {
    let p = parties(1, 50_000);
    let m = sealed(&p, "m");
    let mut seg = fs::read(m.join("data/payload.000")).unwrap();
    seg.extend_from_slice(b"appended by an outsider");
    fs::write(m.join("data/payload.000"), seg).unwrap();
    fs::remove_file(m.join(isou::bag::write::SIGNATURE_FILE)).unwrap();
    let info: String = fs::read_to_string(m.join("bag-info.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("Signer-Key:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(m.join("bag-info.txt"), info).unwrap();
    remanifest(&m);
    let o = verify(&[], &[&m]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("result: INVALID"), "{}", stdout(&o));
    // With a fetch list and the payload gone: not INCOMPLETE either.
    fs::remove_file(m.join("data/payload.000")).unwrap();
    fs::write(
        m.join("fetch.txt"),
        "https://example.org/p - data/payload.000\n",
    )
    .unwrap();
    let o = verify(&[], &[&m]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}

/// Finding 05: files in the ISO 9660 / Rock Ridge tree hidden from Joliet.
#[test]
fn f05_an_image_hiding_files_from_joliet_is_refused() {
    if !have("genisoimage") {
        return;
    }
    let p = parties(1, 50_000);
    let m = sealed(&p, "m");
    fs::write(m.join("autorun.inf"), "[autorun]\nopen=evil.exe\n").unwrap();
    fs::write(m.join("evil.exe"), "MZ").unwrap();
    let img = p.dir.path().join("hidden.iso");
    let o = run(Command::new("genisoimage")
        .args(["-quiet", "-J", "-R", "-hide-joliet", "autorun.inf"])
        .args(["-hide-joliet", "evil.exe", "-o"])
        .arg(&img)
        .arg(&m));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = verify(&["--signer", &p.card], &[&img]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        format!("{}{}", stdout(&o), stderr(&o)).contains("Joliet names list different files"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    // The same image without hidden files is the sender's medium.
    fs::remove_file(m.join("autorun.inf")).unwrap();
    fs::remove_file(m.join("evil.exe")).unwrap();
    let plain = p.dir.path().join("plain.iso");
    let o = run(Command::new("genisoimage")
        .args(["-quiet", "-J", "-R", "-o"])
        .arg(&plain)
        .arg(&m));
    assert!(o.status.success(), "{}", stderr(&o));
    let o = verify(&["--signer", &p.card], &[&plain]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// Finding 11: a program in an operating system's folder, and deleted files in the
/// recycle bin, are refused; the system's own bookkeeping is still only a warning.
#[test]
fn f11_operating_system_folders_are_looked_into() {
    let p = parties(1, 50_000);
    let m = sealed(&p, "m");
    fs::create_dir_all(m.join("System Volume Information")).unwrap();
    fs::write(m.join("System Volume Information/IndexerVolumeGuid"), "{x}").unwrap();
    let o = verify(&["-q", "--signer", &p.card], &[&m]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stderr(&o).contains("warning"), "{}", stderr(&o));
    for (name, body) in [
        ("System Volume Information/autorun.inf", "[autorun]"),
        ("$RECYCLE.BIN/S-1-5-21-1/報告書.pdf.exe", "MZ"),
        ("$RECYCLE.BIN/S-1-5-21-1/$RDATA.csv", "1,2"),
    ] {
        let f = m.join(name);
        fs::create_dir_all(f.parent().unwrap()).unwrap();
        fs::write(&f, body).unwrap();
        let o = verify(&["--signer", &p.card], &[&m]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        fs::remove_file(&f).unwrap();
    }
}

/// A plain bag with `fetch` as fetch.txt, from a two-manifest bag whose
/// `data/b.txt` was removed.
fn holey(dir: &Path, sha256_lists_b: bool, fetch: &str) -> PathBuf {
    let bag = dir.join("holey");
    let _ = fs::remove_dir_all(&bag);
    fs::create_dir_all(bag.join("data")).unwrap();
    fs::write(
        bag.join("bagit.txt"),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    )
    .unwrap();
    fs::write(bag.join("data/a.txt"), "a\n").unwrap();
    let md5 = |d: &[u8]| hex::encode(md5::Md5::digest(d));
    fs::write(
        bag.join("manifest-md5.txt"),
        format!("{}  data/a.txt\n{}  data/b.txt\n", md5(b"a\n"), md5(b"b\n")),
    )
    .unwrap();
    let mut sha = format!("{}  data/a.txt\n", sha256_hex(b"a\n"));
    if sha256_lists_b {
        sha += &format!("{}  data/b.txt\n", sha256_hex(b"b\n"));
    }
    fs::write(bag.join("manifest-sha256.txt"), sha).unwrap();
    fs::write(bag.join("fetch.txt"), fetch).unwrap();
    bag
}

/// Findings 06 and 10: INCOMPLETE only for a holey bag that is otherwise valid.
#[test]
fn f06_f10_only_a_well_formed_holey_bag_is_incomplete() {
    let tmp = tempfile::tempdir().unwrap();
    let fetch = "https://example.org/b.txt 2 data/b.txt\n";
    let o = verify(&[], &[&holey(tmp.path(), true, fetch)]);
    assert_eq!(o.status.code(), Some(4), "{}", stdout(&o));
    // In one manifest only (RFC 8493 §2.2.3: every payload manifest).
    let o = verify(&[], &[&holey(tmp.path(), false, fetch)]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("manifest-sha256.txt does not list"));
    // A folder where the file is to go.
    let bag = holey(tmp.path(), true, fetch);
    fs::create_dir(bag.join("data/b.txt")).unwrap();
    let o = verify(&[], &[&bag]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // A blank line (every line is URL LENGTH PATH).
    let o = verify(&[], &[&holey(tmp.path(), true, &format!("\n{fetch}"))]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}

/// Finding 08: --json says what the text says for one volume of a pinned set, lists
/// the bag's warnings, and a medium read fine gets no "could not be read" hint.
#[test]
fn f08_json_and_hints_agree_with_the_verdict() {
    let p = parties(2, 1_500_000);
    let out = p.dir.path().join("discs");
    let o = run(isou()
        .args([
            "seal",
            "-q",
            "--class",
            "anonymized",
            "--to",
            &p.rcard,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--iso")
        .arg(&out)
        .args([
            "--volume-size",
            "2M",
            "--segment-size",
            "1M",
            "--compression",
            "none",
        ])
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut imgs: Vec<PathBuf> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    imgs.sort();
    assert!(imgs.len() >= 2, "{imgs:?}");
    let o = verify(&["--json", "--signer", &p.card], &[&imgs[0]]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(j["authenticated"], true, "{j:#}");
    assert_eq!(j["complete"], false, "{j:#}");
    assert_eq!(j["incomplete"], true, "{j:#}");
    // Without --signer: refused, but not for being unreadable.
    let o = verify(&[], &[&imgs[0]]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("could not be read"), "{}", stderr(&o));
    // A warning of the bag is among --json's warnings.
    let tmp = tempfile::tempdir().unwrap();
    let bag = holey(tmp.path(), true, "https://example.org/b.txt 2 data/b.txt\n");
    fs::write(bag.join("data/b.txt"), "b\n").unwrap();
    let o = verify(&["--json"], &[&bag]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let j: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let w = j["warnings"].as_array().unwrap();
    assert!(
        w.iter().any(|w| w.as_str().unwrap().contains("md5")),
        "{j:#}"
    );
}

/// Finding 12: a manifest longer than any payload isou reads is not read to its end.
#[test]
fn f12_manifests_are_bounded_in_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let bag = holey(tmp.path(), true, "https://example.org/b.txt 2 data/b.txt\n");
    fs::remove_file(bag.join("fetch.txt")).unwrap();
    let line = format!("{}  data/x\n", sha256_hex(b""));
    let many: String = (0..100_001)
        .map(|i| line.replace("data/x", &format!("data/{i}")))
        .collect();
    fs::write(bag.join("manifest-sha256.txt"), many).unwrap();
    let o = verify(&[], &[&bag]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("more than 100,000 entries")
            || stdout(&o).contains("more than 100000 entries"),
        "{}",
        stdout(&o).lines().take(5).collect::<Vec<_>>().join("\n")
    );
}

/// Second pass, finding 10 and the links that followed it: an operating system's
/// folder that is itself a link, a `.DS_Store` that is a link, and a folder of more
/// entries than a medium may list are refused, never passed over.
#[test]
fn s10_operating_system_entries_that_are_links_or_too_large() {
    let p = parties(1, 50_000);
    let m = sealed(&p, "m");
    for (name, target) in [
        ("System Volume Information", "/"),
        (".DS_Store", "/etc/passwd"),
        ("$RECYCLE.BIN", "data"),
    ] {
        std::os::unix::fs::symlink(target, m.join(name)).unwrap();
        let o = verify(&["--signer", &p.card], &[&m]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        fs::remove_file(m.join(name)).unwrap();
    }
    let big = m.join(".Spotlight-V100");
    fs::create_dir(&big).unwrap();
    for i in 0..100_001 {
        fs::File::create(big.join(i.to_string())).unwrap();
    }
    let o = verify(&["--signer", &p.card], &[&m]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}

/// An image made with `tool` (`genisoimage` or `xorriso -as mkisofs`) and `args` from
/// the folder `from`, or `None` (skipped, with the reason printed) without the tool.
fn image(tool: &str, args: &[&str], from: &Path, to: &Path) -> Option<PathBuf> {
    let (program, pre): (&str, &[&str]) = match tool {
        "xorriso" => ("xorriso", &["-as", "mkisofs"]),
        _ => ("genisoimage", &[]),
    };
    if !have(program) {
        return None;
    }
    let o = run(Command::new(program)
        .args(pre)
        .args(["-quiet"])
        .args(args)
        .arg("-o")
        .arg(to)
        .arg(from));
    assert!(o.status.success(), "{tool} {args:?}: {}", stderr(&o));
    Some(to.to_path_buf())
}

/// Second pass, findings 01, 03 and 06: a disc image is more than its Joliet tree. A
/// boot record (El Torito), a UDF bridge, a Mac HFS hybrid (its partition map and
/// volume in the system area) or Rock Ridge names other than the Joliet ones give
/// another computer other files or a program to run. isou writes none of them: on an
/// isou medium each is refused and named; a copy made with genisoimage -R -J of the
/// sender's folder keeps the same names and stays VALID.
#[test]
fn s01_s03_s06_boot_records_udf_hfs_and_other_rock_ridge_names_refused_on_isou_media() {
    let p = parties(1, 50_000);
    let m = sealed(&p, "m");
    let d = p.dir.path();
    let check = |img: Option<PathBuf>, words: &str| {
        let Some(img) = img else { return };
        let o = verify(&["--signer", &p.card], &[&img]);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{words}: {all}");
        assert!(
            all.contains("result: INVALID") && all.contains(words),
            "{words}: {all}"
        );
    };
    check(
        image("genisoimage", &["-J", "-udf"], &m, &d.join("udf.iso")),
        "UDF bridge",
    );
    check(
        image("genisoimage", &["-J", "-hfs"], &m, &d.join("hfs.iso")),
        "system area",
    );
    // Rock Ridge names that are not the Joliet ones: bagit.txt shown as something
    // else on Linux. genisoimage takes the Joliet name from the file's name and the
    // Rock Ridge one too, so the image is made and then its NM entry is edited.
    if let Some(img) = image("genisoimage", &["-J", "-R"], &m, &d.join("rr.iso")) {
        let mut b = fs::read(&img).unwrap();
        let at = b
            .windows(14)
            .position(|w| w == b"NM\x0e\x01\x00bagit.txt")
            .expect("the Rock Ridge name of bagit.txt");
        b[at + 5..at + 14].copy_from_slice(b"bagit.TXT");
        fs::write(&img, b).unwrap();
        check(Some(img), "Rock Ridge names");
    }
    // An El Torito boot record: a boot image beside the medium, grafted in.
    let boot = d.join("boot");
    fs::create_dir(&boot).unwrap();
    fs::write(boot.join("boot.img"), vec![0x90u8; 2048]).unwrap();
    if have("xorriso") {
        let img = d.join("boot.iso");
        let o = run(Command::new("xorriso")
            .args(["-as", "mkisofs", "-quiet", "-J", "-R", "-graft-points"])
            .args(["-b", "boot.img", "-no-emul-boot", "-o"])
            .arg(&img)
            .arg(format!("/={}", m.display()))
            .arg(format!("/boot.img={}", boot.join("boot.img").display())));
        assert!(o.status.success(), "{}", stderr(&o));
        check(Some(img), "El Torito");
    }
    // The sender's folder copied with genisoimage -R -J: the same names, VALID.
    if let Some(img) = image("genisoimage", &["-J", "-R"], &m, &d.join("copy.iso")) {
        let o = verify(&["--signer", &p.card], &[&img]);
        assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    }
}

/// Second pass, findings 01 and 06 on a bag that is not an isou medium: the same
/// structures are warnings (on standard error), the bag judged as a bag.
#[test]
fn s06_other_structures_of_a_plain_bag_image_are_warnings() {
    let d = tempfile::tempdir().unwrap();
    let bag = d.path().join("bag");
    fs::create_dir_all(bag.join("data")).unwrap();
    let body = b"registry extract\n";
    fs::write(bag.join("data/report.csv"), body).unwrap();
    fs::write(
        bag.join("bagit.txt"),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    )
    .unwrap();
    fs::write(
        bag.join("manifest-sha256.txt"),
        format!("{}  data/report.csv\n", sha256_hex(body)),
    )
    .unwrap();
    fs::write(
        bag.join("bag-info.txt"),
        format!("Payload-Oxum: {}.1\n", body.len()),
    )
    .unwrap();
    let Some(img) = image(
        "genisoimage",
        &["-J", "-R", "-udf"],
        &bag,
        &d.path().join("b.iso"),
    ) else {
        return;
    };
    let o = verify(&[], &[&img]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("result: VALID"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("warning") && stderr(&o).contains("UDF bridge"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("UDF"), "{}", stdout(&o));
}

/// Second pass, finding 02: an empty file (or a link, which Rock Ridge stores as one)
/// in one tree only is hidden from the systems reading the other.
#[test]
fn s02_an_empty_file_hidden_from_joliet_is_refused() {
    let p = parties(1, 50_000);
    let m = sealed(&p, "m");
    fs::write(m.join("autorun.inf"), "").unwrap();
    let Some(img) = image(
        "genisoimage",
        &["-J", "-hide-joliet", "autorun.inf"],
        &m,
        &p.dir.path().join("hidden.iso"),
    ) else {
        return;
    };
    let o = verify(&["--signer", &p.card], &[&img]);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(all.contains("empty files or folders"), "{all}");
}

/// A disc image sealed by `p`'s sender (`seal --iso`), as bytes, and where it was.
fn sealed_image(p: &Parties) -> (PathBuf, Vec<u8>) {
    let out = p.dir.path().join("iso");
    fs::create_dir_all(&out).unwrap();
    let o = run(isou()
        .args([
            "seal",
            "-q",
            "--class",
            "anonymized",
            "--to",
            &p.rcard,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--iso")
        .arg(&out)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let img = fs::read_dir(&out).unwrap().next().unwrap().unwrap().path();
    let bytes = fs::read(&img).unwrap();
    (img, bytes)
}

/// Applies `f` to the directory record of `name` in both trees of an isou image: the
/// primary one (8.3 upper case, `;1`) and the Joliet one (UCS-2 big-endian).
fn patch_records(img: &mut [u8], primary: &str, joliet: &str, f: impl Fn(&mut [u8])) {
    let ucs2: Vec<u8> = joliet
        .encode_utf16()
        .flat_map(|u| u.to_be_bytes())
        .collect();
    for id in [primary.as_bytes().to_vec(), ucs2] {
        let at = (34..img.len() - id.len())
            .find(|&i| img[i - 1] as usize == id.len() && img[i..i + id.len()] == id[..])
            .unwrap_or_else(|| panic!("no record named {primary}"));
        let len = img[at - 33] as usize;
        f(&mut img[at - 33..at - 33 + len]);
    }
}

/// An edit of an image's bytes.
type Edit = Box<dyn Fn(&mut Vec<u8>)>;

/// Each `(name, edit, words)`: `orig` edited must be refused by `verify --signer` (exit
/// 1) with `words` and `also` in what it says.
fn refused_edits(p: &Parties, orig: &[u8], cases: Vec<(&str, Edit, &str)>, also: &str) {
    for (name, edit, words) in cases {
        let mut b = orig.to_vec();
        edit(&mut b);
        let bad = p.dir.path().join(format!("{name}.iso"));
        fs::write(&bad, &b).unwrap();
        let o = verify(&["--signer", &p.card], &[&bad]);
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{name}: {all}");
        assert!(all.contains(words) && all.contains(also), "{name}: {all}");
    }
}

/// Third pass (findings 1, 2, 4, 5, 6): a record's other fields and the volume's bounds
/// change what other systems read; isou writes none of them, so each is refused on an
/// isou medium with the structure named, while the image as sealed stays VALID.
#[test]
fn t01_t06_record_fields_and_volume_bounds_other_readers_use() {
    let p = parties(1, 30_000);
    let (img, orig) = sealed_image(&p);
    let o = verify(&["--signer", &p.card], &[&img]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            // The data then start a block later, where every other reader looks.
            "extended-attributes",
            Box::new(|b| patch_records(b, "README.TXT;1", "README.txt", |r| r[1] = 1)),
            "extended attribute record",
        ),
        (
            "associated",
            Box::new(|b| patch_records(b, "README.TXT;1", "README.txt", |r| r[25] |= 4)),
            "associated file",
        ),
        (
            "hidden",
            Box::new(|b| patch_records(b, "PAYLOAD.000;1", "payload.000", |r| r[25] |= 1)),
            "flags 0x01",
        ),
        (
            "interleaved",
            Box::new(|b| {
                patch_records(b, "PAYLOAD.000;1", "payload.000", |r| {
                    r[26] = 1;
                    r[27] = 1
                })
            }),
            "interleaved file",
        ),
        (
            "descriptor-order",
            Box::new(|b| {
                let (pvd, svd) = (16 * 2048, 17 * 2048);
                let first: Vec<u8> = b[pvd..pvd + 2048].to_vec();
                b.copy_within(svd..svd + 2048, pvd);
                b[svd..svd + 2048].copy_from_slice(&first);
            }),
            "first volume descriptor is not the primary",
        ),
        (
            "past-the-volume",
            Box::new(|b| b.extend(std::iter::repeat_n(0xAAu8, 2048))),
            "after the end of its volume",
        ),
        (
            "volume-too-small",
            Box::new(|b| {
                let sectors = (b.len() / 2048 - 2) as u32;
                b[16 * 2048 + 80..16 * 2048 + 84].copy_from_slice(&sectors.to_le_bytes());
                b[16 * 2048 + 84..16 * 2048 + 88].copy_from_slice(&sectors.to_be_bytes());
            }),
            "outside the image",
        ),
    ];
    refused_edits(&p, &orig, cases, "");
    // Zeros after the volume (a drive's run-out, padding) are not data.
    let mut b = orig.clone();
    b.extend(std::iter::repeat_n(0u8, 4096));
    let padded = p.dir.path().join("padded.iso");
    fs::write(&padded, &b).unwrap();
    let o = verify(&["--signer", &p.card], &[&padded]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// Third pass, finding 3: Rock Ridge is more than names. A copy of the sender's folder
/// made with genisoimage -R -J, then one entry edited: the file becomes a symbolic
/// link (its PX type), an unknown or link entry (SL), or every name is skipped (SP).
#[test]
fn t03_rock_ridge_entries_that_make_a_file_something_else_are_refused() {
    let p = parties(1, 30_000);
    let m = sealed(&p, "m");
    let Some(img) = image(
        "genisoimage",
        &["-J", "-R"],
        &m,
        &p.dir.path().join("rr.iso"),
    ) else {
        return;
    };
    let orig = fs::read(&img).unwrap();
    let find = |b: &[u8], what: &[u8]| {
        b.windows(what.len())
            .position(|w| w == what)
            .unwrap_or_else(|| panic!("{:?} not in the image", String::from_utf8_lossy(what)))
    };
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            // README.txt's own record: its ISO name, then its system-use entries; the
            // first PX after the name made a symbolic link (S_IFLNK).
            "px-link",
            Box::new(move |b| {
                let at = find(b, b"README.TXT;1");
                let px = at + find(&b[at..], b"PX");
                let mode = 0o120777u32;
                b[px + 4..px + 8].copy_from_slice(&mode.to_le_bytes());
                b[px + 8..px + 12].copy_from_slice(&mode.to_be_bytes());
            }),
            "(PX)",
        ),
        (
            "sl-entry",
            Box::new(move |b| {
                let at = find(b, b"README.TXT;1");
                let tf = at + find(&b[at..], b"TF");
                b[tf..tf + 2].copy_from_slice(b"SL");
            }),
            "(SL)",
        ),
        (
            "sp-skip",
            Box::new(move |b| {
                let sp = find(b, b"SP\x07\x01\xbe\xef");
                b[sp + 6] = 1;
            }),
            "(SP)",
        ),
        // Fourth pass: what the kernel reads past and libisofs does not. Entries after
        // an ST (here: genisoimage's first entry, RR, renamed ST: NM, PX and TF still
        // follow), or after an entry of length 3 (Linux steps over it).
        (
            "entries-after-st",
            Box::new(move |b| {
                let at = find(b, b"README.TXT;1");
                let rr = at + find(&b[at..], b"RR\x05\x01");
                b[rr..rr + 2].copy_from_slice(b"ST");
            }),
            "(ST)",
        ),
        (
            "entry-of-length-3",
            Box::new(move |b| {
                let at = find(b, b"README.TXT;1");
                let tf = at + find(&b[at..], b"TF");
                b[tf + 2] = 3;
            }),
            "(SUSP length)",
        ),
        (
            // NM with a flag other than CONTINUE: Linux shows the ISO name instead.
            "nm-host-flag",
            Box::new(move |b| {
                let at = find(b, b"README.TXT;1");
                let nm = at + find(&b[at..], b"NM");
                b[nm + 4] = 0x20;
            }),
            "(NM)",
        ),
        (
            "px-setuid",
            Box::new(move |b| {
                let at = find(b, b"README.TXT;1");
                let px = at + find(&b[at..], b"PX");
                let mode = 0o104755u32;
                b[px + 4..px + 8].copy_from_slice(&mode.to_le_bytes());
                b[px + 8..px + 12].copy_from_slice(&mode.to_be_bytes());
            }),
            "(PX)",
        ),
    ];
    refused_edits(&p, &orig, cases, "Rock Ridge data make");
}
