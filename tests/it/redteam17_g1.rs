//! Red team of issue 17 (second round), finding 104 (fixer G1): a path `seal` accepts is
//! one `open` can write. The rule shared by both limits a relative path to 1024 bytes
//! (PATH_MAX, 4096 bytes, must also hold the output and staging folders), not 4096
//! characters. Finding 103: two names equal after Unicode normalisation are shown with
//! the differing characters as code points, and case is not blamed.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::util::*;

/// Builds, below `root`, 5 nested folders of 80 kana each and a file in the deepest:
/// about 400 characters, but over 1,200 bytes.
fn deep_japanese(root: &Path) -> std::path::PathBuf {
    let mut d = root.to_path_buf();
    for i in 0..5 {
        d.push(format!("{i:02}{}", "あ".repeat(80)));
    }
    fs::create_dir_all(&d).unwrap();
    let f = d.join("集計.csv");
    fs::write(&f, "1\n").unwrap();
    f
}

fn seal_to(p: &Parties, lang: &str, m: &Path) -> Output {
    run(isou()
        .arg("--ledger")
        .arg(p.dir.path().join(format!("s-{lang}.sqlite")))
        .args([
            "--lang",
            lang,
            "seal",
            "--class",
            "anonymized",
            "-q",
            "--destination",
            "X",
            "--to",
            &p.rcard,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--medium")
        .arg(m)
        .arg(&p.extract))
}

#[test]
fn seal_refuses_a_path_over_the_byte_budget_in_both_languages() {
    let p = parties(1, 100);
    deep_japanese(&p.extract);
    for lang in ["ja", "en"] {
        let m = p.dir.path().join(format!("usb-{lang}"));
        fs::create_dir(&m).unwrap();
        let o = seal_to(&p, lang, &m);
        assert_eq!(o.status.code(), Some(2), "{lang}: {}", stderr(&o));
        let e = stderr(&o);
        match lang {
            "ja" => assert!(
                e.contains("1024 バイトを超えています") && e.contains("ファイル名を短く"),
                "{e}"
            ),
            _ => assert!(
                e.contains("longer than the 1024 bytes")
                    && e.contains("shorten the folder and file names"),
                "{e}"
            ),
        }
        // Not the hint of the backslash rule.
        assert!(
            !e.contains("backslash") && !e.contains("バックスラッシュ"),
            "{e}"
        );
        assert_eq!(
            fs::read_dir(&m).unwrap().count(),
            0,
            "{lang}: medium written"
        );
    }
}

#[test]
fn seal_of_an_extract_whose_only_file_is_too_deep_names_the_path_not_an_empty_extract() {
    let p = parties(0, 0);
    // An ASCII tree too deep for a path-based walk (over PATH_MAX in all), made
    // folder by folder from within (create_dir_all would pass PATH_MAX).
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import os,sys\nos.chdir(sys.argv[1])\nfor i in range(17):\n n='d%02d'%i+'x'*252\n os.mkdir(n)\n os.chdir(n)\nopen('f.csv','w').write('1\\n')",
        )
        .arg(&p.extract)
        .status()
        .unwrap();
    assert!(status.success());
    let m = p.dir.path().join("usb");
    fs::create_dir(&m).unwrap();
    let o = seal_to(&p, "en", &m);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(!e.contains("holds no file to seal"), "{e}");
    assert!(e.contains("longer than the 1024 bytes"), "{e}");
}

#[test]
fn open_refuses_an_entry_over_the_byte_budget_as_the_medium_s_fault() {
    let p = parties(1, 100);
    let (key, public) = other_key();
    // 4,000 characters in folders of 200: under the old limit of 4096 characters.
    let long = format!("{}/f.csv", vec!["d".repeat(199); 20].join("/"));
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_ustar();
    h.set_size(5);
    h.set_mode(0o600);
    h.set_cksum();
    b.append_data(&mut h, &long, &b"data\n"[..]).unwrap();
    let tar = b.into_inner().unwrap();
    let rc = p.rcard.split_whitespace().nth(1).unwrap().to_string();
    let m = keyed_medium(p.dir.path(), "long", &tar, &rc, &[], &key);
    for lang in ["ja", "en"] {
        let out = p.dir.path().join(format!("out-{lang}"));
        let o = run(isou()
            .arg("--ledger")
            .arg(p.dir.path().join(format!("r-{lang}.sqlite")))
            .args(["--lang", lang, "open", "--signer", &public, "-i"])
            .arg(&p.recipient)
            .arg("--out")
            .arg(&out)
            .arg(&m));
        assert_eq!(o.status.code(), Some(1), "{lang}: {}", stderr(&o));
        let e = stderr(&o);
        match lang {
            "ja" => assert!(
                e.contains("バイトを超えています")
                    && e.contains("この電子媒体は使わないでください"),
                "{e}"
            ),
            _ => assert!(
                e.contains("longer than the 1024 bytes") && e.contains("do not use this medium"),
                "{e}"
            ),
        }
        assert!(!e.contains("os error 36"), "{e}");
        assert!(!out.exists());
    }
}

#[test]
fn names_that_look_identical_are_shown_with_their_code_points() {
    for (one, other, code) in [
        ("か\u{3099}.csv", "が.csv", "か[U+3099].csv"),
        ("\u{FA19}奈川.csv", "神奈川.csv", "[U+FA19]奈川.csv"),
    ] {
        let p = parties(0, 0);
        fs::write(p.extract.join(one), "1\n").unwrap();
        fs::write(p.extract.join(other), "2\n").unwrap();
        for lang in ["ja", "en"] {
            let m = p.dir.path().join(format!("usb-{lang}"));
            fs::create_dir(&m).unwrap();
            let o = seal_to(&p, lang, &m);
            assert_eq!(o.status.code(), Some(2), "{lang}: {}", stderr(&o));
            let e = stderr(&o);
            assert!(e.contains(code) && e.contains(other), "{e}");
            match lang {
                "ja" => assert!(
                    e.contains("同じ名前が異なる文字で書かれています") && !e.contains("大文字"),
                    "{e}"
                ),
                _ => assert!(
                    e.contains("written with different characters") && !e.contains("upper/lower"),
                    "{e}"
                ),
            }
        }
    }
    // A difference of case keeps its own message, without code points.
    let p = parties(0, 0);
    fs::write(p.extract.join("A.csv"), "1\n").unwrap();
    fs::write(p.extract.join("a.csv"), "2\n").unwrap();
    let m = p.dir.path().join("usb");
    fs::create_dir(&m).unwrap();
    let e = stderr(&seal_to(&p, "en", &m));
    assert!(e.contains("upper/lower case") && !e.contains("[U+"), "{e}");
}
