//! Issue 17, encryption and keys: what `encrypt`, `decrypt`, `keygen` and `card` say
//! comes out in Japanese when Japanese is chosen (`--lang ja`, or the locale
//! `LANG=ja_JP.UTF-8`), and in today's English under `LANG=C.UTF-8`. The prompts at a
//! terminal are tested through a pty in tty.rs (`*_in_japanese_at_a_terminal`).

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::util::*;

/// `isou` in Japanese, chosen by the locale as a clerk's machine would.
fn isou_ja() -> Command {
    let mut c = isou();
    c.env("LANG", "ja_JP.UTF-8");
    c
}

fn failed(o: &Output, code: i32) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(code), "{err}");
    err
}

#[test]
fn a_file_that_is_not_age_is_refused_in_japanese_and_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("plain.csv");
    fs::write(&f, "登録番号\n1\n").unwrap();

    let err = failed(&run(isou_ja().arg("decrypt").arg(&f)), 1);
    assert!(
        err.contains("isou: エラー: 入力は age で暗号化されたファイルではありません"),
        "{err}"
    );
    assert!(
        err.contains("isou: 対処: 暗号化されたファイルを指定したか確認してください"),
        "{err}"
    );
    assert!(!err.contains("age-encrypted file"), "{err}");

    let err = failed(&run(isou().arg("decrypt").arg(&f)), 1);
    assert!(
        err.contains("isou: error: the input is not an age-encrypted file"),
        "{err}"
    );
    assert!(err.contains("isou: hint: check that you passed"), "{err}");
}

#[test]
fn keygen_warns_and_reports_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let id = dir.path().join("id.txt");
    let o = run(isou_ja().args(["keygen", "--unprotected", "-o"]).arg(&id));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("isou: 警告: パスフレーズで保護しない秘密鍵ファイルを書き出します。"),
        "{err}"
    );
    assert!(err.contains("（保護なし、モード 0600）"), "{err}");
    assert!(
        err.contains("この連絡先カードを相手に渡してください"),
        "{err}"
    );
    // The card itself is no message: the same in every language.
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("isou-card-v1 age1"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // An existing file is never overwritten: said in Japanese, with what to do.
    let err = failed(
        &run(isou()
            .args(["--lang", "ja", "keygen", "--unprotected", "-o"])
            .arg(&id)),
        2,
    );
    assert!(err.contains("はすでにあります"), "{err}");
    assert!(err.contains("isou は鍵を上書きしません"), "{err}");

    // English, unchanged.
    let id2 = dir.path().join("id2.txt");
    let o = run(isou().args(["keygen", "--unprotected", "-o"]).arg(&id2));
    let err = stderr(&o);
    assert!(
        err.contains("isou: warning: writing an UNPROTECTED identity file"),
        "{err}"
    );
    assert!(err.contains("(unprotected, mode 0600)."), "{err}");
}

/// A protected identity; returns its path.
fn protected_identity(dir: &Path, pass: &str) -> std::path::PathBuf {
    let id = dir.join("protected.txt");
    let pf = dir.join("pass.txt");
    fs::write(&pf, format!("{pass}\n")).unwrap();
    let o = run(isou()
        .args(["keygen", "-q", "--passphrase-file"])
        .arg(&pf)
        .arg("-o")
        .arg(&id));
    assert!(o.status.success(), "{}", stderr(&o));
    id
}

#[test]
fn a_wrong_identity_passphrase_is_said_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let id = protected_identity(dir.path(), "violet kumquat harbour 1987 tandem");
    let card = run(isou().args(["card", "-i"]).arg(&id));
    let card = String::from_utf8(card.stdout).unwrap();
    let plain = dir.path().join("x.csv");
    fs::write(&plain, "1\n").unwrap();
    let enc = dir.path().join("x.csv.age");
    let o = run(isou()
        .args(["encrypt", "-r", card.trim(), "-o"])
        .arg(&enc)
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    let wrong = dir.path().join("wrong.txt");
    fs::write(&wrong, "not the passphrase\n").unwrap();

    let decrypt = |mut c: Command| {
        run(c
            .args(["decrypt", "-i"])
            .arg(&id)
            .arg("--passphrase-file")
            .arg(&wrong)
            .arg(&enc))
    };
    let err = failed(&decrypt(isou_ja()), 3);
    assert!(
        err.contains(&format!(
            "isou: エラー: 秘密鍵ファイル {} のパスフレーズが違うか、ファイルが改ざんされています",
            id.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("パスフレーズをもう一度入力してください"),
        "{err}"
    );

    let err = failed(&decrypt(isou()), 3);
    assert!(
        err.contains(&format!(
            "isou: error: wrong passphrase for identity file {}, or the file was altered",
            id.display()
        )),
        "{err}"
    );
}

#[test]
fn a_passphrase_file_encrypted_with_a_passphrase_needs_one_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("x.csv");
    fs::write(&plain, "1\n").unwrap();
    let pf = dir.path().join("pass.txt");
    fs::write(&pf, "violet kumquat harbour 1987 tandem\n").unwrap();
    let enc = dir.path().join("x.csv.age");
    let o = run(isou()
        .args(["encrypt", "--passphrase-file"])
        .arg(&pf)
        .arg("-o")
        .arg(&enc)
        .arg(&plain));
    assert!(o.status.success(), "{}", stderr(&o));
    let wrong = dir.path().join("wrong.txt");
    fs::write(&wrong, "tandem harbour\n").unwrap();

    let err = failed(
        &run(isou_ja()
            .args(["decrypt", "--passphrase-file"])
            .arg(&wrong)
            .arg(&enc)),
        3,
    );
    assert!(
        err.contains("isou: エラー: このファイルのパスフレーズが違います"),
        "{err}"
    );
    assert!(
        err.contains("別送されたパスフレーズの用紙を確認して"),
        "{err}"
    );
    let err = failed(
        &run(isou()
            .args(["decrypt", "--passphrase-file"])
            .arg(&wrong)
            .arg(&enc)),
        3,
    );
    assert!(
        err.contains("isou: error: wrong passphrase for this file"),
        "{err}"
    );
}

#[test]
fn a_secret_key_given_as_recipient_is_named_in_japanese_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let (id, _) = keygen(dir.path(), "id.txt");
    let secret = fs::read_to_string(&id).unwrap();
    let plain = dir.path().join("x.csv");
    fs::write(&plain, "1\n").unwrap();
    let err = failed(
        &run(isou_ja()
            .args(["encrypt", "-r", &secret, "-o"])
            .arg(dir.path().join("x.age"))
            .arg(&plain)),
        3,
    );
    assert!(
        err.contains("指定した宛先は公開鍵ではなく秘密鍵（isou の秘密鍵）です"),
        "{err}"
    );
    assert!(!err.contains("AGE-SECRET-KEY"), "{err}");
}

#[test]
fn a_short_new_passphrase_from_a_file_is_refused_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let pf = dir.path().join("pass.txt");
    fs::write(&pf, "short\n").unwrap();
    let keygen = |mut c: Command| {
        run(c
            .args(["keygen", "--passphrase-file"])
            .arg(&pf)
            .arg("-o")
            .arg(dir.path().join("id.txt")))
    };
    // Too short is its own error (issue 19): read fine, so no "could not read" and no
    // hint to run in a terminal; the hint is to choose a longer one.
    let err = failed(&keygen(isou_ja()), 3);
    assert!(
        err.contains("新しいパスフレーズが 8 文字より短いです")
            && err.contains("8 文字以上のパスフレーズにしてください")
            && !err.contains("読み取れません")
            && !err.contains("端末で実行"),
        "{err}"
    );
    let err = failed(&keygen(isou()), 3);
    assert!(
        err.contains("the new passphrase is shorter than 8 characters")
            && err.contains("choose a passphrase of at least 8 characters")
            && !err.contains("could not read")
            && !err.contains("run in a terminal"),
        "{err}"
    );
}
