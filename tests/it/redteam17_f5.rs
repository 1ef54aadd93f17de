//! Red team 17 (F5): seal refuses the names open would refuse (finding 11); a refused
//! opening of an authenticated medium is recorded (finding 14).

use std::fs;
use std::path::Path;

use crate::util::{isou, keyed_medium, keygen, ledger_events, other_key, run, stderr};

/// `isou seal` of `inputs` to a fresh recipient, on a fresh medium folder `usb` in
/// `dir`, in `lang`.
fn seal(dir: &Path, lang: &str, inputs: &[&Path]) -> std::process::Output {
    let keys = tempfile::tempdir().unwrap();
    let (sender, _) = keygen(keys.path(), "s.txt");
    let (_, rcard) = keygen(keys.path(), "r.txt");
    let usb = dir.join("usb");
    let _ = fs::remove_dir_all(&usb);
    fs::create_dir(&usb).unwrap();
    let mut c = isou();
    c.arg("--ledger")
        .arg(dir.join("l.sqlite"))
        .args([
            "--lang",
            lang,
            "seal",
            "--class",
            "anonymized",
            "--to",
            &rcard,
            "-i",
        ])
        .arg(&sender)
        .arg("--medium")
        .arg(&usb);
    for i in inputs {
        c.arg(i);
    }
    run(&mut c)
}

#[test]
fn seal_refuses_names_that_open_would_refuse_before_writing_anything() {
    // (files in the extract folder, the input is the file itself, what stderr names)
    let cases: &[(&[&str], bool, &[&str])] = &[
        (
            &["Data.csv", "data.csv"],
            false,
            &["ext/Data.csv", "ext/data.csv"],
        ),
        (
            &["e\u{301}.csv", "\u{e9}.csv"],
            false,
            // Equal once normalised: the combining accent is shown as its code point (finding 103).
            &["ext/e[U+0301].csv", "ext/\u{e9}.csv"],
        ),
        (
            &["isou-contents.json"],
            true,
            &["ISOU-CONTENTS.json", "isou-contents.json"],
        ),
        (&["C:集計.csv"], true, &["C:集計.csv"]),
        (&["a\\b.csv"], true, &["a\\b.csv"]),
        // Names Windows reads as a device or another name (red team 20).
        (&["nul.csv"], false, &["nul.csv"]),
        (&["report.csv."], false, &["report.csv."]),
        (&["a?.csv"], false, &["a?.csv"]),
    ];
    for (files, as_file, named) in cases {
        let dir = tempfile::tempdir().unwrap();
        let ext = dir.path().join("ext");
        fs::create_dir(&ext).unwrap();
        for f in *files {
            fs::write(ext.join(f), f.as_bytes()).unwrap();
        }
        let input = if *as_file {
            ext.join(files[0])
        } else {
            ext.clone()
        };
        let o = seal(dir.path(), "en", &[&input]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{files:?}: {err}");
        for n in *named {
            assert!(err.contains(n), "{files:?} names {n}: {err}");
        }
        assert!(
            err.contains("open refuses such a medium") || err.contains("open would refuse"),
            "{err}"
        );
        assert!(err.contains("nothing was written to the medium"), "{err}");
        assert!(crate::util::entries(&dir.path().join("usb")).is_empty());
        assert!(ledger_events(&dir.path().join("l.sqlite")).is_empty());
    }
}

#[test]
fn seal_says_why_in_japanese_and_still_seals_names_open_takes() {
    let dir = tempfile::tempdir().unwrap();
    let ext = dir.path().join("ext");
    fs::create_dir(&ext).unwrap();
    fs::write(ext.join("Data.csv"), b"1").unwrap();
    fs::write(ext.join("data.csv"), b"2").unwrap();
    let o = seal(dir.path(), "ja", &[&ext]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("Unicode の正規化"), "{err}");
    assert!(err.contains("どちらかの名前を変える"), "{err}");
    // A drive-like or timed name one folder down is no ordinary name on Windows: under
    // the output folder, `x/C:x.csv` is `C:x.csv`, relative to drive C:'s current
    // folder, so it was written outside it (red team 20, finding 1). Refused at seal
    // too, before anything is written, so a genuine medium is never refused as hostile.
    fs::remove_file(ext.join("data.csv")).unwrap();
    for name in ["C:x.csv", "集計 10:30.csv"] {
        fs::write(ext.join(name), b"3").unwrap();
        let o = seal(dir.path(), "ja", &[&ext]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("コロンはドライブまたは NTFS のストリーム"),
            "{}",
            stderr(&o)
        );
        fs::remove_file(ext.join(name)).unwrap();
    }
    let o = seal(dir.path(), "ja", &[&ext]);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::write(ext.join("C:x.csv"), b"3").unwrap();
    let o = seal(dir.path(), "ja", &[&ext.join("C:x.csv")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Windows のドライブ指定"),
        "{}",
        stderr(&o)
    );
}

/// A raw tar entry with any name (tar-rs itself refuses to write hostile names).
fn raw_entry(name: &[u8], body: &[u8]) -> Vec<u8> {
    let mut h = tar::Header::new_old();
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(body.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    let mut v = h.as_bytes().to_vec();
    v.extend_from_slice(body);
    v.resize(v.len().div_ceil(512) * 512, 0);
    v
}

#[test]
fn a_refused_opening_of_a_pinned_senders_medium_is_recorded_as_a_failed_verification() {
    let dir = tempfile::tempdir().unwrap();
    let (recipient, rcard) = keygen(dir.path(), "r.txt");
    let (key, card) = other_key();
    let mut tar = raw_entry(b"ext/../../escape.csv", b"x");
    tar.extend_from_slice(&[0u8; 1024]);
    let age = rcard.split_whitespace().nth(1).unwrap();
    let m = keyed_medium(dir.path(), "usb", &tar, age, &[], &key);
    let ledger = dir.path().join("l.sqlite");
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["verify", "--signer", &card])
        .arg(&m));
    assert!(o.status.success(), "{}", stderr(&o));
    let before = ledger_events(&ledger).len();
    for (lang, said) in [
        ("en", "recorded as a failed verification"),
        ("ja", "検証（異常）として記録しました"),
    ] {
        let out = dir.path().join(format!("out-{lang}"));
        let o = run(isou()
            .arg("--ledger")
            .arg(&ledger)
            .args(["--lang", lang, "open", "--signer", &card, "-i"])
            .arg(&recipient)
            .arg("--out")
            .arg(&out)
            .arg(&m));
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(said), "{}", stderr(&o));
        assert!(!out.exists() && !dir.path().join("escape.csv").exists());
    }
    let events = ledger_events(&ledger);
    assert_eq!(events.len(), before + 2, "{events:#?}");
    // The same record whoever opened it: English, language-independent.
    for e in &events[before..] {
        assert_eq!(e["kind"], "verified");
        assert_eq!(e["body"]["valid"], false);
        assert_eq!(
            e["body"]["open_refused"],
            "open refused the archive: its entry \"ext/../../escape.csv\" cannot be \
             extracted safely (hostile or corrupt archive); nothing was extracted"
        );
    }
    // The 受領・検証・復号記録 shows the refusal: 異常, and why.
    let o = run(isou().arg("--ledger").arg(&ledger).args([
        "record",
        "export",
        "--register",
        "checks",
        "--format",
        "json",
    ]));
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    let rows = rows["rows"]
        .as_array()
        .or(rows.as_array())
        .cloned()
        .unwrap_or_default();
    let refused: Vec<_> = rows
        .iter()
        .filter(|r| r["備考"].as_str().unwrap_or("").contains("開封拒否"))
        .collect();
    assert_eq!(refused.len(), 2, "{text}");
    assert!(refused.iter().all(|r| r["結果"] == "異常"), "{text}");
}
