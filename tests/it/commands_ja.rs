//! What seal, verify, open and policy check print, in Japanese (issue 17): the
//! summaries with readable sizes and counts, the verdict 正常／異常, the line saying what
//! comes next (not with --quiet, never in --json), and English unchanged under LANG=C.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{isou, parties, run, stderr, stdout, Parties};

/// Seals the two files of `p` (1 MiB each) onto a new folder `name`, in `lang` (`None`:
/// the tests' English locale), with the ledger `ledger`.
fn seal(
    p: &Parties,
    name: &str,
    ledger: &Path,
    lang: Option<&str>,
    extra: &[&str],
) -> (PathBuf, Output) {
    let usb = p.dir.path().join(name);
    fs::create_dir(&usb).unwrap();
    let mut c = isou();
    if let Some(l) = lang {
        c.env("LANG", l);
    }
    let o = run(c
        .arg("--ledger")
        .arg(ledger)
        .args(["seal", "--class", "anonymized", "--to", &p.rcard, "-i"])
        .arg(&p.sender)
        .arg("--medium")
        .arg(&usb)
        .args(extra)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    (usb, o)
}

#[test]
fn the_seal_summary_and_next_step_in_japanese_and_english() {
    let p = parties(2, 1 << 20);
    let ledger = p.dir.path().join("l.sqlite");
    let (_, o) = seal(
        &p,
        "usb-ja",
        &ledger,
        Some("ja_JP.UTF-8"),
        &[
            "--compression",
            "none",
            "--tracking-number",
            "4055-4842-4886",
        ],
    );
    let out = stdout(&o);
    assert!(out.contains("封入: 2 ファイル、2.0 MiB\n"), "{out}");
    assert!(out.contains("追跡番号: 4055-4842-4886\n"), "{out}");
    assert!(out.contains("移送ID: ISOU-"), "{out}");
    let err = stderr(&o);
    assert!(err.contains("電子媒体を読み戻し"), "{err}");
    assert!(
        err.contains("次に: 発送したら移送記録簿に記録してください: isou record ship ISOU-"),
        "{err}"
    );
    assert!(!err.contains("next:"), "{err}");

    let (_, o) = seal(&p, "usb-en", &ledger, None, &["--compression", "none"]);
    let out = stdout(&o);
    assert!(out.contains("sealed:          2 files, 2.0 MiB\n"), "{out}");
    assert!(
        out.contains("tracking number: (none yet: add it with the transport record)"),
        "{out}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("the medium was read back and matches its manifests."),
        "{err}"
    );
    assert!(
        err.contains("next: when the medium is handed to the carrier"),
        "{err}"
    );

    // --quiet: no next step; --json: the summary only, exact bytes.
    let (_, o) = seal(&p, "usb-q", &ledger, Some("ja_JP.UTF-8"), &["--quiet"]);
    assert!(!stderr(&o).contains("次に"), "{}", stderr(&o));
    let (_, o) = seal(
        &p,
        "usb-json",
        &ledger,
        Some("ja_JP.UTF-8"),
        &["--json", "--compression", "none"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["bytes"], 2 << 20);
    assert!(!stdout(&o).contains("次に"));
}

#[test]
fn verify_says_valid_or_invalid_and_what_comes_next() {
    let p = parties(1, 4096);
    let (usb, _) = seal(&p, "usb", &p.dir.path().join("sender.sqlite"), None, &[]);
    // The recipient's ledger: verify records a receipt.
    let ledger = p.dir.path().join("recipient.sqlite");
    let verify = |lang: Option<&str>, extra: &[&str]| {
        let mut c = isou();
        if let Some(l) = lang {
            c.env("LANG", l);
        }
        run(c
            .arg("--ledger")
            .arg(&ledger)
            .args(["verify", "--signer", &p.card])
            .args(extra)
            .arg(&usb))
    };
    let o = verify(Some("ja_JP.UTF-8"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("検証結果: 正常\n"), "{out}");
    assert!(
        out.contains("署名             正常。想定した送付元"),
        "{out}"
    );
    assert!(out.contains("内容             1 ファイル、4."), "{out}");
    assert!(out.contains("追跡番号: （なし）"), "{out}");
    let err = stderr(&o);
    assert!(err.contains("次に: 電子媒体は正当で、改ざんはありません。開封は権限のある者が行ってください: isou open"), "{err}");

    // Verified again: the warning in Japanese on the terminal, in English in --json.
    let o = verify(Some("ja_JP.UTF-8"), &["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("this shipment was already received on ")),
        "{warnings:?}"
    );
    assert!(
        stderr(&o).contains("isou: 警告: この移送は"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("が受領済みです"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("次に"),
        "--json prints no next step: {}",
        stderr(&o)
    );
    // People read the registry's time, never a UTC instant.
    assert!(!stderr(&o).contains("Z by"), "{}", stderr(&o));

    let o = verify(None, &[]);
    assert!(stdout(&o).contains("result: VALID\n"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("payload          1 file, 4."),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("next: the medium is authentic and intact"),
        "{}",
        stderr(&o)
    );
    let o = verify(None, &["-q"]);
    assert!(!stderr(&o).contains("next:"), "{}", stderr(&o));

    // Tampered: 異常, do not open.
    let seg = fs::read_dir(usb.join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_file())
        .unwrap();
    let mut bytes = fs::read(&seg).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&seg, bytes).unwrap();
    let o = verify(Some("ja_JP.UTF-8"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("検証結果: 異常\n"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("isou: エラー: 電子媒体の検証結果は異常です（問題"),
        "{err}"
    );
    assert!(
        err.contains("次に: 電子媒体を開封しないでください。送付元に連絡し"),
        "{err}"
    );
    let o = verify(None, &[]);
    assert!(stdout(&o).contains("result: INVALID\n"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("isou: error: the medium failed verification"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("next: do not open the medium"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn open_says_where_the_data_is_and_how_to_dispose_of_it() {
    let p = parties(2, 100);
    let (usb, _) = seal(&p, "usb", &p.dir.path().join("sender.sqlite"), None, &[]);
    let ledger = p.dir.path().join("recipient.sqlite");
    let open = |lang: Option<&str>, out: &str, extra: &[&str]| {
        let mut c = isou();
        if let Some(l) = lang {
            c.env("LANG", l);
        }
        run(c
            .arg("--ledger")
            .arg(&ledger)
            .args(["open", "--signer", &p.card, "-i"])
            .arg(&p.recipient)
            .arg("--out")
            .arg(p.dir.path().join(out))
            .args(extra)
            .arg(&usb))
    };
    let o = open(Some("ja_JP.UTF-8"), "out-ja", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("開封: 2 ファイル、200 バイト（すべて ISOU-CONTENTS.json と照合済み）"),
        "{out}"
    );
    assert!(out.contains("保存先: "), "{out}");
    let err = stderr(&o);
    assert!(err.contains("想定した送付元"), "{err}");
    assert!(err.contains("次に: 復号したデータは "), "{err}");
    assert!(err.contains("isou record dispose ISOU-"), "{err}");
    assert!(err.contains("/復号 --method"), "{err}");

    let o = open(None, "out-en", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("opened:   2 files, 200 bytes, each checked against ISOU-CONTENTS.json"),
        "{}",
        stdout(&o)
    );
    let err = stderr(&o);
    assert!(err.contains("next: the decrypted data is in "), "{err}");
    assert!(err.contains("shipment ISOU-"), "{err}");
    assert!(err.contains("was already opened on"), "{err}");

    let o = open(Some("ja_JP.UTF-8"), "out-q", &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("次に"), "{}", stderr(&o));
}

#[test]
fn policy_check_and_usage_errors_in_japanese() {
    let o = run(isou().env("LANG", "ja_JP.UTF-8").args(["policy", "check"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("ポリシーファイル: 見つかりません。組み込みの規則を適用します"),
        "{out}"
    );
    assert!(
        out.contains("非匿名化情報: 追跡できる配送業者のみ: はい"),
        "{out}"
    );
    let o = run(isou().args(["policy", "check"]));
    assert!(
        stdout(&o).contains("policy file:   none found; the built-in rules apply"),
        "{}",
        stdout(&o)
    );

    // A usage error of seal, with its hint.
    let p = parties(1, 10);
    let usb = p.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = run(isou()
        .args([
            "--lang",
            "ja",
            "seal",
            "--class",
            "anonymized",
            "--to",
            &p.rcard,
            "-i",
        ])
        .arg(&p.sender)
        .args(["--segment-size", "10"])
        .arg("--medium")
        .arg(&usb)
        .arg(&p.extract));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("isou: エラー: --segment-size \"10\" は 1M 以上 4G 未満ではありません"),
        "{err}"
    );
    assert!(err.contains("isou: 対処: 例: --segment-size 1G"), "{err}");
}

/// The envelope question (§2.2⑤) at a terminal, in the user's language, answered はい.
#[test]
fn the_envelope_question_is_asked_in_japanese() {
    if !crate::util::have("script") {
        return;
    }
    let p = parties(1, 10);
    let d = p.dir.path();
    let policy = d.join("isou.toml");
    fs::write(
        &policy,
        "[classes.anonymized]\nrequire_envelope_confirmation = true\n",
    )
    .unwrap();
    let q = |p: &Path| format!("'{}'", p.display());
    let seal_at_tty = |lang: &str, medium: &str, answer: &str| {
        let m = d.join(medium);
        fs::create_dir(&m).unwrap();
        crate::util::with_tty(
            &format!(
                "env -u ISOU_LANG -u LC_ALL -u LC_MESSAGES LANG={lang} ISOU_LEDGER={} '{}' --policy {} seal --class anonymized --carrier 簡易書留 --to '{}' -i {} --medium {} {}",
                q(&d.join("l.sqlite")),
                env!("CARGO_BIN_EXE_isou"),
                q(&policy),
                p.rcard,
                q(&p.sender),
                q(&m),
                q(&p.extract)
            ),
            answer,
        )
    };
    let o = seal_at_tty("ja_JP.UTF-8", "ja", "はい\n");
    let shown = stdout(&o);
    assert!(o.status.success(), "{shown}");
    assert!(
        shown.contains("封筒に赤字で「親展・取扱注意」と表示しましたか？ [y/N]"),
        "{shown}"
    );
    assert!(shown.contains("封入: 1 ファイル、10 バイト"), "{shown}");
    let o = seal_at_tty("C.UTF-8", "en", "n\n");
    let shown = stdout(&o);
    assert_eq!(o.status.code(), Some(2), "{shown}");
    assert!(
        shown.contains("Is the envelope marked 親展・取扱注意 in red? [y/N]"),
        "{shown}"
    );
}
