//! The media library in Japanese (issue 17): verify's problems, seal's and open's
//! errors come out in the language chosen; `--json` and the ledger stay English; and
//! what isou decides from a problem (a read error, not tampering) does not depend on
//! the language.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A medium sealed (anonymized, to a folder) from a small extract, with its ledger.
fn sealed(p: &Parties) -> (PathBuf, PathBuf) {
    let ledger = p.dir.path().join("ledger.sqlite");
    let m = p.dir.path().join("medium");
    fs::create_dir(&m).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args([
            "seal",
            "--class",
            "anonymized",
            "-q",
            "--to",
            &p.rcard,
            "-i",
        ])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&m)
        .args(["--segment-size", "4M"])
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    (m, ledger)
}

/// Flips one byte in the middle of `file`.
fn tamper(file: &Path) {
    let mut b = fs::read(file).unwrap();
    let i = b.len() / 2;
    b[i] ^= 0x55;
    fs::write(file, b).unwrap();
}

fn verify(ledger: &Path, card: &str, lang: Option<&str>, extra: &[&str], m: &Path) -> Command {
    let mut c = isou();
    c.arg("--ledger").arg(ledger);
    if let Some(l) = lang {
        c.args(["--lang", l]);
    }
    c.args(["verify", "--signer", card]).args(extra).arg(m);
    c
}

/// The hint line of a failure (`isou: hint: …`, `isou: 対処: …`).
fn hint_line(o: &Output) -> String {
    stderr(o)
        .lines()
        .find(|l| l.contains("hint:") || l.contains("対処:"))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_tampered_segment_is_reported_in_japanese_and_json_stays_english() {
    let p = parties(1, 300_000);
    let (m, ledger) = sealed(&p);
    tamper(&m.join("data/payload.000"));

    let ja = run(&mut verify(&ledger, &p.card, Some("ja"), &[], &m));
    assert_eq!(ja.status.code(), Some(1), "{}", stderr(&ja));
    assert!(
        out(&ja).contains(
            "data/payload.000: sha256 のチェックサムがマニフェストと一致しません。ファイルが改ざんまたは破損しています"
        ),
        "{}",
        out(&ja)
    );
    assert!(!out(&ja).contains("checksum differs"), "{}", out(&ja));

    // The same under LANG=C.UTF-8 (util::isou): today's English.
    let en = run(&mut verify(&ledger, &p.card, None, &[], &m));
    assert_eq!(en.status.code(), Some(1), "{}", stderr(&en));
    assert!(
        out(&en).contains(
            "data/payload.000: sha256 checksum differs from the manifest: the file was altered or damaged"
        ),
        "{}",
        out(&en)
    );

    // Also by the locale alone.
    let mut c = verify(&ledger, &p.card, None, &[], &m);
    let loc = run(c.env("LANG", "ja_JP.UTF-8"));
    assert!(
        out(&loc).contains("sha256 のチェックサムがマニフェストと一致しません"),
        "{}",
        out(&loc)
    );

    // --json is not localised: the problem's message is the English one.
    let j = run(&mut verify(&ledger, &p.card, Some("ja"), &["--json"], &m));
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    let messages: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(
            &"sha256 checksum differs from the manifest: the file was altered or damaged"
        ),
        "{messages:?}"
    );
}

/// A read error (EIO from the drive) is told apart from tampering by the kind of
/// problem, not by its English words: under --lang ja the hint is still the one for a
/// medium that could not be read (another than for a tampered one), as in English.
#[test]
fn a_read_error_is_told_from_tampering_in_japanese_too() {
    let Some(so) = crate::faults::shim() else {
        return;
    };
    let p = parties(3, 3_000_000);
    let (m, ledger) = sealed(&p);
    let faulty = |lang: Option<&str>| {
        run(verify(&ledger, &p.card, lang, &[], &m)
            .env("LD_PRELOAD", so)
            .env("FAULT_PATH", m.join("data/payload.001"))
            .env("FAULT_AFTER", "1000000"))
    };
    let eio_en = faulty(None);
    let eio_ja = faulty(Some("ja"));
    assert_eq!(eio_ja.status.code(), Some(1), "{}", stderr(&eio_ja));
    assert!(
        out(&eio_ja).contains("data/payload.001: 読み取れません"),
        "{}",
        out(&eio_ja)
    );
    assert!(
        hint_line(&eio_en).contains("verify again"),
        "{}",
        stderr(&eio_en)
    );

    tamper(&m.join("data/payload.001"));
    let bad_en = run(&mut verify(&ledger, &p.card, None, &[], &m));
    let bad_ja = run(&mut verify(&ledger, &p.card, Some("ja"), &[], &m));
    assert!(
        !hint_line(&bad_en).contains("verify again"),
        "{}",
        stderr(&bad_en)
    );
    // The same decision in both languages: two different hints in Japanese too.
    assert!(hint_line(&eio_ja).contains("対処:"), "{}", stderr(&eio_ja));
    assert!(hint_line(&bad_ja).contains("対処:"), "{}", stderr(&bad_ja));
    assert_ne!(hint_line(&eio_ja), hint_line(&bad_ja));
}

/// A disc left out of a set: said in Japanese, but the ledger keeps the English
/// sentence (what is stored does not depend on who ran verify).
#[test]
fn a_missing_volume_is_said_in_japanese_and_recorded_in_english() {
    let p = parties(1, 2_500_000);
    let images = p.dir.path().join("images");
    let o = run(isou()
        .arg("--ledger")
        .arg(p.dir.path().join("sender.sqlite"))
        .args(["seal", "--class", "anonymized", "-q", "--to", &p.rcard])
        .arg("-i")
        .arg(&p.sender)
        .arg("--iso")
        .arg(&images)
        .args(["--volume-size", "1M", "--compression", "none"])
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut imgs: Vec<PathBuf> = fs::read_dir(&images)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    imgs.sort();
    assert_eq!(imgs.len(), 3, "{imgs:?}");

    let ledger = p.dir.path().join("recipient.sqlite");
    let o = run(isou()
        .arg("--ledger")
        .arg(&ledger)
        .args(["--lang", "ja", "verify", "--signer", &p.card])
        .args(&imgs[..2]));
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let all = format!("{}{}", out(&o), stderr(&o));
    assert!(all.contains("検証結果: 未完"), "{all}");
    assert!(all.contains("全3巻のうち第3巻がありません"), "{all}");
    assert!(!all.contains("is missing"), "{all}");

    let events = ledger_events(&ledger);
    let texts: Vec<&str> = events
        .iter()
        .filter_map(|e| e["body"]["missing_text"].as_str())
        .collect();
    assert!(!texts.is_empty(), "{events:#?}");
    assert!(
        texts.iter().all(|t| *t == "volume 3 of 3 is missing"),
        "{texts:?}"
    );
}

#[test]
fn seal_onto_a_medium_that_is_not_empty_is_refused_in_japanese() {
    let p = parties(1, 1000);
    let m = p.dir.path().join("stick");
    fs::create_dir(&m).unwrap();
    fs::write(m.join("old.bin"), b"x").unwrap();
    let seal = |lang: Option<&str>| {
        let mut c = isou();
        if let Some(l) = lang {
            c.args(["--lang", l]);
        }
        run(c
            .args(["seal", "--class", "anonymized", "--to", &p.rcard, "-i"])
            .arg(&p.sender)
            .arg("--medium")
            .arg(&m)
            .arg(&p.extract))
    };
    let ja = seal(Some("ja"));
    assert!(!ja.status.success());
    let e = stderr(&ja);
    assert!(
        e.contains("が空ではありません（old.bin があります）"),
        "{e}"
    );
    assert!(
        e.contains("新品または消去済みの電子媒体を使ってください（§2.2 本文）"),
        "{e}"
    );
    let en = seal(None);
    let e = stderr(&en);
    assert!(e.contains("is not empty (it holds old.bin)"), "{e}");
    assert!(e.contains("use a new or cleaned medium (§2.2 本文)"), "{e}");
}

/// Open's refusal of an output folder others may write to, in both languages.
#[test]
fn open_refuses_an_unsafe_output_folder_in_japanese() {
    use std::os::unix::fs::PermissionsExt;
    let p = parties(1, 1000);
    let (m, ledger) = sealed(&p);
    let target = p.dir.path().join("shared");
    fs::create_dir(&target).unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o777)).unwrap();
    let open = |lang: Option<&str>| {
        let mut c = isou();
        c.arg("--ledger").arg(&ledger);
        if let Some(l) = lang {
            c.args(["--lang", l]);
        }
        run(c
            .args(["open", "--signer", &p.card, "-i"])
            .arg(&p.recipient)
            .arg("--out")
            .arg(&target)
            .arg(&m))
    };
    let ja = open(Some("ja"));
    assert!(!ja.status.success());
    let e = stderr(&ja);
    assert!(
        e.contains("すべての利用者が書き込めます（モード 777）"),
        "{e}"
    );
    let en = open(None);
    let e = stderr(&en);
    assert!(e.contains("every user may write to it (mode 777)"), "{e}");
}
