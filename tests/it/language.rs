//! The language of what isou says: seal, verify, open and a handful of failures under
//! `LANG=ja_JP.UTF-8` (Japanese) and `LANG=C` (English), the overrides (`--lang`,
//! `ISOU_LANG`, the policy's `language`), and machine output that never changes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::*;

/// Japanese script: hiragana, katakana, CJK ideographs, Japanese punctuation and
/// full-width forms.
fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3040}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// A token that is data, not language: a command line word, a flag, a path, an id, a
/// hash, a fingerprint, a number, a size unit. Such tokens stay ASCII in both languages.
fn is_data_token(t: &str) -> bool {
    // A usage line's placeholders: `isou seal [OPTIONS] <EXTRACT>...`.
    if t.starts_with('[') || t.starts_with('<') {
        return true;
    }
    let t = t.trim_matches(|c: char| ",.;:()[]{}'\"`「」（）、。".contains(c));
    t.is_empty()
        || t.starts_with('-')
        || t.starts_with("ISOU-")
        || t.starts_with("SHA256:")
        || t.starts_with("age1")
        || t.starts_with("ssh-")
        || t.contains('/')
        || t.contains('=')
        || t.contains('_')
        || t.chars().any(|c| c.is_ascii_digit())
        || matches!(
            t,
            "isou"
                | "seal"
                | "verify"
                | "open"
                | "record"
                | "ship"
                | "key-sent"
                | "dispose"
                | "due"
                | "receipt"
                | "MiB"
                | "GiB"
                | "KiB"
                | "OK"
                | "ja"
                | "en"
                | "BagIt"
                | "age"
                | "VALID"
                | "INVALID"
                | "CSV"
                | "JSON"
                | "xlsx"
                | "USB"
                | "CD"
                | "DVD"
                | "BD"
                | "ISO"
                | "SHA"
        )
        || (t.len() >= 8 && t.chars().all(|c| c.is_ascii_hexdigit()))
        // Abbreviations a Japanese text uses as they are (ID, USB, CSV, SHA, ETA…).
        || (t.len() <= 4 && t.chars().all(|c| c.is_ascii_uppercase()))
}

/// `line` without what it quotes between ASCII quotes ('…', "…"): literal text that
/// must be typed or recognised as it is (`'-----BEGIN AGE ENCRYPTED FILE-----'`).
fn unquoted(line: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None => out.push(c),
        }
    }
    out
}

/// The English words left in a line once the data tokens are taken out.
fn english_words(line: &str) -> Vec<String> {
    unquoted(line)
        .split(|c: char| c.is_whitespace() || is_japanese(c))
        .filter(|t| !is_data_token(t))
        .filter(|t| t.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Every line a person reads is Japanese: it has Japanese text and no English words
/// (data tokens aside: commands, paths, ids, numbers).
fn assert_japanese(what: &str, text: &str) {
    let mut seen = 0;
    // verify shows the medium's own Encryption field as the sender's isou wrote it (a
    // signed value from the medium, "age v1, X25519 (1 recipient), zstd level 3").
    let medium_value = |l: &str| l.starts_with("暗号化 ");
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !medium_value(l))
    {
        let words = english_words(line);
        assert!(
            words.is_empty(),
            "{what}: English words {words:?} in a Japanese line: {line}\n--- all:\n{text}"
        );
        if line.chars().any(is_japanese) {
            seen += 1;
        }
    }
    assert!(seen > 0, "{what}: no Japanese at all:\n{text}");
}

/// Every line a person reads is English: Japanese appears only as quoted terms (移送記録簿,
/// a file name), never as the sentence.
fn assert_english(what: &str, text: &str) {
    let mut seen = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let ja = line.chars().filter(|c| is_japanese(*c)).count();
        let en = line.chars().filter(|c| c.is_ascii_alphabetic()).count();
        assert!(
            en > 2 * ja,
            "{what}: a Japanese line under LANG=C: {line}\n--- all:\n{text}"
        );
        if !english_words(line).is_empty() {
            seen += 1;
        }
    }
    assert!(seen > 0, "{what}: no English at all:\n{text}");
}

/// The two environments of the test: a Japanese desktop and a C locale.
#[derive(Clone, Copy, Debug)]
enum Env {
    Ja,
    C,
}

fn isou_in(env: Env) -> Command {
    let mut c = isou();
    match env {
        Env::Ja => c.env("LANG", "ja_JP.UTF-8"),
        Env::C => c.env("LANG", "C"),
    };
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn assert_lang(env: Env, what: &str, s: &str) {
    match env {
        Env::Ja => assert_japanese(what, s),
        Env::C => assert_english(what, s),
    }
}

struct Setup {
    dir: tempfile::TempDir,
    sender: PathBuf,
    card: String,
    recipient: PathBuf,
    rcard: String,
    extract: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let (sender, card) = keygen(dir.path(), "sender.txt");
    let (recipient, rcard) = keygen(dir.path(), "recipient.txt");
    let extract = dir.path().join("抽出");
    fs::create_dir_all(extract.join("2024")).unwrap();
    fs::write(
        extract.join("2024/症例.csv"),
        "番号,部位\n1,C18\n".repeat(5000),
    )
    .unwrap();
    fs::write(extract.join("b.bin"), data(300_000, 3)).unwrap();
    Setup {
        dir,
        sender,
        card,
        recipient,
        rcard,
        extract,
    }
}

/// seal → verify → open, each in `env` with a ledger of its own; returns the medium.
fn main_commands(env: Env) {
    let s = setup();
    let ledger = s.dir.path().join("ledger.sqlite");
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = run(isou_in(env)
        .env("ISOU_LEDGER", &ledger)
        .args(["seal", "--class", "anonymized", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .args(["--tracking-number", "4055-4842-4886", "--medium"])
        .arg(&usb)
        .arg(&s.extract));
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_lang(env, "seal stdout", &out);
    assert_lang(env, "seal stderr", &err);
    match env {
        // The readable forms: grouped tracking number, sizes in units, file count.
        Env::Ja => {
            assert!(out.contains("4055-4842-4886"), "{out}");
            assert!(out.contains("2 ファイル"), "{out}");
            assert!(err.contains("isou record ship"), "{err}");
        }
        Env::C => {
            assert!(out.contains("4055-4842-4886"), "{out}");
            assert!(out.contains("2 files"), "{out}");
            assert!(err.contains("isou record ship"), "{err}");
        }
    }
    assert!(out.contains("KiB") || out.contains("MiB"), "{out}");

    // The recipient's side: a ledger of its own (the sender's own check would say
    // "record ship" next, not "open").
    let ledger = s.dir.path().join("recipient.sqlite");
    let o = run(isou_in(env)
        .env("ISOU_LEDGER", &ledger)
        .args(["verify", "--signer", &s.card])
        .arg(&usb));
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert_lang(env, "verify stdout", &out);
    assert_lang(env, "verify stderr", &err);
    match env {
        Env::Ja => assert!(out.contains("正常"), "{out}"),
        Env::C => assert!(out.contains("VALID"), "{out}"),
    }
    assert!(err.contains("isou open"), "the next step names open: {err}");

    let got = s.dir.path().join("got");
    let o = run(isou_in(env)
        .env("ISOU_LEDGER", &ledger)
        .arg("open")
        .arg(&usb)
        .arg("-i")
        .arg(&s.recipient)
        .arg("--out")
        .arg(&got)
        .args(["--signer", &s.card]));
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_lang(env, "open stdout", &out);
    assert_lang(env, "open stderr", &err);
    assert_eq!(
        fs::read(got.join("抽出/2024/症例.csv")).unwrap(),
        fs::read(s.extract.join("2024/症例.csv")).unwrap()
    );
    assert!(err.contains("isou record dispose"), "{err}");
}

#[test]
fn seal_verify_open_speak_japanese_under_a_japanese_locale() {
    main_commands(Env::Ja);
}

#[test]
fn seal_verify_open_speak_english_under_the_c_locale() {
    main_commands(Env::C);
}

/// A medium sealed in English, then tampered with: every failure below is run in both
/// environments and must be wholly in that language, with the same exit code.
fn failures(env: Env) {
    let s = setup();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&s.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    let not_age = s.dir.path().join("plain.txt");
    fs::write(&not_age, "not an age file\n").unwrap();

    type Case<'a> = (&'a str, Vec<String>, i32);
    let path = |p: &Path| p.to_string_lossy().into_owned();
    let cases: Vec<Case> = vec![
        (
            "decrypting a file that is not encrypted",
            vec![
                "decrypt".into(),
                "-i".into(),
                path(&s.recipient),
                path(&not_age),
            ],
            1,
        ),
        (
            "an unknown flag",
            vec!["seal".into(), "--frobnicate".into()],
            2,
        ),
        ("a missing argument", vec!["verify".into()], 2),
        (
            "opening with the sender's key",
            vec![
                "open".into(),
                path(&usb),
                "-i".into(),
                path(&s.sender),
                "--out".into(),
                path(&s.dir.path().join("o1")),
                "--signer".into(),
                s.card.clone(),
            ],
            3,
        ),
        (
            "verifying without knowing the sender",
            vec!["verify".into(), path(&usb)],
            1,
        ),
        (
            "recording the shipping of a shipment the ledger does not hold",
            vec![
                "record".into(),
                "ship".into(),
                "ISOU-20260101-000000-0000".into(),
                "--carrier".into(),
                "ゆうパック".into(),
                "--tracking-number".into(),
                "1234-5678-9012".into(),
            ],
            2,
        ),
    ];
    let check = |what: &str, args: &[String], code: i32| {
        let o = run(isou_in(env).args(args));
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(code), "{what}: {out}{err}");
        assert_lang(env, what, &err);
        if !out.is_empty() {
            assert_lang(env, what, &out);
        }
        match env {
            Env::Ja => assert!(err.contains("isou: エラー: "), "{what}: {err}"),
            Env::C => assert!(err.contains("isou: error: "), "{what}: {err}"),
        }
    };
    for (what, args, code) in &cases {
        check(what, args, *code);
    }
    // Last, a payload segment changed on the medium.
    let seg = usb.join("data/payload.000");
    let mut bytes = fs::read(&seg).unwrap();
    let n = bytes.len();
    bytes[n - 10] ^= 1;
    fs::write(&seg, bytes).unwrap();
    check(
        "verifying a tampered medium",
        &[
            "verify".into(),
            "--signer".into(),
            s.card.clone(),
            path(&usb),
        ],
        1,
    );
}

#[test]
fn failures_are_reported_in_japanese_under_a_japanese_locale() {
    failures(Env::Ja);
}

#[test]
fn failures_are_reported_in_english_under_the_c_locale() {
    failures(Env::C);
}

/// `--lang` beats `ISOU_LANG`, which beats the policy's `language`, which beats the
/// locale; an unknown language is an error, never a silent fallback.
#[test]
fn the_language_is_chosen_by_flag_then_environment_then_policy_then_locale() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    fs::write(&policy, "language = \"en\"\n").unwrap();
    let missing = dir.path().join("missing.age");
    let probe = |c: &mut Command| {
        let o = run(c.args(["decrypt", "-i"]).arg(&missing).arg(&missing));
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        if stderr(&o).contains("isou: エラー: ") {
            "ja"
        } else if stderr(&o).contains("isou: error: ") {
            "en"
        } else {
            panic!("neither language: {}", stderr(&o))
        }
    };
    assert_eq!(probe(&mut isou_in(Env::Ja)), "ja");
    assert_eq!(probe(&mut isou_in(Env::C)), "en");
    assert_eq!(probe(isou_in(Env::C).args(["--lang", "ja"])), "ja");
    assert_eq!(probe(isou_in(Env::Ja).args(["--lang", "en"])), "en");
    assert_eq!(probe(isou_in(Env::C).env("ISOU_LANG", "ja")), "ja");
    assert_eq!(
        probe(
            isou_in(Env::C)
                .env("ISOU_LANG", "ja")
                .args(["--lang", "en"])
        ),
        "en"
    );
    // The policy speaks English to a Japanese locale; ISOU_LANG beats the policy.
    assert_eq!(probe(isou_in(Env::Ja).env("ISOU_POLICY", &policy)), "en");
    assert_eq!(
        probe(
            isou_in(Env::Ja)
                .env("ISOU_POLICY", &policy)
                .env("ISOU_LANG", "ja")
        ),
        "ja"
    );
    // LC_ALL beats LANG, as POSIX says.
    assert_eq!(probe(isou_in(Env::C).env("LC_ALL", "ja_JP.UTF-8")), "ja");

    for bad in [
        isou_in(Env::C).env("ISOU_LANG", "klingon"),
        isou_in(Env::C).args(["--lang", "fr"]),
    ] {
        let o = run(bad.args(["decrypt", "-i"]).arg(&missing).arg(&missing));
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("ja") && stderr(&o).contains("en"),
            "the accepted values are named: {}",
            stderr(&o)
        );
    }
    // A policy naming a language isou does not speak is refused where it is used.
    fs::write(&policy, "language = \"fr\"\n").unwrap();
    let o = run(isou_in(Env::C)
        .env("ISOU_POLICY", &policy)
        .arg("verify")
        .arg(&missing));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("language"), "{}", stderr(&o));
    // … by every command, not only those that read the policy's rules (red team 17,
    // finding 12: decrypt and card fell back to the locale in silence).
    for args in [&["card"][..], &["completions", "bash"][..], &["--help"][..]] {
        let o = run(isou_in(Env::Ja).env("ISOU_POLICY", &policy).args(args));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("「fr」"), "{args:?}: {}", stderr(&o));
    }
}

/// Machines read `--json`: the same keys and the same values whatever the language.
#[test]
fn json_output_does_not_depend_on_the_language() {
    let s = setup();
    let usb = s.dir.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let o = run(isou()
        .args(["seal", "--class", "anonymized", "--to", &s.rcard, "-i"])
        .arg(&s.sender)
        .arg("--medium")
        .arg(&usb)
        .arg(&s.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    // A tampered tag file gives problems with messages, so their language shows.
    let info = usb.join("bag-info.txt");
    let mut t = fs::read_to_string(&info).unwrap();
    t.push_str("Extra-Field: x\n");
    fs::write(&info, t).unwrap();
    let run_json = |env: Env| {
        let o = run(isou_in(env)
            .args(["verify", "--json", "--signer", &s.card])
            .arg(&usb));
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let (ja, en) = (run_json(Env::Ja), run_json(Env::C));
    assert_eq!(ja, en);
}

/// A policy that states `language = "ja"` words its own faults in Japanese, also those
/// the TOML structure check finds (a misspelt key, a wrong type; red team 17, 106).
#[test]
fn a_japanese_policy_words_its_structural_faults_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    for body in ["organisation = \"x\"", "organization = 3"] {
        let p = dir.path().join("p.toml");
        fs::write(&p, format!("language = \"ja\"\n{body}\n")).unwrap();
        let o = run(isou_in(Env::C)
            .env("ISOU_POLICY", &p)
            .arg("verify")
            .arg(dir.path()));
        assert_eq!(o.status.code(), Some(2), "{body}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("isou: エラー: ポリシーファイル "),
            "{body}: {}",
            stderr(&o)
        );
    }
}
