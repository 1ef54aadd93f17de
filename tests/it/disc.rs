//! Discs and sets: ISO 9660 + Joliet images read by xorriso, isoinfo, bsdtar and
//! bagit.py; multi-volume sets (images and folders) through seal, verify and open; and
//! the bad sets (too small, missing, mixed, repeated, truncated, damaged).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

struct Disc {
    dir: tempfile::TempDir,
    sender: PathBuf,
    sender_card: String,
    recipient: PathBuf,
    recipient_card: String,
    extract: PathBuf,
}

/// An extract of about 3 MB that does not compress, so a 1 MB volume size gives a set
/// of four volumes with or without zstd.
fn setup() -> Disc {
    let dir = tempfile::tempdir().unwrap();
    let (sender, sender_card) = keygen(dir.path(), "sender.txt");
    let (recipient, recipient_card) = keygen(dir.path(), "recipient.txt");
    let extract = dir.path().join("抽出");
    fs::create_dir_all(extract.join("2024")).unwrap();
    fs::write(
        extract.join("2024/症例.csv"),
        "登録番号,部位\n1,C18.7\n".repeat(2000),
    )
    .unwrap();
    fs::write(extract.join("random.bin"), data(3_000_000, 5)).unwrap();
    Disc {
        dir,
        sender,
        sender_card,
        recipient,
        recipient_card,
        extract,
    }
}

fn seal_iso(d: &Disc, out: &Path, extra: &[&str]) -> Output {
    run(isou()
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &d.recipient_card, "-i"])
        .arg(&d.sender)
        .arg("--iso")
        .arg(out)
        .args(extra)
        .arg(&d.extract))
}

fn images(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn open(d: &Disc, media: &[&Path], out: &Path, signer: bool) -> Output {
    let mut c = isou();
    c.arg("open")
        .arg("-i")
        .arg(&d.recipient)
        .arg("--out")
        .arg(out);
    if signer {
        c.args(["--signer", &d.sender_card]);
    } else {
        // Not pinned: the explicit choice to open from any (signed) sender.
        c.arg("--any-sender");
    }
    run(c.args(media))
}

fn verify(d: &Disc, media: &[&Path]) -> Output {
    run(isou()
        .arg("verify")
        .args(["--signer", &d.sender_card])
        .args(media))
}

/// The tree of `dir` (files, `/`-separated, relative).
fn tree(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out
}

/// Asserts the extract came out whole.
fn assert_same(d: &Disc, out: &Path) {
    let got = out.join("抽出");
    assert_eq!(tree(&got), tree(&d.extract));
    for f in tree(&d.extract) {
        assert_eq!(
            fs::read(got.join(&f)).unwrap(),
            fs::read(d.extract.join(&f)).unwrap(),
            "{f}"
        );
    }
}

/// Nothing of an output or its staging folder exists next to `out`.
fn assert_nothing_extracted(out: &Path) {
    assert!(!out.exists(), "{} exists", out.display());
    let name = out.file_name().unwrap().to_string_lossy().into_owned();
    let stray: Vec<String> = entries(out.parent().unwrap())
        .into_iter()
        .filter(|e| e.contains(&name) && e.contains("staging"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

fn field(bag_info: &str, label: &str) -> String {
    bag_info
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{label}: ")))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn images_are_read_by_xorriso_isoinfo_bsdtar_and_bagit() {
    if !(have("xorriso") && have("isoinfo") && have("bsdtar") && have("bagit.py") && have("age")) {
        return;
    }
    let d = setup();
    let out = d.dir.path().join("images");
    let o = seal_iso(&d, &out, &["--volume-size", "1M", "--compression", "none"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let shipment = String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("shipment:").map(|s| s.trim().to_string()))
        .unwrap();
    let imgs = images(&out);
    assert!(imgs.len() >= 3, "{imgs:?}");
    let n = imgs.len();
    // The transport record says how many discs went (資料の形態).
    let o = run(isou().args(["record", "export", "--format", "csv"]));
    let csv = String::from_utf8_lossy(&o.stdout).into_owned();
    let row = csv
        .lines()
        .find(|l| l.starts_with(&shipment))
        .unwrap_or_default();
    // 資料の形態 and 媒体数 in cells of their own (issue 16).
    assert!(row.contains(&format!(",CD-R,{n},")), "{row}");
    let mut groups = BTreeSet::new();
    let all = d.dir.path().join("all");
    fs::create_dir(&all).unwrap();
    for (i, img) in imgs.iter().enumerate() {
        let name = img.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.ends_with(&format!("-{}of{n}.iso", i + 1)), "{name}");
        assert!(fs::metadata(img).unwrap().len() <= 1 << 20);

        // libarchive extracts the image; bagit.py accepts the tree as a bag.
        let x = d.dir.path().join(format!("x{i}"));
        fs::create_dir(&x).unwrap();
        let o = run(Command::new("bsdtar").arg("-xf").arg(img).arg("-C").arg(&x));
        assert!(o.status.success(), "{}", stderr(&o));
        let o = run(Command::new("bagit.py").arg("--validate").arg(&x));
        assert!(
            o.status.success(),
            "bagit.py on volume {}: {}",
            i + 1,
            stderr(&o)
        );
        let o = run(Command::new("sha256sum")
            .args(["-c", "manifest-sha256.txt"])
            .current_dir(&x));
        assert!(o.status.success(), "{}", stderr(&o));
        let info = fs::read_to_string(x.join("bag-info.txt")).unwrap();
        assert_eq!(field(&info, "Bag-Count"), format!("{} of {n}", i + 1));
        assert_eq!(field(&info, "Medium-Type"), "CD-R");
        groups.insert(field(&info, "Bag-Group-Identifier"));

        // xorriso and isoinfo -J list exactly the bag's tree (Joliet names).
        let want: BTreeSet<String> = tree(&x).into_iter().map(|p| format!("/{p}")).collect();
        assert!(want.contains("/tagmanifest-sha256.txt.sig"), "{want:?}");
        let o = run(Command::new("xorriso")
            .arg("-indev")
            .arg(img)
            .args(["-find", "/", "-type", "f"]));
        assert!(o.status.success(), "{}", stderr(&o));
        let listed: BTreeSet<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| l.trim_matches('\'').to_string())
            .collect();
        assert_eq!(listed, want, "xorriso on volume {}", i + 1);
        let o = run(Command::new("isoinfo")
            .arg("-J")
            .arg("-f")
            .arg("-i")
            .arg(img));
        assert!(o.status.success(), "{}", stderr(&o));
        let listed: BTreeSet<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| *l != "/data")
            .map(str::to_string)
            .collect();
        assert_eq!(listed, want, "isoinfo -J on volume {}", i + 1);
        for e in fs::read_dir(x.join("data")).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), all.join(e.file_name())).unwrap();
        }
    }
    assert_eq!(groups.len(), 1, "{groups:?}");

    // Standard tools recover the extract from every disc's data/ copied together.
    let rec = d.dir.path().join("recovered");
    fs::create_dir(&rec).unwrap();
    let o = run(Command::new("sh").arg("-c").arg(format!(
        "cat {}/payload.* | age -d -i {} | tar x -C {}",
        all.display(),
        d.recipient.display(),
        rec.display()
    )));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_same(&d, &rec);
}

#[test]
fn image_sets_verify_and_open_in_any_order_and_mix() {
    if !have("bsdtar") {
        return;
    }
    let d = setup();
    let out = d.dir.path().join("images");
    let o = seal_iso(&d, &out, &["--volume-size", "1M"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("volume 1 is full"), "{}", stderr(&o));
    let imgs = images(&out);
    assert!(imgs.len() >= 3, "{imgs:?}");
    let mut shuffled: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    shuffled.reverse();

    let o = verify(&d, &shuffled);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(0), "{text}{}", stderr(&o));
    assert!(text.contains("result: VALID"), "{text}");
    assert!(
        text.contains(&format!("({} volumes)", imgs.len())),
        "{text}"
    );

    let o1 = d.dir.path().join("o1");
    let o = open(&d, &shuffled, &o1, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_same(&d, &o1);

    // A disc mounted as a folder (here: volume 2 extracted by libarchive) mixes with
    // image files.
    let mounted = d.dir.path().join("mounted2");
    fs::create_dir(&mounted).unwrap();
    let o = run(Command::new("bsdtar")
        .arg("-xf")
        .arg(&imgs[1])
        .arg("-C")
        .arg(&mounted));
    assert!(o.status.success());
    let mut mixed: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    mixed[1] = &mounted;
    let o = verify(&d, &mixed);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o2 = d.dir.path().join("o2");
    let o = open(&d, &mixed, &o2, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_same(&d, &o2);

    // One DVD holds it all: a single image, 1 of 1.
    let dvd = d.dir.path().join("dvd");
    let o = seal_iso(&d, &dvd, &["--medium-type", "dvd-r"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let one = images(&dvd);
    assert_eq!(one.len(), 1);
    assert!(one[0].to_string_lossy().ends_with("-1of1.iso"));
    let o = verify(&d, &[&one[0]]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o3 = d.dir.path().join("o3");
    let o = open(&d, &[&one[0]], &o3, false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_same(&d, &o3);
}

#[test]
fn folder_sets_from_given_media_and_from_asked_media() {
    let d = setup();
    let m: Vec<PathBuf> = (0..6)
        .map(|i| d.dir.path().join(format!("usb{i}")))
        .collect();
    for p in &m {
        fs::create_dir(p).unwrap();
    }
    // Several --medium paths: every volume knows the total.
    let o = run(isou()
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &d.recipient_card, "-i"])
        .arg(&d.sender)
        .args(m.iter().flat_map(|p| [Path::new("--medium"), p.as_path()]))
        .args(["--volume-size", "1M", "--compression", "none"])
        .arg(&d.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let used: Vec<&Path> = m
        .iter()
        .filter(|p| p.join("bagit.txt").exists())
        .map(PathBuf::as_path)
        .collect();
    let n = used.len();
    assert!(n >= 3, "{n}");
    assert!(
        m[n..].iter().all(|p| entries(p).is_empty()),
        "unused media stay empty"
    );
    for (i, p) in used.iter().enumerate() {
        let info = fs::read_to_string(p.join("bag-info.txt")).unwrap();
        assert_eq!(field(&info, "Bag-Count"), format!("{} of {n}", i + 1));
    }
    let o = verify(&d, &used);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let out = d.dir.path().join("out");
    let o = open(&d, &used, &out, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_same(&d, &out);

    // Too few media and nobody to ask: refused, and nothing is left on the medium.
    let lone = d.dir.path().join("lone");
    fs::create_dir(&lone).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized"])
        .args(["--to", &d.recipient_card, "-i"])
        .arg(&d.sender)
        .arg("--medium")
        .arg(&lone)
        .args(["--volume-size", "1M"])
        .arg(&d.extract));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("medium 2 is needed"), "{}", stderr(&o));
    assert!(entries(&lone).is_empty(), "{:?}", entries(&lone));

    // At a terminal, isou asks for each next medium; a full one is handed back as
    // `k of ?`, the last says `n of n`.
    if !have("script") {
        return;
    }
    let a: Vec<PathBuf> = (0..6)
        .map(|i| d.dir.path().join(format!("ask{i}")))
        .collect();
    for p in &a {
        fs::create_dir(p).unwrap();
    }
    let ledger = d.dir.path().join("ledger.sqlite");
    let cmd = format!(
        "ISOU_LEDGER={} ISOU_POLICY= XDG_CONFIG_HOME={} {} seal --class anonymized --to '{}' -i {} --medium {} --volume-size 1M --compression none {}",
        ledger.display(),
        d.dir.path().join("no-config").display(),
        env!("CARGO_BIN_EXE_isou"),
        d.recipient_card,
        d.sender.display(),
        a[0].display(),
        d.extract.display()
    );
    let answers: String = a[1..]
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    let o = with_tty(&cmd, &answers);
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(o.status.success(), "{all}");
    assert!(all.contains("insert an empty medium for volume 2"), "{all}");
    let used: Vec<&Path> = a
        .iter()
        .filter(|p| p.join("bagit.txt").exists())
        .map(PathBuf::as_path)
        .collect();
    let n = used.len();
    assert!(n >= 3, "{all}");
    for (i, p) in used.iter().enumerate() {
        let info = fs::read_to_string(p.join("bag-info.txt")).unwrap();
        let want = if i + 1 == n {
            format!("{n} of {n}")
        } else {
            format!("{} of ?", i + 1)
        };
        assert_eq!(field(&info, "Bag-Count"), want);
    }
    let o = verify(&d, &used);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // Without the last volume the total is unknown: the set is incomplete (exit 4).
    let o = verify(&d, &used[..n - 1]);
    assert_eq!(o.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("the last volume is missing"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let out = d.dir.path().join("out-asked");
    let o = open(&d, &used, &out, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_same(&d, &out);
}

/// Flips a byte inside the first file record of the Joliet root directory, so its
/// both-endian extent fields disagree.
fn damage_directory(img: &Path) {
    let mut b = fs::read(img).unwrap();
    let svd = 17 * 2048;
    assert_eq!(b[svd], 2, "Joliet descriptor at sector 17");
    let root = u32::from_le_bytes(b[svd + 158..svd + 162].try_into().unwrap()) as usize * 2048;
    let dot = b[root] as usize;
    let dotdot = b[root + dot] as usize;
    let first = root + dot + dotdot;
    b[first + 3] ^= 0x5A;
    fs::write(img, b).unwrap();
}

#[test]
fn bad_sets_are_refused_and_nothing_is_extracted() {
    let d = setup();
    let out = d.dir.path().join("images");

    // A volume size below the bag's own overhead.
    let o = seal_iso(&d, &out, &["--volume-size", "100K"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot hold a bag"), "{}", stderr(&o));
    assert!(stderr(&o).contains("smallest volume is"), "{}", stderr(&o));
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));

    let o = seal_iso(&d, &out, &["--volume-size", "1M"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let imgs = images(&out);
    assert!(imgs.len() >= 3);
    let target = d.dir.path().join("plain");
    let check = |media: &[&Path], verify_says: &str, open_code: i32, open_says: &str| {
        let o = verify(&d, media);
        let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        // A volume left out: what was given is intact, the set incomplete (exit 4,
        // issue 18); anything else is refused.
        let (code, result) = if verify_says.starts_with("volume 2 of") {
            (4, "result: INCOMPLETE")
        } else {
            (1, "result: INVALID")
        };
        assert_eq!(o.status.code(), Some(code), "{text}");
        assert!(
            text.contains(verify_says),
            "verify: want {verify_says:?} in {text}"
        );
        assert!(text.contains(result), "{text}");
        let o = open(&d, media, &target, false);
        assert_eq!(o.status.code(), Some(open_code), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(open_says),
            "open: want {open_says:?} in {}",
            stderr(&o)
        );
        assert_nothing_extracted(&target);
    };

    // A missing volume.
    let mut gap: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    gap.remove(1);
    check(&gap, "volume 2 of", 2, "volume 2 of");
    // Volumes of two different sets.
    let other = d.dir.path().join("other");
    let o = seal_iso(&d, &other, &["--volume-size", "1M"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let others = images(&other);
    let mut mixed: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    mixed[1] = &others[1];
    check(
        &mixed,
        "belong to different sets",
        1,
        "belong to different sets",
    );
    // The same volume twice.
    let copy = d.dir.path().join("copy-of-1.iso");
    fs::copy(&imgs[0], &copy).unwrap();
    let mut twice: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    twice.push(&copy);
    check(
        &twice,
        "volume 1 is given twice",
        1,
        "volume 1 is given twice",
    );
    // A truncated image.
    let t = d.dir.path().join("truncated.iso");
    let bytes = fs::read(&imgs[0]).unwrap();
    fs::write(&t, &bytes[..bytes.len() / 2]).unwrap();
    let mut trunc: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    trunc[0] = &t;
    check(&trunc, "truncated", 1, "truncated");
    // A damaged directory record.
    let dmg = d.dir.path().join("damaged.iso");
    fs::copy(&imgs[0], &dmg).unwrap();
    damage_directory(&dmg);
    let mut damaged: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    damaged[0] = &dmg;
    check(
        &damaged,
        "damaged ISO 9660 image",
        1,
        "damaged ISO 9660 image",
    );
    // A tampered payload inside an image: verify names the segment, open refuses.
    let tam = d.dir.path().join("tampered.iso");
    let mut b = fs::read(&imgs[1]).unwrap();
    b[19 * 2048 + 5000] ^= 1;
    fs::write(&tam, b).unwrap();
    let mut tampered: Vec<&Path> = imgs.iter().map(PathBuf::as_path).collect();
    tampered[1] = &tam;
    check(&tampered, "checksum differs", 1, "does not match");
}

#[test]
fn open_asks_for_a_missing_volume_at_a_terminal() {
    if !have("script") {
        return;
    }
    let d = setup();
    let out = d.dir.path().join("images");
    let o = seal_iso(&d, &out, &["--volume-size", "1M"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let imgs = images(&out);
    let other = d.dir.path().join("other");
    let o = seal_iso(&d, &other, &["--volume-size", "1M"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let foreign = images(&other).remove(1);
    let target = d.dir.path().join("opened");
    let given: Vec<String> = imgs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, p)| p.display().to_string())
        .collect();
    let cmd = format!(
        "ISOU_LEDGER={} ISOU_POLICY= XDG_CONFIG_HOME={} {} open --signer '{}' -i {} --out {} {}",
        d.dir.path().join("ledger.sqlite").display(),
        d.dir.path().join("no-config").display(),
        env!("CARGO_BIN_EXE_isou"),
        d.sender_card,
        d.recipient.display(),
        target.display(),
        given.join(" ")
    );
    // First a disc of another set (named, and asked again), then the right one.
    let answers = format!("{}\n{}\n", foreign.display(), imgs[1].display());
    let o = with_tty(&cmd, &answers);
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(o.status.success(), "{all}");
    assert!(all.contains("insert volume 2 of"), "{all}");
    assert!(all.contains("belongs to another set"), "{all}");
    assert_same(&d, &target);

    // Stopping at the prompt (an empty line) leaves nothing behind.
    let target2 = d.dir.path().join("opened2");
    let o = with_tty(
        &cmd.replace(
            &target.display().to_string(),
            &target2.display().to_string(),
        ),
        "\n",
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_nothing_extracted(&target2);
}

#[test]
fn a_full_output_disk_leaves_no_partial_image() {
    let d = setup();
    let out = d.dir.path().join("small");
    let Some(_mount) = small_medium(&out, "2m") else {
        return;
    };
    let o = seal_iso(&d, &out, &["--volume-size", "1M"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("full"), "{}", stderr(&o));
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}
