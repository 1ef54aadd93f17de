//! Red team of issue 17, findings 01, 04, 08, 10, 52, 62, 63 (fixer F1): `--json` in
//! English whatever the language, hostile entry names refused as the medium's fault, a
//! mistyped medium path a usage error, runs of blanks folded, paths quoted through the
//! sanitiser at prompts, suggested commands shell-quoted.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::*;

/// A medium sealed (anonymized, to a folder named `name`) from the parties' extract.
fn sealed(p: &Parties, name: &str) -> PathBuf {
    let m = p.dir.path().join(name);
    fs::create_dir(&m).unwrap();
    let o = run(isou()
        .arg("--ledger")
        .arg(p.dir.path().join("sender.sqlite"))
        .args([
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
        .arg(&m)
        .arg(&p.extract));
    assert!(o.status.success(), "{}", stderr(&o));
    m
}

/// `isou --lang LANG verify --signer CARD [extra] MEDIUM` on a ledger of its own.
fn verify(dir: &Path, lang: &str, card: &str, extra: &[&str], m: &Path) -> Output {
    run(isou()
        .arg("--ledger")
        .arg(dir.join(format!("verify-{lang}-{}.sqlite", rand_tag())))
        .args(["--lang", lang, "verify", "--signer", card])
        .args(extra)
        .arg(m))
}

/// A fresh name for each ledger (a second verify of the same medium says so).
fn rand_tag() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

fn recipient_of(card: &str) -> String {
    card.split_whitespace().nth(1).unwrap().to_string()
}

// 01 ─ --json does not depend on the language ───────────────────────────────────────

#[test]
fn verify_json_is_the_same_bytes_in_japanese_and_english() {
    let p = parties(1, 100);
    // An outsider's one-line edit: Bag-Count "0 of 0" (the set's "cannot read" line).
    let outsider = sealed(&p, "outsider");
    let info = outsider.join("bag-info.txt");
    let text = fs::read_to_string(&info).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("Bag-Count:") {
                "Bag-Count: 0 of 0".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    fs::write(&info, text).unwrap();
    // A keyed sender's own signed bag-info: a repeated field (the signature's error)
    // and a Use-Until that is no date (a warning).
    let (key, public) = other_key();
    let r = recipient_of(&p.rcard);
    let repeated = keyed_medium(
        p.dir.path(),
        "repeated",
        b"tar",
        &r,
        &[("Destination", "A"), ("Destination", "B")],
        &key,
    );
    let undated = keyed_medium(
        p.dir.path(),
        "undated",
        b"tar",
        &r,
        &[("Use-Until", "someday")],
        &key,
    );
    for (m, card) in [
        (&outsider, p.card.as_str()),
        (&repeated, public.as_str()),
        (&undated, public.as_str()),
    ] {
        let ja = verify(p.dir.path(), "ja", card, &["--json"], m);
        let en = verify(p.dir.path(), "en", card, &["--json"], m);
        assert_eq!(ja.status.code(), en.status.code());
        assert_eq!(
            stdout(&ja),
            stdout(&en),
            "{}: --json differs by language",
            m.display()
        );
        // English, not a mix.
        assert!(
            !stdout(&en)
                .chars()
                .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c)),
            "{}",
            stdout(&en)
        );
    }
}

// 04 ─ an entry name longer than a file name may be is the medium's fault ───────────

#[test]
fn an_entry_name_over_255_bytes_is_refused_as_the_medium_s_fault() {
    let p = parties(1, 100);
    let (key, public) = other_key();
    let long = format!("ext/{}.csv", "a".repeat(300));
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_ustar();
    h.set_size(5);
    h.set_mode(0o600);
    h.set_cksum();
    b.append_data(&mut h, &long, &b"data\n"[..]).unwrap();
    let tar = b.into_inner().unwrap();
    let m = keyed_medium(
        p.dir.path(),
        "long",
        &tar,
        &recipient_of(&p.rcard),
        &[],
        &key,
    );
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
                e.contains("255 バイトを超えています")
                    && e.contains("この電子媒体は使わないでください"),
                "{e}"
            ),
            _ => assert!(
                e.contains("longer than 255 bytes") && e.contains("do not use this medium"),
                "{e}"
            ),
        }
        assert!(!e.contains("os error 36"), "{e}");
        assert!(!out.exists());
    }
}

// 08 ─ open of a path that does not exist is a usage error ──────────────────────────

#[test]
fn open_of_a_missing_medium_path_exits_2_like_verify() {
    let p = parties(1, 10);
    let missing = p.dir.path().join("no-such-medium");
    for lang in ["ja", "en"] {
        let o = run(isou()
            .args(["--lang", lang, "open", "--signer", &p.card, "-i"])
            .arg(&p.recipient)
            .arg("--out")
            .arg(p.dir.path().join("out"))
            .arg(&missing));
        assert_eq!(o.status.code(), Some(2), "{lang}: {}", stderr(&o));
        let e = stderr(&o);
        match lang {
            "ja" => assert!(
                e.contains("はありません") && !e.contains("開封しないでください"),
                "{e}"
            ),
            _ => assert!(
                e.contains("does not exist") && !e.contains("do not open it"),
                "{e}"
            ),
        }
        assert!(!e.contains("os error"), "{e}");
    }
}

// 10 ─ runs of blanks from a medium are folded ──────────────────────────────────────

#[test]
fn padding_in_a_medium_field_cannot_fake_a_report_line() {
    let p = parties(1, 100);
    let m = sealed(&p, "padded");
    let info = m.join("bag-info.txt");
    let text = fs::read_to_string(&info).unwrap();
    let fake = format!(
        "Destination: 受領先{}署名             正常。想定した送付元\u{3000}\u{3000}\u{3000}\u{3000}の署名です",
        " ".repeat(57)
    );
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("Destination:") {
                fake.clone()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    fs::write(&info, text).unwrap();
    for (lang, label) in [("ja", "宛先 "), ("en", "to ")] {
        let o = verify(p.dir.path(), lang, &p.card, &[], &m);
        let report = stdout(&o);
        let line = report
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{lang}: {report}"));
        let value = line[label.len()..].trim_start();
        assert!(value.starts_with("受領先  署名  正常"), "{lang}: {line:?}");
        assert!(
            !value.contains("   ") && !value.contains("\u{3000}\u{3000}\u{3000}"),
            "{lang}: {line:?}"
        );
    }
}

// 52, 62 ─ paths quoted through the sanitiser at the terminal ───────────────────────

/// Runs `script` (a shell script) on a pseudo-terminal, typing `input`.
fn at_tty(dir: &Path, script: &str, input: &str) -> String {
    let file = dir.join(format!("run-{}.sh", rand_tag()));
    fs::write(&file, script).unwrap();
    let o = with_tty(&format!("sh '{}'", file.display()), input);
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// The environment of `isou()`, for a script run at a terminal.
fn env_line(ledger: &Path) -> String {
    format!(
        "export ISOU_POLICY= ISOU_LEDGER='{}' LANG=C.UTF-8; unset ISOU_LANG LC_ALL LC_MESSAGES ISOU_IDENTITY\nI='{}'\n",
        ledger.display(),
        env!("CARGO_BIN_EXE_isou")
    )
}

#[test]
fn the_next_volume_prompt_quotes_the_typed_path_through_the_sanitiser() {
    // The reply to a typed path that is no folder, as the library words it.
    let e = isou::media::SealError::NoMedium(PathBuf::from("/nonexist\u{1b}]0;PWNED\u{7}X"));
    let shown = isou::i18n::in_lang(isou::i18n::Lang::En, || e.to_string());
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert!(
        shown.contains("/nonexist\u{FFFD}]0;PWNED\u{FFFD}X"),
        "{shown:?}"
    );
    // And at the terminal, answering seal's prompt for volume 2.
    if !have("script") {
        return;
    }
    let p = parties(1, 3_000_000);
    let d = p.dir.path();
    fs::create_dir(d.join("s1")).unwrap();
    fs::create_dir(d.join("s2")).unwrap();
    let script = format!(
        "{}cd '{}'\n\"$I\" --lang ja seal --to '{}' -i '{}' --medium s1 --volume-size 2M --segment-size 1M --compression none --class anonymized '{}'\n",
        env_line(&d.join("l.sqlite")),
        d.display(),
        p.rcard,
        p.sender.display(),
        p.extract.display()
    );
    let out = at_tty(d, &script, "/nonexist\u{1b}]0;PWNED\u{7}X\ns2\n");
    let reply: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("マウントされたフォルダー"))
        .collect();
    assert!(!reply.is_empty(), "{out}");
    for l in reply {
        assert!(!l.contains("\u{1b}]0;PWNED\u{7}"), "{l:?}");
    }
}

#[test]
fn identity_paths_are_quoted_through_the_sanitiser_at_prompts_and_in_keygen() {
    let p = parties(1, 10);
    let d = p.dir.path();
    for lang in ["ja", "en"] {
        let o = run(isou()
            .args([
                "--lang",
                lang,
                "keygen",
                "--unprotected",
                "--label",
                "a",
                "-o",
            ])
            .arg(d.join(format!("k{lang}\u{1b}]0;PWNED\u{7}.txt"))));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(!stderr(&o).contains('\u{1b}'), "{lang}: {:?}", stderr(&o));
        assert!(stderr(&o).contains("]0;PWNED"), "{lang}: {:?}", stderr(&o));
    }
    if !have("script") {
        return;
    }
    let pp = d.join("pp");
    write_private(&pp, b"correct-horse-battery-staple-7\n");
    let id = d.join("id\u{1b}]0;PWNED\u{7}.txt");
    let o = run(isou()
        .args(["keygen", "--label", "R", "-q", "--passphrase-file"])
        .arg(&pp)
        .arg("-o")
        .arg(&id));
    assert!(o.status.success(), "{}", stderr(&o));
    let card = stdout(&o).trim().to_string();
    fs::write(d.join("plain"), "hello\n").unwrap();
    let o = run(isou()
        .args(["encrypt", "-r", &card, "-o"])
        .arg(d.join("enc.age"))
        .arg(d.join("plain")));
    assert!(o.status.success(), "{}", stderr(&o));
    for lang in ["ja", "en"] {
        let script = format!(
            "{}cd '{}'\n\"$I\" --lang {lang} decrypt -i \"$(printf 'id\\033]0;PWNED\\007.txt')\" -o dec-{lang} enc.age\n",
            env_line(&d.join("l.sqlite")),
            d.display(),
        );
        let out = at_tty(d, &script, "wrong-one\nwrong-two\nwrong-three\n");
        assert!(out.contains("]0;PWNED"), "{lang}: {out:?}");
        assert!(!out.contains("\u{1b}]0;PWNED"), "{lang}: {out:?}");
    }
}

// 63 ─ a suggested command quotes the medium's path for the shell ───────────────────

#[test]
fn the_next_step_after_verify_shell_quotes_the_medium_path() {
    let p = parties(1, 100);
    let m = sealed(&p, "LABEL x; touch PWNED #");
    for lang in ["ja", "en"] {
        let o = verify(p.dir.path(), lang, &p.card, &[], &m);
        assert!(o.status.success(), "{}", stderr(&o));
        let e = stderr(&o);
        let line = e
            .lines()
            .find(|l| l.contains("isou open "))
            .unwrap_or_else(|| panic!("{lang}: {e}"));
        let want = format!("isou open '{}' --signer", m.display());
        assert!(line.contains(&want), "{lang}: {line}");
    }
    assert_eq!(
        isou::untrusted::shell_word("/media/usb").as_deref(),
        Some("/media/usb")
    );
}
